//! Rules of the mini-homepage, shared by server functions and the REST API: who may read
//! what (decided per request from the 일촌 relation, so 일촌-only content opens and closes
//! at once), owner-only writes (403 for anyone else), input checks, and Today/Total.

use super::{
    model::*,
    store::{self, CommentRow},
};
use crate::error::ErrorCode;
use crate::{
    account::auth::AuthUser,
    error::AppError,
    ilchon::relations,
    server::{memo, AppState},
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};

pub const DIARY_PAGE: u32 = 5;

/// Writes a member may make a minute (their address may make `write_address_factor` times
/// as many): enough for anyone writing by hand, not for a script flooding a homepage.
pub(super) mod write_limits {
    use crate::server::rate_limit::Limit;
    const fn per_minute(max: u64) -> Limit {
        Limit { max, window_secs: 60 }
    }
    pub const GUESTBOOK: Limit = per_minute(10);
    pub const COMMENT: Limit = per_minute(20);
    pub const LIKE: Limit = per_minute(60);
    pub const DIARY: Limit = per_minute(10);
    pub const PHOTO: Limit = per_minute(10);
    pub const SEARCH: Limit = per_minute(60);
}
pub const PHOTO_PAGE: u32 = 6;
pub const GUESTBOOK_PAGE: u32 = 10;
pub const SEARCH_PAGE: u32 = 10;

// ------------------------------------------------------------------ who is looking

/// How the viewer stands to the owner (asked by every tab; the 일촌 rows it reads are read
/// once per page render, `relations::on_homepage`).
pub async fn relation(state: &AppState, viewer: Option<&AuthUser>, owner: u64) -> Result<Relation, AppError> {
    let viewer = viewer.map(AuthUser::id);
    let owner_calls_viewer = match viewer {
        Some(v) if v != owner => relations::on_homepage(&state.db, Some(v), owner).await?.owner_calls_viewer.is_some(),
        _ => false,
    };
    Ok(relation_from(viewer, owner, owner_calls_viewer))
}

/// The relation, given whether the owner has the viewer among their 일촌.
fn relation_from(viewer: Option<u64>, owner: u64, owner_calls_viewer: bool) -> Relation {
    match viewer {
        None => Relation::Guest,
        Some(v) if v == owner => Relation::Owner,
        Some(_) if owner_calls_viewer => Relation::Ilchon,
        Some(_) => Relation::Member,
    }
}

fn allowed(relation: Relation) -> Vec<Visibility> {
    Visibility::ALL.into_iter().filter(|v| v.allows(relation)).collect()
}

fn hompy_not_found() -> AppError {
    AppError::not_found(ErrorCode::HompyNotFound, "미니홈피를 찾을 수 없습니다.")
}

/// The owner's homepage (asked by the frame and by every tab: once per request).
async fn existing(state: &AppState, owner: u64) -> Result<HompySummary, AppError> {
    Ok(with_visits(state, owner, kst_day(Utc::now())).await?.0)
}

/// The owner's homepage with its (Today, Total) for `day` as stored, read in one statement
/// and once per request: the frame shows both, and each tab asks whether it exists.
async fn with_visits(state: &AppState, owner: u64, day: NaiveDate) -> Result<(HompySummary, u64, u64), AppError> {
    memo::once(format!("hompy:{owner}:{day}"), || async { store::find(&state.db, owner, day).await?.ok_or_else(hompy_not_found) }).await
}

fn owner_only(me: &AuthUser, owner: u64) -> Result<(), AppError> {
    if me.id() == owner {
        Ok(())
    } else {
        Err(AppError::forbidden("미니홈피 주인만 할 수 있습니다."))
    }
}

mod album;
mod diary;
mod guestbook;
mod home;
mod reactions;
mod surf;
mod visits;

pub use album::*;
pub use diary::*;
pub use guestbook::*;
pub use home::*;
pub use reactions::*;
pub use surf::*;
pub use visits::*;
