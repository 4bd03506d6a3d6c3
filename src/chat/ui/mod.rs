//! The 채팅 pages: my rooms (live), starting a chat, and the room view.

mod room;
pub mod socket;
mod voice;

use super::{
    api::{get_chat_room, get_chat_rooms, get_chat_unread, open_chat},
    model::{RoomSummary, ServerEvent},
};
use crate::{
    hompy::{api::search_members, model::minimi_src},
    ui::{kit::LoginPrompt, ErrorPage},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::kst::from_millis as kst;

/// "15:04"
pub(crate) fn clock(ms: i64) -> String {
    kst(ms).format("%H:%M").to_string()
}

/// "11.22 15:04" (the same on the server and in the browser, so pages hydrate cleanly).
fn stamp(ms: i64) -> String {
    kst(ms).format("%m.%d %H:%M").to_string()
}

/// "2026년 11월 22일 일요일"
pub(crate) fn day_label(ms: i64) -> String {
    use chrono::Datelike;
    let d = kst(ms);
    let wd = ["월", "화", "수", "목", "금", "토", "일"][d.weekday().num_days_from_monday() as usize];
    format!("{}년 {}월 {}일 {wd}요일", d.year(), d.month(), d.day())
}

#[component]
pub(crate) fn Avatar(photo: Option<String>, minimi: String, name: String) -> impl IntoView {
    match photo {
        Some(src) => view! { <img class="chat-avatar" src=src alt=format!("{name}의 사진")/> }.into_any(),
        None => view! { <img class="chat-avatar minimi" src=minimi_src(&minimi) alt=format!("{name}의 미니미")/> }.into_any(),
    }
}

/// `/chat`: my rooms and "start a chat".
#[component]
pub fn ChatPage() -> impl IntoView {
    view! {
        <Title text="채팅 - minihompy"/>
        <div class="chat-layout">
            <aside class="chat-side">
                <RoomList active=None/>
            </aside>
            <section class="chat-main chat-empty">
                <p class="hint">"대화방을 고르거나 새 대화를 시작해 보세요."</p>
            </section>
        </div>
    }
}

/// `/chat/:room`: the room, with my rooms beside it on wide screens.
#[component]
pub fn ChatRoomPage() -> impl IntoView {
    let params = use_params_map();
    let room = move || params.read().get("room").unwrap_or_default();
    let view = Resource::new(room, get_chat_room);
    view! {
        <Title text="채팅 - minihompy"/>
        <div class="chat-layout in-room">
            <aside class="chat-side">
                <RoomList active=Some(Signal::derive(room))/>
            </aside>
            <section class="chat-main">
                <Suspense fallback=|| view! { <p class="loading">"대화를 불러오는 중…"</p> }>
                    {move || Suspend::new(async move {
                        match view.await {
                            Ok(v) => view! { <room::Conversation v/> }.into_any(),
                            Err(e) if e.status == 401 => view! { <LoginPrompt what="채팅을 하려면"/> }.into_any(),
                            Err(error) => view! { <ErrorPage error/> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </div>
    }
}

/// My rooms, newest first; refreshed whenever a message, read or presence event arrives.
#[component]
fn RoomList(active: Option<Signal<String>>) -> impl IntoView {
    let rooms = Resource::new(|| (), |_| get_chat_rooms());
    socket::listen(move |ev| {
        if matches!(ev, ServerEvent::Message { .. } | ServerEvent::Read { .. } | ServerEvent::Presence { .. } | ServerEvent::Hello { .. }) {
            rooms.refetch();
        }
    });
    view! {
        <StartChat/>
        <h2 class="chat-side-title">"대화방"</h2>
        <Transition fallback=|| view! { <p class="loading">"불러오는 중…"</p> }>
            {move || Suspend::new(async move {
                match rooms.await {
                    Ok(list) if list.is_empty() => view! { <p class="hint">"아직 대화가 없어요."</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="room-list" data-testid="room-list">
                            {list.into_iter().map(|r| view! { <RoomItem r active/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) if e.status == 401 => view! { <LoginPrompt what="채팅을 하려면"/> }.into_any(),
                    Err(error) => view! { <p class="form-error">{error.message}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RoomItem(r: RoomSummary, active: Option<Signal<String>>) -> impl IntoView {
    let id = r.room_id.clone();
    let is_active = move || active.is_some_and(|a| a.get() == id);
    view! {
        <li class="room-item" class:active=is_active data-room=r.room_id.clone()>
            <a href=format!("/chat/{}", r.room_id)>
                <span class="avatar-wrap">
                    <Avatar photo=r.other_photo.clone() minimi=r.other_minimi.clone() name=r.other_nickname.clone()/>
                    {r.other_online.then(|| view! { <span class="online-dot" title="접속 중"></span> })}
                </span>
                <span class="room-text">
                    <span class="room-name">{r.other_nickname.clone()}</span>
                    <span class="room-last">{r.last_text.clone().unwrap_or_default()}</span>
                </span>
                <span class="room-side">
                    <time class="room-time">{r.last_at.map(stamp).unwrap_or_default()}</time>
                    {(r.unread > 0).then(|| view! { <span class="badge room-unread" data-testid="room-unread">{r.unread}</span> })}
                </span>
            </a>
        </li>
    }
}

/// Find a member (name, nickname or exact email) and open the room with them.
#[component]
fn StartChat() -> impl IntoView {
    let query = RwSignal::new(String::new());
    let hits = RwSignal::new(None::<Result<Vec<crate::hompy::model::SearchHit>, String>>);
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked();
        if q.trim().is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            hits.set(Some(search_members(q, 1).await.map(|p| p.hits).map_err(|e| e.message)));
        });
    };
    view! {
        <form class="chat-search" on:submit=search role="search">
            <input type="search" placeholder="이름, 닉네임, 이메일" aria-label="대화할 회원 찾기"
                bind:value=query/>
            <button type="submit">"찾기"</button>
        </form>
        {move || hits.get().map(|r| match r {
            Ok(list) if list.is_empty() => view! { <p class="hint">"찾는 회원이 없어요."</p> }.into_any(),
            Ok(list) => view! {
                <ul class="chat-hits">
                    {list.into_iter().map(|h| view! {
                        <li>
                            <Avatar photo=h.profile_img.clone() minimi=h.minimi.clone() name=h.nickname.clone()/>
                            <span class="room-name">{h.nickname.clone()}</span>
                            <ChatButton other=h.user_id/>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any(),
            Err(m) => view! { <p class="form-error">{m}</p> }.into_any(),
        })}
    }
}

/// "채팅하기": opens (or creates) the room with `other` and goes there.
#[component]
pub fn ChatButton(other: u64) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let go = move |_| {
        let navigate = use_navigate();
        leptos::task::spawn_local(async move {
            match open_chat(other).await {
                Ok(room) => navigate(&format!("/chat/{room}"), Default::default()),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <button type="button" class="chat-button" on:click=go>"💬 채팅하기"</button>
        {move || error.get().map(|m| view! { <span class="form-error">{m}</span> })}
    }
}

/// The top bar's "채팅" link with my unread total; opens the tab's socket (signed in).
#[component]
pub fn ChatLink(count: i64) -> impl IntoView {
    socket::start();
    view! {
        <a class="chat-link" href="/chat">
            "채팅"
            {(count > 0).then(|| view! { <span class="badge" data-testid="chat-unread">{count}</span> })}
        </a>
    }
}

/// The unread total, refetched whenever a message or a read receipt arrives (create it
/// at a component's top level, not inside another resource's Suspend).
pub fn unread_total() -> Resource<Result<i64, crate::error::AppError>> {
    let unread = Resource::new(|| (), |_| get_chat_unread());
    socket::listen(move |ev| {
        if matches!(ev, ServerEvent::Message { .. } | ServerEvent::Read { .. } | ServerEvent::Hello { .. }) {
            unread.refetch();
        }
    });
    unread
}
