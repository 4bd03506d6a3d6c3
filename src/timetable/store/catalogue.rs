//! SQL of the catalogue (see service/catalogue.rs): semesters, lectures and their weekly
//! slots, the search (with the "fits my timetable" filter) and the import's writes.

use super::super::model::{LectureCategory, Slot, Term};
use crate::server::stores::push_list;
use chrono::NaiveDate;
use sqlx::{MySqlConnection, MySqlPool, QueryBuilder};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct SemesterRow {
    pub id: u64,
    pub year: u16,
    pub term: Term,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// Every semester, the newest first.
pub async fn semester_rows(db: &MySqlPool) -> Result<Vec<SemesterRow>, sqlx::Error> {
    sqlx::query_as!(
        SemesterRow,
        r#"SELECT id, year, term AS "term: Term", starts_on, ends_on FROM semesters ORDER BY starts_on DESC, id DESC"#
    )
    .fetch_all(db)
    .await
}

pub async fn semester_row(db: &MySqlPool, id: u64) -> Result<Option<SemesterRow>, sqlx::Error> {
    sqlx::query_as!(SemesterRow, r#"SELECT id, year, term AS "term: Term", starts_on, ends_on FROM semesters WHERE id = ?"#, id)
        .fetch_optional(db)
        .await
}

/// Adds a semester; `None` when that year's term exists already.
pub async fn semester_insert(
    db: &MySqlPool,
    year: u16,
    term: Term,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
) -> Result<Option<u64>, sqlx::Error> {
    match sqlx::query!("INSERT INTO semesters (year, term, starts_on, ends_on) VALUES (?, ?, ?, ?)", year, term, starts_on, ends_on)
        .execute(db)
        .await
    {
        Ok(r) => Ok(Some(r.last_insert_id())),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(None),
        Err(e) => Err(e),
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LectureRow {
    pub id: u64,
    pub school_id: u64,
    pub semester_id: u64,
    pub code: String,
    pub section: String,
    pub name: String,
    pub professor: String,
    pub credits: u8,
    pub category: LectureCategory,
    pub target_grade: u8,
    pub capacity: u16,
    pub room: String,
    pub times_text: String,
}

const LECTURE_COLUMNS: &str = "SELECT l.id, l.school_id, l.semester_id, l.code, l.section, l.name, l.professor, l.credits, l.category,
        l.target_grade, l.capacity, l.room, l.times_text FROM lectures l";

/// The lectures of `ids` (any order; unknown ids are left out).
pub async fn lecture_rows(db: &MySqlPool, ids: &[u64]) -> Result<Vec<LectureRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut q = QueryBuilder::new(LECTURE_COLUMNS);
    q.push(" WHERE l.id IN ");
    push_list(&mut q, ids.iter().copied());
    q.build_query_as().fetch_all(db).await
}

pub async fn lecture_row(db: &MySqlPool, id: u64) -> Result<Option<LectureRow>, sqlx::Error> {
    sqlx::query_as!(
        LectureRow,
        r#"SELECT id, school_id, semester_id, code, section, name, professor, credits, category AS "category: LectureCategory",
                  target_grade, capacity, room, times_text
           FROM lectures WHERE id = ?"#,
        id
    )
    .fetch_optional(db)
    .await
}

#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct LectureSlotRow {
    pub lecture_id: u64,
    pub day: u8,
    pub start_min: u16,
    pub end_min: u16,
}

/// The slots of the lectures of `ids`, by lecture, day and start.
pub async fn lecture_slot_rows(db: &MySqlPool, ids: &[u64]) -> Result<Vec<LectureSlotRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut q = QueryBuilder::new("SELECT lecture_id, day, start_min, end_min FROM lecture_slots WHERE lecture_id IN ");
    push_list(&mut q, ids.iter().copied());
    q.push(" ORDER BY lecture_id, day, start_min");
    q.build_query_as().fetch_all(db).await
}

/// What the search looks for. `words` are `LIKE` patterns: each must be in the name, the
/// professor or the code.
#[derive(Debug, Clone)]
pub struct LectureFilter {
    pub school_id: u64,
    pub semester_id: u64,
    pub words: Vec<String>,
    pub category: Option<LectureCategory>,
    pub day: Option<u8>,
    pub credits: Option<u8>,
    /// A timetable: only lectures none of whose slots overlap its lectures' or blocks'.
    pub fits: Option<u64>,
}

fn push_filter<'a>(q: &mut QueryBuilder<'a, sqlx::MySql>, f: &'a LectureFilter) {
    q.push(" WHERE l.school_id = ").push_bind(f.school_id).push(" AND l.semester_id = ").push_bind(f.semester_id);
    for w in &f.words {
        q.push(" AND (l.name LIKE ").push_bind(w.as_str());
        q.push(" OR l.professor LIKE ").push_bind(w.as_str());
        q.push(" OR l.code LIKE ").push_bind(w.as_str()).push(")");
    }
    if let Some(c) = f.category {
        q.push(" AND l.category = ").push_bind(c);
    }
    if let Some(c) = f.credits {
        q.push(" AND l.credits = ").push_bind(c);
    }
    if let Some(d) = f.day {
        q.push(" AND EXISTS (SELECT 1 FROM lecture_slots d WHERE d.lecture_id = l.id AND d.day = ").push_bind(d).push(")");
    }
    if let Some(t) = f.fits {
        q.push(
            " AND NOT EXISTS (SELECT 1 FROM lecture_slots ls JOIN (
                SELECT s.day, s.start_min, s.end_min FROM timetable_lectures tl
                JOIN lecture_slots s ON s.lecture_id = tl.lecture_id WHERE tl.timetable_id = ",
        )
        .push_bind(t);
        q.push(
            " UNION ALL SELECT bs.day, bs.start_min, bs.end_min FROM timetable_blocks b
                JOIN timetable_block_slots bs ON bs.block_id = b.id WHERE b.timetable_id = ",
        )
        .push_bind(t);
        q.push(
            ") busy ON busy.day = ls.day AND ls.start_min < busy.end_min AND busy.start_min < ls.end_min
              WHERE ls.lecture_id = l.id)",
        );
    }
}

/// One page of the search, by name, code and section, and the number of all matches.
pub async fn lecture_search(db: &MySqlPool, f: &LectureFilter, offset: u32, limit: u32) -> Result<(Vec<LectureRow>, i64), sqlx::Error> {
    let mut q = QueryBuilder::new(LECTURE_COLUMNS);
    push_filter(&mut q, f);
    q.push(" ORDER BY l.name, l.code, l.section, l.id LIMIT ").push_bind(limit).push(" OFFSET ").push_bind(offset);
    let rows = q.build_query_as::<LectureRow>().fetch_all(db).await?;
    let mut c = QueryBuilder::new("SELECT COUNT(*) FROM lectures l");
    push_filter(&mut c, f);
    let total: i64 = c.build_query_scalar().fetch_one(db).await?;
    Ok((rows, total))
}

/// A timetable's owner and semester (for the "fits" filter).
pub async fn fits_timetable(db: &MySqlPool, timetable: u64) -> Result<Option<(u64, u64)>, sqlx::Error> {
    let row = sqlx::query!("SELECT user_id, semester_id FROM timetables WHERE id = ?", timetable).fetch_optional(db).await?;
    Ok(row.map(|r| (r.user_id, r.semester_id)))
}

/// A lecture's fields as staff write them (validated by the service).
#[derive(Debug, Clone, PartialEq)]
pub struct LectureFields {
    pub code: String,
    pub section: String,
    pub name: String,
    pub professor: String,
    pub credits: u8,
    pub category: LectureCategory,
    pub target_grade: u8,
    pub capacity: u16,
    pub room: String,
    pub times_text: String,
    pub slots: Vec<Slot>,
}

/// Locks the semester's row: imports into one semester run one after another (two at once
/// would each hold gap locks on the lectures' key that the other's inserts wait for).
pub async fn lock_semester(conn: &mut MySqlConnection, semester: u64) -> Result<(), sqlx::Error> {
    sqlx::query_scalar!("SELECT id FROM semesters WHERE id = ? FOR UPDATE", semester).fetch_optional(conn).await?;
    Ok(())
}

/// A school's semester's lectures by (code, section): id and professor, locked for the import.
pub async fn lecture_keys(
    conn: &mut MySqlConnection,
    school: u64,
    semester: u64,
) -> Result<HashMap<(String, String), (u64, String)>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT id, code, section, professor FROM lectures WHERE school_id = ? AND semester_id = ? FOR UPDATE",
        school,
        semester
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| ((r.code, r.section), (r.id, r.professor))).collect())
}

/// Locks every timetable of a semester (in id order). The import takes them before the
/// lectures, the order adding a lecture to a timetable takes them in, so the two never
/// wait on each other in a circle.
pub async fn lock_semester_timetables(conn: &mut MySqlConnection, semester: u64) -> Result<(), sqlx::Error> {
    sqlx::query_scalar!("SELECT id FROM timetables WHERE semester_id = ? ORDER BY id FOR UPDATE", semester).fetch_all(conn).await?;
    Ok(())
}

/// The lecture, locked for its change.
pub async fn lecture_locked(conn: &mut MySqlConnection, id: u64) -> Result<Option<LectureRow>, sqlx::Error> {
    sqlx::query_as!(
        LectureRow,
        r#"SELECT id, school_id, semester_id, code, section, name, professor, credits, category AS "category: LectureCategory",
                  target_grade, capacity, room, times_text
           FROM lectures WHERE id = ? FOR UPDATE"#,
        id
    )
    .fetch_optional(conn)
    .await
}

/// The lecture with this code and section, if any (another than `except`).
pub async fn lecture_by_key(
    db: &MySqlPool,
    school: u64,
    semester: u64,
    code: &str,
    section: &str,
    except: u64,
) -> Result<Option<u64>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT id FROM lectures WHERE school_id = ? AND semester_id = ? AND code = ? AND section = ? AND id <> ?",
        school,
        semester,
        code,
        section,
        except
    )
    .fetch_optional(db)
    .await
}

pub async fn lecture_insert(conn: &mut MySqlConnection, school: u64, semester: u64, f: &LectureFields) -> Result<u64, sqlx::Error> {
    let id = sqlx::query!(
        "INSERT INTO lectures (school_id, semester_id, code, section, name, professor, credits, category, target_grade, capacity,
                               room, times_text)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        school,
        semester,
        f.code,
        f.section,
        f.name,
        f.professor,
        f.credits,
        f.category,
        f.target_grade,
        f.capacity,
        f.room,
        f.times_text
    )
    .execute(&mut *conn)
    .await?
    .last_insert_id();
    lecture_slots_replace(conn, id, &f.slots).await?;
    Ok(id)
}

pub async fn lecture_update(conn: &mut MySqlConnection, id: u64, f: &LectureFields) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE lectures SET code = ?, section = ?, name = ?, professor = ?, credits = ?, category = ?, target_grade = ?,
                             capacity = ?, room = ?, times_text = ?
         WHERE id = ?",
        f.code,
        f.section,
        f.name,
        f.professor,
        f.credits,
        f.category,
        f.target_grade,
        f.capacity,
        f.room,
        f.times_text,
        id
    )
    .execute(&mut *conn)
    .await?;
    lecture_slots_replace(conn, id, &f.slots).await
}

/// Replaces a lecture's slots with `slots`.
async fn lecture_slots_replace(conn: &mut MySqlConnection, id: u64, slots: &[Slot]) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM lecture_slots WHERE lecture_id = ?", id).execute(&mut *conn).await?;
    if slots.is_empty() {
        return Ok(());
    }
    let mut q = QueryBuilder::new("INSERT INTO lecture_slots (lecture_id, day, start_min, end_min) ");
    q.push_values(slots, |mut b, s| {
        b.push_bind(id).push_bind(s.day).push_bind(s.start).push_bind(s.end);
    });
    q.build().execute(&mut *conn).await?;
    Ok(())
}

/// The timetables that hold a lecture, locked (in id order) so that no lecture or block is
/// added to them while its change is checked against them.
pub async fn holders_locked(conn: &mut MySqlConnection, lecture: u64) -> Result<Vec<u64>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT t.id FROM timetables t JOIN timetable_lectures tl ON tl.timetable_id = t.id
         WHERE tl.lecture_id = ? ORDER BY t.id FOR UPDATE",
        lecture
    )
    .fetch_all(conn)
    .await
}

/// For each timetable that holds `lecture`: the slots of everything else in it (its other
/// lectures and its own blocks).
pub async fn holders_other_slots(conn: &mut MySqlConnection, lecture: u64) -> Result<HashMap<u64, Vec<Slot>>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT tl.timetable_id, s.day, s.start_min, s.end_min
         FROM timetable_lectures mine
         JOIN timetable_lectures tl ON tl.timetable_id = mine.timetable_id AND tl.lecture_id <> mine.lecture_id
         JOIN lecture_slots s ON s.lecture_id = tl.lecture_id
         WHERE mine.lecture_id = ?
         UNION ALL
         SELECT b.timetable_id, bs.day, bs.start_min, bs.end_min
         FROM timetable_lectures mine
         JOIN timetable_blocks b ON b.timetable_id = mine.timetable_id
         JOIN timetable_block_slots bs ON bs.block_id = b.id
         WHERE mine.lecture_id = ?",
        lecture,
        lecture
    )
    .fetch_all(conn)
    .await?;
    let mut out: HashMap<u64, Vec<Slot>> = HashMap::new();
    for r in rows {
        out.entry(r.timetable_id).or_default().push(Slot { day: r.day, start: r.start_min, end: r.end_min });
    }
    Ok(out)
}

/// For each timetable that holds `lecture`: the credits of its other lectures (timetables
/// with nothing else are left out).
pub async fn holders_other_credits(conn: &mut MySqlConnection, lecture: u64) -> Result<HashMap<u64, u32>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT tl.timetable_id, CAST(SUM(l.credits) AS UNSIGNED) AS "credits!: u64"
           FROM timetable_lectures mine
           JOIN timetable_lectures tl ON tl.timetable_id = mine.timetable_id AND tl.lecture_id <> mine.lecture_id
           JOIN lectures l ON l.id = tl.lecture_id
           WHERE mine.lecture_id = ?
           GROUP BY tl.timetable_id"#,
        lecture
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.timetable_id, u32::try_from(r.credits).unwrap_or(u32::MAX))).collect())
}

/// Whether any member has reviewed the course (a school's code taught by one professor).
pub async fn course_has_reviews(conn: &mut MySqlConnection, school: u64, code: &str, professor: &str) -> Result<bool, sqlx::Error> {
    let found = sqlx::query_scalar!(
        "SELECT id FROM lecture_reviews WHERE school_id = ? AND code = ? AND professor = ? LIMIT 1 LOCK IN SHARE MODE",
        school,
        code,
        professor
    )
    .fetch_optional(conn)
    .await?;
    Ok(found.is_some())
}
