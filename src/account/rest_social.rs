//! Social login's endpoints, at the paths of the accounts document:
//! `GET /account/login/oauth2/authorization/{registrationId}` (to the provider),
//! `GET /login/oauth2/code/{registrationId}` (back from it) and `POST /account/register`
//! (completing what the provider did not give). Browsers get redirects and pages; API
//! clients (`Accept: application/json`) get the document's JSON bodies.

use super::{
    auth::{self, client_ip, device, from_cookies},
    social::{self, Completion, Finished, Registered, BINDER_COOKIE, PENDING_COOKIE},
};
use crate::{error::AppError, server::AppState};
use axum::{
    extract::{Path, Query, State},
    http::{header, request::Parts, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde::Deserialize;
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account/login/oauth2/authorization/{registration}", get(authorization))
        .route("/login/oauth2/code/{registration}", get(code))
        .route("/account/register", post(register))
}

fn see_other(location: &str, cookies: Vec<HeaderValue>) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    res.headers_mut().insert(header::LOCATION, HeaderValue::from_str(location).unwrap_or(HeaderValue::from_static("/")));
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    for c in cookies {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

fn wants_json(parts: &Parts) -> bool {
    let accept = parts.headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
    accept.contains("application/json") && !accept.contains("text/html")
}

#[derive(Deserialize)]
struct StartQuery {
    next: Option<String>,
    /// `1`: link to the signed-in member (from /account) instead of logging in.
    link: Option<String>,
}

async fn authorization(
    State(s): State<AppState>,
    parts: Parts,
    Path(registration): Path<String>,
    Query(q): Query<StartQuery>,
) -> Result<Response, AppError> {
    let next = crate::ui::next::safe_next(q.next.as_deref(), &s.config.public_url);
    let link_user = if q.link.as_deref() == Some("1") {
        // Linking starts on /account: a navigation from another site (which still carries
        // our Lax cookies) must not link the member to whoever is signed in at the provider.
        let fetch_site = parts.headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
        if fetch_site.is_some_and(|f| f != "same-origin" && f != "none") {
            return Err(AppError::forbidden("연결은 내 정보 화면에서만 시작할 수 있습니다."));
        }
        let (me, cookies) = from_cookies(&s, &parts).await?;
        match me {
            Some(me) => Some((me.id(), cookies)),
            None => return Ok(see_other("/login?next=/account", cookies)),
        }
    } else {
        None
    };
    let next = if link_user.is_some() { "/account".to_owned() } else { next };
    let (location, binder) = social::start(&s, &registration, link_user.as_ref().map(|(id, _)| *id), &next).await?;
    let mut cookies = link_user.map(|(_, c)| c).unwrap_or_default();
    cookies.push(social::cookie(&s, BINDER_COOKIE, &binder, "/login/oauth2", 600));
    Ok(see_other(&location, cookies))
}

#[derive(Deserialize)]
struct CodeQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

async fn code(State(s): State<AppState>, parts: Parts, Path(registration): Path<String>, Query(q): Query<CodeQuery>) -> Response {
    let json = wants_json(&parts);
    let clear_binder = social::cookie(&s, BINDER_COOKIE, "", "/login/oauth2", 0);
    let (me, mut cookies) = match from_cookies(&s, &parts).await {
        Ok(found) => found,
        Err(e) => return e.into_response(),
    };
    cookies.push(clear_binder);
    let binder = auth::cookie(&parts.headers, BINDER_COOKIE);
    let ip = client_ip(&parts, s.config.trust_proxy);
    let finished = social::finish(
        &s,
        !json,
        &registration,
        q.code.as_deref(),
        q.state.as_deref(),
        q.error.as_deref(),
        binder.as_deref(),
        me.as_ref(),
        &device(&parts),
        &ip,
    )
    .await;
    match finished {
        Ok(Finished::SignedIn(signed_in, next)) => {
            cookies.extend(auth::session_cookies(&s, &signed_in));
            if json {
                let u = &signed_in.user;
                let body = json!({
                    "userId": u.id,
                    "name": u.name,
                    "profileImageUri": u.profile_img.as_deref().map(|p| crate::file_url::file_url(crate::file_url::FileKind::Profile, p)),
                    "roles": [u.role().as_str()],
                });
                with_cookies(Json(body).into_response(), cookies)
            } else {
                see_other(&next, cookies)
            }
        }
        Ok(Finished::Linked(next)) => {
            if json {
                with_cookies(Json(json!({"message": "linked"})).into_response(), cookies)
            } else {
                see_other(&format!("{next}?linked={registration}"), cookies)
            }
        }
        Ok(Finished::NeedsMore { pending, invalid_fields }) => {
            cookies.push(social::cookie(&s, PENDING_COOKIE, &pending, "/", social::PENDING_TTL_SECS));
            if json {
                let body = json!({"message": "insufficient user info", "invalidFields": invalid_fields});
                with_cookies((StatusCode::BAD_REQUEST, Json(body)).into_response(), cookies)
            } else {
                see_other("/signup/social", cookies)
            }
        }
        Err(e) if !json => see_other(&format!("/login?socialError={}", crate::ui::kit::url_encode(&e.message)), cookies),
        Err(e) => with_cookies(e.into_response(), cookies),
    }
}

fn with_cookies(mut res: Response, cookies: Vec<HeaderValue>) -> Response {
    for c in cookies {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

/// `POST /account/register` with the fields the provider did not give (JSON).
async fn register(State(s): State<AppState>, parts: Parts, body: axum::body::Bytes) -> Response {
    let completion: Completion = match serde_json::from_slice(&body) {
        Ok(c) => c,
        Err(_) => {
            return (StatusCode::BAD_REQUEST, Json(json!({"message": "insufficient user info", "invalidFields": []}))).into_response()
        }
    };
    let pending = auth::cookie(&parts.headers, PENDING_COOKIE);
    let ip = client_ip(&parts, s.config.trust_proxy);
    match social::register(&s, pending.as_deref(), completion, &device(&parts), &ip).await {
        Ok((Registered::SignedIn(signed_in), _next)) => {
            let mut cookies = auth::session_cookies(&s, &signed_in);
            cookies.push(social::clear_pending_cookie(&s));
            with_cookies(Json(json!({"message": "successfully registered and logged in"})).into_response(), cookies)
        }
        // Under 14: made, but no sign-in until the mailed guardian agrees.
        Ok((Registered::AwaitingGuardian, _next)) => {
            let body = json!({"message": "successfully registered; awaiting guardian consent"});
            with_cookies((StatusCode::ACCEPTED, Json(body)).into_response(), vec![social::clear_pending_cookie(&s)])
        }
        Err(e) if e.message == social::INSUFFICIENT => {
            let fields: Vec<&str> = e.field_errors.iter().map(|f| f.field.as_str()).collect();
            (StatusCode::BAD_REQUEST, Json(json!({"message": "insufficient user info", "invalidFields": fields}))).into_response()
        }
        Err(e) => e.into_response(),
    }
}
