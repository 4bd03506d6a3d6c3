//! The community's posts, comments, pictures, 공감 and scraps through the REST API and the
//! server functions: no trace of an anonymous writer in anything a second member can read,
//! 익명 numbering per post, once-per-member 공감 and scraps under concurrency, soft deletes,
//! the HOT threshold, school-only access, and post pictures served only to the school.
//! Each test makes its own school, boards and members by SQL.

use crate::common::*;
use axum::{body::Body, http::Request, Router};
use minihompy::server::AppState;
use serde_json::{json, Value};

async fn call(app: &Router, c: &Client, method: &str, path: &str, who: Option<&Member>, body: Option<Value>) -> Response {
    c.call(app, method, path, who.map(|m| m.access.as_str()), body).await
}

async fn new_school(state: &AppState) -> u64 {
    sqlx::query("INSERT INTO schools (name, campus) VALUES (?, '')").bind(unique("학교")).execute(&state.db).await.unwrap().last_insert_id()
}

async fn new_board(state: &AppState, school: u64, anonymous_allowed: bool, questions_allowed: bool) -> u64 {
    sqlx::query("INSERT INTO boards (school_id, category, name, anonymous_allowed, questions_allowed) VALUES (?, 'FREE', ?, ?, ?)")
        .bind(school)
        .bind(unique("게시판")[..30].to_owned())
        .bind(anonymous_allowed)
        .bind(questions_allowed)
        .execute(&state.db)
        .await
        .unwrap()
        .last_insert_id()
}

/// A member with a nickname of their own (signup gives everyone the same one).
struct Who {
    c: Client,
    m: Member,
    nick: String,
}

async fn member_of(app: &Router, state: &AppState, school: Option<u64>) -> Who {
    let (c, m) = someone(app, state).await;
    let nick = unique("닉")[..20].to_owned();
    sqlx::query("UPDATE users SET nickname = ? WHERE id = ?").bind(&nick).bind(m.id).execute(&state.db).await.unwrap();
    if let Some(school) = school {
        sqlx::query("INSERT INTO school_members (user_id, school_id, admission_year, verified_by) VALUES (?, ?, 2023, 'APPROVAL')")
            .bind(m.id)
            .bind(school)
            .execute(&state.db)
            .await
            .unwrap();
    }
    Who { c, m, nick }
}

impl Who {
    async fn call(&self, app: &Router, method: &str, path: &str, body: Option<Value>) -> Response {
        call(app, &self.c, method, path, Some(&self.m), body).await
    }

    async fn post(&self, app: &Router, board: u64, body: Value) -> u64 {
        let res = self.call(app, "POST", &format!("/api/boards/{board}/posts"), Some(body)).await;
        assert_eq!(res.status, 201, "{}", res.body);
        res.json()["id"].as_u64().unwrap()
    }

    async fn comment(&self, app: &Router, post: u64, body: Value) -> Value {
        let res = self.call(app, "POST", &format!("/api/posts/{post}/comments"), Some(body)).await;
        assert_eq!(res.status, 201, "{}", res.body);
        res.json()
    }

    async fn view(&self, app: &Router, post: u64) -> Value {
        let res = self.call(app, "GET", &format!("/api/posts/{post}"), None).await;
        assert_eq!(res.status, 200, "{}", res.body);
        res.json()
    }

    async fn upload(&self, app: &Router, bytes: Vec<u8>) -> Value {
        let res = self.call(app, "GET", "/api/community/upload-url?filename=a.png", None).await;
        assert_eq!(res.status, 200, "{}", res.body);
        let url = res.json()["url"].as_str().unwrap().to_owned();
        let path = &url[url.find("/api/").unwrap()..];
        let req = Request::put(path).header("content-type", "application/octet-stream").body(Body::from(bytes)).unwrap();
        let res = send(app, req).await;
        assert_eq!(res.status, 200, "{}", res.body);
        res.json()
    }
}

fn enc(q: &str) -> String {
    minihompy::ui::kit::url_encode(q)
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::DynamicImage::new_rgb8(w, h);
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

async fn get_file(app: &Router, path: &str, who: Option<&Member>) -> u16 {
    let mut b = Request::get(path);
    if let Some(m) = who {
        b = b.header("cookie", format!("accessToken={}", m.access));
    }
    send(app, b.body(Body::empty()).unwrap()).await.status
}

fn ids(list: &Value) -> Vec<u64> {
    list.as_array().unwrap_or_else(|| panic!("not a list: {list}")).iter().map(|p| p["id"].as_u64().unwrap()).collect()
}

/// Every number under a key that names a person (writerId, authorId, userId, ownerId …).
fn person_ids(v: &Value, out: &mut Vec<(String, u64)>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                let key = k.to_ascii_lowercase();
                if ["writer", "author", "user", "owner", "sender", "member"].iter().any(|w| key.contains(w)) {
                    if let Some(n) = x.as_u64() {
                        out.push((k.clone(), n));
                    }
                }
                person_ids(x, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|x| person_ids(x, out)),
        _ => {}
    }
}

fn assert_no_trace(what: &str, body: &str, writer: &Who) {
    assert!(!body.contains(&writer.nick), "{what}: the nickname leaked: {body}");
    assert!(!body.contains(&writer.m.email), "{what}: the email leaked: {body}");
    assert!(!body.contains(&format!("/hompy/{}", writer.m.id)), "{what}: the homepage link leaked: {body}");
    if let Ok(v) = serde_json::from_str::<Value>(body) {
        let mut found = vec![];
        person_ids(&v, &mut found);
        assert!(!found.iter().any(|(_, n)| *n == writer.m.id), "{what}: the writer's id leaked as {found:?}: {body}");
        assert!(!body.contains("\"mine\":true"), "{what}: the reader sees someone else's content as theirs: {body}");
    }
}

/// An anonymous post with a picture, anonymous comments from its writer and another
/// member, and ten 공감 (so it is HOT and BEST), in a school of its own.
struct AnonymousPost {
    board: u64,
    post: u64,
    word: String,
    title: String,
    writer: Who,
    reader: Who,
}

async fn anonymous_hot_post(app: &Router, state: &AppState) -> AnonymousPost {
    let school = new_school(state).await;
    let board = new_board(state, school, true, false).await;
    let writer = member_of(app, state, Some(school)).await;
    let reader = member_of(app, state, Some(school)).await;
    let other = member_of(app, state, Some(school)).await;

    let picture = writer.upload(app, png(64, 48)).await;
    let word = unique("검색어")[..20].to_owned();
    let title = format!("익명 글 {word}");
    let post =
        writer.post(app, board, json!({"title": title, "body": "첫 줄\n둘째 줄", "anonymous": true, "imageIds": [picture["id"]]})).await;
    writer.comment(app, post, json!({"body": "글쓴이 댓글", "anonymous": true})).await;
    let c = other.comment(app, post, json!({"body": "다른 사람", "anonymous": true})).await;
    writer.comment(app, post, json!({"body": "글쓴이 답글", "anonymous": true, "parentId": c["id"]})).await;
    // Ten 공감 from ten members make it HOT (and BEST).
    for _ in 0..10 {
        let liker = insert_member(state, "공감러", "t", "i", "basic-boy").await;
        sqlx::query("INSERT INTO board_likes (target_kind, target_id, user_id) VALUES ('POST', ?, ?)")
            .bind(post)
            .bind(liker)
            .execute(&state.db)
            .await
            .unwrap();
    }
    sqlx::query("UPDATE board_posts SET like_count = 10 WHERE id = ?").bind(post).execute(&state.db).await.unwrap();
    AnonymousPost { board, post, word, title, writer, reader }
}

#[tokio::test]
async fn an_anonymous_post_leaves_no_trace_of_its_writer_anywhere_a_second_member_looks() {
    let (app, state) = api().await;
    let AnonymousPost { board, post, word, writer, reader, .. } = anonymous_hot_post(&app, &state).await;

    // The writer's own view says it is theirs (so the checks below can tell a leak).
    let own = writer.view(&app, post).await;
    assert_eq!(own["mine"], true);
    assert!(own.to_string().contains("\"mine\":true"));

    let mut seen = vec![];
    for path in [
        format!("/api/posts/{post}"),
        format!("/api/boards/{board}/posts"),
        format!("/api/boards/{board}/posts?q={}", enc(&word)),
        format!("/api/community/search?q={}", enc(&word)),
        "/api/community/hot".to_owned(),
        "/api/community/best".to_owned(),
        "/api/community".to_owned(),
    ] {
        let res = reader.call(&app, "GET", &path, None).await;
        assert_eq!(res.status, 200, "{path}: {}", res.body);
        assert!(res.body.contains(&post.to_string()), "{path} shows the post: {}", res.body);
        assert_no_trace(&path, &res.body, &writer);
        seen.push(path);
    }
    // The same through the server functions the pages call.
    use leptos::server_fn::ServerFn;
    let access = Some(reader.m.access.as_str());
    let post_s = post.to_string();
    let board_s = board.to_string();
    for (path, form) in [
        (minihompy::board::api::GetPost::PATH, vec![("post_id", post_s.as_str())]),
        (minihompy::board::api::BoardPosts::PATH, vec![("board_id", board_s.as_str()), ("page", "1"), ("q", "")]),
        (minihompy::board::api::SearchPosts::PATH, vec![("q", word.as_str()), ("page", "1")]),
        (minihompy::board::api::HotPosts::PATH, vec![("page", "1")]),
        (minihompy::board::api::BestPosts::PATH, Vec::<(&str, &str)>::new()),
        (minihompy::board::api::GetCommunityHome::PATH, Vec::<(&str, &str)>::new()),
    ] {
        let res = reader.c.server_fn(&app, path, &form, access).await;
        assert_eq!(res.status, 200, "{path}: {}", res.body);
        assert!(res.body.contains(&post_s), "{path} shows the post: {}", res.body);
        assert_no_trace(path, &res.body, &writer);
    }

    let view = reader.view(&app, post).await;
    assert_eq!(view["writer"], "익명");
    assert_eq!(view["writerId"], Value::Null);
    assert_eq!(view["writerAvatar"], Value::Null);
    let writers: Vec<&str> = view["comments"].as_array().unwrap().iter().map(|c| c["writer"].as_str().unwrap()).collect();
    assert_eq!(writers, ["익명(글쓴이)", "익명1", "익명(글쓴이)"]);
    // The picture is there, and served to the reader.
    let url = view["images"][0]["url"].as_str().unwrap().to_owned();
    assert_eq!(get_file(&app, &url, Some(&reader.m)).await, 200);
    assert_eq!(seen.len(), 7);
}

#[tokio::test]
async fn anonymous_numbers_are_stable_per_member_and_post_and_mark_the_writer() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let board = new_board(&state, school, true, false).await;
    let a = member_of(&app, &state, Some(school)).await;
    let b = member_of(&app, &state, Some(school)).await;
    let c = member_of(&app, &state, Some(school)).await;
    let post = a.post(&app, board, json!({"title": "질문", "body": "본문", "anonymous": true})).await;

    let b1 = b.comment(&app, post, json!({"body": "하나", "anonymous": true})).await;
    let b2 = b.comment(&app, post, json!({"body": "둘", "anonymous": true})).await;
    assert_eq!((b1["writer"].as_str(), b2["writer"].as_str()), (Some("익명1"), Some("익명1")));
    assert_eq!(b1["writerId"], Value::Null);
    let c1 = c.comment(&app, post, json!({"body": "셋", "anonymous": true})).await;
    assert_eq!(c1["writer"], "익명2");
    let a1 = a.comment(&app, post, json!({"body": "글쓴이", "anonymous": true})).await;
    assert_eq!(a1["writer"], "익명(글쓴이)");
    assert_eq!(a1["isPostWriter"], true);
    assert_eq!(c1["isPostWriter"], false);
    let reply = b.comment(&app, post, json!({"body": "답글", "anonymous": true, "parentId": c1["id"]})).await;
    assert_eq!(reply["writer"], "익명1");
    // The writer's named comment on their anonymous post is not marked (it would unmask them).
    let named = a.comment(&app, post, json!({"body": "실명", "anonymous": false})).await;
    assert_eq!(named["isPostWriter"], false);
    assert_eq!(named["writer"], a.nick.as_str());
    // A named comment shows its writer.
    let bn = b.comment(&app, post, json!({"body": "실명", "anonymous": false})).await;
    assert_eq!(bn["writerId"], b.m.id);

    // Replies sit under their comment, in order.
    let view = c.view(&app, post).await;
    let order: Vec<(u64, Option<u64>)> =
        view["comments"].as_array().unwrap().iter().map(|x| (x["id"].as_u64().unwrap(), x["parentId"].as_u64())).collect();
    let c1id = c1["id"].as_u64().unwrap();
    let pos_c1 = order.iter().position(|(id, _)| *id == c1id).unwrap();
    assert_eq!(order[pos_c1 + 1], (reply["id"].as_u64().unwrap(), Some(c1id)));
    assert_eq!(view["comments"][pos_c1 + 1]["writer"], "익명1");
    assert_eq!(view["comments"][0]["mine"], false, "b's comment is not c's");

    // A reply to a reply, or to another post's comment, is refused.
    let res = b.call(&app, "POST", &format!("/api/posts/{post}/comments"), Some(json!({"body": "x", "parentId": reply["id"]}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    let other = c.post(&app, board, json!({"title": "다른 글", "body": "본문", "anonymous": true})).await;
    let res = b.call(&app, "POST", &format!("/api/posts/{other}/comments"), Some(json!({"body": "x", "parentId": c1["id"]}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    // In another post the numbers start again: b is the first there.
    let there = b.comment(&app, other, json!({"body": "처음", "anonymous": true})).await;
    assert_eq!(there["writer"], "익명1");
    let a_there = a.comment(&app, other, json!({"body": "a", "anonymous": true})).await;
    assert_eq!(a_there["writer"], "익명2");
}

#[tokio::test]
async fn likes_and_scraps_count_once_per_member_under_concurrency() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let board = new_board(&state, school, true, false).await;
    let writer = member_of(&app, &state, Some(school)).await;
    let fan = member_of(&app, &state, Some(school)).await;
    let post = writer.post(&app, board, json!({"title": "공감", "body": "본문"})).await;

    let res = writer.call(&app, "PUT", &format!("/api/posts/{post}/like"), None).await;
    assert_eq!(res.status, 400, "no 공감 on one's own post: {}", res.body);

    let tries = (0..20).map(|_| {
        let (app, c, m) = (app.clone(), fan.c.clone(), fan.m.clone());
        let path = format!("/api/posts/{post}/like");
        tokio::spawn(async move { call(&app, &c, "PUT", &path, Some(&m), None).await })
    });
    for r in futures::future::join_all(tries).await {
        let r = r.unwrap();
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let scraps = (0..20).map(|_| {
        let (app, c, m) = (app.clone(), fan.c.clone(), fan.m.clone());
        let path = format!("/api/posts/{post}/scrap");
        tokio::spawn(async move { call(&app, &c, "PUT", &path, Some(&m), None).await })
    });
    for r in futures::future::join_all(scraps).await {
        assert_eq!(r.unwrap().status, 200);
    }
    let view = fan.view(&app, post).await;
    assert_eq!((view["likeCount"].as_u64(), view["scrapCount"].as_u64()), (Some(1), Some(1)));
    assert_eq!((view["liked"].as_bool(), view["scrapped"].as_bool()), (Some(true), Some(true)));
    let mine = fan.call(&app, "GET", "/api/community/my/scraps", None).await.json();
    assert_eq!(ids(&mine["posts"]), vec![post]);

    let mut others = vec![];
    for _ in 0..12 {
        others.push(member_of(&app, &state, Some(school)).await);
    }
    let tries = others.iter().map(|o| {
        let (app, c, m) = (app.clone(), o.c.clone(), o.m.clone());
        let path = format!("/api/posts/{post}/like");
        tokio::spawn(async move { call(&app, &c, "PUT", &path, Some(&m), None).await })
    });
    for r in futures::future::join_all(tries).await {
        let r = r.unwrap();
        assert_eq!(r.status, 200, "{}", r.body);
    }
    assert_eq!(fan.view(&app, post).await["likeCount"], 13);
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM board_likes WHERE target_kind = 'POST' AND target_id = ?")
        .bind(post)
        .fetch_one(&state.db)
        .await
        .unwrap();
    assert_eq!(rows, 13);

    // Off twice: the count goes down once and never below zero.
    for _ in 0..2 {
        let res = fan.call(&app, "DELETE", &format!("/api/posts/{post}/like"), None).await;
        assert_eq!(res.status, 200, "{}", res.body);
        assert_eq!(res.json()["count"], 12);
    }
    let res = fan.call(&app, "DELETE", &format!("/api/posts/{post}/scrap"), None).await;
    assert_eq!(res.json()["count"], 0);
    let res = fan.call(&app, "DELETE", &format!("/api/posts/{post}/scrap"), None).await;
    assert_eq!(res.json()["count"], 0);

    // 공감 on a comment, also once.
    let comment = writer.comment(&app, post, json!({"body": "댓글"})).await;
    let path = format!("/api/community/comments/{}/like", comment["id"]);
    let tries = (0..10).map(|_| {
        let (app, c, m, path) = (app.clone(), fan.c.clone(), fan.m.clone(), path.clone());
        tokio::spawn(async move { call(&app, &c, "PUT", &path, Some(&m), None).await })
    });
    for r in futures::future::join_all(tries).await {
        assert_eq!(r.unwrap().status, 200);
    }
    let view = fan.view(&app, post).await;
    assert_eq!(view["comments"][0]["likeCount"], 1);
    assert_eq!(view["comments"][0]["liked"], true);
}

#[tokio::test]
async fn deleted_posts_and_comments_keep_their_place_and_answered_questions_only_lose_their_text() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let board = new_board(&state, school, true, true).await;
    let a = member_of(&app, &state, Some(school)).await;
    let b = member_of(&app, &state, Some(school)).await;
    let c = member_of(&app, &state, Some(school)).await;

    let post = a.post(&app, board, json!({"title": "지울 글", "body": "본문 내용", "anonymous": true})).await;
    let top = b.comment(&app, post, json!({"body": "지울 댓글", "anonymous": true})).await;
    let reply = c.comment(&app, post, json!({"body": "남을 답글", "anonymous": true, "parentId": top["id"]})).await;
    let res = c.call(&app, "DELETE", &format!("/api/community/comments/{}", top["id"]), None).await;
    assert_eq!(res.status, 403, "only the writer deletes: {}", res.body);
    let res = b.call(&app, "DELETE", &format!("/api/community/comments/{}", top["id"]), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let res = b.call(&app, "DELETE", &format!("/api/community/comments/{}", top["id"]), None).await;
    assert_eq!(res.status, 409, "{}", res.body);
    let view = c.view(&app, post).await;
    let comments = view["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 2);
    assert_eq!(comments[0]["body"], "삭제된 댓글입니다");
    assert_eq!(comments[0]["writer"], "(삭제)");
    assert_eq!(comments[0]["status"], "DELETED");
    assert_eq!(comments[1]["id"], reply["id"]);
    assert_eq!(comments[1]["body"], "남을 답글");
    assert_eq!(view["commentCount"], 1);
    // No reply to a deleted comment.
    let res = c.call(&app, "POST", &format!("/api/posts/{post}/comments"), Some(json!({"body": "x", "parentId": top["id"]}))).await;
    assert_eq!(res.status, 409, "{}", res.body);

    let res = b.call(&app, "DELETE", &format!("/api/posts/{post}"), None).await;
    assert_eq!(res.status, 403, "{}", res.body);
    let res = a.call(&app, "DELETE", &format!("/api/posts/{post}"), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let view = b.view(&app, post).await;
    assert_eq!(view["title"], "삭제된 글입니다");
    assert_eq!(view["body"], "");
    assert_eq!(view["status"], "DELETED");
    assert_eq!(view["comments"].as_array().unwrap().len(), 2, "comments stay readable");
    let list = b.call(&app, "GET", &format!("/api/boards/{board}/posts"), None).await.json();
    assert!(!ids(&list["posts"]).contains(&post), "deleted posts leave the lists");
    let res = a.call(&app, "PATCH", &format!("/api/posts/{post}"), Some(json!({"title": "새", "body": "새"}))).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(res.json()["code"], "CONTENT_GONE");
    let res = c.call(&app, "POST", &format!("/api/posts/{post}/comments"), Some(json!({"body": "늦은 댓글"}))).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(res.json()["code"], "CONTENT_GONE");

    // A question someone answered keeps its title and answers; only the text goes.
    let q = a.post(&app, board, json!({"title": "질문 있어요", "body": "질문 내용", "question": true})).await;
    b.comment(&app, q, json!({"body": "답변"})).await;
    let res = a.call(&app, "DELETE", &format!("/api/posts/{q}"), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let view = b.view(&app, q).await;
    assert_eq!(view["status"], "VISIBLE");
    assert_eq!(view["textHidden"], true);
    assert_eq!(view["title"], "질문 있어요");
    assert_eq!(view["body"], "");
    assert_eq!(view["comments"][0]["body"], "답변");
    // A question nobody else answered is deleted as usual.
    let lone = a.post(&app, board, json!({"title": "혼자", "body": "내용", "question": true})).await;
    a.comment(&app, lone, json!({"body": "내 댓글"})).await;
    assert_eq!(a.call(&app, "DELETE", &format!("/api/posts/{lone}"), None).await.status, 204);
    assert_eq!(b.view(&app, lone).await["status"], "DELETED");

    // The writer edits a live post.
    let live = a.post(&app, board, json!({"title": "원래", "body": "원래 내용"})).await;
    let res = a.call(&app, "PATCH", &format!("/api/posts/{live}"), Some(json!({"title": "고친 제목", "body": "고친 내용"}))).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let res = b.call(&app, "PATCH", &format!("/api/posts/{live}"), Some(json!({"title": "남의", "body": "글"}))).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(b.view(&app, live).await["title"], "고친 제목");
    let mine = a.call(&app, "GET", "/api/community/my/posts", None).await.json();
    assert!(ids(&mine["posts"]).contains(&live) && !ids(&mine["posts"]).contains(&post));
    let my_comments = b.call(&app, "GET", "/api/community/my/comments", None).await.json();
    assert_eq!(my_comments["comments"][0]["body"], "답변");
}

#[tokio::test]
async fn hot_starts_at_ten_likes() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let board = new_board(&state, school, true, false).await;
    let a = member_of(&app, &state, Some(school)).await;
    let b = member_of(&app, &state, Some(school)).await;
    let nine = a.post(&app, board, json!({"title": "아홉", "body": "본문"})).await;
    let ten = a.post(&app, board, json!({"title": "열", "body": "본문"})).await;
    // The 공감 rows too (BEST counts the recent ones), and the counters HOT reads.
    for (post, n) in [(nine, 9), (ten, 10)] {
        for _ in 0..n {
            let liker = insert_member(&state, "공감러", "t", "i", "basic-boy").await;
            sqlx::query("INSERT INTO board_likes (target_kind, target_id, user_id) VALUES ('POST', ?, ?)")
                .bind(post)
                .bind(liker)
                .execute(&state.db)
                .await
                .unwrap();
        }
        sqlx::query("UPDATE board_posts SET like_count = ? WHERE id = ?").bind(n).bind(post).execute(&state.db).await.unwrap();
    }
    let hot = b.call(&app, "GET", "/api/community/hot", None).await;
    assert_eq!(hot.status, 200, "{}", hot.body);
    assert_eq!(ids(&hot.json()["posts"]), vec![ten]);
    let home = b.call(&app, "GET", "/api/community", None).await.json();
    assert_eq!(ids(&home["hot"]), vec![ten]);
    assert_eq!(home["school"]["id"], school);
    let preview = home["boards"].as_array().unwrap().iter().find(|p| p["board"]["id"] == board).unwrap();
    assert_eq!(ids(&preview["posts"]), vec![ten, nine]);
    let best = b.call(&app, "GET", "/api/community/best", None).await.json();
    assert_eq!(ids(&best), vec![ten, nine]);
    // A hidden post leaves HOT.
    sqlx::query("UPDATE board_posts SET status = 'HELD' WHERE id = ?").bind(ten).execute(&state.db).await.unwrap();
    assert!(ids(&b.call(&app, "GET", "/api/community/hot", None).await.json()["posts"]).is_empty());
    let view = a.view(&app, ten).await;
    assert_eq!(view["title"], "신고가 많아 검토 중인 글입니다");
    assert_eq!(view["body"], "");
}

#[tokio::test]
async fn only_members_of_the_school_read_and_write_and_searches_find_every_word() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let elsewhere = new_school(&state).await;
    let board = new_board(&state, school, false, false).await;
    let a = member_of(&app, &state, Some(school)).await;
    let stranger = member_of(&app, &state, Some(elsewhere)).await;
    let outsider = member_of(&app, &state, None).await;
    let word = unique("낱말")[..16].to_owned();
    let post = a.post(&app, board, json!({"title": format!("사과 {word}"), "body": "바나나 이야기"})).await;

    for who in [&stranger, &outsider] {
        for (method, path, body) in [
            ("GET", format!("/api/posts/{post}"), None),
            ("GET", format!("/api/boards/{board}/posts"), None),
            ("POST", format!("/api/boards/{board}/posts"), Some(json!({"title": "t", "body": "b"}))),
            ("POST", format!("/api/posts/{post}/comments"), Some(json!({"body": "b"}))),
            ("PUT", format!("/api/posts/{post}/like"), None),
        ] {
            let res = who.call(&app, method, &path, body).await;
            assert_eq!(res.status, 403, "{method} {path}: {}", res.body);
            assert_eq!(res.json()["code"], "NOT_SCHOOL_MEMBER");
        }
    }
    let res = call(&app, &a.c, "GET", &format!("/api/posts/{post}"), None, None).await;
    assert_eq!(res.status, 401);
    // The outsider's home only offers to join.
    let home = outsider.call(&app, "GET", "/api/community", None).await;
    assert_eq!(home.status, 200, "{}", home.body);
    assert_eq!(home.json()["school"], Value::Null);
    // The stranger's search never reaches another school.
    let res = stranger.call(&app, "GET", &format!("/api/community/search?q={}", enc(&word)), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(ids(&res.json()["posts"]).is_empty());

    // Anonymous posts and comments are refused on this board.
    let res =
        a.call(&app, "POST", &format!("/api/boards/{board}/posts"), Some(json!({"title": "t", "body": "b", "anonymous": true}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["code"], "ANONYMOUS_NOT_ALLOWED");
    let res = a.call(&app, "POST", &format!("/api/posts/{post}/comments"), Some(json!({"body": "b", "anonymous": true}))).await;
    assert_eq!(res.json()["code"], "ANONYMOUS_NOT_ALLOWED");
    let res = a.call(&app, "POST", &format!("/api/boards/{board}/posts"), Some(json!({"title": "", "body": "b"}))).await;
    assert_eq!(res.json()["code"], "INVALID_FIELDS");

    // Search: every word, in the title or the text.
    let found = a.call(&app, "GET", &format!("/api/community/search?q={}", enc(&format!("{word} 바나나"))), None).await.json();
    assert_eq!(ids(&found["posts"]), vec![post]);
    let none = a.call(&app, "GET", &format!("/api/community/search?q={}", enc(&format!("{word} 포도"))), None).await.json();
    assert!(ids(&none["posts"]).is_empty());
    let in_board = a.call(&app, "GET", &format!("/api/boards/{board}/posts?q={}", enc(&word)), None).await.json();
    assert_eq!(ids(&in_board["posts"]), vec![post]);
    let res = a.call(&app, "GET", "/api/community/search?q=%20", None).await;
    assert_eq!(res.status, 400);
    assert_eq!(res.json()["code"], "INVALID_QUERY");
}

#[tokio::test]
async fn post_pictures_are_attached_once_and_served_only_to_the_school() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let elsewhere = new_school(&state).await;
    let board = new_board(&state, school, true, false).await;
    let a = member_of(&app, &state, Some(school)).await;
    let b = member_of(&app, &state, Some(school)).await;
    let stranger = member_of(&app, &state, Some(elsewhere)).await;

    let pic = a.upload(&app, png(2000, 1000)).await;
    let url = pic["url"].as_str().unwrap().to_owned();
    let thumb = pic["thumbUrl"].as_str().unwrap().to_owned();
    assert!(url.starts_with("/files/board/"));
    // Before its post: the uploader only.
    assert_eq!(get_file(&app, &url, Some(&a.m)).await, 200);
    assert_eq!(get_file(&app, &url, Some(&b.m)).await, 404);

    // Someone else's picture, too many pictures, a file that is not a picture.
    let res = b
        .call(&app, "POST", &format!("/api/boards/{board}/posts"), Some(json!({"title": "t", "body": "b", "imageIds": [pic["id"]]})))
        .await;
    assert_eq!(res.status, 400, "{}", res.body);
    let many: Vec<u64> = (1..=11).collect();
    let res = a.call(&app, "POST", &format!("/api/boards/{board}/posts"), Some(json!({"title": "t", "body": "b", "imageIds": many}))).await;
    assert_eq!(res.json()["code"], "TOO_MANY_IMAGES");
    let res = a.call(&app, "GET", "/api/community/upload-url?filename=evil.svg", None).await;
    assert_eq!(res.status, 400);
    let res = outsider_upload_url(&app, &state).await;
    assert_eq!(res, 403);

    let post = a.post(&app, board, json!({"title": "사진", "body": "본문", "imageIds": [pic["id"]]})).await;
    let res = a
        .call(&app, "POST", &format!("/api/boards/{board}/posts"), Some(json!({"title": "t", "body": "b", "imageIds": [pic["id"]]})))
        .await;
    assert_eq!(res.status, 400, "a picture is attached once: {}", res.body);
    let view = b.view(&app, post).await;
    assert_eq!(view["images"][0]["url"], url.as_str());
    assert_eq!((view["images"][0]["width"].as_u64(), view["images"][0]["height"].as_u64()), (Some(1600), Some(800)));
    let list = b.call(&app, "GET", &format!("/api/boards/{board}/posts"), None).await.json();
    assert_eq!(list["posts"][0]["hasImages"], true);

    assert_eq!(get_file(&app, &url, Some(&b.m)).await, 200);
    assert_eq!(get_file(&app, &thumb, Some(&b.m)).await, 200);
    assert_eq!(get_file(&app, &url, Some(&stranger.m)).await, 404);
    assert_eq!(get_file(&app, &url, None).await, 404);
    let res = send(&app, Request::get(&url).header("cookie", format!("accessToken={}", b.m.access)).body(Body::empty()).unwrap()).await;
    assert_eq!(res.headers["cache-control"], "private, no-store");
    assert_eq!(res.headers["content-type"], "image/jpeg");

    // Editing drops a picture and adds another, in the new order.
    let second = a.upload(&app, png(40, 40)).await;
    let res = a
        .call(&app, "PATCH", &format!("/api/posts/{post}"), Some(json!({"title": "사진", "body": "본문", "imageIds": [second["id"]]})))
        .await;
    assert_eq!(res.status, 204, "{}", res.body);
    let view = b.view(&app, post).await;
    assert_eq!(ids(&view["images"]), vec![second["id"].as_u64().unwrap()]);
    assert_eq!(get_file(&app, &url, Some(&a.m)).await, 404, "the dropped picture is gone");
}

/// A member without a school asks for an upload URL.
async fn outsider_upload_url(app: &Router, state: &AppState) -> u16 {
    let o = member_of(app, state, None).await;
    o.call(app, "GET", "/api/community/upload-url?filename=a.png", None).await.status
}

#[tokio::test]
async fn the_server_rendered_pages_leave_no_trace_of_an_anonymous_writer() {
    let (app, state) = api().await;
    let AnonymousPost { board, post, title, writer, reader, .. } = anonymous_hot_post(&app, &state).await;

    for path in
        [format!("/community/posts/{post}"), format!("/community/boards/{board}"), "/community/hot".to_owned(), "/community".to_owned()]
    {
        let req = Request::get(&path)
            .header("x-forwarded-for", &reader.c.ip)
            .header("cookie", format!("accessToken={}", reader.m.access))
            .body(Body::empty())
            .unwrap();
        let res = send(&app, req).await;
        assert_eq!(res.status, 200, "{path}: {}", res.body);
        assert!(res.body.contains(&title), "{path} renders the post: {}", res.body);
        assert!(!res.body.contains(&writer.nick), "{path}: the nickname leaked: {}", res.body);
        assert!(!res.body.contains(&writer.m.email), "{path}: the email leaked: {}", res.body);
        assert!(!res.body.contains(&format!("/hompy/{}", writer.m.id)), "{path}: the homepage link leaked: {}", res.body);
        assert!(!res.body.contains(&format!("\"writerId\":{}", writer.m.id)), "{path}: the writer's id leaked: {}", res.body);
    }
}

#[tokio::test]
async fn a_retired_board_is_read_only() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let board = new_board(&state, school, true, false).await;
    let a = member_of(&app, &state, Some(school)).await;
    let b = member_of(&app, &state, Some(school)).await;
    let post = a.post(&app, board, json!({"title": "은퇴 전", "body": "본문"})).await;
    sqlx::query("UPDATE boards SET retired = TRUE WHERE id = ?").bind(board).execute(&state.db).await.unwrap();

    let res = a.call(&app, "POST", &format!("/api/boards/{board}/posts"), Some(json!({"title": "t", "body": "b"}))).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(res.json()["code"], "BOARD_RETIRED");
    let res = b.call(&app, "POST", &format!("/api/posts/{post}/comments"), Some(json!({"body": "댓글"}))).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(res.json()["code"], "BOARD_RETIRED");
    let res = b.call(&app, "PUT", &format!("/api/posts/{post}/like"), None).await;
    assert_eq!(res.status, 403, "{}", res.body);
    let res = a.call(&app, "DELETE", &format!("/api/posts/{post}"), None).await;
    assert_eq!(res.status, 403, "{}", res.body);

    // Reading still works, and nothing changed.
    let view = b.view(&app, post).await;
    assert_eq!(view["status"], "VISIBLE");
    assert_eq!(view["title"], "은퇴 전");
    assert_eq!(view["likeCount"], 0);
    assert_eq!(view["comments"].as_array().unwrap().len(), 0);
    let res = b.call(&app, "GET", &format!("/api/boards/{board}/posts"), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(ids(&res.json()["posts"]), vec![post]);
}

#[tokio::test]
async fn a_suspended_member_reads_but_does_not_write() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let board = new_board(&state, school, true, false).await;
    let a = member_of(&app, &state, Some(school)).await;
    let s = member_of(&app, &state, Some(school)).await;
    let post = a.post(&app, board, json!({"title": "글", "body": "본문"})).await;
    sqlx::query("UPDATE school_members SET suspended_until = NOW() + INTERVAL 1 DAY WHERE user_id = ?")
        .bind(s.m.id)
        .execute(&state.db)
        .await
        .unwrap();

    for (method, path, body) in [
        ("POST", format!("/api/boards/{board}/posts"), Some(json!({"title": "t", "body": "b"}))),
        ("POST", format!("/api/posts/{post}/comments"), Some(json!({"body": "댓글"}))),
        ("PUT", format!("/api/posts/{post}/like"), None),
    ] {
        let res = s.call(&app, method, &path, body).await;
        assert_eq!(res.status, 403, "{method} {path}: {}", res.body);
        assert_eq!(res.json()["code"], "WRITING_SUSPENDED", "{method} {path}");
    }
    let view = s.view(&app, post).await;
    assert_eq!(view["likeCount"], 0);
    assert_eq!(view["comments"].as_array().unwrap().len(), 0);
    let res = s.call(&app, "GET", &format!("/api/boards/{board}/posts"), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(ids(&res.json()["posts"]), vec![post]);
}

#[tokio::test]
async fn ten_members_commenting_at_once_get_ten_distinct_anonymous_numbers() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let board = new_board(&state, school, true, false).await;
    let writer = member_of(&app, &state, Some(school)).await;
    let post = writer.post(&app, board, json!({"title": "익명 글", "body": "본문", "anonymous": true})).await;
    let mut others = vec![];
    for _ in 0..10 {
        others.push(member_of(&app, &state, Some(school)).await);
    }
    let tries = others.iter().map(|o| {
        let (app, c, m) = (app.clone(), o.c.clone(), o.m.clone());
        let path = format!("/api/posts/{post}/comments");
        tokio::spawn(async move { call(&app, &c, "POST", &path, Some(&m), Some(json!({"body": "동시에", "anonymous": true}))).await })
    });
    let mut names = std::collections::BTreeSet::new();
    for r in futures::future::join_all(tries).await {
        let r = r.unwrap();
        assert_eq!(r.status, 201, "{}", r.body);
        names.insert(r.json()["writer"].as_str().unwrap().to_owned());
    }
    let expected: std::collections::BTreeSet<String> = (1..=10).map(|n| format!("익명{n}")).collect();
    assert_eq!(names, expected);
    // The view agrees, one name per member.
    let view = writer.view(&app, post).await;
    let shown: std::collections::BTreeSet<String> =
        view["comments"].as_array().unwrap().iter().map(|c| c["writer"].as_str().unwrap().to_owned()).collect();
    assert_eq!(shown, expected);
}

#[tokio::test]
async fn a_deleted_answered_question_loses_its_text_from_search_and_its_pictures() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let board = new_board(&state, school, true, true).await;
    let a = member_of(&app, &state, Some(school)).await;
    let b = member_of(&app, &state, Some(school)).await;
    let word = unique("본문어")[..20].to_owned();
    let pic = a.upload(&app, png(80, 60)).await;
    let url = pic["url"].as_str().unwrap().to_owned();
    let thumb = pic["thumbUrl"].as_str().unwrap().to_owned();
    let q = a
        .post(&app, board, json!({"title": "질문 있어요", "body": format!("질문 내용 {word}"), "question": true, "imageIds": [pic["id"]]}))
        .await;
    b.comment(&app, q, json!({"body": "답변"})).await;

    let school_search = format!("/api/community/search?q={}", enc(&word));
    let board_search = format!("/api/boards/{board}/posts?q={}", enc(&word));
    // Found before, and the picture served.
    for path in [&school_search, &board_search] {
        let res = b.call(&app, "GET", path, None).await;
        assert_eq!(res.status, 200, "{path}: {}", res.body);
        assert_eq!(ids(&res.json()["posts"]), vec![q], "{path} before the delete");
    }
    assert_eq!(get_file(&app, &url, Some(&b.m)).await, 200);

    let res = a.call(&app, "DELETE", &format!("/api/posts/{q}"), None).await;
    assert_eq!(res.status, 204, "{}", res.body);

    for path in [&school_search, &board_search] {
        let res = b.call(&app, "GET", path, None).await;
        assert_eq!(res.status, 200, "{path}: {}", res.body);
        assert!(ids(&res.json()["posts"]).is_empty(), "{path} still finds the hidden text: {}", res.body);
        assert!(!res.body.contains(&word), "{path}: {}", res.body);
    }
    let view = b.view(&app, q).await;
    assert_eq!(view["textHidden"], true);
    assert_eq!(view["body"], "");
    assert_eq!(view["images"].as_array().map(Vec::len), Some(0), "{view}");
    assert_eq!(view["title"], "질문 있어요");
    assert!(!view.to_string().contains(&word));
    assert_eq!(get_file(&app, &url, Some(&b.m)).await, 404);
    assert_eq!(get_file(&app, &thumb, Some(&b.m)).await, 404);
    assert_eq!(get_file(&app, &url, Some(&a.m)).await, 404);
}

#[tokio::test]
async fn best_counts_only_the_last_seven_days_of_likes() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let board = new_board(&state, school, true, false).await;
    let writer = member_of(&app, &state, Some(school)).await;
    let x = member_of(&app, &state, Some(school)).await;
    let y = member_of(&app, &state, Some(school)).await;
    let old = writer.post(&app, board, json!({"title": "예전 인기글", "body": "본문"})).await;
    let new = writer.post(&app, board, json!({"title": "요즘 글", "body": "본문"})).await;
    for _ in 0..5 {
        let liker = insert_member(&state, "공감러", "t", "i", "basic-boy").await;
        sqlx::query("INSERT INTO board_likes (target_kind, target_id, user_id, created_at) VALUES ('POST', ?, ?, NOW() - INTERVAL 30 DAY)")
            .bind(old)
            .bind(liker)
            .execute(&state.db)
            .await
            .unwrap();
    }
    sqlx::query("UPDATE board_posts SET like_count = 5 WHERE id = ?").bind(old).execute(&state.db).await.unwrap();
    for who in [&x, &y] {
        let res = who.call(&app, "PUT", &format!("/api/posts/{new}/like"), None).await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
    assert_eq!(x.view(&app, new).await["likeCount"], 2);

    let res = x.call(&app, "GET", "/api/community/best", None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let best = ids(&res.json());
    assert_eq!(best, vec![new], "only the post liked this week: {}", res.body);
    assert!(!best.contains(&old));
}
