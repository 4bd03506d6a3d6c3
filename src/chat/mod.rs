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
        super::rest::ChatApi::openapi()
    }

    /// The live socket and voice clips (for the two members of their room).
    pub fn file_routes() -> Router<AppState> {
        Router::new()
            .route("/files/voice/{id}", axum::routing::get(super::rest::voice_file))
            .route("/ws", axum::routing::get(super::ws::upgrade))
    }

    /// Indexes chat's MongoDB collections need (created at start, by name).
    pub async fn ensure_indexes(db: &mongodb::Database) -> mongodb::error::Result<()> {
        super::store::ensure_indexes(db).await
    }

    /// The event a socket gets when events may have been missed (clients refetch).
    pub fn resync_event(instance: &str) -> String {
        let hello = super::model::ServerEvent::Hello { user_id: 0, instance: instance.to_owned() };
        serde_json::to_string(&hello).unwrap_or_default()
    }
}
