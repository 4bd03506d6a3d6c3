//! The site-wide block list: one block stops the guestbook, comments, 일촌 requests, 일촌평 and
//! chat in both directions, the blocker sees whom they blocked, and chat's old blocks are
//! carried over.

use crate::common::*;
use serde_json::{json, Value};

async fn write_guestbook(app: &axum::Router, c: &Client, me: &Member, owner: u64) -> Response {
    c.call(app, "POST", &format!("/api/hompy/{owner}/guestbook"), Some(&me.access), Some(json!({"body": "안녕하세요"}))).await
}

#[tokio::test]
async fn one_block_stops_every_way_to_reach_a_member_in_both_directions() {
    let (app, state) = api().await;
    let (ca, a) = someone(&app, &state).await;
    let (cb, b) = someone(&app, &state).await;
    let diary = public_diary(&app, &ca, &a).await;
    // Before: b writes in a's guestbook and has a chat room with a.
    assert_eq!(write_guestbook(&app, &cb, &b, a.id).await.status, 201);
    let room = cb.call(&app, "POST", "/api/chat/rooms", Some(&b.access), Some(json!({"withUserId": a.id}))).await.json()["roomId"]
        .as_str()
        .unwrap()
        .to_owned();
    let say = |text: &str| json!({"clientId": uuid::Uuid::new_v4().to_string(), "text": text});

    let res = ca.call(&app, "PUT", &format!("/api/me/blocks/{}", a.id), Some(&a.access), None).await;
    assert_eq!(code(&res), (400, "BLOCK_SELF".into()));
    let res = ca.call(&app, "PUT", "/api/me/blocks/999999999", Some(&a.access), None).await;
    assert_eq!(code(&res), (404, "USER_NOT_FOUND".into()));
    let res = ca.call(&app, "PUT", &format!("/api/me/blocks/{}", b.id), Some(&a.access), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let res = ca.call(&app, "PUT", &format!("/api/me/blocks/{}", b.id), Some(&a.access), None).await;
    assert_eq!(res.status, 204, "blocking again is fine: {}", res.body);
    let list = ca.call(&app, "GET", "/api/me/blocks", Some(&a.access), None).await.json();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["userId"], b.id);
    assert_eq!(list[0]["nickname"], "길동이");
    // The blocked side has no list entry of its own, and cannot read the blocker's.
    assert_eq!(cb.call(&app, "GET", "/api/me/blocks", Some(&b.access), None).await.json(), json!([]));

    // b → a: BLOCKED; a → b: YOU_BLOCKED (a may lift it).
    assert_eq!(code(&write_guestbook(&app, &cb, &b, a.id).await), (403, "BLOCKED".into()));
    assert_eq!(code(&write_guestbook(&app, &ca, &a, b.id).await), (403, "YOU_BLOCKED".into()));
    let res = cb.call(&app, "POST", &format!("/api/comments/diary/{diary}"), Some(&b.access), Some(json!({"body": "댓글"}))).await;
    assert_eq!(code(&res), (403, "BLOCKED".into()));
    let ask = |from: u64| json!({"toId": from, "fromName": "친구", "toName": "친구"});
    let res = cb.call(&app, "POST", "/api/ilchon/requests", Some(&b.access), Some(ask(a.id))).await;
    assert_eq!(code(&res), (403, "BLOCKED".into()));
    let res = ca.call(&app, "POST", "/api/ilchon/requests", Some(&a.access), Some(ask(b.id))).await;
    assert_eq!(code(&res), (403, "YOU_BLOCKED".into()));
    let res = cb.call(&app, "POST", &format!("/api/chat/rooms/{room}/messages"), Some(&b.access), Some(say("안녕"))).await;
    assert_eq!(code(&res), (403, "BLOCKED".into()));

    // Lifted: everything works again.
    let res = ca.call(&app, "DELETE", &format!("/api/me/blocks/{}", b.id), Some(&a.access), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    assert_eq!(ca.call(&app, "GET", "/api/me/blocks", Some(&a.access), None).await.json(), json!([]));
    assert_eq!(write_guestbook(&app, &cb, &b, a.id).await.status, 201);
    let res = cb.call(&app, "POST", &format!("/api/comments/diary/{diary}"), Some(&b.access), Some(json!({"body": "댓글"}))).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let res = cb.call(&app, "POST", &format!("/api/chat/rooms/{room}/messages"), Some(&b.access), Some(say("다시 안녕"))).await;
    assert!(res.status < 300, "{}", res.body);
}

#[tokio::test]
async fn a_block_between_ilchon_stops_ilchonpyeong_and_the_owners_guestbook_reply() {
    let (app, state) = api().await;
    let (ca, a) = someone(&app, &state).await;
    let (cb, b) = someone(&app, &state).await;
    become_ilchon(&app, &ca, &a, &cb, &b).await;
    let pyeong = |body: &str| json!({"body": body});
    let res = cb.call(&app, "POST", &format!("/api/hompy/{}/ilchonpyeong", a.id), Some(&b.access), Some(pyeong("멋져요"))).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let entry = write_guestbook(&app, &cb, &b, a.id).await.json()["id"].as_u64().unwrap();

    // b blocks a (the owner): a cannot answer b's entry, b cannot leave 일촌평 on a's home.
    let res = cb.call(&app, "PUT", &format!("/api/me/blocks/{}", a.id), Some(&b.access), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let res = cb.call(&app, "POST", &format!("/api/hompy/{}/ilchonpyeong", a.id), Some(&b.access), Some(pyeong("또요"))).await;
    assert_eq!(code(&res), (403, "YOU_BLOCKED".into()));
    let res = ca.call(&app, "PUT", &format!("/api/guestbook/{entry}/reply"), Some(&a.access), Some(json!({"reply": "고마워"}))).await;
    assert_eq!(code(&res), (403, "BLOCKED".into()));
}

#[tokio::test]
async fn chats_old_blocks_are_carried_into_the_site_wide_list() {
    let (app, state) = api().await;
    let (ca, a) = someone(&app, &state).await;
    let (cb, b) = someone(&app, &state).await;
    let legacy = state.mongo.collection::<mongodb::bson::Document>("chat_blocks");
    let id = format!("{}:{}", a.id, b.id);
    legacy
        .insert_one(mongodb::bson::doc! { "_id": &id, "blocker": a.id as i64, "blocked": b.id as i64, "createdAt": 1_700_000_000_000i64 })
        .await
        .unwrap();
    // Another test's start may have carried it already; either way it ends up in MySQL.
    minihompy::chat::import_legacy_blocks(&state).await.unwrap();
    assert!(legacy.find_one(mongodb::bson::doc! { "_id": &id }).await.unwrap().is_none(), "the copied document is removed");
    let list: Value = ca.call(&app, "GET", "/api/me/blocks", Some(&a.access), None).await.json();
    assert_eq!(list[0]["userId"], b.id, "{list}");
    assert_eq!(code(&write_guestbook(&app, &cb, &b, a.id).await), (403, "BLOCKED".into()));
}
