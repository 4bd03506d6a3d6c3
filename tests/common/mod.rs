//! Helpers for integration tests. They talk to the real MariaDB, Redis and MongoDB-protocol
//! servers that scripts/test starts (their URLs come from the environment), and drive the
//! real axum router in-process. Each test makes its own data, so tests run in any order.
#![allow(dead_code)]

use axum::{body::Body, http::Request, Router};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use minihompy::server::{config::Config, AppState};
use tower::ServiceExt;

pub async fn state() -> AppState {
    let config = Config::from_env().expect("config");
    let options = LeptosOptions::builder().output_name("minihompy").site_root("target/site").build();
    AppState::connect(config, options)
        .await
        .expect("the test services must be running: use scripts/test")
}

pub async fn app() -> (Router, AppState) {
    let state = state().await;
    (minihompy::server::http::router(state.clone()), state)
}

pub struct Response {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Response {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

pub async fn send(router: &Router, req: Request<Body>) -> Response {
    let res = router.clone().oneshot(req).await.expect("router never fails");
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    Response { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
}

pub async fn get(router: &Router, path: &str) -> Response {
    send(router, Request::get(path).body(Body::empty()).unwrap()).await
}

/// A string no other test (or earlier run) uses.
pub fn unique(prefix: &str) -> String {
    format!("{prefix}{}", uuid::Uuid::new_v4().simple())
}

/// Inserts an active member with a homepage straight into MySQL; returns the member id.
pub async fn insert_member(state: &AppState, nickname: &str, title: &str, intro: &str, minimi: &str) -> u64 {
    let email = format!("{}@example.test", unique("m"));
    let id = sqlx::query(
        "INSERT INTO users (email, password_hash, name, nickname) VALUES (?, 'x', '테스트', ?)",
    )
    .bind(&email)
    .bind(nickname)
    .execute(&state.db)
    .await
    .unwrap()
    .last_insert_id();
    sqlx::query("INSERT INTO homepages (user_id, title, intro, minimi) VALUES (?, ?, ?, ?)")
        .bind(id)
        .bind(title)
        .bind(intro)
        .bind(minimi)
        .execute(&state.db)
        .await
        .unwrap();
    id
}
