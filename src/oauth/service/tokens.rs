//! The token endpoint (authorization_code and refresh_token grants), userinfo, revocation
//! (RFC 7009) and introspection (RFC 7662).

use super::{random_secret, s256, sha256_hex, ACCESS_TTL_SECS, REFRESH_TTL_SECS};
use crate::{
    account::members::{self, Profile},
    error::AppError,
    oauth::{
        model::{ClientType, Item},
        store::{self, AppRow, Issue, TokenKind, TokenRow},
    },
    server::AppState,
};
use serde::Deserialize;
use serde_json::{json, Value};

/// An OAuth error as RFC 6749 §5.2 writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    pub status: u16,
    pub error: &'static str,
    pub description: String,
    /// Seconds to wait (429 only).
    pub retry_after: Option<u64>,
}

impl OAuthError {
    pub fn new(error: &'static str, description: impl Into<String>) -> Self {
        let status = if error == "invalid_client" { 401 } else { 400 };
        OAuthError { status, error, description: description.into(), retry_after: None }
    }
}

impl From<AppError> for OAuthError {
    fn from(e: AppError) -> Self {
        if e.status == 429 {
            return OAuthError {
                status: 429,
                error: "temporarily_unavailable",
                description: "too many requests".into(),
                retry_after: e.retry_after_secs,
            };
        }
        OAuthError { status: e.status.max(500), error: "server_error", description: "internal error".into(), retry_after: None }
    }
}

impl From<sqlx::Error> for OAuthError {
    fn from(e: sqlx::Error) -> Self {
        AppError::from(e).into()
    }
}

/// The token endpoint's form (RFC 6749 §4.1.3, §6), client credentials included when sent
/// in the body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TokenForm {
    pub grant_type: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
    pub refresh_token: Option<String>,
    pub scope: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub token: Option<String>,
    pub token_type_hint: Option<String>,
}

/// Who is calling: HTTP Basic credentials or the body's `client_id` / `client_secret`. A
/// confidential app must prove its secret; a public one names itself.
pub async fn authenticate_client(state: &AppState, basic: Option<(String, String)>, form: &TokenForm) -> Result<AppRow, OAuthError> {
    let (id, secret) = match basic {
        Some((id, secret)) => {
            if form.client_id.as_deref().is_some_and(|b| b != id) {
                return Err(OAuthError::new("invalid_request", "client_id differs from the Basic credentials"));
            }
            (id, Some(secret))
        }
        None => match form.client_id.clone() {
            Some(id) => (id, form.client_secret.clone()),
            None => return Err(OAuthError::new("invalid_client", "client authentication required")),
        },
    };
    let app = store::app_by_client(&state.db, &id).await?.ok_or_else(|| OAuthError::new("invalid_client", "unknown client"))?;
    match (app.client_type, &app.secret_hash, secret.as_deref().filter(|s| !s.is_empty())) {
        (ClientType::Confidential, Some(hash), Some(s)) if *hash == sha256_hex(s) => Ok(app),
        (ClientType::Confidential, ..) => Err(OAuthError::new("invalid_client", "client authentication failed")),
        (ClientType::Public, _, None) => Ok(app),
        (ClientType::Public, _, Some(_)) => Err(OAuthError::new("invalid_client", "public clients have no secret")),
    }
}

fn invalid_grant(why: &str) -> OAuthError {
    OAuthError::new("invalid_grant", why)
}

/// The token endpoint.
pub async fn token(state: &AppState, app: &AppRow, form: &TokenForm) -> Result<Value, OAuthError> {
    match form.grant_type.as_deref() {
        Some("authorization_code") => exchange_code(state, app, form).await,
        Some("refresh_token") => refresh(state, app, form).await,
        Some(_) => Err(OAuthError::new("unsupported_grant_type", "supported: authorization_code, refresh_token")),
        None => Err(OAuthError::new("invalid_request", "grant_type is required")),
    }
}

async fn exchange_code(state: &AppState, app: &AppRow, form: &TokenForm) -> Result<Value, OAuthError> {
    let code = form.code.as_deref().filter(|c| !c.is_empty()).ok_or_else(|| OAuthError::new("invalid_request", "code is required"))?;
    let hash = sha256_hex(code);
    let row = store::code(&state.db, &hash).await?.ok_or_else(|| invalid_grant("unknown code"))?;
    if row.app_id != app.id {
        return Err(invalid_grant("the code was issued to another client"));
    }
    if row.used {
        // RFC 6749 §4.1.2: a code used twice revokes what it issued.
        if let Some(grant) = &row.grant_id {
            store::revoke_grant(&state.db, grant).await?;
        }
        return Err(invalid_grant("the code was already used"));
    }
    if row.expired {
        return Err(invalid_grant("the code has expired"));
    }
    // Required, and equal, only when the authorization request included it.
    if !row.redirect_uri.is_empty() && form.redirect_uri.as_deref() != Some(row.redirect_uri.as_str()) {
        return Err(invalid_grant("redirect_uri does not match the authorization request"));
    }
    match (&row.code_challenge, form.code_verifier.as_deref()) {
        (Some(challenge), Some(v)) if (43..=128).contains(&v.len()) && s256(v) == *challenge => {}
        (Some(_), Some(_)) => return Err(invalid_grant("code_verifier does not match")),
        (Some(_), None) => return Err(invalid_grant("code_verifier is required")),
        (None, Some(_)) => return Err(invalid_grant("no code_challenge was sent with the authorization request")),
        (None, None) => {}
    }
    if members::active_profile(&state.db, row.user_id).await?.is_none() {
        return Err(invalid_grant("the member is no longer active"));
    }
    let grant = uuid::Uuid::new_v4().simple().to_string();
    let (access, refresh) = (random_secret(), random_secret());
    let issued = store::exchange_code(
        &state.db,
        &hash,
        Issue {
            grant_id: &grant,
            app_id: app.id,
            user_id: row.user_id,
            scope: &row.scope,
            items: &row.items,
            access_hash: &sha256_hex(&access),
            access_ttl: ACCESS_TTL_SECS,
            refresh_hash: &sha256_hex(&refresh),
            refresh_ttl: REFRESH_TTL_SECS,
        },
    )
    .await?;
    if !issued {
        // Lost a race with another exchange of the same code: that is a replay too.
        if let Some(g) = store::code(&state.db, &hash).await?.and_then(|r| r.grant_id) {
            store::revoke_grant(&state.db, &g).await?;
        }
        return Err(invalid_grant("the code was already used"));
    }
    answer(state, app, row.user_id, &row.scope, &access, &refresh, row.nonce.as_deref()).await
}

async fn refresh(state: &AppState, app: &AppRow, form: &TokenForm) -> Result<Value, OAuthError> {
    let presented = form.refresh_token.as_deref().ok_or_else(|| OAuthError::new("invalid_request", "refresh_token is required"))?;
    let hash = sha256_hex(presented);
    let t = store::token(&state.db, &hash)
        .await?
        .filter(|t| t.kind == TokenKind::Refresh)
        .ok_or_else(|| invalid_grant("unknown refresh token"))?;
    if t.app_id != app.id {
        return Err(invalid_grant("the token was issued to another client"));
    }
    if t.revoked {
        return Err(invalid_grant("the grant was revoked"));
    }
    if t.used {
        // Reuse of a rotated token: whoever holds the family loses it.
        store::revoke_grant(&state.db, &t.grant_id).await?;
        return Err(invalid_grant("the refresh token was already used; the grant is revoked"));
    }
    if t.expired {
        return Err(invalid_grant("the refresh token has expired"));
    }
    if let Some(asked) = form.scope.as_deref() {
        let granted: Vec<&str> = t.scope.split(' ').collect();
        if !asked.split_whitespace().all(|s| granted.contains(&s)) {
            return Err(OAuthError::new("invalid_scope", "a refresh cannot widen the scope"));
        }
    }
    if members::active_profile(&state.db, t.user_id).await?.is_none() {
        return Err(invalid_grant("the member is no longer active"));
    }
    let (access, next) = (random_secret(), random_secret());
    let rotated =
        store::rotate_refresh(&state.db, &hash, &t.grant_id, &sha256_hex(&access), ACCESS_TTL_SECS, &sha256_hex(&next), REFRESH_TTL_SECS)
            .await?;
    if !rotated {
        store::revoke_grant(&state.db, &t.grant_id).await?;
        return Err(invalid_grant("the refresh token was already used; the grant is revoked"));
    }
    answer(state, app, t.user_id, &t.scope, &access, &next, None).await
}

async fn answer(
    state: &AppState,
    app: &AppRow,
    user: u64,
    scope: &str,
    access: &str,
    refresh: &str,
    nonce: Option<&str>,
) -> Result<Value, OAuthError> {
    let mut out = json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": ACCESS_TTL_SECS,
        "refresh_token": refresh,
        "scope": scope,
    });
    if scope.split(' ').any(|s| s == "openid") {
        let now = chrono::Utc::now().timestamp();
        let digest = sha2::Sha256::digest(access.as_bytes());
        use base64::Engine;
        use sha2::Digest;
        let at_hash = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..16]);
        let mut claims = json!({
            "iss": state.config.public_url,
            "sub": user.to_string(),
            "aud": app.client_id,
            "iat": now,
            "exp": now + ACCESS_TTL_SECS,
            "at_hash": at_hash,
        });
        if let Some(n) = nonce {
            claims["nonce"] = json!(n);
        }
        out["id_token"] = json!(super::sign_id_token(state, &claims).await?);
    }
    Ok(out)
}

/// A live access token: not expired, not revoked, its grant and app still there, its
/// member still active. Returns the token and the member.
pub async fn bearer(state: &AppState, token: &str) -> Result<Option<(TokenRow, Profile)>, AppError> {
    let Some(t) = store::token(&state.db, &sha256_hex(token)).await? else { return Ok(None) };
    if t.kind != TokenKind::Access || t.expired || t.used || t.revoked {
        return Ok(None);
    }
    Ok(members::active_profile(&state.db, t.user_id).await?.map(|p| (t, p)))
}

/// Whether we ever issued this token (live or not).
pub async fn issued(state: &AppState, token: &str) -> Result<bool, AppError> {
    Ok(store::token(&state.db, &sha256_hex(token)).await?.is_some())
}

/// The profile items the member consented to; the others are null.
pub fn released(t: &TokenRow, p: &Profile) -> [(Item, Option<String>); 5] {
    let items = Item::parse_list(&t.items);
    let give = |i: Item, v: Option<String>| (i, v.filter(|_| items.contains(&i)));
    [
        give(Item::Name, Some(p.name.clone())),
        give(Item::Email, Some(p.email.clone())),
        give(Item::Gender, p.gender.as_deref().map(|g| g.to_lowercase())),
        give(Item::Birthdate, p.birth_date.map(|d| d.format("%Y-%m-%d").to_string())),
        give(Item::Phone, p.phone.clone()),
    ]
}

/// OpenID Connect userinfo.
pub fn userinfo(t: &TokenRow, p: &Profile) -> Value {
    let [name, email, gender, birthdate, phone] = released(t, p);
    let email_verified = email.1.as_ref().map(|_| p.email_verified);
    json!({
        "sub": p.id.to_string(),
        "name": name.1,
        "email": email.1,
        "email_verified": email_verified,
        "gender": gender.1,
        "birthdate": birthdate.1,
        "phone_number": phone.1,
    })
}

/// RFC 7009: the client's own token stops working (a refresh token takes its whole grant
/// with it). Unknown tokens are not an error.
pub async fn revoke(state: &AppState, app: &AppRow, form: &TokenForm) -> Result<(), OAuthError> {
    let token = form.token.as_deref().ok_or_else(|| OAuthError::new("invalid_request", "token is required"))?;
    let hash = sha256_hex(token);
    let Some(t) = store::token(&state.db, &hash).await? else { return Ok(()) };
    if t.app_id != app.id {
        return Err(OAuthError::new("unauthorized_client", "the token belongs to another client"));
    }
    match t.kind {
        TokenKind::Refresh => store::revoke_grant(&state.db, &t.grant_id).await?,
        TokenKind::Access => store::revoke_token(&state.db, &hash).await?,
    }
    Ok(())
}

/// RFC 7662: only the asking client's own live tokens are active.
pub async fn introspect(state: &AppState, app: &AppRow, form: &TokenForm) -> Result<Value, OAuthError> {
    let token = form.token.as_deref().ok_or_else(|| OAuthError::new("invalid_request", "token is required"))?;
    let Some(t) = store::token(&state.db, &sha256_hex(token)).await? else { return Ok(json!({"active": false})) };
    let live = t.app_id == app.id && !t.expired && !t.used && !t.revoked && members::active_profile(&state.db, t.user_id).await?.is_some();
    if !live {
        return Ok(json!({"active": false}));
    }
    Ok(json!({
        "active": true,
        "scope": t.scope,
        "client_id": t.client_id,
        "sub": t.user_id.to_string(),
        "token_type": if t.kind == TokenKind::Access { "Bearer" } else { "refresh_token" },
        "iat": t.issued_at.and_utc().timestamp(),
        "exp": t.expires_at.and_utc().timestamp(),
        "iss": state.config.public_url,
    }))
}
