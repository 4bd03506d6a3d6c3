//! 커뮤니티 쪽지, reports and moderation through the REST API: anonymous threads that carry
//! no trace of either side, named threads, unread counts, delete-for-me, blocks, the report
//! threshold that holds a post, the staff's queue (the one place a writer is shown), hide /
//! dismiss / suspend with their audit rows and notices.

use crate::common::*;
use axum::Router;
use minihompy::server::AppState;
use serde_json::{json, Value};

async fn call(app: &Router, c: &Client, method: &str, path: &str, who: Option<&Member>, body: Option<Value>) -> Response {
    c.call(app, method, path, who.map(|m| m.access.as_str()), body).await
}

/// A member with a nickname no one else has.
struct Person {
    c: Client,
    m: Member,
    nick: String,
}

async fn person(app: &Router, state: &AppState) -> Person {
    let (c, m) = someone(app, state).await;
    let nick = format!("닉{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    sqlx::query("UPDATE users SET nickname = ? WHERE id = ?").bind(&nick).bind(m.id).execute(&state.db).await.unwrap();
    Person { c, m, nick }
}

/// A school of its own with one board: (school id, board id).
async fn school(state: &AppState) -> (u64, u64) {
    let school = sqlx::query("INSERT INTO schools (name, campus) VALUES (?, '')")
        .bind(unique("학교"))
        .execute(&state.db)
        .await
        .unwrap()
        .last_insert_id();
    let board = sqlx::query("INSERT INTO boards (school_id, category, name) VALUES (?, 'FREE', '자유게시판')")
        .bind(school)
        .execute(&state.db)
        .await
        .unwrap()
        .last_insert_id();
    (school, board)
}

async fn join(state: &AppState, user: u64, school: u64) {
    sqlx::query("INSERT INTO school_members (user_id, school_id, admission_year, verified_by) VALUES (?, ?, 2023, 'APPROVAL')")
        .bind(user)
        .bind(school)
        .execute(&state.db)
        .await
        .unwrap();
}

/// A member of the school.
async fn member_of(app: &Router, state: &AppState, school: u64) -> Person {
    let p = person(app, state).await;
    join(state, p.m.id, school).await;
    p
}

async fn post(state: &AppState, school: u64, board: u64, author: u64, anonymous: bool, title: &str) -> u64 {
    sqlx::query("INSERT INTO board_posts (board_id, school_id, author_id, anonymous, title, body) VALUES (?, ?, ?, ?, ?, '본문입니다')")
        .bind(board)
        .bind(school)
        .bind(author)
        .bind(anonymous)
        .bind(title)
        .execute(&state.db)
        .await
        .unwrap()
        .last_insert_id()
}

async fn comment(state: &AppState, post: u64, author: u64, anonymous: bool) -> u64 {
    sqlx::query("INSERT INTO board_comments (post_id, author_id, anonymous, anon_number, body) VALUES (?, ?, ?, ?, '댓글입니다')")
        .bind(post)
        .bind(author)
        .bind(anonymous)
        .bind(if anonymous { Some(1u32) } else { None })
        .execute(&state.db)
        .await
        .unwrap()
        .last_insert_id()
}

/// A comment through REST (so its 익명 number and the post's comment count are real).
async fn rest_comment(app: &Router, p: &Person, post: u64, anonymous: bool, body: &str) -> u64 {
    let res =
        call(app, &p.c, "POST", &format!("/api/posts/{post}/comments"), Some(&p.m), Some(json!({"body": body, "anonymous": anonymous})))
            .await;
    assert_eq!(res.status, 201, "{}", res.body);
    res.json()["id"].as_u64().unwrap()
}

async fn note_comment(app: &Router, p: &Person, comment: u64, body: &str) -> u64 {
    let res = call(app, &p.c, "POST", &format!("/api/community/comments/{comment}/notes"), Some(&p.m), Some(json!({"body": body}))).await;
    assert_eq!(res.status, 201, "{}", res.body);
    res.json()["threadId"].as_u64().unwrap()
}

async fn comment_count(app: &Router, p: &Person, post: u64) -> u64 {
    let res = call(app, &p.c, "GET", &format!("/api/posts/{post}"), Some(&p.m), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()["commentCount"].as_u64().unwrap()
}

async fn notice_count(state: &AppState, user: u64) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM board_notices WHERE user_id = ?").bind(user).fetch_one(&state.db).await.unwrap()
}

async fn suspended_hours(state: &AppState, user: u64) -> i64 {
    let until: Option<chrono::NaiveDateTime> =
        sqlx::query_scalar("SELECT suspended_until FROM school_members WHERE user_id = ?").bind(user).fetch_one(&state.db).await.unwrap();
    (until.expect("suspended") - chrono::Utc::now().naive_utc()).num_hours()
}

async fn post_status(state: &AppState, post: u64) -> String {
    sqlx::query_scalar("SELECT CAST(status AS CHAR) FROM board_posts WHERE id = ?").bind(post).fetch_one(&state.db).await.unwrap()
}

async fn start(app: &Router, p: &Person, post: u64, body: &str) -> u64 {
    let res = call(app, &p.c, "POST", &format!("/api/posts/{post}/notes"), Some(&p.m), Some(json!({"body": body}))).await;
    assert_eq!(res.status, 201, "{}", res.body);
    res.json()["threadId"].as_u64().unwrap()
}

async fn reply(app: &Router, p: &Person, thread: u64, body: &str) -> Response {
    call(app, &p.c, "POST", &format!("/api/notes/{thread}"), Some(&p.m), Some(json!({"body": body}))).await
}

async fn threads(app: &Router, p: &Person) -> Response {
    let res = call(app, &p.c, "GET", "/api/notes", Some(&p.m), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res
}

async fn open(app: &Router, p: &Person, thread: u64) -> Response {
    let res = call(app, &p.c, "GET", &format!("/api/notes/{thread}"), Some(&p.m), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res
}

async fn unread(app: &Router, p: &Person) -> u64 {
    let res = call(app, &p.c, "GET", "/api/notes/unread", Some(&p.m), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()["count"].as_u64().unwrap()
}

fn find_thread(list: &Value, thread: u64) -> Option<Value> {
    list.as_array().unwrap().iter().find(|t| t["id"].as_u64() == Some(thread)).cloned()
}

async fn report(app: &Router, p: &Person, kind: &str, id: u64) -> Response {
    call(
        app,
        &p.c,
        "POST",
        "/api/reports",
        Some(&p.m),
        Some(json!({"targetKind": kind, "targetId": id, "reason": "ABUSE", "detail": "심한 욕설"})),
    )
    .await
}

async fn staff(app: &Router, state: &AppState) -> Person {
    let p = person(app, state).await;
    make_role(state, p.m.id, "STAFF").await;
    p
}

async fn decide(app: &Router, s: &Person, input: Value) -> Response {
    call(app, &s.c, "POST", "/api/admin/reports/decide", Some(&s.m), Some(input)).await
}

/// Walks a note response: only the fields of NoteThread / Note / NoteThreadView, no
/// string naming either member, and no number outside `id`, `postId` (the post's) and
/// `unread` that is a member's id.
fn assert_no_trace(body: &str, people: &[&Person], post: u64) {
    for p in people {
        assert!(!body.contains(&p.nick), "{} leaks in {body}", p.nick);
        assert!(!body.contains(&p.m.email), "an email leaks in {body}");
    }
    fn walk(v: &Value, key: &str, people: &[&Person], post: u64) {
        const ALLOWED: &[&str] = &[
            "",
            "id",
            "other",
            "anonymous",
            "postId",
            "postTitle",
            "lastText",
            "unread",
            "blocked",
            "blockedByMe",
            "updatedAt",
            "thread",
            "notes",
            "mine",
            "body",
            "createdAt",
        ];
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    assert!(ALLOWED.contains(&k.as_str()), "unexpected field {k}");
                    walk(v, k, people, post);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, key, people, post)),
            Value::Number(n) => {
                let n = n.as_u64().unwrap();
                match key {
                    "postId" => assert_eq!(n, post),
                    // The thread's and its notes' own ids.
                    "unread" | "id" => {}
                    _ => assert!(!people.iter().any(|p| p.m.id == n), "a member's id under {key}"),
                }
            }
            Value::String(s) => {
                assert!(!people.iter().any(|p| s == &p.m.id.to_string()), "a member's id as text under {key}");
            }
            _ => {}
        }
    }
    let v: Value = serde_json::from_str(body).unwrap();
    walk(&v, "", people, post);
}

#[tokio::test]
async fn anonymous_notes_carry_no_trace_of_either_side() {
    let (app, state) = api().await;
    let (school_id, board) = school(&state).await;
    let a = member_of(&app, &state, school_id).await;
    let b = member_of(&app, &state, school_id).await;
    let title = unique("익명 고민");
    let p = post(&state, school_id, board, a.m.id, true, &title).await;

    let t = start(&app, &b, p, "안녕하세요, 글 보고 연락드려요").await;
    // The same place reuses the thread.
    assert_eq!(start(&app, &b, p, "하나 더요").await, t);

    let list = threads(&app, &a).await;
    assert_no_trace(&list.body, &[&a, &b], p);
    let th = find_thread(&list.json(), t).expect("the writer sees the thread");
    assert_eq!(th["other"], "익명");
    assert_eq!(th["anonymous"], true);
    assert_eq!(th["postId"], p);
    assert_eq!(th["postTitle"], title.as_str());
    assert_eq!(th["unread"], 2);
    assert_eq!(th["lastText"], "하나 더요");

    let view = open(&app, &a, t).await;
    assert_no_trace(&view.body, &[&a, &b], p);
    let v = view.json();
    assert_eq!(v["thread"]["other"], "익명");
    let notes = v["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 2);
    assert!(notes.iter().all(|n| n["mine"] == false));

    let res = reply(&app, &a, t, "네 무슨 일이세요?").await;
    assert_eq!(res.status, 201, "{}", res.body);
    assert_no_trace(&res.body, &[&a, &b], p);
    assert_eq!(res.json()["mine"], true);

    let list = threads(&app, &b).await;
    assert_no_trace(&list.body, &[&a, &b], p);
    let th = find_thread(&list.json(), t).expect("the starter sees the thread");
    assert_eq!(th["other"], "익명");
    assert_eq!(th["unread"], 1);
    let view = open(&app, &b, t).await;
    assert_no_trace(&view.body, &[&a, &b], p);
    let v = view.json();
    let notes = v["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 3);
    assert_eq!(notes.iter().map(|n| n["mine"].as_bool().unwrap()).collect::<Vec<_>>(), vec![true, true, false]);
    assert_eq!(notes[2]["body"], "네 무슨 일이세요?");

    // Nobody else sees the thread; the writer cannot note their own post; other schools are refused.
    let c = member_of(&app, &state, school_id).await;
    let res = call(&app, &c.c, "GET", &format!("/api/notes/{t}"), Some(&c.m), None).await;
    assert_eq!(res.status, 404, "{}", res.body);
    assert_eq!(res.json()["code"], "NOTE_THREAD_NOT_FOUND");
    let res = reply(&app, &c, t, "끼어들기").await;
    assert_eq!(res.status, 404, "{}", res.body);
    let res = call(&app, &a.c, "POST", &format!("/api/posts/{p}/notes"), Some(&a.m), Some(json!({"body": "나에게"}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["code"], "NOTE_SELF");
    assert!(!res.body.contains(&a.nick));
    let (other_school, _) = school(&state).await;
    let d = member_of(&app, &state, other_school).await;
    let res = call(&app, &d.c, "POST", &format!("/api/posts/{p}/notes"), Some(&d.m), Some(json!({"body": "다른 학교"}))).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(res.json()["code"], "NOT_SCHOOL_MEMBER");
    let res = call(&app, &c.c, "POST", &format!("/api/posts/{p}/notes"), Some(&c.m), Some(json!({"body": ""}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["code"], "INVALID_FIELDS");
    let res = call(&app, &c.c, "GET", "/api/notes", None, None).await;
    assert_eq!(res.status, 401, "{}", res.body);
}

#[tokio::test]
async fn named_threads_show_the_nickname_and_comment_threads_follow_the_comment() {
    let (app, state) = api().await;
    let (school_id, board) = school(&state).await;
    let a = member_of(&app, &state, school_id).await;
    let b = member_of(&app, &state, school_id).await;
    let p = post(&state, school_id, board, a.m.id, false, "실명 글").await;

    let t = start(&app, &b, p, "실명 쪽지").await;
    let th = find_thread(&threads(&app, &a).await.json(), t).unwrap();
    assert_eq!(th["other"], b.nick.as_str());
    assert_eq!(th["anonymous"], false);
    let th = find_thread(&threads(&app, &b).await.json(), t).unwrap();
    assert_eq!(th["other"], a.nick.as_str());

    // B's named comment; D never wrote anonymously in the post: D's note to it is named.
    let named = rest_comment(&app, &b, p, false, "실명 댓글").await;
    let d = member_of(&app, &state, school_id).await;
    let res =
        call(&app, &d.c, "POST", &format!("/api/community/comments/{named}/notes"), Some(&d.m), Some(json!({"body": "실명 댓글 보고"})))
            .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let td = res.json()["threadId"].as_u64().unwrap();
    let th = find_thread(&threads(&app, &b).await.json(), td).unwrap();
    assert_eq!(th["other"], d.nick.as_str());
    assert_eq!(th["anonymous"], false);
    let th = find_thread(&threads(&app, &d).await.json(), td).unwrap();
    assert_eq!(th["other"], b.nick.as_str());

    // B's anonymous comment on A's named post: A's note to it is anonymous on both sides.
    let cm = comment(&state, p, b.m.id, true).await;
    let res =
        call(&app, &a.c, "POST", &format!("/api/community/comments/{cm}/notes"), Some(&a.m), Some(json!({"body": "댓글 보고 연락해요"})))
            .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let t2 = res.json()["threadId"].as_u64().unwrap();
    assert_ne!(t2, t);
    let list = threads(&app, &b).await;
    let th = find_thread(&list.json(), t2).unwrap();
    assert_eq!(th["other"], "익명");
    assert_eq!(th["anonymous"], true);
    let view = open(&app, &b, t2).await;
    assert_no_trace(&view.body, &[&a, &b], p);
    let view = open(&app, &a, t2).await;
    assert_no_trace(&view.body, &[&a, &b], p);

    // Deleted content takes no notes.
    sqlx::query("UPDATE board_comments SET status = 'DELETED' WHERE id = ?").bind(cm).execute(&state.db).await.unwrap();
    let res = call(&app, &a.c, "POST", &format!("/api/community/comments/{cm}/notes"), Some(&a.m), Some(json!({"body": "또"}))).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(res.json()["code"], "CONTENT_GONE");
}

#[tokio::test]
async fn unread_counts_and_delete_for_me() {
    let (app, state) = api().await;
    let (school_id, board) = school(&state).await;
    let a = member_of(&app, &state, school_id).await;
    let b = member_of(&app, &state, school_id).await;
    let p = post(&state, school_id, board, a.m.id, true, "읽음 테스트").await;

    assert_eq!(unread(&app, &a).await, 0);
    let t = start(&app, &b, p, "첫 쪽지").await;
    start(&app, &b, p, "두 번째").await;
    assert_eq!(unread(&app, &a).await, 2);
    assert_eq!(unread(&app, &b).await, 0, "my own notes are read");
    open(&app, &a, t).await;
    assert_eq!(unread(&app, &a).await, 0);
    assert_eq!(find_thread(&threads(&app, &a).await.json(), t).unwrap()["unread"], 0);

    assert_eq!(reply(&app, &a, t, "답장").await.status, 201);
    assert_eq!(unread(&app, &b).await, 1);

    // B deletes the thread for themself: gone from B's list and count, A keeps it.
    let res = call(&app, &b.c, "DELETE", &format!("/api/notes/{t}"), Some(&b.m), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    assert!(find_thread(&threads(&app, &b).await.json(), t).is_none());
    assert_eq!(unread(&app, &b).await, 0);
    assert!(find_thread(&threads(&app, &a).await.json(), t).is_some());
    assert_eq!(open(&app, &a, t).await.json()["notes"].as_array().unwrap().len(), 3);

    // A new note brings it back for B with only what came after.
    assert_eq!(reply(&app, &a, t, "다시 연락").await.status, 201);
    let th = find_thread(&threads(&app, &b).await.json(), t).expect("back after a newer note");
    assert_eq!(th["unread"], 1);
    assert_eq!(th["lastText"], "다시 연락");
    assert_eq!(unread(&app, &b).await, 1);
    let v = open(&app, &b, t).await.json();
    let notes = v["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["body"], "다시 연락");
    assert_eq!(unread(&app, &b).await, 0);
}

#[tokio::test]
async fn a_block_stops_both_sides() {
    let (app, state) = api().await;
    let (school_id, board) = school(&state).await;
    let a = member_of(&app, &state, school_id).await;
    let b = member_of(&app, &state, school_id).await;
    let p = post(&state, school_id, board, a.m.id, true, "차단 테스트").await;
    let t = start(&app, &b, p, "안녕").await;

    let res = call(&app, &a.c, "POST", &format!("/api/notes/{t}/block"), Some(&a.m), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let res = reply(&app, &a, t, "차단 후").await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(res.json()["code"], "BLOCKED");
    let res = reply(&app, &b, t, "차단 후").await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(res.json()["code"], "BLOCKED");
    let res = call(&app, &b.c, "POST", &format!("/api/posts/{p}/notes"), Some(&b.m), Some(json!({"body": "다시"}))).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(res.json()["code"], "BLOCKED");

    let th = find_thread(&threads(&app, &a).await.json(), t).unwrap();
    assert_eq!((th["blocked"].as_bool(), th["blockedByMe"].as_bool()), (Some(true), Some(true)));
    let th = find_thread(&threads(&app, &b).await.json(), t).unwrap();
    assert_eq!((th["blocked"].as_bool(), th["blockedByMe"].as_bool()), (Some(true), Some(false)));
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM board_notes WHERE thread_id = ?").bind(t).fetch_one(&state.db).await.unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn five_reports_hold_a_post_and_a_second_report_is_refused() {
    let (app, state) = api().await;
    let (school_id, board) = school(&state).await;
    let a = member_of(&app, &state, school_id).await;
    let p = post(&state, school_id, board, a.m.id, true, "신고될 글").await;
    let mut reporters = vec![];
    for _ in 0..5 {
        reporters.push(member_of(&app, &state, school_id).await);
    }
    for r in &reporters[..4] {
        let res = report(&app, r, "POST", p).await;
        assert_eq!(res.status, 204, "{}", res.body);
    }
    assert_eq!(post_status(&state, p).await, "VISIBLE", "four reports do not hold it");
    let res = report(&app, &reporters[0], "POST", p).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(res.json()["code"], "ALREADY_REPORTED");
    assert_eq!(post_status(&state, p).await, "VISIBLE", "a repeated report does not count");
    let res = report(&app, &reporters[4], "POST", p).await;
    assert_eq!(res.status, 204, "{}", res.body);
    assert_eq!(post_status(&state, p).await, "HELD");

    // My own post, another school's post.
    let res = report(&app, &a, "POST", p).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert!(!res.body.contains(&a.nick));
    let (other, _) = school(&state).await;
    let d = member_of(&app, &state, other).await;
    let res = report(&app, &d, "POST", p).await;
    assert_eq!(res.status, 403, "{}", res.body);

    // Five reports at once hold another post (the count and the change are one step).
    let p2 = post(&state, school_id, board, a.m.id, false, "동시에 신고될 글").await;
    let answers = futures::future::join_all(reporters.iter().map(|r| report(&app, r, "POST", p2))).await;
    assert!(answers.iter().all(|r| r.status == 204), "{:?}", answers.iter().map(|r| &r.body).collect::<Vec<_>>());
    assert_eq!(post_status(&state, p2).await, "HELD");
}

#[tokio::test]
async fn the_staff_queue_alone_shows_an_anonymous_writer() {
    let (app, state) = api().await;
    let (school_id, board) = school(&state).await;
    let a = member_of(&app, &state, school_id).await;
    let b = member_of(&app, &state, school_id).await;
    let p = post(&state, school_id, board, a.m.id, true, "익명 신고 글").await;
    assert_eq!(report(&app, &b, "POST", p).await.status, 204);
    let t = start(&app, &b, p, "쪽지").await;
    let s = staff(&app, &state).await;

    let res = call(&app, &s.c, "GET", "/api/admin/reports", Some(&s.m), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let queue = res.json();
    let case = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["targetKind"] == "POST" && c["targetId"].as_u64() == Some(p))
        .expect("the reported post is in the queue")
        .clone();
    assert_eq!(case["writerId"], a.m.id);
    assert_eq!(case["writerNickname"], a.nick.as_str());
    assert_eq!(case["anonymous"], true);
    assert_eq!(case["reports"], 1);
    assert_eq!(case["postId"], p);
    assert_eq!(case["contentStatus"], "VISIBLE");
    assert!(case["reasons"].as_array().unwrap().iter().any(|r| r == "욕설·비하"), "{case}");

    // What the reporter can get about the post carries no trace of its writer.
    for path in [format!("/api/posts/{p}"), "/api/notes".to_owned(), format!("/api/notes/{t}"), "/api/community/notices".to_owned()] {
        let res = call(&app, &b.c, "GET", &path, Some(&b.m), None).await;
        assert!(!res.body.contains(&a.nick), "{path}: {}", res.body);
        assert!(!res.body.contains(&a.m.email), "{path}: {}", res.body);
        assert!(!res.body.contains(&format!("\"writerId\":{}", a.m.id)), "{path}: {}", res.body);
    }
}

#[tokio::test]
async fn hide_and_dismiss_are_audited_and_the_writer_is_told() {
    let (app, state) = api().await;
    let (school_id, board) = school(&state).await;
    let a = member_of(&app, &state, school_id).await;
    let s = staff(&app, &state).await;
    let title = unique("가려질 글");
    let hidden = post(&state, school_id, board, a.m.id, true, &title).await;
    let held = post(&state, school_id, board, a.m.id, false, "검토될 글").await;
    let mut reporters = vec![];
    for _ in 0..5 {
        reporters.push(member_of(&app, &state, school_id).await);
    }
    for r in &reporters {
        assert_eq!(report(&app, r, "POST", held).await.status, 204);
    }
    assert_eq!(report(&app, &reporters[0], "POST", hidden).await.status, 204);
    assert_eq!(post_status(&state, held).await, "HELD");

    let res = decide(&app, &s, json!({"targetKind": "POST", "targetId": hidden, "action": "hide", "reason": "욕설"})).await;
    assert_eq!(res.status, 204, "{}", res.body);
    assert_eq!(post_status(&state, hidden).await, "HIDDEN");
    let open: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM board_reports WHERE target_kind = 'POST' AND target_id = ? AND status = 'OPEN'")
            .bind(hidden)
            .fetch_one(&state.db)
            .await
            .unwrap();
    assert_eq!(open, 0);
    let (actor, subject, detail): (u64, Option<u64>, String) = sqlx::query_as(
        "SELECT actor_id, subject_id, detail FROM board_moderation_log WHERE action = 'report.hide' AND target_kind = 'POST' AND target_id = ?",
    )
    .bind(hidden)
    .fetch_one(&state.db)
    .await
    .unwrap();
    assert_eq!((actor, subject, detail.as_str()), (s.m.id, Some(a.m.id), "욕설"));

    // The writer is told, and the notice counts until read.
    let res = call(&app, &a.c, "GET", "/api/community/notices", Some(&a.m), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let notices = res.json();
    let n = &notices[0];
    assert!(n["text"].as_str().unwrap().contains("신고로 인해 회원님의 글이 가려졌습니다"), "{n}");
    assert!(n["text"].as_str().unwrap().contains(&title), "{n}");
    assert_eq!(n["read"], false);
    assert_eq!(unread(&app, &a).await, 1);
    let res = call(&app, &a.c, "POST", "/api/community/notices/read", Some(&a.m), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    assert_eq!(unread(&app, &a).await, 0);
    let res = call(&app, &a.c, "GET", "/api/community/notices", Some(&a.m), None).await;
    assert_eq!(res.json()[0]["read"], true);

    // Dismissing brings the held post back.
    let res = decide(&app, &s, json!({"targetKind": "POST", "targetId": held, "action": "dismiss", "reason": "문제 없음"})).await;
    assert_eq!(res.status, 204, "{}", res.body);
    assert_eq!(post_status(&state, held).await, "VISIBLE");
    let dismissed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM board_reports WHERE target_kind = 'POST' AND target_id = ? AND status = 'DISMISSED'")
            .bind(held)
            .fetch_one(&state.db)
            .await
            .unwrap();
    assert_eq!(dismissed, 5);

    let res = call(&app, &s.c, "GET", "/api/admin/moderation-log?page=1", Some(&s.m), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let log = res.json();
    let entries = log.as_array().unwrap();
    let dismiss = entries.iter().find(|e| e["action"] == "report.dismiss" && e["targetId"].as_u64() == Some(held)).expect("dismiss logged");
    assert_eq!(dismiss["actorId"], s.m.id);
    assert_eq!(dismiss["actorNickname"], s.nick.as_str());
    assert_eq!(dismiss["subjectId"], a.m.id);
    assert_eq!(dismiss["targetKind"], "POST");
    let hide_at = entries.iter().position(|e| e["action"] == "report.hide" && e["targetId"].as_u64() == Some(hidden)).expect("hide logged");
    let dismiss_at = entries.iter().position(|e| e["action"] == "report.dismiss" && e["targetId"].as_u64() == Some(held)).unwrap();
    assert!(dismiss_at < hide_at, "newest first");

    let res = decide(&app, &s, json!({"targetKind": "POST", "targetId": held, "action": "delete"})).await;
    assert_eq!(res.status, 400, "{}", res.body);
}

#[tokio::test]
async fn notes_can_be_reported_and_hidden() {
    let (app, state) = api().await;
    let (school_id, board) = school(&state).await;
    let a = member_of(&app, &state, school_id).await;
    let b = member_of(&app, &state, school_id).await;
    let c = member_of(&app, &state, school_id).await;
    let p = post(&state, school_id, board, a.m.id, true, "쪽지 신고").await;
    let t = start(&app, &b, p, "나쁜 쪽지").await;
    let note = open(&app, &a, t).await.json()["notes"][0]["id"].as_u64().unwrap();

    assert_eq!(report(&app, &b, "NOTE", note).await.status, 400, "the sender cannot report their own note");
    assert_eq!(report(&app, &c, "NOTE", note).await.status, 404, "only a side of the thread may");
    let res = report(&app, &a, "NOTE", note).await;
    assert_eq!(res.status, 204, "{}", res.body);

    let s = staff(&app, &state).await;
    let res = call(&app, &s.c, "GET", "/api/admin/reports", Some(&s.m), None).await;
    let case = res
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["targetKind"] == "NOTE" && x["targetId"].as_u64() == Some(note))
        .cloned()
        .expect("the note is in the queue");
    assert_eq!(case["writerId"], b.m.id);
    assert_eq!(case["postId"], p);

    let res = decide(&app, &s, json!({"targetKind": "NOTE", "targetId": note, "action": "hide"})).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let v = open(&app, &a, t).await.json();
    assert_ne!(v["notes"][0]["body"], "나쁜 쪽지");
    let res = call(&app, &b.c, "GET", "/api/community/notices", Some(&b.m), None).await;
    assert!(res.json()[0]["text"].as_str().unwrap().contains("쪽지가 가려졌습니다"), "{}", res.body);
}

#[tokio::test]
async fn staff_endpoints_refuse_members_and_guests() {
    let (app, state) = api().await;
    let (school_id, _) = school(&state).await;
    let m = member_of(&app, &state, school_id).await;
    for (method, path, body) in [
        ("GET", "/api/admin/reports", None),
        ("GET", "/api/admin/moderation-log", None),
        ("POST", "/api/admin/reports/decide", Some(json!({"targetKind": "POST", "targetId": 1, "action": "hide"}))),
    ] {
        let res = call(&app, &m.c, method, path, Some(&m.m), body.clone()).await;
        assert_eq!(res.status, 403, "{path}: {}", res.body);
        let res = call(&app, &m.c, method, path, None, body).await;
        assert_eq!(res.status, 401, "{path}: {}", res.body);
    }
}

#[tokio::test]
async fn a_suspension_stops_the_writers_writes() {
    let (app, state) = api().await;
    let (school_id, board) = school(&state).await;
    let a = member_of(&app, &state, school_id).await;
    let b = member_of(&app, &state, school_id).await;
    let s = staff(&app, &state).await;
    let bad = post(&state, school_id, board, a.m.id, true, "정지될 글").await;
    let other = post(&state, school_id, board, b.m.id, false, "B의 글").await;
    assert_eq!(report(&app, &b, "POST", bad).await.status, 204);

    let res = decide(&app, &s, json!({"targetKind": "POST", "targetId": bad, "action": "hide", "suspendDays": 400})).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(post_status(&state, bad).await, "VISIBLE", "a refused decision changes nothing");

    let res =
        decide(&app, &s, json!({"targetKind": "POST", "targetId": bad, "action": "hide", "reason": "반복 위반", "suspendDays": 3})).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let until: Option<chrono::NaiveDateTime> =
        sqlx::query_scalar("SELECT suspended_until FROM school_members WHERE user_id = ?").bind(a.m.id).fetch_one(&state.db).await.unwrap();
    let days = (until.expect("suspended") - chrono::Utc::now().naive_utc()).num_hours();
    assert!((71..=72).contains(&days), "{days} hours");
    let logged: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM board_moderation_log WHERE action = 'member.suspend' AND subject_id = ? AND actor_id = ?")
            .bind(a.m.id)
            .bind(s.m.id)
            .fetch_one(&state.db)
            .await
            .unwrap();
    assert_eq!(logged, 1);

    let res = call(&app, &a.c, "POST", &format!("/api/posts/{other}/notes"), Some(&a.m), Some(json!({"body": "정지 중"}))).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(res.json()["code"], "WRITING_SUSPENDED");
    let res = report(&app, &a, "POST", other).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(res.json()["code"], "WRITING_SUSPENDED");
    // Reading still works, and both notices arrived.
    let res = call(&app, &a.c, "GET", "/api/community/notices", Some(&a.m), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let texts: Vec<String> = res.json().as_array().unwrap().iter().map(|n| n["text"].as_str().unwrap().to_owned()).collect();
    assert!(texts.iter().any(|t| t.contains("3일")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("가려졌습니다")), "{texts:?}");
}

#[tokio::test]
async fn a_starter_who_wrote_anonymously_is_anonymous_even_from_a_named_comment() {
    let (app, state) = api().await;
    let (school_id, board) = school(&state).await;
    let a = member_of(&app, &state, school_id).await;
    let b = member_of(&app, &state, school_id).await;
    let c = member_of(&app, &state, school_id).await;
    // B's anonymous post; A's named comment on it.
    let p = post(&state, school_id, board, b.m.id, true, "익명 글").await;
    let named = rest_comment(&app, &a, p, false, "실명으로 답해요").await;

    // B (the post's anonymous writer) notes A's named comment: B stays 익명.
    let t = note_comment(&app, &b, named, "글쓴이입니다").await;
    let list = threads(&app, &a).await;
    assert_no_trace(&list.body, &[&a, &b], p);
    let th = find_thread(&list.json(), t).expect("A sees the thread");
    assert_eq!(th["other"], "익명");
    assert_eq!(th["anonymous"], true);
    let view = open(&app, &a, t).await;
    assert_no_trace(&view.body, &[&a, &b], p);
    assert_eq!(view.json()["thread"]["other"], "익명");
    let list = threads(&app, &b).await;
    assert_no_trace(&list.body, &[&a, &b], p);
    assert_eq!(find_thread(&list.json(), t).unwrap()["other"], "익명");
    let view = open(&app, &b, t).await;
    assert_no_trace(&view.body, &[&a, &b], p);
    let res = reply(&app, &a, t, "네").await;
    assert_eq!(res.status, 201, "{}", res.body);
    assert_no_trace(&res.body, &[&a, &b], p);

    // C commented anonymously on the post (holds an 익명 number), then notes A's comment.
    rest_comment(&app, &c, p, true, "익명 댓글").await;
    let tc = note_comment(&app, &c, named, "익명 댓글 쓴 사람이에요").await;
    assert_ne!(tc, t);
    let list = threads(&app, &a).await;
    assert_no_trace(&list.body, &[&a, &c], p);
    let th = find_thread(&list.json(), tc).expect("A sees C's thread");
    assert_eq!(th["other"], "익명");
    assert_eq!(th["anonymous"], true);
    let view = open(&app, &a, tc).await;
    assert_no_trace(&view.body, &[&a, &c], p);
    let view = open(&app, &c, tc).await;
    assert_no_trace(&view.body, &[&a, &c], p);
}

#[tokio::test]
async fn a_named_thread_turns_anonymous_once_its_starter_comments_anonymously() {
    let (app, state) = api().await;
    let (school_id, board) = school(&state).await;
    let w = member_of(&app, &state, school_id).await;
    let a = member_of(&app, &state, school_id).await;
    let c = member_of(&app, &state, school_id).await;
    let p = post(&state, school_id, board, w.m.id, false, "실명 글").await;
    let named = rest_comment(&app, &a, p, false, "실명 댓글").await;

    // C has not written anonymously here: a named thread.
    let t = note_comment(&app, &c, named, "처음 쪽지").await;
    let th = find_thread(&threads(&app, &a).await.json(), t).unwrap();
    assert_eq!(th["other"], c.nick.as_str());
    assert_eq!(th["anonymous"], false);

    // C comments anonymously in the post, then notes again: the same thread, now anonymous.
    rest_comment(&app, &c, p, true, "익명으로 한마디").await;
    assert_eq!(note_comment(&app, &c, named, "다시 쪽지").await, t);
    let list = threads(&app, &a).await;
    assert_no_trace(&list.body, &[&a, &c], p);
    let th = find_thread(&list.json(), t).unwrap();
    assert_eq!(th["other"], "익명");
    assert_eq!(th["anonymous"], true);
    let view = open(&app, &a, t).await;
    assert_no_trace(&view.body, &[&a, &c], p);
    assert_eq!(view.json()["notes"].as_array().unwrap().len(), 2);
    let view = open(&app, &c, t).await;
    assert_no_trace(&view.body, &[&a, &c], p);
}

#[tokio::test]
async fn a_shorter_suspension_never_shortens_a_longer_one() {
    let (app, state) = api().await;
    let (school_id, board) = school(&state).await;
    let a = member_of(&app, &state, school_id).await;
    let b = member_of(&app, &state, school_id).await;
    let s = staff(&app, &state).await;
    let first = post(&state, school_id, board, a.m.id, false, "첫 위반").await;
    let second = post(&state, school_id, board, a.m.id, false, "두 번째 위반").await;
    assert_eq!(report(&app, &b, "POST", first).await.status, 204);
    assert_eq!(report(&app, &b, "POST", second).await.status, 204);

    let res = decide(&app, &s, json!({"targetKind": "POST", "targetId": first, "action": "hide", "suspendDays": 30})).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let hours = suspended_hours(&state, a.m.id).await;
    assert!((719..=720).contains(&hours), "{hours} hours");

    let res = decide(&app, &s, json!({"targetKind": "POST", "targetId": second, "action": "hide", "suspendDays": 1})).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let hours = suspended_hours(&state, a.m.id).await;
    assert!((719..=720).contains(&hours), "still about 30 days: {hours} hours");
}

#[tokio::test]
async fn deciding_nothing_is_refused_and_notices_follow_real_hides() {
    let (app, state) = api().await;
    let (school_id, board) = school(&state).await;
    let a = member_of(&app, &state, school_id).await;
    let b = member_of(&app, &state, school_id).await;
    let s = staff(&app, &state).await;
    let p = post(&state, school_id, board, a.m.id, false, "가려질 글").await;
    assert_eq!(report(&app, &b, "POST", p).await.status, 204);

    let hide = json!({"targetKind": "POST", "targetId": p, "action": "hide"});
    let res = decide(&app, &s, hide.clone()).await;
    assert_eq!(res.status, 204, "{}", res.body);
    assert_eq!(post_status(&state, p).await, "HIDDEN");
    assert_eq!(notice_count(&state, a.m.id).await, 1);

    // Already hidden with no open report: nothing to do, and no second notice.
    let res = decide(&app, &s, hide).await;
    assert_eq!(res.status, 409, "{}", res.body);
    let res = decide(&app, &s, json!({"targetKind": "POST", "targetId": p, "action": "dismiss"})).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(notice_count(&state, a.m.id).await, 1);
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM board_moderation_log WHERE target_kind = 'POST' AND target_id = ?")
        .bind(p)
        .fetch_one(&state.db)
        .await
        .unwrap();
    assert_eq!(logged, 1, "refused decisions are not logged");

    // A visible post nobody reported: dismissing has nothing to close.
    let quiet = post(&state, school_id, board, a.m.id, false, "멀쩡한 글").await;
    let res = decide(&app, &s, json!({"targetKind": "POST", "targetId": quiet, "action": "dismiss"})).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(post_status(&state, quiet).await, "VISIBLE");

    // Reported, then deleted by its writer: hiding closes the reports but tells no one.
    let gone = post(&state, school_id, board, a.m.id, false, "지운 글").await;
    assert_eq!(report(&app, &b, "POST", gone).await.status, 204);
    sqlx::query("UPDATE board_posts SET status = 'DELETED' WHERE id = ?").bind(gone).execute(&state.db).await.unwrap();
    let res = decide(&app, &s, json!({"targetKind": "POST", "targetId": gone, "action": "hide"})).await;
    assert_eq!(res.status, 204, "{}", res.body);
    assert_eq!(post_status(&state, gone).await, "DELETED");
    let open: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM board_reports WHERE target_kind = 'POST' AND target_id = ? AND status = 'OPEN'")
            .bind(gone)
            .fetch_one(&state.db)
            .await
            .unwrap();
    assert_eq!(open, 0);
    assert_eq!(notice_count(&state, a.m.id).await, 1, "nothing was hidden, so no notice");
}

#[tokio::test]
async fn the_comment_count_follows_moderation() {
    let (app, state) = api().await;
    let (school_id, board) = school(&state).await;
    let a = member_of(&app, &state, school_id).await;
    let b = member_of(&app, &state, school_id).await;
    let s = staff(&app, &state).await;
    let p = post(&state, school_id, board, a.m.id, false, "댓글 수").await;
    let hidden = rest_comment(&app, &b, p, false, "가려질 댓글").await;
    let held = rest_comment(&app, &b, p, false, "검토될 댓글").await;
    assert_eq!(comment_count(&app, &a, p).await, 2);

    assert_eq!(report(&app, &a, "COMMENT", hidden).await.status, 204);
    let res = decide(&app, &s, json!({"targetKind": "COMMENT", "targetId": hidden, "action": "hide"})).await;
    assert_eq!(res.status, 204, "{}", res.body);
    assert_eq!(comment_count(&app, &a, p).await, 1);

    // Five reports hold the other comment (out of the count); dismissing brings it back.
    let mut reporters = vec![];
    for _ in 0..5 {
        reporters.push(member_of(&app, &state, school_id).await);
    }
    for r in &reporters {
        assert_eq!(report(&app, r, "COMMENT", held).await.status, 204);
    }
    let status: String =
        sqlx::query_scalar("SELECT CAST(status AS CHAR) FROM board_comments WHERE id = ?").bind(held).fetch_one(&state.db).await.unwrap();
    assert_eq!(status, "HELD");
    assert_eq!(comment_count(&app, &a, p).await, 0);
    let res = decide(&app, &s, json!({"targetKind": "COMMENT", "targetId": held, "action": "dismiss"})).await;
    assert_eq!(res.status, 204, "{}", res.body);
    assert_eq!(comment_count(&app, &a, p).await, 1);
}

#[tokio::test]
async fn a_site_wide_block_stops_named_notes_and_leaves_anonymous_ones_unrevealed() {
    let (app, state) = api().await;
    let (school_id, board) = school(&state).await;
    let a = member_of(&app, &state, school_id).await;
    let b = member_of(&app, &state, school_id).await;
    let named = post(&state, school_id, board, a.m.id, false, &unique("실명 글")).await;
    let anonymous = post(&state, school_id, board, a.m.id, true, &unique("익명 글")).await;
    let thread = start(&app, &b, named, "실명 글 보고 연락해요").await;

    let res = call(&app, &a.c, "PUT", &format!("/api/me/blocks/{}", b.m.id), Some(&a.m), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let res = call(&app, &b.c, "POST", &format!("/api/posts/{named}/notes"), Some(&b.m), Some(json!({"body": "또 연락해요"}))).await;
    assert_eq!((res.status, res.json()["code"].clone()), (403, json!("BLOCKED")), "{}", res.body);
    let res = reply(&app, &a, thread, "답장").await;
    assert_eq!((res.status, res.json()["code"].clone()), (403, json!("YOU_BLOCKED")), "{}", res.body);
    // Refusing a note to an anonymous post would tell b who wrote it: it goes through, and
    // the thread's own block stays the way to stop it.
    start(&app, &b, anonymous, "익명 글 보고 연락해요").await;
}
