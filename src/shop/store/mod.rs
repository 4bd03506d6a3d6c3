//! MySQL access of the shop: the ledger and its wallet row, products, ownership, gifts,
//! packages, payments, identity checks and the audit log. No rules here (see `service`).

use super::model::{AuditEntry, GatewayKind, LedgerEntry, LedgerKind, Package, Payment, PaymentStatus, ProductKind, PurchaseRow};
use sqlx::{MySqlConnection, MySqlPool};

crate::sql_word!(ProductKind, LedgerKind, PaymentStatus, GatewayKind);

mod audit;
mod payments;
mod wallet;
pub use audit::*;
pub use payments::*;
pub use wallet::*;

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
