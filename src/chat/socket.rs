//! The tab's one WebSocket to `/ws` (browser only; on the server these are no-ops).
//!
//! - `start()` opens it once per tab (signed-in members); it reconnects with backoff
//!   (1 s doubling to 15 s), at once when the browser comes back online, and closes when
//!   the browser goes offline.
//! - Before each reconnect it calls `me()`, which refreshes an expired access cookie.
//! - A `ping` goes out every 20 s; no `pong` for 45 s means a dead link: close, reconnect.
//! - `listen(f)` registers a callback for every server event while the calling component
//!   lives; a `Hello` means "(re)connected: fetch what you may have missed".

use crate::chat::model::{ClientEvent, ServerEvent};
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Connecting,
    Open,
    Offline,
}

/// Shared status of the socket, provided by `App`.
#[derive(Clone, Copy)]
pub struct Socket {
    pub status: RwSignal<Status>,
}

impl Socket {
    pub fn provide() {
        provide_context(Socket { status: RwSignal::new(Status::Connecting) });
    }
}

pub fn status() -> Option<RwSignal<Status>> {
    use_context::<Socket>().map(|s| s.status)
}

#[cfg(feature = "hydrate")]
mod imp {
    use super::*;
    use std::{cell::RefCell, rc::Rc};
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{CloseEvent, MessageEvent, WebSocket};

    type Listener = Rc<dyn Fn(&ServerEvent)>;
    type OtherListener = Rc<dyn Fn(&str)>;

    #[derive(Default)]
    struct Inner {
        started: bool,
        ws: Option<WebSocket>,
        status: Option<RwSignal<Status>>,
        listeners: Vec<(u32, Listener)>,
        /// Listeners of other areas' events (frames chat does not read).
        others: Vec<(u32, OtherListener)>,
        next: u32,
        backoff_ms: i32,
        last_heard: f64,
        /// When the unanswered ping went out (0: none outstanding).
        ping_sent: f64,
        offline: bool,
    }

    thread_local! {
        static INNER: RefCell<Inner> = RefCell::new(Inner::default());
    }

    fn set_status(s: Status) {
        if let Some(sig) = INNER.with(|i| i.borrow().status) {
            sig.set(s);
        }
    }

    pub fn start() {
        // Read here, in the calling component: the task below runs outside it.
        let status = super::status();
        leptos::task::spawn_local(open_socket(status));
    }

    /// The socket's own code (connecting, reading and parsing frames, reconnecting, the
    /// heartbeat) is a chunk of its own, fetched when a signed-in page first calls
    /// `start`: a guest's first visit does not download it.
    #[leptos::lazy]
    fn open_socket(status: Option<RwSignal<Status>>) {
        let first = INNER.with(|i| {
            let mut i = i.borrow_mut();
            let first = !i.started;
            i.started = true;
            i.status = status;
            i.backoff_ms = 1000;
            first
        });
        if !first {
            return;
        }
        let w = window();
        let online = Closure::<dyn FnMut()>::new(|| {
            INNER.with(|i| i.borrow_mut().offline = false);
            reconnect_now();
        });
        let _ = w.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        online.forget();
        let offline = Closure::<dyn FnMut()>::new(|| {
            INNER.with(|i| i.borrow_mut().offline = true);
            close_current();
            set_status(Status::Offline);
        });
        let _ = w.add_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
        offline.forget();
        let beat = Closure::<dyn FnMut()>::new(heartbeat);
        let _ = w.set_interval_with_callback_and_timeout_and_arguments_0(beat.as_ref().unchecked_ref(), 20_000);
        beat.forget();
        if w.navigator().on_line() {
            connect();
        } else {
            INNER.with(|i| i.borrow_mut().offline = true);
            set_status(Status::Offline);
        }
    }

    fn close_current() {
        if let Some(ws) = INNER.with(|i| i.borrow_mut().ws.take()) {
            ws.set_onclose(None);
            ws.set_onmessage(None);
            let _ = ws.close();
        }
    }

    fn reconnect_now() {
        close_current();
        INNER.with(|i| i.borrow_mut().backoff_ms = 1000);
        connect();
    }

    /// Dead link: a ping unanswered for 15 s. (Not "nothing heard for a while": hidden
    /// tabs run this timer about once a minute, and a quiet link is not a dead one.)
    fn heartbeat() {
        let now = js_sys::Date::now();
        let (open, heard, ping) = INNER.with(|i| {
            let i = i.borrow();
            (i.ws.as_ref().is_some_and(|w| w.ready_state() == WebSocket::OPEN), i.last_heard, i.ping_sent)
        });
        if !open {
            return;
        }
        if ping > heard && now - ping > 15_000.0 {
            close_current();
            schedule_reconnect();
        } else if send(&ClientEvent::Ping) {
            INNER.with(|i| i.borrow_mut().ping_sent = now);
        }
    }

    fn url() -> String {
        let loc = window().location();
        let scheme = if loc.protocol().unwrap_or_default() == "https:" { "wss:" } else { "ws:" };
        format!("{scheme}//{}/ws", loc.host().unwrap_or_default())
    }

    fn connect() {
        if INNER.with(|i| i.borrow().offline) {
            return;
        }
        close_current();
        set_status(Status::Connecting);
        let Ok(ws) = WebSocket::new(&url()) else {
            schedule_reconnect();
            return;
        };
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let Some(text) = e.data().as_string() else { return };
            INNER.with(|i| i.borrow_mut().last_heard = js_sys::Date::now());
            let Ok(event) = serde_json::from_str::<ServerEvent>(&text) else {
                let others: Vec<OtherListener> = INNER.with(|i| i.borrow().others.iter().map(|(_, f)| f.clone()).collect());
                for f in others {
                    f(&text);
                }
                return;
            };
            if let ServerEvent::Hello { .. } = event {
                INNER.with(|i| i.borrow_mut().backoff_ms = 1000);
                set_status(Status::Open);
            }
            // Call listeners outside the borrow: they may send or (un)register.
            let listeners: Vec<Listener> = INNER.with(|i| i.borrow().listeners.iter().map(|(_, f)| f.clone()).collect());
            for f in listeners {
                f(&event);
            }
        });
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let this = ws.clone();
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |_e: CloseEvent| {
            // Only the current socket's end counts (a replaced one may close later).
            let current = INNER.with(|i| {
                let mut i = i.borrow_mut();
                let current = i.ws.as_ref().is_some_and(|w| w == &this);
                if current {
                    i.ws = None;
                }
                current
            });
            if current {
                schedule_reconnect();
            }
        });
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        on_close.forget();
        INNER.with(|i| {
            let mut i = i.borrow_mut();
            i.last_heard = js_sys::Date::now();
            i.ws = Some(ws);
        });
    }

    fn schedule_reconnect() {
        let (offline, wait) = INNER.with(|i| {
            let mut i = i.borrow_mut();
            let wait = i.backoff_ms;
            i.backoff_ms = (i.backoff_ms * 2).min(15_000);
            (i.offline, wait)
        });
        set_status(if offline { Status::Offline } else { Status::Connecting });
        if offline {
            return;
        }
        let jitter = (js_sys::Math::random() * 300.0) as i32;
        let again = Closure::once_into_js(move || {
            if INNER.with(|i| i.borrow().ws.is_some()) {
                return;
            }
            leptos::task::spawn_local(async move {
                // Refreshes the access cookie if it expired; a signed-out tab stops here.
                match crate::account::api::me().await {
                    Ok(None) => set_status(Status::Offline),
                    // Another path (coming back online) may have connected meanwhile.
                    _ if INNER.with(|i| i.borrow().ws.is_some()) => {}
                    _ => connect(),
                }
            });
        });
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(again.unchecked_ref(), wait + jitter);
    }

    pub fn send(event: &ClientEvent) -> bool {
        let Ok(text) = serde_json::to_string(event) else { return false };
        INNER.with(|i| i.borrow().ws.as_ref().is_some_and(|w| w.ready_state() == WebSocket::OPEN && w.send_with_str(&text).is_ok()))
    }

    pub fn listen(f: impl Fn(&ServerEvent) + 'static) {
        let id = INNER.with(|i| {
            let mut i = i.borrow_mut();
            i.next += 1;
            let id = i.next;
            i.listeners.push((id, Rc::new(f)));
            id
        });
        on_cleanup(move || INNER.with(|i| i.borrow_mut().listeners.retain(|(k, _)| *k != id)));
    }

    pub fn listen_other(f: impl Fn(&str) + 'static) {
        let id = INNER.with(|i| {
            let mut i = i.borrow_mut();
            i.next += 1;
            let id = i.next;
            i.others.push((id, Rc::new(f)));
            id
        });
        on_cleanup(move || INNER.with(|i| i.borrow_mut().others.retain(|(k, _)| *k != id)));
    }
}

/// Opens the tab's socket (once; browser only).
pub fn start() {
    #[cfg(feature = "hydrate")]
    imp::start();
}

/// Sends an event if the socket is open; false otherwise (the caller keeps it pending).
pub fn send(event: &ClientEvent) -> bool {
    #[cfg(feature = "hydrate")]
    return imp::send(event);
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = event;
        false
    }
}

/// Calls `f` for each server event while the current component lives (browser only).
pub fn listen(f: impl Fn(&ServerEvent) + 'static) {
    #[cfg(feature = "hydrate")]
    imp::listen(f);
    #[cfg(not(feature = "hydrate"))]
    let _ = f;
}

/// Calls `f` with each frame that is not a chat event (other areas' live events, such as
/// the shop's balance) while the current component lives (browser only).
pub fn listen_other(f: impl Fn(&str) + 'static) {
    #[cfg(feature = "hydrate")]
    imp::listen_other(f);
    #[cfg(not(feature = "hydrate"))]
    let _ = f;
}
