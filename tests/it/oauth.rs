//! The OAuth provider's rules that need the clock, the configuration or races: expired
//! codes, TLS in production, key rotation, racing code exchanges, consent asked again
//! when an app asks for more. (The whole protocol is driven by a real client library,
//! authlib, in tests/clients/.)

use crate::common::*;
use axum::{body::Body, http::Request, Router};
use base64::Engine;
use serde_json::{json, Value};

const REDIRECT: &str = "http://127.0.0.1:9/cb";

struct App {
    client_id: String,
    secret: String,
}

async fn register(app: &Router, c: &Client, owner: &Member, items: Value) -> App {
    let body = json!({
        "name": unique("앱"), "homepage": "https://app.example", "redirectUris": [REDIRECT],
        "clientType": "CONFIDENTIAL", "items": items,
    });
    let res = c.call(app, "POST", "/api/oauth/apps", Some(&owner.access), Some(body)).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let j = res.json();
    App { client_id: j["app"]["clientId"].as_str().unwrap().into(), secret: j["clientSecret"].as_str().unwrap().into() }
}

fn items(name: &str, email: &str) -> Value {
    json!({"name": name, "email": email, "gender": "NONE", "birthdate": "NONE", "phone": "NONE"})
}

fn location(res: &Response) -> String {
    assert_eq!(res.status, 303, "{}", res.body);
    res.headers.get("location").unwrap().to_str().unwrap().to_owned()
}

fn query_param(url: &str, key: &str) -> Option<String> {
    let u = url::Url::parse(&format!("http://x{}", url.strip_prefix("http://127.0.0.1:9").unwrap_or(url))).ok()?;
    u.query_pairs().find(|(k, _)| k == key).map(|(_, v)| v.into_owned())
}

/// GET /oauth/authorize as the signed-in member.
async fn authorize(app: &Router, c: &Client, who: &Member, a: &App, extra: &str) -> Response {
    let path = format!("/oauth/authorize?response_type=code&client_id={}&redirect_uri={}&state=s1{extra}", a.client_id, url_enc(REDIRECT));
    let req = Request::get(path)
        .header("cookie", format!("accessToken={}", who.access))
        .header("x-forwarded-for", &c.ip)
        .body(Body::empty())
        .unwrap();
    send(app, req).await
}

fn url_enc(s: &str) -> String {
    minihompy::ui::kit::url_encode(s)
}

/// The consent form's answer; returns where it sends the browser.
async fn decide(app: &Router, c: &Client, who: &Member, request: &str, allow: bool, items: &[&str]) -> String {
    let mut form = format!("request={}&decision={}", url_enc(request), if allow { "allow" } else { "deny" });
    for i in items {
        form.push_str(&format!("&item={i}"));
    }
    let req = Request::post("/oauth/authorize/decision")
        .header("cookie", format!("accessToken={}", who.access))
        .header("origin", &c.origin)
        .header("x-forwarded-for", &c.ip)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap();
    location(&send(app, req).await)
}

/// A code for `a`, consenting the first time.
async fn code(app: &Router, c: &Client, who: &Member, a: &App, extra: &str) -> String {
    let mut to = location(&authorize(app, c, who, a, extra).await);
    if let Some(request) = to.strip_prefix("/oauth/consent?request=") {
        let request = url::form_urlencoded::parse(format!("r={request}").as_bytes()).next().unwrap().1.into_owned();
        to = decide(app, c, who, &request, true, &["name", "email"]).await;
    }
    assert!(to.starts_with(REDIRECT), "{to}");
    query_param(&to, "code").expect("a code")
}

async fn token(app: &Router, c: &Client, a: &App, form: &str) -> Response {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", a.client_id, a.secret));
    let req = Request::post("/oauth/token")
        .header("authorization", format!("Basic {basic}"))
        .header("x-forwarded-for", &c.ip)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(form.to_owned()))
        .unwrap();
    send(app, req).await
}

async fn exchange(app: &Router, c: &Client, a: &App, code: &str) -> Response {
    token(app, c, a, &format!("grant_type=authorization_code&code={}&redirect_uri={}", url_enc(code), url_enc(REDIRECT))).await
}

async fn userinfo(app: &Router, c: &Client, access: &str) -> Response {
    c.call(app, "GET", "/oauth/userinfo", Some(access), None).await
}

#[tokio::test]
async fn an_expired_code_is_refused() {
    let (app, state) = api().await;
    let (c, owner) = someone(&app, &state).await;
    let a = register(&app, &c, &owner, items("REQUIRED", "NONE")).await;
    let code = code(&app, &c, &owner, &a, "").await;
    // A minute and a bit later, as far as the database is concerned.
    sqlx::query("UPDATE oauth_codes SET expires_at = CURRENT_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE code_hash = SHA2(?, 256)")
        .bind(&code)
        .execute(&state.db)
        .await
        .unwrap();
    let res = exchange(&app, &c, &a, &code).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["error"], "invalid_grant");
    assert!(res.json()["error_description"].as_str().unwrap().contains("expired"));
}

#[tokio::test]
async fn a_code_and_its_tokens_name_the_member_who_consented() {
    let (app, state) = api().await;
    let (co, owner) = someone(&app, &state).await;
    let (cm, member) = someone(&app, &state).await;
    let a = register(&app, &co, &owner, items("REQUIRED", "OPTIONAL")).await;
    let code = code(&app, &cm, &member, &a, "").await;
    let res = exchange(&app, &cm, &a, &code).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.headers.get("cache-control").unwrap(), "no-store");
    let access = res.json()["access_token"].as_str().unwrap().to_owned();
    let info = userinfo(&app, &cm, &access).await;
    assert_eq!(info.status, 200, "{}", info.body);
    assert_eq!(info.json()["sub"], member.id.to_string());
    assert_eq!(info.json()["email"], member.email);
    assert_eq!(info.json()["gender"], Value::Null);
}

#[tokio::test]
async fn racing_exchanges_of_one_code_issue_nothing_that_lasts() {
    let (app, state) = api().await;
    let (c, owner) = someone(&app, &state).await;
    let a = register(&app, &c, &owner, items("REQUIRED", "NONE")).await;
    let code = code(&app, &c, &owner, &a, "").await;
    let tries = futures::future::join_all((0..6).map(|_| exchange(&app, &c, &a, &code))).await;
    let ok: Vec<&Response> = tries.iter().filter(|r| r.status == 200).collect();
    assert_eq!(ok.len(), 1, "exactly one exchange wins");
    assert!(tries.iter().filter(|r| r.status != 200).all(|r| r.json()["error"] == "invalid_grant"));
    // The others were replays: what the winner got is revoked.
    let access = ok[0].json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(userinfo(&app, &c, &access).await.status, 401);
}

#[tokio::test]
async fn consent_is_remembered_and_asked_again_when_the_app_asks_for_more() {
    let (app, state) = api().await;
    let (c, owner) = someone(&app, &state).await;
    let a = register(&app, &c, &owner, items("REQUIRED", "NONE")).await;
    code(&app, &c, &owner, &a, "").await;
    // Same items: straight back to the app.
    let again = location(&authorize(&app, &c, &owner, &a, "").await);
    assert!(again.starts_with(REDIRECT), "{again}");
    // The app now asks for the email too: the consent screen again.
    let body = json!({"name": "더 묻는 앱", "homepage": "https://app.example", "redirectUris": [REDIRECT],
        "clientType": "CONFIDENTIAL", "items": items("REQUIRED", "OPTIONAL")});
    let res = c.call(&app, "PATCH", &format!("/api/oauth/apps/{}", a.client_id), Some(&owner.access), Some(body)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let more = location(&authorize(&app, &c, &owner, &a, "").await);
    assert!(more.starts_with("/oauth/consent?request="), "{more}");
    // Asking for the email alone (scope=email) after declining it does not ask again.
    let request = url::form_urlencoded::parse(more.split_once('?').unwrap().1.as_bytes()).next().unwrap().1.into_owned();
    decide(&app, &c, &owner, &request, true, &["name"]).await;
    let after = location(&authorize(&app, &c, &owner, &a, "&scope=profile%20email").await);
    assert!(after.starts_with(REDIRECT), "{after}");
}

#[tokio::test]
async fn token_endpoints_refuse_plain_http_when_the_site_is_https() {
    let base = state().await;
    let (app, _) = router_with(&base, |cfg| {
        cfg.public_url = "https://minihompy.example".into();
        cfg.trust_proxy = true;
    });
    let form = "grant_type=authorization_code&code=x&redirect_uri=y&client_id=nobody";
    let post = |ip: &str, proto: Option<&str>| {
        let mut b = Request::post("/oauth/token").header("x-forwarded-for", ip).header("content-type", "application/x-www-form-urlencoded");
        if let Some(p) = proto {
            b = b.header("x-forwarded-proto", p);
        }
        b.body(Body::from(form)).unwrap()
    };
    let plain = send(&app, post("203.0.113.9", Some("http"))).await;
    assert_eq!(plain.status, 400, "{}", plain.body);
    assert_eq!(plain.json()["error_description"], "TLS is required");
    // Through the TLS proxy, or from this machine: on to the client check.
    let tls = send(&app, post("203.0.113.9", Some("https"))).await;
    assert_eq!(tls.json()["error"], "invalid_client", "{}", tls.body);
    let local = send(&app, post("127.0.0.1", None)).await;
    assert_eq!(local.json()["error"], "invalid_client", "{}", local.body);
    let info = send(&app, Request::get("/oauth/userinfo").header("x-forwarded-for", "203.0.113.9").body(Body::empty()).unwrap()).await;
    assert_eq!(info.status, 400, "{}", info.body);
}

#[tokio::test]
async fn a_rotated_key_signs_and_the_old_one_stays_published() {
    let (app, state) = api().await;
    let before: Value = get(&app, "/oauth/jwks").await.json();
    let old_kids: Vec<String> = before["keys"].as_array().unwrap().iter().map(|k| k["kid"].as_str().unwrap().to_owned()).collect();
    assert!(!old_kids.is_empty());
    let new_kid = minihompy::oauth::rotate_key(&state.db).await.unwrap();
    let after: Value = get(&app, "/oauth/jwks").await.json();
    let kids: Vec<&str> = after["keys"].as_array().unwrap().iter().map(|k| k["kid"].as_str().unwrap()).collect();
    assert!(kids.contains(&new_kid.as_str()));
    assert!(old_kids.iter().all(|k| kids.contains(&k.as_str())), "retired keys are still published");
    // The next id_token carries the new key's id.
    let (c, owner) = someone(&app, &state).await;
    let a = register(&app, &c, &owner, items("REQUIRED", "NONE")).await;
    let code = code(&app, &c, &owner, &a, "&scope=openid%20profile&nonce=n-1").await;
    let res = exchange(&app, &c, &a, &code).await;
    let id_token = res.json()["id_token"].as_str().unwrap().to_owned();
    let header: Value =
        serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(id_token.split('.').next().unwrap()).unwrap())
            .unwrap();
    assert_eq!(header["alg"], "RS256");
    // Another test may have rotated again meanwhile; the kid is one of the published ones.
    let now: Value = get(&app, "/oauth/jwks").await.json();
    assert!(now["keys"].as_array().unwrap().iter().any(|k| k["kid"] == header["kid"]));
}

#[tokio::test]
async fn the_console_is_the_owners_alone_and_checks_redirect_uris() {
    let (app, state) = api().await;
    let (c, owner) = someone(&app, &state).await;
    let (co, other) = someone(&app, &state).await;
    let a = register(&app, &c, &owner, items("REQUIRED", "NONE")).await;
    for (method, path) in [("GET", format!("/api/oauth/apps/{}", a.client_id)), ("DELETE", format!("/api/oauth/apps/{}", a.client_id))] {
        let res = co.call(&app, method, &path, Some(&other.access), None).await;
        assert_eq!(res.status, 404, "{method} {path}: {}", res.body);
        assert_eq!(res.json()["code"], "APP_NOT_FOUND");
    }
    let bad = json!({"name": "", "homepage": "ftp://x", "redirectUris": ["http://evil.example/cb"], "clientType": "CONFIDENTIAL",
        "items": items("REQUIRED", "NONE")});
    let res = c.call(&app, "POST", "/api/oauth/apps", Some(&owner.access), Some(bad)).await;
    assert_eq!(res.status, 400, "{}", res.body);
    let body = res.json();
    let fields: Vec<&str> = body["fieldErrors"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "homepage", "redirectUris"]);
    // A rotated secret replaces the old one at once.
    let res = c.call(&app, "POST", &format!("/api/oauth/apps/{}/secret", a.client_id), Some(&owner.access), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let fresh = App { client_id: a.client_id.clone(), secret: res.json()["clientSecret"].as_str().unwrap().into() };
    let code = code(&app, &c, &owner, &a, "").await;
    assert_eq!(exchange(&app, &c, &a, &code).await.json()["error"], "invalid_client");
    assert_eq!(exchange(&app, &c, &fresh, &code).await.status, 200);
}

#[tokio::test]
async fn browser_apps_may_call_the_token_endpoint_from_their_origin() {
    let (app, _) = api().await;
    let preflight = Request::builder()
        .method("OPTIONS")
        .uri("/oauth/token")
        .header("origin", "https://spa.example")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .body(Body::empty())
        .unwrap();
    let res = send(&app, preflight).await;
    assert_eq!(res.headers.get("access-control-allow-origin").unwrap(), "*");
    // The sign-in steps stay our own.
    let res = send(&app, Request::get("/oauth/authorize").header("origin", "https://spa.example").body(Body::empty()).unwrap()).await;
    assert!(res.headers.get("access-control-allow-origin").is_none());
}
