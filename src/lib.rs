//! minihompy: a Cyworld-style social network. One crate; the `ssr` feature builds the
//! server, `hydrate` the browser side (WASM).
#![recursion_limit = "256"]

pub mod account;
pub mod app;
pub mod board;
pub mod call;
pub mod chat;
pub mod error;
pub mod file_url;
pub mod hompy;
pub mod ilchon;
pub mod kst;
pub mod ledger;
pub mod oauth;
#[cfg(feature = "ssr")]
pub mod server;
pub mod shop;
#[cfg(feature = "ssr")]
pub mod site;
pub mod timetable;
pub mod ui;
mod words;

// The server's allocator (every binary that links the server: the site, the tests, the
// benches). A homepage render allocates many small, short-lived values (views, strings,
// rows); glibc's malloc took about a fifth of its CPU samples (docs/design/render-speed.md).
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(hydrate_app());
}

/// A guest's load of an islands page (`app::islands_page`): Leptos's islands root only. The
/// page's script then hydrates each `<leptos-island>` with its export (docs/design/islands.md);
/// the app's chunk is not fetched.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate_islands() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}

/// The whole app (router, shell, every page's route), a chunk of its own: pages that
/// hydrate it fetch it after the main bundle.
#[cfg(feature = "hydrate")]
#[leptos::lazy]
fn hydrate_app() {
    // Lazy routes hydrate once their chunk has arrived.
    leptos::mount::hydrate_lazy(app::App);
}
