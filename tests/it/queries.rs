//! How many SQL statements a page costs. sqlx reports every statement it runs as a
//! `sqlx::query` tracing event; a layer installed for this test process (cargo-nextest
//! runs each test in its own process) records their text, so a test can render a page and
//! see each statement it ran.

use crate::common::*;
use std::sync::{Mutex, OnceLock};
use tracing_subscriber::{layer::SubscriberExt, Layer};

static STATEMENTS: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Recorder;

#[derive(Default)]
struct Sql(String);

impl tracing::field::Visit for Sql {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        // `summary` is the first line; `db.statement` the whole text when it is longer.
        if field.name() == "db.statement" && !value.trim().is_empty() || field.name() == "summary" && self.0.is_empty() {
            self.0 = value.split_whitespace().collect::<Vec<_>>().join(" ");
        }
    }
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "summary" && self.0.is_empty() {
            self.0 = format!("{value:?}");
        }
    }
}

impl<S: tracing::Subscriber> Layer<S> for Recorder {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            let mut sql = Sql::default();
            event.record(&mut sql);
            STATEMENTS.lock().unwrap().push(sql.0);
        }
    }
}

/// Starts recording (once per process) and forgets what was recorded so far.
fn record() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        tracing::subscriber::set_global_default(tracing_subscriber::registry().with(Recorder)).expect("one subscriber per test process");
    });
    STATEMENTS.lock().unwrap().clear();
}

fn recorded() -> Vec<String> {
    std::mem::take(&mut *STATEMENTS.lock().unwrap())
}

/// The statements that ran more than once, with how often.
fn repeated(statements: &[String]) -> Vec<(String, usize)> {
    let mut seen: Vec<(String, usize)> = vec![];
    for s in statements {
        match seen.iter_mut().find(|(t, _)| t == s) {
            Some((_, n)) => *n += 1,
            None => seen.push((s.clone(), 1)),
        }
    }
    seen.into_iter().filter(|(_, n)| *n > 1).collect()
}

/// The values of the resources a server-rendered page carries for hydration
/// (`__RESOLVED_RESOURCES[n] = "…"`), leaving out the small ones (`{"Ok":0}`, flags).
fn resources(html: &str) -> Vec<String> {
    let mut out = vec![];
    for part in html.split("__RESOLVED_RESOURCES[").skip(1) {
        let Some((_, rest)) = part.split_once("] = \"") else { continue };
        let mut value = String::new();
        let mut chars = rest.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => value.extend(chars.next().map(|n| ['\\', n]).into_iter().flatten()),
                '"' => break,
                c => value.push(c),
            }
        }
        if value.len() > 24 {
            out.push(value);
        }
    }
    out
}

#[tokio::test]
async fn a_homepage_and_each_tab_run_every_statement_once() {
    let (app, state) = api().await;
    let (ca, a) = someone(&app, &state).await;
    let (cb, b) = someone(&app, &state).await;
    // Something on every tab.
    for (path, body) in [
        (
            format!("/api/hompy/{}/diary", a.id),
            serde_json::json!({"entryDate": "2026-03-01", "title": "일기", "body": "내용", "visibility": "PUBLIC"}),
        ),
        (format!("/api/hompy/{}/guestbook", a.id), serde_json::json!({"body": "방명록"})),
    ] {
        let who = if path.ends_with("guestbook") { (&cb, &b) } else { (&ca, &a) };
        let res = who.0.call(&app, "POST", &path, Some(&who.1.access), Some(body)).await;
        assert!(res.status < 300, "{path}: {}", res.body);
    }
    let tabs = ["", "/profile", "/diary", "/photos", "/guestbook"];
    for (viewer, label) in [(None, "guest"), (Some(&b), "member")] {
        for tab in tabs {
            let path = format!("/hompy/{}{tab}", a.id);
            let mut req = ca.request("GET", &path, None, None);
            if let Some(m) = viewer {
                req.headers_mut().insert("cookie", format!("accessToken={}", m.access).parse().unwrap());
            }
            record();
            let res = send(&app, req).await;
            // A new pooled connection sets its session first: that is not the page's query.
            let statements: Vec<String> = recorded().into_iter().filter(|s| !s.starts_with("SET ")).collect();
            assert_eq!(res.status, 200, "{label} {path}");
            assert!(!statements.is_empty(), "{label} {path}: no statement recorded");
            eprintln!("{label} {path}: {} statements", statements.len());
            let twice = repeated(&statements);
            assert!(twice.is_empty(), "{label} {path}: {} statements, these more than once: {twice:#?}", statements.len());
            let written = resources(&res.body);
            if viewer.is_none() && tab.is_empty() {
                // A guest's 홈 tab is an islands page (docs/design/islands.md): nothing hydrates
                // from the resources, so none is written; the page itself holds the frame.
                assert!(written.is_empty(), "{label} {path}: an islands page carries resources: {written:#?}");
                assert!(res.body.contains("<leptos-island"), "{label} {path}: no island in the page");
                assert!(res.body.contains("hompy-title"), "{label} {path}: the frame is not in the page");
                continue;
            }
            // What the page's resources loaded is written into it once for the browser to
            // hydrate from: the frame and the tab's data, each once (a tab's resource made
            // inside the frame's Suspense was made, and written, twice).
            assert!(written.iter().any(|r| r.contains("\\\"summary\\\"")), "{label} {path}: the frame is not in the page: {written:#?}");
            assert!(written.len() >= 2, "{label} {path}: the tab's data is not in the page: {written:#?}");
            let twice = repeated(&written);
            assert!(twice.is_empty(), "{label} {path}: resources written more than once: {twice:#?}");
        }
    }
}

/// The top bar on every signed-in page: three areas' counts (일촌 requests waiting, 도토리,
/// unread 쪽지 and notices), each right, read in the statement that reads the signed-in
/// member: on the landing page and a homepage rendered on the server (the top bar is the
/// first to ask who is signed in), and when the browser asks again (the server function).
#[tokio::test]
async fn the_top_bar_reads_its_counts_in_one_statement() {
    let (app, state) = api().await;
    let (ca, a) = someone(&app, &state).await;
    let (cb, b) = someone(&app, &state).await;
    let (cs, staff) = someone(&app, &state).await;
    make_role(&state, staff.id, "ADMIN").await;
    let ask = serde_json::json!({"toId": b.id, "fromName": "친구", "toName": "친구"});
    let res = ca.call(&app, "POST", "/api/ilchon/requests", Some(&a.access), Some(ask)).await;
    assert!(res.status < 300, "{}", res.body);
    let grant = serde_json::json!({"userId": b.id, "amount": 37, "reason": "테스트 지급"});
    let res = cs.call(&app, "POST", "/api/admin/shop/adjustments", Some(&staff.access), Some(grant)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    for text in ["알림 하나", "알림 둘"] {
        sqlx::query("INSERT INTO board_notices (user_id, text) VALUES (?, ?)").bind(b.id).bind(text).execute(&state.db).await.unwrap();
    }

    let mut req = cb.request("GET", "/", None, None);
    req.headers_mut().insert("cookie", format!("accessToken={}", b.access).parse().unwrap());
    record();
    let res = send(&app, req).await;
    assert_eq!(res.status, 200);
    let statements = recorded();
    let counts: Vec<&String> = statements
        .iter()
        .filter(|s| s.contains("ilchon_requests") || s.contains("dotori_wallets") || s.contains("board_notices"))
        .collect();
    assert_eq!(counts.len(), 1, "the three counts in one statement: {counts:#?}");
    for table in ["ilchon_requests", "dotori_wallets", "board_notices", "board_note_threads"] {
        assert!(counts[0].contains(table), "{table} missing from {}", counts[0]);
    }
    let member_reads: Vec<&String> = statements.iter().filter(|s| s.contains("FROM users WHERE id = ?")).collect();
    assert_eq!(member_reads, counts, "the member and the counts in one statement: {statements:#?}");
    let page = res.body.replace("<!>", "");
    assert!(page.contains("새 일촌 신청 1건"), "pending request badge: {page}");
    assert!(page.contains(r#"data-testid="dotori-balance" class="dotori-count">37<"#), "도토리: {page}");
    assert!(page.contains(r#"data-testid="notes-unread" class="badge">2<"#), "notices: {page}");

    // A homepage (its frame and tab also ask who is signed in), and the browser asking again
    // (the server function): the member and the counts still in one statement.
    let home = format!("/hompy/{}", a.id);
    for via in ["page", "server function"] {
        use leptos::server_fn::ServerFn;
        record();
        let res = if via == "page" {
            let mut req = cb.request("GET", &home, None, None);
            req.headers_mut().insert("cookie", format!("accessToken={}", b.access).parse().unwrap());
            send(&app, req).await
        } else {
            cb.server_fn(&app, minihompy::ui::shell::TopBar::PATH, &[], Some(&b.access)).await
        };
        assert_eq!(res.status, 200, "{via}: {}", res.body);
        let statements = recorded();
        let member_reads: Vec<&String> = statements.iter().filter(|s| s.contains("FROM users WHERE id = ?")).collect();
        assert_eq!(member_reads.len(), 1, "{via}: {statements:#?}");
        assert!(member_reads[0].contains("dotori_wallets"), "{via}: the counts with the member: {}", member_reads[0]);
        assert_eq!(statements.iter().filter(|s| s.contains("dotori_wallets")).count(), 1, "{via}: {statements:#?}");
        if via == "page" {
            assert!(res.body.replace("<!>", "").contains(r#"data-testid="dotori-balance" class="dotori-count">37<"#), "{via}");
        } else {
            let bar = res.json();
            assert_eq!((bar["pending"].as_i64(), bar["dotori"].as_i64(), bar["notes"].as_i64()), (Some(1), Some(37), Some(2)), "{bar}");
            assert_eq!(bar["user"]["id"].as_u64(), Some(b.id), "{bar}");
        }
    }

    // A guest's page asks for none of them.
    record();
    let res = send(&app, ca.request("GET", "/", None, None)).await;
    assert_eq!(res.status, 200);
    assert!(!recorded().iter().any(|s| s.contains("dotori_wallets")), "a guest's top bar counts nothing");
}
