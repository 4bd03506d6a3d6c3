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
        super::rest::HompyApi::openapi()
    }

    /// Files served outside `/api`: album files after their post's visibility check, main photos.
    pub fn file_routes() -> Router<AppState> {
        Router::new()
            .route("/files/photo/{name}", axum::routing::get(super::rest::album_file))
            .route("/files/hompy/{name}", axum::routing::get(super::rest::main_photo_file))
    }
}
