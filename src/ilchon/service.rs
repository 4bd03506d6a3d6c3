//! 일촌 rules: requests with a proposed 일촌명 pair, accept / decline / counter-proposal /
//! cancel, ending a relation, and 일촌평 (only 일촌 write them; the owner or the writer
//! deletes). Every check runs here on the server, for pages and REST alike.

use super::{
    model::{IlchonOverview, IlchonRequest, Pyeong, RequestStatus, NAME_MAX, PYEONG_MAX},
    store,
};
use crate::error::ErrorCode;
use crate::{
    account::auth::AuthUser,
    error::{AppError, FieldErrors},
    server::AppState,
};

fn request_not_found() -> AppError {
    AppError::not_found(ErrorCode::IlchonRequestNotFound, "일촌 신청을 찾을 수 없습니다.")
}

fn check_names(from_name: &str, to_name: &str) -> Result<(String, String), AppError> {
    let mut bad = FieldErrors::default();
    for (field, v) in [("fromName", from_name), ("toName", to_name)] {
        let n = v.trim().chars().count();
        if n == 0 || n > NAME_MAX {
            bad.add(field, format!("일촌명은 1~{NAME_MAX}자로 적어 주세요."));
        }
    }
    bad.finish()?;
    Ok((from_name.trim().to_owned(), to_name.trim().to_owned()))
}

async fn active_member(state: &AppState, id: u64) -> Result<(), AppError> {
    crate::account::active_member(&state.db, id).await.map(|_| ())
}

/// `from_name`: what I will call them; `to_name`: what they will call me.
pub async fn request(
    state: &AppState,
    me: &AuthUser,
    to: u64,
    from_name: &str,
    to_name: &str,
    message: &str,
) -> Result<IlchonRequest, AppError> {
    if to == me.id() {
        return Err(AppError::bad_request(ErrorCode::IlchonSelf, "자기 자신에게는 일촌 신청을 할 수 없습니다."));
    }
    let (from_name, to_name) = check_names(from_name, to_name)?;
    me.require_verified_email(state).await?;
    me.count_write(state, "ilchon-request", REQUESTS_PER_MINUTE).await?;
    let message = message.trim();
    if message.chars().count() > 200 {
        return Err(AppError::invalid_field("message", "인사말은 200자까지 쓸 수 있습니다."));
    }
    active_member(state, to).await?;
    crate::account::blocks::refuse_if_blocked(state, me.id(), to).await?;
    if store::name_for(&state.db, me.id(), to).await?.is_some() {
        return Err(AppError::conflict(ErrorCode::AlreadyIlchon, "이미 일촌입니다."));
    }
    let id = store::request_insert(&state.db, me.id(), to, &from_name, &to_name, message)
        .await?
        .ok_or_else(|| AppError::conflict(ErrorCode::IlchonRequestPending, "이미 진행 중인 일촌 신청이 있습니다."))?;
    store::request_get(&state.db, id).await?.ok_or_else(AppError::internal)
}

async fn pending_for(state: &AppState, id: u64) -> Result<IlchonRequest, AppError> {
    let r = store::request_get(&state.db, id).await?.ok_or_else(request_not_found)?;
    if r.status != RequestStatus::Pending {
        return Err(AppError::conflict(ErrorCode::IlchonRequestClosed, "이미 처리된 일촌 신청입니다."));
    }
    Ok(r)
}

fn closed() -> AppError {
    AppError::conflict(ErrorCode::IlchonRequestClosed, "이미 처리된 일촌 신청입니다.")
}

/// Only the receiver accepts; then both are 일촌 with the proposed names.
pub async fn accept(state: &AppState, me: &AuthUser, id: u64) -> Result<(), AppError> {
    let r = pending_for(state, id).await?;
    if r.to_id != me.id() {
        return Err(AppError::forbidden("받은 일촌 신청만 수락할 수 있습니다."));
    }
    if !store::accept(&state.db, &r).await? {
        return Err(closed());
    }
    Ok(())
}

pub async fn decline(state: &AppState, me: &AuthUser, id: u64) -> Result<(), AppError> {
    let r = pending_for(state, id).await?;
    if r.to_id != me.id() {
        return Err(AppError::forbidden("받은 일촌 신청만 거절할 수 있습니다."));
    }
    if !store::close(&state.db, r.id, RequestStatus::Declined).await? {
        return Err(closed());
    }
    Ok(())
}

pub async fn cancel(state: &AppState, me: &AuthUser, id: u64) -> Result<(), AppError> {
    let r = pending_for(state, id).await?;
    if r.from_id != me.id() {
        return Err(AppError::forbidden("보낸 일촌 신청만 취소할 수 있습니다."));
    }
    if !store::close(&state.db, r.id, RequestStatus::Cancelled).await? {
        return Err(closed());
    }
    Ok(())
}

/// The receiver proposes other names. `my_name`: what I (the receiver) will call them;
/// `their_name`: what they will call me. The sender then accepts or declines.
pub async fn counter(state: &AppState, me: &AuthUser, id: u64, my_name: &str, their_name: &str) -> Result<IlchonRequest, AppError> {
    let r = pending_for(state, id).await?;
    if r.to_id != me.id() {
        return Err(AppError::forbidden("받은 일촌 신청에만 다른 일촌명을 제안할 수 있습니다."));
    }
    let (my_name, their_name) = check_names(my_name, their_name)?;
    let new_id = store::counter(&state.db, &r, &my_name, &their_name).await?.ok_or_else(closed)?;
    store::request_get(&state.db, new_id).await?.ok_or_else(AppError::internal)
}

/// Either side ends it; 일촌-only content closes at once (it is checked per request).
pub async fn end(state: &AppState, me: &AuthUser, other: u64) -> Result<(), AppError> {
    if !store::end(&state.db, me.id(), other).await? {
        return Err(AppError::not_found(ErrorCode::NotIlchon, "일촌이 아닙니다."));
    }
    Ok(())
}

pub async fn overview(state: &AppState, me: &AuthUser) -> Result<IlchonOverview, AppError> {
    Ok(IlchonOverview {
        received: store::received(&state.db, me.id()).await?,
        sent: store::sent(&state.db, me.id()).await?,
        ilchons: store::list(&state.db, me.id()).await?,
    })
}

// ------------------------------------------------------------------ 일촌평

pub async fn pyeong_list(state: &AppState, viewer: Option<u64>, owner: u64) -> Result<Vec<Pyeong>, AppError> {
    Ok(store::pyeong_list(&state.db, owner, 20)
        .await?
        .into_iter()
        .map(|p| Pyeong {
            id: p.id,
            writer_id: p.writer_id,
            writer_nickname: p.writer_nickname,
            writer_ilchon_name: p.writer_ilchon_name,
            body: p.body,
            created_at: p.created_at,
            can_delete: viewer.is_some_and(|v| v == p.owner_id || v == p.writer_id),
        })
        .collect())
}

/// Only a 일촌 of the owner writes one, at most 50 characters.
/// 일촌 requests and 일촌평 a member may write a minute (their address: `write_address_factor` times).
const REQUESTS_PER_MINUTE: crate::server::rate_limit::Limit = crate::server::rate_limit::Limit { max: 10, window_secs: 60 };
const PYEONG_PER_MINUTE: crate::server::rate_limit::Limit = crate::server::rate_limit::Limit { max: 10, window_secs: 60 };

pub async fn pyeong_write(state: &AppState, me: &AuthUser, owner: u64, body: &str) -> Result<u64, AppError> {
    let body = body.trim();
    let n = body.chars().count();
    if n == 0 || n > PYEONG_MAX {
        return Err(AppError::invalid_field("body", format!("일촌평은 1~{PYEONG_MAX}자로 적어 주세요.")));
    }
    if store::name_for(&state.db, owner, me.id()).await?.is_none() {
        return Err(AppError::forbidden("일촌만 일촌평을 남길 수 있습니다."));
    }
    crate::account::blocks::refuse_if_blocked(state, me.id(), owner).await?;
    me.require_verified_email(state).await?;
    me.count_write(state, "pyeong", PYEONG_PER_MINUTE).await?;
    Ok(store::pyeong_insert(&state.db, owner, me.id(), body).await?)
}

pub async fn pyeong_delete(state: &AppState, me: &AuthUser, id: u64) -> Result<(), AppError> {
    let (owner, writer) = store::pyeong_get(&state.db, id)
        .await?
        .ok_or_else(|| AppError::not_found(ErrorCode::PyeongNotFound, "일촌평을 찾을 수 없습니다."))?;
    if me.id() != owner && me.id() != writer {
        return Err(AppError::forbidden("홈피 주인이나 쓴 사람만 지울 수 있습니다."));
    }
    store::pyeong_delete(&state.db, id).await?;
    Ok(())
}
