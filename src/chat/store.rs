//! MongoDB access for chat. Written for both real MongoDB 6+ and the nx-27017 test server:
//! one document per message, counters with `$inc`, upserts with `$setOnInsert`, no `$push`
//! of sub-documents, no transactions relied on, every index named.
//!
//! - `chat_rooms`    `{_id: "dm-<a>-<b>", members: [a, b], seq, createdAt}`
//! - `chat_members`  `{_id: "<room>:<user>", room, user, other, unread, readSeq, lastText, lastAt, updatedAt}`
//! - `chat_messages` `{room, seq, sender, text, clientId, createdAt, voice?}`, unique (room, seq) and (sender, clientId)
//! - `chat_blocks`   `{_id: "<blocker>:<blocked>", blocker, blocked, createdAt}`
//! - GridFS bucket `voice` (`voice.files`, `voice.chunks`, standard layout): voice clips,
//!   metadata `{room, sender, mime}`

use super::model::{ChatMessage, RoomSummary, VoiceClip};
use mongodb::{
    bson::{doc, oid::ObjectId, Document},
    options::{IndexOptions, ReturnDocument},
    Collection, Database, IndexModel,
};

fn rooms(db: &Database) -> Collection<Document> {
    db.collection("chat_rooms")
}
fn members(db: &Database) -> Collection<Document> {
    db.collection("chat_members")
}
fn messages(db: &Database) -> Collection<Document> {
    db.collection("chat_messages")
}
fn blocks(db: &Database) -> Collection<Document> {
    db.collection("chat_blocks")
}
const VOICE_BUCKET: &str = "voice";

/// Creates the indexes (idempotent; called at startup).
pub async fn ensure_indexes(db: &Database) -> mongodb::error::Result<()> {
    let named = |keys: Document, name: &str, unique: bool| {
        IndexModel::builder().keys(keys).options(IndexOptions::builder().name(name.to_owned()).unique(unique).build()).build()
    };
    messages(db).create_index(named(doc! { "room": 1, "seq": 1 }, "room_seq", true)).await?;
    messages(db).create_index(named(doc! { "sender": 1, "clientId": 1 }, "sender_client_id", true)).await?;
    members(db).create_index(named(doc! { "user": 1, "updatedAt": -1 }, "user_updated", false)).await?;
    blocks(db).create_index(named(doc! { "blocker": 1 }, "blocker", false)).await?;
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
pub fn number(d: &Document, key: &str) -> Option<i64> {
    num(d, key)
}

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
        .update_one(doc! { "_id": &id }, doc! { "$setOnInsert": { "members": [a as i64, b as i64], "seq": 0_i64, "createdAt": now } })
        .upsert(true)
        .await?;
    for (user, other) in [(a, b), (b, a)] {
        members(db)
            .update_one(
                doc! { "_id": format!("{id}:{user}") },
                doc! { "$setOnInsert": { "room": &id, "user": user as i64, "other": other as i64, "unread": 0_i64, "readSeq": 0_i64, "updatedAt": now } },
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

/// Stores a message under the room's next seq; the bool says whether it is new (false:
/// a racing retry with the same (sender, clientId) stored it first). A seq already taken
/// (a server whose `$inc` is not atomic) is skipped, so the order stays one line.
pub async fn insert(
    db: &Database,
    room: &str,
    sender: u64,
    text: &str,
    client_id: &str,
    voice: Option<&VoiceClip>,
) -> mongodb::error::Result<(ChatMessage, bool)> {
    for _ in 0..8 {
        let counter = rooms(db)
            .find_one_and_update(doc! { "_id": room }, doc! { "$inc": { "seq": 1_i64 } })
            .return_document(ReturnDocument::After)
            .await?
            .ok_or_else(|| mongodb::error::Error::custom("chat room vanished"))?;
        let seq = num(&counter, "seq").unwrap_or(0);
        let mut doc = doc! {
            "_id": ObjectId::new(), "room": room, "seq": seq, "sender": sender as i64, "text": text,
            "clientId": client_id, "createdAt": now_ms(),
        };
        if let Some(v) = voice {
            let file = ObjectId::parse_str(&v.file_id).map_err(|_| mongodb::error::Error::custom("bad voice file id"))?;
            doc.insert("voice", doc! { "fileId": file, "mime": &v.mime, "durationMs": v.duration_ms, "size": v.size });
        }
        match messages(db).insert_one(&doc).await {
            Ok(_) => return Ok((to_message(&doc), true)),
            Err(e) if is_duplicate(&e) => {
                if let Some(m) = by_client_id(db, sender, client_id).await? {
                    return Ok((m, false));
                }
            }
            Err(e) => return Err(e),
        }
    }
    Err(mongodb::error::Error::custom("no free sequence number for the message"))
}

/// After a message: the other member gets one more unread; both rooms move to the top.
pub async fn count_message(db: &Database, m: &ChatMessage, other: u64) -> mongodb::error::Result<()> {
    let preview = if m.voice.is_some() { "🎤 음성 메시지".to_owned() } else { m.text.chars().take(100).collect() };
    let last = doc! { "lastText": preview, "lastAt": m.created_at, "updatedAt": m.created_at };
    members(db)
        .update_one(doc! { "_id": format!("{}:{other}", m.room_id) }, doc! { "$inc": { "unread": 1_i64 }, "$set": last.clone() })
        .await?;
    // My own message counts as read by me ($max: a slower earlier message never moves it back).
    members(db)
        .update_one(doc! { "_id": format!("{}:{}", m.room_id, m.sender_id) }, doc! { "$set": last, "$max": { "readSeq": m.seq } })
        .await?;
    Ok(())
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

/// Marks everything up to the room's current seq read; returns that seq and whether
/// anything changed (an unread count, or a read position that moved).
pub async fn mark_read(db: &Database, room: &str, user: u64) -> mongodb::error::Result<(i64, bool)> {
    let seq = rooms(db).find_one(doc! { "_id": room }).await?.and_then(|r| num(&r, "seq")).unwrap_or(0);
    let before = members(db)
        .find_one_and_update(doc! { "_id": format!("{room}:{user}") }, doc! { "$set": { "unread": 0_i64 }, "$max": { "readSeq": seq } })
        .return_document(ReturnDocument::Before)
        .await?;
    let changed = before.is_some_and(|b| num(&b, "unread").unwrap_or(0) != 0 || num(&b, "readSeq").unwrap_or(0) < seq);
    Ok((seq, changed))
}

/// My rooms, newest first, with the other member's read position (two queries in all).
pub async fn rooms_of(db: &Database, user: u64) -> mongodb::error::Result<Vec<RoomSummary>> {
    let mut cursor = members(db).find(doc! { "user": user as i64 }).sort(doc! { "updatedAt": -1 }).limit(100).await?;
    let mut out = vec![];
    while cursor.advance().await? {
        let d = cursor.deserialize_current()?;
        out.push(RoomSummary {
            room_id: d.get_str("room").unwrap_or_default().to_owned(),
            other_id: num(&d, "other").unwrap_or_default() as u64,
            other_nickname: String::new(),
            other_photo: None,
            other_minimi: String::new(),
            last_text: d.get_str("lastText").ok().map(str::to_owned),
            last_at: num(&d, "lastAt"),
            unread: num(&d, "unread").unwrap_or_default(),
            other_read_seq: 0,
            other_online: false,
            blocked_by_me: false,
            blocked_me: false,
        });
    }
    let theirs: Vec<String> = out.iter().map(|r| format!("{}:{}", r.room_id, r.other_id)).collect();
    let mut cursor = members(db).find(doc! { "_id": { "$in": &theirs } }).await?;
    while cursor.advance().await? {
        let d = cursor.deserialize_current()?;
        let room = d.get_str("room").unwrap_or_default();
        if let Some(r) = out.iter_mut().find(|r| r.room_id == room) {
            r.other_read_seq = num(&d, "readSeq").unwrap_or_default();
        }
    }
    Ok(out)
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

/// The sum of my unread counts (the top bar's badge).
pub async fn unread_total(db: &Database, user: u64) -> mongodb::error::Result<i64> {
    let mut cursor = members(db).find(doc! { "user": user as i64, "unread": { "$gt": 0_i64 } }).projection(doc! { "unread": 1 }).await?;
    let mut total = 0;
    while cursor.advance().await? {
        total += num(&cursor.deserialize_current()?, "unread").unwrap_or_default();
    }
    Ok(total)
}

// ------------------------------------------------------------------ blocking

pub async fn set_block(db: &Database, blocker: u64, blocked: u64, on: bool) -> mongodb::error::Result<()> {
    let id = format!("{blocker}:{blocked}");
    if on {
        blocks(db)
            .update_one(
                doc! { "_id": &id },
                doc! { "$setOnInsert": { "blocker": blocker as i64, "blocked": blocked as i64, "createdAt": now_ms() } },
            )
            .upsert(true)
            .await?;
    } else {
        blocks(db).delete_one(doc! { "_id": &id }).await?;
    }
    Ok(())
}

/// (a blocked b, b blocked a).
pub async fn blocked_between(db: &Database, a: u64, b: u64) -> mongodb::error::Result<(bool, bool)> {
    let mut cursor = blocks(db).find(doc! { "_id": { "$in": [format!("{a}:{b}"), format!("{b}:{a}")] } }).await?;
    let (mut ab, mut ba) = (false, false);
    while cursor.advance().await? {
        let d = cursor.deserialize_current()?;
        if num(&d, "blocker") == Some(a as i64) {
            ab = true;
        } else {
            ba = true;
        }
    }
    Ok((ab, ba))
}

/// Everyone `user` blocked, and everyone who blocked `user`.
pub async fn blocks_of(db: &Database, user: u64) -> mongodb::error::Result<(Vec<u64>, Vec<u64>)> {
    let u = user as i64;
    let mut cursor = blocks(db).find(doc! { "$or": [{ "blocker": u }, { "blocked": u }] }).await?;
    let (mut mine, mut theirs) = (vec![], vec![]);
    while cursor.advance().await? {
        let d = cursor.deserialize_current()?;
        if num(&d, "blocker") == Some(u) {
            mine.extend(num(&d, "blocked").map(|x| x as u64));
        } else {
            theirs.extend(num(&d, "blocker").map(|x| x as u64));
        }
    }
    Ok((mine, theirs))
}

// ------------------------------------------------------------------ voice clips (GridFS)

/// GridFS chunk size (the drivers' default, 255 KiB).
const VOICE_CHUNK: usize = 255 * 1024;

/// Stores a clip in the `voice` GridFS bucket (standard layout, written here rather than
/// through the driver's upload stream, whose index checks nx-27017 does not answer);
/// returns its file id. The files document goes last, so a clip never shows half-written.
pub async fn put_voice(db: &Database, room: &str, sender: u64, mime: &str, bytes: &[u8]) -> mongodb::error::Result<ObjectId> {
    use mongodb::bson::{spec::BinarySubtype, Binary, DateTime};
    let id = ObjectId::new();
    let chunks: Vec<Document> = bytes
        .chunks(VOICE_CHUNK)
        .enumerate()
        .map(|(n, part)| doc! { "_id": ObjectId::new(), "files_id": id, "n": n as i32, "data": Binary { subtype: BinarySubtype::Generic, bytes: part.to_vec() } })
        .collect();
    if !chunks.is_empty() {
        db.collection::<Document>(&format!("{VOICE_BUCKET}.chunks")).insert_many(chunks).await?;
    }
    db.collection::<Document>(&format!("{VOICE_BUCKET}.files"))
        .insert_one(doc! {
            "_id": id, "length": bytes.len() as i64, "chunkSize": VOICE_CHUNK as i32, "uploadDate": DateTime::now(),
            "filename": format!("{id}.clip"), "metadata": { "room": room, "sender": sender as i64, "mime": mime },
        })
        .await?;
    Ok(id)
}

/// The clip with its metadata `(room, mime, bytes)`, read from `voice.chunks` in order.
pub async fn get_voice(db: &Database, id: ObjectId) -> mongodb::error::Result<Option<(String, String, Vec<u8>)>> {
    let Some(file) = db.collection::<Document>(&format!("{VOICE_BUCKET}.files")).find_one(doc! { "_id": id }).await? else {
        return Ok(None);
    };
    let meta = file.get_document("metadata").cloned().unwrap_or_default();
    let room = meta.get_str("room").unwrap_or_default().to_owned();
    let mime = meta.get_str("mime").unwrap_or("application/octet-stream").to_owned();
    let mut cursor =
        db.collection::<Document>(&format!("{VOICE_BUCKET}.chunks")).find(doc! { "files_id": id }).sort(doc! { "n": 1 }).await?;
    let mut bytes = vec![];
    while cursor.advance().await? {
        let chunk = cursor.deserialize_current()?;
        if let Ok(data) = chunk.get_binary_generic("data") {
            bytes.extend_from_slice(data);
        }
    }
    Ok(Some((room, mime, bytes)))
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
