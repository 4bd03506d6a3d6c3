//! The mini-homepage: home, profile, (later) diary, gallery, guestbook, visitors.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;
