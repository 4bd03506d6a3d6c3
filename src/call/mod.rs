//! 1:1 video calls: WebRTC in the browser (web-sys), signaling relayed over the chat
//! WebSocket to the other member of a room. STUN/TURN servers come from configuration.

pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
mod service;
