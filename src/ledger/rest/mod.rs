//! REST API of 가계부 under /api/ledger: books and sharing and categories (books.rs), entries,
//! the search and the trash (entries.rs), and the month, the trend, budgets, recurring rules
//! and CSV (reports.rs).

use crate::server::AppState;
use axum::Router;

mod books;
mod entries;
mod reports;

pub fn routes() -> Router<AppState> {
    Router::new().merge(books::routes()).merge(entries::routes()).merge(reports::routes())
}

/// The ledger's OpenAPI paths, gathered from its three parts.
pub struct LedgerApi;

impl LedgerApi {
    pub fn openapi() -> utoipa::openapi::OpenApi {
        use utoipa::OpenApi;
        let mut doc = books::Api::openapi();
        doc.merge(entries::Api::openapi());
        doc.merge(reports::Api::openapi());
        doc
    }
}
