//! Who is asking. REST handlers take `AuthUser` (Bearer header or cookie); pages and server
//! functions call `current_user()`, which also refreshes transparently: an expired access
//! cookie plus a valid refresh cookie yields new cookies instead of an error.

use super::{
    model::{CurrentUser, MemberStatus, Role},
    service::{self, SignedIn},
    session,
    store::{self, UserRow},
};
use crate::error::ErrorCode;
pub use crate::server::cookies::{cookie, ACCESS_COOKIE, REFRESH_COOKIE};
use crate::server::rate_limit::{self, Limit};
use crate::server::stores::MemberCount;
use crate::server::token::TokenError;
use crate::{error::AppError, server::AppState};
use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts, HeaderMap, HeaderValue},
};
use std::sync::Arc;

/// How long a just-spent refresh token still counts as the same browser racing itself.
pub const BROWSER_REFRESH_GRACE_SECS: i64 = 10;

#[derive(Debug, Clone)]
pub struct AuthUser {
    pub user: UserRow,
    pub session: String,
    /// The client address of the request (empty when acting without one).
    pub address: String,
}

impl AuthUser {
    pub fn id(&self) -> u64 {
        self.user.id
    }
    pub fn role(&self) -> Role {
        self.user.role()
    }
    pub fn current(&self) -> CurrentUser {
        CurrentUser {
            id: self.user.id,
            email: self.user.email.clone(),
            nickname: self.user.nickname.clone(),
            role: self.role(),
            email_verified: self.user.email_verified_at.is_some(),
        }
    }
    /// Only the member themself or an ADMIN.
    pub fn require_self_or_admin(&self, id: u64) -> Result<(), AppError> {
        if self.id() == id || self.role() == Role::Admin {
            Ok(())
        } else {
            Err(AppError::forbidden("다른 회원의 계정에는 접근할 수 없습니다."))
        }
    }
    /// Counts one write of `kind` (a guestbook entry, a comment, a search…) against the
    /// member's limit and against their address's, which is `write_address_factor` times
    /// larger (several members may share an address). Over either: 429 with Retry-After.
    pub async fn count_write(&self, state: &AppState, kind: &str, per_member: Limit) -> Result<(), AppError> {
        rate_limit::hit(&state.redis, kind, &format!("m{}", self.id()), per_member).await?;
        if !self.address.is_empty() {
            let per_address =
                Limit { max: per_member.max.saturating_mul(state.config.limits.write_address_factor), window_secs: per_member.window_secs };
            rate_limit::hit(&state.redis, kind, &format!("a{}", self.address), per_address).await?;
        }
        Ok(())
    }
    /// Writing what other members see (guestbook, comments, 일촌평, diary, photos, posts,
    /// reviews, chat) needs a verified email: 403 `EMAIL_NOT_VERIFIED` until then. The row
    /// this request carries may be older than the verification (a chat socket lives long),
    /// so an unverified one is read again before refusing.
    pub async fn require_verified_email(&self, state: &AppState) -> Result<(), AppError> {
        if self.user.email_verified_at.is_some() {
            return Ok(());
        }
        if store::by_id(&state.db, self.id()).await?.is_some_and(|u| u.email_verified_at.is_some()) {
            return Ok(());
        }
        Err(AppError::new(
            403,
            ErrorCode::EmailNotVerified,
            "이메일 인증을 마친 회원만 쓸 수 있어요. 위쪽 메뉴의 ‘이메일 인증하기’에서 코드를 다시 받을 수 있습니다.",
        ))
    }
    pub fn require_role(&self, roles: &[Role]) -> Result<(), AppError> {
        if roles.contains(&self.role()) {
            Ok(())
        } else {
            Err(AppError::forbidden("권한이 없습니다."))
        }
    }
}

pub fn login_required() -> AppError {
    AppError::unauthorized(ErrorCode::Unauthorized, "로그인이 필요합니다.")
}

/// The access token of a request: the Bearer header, else the access cookie.
pub fn access_token(headers: &HeaderMap) -> Option<String> {
    bearer(headers).or_else(|| cookie(headers, ACCESS_COOKIE))
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(|t| t.trim().to_owned())
}

/// The address a request came from (`TRUST_PROXY` decides whether `X-Forwarded-For` counts).
pub use crate::server::http::client_ip;

pub fn device(parts: &Parts) -> String {
    parts.headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("알 수 없는 기기").to_owned()
}

/// Checks an access token: signature, claims, a live session, an active member.
pub async fn authenticate(state: &AppState, token: &str) -> Result<AuthUser, AppError> {
    Ok(authenticate_with_counts(state, token, &[]).await?.0)
}

/// `authenticate`, reading `counts` about the member in the statement that reads the member.
async fn authenticate_with_counts(state: &AppState, token: &str, counts: &[&MemberCount]) -> Result<(AuthUser, Vec<i64>), AppError> {
    let (user_id, claims) = state.tokens.verify(token).map_err(|e| match e {
        TokenError::Expired => AppError::unauthorized(ErrorCode::TokenExpired, "로그인이 만료되었습니다."),
        TokenError::Invalid => AppError::unauthorized(ErrorCode::InvalidToken, "인증 정보가 올바르지 않습니다."),
    })?;
    // The session must be live *and* the member's own: a token naming one member and
    // another's session (or the other way round) is not a login.
    if session::owner(&state.redis, &claims.sid).await? != Some(user_id) {
        return Err(AppError::unauthorized(ErrorCode::SessionEnded, "로그아웃된 세션입니다. 다시 로그인해 주세요."));
    }
    let found = if counts.is_empty() {
        store::by_id(&state.db, user_id).await?.map(|user| (user, Vec::new()))
    } else {
        store::by_id_with_counts(&state.db, user_id, counts).await?
    };
    match found {
        Some((user, counts)) if user.status == MemberStatus::Active => {
            Ok((AuthUser { user, session: claims.sid, address: String::new() }, counts))
        }
        Some(_) => Err(AppError::unauthorized(ErrorCode::AccountSuspended, "이용이 정지된 계정입니다.")),
        None => Err(login_required()),
    }
}

/// The accounts document: calling signup while signed in is a 403. A token that does not
/// sign anyone in (expired, ended) is no obstacle.
pub async fn refuse_when_signed_in(state: &AppState, headers: &HeaderMap) -> Result<(), AppError> {
    let Some(token) = access_token(headers) else { return Ok(()) };
    match authenticate(state, &token).await {
        Ok(_) => Err(AppError::new(403, ErrorCode::AlreadySignedIn, "이미 로그인되어 있습니다. 로그아웃한 뒤 가입해 주세요.")),
        Err(e) if e.status == 401 => Ok(()),
        Err(e) => Err(e),
    }
}

/// The member acting without a request (tests, scheduled jobs): active members only, with
/// no session behind them.
pub async fn acting_as(state: &AppState, id: u64) -> Result<Option<AuthUser>, AppError> {
    Ok(store::by_id(&state.db, id).await?.filter(|u| u.status == MemberStatus::Active).map(|user| AuthUser {
        user,
        session: String::new(),
        address: String::new(),
    }))
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = access_token(&parts.headers).ok_or_else(login_required)?;
        let mut user = authenticate(state, &token).await?;
        user.address = client_ip(parts, state.config.trust_proxy);
        Ok(user)
    }
}

// ------------------------------------------------------------------ cookies

fn secure(state: &AppState) -> &'static str {
    if state.config.public_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    }
}

pub fn session_cookies(state: &AppState, s: &SignedIn) -> Vec<HeaderValue> {
    let mut out = vec![HeaderValue::from_str(&format!(
        "{ACCESS_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        s.access_token,
        s.access_expires_at - service::now(),
        secure(state)
    ))
    .expect("cookie")];
    if !s.refresh_token.is_empty() {
        // Without "keep me signed in" the refresh cookie ends with the browser session.
        let max_age = if s.keep { format!("; Max-Age={}", s.refresh_expires_at - service::now()) } else { String::new() };
        out.push(
            HeaderValue::from_str(&format!(
                "{REFRESH_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax{max_age}{}",
                s.refresh_token,
                secure(state)
            ))
            .expect("cookie"),
        );
    }
    out
}

pub fn clear_cookies(state: &AppState) -> Vec<HeaderValue> {
    [ACCESS_COOKIE, REFRESH_COOKIE]
        .iter()
        .map(|name| HeaderValue::from_str(&format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}", secure(state))).expect("cookie"))
        .collect()
}

// ------------------------------------------------------------------ pages and server functions

/// Per-request memo, so one page render refreshes at most once.
#[derive(Clone, Default)]
pub struct AuthCache(Arc<tokio::sync::Mutex<Option<Option<AuthUser>>>>);

fn set_cookies(cookies: Vec<HeaderValue>) {
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        for c in cookies {
            res.append_header(header::SET_COOKIE, c);
        }
    }
}

/// Sets one cookie on the response of the current server function or page.
pub fn set_cookie(cookie: HeaderValue) {
    set_cookies(vec![cookie]);
}

/// Sets the session cookies on the response of the current server function or page.
pub fn start_browser_session(state: &AppState, signed_in: &SignedIn) {
    set_cookies(session_cookies(state, signed_in));
    if let Some(cache) = leptos::prelude::use_context::<AuthCache>() {
        if let Ok(mut c) = cache.0.try_lock() {
            *c = None;
        }
    }
}

pub fn end_browser_session(state: &AppState) {
    set_cookies(clear_cookies(state));
}

pub fn request_parts() -> Result<Parts, AppError> {
    leptos::prelude::use_context::<Parts>().ok_or_else(AppError::internal)
}

pub async fn current_user() -> Result<Option<AuthUser>, AppError> {
    Ok(current_user_with_counts(&[]).await?.0)
}

/// `current_user`, with `counts` about the member read in the statement that reads the
/// member when this call is the request's first to ask who is signed in (the top bar's,
/// which a page creates before its other resources). `None` for the counts when someone
/// asked first, or the session was just refreshed: read them separately then.
pub async fn current_user_with_counts(counts: &[&MemberCount]) -> Result<(Option<AuthUser>, Option<Vec<i64>>), AppError> {
    let cache = leptos::prelude::use_context::<AuthCache>().unwrap_or_default();
    let mut slot = cache.0.lock().await;
    if let Some(known) = slot.as_ref() {
        return Ok((known.clone(), None));
    }
    let state = crate::server::app_state()?;
    let parts = request_parts()?;
    let (user, read, cookies) = from_cookies_with_counts(&state, &parts, counts).await?;
    set_cookies(cookies);
    *slot = Some(user.clone());
    Ok((user, read))
}

/// The member a browser request's cookies sign in, refreshing an expired access cookie;
/// with the cookies the answer must set (new ones after a refresh, cleared ones after a
/// refused refresh). For handlers outside Leptos (the OAuth provider's authorize).
pub async fn from_cookies(state: &AppState, parts: &Parts) -> Result<(Option<AuthUser>, Vec<HeaderValue>), AppError> {
    let (user, _, cookies) = from_cookies_with_counts(state, parts, &[]).await?;
    Ok((user, cookies))
}

/// `from_cookies`, with `counts` read in the statement that reads the member when the access
/// cookie signs them in (`None` when not read: a guest, or a session just refreshed).
async fn from_cookies_with_counts(
    state: &AppState,
    parts: &Parts,
    counts: &[&MemberCount],
) -> Result<(Option<AuthUser>, Option<Vec<i64>>, Vec<HeaderValue>), AppError> {
    let ip = client_ip(parts, state.config.trust_proxy);
    if let Some(token) = cookie(&parts.headers, ACCESS_COOKIE) {
        match authenticate_with_counts(state, &token, counts).await {
            Ok((user, counts)) => return Ok((Some(AuthUser { address: ip, ..user }), Some(counts), Vec::new())),
            Err(e) if e.status == 401 => {}
            Err(e) => return Err(e),
        }
    }
    let Some(refresh) = cookie(&parts.headers, REFRESH_COOKIE) else {
        return Ok((None, None, Vec::new()));
    };
    match service::refresh(state, &refresh, BROWSER_REFRESH_GRACE_SECS, &ip).await {
        Ok(signed_in) => {
            let cookies = session_cookies(state, &signed_in);
            Ok((Some(AuthUser { user: signed_in.user, session: signed_in.session, address: ip }), None, cookies))
        }
        Err(e) if e.status == 401 => Ok((None, None, clear_cookies(state))),
        Err(e) => Err(e),
    }
}

pub async fn require_user() -> Result<AuthUser, AppError> {
    current_user().await?.ok_or_else(login_required)
}

/// The member when a token is sent, None for guests; a bad token is still a 401.
pub struct MaybeUser(pub Option<AuthUser>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        match access_token(&parts.headers) {
            Some(token) => {
                let user = authenticate(state, &token).await?;
                Ok(MaybeUser(Some(AuthUser { address: client_ip(parts, state.config.trust_proxy), ..user })))
            }
            None => Ok(MaybeUser(None)),
        }
    }
}
