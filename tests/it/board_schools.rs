//! 커뮤니티: schools, membership (a code mailed to the school's domain, or a request staff
//! decide), boards and pins, and the staff's school and board management, through REST.

use crate::common::*;
use axum::Router;
use minihompy::server::AppState;
use serde_json::{json, Value};

async fn call(app: &Router, c: &Client, method: &str, path: &str, who: Option<&Member>, body: Option<Value>) -> Response {
    c.call(app, method, path, who.map(|m| m.access.as_str()), body).await
}

async fn staff(app: &Router, state: &AppState) -> (Client, Member) {
    let (c, m) = someone(app, state).await;
    make_role(state, m.id, "STAFF").await;
    (c, m)
}

/// A school of its own made by staff; `domain` None admits by approval.
async fn new_school(app: &Router, sc: &Client, s: &Member, domain: Option<&str>) -> u64 {
    let domains: Vec<&str> = domain.into_iter().collect();
    let res =
        call(app, sc, "POST", "/api/admin/schools", Some(s), Some(json!({"name": unique("학교"), "campus": "본교", "domains": domains})))
            .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let body = res.json();
    assert_eq!(body["domains"], json!(domains));
    body["id"].as_u64().unwrap()
}

async fn new_board(app: &Router, sc: &Client, s: &Member, school: u64, name: &str, category: &str) -> Value {
    let res = call(
        app,
        sc,
        "POST",
        "/api/admin/boards",
        Some(s),
        Some(json!({"schoolId": school, "category": category, "name": name, "description": "테스트 게시판",
                    "anonymousAllowed": true, "questionsAllowed": false})),
    )
    .await;
    assert_eq!(res.status, 201, "{}", res.body);
    res.json()
}

async fn join_by_sql(state: &AppState, user: u64, school: u64) {
    sqlx::query("INSERT INTO school_members (user_id, school_id, admission_year, verified_by) VALUES (?, ?, 2022, 'APPROVAL')")
        .bind(user)
        .bind(school)
        .execute(&state.db)
        .await
        .unwrap();
}

fn domain() -> String {
    format!("{}.ac.kr", unique("t"))
}

#[tokio::test]
async fn a_member_joins_by_a_code_mailed_to_the_school_address() {
    let (app, state) = api().await;
    let (sc, s) = staff(&app, &state).await;
    let domain = domain();
    let school = new_school(&app, &sc, &s, Some(&domain)).await;
    let (c, m) = someone(&app, &state).await;
    let address = format!("student@{domain}");

    // Not a school's domain, and a year out of range: both fields refused.
    let res =
        call(&app, &c, "POST", "/api/schools/verify-email", Some(&m), Some(json!({"email": "me@gmail.example", "admissionYear": 1900})))
            .await;
    assert_eq!(res.status, 400, "{}", res.body);
    let body = res.json();
    assert_eq!(body["code"], "INVALID_FIELDS");
    let fields: Vec<&str> = body["fieldErrors"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"email") && fields.contains(&"admissionYear"), "{fields:?}");

    let res = call(
        &app,
        &c,
        "POST",
        "/api/schools/verify-email",
        Some(&m),
        Some(json!({"email": address.to_uppercase(), "admissionYear": 2022})),
    )
    .await;
    assert_eq!(res.status, 204, "{}", res.body);
    // A second mail within the minute is refused with its wait.
    let res = call(&app, &c, "POST", "/api/schools/verify-email", Some(&m), Some(json!({"email": address, "admissionYear": 2022}))).await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert_eq!(res.json()["code"], "RESEND_COOLDOWN");
    assert!(res.headers.get("retry-after").is_some());

    let me = call(&app, &c, "GET", "/api/community/me", Some(&m), None).await.json();
    assert_eq!(me["pendingEmail"], address.as_str());
    assert!(me["membership"].is_null());

    let mail = mail_to(&address).await;
    let code = six_digit_code(&mail);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let res = call(&app, &c, "POST", "/api/schools/verify", Some(&m), Some(json!({"code": wrong}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["code"], "INVALID_CODE");

    let res = call(&app, &c, "POST", "/api/schools/verify", Some(&m), Some(json!({"code": code}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let membership = res.json();
    assert_eq!(membership["schoolId"], school);
    assert_eq!(membership["admissionYear"], 2022);
    assert_eq!(membership["verifiedBy"], "EMAIL");

    let me = call(&app, &c, "GET", "/api/community/me", Some(&m), None).await.json();
    assert_eq!(me["membership"]["schoolId"], school);
    assert!(me["pendingEmail"].is_null());
    assert_eq!(me["staff"], false);

    // The code is spent; a member already in a school cannot ask again.
    let res = call(&app, &c, "POST", "/api/schools/verify", Some(&m), Some(json!({"code": code}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    let res = call(
        &app,
        &c,
        "POST",
        "/api/schools/verify-email",
        Some(&m),
        Some(json!({"email": format!("other@{domain}"), "admissionYear": 2022})),
    )
    .await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(res.json()["code"], "ALREADY_SCHOOL_MEMBER");

    // Another member cannot use the same address.
    let (c2, m2) = someone(&app, &state).await;
    let res = call(&app, &c2, "POST", "/api/schools/verify-email", Some(&m2), Some(json!({"email": address, "admissionYear": 2023}))).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(res.json()["code"], "SCHOOL_EMAIL_USED");
}

#[tokio::test]
async fn five_wrong_codes_spend_the_code() {
    let (app, state) = api().await;
    let (sc, s) = staff(&app, &state).await;
    let domain = domain();
    new_school(&app, &sc, &s, Some(&domain)).await;
    let (c, m) = someone(&app, &state).await;
    let address = format!("guess@{domain}");
    let res = call(&app, &c, "POST", "/api/schools/verify-email", Some(&m), Some(json!({"email": address, "admissionYear": 2021}))).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let code = six_digit_code(&mail_to(&address).await);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let res = call(&app, &c, "POST", "/api/schools/verify", Some(&m), Some(json!({"code": wrong}))).await;
        assert_eq!(res.status, 400, "{}", res.body);
    }
    let res = call(&app, &c, "POST", "/api/schools/verify", Some(&m), Some(json!({"code": code}))).await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert_eq!(res.json()["code"], "TOO_MANY_ATTEMPTS");
    let res = call(&app, &c, "POST", "/api/schools/verify", Some(&m), Some(json!({"code": code}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    let me = call(&app, &c, "GET", "/api/community/me", Some(&m), None).await.json();
    assert!(me["membership"].is_null());
}

#[tokio::test]
async fn staff_approve_a_request_to_a_school_without_a_domain() {
    let (app, state) = api().await;
    let (sc, s) = staff(&app, &state).await;
    let school = new_school(&app, &sc, &s, None).await;
    let with_domain = new_school(&app, &sc, &s, Some(&domain())).await;
    let (c, m) = someone(&app, &state).await;

    // A school with a domain admits by its email only.
    let res = call(&app, &c, "POST", &format!("/api/schools/{with_domain}/requests"), Some(&m), Some(json!({"admissionYear": 2022}))).await;
    assert_eq!(res.status, 400, "{}", res.body);

    let res = call(
        &app,
        &c,
        "POST",
        &format!("/api/schools/{school}/requests"),
        Some(&m),
        Some(json!({"admissionYear": 2022, "message": "22학번입니다"})),
    )
    .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let req = res.json();
    assert_eq!(req["status"], "PENDING");
    assert!(req["userId"].is_null());
    let rid = req["id"].as_u64().unwrap();
    let res = call(&app, &c, "POST", &format!("/api/schools/{school}/requests"), Some(&m), Some(json!({"admissionYear": 2022}))).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(res.json()["code"], "SCHOOL_REQUEST_PENDING");
    let me = call(&app, &c, "GET", "/api/community/me", Some(&m), None).await.json();
    assert_eq!(me["request"]["id"], rid);

    // Members cannot see or decide requests.
    let res = call(&app, &c, "GET", "/api/admin/school-requests", Some(&m), None).await;
    assert_eq!(res.status, 403, "{}", res.body);
    let res = call(&app, &c, "POST", &format!("/api/admin/school-requests/{rid}"), Some(&m), Some(json!({"approve": true}))).await;
    assert_eq!(res.status, 403, "{}", res.body);

    let res = call(&app, &sc, "GET", "/api/admin/school-requests", Some(&s), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let queue = res.json();
    let mine = queue.as_array().unwrap().iter().find(|r| r["id"] == rid).expect("the request is in the queue");
    assert_eq!(mine["userId"], m.id);
    assert_eq!(mine["message"], "22학번입니다");

    let res = call(&app, &sc, "POST", &format!("/api/admin/school-requests/{rid}"), Some(&s), Some(json!({"approve": true}))).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let res = call(&app, &sc, "POST", &format!("/api/admin/school-requests/{rid}"), Some(&s), Some(json!({"approve": false}))).await;
    assert_eq!(res.status, 409, "a decided request stays decided: {}", res.body);

    let me = call(&app, &c, "GET", "/api/community/me", Some(&m), None).await.json();
    assert_eq!(me["membership"]["schoolId"], school);
    assert_eq!(me["membership"]["verifiedBy"], "APPROVAL");
    assert_eq!(me["membership"]["admissionYear"], 2022);
    assert!(me["request"].is_null());
    assert!(me["unreadNotices"].as_u64().unwrap() >= 1);

    let logged: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM board_moderation_log WHERE action = 'school_request.approve' AND target_id = ?")
            .bind(rid)
            .fetch_one(&state.db)
            .await
            .unwrap();
    assert_eq!(logged, 1);
}

#[tokio::test]
async fn only_members_of_the_school_pin_its_boards() {
    let (app, state) = api().await;
    let (sc, s) = staff(&app, &state).await;
    let school = new_school(&app, &sc, &s, None).await;
    let other = new_school(&app, &sc, &s, None).await;
    let board = new_board(&app, &sc, &s, school, &unique("자유"), "FREE").await["id"].as_u64().unwrap();

    let (c, outsider) = someone(&app, &state).await;
    let res = call(&app, &c, "PUT", &format!("/api/boards/{board}/pin"), Some(&outsider), None).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(res.json()["code"], "NOT_SCHOOL_MEMBER");

    let (c2, elsewhere) = someone(&app, &state).await;
    join_by_sql(&state, elsewhere.id, other).await;
    let res = call(&app, &c2, "PUT", &format!("/api/boards/{board}/pin"), Some(&elsewhere), None).await;
    assert_eq!(res.status, 403, "{}", res.body);

    let (c3, member) = someone(&app, &state).await;
    join_by_sql(&state, member.id, school).await;
    for _ in 0..2 {
        let res = call(&app, &c3, "PUT", &format!("/api/boards/{board}/pin"), Some(&member), None).await;
        assert_eq!(res.status, 204, "{}", res.body);
    }
    let list = call(&app, &c3, "GET", &format!("/api/boards?schoolId={school}"), Some(&member), None).await.json();
    assert_eq!(list[0]["pinned"], true);
    let list = call(&app, &c, "GET", &format!("/api/boards?schoolId={school}"), None, None).await.json();
    assert_eq!(list[0]["pinned"], false, "a guest's list pins nothing");
    let res = call(&app, &c3, "DELETE", &format!("/api/boards/{board}/pin"), Some(&member), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let list = call(&app, &c3, "GET", &format!("/api/boards?schoolId={school}"), Some(&member), None).await.json();
    assert_eq!(list[0]["pinned"], false);

    let res = call(&app, &c3, "PUT", "/api/boards/999999999/pin", Some(&member), None).await;
    assert_eq!(res.status, 404, "{}", res.body);
    assert_eq!(res.json()["code"], "BOARD_NOT_FOUND");
}

#[tokio::test]
async fn boards_are_listed_by_school_and_name_for_anyone() {
    let (app, state) = api().await;
    let (sc, s) = staff(&app, &state).await;
    let school = new_school(&app, &sc, &s, None).await;
    let other = new_school(&app, &sc, &s, None).await;
    let tag = unique("");
    new_board(&app, &sc, &s, school, &format!("자유{tag}"), "FREE").await;
    new_board(&app, &sc, &s, school, &format!("진로{tag}"), "CAREER").await;
    new_board(&app, &sc, &s, school, &format!("컴공{tag}"), "DEPARTMENT").await;
    new_board(&app, &sc, &s, other, &format!("자유{tag}"), "FREE").await;

    let guest = Client::new(&state);
    let res = call(&app, &guest, "GET", &format!("/api/boards?schoolId={school}"), None, None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let list = res.json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    // By category (as stored: DEPARTMENT, CAREER, PROMOTION, GROUP, FREE, INFO), then name.
    let categories: Vec<&str> = list.iter().map(|b| b["category"].as_str().unwrap()).collect();
    assert_eq!(categories, ["DEPARTMENT", "CAREER", "FREE"]);
    for b in list {
        assert_eq!(b["schoolId"], school);
        assert_eq!(b["retired"], false);
        for field in ["id", "category", "name", "schoolId", "retired", "createdAt", "updatedAt", "anonymousAllowed", "questionsAllowed"] {
            assert!(!b[field].is_null(), "{field} missing in {b}");
        }
    }

    let res =
        call(&app, &guest, "GET", &format!("/api/boards?schoolId={school}&name={}", urlencode(&format!("자유{tag}"))), None, None).await;
    let list = res.json();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["category"], "FREE");

    // Without a school: both schools' boards with that name.
    let res = call(&app, &guest, "GET", &format!("/api/boards?name={}", urlencode(&format!("자유{tag}"))), None, None).await;
    let list = res.json();
    let schools: Vec<u64> = list.as_array().unwrap().iter().map(|b| b["schoolId"].as_u64().unwrap()).collect();
    assert_eq!(schools, [school.min(other), school.max(other)]);

    // LIKE wildcards are literal.
    let res = call(&app, &guest, "GET", &format!("/api/boards?schoolId={school}&name=%25"), None, None).await;
    assert_eq!(res.json().as_array().unwrap().len(), 0);

    let res = call(&app, &guest, "GET", "/api/schools", None, None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.json().as_array().unwrap().iter().any(|x| x["id"] == school));
}

#[tokio::test]
async fn staff_manage_boards_and_schools_and_members_cannot() {
    let (app, state) = api().await;
    let (sc, s) = staff(&app, &state).await;
    let school = new_school(&app, &sc, &s, None).await;
    let name = unique("홍보");
    let board = new_board(&app, &sc, &s, school, &name, "PROMOTION").await;
    let id = board["id"].as_u64().unwrap();

    let (c, m) = someone(&app, &state).await;
    join_by_sql(&state, m.id, school).await;
    let input =
        json!({"schoolId": school, "category": "FREE", "name": unique("자유"), "anonymousAllowed": true, "questionsAllowed": false});
    let res = call(&app, &c, "POST", "/api/admin/boards", Some(&m), Some(input.clone())).await;
    assert_eq!(res.status, 403, "{}", res.body);
    let res = call(&app, &c, "PATCH", &format!("/api/admin/boards/{id}"), Some(&m), Some(input)).await;
    assert_eq!(res.status, 403, "{}", res.body);
    let res = call(&app, &c, "POST", "/api/admin/schools", Some(&m), Some(json!({"name": unique("학교")}))).await;
    assert_eq!(res.status, 403, "{}", res.body);

    // The same name twice in one school.
    let res = call(
        &app,
        &sc,
        "POST",
        "/api/admin/boards",
        Some(&s),
        Some(json!({"schoolId": school, "category": "FREE", "name": name, "anonymousAllowed": true, "questionsAllowed": false})),
    )
    .await;
    assert_eq!(res.status, 409, "{}", res.body);
    // An empty name.
    let res = call(
        &app,
        &sc,
        "POST",
        "/api/admin/boards",
        Some(&s),
        Some(json!({"schoolId": school, "category": "FREE", "name": "  ", "anonymousAllowed": true, "questionsAllowed": false})),
    )
    .await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["fieldErrors"][0]["field"], "name");

    // Retire: still listed, flagged.
    let res = call(
        &app,
        &sc,
        "PATCH",
        &format!("/api/admin/boards/{id}"),
        Some(&s),
        Some(json!({"schoolId": school, "category": "PROMOTION", "name": name, "description": "끝", "anonymousAllowed": false,
                    "questionsAllowed": false, "retired": true})),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["retired"], true);
    let list = call(&app, &c, "GET", &format!("/api/boards?schoolId={school}"), Some(&m), None).await.json();
    let listed = list.as_array().unwrap().iter().find(|b| b["id"] == id).expect("a retired board is still listed");
    assert_eq!(listed["retired"], true);
    assert_eq!(listed["description"], "끝");
    let res = call(&app, &c, "GET", &format!("/api/boards/{id}"), None, None).await;
    assert_eq!(res.json()["retired"], true);
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM board_moderation_log WHERE target_kind = 'BOARD' AND target_id = ? ORDER BY id")
            .bind(id)
            .fetch_all(&state.db)
            .await
            .unwrap();
    assert_eq!(actions, ["board.create", "board.retire"]);

    // School domains: cleaned, and one domain belongs to one school.
    let d = domain();
    let res = call(
        &app,
        &sc,
        "PATCH",
        &format!("/api/admin/schools/{school}"),
        Some(&s),
        Some(json!({"name": unique("학교"), "domains": [format!("@{}", d.to_uppercase())]})),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["domains"], json!([d]));
    let res = call(&app, &sc, "POST", "/api/admin/schools", Some(&s), Some(json!({"name": unique("학교"), "domains": [d]}))).await;
    assert_eq!(res.status, 409, "{}", res.body);
    let res =
        call(&app, &sc, "POST", "/api/admin/schools", Some(&s), Some(json!({"name": unique("학교"), "domains": ["not a domain"]}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["fieldErrors"][0]["field"], "domains");
}

#[tokio::test]
async fn a_plus_address_counts_as_the_address_it_reaches() {
    let (app, state) = api().await;
    let (sc, s) = staff(&app, &state).await;
    let domain = domain();
    new_school(&app, &sc, &s, Some(&domain)).await;
    let address = format!("name@{domain}");

    let (cx, x) = someone(&app, &state).await;
    let res = call(&app, &cx, "POST", "/api/schools/verify-email", Some(&x), Some(json!({"email": address, "admissionYear": 2022}))).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let code = six_digit_code(&mail_to(&address).await);
    let res = call(&app, &cx, "POST", "/api/schools/verify", Some(&x), Some(json!({"code": code}))).await;
    assert_eq!(res.status, 200, "{}", res.body);

    let (cy, y) = someone(&app, &state).await;
    let res = call(
        &app,
        &cy,
        "POST",
        "/api/schools/verify-email",
        Some(&y),
        Some(json!({"email": format!("name+2@{domain}"), "admissionYear": 2022})),
    )
    .await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(res.json()["code"], "SCHOOL_EMAIL_USED");
    let me = call(&app, &cy, "GET", "/api/community/me", Some(&y), None).await.json();
    assert!(me["membership"].is_null());
    assert!(me["pendingEmail"].is_null(), "no code was sent: {me}");
}

#[tokio::test]
async fn a_patch_changes_only_the_fields_sent() {
    let (app, state) = api().await;
    let (sc, s) = staff(&app, &state).await;
    let d = domain();
    let school = new_school(&app, &sc, &s, Some(&d)).await;
    let board = new_board(&app, &sc, &s, school, &unique("질문"), "FREE").await;
    let id = board["id"].as_u64().unwrap();
    // Flags away from their defaults first, so keeping them is seen.
    let res = call(
        &app,
        &sc,
        "PATCH",
        &format!("/api/admin/boards/{id}"),
        Some(&s),
        Some(json!({"anonymousAllowed": false, "questionsAllowed": true, "retired": true})),
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let before = res.json();
    assert_eq!((before["anonymousAllowed"].as_bool(), before["questionsAllowed"].as_bool()), (Some(false), Some(true)));

    let res = call(&app, &sc, "PATCH", &format!("/api/admin/boards/{id}"), Some(&s), Some(json!({"name": "새 이름"}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let after = res.json();
    assert_eq!(after["name"], "새 이름");
    assert_eq!(after["description"], "테스트 게시판");
    assert_eq!(after["category"], before["category"]);
    assert_eq!(after["anonymousAllowed"], false);
    assert_eq!(after["questionsAllowed"], true);
    assert_eq!(after["retired"], true);
    assert_eq!(after["schoolId"], school);
    let stored = call(&app, &sc, "GET", &format!("/api/boards/{id}"), Some(&s), None).await.json();
    assert_eq!(stored["description"], "테스트 게시판");
    assert_eq!(stored["retired"], true);
    assert_eq!(stored["anonymousAllowed"], false);

    let res = call(&app, &sc, "PATCH", &format!("/api/admin/schools/{school}"), Some(&s), Some(json!({"campus": "세종"}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let body = res.json();
    assert_eq!(body["campus"], "세종");
    assert_eq!(body["domains"], json!([d]));
    let domains: Vec<String> =
        sqlx::query_scalar("SELECT domain FROM school_domains WHERE school_id = ?").bind(school).fetch_all(&state.db).await.unwrap();
    assert_eq!(domains, [d]);
}

fn urlencode(s: &str) -> String {
    minihompy::ui::kit::url_encode(s)
}
