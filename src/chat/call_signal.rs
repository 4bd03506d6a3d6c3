//! Call signaling rules: only the two members of a room signal each other; a block in
//! either direction stops calls; signals are rate-limited per member. The signals ride on
//! the chat socket, so the rules live with it; the `call` area (the browser's RTC engine
//! and its page) builds on chat, never the other way round.

use super::{
    model::{CallKind, CallSignal, ServerEvent},
    service as chat,
};
use crate::error::ErrorCode;
use crate::{
    account::auth::AuthUser,
    error::AppError,
    server::AppState,
    server::{hub, rate_limit},
};

/// Offers, answers and ICE candidates of a few calls a minute fit easily.
pub const SIGNAL_LIMIT: rate_limit::Limit = rate_limit::Limit { max: 120, window_secs: 10 };
pub const INVITE_LIMIT: rate_limit::Limit = rate_limit::Limit { max: 6, window_secs: 60 };
const DATA_MAX: usize = 16 * 1024;

pub async fn signal(state: &AppState, me: &AuthUser, room: &str, signal: CallSignal) -> Result<(), AppError> {
    let other = chat::other_of(state, me, room).await?;
    if signal.call_id.is_empty() || signal.call_id.len() > 64 || signal.data.as_ref().is_some_and(|d| d.len() > DATA_MAX) {
        return Err(AppError::bad_request(ErrorCode::BadSignal, "통화 신호가 올바르지 않습니다."));
    }
    rate_limit::hit(&state.redis, "call-signal", &me.id().to_string(), SIGNAL_LIMIT).await?;
    let ending = matches!(signal.kind, CallKind::Hangup | CallKind::Cancel | CallKind::Decline | CallKind::Busy);
    if !ending {
        chat::ensure_not_blocked(state, me.id(), other).await?;
    }
    if signal.kind == CallKind::Invite {
        rate_limit::hit(&state.redis, "call-invite", &me.id().to_string(), INVITE_LIMIT).await?;
    }
    let answered = matches!(signal.kind, CallKind::Accept | CallKind::Decline);
    let event = ServerEvent::Call { room_id: room.to_owned(), from: me.id(), signal };
    hub::publish(&state.redis, other, &event).await?;
    if answered {
        // My other tabs stop ringing.
        hub::publish(&state.redis, me.id(), &event).await?;
    }
    Ok(())
}

/// The socket of a member in a call closed: the other side hears a hang-up.
pub async fn hang_up_for(state: &AppState, me: &AuthUser, room: &str, call_id: &str) -> Result<(), AppError> {
    let other = chat::other_of(state, me, room).await?;
    hub::publish(&state.redis, other, &hang_up(room, me.id(), call_id)).await
}

fn hang_up(room: &str, from: u64, call_id: &str) -> ServerEvent {
    ServerEvent::Call {
        room_id: room.to_owned(),
        from,
        signal: CallSignal { kind: CallKind::Hangup, call_id: call_id.to_owned(), data: None },
    }
}

/// A block ended the call: both sides hear a hang-up (from the other), all their tabs.
pub async fn end_for_block(state: &AppState, me: &AuthUser, room: &str, call_id: &str) -> Result<(), AppError> {
    hang_up_for(state, me, room, call_id).await?;
    let other = chat::other_of(state, me, room).await?;
    hub::publish(&state.redis, me.id(), &hang_up(room, other, call_id)).await
}
