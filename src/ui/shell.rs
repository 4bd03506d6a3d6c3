//! The site shell: the top bar (with each area's links and counts), the landing page.
//! With `src/app.rs` it is the only UI code that names several areas; it puts together
//! what the areas offer (파도타기, 채팅, 일촌) and the kit's widgets.

use super::kit::{Avatar, ErrorPage};
use crate::{
    account::{
        api::Logout,
        model::{CurrentUser, Role},
    },
    board::ui::NotesBadge,
    chat::ui::{unread_total, ChatLink},
    error::AppError,
    hompy::{
        api::list_homes,
        model::{minimi_src, HompySummary},
        ui::SurfButton,
    },
    ilchon::ui::PendingBadge,
    shop::ui::DotoriBadge,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;
use serde::{Deserialize, Serialize};

#[component]
pub fn TopBar() -> impl IntoView {
    // Close the phone menu whenever the page changes (client-side navigation; an islands page
    // has none, its links load the next page).
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        set_menu(false);
    });
    // Plain links: the router handles them where the app is hydrated, and on an islands page
    // (`app::islands_page`) they load the page.
    view! {
        <header class="topbar">
            <a class="logo" href="/">
                "minihompy"
                <span class="logo-sub">"미니홈피"</span>
            </a>
            <MenuToggle/>
            <nav id="topnav" class="topnav">
                <a href="/">"둘러보기"</a>
                <a href="/search">"회원 찾기"</a>
                <a href="/shop">"선물가게"</a>
                <a href="/community">"커뮤니티"</a>
                <a href="/timetable">"시간표"</a>
                <a href="/ledger">"가계부"</a>
                <SurfButton/>
                <UserMenu/>
            </nav>
        </header>
    }
}

/// The phone menu's toggle. An island: a guest's landing page hydrates it without the app's
/// code. The menu is outside it, so it opens and closes `#topnav` by its class; any tap
/// inside the menu (a link, even to this page, or a button) closes it.
#[island]
fn MenuToggle() -> impl IntoView {
    let _ = window_event_listener(leptos::ev::click, |ev| {
        let inside = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|el| el.closest("#topnav").ok().flatten())
            .is_some();
        if inside {
            set_menu(false);
        }
    });
    view! {
        <button
            type="button"
            class="menu-toggle"
            aria-label="메뉴"
            aria-controls="topnav"
            aria-expanded="false"
            on:click=move |_| set_menu(!menu_open())
        >
            "☰"
        </button>
    }
}

fn menu_open() -> bool {
    document().get_element_by_id("topnav").is_some_and(|nav| nav.class_list().contains("open"))
}

/// Opens or closes the phone menu (a no-op on the server).
fn set_menu(open: bool) {
    #[cfg(feature = "hydrate")]
    {
        let doc = document();
        if let Some(nav) = doc.get_element_by_id("topnav") {
            let _ = nav.class_list().toggle_with_force("open", open);
        }
        if let Ok(Some(toggle)) = doc.query_selector(".menu-toggle") {
            let _ = toggle.set_attribute("aria-expanded", if open { "true" } else { "false" });
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = open;
}

/// What the top bar shows a signed-in member: who they are and three areas' counts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TopBarData {
    pub user: CurrentUser,
    /// 일촌 requests waiting for their answer.
    pub pending: i64,
    pub dotori: u32,
    /// Unread 쪽지 and notices.
    pub notes: u32,
}

/// The signed-in member and their counts (None for guests): one resource on every signed-in
/// page. The three counts (일촌 requests waiting, 도토리, unread 쪽지 and notices) are offered
/// by their areas as subqueries (`server::stores::MemberCount`) and read in the statement
/// that reads the member, this being the page's first resource to ask who is signed in; in
/// one statement of their own when another asked first. The chat count comes from chat's
/// own store.
#[server]
pub async fn top_bar() -> Result<Option<TopBarData>, AppError> {
    let wanted = [&crate::ilchon::PENDING_REQUESTS, &crate::shop::DOTORI_BALANCE, &crate::board::UNREAD_NOTES_AND_NOTICES];
    let (me, counts) = crate::account::auth::current_user_with_counts(&wanted).await?;
    let Some(me) = me else { return Ok(None) };
    let counts = match counts {
        Some(counts) => counts,
        None => {
            let state = crate::server::app_state()?;
            crate::server::stores::member_counts(&state.db, me.id(), &wanted).await?
        }
    };
    let count = |i: usize| u32::try_from(counts[i].max(0)).unwrap_or(u32::MAX);
    Ok(Some(TopBarData { user: me.current(), pending: counts[0].max(0), dotori: count(1), notes: count(2) }))
}

/// Login and signup links, or the signed-in member with 내 정보, 관리자 and 로그아웃.
#[component]
fn UserMenu() -> impl IntoView {
    let bar = Resource::new(|| (), |_| top_bar());
    // Created here, next to `top_bar`, not inside the Suspend below: resources created while
    // another one resolves get different ids on the server and in the browser.
    let unread = unread_total();
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            let _ = window().location().set_href("/");
        }
    });
    view! {
        <Transition>
            {move || Suspend::new(async move {
                let unread = unread.await.unwrap_or(0);
                match bar.await.ok().flatten() {
                    Some(TopBarData { user: u, pending, dotori, notes }) => view! {
                        <a class="my-hompy" href=format!("/hompy/{}", u.id)>"내 미니홈피"</a>
                        <DotoriBadge first=dotori/>
                        <ChatLink count=unread/>
                        <NotesBadge first=notes/>
                        <PendingBadge count=pending/>
                        {(!u.email_verified).then(|| view! {
                            // Writing what others see waits for this (403 EMAIL_NOT_VERIFIED):
                            // the verify page takes the mailed code and sends a new one.
                            <a class="verify-email" href=verify_href(&u.email)>"이메일 인증하기"</a>
                        })}
                        <a class="me" href="/account">{format!("{}님", u.nickname)}</a>
                        {(u.role == Role::Admin).then(|| view! { <a href="/admin">"관리자"</a> })}
                        {matches!(u.role, Role::Admin | Role::Staff).then(|| view! { <a href="/admin/shop">"상점 관리"</a> })}
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

/// The email verification page for `email` (query-encoded: `+` would read as a space).
fn verify_href(email: &str) -> String {
    let mut q = String::new();
    for c in email.chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '.' | '-' | '_' | '@' => q.push(c),
            c => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    q.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    format!("/signup/verify?email={q}")
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
                <Avatar minimi=minimi_src(&h.minimi) name=h.nickname.clone() size=(64, 80)/>
                <span class="home-card-title">{h.title.clone()}</span>
                <span class="home-card-nick">{h.nickname.clone()}</span>
            </a>
        </li>
    }
}
