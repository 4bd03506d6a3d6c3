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

/// Where a member has read up to in each room: a hash room → seq, with a `_` field that says
/// "whole" (every room the member has unread messages in has its field).
fn read_key(user: u64) -> String {
    format!("mh:chat:read:{user}")
}
/// The other member's messages `user` has not read in `room`: a sorted set of their seqs,
/// each above the room's read position. The unread count is its size.
fn unseen_key(user: u64, room: &str) -> String {
    format!("mh:chat:unseen:{user}:{room}")
}
/// The keys live a month past their last rebuild (the hash) or their last message (a set);
/// after that the next read rebuilds them.
const UNREAD_TTL_SECS: i64 = 30 * 24 * 3600;

// The unread state is a set of seqs and a position that only rises, so every operation
// commutes: whatever order a read and a message's count arrive in, what is left is "the
// other member's messages above my read position", as MongoDB would derive it
// (docs/design/chat-hot-path.md). KEYS: the read hash, the room's unseen set.

/// A message with seq ARGV[2] in room ARGV[1] is unread unless the position passed it.
const UNSEEN_LUA: &str = r#"
local read = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if tonumber(ARGV[2]) <= read then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[3])
if redis.call('HEXISTS', KEYS[1], '_') == 1 then redis.call('HSETNX', KEYS[1], ARGV[1], 0) end
return 1
"#;

/// Read up to seq ARGV[2] in room ARGV[1] (never back); returns how many unread it cleared.
const READ_LUA: &str = r#"
local read = math.max(tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0'), tonumber(ARGV[2]))
redis.call('HSET', KEYS[1], ARGV[1], read)
if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
return redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', read)
"#;

/// A room as MongoDB derives it: position ARGV[2] and the unread seqs ARGV[4..], joined with
/// what Redis has (counts that arrived meanwhile stay; both only ever hold real messages).
const REBUILD_LUA: &str = r#"
local read = math.max(tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0'), tonumber(ARGV[2]))
redis.call('HSET', KEYS[1], ARGV[1], read)
for i = 4, #ARGV do redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i]) end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', read)
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
return 0
"#;

/// A room's unread state as derived from MongoDB: my read position and the seqs above it.
pub struct RoomUnread {
    pub room: String,
    pub read: i64,
    pub unseen: Vec<i64>,
}

/// My unread counts per room from Redis, or `None` when Redis does not have them whole.
pub async fn cached_unread(redis: &ConnectionManager, user: u64) -> Result<Option<HashMap<String, i64>>, AppError> {
    let positions: HashMap<String, i64> = redis::cmd("HGETALL").arg(read_key(user)).query_async(&mut redis.clone()).await?;
    if !positions.contains_key("_") {
        return Ok(None);
    }
    let rooms: Vec<String> = positions.into_keys().filter(|r| r != "_").collect();
    if rooms.is_empty() {
        return Ok(Some(HashMap::new()));
    }
    let mut pipe = redis::pipe();
    for room in &rooms {
        pipe.zcard(unseen_key(user, room));
    }
    let counts: Vec<i64> = pipe.query_async(&mut redis.clone()).await?;
    Ok(Some(rooms.into_iter().zip(counts).filter(|(_, n)| *n > 0).collect()))
}

/// Writes the state derived from MongoDB and marks the hash whole.
pub async fn cache_unread(redis: &ConnectionManager, user: u64, rooms: &[RoomUnread]) -> Result<(), AppError> {
    let key = read_key(user);
    let mut pipe = redis::pipe();
    // EVAL, not EVALSHA: a pipeline cannot load a script the server lost.
    pipe.atomic();
    for r in rooms {
        pipe.cmd("EVAL").arg(REBUILD_LUA).arg(2).arg(&key).arg(unseen_key(user, &r.room));
        pipe.arg(&r.room).arg(r.read).arg(UNREAD_TTL_SECS).arg(&r.unseen).ignore();
    }
    pipe.hset(&key, "_", 1).ignore().expire(&key, UNREAD_TTL_SECS).ignore();
    pipe.query_async::<()>(&mut redis.clone()).await?;
    Ok(())
}

/// After a stored message with `seq`: one more unread for the receiver, and the sender has
/// read up to it (sending is reading). Added to the caller's pipeline; safe to add again
/// for the same message (a retry): a seq is counted once.
pub fn count_sent_in(pipe: &mut redis::Pipeline, room: &str, seq: i64, sender: u64, receiver: u64) {
    pipe.cmd("EVAL").arg(UNSEEN_LUA).arg(2).arg(read_key(receiver)).arg(unseen_key(receiver, room));
    pipe.arg(room).arg(seq).arg(UNREAD_TTL_SECS).ignore();
    pipe.cmd("EVAL").arg(READ_LUA).arg(2).arg(read_key(sender)).arg(unseen_key(sender, room));
    pipe.arg(room).arg(seq).arg(UNREAD_TTL_SECS).ignore();
}

/// `user` has read `room` up to `seq`; true when that cleared unread messages.
pub async fn read_up_to(redis: &ConnectionManager, user: u64, room: &str, seq: i64) -> Result<bool, AppError> {
    static READ: std::sync::LazyLock<redis::Script> = std::sync::LazyLock::new(|| redis::Script::new(READ_LUA));
    let cleared: i64 = READ
        .key(read_key(user))
        .key(unseen_key(user, room))
        .arg(room)
        .arg(seq)
        .arg(UNREAD_TTL_SECS)
        .invoke_async(&mut redis.clone())
        .await?;
    Ok(cleared > 0)
}
