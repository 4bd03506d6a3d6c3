//! The provider's rules: the developer console (who may change which app, what an app may
//! be), authorization and consent, the token endpoint, userinfo, revocation and
//! introspection, and the id_token's keys. Shared by `rest` and `api`.

mod apps;
mod authorize;
mod keys;
mod tokens;

pub use apps::*;
pub use authorize::*;
pub use keys::*;
pub use tokens::*;

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use sha2::{Digest, Sha256};

/// Codes live one minute; access tokens an hour; refresh tokens 30 days; a pending
/// consent 10 minutes.
pub const CODE_TTL_SECS: i64 = 60;
pub const ACCESS_TTL_SECS: i64 = 3600;
pub const REFRESH_TTL_SECS: i64 = 30 * 24 * 3600;
pub const CONSENT_TTL_SECS: u64 = 600;
/// Retired signing keys stay published this long (longer than an id_token lives).
pub const KEY_GRACE_SECS: i64 = 24 * 3600;

pub use crate::server::token::{random_secret, sha256_hex};

/// The S256 PKCE transform (RFC 7636 §4.2).
pub fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn file_url(logo: Option<&str>) -> Option<String> {
    logo.map(|name| crate::file_url::file_url(crate::file_url::FileKind::AppLogo, name))
}

#[cfg(test)]
mod unit {
    #[test]
    fn s256_matches_rfc_7636_appendix_b() {
        assert_eq!(super::s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }
}
