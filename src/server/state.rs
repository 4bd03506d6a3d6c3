//! Shared state: reachable from plain axum handlers (`State<AppState>`) and from server
//! functions (`app_state()`, provided as Leptos context by `leptos_routes_with_context`).

use super::config::Config;
use crate::error::AppError;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub config: Arc<Config>,
    pub db: sqlx::MySqlPool,
    pub redis: redis::aio::ConnectionManager,
    pub mongo: mongodb::Database,
}

impl AppState {
    /// Connects to every store (failing fast) and applies pending migrations.
    pub async fn connect(config: Config, leptos_options: LeptosOptions) -> Result<Self, String> {
        let db = super::stores::connect_mysql(&config).await?;
        super::stores::migrate(&db).await?;
        let redis = super::stores::connect_redis(&config).await?;
        let mongo = super::stores::connect_mongo(&config).await?;
        Ok(Self { leptos_options, config: Arc::new(config), db, redis, mongo })
    }
}

/// The state inside a server function.
pub fn app_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::internal()
    })
}
