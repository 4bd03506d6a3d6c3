//! The timetable's demo data, dated from the day it is seeded (KST): the current semester
//! (the one holding today, or the next to start: what the timetable page opens) with a
//! generated catalogue of more than 80 lectures per school for 홍익대학교 and
//! 이화여자대학교 and the demo members' timetables (user1's shared with 일촌, user2's
//! public); the previous semester (already started, so "taken") with a catalogue of the
//! same courses and professors, everyone's timetables there and the reviews written from
//! them; and the following semester with a smaller catalogue. Runs once (skipped when a
//! semester exists). The generator is a fixed-seed LCG, so every seed makes the same catalogues.

use super::{
    model::{LectureCategory, Slot, Term, BLOCK_COLORS},
    times,
};
use crate::board::schools;
use chrono::{Datelike, NaiveDate};
use sqlx::{MySqlConnection, MySqlPool};

fn err(e: impl std::fmt::Display) -> String {
    format!("timetable demo: {e}")
}

/// A small linear congruential generator (Knuth's MMIX constants): enough variety for
/// demo data, the same every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next(items.len() as u64) as usize]
    }
}

/// A department: code prefix, and its courses by year (the index decides the year level).
struct Department {
    prefix: &'static str,
    courses: &'static [&'static str],
}

/// 교양 of a school: name, category, credits.
type GeneralCourse = (&'static str, LectureCategory, u8);

struct DemoSchool {
    /// The start of the school's shown name ("홍익대학교 서울캠퍼스").
    name: &'static str,
    departments: &'static [Department],
    general: &'static [GeneralCourse],
    buildings: &'static [&'static str],
}

use LectureCategory::{General as G, GeneralRequired as GR, Other as O, Teaching as T};

const SCHOOLS: [DemoSchool; 2] = [
    DemoSchool {
        name: "홍익대학교",
        departments: &[
            Department {
                prefix: "CSE",
                courses: &[
                    "컴퓨터프로그래밍",
                    "이산수학",
                    "컴퓨터공학개론",
                    "자료구조",
                    "논리회로",
                    "객체지향프로그래밍",
                    "컴퓨터구조",
                    "알고리즘",
                    "운영체제",
                    "데이터베이스",
                    "컴퓨터네트워크",
                    "소프트웨어공학",
                    "인공지능",
                    "컴파일러",
                    "캡스톤디자인",
                ],
            },
            Department {
                prefix: "VCD",
                courses: &[
                    "기초디자인",
                    "드로잉",
                    "색채학",
                    "타이포그래피",
                    "편집디자인",
                    "브랜드아이덴티티",
                    "일러스트레이션",
                    "모션그래픽스",
                    "인터랙션디자인",
                    "UX디자인",
                    "광고디자인",
                    "디자인세미나",
                    "졸업프로젝트",
                ],
            },
            Department {
                prefix: "BUS",
                courses: &[
                    "경영학원론",
                    "회계원리",
                    "경제학원론",
                    "마케팅원론",
                    "조직행동론",
                    "재무관리",
                    "인사관리",
                    "생산운영관리",
                    "경영정보시스템",
                    "소비자행동론",
                    "투자론",
                    "국제경영",
                    "경영전략",
                ],
            },
            Department {
                prefix: "ARC",
                courses: &[
                    "건축설계기초",
                    "건축조형",
                    "건축역사",
                    "건축구조",
                    "건축환경계획",
                    "건축설계1",
                    "건축재료",
                    "도시계획",
                    "건축법규",
                    "건축시공",
                    "친환경건축",
                    "건축설계스튜디오",
                ],
            },
            Department {
                prefix: "EEE",
                courses: &[
                    "회로이론",
                    "전자기학",
                    "신호및시스템",
                    "전자회로",
                    "디지털시스템설계",
                    "반도체공학",
                    "제어공학",
                    "통신이론",
                    "전력공학",
                    "임베디드시스템",
                    "디지털신호처리",
                    "전자회로실험",
                ],
            },
        ],
        general: &[
            ("대학글쓰기", GR, 2),
            ("영어회화", GR, 2),
            ("미술의 이해", G, 3),
            ("서양철학의 이해", G, 3),
            ("현대사회와 윤리", G, 3),
            ("심리학개론", G, 3),
            ("한국사", G, 3),
            ("통계학의 이해", G, 3),
            ("영화로 읽는 사회", G, 2),
            ("음악감상", G, 1),
            ("생활 속의 화학", G, 2),
            ("창업과 리더십", O, 2),
            ("교육학개론", T, 2),
            ("교육심리", T, 2),
            ("경제생활과 금융", G, 3),
            ("글로벌 문화의 이해", G, 3),
        ],
        buildings: &["T동 ", "R동 ", "Z동 ", "E동 ", "K동 ", "G동 "],
    },
    DemoSchool {
        name: "이화여자대학교",
        departments: &[
            Department {
                prefix: "BUS",
                courses: &[
                    "경영학원론",
                    "회계원리",
                    "마케팅원론",
                    "재무관리",
                    "조직행동론",
                    "인적자원관리",
                    "경영통계",
                    "소비자행동론",
                    "브랜드관리",
                    "투자론",
                    "경영전략",
                    "글로벌마케팅",
                    "비즈니스애널리틱스",
                ],
            },
            Department {
                prefix: "CSE",
                courses: &[
                    "컴퓨터프로그래밍",
                    "이산수학",
                    "자료구조",
                    "컴퓨터구조",
                    "알고리즘",
                    "운영체제",
                    "데이터베이스",
                    "웹프로그래밍",
                    "컴퓨터그래픽스",
                    "기계학습",
                    "모바일프로그래밍",
                    "정보보호",
                ],
            },
            Department {
                prefix: "KOR",
                courses: &[
                    "국어학개론",
                    "국문학개론",
                    "현대소설론",
                    "고전시가론",
                    "국어문법론",
                    "현대시론",
                    "한국어교육론",
                    "고전소설론",
                    "비평이론",
                    "국어사",
                    "문학과 영상",
                    "창작실습",
                ],
            },
            Department {
                prefix: "PSY",
                courses: &[
                    "심리학입문",
                    "심리통계",
                    "발달심리학",
                    "사회심리학",
                    "인지심리학",
                    "성격심리학",
                    "이상심리학",
                    "생물심리학",
                    "상담심리학",
                    "산업및조직심리학",
                    "심리검사",
                    "임상심리학",
                ],
            },
            Department {
                prefix: "CHE",
                courses: &[
                    "일반화학",
                    "일반화학실험",
                    "유기화학",
                    "분석화학",
                    "물리화학",
                    "생화학",
                    "무기화학",
                    "고분자화학",
                    "분자생물학",
                    "기기분석",
                    "의약화학",
                    "화학세미나",
                ],
            },
        ],
        general: &[
            ("글쓰기", GR, 3),
            ("영어", GR, 3),
            ("채플", GR, 1),
            ("여성학입문", G, 3),
            ("서양미술사", G, 3),
            ("철학의 이해", G, 3),
            ("현대사회와 윤리", G, 3),
            ("한국문화의 이해", G, 2),
            ("통계적 사고", G, 3),
            ("환경과 생명", G, 2),
            ("리더십 개발", O, 2),
            ("교육학개론", T, 2),
            ("교육행정", T, 2),
            ("영화의 이해", G, 2),
            ("음악의 이해", G, 1),
            ("글로벌 이슈와 세계시민", G, 3),
        ],
        buildings: &["ECC B", "포스코관 ", "학관 ", "신공학관 ", "종합과학관 A", "이화-신세계관 "],
    },
];

const SURNAMES: [&str; 20] =
    ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안", "송", "류", "홍"];
const GIVEN_NAMES: [&str; 24] = [
    "민수", "지영", "성호", "현우", "수진", "영희", "동현", "은정", "재훈", "혜진", "상철", "미경", "준호", "서연", "태윤", "지훈", "나래",
    "경민", "소영", "진우", "하늘", "정민", "유진", "승철",
];

/// A lecture as the generator makes it.
struct DemoLecture {
    code: String,
    section: String,
    name: String,
    professor: String,
    credits: u8,
    category: LectureCategory,
    target_grade: u8,
    capacity: u16,
    room: String,
    times_text: String,
}

/// Meeting times in the catalogue's words for a lecture of `credits`.
fn times_text(rng: &mut Lcg, credits: u8) -> String {
    const D: [&str; 6] = ["월", "화", "수", "목", "금", "토"];
    const PAIRS: [(usize, usize); 4] = [(0, 2), (1, 3), (2, 4), (0, 3)];
    let p = 1 + rng.next(8);
    match credits {
        3 => match rng.next(10) {
            0..=4 => {
                let (a, b) = *rng.pick(&PAIRS);
                format!("{}{},{} {}{}", D[a], p, p + 1, D[b], p)
            }
            5..=6 => {
                let (a, b) = *rng.pick(&PAIRS);
                format!("{}{} {}{},{}", D[a], p, D[b], p, p + 1)
            }
            7..=8 => format!("{}{}-{}", D[rng.next(5) as usize], p, p + 2),
            _ => format!("{} 18:00-20:50", D[rng.next(5) as usize]),
        },
        2 => match rng.next(4) {
            0..=1 => format!("{}{},{}", D[rng.next(5) as usize], p, p + 1),
            2 => {
                let (a, b) = *rng.pick(&PAIRS);
                format!("{}{} {}{}", D[a], p, D[b], p)
            }
            _ => "토10:00~11:50".to_owned(),
        },
        _ => format!("{}{}", D[rng.next(5) as usize], p),
    }
}

/// One course as the catalogue offers it.
struct Course<'a> {
    code: String,
    name: &'a str,
    credits: u8,
    category: LectureCategory,
    grade: u8,
    professor: String,
}

fn professor(rng: &mut Lcg) -> String {
    format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN_NAMES))
}

/// The course's sections (a second one is sometimes taught by someone else).
fn offer(rng: &mut Lcg, out: &mut Vec<DemoLecture>, school: &DemoSchool, course: Course, sections: u8) {
    let mut prof = course.professor;
    for s in 1..=sections {
        if s > 1 && rng.next(2) == 0 {
            prof = professor(rng);
        }
        let building = rng.pick(school.buildings);
        out.push(DemoLecture {
            code: course.code.clone(),
            section: format!("{s:02}"),
            name: course.name.to_owned(),
            professor: prof.clone(),
            credits: course.credits,
            category: course.category,
            target_grade: course.grade,
            capacity: 30 + 5 * rng.next(19) as u16,
            room: format!("{building}{}{:02}", 1 + rng.next(6), 1 + rng.next(20)),
            times_text: times_text(rng, course.credits),
        });
    }
}

/// The year a department's `i`-th course is for.
fn grade_of(i: usize) -> u8 {
    match i {
        0..=2 => 1,
        3..=6 => 2,
        7..=10 => 3,
        _ => 4,
    }
}

/// How much of a school's courses a semester's catalogue offers.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Offering {
    /// Every course (every third major course and every other 교양 with a second section).
    Full,
    /// Every other course, one section each.
    Half,
    /// Every third course, one section each.
    Third,
}

/// The catalogue of one school for a semester. A course keeps its code and professor in
/// every semester (its first section's), so reviews written in one show in the others.
fn catalogue(school: &DemoSchool, seed: u64, offering: Offering) -> Vec<DemoLecture> {
    let (salt, offered): (u64, fn(usize) -> bool) = match offering {
        Offering::Full => (0, |_| true),
        Offering::Half => (1, |n| n % 2 == 0),
        Offering::Third => (2, |n| n % 3 == 0),
    };
    let full = offering == Offering::Full;
    let mut rng = Lcg(seed + salt * 104_729);
    let mut out = vec![];
    let mut n = 0usize;
    for dept in school.departments {
        for (i, name) in dept.courses.iter().enumerate() {
            n += 1;
            let grade = grade_of(i);
            let within = (0..i).filter(|&j| grade_of(j) == grade).count();
            let course = Course {
                code: format!("{}{}{:02}0", dept.prefix, grade, within + 1),
                name,
                credits: if name.ends_with("실험") || name.ends_with("실습") { 2 } else { 3 },
                category: if i % 3 == 0 { LectureCategory::MajorRequired } else { LectureCategory::MajorElective },
                grade,
                professor: professor(&mut Lcg(seed + 1_000_003 * n as u64)),
            };
            if !offered(n) {
                continue;
            }
            let sections = if full && n % 3 == 0 { 2 } else { 1 };
            offer(&mut rng, &mut out, school, course, sections);
        }
    }
    for (i, &(name, category, credits)) in school.general.iter().enumerate() {
        n += 1;
        let course = Course {
            code: format!("GEN{}{:02}0", 1 + i / 8, i % 8 + 1),
            name,
            credits,
            category,
            grade: 0,
            professor: professor(&mut Lcg(seed + 1_000_003 * n as u64)),
        };
        if !offered(n) {
            continue;
        }
        let sections = if full && i % 2 == 0 { 2 } else { 1 };
        offer(&mut rng, &mut out, school, course, sections);
    }
    out
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
