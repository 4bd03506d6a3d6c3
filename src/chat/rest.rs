//! REST API of chat under /api (the pages use the same service through `/ws` and server functions).

use super::{
    model::{ChatMessage, RoomSummary},
    service,
};
use crate::{
    account::auth::AuthUser,
    error::AppError,
    server::{
        error::{ApiJson, ApiPath, ApiQuery, ErrorBody},
        AppState,
    },
};
use axum::{
    body::Bytes,
    extract::State,
    http::{header, HeaderValue},
    response::Response,
    routing::{get, post, put},
    Json, Router,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/chat/rooms", get(list_rooms).post(open_room))
        .route("/chat/rooms/{room}/messages", get(messages).post(send))
        .route("/chat/rooms/{room}/read", post(read))
        .route("/chat/rooms/{room}/voice", post(send_voice))
        .route("/chat/unread", get(unread))
        .route("/chat/blocks/{user}", put(block).delete(unblock))
}

/// The live socket and voice clips (for the two members of their room).
pub fn file_routes() -> Router<AppState> {
    Router::new().route("/files/voice/{id}", get(voice_file)).route("/ws", get(super::ws::upgrade))
}

#[derive(Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct VoiceQuery {
    /// Idempotency key, as for text messages.
    client_id: String,
    /// Length of the recording in milliseconds (1 to 300000).
    duration_ms: i64,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnreadTotal {
    unread: i64,
}

/// Sends a voice message: the body is the recording (webm, ogg or mp4 audio, up to 5 MB,
/// told by its first bytes), stored in GridFS.
#[utoipa::path(post, path = "/api/chat/rooms/{room}/voice", tag = "chat", params(VoiceQuery), request_body(content = Vec<u8>, content_type = "audio/webm"),
    security(("bearer" = [])),
    responses((status = 200, body = ChatMessage), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody, description = "VOICE_TOO_LARGE"), (status = 415, body = ErrorBody, description = "UNSUPPORTED_AUDIO"), (status = 429, body = ErrorBody)))]
async fn send_voice(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(room): ApiPath<String>,
    ApiQuery(q): ApiQuery<VoiceQuery>,
    body: Bytes,
) -> Result<Json<ChatMessage>, AppError> {
    Ok(Json(service::send_voice(&s, &me, &room, &q.client_id, q.duration_ms, &body).await?))
}

/// The total of my unread messages.
#[utoipa::path(get, path = "/api/chat/unread", tag = "chat", security(("bearer" = [])), responses((status = 200, body = UnreadTotal), (status = 401, body = ErrorBody)))]
async fn unread(State(s): State<AppState>, me: AuthUser) -> Result<Json<UnreadTotal>, AppError> {
    Ok(Json(UnreadTotal { unread: service::unread_total(&s, &me).await? }))
}

/// Blocks a member: neither side can send messages or call until it is lifted.
#[utoipa::path(put, path = "/api/chat/blocks/{user}", tag = "chat", security(("bearer" = [])), responses((status = 204), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn block(State(s): State<AppState>, me: AuthUser, ApiPath(user): ApiPath<u64>) -> Result<axum::http::StatusCode, AppError> {
    service::set_block(&s, &me, user, true).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Lifts a block.
#[utoipa::path(delete, path = "/api/chat/blocks/{user}", tag = "chat", security(("bearer" = [])), responses((status = 204), (status = 404, body = ErrorBody)))]
async fn unblock(State(s): State<AppState>, me: AuthUser, ApiPath(user): ApiPath<u64>) -> Result<axum::http::StatusCode, AppError> {
    service::set_block(&s, &me, user, false).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// A voice clip, for the members of its room only.
pub async fn voice_file(
    State(s): State<AppState>,
    me: AuthUser,
    axum::extract::Path(id): axum::extract::Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<Response, AppError> {
    let (mime, bytes) = service::voice_file(&s, &me, &id).await?;
    let mut res = crate::server::http::bytes_with_ranges(&headers, bytes);
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_str(&mime).unwrap_or(HeaderValue::from_static("application/octet-stream")));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    Ok(res)
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OpenRoom {
    with_user_id: u64,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoomId {
    room_id: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SendMessage {
    /// Idempotency key chosen by the client (up to 64 of A-Z a-z 0-9 -).
    client_id: String,
    text: String,
}

#[derive(Deserialize, IntoParams)]
pub struct HistoryQuery {
    /// Only messages with a greater seq (resume after a reconnect), oldest first.
    after: Option<i64>,
    /// Only messages with a smaller seq (scroll back).
    before: Option<i64>,
    /// 1 to 100, default 50.
    limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReadUpTo {
    read_seq: i64,
}

/// My rooms, newest first, with unread counts.
#[utoipa::path(get, path = "/api/chat/rooms", tag = "chat", security(("bearer" = [])), responses((status = 200, body = [RoomSummary]), (status = 401, body = ErrorBody)))]
async fn list_rooms(State(s): State<AppState>, me: AuthUser) -> Result<Json<Vec<RoomSummary>>, AppError> {
    Ok(Json(service::rooms(&s, &me).await?))
}

/// The 1:1 room with another member (created on first use).
#[utoipa::path(post, path = "/api/chat/rooms", tag = "chat", request_body = OpenRoom, security(("bearer" = [])),
    responses((status = 200, body = RoomId), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn open_room(State(s): State<AppState>, me: AuthUser, ApiJson(o): ApiJson<OpenRoom>) -> Result<Json<RoomId>, AppError> {
    Ok(Json(RoomId { room_id: service::open(&s, &me, o.with_user_id).await? }))
}

/// Messages in seq order (members of the room only).
#[utoipa::path(get, path = "/api/chat/rooms/{room}/messages", tag = "chat", params(HistoryQuery), security(("bearer" = [])),
    responses((status = 200, body = [ChatMessage]), (status = 404, body = ErrorBody, description = "ROOM_NOT_FOUND")))]
async fn messages(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(room): ApiPath<String>,
    ApiQuery(q): ApiQuery<HistoryQuery>,
) -> Result<Json<Vec<ChatMessage>>, AppError> {
    Ok(Json(service::history(&s, &me, &room, q.after, q.before, q.limit).await?))
}

/// Stores a message and answers with it (a retry with the same clientId returns the same message).
#[utoipa::path(post, path = "/api/chat/rooms/{room}/messages", tag = "chat", request_body = SendMessage, security(("bearer" = [])),
    responses((status = 200, body = ChatMessage), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn send(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(room): ApiPath<String>,
    ApiJson(m): ApiJson<SendMessage>,
) -> Result<Json<ChatMessage>, AppError> {
    Ok(Json(service::send(&s, &me, &room, &m.client_id, &m.text).await?))
}

/// Marks the room read for me.
#[utoipa::path(post, path = "/api/chat/rooms/{room}/read", tag = "chat", security(("bearer" = [])),
    responses((status = 200, body = ReadUpTo), (status = 404, body = ErrorBody)))]
async fn read(State(s): State<AppState>, me: AuthUser, ApiPath(room): ApiPath<String>) -> Result<Json<ReadUpTo>, AppError> {
    Ok(Json(ReadUpTo { read_seq: service::read(&s, &me, &room).await? }))
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list_rooms, open_room, messages, send, read, send_voice, unread, block, unblock))]
pub struct ChatApi;
