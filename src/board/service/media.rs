//! Pictures of posts, through the project's one image pipeline (`server::pictures`): a
//! signed URL per picture (`server::upload`), the bytes sniffed and decoded with limits,
//! re-encoded as JPEG (no EXIF, so no GPS) at most 1600 px with a 320 px thumbnail, stored
//! under DATA_DIR/board with generated names. A picture waits unattached until its post is
//! written; its files are served only to members of that post's school (and staff), or to
//! its uploader while it waits.

use super::super::{model::*, store};
use super::{is_staff, may_write, seat};
use crate::{
    account::{
        auth::{self, AuthUser},
        model::SignedUrl,
    },
    error::{AppError, ErrorCode},
    file_url::{file_url, FileKind},
    server::{pictures, rate_limit, upload, AppState},
};

pub use crate::server::pictures::MAX_BYTES as IMAGE_MAX_BYTES;
pub const AUD_BOARD_IMAGE: &str = "board-image";
const DISPLAY_MAX: u32 = 1600;
const THUMB: u32 = 320;
/// Uploads a member may start per hour, and how long an unattached one is kept.
const UPLOADS_PER_HOUR: u64 = 120;
const UNATTACHED_TTL_HOURS: i64 = 24;

/// At most two pictures are decoded at once, whatever the number of uploads.
static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

fn board_dir(state: &AppState) -> std::path::PathBuf {
    state.config.data_dir.join("board")
}

/// Where to PUT one picture for a post the member is about to write (members who may write).
pub async fn image_upload_url(state: &AppState, me: &AuthUser, filename: &str) -> Result<SignedUrl, AppError> {
    let seat = seat(state, me).await?;
    may_write(&seat)?;
    let ext = filename.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if !matches!(ext.as_str(), "png" | "jpg" | "jpeg" | "gif" | "webp") {
        return Err(AppError::bad_request(ErrorCode::UnsupportedFileType, "jpg, png, gif, webp 사진만 올릴 수 있습니다."));
    }
    rate_limit::hit(&state.redis, "board-upload", &me.id().to_string(), rate_limit::Limit { max: UPLOADS_PER_HOUR, window_secs: 3600 })
        .await?;
    let stale = store::media_take_unattached(&state.db, me.id(), UNATTACHED_TTL_HOURS).await?;
    remove_board_files(state, &stale).await;
    let (token, expires_at) = upload::sign(state, AUD_BOARD_IMAGE, me.id());
    Ok(SignedUrl {
        url: format!("{}/api/uploads/board/{token}", state.config.public_url.trim_end_matches('/')),
        method: "PUT".into(),
        expires_at,
        max_bytes: IMAGE_MAX_BYTES,
    })
}

struct Processed {
    display: Vec<u8>,
    thumb: Vec<u8>,
    width: u32,
    height: u32,
}

fn process(bytes: &[u8]) -> Result<Processed, AppError> {
    let img = pictures::decode(bytes)?;
    let display = if img.width() > DISPLAY_MAX || img.height() > DISPLAY_MAX {
        img.resize(DISPLAY_MAX, DISPLAY_MAX, image::imageops::FilterType::Triangle)
    } else {
        img.clone()
    };
    let thumb = img.resize_to_fill(THUMB, THUMB, image::imageops::FilterType::Triangle);
    Ok(Processed {
        width: display.width(),
        height: display.height(),
        display: pictures::to_jpeg(&display, 85)?,
        thumb: pictures::to_jpeg(&thumb, 80)?,
    })
}

/// Stores the picture PUT to an upload URL; it waits for `create_post` to attach it.
pub async fn put_board_image(state: &AppState, token: &str, bytes: Vec<u8>) -> Result<UploadedImage, AppError> {
    let owner = upload::redeem(state, token, AUD_BOARD_IMAGE).await?;
    let p = {
        let _permit = DECODING.acquire().await.map_err(|_| AppError::internal())?;
        tokio::task::spawn_blocking(move || process(&bytes)).await.map_err(|_| AppError::internal())??
    };
    let dir = board_dir(state);
    let file = upload::generated_name("jpg");
    let thumb = upload::generated_name("jpg");
    upload::store(&dir, &file, &p.display).await?;
    upload::store(&dir, &thumb, &p.thumb).await?;
    let id = store::media_insert(&state.db, owner, &file, &thumb, p.width, p.height).await?;
    Ok(UploadedImage { id, url: file_url(FileKind::Board, &file), thumb_url: file_url(FileKind::Board, &thumb) })
}

pub async fn remove_board_files(state: &AppState, files: &[String]) {
    for f in files {
        if upload::is_generated_name(f, &["jpg"]) {
            let _ = tokio::fs::remove_file(board_dir(state).join(f)).await;
        }
    }
}

/// Where a post picture may be read from: it exists and the member (from the request's
/// cookies or Bearer token) is of its post's school, staff, or its uploader while it is
/// unattached. Anything else is the same 404 as a missing file. Answers the cookies a
/// refreshed browser session must set.
pub async fn board_file_path(
    state: &AppState,
    parts: &axum::http::request::Parts,
    name: &str,
) -> Result<(std::path::PathBuf, Vec<axum::http::HeaderValue>), AppError> {
    let not_found = || AppError::not_found(ErrorCode::FileNotFound, "파일을 찾을 수 없습니다.");
    if !upload::is_generated_name(name, &["jpg"]) {
        return Err(not_found());
    }
    let (viewer, cookies) = match auth::access_token(&parts.headers).filter(|_| parts.headers.contains_key("authorization")) {
        Some(token) => (auth::authenticate(state, &token).await.ok(), vec![]),
        None => auth::from_cookies(state, parts).await?,
    };
    let Some(viewer) = viewer else { return Err(not_found()) };
    let media = store::media_by_file(&state.db, name).await?.ok_or_else(not_found)?;
    let allowed = match (media.post_id, media.school_id) {
        (None, _) => media.owner_id == viewer.id(),
        (Some(_), Some(school)) => {
            let shown = media.status == Some(ContentStatus::Visible);
            (shown && store::seat(&state.db, viewer.id()).await?.is_some_and(|s| s.school_id == school)) || is_staff(&viewer)
        }
        (Some(_), None) => false,
    };
    if !allowed {
        return Err(not_found());
    }
    Ok((board_dir(state).join(name), cookies))
}
