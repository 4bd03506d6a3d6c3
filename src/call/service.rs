//! Call signaling rules: only the two members of a room signal each other; a block in
//! either direction stops calls; signals are rate-limited per member.

use super::model::IceServer;
use crate::{
    account::auth::AuthUser,
    chat::{
        model::{CallKind, CallSignal, ServerEvent},
        service as chat,
    },
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
        return Err(AppError::bad_request("BAD_SIGNAL", "통화 신호가 올바르지 않습니다."));
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
    let signal = CallSignal { kind: CallKind::Hangup, call_id: call_id.to_owned(), data: None };
    hub::publish(&state.redis, other, &ServerEvent::Call { room_id: room.to_owned(), from: me.id(), signal }).await
}

/// The call area's own configuration, read once from the environment.
pub fn ice_servers() -> &'static [IceServer] {
    static ICE: std::sync::OnceLock<Vec<IceServer>> = std::sync::OnceLock::new();
    ICE.get_or_init(ice_servers_from_env)
}

/// `STUN_URLS` (comma-separated) and `TURN_URLS` with `TURN_USERNAME`/`TURN_CREDENTIAL`.
fn ice_servers_from_env() -> Vec<IceServer> {
    let list = |name: &str| -> Vec<String> {
        std::env::var(name).unwrap_or_default().split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
    };
    let mut out = vec![];
    let stun = list("STUN_URLS");
    if !stun.is_empty() {
        out.push(IceServer { urls: stun, username: None, credential: None });
    }
    let turn = list("TURN_URLS");
    if !turn.is_empty() {
        out.push(IceServer {
            urls: turn,
            username: std::env::var("TURN_USERNAME").ok(),
            credential: std::env::var("TURN_CREDENTIAL").ok(),
        });
    }
    out
}
