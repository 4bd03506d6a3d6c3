//! 도토리 and the shop: the wallet (an append-only ledger), top-up by card through a
//! payment gateway (결제) after an identity check, the catalogue of 미니미, skins and BGM,
//! purchases and gifts (구매), my items, histories, and the staff's catalogue, packages,
//! refunds, grants and audit log. Payment and purchase are separate on purpose: a payment
//! moves money, a purchase moves 도토리 (docs/design/payments.md).

pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
mod gateway;
#[cfg(feature = "ssr")]
mod identity;
#[cfg(feature = "ssr")]
mod media;
#[cfg(feature = "ssr")]
mod rest;
#[cfg(feature = "ssr")]
mod service;
#[cfg(feature = "ssr")]
mod store;
#[cfg(all(test, feature = "ssr"))]
mod tests;

/// What the composition (`crate::site`) takes: REST routes (under `/api`), the routes
/// outside `/api` (product files, the sandbox's card form) and the OpenAPI paths.
#[cfg(feature = "ssr")]
pub use rest::{file_routes, routes, ShopApi as OpenApiDoc};

/// A member's 도토리, as a count the top bar reads with the others.
#[cfg(feature = "ssr")]
pub use store::BALANCE as DOTORI_BALANCE;

/// Asks the gateway again, every minute, about payments whose approval outcome is
/// unknown (the composition starts it with the server).
#[cfg(feature = "ssr")]
pub fn start_reconciler(state: crate::server::AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every.tick().await;
            match service::reconcile_all(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(payments = n, "reconciled payments"),
                Err(e) => tracing::warn!(error = %e.message, "reconciling payments failed"),
            }
        }
    });
}

/// The balance every change ends in must equal the ledger's sum (tests and drills check it).
#[cfg(feature = "ssr")]
pub async fn ledger_matches_wallet(db: &sqlx::MySqlPool, user: u64) -> Result<bool, sqlx::Error> {
    Ok(i64::from(store::balance(db, user).await?) == store::ledger_sum(db, user).await?)
}
