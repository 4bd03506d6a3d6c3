//! 도토리 and the shop through the REST API: the ledger under concurrency, purchases and
//! gifts, the identity check, top-ups through the sandbox and through the NICEPAY adapter
//! (against a local stand-in of their API), refunds, and the staff's endpoints.

use crate::common::*;
use axum::{body::Body, http::Request, Router};
use minihompy::server::AppState;
use serde_json::{json, Value};

async fn call(app: &Router, c: &Client, method: &str, path: &str, who: Option<&Member>, body: Option<Value>) -> Response {
    c.call(app, method, path, who.map(|m| m.access.as_str()), body).await
}

async fn staff(app: &Router, state: &AppState) -> (Client, Member) {
    let (c, m) = someone(app, state).await;
    make_role(state, m.id, "ADMIN").await;
    (c, m)
}

async fn balance(app: &Router, c: &Client, m: &Member) -> u64 {
    let res = call(app, c, "GET", "/api/shop/wallet", Some(m), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()["balance"].as_u64().unwrap()
}

async fn grant(app: &Router, state: &AppState, user: u64, amount: i64) {
    let (ac, admin) = staff(app, state).await;
    let res = call(
        app,
        &ac,
        "POST",
        "/api/admin/shop/adjustments",
        Some(&admin),
        Some(json!({"userId": user, "amount": amount, "reason": "테스트 지급"})),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
}

/// A skin product of its own (unique colours), made by staff; returns its opaque id.
async fn new_skin(app: &Router, ac: &Client, admin: &Member, price: u32) -> String {
    let n = uuid::Uuid::new_v4().as_u128();
    let colour = |shift: u32| format!("#{:06x}", (n >> shift) as u32 & 0xff_ffff);
    let asset = format!("{};{};{}", colour(0), colour(24), colour(48));
    let res = call(
        app,
        ac,
        "POST",
        "/api/admin/shop/products",
        Some(admin),
        Some(json!({"kind": "SKIN", "name": "테스트 스킨", "category": "테스트", "price": price, "asset": asset})),
    )
    .await;
    assert_eq!(res.status, 201, "{}", res.body);
    res.json()["id"].as_str().unwrap().to_owned()
}

async fn become_ilchon(app: &Router, ca: &Client, a: &Member, cb: &Client, b: &Member) {
    let res =
        call(app, ca, "POST", "/api/ilchon/requests", Some(a), Some(json!({"toId": b.id, "fromName": "친구", "toName": "친구"}))).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let id = res.json()["id"].as_u64().unwrap();
    let res = call(app, cb, "POST", &format!("/api/ilchon/requests/{id}/accept"), Some(b), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
}

async fn verify_identity(app: &Router, c: &Client, m: &Member, birth: &str) {
    let phone = random_phone();
    let res =
        call(app, c, "POST", "/api/shop/identity", Some(m), Some(json!({"name": "홍길동", "birthDate": birth, "phone": phone}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = call(app, c, "POST", "/api/shop/identity/confirm", Some(m), Some(json!({"code": "000000x"}))).await;
    assert_eq!(res.status, 400, "a wrong code is refused: {}", res.body);
    let code = sms_code(&phone).await;
    let res = call(app, c, "POST", "/api/shop/identity/confirm", Some(m), Some(json!({"code": code}))).await;
    assert_eq!(res.status, 204, "{}", res.body);
}

/// The cheapest package on sale: (id, dotori, price in 원).
async fn package(app: &Router, c: &Client, m: &Member) -> (u64, u64, u64) {
    let res = call(app, c, "GET", "/api/shop/packages", Some(m), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let p = &res.json()["packages"][0];
    (p["id"].as_u64().unwrap(), p["dotori"].as_u64().unwrap(), p["priceWon"].as_u64().unwrap())
}

async fn order(app: &Router, c: &Client, m: &Member, package_id: u64) -> Value {
    let res = call(app, c, "POST", "/api/shop/payments", Some(m), Some(json!({"packageId": package_id}))).await;
    assert_eq!(res.status, 201, "{}", res.body);
    res.json()
}

/// What the sandbox's card form does: authorise `amount` on `card`; returns where it sends the browser.
async fn sandbox_pay(app: &Router, c: &Client, m: &Member, order_id: &str, card: &str, amount: u64) -> String {
    let body = format!("order={order_id}&card={card}&amount={amount}");
    let req = Request::post("/shop/pay/sandbox")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("authorization", format!("Bearer {}", m.access))
        .header("x-forwarded-for", &c.ip)
        .body(Body::from(body))
        .unwrap();
    let res = send(app, req).await;
    assert_eq!(res.status, 303, "{}", res.body);
    res.headers["location"].to_str().unwrap().to_owned()
}

async fn follow_return(app: &Router, location: &str) -> Response {
    let res = get(app, location).await;
    assert_eq!(res.status, 303, "{location}: {}", res.body);
    assert!(res.headers["location"].to_str().unwrap().starts_with("/shop/charge/result?order="));
    res
}

async fn payment(app: &Router, c: &Client, m: &Member, order_id: &str) -> Value {
    let res = call(app, c, "GET", &format!("/api/shop/payments/{order_id}"), Some(m), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()
}

#[tokio::test]
async fn fifty_concurrent_purchases_with_dotori_for_ten_buy_exactly_ten() {
    let (app, state) = api().await;
    let (ac, admin) = staff(&app, &state).await;
    let (c, m) = someone(&app, &state).await;
    let mut products = Vec::new();
    for _ in 0..50 {
        products.push(new_skin(&app, &ac, &admin, 10).await);
    }
    grant(&app, &state, m.id, 100).await;
    let buys = products.iter().map(|id| {
        let (app, c, m) = (app.clone(), c.clone(), m.clone());
        let path = format!("/api/shop/products/{id}/buy");
        tokio::spawn(async move { call(&app, &c, "POST", &path, Some(&m), None).await })
    });
    let answers: Vec<Response> = futures::future::join_all(buys).await.into_iter().map(Result::unwrap).collect();
    let ok = answers.iter().filter(|r| r.status == 200).count();
    assert_eq!(ok, 10, "exactly ten bought");
    for r in answers.iter().filter(|r| r.status != 200) {
        assert_eq!(r.status, 409, "{}", r.body);
        assert_eq!(r.json()["code"], "INSUFFICIENT_DOTORI");
    }
    assert_eq!(balance(&app, &c, &m).await, 0);
    assert!(minihompy::shop::ledger_matches_wallet(&state.db, m.id).await.unwrap(), "the wallet is the ledger's sum");
    let items = call(&app, &c, "GET", "/api/shop/items", Some(&m), None).await.json();
    assert_eq!(items["items"].as_array().unwrap().len(), 10);
    let ledger = call(&app, &c, "GET", "/api/shop/ledger", Some(&m), None).await.json();
    let purchases = ledger["entries"].as_array().unwrap().iter().filter(|e| e["kind"] == "PURCHASE").count();
    assert_eq!(purchases, 10);
    assert_eq!(ledger["entries"][0]["balanceAfter"], 0);
}

#[tokio::test]
async fn buying_what_you_own_is_refused_even_racing_and_the_server_price_is_charged() {
    let (app, state) = api().await;
    let (ac, admin) = staff(&app, &state).await;
    let (c, m) = someone(&app, &state).await;
    let id = new_skin(&app, &ac, &admin, 7).await;
    grant(&app, &state, m.id, 50).await;
    let buys = (0..5).map(|_| {
        let (app, c, m) = (app.clone(), c.clone(), m.clone());
        let path = format!("/api/shop/products/{id}/buy");
        // A price in the body is ignored: only the server's counts.
        tokio::spawn(async move { call(&app, &c, "POST", &path, Some(&m), Some(json!({"price": 0}))).await })
    });
    let answers: Vec<Response> = futures::future::join_all(buys).await.into_iter().map(Result::unwrap).collect();
    assert_eq!(answers.iter().filter(|r| r.status == 200).count(), 1);
    for r in answers.iter().filter(|r| r.status != 200) {
        assert_eq!(r.json()["code"], "ALREADY_OWNED", "{}", r.body);
    }
    assert_eq!(balance(&app, &c, &m).await, 43);
    // Retired products cannot be bought.
    let other = new_skin(&app, &ac, &admin, 5).await;
    let res = call(
        &app,
        &ac,
        "PATCH",
        &format!("/api/admin/shop/products/{other}"),
        Some(&admin),
        Some(json!({"name": "끝난 스킨", "category": "테스트", "price": 5, "onSale": false})),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = call(&app, &c, "POST", &format!("/api/shop/products/{other}/buy"), Some(&m), None).await;
    assert_eq!(res.json()["code"], "PRODUCT_RETIRED");
    let res = call(&app, &c, "POST", "/api/shop/products/0000000000000000/buy", Some(&m), None).await;
    assert_eq!((res.status, res.json()["code"].as_str()), (404, Some("PRODUCT_NOT_FOUND")));
}

#[tokio::test]
async fn gifts_go_only_to_ilchon_and_land_in_their_items() {
    let (app, state) = api().await;
    let (ac, admin) = staff(&app, &state).await;
    let (ca, a) = someone(&app, &state).await;
    let (cb, b) = someone(&app, &state).await;
    let (cs, stranger) = someone(&app, &state).await;
    let id = new_skin(&app, &ac, &admin, 10).await;
    grant(&app, &state, a.id, 30).await;
    let res =
        call(&app, &ca, "POST", &format!("/api/shop/products/{id}/gift"), Some(&a), Some(json!({"to": stranger.id, "message": "안녕"})))
            .await;
    assert_eq!((res.status, res.json()["code"].as_str()), (403, Some("NOT_ILCHON")), "{}", res.body);
    assert_eq!(balance(&app, &ca, &a).await, 30, "a refused gift costs nothing");
    become_ilchon(&app, &ca, &a, &cb, &b).await;
    let res =
        call(&app, &ca, "POST", &format!("/api/shop/products/{id}/gift"), Some(&a), Some(json!({"to": b.id, "message": "생일 축하해"})))
            .await;
    assert_eq!(res.status, 204, "{}", res.body);
    assert_eq!(balance(&app, &ca, &a).await, 20);
    let items = call(&app, &cb, "GET", "/api/shop/items", Some(&b), None).await.json();
    let item = &items["items"][0];
    assert_eq!(item["product"]["id"], id.as_str());
    assert_eq!(item["giftMessage"], "생일 축하해");
    assert_eq!(item["giftFrom"], "길동이");
    let res = call(&app, &ca, "POST", &format!("/api/shop/products/{id}/gift"), Some(&a), Some(json!({"to": b.id}))).await;
    assert_eq!(res.json()["code"], "ALREADY_OWNED", "they have it already");
    assert_eq!(balance(&app, &ca, &a).await, 20);
    let _ = cs;
}

#[tokio::test]
async fn equipping_changes_the_homepage_and_only_owned_items_equip() {
    let (app, state) = api().await;
    let (ac, admin) = staff(&app, &state).await;
    let (c, m) = someone(&app, &state).await;
    let id = new_skin(&app, &ac, &admin, 5).await;
    let res = call(&app, &c, "POST", &format!("/api/shop/items/{id}/equip"), Some(&m), Some(json!({"on": true}))).await;
    assert_eq!(res.status, 403, "not owned: {}", res.body);
    grant(&app, &state, m.id, 5).await;
    assert_eq!(call(&app, &c, "POST", &format!("/api/shop/products/{id}/buy"), Some(&m), None).await.status, 200);
    let res = call(&app, &c, "POST", &format!("/api/shop/items/{id}/equip"), Some(&m), Some(json!({"on": true}))).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let frame = get(&app, &format!("/api/hompy/{}", m.id)).await.json();
    assert!(frame["skin"]["frame"].as_str().is_some_and(|s| s.starts_with('#')), "{frame}");
    let items = call(&app, &c, "GET", "/api/shop/items", Some(&m), None).await.json();
    assert_eq!(items["items"][0]["equipped"], true);
}

#[tokio::test]
async fn top_up_needs_an_identity_check_and_members_under_14_cannot_pay() {
    let (app, state) = api().await;
    let (c, m) = someone(&app, &state).await;
    let (package_id, ..) = package(&app, &c, &m).await;
    let res = call(&app, &c, "POST", "/api/shop/payments", Some(&m), Some(json!({"packageId": package_id}))).await;
    assert_eq!((res.status, res.json()["code"].as_str()), (403, Some("IDENTITY_REQUIRED")), "{}", res.body);
    let res = call(&app, &c, "POST", "/api/shop/identity", Some(&m), Some(json!({"name": "", "birthDate": "어제", "phone": "123"}))).await;
    assert_eq!(res.status, 400);
    let body = res.json();
    let fields: Vec<&str> = body["fieldErrors"].as_array().unwrap().iter().filter_map(|f| f["field"].as_str()).collect();
    assert_eq!(fields, ["name", "birthDate", "phone"]);
    let young = (chrono::Utc::now() - chrono::Duration::days(365 * 10)).format("%Y-%m-%d").to_string();
    verify_identity(&app, &c, &m, &young).await;
    let res = call(&app, &c, "POST", "/api/shop/payments", Some(&m), Some(json!({"packageId": package_id}))).await;
    assert_eq!((res.status, res.json()["code"].as_str()), (403, Some("UNDER_AGE")), "{}", res.body);
    let (c2, adult) = someone(&app, &state).await;
    verify_identity(&app, &c2, &adult, "1990-03-01").await;
    let checkout = order(&app, &c2, &adult, package_id).await;
    assert_eq!(checkout["gateway"], "SANDBOX");
    assert!(checkout["sandboxUrl"].as_str().unwrap().starts_with("/shop/pay/sandbox?order="));
    assert_eq!(checkout["orderId"].as_str().unwrap().len(), 32, "128 random bits");
}

#[tokio::test]
async fn a_sandbox_top_up_credits_once_however_often_or_concurrently_the_return_comes() {
    let (app, state) = api().await;
    let (c, m) = someone(&app, &state).await;
    verify_identity(&app, &c, &m, "1995-07-07").await;
    let (package_id, dotori, won) = package(&app, &c, &m).await;
    let order_id = order(&app, &c, &m, package_id).await["orderId"].as_str().unwrap().to_owned();
    let back = sandbox_pay(&app, &c, &m, &order_id, "4111111111111111", won).await;
    assert!(back.starts_with("/api/shop/payments/return?"), "{back}");
    let returns = (0..4).map(|_| {
        let (app, back) = (app.clone(), back.clone());
        tokio::spawn(async move { follow_return(&app, &back).await })
    });
    futures::future::join_all(returns).await;
    follow_return(&app, &back).await;
    let p = payment(&app, &c, &m, &order_id).await;
    assert_eq!(p["status"], "APPROVED", "{p}");
    assert_eq!(balance(&app, &c, &m).await, dotori, "credited exactly once");
    let ledger = call(&app, &c, "GET", "/api/shop/ledger", Some(&m), None).await.json();
    assert_eq!(ledger["entries"].as_array().unwrap().len(), 1);
    assert_eq!(ledger["entries"][0]["kind"], "TOPUP");
    let history = call(&app, &c, "GET", "/api/shop/payments", Some(&m), None).await.json();
    assert_eq!(history["payments"][0]["orderId"], order_id.as_str());
    // Someone else's order is not theirs to see.
    let (c2, other) = someone(&app, &state).await;
    let res = call(&app, &c2, "GET", &format!("/api/shop/payments/{order_id}"), Some(&other), None).await;
    assert_eq!(res.status, 404);
}

#[tokio::test]
async fn tampered_amounts_declines_cancels_and_timeouts_credit_nothing_and_are_recorded() {
    let (app, state) = api().await;
    let (c, m) = someone(&app, &state).await;
    verify_identity(&app, &c, &m, "1988-01-01").await;
    let (package_id, dotori, won) = package(&app, &c, &m).await;
    // The browser changed the amount in the gateway's window.
    let tampered = order(&app, &c, &m, package_id).await["orderId"].as_str().unwrap().to_owned();
    let back = sandbox_pay(&app, &c, &m, &tampered, "4111111111111111", 100).await;
    follow_return(&app, &back).await;
    let p = payment(&app, &c, &m, &tampered).await;
    assert_eq!(p["status"], "FAILED", "{p}");
    assert!(p["failure"].as_str().unwrap().contains("금액"));
    // The return carries a forged amount next to a genuine authorisation.
    let forged = order(&app, &c, &m, package_id).await["orderId"].as_str().unwrap().to_owned();
    let back = sandbox_pay(&app, &c, &m, &forged, "4111111111111111", won).await;
    follow_return(&app, &back.replace(&format!("amount={won}"), "amount=1")).await;
    assert_eq!(payment(&app, &c, &m, &forged).await["status"], "FAILED");
    // The documented failing card.
    let declined = order(&app, &c, &m, package_id).await["orderId"].as_str().unwrap().to_owned();
    let back = sandbox_pay(&app, &c, &m, &declined, minihompy::shop::model::SANDBOX_DECLINED_CARD, won).await;
    follow_return(&app, &back).await;
    let p = payment(&app, &c, &m, &declined).await;
    assert_eq!(p["status"], "DECLINED", "{p}");
    assert!(p["failure"].as_str().unwrap().contains("거절"));
    // The member closed the window.
    let cancelled = order(&app, &c, &m, package_id).await["orderId"].as_str().unwrap().to_owned();
    follow_return(&app, &format!("/api/shop/payments/return?orderId={cancelled}&authResultCode=CANCEL&authResultMsg=cancel")).await;
    assert_eq!(payment(&app, &c, &m, &cancelled).await["status"], "CANCELLED");
    assert_eq!(balance(&app, &c, &m).await, 0, "nothing credited");
    // The approval timed out: unknown, then reconciled (asked again) and credited once.
    let slow = order(&app, &c, &m, package_id).await["orderId"].as_str().unwrap().to_owned();
    let back = sandbox_pay(&app, &c, &m, &slow, minihompy::shop::model::SANDBOX_TIMEOUT_CARD, won).await;
    follow_return(&app, &back).await;
    assert_eq!(payment(&app, &c, &m, &slow).await["status"], "UNKNOWN");
    assert_eq!(balance(&app, &c, &m).await, 0);
    let res = call(&app, &c, "POST", &format!("/api/shop/payments/{slow}/recheck"), Some(&m), None).await;
    assert_eq!(res.json()["status"], "APPROVED", "{}", res.body);
    let res = call(&app, &c, "POST", &format!("/api/shop/payments/{slow}/recheck"), Some(&m), None).await;
    assert_eq!(res.json()["status"], "APPROVED");
    assert_eq!(balance(&app, &c, &m).await, dotori, "credited once");
    let listed = call(&app, &c, "GET", "/api/shop/payments", Some(&m), None).await.json();
    assert_eq!(listed["payments"].as_array().unwrap().len(), 5, "every attempt is recorded: {listed}");
}

#[tokio::test]
async fn refunds_reverse_the_top_up_and_are_refused_once_the_dotori_are_spent() {
    let (app, state) = api().await;
    let (ac, admin) = staff(&app, &state).await;
    let (c, m) = someone(&app, &state).await;
    verify_identity(&app, &c, &m, "1992-02-02").await;
    let (package_id, dotori, won) = package(&app, &c, &m).await;
    let mut orders = Vec::new();
    for _ in 0..2 {
        let o = order(&app, &c, &m, package_id).await["orderId"].as_str().unwrap().to_owned();
        let back = sandbox_pay(&app, &c, &m, &o, "4111111111111111", won).await;
        follow_return(&app, &back).await;
        orders.push(o);
    }
    assert_eq!(balance(&app, &c, &m).await, 2 * dotori);
    let res = call(
        &app,
        &ac,
        "POST",
        &format!("/api/admin/shop/payments/{}/refund", orders[0]),
        Some(&admin),
        Some(json!({"reason": "고객 요청"})),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["status"], "REFUNDED");
    assert_eq!(balance(&app, &c, &m).await, dotori);
    let res =
        call(&app, &ac, "POST", &format!("/api/admin/shop/payments/{}/refund", orders[0]), Some(&admin), Some(json!({"reason": "또"})))
            .await;
    assert_eq!(res.json()["code"], "REFUND_REFUSED", "twice is refused");
    // Spend some, then the second refund would go below zero.
    let id = new_skin(&app, &ac, &admin, 1).await;
    assert_eq!(call(&app, &c, "POST", &format!("/api/shop/products/{id}/buy"), Some(&m), None).await.status, 200);
    let res = call(
        &app,
        &ac,
        "POST",
        &format!("/api/admin/shop/payments/{}/refund", orders[1]),
        Some(&admin),
        Some(json!({"reason": "고객 요청"})),
    )
    .await;
    assert_eq!((res.status, res.json()["code"].as_str()), (409, Some("REFUND_REFUSED")), "{}", res.body);
    assert!(res.json()["message"].as_str().unwrap().contains("사용"));
    assert_eq!(balance(&app, &c, &m).await, dotori - 1);
    assert!(minihompy::shop::ledger_matches_wallet(&state.db, m.id).await.unwrap());
    let res = call(&app, &ac, "GET", "/api/admin/shop/audit", Some(&admin), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    // Other tests write the log at the same time: look for this refund's row in the store.
    let (actor, detail): (u64, String) =
        sqlx::query_as("SELECT actor_id, detail FROM shop_audit_log WHERE action = 'REFUND' AND target = ?")
            .bind(&orders[0])
            .fetch_one(&state.db)
            .await
            .unwrap();
    assert_eq!(actor, admin.id);
    assert!(detail.contains("고객 요청"), "{detail}");
}

#[tokio::test]
async fn every_staff_endpoint_refuses_a_user_whatever_they_send() {
    let (app, state) = api().await;
    let (ac, admin) = staff(&app, &state).await;
    let (c, m) = someone(&app, &state).await;
    let id = new_skin(&app, &ac, &admin, 3).await;
    let calls = [
        ("GET", "/api/admin/shop/products".to_owned(), None),
        (
            "POST",
            "/api/admin/shop/products".to_owned(),
            Some(json!({"kind": "SKIN", "name": "x", "category": "x", "price": 1, "asset": "#000000;#111111;#222222", "role": "ADMIN"})),
        ),
        ("PATCH", format!("/api/admin/shop/products/{id}"), Some(json!({"name": "x", "category": "x", "price": 1, "onSale": false}))),
        ("GET", "/api/admin/shop/packages".to_owned(), None),
        ("PUT", "/api/admin/shop/packages".to_owned(), Some(json!({"dotori": 10, "priceWon": 100, "onSale": true}))),
        ("GET", "/api/admin/shop/payments".to_owned(), None),
        ("POST", "/api/admin/shop/payments/00000000000000000000000000000000/refund".to_owned(), Some(json!({"reason": "x"}))),
        ("POST", "/api/admin/shop/adjustments".to_owned(), Some(json!({"userId": m.id, "amount": 1000, "reason": "x"}))),
        ("GET", "/api/admin/shop/audit".to_owned(), None),
    ];
    for (method, path, body) in calls {
        let res = call(&app, &c, method, &path, Some(&m), body).await;
        assert_eq!(res.status, 403, "{method} {path}: {}", res.body);
        assert_eq!(res.json()["code"], "FORBIDDEN");
    }
    assert_eq!(balance(&app, &c, &m).await, 0);
    let products = get(&app, "/api/shop/products?kind=SKIN").await.json();
    assert!(products["products"].as_array().unwrap().iter().any(|p| p["id"] == id.as_str() && p["onSale"] == true), "unchanged");
}

// ---------------------------------------------------------------- NICEPAY, against a stand-in of their API

#[derive(Default)]
struct Seen {
    approvals: Vec<(String, u64)>,
    cancels: Vec<String>,
    paid: std::collections::HashSet<String>,
    bad_auth: usize,
}

/// A local stand-in of NICEPAY's API: checks Basic auth, records the amounts, and answers
/// by the transaction id: `ok-…` approves, `decline-…` declines, `slow-…` answers after
/// the adapter's timeout (and counts as paid for a later inquiry).
async fn nicepay_stand_in() -> (String, std::sync::Arc<std::sync::Mutex<Seen>>) {
    use axum::{
        extract::Path,
        http::HeaderMap,
        routing::{get as aget, post as apost},
        Json,
    };
    use base64::Engine;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Seen::default()));
    let expected = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode("client-key:secret-key"));
    let authed = move |h: &HeaderMap| h.get("authorization").and_then(|v| v.to_str().ok()) == Some(expected.as_str());
    let (s1, s2, s3, a1, a2, a3) = (seen.clone(), seen.clone(), seen.clone(), authed.clone(), authed.clone(), authed);
    let app = Router::new()
        .route(
            "/v1/payments/{tid}",
            apost(move |Path(tid): Path<String>, h: HeaderMap, Json(body): Json<Value>| {
                let (seen, authed) = (s1.clone(), a1.clone());
                async move {
                    if !authed(&h) {
                        seen.lock().unwrap().bad_auth += 1;
                        return (axum::http::StatusCode::UNAUTHORIZED, Json(json!({"resultCode": "U104", "resultMsg": "인증 실패"})));
                    }
                    let amount = body["amount"].as_u64().unwrap_or(0);
                    seen.lock().unwrap().approvals.push((tid.clone(), amount));
                    if tid.starts_with("decline-") {
                        return (
                            axum::http::StatusCode::OK,
                            Json(json!({"resultCode": "3011", "resultMsg": "카드 한도 초과", "status": "failed"})),
                        );
                    }
                    seen.lock().unwrap().paid.insert(tid.clone());
                    if tid.starts_with("slow-") {
                        tokio::time::sleep(std::time::Duration::from_secs(3)).await;
                    }
                    (
                        axum::http::StatusCode::OK,
                        Json(json!({"resultCode": "0000", "resultMsg": "정상 처리", "status": "paid", "amount": amount, "tid": tid})),
                    )
                }
            })
            .get(move |Path(tid): Path<String>, h: HeaderMap| {
                let (seen, authed) = (s2.clone(), a2.clone());
                async move {
                    if !authed(&h) {
                        return Json(json!({"resultCode": "U104"}));
                    }
                    let s = seen.lock().unwrap();
                    let amount = s.approvals.iter().find(|(t, _)| *t == tid).map(|(_, a)| *a).unwrap_or(0);
                    if s.paid.contains(&tid) {
                        Json(json!({"resultCode": "0000", "status": "paid", "amount": amount}))
                    } else {
                        Json(json!({"resultCode": "0000", "status": "ready"}))
                    }
                }
            }),
        )
        .route(
            "/v1/payments/{tid}/cancel",
            apost(move |Path(tid): Path<String>, h: HeaderMap| {
                let (seen, authed) = (s3.clone(), a3.clone());
                async move {
                    if !authed(&h) {
                        return Json(json!({"resultCode": "U104"}));
                    }
                    seen.lock().unwrap().cancels.push(tid);
                    Json(json!({"resultCode": "0000", "status": "cancelled"}))
                }
            }),
        )
        .route("/health", aget(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), seen)
}

#[tokio::test]
async fn the_nicepay_adapter_approves_with_the_server_amount_and_handles_decline_timeout_and_refund() {
    let base = state().await;
    let (url, seen) = nicepay_stand_in().await;
    let (app, state) = router_with(&base, |cfg| {
        cfg.trust_proxy = true;
        cfg.payments.gateway = "nicepay".into();
        cfg.payments.nicepay_base_url = url.clone();
        cfg.payments.nicepay_client_key = "client-key".into();
        cfg.payments.nicepay_secret_key = "secret-key".into();
        cfg.payments.timeout = std::time::Duration::from_millis(800);
    });
    let (c, m) = someone(&app, &state).await;
    verify_identity(&app, &c, &m, "1985-05-05").await;
    let (package_id, dotori, won) = package(&app, &c, &m).await;
    let checkout = order(&app, &c, &m, package_id).await;
    assert_eq!(checkout["gateway"], "NICEPAY");
    assert_eq!(checkout["clientKey"], "client-key");
    assert!(checkout["returnUrl"].as_str().unwrap().ends_with("/api/shop/payments/return"));
    let order_id = checkout["orderId"].as_str().unwrap().to_owned();
    // NICEPAY posts the return as a form from its own origin, without our cookies.
    // The gateway's transaction ids are unique in our tables: fresh ones on every run (the
    // stand-in tells outcomes by their prefix).
    let run = unique("");
    let (ok1, ok2, decline1, slow1) = (format!("ok-1-{run}"), format!("ok-2-{run}"), format!("decline-1-{run}"), format!("slow-1-{run}"));
    let form = |order: &str, tid: &str, amount: u64| {
        Request::post("/api/shop/payments/return")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", "https://pay.nicepay.co.kr")
            .body(Body::from(format!("authResultCode=0000&authResultMsg=ok&tid={tid}&orderId={order}&amount={amount}")))
            .unwrap()
    };
    let res = send(&app, form(&order_id, &ok1, won)).await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(payment(&app, &c, &m, &order_id).await["status"], "APPROVED");
    assert_eq!(seen.lock().unwrap().approvals, vec![(ok1.clone(), won)], "approved once, with the server's amount");
    assert_eq!(seen.lock().unwrap().bad_auth, 0, "Basic auth from the client key and secret");
    send(&app, form(&order_id, &ok1, won)).await;
    assert_eq!(seen.lock().unwrap().approvals.len(), 1, "a replayed return approves nothing");
    assert_eq!(balance(&app, &c, &m).await, dotori);
    // Declined by the card company.
    let declined = order(&app, &c, &m, package_id).await["orderId"].as_str().unwrap().to_owned();
    send(&app, form(&declined, &decline1, won)).await;
    let p = payment(&app, &c, &m, &declined).await;
    assert_eq!((p["status"].as_str(), p["failure"].as_str()), (Some("DECLINED"), Some("카드 한도 초과")));
    // A forged amount on the return is refused before any approval, and cancelled.
    let forged = order(&app, &c, &m, package_id).await["orderId"].as_str().unwrap().to_owned();
    send(&app, form(&forged, &ok2, 1)).await;
    assert_eq!(payment(&app, &c, &m, &forged).await["status"], "FAILED");
    assert!(!seen.lock().unwrap().approvals.iter().any(|(t, _)| *t == ok2));
    assert!(seen.lock().unwrap().cancels.contains(&ok2));
    // The approval times out: unknown, nothing credited, then the inquiry finds it paid.
    let slow = order(&app, &c, &m, package_id).await["orderId"].as_str().unwrap().to_owned();
    send(&app, form(&slow, &slow1, won)).await;
    assert_eq!(payment(&app, &c, &m, &slow).await["status"], "UNKNOWN");
    assert_eq!(balance(&app, &c, &m).await, dotori);
    let res = call(&app, &c, "POST", &format!("/api/shop/payments/{slow}/recheck"), Some(&m), None).await;
    assert_eq!(res.json()["status"], "APPROVED", "{}", res.body);
    assert_eq!(balance(&app, &c, &m).await, 2 * dotori);
    // A refund calls their cancel.
    let (ac, admin) = staff(&app, &state).await;
    let res = call(
        &app,
        &ac,
        "POST",
        &format!("/api/admin/shop/payments/{order_id}/refund"),
        Some(&admin),
        Some(json!({"reason": "테스트 환불"})),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(seen.lock().unwrap().cancels.contains(&ok1));
    assert_eq!(balance(&app, &c, &m).await, dotori);
}

async fn put_bytes(app: &Router, url: &str, bytes: Vec<u8>) -> Response {
    send(app, Request::put(url).header("content-type", "application/octet-stream").body(Body::from(bytes)).unwrap()).await
}

#[tokio::test]
async fn staff_upload_a_minimi_picture_and_a_track_sniffed_from_their_bytes() {
    let (app, state) = api().await;
    let (ac, admin) = staff(&app, &state).await;
    let (c, m) = someone(&app, &state).await;
    let res = call(&app, &c, "GET", "/api/admin/shop/upload-url?kind=MINIMI", Some(&m), None).await;
    assert_eq!(res.status, 403, "a USER gets no upload URL: {}", res.body);
    // A picture: re-encoded as PNG under a generated name.
    let url = call(&app, &ac, "GET", "/api/admin/shop/upload-url?kind=MINIMI", Some(&admin), None).await.json()["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut png = Vec::new();
    image::DynamicImage::new_rgb8(300, 300).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    let res = put_bytes(&app, &url, png.clone()).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let asset = res.json()["asset"].as_str().unwrap().to_owned();
    assert!(asset.ends_with(".png") && asset.len() == 36, "{asset}");
    assert_eq!(put_bytes(&app, &url, png).await.status, 401, "an upload URL works once");
    let res = call(
        &app,
        &ac,
        "POST",
        "/api/admin/shop/products",
        Some(&admin),
        Some(json!({"kind": "MINIMI", "name": "올린 미니미", "category": "특별", "price": 9, "asset": asset})),
    )
    .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let picture = res.json()["picture"].as_str().unwrap().to_owned();
    assert_eq!(picture, format!("/files/shop/{asset}"));
    let file = get(&app, &picture).await;
    assert_eq!(file.status, 200);
    assert_eq!(file.headers["content-type"], "image/png");
    // A track: the type is told from the bytes, not the name.
    let url =
        call(&app, &ac, "GET", "/api/admin/shop/upload-url?kind=BGM", Some(&admin), None).await.json()["url"].as_str().unwrap().to_owned();
    let res = put_bytes(&app, &url, b"<html><script>alert(1)</script></html>".to_vec()).await;
    assert_eq!((res.status, res.json()["code"].as_str()), (415, Some("UNSUPPORTED_AUDIO")), "{}", res.body);
    let url =
        call(&app, &ac, "GET", "/api/admin/shop/upload-url?kind=BGM", Some(&admin), None).await.json()["url"].as_str().unwrap().to_owned();
    let mut wav = b"RIFF\x24\0\0\0WAVEfmt ".to_vec();
    wav.extend_from_slice(&[0u8; 64]);
    let res = put_bytes(&app, &url, wav).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let track = res.json()["asset"].as_str().unwrap().to_owned();
    assert!(track.ends_with(".wav"));
    // A picture's name is not a track, nor a track's a 미니미.
    let product = |kind: &str, asset: &str| json!({"kind": kind, "name": "새 노래", "category": "x", "price": 1, "asset": asset});
    let res = call(&app, &ac, "POST", "/api/admin/shop/products", Some(&admin), Some(product("BGM", &asset))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    let res = call(&app, &ac, "POST", "/api/admin/shop/products", Some(&admin), Some(product("MINIMI", &track))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    let res = call(&app, &ac, "POST", "/api/admin/shop/products", Some(&admin), Some(product("BGM", &track))).await;
    assert_eq!(res.status, 201, "{}", res.body);
    assert_eq!(res.json()["audio"], format!("/files/shop/{track}"));
    let products = get(&app, "/api/shop/products?kind=BGM").await.json();
    assert!(products["products"].as_array().unwrap().iter().any(|p| p["name"] == "새 노래"));
    assert_eq!(get(&app, "/files/shop/..%2F..%2Fetc%2Fpasswd").await.status, 404);
}
