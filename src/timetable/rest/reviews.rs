//! REST of the reviews (see service/reviews.rs): a lecture's page with the reviews of its
//! course, writing, editing and deleting one's own review, 공감. Reviews are shown without
//! the writer's name: no answer here carries a writer's id or nickname.

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
    routing::{get, patch, post, put},
    Json, Router,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/lectures/{id}", get(lecture_detail))
        .route("/lectures/{id}/reviews", post(write_review))
        .route("/lecture-reviews/{id}", patch(edit_review).delete(delete_review))
        .route("/lecture-reviews/{id}/like", put(like_review).delete(unlike_review))
}

#[derive(Deserialize, IntoParams)]
pub struct PageQuery {
    /// 1-based page of the reviews (newest first).
    page: Option<u32>,
}

/// A review's 공감 count after the change (the members who gave it now).
#[derive(Serialize, ToSchema)]
pub struct Likes {
    likes: u32,
}

/// A lecture with its semester, the reviews of its course (the same code and professor,
/// every semester; newest first), their average and count per star, and the reader's own
/// review and timetables. Members of the lecture's school and staff; another school's
/// lecture answers 404, as a missing one does.
#[utoipa::path(get, path = "/api/lectures/{id}", tag = "lecture-reviews", params(("id" = u64, Path, description = "Lecture id"), PageQuery),
    security(("bearer" = [])),
    responses((status = 200, body = LectureDetail), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "NOT_SCHOOL_MEMBER (the member has no school)"),
        (status = 404, body = ErrorBody, description = "LECTURE_NOT_FOUND (also another school's lecture)")))]
async fn lecture_detail(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Json<LectureDetail>, AppError> {
    Ok(Json(service::lecture_detail(&s, &me, id, q.page.unwrap_or(1)).await?))
}

/// Writes the member's review of the lecture's course: once per course, only after having
/// a lecture of it in one of their timetables of a semester that has started (the semester
/// shown comes from there).
#[utoipa::path(post, path = "/api/lectures/{id}/reviews", tag = "lecture-reviews", params(("id" = u64, Path, description = "Lecture id")),
    request_body = ReviewInput, security(("bearer" = [])),
    responses((status = 201, body = Review), (status = 400, body = ErrorBody, description = "INVALID_FIELDS"),
        (status = 403, body = ErrorBody, description = "LECTURE_NOT_TAKEN, or NOT_SCHOOL_MEMBER (the member has no school)"),
        (status = 404, body = ErrorBody, description = "LECTURE_NOT_FOUND (also another school's lecture)"), (status = 409, body = ErrorBody, description = "ALREADY_REVIEWED"),
        (status = 429, body = ErrorBody)))]
async fn write_review(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(input): ApiJson<ReviewInput>,
) -> Result<(StatusCode, Json<Review>), AppError> {
    Ok((StatusCode::CREATED, Json(service::write_review(&s, &me, id, input).await?)))
}

/// The writer changes stars, text and tags.
#[utoipa::path(patch, path = "/api/lecture-reviews/{id}", tag = "lecture-reviews", params(("id" = u64, Path, description = "Review id")),
    request_body = ReviewInput, security(("bearer" = [])),
    responses((status = 200, body = Review), (status = 400, body = ErrorBody, description = "INVALID_FIELDS"),
        (status = 404, body = ErrorBody, description = "REVIEW_NOT_FOUND (also another member's review)")))]
async fn edit_review(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(input): ApiJson<ReviewInput>,
) -> Result<Json<Review>, AppError> {
    Ok(Json(service::edit_review(&s, &me, id, input).await?))
}

/// The writer deletes their review (and its 공감).
#[utoipa::path(delete, path = "/api/lecture-reviews/{id}", tag = "lecture-reviews", params(("id" = u64, Path, description = "Review id")),
    security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody, description = "REVIEW_NOT_FOUND (also another member's review)")))]
async fn delete_review(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::delete_review(&s, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 공감 (once per member: a second one changes nothing; not on one's own review; members of
/// the review's school).
#[utoipa::path(put, path = "/api/lecture-reviews/{id}/like", tag = "lecture-reviews", params(("id" = u64, Path, description = "Review id")),
    security(("bearer" = [])),
    responses((status = 200, body = Likes), (status = 400, body = ErrorBody, description = "one's own review"),
        (status = 403, body = ErrorBody, description = "NOT_SCHOOL_MEMBER (no school; staff on another school's review)"),
        (status = 404, body = ErrorBody, description = "REVIEW_NOT_FOUND (also another school's review)")))]
async fn like_review(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Json<Likes>, AppError> {
    Ok(Json(Likes { likes: service::like_review(&s, &me, id, true).await? }))
}

/// Takes the member's 공감 back.
#[utoipa::path(delete, path = "/api/lecture-reviews/{id}/like", tag = "lecture-reviews", params(("id" = u64, Path, description = "Review id")),
    security(("bearer" = [])),
    responses((status = 200, body = Likes),
        (status = 403, body = ErrorBody, description = "NOT_SCHOOL_MEMBER (no school; staff on another school's review)"),
        (status = 404, body = ErrorBody, description = "REVIEW_NOT_FOUND (also another school's review)")))]
async fn unlike_review(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Json<Likes>, AppError> {
    Ok(Json(Likes { likes: service::like_review(&s, &me, id, false).await? }))
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(lecture_detail, write_review, edit_review, delete_review, like_review, unlike_review),
    tags((name = "lecture-reviews", description = "강의평: a lecture's page with the reviews of its course, writing one's own, 공감"))
)]
pub struct Api;
