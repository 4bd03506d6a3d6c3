//! Signed upload URLs shared by every area that takes files: the page asks a server
//! function for a short-lived URL naming the purpose (`aud`) and the member, then PUTs the
//! bytes to it with progress. Each URL works once. Files get generated names under
//! DATA_DIR, never a name or path the client chose.

use super::AppState;
use crate::error::AppError;
use crate::error::ErrorCode;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const URL_TTL_SECS: i64 = 5 * 60;
const TYP: &str = "upload";

#[derive(Serialize, Deserialize)]
struct UploadClaims {
    iss: String,
    aud: String,
    sub: String,
    exp: i64,
    iat: i64,
    jti: String,
    typ: String,
}

/// A token for one upload of kind `aud` by `user_id`, and when it expires.
pub fn sign(state: &AppState, aud: &str, user_id: u64) -> (String, i64) {
    let now = chrono::Utc::now().timestamp();
    let claims = UploadClaims {
        iss: super::token::ISSUER.into(),
        aud: aud.into(),
        sub: user_id.to_string(),
        exp: now + URL_TTL_SECS,
        iat: now,
        jti: uuid::Uuid::new_v4().simple().to_string(),
        typ: TYP.into(),
    };
    (state.tokens.sign(&claims), claims.exp)
}

fn invalid(message: &str) -> AppError {
    AppError::unauthorized(ErrorCode::InvalidUploadUrl, message)
}

/// Checks the token of an upload URL and spends it; returns the member it was made for.
pub async fn redeem(state: &AppState, token: &str, aud: &str) -> Result<u64, AppError> {
    let mut v = Validation::new(Algorithm::HS256);
    v.set_issuer(&[super::token::ISSUER]);
    v.set_audience(&[aud]);
    let key = DecodingKey::from_secret(state.config.jwt_secret.as_bytes());
    let claims =
        jsonwebtoken::decode::<UploadClaims>(token, &key, &v).map_err(|_| invalid("업로드 주소가 만료되었거나 올바르지 않습니다."))?.claims;
    if claims.typ != TYP {
        return Err(invalid("업로드 주소가 올바르지 않습니다."));
    }
    let user_id: u64 = claims.sub.parse().map_err(|_| invalid("업로드 주소가 올바르지 않습니다."))?;
    let mut redis = state.redis.clone();
    let first: Option<String> = redis::cmd("SET")
        .arg(format!("upload:{}", claims.jti))
        .arg(1)
        .arg("EX")
        .arg(URL_TTL_SECS * 2)
        .arg("NX")
        .query_async(&mut redis)
        .await?;
    if first.is_none() {
        return Err(invalid("이미 사용한 업로드 주소입니다."));
    }
    Ok(user_id)
}

/// A fresh file name: 32 hex digits and the extension.
pub fn generated_name(ext: &str) -> String {
    format!("{}.{ext}", uuid::Uuid::new_v4().simple())
}

/// Whether `name` is one [`generated_name`] made with one of `exts` (guards every file read).
pub fn is_generated_name(name: &str, exts: &[&str]) -> bool {
    let Some((stem, ext)) = name.split_once('.') else { return false };
    stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()) && exts.contains(&ext)
}

/// Writes a file atomically (temp file, then rename) into `dir`.
pub async fn store(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), AppError> {
    tokio::fs::create_dir_all(dir).await.map_err(|e| io_error(&e))?;
    let tmp = dir.join(format!(".{name}.tmp"));
    tokio::fs::write(&tmp, bytes).await.map_err(|e| io_error(&e))?;
    tokio::fs::rename(&tmp, dir.join(name)).await.map_err(|e| io_error(&e))
}

pub fn io_error(e: &std::io::Error) -> AppError {
    tracing::error!(error = %e, "file storage failed");
    AppError::internal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_generated_names_pass() {
        let n = generated_name("jpg");
        assert!(is_generated_name(&n, &["jpg"]));
        assert!(!is_generated_name(&n, &["png"]));
        assert!(!is_generated_name("../../etc/passwd", &["jpg"]));
        assert!(!is_generated_name("0123456789abcdef0123456789abcdef.jpg/..", &["jpg"]));
    }
}
