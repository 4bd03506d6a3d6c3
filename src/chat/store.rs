//! MongoDB access for chat. Written for both real MongoDB 6+ and the nx-27017 test server:
//! one document per message, counters with `$inc`, upserts with `$setOnInsert`, no `$push`
//! of sub-documents, no transactions relied on, every index named.
//!
//! - `chat_rooms`    `{_id: "dm-<a>-<b>", members: [a, b], seq, createdAt}`
//! - `chat_members`  `{_id: "<room>:<user>", room, user, other, unread, readSeq, lastText, lastAt, updatedAt}`
//! - `chat_messages` `{room, seq, sender, text, clientId, createdAt}`, unique (room, seq) and (sender, clientId)

use super::model::{ChatMessage, RoomSummary};
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

/// Creates the indexes (idempotent; called at startup).
pub async fn ensure_indexes(db: &Database) -> mongodb::error::Result<()> {
    let named = |keys: Document, name: &str, unique: bool| {
        IndexModel::builder().keys(keys).options(IndexOptions::builder().name(name.to_owned()).unique(unique).build()).build()
    };
    messages(db).create_index(named(doc! { "room": 1, "seq": 1 }, "room_seq", true)).await?;
    messages(db).create_index(named(doc! { "sender": 1, "clientId": 1 }, "sender_client_id", true)).await?;
    members(db).create_index(named(doc! { "user": 1, "updatedAt": -1 }, "user_updated", false)).await?;
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
        .update_one(
            doc! { "_id": &id },
            doc! { "$setOnInsert": { "members": [a as i64, b as i64], "seq": 0_i64, "createdAt": now } },
        )
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
        seq: num(&d, "seq").unwrap_or_default(),
        sender_id: num(&d, "sender").unwrap_or_default() as u64,
        text: d.get_str("text").unwrap_or_default().to_owned(),
        client_id: d.get_str("clientId").unwrap_or_default().to_owned(),
        created_at: num(&d, "createdAt").unwrap_or_default(),
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
pub async fn insert(db: &Database, room: &str, sender: u64, text: &str, client_id: &str) -> mongodb::error::Result<(ChatMessage, bool)> {
    for _ in 0..8 {
        let counter = rooms(db)
            .find_one_and_update(doc! { "_id": room }, doc! { "$inc": { "seq": 1_i64 } })
            .return_document(ReturnDocument::After)
            .await?
            .ok_or_else(|| mongodb::error::Error::custom("chat room vanished"))?;
        let seq = num(&counter, "seq").unwrap_or(0);
        let doc = doc! {
            "_id": ObjectId::new(), "room": room, "seq": seq, "sender": sender as i64, "text": text,
            "clientId": client_id, "createdAt": now_ms(),
        };
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
    let last = doc! { "lastText": &m.text, "lastAt": m.created_at, "updatedAt": m.created_at };
    members(db)
        .update_one(doc! { "_id": format!("{}:{other}", m.room_id) }, doc! { "$inc": { "unread": 1_i64 }, "$set": last.clone() })
        .await?;
    let mut mine = last;
    mine.insert("readSeq", m.seq);
    members(db).update_one(doc! { "_id": format!("{}:{}", m.room_id, m.sender_id) }, doc! { "$set": mine }).await?;
    Ok(())
}

/// Messages of a room in seq order: after `after` (resume), or the `limit` before `before`
/// (scrolling back), or the newest `limit`.
pub async fn list(db: &Database, room: &str, after: Option<i64>, before: Option<i64>, limit: i64) -> mongodb::error::Result<Vec<ChatMessage>> {
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

/// Marks everything up to the room's current seq read; returns that seq.
pub async fn mark_read(db: &Database, room: &str, user: u64) -> mongodb::error::Result<i64> {
    let seq = rooms(db).find_one(doc! { "_id": room }).await?.and_then(|r| num(&r, "seq")).unwrap_or(0);
    members(db)
        .update_one(doc! { "_id": format!("{room}:{user}") }, doc! { "$set": { "unread": 0_i64, "readSeq": seq } })
        .await?;
    Ok(seq)
}

/// My rooms, newest first, with the other member's read position.
pub async fn rooms_of(db: &Database, user: u64) -> mongodb::error::Result<Vec<(RoomSummary, u64)>> {
    let mut cursor = members(db).find(doc! { "user": user as i64 }).sort(doc! { "updatedAt": -1 }).limit(100).await?;
    let mut out = vec![];
    while cursor.advance().await? {
        let d = cursor.deserialize_current()?;
        let room = d.get_str("room").unwrap_or_default().to_owned();
        let other = num(&d, "other").unwrap_or_default() as u64;
        let other_read = membership(db, &room, other).await?.and_then(|o| num(&o, "readSeq")).unwrap_or(0);
        out.push((
            RoomSummary {
                room_id: room,
                other_id: other,
                other_nickname: String::new(),
                last_text: d.get_str("lastText").ok().map(str::to_owned),
                last_at: num(&d, "lastAt"),
                unread: num(&d, "unread").unwrap_or_default(),
                other_read_seq: other_read,
            },
            other,
        ));
    }
    Ok(out)
}
