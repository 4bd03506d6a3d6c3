//! REST API of chat under /api (the pages will use the same service over the WebSocket).

use super::{
    model::{ChatMessage, RoomSummary},
    service,
};
use crate::{
    account::{auth::AuthUser, rest::ErrorBody},
    error::AppError,
    server::{
        error::{ApiJson, ApiPath, ApiQuery},
        AppState,
    },
};
use axum::{extract::State, routing::{get, post}, Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/chat/rooms", get(list_rooms).post(open_room))
        .route("/chat/rooms/{room}/messages", get(messages).post(send))
        .route("/chat/rooms/{room}/read", post(read))
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
async fn messages(State(s): State<AppState>, me: AuthUser, ApiPath(room): ApiPath<String>, ApiQuery(q): ApiQuery<HistoryQuery>) -> Result<Json<Vec<ChatMessage>>, AppError> {
    Ok(Json(service::history(&s, &me, &room, q.after, q.before, q.limit).await?))
}

/// Stores a message and answers with it (a retry with the same clientId returns the same message).
#[utoipa::path(post, path = "/api/chat/rooms/{room}/messages", tag = "chat", request_body = SendMessage, security(("bearer" = [])),
    responses((status = 200, body = ChatMessage), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn send(State(s): State<AppState>, me: AuthUser, ApiPath(room): ApiPath<String>, ApiJson(m): ApiJson<SendMessage>) -> Result<Json<ChatMessage>, AppError> {
    Ok(Json(service::send(&s, &me, &room, &m.client_id, &m.text).await?))
}

/// Marks the room read for me.
#[utoipa::path(post, path = "/api/chat/rooms/{room}/read", tag = "chat", security(("bearer" = [])),
    responses((status = 200, body = ReadUpTo), (status = 404, body = ErrorBody)))]
async fn read(State(s): State<AppState>, me: AuthUser, ApiPath(room): ApiPath<String>) -> Result<Json<ReadUpTo>, AppError> {
    Ok(Json(ReadUpTo { read_seq: service::read(&s, &me, &room).await? }))
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list_rooms, open_room, messages, send, read))]
pub struct ChatApi;
