//! Only members who verified their email write what others see: until then every such
//! write answers 403 EMAIL_NOT_VERIFIED and stores nothing; the mailed code lifts it at
//! once, for the token the member already holds.

use crate::common::*;
use serde_json::json;

#[tokio::test]
async fn an_unverified_member_reads_but_writes_nothing_others_see_until_the_code() {
    let (app, state) = api().await;
    let (ca, a) = someone(&app, &state).await;
    let cu = Client::new(&state);
    let u = unverified_member(&app, &cu).await;
    let diary = public_diary(&app, &ca, &a).await;
    let room = cu.call(&app, "POST", "/api/chat/rooms", Some(&u.access), Some(json!({"withUserId": a.id}))).await;
    assert!(room.status < 300, "opening a room writes nothing the other sees: {}", room.body);
    let room = room.json()["roomId"].as_str().unwrap().to_owned();

    let guestbook = || json!({"body": "안녕하세요"});
    let my_diary = || json!({"entryDate": "2026-11-03", "title": "첫 일기", "body": "내용", "visibility": "PUBLIC"});
    let ask = || json!({"toId": a.id, "fromName": "친구", "toName": "친구"});
    let say = || json!({"clientId": uuid::Uuid::new_v4().to_string(), "text": "안녕"});
    let attempts = [
        ("POST", format!("/api/hompy/{}/guestbook", a.id), guestbook()),
        ("POST", format!("/api/hompy/{}/diary", u.id), my_diary()),
        ("POST", format!("/api/comments/diary/{diary}"), json!({"body": "댓글"})),
        ("POST", "/api/ilchon/requests".to_owned(), ask()),
        ("POST", format!("/api/chat/rooms/{room}/messages"), say()),
    ];
    for (method, path, body) in &attempts {
        let res = cu.call(&app, method, path, Some(&u.access), Some(body.clone())).await;
        assert_eq!(code(&res), (403, "EMAIL_NOT_VERIFIED".into()), "{path}: {}", res.body);
        assert!(res.json()["message"].as_str().unwrap().contains("인증"), "{}", res.body);
    }
    // Nothing was stored: a's guestbook and diary comments are as they were.
    let book = ca.call(&app, "GET", &format!("/api/hompy/{}/guestbook", a.id), Some(&a.access), None).await;
    assert!(!book.body.contains("안녕하세요"), "{}", book.body);
    let me = cu.call(&app, "GET", "/api/me", Some(&u.access), None).await.json();
    assert_eq!(me["emailVerified"], false, "{me}");

    // The mailed code, with the token issued before it: every write goes through.
    let mail = mail_to(&u.email).await;
    let res = cu.call(&app, "POST", "/api/users/verify-email", None, Some(json!({"email": u.email, "code": six_digit_code(&mail)}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    for (method, path, body) in &attempts {
        let body = if path.ends_with("/messages") { say() } else { body.clone() };
        let res = cu.call(&app, method, path, Some(&u.access), Some(body)).await;
        assert!(res.status < 300, "{path}: {}", res.body);
    }
    let book = ca.call(&app, "GET", &format!("/api/hompy/{}/guestbook", a.id), Some(&a.access), None).await;
    assert!(book.body.contains("안녕하세요"), "{}", book.body);
}
