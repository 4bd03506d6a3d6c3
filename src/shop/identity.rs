//! 본인인증 (identity check) before a member's first top-up: name, birth date and mobile
//! number, proved by a 6-digit code sent by SMS. Behind `IdentityVerifier` so a provider's
//! adapter (e.g. PortOne/IamPort) can replace the sandbox, which sends the code through the
//! site's own SMS path (the local sink in development and tests).

use crate::{
    error::{AppError, ErrorCode},
    server::{sms::Sms, AppState},
};
use futures::future::BoxFuture;
use redis::AsyncCommands;
use sha2::{Digest, Sha256};

pub const CODE_TTL_SECS: u64 = 300;
const MAX_TRIES: i64 = 5;

/// Who the member says they are.
#[derive(Debug, Clone)]
pub struct Claim {
    pub name: String,
    pub birth_date: chrono::NaiveDate,
    pub phone: String,
}

pub trait IdentityVerifier: Send + Sync {
    /// Starts a check for `user` (sends the code).
    fn start<'a>(&'a self, user: u64, claim: &'a Claim) -> BoxFuture<'a, Result<(), AppError>>;
    /// The claim the code proves, once.
    fn confirm<'a>(&'a self, user: u64, code: &'a str) -> BoxFuture<'a, Result<Claim, AppError>>;
}

pub fn for_state(state: &AppState) -> SandboxVerifier {
    SandboxVerifier { redis: state.redis.clone(), sms: state.sms.clone() }
}

pub struct SandboxVerifier {
    redis: redis::aio::ConnectionManager,
    sms: Sms,
}

fn key(user: u64) -> String {
    format!("idv:{user}")
}

fn hash(code: &str) -> String {
    format!("{:x}", Sha256::digest(code.as_bytes()))
}

impl IdentityVerifier for SandboxVerifier {
    fn start<'a>(&'a self, user: u64, claim: &'a Claim) -> BoxFuture<'a, Result<(), AppError>> {
        Box::pin(async move {
            use rand::Rng;
            let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
            let mut redis = self.redis.clone();
            let k = key(user);
            redis::pipe()
                .del(&k)
                .hset_multiple(
                    &k,
                    &[
                        ("code", hash(&code)),
                        ("name", claim.name.clone()),
                        ("birth", claim.birth_date.to_string()),
                        ("phone", claim.phone.clone()),
                        ("tries", "0".into()),
                    ],
                )
                .expire(&k, CODE_TTL_SECS as i64)
                .query_async::<()>(&mut redis)
                .await?;
            self.sms.send(&claim.phone, &format!("[minihompy] 본인인증 번호 {code} (5분 안에 입력해 주세요)")).await.map_err(|e| {
                tracing::error!(error = %e, "identity code SMS failed");
                AppError::unavailable("인증 문자를 보내지 못했습니다. 잠시 후 다시 시도해 주세요.")
            })
        })
    }

    fn confirm<'a>(&'a self, user: u64, code: &'a str) -> BoxFuture<'a, Result<Claim, AppError>> {
        Box::pin(async move {
            let mut redis = self.redis.clone();
            let k = key(user);
            let tries: i64 = redis.hincr(&k, "tries", 1).await?;
            let m: std::collections::HashMap<String, String> = redis.hgetall(&k).await?;
            let expired = || AppError::bad_request(ErrorCode::InvalidCode, "인증 번호가 만료되었습니다. 다시 요청해 주세요.");
            let Some(stored) = m.get("code") else {
                let _: () = redis.del(&k).await?;
                return Err(expired());
            };
            if tries > MAX_TRIES {
                let _: () = redis.del(&k).await?;
                return Err(AppError::bad_request(ErrorCode::TooManyAttempts, "인증 번호를 너무 많이 틀렸습니다. 다시 요청해 주세요."));
            }
            if *stored != hash(code.trim()) {
                return Err(AppError::invalid_field("code", "인증 번호가 맞지 않습니다."));
            }
            let _: () = redis.del(&k).await?;
            let birth_date = m.get("birth").and_then(|b| b.parse().ok()).ok_or_else(expired)?;
            Ok(Claim { name: m.get("name").cloned().unwrap_or_default(), birth_date, phone: m.get("phone").cloned().unwrap_or_default() })
        })
    }
}
