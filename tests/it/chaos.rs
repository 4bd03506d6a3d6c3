//! The fault drills (`scripts/chaos`; a short run ends `scripts/test`). Ignored in the
//! normal run: they kill the stores they use, so `scripts/chaos` runs them alone against
//! services of their own (`.data/chaos`).
//!
//! Two app instances (the release binary, each its own process) carry a mixed load:
//! members chatting over sockets (each pair split across the instances), and members
//! writing guestbook entries and diary entries, liking, buying shop items with 도토리 and
//! reading homepages over REST.
//! Each drill SIGKILLs one store (MariaDB, Redis, the MongoDB server), keeps it down
//! CHAOS_DOWN_SECS and starts it again; the last kills an app instance. Then, per drill:
//! - nothing acknowledged is lost: every write answered 2xx is in the store, every chat
//!   message acked to its sender reached the other member (over the socket or the catch-up
//!   after a reconnect), once, in order;
//! - no false success: every other answer is a 503 in the JSON error shape (or the socket's
//!   nack saying so), a rate limit, or a sign-in asked again, within the request timeout;
//! - `/health` of both instances shows the store down within 5 s, and after its return
//!   both are green and every kind of write succeeds again within 10 s, with no restart.
//!
//! Redis restarts empty (the scripts run it without persistence): members are signed out
//! and sign in again, and the chat's sequence and unread counts must still be right.

use crate::common::*;
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::{
    collections::{BTreeMap, HashMap},
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};
use tokio_tungstenite::tungstenite::{client::IntoClientRequest, Message};

type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The apps' request timeout in the drills: an answer later than this (plus slack) hung.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const DOWN_DETECTED_WITHIN: Duration = Duration::from_secs(5);
const RECOVERED_WITHIN: Duration = Duration::from_secs(10);

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

// ------------------------------------------------------------------ processes

/// An app instance: the release binary in a process of its own (killed when dropped).
struct App {
    name: String,
    port: u16,
    child: Option<Child>,
}

impl App {
    fn start(name: &str) -> App {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let logs = std::env::var("CHAOS_LOGS").unwrap_or_else(|_| std::env::temp_dir().display().to_string());
        let log = std::fs::OpenOptions::new().create(true).append(true).open(format!("{logs}/{name}.log")).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_minihompy"))
            .arg("serve")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("PUBLIC_URL", format!("http://127.0.0.1:{port}"))
            .env("INSTANCE_ID", name)
            .env("LEPTOS_ENV", "PROD")
            .env("REQUEST_TIMEOUT_SECS", REQUEST_TIMEOUT.as_secs().to_string())
            // Every member of the drill writes from 127.0.0.1 and sends often.
            .env("WRITE_LIMIT_ADDRESS_FACTOR", "1000")
            .env("CHAT_SENDS_PER_SECOND", "1000")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start minihompy serve");
        App { name: name.to_owned(), port, child: Some(child) }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// SIGKILL, as a crash would.
    fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.kill();
    }
}

/// `scripts/chaos store kill|start <store>`: SIGKILL the store, or start it as the scripts do.
async fn store(action: &'static str, which: &'static str) {
    let script = format!("{}/scripts/chaos", env!("CARGO_MANIFEST_DIR"));
    let status = tokio::task::spawn_blocking(move || Command::new("bash").arg(script).args(["store", action, which]).status())
        .await
        .unwrap()
        .expect("scripts/chaos store");
    assert!(status.success(), "scripts/chaos store {action} {which} failed");
}

// ------------------------------------------------------------------ what happened

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Answer {
    /// Stored (2xx, or the socket's ack).
    Done,
    /// 503 SERVICE_UNAVAILABLE in the JSON error shape, or the nack saying so.
    Unavailable,
    /// 429: the rate limit (not expected, not an error).
    Limited,
    /// 401: signed out (Redis lost the sessions); the member signs in again.
    SignedOut,
    /// A refusal that tells an earlier try's fate: ALREADY_OWNED for an item whose buy was
    /// answered 503 (or not at all) but went through.
    AlreadyDone,
    /// The instance did not answer at all (only in the drill that kills it).
    NoInstance,
    /// Anything else: a 500, an empty or non-JSON error, a wrong nack, no answer in time.
    Unclear,
}

struct Outcome {
    at: Instant,
    /// The member, and the instance that answered.
    who: u64,
    on: usize,
    kind: &'static str,
    answer: Answer,
    took: Duration,
    detail: String,
}

#[derive(Default)]
struct Record {
    outcomes: Vec<Outcome>,
    /// Writes answered 2xx, with when: (time, table, id).
    stored: Vec<(Instant, &'static str, u64)>,
    /// The last answered like state per (member, entry); None once a toggle's fate is unknown.
    likes: HashMap<(u64, u64), Option<(Instant, bool)>>,
    /// Purchases answered 200: (time, member, product).
    bought: Vec<(Instant, u64, String)>,
}

type Shared = Arc<Mutex<Record>>;

/// One answer (`took`: from sending this try to its answer).
fn note(rec: &Shared, (who, on): (u64, usize), kind: &'static str, answer: Answer, took: Duration, detail: String) {
    rec.lock().unwrap().outcomes.push(Outcome { at: Instant::now(), who, on, kind, answer, took, detail });
}

/// The apps' URLs (a killed instance's stays: its members move to the other).
#[derive(Clone)]
struct Site {
    urls: Arc<Vec<String>>,
    http: reqwest::Client,
}

#[derive(Clone)]
struct Person {
    id: u64,
    email: String,
    token: String,
    /// The instance this member uses while it is up.
    home: usize,
    partner: u64,
    room: String,
    /// A guestbook entry the partner wrote on this member's homepage, to like.
    partner_entry: u64,
    /// Shop items (10 도토리 each) this member buys one after another.
    products: Arc<Vec<String>>,
}

struct Answered {
    status: u16,
    body: Value,
    took: Duration,
}

impl Site {
    /// One request to instance `i`; Err when the instance did not answer at all.
    async fn call(&self, i: usize, method: reqwest::Method, path: &str, token: &str, body: Option<Value>) -> Result<Answered, String> {
        let start = Instant::now();
        let mut req = self.http.request(method, format!("{}{path}", self.urls[i])).bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.map_err(|e| e.to_string())?;
        let status = res.status().as_u16();
        let text = res.text().await.map_err(|e| e.to_string())?;
        Ok(Answered { status, body: serde_json::from_str(&text).unwrap_or(Value::String(text)), took: start.elapsed() })
    }

    async fn login(&self, i: usize, email: &str) -> Option<String> {
        let res =
            self.http.post(format!("{}/api/users/login", self.urls[i])).json(&json!({"email": email, "password": PASSWORD})).send().await;
        let body: Value = res.ok()?.json().await.ok()?;
        body["accessToken"].as_str().map(str::to_owned)
    }
}

fn classify(a: &Answered) -> Answer {
    match a.status {
        200..=299 => Answer::Done,
        503 if a.body["code"] == "SERVICE_UNAVAILABLE" => Answer::Unavailable,
        429 => Answer::Limited,
        401 => Answer::SignedOut,
        _ => Answer::Unclear,
    }
}

// ------------------------------------------------------------------ REST load

const KINDS: [&str; 5] = ["guestbook", "diary", "like", "buy", "page"];
/// What each member is given to spend, and what an item costs.
const GRANT: i64 = 1000;
const PRICE: u32 = 10;

/// Every 2 s one of: a guestbook entry on the partner's homepage, a diary entry of one's
/// own, a like toggled on the partner's entry, a shop item bought with 도토리, the
/// partner's homepage read as a page.
async fn writer(site: Site, mut p: Person, stop: Arc<AtomicBool>, rec: Shared, index: usize, of: usize) {
    let mut at = p.home;
    let mut bought = 0;
    let mut signed_in_again = false;
    // Members take turns: each kind of write happens every fraction of a second overall.
    let mut turn = index as u64;
    tokio::time::sleep(Duration::from_millis((2000 * index / of.max(1)) as u64)).await;
    while !stop.load(Ordering::Relaxed) {
        let kind = KINDS[(turn % KINDS.len() as u64) as usize];
        let product = p.products.get(bought).cloned().unwrap_or_default();
        let (method, path, body) = match kind {
            "guestbook" => {
                (reqwest::Method::POST, format!("/api/hompy/{}/guestbook", p.partner), Some(json!({"body": format!("방명록 {turn}")})))
            }
            "diary" => (
                reqwest::Method::POST,
                format!("/api/hompy/{}/diary", p.id),
                Some(json!({"entryDate": "2026-12-03", "title": format!("일기 {turn}"), "body": "오늘", "visibility": "PUBLIC"})),
            ),
            "like" => (reqwest::Method::POST, format!("/api/likes/guestbook/{}", p.partner_entry), None),
            "buy" => (reqwest::Method::POST, format!("/api/shop/products/{product}/buy"), None),
            _ => (reqwest::Method::GET, format!("/hompy/{}", p.partner), None),
        };
        match site.call(at, method, &path, &p.token, body).await {
            Err(e) => {
                note(&rec, (p.id, at), kind, Answer::NoInstance, Duration::ZERO, e);
                if kind == "like" {
                    rec.lock().unwrap().likes.insert((p.id, p.partner_entry), None);
                }
                at = 1 - at;
            }
            Ok(a) => {
                let mut answer = classify(&a);
                if kind == "buy" && a.status == 409 && a.body["code"] == "ALREADY_OWNED" {
                    answer = Answer::AlreadyDone;
                }
                if kind == "page" && a.status == 503 {
                    answer = Answer::Unavailable; // an HTML error page
                }
                {
                    let mut r = rec.lock().unwrap();
                    match (kind, answer) {
                        ("guestbook", Answer::Done) => {
                            r.stored.push((Instant::now(), "guestbook_entries", a.body["id"].as_u64().unwrap_or(0)))
                        }
                        ("diary", Answer::Done) => r.stored.push((Instant::now(), "diary_entries", a.body["id"].as_u64().unwrap_or(0))),
                        ("buy", Answer::Done) => {
                            r.bought.push((Instant::now(), p.id, product.clone()));
                            bought += 1;
                        }
                        // Bought by the try whose answer was lost: the next item then.
                        ("buy", Answer::AlreadyDone) => bought += 1,
                        ("like", Answer::Done) => {
                            r.likes.insert((p.id, p.partner_entry), Some((Instant::now(), a.body["liked"].as_bool().unwrap_or(false))));
                        }
                        // A toggle that was not answered 2xx may or may not have happened.
                        ("like", _) => {
                            r.likes.insert((p.id, p.partner_entry), None);
                        }
                        _ => {}
                    }
                    let detail = if answer == Answer::Done {
                        String::new()
                    } else {
                        format!("{} {}", a.status, a.body.to_string().chars().take(200).collect::<String>())
                    };
                    r.outcomes.push(Outcome { at: Instant::now(), who: p.id, on: at, kind, answer, took: a.took, detail });
                }
                if answer == Answer::SignedOut {
                    if let Some(t) = site.login(at, &p.email).await {
                        p.token = t;
                        // Signed in again: the same write at once (once), as a member would.
                        if !signed_in_again {
                            signed_in_again = true;
                            continue;
                        }
                    }
                }
            }
        }
        signed_in_again = false;
        if at != p.home && turn % 8 == 7 {
            at = p.home; // try the home instance again now and then
        }
        turn += 1;
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

// ------------------------------------------------------------------ chat load

#[derive(Default)]
struct ChatView {
    me: u64,
    room: String,
    /// My messages acked: (my number, seq, when).
    acked: Vec<(u64, i64, Instant)>,
    /// What reached me (socket and catch-ups): seq → (sender, clientId).
    seen: BTreeMap<i64, (u64, String)>,
    /// Two messages under one seq, or one message under two.
    conflicts: Vec<String>,
    reconnects: u32,
    /// The seq up to which every message is here (as the browser keeps it): live messages
    /// move it on only without a gap, a whole catch-up past any.
    synced: i64,
}

impl ChatView {
    fn saw(&mut self, m: &Value) {
        let (Some(seq), Some(sender), Some(cid)) = (m["seq"].as_i64(), m["senderId"].as_u64(), m["clientId"].as_str()) else { return };
        if let Some(prev) = self.seen.get(&seq) {
            if prev != &(sender, cid.to_owned()) {
                self.conflicts.push(format!("seq {seq} carries {prev:?} and ({sender}, {cid})"));
            }
            return;
        }
        self.seen.insert(seq, (sender, cid.to_owned()));
        while self.seen.contains_key(&(self.synced + 1)) {
            self.synced += 1;
        }
    }
}

fn client_id(me: u64, n: u64) -> String {
    format!("drill-{me}-{n}")
}

async fn connect(site: &Site, at: usize, p: &mut Person, rec: &Shared) -> Option<Ws> {
    let url = site.urls[at].replace("http://", "ws://") + "/ws";
    let mut req = url.into_client_request().unwrap();
    req.headers_mut().insert("authorization", format!("Bearer {}", p.token).parse().unwrap());
    match tokio::time::timeout(REQUEST_TIMEOUT, tokio_tungstenite::connect_async(req)).await {
        Ok(Ok((ws, _))) => Some(ws),
        Ok(Err(tokio_tungstenite::tungstenite::Error::Http(res))) if res.status() == 401 => {
            note(rec, (p.id, at), "socket", Answer::SignedOut, Duration::ZERO, String::new());
            if let Some(t) = site.login(at, &p.email).await {
                p.token = t;
            }
            None
        }
        Ok(Err(tokio_tungstenite::tungstenite::Error::Http(res))) => {
            let answer = if res.status() == 503 { Answer::Unavailable } else { Answer::Unclear };
            note(rec, (p.id, at), "socket", answer, Duration::ZERO, format!("handshake {}", res.status()));
            None
        }
        Ok(Err(e)) => {
            note(rec, (p.id, at), "socket", Answer::NoInstance, Duration::ZERO, e.to_string());
            None
        }
        Err(_) => {
            note(rec, (p.id, at), "socket", Answer::Unclear, REQUEST_TIMEOUT, "handshake timed out".into());
            None
        }
    }
}

/// What a browser does after (re)connecting: fetch what came after the seq up to which it
/// has everything (src/chat/ui/room.rs). A member signed out (Redis lost the sessions)
/// signs in again and tries once more.
async fn catch_up(site: &Site, at: usize, p: &mut Person, view: &mut ChatView) -> bool {
    // A few seqs early, as the browser does: a seq is taken before its insert, so a higher
    // one can arrive live before a lower one is stored.
    let mut after = (view.synced - 20).max(0);
    let mut signed_in_again = false;
    loop {
        let path = format!("/api/chat/rooms/{}/messages?after={after}&limit=100", p.room);
        let Ok(a) = site.call(at, reqwest::Method::GET, &path, &p.token, None).await else { return false };
        if a.status == 401 && !signed_in_again {
            signed_in_again = true;
            match site.login(at, &p.email).await {
                Some(t) => p.token = t,
                None => return false,
            }
            continue;
        }
        let Some(list) = a.body.as_array().filter(|_| a.status == 200) else { return false };
        for m in list {
            after = after.max(m["seq"].as_i64().unwrap_or(0));
            view.saw(m);
        }
        if list.len() < 100 {
            view.synced = view.synced.max(after);
            return true;
        }
    }
}

/// One member's chat: a message every 500 ms to the partner, the next one after the
/// previous is acked; a refused one is sent again with the same clientId (as the browser
/// does), and so is one unanswered when the socket drops.
async fn chatter(site: Site, mut p: Person, stop: Arc<AtomicBool>, rec: Shared) -> (Person, ChatView) {
    let mut view = ChatView { me: p.id, room: p.room.clone(), ..Default::default() };
    let mut ws: Option<Ws> = None;
    let mut at = p.home;
    let mut next = 0u64;
    // (number, when this try was sent, when to send it again if not answered or refused)
    let mut pending: Option<(u64, Instant, Instant)> = None;
    let mut next_send = Instant::now();
    let mut stopped: Option<Instant> = None;
    let mut behind = false;
    loop {
        if stop.load(Ordering::Relaxed) {
            let s = *stopped.get_or_insert_with(Instant::now);
            if pending.is_none() || s.elapsed() > Duration::from_secs(30) {
                break;
            }
        }
        let Some(socket) = ws.as_mut() else {
            match connect(&site, at, &mut p, &rec).await {
                Some(s) => {
                    ws = Some(s);
                    view.reconnects += 1;
                    behind = true;
                }
                None => {
                    if at != p.home || site.urls.len() == 1 {
                        at = p.home;
                    } else {
                        at = 1 - at;
                    }
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
            continue;
        };
        if behind {
            behind = !catch_up(&site, at, &mut p, &mut view).await;
        }
        let now = Instant::now();
        let send_now = match pending {
            Some((n, _, again)) if now >= again => Some(n),
            None if stopped.is_none() && now >= next_send => {
                next += 1;
                pending = Some((next, now, now + REQUEST_TIMEOUT));
                next_send = now + Duration::from_millis(500);
                Some(next)
            }
            _ => None,
        };
        if let Some(n) = send_now {
            if let Some(pend) = pending.as_mut() {
                pend.1 = now;
                pend.2 = now + REQUEST_TIMEOUT + Duration::from_secs(2);
            }
            let event = json!({"type": "send", "roomId": p.room, "clientId": client_id(p.id, n), "text": format!("메시지 {n}")});
            if socket.send(Message::Text(event.to_string().into())).await.is_err() {
                ws = None;
                continue;
            }
        }
        // An answer that never came: the link is dead; reconnect and send again.
        if let Some((n, sent, again)) = pending {
            if now >= again && send_now.is_none() {
                note(&rec, (p.id, at), "chat", Answer::Unclear, sent.elapsed(), format!("no answer to message {n}"));
                ws = None;
                continue;
            }
        }
        let frame = match tokio::time::timeout(Duration::from_millis(100), socket.next()).await {
            Err(_) => continue,
            Ok(Some(Ok(Message::Text(t)))) => t,
            Ok(Some(Ok(Message::Close(_)))) | Ok(None) | Ok(Some(Err(_))) => {
                ws = None;
                continue;
            }
            Ok(Some(Ok(_))) => continue,
        };
        let Ok(event) = serde_json::from_str::<Value>(&frame) else { continue };
        match event["type"].as_str() {
            Some("ack") => {
                if let Some((n, sent, _)) = pending.filter(|(n, _, _)| event["clientId"] == client_id(p.id, *n)) {
                    view.acked.push((n, event["message"]["seq"].as_i64().unwrap_or(0), Instant::now()));
                    view.saw(&event["message"]);
                    note(&rec, (p.id, at), "chat", Answer::Done, sent.elapsed(), String::new());
                    pending = None;
                }
            }
            Some("nack") => {
                let answer = match event["code"].as_str() {
                    Some("SERVICE_UNAVAILABLE") => Answer::Unavailable,
                    Some("RATE_LIMITED") => Answer::Limited,
                    _ => Answer::Unclear,
                };
                note(&rec, (p.id, at), "chat", answer, pending.map(|p| p.1.elapsed()).unwrap_or_default(), event.to_string());
                if let Some(pend) = pending.as_mut() {
                    pend.2 = Instant::now() + Duration::from_millis(event["retryAfterMs"].as_u64().unwrap_or(500));
                }
            }
            Some("message") => view.saw(&event["message"]),
            // A hello after the first one: the instance's Redis link came back; catch up.
            Some("hello") => behind = true,
            _ => {}
        }
    }
    if let Some(mut s) = ws {
        let _ = s.close(None).await;
    }
    (p, view)
}

// ------------------------------------------------------------------ health

#[derive(Clone)]
struct HealthSample {
    at: Instant,
    instance: usize,
    /// Per store: Some(up) from the instance's /health; None when it did not answer.
    mysql: Option<bool>,
    redis: Option<bool>,
    mongodb: Option<bool>,
}

/// Polls each instance's /health every 250 ms (each instance on its own, so one slow
/// answer does not delay the other's).
async fn watch_health(site: Site, stop: Arc<AtomicBool>, samples: Arc<Mutex<Vec<HealthSample>>>) {
    let pollers: Vec<_> = (0..site.urls.len())
        .map(|i| {
            let (site, stop, samples) = (site.clone(), stop.clone(), samples.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let res = site.http.get(format!("{}/health", site.urls[i])).timeout(Duration::from_secs(3)).send().await;
                    let body: Option<Value> = match res {
                        Ok(r) => r.json().await.ok(),
                        Err(_) => None,
                    };
                    let up = |s: &str| body.as_ref().map(|b| b["checks"][s]["status"] == "up");
                    let sample =
                        HealthSample { at: Instant::now(), instance: i, mysql: up("mysql"), redis: up("redis"), mongodb: up("mongodb") };
                    samples.lock().unwrap().push(sample);
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
            })
        })
        .collect();
    for p in pollers {
        let _ = p.await;
    }
}

// ------------------------------------------------------------------ the drill

struct Drill {
    store: &'static str,
    /// Its answers are those from the previous drill's end (or the load's start) to its end.
    from: Instant,
    /// When the kill had happened (the script's start is not the store's death).
    killed: Instant,
    /// When the store was up again (its start script waits until it answers).
    back: Instant,
    end: Instant,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "a fault drill: scripts/chaos runs it against stores of its own"]
async fn drill() {
    let pairs = env_u64("CHAOS_PAIRS", 6) as usize;
    let down = Duration::from_secs(env_u64("CHAOS_DOWN_SECS", 15));
    let stores: Vec<&'static str> = std::env::var("CHAOS_STORES")
        .unwrap_or_else(|_| "mariadb,redis,mongo,app".into())
        .split(',')
        .map(|s| match s.trim() {
            "mariadb" => "mariadb",
            "redis" => "redis",
            "mongo" => "mongo",
            "app" => "app",
            other => panic!("unknown store {other}"),
        })
        .collect();

    // Members through an in-process router on the same stores: pairs, one member of each
    // on each instance, a room, a guestbook entry each on the other's homepage to like.
    let (setup, state) = api().await;
    let (staff_client, staff) = someone(&setup, &state).await;
    make_role(&state, staff.id, "ADMIN").await;
    let staff_call = |method: &'static str, path: String, body: Value| {
        let (setup, staff_client, staff) = (setup.clone(), staff_client.clone(), staff.clone());
        async move { staff_client.call(&setup, method, &path, Some(&staff.access), Some(body)).await }
    };
    // Items and 도토리 for a member to buy one after another through the drill.
    let shopping = |id: u64| async move {
        let res = staff_call("POST", "/api/admin/shop/adjustments".into(), json!({"userId": id, "amount": GRANT, "reason": "훈련"})).await;
        assert_eq!(res.status, 200, "{}", res.body);
        let mut products = vec![];
        for i in 0..20u32 {
            let asset = format!("#{:06x};#{:06x};#{:06x}", id as u32 & 0xffffff, i, i * 7);
            let body = json!({"kind": "SKIN", "name": "훈련 스킨", "category": "훈련", "price": PRICE, "asset": asset});
            let res = staff_call("POST", "/api/admin/shop/products".into(), body).await;
            assert_eq!(res.status, 201, "{}", res.body);
            products.push(res.json()["id"].as_str().unwrap().to_owned());
        }
        Arc::new(products)
    };
    let mut people = vec![];
    for _ in 0..pairs {
        let (ca, a) = someone(&setup, &state).await;
        let (cb, b) = someone(&setup, &state).await;
        let res = ca.call(&setup, "POST", "/api/chat/rooms", Some(&a.access), Some(json!({"withUserId": b.id}))).await;
        assert_eq!(res.status, 200, "{}", res.body);
        let room = res.json()["roomId"].as_str().unwrap().to_owned();
        let entry = |c: &Client, by: &Member, on: u64| {
            let (c, by) = (c.clone(), by.clone());
            let setup = setup.clone();
            async move {
                let res =
                    c.call(&setup, "POST", &format!("/api/hompy/{on}/guestbook"), Some(&by.access), Some(json!({"body": "안녕"}))).await;
                assert_eq!(res.status, 201, "{}", res.body);
                res.json()["id"].as_u64().unwrap()
            }
        };
        // ea: A's entry on B's homepage (B likes it); eb: B's on A's.
        let (ea, eb) = (entry(&ca, &a, b.id).await, entry(&cb, &b, a.id).await);
        let (pa, pb) = (shopping(a.id).await, shopping(b.id).await);
        people.push(Person {
            id: a.id,
            email: a.email.clone(),
            token: a.access.clone(),
            home: 0,
            partner: b.id,
            room: room.clone(),
            partner_entry: eb,
            products: pa,
        });
        people.push(Person {
            id: b.id,
            email: b.email.clone(),
            token: b.access.clone(),
            home: 1,
            partner: a.id,
            room,
            partner_entry: ea,
            products: pb,
        });
    }

    let mut apps = vec![App::start("chaos1"), App::start("chaos2")];
    let site = Site {
        urls: Arc::new(apps.iter().map(App::url).collect()),
        http: reqwest::Client::builder().timeout(Duration::from_secs(40)).build().unwrap(),
    };
    for app in &apps {
        assert!(wait_until(Duration::from_secs(60), || healthy(&site.http, app.url())).await, "{} did not start", app.name);
    }

    let stop = Arc::new(AtomicBool::new(false));
    let rec: Shared = Arc::default();
    let samples: Arc<Mutex<Vec<HealthSample>>> = Arc::default();
    let health = tokio::spawn(watch_health(site.clone(), stop.clone(), samples.clone()));
    let writers: Vec<_> = people
        .iter()
        .enumerate()
        .map(|(i, p)| tokio::spawn(writer(site.clone(), p.clone(), stop.clone(), rec.clone(), i, people.len())))
        .collect();
    let chatters: Vec<_> = people.iter().map(|p| tokio::spawn(chatter(site.clone(), p.clone(), stop.clone(), rec.clone()))).collect();

    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let mut drills = vec![];
    let mut from = started;
    for which in stores {
        if which == "app" {
            apps[1].kill();
            let killed = Instant::now();
            tokio::time::sleep(down).await;
            let back = Instant::now();
            tokio::time::sleep(Duration::from_secs(10)).await;
            drills.push(Drill { store: which, from, killed, back, end: Instant::now() });
            from = Instant::now();
            continue;
        }
        store("kill", which).await;
        let killed = Instant::now();
        tokio::time::sleep(down).await;
        store("start", which).await;
        let back = Instant::now();
        // Load goes on until everything is green again, and a while after.
        let _ = wait_until(Duration::from_secs(30), || all_healthy(&site)).await;
        tokio::time::sleep(Duration::from_secs(8)).await;
        drills.push(Drill { store: which, from, killed, back, end: Instant::now() });
        from = Instant::now();
    }
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }
    let mut views = vec![];
    for c in chatters {
        views.push(c.await.unwrap());
    }
    health.await.unwrap();

    // Each member's last catch-up (as after a reconnect), on the instance still up.
    for (p, view) in views.iter_mut() {
        assert!(catch_up(&site, 0, p, view).await, "the final catch-up of {} failed", p.id);
    }
    let rec = std::mem::take(&mut *rec.lock().unwrap());
    let samples = std::mem::take(&mut *samples.lock().unwrap());
    let report = verify(&state, &site, &drills, &rec, &views, &samples, started).await;
    println!("{report}");
    assert!(!report.contains("FAIL"), "a drill failed (see the table above)");
}

async fn healthy(http: &reqwest::Client, url: String) -> bool {
    matches!(http.get(format!("{url}/health")).timeout(Duration::from_secs(3)).send().await, Ok(r) if r.status() == 200)
}

async fn all_healthy(site: &Site) -> bool {
    for url in site.urls.iter() {
        if !healthy(&site.http, url.clone()).await {
            return false;
        }
    }
    true
}

async fn wait_until<F, Fut>(within: Duration, mut f: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while start.elapsed() < within {
        if f().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    false
}

async fn verify(
    state: &minihompy::server::AppState,
    site: &Site,
    drills: &[Drill],
    rec: &Record,
    views: &[(Person, ChatView)],
    samples: &[HealthSample],
    started: Instant,
) -> String {
    // What is in the stores now.
    let mut missing_rows: Vec<(Instant, String)> = vec![];
    for (at, table, id) in &rec.stored {
        let found: Option<(u64,)> =
            sqlx::query_as(&format!("SELECT id FROM {table} WHERE id = ?")).bind(id).fetch_optional(&state.db).await.unwrap();
        if found.is_none() {
            missing_rows.push((*at, format!("{table} {id}")));
        }
    }
    for ((member, entry), last) in &rec.likes {
        let Some((at, liked)) = last else { continue };
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM likes WHERE user_id = ? AND target_type = 'GUESTBOOK' AND target_id = ?")
            .bind(member)
            .bind(entry)
            .fetch_one(&state.db)
            .await
            .unwrap();
        if (n > 0) != *liked {
            missing_rows.push((*at, format!("like of {member} on {entry}: answered {liked}, stored {}", n > 0)));
        }
    }
    // 도토리: every item answered bought is owned, the wallet is the ledger's sum, and it
    // was charged once for each item owned.
    for (p, _) in views {
        let owned = site.call(0, reqwest::Method::GET, "/api/shop/items", &p.token, None).await.expect("instance 1 answers").body;
        let items: Vec<&str> =
            owned["items"].as_array().map(|l| l.iter().filter_map(|i| i["product"]["id"].as_str()).collect()).unwrap_or_default();
        for (at, _, product) in rec.bought.iter().filter(|(_, who, _)| *who == p.id) {
            if !items.contains(&product.as_str()) {
                missing_rows.push((*at, format!("item {product} bought by {}", p.id)));
            }
        }
        let balance = owned["balance"].as_i64().unwrap_or(-1);
        if balance != GRANT - PRICE as i64 * items.len() as i64 || !minihompy::shop::ledger_matches_wallet(&state.db, p.id).await.unwrap() {
            missing_rows.push((
                Instant::now(),
                format!("the wallet of {} ({balance}) does not match its {} items and its ledger", p.id, items.len()),
            ));
        }
    }
    // Chat: every message acked to its sender reached the other member, once, in order.
    let by_member: HashMap<u64, &ChatView> = views.iter().map(|(p, v)| (p.id, v)).collect();
    let mut lost_messages: Vec<(Instant, String)> = vec![];
    let mut chat_faults = vec![];
    for (p, sender) in views {
        let receiver = by_member[&p.partner];
        let delivered: HashMap<&str, i64> =
            receiver.seen.iter().filter(|(_, (s, _))| *s == p.id).map(|(seq, (_, c))| (c.as_str(), *seq)).collect();
        let mut last = 0;
        for (n, seq, at) in &sender.acked {
            match delivered.get(client_id(p.id, *n).as_str()) {
                None => lost_messages.push((*at, format!("message {n} of {} (seq {seq})", p.id))),
                Some(s) if s != seq => chat_faults.push(format!("message {n} of {} acked as seq {seq}, delivered as {s}", p.id)),
                Some(s) if *s <= last => chat_faults.push(format!("message {n} of {} out of order", p.id)),
                Some(s) => last = *s,
            }
        }
        let per_client: usize = receiver.seen.values().filter(|(s, _)| *s == p.id).count();
        if per_client != delivered.len() {
            chat_faults.push(format!("a message of {} reached {} twice", p.id, p.partner));
        }
        chat_faults.extend(sender.conflicts.iter().cloned());
        // Unread counts (nobody marks a room read in the drill).
        let res = site.call(0, reqwest::Method::GET, "/api/chat/rooms", &p.token, None).await.expect("instance 1 answers");
        let unread = res
            .body
            .as_array()
            .and_then(|rooms| rooms.iter().find(|r| r["roomId"] == p.room.as_str()))
            .map(|r| r["unread"].as_i64().unwrap_or(-1));
        // Sending is reading: unread are the partner's messages after my last one.
        let my_last = sender.seen.iter().filter(|(_, (s, _))| *s == p.id).map(|(seq, _)| *seq).max().unwrap_or(0);
        let expected = sender.seen.range(my_last + 1..).filter(|(_, (s, _))| *s == p.partner).count() as i64;
        if unread != Some(expected) {
            chat_faults.push(format!("member {} sees {unread:?} unread, {expected} stored", p.id));
        }
    }

    let mut out = String::new();
    use std::fmt::Write;
    let secs = |d: Duration| format!("{:.1}", d.as_secs_f64());
    let _ = writeln!(
        out,
        "\nfault drills: {} members ({} pairs) on 2 instances, {:.0} s of load",
        views.len(),
        views.len() / 2,
        started.elapsed().as_secs_f64()
    );
    let _ = writeln!(
        out,
        "{:<8} {:>6} {:>6} {:>5} {:>5} {:>6} {:>6} {:>7} {:>9} {:>9} {:>8}  result",
        "drill", "acked", "lost", "503", "401", "other", "hung", "max s", "down in s", "green in", "writes in"
    );
    for d in drills {
        let within = |t: &Instant| *t >= d.from && *t < d.end;
        let outcomes: Vec<&Outcome> = rec.outcomes.iter().filter(|o| within(&o.at)).collect();
        let count = |a: Answer| outcomes.iter().filter(|o| o.answer == a).count();
        let acked = count(Answer::Done);
        let lost = missing_rows.iter().filter(|(t, _)| within(t)).count() + lost_messages.iter().filter(|(t, _)| within(t)).count();
        // An instance that is gone is expected only in the drill that kills it.
        let other = count(Answer::Unclear) + if d.store == "app" { 0 } else { count(Answer::NoInstance) };
        let hung = outcomes.iter().filter(|o| o.took > REQUEST_TIMEOUT + Duration::from_secs(3)).count();
        let max = outcomes.iter().map(|o| o.took).max().unwrap_or_default();
        let store_up = |s: &HealthSample| match d.store {
            "mariadb" => s.mysql,
            "redis" => s.redis,
            "mongo" => s.mongodb,
            _ => Some(true),
        };
        let mut faults: Vec<String> = vec![];
        let (down_in, green_in, writes_in) = if d.store == "app" {
            // Its members moved: until each one's first message acked by the other instance.
            let moved = views
                .iter()
                .filter(|(p, _)| p.home == 1)
                .map(|(p, _)| {
                    rec.outcomes
                        .iter()
                        .find(|o| o.who == p.id && o.kind == "chat" && o.on == 0 && o.at > d.killed && o.answer == Answer::Done)
                })
                .map(|o| o.map(|o| o.at - d.killed))
                .collect::<Option<Vec<_>>>()
                .and_then(|v| v.into_iter().max());
            if moved.is_none_or(|t| t > RECOVERED_WITHIN) {
                faults.push("its members did not move to the other instance in time".into());
            }
            (None, None, moved)
        } else {
            let down_in = (0..2)
                .map(|i| samples.iter().find(|s| s.instance == i && s.at > d.killed && store_up(s) == Some(false)).map(|s| s.at - d.killed))
                .collect::<Option<Vec<_>>>()
                .and_then(|v| v.into_iter().max());
            let green_in = (0..2)
                .map(|i| {
                    samples
                        .iter()
                        .find(|s| {
                            s.instance == i && s.at > d.back && s.mysql == Some(true) && s.redis == Some(true) && s.mongodb == Some(true)
                        })
                        .map(|s| s.at - d.back)
                })
                .collect::<Option<Vec<_>>>()
                .and_then(|v| v.into_iter().max());
            // Every kind of write succeeds again: the first success of each after the return.
            let writes_in = ["guestbook", "diary", "like", "buy", "chat"]
                .iter()
                .map(|k| {
                    rec.outcomes.iter().find(|o| o.kind == *k && o.at > d.back && o.answer == Answer::Done).map(|o| (o.at - d.back, *k))
                })
                .collect::<Option<Vec<_>>>()
                .and_then(|v| v.into_iter().max());
            let last_kind = writes_in.map(|(_, k)| k).unwrap_or("one kind never");
            let writes_in = writes_in.map(|(t, _)| t);
            if down_in.is_none_or(|t| t > DOWN_DETECTED_WITHIN) {
                faults.push("health did not show it down in time".into());
            }
            if green_in.is_none_or(|t| t > RECOVERED_WITHIN) {
                faults.push("health not green in time".into());
            }
            if writes_in.is_none_or(|t| t > RECOVERED_WITHIN) {
                faults.push(format!("writes did not come back in time ({last_kind} last)"));
            }
            (down_in, green_in, writes_in)
        };
        if lost > 0 {
            faults.push("lost acknowledged writes".into());
        }
        if other > 0 {
            faults.push("answers other than 503".into());
        }
        if hung > 0 {
            faults.push("answers later than the timeout".into());
        }
        let opt = |t: Option<Duration>| t.map(secs).unwrap_or_else(|| "-".into());
        let _ = writeln!(
            out,
            "{:<8} {:>6} {:>6} {:>5} {:>5} {:>6} {:>6} {:>7} {:>9} {:>9} {:>8}  {}",
            d.store,
            acked,
            lost,
            count(Answer::Unavailable),
            count(Answer::SignedOut),
            other,
            hung,
            secs(max),
            opt(down_in),
            opt(green_in),
            opt(writes_in),
            if faults.is_empty() { "ok".to_owned() } else { format!("FAIL: {}", faults.join("; ")) }
        );
        for o in outcomes
            .iter()
            .filter(|o| {
                o.answer == Answer::Unclear
                    || (d.store != "app" && o.answer == Answer::NoInstance)
                    || o.took > REQUEST_TIMEOUT + Duration::from_secs(3)
            })
            .take(5)
        {
            let _ = writeln!(out, "         {} {:?} after {} s: {}", o.kind, o.answer, secs(o.took), o.detail);
        }
    }
    let total_acked = rec.outcomes.iter().filter(|o| o.answer == Answer::Done).count();
    let _ = writeln!(
        out,
        "all      {total_acked:>6} acked, {} rows and {} chat messages lost; {} chat faults{}",
        missing_rows.len(),
        lost_messages.len(),
        chat_faults.len(),
        if missing_rows.is_empty() && lost_messages.is_empty() && chat_faults.is_empty() { "" } else { "  FAIL" }
    );
    for f in
        chat_faults.iter().take(10).chain(missing_rows.iter().map(|(_, m)| m).take(10)).chain(lost_messages.iter().map(|(_, m)| m).take(10))
    {
        let _ = writeln!(out, "         {f}");
    }
    let kinds: Vec<String> = KINDS
        .iter()
        .chain(&["chat"])
        .map(|k| format!("{k} {}", rec.outcomes.iter().filter(|o| o.kind == *k && o.answer == Answer::Done).count()))
        .collect();
    let _ = writeln!(out, "acked    {}", kinds.join(", "));
    let reconnects: u32 = views.iter().map(|(_, v)| v.reconnects).sum();
    let _ = writeln!(
        out,
        "chat     {} messages acked, {reconnects} socket connections made",
        views.iter().map(|(_, v)| v.acked.len()).sum::<usize>()
    );
    out
}
