//! Guestbook entries and the owner's replies.

use super::*;

pub struct GuestbookRow {
    pub id: u64,
    pub owner_id: u64,
    pub writer_id: u64,
    pub writer_nickname: String,
    pub writer_minimi: String,
    pub body: String,
    pub secret: bool,
    pub reply: Option<String>,
    pub created_at: chrono::NaiveDateTime,
}

/// Secret entries only for the owner (`viewer == owner`) and their writer.
pub async fn guestbook_page(
    db: &MySqlPool,
    owner: u64,
    viewer: Option<u64>,
    page: u32,
    size: u32,
) -> Result<(Vec<GuestbookRow>, i64), sqlx::Error> {
    let v = viewer.unwrap_or(0);
    let rows = sqlx::query_as!(
        GuestbookRow,
        r#"SELECT g.id, g.owner_id, g.writer_id, u.nickname AS writer_nickname,
                COALESCE(h.minimi, 'basic-girl') AS "writer_minimi!", g.body, g.secret AS "secret: bool", g.reply, g.created_at
         FROM guestbook_entries g JOIN users u ON u.id = g.writer_id LEFT JOIN homepages h ON h.user_id = g.writer_id
         WHERE g.owner_id = ? AND (g.secret = FALSE OR g.owner_id = ? OR g.writer_id = ?) ORDER BY g.id DESC LIMIT ? OFFSET ?"#,
        owner,
        v,
        v,
        size,
        u64::from(page) * u64::from(size)
    )
    .fetch_all(db)
    .await?;
    let total = sqlx::query_scalar!(
        "SELECT COUNT(*) FROM guestbook_entries g WHERE g.owner_id = ? AND (g.secret = FALSE OR g.owner_id = ? OR g.writer_id = ?)",
        owner,
        v,
        v
    )
    .fetch_one(db)
    .await?;
    Ok((rows, total))
}

pub async fn guestbook_get(db: &MySqlPool, id: u64) -> Result<Option<GuestbookRow>, sqlx::Error> {
    sqlx::query_as!(
        GuestbookRow,
        r#"SELECT g.id, g.owner_id, g.writer_id, u.nickname AS writer_nickname,
                COALESCE(h.minimi, 'basic-girl') AS "writer_minimi!", g.body, g.secret AS "secret: bool", g.reply, g.created_at
         FROM guestbook_entries g JOIN users u ON u.id = g.writer_id LEFT JOIN homepages h ON h.user_id = g.writer_id
         WHERE g.id = ?"#,
        id
    )
    .fetch_optional(db)
    .await
}

pub async fn guestbook_insert(db: &MySqlPool, owner: u64, writer: u64, body: &str, secret: bool) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!("INSERT INTO guestbook_entries (owner_id, writer_id, body, secret) VALUES (?, ?, ?, ?)", owner, writer, body, secret)
        .execute(db)
        .await?
        .last_insert_id())
}

pub async fn guestbook_update(db: &MySqlPool, id: u64, body: &str, secret: bool) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE guestbook_entries SET body = ?, secret = ? WHERE id = ?", body, secret, id).execute(db).await?;
    Ok(())
}

pub async fn guestbook_reply(db: &MySqlPool, id: u64, reply: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE guestbook_entries SET reply = ?, replied_at = IF(? IS NULL, NULL, CURRENT_TIMESTAMP(3)) WHERE id = ?",
        reply,
        reply,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn guestbook_delete(db: &MySqlPool, id: u64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query!("DELETE FROM likes WHERE target_type = 'GUESTBOOK' AND target_id = ?", id).execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM guestbook_entries WHERE id = ?", id).execute(&mut *tx).await?;
    tx.commit().await
}
