//! 가계부: members' household account books (docs/design/ledger.md). Books of income and
//! expenses in whole 원, shared with 일촌 as viewers or editors; categories, budgets per
//! category and month, recurring entries written once per period, a month view with SVG
//! charts, search, a 30-day trash, and CSV export and import.

pub mod api;
pub mod model;
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
pub use rest::{routes, LedgerApi as OpenApiDoc};

/// Writes the recurring rules' entries that are due (KST day `today`), once per period
/// however many instances call it at once; returns how many it wrote. The job below calls
/// it every minute; tests and drills call it with a day of their choosing.
#[cfg(feature = "ssr")]
pub async fn run_recurring_due(state: &crate::server::AppState, today: chrono::NaiveDate) -> Result<u64, crate::error::AppError> {
    service::run_due(state, today).await
}

/// Purges entries that have been in the trash longer than 30 days (the job calls it every
/// hour); returns how many.
#[cfg(feature = "ssr")]
pub async fn purge_old_trash(state: &crate::server::AppState) -> Result<u64, crate::error::AppError> {
    service::purge_trash(state).await
}

/// The ledger's job (the composition starts it with the server): every minute, the due
/// recurring entries; every hour, the trash older than 30 days.
#[cfg(feature = "ssr")]
pub fn start_jobs(state: crate::server::AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        let mut ticks: u64 = 0;
        loop {
            every.tick().await;
            let today = crate::kst::day_of(chrono::Utc::now());
            match service::run_due(&state, today).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(entries = n, "wrote recurring ledger entries"),
                Err(e) => tracing::warn!(error = %e.message, "writing recurring ledger entries failed"),
            }
            if ticks % 60 == 0 {
                match purge_old_trash(&state).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(entries = n, "purged the ledger's old trash"),
                    Err(e) => tracing::warn!(error = %e.message, "purging the ledger's trash failed"),
                }
            }
            ticks += 1;
        }
    });
}
