//! The site-wide block list (docs/design/blocking.md). One list covers chat, calls, the
//! guestbook, comments, 일촌평, 일촌 requests and named 쪽지, in both directions: when either
//! member blocked the other, neither reaches the other through any of them.
//!
//! Areas ask `refuse_if_blocked` before a write that reaches another member, or `of` for a
//! member's whole list (chat caches it). A change is broadcast on `CHANGED_TOPIC` (payload
//! `"<a>,<b>"`) so caches on every instance forget the pair, and both members' sockets
//! hear `{"type":"blockChanged","blocker":a,"blocked":b,"on":true}` (chat ends a call
//! between them).

use super::{model::BlockedMember, store};
use crate::{
    error::{AppError, ErrorCode},
    server::AppState,
};

/// The hub topic a block or unblock is announced on.
pub const CHANGED_TOPIC: &str = "member-blocks";

/// (I blocked them, they blocked me).
pub async fn pair(state: &AppState, me: u64, other: u64) -> Result<(bool, bool), AppError> {
    if me == other {
        return Ok((false, false));
    }
    Ok(store::block_pair(&state.db, me, other).await?)
}

/// Refuses a write that reaches `other` when either blocked the other: YOU_BLOCKED when I
/// did (I may lift it), BLOCKED when they did.
pub async fn refuse_if_blocked(state: &AppState, me: u64, other: u64) -> Result<(), AppError> {
    match pair(state, me, other).await? {
        (true, _) => Err(AppError::new(403, ErrorCode::YouBlocked, "차단한 회원입니다. 차단을 풀면 다시 할 수 있어요.")),
        (_, true) => Err(AppError::new(403, ErrorCode::Blocked, "이 회원에게는 글이나 신청을 보낼 수 없습니다.")),
        _ => Ok(()),
    }
}

/// Everyone `user` blocked, and everyone who blocked `user`.
pub async fn of(state: &AppState, user: u64) -> Result<(Vec<u64>, Vec<u64>), AppError> {
    Ok(store::blocks_of(&state.db, user).await?)
}

/// Blocks (`on`) or unblocks `other` for `me`.
pub async fn set(state: &AppState, me: u64, other: u64, on: bool) -> Result<(), AppError> {
    if other == me {
        return Err(AppError::bad_request(ErrorCode::BlockSelf, "나 자신은 차단할 수 없습니다."));
    }
    if super::members::member(&state.db, other).await?.is_none() {
        return Err(AppError::not_found(ErrorCode::UserNotFound, "회원을 찾을 수 없습니다."));
    }
    if on {
        store::insert_block(&state.db, me, other).await?;
    } else {
        store::delete_block(&state.db, me, other).await?;
    }
    state.hub.broadcast_now(&state.redis, CHANGED_TOPIC, &format!("{me},{other}")).await?;
    let event = serde_json::json!({"type": BLOCK_CHANGED_EVENT, "blocker": me, "blocked": other, "on": on});
    crate::server::hub::publish_to(&state.redis, &[me, other], &event).await
}

/// The socket event both members get when a block between them is set or lifted.
pub const BLOCK_CHANGED_EVENT: &str = "blockChanged";

/// A `blockChanged` event that set a block: (blocker, blocked).
pub fn block_set_in(payload: &str) -> Option<(u64, u64)> {
    if !payload.contains(BLOCK_CHANGED_EVENT) {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(payload).ok()?;
    (v["type"] == BLOCK_CHANGED_EVENT && v["on"] == true).then(|| Some((v["blocker"].as_u64()?, v["blocked"].as_u64()?))).flatten()
}

/// Copies a block kept elsewhere before (chat's old list) into the site-wide one.
pub async fn import(state: &AppState, blocker: u64, blocked: u64) -> Result<(), AppError> {
    if blocker != blocked
        && super::members::member(&state.db, blocker).await?.is_some()
        && super::members::member(&state.db, blocked).await?.is_some()
    {
        store::insert_block(&state.db, blocker, blocked).await?;
    }
    Ok(())
}

/// The members `me` blocked, newest first.
pub async fn list(state: &AppState, me: u64) -> Result<Vec<BlockedMember>, AppError> {
    Ok(store::blocked_by(&state.db, me)
        .await?
        .into_iter()
        .map(|(user_id, nickname, at)| BlockedMember { user_id, nickname, blocked_at: store::iso(at) })
        .collect())
}
