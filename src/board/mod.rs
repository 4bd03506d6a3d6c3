//! 커뮤니티: school boards in the Everytime manner. Members join their school by a code
//! mailed to its domain or by staff approval; verified members read and write its boards,
//! named or anonymous, with pictures, comments and replies, 공감 and scraps, HOT and BEST
//! posts, 쪽지 to a writer (anonymous on both sides when the writer was), reports and the
//! staff's moderation. Anonymity is kept by the server (docs/design/board-anonymity.md).

pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
mod rest;
#[cfg(feature = "ssr")]
pub mod schools;
#[cfg(feature = "ssr")]
mod service;
#[cfg(feature = "ssr")]
mod store;

/// What the composition (`crate::site`) takes: REST routes (under `/api`), the post
/// pictures outside `/api` (served after the school check) and the OpenAPI paths.
#[cfg(feature = "ssr")]
pub use rest::{file_routes, routes, seed_routes, BoardApi as OpenApiDoc};

/// Unread 쪽지 and notices, as a count the top bar reads with the others.
#[cfg(feature = "ssr")]
pub use store::UNREAD_TOTAL as UNREAD_NOTES_AND_NOTICES;
