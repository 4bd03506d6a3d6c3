//! The mini-homepage: frame, home, profile, diary, photo album, guestbook, likes,
//! comments, Today/Total, 파도타기 and member search.

pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod media;
#[cfg(feature = "ssr")]
pub mod rest;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

/// What the composition (`crate::site`) takes: REST routes (under `/api`), files served
/// outside `/api` and the OpenAPI paths.
#[cfg(feature = "ssr")]
pub use rest::{file_routes, routes, HompyApi as OpenApiDoc};
