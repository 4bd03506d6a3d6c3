//! Pages of the mini-homepage: the classic frame (profile panel on the left, tabbed
//! content on the right; one column with a tab bar on phones) and the widgets the tabs
//! share. Edit controls appear only for the owner; the server checks again anyway.

mod diary;
mod guestbook;
mod home;
mod photos;
mod profile;
mod search;

pub use search::SearchPage;

use super::{
    api::{get_hompy, RandomHome},
    model::{main_photo_src, minimi_src, Comment, HompyFrame, LikeState, Relation, Skin},
};
use crate::error::ErrorCode;
use crate::{
    error::AppError,
    ilchon::model::Pyeong,
    ui::kit::{reload_on_ok, Avatar, BgmPlayer, ErrorPage, FieldError, FormError, LoginPrompt, When},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Home,
    Profile,
    Diary,
    Photos,
    Guestbook,
}

/// What a homepage shows from other areas (their UI), provided as context by the
/// composition (`app.rs`): an area's UI never names another's.
#[derive(Clone, Copy)]
pub struct Parts {
    /// 일촌 신청/수락/끊기 in the frame, given the frame and its reload counter.
    pub ilchon_button: Callback<(HompyFrame, RwSignal<u32>), AnyView>,
    /// "채팅하기" with the owner (shown to other signed-in members).
    pub chat_button: Callback<u64, AnyView>,
    /// 차단하기 / 차단 해제 of the owner (shown to other signed-in members), given whether
    /// the viewer blocked them.
    pub block_button: Callback<(u64, bool), AnyView>,
    /// The 일촌평 box of the home tab: (owner, relation, notes, the tab's reload counter).
    pub pyeong_box: Callback<(u64, Relation, Vec<Pyeong>, RwSignal<u32>), AnyView>,
}

/// A tab's content, given its frame, the frame's reload counter and the other areas'
/// parts. Each page names only its own tab, so with lazy routes a tab's code is in its
/// page's chunk and arrives when that page is first opened.
type TabBody = fn(&HompyFrame, RwSignal<u32>, Parts) -> AnyView;

#[component]
pub fn HompyHomePage() -> impl IntoView {
    fn body(f: &HompyFrame, _reload: RwSignal<u32>, parts: Parts) -> AnyView {
        let h = &f.summary;
        view! {
            <home::HomeTabView owner=h.user_id relation=f.relation minimi=h.minimi.clone() nickname=h.nickname.clone()
                ilchons=f.ilchons.clone() pyeong_box=parts.pyeong_box/>
        }
        .into_any()
    }
    let reload = provide_tab_data(|| (), |owner, ()| super::api::get_home_tab(owner));
    view! { <HompyPage tab=Tab::Home body reload/> }
}

/// The homepage's owner, from the address (`None` when it is not a number).
fn owner_param() -> Signal<Option<u64>> {
    let params = use_params_map();
    Signal::derive(move || params.read().get("id").and_then(|s| s.parse::<u64>().ok()))
}

/// The answer for an address whose owner is not a number (the frame's and the tab's).
fn bad_address() -> AppError {
    AppError::not_found(ErrorCode::HompyNotFound, "미니홈피 주소가 올바르지 않습니다.")
}

/// The list page the address asks for (`?page=`, from 1).
fn page_of(q: &leptos_router::params::ParamsMap) -> u32 {
    q.get("page").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1)
}

/// A tab's data and the counter its writes bump to reload it.
pub(super) struct TabData<T: Send + Sync + 'static> {
    pub data: Resource<Result<T, AppError>>,
    pub version: RwSignal<u32>,
}

impl<T: Send + Sync + 'static> Clone for TabData<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for TabData<T> {}

/// Asks for a tab's data (given the owner and what the address adds, like the page) and
/// provides it to the tab's view; returns the frame's reload counter, which reloads the
/// tab's data too. A tab page calls this beside the frame, not inside it:
/// Leptos builds a `Suspense`'s children twice on the server (once more after the frame has
/// loaded, to look for resources it did not know of, then to render), so a resource made in
/// the tab's view was made twice, and both were written into the page for the browser
/// (docs/design/render-speed.md). Made here, it is made once, and it loads beside the frame.
fn provide_tab_data<K, T, Fut>(
    key: impl Fn() -> K + Send + Sync + 'static,
    fetch: impl Fn(u64, K) -> Fut + Send + Sync + 'static,
) -> RwSignal<u32>
where
    K: PartialEq + Clone + Send + Sync + 'static,
    T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    let owner = owner_param();
    let version = RwSignal::new(0u32);
    let reload = RwSignal::new(0u32);
    let data = Resource::new(
        move || (owner.get(), key(), version.get(), reload.get()),
        move |(owner, key, _, _)| {
            let fetched = owner.map(|owner| fetch(owner, key));
            async move {
                match fetched {
                    Some(fetched) => fetched.await,
                    None => Err(bad_address()),
                }
            }
        },
    );
    provide_context(TabData { data, version });
    reload
}

fn tab_data<T: Send + Sync + 'static>() -> TabData<T> {
    expect_context::<TabData<T>>()
}

#[component]
pub fn HompyProfilePage() -> impl IntoView {
    fn body(f: &HompyFrame, reload: RwSignal<u32>, _parts: Parts) -> AnyView {
        view! { <profile::ProfileTabView h=f.summary.clone() relation=f.relation reload/> }.into_any()
    }
    let reload = provide_tab_data(|| (), |owner, ()| super::api::get_profile_tab(owner));
    view! { <HompyPage tab=Tab::Profile body reload/> }
}

#[component]
pub fn HompyDiaryPage() -> impl IntoView {
    fn body(f: &HompyFrame, _reload: RwSignal<u32>, _parts: Parts) -> AnyView {
        view! { <diary::DiaryTab owner=f.summary.user_id relation=f.relation/> }.into_any()
    }
    let query = use_query_map();
    let reload = provide_tab_data(
        move || {
            let q = query.read();
            (page_of(&q), q.get("month").unwrap_or_default(), q.get("day").unwrap_or_default())
        },
        |owner, (page, month, day)| super::api::get_diary_page(owner, page, month, day),
    );
    view! { <HompyPage tab=Tab::Diary body reload/> }
}

#[component]
pub fn HompyPhotosPage() -> impl IntoView {
    fn body(f: &HompyFrame, _reload: RwSignal<u32>, _parts: Parts) -> AnyView {
        view! { <photos::PhotosTab owner=f.summary.user_id relation=f.relation/> }.into_any()
    }
    let query = use_query_map();
    let reload = provide_tab_data(
        move || {
            let q = query.read();
            (q.get("folder").unwrap_or_default(), page_of(&q))
        },
        |owner, (folder, page)| super::api::get_photo_page(owner, folder, page),
    );
    view! { <HompyPage tab=Tab::Photos body reload/> }
}

#[component]
pub fn HompyGuestbookPage() -> impl IntoView {
    fn body(f: &HompyFrame, _reload: RwSignal<u32>, _parts: Parts) -> AnyView {
        view! { <guestbook::GuestbookTab owner=f.summary.user_id relation=f.relation/> }.into_any()
    }
    let query = use_query_map();
    let reload = provide_tab_data(move || page_of(&query.read()), super::api::get_guestbook_page);
    view! { <HompyPage tab=Tab::Guestbook body reload/> }
}

#[component]
fn HompyPage(
    tab: Tab,
    body: TabBody,
    /// Bumped after changes that show in the frame (일촌, title, photo); the tab's data
    /// reloads with it (a new 일촌 may read more; a new title is in the profile's history).
    reload: RwSignal<u32>,
) -> impl IntoView {
    let parts = use_context::<Parts>().expect("the composition provides the homepage's Parts");
    let owner = owner_param();
    crate::ui::kit::provide_page_owner();
    let frame = Resource::new(
        move || (owner.get(), reload.get()),
        |(owner, _)| async move {
            match owner {
                Some(id) => get_hompy(id).await,
                None => Err(bad_address()),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"미니홈피를 여는 중…"</p> }>
            {move || Suspend::new(async move {
                match frame.await {
                    Ok(f) => view! { <Frame f tab body reload parts/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Frame(f: HompyFrame, tab: Tab, body: TabBody, reload: RwSignal<u32>, parts: Parts) -> impl IntoView {
    let h = f.summary.clone();
    let owner = h.user_id;
    let base = format!("/hompy/{owner}");
    let relation = f.relation;
    let content = body(&f, reload, parts);
    let tab_link = move |t: Tab, path: &str, label: &'static str| {
        let href = format!("{base}{path}");
        view! { <a href=href class:active=tab == t aria-current=(tab == t).then_some("page")>{label}</a> }
    };
    let ilchon_count = f.ilchons.len();
    let skin = f.skin.clone();
    let tracks: Vec<(String, String)> = f.bgm.iter().map(|t| (t.title.clone(), t.src.clone())).collect();
    view! {
        <Title text=crate::ui::kit::title_text(&h.title)/>
        <div class="hompy" class:skinned=skin.is_some() style=skin.as_ref().map(Skin::style) data-owner=owner data-relation=format!("{relation:?}")>
            <aside class="hompy-left">
                <p class="counter">
                    "TODAY " <b class="today" data-testid="today">{f.today}</b>
                    " | TOTAL " <b class="total" data-testid="total">{f.total}</b>
                </p>
                <Avatar photo=h.main_photo.as_deref().map(main_photo_src) minimi=minimi_src(&h.minimi) name=h.nickname.clone()
                    class="hompy-photo" minimi_class="placeholder" photo_word="대표 사진"/>
                <p class="hompy-intro">{h.intro.clone()}</p>
                <p class="hompy-nickname">{h.nickname.clone()}</p>
                <BgmPlayer owner tracks/>
                <p class="ilchon-count">"일촌 " <b>{ilchon_count}</b> "명"</p>
                {parts.ilchon_button.run((f.clone(), reload))}
                {f.viewer_id.filter(|v| *v != owner).map(|_| parts.chat_button.run(owner))}
                {f.viewer_id.filter(|v| *v != owner).map(|_| parts.block_button.run((owner, f.blocked_by_me)))}
                <Pado owner ilchons=f.ilchons.clone()/>
            </aside>
            <section class="hompy-right">
                <h1 class="hompy-title">{h.title.clone()}</h1>
                <nav class="hompy-tabs" aria-label="미니홈피 메뉴">
                    {tab_link(Tab::Home, "", "홈")}
                    {tab_link(Tab::Profile, "/profile", "프로필")}
                    {tab_link(Tab::Diary, "/diary", "다이어리")}
                    {tab_link(Tab::Photos, "/photos", "사진첩")}
                    {tab_link(Tab::Guestbook, "/guestbook", "방명록")}
                </nav>
                <div class="hompy-content">{content}</div>
            </section>
        </div>
    }
}

/// 파도타기: the owner's 일촌 to jump to, and a random jump.
#[component]
fn Pado(owner: u64, ilchons: Vec<crate::ilchon::model::IlchonLink>) -> impl IntoView {
    let empty = ilchons.is_empty();
    view! {
        <details class="pado">
            <summary>"🌊 파도타기"</summary>
            {if empty {
                view! { <p class="hint">"아직 일촌이 없어요."</p> }.into_any()
            } else {
                view! {
                    <ul class="pado-list">
                        {ilchons.into_iter().map(|i| view! {
                            <li><a href=format!("/hompy/{}", i.user_id)>{format!("{} ({})", i.name, i.nickname)}</a></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </details>
        <SurfButton from=owner label="랜덤 파도타기"/>
    }
}

/// 파도타기: jump to a random 일촌 of `from` (or of me), or a random home. An island: the
/// top bar and the landing page show it to guests, whose first page hydrates only islands.
#[island]
pub fn SurfButton(#[prop(optional)] from: Option<u64>, #[prop(optional, into)] label: Option<String>) -> impl IntoView {
    let surf = crate::ui::kit::page_action::<RandomHome>();
    let navigate = crate::ui::kit::navigator();
    let (empty, set_empty) = signal(false);
    Effect::new(move |_| match surf.value().get() {
        Some(Ok(Some(id))) => navigate(&format!("/hompy/{id}")),
        Some(Ok(None)) => set_empty.set(true),
        _ => {}
    });
    view! {
        <button
            type="button"
            class="surf-button"
            disabled=move || surf.pending().get()
            on:click=move |_| {
                surf.dispatch(RandomHome { from });
            }
        >
            {label.unwrap_or_else(|| "🌊 파도타기".to_owned())}
        </button>
        <Show when=move || empty.get()>
            <p class="hint">"아직 놀러 갈 미니홈피가 없어요."</p>
        </Show>
        {move || {
            surf.value()
                .get()
                .and_then(|r| r.err())
                .map(|e| view! { <p class="error-text" role="alert">{e.message}</p> })
        }}
    }
}

/// A like toggle that shows the server's count.
#[component]
pub(crate) fn LikeButton(kind: &'static str, id: u64, state: LikeState, enabled: bool) -> impl IntoView {
    let like = RwSignal::new(state);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let click = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match super::api::toggle_like(kind.to_owned(), id).await {
                Ok(s) => {
                    like.set(s);
                    error.set(None);
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <button
            type="button"
            class="like-button"
            class:liked=move || like.get().liked
            aria-pressed=move || like.get().liked.to_string()
            disabled=move || !enabled || busy.get()
            title=if enabled { "좋아요" } else { "로그인하면 좋아요를 누를 수 있어요" }
            on:click=click
        >
            {move || if like.get().liked { "♥ " } else { "♡ " }}
            <span class="like-count">{move || like.get().count}</span>
        </button>
        {move || error.get().map(|m| view! { <span class="error-text" role="alert">{m}</span> })}
    }
}

/// Comments under a diary entry or photo post, with the form to add one.
#[component]
pub(crate) fn Comments(
    kind: &'static str,
    target_id: u64,
    comments: Vec<Comment>,
    version: RwSignal<u32>,
    signed_in: bool,
) -> impl IntoView {
    use leptos::form::ActionForm;
    let add = crate::ui::kit::page_action::<super::api::AddComment>();
    let delete = crate::ui::kit::page_action::<super::api::DeleteComment>();
    reload_on_ok(add, version);
    reload_on_ok(delete, version);
    let error = Signal::derive(move || add.value().get().and_then(|r| r.err()).or_else(|| delete.value().get().and_then(|r| r.err())));
    view! {
        <div class="comments">
            <ul class="comment-list">
                {comments.into_iter().map(|c| {
                    let id = c.id;
                    view! {
                        <li class="comment" class:deleted=c.body.is_none()>
                            {match c.body.clone() {
                                Some(body) => view! {
                                    <a class="comment-writer" href=format!("/hompy/{}", c.writer_id)>{c.writer_nickname.clone()}</a>
                                    <span class="comment-body">{body}</span>
                                    <When t=c.created_at/>
                                }.into_any(),
                                None => view! { <span class="comment-body">"삭제된 댓글입니다"</span> }.into_any(),
                            }}
                            {c.can_delete.then(|| view! {
                                <button type="button" class="link-button" on:click=move |_| { delete.dispatch(super::api::DeleteComment { id }); }>"삭제"</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {if signed_in {
                view! {
                    <ActionForm action=add attr:class="comment-form">
                        <input type="hidden" name="kind" value=kind/>
                        <input type="hidden" name="target_id" value=target_id/>
                        <input type="text" name="body" maxlength="300" placeholder="댓글 쓰기" aria-label="댓글" required/>
                        <button type="submit">"등록"</button>
                    </ActionForm>
                    <FieldError error field="body"/>
                    <FormError error/>
                }.into_any()
            } else {
                view! { <LoginPrompt what="댓글을 쓰려면"/> }.into_any()
            }}
        </div>
    }
}

/// Owner-only badge of who may read an entry.
#[component]
pub(crate) fn VisibilityBadge(v: super::model::Visibility) -> impl IntoView {
    view! { <span class="badge visibility" data-visibility=v.as_str()>{v.label()}</span> }
}

/// The three visibility choices as a select named `visibility`.
#[component]
pub(crate) fn VisibilitySelect(#[prop(optional)] selected: Option<super::model::Visibility>) -> impl IntoView {
    let selected = selected.unwrap_or(super::model::Visibility::Public);
    view! {
        <label>
            "공개 범위"
            <select name="visibility">
                {super::model::Visibility::ALL.into_iter().map(|v| view! {
                    <option value=v.as_str() selected=v == selected>{v.label()}</option>
                }).collect_view()}
            </select>
        </label>
    }
}
