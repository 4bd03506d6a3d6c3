//! Server functions of the mini-homepage.

use super::model::HompySummary;
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn get_hompy(user_id: u64) -> Result<HompySummary, AppError> {
    let state = crate::server::app_state()?;
    super::store::find(&state.db, user_id)
        .await?
        .ok_or_else(|| AppError::not_found("HOMPY_NOT_FOUND", "미니홈피를 찾을 수 없습니다."))
}

#[server]
pub async fn list_homes() -> Result<Vec<HompySummary>, AppError> {
    let state = crate::server::app_state()?;
    Ok(super::store::recent(&state.db, 12).await?)
}

/// 파도타기: where to surf next.
#[server]
pub async fn random_home(exclude: Option<u64>) -> Result<Option<u64>, AppError> {
    let state = crate::server::app_state()?;
    Ok(super::store::random(&state.db, exclude).await?)
}
