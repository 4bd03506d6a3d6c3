//! Packages and card payments with their events.

use super::*;

pub async fn packages(db: &MySqlPool, include_retired: bool) -> Result<Vec<Package>, sqlx::Error> {
    sqlx::query_as!(
        Package,
        r#"SELECT id, dotori, price_won, on_sale AS "on_sale: bool" FROM shop_packages WHERE on_sale OR ? ORDER BY dotori"#,
        include_retired
    )
    .fetch_all(db)
    .await
}

pub async fn package(db: &MySqlPool, id: u64) -> Result<Option<Package>, sqlx::Error> {
    sqlx::query_as!(Package, r#"SELECT id, dotori, price_won, on_sale AS "on_sale: bool" FROM shop_packages WHERE id = ?"#, id)
        .fetch_optional(db)
        .await
}

/// Adds a package or changes the price and sale of the one with that many 도토리.
pub async fn upsert_package(db: &MySqlPool, dotori: u32, price_won: u32, on_sale: bool) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO shop_packages (dotori, price_won, on_sale) VALUES (?, ?, ?)
         ON DUPLICATE KEY UPDATE price_won = VALUES(price_won), on_sale = VALUES(on_sale)",
        dotori,
        price_won,
        on_sale
    )
    .execute(db)
    .await?;
    Ok(())
}

pub struct PaymentRow {
    pub id: u64,
    pub order_id: String,
    pub user_id: u64,
    pub dotori: u32,
    pub amount_won: u32,
    pub gateway: GatewayKind,
    pub status: PaymentStatus,
    pub tid: Option<String>,
    pub failure: Option<String>,
    pub created_at: chrono::NaiveDateTime,
}

impl PaymentRow {
    pub fn public(&self) -> Payment {
        Payment {
            order_id: self.order_id.clone(),
            dotori: self.dotori,
            amount_won: self.amount_won,
            gateway: self.gateway,
            status: self.status,
            failure: self.failure.clone(),
            created_at: self.created_at,
            user_id: self.user_id,
        }
    }
}

pub async fn insert_payment(db: &MySqlPool, order_id: &str, user_id: u64, p: &Package, gateway: GatewayKind) -> Result<u64, sqlx::Error> {
    let r = sqlx::query!(
        "INSERT INTO shop_payments (order_id, user_id, package_id, dotori, amount_won, gateway) VALUES (?, ?, ?, ?, ?, ?)",
        order_id,
        user_id,
        p.id,
        p.dotori,
        p.price_won,
        gateway
    )
    .execute(db)
    .await?;
    Ok(r.last_insert_id())
}

pub async fn payment(db: &MySqlPool, order_id: &str) -> Result<Option<PaymentRow>, sqlx::Error> {
    sqlx::query_as!(
        PaymentRow,
        r#"SELECT id, order_id, user_id, dotori, amount_won, gateway AS "gateway: GatewayKind", status AS "status: PaymentStatus",
                  tid, failure, created_at
           FROM shop_payments WHERE order_id = ?"#,
        order_id
    )
    .fetch_optional(db)
    .await
}

pub async fn payments(db: &MySqlPool, user_id: Option<u64>, limit: u32, offset: u32) -> Result<(Vec<Payment>, i64), sqlx::Error> {
    let rows = sqlx::query_as!(
        PaymentRow,
        r#"SELECT id, order_id, user_id, dotori, amount_won, gateway AS "gateway: GatewayKind", status AS "status: PaymentStatus",
                  tid, failure, created_at
           FROM shop_payments WHERE (? IS NULL OR user_id = ?) AND status <> 'PENDING' ORDER BY id DESC LIMIT ? OFFSET ?"#,
        user_id,
        user_id,
        limit,
        offset
    )
    .fetch_all(db)
    .await?;
    let total = sqlx::query_scalar!(
        "SELECT COUNT(*) FROM shop_payments WHERE (? IS NULL OR user_id = ?) AND status <> 'PENDING'",
        user_id,
        user_id
    )
    .fetch_one(db)
    .await?;
    Ok((rows.iter().map(PaymentRow::public).collect(), total))
}

/// Takes the payment for approval with the gateway's transaction id: only one caller wins
/// (a replayed return URL or a racing second approval finds it taken).
pub async fn claim_for_approval(db: &MySqlPool, id: u64, tid: &str) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!("UPDATE shop_payments SET status = 'APPROVING', tid = ? WHERE id = ? AND status = 'PENDING'", tid, id)
        .execute(db)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Takes an approval whose outcome is unknown for asking the gateway again.
pub async fn claim_for_reconcile(db: &MySqlPool, id: u64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "UPDATE shop_payments SET status = 'APPROVING', updated_at = NOW(3)
         WHERE id = ? AND (status = 'UNKNOWN' OR (status = 'APPROVING' AND updated_at < NOW(3) - INTERVAL 2 MINUTE))",
        id
    )
    .execute(db)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// A window closed before any approval: only a PENDING payment may become CANCELLED.
pub async fn cancel_pending(db: &MySqlPool, id: u64, failure: &str) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!("UPDATE shop_payments SET status = 'CANCELLED', failure = ? WHERE id = ? AND status = 'PENDING'", failure, id)
        .execute(db)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Moves a payment out of APPROVING (the caller holds the claim).
pub async fn settle(db: &MySqlPool, id: u64, status: PaymentStatus, failure: Option<&str>) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!("UPDATE shop_payments SET status = ?, failure = ? WHERE id = ? AND status = 'APPROVING'", status, failure, id)
        .execute(db)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// → APPROVED inside the transaction that credits the 도토리: from APPROVING, or from
/// UNKNOWN or DECLINED when the gateway turns out to have charged after all (a slow
/// approval answering after a reconcile that found nothing yet).
pub async fn mark_approved(conn: &mut MySqlConnection, id: u64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "UPDATE shop_payments SET status = 'APPROVED', failure = NULL WHERE id = ? AND status IN ('APPROVING', 'UNKNOWN', 'DECLINED')",
        id
    )
    .execute(conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn mark_refunded(conn: &mut MySqlConnection, id: u64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!("UPDATE shop_payments SET status = 'REFUNDED' WHERE id = ? AND status = 'APPROVED'", id).execute(conn).await?;
    Ok(r.rows_affected() == 1)
}

pub async fn payment_event(db: &MySqlPool, payment_id: u64, event: &str, detail: &str) -> Result<(), sqlx::Error> {
    let detail: String = detail.chars().take(300).collect();
    sqlx::query!("INSERT INTO shop_payment_events (payment_id, event, detail) VALUES (?, ?, ?)", payment_id, event, detail)
        .execute(db)
        .await?;
    Ok(())
}

/// Payments whose approval outcome is not known: asked again by the reconciler.
pub async fn unsettled(db: &MySqlPool) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT order_id FROM shop_payments
         WHERE status = 'UNKNOWN' OR (status = 'APPROVING' AND updated_at < NOW(3) - INTERVAL 2 MINUTE)
         ORDER BY id LIMIT 100"
    )
    .fetch_all(db)
    .await
}
