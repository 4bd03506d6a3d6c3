//! Refresh tokens and sessions, in Redis. A sign-in starts a *family*; each refresh token
//! is 256 random bits, stored only as a SHA-256 hash, used once: every use rotates it.
//! Presenting a spent token revokes the whole family. A family has an absolute lifetime
//! (14 days with "keep me signed in", 1 day without) and an idle timeout.
//!
//! Keys: `rt:<hash>` (token → family, spent flag), `rtf:<family>` (the session: user,
//! device, times), `rtu:<user>` (the user's families).

use crate::{account::model::SessionInfo, error::AppError};
use redis::{aio::ConnectionManager, AsyncCommands};
use std::collections::HashMap;

pub const DAY: i64 = 24 * 3600;

#[derive(Debug, Clone, Copy)]
pub struct Lifetimes {
    pub absolute: i64,
    pub idle: i64,
}

pub fn lifetimes(keep: bool) -> Lifetimes {
    if keep {
        Lifetimes { absolute: 14 * DAY, idle: 7 * DAY }
    } else {
        Lifetimes { absolute: DAY, idle: 2 * 3600 }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum RefreshError {
    /// Unknown, expired, revoked.
    Invalid,
    /// A spent token was presented: the family is now revoked.
    Reused,
}

pub struct Issued {
    pub refresh_token: String,
    pub family: String,
    pub user_id: u64,
    pub keep: bool,
    /// Unix seconds when the family ends for good.
    pub expires_at: i64,
}

/// SHA-256 in hex: how secrets (refresh tokens, codes, reset tokens) are kept.
pub fn hash(secret: &str) -> String {
    crate::server::token::sha256_hex(secret)
}

fn random_token() -> String {
    crate::server::token::random_secret()
}

async fn store_token(redis: &mut ConnectionManager, family: &str, user_id: u64, ttl: i64) -> Result<String, AppError> {
    let token = random_token();
    let key = format!("rt:{}", hash(&token));
    redis::pipe()
        .hset_multiple(&key, &[("fam", family), ("uid", &user_id.to_string()), ("spent", "0")])
        .expire(&key, ttl.max(1))
        .query_async::<()>(redis)
        .await?;
    Ok(token)
}

/// Starts a session (a new family) for a successful sign-in.
pub async fn start(redis: &ConnectionManager, user_id: u64, keep: bool, device: &str, ip: &str, now: i64) -> Result<Issued, AppError> {
    let mut redis = redis.clone();
    let life = lifetimes(keep);
    let family = uuid::Uuid::new_v4().simple().to_string();
    let fkey = format!("rtf:{family}");
    let device: String = device.chars().take(200).collect();
    redis::pipe()
        .hset_multiple(
            &fkey,
            &[
                ("uid", user_id.to_string()),
                ("created", now.to_string()),
                ("last_seen", now.to_string()),
                ("abs_exp", (now + life.absolute).to_string()),
                ("keep", if keep { "1" } else { "0" }.to_string()),
                ("device", device),
                ("ip", ip.to_string()),
            ],
        )
        .expire(&fkey, life.idle)
        .sadd(format!("rtu:{user_id}"), &family)
        .query_async::<()>(&mut redis)
        .await?;
    let refresh_token = store_token(&mut redis, &family, user_id, life.absolute).await?;
    Ok(Issued { refresh_token, family, user_id, keep, expires_at: now + life.absolute })
}

/// Marks a token spent atomically and says what it was: {status, family, user, spent_at}.
const SPEND: &str = r#"
local fam = redis.call('HGET', KEYS[1], 'fam')
if not fam then return {'missing', '', '', ''} end
local uid = redis.call('HGET', KEYS[1], 'uid')
if redis.call('HGET', KEYS[1], 'spent') == '1' then
  return {'reused', fam, uid, redis.call('HGET', KEYS[1], 'spent_at') or '0'}
end
redis.call('HSET', KEYS[1], 'spent', '1', 'spent_at', ARGV[1])
return {'ok', fam, uid, ARGV[1]}
"#;

/// Uses a refresh token. `grace_secs`: a token spent at most this long ago is treated as a
/// concurrent refresh of the same browser (parallel requests racing with one cookie), not
/// theft: the request is let through without a new refresh token. The REST endpoint uses 0.
pub async fn rotate(
    redis: &ConnectionManager,
    token: &str,
    grace_secs: i64,
    now: i64,
) -> Result<Result<(Issued, bool), RefreshError>, AppError> {
    let mut redis = redis.clone();
    if token.is_empty() || token.len() > 100 {
        return Ok(Err(RefreshError::Invalid));
    }
    let (status, family, uid, spent_at): (String, String, String, String) =
        redis::Script::new(SPEND).key(format!("rt:{}", hash(token))).arg(now).invoke_async(&mut redis).await?;
    let user_id: u64 = uid.parse().unwrap_or(0);
    let fkey = format!("rtf:{family}");
    let fam: HashMap<String, String> = match status.as_str() {
        "missing" => return Ok(Err(RefreshError::Invalid)),
        "reused" => {
            let spent_at: i64 = spent_at.parse().unwrap_or(0);
            if grace_secs > 0 && now - spent_at <= grace_secs {
                let fam: HashMap<String, String> = redis.hgetall(&fkey).await?;
                if fam.is_empty() {
                    return Ok(Err(RefreshError::Invalid));
                }
                let expires_at = fam.get("abs_exp").and_then(|v| v.parse().ok()).unwrap_or(now);
                let keep = fam.get("keep").is_some_and(|k| k == "1");
                let issued = Issued { refresh_token: String::new(), family, user_id, keep, expires_at };
                return Ok(Ok((issued, false)));
            }
            tracing::warn!(family = %family, user_id, "refresh token reuse: revoking the family");
            revoke(&redis, &family).await?;
            return Ok(Err(RefreshError::Reused));
        }
        _ => redis.hgetall(&fkey).await?,
    };
    if fam.is_empty() {
        return Ok(Err(RefreshError::Invalid)); // revoked or idle too long
    }
    let expires_at: i64 = fam.get("abs_exp").and_then(|v| v.parse().ok()).unwrap_or(0);
    if now >= expires_at {
        revoke(&redis, &family).await?;
        return Ok(Err(RefreshError::Invalid));
    }
    let keep = fam.get("keep").is_some_and(|k| k == "1");
    let remaining = expires_at - now;
    let refresh_token = store_token(&mut redis, &family, user_id, remaining).await?;
    redis::pipe().hset(&fkey, "last_seen", now).expire(&fkey, lifetimes(keep).idle.min(remaining)).query_async::<()>(&mut redis).await?;
    Ok(Ok((Issued { refresh_token, family, user_id, keep, expires_at }, true)))
}

/// The family a refresh token belongs to, without using it (logout with only a cookie).
pub async fn family_of(redis: &ConnectionManager, token: &str) -> Result<Option<String>, AppError> {
    let mut redis = redis.clone();
    Ok(redis.hget(format!("rt:{}", hash(token)), "fam").await?)
}

/// The member a live session belongs to; None once it ended.
pub async fn owner(redis: &ConnectionManager, family: &str) -> Result<Option<u64>, AppError> {
    let mut redis = redis.clone();
    let uid: Option<String> = redis.hget(format!("rtf:{family}"), "uid").await?;
    Ok(uid.and_then(|u| u.parse().ok()))
}

pub async fn revoke(redis: &ConnectionManager, family: &str) -> Result<(), AppError> {
    let mut redis = redis.clone();
    let fkey = format!("rtf:{family}");
    let uid: Option<String> = redis.hget(&fkey, "uid").await?;
    let mut pipe = redis::pipe();
    pipe.del(&fkey);
    if let Some(uid) = uid {
        pipe.srem(format!("rtu:{uid}"), family);
    }
    pipe.query_async::<()>(&mut redis).await?;
    Ok(())
}

/// Ends every session of a member, or every one but `except`.
pub async fn revoke_all(redis: &ConnectionManager, user_id: u64, except: Option<&str>) -> Result<(), AppError> {
    let mut conn = redis.clone();
    let families: Vec<String> = conn.smembers(format!("rtu:{user_id}")).await?;
    for family in families.iter().filter(|f| Some(f.as_str()) != except) {
        revoke(redis, family).await?;
    }
    Ok(())
}

pub async fn list(redis: &ConnectionManager, user_id: u64, current: Option<&str>) -> Result<Vec<SessionInfo>, AppError> {
    let mut conn = redis.clone();
    let ukey = format!("rtu:{user_id}");
    let families: Vec<String> = conn.smembers(&ukey).await?;
    let mut out = Vec::new();
    for family in families {
        let fam: HashMap<String, String> = conn.hgetall(format!("rtf:{family}")).await?;
        if fam.is_empty() {
            let _: () = conn.srem(&ukey, &family).await?; // idle-expired
            continue;
        }
        let num = |k: &str| fam.get(k).and_then(|v| v.parse().ok()).unwrap_or(0);
        out.push(SessionInfo {
            current: current == Some(family.as_str()),
            device: fam.get("device").cloned().unwrap_or_default(),
            ip: fam.get("ip").cloned().unwrap_or_default(),
            created_at: num("created"),
            last_seen_at: num("last_seen"),
            id: family,
        });
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.last_seen_at));
    Ok(out)
}
