//! 가계부 entries through the REST API: amounts and dates at their limits (no overflow,
//! clear refusals), the category rules (unknown, another book's, the wrong kind, archived;
//! rename, recolour, archive keep the entries), the 30-day trash, and the search.

use super::*;
use minihompy::ledger::model::{MAX_AMOUNT, MAX_OPENING};

#[tokio::test]
async fn ledger_books_amounts_at_the_limits() {
    let (app, state) = api().await;
    let me = Who::new(&app, &state).await;
    let id = new_book(&app, &me, "한도", 0).await["id"].as_u64().unwrap();
    let pay = category(&app, &me, id, "INCOME", "급여").await;
    let food = category(&app, &me, id, "EXPENSE", "식비").await;

    // The largest amount is taken and summed exactly.
    add_ok(&app, &me, id, entry("INCOME", MAX_AMOUNT, pay, "2026-01-25", "보너스")).await;
    assert_eq!(balance(&app, &me, id).await, 10_000_000_000);
    add_ok(&app, &me, id, entry("EXPENSE", MAX_AMOUNT, food, "2026-01-26", "")).await;
    add_ok(&app, &me, id, entry("EXPENSE", MAX_AMOUNT, food, "2026-01-27", "")).await;
    add_ok(&app, &me, id, entry("EXPENSE", 1, food, "2026-01-27", "")).await;
    assert_eq!(balance(&app, &me, id).await, -10_000_000_001);

    // Beyond it, zero and negative: refused with a Korean message on `amount`.
    for bad in [MAX_AMOUNT + 1, 0, -1, -MAX_AMOUNT, i64::MIN, i64::MAX] {
        let res = add(&app, &me, id, entry("EXPENSE", bad, food, "2026-01-27", "")).await;
        let message = refused(&res, "amount");
        assert!(has_hangul(&message), "{message}");
    }
    let res = add(&app, &me, id, entry("EXPENSE", MAX_AMOUNT + 1, food, "2026-01-27", "")).await;
    assert!(refused(&res, "amount").contains("100억"), "{}", res.body);
    let res = add(&app, &me, id, entry("EXPENSE", 0, food, "2026-01-27", "")).await;
    assert!(refused(&res, "amount").contains("1원 이상"), "{}", res.body);

    // A number no i64 holds, or not a whole number: a clear 400, nothing written.
    for raw in ["9223372036854775808", "100000000000000000000000", "1.5", "\"1000\""] {
        let body =
            format!(r#"{{"kind":"EXPENSE","amount":{raw},"categoryId":{food},"method":"CASH","memo":"","occurredOn":"2026-01-27"}}"#);
        let req = axum::http::Request::post(format!("/api/ledger/books/{id}/entries"))
            .header("authorization", format!("Bearer {}", me.m.access))
            .header("content-type", "application/json")
            .body(axum::body::Body::from(body))
            .unwrap();
        let res = send(&app, req).await;
        assert_eq!(res.status, 400, "{raw}: {}", res.body);
        assert_eq!(code(&res), "MALFORMED_JSON", "{}", res.body);
        let message = res.json()["message"].as_str().unwrap().to_owned();
        assert!(message.contains("amount") && has_hangul(&message), "{message}");
    }
    assert_eq!(balance(&app, &me, id).await, -10_000_000_001);

    // An edit is held to the same limits.
    let eid = add_ok(&app, &me, id, entry("EXPENSE", 500, food, "2026-01-28", "")).await;
    let res = me.call(&app, "PUT", &format!("/api/ledger/entries/{eid}"), Some(entry("EXPENSE", -500, food, "2026-01-28", ""))).await;
    refused(&res, "amount");
    let res =
        me.call(&app, "PUT", &format!("/api/ledger/entries/{eid}"), Some(entry("INCOME", MAX_AMOUNT, pay, "2026-01-28", "환불"))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["amount"], MAX_AMOUNT);
    assert_eq!(balance(&app, &me, id).await, -1);

    // Opening balances: ±1조 taken (and summed exactly), beyond refused.
    let rich = new_book(&app, &me, "부자", MAX_OPENING).await;
    assert_eq!(rich["openingBalance"], MAX_OPENING);
    let rich = rich["id"].as_u64().unwrap();
    let rich_pay = category(&app, &me, rich, "INCOME", "급여").await;
    add_ok(&app, &me, rich, entry("INCOME", MAX_AMOUNT, rich_pay, "2026-02-01", "")).await;
    assert_eq!(balance(&app, &me, rich).await, 1_010_000_000_000);
    let poor = new_book(&app, &me, "빚", -MAX_OPENING).await;
    assert_eq!(poor["balance"], -MAX_OPENING);
    for bad in [MAX_OPENING + 1, -MAX_OPENING - 1, i64::MAX, i64::MIN] {
        let res = me.call(&app, "POST", "/api/ledger/books", Some(json!({"name": "너무 많음", "openingBalance": bad}))).await;
        assert!(has_hangul(&refused(&res, "openingBalance")));
        let res = me.call(&app, "PATCH", &format!("/api/ledger/books/{rich}"), Some(json!({"openingBalance": bad}))).await;
        refused(&res, "openingBalance");
    }
    let res = me.call(&app, "PATCH", &format!("/api/ledger/books/{rich}"), Some(json!({"openingBalance": -MAX_OPENING}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["balance"], -MAX_OPENING + MAX_AMOUNT);
}

#[tokio::test]
async fn ledger_books_absurd_dates_and_memos_are_refused() {
    let (app, state) = api().await;
    let me = Who::new(&app, &state).await;
    let id = new_book(&app, &me, "날짜", 0).await["id"].as_u64().unwrap();
    let food = category(&app, &me, id, "EXPENSE", "식비").await;

    for bad in ["1999-12-31", "2100-01-01", "0001-01-01"] {
        let res = add(&app, &me, id, entry("EXPENSE", 1000, food, bad, "")).await;
        let message = refused(&res, "occurredOn");
        assert!(message.contains("2000-01-01"), "{message}");
    }
    for bad in ["2026-02-30", "2026-13-01", "어제", ""] {
        let res = add(&app, &me, id, entry("EXPENSE", 1000, food, bad, "")).await;
        assert_eq!(res.status, 400, "{bad}: {}", res.body);
        assert!(res.json()["message"].as_str().unwrap().contains("occurredOn"), "{}", res.body);
    }
    add_ok(&app, &me, id, entry("EXPENSE", 1000, food, "2000-01-01", "")).await;
    add_ok(&app, &me, id, entry("EXPENSE", 1000, food, "2099-12-31", "")).await;

    // A memo of up to 200 characters (trimmed); more is refused.
    let long = "가".repeat(201);
    refused(&add(&app, &me, id, entry("EXPENSE", 1000, food, "2026-03-03", &long)).await, "memo");
    let res = add(&app, &me, id, entry("EXPENSE", 1000, food, "2026-03-03", &format!("  {}  ", "가".repeat(200)))).await;
    assert_eq!(res.status, 201, "{}", res.body);
    assert_eq!(res.json()["memo"].as_str().unwrap().chars().count(), 200);

    // Several wrong fields come back together.
    let res = add(&app, &me, id, entry("EXPENSE", -3, 0, "1990-01-01", "")).await;
    for field in ["amount", "occurredOn", "categoryId"] {
        refused(&res, field);
    }
    assert_eq!(balance(&app, &me, id).await, -3000);
}

#[tokio::test]
async fn ledger_books_category_rules() {
    let (app, state) = api().await;
    let me = Who::new(&app, &state).await;
    let book = new_book(&app, &me, "분류", 0).await["id"].as_u64().unwrap();
    let other = new_book(&app, &me, "다른 것", 0).await["id"].as_u64().unwrap();
    let food = category(&app, &me, book, "EXPENSE", "식비").await;
    let pay = category(&app, &me, book, "INCOME", "급여").await;
    let other_food = category(&app, &me, other, "EXPENSE", "식비").await;

    // The defaults, each kind in order.
    let res = me.call(&app, "GET", &format!("/api/ledger/books/{book}/categories"), None).await;
    let all = res.json();
    let names: Vec<&str> = all.as_array().unwrap().iter().filter(|c| c["kind"] == "EXPENSE").map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(&names[..4], ["식비", "교통", "쇼핑", "생활용품"]);
    assert!(all.as_array().unwrap().iter().any(|c| c["kind"] == "INCOME" && c["name"] == "용돈"));

    // Unknown, another book's, the wrong kind: refused on categoryId with the reason.
    let res = add(&app, &me, book, entry("EXPENSE", 1000, 987_654_321_000, "2026-03-01", "")).await;
    assert_eq!(refused(&res, "categoryId"), "이 가계부에 없는 분류입니다.");
    let res = add(&app, &me, book, entry("EXPENSE", 1000, other_food, "2026-03-01", "")).await;
    assert_eq!(refused(&res, "categoryId"), "이 가계부에 없는 분류입니다.");
    let res = add(&app, &me, book, entry("EXPENSE", 1000, pay, "2026-03-01", "")).await;
    assert_eq!(refused(&res, "categoryId"), "수입 분류는 지출에 쓸 수 없습니다.");
    let res = add(&app, &me, book, entry("INCOME", 1000, food, "2026-03-01", "")).await;
    assert_eq!(refused(&res, "categoryId"), "지출 분류는 수입에 쓸 수 없습니다.");

    // Adding: a duplicate name (per kind) and a colour off the palette are refused.
    let path = format!("/api/ledger/books/{book}/categories");
    let res = me.call(&app, "POST", &path, Some(json!({"kind": "EXPENSE", "name": " 식비 ", "color": "#f28b82"}))).await;
    assert_eq!(refused(&res, "name"), "같은 이름의 분류가 있습니다.");
    let res = me.call(&app, "POST", &path, Some(json!({"kind": "EXPENSE", "name": "간식", "color": "#123456"}))).await;
    refused(&res, "color");
    let res = me.call(&app, "POST", &path, Some(json!({"kind": "EXPENSE", "name": "", "color": "#f28b82"}))).await;
    refused(&res, "name");
    let res = me.call(&app, "POST", &path, Some(json!({"kind": "EXPENSE", "name": "가".repeat(21), "color": "#f28b82"}))).await;
    refused(&res, "name");
    let res = me.call(&app, "POST", &path, Some(json!({"kind": "INCOME", "name": "식비", "color": "#F28B82"}))).await;
    assert_eq!(res.status, 201, "{}", res.body);
    assert_eq!(res.json()["color"], "#f28b82");
    let res = me.call(&app, "POST", &path, Some(json!({"kind": "EXPENSE", "name": "간식", "color": "#fbbc04"}))).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let snack = res.json()["id"].as_u64().unwrap();

    // Rename, recolour, archive: the entries keep their category and amounts.
    let eid = add_ok(&app, &me, book, entry("EXPENSE", 4_500, snack, "2026-03-02", "붕어빵")).await;
    let cat = |id: u64| format!("/api/ledger/books/{book}/categories/{id}");
    let res = me.call(&app, "PATCH", &cat(snack), Some(json!({"name": "식비"}))).await;
    assert_eq!(refused(&res, "name"), "같은 이름의 분류가 있습니다.");
    let res = me.call(&app, "PATCH", &cat(snack), Some(json!({"name": "군것질", "color": "#9575cd"}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let e = me.call(&app, "GET", &format!("/api/ledger/entries/{eid}"), None).await.json();
    assert_eq!((e["categoryName"].as_str(), e["categoryColor"].as_str()), (Some("군것질"), Some("#9575cd")));
    let res = me.call(&app, "PATCH", &cat(snack), Some(json!({"archived": true}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["archived"], true);
    let e = me.call(&app, "GET", &format!("/api/ledger/entries/{eid}"), None).await.json();
    assert_eq!((e["categoryId"].as_u64(), e["amount"].as_i64()), (Some(snack), Some(4_500)));
    assert_eq!(balance(&app, &me, book).await, -4_500);
    let res = me.call(&app, "GET", &format!("/api/ledger/books/{book}/entries?categoryId={snack}"), None).await;
    assert_eq!(res.json()["total"], 1, "{}", res.body);

    // An archived category takes no new entries; an edit may keep it but not move to it.
    let res = add(&app, &me, book, entry("EXPENSE", 1000, snack, "2026-03-03", "")).await;
    assert_eq!(refused(&res, "categoryId"), "보관된 분류입니다.");
    let res =
        me.call(&app, "PUT", &format!("/api/ledger/entries/{eid}"), Some(entry("EXPENSE", 5_000, snack, "2026-03-02", "붕어빵 2"))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let moved = add_ok(&app, &me, book, entry("EXPENSE", 1000, food, "2026-03-03", "")).await;
    let res = me.call(&app, "PUT", &format!("/api/ledger/entries/{moved}"), Some(entry("EXPENSE", 1000, snack, "2026-03-03", ""))).await;
    assert_eq!(refused(&res, "categoryId"), "보관된 분류입니다.");

    // Brought back, it is offered again.
    let res = me.call(&app, "PATCH", &cat(snack), Some(json!({"archived": false}))).await;
    assert_eq!(res.json()["archived"], false, "{}", res.body);
    add_ok(&app, &me, book, entry("EXPENSE", 1000, snack, "2026-03-03", "")).await;

    // PATCH of a missing category, or of another book's through this one: 404.
    let res = me.call(&app, "PATCH", &cat(987_654_321_000), Some(json!({"name": "없음"}))).await;
    assert_eq!((res.status, code(&res)), (404, "CATEGORY_NOT_FOUND".into()), "{}", res.body);
    let res = me.call(&app, "PATCH", &cat(other_food), Some(json!({"name": "남의 것"}))).await;
    assert_eq!((res.status, code(&res)), (404, "CATEGORY_NOT_FOUND".into()), "{}", res.body);
}

#[tokio::test]
async fn ledger_books_trash_hides_restores_and_expires() {
    let (app, state) = api().await;
    let me = Who::new(&app, &state).await;
    let id = new_book(&app, &me, "휴지통", 1_000).await["id"].as_u64().unwrap();
    let pay = category(&app, &me, id, "INCOME", "급여").await;
    let food = category(&app, &me, id, "EXPENSE", "식비").await;
    add_ok(&app, &me, id, entry("INCOME", 10_000, pay, "2026-04-01", "월급")).await;
    let lunch = add_ok(&app, &me, id, entry("EXPENSE", 3_000, food, "2026-04-02", "점심")).await;
    assert_eq!(balance(&app, &me, id).await, 8_000);

    // Deleted: out of the balance and the list, into the trash.
    let res = me.call(&app, "DELETE", &format!("/api/ledger/entries/{lunch}"), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    assert_eq!(balance(&app, &me, id).await, 11_000);
    let page = me.call(&app, "GET", &format!("/api/ledger/books/{id}/entries"), None).await.json();
    assert_eq!((page["total"].as_u64(), page["expense"].as_i64()), (Some(1), Some(0)), "{page}");
    let trash = me.call(&app, "GET", &format!("/api/ledger/books/{id}/entries?trash=true"), None).await.json();
    assert_eq!(trash["total"], 1, "{trash}");
    assert_eq!(trash["entries"][0]["id"], lunch);
    assert!(trash["entries"][0]["deletedAt"].is_string(), "{trash}");
    // A trashed entry cannot be edited.
    let res = me.call(&app, "PUT", &format!("/api/ledger/entries/{lunch}"), Some(entry("EXPENSE", 1, food, "2026-04-02", ""))).await;
    assert_eq!((res.status, code(&res)), (404, "LEDGER_ENTRY_NOT_FOUND".into()), "{}", res.body);

    // Restored: back in the balance.
    let res = me.call(&app, "POST", &format!("/api/ledger/entries/{lunch}/restore"), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.json()["deletedAt"].is_null());
    assert_eq!(balance(&app, &me, id).await, 8_000);
    let trash = me.call(&app, "GET", &format!("/api/ledger/books/{id}/entries?trash=true"), None).await.json();
    assert_eq!(trash["total"], 0, "{trash}");

    // After 30 days in the trash it cannot come back (and leaves the trash list).
    assert_eq!(me.call(&app, "DELETE", &format!("/api/ledger/entries/{lunch}"), None).await.status, 204);
    sqlx::query("UPDATE ledger_entries SET deleted_at = deleted_at - INTERVAL 31 DAY WHERE id = ?")
        .bind(lunch)
        .execute(&state.db)
        .await
        .unwrap();
    let res = me.call(&app, "POST", &format!("/api/ledger/entries/{lunch}/restore"), None).await;
    assert_eq!((res.status, code(&res)), (410, "RESTORE_EXPIRED".into()), "{}", res.body);
    assert!(has_hangul(res.json()["message"].as_str().unwrap()));
    assert_eq!(balance(&app, &me, id).await, 11_000);
    let trash = me.call(&app, "GET", &format!("/api/ledger/books/{id}/entries?trash=true"), None).await.json();
    assert_eq!(trash["total"], 0, "{trash}");

    // The job's purge removes it for good; a fresher trashed entry stays restorable.
    let fresh = add_ok(&app, &me, id, entry("EXPENSE", 500, food, "2026-04-03", "껌")).await;
    assert_eq!(me.call(&app, "DELETE", &format!("/api/ledger/entries/{fresh}"), None).await.status, 204);
    assert!(minihompy::ledger::purge_old_trash(&state).await.unwrap() >= 1);
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ledger_entries WHERE id IN (?, ?)")
        .bind(lunch)
        .bind(fresh)
        .fetch_one(&state.db)
        .await
        .unwrap();
    assert_eq!(left, 1, "only the entry trashed 31 days ago is purged");
    let res = me.call(&app, "POST", &format!("/api/ledger/entries/{fresh}/restore"), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(balance(&app, &me, id).await, 10_500);
}

#[tokio::test]
async fn ledger_books_search_by_memo_category_amount_and_dates() {
    let (app, state) = api().await;
    let me = Who::new(&app, &state).await;
    let id = new_book(&app, &me, "검색", 0).await["id"].as_u64().unwrap();
    let pay = category(&app, &me, id, "INCOME", "급여").await;
    let food = category(&app, &me, id, "EXPENSE", "식비").await;
    let bus = category(&app, &me, id, "EXPENSE", "교통").await;
    add_ok(&app, &me, id, entry("EXPENSE", 5_000, food, "2026-05-01", "50% 할인 도시락")).await;
    add_ok(&app, &me, id, entry("EXPENSE", 7_000, food, "2026-05-02", "50원 할인 김밥")).await;
    add_ok(&app, &me, id, entry("EXPENSE", 1_450, bus, "2026-05-03", "a_b 버스")).await;
    add_ok(&app, &me, id, entry("EXPENSE", 1_550, bus, "2026-05-04", "axb 버스")).await;
    add_ok(&app, &me, id, entry("INCOME", 3_000_000, pay, "2026-05-25", "5월 월급")).await;
    let url = |q: &str| format!("/api/ledger/books/{id}/entries?{q}");
    let (who, app_ref) = (&me, &app);
    let search = |q: String| async move {
        let res = who.call(app_ref, "GET", &q, None).await;
        assert_eq!(res.status, 200, "{}", res.body);
        res.json()
    };
    let memos = |page: &Value| -> Vec<String> {
        page["entries"].as_array().unwrap().iter().map(|e| e["memo"].as_str().unwrap().to_owned()).collect()
    };

    // % and _ are plain characters in the memo search.
    let page = search(url("q=50%25")).await;
    assert_eq!(memos(&page), ["50% 할인 도시락"]);
    let page = search(url("q=a_b")).await;
    assert_eq!(memos(&page), ["a_b 버스"]);
    let page = search(url("q=%ED%95%A0%EC%9D%B8")).await; // 할인
    assert_eq!(memos(&page), ["50원 할인 김밥", "50% 할인 도시락"]);
    assert_eq!((page["expense"].as_i64(), page["income"].as_i64()), (Some(12_000), Some(0)));

    // Category, kind, amount range, dates; newest first; the sums cover the matches.
    let page = search(url(&format!("categoryId={bus}"))).await;
    assert_eq!(memos(&page), ["axb 버스", "a_b 버스"]);
    let page = search(url("kind=INCOME")).await;
    assert_eq!((page["total"].as_u64(), page["income"].as_i64()), (Some(1), Some(3_000_000)));
    let page = search(url("minAmount=1500&maxAmount=7000")).await;
    assert_eq!(memos(&page), ["axb 버스", "50원 할인 김밥", "50% 할인 도시락"]);
    let page = search(url("from=2026-05-02&to=2026-05-03")).await;
    assert_eq!(memos(&page), ["a_b 버스", "50원 할인 김밥"]);
    let page = search(url(&format!("from=2026-05-01&to=2026-05-31&kind=EXPENSE&categoryId={food}&q=%EB%8F%84%EC%8B%9C%EB%9D%BD"))).await;
    assert_eq!(memos(&page), ["50% 할인 도시락"]);
    let page = search(url("")).await;
    assert_eq!((page["total"].as_u64(), page["income"].as_i64(), page["expense"].as_i64()), (Some(5), Some(3_000_000), Some(15_000)));

    // Nonsense ranges are refused by name.
    refused(&me.call(&app, "GET", &url("from=2026-05-10&to=2026-05-01"), None).await, "to");
    refused(&me.call(&app, "GET", &url("minAmount=100&maxAmount=10"), None).await, "maxAmount");
    let other = new_book(&app, &me, "남의 분류", 0).await["id"].as_u64().unwrap();
    let other_food = category(&app, &me, other, "EXPENSE", "식비").await;
    refused(&me.call(&app, "GET", &url(&format!("categoryId={other_food}")), None).await, "categoryId");
    let res = me.call(&app, "GET", &url("from=2026-02-30"), None).await;
    assert_eq!((res.status, code(&res)), (400, "INVALID_QUERY".into()), "{}", res.body);

    // Pages of 50 (page 0 is the first).
    let many = new_book(&app, &me, "많이", 0).await["id"].as_u64().unwrap();
    let many_food = category(&app, &me, many, "EXPENSE", "식비").await;
    for i in 0..52 {
        add_ok(&app, &me, many, entry("EXPENSE", 100 + i, many_food, "2026-06-01", &format!("{i}"))).await;
    }
    let first = search(format!("/api/ledger/books/{many}/entries?page=0")).await;
    assert_eq!((first["total"].as_u64(), first["pages"].as_u64(), first["page"].as_u64()), (Some(52), Some(2), Some(1)));
    assert_eq!(first["entries"].as_array().unwrap().len(), 50);
    assert_eq!(first["entries"][0]["memo"], "51");
    let second = search(format!("/api/ledger/books/{many}/entries?page=2")).await;
    assert_eq!(memos(&second), ["1", "0"]);
    assert_eq!(second["expense"].as_i64(), Some((0..52).map(|i| 100 + i).sum::<i64>()));
}
