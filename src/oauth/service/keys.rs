//! The id_token's signing keys: RSA 2048 made by the site, the newest one signs, retired
//! ones stay published for a day (docs/design/oauth-provider.md).

use super::{sha256_hex, KEY_GRACE_SECS};
use crate::{error::AppError, oauth::store, server::AppState};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::{pkcs1::EncodeRsaPrivateKey, traits::PublicKeyParts};
use serde_json::{json, Value};
use sqlx::MySqlPool;

fn generate() -> Result<store::KeyRow, AppError> {
    let key = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).map_err(|_| AppError::internal())?;
    let der = key.to_pkcs1_der().map_err(|_| AppError::internal())?.as_bytes().to_vec();
    let n = URL_SAFE_NO_PAD.encode(key.n().to_bytes_be());
    let e = URL_SAFE_NO_PAD.encode(key.e().to_bytes_be());
    let kid = sha256_hex(&n)[..16].to_owned();
    Ok(store::KeyRow { kid, private_der: der, n, e })
}

/// Makes a new signing key and retires the others (`minihompy rotate-oauth-key`); returns its id.
pub async fn rotate_key(db: &MySqlPool) -> Result<String, AppError> {
    let key = tokio::task::spawn_blocking(generate).await.map_err(|_| AppError::internal())??;
    store::add_key(db, &key).await?;
    Ok(key.kid)
}

/// The signing key, made on first need.
async fn active_key(db: &MySqlPool) -> Result<store::KeyRow, AppError> {
    if let Some(k) = store::active_key(db).await? {
        return Ok(k);
    }
    rotate_key(db).await?;
    store::active_key(db).await?.ok_or_else(AppError::internal)
}

/// Makes sure a key exists (at start, so the first login does not wait for one).
pub async fn ensure_key(db: &MySqlPool) -> Result<(), AppError> {
    active_key(db).await.map(|_| ())
}

/// Signs claims with the active key (RS256, `kid` in the header).
pub async fn sign_id_token(state: &AppState, claims: &Value) -> Result<String, AppError> {
    let key = active_key(&state.db).await?;
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(key.kid.clone());
    let enc = EncodingKey::from_rsa_der(&key.private_der);
    jsonwebtoken::encode(&header, claims, &enc).map_err(|_| AppError::internal())
}

/// The JWK set: every key that may have signed a live id_token.
pub async fn jwks(state: &AppState) -> Result<Value, AppError> {
    active_key(&state.db).await?;
    let keys: Vec<Value> = store::published_keys(&state.db, KEY_GRACE_SECS)
        .await?
        .into_iter()
        .map(|k| json!({"kty": "RSA", "use": "sig", "alg": "RS256", "kid": k.kid, "n": k.n, "e": k.e}))
        .collect();
    Ok(json!({ "keys": keys }))
}
