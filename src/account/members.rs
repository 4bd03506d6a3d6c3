//! Members as the other areas, the composition and the tests see them: the only way in
//! to the `users` table from outside `account`.

use super::{
    model::{MemberStatus, Role},
    password, store,
};
use crate::error::AppError;
use crate::error::ErrorCode;
use sqlx::MySqlPool;

/// A member, as another area needs to know them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: u64,
    pub nickname: String,
    pub role: Role,
    pub status: MemberStatus,
}

impl Member {
    /// Signs in, and may be found, written to and called.
    pub fn is_active(&self) -> bool {
        self.status == MemberStatus::Active
    }
}

fn user_not_found() -> AppError {
    AppError::not_found(ErrorCode::UserNotFound, "회원을 찾을 수 없습니다.")
}

/// Any member who has not deleted their account (suspended ones too).
pub async fn member(db: &MySqlPool, id: u64) -> Result<Option<Member>, sqlx::Error> {
    Ok(store::by_id(db, id).await?.map(|u| Member { id: u.id, nickname: u.nickname, role: u.role, status: u.status }))
}

/// The one "is this member active" lookup: USER_NOT_FOUND for a deleted, suspended or
/// unknown member alike, so ids reveal nothing.
pub async fn active_member(db: &MySqlPool, id: u64) -> Result<Member, AppError> {
    member(db, id).await?.filter(Member::is_active).ok_or_else(user_not_found)
}

/// The member with this address, if any.
pub async fn id_by_email(db: &MySqlPool, email: &str) -> Result<Option<u64>, sqlx::Error> {
    Ok(store::by_email(db, email).await?.map(|u| u.id))
}

/// A member made by someone with shell access (the first admin) or by the demo seed:
/// verified at once, with the role given.
pub struct NewMember<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub name: &'a str,
    pub nickname: &'a str,
    pub role: Role,
}

/// Creates the member (and their homepage); `Ok(None)` when the address is taken.
pub async fn create_member(db: &MySqlPool, m: NewMember<'_>) -> Result<Option<u64>, AppError> {
    let hash = password::hash(m.password.to_owned()).await?;
    let new = store::NewUser {
        email: m.email,
        password_hash: &hash,
        name: m.name,
        nickname: m.nickname,
        birth_date: None,
        gender: None,
        phone: None,
    };
    let Some(id) = store::create(db, new).await? else { return Ok(None) };
    store::mark_verified(db, id).await?;
    store::set_role(db, id, m.role).await?;
    Ok(Some(id))
}

/// Gives an existing member a role (the CLI's `create-admin`).
pub async fn set_role(db: &MySqlPool, id: u64, role: Role) -> Result<bool, sqlx::Error> {
    store::set_role(db, id, role).await
}

/// What a member may let an app read (the OAuth provider releases only what they consented to).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub id: u64,
    pub name: String,
    pub nickname: String,
    pub email: String,
    pub email_verified: bool,
    /// MALE | FEMALE
    pub gender: Option<String>,
    pub birth_date: Option<chrono::NaiveDate>,
    pub phone: Option<String>,
}

/// An active member's profile; None for deleted, suspended or unknown members.
pub async fn active_profile(db: &MySqlPool, id: u64) -> Result<Option<Profile>, sqlx::Error> {
    Ok(store::by_id(db, id).await?.filter(|u| u.status == MemberStatus::Active).map(|u| Profile {
        id: u.id,
        email_verified: u.email_verified_at.is_some(),
        name: u.name,
        nickname: u.nickname,
        email: u.email,
        gender: u.gender,
        birth_date: u.birth_date,
        phone: u.phone,
    }))
}
