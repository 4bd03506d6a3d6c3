//! The 채팅 pages: my rooms (live), starting a chat, and the room view.

mod browser;
mod message;
mod room;
mod voice;

use super::{
    api::{get_chat_room, get_chat_rooms, get_chat_unread, open_chat},
    model::{RoomSummary, ServerEvent},
    socket,
};
use crate::{
    hompy::{api::search_members, model::minimi_src},
    ui::kit::{time::month_day_clock, Avatar, ErrorMessage, ErrorPage, FormError, LoginPrompt},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

/// Another area's button a room shows in its header, given (room id, the other member's
/// id, their nickname): the composition (`app.rs`) passes the call area's 영상통화 button.
pub type RoomButton = Callback<(String, u64, String), AnyView>;

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

/// `/chat/:room`: the room, with my rooms beside it on wide screens; a `RoomButton` in
/// context (the composition provides the call button) shows in the room's header.
#[component]
pub fn ChatRoomPage() -> impl IntoView {
    let call_button = use_context::<RoomButton>();
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
                            Ok(v) => view! { <room::Conversation v call_button/> }.into_any(),
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
                    Err(error) => view! { <FormError error=Some(error)/> }.into_any(),
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
                    <Avatar photo=r.other_photo.clone() minimi=minimi_src(&r.other_minimi) name=r.other_nickname.clone() class="chat-avatar" minimi_class="minimi"/>
                    {r.other_online.then(|| view! { <span class="online-dot" title="접속 중"></span> })}
                </span>
                <span class="room-text">
                    <span class="room-name">{r.other_nickname.clone()}</span>
                    <span class="room-last">{r.last_text.clone().unwrap_or_default()}</span>
                </span>
                <span class="room-side">
                    <time class="room-time">{r.last_at.map(month_day_clock).unwrap_or_default()}</time>
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
                            <Avatar photo=h.profile_img.clone() minimi=minimi_src(&h.minimi) name=h.nickname.clone() class="chat-avatar" minimi_class="minimi"/>
                            <span class="room-name">{h.nickname.clone()}</span>
                            <ChatButton other=h.user_id/>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any(),
            Err(m) => view! { <ErrorMessage message=Some(m)/> }.into_any(),
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
