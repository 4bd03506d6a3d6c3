//! Server functions behind the 채팅 pages (the REST API in `rest.rs` has the same rules).

use super::model::{ChatMessage, RoomSummary, RoomView};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {super::service, crate::account::auth::require_user, crate::server::app_state};

#[server(prefix = "/sfn", endpoint = "chat/rooms")]
pub async fn get_chat_rooms() -> Result<Vec<RoomSummary>, AppError> {
    let me = require_user().await?;
    service::rooms(&app_state()?, &me).await
}

#[server(prefix = "/sfn", endpoint = "chat/room")]
pub async fn get_chat_room(room: String) -> Result<RoomView, AppError> {
    let me = require_user().await?;
    service::room_view(&app_state()?, &me, &room).await
}

/// Messages after `after` (catching up after a reconnect) or before `before` (scrolling back).
#[server(prefix = "/sfn", endpoint = "chat/messages")]
pub async fn get_chat_messages(room: String, after: Option<i64>, before: Option<i64>) -> Result<Vec<ChatMessage>, AppError> {
    let me = require_user().await?;
    let limit = if after.is_some() { 100 } else { 30 };
    service::history(&app_state()?, &me, &room, after, before, Some(limit)).await
}

/// The room with `with` (created on first use); returns its id.
#[server(prefix = "/sfn", endpoint = "chat/open")]
pub async fn open_chat(with: u64) -> Result<String, AppError> {
    let me = require_user().await?;
    service::open(&app_state()?, &me, with).await
}

#[server(prefix = "/sfn", endpoint = "chat/read")]
pub async fn read_chat(room: String) -> Result<i64, AppError> {
    let me = require_user().await?;
    service::read(&app_state()?, &me, &room).await
}

/// The top bar's badge: my unread total (0 for guests).
#[server(prefix = "/sfn", endpoint = "chat/unread")]
pub async fn get_chat_unread() -> Result<i64, AppError> {
    match crate::account::auth::current_user().await? {
        Some(me) => service::unread_total(&app_state()?, &me).await,
        None => Ok(0),
    }
}

#[server(prefix = "/sfn", endpoint = "chat/block")]
pub async fn set_chat_block(other: u64, on: bool) -> Result<(), AppError> {
    let me = require_user().await?;
    service::set_block(&app_state()?, &me, other, on).await
}
