//! The hardened surface: the security headers on pages, API answers and files, the
//! Content-Security-Policy with a fresh nonce per page, and the violation reports.

use crate::common::*;
use axum::{body::Body, http::Request};

fn header<'a>(res: &'a Response, name: &str) -> &'a str {
    res.headers.get(name).unwrap_or_else(|| panic!("no {name} header")).to_str().unwrap()
}

fn assert_common_headers(res: &Response, what: &str) {
    assert_eq!(header(res, "x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header(res, "x-frame-options"), "DENY", "{what}");
    assert_eq!(header(res, "referrer-policy"), "strict-origin-when-cross-origin", "{what}");
    let permissions = header(res, "permissions-policy");
    assert!(permissions.contains("camera=(self)") && permissions.contains("microphone=(self)"), "{what}: {permissions}");
    assert!(permissions.contains("geolocation=()"), "{what}: {permissions}");
    assert!(header(res, "content-security-policy").contains("frame-ancestors 'none'"), "{what}");
}

/// The nonce a page's policy names.
fn nonce_of(policy: &str) -> String {
    let start = policy.find("'nonce-").expect("a nonce in the policy") + "'nonce-".len();
    policy[start..].split('\'').next().unwrap().to_owned()
}

#[tokio::test]
async fn pages_carry_a_policy_with_a_fresh_nonce_that_every_inline_script_bears() {
    let (app, state) = app().await;
    let id = insert_member(&state, "헤더", "헤더 홈", "소개", "🙂").await;
    let mut nonces = Vec::new();
    for path in ["/".to_owned(), "/login".to_owned(), format!("/hompy/{id}"), "/no-such-page".to_owned()] {
        let res = get(&app, &path).await;
        assert!(header(&res, "content-type").starts_with("text/html"), "{path}");
        assert_common_headers(&res, &path);
        let policy = header(&res, "content-security-policy");
        for part in ["default-src 'self'", "'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'self'", "report-uri /csp-reports"] {
            assert!(policy.contains(part), "{path}: {part} missing in {policy}");
        }
        let script_src = policy.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
        assert!(
            !script_src.contains("'unsafe-inline'") && !script_src.contains("'unsafe-eval'") && !script_src.contains('*'),
            "{script_src}"
        );
        let nonce = nonce_of(policy);
        assert!(nonce.len() >= 16, "{nonce}");
        // Every script element of the page bears it (else the browser would refuse it).
        let scripts = res.body.matches("<script").count();
        assert!(scripts > 0, "{path}: no scripts at all");
        assert!(res.body.matches(&format!("nonce=\"{nonce}\"")).count() >= scripts, "{path}: a script without the nonce");
        nonces.push(nonce);
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 4, "a fresh nonce for every response");
}

#[tokio::test]
async fn api_answers_and_files_carry_the_strict_policy_and_hsts_comes_with_https() {
    let (app, state) = app().await;
    for (path, what) in
        [("/api/openapi.json", "JSON"), ("/api/no-such-endpoint", "an error"), ("/health", "health"), ("/favicon.svg", "a file")]
    {
        let res = get(&app, path).await;
        assert_common_headers(&res, what);
        assert!(header(&res, "content-security-policy").starts_with("default-src 'none'"), "{what}");
        assert!(res.headers.get("strict-transport-security").is_none(), "no HSTS over http ({what})");
    }
    let (https, _) = router_with(&state, |c| c.public_url = "https://minihompy.example".into());
    let res = get(&https, "/api/openapi.json").await;
    assert_eq!(header(&res, "strict-transport-security"), "max-age=31536000; includeSubDomains");
}

#[tokio::test]
async fn violation_reports_are_kept_and_counted_per_address() {
    let (app, state) = app().await;
    let marker = unique("blocked-");
    let report = serde_json::json!({"csp-report": {"document-uri": "http://127.0.0.1/", "blocked-uri": format!("https://evil.example/{marker}.js"), "violated-directive": "script-src"}});
    let req = Request::post("/csp-reports").header("content-type", "application/csp-report").body(Body::from(report.to_string())).unwrap();
    let res = send(&app, req).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let mut redis = state.redis.clone();
    let kept: Vec<String> =
        redis::cmd("LRANGE").arg(minihompy::server::http::CSP_REPORTS_KEY).arg(0).arg(-1).query_async(&mut redis).await.unwrap();
    assert!(kept.iter().any(|r| r.contains(&marker)), "the report is kept");
    // Too large a report is refused without being kept.
    let req = Request::post("/csp-reports").body(Body::from(vec![b'x'; 20 * 1024])).unwrap();
    assert_eq!(send(&app, req).await.status, 400);
}

async fn guestbook_count(state: &minihompy::server::AppState, owner: u64, writer: u64) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM guestbook_entries WHERE owner_id = ? AND writer_id = ?")
        .bind(owner)
        .bind(writer)
        .fetch_one(&state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn writes_are_limited_per_member_with_retry_after_and_nothing_is_lost() {
    let (app, state) = api().await;
    let owner = member(&app, &Client::new(&state)).await;
    let c = Client::new(&state);
    let writer = member(&app, &c).await;
    let path = format!("/api/hompy/{}/guestbook", owner.id);
    for i in 0..10 {
        let res = c.call(&app, "POST", &path, Some(&writer.access), Some(serde_json::json!({"body": format!("안녕 {i}")}))).await;
        assert_eq!(res.status, 201, "write {i}: {}", res.body);
    }
    let res = c.call(&app, "POST", &path, Some(&writer.access), Some(serde_json::json!({"body": "하나 더"}))).await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert_eq!(res.json()["code"], "TOO_MANY_REQUESTS");
    let wait: u64 = header(&res, "retry-after").parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(guestbook_count(&state, owner.id, writer.id).await, 10, "the ten went in once each, the eleventh not at all");
    // Searches are counted the same way (60 a minute).
    let mut statuses = Vec::new();
    for _ in 0..61 {
        statuses.push(c.call(&app, "GET", "/api/search/users?q=%EA%B8%B8%EB%8F%99", Some(&writer.access), None).await.status);
    }
    assert!(statuses[..60].iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(statuses[60], 429);
}

#[tokio::test]
async fn members_behind_one_address_share_its_larger_limit() {
    let (app, state) = api().await;
    let (app1, _) = router_with(&state, |c| {
        c.trust_proxy = true;
        c.limits.write_address_factor = 1;
    });
    let owner = member(&app, &Client::new(&state)).await;
    let shared = Client::new(&state);
    let a = member(&app, &shared).await;
    let b = member(&app, &shared).await;
    let path = format!("/api/hompy/{}/guestbook", owner.id);
    for i in 0..10 {
        let res = shared.call(&app1, "POST", &path, Some(&a.access), Some(serde_json::json!({"body": format!("A {i}")}))).await;
        assert_eq!(res.status, 201, "{}", res.body);
    }
    // B has written nothing, but the address has used its ten.
    let res = shared.call(&app1, "POST", &path, Some(&b.access), Some(serde_json::json!({"body": "B"}))).await;
    assert_eq!(res.status, 429, "{}", res.body);
    // From another address B writes.
    let elsewhere = Client::new(&state);
    let res = elsewhere.call(&app1, "POST", &path, Some(&b.access), Some(serde_json::json!({"body": "B"}))).await;
    assert_eq!(res.status, 201, "{}", res.body);
    assert_eq!(guestbook_count(&state, owner.id, b.id).await, 1);
}
