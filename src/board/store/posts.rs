//! Posts, 공감 and scraps (pictures: `media.rs`). An anonymous writer's id is read here (the
//! service needs it to decide `mine` and the 글쓴이 marker) and never leaves `service`.

use super::super::model::ContentStatus;
use chrono::NaiveDateTime;
use sqlx::{MySqlConnection, MySqlPool};

/// A post with its writer's display data (used only when the post is named).
#[derive(Debug, Clone)]
pub struct PostRow {
    pub id: u64,
    pub board_id: u64,
    pub school_id: u64,
    pub author_id: u64,
    pub anonymous: bool,
    pub question: bool,
    pub title: String,
    pub body: String,
    pub status: ContentStatus,
    pub text_hidden: bool,
    pub like_count: u32,
    pub scrap_count: u32,
    pub comment_count: u32,
    pub view_count: u32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub writer_nickname: String,
    pub writer_minimi: Option<String>,
}

pub async fn post_get(db: &MySqlPool, id: u64) -> Result<Option<PostRow>, sqlx::Error> {
    sqlx::query_as!(
        PostRow,
        r#"SELECT p.id, p.board_id, p.school_id, p.author_id, p.anonymous AS "anonymous: bool",
                  p.question AS "question: bool", p.title, p.body, p.status AS "status: ContentStatus",
                  p.text_hidden AS "text_hidden: bool", p.like_count, p.scrap_count, p.comment_count,
                  p.view_count, p.created_at, p.updated_at, u.nickname AS writer_nickname,
                  h.minimi AS "writer_minimi?"
           FROM board_posts p JOIN users u ON u.id = p.author_id
           LEFT JOIN homepages h ON h.user_id = p.author_id
           WHERE p.id = ?"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// One line of a post list. `author_id` and `writer_nickname` stay on the server.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SummaryRow {
    pub id: u64,
    pub board_id: u64,
    pub board_name: String,
    pub title: String,
    pub excerpt: String,
    pub author_id: u64,
    pub writer_nickname: String,
    pub anonymous: bool,
    pub question: bool,
    pub status: ContentStatus,
    pub text_hidden: bool,
    pub like_count: u32,
    pub comment_count: u32,
    pub scrap_count: u32,
    pub view_count: u32,
    pub has_images: bool,
    pub created_at: NaiveDateTime,
}

/// A board's visible posts, newest first.
pub async fn board_page(db: &MySqlPool, board: u64, offset: u32, limit: u32) -> Result<Vec<SummaryRow>, sqlx::Error> {
    sqlx::query_as!(
        SummaryRow,
        r#"SELECT p.id, p.board_id, b.name AS board_name, p.title, LEFT(p.body, 200) AS "excerpt!", p.author_id,
                  u.nickname AS writer_nickname, p.anonymous AS "anonymous: bool", p.question AS "question: bool",
                  p.status AS "status: ContentStatus", p.text_hidden AS "text_hidden: bool", p.like_count,
                  p.comment_count, p.scrap_count, p.view_count,
                  EXISTS(SELECT 1 FROM board_media m WHERE m.post_id = p.id) AS "has_images!: bool", p.created_at
           FROM board_posts p JOIN boards b ON b.id = p.board_id JOIN users u ON u.id = p.author_id
           WHERE p.board_id = ? AND p.status = 'VISIBLE'
           ORDER BY p.id DESC LIMIT ? OFFSET ?"#,
        board,
        limit,
        offset
    )
    .fetch_all(db)
    .await
}

pub async fn board_count(db: &MySqlPool, board: u64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!("SELECT COUNT(*) FROM board_posts WHERE board_id = ? AND status = 'VISIBLE'", board).fetch_one(db).await
}

/// Where a search looks.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    Board(u64),
    School(u64),
}

fn push_search<'a>(q: &mut sqlx::QueryBuilder<'a, sqlx::MySql>, scope: Scope, words: &'a [String]) {
    match scope {
        Scope::Board(b) => q.push(" WHERE p.board_id = ").push_bind(b),
        Scope::School(s) => q.push(" WHERE p.school_id = ").push_bind(s),
    };
    q.push(" AND p.status = 'VISIBLE'");
    for w in words {
        q.push(" AND (p.title LIKE ").push_bind(w.as_str()).push(" OR p.body LIKE ").push_bind(w.as_str()).push(")");
    }
}

/// Visible posts whose title or text contains every word (`words` are LIKE patterns).
pub async fn search_page(
    db: &MySqlPool,
    scope: Scope,
    words: &[String],
    offset: u32,
    limit: u32,
) -> Result<(Vec<SummaryRow>, i64), sqlx::Error> {
    let mut q = sqlx::QueryBuilder::new(
        "SELECT p.id, p.board_id, b.name AS board_name, p.title, LEFT(p.body, 200) AS excerpt, p.author_id,
                u.nickname AS writer_nickname, p.anonymous, p.question, p.status, p.text_hidden, p.like_count,
                p.comment_count, p.scrap_count, p.view_count,
                EXISTS(SELECT 1 FROM board_media m WHERE m.post_id = p.id) AS has_images, p.created_at
         FROM board_posts p JOIN boards b ON b.id = p.board_id JOIN users u ON u.id = p.author_id",
    );
    push_search(&mut q, scope, words);
    q.push(" ORDER BY p.id DESC LIMIT ").push_bind(limit).push(" OFFSET ").push_bind(offset);
    let rows = q.build_query_as::<SummaryRow>().fetch_all(db).await?;
    let mut c = sqlx::QueryBuilder::new("SELECT COUNT(*) FROM board_posts p");
    push_search(&mut c, scope, words);
    let total: i64 = c.build_query_scalar().fetch_one(db).await?;
    Ok((rows, total))
}

/// The school's visible posts with at least `min_likes` 공감, newest first.
pub async fn hot_page(db: &MySqlPool, school: u64, min_likes: u32, offset: u32, limit: u32) -> Result<Vec<SummaryRow>, sqlx::Error> {
    sqlx::query_as!(
        SummaryRow,
        r#"SELECT p.id, p.board_id, b.name AS board_name, p.title, LEFT(p.body, 200) AS "excerpt!", p.author_id,
                  u.nickname AS writer_nickname, p.anonymous AS "anonymous: bool", p.question AS "question: bool",
                  p.status AS "status: ContentStatus", p.text_hidden AS "text_hidden: bool", p.like_count,
                  p.comment_count, p.scrap_count, p.view_count,
                  EXISTS(SELECT 1 FROM board_media m WHERE m.post_id = p.id) AS "has_images!: bool", p.created_at
           FROM board_posts p JOIN boards b ON b.id = p.board_id JOIN users u ON u.id = p.author_id
           WHERE p.school_id = ? AND p.like_count >= ? AND p.status = 'VISIBLE'
           ORDER BY p.id DESC LIMIT ? OFFSET ?"#,
        school,
        min_likes,
        limit,
        offset
    )
    .fetch_all(db)
    .await
}

pub async fn hot_count(db: &MySqlPool, school: u64, min_likes: u32) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT COUNT(*) FROM board_posts WHERE school_id = ? AND like_count >= ? AND status = 'VISIBLE'",
        school,
        min_likes
    )
    .fetch_one(db)
    .await
}

/// The school's visible posts that got the most 공감 since `since` (at least one).
pub async fn best(db: &MySqlPool, school: u64, since: NaiveDateTime, limit: u32) -> Result<Vec<SummaryRow>, sqlx::Error> {
    sqlx::query_as!(
        SummaryRow,
        r#"SELECT p.id, p.board_id, b.name AS board_name, p.title, LEFT(p.body, 200) AS "excerpt!", p.author_id,
                  u.nickname AS writer_nickname, p.anonymous AS "anonymous: bool", p.question AS "question: bool",
                  p.status AS "status: ContentStatus", p.text_hidden AS "text_hidden: bool", p.like_count,
                  p.comment_count, p.scrap_count, p.view_count,
                  EXISTS(SELECT 1 FROM board_media m WHERE m.post_id = p.id) AS "has_images!: bool", p.created_at
           FROM (SELECT target_id, COUNT(*) AS recent FROM board_likes
                 WHERE target_kind = 'POST' AND created_at >= ? GROUP BY target_id) r
           JOIN board_posts p ON p.id = r.target_id JOIN boards b ON b.id = p.board_id JOIN users u ON u.id = p.author_id
           WHERE p.school_id = ? AND p.status = 'VISIBLE'
           ORDER BY r.recent DESC, p.id DESC LIMIT ?"#,
        since,
        school,
        limit
    )
    .fetch_all(db)
    .await
}

/// The newest `per` visible posts of each board of the school still in use.
pub async fn newest_per_board(db: &MySqlPool, school: u64, per: u32) -> Result<Vec<SummaryRow>, sqlx::Error> {
    sqlx::query_as!(
        SummaryRow,
        r#"SELECT p.id AS "id!", p.board_id AS "board_id!", b.name AS board_name, p.title AS "title!",
                  LEFT(p.body, 200) AS "excerpt!", p.author_id AS "author_id!", u.nickname AS writer_nickname,
                  p.anonymous AS "anonymous!: bool", p.question AS "question!: bool",
                  p.status AS "status!: ContentStatus", p.text_hidden AS "text_hidden!: bool",
                  p.like_count AS "like_count!", p.comment_count AS "comment_count!", p.scrap_count AS "scrap_count!",
                  p.view_count AS "view_count!",
                  EXISTS(SELECT 1 FROM board_media m WHERE m.post_id = p.id) AS "has_images!: bool",
                  p.created_at AS "created_at!"
           FROM (SELECT bp.*, ROW_NUMBER() OVER (PARTITION BY bp.board_id ORDER BY bp.id DESC) AS rn
                 FROM board_posts bp WHERE bp.school_id = ? AND bp.status = 'VISIBLE') p
           JOIN boards b ON b.id = p.board_id JOIN users u ON u.id = p.author_id
           WHERE p.rn <= ? AND b.retired = FALSE
           ORDER BY p.board_id, p.id DESC"#,
        school,
        per
    )
    .fetch_all(db)
    .await
}

/// The member's own posts (not deleted), newest first.
pub async fn mine_page(db: &MySqlPool, user: u64, offset: u32, limit: u32) -> Result<Vec<SummaryRow>, sqlx::Error> {
    sqlx::query_as!(
        SummaryRow,
        r#"SELECT p.id, p.board_id, b.name AS board_name, p.title, LEFT(p.body, 200) AS "excerpt!", p.author_id,
                  u.nickname AS writer_nickname, p.anonymous AS "anonymous: bool", p.question AS "question: bool",
                  p.status AS "status: ContentStatus", p.text_hidden AS "text_hidden: bool", p.like_count,
                  p.comment_count, p.scrap_count, p.view_count,
                  EXISTS(SELECT 1 FROM board_media m WHERE m.post_id = p.id) AS "has_images!: bool", p.created_at
           FROM board_posts p JOIN boards b ON b.id = p.board_id JOIN users u ON u.id = p.author_id
           WHERE p.author_id = ? AND p.status <> 'DELETED'
           ORDER BY p.id DESC LIMIT ? OFFSET ?"#,
        user,
        limit,
        offset
    )
    .fetch_all(db)
    .await
}

pub async fn mine_count(db: &MySqlPool, user: u64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!("SELECT COUNT(*) FROM board_posts WHERE author_id = ? AND status <> 'DELETED'", user).fetch_one(db).await
}

/// Visible posts the member scrapped, the latest scrap first.
pub async fn scraps_page(db: &MySqlPool, user: u64, offset: u32, limit: u32) -> Result<Vec<SummaryRow>, sqlx::Error> {
    sqlx::query_as!(
        SummaryRow,
        r#"SELECT p.id, p.board_id, b.name AS board_name, p.title, LEFT(p.body, 200) AS "excerpt!", p.author_id,
                  u.nickname AS writer_nickname, p.anonymous AS "anonymous: bool", p.question AS "question: bool",
                  p.status AS "status: ContentStatus", p.text_hidden AS "text_hidden: bool", p.like_count,
                  p.comment_count, p.scrap_count, p.view_count,
                  EXISTS(SELECT 1 FROM board_media m WHERE m.post_id = p.id) AS "has_images!: bool", p.created_at
           FROM board_scraps s JOIN board_posts p ON p.id = s.post_id
           JOIN boards b ON b.id = p.board_id JOIN users u ON u.id = p.author_id
           WHERE s.user_id = ? AND p.status = 'VISIBLE'
           ORDER BY s.created_at DESC, p.id DESC LIMIT ? OFFSET ?"#,
        user,
        limit,
        offset
    )
    .fetch_all(db)
    .await
}

pub async fn scraps_count(db: &MySqlPool, user: u64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT COUNT(*) FROM board_scraps s JOIN board_posts p ON p.id = s.post_id WHERE s.user_id = ? AND p.status = 'VISIBLE'",
        user
    )
    .fetch_one(db)
    .await
}

pub async fn add_view(db: &MySqlPool, id: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE board_posts SET view_count = view_count + 1 WHERE id = ?", id).execute(db).await?;
    Ok(())
}

/// Whether the member 공감ed and scrapped the post.
pub async fn post_marks(db: &MySqlPool, post: u64, user: u64) -> Result<(bool, bool), sqlx::Error> {
    let r = sqlx::query!(
        r#"SELECT EXISTS(SELECT 1 FROM board_likes WHERE target_kind = 'POST' AND target_id = ? AND user_id = ?) AS "liked!: bool",
                  EXISTS(SELECT 1 FROM board_scraps WHERE post_id = ? AND user_id = ?) AS "scrapped!: bool""#,
        post,
        user,
        post,
        user
    )
    .fetch_one(db)
    .await?;
    Ok((r.liked, r.scrapped))
}

pub struct NewPost<'a> {
    pub board_id: u64,
    pub school_id: u64,
    pub author_id: u64,
    pub anonymous: bool,
    pub question: bool,
    pub title: &'a str,
    pub body: &'a str,
}

pub async fn post_insert(conn: &mut MySqlConnection, p: NewPost<'_>) -> Result<u64, sqlx::Error> {
    let r = sqlx::query!(
        "INSERT INTO board_posts (board_id, school_id, author_id, anonymous, question, title, body)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        p.board_id,
        p.school_id,
        p.author_id,
        p.anonymous,
        p.question,
        p.title,
        p.body
    )
    .execute(conn)
    .await?;
    Ok(r.last_insert_id())
}

pub async fn post_update_text(conn: &mut MySqlConnection, id: u64, title: &str, body: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE board_posts SET title = ?, body = ?, updated_at = CURRENT_TIMESTAMP(3) WHERE id = ?", title, body, id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn post_set_deleted(conn: &mut MySqlConnection, id: u64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!("UPDATE board_posts SET status = 'DELETED' WHERE id = ? AND status = 'VISIBLE'", id).execute(conn).await?;
    Ok(r.rows_affected() == 1)
}

/// A question's writer takes its text back: the text is gone from the row (so no search
/// finds it), the title and the answers stay.
pub async fn post_hide_text(conn: &mut MySqlConnection, id: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE board_posts SET text_hidden = TRUE, body = '' WHERE id = ?", id).execute(conn).await?;
    Ok(())
}

/// Comments on the post by others than its writer that are still there.
pub async fn others_comments(conn: &mut MySqlConnection, post: u64, author: u64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!("SELECT COUNT(*) FROM board_comments WHERE post_id = ? AND author_id <> ? AND status <> 'DELETED'", post, author)
        .fetch_one(conn)
        .await
}

/// Locks the post row for a counter change; its status and writer.
pub struct LockedPost {
    pub status: ContentStatus,
    pub author_id: u64,
    pub text_hidden: bool,
}

pub async fn post_lock(conn: &mut MySqlConnection, id: u64) -> Result<Option<LockedPost>, sqlx::Error> {
    sqlx::query_as!(LockedPost, r#"SELECT status AS "status: ContentStatus", author_id, text_hidden AS "text_hidden: bool" FROM board_posts WHERE id = ? FOR UPDATE"#, id)
        .fetch_optional(conn)
        .await
}

/// Adds a 공감 row (target_kind POST or COMMENT); true when it was new.
pub async fn like_insert(conn: &mut MySqlConnection, kind: &str, target: u64, user: u64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!("INSERT IGNORE INTO board_likes (target_kind, target_id, user_id) VALUES (?, ?, ?)", kind, target, user)
        .execute(conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn like_delete(conn: &mut MySqlConnection, kind: &str, target: u64, user: u64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!("DELETE FROM board_likes WHERE target_kind = ? AND target_id = ? AND user_id = ?", kind, target, user)
        .execute(conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Changes the post's 공감 counter by one (never below 0) and answers the count.
pub async fn post_likes_add(conn: &mut MySqlConnection, id: u64, up: Option<bool>) -> Result<u32, sqlx::Error> {
    match up {
        Some(true) => {
            sqlx::query!("UPDATE board_posts SET like_count = like_count + 1 WHERE id = ?", id).execute(&mut *conn).await?;
        }
        Some(false) => {
            sqlx::query!("UPDATE board_posts SET like_count = IF(like_count > 0, like_count - 1, 0) WHERE id = ?", id)
                .execute(&mut *conn)
                .await?;
        }
        None => {}
    }
    sqlx::query_scalar!("SELECT like_count FROM board_posts WHERE id = ?", id).fetch_one(conn).await
}

pub async fn scrap_insert(conn: &mut MySqlConnection, post: u64, user: u64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!("INSERT IGNORE INTO board_scraps (user_id, post_id) VALUES (?, ?)", user, post).execute(conn).await?;
    Ok(r.rows_affected() == 1)
}

pub async fn scrap_delete(conn: &mut MySqlConnection, post: u64, user: u64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!("DELETE FROM board_scraps WHERE user_id = ? AND post_id = ?", user, post).execute(conn).await?;
    Ok(r.rows_affected() == 1)
}

/// Changes the scrap counter by one (never below 0) and answers the count.
pub async fn post_scraps_add(conn: &mut MySqlConnection, id: u64, up: Option<bool>) -> Result<u32, sqlx::Error> {
    match up {
        Some(true) => {
            sqlx::query!("UPDATE board_posts SET scrap_count = scrap_count + 1 WHERE id = ?", id).execute(&mut *conn).await?;
        }
        Some(false) => {
            sqlx::query!("UPDATE board_posts SET scrap_count = IF(scrap_count > 0, scrap_count - 1, 0) WHERE id = ?", id)
                .execute(&mut *conn)
                .await?;
        }
        None => {}
    }
    sqlx::query_scalar!("SELECT scrap_count FROM board_posts WHERE id = ?", id).fetch_one(conn).await
}
