//! 시간표's lecture catalogue: the time parser on the original's text form, the staff's CSV
//! import (good and bad lines in one file, a report of the refused ones, re-import as
//! updates), staff's lectures and semesters, the search with its filters (including "fits my
//! timetable"), and school-only access, through the REST API. Each test makes its own
//! school, members and lectures; semesters are shared (made if missing).

use crate::common::*;
use axum::{body::Body, http::Request, Router};
use minihompy::{server::AppState, timetable::times};
use serde_json::{json, Value};

const HEADER: &str = "code,section,name,professor,credits,category,grade,capacity,room,times";

async fn new_school(state: &AppState) -> u64 {
    sqlx::query("INSERT INTO schools (name, campus) VALUES (?, '')").bind(unique("학교")).execute(&state.db).await.unwrap().last_insert_id()
}

async fn join(state: &AppState, user: u64, school: u64) {
    sqlx::query("INSERT INTO school_members (user_id, school_id, admission_year, verified_by) VALUES (?, ?, 2023, 'APPROVAL')")
        .bind(user)
        .bind(school)
        .execute(&state.db)
        .await
        .unwrap();
}

/// The semester of `year` and `term`, made if no test made it yet (they are shared).
async fn semester(state: &AppState, year: u16, term: &str) -> u64 {
    let (start, end) = if term == "SPRING" { ("03-02", "06-20") } else { ("09-01", "12-18") };
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

struct Who {
    c: Client,
    m: Member,
}

impl Who {
    async fn call(&self, app: &Router, method: &str, path: &str, body: Option<Value>) -> Response {
        self.c.call(app, method, path, Some(&self.m.access), body).await
    }

    /// POSTs `body` as it is with this content type (the import takes CSV text).
    async fn post_raw(&self, app: &Router, path: &str, content_type: &str, body: Vec<u8>) -> Response {
        let req = Request::post(path)
            .header("x-forwarded-for", &self.c.ip)
            .header("authorization", format!("Bearer {}", self.m.access))
            .header("content-type", content_type)
            .body(Body::from(body))
            .unwrap();
        send(app, req).await
    }

    async fn import(&self, app: &Router, school: u64, semester: u64, csv: &str) -> Response {
        let path = format!("/api/admin/lectures/import?schoolId={school}&semesterId={semester}");
        self.post_raw(app, &path, "text/csv; charset=utf-8", csv.as_bytes().to_vec()).await
    }

    /// The search's items as (code, section) pairs, with the answer.
    async fn search(&self, app: &Router, query: &str) -> (Vec<String>, Value) {
        let res = self.call(app, "GET", &format!("/api/lectures?{query}"), None).await;
        assert_eq!(res.status, 200, "{query}: {}", res.body);
        let body = res.json();
        let items = body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| format!("{}-{}", l["code"].as_str().unwrap(), l["section"].as_str().unwrap()))
            .collect();
        (items, body)
    }
}

async fn who(app: &Router, state: &AppState, school: Option<u64>) -> Who {
    let (c, m) = someone(app, state).await;
    if let Some(school) = school {
        join(state, m.id, school).await;
    }
    Who { c, m }
}

async fn staff(app: &Router, state: &AppState) -> Who {
    let w = who(app, state, None).await;
    make_role(state, w.m.id, "STAFF").await;
    w
}

fn enc(s: &str) -> String {
    minihompy::ui::kit::url_encode(s)
}

#[test]
fn the_time_parser_reads_the_originals_words_and_names_what_it_cannot() {
    let shown =
        |t: &str| -> Vec<String> { times::parse_times(t).unwrap_or_else(|e| panic!("{t}: {e}")).iter().map(times::format_slot).collect() };
    assert_eq!(shown("월1,2 수3"), ["월 09:00–10:50", "수 11:00–11:50"]);
    assert_eq!(shown("월1,2,수3"), ["월 09:00–10:50", "수 11:00–11:50"]);
    assert_eq!(shown("화3,4,5"), ["화 11:00–13:50"]);
    assert_eq!(shown("목1-3"), ["목 09:00–11:50"]);
    assert_eq!(shown("금 18:00-20:00"), ["금 18:00–20:00"]);
    assert_eq!(shown("토10:00~12:30"), ["토 10:00–12:30"]);
    assert_eq!(shown("월1 월 09:50-10:30"), ["월 09:00–09:50", "월 09:50–10:30"], "touching is no clash");
    let slots = times::parse_times("수3 월1,2").unwrap();
    assert_eq!((slots[0].day, slots[0].start, slots[0].end), (0, 540, 650));
    assert_eq!((slots[1].day, slots[1].start, slots[1].end), (2, 660, 710));

    let err = |t: &str| times::parse_times(t).expect_err(t);
    assert!(err("").contains("시간을 적어 주세요"), "{}", err(""));
    assert!(err("x1").contains("'x1'"), "{}", err("x1"));
    assert_eq!(err("월x"), "'월x'을(를) 읽을 수 없습니다: 요일 뒤에 교시(1–14)나 시각(18:00-20:00)을 적어 주세요.");
    assert!(err("월0").contains("'월0'") && err("월0").contains("1부터 14"), "{}", err("월0"));
    assert!(err("월15").contains("'월15'"), "{}", err("월15"));
    assert!(err("월 20:00-19:00").contains("'월 20:00-19:00'"), "{}", err("월 20:00-19:00"));
    assert!(err("월1,2 월2").contains("겹칩니다"), "{}", err("월1,2 월2"));
}

#[tokio::test]
async fn staff_import_a_catalogue_from_csv_and_get_the_refused_lines_back() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let semester = semester(&state, 2026, "FALL").await;
    let s = staff(&app, &state).await;
    let student = who(&app, &state, Some(school)).await;

    let csv = format!(
        "{HEADER}\n\
         CSE2010,01,자료구조,김민수,3,전공필수,2,60,T동 301,\"월1,2 수3\"\n\
         CSE2010,02,자료구조,이지영,3,MAJOR_REQUIRED,2,60,T동 302,\"화1,2 목3\"\n\
         GEN1010,01,대학글쓰기,박성호,2,교양필수,0,40,R동 101,금 18:00-20:00\n\
         CSE3010,01,알고리즘,최현우,3,전공선택,3,50,T동 401,월x\n\
         CSE3020,01,운영체제,정수진,3,전공,3,50,T동 402,화3-4\n\
         CSE3030,01,데이터베이스,강동현,셋,전공선택,3,50,T동 403,수5\n\
         CSE3040,01,,윤은정,3,전공선택,3,50,T동 404,목5\n\
         CSE3050,01,컴파일러,3,전공선택\n\
         CSE2010,01,자료구조 중복,김민수,3,전공필수,2,60,T동 301,금1\n\
         EEE2010,01,전자회로,장재훈,3,전공필수,2,45,E동 201,\"월1,2 월2\"\n"
    );
    let res = s.import(&app, school, semester, &csv).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let report = res.json();
    assert_eq!(report["created"], 3, "{report}");
    assert_eq!(report["updated"], 0);
    let rejected: Vec<(u64, String)> = report["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), r["reason"].as_str().unwrap().to_owned()))
        .collect();
    let lines: Vec<u64> = rejected.iter().map(|r| r.0).collect();
    assert_eq!(lines, [5, 6, 7, 8, 9, 10, 11], "{rejected:?}");
    let reason = |line: u64| rejected.iter().find(|r| r.0 == line).unwrap().1.clone();
    assert!(reason(5).contains("'월x'"), "{}", reason(5));
    assert!(reason(6).contains("'전공'"), "{}", reason(6));
    assert!(reason(7).contains("학점") && reason(7).contains("'셋'"), "{}", reason(7));
    assert!(reason(8).contains("강의명"), "{}", reason(8));
    assert!(reason(9).contains("열이 5개"), "{}", reason(9));
    assert!(reason(10).contains("2번째 줄"), "{}", reason(10));
    assert!(reason(11).contains("겹칩니다"), "{}", reason(11));

    // The good lines are in the school's catalogue, with their slots.
    let (items, body) = student.search(&app, &format!("semesterId={semester}&q={}", enc("자료구조"))).await;
    assert_eq!(items, ["CSE2010-01", "CSE2010-02"]);
    let first = &body["items"][0];
    assert_eq!(first["category"], "MAJOR_REQUIRED");
    assert_eq!(first["timesText"], "월1,2 수3");
    assert_eq!(first["slots"], json!([{"day": 0, "start": 540, "end": 650}, {"day": 2, "start": 660, "end": 710}]));
    let (items, _) = student.search(&app, &format!("semesterId={semester}")).await;
    assert_eq!(items.len(), 3);

    // Importing again changes what is there: counted as updated, nothing made twice.
    let again = format!("{HEADER}\nCSE2010,01,자료구조,김민수,3,전공필수,2,80,T동 305,\"월3,4 수5\"\ncse2010,02,자료구조,이지영,3,전공필수,2,60,T동 302,\"화1,2 목3\"\n");
    let res = s.import(&app, school, semester, &again).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json(), json!({"created": 0, "updated": 2, "rejected": []}));
    let (items, body) = student.search(&app, &format!("semesterId={semester}&q=CSE2010")).await;
    assert_eq!(items, ["CSE2010-01", "CSE2010-02"]);
    assert_eq!(body["items"][0]["room"], "T동 305");
    assert_eq!(body["items"][0]["capacity"], 80);
    assert_eq!(body["items"][0]["slots"], json!([{"day": 0, "start": 660, "end": 770}, {"day": 2, "start": 780, "end": 830}]));

    // A text that is not the catalogue's CSV is refused whole, with what is wrong.
    let res = s.import(&app, school, semester, "이름,교수\n자료구조,김민수\n").await;
    assert_eq!(res.status, 400, "{}", res.body);
    let message = res.json()["message"].as_str().unwrap().to_owned();
    assert!(message.contains("첫 줄") && message.contains("code"), "{message}");
    let res = s.import(&app, school, semester, "").await;
    assert_eq!(res.status, 400, "{}", res.body);
    let path = format!("/api/admin/lectures/import?schoolId={school}&semesterId={semester}");
    let res = s.post_raw(&app, &path, "text/csv", vec![0xc0, 0xde, b',', 0xff]).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert!(res.json()["message"].as_str().unwrap().contains("UTF-8"));
    let res = s.post_raw(&app, &path, "application/json", b"{}".to_vec()).await;
    assert_eq!(res.status, 415, "{}", res.body);
    let res = s.import(&app, school, 999_999_999, &csv).await;
    assert_eq!(res.status, 404, "{}", res.body);
    assert_eq!(res.json()["code"], "SEMESTER_NOT_FOUND");

    // Only staff import.
    let res = student.import(&app, school, semester, &csv).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(res.json()["code"], "FORBIDDEN");
}

#[tokio::test]
async fn staff_add_and_change_lectures_with_checked_fields() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let semester = semester(&state, 2026, "FALL").await;
    let s = staff(&app, &state).await;
    let student = who(&app, &state, Some(school)).await;
    let path = format!("/api/admin/lectures?schoolId={school}&semesterId={semester}");

    let bad = json!({"code": "자료구조!", "section": "01", "name": "", "professor": "김민수", "credits": 9, "category": null, "times": "월 20:00-19:00"});
    let res = s.call(&app, "POST", &path, Some(bad)).await;
    assert_eq!(res.status, 400, "{}", res.body);
    let body = res.json();
    assert_eq!(body["code"], "INVALID_FIELDS");
    let fields: Vec<&str> = body["fieldErrors"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["code", "name", "credits", "category", "times"]);
    let times_message = body["fieldErrors"][4]["message"].as_str().unwrap();
    assert!(times_message.contains("'월 20:00-19:00'"), "{times_message}");

    let good = json!({"code": "CSE2010", "section": "01", "name": "자료구조", "professor": "김민수", "credits": 3,
                      "category": "MAJOR_REQUIRED", "targetGrade": 2, "capacity": 60, "room": "T동 301", "times": "월1,2 수3"});
    let res = student.call(&app, "POST", &path, Some(good.clone())).await;
    assert_eq!(res.status, 403, "{}", res.body);
    let res = s.call(&app, "POST", &path, Some(good.clone())).await;
    assert_eq!(res.status, 201, "{}", res.body);
    let lecture = res.json();
    let id = lecture["id"].as_u64().unwrap();
    assert_eq!(lecture["slots"].as_array().unwrap().len(), 2);
    let res = s.call(&app, "POST", &path, Some(good)).await;
    assert_eq!(res.status, 400, "same code and section twice: {}", res.body);
    assert_eq!(res.json()["fieldErrors"][0]["field"], "section");

    // A change of times replaces the slots; other fields stay.
    let res = s.call(&app, "PATCH", &format!("/api/admin/lectures/{id}"), Some(json!({"times": "금 18:00-20:00"}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let changed = res.json();
    assert_eq!(changed["slots"], json!([{"day": 4, "start": 1080, "end": 1200}]));
    assert_eq!(changed["name"], "자료구조");
    assert_eq!(changed["timesText"], "금 18:00-20:00");
    let res = s.call(&app, "PATCH", &format!("/api/admin/lectures/{id}"), Some(json!({"times": "월0"}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["fieldErrors"][0]["field"], "times");
    let res = student.call(&app, "PATCH", &format!("/api/admin/lectures/{id}"), Some(json!({"name": "바꿈"}))).await;
    assert_eq!(res.status, 403, "{}", res.body);
    let res = s.call(&app, "PATCH", "/api/admin/lectures/999999999", Some(json!({"name": "바꿈"}))).await;
    assert_eq!(res.status, 404, "{}", res.body);
    assert_eq!(res.json()["code"], "LECTURE_NOT_FOUND");
}

#[tokio::test]
async fn staff_add_semesters_with_checked_dates() {
    let (app, state) = api().await;
    let s = staff(&app, &state).await;
    let student = who(&app, &state, None).await;

    let bad = json!({"year": 1999, "term": "SPRING", "startsOn": "2001-06-01", "endsOn": "2001-03-01"});
    let res = s.call(&app, "POST", "/api/admin/semesters", Some(bad)).await;
    assert_eq!(res.status, 400, "{}", res.body);
    let fields: Vec<String> =
        res.json()["fieldErrors"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_owned()).collect();
    assert_eq!(fields, ["year", "startsOn", "endsOn"]);

    // A past semester (so it never becomes the current one of other tests) that no other
    // test uses: a random year and term, removed first if an earlier run made it.
    let student_try = json!({"year": 2001, "term": "SPRING", "startsOn": "2001-03-02", "endsOn": "2001-06-20"});
    let res = student.call(&app, "POST", "/api/admin/semesters", Some(student_try)).await;
    assert_eq!(res.status, 403, "{}", res.body);
    let mut made = None;
    for _ in 0..20 {
        let n = uuid::Uuid::new_v4().as_u128();
        let year = 2000 + (n % 20) as u16;
        let (term, label, start, end) = [
            ("SPRING", "1학기", format!("{year}-03-02"), format!("{year}-06-20")),
            ("SUMMER", "여름학기", format!("{year}-06-22"), format!("{year}-08-14")),
            ("FALL", "2학기", format!("{year}-09-01"), format!("{year}-12-18")),
            ("WINTER", "겨울학기", format!("{year}-12-22"), format!("{}-02-14", year + 1)),
        ][(n / 20 % 4) as usize]
            .clone();
        // Fails (and is tried again with another) only when some lecture uses it.
        let _ = sqlx::query("DELETE FROM semesters WHERE year = ? AND term = ?").bind(year).bind(term).execute(&state.db).await;
        let good = json!({"year": year, "term": term, "startsOn": start, "endsOn": end});
        let res = s.call(&app, "POST", "/api/admin/semesters", Some(good.clone())).await;
        if res.status == 400 && res.json()["fieldErrors"][0]["field"] == "term" {
            continue;
        }
        assert_eq!(res.status, 201, "{}", res.body);
        assert_eq!(res.json()["name"], format!("{year}년 {label}"));
        made = Some((good, format!("{year}년 {label}"), start));
        break;
    }
    let (good, name, start) = made.expect("a free past year and term");
    let res = s.call(&app, "POST", "/api/admin/semesters", Some(good)).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["fieldErrors"][0]["field"], "term");

    let res = get(&app, "/api/semesters").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let all = res.json();
    assert!(all.as_array().unwrap().iter().any(|s| s["name"] == name.as_str() && s["startsOn"] == start.as_str()), "{all}");
}

#[tokio::test]
async fn the_search_filters_by_words_category_day_credits_and_free_time() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let semester = semester(&state, 2026, "FALL").await;
    let s = staff(&app, &state).await;
    let student = who(&app, &state, Some(school)).await;

    let csv = format!(
        "{HEADER}\n\
         CSE2010,01,자료구조,김민수,3,전공필수,2,60,T동 301,\"월1,2 수3\"\n\
         CSE2020,01,컴퓨터구조,이지영,3,전공선택,2,60,T동 302,\"화1,2 목3\"\n\
         CSE3010,01,알고리즘,김민수,3,전공필수,3,50,T동 401,\"수3,4 목1\"\n\
         GEN1010,01,대학글쓰기,박성호,2,교양필수,0,40,R동 101,금3-4\n\
         GEN1020,01,음악감상,최현우,1,교양,0,100,R동 102,금 18:00-18:50\n\
         GEN1030,01,100% 영어,정수진,2,교양,0,30,R동 103,목5\n\
         CSE4010,01,캡스톤디자인,강동현,3,전공선택,4,30,T동 501,월 10:50-12:00\n"
    );
    let res = s.import(&app, school, semester, &csv).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["created"], 7, "{}", res.body);
    let base = format!("semesterId={semester}");

    // Words: name, professor or code; `%` and `_` are literal.
    let (items, _) = student.search(&app, &format!("{base}&q={}", enc("구조"))).await;
    assert_eq!(items, ["CSE2010-01", "CSE2020-01"], "by name");
    let (items, _) = student.search(&app, &format!("{base}&q={}", enc("김민수"))).await;
    assert_eq!(items, ["CSE3010-01", "CSE2010-01"], "by professor, ordered by name");
    let (items, _) = student.search(&app, &format!("{base}&q=gen10")).await;
    assert_eq!(items.len(), 3, "by code, without case");
    let (items, _) = student.search(&app, &format!("{base}&q={}", enc("100%"))).await;
    assert_eq!(items, ["GEN1030-01"]);
    let (items, _) = student.search(&app, &format!("{base}&q={}", enc("%"))).await;
    assert_eq!(items, ["GEN1030-01"], "a % matches only a %");
    let (items, _) = student.search(&app, &format!("{base}&q={}", enc("_"))).await;
    assert!(items.is_empty());

    let (items, _) = student.search(&app, &format!("{base}&category=MAJOR_REQUIRED")).await;
    assert_eq!(items, ["CSE3010-01", "CSE2010-01"]);
    let (items, _) = student.search(&app, &format!("{base}&day=4")).await;
    assert_eq!(items, ["GEN1010-01", "GEN1020-01"], "Friday");
    let (items, _) = student.search(&app, &format!("{base}&credits=2")).await;
    assert_eq!(items, ["GEN1030-01", "GEN1010-01"]);
    let (items, body) = student.search(&app, &format!("{base}&day=0&credits=3&category=MAJOR_ELECTIVE")).await;
    assert_eq!(items, ["CSE4010-01"]);
    assert_eq!((body["total"].as_u64(), body["pages"].as_u64(), body["page"].as_u64()), (Some(1), Some(1), Some(1)));
    let res = student.call(&app, "GET", &format!("/api/lectures?{base}&day=9"), None).await;
    assert_eq!(res.status, 400, "{}", res.body);
    let res = student.call(&app, "GET", &format!("/api/lectures?{base}&category=NOPE"), None).await;
    assert_eq!(res.status, 400, "{}", res.body);

    // Free time: only what clashes with nothing in the member's timetable (its lectures and
    // its own blocks); touching is no clash. (Timetables are made through their own API.)
    let (_, all) = student.search(&app, &format!("{base}&q=CSE2010")).await;
    let data_structures = all["items"][0]["id"].as_u64().unwrap();
    let res = student.call(&app, "POST", "/api/timetables", Some(json!({"semesterId": semester, "name": "시간표 1"}))).await;
    assert!((200..300).contains(&res.status), "{}", res.body);
    let timetable = res.json()["id"].as_u64().unwrap();
    let res = student.call(&app, "PUT", &format!("/api/timetables/{timetable}/lectures/{data_structures}"), None).await;
    assert!((200..300).contains(&res.status), "{}", res.body);
    let block = json!({"title": "동아리 밴드", "place": "", "color": "#f28b82", "times": "금 18:00-20:00"});
    let res = student.call(&app, "POST", &format!("/api/timetables/{timetable}/blocks"), Some(block)).await;
    assert!((200..300).contains(&res.status), "{}", res.body);
    // 월1,2 수3 is taken: 알고리즘 (수3,4 목1) clashes on 수, 음악감상 with the block,
    // 자료구조 with itself; 캡스톤디자인 (월 10:50–12:00) only touches 월1,2.
    let (items, _) = student.search(&app, &format!("{base}&fits={timetable}")).await;
    assert_eq!(items, ["GEN1030-01", "GEN1010-01", "CSE4010-01", "CSE2020-01"]);
    // Without a semester the timetable's is searched.
    let (items, _) = student.search(&app, &format!("fits={timetable}&credits=3")).await;
    assert_eq!(items, ["CSE4010-01", "CSE2020-01"]);

    // Another member's timetable cannot be used (nor probed).
    let classmate = who(&app, &state, Some(school)).await;
    let res = classmate.call(&app, "GET", &format!("/api/lectures?{base}&fits={timetable}"), None).await;
    assert_eq!(res.status, 404, "{}", res.body);
    assert_eq!(res.json()["code"], "TIMETABLE_NOT_FOUND");
}

#[tokio::test]
async fn the_catalogue_is_the_members_own_schools() {
    let (app, state) = api().await;
    let (school, other_school) = (new_school(&state).await, new_school(&state).await);
    let semester = semester(&state, 2026, "FALL").await;
    let s = staff(&app, &state).await;
    let mine = format!("{HEADER}\nCSE2010,01,자료구조,김민수,3,전공필수,2,60,T동 301,\"월1,2 수3\"\n");
    let theirs = format!("{HEADER}\nBUS1010,01,경영학원론,이지영,3,전공필수,1,60,학관 101,\"화1,2\"\n");
    assert_eq!(s.import(&app, school, semester, &mine).await.status, 200);
    assert_eq!(s.import(&app, other_school, semester, &theirs).await.status, 200);

    // Without a school: refused, with where to verify one.
    let outsider = who(&app, &state, None).await;
    let res = outsider.call(&app, "GET", &format!("/api/lectures?semesterId={semester}"), None).await;
    assert_eq!(res.status, 403, "{}", res.body);
    let body = res.json();
    assert_eq!(body["code"], "NOT_SCHOOL_MEMBER");
    assert!(body["message"].as_str().unwrap().contains("커뮤니티"), "{body}");
    let res = app_get_anonymous(&app, semester).await;
    assert_eq!(res.status, 401, "{}", res.body);

    // A member reads their own school's lectures, whatever school they name.
    let student = who(&app, &state, Some(school)).await;
    let (items, _) = student.search(&app, &format!("semesterId={semester}&schoolId={other_school}")).await;
    assert_eq!(items, ["CSE2010-01"]);

    // Staff may read any school's catalogue.
    let (items, _) = s.search(&app, &format!("semesterId={semester}&schoolId={other_school}")).await;
    assert_eq!(items, ["BUS1010-01"]);
    let res = s.call(&app, "GET", &format!("/api/lectures?semesterId={semester}&schoolId=999999999"), None).await;
    assert_eq!(res.status, 404, "{}", res.body);
}

async fn app_get_anonymous(app: &Router, semester: u64) -> Response {
    get(app, &format!("/api/lectures?semesterId={semester}")).await
}

/// The ids of a school's semester's lectures by code and section ("CSE2010-01").
async fn lecture_ids(state: &AppState, school: u64, semester: u64) -> std::collections::HashMap<String, u64> {
    let rows: Vec<(u64, String, String)> = sqlx::query_as("SELECT id, code, section FROM lectures WHERE school_id = ? AND semester_id = ?")
        .bind(school)
        .bind(semester)
        .fetch_all(&state.db)
        .await
        .unwrap();
    rows.into_iter().map(|(id, code, section)| (format!("{code}-{section}"), id)).collect()
}

/// A timetable of `user` holding `lectures` and, when given, a block with these slots
/// ((day, start, end) in minutes), made straight in MySQL.
async fn timetable_with(state: &AppState, user: u64, semester: u64, lectures: &[u64], block: Option<(u8, u16, u16)>) -> u64 {
    let id = sqlx::query("INSERT INTO timetables (user_id, semester_id, name, is_primary, visibility) VALUES (?, ?, ?, FALSE, 'PRIVATE')")
        .bind(user)
        .bind(semester)
        .bind(unique("t").chars().take(30).collect::<String>())
        .execute(&state.db)
        .await
        .unwrap()
        .last_insert_id();
    for l in lectures {
        sqlx::query("INSERT INTO timetable_lectures (timetable_id, lecture_id) VALUES (?, ?)")
            .bind(id)
            .bind(l)
            .execute(&state.db)
            .await
            .unwrap();
    }
    if let Some((day, start, end)) = block {
        let block = sqlx::query(
            "INSERT INTO timetable_blocks (timetable_id, title, place, color, times_text) VALUES (?, '동아리', '', '#f28b82', '')",
        )
        .bind(id)
        .execute(&state.db)
        .await
        .unwrap()
        .last_insert_id();
        sqlx::query("INSERT INTO timetable_block_slots (block_id, day, start_min, end_min) VALUES (?, ?, ?, ?)")
            .bind(block)
            .bind(day)
            .bind(start)
            .bind(end)
            .execute(&state.db)
            .await
            .unwrap();
    }
    id
}

/// A lecture's times and credits as stored.
async fn stored(state: &AppState, lecture: u64) -> (String, u8, String) {
    sqlx::query_as("SELECT times_text, credits, professor FROM lectures WHERE id = ?").bind(lecture).fetch_one(&state.db).await.unwrap()
}

#[tokio::test]
async fn a_lecture_change_that_would_break_the_timetables_holding_it_is_refused() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let semester = semester(&state, 2026, "FALL").await;
    let s = staff(&app, &state).await;
    let student = who(&app, &state, Some(school)).await;
    let csv = format!(
        "{HEADER}\n\
         CSE2010,01,자료구조,김민수,3,전공필수,2,60,T동 301,\"월1,2\"\n\
         CSE2020,01,컴퓨터구조,이지영,3,전공선택,2,60,T동 302,\"화1,2\"\n\
         BIG1010,01,캡스톤1,박성호,6,전공선택,4,30,T동 501,수1\n\
         BIG1020,01,캡스톤2,박성호,6,전공선택,4,30,T동 502,수2\n\
         BIG1030,01,캡스톤3,박성호,6,전공선택,4,30,T동 503,수3\n\
         BIG1040,01,캡스톤4,박성호,6,전공선택,4,30,T동 504,수4\n"
    );
    let res = s.import(&app, school, semester, &csv).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["created"], 6, "{}", res.body);
    let ids = lecture_ids(&state, school, semester).await;
    let (a, b) = (ids["CSE2010-01"], ids["CSE2020-01"]);
    let big: Vec<u64> = ["BIG1010-01", "BIG1020-01", "BIG1030-01", "BIG1040-01"].iter().map(|k| ids[*k]).collect();
    // Two timetables hold 자료구조 and 컴퓨터구조; the second also has a block 수 18:00–20:00,
    // a third is full: 30 credits.
    timetable_with(&state, student.m.id, semester, &[a, b], None).await;
    timetable_with(&state, student.m.id, semester, &[a, b], Some((2, 18 * 60, 20 * 60))).await;
    let full: Vec<u64> = [a, b].into_iter().chain(big).collect();
    timetable_with(&state, student.m.id, semester, &full, None).await;
    let patch = |body: Value| {
        let s = &s;
        let app = &app;
        async move { s.call(app, "PATCH", &format!("/api/admin/lectures/{a}"), Some(body)).await }
    };

    // 화2 clashes with 컴퓨터구조 in all three.
    let res = patch(json!({"times": "화2"})).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(res.json()["code"], "TIMETABLE_CLASH");
    let message = res.json()["message"].as_str().unwrap().to_owned();
    assert!(message.contains("시간표 3개") && message.contains("겹칩니다"), "{message}");
    // 수 19:00–20:00 only with the block of one (and 수1–4 of the full one is earlier).
    let res = patch(json!({"times": "수 19:00-20:00"})).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert!(res.json()["message"].as_str().unwrap().contains("시간표 1개"), "{}", res.body);
    assert_eq!(stored(&state, a).await.0, "월1,2", "nothing changed");
    // Touching is no clash: 수 20:00–21:00 goes in.
    let res = patch(json!({"times": "수 20:00-21:00"})).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["slots"], json!([{"day": 2, "start": 1200, "end": 1260}]));

    // 4 credits would make the full one 31.
    let res = patch(json!({"credits": 4})).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(res.json()["code"], "TOO_MANY_CREDITS");
    assert!(res.json()["message"].as_str().unwrap().contains("시간표 1개"), "{}", res.body);
    assert_eq!(stored(&state, a).await.1, 3);
    let res = patch(json!({"credits": 2})).await;
    assert_eq!(res.status, 200, "{}", res.body);

    // The import: the breaking line is refused with why; the others still go in.
    let again = format!(
        "{HEADER}\n\
         CSE2010,01,자료구조,김민수,2,전공필수,2,60,T동 301,화1\n\
         CSE2020,01,컴퓨터구조,이지영,3,전공선택,2,60,T동 305,\"화1,2\"\n\
         BIG1010,01,캡스톤1,박성호,6,전공선택,4,30,T동 501,수 19:30-20:30\n\
         CSE3010,01,알고리즘,최현우,3,전공선택,3,50,T동 401,목5\n"
    );
    let res = s.import(&app, school, semester, &again).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let report = res.json();
    assert_eq!((report["created"].as_u64(), report["updated"].as_u64()), (Some(1), Some(1)), "{report}");
    let rejected = report["rejected"].as_array().unwrap();
    assert_eq!(rejected.iter().map(|r| r["line"].as_u64().unwrap()).collect::<Vec<_>>(), [2, 4], "{report}");
    let reason = rejected[0]["reason"].as_str().unwrap();
    assert!(reason.contains("시간표 3개") && reason.contains("겹칩니다"), "{reason}");
    let reason = rejected[1]["reason"].as_str().unwrap();
    assert!(reason.contains("시간표 1개") && reason.contains("겹칩니다"), "{reason}");
    assert_eq!(stored(&state, a).await.0, "수 20:00-21:00");
    let room: String = sqlx::query_scalar("SELECT room FROM lectures WHERE id = ?").bind(b).fetch_one(&state.db).await.unwrap();
    assert_eq!(room, "T동 305");
}

#[tokio::test]
async fn a_reviewed_course_keeps_its_code_and_professor() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let semester = semester(&state, 2026, "FALL").await;
    let s = staff(&app, &state).await;
    let student = who(&app, &state, Some(school)).await;
    let csv = format!(
        "{HEADER}\n\
         CSE2010,01,자료구조,김민수,3,전공필수,2,60,T동 301,\"월1,2\"\n\
         CSE2010,02,자료구조,이지영,3,전공필수,2,60,T동 302,\"화1,2\"\n"
    );
    assert_eq!(s.import(&app, school, semester, &csv).await.status, 200);
    let ids = lecture_ids(&state, school, semester).await;
    let (reviewed, other) = (ids["CSE2010-01"], ids["CSE2010-02"]);
    timetable_with(&state, student.m.id, semester, &[reviewed], None).await;
    sqlx::query(
        "INSERT INTO lecture_reviews (user_id, school_id, code, professor, lecture_id, semester_id, stars, body)
         VALUES (?, ?, 'CSE2010', '김민수', ?, ?, 4, '설명이 친절해요.')",
    )
    .bind(student.m.id)
    .bind(school)
    .bind(reviewed)
    .bind(semester)
    .execute(&state.db)
    .await
    .unwrap();
    let patch = |id: u64, body: Value| {
        let s = &s;
        let app = &app;
        async move { s.call(app, "PATCH", &format!("/api/admin/lectures/{id}"), Some(body)).await }
    };

    let res = patch(reviewed, json!({"professor": "박성호"})).await;
    assert_eq!(res.status, 400, "{}", res.body);
    let body = res.json();
    assert_eq!(body["code"], "INVALID_FIELDS");
    assert_eq!(body["fieldErrors"][0]["field"], "professor");
    assert!(body["fieldErrors"][0]["message"].as_str().unwrap().contains("강의평"), "{body}");
    let res = patch(reviewed, json!({"code": "CSE2011"})).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["fieldErrors"][0]["field"], "code");
    assert_eq!(stored(&state, reviewed).await.2, "김민수");
    // Other fields change; so does the course of a section nobody reviewed.
    let res = patch(reviewed, json!({"name": "자료구조및실습", "room": "T동 310"})).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = patch(other, json!({"professor": "박성호"})).await;
    assert_eq!(res.status, 200, "{}", res.body);

    // The import matches by code and section, so only the professor can change there: refused alike.
    let again = format!(
        "{HEADER}\n\
         CSE2010,01,자료구조,최현우,3,전공필수,2,60,T동 301,\"월1,2\"\n\
         CSE2010,02,자료구조,정수진,3,전공필수,2,60,T동 302,\"화1,2\"\n"
    );
    let res = s.import(&app, school, semester, &again).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let report = res.json();
    assert_eq!(report["updated"], 1, "{report}");
    assert_eq!(report["rejected"][0]["line"], 2, "{report}");
    assert!(report["rejected"][0]["reason"].as_str().unwrap().contains("강의평"), "{report}");
    assert_eq!(stored(&state, reviewed).await.2, "김민수");
    assert_eq!(stored(&state, other).await.2, "정수진");
}

#[tokio::test]
async fn import_numbers_out_of_range_are_refused_with_the_range() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let semester = semester(&state, 2026, "FALL").await;
    let s = staff(&app, &state).await;
    let csv = format!(
        "{HEADER}\n\
         CSE2010,01,자료구조,김민수,3,전공필수,2,70000,T동 301,월1\n\
         CSE2020,01,컴퓨터구조,이지영,7,전공선택,2,60,T동 302,화1\n\
         CSE2030,01,이산수학,박성호,3,전공선택,9,60,T동 303,수1\n\
         CSE2040,01,논리회로,최현우,-1,전공선택,2,60,T동 304,목1\n\
         CSE2050,01,운영체제,정수진,3,전공선택,2,많이,T동 305,금1\n\
         CSE2060,01,알고리즘,강동현,6,전공선택,6,65535,T동 306,금2\n"
    );
    let res = s.import(&app, school, semester, &csv).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let report = res.json();
    assert_eq!(report["created"], 1, "{report}");
    let reason = |i: usize| report["rejected"][i]["reason"].as_str().unwrap().to_owned();
    assert!(reason(0).contains("정원") && reason(0).contains("0~65535"), "{}", reason(0));
    assert!(reason(1).contains("학점") && reason(1).contains("0~6"), "{}", reason(1));
    assert!(reason(2).contains("대상 학년") && reason(2).contains("0~6"), "{}", reason(2));
    assert!(reason(3).contains("학점") && reason(3).contains("0~6"), "{}", reason(3));
    assert!(reason(4).contains("'많이'") && reason(4).contains("0~65535"), "{}", reason(4));
}
