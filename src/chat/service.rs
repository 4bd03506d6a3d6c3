//! Chat rules: only the two members of a room read or post in it; a message is stored
//! before it is acknowledged; a retry with the same client id returns the stored message;
//! sending is limited per member (`CHAT_SENDS_PER_SECOND`, 5 by default); a block in either direction stops
//! messages. Every change is published to both members' sockets (any instance).
//!
//! A text message's path costs one MongoDB write: the room and the blocks come from
//! `cache`, the seq from Redis, a retry is caught by the unique (sender, clientId) index,
//! and unread counts are Redis sets of unread seqs, derived from MongoDB when missing
//! (docs/design/chat-hot-path.md).

use super::{
    cache,
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
    let room = store::open_room(&state.mongo, me.id(), other).await?;
    // Each member may have a new partner: every instance reads their lists again.
    state.hub.broadcast_now(&state.redis, cache::PARTNERS_TOPIC, &format!("{},{other}", me.id())).await?;
    Ok(room)
}

/// The two members a room id names (`dm-<a>-<b>`, a < b), if it is well formed.
fn members_named(room: &str) -> Option<(u64, u64)> {
    let (a, b) = room.strip_prefix("dm-")?.split_once('-')?;
    let (a, b) = (a.parse::<u64>().ok()?, b.parse::<u64>().ok()?);
    (a < b && store::room_id(a, b) == room).then_some((a, b))
}

/// The other member of a room I belong to. The id names its members; whether the room
/// was opened is read once per process (rooms are never deleted).
pub async fn other_of(state: &AppState, me: &AuthUser, room: &str) -> Result<u64, AppError> {
    let (a, b) = members_named(room).ok_or_else(not_in_room)?;
    let other = match me.id() {
        id if id == a => b,
        id if id == b => a,
        _ => return Err(not_in_room()),
    };
    if !cache::room_known(room) {
        store::membership(&state.mongo, room, me.id()).await?.ok_or_else(not_in_room)?;
        cache::remember_room(room);
    }
    Ok(other)
}

/// A member's blocks (both ways), from the cache or read once.
async fn blocks_of(state: &AppState, user: u64) -> Result<std::sync::Arc<cache::Blocks>, AppError> {
    cache::BLOCKS
        .get_or_read(user, async {
            let (mine, theirs) = crate::account::blocks::of(state, user).await?;
            Ok(cache::Blocks { mine: mine.into_iter().collect(), theirs: theirs.into_iter().collect() })
        })
        .await
}

/// The members `user` shares a room with, from the cache or read once.
async fn partners_of(state: &AppState, user: u64) -> Result<std::sync::Arc<Vec<u64>>, AppError> {
    Ok(cache::PARTNERS.get_or_read(user, store::partners(&state.mongo, user)).await?)
}

/// (a blocked b, b blocked a).
async fn blocked_between(state: &AppState, a: u64, b: u64) -> Result<(bool, bool), AppError> {
    let blocks = blocks_of(state, a).await?;
    Ok((blocks.mine.contains(&b), blocks.theirs.contains(&b)))
}

/// Refuses when either member blocked the other.
pub async fn ensure_not_blocked(state: &AppState, me: u64, other: u64) -> Result<(), AppError> {
    match blocked_between(state, me, other).await? {
        (true, _) => Err(AppError::new(403, ErrorCode::YouBlocked, "차단한 회원입니다. 차단을 풀면 다시 대화할 수 있어요.")),
        (_, true) => Err(AppError::new(403, ErrorCode::Blocked, "상대방이 대화를 받지 않습니다.")),
        _ => Ok(()),
    }
}

fn check_client_id(client_id: &str, bad: &mut FieldErrors) {
    let ok = !client_id.is_empty() && client_id.len() <= 64 && client_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    bad.check(ok, "clientId", "clientId는 64자 이하의 영문, 숫자, '-'여야 합니다.");
}

/// The stored message a retry with this client id refers to.
async fn already_sent(state: &AppState, me: &AuthUser, room: &str, client_id: &str) -> Result<Option<ChatMessage>, AppError> {
    match store::by_client_id(&state.mongo, me.id(), client_id).await? {
        Some(m) if m.room_id == room => Ok(Some(m)),
        Some(_) => Err(AppError::conflict(ErrorCode::ClientIdUsed, "이미 다른 대화방에서 쓴 clientId입니다.")),
        None => Ok(None),
    }
}

pub async fn send(state: &AppState, me: &AuthUser, room: &str, client_id: &str, text: &str) -> Result<ChatMessage, AppError> {
    me.require_verified_email(state).await?;
    let other = other_of(state, me, room).await?;
    let text = text.trim();
    let mut bad = FieldErrors::default();
    if text.is_empty() || text.chars().count() > TEXT_MAX {
        bad.add("text", format!("메시지는 1~{TEXT_MAX}자로 보내 주세요."));
    }
    check_client_id(client_id, &mut bad);
    bad.finish()?;
    ensure_not_blocked(state, me.id(), other).await?;
    // The send is counted against the member's limit and given its seq in one round trip.
    let limit_key = rate_limit::key(SEND_BUCKET, &me.id().to_string());
    match store::counted_next_seq(&state.redis, &state.mongo, room, &limit_key, state.config.limits.chat_send).await? {
        Ok(seq) => store_and_publish(state, me, room, other, Outgoing { client_id, text, voice: None }, Some(seq)).await,
        // A retry of a message already stored is still answered when the limit is used up
        // (the lookup only happens then).
        Err(wait) => match already_sent(state, me, room, client_id).await? {
            Some(m) => Ok(published_again(state, me, other, m).await),
            None => Err(AppError::too_many_requests(wait)),
        },
    }
}

/// A retry finds its message stored, but not necessarily published: the instance that
/// stored it may have died before its publish (and so before the ack the sender waited
/// for). The message is counted and its event goes out again: a seq is counted once, and
/// clients keep one message per seq.
async fn published_again(state: &AppState, me: &AuthUser, other: u64, m: ChatMessage) -> ChatMessage {
    counted_and_published(state, me.id(), other, &m).await;
    m
}

/// A stored message's unread count and its event to both members, in one round trip.
/// Stored means acknowledged: a retry would find the message and do this again, so a
/// failure here is logged rather than answered (clients catch up on reconnect, and unread
/// counts are rebuilt from MongoDB when Redis lost them).
async fn counted_and_published(state: &AppState, me: u64, other: u64, m: &ChatMessage) {
    let mut pipe = redis::pipe();
    store::count_sent_in(&mut pipe, &m.room_id, m.seq, me, other);
    let sent = match hub::publish_in(&mut pipe, &[other, me], &ServerEvent::Message { message: m.clone() }) {
        Ok(()) => pipe.query_async::<()>(&mut state.redis.clone()).await.map_err(AppError::from),
        Err(e) => Err(e),
    };
    if let Err(e) = sent {
        tracing::error!(room = m.room_id, seq = m.seq, "unread count or message event not sent: {e}");
    }
}

const SEND_BUCKET: &str = "chat-send";

/// What a member sends: text, or a voice clip with empty text.
struct Outgoing<'a> {
    client_id: &'a str,
    text: &'a str,
    voice: Option<&'a VoiceClip>,
}

/// Stores the message under `seq` (or the room's next one) and tells both members.
async fn store_and_publish(
    state: &AppState,
    me: &AuthUser,
    room: &str,
    other: u64,
    out: Outgoing<'_>,
    mut seq: Option<i64>,
) -> Result<ChatMessage, AppError> {
    let Outgoing { client_id, text, voice } = out;
    // A seq already taken (Redis restarted and seeded its counter while a message with a
    // seq from before was on its way) is skipped, so the room's order stays one line.
    for _ in 0..8 {
        let seq = match seq.take() {
            Some(s) => s,
            None => store::next_seq(&state.redis, &state.mongo, room).await?,
        };
        let stored = match store::insert(&state.inserts, room, seq, me.id(), text, client_id, voice).await? {
            store::Inserted::Stored(m) => m,
            store::Inserted::Duplicate => match already_sent(state, me, room, client_id).await? {
                // A retry: answered with what is stored, and told to both members again.
                Some(m) => return Ok(published_again(state, me, other, m).await),
                None => continue,
            },
        };
        counted_and_published(state, me.id(), other, &stored).await;
        return Ok(stored);
    }
    Err(AppError::unavailable("메시지 순서를 정하지 못했습니다. 잠시 후 다시 보내 주세요."))
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
    me.require_verified_email(state).await?;
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
    // A retry must not store the clip twice.
    if let Some(m) = already_sent(state, me, room, client_id).await? {
        return Ok(m);
    }
    ensure_not_blocked(state, me.id(), other).await?;
    rate_limit::hit(&state.redis, SEND_BUCKET, &me.id().to_string(), state.config.limits.chat_send).await?;
    let file = store::put_voice(&state.mongo, room, me.id(), mime, bytes).await?;
    let clip = VoiceClip { file_id: file.to_hex(), mime: mime.into(), duration_ms, size: bytes.len() as i64 };
    store_and_publish(state, me, room, other, Outgoing { client_id, text: "", voice: Some(&clip) }, None).await
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
    let seq = store::last_seq(&state.mongo, room).await?;
    let moved = store::mark_read(&state.mongo, room, me.id(), seq).await?;
    let cleared = store::read_up_to(&state.redis, me.id(), room, seq).await?;
    if moved || cleared {
        let event = ServerEvent::Read { room_id: room.to_owned(), user_id: me.id(), read_seq: seq };
        hub::publish_to(&state.redis, &[me.id(), other], &event).await?;
    }
    Ok(seq)
}

/// "Typing…" for the other member (not stored).
pub async fn typing(state: &AppState, me: &AuthUser, room: &str) -> Result<(), AppError> {
    let other = other_of(state, me, room).await?;
    rate_limit::hit(&state.redis, "chat-typing", &me.id().to_string(), TYPING_LIMIT).await?;
    if blocked_between(state, me.id(), other).await? != (false, false) {
        return Ok(());
    }
    hub::publish(&state.redis, other, &ServerEvent::Typing { room_id: room.to_owned(), user_id: me.id() }).await
}

pub async fn rooms(state: &AppState, me: &AuthUser) -> Result<Vec<RoomSummary>, AppError> {
    let mut rooms = store::rooms_of(&state.mongo, me.id()).await?;
    let unread = unread_of(state, me.id()).await?;
    for r in &mut rooms {
        r.unread = unread.get(&r.room_id).copied().unwrap_or(0);
    }
    decorate(state, me.id(), &mut rooms).await?;
    Ok(rooms)
}

/// My unread counts per room: Redis, or derived from MongoDB (and put back) when Redis
/// does not have them whole.
async fn unread_of(state: &AppState, me: u64) -> Result<std::collections::HashMap<String, i64>, AppError> {
    if let Some(counts) = store::cached_unread(&state.redis, me).await? {
        return Ok(counts);
    }
    let rooms = store::unread_from_messages(&state.mongo, me).await?;
    store::cache_unread(&state.redis, me, &rooms).await?;
    Ok(rooms.into_iter().filter(|r| !r.unseen.is_empty()).map(|r| (r.room, r.unseen.len() as i64)).collect())
}

/// Names, pictures, presence and blocks for a list of rooms (a few batched queries).
async fn decorate(state: &AppState, me: u64, rooms: &mut [RoomSummary]) -> Result<(), AppError> {
    let ids: Vec<u64> = rooms.iter().map(|r| r.other_id).collect();
    let people = store::people(&state.db, &ids).await?;
    let online = hub::online(&state.redis, &ids).await?;
    let blocks = blocks_of(state, me).await?;
    for (r, on) in rooms.iter_mut().zip(online) {
        if let Some((_, nick, photo, minimi)) = people.iter().find(|p| p.0 == r.other_id) {
            r.other_nickname = nick.clone();
            r.other_photo = photo.as_ref().map(|f| crate::file_url::file_url(crate::file_url::FileKind::Profile, f));
            r.other_minimi = minimi.clone();
        } else {
            r.other_nickname = "(탈퇴한 회원)".into();
        }
        r.blocked_by_me = blocks.mine.contains(&r.other_id);
        r.blocked_me = blocks.theirs.contains(&r.other_id);
        // A block in either direction hides presence too.
        r.other_online = on && !r.blocked_by_me && !r.blocked_me;
    }
    Ok(())
}

/// One room with its newest messages (the room page's first load).
pub async fn room_view(state: &AppState, me: &AuthUser, room: &str) -> Result<RoomView, AppError> {
    let other = other_of(state, me, room).await?;
    let unread = unread_of(state, me.id()).await?.get(room).copied().unwrap_or(0);
    let other_read_seq = store::read_seq_of(&state.mongo, room, other).await?;
    let mut summary = RoomSummary {
        room_id: room.to_owned(),
        other_id: other,
        other_nickname: String::new(),
        other_photo: None,
        other_minimi: String::new(),
        last_text: None,
        last_at: None,
        unread,
        other_read_seq,
        other_online: false,
        blocked_by_me: false,
        blocked_me: false,
    };
    decorate(state, me.id(), std::slice::from_mut(&mut summary)).await?;
    let messages = store::list(&state.mongo, room, None, None, 30).await?;
    Ok(RoomView { room: summary, me: me.id(), messages })
}

pub async fn unread_total(state: &AppState, me: &AuthUser) -> Result<i64, AppError> {
    Ok(unread_of(state, me.id()).await?.values().sum())
}

pub async fn set_block(state: &AppState, me: &AuthUser, other: u64, on: bool) -> Result<(), AppError> {
    // The site-wide list: it tells this instance's cache at once and the others' through
    // the hub (`account::blocks::CHANGED_TOPIC`, which chat's cache listens to).
    crate::account::blocks::set(state, me.id(), other, on).await
}

/// Copies the blocks chat kept in MongoDB before the site-wide list into it (at start; each
/// copied document is removed, so a second start finds none).
pub async fn import_legacy_blocks(state: &AppState) -> Result<usize, AppError> {
    let legacy = store::legacy_blocks(&state.mongo).await?;
    for (id, blocker, blocked) in &legacy {
        crate::account::blocks::import(state, *blocker, *blocked).await?;
        store::forget_legacy_block(&state.mongo, id).await?;
    }
    Ok(legacy.len())
}

/// Registers the cache's invalidation with the hub (at start, by the composition).
pub fn listen_for_invalidations(hub: &hub::Hub) {
    hub.on_broadcast(cache::BLOCKS_TOPIC, cache::forget_blocks);
    hub.on_broadcast(cache::PARTNERS_TOPIC, cache::forget_partners);
}

/// Tells the members I share a room with that I came online or went offline (not those
/// with a block between us).
pub async fn announce_presence(state: &AppState, me: u64, online: bool) -> Result<(), AppError> {
    let event = ServerEvent::Presence { user_id: me, online };
    let blocks = blocks_of(state, me).await?;
    let partners: Vec<u64> =
        partners_of(state, me).await?.iter().copied().filter(|p| !blocks.mine.contains(p) && !blocks.theirs.contains(p)).collect();
    hub::publish_to(&state.redis, &partners, &event).await
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
