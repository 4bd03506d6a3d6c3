//! SQL of the timetables (see service/timetables.rs and service/sharing.rs): the member's
//! timetables, the lectures in them, their own blocks, and the 일촌's shared primaries.
//! Writes that depend on what a timetable holds run on a connection inside the service's
//! transaction, after `lock`.

use crate::hompy::model::Visibility;
use sqlx::{MySqlConnection, MySqlPool};

/// One timetable row with its owner's nickname.
#[derive(Debug, Clone)]
pub struct TimetableRow {
    pub id: u64,
    pub user_id: u64,
    pub semester_id: u64,
    pub name: String,
    pub is_primary: bool,
    pub visibility: Visibility,
    pub owner_nickname: String,
}

pub async fn timetable_get(db: &MySqlPool, id: u64) -> Result<Option<TimetableRow>, sqlx::Error> {
    sqlx::query_as!(
        TimetableRow,
        r#"SELECT t.id, t.user_id, t.semester_id, t.name, t.is_primary AS "is_primary: bool",
                  t.visibility AS "visibility: Visibility", u.nickname AS owner_nickname
           FROM timetables t JOIN users u ON u.id = t.user_id
           WHERE t.id = ?"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// The timetable's own row, locked until the transaction ends: every change to what a
/// timetable holds takes this first, so two adds cannot both pass the clash check.
#[derive(Debug, Clone)]
pub struct LockedTimetable {
    pub id: u64,
    pub user_id: u64,
    pub semester_id: u64,
    pub is_primary: bool,
}

pub async fn timetable_lock(conn: &mut MySqlConnection, id: u64) -> Result<Option<LockedTimetable>, sqlx::Error> {
    sqlx::query_as!(
        LockedTimetable,
        r#"SELECT id, user_id, semester_id, is_primary AS "is_primary: bool" FROM timetables WHERE id = ? FOR UPDATE"#,
        id
    )
    .fetch_optional(conn)
    .await
}

/// A line of the member's list: the timetable with the sum of its lectures' credits.
#[derive(Debug, Clone)]
pub struct TimetableSummaryRow {
    pub id: u64,
    pub semester_id: u64,
    pub name: String,
    pub is_primary: bool,
    pub visibility: Visibility,
    pub credits: i64,
}

/// The member's timetables of a semester, oldest first.
pub async fn summaries(db: &MySqlPool, user: u64, semester: u64) -> Result<Vec<TimetableSummaryRow>, sqlx::Error> {
    sqlx::query_as!(
        TimetableSummaryRow,
        r#"SELECT t.id, t.semester_id, t.name, t.is_primary AS "is_primary: bool",
                  t.visibility AS "visibility: Visibility",
                  CAST(COALESCE((SELECT SUM(l.credits) FROM timetable_lectures tl JOIN lectures l ON l.id = tl.lecture_id
                                 WHERE tl.timetable_id = t.id), 0) AS SIGNED) AS "credits!: i64"
           FROM timetables t
           WHERE t.user_id = ? AND t.semester_id = ?
           ORDER BY t.created_at, t.id"#,
        user,
        semester
    )
    .fetch_all(db)
    .await
}

/// How many timetables the member has in the semester: a plain read, taken after the
/// semester's row lock (which every creation of the semester holds, so the count cannot
/// change under it). A locking read here gap-locked the end of the index for a member with
/// no timetable yet, and two such creations in different semesters deadlocked on inserting.
pub async fn count_in_semester(conn: &mut MySqlConnection, user: u64, semester: u64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!("SELECT COUNT(*) FROM timetables WHERE user_id = ? AND semester_id = ?", user, semester).fetch_one(conn).await
}

pub async fn timetable_insert(
    conn: &mut MySqlConnection,
    user: u64,
    semester: u64,
    name: &str,
    is_primary: bool,
) -> Result<u64, sqlx::Error> {
    let r = sqlx::query!(
        "INSERT INTO timetables (user_id, semester_id, name, is_primary) VALUES (?, ?, ?, ?)",
        user,
        semester,
        name,
        is_primary
    )
    .execute(conn)
    .await?;
    Ok(r.last_insert_id())
}

pub async fn timetable_rename(conn: &mut MySqlConnection, id: u64, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE timetables SET name = ? WHERE id = ?", name, id).execute(conn).await?;
    Ok(())
}

pub async fn timetable_set_visibility(conn: &mut MySqlConnection, id: u64, visibility: Visibility) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE timetables SET visibility = ? WHERE id = ?", visibility, id).execute(conn).await?;
    Ok(())
}

/// Makes `id` the member's primary timetable of its semester (the old one first lets go,
/// so the unique key on the primary never sees two). The caller holds the semester's lock.
pub async fn timetable_make_primary(conn: &mut MySqlConnection, user: u64, semester: u64, id: u64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE timetables SET is_primary = FALSE WHERE user_id = ? AND semester_id = ? AND is_primary AND id <> ?",
        user,
        semester,
        id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("UPDATE timetables SET is_primary = TRUE WHERE id = ?", id).execute(&mut *conn).await?;
    Ok(())
}

pub async fn timetable_delete(conn: &mut MySqlConnection, id: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM timetables WHERE id = ?", id).execute(conn).await?;
    Ok(())
}

/// The member's oldest timetable of the semester (the one promoted when the primary goes).
pub async fn oldest_in_semester(conn: &mut MySqlConnection, user: u64, semester: u64) -> Result<Option<u64>, sqlx::Error> {
    sqlx::query_scalar!("SELECT id FROM timetables WHERE user_id = ? AND semester_id = ? ORDER BY created_at, id LIMIT 1", user, semester)
        .fetch_optional(conn)
        .await
}

/// The member's primary timetable of the semester.
pub async fn primary_of(db: &MySqlPool, user: u64, semester: u64) -> Result<Option<u64>, sqlx::Error> {
    sqlx::query_scalar!("SELECT id FROM timetables WHERE user_id = ? AND primary_of = ?", user, semester).fetch_optional(db).await
}

/// The lectures in a timetable, in the order they were added.
pub async fn lecture_ids(db: &MySqlPool, timetable: u64) -> Result<Vec<u64>, sqlx::Error> {
    sqlx::query_scalar!("SELECT lecture_id FROM timetable_lectures WHERE timetable_id = ? ORDER BY added_at, lecture_id", timetable)
        .fetch_all(db)
        .await
}

pub async fn has_lecture(conn: &mut MySqlConnection, timetable: u64, lecture: u64) -> Result<bool, sqlx::Error> {
    let found =
        sqlx::query_scalar!("SELECT lecture_id FROM timetable_lectures WHERE timetable_id = ? AND lecture_id = ?", timetable, lecture)
            .fetch_optional(conn)
            .await?;
    Ok(found.is_some())
}

/// The sum of the credits of the timetable's lectures (inside the lock).
pub async fn credits_of(conn: &mut MySqlConnection, timetable: u64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT CAST(COALESCE(SUM(l.credits), 0) AS SIGNED) AS "credits!: i64"
           FROM timetable_lectures tl JOIN lectures l ON l.id = tl.lecture_id WHERE tl.timetable_id = ?"#,
        timetable
    )
    .fetch_one(conn)
    .await
}

pub async fn lecture_add(conn: &mut MySqlConnection, timetable: u64, lecture: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("INSERT INTO timetable_lectures (timetable_id, lecture_id) VALUES (?, ?)", timetable, lecture).execute(conn).await?;
    Ok(())
}

pub async fn lecture_remove(conn: &mut MySqlConnection, timetable: u64, lecture: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM timetable_lectures WHERE timetable_id = ? AND lecture_id = ?", timetable, lecture).execute(conn).await?;
    Ok(())
}

/// One weekly slot taken in a timetable, by a lecture or by one of the member's blocks,
/// with the name the clash message gives.
#[derive(Debug, Clone)]
pub struct BusySlot {
    pub name: String,
    pub day: u8,
    pub start_min: u16,
    pub end_min: u16,
}

/// Every slot the timetable's lectures and blocks take (inside the lock).
pub async fn busy_slots(conn: &mut MySqlConnection, timetable: u64) -> Result<Vec<BusySlot>, sqlx::Error> {
    let mut slots = sqlx::query_as!(
        BusySlot,
        "SELECT l.name, s.day, s.start_min, s.end_min
         FROM timetable_lectures tl JOIN lectures l ON l.id = tl.lecture_id JOIN lecture_slots s ON s.lecture_id = l.id
         WHERE tl.timetable_id = ?
         ORDER BY s.day, s.start_min",
        timetable
    )
    .fetch_all(&mut *conn)
    .await?;
    slots.extend(
        sqlx::query_as!(
            BusySlot,
            "SELECT b.title AS name, s.day, s.start_min, s.end_min
             FROM timetable_blocks b JOIN timetable_block_slots s ON s.block_id = b.id
             WHERE b.timetable_id = ?
             ORDER BY s.day, s.start_min",
            timetable
        )
        .fetch_all(&mut *conn)
        .await?,
    );
    Ok(slots)
}

#[derive(Debug, Clone)]
pub struct BlockRow {
    pub id: u64,
    pub title: String,
    pub place: String,
    pub color: String,
    pub times_text: String,
}

#[derive(Debug, Clone)]
pub struct BlockSlotRow {
    pub block_id: u64,
    pub day: u8,
    pub start_min: u16,
    pub end_min: u16,
}

/// The timetable's blocks (oldest first) and all their slots.
pub async fn blocks_of(db: &MySqlPool, timetable: u64) -> Result<(Vec<BlockRow>, Vec<BlockSlotRow>), sqlx::Error> {
    let blocks = sqlx::query_as!(
        BlockRow,
        "SELECT id, title, place, color, times_text FROM timetable_blocks WHERE timetable_id = ? ORDER BY created_at, id",
        timetable
    )
    .fetch_all(db)
    .await?;
    let slots = sqlx::query_as!(
        BlockSlotRow,
        "SELECT s.block_id, s.day, s.start_min, s.end_min
         FROM timetable_block_slots s JOIN timetable_blocks b ON b.id = s.block_id
         WHERE b.timetable_id = ?
         ORDER BY s.block_id, s.day, s.start_min",
        timetable
    )
    .fetch_all(db)
    .await?;
    Ok((blocks, slots))
}

pub struct NewBlock<'a> {
    pub title: &'a str,
    pub place: &'a str,
    pub color: &'a str,
    pub times_text: &'a str,
}

/// A block and its slots (inside the lock).
pub async fn block_insert(
    conn: &mut MySqlConnection,
    timetable: u64,
    block: NewBlock<'_>,
    slots: &[(u8, u16, u16)],
) -> Result<u64, sqlx::Error> {
    let id = sqlx::query!(
        "INSERT INTO timetable_blocks (timetable_id, title, place, color, times_text) VALUES (?, ?, ?, ?, ?)",
        timetable,
        block.title,
        block.place,
        block.color,
        block.times_text
    )
    .execute(&mut *conn)
    .await?
    .last_insert_id();
    for (day, start, end) in slots {
        sqlx::query!("INSERT INTO timetable_block_slots (block_id, day, start_min, end_min) VALUES (?, ?, ?, ?)", id, day, start, end)
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

pub async fn block_delete(conn: &mut MySqlConnection, timetable: u64, block: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM timetable_blocks WHERE id = ? AND timetable_id = ?", block, timetable).execute(conn).await?;
    Ok(())
}

/// A 일촌's primary timetable of a semester that 일촌 may read, with what the list shows.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SharedPrimaryRow {
    pub user_id: u64,
    pub timetable_id: u64,
    pub name: String,
    pub profile_img: Option<String>,
    pub credits: i64,
    pub lecture_count: i64,
}

/// The primaries of `owners` for the semester that are ILCHON or PUBLIC.
pub async fn shared_primaries(db: &MySqlPool, owners: &[u64], semester: u64) -> Result<Vec<SharedPrimaryRow>, sqlx::Error> {
    if owners.is_empty() {
        return Ok(vec![]);
    }
    let mut q = sqlx::QueryBuilder::new(
        "SELECT t.user_id, t.id AS timetable_id, t.name, u.profile_img,
                CAST(COALESCE(SUM(l.credits), 0) AS SIGNED) AS credits, CAST(COUNT(l.id) AS SIGNED) AS lecture_count
         FROM timetables t JOIN users u ON u.id = t.user_id
         LEFT JOIN timetable_lectures tl ON tl.timetable_id = t.id LEFT JOIN lectures l ON l.id = tl.lecture_id
         WHERE t.visibility IN ('ILCHON', 'PUBLIC') AND t.primary_of = ",
    );
    q.push_bind(semester).push(" AND t.user_id IN (");
    let mut ids = q.separated(", ");
    for id in owners {
        ids.push_bind(*id);
    }
    q.push(") GROUP BY t.id, t.user_id, t.name, u.profile_img");
    q.build_query_as::<SharedPrimaryRow>().fetch_all(db).await
}
