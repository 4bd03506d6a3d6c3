//! Accounts: signup, email verification, login/logout, refresh rotation, password change
//! and reset, find-email, roles, the admin guard, profile, deletion.

pub mod api;
pub mod device_name;
pub mod model;
pub mod ui;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod rest;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod upload;

#[cfg(feature = "ssr")]
pub use face::*;

/// What the composition (`crate::site`) takes from this area.
#[cfg(feature = "ssr")]
mod face {
    pub use super::auth::AuthCache;
    use crate::server::AppState;
    use axum::Router;
    use utoipa::OpenApi;

    /// REST routes, mounted under `/api`.
    pub fn routes() -> Router<AppState> {
        super::rest::routes()
    }

    /// This area's paths and schemas of the OpenAPI document.
    pub fn openapi() -> utoipa::openapi::OpenApi {
        super::rest::AccountApi::openapi()
    }

    /// Files served outside `/api`.
    pub fn file_routes() -> Router<AppState> {
        Router::new().route("/files/profile/{name}", axum::routing::get(super::rest::profile_image_file))
    }
}
