//! Login and refresh throughput and latency through the real router, MariaDB and Redis,
//! next to the raw cost of one argon2 hash on the same machine. Run with `scripts/bench`
//! (it starts the services); prints figures, asserts nothing.

use axum::{body::Body, http::Request, Router};
use http_body_util::BodyExt;
use minihompy::{
    account::{members, model::Role, password},
    server::config::Config,
};
use std::time::{Duration, Instant};
use tower::ServiceExt;

const USERS: usize = 16;
const CONCURRENCY: usize = 8;
const LOGINS: usize = 160;
const REFRESHES_PER_WORKER: usize = 100;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn report(name: &str, mut lat: Vec<Duration>, wall: Duration) {
    lat.sort();
    println!(
        "{name:<8} {:>6} requests  {:>8.1} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms",
        lat.len(),
        lat.len() as f64 / wall.as_secs_f64(),
        percentile(&lat, 0.50),
        percentile(&lat, 0.99)
    );
}

async fn post(app: &Router, path: &str, ip: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
    let req = Request::post(path)
        .header("content-type", "application/json")
        .header("x-forwarded-for", ip)
        .body(Body::from(body.to_string()))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status().as_u16();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or_default())
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let mut config = Config::from_env().expect("config");
    config.trust_proxy = true;
    let options = leptos::config::LeptosOptions::builder().output_name("minihompy").build();
    let state = minihompy::site::connect(config, options).await.expect("scripts/bench starts the services");
    let app = minihompy::site::router(state.clone());

    // Raw argon2 cost (one hash, single thread).
    let runs = 10;
    let start = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(password::hash_blocking("benchmark-password-1"));
    }
    let argon_ms = start.elapsed().as_secs_f64() * 1000.0 / runs as f64;
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!("machine: {cores} cores");
    println!(
        "argon2id (m=19456 KiB, t=2, p=1): {argon_ms:.1} ms per hash -> at most {:.1} logins/s on {cores} cores",
        cores as f64 * 1000.0 / argon_ms
    );

    // Members to log in as (created through account's face, verified).
    let pw = "Bench-Pass-2026!";
    let run = uuid::Uuid::new_v4().simple().to_string();
    let mut emails = Vec::new();
    for i in 0..USERS {
        let email = format!("bench-{run}-{i}@example.test");
        let new = members::NewMember { email: &email, password: pw, name: "벤치", nickname: "벤치", role: Role::User };
        members::create_member(&state.db, new).await.unwrap().unwrap();
        emails.push(email);
    }

    // Logins.
    let wall = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..CONCURRENCY {
        let (app, emails) = (app.clone(), emails.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut tokens = Vec::new();
            for i in (w..LOGINS).step_by(CONCURRENCY) {
                let t = Instant::now();
                let (status, body) = post(
                    &app,
                    "/api/users/login",
                    &format!("10.0.{w}.{}", i % 250),
                    serde_json::json!({"email": emails[i % USERS], "password": pw}),
                )
                .await;
                lat.push(t.elapsed());
                assert_eq!(status, 200, "{body}");
                tokens.push(body["refreshToken"].as_str().unwrap().to_owned());
            }
            (lat, tokens)
        }));
    }
    let mut lat = Vec::new();
    let mut refresh_tokens = Vec::new();
    for t in tasks {
        let (l, tokens) = t.await.unwrap();
        lat.extend(l);
        refresh_tokens.push(tokens.into_iter().next().unwrap());
    }
    report("login", lat, wall.elapsed());

    // Refreshes: each worker rotates its own chain.
    let wall = Instant::now();
    let mut tasks = Vec::new();
    for (w, mut token) in refresh_tokens.into_iter().enumerate() {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            for i in 0..REFRESHES_PER_WORKER {
                let t = Instant::now();
                let (status, body) =
                    post(&app, "/api/refresh", &format!("10.1.{w}.{}", i % 250), serde_json::json!({"refreshToken": token})).await;
                lat.push(t.elapsed());
                assert_eq!(status, 200, "{body}");
                token = body["refreshToken"].as_str().unwrap().to_owned();
            }
            lat
        }));
    }
    let mut lat = Vec::new();
    for t in tasks {
        lat.extend(t.await.unwrap());
    }
    report("refresh", lat, wall.elapsed());
}
