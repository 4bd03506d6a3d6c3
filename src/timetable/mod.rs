//! 시간표 and 강의평: each school's lecture catalogue by semester (imported by staff from CSV),
//! members' timetables with clash checks and their own blocks, shared with 일촌 (and the free
//! time two share), exported as a calendar file or a picture, and anonymous lecture reviews
//! (docs/design/timetable.md).

pub mod api;
pub mod model;
pub mod times;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
mod rest;
#[cfg(feature = "ssr")]
mod service;
#[cfg(feature = "ssr")]
mod store;

/// What the composition (`crate::site`) takes: REST routes (under `/api`) and the OpenAPI paths.
#[cfg(feature = "ssr")]
pub use rest::{routes, TimetableApi as OpenApiDoc};
