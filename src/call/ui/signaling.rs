//! The call's signalling over the tab's socket (browser only): sending signals, and the
//! state machine that answers the other side's (invite, accept, decline, busy, cancel,
//! hang-up; offer, answer and ICE go to `rtc`) and the buttons of the views.

use super::{
    rtc::{attach_all, connect_deadline, get_media, ice_servers, on_accepted, on_answer, on_ice, on_offer, open_pc, stop_stream},
    session::{
        after, current, finish, reset_signals, set_name, set_phase, signals, with_call, Session, BUSY, DECLINED, ENDED, FAILED,
        MEDIA_ERROR, MOUNTED, MY_ID, NO_ANSWER, OFFLINE, SESSION, STATE,
    },
    state::{CallState, Phase},
};
use crate::chat::{
    model::{CallKind, CallSignal, ClientEvent, ServerEvent, RING_SECS},
    socket,
};
use leptos::{prelude::*, task::spawn_local};
use std::cell::Cell;
use wasm_bindgen::{closure::Closure, JsCast};

pub(super) fn send_signal(room_id: &str, call_id: &str, kind: CallKind, data: Option<String>) -> bool {
    // An invite or an accept the server refuses ends the call: its refusal names it.
    let request_id = matches!(kind, CallKind::Invite | CallKind::Accept).then(|| format!("{call_id}:{kind:?}"));
    let signal = CallSignal { kind, call_id: call_id.to_owned(), data };
    socket::send(&ClientEvent::Call { room_id: room_id.to_owned(), signal, request_id })
}

pub(super) fn send_current(call_id: &str, kind: CallKind, data: Option<String>) -> bool {
    match with_call(call_id, |s| s.room_id.clone()) {
        Some(room) => send_signal(&room, call_id, kind, data),
        None => false,
    }
}

pub(super) fn new_call_id() -> String {
    let r = || (js_sys::Math::random() * 4_294_967_296.0) as u32;
    format!("{:08x}{:08x}{:08x}{:08x}", r(), r(), r(), r())
}

/// Someone calls me: ring, or say I am busy.
pub(super) fn on_invite(room_id: &str, from: u64, call_id: &str) {
    let busy = current(|s| Some(s.call_id == call_id));
    match busy {
        Some(true) => return,
        Some(false) => {
            send_signal(room_id, call_id, CallKind::Busy, None);
            return;
        }
        None => {}
    }
    SESSION.with(|c| *c.borrow_mut() = Some(Session::new(call_id.to_owned(), room_id.to_owned(), from, false)));
    reset_signals();
    set_name(String::new());
    set_phase(Phase::Incoming);
    let (room, id) = (room_id.to_owned(), call_id.to_owned());
    spawn_local(async move {
        let Ok(view) = crate::chat::api::get_chat_room(room).await else { return };
        if MY_ID.with(Cell::get) == 0 {
            MY_ID.with(|m| m.set(view.me));
        }
        if with_call(&id, |_| ()).is_some() {
            set_name(view.room.other_nickname);
        }
    });
    let id = call_id.to_owned();
    after(RING_SECS as i32 * 1000, move || {
        if with_call(&id, |s| !s.accepted) == Some(true) {
            let name = signals().map(|st| st.name.get_untracked()).unwrap_or_default();
            let text = if name.is_empty() { "부재중 통화".to_owned() } else { format!("{name}님의 부재중 통화") };
            finish(&id, None, Some((text.as_str(), false)));
        }
    });
}

pub(super) fn on_signal(room_id: &str, from: u64, signal: &CallSignal) {
    use CallKind::*;
    let me = MY_ID.with(Cell::get);
    if signal.kind == Invite {
        if me == 0 || from != me {
            on_invite(room_id, from, &signal.call_id);
        }
        return;
    }
    let id = signal.call_id.as_str();
    let found = current(|s| (s.room_id == room_id && s.call_id == id).then_some((s.caller, s.accepted, s.other_id)));
    let Some((caller, accepted, other)) = found else { return };
    if !caller && !accepted {
        // Ringing: the caller gave up, or another tab of mine answered (the caller
        // never sends accept or decline).
        if matches!(signal.kind, Cancel | Hangup | Accept | Decline) {
            finish(id, None, None);
        }
        return;
    }
    if from != other {
        return;
    }
    let data = signal.data.clone();
    match (signal.kind, caller, accepted) {
        (Accept, true, false) => on_accepted(id),
        (Decline, true, false) => finish(id, None, Some((DECLINED, false))),
        // Stops my call ringing in the other's other tabs.
        (Busy, true, false) => finish(id, Some(Cancel), Some((BUSY, false))),
        (Cancel | Hangup, _, _) => finish(id, None, Some((ENDED, true))),
        (Offer, false, true) => {
            if let Some(d) = data {
                on_offer(id, d);
            }
        }
        (Answer, true, true) => {
            if let Some(d) = data {
                on_answer(id, d);
            }
        }
        (Ice, _, true) => {
            if let Some(d) = data {
                on_ice(id, d);
            }
        }
        _ => {}
    }
}

pub(super) fn on_event(ev: &ServerEvent) {
    match ev {
        ServerEvent::Hello { user_id, .. } if *user_id != 0 => {
            MY_ID.with(|m| m.set(*user_id));
            // A new socket: the server ended my call for the other side when the old
            // one closed, so end it here too.
            let live = current(|s| (s.accepted || (s.caller && s.invited)).then(|| s.call_id.clone()));
            if let Some(id) = live {
                finish(&id, Some(CallKind::Hangup), Some((ENDED, true)));
            }
        }
        ServerEvent::Call { room_id, from, signal } => on_signal(room_id, *from, signal),
        // My invite or my accept was refused (blocked, too many calls): the refusal names
        // the call it answers.
        ServerEvent::Error { message, request_id: Some(request), .. } => {
            let call = request.split(':').next().unwrap_or_default();
            if current(|s| Some(s.call_id == call)) == Some(true) {
                finish(call, None, Some((message.as_str(), false)));
            }
        }
        _ => {}
    }
}

/// In the main bundle: the tab's socket events about calls go to the call code, which
/// is fetched with the first call signal (until then there is no call to end, so only
/// my id is kept from `Hello`).
pub(super) fn listen(st: CallState) {
    STATE.with(|c| c.set(Some(st)));
    socket::listen(|ev| {
        if let ServerEvent::Hello { user_id, .. } = ev {
            if *user_id != 0 {
                MY_ID.with(|m| m.set(*user_id));
            }
        }
        let loaded = MOUNTED.with(Cell::get);
        let wanted =
            matches!(ev, ServerEvent::Call { .. }) || (loaded && matches!(ev, ServerEvent::Hello { .. } | ServerEvent::Error { .. }));
        if wanted {
            let ev = ev.clone();
            spawn_local(async move { call_event(ev).await });
        }
    });
}

#[lazy]
fn call_event(ev: ServerEvent) {
    mount_once();
    on_event(&ev);
}

/// When the call code first runs: leaving the page ends the call (the server also does
/// when the socket closes).
fn mount_once() {
    if !MOUNTED.with(|m| m.replace(true)) {
        let hide = Closure::<dyn FnMut()>::new(|| {
            if let Some((id, kind)) = current(|s| Some((s.call_id.clone(), s.ending_kind()))) {
                finish(&id, kind, None);
            }
        });
        let _ = window().add_event_listener_with_callback("pagehide", hide.as_ref().unchecked_ref());
        hide.forget();
    }
}

pub(super) fn start_call(room_id: String, other_id: u64, other_name: String) {
    mount_once();
    if current(|_| Some(())).is_some() || signals().is_none() {
        return;
    }
    let id = new_call_id();
    SESSION.with(|c| *c.borrow_mut() = Some(Session::new(id.clone(), room_id.clone(), other_id, true)));
    reset_signals();
    set_name(other_name);
    set_phase(Phase::Outgoing);
    spawn_local(async move {
        let Some(stream) = get_media().await else {
            finish(&id, None, Some((MEDIA_ERROR, false)));
            return;
        };
        let ice = ice_servers().await;
        let kept = with_call(&id, |s| {
            s.local = Some(stream.clone());
            s.ice = ice;
        });
        if kept.is_none() {
            // Cancelled meanwhile.
            stop_stream(&stream);
            return;
        }
        attach_all();
        if !send_signal(&room_id, &id, CallKind::Invite, None) {
            finish(&id, None, Some((OFFLINE, false)));
            return;
        }
        with_call(&id, |s| s.invited = true);
        let ring = id.clone();
        after(RING_SECS as i32 * 1000, move || {
            if with_call(&ring, |s| !s.accepted) == Some(true) {
                finish(&ring, Some(CallKind::Cancel), Some((NO_ANSWER, false)));
            }
        });
    });
}

pub(super) fn cancel() {
    let found = current(|s| (s.caller && !s.accepted).then(|| (s.call_id.clone(), s.ending_kind())));
    if let Some((id, kind)) = found {
        finish(&id, kind, None);
    }
}

pub(super) fn accept() {
    let found = SESSION.with(|c| {
        c.borrow_mut().as_mut().filter(|s| !s.caller && !s.accepted).map(|s| {
            s.accepted = true;
            s.call_id.clone()
        })
    });
    let Some(id) = found else { return };
    set_phase(Phase::InCall);
    connect_deadline(&id);
    spawn_local(async move {
        let Some(stream) = get_media().await else {
            finish(&id, Some(CallKind::Decline), Some((MEDIA_ERROR, false)));
            return;
        };
        let ice = ice_servers().await;
        let kept = with_call(&id, |s| {
            s.local = Some(stream.clone());
            s.ice = ice;
        });
        if kept.is_none() {
            stop_stream(&stream);
            return;
        }
        attach_all();
        if open_pc(&id).is_none() {
            return finish(&id, Some(CallKind::Decline), Some((FAILED, false)));
        }
        if !send_current(&id, CallKind::Accept, None) {
            finish(&id, None, Some((FAILED, false)));
        }
    });
}

pub(super) fn decline() {
    let found = current(|s| (!s.caller && !s.accepted).then(|| s.call_id.clone()));
    if let Some(id) = found {
        finish(&id, Some(CallKind::Decline), None);
    }
}

pub(super) fn hang_up() {
    if let Some((id, kind)) = current(|s| Some((s.call_id.clone(), s.ending_kind()))) {
        finish(&id, kind, Some((ENDED, true)));
    }
}
