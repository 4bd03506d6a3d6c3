//! REST of the timetables (see service/timetables.rs and service/sharing.rs): the member's
//! timetables, their lectures and blocks, sharing with 일촌, and the .ics and PNG exports.
//! Reading a timetable (and its exports) takes an optional login: a PUBLIC one is open to
//! guests; one the asker may not read answers 404. Those reads are also opened straight by
//! the browser (the download links, the page), so without a Bearer token they sign in by
//! the cookies, refreshing an expired access cookie like the pages do (`Viewer`).

use super::super::{model::*, service};
use crate::{
    account::auth::{self, AuthUser, MaybeUser},
    error::AppError,
    server::{
        error::{ApiJson, ApiPath, ApiQuery, ErrorBody},
        AppState,
    },
};
use axum::{
    extract::{FromRequestParts, State},
    http::{header, request::Parts, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::{delete, get, post, put},
    Json, Router,
};
use serde::Deserialize;
use utoipa::IntoParams;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/timetables", get(my_timetables).post(create_timetable))
        .route("/timetables/{id}", get(get_timetable).patch(update_timetable).delete(delete_timetable))
        .route("/timetables/{id}/lectures/{lecture_id}", put(add_lecture).delete(remove_lecture))
        .route("/timetables/{id}/blocks", post(add_block))
        .route("/timetables/{id}/blocks/{block_id}", delete(remove_block))
        .route("/timetables/{id}/calendar.ics", get(calendar))
        .route("/timetables/{id}/image.png", get(image))
        .route("/timetables/{id}/common-free", get(common_free))
        .route("/timetable-friends", get(friends))
}

/// Who reads a timetable or its export: the Bearer token's member when the request has
/// one (API clients; a bad token is 401); otherwise the cookies' member, an expired access
/// cookie refreshed from the refresh cookie (a download link works after the 15-minute
/// access cookie ends), with the cookies the answer must set. Handlers take it after the
/// path, so a bad path is refused before any refresh.
struct Viewer {
    user: Option<AuthUser>,
    cookies: Vec<HeaderValue>,
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if parts.headers.contains_key(header::AUTHORIZATION) {
            let MaybeUser(user) = MaybeUser::from_request_parts(parts, state).await?;
            return Ok(Viewer { user, cookies: vec![] });
        }
        let (user, cookies) = auth::from_cookies(state, parts).await?;
        Ok(Viewer { user, cookies })
    }
}

impl Viewer {
    /// The answer (an error too) with the refreshed cookies on it: a rotated refresh token
    /// must reach the browser whatever the answer is.
    fn answer(self, res: Result<Response, AppError>) -> Response {
        let mut res = res.unwrap_or_else(IntoResponse::into_response);
        for c in self.cookies {
            res.headers_mut().append(header::SET_COOKIE, c);
        }
        res
    }
}

#[derive(Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct MyQuery {
    /// Default: the current semester (or the asked timetable's).
    semester_id: Option<u64>,
    /// The member's timetable to show whole; default: the semester's primary (or first).
    timetable_id: Option<u64>,
}

#[derive(Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct SemesterQuery {
    /// Default: the current semester.
    semester_id: Option<u64>,
}

#[derive(Deserialize, IntoParams)]
pub struct MineQuery {
    /// The member's timetable to lay over it; default: their primary of that semester.
    mine: Option<u64>,
}

/// The timetable page: the semesters, the member's school, their timetables of the
/// semester, and one of them whole.
#[utoipa::path(get, path = "/api/timetables", tag = "timetables", params(MyQuery), security(("bearer" = [])),
    responses((status = 200, body = MyTimetables), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody, description = "SEMESTER_NOT_FOUND, TIMETABLE_NOT_FOUND")))]
async fn my_timetables(State(s): State<AppState>, me: AuthUser, ApiQuery(q): ApiQuery<MyQuery>) -> Result<Json<MyTimetables>, AppError> {
    Ok(Json(service::my_timetables(&s, &me, q.semester_id, q.timetable_id).await?))
}

/// A new timetable (name 1–40 characters); the semester's first becomes the primary.
#[utoipa::path(post, path = "/api/timetables", tag = "timetables", request_body = NewTimetable, security(("bearer" = [])),
    responses((status = 201, body = TimetableSummary), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody, description = "SEMESTER_NOT_FOUND"),
        (status = 409, body = ErrorBody, description = "TOO_MANY_TIMETABLES")))]
async fn create_timetable(State(s): State<AppState>, me: AuthUser, ApiJson(input): ApiJson<NewTimetable>) -> Result<Response, AppError> {
    let t = service::create_timetable(&s, &me, input).await?;
    Ok((StatusCode::CREATED, Json(t)).into_response())
}

/// A timetable as the asker may see it: the owner always, 일촌 when ILCHON, anyone when PUBLIC.
#[utoipa::path(get, path = "/api/timetables/{id}", tag = "timetables", params(("id" = u64, Path, description = "timetable")),
    responses((status = 200, body = Timetable), (status = 404, body = ErrorBody, description = "TIMETABLE_NOT_FOUND")))]
async fn get_timetable(State(s): State<AppState>, ApiPath(id): ApiPath<u64>, viewer: Viewer) -> Response {
    let res = service::get_timetable(&s, viewer.user.as_ref(), id).await.map(|t| Json(t).into_response());
    viewer.answer(res)
}

/// Renames it, changes who may see it, or makes it the primary (`isPrimary: false` on the
/// primary is refused: make another one primary instead).
#[utoipa::path(patch, path = "/api/timetables/{id}", tag = "timetables", params(("id" = u64, Path, description = "timetable")),
    request_body = TimetablePatch, security(("bearer" = [])),
    responses((status = 200, body = TimetableSummary), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn update_timetable(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(patch): ApiJson<TimetablePatch>,
) -> Result<Json<TimetableSummary>, AppError> {
    Ok(Json(service::update_timetable(&s, &me, id, patch).await?))
}

/// Deletes it; when it was the primary, the oldest one left takes its place.
#[utoipa::path(delete, path = "/api/timetables/{id}", tag = "timetables", params(("id" = u64, Path, description = "timetable")),
    security(("bearer" = [])), responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_timetable(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::delete_timetable(&s, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds a lecture of the member's school and the timetable's semester. A lecture already
/// there answers the timetable unchanged. 409 TIMETABLE_CLASH names what it clashes with.
#[utoipa::path(put, path = "/api/timetables/{id}/lectures/{lecture_id}", tag = "timetables",
    params(("id" = u64, Path, description = "timetable"), ("lecture_id" = u64, Path, description = "lecture")), security(("bearer" = [])),
    responses((status = 200, body = Timetable), (status = 400, body = ErrorBody, description = "another semester's lecture"),
        (status = 403, body = ErrorBody, description = "NOT_SCHOOL_MEMBER"), (status = 404, body = ErrorBody, description = "TIMETABLE_NOT_FOUND, LECTURE_NOT_FOUND"),
        (status = 409, body = ErrorBody, description = "TIMETABLE_CLASH, TOO_MANY_CREDITS")))]
async fn add_lecture(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath((id, lecture)): ApiPath<(u64, u64)>,
) -> Result<Json<Timetable>, AppError> {
    Ok(Json(service::add_lecture(&s, &me, id, lecture).await?))
}

/// Takes a lecture out (one that is not there: the timetable unchanged).
#[utoipa::path(delete, path = "/api/timetables/{id}/lectures/{lecture_id}", tag = "timetables",
    params(("id" = u64, Path, description = "timetable"), ("lecture_id" = u64, Path, description = "lecture")), security(("bearer" = [])),
    responses((status = 200, body = Timetable), (status = 404, body = ErrorBody)))]
async fn remove_lecture(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath((id, lecture)): ApiPath<(u64, u64)>,
) -> Result<Json<Timetable>, AppError> {
    Ok(Json(service::remove_lecture(&s, &me, id, lecture).await?))
}

/// Adds the member's own block (title, place, one of the block colours, times such as
/// "화 18:00-20:00" or "금6,7"); 400 INVALID_TIMES with the reason on `times`.
#[utoipa::path(post, path = "/api/timetables/{id}/blocks", tag = "timetables", params(("id" = u64, Path, description = "timetable")),
    request_body = BlockInput, security(("bearer" = [])),
    responses((status = 201, body = Timetable), (status = 400, body = ErrorBody, description = "INVALID_FIELDS, INVALID_TIMES"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "TIMETABLE_CLASH")))]
async fn add_block(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(input): ApiJson<BlockInput>,
) -> Result<Response, AppError> {
    let t = service::add_block(&s, &me, id, input).await?;
    Ok((StatusCode::CREATED, Json(t)).into_response())
}

#[utoipa::path(delete, path = "/api/timetables/{id}/blocks/{block_id}", tag = "timetables",
    params(("id" = u64, Path, description = "timetable"), ("block_id" = u64, Path, description = "block")), security(("bearer" = [])),
    responses((status = 200, body = Timetable), (status = 404, body = ErrorBody)))]
async fn remove_block(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath((id, block)): ApiPath<(u64, u64)>,
) -> Result<Json<Timetable>, AppError> {
    Ok(Json(service::remove_block(&s, &me, id, block).await?))
}

/// A download: the bytes with their type and a file name.
fn download(content_type: &'static str, name: &str, bytes: Vec<u8>) -> Response {
    let disposition =
        HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")).unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    ([(header::CONTENT_TYPE, HeaderValue::from_static(content_type)), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response()
}

/// The timetable as an iCalendar file: one weekly event per meeting between the semester's
/// first and last day, in Asia/Seoul.
#[utoipa::path(get, path = "/api/timetables/{id}/calendar.ics", tag = "timetables", params(("id" = u64, Path, description = "timetable")),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = ErrorBody)))]
async fn calendar(State(s): State<AppState>, ApiPath(id): ApiPath<u64>, viewer: Viewer) -> Response {
    let res =
        service::calendar(&s, viewer.user.as_ref(), id).await.map(|(name, bytes)| download("text/calendar; charset=utf-8", &name, bytes));
    viewer.answer(res)
}

/// The timetable's grid as a PNG picture (503 when the server has no font to draw with).
#[utoipa::path(get, path = "/api/timetables/{id}/image.png", tag = "timetables", params(("id" = u64, Path, description = "timetable")),
    responses((status = 200, content_type = "image/png", body = Vec<u8>), (status = 404, body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn image(State(s): State<AppState>, ApiPath(id): ApiPath<u64>, viewer: Viewer) -> Response {
    let res = service::image(&s, viewer.user.as_ref(), id).await.map(|(name, bytes)| {
        let mut res = download("image/png", &name, bytes);
        // Shown in the page as a picture, saved under its name.
        res.headers_mut().insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_str(&format!("inline; filename=\"{name}\"")).unwrap_or_else(|_| HeaderValue::from_static("inline")),
        );
        res
    });
    viewer.answer(res)
}

/// The 일촌 whose primary timetable of the semester is shared with them (ILCHON or PUBLIC).
#[utoipa::path(get, path = "/api/timetable-friends", tag = "timetables", params(SemesterQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<FriendTimetable>), (status = 401, body = ErrorBody)))]
async fn friends(
    State(s): State<AppState>,
    me: AuthUser,
    ApiQuery(q): ApiQuery<SemesterQuery>,
) -> Result<Json<Vec<FriendTimetable>>, AppError> {
    Ok(Json(service::friend_timetables(&s, &me, q.semester_id).await?))
}

/// This timetable (one the member may read) laid over the member's own (`mine`, or their
/// primary of its semester): the windows both are free, 09:00–21:00, 월–금 (+토).
#[utoipa::path(get, path = "/api/timetables/{id}/common-free", tag = "timetables", params(("id" = u64, Path, description = "the other timetable"), MineQuery),
    security(("bearer" = [])), responses((status = 200, body = CommonFreeTime), (status = 404, body = ErrorBody)))]
async fn common_free(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(q): ApiQuery<MineQuery>,
) -> Result<Json<CommonFreeTime>, AppError> {
    Ok(Json(service::common_free_time(&s, &me, id, q.mine).await?))
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        my_timetables, create_timetable, get_timetable, update_timetable, delete_timetable, add_lecture, remove_lecture, add_block,
        remove_block, calendar, image, friends, common_free
    ),
    tags((name = "timetables", description = "시간표: my timetables, lectures and blocks with clash checks, sharing with 일촌, .ics and PNG exports"))
)]
pub struct Api;
