//! Server functions of the timetable pages. Each resolves the member on the server and
//! hands over to `service`, which decides what they may read or change.

use super::model::*;
use crate::{error::AppError, hompy::model::Visibility};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ctx {
    pub use crate::account::auth::{current_user, require_user};
    pub use crate::server::app_state;
    pub(super) use crate::timetable::service;
}

// ---- my timetables ----

/// The timetable page: `semester_id` None = the current semester; `timetable_id` None = the
/// primary (or first) timetable of that semester.
#[server]
pub async fn get_my_timetables(semester_id: Option<u64>, timetable_id: Option<u64>) -> Result<MyTimetables, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::my_timetables(&state, &me, semester_id, timetable_id).await
}

/// A timetable as the asker may see it (the owner, 일촌 or anyone, by its visibility).
#[server]
pub async fn get_timetable(id: u64) -> Result<Timetable, AppError> {
    let state = ctx::app_state()?;
    let viewer = ctx::current_user().await?;
    ctx::service::get_timetable(&state, viewer.as_ref(), id).await
}

#[server]
pub async fn create_timetable(semester_id: u64, name: String) -> Result<TimetableSummary, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::create_timetable(&state, &me, NewTimetable { semester_id, name }).await
}

#[server]
pub async fn update_timetable(
    id: u64,
    name: Option<String>,
    visibility: Option<Visibility>,
    is_primary: Option<bool>,
) -> Result<TimetableSummary, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::update_timetable(&state, &me, id, TimetablePatch { name, visibility, is_primary }).await
}

#[server]
pub async fn delete_timetable(id: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::delete_timetable(&state, &me, id).await
}

/// Adds a lecture; 409 TIMETABLE_CLASH names the lecture or block it clashes with.
#[server]
pub async fn add_lecture(timetable_id: u64, lecture_id: u64) -> Result<Timetable, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::add_lecture(&state, &me, timetable_id, lecture_id).await
}

#[server]
pub async fn remove_lecture(timetable_id: u64, lecture_id: u64) -> Result<Timetable, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::remove_lecture(&state, &me, timetable_id, lecture_id).await
}

#[server]
pub async fn add_block(timetable_id: u64, title: String, place: String, color: String, times: String) -> Result<Timetable, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::add_block(&state, &me, timetable_id, BlockInput { title, place, color, times }).await
}

#[server]
pub async fn remove_block(timetable_id: u64, block_id: u64) -> Result<Timetable, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::remove_block(&state, &me, timetable_id, block_id).await
}

// ---- the catalogue ----

/// Searches the member's school's catalogue (staff: any school's, by `query.school_id`).
#[server]
pub async fn search_lectures(query: LectureQuery) -> Result<LecturePage, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::search_lectures(&state, &me, &query).await
}

/// A lecture with the reviews of its course (page 1 = newest).
#[server]
pub async fn get_lecture(id: u64, page: u32) -> Result<LectureDetail, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::lecture_detail(&state, &me, id, page).await
}

// ---- sharing ----

/// The member's 일촌 whose primary timetable of the semester is shared with them.
#[server]
pub async fn list_friend_timetables(semester_id: Option<u64>) -> Result<Vec<FriendTimetable>, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::friend_timetables(&state, &me, semester_id).await
}

/// The member's primary timetable (or `mine`) laid over another they may read.
#[server]
pub async fn get_common_free_time(other: u64, mine: Option<u64>) -> Result<CommonFreeTime, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::common_free_time(&state, &me, other, mine).await
}

// ---- reviews ----

#[server]
pub async fn write_review(lecture_id: u64, input: ReviewInput) -> Result<Review, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::write_review(&state, &me, lecture_id, input).await
}

#[server]
pub async fn edit_review(review_id: u64, input: ReviewInput) -> Result<Review, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::edit_review(&state, &me, review_id, input).await
}

#[server]
pub async fn delete_review(review_id: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::delete_review(&state, &me, review_id).await
}

/// 공감 once per member; `on = false` takes it back. Returns the new count.
#[server]
pub async fn like_review(review_id: u64, on: bool) -> Result<u32, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::like_review(&state, &me, review_id, on).await
}

// ---- staff ----

#[server]
pub async fn list_semesters() -> Result<Vec<Semester>, AppError> {
    let state = ctx::app_state()?;
    ctx::service::semesters(&state).await
}

/// Imports a semester's catalogue for a school from CSV text (staff).
#[server]
pub async fn import_lectures(school_id: u64, semester_id: u64, csv: String) -> Result<ImportReport, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::import_lectures(&state, &me, school_id, semester_id, &csv).await
}

/// Changes a lecture (staff).
#[server]
pub async fn update_lecture(id: u64, input: LectureInput) -> Result<Lecture, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::update_lecture(&state, &me, id, input).await
}

/// The semester shown by default: the one whose dates hold today (KST), else the next to
/// start, else the latest.
#[server]
pub async fn current_semester() -> Result<Semester, AppError> {
    let state = ctx::app_state()?;
    ctx::service::semester_or_current(&state, None).await
}

/// Adds a semester (staff).
#[server]
pub async fn create_semester(input: SemesterInput) -> Result<Semester, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::create_semester(&state, &me, input).await
}

/// Adds one lecture to a school's semester (staff).
#[server]
pub async fn create_lecture(school_id: u64, semester_id: u64, input: LectureInput) -> Result<Lecture, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::create_lecture(&state, &me, school_id, semester_id, input).await
}
