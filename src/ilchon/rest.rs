//! REST API of 일촌 and 일촌평 under /api.

use super::{model::*, service};
use crate::{
    account::auth::AuthUser,
    error::AppError,
    server::{
        error::{ApiJson, ApiPath, ErrorBody},
        AppState,
    },
};
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{delete, get, post},
    Json, Router,
};
use serde::Deserialize;
use utoipa::ToSchema;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ilchon", get(overview))
        .route("/ilchon/requests", post(create_request))
        .route("/ilchon/requests/{id}/accept", post(accept))
        .route("/ilchon/requests/{id}/decline", post(decline))
        .route("/ilchon/requests/{id}/cancel", post(cancel))
        .route("/ilchon/requests/{id}/counter", post(counter))
        .route("/ilchon/{other}", delete(end))
        .route("/hompy/{id}/ilchonpyeong", post(write_pyeong))
        .route("/ilchonpyeong/{id}", delete(delete_pyeong))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewRequest {
    to_id: u64,
    /// What I will call them.
    from_name: String,
    /// What they will call me.
    to_name: String,
    #[serde(default)]
    message: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CounterInput {
    /// What I (the receiver) will call them.
    my_name: String,
    /// What they will call me.
    their_name: String,
}

#[derive(Deserialize, ToSchema)]
pub struct PyeongInput {
    /// 1 to 50 characters.
    body: String,
}

/// My received and sent requests and my 일촌.
#[utoipa::path(get, path = "/api/ilchon", tag = "ilchon", security(("bearer" = [])), responses((status = 200, body = IlchonOverview), (status = 401, body = ErrorBody)))]
async fn overview(State(s): State<AppState>, me: AuthUser) -> Result<Json<IlchonOverview>, AppError> {
    Ok(Json(service::overview(&s, &me).await?))
}

/// Asks to become 일촌 with a proposed 일촌명 pair.
#[utoipa::path(post, path = "/api/ilchon/requests", tag = "ilchon", request_body = NewRequest, security(("bearer" = [])),
    responses((status = 201, body = IlchonRequest), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody, description = "ALREADY_ILCHON, ILCHON_REQUEST_PENDING")))]
async fn create_request(State(s): State<AppState>, me: AuthUser, ApiJson(r): ApiJson<NewRequest>) -> Result<Response, AppError> {
    let req = service::request(&s, &me, r.to_id, &r.from_name, &r.to_name, &r.message).await?;
    Ok((StatusCode::CREATED, Json(req)).into_response())
}

/// The receiver accepts: both become 일촌.
#[utoipa::path(post, path = "/api/ilchon/requests/{id}/accept", tag = "ilchon", security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn accept(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::accept(&s, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/ilchon/requests/{id}/decline", tag = "ilchon", security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn decline(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::decline(&s, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The sender withdraws a request.
#[utoipa::path(post, path = "/api/ilchon/requests/{id}/cancel", tag = "ilchon", security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn cancel(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::cancel(&s, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The receiver proposes other names; a new request goes back to the sender.
#[utoipa::path(post, path = "/api/ilchon/requests/{id}/counter", tag = "ilchon", request_body = CounterInput, security(("bearer" = [])),
    responses((status = 201, body = IlchonRequest), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn counter(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(c): ApiJson<CounterInput>,
) -> Result<Response, AppError> {
    let req = service::counter(&s, &me, id, &c.my_name, &c.their_name).await?;
    Ok((StatusCode::CREATED, Json(req)).into_response())
}

/// Ends the relation (either side).
#[utoipa::path(delete, path = "/api/ilchon/{other}", tag = "ilchon", security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody, description = "NOT_ILCHON")))]
async fn end(State(s): State<AppState>, me: AuthUser, ApiPath(other): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::end(&s, &me, other).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A 일촌평 on a 일촌's home (일촌 only, 1–50 characters).
#[utoipa::path(post, path = "/api/hompy/{id}/ilchonpyeong", tag = "ilchon", request_body = PyeongInput, security(("bearer" = [])),
    responses((status = 201), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn write_pyeong(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(p): ApiJson<PyeongInput>,
) -> Result<Response, AppError> {
    let id = service::pyeong_write(&s, &me, id, &p.body).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "id": id }))).into_response())
}

/// The owner or the writer deletes a 일촌평.
#[utoipa::path(delete, path = "/api/ilchonpyeong/{id}", tag = "ilchon", security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_pyeong(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::pyeong_delete(&s, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(overview, create_request, accept, decline, cancel, counter, end, write_pyeong, delete_pyeong))]
pub struct IlchonApi;
