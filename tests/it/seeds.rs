//! The seed documents' REST contracts, replayed at the paths those documents give (not under
//! `/api`), with the requests as their examples show them: user-jwt
//! (`seeds/002_c1ca02e9c6d9fdc3.txt`), the accounts domain (`seeds/003_6f43a097b1b22eb0.txt`)
//! Payhere (`seeds/001_7fa6a3ba36a99d02.txt`) and the Everytime board API
//! (`seeds/004_e1b1470e1bdac972.txt`). Where the README's "Differences from the
//! seed documents" keeps a safer behaviour, the test shows that behaviour.

use crate::common::*;
use axum::{body::Body, http::Request};
use serde_json::json;

/// The documented error body: timestamp, status, error, code, message.
fn assert_error_body(res: &Response, status: u16, error: &str, code: &str) {
    assert_eq!(res.status, status, "{}", res.body);
    let body = res.json();
    assert_eq!(body["status"], status, "{body}");
    assert_eq!(body["error"], error, "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert!(chrono::DateTime::parse_from_rfc3339(body["timestamp"].as_str().unwrap()).is_ok(), "{body}");
}

fn set_cookies(res: &Response) -> Vec<String> {
    res.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect()
}

/// A request as a browser on our own pages sends it (our Origin), so cookies are set.
fn from_our_page(c: &Client, method: &str, path: &str, token: Option<&str>, body: Option<serde_json::Value>) -> Request<Body> {
    let mut req = c.request(method, path, token, body);
    req.headers_mut().insert("origin", c.origin.parse().unwrap());
    req
}

#[tokio::test]
async fn user_jwt_signup_login_users_admin_refresh_logout_and_withdrawal() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let email = format!("{}@naver.com", unique("user1"));

    // 1. 회원가입: the document's body, role and all. 201 with its fields; the role sent is
    // ignored (a difference: signup never makes an ADMIN).
    let signup = json!({"nickname": "jiyeon", "role": "admin", "email": email, "password": "User123*"});
    let res = c.call(&app, "POST", "/users/signup", None, Some(signup.clone())).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let user = res.json();
    let id = user["id"].as_u64().expect("id");
    assert_eq!(
        (user["email"].as_str(), user["nickname"].as_str(), user["role"].as_str()),
        (Some(email.as_str()), Some("jiyeon"), Some("USER"))
    );
    for field in ["createdAt", "modifiedAt"] {
        assert!(user[field].as_str().is_some_and(|t| t.starts_with("20")), "{field}: {user}");
    }
    // The same email again: 409 EMAIL_EXISTS in the documented body.
    let res = c.call(&app, "POST", "/users/signup", None, Some(signup)).await;
    assert_error_body(&res, 409, "Conflict", "EMAIL_EXISTS");
    // A bad body: 400.
    let res = c.call(&app, "POST", "/users/signup", None, Some(json!({"email": "not-an-email", "password": "User123*"}))).await;
    assert_error_body(&res, 400, "Bad Request", "INVALID_FIELDS");
    assert_eq!(res.json()["invalidFields"], json!(["email"]));

    // 2. 로그인: tokenAuthScheme, accessToken, refreshToken, and the HttpOnly refresh cookie.
    let res = send(&app, from_our_page(&c, "POST", "/users/login", None, Some(json!({"email": email, "password": "User123*"})))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let tokens = res.json();
    assert_eq!(tokens["tokenAuthScheme"], "Bearer");
    let access = tokens["accessToken"].as_str().unwrap().to_owned();
    let refresh = tokens["refreshToken"].as_str().unwrap().to_owned();
    let cookie = set_cookies(&res).into_iter().find(|c| c.starts_with("refreshToken=")).expect("refresh cookie");
    assert!(cookie.starts_with(&format!("refreshToken={refresh};")), "{cookie}");
    // Without "keep me signed in" it lasts as long as the browser session (no Max-Age).
    assert!(cookie.contains("HttpOnly") && cookie.contains("Path=/"), "{cookie}");

    // 4. 사용자 단 건 조회: id, email, nickname (the member themself sees the email).
    let res = c.call(&app, "GET", &format!("/users/{id}"), Some(&access), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json(), json!({"id": id, "email": email, "nickname": "jiyeon"}));
    assert_error_body(&c.call(&app, "GET", "/users/999999999", Some(&access), None).await, 404, "Not Found", "USER_NOT_FOUND");
    assert_eq!(c.call(&app, "GET", &format!("/users/{id}"), None, None).await.status, 401);

    // 5. 사용자 전체 조회: a plain array of {id, email?, nickname}.
    let res = c.call(&app, "GET", "/users?size=100", Some(&access), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let all = res.json();
    let all = all.as_array().expect("an array, as documented");
    assert!(!all.is_empty() && all.iter().all(|u| u["id"].is_u64() && u["nickname"].is_string()), "{all:?}");
    assert_eq!(c.call(&app, "GET", "/users", None, None).await.status, 401);

    // 7. 관리자: the document's sentence for an ADMIN; other roles are refused with 403
    // (the accounts document's rule for a missing role; user-jwt says 401).
    assert_eq!(c.call(&app, "GET", "/admins/access", None, None).await.status, 401);
    let res = c.call(&app, "GET", "/admins/access", Some(&access), None).await;
    assert_error_body(&res, 403, "Forbidden", "FORBIDDEN");
    let admin_client = Client::new(&state);
    let admin = member(&app, &admin_client).await;
    make_role(&state, admin.id, "ADMIN").await;
    let res = c.call(&app, "GET", "/admins/access", Some(&admin.access), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.headers.get("content-type").unwrap().to_str().unwrap().starts_with("text/plain"));
    assert_eq!(res.body, "관리자만 접근할 수 있습니다.");

    // 8. Access Token 갱신: with the refresh cookie, tokenAuthScheme and a new accessToken.
    let req = Request::post("/refresh")
        .header("x-forwarded-for", &c.ip)
        .header("origin", &c.origin)
        .header("cookie", format!("refreshToken={refresh}"))
        .body(Body::empty())
        .unwrap();
    let res = send(&app, req).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["tokenAuthScheme"], "Bearer");
    let access = res.json()["accessToken"].as_str().unwrap().to_owned();
    assert_ne!(access, tokens["accessToken"].as_str().unwrap());
    // No cookie: 401 REFRESH_UNAUTHORIZED.
    assert_error_body(&c.call(&app, "POST", "/refresh", None, None).await, 401, "Unauthorized", "REFRESH_UNAUTHORIZED");

    // 3. 로그아웃: 200 and the cookie cleared as documented.
    let res = send(&app, from_our_page(&c, "POST", "/users/logout", Some(&access), None)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let cleared = set_cookies(&res);
    assert!(cleared.iter().any(|c| c.starts_with("refreshToken=;") && c.contains("Max-Age=0")), "{cleared:?}");
    assert_eq!(c.call(&app, "GET", &format!("/users/{id}"), Some(&access), None).await.status, 401, "the session ended");

    // 6. 회원탈퇴: 204 with no body and the cookie cleared; then the member is gone.
    let (access, _) = login(&app, &c, &email, "User123*").await;
    let res = c.call(&app, "DELETE", &format!("/users/{id}"), Some(&access), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    assert!(res.body.is_empty());
    assert!(set_cookies(&res).iter().any(|c| c.starts_with("refreshToken=;") && c.contains("Max-Age=0")));
    let res = c.call(&app, "GET", &format!("/users/{id}"), Some(&admin.access), None).await;
    assert_error_body(&res, 404, "Not Found", "USER_NOT_FOUND");
    let res = c.call(&app, "DELETE", &format!("/users/{id}"), Some(&admin.access), None).await;
    assert_error_body(&res, 404, "Not Found", "USER_NOT_FOUND");
    // A withdrawn member's login: the same 401 as any wrong login (the document says 404).
    let res = c.call(&app, "POST", "/users/login", None, Some(json!({"email": email, "password": "User123*"}))).await;
    assert_error_body(&res, 401, "Unauthorized", "INVALID_CREDENTIALS");
}

#[tokio::test]
async fn user_jwt_differences_keep_the_safer_behaviour() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let m = member(&app, &c).await;
    let other = member(&app, &Client::new(&state)).await;

    // Login never says whether an email exists (the document's EMAIL_NOT_FOUND): a wrong
    // password and an unknown address get the same 401.
    let wrong = c.call(&app, "POST", "/users/login", None, Some(json!({"email": m.email, "password": "Wrong-Pass-99"}))).await;
    let unknown = c
        .call(&app, "POST", "/users/login", None, Some(json!({"email": format!("{}@naver.com", unique("n")), "password": "Wrong-Pass-99"})))
        .await;
    assert_error_body(&wrong, 401, "Unauthorized", "INVALID_CREDENTIALS");
    assert_eq!(unknown.status, 401);
    let (mut a, mut b) = (wrong.json(), unknown.json());
    a["timestamp"] = json!(null);
    b["timestamp"] = json!(null);
    assert_eq!(a, b);

    // Other members never see an email, in one member or in the list.
    let res = c.call(&app, "GET", &format!("/users/{}", other.id), Some(&m.access), None).await;
    assert_eq!(res.json(), json!({"id": other.id, "nickname": "길동이"}));
    let res = c.call(&app, "GET", "/users?size=100", Some(&m.access), None).await;
    for u in res.json().as_array().unwrap() {
        if u["id"] != json!(m.id) {
            assert!(u.get("email").is_none(), "another member's email in the list: {u}");
        }
    }

    // Logout never fails: without a token (or with a stale one) it is 200 and clears the cookie.
    let res = c.call(&app, "POST", "/users/logout", Some("not.a.token"), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(set_cookies(&res).iter().any(|c| c.starts_with("refreshToken=;") && c.contains("Max-Age=0")));

    // Another member cannot withdraw you.
    let res = c.call(&app, "DELETE", &format!("/users/{}", other.id), Some(&m.access), None).await;
    assert_error_body(&res, 403, "Forbidden", "FORBIDDEN");

    // The refresh cookie is set only for a request from our own pages (login CSRF); any
    // other client gets the refresh token in the body, as the document also shows.
    let res = c.call(&app, "POST", "/users/login", None, Some(json!({"email": m.email, "password": PASSWORD}))).await;
    assert_eq!(res.status, 200);
    assert!(res.json()["refreshToken"].is_string());
    assert!(set_cookies(&res).is_empty());
    let mut req = c.request("POST", "/users/login", None, Some(json!({"email": m.email, "password": PASSWORD})));
    req.headers_mut().insert("origin", "https://evil.example".parse().unwrap());
    assert_eq!(send(&app, req).await.status, 403, "a login posted from another site is refused");
}

#[tokio::test]
async fn accounts_document_account_summary_patch_image_profile_and_logout() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let m = member(&app, &c).await;
    let other = member(&app, &Client::new(&state)).await;

    // GET /accounts/{accountId}: the documented fields; roles by name.
    let res = c.call(&app, "GET", &format!("/accounts/{}", m.id), Some(&m.access), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let acct = res.json();
    assert_eq!(acct["userId"], m.id);
    assert_eq!((acct["name"].as_str(), acct["email"].as_str()), (Some("홍길동"), Some(m.email.as_str())));
    assert_eq!(acct["roles"], json!(["USER"]));
    assert!(acct["createdAt"].as_str().unwrap().ends_with('Z'), "{acct}");
    assert!(acct["emailVerified"].is_boolean() && acct["locale"].is_string(), "{acct}");
    // 401 without a session and 403 for someone else's account, each with a message.
    let res = c.call(&app, "GET", &format!("/accounts/{}", m.id), None, None).await;
    assert_eq!(res.status, 401);
    assert!(res.json()["message"].as_str().is_some_and(|s| !s.is_empty()));
    let res = c.call(&app, "GET", &format!("/accounts/{}", m.id), Some(&other.access), None).await;
    assert_eq!(res.status, 403);
    assert!(res.json()["message"].as_str().is_some_and(|s| !s.is_empty()));

    // PATCH: only the fields sent change; a field out of bounds is named in invalidFields.
    let res = c
        .call(&app, "PATCH", &format!("/accounts/{}", m.id), Some(&m.access), Some(json!({"gender": "FEMALE", "birthDate": "1998-05-17"})))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        (res.json()["gender"].as_str(), res.json()["birthDate"].as_str(), res.json()["name"].as_str()),
        (Some("FEMALE"), Some("1998-05-17"), Some("홍길동"))
    );
    let res = c.call(&app, "PATCH", &format!("/accounts/{}", m.id), Some(&m.access), Some(json!({"name": "김", "gender": "OTHER"}))).await;
    assert_eq!(res.status, 400);
    assert_eq!(res.json()["invalidFields"], json!(["name", "gender"]));
    assert_eq!(res.json()["fieldErrors"].as_array().unwrap().len(), 2);

    // GET /accounts/{accountId}/summary and GET /users/{userId}/profile: public.
    for path in [format!("/accounts/{}/summary", m.id), format!("/users/{}/profile", m.id)] {
        let res = c.call(&app, "GET", &path, None, None).await;
        assert_eq!(res.status, 200, "{path}: {}", res.body);
        assert_eq!(res.json()["userId"], m.id);
        assert_eq!(res.json()["name"], "홍길동");
    }
    assert_eq!(c.call(&app, "GET", "/users/999999999/profile", None, None).await.status, 404);

    // The signed PUT URL: the URI as text/plain; no query, or an unsupported type, is a 400.
    let base = format!("/accounts/{}/profile/image/signed-put-url", m.id);
    let res = c.call(&app, "GET", &format!("{base}?filename=me.jpeg"), Some(&m.access), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.headers.get("content-type").unwrap(), "text/plain;charset=UTF-8");
    let url = res.body.clone();
    assert!(url.contains("/api/uploads/profile-image/"), "{url}");
    assert_error_body(&c.call(&app, "GET", &base, Some(&m.access), None).await, 400, "Bad Request", "INVALID_QUERY");
    let res = c.call(&app, "GET", &format!("{base}?filename=notes.txt"), Some(&m.access), None).await;
    assert_error_body(&res, 400, "Bad Request", "UNSUPPORTED_FILE_TYPE");
    assert_eq!(c.call(&app, "GET", &format!("{base}?filename=a.png"), Some(&other.access), None).await.status, 403);
    // The URL takes the image; the profile shows it; the delete removes it.
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::new(40, 40))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let path = &url[url.find("/api/").unwrap()..];
    let res = send(&app, Request::put(path).header("content-type", "application/octet-stream").body(Body::from(png)).unwrap()).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = c.call(&app, "GET", &format!("/users/{}/profile", m.id), None, None).await;
    assert!(res.json()["profileImgUri"].as_str().is_some_and(|u| u.starts_with("/files/profile/")), "{}", res.body);
    let res = c.call(&app, "DELETE", &format!("/accounts/{}/profile/image", m.id), Some(&m.access), None).await;
    assert_eq!(res.status, 204);
    assert!(c.call(&app, "GET", &format!("/users/{}/profile", m.id), None, None).await.json()["profileImgUri"].is_null());

    // Signup while signed in: 403 with a message.
    let res = c
        .call(
            &app,
            "POST",
            "/users/signup",
            Some(&m.access),
            Some(json!({"email": format!("{}@example.test", unique("x")), "password": PASSWORD})),
        )
        .await;
    assert_error_body(&res, 403, "Forbidden", "ALREADY_SIGNED_IN");

    // POST /account/logout ends the session.
    let res = c.call(&app, "POST", "/account/logout", Some(&m.access), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(c.call(&app, "GET", &format!("/accounts/{}", m.id), Some(&m.access), None).await.status, 401);

    // DELETE /accounts/{accountId}: the account goes.
    let (access, _) = login(&app, &Client::new(&state), &other.email, PASSWORD).await;
    assert_eq!(c.call(&app, "DELETE", &format!("/accounts/{}", other.id), Some(&access), None).await.status, 204);
    assert_eq!(c.call(&app, "GET", &format!("/accounts/{}/summary", other.id), None, None).await.status, 404);
}

#[tokio::test]
async fn payhere_signup_with_only_email_and_password_then_signin_answers_a_jwt() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let email = format!("{}@gmail.com", unique("jayhanjaelee"));
    let password = "Payhere-1234";

    // The document's password "1234" is refused by our password rules (a difference).
    let res = c.call(&app, "POST", "/users/signup", None, Some(json!({"email": email, "password": "1234"}))).await;
    assert_error_body(&res, 400, "Bad Request", "INVALID_FIELDS");
    assert_eq!(res.json()["invalidFields"], json!(["password"]));

    // Only email and password: the nickname comes from the address.
    let res = c.call(&app, "POST", "/users/signup", None, Some(json!({"email": email, "password": password}))).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let nickname = res.json()["nickname"].as_str().unwrap().to_owned();
    assert!(email.starts_with(&nickname) && nickname.chars().count() == 20, "{nickname}");

    // Sign in (POST, and the document's GET with a JSON body): a JWT.
    let res = c.call(&app, "POST", "/users/signin", None, Some(json!({"email": email, "password": password}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let jwt = res.json()["accessToken"].as_str().unwrap().to_owned();
    assert_eq!(jwt.split('.').count(), 3, "a JWT: {jwt}");
    let req = from_our_page(&c, "GET", "/users/signin", None, Some(json!({"email": email, "password": password})));
    let res = send(&app, req).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["tokenAuthScheme"], "Bearer");
    assert!(set_cookies(&res).is_empty(), "a GET never signs a browser in");
    let res = c.call(&app, "GET", "/users/signin", None, Some(json!({"email": email, "password": "wrong-password"}))).await;
    assert_error_body(&res, 401, "Unauthorized", "INVALID_CREDENTIALS");

    // The token works on the documented paths.
    let res = c.call(&app, "GET", "/users?size=1", Some(&jwt), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
}

#[tokio::test]
async fn the_seed_paths_are_in_the_openapi_document_beside_their_api_twins() {
    let (app, _) = app().await;
    let doc = get(&app, "/api/openapi.json").await.json();
    let paths = &doc["paths"];
    for (path, methods) in [
        ("/users/signup", &["post"][..]),
        ("/users/login", &["post"]),
        ("/users/signin", &["get", "post"]),
        ("/users/logout", &["post"]),
        ("/account/logout", &["post"]),
        ("/users", &["get"]),
        ("/users/{id}", &["get", "delete"]),
        ("/users/{id}/profile", &["get"]),
        ("/admins/access", &["get"]),
        ("/refresh", &["post"]),
        ("/accounts/{id}", &["get", "patch", "delete"]),
        ("/accounts/{id}/summary", &["get"]),
        ("/accounts/{id}/profile/image/signed-put-url", &["get"]),
        ("/accounts/{id}/profile/image", &["delete"]),
    ] {
        for m in methods {
            assert!(paths[path][m].is_object(), "{m} {path} undocumented");
            assert_eq!(paths[path][m], paths[format!("/api{path}")][m], "{m} {path} differs from its /api twin");
        }
    }
    // The error body's schema names both field lists and the 5xx members.
    let error = &doc["components"]["schemas"]["ErrorBody"]["properties"];
    for member in ["invalidFields", "fieldErrors", "domain", "errorCode", "description"] {
        assert!(error[member].is_object(), "ErrorBody.{member}");
    }
}

/// The Everytime document's board API (`seeds/004_e1b1470e1bdac972.txt`): its `board/`
/// requests as the document shows them, with its three example boards.
#[tokio::test]
async fn everytime_board_list_detail_filters_create_and_delete() {
    let (app, state) = api().await;
    let (sc, s) = someone(&app, &state).await;
    make_role(&state, s.id, "STAFF").await;
    let school = |name: String| json!({"name": name, "campus": "본교", "domains": []});
    let hongik =
        sc.call(&app, "POST", "/api/admin/schools", Some(&s.access), Some(school(unique("홍익")))).await.json()["id"].as_u64().unwrap();
    let other =
        sc.call(&app, "POST", "/api/admin/schools", Some(&s.access), Some(school(unique("이화")))).await.json()["id"].as_u64().unwrap();

    // Board(category = '학과', name = '홍익대컴퓨터공학과', school_id_id = 1) and its two siblings.
    let mut made = vec![];
    for (category, name, school_id) in
        [("학과", "홍익대컴퓨터공학과", hongik), ("학과", "컴퓨터공학과", hongik), ("진로", "진로게시판", other)]
    {
        let res = sc
            .call(&app, "POST", "/board/", Some(&s.access), Some(json!({"category": category, "name": name, "school_id": school_id})))
            .await;
        assert_eq!(res.status, 201, "{}", res.body);
        let b = res.json();
        assert_eq!(
            (b["category"].as_str(), b["name"].as_str(), b["school_id"].as_u64(), b["is_deleted"].as_bool()),
            (Some(category), Some(name), Some(school_id), Some(false)),
            "{b}"
        );
        for at in ["created_at", "updated_at"] {
            let t = chrono::DateTime::parse_from_rfc3339(b[at].as_str().unwrap()).unwrap();
            assert_eq!(t.offset().local_minus_utc(), 9 * 3600, "the document's +09:00: {b}");
        }
        made.push(b["id"].as_u64().unwrap());
    }

    // GET board/: every board, newest first, in the document's fields (anyone may list).
    let res = sc.call(&app, "GET", &format!("/board/?school_id={hongik}"), None, None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let list = res.json();
    let ids: Vec<u64> = list.as_array().unwrap().iter().map(|b| b["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, vec![made[1], made[0]], "{list}");
    let keys: std::collections::BTreeSet<&str> = list[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["category", "created_at", "id", "is_deleted", "name", "school_id", "updated_at"].into_iter().collect());
    // The name filter is exact, as the document's CharFilter.
    let name: String = url::form_urlencoded::byte_serialize("컴퓨터공학과".as_bytes()).collect();
    let res = sc.call(&app, "GET", &format!("/board/?school_id={hongik}&name={name}"), None, None).await;
    let named: Vec<u64> = res.json().as_array().unwrap().iter().map(|b| b["id"].as_u64().unwrap()).collect();
    assert_eq!(named, vec![made[1]]);

    // GET board/3/
    let res = sc.call(&app, "GET", &format!("/board/{}/", made[2]), None, None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["name"], "진로게시판");
    assert_eq!(res.json()["category"], "진로");

    // Only staff change boards (a difference: the document allows anyone).
    let (mc, m) = someone(&app, &state).await;
    let res = mc
        .call(&app, "POST", "/board/", Some(&m.access), Some(json!({"category": "홍보", "name": "홍보게시판", "school_id": other})))
        .await;
    assert_eq!((res.status, res.json()["code"].as_str()), (403, Some("FORBIDDEN")), "{}", res.body);
    let res = mc.call(&app, "DELETE", &format!("/board/{}/", made[2]), Some(&m.access), None).await;
    assert_eq!(res.status, 403, "{}", res.body);
    let res = mc.call(&app, "POST", "/board/", None, Some(json!({"category": "홍보", "name": "홍보게시판", "school_id": other}))).await;
    assert_eq!(res.status, 401, "{}", res.body);
    let res =
        sc.call(&app, "POST", "/board/", Some(&s.access), Some(json!({"category": "잡담", "name": "잡담", "school_id": other}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["invalidFields"], json!(["category"]));

    // PUT board/3/ renames it; DELETE board/4/, then GET board/4/ is not found.
    let res = sc
        .call(
            &app,
            "PUT",
            &format!("/board/{}/", made[2]),
            Some(&s.access),
            Some(json!({"category": "정보", "name": "진로정보", "school_id": other})),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!((res.json()["category"].as_str(), res.json()["name"].as_str()), (Some("정보"), Some("진로정보")));
    let res = sc.call(&app, "DELETE", &format!("/board/{}/", made[2]), Some(&s.access), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let res = sc.call(&app, "GET", &format!("/board/{}/", made[2]), None, None).await;
    assert_error_body(&res, 404, "Not Found", "BOARD_NOT_FOUND");
    let res = sc.call(&app, "GET", &format!("/board/?school_id={other}"), None, None).await;
    assert_eq!(res.json(), json!([]));
    // The same handlers under /api; the board is retired, not erased (its posts stay).
    let res = sc.call(&app, "GET", &format!("/api/board/?school_id={hongik}"), None, None).await;
    assert_eq!(res.json().as_array().unwrap().len(), 2);
    let res = sc.call(&app, "GET", &format!("/api/boards/{}", made[2]), None, None).await;
    assert_eq!(res.json()["retired"], true, "{}", res.body);
}
