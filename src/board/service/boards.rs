//! Boards: listing (public), pins (members of the board's school), staff's changes, and the
//! one check every post and comment starts from (`board_for_reader`, `board_for_writer`).

use super::super::{model::*, store};
use super::{board_not_found, is_staff, may_write, reader_of, require_staff, Seat};
use crate::{
    account::auth::AuthUser,
    error::{AppError, ErrorCode, FieldErrors},
    server::{stores::like_contains, AppState},
};

/// The one builder of a `Board` from its row.
pub fn to_board(row: store::BoardRow, pinned: bool) -> Board {
    Board {
        id: row.id,
        category: row.category,
        name: row.name,
        description: row.description,
        school_id: row.school_id,
        anonymous_allowed: row.anonymous_allowed,
        questions_allowed: row.questions_allowed,
        retired: row.retired,
        created_at: row.created_at,
        updated_at: row.updated_at,
        pinned,
    }
}

/// The boards the member pinned (oldest pin first).
pub async fn pinned_board_ids(state: &AppState, user: u64) -> Result<Vec<u64>, AppError> {
    Ok(store::pinned_ids(&state.db, user).await?)
}

async fn board_row(state: &AppState, board_id: u64) -> Result<store::BoardRow, AppError> {
    store::board(&state.db, board_id).await?.ok_or_else(board_not_found)
}

/// A board the member may read: 404 BOARD_NOT_FOUND when there is none, 403 when the member
/// is not of its school. Staff may read any school's board: when they are not members of
/// it, the seat names the board's school and is good for reading only.
pub async fn board_for_reader(state: &AppState, me: &AuthUser, board_id: u64) -> Result<(Board, Seat), AppError> {
    let row = board_row(state, board_id).await?;
    let seat = match reader_of(state, me, row.school_id).await {
        Ok(seat) => seat,
        Err(_) if is_staff(me) => Seat { school_id: row.school_id, suspended_until: None },
        Err(e) => return Err(e),
    };
    let pinned = store::pinned_ids(&state.db, me.id()).await?.contains(&row.id);
    Ok((to_board(row, pinned), seat))
}

/// A board the member may write in now: a member of its school (staff too), not suspended,
/// and the board not retired (403 BOARD_RETIRED).
pub async fn board_for_writer(state: &AppState, me: &AuthUser, board_id: u64) -> Result<(Board, Seat), AppError> {
    let row = board_row(state, board_id).await?;
    let seat = reader_of(state, me, row.school_id).await?;
    may_write(&seat)?;
    if row.retired {
        return Err(AppError::new(403, ErrorCode::BoardRetired, "운영이 종료된 게시판에는 글을 쓸 수 없습니다."));
    }
    let pinned = store::pinned_ids(&state.db, me.id()).await?.contains(&row.id);
    Ok((to_board(row, pinned), seat))
}

/// One board as anyone may see it (that it exists is public).
pub async fn get_board(state: &AppState, viewer: Option<&AuthUser>, board_id: u64) -> Result<Board, AppError> {
    let row = board_row(state, board_id).await?;
    let pinned = match viewer {
        Some(me) => store::pinned_ids(&state.db, me.id()).await?.contains(&row.id),
        None => false,
    };
    Ok(to_board(row, pinned))
}

pub async fn list_boards(state: &AppState, viewer: Option<&AuthUser>, school_id: Option<u64>, name: &str) -> Result<Vec<Board>, AppError> {
    let name = name.trim();
    let like = (!name.is_empty()).then(|| like_contains(name));
    let rows = store::boards(&state.db, school_id, like.as_deref()).await?;
    let pins = match viewer {
        Some(me) => store::pinned_ids(&state.db, me.id()).await?,
        None => vec![],
    };
    Ok(rows
        .into_iter()
        .map(|r| {
            let pinned = pins.contains(&r.id);
            to_board(r, pinned)
        })
        .collect())
}

/// Pins (or unpins) a board of the member's own school; doing it twice changes nothing.
pub async fn pin_board(state: &AppState, me: &AuthUser, board_id: u64, on: bool) -> Result<(), AppError> {
    let row = board_row(state, board_id).await?;
    reader_of(state, me, row.school_id).await?;
    if on {
        store::pin(&state.db, me.id(), board_id).await?;
    } else {
        store::unpin(&state.db, me.id(), board_id).await?;
    }
    Ok(())
}

fn duplicate_name() -> AppError {
    AppError::conflict(ErrorCode::BadRequest, "이 학교에 같은 이름의 게시판이 이미 있습니다.")
}

fn is_duplicate(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Staff: adds a board (id None) or changes one; retiring keeps its posts, read-only.
pub async fn save_board(state: &AppState, me: &AuthUser, id: Option<u64>, input: &BoardInput) -> Result<Board, AppError> {
    require_staff(me)?;
    let before = match id {
        Some(id) => Some(board_row(state, id).await?),
        None => None,
    };
    write_board(state, me, before, input).await
}

/// What the Everytime API changes on a board that is there.
pub enum LiveBoardChange {
    Rename { category: BoardCategory, name: String },
    Retire,
}

/// Staff: renames or retires a board that is not retired (a retired one is not found, as
/// after the Everytime document's DELETE); the rest of the board stays.
pub async fn change_live_board(state: &AppState, me: &AuthUser, id: u64, change: LiveBoardChange) -> Result<Board, AppError> {
    require_staff(me)?;
    let row = board_row(state, id).await?;
    if row.retired {
        return Err(board_not_found());
    }
    let mut input = BoardInput {
        school_id: row.school_id,
        category: row.category,
        name: row.name.clone(),
        description: row.description.clone(),
        anonymous_allowed: row.anonymous_allowed,
        questions_allowed: row.questions_allowed,
        retired: false,
    };
    match change {
        LiveBoardChange::Rename { category, name } => (input.category, input.name) = (category, name),
        LiveBoardChange::Retire => input.retired = true,
    }
    write_board(state, me, Some(row), &input).await
}

async fn write_board(state: &AppState, me: &AuthUser, before: Option<store::BoardRow>, input: &BoardInput) -> Result<Board, AppError> {
    let mut errors = FieldErrors::default();
    let name = errors.text("name", &input.name, 1, 40, "게시판 이름");
    let description = errors.text("description", &input.description, 0, 200, "게시판 설명");
    errors.finish()?;

    let school_id = match &before {
        Some(before) => before.school_id,
        None => {
            if !store::school_exists(&state.db, input.school_id).await? {
                return Err(AppError::not_found(ErrorCode::SchoolNotFound, "학교를 찾을 수 없습니다."));
            }
            input.school_id
        }
    };
    let fields = store::BoardFields {
        school_id,
        category: input.category,
        name: &name,
        description: &description,
        anonymous_allowed: input.anonymous_allowed,
        questions_allowed: input.questions_allowed,
        retired: input.retired,
    };
    let (board_id, action) = match &before {
        None => {
            let new_id =
                store::insert_board(&state.db, &fields).await.map_err(|e| if is_duplicate(&e) { duplicate_name() } else { e.into() })?;
            (new_id, "board.create")
        }
        Some(b) => {
            store::update_board(&state.db, b.id, &fields).await.map_err(|e| if is_duplicate(&e) { duplicate_name() } else { e.into() })?;
            let action = if input.retired && !b.retired { "board.retire" } else { "board.update" };
            (b.id, action)
        }
    };
    let detail: String = format!("{} ({})", name, input.category.as_str()).chars().take(300).collect();
    store::log_staff_action(&state.db, me.id(), action, "BOARD", board_id, None, &detail).await?;
    let row = board_row(state, board_id).await?;
    let pinned = store::pinned_ids(&state.db, me.id()).await?.contains(&board_id);
    Ok(to_board(row, pinned))
}
