//! The original Cyworld Login API's three calls, as its guide wrote them, on the same
//! provider: the same apps, consent, codes and tokens, for confidential apps only.

use super::protocol::{bearer_token, outcome_response, transport_ok};
use crate::{
    account::auth::from_cookies,
    error::AppError,
    oauth::service::{self, AuthorizeParams, TokenForm},
    server::AppState,
};
use axum::{
    extract::{Query, State},
    http::{request::Parts, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cyworld", get(cyworld))
        .route("/token", post(legacy_token))
        .route("/user", post(legacy_user))
        .route("/error", get(legacy_error))
}

#[derive(Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct CyworldQuery {
    client_id: Option<String>,
    redirect_uri: Option<String>,
}

fn legacy_error_page(_code: &str, message: &str) -> String {
    format!("/api/error?code={}", crate::ui::kit::url_encode(message))
}

/// The original's login: sign in, consent to the app's items, then `redirectUri?code=`.
/// Errors go to `/api/error?code=<message>`.
#[utoipa::path(get, path = "/api/cyworld", tag = "oauth", params(CyworldQuery), responses((status = 303, description = "to the login, the consent screen or redirectUri?code=")))]
pub async fn cyworld(State(s): State<AppState>, parts: Parts, Query(q): Query<CyworldQuery>) -> Result<Response, AppError> {
    let (me, cookies) = from_cookies(&s, &parts).await?;
    let p = AuthorizeParams {
        response_type: Some("code".into()),
        client_id: q.client_id,
        redirect_uri: q.redirect_uri,
        ..AuthorizeParams::default()
    };
    let outcome = service::authorize(&s, me.as_ref(), &p, true).await?;
    let back = parts.uri.path_and_query().map(|pq| pq.as_str()).unwrap_or("/api/cyworld");
    Ok(outcome_response(outcome, back, legacy_error_page, cookies))
}

/// The original's error page: shown by our error page.
async fn legacy_error(Query(q): Query<std::collections::HashMap<String, String>>) -> Response {
    let message = q.get("code").map(String::as_str).unwrap_or("");
    super::protocol::outcome_response(
        service::Outcome::ErrorPage("legacy_error", message.to_owned()),
        "/",
        super::protocol::our_error_page,
        Vec::new(),
    )
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LegacyTokenInput {
    #[serde(default)]
    client_id: Option<String>,
    #[serde(default)]
    client_secret: Option<String>,
    #[serde(default)]
    redirect_uri: Option<String>,
    #[serde(default)]
    code: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LegacyToken {
    /// The access token, or on failure the error code.
    access_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

fn legacy_refusal(status: u16, code: &str, message: &str) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    (status, Json(LegacyToken { access_token: code.to_owned(), message: Some(message.to_owned()) })).into_response()
}

/// `{clientId, clientSecret, redirectUri, code}` → `{"accessToken"}`; on failure
/// `{"accessToken": <error code>, "message"}`.
#[utoipa::path(post, path = "/api/token", tag = "oauth", request_body = LegacyTokenInput,
    responses((status = 200, body = LegacyToken), (status = 400, body = LegacyToken), (status = 401, body = LegacyToken)))]
pub async fn legacy_token(State(s): State<AppState>, parts: Parts, body: axum::body::Bytes) -> Response {
    if !transport_ok(&s, &parts) {
        return legacy_refusal(400, "invalid_request", "TLS is required");
    }
    let Ok(input) = serde_json::from_slice::<LegacyTokenInput>(&body) else {
        return legacy_refusal(400, "invalid_request", "the body must be JSON: {clientId, clientSecret, redirectUri, code}");
    };
    let form = TokenForm {
        grant_type: Some("authorization_code".into()),
        code: input.code,
        redirect_uri: input.redirect_uri,
        client_id: input.client_id,
        client_secret: input.client_secret,
        ..TokenForm::default()
    };
    let app = match service::authenticate_client(&s, None, &form).await {
        Ok(app) if app.client_type == crate::oauth::model::ClientType::Confidential => app,
        Ok(_) => return legacy_refusal(401, "invalid_client", "only apps with a client secret may use this call"),
        Err(e) => return legacy_refusal(e.status, e.error, &e.description),
    };
    match service::token(&s, &app, &form).await {
        Ok(t) => {
            let token = t["access_token"].as_str().unwrap_or_default().to_owned();
            let mut res = Json(LegacyToken { access_token: token, message: None }).into_response();
            res.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
            res
        }
        Err(e) => legacy_refusal(e.status, e.error, &e.description),
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LegacyUser {
    /// yyyy-MM-dd
    birthday: Option<String>,
    phone_number: Option<String>,
    /// male / female
    gender: Option<String>,
    name: Option<String>,
    email: Option<String>,
}

/// The member who consented, with null for items they did not consent to. A bad token
/// answers `{"user": <error code>}`; a member who is gone `{"user": null}`.
#[utoipa::path(post, path = "/api/user", tag = "oauth", security(("bearer" = [])),
    responses((status = 200, body = LegacyUser), (status = 401, description = "{\"user\": \"invalid_token\"}"), (status = 404, description = "{\"user\": null}")))]
pub async fn legacy_user(State(s): State<AppState>, parts: Parts) -> Result<Response, AppError> {
    if !transport_ok(&s, &parts) {
        return Ok((StatusCode::BAD_REQUEST, Json(json!({"user": "invalid_request"}))).into_response());
    }
    let Some(token) = bearer_token(&parts.headers) else {
        return Ok((StatusCode::UNAUTHORIZED, Json(json!({"user": "invalid_token"}))).into_response());
    };
    let Some(t) = crate::oauth::store::token(&s.db, &service::sha256_hex(&token)).await? else {
        return Ok((StatusCode::UNAUTHORIZED, Json(json!({"user": "invalid_token"}))).into_response());
    };
    if t.kind != crate::oauth::store::TokenKind::Access || t.expired || t.used || t.revoked {
        return Ok((StatusCode::UNAUTHORIZED, Json(json!({"user": "invalid_token"}))).into_response());
    }
    let Some(p) = crate::account::members::active_profile(&s.db, t.user_id).await? else {
        return Ok((StatusCode::NOT_FOUND, Json(json!({"user": null}))).into_response());
    };
    let [name, email, gender, birthdate, phone] = service::released(&t, &p);
    Ok(Json(LegacyUser { birthday: birthdate.1, phone_number: phone.1, gender: gender.1, name: name.1, email: email.1 }).into_response())
}
