//! Profile images: the client asks for a short-lived signed URL, then PUTs the bytes to it.
//! The bytes are size-limited, their type sniffed from the content (never the name),
//! decoded, cropped to a square, resized and re-encoded as PNG (which also drops EXIF),
//! and stored under a generated name outside the web root.

use crate::error::ErrorCode;
use crate::{
    error::AppError,
    server::{pictures, upload, AppState},
};

pub use crate::server::pictures::MAX_BYTES;
const SIZE: u32 = 256;
const AUD: &str = "profile-image";

pub use super::model::SignedUrl;

pub fn signed_put_url(state: &AppState, user_id: u64, filename: &str) -> Result<SignedUrl, AppError> {
    let ext = filename.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if !matches!(ext.as_str(), "png" | "jpg" | "jpeg" | "gif") || filename.len() > 255 {
        return Err(AppError::bad_request(ErrorCode::UnsupportedFileType, "png, jpg, jpeg, gif 파일만 올릴 수 있습니다."));
    }
    let (token, expires_at) = upload::sign(state, AUD, user_id);
    Ok(SignedUrl {
        url: format!("{}/api/uploads/profile-image/{token}", state.config.public_url.trim_end_matches('/')),
        method: "PUT".into(),
        expires_at,
        max_bytes: MAX_BYTES,
    })
}

/// Checks and converts an uploaded image (the one picture pipeline) to a square PNG.
pub fn process_image(bytes: &[u8]) -> Result<Vec<u8>, AppError> {
    let img = pictures::decode(bytes)?;
    let thumb = img.resize_to_fill(SIZE, SIZE, image::imageops::FilterType::Triangle);
    let mut out = Vec::new();
    thumb.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).map_err(|_| AppError::internal())?;
    Ok(out)
}

/// Stores the image sent to a signed URL and makes it the member's profile image.
pub async fn put_profile_image(state: &AppState, token: &str, bytes: Vec<u8>) -> Result<String, AppError> {
    let user_id = upload::redeem(state, token, AUD).await?;
    let png = tokio::task::spawn_blocking(move || process_image(&bytes)).await.map_err(|_| AppError::internal())??;
    let dir = state.config.data_dir.join("profile");
    let name = upload::generated_name("png");
    upload::store(&dir, &name, &png).await?;
    let old = super::store::set_profile_img(&state.db, user_id, Some(&name)).await?;
    if let Some(old) = old {
        let _ = tokio::fs::remove_file(dir.join(old)).await;
    }
    Ok(crate::file_url::file_url(crate::file_url::FileKind::Profile, &name))
}

pub async fn delete_profile_image(state: &AppState, user_id: u64) -> Result<(), AppError> {
    if let Some(old) = super::store::set_profile_img(&state.db, user_id, None).await? {
        let _ = tokio::fs::remove_file(state.config.data_dir.join("profile").join(old)).await;
    }
    Ok(())
}

/// Serves stored profile images; only names this module generated are accepted.
pub async fn serve_profile_image(state: &AppState, name: &str) -> Result<Vec<u8>, AppError> {
    if !upload::is_generated_name(name, &["png"]) {
        return Err(AppError::not_found(ErrorCode::FileNotFound, "파일을 찾을 수 없습니다."));
    }
    tokio::fs::read(state.config.data_dir.join("profile").join(name))
        .await
        .map_err(|_| AppError::not_found(ErrorCode::FileNotFound, "파일을 찾을 수 없습니다."))
}
