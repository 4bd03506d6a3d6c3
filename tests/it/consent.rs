//! Consent at signup (the terms and the privacy notice, versions and time) and the guardian
//! step for a member under 14: no sign-in until the guardian agreed through the mailed link.

use crate::common::*;
use chrono::Datelike;
use serde_json::json;

fn signup_body(email: &str, extra: serde_json::Value) -> serde_json::Value {
    let mut body = json!({"email": email, "password": PASSWORD, "name": "김동의", "nickname": "동의함"});
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    body
}

fn new_email(prefix: &str) -> String {
    format!("{}@example.test", unique(prefix))
}

#[tokio::test]
async fn signup_records_the_agreements_with_their_versions() {
    let (app, state) = api().await;
    let c = Client::new(&state);

    let email = new_email("agree");
    let res = c
        .call(&app, "POST", "/api/users/signup", None, Some(signup_body(&email, json!({"agreeTerms": false, "agreePrivacy": true}))))
        .await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["invalidFields"], json!(["agreeTerms"]));

    let res =
        c.call(&app, "POST", "/api/users/signup", None, Some(signup_body(&email, json!({"agreeTerms": true, "agreePrivacy": true})))).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let (access, _) = login(&app, &c, &email, PASSWORD).await;
    let list = c.call(&app, "GET", "/api/me/consents", Some(&access), None).await.json();
    let docs: Vec<(&str, &str)> =
        list.as_array().unwrap().iter().map(|c| (c["document"].as_str().unwrap(), c["version"].as_str().unwrap())).collect();
    assert_eq!(docs, vec![("PRIVACY", "2026-11-01"), ("TERMS", "2026-11-01")]);
    assert!(list[0]["consentedAt"].as_str().unwrap().ends_with('Z'));

    // A seed document's client sends no agreement: none is recorded, and the member agrees later.
    let (c2, m) = someone(&app, &state).await;
    assert_eq!(c2.call(&app, "GET", "/api/me/consents", Some(&m.access), None).await.json(), json!([]));
    let res = c2.call(&app, "POST", "/api/me/consents", Some(&m.access), None).await;
    assert_eq!(res.status, 201, "{}", res.body);
    assert_eq!(res.json().as_array().unwrap().len(), 2);
    assert_eq!(c2.call(&app, "GET", "/api/me/consents", None, None).await.status, 401);
}

#[tokio::test]
async fn a_member_under_14_signs_in_only_after_the_guardian_agreed() {
    let (app, state) = api().await;
    let c = Client::new(&state);
    let today = chrono::Utc::now().date_naive();
    let ten = today.with_year(today.year() - 10).unwrap_or(today - chrono::Duration::days(3653)).format("%Y-%m-%d").to_string();
    let email = new_email("kid");
    let guardian = new_email("parent");

    let res = c.call(&app, "POST", "/api/users/signup", None, Some(signup_body(&email, json!({"birthDate": ten})))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["invalidFields"], json!(["guardianEmail"]));
    let res =
        c.call(&app, "POST", "/api/users/signup", None, Some(signup_body(&email, json!({"birthDate": ten, "guardianEmail": email})))).await;
    assert_eq!(res.status, 400, "the member cannot be their own guardian: {}", res.body);
    let res = c
        .call(&app, "POST", "/api/users/signup", None, Some(signup_body(&email, json!({"birthDate": ten, "guardianEmail": guardian}))))
        .await;
    assert_eq!(res.status, 201, "{}", res.body);

    // Waiting: the right password is told why; a wrong one learns nothing more.
    let res = c.login_attempt(&app, &email, PASSWORD).await;
    assert_eq!((res.status, res.json()["code"].clone()), (403, json!("GUARDIAN_CONSENT_PENDING")), "{}", res.body);
    assert_eq!(c.login_attempt(&app, &email, "Wrong-Pass-77").await.status, 401);

    let mail = mail_to(&guardian).await;
    assert!(mail.contains("김동의(동의함)"), "{mail}");
    let link = mail.lines().find(|l| l.contains("/guardian/")).expect("a link").trim().to_owned();
    let token = link.rsplit('/').next().unwrap();
    let res = c.call(&app, "GET", &format!("/api/guardian/{}", "0".repeat(64)), None, None).await;
    assert_eq!((res.status, res.json()["code"].clone()), (400, json!("INVALID_GUARDIAN_TOKEN")));
    let res = c.call(&app, "GET", &format!("/api/guardian/{token}"), None, None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!((res.json()["nickname"].clone(), res.json()["done"].clone()), (json!("동의함"), json!(false)));
    for _ in 0..2 {
        let res = c.call(&app, "POST", &format!("/api/guardian/{token}"), None, None).await;
        assert_eq!(res.status, 200, "{}", res.body);
        assert_eq!(res.json()["done"], true);
    }

    let (access, _) = login(&app, &c, &email, PASSWORD).await;
    let list = c.call(&app, "GET", "/api/me/consents", Some(&access), None).await.json();
    let guardians: Vec<_> = list.as_array().unwrap().iter().filter(|c| c["document"] == "GUARDIAN").collect();
    assert_eq!(guardians.len(), 1, "agreeing twice records once: {list}");
}
