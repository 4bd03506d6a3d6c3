//! Profile images: the client asks for a short-lived signed URL, then PUTs the bytes to it.
//! The bytes are size-limited, their type sniffed from the content (never the name),
//! decoded, cropped to a square, resized and re-encoded as PNG (which also drops EXIF),
//! and stored under a generated name outside the web root.

use crate::{
    error::AppError,
    server::{upload, AppState},
};

pub const MAX_BYTES: usize = 5 * 1024 * 1024;
const SIZE: u32 = 256;
const AUD: &str = "profile-image";

pub use super::model::SignedUrl;

pub fn signed_put_url(state: &AppState, user_id: u64, filename: &str) -> Result<SignedUrl, AppError> {
    let ext = filename.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if !matches!(ext.as_str(), "png" | "jpg" | "jpeg" | "gif") || filename.len() > 255 {
        return Err(AppError::bad_request("UNSUPPORTED_FILE_TYPE", "png, jpg, jpeg, gif 파일만 올릴 수 있습니다."));
    }
    let (token, expires_at) = upload::sign(state, AUD, user_id);
    Ok(SignedUrl {
        url: format!("{}/api/uploads/profile-image/{token}", state.config.public_url.trim_end_matches('/')),
        method: "PUT".into(),
        expires_at,
        max_bytes: MAX_BYTES,
    })
}

/// Checks and converts an uploaded image to a square PNG thumbnail.
pub fn process_image(bytes: &[u8]) -> Result<Vec<u8>, AppError> {
    use image::{ImageFormat, ImageReader, Limits};
    if bytes.len() > MAX_BYTES {
        return Err(AppError::new(413, "FILE_TOO_LARGE", "파일은 5MB 이하여야 합니다."));
    }
    let format = image::guess_format(bytes).ok().filter(|f| matches!(f, ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif));
    let Some(format) = format else {
        return Err(AppError::new(415, "UNSUPPORTED_FILE_TYPE", "이미지 파일(png, jpg, gif)이 아닙니다."));
    };
    let mut reader = ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(8000);
    limits.max_image_height = Some(8000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let img = reader.decode().map_err(|_| AppError::bad_request("INVALID_IMAGE", "이미지를 읽을 수 없습니다."))?;
    let thumb = img.resize_to_fill(SIZE, SIZE, image::imageops::FilterType::Triangle);
    let mut out = Vec::new();
    thumb.write_to(&mut std::io::Cursor::new(&mut out), ImageFormat::Png).map_err(|_| AppError::internal())?;
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
        return Err(AppError::not_found("FILE_NOT_FOUND", "파일을 찾을 수 없습니다."));
    }
    tokio::fs::read(state.config.data_dir.join("profile").join(name))
        .await
        .map_err(|_| AppError::not_found("FILE_NOT_FOUND", "파일을 찾을 수 없습니다."))
}
