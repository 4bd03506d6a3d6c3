//! Shared server infrastructure (`ssr` only): configuration, stores, state, the error
//! response, health, the HTTP stack and the binary's commands.

pub mod cli;
pub mod config;
pub mod error;
pub mod health;
pub mod http;
pub mod hub;
pub mod mail;
pub mod rate_limit;
pub mod seed;
pub mod state;
pub mod stores;
pub mod upload;

pub use state::{app_state, AppState};
