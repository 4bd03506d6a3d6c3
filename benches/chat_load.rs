//! Chat load on one app instance: the real binary (`minihompy serve`) in a process of its
//! own, so the memory printed is the app's. CHAT_CLIENTS WebSocket clients (1,000 by
//! default) in pairs, one room per pair. Prints, in one run:
//! 1. the app's resident memory before the sockets and with them all connected and idle;
//! 2. the maximum: every client sends CHAT_MESSAGES to its partner, the next one only after
//!    the previous is acknowledged (stored): messages per second stored and delivered, next
//!    to plain `insert_one` into the same MongoDB server with the same concurrency;
//! 3. half that rate, paced evenly for CHAT_PACED_SECS: delivery latency (send → partner's
//!    socket) p50/p99, and messages lost.
//!
//! With CHAT_SOAK_SECS (`scripts/bench soak`: 600), step 3 is the soak instead: half the
//! maximum for that long, each message after a typing event, the app's memory every 30 s,
//! then growth since the first minute, delivery p99, messages lost, and how many sockets
//! the server closed cleanly when their clients said goodbye.
//!
//! Run with `scripts/bench` (it starts the services and sets their URLs).

use futures::{SinkExt, StreamExt};
use minihompy::server::config::Config;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::{client::IntoClientRequest, Message};

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Resident memory of a process, in MiB.
fn rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib: f64 =
        status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.split_whitespace().next()?.parse().ok()).unwrap_or(0.0);
    kib / 1024.0
}

/// CPU seconds a process used so far (user + system; the kernel counts in 1/100 s).
fn cpu_secs(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime and stime are 12th and 13th.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<f64> = rest.split_whitespace().map(|x| x.parse().unwrap_or(0.0)).collect();
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}

struct ClientStats {
    /// The server answered the client's Close with its own.
    closed_cleanly: bool,
    acked: usize,
    delivered: usize,
    /// (latency in ms, when it was sent in s since the phase began) of each delivery.
    deliveries: Vec<(f64, f64)>,
    last_delivery: Instant,
}

/// Stops the app when the bench ends, however it ends.
struct App(std::process::Child);
impl Drop for App {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let clients = env_usize("CHAT_CLIENTS", 1000).max(2) / 2 * 2;
    let per_client = env_usize("CHAT_MESSAGES", 20);
    let paced_secs = env_usize("CHAT_PACED_SECS", 10) as f64;

    // Setup (members, rooms) through an in-process router on the same stores.
    let mut config = Config::from_env().expect("config");
    config.trust_proxy = true;
    let options = leptos::config::LeptosOptions::builder().output_name("minihompy").build();
    let state = minihompy::site::connect(config, options).await.expect("scripts/bench starts the services");
    let setup = minihompy::site::router(state.clone());
    let run = uuid::Uuid::new_v4().simple().to_string();
    let made = Instant::now();
    let members: Vec<String> = futures::stream::iter((0..clients).map(|i| {
        let (setup, run) = (setup.clone(), run.clone());
        async move {
            let email = format!("chat-{run}-{i}@example.test");
            let ip = format!("10.{}.{}.{}", 9 + i / 62_500, i / 250 % 250, i % 250);
            let body = json!({"email": email, "password": "Bench-Pass-2026!", "name": "벤치", "nickname": format!("벤치{i}")});
            let (s, b) = post(&setup, "/api/users/signup", &ip, None, body).await;
            assert_eq!(s, 201, "{b}");
            let (s, b) = post(&setup, "/api/users/login", &ip, None, json!({"email": email, "password": "Bench-Pass-2026!"})).await;
            assert_eq!(s, 200, "{b}");
            b["accessToken"].as_str().unwrap().to_owned()
        }
    }))
    .buffered(8)
    .collect()
    .await;
    // Chat needs a verified email; the bench's members skip the mailed code.
    sqlx::query("UPDATE users SET email_verified_at = NOW(3) WHERE email LIKE ?")
        .bind(format!("chat-{run}-%"))
        .execute(&state.db)
        .await
        .expect("verify the bench's members");
    let mut rooms = vec![];
    for pair in members.chunks(2) {
        let (s, b) = post(&setup, "/api/chat/rooms", "10.8.0.1", Some(&pair[0]), json!({"withUserId": user_id(&pair[1])})).await;
        assert_eq!(s, 200, "{b}");
        rooms.push(b["roomId"].as_str().unwrap().to_owned());
    }
    // The setup's state subscribes to every member's events like an app instance; dropped
    // here so Redis does not feed this process a copy of each message under load.
    let mongo = state.mongo.clone();
    drop(setup);
    drop(state);
    eprintln!("chat load: {clients} members signed up and logged in, {} rooms, in {:.0} s", rooms.len(), made.elapsed().as_secs_f64());

    // The app: the release binary cargo built for this bench, on a port of its own.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let addr = format!("127.0.0.1:{port}");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_minihompy"))
        .arg("serve")
        .env("LEPTOS_SITE_ADDR", &addr)
        .env("PUBLIC_URL", format!("http://{addr}"))
        .env("INSTANCE_ID", "bench-chat")
        // The per-member send limit (5/s) would measure the limiter, not the pipeline.
        .env("CHAT_SENDS_PER_SECOND", "1000000")
        .env("RUST_LOG", "warn")
        .spawn()
        .expect("start minihompy serve");
    let app = App(child);
    let pid = app.0.id();
    wait_for_health(&addr).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_before = rss_mib(pid);

    let mut sockets = connect_all(&addr, &members).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let rss_idle = rss_mib(pid);
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!("chat load: 1 instance (its own process), {cores} cores, {clients} WebSocket clients, {} rooms", clients / 2);
    println!(
        "app memory  {rss_before:>7.1} MiB before the sockets, {rss_idle:>7.1} MiB with {clients} idle sockets (+{:.1} MiB, {:.1} KiB each)",
        rss_idle - rss_before,
        (rss_idle - rss_before) * 1024.0 / clients as f64
    );

    // 2. The maximum: one message in flight per client.
    let raw_before = insert_rate(&mongo.collection(&format!("bench_before_{run}")), clients, per_client).await;
    let cpu_before = cpu_secs(pid);
    let start = Instant::now();
    let tasks: Vec<_> = sockets
        .drain(..)
        .enumerate()
        .map(|(i, ws)| tokio::spawn(client(ws, user_id(&members[i]), rooms[i / 2].clone(), per_client, None, start, false)))
        .collect();
    let Gathered { stored, delivered, wall, .. } = gather(tasks, start).await;
    let max_rate = stored as f64 / wall;
    let rss_busy = rss_mib(pid);
    let cpu_ms = (cpu_secs(pid) - cpu_before) * 1000.0 / stored.max(1) as f64;
    println!(
        "maximum     {stored:>6} stored  {max_rate:>8.1} msg/s   {delivered:>6} delivered  {:>8.1} msg/s  lost {}  (app: {cpu_ms:.2} ms CPU a message, {rss_busy:.1} MiB)",
        delivered as f64 / wall,
        stored.saturating_sub(delivered)
    );

    // The MongoDB server's own pace: plain insert_one with the same concurrency, measured
    // before and after the chat (this machine's figures drift by a fifth between runs), and
    // into a collection indexed as chat_messages is (what a message's one write costs).
    let raw = mongo.collection::<mongodb::bson::Document>(&format!("bench_raw_{run}"));
    let raw_after = insert_rate(&raw, clients, per_client).await;
    let indexed = mongo.collection::<mongodb::bson::Document>(&format!("bench_indexed_{run}"));
    // The three of `chat::store::ensure_indexes`: two unique, and a member's newest message.
    for (keys, unique) in [
        (mongodb::bson::doc! { "room": 1, "seq": 1 }, true),
        (mongodb::bson::doc! { "sender": 1, "clientId": 1 }, true),
        (mongodb::bson::doc! { "room": 1, "sender": 1, "seq": -1 }, false),
    ] {
        let name = keys.keys().cloned().collect::<Vec<_>>().join("_");
        let options = mongodb::options::IndexOptions::builder().name(name).unique(unique).build();
        indexed.create_index(mongodb::IndexModel::builder().keys(keys).options(options).build()).await.unwrap();
    }
    let indexed_rate = insert_rate(&indexed, clients, per_client).await;
    let _ = indexed.drop().await;
    let raw_rate = (raw_before + raw_after) / 2.0;
    println!(
        "mongodb     raw insert_one, {clients} concurrent: {raw_before:.1} docs/s before, {raw_after:.1} after; chat stored at {:.0}% of their mean",
        100.0 * max_rate / raw_rate
    );
    println!(
        "mongodb     insert_one indexed as chat_messages, {clients} concurrent: {indexed_rate:.1} docs/s; chat stored at {:.0}% of it",
        100.0 * max_rate / indexed_rate
    );

    // 3. Half the maximum, paced: each client sends every `clients / rate` seconds (for the
    // soak's length when it is one).
    let soak_secs = env_usize("CHAT_SOAK_SECS", 0);
    let soak = soak_secs > 0;
    let paced_secs = if soak { soak_secs as f64 } else { paced_secs };
    let rate = max_rate / 2.0;
    let every = Duration::from_secs_f64(clients as f64 / rate);
    let count = ((paced_secs / every.as_secs_f64()).ceil() as usize).max(1);
    let sockets = connect_all(&addr, &members).await;
    // Let the presence announcements of 2,000 sockets coming and going settle first.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let start = Instant::now();
    // The soak's memory, every 30 s.
    let memory: std::sync::Arc<std::sync::Mutex<Vec<(u64, f64)>>> = Default::default();
    let sampler = soak.then(|| {
        let memory = memory.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval_at((start + Duration::from_secs(30)).into(), Duration::from_secs(30));
            loop {
                tick.tick().await;
                let (t, rss) = (start.elapsed().as_secs(), rss_mib(pid));
                println!("soak        {t:>4} s  app memory {rss:>7.1} MiB  ({:.1} s of CPU so far)", cpu_secs(pid));
                memory.lock().unwrap().push((t, rss));
            }
        })
    });
    let tasks: Vec<_> = sockets
        .into_iter()
        .enumerate()
        .map(|(i, ws)| {
            // Spread the clients over the period so the rate is even.
            let offset = every.mul_f64(i as f64 / clients as f64);
            tokio::spawn(client(ws, user_id(&members[i]), rooms[i / 2].clone(), count, Some((offset, every)), start, soak))
        })
        .collect();
    let Gathered { stored, delivered, wall, latencies: lat, slowest_sent, closed_cleanly: clean } = gather(tasks, start).await;
    if let Some(s) = sampler {
        s.abort();
    }
    println!(
        "{}   {stored:>6} stored  {:>8.1} msg/s (aimed {rate:.1})   delivery p50 {:>6.1} ms  p90 {:>6.1}  p99 {:>6.1}  max {:>6.1} ms  lost {}  (the slowest 1% sent {:.1}–{:.1} s into {paced_secs:.0})",
        if soak { "soak     " } else { "half rate" },
        stored as f64 / wall,
        percentile(&lat, 0.50),
        percentile(&lat, 0.90),
        percentile(&lat, 0.99),
        percentile(&lat, 1.0),
        stored.saturating_sub(delivered),
        slowest_sent.0,
        slowest_sent.1
    );
    if soak {
        let closed = rss_mib(pid);
        // 1,000 sockets closing at once (each announcing its member offline) raise the
        // allocator's high-water mark, which it keeps: the app's memory again 15 s later.
        tokio::time::sleep(Duration::from_secs(15)).await;
        let settled = rss_mib(pid);
        // Held or leaked? A thousand sockets more, opened and closed the same way: memory that
        // was only held is used again, a leak grows by as much again.
        let again = connect_all(&addr, &members).await;
        tokio::time::sleep(Duration::from_secs(3)).await;
        futures::future::join_all(again.into_iter().map(close_cleanly)).await;
        tokio::time::sleep(Duration::from_secs(15)).await;
        let reopened = rss_mib(pid);
        let samples = memory.lock().unwrap().clone();
        let first = samples.iter().find(|(t, _)| *t >= 60).map(|(_, m)| *m).unwrap_or(closed);
        let last = samples.iter().rev().find(|(t, _)| *t as f64 <= paced_secs - 5.0).map(|(_, m)| *m).unwrap_or(closed);
        println!(
            "soak        {soak_secs} s with typing: app memory {first:.1} MiB after the first minute, {last:.1} MiB at the last sample under load ({:+.1}%); {closed:.1} MiB as the sockets had closed, {settled:.1} MiB 15 s later ({:+.1}%), {reopened:.1} MiB after {clients} more sockets opened and closed ({:+.1}%); {clean} of {clients} sockets closed cleanly",
            100.0 * (last - first) / first,
            100.0 * (settled - first) / first,
            100.0 * (reopened - first) / first
        );
    }
    // The store's own latency at that pace: insert_one paced the same way (for 30 s after a
    // soak), so the delivery tail can be told from the store's.
    let count = if soak { ((30.0 / every.as_secs_f64()).ceil() as usize).max(1) } else { count };
    let raw_start = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let raw = raw.clone();
            let offset = every.mul_f64(c as f64 / clients as f64);
            tokio::spawn(async move {
                let mut lat = vec![];
                for i in 0..count {
                    tokio::time::sleep_until((raw_start + offset + every.mul_f64(i as f64)).into()).await;
                    let t = Instant::now();
                    raw.insert_one(mongodb::bson::doc! { "c": c as i64, "i": i as i64, "text": "raw insert" }).await.unwrap();
                    lat.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                lat
            })
        })
        .collect();
    let mut lat = vec![];
    for t in tasks {
        lat.extend(t.await.unwrap());
    }
    lat.sort_by(|a, b| a.total_cmp(b));
    let _ = raw.drop().await;
    println!(
        "mongodb     raw insert_one paced the same: p50 {:>6.1} ms  p90 {:>6.1}  p99 {:>6.1}  max {:>6.1} ms",
        percentile(&lat, 0.50),
        percentile(&lat, 0.90),
        percentile(&lat, 0.99),
        percentile(&lat, 1.0)
    );
    drop(app);
    if stored != delivered || soak && clean != clients {
        std::process::exit(1);
    }
}

/// Documents per second stored by `clients` tasks, each inserting `per_client` one by one
/// (a chat message's shape: room, seq, sender, clientId, text, createdAt); the collection is
/// dropped after.
async fn insert_rate(coll: &mongodb::Collection<mongodb::bson::Document>, clients: usize, per_client: usize) -> f64 {
    let start = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let coll = coll.clone();
            tokio::spawn(async move {
                for i in 0..per_client {
                    let doc = mongodb::bson::doc! {
                        "room": format!("r{}", c / 2), "seq": (i * 2 + c % 2) as i64, "sender": c as i64,
                        "clientId": format!("c{i}"), "text": "raw insert", "createdAt": i as i64,
                    };
                    coll.insert_one(doc).await.unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let rate = (clients * per_client) as f64 / start.elapsed().as_secs_f64();
    let _ = coll.drop().await;
    rate
}

async fn wait_for_health(addr: &str) {
    for _ in 0..300 {
        if let Ok(mut s) = tokio::net::TcpStream::connect(addr).await {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let _ = s.write_all(b"GET /health HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n").await;
            let mut head = [0u8; 12];
            if s.read_exact(&mut head).await.is_ok() && &head[9..12] == b"200" {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("minihompy serve did not answer /health on {addr}");
}

/// Every member's socket, each past its `hello`.
async fn connect_all(addr: &str, members: &[String]) -> Vec<Socket> {
    futures::stream::iter(members.iter().map(|token| async move {
        let mut req = format!("ws://{addr}/ws").into_client_request().unwrap();
        req.headers_mut().insert("authorization", format!("Bearer {token}").parse().unwrap());
        // TCP_NODELAY, as browsers do: a typing event and its message leave at once.
        let (mut ws, _) = tokio_tungstenite::connect_async_with_config(req, None, true).await.expect("socket");
        loop {
            if let Some(Ok(Message::Text(t))) = ws.next().await {
                if t.contains("\"hello\"") {
                    return ws;
                }
            }
        }
    }))
    .buffered(32)
    .collect()
    .await
}

struct Gathered {
    stored: usize,
    delivered: usize,
    /// Seconds from the start to the last delivery.
    wall: f64,
    /// Every delivery's latency in ms, sorted.
    latencies: Vec<f64>,
    /// When the slowest 1% were sent (s since the start: first and last), to tell one
    /// episode from a spread tail.
    slowest_sent: (f64, f64),
    closed_cleanly: usize,
}

async fn gather(tasks: Vec<tokio::task::JoinHandle<ClientStats>>, start: Instant) -> Gathered {
    let mut stats = vec![];
    for t in tasks {
        stats.push(t.await.unwrap());
    }
    let stored = stats.iter().map(|s| s.acked).sum();
    let delivered = stats.iter().map(|s| s.delivered).sum();
    let last = stats.iter().map(|s| s.last_delivery).max().unwrap_or(start);
    let closed_cleanly = stats.iter().filter(|s| s.closed_cleanly).count();
    let mut all: Vec<(f64, f64)> = stats.into_iter().flat_map(|s| s.deliveries).collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let slowest = &all[all.len() - all.len() / 100..];
    let slowest_sent = slowest.iter().fold((f64::MAX, 0.0_f64), |(lo, hi), (_, at)| (lo.min(*at), hi.max(*at)));
    let latencies = all.iter().map(|(ms, _)| *ms).collect();
    Gathered { stored, delivered, wall: last.duration_since(start).as_secs_f64(), latencies, slowest_sent, closed_cleanly }
}

/// The unsigned number right after `key` in `text`.
fn number_after(text: &str, key: &str) -> Option<u64> {
    let rest = &text[text.find(key)? + key.len()..];
    let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    rest[..end].parse().ok()
}

fn user_id(token: &str) -> u64 {
    use base64::Engine;
    let claims = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(claims).unwrap();
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    v["sub"].as_str().and_then(|s| s.parse().ok()).or(v["sub"].as_u64()).unwrap()
}

/// Sends `count` messages to the room: one after another's ack (`pace: None`), or one every
/// period after an offset whatever the acks; meanwhile counts acks and the partner's
/// messages, whose text carries their send time. `typing`: each message after a typing
/// event, as a person types. At the end it closes the socket and waits for the server's Close.
async fn client(
    ws: Socket,
    me: u64,
    room: String,
    count: usize,
    pace: Option<(Duration, Duration)>,
    start: Instant,
    typing: bool,
) -> ClientStats {
    let (mut sink, mut stream) = ws.split();
    let (ack_tx, mut ack_rx) = tokio::sync::mpsc::unbounded_channel::<()>();
    let reader = tokio::spawn(async move {
        let mut s = ClientStats { closed_cleanly: false, acked: 0, delivered: 0, deliveries: vec![], last_delivery: start };
        let mut seen = std::collections::HashSet::new();
        while s.delivered < count || s.acked < count {
            let frame = match tokio::time::timeout(Duration::from_secs(30), stream.next()).await {
                Ok(Some(Ok(Message::Text(t)))) => t,
                Ok(Some(Ok(_))) => continue,
                _ => break,
            };
            // Read only what is needed (the app's events put "type" first): a full JSON
            // parse of every frame made the load generator the busiest process.
            if frame.starts_with(r#"{"type":"nack""#) {
                // A refused message is a broken bench, not a figure: say why and stop.
                eprintln!("chat load: a message was refused: {frame}");
                break;
            } else if frame.starts_with(r#"{"type":"ack""#) {
                s.acked += 1;
                let _ = ack_tx.send(());
            } else if frame.starts_with(r#"{"type":"message""#) && number_after(&frame, r#""senderId":"#) != Some(me) {
                let seq = number_after(&frame, r#""seq":"#);
                if seen.insert(seq) {
                    // µs since the start of the phase, written by the sender.
                    let sent_us = number_after(&frame, r#""text":"t"#).unwrap_or(0);
                    let now = Instant::now();
                    let ms = (now.duration_since(start).as_micros() as f64 - sent_us as f64) / 1000.0;
                    s.deliveries.push((ms, sent_us as f64 / 1e6));
                    s.delivered += 1;
                    s.last_delivery = now;
                }
            }
        }
        (s, stream)
    });
    let tag = uuid::Uuid::new_v4().simple().to_string();
    for i in 0..count {
        if let Some((offset, every)) = pace {
            tokio::time::sleep_until((start + offset + every.mul_f64(i as f64)).into()).await;
        }
        if typing && sink.send(Message::Text(json!({"type": "typing", "roomId": room}).to_string().into())).await.is_err() {
            break;
        }
        let text = format!("t{}", start.elapsed().as_micros());
        let event = json!({"type": "send", "roomId": room, "clientId": format!("load-{tag}-{i}"), "text": text});
        if sink.send(Message::Text(event.to_string().into())).await.is_err() {
            break;
        }
        if pace.is_none() && tokio::time::timeout(Duration::from_secs(30), ack_rx.recv()).await.ok().flatten().is_none() {
            break;
        }
    }
    let (mut stats, stream) = reader.await.unwrap();
    stats.closed_cleanly = close_cleanly(sink.reunite(stream).expect("the socket's two halves")).await;
    stats
}

/// Closes a socket and waits up to 10 s for the server's own Close (other frames may still
/// be on the way): whether it came, a clean end.
async fn close_cleanly(mut ws: Socket) -> bool {
    let _ = ws.close(None).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while let Ok(Some(Ok(frame))) = tokio::time::timeout_at(deadline.into(), ws.next()).await {
        if let Message::Close(_) = frame {
            return true;
        }
    }
    false
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
