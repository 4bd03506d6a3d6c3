//! The router: each area's REST routes under `/api` and its file routes, the live socket,
//! the Leptos pages and server functions, wrapped in the infrastructure's layers.

use crate::error::ErrorCode;
use crate::{
    app::{shell, App},
    error::AppError,
    server::{http, AppState},
};
use axum::{routing::get, Json, Router};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use utoipa::OpenApi;

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let api = crate::account::routes()
        .merge(crate::hompy::routes())
        .merge(crate::ilchon::routes())
        .merge(crate::chat::routes())
        .merge(crate::shop::routes())
        .merge(crate::oauth::routes())
        .merge(crate::board::routes())
        .merge(crate::timetable::routes())
        .merge(crate::ledger::routes())
        .route("/openapi.json", get(|| async { Json(openapi()) }))
        .fallback(|| async { AppError::not_found(ErrorCode::NotFound, "없는 API 주소입니다.") });
    let site = Router::new()
        .merge(crate::account::file_routes())
        .merge(crate::hompy::file_routes())
        .merge(crate::chat::file_routes())
        .merge(crate::shop::file_routes())
        .merge(crate::oauth::file_routes())
        .merge(crate::board::file_routes())
        // The seed documents' clients call these at the root (see the README's differences).
        .merge(crate::account::seed_routes())
        .merge(crate::board::seed_routes())
        .nest("/api", api)
        .leptos_routes_with_context(
            &state,
            routes,
            || {
                provide_context(crate::account::AuthCache::default());
                provide_context(crate::server::memo::RequestMemo::default());
            },
            {
                let options = state.leptos_options.clone();
                move || shell(options.clone())
            },
        );
    http::with_layers(site, state, leptos_axum::file_and_error_handler::<AppState, _>(shell))
}

/// The OpenAPI document: every area's paths and schemas.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = crate::account::OpenApiDoc::openapi();
    doc.merge(crate::hompy::OpenApiDoc::openapi());
    doc.merge(crate::ilchon::OpenApiDoc::openapi());
    doc.merge(crate::chat::OpenApiDoc::openapi());
    doc.merge(crate::shop::OpenApiDoc::openapi());
    doc.merge(crate::oauth::OpenApiDoc::openapi());
    doc.merge(crate::board::OpenApiDoc::openapi());
    doc.merge(crate::timetable::OpenApiDoc::openapi());
    doc.merge(crate::ledger::OpenApiDoc::openapi());
    crate::server::openapi::tidy(doc)
}
