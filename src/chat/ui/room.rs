//! One room: messages with day separators and read markers, pending → sent, catching up
//! after a reconnect, scrolling back through history, typing, presence and blocking.

use super::{
    browser::{new_client_id, now_ms, page_visible},
    message::{last_in_line, merge, MessageItem},
    voice::VoiceRecorder,
    RoomButton,
};
use crate::{
    chat::{
        api::{get_chat_messages, read_chat, set_chat_block},
        model::{ChatMessage, ClientEvent, RoomView, ServerEvent, TEXT_MAX},
        socket,
    },
    error::ErrorCode,
    hompy::model::minimi_src,
    ui::kit::{time::day_label, Avatar, ErrorMessage},
};
use leptos::{html, prelude::*};

/// A message typed here that the server has not acknowledged yet.
#[derive(Clone, PartialEq)]
struct Pending {
    client_id: String,
    text: String,
    /// When it last went out (ms); resent when unanswered for a while.
    sent_at: f64,
    /// Refused for good (blocked, too long…), with the reason.
    failed: Option<String>,
}

/// Milliseconds an unacknowledged message waits before it goes out again.
const RESEND_AFTER_MS: f64 = 4000.0;
const PAGE: usize = 30;

/// The room; `call_button` (from the composition) shows in the header.
#[component]
pub fn Conversation(v: RoomView, call_button: Option<RoomButton>) -> impl IntoView {
    let RoomView { room, me, messages } = v;
    let room_id = StoredValue::new(room.room_id.clone());
    let other = room.other_id;
    let other_name = room.other_nickname.clone();
    let has_more = RwSignal::new(messages.len() >= PAGE);
    // The seq up to which this page holds every message. A catch-up starts from here, not
    // from the last seq on screen: messages that arrive live after a missed stretch (the
    // instance's Redis link was down, a catch-up was refused) would hide that stretch.
    let synced = StoredValue::new(messages.last().map(|m| m.seq).unwrap_or(0));
    // When to try a refused catch-up again (the clock below does).
    let catch_up_again = StoredValue::new(None::<f64>);
    let msgs = RwSignal::new(messages);
    let pending = RwSignal::new(Vec::<Pending>::new());
    let other_read = RwSignal::new(room.other_read_seq);
    let online = RwSignal::new(room.other_online);
    // Presence events seen: a room read sent before the latest one answers an older state.
    let presence_seen = StoredValue::new(0u64);
    let typing_until = RwSignal::new(0.0f64);
    let now = RwSignal::new(0.0f64);
    let cooldown_until = RwSignal::new(0.0f64);
    let notice = RwSignal::new(None::<String>);
    let blocked_by_me = RwSignal::new(room.blocked_by_me);
    let blocked_me = room.blocked_me;
    let text = RwSignal::new(String::new());
    let loading_older = RwSignal::new(false);
    let last_typing = StoredValue::new(0.0f64);
    let list_ref = NodeRef::<html::Div>::new();

    let scroll_to_bottom = move || {
        if let Some(el) = list_ref.get_untracked() {
            request_animation_frame(move || el.set_scroll_top(el.scroll_height()));
        }
    };
    let near_bottom = move || list_ref.get_untracked().is_none_or(|el| el.scroll_height() - el.scroll_top() - el.client_height() < 120);
    let mark_read = move || {
        leptos::task::spawn_local(async move {
            let _ = read_chat(room_id.get_value()).await;
        });
    };
    // Sends what is pending and due: everything on `force` (after a reconnect), else what
    // has waited RESEND_AFTER_MS. The client id makes a repeat harmless.
    let flush = move |force: bool| {
        let t = now_ms();
        if t < cooldown_until.get_untracked() {
            return;
        }
        pending.update(|list| {
            for p in list.iter_mut().filter(|p| p.failed.is_none() && (force || t - p.sent_at > RESEND_AFTER_MS)) {
                let sent =
                    socket::send(&ClientEvent::Send { room_id: room_id.get_value(), client_id: p.client_id.clone(), text: p.text.clone() });
                if sent {
                    p.sent_at = t;
                }
            }
        });
    };
    let arrived = move |m: ChatMessage| {
        let stick = near_bottom() || m.sender_id == me;
        if m.sender_id == me {
            pending.update(|p| p.retain(|x| x.client_id != m.client_id));
        }
        let seq = m.seq;
        msgs.update(|l| merge(l, m));
        // A live message right after the synced seq moves it on (with any that follow).
        if seq == synced.get_value() + 1 {
            msgs.with_untracked(|l| synced.set_value(last_in_line(l, seq)));
        }
        if stick {
            scroll_to_bottom();
        }
    };
    // On open and after a (re)connect: everything after the synced seq, in pages of 100.
    // It starts a few seqs early: a seq is taken before its insert, so a higher one can
    // show up live before a lower one is stored (merge drops what is already there). Seqs
    // may have holes for good (a seq taken, its insert failed), so only a whole catch-up
    // moves `synced` past them. The view may be gone after any await, hence the `try_`s.
    let catch_up = move || {
        leptos::task::spawn_local(async move {
            let Some(start) = synced.try_get_value() else { return };
            let mut after = (start - 20).max(0);
            let whole = loop {
                let Some(room) = room_id.try_get_value() else { return };
                let Ok(list) = get_chat_messages(room, Some(after), None).await else { break false };
                let full = list.len() >= 100;
                if msgs.is_disposed() {
                    return;
                }
                for m in list {
                    after = after.max(m.seq);
                    arrived(m);
                }
                if !full {
                    break true;
                }
            };
            if msgs.is_disposed() {
                return;
            }
            if whole {
                synced.update_value(|s| *s = (*s).max(after));
            } else {
                catch_up_again.set_value(Some(now_ms() + 3000.0));
            }
            flush(true);
            if page_visible() {
                let _ = read_chat(room_id.get_value()).await;
            }
        });
    };

    // After a (re)connect: presence and read receipts sent while the socket was away were
    // missed, so the room's own figures are read again.
    let refresh_room = move || {
        leptos::task::spawn_local(async move {
            let Some(room) = room_id.try_get_value() else { return };
            let seen = presence_seen.get_value();
            let Ok(view) = crate::chat::api::get_chat_room(room).await else { return };
            if online.is_disposed() {
                return;
            }
            // A presence event that arrived meanwhile is newer than this answer.
            if presence_seen.try_get_value() == Some(seen) {
                online.set(view.room.other_online);
            }
            other_read.update(|s| *s = (*s).max(view.room.other_read_seq));
        });
    };
    socket::listen(move |ev| match ev {
        ServerEvent::Message { message } if message.room_id == room_id.get_value() => {
            arrived(message.clone());
            if message.sender_id != me && page_visible() {
                mark_read();
            }
        }
        ServerEvent::Ack { message, .. } if message.room_id == room_id.get_value() => arrived(message.clone()),
        ServerEvent::Nack { client_id, code, message, retry_after_ms } => {
            if !pending.with_untracked(|p| p.iter().any(|x| &x.client_id == client_id)) {
                return;
            }
            match retry_after_ms {
                // Too fast: wait out the cool-down, then the pending ones go again.
                Some(ms) => {
                    cooldown_until.set(now_ms() + *ms as f64);
                    pending.update(|p| p.iter_mut().for_each(|x| x.sent_at = 0.0));
                }
                // Our failure, not the message's: it stays pending and goes again.
                None if matches!(code, ErrorCode::InternalError | ErrorCode::ServiceUnavailable) => {}
                None => pending.update(|p| {
                    if let Some(x) = p.iter_mut().find(|x| &x.client_id == client_id) {
                        x.failed = Some(message.clone());
                    }
                }),
            }
        }
        ServerEvent::Read { room_id: r, user_id, read_seq } if *r == room_id.get_value() && *user_id == other => {
            other_read.update(|s| *s = (*s).max(*read_seq));
        }
        ServerEvent::Typing { room_id: r, user_id } if *r == room_id.get_value() && *user_id == other => {
            typing_until.set(now_ms() + 3000.0);
        }
        ServerEvent::Presence { user_id, online: on } if *user_id == other => {
            presence_seen.update_value(|n| *n += 1);
            online.set(*on);
        }
        ServerEvent::Hello { .. } => {
            catch_up();
            refresh_room();
        }
        _ => {}
    });

    // Browser only: the clock for timers, resending, reading on open, the first scroll.
    Effect::new(move |_| {
        if let Ok(h) = set_interval_with_handle(
            move || {
                let t = now_ms();
                now.set(t);
                flush(false);
                if catch_up_again.get_value().is_some_and(|at| t >= at) {
                    catch_up_again.set_value(None);
                    catch_up();
                }
            },
            std::time::Duration::from_millis(500),
        ) {
            on_cleanup(move || h.clear());
        }
        now.set(now_ms());
        // Coming back to a hidden tab reads what arrived meanwhile.
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::{closure::Closure, JsCast};
            let on_visible = Closure::<dyn Fn()>::new(move || {
                if page_visible() && !msgs.is_disposed() {
                    mark_read();
                }
            });
            let _ = document().add_event_listener_with_callback("visibilitychange", on_visible.as_ref().unchecked_ref());
            let handler = send_wrapper::SendWrapper::new(on_visible);
            on_cleanup(move || {
                let _ = document().remove_event_listener_with_callback("visibilitychange", handler.as_ref().unchecked_ref());
            });
        }
        // What arrived between the page's snapshot and the listener (e.g. when coming from
        // another room without a reload); it also marks the room read.
        catch_up();
        scroll_to_bottom();
    });

    let send_text = move || {
        let t = text.get_untracked().trim().to_owned();
        if t.is_empty() {
            return;
        }
        if t.chars().count() > TEXT_MAX {
            notice.set(Some(format!("메시지는 {TEXT_MAX}자까지 보낼 수 있어요.")));
            return;
        }
        notice.set(None);
        pending.update(|p| p.push(Pending { client_id: new_client_id(), text: t, sent_at: 0.0, failed: None }));
        text.set(String::new());
        flush(false);
        scroll_to_bottom();
    };
    let on_input = move |_| {
        let t = now_ms();
        if t - last_typing.get_value() > 2000.0 {
            last_typing.set_value(t);
            socket::send(&ClientEvent::Typing { room_id: room_id.get_value(), request_id: None });
        }
    };
    let load_older = move || {
        if loading_older.get_untracked() || !has_more.get_untracked() {
            return;
        }
        let Some(first) = msgs.with_untracked(|l| l.first().map(|m| m.seq)) else { return };
        loading_older.set(true);
        leptos::task::spawn_local(async move {
            let before_height = list_ref.get_untracked().map(|el| (el.scroll_height(), el.scroll_top()));
            let Some(room) = room_id.try_get_value() else { return };
            let result = get_chat_messages(room, None, Some(first)).await;
            if msgs.is_disposed() {
                return;
            }
            if let Ok(list) = result {
                has_more.set(list.len() >= PAGE);
                msgs.update(|l| list.into_iter().for_each(|m| merge(l, m)));
                // Keep the message that was on screen where it was.
                if let (Some(el), Some((h, top))) = (list_ref.get_untracked(), before_height) {
                    request_animation_frame(move || el.set_scroll_top(el.scroll_height() - h + top));
                }
            }
            loading_older.set(false);
        });
    };
    let toggle_block = move |_| {
        let on = !blocked_by_me.get_untracked();
        leptos::task::spawn_local(async move {
            match set_chat_block(other, on).await {
                Ok(()) => blocked_by_me.set(on),
                Err(e) => notice.set(Some(e.message)),
            }
        });
    };
    let status = socket::status();
    let cooling = move || cooldown_until.get() > now.get();
    let voice_sent = Callback::new(move |m: ChatMessage| arrived(m));

    view! {
        <div class="conversation" data-room=room.room_id.clone()>
            <header class="conv-head">
                <a class="conv-back" href="/chat" aria-label="대화방 목록">"←"</a>
                <Avatar photo=room.other_photo.clone() minimi=minimi_src(&room.other_minimi) name=other_name.clone() class="chat-avatar" minimi_class="minimi"/>
                <div class="conv-who">
                    <a class="room-name" href=format!("/hompy/{other}")>{other_name.clone()}</a>
                    <span class="presence" class:on=move || online.get() data-testid="presence">
                        {move || if online.get() { "● 접속 중" } else { "○ 오프라인" }}
                    </span>
                    {move || (typing_until.get() > now.get()).then(|| view! { <span class="typing" data-testid="typing">"입력 중…"</span> })}
                </div>
                <div class="conv-actions">
                    {call_button.map(|b| b.run((room.room_id.clone(), other, other_name.clone())))}
                    <button type="button" class="secondary" on:click=toggle_block>
                        {move || if blocked_by_me.get() { "차단 해제" } else { "차단" }}
                    </button>
                </div>
            </header>
            {move || status.map(|s| s.get()).and_then(|s| match s {
                socket::Status::Offline => Some(view! { <p class="conn-banner offline" role="status">"오프라인이에요. 다시 연결되면 이어서 보낼게요."</p> }),
                _ => None,
            })}
            <div class="messages" node_ref=list_ref on:scroll=move |_| {
                if list_ref.get_untracked().is_some_and(|el| el.scroll_top() < 40) {
                    load_older();
                }
            }>
                {move || has_more.get().then(|| view! {
                    <button type="button" class="older secondary" on:click=move |_| load_older()>
                        {move || if loading_older.get() { "불러오는 중…" } else { "이전 메시지 보기" }}
                    </button>
                })}
                <ol class="message-list" data-testid="messages">
                    // Keyed by seq (and whether it opens a day), so a new message or a read
                    // receipt does not re-create the others (a playing voice clip goes on).
                    <For
                        each=move || {
                            let mut last_day = String::new();
                            msgs.get().into_iter().map(|m| {
                                let day = day_label(m.created_at);
                                let opens_day = (day != last_day).then(|| day.clone());
                                last_day = day;
                                (opens_day, m)
                            }).collect::<Vec<_>>()
                        }
                        key=|(day, m)| (m.seq, day.is_some())
                        children=move |(day, m)| {
                            let mine = m.sender_id == me;
                            view! {
                                {day.map(|d| view! { <li class="chat-day" role="separator">{d}</li> })}
                                <MessageItem m mine read=other_read/>
                            }
                        }
                    />
                    {move || pending.get().into_iter().map(|p| {
                        let failed = p.failed.clone();
                        let id = p.client_id.clone();
                        let state = if failed.is_some() { "failed" } else { "pending" };
                        view! {
                            <li class="chat-msg mine pending" data-state=state>
                                <div class="bubble">{p.text.clone()}</div>
                                <span class="meta">
                                    {match failed {
                                        Some(why) => view! {
                                            <span class="form-error">{why}</span>
                                            <button type="button" class="link" on:click=move |_| pending.update(|l| l.retain(|x| x.client_id != id))>"지우기"</button>
                                        }.into_any(),
                                        None => view! { <span class="sending">"전송 중…"</span> }.into_any(),
                                    }}
                                </span>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </div>
            {move || cooling().then(|| view! {
                <p class="cooldown" role="status" data-testid="cooldown">
                    {move || format!("너무 빨리 보내고 있어요. {}초 뒤에 이어서 보낼게요.", ((cooldown_until.get() - now.get()) / 1000.0).ceil().max(1.0))}
                </p>
            })}
            <ErrorMessage message=notice/>
            {move || if blocked_by_me.get() {
                view! { <p class="hint blocked-note">"차단한 회원이에요. 차단을 풀면 다시 대화할 수 있어요."</p> }.into_any()
            } else if blocked_me {
                view! { <p class="hint blocked-note">"상대방이 대화를 받지 않아요."</p> }.into_any()
            } else {
                view! {
                    <form class="composer" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); send_text(); }>
                        <VoiceRecorder room_id=room_id.get_value() on_sent=voice_sent/>
                        <textarea rows="1" placeholder="메시지를 입력하세요" aria-label="메시지" maxlength=TEXT_MAX.to_string()
                            bind:value=text on:input=on_input
                            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                                    ev.prevent_default();
                                    send_text();
                                }
                            }></textarea>
                        <button type="submit">"보내기"</button>
                    </form>
                }.into_any()
            }}
        </div>
    }
}
