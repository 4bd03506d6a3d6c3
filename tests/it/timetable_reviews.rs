//! 강의평 through the REST API: one review per member and course, only after having a
//! lecture of it in a timetable of a semester that has started (the semester shown comes
//! from there); averages and counts per star; newest first; edits and deletes by the writer
//! only; 공감 once per member, never on one's own, counted from the 공감 themselves; no trace
//! of the writer (nor of the section they had) in anything a reader gets; school-only access,
//! another school's lectures and reviews answering as missing.
//! Each test makes its own school, members, lectures and timetables by SQL, so it depends on
//! no other part's code but the lecture page's. The semesters are shared: those "taken" are
//! long past (2024), the one not yet begun is far ahead (2099), whenever the tests run.

use crate::common::*;
use axum::Router;
use minihompy::server::AppState;
use serde_json::{json, Value};

async fn new_school(state: &AppState) -> u64 {
    sqlx::query("INSERT INTO schools (name, campus) VALUES (?, '')").bind(unique("학교")).execute(&state.db).await.unwrap().last_insert_id()
}

/// The semester of `year` and `term`, made if no test made it yet (they are shared).
async fn semester(state: &AppState, year: u16, term: &str) -> u64 {
    let (start, end) = if term == "SPRING" { ("03-02", "06-20") } else { ("09-01", "12-20") };
    sqlx::query("INSERT IGNORE INTO semesters (year, term, starts_on, ends_on) VALUES (?, ?, ?, ?)")
        .bind(year)
        .bind(term)
        .bind(format!("{year}-{start}"))
        .bind(format!("{year}-{end}"))
        .execute(&state.db)
        .await
        .unwrap();
    sqlx::query_scalar("SELECT id FROM semesters WHERE year = ? AND term = ?").bind(year).bind(term).fetch_one(&state.db).await.unwrap()
}

/// A lecture (one section of the course `code` by `professor`) with one weekly slot.
async fn lecture(state: &AppState, school: u64, semester: u64, code: &str, section: &str, professor: &str) -> u64 {
    let id = sqlx::query(
        "INSERT INTO lectures (school_id, semester_id, code, section, name, professor, credits, category, times_text)
         VALUES (?, ?, ?, ?, '자료구조', ?, 3, 'MAJOR_REQUIRED', '월1,2')",
    )
    .bind(school)
    .bind(semester)
    .bind(code)
    .bind(section)
    .bind(professor)
    .execute(&state.db)
    .await
    .unwrap()
    .last_insert_id();
    sqlx::query("INSERT INTO lecture_slots (lecture_id, day, start_min, end_min) VALUES (?, 0, 540, 650)")
        .bind(id)
        .execute(&state.db)
        .await
        .unwrap();
    id
}

/// A member with a nickname of their own, in `school` when given.
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
        self.c.call(app, method, path, Some(&self.m.access), body).await
    }

    /// Puts `lecture` into a new timetable of the member's (as adding it on the page would).
    async fn take(&self, state: &AppState, lecture: u64) {
        let semester: u64 =
            sqlx::query_scalar("SELECT semester_id FROM lectures WHERE id = ?").bind(lecture).fetch_one(&state.db).await.unwrap();
        let timetable = sqlx::query("INSERT INTO timetables (user_id, semester_id, name) VALUES (?, ?, '시간표')")
            .bind(self.m.id)
            .bind(semester)
            .execute(&state.db)
            .await
            .unwrap()
            .last_insert_id();
        sqlx::query("INSERT INTO timetable_lectures (timetable_id, lecture_id) VALUES (?, ?)")
            .bind(timetable)
            .bind(lecture)
            .execute(&state.db)
            .await
            .unwrap();
    }

    async fn review(&self, app: &Router, lecture: u64, stars: u8, body: &str) -> Value {
        let res = self.call(app, "POST", &format!("/api/lectures/{lecture}/reviews"), Some(json!({"stars": stars, "body": body}))).await;
        assert_eq!(res.status, 201, "{}", res.body);
        res.json()
    }

    async fn detail(&self, app: &Router, lecture: u64) -> Value {
        let res = self.call(app, "GET", &format!("/api/lectures/{lecture}"), None).await;
        assert_eq!(res.status, 200, "{}", res.body);
        res.json()
    }

    async fn like(&self, app: &Router, review: u64, on: bool) -> Response {
        self.call(app, if on { "PUT" } else { "DELETE" }, &format!("/api/lecture-reviews/{review}/like"), None).await
    }
}

/// Past semesters, where a lecture in a timetable counts as had.
const TAKEN_YEAR: u16 = 2024;
/// A semester yet to begin: a lecture of it in a timetable is only planned.
const FUTURE_YEAR: u16 = 2099;

/// A school with one course (two sections in a past semester).
struct Course {
    school: u64,
    semester: u64,
    section1: u64,
    section2: u64,
}

async fn course(state: &AppState) -> Course {
    let school = new_school(state).await;
    let semester = semester(state, TAKEN_YEAR, "FALL").await;
    let section1 = lecture(state, school, semester, "CSE2010", "01", "김교수").await;
    let section2 = lecture(state, school, semester, "CSE2010", "02", "김교수").await;
    Course { school, semester, section1, section2 }
}

const BODY: &str = "과제가 많지만 배울 것이 많은 강의였습니다.";

fn code(res: &Response) -> String {
    res.json()["code"].as_str().unwrap_or_default().to_owned()
}

/// The section a review's writer had, as stored (never shown).
async fn stored_lecture(state: &AppState, review: &Value) -> u64 {
    sqlx::query_scalar("SELECT lecture_id FROM lecture_reviews WHERE id = ?")
        .bind(review["id"].as_u64().unwrap())
        .fetch_one(&state.db)
        .await
        .unwrap()
}

fn review_ids(detail: &Value) -> Vec<u64> {
    detail["reviews"].as_array().unwrap_or_else(|| panic!("no reviews: {detail}")).iter().map(|r| r["id"].as_u64().unwrap()).collect()
}

#[tokio::test]
async fn one_review_per_member_and_course_and_only_after_having_it_in_a_timetable() {
    let (app, state) = api().await;
    let k = course(&state).await;
    let a = member_of(&app, &state, Some(k.school)).await;

    // Not taken: refused, and told what to do.
    let res = a.call(&app, "POST", &format!("/api/lectures/{}/reviews", k.section1), Some(json!({"stars": 5, "body": BODY}))).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(code(&res), "LECTURE_NOT_TAKEN");
    assert!(res.json()["message"].as_str().unwrap().contains("시간표"), "{}", res.body);
    assert_eq!(a.detail(&app, k.section1).await["mayReview"], false);

    // Bad input names its fields (before anything else is decided).
    let res =
        a.call(&app, "POST", &format!("/api/lectures/{}/reviews", k.section1), Some(json!({"stars": 6, "body": "짧다", "tags": []}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    let fields: Vec<String> =
        res.json()["fieldErrors"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_owned()).collect();
    assert_eq!(fields, ["stars", "body"]);
    let six = json!(["MANY_ASSIGNMENTS", "FEW_ASSIGNMENTS", "ATTENDANCE", "TEAM_PROJECT", "HARD_EXAMS", "GENEROUS_GRADES"]);
    let res =
        a.call(&app, "POST", &format!("/api/lectures/{}/reviews", k.section1), Some(json!({"stars": 4, "body": BODY, "tags": six}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["fieldErrors"][0]["field"], "tags");

    // Having section 02 in a timetable opens the course, whichever section's page is used;
    // the review is stored with the section taken, whatever the page was (and shows none).
    a.take(&state, k.section2).await;
    assert_eq!(a.detail(&app, k.section1).await["mayReview"], true);
    let res = a
        .call(
            &app,
            "POST",
            &format!("/api/lectures/{}/reviews", k.section1),
            Some(json!({"stars": 5, "body": format!("  {BODY}  "), "tags": ["ATTENDANCE", "RECOMMENDED", "ATTENDANCE"]})),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let review = res.json();
    assert_eq!(stored_lecture(&state, &review).await, k.section2);
    assert!(review.get("lectureId").is_none(), "{review}");
    assert_eq!(review["semesterName"], "2024년 2학기");
    assert_eq!(review["body"], BODY);
    assert_eq!(review["tags"], json!(["ATTENDANCE", "RECOMMENDED"]));
    assert_eq!(review["mine"], true);
    assert_eq!(review["likes"], 0);

    // A second review of the course, from either section, is refused.
    for lecture in [k.section1, k.section2] {
        let res = a.call(&app, "POST", &format!("/api/lectures/{lecture}/reviews"), Some(json!({"stars": 1, "body": BODY}))).await;
        assert_eq!(res.status, 409, "{}", res.body);
        assert_eq!(code(&res), "ALREADY_REVIEWED");
    }
    let detail = a.detail(&app, k.section1).await;
    assert_eq!(detail["mayReview"], false);
    assert_eq!(detail["myReview"]["id"], review["id"]);
    assert_eq!(detail["summary"]["count"], 1);

    // The same code by another professor is another course.
    let other = lecture(&state, k.school, k.semester, "CSE2010", "03", "이교수").await;
    a.take(&state, other).await;
    a.review(&app, other, 3, BODY).await;
    assert_eq!(a.detail(&app, k.section1).await["summary"]["count"], 1);
}

#[tokio::test]
async fn two_reviews_at_once_make_one() {
    let (app, state) = api().await;
    let k = course(&state).await;
    let a = member_of(&app, &state, Some(k.school)).await;
    a.take(&state, k.section1).await;
    let path = format!("/api/lectures/{}/reviews", k.section1);
    let tries = (0..4).map(|_| a.call(&app, "POST", &path, Some(json!({"stars": 4, "body": BODY}))));
    let mut statuses: Vec<u16> = futures::future::join_all(tries).await.iter().map(|r| r.status).collect();
    statuses.sort();
    assert_eq!(statuses, [201, 409, 409, 409]);
}

#[tokio::test]
async fn the_semester_shown_is_the_newest_one_the_member_had_the_course() {
    let (app, state) = api().await;
    let k = course(&state).await;
    let spring = semester(&state, TAKEN_YEAR, "SPRING").await;
    let earlier = lecture(&state, k.school, spring, "CSE2010", "01", "김교수").await;
    let future = semester(&state, FUTURE_YEAR, "FALL").await;
    let planned = lecture(&state, k.school, future, "CSE2010", "01", "김교수").await;
    let a = member_of(&app, &state, Some(k.school)).await;
    a.take(&state, k.section1).await;
    a.take(&state, earlier).await;
    a.take(&state, planned).await;
    // Written from the spring lecture's page: the fall one is the newest taken (the 2099
    // one is newer but has not begun).
    let review = a.review(&app, earlier, 4, BODY).await;
    assert_eq!(stored_lecture(&state, &review).await, k.section1);
    assert_eq!(review["semesterName"], "2024년 2학기");
    // Both semesters' pages show the course's reviews.
    assert_eq!(a.detail(&app, earlier).await["summary"]["count"], 1);
}

#[tokio::test]
async fn a_lecture_of_a_semester_not_yet_begun_is_not_had() {
    let (app, state) = api().await;
    let k = course(&state).await;
    let future = semester(&state, FUTURE_YEAR, "FALL").await;
    let planned = lecture(&state, k.school, future, "CSE2010", "01", "김교수").await;
    let a = member_of(&app, &state, Some(k.school)).await;
    a.take(&state, planned).await;

    // Only in the 2099 timetable: not had yet, from either semester's page.
    for lecture in [planned, k.section1] {
        assert_eq!(a.detail(&app, lecture).await["mayReview"], false);
        let res = a.call(&app, "POST", &format!("/api/lectures/{lecture}/reviews"), Some(json!({"stars": 5, "body": BODY}))).await;
        assert_eq!(res.status, 403, "{}", res.body);
        assert_eq!(code(&res), "LECTURE_NOT_TAKEN");
        assert!(res.json()["message"].as_str().unwrap().contains("학기가 시작된 뒤"), "{}", res.body);
    }
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM lecture_reviews WHERE user_id = ?").bind(a.m.id).fetch_one(&state.db).await.unwrap();
    assert_eq!(count, 0);

    // Having it in a past semester too opens the course; the past semester is the one shown.
    a.take(&state, k.section2).await;
    assert_eq!(a.detail(&app, planned).await["mayReview"], true);
    let review = a.review(&app, planned, 4, BODY).await;
    assert_eq!(review["semesterName"], "2024년 2학기");
    assert_eq!(stored_lecture(&state, &review).await, k.section2);
}

#[tokio::test]
async fn averages_and_counts_per_star_follow_the_reviews_newest_first() {
    let (app, state) = api().await;
    let k = course(&state).await;
    let mut ids = vec![];
    for stars in [5, 4, 4] {
        let w = member_of(&app, &state, Some(k.school)).await;
        w.take(&state, k.section1).await;
        ids.push(w.review(&app, k.section1, stars, BODY).await["id"].as_u64().unwrap());
    }
    let reader = member_of(&app, &state, Some(k.school)).await;
    let detail = reader.detail(&app, k.section2).await;
    assert_eq!(detail["lecture"]["id"], k.section2);
    assert_eq!(detail["semester"]["name"], "2024년 2학기");
    assert_eq!(detail["summary"]["count"], 3);
    assert_eq!(detail["summary"]["average"].as_f64().unwrap(), 4.3);
    assert_eq!(detail["summary"]["perStar"], json!([0, 0, 0, 2, 1]));
    ids.reverse();
    assert_eq!(review_ids(&detail), ids, "newest first");
    assert!(detail["reviews"].as_array().unwrap().iter().all(|r| r["mine"] == false && r["liked"] == false));
    assert_eq!(detail["myReview"], Value::Null);
    assert_eq!(detail["mayReview"], false);
    assert_eq!((detail["page"].as_u64(), detail["pages"].as_u64()), (Some(1), Some(1)));

    // A fourth: 1 star brings it to 3.5.
    let w = member_of(&app, &state, Some(k.school)).await;
    w.take(&state, k.section2).await;
    w.review(&app, k.section2, 1, BODY).await;
    let detail = reader.detail(&app, k.section1).await;
    assert_eq!(detail["summary"]["average"].as_f64().unwrap(), 3.5);
    assert_eq!(detail["summary"]["perStar"], json!([1, 0, 0, 2, 1]));

    // No review yet: 0.0.
    let lonely = lecture(&state, k.school, k.semester, "CSE9999", "01", "박교수").await;
    let detail = reader.detail(&app, lonely).await;
    assert_eq!(detail["summary"], json!({"average": 0.0, "count": 0, "perStar": [0, 0, 0, 0, 0]}));
    assert_eq!(detail["reviews"], json!([]));
}

#[tokio::test]
async fn only_the_writer_edits_or_deletes_a_review() {
    let (app, state) = api().await;
    let k = course(&state).await;
    let a = member_of(&app, &state, Some(k.school)).await;
    let b = member_of(&app, &state, Some(k.school)).await;
    a.take(&state, k.section1).await;
    let id = a.review(&app, k.section1, 5, BODY).await["id"].as_u64().unwrap();
    let path = format!("/api/lecture-reviews/{id}");
    let change = json!({"stars": 2, "body": "다시 생각해 보니 별로였습니다.", "tags": ["HARD_EXAMS"]});

    let res = b.call(&app, "PATCH", &path, Some(change.clone())).await;
    assert_eq!(res.status, 404, "{}", res.body);
    assert_eq!(code(&res), "REVIEW_NOT_FOUND");
    let res = b.call(&app, "DELETE", &path, None).await;
    assert_eq!(res.status, 404, "{}", res.body);
    assert_eq!(code(&res), "REVIEW_NOT_FOUND");

    let res = a.call(&app, "PATCH", &path, Some(json!({"stars": 0, "body": BODY}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    let res = a.call(&app, "PATCH", &path, Some(change)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let edited = res.json();
    assert_eq!(edited["stars"], 2);
    assert_eq!(edited["tags"], json!(["HARD_EXAMS"]));
    assert_eq!(edited["semesterName"], "2024년 2학기");
    let detail = b.detail(&app, k.section1).await;
    assert_eq!(detail["summary"]["average"].as_f64().unwrap(), 2.0);
    assert_eq!(detail["reviews"][0]["body"], "다시 생각해 보니 별로였습니다.");

    // B's 공감 goes with the review.
    assert_eq!(b.like(&app, id, true).await.status, 200);
    let res = a.call(&app, "DELETE", &path, None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    let likes: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM lecture_review_likes WHERE review_id = ?").bind(id).fetch_one(&state.db).await.unwrap();
    assert_eq!(likes, 0);
    assert_eq!(a.call(&app, "DELETE", &path, None).await.status, 404);
    let detail = a.detail(&app, k.section1).await;
    assert_eq!(detail["summary"]["count"], 0);
    assert_eq!(detail["mayReview"], true);
    // Deleted, it may be written again.
    a.review(&app, k.section1, 3, BODY).await;
}

#[tokio::test]
async fn likes_count_once_per_member_and_never_on_ones_own_review() {
    let (app, state) = api().await;
    let k = course(&state).await;
    let a = member_of(&app, &state, Some(k.school)).await;
    let b = member_of(&app, &state, Some(k.school)).await;
    let c = member_of(&app, &state, Some(k.school)).await;
    a.take(&state, k.section1).await;
    let id = a.review(&app, k.section1, 4, BODY).await["id"].as_u64().unwrap();

    // Five at once from one member count once.
    let tries = (0..5).map(|_| b.like(&app, id, true));
    for res in futures::future::join_all(tries).await {
        assert_eq!(res.status, 200, "{}", res.body);
    }
    let res = b.like(&app, id, true).await;
    assert_eq!(res.json(), json!({"likes": 1}));
    assert_eq!(c.like(&app, id, true).await.json(), json!({"likes": 2}));

    let res = a.like(&app, id, true).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert!(res.json()["message"].as_str().unwrap().contains("내 강의평"), "{}", res.body);

    let detail = b.detail(&app, k.section1).await;
    assert_eq!(detail["reviews"][0]["likes"], 2);
    assert_eq!(detail["reviews"][0]["liked"], true);
    assert_eq!(a.detail(&app, k.section1).await["reviews"][0]["liked"], false);

    assert_eq!(b.like(&app, id, false).await.json(), json!({"likes": 1}));
    assert_eq!(b.like(&app, id, false).await.json(), json!({"likes": 1}));
    assert_eq!(b.detail(&app, k.section1).await["reviews"][0]["liked"], false);

    // To another school's member the review is as missing as an unknown one; a member
    // without a school is told to verify one.
    let outsider = member_of(&app, &state, Some(new_school(&state).await)).await;
    let unknown = b.like(&app, u64::MAX / 2, true).await;
    assert_eq!(unknown.status, 404, "{}", unknown.body);
    assert_eq!(code(&unknown), "REVIEW_NOT_FOUND");
    for on in [true, false] {
        let res = outsider.like(&app, id, on).await;
        assert_eq!(res.status, 404, "{}", res.body);
        assert_eq!(without_time(res.json()), without_time(unknown.json()), "the same answer as an unknown review");
    }
    let schoolless = member_of(&app, &state, None).await;
    let res = schoolless.like(&app, id, true).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(code(&res), "NOT_SCHOOL_MEMBER");
    assert!(res.json()["message"].as_str().unwrap().contains("커뮤니티"), "{}", res.body);
    assert_eq!(b.detail(&app, k.section1).await["reviews"][0]["likes"], 1);
}

#[tokio::test]
async fn a_likers_deleted_account_takes_its_like_with_it() {
    let (app, state) = api().await;
    let k = course(&state).await;
    let a = member_of(&app, &state, Some(k.school)).await;
    let b = member_of(&app, &state, Some(k.school)).await;
    let c = member_of(&app, &state, Some(k.school)).await;
    a.take(&state, k.section1).await;
    let id = a.review(&app, k.section1, 4, BODY).await["id"].as_u64().unwrap();
    assert_eq!(b.like(&app, id, true).await.json(), json!({"likes": 1}));
    assert_eq!(c.like(&app, id, true).await.json(), json!({"likes": 2}));
    assert_eq!(a.detail(&app, k.section1).await["reviews"][0]["likes"], 2);

    // C's account goes (its 공감 with it, by the foreign key): the count follows.
    sqlx::query("DELETE FROM users WHERE id = ?").bind(c.m.id).execute(&state.db).await.unwrap();
    let detail = a.detail(&app, k.section1).await;
    assert_eq!(detail["reviews"][0]["likes"], 1);
    assert_eq!(detail["myReview"]["likes"], 1);
    // And every answer after agrees: B's 공감 off leaves none, on again one.
    assert_eq!(b.like(&app, id, false).await.json(), json!({"likes": 0}));
    assert_eq!(b.like(&app, id, true).await.json(), json!({"likes": 1}));
    let res = a.call(&app, "PATCH", &format!("/api/lecture-reviews/{id}"), Some(json!({"stars": 3, "body": BODY}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["likes"], 1);
}

/// Every key that names a person, and where.
fn person_keys(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                let key = k.to_ascii_lowercase();
                if ["writer", "author", "user", "owner", "nickname", "member"].iter().any(|w| key.contains(w)) {
                    out.push(k.clone());
                }
                person_keys(x, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|x| person_keys(x, out)),
        _ => {}
    }
}

fn assert_no_writer(what: &str, body: &str, writer: &Who) {
    assert!(!body.contains(&writer.nick), "{what}: the nickname leaked: {body}");
    assert!(!body.contains(&writer.m.email), "{what}: the email leaked: {body}");
    let v: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {body}"));
    let mut keys = vec![];
    person_keys(&v, &mut keys);
    assert!(keys.is_empty(), "{what}: keys that name a person {keys:?}: {body}");
    // A review holds exactly the model's fields: none of them is its writer.
    let mut reviews: Vec<&Value> = v["reviews"].as_array().map(|a| a.iter().collect()).unwrap_or_default();
    reviews.extend([&v["myReview"]].into_iter().filter(|r| r.is_object()));
    if v["semesterName"].is_string() {
        reviews.push(&v);
    }
    let expected = ["body", "createdAt", "id", "liked", "likes", "mine", "semesterName", "stars", "tags", "updatedAt"];
    for r in reviews {
        let mut fields: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        fields.sort();
        assert_eq!(fields, expected, "{what}: a review's fields");
    }
}

#[tokio::test]
async fn nothing_a_reader_gets_names_the_writer() {
    let (app, state) = api().await;
    let k = course(&state).await;
    let writer = member_of(&app, &state, Some(k.school)).await;
    let reader = member_of(&app, &state, Some(k.school)).await;
    writer.take(&state, k.section1).await;
    reader.take(&state, k.section1).await;
    let res = writer
        .call(
            &app,
            "POST",
            &format!("/api/lectures/{}/reviews", k.section1),
            Some(json!({"stars": 5, "body": BODY, "tags": ["RECOMMENDED"]})),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    assert_no_writer("the written review", &res.body, &writer);
    let id = res.json()["id"].as_u64().unwrap();

    for lecture in [k.section1, k.section2] {
        let res = reader.call(&app, "GET", &format!("/api/lectures/{lecture}"), None).await;
        assert_eq!(res.status, 200, "{}", res.body);
        assert!(res.body.contains(BODY), "the review is there: {}", res.body);
        assert!(!res.body.contains("\"mine\":true"), "the reader sees another's review as theirs: {}", res.body);
        assert_no_writer("the lecture page", &res.body, &writer);
    }
    let res = reader.like(&app, id, true).await;
    assert_no_writer("공감", &res.body, &writer);
    let res = writer.call(&app, "PATCH", &format!("/api/lecture-reviews/{id}"), Some(json!({"stars": 4, "body": BODY}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_no_writer("the edited review", &res.body, &writer);

    // The same through the server function the page calls.
    use leptos::server_fn::ServerFn;
    let lecture = k.section1.to_string();
    let res = reader
        .c
        .server_fn(&app, minihompy::timetable::api::GetLecture::PATH, &[("id", lecture.as_str()), ("page", "1")], Some(&reader.m.access))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains(BODY), "{}", res.body);
    assert_no_writer("get_lecture", &res.body, &writer);
}

#[tokio::test]
async fn only_the_lectures_school_and_staff_see_it_and_its_reviews() {
    let (app, state) = api().await;
    let k = course(&state).await;
    let writer = member_of(&app, &state, Some(k.school)).await;
    writer.take(&state, k.section1).await;
    let review = writer.review(&app, k.section1, 5, BODY).await["id"].as_u64().unwrap();

    let unknown = writer.call(&app, "GET", "/api/lectures/0", None).await;
    assert_eq!(unknown.status, 404, "{}", unknown.body);
    assert_eq!(code(&unknown), "LECTURE_NOT_FOUND");

    // To another school's member the lecture is as missing as an unknown one.
    let outsider = member_of(&app, &state, Some(new_school(&state).await)).await;
    let res = outsider.call(&app, "GET", &format!("/api/lectures/{}", k.section1), None).await;
    assert_eq!(res.status, 404, "{}", res.body);
    assert_eq!(without_time(res.json()), without_time(unknown.json()), "the same answer as an unknown lecture");
    assert!(!res.body.contains(BODY));
    // Even with the lecture in a timetable (put there by hand), no review from outside.
    outsider.take(&state, k.section2).await;
    let res = outsider.call(&app, "POST", &format!("/api/lectures/{}/reviews", k.section2), Some(json!({"stars": 1, "body": BODY}))).await;
    assert_eq!(res.status, 404, "{}", res.body);
    assert_eq!(code(&res), "LECTURE_NOT_FOUND");

    // A member without a school is told to verify one, whether the lecture exists or not.
    let schoolless = member_of(&app, &state, None).await;
    for lecture in [k.section1, 0] {
        let res = schoolless.call(&app, "GET", &format!("/api/lectures/{lecture}"), None).await;
        assert_eq!(res.status, 403, "{}", res.body);
        assert_eq!(code(&res), "NOT_SCHOOL_MEMBER");
        assert!(res.json()["message"].as_str().unwrap().contains("커뮤니티"), "{}", res.body);
    }
    let res =
        schoolless.call(&app, "POST", &format!("/api/lectures/{}/reviews", k.section1), Some(json!({"stars": 1, "body": BODY}))).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(code(&res), "NOT_SCHOOL_MEMBER");

    let res = writer.c.call(&app, "GET", &format!("/api/lectures/{}", k.section1), None, None).await;
    assert_eq!(res.status, 401, "{}", res.body);

    // Staff read every school's lectures and reviews, with or without a school of their own;
    // 공감 stays with their own school's.
    let staff = member_of(&app, &state, None).await;
    make_role(&state, staff.m.id, "STAFF").await;
    let detail = staff.detail(&app, k.section1).await;
    assert_eq!(detail["summary"]["count"], 1);
    let res = staff.like(&app, review, true).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(code(&res), "NOT_SCHOOL_MEMBER");
    let other_staff = member_of(&app, &state, Some(new_school(&state).await)).await;
    make_role(&state, other_staff.m.id, "ADMIN").await;
    assert_eq!(other_staff.detail(&app, k.section1).await["summary"]["count"], 1);
    let res = other_staff.like(&app, review, true).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(code(&res), "NOT_SCHOOL_MEMBER");
    assert!(res.json()["message"].as_str().unwrap().contains("우리 학교"), "{}", res.body);
}

#[tokio::test]
async fn the_api_document_lists_the_review_paths() {
    let (app, _) = api().await;
    let doc = get(&app, "/api/openapi.json").await.json();
    for path in ["/api/lectures/{id}", "/api/lectures/{id}/reviews", "/api/lecture-reviews/{id}", "/api/lecture-reviews/{id}/like"] {
        assert!(doc["paths"][path].is_object(), "{path} is in the document");
    }
    assert!(doc["paths"]["/api/lecture-reviews/{id}/like"]["put"].is_object());
    assert!(doc["paths"]["/api/lecture-reviews/{id}/like"]["delete"].is_object());
}

/// An error body without its timestamp (two answers are compared for equality).
fn without_time(mut body: Value) -> Value {
    body.as_object_mut().expect("an error body").remove("timestamp");
    body
}
