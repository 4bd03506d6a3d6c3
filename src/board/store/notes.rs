//! 쪽지: threads between the member who started them and a post's or comment's writer, their
//! notes, and each side's read / "deleted for me" marks and blocks.

use super::super::model::ContentStatus;
use sqlx::{MySql, MySqlPool, Transaction};

/// The post a note starts from, locked for the rest of the transaction (so two first notes
/// to the same place cannot both make a thread).
#[derive(Debug, Clone)]
pub struct NotePostRow {
    pub id: u64,
    pub school_id: u64,
    pub author_id: u64,
    pub anonymous: bool,
    pub status: ContentStatus,
}

pub async fn note_post_for_update(tx: &mut Transaction<'_, MySql>, post_id: u64) -> Result<Option<NotePostRow>, sqlx::Error> {
    sqlx::query_as!(
        NotePostRow,
        r#"SELECT id, school_id, author_id, anonymous AS "anonymous: bool", status AS "status: ContentStatus"
           FROM board_posts WHERE id = ? FOR UPDATE"#,
        post_id
    )
    .fetch_optional(&mut **tx)
    .await
}

/// The comment a note starts from.
#[derive(Debug, Clone)]
pub struct NoteCommentRow {
    pub post_id: u64,
    pub author_id: u64,
    pub anonymous: bool,
    pub status: ContentStatus,
}

pub async fn note_comment(tx: &mut Transaction<'_, MySql>, comment_id: u64) -> Result<Option<NoteCommentRow>, sqlx::Error> {
    sqlx::query_as!(
        NoteCommentRow,
        r#"SELECT post_id, author_id, anonymous AS "anonymous: bool", status AS "status: ContentStatus"
           FROM board_comments WHERE id = ?"#,
        comment_id
    )
    .fetch_optional(&mut **tx)
    .await
}

/// A thread as stored (both sides' ids: never sent to anyone as such).
#[derive(Debug, Clone)]
pub struct NoteThreadRow {
    pub id: u64,
    pub post_id: u64,
    pub starter_id: u64,
    pub writer_id: u64,
    pub anonymous: bool,
    pub starter_cleared: u64,
    pub writer_cleared: u64,
    pub blocked_by: Option<u64>,
    pub last_note_id: u64,
}

pub async fn note_thread_from(
    tx: &mut Transaction<'_, MySql>,
    starter: u64,
    post_id: u64,
    comment_id: Option<u64>,
) -> Result<Option<NoteThreadRow>, sqlx::Error> {
    sqlx::query_as!(
        NoteThreadRow,
        r#"SELECT id, post_id, starter_id, writer_id, anonymous AS "anonymous: bool", starter_cleared, writer_cleared, blocked_by, last_note_id
           FROM board_note_threads WHERE starter_id = ? AND post_id = ? AND comment_id <=> ? FOR UPDATE"#,
        starter,
        post_id,
        comment_id
    )
    .fetch_optional(&mut **tx)
    .await
}

pub async fn note_thread_row(db: &MySqlPool, thread_id: u64) -> Result<Option<NoteThreadRow>, sqlx::Error> {
    sqlx::query_as!(
        NoteThreadRow,
        r#"SELECT id, post_id, starter_id, writer_id, anonymous AS "anonymous: bool", starter_cleared, writer_cleared, blocked_by, last_note_id
           FROM board_note_threads WHERE id = ?"#,
        thread_id
    )
    .fetch_optional(db)
    .await
}

pub async fn note_thread_for_update(tx: &mut Transaction<'_, MySql>, thread_id: u64) -> Result<Option<NoteThreadRow>, sqlx::Error> {
    sqlx::query_as!(
        NoteThreadRow,
        r#"SELECT id, post_id, starter_id, writer_id, anonymous AS "anonymous: bool", starter_cleared, writer_cleared, blocked_by, last_note_id
           FROM board_note_threads WHERE id = ? FOR UPDATE"#,
        thread_id
    )
    .fetch_optional(&mut **tx)
    .await
}

pub struct NewNoteThread {
    pub post_id: u64,
    pub comment_id: Option<u64>,
    pub starter_id: u64,
    pub writer_id: u64,
    pub anonymous: bool,
}

pub async fn insert_note_thread(tx: &mut Transaction<'_, MySql>, t: &NewNoteThread) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "INSERT INTO board_note_threads (post_id, comment_id, starter_id, writer_id, anonymous) VALUES (?, ?, ?, ?, ?)",
        t.post_id,
        t.comment_id,
        t.starter_id,
        t.writer_id,
        t.anonymous
    )
    .execute(&mut **tx)
    .await?
    .last_insert_id())
}

/// Adds a note and moves the thread on: its newest note, and the sender has read it.
pub async fn insert_note(tx: &mut Transaction<'_, MySql>, thread_id: u64, sender: u64, body: &str) -> Result<u64, sqlx::Error> {
    let id = sqlx::query!("INSERT INTO board_notes (thread_id, sender_id, body) VALUES (?, ?, ?)", thread_id, sender, body)
        .execute(&mut **tx)
        .await?
        .last_insert_id();
    sqlx::query!(
        "UPDATE board_note_threads
         SET last_note_id = ?, updated_at = CURRENT_TIMESTAMP(3),
             starter_read = IF(starter_id = ?, ?, starter_read),
             writer_read = IF(writer_id = ?, ?, writer_read)
         WHERE id = ?",
        id,
        sender,
        id,
        sender,
        id,
        thread_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

#[derive(Debug, Clone)]
pub struct NoteRow {
    pub id: u64,
    pub sender_id: u64,
    pub body: String,
    pub hidden: bool,
    pub created_at: chrono::NaiveDateTime,
}

pub async fn note_row(db: &MySqlPool, note_id: u64) -> Result<Option<NoteRow>, sqlx::Error> {
    sqlx::query_as!(NoteRow, r#"SELECT id, sender_id, body, hidden AS "hidden: bool", created_at FROM board_notes WHERE id = ?"#, note_id)
        .fetch_optional(db)
        .await
}

/// The notes of a thread after `after` (a side's "deleted for me" mark), oldest first.
pub async fn notes_after(db: &MySqlPool, thread_id: u64, after: u64) -> Result<Vec<NoteRow>, sqlx::Error> {
    sqlx::query_as!(
        NoteRow,
        r#"SELECT id, sender_id, body, hidden AS "hidden: bool", created_at
           FROM board_notes WHERE thread_id = ? AND id > ? ORDER BY id LIMIT 500"#,
        thread_id,
        after
    )
    .fetch_all(db)
    .await
}

/// One line of a member's thread list, with what the service needs to show it (the
/// other side's nickname is used only for a named thread).
#[derive(Debug, Clone)]
pub struct NoteListRow {
    pub id: u64,
    pub post_id: u64,
    pub anonymous: bool,
    pub blocked_by: Option<u64>,
    pub updated_at: chrono::NaiveDateTime,
    pub other_nickname: String,
    pub post_title: String,
    pub post_status: ContentStatus,
    pub last_text: Option<String>,
    pub last_hidden: Option<bool>,
    pub unread: i64,
}

/// The member's threads on both sides, newest first, leaving out those they deleted until
/// a newer note arrives.
pub async fn note_threads_of(db: &MySqlPool, user: u64, limit: u32) -> Result<Vec<NoteListRow>, sqlx::Error> {
    sqlx::query_as!(
        NoteListRow,
        r#"SELECT t.id, t.post_id, t.anonymous AS "anonymous: bool", t.blocked_by, t.updated_at,
                  u.nickname AS other_nickname, p.title AS post_title, p.status AS "post_status: ContentStatus",
                  l.body AS "last_text?", l.hidden AS "last_hidden?: bool",
                  (SELECT COUNT(*) FROM board_notes n
                    WHERE n.thread_id = t.id AND n.sender_id <> ? AND n.hidden = FALSE
                      AND n.id > IF(t.starter_id = ?, GREATEST(t.starter_read, t.starter_cleared),
                                                      GREATEST(t.writer_read, t.writer_cleared))) AS "unread!: i64"
           FROM board_note_threads t
           JOIN users u ON u.id = IF(t.starter_id = ?, t.writer_id, t.starter_id)
           JOIN board_posts p ON p.id = t.post_id
           LEFT JOIN board_notes l ON l.id = t.last_note_id
           WHERE (t.starter_id = ? AND t.starter_cleared < t.last_note_id)
              OR (t.writer_id = ? AND t.writer_cleared < t.last_note_id)
           ORDER BY t.updated_at DESC, t.id DESC
           LIMIT ?"#,
        user,
        user,
        user,
        user,
        user,
        limit
    )
    .fetch_all(db)
    .await
}

/// What a thread's page shows about where it started and who the other side is.
#[derive(Debug, Clone)]
pub struct NoteHeadRow {
    pub other_nickname: String,
    pub post_title: String,
    pub post_status: ContentStatus,
    pub updated_at: chrono::NaiveDateTime,
    pub last_text: Option<String>,
    pub last_hidden: Option<bool>,
}

pub async fn note_head(db: &MySqlPool, thread_id: u64, other: u64) -> Result<Option<NoteHeadRow>, sqlx::Error> {
    sqlx::query_as!(
        NoteHeadRow,
        r#"SELECT u.nickname AS other_nickname, p.title AS post_title, p.status AS "post_status: ContentStatus",
                  t.updated_at, l.body AS "last_text?", l.hidden AS "last_hidden?: bool"
           FROM board_note_threads t
           JOIN users u ON u.id = ?
           JOIN board_posts p ON p.id = t.post_id
           LEFT JOIN board_notes l ON l.id = t.last_note_id
           WHERE t.id = ?"#,
        other,
        thread_id
    )
    .fetch_optional(db)
    .await
}

/// Marks the thread read up to its newest note for one side.
pub async fn mark_note_thread_read(db: &MySqlPool, thread_id: u64, user: u64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE board_note_threads
         SET starter_read = IF(starter_id = ?, last_note_id, starter_read),
             writer_read = IF(writer_id = ?, last_note_id, writer_read)
         WHERE id = ?",
        user,
        user,
        thread_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// "Delete for me": the side's cleared (and read) mark moves to the newest note.
pub async fn clear_note_thread(db: &MySqlPool, thread_id: u64, user: u64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE board_note_threads
         SET starter_cleared = IF(starter_id = ?, last_note_id, starter_cleared),
             starter_read = IF(starter_id = ?, last_note_id, starter_read),
             writer_cleared = IF(writer_id = ?, last_note_id, writer_cleared),
             writer_read = IF(writer_id = ?, last_note_id, writer_read)
         WHERE id = ?",
        user,
        user,
        user,
        user,
        thread_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Blocks the thread (the first side to block is kept).
pub async fn block_note_thread_row(db: &MySqlPool, thread_id: u64, user: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE board_note_threads SET blocked_by = COALESCE(blocked_by, ?) WHERE id = ?", user, thread_id).execute(db).await?;
    Ok(())
}

// The two halves of a member's community count, as SQL text, so the community page (both)
// and the top bar (their sum, in one statement with other areas' counts) ask the same thing.
macro_rules! unread_notes_sql {
    () => {
        "(SELECT COUNT(*) FROM board_note_threads t
             JOIN board_notes n ON n.thread_id = t.id AND n.id > GREATEST(t.starter_read, t.starter_cleared)
            WHERE t.starter_id = ? AND n.sender_id <> ? AND n.hidden = FALSE)
        + (SELECT COUNT(*) FROM board_note_threads t
             JOIN board_notes n ON n.thread_id = t.id AND n.id > GREATEST(t.writer_read, t.writer_cleared)
            WHERE t.writer_id = ? AND n.sender_id <> ? AND n.hidden = FALSE)"
    };
}
macro_rules! unread_notices_sql {
    () => {
        "(SELECT COUNT(*) FROM board_notices WHERE user_id = ? AND read_at IS NULL)"
    };
}

/// Unread notes over the member's threads plus unread notices (the top bar's count).
pub const UNREAD_TOTAL: crate::server::stores::MemberCount =
    crate::server::stores::MemberCount(concat!("SELECT ", unread_notes_sql!(), " + ", unread_notices_sql!()));

/// Unread notes over `user`'s threads, and unread notices, in one statement (the community page).
pub async fn unread_counts(db: &MySqlPool, user: u64) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(concat!("SELECT CAST(", unread_notes_sql!(), " AS SIGNED), CAST(", unread_notices_sql!(), " AS SIGNED)"))
        .bind(user)
        .bind(user)
        .bind(user)
        .bind(user)
        .bind(user)
        .fetch_one(db)
        .await
}

/// The post a comment is on.
pub async fn note_comment_post(db: &MySqlPool, comment_id: u64) -> Result<Option<u64>, sqlx::Error> {
    sqlx::query_scalar!("SELECT post_id FROM board_comments WHERE id = ?", comment_id).fetch_optional(db).await
}

/// The member has an 익명 number in the post (they commented there anonymously).
pub async fn has_anon_number(tx: &mut Transaction<'_, MySql>, post_id: u64, user: u64) -> Result<bool, sqlx::Error> {
    let n = sqlx::query_scalar!("SELECT COUNT(*) FROM board_anon_numbers WHERE post_id = ? AND user_id = ?", post_id, user)
        .fetch_one(&mut **tx)
        .await?;
    Ok(n > 0)
}

pub async fn make_thread_anonymous(tx: &mut Transaction<'_, MySql>, id: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE board_note_threads SET anonymous = TRUE WHERE id = ?", id).execute(&mut **tx).await?;
    Ok(())
}
