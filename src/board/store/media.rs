//! MySQL access of post pictures: uploaded, attached, reordered, removed, and who may see them.

use super::super::model::ContentStatus;
use sqlx::{MySqlConnection, MySqlPool};

#[derive(Debug, Clone)]
pub struct MediaRow {
    pub id: u64,
    pub file: String,
    pub thumb: String,
    pub width: u32,
    pub height: u32,
}

pub async fn post_media(db: &MySqlPool, post: u64) -> Result<Vec<MediaRow>, sqlx::Error> {
    sqlx::query_as!(MediaRow, "SELECT id, file, thumb, width, height FROM board_media WHERE post_id = ? ORDER BY position, id", post)
        .fetch_all(db)
        .await
}

pub async fn post_media_locked(conn: &mut MySqlConnection, post: u64) -> Result<Vec<MediaRow>, sqlx::Error> {
    sqlx::query_as!(
        MediaRow,
        "SELECT id, file, thumb, width, height FROM board_media WHERE post_id = ? ORDER BY position, id FOR UPDATE",
        post
    )
    .fetch_all(conn)
    .await
}

pub async fn media_insert(db: &MySqlPool, owner: u64, file: &str, thumb: &str, width: u32, height: u32) -> Result<u64, sqlx::Error> {
    let r = sqlx::query!(
        "INSERT INTO board_media (owner_id, file, thumb, width, height) VALUES (?, ?, ?, ?, ?)",
        owner,
        file,
        thumb,
        width,
        height
    )
    .execute(db)
    .await?;
    Ok(r.last_insert_id())
}

/// Attaches the owner's unattached picture to a post at `position`; false when it is not
/// theirs or already attached.
pub async fn media_attach(conn: &mut MySqlConnection, id: u64, owner: u64, post: u64, position: u8) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "UPDATE board_media SET post_id = ?, position = ? WHERE id = ? AND owner_id = ? AND post_id IS NULL",
        post,
        position,
        id,
        owner
    )
    .execute(conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn media_reorder(conn: &mut MySqlConnection, id: u64, post: u64, position: u8) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE board_media SET position = ? WHERE id = ? AND post_id = ?", position, id, post).execute(conn).await?;
    Ok(())
}

pub async fn media_delete(conn: &mut MySqlConnection, id: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM board_media WHERE id = ?", id).execute(conn).await?;
    Ok(())
}

/// Who may see a stored file: its uploader, and the school of its post once attached.
pub struct MediaAccess {
    pub owner_id: u64,
    pub post_id: Option<u64>,
    pub school_id: Option<u64>,
    pub status: Option<ContentStatus>,
}

pub async fn media_by_file(db: &MySqlPool, name: &str) -> Result<Option<MediaAccess>, sqlx::Error> {
    sqlx::query_as!(
        MediaAccess,
        r#"SELECT m.owner_id, m.post_id, p.school_id AS "school_id?", p.status AS "status?: ContentStatus"
           FROM board_media m LEFT JOIN board_posts p ON p.id = m.post_id
           WHERE m.file = ? OR m.thumb = ?"#,
        name,
        name
    )
    .fetch_optional(db)
    .await
}

/// Removes the owner's pictures never attached to a post within `hours`; their files.
pub async fn media_take_unattached(db: &MySqlPool, owner: u64, hours: i64) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT id, file, thumb FROM board_media WHERE owner_id = ? AND post_id IS NULL
         AND created_at < CURRENT_TIMESTAMP(3) - INTERVAL ? HOUR",
        owner,
        hours
    )
    .fetch_all(db)
    .await?;
    let mut files = vec![];
    for r in rows {
        let n = sqlx::query!("DELETE FROM board_media WHERE id = ? AND post_id IS NULL", r.id).execute(db).await?.rows_affected();
        if n == 1 {
            files.push(r.file);
            files.push(r.thumb);
        }
    }
    Ok(files)
}
