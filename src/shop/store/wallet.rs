//! The wallet: the balance row and the append-only ledger beside it, and the purchase history.

use super::*;

/// The member's balance (no wallet yet: 0): read alone here and, by the top bar, in one
/// statement with other areas' counts.
pub const BALANCE: crate::server::stores::MemberCount =
    crate::server::stores::MemberCount("SELECT balance FROM dotori_wallets WHERE user_id = ?");

pub async fn balance(db: &MySqlPool, user_id: u64) -> Result<u32, sqlx::Error> {
    Ok(sqlx::query_scalar(BALANCE.0).bind(user_id).fetch_optional(db).await?.unwrap_or(0))
}

async fn append(
    conn: &mut MySqlConnection,
    user_id: u64,
    kind: LedgerKind,
    amount: i32,
    reason: &str,
    reference: &str,
) -> Result<u32, sqlx::Error> {
    let balance: u32 = sqlx::query_scalar(BALANCE.0).bind(user_id).fetch_one(&mut *conn).await?;
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
