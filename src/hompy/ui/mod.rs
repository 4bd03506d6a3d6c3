//! Pages of the mini-homepage: the classic frame (profile panel left, tabbed content right).

use super::{
    api::{get_hompy, RandomHome},
    model::{minimi_src, HompySummary},
};
use crate::{error::AppError, ui::ErrorPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Home,
    Profile,
}

#[component]
pub fn HompyHomePage() -> impl IntoView {
    view! { <HompyPage tab=Tab::Home/> }
}

#[component]
pub fn HompyProfilePage() -> impl IntoView {
    view! { <HompyPage tab=Tab::Profile/> }
}

#[component]
fn HompyPage(tab: Tab) -> impl IntoView {
    let params = use_params_map();
    let owner = move || params.read().get("id").and_then(|s| s.parse::<u64>().ok());
    let hompy = Resource::new(owner, |owner| async move {
        match owner {
            Some(id) => get_hompy(id).await,
            None => Err(AppError::not_found("HOMPY_NOT_FOUND", "미니홈피 주소가 올바르지 않습니다.")),
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="loading">"미니홈피를 여는 중…"</p> }>
            {move || Suspend::new(async move {
                match hompy.await {
                    Ok(h) => view! { <HompyFrame h tab/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn HompyFrame(h: HompySummary, tab: Tab) -> impl IntoView {
    let base = format!("/hompy/{}", h.user_id);
    let content = match tab {
        Tab::Home => view! { <MiniRoom h=h.clone()/> }.into_any(),
        Tab::Profile => view! { <ProfileTab h=h.clone()/> }.into_any(),
    };
    view! {
        <Title text=h.title.clone()/>
        <div class="hompy" data-owner=h.user_id>
            <aside class="hompy-left">
                <img class="hompy-minimi" src=minimi_src(&h.minimi) alt=format!("{}의 미니미", h.nickname)/>
                <p class="hompy-nickname">{h.nickname.clone()}</p>
                <p class="hompy-intro">{h.intro.clone()}</p>
                <SurfButton from=h.user_id/>
            </aside>
            <section class="hompy-right">
                <h1 class="hompy-title">{h.title.clone()}</h1>
                <nav class="hompy-tabs" aria-label="미니홈피 메뉴">
                    <a href=base.clone() class:active={tab == Tab::Home}>"홈"</a>
                    <a href=format!("{base}/profile") class:active={tab == Tab::Profile}>"프로필"</a>
                </nav>
                <div class="hompy-content">{content}</div>
            </section>
        </div>
    }
}

/// The 미니룸: the owner's 미니미 in a little room.
#[component]
fn MiniRoom(h: HompySummary) -> impl IntoView {
    view! {
        <div class="miniroom" role="img" aria-label=format!("{}의 미니룸", h.nickname)>
            <div class="miniroom-window"></div>
            <img class="miniroom-minimi" src=minimi_src(&h.minimi) alt=""/>
        </div>
        <p class="miniroom-caption">{format!("{}님의 미니룸에 오신 것을 환영해요!", h.nickname)}</p>
    }
}

#[component]
fn ProfileTab(h: HompySummary) -> impl IntoView {
    view! {
        <dl class="profile-list">
            <dt>"닉네임"</dt>
            <dd>{h.nickname.clone()}</dd>
            <dt>"소개"</dt>
            <dd>{h.intro.clone()}</dd>
            <dt>"가입일"</dt>
            <dd>{h.joined_at.format("%Y년 %m월 %d일").to_string()}</dd>
        </dl>
    }
}

/// 파도타기: jump to a random home (needs the app hydrated: it calls the server and navigates).
#[component]
pub fn SurfButton(#[prop(optional)] from: Option<u64>) -> impl IntoView {
    let surf = ServerAction::<RandomHome>::new();
    let navigate = use_navigate();
    let (empty, set_empty) = signal(false);
    Effect::new(move |_| match surf.value().get() {
        Some(Ok(Some(id))) => navigate(&format!("/hompy/{id}"), Default::default()),
        Some(Ok(None)) => set_empty.set(true),
        _ => {}
    });
    view! {
        <button
            type="button"
            class="surf-button"
            disabled=move || surf.pending().get()
            on:click=move |_| {
                surf.dispatch(RandomHome { exclude: from });
            }
        >
            "🌊 파도타기"
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
