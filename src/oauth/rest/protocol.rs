//! The provider's protocol endpoints (RFC 6749, 7636, 7009, 7662, OpenID Connect Core and
//! Discovery). Errors here are OAuth's own (`{"error","error_description"}`), not ours.

use crate::{
    account::auth::{client_ip, from_cookies},
    error::AppError,
    oauth::{
        model::Item,
        service::{self, AuthorizeParams, OAuthError, Outcome, TokenForm},
    },
    server::{rate_limit, AppState},
};
use axum::{
    extract::{Query, RawForm, State},
    http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use base64::{engine::general_purpose::STANDARD, Engine};
use serde_json::{json, Value};

pub fn routes() -> Router<AppState> {
    // Apps that run in a browser (public clients) call these from their own origin; they
    // carry no cookies of ours, only the app's credentials or a Bearer token.
    let cors = tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods([axum::http::Method::GET, axum::http::Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]);
    let for_apps = Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/oauth/jwks", get(jwks))
        .route("/oauth/token", post(token))
        .route("/oauth/userinfo", get(userinfo).post(userinfo))
        .route("/oauth/revoke", post(revoke))
        .route("/oauth/introspect", post(introspect))
        .layer(cors);
    // The browser's own steps (sign-in, consent) stay same-origin.
    Router::new().route("/oauth/authorize", get(authorize)).route("/oauth/authorize/decision", post(decision)).merge(for_apps)
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        let mut res = (status, Json(json!({"error": self.error, "error_description": self.description}))).into_response();
        no_store(res.headers_mut());
        if let Some(secs) = self.retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.error == "invalid_client" {
            res.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"minihompy\""));
        }
        res
    }
}

fn no_store(h: &mut HeaderMap) {
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
}

/// Browsers starting a login, per address.
const AUTHORIZE_LIMIT: rate_limit::Limit = rate_limit::Limit { max: 120, window_secs: 60 };
/// Failed client authentications and unknown bearer tokens, per address (guessing).
const FAILURE_LIMIT: rate_limit::Limit = rate_limit::Limit { max: 60, window_secs: 300 };
/// Token, revocation and introspection calls per client: one app server speaks for many
/// members from one address, so this counts the client, not the address.
const CLIENT_LIMIT: rate_limit::Limit = rate_limit::Limit { max: 1200, window_secs: 60 };
/// Userinfo calls per access token.
const USERINFO_LIMIT: rate_limit::Limit = rate_limit::Limit { max: 120, window_secs: 60 };

async fn limit(s: &AppState, parts: &Parts, bucket: &str, l: rate_limit::Limit) -> Result<(), AppError> {
    rate_limit::hit(&s.redis, bucket, &client_ip(parts, s.config.trust_proxy), l).await
}

/// With an https `PUBLIC_URL`, tokens travel only over TLS: a request must have come through
/// our TLS proxy (`TRUST_PROXY` and `X-Forwarded-Proto: https`) or from this machine.
pub fn transport_ok(s: &AppState, parts: &Parts) -> bool {
    if !s.config.public_url.starts_with("https://") {
        return true;
    }
    if s.config.trust_proxy && parts.headers.get("x-forwarded-proto").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https")) {
        return true;
    }
    client_ip(parts, s.config.trust_proxy).parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn require_tls(s: &AppState, parts: &Parts) -> Result<(), OAuthError> {
    if transport_ok(s, parts) {
        Ok(())
    } else {
        Err(OAuthError::new("invalid_request", "TLS is required"))
    }
}

async fn discovery(State(s): State<AppState>) -> Json<Value> {
    let base = s.config.public_url.trim_end_matches('/');
    Json(json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/oauth/authorize"),
        "token_endpoint": format!("{base}/oauth/token"),
        "userinfo_endpoint": format!("{base}/oauth/userinfo"),
        "jwks_uri": format!("{base}/oauth/jwks"),
        "revocation_endpoint": format!("{base}/oauth/revoke"),
        "introspection_endpoint": format!("{base}/oauth/introspect"),
        "scopes_supported": service::SCOPES,
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nonce", "at_hash", "name", "email", "email_verified", "gender", "birthdate", "phone_number"],
        "ui_locales_supported": ["ko-KR"],
    }))
}

async fn jwks(State(s): State<AppState>) -> Result<Response, AppError> {
    let mut res = Json(service::jwks(&s).await?).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    Ok(res)
}

fn see_other(location: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    no_store(res.headers_mut());
    res
}

/// Where an outcome sends the browser. `back` is the address to return to after login.
pub fn outcome_response(outcome: Outcome, back: &str, error_page: fn(&str, &str) -> String, cookies: Vec<HeaderValue>) -> Response {
    let mut res = match outcome {
        Outcome::Login => see_other(&format!("/login?next={}", crate::ui::kit::url_encode(back))),
        Outcome::Consent(id) => see_other(&format!("/oauth/consent?request={}", crate::ui::kit::url_encode(&id))),
        Outcome::Redirect(to) => see_other(&to),
        Outcome::ErrorPage(code, message) => see_other(&error_page(code, &message)),
    };
    for c in cookies {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

/// Only the code travels: the page says it in its own words, so no one can make our
/// origin show a text of their choosing.
pub fn our_error_page(code: &str, _message: &str) -> String {
    format!("/oauth/error?error={}", crate::ui::kit::url_encode(code))
}

async fn authorize(State(s): State<AppState>, parts: Parts, Query(p): Query<AuthorizeParams>) -> Result<Response, AppError> {
    limit(&s, &parts, "oauth-authorize", AUTHORIZE_LIMIT).await?;
    let (me, cookies) = from_cookies(&s, &parts).await?;
    let outcome = service::authorize(&s, me.as_ref(), &p, false).await?;
    let back = parts.uri.path_and_query().map(|pq| pq.as_str()).unwrap_or("/oauth/authorize");
    Ok(outcome_response(outcome, back, our_error_page, cookies))
}

/// The consent form: `request`, `decision` (allow | deny), `item` (repeated).
async fn decision(State(s): State<AppState>, parts: Parts, RawForm(body): RawForm) -> Result<Response, AppError> {
    let (me, cookies) = from_cookies(&s, &parts).await?;
    let Some(me) = me else { return Err(crate::account::auth::login_required()) };
    let mut request = String::new();
    let mut allow = false;
    let mut items = Vec::new();
    for (k, v) in url::form_urlencoded::parse(&body) {
        match &*k {
            "request" => request = v.into_owned(),
            "decision" => allow = v == "allow",
            "item" => items.extend(Item::parse(&v)),
            _ => {}
        }
    }
    let outcome = service::decide(&s, &me, &request, allow, &items).await?;
    Ok(outcome_response(outcome, "/", our_error_page, cookies))
}

/// The client's Basic credentials (RFC 6749 §2.3.1: each part form-urlencoded).
pub fn basic_credentials(headers: &HeaderMap) -> Result<Option<(String, String)>, OAuthError> {
    let Some(v) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) else { return Ok(None) };
    let Some(b64) = v.strip_prefix("Basic ").or_else(|| v.strip_prefix("basic ")) else { return Ok(None) };
    let bad = || OAuthError::new("invalid_client", "malformed Basic credentials");
    let raw = STANDARD.decode(b64.trim()).map_err(|_| bad())?;
    let text = String::from_utf8(raw).map_err(|_| bad())?;
    let (id, secret) = text.split_once(':').ok_or_else(bad)?;
    let decode = |s: &str| url::form_urlencoded::parse(format!("x={s}").as_bytes()).next().map(|(_, v)| v.into_owned()).unwrap_or_default();
    Ok(Some((decode(id), decode(secret))))
}

fn parse_form(body: &[u8]) -> Result<TokenForm, OAuthError> {
    serde_urlencoded_form(body).ok_or_else(|| OAuthError::new("invalid_request", "the body must be application/x-www-form-urlencoded"))
}

/// A form where every parameter appears at most once (RFC 6749 §3.2).
fn serde_urlencoded_form(body: &[u8]) -> Option<TokenForm> {
    let mut seen = std::collections::HashSet::new();
    let mut f = TokenForm::default();
    for (k, v) in url::form_urlencoded::parse(body) {
        if !seen.insert(k.clone()) {
            return None;
        }
        let v = Some(v.into_owned());
        match &*k {
            "grant_type" => f.grant_type = v,
            "code" => f.code = v,
            "redirect_uri" => f.redirect_uri = v,
            "code_verifier" => f.code_verifier = v,
            "refresh_token" => f.refresh_token = v,
            "scope" => f.scope = v,
            "client_id" => f.client_id = v,
            "client_secret" => f.client_secret = v,
            "token" => f.token = v,
            "token_type_hint" => f.token_type_hint = v,
            _ => {}
        }
    }
    Some(f)
}

/// Checks the transport, parses, authenticates the client (failures counted per address)
/// and counts the call against the client's limit.
async fn client_call(s: &AppState, parts: &Parts, body: &[u8]) -> Result<(crate::oauth::store::AppRow, TokenForm), OAuthError> {
    require_tls(s, parts)?;
    let ip = client_ip(parts, s.config.trust_proxy);
    rate_limit::check(&s.redis, "oauth-client-fail", &ip, FAILURE_LIMIT).await?;
    let form = parse_form(body)?;
    let app = match service::authenticate_client(s, basic_credentials(&parts.headers)?, &form).await {
        Ok(app) => app,
        Err(e) => {
            if e.error == "invalid_client" {
                rate_limit::fail(&s.redis, "oauth-client-fail", &ip, FAILURE_LIMIT).await?;
            }
            return Err(e);
        }
    };
    rate_limit::hit(&s.redis, "oauth-client", &app.client_id, CLIENT_LIMIT).await?;
    Ok((app, form))
}

async fn token(State(s): State<AppState>, parts: Parts, RawForm(body): RawForm) -> Result<Response, OAuthError> {
    let (app, form) = client_call(&s, &parts, &body).await?;
    let mut res = Json(service::token(&s, &app, &form).await?).into_response();
    no_store(res.headers_mut());
    Ok(res)
}

async fn revoke(State(s): State<AppState>, parts: Parts, RawForm(body): RawForm) -> Result<Response, OAuthError> {
    let (app, form) = client_call(&s, &parts, &body).await?;
    service::revoke(&s, &app, &form).await?;
    Ok(StatusCode::OK.into_response())
}

async fn introspect(State(s): State<AppState>, parts: Parts, RawForm(body): RawForm) -> Result<Response, OAuthError> {
    let (app, form) = client_call(&s, &parts, &body).await?;
    let mut res = Json(service::introspect(&s, &app, &form).await?).into_response();
    no_store(res.headers_mut());
    Ok(res)
}

fn invalid_token(description: &str) -> Response {
    let mut res = (StatusCode::UNAUTHORIZED, Json(json!({"error": "invalid_token", "error_description": description}))).into_response();
    let challenge = format!("Bearer error=\"invalid_token\", error_description=\"{description}\"");
    res.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_str(&challenge).expect("ascii"));
    no_store(res.headers_mut());
    res
}

/// The Bearer token of a request (header only: RFC 6750 §2.1).
pub fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")).map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

async fn userinfo(State(s): State<AppState>, parts: Parts) -> Result<Response, OAuthError> {
    require_tls(&s, &parts)?;
    let ip = client_ip(&parts, s.config.trust_proxy);
    rate_limit::check(&s.redis, "oauth-token-fail", &ip, FAILURE_LIMIT).await?;
    let Some(token) = bearer_token(&parts.headers) else { return Ok(invalid_token("a Bearer token is required")) };
    let Some((t, p)) = service::bearer(&s, &token).await? else {
        // Only tokens we never issued count as guesses: an expired or revoked one is an
        // honest app's next refresh.
        if !service::issued(&s, &token).await? {
            rate_limit::fail(&s.redis, "oauth-token-fail", &ip, FAILURE_LIMIT).await?;
        }
        return Ok(invalid_token("the token is not valid"));
    };
    rate_limit::hit(&s.redis, "oauth-userinfo", &service::sha256_hex(&token)[..32], USERINFO_LIMIT).await?;
    let mut res = Json(service::userinfo(&t, &p)).into_response();
    no_store(res.headers_mut());
    Ok(res)
}
