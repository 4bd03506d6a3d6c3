//! A post with its comments and one level of replies: 공감, scrap, edit/delete for the
//! writer, 쪽지 and 신고 for the others. Every text is rendered as text.

use super::super::{
    api::{get_post, like_comment, like_post, scrap_post, DeleteComment, DeletePost, WriteComment},
    model::{CommentInput, CommentView, ContentStatus, PostView, ReportTarget, Toggle},
};
use super::actions::{NoteButton, ReportButton};
use super::widgets::{gone_text, QuestionBadge, WriterName};
use crate::ui::kit::{action_error, reload_on_ok, title_text, ErrorMessage, ErrorPage, FieldError, FormError, LoginPrompt, When};
use leptos::prelude::*;
use leptos_meta::Title;
use std::collections::HashSet;

#[component]
pub fn PostPage(post_id: u64) -> impl IntoView {
    let version = RwSignal::new(0u32);
    crate::ui::kit::provide_page_owner();
    let data = Resource::new(move || version.get(), move |_| get_post(post_id));
    view! {
        <div class="community">
            <Transition fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => view! { <PostArticle p version/> }.into_any(),
                        Err(e) if e.status == 401 => view! { <LoginPrompt what="글을 보려면"/> }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// What every comment of the page shares.
#[derive(Clone, Copy)]
struct Ctx {
    post_id: u64,
    version: RwSignal<u32>,
    /// The board takes anonymous comments.
    allow_anon: bool,
    /// "익명" starts checked (the post is anonymous).
    anon_default: bool,
    /// New comments and replies are possible (the post is shown and the board not retired).
    open: bool,
    /// The comment whose reply form is open.
    reply_to: RwSignal<Option<u64>>,
    delete: ServerAction<DeleteComment>,
}

#[component]
fn PostArticle(p: PostView, version: RwSignal<u32>) -> impl IntoView {
    let post_id = p.id;
    let visible = p.status == ContentStatus::Visible;
    let board = p.board.clone();
    let delete = crate::ui::kit::page_action::<DeletePost>();
    reload_on_ok(delete, version);
    let delete_error = action_error(delete);
    let comment_delete = crate::ui::kit::page_action::<DeleteComment>();
    reload_on_ok(comment_delete, version);
    let comment_delete_error = action_error(comment_delete);
    let ctx = Ctx {
        post_id,
        version,
        allow_anon: board.anonymous_allowed,
        anon_default: board.anonymous_allowed && p.anonymous,
        open: visible && !board.retired,
        reply_to: RwSignal::new(None),
        delete: comment_delete,
    };
    let answered = p.comments.iter().any(|c| !c.mine && c.status == ContentStatus::Visible);
    let confirm_text = if p.question && answered {
        "다른 사람이 답한 질문은 지울 수 없어서 내용만 숨겨져요. 계속할까요?"
    } else {
        "이 글을 지울까요?"
    };
    let mine = p.mine;
    let avatar = p.writer_id.and(p.writer_avatar.clone());
    let content = match gone_text(p.status, "글") {
        Some(text) => view! { <p class="post-gone" role="status">{text}</p> }.into_any(),
        None => view! {
            {if p.text_hidden {
                view! { <p class="post-gone" role="status">"글쓴이가 내용을 숨긴 질문입니다."</p> }.into_any()
            } else {
                view! { <p class="post-body">{p.body.clone()}</p> }.into_any()
            }}
            {(!p.images.is_empty()).then(|| view! {
                <div class="post-images">
                    {p.images.iter().enumerate().map(|(i, img)| view! {
                        <a href=img.url.clone() target="_blank" rel="noopener">
                            <img src=img.thumb_url.clone() alt=format!("첨부 사진 {}", i + 1) loading="lazy" width="160" height="160"/>
                        </a>
                    }).collect_view()}
                </div>
            })}
            <div class="post-actions">
                <ToggleButton kind=Kind::PostLike id=post_id state=Toggle { on: p.liked, count: p.like_count } disabled=mine/>
                <ToggleButton kind=Kind::Scrap id=post_id state=Toggle { on: p.scrapped, count: p.scrap_count } disabled=false/>
                {if mine {
                    view! {
                        <a class="button secondary small" href=format!("/community/posts/{post_id}/edit")>"수정"</a>
                        <button type="button" class="danger small" disabled=move || delete.pending().get() on:click=move |_| {
                            if window().confirm_with_message(confirm_text).unwrap_or(false) {
                                delete.dispatch(DeletePost { post_id });
                            }
                        }>"삭제"</button>
                    }.into_any()
                } else {
                    view! {
                        <NoteButton post_id comment_id=None/>
                        <ReportButton target_kind=ReportTarget::Post target_id=post_id/>
                    }.into_any()
                }}
            </div>
            <FormError error=delete_error/>
        }
        .into_any(),
    };
    let count = p.comments.iter().filter(|c| c.status == ContentStatus::Visible).count();
    view! {
        <Title text=title_text(&format!("{} - {}", p.title, board.name))/>
        <nav class="crumbs"><a href=format!("/community/boards/{}", board.id)>{format!("‹ {}", board.name)}</a></nav>
        <article class="card post-view" data-post-id=post_id data-status=p.status.as_str()>
            <header class="post-head">
                <h1 class="post-title">
                    {p.question.then(|| view! { <QuestionBadge/> })}
                    <span>{p.title.clone()}</span>
                </h1>
                <div class="post-meta">
                    {avatar.map(|src| view! { <img class="writer-avatar" src=src alt="" width="28" height="28"/> })}
                    <WriterName name=p.writer.clone() writer_id=p.writer_id/>
                    <When t=p.created_at/>
                    <span class="views">{format!("조회 {}", p.view_count)}</span>
                </div>
            </header>
            {content}
        </article>
        <section class="card comments-card">
            <h2>{format!("댓글 {count}")}</h2>
            <FormError error=comment_delete_error/>
            <Comments comments=p.comments.clone() ctx/>
            {if ctx.open {
                view! { <CommentForm ctx parent_id=None/> }.into_any()
            } else {
                view! { <p class="hint">"이 글에는 댓글을 달 수 없어요."</p> }.into_any()
            }}
        </section>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    PostLike,
    Scrap,
    CommentLike,
}

/// 공감 or 스크랩: pressed when on, the server's count after each press.
#[component]
fn ToggleButton(kind: Kind, id: u64, state: Toggle, disabled: bool) -> impl IntoView {
    let state = RwSignal::new(state);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let click = move |_| {
        let on = !state.get_untracked().on;
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = match kind {
                Kind::PostLike => like_post(id, on).await,
                Kind::Scrap => scrap_post(id, on).await,
                Kind::CommentLike => like_comment(id, on).await,
            };
            match answer {
                Ok(t) => {
                    state.set(t);
                    error.set(None);
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    let (class, testid, word, on_icon, off_icon) = match kind {
        Kind::PostLike => ("toggle like-toggle", "post-like", "공감", "♥", "♡"),
        Kind::CommentLike => ("toggle like-toggle small", "comment-like", "공감", "♥", "♡"),
        Kind::Scrap => ("toggle scrap-toggle", "post-scrap", "스크랩", "★", "☆"),
    };
    let title = (disabled && kind == Kind::PostLike).then_some("내 글에는 공감할 수 없어요");
    view! {
        <button type="button" class=class data-testid=testid class:on=move || state.get().on aria-pressed=move || state.get().on.to_string()
            disabled=move || disabled || busy.get() title=title on:click=click>
            <span aria-hidden="true">{move || if state.get().on { on_icon } else { off_icon }}</span>
            " " {word} " "
            <span class="count">{move || state.get().count}</span>
        </button>
        <ErrorMessage message=error/>
    }
}

/// Comments in order, each with its replies under it. A reply whose comment is missing
/// is shown at the top level rather than lost.
#[component]
fn Comments(comments: Vec<CommentView>, ctx: Ctx) -> impl IntoView {
    if comments.is_empty() {
        return view! { <p class="empty">"첫 댓글을 남겨 보세요."</p> }.into_any();
    }
    let ids: HashSet<u64> = comments.iter().filter(|c| c.parent_id.is_none()).map(|c| c.id).collect();
    let (tops, replies): (Vec<CommentView>, Vec<CommentView>) =
        comments.into_iter().partition(|c| c.parent_id.is_none_or(|p| !ids.contains(&p)));
    view! {
        <ul class="comment-list">
            {tops.into_iter().map(|c| {
                let mine: Vec<CommentView> = replies.iter().filter(|r| r.parent_id == Some(c.id)).cloned().collect();
                view! { <CommentItem c ctx replies=mine/> }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn CommentItem(c: CommentView, ctx: Ctx, replies: Vec<CommentView>) -> impl IntoView {
    let id = c.id;
    let is_reply = c.parent_id.is_some();
    let visible = c.status == ContentStatus::Visible;
    let text = gone_text(c.status, "댓글").unwrap_or_else(|| c.body.clone());
    let reply_to = ctx.reply_to;
    let delete = ctx.delete;
    let actions = visible.then(|| {
        view! {
            <div class="comment-actions">
                <ToggleButton kind=Kind::CommentLike id state=Toggle { on: c.liked, count: c.like_count } disabled=false/>
                {(!is_reply && ctx.open).then(|| view! {
                    <button type="button" class="link-button" aria-expanded=move || (reply_to.get() == Some(id)).to_string()
                        on:click=move |_| reply_to.update(|r| *r = if *r == Some(id) { None } else { Some(id) })>"답글"</button>
                })}
                {if c.mine {
                    view! {
                        <button type="button" class="link-button danger" on:click=move |_| {
                            if window().confirm_with_message("이 댓글을 지울까요?").unwrap_or(false) {
                                delete.dispatch(DeleteComment { comment_id: id });
                            }
                        }>"삭제"</button>
                    }.into_any()
                } else {
                    view! {
                        <NoteButton post_id=ctx.post_id comment_id=Some(id)/>
                        <ReportButton target_kind=ReportTarget::Comment target_id=id/>
                    }.into_any()
                }}
            </div>
        }
    });
    view! {
        <li class="comment" class:reply=is_reply class:gone=!visible data-comment-id=id>
            <div class="comment-head">
                <WriterName name=c.writer.clone() writer_id=c.writer_id/>
                {c.is_post_writer.then(|| view! { <span class="badge writer-badge">"글쓴이"</span> })}
                <When t=c.created_at/>
            </div>
            <p class="comment-body">{text}</p>
            {actions}
            <Show when=move || reply_to.get() == Some(id)>
                <CommentForm ctx parent_id=Some(id)/>
            </Show>
            {(!replies.is_empty()).then(|| view! {
                <ul class="replies">
                    {replies.into_iter().map(|r| view! { <CommentItem c=r ctx replies=Vec::new()/> }).collect_view()}
                </ul>
            })}
        </li>
    }
}

/// The comment form under the post (parent_id None) or a reply form under a comment.
#[component]
fn CommentForm(ctx: Ctx, parent_id: Option<u64>) -> impl IntoView {
    let write = crate::ui::kit::page_action::<WriteComment>();
    reload_on_ok(write, ctx.version);
    let error = action_error(write);
    let body = RwSignal::new(String::new());
    let anonymous = RwSignal::new(ctx.anon_default);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CommentInput { body: body.get_untracked(), anonymous: ctx.allow_anon && anonymous.get_untracked(), parent_id };
        write.dispatch(WriteComment { post_id: ctx.post_id, input });
    };
    let reply = parent_id.is_some();
    let (label, placeholder) = if reply { ("답글", "답글을 입력하세요") } else { ("댓글", "댓글을 입력하세요") };
    view! {
        <form class="comment-form" class:reply-form=reply data-testid=if reply { "reply-form" } else { "comment-form" } on:submit=submit>
            <textarea aria-label=label placeholder=placeholder rows=if reply { "2" } else { "3" } maxlength="1000" required
                prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            <div class="comment-form-row">
                {ctx.allow_anon.then(|| view! {
                    <label class="check">
                        <input type="checkbox" name="anonymous" checked=ctx.anon_default
                            prop:checked=move || anonymous.get() on:change=move |ev| anonymous.set(event_target_checked(&ev))/>
                        "익명"
                    </label>
                })}
                <button type="submit" class="small" disabled=move || write.pending().get()>"등록"</button>
            </div>
            <FieldError error field="body"/>
            <FormError error/>
        </form>
    }
}
