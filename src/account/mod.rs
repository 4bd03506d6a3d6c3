//! Accounts: signup, email verification, login/logout, refresh rotation, password change
//! and reset, find-email, roles, the admin guard, profile, deletion.
//!
//! The face: `model` and `api` (shared with the browser), `ui`, `auth` (who is asking),
//! `session_owner` (whose a live session is), `members` (members as other areas see
//! them), `password` (argon2id, for any secret stored hashed), and what the composition
//! takes below. `store`, `service` and the rest are the area's own.

pub mod api;
pub mod device_name;
pub mod model;
pub mod ui;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod blocks;
#[cfg(feature = "ssr")]
mod consent;
#[cfg(feature = "ssr")]
mod contact;
#[cfg(feature = "ssr")]
pub mod members;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
mod rest;
#[cfg(feature = "ssr")]
mod rest_me;
#[cfg(feature = "ssr")]
mod rest_profile_image;
#[cfg(feature = "ssr")]
mod rest_social;
#[cfg(feature = "ssr")]
mod rest_types;
#[cfg(feature = "ssr")]
mod service;
#[cfg(feature = "ssr")]
mod session;
#[cfg(feature = "ssr")]
mod social;
#[cfg(feature = "ssr")]
mod store;
#[cfg(feature = "ssr")]
mod upload;

/// What the composition (`crate::site`) takes: REST routes (under `/api`), the seed
/// documents' paths also served at the root, files served outside `/api`, the OpenAPI paths, and the per-request auth memo pages need.
#[cfg(feature = "ssr")]
pub use {
    auth::AuthCache,
    members::{active_member, member, Member},
    rest::{file_routes, routes, seed_routes, AccountApi as OpenApiDoc, SEED_PATHS},
    session::owner as session_owner,
};
