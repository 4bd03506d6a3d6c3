//! The request and response bodies of the account REST API, with their OpenAPI schemas.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
pub struct FilenameQuery {
    /// The file's name; png, jpg, jpeg or gif (required).
    pub(super) filename: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProfileImage {
    pub(super) profile_img_uri: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserCreated {
    pub(super) id: u64,
    pub(super) email: String,
    pub(super) nickname: String,
    pub(super) role: String,
    pub(super) created_at: String,
    pub(super) modified_at: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoginRequest {
    pub(super) email: String,
    pub(super) password: String,
    #[serde(default)]
    pub(super) keep_signed_in: bool,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TokenPair {
    /// Always "Bearer".
    pub(super) token_auth_scheme: &'static str,
    pub(super) access_token: String,
    pub(super) refresh_token: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RefreshRequest {
    pub(super) refresh_token: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct VerifyEmailRequest {
    pub(super) email: String,
    pub(super) code: String,
}

#[derive(Deserialize, ToSchema)]
pub struct ResendRequest {
    pub(super) email: String,
}

#[derive(Serialize, ToSchema)]
pub struct Message {
    pub(super) message: String,
}

#[derive(Serialize, ToSchema)]
pub struct UserSummary {
    pub(super) id: u64,
    pub(super) nickname: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) email: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct PageQuery {
    /// 0-based page number.
    pub(super) page: Option<u32>,
    /// 1 to 100, default 20.
    pub(super) size: Option<u32>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProfileSummary {
    pub(super) user_id: u64,
    pub(super) name: String,
    pub(super) profile_img_uri: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountPatch {
    pub(super) name: Option<String>,
    /// 2–20 characters (the pages change it too; not in the accounts document).
    pub(super) nickname: Option<String>,
    /// MALE | FEMALE
    pub(super) gender: Option<String>,
    /// yyyy-MM-dd
    pub(super) birth_date: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PasswordChange {
    pub(super) current_password: String,
    pub(super) new_password: String,
    /// Ends every other session of the account (default true).
    pub(super) end_other_sessions: Option<bool>,
}

#[derive(Deserialize, ToSchema)]
pub struct ResetRequest {
    pub(super) email: String,
}

#[derive(Deserialize, ToSchema)]
pub struct ResetCompletion {
    /// The token from the mailed link (`/account/reset/{token}`).
    pub(super) token: String,
    pub(super) password: String,
}

#[derive(Deserialize, ToSchema)]
pub struct FindEmailRequest {
    pub(super) name: String,
    /// 010-1234-5678 or 01012345678
    pub(super) phone: String,
}

#[derive(Serialize, ToSchema)]
pub struct FoundEmails {
    /// The addresses of members with that name and number, masked (ab***@example.com).
    pub(super) emails: Vec<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct EmailChange {
    /// The new address; a code is mailed there.
    pub(super) email: String,
    /// The current password.
    pub(super) password: String,
}

#[derive(Deserialize, ToSchema)]
pub struct PhoneChange {
    /// The new mobile number; a code is texted there.
    pub(super) phone: String,
}

#[derive(Deserialize, ToSchema)]
pub struct CodeConfirmation {
    /// The 6-digit code.
    pub(super) code: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CodeSent {
    /// Where the code went (the new address or number).
    pub(super) sent_to: String,
    /// How long the code works.
    pub(super) expires_in_secs: u64,
}
