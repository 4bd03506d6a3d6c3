//! Server functions of the provider's pages: the developer console, the consent screen and
//! connected apps. Each resolves the member on the server and hands over to `service`.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ctx {
    pub use crate::account::auth::require_user;
    pub(super) use crate::oauth::service;
    pub use crate::server::app_state;
}

#[server]
pub async fn my_apps() -> Result<Vec<AppView>, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::my_apps(&state, &me).await
}

#[server]
pub async fn register_app(input: AppInput) -> Result<CreatedApp, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::create_app(&state, &me, &input).await
}

#[server]
pub async fn change_app(client_id: String, input: AppInput) -> Result<AppView, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::update_app(&state, &me, &client_id, &input).await
}

#[server]
pub async fn new_app_secret(client_id: String) -> Result<CreatedApp, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::rotate_secret(&state, &me, &client_id).await
}

#[server]
pub async fn remove_app(client_id: String) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::delete_app(&state, &me, &client_id).await
}

/// Where to PUT the app's logo (single use, 5 minutes).
#[server]
pub async fn app_logo_upload_url(client_id: String) -> Result<String, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::logo_upload_url(&state, &me, &client_id).await
}

/// The consent screen of a pending request; None for guests (the page asks them to sign in).
#[server]
pub async fn consent_request(request: String) -> Result<Option<ConsentView>, AppError> {
    let state = ctx::app_state()?;
    match crate::account::auth::current_user().await? {
        Some(me) => Ok(Some(ctx::service::consent_view(&state, &me, &request).await?)),
        None => Ok(None),
    }
}

#[server]
pub async fn connected_apps() -> Result<Vec<ConnectedApp>, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::connections(&state, &me).await
}

#[server]
pub async fn disconnect_app(client_id: String) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::disconnect(&state, &me, &client_id).await
}
