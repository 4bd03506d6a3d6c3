//! Server functions of the community's pages. Each resolves the member on the server and
//! hands over to `service`, which decides what they may read or write.

use super::model::*;
use crate::{account::model::SignedUrl, error::AppError};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ctx {
    pub use crate::account::auth::{current_user, require_user};
    pub(super) use crate::board::service;
    pub use crate::server::app_state;
}

// ---- schools and membership ----

#[server]
pub async fn list_schools() -> Result<Vec<School>, AppError> {
    let state = ctx::app_state()?;
    ctx::service::list_schools(&state).await
}

/// Where the member stands; None for guests.
#[server]
pub async fn get_my_community() -> Result<Option<MyCommunity>, AppError> {
    let state = ctx::app_state()?;
    match ctx::current_user().await? {
        Some(me) => Ok(Some(ctx::service::my_community(&state, &me).await?)),
        None => Ok(None),
    }
}

/// Mails a 6-digit code to an address at the school's domain.
#[server]
pub async fn send_school_code(email: String, admission_year: u16) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::send_school_code(&state, &me, &email, admission_year).await
}

#[server]
pub async fn confirm_school_code(code: String) -> Result<Membership, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::confirm_school_code(&state, &me, &code).await
}

/// Asks staff to admit the member to a school without an email domain.
#[server]
pub async fn request_school(school_id: u64, admission_year: u16, message: String) -> Result<SchoolRequest, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::request_school(&state, &me, school_id, admission_year, &message).await
}

// ---- boards and the home ----

/// The community home: my school, pinned boards first with their newest posts, HOT posts.
#[server]
pub async fn get_community_home() -> Result<CommunityHome, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::home(&state, &me).await
}

/// Boards of a school (anyone may see that they exist), filtered by name.
#[server]
pub async fn list_boards(school_id: Option<u64>, name: String) -> Result<Vec<Board>, AppError> {
    let state = ctx::app_state()?;
    let viewer = ctx::current_user().await?;
    ctx::service::list_boards(&state, viewer.as_ref(), school_id, &name).await
}

#[server]
pub async fn pin_board(board_id: u64, on: bool) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::pin_board(&state, &me, board_id, on).await
}

// ---- posts ----

/// A board with a page of its posts, newest first; `q` searches title and text.
#[server]
pub async fn board_posts(board_id: u64, page: u32, q: String) -> Result<(Board, PostPage), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::board_posts(&state, &me, board_id, page, &q).await
}

/// Searches the member's whole school.
#[server]
pub async fn search_posts(q: String, page: u32) -> Result<PostPage, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::search_school(&state, &me, &q, page).await
}

#[server]
pub async fn hot_posts(page: u32) -> Result<PostPage, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::hot_posts(&state, &me, page).await
}

#[server]
pub async fn best_posts() -> Result<Vec<PostSummary>, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::best_posts(&state, &me).await
}

/// A post with its comments (counts a view).
#[server]
pub async fn get_post(post_id: u64) -> Result<PostView, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::get_post(&state, &me, post_id).await
}

#[server]
pub async fn write_post(board_id: u64, input: PostInput) -> Result<u64, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::create_post(&state, &me, board_id, &input).await
}

#[server]
pub async fn edit_post(post_id: u64, input: PostInput) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::update_post(&state, &me, post_id, &input).await
}

#[server]
pub async fn delete_post(post_id: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::delete_post(&state, &me, post_id).await
}

#[server]
pub async fn like_post(post_id: u64, on: bool) -> Result<Toggle, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::like_post(&state, &me, post_id, on).await
}

#[server]
pub async fn scrap_post(post_id: u64, on: bool) -> Result<Toggle, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::scrap_post(&state, &me, post_id, on).await
}

/// Where to PUT one picture for a post (single use, 5 minutes).
#[server]
pub async fn post_image_upload_url(filename: String) -> Result<SignedUrl, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::image_upload_url(&state, &me, &filename).await
}

// ---- comments ----

#[server]
pub async fn write_comment(post_id: u64, input: CommentInput) -> Result<CommentView, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::create_comment(&state, &me, post_id, &input).await
}

#[server]
pub async fn delete_comment(comment_id: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::delete_comment(&state, &me, comment_id).await
}

#[server]
pub async fn like_comment(comment_id: u64, on: bool) -> Result<Toggle, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::like_comment(&state, &me, comment_id, on).await
}

// ---- my activity ----

#[server]
pub async fn my_posts(page: u32) -> Result<PostPage, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::my_posts(&state, &me, page).await
}

#[server]
pub async fn my_comments(page: u32) -> Result<MyCommentPage, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::my_comments(&state, &me, page).await
}

#[server]
pub async fn my_scraps(page: u32) -> Result<PostPage, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::my_scraps(&state, &me, page).await
}

// ---- 쪽지 ----

/// Sends a 쪽지 to the writer of a post (comment_id None) or of a comment; answers the
/// thread's id (an existing thread from the same place is reused).
#[server]
pub async fn send_note(post_id: u64, comment_id: Option<u64>, body: String) -> Result<u64, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::start_note(&state, &me, post_id, comment_id, &body).await
}

#[server]
pub async fn note_threads() -> Result<Vec<NoteThread>, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::note_threads(&state, &me).await
}

/// A thread's notes (marks them read).
#[server]
pub async fn open_note_thread(thread_id: u64) -> Result<NoteThreadView, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::note_thread(&state, &me, thread_id).await
}

#[server]
pub async fn reply_note(thread_id: u64, body: String) -> Result<Note, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::reply_note(&state, &me, thread_id, &body).await
}

/// Deletes the thread for me (the other side keeps it).
#[server]
pub async fn delete_note_thread(thread_id: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::delete_note_thread(&state, &me, thread_id).await
}

#[server]
pub async fn block_note_thread(thread_id: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::block_note_thread(&state, &me, thread_id).await
}

// ---- reports and moderation ----

#[server]
pub async fn report(input: ReportInput) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::report(&state, &me, &input).await
}

#[server]
pub async fn mark_notices_read() -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::mark_notices_read(&state, &me).await
}

/// Staff: reported items, open ones first.
#[server]
pub async fn report_queue() -> Result<Vec<ReportCase>, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::report_queue(&state, &me).await
}

#[server]
pub async fn moderate(input: ModerationInput) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::moderate(&state, &me, &input).await
}

#[server]
pub async fn moderation_log(page: u32) -> Result<Vec<ModerationEntry>, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::moderation_log(&state, &me, page).await
}

/// Staff: requests to join schools, waiting first.
#[server]
pub async fn school_requests() -> Result<Vec<SchoolRequest>, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::school_requests(&state, &me).await
}

#[server]
pub async fn decide_school_request(request_id: u64, approve: bool) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::decide_school_request(&state, &me, request_id, approve).await
}

/// Staff: add a school (id None) or change one.
#[server]
pub async fn save_school(id: Option<u64>, input: SchoolInput) -> Result<School, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::save_school(&state, &me, id, &input).await
}

/// Staff: add a board (id None) or change one (retiring it keeps its posts, read-only).
#[server]
pub async fn save_board(id: Option<u64>, input: BoardInput) -> Result<Board, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::save_board(&state, &me, id, &input).await
}
