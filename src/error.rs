//! The one error type of the site. On the server it becomes the JSON error body of
//! DESIGN.md (`{"timestamp","status","error","code","message","invalidFields"?}`) or an
//! error page; in the browser it arrives from server functions with the same fields.

use serde::{Deserialize, Serialize};
use server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};

/// Every error code the site answers with: stable words clients may match on, serialised
/// as `as_str` writes them (upper snake case). Serde goes through that table rather than a
/// derived visitor, which would put a 20 KB matcher for 65 words in every page's WASM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    AccountLocked,
    AccountSuspended,
    AlreadyIlchon,
    AlreadyOwned,
    AmountMismatch,
    AppNotFound,
    BadEvent,
    BadRequest,
    BadSignal,
    BlockSelf,
    Blocked,
    ChatSelf,
    ClientIdUsed,
    CommentNotFound,
    DiaryNotFound,
    EmailExists,
    FileNotFound,
    FileTooLarge,
    FolderExists,
    FolderNotFound,
    Forbidden,
    GuestbookNotFound,
    HompyNotFound,
    IdentityRequired,
    IlchonRequestClosed,
    IlchonRequestNotFound,
    IlchonRequestPending,
    IlchonSelf,
    ImageTooLarge,
    InsufficientDotori,
    InternalError,
    InvalidCode,
    InvalidCredentials,
    InvalidFields,
    InvalidImage,
    InvalidPath,
    InvalidQuery,
    InvalidResetToken,
    InvalidRole,
    InvalidTarget,
    InvalidToken,
    InvalidUploadUrl,
    MalformedJson,
    MediaNotAvailable,
    MinimiNotOwned,
    NetworkError,
    NotFound,
    NotIlchon,
    PackageNotFound,
    PageNotFound,
    PaymentDeclined,
    PaymentNotFound,
    PaymentPending,
    PostNotFound,
    ProductNotFound,
    ProductRetired,
    PyeongNotFound,
    RefreshUnauthorized,
    RefundRefused,
    ResendCooldown,
    RoomNotFound,
    SelfDemotion,
    SelfSuspension,
    ServiceUnavailable,
    SessionEnded,
    SessionNotFound,
    TokenExpired,
    TooManyAttempts,
    TooManyApps,
    TooManyRequests,
    Unauthorized,
    UnderAge,
    UnsupportedAudio,
    UnsupportedFileType,
    UnsupportedMediaType,
    UserNotFound,
    VoiceTooLarge,
    WebsocketRequired,
    YouBlocked,
}

impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let word = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        ErrorCode::ALL
            .into_iter()
            .find(|c| c.as_str() == word)
            .ok_or_else(|| serde::de::Error::custom(format_args!("unknown error code {word}")))
    }
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 79] = [
        ErrorCode::AccountLocked,
        ErrorCode::AccountSuspended,
        ErrorCode::AlreadyIlchon,
        ErrorCode::AlreadyOwned,
        ErrorCode::AmountMismatch,
        ErrorCode::AppNotFound,
        ErrorCode::BadEvent,
        ErrorCode::BadRequest,
        ErrorCode::BadSignal,
        ErrorCode::BlockSelf,
        ErrorCode::Blocked,
        ErrorCode::ChatSelf,
        ErrorCode::ClientIdUsed,
        ErrorCode::CommentNotFound,
        ErrorCode::DiaryNotFound,
        ErrorCode::EmailExists,
        ErrorCode::FileNotFound,
        ErrorCode::FileTooLarge,
        ErrorCode::FolderExists,
        ErrorCode::FolderNotFound,
        ErrorCode::Forbidden,
        ErrorCode::GuestbookNotFound,
        ErrorCode::HompyNotFound,
        ErrorCode::IdentityRequired,
        ErrorCode::IlchonRequestClosed,
        ErrorCode::IlchonRequestNotFound,
        ErrorCode::IlchonRequestPending,
        ErrorCode::IlchonSelf,
        ErrorCode::ImageTooLarge,
        ErrorCode::InsufficientDotori,
        ErrorCode::InternalError,
        ErrorCode::InvalidCode,
        ErrorCode::InvalidCredentials,
        ErrorCode::InvalidFields,
        ErrorCode::InvalidImage,
        ErrorCode::InvalidPath,
        ErrorCode::InvalidQuery,
        ErrorCode::InvalidResetToken,
        ErrorCode::InvalidRole,
        ErrorCode::InvalidTarget,
        ErrorCode::InvalidToken,
        ErrorCode::InvalidUploadUrl,
        ErrorCode::MalformedJson,
        ErrorCode::MediaNotAvailable,
        ErrorCode::MinimiNotOwned,
        ErrorCode::NetworkError,
        ErrorCode::NotFound,
        ErrorCode::NotIlchon,
        ErrorCode::PackageNotFound,
        ErrorCode::PageNotFound,
        ErrorCode::PaymentDeclined,
        ErrorCode::PaymentNotFound,
        ErrorCode::PaymentPending,
        ErrorCode::PostNotFound,
        ErrorCode::ProductNotFound,
        ErrorCode::ProductRetired,
        ErrorCode::PyeongNotFound,
        ErrorCode::RefreshUnauthorized,
        ErrorCode::RefundRefused,
        ErrorCode::ResendCooldown,
        ErrorCode::RoomNotFound,
        ErrorCode::SelfDemotion,
        ErrorCode::SelfSuspension,
        ErrorCode::ServiceUnavailable,
        ErrorCode::SessionEnded,
        ErrorCode::SessionNotFound,
        ErrorCode::TokenExpired,
        ErrorCode::TooManyAttempts,
        ErrorCode::TooManyApps,
        ErrorCode::TooManyRequests,
        ErrorCode::Unauthorized,
        ErrorCode::UnderAge,
        ErrorCode::UnsupportedAudio,
        ErrorCode::UnsupportedFileType,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::UserNotFound,
        ErrorCode::VoiceTooLarge,
        ErrorCode::WebsocketRequired,
        ErrorCode::YouBlocked,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::AlreadyOwned => "ALREADY_OWNED",
            ErrorCode::AmountMismatch => "AMOUNT_MISMATCH",
            ErrorCode::AppNotFound => "APP_NOT_FOUND",
            ErrorCode::IdentityRequired => "IDENTITY_REQUIRED",
            ErrorCode::InsufficientDotori => "INSUFFICIENT_DOTORI",
            ErrorCode::PackageNotFound => "PACKAGE_NOT_FOUND",
            ErrorCode::PaymentDeclined => "PAYMENT_DECLINED",
            ErrorCode::PaymentNotFound => "PAYMENT_NOT_FOUND",
            ErrorCode::PaymentPending => "PAYMENT_PENDING",
            ErrorCode::ProductNotFound => "PRODUCT_NOT_FOUND",
            ErrorCode::ProductRetired => "PRODUCT_RETIRED",
            ErrorCode::RefundRefused => "REFUND_REFUSED",
            ErrorCode::UnderAge => "UNDER_AGE",
            ErrorCode::AccountLocked => "ACCOUNT_LOCKED",
            ErrorCode::AccountSuspended => "ACCOUNT_SUSPENDED",
            ErrorCode::AlreadyIlchon => "ALREADY_ILCHON",
            ErrorCode::BadEvent => "BAD_EVENT",
            ErrorCode::BadRequest => "BAD_REQUEST",
            ErrorCode::BadSignal => "BAD_SIGNAL",
            ErrorCode::Blocked => "BLOCKED",
            ErrorCode::BlockSelf => "BLOCK_SELF",
            ErrorCode::ChatSelf => "CHAT_SELF",
            ErrorCode::ClientIdUsed => "CLIENT_ID_USED",
            ErrorCode::CommentNotFound => "COMMENT_NOT_FOUND",
            ErrorCode::DiaryNotFound => "DIARY_NOT_FOUND",
            ErrorCode::EmailExists => "EMAIL_EXISTS",
            ErrorCode::FileNotFound => "FILE_NOT_FOUND",
            ErrorCode::FileTooLarge => "FILE_TOO_LARGE",
            ErrorCode::FolderExists => "FOLDER_EXISTS",
            ErrorCode::FolderNotFound => "FOLDER_NOT_FOUND",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::GuestbookNotFound => "GUESTBOOK_NOT_FOUND",
            ErrorCode::HompyNotFound => "HOMPY_NOT_FOUND",
            ErrorCode::IlchonRequestClosed => "ILCHON_REQUEST_CLOSED",
            ErrorCode::IlchonRequestNotFound => "ILCHON_REQUEST_NOT_FOUND",
            ErrorCode::IlchonRequestPending => "ILCHON_REQUEST_PENDING",
            ErrorCode::IlchonSelf => "ILCHON_SELF",
            ErrorCode::ImageTooLarge => "IMAGE_TOO_LARGE",
            ErrorCode::InternalError => "INTERNAL_ERROR",
            ErrorCode::InvalidCode => "INVALID_CODE",
            ErrorCode::InvalidCredentials => "INVALID_CREDENTIALS",
            ErrorCode::InvalidFields => "INVALID_FIELDS",
            ErrorCode::InvalidImage => "INVALID_IMAGE",
            ErrorCode::InvalidPath => "INVALID_PATH",
            ErrorCode::InvalidQuery => "INVALID_QUERY",
            ErrorCode::InvalidResetToken => "INVALID_RESET_TOKEN",
            ErrorCode::InvalidRole => "INVALID_ROLE",
            ErrorCode::InvalidTarget => "INVALID_TARGET",
            ErrorCode::InvalidToken => "INVALID_TOKEN",
            ErrorCode::InvalidUploadUrl => "INVALID_UPLOAD_URL",
            ErrorCode::MalformedJson => "MALFORMED_JSON",
            ErrorCode::MediaNotAvailable => "MEDIA_NOT_AVAILABLE",
            ErrorCode::MinimiNotOwned => "MINIMI_NOT_OWNED",
            ErrorCode::NetworkError => "NETWORK_ERROR",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::NotIlchon => "NOT_ILCHON",
            ErrorCode::PageNotFound => "PAGE_NOT_FOUND",
            ErrorCode::PostNotFound => "POST_NOT_FOUND",
            ErrorCode::PyeongNotFound => "PYEONG_NOT_FOUND",
            ErrorCode::RefreshUnauthorized => "REFRESH_UNAUTHORIZED",
            ErrorCode::ResendCooldown => "RESEND_COOLDOWN",
            ErrorCode::RoomNotFound => "ROOM_NOT_FOUND",
            ErrorCode::SelfDemotion => "SELF_DEMOTION",
            ErrorCode::SelfSuspension => "SELF_SUSPENSION",
            ErrorCode::ServiceUnavailable => "SERVICE_UNAVAILABLE",
            ErrorCode::SessionEnded => "SESSION_ENDED",
            ErrorCode::SessionNotFound => "SESSION_NOT_FOUND",
            ErrorCode::TokenExpired => "TOKEN_EXPIRED",
            ErrorCode::TooManyAttempts => "TOO_MANY_ATTEMPTS",
            ErrorCode::TooManyApps => "TOO_MANY_APPS",
            ErrorCode::TooManyRequests => "TOO_MANY_REQUESTS",
            ErrorCode::Unauthorized => "UNAUTHORIZED",
            ErrorCode::UnsupportedAudio => "UNSUPPORTED_AUDIO",
            ErrorCode::UnsupportedFileType => "UNSUPPORTED_FILE_TYPE",
            ErrorCode::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            ErrorCode::UserNotFound => "USER_NOT_FOUND",
            ErrorCode::VoiceTooLarge => "VOICE_TOO_LARGE",
            ErrorCode::WebsocketRequired => "WEBSOCKET_REQUIRED",
            ErrorCode::YouBlocked => "YOU_BLOCKED",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

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
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invalid_fields: Vec<InvalidField>,
    /// For a 429: how many seconds to wait. REST sends it as `Retry-After`, the socket as
    /// `retryAfterMs`; nobody reads it back out of the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(status: u16, code: ErrorCode, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), invalid_fields: vec![], retry_after_secs: None }
    }
    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(400, code, message)
    }
    pub fn invalid_fields(fields: Vec<InvalidField>) -> Self {
        let mut e = Self::new(400, ErrorCode::InvalidFields, "입력값을 확인해 주세요.");
        e.invalid_fields = fields;
        e
    }
    /// One rejected field (the same INVALID_FIELDS shape as `FieldErrors` gives).
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        Self::invalid_fields(vec![InvalidField { field: field.into(), message: message.into() }])
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
        self.invalid_fields.iter().find(|f| f.field == field).map(|f| f.message.clone())
    }

    /// HTTP reason phrase for the `error` member of the JSON body.
    pub fn reason(&self) -> &'static str {
        match self.status {
            400 => "Bad Request",
            401 => "Unauthorized",
            402 => "Payment Required",
            403 => "Forbidden",
            404 => "Not Found",
            409 => "Conflict",
            413 => "Payload Too Large",
            415 => "Unsupported Media Type",
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

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn every_code_travels_as_the_word_it_names() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
        }
        assert!(serde_json::from_str::<ErrorCode>("\"NO_SUCH_CODE\"").is_err());
    }
}
