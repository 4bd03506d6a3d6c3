//! 일촌: requests with a 일촌명 pair, accept / decline / counter-proposal, ending, 일촌평.

pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod relations;
#[cfg(feature = "ssr")]
mod rest;
#[cfg(feature = "ssr")]
mod service;
#[cfg(feature = "ssr")]
mod store;
#[cfg(all(test, feature = "ssr"))]
mod tests;

/// What the composition (`crate::site`) takes: REST routes (under `/api`) and the OpenAPI paths.
#[cfg(feature = "ssr")]
pub use rest::{routes, IlchonApi as OpenApiDoc};

/// Requests waiting for a member's answer, as a count the top bar reads with the others.
#[cfg(feature = "ssr")]
pub use store::PENDING_FOR as PENDING_REQUESTS;
