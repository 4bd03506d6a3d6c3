//! How `AppError` leaves the server: the JSON error body for REST handlers, plus
//! conversions from store errors (logged here, never shown to the client).

use crate::error::AppError;
use crate::error::ErrorCode;
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
        if !self.field_errors.is_empty() {
            // The accounts document's list of names, and each field with its message.
            body["invalidFields"] = json!(self.field_errors.iter().map(|f| &f.field).collect::<Vec<_>>());
            body["fieldErrors"] = json!(self.field_errors);
        }
        if status.is_server_error() {
            // The accounts document's 5xx body, beside ours; never the failure's detail
            // (that went to the log).
            body["domain"] = json!(ERROR_DOMAIN);
            body["errorCode"] = json!(self.code);
            body["description"] = json!(self.message);
        }
        let mut res = (status, Json(body)).into_response();
        if let Some(secs) = self.retry_after_secs {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        res
    }
}

/// The `domain` of a 5xx body: which system answered.
pub const ERROR_DOMAIN: &str = "minihompy";

/// How long a client is asked to wait when a store is unreachable: about the time a
/// restarted store takes to answer again.
pub const STORE_RETRY_AFTER_SECS: u64 = 5;

/// A store error, logged here. A store that cannot be reached (down, restarting, its
/// connections cut) is 503 `SERVICE_UNAVAILABLE` with `Retry-After`: the client may send
/// the request again (a write whose commit was cut off may have happened; retries of
/// writes are safe where it matters: chat's clientId, a purchase answering ALREADY_OWNED).
/// Anything else stays 500.
fn logged(kind: &str, e: &dyn std::fmt::Display, unreachable: bool) -> AppError {
    if unreachable {
        tracing::warn!(store = kind, error = %e, "store unreachable");
        return store_unavailable();
    }
    tracing::error!(store = kind, error = %e, "store error");
    AppError::internal()
}

/// The answer while a store is unreachable (also to a request that ran out of time).
pub fn store_unavailable() -> AppError {
    AppError::unavailable("잠시 서비스를 이용할 수 없습니다. 잠시 후 다시 시도해 주세요.").with_retry_after(STORE_RETRY_AFTER_SECS)
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        use sqlx::Error as E;
        let unreachable = matches!(e, E::Io(_) | E::Tls(_) | E::PoolTimedOut | E::PoolClosed | E::WorkerCrashed);
        logged("mysql", &e, unreachable)
    }
}
impl From<redis::RedisError> for AppError {
    fn from(e: redis::RedisError) -> Self {
        let unreachable = e.is_io_error()
            || e.is_connection_refusal()
            || e.is_connection_dropped()
            || e.is_timeout()
            || e.kind() == redis::ErrorKind::BusyLoadingError;
        logged("redis", &e, unreachable)
    }
}
impl From<mongodb::error::Error> for AppError {
    fn from(e: mongodb::error::Error) -> Self {
        use mongodb::error::ErrorKind as K;
        let unreachable = matches!(*e.kind, K::Io(_) | K::ServerSelection { .. } | K::ConnectionPoolCleared { .. });
        logged("mongodb", &e, unreachable)
    }
}

/// Sets the HTTP status of the page being rendered (404 page, error page).
pub fn set_page_status(status: u16) {
    if let Some(opts) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        opts.set_status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
    }
}

/// `Json<T>` whose rejections use the JSON error body.
#[derive(axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

/// `Path<T>` whose rejections use the JSON error body.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct ApiPath<T>(pub T);

/// `Query<T>` whose rejections use the JSON error body.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

impl From<axum::extract::rejection::JsonRejection> for AppError {
    fn from(r: axum::extract::rejection::JsonRejection) -> Self {
        use axum::extract::rejection::JsonRejection::*;
        match r {
            MissingJsonContentType(_) => {
                AppError::new(415, ErrorCode::UnsupportedMediaType, "Content-Type: application/json 으로 보내 주세요.")
            }
            // Over the body limit (a body sent without its length is cut off here).
            other if other.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                AppError::new(413, ErrorCode::PayloadTooLarge, "요청이 너무 큽니다. 내용을 줄여서 보내 주세요.")
            }
            other => AppError::bad_request(ErrorCode::MalformedJson, format!("요청 본문을 읽을 수 없습니다: {}", other.body_text())),
        }
    }
}

impl From<axum::extract::rejection::PathRejection> for AppError {
    fn from(r: axum::extract::rejection::PathRejection) -> Self {
        AppError::bad_request(ErrorCode::InvalidPath, format!("주소가 올바르지 않습니다: {}", r.body_text()))
    }
}

impl From<axum::extract::rejection::QueryRejection> for AppError {
    fn from(r: axum::extract::rejection::QueryRejection) -> Self {
        AppError::bad_request(ErrorCode::InvalidQuery, format!("검색 조건이 올바르지 않습니다: {}", r.body_text()))
    }
}

/// The error body of every endpoint.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    timestamp: String,
    status: u16,
    error: String,
    /// Stable upper-snake code, e.g. EMAIL_EXISTS.
    code: String,
    message: String,
    /// The names of the rejected fields (400 INVALID_FIELDS and some 403s).
    invalid_fields: Option<Vec<String>>,
    /// Each rejected field with its message.
    field_errors: Option<Vec<crate::error::InvalidField>>,
    /// On a 5xx only: `minihompy`.
    domain: Option<String>,
    /// On a 5xx only: the same as `code`.
    error_code: Option<String>,
    /// On a 5xx only: the same as `message`.
    description: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store that cannot be reached asks the client to try again (503); any other store
    /// failure is ours (500).
    #[test]
    fn unreachable_stores_answer_503_and_other_failures_500() {
        let refused = || std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        let cases: [(AppError, u16); 6] = [
            (sqlx::Error::PoolTimedOut.into(), 503),
            (sqlx::Error::Io(refused()).into(), 503),
            (sqlx::Error::RowNotFound.into(), 500),
            (redis::RedisError::from(refused()).into(), 503),
            (redis::RedisError::from((redis::ErrorKind::TypeError, "wrong type")).into(), 500),
            (mongodb::error::Error::from(refused()).into(), 503),
        ];
        for (i, (e, status)) in cases.into_iter().enumerate() {
            assert_eq!(e.status, status, "case {i}");
            assert_eq!(e.retry_after_secs.is_some(), status == 503, "case {i}");
        }
    }
}
