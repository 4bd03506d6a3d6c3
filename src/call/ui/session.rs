//! The one call of this tab (browser only), from the invite (sent or received) to the
//! end: who and where, how far it got, its media and connection; the signals the views
//! read are set from here. Ending a call (`finish`) tells the other side, releases
//! everything and shows a notice.

use super::{
    rtc::release,
    signaling::send_signal,
    state::{CallState, Phase},
};
use crate::{call::model::IceServer, chat::model::CallKind};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{MediaStream, RtcPeerConnection};

pub(super) const ENDED: &str = "통화가 종료되었습니다.";

pub(super) const MEDIA_ERROR: &str = "카메라/마이크를 사용할 수 없습니다.";

pub(super) const NO_ANSWER: &str = "응답이 없습니다.";

pub(super) const DECLINED: &str = "상대방이 통화를 거절했습니다.";

pub(super) const BUSY: &str = "상대방이 통화 중입니다.";

pub(super) const FAILED: &str = "통화를 연결하지 못했습니다.";

pub(super) const OFFLINE: &str = "서버와 연결되어 있지 않아 전화를 걸 수 없습니다. 잠시 후 다시 시도해 주세요.";

pub(super) const NOTICE_MS: i32 = 4000;

/// The one call of this tab, from the invite (sent or received) to the end.
pub(super) struct Session {
    pub(super) call_id: String,
    pub(super) room_id: String,
    pub(super) other_id: u64,
    pub(super) caller: bool,
    /// Caller: the invite went out (so ending needs a `cancel`).
    pub(super) invited: bool,
    /// Caller: the other accepted; callee: I pressed 수락.
    pub(super) accepted: bool,
    pub(super) ice: Vec<IceServer>,
    pub(super) local: Option<MediaStream>,
    pub(super) remote: Option<MediaStream>,
    pub(super) pc: Option<RtcPeerConnection>,
    pub(super) remote_set: bool,
    /// Candidates that came before the remote description (JSON text).
    pub(super) pending_ice: Vec<String>,
    pub(super) handlers: Vec<Closure<dyn FnMut(JsValue)>>,
    pub(super) tick: Option<(i32, Closure<dyn FnMut()>)>,
}

impl Session {
    pub(super) fn new(call_id: String, room_id: String, other_id: u64, caller: bool) -> Self {
        Self {
            call_id,
            room_id,
            other_id,
            caller,
            invited: false,
            accepted: false,
            ice: vec![],
            local: None,
            remote: None,
            pc: None,
            remote_set: false,
            pending_ice: vec![],
            handlers: vec![],
            tick: None,
        }
    }

    /// The signal that ends this call for the other side, if it knows of it.
    pub(super) fn ending_kind(&self) -> Option<CallKind> {
        if self.accepted {
            Some(CallKind::Hangup)
        } else if self.caller && self.invited {
            Some(CallKind::Cancel)
        } else {
            None
        }
    }
}

thread_local! {
    pub(super) static STATE: Cell<Option<CallState>> = const { Cell::new(None) };
    pub(super) static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
    pub(super) static MY_ID: Cell<u64> = const { Cell::new(0) };
    pub(super) static NOTICE: Cell<u32> = const { Cell::new(0) };
    pub(super) static MOUNTED: Cell<bool> = const { Cell::new(false) };
}

pub(super) fn signals() -> Option<CallState> {
    STATE.with(Cell::get)
}

pub(super) fn set_phase(p: Phase) {
    if let Some(st) = signals() {
        if st.phase.get_untracked() != p {
            st.phase.set(p);
        }
    }
}

pub(super) fn set_name(name: String) {
    if let Some(st) = signals() {
        st.name.set(name);
    }
}

pub(super) fn reset_signals() {
    if let Some(st) = signals() {
        st.pc_state.set("new".into());
        st.muted.set(false);
        st.camera_off.set(false);
        st.connected_at.set(None);
    }
}

/// Runs `f` on the session if it is call `call_id`.
pub(super) fn with_call<R>(call_id: &str, f: impl FnOnce(&mut Session) -> R) -> Option<R> {
    SESSION.with(|c| c.borrow_mut().as_mut().filter(|s| s.call_id == call_id).map(f))
}

pub(super) fn current<R>(f: impl FnOnce(&Session) -> Option<R>) -> Option<R> {
    SESSION.with(|c| c.borrow().as_ref().and_then(f))
}

pub(super) fn after(ms: i32, f: impl FnOnce() + 'static) {
    let cb = Closure::once_into_js(f);
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), ms);
}

pub(super) fn notice(text: &str, ended: bool) {
    let gen = NOTICE.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    set_phase(Phase::Notice { text: text.to_owned(), ended });
    after(NOTICE_MS, move || {
        let still = signals().is_some_and(|st| matches!(st.phase.get_untracked(), Phase::Notice { .. }));
        if still && NOTICE.with(Cell::get) == gen {
            set_phase(Phase::Idle);
        }
    });
}

/// Ends call `call_id` (if it is the current one): sends `kind` to the other side,
/// releases the connection and the camera, then shows `text` or nothing.
pub(super) fn finish(call_id: &str, kind: Option<CallKind>, text: Option<(&str, bool)>) {
    let taken = SESSION.with(|c| {
        let mut c = c.borrow_mut();
        if c.as_ref().is_some_and(|s| s.call_id == call_id) {
            c.take()
        } else {
            None
        }
    });
    let Some(s) = taken else { return };
    if let Some(kind) = kind {
        send_signal(&s.room_id, &s.call_id, kind, None);
    }
    release(s);
    match text {
        Some((t, ended)) => notice(t, ended),
        None => set_phase(Phase::Idle),
    }
}
