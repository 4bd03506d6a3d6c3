//! MySQL access of the provider: apps, consents, codes, grants and tokens, signing keys.
//! No rules here (see `service`). Secrets, codes and tokens arrive already hashed.

use super::model::{ClientType, Policy};
use sqlx::{MySqlConnection, MySqlPool};

crate::sql_word!(Policy, ClientType, TokenKind);

mod keys;
mod tokens;
pub use keys::*;
pub use tokens::*;

#[derive(Debug, Clone)]
pub struct AppRow {
    pub id: u64,
    pub client_id: String,
    pub owner_id: u64,
    pub name: String,
    pub logo: Option<String>,
    pub homepage: String,
    pub redirect_uris: String,
    pub client_type: ClientType,
    pub secret_hash: Option<String>,
    pub item_name: Policy,
    pub item_email: Policy,
    pub item_gender: Policy,
    pub item_birthdate: Policy,
    pub item_phone: Policy,
    pub created_at: chrono::NaiveDateTime,
}

pub async fn app_by_client(db: &MySqlPool, client_id: &str) -> Result<Option<AppRow>, sqlx::Error> {
    sqlx::query_as!(
        AppRow,
        r#"SELECT id, client_id, owner_id, name, logo, homepage, redirect_uris, client_type AS "client_type: ClientType", secret_hash,
              item_name AS "item_name: Policy", item_email AS "item_email: Policy", item_gender AS "item_gender: Policy",
              item_birthdate AS "item_birthdate: Policy", item_phone AS "item_phone: Policy", created_at
           FROM oauth_apps WHERE client_id = ?"#,
        client_id
    )
    .fetch_optional(db)
    .await
}

pub async fn app_by_id(db: &MySqlPool, id: u64) -> Result<Option<AppRow>, sqlx::Error> {
    sqlx::query_as!(
        AppRow,
        r#"SELECT id, client_id, owner_id, name, logo, homepage, redirect_uris, client_type AS "client_type: ClientType", secret_hash,
              item_name AS "item_name: Policy", item_email AS "item_email: Policy", item_gender AS "item_gender: Policy",
              item_birthdate AS "item_birthdate: Policy", item_phone AS "item_phone: Policy", created_at
           FROM oauth_apps WHERE id = ?"#,
        id
    )
    .fetch_optional(db)
    .await
}

pub async fn apps_of(db: &MySqlPool, owner: u64) -> Result<Vec<AppRow>, sqlx::Error> {
    sqlx::query_as!(
        AppRow,
        r#"SELECT id, client_id, owner_id, name, logo, homepage, redirect_uris, client_type AS "client_type: ClientType", secret_hash,
              item_name AS "item_name: Policy", item_email AS "item_email: Policy", item_gender AS "item_gender: Policy",
              item_birthdate AS "item_birthdate: Policy", item_phone AS "item_phone: Policy", created_at
           FROM oauth_apps WHERE owner_id = ? ORDER BY id DESC"#,
        owner
    )
    .fetch_all(db)
    .await
}

pub async fn count_apps_of(db: &MySqlPool, owner: u64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!("SELECT COUNT(*) FROM oauth_apps WHERE owner_id = ?", owner).fetch_one(db).await
}

/// How many members have connected the app.
pub async fn member_count(db: &MySqlPool, app: u64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!("SELECT COUNT(*) FROM oauth_consents WHERE app_id = ?", app).fetch_one(db).await
}

pub struct AppFields<'a> {
    pub name: &'a str,
    pub homepage: &'a str,
    pub redirect_uris: &'a str,
    pub client_type: ClientType,
    pub items: [Policy; 5],
}

pub async fn insert_app(
    db: &MySqlPool,
    client_id: &str,
    owner: u64,
    secret_hash: Option<&str>,
    f: &AppFields<'_>,
) -> Result<u64, sqlx::Error> {
    let [n, e, g, b, p] = f.items;
    let r = sqlx::query!(
        "INSERT INTO oauth_apps (client_id, owner_id, name, homepage, redirect_uris, client_type, secret_hash,
            item_name, item_email, item_gender, item_birthdate, item_phone)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        client_id,
        owner,
        f.name,
        f.homepage,
        f.redirect_uris,
        f.client_type,
        secret_hash,
        n,
        e,
        g,
        b,
        p
    )
    .execute(db)
    .await?;
    Ok(r.last_insert_id())
}

pub async fn update_app(db: &MySqlPool, id: u64, f: &AppFields<'_>) -> Result<(), sqlx::Error> {
    let [n, e, g, b, p] = f.items;
    sqlx::query!(
        "UPDATE oauth_apps SET name = ?, homepage = ?, redirect_uris = ?, item_name = ?, item_email = ?, item_gender = ?,
            item_birthdate = ?, item_phone = ? WHERE id = ?",
        f.name,
        f.homepage,
        f.redirect_uris,
        n,
        e,
        g,
        b,
        p,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_secret(db: &MySqlPool, id: u64, secret_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE oauth_apps SET secret_hash = ? WHERE id = ?", secret_hash, id).execute(db).await?;
    Ok(())
}

pub async fn set_logo(db: &MySqlPool, id: u64, logo: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE oauth_apps SET logo = ? WHERE id = ?", logo, id).execute(db).await?;
    Ok(())
}

/// Deletes the app; its consents, codes, grants and tokens go with it (cascades).
pub async fn delete_app(db: &MySqlPool, id: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM oauth_apps WHERE id = ?", id).execute(db).await?;
    Ok(())
}

// ------------------------------------------------------------------ consents

pub struct ConsentRow {
    pub asked: String,
    pub granted: String,
}

pub async fn consent(db: &MySqlPool, user: u64, app: u64) -> Result<Option<ConsentRow>, sqlx::Error> {
    sqlx::query_as!(ConsentRow, "SELECT asked, granted FROM oauth_consents WHERE user_id = ? AND app_id = ?", user, app)
        .fetch_optional(db)
        .await
}

pub async fn save_consent(db: &MySqlPool, user: u64, app: u64, asked: &str, granted: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO oauth_consents (user_id, app_id, asked, granted) VALUES (?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE asked = VALUES(asked), granted = VALUES(granted), updated_at = CURRENT_TIMESTAMP(3)",
        user,
        app,
        asked,
        granted
    )
    .execute(db)
    .await?;
    Ok(())
}

pub struct ConnectionRow {
    pub client_id: String,
    pub name: String,
    pub logo: Option<String>,
    pub homepage: String,
    pub granted: String,
    pub created_at: chrono::NaiveDateTime,
}

pub async fn connections(db: &MySqlPool, user: u64) -> Result<Vec<ConnectionRow>, sqlx::Error> {
    sqlx::query_as!(
        ConnectionRow,
        "SELECT a.client_id, a.name, a.logo, a.homepage, c.granted, c.created_at
         FROM oauth_consents c JOIN oauth_apps a ON a.id = c.app_id WHERE c.user_id = ? ORDER BY c.created_at DESC",
        user
    )
    .fetch_all(db)
    .await
}

/// Forgets the member's consent and revokes every grant they gave the app, in one transaction.
pub async fn disconnect(db: &MySqlPool, user: u64, app: u64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let gone = sqlx::query!("DELETE FROM oauth_consents WHERE user_id = ? AND app_id = ?", user, app).execute(&mut *tx).await?;
    revoke_grants_of(&mut tx, user, app).await?;
    // A code handed out a moment ago must not become tokens after the member said no.
    sqlx::query!("DELETE FROM oauth_codes WHERE user_id = ? AND app_id = ? AND used_at IS NULL", user, app).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(gone.rows_affected() > 0)
}

/// Revokes every grant the member gave the app (their tokens stop at once).
pub async fn revoke_grants(db: &MySqlPool, user: u64, app: u64) -> Result<(), sqlx::Error> {
    let mut conn = db.acquire().await?;
    revoke_grants_of(&mut conn, user, app).await
}

async fn revoke_grants_of(conn: &mut MySqlConnection, user: u64, app: u64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE oauth_grants SET revoked_at = CURRENT_TIMESTAMP(3) WHERE user_id = ? AND app_id = ? AND revoked_at IS NULL",
        user,
        app
    )
    .execute(conn)
    .await?;
    Ok(())
}
