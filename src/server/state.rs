//! Shared state: reachable from plain axum handlers (`State<AppState>`) and from server
//! functions (`app_state()`, provided as Leptos context by `leptos_routes_with_context`).

use super::token::TokenKeys;
use super::{
    config::Config,
    mail::{Mailer, SmtpMailer},
};
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
    /// Inserts into `mongo` grouped under load (a chat message's one write).
    pub inserts: Arc<super::mongo_batch::InsertBatches>,
    pub tokens: Arc<TokenKeys>,
    pub mailer: Mailer,
    /// Text messages (the local sink unless `SMS_API_URL` is set).
    pub sms: super::sms::Sms,
    /// This instance's WebSocket sockets and its Redis pub/sub link.
    pub hub: Arc<super::hub::Hub>,
}

impl AppState {
    /// Connects to every store (failing fast) and applies pending migrations. `resync` is
    /// the event every socket gets when the hub's Redis link comes back (see `hub`).
    pub async fn connect(config: Config, leptos_options: LeptosOptions, resync: fn(&str) -> String) -> Result<Self, String> {
        let db = super::stores::connect_mysql(&config).await?;
        super::stores::migrate(&db).await?;
        let redis = super::stores::connect_redis(&config).await?;
        let mongo = super::stores::connect_mongo(&config).await?;
        let inserts = super::mongo_batch::InsertBatches::new(mongo.clone());
        let mailer: Mailer = Arc::new(SmtpMailer::new(&config.smtp_url, &config.mail_from)?);
        if config.jwt_secret.len() < 32 {
            return Err("JWT_SECRET must be at least 32 characters".into());
        }
        let tokens = Arc::new(TokenKeys::new(&config.jwt_secret));
        let sms = super::sms::from_config(&config);
        let hub = super::hub::Hub::start(&config.redis_url, config.instance_id.clone(), resync).await?;
        Ok(Self { leptos_options, config: Arc::new(config), db, redis, mongo, inserts, tokens, mailer, sms, hub })
    }
}

/// The state inside a server function.
pub fn app_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::internal()
    })
}
