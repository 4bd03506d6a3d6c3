//! 일촌: requests with a 일촌명 pair, accept / decline / counter-proposal, ending, 일촌평.

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
pub use face::*;

/// What the composition (`crate::site`) takes from this area.
#[cfg(feature = "ssr")]
mod face {
    use crate::server::AppState;
    use axum::Router;
    use utoipa::OpenApi;

    /// REST routes, mounted under `/api`.
    pub fn routes() -> Router<AppState> {
        super::rest::routes()
    }

    /// This area's paths and schemas of the OpenAPI document.
    pub fn openapi() -> utoipa::openapi::OpenApi {
        super::rest::IlchonApi::openapi()
    }
}
