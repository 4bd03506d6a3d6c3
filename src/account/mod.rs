//! Accounts: signup, email verification, login/logout, refresh rotation, password change
//! and reset, find-email, roles, the admin guard, profile, deletion.

pub mod api;
pub mod device_name;
pub mod model;
pub mod ui;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod rest;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod upload;

/// What the composition (`crate::site`) takes: REST routes (under `/api`), files served
/// outside `/api`, the OpenAPI paths, and the per-request auth memo pages need.
#[cfg(feature = "ssr")]
pub use {
    auth::AuthCache,
    rest::{file_routes, routes, AccountApi as OpenApiDoc},
};
