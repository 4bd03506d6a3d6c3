//! A member's timetables: lectures with clash checks, own blocks, names, primary, visibility.
//!
//! Who may read: the owner always; PUBLIC anyone (guests too); ILCHON the owner's 일촌;
//! PRIVATE the owner only. Anything one may not read or change answers 404
//! TIMETABLE_NOT_FOUND, so nobody learns which ids exist. Every change to what a timetable
//! holds locks its row first (`store::timetable_lock`), so two adds at once cannot both pass
//! the clash or credit check.
//!
//! Adding a lecture that is already there, removing one that is not, and removing a block
//! that is not there all answer the timetable as it is (PUT/DELETE are idempotent).
//!
//! Creating, deleting and changing the primary of timetables take the semester's row lock
//! first (`store::lock_semester`), then the member's rows: two at once (a double submit)
//! run one after the other instead of deadlocking on the index's gaps, and the unique key
//! on the primary, should it still fire, answers 409 rather than 500. Those transactions run
//! at READ COMMITTED: different members' timetables of different semesters sit next to each
//! other in the member index, and under REPEATABLE READ the gap locks of one member's
//! locking reads deadlocked with another's insert (seen in the tests); the row locks above
//! are what these rules rely on, not the gaps.

use super::super::{model::*, store, times};
use crate::{
    account::auth::AuthUser,
    error::{AppError, ErrorCode, FieldErrors},
    ilchon::model::Relation,
    server::AppState,
};

pub(super) fn timetable_not_found() -> AppError {
    AppError::not_found(ErrorCode::TimetableNotFound, "시간표를 찾을 수 없습니다.")
}

/// Where `viewer` stands to `owner`: the owner, a 일촌, another member or a guest.
pub(super) async fn relation_to(state: &AppState, viewer: Option<&AuthUser>, owner: u64) -> Result<Relation, AppError> {
    Ok(match viewer {
        None => Relation::Guest,
        Some(v) if v.id() == owner => Relation::Owner,
        Some(v) => match crate::ilchon::relations::name_for(&state.db, v.id(), owner).await? {
            Some(_) => Relation::Ilchon,
            None => Relation::Member,
        },
    })
}

/// The timetable's row when `viewer` may read it; 404 otherwise.
pub(super) async fn readable_timetable(state: &AppState, viewer: Option<&AuthUser>, id: u64) -> Result<store::TimetableRow, AppError> {
    let row = store::timetable_get(&state.db, id).await?.ok_or_else(timetable_not_found)?;
    let relation = relation_to(state, viewer, row.user_id).await?;
    if row.visibility.allows(relation) {
        Ok(row)
    } else {
        Err(timetable_not_found())
    }
}

/// The member's own timetable's row; 404 for anyone else's.
pub(super) async fn owned_timetable(state: &AppState, me: &AuthUser, id: u64) -> Result<store::TimetableRow, AppError> {
    store::timetable_get(&state.db, id).await?.filter(|t| t.user_id == me.id()).ok_or_else(timetable_not_found)
}

/// Locks the member's own timetable inside `conn`'s transaction; 404 for anyone else's.
async fn lock_owned(conn: &mut sqlx::MySqlConnection, me: &AuthUser, id: u64) -> Result<store::LockedTimetable, AppError> {
    store::timetable_lock(conn, id).await?.filter(|t| t.user_id == me.id()).ok_or_else(timetable_not_found)
}

/// The whole timetable as `viewer` sees it (after the visibility check).
pub(super) async fn load_timetable(state: &AppState, viewer: Option<&AuthUser>, row: store::TimetableRow) -> Result<Timetable, AppError> {
    let semester = super::catalogue::semester_or_current(state, Some(row.semester_id)).await?;
    let ids = store::lecture_ids(&state.db, row.id).await?;
    let lectures = super::catalogue::lectures_by_ids(state, &ids).await?;
    let (block_rows, block_slots) = store::blocks_of(&state.db, row.id).await?;
    let blocks = block_rows
        .into_iter()
        .map(|b| Block {
            slots: block_slots
                .iter()
                .filter(|s| s.block_id == b.id)
                .map(|s| Slot { day: s.day, start: s.start_min, end: s.end_min })
                .collect(),
            id: b.id,
            title: b.title,
            place: b.place,
            color: b.color,
            times_text: b.times_text,
        })
        .collect();
    let credits = lectures.iter().map(|l| u32::from(l.credits)).sum();
    Ok(Timetable {
        id: row.id,
        owner_id: row.user_id,
        owner_nickname: row.owner_nickname,
        semester,
        name: row.name,
        is_primary: row.is_primary,
        visibility: row.visibility,
        lectures,
        blocks,
        credits,
        mine: viewer.is_some_and(|v| v.id() == row.user_id),
    })
}

async fn load_owned(state: &AppState, me: &AuthUser, id: u64) -> Result<Timetable, AppError> {
    let row = owned_timetable(state, me, id).await?;
    load_timetable(state, Some(me), row).await
}

fn summary(r: store::TimetableSummaryRow) -> TimetableSummary {
    TimetableSummary {
        id: r.id,
        semester_id: r.semester_id,
        name: r.name,
        is_primary: r.is_primary,
        visibility: r.visibility,
        credits: r.credits.max(0) as u32,
    }
}

async fn summary_of(state: &AppState, me: &AuthUser, semester: u64, id: u64) -> Result<TimetableSummary, AppError> {
    summaries(state, me, semester).await?.into_iter().find(|t| t.id == id).ok_or_else(timetable_not_found)
}

pub async fn my_timetables(
    state: &AppState,
    me: &AuthUser,
    semester_id: Option<u64>,
    timetable_id: Option<u64>,
) -> Result<MyTimetables, AppError> {
    // An asked timetable must be the member's; its semester is the one shown.
    let asked = match timetable_id {
        Some(id) => Some(owned_timetable(state, me, id).await?),
        None => None,
    };
    let semester = super::catalogue::semester_or_current(state, asked.as_ref().map(|t| t.semester_id).or(semester_id)).await?;
    let school = super::catalogue::school_of(state, me).await?;
    let timetables = summaries(state, me, semester.id).await?;
    let current_row = match asked {
        Some(row) => Some(row),
        None => match timetables.iter().find(|t| t.is_primary).or(timetables.first()) {
            Some(t) => store::timetable_get(&state.db, t.id).await?,
            None => None,
        },
    };
    let current = match current_row {
        Some(row) => Some(load_timetable(state, Some(me), row).await?),
        None => None,
    };
    Ok(MyTimetables {
        semesters: super::catalogue::semesters(state).await?,
        semester,
        school_id: school.as_ref().map(|s| s.school_id),
        school_name: school.map(|s| s.school_name),
        timetables,
        current,
    })
}

pub async fn get_timetable(state: &AppState, viewer: Option<&AuthUser>, id: u64) -> Result<Timetable, AppError> {
    let row = readable_timetable(state, viewer, id).await?;
    load_timetable(state, viewer, row).await
}

/// The unique key on the member's primary of a semester refused a write: a second request
/// changed it at the same moment. 409 (try again), never a 500.
fn primary_race(e: sqlx::Error) -> AppError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => AppError::conflict(
            ErrorCode::BadRequest,
            "다른 요청이 같은 학기의 기본 시간표를 동시에 바꾸었습니다. 새로고침한 뒤 다시 시도해 주세요.",
        ),
        _ => e.into(),
    }
}

fn timetable_name(errors: &mut FieldErrors, name: &str) -> String {
    errors.text("name", name, 1, 40, "시간표 이름")
}

pub async fn create_timetable(state: &AppState, me: &AuthUser, input: NewTimetable) -> Result<TimetableSummary, AppError> {
    let mut errors = FieldErrors::default();
    let name = timetable_name(&mut errors, &input.name);
    errors.finish()?;
    let semester = super::catalogue::semester_or_current(state, Some(input.semester_id)).await?;
    let mut conn = crate::server::stores::read_committed(&state.db).await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    store::lock_semester(&mut tx, semester.id).await?;
    let count = store::count_in_semester(&mut tx, me.id(), semester.id).await?;
    if count >= MAX_TIMETABLES as i64 {
        return Err(AppError::conflict(
            ErrorCode::TooManyTimetables,
            format!("한 학기에 시간표는 {MAX_TIMETABLES}개까지 만들 수 있습니다. 쓰지 않는 시간표를 지운 뒤 다시 만들어 주세요."),
        ));
    }
    // The semester's first timetable is its primary.
    let id = store::timetable_insert(&mut tx, me.id(), semester.id, &name, count == 0).await.map_err(primary_race)?;
    tx.commit().await?;
    summary_of(state, me, semester.id, id).await
}

pub async fn update_timetable(state: &AppState, me: &AuthUser, id: u64, patch: TimetablePatch) -> Result<TimetableSummary, AppError> {
    let mut errors = FieldErrors::default();
    let name = patch.name.as_deref().map(|n| timetable_name(&mut errors, n));
    errors.finish()?;
    let semester = owned_timetable(state, me, id).await?.semester_id;
    let mut conn = crate::server::stores::read_committed(&state.db).await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    if patch.is_primary == Some(true) {
        store::lock_semester(&mut tx, semester).await?;
    }
    let t = lock_owned(&mut tx, me, id).await?;
    if patch.is_primary == Some(false) && t.is_primary {
        return Err(AppError::invalid_field(
            "isPrimary",
            "기본 시간표는 해제할 수 없습니다. 다른 시간표를 기본 시간표로 지정하면 이 시간표는 자동으로 해제됩니다.",
        ));
    }
    if let Some(name) = name {
        store::timetable_rename(&mut tx, id, &name).await?;
    }
    if let Some(visibility) = patch.visibility {
        store::timetable_set_visibility(&mut tx, id, visibility).await?;
    }
    if patch.is_primary == Some(true) && !t.is_primary {
        store::timetable_make_primary(&mut tx, t.user_id, t.semester_id, id).await.map_err(primary_race)?;
    }
    tx.commit().await?;
    summary_of(state, me, t.semester_id, id).await
}

pub async fn delete_timetable(state: &AppState, me: &AuthUser, id: u64) -> Result<(), AppError> {
    let semester = owned_timetable(state, me, id).await?.semester_id;
    let mut conn = crate::server::stores::read_committed(&state.db).await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    store::lock_semester(&mut tx, semester).await?;
    let t = lock_owned(&mut tx, me, id).await?;
    store::timetable_delete(&mut tx, id).await?;
    // The primary's place goes to the oldest timetable left in the semester.
    if t.is_primary {
        if let Some(next) = store::oldest_in_semester(&mut tx, t.user_id, t.semester_id).await? {
            store::timetable_make_primary(&mut tx, t.user_id, t.semester_id, next).await.map_err(primary_race)?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Refuses `slots` when one overlaps something already in the timetable: the message
/// names what it clashes with and when ("'자료구조'(월 09:00–10:50)와(과) 시간이 겹칩니다.").
fn refuse_clash(busy: &[store::BusySlot], slots: &[Slot]) -> Result<(), AppError> {
    for s in slots {
        if let Some(b) = busy.iter().find(|b| times::overlaps(s, &Slot { day: b.day, start: b.start_min, end: b.end_min })) {
            let theirs = Slot { day: b.day, start: b.start_min, end: b.end_min };
            return Err(AppError::conflict(
                ErrorCode::TimetableClash,
                format!("'{}'({})와(과) 시간이 겹칩니다.", b.name, times::format_slot(&theirs)),
            ));
        }
    }
    Ok(())
}

pub async fn add_lecture(state: &AppState, me: &AuthUser, timetable_id: u64, lecture_id: u64) -> Result<Timetable, AppError> {
    // Ownership first: a stranger learns nothing about the timetable from the lecture checks.
    owned_timetable(state, me, timetable_id).await?;
    let lecture = super::catalogue::lectures_by_ids(state, &[lecture_id])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::not_found(ErrorCode::LectureNotFound, "강의를 찾을 수 없습니다."))?;
    match super::catalogue::school_of(state, me).await? {
        None => return Err(AppError::new(
            403,
            ErrorCode::NotSchoolMember,
            "강의를 담으려면 학교 인증이 필요합니다. 커뮤니티에서 학교를 인증해 주세요. (직접 만든 일정은 인증 없이 추가할 수 있습니다.)",
        )),
        Some(s) if s.school_id != lecture.school_id => {
            return Err(AppError::new(403, ErrorCode::NotSchoolMember, "우리 학교의 강의만 시간표에 담을 수 있습니다."));
        }
        Some(_) => {}
    }
    let mut tx = state.db.begin().await?;
    let t = lock_owned(&mut tx, me, timetable_id).await?;
    if lecture.semester_id != t.semester_id {
        return Err(AppError::bad_request(ErrorCode::BadRequest, "이 시간표와 다른 학기의 강의는 담을 수 없습니다."));
    }
    if store::has_lecture(&mut tx, t.id, lecture.id).await? {
        drop(tx);
        return load_owned(state, me, timetable_id).await;
    }
    let busy = store::busy_slots(&mut tx, t.id).await?;
    refuse_clash(&busy, &lecture.slots)?;
    let credits = store::credits_of(&mut tx, t.id).await?.max(0) as u32;
    if credits + u32::from(lecture.credits) > MAX_CREDITS {
        return Err(AppError::conflict(
            ErrorCode::TooManyCredits,
            format!(
                "한 시간표에는 {MAX_CREDITS}학점까지 담을 수 있습니다. (지금 {credits}학점, '{}' {}학점)",
                lecture.name, lecture.credits
            ),
        ));
    }
    store::lecture_add(&mut tx, t.id, lecture.id).await?;
    tx.commit().await?;
    load_owned(state, me, timetable_id).await
}

pub async fn remove_lecture(state: &AppState, me: &AuthUser, timetable_id: u64, lecture_id: u64) -> Result<Timetable, AppError> {
    let mut tx = state.db.begin().await?;
    let t = lock_owned(&mut tx, me, timetable_id).await?;
    store::lecture_remove(&mut tx, t.id, lecture_id).await?;
    tx.commit().await?;
    load_owned(state, me, timetable_id).await
}

/// The longest times text of a block (what its column holds).
const MAX_TIMES_CHARS: usize = 120;

pub async fn add_block(state: &AppState, me: &AuthUser, timetable_id: u64, input: BlockInput) -> Result<Timetable, AppError> {
    owned_timetable(state, me, timetable_id).await?;
    let mut errors = FieldErrors::default();
    let title = errors.text("title", &input.title, 1, 40, "일정 이름");
    let place = errors.text("place", &input.place, 0, 60, "장소");
    let color = input.color.trim().to_ascii_lowercase();
    errors.check(BLOCK_COLORS.contains(&color.as_str()), "color", "준비된 색 가운데 하나를 골라 주세요.");
    let times_text = input.times.trim().to_owned();
    // The length first: the parser never sees more than a form's field holds.
    let slots = if times_text.chars().count() > MAX_TIMES_CHARS {
        errors.add("times", format!("시간은 {MAX_TIMES_CHARS}자까지 적을 수 있습니다."));
        vec![]
    } else {
        match times::parse_times(&times_text) {
            Ok(slots) => slots,
            Err(message) => {
                errors.add("times", message);
                vec![]
            }
        }
    };
    // Only the times wrong: INVALID_TIMES (with the parser's words on the field).
    let times_only = errors.names() == ["times"];
    errors.finish().map_err(|mut e| {
        if times_only {
            e.code = ErrorCode::InvalidTimes;
            e.message = e.field_message("times").unwrap_or(e.message);
        }
        e
    })?;
    let mut tx = state.db.begin().await?;
    let t = lock_owned(&mut tx, me, timetable_id).await?;
    let busy = store::busy_slots(&mut tx, t.id).await?;
    refuse_clash(&busy, &slots)?;
    let rows: Vec<(u8, u16, u16)> = slots.iter().map(|s| (s.day, s.start, s.end)).collect();
    let block = store::NewBlock { title: &title, place: &place, color: &color, times_text: &times_text };
    store::block_insert(&mut tx, t.id, block, &rows).await?;
    tx.commit().await?;
    load_owned(state, me, timetable_id).await
}

pub async fn remove_block(state: &AppState, me: &AuthUser, timetable_id: u64, block_id: u64) -> Result<Timetable, AppError> {
    let mut tx = state.db.begin().await?;
    let t = lock_owned(&mut tx, me, timetable_id).await?;
    store::block_delete(&mut tx, t.id, block_id).await?;
    tx.commit().await?;
    load_owned(state, me, timetable_id).await
}

/// The member's timetables of a semester (for lists, and the lecture page's "add" menu).
pub async fn summaries(state: &AppState, me: &AuthUser, semester_id: u64) -> Result<Vec<TimetableSummary>, AppError> {
    Ok(store::summaries(&state.db, me.id(), semester_id).await?.into_iter().map(summary).collect())
}

/// Slots of a timetable's lectures and blocks together (for free time and the picture).
pub(super) fn timetable_slots(t: &Timetable) -> Vec<Slot> {
    t.lectures.iter().flat_map(|l| l.slots.iter().copied()).chain(t.blocks.iter().flat_map(|b| b.slots.iter().copied())).collect()
}
