//! Widgets the community pages share: post list rows, writer names, badges, status notes.

use super::super::model::{BoardCategory, ContentStatus, PostSummary};
use crate::ui::kit::When;
use leptos::prelude::*;

/// A list of posts (board, HOT, search, my posts); `empty` is shown when there are none.
#[component]
pub fn PostList(posts: Vec<PostSummary>, empty: &'static str) -> impl IntoView {
    if posts.is_empty() {
        return view! { <p class="empty board-empty">{empty}</p> }.into_any();
    }
    view! {
        <ul class="post-list">
            {posts.into_iter().map(|p| view! { <PostRow p/> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// One row: title (link), first line, writer, board, counts, picture mark, time.
#[component]
fn PostRow(p: PostSummary) -> impl IntoView {
    let href = format!("/community/posts/{}", p.id);
    let gone = p.status != ContentStatus::Visible;
    let excerpt = (!p.excerpt.is_empty()).then(|| view! { <p class="post-row-excerpt">{p.excerpt.clone()}</p> });
    view! {
        <li class="post-row" class:gone=gone data-post-id=p.id>
            <a class="post-row-title" href=href>
                {p.question.then(|| view! { <QuestionBadge/> })}
                <span>{p.title.clone()}</span>
            </a>
            {excerpt}
            <div class="post-row-meta">
                <span class="post-row-writer">{p.writer.clone()}</span>
                <span class="post-row-board">{p.board_name.clone()}</span>
                <When t=p.created_at/>
                <span class="post-row-counts">
                    <Count icon="♥" word="공감" n=p.like_count class="like"/>
                    <Count icon="💬" word="댓글" n=p.comment_count class="comment"/>
                    {p.has_images.then(|| view! {
                        <span class="count picture"><span aria-hidden="true">"🖼"</span><span class="sr-only">"사진 있음"</span></span>
                    })}
                </span>
            </div>
        </li>
    }
}

/// A count with its icon; the word is read by screen readers only.
#[component]
fn Count(icon: &'static str, word: &'static str, n: u32, class: &'static str) -> impl IntoView {
    view! {
        <span class=format!("count {class}")>
            <span aria-hidden="true">{icon}</span>
            <span class="sr-only">{word}</span>
            " "
            {n}
        </span>
    }
}

/// "질문" next to a question's title.
#[component]
pub fn QuestionBadge() -> impl IntoView {
    view! { <span class="badge question">"질문"</span> }
}

/// A board's category as a small label.
#[component]
pub fn CategoryBadge(category: BoardCategory) -> impl IntoView {
    view! { <span class="badge category" data-category=category.as_str()>{category.label()}</span> }
}

/// A writer's display name: a link to their homepage only when the server named them
/// (`writer_id` is Some); an anonymous writer is text and nothing else.
#[component]
pub fn WriterName(name: String, writer_id: Option<u64>) -> impl IntoView {
    match writer_id {
        Some(id) => view! { <a class="writer" href=format!("/hompy/{id}")>{name}</a> }.into_any(),
        None => view! { <span class="writer">{name}</span> }.into_any(),
    }
}

/// Why a post's or comment's text is not shown (None when it is).
pub fn gone_text(status: ContentStatus, what: &'static str) -> Option<String> {
    match status {
        ContentStatus::Visible => None,
        ContentStatus::Deleted => Some(format!("삭제된 {what}입니다")),
        ContentStatus::Hidden => Some(format!("운영 정책에 따라 가려진 {what}입니다")),
        ContentStatus::Held => Some(format!("신고가 많아 검토 중인 {what}입니다")),
    }
}

/// 학번 as people say it: 2023 → "23학번".
pub fn hakbun(year: u16) -> String {
    format!("{:02}학번", year % 100)
}
