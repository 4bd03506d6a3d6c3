//! 1:1 video calls in the browser.
//!
//! - `CallLayer` (mounted once in `App`) listens to the tab's socket for call signals and
//!   shows the incoming dialog, the outgoing "부르는 중…" panel, the call view and short
//!   notices. `CallButton` (in a chat room's header) starts a call to the other member.
//! - The call itself (media, `RTCPeerConnection`, timers) lives in a browser-only
//!   thread-local session; the UI reads a few signals (`CallState`). On the server both
//!   components render their idle markup only.
//! - Flow: caller gets media → `invite`; callee `accept`s (after getting media and making
//!   its connection) → caller sends the `offer`, callee the `answer`, both trickle `ice`.
//!   Only signals of the current room and call id from the other member are applied.

use leptos::{html, prelude::*};

/// What the overlay shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Idle,
    /// I am calling; waiting for an answer.
    Outgoing,
    /// Someone is calling me.
    Incoming,
    /// Accepted: the call view (connecting or connected).
    InCall,
    /// A short message after a call ("통화가 종료되었습니다.", "응답이 없습니다.", …).
    Notice {
        text: String,
        ended: bool,
    },
}

/// The signals the call UI renders from (shared by `CallLayer` and `CallButton`).
#[derive(Clone, Copy)]
pub struct CallState {
    pub phase: RwSignal<Phase>,
    /// The other member's nickname (empty until known on the callee's side).
    name: RwSignal<String>,
    /// The peer connection's `connectionState`.
    pc_state: RwSignal<String>,
    muted: RwSignal<bool>,
    camera_off: RwSignal<bool>,
    connected_at: RwSignal<Option<f64>>,
    now: RwSignal<f64>,
}

impl CallState {
    fn new() -> Self {
        Self {
            phase: RwSignal::new(Phase::Idle),
            name: RwSignal::new(String::new()),
            pc_state: RwSignal::new("new".into()),
            muted: RwSignal::new(false),
            camera_off: RwSignal::new(false),
            connected_at: RwSignal::new(None),
            now: RwSignal::new(0.0),
        }
    }

    fn busy(&self) -> bool {
        matches!(self.phase.get(), Phase::Outgoing | Phase::Incoming | Phase::InCall)
    }
}

/// Provides the call state to the whole app (call at the top of `App`). Optional:
/// `CallLayer` makes its own when none is provided; with it, `CallButton` is disabled
/// while a call is under way.
pub fn provide_call_state() -> CallState {
    let st = CallState::new();
    provide_context(st);
    st
}

/// The global call overlay: mount once in `App`, after the routes.
#[component]
pub fn CallLayer() -> impl IntoView {
    let st = use_context::<CallState>().unwrap_or_else(provide_call_state);
    #[cfg(feature = "hydrate")]
    imp::mount(st);
    view! {
        <div class="call-layer">
            {move || match st.phase.get() {
                Phase::Idle => ().into_any(),
                Phase::Outgoing => view! { <OutgoingPanel st/> }.into_any(),
                Phase::Incoming => view! { <IncomingDialog st/> }.into_any(),
                Phase::InCall => view! { <CallView st/> }.into_any(),
                Phase::Notice { text, ended } => {
                    view! {
                        <div class="call-toast" class:call-toast-ended=ended role="status"
                            data-testid=if ended { "call-ended" } else { "call-notice" }>
                            {text}
                        </div>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// "영상통화": calls the other member of `room_id`.
#[component]
pub fn CallButton(#[prop(into)] room_id: String, other_id: u64, #[prop(into)] other_name: String) -> impl IntoView {
    let st = use_context::<CallState>();
    let disabled = move || st.is_some_and(|s| s.busy());
    let label = format!("{other_name}님과 영상통화");
    view! {
        <button
            type="button"
            class="call-button"
            data-testid="call-button"
            title=label.clone()
            aria-label=label
            disabled=disabled
            on:click=move |_| start_call(room_id.clone(), other_id, other_name.clone())
        >
            "영상통화"
        </button>
    }
}

#[component]
fn OutgoingPanel(st: CallState) -> impl IntoView {
    let preview = NodeRef::<html::Video>::new();
    Effect::new(move |_| {
        if let Some(v) = preview.get() {
            attach_to(&v, false);
        }
    });
    view! {
        <div class="call-overlay call-outgoing" role="dialog" aria-modal="true" aria-label="영상통화 거는 중" data-testid="outgoing-call">
            <video id="call-preview" class="call-preview" node_ref=preview autoplay playsinline muted></video>
            <div class="call-panel">
                <p class="call-title">{move || format!("{}님을 부르는 중…", st.name.get())}</p>
                <div class="call-actions">
                    <button type="button" class="call-btn call-hangup" on:click=move |_| cancel()>"취소"</button>
                </div>
            </div>
        </div>
    }
}

#[component]
fn IncomingDialog(st: CallState) -> impl IntoView {
    let title = move || {
        let name = st.name.get();
        if name.is_empty() {
            "영상통화가 왔습니다".to_owned()
        } else {
            format!("{name}님의 영상통화")
        }
    };
    view! {
        <div class="call-overlay call-dim">
            <div class="call-incoming" role="dialog" aria-modal="true" aria-labelledby="call-incoming-title" data-testid="incoming-call">
                <div class="call-ring" aria-hidden="true">"📹"</div>
                <p id="call-incoming-title" class="call-title">{title}</p>
                <div class="call-actions">
                    <button type="button" class="call-btn call-accept" on:click=move |_| accept()>"수락"</button>
                    <button type="button" class="call-btn call-hangup" on:click=move |_| decline()>"거절"</button>
                </div>
            </div>
        </div>
    }
}

#[component]
fn CallView(st: CallState) -> impl IntoView {
    let remote = NodeRef::<html::Video>::new();
    let local = NodeRef::<html::Video>::new();
    Effect::new(move |_| {
        if let Some(v) = remote.get() {
            attach_to(&v, true);
        }
    });
    Effect::new(move |_| {
        if let Some(v) = local.get() {
            attach_to(&v, false);
        }
    });
    let status = move || match st.connected_at.get() {
        Some(t) => clock(st.now.get() - t),
        None if st.pc_state.get() == "disconnected" => "연결이 불안정합니다…".to_owned(),
        None => "연결 중…".to_owned(),
    };
    let name = move || {
        let n = st.name.get();
        if n.is_empty() {
            "상대방".to_owned()
        } else {
            n
        }
    };
    let toggle_mute = move |_| {
        let m = !st.muted.get_untracked();
        st.muted.set(m);
        set_track_enabled(true, !m);
    };
    let toggle_camera = move |_| {
        let off = !st.camera_off.get_untracked();
        st.camera_off.set(off);
        set_track_enabled(false, !off);
    };
    view! {
        <div class="call-overlay call-view" role="dialog" aria-modal="true" aria-label="영상통화"
            data-testid="call-view" data-pc-state=move || st.pc_state.get()>
            <video id="remote-video" class="call-remote" node_ref=remote autoplay playsinline></video>
            <video id="local-video" class="call-local" class:call-local-off=move || st.camera_off.get()
                node_ref=local autoplay playsinline muted></video>
            <div class="call-top">
                <span class="call-name">{name}</span>
                <span class="call-status" data-testid="call-status">{status}</span>
            </div>
            <div class="call-controls">
                <button type="button" class="call-btn call-toggle" aria-pressed=move || st.muted.get().to_string() on:click=toggle_mute>
                    {move || if st.muted.get() { "음소거 해제" } else { "음소거" }}
                </button>
                <button type="button" class="call-btn call-toggle" aria-pressed=move || st.camera_off.get().to_string() on:click=toggle_camera>
                    {move || if st.camera_off.get() { "카메라 켜기" } else { "카메라 끄기" }}
                </button>
                <button type="button" class="call-btn call-hangup" on:click=move |_| hang_up()>"끊기"</button>
            </div>
        </div>
    }
}

/// "mm:ss" (or "h:mm:ss") of a duration in milliseconds.
fn clock(ms: f64) -> String {
    let s = (ms.max(0.0) / 1000.0) as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

// The actions; the server renders but never runs them.

fn start_call(room_id: String, other_id: u64, other_name: String) {
    #[cfg(feature = "hydrate")]
    imp::start_call(room_id, other_id, other_name);
    #[cfg(not(feature = "hydrate"))]
    let _ = (room_id, other_id, other_name);
}

fn cancel() {
    #[cfg(feature = "hydrate")]
    imp::cancel();
}

fn accept() {
    #[cfg(feature = "hydrate")]
    imp::accept();
}

fn decline() {
    #[cfg(feature = "hydrate")]
    imp::decline();
}

fn hang_up() {
    #[cfg(feature = "hydrate")]
    imp::hang_up();
}

fn set_track_enabled(audio: bool, on: bool) {
    #[cfg(feature = "hydrate")]
    imp::set_track_enabled(audio, on);
    #[cfg(not(feature = "hydrate"))]
    let _ = (audio, on);
}

fn attach_to(v: &web_sys::HtmlMediaElement, remote: bool) {
    #[cfg(feature = "hydrate")]
    imp::attach_to(v, remote);
    #[cfg(not(feature = "hydrate"))]
    let _ = (v, remote);
}

#[cfg(feature = "hydrate")]
mod imp {
    use super::{CallState, Phase};
    use crate::{
        call::{api::get_call_config, model::IceServer},
        chat::{
            model::{CallKind, CallSignal, ClientEvent, ServerEvent, RING_SECS},
            ui::socket,
        },
    };
    use leptos::{prelude::*, task::spawn_local};
    use std::cell::{Cell, RefCell};
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        HtmlMediaElement, MediaStream, MediaStreamConstraints, MediaStreamTrack, RtcConfiguration, RtcIceServer, RtcPeerConnection,
        RtcPeerConnectionIceEvent, RtcTrackEvent,
    };

    const ENDED: &str = "통화가 종료되었습니다.";
    const MEDIA_ERROR: &str = "카메라/마이크를 사용할 수 없습니다.";
    const NO_ANSWER: &str = "응답이 없습니다.";
    const DECLINED: &str = "상대방이 통화를 거절했습니다.";
    const BUSY: &str = "상대방이 통화 중입니다.";
    const FAILED: &str = "통화를 연결하지 못했습니다.";
    const OFFLINE: &str = "서버와 연결되어 있지 않아 전화를 걸 수 없습니다. 잠시 후 다시 시도해 주세요.";
    const NOTICE_MS: i32 = 4000;
    const DISCONNECT_MS: i32 = 5000;
    /// An accepted call that has not connected by then gives up.
    const CONNECT_MS: i32 = 30_000;
    const PENDING_ICE_MAX: usize = 200;

    /// The one call of this tab, from the invite (sent or received) to the end.
    struct Session {
        call_id: String,
        room_id: String,
        other_id: u64,
        caller: bool,
        /// Caller: the invite went out (so ending needs a `cancel`).
        invited: bool,
        invited_at: f64,
        /// Caller: the other accepted; callee: I pressed 수락.
        accepted: bool,
        ice: Vec<IceServer>,
        local: Option<MediaStream>,
        remote: Option<MediaStream>,
        pc: Option<RtcPeerConnection>,
        remote_set: bool,
        /// Candidates that came before the remote description (JSON text).
        pending_ice: Vec<String>,
        handlers: Vec<Closure<dyn FnMut(JsValue)>>,
        tick: Option<(i32, Closure<dyn FnMut()>)>,
    }

    impl Session {
        fn new(call_id: String, room_id: String, other_id: u64, caller: bool) -> Self {
            Self {
                call_id,
                room_id,
                other_id,
                caller,
                invited: false,
                invited_at: 0.0,
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
        fn ending_kind(&self) -> Option<CallKind> {
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
        static STATE: Cell<Option<CallState>> = const { Cell::new(None) };
        static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
        static MY_ID: Cell<u64> = const { Cell::new(0) };
        static NOTICE: Cell<u32> = const { Cell::new(0) };
        static MOUNTED: Cell<bool> = const { Cell::new(false) };
    }

    fn signals() -> Option<CallState> {
        STATE.with(Cell::get)
    }

    fn set_phase(p: Phase) {
        if let Some(st) = signals() {
            if st.phase.get_untracked() != p {
                st.phase.set(p);
            }
        }
    }

    fn set_name(name: String) {
        if let Some(st) = signals() {
            st.name.set(name);
        }
    }

    fn reset_signals() {
        if let Some(st) = signals() {
            st.pc_state.set("new".into());
            st.muted.set(false);
            st.camera_off.set(false);
            st.connected_at.set(None);
        }
    }

    /// Runs `f` on the session if it is call `call_id`.
    fn with_call<R>(call_id: &str, f: impl FnOnce(&mut Session) -> R) -> Option<R> {
        SESSION.with(|c| c.borrow_mut().as_mut().filter(|s| s.call_id == call_id).map(f))
    }

    fn current<R>(f: impl FnOnce(&Session) -> Option<R>) -> Option<R> {
        SESSION.with(|c| c.borrow().as_ref().and_then(f))
    }

    fn send_signal(room_id: &str, call_id: &str, kind: CallKind, data: Option<String>) -> bool {
        let signal = CallSignal { kind, call_id: call_id.to_owned(), data };
        socket::send(&ClientEvent::Call { room_id: room_id.to_owned(), signal })
    }

    fn send_current(call_id: &str, kind: CallKind, data: Option<String>) -> bool {
        match with_call(call_id, |s| s.room_id.clone()) {
            Some(room) => send_signal(&room, call_id, kind, data),
            None => false,
        }
    }

    fn new_call_id() -> String {
        let r = || (js_sys::Math::random() * 4_294_967_296.0) as u32;
        format!("{:08x}{:08x}{:08x}{:08x}", r(), r(), r(), r())
    }

    fn after(ms: i32, f: impl FnOnce() + 'static) {
        let cb = Closure::once_into_js(f);
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), ms);
    }

    fn stringify(v: &JsValue) -> Option<String> {
        js_sys::JSON::stringify(v).ok().map(String::from)
    }

    fn notice(text: &str, ended: bool) {
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
    fn finish(call_id: &str, kind: Option<CallKind>, text: Option<(&str, bool)>) {
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

    fn release(mut s: Session) {
        if let Some(pc) = s.pc.take() {
            pc.set_onicecandidate(None);
            pc.set_ontrack(None);
            pc.set_onconnectionstatechange(None);
            pc.close();
        }
        if let Some((id, _)) = &s.tick {
            window().clear_interval_with_handle(*id);
        }
        for stream in [s.local.take(), s.remote.take()].into_iter().flatten() {
            stop_stream(&stream);
        }
        for id in ["call-preview", "local-video", "remote-video"] {
            if let Some(v) = media_el(id) {
                v.set_src_object(None);
            }
        }
        reset_signals();
        // This may run inside one of the handlers: free them after it returns.
        let handlers = std::mem::take(&mut s.handlers);
        let tick = s.tick.take();
        after(0, move || drop((handlers, tick)));
    }

    fn stop_stream(m: &MediaStream) {
        for t in m.get_tracks().iter() {
            if let Ok(t) = t.dyn_into::<MediaStreamTrack>() {
                t.stop();
            }
        }
    }

    fn media_el(id: &str) -> Option<HtmlMediaElement> {
        document().get_element_by_id(id)?.dyn_into().ok()
    }

    /// Shows the local or remote stream in `v` (once; a new element gets it again).
    pub fn attach_to(v: &HtmlMediaElement, remote: bool) {
        let Some(stream) = current(|s| if remote { s.remote.clone() } else { s.local.clone() }) else { return };
        if !remote {
            v.set_muted(true);
        }
        let same = v.src_object().is_some_and(|cur| {
            let (a, b): (&JsValue, &JsValue) = (cur.as_ref(), stream.as_ref());
            a == b
        });
        if same {
            return;
        }
        v.set_src_object(Some(&stream));
        let Ok(p) = v.play() else { return };
        let v = v.clone();
        spawn_local(async move {
            if let Err(e) = JsFuture::from(p).await {
                let name = js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string());
                // Autoplay with sound refused: better a silent picture than none.
                if name.as_deref() == Some("NotAllowedError") {
                    v.set_muted(true);
                    let _ = v.play();
                }
            }
        });
    }

    fn attach_all() {
        for (id, remote) in [("call-preview", false), ("local-video", false), ("remote-video", true)] {
            if let Some(v) = media_el(id) {
                attach_to(&v, remote);
            }
        }
    }

    async fn get_media() -> Option<MediaStream> {
        let devices = window().navigator().media_devices().ok()?;
        let c = MediaStreamConstraints::new();
        c.set_video(&JsValue::TRUE);
        c.set_audio(&JsValue::TRUE);
        let p = devices.get_user_media_with_constraints(&c).ok()?;
        JsFuture::from(p).await.ok()?.dyn_into::<MediaStream>().ok()
    }

    async fn ice_servers() -> Vec<IceServer> {
        get_call_config().await.map(|c| c.ice_servers).unwrap_or_default()
    }

    fn rtc_config(ice: &[IceServer]) -> RtcConfiguration {
        let list = js_sys::Array::new();
        for s in ice {
            let server = RtcIceServer::new();
            let urls: js_sys::Array = s.urls.iter().map(|u| JsValue::from_str(u)).collect();
            server.set_urls(&urls);
            if let Some(u) = &s.username {
                server.set_username(u);
            }
            if let Some(c) = &s.credential {
                server.set_credential(c);
            }
            list.push(&server);
        }
        let c = RtcConfiguration::new();
        c.set_ice_servers(&list);
        c
    }

    /// Makes the connection of call `call_id` with the local tracks added.
    fn open_pc(call_id: &str) -> Option<RtcPeerConnection> {
        let (ice, local) = with_call(call_id, |s| (s.ice.clone(), s.local.clone()))?;
        let local = local?;
        let pc = RtcPeerConnection::new_with_configuration(&rtc_config(&ice)).ok()?;
        let mut handlers = vec![];

        let id = call_id.to_owned();
        let on_ice = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            let e: RtcPeerConnectionIceEvent = e.unchecked_into();
            let Some(c) = e.candidate() else { return };
            if c.candidate().is_empty() {
                return;
            }
            if let Some(text) = stringify(&c.to_json()) {
                send_current(&id, CallKind::Ice, Some(text));
            }
        });
        pc.set_onicecandidate(Some(on_ice.as_ref().unchecked_ref()));
        handlers.push(on_ice);

        let id = call_id.to_owned();
        let on_track = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            let e: RtcTrackEvent = e.unchecked_into();
            let stream = e.streams().get(0).dyn_into::<MediaStream>().ok();
            with_call(&id, |s| {
                if let Some(m) = stream {
                    s.remote = Some(m);
                } else if let Some(r) = &s.remote {
                    r.add_track(&e.track());
                } else if let Ok(m) = MediaStream::new() {
                    m.add_track(&e.track());
                    s.remote = Some(m);
                }
            });
            attach_all();
        });
        pc.set_ontrack(Some(on_track.as_ref().unchecked_ref()));
        handlers.push(on_track);

        let id = call_id.to_owned();
        let on_state = Closure::<dyn FnMut(JsValue)>::new(move |_e: JsValue| on_pc_state(&id));
        pc.set_onconnectionstatechange(Some(on_state.as_ref().unchecked_ref()));
        handlers.push(on_state);

        for t in local.get_tracks().iter() {
            if let Ok(t) = t.dyn_into::<MediaStreamTrack>() {
                pc.add_track_0(&t, &local);
            }
        }
        let kept = with_call(call_id, |s| {
            s.pc = Some(pc.clone());
            s.handlers = handlers;
        });
        if kept.is_none() {
            pc.close();
            return None;
        }
        Some(pc)
    }

    fn pc_state(pc: &RtcPeerConnection) -> String {
        js_sys::Reflect::get(pc, &"connectionState".into()).ok().and_then(|v| v.as_string()).unwrap_or_default()
    }

    fn on_pc_state(call_id: &str) {
        let Some(pc) = with_call(call_id, |s| s.pc.clone()).flatten() else { return };
        let state = pc_state(&pc);
        if let Some(st) = signals() {
            st.pc_state.set(state.clone());
        }
        match state.as_str() {
            "connected" => connected(call_id),
            "failed" | "closed" => {
                let never = signals().is_some_and(|st| st.connected_at.get_untracked().is_none());
                finish(call_id, Some(CallKind::Hangup), Some(if never { (FAILED, false) } else { (ENDED, true) }));
            }
            "disconnected" => {
                let id = call_id.to_owned();
                after(DISCONNECT_MS, move || {
                    let still = with_call(&id, |s| s.pc.as_ref().map(pc_state)).flatten();
                    if still.as_deref() == Some("disconnected") {
                        finish(&id, Some(CallKind::Hangup), Some((ENDED, true)));
                    }
                });
            }
            _ => {}
        }
    }

    /// Starts the elapsed-time clock the first time the call connects.
    fn connected(call_id: &str) {
        let Some(st) = signals() else { return };
        if with_call(call_id, |s| s.tick.is_some()) != Some(false) {
            return;
        }
        let now = js_sys::Date::now();
        st.now.set(now);
        if st.connected_at.get_untracked().is_none() {
            st.connected_at.set(Some(now));
        }
        let tick = Closure::<dyn FnMut()>::new(move || {
            if let Some(st) = signals() {
                st.now.set(js_sys::Date::now());
            }
        });
        let Ok(handle) = window().set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), 1000) else {
            return;
        };
        if with_call(call_id, move |s| s.tick = Some((handle, tick))).is_none() {
            window().clear_interval_with_handle(handle);
        }
    }

    fn fail(call_id: &str) {
        finish(call_id, Some(CallKind::Hangup), Some((FAILED, false)));
    }

    /// Gives up on an accepted call that never connects (a lost offer, no route).
    fn connect_deadline(call_id: &str) {
        let id = call_id.to_owned();
        after(CONNECT_MS, move || {
            if with_call(&id, |s| s.tick.is_none()) == Some(true) {
                fail(&id);
            }
        });
    }

    /// The remote description is set: add the candidates that waited for it.
    fn remote_ready(call_id: &str, pc: &RtcPeerConnection) {
        let pending = with_call(call_id, |s| {
            s.remote_set = true;
            std::mem::take(&mut s.pending_ice)
        })
        .unwrap_or_default();
        for c in pending {
            add_ice(pc, &c);
        }
    }

    fn add_ice(pc: &RtcPeerConnection, text: &str) {
        let Ok(init) = js_sys::JSON::parse(text) else { return };
        let p = pc.add_ice_candidate_with_opt_rtc_ice_candidate_init(Some(init.unchecked_ref()));
        spawn_local(async move {
            let _ = JsFuture::from(p).await;
        });
    }

    fn on_ice(call_id: &str, data: String) {
        let ready = with_call(call_id, |s| match (&s.pc, s.remote_set) {
            (Some(pc), true) => Some(pc.clone()),
            _ => {
                if s.pending_ice.len() < PENDING_ICE_MAX {
                    s.pending_ice.push(data.clone());
                }
                None
            }
        })
        .flatten();
        if let Some(pc) = ready {
            add_ice(&pc, &data);
        }
    }

    /// Caller: the other accepted. Make the connection and send the offer.
    fn on_accepted(call_id: &str) {
        if with_call(call_id, |s| s.accepted = true).is_none() {
            return;
        }
        set_phase(Phase::InCall);
        connect_deadline(call_id);
        let Some(pc) = open_pc(call_id) else { return fail(call_id) };
        let id = call_id.to_owned();
        spawn_local(async move {
            let Ok(offer) = JsFuture::from(pc.create_offer()).await else { return fail(&id) };
            if JsFuture::from(pc.set_local_description(offer.unchecked_ref())).await.is_err() {
                return fail(&id);
            }
            send_current(&id, CallKind::Offer, stringify(&offer));
        });
    }

    /// Callee: the offer came. Answer it.
    fn on_offer(call_id: &str, data: String) {
        let Some(pc) = with_call(call_id, |s| s.pc.clone()).flatten() else { return };
        let id = call_id.to_owned();
        spawn_local(async move {
            let Ok(desc) = js_sys::JSON::parse(&data) else { return fail(&id) };
            if JsFuture::from(pc.set_remote_description(desc.unchecked_ref())).await.is_err() {
                return fail(&id);
            }
            remote_ready(&id, &pc);
            let Ok(answer) = JsFuture::from(pc.create_answer()).await else { return fail(&id) };
            if JsFuture::from(pc.set_local_description(answer.unchecked_ref())).await.is_err() {
                return fail(&id);
            }
            send_current(&id, CallKind::Answer, stringify(&answer));
        });
    }

    /// Caller: the answer came.
    fn on_answer(call_id: &str, data: String) {
        let Some(pc) = with_call(call_id, |s| s.pc.clone()).flatten() else { return };
        let id = call_id.to_owned();
        spawn_local(async move {
            let Ok(desc) = js_sys::JSON::parse(&data) else { return fail(&id) };
            if JsFuture::from(pc.set_remote_description(desc.unchecked_ref())).await.is_err() {
                return fail(&id);
            }
            remote_ready(&id, &pc);
        });
    }

    /// Someone calls me: ring, or say I am busy.
    fn on_invite(room_id: &str, from: u64, call_id: &str) {
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

    fn on_signal(room_id: &str, from: u64, signal: &CallSignal) {
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

    fn on_event(ev: &ServerEvent) {
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
            ServerEvent::Error { message, .. } => {
                // My invite was refused (blocked, too many calls): it answers at once.
                let refused = current(|s| {
                    (s.caller && s.invited && !s.accepted && js_sys::Date::now() - s.invited_at < 5000.0).then(|| s.call_id.clone())
                });
                if let Some(id) = refused {
                    finish(&id, None, Some((message.as_str(), false)));
                }
            }
            _ => {}
        }
    }

    pub fn mount(st: CallState) {
        STATE.with(|c| c.set(Some(st)));
        socket::listen(on_event);
        if !MOUNTED.with(|m| m.replace(true)) {
            // Leaving the page ends the call (the server also does when the socket closes).
            let hide = Closure::<dyn FnMut()>::new(|| {
                if let Some((id, kind)) = current(|s| Some((s.call_id.clone(), s.ending_kind()))) {
                    finish(&id, kind, None);
                }
            });
            let _ = window().add_event_listener_with_callback("pagehide", hide.as_ref().unchecked_ref());
            hide.forget();
        }
    }

    pub fn start_call(room_id: String, other_id: u64, other_name: String) {
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
            with_call(&id, |s| {
                s.invited = true;
                s.invited_at = js_sys::Date::now();
            });
            let ring = id.clone();
            after(RING_SECS as i32 * 1000, move || {
                if with_call(&ring, |s| !s.accepted) == Some(true) {
                    finish(&ring, Some(CallKind::Cancel), Some((NO_ANSWER, false)));
                }
            });
        });
    }

    pub fn cancel() {
        let found = current(|s| (s.caller && !s.accepted).then(|| (s.call_id.clone(), s.ending_kind())));
        if let Some((id, kind)) = found {
            finish(&id, kind, None);
        }
    }

    pub fn accept() {
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

    pub fn decline() {
        let found = current(|s| (!s.caller && !s.accepted).then(|| s.call_id.clone()));
        if let Some(id) = found {
            finish(&id, Some(CallKind::Decline), None);
        }
    }

    pub fn hang_up() {
        if let Some((id, kind)) = current(|s| Some((s.call_id.clone(), s.ending_kind()))) {
            finish(&id, kind, Some((ENDED, true)));
        }
    }

    pub fn set_track_enabled(audio: bool, on: bool) {
        let Some(local) = current(|s| s.local.clone()) else { return };
        let tracks = if audio { local.get_audio_tracks() } else { local.get_video_tracks() };
        for t in tracks.iter() {
            if let Ok(t) = t.dyn_into::<MediaStreamTrack>() {
                t.set_enabled(on);
            }
        }
    }
}
