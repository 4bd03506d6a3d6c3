//! Chat load on one app instance: N WebSocket clients in pairs, each sending M messages to
//! its partner (the next one only after the previous is acknowledged, i.e. stored). Prints
//! messages per second stored and delivered, delivery latency p50/p99 (send → partner's
//! socket) and lost messages, next to the raw insert rate of the same MongoDB server,
//! measured in the same run with the same concurrency. Run with `scripts/bench`.

use futures::{SinkExt, StreamExt};
use minihompy::server::config::Config;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::{client::IntoClientRequest, Message};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

struct ClientStats {
    acked: usize,
    delivered: usize,
    latencies_ms: Vec<f64>,
    last_delivery: Instant,
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let clients = env_usize("CHAT_CLIENTS", 40).max(2) / 2 * 2;
    let per_client = env_usize("CHAT_MESSAGES", 50);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut config = Config::from_env().expect("config");
    config.trust_proxy = true;
    config.public_url = format!("http://{addr}");
    // The per-member send limit (5/s) would measure the limiter, not the pipeline.
    config.limits.chat_send.max = 1_000_000;
    let options = leptos::config::LeptosOptions::builder().output_name("minihompy").build();
    let state = minihompy::site::connect(config, options).await.expect("scripts/bench starts the services");
    let app = minihompy::site::router(state.clone());
    let served = app.clone();
    tokio::spawn(async move {
        axum::serve(listener, served.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.unwrap();
    });

    // Members, logged in through the API (one argon2 hash each), and one room per pair.
    let run = uuid::Uuid::new_v4().simple().to_string();
    let mut members = vec![];
    for i in 0..clients {
        let email = format!("chat-{run}-{i}@example.test");
        let ip = format!("10.9.{}.{}", i / 250, i % 250);
        let (s, b) = post(
            &app,
            "/api/users/signup",
            &ip,
            None,
            json!({"email": email, "password": "Bench-Pass-2026!", "name": "벤치", "nickname": format!("벤치{i}")}),
        )
        .await;
        assert_eq!(s, 201, "{b}");
        let (s, b) = post(&app, "/api/users/login", &ip, None, json!({"email": email, "password": "Bench-Pass-2026!"})).await;
        assert_eq!(s, 200, "{b}");
        members.push(b["accessToken"].as_str().unwrap().to_owned());
    }
    let mut rooms = vec![];
    for pair in members.chunks(2) {
        let ip = "10.8.0.1";
        let other = user_id(&pair[1]);
        let (s, b) = post(&app, "/api/chat/rooms", ip, Some(&pair[0]), json!({"withUserId": other})).await;
        assert_eq!(s, 200, "{b}");
        rooms.push(b["roomId"].as_str().unwrap().to_owned());
    }

    // Connect everyone first, then start sending at once.
    let mut sockets = vec![];
    for (i, token) in members.iter().enumerate() {
        let mut req = format!("ws://{addr}/ws").into_client_request().unwrap();
        req.headers_mut().insert("authorization", format!("Bearer {token}").parse().unwrap());
        let (mut ws, _) = tokio_tungstenite::connect_async(req).await.expect("socket");
        loop {
            if let Some(Ok(Message::Text(t))) = ws.next().await {
                if t.contains("\"hello\"") {
                    break;
                }
            }
        }
        sockets.push((ws, user_id(token), rooms[i / 2].clone()));
    }
    let start = Instant::now();
    let mut tasks = vec![];
    for (ws, me, room) in sockets {
        tasks.push(tokio::spawn(client(ws, me, room, per_client, start)));
    }
    let mut stats = vec![];
    for t in tasks {
        stats.push(t.await.unwrap());
    }
    let stored: usize = stats.iter().map(|s| s.acked).sum();
    let delivered: usize = stats.iter().map(|s| s.delivered).sum();
    let last = stats.iter().map(|s| s.last_delivery).max().unwrap_or(start);
    let wall = last.duration_since(start).as_secs_f64();
    let mut lat: Vec<f64> = stats.into_iter().flat_map(|s| s.latencies_ms).collect();
    lat.sort_by(|a, b| a.total_cmp(b));
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!("chat load: 1 instance, {cores} cores, {clients} WebSocket clients ({} rooms), {per_client} messages each", clients / 2);
    println!("stored     {stored:>6} msgs  {:>8.1} msg/s  (acknowledged after the MongoDB insert)", stored as f64 / wall);
    println!(
        "delivered  {delivered:>6} msgs  {:>8.1} msg/s  p50 {:>7.2} ms  p99 {:>7.2} ms  lost {}",
        delivered as f64 / wall,
        percentile(&lat, 0.50),
        percentile(&lat, 0.99),
        stored.saturating_sub(delivered)
    );

    // The MongoDB server's own pace: plain insert_one with the same concurrency.
    let raw = state.mongo.collection::<mongodb::bson::Document>(&format!("bench_raw_{run}"));
    let raw_start = Instant::now();
    let mut tasks = vec![];
    for c in 0..clients {
        let raw = raw.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..per_client {
                raw.insert_one(mongodb::bson::doc! { "c": c as i64, "i": i as i64, "text": "raw insert" }).await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let raw_secs = raw_start.elapsed().as_secs_f64();
    println!(
        "mongodb raw insert_one, {clients} concurrent: {:>6} docs  {:>8.1} docs/s",
        clients * per_client,
        (clients * per_client) as f64 / raw_secs
    );
    let _ = raw.drop().await;
    // Each chat message costs more than one insert: the seq $inc, the insert, two member
    // updates and two Redis publishes.
    if stored != delivered {
        std::process::exit(1);
    }
}

fn user_id(token: &str) -> u64 {
    use base64::Engine;
    let claims = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(claims).unwrap();
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    v["sub"].as_str().and_then(|s| s.parse().ok()).or(v["sub"].as_u64()).unwrap()
}

async fn client(
    ws: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    me: u64,
    room: String,
    count: usize,
    start: Instant,
) -> ClientStats {
    let (mut sink, mut stream) = ws.split();
    let (ack_tx, mut ack_rx) = tokio::sync::mpsc::unbounded_channel::<()>();
    let reader = tokio::spawn(async move {
        let mut s = ClientStats { acked: 0, delivered: 0, latencies_ms: vec![], last_delivery: start };
        let mut seen = std::collections::HashSet::new();
        while s.delivered < count || s.acked < count {
            let frame = match tokio::time::timeout(Duration::from_secs(30), stream.next()).await {
                Ok(Some(Ok(Message::Text(t)))) => t,
                Ok(Some(Ok(_))) => continue,
                _ => break,
            };
            let v: Value = serde_json::from_str(&frame).unwrap_or_default();
            match v["type"].as_str() {
                Some("ack") => {
                    s.acked += 1;
                    let _ = ack_tx.send(());
                }
                Some("message")
                    if v["message"]["senderId"].as_u64() != Some(me)
                    // The text carries the send time (µs since the start of the run).
                    && seen.insert(v["message"]["seq"].as_i64()) =>
                {
                    let sent_us: u64 = v["message"]["text"].as_str().unwrap_or("0").trim_start_matches('t').parse().unwrap_or(0);
                    let now = Instant::now();
                    s.latencies_ms.push((now.duration_since(start).as_micros() as f64 - sent_us as f64) / 1000.0);
                    s.delivered += 1;
                    s.last_delivery = now;
                }
                _ => {}
            }
        }
        s
    });
    for i in 0..count {
        let text = format!("t{}", start.elapsed().as_micros());
        let event = json!({"type": "send", "roomId": room, "clientId": format!("load-{me}-{i}"), "text": text});
        if sink.send(Message::Text(event.to_string().into())).await.is_err() {
            break;
        }
        if tokio::time::timeout(Duration::from_secs(30), ack_rx.recv()).await.ok().flatten().is_none() {
            break;
        }
    }
    let stats = reader.await.unwrap();
    let _ = sink.close().await;
    stats
}

/// A JSON POST through the in-process router (setup only; the load goes over sockets).
async fn post(app: &axum::Router, path: &str, ip: &str, token: Option<&str>, body: Value) -> (u16, Value) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut req = axum::http::Request::post(path).header("content-type", "application/json").header("x-forwarded-for", ip);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let res = app.clone().oneshot(req.body(axum::body::Body::from(body.to_string())).unwrap()).await.unwrap();
    let status = res.status().as_u16();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or_default())
}
