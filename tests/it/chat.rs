//! Chat storage through the REST API against the real MongoDB-protocol server and Redis:
//! ordering, idempotent retries, resuming after a reconnect, unread counts, membership,
//! and the send rate limit.

use crate::common::*;
use axum::Router;
use serde_json::{json, Value};

async fn open(app: &Router, c: &Client, me: &Member, other: u64) -> String {
    let res = c.call(app, "POST", "/api/chat/rooms", Some(&me.access), Some(json!({"withUserId": other}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()["roomId"].as_str().unwrap().to_owned()
}

async fn send(app: &Router, c: &Client, me: &Member, room: &str, client_id: &str, text: &str) -> Response {
    c.call(app, "POST", &format!("/api/chat/rooms/{room}/messages"), Some(&me.access), Some(json!({"clientId": client_id, "text": text})))
        .await
}

async fn history(app: &Router, c: &Client, me: &Member, room: &str, query: &str) -> Vec<Value> {
    let res = c.call(app, "GET", &format!("/api/chat/rooms/{room}/messages{query}"), Some(&me.access), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json().as_array().unwrap().clone()
}

fn seqs(list: &[Value]) -> Vec<i64> {
    list.iter().map(|m| m["seq"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn messages_are_stored_in_one_increasing_order_even_when_sent_at_once() {
    let (app, state) = api().await;
    let (ca, a) = someone(&app, &state).await;
    let (cb, b) = someone(&app, &state).await;
    let room = open(&app, &ca, &a, b.id).await;
    assert_eq!(open(&app, &cb, &b, a.id).await, room, "one room per pair");
    let mut tasks = vec![];
    for i in 0..5 {
        for (c, m) in [(&ca, &a), (&cb, &b)] {
            let (app, c, token, room) =
                (app.clone(), Client { ip: c.ip.clone(), origin: c.origin.clone() }, m.access.clone(), room.clone());
            tasks.push(tokio::spawn(async move {
                let res = c
                    .call(
                        &app,
                        "POST",
                        &format!("/api/chat/rooms/{room}/messages"),
                        Some(&token),
                        Some(json!({"clientId": unique("c"), "text": format!("메시지 {i}")})),
                    )
                    .await;
                assert_eq!(res.status, 200, "{}", res.body);
                res.json()["seq"].as_i64().unwrap()
            }));
        }
    }
    let mut acked = vec![];
    for t in tasks {
        acked.push(t.await.unwrap());
    }
    acked.sort();
    acked.dedup();
    assert_eq!(acked.len(), 10, "each acknowledged message has its own seq: {acked:?}");
    let list = history(&app, &ca, &a, &room, "").await;
    assert_eq!(seqs(&list), acked, "stored in one increasing order");
    assert_eq!(list.iter().filter(|m| m["senderId"] == a.id).count(), 5);
}

#[tokio::test]
async fn a_retry_with_the_same_client_id_never_duplicates() {
    let (app, state) = api().await;
    let (ca, a) = someone(&app, &state).await;
    let (_, b) = someone(&app, &state).await;
    let room = open(&app, &ca, &a, b.id).await;
    let key = unique("retry");
    let first = send(&app, &ca, &a, &room, &key, "안녕!").await.json();
    let again = send(&app, &ca, &a, &room, &key, "안녕!").await.json();
    assert_eq!(first, again);
    // Two retries racing each other.
    let key2 = unique("race");
    let (r1, r2) = tokio::join!(send(&app, &ca, &a, &room, &key2, "둘"), send(&app, &ca, &a, &room, &key2, "둘"));
    assert_eq!(r1.json()["id"], r2.json()["id"], "{} / {}", r1.body, r2.body);
    let list = history(&app, &ca, &a, &room, "").await;
    assert_eq!(list.len(), 2, "{list:?}");
}

#[tokio::test]
async fn a_client_resumes_after_its_last_seq_without_loss_or_duplicates() {
    let (app, state) = api().await;
    let (ca, a) = someone(&app, &state).await;
    let (cb, b) = someone(&app, &state).await;
    let room = open(&app, &ca, &a, b.id).await;
    for i in 1..=4 {
        assert_eq!(send(&app, &ca, &a, &room, &unique("m"), &format!("a{i}")).await.status, 200);
    }
    let seen = history(&app, &cb, &b, &room, "").await;
    let last = seen.last().unwrap()["seq"].as_i64().unwrap();
    // B goes offline; A sends more; B comes back and asks for what follows.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    for i in 5..=7 {
        assert_eq!(send(&app, &ca, &a, &room, &unique("m"), &format!("a{i}")).await.status, 200);
    }
    let missed = history(&app, &cb, &b, &room, &format!("?after={last}")).await;
    assert_eq!(missed.iter().map(|m| m["text"].as_str().unwrap()).collect::<Vec<_>>(), ["a5", "a6", "a7"]);
    // Scrolling back pages through older messages.
    let older = history(&app, &cb, &b, &room, "?before=5&limit=2").await;
    assert_eq!(seqs(&older), [3, 4]);
    let res = cb.call(&app, "GET", &format!("/api/chat/rooms/{room}/messages?limit=0"), Some(&b.access), None).await;
    assert_eq!(res.status, 400);
}

#[tokio::test]
async fn unread_counts_grow_per_member_and_clear_when_the_room_is_read() {
    let (app, state) = api().await;
    let (ca, a) = someone(&app, &state).await;
    let (cb, b) = someone(&app, &state).await;
    let room = open(&app, &ca, &a, b.id).await;
    for i in 0..3 {
        send(&app, &ca, &a, &room, &unique("u"), &format!("읽어 줘 {i}")).await;
    }
    let rooms = |c: &Client, m: &Member| {
        let (app, c, token) = (app.clone(), Client { ip: c.ip.clone(), origin: c.origin.clone() }, m.access.clone());
        async move { c.call(&app, "GET", "/api/chat/rooms", Some(&token), None).await.json()[0].clone() }
    };
    let for_b = rooms(&cb, &b).await;
    assert_eq!((for_b["unread"].as_i64(), for_b["otherId"].as_u64(), for_b["lastText"].as_str()), (Some(3), Some(a.id), Some("읽어 줘 2")));
    assert_eq!(rooms(&ca, &a).await["unread"], 0, "my own messages are not unread");
    assert_eq!(rooms(&ca, &a).await["otherReadSeq"], 0, "the '1' markers stay until B reads");
    let res = cb.call(&app, "POST", &format!("/api/chat/rooms/{room}/read"), Some(&b.access), None).await;
    assert_eq!(res.json()["readSeq"], 3);
    assert_eq!(rooms(&cb, &b).await["unread"], 0);
    assert_eq!(rooms(&ca, &a).await["otherReadSeq"], 3);
}

#[tokio::test]
async fn only_the_two_members_read_or_post_in_a_room() {
    let (app, state) = api().await;
    let (ca, a) = someone(&app, &state).await;
    let (_, b) = someone(&app, &state).await;
    let (cc, c) = someone(&app, &state).await;
    let room = open(&app, &ca, &a, b.id).await;
    send(&app, &ca, &a, &room, &unique("p"), "비밀 대화").await;
    let res = cc.call(&app, "GET", &format!("/api/chat/rooms/{room}/messages"), Some(&c.access), None).await;
    assert_eq!((res.status, res.json()["code"].as_str()), (404, Some("ROOM_NOT_FOUND")));
    assert_eq!(send(&app, &cc, &c, &room, &unique("p"), "끼어들기").await.status, 404);
    assert_eq!(cc.call(&app, "POST", &format!("/api/chat/rooms/{room}/read"), Some(&c.access), None).await.status, 404);
    assert_eq!(cc.call(&app, "GET", &format!("/api/chat/rooms/{room}/messages"), None, None).await.status, 401);
    assert_eq!(history(&app, &ca, &a, &room, "").await.len(), 1, "nothing was added");
    let res = cc.call(&app, "POST", "/api/chat/rooms", Some(&c.access), Some(json!({"withUserId": c.id}))).await;
    assert_eq!(res.status, 400);
    let res = send(&app, &ca, &a, &room, "bad id!", "x").await;
    assert_eq!(res.json()["code"], "INVALID_FIELDS");
}

#[tokio::test]
async fn sending_is_limited_to_five_messages_a_second() {
    let (app, state) = api().await;
    let (ca, a) = someone(&app, &state).await;
    let (_, b) = someone(&app, &state).await;
    let room = open(&app, &ca, &a, b.id).await;
    let mut statuses = vec![];
    for i in 0..7 {
        statuses.push(send(&app, &ca, &a, &room, &unique("r"), &format!("도배 {i}")).await.status);
    }
    assert!(statuses.iter().filter(|s| **s == 429).count() >= 1, "{statuses:?}");
    assert!(statuses.iter().filter(|s| **s == 200).count() <= 5, "{statuses:?}");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(send(&app, &ca, &a, &room, &unique("r"), "쿨다운 끝").await.status, 200);
}
