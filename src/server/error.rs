//! How `AppError` leaves the server: the JSON error body for REST handlers, plus
//! conversions from store errors (logged here, never shown to the client).

use crate::error::AppError;
use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut body = json!({
            "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "status": self.status,
            "error": self.reason(),
            "code": self.code,
            "message": self.message,
        });
        if !self.invalid_fields.is_empty() {
            body["invalidFields"] = json!(self.invalid_fields);
        }
        (status, Json(body)).into_response()
    }
}

fn logged(kind: &str, e: &dyn std::fmt::Display) -> AppError {
    tracing::error!(store = kind, error = %e, "store error");
    AppError::internal()
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        logged("mysql", &e)
    }
}
impl From<redis::RedisError> for AppError {
    fn from(e: redis::RedisError) -> Self {
        logged("redis", &e)
    }
}
impl From<mongodb::error::Error> for AppError {
    fn from(e: mongodb::error::Error) -> Self {
        logged("mongodb", &e)
    }
}

/// Sets the HTTP status of the page being rendered (404 page, error page).
pub fn set_page_status(status: u16) {
    if let Some(opts) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        opts.set_status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
    }
}
