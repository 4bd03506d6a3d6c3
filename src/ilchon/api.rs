//! Server functions of 일촌 and 일촌평.

use super::model::IlchonOverview;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ctx {
    pub use crate::account::auth::require_user;
    pub(super) use crate::ilchon::service;
    pub use crate::server::app_state;
}

#[server]
pub async fn get_ilchon_overview() -> Result<IlchonOverview, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::overview(&state, &me).await
}

/// `from_name`: what I will call them; `to_name`: what they will call me.
#[server]
pub async fn request_ilchon(to: u64, from_name: String, to_name: String, message: String) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::request(&state, &me, to, &from_name, &to_name, &message).await.map(|_| ())
}

#[server]
pub async fn accept_ilchon(id: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::accept(&state, &me, id).await
}

#[server]
pub async fn decline_ilchon(id: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::decline(&state, &me, id).await
}

#[server]
pub async fn cancel_ilchon(id: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::cancel(&state, &me, id).await
}

#[server]
pub async fn counter_ilchon(id: u64, my_name: String, their_name: String) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::counter(&state, &me, id, &my_name, &their_name).await.map(|_| ())
}

#[server]
pub async fn end_ilchon(other: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::end(&state, &me, other).await
}

#[server]
pub async fn write_pyeong(owner: u64, body: String) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::pyeong_write(&state, &me, owner, &body).await.map(|_| ())
}

#[server]
pub async fn delete_pyeong(id: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::pyeong_delete(&state, &me, id).await
}
