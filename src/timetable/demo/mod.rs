//! The timetable's demo data, dated from the day it is seeded (KST): the current semester
//! (the one holding today, or the next to start: what the timetable page opens) with a
//! generated catalogue of more than 80 lectures per school for 홍익대학교 and
//! 이화여자대학교 and the demo members' timetables (user1's shared with 일촌, user2's
//! public); the previous semester (already started, so "taken") with a catalogue of the
//! same courses and professors, everyone's timetables there and the reviews written from
//! them; and the following semester with a smaller catalogue. Runs once (skipped when a
//! semester exists). The generator is a fixed-seed LCG, so every seed makes the same catalogues.

mod catalogue;

use super::{
    model::{Slot, Term, BLOCK_COLORS},
    times,
};
use crate::board::schools;
use catalogue::{catalogue, DemoLecture, Lcg, Offering, SCHOOLS};
use chrono::{Datelike, NaiveDate};
use sqlx::{MySqlConnection, MySqlPool};

fn err(e: impl std::fmt::Display) -> String {
    format!("timetable demo: {e}")
}

/// A demo semester's year, term and dates.
#[derive(Debug, Clone, Copy, PartialEq)]
struct DemoSemester {
    year: u16,
    term: Term,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
}

impl DemoSemester {
    /// 1학기 runs 03-02..06-19, 2학기 09-01..12-18.
    fn new(year: i32, term: Term) -> Option<Self> {
        let (start, end) = if term == Term::Spring { ((3, 2), (6, 19)) } else { ((9, 1), (12, 18)) };
        Some(Self {
            year: u16::try_from(year).ok()?,
            term,
            starts_on: NaiveDate::from_ymd_opt(year, start.0, start.1)?,
            ends_on: NaiveDate::from_ymd_opt(year, end.0, end.1)?,
        })
    }

    /// The one before (always a semester that has started when `self` is current).
    fn previous(self) -> Option<Self> {
        let year = i32::from(self.year);
        if self.term == Term::Spring {
            Self::new(year - 1, Term::Fall)
        } else {
            Self::new(year, Term::Spring)
        }
    }

    fn following(self) -> Option<Self> {
        let year = i32::from(self.year);
        if self.term == Term::Spring {
            Self::new(year, Term::Fall)
        } else {
            Self::new(year + 1, Term::Spring)
        }
    }
}

/// The previous, current and following semesters of `today`. The current one is what
/// `semester_or_current` picks among them: the one holding today, else the next to start.
fn demo_semesters(today: NaiveDate) -> Option<[DemoSemester; 3]> {
    let year = today.year();
    let spring = DemoSemester::new(year, Term::Spring)?;
    let fall = DemoSemester::new(year, Term::Fall)?;
    let current = if today <= spring.ends_on {
        spring
    } else if today <= fall.ends_on {
        fall
    } else {
        DemoSemester::new(year + 1, Term::Spring)?
    };
    Some([current.previous()?, current, current.following()?])
}

/// Makes the lectures of a school's semester; returns (id, credits, code, slots) of each.
async fn insert_lectures(conn: &mut MySqlConnection, school: u64, semester: u64, lectures: &[DemoLecture]) -> Result<Made, String> {
    let mut made = vec![];
    for l in lectures {
        let slots = times::parse_times(&l.times_text).map_err(|e| err(format!("{}: {e}", l.times_text)))?;
        let id = sqlx::query!(
            "INSERT INTO lectures (school_id, semester_id, code, section, name, professor, credits, category, target_grade,
                                   capacity, room, times_text)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            school,
            semester,
            l.code,
            l.section,
            l.name,
            l.professor,
            l.credits,
            l.category.as_str(),
            l.target_grade,
            l.capacity,
            l.room,
            l.times_text
        )
        .execute(&mut *conn)
        .await
        .map_err(err)?
        .last_insert_id();
        for s in &slots {
            sqlx::query!("INSERT INTO lecture_slots (lecture_id, day, start_min, end_min) VALUES (?, ?, ?, ?)", id, s.day, s.start, s.end)
                .execute(&mut *conn)
                .await
                .map_err(err)?;
        }
        made.push((id, l.credits, l.code.clone(), slots));
    }
    Ok(made)
}

/// A member's own block: title, place, times.
const BLOCKS: [(&str, &str, &str); 5] = [
    ("동아리 밴드", "학생회관 B103", "금 18:00-20:00"),
    ("카페 알바", "정문 앞 카페", "토 10:00-14:00"),
    ("영어 스터디", "중앙도서관 스터디룸", "화 19:00-21:00"),
    ("헬스", "", "월 19:00-20:30"),
    ("과외", "", "목 19:00-21:00"),
];

/// What reviews say, by stars (index 0 = one star).
const REVIEW_TEXTS: [&[&str]; 5] = [
    &["출석을 매번 부르고 과제도 많은데 배운 건 별로 없었어요. 비추합니다.", "수업이 교재 읽기로 끝나요. 시험은 지엽적이라 힘들었습니다."],
    &["내용은 괜찮은데 진도가 너무 빨라서 따라가기 힘들었어요.", "팀플 비중이 커서 팀 운이 중요합니다. 학점은 짜게 주시는 편."],
    &["무난한 수업이에요. 시험 범위가 넓으니 미리 공부하세요.", "과제는 적당하고 설명은 조금 지루하지만 들을 만합니다."],
    &[
        "설명이 친절하고 질문을 잘 받아 주세요. 과제가 조금 많은 편.",
        "실습 위주라 재밌었어요. 시험은 수업 내용에서만 나옵니다.",
        "교수님 열정이 대단하세요. 팀플 있지만 얻어가는 게 많아요.",
    ],
    &[
        "인생 강의! 교수님이 정말 잘 가르쳐 주시고 학점도 잘 주세요.",
        "꼭 들으세요. 과제 피드백이 꼼꼼하고 시험도 공정해요.",
        "전공 흥미가 확 생긴 수업입니다. 강추해요.",
    ],
];
const REVIEW_TAGS: [&str; 7] =
    ["MANY_ASSIGNMENTS", "FEW_ASSIGNMENTS", "ATTENDANCE", "TEAM_PROJECT", "HARD_EXAMS", "GENEROUS_GRADES", "RECOMMENDED"];

/// Demo students per school (besides user1–5) who get a timetable and write reviews.
const STUDENTS_PER_SCHOOL: usize = 5;

/// A catalogue as made: (id, credits, code, slots) of each lecture.
type Made = Vec<(u64, u8, String, Vec<Slot>)>;

async fn insert_semester(conn: &mut MySqlConnection, s: &DemoSemester) -> Result<u64, String> {
    Ok(sqlx::query!(
        "INSERT INTO semesters (year, term, starts_on, ends_on) VALUES (?, ?, ?, ?)",
        s.year,
        s.term.as_str(),
        s.starts_on,
        s.ends_on
    )
    .execute(conn)
    .await
    .map_err(err)?
    .last_insert_id())
}

/// Makes a member's primary timetable of a semester with a block of their own (when
/// given) and 5–7 lectures that clash with nothing in it (`popular` tried first, no course
/// twice); returns the indexes of the lectures taken.
async fn insert_timetable(
    conn: &mut MySqlConnection,
    rng: &mut Lcg,
    (member, semester, visibility): (u64, u64, &str),
    block: Option<((&str, &str, &str), &str)>,
    lectures: &Made,
    popular: &[usize],
) -> Result<Vec<usize>, String> {
    let timetable = sqlx::query!(
        "INSERT INTO timetables (user_id, semester_id, name, is_primary, visibility) VALUES (?, ?, '시간표 1', TRUE, ?)",
        member,
        semester,
        visibility
    )
    .execute(&mut *conn)
    .await
    .map_err(err)?
    .last_insert_id();

    let mut busy = vec![];
    if let Some(((title, place, block_times), color)) = block {
        let block_slots = times::parse_times(block_times).map_err(err)?;
        let block = sqlx::query!(
            "INSERT INTO timetable_blocks (timetable_id, title, place, color, times_text) VALUES (?, ?, ?, ?, ?)",
            timetable,
            title,
            place,
            color,
            block_times
        )
        .execute(&mut *conn)
        .await
        .map_err(err)?
        .last_insert_id();
        for s in &block_slots {
            sqlx::query!(
                "INSERT INTO timetable_block_slots (block_id, day, start_min, end_min) VALUES (?, ?, ?, ?)",
                block,
                s.day,
                s.start,
                s.end
            )
            .execute(&mut *conn)
            .await
            .map_err(err)?;
        }
        busy = block_slots;
    }

    let want = 5 + rng.next(3) as usize;
    let mut taken: Vec<usize> = vec![];
    let mut credits = 0u32;
    let tries: Vec<usize> = (0..lectures.len() * 2).map(|_| rng.next(lectures.len() as u64) as usize).collect();
    for i in popular.iter().copied().chain(tries) {
        if taken.len() >= want {
            break;
        }
        let (_, c, code, slots) = &lectures[i];
        let same_course = taken.iter().any(|&t| lectures[t].2 == *code);
        if same_course || credits + u32::from(*c) > 21 || times::first_clash(slots, &busy).is_some() {
            continue;
        }
        busy.extend(slots.iter().copied());
        credits += u32::from(*c);
        taken.push(i);
    }
    for &i in &taken {
        sqlx::query!("INSERT INTO timetable_lectures (timetable_id, lecture_id) VALUES (?, ?)", timetable, lectures[i].0)
            .execute(&mut *conn)
            .await
            .map_err(err)?;
    }
    Ok(taken)
}

pub async fn seed(db: &MySqlPool, users: [u64; 5]) -> Result<bool, String> {
    let exists = sqlx::query_scalar!("SELECT id FROM semesters LIMIT 1").fetch_optional(db).await.map_err(err)?;
    if exists.is_some() {
        return Ok(false);
    }
    let all = schools::all_schools(db).await.map_err(err)?;
    let today = crate::kst::day_of(chrono::Utc::now());
    let [previous, current, following] = demo_semesters(today).ok_or_else(|| err(format!("no semesters around {today}")))?;
    let mut tx = db.begin().await.map_err(err)?;
    let past = insert_semester(&mut tx, &previous).await?;
    let now = insert_semester(&mut tx, &current).await?;
    let next = insert_semester(&mut tx, &following).await?;

    let mut review_hours = 0u32;
    for (k, school) in SCHOOLS.iter().enumerate() {
        let Some(&(school_id, _)) = all.iter().find(|(_, name)| name.starts_with(school.name)) else {
            continue;
        };
        let seed = 20260901 + 7919 * k as u64;
        let now_lectures = insert_lectures(&mut tx, school_id, now, &catalogue(school, seed, Offering::Full)).await?;
        let past_lectures = insert_lectures(&mut tx, school_id, past, &catalogue(school, seed, Offering::Half)).await?;
        insert_lectures(&mut tx, school_id, next, &catalogue(school, seed, Offering::Third)).await?;

        // The demo members of this school first, then a few other students.
        let mut members = vec![];
        for &u in &users {
            if schools::membership(db, u).await.map_err(err)?.is_some_and(|m| m.school_id == school_id) {
                members.push(u);
            }
        }
        let others = schools::member_ids(db, school_id).await.map_err(err)?;
        members.extend(others.into_iter().filter(|id| !users.contains(id)).take(STUDENTS_PER_SCHOOL));

        let mut rng = Lcg(seed ^ 0x5eed);
        // Everyone tries these first, so a few lectures share students (and get several reviews).
        let popular_now: Vec<usize> = (0..8).map(|_| rng.next(now_lectures.len() as u64) as usize).collect();
        let popular_past: Vec<usize> = (0..8).map(|_| rng.next(past_lectures.len() as u64) as usize).collect();
        for (m, &member) in members.iter().enumerate() {
            let visibility = match users.iter().position(|&u| u == member) {
                Some(0) | Some(2) => "ILCHON",
                Some(1) => "PUBLIC",
                _ => "PRIVATE",
            };
            let block = (BLOCKS[(m + k) % BLOCKS.len()], BLOCK_COLORS[(m * 3 + k) % BLOCK_COLORS.len()]);
            insert_timetable(&mut tx, &mut rng, (member, now, visibility), Some(block), &now_lectures, &popular_now).await?;
            // Last semester's timetable: what the reviews were written from.
            let taken = insert_timetable(&mut tx, &mut rng, (member, past, "PRIVATE"), None, &past_lectures, &popular_past).await?;

            // Reviews of two to four of them (the popular ones come first).
            let reviews = (2 + rng.next(3) as usize).min(taken.len());
            for &i in taken.iter().take(reviews) {
                let lecture = past_lectures[i].0;
                let stars = [2u8, 3, 4, 4, 5, 5, 3, 1, 4, 5][rng.next(10) as usize];
                let body = rng.pick(REVIEW_TEXTS[usize::from(stars - 1)]).to_string();
                let mut tags: Vec<&str> = vec![];
                for _ in 0..rng.next(3) {
                    let t = *rng.pick(&REVIEW_TAGS);
                    if !tags.contains(&t) {
                        tags.push(t);
                    }
                }
                review_hours += 5 + rng.next(40) as u32;
                sqlx::query!(
                    "INSERT INTO lecture_reviews (user_id, school_id, code, professor, lecture_id, semester_id, stars, body, tags,
                                                  created_at, updated_at)
                     SELECT ?, school_id, code, professor, id, semester_id, ?, ?, ?,
                            NOW(3) - INTERVAL ? HOUR, NOW(3) - INTERVAL ? HOUR
                     FROM lectures WHERE id = ?",
                    member,
                    stars,
                    body,
                    tags.join(","),
                    review_hours,
                    review_hours,
                    lecture
                )
                .execute(&mut *tx)
                .await
                .map_err(err)?;
            }
        }
        // 공감: each review of the school gets it from up to two other members.
        let reviews = sqlx::query!("SELECT r.id, r.user_id FROM lecture_reviews r WHERE r.school_id = ? ORDER BY r.id", school_id)
            .fetch_all(&mut *tx)
            .await
            .map_err(err)?;
        for r in reviews {
            let likers: Vec<u64> = members.iter().copied().filter(|&u| u != r.user_id && rng.next(4) == 0).take(2).collect();
            for u in &likers {
                sqlx::query!("INSERT INTO lecture_review_likes (review_id, user_id) VALUES (?, ?)", r.id, u)
                    .execute(&mut *tx)
                    .await
                    .map_err(err)?;
            }
            sqlx::query!("UPDATE lecture_reviews SET likes = ? WHERE id = ?", likers.len() as u32, r.id)
                .execute(&mut *tx)
                .await
                .map_err(err)?;
        }
    }
    tx.commit().await.map_err(err)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_catalogues_are_large_enough_share_courses_and_every_time_parses() {
        for (k, school) in SCHOOLS.iter().enumerate() {
            let seed = 20260901 + 7919 * k as u64;
            let full = catalogue(school, seed, Offering::Full);
            let half = catalogue(school, seed, Offering::Half);
            let third = catalogue(school, seed, Offering::Third);
            assert!(full.len() >= 80, "{}: {}", school.name, full.len());
            assert!(half.len() >= 35, "{}: {}", school.name, half.len());
            assert!(third.len() >= 24, "{}: {}", school.name, third.len());
            for l in full.iter().chain(&half).chain(&third) {
                times::parse_times(&l.times_text).unwrap_or_else(|e| panic!("{}: {e}", l.times_text));
            }
            for c in [&full, &half, &third] {
                let mut keys: Vec<(&str, &str)> = c.iter().map(|l| (l.code.as_str(), l.section.as_str())).collect();
                keys.sort();
                keys.dedup();
                assert_eq!(keys.len(), c.len(), "codes and sections are unique");
            }
            // Last semester's courses are this semester's, with the same professor.
            for l in &half {
                let now = full.iter().find(|f| f.code == l.code && f.section == "01").expect("offered now");
                assert_eq!((&now.name, &now.professor), (&l.name, &l.professor), "{}", l.code);
            }
            // The same run makes the same catalogue.
            assert_eq!(catalogue(school, seed, Offering::Full)[7].times_text, full[7].times_text);
        }
    }

    #[test]
    fn the_demo_semesters_follow_today() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let named = |today: &str| -> Vec<String> {
            demo_semesters(day(today))
                .unwrap()
                .iter()
                .map(|s| format!("{} {} {}..{}", s.year, s.term.as_str(), s.starts_on, s.ends_on))
                .collect()
        };
        let fall_2026 = ["2026 SPRING 2026-03-02..2026-06-19", "2026 FALL 2026-09-01..2026-12-18", "2027 SPRING 2027-03-02..2027-06-19"];
        assert_eq!(named("2026-12-02"), fall_2026);
        assert_eq!(named("2026-12-18"), fall_2026);
        assert_eq!(named("2026-06-20"), fall_2026, "between semesters the next is current");
        let spring_2027 = ["2026 FALL 2026-09-01..2026-12-18", "2027 SPRING 2027-03-02..2027-06-19", "2027 FALL 2027-09-01..2027-12-18"];
        assert_eq!(named("2026-12-20"), spring_2027);
        assert_eq!(named("2027-01-15"), spring_2027);
        assert_eq!(named("2027-06-19"), spring_2027);
        assert_eq!(named("2027-07-10")[1], "2027 FALL 2027-09-01..2027-12-18");
        assert_eq!(named("2027-07-10")[0], "2027 SPRING 2027-03-02..2027-06-19");
        // The previous semester has always started (its lectures count as taken); the
        // current one has not ended.
        for today in ["2026-01-01", "2026-03-01", "2026-03-02", "2026-06-19", "2026-06-20", "2026-09-01", "2026-12-19", "2026-12-31"] {
            let [prev, current, next] = demo_semesters(day(today)).unwrap();
            assert!(prev.starts_on <= day(today) && prev.ends_on < day(today), "{today}");
            assert!(day(today) <= current.ends_on && current.ends_on < next.starts_on, "{today}");
        }
    }
}
