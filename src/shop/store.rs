//! MySQL access of the shop: the ledger and its wallet row, products, ownership, gifts,
//! packages, payments, identity checks and the audit log. No rules here (see `service`).

use super::model::{AuditEntry, GatewayKind, LedgerEntry, LedgerKind, Package, Payment, PaymentStatus, ProductKind, PurchaseRow};
use sqlx::{MySqlConnection, MySqlPool};

crate::sql_word!(ProductKind, LedgerKind, PaymentStatus, GatewayKind);

#[derive(Debug, Clone)]
pub struct ProductRow {
    pub id: u64,
    pub public_id: String,
    pub kind: ProductKind,
    pub name: String,
    pub category: String,
    pub price: u32,
    pub asset: String,
    pub on_sale: bool,
}

pub async fn products(db: &MySqlPool, include_retired: bool) -> Result<Vec<ProductRow>, sqlx::Error> {
    sqlx::query_as!(
        ProductRow,
        r#"SELECT id, public_id, kind AS "kind: ProductKind", name, category, price, asset, on_sale AS "on_sale: bool"
           FROM shop_products WHERE on_sale OR ? ORDER BY kind, id"#,
        include_retired
    )
    .fetch_all(db)
    .await
}

pub async fn product(db: &MySqlPool, public_id: &str) -> Result<Option<ProductRow>, sqlx::Error> {
    sqlx::query_as!(
        ProductRow,
        r#"SELECT id, public_id, kind AS "kind: ProductKind", name, category, price, asset, on_sale AS "on_sale: bool"
           FROM shop_products WHERE public_id = ?"#,
        public_id
    )
    .fetch_optional(db)
    .await
}

pub async fn product_by_asset(db: &MySqlPool, kind: ProductKind, asset: &str) -> Result<Option<ProductRow>, sqlx::Error> {
    sqlx::query_as!(
        ProductRow,
        r#"SELECT id, public_id, kind AS "kind: ProductKind", name, category, price, asset, on_sale AS "on_sale: bool"
           FROM shop_products WHERE kind = ? AND asset = ?"#,
        kind,
        asset
    )
    .fetch_optional(db)
    .await
}

pub struct NewProduct<'a> {
    pub public_id: &'a str,
    pub kind: ProductKind,
    pub name: &'a str,
    pub category: &'a str,
    pub price: u32,
    pub asset: &'a str,
}

pub async fn insert_product(db: &MySqlPool, p: NewProduct<'_>) -> Result<u64, sqlx::Error> {
    let r = sqlx::query!(
        "INSERT INTO shop_products (public_id, kind, name, category, price, asset) VALUES (?, ?, ?, ?, ?, ?)",
        p.public_id,
        p.kind,
        p.name,
        p.category,
        p.price,
        p.asset
    )
    .execute(db)
    .await?;
    Ok(r.last_insert_id())
}

pub async fn update_product(db: &MySqlPool, id: u64, name: &str, category: &str, price: u32, on_sale: bool) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE shop_products SET name = ?, category = ?, price = ?, on_sale = ? WHERE id = ?",
        name,
        category,
        price,
        on_sale,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Product ids (rows) the member owns.
pub async fn owned_ids(db: &MySqlPool, user_id: u64) -> Result<Vec<u64>, sqlx::Error> {
    sqlx::query_scalar!("SELECT product_id FROM shop_owned WHERE user_id = ?", user_id).fetch_all(db).await
}

pub struct OwnedRow {
    pub product_id: u64,
    pub acquired_at: chrono::NaiveDateTime,
    pub gift_from: Option<String>,
    pub gift_message: Option<String>,
}

pub async fn owned(db: &MySqlPool, user_id: u64) -> Result<Vec<OwnedRow>, sqlx::Error> {
    sqlx::query_as!(
        OwnedRow,
        r#"SELECT o.product_id, o.acquired_at, u.nickname AS "gift_from?", g.message AS "gift_message?"
           FROM shop_owned o
           LEFT JOIN shop_gifts g ON g.id = o.gift_id
           LEFT JOIN users u ON u.id = g.from_user
           WHERE o.user_id = ? ORDER BY o.acquired_at DESC"#,
        user_id
    )
    .fetch_all(db)
    .await
}

pub async fn owns(db: &MySqlPool, user_id: u64, product_id: u64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar!("SELECT 1 AS one FROM shop_owned WHERE user_id = ? AND product_id = ?", user_id, product_id)
        .fetch_optional(db)
        .await?
        .is_some())
}

/// Records ownership; false when the member already owns it (the primary key decides,
/// also between racing purchases).
pub async fn insert_owned(
    conn: &mut MySqlConnection,
    user_id: u64,
    product_id: u64,
    price: u32,
    gift_id: Option<u64>,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "INSERT IGNORE INTO shop_owned (user_id, product_id, price, gift_id) VALUES (?, ?, ?, ?)",
        user_id,
        product_id,
        price,
        gift_id
    )
    .execute(conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn insert_gift(
    conn: &mut MySqlConnection,
    from: u64,
    to: u64,
    product_id: u64,
    price: u32,
    message: &str,
) -> Result<u64, sqlx::Error> {
    let r = sqlx::query!(
        "INSERT INTO shop_gifts (from_user, to_user, product_id, price, message) VALUES (?, ?, ?, ?, ?)",
        from,
        to,
        product_id,
        price,
        message
    )
    .execute(conn)
    .await?;
    Ok(r.last_insert_id())
}

// ---------------------------------------------------------------- the wallet

pub async fn balance(db: &MySqlPool, user_id: u64) -> Result<u32, sqlx::Error> {
    Ok(sqlx::query_scalar!("SELECT balance FROM dotori_wallets WHERE user_id = ?", user_id).fetch_optional(db).await?.unwrap_or(0))
}

async fn append(
    conn: &mut MySqlConnection,
    user_id: u64,
    kind: LedgerKind,
    amount: i32,
    reason: &str,
    reference: &str,
) -> Result<u32, sqlx::Error> {
    let balance = sqlx::query_scalar!("SELECT balance FROM dotori_wallets WHERE user_id = ?", user_id).fetch_one(&mut *conn).await?;
    sqlx::query!(
        "INSERT INTO dotori_ledger (user_id, kind, amount, balance_after, reason, reference) VALUES (?, ?, ?, ?, ?, ?)",
        user_id,
        kind,
        amount,
        balance,
        reason,
        reference
    )
    .execute(conn)
    .await?;
    Ok(balance)
}

/// Adds 도토리 and writes the ledger row, inside the caller's transaction. Returns the new
/// balance.
pub async fn credit(
    conn: &mut MySqlConnection,
    user_id: u64,
    kind: LedgerKind,
    amount: u32,
    reason: &str,
    reference: &str,
) -> Result<u32, sqlx::Error> {
    sqlx::query!(
        "INSERT INTO dotori_wallets (user_id, balance) VALUES (?, ?) ON DUPLICATE KEY UPDATE balance = balance + VALUES(balance)",
        user_id,
        amount
    )
    .execute(&mut *conn)
    .await?;
    append(conn, user_id, kind, amount as i32, reason, reference).await
}

/// Takes 도토리 if there are enough (the row lock of the conditional update orders racing
/// debits), and writes the ledger row, inside the caller's transaction. None: not enough.
pub async fn debit(
    conn: &mut MySqlConnection,
    user_id: u64,
    kind: LedgerKind,
    amount: u32,
    reason: &str,
    reference: &str,
) -> Result<Option<u32>, sqlx::Error> {
    let r = sqlx::query!("UPDATE dotori_wallets SET balance = balance - ? WHERE user_id = ? AND balance >= ?", amount, user_id, amount)
        .execute(&mut *conn)
        .await?;
    if r.rows_affected() != 1 {
        return Ok(None);
    }
    append(conn, user_id, kind, -(amount as i32), reason, reference).await.map(Some)
}

pub async fn ledger(db: &MySqlPool, user_id: u64, limit: u32, offset: u32) -> Result<(Vec<LedgerEntry>, i64), sqlx::Error> {
    let rows = sqlx::query_as!(
        LedgerEntry,
        r#"SELECT id, kind AS "kind: LedgerKind", amount, balance_after, reason, reference, created_at
           FROM dotori_ledger WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?"#,
        user_id,
        limit,
        offset
    )
    .fetch_all(db)
    .await?;
    let total = sqlx::query_scalar!("SELECT COUNT(*) FROM dotori_ledger WHERE user_id = ?", user_id).fetch_one(db).await?;
    Ok((rows, total))
}

/// The sum of the ledger (what the wallet row must equal).
pub async fn ledger_sum(db: &MySqlPool, user_id: u64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(r#"SELECT CAST(COALESCE(SUM(amount), 0) AS SIGNED) AS "sum!: i64" FROM dotori_ledger WHERE user_id = ?"#, user_id)
        .fetch_one(db)
        .await
}

pub async fn purchases(db: &MySqlPool, user_id: u64, limit: u32, offset: u32) -> Result<(Vec<PurchaseRow>, i64), sqlx::Error> {
    let rows = sqlx::query_as!(
        PurchaseRow,
        r#"SELECT p.name AS "product_name!", p.kind AS "kind!: ProductKind", x.price AS "price!: u32", x.created_at AS "created_at!",
                  x.gift_to AS "gift_to?", x.gift_from AS "gift_from?"
           FROM (
               SELECT o.product_id, o.price, o.acquired_at AS created_at, NULL AS gift_to, NULL AS gift_from, o.acquired_at AS at
               FROM shop_owned o WHERE o.user_id = ? AND o.gift_id IS NULL
               UNION ALL
               SELECT g.product_id, g.price, g.created_at, t.nickname, NULL, g.created_at
               FROM shop_gifts g JOIN users t ON t.id = g.to_user WHERE g.from_user = ?
               UNION ALL
               SELECT g.product_id, g.price, g.created_at, NULL, f.nickname, g.created_at
               FROM shop_gifts g JOIN users f ON f.id = g.from_user WHERE g.to_user = ?
           ) x JOIN shop_products p ON p.id = x.product_id
           ORDER BY x.at DESC LIMIT ? OFFSET ?"#,
        user_id,
        user_id,
        user_id,
        limit,
        offset
    )
    .fetch_all(db)
    .await?;
    let total = sqlx::query_scalar!(
        r#"SELECT CAST((SELECT COUNT(*) FROM shop_owned WHERE user_id = ? AND gift_id IS NULL)
              + (SELECT COUNT(*) FROM shop_gifts WHERE from_user = ?)
              + (SELECT COUNT(*) FROM shop_gifts WHERE to_user = ?) AS SIGNED) AS "total!: i64""#,
        user_id,
        user_id,
        user_id
    )
    .fetch_one(db)
    .await?;
    Ok((rows, total))
}

// ---------------------------------------------------------------- packages and payments

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

// ---------------------------------------------------------------- identity and audit

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
