//! The one error type of the site. On the server it becomes the JSON error body of
//! DESIGN.md (`{"timestamp","status","error","code","message"}`, with `invalidFields` and
//! `fieldErrors` for rejected input and `domain`, `errorCode`, `description` on a 5xx) or an
//! error page; in the browser it arrives from server functions with the same fields.

use serde::{Deserialize, Serialize};
use server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};

mod code;
pub use code::ErrorCode;

/// One rejected input field, shown next to the field in forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InvalidField {
    pub field: String,
    pub message: String,
}

/// The one collector of rejected fields: each rule adds to it, and `finish` turns what it
/// holds into one INVALID_FIELDS error (the first message per field wins).
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<InvalidField>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        if !self.0.iter().any(|f| f.field == field) {
            self.0.push(InvalidField { field: field.into(), message: message.into() });
        }
    }
    pub fn check(&mut self, ok: bool, field: &str, message: &str) {
        if !ok {
            self.add(field, message);
        }
    }
    /// The trimmed text, refusing it unless it has `min` to `max` characters.
    pub fn text(&mut self, field: &str, value: &str, min: usize, max: usize, label: &str) -> String {
        let v = value.trim();
        let n = v.chars().count();
        if n < min || n > max {
            let message = if min > 0 {
                format!("{label}은(는) {min}~{max}자로 적어 주세요.")
            } else {
                format!("{label}은(는) {max}자까지 쓸 수 있습니다.")
            };
            self.add(field, message);
        }
        v.to_owned()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The fields refused so far, in order.
    pub fn names(&self) -> Vec<String> {
        self.0.iter().map(|f| f.field.clone()).collect()
    }
    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::invalid_fields(self.0))
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
#[serde(rename_all = "camelCase")]
pub struct AppError {
    pub status: u16,
    /// Stable upper-snake code, e.g. `EMAIL_EXISTS`.
    pub code: ErrorCode,
    /// Korean message meant for people.
    pub message: String,
    /// Each rejected field with its message (`fieldErrors`; the REST body also lists their
    /// names alone as `invalidFields`, the accounts document's shape).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub field_errors: Vec<InvalidField>,
    /// For a 429: how many seconds to wait. REST sends it as `Retry-After`, the socket as
    /// `retryAfterMs`; nobody reads it back out of the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(status: u16, code: ErrorCode, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), field_errors: vec![], retry_after_secs: None }
    }
    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(400, code, message)
    }
    pub fn invalid_fields(fields: Vec<InvalidField>) -> Self {
        let mut e = Self::new(400, ErrorCode::InvalidFields, "입력값을 확인해 주세요.");
        e.field_errors = fields;
        e
    }
    /// One rejected field (the same INVALID_FIELDS shape as `FieldErrors` gives).
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        Self::invalid_fields(vec![InvalidField { field: field.into(), message: message.into() }])
    }
    /// Names the field the message is about, so a form shows it under that field.
    pub fn on_field(mut self, field: &str) -> Self {
        self.field_errors = vec![InvalidField { field: field.into(), message: self.message.clone() }];
        self
    }
    pub fn unauthorized(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(401, code, message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(403, ErrorCode::Forbidden, message)
    }
    pub fn not_found(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(404, code, message)
    }
    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(409, code, message)
    }
    pub fn too_many_requests(retry_after_secs: u64) -> Self {
        Self::new(429, ErrorCode::TooManyRequests, format!("요청이 너무 많습니다. {retry_after_secs}초 후에 다시 시도해 주세요."))
            .with_retry_after(retry_after_secs)
    }
    /// The same error, asking the client to wait `secs` (at least one) before trying again.
    pub fn with_retry_after(mut self, secs: u64) -> Self {
        self.retry_after_secs = Some(secs.max(1));
        self
    }
    /// A failure that is ours, not the caller's. The detail goes to the log, never to the client.
    pub fn internal() -> Self {
        Self::new(500, ErrorCode::InternalError, "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.")
    }
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(503, ErrorCode::ServiceUnavailable, message)
    }

    /// The message for one field, if that field was rejected.
    pub fn field_message(&self, field: &str) -> Option<String> {
        self.field_errors.iter().find(|f| f.field == field).map(|f| f.message.clone())
    }

    /// HTTP reason phrase for the `error` member of the JSON body.
    pub fn reason(&self) -> &'static str {
        match self.status {
            400 => "Bad Request",
            401 => "Unauthorized",
            402 => "Payment Required",
            403 => "Forbidden",
            404 => "Not Found",
            405 => "Method Not Allowed",
            409 => "Conflict",
            410 => "Gone",
            413 => "Payload Too Large",
            415 => "Unsupported Media Type",
            422 => "Unprocessable Entity",
            429 => "Too Many Requests",
            503 => "Service Unavailable",
            _ => "Internal Server Error",
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::Deserialization(m) => {
                Self::bad_request(ErrorCode::BadRequest, format!("요청 형식이 올바르지 않습니다: {m}"))
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => {
                Self::new(503, ErrorCode::NetworkError, "서버에 연결할 수 없습니다. 네트워크를 확인해 주세요.")
            }
            _ => Self::internal(),
        }
    }
}
