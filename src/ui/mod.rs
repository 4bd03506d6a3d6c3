//! Site-wide UI: the top bar, the landing page, the 404 and error pages.

pub mod kit;
pub mod next;
pub mod upload;

use crate::{
    account::{
        api::{me, Logout},
        model::Role,
    },
    error::AppError,
    hompy::{
        api::list_homes,
        model::{minimi_src, HompySummary},
        ui::SurfButton,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_location};

#[component]
pub fn TopBar() -> impl IntoView {
    let (open, set_open) = signal(false);
    // Close the phone menu whenever the page changes.
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        set_open.set(false);
    });
    view! {
        <header class="topbar">
            <a class="logo" href="/">
                "minihompy"
                <span class="logo-sub">"미니홈피"</span>
            </a>
            <button
                type="button"
                class="menu-toggle"
                aria-label="메뉴"
                aria-controls="topnav"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| set_open.update(|o| *o = !*o)
            >
                "☰"
            </button>
            // Any tap inside the menu (a link, even to this page, or a button) closes it.
            <nav id="topnav" class="topnav" class:open=move || open.get() on:click=move |_| set_open.set(false)>
                <A href="/">"둘러보기"</A>
                <A href="/search">"회원 찾기"</A>
                <SurfButton/>
                <UserMenu/>
            </nav>
        </header>
    }
}

/// Login and signup links, or the signed-in member with 내 정보, 관리자 and 로그아웃.
#[component]
fn UserMenu() -> impl IntoView {
    let user = Resource::new(|| (), |_| me());
    // Created here, next to `me`, not inside the Suspend below: resources created while
    // another one resolves get different ids on the server and in the browser.
    let pending = Resource::new(|| (), |_| crate::ilchon::api::pending_ilchon_count());
    let unread = crate::chat::ui::unread_total();
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            let _ = window().location().set_href("/");
        }
    });
    view! {
        <Transition>
            {move || Suspend::new(async move {
                let pending = pending.await.unwrap_or(0);
                let unread = unread.await.unwrap_or(0);
                match user.await.ok().flatten() {
                    Some(u) => view! {
                        <a class="my-hompy" href=format!("/hompy/{}", u.id)>"내 미니홈피"</a>
                        <crate::chat::ui::ChatLink count=unread/>
                        <crate::ilchon::ui::PendingBadge count=pending/>
                        <a class="me" href="/account">{format!("{}님", u.nickname)}</a>
                        {(u.role == Role::Admin).then(|| view! { <a href="/admin">"관리자"</a> })}
                        <button type="button" class="secondary logout" on:click=move |_| { logout.dispatch(Logout {}); }>"로그아웃"</button>
                    }.into_any(),
                    None => view! {
                        <a href="/login">"로그인"</a>
                        <a href="/signup">"회원가입"</a>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn Landing() -> impl IntoView {
    let homes = Resource::new(|| (), |_| list_homes());
    view! {
        <Title text="minihompy - 추억의 미니홈피"/>
        <section class="hero">
            <h1>"추억의 미니홈피, 다시 시작해요"</h1>
            <p>"다이어리, 사진첩, 방명록, 그리고 일촌. 나만의 작은 홈페이지를 꾸미고 친구네 홈피로 파도를 타 보세요."</p>
            <SurfButton/>
        </section>
        <section class="home-list">
            <h2>"새로 꾸며진 미니홈피"</h2>
            <Suspense fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
                {move || Suspend::new(async move {
                    match homes.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p class="hint">"아직 미니홈피가 없어요."</p> }.into_any()
                        }
                        Ok(list) => {
                            view! {
                                <ul class="home-grid">
                                    {list.into_iter().map(|h| view! { <HomeCard h/> }).collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn HomeCard(h: HompySummary) -> impl IntoView {
    view! {
        <li class="home-card">
            <a href=format!("/hompy/{}", h.user_id)>
                <img src=minimi_src(&h.minimi) alt=format!("{}의 미니미", h.nickname) width="64" height="80"/>
                <span class="home-card-title">{h.title.clone()}</span>
                <span class="home-card-nick">{h.nickname.clone()}</span>
            </a>
        </li>
    }
}

/// Text for `<Title>`: leptos_meta writes the title into the server's HTML unescaped, so
/// stored text (a homepage title) is escaped there; the browser sets `document.title`,
/// which needs no escaping.
pub fn title_text(s: &str) -> String {
    if cfg!(feature = "ssr") {
        s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    } else {
        s.to_owned()
    }
}

/// Renders an error for people, and gives the page the error's HTTP status.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::error::set_page_status(error.status);
    let heading = match error.status {
        404 => "페이지를 찾을 수 없어요",
        400..=499 => "요청을 처리할 수 없어요",
        _ => "문제가 발생했어요",
    };
    view! {
        <Title text=heading/>
        <section class="error-page" data-status=error.status>
            <p class="error-status">{error.status}</p>
            <h1>{heading}</h1>
            <p class="error-message">{error.message.clone()}</p>
            <a class="button" href="/">"처음으로"</a>
        </section>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <ErrorPage error=AppError::not_found("PAGE_NOT_FOUND", "주소가 바뀌었거나 없어진 페이지예요.")/>
    }
}

/// Percent-encodes a query value (everything but unreserved characters).
pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
