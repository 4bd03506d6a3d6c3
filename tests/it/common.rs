//! Helpers for integration tests. They talk to the real MariaDB, Redis and MongoDB-protocol
//! servers that scripts/test starts (their URLs come from the environment), and drive the
//! real axum router in-process. Each test makes its own data, so tests run in any order.

use axum::{body::Body, http::Request, Router};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use minihompy::server::{config::Config, AppState};
use tower::ServiceExt;

pub async fn state() -> AppState {
    let config = Config::from_env().expect("config");
    let options = LeptosOptions::builder().output_name("minihompy").site_root("target/site").build();
    minihompy::site::connect(config, options).await.expect("the test services must be running: use scripts/test")
}

pub async fn app() -> (Router, AppState) {
    let state = state().await;
    (minihompy::site::router(state.clone()), state)
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
    let id = sqlx::query("INSERT INTO users (email, password_hash, name, nickname) VALUES (?, 'x', '테스트', ?)")
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

/// An in-process app that trusts X-Forwarded-For, so each test can be its own client
/// address for the rate limits.
pub async fn api() -> (Router, AppState) {
    let mut state = state().await;
    let mut config = (*state.config).clone();
    config.trust_proxy = true;
    state.config = std::sync::Arc::new(config);
    (minihompy::site::router(state.clone()), state)
}

pub fn router_with(state: &AppState, change: impl FnOnce(&mut Config)) -> (Router, AppState) {
    let mut state = state.clone();
    let mut config = (*state.config).clone();
    change(&mut config);
    state.config = std::sync::Arc::new(config);
    (minihompy::site::router(state.clone()), state)
}

#[derive(Clone)]
pub struct Client {
    pub ip: String,
    pub origin: String,
}

impl Client {
    pub fn new(state: &AppState) -> Self {
        Client { ip: unique("ip-"), origin: state.config.public_url.trim_end_matches('/').to_owned() }
    }

    pub fn request(&self, method: &str, path: &str, token: Option<&str>, body: Option<serde_json::Value>) -> Request<Body> {
        let mut b =
            Request::builder().method(method).uri(path).header("x-forwarded-for", &self.ip).header("user-agent", "integration-test");
        if let Some(t) = token {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        match body {
            Some(json) => b.header("content-type", "application/json").body(Body::from(json.to_string())).unwrap(),
            None => b.body(Body::empty()).unwrap(),
        }
    }

    /// One try at `POST /api/users/login`, whatever the answer.
    pub async fn login_attempt(&self, app: &Router, email: &str, password: &str) -> Response {
        self.call(app, "POST", "/api/users/login", None, Some(serde_json::json!({"email": email, "password": password}))).await
    }

    /// Calls a server function as the site's own pages do (a urlencoded form from our
    /// origin), signed in with the access cookie when `access` is given.
    pub async fn server_fn(&self, app: &Router, path: &str, form: &[(&str, &str)], access: Option<&str>) -> Response {
        let body: Vec<String> = form.iter().map(|(k, v)| format!("{k}={}", minihompy::ui::kit::url_encode(v))).collect();
        let mut b = Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", &self.origin)
            .header("x-forwarded-for", &self.ip)
            .header("user-agent", "integration-test");
        if let Some(token) = access {
            b = b.header("cookie", format!("accessToken={token}"));
        }
        send(app, b.body(Body::from(body.join("&"))).unwrap()).await
    }

    pub async fn call(&self, app: &Router, method: &str, path: &str, token: Option<&str>, body: Option<serde_json::Value>) -> Response {
        send(app, self.request(method, path, token, body)).await
    }
}

pub const PASSWORD: &str = "Sunny-Day-42!";

#[derive(Clone)]
pub struct Member {
    pub id: u64,
    pub email: String,
    pub access: String,
    pub refresh: String,
}

/// Signs up through the API and logs in.
/// A new member who verified their email with the mailed code, as every member who
/// writes must have.
pub async fn member(app: &Router, c: &Client) -> Member {
    let m = unverified_member(app, c).await;
    let code = six_digit_code(&mail_to(&m.email).await);
    let res = c.call(app, "POST", "/api/users/verify-email", None, Some(serde_json::json!({"email": m.email, "code": code}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    m
}

/// A public diary entry of `m` on their own homepage; its id.
pub async fn public_diary(app: &Router, c: &Client, m: &Member) -> u64 {
    let body = serde_json::json!({"entryDate": "2026-11-02", "title": "일기", "body": "내용", "visibility": "PUBLIC"});
    let res = c.call(app, "POST", &format!("/api/hompy/{}/diary", m.id), Some(&m.access), Some(body)).await;
    assert_eq!(res.status, 201, "{}", res.body);
    res.json()["id"].as_u64().unwrap()
}

/// A new member who has not entered the mailed code yet.
pub async fn unverified_member(app: &Router, c: &Client) -> Member {
    let email = format!("{}@example.test", unique("u"));
    let res = c
        .call(
            app,
            "POST",
            "/api/users/signup",
            None,
            Some(serde_json::json!({
                "email": email, "password": PASSWORD, "name": "홍길동", "nickname": "길동이"
            })),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let id = res.json()["id"].as_u64().unwrap();
    let (access, refresh) = login(app, c, &email, PASSWORD).await;
    Member { id, email, access, refresh }
}

/// A new member with a client address of their own.
pub async fn someone(app: &Router, state: &AppState) -> (Client, Member) {
    let c = Client::new(state);
    let m = member(app, &c).await;
    (c, m)
}

pub async fn login(app: &Router, c: &Client, email: &str, password: &str) -> (String, String) {
    let res = c.call(app, "POST", "/api/users/login", None, Some(serde_json::json!({"email": email, "password": password}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let body = res.json();
    (body["accessToken"].as_str().unwrap().to_owned(), body["refreshToken"].as_str().unwrap().to_owned())
}

pub async fn make_role(state: &AppState, id: u64, role: &str) {
    sqlx::query("UPDATE users SET role = ? WHERE id = ?").bind(role).bind(id).execute(&state.db).await.unwrap();
}

/// The decoded text of a stored mail (our mails are base64 text/plain).
pub fn mail_text(eml: &str) -> String {
    use base64::Engine;
    let eml = eml.replace("\r\n", "\n");
    let (_, body) = eml.split_once("\n\n").expect("headers and body");
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    String::from_utf8(base64::engine::general_purpose::STANDARD.decode(compact).expect("base64 body")).expect("utf-8")
}

/// The newest mail the SMTP sink stored for `to` (scripts/test sets MAIL_DIR), decoded.
/// The sink names files by time, so the newest are read first and the search stops at
/// the first one for `to`.
pub async fn mail_to(to: &str) -> String {
    let dir = std::env::var("MAIL_DIR").expect("MAIL_DIR (set by scripts/test)");
    for _ in 0..50 {
        let mut names: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".eml"))
            .map(|e| e.path())
            .collect();
        names.sort();
        for path in names.iter().rev() {
            let Ok(text) = std::fs::read_to_string(path) else { continue };
            if text.lines().next().is_some_and(|l| l.to_lowercase().contains(&to.to_lowercase())) {
                return mail_text(&text);
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no mail to {to} in {dir}");
}

pub fn six_digit_code(mail: &str) -> String {
    mail.lines().map(str::trim).find(|l| l.len() == 6 && l.chars().all(|c| c.is_ascii_digit())).expect("a code line").to_owned()
}

/// The newest SMS the sink stored for `phone` (scripts/test sets SMS_DIR).
pub async fn sms_code(phone: &str) -> String {
    let dir = std::env::var("SMS_DIR").expect("SMS_DIR (set by scripts/test)");
    for _ in 0..50 {
        let mut found: Vec<(String, String)> = std::fs::read_dir(&dir)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .filter_map(|e| Some((e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).ok()?)))
                    .collect()
            })
            .unwrap_or_default();
        found.retain(|(_, t)| t.starts_with(&format!("To: {phone}\n")));
        found.sort();
        if let Some((_, text)) = found.pop() {
            return text.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).expect("a 6-digit code").to_owned();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no SMS to {phone} in {dir}");
}

pub fn random_phone() -> String {
    format!("010{:08}", uuid::Uuid::new_v4().as_u128() % 100_000_000)
}

/// Asks for a password-reset mail (as the page does) and follows its link with `new_password`.
pub async fn reset_through_mail(app: &Router, c: &Client, email: &str, new_password: &str) {
    use leptos::server_fn::ServerFn;
    use minihompy::account::api::{RequestReset, ResetPassword};
    let res = c.server_fn(app, RequestReset::PATH, &[("email", email)], None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let token = reset_token(email).await;
    let res = c.server_fn(app, ResetPassword::PATH, &[("token", &token), ("password", new_password)], None).await;
    assert_eq!(res.status, 200, "{}", res.body);
}

/// The token in the newest reset mail to `email`.
pub async fn reset_token(email: &str) -> String {
    let mail = mail_to(email).await;
    let link = mail.lines().find(|l| l.contains("/account/reset/")).expect("a reset link");
    link.rsplit('/').next().unwrap().trim().to_owned()
}

/// Makes `a` and `b` 일촌 through the API (a asks, b accepts).
pub async fn become_ilchon(app: &Router, ca: &Client, a: &Member, cb: &Client, b: &Member) {
    let body = serde_json::json!({"toId": b.id, "fromName": "친구", "toName": "친구"});
    let res = ca.call(app, "POST", "/api/ilchon/requests", Some(&a.access), Some(body)).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let id = res.json()["id"].as_u64().unwrap();
    let res = cb.call(app, "POST", &format!("/api/ilchon/requests/{id}/accept"), Some(&b.access), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
}

/// An answer's status and error code.
pub fn code(res: &Response) -> (u16, String) {
    (res.status, res.json()["code"].as_str().unwrap_or_default().to_owned())
}
