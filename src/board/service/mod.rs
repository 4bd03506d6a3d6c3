//! The rules of the community, shared by the server functions and the REST API: who may
//! read and write which school's boards, anonymity, limits (docs/design/board-anonymity.md).

use super::{model::*, store};
use crate::{
    account::{auth::AuthUser, model::Role},
    error::{AppError, ErrorCode},
    server::{rate_limit, AppState},
};

mod boards;
mod comments;
mod media;
mod moderation;
mod notes;
mod posts;
mod schools;
pub use boards::*;
pub use comments::*;
pub use media::*;
pub use moderation::*;
pub use notes::*;
pub use posts::*;
pub use schools::*;

/// The asking member's place: their school, and whether they may write now.
#[derive(Debug, Clone)]
pub struct Seat {
    pub school_id: u64,
    pub suspended_until: Option<chrono::NaiveDateTime>,
}

pub fn is_staff(me: &AuthUser) -> bool {
    matches!(me.role(), Role::Staff | Role::Admin)
}

pub fn require_staff(me: &AuthUser) -> Result<(), AppError> {
    me.require_role(&[Role::Staff, Role::Admin])
}

fn not_member() -> AppError {
    AppError::new(403, ErrorCode::NotSchoolMember, "학교 인증을 마친 회원만 볼 수 있습니다. 커뮤니티에서 학교를 인증해 주세요.")
}

/// The member's school seat, or 403 when they have not joined a school.
pub async fn seat(state: &AppState, me: &AuthUser) -> Result<Seat, AppError> {
    let row = store::seat(&state.db, me.id()).await?.ok_or_else(not_member)?;
    Ok(Seat { school_id: row.school_id, suspended_until: row.suspended_until })
}

/// The seat of a member who may read `school`: a member of it; 403 otherwise.
pub async fn reader_of(state: &AppState, me: &AuthUser, school: u64) -> Result<Seat, AppError> {
    let seat = seat(state, me).await?;
    if seat.school_id != school {
        return Err(AppError::new(403, ErrorCode::NotSchoolMember, "우리 학교 게시판만 볼 수 있습니다."));
    }
    Ok(seat)
}

/// Refuses writing while the member is suspended.
pub fn may_write(seat: &Seat) -> Result<(), AppError> {
    if let Some(until) = seat.suspended_until {
        if until > chrono::Utc::now().naive_utc() {
            let kst = until + chrono::Duration::hours(9);
            return Err(AppError::new(
                403,
                ErrorCode::WritingSuspended,
                format!("운영 정책 위반으로 {} 까지 글쓰기가 제한되었습니다.", kst.format("%Y-%m-%d %H:%M")),
            ));
        }
    }
    Ok(())
}

/// Counts one write against the member's limit in `bucket` (posts, comments, notes, reports).
pub async fn count_write(state: &AppState, bucket: &str, user: u64, max: u64, window_secs: u64) -> Result<(), AppError> {
    rate_limit::hit(&state.redis, bucket, &user.to_string(), rate_limit::Limit { max, window_secs }).await
}

/// The name shown for a writer: a nickname when named; in a post's comments an anonymous
/// writer is `익명N`, and the post's own writer `익명(글쓴이)` (number 0).
pub fn display_name(anonymous: bool, anon_number: Option<u32>, nickname: &str) -> String {
    match (anonymous, anon_number) {
        (false, _) => nickname.to_owned(),
        (true, Some(0)) => "익명(글쓴이)".to_owned(),
        (true, Some(n)) => format!("익명{n}"),
        (true, None) => "익명".to_owned(),
    }
}

pub fn pages(total: i64) -> u32 {
    (total.max(0) as u64).div_ceil(u64::from(PAGE_SIZE)).max(1) as u32
}

pub fn page_offset(page: u32) -> (u32, u32) {
    let page = page.max(1);
    (page, (page - 1) * PAGE_SIZE)
}

pub fn post_not_found() -> AppError {
    AppError::not_found(ErrorCode::PostNotFound, "글을 찾을 수 없습니다.")
}

pub fn board_not_found() -> AppError {
    AppError::not_found(ErrorCode::BoardNotFound, "게시판을 찾을 수 없습니다.")
}

#[cfg(test)]
mod tests {
    use super::display_name;

    #[test]
    fn anonymous_names_never_carry_the_nickname() {
        assert_eq!(display_name(false, None, "도토리"), "도토리");
        assert_eq!(display_name(true, Some(0), "도토리"), "익명(글쓴이)");
        assert_eq!(display_name(true, Some(3), "도토리"), "익명3");
        assert_eq!(display_name(true, None, "도토리"), "익명");
    }
}
