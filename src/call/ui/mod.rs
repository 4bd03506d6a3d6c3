//! 1:1 video calls in the browser.
//!
//! - `CallLayer` (mounted once in `App`) listens to the tab's socket for call signals and
//!   shows the incoming dialog, the outgoing "부르는 중…" panel, the call view and short
//!   notices. `CallButton` (in a chat room's header, passed in by `App`) starts a call to the other member.
//! - The call itself lives in a browser-only thread-local session (`session`): the
//!   signalling state machine over the socket and the buttons' actions (`signaling`), the
//!   media and `RTCPeerConnection` (`rtc`). The views here read a few signals (`state`,
//!   `CallState`). On the server both components render their idle markup only.
//! - Flow: caller gets media → `invite`; callee `accept`s (after getting media and making
//!   its connection) → caller sends the `offer`, callee the `answer`, both trickle `ice`.
//!   Only signals of the current room and call id from the other member are applied.

#[cfg(feature = "hydrate")]
mod rtc;
#[cfg(feature = "hydrate")]
mod session;
#[cfg(feature = "hydrate")]
mod signaling;
mod state;

pub use state::{provide_call_state, CallState, Phase};

use leptos::{html, prelude::*};

/// The global call overlay: mount once in `App`, after the routes. Only the socket
/// listener is in the main bundle; the overlay's views, the signalling and WebRTC arrive
/// with the first call (a lazily loaded chunk).
#[component]
pub fn CallLayer() -> impl IntoView {
    let st = use_context::<CallState>().unwrap_or_else(provide_call_state);
    #[cfg(feature = "hydrate")]
    signaling::listen(st);
    let active = Memo::new(move |_| st.phase.get() != Phase::Idle);
    view! {
        <div class="call-layer">
            {move || active.get().then(|| view! { <Suspense fallback=|| ()>{Suspend::new(overlay(st))}</Suspense> })}
        </div>
    }
}

#[lazy]
fn overlay(st: CallState) -> AnyView {
    view! {
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
    }
    .into_any()
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
    signaling::start_call(room_id, other_id, other_name);
    #[cfg(not(feature = "hydrate"))]
    let _ = (room_id, other_id, other_name);
}

fn cancel() {
    #[cfg(feature = "hydrate")]
    signaling::cancel();
}

fn accept() {
    #[cfg(feature = "hydrate")]
    signaling::accept();
}

fn decline() {
    #[cfg(feature = "hydrate")]
    signaling::decline();
}

fn hang_up() {
    #[cfg(feature = "hydrate")]
    signaling::hang_up();
}

fn set_track_enabled(audio: bool, on: bool) {
    #[cfg(feature = "hydrate")]
    rtc::set_track_enabled(audio, on);
    #[cfg(not(feature = "hydrate"))]
    let _ = (audio, on);
}

fn attach_to(v: &web_sys::HtmlMediaElement, remote: bool) {
    #[cfg(feature = "hydrate")]
    rtc::attach_to(v, remote);
    #[cfg(not(feature = "hydrate"))]
    let _ = (v, remote);
}
