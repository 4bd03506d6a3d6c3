//! A book's categories: add, rename, recolour, reorder, archive (entries keep them). There is
//! no deletion: an archived category keeps its entries and can be brought back.

use super::*;
use crate::error::FieldErrors;

fn category_not_found() -> AppError {
    AppError::not_found(ErrorCode::CategoryNotFound, "분류를 찾을 수 없습니다.")
}

/// The category an entry or a rule of `kind` may use in `book`: one of the book's, of that
/// kind, not archived (except `allow_archived_id`, the one an edited entry already has); else
/// a 400 on `categoryId` saying which.
pub(super) async fn check_category(
    state: &AppState,
    book: u64,
    category_id: u64,
    kind: EntryKind,
    allow_archived_id: Option<u64>,
) -> Result<Category, AppError> {
    let field = "categoryId";
    let Some(c) = store::category_in_book(&state.db, book, category_id).await? else {
        return Err(AppError::invalid_field(field, "이 가계부에 없는 분류입니다."));
    };
    if c.kind != kind {
        let message = match c.kind {
            EntryKind::Income => "수입 분류는 지출에 쓸 수 없습니다.",
            EntryKind::Expense => "지출 분류는 수입에 쓸 수 없습니다.",
        };
        return Err(AppError::invalid_field(field, message));
    }
    if c.archived && allow_archived_id != Some(c.id) {
        return Err(AppError::invalid_field(field, "보관된 분류입니다."));
    }
    Ok(c)
}

/// A colour of CATEGORY_COLORS (any case), written as the list writes it.
pub(super) fn check_color(errors: &mut FieldErrors, color: &str) -> String {
    let color = color.trim().to_ascii_lowercase();
    errors.check(CATEGORY_COLORS.contains(&color.as_str()), "color", "분류 색은 주어진 색 중에서 골라 주세요.");
    color
}

fn duplicate_name() -> AppError {
    AppError::invalid_field("name", "같은 이름의 분류가 있습니다.")
}

/// Whether a write failed on a unique key (two writers racing to the same name).
pub(super) fn is_duplicate(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

pub async fn list_categories(state: &AppState, me: &AuthUser, book: u64) -> Result<Vec<Category>, AppError> {
    let seat = seat(state, me, book).await?;
    Ok(store::categories_of(&state.db, seat.book.id).await?)
}

pub async fn create_category(state: &AppState, me: &AuthUser, book: u64, input: CategoryInput) -> Result<Category, AppError> {
    let seat = writer_seat(state, me, book).await?;
    let mut errors = FieldErrors::default();
    let name = errors.text("name", &input.name, 1, 20, "분류 이름");
    let color = check_color(&mut errors, &input.color);
    errors.finish()?;

    let mut tx = state.db.begin().await?;
    // The book's row lock makes two additions at once count each other.
    store::lock_book(&mut *tx, seat.book.id).await?;
    if store::category_count(&mut *tx, seat.book.id).await? >= MAX_CATEGORIES as i64 {
        return Err(AppError::conflict(
            ErrorCode::LedgerLimitReached,
            format!("분류는 한 가계부에 {MAX_CATEGORIES}개까지 만들 수 있습니다. 쓰지 않는 분류는 이름을 바꿔 다시 쓰세요."),
        ));
    }
    if store::category_by_name(&mut *tx, seat.book.id, input.kind, &name).await?.is_some() {
        return Err(duplicate_name());
    }
    let position = store::next_position(&mut *tx, seat.book.id, input.kind).await?;
    let id = match store::insert_category(&mut *tx, seat.book.id, input.kind, &name, &color, position).await {
        Ok(id) => id,
        Err(e) if is_duplicate(&e) => return Err(duplicate_name()),
        Err(e) => return Err(e.into()),
    };
    tx.commit().await?;
    Ok(Category { id, kind: input.kind, name, color, position, archived: false })
}

pub async fn update_category(
    state: &AppState,
    me: &AuthUser,
    book: u64,
    category: u64,
    patch: CategoryPatch,
) -> Result<Category, AppError> {
    let seat = writer_seat(state, me, book).await?;
    let cur = store::category_in_book(&state.db, seat.book.id, category).await?.ok_or_else(category_not_found)?;
    let mut errors = FieldErrors::default();
    let name = match &patch.name {
        Some(n) => errors.text("name", n, 1, 20, "분류 이름"),
        None => cur.name.clone(),
    };
    let color = match &patch.color {
        Some(c) => check_color(&mut errors, c),
        None => cur.color.clone(),
    };
    errors.finish()?;
    if name != cur.name {
        if let Some(other) = store::category_by_name(&state.db, seat.book.id, cur.kind, &name).await? {
            if other.id != cur.id {
                return Err(duplicate_name());
            }
        }
    }
    let position = patch.position.unwrap_or(cur.position);
    let archived = patch.archived.unwrap_or(cur.archived);
    match store::update_category(&state.db, cur.id, &name, &color, position, archived).await {
        Ok(()) => {}
        Err(e) if is_duplicate(&e) => return Err(duplicate_name()),
        Err(e) => return Err(e.into()),
    }
    Ok(Category { id: cur.id, kind: cur.kind, name, color, position, archived })
}
