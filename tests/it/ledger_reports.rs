//! 가계부's reports through the REST API: a month's totals, days and balances and the 12-month
//! trend against hand-computed examples; budgets warning at 80% and 100% and carried on
//! until 0; a viewer who changes nothing; recurring rules (recurring.rs) and the CSV export
//! and import (csv_files.rs). Each test makes its own members and books.

use crate::common::*;
use axum::{body::Body, http::Request, Router};
use chrono::NaiveDate;
use minihompy::server::AppState;
use serde_json::{json, Value};
use std::collections::HashMap;

/// The CSV export and import: the round trip, the spellings, refused lines and files.
mod csv_files;
/// Recurring rules: the 31st in February, catch-up, the end date, two app instances racing.
mod recurring;

const HEADER: &str = "날짜,구분,분류,금액,결제수단,메모";

struct Who {
    c: Client,
    m: Member,
}

impl Who {
    async fn new(app: &Router, state: &AppState) -> Who {
        let (c, m) = someone(app, state).await;
        Who { c, m }
    }

    async fn call(&self, app: &Router, method: &str, path: &str, body: Option<Value>) -> Response {
        self.c.call(app, method, path, Some(&self.m.access), body).await
    }

    /// A call that must answer `status`; its JSON (Null for an empty body).
    async fn ok(&self, app: &Router, method: &str, path: &str, body: Option<Value>, status: u16) -> Value {
        let res = self.call(app, method, path, body).await;
        assert_eq!(res.status, status, "{method} {path}: {}", res.body);
        if res.body.is_empty() {
            Value::Null
        } else {
            res.json()
        }
    }

    /// A new book with the default categories: its id and categories by name.
    async fn book(&self, app: &Router, name: &str, opening: i64) -> (u64, HashMap<String, u64>) {
        let book = self.ok(app, "POST", "/api/ledger/books", Some(json!({"name": name, "openingBalance": opening})), 201).await;
        let id = book["id"].as_u64().unwrap();
        (id, self.categories(app, id).await)
    }

    async fn categories(&self, app: &Router, book: u64) -> HashMap<String, u64> {
        let list = self.ok(app, "GET", &format!("/api/ledger/books/{book}/categories"), None, 200).await;
        list.as_array().unwrap().iter().map(|c| (c["name"].as_str().unwrap().to_owned(), c["id"].as_u64().unwrap())).collect()
    }

    /// Writes an entry (kind, amount, category, date, memo) paid by card; returns its id.
    async fn entry(&self, app: &Router, book: u64, e: (&str, i64, u64, &str, &str)) -> u64 {
        self.entry_paid(app, book, e, "CARD").await
    }

    async fn entry_paid(&self, app: &Router, book: u64, e: (&str, i64, u64, &str, &str), method: &str) -> u64 {
        let (kind, amount, category, date, memo) = e;
        let body = json!({"kind": kind, "amount": amount, "categoryId": category, "method": method, "memo": memo, "occurredOn": date});
        self.ok(app, "POST", &format!("/api/ledger/books/{book}/entries"), Some(body), 201).await["id"].as_u64().unwrap()
    }

    async fn month(&self, app: &Router, book: u64, month: &str) -> Value {
        self.ok(app, "GET", &format!("/api/ledger/books/{book}/months/{month}"), None, 200).await
    }

    async fn budget(&self, app: &Router, book: u64, category: u64, month: &str, amount: i64) -> Response {
        self.call(
            app,
            "PUT",
            &format!("/api/ledger/books/{book}/budgets"),
            Some(json!({"categoryId": category, "month": month, "amount": amount})),
        )
        .await
    }

    /// POSTs `body` to the import as it is, with this content type.
    async fn import_raw(&self, app: &Router, book: u64, commit: bool, content_type: &str, body: Vec<u8>) -> Response {
        let req = Request::post(format!("/api/ledger/books/{book}/import?commit={commit}"))
            .header("x-forwarded-for", &self.c.ip)
            .header("authorization", format!("Bearer {}", self.m.access))
            .header("content-type", content_type)
            .body(Body::from(body))
            .unwrap();
        send(app, req).await
    }

    async fn import(&self, app: &Router, book: u64, commit: bool, csv: &str) -> Response {
        self.import_raw(app, book, commit, "text/csv; charset=utf-8", csv.as_bytes().to_vec()).await
    }

    async fn export(&self, app: &Router, book: u64) -> Response {
        let res = self.call(app, "GET", &format!("/api/ledger/books/{book}/export.csv"), None).await;
        assert_eq!(res.status, 200, "{}", res.body);
        res
    }

    async fn rule(&self, app: &Router, book: u64, body: Value) -> Value {
        self.ok(app, "POST", &format!("/api/ledger/books/{book}/recurring"), Some(body), 201).await
    }
}

async fn count(state: &AppState, sql: &str, id: u64) -> i64 {
    sqlx::query_scalar(sql).bind(id).fetch_one(&state.db).await.unwrap()
}

async fn entries_in(state: &AppState, book: u64) -> i64 {
    count(state, "SELECT COUNT(*) FROM ledger_entries WHERE book_id = ?", book).await
}

async fn categories_in(state: &AppState, book: u64) -> i64 {
    count(state, "SELECT COUNT(*) FROM ledger_categories WHERE book_id = ?", book).await
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn field<'a>(err: &'a Value, name: &str) -> &'a str {
    err["fieldErrors"].as_array().unwrap().iter().find(|f| f["field"] == name).and_then(|f| f["message"].as_str()).unwrap_or("")
}

#[tokio::test]
async fn a_month_adds_up_by_day_with_balances_and_the_trend_follows() {
    let (app, state) = api().await;
    let me = Who::new(&app, &state).await;
    let (book, cat) = me.book(&app, "생활비", 100_000).await;
    let (food, traffic, home, pay) = (cat["식비"], cat["교통"], cat["주거"], cat["급여"]);
    me.entry(&app, book, ("INCOME", 50_000, pay, "2026-02-20", "용돈 받음")).await;
    let lunch = me.entry(&app, book, ("EXPENSE", 12_000, food, "2026-03-02", "점심")).await;
    let bus = me.entry(&app, book, ("EXPENSE", 3_000, traffic, "2026-03-02", "버스")).await;
    me.entry(&app, book, ("INCOME", 2_000_000, pay, "2026-03-10", "월급")).await;
    me.entry(&app, book, ("EXPENSE", 8_000, food, "2026-03-10", "저녁")).await;
    let trashed = me.entry(&app, book, ("EXPENSE", 7_777, food, "2026-03-15", "지운 것")).await;
    me.entry(&app, book, ("EXPENSE", 500_000, home, "2026-03-25", "월세")).await;
    me.entry(&app, book, ("EXPENSE", 999, food, "2026-04-01", "다음 달")).await;
    me.ok(&app, "DELETE", &format!("/api/ledger/entries/{trashed}"), None, 204).await;

    let m = me.month(&app, book, "2026-03").await;
    assert_eq!(m["month"], "2026-03");
    // Before March: 100,000 opening + 50,000 income.
    assert_eq!(m["balanceBefore"], 150_000);
    assert_eq!(m["income"], 2_000_000);
    assert_eq!(m["expense"], 12_000 + 3_000 + 8_000 + 500_000);
    assert_eq!(m["net"], 2_000_000 - 523_000);
    assert_eq!(m["balanceAfter"], 150_000 + 1_477_000);
    // The book's balance counts April too, and not the trash.
    assert_eq!(m["book"]["balance"], 100_000 + 2_050_000 - 523_999);

    let days = m["days"].as_array().unwrap();
    let summary: Vec<(&str, i64, i64, i64)> = days
        .iter()
        .map(|d| {
            (d["date"].as_str().unwrap(), d["income"].as_i64().unwrap(), d["expense"].as_i64().unwrap(), d["balance"].as_i64().unwrap())
        })
        .collect();
    assert_eq!(
        summary,
        vec![("2026-03-25", 0, 500_000, 1_627_000), ("2026-03-10", 2_000_000, 8_000, 2_127_000), ("2026-03-02", 0, 15_000, 135_000)]
    );
    let first_day: Vec<u64> = days[2]["entries"].as_array().unwrap().iter().map(|e| e["id"].as_u64().unwrap()).collect();
    assert_eq!(first_day, vec![bus, lunch], "within a day, newest first");
    assert_eq!(days[2]["entries"][0]["categoryName"], "교통");

    // The donut: 500,000 / 20,000 / 3,000 of 523,000 → 956.02‰, 38.24‰, 5.74‰; the largest
    // remainder (교통) takes the missing one.
    let donut: Vec<(&str, i64, u64)> = m["byCategory"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["amount"].as_i64().unwrap(), c["permille"].as_u64().unwrap()))
        .collect();
    assert_eq!(donut, vec![("주거", 500_000, 956), ("식비", 20_000, 38), ("교통", 3_000, 6)]);
    assert_eq!(donut.iter().map(|d| d.2).sum::<u64>(), 1000);
    assert!(m["categories"].as_array().unwrap().len() >= 10);

    // A month without entries still has its balances.
    let may = me.month(&app, book, "2026-05").await;
    assert_eq!((may["balanceBefore"].as_i64(), may["balanceAfter"].as_i64()), (Some(1_626_001), Some(1_626_001)));
    assert!(may["days"].as_array().unwrap().is_empty() && may["byCategory"].as_array().unwrap().is_empty());

    let trend = me.ok(&app, "GET", &format!("/api/ledger/books/{book}/trend?until=2026-04"), None, 200).await;
    let trend = trend.as_array().unwrap();
    assert_eq!(trend.len(), 12);
    assert_eq!((trend[0]["month"].as_str(), trend[0]["balance"].as_i64()), (Some("2025-05"), Some(100_000)));
    let last: Vec<(&str, i64, i64, i64)> = trend[9..]
        .iter()
        .map(|t| {
            (t["month"].as_str().unwrap(), t["income"].as_i64().unwrap(), t["expense"].as_i64().unwrap(), t["balance"].as_i64().unwrap())
        })
        .collect();
    assert_eq!(last, vec![("2026-02", 50_000, 0, 150_000), ("2026-03", 2_000_000, 523_000, 1_627_000), ("2026-04", 0, 999, 1_626_001)]);

    // Bad months, and a stranger.
    let res = me.call(&app, "GET", &format!("/api/ledger/books/{book}/months/2026-13"), None).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert!(!field(&res.json(), "month").is_empty());
    let res = me.call(&app, "GET", &format!("/api/ledger/books/{book}/trend?until=1999-01"), None).await;
    assert_eq!(res.status, 400, "{}", res.body);
    let stranger = Who::new(&app, &state).await;
    for path in [format!("/api/ledger/books/{book}/months/2026-03"), format!("/api/ledger/books/{book}/trend")] {
        let res = stranger.call(&app, "GET", &path, None).await;
        assert_eq!((res.status, res.json()["code"].as_str()), (404, Some("LEDGER_BOOK_NOT_FOUND")), "{path}");
    }
}

#[tokio::test]
async fn sums_at_the_largest_amounts_stay_exact() {
    let (app, state) = api().await;
    let me = Who::new(&app, &state).await;
    let (book, cat) = me.book(&app, "큰 돈", -1_000_000_000_000).await;
    for d in ["2026-06-01", "2026-06-02", "2026-06-03"] {
        me.entry(&app, book, ("INCOME", 10_000_000_000, cat["급여"], d, "")).await;
    }
    me.entry(&app, book, ("EXPENSE", 10_000_000_000, cat["주거"], "2026-06-03", "")).await;
    let m = me.month(&app, book, "2026-06").await;
    assert_eq!(m["income"], 30_000_000_000i64);
    assert_eq!(m["balanceAfter"], -1_000_000_000_000i64 + 20_000_000_000);
    assert_eq!(m["byCategory"][0]["permille"], 1000);
    let res = me.budget(&app, book, cat["주거"], "2026-06", 10_000_000_000).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let m = me.month(&app, book, "2026-06").await;
    assert_eq!((m["budgets"][0]["percent"].as_u64(), m["budgets"][0]["level"].as_str()), (Some(100), Some("OVER")));
}

#[tokio::test]
async fn budgets_warn_at_80_and_100_percent_and_carry_on_until_0() {
    let (app, state) = api().await;
    let me = Who::new(&app, &state).await;
    let (book, cat) = me.book(&app, "예산", 0).await;
    let (food, traffic, shop) = (cat["식비"], cat["교통"], cat["쇼핑"]);
    for (c, amount) in [(food, 100_000), (traffic, 10_000), (shop, 50_000)] {
        let res = me.budget(&app, book, c, "2026-05", amount).await;
        assert_eq!(res.status, 204, "{}", res.body);
    }
    me.entry(&app, book, ("EXPENSE", 79_000, food, "2026-05-03", "장보기")).await;
    me.entry(&app, book, ("EXPENSE", 5_000, traffic, "2026-05-04", "")).await;
    me.entry(&app, book, ("EXPENSE", 3_000, traffic, "2026-05-20", "")).await;
    me.entry(&app, book, ("EXPENSE", 50_000, shop, "2026-05-31", "옷")).await;
    me.entry(&app, book, ("EXPENSE", 99_999, cat["의료"], "2026-05-31", "예산 없음")).await;

    let levels = |m: &Value| -> Vec<(String, i64, i64, u64, String)> {
        m["budgets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["name"].as_str().unwrap().to_owned(),
                    b["budget"].as_i64().unwrap(),
                    b["spent"].as_i64().unwrap(),
                    b["percent"].as_u64().unwrap(),
                    b["level"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let s = |x: &str| x.to_owned();
    assert_eq!(
        levels(&me.month(&app, book, "2026-05").await),
        vec![
            (s("쇼핑"), 50_000, 50_000, 100, s("OVER")),
            (s("교통"), 10_000, 8_000, 80, s("WARNING")),
            (s("식비"), 100_000, 79_000, 79, s("OK")),
        ]
    );
    // Before the month it was set in there is no budget; after it, it carries on.
    assert!(levels(&me.month(&app, book, "2026-04").await).is_empty());
    assert_eq!(
        levels(&me.month(&app, book, "2026-06").await),
        vec![(s("교통"), 10_000, 0, 0, s("OK")), (s("쇼핑"), 50_000, 0, 0, s("OK")), (s("식비"), 100_000, 0, 0, s("OK"))]
    );
    // 0 ends one from July; a new amount from August replaces another; setting a month again overwrites it.
    assert_eq!(me.budget(&app, book, traffic, "2026-07", 0).await.status, 204);
    assert_eq!(me.budget(&app, book, food, "2026-08", 150_000).await.status, 204);
    assert_eq!(me.budget(&app, book, food, "2026-08", 200_000).await.status, 204);
    let names = |l: Vec<(String, i64, i64, u64, String)>| l.into_iter().map(|b| (b.0, b.1)).collect::<Vec<_>>();
    assert_eq!(names(levels(&me.month(&app, book, "2026-06").await)).len(), 3);
    assert_eq!(names(levels(&me.month(&app, book, "2026-07").await)), vec![(s("쇼핑"), 50_000), (s("식비"), 100_000)]);
    assert_eq!(names(levels(&me.month(&app, book, "2027-01").await)), vec![(s("쇼핑"), 50_000), (s("식비"), 200_000)]);

    // Refused: an income category, another book's, negative, too large, a bad month.
    let res = me.budget(&app, book, cat["급여"], "2026-05", 1000).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert!(field(&res.json(), "categoryId").contains("지출"));
    let (other, other_cat) = me.book(&app, "다른 책", 0).await;
    let res = me.budget(&app, book, other_cat["식비"], "2026-05", 1000).await;
    assert_eq!(field(&res.json(), "categoryId"), "이 가계부에 없는 분류입니다.");
    assert!(other != book);
    let res = me.budget(&app, book, food, "2026-05", -1).await;
    assert!(!field(&res.json(), "amount").is_empty(), "{}", res.body);
    let res = me.budget(&app, book, food, "2026-05", 10_000_000_001).await;
    assert!(field(&res.json(), "amount").contains("100억"), "{}", res.body);
    let res = me.budget(&app, book, food, "5월", 1000).await;
    assert!(!field(&res.json(), "month").is_empty(), "{}", res.body);
    let stranger = Who::new(&app, &state).await;
    let res = stranger.budget(&app, book, food, "2026-05", 1000).await;
    assert_eq!(res.status, 404, "{}", res.body);
}

#[tokio::test]
async fn a_viewer_reads_the_reports_and_changes_nothing() {
    let (app, state) = api().await;
    let owner = Who::new(&app, &state).await;
    let viewer = Who::new(&app, &state).await;
    let stranger = Who::new(&app, &state).await;
    become_ilchon(&app, &owner.c, &owner.m, &viewer.c, &viewer.m).await;
    let (book, cat) = owner.book(&app, "보기만", 0).await;
    owner.ok(&app, "PUT", &format!("/api/ledger/books/{book}/members/{}", viewer.m.id), Some(json!({"role": "VIEWER"})), 200).await;
    let rule = owner
        .rule(
            &app,
            book,
            json!({"kind": "EXPENSE", "amount": 1000, "categoryId": cat["통신"], "method": "CARD",
                   "dayOfMonth": 1, "startsOn": "2024-01-01", "endsOn": "2024-02-01"}),
        )
        .await;
    let rule = rule["id"].as_u64().unwrap();
    let csv = format!("{HEADER}\n2026-03-05,지출,식비,1000,카드,");
    let (entries, categories) = (entries_in(&state, book).await, categories_in(&state, book).await);

    let read_only = |res: Response, what: &str| {
        assert_eq!((res.status, res.json()["code"].as_str()), (403, Some("LEDGER_READ_ONLY")), "{what}: {}", res.body);
    };
    read_only(viewer.budget(&app, book, cat["식비"], "2026-03", 1000).await, "budget");
    let body =
        json!({"kind": "EXPENSE", "amount": 1000, "categoryId": cat["통신"], "method": "CARD", "dayOfMonth": 1, "startsOn": "2024-01-01"});
    read_only(viewer.call(&app, "POST", &format!("/api/ledger/books/{book}/recurring"), Some(body)).await, "new rule");
    read_only(viewer.call(&app, "DELETE", &format!("/api/ledger/recurring/{rule}"), None).await, "rule deleted");
    read_only(viewer.import(&app, book, false, &csv).await, "import preview");
    read_only(viewer.import(&app, book, true, &csv).await, "import");
    assert_eq!((entries_in(&state, book).await, categories_in(&state, book).await), (entries, categories), "nothing changed");

    // What the viewer may do: read.
    assert_eq!(viewer.month(&app, book, "2024-01").await["expense"], 1000);
    let list = viewer.ok(&app, "GET", &format!("/api/ledger/books/{book}/recurring"), None, 200).await;
    assert_eq!(list[0]["id"], rule);
    viewer.export(&app, book).await;

    // A stranger sees neither the rules nor a rule by id.
    let res = stranger.call(&app, "GET", &format!("/api/ledger/books/{book}/recurring"), None).await;
    assert_eq!((res.status, res.json()["code"].as_str()), (404, Some("LEDGER_BOOK_NOT_FOUND")), "{}", res.body);
    let res = stranger.call(&app, "DELETE", &format!("/api/ledger/recurring/{rule}"), None).await;
    assert_eq!((res.status, res.json()["code"].as_str()), (404, Some("RECURRING_NOT_FOUND")), "{}", res.body);
    assert_eq!(owner.ok(&app, "GET", &format!("/api/ledger/books/{book}/recurring"), None, 200).await.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_reports_are_in_the_openapi_document() {
    let (app, _) = api().await;
    let doc = get(&app, "/api/openapi.json").await.json();
    for (path, method) in [
        ("/api/ledger/books/{id}/months/{month}", "get"),
        ("/api/ledger/books/{id}/trend", "get"),
        ("/api/ledger/books/{id}/budgets", "put"),
        ("/api/ledger/books/{id}/recurring", "get"),
        ("/api/ledger/books/{id}/recurring", "post"),
        ("/api/ledger/recurring/{id}", "delete"),
        ("/api/ledger/books/{id}/export.csv", "get"),
        ("/api/ledger/books/{id}/import", "post"),
    ] {
        let op = &doc["paths"][path][method];
        assert_eq!(op["tags"], json!(["ledger"]), "{method} {path} undocumented");
    }
    let import = &doc["paths"]["/api/ledger/books/{id}/import"]["post"];
    assert!(import["requestBody"]["content"].get("text/csv").is_some(), "{import}");
    assert!(import["responses"].get("422").is_some());
    assert!(doc["paths"]["/api/ledger/books/{id}/export.csv"]["get"]["responses"]["200"]["content"].get("text/csv").is_some());
    // The ledger's import report is not the timetable's.
    let schemas = &doc["components"]["schemas"];
    assert!(schemas["LedgerImportReport"]["properties"].get("newCategories").is_some());
    assert!(schemas["ImportReport"]["properties"].get("created").is_some());
}
