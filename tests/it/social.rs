//! Social login against stand-ins of Naver's, Kakao's and Google's endpoints (started
//! here, on a local port): first logins with complete and with missing data, a second
//! login, linking from the account, and the state check against forged callbacks.

use crate::common::*;
use axum::{
    body::Body,
    extract::{Form, State},
    http::{HeaderMap, Request},
    routing::{get, post},
    Json, Router,
};
use base64::Engine;
use minihompy::server::config::SocialRegistration;
use serde_json::{json, Value};
use sha2::Digest;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

/// What the stand-in knows: the profile answered for each code, and the token requests it saw.
#[derive(Clone, Default)]
struct StandIn {
    profiles: Arc<Mutex<HashMap<String, Value>>>,
    token_requests: Arc<Mutex<Vec<HashMap<String, String>>>>,
}

async fn token(State(s): State<StandIn>, Form(f): Form<HashMap<String, String>>) -> Json<Value> {
    s.token_requests.lock().unwrap().push(f.clone());
    if f.get("client_id").map(String::as_str) != Some("cid") || f.get("client_secret").map(String::as_str) != Some("csecret") {
        return Json(json!({"error": "invalid_client"}));
    }
    let code = f.get("code").cloned().unwrap_or_default();
    Json(json!({"access_token": format!("at-{code}"), "token_type": "bearer", "expires_in": 3600}))
}

async fn me(State(s): State<StandIn>, headers: HeaderMap) -> Result<Json<Value>, axum::http::StatusCode> {
    let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("");
    let code = auth.strip_prefix("Bearer at-").ok_or(axum::http::StatusCode::UNAUTHORIZED)?;
    s.profiles.lock().unwrap().get(code).cloned().map(Json).ok_or(axum::http::StatusCode::UNAUTHORIZED)
}

/// Starts the stand-in; returns it and its base URL.
async fn stand_in() -> (StandIn, String) {
    let s = StandIn::default();
    let app = Router::new().route("/token", post(token)).route("/me", get(me)).with_state(s.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (s, base)
}

/// The site with naver, kakao and google registered at the stand-in.
async fn site() -> (Router, minihompy::server::AppState, StandIn) {
    let (stand, base) = stand_in().await;
    let state = state().await;
    let (app, state) = router_with(&state, |c| {
        c.trust_proxy = true;
        c.social = ["naver", "kakao", "google"]
            .iter()
            .map(|id| SocialRegistration {
                id: (*id).into(),
                kind: (*id).into(),
                label: (*id).into(),
                client_id: "cid".into(),
                client_secret: "csecret".into(),
                auth_url: format!("{base}/authorize"),
                token_url: format!("{base}/token"),
                userinfo_url: format!("{base}/me"),
                scopes: String::new(),
            })
            .collect();
    });
    (app, state, stand)
}

struct Started {
    state: String,
    binder: String,
    challenge: String,
}

fn set_cookie(res: &Response, name: &str) -> Option<String> {
    res.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix(&format!("{name}=")).map(|rest| rest.split(';').next().unwrap_or("").to_owned()))
        .filter(|v| !v.is_empty())
}

async fn start(app: &Router, c: &Client, provider: &str, cookie: Option<&str>, link: bool) -> Started {
    let path = format!("/account/login/oauth2/authorization/{provider}?next=/shop{}", if link { "&link=1" } else { "" });
    let mut b = Request::get(path).header("x-forwarded-for", &c.ip);
    if let Some(ck) = cookie {
        b = b.header("cookie", ck);
    }
    let res = send(app, b.body(Body::empty()).unwrap()).await;
    assert_eq!(res.status, 303, "{}", res.body);
    let to = url::Url::parse(res.headers.get("location").unwrap().to_str().unwrap()).unwrap();
    assert!(to.path().ends_with("/authorize"), "{to}");
    let q: HashMap<String, String> = to.query_pairs().into_owned().collect();
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(q["redirect_uri"], format!("{}/login/oauth2/code/{provider}", c.origin));
    Started {
        state: q["state"].clone(),
        binder: set_cookie(&res, "socialState").expect("the binder cookie"),
        challenge: q["code_challenge"].clone(),
    }
}

async fn callback(app: &Router, c: &Client, provider: &str, code: &str, state: &str, cookie: &str) -> Response {
    callback_accepting(app, c, provider, code, state, cookie, "application/json").await
}

/// The provider's redirect as a browser follows it.
async fn browser_callback(app: &Router, c: &Client, provider: &str, code: &str, state: &str, cookie: &str) -> Response {
    callback_accepting(app, c, provider, code, state, cookie, "text/html").await
}

async fn callback_accepting(app: &Router, c: &Client, provider: &str, code: &str, state: &str, cookie: &str, accept: &str) -> Response {
    let req = Request::get(format!("/login/oauth2/code/{provider}?code={code}&state={}", minihompy::ui::kit::url_encode(state)))
        .header("x-forwarded-for", &c.ip)
        .header("accept", accept)
        .header("cookie", cookie)
        .body(Body::empty())
        .unwrap();
    send(app, req).await
}

fn naver_profile(id: &str, email: &str) -> Value {
    json!({"resultcode": "00", "message": "success", "response": {"id": id, "email": email, "name": "김네이버", "nickname": "네이버짱",
        "gender": "F", "birthyear": "1998", "birthday": "07-21", "mobile": "010-2222-3333"}})
}

#[tokio::test]
async fn a_complete_first_login_makes_the_member_and_a_second_login_finds_them() {
    let (app, _state, stand) = site().await;
    let c = Client::new(&_state);
    let (subject, email) = (unique("nv"), format!("{}@naver.example", unique("n")));
    let code = unique("code");
    stand.profiles.lock().unwrap().insert(code.clone(), naver_profile(&subject, &email));
    let s = start(&app, &c, "naver", None, false).await;
    let res = callback(&app, &c, "naver", &code, &s.state, &format!("socialState={}", s.binder)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let body = res.json();
    assert_eq!(body["name"], "김네이버");
    assert_eq!(body["roles"], json!(["USER"]));
    let user_id = body["userId"].as_u64().unwrap();
    assert!(set_cookie(&res, "accessToken").is_some(), "signed in");
    // The token request carried the PKCE verifier of the challenge, and Naver's state.
    let seen = stand.token_requests.lock().unwrap().last().cloned().unwrap();
    let verifier = &seen["code_verifier"];
    assert_eq!(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes())), s.challenge);
    assert_eq!(seen["state"], s.state);
    // A second login with the same Naver account is the same member.
    let code2 = unique("code");
    stand.profiles.lock().unwrap().insert(code2.clone(), naver_profile(&subject, &email));
    let s2 = start(&app, &c, "naver", None, false).await;
    let again = callback(&app, &c, "naver", &code2, &s2.state, &format!("socialState={}", s2.binder)).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.json()["userId"].as_u64(), Some(user_id));
    // A browser is sent on to `next`.
    let code3 = unique("code");
    stand.profiles.lock().unwrap().insert(code3.clone(), naver_profile(&subject, &email));
    let s3 = start(&app, &c, "naver", None, false).await;
    let browser = browser_callback(&app, &c, "naver", &code3, &s3.state, &format!("socialState={}", s3.binder)).await;
    assert_eq!(browser.status, 303);
    assert_eq!(browser.headers.get("location").unwrap(), "/shop");
}

#[tokio::test]
async fn a_first_login_with_too_little_data_completes_through_register() {
    let (app, state, stand) = site().await;
    let c = Client::new(&state);
    let code = unique("code");
    // Kakao without consent to email, gender or birthday.
    stand.profiles.lock().unwrap().insert(
        code.clone(),
        json!({"id": 7_000_000 + rand_number(), "kakao_account": {"name": "박카카오", "profile": {"nickname": "카카오"}}}),
    );
    let s = start(&app, &c, "kakao", None, false).await;
    let res = callback(&app, &c, "kakao", &code, &s.state, &format!("socialState={}", s.binder)).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json(), json!({"message": "insufficient user info", "invalidFields": ["email", "gender", "birthDate"]}));
    let pending = set_cookie(&res, "socialPending").expect("the pending sign-up's cookie");
    let register = |body: Value| register(&app, &c, &pending, body);
    let partial = register(json!({"gender": "MALE"})).await;
    assert_eq!(partial.status, 400, "{}", partial.body);
    assert_eq!(partial.json(), json!({"message": "insufficient user info", "invalidFields": ["email", "birthDate"]}));
    let email = format!("{}@example.test", unique("k"));
    let done = register(json!({"email": email, "birthDate": "2001-02-03"})).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.json(), json!({"message": "successfully registered and logged in"}));
    assert!(set_cookie(&done, "accessToken").is_some());
    let row: (String, String, Option<chrono::NaiveDate>, Option<chrono::NaiveDateTime>) =
        sqlx::query_as("SELECT name, CAST(gender AS CHAR), birth_date, email_verified_at FROM users WHERE email = ?")
            .bind(&email)
            .fetch_one(&state.db)
            .await
            .unwrap();
    assert_eq!((row.0.as_str(), row.1.as_str()), ("박카카오", "MALE"));
    assert_eq!(row.2, chrono::NaiveDate::from_ymd_opt(2001, 2, 3));
    assert!(row.3.is_none(), "an address typed into the form is not verified");
    // The pending sign-up is spent.
    assert_eq!(register(json!({"email": "x@example.test"})).await.status, 400);
    // The typed address may be someone else's: when its owner takes the account back
    // through the reset mail, the Kakao link made before they did goes with it.
    let links = || {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM social_links l JOIN users u ON u.id = l.user_id WHERE u.email = ?")
            .bind(&email)
            .fetch_one(&state.db)
    };
    assert_eq!(links().await.unwrap(), 1);
    reset_through_mail(&app, &c, &email, "Owner-Takes-It-Back-9").await;
    assert_eq!(links().await.unwrap(), 0);
}

/// `POST /account/register` for the pending sign-up.
async fn register(app: &Router, c: &Client, pending: &str, body: Value) -> Response {
    let req = Request::post("/account/register")
        .header("x-forwarded-for", &c.ip)
        .header("origin", &c.origin)
        .header("content-type", "application/json")
        .header("cookie", format!("socialPending={pending}"))
        .body(Body::from(body.to_string()))
        .unwrap();
    send(app, req).await
}

async fn consents_of(state: &minihompy::server::AppState, email: &str) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT CAST(c.document AS CHAR), c.version FROM user_consents c JOIN users u ON u.id = c.user_id WHERE u.email = ? ORDER BY CAST(c.document AS CHAR)",
    )
    .bind(email)
    .fetch_all(&state.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_browser_sign_up_always_asks_for_the_agreements_and_records_them() {
    let (app, state, stand) = site().await;
    let c = Client::new(&state);
    // Naver gave everything: a browser still completes the form, for the two agreements.
    let (subject, email) = (unique("nv"), format!("{}@naver.example", unique("n")));
    let code = unique("code");
    stand.profiles.lock().unwrap().insert(code.clone(), naver_profile(&subject, &email));
    let s = start(&app, &c, "naver", None, false).await;
    let res = browser_callback(&app, &c, "naver", &code, &s.state, &format!("socialState={}", s.binder)).await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(res.headers.get("location").unwrap(), "/signup/social");
    assert!(set_cookie(&res, "accessToken").is_none(), "not signed in before agreeing");
    let pending = set_cookie(&res, "socialPending").expect("the pending sign-up's cookie");
    let none = register(&app, &c, &pending, json!({})).await;
    assert_eq!(none.status, 400, "{}", none.body);
    assert_eq!(none.json()["invalidFields"], json!(["agreeTerms", "agreePrivacy"]));
    let half = register(&app, &c, &pending, json!({"agreeTerms": true, "agreePrivacy": false})).await;
    assert_eq!(half.json()["invalidFields"], json!(["agreePrivacy"]));
    assert!(consents_of(&state, &email).await.is_empty());
    let done = register(&app, &c, &pending, json!({"agreePrivacy": true})).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(set_cookie(&done, "accessToken").is_some());
    let versions = (minihompy::account::model::PRIVACY_VERSION.to_owned(), minihompy::account::model::TERMS_VERSION.to_owned());
    assert_eq!(consents_of(&state, &email).await, vec![("PRIVACY".to_owned(), versions.0), ("TERMS".to_owned(), versions.1)]);
}

#[tokio::test]
async fn a_child_signing_up_socially_waits_for_the_guardian() {
    let (app, state, stand) = site().await;
    let c = Client::new(&state);
    let (subject, email, guardian) =
        (unique("nv"), format!("{}@naver.example", unique("kid")), format!("{}@example.test", unique("parent")));
    let year = (chrono::Utc::now().date_naive().format("%Y").to_string().parse::<i32>().unwrap() - 10).to_string();
    let child = json!({"resultcode": "00", "message": "success", "response": {"id": subject, "email": email, "name": "김어린",
        "gender": "M", "birthyear": year, "birthday": "01-02"}});
    let code = unique("code");
    stand.profiles.lock().unwrap().insert(code.clone(), child.clone());
    let s = start(&app, &c, "naver", None, false).await;
    let res = browser_callback(&app, &c, "naver", &code, &s.state, &format!("socialState={}", s.binder)).await;
    assert_eq!(res.headers.get("location").unwrap(), "/signup/social");
    let pending = set_cookie(&res, "socialPending").unwrap();
    let agreed = register(&app, &c, &pending, json!({"agreeTerms": true, "agreePrivacy": true})).await;
    assert_eq!(agreed.status, 400, "{}", agreed.body);
    assert_eq!(agreed.json()["invalidFields"], json!(["guardianEmail"]));
    let made = register(&app, &c, &pending, json!({"guardianEmail": guardian})).await;
    assert_eq!(made.status, 202, "{}", made.body);
    assert!(set_cookie(&made, "accessToken").is_none(), "no sign-in before the guardian agrees");
    // The next login with Naver is refused until the guardian follows the mailed link.
    let login_now = || async {
        let code = unique("code");
        stand.profiles.lock().unwrap().insert(code.clone(), child.clone());
        let s = start(&app, &c, "naver", None, false).await;
        callback(&app, &c, "naver", &code, &s.state, &format!("socialState={}", s.binder)).await
    };
    let refused = login_now().await;
    assert_eq!((refused.status, refused.json()["code"].clone()), (403, json!("GUARDIAN_CONSENT_PENDING")), "{}", refused.body);
    let mail = mail_to(&guardian).await;
    let token = mail.lines().find(|l| l.contains("/guardian/")).expect("a link").trim().rsplit('/').next().unwrap().to_owned();
    assert_eq!(c.call(&app, "POST", &format!("/api/guardian/{token}"), None, None).await.status, 200);
    let signed_in = login_now().await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.body);
    assert_eq!(signed_in.json()["name"], "김어린");
    let docs: Vec<String> = consents_of(&state, &email).await.into_iter().map(|(d, _)| d).collect();
    assert_eq!(docs, vec!["GUARDIAN", "PRIVACY", "TERMS"]);
}

fn rand_number() -> u64 {
    uuid::Uuid::new_v4().as_u128() as u64 % 1_000_000_000
}

#[tokio::test]
async fn a_forged_or_replayed_callback_is_refused() {
    let (app, state, stand) = site().await;
    let c = Client::new(&state);
    let code = unique("code");
    stand.profiles.lock().unwrap().insert(code.clone(), naver_profile(&unique("nv"), &format!("{}@naver.example", unique("n"))));
    let s = start(&app, &c, "naver", None, false).await;
    // A state we never issued.
    let forged = callback(&app, &c, "naver", &code, "made-up-state", &format!("socialState={}", s.binder)).await;
    assert_eq!(forged.status, 400, "{}", forged.body);
    // Our state, but from a browser that did not start the login (no or another binder).
    let s2 = start(&app, &c, "naver", None, false).await;
    let other_browser = callback(&app, &c, "naver", &code, &s2.state, "socialState=someone-else").await;
    assert_eq!(other_browser.status, 400, "{}", other_browser.body);
    // The state was spent by that attempt: the right browser cannot use it afterwards either.
    let replay = callback(&app, &c, "naver", &code, &s2.state, &format!("socialState={}", s2.binder)).await;
    assert_eq!(replay.status, 400, "{}", replay.body);
    // Another provider's callback with this provider's state.
    let s3 = start(&app, &c, "naver", None, false).await;
    let crossed = callback(&app, &c, "kakao", &code, &s3.state, &format!("socialState={}", s3.binder)).await;
    assert_eq!(crossed.status, 400, "{}", crossed.body);
    assert!(stand.token_requests.lock().unwrap().is_empty(), "no forged callback reached the provider");
}

#[tokio::test]
async fn a_provider_is_linked_only_from_the_account_never_by_email() {
    let (app, state, stand) = site().await;
    let (c, m) = someone(&app, &state).await;
    let subject = unique("g");
    // A Google account with the member's own address, not linked: no login as the member.
    let code = unique("code");
    stand.profiles.lock().unwrap().insert(code.clone(), json!({"sub": subject, "email": m.email, "email_verified": true, "name": "구글"}));
    let s = start(&app, &c, "google", None, false).await;
    let res = callback(&app, &c, "google", &code, &s.state, &format!("socialState={}", s.binder)).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert!(res.json()["invalidFields"].as_array().unwrap().contains(&json!("email")), "a taken email is a field to correct");
    // Linking needs the member signed in when it starts and when it comes back.
    let session = format!("accessToken={}", m.access);
    let s = start(&app, &c, "google", Some(&session), true).await;
    let code = unique("code");
    stand.profiles.lock().unwrap().insert(code.clone(), json!({"sub": subject, "email": m.email, "email_verified": true, "name": "구글"}));
    let linked = callback(&app, &c, "google", &code, &s.state, &format!("socialState={}; {session}", s.binder)).await;
    assert_eq!(linked.status, 200, "{}", linked.body);
    assert_eq!(linked.json()["message"], "linked");
    // Now the Google account logs in as the member.
    let code = unique("code");
    stand.profiles.lock().unwrap().insert(code.clone(), json!({"sub": subject, "email": m.email, "email_verified": true, "name": "구글"}));
    let s = start(&app, &c, "google", None, false).await;
    let login = callback(&app, &c, "google", &code, &s.state, &format!("socialState={}", s.binder)).await;
    assert_eq!(login.status, 200, "{}", login.body);
    assert_eq!(login.json()["userId"].as_u64(), Some(m.id));
    // A link started without being signed in is a login redirect, not a link.
    let res = send(
        &app,
        Request::get("/account/login/oauth2/authorization/google?link=1").header("x-forwarded-for", &c.ip).body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(res.headers.get("location").unwrap(), "/login?next=/account");
}

#[tokio::test]
async fn unlinking_needs_the_password() {
    let (app, state, stand) = site().await;
    let (c, m) = someone(&app, &state).await;
    let session = format!("accessToken={}", m.access);
    let s = start(&app, &c, "naver", Some(&session), true).await;
    let code = unique("code");
    stand.profiles.lock().unwrap().insert(code.clone(), naver_profile(&unique("nv"), &format!("{}@naver.example", unique("n"))));
    let linked = callback(&app, &c, "naver", &code, &s.state, &format!("socialState={}; {session}", s.binder)).await;
    assert_eq!(linked.status, 200, "{}", linked.body);
    use leptos::server_fn::ServerFn;
    let path = minihompy::account::api::UnlinkSocial::PATH;
    let wrong = c.server_fn(&app, path, &[("provider", "naver"), ("password", "not-it")], Some(&m.access)).await;
    assert_eq!(wrong.status, 400, "{}", wrong.body);
    let count = || sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM social_links WHERE user_id = ?").bind(m.id).fetch_one(&state.db);
    assert_eq!(count().await.unwrap(), 1);
    let ok = c.server_fn(&app, path, &[("provider", "naver"), ("password", PASSWORD)], Some(&m.access)).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(count().await.unwrap(), 0);
}
