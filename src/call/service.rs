//! The call area's server side: the STUN/TURN configuration. The signaling rules ride on
//! the chat socket and live in `chat::call_signal`.

use super::model::IceServer;

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
