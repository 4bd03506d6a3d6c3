//! MongoDB access for chat. Written for both real MongoDB 6+ and the nx-27017 test server:
//! one document per message, counters with `$inc`, upserts with `$setOnInsert`, no `$push`
//! of sub-documents, no transactions relied on, every index named.
//!
//! - `chat_rooms`    `{_id: "dm-<a>-<b>", members: [a, b], createdAt}`
//! - `chat_members`  `{_id: "<room>:<user>", room, user, other, readSeq, updatedAt}`
//! - `chat_messages` `{room, seq, sender, text, clientId, createdAt, voice?}`, unique (room, seq) and (sender, clientId)
//!
//! A message is one MongoDB write (the insert). What used to be counters beside it is
//! derived: a room's last message is its highest seq, a member's unread count is the
//! messages of the other member above their `readSeq`. Redis keeps the two things that
//! would be slow to derive on every send or page, and both are rebuilt from MongoDB when
//! Redis lost them (see docs/design/chat-hot-path.md):
//! - `mh:chat:seq:<room>`    the room's last handed-out seq (INCR; seeded from the highest
//!   stored seq when missing);
//! - `mh:chat:read:<user>` a hash room → read position, with a `_` field that says "whole";
//!   `mh:chat:unseen:<user>:<room>` the other member's seqs above it (the unread count is
//!   its size; `counters.rs` says why a set and not a counter).
//! - `chat_blocks`   `{_id: "<blocker>:<blocked>", blocker, blocked, createdAt}`: before the
//!   site-wide list only; copied into it at start (`legacy_blocks`)
//! - GridFS bucket `voice` (`voice.files`, `voice.chunks`, standard layout): voice clips,
//!   metadata `{room, sender, mime}`

use super::model::{ChatMessage, RoomSummary, VoiceClip};
use crate::server::mongo_batch::{self, InsertBatches};
use mongodb::{
    bson::{doc, oid::ObjectId, Document},
    options::{IndexOptions, ReturnDocument},
    Collection, Database, IndexModel,
};

mod counters;
mod voice;
pub use counters::*;
use voice::VOICE_BUCKET;
pub use voice::{get_voice, put_voice};

fn rooms(db: &Database) -> Collection<Document> {
    db.collection("chat_rooms")
}
fn members(db: &Database) -> Collection<Document> {
    db.collection("chat_members")
}
const MESSAGES: &str = "chat_messages";
fn messages(db: &Database) -> Collection<Document> {
    db.collection(MESSAGES)
}
fn blocks(db: &Database) -> Collection<Document> {
    db.collection("chat_blocks")
}

/// Creates the indexes (idempotent; called at startup).
pub async fn ensure_indexes(db: &Database) -> mongodb::error::Result<()> {
    let named = |keys: Document, name: &str, unique: bool| {
        IndexModel::builder().keys(keys).options(IndexOptions::builder().name(name.to_owned()).unique(unique).build()).build()
    };
    messages(db).create_index(named(doc! { "room": 1, "seq": 1 }, "room_seq", true)).await?;
    messages(db).create_index(named(doc! { "sender": 1, "clientId": 1 }, "sender_client_id", true)).await?;
    members(db).create_index(named(doc! { "user": 1, "updatedAt": -1 }, "user_updated", false)).await?;
    // A member's own newest message in a room (their read position after sending).
    messages(db).create_index(named(doc! { "room": 1, "sender": 1, "seq": -1 }, "room_sender_seq", false)).await?;
    // The voice bucket's indexes, under the names GridFS drivers give them.
    let chunks = db.collection::<Document>(&format!("{VOICE_BUCKET}.chunks"));
    chunks.create_index(named(doc! { "files_id": 1, "n": 1 }, "files_id_1_n_1", true)).await?;
    let files = db.collection::<Document>(&format!("{VOICE_BUCKET}.files"));
    files.create_index(named(doc! { "filename": 1, "uploadDate": 1 }, "filename_1_uploadDate_1", false)).await?;
    Ok(())
}

pub fn room_id(a: u64, b: u64) -> String {
    format!("dm-{}-{}", a.min(b), a.max(b))
}

/// A number field whatever width the server gives back (nx-27017 may answer an i64 as
/// Int32 or Double).
fn num(d: &Document, key: &str) -> Option<i64> {
    use mongodb::bson::Bson;
    match d.get(key)? {
        Bson::Int64(n) => Some(*n),
        Bson::Int32(n) => Some(i64::from(*n)),
        Bson::Double(f) => Some(*f as i64),
        _ => None,
    }
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Makes sure the room and both memberships exist.
pub async fn open_room(db: &Database, a: u64, b: u64) -> mongodb::error::Result<String> {
    let id = room_id(a, b);
    let now = now_ms();
    rooms(db)
        .update_one(doc! { "_id": &id }, doc! { "$setOnInsert": { "members": [a as i64, b as i64], "createdAt": now } })
        .upsert(true)
        .await?;
    for (user, other) in [(a, b), (b, a)] {
        members(db)
            .update_one(
                doc! { "_id": format!("{id}:{user}") },
                doc! { "$setOnInsert": { "room": &id, "user": user as i64, "other": other as i64, "readSeq": 0_i64, "updatedAt": now } },
            )
            .upsert(true)
            .await?;
    }
    Ok(id)
}

/// The member document of `user` in `room`, if they belong to it.
pub async fn membership(db: &Database, room: &str, user: u64) -> mongodb::error::Result<Option<Document>> {
    members(db).find_one(doc! { "_id": format!("{room}:{user}") }).await
}

fn to_message(d: &Document) -> ChatMessage {
    ChatMessage {
        id: d.get_object_id("_id").map(|o| o.to_hex()).unwrap_or_default(),
        room_id: d.get_str("room").unwrap_or_default().to_owned(),
        seq: num(d, "seq").unwrap_or_default(),
        sender_id: num(d, "sender").unwrap_or_default() as u64,
        text: d.get_str("text").unwrap_or_default().to_owned(),
        client_id: d.get_str("clientId").unwrap_or_default().to_owned(),
        created_at: num(d, "createdAt").unwrap_or_default(),
        voice: d.get_document("voice").ok().map(|v| VoiceClip {
            file_id: v.get_object_id("fileId").map(|o| o.to_hex()).unwrap_or_default(),
            mime: v.get_str("mime").unwrap_or_default().to_owned(),
            duration_ms: num(v, "durationMs").unwrap_or_default(),
            size: num(v, "size").unwrap_or_default(),
        }),
    }
}

pub async fn by_client_id(db: &Database, sender: u64, client_id: &str) -> mongodb::error::Result<Option<ChatMessage>> {
    Ok(messages(db).find_one(doc! { "sender": sender as i64, "clientId": client_id }).await?.as_ref().map(to_message))
}

fn is_duplicate(e: &mongodb::error::Error) -> bool {
    use mongodb::error::{ErrorKind, WriteFailure};
    match e.kind.as_ref() {
        ErrorKind::Write(WriteFailure::WriteError(w)) => w.code == 11000,
        ErrorKind::Command(c) => c.code == 11000,
        _ => e.to_string().contains("E11000") || e.to_string().to_lowercase().contains("duplicate"),
    }
}

/// The highest seq stored in a room (0 when it has no message).
pub async fn last_seq(db: &Database, room: &str) -> mongodb::error::Result<i64> {
    let last = messages(db).find_one(doc! { "room": room }).sort(doc! { "seq": -1 }).projection(doc! { "seq": 1 }).await?;
    Ok(last.and_then(|d| num(&d, "seq")).unwrap_or(0))
}

/// The room's newest message.
async fn newest(db: &Database, room: &str) -> mongodb::error::Result<Option<ChatMessage>> {
    Ok(messages(db).find_one(doc! { "room": room }).sort(doc! { "seq": -1 }).await?.as_ref().map(to_message))
}

pub enum Inserted {
    Stored(ChatMessage),
    /// The (room, seq) or (sender, clientId) was already taken: the caller tells which.
    Duplicate,
}

/// Stores a message under `seq`: the one write a message costs, sent with whatever other
/// messages are waiting (`server::mongo_batch`), so that under load many messages cost the
/// server one command.
pub async fn insert(
    inserts: &InsertBatches,
    room: &str,
    seq: i64,
    sender: u64,
    text: &str,
    client_id: &str,
    voice: Option<&VoiceClip>,
) -> mongodb::error::Result<Inserted> {
    let mut doc = doc! {
        "_id": ObjectId::new(), "room": room, "seq": seq, "sender": sender as i64, "text": text,
        "clientId": client_id, "createdAt": now_ms(),
    };
    if let Some(v) = voice {
        let file = ObjectId::parse_str(&v.file_id).map_err(|_| mongodb::error::Error::custom("bad voice file id"))?;
        doc.insert("voice", doc! { "fileId": file, "mime": &v.mime, "durationMs": v.duration_ms, "size": v.size });
    }
    let message = to_message(&doc);
    match inserts.insert(MESSAGES, doc).await {
        Ok(mongo_batch::Inserted::Stored) => Ok(Inserted::Stored(message)),
        Ok(mongo_batch::Inserted::Duplicate) => Ok(Inserted::Duplicate),
        Err(e) if is_duplicate(&e) => Ok(Inserted::Duplicate),
        Err(e) => Err(e),
    }
}

/// Messages of a room in seq order: after `after` (resume), or the `limit` before `before`
/// (scrolling back), or the newest `limit`.
pub async fn list(
    db: &Database,
    room: &str,
    after: Option<i64>,
    before: Option<i64>,
    limit: i64,
) -> mongodb::error::Result<Vec<ChatMessage>> {
    let mut filter = doc! { "room": room };
    let newest_first = after.is_none();
    if let Some(a) = after {
        filter.insert("seq", doc! { "$gt": a });
    } else if let Some(b) = before {
        filter.insert("seq", doc! { "$lt": b });
    }
    let mut cursor = messages(db).find(filter).sort(doc! { "seq": if newest_first { -1 } else { 1 } }).limit(limit).await?;
    let mut out = vec![];
    while cursor.advance().await? {
        out.push(to_message(&cursor.deserialize_current()?));
    }
    if newest_first {
        out.reverse();
    }
    Ok(out)
}

/// Moves my read position up to `seq` (never back); true when it moved.
pub async fn mark_read(db: &Database, room: &str, user: u64, seq: i64) -> mongodb::error::Result<bool> {
    let before = members(db)
        .find_one_and_update(doc! { "_id": format!("{room}:{user}") }, doc! { "$max": { "readSeq": seq } })
        .return_document(ReturnDocument::Before)
        .await?;
    Ok(before.is_some_and(|b| num(&b, "readSeq").unwrap_or(0) < seq))
}

/// Where `user` has read up to in `room`: their read position, or their own newest message
/// if that is later (sending is reading what came before).
async fn read_position(db: &Database, room: &str, user: u64, read_seq: i64) -> mongodb::error::Result<i64> {
    let mine =
        messages(db).find_one(doc! { "room": room, "sender": user as i64 }).sort(doc! { "seq": -1 }).projection(doc! { "seq": 1 }).await?;
    Ok(mine.and_then(|d| num(&d, "seq")).unwrap_or(0).max(read_seq))
}

/// A member's rooms: (room, other, readSeq, updatedAt), at most `limit`.
async fn member_rooms(db: &Database, user: u64, limit: i64) -> mongodb::error::Result<Vec<(String, u64, i64, i64)>> {
    let mut cursor = members(db).find(doc! { "user": user as i64 }).sort(doc! { "updatedAt": -1 }).limit(limit).await?;
    let mut out = vec![];
    while cursor.advance().await? {
        let d = cursor.deserialize_current()?;
        out.push((
            d.get_str("room").unwrap_or_default().to_owned(),
            num(&d, "other").unwrap_or_default() as u64,
            num(&d, "readSeq").unwrap_or_default(),
            num(&d, "updatedAt").unwrap_or_default(),
        ));
    }
    Ok(out)
}

/// How many rooms a member's lists show.
const ROOMS_MAX: i64 = 200;
/// Rooms read at once when deriving per-room figures.
const PARALLEL: usize = 16;

/// At most this many unread seqs are derived per room (the newest): a badge shows 999+ past it.
const UNSEEN_MAX: i64 = 999;

/// Unread state per room derived from the messages themselves: my read position and the
/// other member's messages above it. The truth Redis's copy is rebuilt from.
pub async fn unread_from_messages(db: &Database, user: u64) -> mongodb::error::Result<Vec<RoomUnread>> {
    use futures::{StreamExt, TryStreamExt};
    let rooms = member_rooms(db, user, ROOMS_MAX).await?;
    futures::stream::iter(rooms.into_iter().map(|(room, _, read_seq, _)| async move {
        let read = read_position(db, &room, user, read_seq).await?;
        let mut cursor = messages(db)
            .find(doc! { "room": &room, "seq": { "$gt": read }, "sender": { "$ne": user as i64 } })
            .sort(doc! { "seq": -1 })
            .limit(UNSEEN_MAX)
            .projection(doc! { "seq": 1 })
            .await?;
        let mut unseen = vec![];
        while cursor.advance().await? {
            unseen.extend(num(&cursor.deserialize_current()?, "seq"));
        }
        Ok::<_, mongodb::error::Error>(RoomUnread { room, read, unseen })
    }))
    .buffer_unordered(PARALLEL)
    .try_collect()
    .await
}

/// My rooms, newest message first, without names or unread counts: the other member's read
/// position and each room's newest message (read a few rooms at a time).
pub async fn rooms_of(db: &Database, user: u64) -> mongodb::error::Result<Vec<RoomSummary>> {
    use futures::{StreamExt, TryStreamExt};
    let mine = member_rooms(db, user, ROOMS_MAX).await?;
    let mut out: Vec<(i64, RoomSummary)> = futures::stream::iter(mine.into_iter().map(|(room, other, _, since)| async move {
        let last = newest(db, &room).await?;
        let preview =
            last.as_ref().map(|m| if m.voice.is_some() { "🎤 음성 메시지".to_owned() } else { m.text.chars().take(100).collect() });
        let last_at = last.as_ref().map(|m| m.created_at);
        let summary = RoomSummary {
            room_id: room,
            other_id: other,
            other_nickname: String::new(),
            other_photo: None,
            other_minimi: String::new(),
            last_text: preview,
            last_at,
            unread: 0,
            other_read_seq: 0,
            other_online: false,
            blocked_by_me: false,
            blocked_me: false,
        };
        Ok::<_, mongodb::error::Error>((last_at.unwrap_or(since), summary))
    }))
    .buffer_unordered(PARALLEL)
    .try_collect()
    .await?;
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.room_id.cmp(&b.1.room_id)));
    let mut out: Vec<RoomSummary> = out.into_iter().map(|(_, r)| r).take(100).collect();
    let theirs: Vec<String> = out.iter().map(|r| format!("{}:{}", r.room_id, r.other_id)).collect();
    let mut cursor = members(db).find(doc! { "_id": { "$in": &theirs } }).await?;
    while cursor.advance().await? {
        let d = cursor.deserialize_current()?;
        let (room, other) = (d.get_str("room").unwrap_or_default().to_owned(), num(&d, "user").unwrap_or_default() as u64);
        let read = read_position(db, &room, other, num(&d, "readSeq").unwrap_or_default()).await?;
        if let Some(r) = out.iter_mut().find(|r| r.room_id == room) {
            r.other_read_seq = read;
        }
    }
    Ok(out)
}

/// The other member's read position in a room (for the "1" markers).
pub async fn read_seq_of(db: &Database, room: &str, user: u64) -> mongodb::error::Result<i64> {
    let stored = membership(db, room, user).await?.and_then(|d| num(&d, "readSeq")).unwrap_or(0);
    read_position(db, room, user, stored).await
}

/// The members I share a room with (they hear about my presence).
pub async fn partners(db: &Database, user: u64) -> mongodb::error::Result<Vec<u64>> {
    let mut cursor = members(db).find(doc! { "user": user as i64 }).projection(doc! { "other": 1 }).limit(500).await?;
    let mut out = vec![];
    while cursor.advance().await? {
        if let Some(o) = num(&cursor.deserialize_current()?, "other") {
            out.push(o as u64);
        }
    }
    Ok(out)
}

// ------------------------------------------------------------------ blocking

/// Blocks kept here before the site-wide list (`account::blocks`): `(_id, blocker, blocked)`.
/// Chat copies them over at start and removes each copied one.
pub async fn legacy_blocks(db: &Database) -> mongodb::error::Result<Vec<(String, u64, u64)>> {
    let mut cursor = blocks(db).find(doc! {}).await?;
    let mut out = vec![];
    while cursor.advance().await? {
        let d = cursor.deserialize_current()?;
        if let (Ok(id), Some(blocker), Some(blocked)) = (d.get_str("_id"), num(&d, "blocker"), num(&d, "blocked")) {
            out.push((id.to_owned(), blocker as u64, blocked as u64));
        }
    }
    Ok(out)
}

pub async fn forget_legacy_block(db: &Database, id: &str) -> mongodb::error::Result<()> {
    blocks(db).delete_one(doc! { "_id": id }).await.map(|_| ())
}

// ------------------------------------------------------------------ members (MySQL)

/// Nickname, profile photo file and 미니미 of each member in `ids`, in one query.
pub async fn people(sql: &sqlx::MySqlPool, ids: &[u64]) -> Result<Vec<(u64, String, Option<String>, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut q = sqlx::QueryBuilder::new(
        "SELECT u.id, u.nickname, u.profile_img, COALESCE(h.minimi, '') FROM users u
         LEFT JOIN homepages h ON h.user_id = u.id WHERE u.id IN ",
    );
    crate::server::stores::push_list(&mut q, ids.iter().copied());
    q.build_query_as().fetch_all(sql).await
}
