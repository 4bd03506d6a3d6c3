//! Chat rules: only the two members of a room read or post in it; a message is stored
//! before it is acknowledged; a retry with the same client id returns the stored message;
//! sending is limited per member (`CHAT_SENDS_PER_SECOND`, 5 by default); a block in either direction stops
//! messages. Every change is published to both members' sockets (any instance).

use super::{
    model::{ChatMessage, RoomSummary, RoomView, ServerEvent, VoiceClip, TEXT_MAX, VOICE_MAX_BYTES, VOICE_MAX_MS},
    store,
};
use crate::error::ErrorCode;
use crate::{
    account::auth::AuthUser,
    error::{AppError, FieldErrors},
    server::{hub, rate_limit, AppState},
};

pub const READ_LIMIT: rate_limit::Limit = rate_limit::Limit { max: 60, window_secs: 10 };
pub const TYPING_LIMIT: rate_limit::Limit = rate_limit::Limit { max: 10, window_secs: 5 };
pub const PAGE_MAX: i64 = 100;

fn not_in_room() -> AppError {
    // The same answer for "no such room" and "not yours": ids reveal nothing.
    AppError::not_found(ErrorCode::RoomNotFound, "대화방을 찾을 수 없습니다.")
}

/// The room of me and `other`, created on first use.
pub async fn open(state: &AppState, me: &AuthUser, other: u64) -> Result<String, AppError> {
    if other == me.id() {
        return Err(AppError::bad_request(ErrorCode::ChatSelf, "나와의 대화방은 만들 수 없습니다."));
    }
    crate::account::active_member(&state.db, other).await?;
    Ok(store::open_room(&state.mongo, me.id(), other).await?)
}

/// The other member of a room I belong to.
pub async fn other_of(state: &AppState, me: &AuthUser, room: &str) -> Result<u64, AppError> {
    let m = store::membership(&state.mongo, room, me.id()).await?.ok_or_else(not_in_room)?;
    Ok(store::number(&m, "other").unwrap_or_default() as u64)
}

/// Refuses when either member blocked the other.
pub async fn ensure_not_blocked(state: &AppState, me: u64, other: u64) -> Result<(), AppError> {
    match store::blocked_between(&state.mongo, me, other).await? {
        (true, _) => Err(AppError::new(403, ErrorCode::YouBlocked, "차단한 회원입니다. 차단을 풀면 다시 대화할 수 있어요.")),
        (_, true) => Err(AppError::new(403, ErrorCode::Blocked, "상대방이 대화를 받지 않습니다.")),
        _ => Ok(()),
    }
}

fn check_client_id(client_id: &str, bad: &mut FieldErrors) {
    let ok = !client_id.is_empty() && client_id.len() <= 64 && client_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    bad.check(ok, "clientId", "clientId는 64자 이하의 영문, 숫자, '-'여야 합니다.");
}

/// A retry of something already stored is answered before the rate limit counts it.
async fn already_sent(state: &AppState, me: &AuthUser, room: &str, client_id: &str) -> Result<Option<ChatMessage>, AppError> {
    match store::by_client_id(&state.mongo, me.id(), client_id).await? {
        Some(m) if m.room_id == room => Ok(Some(m)),
        Some(_) => Err(AppError::conflict(ErrorCode::ClientIdUsed, "이미 다른 대화방에서 쓴 clientId입니다.")),
        None => Ok(None),
    }
}

pub async fn send(state: &AppState, me: &AuthUser, room: &str, client_id: &str, text: &str) -> Result<ChatMessage, AppError> {
    let other = other_of(state, me, room).await?;
    let text = text.trim();
    let mut bad = FieldErrors::default();
    if text.is_empty() || text.chars().count() > TEXT_MAX {
        bad.add("text", format!("메시지는 1~{TEXT_MAX}자로 보내 주세요."));
    }
    check_client_id(client_id, &mut bad);
    bad.finish()?;
    if let Some(m) = already_sent(state, me, room, client_id).await? {
        return Ok(m);
    }
    ensure_not_blocked(state, me.id(), other).await?;
    rate_limit::hit(&state.redis, "chat-send", &me.id().to_string(), state.config.limits.chat_send).await?;
    store_and_publish(state, me, room, other, client_id, text, None).await
}

async fn store_and_publish(
    state: &AppState,
    me: &AuthUser,
    room: &str,
    other: u64,
    client_id: &str,
    text: &str,
    voice: Option<&VoiceClip>,
) -> Result<ChatMessage, AppError> {
    let (stored, new) = store::insert(&state.mongo, room, me.id(), text, client_id, voice).await?;
    if new {
        // Stored means acknowledged: a retry would find the message and skip this part, so
        // a failure here is logged rather than answered (clients catch up on reconnect).
        if let Err(e) = store::count_message(&state.mongo, &stored, other).await {
            tracing::error!(room, seq = stored.seq, "unread count not updated: {e}");
        }
        let event = ServerEvent::Message { message: stored.clone() };
        for user in [other, me.id()] {
            if let Err(e) = hub::publish(&state.redis, user, &event).await {
                tracing::error!(room, seq = stored.seq, "message not published: {e:?}");
            }
        }
    }
    Ok(stored)
}

/// The container types a browser's MediaRecorder produces, told by their first bytes.
pub fn sniff_audio(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        Some("audio/webm")
    } else if bytes.starts_with(b"OggS") {
        Some("audio/ogg")
    } else if bytes.len() > 12 && &bytes[4..8] == b"ftyp" {
        Some("audio/mp4")
    } else {
        None
    }
}

/// A voice message: the clip goes to GridFS, then the message that points at it.
pub async fn send_voice(
    state: &AppState,
    me: &AuthUser,
    room: &str,
    client_id: &str,
    duration_ms: i64,
    bytes: &[u8],
) -> Result<ChatMessage, AppError> {
    let other = other_of(state, me, room).await?;
    let mut bad = FieldErrors::default();
    check_client_id(client_id, &mut bad);
    bad.check((1..=VOICE_MAX_MS).contains(&duration_ms), "durationMs", "음성 메시지는 5분까지 보낼 수 있어요.");
    bad.finish()?;
    if bytes.len() > VOICE_MAX_BYTES {
        return Err(AppError::new(413, ErrorCode::VoiceTooLarge, "음성 파일은 5MB까지 보낼 수 있어요."));
    }
    let Some(mime) = sniff_audio(bytes) else {
        return Err(AppError::new(415, ErrorCode::UnsupportedAudio, "webm, ogg, mp4 음성만 보낼 수 있어요."));
    };
    if let Some(m) = already_sent(state, me, room, client_id).await? {
        return Ok(m);
    }
    ensure_not_blocked(state, me.id(), other).await?;
    rate_limit::hit(&state.redis, "chat-send", &me.id().to_string(), state.config.limits.chat_send).await?;
    let file = store::put_voice(&state.mongo, room, me.id(), mime, bytes).await?;
    let clip = VoiceClip { file_id: file.to_hex(), mime: mime.into(), duration_ms, size: bytes.len() as i64 };
    store_and_publish(state, me, room, other, client_id, "", Some(&clip)).await
}

/// A voice clip for a member of its room: (mime, bytes).
pub async fn voice_file(state: &AppState, me: &AuthUser, id: &str) -> Result<(String, Vec<u8>), AppError> {
    let missing = || AppError::not_found(ErrorCode::FileNotFound, "파일을 찾을 수 없습니다.");
    let id = mongodb::bson::oid::ObjectId::parse_str(id).map_err(|_| missing())?;
    let (room, mime, bytes) = store::get_voice(&state.mongo, id).await?.ok_or_else(missing)?;
    store::membership(&state.mongo, &room, me.id()).await?.ok_or_else(missing)?;
    Ok((mime, bytes))
}

pub async fn history(
    state: &AppState,
    me: &AuthUser,
    room: &str,
    after: Option<i64>,
    before: Option<i64>,
    limit: Option<i64>,
) -> Result<Vec<ChatMessage>, AppError> {
    other_of(state, me, room).await?;
    let limit = limit.unwrap_or(50);
    if !(1..=PAGE_MAX).contains(&limit) {
        return Err(AppError::bad_request(ErrorCode::InvalidQuery, format!("limit은 1에서 {PAGE_MAX} 사이여야 합니다.")));
    }
    Ok(store::list(&state.mongo, room, after, before, limit).await?)
}

/// Opening a room reads it: my unread count goes to 0, and both of us hear of it (my other
/// tabs clear the badge; the other member's "1" markers go). Returns the seq read up to.
pub async fn read(state: &AppState, me: &AuthUser, room: &str) -> Result<i64, AppError> {
    let other = other_of(state, me, room).await?;
    rate_limit::hit(&state.redis, "chat-read", &me.id().to_string(), READ_LIMIT).await?;
    let (seq, changed) = store::mark_read(&state.mongo, room, me.id()).await?;
    if changed {
        let event = ServerEvent::Read { room_id: room.to_owned(), user_id: me.id(), read_seq: seq };
        hub::publish(&state.redis, me.id(), &event).await?;
        hub::publish(&state.redis, other, &event).await?;
    }
    Ok(seq)
}

/// "Typing…" for the other member (not stored).
pub async fn typing(state: &AppState, me: &AuthUser, room: &str) -> Result<(), AppError> {
    let other = other_of(state, me, room).await?;
    rate_limit::hit(&state.redis, "chat-typing", &me.id().to_string(), TYPING_LIMIT).await?;
    if store::blocked_between(&state.mongo, me.id(), other).await? != (false, false) {
        return Ok(());
    }
    hub::publish(&state.redis, other, &ServerEvent::Typing { room_id: room.to_owned(), user_id: me.id() }).await
}

pub async fn rooms(state: &AppState, me: &AuthUser) -> Result<Vec<RoomSummary>, AppError> {
    let mut rooms = store::rooms_of(&state.mongo, me.id()).await?;
    decorate(state, me.id(), &mut rooms).await?;
    Ok(rooms)
}

/// Names, pictures, presence and blocks for a list of rooms (a few batched queries).
async fn decorate(state: &AppState, me: u64, rooms: &mut [RoomSummary]) -> Result<(), AppError> {
    let ids: Vec<u64> = rooms.iter().map(|r| r.other_id).collect();
    let people = store::people(&state.db, &ids).await?;
    let online = hub::online(&state.redis, &ids).await?;
    let (mine, theirs) = store::blocks_of(&state.mongo, me).await?;
    for (r, on) in rooms.iter_mut().zip(online) {
        if let Some((_, nick, photo, minimi)) = people.iter().find(|p| p.0 == r.other_id) {
            r.other_nickname = nick.clone();
            r.other_photo = photo.as_ref().map(|f| crate::file_url::file_url(crate::file_url::FileKind::Profile, f));
            r.other_minimi = minimi.clone();
        } else {
            r.other_nickname = "(탈퇴한 회원)".into();
        }
        r.blocked_by_me = mine.contains(&r.other_id);
        r.blocked_me = theirs.contains(&r.other_id);
        // A block in either direction hides presence too.
        r.other_online = on && !r.blocked_by_me && !r.blocked_me;
    }
    Ok(())
}

/// One room with its newest messages (the room page's first load).
pub async fn room_view(state: &AppState, me: &AuthUser, room: &str) -> Result<RoomView, AppError> {
    let other = other_of(state, me, room).await?;
    let mine = store::membership(&state.mongo, room, me.id()).await?.ok_or_else(not_in_room)?;
    let theirs = store::membership(&state.mongo, room, other).await?;
    let mut summary = RoomSummary {
        room_id: room.to_owned(),
        other_id: other,
        other_nickname: String::new(),
        other_photo: None,
        other_minimi: String::new(),
        last_text: None,
        last_at: None,
        unread: store::number(&mine, "unread").unwrap_or_default(),
        other_read_seq: theirs.as_ref().and_then(|t| store::number(t, "readSeq")).unwrap_or_default(),
        other_online: false,
        blocked_by_me: false,
        blocked_me: false,
    };
    decorate(state, me.id(), std::slice::from_mut(&mut summary)).await?;
    let messages = store::list(&state.mongo, room, None, None, 30).await?;
    Ok(RoomView { room: summary, me: me.id(), messages })
}

pub async fn unread_total(state: &AppState, me: &AuthUser) -> Result<i64, AppError> {
    Ok(store::unread_total(&state.mongo, me.id()).await?)
}

pub async fn set_block(state: &AppState, me: &AuthUser, other: u64, on: bool) -> Result<(), AppError> {
    if other == me.id() {
        return Err(AppError::bad_request(ErrorCode::BlockSelf, "나 자신은 차단할 수 없습니다."));
    }
    if crate::account::member(&state.db, other).await?.is_none() {
        return Err(AppError::not_found(ErrorCode::UserNotFound, "회원을 찾을 수 없습니다."));
    }
    Ok(store::set_block(&state.mongo, me.id(), other, on).await?)
}

/// Tells the members I share a room with that I came online or went offline (not those
/// with a block between us).
pub async fn announce_presence(state: &AppState, me: u64, online: bool) -> Result<(), AppError> {
    let event = ServerEvent::Presence { user_id: me, online };
    let (mine, theirs) = store::blocks_of(&state.mongo, me).await?;
    for p in store::partners(&state.mongo, me).await?.into_iter().filter(|p| !mine.contains(p) && !theirs.contains(p)) {
        hub::publish(&state.redis, p, &event).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::sniff_audio;

    #[test]
    fn audio_is_told_by_its_first_bytes() {
        assert_eq!(sniff_audio(&[0x1A, 0x45, 0xDF, 0xA3, 1, 2]), Some("audio/webm"));
        assert_eq!(sniff_audio(b"OggS\0\x02rest"), Some("audio/ogg"));
        assert_eq!(sniff_audio(b"\0\0\0\x20ftypM4A \0\0\0\0"), Some("audio/mp4"));
        assert_eq!(sniff_audio(b"<html><script>"), None);
        assert_eq!(sniff_audio(b""), None);
    }
}
