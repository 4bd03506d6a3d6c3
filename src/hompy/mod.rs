//! The mini-homepage: frame, home, profile, diary, photo album, guestbook, likes,
//! comments, Today/Total, 파도타기 and member search.

pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod appearance;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
mod media;
#[cfg(feature = "ssr")]
mod rest;
#[cfg(feature = "ssr")]
mod service;
#[cfg(feature = "ssr")]
mod store;
#[cfg(all(test, feature = "ssr"))]
mod tests;

/// What the composition (`crate::site`) takes: REST routes (under `/api`), files served
/// outside `/api` and the OpenAPI paths.
#[cfg(feature = "ssr")]
pub use rest::{file_routes, routes, HompyApi as OpenApiDoc};
