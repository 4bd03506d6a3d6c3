//! The developer console's REST API under /api (our unified JSON errors), the app logos,
//! and (in `protocol` and `legacy`) the provider's own endpoints.

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
    body::Bytes,
    extract::{Request, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post, put},
    Json, Router,
};
use serde::Serialize;
use utoipa::ToSchema;

mod legacy;
mod protocol;

/// Routes under `/api`: the console, connected apps, the logo upload, and the original's
/// three calls (`/api/cyworld`, `/api/token`, `/api/user`, `/api/error`).
pub fn routes() -> Router<AppState> {
    let upload_limit = axum::extract::DefaultBodyLimit::max(crate::server::pictures::MAX_BYTES + 1024);
    Router::new()
        .route("/oauth/apps", get(list_apps).post(create_app))
        .route("/oauth/apps/{client_id}", get(get_app).patch(update_app).delete(delete_app))
        .route("/oauth/apps/{client_id}/secret", post(rotate_secret))
        .route("/oauth/apps/{client_id}/logo-upload-url", get(logo_upload_url))
        .route("/uploads/oauth-logo/{client_id}/{token}", put(put_logo).layer(upload_limit))
        .route("/oauth/connections", get(connections))
        .route("/oauth/connections/{client_id}", axum::routing::delete(disconnect))
        .merge(legacy::routes())
}

/// Routes outside `/api`: the protocol endpoints, discovery and the logos.
pub fn file_routes() -> Router<AppState> {
    protocol::routes().route("/files/oauth/{name}", get(logo_file))
}

#[utoipa::path(get, path = "/api/oauth/apps", tag = "oauth", security(("bearer" = [])),
    responses((status = 200, body = Vec<AppView>), (status = 401, body = ErrorBody)))]
async fn list_apps(State(s): State<AppState>, me: AuthUser) -> Result<Json<Vec<AppView>>, AppError> {
    Ok(Json(service::my_apps(&s, &me).await?))
}

/// Registers an app. The client secret is in this answer only (null for public apps).
#[utoipa::path(post, path = "/api/oauth/apps", tag = "oauth", security(("bearer" = [])), request_body = AppInput,
    responses((status = 201, body = CreatedApp), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn create_app(State(s): State<AppState>, me: AuthUser, ApiJson(input): ApiJson<AppInput>) -> Result<Response, AppError> {
    Ok((StatusCode::CREATED, Json(service::create_app(&s, &me, &input).await?)).into_response())
}

#[utoipa::path(get, path = "/api/oauth/apps/{client_id}", tag = "oauth", security(("bearer" = [])),
    responses((status = 200, body = AppView), (status = 404, body = ErrorBody)))]
async fn get_app(State(s): State<AppState>, me: AuthUser, ApiPath(client_id): ApiPath<String>) -> Result<Json<AppView>, AppError> {
    Ok(Json(service::my_app(&s, &me, &client_id).await?))
}

#[utoipa::path(patch, path = "/api/oauth/apps/{client_id}", tag = "oauth", security(("bearer" = [])), request_body = AppInput,
    responses((status = 200, body = AppView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn update_app(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(client_id): ApiPath<String>,
    ApiJson(input): ApiJson<AppInput>,
) -> Result<Json<AppView>, AppError> {
    Ok(Json(service::update_app(&s, &me, &client_id, &input).await?))
}

/// Deletes the app; every token it holds stops working.
#[utoipa::path(delete, path = "/api/oauth/apps/{client_id}", tag = "oauth", security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_app(State(s): State<AppState>, me: AuthUser, ApiPath(client_id): ApiPath<String>) -> Result<StatusCode, AppError> {
    service::delete_app(&s, &me, &client_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A new client secret (in this answer only); the old one stops working.
#[utoipa::path(post, path = "/api/oauth/apps/{client_id}/secret", tag = "oauth", security(("bearer" = [])),
    responses((status = 200, body = CreatedApp), (status = 404, body = ErrorBody)))]
async fn rotate_secret(State(s): State<AppState>, me: AuthUser, ApiPath(client_id): ApiPath<String>) -> Result<Json<CreatedApp>, AppError> {
    Ok(Json(service::rotate_secret(&s, &me, &client_id).await?))
}

#[derive(Serialize, ToSchema)]
struct UploadUrl {
    /// PUT the picture's bytes here (single use, 5 minutes).
    url: String,
}

#[utoipa::path(get, path = "/api/oauth/apps/{client_id}/logo-upload-url", tag = "oauth", security(("bearer" = [])),
    responses((status = 200, body = UploadUrl), (status = 404, body = ErrorBody)))]
async fn logo_upload_url(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(client_id): ApiPath<String>,
) -> Result<Json<UploadUrl>, AppError> {
    Ok(Json(UploadUrl { url: service::logo_upload_url(&s, &me, &client_id).await? }))
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct LogoUploaded {
    logo_url: String,
}

#[utoipa::path(put, path = "/api/uploads/oauth-logo/{client_id}/{token}", tag = "oauth",
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = LogoUploaded), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn put_logo(
    State(s): State<AppState>,
    ApiPath((client_id, token)): ApiPath<(String, String)>,
    body: Bytes,
) -> Result<Json<LogoUploaded>, AppError> {
    Ok(Json(LogoUploaded { logo_url: service::put_logo(&s, &client_id, &token, body.to_vec()).await? }))
}

/// Apps the member has connected, what each may read and since when.
#[utoipa::path(get, path = "/api/oauth/connections", tag = "oauth", security(("bearer" = [])),
    responses((status = 200, body = Vec<ConnectedApp>), (status = 401, body = ErrorBody)))]
async fn connections(State(s): State<AppState>, me: AuthUser) -> Result<Json<Vec<ConnectedApp>>, AppError> {
    Ok(Json(service::connections(&s, &me).await?))
}

/// Disconnects an app: its tokens for this member stop working at once.
#[utoipa::path(delete, path = "/api/oauth/connections/{client_id}", tag = "oauth", security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn disconnect(State(s): State<AppState>, me: AuthUser, ApiPath(client_id): ApiPath<String>) -> Result<StatusCode, AppError> {
    service::disconnect(&s, &me, &client_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn logo_file(
    State(s): State<AppState>,
    axum::extract::Path(name): axum::extract::Path<String>,
    req: Request,
) -> Result<Response, AppError> {
    if !service::valid_logo_name(&name) {
        return Err(AppError::not_found(crate::error::ErrorCode::FileNotFound, "파일을 찾을 수 없습니다."));
    }
    crate::server::http::serve_file(service::logo_dir(&s).join(name), req, "public, max-age=31536000, immutable").await
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        list_apps, create_app, get_app, update_app, delete_app, rotate_secret, logo_upload_url, put_logo, connections, disconnect,
        legacy::cyworld, legacy::legacy_token, legacy::legacy_user
    ),
    components(schemas(AppView, AppInput, CreatedApp, ConnectedApp, ItemPolicies, Policy, ClientType, Item, UploadUrl, LogoUploaded)),
    tags((name = "oauth", description = "minihompy로 로그인: the developer console and connected apps; the protocol is described by /.well-known/openid-configuration"))
)]
pub struct OauthApi;
