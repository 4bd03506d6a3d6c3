//! SQL of the reviews (see service/reviews.rs). The writer's id is only ever compared here
//! (`mine`, the one-review rule); no row handed to the service carries it.

use super::Term;
use chrono::{NaiveDate, NaiveDateTime};
use sqlx::{MySqlConnection, MySqlPool};

/// A lecture as far as reviews care: its course (school, code, professor) and semester.
#[derive(Debug, Clone)]
pub struct ReviewCourseRow {
    pub school_id: u64,
    pub semester_id: u64,
    pub code: String,
    pub professor: String,
}

/// A course: the reviews' unit (the same code taught by the same professor in a school).
#[derive(Debug, Clone, Copy)]
pub struct CourseKey<'a> {
    pub school_id: u64,
    pub code: &'a str,
    pub professor: &'a str,
}

impl ReviewCourseRow {
    pub fn course(&self) -> CourseKey<'_> {
        CourseKey { school_id: self.school_id, code: &self.code, professor: &self.professor }
    }
}

pub async fn review_course_of(db: &MySqlPool, lecture: u64) -> Result<Option<ReviewCourseRow>, sqlx::Error> {
    sqlx::query_as!(ReviewCourseRow, "SELECT school_id, semester_id, code, professor FROM lectures WHERE id = ?", lecture)
        .fetch_optional(db)
        .await
}

pub struct ReviewSemesterRow {
    pub id: u64,
    pub year: u16,
    pub term: Term,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

pub async fn review_semester(db: &MySqlPool, id: u64) -> Result<Option<ReviewSemesterRow>, sqlx::Error> {
    sqlx::query_as!(ReviewSemesterRow, r#"SELECT id, year, term AS "term: Term", starts_on, ends_on FROM semesters WHERE id = ?"#, id)
        .fetch_optional(db)
        .await
}

/// The count of a course's reviews per star (index 0 = one star).
pub async fn review_star_counts(db: &MySqlPool, course: CourseKey<'_>) -> Result<[u32; 5], sqlx::Error> {
    let r = sqlx::query!(
        r#"SELECT COUNT(IF(stars = 1, 1, NULL)) AS "s1!: i64", COUNT(IF(stars = 2, 1, NULL)) AS "s2!: i64",
                  COUNT(IF(stars = 3, 1, NULL)) AS "s3!: i64", COUNT(IF(stars = 4, 1, NULL)) AS "s4!: i64",
                  COUNT(IF(stars = 5, 1, NULL)) AS "s5!: i64"
           FROM lecture_reviews WHERE school_id = ? AND code = ? AND professor = ?"#,
        course.school_id,
        course.code,
        course.professor
    )
    .fetch_one(db)
    .await?;
    Ok([r.s1, r.s2, r.s3, r.s4, r.s5].map(|n| n.max(0) as u32))
}

/// A review as the reader sees it: `mine` and `liked` are about the reader, the writer's
/// id (and the section they had) stays in the database. `likes` counts the 공감 rows, so a
/// liker whose account goes (and their 공감 with it) is no longer counted.
#[derive(Debug, Clone)]
pub struct ReviewRow {
    pub id: u64,
    pub year: u16,
    pub term: Term,
    pub stars: u8,
    pub body: String,
    pub tags: String,
    pub likes: i64,
    pub liked: bool,
    pub mine: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A page of a course's reviews, newest first.
pub async fn course_reviews(
    db: &MySqlPool,
    course: CourseKey<'_>,
    reader: u64,
    offset: u32,
    limit: u32,
) -> Result<Vec<ReviewRow>, sqlx::Error> {
    sqlx::query_as!(
        ReviewRow,
        r#"SELECT r.id, s.year, s.term AS "term: Term", r.stars, r.body, r.tags,
                  (SELECT COUNT(*) FROM lecture_review_likes n WHERE n.review_id = r.id) AS "likes!: i64",
                  EXISTS(SELECT 1 FROM lecture_review_likes k WHERE k.review_id = r.id AND k.user_id = ?) AS "liked!: bool",
                  (r.user_id = ?) AS "mine!: bool", r.created_at, r.updated_at
           FROM lecture_reviews r JOIN semesters s ON s.id = r.semester_id
           WHERE r.school_id = ? AND r.code = ? AND r.professor = ?
           ORDER BY r.created_at DESC, r.id DESC
           LIMIT ? OFFSET ?"#,
        reader,
        reader,
        course.school_id,
        course.code,
        course.professor,
        limit,
        offset
    )
    .fetch_all(db)
    .await
}

/// The member's own review of a course.
pub async fn review_of_member(db: &MySqlPool, course: CourseKey<'_>, user: u64) -> Result<Option<ReviewRow>, sqlx::Error> {
    sqlx::query_as!(
        ReviewRow,
        r#"SELECT r.id, s.year, s.term AS "term: Term", r.stars, r.body, r.tags,
                  (SELECT COUNT(*) FROM lecture_review_likes n WHERE n.review_id = r.id) AS "likes!: i64",
                  EXISTS(SELECT 1 FROM lecture_review_likes k WHERE k.review_id = r.id AND k.user_id = ?) AS "liked!: bool",
                  TRUE AS "mine!: bool", r.created_at, r.updated_at
           FROM lecture_reviews r JOIN semesters s ON s.id = r.semester_id
           WHERE r.user_id = ? AND r.school_id = ? AND r.code = ? AND r.professor = ?"#,
        user,
        user,
        course.school_id,
        course.code,
        course.professor
    )
    .fetch_optional(db)
    .await
}

/// One review as `reader` sees it.
pub async fn review_get(db: &MySqlPool, id: u64, reader: u64) -> Result<Option<ReviewRow>, sqlx::Error> {
    sqlx::query_as!(
        ReviewRow,
        r#"SELECT r.id, s.year, s.term AS "term: Term", r.stars, r.body, r.tags,
                  (SELECT COUNT(*) FROM lecture_review_likes n WHERE n.review_id = r.id) AS "likes!: i64",
                  EXISTS(SELECT 1 FROM lecture_review_likes k WHERE k.review_id = r.id AND k.user_id = ?) AS "liked!: bool",
                  (r.user_id = ?) AS "mine!: bool", r.created_at, r.updated_at
           FROM lecture_reviews r JOIN semesters s ON s.id = r.semester_id
           WHERE r.id = ?"#,
        reader,
        reader,
        id
    )
    .fetch_optional(db)
    .await
}

/// The member's lecture of the course in any of their timetables, of the newest semester
/// that has started by `today` (the one a review says was taken; a lecture of a semester
/// yet to come is planned, not had): (lecture id, semester id).
pub async fn review_taken_lecture(
    db: &MySqlPool,
    course: CourseKey<'_>,
    user: u64,
    today: NaiveDate,
) -> Result<Option<(u64, u64)>, sqlx::Error> {
    let r = sqlx::query!(
        "SELECT l.id, l.semester_id
           FROM timetable_lectures tl
           JOIN timetables t ON t.id = tl.timetable_id
           JOIN lectures l ON l.id = tl.lecture_id
           JOIN semesters s ON s.id = l.semester_id
          WHERE t.user_id = ? AND l.school_id = ? AND l.code = ? AND l.professor = ? AND s.starts_on <= ?
          ORDER BY s.starts_on DESC, l.id DESC
          LIMIT 1",
        user,
        course.school_id,
        course.code,
        course.professor,
        today
    )
    .fetch_optional(db)
    .await?;
    Ok(r.map(|r| (r.id, r.semester_id)))
}

pub struct NewReview<'a> {
    pub user_id: u64,
    pub course: CourseKey<'a>,
    pub lecture_id: u64,
    pub semester_id: u64,
    pub stars: u8,
    pub body: &'a str,
    pub tags: &'a str,
}

/// Inserts a review; the unique key (member, course) refuses a second one.
pub async fn review_insert(db: &MySqlPool, r: NewReview<'_>) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "INSERT INTO lecture_reviews (user_id, school_id, code, professor, lecture_id, semester_id, stars, body, tags)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        r.user_id,
        r.course.school_id,
        r.course.code,
        r.course.professor,
        r.lecture_id,
        r.semester_id,
        r.stars,
        r.body,
        r.tags
    )
    .execute(db)
    .await?;
    Ok(done.last_insert_id())
}

/// Changes the writer's own review; false when `id` is not theirs (or does not exist).
pub async fn review_update(db: &MySqlPool, id: u64, user: u64, stars: u8, body: &str, tags: &str) -> Result<bool, sqlx::Error> {
    // The connection counts matched rows (FOUND_ROWS), so an unchanged text still counts.
    let done = sqlx::query!(
        "UPDATE lecture_reviews SET stars = ?, body = ?, tags = ?, updated_at = CURRENT_TIMESTAMP(3) WHERE id = ? AND user_id = ?",
        stars,
        body,
        tags,
        id,
        user
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes the writer's own review (its 공감 go with it by the foreign key).
pub async fn review_delete(db: &MySqlPool, id: u64, user: u64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!("DELETE FROM lecture_reviews WHERE id = ? AND user_id = ?", id, user).execute(db).await?;
    Ok(done.rows_affected() == 1)
}

/// A review locked for a 공감 change: its school and whether the member wrote it.
pub struct LockedReview {
    pub school_id: u64,
    pub mine: bool,
}

pub async fn review_lock(conn: &mut MySqlConnection, id: u64, user: u64) -> Result<Option<LockedReview>, sqlx::Error> {
    sqlx::query_as!(
        LockedReview,
        r#"SELECT school_id, (user_id = ?) AS "mine!: bool" FROM lecture_reviews WHERE id = ? FOR UPDATE"#,
        user,
        id
    )
    .fetch_optional(conn)
    .await
}

/// Adds the member's 공감; true when it was new.
pub async fn review_like_insert(conn: &mut MySqlConnection, review: u64, user: u64) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query!("INSERT IGNORE INTO lecture_review_likes (review_id, user_id) VALUES (?, ?)", review, user).execute(conn).await?;
    Ok(done.rows_affected() == 1)
}

/// Takes the member's 공감 back; true when there was one.
pub async fn review_like_delete(conn: &mut MySqlConnection, review: u64, user: u64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!("DELETE FROM lecture_review_likes WHERE review_id = ? AND user_id = ?", review, user).execute(conn).await?;
    Ok(done.rows_affected() == 1)
}

/// The review's 공감: the rows themselves (the stored `likes` column is not kept in step).
pub async fn review_like_count(conn: &mut MySqlConnection, id: u64) -> Result<u32, sqlx::Error> {
    let n =
        sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM lecture_review_likes WHERE review_id = ?"#, id).fetch_one(conn).await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}
