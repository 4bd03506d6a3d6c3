//! The Redis side of chat's store: each room's seq counter and each member's unread counts,
//! both rebuilt from MongoDB when Redis lost them (docs/design/chat-hot-path.md).

use super::last_seq;
use crate::{error::AppError, server::rate_limit};
use mongodb::Database;
use redis::aio::ConnectionManager;
use std::collections::HashMap;

fn seq_key(room: &str) -> String {
    format!("mh:chat:seq:{room}")
}

/// The room's next seq from Redis. When Redis lost the counter (restarted empty), it starts
/// again from the highest stored seq; a seq that turns out taken is skipped by the caller.
pub async fn next_seq(redis: &ConnectionManager, db: &Database, room: &str) -> Result<i64, AppError> {
    let script = redis::Script::new("if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCR', KEYS[1]) end return -1");
    for _ in 0..3 {
        let seq: i64 = script.key(seq_key(room)).invoke_async(&mut redis.clone()).await?;
        if seq > 0 {
            return Ok(seq);
        }
        seed_seq(redis, db, room).await?;
    }
    Err(AppError::unavailable("대화 순서를 정하지 못했습니다. 잠시 후 다시 보내 주세요."))
}

async fn seed_seq(redis: &ConnectionManager, db: &Database, room: &str) -> Result<(), AppError> {
    let stored = last_seq(db, room).await?;
    redis::cmd("SET").arg(seq_key(room)).arg(stored).arg("NX").query_async::<()>(&mut redis.clone()).await?;
    Ok(())
}

/// A send counted against the sender's limit and the room's next seq, in one round trip:
/// `Err` with the seconds to wait when the limit is used up (and no seq taken then).
pub async fn counted_next_seq(
    redis: &ConnectionManager,
    db: &Database,
    room: &str,
    limit_key: &str,
    limit: rate_limit::Limit,
) -> Result<Result<i64, u64>, AppError> {
    static SCRIPT: std::sync::LazyLock<redis::Script> = std::sync::LazyLock::new(|| {
        redis::Script::new(&format!(
            "{} if redis.call('EXISTS', KEYS[2]) == 0 then return {{0, 0}} end return {{1, redis.call('INCR', KEYS[2])}}",
            rate_limit::HIT_LUA
        ))
    });
    let (n, value): (i64, i64) =
        SCRIPT.key(limit_key).key(seq_key(room)).arg(limit.max).arg(limit.window_secs).invoke_async(&mut redis.clone()).await?;
    match n {
        -1 => Ok(Err(value.max(1) as u64)),
        1 => Ok(Ok(value)),
        _ => {
            // Counted already; only the seq is missing.
            seed_seq(redis, db, room).await?;
            Ok(Ok(next_seq(redis, db, room).await?))
        }
    }
}

fn unread_key(user: u64) -> String {
    format!("mh:chat:unread:{user}")
}
/// Rebuilt hashes live a month past their last rebuild; after that the next read rebuilds.
const UNREAD_TTL_SECS: i64 = 30 * 24 * 3600;

/// My unread counts per room from Redis, or `None` when Redis does not have them whole.
pub async fn cached_unread(redis: &ConnectionManager, user: u64) -> Result<Option<HashMap<String, i64>>, AppError> {
    let mut all: HashMap<String, i64> = redis::cmd("HGETALL").arg(unread_key(user)).query_async(&mut redis.clone()).await?;
    if all.remove("_").is_none() {
        return Ok(None);
    }
    all.retain(|_, n| *n > 0);
    Ok(Some(all))
}

/// Stores counts derived from MongoDB as the whole hash.
pub async fn cache_unread(redis: &ConnectionManager, user: u64, counts: &[(String, i64)]) -> Result<(), AppError> {
    let key = unread_key(user);
    let mut pipe = redis::pipe();
    pipe.atomic().del(&key).ignore().hset(&key, "_", 1).ignore();
    for (room, n) in counts {
        pipe.hset(&key, room, *n).ignore();
    }
    pipe.expire(&key, UNREAD_TTL_SECS).ignore();
    pipe.query_async::<()>(&mut redis.clone()).await?;
    Ok(())
}

/// After a stored message: one more unread for the receiver (only while their hash is
/// whole: a missing one is rebuilt from MongoDB, which already has the message), none for
/// the sender (sending is reading). Added to the caller's pipeline.
pub fn count_sent_in(pipe: &mut redis::Pipeline, room: &str, sender: u64, receiver: u64) {
    const BUMP: &str = "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HINCRBY', KEYS[1], ARGV[1], 1) end return 0";
    pipe.cmd("EVAL").arg(BUMP).arg(1).arg(unread_key(receiver)).arg(room).ignore();
    pipe.cmd("HDEL").arg(unread_key(sender)).arg(room).ignore();
}

/// No unread messages for `user` in `room`; true when there were some.
pub async fn clear_unread(redis: &ConnectionManager, user: u64, room: &str) -> Result<bool, AppError> {
    let removed: i64 = redis::cmd("HDEL").arg(unread_key(user)).arg(room).query_async(&mut redis.clone()).await?;
    Ok(removed > 0)
}
