//! Read throughput of the site as a browser or an API client sees it: a homepage rendered on
//! the server (as a guest and signed in), next to the landing page (the render floor) and a
//! JSON read, each measured the same way in one run: `HTTP_CONNECTIONS` keep-alive HTTP/1.1
//! connections, each sending its next request when the previous answer has been read
//! (like wrk), for `HTTP_SECONDS` per target (`HTTP_ONLY`: only the targets whose name has
//! it). Run with `scripts/bench` (it starts the services and loads the demo data).
//!
//! The server runs on a runtime of its own (as many threads as cores), the load generator on
//! one thread beside it, as wrk would on the same machine.

use minihompy::server::config::Config;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

struct Target {
    name: &'static str,
    path: String,
    /// A header sent with every request (the session cookie, a bearer token).
    header: Option<(&'static str, String)>,
}

fn main() {
    let connections = env_usize("HTTP_CONNECTIONS", 64);
    let seconds = env_usize("HTTP_SECONDS", 10) as u64;
    let server = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let (addr, owner, token) = server.block_on(async {
        let mut config = Config::from_env().expect("config");
        config.trust_proxy = true;
        let options = leptos::config::LeptosOptions::builder().output_name("minihompy").site_root("target/site").build();
        let state = minihompy::site::connect(config, options).await.expect("scripts/bench starts the services");
        minihompy::site::seed::seed(&state.db).await.expect("demo members");
        minihompy::site::seed::seed_content(&state.db, &state.config.data_dir).await.expect("demo content");
        let owner = minihompy::account::members::id_by_email(&state.db, "user1@minihompy.test").await.unwrap().unwrap();
        let app = minihompy::site::router(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            minihompy::server::http::serve(listener, app).await.unwrap();
        });
        (addr, owner, login(addr, "user2@minihompy.test").await)
    });
    let client = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let cookie = format!("{}={token}", minihompy::server::cookies::ACCESS_COOKIE);
    let targets = [
        Target { name: "landing page /", path: "/".into(), header: None },
        Target { name: "homepage, guest", path: format!("/hompy/{owner}"), header: None },
        Target { name: "homepage, signed in", path: format!("/hompy/{owner}"), header: Some(("cookie", cookie)) },
        Target {
            name: "JSON /api/users/{id}",
            path: format!("/api/users/{owner}"),
            header: Some(("authorization", format!("Bearer {token}"))),
        },
    ];
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!("HTTP reads: 1 instance, {cores} cores, {connections} connections, {seconds} s each");
    // HTTP_ONLY=guest (say): only the targets whose name contains it (for a profiler).
    let only = std::env::var("HTTP_ONLY").unwrap_or_default();
    for t in targets.iter().filter(|t| t.name.contains(only.as_str())) {
        let (done, errors, mut lat) = client.block_on(load(addr, t, connections, Duration::from_secs(seconds)));
        lat.sort();
        let p = |q: f64| lat.get(((lat.len().max(1) - 1) as f64 * q).round() as usize).map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0);
        println!(
            "{:<22} {:>7} requests {:>8.1} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  errors {errors}",
            t.name,
            done,
            done as f64 / seconds as f64,
            p(0.50),
            p(0.99)
        );
    }
    drop(server);
}

/// Signs in through the JSON API and returns the access token (a browser sends it as the
/// session cookie, an API client as a bearer token).
async fn login(addr: std::net::SocketAddr, email: &str) -> String {
    let body = serde_json::json!({"email": email, "password": minihompy::site::seed::DEMO_PASSWORD}).to_string();
    let mut conn = Conn::open(addr).await;
    let (status, bytes) = conn.request("POST", "/api/users/login", &[("content-type", "application/json")], body.as_bytes()).await;
    assert_eq!(status, 200, "demo login: {}", String::from_utf8_lossy(&bytes));
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    v["accessToken"].as_str().unwrap().to_owned()
}

/// One keep-alive HTTP/1.1 connection: the load generator's whole client (the body is read
/// to its end, by length or by chunks, as a browser would).
struct Conn {
    io: BufReader<TcpStream>,
    host: String,
}

impl Conn {
    async fn open(addr: std::net::SocketAddr) -> Conn {
        let stream = TcpStream::connect(addr).await.unwrap();
        stream.set_nodelay(true).unwrap();
        Conn { io: BufReader::with_capacity(64 * 1024, stream), host: addr.to_string() }
    }

    async fn request(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, Vec<u8>) {
        let mut head = format!("{method} {path} HTTP/1.1\r\nhost: {}\r\ncontent-length: {}\r\n", self.host, body.len());
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let stream = self.io.get_mut();
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(body).await.unwrap();
        // The status line and headers.
        let mut raw = vec![];
        loop {
            let n = self.io.read_until(b'\n', &mut raw).await.unwrap();
            assert!(n > 0, "the server closed the connection");
            if raw.ends_with(b"\r\n\r\n") {
                break;
            }
        }
        let mut parsed = [httparse::EMPTY_HEADER; 64];
        let mut res = httparse::Response::new(&mut parsed);
        res.parse(&raw).unwrap();
        let status = res.code.unwrap();
        let header = |name: &str| {
            res.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| String::from_utf8_lossy(h.value).to_ascii_lowercase())
        };
        let mut out = vec![];
        if let Some(len) = header("content-length") {
            out.resize(len.trim().parse().unwrap(), 0);
            self.io.read_exact(&mut out).await.unwrap();
        } else if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
            loop {
                let mut line = String::new();
                self.io.read_line(&mut line).await.unwrap();
                let size = usize::from_str_radix(line.trim().split(';').next().unwrap(), 16).unwrap();
                let start = out.len();
                out.resize(start + size + 2, 0);
                self.io.read_exact(&mut out[start..]).await.unwrap();
                out.truncate(start + size);
                if size == 0 {
                    break;
                }
            }
        }
        (status, out)
    }
}

/// Closed loop on every connection until the time is up: (answers read, non-200s, latencies).
async fn load(addr: std::net::SocketAddr, t: &Target, connections: usize, length: Duration) -> (usize, usize, Vec<Duration>) {
    let end = Instant::now() + length;
    let mut tasks = vec![];
    for _ in 0..connections {
        let path = t.path.clone();
        let header = t.header.clone();
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::open(addr).await;
            let headers: Vec<(&str, &str)> = header.as_ref().map(|(k, v)| (*k, v.as_str())).into_iter().collect();
            let (mut errors, mut lat) = (0, vec![]);
            while Instant::now() < end {
                let start = Instant::now();
                let (status, _) = conn.request("GET", &path, &headers, b"").await;
                lat.push(start.elapsed());
                if status != 200 {
                    errors += 1;
                }
            }
            (errors, lat)
        }));
    }
    let (mut errors, mut lat) = (0, vec![]);
    for task in tasks {
        let (e, l) = task.await.unwrap();
        errors += e;
        lat.extend(l);
    }
    (lat.len(), errors, lat)
}
