//! Fixed-window counters in Redis, shared by every app instance.

use crate::error::AppError;
use redis::aio::ConnectionManager;

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: u64,
    pub window_secs: u64,
}

/// The Redis key of a counter (for `HIT_LUA`).
pub fn key(bucket: &str, subject: &str) -> String {
    format!("rl:{bucket}:{subject}")
}

/// Counts one event. `Err(429)` with the seconds to wait once more than `max` happened in
/// the window.
pub async fn hit(redis: &ConnectionManager, bucket: &str, subject: &str, limit: Limit) -> Result<(), AppError> {
    let mut redis = redis.clone();
    let k = key(bucket, subject);
    let (count, ttl): (u64, i64) =
        redis::pipe().incr(&k, 1).cmd("EXPIRE").arg(&k).arg(limit.window_secs).arg("NX").ignore().ttl(&k).query_async(&mut redis).await?;
    if count > limit.max {
        return Err(AppError::too_many_requests(ttl.max(1) as u64));
    }
    Ok(())
}

/// `hit` as the start of a Lua script, for work that should be counted in the same round
/// trip: counts KEYS[1] against ARGV[1] events per ARGV[2] seconds and returns `{-1, ttl}`
/// when over the limit; the caller's script goes on after it (and returns `{n, …}`, n ≥ 0).
pub const HIT_LUA: &str = "local n = redis.call('INCR', KEYS[1]) \
    if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end \
    if n > tonumber(ARGV[1]) then return {-1, redis.call('TTL', KEYS[1])} end ";

/// Whether the limit is already used up, without counting (for failure-only limits).
pub async fn check(redis: &ConnectionManager, bucket: &str, subject: &str, limit: Limit) -> Result<(), AppError> {
    let mut redis = redis.clone();
    let k = key(bucket, subject);
    let (count, ttl): (Option<u64>, i64) = redis::pipe().get(&k).ttl(&k).query_async(&mut redis).await?;
    if count.unwrap_or(0) >= limit.max {
        return Err(AppError::too_many_requests(ttl.max(1) as u64));
    }
    Ok(())
}

/// Counts one failure (see `check`).
pub async fn fail(redis: &ConnectionManager, bucket: &str, subject: &str, limit: Limit) -> Result<(), AppError> {
    let mut redis = redis.clone();
    let k = key(bucket, subject);
    redis::pipe().incr(&k, 1).cmd("EXPIRE").arg(&k).arg(limit.window_secs).arg("NX").query_async::<()>(&mut redis).await?;
    Ok(())
}

pub async fn reset(redis: &ConnectionManager, bucket: &str, subject: &str) -> Result<(), AppError> {
    let mut redis = redis.clone();
    redis::cmd("DEL").arg(key(bucket, subject)).query_async::<()>(&mut redis).await?;
    Ok(())
}

/// Clears every counter of `bucket` whose subject starts with `prefix` (which must hold no
/// glob characters: callers pass hex).
pub async fn reset_prefix(redis: &ConnectionManager, bucket: &str, prefix: &str) -> Result<(), AppError> {
    let mut conn = redis.clone();
    let pattern = format!("{}*", key(bucket, prefix));
    let mut cursor: u64 = 0;
    loop {
        let (next, keys): (u64, Vec<String>) =
            redis::cmd("SCAN").arg(cursor).arg("MATCH").arg(&pattern).arg("COUNT").arg(500).query_async(&mut conn).await?;
        if !keys.is_empty() {
            redis::cmd("DEL").arg(&keys).query_async::<()>(&mut conn).await?;
        }
        if next == 0 {
            return Ok(());
        }
        cursor = next;
    }
}

/// Takes one counted event back (a login attempt that turned out to be the owner's),
/// without ever creating a counter that has expired in the meantime.
pub async fn take_back(redis: &ConnectionManager, bucket: &str, subject: &str) -> Result<(), AppError> {
    let mut redis = redis.clone();
    redis::Script::new("if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end return 0")
        .key(key(bucket, subject))
        .invoke_async::<i64>(&mut redis)
        .await?;
    Ok(())
}

/// At most one code per `secs` under `key` (SET NX with an expiry): a second ask within the
/// window is 429 RESEND_COOLDOWN with the seconds left in `Retry-After`. Shared by every
/// "we sent you a 6-digit code" flow.
pub async fn code_cooldown(redis: &ConnectionManager, key: &str, secs: u64) -> Result<(), AppError> {
    let mut redis = redis.clone();
    let fresh = redis::cmd("SET").arg(key).arg(1).arg("EX").arg(secs).arg("NX").query_async::<Option<String>>(&mut redis).await?.is_some();
    if fresh {
        return Ok(());
    }
    let ttl: i64 = redis::cmd("TTL").arg(key).query_async(&mut redis).await?;
    let wait = ttl.max(1) as u64;
    Err(AppError::new(429, crate::error::ErrorCode::ResendCooldown, format!("인증 코드는 {wait}초 후에 다시 보낼 수 있습니다."))
        .with_retry_after(wait))
}
