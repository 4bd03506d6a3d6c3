//! Photos, videos and the main photo. Uploads go to signed URLs (see `server::upload`).
//! Images are sniffed from their bytes (png, jpeg, gif, webp), decoded with size limits,
//! turned upright, re-encoded as JPEG (which drops EXIF, GPS included) with a 320 px
//! thumbnail. Videos must be MP4 (an `ftyp` box) and are stored as sent. Files get
//! generated names under DATA_DIR and are served only after the same visibility check as
//! the post they belong to.

use super::{
    model::{MediaKind, Relation, UploadedMedia},
    service, store,
};
use crate::error::ErrorCode;
use crate::{
    account::{
        auth::{self, AuthUser},
        model::SignedUrl,
    },
    error::AppError,
    server::{pictures, upload, AppState},
};

pub use crate::server::pictures::MAX_BYTES as IMAGE_MAX_BYTES;
pub const VIDEO_MAX_BYTES: usize = 10 * 1024 * 1024;
/// Decoding costs 4 bytes a pixel (plus the resized copies), so pictures are capped.
const DISPLAY_MAX: u32 = 1600;

/// At most two pictures are decoded at once, whatever the number of uploads.
static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// Runs image work off the async runtime, two at a time.
async fn decode_slot<T: Send + 'static>(work: impl FnOnce() -> Result<T, AppError> + Send + 'static) -> Result<T, AppError> {
    let _permit = DECODING.acquire().await.map_err(|_| AppError::internal())?;
    tokio::task::spawn_blocking(work).await.map_err(|_| AppError::internal())?
}
const THUMB: u32 = 320;
const MAIN_PHOTO_MAX: u32 = 480;
pub const AUD_PHOTO: &str = "album-media";
pub const AUD_MAIN: &str = "main-photo";

fn url_for(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.config.public_url.trim_end_matches('/'))
}

/// How many uploads a member may start per hour.
const UPLOADS_PER_HOUR: u64 = 200;
/// Uploads never attached to a post are removed after this long.
const UNATTACHED_TTL_HOURS: i64 = 24;

/// A signed URL to upload one photo or video for the album (the owner only). Also clears
/// the member's uploads that were never posted.
pub async fn album_upload_url(state: &AppState, me: &AuthUser, owner: u64, filename: &str) -> Result<SignedUrl, AppError> {
    if me.id() != owner {
        return Err(AppError::forbidden("내 사진첩에만 올릴 수 있습니다."));
    }
    me.count_write(state, "album-upload", crate::server::rate_limit::Limit { max: UPLOADS_PER_HOUR, window_secs: 3600 }).await?;
    let stale = store::take_unattached(&state.db, owner, UNATTACHED_TTL_HOURS).await?;
    remove_files(state, &stale).await;
    let ext = filename.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let max_bytes = match ext.as_str() {
        "png" | "jpg" | "jpeg" | "gif" | "webp" => IMAGE_MAX_BYTES,
        "mp4" => VIDEO_MAX_BYTES,
        _ => {
            return Err(AppError::bad_request(
                ErrorCode::UnsupportedFileType,
                "jpg, png, gif, webp 사진이나 mp4 동영상만 올릴 수 있습니다.",
            ))
        }
    };
    let (token, expires_at) = upload::sign(state, AUD_PHOTO, owner);
    Ok(SignedUrl { url: url_for(state, &format!("/api/uploads/album/{token}")), method: "PUT".into(), expires_at, max_bytes })
}

pub fn main_photo_upload_url(state: &AppState, me: &AuthUser, owner: u64) -> Result<SignedUrl, AppError> {
    if me.id() != owner {
        return Err(AppError::forbidden("내 미니홈피의 사진만 바꿀 수 있습니다."));
    }
    let (token, expires_at) = upload::sign(state, AUD_MAIN, owner);
    Ok(SignedUrl {
        url: url_for(state, &format!("/api/uploads/main-photo/{token}")),
        method: "PUT".into(),
        expires_at,
        max_bytes: IMAGE_MAX_BYTES,
    })
}

fn too_large(max: usize) -> AppError {
    AppError::new(413, ErrorCode::FileTooLarge, format!("파일은 {}MB 이하여야 합니다.", max / 1024 / 1024))
}

fn unsupported() -> AppError {
    AppError::new(415, ErrorCode::UnsupportedFileType, "jpg, png, gif, webp 사진이나 mp4 동영상이 아닙니다.")
}

pub struct ProcessedImage {
    pub display: Vec<u8>,
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

pub fn process_photo(bytes: &[u8]) -> Result<ProcessedImage, AppError> {
    let img = pictures::decode(bytes)?;
    let display = if img.width() > DISPLAY_MAX || img.height() > DISPLAY_MAX {
        img.resize(DISPLAY_MAX, DISPLAY_MAX, image::imageops::FilterType::Triangle)
    } else {
        img.clone()
    };
    let thumb = img.resize_to_fill(THUMB, THUMB, image::imageops::FilterType::Triangle);
    Ok(ProcessedImage {
        width: display.width(),
        height: display.height(),
        display: pictures::to_jpeg(&display, 85)?,
        thumb: pictures::to_jpeg(&thumb, 80)?,
    })
}

/// Turns metadata boxes of an MP4 (`udta`, `meta`, `uuid`: titles, XMP, GPS) into zeroed
/// `free` boxes of the same size: the data is gone, players skip the boxes, and no offset
/// into the media data moves (a real transcode needs ffmpeg, which is not available here).
pub fn blank_mp4_metadata(bytes: &mut [u8]) {
    fn walk(bytes: &mut [u8], mut pos: usize, end: usize, depth: u8) {
        while pos + 8 <= end {
            let size32 = u32::from_be_bytes([bytes[pos], bytes[pos + 1], bytes[pos + 2], bytes[pos + 3]]) as usize;
            let (size, header) = match size32 {
                0 => (end - pos, 8),
                1 if pos + 16 <= end => {
                    let mut b = [0u8; 8];
                    b.copy_from_slice(&bytes[pos + 8..pos + 16]);
                    (u64::from_be_bytes(b) as usize, 16)
                }
                n => (n, 8),
            };
            // `size > end - pos`, not `pos + size > end`: a 64-bit size near usize::MAX
            // would wrap the sum, pass the check and send `pos` backwards forever.
            if size < header || size > end - pos {
                return;
            }
            let kind = [bytes[pos + 4], bytes[pos + 5], bytes[pos + 6], bytes[pos + 7]];
            match &kind {
                b"udta" | b"meta" | b"uuid" => {
                    bytes[pos + 4..pos + 8].copy_from_slice(b"free");
                    bytes[pos + header..pos + size].fill(0);
                }
                b"moov" | b"trak" | b"mdia" | b"minf" if depth < 6 => walk(bytes, pos + header, pos + size, depth + 1),
                _ => {}
            }
            pos += size;
        }
    }
    let end = bytes.len();
    walk(bytes, 0, end, 0);
}

/// An MP4 starts with an `ftyp` box naming a known brand.
pub fn is_mp4(bytes: &[u8]) -> bool {
    bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(&bytes[8..12], b"isom" | b"iso2" | b"iso5" | b"iso6" | b"mp41" | b"mp42" | b"avc1" | b"M4V " | b"dash" | b"MSNV")
}

fn photo_dir(state: &AppState) -> std::path::PathBuf {
    state.config.data_dir.join("photo")
}

/// Stores the bytes PUT to an album upload URL; the result is attached to a post later.
pub async fn put_album_media(state: &AppState, token: &str, bytes: Vec<u8>) -> Result<UploadedMedia, AppError> {
    let owner = upload::redeem(state, token, AUD_PHOTO).await?;
    let dir = photo_dir(state);
    let size = bytes.len() as u32;
    if is_mp4(&bytes) {
        if bytes.len() > VIDEO_MAX_BYTES {
            return Err(too_large(VIDEO_MAX_BYTES));
        }
        let mut bytes = bytes;
        blank_mp4_metadata(&mut bytes);
        let file = upload::generated_name("mp4");
        upload::store(&dir, &file, &bytes).await?;
        let id = store::media_insert(
            &state.db,
            store::NewMedia { owner, kind: "VIDEO", file: &file, thumb: None, width: 0, height: 0, bytes: size },
        )
        .await?;
        return Ok(UploadedMedia {
            media_id: id,
            kind: MediaKind::Video,
            thumb_url: None,
            url: crate::file_url::file_url(crate::file_url::FileKind::Photo, &file),
        });
    }
    // Album uploads also take videos, so a file that is neither says both.
    let p = decode_slot(move || process_photo(&bytes)).await.map_err(|e| {
        if e.code == ErrorCode::UnsupportedFileType {
            unsupported()
        } else {
            e
        }
    })?;
    let file = upload::generated_name("jpg");
    let thumb = upload::generated_name("jpg");
    upload::store(&dir, &file, &p.display).await?;
    upload::store(&dir, &thumb, &p.thumb).await?;
    let id = store::media_insert(
        &state.db,
        store::NewMedia { owner, kind: "IMAGE", file: &file, thumb: Some(&thumb), width: p.width, height: p.height, bytes: size },
    )
    .await?;
    Ok(UploadedMedia {
        media_id: id,
        kind: MediaKind::Image,
        thumb_url: Some(crate::file_url::file_url(crate::file_url::FileKind::Photo, &thumb)),
        url: crate::file_url::file_url(crate::file_url::FileKind::Photo, &file),
    })
}

/// Makes the PUT image the owner's main photo; returns its URL.
pub async fn put_main_photo(state: &AppState, token: &str, bytes: Vec<u8>) -> Result<String, AppError> {
    let owner = upload::redeem(state, token, AUD_MAIN).await?;
    let jpeg = decode_slot(move || {
        let img = pictures::decode(&bytes)?;
        let img = img.resize(MAIN_PHOTO_MAX, MAIN_PHOTO_MAX, image::imageops::FilterType::Triangle);
        pictures::to_jpeg(&img, 85)
    })
    .await?;
    let dir = state.config.data_dir.join("hompy");
    let file = upload::generated_name("jpg");
    upload::store(&dir, &file, &jpeg).await?;
    if let Some(old) = store::set_main_photo(&state.db, owner, &file).await? {
        if upload::is_generated_name(&old, &["jpg"]) {
            let _ = tokio::fs::remove_file(dir.join(old)).await;
        }
    }
    Ok(super::model::main_photo_src(&file))
}

pub async fn remove_files(state: &AppState, files: &[String]) {
    for f in files {
        if upload::is_generated_name(f, &["jpg", "mp4"]) {
            let _ = tokio::fs::remove_file(photo_dir(state).join(f)).await;
        }
    }
}

/// Where an album file may be read from: it exists and the viewer may see its post.
pub async fn album_file_path(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    name: &str,
) -> Result<(std::path::PathBuf, bool), AppError> {
    let not_found = || AppError::not_found(ErrorCode::FileNotFound, "파일을 찾을 수 없습니다.");
    if !upload::is_generated_name(name, &["jpg", "mp4"]) {
        return Err(not_found());
    }
    let media = store::media_by_file(&state.db, name).await?.ok_or_else(not_found)?;
    let viewer = match auth::access_token(headers) {
        Some(t) => auth::authenticate(state, &t).await.ok(),
        None => None,
    };
    let relation = service::relation(state, viewer.as_ref(), media.owner_id).await?;
    let allowed = match media.post_id {
        None => relation == Relation::Owner,
        Some(post) => match store::post_get(&state.db, post).await? {
            Some(p) => p.visibility.allows(relation),
            None => false,
        },
    };
    if !allowed {
        // Same answer as a missing file: no hint that something private exists.
        return Err(not_found());
    }
    Ok((photo_dir(state).join(name), name.ends_with(".mp4")))
}

pub async fn main_photo_path(state: &AppState, name: &str) -> Result<std::path::PathBuf, AppError> {
    if !upload::is_generated_name(name, &["jpg"]) {
        return Err(AppError::not_found(ErrorCode::FileNotFound, "파일을 찾을 수 없습니다."));
    }
    Ok(state.config.data_dir.join("hompy").join(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{DynamicImage, ImageFormat};

    #[test]
    fn a_crafted_box_size_ends_the_walk_instead_of_looping() {
        // ftyp, then a box whose 64-bit size would wrap `pos` back to the start.
        let mut mp4 = vec![0, 0, 0, 16, b'f', b't', b'y', b'p', b'i', b's', b'o', b'm', 0, 0, 0, 0];
        mp4.extend_from_slice(&[0, 0, 0, 1, b'u', b'd', b't', b'a']);
        mp4.extend_from_slice(&(u64::MAX - 15).to_be_bytes());
        mp4.extend_from_slice(&[7; 16]);
        let before = mp4.clone();
        blank_mp4_metadata(&mut mp4);
        assert_eq!(mp4, before, "an impossible box is left alone");
    }

    #[test]
    fn mp4_is_recognised_by_its_ftyp_box() {
        let mut head = vec![0, 0, 0, 0x18];
        head.extend_from_slice(b"ftypisom\0\0\x02\0");
        assert!(is_mp4(&head));
        assert!(!is_mp4(b"\x89PNG\r\n\x1a\n0000"));
    }

    #[test]
    fn mp4_metadata_boxes_become_free_space() {
        let mut file = Vec::new();
        let boxed = |kind: &[u8], body: &[u8]| {
            let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
            b.extend_from_slice(kind);
            b.extend_from_slice(body);
            b
        };
        file.extend(boxed(b"ftyp", b"isom\0\0\x02\0isom"));
        let udta = boxed(b"udta", &boxed(b"\xa9xyz", b"+37.5665+126.9780/"));
        let trak = boxed(b"trak", &[boxed(b"tkhd", &[0; 8]), boxed(b"meta", b"GPS")].concat());
        file.extend(boxed(b"moov", &[boxed(b"mvhd", &[0; 8]), udta, trak].concat()));
        file.extend(boxed(b"mdat", b"frames"));
        let len = file.len();
        blank_mp4_metadata(&mut file);
        assert_eq!(file.len(), len);
        let has = |needle: &[u8]| file.windows(needle.len()).any(|w| w == needle);
        assert!(!has(b"udta") && !has(b"meta") && !has(b"GPS") && !has(b"+37.5665"));
        assert!(has(b"moov") && has(b"mdat") && has(b"tkhd") && has(b"free"));
        assert!(is_mp4(&file));
    }

    #[test]
    fn photos_are_reencoded_without_exif() {
        let img = DynamicImage::new_rgb8(40, 30);
        let mut jpeg = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut jpeg), ImageFormat::Jpeg).unwrap();
        // Put an EXIF segment with a GPS marker right after SOI.
        let mut exif = b"Exif\0\0MM\0*\0\0\0\x08\0\0\0\0\0\0GPSLatitude".to_vec();
        let len = (exif.len() + 2) as u16;
        let mut with_exif = vec![0xFF, 0xD8, 0xFF, 0xE1];
        with_exif.extend_from_slice(&len.to_be_bytes());
        with_exif.append(&mut exif);
        with_exif.extend_from_slice(&jpeg[2..]);
        let out = process_photo(&with_exif).unwrap();
        let has = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
        assert!(has(&with_exif, b"GPSLatitude"));
        assert!(!has(&out.display, b"Exif") && !has(&out.display, b"GPSLatitude"));
        assert!(!has(&out.thumb, b"Exif"));
        assert_eq!((out.width, out.height), (40, 30));
    }
}
