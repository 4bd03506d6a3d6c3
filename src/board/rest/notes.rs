//! REST API of 쪽지, reports, notices and the staff's moderation. The handlers call the same
//! service functions as the server functions (`board::api`).

use super::super::{model::*, service};
use crate::{
    account::auth::AuthUser,
    error::AppError,
    server::{
        error::{ApiJson, ApiPath, ApiQuery, ErrorBody},
        AppState,
    },
};
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/posts/{id}/notes", post(start_from_post))
        .route("/community/comments/{id}/notes", post(start_from_comment))
        .route("/notes", get(threads))
        .route("/notes/unread", get(unread))
        .route("/notes/{id}", get(open_thread).post(reply).delete(delete_thread))
        .route("/notes/{id}/block", post(block))
        .route("/reports", post(report))
        .route("/community/notices", get(notices))
        .route("/community/notices/read", post(notices_read))
        .route("/admin/reports", get(report_queue))
        .route("/admin/reports/decide", post(decide))
        .route("/admin/moderation-log", get(moderation_log))
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Started {
    thread_id: u64,
}

#[derive(Serialize, ToSchema)]
pub struct Count {
    count: u32,
}

#[derive(Deserialize, IntoParams)]
pub struct PageQuery {
    page: Option<u32>,
}

/// Sends a 쪽지 to the post's writer (an existing thread from this post is reused).
#[utoipa::path(post, path = "/api/posts/{id}/notes", tag = "community-notes", request_body = NoteInput, security(("bearer" = [])),
    responses((status = 201, body = Started), (status = 400, body = ErrorBody, description = "INVALID_FIELDS, NOTE_SELF"),
              (status = 403, body = ErrorBody, description = "NOT_SCHOOL_MEMBER, WRITING_SUSPENDED, BLOCKED"),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "CONTENT_GONE")))]
async fn start_from_post(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(input): ApiJson<NoteInput>,
) -> Result<Response, AppError> {
    let thread_id = service::start_note(&s, &me, id, None, &input.body).await?;
    Ok((StatusCode::CREATED, Json(Started { thread_id })).into_response())
}

/// Sends a 쪽지 to the comment's writer.
#[utoipa::path(post, path = "/api/community/comments/{id}/notes", tag = "community-notes", request_body = NoteInput, security(("bearer" = [])),
    responses((status = 201, body = Started), (status = 400, body = ErrorBody, description = "INVALID_FIELDS, NOTE_SELF"),
              (status = 403, body = ErrorBody, description = "NOT_SCHOOL_MEMBER, WRITING_SUSPENDED, BLOCKED"),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "CONTENT_GONE")))]
async fn start_from_comment(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(input): ApiJson<NoteInput>,
) -> Result<Response, AppError> {
    let thread_id = service::start_note_from_comment(&s, &me, id, &input.body).await?;
    Ok((StatusCode::CREATED, Json(Started { thread_id })).into_response())
}

/// My 쪽지 threads, newest first (`other` is 익명 in an anonymous thread).
#[utoipa::path(get, path = "/api/notes", tag = "community-notes", security(("bearer" = [])),
    responses((status = 200, body = Vec<NoteThread>), (status = 401, body = ErrorBody)))]
async fn threads(State(s): State<AppState>, me: AuthUser) -> Result<Json<Vec<NoteThread>>, AppError> {
    Ok(Json(service::note_threads(&s, &me).await?))
}

/// Unread 쪽지 and community notices (the top bar's count).
#[utoipa::path(get, path = "/api/notes/unread", tag = "community-notes", security(("bearer" = [])),
    responses((status = 200, body = Count), (status = 401, body = ErrorBody)))]
async fn unread(State(s): State<AppState>, me: AuthUser) -> Result<Json<Count>, AppError> {
    Ok(Json(Count { count: service::unread_total(&s, &me).await? }))
}

/// A thread's notes (marks them read).
#[utoipa::path(get, path = "/api/notes/{id}", tag = "community-notes", security(("bearer" = [])),
    responses((status = 200, body = NoteThreadView), (status = 404, body = ErrorBody, description = "NOTE_THREAD_NOT_FOUND")))]
async fn open_thread(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Json<NoteThreadView>, AppError> {
    Ok(Json(service::note_thread(&s, &me, id).await?))
}

/// Answers in a thread.
#[utoipa::path(post, path = "/api/notes/{id}", tag = "community-notes", request_body = NoteInput, security(("bearer" = [])),
    responses((status = 201, body = Note), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody, description = "BLOCKED, WRITING_SUSPENDED"),
              (status = 404, body = ErrorBody)))]
async fn reply(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(input): ApiJson<NoteInput>,
) -> Result<Response, AppError> {
    Ok((StatusCode::CREATED, Json(service::reply_note(&s, &me, id, &input.body).await?)).into_response())
}

/// Deletes the thread for me (it comes back when a newer note arrives).
#[utoipa::path(delete, path = "/api/notes/{id}", tag = "community-notes", security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_thread(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::delete_note_thread(&s, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Blocks the thread: neither side can send in it any more.
#[utoipa::path(post, path = "/api/notes/{id}/block", tag = "community-notes", security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn block(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::block_note_thread(&s, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Reports a post, comment or note (once per member and target).
#[utoipa::path(post, path = "/api/reports", tag = "community-moderation", request_body = ReportInput, security(("bearer" = [])),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "ALREADY_REPORTED, CONTENT_GONE")))]
async fn report(State(s): State<AppState>, me: AuthUser, ApiJson(input): ApiJson<ReportInput>) -> Result<StatusCode, AppError> {
    service::report(&s, &me, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What the community told me (newest 20).
#[utoipa::path(get, path = "/api/community/notices", tag = "community-moderation", security(("bearer" = [])),
    responses((status = 200, body = Vec<Notice>), (status = 401, body = ErrorBody)))]
async fn notices(State(s): State<AppState>, me: AuthUser) -> Result<Json<Vec<Notice>>, AppError> {
    Ok(Json(service::notices(&s, &me).await?))
}

#[utoipa::path(post, path = "/api/community/notices/read", tag = "community-moderation", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn notices_read(State(s): State<AppState>, me: AuthUser) -> Result<StatusCode, AppError> {
    service::mark_notices_read(&s, &me).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Staff: reported items, open ones first, with their writers.
#[utoipa::path(get, path = "/api/admin/reports", tag = "community-moderation", security(("bearer" = [])),
    responses((status = 200, body = Vec<ReportCase>), (status = 403, body = ErrorBody)))]
async fn report_queue(State(s): State<AppState>, me: AuthUser) -> Result<Json<Vec<ReportCase>>, AppError> {
    Ok(Json(service::report_queue(&s, &me).await?))
}

/// Staff: hide or dismiss a reported item (and optionally suspend its writer).
#[utoipa::path(post, path = "/api/admin/reports/decide", tag = "community-moderation", request_body = ModerationInput, security(("bearer" = [])),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn decide(State(s): State<AppState>, me: AuthUser, ApiJson(input): ApiJson<ModerationInput>) -> Result<StatusCode, AppError> {
    service::moderate(&s, &me, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Staff: the moderation log, newest first (50 per page).
#[utoipa::path(get, path = "/api/admin/moderation-log", tag = "community-moderation", params(PageQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<ModerationEntry>), (status = 403, body = ErrorBody)))]
async fn moderation_log(
    State(s): State<AppState>,
    me: AuthUser,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Json<Vec<ModerationEntry>>, AppError> {
    Ok(Json(service::moderation_log(&s, &me, q.page.unwrap_or(1)).await?))
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        start_from_post, start_from_comment, threads, unread, open_thread, reply, delete_thread, block, report, notices, notices_read,
        report_queue, decide, moderation_log
    ),
    tags((name = "community-notes", description = "쪽지 to the writer of a post or comment (anonymous on both sides when the writer was)"),
         (name = "community-moderation", description = "Reports, notices, and the staff's queue, decisions and log (STAFF, ADMIN)"))
)]
pub struct Api;
