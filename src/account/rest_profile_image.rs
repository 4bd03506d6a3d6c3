//! REST of the profile image, as the accounts document has it: a signed URL to PUT the
//! bytes to, the PUT itself, removal, and the stored files under `/files/profile/`.

use super::rest::user_not_found;
use super::rest_types::{FilenameQuery, ProfileImage};
use super::{auth::AuthUser, store};
use crate::error::ErrorCode;
use crate::{
    error::AppError,
    server::{
        error::{ApiPath, ApiQuery, ErrorBody},
        AppState,
    },
};
use axum::{
    body::Bytes,
    extract::State,
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};

/// A short-lived URL to PUT a profile image to (oneself or ADMIN), as the accounts document
/// has it: the URI alone, as `text/plain;charset=UTF-8`. Without `filename`, or with a
/// type other than png, jpg, jpeg or gif, a 400.
#[utoipa::path(get, path = "/api/accounts/{id}/profile/image/signed-put-url", tag = "accounts", params(FilenameQuery), security(("bearer" = [])),
    responses((status = 200, body = String, content_type = "text/plain;charset=UTF-8", description = "the URI to PUT the bytes to (single use, 5 minutes)"),
              (status = 400, body = ErrorBody, description = "INVALID_QUERY (no filename) or UNSUPPORTED_FILE_TYPE"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(super) async fn signed_put_url(
    State(state): State<AppState>,
    viewer: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(q): ApiQuery<FilenameQuery>,
) -> Result<Response, AppError> {
    viewer.require_self_or_admin(id)?;
    let filename = q
        .filename
        .filter(|f| !f.trim().is_empty())
        .ok_or_else(|| AppError::bad_request(ErrorCode::InvalidQuery, "filename 쿼리에 파일 이름을 확장자와 함께 보내 주세요."))?;
    store::by_id(&state.db, id).await?.ok_or_else(user_not_found)?;
    let signed = super::upload::signed_put_url(&state, id, &filename)?;
    Ok(([(header::CONTENT_TYPE, "text/plain;charset=UTF-8")], signed.url).into_response())
}

/// The bytes of the image, PUT to the signed URL (each URL works once, for 5 minutes).
#[utoipa::path(put, path = "/api/uploads/profile-image/{token}", tag = "accounts", request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = ProfileImage), (status = 401, body = ErrorBody, description = "INVALID_UPLOAD_URL"),
              (status = 413, body = ErrorBody, description = "FILE_TOO_LARGE"), (status = 415, body = ErrorBody, description = "UNSUPPORTED_FILE_TYPE")))]
pub(super) async fn put_profile_image(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
    body: Bytes,
) -> Result<Json<ProfileImage>, AppError> {
    let uri = super::upload::put_profile_image(&state, &token, body.to_vec()).await?;
    Ok(Json(ProfileImage { profile_img_uri: uri }))
}

/// Removes the profile image (oneself or ADMIN).
#[utoipa::path(delete, path = "/api/accounts/{id}/profile/image", tag = "accounts", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(super) async fn delete_profile_image(
    State(state): State<AppState>,
    viewer: AuthUser,
    ApiPath(id): ApiPath<u64>,
) -> Result<StatusCode, AppError> {
    viewer.require_self_or_admin(id)?;
    super::upload::delete_profile_image(&state, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// GET /files/profile/{name}: stored profile images.
pub(super) async fn profile_image_file(
    State(state): State<AppState>,
    axum::extract::Path(name): axum::extract::Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<Response, AppError> {
    let bytes = super::upload::serve_profile_image(&state, &name).await?;
    let mut res = crate::server::http::bytes_with_ranges(&headers, bytes);
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400, immutable"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    Ok(res)
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(signed_put_url, put_profile_image, delete_profile_image))]
pub struct ProfileImageApi;
