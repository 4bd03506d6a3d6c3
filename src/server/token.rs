//! Access tokens: short-lived HS256 JWTs with an allow-listed algorithm, `iss`, `aud`,
//! `sub`, `exp`, `iat`, `jti`, an explicit `typ`, and the session (refresh family) id.

use jsonwebtoken::{errors::ErrorKind, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "minihompy";
pub const AUDIENCE: &str = "minihompy";
pub const ACCESS_TTL_SECS: i64 = 15 * 60;
const TYP_ACCESS: &str = "access";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub exp: i64,
    pub iat: i64,
    pub jti: String,
    pub typ: String,
    /// The refresh family this token was issued from: ending the session ends the token.
    pub sid: String,
}

#[derive(Debug, PartialEq, Eq)]
pub enum TokenError {
    Expired,
    Invalid,
}

pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl TokenKeys {
    pub fn new(secret: &str) -> Self {
        // Only HS256 is accepted: `alg: none` and any other algorithm fail validation.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.leeway = 5;
        Self { encoding: EncodingKey::from_secret(secret.as_bytes()), decoding: DecodingKey::from_secret(secret.as_bytes()), validation }
    }

    /// Returns the token and its expiry (unix seconds).
    pub fn issue(&self, user_id: u64, sid: &str, now: i64) -> (String, i64) {
        let claims = AccessClaims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: user_id.to_string(),
            exp: now + ACCESS_TTL_SECS,
            iat: now,
            jti: uuid::Uuid::new_v4().to_string(),
            typ: TYP_ACCESS.into(),
            sid: sid.into(),
        };
        let mut header = Header::new(Algorithm::HS256);
        header.typ = Some("JWT".into());
        let token = jsonwebtoken::encode(&header, &claims, &self.encoding).expect("HS256 encoding");
        (token, claims.exp)
    }

    pub fn verify(&self, token: &str) -> Result<(u64, AccessClaims), TokenError> {
        let data = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation).map_err(|e| match e.kind() {
            ErrorKind::ExpiredSignature => TokenError::Expired,
            _ => TokenError::Invalid,
        })?;
        let claims = data.claims;
        if claims.typ != TYP_ACCESS {
            return Err(TokenError::Invalid);
        }
        let user_id = claims.sub.parse().map_err(|_| TokenError::Invalid)?;
        Ok((user_id, claims))
    }

    /// Signs arbitrary claims with the same key (tests forge tokens with it; uploads sign URLs).
    pub fn sign<T: Serialize>(&self, claims: &T) -> String {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding).expect("HS256 encoding")
    }
}

/// 256 random bits, base64url: the one maker of secrets (refresh tokens, codes, states).
pub fn random_secret() -> String {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    use rand::RngCore;
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    URL_SAFE_NO_PAD.encode(b)
}

/// SHA-256 in hex: how secrets are kept (only their hash is stored).
pub fn sha256_hex(s: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_rejections() {
        let keys = TokenKeys::new("secret-secret-secret-secret-secret!");
        let now = chrono::Utc::now().timestamp();
        let (token, exp) = keys.issue(7, "fam", now);
        assert_eq!(exp, now + ACCESS_TTL_SECS);
        let (uid, claims) = keys.verify(&token).unwrap();
        assert_eq!((uid, claims.sid.as_str(), claims.typ.as_str()), (7, "fam", "access"));

        let other = TokenKeys::new("another-secret-another-secret-xx");
        assert_eq!(other.verify(&token).unwrap_err(), TokenError::Invalid);

        let (old, _) = keys.issue(7, "fam", now - 3600);
        assert_eq!(keys.verify(&old).unwrap_err(), TokenError::Expired);
    }
}
