//! The demo catalogue's generator: departments and 교양 of the two demo schools, professors,
//! rooms and meeting times in the original's words, from a fixed-seed LCG (the same
//! catalogue every run). A course keeps its code and professor across semesters.

use super::super::model::LectureCategory;

/// A small linear congruential generator (Knuth's MMIX constants): enough variety for
/// demo data, the same every run.
pub(super) struct Lcg(pub(super) u64);

impl Lcg {
    pub(super) fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
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

pub(super) struct DemoSchool {
    /// The start of the school's shown name ("홍익대학교 서울캠퍼스").
    pub(super) name: &'static str,
    departments: &'static [Department],
    general: &'static [GeneralCourse],
    buildings: &'static [&'static str],
}

use LectureCategory::{General as G, GeneralRequired as GR, Other as O, Teaching as T};

pub(super) const SCHOOLS: [DemoSchool; 2] = [
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
pub(super) struct DemoLecture {
    pub(super) code: String,
    pub(super) section: String,
    pub(super) name: String,
    pub(super) professor: String,
    pub(super) credits: u8,
    pub(super) category: LectureCategory,
    pub(super) target_grade: u8,
    pub(super) capacity: u16,
    pub(super) room: String,
    pub(super) times_text: String,
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
pub(super) enum Offering {
    /// Every course (every third major course and every other 교양 with a second section).
    Full,
    /// Every other course, one section each.
    Half,
    /// Every third course, one section each.
    Third,
}

/// The catalogue of one school for a semester. A course keeps its code and professor in
/// every semester (its first section's), so reviews written in one show in the others.
pub(super) fn catalogue(school: &DemoSchool, seed: u64, offering: Offering) -> Vec<DemoLecture> {
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
