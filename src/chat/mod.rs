//! 1:1 chat: rooms, messages, unread counts and voice clips in MongoDB; live events over
//! one WebSocket per tab (`ws`), fanned out between instances by `server::hub`.

pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod rest;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod ws;
