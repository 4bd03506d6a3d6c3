//! Codes, grants (token families) and tokens.

use sqlx::MySqlPool;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Access,
    Refresh,
}

impl TokenKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Access => "ACCESS",
            TokenKind::Refresh => "REFRESH",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "ACCESS" => Some(TokenKind::Access),
            "REFRESH" => Some(TokenKind::Refresh),
            _ => None,
        }
    }
}

pub struct NewCode<'a> {
    pub code_hash: &'a str,
    pub app_id: u64,
    pub user_id: u64,
    pub redirect_uri: &'a str,
    pub code_challenge: Option<&'a str>,
    pub nonce: Option<&'a str>,
    pub scope: &'a str,
    pub items: &'a str,
    pub ttl_secs: i64,
}

pub async fn insert_code(db: &MySqlPool, c: NewCode<'_>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO oauth_codes (code_hash, app_id, user_id, redirect_uri, code_challenge, nonce, scope, items, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP(3) + INTERVAL ? SECOND)",
        c.code_hash,
        c.app_id,
        c.user_id,
        c.redirect_uri,
        c.code_challenge,
        c.nonce,
        c.scope,
        c.items,
        c.ttl_secs
    )
    .execute(db)
    .await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct CodeRow {
    pub app_id: u64,
    pub user_id: u64,
    pub redirect_uri: String,
    pub code_challenge: Option<String>,
    pub nonce: Option<String>,
    pub scope: String,
    pub items: String,
    pub expired: bool,
    pub used: bool,
    pub grant_id: Option<String>,
}

pub async fn code(db: &MySqlPool, code_hash: &str) -> Result<Option<CodeRow>, sqlx::Error> {
    sqlx::query_as!(
        CodeRow,
        r#"SELECT app_id, user_id, redirect_uri, code_challenge, nonce, scope, items,
              expires_at <= CURRENT_TIMESTAMP(3) AS "expired: bool", used_at IS NOT NULL AS "used: bool", grant_id
           FROM oauth_codes WHERE code_hash = ?"#,
        code_hash
    )
    .fetch_optional(db)
    .await
}

/// A new grant and its first tokens.
pub struct Issue<'a> {
    pub grant_id: &'a str,
    pub app_id: u64,
    pub user_id: u64,
    pub scope: &'a str,
    pub items: &'a str,
    pub access_hash: &'a str,
    pub access_ttl: i64,
    pub refresh_hash: &'a str,
    pub refresh_ttl: i64,
}

/// Spends the code and records the grant and its tokens, in one transaction. `false` when
/// the code was already spent (the caller treats it as a replay).
pub async fn exchange_code(db: &MySqlPool, code_hash: &str, i: Issue<'_>) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let claimed = sqlx::query!(
        "UPDATE oauth_codes SET used_at = CURRENT_TIMESTAMP(3), grant_id = ? WHERE code_hash = ? AND used_at IS NULL",
        i.grant_id,
        code_hash
    )
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query!(
        "INSERT INTO oauth_grants (id, app_id, user_id, scope, items) VALUES (?, ?, ?, ?, ?)",
        i.grant_id,
        i.app_id,
        i.user_id,
        i.scope,
        i.items
    )
    .execute(&mut *tx)
    .await?;
    insert_tokens(&mut tx, i.grant_id, i.access_hash, i.access_ttl, i.refresh_hash, i.refresh_ttl).await?;
    tx.commit().await?;
    Ok(true)
}

async fn insert_tokens(
    conn: &mut sqlx::MySqlConnection,
    grant: &str,
    access: &str,
    access_ttl: i64,
    refresh: &str,
    refresh_ttl: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO oauth_tokens (token_hash, grant_id, kind, expires_at) VALUES
            (?, ?, 'ACCESS', CURRENT_TIMESTAMP(3) + INTERVAL ? SECOND),
            (?, ?, 'REFRESH', CURRENT_TIMESTAMP(3) + INTERVAL ? SECOND)",
        access,
        grant,
        access_ttl,
        refresh,
        grant,
        refresh_ttl
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Spends a refresh token and adds the next pair to its grant, in one transaction. `false`
/// when it was already spent (reuse: the caller revokes the grant).
pub async fn rotate_refresh(
    db: &MySqlPool,
    refresh_hash: &str,
    grant: &str,
    access: &str,
    access_ttl: i64,
    refresh: &str,
    refresh_ttl: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let claimed = sqlx::query!(
        "UPDATE oauth_tokens SET used_at = CURRENT_TIMESTAMP(3) WHERE token_hash = ? AND kind = 'REFRESH' AND used_at IS NULL",
        refresh_hash
    )
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() == 0 {
        return Ok(false);
    }
    insert_tokens(&mut tx, grant, access, access_ttl, refresh, refresh_ttl).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn revoke_grant(db: &MySqlPool, grant: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE oauth_grants SET revoked_at = CURRENT_TIMESTAMP(3) WHERE id = ? AND revoked_at IS NULL", grant)
        .execute(db)
        .await?;
    Ok(())
}

/// Marks one access token spent (revoked).
pub async fn revoke_token(db: &MySqlPool, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE oauth_tokens SET used_at = CURRENT_TIMESTAMP(3) WHERE token_hash = ? AND used_at IS NULL", token_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// A token with its grant and app, whatever its state (the service decides).
#[derive(Debug, Clone)]
pub struct TokenRow {
    pub kind: TokenKind,
    pub grant_id: String,
    pub expired: bool,
    pub used: bool,
    pub revoked: bool,
    pub app_id: u64,
    pub client_id: String,
    pub user_id: u64,
    pub scope: String,
    pub items: String,
    pub issued_at: chrono::NaiveDateTime,
    pub expires_at: chrono::NaiveDateTime,
}

pub async fn token(db: &MySqlPool, token_hash: &str) -> Result<Option<TokenRow>, sqlx::Error> {
    sqlx::query_as!(
        TokenRow,
        r#"SELECT t.kind AS "kind: TokenKind", t.grant_id, t.expires_at <= CURRENT_TIMESTAMP(3) AS "expired: bool", t.used_at IS NOT NULL AS "used: bool",
              g.revoked_at IS NOT NULL AS "revoked: bool", g.app_id, a.client_id, g.user_id, g.scope, g.items,
              t.created_at AS issued_at, t.expires_at
           FROM oauth_tokens t JOIN oauth_grants g ON g.id = t.grant_id JOIN oauth_apps a ON a.id = g.app_id
           WHERE t.token_hash = ?"#,
        token_hash
    )
    .fetch_optional(db)
    .await
}

/// Forgets spent codes and tokens long past their expiry (kept a day for replay detection).
pub async fn sweep(db: &MySqlPool) -> Result<u64, sqlx::Error> {
    let codes = sqlx::query!("DELETE FROM oauth_codes WHERE expires_at < CURRENT_TIMESTAMP(3) - INTERVAL 1 DAY").execute(db).await?;
    let tokens = sqlx::query!("DELETE FROM oauth_tokens WHERE expires_at < CURRENT_TIMESTAMP(3) - INTERVAL 1 DAY").execute(db).await?;
    Ok(codes.rows_affected() + tokens.rows_affected())
}
