//! REST API of accounts under /api (JSON; described in /api/openapi.json).

use super::rest_types::*;
use super::{
    auth::{self, AuthUser},
    model::{AccountView, Role, SignupInput},
    service, session,
    store::{self, ProfilePatch},
    validate::{self, Fields},
};
use crate::error::ErrorCode;
use crate::{
    error::AppError,
    server::{
        error::{ApiJson, ApiPath, ApiQuery, ErrorBody},
        AppState,
    },
};
use axum::{
    body::Bytes,
    extract::State,
    http::{header, request::Parts, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};

/// The seed documents' paths (user-jwt, the accounts domain, Payhere), served both under
/// `/api` and at the root where those documents put them: the same handlers, and in the
/// OpenAPI document under both (`SEED_PATHS`).
pub fn seed_routes() -> Router<AppState> {
    Router::new()
        .route("/users/signup", post(signup))
        .route("/users/login", post(login))
        // Payhere's name for login; its document sends the body with GET, which then
        // answers the tokens without cookies (a GET must not sign a browser in).
        .route("/users/signin", post(login).get(signin_without_cookies))
        .route("/refresh", post(refresh))
        .route("/users/logout", post(logout))
        .route("/account/logout", post(logout))
        .route("/users", get(list_users))
        .route("/users/{id}", get(get_user).delete(delete_user))
        .route("/users/{id}/profile", get(user_profile))
        .route("/admins/access", get(admin_access))
        .route("/accounts/{id}", get(get_account).patch(patch_account).delete(delete_account))
        .route("/accounts/{id}/summary", get(account_summary))
        .route("/accounts/{id}/profile/image/signed-put-url", get(super::rest_profile_image::signed_put_url))
        .route("/accounts/{id}/profile/image", axum::routing::delete(super::rest_profile_image::delete_profile_image))
}

/// The paths of `seed_routes`, as the OpenAPI document spells them.
pub const SEED_PATHS: &[&str] = &[
    "/users/signup",
    "/users/login",
    "/users/signin",
    "/refresh",
    "/users/logout",
    "/account/logout",
    "/users",
    "/users/{id}",
    "/users/{id}/profile",
    "/admins/access",
    "/accounts/{id}",
    "/accounts/{id}/summary",
    "/accounts/{id}/profile/image/signed-put-url",
    "/accounts/{id}/profile/image",
];

pub fn routes() -> Router<AppState> {
    seed_routes()
        .merge(super::rest_me::routes())
        .route("/users/verify-email", post(verify_email))
        .route("/users/verify-email/resend", post(resend_code))
        .route(
            "/uploads/profile-image/{token}",
            axum::routing::put(super::rest_profile_image::put_profile_image)
                .layer(axum::extract::DefaultBodyLimit::max(super::upload::MAX_BYTES + 1024)),
        )
}

/// Files served outside `/api`.
pub fn file_routes() -> Router<AppState> {
    Router::new().route("/files/profile/{name}", get(super::rest_profile_image::profile_image_file)).merge(super::rest_social::routes())
}

fn message(m: &str) -> Json<Message> {
    Json(Message { message: m.into() })
}

fn with_cookies(mut res: Response, cookies: Vec<header::HeaderValue>) -> Response {
    for c in cookies {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

fn ip(parts: &Parts, state: &AppState) -> String {
    auth::client_ip(parts, state.config.trust_proxy)
}

fn created(u: &store::UserRow) -> UserCreated {
    UserCreated {
        id: u.id,
        email: u.email.clone(),
        nickname: u.nickname.clone(),
        role: u.role().as_str().into(),
        created_at: store::iso(u.created_at),
        modified_at: store::iso(u.modified_at),
    }
}

/// Sign up. A `role` in the body is ignored: signup always makes USER. `name` and
/// `nickname` may be left out (each is filled from the other, else from the email). A
/// caller who is signed in gets 403.
#[utoipa::path(post, path = "/api/users/signup", tag = "users", request_body = SignupInput,
    responses((status = 201, body = UserCreated), (status = 400, body = ErrorBody, description = "INVALID_FIELDS"),
              (status = 403, body = ErrorBody, description = "ALREADY_SIGNED_IN"),
              (status = 409, body = ErrorBody, description = "EMAIL_EXISTS"), (status = 429, body = ErrorBody)))]
async fn signup(State(state): State<AppState>, parts: Parts, ApiJson(input): ApiJson<SignupInput>) -> Result<Response, AppError> {
    auth::refuse_when_signed_in(&state, &parts.headers).await?;
    let user = service::signup(&state, input, &ip(&parts, &state)).await?;
    Ok((StatusCode::CREATED, Json(created(&user))).into_response())
}

/// Confirms the email address with the 6-digit code from the mail.
#[utoipa::path(post, path = "/api/users/verify-email", tag = "users", request_body = VerifyEmailRequest,
    responses((status = 200, body = Message), (status = 400, body = ErrorBody, description = "INVALID_CODE"), (status = 429, body = ErrorBody)))]
async fn verify_email(State(state): State<AppState>, ApiJson(req): ApiJson<VerifyEmailRequest>) -> Result<Json<Message>, AppError> {
    service::verify_email(&state, &req.email, &req.code).await?;
    Ok(message("이메일 인증이 완료되었습니다."))
}

/// Mails a new code (once a minute at most). Says the same whether or not the address is known.
#[utoipa::path(post, path = "/api/users/verify-email/resend", tag = "users", request_body = ResendRequest,
    responses((status = 200, body = Message), (status = 429, body = ErrorBody, description = "RESEND_COOLDOWN")))]
async fn resend_code(State(state): State<AppState>, ApiJson(req): ApiJson<ResendRequest>) -> Result<Json<Message>, AppError> {
    if let Some(user) = store::by_email(&state.db, req.email.trim()).await? {
        if user.email_verified_at.is_none() {
            service::send_code(&state, &user).await?;
        }
    }
    Ok(message("인증 코드를 보냈습니다."))
}

/// Log in (also `POST /users/signin`, Payhere's name). The refresh token also comes as an
/// HttpOnly cookie.
#[utoipa::path(post, path = "/api/users/login", tag = "users", request_body = LoginRequest,
    responses((status = 200, body = TokenPair), (status = 401, body = ErrorBody, description = "INVALID_CREDENTIALS"),
              (status = 403, body = ErrorBody, description = "ACCOUNT_SUSPENDED"), (status = 429, body = ErrorBody)))]
async fn login(State(state): State<AppState>, parts: Parts, ApiJson(req): ApiJson<LoginRequest>) -> Result<Response, AppError> {
    if req.email.len() > 254 || req.password.len() > 1024 {
        return Err(service::invalid_credentials());
    }
    let s = service::login(&state, &req.email, &req.password, req.keep_signed_in, &auth::device(&parts), &ip(&parts, &state)).await?;
    let cookies = auth::session_cookies(&state, &s);
    let body = TokenPair { token_auth_scheme: "Bearer", access_token: s.access_token, refresh_token: s.refresh_token };
    Ok(with_cookies(Json(body).into_response(), cookies))
}

/// Payhere's `GET /users/signin` with the JSON body its document shows: the same check and
/// tokens as login, with no cookies.
#[utoipa::path(get, path = "/api/users/signin", tag = "users", request_body = LoginRequest,
    responses((status = 200, body = TokenPair), (status = 401, body = ErrorBody, description = "INVALID_CREDENTIALS"),
              (status = 403, body = ErrorBody, description = "ACCOUNT_SUSPENDED"), (status = 429, body = ErrorBody)))]
async fn signin_without_cookies(
    State(state): State<AppState>,
    parts: Parts,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Response, AppError> {
    let res = login(State(state), parts, ApiJson(req)).await?;
    let (mut parts, body) = res.into_parts();
    parts.headers.remove(header::SET_COOKIE);
    Ok(Response::from_parts(parts, body))
}

/// Rotates the refresh token (cookie or body) and returns a new pair. A spent token revokes its family.
#[utoipa::path(post, path = "/api/refresh", tag = "users", request_body(content = RefreshRequest, description = "optional when the cookie is sent"),
    responses((status = 200, body = TokenPair), (status = 401, body = ErrorBody, description = "REFRESH_UNAUTHORIZED")))]
async fn refresh(State(state): State<AppState>, parts: Parts, body: Bytes) -> Result<Response, AppError> {
    let from_body = if body.is_empty() {
        None
    } else {
        serde_json::from_slice::<RefreshRequest>(&body)
            .map_err(|_| AppError::bad_request(ErrorCode::MalformedJson, "요청 본문을 읽을 수 없습니다."))?
            .refresh_token
    };
    let token = from_body.or_else(|| auth::cookie(&parts.headers, auth::REFRESH_COOKIE)).ok_or_else(service::refresh_unauthorized)?;
    let s = service::refresh(&state, &token, 0, &ip(&parts, &state)).await?;
    let cookies = auth::session_cookies(&state, &s);
    let body = TokenPair { token_auth_scheme: "Bearer", access_token: s.access_token, refresh_token: s.refresh_token };
    Ok(with_cookies(Json(body).into_response(), cookies))
}

/// Ends the session (the refresh family) and clears the cookies. Also `POST /account/logout`
/// (the accounts document's path).
#[utoipa::path(post, path = "/api/users/logout", tag = "users", request_body(content = RefreshRequest, description = "optional: the cookie or the bearer token also identify the session"), responses((status = 200, body = Message)))]
async fn logout(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<Response, AppError> {
    let from_body = serde_json::from_slice::<RefreshRequest>(&body).ok().and_then(|r| r.refresh_token);
    let family = match from_body.or_else(|| auth::cookie(&headers, auth::REFRESH_COOKIE)) {
        Some(t) => session::family_of(&state.redis, &t).await?,
        None => None,
    };
    let family = match family {
        Some(f) => Some(f),
        None => match auth::access_token(&headers).and_then(|t| state.tokens.verify(&t).ok()) {
            // Only the member's own session, as everywhere a token is used.
            Some((uid, claims)) if session::owner(&state.redis, &claims.sid).await? == Some(uid) => Some(claims.sid),
            _ => None,
        },
    };
    if let Some(f) = family {
        session::revoke(&state.redis, &f).await?;
    }
    Ok(with_cookies(message("로그아웃되었습니다.").into_response(), auth::clear_cookies(&state)))
}

fn summary(viewer: &AuthUser, u: store::UserRow) -> UserSummary {
    let email = (viewer.id() == u.id || viewer.role().is_staff()).then(|| u.email.clone());
    UserSummary { id: u.id, nickname: u.nickname, email }
}

/// Members (signed in): the plain array the user-jwt document shows, a page at a time
/// (`page`, `size`), with the number of members in `X-Total-Count`.
#[utoipa::path(get, path = "/api/users", tag = "users", params(PageQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<UserSummary>, headers(("X-Total-Count" = i64, description = "members in all"))),
              (status = 401, body = ErrorBody)))]
async fn list_users(State(state): State<AppState>, viewer: AuthUser, ApiQuery(q): ApiQuery<PageQuery>) -> Result<Response, AppError> {
    let size = q.size.unwrap_or(20);
    if !(1..=100).contains(&size) {
        return Err(AppError::bad_request(ErrorCode::InvalidQuery, "size는 1에서 100 사이여야 합니다."));
    }
    let page = q.page.unwrap_or(0).min(1_000_000);
    let (rows, total) = store::page(&state.db, page, size).await?;
    let users: Vec<UserSummary> = rows.into_iter().map(|u| summary(&viewer, u)).collect();
    Ok(([(header::HeaderName::from_static("x-total-count"), total.to_string())], Json(users)).into_response())
}

pub(super) fn user_not_found() -> AppError {
    AppError::not_found(ErrorCode::UserNotFound, "회원을 찾을 수 없습니다.")
}

/// One member: id and nickname; email only for the member themself and ADMIN/STAFF.
#[utoipa::path(get, path = "/api/users/{id}", tag = "users", security(("bearer" = [])),
    responses((status = 200, body = UserSummary), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody, description = "USER_NOT_FOUND")))]
async fn get_user(State(state): State<AppState>, viewer: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Json<UserSummary>, AppError> {
    let u = store::by_id(&state.db, id).await?.ok_or_else(user_not_found)?;
    Ok(Json(summary(&viewer, u)))
}

/// Deletes (anonymises) a member: oneself or ADMIN. Deleting oneself also clears the
/// refresh cookie, as the user-jwt document shows.
#[utoipa::path(delete, path = "/api/users/{id}", tag = "users", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_user(State(state): State<AppState>, viewer: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Response, AppError> {
    viewer.require_self_or_admin(id)?;
    store::by_id(&state.db, id).await?.ok_or_else(user_not_found)?;
    service::delete_account(&state, id).await?;
    let res = StatusCode::NO_CONTENT.into_response();
    Ok(if viewer.id() == id { with_cookies(res, auth::clear_cookies(&state)) } else { res })
}

/// 200 with the user-jwt document's sentence for ADMIN, 403 for other roles (the accounts
/// document's rule; user-jwt says 401), 401 without a token.
#[utoipa::path(get, path = "/api/admins/access", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = String, content_type = "text/plain;charset=UTF-8"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn admin_access(viewer: AuthUser) -> Result<Response, AppError> {
    viewer.require_role(&[Role::Admin])?;
    Ok(([(header::CONTENT_TYPE, "text/plain;charset=UTF-8")], "관리자만 접근할 수 있습니다.").into_response())
}

/// The full account: oneself or ADMIN.
#[utoipa::path(get, path = "/api/accounts/{id}", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = AccountView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_account(State(state): State<AppState>, viewer: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Json<AccountView>, AppError> {
    viewer.require_self_or_admin(id)?;
    let u = store::by_id(&state.db, id).await?.ok_or_else(user_not_found)?;
    Ok(Json(u.account_view()))
}

async fn public_profile(state: &AppState, id: u64) -> Result<Json<ProfileSummary>, AppError> {
    let u = store::by_id(&state.db, id).await?.ok_or_else(user_not_found)?;
    Ok(Json(ProfileSummary { user_id: u.id, profile_img_uri: u.profile_img_uri(), name: u.name }))
}

/// Public summary of an account.
#[utoipa::path(get, path = "/api/accounts/{id}/summary", tag = "accounts",
    responses((status = 200, body = ProfileSummary), (status = 404, body = ErrorBody)))]
async fn account_summary(State(state): State<AppState>, ApiPath(id): ApiPath<u64>) -> Result<Json<ProfileSummary>, AppError> {
    public_profile(&state, id).await
}

/// Public profile of a member.
#[utoipa::path(get, path = "/api/users/{id}/profile", tag = "users",
    responses((status = 200, body = ProfileSummary), (status = 404, body = ErrorBody)))]
async fn user_profile(State(state): State<AppState>, ApiPath(id): ApiPath<u64>) -> Result<Json<ProfileSummary>, AppError> {
    public_profile(&state, id).await
}

pub fn validate_patch(
    name: Option<&str>,
    nickname: Option<&str>,
    gender: Option<&str>,
    birth_date: Option<&str>,
) -> Result<ProfilePatch, AppError> {
    let mut f = Fields::default();
    if let Some(n) = name {
        validate::name(&mut f, n);
    }
    if let Some(n) = nickname {
        validate::nickname(&mut f, n);
    }
    if let Some(g) = gender {
        validate::gender(&mut f, g);
    }
    if let Some(b) = birth_date {
        validate::birth_date(&mut f, b, chrono::Utc::now().date_naive());
    }
    f.finish()?;
    Ok(ProfilePatch {
        name: name.map(|n| n.trim().to_owned()),
        nickname: nickname.map(|n| n.trim().to_owned()),
        gender: gender.map(str::to_owned),
        birth_date: birth_date.and_then(|b| chrono::NaiveDate::parse_from_str(b, "%Y-%m-%d").ok()),
    })
}

/// Changes name (2–20), nickname (2–20), gender (MALE|FEMALE) or birthDate (yyyy-MM-dd):
/// oneself or ADMIN.
#[utoipa::path(patch, path = "/api/accounts/{id}", tag = "accounts", request_body = AccountPatch, security(("bearer" = [])),
    responses((status = 200, body = AccountView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn patch_account(
    State(state): State<AppState>,
    viewer: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(p): ApiJson<AccountPatch>,
) -> Result<Json<AccountView>, AppError> {
    viewer.require_self_or_admin(id)?;
    store::by_id(&state.db, id).await?.ok_or_else(user_not_found)?;
    let patch = validate_patch(p.name.as_deref(), p.nickname.as_deref(), p.gender.as_deref(), p.birth_date.as_deref())?;
    store::update_profile(&state.db, id, &patch).await?;
    let u = store::by_id(&state.db, id).await?.ok_or_else(user_not_found)?;
    Ok(Json(u.account_view()))
}

/// Deletes (anonymises) the account: oneself or ADMIN.
#[utoipa::path(delete, path = "/api/accounts/{id}", tag = "accounts", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_account(State(state): State<AppState>, viewer: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Response, AppError> {
    delete_user(State(state), viewer, ApiPath(id)).await
}

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "minihompy API", version = "1", description = "REST API of minihompy. Errors share one body: ErrorBody."),
    paths(signup, verify_email, resend_code, login, signin_without_cookies, refresh, logout, list_users, get_user, delete_user, user_profile,
          admin_access, get_account, patch_account, delete_account, account_summary),
    modifiers(&BearerAuth, &MePaths, &SeedPaths)
)]
pub struct AccountApi;

/// The paths of the area's other REST files: the member's own endpoints (rest_me.rs) and
/// the profile image (rest_profile_image.rs). Merged before `SeedPaths`, which copies the
/// profile image's paths to the root.
struct MePaths;

impl utoipa::Modify for MePaths {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::OpenApi;
        openapi.merge(super::rest_me::MeApi::openapi());
        openapi.merge(super::rest_profile_image::ProfileImageApi::openapi());
    }
}

/// Each seed path is documented twice, under `/api` and at the root, with the operations of
/// the handler that serves both; `POST /users/signin` and `POST /account/logout` are login's
/// and logout's.
struct SeedPaths;

impl utoipa::Modify for SeedPaths {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let paths = &mut openapi.paths.paths;
        let login = paths.get("/api/users/login").and_then(|p| p.post.clone());
        if let Some(signin) = paths.get_mut("/api/users/signin") {
            signin.post = login;
        }
        if let Some(logout) = paths.get("/api/users/logout").cloned() {
            paths.insert("/api/account/logout".into(), logout);
        }
        for path in SEED_PATHS {
            if let Some(item) = paths.get(&format!("/api{path}")).cloned() {
                paths.insert((*path).into(), item);
            }
        }
    }
}

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}
