//! REST for posts, comments, 공감, scraps, pictures, search, HOT/BEST, the community home
//! and my activity; and the post pictures under /files/board. Same rules as the pages:
//! every handler calls `service`.

use super::super::{model::*, service};
use crate::{
    account::{auth::AuthUser, model::SignedUrl},
    error::AppError,
    server::{
        error::{ApiJson, ApiPath, ApiQuery, ErrorBody},
        AppState,
    },
};
use axum::{
    body::Bytes,
    extract::{Request, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    routing::{delete, get, post, put},
    Json, Router,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    let upload_limit = axum::extract::DefaultBodyLimit::max(service::IMAGE_MAX_BYTES + 1024);
    Router::new()
        .route("/community", get(home))
        .route("/community/search", get(search))
        .route("/community/hot", get(hot))
        .route("/community/best", get(best))
        .route("/community/my/posts", get(my_posts))
        .route("/community/my/comments", get(my_comments))
        .route("/community/my/scraps", get(my_scraps))
        .route("/community/upload-url", get(upload_url))
        .route("/uploads/board/{token}", put(put_image).layer(upload_limit))
        .route("/boards/{id}/posts", get(list_posts).post(create_post))
        .route("/posts/{id}", get(get_post).patch(update_post).delete(delete_post))
        .route("/posts/{id}/like", put(like_post).delete(unlike_post))
        .route("/posts/{id}/scrap", put(scrap_post).delete(unscrap_post))
        .route("/posts/{id}/comments", post(create_comment))
        .route("/community/comments/{id}", delete(delete_comment))
        .route("/community/comments/{id}/like", put(like_comment).delete(unlike_comment))
}

/// Outside /api: post pictures, after the school check of their post.
pub fn file_routes() -> Router<AppState> {
    Router::new().route("/files/board/{name}", get(board_file))
}

#[derive(Deserialize, IntoParams)]
pub struct PageQuery {
    /// 1-based page.
    page: Option<u32>,
}

#[derive(Deserialize, IntoParams)]
pub struct BoardQuery {
    page: Option<u32>,
    /// Words that must all appear in the title or the text.
    q: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct SearchQuery {
    /// Words that must all appear in the title or the text.
    q: String,
    page: Option<u32>,
}

#[derive(Deserialize, IntoParams)]
pub struct FileQuery {
    /// jpg, png, gif or webp.
    filename: String,
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    id: u64,
}

/// A board with a page of its posts.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BoardPosts {
    board: Board,
    posts: Vec<PostSummary>,
    page: u32,
    total_pages: u32,
}

/// The community home: my standing, my school, boards (pinned first) with their newest
/// posts, HOT posts, notices. A member without a school gets `school: null`.
#[utoipa::path(get, path = "/api/community", tag = "community-posts", security(("bearer" = [])),
    responses((status = 200, body = CommunityHome), (status = 401, body = ErrorBody)))]
async fn home(State(s): State<AppState>, me: AuthUser) -> Result<Json<CommunityHome>, AppError> {
    Ok(Json(service::home(&s, &me).await?))
}

/// Searches the member's whole school (visible posts; every word must match).
#[utoipa::path(get, path = "/api/community/search", tag = "community-posts", params(SearchQuery), security(("bearer" = [])),
    responses((status = 200, body = PostPage), (status = 400, body = ErrorBody, description = "INVALID_QUERY"), (status = 403, body = ErrorBody)))]
async fn search(State(s): State<AppState>, me: AuthUser, ApiQuery(q): ApiQuery<SearchQuery>) -> Result<Json<PostPage>, AppError> {
    Ok(Json(service::search_school(&s, &me, &q.q, q.page.unwrap_or(1)).await?))
}

/// HOT: the school's posts with at least 10 공감, newest first.
#[utoipa::path(get, path = "/api/community/hot", tag = "community-posts", params(PageQuery), security(("bearer" = [])),
    responses((status = 200, body = PostPage), (status = 403, body = ErrorBody)))]
async fn hot(State(s): State<AppState>, me: AuthUser, ApiQuery(q): ApiQuery<PageQuery>) -> Result<Json<PostPage>, AppError> {
    Ok(Json(service::hot_posts(&s, &me, q.page.unwrap_or(1)).await?))
}

/// BEST: the most 공감 among the school's posts of the last 7 days (top 20).
#[utoipa::path(get, path = "/api/community/best", tag = "community-posts", security(("bearer" = [])),
    responses((status = 200, body = Vec<PostSummary>), (status = 403, body = ErrorBody)))]
async fn best(State(s): State<AppState>, me: AuthUser) -> Result<Json<Vec<PostSummary>>, AppError> {
    Ok(Json(service::best_posts(&s, &me).await?))
}

#[utoipa::path(get, path = "/api/community/my/posts", tag = "community-posts", params(PageQuery), security(("bearer" = [])),
    responses((status = 200, body = PostPage)))]
async fn my_posts(State(s): State<AppState>, me: AuthUser, ApiQuery(q): ApiQuery<PageQuery>) -> Result<Json<PostPage>, AppError> {
    Ok(Json(service::my_posts(&s, &me, q.page.unwrap_or(1)).await?))
}

#[utoipa::path(get, path = "/api/community/my/comments", tag = "community-posts", params(PageQuery), security(("bearer" = [])),
    responses((status = 200, body = MyCommentPage)))]
async fn my_comments(State(s): State<AppState>, me: AuthUser, ApiQuery(q): ApiQuery<PageQuery>) -> Result<Json<MyCommentPage>, AppError> {
    Ok(Json(service::my_comments(&s, &me, q.page.unwrap_or(1)).await?))
}

#[utoipa::path(get, path = "/api/community/my/scraps", tag = "community-posts", params(PageQuery), security(("bearer" = [])),
    responses((status = 200, body = PostPage)))]
async fn my_scraps(State(s): State<AppState>, me: AuthUser, ApiQuery(q): ApiQuery<PageQuery>) -> Result<Json<PostPage>, AppError> {
    Ok(Json(service::my_scraps(&s, &me, q.page.unwrap_or(1)).await?))
}

/// Where to PUT one picture for a post (single use, 5 minutes).
#[utoipa::path(get, path = "/api/community/upload-url", tag = "community-posts", params(FileQuery), security(("bearer" = [])),
    responses((status = 200, body = SignedUrl), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn upload_url(State(s): State<AppState>, me: AuthUser, ApiQuery(q): ApiQuery<FileQuery>) -> Result<Json<SignedUrl>, AppError> {
    Ok(Json(service::image_upload_url(&s, &me, &q.filename).await?))
}

/// The picture's bytes (png, jpg, gif or webp); answers its id for `imageIds`.
#[utoipa::path(put, path = "/api/uploads/board/{token}", tag = "community-posts",
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = UploadedImage), (status = 401, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody)))]
async fn put_image(State(s): State<AppState>, ApiPath(token): ApiPath<String>, body: Bytes) -> Result<Json<UploadedImage>, AppError> {
    Ok(Json(service::put_board_image(&s, &token, body.to_vec()).await?))
}

/// A board's posts, newest first; `q` searches it.
#[utoipa::path(get, path = "/api/boards/{id}/posts", tag = "community-posts", params(BoardQuery), security(("bearer" = [])),
    responses((status = 200, body = BoardPosts), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_posts(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(q): ApiQuery<BoardQuery>,
) -> Result<Json<BoardPosts>, AppError> {
    let (board, page) = service::board_posts(&s, &me, id, q.page.unwrap_or(1), q.q.as_deref().unwrap_or("")).await?;
    Ok(Json(BoardPosts { board, posts: page.posts, page: page.page, total_pages: page.total_pages }))
}

/// Writes a post (named or anonymous, with up to 10 uploaded pictures).
#[utoipa::path(post, path = "/api/boards/{id}/posts", tag = "community-posts", request_body = PostInput, security(("bearer" = [])),
    responses((status = 201, body = Created),
              (status = 400, body = ErrorBody, description = "INVALID_FIELDS, ANONYMOUS_NOT_ALLOWED, TOO_MANY_IMAGES"),
              (status = 403, body = ErrorBody, description = "NOT_SCHOOL_MEMBER, WRITING_SUSPENDED, BOARD_RETIRED"),
              (status = 429, body = ErrorBody)))]
async fn create_post(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(input): ApiJson<PostInput>,
) -> Result<Response, AppError> {
    let id = service::create_post(&s, &me, id, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}

/// A post with its comments (counts a view).
#[utoipa::path(get, path = "/api/posts/{id}", tag = "community-posts", security(("bearer" = [])),
    responses((status = 200, body = PostView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_post(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Json<PostView>, AppError> {
    Ok(Json(service::get_post(&s, &me, id).await?))
}

/// The writer changes title, text and pictures.
#[utoipa::path(patch, path = "/api/posts/{id}", tag = "community-posts", request_body = PostInput, security(("bearer" = [])),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "CONTENT_GONE")))]
async fn update_post(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(input): ApiJson<PostInput>,
) -> Result<StatusCode, AppError> {
    service::update_post(&s, &me, id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The writer deletes a post (a question with others' answers only loses its text).
#[utoipa::path(delete, path = "/api/posts/{id}", tag = "community-posts", security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_post(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::delete_post(&s, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 공감 (once per member; not on one's own post).
#[utoipa::path(put, path = "/api/posts/{id}/like", tag = "community-posts", security(("bearer" = [])),
    responses((status = 200, body = Toggle), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn like_post(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Json<Toggle>, AppError> {
    Ok(Json(service::like_post(&s, &me, id, true).await?))
}

#[utoipa::path(delete, path = "/api/posts/{id}/like", tag = "community-posts", security(("bearer" = [])),
    responses((status = 200, body = Toggle), (status = 403, body = ErrorBody)))]
async fn unlike_post(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Json<Toggle>, AppError> {
    Ok(Json(service::like_post(&s, &me, id, false).await?))
}

#[utoipa::path(put, path = "/api/posts/{id}/scrap", tag = "community-posts", security(("bearer" = [])),
    responses((status = 200, body = Toggle), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn scrap_post(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Json<Toggle>, AppError> {
    Ok(Json(service::scrap_post(&s, &me, id, true).await?))
}

#[utoipa::path(delete, path = "/api/posts/{id}/scrap", tag = "community-posts", security(("bearer" = [])),
    responses((status = 200, body = Toggle), (status = 403, body = ErrorBody)))]
async fn unscrap_post(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Json<Toggle>, AppError> {
    Ok(Json(service::scrap_post(&s, &me, id, false).await?))
}

/// A comment, or a reply (`parentId`: a top-level comment of the same post).
#[utoipa::path(post, path = "/api/posts/{id}/comments", tag = "community-posts", request_body = CommentInput, security(("bearer" = [])),
    responses((status = 201, body = CommentView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "CONTENT_GONE"), (status = 429, body = ErrorBody)))]
async fn create_comment(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(input): ApiJson<CommentInput>,
) -> Result<Response, AppError> {
    let c = service::create_comment(&s, &me, id, &input).await?;
    Ok((StatusCode::CREATED, Json(c)).into_response())
}

/// The writer deletes a comment (it stays as "삭제된 댓글입니다"; replies stay).
#[utoipa::path(delete, path = "/api/community/comments/{id}", tag = "community-posts", security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_comment(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::delete_comment(&s, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/api/community/comments/{id}/like", tag = "community-posts", security(("bearer" = [])),
    responses((status = 200, body = Toggle), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn like_comment(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Json<Toggle>, AppError> {
    Ok(Json(service::like_comment(&s, &me, id, true).await?))
}

#[utoipa::path(delete, path = "/api/community/comments/{id}/like", tag = "community-posts", security(("bearer" = [])),
    responses((status = 200, body = Toggle), (status = 403, body = ErrorBody)))]
async fn unlike_comment(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Json<Toggle>, AppError> {
    Ok(Json(service::like_comment(&s, &me, id, false).await?))
}

/// GET /files/board/{name}: a post picture, for members of its post's school (and staff).
async fn board_file(
    State(s): State<AppState>,
    axum::extract::Path(name): axum::extract::Path<String>,
    req: Request,
) -> Result<Response, AppError> {
    let (parts, body) = req.into_parts();
    let (path, cookies) = service::board_file_path(&s, &parts, &name).await?;
    let mut res = crate::server::http::serve_file(path, Request::from_parts(parts, body), "private, no-store").await?;
    for c in cookies {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(res)
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        home, search, hot, best, my_posts, my_comments, my_scraps, upload_url, put_image, list_posts, create_post, get_post, update_post,
        delete_post, like_post, unlike_post, scrap_post, unscrap_post, create_comment, delete_comment, like_comment, unlike_comment
    ),
    tags((name = "community-posts", description = "커뮤니티: posts, comments, 공감, scraps, pictures, search, HOT/BEST"))
)]
pub struct Api;
