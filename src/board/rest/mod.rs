//! REST API of the community under /api, and the post pictures under /files/board.

use crate::server::AppState;
use axum::Router;

mod everytime;
mod notes;
mod posts;
mod schools;

pub fn routes() -> Router<AppState> {
    Router::new().merge(schools::routes()).merge(posts::routes()).merge(notes::routes()).merge(seed_routes())
}

/// The Everytime document's `board/` API, which its clients call at the root (the site
/// also serves it under /api).
pub fn seed_routes() -> Router<AppState> {
    everytime::routes()
}

/// Outside /api: post pictures, served only to members who may read the post.
pub fn file_routes() -> Router<AppState> {
    posts::file_routes()
}

/// The community's OpenAPI paths, gathered from its three parts.
pub struct BoardApi;

impl BoardApi {
    pub fn openapi() -> utoipa::openapi::OpenApi {
        use utoipa::OpenApi;
        let mut doc = schools::Api::openapi();
        doc.merge(posts::Api::openapi());
        doc.merge(notes::Api::openapi());
        // The Everytime paths are documented at the root and, the same operations, under /api.
        let seed = everytime::Api::openapi();
        for (path, item) in &seed.paths.paths {
            doc.paths.paths.insert(format!("/api{path}"), item.clone());
        }
        doc.merge(seed);
        doc
    }
}
