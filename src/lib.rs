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
    // Lazy routes hydrate once their chunk has arrived.
    leptos::mount::hydrate_lazy(app::App);
}
