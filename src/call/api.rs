//! Server functions for calls.

use super::model::CallConfig;
use crate::error::AppError;
use leptos::prelude::*;

/// The STUN/TURN servers to use (members only: TURN credentials are not for everyone).
#[server(prefix = "/sfn", endpoint = "call/config")]
pub async fn get_call_config() -> Result<CallConfig, AppError> {
    crate::account::auth::require_user().await?;
    Ok(CallConfig { ice_servers: super::service::ice_servers().to_vec() })
}
