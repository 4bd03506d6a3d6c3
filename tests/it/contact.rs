//! The member's own account over REST (`/api/me…`, reset, find-email), and the email and
//! mobile changes proved by a code: nothing changes until the code is right, the old address
//! is told, a code works once.

use crate::common::*;
use serde_json::json;

#[tokio::test]
async fn who_am_i_sessions_and_password_over_rest() {
    let (app, state) = api().await;
    let (c, m) = someone(&app, &state).await;

    let res = c.call(&app, "GET", "/api/me", None, None).await;
    assert_eq!(res.status, 401, "{}", res.body);
    let res = c.call(&app, "GET", "/api/me", Some(&m.access), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["userId"], m.id);
    assert_eq!(res.json()["email"], m.email.as_str());
    assert_eq!(res.json()["phoneVerified"], false);

    // A second sign-in is listed; ending it stops its refresh token.
    let (_, other_refresh) = login(&app, &c, &m.email, PASSWORD).await;
    let res = c.call(&app, "GET", "/api/me/sessions", Some(&m.access), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let list = res.json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(list.iter().filter(|s| s["current"] == true).count(), 1);
    let other = list.iter().find(|s| s["current"] == false).unwrap()["id"].as_str().unwrap().to_owned();
    let res = c.call(&app, "DELETE", "/api/me/sessions/not-mine", Some(&m.access), None).await;
    assert_eq!(res.status, 404, "{}", res.body);
    assert_eq!(res.json()["code"], "SESSION_NOT_FOUND");
    let res = c.call(&app, "DELETE", &format!("/api/me/sessions/{other}"), Some(&m.access), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let res = c.call(&app, "POST", "/api/refresh", None, Some(json!({"refreshToken": other_refresh}))).await;
    assert_eq!(res.status, 401, "{}", res.body);

    // Password change: a wrong current password is 403 and changes nothing.
    let body = json!({"currentPassword": "Not-The-One-1!", "newPassword": "Brand-New-Pass-7"});
    let res = c.call(&app, "POST", "/api/me/password", Some(&m.access), Some(body)).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(res.json()["code"], "WRONG_PASSWORD");
    assert_eq!(res.json()["invalidFields"], json!(["currentPassword"]));
    login(&app, &c, &m.email, PASSWORD).await;
    let body = json!({"currentPassword": PASSWORD, "newPassword": "Brand-New-Pass-7", "endOtherSessions": false});
    let res = c.call(&app, "POST", "/api/me/password", Some(&m.access), Some(body)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(c.login_attempt(&app, &m.email, PASSWORD).await.status, 401);
    login(&app, &c, &m.email, "Brand-New-Pass-7").await;

    // The nickname changes over REST as on the page.
    let res = c.call(&app, "PATCH", &format!("/api/accounts/{}", m.id), Some(&m.access), Some(json!({"nickname": "새별명"}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["nickname"], "새별명");
    let res = c.call(&app, "PATCH", &format!("/api/accounts/{}", m.id), Some(&m.access), Some(json!({"nickname": "x"}))).await;
    assert_eq!(res.json()["invalidFields"], json!(["nickname"]), "{}", res.body);
}

#[tokio::test]
async fn reset_and_find_email_over_rest() {
    let (app, state) = api().await;
    let (c, m) = someone(&app, &state).await;

    // The same answer for a member's address and a stranger's.
    let res = c.call(&app, "POST", "/api/password-reset", None, Some(json!({"email": "nobody-here@example.test"}))).await;
    assert_eq!(res.status, 202, "{}", res.body);
    let res = c.call(&app, "POST", "/api/password-reset", None, Some(json!({"email": m.email}))).await;
    assert_eq!(res.status, 202, "{}", res.body);
    let token = reset_token(&m.email).await;
    let res = c.call(&app, "POST", "/api/password-reset/complete", None, Some(json!({"token": token, "password": "short"}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["invalidFields"], json!(["password"]));
    let res =
        c.call(&app, "POST", "/api/password-reset/complete", None, Some(json!({"token": token, "password": "Reset-By-Rest-9"}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = c.call(&app, "POST", "/api/password-reset/complete", None, Some(json!({"token": token, "password": "Reset-Again-99"}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["code"], "INVALID_RESET_TOKEN");
    login(&app, &c, &m.email, "Reset-By-Rest-9").await;

    // Find my email: by name and a number the member has.
    let phone = random_phone();
    sqlx::query("UPDATE users SET phone = ? WHERE id = ?").bind(&phone).bind(m.id).execute(&state.db).await.unwrap();
    let res = c.call(&app, "POST", "/api/find-email", None, Some(json!({"name": "홍길동", "phone": phone}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let emails = res.json()["emails"].clone();
    assert_eq!(emails.as_array().unwrap().len(), 1, "{emails}");
    let shown = emails[0].as_str().unwrap();
    assert!(shown.contains('*') && shown.ends_with("@example.test") && shown != m.email, "{shown}");
    let res = c.call(&app, "POST", "/api/find-email", None, Some(json!({"name": "홍길동", "phone": "12"}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["invalidFields"], json!(["phone"]));
}

#[tokio::test]
async fn the_email_changes_only_with_the_code_mailed_to_the_new_address() {
    let (app, state) = api().await;
    let (c, m) = someone(&app, &state).await;
    let (_, taken) = someone(&app, &state).await;
    let new_email = format!("{}@example.test", unique("moved"));

    let res = c.call(&app, "POST", "/api/me/email", Some(&m.access), Some(json!({"email": new_email, "password": "wrong-one-1"}))).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(res.json()["code"], "WRONG_PASSWORD");
    let res = c.call(&app, "POST", "/api/me/email", Some(&m.access), Some(json!({"email": "not-an-address", "password": PASSWORD}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["invalidFields"], json!(["email"]));
    let res = c.call(&app, "POST", "/api/me/email", Some(&m.access), Some(json!({"email": taken.email, "password": PASSWORD}))).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(res.json()["code"], "EMAIL_EXISTS");

    let res = c
        .call(&app, "POST", "/api/me/email", Some(&m.access), Some(json!({"email": new_email.to_uppercase(), "password": PASSWORD})))
        .await;
    assert_eq!(res.status, 202, "{}", res.body);
    assert_eq!(res.json()["sentTo"], new_email.as_str());
    // A second request within the minute waits.
    let res = c.call(&app, "POST", "/api/me/email", Some(&m.access), Some(json!({"email": new_email, "password": PASSWORD}))).await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert_eq!(res.json()["code"], "RESEND_COOLDOWN");
    assert!(res.headers.get("retry-after").is_some());
    let code = six_digit_code(&mail_to(&new_email).await);

    // A wrong code changes nothing.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let res = c.call(&app, "POST", "/api/me/email/confirm", Some(&m.access), Some(json!({"code": wrong}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["code"], "INVALID_CODE");
    let res = c.call(&app, "GET", "/api/me", Some(&m.access), None).await;
    assert_eq!(res.json()["email"], m.email.as_str());

    let res = c.call(&app, "POST", "/api/me/email/confirm", Some(&m.access), Some(json!({"code": code}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["email"], new_email.as_str());
    assert_eq!(res.json()["emailVerified"], true);
    // The code worked once.
    let res = c.call(&app, "POST", "/api/me/email/confirm", Some(&m.access), Some(json!({"code": code}))).await;
    assert_eq!(res.status, 400, "{}", res.body);

    // The old address is told (without the new one in full), and signs in no more.
    let notice = mail_to(&m.email).await;
    assert!(notice.contains("이메일이") && notice.contains("바뀌었습니다"), "{notice}");
    assert!(!notice.contains(&new_email), "{notice}");
    assert_eq!(c.login_attempt(&app, &m.email, PASSWORD).await.status, 401);
    login(&app, &c, &new_email, PASSWORD).await;
}

#[tokio::test]
async fn a_mobile_number_is_the_members_once_the_texted_code_comes_back() {
    let (app, state) = api().await;
    let (c, m) = someone(&app, &state).await;

    let res = c.call(&app, "POST", "/api/me/phone", Some(&m.access), Some(json!({"phone": "02-123"}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["invalidFields"], json!(["phone"]));

    let phone = random_phone();
    let shown = format!("{}-{}-{}", &phone[..3], &phone[3..7], &phone[7..]);
    let res = c.call(&app, "POST", "/api/me/phone", Some(&m.access), Some(json!({"phone": shown}))).await;
    assert_eq!(res.status, 202, "{}", res.body);
    assert_eq!(res.json()["sentTo"], phone.as_str());
    let code = sms_code(&phone).await;
    let res = c.call(&app, "GET", "/api/me", Some(&m.access), None).await;
    assert_eq!(res.json()["phone"], serde_json::Value::Null, "nothing changes before the code");

    let res = c.call(&app, "POST", "/api/me/phone/confirm", Some(&m.access), Some(json!({"code": code}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["phone"], phone.as_str());
    assert_eq!(res.json()["phoneVerified"], true);

    // Another member cannot spend someone's code: codes are per member.
    let (c2, other) = someone(&app, &state).await;
    let res = c2.call(&app, "POST", "/api/me/phone/confirm", Some(&other.access), Some(json!({"code": code}))).await;
    assert_eq!(res.status, 400, "{}", res.body);

    let res = c.call(&app, "DELETE", "/api/me/phone", Some(&m.access), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["phone"], serde_json::Value::Null);
    assert_eq!(res.json()["phoneVerified"], false);
}

#[tokio::test]
async fn five_wrong_codes_spend_the_pending_change() {
    let (app, state) = api().await;
    let (c, m) = someone(&app, &state).await;
    let phone = random_phone();
    let res = c.call(&app, "POST", "/api/me/phone", Some(&m.access), Some(json!({"phone": phone}))).await;
    assert_eq!(res.status, 202, "{}", res.body);
    let code = sms_code(&phone).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let res = c.call(&app, "POST", "/api/me/phone/confirm", Some(&m.access), Some(json!({"code": wrong}))).await;
        assert_eq!(res.status, 400, "{}", res.body);
    }
    let res = c.call(&app, "POST", "/api/me/phone/confirm", Some(&m.access), Some(json!({"code": code}))).await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert_eq!(res.json()["code"], "TOO_MANY_ATTEMPTS");
    let res = c.call(&app, "POST", "/api/me/phone/confirm", Some(&m.access), Some(json!({"code": code}))).await;
    assert_eq!(res.status, 400, "the right code no longer works: {}", res.body);
    let res = c.call(&app, "GET", "/api/me", Some(&m.access), None).await;
    assert_eq!(res.json()["phone"], serde_json::Value::Null);
}
