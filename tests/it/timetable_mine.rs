//! 시간표: a member's timetables through the REST API. Clashes (lecture with lecture, with
//! the member's own blocks, and the other way round; touching slots are fine), credits,
//! school and semester of a lecture, the primary timetable, visibility for the owner, a
//! 일촌, another member and a guest, the .ics and PNG exports, common free time and the
//! 친구 시간표 list. Each test makes its own school, semester (a past year nobody else uses,
//! so it is never the "current" one), lectures (in SQL) and members.

use crate::common::*;
use axum::Router;
use minihompy::server::AppState;
use serde_json::{json, Value};

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

/// A semester of its own: a free (year, term) in the past, 2 March to 19 June.
async fn new_semester(state: &AppState) -> u64 {
    const TERMS: [&str; 4] = ["SPRING", "SUMMER", "FALL", "WINTER"];
    loop {
        let n = uuid::Uuid::new_v4().as_u128();
        let year = 1200 + (n % 700) as u16;
        let term = TERMS[((n >> 16) % 4) as usize];
        let made = sqlx::query("INSERT IGNORE INTO semesters (year, term, starts_on, ends_on) VALUES (?, ?, ?, ?)")
            .bind(year)
            .bind(term)
            .bind(format!("{year}-03-02"))
            .bind(format!("{year}-06-19"))
            .execute(&state.db)
            .await
            .unwrap();
        if made.rows_affected() == 1 {
            return made.last_insert_id();
        }
    }
}

/// A lecture with its weekly slots (day, "HH:MM", "HH:MM").
async fn lecture(state: &AppState, school: u64, semester: u64, name: &str, credits: u8, slots: &[(u8, &str, &str)]) -> u64 {
    let min = |t: &str| {
        let (h, m) = t.split_once(':').unwrap();
        h.parse::<u16>().unwrap() * 60 + m.parse::<u16>().unwrap()
    };
    let id = sqlx::query(
        "INSERT INTO lectures (school_id, semester_id, code, section, name, professor, credits, category, room, times_text)
         VALUES (?, ?, ?, '01', ?, '김교수', ?, 'MAJOR_ELECTIVE', '공학관 101', '')",
    )
    .bind(school)
    .bind(semester)
    .bind(&unique("C")[..12])
    .bind(name)
    .bind(credits)
    .execute(&state.db)
    .await
    .unwrap()
    .last_insert_id();
    for (day, start, end) in slots {
        sqlx::query("INSERT INTO lecture_slots (lecture_id, day, start_min, end_min) VALUES (?, ?, ?, ?)")
            .bind(id)
            .bind(day)
            .bind(min(start))
            .bind(min(end))
            .execute(&state.db)
            .await
            .unwrap();
    }
    id
}

struct Who {
    c: Client,
    m: Member,
}

impl Who {
    async fn new(app: &Router, state: &AppState) -> Who {
        let (c, m) = someone(app, state).await;
        Who { c, m }
    }

    async fn call(&self, app: &Router, method: &str, path: &str, body: Option<Value>) -> Response {
        self.c.call(app, method, path, Some(&self.m.access), body).await
    }

    /// A new timetable of the semester; its id.
    async fn timetable(&self, app: &Router, semester: u64, name: &str) -> u64 {
        let res = self.call(app, "POST", "/api/timetables", Some(json!({"semesterId": semester, "name": name}))).await;
        assert_eq!(res.status, 201, "{}", res.body);
        res.json()["id"].as_u64().unwrap()
    }

    async fn add_lecture(&self, app: &Router, t: u64, l: u64) -> Response {
        self.call(app, "PUT", &format!("/api/timetables/{t}/lectures/{l}"), None).await
    }

    async fn add_block(&self, app: &Router, t: u64, title: &str, times: &str) -> Response {
        let body = json!({"title": title, "place": "학생회관", "color": "#aecbfa", "times": times});
        self.call(app, "POST", &format!("/api/timetables/{t}/blocks"), Some(body)).await
    }

    async fn patch(&self, app: &Router, t: u64, body: Value) -> Response {
        self.call(app, "PATCH", &format!("/api/timetables/{t}"), Some(body)).await
    }

    async fn list(&self, app: &Router, semester: u64) -> Value {
        let res = self.call(app, "GET", &format!("/api/timetables?semesterId={semester}"), None).await;
        assert_eq!(res.status, 200, "{}", res.body);
        res.json()
    }
}

fn code(res: &Response) -> String {
    res.json()["code"].as_str().unwrap_or_default().to_owned()
}

fn lecture_ids(timetable: &Value) -> Vec<u64> {
    timetable["lectures"].as_array().unwrap().iter().map(|l| l["id"].as_u64().unwrap()).collect()
}

#[tokio::test]
async fn clashes_are_refused_with_the_lecture_or_block_named_and_touching_slots_are_fine() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let sem = new_semester(&state).await;
    let me = Who::new(&app, &state).await;
    join(&state, me.m.id, school).await;
    let data_structures = lecture(&state, school, sem, "자료구조", 3, &[(0, "09:00", "10:50")]).await;
    let overlapping = lecture(&state, school, sem, "운영체제", 3, &[(0, "10:00", "11:50")]).await;
    let touching = lecture(&state, school, sem, "선형대수", 3, &[(0, "10:50", "12:00"), (2, "13:00", "14:50")]).await;
    let evening = lecture(&state, school, sem, "야간 세미나", 2, &[(1, "19:00", "20:50")]).await;
    let t = me.timetable(&app, sem, "1안").await;

    let res = me.add_lecture(&app, t, data_structures).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["credits"], 3);

    // Lecture against lecture: 409, naming the lecture already there and its time.
    let res = me.add_lecture(&app, t, overlapping).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(code(&res), "TIMETABLE_CLASH");
    let message = res.json()["message"].as_str().unwrap().to_owned();
    assert!(message.contains("자료구조") && message.contains("월 09:00–10:50"), "{message}");

    // Ends at 10:50, starts at 10:50: no clash.
    let res = me.add_lecture(&app, t, touching).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(lecture_ids(&res.json()), vec![data_structures, touching]);

    // A block, then a lecture over it: the block is named.
    let res = me.add_block(&app, t, "동아리", "화 18:00-20:00").await;
    assert_eq!(res.status, 201, "{}", res.body);
    let block = &res.json()["blocks"][0];
    assert_eq!(block["title"], "동아리");
    assert_eq!(block["slots"], json!([{"day": 1, "start": 1080, "end": 1200}]));
    let res = me.add_lecture(&app, t, evening).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(code(&res), "TIMETABLE_CLASH");
    assert!(res.json()["message"].as_str().unwrap().contains("동아리"), "{}", res.body);

    // A block over a lecture, and over another block: refused the same way.
    let res = me.add_block(&app, t, "알바", "월 11:00-13:00").await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert!(res.json()["message"].as_str().unwrap().contains("선형대수"), "{}", res.body);
    let res = me.add_block(&app, t, "스터디", "화 19:30-21:00").await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert!(res.json()["message"].as_str().unwrap().contains("동아리"), "{}", res.body);
    // Touching a block is fine too.
    let res = me.add_block(&app, t, "저녁", "화 17:00-18:00").await;
    assert_eq!(res.status, 201, "{}", res.body);

    // Times the parser cannot read: INVALID_TIMES with its words on `times`; a colour not
    // offered: the field.
    let res = me.add_block(&app, t, "이상한 일정", "아무때나").await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(code(&res), "INVALID_TIMES");
    assert!(res.json()["fieldErrors"].as_array().unwrap().iter().any(|f| f["field"] == "times"), "{}", res.body);
    let body = json!({"title": "색", "place": "", "color": "#000000", "times": "목 10:00-11:00"});
    let res = me.call(&app, "POST", &format!("/api/timetables/{t}/blocks"), Some(body)).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["fieldErrors"][0]["field"], "color");

    // The same lecture again: the timetable as it is.
    let res = me.add_lecture(&app, t, data_structures).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(lecture_ids(&res.json()), vec![data_structures, touching]);

    // Taking a lecture out frees its time.
    let res = me.call(&app, "DELETE", &format!("/api/timetables/{t}/lectures/{data_structures}"), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(lecture_ids(&res.json()), vec![touching]);
    let res = me.add_lecture(&app, t, overlapping).await;
    assert_eq!(res.status, 409, "still clashes with 선형대수 at 10:50–11:50: {}", res.body);
    assert!(res.json()["message"].as_str().unwrap().contains("선형대수"), "{}", res.body);
}

#[tokio::test]
async fn lectures_must_be_of_the_members_school_and_the_timetables_semester_within_the_credits() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let other_school = new_school(&state).await;
    let sem = new_semester(&state).await;
    let other_sem = new_semester(&state).await;
    let me = Who::new(&app, &state).await;
    let t = me.timetable(&app, sem, "내 시간표").await;
    let ours = lecture(&state, school, sem, "프로그래밍", 3, &[(3, "09:00", "10:50")]).await;

    // No school yet: 403 with a pointer to 커뮤니티.
    let res = me.add_lecture(&app, t, ours).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(code(&res), "NOT_SCHOOL_MEMBER");
    assert!(res.json()["message"].as_str().unwrap().contains("커뮤니티"), "{}", res.body);

    join(&state, me.m.id, school).await;
    let theirs = lecture(&state, other_school, sem, "남의 강의", 3, &[(4, "09:00", "10:50")]).await;
    let res = me.add_lecture(&app, t, theirs).await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(code(&res), "NOT_SCHOOL_MEMBER");

    let last_term = lecture(&state, school, other_sem, "지난 학기", 3, &[(4, "09:00", "10:50")]).await;
    let res = me.add_lecture(&app, t, last_term).await;
    assert_eq!(res.status, 400, "{}", res.body);

    let res = me.add_lecture(&app, t, 999_999_999).await;
    assert_eq!(res.status, 404, "{}", res.body);
    assert_eq!(code(&res), "LECTURE_NOT_FOUND");

    // 30 credits at most.
    assert_eq!(me.add_lecture(&app, t, ours).await.status, 200);
    let big = lecture(&state, school, sem, "대형 실습", 27, &[(4, "13:00", "14:50")]).await;
    let res = me.add_lecture(&app, t, big).await;
    assert_eq!(res.status, 200, "exactly 30 is fine: {}", res.body);
    let one_more = lecture(&state, school, sem, "1학점 교양", 1, &[(4, "16:00", "16:50")]).await;
    let res = me.add_lecture(&app, t, one_more).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(code(&res), "TOO_MANY_CREDITS");

    // Somebody else's timetable does not exist for them.
    let stranger = Who::new(&app, &state).await;
    join(&state, stranger.m.id, school).await;
    let res = stranger.add_lecture(&app, t, one_more).await;
    assert_eq!(res.status, 404, "{}", res.body);
    assert_eq!(code(&res), "TIMETABLE_NOT_FOUND");
    let res = stranger.add_block(&app, t, "끼어들기", "토 10:00-11:00").await;
    assert_eq!(res.status, 404, "{}", res.body);
    let res = stranger.call(&app, "DELETE", &format!("/api/timetables/{t}"), None).await;
    assert_eq!(res.status, 404, "{}", res.body);
}

#[tokio::test]
async fn the_first_timetable_is_primary_and_the_primary_moves_but_is_never_simply_dropped() {
    let (app, state) = api().await;
    let sem = new_semester(&state).await;
    let me = Who::new(&app, &state).await;

    // Names: 1–40 characters after trimming.
    let res = me.call(&app, "POST", "/api/timetables", Some(json!({"semesterId": sem, "name": "   "}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["fieldErrors"][0]["field"], "name");
    let res = me.call(&app, "POST", "/api/timetables", Some(json!({"semesterId": sem, "name": "가".repeat(41)}))).await;
    assert_eq!(res.status, 400, "{}", res.body);
    let res = me.call(&app, "POST", "/api/timetables", Some(json!({"semesterId": 999_999_999u64, "name": "없는 학기"}))).await;
    assert_eq!(res.status, 404, "{}", res.body);

    let first = me.timetable(&app, sem, "  1안  ").await;
    let second = me.timetable(&app, sem, "2안").await;
    let list = me.list(&app, sem).await;
    let primary_of = |list: &Value| -> Vec<(u64, bool)> {
        list["timetables"].as_array().unwrap().iter().map(|t| (t["id"].as_u64().unwrap(), t["isPrimary"].as_bool().unwrap())).collect()
    };
    assert_eq!(primary_of(&list), vec![(first, true), (second, false)]);
    assert_eq!(list["timetables"][0]["name"], "1안");
    assert_eq!(list["current"]["id"], first, "the primary is shown");
    assert_eq!(list["timetables"][0]["visibility"], "PRIVATE", "private by default");

    // Another one asked for is shown whole.
    let res = me.call(&app, "GET", &format!("/api/timetables?timetableId={second}"), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["current"]["id"], second);
    assert_eq!(res.json()["semester"]["id"], sem);

    // Making the second primary lets go of the first.
    let res = me.patch(&app, second, json!({"isPrimary": true, "name": "2안 (확정)"})).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["isPrimary"], true);
    assert_eq!(res.json()["name"], "2안 (확정)");
    assert_eq!(primary_of(&me.list(&app, sem).await), vec![(first, false), (second, true)]);

    // The primary cannot simply be dropped: another must be made primary.
    let res = me.patch(&app, second, json!({"isPrimary": false})).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert!(res.json()["fieldErrors"][0]["message"].as_str().unwrap().contains("다른 시간표"), "{}", res.body);

    // Deleting the primary promotes the oldest left.
    let third = me.timetable(&app, sem, "3안").await;
    let res = me.call(&app, "DELETE", &format!("/api/timetables/{second}"), None).await;
    assert_eq!(res.status, 204, "{}", res.body);
    assert_eq!(primary_of(&me.list(&app, sem).await), vec![(first, true), (third, false)]);
    let res = me.call(&app, "GET", &format!("/api/timetables/{second}"), None).await;
    assert_eq!(res.status, 404, "{}", res.body);

    // Ten per semester.
    for n in 3..=10 {
        me.timetable(&app, sem, &format!("{n}번째")).await;
    }
    let res = me.call(&app, "POST", "/api/timetables", Some(json!({"semesterId": sem, "name": "열한 번째"}))).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(code(&res), "TOO_MANY_TIMETABLES");
    // Another semester starts again with its own primary.
    let other = new_semester(&state).await;
    let res = me.call(&app, "POST", "/api/timetables", Some(json!({"semesterId": other, "name": "다음 학기"}))).await;
    assert_eq!(res.status, 201, "{}", res.body);
    assert_eq!(res.json()["isPrimary"], true);
}

#[tokio::test]
async fn who_may_read_a_timetable_follows_its_visibility() {
    let (app, state) = api().await;
    let sem = new_semester(&state).await;
    let owner = Who::new(&app, &state).await;
    let friend = Who::new(&app, &state).await;
    let member = Who::new(&app, &state).await;
    become_ilchon(&app, &owner.c, &owner.m, &friend.c, &friend.m).await;
    let t = owner.timetable(&app, sem, "공유 시간표").await;
    assert_eq!(owner.add_block(&app, t, "동아리", "수 18:00-20:00").await.status, 201);
    let guest = Client::new(&state);

    for (visibility, friend_sees, member_sees, guest_sees) in
        [("PUBLIC", true, true, true), ("ILCHON", true, false, false), ("PRIVATE", false, false, false)]
    {
        let res = owner.patch(&app, t, json!({"visibility": visibility})).await;
        assert_eq!(res.status, 200, "{}", res.body);
        assert_eq!(res.json()["visibility"], visibility);
        let path = format!("/api/timetables/{t}");
        let res = owner.call(&app, "GET", &path, None).await;
        assert_eq!(res.status, 200, "{visibility}: the owner always sees it");
        assert_eq!(res.json()["mine"], true);
        for (who, sees, res) in [
            ("일촌", friend_sees, friend.call(&app, "GET", &path, None).await),
            ("member", member_sees, member.call(&app, "GET", &path, None).await),
            ("guest", guest_sees, guest.call(&app, "GET", &path, None, None).await),
        ] {
            if sees {
                assert_eq!(res.status, 200, "{visibility} {who}: {}", res.body);
                assert_eq!(res.json()["mine"], false);
                assert_eq!(res.json()["blocks"][0]["title"], "동아리");
            } else {
                assert_eq!(res.status, 404, "{visibility} {who}: {}", res.body);
                assert_eq!(code(&res), "TIMETABLE_NOT_FOUND");
            }
        }
        // The exports follow the same rule.
        for export in ["calendar.ics", "image.png"] {
            let res = guest.call(&app, "GET", &format!("/api/timetables/{t}/{export}"), None, None).await;
            assert_eq!(res.status, if guest_sees { 200 } else { 404 }, "{visibility} guest {export}");
            let res = friend.call(&app, "GET", &format!("/api/timetables/{t}/{export}"), None).await;
            assert_eq!(res.status, if friend_sees { 200 } else { 404 }, "{visibility} 일촌 {export}");
        }
    }

    // Only the owner changes it, even when it is public.
    assert_eq!(owner.patch(&app, t, json!({"visibility": "PUBLIC"})).await.status, 200);
    let res = friend.patch(&app, t, json!({"name": "내 거"})).await;
    assert_eq!(res.status, 404, "{}", res.body);
    let res = guest.call(&app, "PATCH", &format!("/api/timetables/{t}"), None, Some(json!({"name": "x"}))).await;
    assert_eq!(res.status, 401, "{}", res.body);
}

#[tokio::test]
async fn the_calendar_file_is_a_weekly_icalendar_in_seoul_time() {
    let (app, state) = api().await;
    let sem = new_semester(&state).await;
    let (year,): (u16,) = sqlx::query_as("SELECT year FROM semesters WHERE id = ?").bind(sem).fetch_one(&state.db).await.unwrap();
    let me = Who::new(&app, &state).await;
    let t = me.timetable(&app, sem, "캘린더, 내보내기; 테스트").await;
    let res = me.add_block(&app, t, "아르바이트, 편의점", "화 18:00-20:00 목 18:00-20:00").await;
    assert_eq!(res.status, 201, "{}", res.body);
    assert_eq!(me.add_block(&app, t, "동아리", "금 19:00-21:00").await.status, 201);

    let res = me.call(&app, "GET", &format!("/api/timetables/{t}/calendar.ics"), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let header = |name: &str| res.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(header("content-type"), "text/calendar; charset=utf-8");
    let disposition = header("content-disposition");
    assert!(disposition.starts_with("attachment") && disposition.contains(&format!("timetable-{t}.ics")), "{disposition}");

    let ics = &res.body;
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"), "{ics}");
    assert!(!ics.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
    assert!(ics.split("\r\n").all(|l| l.len() <= 75), "lines are folded at 75 octets");
    assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Seoul\r\n"), "{ics}");
    assert!(ics.contains("TZOFFSETTO:+0900"), "{ics}");
    // One weekly event per slot.
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3, "{ics}");
    let unfolded = ics.replace("\r\n ", "");
    // 2 March of that year and the first Tuesday, Thursday and Friday on or after it.
    let start = chrono::NaiveDate::from_ymd_opt(i32::from(year), 3, 2).unwrap();
    for (weekday, at) in [(chrono::Weekday::Tue, "180000"), (chrono::Weekday::Thu, "180000"), (chrono::Weekday::Fri, "190000")] {
        let first = (0..7).map(|d| start + chrono::Duration::days(d)).find(|d| chrono::Datelike::weekday(d) == weekday).unwrap();
        let line = format!("DTSTART;TZID=Asia/Seoul:{}T{at}", first.format("%Y%m%d"));
        assert!(unfolded.contains(&line), "{line} in {unfolded}");
    }
    // Until the last day 23:59:59 KST, in UTC.
    assert_eq!(unfolded.matches(&format!("RRULE:FREQ=WEEKLY;UNTIL={year:04}0619T145959Z")).count(), 3, "{unfolded}");
    // The members' words are escaped.
    assert!(unfolded.contains("SUMMARY:아르바이트\\, 편의점"), "{unfolded}");
}

#[tokio::test]
async fn the_picture_is_a_png_of_the_grid() {
    let (app, state) = api().await;
    let sem = new_semester(&state).await;
    let school = new_school(&state).await;
    let me = Who::new(&app, &state).await;
    join(&state, me.m.id, school).await;
    let t = me.timetable(&app, sem, "그림").await;
    let l =
        lecture(&state, school, sem, "아주 아주 긴 이름의 컴퓨터 그래픽스 특론", 3, &[(0, "09:00", "10:50"), (2, "09:00", "10:50")]).await;
    assert_eq!(me.add_lecture(&app, t, l).await.status, 200);
    assert_eq!(me.add_block(&app, t, "주말 알바", "토 10:00-14:00").await.status, 201);

    let req = me.c.request("GET", &format!("/api/timetables/{t}/image.png"), Some(&me.m.access), None);
    let res = raw_answer(&app, req).await;
    assert_eq!(res.0, 200);
    assert_eq!(res.1, "image/png");
    let picture = image::load_from_memory_with_format(&res.2, image::ImageFormat::Png).expect("a PNG").to_rgb8();

    // The renderer's layout (service/sharing.rs, `picture`): a 16 px margin, a 48 px title,
    // 30 px day headings, 44 px of hour labels, then a 128 px column per day and 56 px per
    // hour from 09:00 (nothing earlier here) to 18:00 (nothing later).
    const GRID_X: u32 = 16 + 44;
    const GRID_Y: u32 = 16 + 48 + 30;
    const COL_W: u32 = 128;
    const HOUR_H: u32 = 56;
    // Six days (a Saturday block) side by side, nine hours down.
    assert_eq!((picture.width(), picture.height()), (GRID_X + 6 * COL_W + 16, GRID_Y + 9 * HOUR_H + 16));
    // The middle of a day's column at a time (minutes), below the box's words.
    let at = |day: u32, min: u32| (GRID_X + day * COL_W + COL_W / 2, GRID_Y + (min - 9 * 60) * HOUR_H / 60);
    let lecture_color = [255, 205, 210]; // the first lecture's colour
    let block_color = [0xae, 0xcb, 0xfa]; // the block's #aecbfa
    for (day, min, color, what) in [
        (0, 10 * 60 + 20, lecture_color, "월 10:20"),
        (2, 10 * 60 + 20, lecture_color, "수 10:20"),
        (5, 12 * 60 + 30, block_color, "토 12:30"),
    ] {
        let (x, y) = at(day, min);
        assert_eq!(picture.get_pixel(x, y).0, color, "{what} at ({x}, {y})");
    }
    // Nothing at 월 13:20 (after the lecture; the hour lines are grey), nor before the block on 토.
    for (day, min) in [(0, 13 * 60 + 20), (5, 9 * 60 + 30)] {
        let (x, y) = at(day, min);
        assert_eq!(picture.get_pixel(x, y).0, [255, 255, 255], "day {day} minute {min}");
    }
    // Whole boxes of those colours, and none in the columns of 화, 목 and 금.
    let count =
        |color: [u8; 3], xs: std::ops::Range<u32>| picture.enumerate_pixels().filter(|(x, _, p)| xs.contains(x) && p.0 == color).count();
    let all = 0..picture.width();
    assert!(count(lecture_color, all.clone()) > 2 * 8_000, "two 2-hour lecture boxes: {}", count(lecture_color, all.clone()));
    assert!(count(block_color, all.clone()) > 20_000, "a 4-hour block box: {}", count(block_color, all));
    for day in [1, 3, 4] {
        let column = GRID_X + day * COL_W..GRID_X + (day + 1) * COL_W;
        assert_eq!(count(lecture_color, column.clone()) + count(block_color, column), 0, "day {day} has nothing");
    }
}

/// The status, content type and raw bytes of an answer (the common `send` reads text).
async fn raw_answer(app: &Router, req: axum::http::Request<axum::body::Body>) -> (u16, String, Vec<u8>) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status().as_u16();
    let kind = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, kind, bytes)
}

/// An access token like `access` that ran out a minute ago (as after 15 minutes in a tab).
fn expired_access(state: &AppState, access: &str) -> String {
    let (_, claims) = state.tokens.verify(access).unwrap();
    let mut expired = serde_json::to_value(&claims).unwrap();
    let now = chrono::Utc::now().timestamp();
    expired["iat"] = json!(now - 3600);
    expired["exp"] = json!(now - 60);
    state.tokens.sign(&expired)
}

/// A GET as a browser opens a link: only cookies, no Bearer token.
async fn browser_get(app: &Router, c: &Client, path: &str, cookies: &str) -> Response {
    let mut b = axum::http::Request::get(path).header("x-forwarded-for", &c.ip).header("user-agent", "integration-test");
    if !cookies.is_empty() {
        b = b.header("cookie", cookies);
    }
    send(app, b.body(axum::body::Body::empty()).unwrap()).await
}

/// The value of the (not cleared) cookie `name` the answer sets.
fn set_cookie(res: &Response, name: &str) -> Option<String> {
    res.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|c| c.split(';').next()?.strip_prefix(&format!("{name}=")).map(str::to_owned))
        .find(|v| !v.is_empty())
}

#[tokio::test]
async fn the_owner_downloads_a_private_timetable_by_the_refresh_cookie_alone() {
    let (app, state) = api().await;
    let sem = new_semester(&state).await;
    let me = Who::new(&app, &state).await;
    let t = me.timetable(&app, sem, "비공개 시간표").await;
    assert_eq!(me.add_block(&app, t, "동아리", "수 18:00-20:00").await.status, 201);
    assert_eq!(me.list(&app, sem).await["timetables"][0]["visibility"], "PRIVATE");

    // The access cookie ran out; the refresh cookie signs the owner in again, and the
    // answer carries the new cookies.
    let expired = expired_access(&state, &me.m.access);
    let ics = format!("/api/timetables/{t}/calendar.ics");
    let res = browser_get(&app, &me.c, &ics, &format!("accessToken={expired}; refreshToken={}", me.m.refresh)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.starts_with("BEGIN:VCALENDAR") && res.body.contains("SUMMARY:동아리"), "{}", res.body);
    let access = set_cookie(&res, "accessToken").expect("a new access cookie");
    let refresh = set_cookie(&res, "refreshToken").expect("the rotated refresh cookie");
    assert_ne!(refresh, me.m.refresh);

    // No access cookie at all, only the (rotated) refresh cookie: the picture as well.
    let res = browser_get(&app, &me.c, &format!("/api/timetables/{t}/image.png"), &format!("refreshToken={refresh}")).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.headers.get("content-type").unwrap(), "image/png");
    assert!(set_cookie(&res, "accessToken").is_some(), "the refreshed cookies are set");

    // The new access cookie alone reads the timetable (nothing to refresh, nothing set).
    let res = browser_get(&app, &me.c, &format!("/api/timetables/{t}"), &format!("accessToken={access}")).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["mine"], true);
    assert!(res.headers.get("set-cookie").is_none());

    // Without cookies, or with a refresh cookie that signs nobody in: still private (and
    // the dead cookies are cleared).
    assert_eq!(browser_get(&app, &me.c, &ics, "").await.status, 404);
    let res = browser_get(&app, &me.c, &ics, &format!("accessToken={expired}; refreshToken=spent-or-unknown")).await;
    assert_eq!(res.status, 404, "{}", res.body);
    let cleared: Vec<&str> = res.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).collect();
    assert!(cleared.iter().any(|c| c.starts_with("refreshToken=;") && c.contains("Max-Age=0")), "{cleared:?}");
}

#[tokio::test]
async fn double_submits_leave_exactly_one_primary_and_never_a_500() {
    let (app, state) = api().await;
    let sem = new_semester(&state).await;
    let me = Who::new(&app, &state).await;
    let primaries = |list: &Value| list["timetables"].as_array().unwrap().iter().filter(|t| t["isPrimary"] == true).count();

    // The semester's first timetable, sent twice at once (and twice more).
    let body = json!({"semesterId": sem, "name": "첫 시간표"});
    let tries = (0..4).map(|_| me.call(&app, "POST", "/api/timetables", Some(body.clone())));
    let answers = futures::future::join_all(tries).await;
    for res in &answers {
        assert!(res.status == 201 || res.status == 409, "{}: {}", res.status, res.body);
    }
    let made = answers.iter().filter(|r| r.status == 201).count();
    assert!(made >= 1);
    let list = me.list(&app, sem).await;
    assert_eq!(list["timetables"].as_array().unwrap().len(), made, "{list}");
    assert_eq!(primaries(&list), 1, "{list}");
    assert_eq!(answers.iter().filter(|r| r.status == 201 && r.json()["isPrimary"] == true).count(), 1);

    // Two others made primary at once: one of them is, nothing else.
    let a = me.timetable(&app, sem, "A안").await;
    let b = me.timetable(&app, sem, "B안").await;
    let tries = [a, b].map(|t| me.patch(&app, t, json!({"isPrimary": true})));
    for res in futures::future::join_all(tries).await {
        assert!(res.status == 200 || res.status == 409, "{}: {}", res.status, res.body);
    }
    let list = me.list(&app, sem).await;
    assert_eq!(primaries(&list), 1, "{list}");
    let primary = list["timetables"].as_array().unwrap().iter().find(|t| t["isPrimary"] == true).unwrap()["id"].as_u64().unwrap();
    assert!(primary == a || primary == b, "{list}");

    // Deleting the primary while another is made primary: still exactly one.
    let other = if primary == a { b } else { a };
    let path = format!("/api/timetables/{primary}");
    let (deleted, promoted) = futures::join!(me.call(&app, "DELETE", &path, None), me.patch(&app, other, json!({"isPrimary": true})),);
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    assert!(promoted.status == 200 || promoted.status == 409, "{}: {}", promoted.status, promoted.body);
    let list = me.list(&app, sem).await;
    assert_eq!(primaries(&list), 1, "{list}");
}

#[tokio::test]
async fn two_clashing_lectures_added_at_once_leave_one() {
    let (app, state) = api().await;
    let school = new_school(&state).await;
    let sem = new_semester(&state).await;
    let me = Who::new(&app, &state).await;
    join(&state, me.m.id, school).await;
    let x = lecture(&state, school, sem, "자료구조", 3, &[(0, "09:00", "10:50")]).await;
    let y = lecture(&state, school, sem, "운영체제", 3, &[(0, "10:00", "11:50")]).await;
    let t = me.timetable(&app, sem, "동시에").await;

    let answers = futures::future::join_all([x, y].map(|l| me.add_lecture(&app, t, l))).await;
    let mut statuses: Vec<u16> = answers.iter().map(|r| r.status).collect();
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{:?}", answers.iter().map(|r| &r.body).collect::<Vec<_>>());
    let winner = if answers[0].status == 200 { x } else { y };
    let res = me.call(&app, "GET", &format!("/api/timetables/{t}"), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(lecture_ids(&res.json()), vec![winner]);
    assert_eq!(res.json()["credits"], 3);
}

#[tokio::test]
async fn common_free_time_leaves_out_both_members_busy_hours() {
    let (app, state) = api().await;
    let sem = new_semester(&state).await;
    let a = Who::new(&app, &state).await;
    let b = Who::new(&app, &state).await;
    become_ilchon(&app, &a.c, &a.m, &b.c, &b.m).await;
    let mine = a.timetable(&app, sem, "나").await;
    assert_eq!(a.add_block(&app, mine, "오전 수업", "월 09:00-12:00").await.status, 201);
    let theirs = b.timetable(&app, sem, "너").await;
    assert_eq!(b.add_block(&app, theirs, "오후 알바", "월 13:00-15:00 토 10:00-11:00").await.status, 201);

    // Private: not even a 일촌 lays it over.
    let res = a.call(&app, "GET", &format!("/api/timetables/{theirs}/common-free"), None).await;
    assert_eq!(res.status, 404, "{}", res.body);
    assert_eq!(b.patch(&app, theirs, json!({"visibility": "ILCHON"})).await.status, 200);

    let res = a.call(&app, "GET", &format!("/api/timetables/{theirs}/common-free"), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let body = res.json();
    assert_eq!(body["mine"]["id"], mine, "my primary of that semester");
    assert_eq!(body["theirs"]["id"], theirs);
    let free: Vec<(u64, u64, u64)> = body["free"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["day"].as_u64().unwrap(), s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap()))
        .collect();
    let busy = [(0, 540, 720), (0, 780, 900), (5, 600, 660)];
    for (day, start, end) in &free {
        assert!(*start >= 540 && *end <= 1260, "within 09:00–21:00: {free:?}");
        for (bd, bs, be) in busy {
            assert!(!(*day == bd && *start < be && bs < *end), "free {day} {start}-{end} overlaps busy {bd} {bs}-{be}");
        }
    }
    assert!(free.contains(&(0, 720, 780)), "월 12:00–13:00 both free: {free:?}");
    assert!(free.contains(&(0, 900, 1260)), "{free:?}");
    assert!(free.contains(&(1, 540, 1260)), "화 all day: {free:?}");
    assert!(free.contains(&(5, 540, 600)) && free.contains(&(5, 660, 1260)), "토 shown, someone has a Saturday: {free:?}");
    assert!(free.iter().all(|s| s.0 <= 5), "{free:?}");

    // Another of my timetables, asked by id; somebody else's is not mine to ask for.
    let other_mine = a.timetable(&app, sem, "나 2안").await;
    let res = a.call(&app, "GET", &format!("/api/timetables/{theirs}/common-free?mine={other_mine}"), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.json()["free"].as_array().unwrap().iter().any(|s| s["day"] == 0 && s["start"] == 540), "{}", res.body);
    let res = a.call(&app, "GET", &format!("/api/timetables/{theirs}/common-free?mine={theirs}"), None).await;
    assert_eq!(res.status, 404, "{}", res.body);

    // Without a timetable of that semester there is nothing to lay over.
    let c = Who::new(&app, &state).await;
    assert_eq!(b.patch(&app, theirs, json!({"visibility": "PUBLIC"})).await.status, 200);
    let res = c.call(&app, "GET", &format!("/api/timetables/{theirs}/common-free"), None).await;
    assert_eq!(res.status, 404, "{}", res.body);
}

#[tokio::test]
async fn the_friends_list_shows_only_the_ilchons_shared_primaries() {
    let (app, state) = api().await;
    let sem = new_semester(&state).await;
    let school = new_school(&state).await;
    let me = Who::new(&app, &state).await;
    let (shares, hides, public, stranger) =
        (Who::new(&app, &state).await, Who::new(&app, &state).await, Who::new(&app, &state).await, Who::new(&app, &state).await);
    for f in [&shares, &hides, &public] {
        become_ilchon(&app, &me.c, &me.m, &f.c, &f.m).await;
    }

    join(&state, shares.m.id, school).await;
    let shared = shares.timetable(&app, sem, "공유").await;
    let l = lecture(&state, school, sem, "미적분", 3, &[(0, "09:00", "10:50")]).await;
    assert_eq!(shares.add_lecture(&app, shared, l).await.status, 200);
    assert_eq!(shares.patch(&app, shared, json!({"visibility": "ILCHON"})).await.status, 200);

    // Primary private, a second one public: neither is listed (only primaries count).
    hides.timetable(&app, sem, "비공개").await;
    let second = hides.timetable(&app, sem, "공개 2안").await;
    assert_eq!(hides.patch(&app, second, json!({"visibility": "PUBLIC"})).await.status, 200);

    let open = public.timetable(&app, sem, "전체공개").await;
    assert_eq!(public.patch(&app, open, json!({"visibility": "PUBLIC"})).await.status, 200);

    let not_mine = stranger.timetable(&app, sem, "남").await;
    assert_eq!(stranger.patch(&app, not_mine, json!({"visibility": "PUBLIC"})).await.status, 200);

    let res = me.call(&app, "GET", &format!("/api/timetable-friends?semesterId={sem}"), None).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let list = res.json();
    let mut ids: Vec<u64> = list.as_array().unwrap().iter().map(|f| f["timetableId"].as_u64().unwrap()).collect();
    ids.sort();
    let mut expected = vec![shared, open];
    expected.sort();
    assert_eq!(ids, expected, "{list}");
    let entry = list.as_array().unwrap().iter().find(|f| f["timetableId"] == shared).unwrap();
    assert_eq!(entry["userId"], shares.m.id);
    assert_eq!(entry["nickname"], "길동이");
    assert_eq!(entry["ilchonName"], "친구");
    assert_eq!(entry["credits"], 3);
    assert_eq!(entry["lectureCount"], 1);
    assert_eq!(entry["name"], "공유");

    // Making the public 2안 primary puts it on the list.
    assert_eq!(hides.patch(&app, second, json!({"isPrimary": true})).await.status, 200);
    let res = me.call(&app, "GET", &format!("/api/timetable-friends?semesterId={sem}"), None).await;
    assert!(res.json().as_array().unwrap().iter().any(|f| f["timetableId"] == second), "{}", res.body);

    // A guest has no friends list.
    let res = Client::new(&state).call(&app, "GET", &format!("/api/timetable-friends?semesterId={sem}"), None, None).await;
    assert_eq!(res.status, 401, "{}", res.body);
}

#[tokio::test]
async fn the_api_document_lists_the_timetable_paths() {
    let (app, _state) = api().await;
    let res = get(&app, "/api/openapi.json").await;
    assert_eq!(res.status, 200);
    let doc = res.json();
    for path in [
        "/api/timetables",
        "/api/timetables/{id}",
        "/api/timetables/{id}/lectures/{lecture_id}",
        "/api/timetables/{id}/blocks",
        "/api/timetables/{id}/blocks/{block_id}",
        "/api/timetables/{id}/calendar.ics",
        "/api/timetables/{id}/image.png",
        "/api/timetables/{id}/common-free",
        "/api/timetable-friends",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing from the OpenAPI document");
    }
}
