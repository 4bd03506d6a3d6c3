//! The guestbook: secret entries, edits, replies and deletion.

use super::*;

pub(super) fn guestbook_entry(
    g: store::GuestbookRow,
    viewer: Option<u64>,
    likes: &std::collections::HashMap<u64, (i64, i64)>,
) -> GuestbookEntry {
    let (like_count, mine) = likes.get(&g.id).copied().unwrap_or((0, 0));
    GuestbookEntry {
        can_edit: viewer == Some(g.writer_id),
        can_delete: viewer.is_some_and(|v| v == g.writer_id || v == g.owner_id),
        like_count,
        liked: mine > 0,
        id: g.id,
        owner_id: g.owner_id,
        writer_id: g.writer_id,
        writer_nickname: g.writer_nickname,
        writer_minimi: g.writer_minimi,
        body: g.body,
        secret: g.secret,
        reply: g.reply,
        created_at: g.created_at,
    }
}

/// Secret entries appear only for the owner and their writer.
pub async fn guestbook(state: &AppState, viewer: Option<&AuthUser>, owner: u64, page: u32) -> Result<GuestbookPage, AppError> {
    existing(state, owner).await?;
    let viewer_id = viewer.map(AuthUser::id);
    let page = page.max(1);
    let (rows, total) = store::guestbook_page(&state.db, owner, viewer_id, page - 1, GUESTBOOK_PAGE).await?;
    let ids: Vec<u64> = rows.iter().map(|r| r.id).collect();
    let likes =
        store::like_counts(&state.db, TargetKind::Guestbook, &ids, viewer_id).await?.into_iter().map(|(id, n, m)| (id, (n, m))).collect();
    Ok(GuestbookPage {
        entries: rows.into_iter().map(|g| guestbook_entry(g, viewer_id, &likes)).collect(),
        page,
        total_pages: pages(total, GUESTBOOK_PAGE),
    })
}

pub async fn guestbook_write(state: &AppState, me: &AuthUser, owner: u64, input: GuestbookInput) -> Result<u64, AppError> {
    existing(state, owner).await?;
    crate::account::blocks::refuse_if_blocked(state, me.id(), owner).await?;
    let mut c = Check::default();
    let body = c.text("body", &input.body, 1, 1000, "방명록");
    c.finish()?;
    me.require_verified_email(state).await?;
    me.count_write(state, "guestbook", super::write_limits::GUESTBOOK).await?;
    Ok(store::guestbook_insert(&state.db, owner, me.id(), &body, input.secret).await?)
}

pub(super) async fn guestbook_row(state: &AppState, id: u64) -> Result<store::GuestbookRow, AppError> {
    store::guestbook_get(&state.db, id)
        .await?
        .ok_or_else(|| AppError::not_found(ErrorCode::GuestbookNotFound, "방명록 글을 찾을 수 없습니다."))
}

/// Only the writer edits.
pub async fn guestbook_edit(state: &AppState, me: &AuthUser, id: u64, input: GuestbookInput) -> Result<(), AppError> {
    let g = guestbook_row(state, id).await?;
    if g.writer_id != me.id() {
        return Err(AppError::forbidden("쓴 사람만 고칠 수 있습니다."));
    }
    let mut c = Check::default();
    let body = c.text("body", &input.body, 1, 1000, "방명록");
    c.finish()?;
    Ok(store::guestbook_update(&state.db, id, &body, input.secret).await?)
}

/// The owner or the writer deletes.
pub async fn guestbook_delete(state: &AppState, me: &AuthUser, id: u64) -> Result<(), AppError> {
    let g = guestbook_row(state, id).await?;
    if g.writer_id != me.id() && g.owner_id != me.id() {
        return Err(AppError::forbidden("홈피 주인이나 쓴 사람만 지울 수 있습니다."));
    }
    Ok(store::guestbook_delete(&state.db, id).await?)
}

/// Only the owner replies; an empty reply removes it.
pub async fn guestbook_reply(state: &AppState, me: &AuthUser, id: u64, reply: &str) -> Result<(), AppError> {
    let g = guestbook_row(state, id).await?;
    owner_only(me, g.owner_id)?;
    crate::account::blocks::refuse_if_blocked(state, me.id(), g.writer_id).await?;
    me.require_verified_email(state).await?;
    me.count_write(state, "guestbook", super::write_limits::GUESTBOOK).await?;
    let mut c = Check::default();
    let reply = c.text("reply", reply, 0, 1000, "답글");
    c.finish()?;
    Ok(store::guestbook_reply(&state.db, id, (!reply.is_empty()).then_some(reply.as_str())).await?)
}
