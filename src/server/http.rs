//! The axum application: REST and health routes, Leptos pages and server functions, and
//! the tower-http layers every request passes through.

use super::{health, state::AppState};
use crate::{account::auth::AuthCache, app::{shell, App}, error::AppError};
use axum::{
    extract::{DefaultBodyLimit, Request as AxumRequest, State},
    http::{header, HeaderName, Method, Request, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use leptos::prelude::provide_context;
use utoipa::OpenApi;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower::ServiceBuilder;
use tower_http::{
    compression::CompressionLayer,
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
    trace::TraceLayer,
};

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let body_limit = state.config.body_limit_bytes;
    let timeout = state.config.request_timeout;
    let api = crate::account::rest::routes()
        .merge(crate::hompy::rest::routes())
        .merge(crate::ilchon::rest::routes())
        .merge(crate::chat::rest::routes())
        .route("/openapi.json", get(openapi))
        .fallback(|| async { AppError::not_found("NOT_FOUND", "없는 API 주소입니다.") });
    Router::new()
        .route("/health", get(health::health))
        .route("/files/profile/{name}", get(crate::account::rest::profile_image_file))
        .route("/files/photo/{name}", get(crate::hompy::rest::album_file))
        .route("/files/hompy/{name}", get(crate::hompy::rest::main_photo_file))
        .route("/files/voice/{id}", get(crate::chat::rest::voice_file))
        .route("/ws", get(crate::chat::ws::upgrade))
        .nest("/api", api)
        .leptos_routes_with_context(&state, routes, || provide_context(AuthCache::default()), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn_with_state(state.clone(), check_origin))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                    let id = req
                        .headers()
                        .get(REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!("request", id = %id, method = %req.method(), uri = %req.uri())
                }))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(CompressionLayer::new())
                .layer(RequestBodyLimitLayer::new(body_limit))
                .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
                .layer(DefaultBodyLimit::max(body_limit)),
        )
        .with_state(state)
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    let mut doc = crate::account::rest::AccountApi::openapi();
    doc.merge(crate::hompy::rest::HompyApi::openapi());
    doc.merge(crate::ilchon::rest::IlchonApi::openapi());
    doc.merge(crate::chat::rest::ChatApi::openapi());
    Json(doc)
}

/// Cookies ride along on cross-site requests; a state-changing request that carries ours
/// must come from our own origin (Origin, or Referer when a browser omits Origin).
async fn check_origin(State(state): State<AppState>, req: AxumRequest, next: Next) -> Response {
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let has_cookie = req.headers().get(header::COOKIE).and_then(|v| v.to_str().ok()).is_some_and(|c| {
        c.contains(crate::account::auth::ACCESS_COOKIE) || c.contains(crate::account::auth::REFRESH_COOKIE)
    });
    if changes_state && has_cookie {
        let expected = state.config.public_url.trim_end_matches('/');
        let origin = req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok()).map(str::to_owned).or_else(|| {
            let referer = req.headers().get(header::REFERER)?.to_str().ok()?;
            let after_scheme = referer.find("://")? + 3;
            let end = referer[after_scheme..].find('/').map_or(referer.len(), |i| after_scheme + i);
            Some(referer[..end].to_owned())
        });
        if origin.as_deref() != Some(expected) {
            return AppError::forbidden("허용되지 않은 출처의 요청입니다.").into_response();
        }
    }
    next.run(req).await
}
