//! Semesters and the lecture catalogue: search and the staff's edits (the import is in import.rs).
//! A member searches their own school's catalogue; staff may name any school.

use super::super::{model::*, store, times};
use crate::{
    account::{auth::AuthUser, model::Role},
    error::{AppError, ErrorCode, InvalidField},
    server::{stores::like_contains, AppState},
};
use chrono::Datelike;
use std::collections::HashMap;

/// Search words taken from `q`, and the characters of each.
const MAX_WORDS: usize = 5;
const MAX_WORD_CHARS: usize = 40;

fn is_staff(me: &AuthUser) -> bool {
    matches!(me.role(), Role::Staff | Role::Admin)
}

pub(super) fn require_staff(me: &AuthUser) -> Result<(), AppError> {
    me.require_role(&[Role::Staff, Role::Admin])
}

fn not_member() -> AppError {
    AppError::new(403, ErrorCode::NotSchoolMember, "학교 인증을 마친 회원만 강의를 찾을 수 있습니다. 커뮤니티에서 학교를 인증해 주세요.")
}

fn lecture_not_found() -> AppError {
    AppError::not_found(ErrorCode::LectureNotFound, "강의를 찾을 수 없습니다.")
}

fn semester_not_found() -> AppError {
    AppError::not_found(ErrorCode::SemesterNotFound, "학기를 찾을 수 없습니다.")
}

fn semester_from(row: store::SemesterRow) -> Semester {
    Semester {
        id: row.id,
        year: row.year,
        term: row.term,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        name: format!("{}년 {}", row.year, row.term.label()),
    }
}

/// Every semester, the newest first.
pub async fn semesters(state: &AppState) -> Result<Vec<Semester>, AppError> {
    Ok(store::semester_rows(&state.db).await?.into_iter().map(semester_from).collect())
}

/// The semester asked for, or the current one: the semester whose dates hold today (KST),
/// else the next to start, else the latest. 404 SEMESTER_NOT_FOUND for an unknown id.
pub async fn semester_or_current(state: &AppState, id: Option<u64>) -> Result<Semester, AppError> {
    if let Some(id) = id {
        return store::semester_row(&state.db, id).await?.map(semester_from).ok_or_else(semester_not_found);
    }
    let today = crate::kst::day_of(chrono::Utc::now());
    let all = store::semester_rows(&state.db).await?;
    let current = all.iter().find(|s| s.starts_on <= today && today <= s.ends_on);
    let next = || all.iter().filter(|s| s.starts_on > today).min_by_key(|s| s.starts_on);
    let latest = || all.iter().max_by_key(|s| s.starts_on);
    current
        .or_else(next)
        .or_else(latest)
        .cloned()
        .map(semester_from)
        .ok_or_else(|| AppError::not_found(ErrorCode::SemesterNotFound, "아직 등록된 학기가 없습니다."))
}

/// Staff: adds a semester (its year's term once).
pub async fn create_semester(state: &AppState, me: &AuthUser, input: SemesterInput) -> Result<Semester, AppError> {
    require_staff(me)?;
    let mut errors = vec![];
    let mut add = |field: &str, message: String| errors.push(InvalidField { field: field.into(), message });
    if !(2000..=2100).contains(&input.year) {
        add("year", "연도는 2000년부터 2100년 사이로 적어 주세요.".into());
    }
    let start_year = input.starts_on.year();
    if start_year != i32::from(input.year) && start_year != i32::from(input.year) + 1 {
        add("startsOn", format!("시작일이 {}년 학기와 맞지 않습니다.", input.year));
    }
    if input.ends_on <= input.starts_on {
        add("endsOn", "끝나는 날이 시작하는 날보다 늦어야 합니다.".into());
    } else if (input.ends_on - input.starts_on).num_days() > 200 {
        add("endsOn", "한 학기는 200일을 넘을 수 없습니다.".into());
    }
    if !errors.is_empty() {
        return Err(AppError::invalid_fields(errors));
    }
    let name = format!("{}년 {}", input.year, input.term.label());
    let id = store::semester_insert(&state.db, input.year, input.term, input.starts_on, input.ends_on)
        .await?
        .ok_or_else(|| AppError::invalid_field("term", format!("{name}는 이미 있습니다.")))?;
    Ok(Semester { id, year: input.year, term: input.term, starts_on: input.starts_on, ends_on: input.ends_on, name })
}

/// The member's school (their catalogue), if they have joined one.
pub async fn school_of(state: &AppState, me: &AuthUser) -> Result<Option<crate::board::schools::MemberSchool>, AppError> {
    Ok(crate::board::schools::membership(&state.db, me.id()).await?)
}

/// Whose catalogue the asker reads: staff the one they name (else their own), members
/// always their own school's.
async fn catalogue_school(state: &AppState, me: &AuthUser, asked: Option<u64>) -> Result<u64, AppError> {
    if let (true, Some(id)) = (is_staff(me), asked) {
        existing_school(state, id).await?;
        return Ok(id);
    }
    Ok(school_of(state, me).await?.ok_or_else(not_member)?.school_id)
}

pub(super) async fn existing_school(state: &AppState, id: u64) -> Result<String, AppError> {
    crate::board::schools::school_name(&state.db, id)
        .await?
        .ok_or_else(|| AppError::not_found(ErrorCode::SchoolNotFound, "학교를 찾을 수 없습니다."))
}

/// Rows with their slots (one query for all the slots), in the rows' order.
async fn with_slots(state: &AppState, rows: Vec<store::LectureRow>) -> Result<Vec<Lecture>, AppError> {
    let ids: Vec<u64> = rows.iter().map(|r| r.id).collect();
    let mut slots: HashMap<u64, Vec<Slot>> = HashMap::new();
    for s in store::lecture_slot_rows(&state.db, &ids).await? {
        slots.entry(s.lecture_id).or_default().push(Slot { day: s.day, start: s.start_min, end: s.end_min });
    }
    Ok(rows
        .into_iter()
        .map(|r| Lecture {
            slots: slots.remove(&r.id).unwrap_or_default(),
            id: r.id,
            school_id: r.school_id,
            semester_id: r.semester_id,
            code: r.code,
            section: r.section,
            name: r.name,
            professor: r.professor,
            credits: r.credits,
            category: r.category,
            target_grade: r.target_grade,
            capacity: r.capacity,
            room: r.room,
            times_text: r.times_text,
        })
        .collect())
}

/// Lectures with their slots, in the order of `ids` (unknown ids are left out).
pub async fn lectures_by_ids(state: &AppState, ids: &[u64]) -> Result<Vec<Lecture>, AppError> {
    let rows = store::lecture_rows(&state.db, ids).await?;
    let mut lectures: HashMap<u64, Lecture> = with_slots(state, rows).await?.into_iter().map(|l| (l.id, l)).collect();
    Ok(ids.iter().filter_map(|id| lectures.remove(id)).collect())
}

/// The catalogue's search: the asker's school's lectures of a semester (the one asked
/// for, else the `fits` timetable's, else the current), by name, professor or code,
/// category, day, credits and "fits my timetable", by name.
pub async fn search_lectures(state: &AppState, me: &AuthUser, query: &LectureQuery) -> Result<LecturePage, AppError> {
    let school_id = catalogue_school(state, me, query.school_id).await?;
    if query.day.is_some_and(|d| d > 6) {
        return Err(AppError::invalid_field("day", "요일은 0(월)부터 6(일)까지입니다."));
    }
    let mut semester_id = query.semester_id;
    if let Some(t) = query.fits {
        let semester = store::fits_timetable(&state.db, t)
            .await?
            .filter(|(owner, _)| *owner == me.id())
            .map(|(_, semester)| semester)
            .ok_or_else(|| AppError::not_found(ErrorCode::TimetableNotFound, "시간표를 찾을 수 없습니다."))?;
        semester_id = semester_id.or(Some(semester));
    }
    let semester = semester_or_current(state, semester_id).await?;
    let words =
        query.q.split_whitespace().take(MAX_WORDS).map(|w| like_contains(&w.chars().take(MAX_WORD_CHARS).collect::<String>())).collect();
    let filter = store::LectureFilter {
        school_id,
        semester_id: semester.id,
        words,
        category: query.category,
        day: query.day,
        credits: query.credits,
        fits: query.fits,
    };
    let page = query.page.max(1);
    let (rows, total) = store::lecture_search(&state.db, &filter, (page - 1).saturating_mul(LECTURE_PAGE), LECTURE_PAGE).await?;
    let pages = (total.max(0) as u64).div_ceil(u64::from(LECTURE_PAGE)).max(1) as u32;
    Ok(LecturePage { items: with_slots(state, rows).await?, page, pages, total: total.max(0) as u64 })
}

/// A lecture of the asker's school (staff: of any school).
pub async fn get_lecture(state: &AppState, me: &AuthUser, id: u64) -> Result<Lecture, AppError> {
    let row = store::lecture_row(&state.db, id).await?.ok_or_else(lecture_not_found)?;
    if !is_staff(me) {
        let school = school_of(state, me).await?.ok_or_else(not_member)?;
        if school.school_id != row.school_id {
            return Err(lecture_not_found());
        }
    }
    with_slots(state, vec![row]).await?.pop().ok_or_else(lecture_not_found)
}

/// The input's fields, checked: every refused field with its message.
pub(super) fn check_lecture(input: &LectureInput) -> Result<store::LectureFields, Vec<InvalidField>> {
    let mut errors = vec![];
    let mut add = |field: &str, message: &str| errors.push(InvalidField { field: field.into(), message: message.into() });
    let word = |s: &str, max: usize| !s.is_empty() && s.chars().count() <= max && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let code = input.code.trim().to_ascii_uppercase();
    if !word(&code, 20) {
        add("code", "과목 코드는 영문과 숫자로 20자까지 적어 주세요 (예: CSE2010).");
    }
    let section = match input.section.trim() {
        "" => "01".to_owned(),
        s => s.to_ascii_uppercase(),
    };
    if !word(&section, 10) {
        add("section", "분반은 영문과 숫자로 10자까지 적어 주세요 (예: 01).");
    }
    let name = input.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 {
        add("name", "강의명은 1~100자로 적어 주세요.");
    }
    let professor = input.professor.trim().to_owned();
    if professor.chars().count() > 60 {
        add("professor", "교수명은 60자까지 쓸 수 있습니다.");
    }
    if input.credits > 6 {
        add("credits", "학점은 0~6 사이로 적어 주세요.");
    }
    if input.category.is_none() {
        add("category", "이수 구분을 골라 주세요 (전공필수, 전공선택, 교양필수, 교양, 교직, 일반선택).");
    }
    if input.target_grade > 6 {
        add("targetGrade", "대상 학년은 0(전체)부터 6 사이로 적어 주세요.");
    }
    let room = input.room.trim().to_owned();
    if room.chars().count() > 60 {
        add("room", "강의실은 60자까지 쓸 수 있습니다.");
    }
    let times_text = input.times.trim().to_owned();
    let slots = if times_text.chars().count() > 120 {
        add("times", "시간은 120자까지 쓸 수 있습니다.");
        vec![]
    } else {
        times::parse_times(&times_text).unwrap_or_else(|e| {
            add("times", &e);
            vec![]
        })
    };
    match input.category {
        Some(category) if errors.is_empty() => Ok(store::LectureFields {
            code,
            section,
            name,
            professor,
            credits: input.credits,
            category,
            target_grade: input.target_grade,
            capacity: input.capacity,
            room,
            times_text,
            slots,
        }),
        _ => Err(errors),
    }
}

fn key_taken(f: &store::LectureFields) -> AppError {
    AppError::invalid_field("section", format!("이미 {} {}분반 강의가 있습니다.", f.code, f.section))
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Staff: adds a lecture to a school's semester.
pub async fn create_lecture(
    state: &AppState,
    me: &AuthUser,
    school_id: u64,
    semester_id: u64,
    input: LectureInput,
) -> Result<Lecture, AppError> {
    require_staff(me)?;
    existing_school(state, school_id).await?;
    semester_or_current(state, Some(semester_id)).await?;
    let fields = check_lecture(&input).map_err(AppError::invalid_fields)?;
    if store::lecture_by_key(&state.db, school_id, semester_id, &fields.code, &fields.section, 0).await?.is_some() {
        return Err(key_taken(&fields));
    }
    let mut tx = state.db.begin().await?;
    let id = match store::lecture_insert(&mut tx, school_id, semester_id, &fields).await {
        Err(e) if is_unique_violation(&e) => return Err(key_taken(&fields)),
        other => other?,
    };
    tx.commit().await?;
    lectures_by_ids(state, &[id]).await?.pop().ok_or_else(lecture_not_found)
}

/// Staff: changes a lecture (its slots follow its times). Refused when a timetable that
/// holds it would clash or go over `MAX_CREDITS` (409), or when its code or professor
/// would change while its course has reviews (400).
pub async fn update_lecture(state: &AppState, me: &AuthUser, id: u64, input: LectureInput) -> Result<Lecture, AppError> {
    require_staff(me)?;
    let row = store::lecture_row(&state.db, id).await?.ok_or_else(lecture_not_found)?;
    let fields = check_lecture(&input).map_err(AppError::invalid_fields)?;
    if store::lecture_by_key(&state.db, row.school_id, row.semester_id, &fields.code, &fields.section, id).await?.is_some() {
        return Err(key_taken(&fields));
    }
    let mut tx = state.db.begin().await?;
    // Changes of one semester's catalogue run one after another; the lecture before the
    // timetables holding it (adding a lecture waits on the lecture while holding its
    // timetable, and never needs one of this lecture's holders).
    store::lock_semester(&mut tx, row.semester_id).await?;
    let row = store::lecture_locked(&mut tx, id).await?.ok_or_else(lecture_not_found)?;
    let holders = store::holders_locked(&mut tx, id).await?;
    refuse_breaking_timetables(&mut tx, id, &holders, &fields).await?;
    let course = refuse_course_change(&mut tx, row.school_id, (&row.code, &row.professor), &fields).await?;
    if !course.is_empty() {
        return Err(AppError::invalid_fields(course));
    }
    match store::lecture_update(&mut tx, id, &fields).await {
        Err(e) if is_unique_violation(&e) => return Err(key_taken(&fields)),
        other => other?,
    }
    tx.commit().await?;
    lectures_by_ids(state, &[id]).await?.pop().ok_or_else(lecture_not_found)
}

/// Refuses new times or credits that would break a timetable holding the lecture (the
/// `holders`, locked): a clash with its other lectures or its own blocks (409
/// TIMETABLE_CLASH), or more than `MAX_CREDITS` in it (409 TOO_MANY_CREDITS).
pub(super) async fn refuse_breaking_timetables(
    conn: &mut sqlx::MySqlConnection,
    lecture: u64,
    holders: &[u64],
    fields: &store::LectureFields,
) -> Result<(), AppError> {
    if holders.is_empty() {
        return Ok(());
    }
    let busy = store::holders_other_slots(conn, lecture).await?;
    let clashes: Vec<(Slot, Slot)> =
        holders.iter().filter_map(|t| busy.get(t).and_then(|b| times::first_clash(&fields.slots, b))).collect();
    if let Some((mine, theirs)) = clashes.first() {
        return Err(AppError::conflict(
            ErrorCode::TimetableClash,
            format!(
                "이 강의를 담은 시간표 {}개에서 다른 수업과 시간이 겹칩니다 (예: {}와(과) {}). 시간을 바꿀 수 없습니다.",
                clashes.len(),
                times::format_slot(mine),
                times::format_slot(theirs)
            ),
        ));
    }
    let others = store::holders_other_credits(conn, lecture).await?;
    let over = holders.iter().filter(|t| others.get(t).copied().unwrap_or(0) + u32::from(fields.credits) > MAX_CREDITS).count();
    if over > 0 {
        return Err(AppError::conflict(
            ErrorCode::TooManyCredits,
            format!("이 강의를 담은 시간표 {over}개가 {MAX_CREDITS}학점을 넘게 됩니다 ({}학점으로 바꿀 수 없습니다).", fields.credits),
        ));
    }
    Ok(())
}

/// The fields refused because they would move a lecture out of its course (school, code,
/// professor) while the course has reviews: the reviews belong to the course, and would
/// be left without it. A change of case only is no change (keys compare without case).
pub(super) async fn refuse_course_change(
    conn: &mut sqlx::MySqlConnection,
    school: u64,
    (code, professor): (&str, &str),
    fields: &store::LectureFields,
) -> Result<Vec<InvalidField>, AppError> {
    let differs = |a: &str, b: &str| a.trim().to_lowercase() != b.trim().to_lowercase();
    let (new_code, new_professor) = (differs(code, &fields.code), differs(professor, &fields.professor));
    if !(new_code || new_professor) || !store::course_has_reviews(conn, school, code, professor).await? {
        return Ok(vec![]);
    }
    let course = if professor.is_empty() { code.to_owned() } else { format!("{code}, {professor} 교수") };
    let why = |what: &str| InvalidField {
        field: if what == "과목 코드" { "code" } else { "professor" }.into(),
        message: format!("이 과목({course})에는 강의평이 있어 {what}를 바꿀 수 없습니다. 다른 과목이면 강의를 새로 추가해 주세요."),
    };
    let mut refused = vec![];
    if new_code {
        refused.push(why("과목 코드"));
    }
    if new_professor {
        refused.push(why("교수명"));
    }
    Ok(refused)
}
