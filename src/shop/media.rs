//! Product files staff upload: 미니미 pictures (through the one picture pipeline, fitted
//! into 128×160 and re-encoded as PNG) and BGM tracks (type told from the first bytes:
//! WAV, Ogg, MP3; at most 10 MB). Stored under DATA_DIR/shop with generated names and
//! served publicly at /files/shop/{name}.

use crate::{
    error::{AppError, ErrorCode},
    server::{pictures, upload, AppState},
};
use std::path::PathBuf;

pub const AUD_PICTURE: &str = "shop-picture";
pub const AUD_AUDIO: &str = "shop-audio";
pub const AUDIO_MAX_BYTES: usize = 10 * 1024 * 1024;

pub fn dir(state: &AppState) -> PathBuf {
    state.config.data_dir.join("shop")
}

/// A generated name: 32 hex digits and one of our extensions.
pub fn valid_name(name: &str) -> bool {
    let Some((stem, ext)) = name.split_once('.') else { return false };
    stem.len() == 32
        && stem.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        && matches!(ext, "png" | "wav" | "ogg" | "mp3")
}

pub async fn exists(state: &AppState, name: &str) -> bool {
    valid_name(name) && tokio::fs::metadata(dir(state).join(name)).await.is_ok()
}

pub fn path(state: &AppState, name: &str) -> Result<PathBuf, AppError> {
    if !valid_name(name) {
        return Err(AppError::not_found(ErrorCode::FileNotFound, "파일을 찾을 수 없습니다."));
    }
    Ok(dir(state).join(name))
}

/// What an audio file is, from its first bytes.
pub fn audio_ext(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WAVE" {
        Some("wav")
    } else if bytes.starts_with(b"OggS") {
        Some("ogg")
    } else if bytes.starts_with(b"ID3") || (bytes.len() >= 2 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0) {
        Some("mp3")
    } else {
        None
    }
}

async fn write(state: &AppState, ext: &str, bytes: &[u8]) -> Result<String, AppError> {
    write_in(&dir(state), ext, bytes).await
}

/// Writes a file under a generated name in `dir` (the demo seed passes DATA_DIR/shop).
pub async fn write_in(dir: &std::path::Path, ext: &str, bytes: &[u8]) -> Result<String, AppError> {
    let name = format!("{}.{ext}", uuid::Uuid::new_v4().simple());
    tokio::fs::create_dir_all(dir).await.map_err(|_| AppError::internal())?;
    tokio::fs::write(dir.join(&name), bytes).await.map_err(|_| AppError::internal())?;
    Ok(name)
}

/// Stores an uploaded 미니미 picture; returns its name (the product's asset).
pub async fn put_picture(state: &AppState, token: &str, bytes: Vec<u8>) -> Result<String, AppError> {
    upload::redeem(state, token, AUD_PICTURE).await?;
    let png = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, AppError> {
        let img = pictures::decode(&bytes)?;
        let fitted = img.resize(128, 160, image::imageops::FilterType::Triangle);
        let mut out = std::io::Cursor::new(Vec::new());
        fitted.write_to(&mut out, image::ImageFormat::Png).map_err(|_| AppError::internal())?;
        Ok(out.into_inner())
    })
    .await
    .map_err(|_| AppError::internal())??;
    write(state, "png", &png).await
}

/// Stores an uploaded BGM track; returns its name.
pub async fn put_audio(state: &AppState, token: &str, bytes: Vec<u8>) -> Result<String, AppError> {
    upload::redeem(state, token, AUD_AUDIO).await?;
    if bytes.len() > AUDIO_MAX_BYTES {
        return Err(AppError::new(413, ErrorCode::FileTooLarge, "음악 파일은 10MB 이하여야 합니다."));
    }
    let ext = audio_ext(&bytes).ok_or_else(|| AppError::new(415, ErrorCode::UnsupportedAudio, "wav, ogg, mp3 음악 파일이 아닙니다."))?;
    write(state, ext, &bytes).await
}
