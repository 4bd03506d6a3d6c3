//! Account types shared by the server and the browser.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum Role {
    Admin,
    Staff,
    Server,
    User,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Staff, Role::Server, Role::User];
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "ADMIN",
            Role::Staff => "STAFF",
            Role::Server => "SERVER",
            Role::User => "USER",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
    /// May see other members' email addresses.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Admin | Role::Staff)
    }
}

/// Where a member's account stands. Only ACTIVE members sign in and can be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum MemberStatus {
    Active,
    Suspended,
    Deleted,
}

impl MemberStatus {
    pub const ALL: [MemberStatus; 3] = [MemberStatus::Active, MemberStatus::Suspended, MemberStatus::Deleted];
    pub fn as_str(self) -> &'static str {
        match self {
            MemberStatus::Active => "ACTIVE",
            MemberStatus::Suspended => "SUSPENDED",
            MemberStatus::Deleted => "DELETED",
        }
    }
    pub fn parse(s: &str) -> Option<MemberStatus> {
        MemberStatus::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// The signed-in member as the pages see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: u64,
    pub email: String,
    pub nickname: String,
    pub role: Role,
    pub email_verified: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SignupInput {
    pub email: String,
    pub password: String,
    /// 2–20 characters; when left out, the nickname (or the email's local part) is used.
    #[serde(default)]
    pub name: Option<String>,
    /// 2–20 characters; when left out, the name (or the email's local part) is used.
    #[serde(default)]
    pub nickname: Option<String>,
    /// yyyy-MM-dd
    #[serde(default)]
    pub birth_date: Option<String>,
    /// MALE | FEMALE
    #[serde(default)]
    pub gender: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    /// Agreed to the terms of use (`TERMS_VERSION`). The site's form requires it; a client
    /// that leaves it out (the seed documents' do) records no consent, and the member
    /// agrees on 내 정보.
    #[serde(default)]
    pub agree_terms: Option<bool>,
    /// Agreed to the privacy notice (`PRIVACY_VERSION`); as `agree_terms`.
    #[serde(default)]
    pub agree_privacy: Option<bool>,
    /// Required when `birth_date` makes the member under 14: a guardian's address, mailed a
    /// link to agree before the account can sign in.
    #[serde(default)]
    pub guardian_email: Option<String>,
}

/// The versions of the documents a member agrees to now (the pages at /policy/terms and
/// /policy/privacy).
pub const TERMS_VERSION: &str = "2026-11-01";
pub const PRIVACY_VERSION: &str = "2026-11-01";
/// Under this age (in full years, in Korea's calendar) a guardian must agree first.
pub const GUARDIAN_AGE: u32 = 14;

/// One agreement on record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConsentRecord {
    /// TERMS | PRIVACY | GUARDIAN
    pub document: String,
    pub version: String,
    /// RFC 3339.
    pub consented_at: String,
}

/// What a guardian's link shows before they agree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GuardianView {
    pub nickname: String,
    pub name: String,
    /// Already agreed (the link was used).
    pub done: bool,
}

/// A member I blocked (the "차단한 회원" list on 내 정보).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BlockedMember {
    pub user_id: u64,
    pub nickname: String,
    /// RFC 3339.
    pub blocked_at: String,
}

/// One active sign-in (a refresh-token family).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    pub id: String,
    pub device: String,
    pub ip: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub current: bool,
}

/// The member's own account page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    pub user_id: u64,
    pub name: String,
    pub nickname: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub created_at: String,
    pub gender: Option<String>,
    pub birth_date: Option<String>,
    pub profile_img_uri: Option<String>,
    pub locale: String,
    pub email_verified: bool,
    /// The mobile number (the member's own view only).
    pub phone: Option<String>,
    /// Whether `phone` was proved by an SMS code.
    pub phone_verified: bool,
}

/// A row of the admin's member list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminUserRow {
    pub id: u64,
    pub email: String,
    pub name: String,
    pub nickname: String,
    pub role: Role,
    pub status: MemberStatus,
    pub created_at: String,
}

/// Where to PUT a file: short-lived, single use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SignedUrl {
    pub url: String,
    pub method: String,
    pub expires_at: i64,
    pub max_bytes: usize,
}

/// Members per page of the admin list.
pub const ADMIN_PAGE_SIZE: u32 = 20;

/// One offered provider on the account page: linked since when, or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocialLinkView {
    pub id: String,
    pub label: String,
    pub linked_since: Option<i64>,
}

/// The account page's social section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocialLinks {
    /// Whether the account has a password (else the last provider cannot be unlinked).
    pub has_password: bool,
    pub providers: Vec<SocialLinkView>,
}

/// The completion form of a social sign-up: what the provider gave, and what is missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocialSignupView {
    pub provider_label: String,
    pub name: String,
    pub email: String,
    pub gender: String,
    pub birth_date: String,
    /// The accounts document's field names: name, email, gender, birthDate.
    pub missing: Vec<String>,
}
