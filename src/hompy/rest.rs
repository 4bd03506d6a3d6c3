//! REST API of the mini-homepage under /api (described in /api/openapi.json). Reads take
//! an optional Bearer token (guests see public parts); writes need one. The rules are the
//! same as for the pages: both call `service`.

use super::{media, model::*, service};
use crate::{
    account::{
        auth::{AuthUser, MaybeUser},
        model::SignedUrl,
    },
    error::AppError,
    server::{
        error::{ApiJson, ApiPath, ApiQuery, ErrorBody},
        AppState,
    },
};
use axum::{
    body::Bytes,
    extract::{Request, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{delete, get, post, put},
    Json, Router,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    let upload_limit = axum::extract::DefaultBodyLimit::max(media::VIDEO_MAX_BYTES + 1024);
    Router::new()
        .route("/hompy/{id}", get(get_frame).patch(patch_home))
        .route("/hompy/{id}/home", get(get_home))
        .route("/hompy/{id}/diary", get(get_diary).post(post_diary))
        .route("/diary/{entry}", put(put_diary).delete(delete_diary))
        .route("/hompy/{id}/photos", get(get_photos).post(post_photo))
        .route("/hompy/{id}/photos/upload-url", get(photo_upload_url))
        .route("/hompy/{id}/main-photo/upload-url", get(main_photo_upload_url))
        .route("/hompy/{id}/folders", post(post_folder))
        .route("/folders/{folder}", delete(delete_folder))
        .route("/photos/{post}", put(put_photo).delete(delete_photo))
        .route("/uploads/album/{token}", put(put_album).layer(upload_limit))
        .route("/uploads/main-photo/{token}", put(put_main_photo).layer(upload_limit))
        .route("/hompy/{id}/guestbook", get(get_guestbook).post(post_guestbook))
        .route("/guestbook/{entry}", put(put_guestbook).delete(delete_guestbook))
        .route("/guestbook/{entry}/reply", put(put_reply))
        .route("/comments/{kind}/{target}", post(post_comment))
        .route("/comments/{comment}", delete(delete_comment))
        .route("/likes/{kind}/{target}", post(post_like))
        .route("/search/users", get(search_users))
}

/// Files served outside `/api`: album files after their post's visibility check, main photos.
pub fn file_routes() -> Router<AppState> {
    Router::new().route("/files/photo/{name}", get(album_file)).route("/files/hompy/{name}", get(main_photo_file))
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    id: u64,
}

fn created(id: u64) -> Response {
    (StatusCode::CREATED, Json(Created { id })).into_response()
}

#[derive(Deserialize, IntoParams)]
pub struct DiaryQuery {
    /// 1-based page.
    page: Option<u32>,
    /// yyyy-MM: the calendar's month (default: this month in KST).
    month: Option<String>,
    /// yyyy-MM-dd: only this day.
    day: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct PhotoQuery {
    page: Option<u32>,
    folder: Option<u64>,
}

#[derive(Deserialize, IntoParams)]
pub struct PageOnly {
    page: Option<u32>,
}

#[derive(Deserialize, IntoParams)]
pub struct SearchQuery {
    /// Name or nickname (part of it), or an exact email address.
    q: String,
    page: Option<u32>,
}

#[derive(Deserialize, IntoParams)]
pub struct FileQuery {
    /// jpg, png, gif, webp or mp4.
    filename: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FolderInput {
    name: String,
}

#[derive(Deserialize, ToSchema)]
pub struct ReplyInput {
    reply: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MainPhoto {
    main_photo_url: String,
}

/// The frame of a homepage (a signed-in visitor counts towards Today/Total).
#[utoipa::path(get, path = "/api/hompy/{id}", tag = "hompy", responses((status = 200, body = HompyFrame), (status = 404, body = ErrorBody)))]
async fn get_frame(State(s): State<AppState>, MaybeUser(v): MaybeUser, ApiPath(id): ApiPath<u64>) -> Result<Json<HompyFrame>, AppError> {
    Ok(Json(service::frame(&s, v.as_ref(), id, chrono::Utc::now()).await?))
}

/// Title, intro and 미니미 (owner only; the 미니미 must be owned).
#[utoipa::path(patch, path = "/api/hompy/{id}", tag = "hompy", request_body = HomeInput, security(("bearer" = [])),
    responses((status = 200, body = HompySummary), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn patch_home(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(input): ApiJson<HomeInput>,
) -> Result<Json<HompySummary>, AppError> {
    Ok(Json(service::update_home(&s, &me, id, input).await?))
}

/// The 홈 tab: recent items the viewer may read and the 일촌평.
#[utoipa::path(get, path = "/api/hompy/{id}/home", tag = "hompy", responses((status = 200, body = HomeTab), (status = 404, body = ErrorBody)))]
async fn get_home(State(s): State<AppState>, MaybeUser(v): MaybeUser, ApiPath(id): ApiPath<u64>) -> Result<Json<HomeTab>, AppError> {
    Ok(Json(service::home_tab(&s, v.as_ref(), id).await?))
}

/// Diary entries the viewer may read (public; 일촌-only for 일촌; private for the owner).
#[utoipa::path(get, path = "/api/hompy/{id}/diary", tag = "diary", params(DiaryQuery), responses((status = 200, body = DiaryPage), (status = 400, body = ErrorBody)))]
async fn get_diary(
    State(s): State<AppState>,
    MaybeUser(v): MaybeUser,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(q): ApiQuery<DiaryQuery>,
) -> Result<Json<DiaryPage>, AppError> {
    Ok(Json(service::diary(&s, v.as_ref(), id, q.page.unwrap_or(1), q.month.as_deref(), q.day.as_deref(), chrono::Utc::now()).await?))
}

#[utoipa::path(post, path = "/api/hompy/{id}/diary", tag = "diary", request_body = DiaryInput, security(("bearer" = [])),
    responses((status = 201, body = Created), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn post_diary(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(input): ApiJson<DiaryInput>,
) -> Result<Response, AppError> {
    Ok(created(service::diary_create(&s, &me, id, input).await?))
}

#[utoipa::path(put, path = "/api/diary/{entry}", tag = "diary", request_body = DiaryInput, security(("bearer" = [])),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn put_diary(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(entry): ApiPath<u64>,
    ApiJson(input): ApiJson<DiaryInput>,
) -> Result<StatusCode, AppError> {
    service::diary_update(&s, &me, entry, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/diary/{entry}", tag = "diary", security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_diary(State(s): State<AppState>, me: AuthUser, ApiPath(entry): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::diary_delete(&s, &me, entry).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Album posts the viewer may read, with folders, likes and comments.
#[utoipa::path(get, path = "/api/hompy/{id}/photos", tag = "photos", params(PhotoQuery), responses((status = 200, body = PhotoPage)))]
async fn get_photos(
    State(s): State<AppState>,
    MaybeUser(v): MaybeUser,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(q): ApiQuery<PhotoQuery>,
) -> Result<Json<PhotoPage>, AppError> {
    Ok(Json(service::photos(&s, v.as_ref(), id, q.folder, q.page.unwrap_or(1)).await?))
}

/// A post made of uploads (owner only): first PUT each file to an upload URL, then send their ids.
#[utoipa::path(post, path = "/api/hompy/{id}/photos", tag = "photos", request_body = PhotoPostInput, security(("bearer" = [])),
    responses((status = 201, body = Created), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn post_photo(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(input): ApiJson<PhotoPostInput>,
) -> Result<Response, AppError> {
    Ok(created(service::post_create(&s, &me, id, input).await?))
}

/// Title, text, visibility and folder of a post (owner only; `mediaIds` is ignored).
#[utoipa::path(put, path = "/api/photos/{post}", tag = "photos", request_body = PhotoPostInput, security(("bearer" = [])),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn put_photo(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(post): ApiPath<u64>,
    ApiJson(input): ApiJson<PhotoPostInput>,
) -> Result<StatusCode, AppError> {
    service::post_update(&s, &me, post, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/photos/{post}", tag = "photos", security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_photo(State(s): State<AppState>, me: AuthUser, ApiPath(post): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::post_delete(&s, &me, post).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A 5-minute, single-use URL to PUT one photo (8 MB) or mp4 video (10 MB) to (owner only).
#[utoipa::path(get, path = "/api/hompy/{id}/photos/upload-url", tag = "photos", params(FileQuery), security(("bearer" = [])),
    responses((status = 200, body = SignedUrl), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn photo_upload_url(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(q): ApiQuery<FileQuery>,
) -> Result<Json<SignedUrl>, AppError> {
    Ok(Json(media::album_upload_url(&s, &me, id, &q.filename).await?))
}

#[utoipa::path(get, path = "/api/hompy/{id}/main-photo/upload-url", tag = "hompy", security(("bearer" = [])),
    responses((status = 200, body = SignedUrl), (status = 403, body = ErrorBody)))]
async fn main_photo_upload_url(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Json<SignedUrl>, AppError> {
    Ok(Json(media::main_photo_upload_url(&s, &me, id)?))
}

/// The bytes of a photo or video; the answer's `mediaId` goes into a post.
#[utoipa::path(put, path = "/api/uploads/album/{token}", tag = "photos", request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = UploadedMedia), (status = 401, body = ErrorBody, description = "INVALID_UPLOAD_URL"),
              (status = 413, body = ErrorBody), (status = 415, body = ErrorBody)))]
async fn put_album(State(s): State<AppState>, ApiPath(token): ApiPath<String>, body: Bytes) -> Result<Json<UploadedMedia>, AppError> {
    Ok(Json(media::put_album_media(&s, &token, body.to_vec()).await?))
}

#[utoipa::path(put, path = "/api/uploads/main-photo/{token}", tag = "hompy", request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = MainPhoto), (status = 401, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody)))]
async fn put_main_photo(State(s): State<AppState>, ApiPath(token): ApiPath<String>, body: Bytes) -> Result<Json<MainPhoto>, AppError> {
    Ok(Json(MainPhoto { main_photo_url: media::put_main_photo(&s, &token, body.to_vec()).await? }))
}

#[utoipa::path(post, path = "/api/hompy/{id}/folders", tag = "photos", request_body = FolderInput, security(("bearer" = [])),
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn post_folder(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(input): ApiJson<FolderInput>,
) -> Result<Response, AppError> {
    Ok(created(service::folder_create(&s, &me, id, &input.name).await?))
}

#[utoipa::path(delete, path = "/api/folders/{folder}", tag = "photos", security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_folder(State(s): State<AppState>, me: AuthUser, ApiPath(folder): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::folder_delete(&s, &me, folder).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Guestbook entries; secret ones only for the owner and their writer.
#[utoipa::path(get, path = "/api/hompy/{id}/guestbook", tag = "guestbook", params(PageOnly), responses((status = 200, body = GuestbookPage)))]
async fn get_guestbook(
    State(s): State<AppState>,
    MaybeUser(v): MaybeUser,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(q): ApiQuery<PageOnly>,
) -> Result<Json<GuestbookPage>, AppError> {
    Ok(Json(service::guestbook(&s, v.as_ref(), id, q.page.unwrap_or(1)).await?))
}

#[utoipa::path(post, path = "/api/hompy/{id}/guestbook", tag = "guestbook", request_body = GuestbookInput, security(("bearer" = [])),
    responses((status = 201, body = Created), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn post_guestbook(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(input): ApiJson<GuestbookInput>,
) -> Result<Response, AppError> {
    Ok(created(service::guestbook_write(&s, &me, id, input).await?))
}

/// The writer edits an entry.
#[utoipa::path(put, path = "/api/guestbook/{entry}", tag = "guestbook", request_body = GuestbookInput, security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn put_guestbook(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(entry): ApiPath<u64>,
    ApiJson(input): ApiJson<GuestbookInput>,
) -> Result<StatusCode, AppError> {
    service::guestbook_edit(&s, &me, entry, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The owner or the writer deletes an entry.
#[utoipa::path(delete, path = "/api/guestbook/{entry}", tag = "guestbook", security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_guestbook(State(s): State<AppState>, me: AuthUser, ApiPath(entry): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::guestbook_delete(&s, &me, entry).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The owner's reply to an entry (empty removes it).
#[utoipa::path(put, path = "/api/guestbook/{entry}/reply", tag = "guestbook", request_body = ReplyInput, security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn put_reply(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(entry): ApiPath<u64>,
    ApiJson(input): ApiJson<ReplyInput>,
) -> Result<StatusCode, AppError> {
    service::guestbook_reply(&s, &me, entry, &input.reply).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A comment on a diary entry (`kind` = diary) or photo post (`kind` = photo) the member may read.
#[utoipa::path(post, path = "/api/comments/{kind}/{target}", tag = "comments", request_body = TextInput, security(("bearer" = [])),
    responses((status = 201, body = Created), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn post_comment(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath((kind, target)): ApiPath<(String, u64)>,
    ApiJson(input): ApiJson<TextInput>,
) -> Result<Response, AppError> {
    Ok(created(service::add_comment(&s, &me, &kind, target, &input.body).await?))
}

/// The writer or the owner deletes a comment; it stays in place as "삭제된 댓글입니다".
#[utoipa::path(delete, path = "/api/comments/{comment}", tag = "comments", security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_comment(State(s): State<AppState>, me: AuthUser, ApiPath(comment): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::delete_comment(&s, &me, comment).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Likes or un-likes a photo post (`kind` = photo) or guestbook entry (`kind` = guestbook).
#[utoipa::path(post, path = "/api/likes/{kind}/{target}", tag = "likes", security(("bearer" = [])),
    responses((status = 200, body = LikeState), (status = 404, body = ErrorBody)))]
async fn post_like(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath((kind, target)): ApiPath<(String, u64)>,
) -> Result<Json<LikeState>, AppError> {
    Ok(Json(service::toggle_like(&s, &me, &kind, target).await?))
}

/// Members by name or nickname, or an exact email (signed in).
#[utoipa::path(get, path = "/api/search/users", tag = "hompy", params(SearchQuery), security(("bearer" = [])),
    responses((status = 200, body = SearchPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn search_users(State(s): State<AppState>, me: AuthUser, ApiQuery(q): ApiQuery<SearchQuery>) -> Result<Json<SearchPage>, AppError> {
    Ok(Json(service::search(&s, &me, &q.q, q.page.unwrap_or(1)).await?))
}

/// GET /files/photo/{name}: album files, after the visibility check of their post.
pub async fn album_file(
    State(s): State<AppState>,
    axum::extract::Path(name): axum::extract::Path<String>,
    req: Request,
) -> Result<Response, AppError> {
    let (path, _) = media::album_file_path(&s, req.headers(), &name).await?;
    crate::server::http::serve_file(path, req, "private, no-store").await
}

/// GET /files/hompy/{name}: main photos (public, like the frame they sit in).
pub async fn main_photo_file(
    State(s): State<AppState>,
    axum::extract::Path(name): axum::extract::Path<String>,
    req: Request,
) -> Result<Response, AppError> {
    let path = media::main_photo_path(&s, &name).await?;
    crate::server::http::serve_file(path, req, "public, max-age=86400, immutable").await
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(
    get_frame,
    patch_home,
    get_home,
    get_diary,
    post_diary,
    put_diary,
    delete_diary,
    get_photos,
    post_photo,
    put_photo,
    delete_photo,
    photo_upload_url,
    main_photo_upload_url,
    put_album,
    put_main_photo,
    post_folder,
    delete_folder,
    get_guestbook,
    post_guestbook,
    put_guestbook,
    delete_guestbook,
    put_reply,
    post_comment,
    delete_comment,
    post_like,
    search_users
))]
pub struct HompyApi;
