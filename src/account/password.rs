//! Password hashing: argon2id with m=19 MiB, t=2, p=1 (OWASP's minimum), run on the
//! blocking pool so a login never stalls the async runtime.

use crate::error::AppError;
use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_blocking(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    argon2().hash_password(password.as_bytes(), &salt).expect("argon2 hashing").to_string()
}

pub fn verify_blocking(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).map(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok()).unwrap_or(false)
}

/// The 10,000 most common passwords (from Django's list, BSD licence), lower case.
static COMMON: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| include_str!("common-passwords.txt").lines().collect());

pub fn is_common(lowercase_password: &str) -> bool {
    COMMON.contains(lowercase_password)
}

/// A real hash to verify against when the account does not exist, so a failed login
/// takes as long whether or not the email is known.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| hash_blocking("not-a-real-password"));
    &DUMMY
}

pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password)).await.map_err(|_| AppError::internal())
}

pub async fn verify(password: String, hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || verify_blocking(&password, &hash)).await.map_err(|_| AppError::internal())
}

#[cfg(test)]
mod tests {
    #[test]
    fn hash_is_argon2id_with_required_cost_and_verifies() {
        let h = super::hash_blocking("minihompy-demo-1");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(super::verify_blocking("minihompy-demo-1", &h));
        assert!(!super::verify_blocking("minihompy-demo-2", &h));
        assert!(!super::verify_blocking("x", "not a hash"));
    }

    #[test]
    fn common_passwords_are_known() {
        assert!(super::COMMON.len() >= 3000);
        for p in ["123456", "password", "qwerty", "iloveyou"] {
            assert!(super::is_common(p), "{p}");
        }
        assert!(!super::is_common("minihompy-demo-1"));
    }
}
