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

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Lazy routes hydrate once their chunk has arrived.
    leptos::mount::hydrate_lazy(app::App);
}
