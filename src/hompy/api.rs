//! Server functions of the mini-homepage pages. Each resolves the member from the session
//! cookie on the server and hands over to `service`, which decides what they may do.

use super::model::*;
use crate::{account::model::SignedUrl, error::AppError};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ctx {
    pub use crate::account::auth::{current_user, require_user};
    pub(super) use crate::hompy::{media, service};
    pub use crate::server::{app_state, memo};

    /// A read for the current viewer, once per request (see `server::memo`): the frame and
    /// the tabs of one page render share it.
    pub async fn viewed<T, F, Fut>(key: String, read: F) -> Result<T, crate::error::AppError>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce(crate::server::AppState, Option<crate::account::auth::AuthUser>) -> Fut,
        Fut: std::future::Future<Output = Result<T, crate::error::AppError>>,
    {
        memo::once(key, || async {
            let state = app_state()?;
            let viewer = current_user().await?;
            read(state, viewer).await
        })
        .await
    }

    pub fn now() -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now()
    }

    /// "" means none (forms send empty selects).
    pub fn opt_id(s: &str) -> Result<Option<u64>, crate::error::AppError> {
        if s.trim().is_empty() {
            return Ok(None);
        }
        s.trim()
            .parse()
            .map(Some)
            .map_err(|_| crate::error::AppError::bad_request(crate::error::ErrorCode::BadRequest, "번호가 올바르지 않습니다."))
    }
}

/// The frame of a homepage; a signed-in visitor counts towards Today/Total.
#[server]
pub async fn get_hompy(user_id: u64) -> Result<HompyFrame, AppError> {
    // A render may ask twice; the visit counts once and the queries run once.
    ctx::viewed(format!("frame:{user_id}"), |state, viewer| async move {
        ctx::service::frame(&state, viewer.as_ref(), user_id, ctx::now()).await
    })
    .await
}

#[server]
pub async fn list_homes() -> Result<Vec<HompySummary>, AppError> {
    let state = ctx::app_state()?;
    Ok(super::store::recent(&state.db, 12).await?)
}

/// 파도타기: a random 일촌 of `from` (or of the signed-in member when `from` is None), or
/// a random home when there is none.
#[server]
pub async fn random_home(from: Option<u64>) -> Result<Option<u64>, AppError> {
    let state = ctx::app_state()?;
    let from = match from {
        Some(f) => Some(f),
        None => ctx::current_user().await?.map(|u| u.id()),
    };
    ctx::service::surf(&state, from).await
}

#[server]
pub async fn get_home_tab(owner: u64) -> Result<HomeTab, AppError> {
    ctx::viewed(format!("home:{owner}"), |state, viewer| async move { ctx::service::home_tab(&state, viewer.as_ref(), owner).await }).await
}

#[server]
pub async fn get_profile_tab(owner: u64) -> Result<ProfileTab, AppError> {
    ctx::viewed(format!("profile:{owner}"), |state, viewer| async move { ctx::service::profile_tab(&state, viewer.as_ref(), owner).await })
        .await
}

#[server]
pub async fn update_home(owner: u64, title: String, intro: String, minimi: String) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::update_home(&state, &me, owner, HomeInput { title, intro, minimi }).await.map(|_| ())
}

#[server]
pub async fn main_photo_upload_url(owner: u64) -> Result<SignedUrl, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::media::main_photo_upload_url(&state, &me, owner)
}

// ------------------------------------------------------------------ diary

#[server]
pub async fn get_diary_page(owner: u64, page: u32, month: String, day: String) -> Result<DiaryPage, AppError> {
    ctx::viewed(format!("diary:{owner}:{page}:{month}:{day}"), |state, viewer| async move {
        ctx::service::diary(&state, viewer.as_ref(), owner, page, Some(&month), Some(&day), ctx::now()).await
    })
    .await
}

/// Writes a new entry (`id` empty) or saves an existing one.
#[server]
pub async fn save_diary(
    owner: u64,
    id: String,
    entry_date: String,
    title: String,
    body: String,
    visibility: String,
) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    let input = DiaryInput { entry_date, title, body, visibility };
    match ctx::opt_id(&id)? {
        None => ctx::service::diary_create(&state, &me, owner, input).await.map(|_| ()),
        Some(id) => ctx::service::diary_update(&state, &me, id, input).await,
    }
}

#[server]
pub async fn delete_diary(id: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::diary_delete(&state, &me, id).await
}

// ------------------------------------------------------------------ comments and likes

/// `kind`: DIARY or PHOTO.
#[server]
pub async fn add_comment(kind: String, target_id: u64, body: String) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::add_comment(&state, &me, &kind, target_id, &body).await.map(|_| ())
}

#[server]
pub async fn delete_comment(id: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::delete_comment(&state, &me, id).await
}

/// `kind`: PHOTO or GUESTBOOK.
#[server]
pub async fn toggle_like(kind: String, id: u64) -> Result<LikeState, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::toggle_like(&state, &me, &kind, id).await
}

// ------------------------------------------------------------------ photo album

#[server]
pub async fn get_photo_page(owner: u64, folder: String, page: u32) -> Result<PhotoPage, AppError> {
    ctx::viewed(format!("photos:{owner}:{folder}:{page}"), |state, viewer| async move {
        ctx::service::photos(&state, viewer.as_ref(), owner, ctx::opt_id(&folder)?, page).await
    })
    .await
}

#[server]
pub async fn album_upload_url(owner: u64, filename: String) -> Result<SignedUrl, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::media::album_upload_url(&state, &me, owner, &filename).await
}

/// `media_ids`: comma-separated ids from the uploads, in order.
#[server]
pub async fn create_photo_post(
    owner: u64,
    title: String,
    body: String,
    visibility: String,
    folder_id: String,
    media_ids: String,
) -> Result<u64, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    let media_ids = media_ids
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse::<u64>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| AppError::bad_request(crate::error::ErrorCode::BadRequest, "파일 번호가 올바르지 않습니다."))?;
    let input = PhotoPostInput { title, body, visibility, folder_id: ctx::opt_id(&folder_id)?, media_ids };
    ctx::service::post_create(&state, &me, owner, input).await
}

#[server]
pub async fn update_photo_post(id: u64, title: String, body: String, visibility: String, folder_id: String) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    let input = PhotoPostInput { title, body, visibility, folder_id: ctx::opt_id(&folder_id)?, media_ids: vec![] };
    ctx::service::post_update(&state, &me, id, input).await
}

#[server]
pub async fn delete_photo_post(id: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::post_delete(&state, &me, id).await
}

#[server]
pub async fn create_folder(owner: u64, name: String) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::folder_create(&state, &me, owner, &name).await.map(|_| ())
}

#[server]
pub async fn delete_folder(id: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::folder_delete(&state, &me, id).await
}

// ------------------------------------------------------------------ guestbook

#[server]
pub async fn get_guestbook_page(owner: u64, page: u32) -> Result<GuestbookPage, AppError> {
    ctx::viewed(format!("guestbook:{owner}:{page}"), |state, viewer| async move {
        ctx::service::guestbook(&state, viewer.as_ref(), owner, page).await
    })
    .await
}

#[server]
pub async fn write_guestbook(owner: u64, body: String, secret: Option<String>) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::guestbook_write(&state, &me, owner, GuestbookInput { body, secret: secret.is_some() }).await.map(|_| ())
}

#[server]
pub async fn edit_guestbook(id: u64, body: String, secret: Option<String>) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::guestbook_edit(&state, &me, id, GuestbookInput { body, secret: secret.is_some() }).await
}

#[server]
pub async fn delete_guestbook(id: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::guestbook_delete(&state, &me, id).await
}

#[server]
pub async fn reply_guestbook(id: u64, reply: String) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::guestbook_reply(&state, &me, id, &reply).await
}

// ------------------------------------------------------------------ search

#[server]
pub async fn search_members(q: String, page: u32) -> Result<SearchPage, AppError> {
    let state = ctx::app_state()?;
    // Signed-in only: exact-email search would otherwise tell anyone who is a member.
    let me = ctx::require_user().await?;
    ctx::service::search(&state, &me, &q, page).await
}
