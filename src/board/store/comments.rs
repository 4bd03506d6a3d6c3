//! Comments and replies, their 익명 numbers and 공감.

use super::super::model::ContentStatus;
use chrono::NaiveDateTime;
use sqlx::{MySqlConnection, MySqlPool};

#[derive(Debug, Clone)]
pub struct CommentRow {
    pub id: u64,
    pub post_id: u64,
    pub parent_id: Option<u64>,
    pub author_id: u64,
    pub anonymous: bool,
    pub anon_number: Option<u32>,
    pub body: String,
    pub status: ContentStatus,
    pub like_count: u32,
    pub created_at: NaiveDateTime,
    pub writer_nickname: String,
}

/// A post's comments, each top-level comment followed by its replies, oldest first.
pub async fn post_comments(db: &MySqlPool, post: u64) -> Result<Vec<CommentRow>, sqlx::Error> {
    sqlx::query_as!(
        CommentRow,
        r#"SELECT c.id, c.post_id, c.parent_id, c.author_id, c.anonymous AS "anonymous: bool", c.anon_number, c.body,
                  c.status AS "status: ContentStatus", c.like_count, c.created_at, u.nickname AS writer_nickname
           FROM board_comments c JOIN users u ON u.id = c.author_id
           WHERE c.post_id = ?
           ORDER BY COALESCE(c.parent_id, c.id), c.id"#,
        post
    )
    .fetch_all(db)
    .await
}

pub async fn comment_get(db: &MySqlPool, id: u64) -> Result<Option<CommentRow>, sqlx::Error> {
    sqlx::query_as!(
        CommentRow,
        r#"SELECT c.id, c.post_id, c.parent_id, c.author_id, c.anonymous AS "anonymous: bool", c.anon_number, c.body,
                  c.status AS "status: ContentStatus", c.like_count, c.created_at, u.nickname AS writer_nickname
           FROM board_comments c JOIN users u ON u.id = c.author_id
           WHERE c.id = ?"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// The comments of a post the member 공감ed.
pub async fn comment_likes_in_post(db: &MySqlPool, post: u64, user: u64) -> Result<Vec<u64>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT l.target_id FROM board_likes l JOIN board_comments c ON c.id = l.target_id
         WHERE l.target_kind = 'COMMENT' AND l.user_id = ? AND c.post_id = ?",
        user,
        post
    )
    .fetch_all(db)
    .await
}

/// The post row locked for numbering: its writer, anonymity, status and next number.
pub struct PostForComment {
    pub author_id: u64,
    pub anonymous: bool,
    pub status: ContentStatus,
    pub next_anon: u32,
}

pub async fn lock_post_for_comment(conn: &mut MySqlConnection, post: u64) -> Result<Option<PostForComment>, sqlx::Error> {
    sqlx::query_as!(
        PostForComment,
        r#"SELECT author_id, anonymous AS "anonymous: bool", status AS "status: ContentStatus", next_anon
           FROM board_posts WHERE id = ? FOR UPDATE"#,
        post
    )
    .fetch_optional(conn)
    .await
}

pub async fn anon_number_of(conn: &mut MySqlConnection, post: u64, user: u64) -> Result<Option<u32>, sqlx::Error> {
    sqlx::query_scalar!("SELECT number FROM board_anon_numbers WHERE post_id = ? AND user_id = ?", post, user).fetch_optional(conn).await
}

/// Records the member's number in the post; `from_counter` also moves the post's counter on.
pub async fn anon_number_take(
    conn: &mut MySqlConnection,
    post: u64,
    user: u64,
    number: u32,
    from_counter: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query!("INSERT INTO board_anon_numbers (post_id, user_id, number) VALUES (?, ?, ?)", post, user, number)
        .execute(&mut *conn)
        .await?;
    if from_counter {
        sqlx::query!("UPDATE board_posts SET next_anon = next_anon + 1 WHERE id = ?", post).execute(conn).await?;
    }
    Ok(())
}

pub struct NewComment<'a> {
    pub post_id: u64,
    pub parent_id: Option<u64>,
    pub author_id: u64,
    pub anonymous: bool,
    pub anon_number: Option<u32>,
    pub body: &'a str,
}

/// Inserts a comment and counts it on its post; answers its id and time.
pub async fn comment_insert(conn: &mut MySqlConnection, c: NewComment<'_>) -> Result<(u64, NaiveDateTime), sqlx::Error> {
    let id = sqlx::query!(
        "INSERT INTO board_comments (post_id, parent_id, author_id, anonymous, anon_number, body) VALUES (?, ?, ?, ?, ?, ?)",
        c.post_id,
        c.parent_id,
        c.author_id,
        c.anonymous,
        c.anon_number,
        c.body
    )
    .execute(&mut *conn)
    .await?
    .last_insert_id();
    sqlx::query!("UPDATE board_posts SET comment_count = comment_count + 1 WHERE id = ?", c.post_id).execute(&mut *conn).await?;
    let at = sqlx::query_scalar!("SELECT created_at FROM board_comments WHERE id = ?", id).fetch_one(conn).await?;
    Ok((id, at))
}

/// Marks a visible comment deleted and uncounts it; false when it was not visible.
pub async fn comment_set_deleted(conn: &mut MySqlConnection, id: u64, post: u64) -> Result<bool, sqlx::Error> {
    let n =
        sqlx::query!("UPDATE board_comments SET status = 'DELETED' WHERE id = ? AND status = 'VISIBLE'", id).execute(&mut *conn).await?;
    if n.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query!("UPDATE board_posts SET comment_count = IF(comment_count > 0, comment_count - 1, 0) WHERE id = ?", post)
        .execute(conn)
        .await?;
    Ok(true)
}

pub struct LockedComment {
    pub author_id: u64,
    pub status: ContentStatus,
}

pub async fn comment_lock(conn: &mut MySqlConnection, id: u64) -> Result<Option<LockedComment>, sqlx::Error> {
    sqlx::query_as!(LockedComment, r#"SELECT author_id, status AS "status: ContentStatus" FROM board_comments WHERE id = ? FOR UPDATE"#, id)
        .fetch_optional(conn)
        .await
}

/// Changes a comment's 공감 counter by one (never below 0) and answers the count.
pub async fn comment_likes_add(conn: &mut MySqlConnection, id: u64, up: Option<bool>) -> Result<u32, sqlx::Error> {
    match up {
        Some(true) => {
            sqlx::query!("UPDATE board_comments SET like_count = like_count + 1 WHERE id = ?", id).execute(&mut *conn).await?;
        }
        Some(false) => {
            sqlx::query!("UPDATE board_comments SET like_count = IF(like_count > 0, like_count - 1, 0) WHERE id = ?", id)
                .execute(&mut *conn)
                .await?;
        }
        None => {}
    }
    sqlx::query_scalar!("SELECT like_count FROM board_comments WHERE id = ?", id).fetch_one(conn).await
}

/// One of the member's comments with its post's title and status.
pub struct MyCommentRow {
    pub id: u64,
    pub post_id: u64,
    pub post_title: String,
    pub post_status: ContentStatus,
    pub body: String,
    pub anonymous: bool,
    pub status: ContentStatus,
    pub created_at: NaiveDateTime,
}

pub async fn my_comments_page(db: &MySqlPool, user: u64, offset: u32, limit: u32) -> Result<Vec<MyCommentRow>, sqlx::Error> {
    sqlx::query_as!(
        MyCommentRow,
        r#"SELECT c.id, c.post_id, p.title AS post_title, p.status AS "post_status: ContentStatus", c.body,
                  c.anonymous AS "anonymous: bool", c.status AS "status: ContentStatus", c.created_at
           FROM board_comments c JOIN board_posts p ON p.id = c.post_id
           WHERE c.author_id = ? AND c.status <> 'DELETED'
           ORDER BY c.id DESC LIMIT ? OFFSET ?"#,
        user,
        limit,
        offset
    )
    .fetch_all(db)
    .await
}

pub async fn my_comments_count(db: &MySqlPool, user: u64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!("SELECT COUNT(*) FROM board_comments WHERE author_id = ? AND status <> 'DELETED'", user).fetch_one(db).await
}
