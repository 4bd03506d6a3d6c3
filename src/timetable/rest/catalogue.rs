//! REST of the catalogue (see service/catalogue.rs): semesters, the lecture search, and the
//! staff's semesters, lectures and CSV import. (A lecture's page with its reviews is in
//! reviews.rs.)

use super::super::{model::*, service};
use crate::{
    account::{auth::AuthUser, model::Role},
    error::{AppError, ErrorCode},
    server::{
        error::{ApiJson, ApiPath, ApiQuery, ErrorBody},
        AppState,
    },
};
use axum::{
    body::Body,
    extract::State,
    http::{header::CONTENT_TYPE, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, patch, post},
    Json, Router,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/semesters", get(list_semesters))
        .route("/admin/semesters", post(create_semester))
        .route("/lectures", get(search_lectures))
        .route("/admin/lectures", post(create_lecture))
        .route("/admin/lectures/import", post(import_lectures))
        .route("/admin/lectures/{id}", patch(update_lecture))
}

/// Which school's catalogue of which semester a staff write goes to.
#[derive(Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct CatalogueTarget {
    school_id: u64,
    semester_id: u64,
}

/// What a PATCH of a lecture may change; absent fields keep their value.
#[derive(Deserialize, ToSchema, Default)]
#[serde(rename_all = "camelCase")]
pub struct LecturePatch {
    code: Option<String>,
    section: Option<String>,
    name: Option<String>,
    professor: Option<String>,
    credits: Option<u8>,
    category: Option<LectureCategory>,
    target_grade: Option<u8>,
    capacity: Option<u16>,
    room: Option<String>,
    /// In the catalogue's words ("월1,2 수3", "금 18:00-20:00").
    times: Option<String>,
}

/// Every semester, the newest first.
#[utoipa::path(get, path = "/api/semesters", tag = "timetable", responses((status = 200, body = Vec<Semester>)))]
async fn list_semesters(State(s): State<AppState>) -> Result<Json<Vec<Semester>>, AppError> {
    Ok(Json(service::semesters(&s).await?))
}

/// Staff: adds a semester (each year's term once).
#[utoipa::path(post, path = "/api/admin/semesters", tag = "timetable", request_body = SemesterInput, security(("bearer" = [])),
    responses((status = 201, body = Semester), (status = 400, body = ErrorBody, description = "INVALID_FIELDS: dates, year, a term that exists"),
              (status = 403, body = ErrorBody)))]
async fn create_semester(State(s): State<AppState>, me: AuthUser, ApiJson(i): ApiJson<SemesterInput>) -> Result<Response, AppError> {
    Ok((StatusCode::CREATED, Json(service::create_semester(&s, &me, i).await?)).into_response())
}

/// Searches the member's school's lectures of a semester (default: the current one), by
/// name, professor or code, category, day, credits, and `fits` (a timetable of theirs:
/// only lectures that clash with nothing in it). Staff may name another school.
#[utoipa::path(get, path = "/api/lectures", tag = "timetable", params(LectureQuery), security(("bearer" = [])),
    responses((status = 200, body = LecturePage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody, description = "NOT_SCHOOL_MEMBER: no school verified"),
              (status = 404, body = ErrorBody, description = "SEMESTER_NOT_FOUND, TIMETABLE_NOT_FOUND (fits: not the asker's)")))]
async fn search_lectures(
    State(s): State<AppState>,
    me: AuthUser,
    ApiQuery(q): ApiQuery<LectureQuery>,
) -> Result<Json<LecturePage>, AppError> {
    Ok(Json(service::search_lectures(&s, &me, &q).await?))
}

/// Staff: adds a lecture to a school's semester.
#[utoipa::path(post, path = "/api/admin/lectures", tag = "timetable", params(CatalogueTarget), request_body = LectureInput,
    security(("bearer" = [])),
    responses((status = 201, body = Lecture), (status = 400, body = ErrorBody, description = "INVALID_FIELDS (times: why they cannot be read)"),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody, description = "SCHOOL_NOT_FOUND, SEMESTER_NOT_FOUND")))]
async fn create_lecture(
    State(s): State<AppState>,
    me: AuthUser,
    ApiQuery(t): ApiQuery<CatalogueTarget>,
    ApiJson(i): ApiJson<LectureInput>,
) -> Result<Response, AppError> {
    let lecture = service::create_lecture(&s, &me, t.school_id, t.semester_id, i).await?;
    Ok((StatusCode::CREATED, Json(lecture)).into_response())
}

/// Staff: changes a lecture (only the fields sent; new times replace its slots). Refused
/// when a timetable holding it would clash or pass 30 credits, and a change of code or
/// professor when its course has reviews.
#[utoipa::path(patch, path = "/api/admin/lectures/{id}", tag = "timetable", request_body = LecturePatch, security(("bearer" = [])),
    params(("id" = u64, Path, description = "lecture")),
    responses((status = 200, body = Lecture),
              (status = 400, body = ErrorBody, description = "INVALID_FIELDS (code/professor: the course has reviews)"),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody, description = "LECTURE_NOT_FOUND"),
              (status = 409, body = ErrorBody, description = "TIMETABLE_CLASH, TOO_MANY_CREDITS: timetables holding it would break")))]
async fn update_lecture(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(p): ApiJson<LecturePatch>,
) -> Result<Json<Lecture>, AppError> {
    me.require_role(&[Role::Staff, Role::Admin])?;
    let cur = service::get_lecture(&s, &me, id).await?;
    let input = LectureInput {
        code: p.code.unwrap_or(cur.code),
        section: p.section.unwrap_or(cur.section),
        name: p.name.unwrap_or(cur.name),
        professor: p.professor.unwrap_or(cur.professor),
        credits: p.credits.unwrap_or(cur.credits),
        category: p.category.or(Some(cur.category)),
        target_grade: p.target_grade.unwrap_or(cur.target_grade),
        capacity: p.capacity.unwrap_or(cur.capacity),
        room: p.room.unwrap_or(cur.room),
        times: p.times.unwrap_or(cur.times_text),
    };
    Ok(Json(service::update_lecture(&s, &me, id, input).await?))
}

/// Whether a body of this type may be CSV text (no type at all is taken as CSV).
fn may_be_csv(headers: &HeaderMap) -> bool {
    let Some(kind) = headers.get(CONTENT_TYPE) else { return true };
    let kind = kind.to_str().unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    kind.starts_with("text/") || kind == "application/csv" || kind == "application/octet-stream" || kind == "application/vnd.ms-excel"
}

/// Staff: imports a school's semester catalogue from CSV (UTF-8, at most 1 MB and 5000
/// lines). The first line is `code,section,name,professor,credits,category,grade,capacity,room,times`
/// (any order); `category` is 전공필수, 전공선택, 교양필수, 교양, 교직, 일반선택 or the stored word;
/// `times` is in the catalogue's words ("월1,2 수3"). Lectures are matched by code and
/// section (made or changed); refused lines come back with their number (the header is
/// line 1) and why, and the other lines are still imported. A change that would break a
/// timetable holding the lecture, or change the professor of a reviewed course, is refused.
#[utoipa::path(post, path = "/api/admin/lectures/import", tag = "timetable", params(CatalogueTarget),
    request_body(content = String, content_type = "text/csv",
        example = "code,section,name,professor,credits,category,grade,capacity,room,times\nCSE2010,01,자료구조,김민수,3,전공필수,2,60,T동 301,월1,2 수3"),
    security(("bearer" = [])),
    responses((status = 200, body = ImportReport), (status = 400, body = ErrorBody, description = "not UTF-8, not the catalogue's CSV (header)"),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody, description = "SCHOOL_NOT_FOUND, SEMESTER_NOT_FOUND"),
              (status = 413, body = ErrorBody, description = "FILE_TOO_LARGE: over 1 MB"),
              (status = 415, body = ErrorBody, description = "not text/csv")))]
async fn import_lectures(
    State(s): State<AppState>,
    me: AuthUser,
    ApiQuery(t): ApiQuery<CatalogueTarget>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<ImportReport>, AppError> {
    me.require_role(&[Role::Staff, Role::Admin])?;
    if !may_be_csv(&headers) {
        return Err(AppError::new(415, ErrorCode::UnsupportedMediaType, "CSV 파일을 Content-Type: text/csv 로 보내 주세요."));
    }
    let too_large = || AppError::new(413, ErrorCode::FileTooLarge, "CSV는 1MB까지 가져올 수 있습니다. 나누어서 올려 주세요.");
    let bytes = axum::body::to_bytes(body, service::IMPORT_MAX_BYTES).await.map_err(|_| too_large())?;
    let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
        AppError::bad_request(ErrorCode::BadRequest, "CSV를 UTF-8로 저장해서 올려 주세요 (엑셀: 'CSV UTF-8' 형식으로 저장).")
    })?;
    Ok(Json(service::import_lectures(&s, &me, t.school_id, t.semester_id, &text).await?))
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(list_semesters, create_semester, search_lectures, create_lecture, update_lecture, import_lectures),
    components(schemas(Semester, SemesterInput, Lecture, LecturePage, LectureInput, LecturePatch, ImportReport, RejectedLine, Slot)),
    tags((name = "timetable", description = "시간표 and 강의평: semesters, the lecture catalogue, timetables, sharing and reviews"))
)]
pub struct Api;
