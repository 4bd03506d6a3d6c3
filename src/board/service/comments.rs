//! Comments and one level of replies. Anonymous commenters are numbered per post
//! (`board_anon_numbers`): the post's anonymous writer is 0 (`익명(글쓴이)`), everyone else
//! takes the post's next number once, inside a transaction holding the post row, and keeps
//! it in that post. Numbers never relate across posts.

use super::super::{model::*, store};
use super::{board_for_writer, count_write, display_name, page_offset, pages, post_not_found};
use crate::{
    account::auth::AuthUser,
    error::{AppError, ErrorCode, FieldErrors},
    server::AppState,
};

const DELETED_BODY: &str = "삭제된 댓글입니다";
const HIDDEN_BODY: &str = "가려진 댓글입니다";

fn comment_not_found() -> AppError {
    AppError::not_found(ErrorCode::CommentNotFound, "댓글을 찾을 수 없습니다.")
}

fn gone() -> AppError {
    AppError::conflict(ErrorCode::ContentGone, "삭제되었거나 가려진 글이나 댓글입니다.")
}

/// A comment as any member sees it. Its writer's id goes only into named comments; the
/// 글쓴이 mark only when the comment is as anonymous as the post.
fn comment_view(c: store::CommentRow, post_author: u64, post_anonymous: bool, me: u64, liked: bool) -> CommentView {
    match c.status {
        ContentStatus::Visible => CommentView {
            id: c.id,
            parent_id: c.parent_id,
            writer: display_name(c.anonymous, c.anon_number, &c.writer_nickname),
            writer_id: (!c.anonymous).then_some(c.author_id),
            anonymous: c.anonymous,
            is_post_writer: c.author_id == post_author && c.anonymous == post_anonymous,
            body: c.body,
            status: c.status,
            like_count: c.like_count,
            liked,
            mine: c.author_id == me,
            created_at: c.created_at,
        },
        ContentStatus::Deleted | ContentStatus::Hidden | ContentStatus::Held => {
            let deleted = c.status == ContentStatus::Deleted;
            CommentView {
                id: c.id,
                parent_id: c.parent_id,
                writer: if deleted { "(삭제)" } else { "(가려짐)" }.to_owned(),
                writer_id: None,
                anonymous: c.anonymous,
                is_post_writer: false,
                body: if deleted { DELETED_BODY } else { HIDDEN_BODY }.to_owned(),
                status: c.status,
                like_count: c.like_count,
                liked: false,
                mine: false,
                created_at: c.created_at,
            }
        }
    }
}

/// All comments of a post, each followed by its replies.
pub(super) async fn comment_views(state: &AppState, post: &store::PostRow, me: u64) -> Result<Vec<CommentView>, AppError> {
    let rows = store::post_comments(&state.db, post.id).await?;
    let liked = store::comment_likes_in_post(&state.db, post.id, me).await?;
    Ok(rows
        .into_iter()
        .map(|c| {
            let l = liked.contains(&c.id);
            comment_view(c, post.author_id, post.anonymous, me, l)
        })
        .collect())
}

pub async fn create_comment(state: &AppState, me: &AuthUser, post_id: u64, input: &CommentInput) -> Result<CommentView, AppError> {
    let mut f = FieldErrors::default();
    let body = f.text("body", &input.body, 1, 1000, "댓글");
    f.finish()?;
    let post = store::post_get(&state.db, post_id).await?.ok_or_else(post_not_found)?;
    let (board, _) = board_for_writer(state, me, post.board_id).await?;
    if input.anonymous && !board.anonymous_allowed {
        return Err(AppError::bad_request(ErrorCode::AnonymousNotAllowed, "이 게시판에서는 익명으로 댓글을 쓸 수 없습니다."));
    }
    if post.status != ContentStatus::Visible {
        return Err(AppError::conflict(ErrorCode::ContentGone, "삭제되었거나 가려진 글에는 댓글을 쓸 수 없습니다."));
    }
    if let Some(parent) = input.parent_id {
        let p = store::comment_get(&state.db, parent).await?;
        let Some(p) = p.filter(|p| p.post_id == post_id && p.parent_id.is_none()) else {
            return Err(AppError::bad_request(ErrorCode::BadRequest, "이 글의 댓글에만 답글을 달 수 있습니다."));
        };
        if p.status != ContentStatus::Visible {
            return Err(AppError::conflict(ErrorCode::ContentGone, "삭제되었거나 가려진 댓글에는 답글을 달 수 없습니다."));
        }
    }
    me.require_verified_email(state).await?;
    count_write(state, "board-comment", me.id(), 40, 600).await?;

    let mut tx = state.db.begin().await?;
    let locked = store::lock_post_for_comment(&mut tx, post_id).await?.ok_or_else(post_not_found)?;
    if locked.status != ContentStatus::Visible {
        return Err(gone());
    }
    let number = if input.anonymous {
        Some(match store::anon_number_of(&mut tx, post_id, me.id()).await? {
            Some(n) => n,
            None if locked.anonymous && locked.author_id == me.id() => {
                store::anon_number_take(&mut tx, post_id, me.id(), 0, false).await?;
                0
            }
            None => {
                store::anon_number_take(&mut tx, post_id, me.id(), locked.next_anon, true).await?;
                locked.next_anon
            }
        })
    } else {
        None
    };
    let (id, created_at) = store::comment_insert(
        &mut tx,
        store::NewComment {
            post_id,
            parent_id: input.parent_id,
            author_id: me.id(),
            anonymous: input.anonymous,
            anon_number: number,
            body: &body,
        },
    )
    .await?;
    tx.commit().await?;
    let row = store::CommentRow {
        id,
        post_id,
        parent_id: input.parent_id,
        author_id: me.id(),
        anonymous: input.anonymous,
        anon_number: number,
        body,
        status: ContentStatus::Visible,
        like_count: 0,
        created_at,
        writer_nickname: me.user.nickname.clone(),
    };
    Ok(comment_view(row, locked.author_id, locked.anonymous, me.id(), false))
}

/// The writer deletes a comment; it stays as "삭제된 댓글입니다" so its replies stay readable.
pub async fn delete_comment(state: &AppState, me: &AuthUser, comment_id: u64) -> Result<(), AppError> {
    let c = store::comment_get(&state.db, comment_id).await?.ok_or_else(comment_not_found)?;
    if c.author_id != me.id() {
        return Err(AppError::forbidden("내가 쓴 댓글만 지울 수 있습니다."));
    }
    let post = store::post_get(&state.db, c.post_id).await?.ok_or_else(post_not_found)?;
    board_for_writer(state, me, post.board_id).await?;
    let mut tx = state.db.begin().await?;
    if !store::comment_set_deleted(&mut tx, comment_id, c.post_id).await? {
        return Err(gone());
    }
    tx.commit().await?;
    Ok(())
}

/// 공감 on a comment (once per member) or off.
pub async fn like_comment(state: &AppState, me: &AuthUser, comment_id: u64, on: bool) -> Result<Toggle, AppError> {
    let c = store::comment_get(&state.db, comment_id).await?.ok_or_else(comment_not_found)?;
    let post = store::post_get(&state.db, c.post_id).await?.ok_or_else(post_not_found)?;
    board_for_writer(state, me, post.board_id).await?;
    let mut tx = state.db.begin().await?;
    let locked = store::comment_lock(&mut tx, comment_id).await?.ok_or_else(comment_not_found)?;
    let change = if on {
        if locked.status != ContentStatus::Visible || post.status != ContentStatus::Visible {
            return Err(gone());
        }
        if locked.author_id == me.id() {
            return Err(AppError::bad_request(ErrorCode::BadRequest, "내 댓글에는 공감할 수 없습니다."));
        }
        store::like_insert(&mut tx, "COMMENT", comment_id, me.id()).await?.then_some(true)
    } else {
        store::like_delete(&mut tx, "COMMENT", comment_id, me.id()).await?.then_some(false)
    };
    let count = store::comment_likes_add(&mut tx, comment_id, change).await?;
    tx.commit().await?;
    Ok(Toggle { on, count })
}

pub async fn my_comments(state: &AppState, me: &AuthUser, page: u32) -> Result<MyCommentPage, AppError> {
    let (page, offset) = page_offset(page);
    let rows = store::my_comments_page(&state.db, me.id(), offset, PAGE_SIZE).await?;
    let total = store::my_comments_count(&state.db, me.id()).await?;
    let comments = rows
        .into_iter()
        .map(|r| {
            let shown = r.status == ContentStatus::Visible;
            MyComment {
                id: r.id,
                post_id: r.post_id,
                post_title: super::gone_title(r.post_status).map(str::to_owned).unwrap_or(r.post_title),
                body: if shown { r.body } else { HIDDEN_BODY.to_owned() },
                anonymous: r.anonymous,
                status: r.status,
                created_at: r.created_at,
            }
        })
        .collect();
    Ok(MyCommentPage { comments, page, total_pages: pages(total) })
}
