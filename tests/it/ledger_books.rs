//! 가계부 through the REST API: books and who may do what in them (owner, editor, viewer, a
//! stranger, an ex-일촌), amounts and dates at their limits, the category rules, the trash,
//! the search (entries.rs), and the books limit. Each test makes its own members and books.

use crate::common::*;
use axum::Router;
use minihompy::ledger::model::MAX_BOOKS;
use minihompy::server::AppState;
use serde_json::{json, Value};

/// Amounts and dates at their limits, the category rules, the trash and the search.
mod entries;

/// A member acting through one client.
struct Who {
    c: Client,
    m: Member,
}

impl Who {
    async fn new(app: &Router, state: &AppState) -> Self {
        let (c, m) = someone(app, state).await;
        Who { c, m }
    }

    async fn call(&self, app: &Router, method: &str, path: &str, body: Option<Value>) -> Response {
        self.c.call(app, method, path, Some(&self.m.access), body).await
    }
}

/// Makes a book; returns its JSON.
async fn new_book(app: &Router, who: &Who, name: &str, opening: i64) -> Value {
    let res = who.call(app, "POST", "/api/ledger/books", Some(json!({"name": name, "openingBalance": opening}))).await;
    assert_eq!(res.status, 201, "{}", res.body);
    res.json()
}

/// The id of the book's category of `kind` called `name`.
async fn category(app: &Router, who: &Who, book: u64, kind: &str, name: &str) -> u64 {
    let res = who.call(app, "GET", &format!("/api/ledger/books/{book}/categories"), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let all = res.json();
    let found = all.as_array().unwrap().iter().find(|c| c["kind"] == kind && c["name"] == name);
    found.unwrap_or_else(|| panic!("no {kind} {name} in {all}"))["id"].as_u64().unwrap()
}

fn entry(kind: &str, amount: i64, category: u64, date: &str, memo: &str) -> Value {
    json!({"kind": kind, "amount": amount, "categoryId": category, "method": "CARD", "memo": memo, "occurredOn": date})
}

async fn add(app: &Router, who: &Who, book: u64, body: Value) -> Response {
    who.call(app, "POST", &format!("/api/ledger/books/{book}/entries"), Some(body)).await
}

/// Writes an entry that must be accepted; returns its id.
async fn add_ok(app: &Router, who: &Who, book: u64, body: Value) -> u64 {
    let res = add(app, who, book, body).await;
    assert_eq!(res.status, 201, "{}", res.body);
    res.json()["id"].as_u64().unwrap()
}

async fn balance(app: &Router, who: &Who, book: u64) -> i64 {
    let res = who.call(app, "GET", &format!("/api/ledger/books/{book}"), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()["balance"].as_i64().unwrap()
}

/// Asserts a 400 INVALID_FIELDS naming `field`; returns its message.
fn refused(res: &Response, field: &str) -> String {
    assert_eq!(res.status, 400, "{}", res.body);
    let body = res.json();
    assert_eq!(body["code"], "INVALID_FIELDS", "{body}");
    let fields = body["fieldErrors"].as_array().unwrap();
    let f = fields.iter().find(|f| f["field"] == field).unwrap_or_else(|| panic!("{field} not refused: {body}"));
    f["message"].as_str().unwrap().to_owned()
}

fn has_hangul(s: &str) -> bool {
    s.chars().any(|c| ('가'..='힣').contains(&c))
}

fn code(res: &Response) -> String {
    res.json()["code"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn ledger_books_sharing_viewer_reads_editor_writes_stranger_sees_nothing() {
    let (app, state) = api().await;
    let owner = Who::new(&app, &state).await;
    let editor = Who::new(&app, &state).await;
    let viewer = Who::new(&app, &state).await;
    let stranger = Who::new(&app, &state).await;
    become_ilchon(&app, &owner.c, &owner.m, &editor.c, &editor.m).await;
    become_ilchon(&app, &viewer.c, &viewer.m, &owner.c, &owner.m).await;

    let book = new_book(&app, &owner, "우리집", 0).await;
    let id = book["id"].as_u64().unwrap();
    assert_eq!(book["access"], "OWNER");
    assert_eq!(book["currency"], "KRW");
    let food = category(&app, &owner, id, "EXPENSE", "식비").await;
    let members = |b: u64, u: u64| format!("/api/ledger/books/{b}/members/{u}");

    // Only with 일촌, never with oneself.
    let res = owner.call(&app, "PUT", &members(id, stranger.m.id), Some(json!({"role": "VIEWER"}))).await;
    assert_eq!((res.status, code(&res)), (400, "NOT_ILCHON".into()), "{}", res.body);
    let res = owner.call(&app, "PUT", &members(id, owner.m.id), Some(json!({"role": "EDITOR"}))).await;
    refused(&res, "userId");

    let res = owner.call(&app, "PUT", &members(id, editor.m.id), Some(json!({"role": "VIEWER"}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    // Sharing again changes the role.
    let res = owner.call(&app, "PUT", &members(id, editor.m.id), Some(json!({"role": "EDITOR"}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["role"], "EDITOR");
    let res = owner.call(&app, "PUT", &members(id, viewer.m.id), Some(json!({"role": "VIEWER"}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["nickname"], "길동이");

    // Members see each other's nicknames, never emails.
    let res = viewer.call(&app, "GET", &format!("/api/ledger/books/{id}/members"), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json().as_array().unwrap().len(), 2);
    assert!(!res.body.contains("@example.test"), "{}", res.body);
    assert_eq!(owner.call(&app, "GET", &format!("/api/ledger/books/{id}"), None).await.json()["sharedWith"], 2);

    // The viewer reads but cannot write.
    let res = viewer.call(&app, "GET", &format!("/api/ledger/books/{id}"), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["access"], "VIEWER");
    let res = add(&app, &viewer, id, entry("EXPENSE", 1000, food, "2026-03-01", "몰래")).await;
    assert_eq!((res.status, code(&res)), (403, "LEDGER_READ_ONLY".into()), "{}", res.body);
    let res = viewer
        .call(
            &app,
            "POST",
            &format!("/api/ledger/books/{id}/categories"),
            Some(json!({"kind": "EXPENSE", "name": "몰래", "color": "#f28b82"})),
        )
        .await;
    assert_eq!((res.status, code(&res)), (403, "LEDGER_READ_ONLY".into()), "{}", res.body);
    let res = viewer.call(&app, "PATCH", &format!("/api/ledger/books/{id}/categories/{food}"), Some(json!({"name": "몰래"}))).await;
    assert_eq!((res.status, code(&res)), (403, "LEDGER_READ_ONLY".into()), "{}", res.body);

    // The editor writes entries and categories; everyone on the book reads them.
    let res = editor
        .call(
            &app,
            "POST",
            &format!("/api/ledger/books/{id}/categories"),
            Some(json!({"kind": "EXPENSE", "name": "반려견", "color": "#e6c9a8"})),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let res = add(&app, &editor, id, entry("EXPENSE", 12_000, food, "2026-03-01", "장보기")).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let e = res.json();
    assert_eq!(e["createdByNickname"], "길동이");
    assert_eq!(e["categoryName"], "식비");
    let eid = e["id"].as_u64().unwrap();
    assert_eq!(balance(&app, &owner, id).await, -12_000);
    let res = viewer.call(&app, "GET", &format!("/api/ledger/entries/{eid}"), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = viewer.call(&app, "GET", &format!("/api/ledger/books/{id}/entries"), None).await;
    assert_eq!(res.json()["total"], 1, "{}", res.body);
    let res = viewer.call(&app, "PUT", &format!("/api/ledger/entries/{eid}"), Some(entry("EXPENSE", 1, food, "2026-03-01", ""))).await;
    assert_eq!((res.status, code(&res)), (403, "LEDGER_READ_ONLY".into()), "{}", res.body);
    let res = viewer.call(&app, "DELETE", &format!("/api/ledger/entries/{eid}"), None).await;
    assert_eq!((res.status, code(&res)), (403, "LEDGER_READ_ONLY".into()), "{}", res.body);
    // Nor restore from the trash: the editor trashes and restores.
    let res = editor.call(&app, "DELETE", &format!("/api/ledger/entries/{eid}"), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let res = viewer.call(&app, "POST", &format!("/api/ledger/entries/{eid}/restore"), None).await;
    assert_eq!((res.status, code(&res)), (403, "LEDGER_READ_ONLY".into()), "{}", res.body);
    let res = editor.call(&app, "POST", &format!("/api/ledger/entries/{eid}/restore"), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(balance(&app, &owner, id).await, -12_000);

    // A stranger learns nothing: the book, its entries and an entry by id are all 404.
    let res = stranger.call(&app, "GET", &format!("/api/ledger/books/{id}"), None).await;
    assert_eq!((res.status, code(&res)), (404, "LEDGER_BOOK_NOT_FOUND".into()), "{}", res.body);
    let res = stranger.call(&app, "GET", &format!("/api/ledger/books/{id}/entries"), None).await;
    assert_eq!((res.status, code(&res)), (404, "LEDGER_BOOK_NOT_FOUND".into()), "{}", res.body);
    let res = stranger.call(&app, "GET", &format!("/api/ledger/books/{id}/members"), None).await;
    assert_eq!(res.status, 404, "{}", res.body);
    let res = stranger.call(&app, "GET", &format!("/api/ledger/entries/{eid}"), None).await;
    assert_eq!((res.status, code(&res)), (404, "LEDGER_ENTRY_NOT_FOUND".into()), "{}", res.body);
    let res = stranger.call(&app, "PUT", &format!("/api/ledger/entries/{eid}"), Some(entry("EXPENSE", 1, food, "2026-03-01", ""))).await;
    assert_eq!((res.status, code(&res)), (404, "LEDGER_ENTRY_NOT_FOUND".into()), "{}", res.body);
    let res = stranger.call(&app, "POST", &format!("/api/ledger/entries/{eid}/restore"), None).await;
    assert_eq!((res.status, code(&res)), (404, "LEDGER_ENTRY_NOT_FOUND".into()), "{}", res.body);
    let res = add(&app, &stranger, id, entry("EXPENSE", 1000, food, "2026-03-01", "")).await;
    assert_eq!((res.status, code(&res)), (404, "LEDGER_BOOK_NOT_FOUND".into()), "{}", res.body);
    let res = stranger.call(&app, "GET", "/api/ledger/books", None).await;
    assert_eq!(res.json().as_array().unwrap().len(), 0, "{}", res.body);
    let res = stranger.call(&app, "GET", "/api/ledger/books/99999999999", None).await;
    assert_eq!((res.status, code(&res)), (404, "LEDGER_BOOK_NOT_FOUND".into()), "{}", res.body);

    // Only the owner renames, changes the opening balance, shares, deletes.
    let res = editor.call(&app, "PATCH", &format!("/api/ledger/books/{id}"), Some(json!({"name": "내 것"}))).await;
    assert_eq!((res.status, code(&res)), (403, "FORBIDDEN".into()), "{}", res.body);
    let res = editor.call(&app, "PATCH", &format!("/api/ledger/books/{id}"), Some(json!({"openingBalance": 5}))).await;
    assert_eq!(res.status, 403, "{}", res.body);
    let res = editor.call(&app, "PUT", &members(id, viewer.m.id), Some(json!({"role": "EDITOR"}))).await;
    assert_eq!(res.status, 403, "{}", res.body);
    let res = editor.call(&app, "DELETE", &members(id, viewer.m.id), None).await;
    assert_eq!(res.status, 403, "{}", res.body);
    let res = editor.call(&app, "DELETE", &format!("/api/ledger/books/{id}"), None).await;
    assert_eq!(res.status, 403, "{}", res.body);
    let res = viewer.call(&app, "DELETE", &format!("/api/ledger/books/{id}"), None).await;
    assert_eq!(res.status, 403, "{}", res.body);

    // A member may leave; the owner may not.
    let res = viewer.call(&app, "DELETE", &members(id, viewer.m.id), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let res = viewer.call(&app, "GET", &format!("/api/ledger/books/{id}"), None).await;
    assert_eq!(res.status, 404, "{}", res.body);
    let res = owner.call(&app, "DELETE", &members(id, owner.m.id), None).await;
    refused(&res, "userId");

    // The editor's seat lasts only while the 일촌 does.
    let res = editor.call(&app, "GET", "/api/ledger/books", None).await;
    assert_eq!(res.json().as_array().unwrap().len(), 1, "{}", res.body);
    let res = owner.call(&app, "DELETE", &format!("/api/ilchon/{}", editor.m.id), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let res = editor.call(&app, "GET", &format!("/api/ledger/books/{id}"), None).await;
    assert_eq!((res.status, code(&res)), (404, "LEDGER_BOOK_NOT_FOUND".into()), "{}", res.body);
    let res = add(&app, &editor, id, entry("EXPENSE", 1000, food, "2026-03-01", "")).await;
    assert_eq!(res.status, 404, "{}", res.body);
    let res = editor.call(&app, "GET", &format!("/api/ledger/entries/{eid}"), None).await;
    assert_eq!(res.status, 404, "{}", res.body);
    let res = editor.call(&app, "GET", "/api/ledger/books", None).await;
    assert_eq!(res.json().as_array().unwrap().len(), 0, "{}", res.body);
    let res = owner.call(&app, "GET", &format!("/api/ledger/books/{id}/members"), None).await;
    assert_eq!(res.json().as_array().unwrap().len(), 0, "{}", res.body);
    assert_eq!(owner.call(&app, "GET", "/api/ledger/books", None).await.json()[0]["sharedWith"], 0);

    // The owner renames and deletes (everything in it goes).
    let res = owner.call(&app, "PATCH", &format!("/api/ledger/books/{id}"), Some(json!({"name": "  새 이름  "}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["name"], "새 이름");
    let res = owner.call(&app, "DELETE", &format!("/api/ledger/books/{id}"), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    assert_eq!(owner.call(&app, "GET", &format!("/api/ledger/books/{id}"), None).await.status, 404);
    assert_eq!(owner.call(&app, "GET", &format!("/api/ledger/entries/{eid}"), None).await.status, 404);
}

#[tokio::test]
async fn ledger_books_limit_and_book_fields() {
    let (app, state) = api().await;
    let me = Who::new(&app, &state).await;

    let res = me.call(&app, "POST", "/api/ledger/books", Some(json!({"name": "달러", "currency": "USD"}))).await;
    assert_eq!(refused(&res, "currency"), "지금은 원화(KRW) 가계부만 만들 수 있습니다.");
    refused(&me.call(&app, "POST", "/api/ledger/books", Some(json!({"name": "   "}))).await, "name");
    refused(&me.call(&app, "POST", "/api/ledger/books", Some(json!({"name": "가".repeat(41)}))).await, "name");
    let res = me.call(&app, "POST", "/api/ledger/books", Some(json!({"name": "원화", "currency": "KRW"}))).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let first = res.json();
    assert_eq!((first["balance"].as_i64(), first["sharedWith"].as_u64()), (Some(0), Some(0)));
    let res = me.call(&app, "GET", &format!("/api/ledger/books/{}/categories", first["id"]), None).await;
    assert!(res.json().as_array().unwrap().len() >= 10, "{}", res.body);

    for i in 1..MAX_BOOKS {
        new_book(&app, &me, &format!("가계부 {i}"), 0).await;
    }
    let res = me.call(&app, "POST", "/api/ledger/books", Some(json!({"name": "하나 더"}))).await;
    assert_eq!((res.status, code(&res)), (409, "LEDGER_LIMIT_REACHED".into()), "{}", res.body);
    let list = me.call(&app, "GET", "/api/ledger/books", None).await.json();
    assert_eq!(list.as_array().unwrap().len(), MAX_BOOKS);
    assert_eq!(list[0]["name"], "원화");

    // Deleting one makes room again.
    let res = me.call(&app, "DELETE", &format!("/api/ledger/books/{}", first["id"]), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    new_book(&app, &me, "하나 더", 0).await;
}

#[tokio::test]
async fn ledger_books_rest_is_in_the_openapi_document() {
    let (app, _) = api().await;
    let res = get(&app, "/api/openapi.json").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let doc = res.json();
    let ops: [(&str, &[&str]); 9] = [
        ("/api/ledger/books", &["get", "post"]),
        ("/api/ledger/books/{id}", &["get", "patch", "delete"]),
        ("/api/ledger/books/{id}/members", &["get"]),
        ("/api/ledger/books/{id}/members/{userId}", &["put", "delete"]),
        ("/api/ledger/books/{id}/categories", &["get", "post"]),
        ("/api/ledger/books/{id}/categories/{categoryId}", &["patch"]),
        ("/api/ledger/books/{id}/entries", &["get", "post"]),
        ("/api/ledger/entries/{id}", &["get", "put", "delete"]),
        ("/api/ledger/entries/{id}/restore", &["post"]),
    ];
    for (path, methods) in ops {
        for method in methods {
            let op = &doc["paths"][path][method];
            assert_eq!(op["tags"][0], "ledger", "{method} {path}: {op}");
        }
    }
    for schema in ["Book", "Entry", "EntryInput", "EntryPage", "Category", "BookMember"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "no schema {schema}");
    }
}
