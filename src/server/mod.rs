//! Shared server infrastructure (`ssr` only): configuration, stores, state, the error
//! response, health, the HTTP layers, the live-event hub, signing keys, cookies, mail,
//! rate limits and signed uploads. It names no area: the areas build on it, and the
//! composition (`crate::site`) wires them together (checked by scripts/check-layers).

pub mod config;
pub mod cookies;
pub mod error;
pub mod health;
pub mod http;
pub mod hub;
pub mod mail;
pub mod memo;
pub mod pictures;
pub mod rate_limit;
pub mod state;
pub mod stores;
pub mod token;
pub mod upload;

pub use state::{app_state, AppState};
