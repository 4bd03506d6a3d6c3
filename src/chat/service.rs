//! Chat rules: only the two members of a room read or post in it; a message is stored
//! before it is acknowledged; a retry with the same client id returns the stored message;
//! sending is limited to 5 messages a second per member.

use super::{
    model::{ChatMessage, RoomSummary, TEXT_MAX},
    store,
};
use crate::{
    account::auth::AuthUser,
    error::{AppError, InvalidField},
    server::{rate_limit, AppState},
};

pub const SEND_LIMIT: rate_limit::Limit = rate_limit::Limit { max: 5, window_secs: 1 };
pub const PAGE_MAX: i64 = 100;

fn not_in_room() -> AppError {
    // The same answer for "no such room" and "not yours": ids reveal nothing.
    AppError::not_found("ROOM_NOT_FOUND", "대화방을 찾을 수 없습니다.")
}

/// The room of me and `other`, created on first use.
pub async fn open(state: &AppState, me: &AuthUser, other: u64) -> Result<String, AppError> {
    if other == me.id() {
        return Err(AppError::bad_request("CHAT_SELF", "나와의 대화방은 만들 수 없습니다."));
    }
    match crate::account::store::by_id(&state.db, other).await? {
        Some(u) if u.status == "ACTIVE" => {}
        _ => return Err(AppError::not_found("USER_NOT_FOUND", "회원을 찾을 수 없습니다.")),
    }
    Ok(store::open_room(&state.mongo, me.id(), other).await?)
}

/// The other member of a room I belong to.
async fn other_of(state: &AppState, me: &AuthUser, room: &str) -> Result<u64, AppError> {
    let m = store::membership(&state.mongo, room, me.id()).await?.ok_or_else(not_in_room)?;
    Ok(store::number(&m, "other").unwrap_or_default() as u64)
}

pub async fn send(state: &AppState, me: &AuthUser, room: &str, client_id: &str, text: &str) -> Result<ChatMessage, AppError> {
    let other = other_of(state, me, room).await?;
    let text = text.trim();
    let mut bad = vec![];
    if text.is_empty() || text.chars().count() > TEXT_MAX {
        bad.push(InvalidField { field: "text".into(), message: format!("메시지는 1~{TEXT_MAX}자로 보내 주세요.") });
    }
    if client_id.is_empty() || client_id.len() > 64 || !client_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        bad.push(InvalidField { field: "clientId".into(), message: "clientId는 64자 이하의 영문, 숫자, '-'여야 합니다.".into() });
    }
    if !bad.is_empty() {
        return Err(AppError::invalid_fields(bad));
    }
    // A retry of something already stored is answered before the rate limit counts it.
    if let Some(m) = store::by_client_id(&state.mongo, me.id(), client_id).await? {
        return if m.room_id == room { Ok(m) } else { Err(AppError::conflict("CLIENT_ID_USED", "이미 다른 대화방에서 쓴 clientId입니다.")) };
    }
    rate_limit::hit(&state.redis, "chat-send", &me.id().to_string(), SEND_LIMIT).await?;
    let (stored, new) = store::insert(&state.mongo, room, me.id(), text, client_id).await?;
    if new {
        store::count_message(&state.mongo, &stored, other).await?;
    }
    Ok(stored)
}

pub async fn history(state: &AppState, me: &AuthUser, room: &str, after: Option<i64>, before: Option<i64>, limit: Option<i64>) -> Result<Vec<ChatMessage>, AppError> {
    other_of(state, me, room).await?;
    let limit = limit.unwrap_or(50);
    if !(1..=PAGE_MAX).contains(&limit) {
        return Err(AppError::bad_request("INVALID_QUERY", format!("limit은 1에서 {PAGE_MAX} 사이여야 합니다.")));
    }
    Ok(store::list(&state.mongo, room, after, before, limit).await?)
}

/// Opening a room reads it: my unread count goes to 0. Returns the seq read up to.
pub async fn read(state: &AppState, me: &AuthUser, room: &str) -> Result<i64, AppError> {
    other_of(state, me, room).await?;
    Ok(store::mark_read(&state.mongo, room, me.id()).await?)
}

pub async fn rooms(state: &AppState, me: &AuthUser) -> Result<Vec<RoomSummary>, AppError> {
    let mut out = vec![];
    for (mut r, other) in store::rooms_of(&state.mongo, me.id()).await? {
        r.other_nickname = crate::account::store::by_id(&state.db, other).await?.map(|u| u.nickname).unwrap_or_default();
        out.push(r);
    }
    Ok(out)
}
