//! What the room asks of the browser (inert on the server, where nothing is sent or shown).

#[cfg(feature = "hydrate")]
use leptos::prelude::*;

/// Milliseconds since the epoch (0 on the server).
pub(super) fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    return js_sys::Date::now();
    #[cfg(not(feature = "hydrate"))]
    0.0
}

/// A new idempotency key for a message typed here.
pub(super) fn new_client_id() -> String {
    #[cfg(feature = "hydrate")]
    let id = {
        let a = (js_sys::Math::random() * 4_294_967_296.0) as u64;
        let b = (js_sys::Math::random() * 4_294_967_296.0) as u64;
        format!("c-{:x}-{a:08x}{b:08x}", js_sys::Date::now() as u64)
    };
    #[cfg(not(feature = "hydrate"))]
    let id = String::new();
    id
}

/// Whether the tab is on screen (a message read while it is hidden stays unread).
pub(super) fn page_visible() -> bool {
    #[cfg(feature = "hydrate")]
    return document().visibility_state() == web_sys::VisibilityState::Visible;
    #[cfg(not(feature = "hydrate"))]
    false
}
