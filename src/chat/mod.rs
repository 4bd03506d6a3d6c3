//! 1:1 chat (issue 5, first part): rooms, messages and unread counts in MongoDB, through
//! the REST API. The WebSocket hub, voice clips and the 채팅 page come next.

pub mod model;

#[cfg(feature = "ssr")]
pub mod rest;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
