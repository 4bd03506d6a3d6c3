//! The id_token signing keys.

use sqlx::MySqlPool;

#[derive(Debug, Clone)]
pub struct KeyRow {
    pub kid: String,
    pub private_der: Vec<u8>,
    pub n: String,
    pub e: String,
}

/// The key that signs: the newest one not retired.
pub async fn active_key(db: &MySqlPool) -> Result<Option<KeyRow>, sqlx::Error> {
    sqlx::query_as!(
        KeyRow,
        "SELECT kid, private_der, n, e FROM oauth_signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid LIMIT 1"
    )
    .fetch_optional(db)
    .await
}

/// Keys to publish: every unretired one and those retired less than `grace_secs` ago.
pub async fn published_keys(db: &MySqlPool, grace_secs: i64) -> Result<Vec<KeyRow>, sqlx::Error> {
    sqlx::query_as!(
        KeyRow,
        "SELECT kid, private_der, n, e FROM oauth_signing_keys
         WHERE retired_at IS NULL OR retired_at > CURRENT_TIMESTAMP(3) - INTERVAL ? SECOND ORDER BY created_at DESC, kid",
        grace_secs
    )
    .fetch_all(db)
    .await
}

/// Adds a new key and retires the others, in one transaction.
pub async fn add_key(db: &MySqlPool, k: &KeyRow) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query!("UPDATE oauth_signing_keys SET retired_at = CURRENT_TIMESTAMP(3) WHERE retired_at IS NULL").execute(&mut *tx).await?;
    sqlx::query!("INSERT INTO oauth_signing_keys (kid, private_der, n, e) VALUES (?, ?, ?, ?)", k.kid, k.private_der, k.n, k.e)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
