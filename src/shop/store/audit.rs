//! Identity checks and the staff's audit log.

use super::*;

pub struct IdentityRow {
    pub birth_date: chrono::NaiveDate,
}

pub async fn identity(db: &MySqlPool, user_id: u64) -> Result<Option<IdentityRow>, sqlx::Error> {
    sqlx::query_as!(IdentityRow, "SELECT birth_date FROM identity_checks WHERE user_id = ?", user_id).fetch_optional(db).await
}

pub async fn save_identity(db: &MySqlPool, user_id: u64, name: &str, birth: chrono::NaiveDate, phone: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO identity_checks (user_id, name, birth_date, phone) VALUES (?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE name = VALUES(name), birth_date = VALUES(birth_date), phone = VALUES(phone), verified_at = CURRENT_TIMESTAMP(3)",
        user_id,
        name,
        birth,
        phone
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn audit(db: &MySqlPool, actor: u64, action: &str, target: &str, detail: &str) -> Result<(), sqlx::Error> {
    let detail: String = detail.chars().take(300).collect();
    sqlx::query!("INSERT INTO shop_audit_log (actor_id, action, target, detail) VALUES (?, ?, ?, ?)", actor, action, target, detail)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn audit_log(db: &MySqlPool, limit: u32, offset: u32) -> Result<(Vec<AuditEntry>, i64), sqlx::Error> {
    let rows = sqlx::query_as!(
        AuditEntry,
        "SELECT a.id, u.nickname AS actor, a.action, a.target, a.detail, a.created_at
         FROM shop_audit_log a JOIN users u ON u.id = a.actor_id ORDER BY a.id DESC LIMIT ? OFFSET ?",
        limit,
        offset
    )
    .fetch_all(db)
    .await?;
    let total = sqlx::query_scalar!("SELECT COUNT(*) FROM shop_audit_log").fetch_one(db).await?;
    Ok((rows, total))
}
