//! Accounts and token security through the REST API, against the real stores and the
//! SMTP sink.

use crate::common::*;
use axum::{body::Body, http::Request};
use serde_json::json;

#[tokio::test]
async fn signup_creates_a_user_ignores_a_role_and_refuses_duplicates() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let email = format!("{}@example.test", unique("s"));
    let body = json!({"email": email, "password": PASSWORD, "name": "김민지", "nickname": "민지", "role": "ADMIN",
                      "birthDate": "1999-03-04", "gender": "FEMALE", "phone": "010-1234-5678"});
    let res = c.call(&app, "POST", "/api/users/signup", None, Some(body.clone())).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let u = res.json();
    assert_eq!(u["email"], email.as_str());
    assert_eq!(u["nickname"], "민지");
    assert_eq!(u["role"], "USER");
    assert!(u["id"].as_u64().is_some() && u["createdAt"].is_string() && u["modifiedAt"].is_string());

    let res = c.call(&app, "POST", "/api/users/signup", None, Some(body)).await;
    assert_eq!(res.status, 409);
    assert_eq!(res.json()["code"], "EMAIL_EXISTS");
}

#[tokio::test]
async fn signup_rejects_bad_fields_with_messages_per_field() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let res = c
        .call(
            &app,
            "POST",
            "/api/users/signup",
            None,
            Some(json!({
                "email": "not-an-email", "password": "short", "name": "가", "nickname": "닉",
                "birthDate": "2999-01-01", "gender": "X"
            })),
        )
        .await;
    assert_eq!(res.status, 400, "{}", res.body);
    let body = res.json();
    assert_eq!(body["code"], "INVALID_FIELDS");
    let fields: Vec<&str> = body["fieldErrors"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    for f in ["email", "password", "name", "birthDate", "gender"] {
        assert!(fields.contains(&f), "{f} missing in {fields:?}");
    }
    // A password from the common list is refused even when long enough.
    let res = c
        .call(
            &app,
            "POST",
            "/api/users/signup",
            None,
            Some(json!({
                "email": format!("{}@example.test", unique("c")), "password": "iloveyou1", "name": "김철수", "nickname": "철수"
            })),
        )
        .await;
    assert_eq!(res.status, 400);
    assert!(res.json()["fieldErrors"][0]["message"].as_str().unwrap().contains("흔한"));
}

#[tokio::test]
async fn sql_injection_and_oversized_inputs_get_400_not_500() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    for body in [
        json!({"email": "a@b.co' OR '1'='1", "password": PASSWORD, "name": "이름이요", "nickname": "닉네임"}),
        json!({"email": format!("{}@example.test", "a".repeat(5000)), "password": PASSWORD, "name": "이름이요", "nickname": "닉네임"}),
        json!({"email": "x@example.test", "password": "p".repeat(10_000), "name": "이름이요", "nickname": "닉네임"}),
        json!({"email": "y@example.test", "password": PASSWORD, "name": "이".repeat(500), "nickname": "'; DROP TABLE users; --"}),
        json!({"email": 5, "password": []}),
    ] {
        let res = c.call(&app, "POST", "/api/users/signup", None, Some(body.clone())).await;
        assert_eq!(res.status, 400, "{body}: {}", res.body);
        assert!(res.json()["code"].is_string());
    }
    let res = c.login_attempt(&app, "' OR 1=1 --", "' OR 1=1 --").await;
    assert_eq!(res.status, 401);
    let res = c.call(&app, "GET", "/api/users/1%20OR%201=1", None, None).await;
    assert!(res.status == 400 || res.status == 401, "{}", res.status);
    // Users table still there and intact.
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users").fetch_one(&state.db).await.unwrap();
    assert!(n >= 6);
}

#[tokio::test]
async fn email_is_verified_with_the_code_from_the_mail() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let m = unverified_member(&app, &c).await;
    let res = c.call(&app, "GET", &format!("/api/accounts/{}", m.id), Some(&m.access), None).await;
    assert_eq!(res.json()["emailVerified"], false);

    let mail = mail_to(&m.email).await;
    let code = six_digit_code(&mail);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let res = c.call(&app, "POST", "/api/users/verify-email", None, Some(json!({"email": m.email, "code": wrong}))).await;
    assert_eq!(res.status, 400);
    assert_eq!(res.json()["code"], "INVALID_CODE");
    let res = c.call(&app, "POST", "/api/users/verify-email", None, Some(json!({"email": m.email, "code": code}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = c.call(&app, "GET", &format!("/api/accounts/{}", m.id), Some(&m.access), None).await;
    assert_eq!(res.json()["emailVerified"], true);

    // Resending is limited to once a minute.
    let email2 = format!("{}@example.test", unique("r"));
    c.call(
        &app,
        "POST",
        "/api/users/signup",
        None,
        Some(json!({"email": email2, "password": PASSWORD, "name": "홍길동", "nickname": "길동"})),
    )
    .await;
    let res = c.call(&app, "POST", "/api/users/verify-email/resend", None, Some(json!({"email": email2}))).await;
    assert_eq!(res.status, 429);
    assert_eq!(res.json()["code"], "RESEND_COOLDOWN");
}

#[tokio::test]
async fn login_sets_an_httponly_refresh_cookie_and_never_tells_whether_the_email_exists() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let m = member(&app, &c).await;
    // A non-browser client (no Origin) gets the tokens in the body and no cookies.
    let res = c.login_attempt(&app, &m.email, PASSWORD).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json()["tokenAuthScheme"], "Bearer");
    assert!(res.headers.get("set-cookie").is_none(), "cookies only for requests from our pages");
    let mut req = c.request("POST", "/api/users/login", None, Some(json!({"email": m.email, "password": PASSWORD})));
    req.headers_mut().insert("origin", c.origin.parse().unwrap());
    let res = send(&app, req).await;
    assert_eq!(res.status, 200);
    let cookies: Vec<&str> = res.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).collect();
    let refresh = cookies.iter().find(|c| c.starts_with("refreshToken=")).expect("refresh cookie");
    assert!(refresh.contains("HttpOnly") && refresh.contains("SameSite=Lax") && refresh.contains("Path=/"));

    let wrong = c.login_attempt(&app, &m.email, "Wrong-Pass-99").await;
    let unknown = c
        .call(
            &app,
            "POST",
            "/api/users/login",
            None,
            Some(json!({"email": format!("{}@example.test", unique("n")), "password": "Wrong-Pass-99"})),
        )
        .await;
    assert_eq!((wrong.status, unknown.status), (401, 401));
    let (mut a, mut b) = (wrong.json(), unknown.json());
    a["timestamp"] = json!(null);
    b["timestamp"] = json!(null);
    assert_eq!(a, b, "same answer for a wrong password and an unknown email");
    assert_eq!(a["code"], "INVALID_CREDENTIALS");
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_whole_family() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let m = member(&app, &c).await;
    let res = c.call(&app, "POST", "/api/refresh", None, Some(json!({"refreshToken": m.refresh}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let second = res.json()["refreshToken"].as_str().unwrap().to_owned();
    let access2 = res.json()["accessToken"].as_str().unwrap().to_owned();
    assert_ne!(second, m.refresh);
    assert_eq!(c.call(&app, "GET", "/api/admins/access", Some(&access2), None).await.status, 403, "the new access token works");

    // The refresh cookie works too.
    let req = Request::post("/api/refresh")
        .header("x-forwarded-for", &c.ip)
        .header("origin", &c.origin)
        .header("cookie", format!("refreshToken={second}"))
        .body(Body::empty())
        .unwrap();
    let res = send(&app, req).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let third = res.json()["refreshToken"].as_str().unwrap().to_owned();

    // Presenting a spent token: 401, and the family is gone, so the newest token fails too.
    let res = c.call(&app, "POST", "/api/refresh", None, Some(json!({"refreshToken": m.refresh}))).await;
    assert_eq!(res.status, 401);
    assert_eq!(res.json()["code"], "REFRESH_UNAUTHORIZED");
    let res = c.call(&app, "POST", "/api/refresh", None, Some(json!({"refreshToken": third}))).await;
    assert_eq!(res.status, 401, "family revoked");
    let res = c.call(&app, "GET", &format!("/api/users/{}", m.id), Some(&access2), None).await;
    assert_eq!(res.status, 401, "access tokens of a revoked family stop working");

    for bad in [json!({}), json!({"refreshToken": "garbage"}), json!({"refreshToken": ""})] {
        let res = c.call(&app, "POST", "/api/refresh", None, Some(bad)).await;
        assert_eq!(res.status, 401);
        assert_eq!(res.json()["code"], "REFRESH_UNAUTHORIZED");
    }
}

#[tokio::test]
async fn logout_clears_the_cookie_and_revokes_the_family() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let m = member(&app, &c).await;
    let res = c.call(&app, "POST", "/api/users/logout", Some(&m.access), Some(json!({"refreshToken": m.refresh}))).await;
    assert_eq!(res.status, 200);
    let cleared = res.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect::<Vec<_>>();
    assert!(cleared.iter().any(|c| c.starts_with("refreshToken=;") && c.contains("Max-Age=0")), "{cleared:?}");
    let res = c.call(&app, "POST", "/api/refresh", None, Some(json!({"refreshToken": m.refresh}))).await;
    assert_eq!(res.status, 401);
    let res = c.call(&app, "GET", "/api/users", Some(&m.access), None).await;
    assert_eq!(res.status, 401);
}

#[tokio::test]
async fn forged_expired_and_foreign_tokens_are_refused() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let m = member(&app, &c).await;
    assert_eq!(c.call(&app, "GET", "/api/users", Some(&m.access), None).await.status, 200);

    // Tampered signature.
    let mut tampered = m.access.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    // alg: none with the same claims.
    let claims = m.access.split('.').nth(1).unwrap();
    let none = format!("{}.{claims}.", b64(r#"{"alg":"none","typ":"JWT"}"#));
    // Claims changed to another user, signature kept.
    let (_, claims_v) = state.tokens.verify(&m.access).unwrap();
    let mut other = serde_json::to_value(&claims_v).unwrap();
    other["sub"] = json!("1");
    let swapped = format!("{}.{}.{}", m.access.split('.').next().unwrap(), b64(&other.to_string()), m.access.split('.').nth(2).unwrap());
    // Expired, and wrong audience, signed with the real key.
    let now = chrono::Utc::now().timestamp();
    let mut expired = serde_json::to_value(&claims_v).unwrap();
    expired["iat"] = json!(now - 7200);
    expired["exp"] = json!(now - 3600);
    let mut foreign = serde_json::to_value(&claims_v).unwrap();
    foreign["aud"] = json!("another-app");
    let mut wrong_typ = serde_json::to_value(&claims_v).unwrap();
    wrong_typ["typ"] = json!("refresh");
    for (name, token) in [
        ("tampered", tampered),
        ("alg none", none),
        ("swapped claims", swapped),
        ("expired", state.tokens.sign(&expired)),
        ("wrong audience", state.tokens.sign(&foreign)),
        ("wrong typ", state.tokens.sign(&wrong_typ)),
        ("garbage", "abc.def.ghi".into()),
    ] {
        let res = c.call(&app, "GET", "/api/users", Some(&token), None).await;
        assert_eq!(res.status, 401, "{name}: {}", res.body);
        assert!(res.json()["code"].is_string());
    }
    assert_eq!(c.call(&app, "GET", "/api/users", None, None).await.status, 401);
}

fn b64(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
}

#[tokio::test]
async fn users_are_listed_with_email_only_for_oneself_and_staff() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let a = member(&app, &c).await;
    let b = member(&app, &c).await;
    let res = c.call(&app, "GET", "/api/users?page=0&size=5", Some(&a.access), None).await;
    assert_eq!(res.status, 200);
    // The plain array of the user-jwt document, a page at a time; the count in a header.
    assert_eq!(res.json().as_array().unwrap().len(), 5);
    let total: i64 = res.headers.get("x-total-count").unwrap().to_str().unwrap().parse().unwrap();
    assert!(total >= 8, "{total}");
    assert_eq!(c.call(&app, "GET", "/api/users?size=1000", Some(&a.access), None).await.status, 400);
    assert_eq!(c.call(&app, "GET", "/api/users?page=abc", Some(&a.access), None).await.status, 400);

    let res = c.call(&app, "GET", &format!("/api/users/{}", b.id), Some(&a.access), None).await;
    assert_eq!(res.json(), json!({"id": b.id, "nickname": "길동이"}));
    let res = c.call(&app, "GET", &format!("/api/users/{}", a.id), Some(&a.access), None).await;
    assert_eq!(res.json()["email"], a.email.as_str());
    make_role(&state, a.id, "STAFF").await;
    let res = c.call(&app, "GET", &format!("/api/users/{}", b.id), Some(&a.access), None).await;
    assert_eq!(res.json()["email"], b.email.as_str());

    let res = c.call(&app, "GET", "/api/users/999999999", Some(&a.access), None).await;
    assert_eq!(res.status, 404);
    assert_eq!(res.json()["code"], "USER_NOT_FOUND");
}

#[tokio::test]
async fn another_member_cannot_read_patch_or_delete_your_account() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let me = member(&app, &c).await;
    let other = member(&app, &c).await;
    let path = format!("/api/accounts/{}", me.id);
    assert_eq!(c.call(&app, "GET", &path, Some(&other.access), None).await.status, 403);
    assert_eq!(c.call(&app, "PATCH", &path, Some(&other.access), Some(json!({"name": "해커"}))).await.status, 403);
    assert_eq!(c.call(&app, "DELETE", &path, Some(&other.access), None).await.status, 403);
    assert_eq!(c.call(&app, "DELETE", &format!("/api/users/{}", me.id), Some(&other.access), None).await.status, 403);
    assert_eq!(c.call(&app, "GET", &path, None, None).await.status, 401);

    let res = c.call(&app, "GET", &path, Some(&me.access), None).await;
    assert_eq!(res.status, 200);
    let acct = res.json();
    assert_eq!(acct["name"], "홍길동");
    assert_eq!(acct["roles"], json!(["USER"]));
    for key in ["userId", "email", "createdAt", "gender", "birthDate", "profileImgUri", "locale", "emailVerified"] {
        assert!(acct.get(key).is_some(), "{key}");
    }

    let res = c
        .call(&app, "PATCH", &path, Some(&me.access), Some(json!({"name": "홍길순", "gender": "FEMALE", "birthDate": "2001-12-25"})))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["name"], "홍길순");
    assert_eq!(res.json()["birthDate"], "2001-12-25");
    let res =
        c.call(&app, "PATCH", &path, Some(&me.access), Some(json!({"name": "a", "gender": "OTHER", "birthDate": "25-12-2001"}))).await;
    assert_eq!(res.status, 400);
    assert_eq!(res.json()["fieldErrors"].as_array().unwrap().len(), 3);
    let res = c.call(&app, "PATCH", &path, Some(&me.access), Some(json!({"role": "ADMIN"}))).await;
    assert_eq!(res.status, 400, "unknown fields (a role) are refused");

    // Public views.
    let res = c.call(&app, "GET", &format!("/api/accounts/{}/summary", me.id), None, None).await;
    assert_eq!(res.json(), json!({"userId": me.id, "name": "홍길순", "profileImgUri": null}));
    let res = c.call(&app, "GET", &format!("/api/users/{}/profile", me.id), None, None).await;
    assert_eq!(res.status, 200);

    // Deleting oneself: 204, then the account is gone and its tokens are dead.
    assert_eq!(c.call(&app, "DELETE", &path, Some(&me.access), None).await.status, 204);
    assert_eq!(c.call(&app, "GET", &path, Some(&me.access), None).await.status, 401);
    let res = c.call(&app, "GET", &format!("/api/users/{}", me.id), Some(&other.access), None).await;
    assert_eq!(res.status, 404);
    let res = c.login_attempt(&app, &me.email, PASSWORD).await;
    assert_eq!(res.status, 401);
}

#[tokio::test]
async fn admin_access_and_admin_deletes() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let admin = member(&app, &c).await;
    let user = member(&app, &c).await;
    make_role(&state, admin.id, "ADMIN").await;
    assert_eq!(c.call(&app, "GET", "/api/admins/access", None, None).await.status, 401);
    assert_eq!(c.call(&app, "GET", "/api/admins/access", Some(&user.access), None).await.status, 403);
    make_role(&state, user.id, "STAFF").await;
    assert_eq!(c.call(&app, "GET", "/api/admins/access", Some(&user.access), None).await.status, 403);
    assert_eq!(c.call(&app, "GET", "/api/admins/access", Some(&admin.access), None).await.status, 200);
    let res = c.call(&app, "GET", &format!("/api/accounts/{}", user.id), Some(&admin.access), None).await;
    assert_eq!(res.status, 200);
    assert_eq!(c.call(&app, "DELETE", &format!("/api/users/{}", user.id), Some(&admin.access), None).await.status, 204);
}

#[tokio::test]
async fn failed_logins_are_rate_limited_per_account_and_recover() {
    let (_, base) = api().await;
    let (app, state) = router_with(&base, |cfg| {
        cfg.trust_proxy = true;
        cfg.limits.login_account.max = 3;
        cfg.limits.login_account.window_secs = 2;
    });
    let c = Client::new(&state);
    let m = member(&app, &c).await;
    for _ in 0..3 {
        let res = c.login_attempt(&app, &m.email, "Wrong-Pass-99").await;
        assert_eq!(res.status, 401);
    }
    // Now even the right password waits, with a message that says how long.
    let res = c.login_attempt(&app, &m.email, PASSWORD).await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert_eq!(res.json()["code"], "TOO_MANY_REQUESTS");
    assert!(res.json()["message"].as_str().unwrap().contains("초 후"));
    let wait: u64 = res.headers.get("retry-after").expect("Retry-After").to_str().unwrap().parse().unwrap();
    assert!((1..=2).contains(&wait), "Retry-After: {wait}");
    assert!(res.json().get("retryAfterSecs").is_none(), "the JSON error body keeps its shape");
    // The lock is per account and address: the owner elsewhere still signs in.
    let other = Client::new(&state);
    let res = other.login_attempt(&app, &m.email, PASSWORD).await;
    assert_eq!(res.status, 200, "{}", res.body);
    tokio::time::sleep(std::time::Duration::from_millis(2300)).await;
    let res = c.login_attempt(&app, &m.email, PASSWORD).await;
    assert_eq!(res.status, 200, "recovered: {}", res.body);
}

#[tokio::test]
async fn failed_logins_are_rate_limited_per_address() {
    let (_, base) = api().await;
    let (app, state) = router_with(&base, |cfg| {
        cfg.trust_proxy = true;
        cfg.limits.login_ip.max = 4;
        cfg.limits.login_ip.window_secs = 60;
    });
    let c = Client::new(&state);
    for i in 0..4 {
        let res = c.login_attempt(&app, &format!("nobody{i}@example.test"), "x").await;
        assert_eq!(res.status, 401);
    }
    let res = c.login_attempt(&app, "someone@example.test", "x").await;
    assert_eq!(res.status, 429);
}

#[tokio::test]
async fn a_suspended_member_can_neither_log_in_nor_refresh() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let m = member(&app, &c).await;
    sqlx::query("UPDATE users SET status = 'SUSPENDED' WHERE id = ?").bind(m.id).execute(&state.db).await.unwrap();
    let res = c.login_attempt(&app, &m.email, PASSWORD).await;
    assert_eq!(res.status, 403);
    assert_eq!(res.json()["code"], "ACCOUNT_SUSPENDED");
    let res = c.call(&app, "POST", "/api/refresh", None, Some(json!({"refreshToken": m.refresh}))).await;
    assert_eq!(res.status, 401);
    assert_eq!(c.call(&app, "GET", "/api/users", Some(&m.access), None).await.status, 401);
}

#[tokio::test]
async fn cookie_requests_from_another_origin_are_refused() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let m = member(&app, &c).await;
    let req = Request::post("/api/users/logout")
        .header("cookie", format!("refreshToken={}", m.refresh))
        .header("origin", "https://evil.example")
        .body(Body::empty())
        .unwrap();
    let res = send(&app, req).await;
    assert_eq!(res.status, 403);
    // Still logged in.
    assert_eq!(c.call(&app, "POST", "/api/refresh", None, Some(json!({"refreshToken": m.refresh}))).await.status, 200);
}

#[tokio::test]
async fn password_reset_by_mail_is_single_use_and_ends_every_session() {
    use leptos::server_fn::ServerFn;
    use minihompy::account::api::{RequestReset, ResetPassword};
    let (app, state) = api().await;
    let c = Client::new(&state);
    let m = member(&app, &c).await;
    assert_eq!(c.server_fn(&app, RequestReset::PATH, &[("email", &m.email)], None).await.status, 200);
    let token = reset_token(&m.email).await;
    let res = c.server_fn(&app, ResetPassword::PATH, &[("token", &token), ("password", "Brand-New-Pass-7")], None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let again = c.server_fn(&app, ResetPassword::PATH, &[("token", &token), ("password", "Another-Pass-8")], None).await;
    assert_eq!(again.json()["code"], "INVALID_RESET_TOKEN", "{}", again.body);
    assert_eq!(c.call(&app, "POST", "/api/refresh", None, Some(json!({"refreshToken": m.refresh}))).await.status, 401);
    login(&app, &c, &m.email, "Brand-New-Pass-7").await;
    // Unknown addresses get the same (silent) answer.
    assert_eq!(c.server_fn(&app, RequestReset::PATH, &[("email", "nobody@example.test")], None).await.status, 200);
}

#[tokio::test]
async fn finding_an_email_shows_it_masked() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let email = format!("zz{}@example.test", unique(""));
    let phone = format!("010{:08}", rand_digits());
    let res = c
        .call(
            &app,
            "POST",
            "/api/users/signup",
            None,
            Some(json!({"email": email, "password": PASSWORD, "name": "찾기테스트", "nickname": "찾기", "phone": phone})),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    use leptos::server_fn::ServerFn;
    let res = c.server_fn(&app, minihompy::account::api::FindEmail::PATH, &[("name", "찾기테스트"), ("phone", &phone)], None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json(), json!(["zz***@example.test"]));
}

fn rand_digits() -> u32 {
    (uuid::Uuid::new_v4().as_u128() % 100_000_000) as u32
}

#[tokio::test]
async fn changing_the_password_can_end_the_other_sessions() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let m = member(&app, &c).await;
    let (_, other_refresh) = login(&app, &c, &m.email, PASSWORD).await;
    use leptos::server_fn::ServerFn;
    let path = minihompy::account::api::ChangePassword::PATH;
    let change = |current: &'static str| [("current_password", current), ("new_password", "Another-Pass-9"), ("end_others", "on")];
    // The accounts document: a wrong current password is a 403; the field is still named.
    let err = c.server_fn(&app, path, &change("wrong"), Some(&m.access)).await;
    assert_eq!(err.status, 403, "{}", err.body);
    assert_eq!(err.json()["code"], "WRONG_PASSWORD");
    assert_eq!(err.json()["fieldErrors"][0]["field"], "currentPassword");
    let res = c.server_fn(&app, path, &change(PASSWORD), Some(&m.access)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(c.call(&app, "POST", "/api/refresh", None, Some(json!({"refreshToken": other_refresh}))).await.status, 401);
    assert_eq!(
        c.call(&app, "POST", "/api/refresh", None, Some(json!({"refreshToken": m.refresh}))).await.status,
        200,
        "this session stays"
    );
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let (app, _) = api().await;
    let res = get(&app, "/api/openapi.json").await;
    assert_eq!(res.status, 200);
    let doc = res.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/users/signup",
        "/api/users/login",
        "/api/refresh",
        "/api/users/logout",
        "/api/users",
        "/api/users/{id}",
        "/api/admins/access",
        "/api/accounts/{id}",
        "/api/accounts/{id}/summary",
        "/api/users/{id}/profile",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} undocumented");
    }
    let res = get(&app, "/api/no-such-endpoint").await;
    assert_eq!(res.status, 404);
    assert_eq!(res.json()["code"], "NOT_FOUND");
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

async fn signed_url(app: &axum::Router, c: &Client, m: &Member, filename: &str) -> Response {
    c.call(app, "GET", &format!("/api/accounts/{}/profile/image/signed-put-url?filename={filename}", m.id), Some(&m.access), None).await
}

async fn put_bytes(app: &axum::Router, url: &str, bytes: Vec<u8>) -> Response {
    let path = url.find("/api/").map(|i| &url[i..]).unwrap();
    send(app, Request::put(path).header("content-type", "application/octet-stream").body(Body::from(bytes)).unwrap()).await
}

#[tokio::test]
async fn profile_images_go_through_a_signed_url_and_are_reencoded() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let m = member(&app, &c).await;
    let other = member(&app, &c).await;

    assert_eq!(signed_url(&app, &c, &m, "notes.txt").await.json()["code"], "UNSUPPORTED_FILE_TYPE");
    let res = c
        .call(&app, "GET", &format!("/api/accounts/{}/profile/image/signed-put-url?filename=a.png", m.id), Some(&other.access), None)
        .await;
    assert_eq!(res.status, 403);

    // Not an image, whatever its name says.
    let res = signed_url(&app, &c, &m, "evil.png").await;
    // The accounts document: the URI alone, as text.
    assert_eq!(res.headers.get("content-type").unwrap(), "text/plain;charset=UTF-8");
    let url = res.body.clone();
    assert!(url.starts_with("http") && url.contains("/api/uploads/profile-image/"), "{url}");
    let res = put_bytes(&app, &url, b"<?php system($_GET['c']); ?> definitely not a png".to_vec()).await;
    assert_eq!(res.status, 415, "{}", res.body);
    assert_eq!(res.json()["code"], "UNSUPPORTED_FILE_TYPE");

    // A real image: stored as a 256x256 PNG under a generated name.
    let url = signed_url(&app, &c, &m, "me.png").await.body;
    let res = put_bytes(&app, &url, png(640, 480)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let uri = res.json()["profileImgUri"].as_str().unwrap().to_owned();
    assert!(uri.starts_with("/files/profile/") && uri.ends_with(".png"));
    let file = send(&app, Request::get(&uri).body(Body::empty()).unwrap()).await;
    assert_eq!(file.status, 200);
    assert_eq!(file.headers.get("content-type").unwrap(), "image/png");
    // Stored files answer ranges (media seeking): the PNG's signature.
    let part = send(&app, Request::get(&uri).header("range", "bytes=1-3").body(Body::empty()).unwrap()).await;
    assert_eq!((part.status, part.body.as_str()), (206, "PNG"));
    assert!(part.headers.get("content-range").unwrap().to_str().unwrap().starts_with("bytes 1-3/"));
    let stored = std::fs::read(state.config.data_dir.join("profile").join(uri.rsplit('/').next().unwrap())).unwrap();
    let decoded = image::load_from_memory(&stored).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (256, 256));
    let acct = c.call(&app, "GET", &format!("/api/accounts/{}", m.id), Some(&m.access), None).await.json();
    assert_eq!(acct["profileImgUri"], uri.as_str());

    // A URL works once.
    assert_eq!(put_bytes(&app, &url, png(10, 10)).await.status, 401);
    // Too large.
    let url = signed_url(&app, &c, &m, "big.png").await.body;
    let res = put_bytes(&app, &url, vec![0u8; 9 * 1024 * 1024]).await;
    assert_eq!(res.status, 413);
    // Only generated names are served.
    for bad in ["/files/profile/..%2F..%2FCargo.toml", "/files/profile/abc.png"] {
        assert_eq!(send(&app, Request::get(bad).body(Body::empty()).unwrap()).await.status, 404, "{bad}");
    }
    // Removing it.
    let res = c.call(&app, "DELETE", &format!("/api/accounts/{}/profile/image", m.id), Some(&m.access), None).await;
    assert_eq!(res.status, 204);
    assert_eq!(send(&app, Request::get(&uri).body(Body::empty()).unwrap()).await.status, 404);
}

#[tokio::test]
async fn pages_refresh_an_expired_access_cookie_transparently() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let m = member(&app, &c).await;
    let (_, claims) = state.tokens.verify(&m.access).unwrap();
    let mut expired = serde_json::to_value(&claims).unwrap();
    let now = chrono::Utc::now().timestamp();
    expired["iat"] = json!(now - 3600);
    expired["exp"] = json!(now - 60);
    let expired = state.tokens.sign(&expired);

    let req = Request::get("/")
        .header("x-forwarded-for", &c.ip)
        .header("cookie", format!("accessToken={expired}; refreshToken={}", m.refresh))
        .body(Body::empty())
        .unwrap();
    let res = send(&app, req).await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("길동이님"), "rendered as signed in");
    let cookies: Vec<String> = res.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    let access = cookies.iter().find(|c| c.starts_with("accessToken=") && !c.contains("Max-Age=0")).expect("new access cookie");
    assert!(access.contains("HttpOnly"));
    assert!(cookies.iter().any(|c| c.starts_with("refreshToken=") && !c.starts_with("refreshToken=;")), "rotated refresh cookie");

    // Without a valid refresh cookie the page is simply signed out (and the cookies cleared).
    let req = Request::get("/")
        .header("x-forwarded-for", &c.ip)
        .header("cookie", format!("accessToken={expired}; refreshToken=spent-or-unknown"))
        .body(Body::empty())
        .unwrap();
    let res = send(&app, req).await;
    assert_eq!(res.status, 200);
    assert!(!res.body.contains("길동이님"));
    assert!(res.body.contains("로그인"));
}

// ------------------------------------------------------------------ issue 10: security holes

fn form_post(path: &str, origin: Option<&str>, ip: &str, body: &str) -> Request<Body> {
    let mut b = Request::post(path).header("content-type", "application/x-www-form-urlencoded").header("x-forwarded-for", ip);
    if let Some(o) = origin {
        b = b.header("origin", o);
    }
    b.body(Body::from(body.to_owned())).unwrap()
}

fn login_form(email: &str, password: &str) -> String {
    format!("email={}&password={}", minihompy::ui::kit::url_encode(email), minihompy::ui::kit::url_encode(password))
}

#[tokio::test]
async fn a_login_form_on_another_site_cannot_sign_a_browser_in() {
    use leptos::server_fn::ServerFn;
    let (app, state) = api().await;
    let c = Client::new(&state);
    let m = member(&app, &c).await;
    let path = minihompy::account::api::Login::PATH;
    assert!(path.starts_with("/sfn/"), "{path}");
    // The attack: a cross-site form, no cookie of ours.
    for origin in [Some("http://evil.example"), Some("null"), None] {
        let res = send(&app, form_post(path, origin, &c.ip, &login_form(&m.email, PASSWORD))).await;
        assert_eq!(res.status, 403, "{origin:?}: {}", res.body);
        assert_eq!(res.json()["code"], "FORBIDDEN");
        assert!(res.headers.get("set-cookie").is_none(), "{origin:?} got cookies");
    }
    // A Referer from elsewhere is no better.
    let mut req = form_post(path, None, &c.ip, &login_form(&m.email, PASSWORD));
    req.headers_mut().insert("referer", "http://evil.example/login".parse().unwrap());
    assert_eq!(send(&app, req).await.status, 403);
    // The REST login from another site's page is refused too.
    let mut req = c.request("POST", "/api/users/login", None, Some(json!({"email": m.email, "password": PASSWORD})));
    req.headers_mut().insert("origin", "http://evil.example".parse().unwrap());
    let res = send(&app, req).await;
    assert_eq!(res.status, 403);
    assert!(res.headers.get("set-cookie").is_none());
    // From our own page it works and signs the browser in.
    let res = send(&app, form_post(path, Some(&c.origin), &c.ip, &login_form(&m.email, PASSWORD))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let cookies: Vec<&str> = res.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).collect();
    assert!(cookies.iter().any(|c| c.starts_with("accessToken=")), "{cookies:?}");
    // Other cookie-issuing steps, with no cookie, from elsewhere: refused.
    for path in
        [minihompy::account::api::Signup::PATH, minihompy::account::api::ResetPassword::PATH, minihompy::account::api::VerifyEmail::PATH]
    {
        let res = send(&app, form_post(path, Some("http://evil.example"), &c.ip, "email=a%40b.c")).await;
        assert_eq!(res.status, 403, "{path}");
    }
    // A Bearer-only API call is not a browser's: exempt, and it never gets cookies.
    let mut req = c.request("POST", "/api/refresh", Some(&m.access), Some(json!({"refreshToken": m.refresh})));
    req.headers_mut().insert("origin", "http://evil.example".parse().unwrap());
    let res = send(&app, req).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.headers.get("set-cookie").is_none());
    // Basic credentials are what a browser adds by itself: not exempt.
    let mut req = c.request("POST", "/api/users/login", None, Some(json!({"email": m.email, "password": PASSWORD})));
    req.headers_mut().insert("origin", "http://evil.example".parse().unwrap());
    req.headers_mut().insert("authorization", "Basic YTpi".parse().unwrap());
    assert_eq!(send(&app, req).await.status, 403);
}

#[tokio::test]
async fn server_function_refusals_carry_the_rest_status() {
    use leptos::server_fn::ServerFn;
    let (app, state) = api().await;
    let c = Client::new(&state);
    let m = member(&app, &c).await;
    let res =
        send(&app, form_post(minihompy::account::api::Login::PATH, Some(&c.origin), &c.ip, &login_form(&m.email, "Wrong-Pass-99"))).await;
    assert_eq!(res.status, 401, "{}", res.body);
    assert_eq!(res.json()["code"], "INVALID_CREDENTIALS");
    let res = send(&app, form_post(minihompy::account::api::MyAccount::PATH, Some(&c.origin), &c.ip, "")).await;
    assert_eq!(res.status, 401, "{}", res.body);
    assert_eq!(res.json()["code"], "UNAUTHORIZED");
    let res = send(
        &app,
        form_post(minihompy::account::api::Signup::PATH, Some(&c.origin), &c.ip, "email=not-an-email&password=x&name=&nickname="),
    )
    .await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["code"], "INVALID_FIELDS");
}

#[tokio::test]
async fn production_refuses_to_start_with_the_development_signing_key() {
    let bin = env!("CARGO_BIN_EXE_minihompy");
    for secret in [minihompy::server::config::DEV_JWT_SECRET, "", "too-short-0123456789"] {
        let mut child = std::process::Command::new(bin)
            .arg("serve")
            .env("LEPTOS_ENV", "PROD")
            .env("JWT_SECRET", secret)
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run the server binary");
        // A server that accepted the key would be serving now: give it 20 s, then stop it.
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if started.elapsed() > std::time::Duration::from_secs(20) {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        };
        let status = status.unwrap_or_else(|| panic!("the server started with JWT_SECRET={secret:?}"));
        assert!(!status.success(), "exited successfully with JWT_SECRET={secret:?}");
        let mut stderr = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
        assert!(stderr.contains("JWT_SECRET"), "says which variable to set: {stderr}");
    }
}

#[tokio::test]
async fn a_token_must_name_the_member_of_its_session() {
    let (app, state) = api().await;
    let (c, victim) = someone(&app, &state).await;
    let (_, attacker) = someone(&app, &state).await;
    let (_, mine) = state.tokens.verify(&attacker.access).unwrap();
    // The attacker's own live session, with the victim's id.
    let now = chrono::Utc::now().timestamp();
    let (forged, _) = state.tokens.issue(victim.id, &mine.sid, now);
    let res = c.call(&app, "GET", &format!("/api/accounts/{}", victim.id), Some(&forged), None).await;
    assert_eq!(res.status, 401, "{}", res.body);
    // And the page does not render the victim signed in either (it does with their own).
    let page = |token: String| Request::get("/account").header("cookie", format!("accessToken={token}")).body(Body::empty()).unwrap();
    let res = send(&app, page(forged)).await;
    assert_eq!(res.status, 200);
    assert!(!res.body.contains(&victim.email), "the page showed the victim's account");
    let res = send(&app, page(victim.access.clone())).await;
    assert!(res.body.contains(&victim.email), "the real cookie shows the account");
    // The real tokens still work.
    assert_eq!(c.call(&app, "GET", &format!("/api/accounts/{}", victim.id), Some(&victim.access), None).await.status, 200);
}

#[tokio::test]
async fn private_answers_are_not_cached_and_vary_by_cookie() {
    let (app, state) = api().await;
    let (c, m) = someone(&app, &state).await;
    let res = c.call(&app, "GET", &format!("/api/accounts/{}", m.id), Some(&m.access), None).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.headers.get("cache-control").unwrap(), "private, no-store");
    let req = Request::get("/account").header("cookie", format!("accessToken={}", m.access)).body(Body::empty()).unwrap();
    let res = send(&app, req).await;
    assert_eq!(res.headers.get("cache-control").unwrap(), "private, no-store");
    assert!(res.headers.get_all("vary").iter().any(|v| v.to_str().unwrap().contains("Cookie")));
    let req = Request::post(minihompy_me_path())
        .header("cookie", format!("accessToken={}", m.access))
        .header("origin", &c.origin)
        .body(Body::empty())
        .unwrap();
    let res = send(&app, req).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.headers.get("cache-control").unwrap(), "private, no-store");
    // A guest's view of a public page may be cached, but only for guests.
    let res = get(&app, "/").await;
    assert_eq!(res.status, 200);
    assert!(res.headers.get("cache-control").is_none_or(|v| !v.to_str().unwrap().contains("no-store")));
    assert!(res.headers.get_all("vary").iter().any(|v| v.to_str().unwrap().contains("Cookie")));
}

fn minihompy_me_path() -> &'static str {
    use leptos::server_fn::ServerFn;
    minihompy::account::api::Me::PATH
}

#[tokio::test]
async fn a_guesser_elsewhere_cannot_lock_the_owner_out_and_the_reset_mail_always_lets_them_in() {
    let (_, base) = api().await;
    let (app, state) = router_with(&base, |cfg| {
        cfg.trust_proxy = true;
        cfg.limits.login_account.max = 3;
        cfg.limits.login_account.window_secs = 600;
    });
    let owner = Client::new(&state);
    let m = member(&app, &owner).await;
    let guesser = Client::new(&state);
    for _ in 0..5 {
        guesser.login_attempt(&app, &m.email, "Wrong-Pass-99").await;
    }
    let res = guesser.login_attempt(&app, &m.email, PASSWORD).await;
    assert_eq!(res.status, 429, "the guesser's address is locked for this account");
    login(&app, &owner, &m.email, PASSWORD).await;

    // Sharing the guesser's address (one café, one NAT): the reset mail gets the owner in.
    reset_through_mail(&app, &guesser, &m.email, "Brand-New-Pass-7").await;
    login(&app, &guesser, &m.email, "Brand-New-Pass-7").await;
}

#[tokio::test]
async fn guessers_changing_address_meet_an_account_wide_ceiling_that_the_reset_mail_lifts() {
    let (_, base) = api().await;
    let (app, state) = router_with(&base, |cfg| {
        cfg.trust_proxy = true;
        cfg.limits.login_account.max = 2;
        cfg.limits.login_account_all.max = 4;
    });
    let owner = Client::new(&state);
    let m = member(&app, &owner).await;
    for _ in 0..4 {
        Client::new(&state).login_attempt(&app, &m.email, "Wrong-Pass-99").await;
    }
    let res = Client::new(&state).login_attempt(&app, &m.email, "Wrong-Pass-98").await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert_eq!(res.json()["code"], "ACCOUNT_LOCKED");
    // A client-written X-Forwarded-For hop is not an address: only the last (our proxy's) counts.
    let mut req = owner.request("POST", "/api/users/login", None, Some(json!({"email": m.email, "password": PASSWORD})));
    req.headers_mut().insert("x-forwarded-for", format!("1.2.3.4, {}", owner.ip).parse().unwrap());
    assert_eq!(send(&app, req).await.status, 429);
    reset_through_mail(&app, &owner, &m.email, "Brand-New-Pass-7").await;
    login(&app, &owner, &m.email, "Brand-New-Pass-7").await;
}
