//! REST for what the account pages do for the member themself: who am I, password change and
//! reset, find my email, sessions, and the email and mobile changes proved by a code. The
//! same flows as the pages' server functions (`service`, `contact`).

use super::rest_types::*;
use super::{
    auth::{self, AuthUser},
    blocks as block_list, consent, contact,
    model::{AccountView, BlockedMember, ConsentRecord, GuardianView, SessionInfo},
    service, session,
};
use crate::{
    error::AppError,
    server::{
        error::{ApiJson, ApiPath, ErrorBody},
        AppState,
    },
};
use axum::{
    extract::State,
    http::{request::Parts, StatusCode},
    routing::{delete, get, post, put},
    Json, Router,
};

/// How long an email or SMS code works (contact.rs).
const CODE_TTL_SECS: u64 = 600;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me", get(who_am_i))
        .route("/me/password", post(change_password))
        .route("/me/sessions", get(sessions))
        .route("/me/sessions/{id}", delete(end_session))
        .route("/me/email", post(start_email_change))
        .route("/me/email/confirm", post(confirm_email_change))
        .route("/me/phone", post(start_phone_change).delete(remove_phone))
        .route("/me/phone/confirm", post(confirm_phone_change))
        .route("/me/consents", get(consents).post(agree))
        .route("/guardian/{token}", get(guardian_request).post(guardian_consent))
        .route("/me/blocks", get(blocks))
        .route("/me/blocks/{user}", put(block).delete(unblock))
        .route("/password-reset", post(request_reset))
        .route("/password-reset/complete", post(complete_reset))
        .route("/find-email", post(find_email))
}

fn message(m: &str) -> Json<Message> {
    Json(Message { message: m.into() })
}

/// The signed-in member's own account.
#[utoipa::path(get, path = "/api/me", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = AccountView), (status = 401, body = ErrorBody)))]
async fn who_am_i(me: AuthUser) -> Json<AccountView> {
    Json(me.user.account_view())
}

/// Changes the password; the current one is asked (wrong: 403 WRONG_PASSWORD). Other
/// sessions end unless `endOtherSessions` is false.
#[utoipa::path(post, path = "/api/me/password", tag = "me", request_body = PasswordChange, security(("bearer" = [])),
    responses((status = 200, body = Message), (status = 400, body = ErrorBody, description = "INVALID_FIELDS"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "WRONG_PASSWORD")))]
async fn change_password(
    State(state): State<AppState>,
    me: AuthUser,
    ApiJson(req): ApiJson<PasswordChange>,
) -> Result<Json<Message>, AppError> {
    let end_others = req.end_other_sessions.unwrap_or(true);
    service::change_password(&state, me.id(), &req.current_password, &req.new_password, end_others, &me.session).await?;
    Ok(message("비밀번호를 변경했습니다."))
}

/// The member's sessions (devices signed in), the one asking marked `current`.
#[utoipa::path(get, path = "/api/me/sessions", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = Vec<SessionInfo>), (status = 401, body = ErrorBody)))]
async fn sessions(State(state): State<AppState>, me: AuthUser) -> Result<Json<Vec<SessionInfo>>, AppError> {
    Ok(Json(session::list(&state.redis, me.id(), Some(&me.session)).await?))
}

/// Ends one of the member's sessions (its tokens stop working).
#[utoipa::path(delete, path = "/api/me/sessions/{id}", tag = "me", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody, description = "SESSION_NOT_FOUND")))]
async fn end_session(State(state): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<String>) -> Result<StatusCode, AppError> {
    service::end_session(&state, me.id(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Mails a 6-digit code to the new address; the address changes only when the code comes
/// back (`/api/me/email/confirm`). The current password is asked.
#[utoipa::path(post, path = "/api/me/email", tag = "me", request_body = EmailChange, security(("bearer" = [])),
    responses((status = 202, body = CodeSent), (status = 400, body = ErrorBody, description = "INVALID_FIELDS"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "WRONG_PASSWORD"),
              (status = 409, body = ErrorBody, description = "EMAIL_EXISTS"), (status = 429, body = ErrorBody, description = "RESEND_COOLDOWN")))]
async fn start_email_change(
    State(state): State<AppState>,
    me: AuthUser,
    ApiJson(req): ApiJson<EmailChange>,
) -> Result<(StatusCode, Json<CodeSent>), AppError> {
    let sent_to = contact::start_email_change(&state, &me.user, &req.email, &req.password).await?;
    Ok((StatusCode::ACCEPTED, Json(CodeSent { sent_to, expires_in_secs: CODE_TTL_SECS })))
}

/// The code from the mail: the new address replaces the old (which is told), verified.
#[utoipa::path(post, path = "/api/me/email/confirm", tag = "me", request_body = CodeConfirmation, security(("bearer" = [])),
    responses((status = 200, body = AccountView), (status = 400, body = ErrorBody, description = "INVALID_CODE"),
              (status = 401, body = ErrorBody), (status = 409, body = ErrorBody, description = "EMAIL_EXISTS"),
              (status = 429, body = ErrorBody, description = "TOO_MANY_ATTEMPTS")))]
async fn confirm_email_change(
    State(state): State<AppState>,
    me: AuthUser,
    ApiJson(req): ApiJson<CodeConfirmation>,
) -> Result<Json<AccountView>, AppError> {
    Ok(Json(contact::confirm_email_change(&state, &me.user, &req.code).await?.account_view()))
}

/// Texts a 6-digit code to the new mobile number (through the SMS sender; the local sink in
/// development and tests).
#[utoipa::path(post, path = "/api/me/phone", tag = "me", request_body = PhoneChange, security(("bearer" = [])),
    responses((status = 202, body = CodeSent), (status = 400, body = ErrorBody, description = "INVALID_FIELDS"),
              (status = 401, body = ErrorBody), (status = 429, body = ErrorBody, description = "RESEND_COOLDOWN")))]
async fn start_phone_change(
    State(state): State<AppState>,
    me: AuthUser,
    ApiJson(req): ApiJson<PhoneChange>,
) -> Result<(StatusCode, Json<CodeSent>), AppError> {
    let sent_to = contact::start_phone_change(&state, &me.user, &req.phone).await?;
    Ok((StatusCode::ACCEPTED, Json(CodeSent { sent_to, expires_in_secs: CODE_TTL_SECS })))
}

/// The code from the text: the number is the member's, verified.
#[utoipa::path(post, path = "/api/me/phone/confirm", tag = "me", request_body = CodeConfirmation, security(("bearer" = [])),
    responses((status = 200, body = AccountView), (status = 400, body = ErrorBody, description = "INVALID_CODE"),
              (status = 401, body = ErrorBody), (status = 429, body = ErrorBody, description = "TOO_MANY_ATTEMPTS")))]
async fn confirm_phone_change(
    State(state): State<AppState>,
    me: AuthUser,
    ApiJson(req): ApiJson<CodeConfirmation>,
) -> Result<Json<AccountView>, AppError> {
    Ok(Json(contact::confirm_phone_change(&state, &me.user, &req.code).await?.account_view()))
}

/// Removes the mobile number.
#[utoipa::path(delete, path = "/api/me/phone", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = AccountView), (status = 401, body = ErrorBody)))]
async fn remove_phone(State(state): State<AppState>, me: AuthUser) -> Result<Json<AccountView>, AppError> {
    Ok(Json(contact::remove_phone(&state, &me.user).await?.account_view()))
}

/// What the member agreed to (terms, privacy notice, a guardian's consent), newest first.
#[utoipa::path(get, path = "/api/me/consents", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = Vec<ConsentRecord>), (status = 401, body = ErrorBody)))]
async fn consents(State(state): State<AppState>, me: AuthUser) -> Result<Json<Vec<ConsentRecord>>, AppError> {
    Ok(Json(consent::list(&state, me.id()).await?))
}

/// Agrees now to the current terms and privacy notice (a signup that carried no agreement,
/// or a new version). Answers the whole record.
#[utoipa::path(post, path = "/api/me/consents", tag = "me", security(("bearer" = [])),
    responses((status = 201, body = Vec<ConsentRecord>), (status = 401, body = ErrorBody)))]
async fn agree(State(state): State<AppState>, me: AuthUser, parts: Parts) -> Result<(StatusCode, Json<Vec<ConsentRecord>>), AppError> {
    let list = consent::agree_now(&state, me.id(), &auth::client_ip(&parts, state.config.trust_proxy)).await?;
    Ok((StatusCode::CREATED, Json(list)))
}

/// A guardian's link (mailed when a member under 14 signs up): whose signup it is.
#[utoipa::path(get, path = "/api/guardian/{token}", tag = "me",
    responses((status = 200, body = GuardianView), (status = 400, body = ErrorBody, description = "INVALID_GUARDIAN_TOKEN")))]
async fn guardian_request(State(state): State<AppState>, ApiPath(token): ApiPath<String>) -> Result<Json<GuardianView>, AppError> {
    Ok(Json(consent::guardian_request(&state, &token).await?))
}

/// The guardian agrees: the member may sign in from now on.
#[utoipa::path(post, path = "/api/guardian/{token}", tag = "me",
    responses((status = 200, body = GuardianView), (status = 400, body = ErrorBody, description = "INVALID_GUARDIAN_TOKEN")))]
async fn guardian_consent(State(state): State<AppState>, ApiPath(token): ApiPath<String>) -> Result<Json<GuardianView>, AppError> {
    Ok(Json(consent::guardian_consent(&state, &token).await?))
}

/// The members I blocked, newest first. A block holds site-wide and both ways: chat, calls,
/// guestbook, comments, 일촌평, 일촌 requests and named 쪽지.
#[utoipa::path(get, path = "/api/me/blocks", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = Vec<BlockedMember>), (status = 401, body = ErrorBody)))]
async fn blocks(State(state): State<AppState>, me: AuthUser) -> Result<Json<Vec<BlockedMember>>, AppError> {
    Ok(Json(block_list::list(&state, me.id()).await?))
}

/// Blocks a member (again is fine).
#[utoipa::path(put, path = "/api/me/blocks/{user}", tag = "me", security(("bearer" = [])),
    responses((status = 204), (status = 400, body = ErrorBody, description = "BLOCK_SELF"), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody, description = "USER_NOT_FOUND")))]
async fn block(State(state): State<AppState>, me: AuthUser, ApiPath(user): ApiPath<u64>) -> Result<StatusCode, AppError> {
    block_list::set(&state, me.id(), user, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Lifts a block.
#[utoipa::path(delete, path = "/api/me/blocks/{user}", tag = "me", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody, description = "USER_NOT_FOUND")))]
async fn unblock(State(state): State<AppState>, me: AuthUser, ApiPath(user): ApiPath<u64>) -> Result<StatusCode, AppError> {
    block_list::set(&state, me.id(), user, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Mails a one-time reset link if the address is a member's; answers the same either way.
#[utoipa::path(post, path = "/api/password-reset", tag = "me", request_body = ResetRequest,
    responses((status = 202, body = Message), (status = 429, body = ErrorBody)))]
async fn request_reset(
    State(state): State<AppState>,
    parts: Parts,
    ApiJson(req): ApiJson<ResetRequest>,
) -> Result<(StatusCode, Json<Message>), AppError> {
    service::request_reset(&state, &req.email, &auth::client_ip(&parts, state.config.trust_proxy)).await?;
    Ok((StatusCode::ACCEPTED, message("가입된 이메일이라면 재설정 링크를 보냈습니다.")))
}

/// Sets a new password with the mailed token (once); every session of the account ends.
#[utoipa::path(post, path = "/api/password-reset/complete", tag = "me", request_body = ResetCompletion,
    responses((status = 200, body = Message), (status = 400, body = ErrorBody, description = "INVALID_RESET_TOKEN or INVALID_FIELDS")))]
async fn complete_reset(State(state): State<AppState>, ApiJson(req): ApiJson<ResetCompletion>) -> Result<Json<Message>, AppError> {
    service::reset_password(&state, &req.token, &req.password).await?;
    Ok(message("비밀번호를 재설정했습니다. 새 비밀번호로 로그인해 주세요."))
}

/// The masked addresses of members with that name and mobile number.
#[utoipa::path(post, path = "/api/find-email", tag = "me", request_body = FindEmailRequest,
    responses((status = 200, body = FoundEmails), (status = 400, body = ErrorBody, description = "INVALID_FIELDS"), (status = 429, body = ErrorBody)))]
async fn find_email(
    State(state): State<AppState>,
    parts: Parts,
    ApiJson(req): ApiJson<FindEmailRequest>,
) -> Result<Json<FoundEmails>, AppError> {
    let emails = service::find_email(&state, &req.name, &req.phone, &auth::client_ip(&parts, state.config.trust_proxy)).await?;
    Ok(Json(FoundEmails { emails }))
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(
    who_am_i,
    change_password,
    sessions,
    end_session,
    start_email_change,
    confirm_email_change,
    start_phone_change,
    confirm_phone_change,
    remove_phone,
    consents,
    agree,
    guardian_request,
    guardian_consent,
    blocks,
    block,
    unblock,
    request_reset,
    complete_reset,
    find_email
))]
pub struct MeApi;
