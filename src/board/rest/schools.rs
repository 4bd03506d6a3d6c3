//! REST of schools, membership, boards and pins, and the staff's school, board and
//! request management (the service checks the role).

use super::super::{model::*, service};
use crate::{
    account::auth::{AuthUser, MaybeUser},
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
    routing::{get, patch, post, put},
    Json, Router,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/schools", get(list_schools))
        .route("/schools/verify-email", post(verify_email))
        .route("/schools/verify", post(verify_code))
        .route("/schools/{id}/requests", post(request_school))
        .route("/community/me", get(my_community))
        .route("/boards", get(list_boards))
        .route("/boards/{id}", get(get_board))
        .route("/boards/{id}/pin", put(pin).delete(unpin))
        .route("/admin/schools", post(create_school))
        .route("/admin/schools/{id}", patch(update_school))
        .route("/admin/school-requests", get(school_requests))
        .route("/admin/school-requests/{id}", post(decide_request))
        .route("/admin/boards", post(create_board))
        .route("/admin/boards/{id}", patch(update_board))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VerifyEmailInput {
    /// An address at one of the school's domains.
    email: String,
    /// 학번 as the year of admission (e.g. 2023).
    admission_year: u16,
}

#[derive(Deserialize, ToSchema)]
pub struct CodeInput {
    code: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JoinRequestInput {
    admission_year: u16,
    #[serde(default)]
    message: String,
}

#[derive(Deserialize, ToSchema)]
pub struct DecisionInput {
    /// true approves (the member joins), false rejects.
    approve: bool,
}

#[derive(Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct BoardQuery {
    /// Only this school's boards.
    school_id: Option<u64>,
    /// Boards whose name contains this text.
    name: Option<String>,
}

/// Every school with its email domains (a school without one admits by staff approval).
#[utoipa::path(get, path = "/api/schools", tag = "community", responses((status = 200, body = Vec<School>)))]
async fn list_schools(State(s): State<AppState>) -> Result<Json<Vec<School>>, AppError> {
    Ok(Json(service::list_schools(&s).await?))
}

/// Where the member stands: membership, a waiting request or mailed code, unread counts.
#[utoipa::path(get, path = "/api/community/me", tag = "community", security(("bearer" = [])),
    responses((status = 200, body = MyCommunity), (status = 401, body = ErrorBody)))]
async fn my_community(State(s): State<AppState>, me: AuthUser) -> Result<Json<MyCommunity>, AppError> {
    Ok(Json(service::my_community(&s, &me).await?))
}

/// Mails a 6-digit code to a school address (once a minute; the code lives 10 minutes).
#[utoipa::path(post, path = "/api/schools/verify-email", tag = "community", request_body = VerifyEmailInput, security(("bearer" = [])),
    responses((status = 204), (status = 400, body = ErrorBody, description = "INVALID_FIELDS: not a school's domain, bad year"),
              (status = 409, body = ErrorBody, description = "ALREADY_SCHOOL_MEMBER, SCHOOL_EMAIL_USED"),
              (status = 429, body = ErrorBody, description = "RESEND_COOLDOWN")))]
async fn verify_email(State(s): State<AppState>, me: AuthUser, ApiJson(i): ApiJson<VerifyEmailInput>) -> Result<StatusCode, AppError> {
    service::send_school_code(&s, &me, &i.email, i.admission_year).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Enters the mailed code: the member joins the school (5 tries per code).
#[utoipa::path(post, path = "/api/schools/verify", tag = "community", request_body = CodeInput, security(("bearer" = [])),
    responses((status = 200, body = Membership), (status = 400, body = ErrorBody, description = "INVALID_CODE"),
              (status = 409, body = ErrorBody), (status = 429, body = ErrorBody, description = "TOO_MANY_ATTEMPTS")))]
async fn verify_code(State(s): State<AppState>, me: AuthUser, ApiJson(i): ApiJson<CodeInput>) -> Result<Json<Membership>, AppError> {
    Ok(Json(service::confirm_school_code(&s, &me, &i.code).await?))
}

/// Asks staff to admit the member to a school without an email domain.
#[utoipa::path(post, path = "/api/schools/{id}/requests", tag = "community", request_body = JoinRequestInput, security(("bearer" = [])),
    params(("id" = u64, Path, description = "school")),
    responses((status = 201, body = SchoolRequest), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "SCHOOL_REQUEST_PENDING, ALREADY_SCHOOL_MEMBER")))]
async fn request_school(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(i): ApiJson<JoinRequestInput>,
) -> Result<Response, AppError> {
    let r = service::request_school(&s, &me, id, i.admission_year, &i.message).await?;
    Ok((StatusCode::CREATED, Json(r)).into_response())
}

/// Boards (anyone may see which exist), by school, category and name.
#[utoipa::path(get, path = "/api/boards", tag = "community", params(BoardQuery), responses((status = 200, body = Vec<Board>)))]
async fn list_boards(
    State(s): State<AppState>,
    MaybeUser(me): MaybeUser,
    ApiQuery(q): ApiQuery<BoardQuery>,
) -> Result<Json<Vec<Board>>, AppError> {
    Ok(Json(service::list_boards(&s, me.as_ref(), q.school_id, q.name.as_deref().unwrap_or("")).await?))
}

#[utoipa::path(get, path = "/api/boards/{id}", tag = "community", params(("id" = u64, Path, description = "board")),
    responses((status = 200, body = Board), (status = 404, body = ErrorBody)))]
async fn get_board(State(s): State<AppState>, MaybeUser(me): MaybeUser, ApiPath(id): ApiPath<u64>) -> Result<Json<Board>, AppError> {
    Ok(Json(service::get_board(&s, me.as_ref(), id).await?))
}

/// Pins a board of the member's own school to the community home (again: no change).
#[utoipa::path(put, path = "/api/boards/{id}/pin", tag = "community", security(("bearer" = [])), params(("id" = u64, Path, description = "board")),
    responses((status = 204), (status = 403, body = ErrorBody, description = "NOT_SCHOOL_MEMBER"), (status = 404, body = ErrorBody)))]
async fn pin(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::pin_board(&s, &me, id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/boards/{id}/pin", tag = "community", security(("bearer" = [])), params(("id" = u64, Path, description = "board")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn unpin(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::pin_board(&s, &me, id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Staff: adds a school with its email domains.
#[utoipa::path(post, path = "/api/admin/schools", tag = "community", request_body = SchoolInput, security(("bearer" = [])),
    responses((status = 201, body = School), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_school(State(s): State<AppState>, me: AuthUser, ApiJson(i): ApiJson<SchoolInput>) -> Result<Response, AppError> {
    Ok((StatusCode::CREATED, Json(service::save_school(&s, &me, None, &i).await?)).into_response())
}

/// What a PATCH of a school may change; absent fields keep their value.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SchoolPatch {
    name: Option<String>,
    campus: Option<String>,
    /// Replaces all the school's domains when sent (an empty list: admission by approval).
    domains: Option<Vec<String>>,
}

/// What a PATCH of a board may change; absent fields keep their value.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BoardPatch {
    category: Option<BoardCategory>,
    name: Option<String>,
    description: Option<String>,
    anonymous_allowed: Option<bool>,
    questions_allowed: Option<bool>,
    retired: Option<bool>,
}

/// Staff: changes a school (only the fields sent; `domains` replaces the list).
#[utoipa::path(patch, path = "/api/admin/schools/{id}", tag = "community", request_body = SchoolPatch, security(("bearer" = [])),
    params(("id" = u64, Path, description = "school")),
    responses((status = 200, body = School), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn update_school(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(p): ApiJson<SchoolPatch>,
) -> Result<Json<School>, AppError> {
    service::require_staff(&me)?;
    let cur = service::get_school(&s, id).await?;
    let input =
        SchoolInput { name: p.name.unwrap_or(cur.name), campus: p.campus.unwrap_or(cur.campus), domains: p.domains.unwrap_or(cur.domains) };
    Ok(Json(service::save_school(&s, &me, Some(id), &input).await?))
}

/// Staff: requests to join schools, waiting ones first.
#[utoipa::path(get, path = "/api/admin/school-requests", tag = "community", security(("bearer" = [])),
    responses((status = 200, body = Vec<SchoolRequest>), (status = 403, body = ErrorBody)))]
async fn school_requests(State(s): State<AppState>, me: AuthUser) -> Result<Json<Vec<SchoolRequest>>, AppError> {
    Ok(Json(service::school_requests(&s, &me).await?))
}

/// Staff: approves or rejects a waiting request; the member gets a notice.
#[utoipa::path(post, path = "/api/admin/school-requests/{id}", tag = "community", request_body = DecisionInput, security(("bearer" = [])),
    params(("id" = u64, Path, description = "request")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn decide_request(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(i): ApiJson<DecisionInput>,
) -> Result<StatusCode, AppError> {
    service::decide_school_request(&s, &me, id, i.approve).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Staff: adds a board to a school.
#[utoipa::path(post, path = "/api/admin/boards", tag = "community", request_body = BoardInput, security(("bearer" = [])),
    responses((status = 201, body = Board), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_board(State(s): State<AppState>, me: AuthUser, ApiJson(i): ApiJson<BoardInput>) -> Result<Response, AppError> {
    Ok((StatusCode::CREATED, Json(service::save_board(&s, &me, None, &i).await?)).into_response())
}

/// Staff: changes a board (only the fields sent; its school stays); `retired: true` keeps
/// its posts, read-only.
#[utoipa::path(patch, path = "/api/admin/boards/{id}", tag = "community", request_body = BoardPatch, security(("bearer" = [])),
    params(("id" = u64, Path, description = "board")),
    responses((status = 200, body = Board), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn update_board(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(p): ApiJson<BoardPatch>,
) -> Result<Json<Board>, AppError> {
    service::require_staff(&me)?;
    let cur = service::get_board(&s, Some(&me), id).await?;
    let input = BoardInput {
        school_id: cur.school_id,
        category: p.category.unwrap_or(cur.category),
        name: p.name.unwrap_or(cur.name),
        description: p.description.unwrap_or(cur.description),
        anonymous_allowed: p.anonymous_allowed.unwrap_or(cur.anonymous_allowed),
        questions_allowed: p.questions_allowed.unwrap_or(cur.questions_allowed),
        retired: p.retired.unwrap_or(cur.retired),
    };
    Ok(Json(service::save_board(&s, &me, Some(id), &input).await?))
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        list_schools, my_community, verify_email, verify_code, request_school, list_boards, get_board, pin, unpin,
        create_school, update_school, school_requests, decide_request, create_board, update_board
    ),
    tags((name = "community", description = "커뮤니티: schools, membership, boards, posts, comments, 쪽지 and moderation"))
)]
pub struct Api;
