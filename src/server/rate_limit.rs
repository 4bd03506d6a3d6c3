//! Fixed-window counters in Redis, shared by every app instance.

use crate::error::AppError;
use redis::aio::ConnectionManager;

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: u64,
    pub window_secs: u64,
}

fn key(bucket: &str, subject: &str) -> String {
    format!("rl:{bucket}:{subject}")
}

/// Counts one event. `Err(429)` with the seconds to wait once more than `max` happened in
/// the window.
pub async fn hit(redis: &ConnectionManager, bucket: &str, subject: &str, limit: Limit) -> Result<(), AppError> {
    let mut redis = redis.clone();
    let k = key(bucket, subject);
    let (count, ttl): (u64, i64) = redis::pipe()
        .incr(&k, 1)
        .cmd("EXPIRE").arg(&k).arg(limit.window_secs).arg("NX").ignore()
        .ttl(&k)
        .query_async(&mut redis)
        .await?;
    if count > limit.max {
        return Err(AppError::too_many_requests(ttl.max(1) as u64));
    }
    Ok(())
}

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
    redis::pipe()
        .incr(&k, 1)
        .cmd("EXPIRE").arg(&k).arg(limit.window_secs).arg("NX")
        .query_async::<()>(&mut redis)
        .await?;
    Ok(())
}

pub async fn reset(redis: &ConnectionManager, bucket: &str, subject: &str) -> Result<(), AppError> {
    let mut redis = redis.clone();
    redis::cmd("DEL").arg(key(bucket, subject)).query_async::<()>(&mut redis).await?;
    Ok(())
}
