//! 쪽지: notes from a member to the writer of a post or comment. A thread started from
//! anonymous content stays anonymous on both sides: neither side's id or nickname is in any
//! thread, note or event (docs/design/board-anonymity.md). Each side has its own read and
//! "deleted for me" marks; a block by either side stops the thread for both.

use super::super::{model::*, store};
use super::{count_write, may_write, seat};
use crate::{
    account::auth::AuthUser,
    error::{AppError, ErrorCode, FieldErrors},
    server::{hub, AppState},
};

/// How the other side is named in an anonymous thread (for both sides).
const ANONYMOUS: &str = "익명";
const HIDDEN_NOTE: &str = "운영 정책에 따라 가려진 쪽지입니다.";
/// The most threads the list shows.
const THREAD_LIST_LIMIT: u32 = 100;

fn thread_not_found() -> AppError {
    AppError::not_found(ErrorCode::NoteThreadNotFound, "쪽지를 찾을 수 없습니다.")
}

fn blocked() -> AppError {
    AppError::new(403, ErrorCode::Blocked, "차단된 쪽지입니다. 더 이상 쪽지를 보낼 수 없습니다.")
}

fn content_gone() -> AppError {
    AppError::conflict(ErrorCode::ContentGone, "삭제되었거나 가려진 글에는 쪽지를 보낼 수 없습니다.")
}

/// The title a thread shows for the post it started from.
pub(super) fn shown_post_title(status: ContentStatus, title: &str) -> String {
    match status {
        ContentStatus::Visible => title.to_owned(),
        ContentStatus::Deleted => "삭제된 글입니다".to_owned(),
        ContentStatus::Hidden => "운영 정책에 따라 가려진 글입니다".to_owned(),
        ContentStatus::Held => "신고가 많아 검토 중인 글입니다".to_owned(),
    }
}

fn shown_text(text: Option<String>, hidden: Option<bool>) -> String {
    match (text, hidden) {
        (_, Some(true)) => HIDDEN_NOTE.to_owned(),
        (Some(t), _) => t,
        (None, _) => String::new(),
    }
}

fn check_body(body: &str) -> Result<String, AppError> {
    let mut f = FieldErrors::default();
    let body = f.text("body", body, 1, 1000, "쪽지");
    f.finish()?;
    Ok(body)
}

/// The member's side of a thread: their "deleted for me" mark and the other side's id.
struct Side {
    cleared: u64,
    other: u64,
}

fn side_of(t: &store::NoteThreadRow, me: u64) -> Option<Side> {
    if t.starter_id == me {
        Some(Side { cleared: t.starter_cleared, other: t.writer_id })
    } else if t.writer_id == me {
        Some(Side { cleared: t.writer_cleared, other: t.starter_id })
    } else {
        None
    }
}

fn receiver_of(t: &store::NoteThreadRow, sender: u64) -> u64 {
    if t.starter_id == sender {
        t.writer_id
    } else {
        t.starter_id
    }
}

/// Tells the receiver about a new note (best effort: a failure is logged, the note stays sent).
async fn announce(state: &AppState, receiver: u64, thread_id: u64) {
    let unread_total = match unread_for(state, receiver).await {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e.message, "board.note: counting the receiver's unread failed");
            0
        }
    };
    let event = NoteEvent { kind: "board.note".into(), thread_id, unread_total };
    if let Err(e) = hub::publish(&state.redis, receiver, &event).await {
        tracing::warn!(error = %e.message, thread_id, "board.note: publishing the hub event failed");
    }
}

/// Sends a note to the writer of a post (`comment_id` None) or of one of its comments, in
/// the thread the member already has from there, or a new one. Answers the thread's id.
pub async fn start_note(state: &AppState, me: &AuthUser, post_id: u64, comment_id: Option<u64>, body: &str) -> Result<u64, AppError> {
    let seat = seat(state, me).await?;
    may_write(&seat)?;
    let body = check_body(body)?;
    me.require_verified_email(state).await?;
    count_write(state, "board-note", me.id(), 30, 600).await?;

    // READ COMMITTED: the lookup of the member's thread below must not gap-lock the
    // threads' unique key (two members' first notes to different posts deadlocked there).
    let mut conn = crate::server::stores::read_committed(&state.db).await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    // Locking the post serialises first notes to the same place (comment_id NULL does not
    // take part in the unique key).
    let post = store::note_post_for_update(&mut tx, post_id).await?.ok_or_else(super::post_not_found)?;
    if post.school_id != seat.school_id {
        return Err(AppError::new(403, ErrorCode::NotSchoolMember, "우리 학교 게시판의 글쓴이에게만 쪽지를 보낼 수 있습니다."));
    }
    let (writer, anonymous, status) = match comment_id {
        None => (post.author_id, post.anonymous, post.status),
        Some(cid) => {
            let c = store::note_comment(&mut tx, cid)
                .await?
                .filter(|c| c.post_id == post.id)
                .ok_or_else(|| AppError::not_found(ErrorCode::CommentNotFound, "댓글을 찾을 수 없습니다."))?;
            if matches!(post.status, ContentStatus::Hidden | ContentStatus::Held) {
                return Err(content_gone());
            }
            (c.author_id, c.anonymous, c.status)
        }
    };
    if status != ContentStatus::Visible {
        return Err(content_gone());
    }
    if writer == me.id() {
        return Err(AppError::bad_request(ErrorCode::NoteSelf, "내가 쓴 글에는 쪽지를 보낼 수 없습니다."));
    }
    // A starter who wrote anonymously in this post (the post itself, or an 익명 comment)
    // must not be named next to it either: the thread is then anonymous for both sides.
    let starter_anonymous = (post.anonymous && post.author_id == me.id()) || store::has_anon_number(&mut tx, post.id, me.id()).await?;
    let anonymous = anonymous || starter_anonymous;
    // The site-wide block list stops named threads only: refusing an anonymous one would
    // tell the sender who wrote (docs/design/blocking.md). Those have their own block.
    if !anonymous {
        crate::account::blocks::refuse_if_blocked(state, me.id(), writer).await?;
    }
    let thread_id = match store::note_thread_from(&mut tx, me.id(), post.id, comment_id).await? {
        Some(t) if t.blocked_by.is_some() => return Err(blocked()),
        Some(t) => {
            if anonymous {
                store::make_thread_anonymous(&mut tx, t.id).await?;
            }
            t.id
        }
        None => {
            let new = store::NewNoteThread { post_id: post.id, comment_id, starter_id: me.id(), writer_id: writer, anonymous };
            store::insert_note_thread(&mut tx, &new).await?
        }
    };
    store::insert_note(&mut tx, thread_id, me.id(), &body).await?;
    tx.commit().await?;
    announce(state, writer, thread_id).await;
    Ok(thread_id)
}

/// Sends a note to a comment's writer (the REST form, which names only the comment).
pub async fn start_note_from_comment(state: &AppState, me: &AuthUser, comment_id: u64, body: &str) -> Result<u64, AppError> {
    let post_id = store::note_comment_post(&state.db, comment_id)
        .await?
        .ok_or_else(|| AppError::not_found(ErrorCode::CommentNotFound, "댓글을 찾을 수 없습니다."))?;
    start_note(state, me, post_id, Some(comment_id), body).await
}

fn to_thread(me: u64, row: store::NoteListRow) -> NoteThread {
    NoteThread {
        id: row.id,
        other: if row.anonymous { ANONYMOUS.to_owned() } else { row.other_nickname },
        anonymous: row.anonymous,
        post_id: row.post_id,
        post_title: shown_post_title(row.post_status, &row.post_title),
        last_text: shown_text(row.last_text, row.last_hidden),
        unread: row.unread.max(0) as u32,
        blocked: row.blocked_by.is_some(),
        blocked_by_me: row.blocked_by == Some(me),
        updated_at: row.updated_at,
    }
}

/// The member's threads (started by them or sent to them), newest first. A thread they
/// deleted comes back only when a newer note arrives.
pub async fn note_threads(state: &AppState, me: &AuthUser) -> Result<Vec<NoteThread>, AppError> {
    let rows = store::note_threads_of(&state.db, me.id(), THREAD_LIST_LIMIT).await?;
    Ok(rows.into_iter().map(|r| to_thread(me.id(), r)).collect())
}

/// A thread's notes after the member's "deleted for me" mark; marks them read.
pub async fn note_thread(state: &AppState, me: &AuthUser, thread_id: u64) -> Result<NoteThreadView, AppError> {
    let t = store::note_thread_row(&state.db, thread_id).await?.ok_or_else(thread_not_found)?;
    let side = side_of(&t, me.id()).ok_or_else(thread_not_found)?;
    let head = store::note_head(&state.db, t.id, side.other).await?.ok_or_else(thread_not_found)?;
    let notes = store::notes_after(&state.db, t.id, side.cleared).await?;
    store::mark_note_thread_read(&state.db, t.id, me.id()).await?;
    let thread = NoteThread {
        id: t.id,
        other: if t.anonymous { ANONYMOUS.to_owned() } else { head.other_nickname },
        anonymous: t.anonymous,
        post_id: t.post_id,
        post_title: shown_post_title(head.post_status, &head.post_title),
        last_text: if t.last_note_id > side.cleared { shown_text(head.last_text, head.last_hidden) } else { String::new() },
        unread: 0,
        blocked: t.blocked_by.is_some(),
        blocked_by_me: t.blocked_by == Some(me.id()),
        updated_at: head.updated_at,
    };
    let notes = notes
        .into_iter()
        .map(|n| Note {
            id: n.id,
            mine: n.sender_id == me.id(),
            body: if n.hidden { HIDDEN_NOTE.to_owned() } else { n.body },
            created_at: n.created_at,
        })
        .collect();
    Ok(NoteThreadView { thread, notes })
}

/// Answers in a thread (either side), unless it is blocked.
pub async fn reply_note(state: &AppState, me: &AuthUser, thread_id: u64, body: &str) -> Result<Note, AppError> {
    let seat = seat(state, me).await?;
    may_write(&seat)?;
    let body = check_body(body)?;
    let mut tx = state.db.begin().await?;
    let t = store::note_thread_for_update(&mut tx, thread_id).await?.ok_or_else(thread_not_found)?;
    side_of(&t, me.id()).ok_or_else(thread_not_found)?;
    if t.blocked_by.is_some() {
        return Err(blocked());
    }
    if !t.anonymous {
        crate::account::blocks::refuse_if_blocked(state, me.id(), receiver_of(&t, me.id())).await?;
    }
    me.require_verified_email(state).await?;
    count_write(state, "board-note", me.id(), 30, 600).await?;
    let id = store::insert_note(&mut tx, t.id, me.id(), &body).await?;
    tx.commit().await?;
    announce(state, receiver_of(&t, me.id()), t.id).await;
    let n = store::note_row(&state.db, id).await?.ok_or_else(AppError::internal)?;
    Ok(Note { id: n.id, mine: true, body: n.body, created_at: n.created_at })
}

/// Deletes the thread for the member only: its notes so far disappear for them.
pub async fn delete_note_thread(state: &AppState, me: &AuthUser, thread_id: u64) -> Result<(), AppError> {
    let t = store::note_thread_row(&state.db, thread_id).await?.ok_or_else(thread_not_found)?;
    side_of(&t, me.id()).ok_or_else(thread_not_found)?;
    store::clear_note_thread(&state.db, t.id, me.id()).await?;
    Ok(())
}

/// Blocks the thread: no side may send in it any more.
pub async fn block_note_thread(state: &AppState, me: &AuthUser, thread_id: u64) -> Result<(), AppError> {
    let t = store::note_thread_row(&state.db, thread_id).await?.ok_or_else(thread_not_found)?;
    side_of(&t, me.id()).ok_or_else(thread_not_found)?;
    store::block_note_thread_row(&state.db, t.id, me.id()).await?;
    Ok(())
}

/// Unread notes and unread notices of a member.
pub async fn unread_counts(state: &AppState, user: u64) -> Result<(u32, u32), AppError> {
    let (notes, notices) = store::unread_counts(&state.db, user).await?;
    Ok((notes.max(0) as u32, notices.max(0) as u32))
}

async fn unread_for(state: &AppState, user: u64) -> Result<u32, AppError> {
    let (notes, notices) = unread_counts(state, user).await?;
    Ok(notes + notices)
}

/// The top bar's count: unread notes over my threads and unread notices.
pub async fn unread_total(state: &AppState, me: &AuthUser) -> Result<u32, AppError> {
    unread_for(state, me.id()).await
}
