//! 1:1 chat: rooms, messages, unread counts and voice clips in MongoDB; live events over
//! one WebSocket per tab (`ws`), fanned out between instances by `server::hub`.

pub mod api;
pub mod model;
/// The browser's end of the tab's socket (`ws` is the server's); the chat and call UIs use it.
pub mod socket;
pub mod ui;

#[cfg(feature = "ssr")]
mod cache;
#[cfg(feature = "ssr")]
mod call_signal;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
mod rest;
#[cfg(feature = "ssr")]
mod service;
#[cfg(feature = "ssr")]
mod store;
#[cfg(all(test, feature = "ssr"))]
mod tests;
#[cfg(feature = "ssr")]
mod ws;

/// What the composition (`crate::site`) takes: REST routes (under `/api`), the socket and
/// voice files, the OpenAPI paths, the indexes to create at start, the hub's resync event
/// and the hub broadcasts chat's caches listen to.
#[cfg(feature = "ssr")]
pub use {
    rest::{file_routes, routes, ChatApi as OpenApiDoc},
    service::{import_legacy_blocks, listen_for_invalidations},
    store::ensure_indexes,
    ws::resync_event,
};
