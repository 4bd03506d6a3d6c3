//! `GET /health`: a real round-trip to each store, 503 when one is down.

use super::state::AppState;
use axum::{extract::State, http::StatusCode, response::IntoResponse, Json};
use mongodb::bson::doc;
use serde_json::json;
use std::{
    future::Future,
    time::{Duration, Instant},
};

const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

async fn check<F, E>(f: F) -> serde_json::Value
where
    F: Future<Output = Result<(), E>>,
    E: std::fmt::Display,
{
    let start = Instant::now();
    let outcome = tokio::time::timeout(CHECK_TIMEOUT, f).await;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    match outcome {
        Ok(Ok(())) => json!({ "status": "up", "latencyMs": (ms * 10.0).round() / 10.0 }),
        Ok(Err(e)) => json!({ "status": "down", "error": e.to_string() }),
        Err(_) => json!({ "status": "down", "error": "timed out" }),
    }
}

pub async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let mut redis = state.redis.clone();
    let (mysql, redis, mongodb) = tokio::join!(
        check(async { sqlx::query_scalar!("SELECT 1").fetch_one(&state.db).await.map(|_| ()) }),
        check(async { redis::cmd("PING").query_async::<String>(&mut redis).await.map(|_| ()) }),
        check(async { state.mongo.run_command(doc! { "ping": 1 }).await.map(|_| ()) }),
    );
    let all_up = [&mysql, &redis, &mongodb].iter().all(|c| c["status"] == "up");
    let status = if all_up { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let body = json!({
        "status": if all_up { "up" } else { "down" },
        "instance": state.config.instance_id,
        "checks": { "mysql": mysql, "redis": redis, "mongodb": mongodb },
    });
    (status, Json(body))
}
