//! What the call views render from: the phase of the overlay and a few signals, shared
//! by `CallLayer` and `CallButton` and set by the call's session (browser only).

use leptos::prelude::*;

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
    pub(super) name: RwSignal<String>,
    /// The peer connection's `connectionState`.
    pub(super) pc_state: RwSignal<String>,
    pub(super) muted: RwSignal<bool>,
    pub(super) camera_off: RwSignal<bool>,
    pub(super) connected_at: RwSignal<Option<f64>>,
    pub(super) now: RwSignal<f64>,
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

    pub(super) fn busy(&self) -> bool {
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
