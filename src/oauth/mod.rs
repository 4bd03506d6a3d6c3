//! "minihompy로 로그인": the OAuth 2.0 / OpenID Connect provider. Members register apps in
//! the developer console (`/developers`); other apps send their users through
//! `/oauth/authorize` and the consent screen, exchange the code at `/oauth/token` and read
//! the consented profile items at `/oauth/userinfo`; members see and revoke connected apps
//! on `/account`. The original Cyworld Login API's three calls run on the same provider
//! (docs/design/oauth-provider.md).

pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
mod rest;
#[cfg(feature = "ssr")]
mod service;
#[cfg(feature = "ssr")]
mod store;

/// What the composition (`crate::site`) takes: REST routes (under `/api`), the protocol
/// endpoints and logos outside `/api`, the OpenAPI paths, and the signing keys' start-up
/// and rotation.
#[cfg(feature = "ssr")]
pub use {
    rest::{file_routes, routes, OauthApi as OpenApiDoc},
    service::{ensure_key, rotate_key},
};

/// Forgets spent codes and tokens a day past their expiry, every hour (started with the
/// server).
#[cfg(feature = "ssr")]
pub fn start_sweeper(state: crate::server::AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            if let Err(e) = store::sweep(&state.db).await {
                tracing::warn!(error = %e, "sweeping OAuth codes and tokens failed");
            }
        }
    });
}
