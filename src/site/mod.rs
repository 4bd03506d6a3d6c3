//! The composition of the site (`ssr` only): the one place above the areas that knows
//! them all. It collects each area's routes and OpenAPI paths into the router, runs the
//! binary's commands, loads the demo data, and connects the stores with what each area
//! needs at start (indexes). Infrastructure (`server`) knows no area; areas know
//! `server` and the faces of the areas below them (see docs/architecture.md).

pub mod cli;
mod router;
pub mod seed;

pub use router::{openapi, router};

use crate::server::{config::Config, AppState};
use leptos::config::LeptosOptions;

/// Connects every store, applies migrations, and prepares what the areas need at start.
pub async fn connect(config: Config, leptos_options: LeptosOptions) -> Result<AppState, String> {
    let state = AppState::connect(config, leptos_options, crate::chat::resync_event).await?;
    crate::chat::ensure_indexes(&state.mongo).await.map_err(|e| format!("MongoDB indexes (MONGODB_URL): {e}"))?;
    crate::chat::listen_for_invalidations(&state.hub);
    let moved = crate::chat::import_legacy_blocks(&state).await.map_err(|e| format!("copying chat's blocks into MySQL: {}", e.message))?;
    if moved > 0 {
        tracing::info!(moved, "chat's blocks copied into the site-wide block list");
    }
    crate::oauth::ensure_key(&state.db).await.map_err(|e| format!("OAuth signing key (DATABASE_URL): {}", e.message))?;
    Ok(state)
}

/// The state the crate's own tests run against: the stores scripts/test started (their
/// URLs come from the environment).
#[cfg(test)]
pub async fn test_state() -> AppState {
    let config = Config::from_env().expect("config");
    let options = LeptosOptions::builder().output_name("minihompy").site_root("target/site").build();
    connect(config, options).await.expect("the test services must be running: use scripts/test")
}

/// A new active member for the crate's own tests (a unique email; the password is
/// "Unit-Test-Pass-1").
#[cfg(test)]
pub async fn test_member(state: &AppState, nickname: &str) -> u64 {
    let email = format!("{}@example.test", uuid::Uuid::new_v4().simple());
    let new = crate::account::members::NewMember {
        email: &email,
        password: "Unit-Test-Pass-1",
        name: "테스트",
        nickname,
        role: crate::account::model::Role::User,
    };
    crate::account::members::create_member(&state.db, new).await.unwrap().unwrap()
}
