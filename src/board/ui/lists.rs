//! Lists across the member's school: HOT and BEST, search, and my posts, comments and
//! scraps. Each is a page of `PostList` rows with page links (`?page=N`).

use super::super::{
    api::{best_posts, hot_posts, my_comments, my_posts, my_scraps, search_posts},
    model::{ContentStatus, MyComment, PostPage, HOT_LIKES},
};
use super::widgets::{gone_text, PostList};
use crate::error::{AppError, ErrorCode};
use crate::ui::kit::{url_encode, ErrorPage, LoginPrompt, Pager, When};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_query_map};

/// What a list shows when loading it failed: "log in" for guests, the way to join a school
/// for members who have not, the error page otherwise.
pub(super) fn failure(error: AppError, what: &'static str) -> AnyView {
    if error.status == 401 {
        return view! { <LoginPrompt what/> }.into_any();
    }
    let join = error.code == ErrorCode::NotSchoolMember;
    view! {
        <ErrorPage error/>
        {join.then(|| view! {
            <p class="community-join-hint">
                <a class="button" href="/community/join">"학교 인증하러 가기"</a>
            </p>
        })}
    }
    .into_any()
}

/// The community's own links (HOT, BEST, search, my activity, 쪽지), the current one marked.
#[component]
pub(super) fn CommunityMenu() -> impl IntoView {
    let path = use_location().pathname;
    let link = move |href: &'static str, label: &'static str| {
        let here = move || path.get().trim_end_matches('/') == href;
        view! {
            <a href=href class:active=here aria-current=move || here().then_some("page")>
                {label}
            </a>
        }
    };
    view! {
        <nav class="community-menu" aria-label="커뮤니티 메뉴">
            {link("/community", "홈")}
            {link("/community/hot", "HOT")}
            {link("/community/best", "BEST")}
            {link("/community/search", "검색")}
            {link("/community/my/posts", "내 글")}
            {link("/community/my/comments", "내 댓글")}
            {link("/community/my/scraps", "스크랩")}
            {link("/community/notes", "쪽지")}
        </nav>
    }
}

/// The `page` in the address (from 1).
fn page_param() -> Memo<u32> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get("page").and_then(|p| p.parse().ok()).filter(|p| *p > 0).unwrap_or(1))
}

fn loading() -> impl IntoView {
    view! { <p class="loading">"불러오는 중…"</p> }
}

/// A page of posts with its page links (`query`: the other parameters to keep).
fn post_page(p: PostPage, empty: &'static str, query: String) -> AnyView {
    view! {
        <PostList posts=p.posts empty/>
        <Pager page=p.page total_pages=p.total_pages query/>
    }
    .into_any()
}

/// The frame of a list page: title, the community's links, and the list.
#[component]
fn ListPage(title: &'static str, #[prop(optional)] hint: Option<String>, children: Children) -> impl IntoView {
    view! {
        <Title text=format!("{title} - 커뮤니티")/>
        <section class="community community-list">
            <header class="community-list-head">
                <h1>{title}</h1>
                <CommunityMenu/>
            </header>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            {children()}
        </section>
    }
}

#[component]
pub fn HotPage() -> impl IntoView {
    let page = page_param();
    let data = Resource::new(move || page.get(), hot_posts);
    view! {
        <ListPage title="HOT 게시판" hint=format!("우리 학교에서 공감을 {HOT_LIKES}개 이상 받은 글이에요.")>
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => post_page(p, "아직 HOT 게시판에 오른 글이 없어요.", String::new()),
                        Err(e) => failure(e, "HOT 게시판을 보려면"),
                    }
                })}
            </Transition>
        </ListPage>
    }
}

#[component]
pub fn BestPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| best_posts());
    view! {
        <ListPage title="BEST 게시판" hint="최근 7일 동안 공감을 가장 많이 받은 글이에요.".to_owned()>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(posts) => view! { <PostList posts empty="최근 7일 동안 공감 받은 글이 없어요."/> }.into_any(),
                        Err(e) => failure(e, "BEST 게시판을 보려면"),
                    }
                })}
            </Suspense>
        </ListPage>
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let page = page_param();
    let data = Resource::new(
        move || (q.get(), page.get()),
        |(q, page)| async move {
            if q.trim().is_empty() {
                Ok(None)
            } else {
                search_posts(q, page).await.map(Some)
            }
        },
    );
    view! {
        <ListPage title="글 검색">
            <form method="get" action="/community/search" class="inline-form community-search" role="search">
                <input
                    type="search"
                    name="q"
                    value=move || q.get()
                    aria-label="검색어"
                    placeholder="제목이나 내용의 낱말"
                    maxlength="100"
                    required
                />
                <button type="submit">"검색"</button>
            </form>
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(None) => view! { <p class="hint">"우리 학교 모든 게시판의 글을 제목과 내용으로 찾아요."</p> }.into_any(),
                        Ok(Some(p)) => {
                            let keep = format!("q={}", url_encode(&q.get_untracked()));
                            post_page(p, "찾는 글이 없어요.", keep)
                        }
                        Err(e) => failure(e, "글을 찾으려면"),
                    }
                })}
            </Transition>
        </ListPage>
    }
}

#[component]
pub fn MyPostsPage() -> impl IntoView {
    let page = page_param();
    let data = Resource::new(move || page.get(), my_posts);
    view! {
        <ListPage title="내가 쓴 글">
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => post_page(p, "아직 쓴 글이 없어요.", String::new()),
                        Err(e) => failure(e, "내가 쓴 글을 보려면"),
                    }
                })}
            </Transition>
        </ListPage>
    }
}

#[component]
pub fn MyCommentsPage() -> impl IntoView {
    let page = page_param();
    let data = Resource::new(move || page.get(), my_comments);
    view! {
        <ListPage title="내가 쓴 댓글">
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) if p.comments.is_empty() => view! { <p class="hint empty">"아직 쓴 댓글이 없어요."</p> }.into_any(),
                        Ok(p) => view! {
                            <ul class="my-comments">
                                {p.comments.into_iter().map(|c| view! { <MyCommentRow c/> }).collect_view()}
                            </ul>
                            <Pager page=p.page total_pages=p.total_pages/>
                        }.into_any(),
                        Err(e) => failure(e, "내가 쓴 댓글을 보려면"),
                    }
                })}
            </Transition>
        </ListPage>
    }
}

#[component]
fn MyCommentRow(c: MyComment) -> impl IntoView {
    let body = gone_text(c.status, "댓글").unwrap_or_else(|| c.body.clone());
    let gone = c.status != ContentStatus::Visible;
    view! {
        <li class="my-comment" data-status=c.status.as_str()>
            <a class="my-comment-post" href=format!("/community/posts/{}", c.post_id)>
                {c.post_title.clone()}
            </a>
            <p class="my-comment-body pre" class:gone=gone>
                {body}
            </p>
            <p class="my-comment-meta">
                {c.anonymous.then(|| view! { <span class="badge anon-badge">"익명"</span> })}
                <When t=c.created_at/>
            </p>
        </li>
    }
}

#[component]
pub fn MyScrapsPage() -> impl IntoView {
    let page = page_param();
    let data = Resource::new(move || page.get(), my_scraps);
    view! {
        <ListPage title="내 스크랩">
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => post_page(p, "스크랩한 글이 없어요.", String::new()),
                        Err(e) => failure(e, "스크랩을 보려면"),
                    }
                })}
            </Transition>
        </ListPage>
    }
}
