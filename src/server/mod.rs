//! Shared server infrastructure (`ssr` only): configuration, stores, state, the error
//! response, health, the HTTP layers, the live-event hub, signing keys, cookies, mail,
//! rate limits, grouped MongoDB inserts and signed uploads. It names no area: the areas
//! build on it, and the composition (`crate::site`) wires them together (checked by
//! scripts/check-layers).

pub mod config;
pub mod cookies;
pub mod error;
pub mod health;
pub mod http;
pub mod hub;
pub mod mail;
pub mod memo;
pub mod mongo_batch;
pub mod openapi;
pub mod pictures;
pub mod rate_limit;
pub mod sms;
pub mod state;
pub mod stores;
pub mod token;
pub mod upload;

pub use state::{app_state, AppState};

/// The one HTTP client for calls to other services (payment gateway, SMS API): a pool
/// shared by the process, with short connect and overall limits of its own.
pub fn http_client() -> &'static reqwest::Client {
    static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(5))
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .expect("the HTTP client builds")
    })
}
