//! Comments and likes, checked against what they point at.

use super::*;

/// Where a comment or like points: (owner, visibility) of the diary entry or photo post.
pub(super) async fn target(state: &AppState, kind: TargetKind, id: u64) -> Result<(u64, Visibility), AppError> {
    let found = match kind {
        TargetKind::Diary => store::diary_get(&state.db, id).await?.map(|d| (d.owner_id, d.visibility)),
        TargetKind::Photo => store::post_get(&state.db, id).await?.map(|p| (p.owner_id, p.visibility)),
        TargetKind::Guestbook => store::guestbook_get(&state.db, id)
            .await?
            .map(|g| (g.owner_id, if g.secret { Visibility::Private } else { Visibility::Public })),
    };
    found.ok_or_else(|| AppError::not_found(ErrorCode::NotFound, "글을 찾을 수 없습니다."))
}

/// Reads a target for `me`; secret guestbook entries also open for their writer.
pub(super) async fn readable_target(state: &AppState, me: &AuthUser, kind: TargetKind, id: u64) -> Result<u64, AppError> {
    let (owner, vis) = target(state, kind, id).await?;
    let rel = relation(state, Some(me), owner).await?;
    let writer_of_secret =
        kind == TargetKind::Guestbook && store::guestbook_get(&state.db, id).await?.is_some_and(|g| g.writer_id == me.id());
    if !vis.allows(rel) && !writer_of_secret {
        // Same answer as for a missing entry: no hint that something private exists.
        return Err(AppError::not_found(ErrorCode::NotFound, "글을 찾을 수 없습니다."));
    }
    Ok(owner)
}

pub fn comment_kind(kind: &str) -> Result<TargetKind, AppError> {
    match TargetKind::parse(kind) {
        Some(k) if k.takes_comments() => Ok(k),
        _ => Err(AppError::bad_request(ErrorCode::InvalidTarget, "댓글을 달 수 없는 대상입니다.")),
    }
}

pub fn like_kind(kind: &str) -> Result<TargetKind, AppError> {
    match TargetKind::parse(kind) {
        Some(k) if k.takes_likes() => Ok(k),
        _ => Err(AppError::bad_request(ErrorCode::InvalidTarget, "좋아요를 누를 수 없는 대상입니다.")),
    }
}

pub async fn add_comment(state: &AppState, me: &AuthUser, kind: &str, id: u64, body: &str) -> Result<u64, AppError> {
    let kind = comment_kind(kind)?;
    let mut c = Check::default();
    let body = c.text("body", body, 1, 300, "댓글");
    c.finish()?;
    readable_target(state, me, kind, id).await?;
    let (owner, _) = target(state, kind, id).await?;
    crate::account::blocks::refuse_if_blocked(state, me.id(), owner).await?;
    me.require_verified_email(state).await?;
    me.count_write(state, "comment", super::write_limits::COMMENT).await?;
    Ok(store::comment_insert(&state.db, kind, id, me.id(), &body).await?)
}

/// The writer or the owner of the entry deletes a comment; it stays as "삭제된 댓글입니다".
pub async fn delete_comment(state: &AppState, me: &AuthUser, id: u64) -> Result<(), AppError> {
    let (kind, target_id, writer, _) = store::comment_get(&state.db, id)
        .await?
        .ok_or_else(|| AppError::not_found(ErrorCode::CommentNotFound, "댓글을 찾을 수 없습니다."))?;
    let (owner, _) = target(state, kind, target_id).await?;
    if me.id() != writer && me.id() != owner {
        return Err(AppError::forbidden("댓글을 쓴 사람이나 홈피 주인만 지울 수 있습니다."));
    }
    store::comment_soft_delete(&state.db, id).await?;
    Ok(())
}

pub async fn toggle_like(state: &AppState, me: &AuthUser, kind: &str, id: u64) -> Result<LikeState, AppError> {
    let kind = like_kind(kind)?;
    readable_target(state, me, kind, id).await?;
    me.count_write(state, "like", super::write_limits::LIKE).await?;
    let liked = store::like_toggle(&state.db, kind, id, me.id()).await?;
    let count = store::like_counts(&state.db, kind, &[id], None).await?.first().map(|r| r.1).unwrap_or(0);
    Ok(LikeState { liked, count })
}

pub(super) fn group_comments(rows: Vec<CommentRow>, viewer: Option<u64>, owner: u64) -> std::collections::HashMap<u64, Vec<Comment>> {
    let mut map: std::collections::HashMap<u64, Vec<Comment>> = Default::default();
    for r in rows {
        map.entry(r.target_id).or_default().push(r.into_comment(viewer, owner));
    }
    map
}
