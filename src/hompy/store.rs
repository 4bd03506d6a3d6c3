//! MySQL access for homepages.

use super::model::HompySummary;
use sqlx::MySqlPool;

const SUMMARY: &str = "SELECT h.user_id, u.nickname, h.title, h.intro, h.minimi, u.created_at AS joined_at
     FROM homepages h JOIN users u ON u.id = h.user_id
     WHERE u.status = 'ACTIVE'";

pub async fn find(db: &MySqlPool, user_id: u64) -> Result<Option<HompySummary>, sqlx::Error> {
    sqlx::query_as(&format!("{SUMMARY} AND h.user_id = ?"))
        .bind(user_id)
        .fetch_optional(db)
        .await
}

pub async fn recent(db: &MySqlPool, limit: u32) -> Result<Vec<HompySummary>, sqlx::Error> {
    sqlx::query_as(&format!("{SUMMARY} ORDER BY h.updated_at DESC, h.user_id DESC LIMIT ?"))
        .bind(limit)
        .fetch_all(db)
        .await
}

/// A random public home other than `exclude`.
pub async fn random(db: &MySqlPool, exclude: Option<u64>) -> Result<Option<u64>, sqlx::Error> {
    let row: Option<(u64,)> = sqlx::query_as(&format!(
        "SELECT h.user_id FROM homepages h JOIN users u ON u.id = h.user_id
         WHERE u.status = 'ACTIVE' AND h.user_id <> ? ORDER BY RAND() LIMIT 1"
    ))
    .bind(exclude.unwrap_or(0))
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| r.0))
}
