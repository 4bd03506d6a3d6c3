//! Types of 시간표 and 강의평 shared by the server and the browser. Times are minutes after
//! midnight (KST), days 0 (월) to 6 (일). A review never carries its writer: `mine` is set
//! only for the member who asks (docs/design/timetable.md).

use crate::hompy::model::Visibility;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use utoipa::ToSchema;

crate::words!(
    /// A semester's term.
    Term {
        Spring = "SPRING" / "1학기",
        Summer = "SUMMER" / "여름학기",
        Fall = "FALL" / "2학기",
        Winter = "WINTER" / "겨울학기",
    }
);

crate::words!(
    /// 이수 구분.
    LectureCategory {
        MajorRequired = "MAJOR_REQUIRED" / "전공필수",
        MajorElective = "MAJOR_ELECTIVE" / "전공선택",
        GeneralRequired = "GENERAL_REQUIRED" / "교양필수",
        General = "GENERAL" / "교양",
        Teaching = "TEACHING" / "교직",
        Other = "OTHER" / "일반선택",
    }
);

crate::words!(
    /// What a review may say in one word.
    ReviewTag {
        ManyAssignments = "MANY_ASSIGNMENTS" / "과제 많음",
        FewAssignments = "FEW_ASSIGNMENTS" / "과제 적음",
        Attendance = "ATTENDANCE" / "출석 체크",
        TeamProject = "TEAM_PROJECT" / "팀플 있음",
        HardExams = "HARD_EXAMS" / "시험 어려움",
        GenerousGrades = "GENEROUS_GRADES" / "학점 잘 줌",
        Recommended = "RECOMMENDED" / "강추",
    }
);

/// Day names, 월 to 일 (index = the day number).
pub const DAYS: [&str; 7] = ["월", "화", "수", "목", "금", "토", "일"];
/// Lectures per page of the search.
pub const LECTURE_PAGE: u32 = 20;
/// Reviews per page of a lecture.
pub const REVIEW_PAGE: u32 = 20;
/// Timetables a member may keep per semester.
pub const MAX_TIMETABLES: usize = 10;
/// The most credits one timetable may hold.
pub const MAX_CREDITS: u32 = 30;
/// Colours a custom block may take (the form offers them; the server refuses others).
pub const BLOCK_COLORS: [&str; 8] = ["#f28b82", "#fbbc04", "#fff475", "#ccff90", "#a7ffeb", "#aecbfa", "#d7aefb", "#e6c9a8"];

/// One weekly meeting: day 0 (월) to 6 (일), from `start` to `end` minutes after midnight.
/// Two slots clash when they overlap; one ending at 10:50 and one starting at 10:50 do not.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
pub struct Slot {
    pub day: u8,
    pub start: u16,
    pub end: u16,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Semester {
    pub id: u64,
    pub year: u16,
    pub term: Term,
    /// First and last day of classes (KST): the calendar export repeats weekly between them.
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// "2026년 2학기".
    pub name: String,
}

/// A semester as staff add it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SemesterInput {
    pub year: u16,
    pub term: Term,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Lecture {
    pub id: u64,
    pub school_id: u64,
    pub semester_id: u64,
    pub code: String,
    /// 분반.
    pub section: String,
    pub name: String,
    pub professor: String,
    pub credits: u8,
    pub category: LectureCategory,
    /// 대상 학년 (0: every year).
    pub target_grade: u8,
    pub capacity: u16,
    pub room: String,
    /// The catalogue's own words for the times ("월1,2 수3").
    pub times_text: String,
    pub slots: Vec<Slot>,
}

/// A filter of the lecture search. Every field is optional; `fits` is a timetable of the
/// asking member: only lectures that fit its free time.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "ssr", derive(ToSchema, utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct LectureQuery {
    /// Default: the current semester.
    pub semester_id: Option<u64>,
    /// Part of the name, the professor or the code.
    #[serde(default)]
    pub q: String,
    pub category: Option<LectureCategory>,
    /// Meets on this day (0 = 월).
    pub day: Option<u8>,
    pub credits: Option<u8>,
    /// Only lectures that clash with nothing in this timetable (the member's own).
    pub fits: Option<u64>,
    /// Staff only: another school's catalogue (members always search their own).
    pub school_id: Option<u64>,
    #[serde(default)]
    pub page: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LecturePage {
    pub items: Vec<Lecture>,
    pub page: u32,
    pub pages: u32,
    pub total: u64,
}

/// A lecture as staff create or change it; `times` is in the catalogue's words.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LectureInput {
    pub code: String,
    pub section: String,
    pub name: String,
    pub professor: String,
    pub credits: u8,
    pub category: Option<LectureCategory>,
    #[serde(default)]
    pub target_grade: u8,
    #[serde(default)]
    pub capacity: u16,
    #[serde(default)]
    pub room: String,
    pub times: String,
}

/// What a catalogue import did: lines made, lines that changed a lecture already there, and
/// every refused line with its number (1 = the header) and why.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub created: u32,
    pub updated: u32,
    pub rejected: Vec<RejectedLine>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RejectedLine {
    pub line: u32,
    pub reason: String,
}

/// A member's own block (a club, a part-time job).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Block {
    pub id: u64,
    pub title: String,
    pub place: String,
    /// One of `BLOCK_COLORS`.
    pub color: String,
    pub times_text: String,
    pub slots: Vec<Slot>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BlockInput {
    pub title: String,
    #[serde(default)]
    pub place: String,
    pub color: String,
    /// "화 18:00-20:00 목 18:00-20:00" or periods ("금6,7").
    pub times: String,
}

/// One of the member's timetables in a list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TimetableSummary {
    pub id: u64,
    pub semester_id: u64,
    pub name: String,
    pub is_primary: bool,
    pub visibility: Visibility,
    pub credits: u32,
}

/// A whole timetable as its reader may see it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Timetable {
    pub id: u64,
    pub owner_id: u64,
    pub owner_nickname: String,
    pub semester: Semester,
    pub name: String,
    pub is_primary: bool,
    pub visibility: Visibility,
    pub lectures: Vec<Lecture>,
    pub blocks: Vec<Block>,
    /// The sum of the lectures' credits.
    pub credits: u32,
    /// The reader owns it.
    pub mine: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NewTimetable {
    pub semester_id: u64,
    pub name: String,
}

/// A change to a timetable; fields left out stay as they are.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TimetablePatch {
    pub name: Option<String>,
    pub visibility: Option<Visibility>,
    /// `true` makes it the semester's primary timetable (the one 일촌 see).
    pub is_primary: Option<bool>,
}

/// The timetable page: the semesters, the member's school, their timetables of the chosen
/// semester and the chosen one whole (the primary unless another was asked for).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MyTimetables {
    pub semesters: Vec<Semester>,
    pub semester: Semester,
    /// The member's school (its catalogue is searched), if they have joined one.
    pub school_id: Option<u64>,
    pub school_name: Option<String>,
    pub timetables: Vec<TimetableSummary>,
    pub current: Option<Timetable>,
}

/// A 일촌's shared primary timetable in the "친구 시간표" list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FriendTimetable {
    pub user_id: u64,
    pub nickname: String,
    /// What the member calls this 일촌.
    pub ilchon_name: String,
    pub profile_image: Option<String>,
    pub timetable_id: u64,
    pub name: String,
    pub credits: u32,
    pub lecture_count: u32,
}

/// Two timetables laid over each other: the hours both are free, per day, within the
/// hours shown (09:00–21:00, Monday to Friday, Saturday when either has something then).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CommonFreeTime {
    pub mine: Timetable,
    pub theirs: Timetable,
    pub free: Vec<Slot>,
}

/// A lecture review as anyone sees it: no writer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Review {
    pub id: u64,
    /// The semester the writer had the course, "2026년 2학기" (the page adds "수강").
    pub semester_name: String,
    pub stars: u8,
    pub body: String,
    pub tags: Vec<ReviewTag>,
    pub likes: u32,
    /// The reader has given it 공감.
    pub liked: bool,
    /// The reader wrote it.
    pub mine: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReviewInput {
    /// 1 to 5.
    pub stars: u8,
    pub body: String,
    #[serde(default)]
    pub tags: Vec<ReviewTag>,
}

/// The average and the count per star (index 0 = one star).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReviewSummary {
    /// 0.0 when there is no review; otherwise rounded to one decimal.
    pub average: f32,
    pub count: u32,
    pub per_star: [u32; 5],
}

/// A lecture's page: the lecture, its other sections this semester, and the reviews of its
/// course (the same code and professor, every semester), newest first.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LectureDetail {
    pub lecture: Lecture,
    pub semester: Semester,
    pub school_name: String,
    pub summary: ReviewSummary,
    pub reviews: Vec<Review>,
    pub page: u32,
    pub pages: u32,
    /// The reader's own review of the course, if any.
    pub my_review: Option<Review>,
    /// The reader had this course in one of their timetables and has not reviewed it yet.
    pub may_review: bool,
    /// The reader's timetables of this lecture's semester (to add it from this page).
    pub my_timetables: Vec<TimetableSummary>,
}
