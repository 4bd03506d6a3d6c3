//! The walking skeleton against the real stores: health, failing fast, pages rendered
//! from MySQL, the 404 and error pages, the JSON error shape, the HTTP layers.

use crate::common::*;
use axum::{body::Body, http::Request, response::IntoResponse};
use minihompy::error::ErrorCode;
use minihompy::{
    error::{AppError, InvalidField},
    server::config::Config,
};

#[tokio::test]
async fn health_is_green_when_every_store_answers() {
    let (app, _) = app().await;
    let res = get(&app, "/health").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let body = res.json();
    assert_eq!(body["status"], "up");
    for store in ["mysql", "redis", "mongodb"] {
        assert_eq!(body["checks"][store]["status"], "up", "{store}: {body}");
    }
}

#[tokio::test]
async fn health_is_503_when_a_store_is_down() {
    let mut state = state().await;
    // A Mongo client pointed at a port where nothing listens (the client connects lazily).
    let mut options = mongodb::options::ClientOptions::parse("mongodb://127.0.0.1:9/").await.unwrap();
    options.server_selection_timeout = Some(std::time::Duration::from_millis(300));
    state.mongo = mongodb::Client::with_options(options).unwrap().database("none");
    let app = minihompy::site::router(state);
    let res = get(&app, "/health").await;
    assert_eq!(res.status, 503, "{}", res.body);
    let body = res.json();
    assert_eq!(body["status"], "down");
    assert_eq!(body["checks"]["mongodb"]["status"], "down");
    assert_eq!(body["checks"]["mysql"]["status"], "up");
}

#[tokio::test]
async fn startup_fails_fast_with_a_clear_message_when_a_store_is_unreachable() {
    let mut config = Config::from_env().unwrap();
    config.database_url = "mysql://minihompy:minihompy@127.0.0.1:9/minihompy".into();
    let options = leptos::config::LeptosOptions::builder().output_name("minihompy").build();
    let started = std::time::Instant::now();
    let err = minihompy::site::connect(config, options).await.err().expect("must fail");
    assert!(err.contains("cannot reach MySQL") && err.contains("DATABASE_URL"), "{err}");
    assert!(!err.contains(":minihompy@"), "the password must not be printed: {err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));

    let mut config = Config::from_env().unwrap();
    config.redis_url = "redis://127.0.0.1:9/".into();
    let options = leptos::config::LeptosOptions::builder().output_name("minihompy").build();
    let err = minihompy::site::connect(config, options).await.err().expect("must fail");
    assert!(err.contains("cannot reach Redis") && err.contains("REDIS_URL"), "{err}");
}

#[tokio::test]
async fn a_homepage_is_rendered_on_the_server_with_its_data_from_mysql() {
    let (app, state) = app().await;
    let title = unique("제목-");
    let id = insert_member(&state, "테스트닉", &title, "소개 <script>alert(1)</script>", "bear").await;
    let res = get(&app, &format!("/hompy/{id}")).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains(&title), "title missing");
    assert!(res.body.contains("/minimi/bear.svg"), "미니미 missing");
    // The 미니미 (a phone's largest picture) is asked for in the headers, before the HTML.
    let links: Vec<_> = res.headers.get_all("link").iter().filter_map(|v| v.to_str().ok()).collect();
    assert!(
        matches!(links.as_slice(), [l] if l.starts_with("</minimi/bear.svg>") && l.contains("rel=preload") && l.contains("as=image")),
        "not one preload of the 미니미: {links:?}"
    );
    assert!(res.body.contains("테스트닉"));
    // Stored text is rendered as text.
    assert!(res.body.contains("소개 &lt;script&gt;alert(1)&lt;/script&gt;"), "intro not escaped");
    assert!(!res.body.contains("<script>alert(1)"));

    let res = get(&app, &format!("/hompy/{id}/profile")).await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("가입일"));
}

#[tokio::test]
async fn the_landing_page_lists_homes_and_surfing_finds_one() {
    let (app, state) = app().await;
    let title = unique("새 홈피 ");
    let id = insert_member(&state, "새내기", &title, "", "cat").await;
    let res = get(&app, "/").await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains(&title), "the newest home is listed first");
    assert!(res.body.contains(&format!("href=\"/hompy/{id}\"")));

    // 파도타기 from a member with no 일촌 lands on some other home.
    use leptos::server_fn::ServerFn;
    let c = Client::new(&state);
    let res = c.server_fn(&app, minihompy::hompy::api::RandomHome::PATH, &[("from", &id.to_string())], None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(matches!(res.json().as_u64(), Some(other) if other != id), "{}", res.body);
}

#[tokio::test]
async fn missing_pages_and_homes_get_404_pages() {
    let (app, _) = app().await;
    for path in ["/no-such-page", "/hompy/999999999", "/hompy/abc"] {
        let res = get(&app, path).await;
        assert_eq!(res.status, 404, "{path}");
        assert!(res.body.contains("error-page"), "{path}: no error page");
    }
}

#[tokio::test]
async fn errors_have_the_documented_json_shape() {
    let err = AppError::invalid_fields(vec![InvalidField { field: "email".into(), message: "이메일 형식이 아닙니다.".into() }]);
    let res = err.into_response();
    assert_eq!(res.status(), 400);
    let bytes = http_body_util::BodyExt::collect(res.into_body()).await.unwrap().to_bytes();
    let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(body["status"], 400);
    assert_eq!(body["error"], "Bad Request");
    assert_eq!(body["code"], "INVALID_FIELDS");
    assert!(!body["message"].as_str().unwrap().is_empty());
    assert!(chrono::DateTime::parse_from_rfc3339(body["timestamp"].as_str().unwrap()).is_ok());
    // The accounts document's list of names, and each field with its message.
    assert_eq!(body["invalidFields"], serde_json::json!(["email"]));
    assert_eq!(body["fieldErrors"], serde_json::json!([{"field": "email", "message": "이메일 형식이 아닙니다."}]));
    assert!(body.get("domain").is_none(), "only a 5xx names the domain");

    let res = AppError::not_found(ErrorCode::UserNotFound, "없음").into_response();
    let bytes = http_body_util::BodyExt::collect(res.into_body()).await.unwrap().to_bytes();
    let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert!(body.get("invalidFields").is_none());
    assert!(body.get("fieldErrors").is_none());
    assert_eq!(body["code"], "USER_NOT_FOUND");

    // A 5xx also carries the accounts document's domain, errorCode and description.
    let res = AppError::internal().into_response();
    assert_eq!(res.status(), 500);
    let bytes = http_body_util::BodyExt::collect(res.into_body()).await.unwrap().to_bytes();
    let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(body["status"], 500);
    assert_eq!(body["code"], "INTERNAL_ERROR");
    assert_eq!(body["domain"], "minihompy");
    assert_eq!(body["errorCode"], "INTERNAL_ERROR");
    assert_eq!(body["description"], body["message"]);
}

#[tokio::test]
async fn every_response_has_a_request_id_and_pages_are_compressed() {
    let (app, _) = app().await;
    let req = Request::get("/").header("accept-encoding", "gzip").body(Body::empty()).unwrap();
    let res = send(&app, req).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.headers.get("content-encoding").map(|v| v.to_str().unwrap()), Some("gzip"));
    let id = res.headers.get("x-request-id").expect("request id").to_str().unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");

    // A request id sent by a proxy is kept.
    let req = Request::get("/health").header("x-request-id", "abc-123").body(Body::empty()).unwrap();
    let res = send(&app, req).await;
    assert_eq!(res.headers.get("x-request-id").unwrap(), "abc-123");
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let (app, state) = app().await;
    let big = vec![b'x'; state.config.body_limit_bytes + 1];
    let req = Request::post("/sfn/anything").header("content-length", big.len()).body(Body::from(big.clone())).unwrap();
    let res = send(&app, req).await;
    assert_eq!(res.status, 413);
    assert_eq!(res.json()["code"], "PAYLOAD_TOO_LARGE", "the one error shape: {}", res.body);
    assert!(res.json()["message"].as_str().unwrap().contains("MB 이하"), "{}", res.body);
    // A REST write without a declared length (streamed) is cut off the same way.
    let c = Client::new(&state);
    let req = Request::post("/api/users/signup")
        .header("content-type", "application/json")
        .header("origin", &c.origin)
        .body(Body::from_stream(futures::stream::iter(
            big.chunks(64 * 1024).map(|c| Ok::<_, std::io::Error>(c.to_vec())).collect::<Vec<_>>(),
        )))
        .unwrap();
    let res = send(&app, req).await;
    assert_eq!((res.status, res.json()["code"].clone()), (413, serde_json::json!("PAYLOAD_TOO_LARGE")), "{}", res.body);
}

/// A request the server cannot finish in time (a hung store) is 503 in the JSON error
/// shape with Retry-After, like a store that refuses: never an empty answer.
#[tokio::test]
async fn a_request_out_of_time_answers_503_in_the_error_shape() {
    let (_, state) = api().await;
    let (app, _) = router_with(&state, |c| c.request_timeout = std::time::Duration::from_millis(1));
    let c = Client::new(&state);
    // A login hashes the password (tens of milliseconds): always past 1 ms.
    let res = c.login_attempt(&app, "nobody@example.test", "Wrong-Pass-1!").await;
    assert_eq!((res.status, res.json()["code"].clone()), (503, serde_json::json!("SERVICE_UNAVAILABLE")), "{}", res.body);
    assert_eq!(res.headers.get("retry-after").and_then(|v| v.to_str().ok()), Some("5"));
    assert!(res.headers.contains_key("x-request-id"), "the request id survives the mapping");
}

#[tokio::test]
async fn seeding_is_idempotent() {
    let state = state().await;
    minihompy::site::seed::seed(&state.db).await.unwrap();
    let again = minihompy::site::seed::seed(&state.db).await.unwrap();
    assert_eq!(again, 0, "a second run creates nothing");
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM users WHERE email LIKE 'user_@minihompy.test' OR email = 'admin@minihompy.test'")
            .fetch_one(&state.db)
            .await
            .unwrap();
    assert_eq!(n, 6);
    let (admins,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users WHERE email = 'admin@minihompy.test' AND role = 'ADMIN'")
        .fetch_one(&state.db)
        .await
        .unwrap();
    assert_eq!(admins, 1);
}
