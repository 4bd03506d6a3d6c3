//! Voice clips in the GridFS bucket `voice`.

use mongodb::{
    bson::{doc, oid::ObjectId, Document},
    Database,
};

pub(super) const VOICE_BUCKET: &str = "voice";

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
