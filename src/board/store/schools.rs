//! Schools, their email domains, members, join requests; the staff log and notices that
//! school and board changes write.

use super::super::model::{RequestStatus, VerifiedBy};
use sqlx::{MySqlConnection, MySqlPool};

#[derive(Debug, Clone)]
pub struct SchoolRow {
    pub id: u64,
    pub name: String,
    pub campus: String,
}

pub async fn school_rows(db: &MySqlPool) -> Result<Vec<SchoolRow>, sqlx::Error> {
    sqlx::query_as!(SchoolRow, "SELECT id, name, campus FROM schools ORDER BY name, campus, id").fetch_all(db).await
}

pub async fn school_row(db: &MySqlPool, id: u64) -> Result<Option<SchoolRow>, sqlx::Error> {
    sqlx::query_as!(SchoolRow, "SELECT id, name, campus FROM schools WHERE id = ?", id).fetch_optional(db).await
}

pub async fn school_exists(db: &MySqlPool, id: u64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar!("SELECT id FROM schools WHERE id = ?", id).fetch_optional(db).await?.is_some())
}

/// Every (school, domain) pair, by domain.
pub async fn all_domains(db: &MySqlPool) -> Result<Vec<(u64, String)>, sqlx::Error> {
    let rows = sqlx::query!("SELECT school_id, domain FROM school_domains ORDER BY domain").fetch_all(db).await?;
    Ok(rows.into_iter().map(|r| (r.school_id, r.domain)).collect())
}

pub async fn school_domains(db: &MySqlPool, school: u64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!("SELECT domain FROM school_domains WHERE school_id = ? ORDER BY domain", school).fetch_all(db).await
}

pub async fn school_by_domain(db: &MySqlPool, domain: &str) -> Result<Option<u64>, sqlx::Error> {
    sqlx::query_scalar!("SELECT school_id FROM school_domains WHERE domain = ?", domain).fetch_optional(db).await
}

pub async fn insert_school(conn: &mut MySqlConnection, name: &str, campus: &str) -> Result<u64, sqlx::Error> {
    let r = sqlx::query!("INSERT INTO schools (name, campus) VALUES (?, ?)", name, campus).execute(conn).await?;
    Ok(r.last_insert_id())
}

pub async fn update_school(conn: &mut MySqlConnection, id: u64, name: &str, campus: &str) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!("UPDATE schools SET name = ?, campus = ? WHERE id = ?", name, campus, id).execute(conn).await?;
    Ok(r.rows_affected() > 0)
}

/// Replaces the school's domains (a domain of another school fails on the primary key).
pub async fn replace_domains(conn: &mut MySqlConnection, school: u64, domains: &[String]) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM school_domains WHERE school_id = ?", school).execute(&mut *conn).await?;
    for d in domains {
        sqlx::query!("INSERT INTO school_domains (domain, school_id) VALUES (?, ?)", d, school).execute(&mut *conn).await?;
    }
    Ok(())
}

#[derive(Debug, Clone)]
pub struct MemberRow {
    pub school_id: u64,
    pub school_name: String,
    pub campus: String,
    pub admission_year: u16,
    pub verified_by: VerifiedBy,
    pub suspended_until: Option<chrono::NaiveDateTime>,
}

pub async fn member_ids(db: &MySqlPool, school: u64) -> Result<Vec<u64>, sqlx::Error> {
    sqlx::query_scalar!("SELECT user_id FROM school_members WHERE school_id = ? ORDER BY user_id", school).fetch_all(db).await
}

pub async fn membership(db: &MySqlPool, user: u64) -> Result<Option<MemberRow>, sqlx::Error> {
    sqlx::query_as!(
        MemberRow,
        r#"SELECT m.school_id, s.name AS school_name, s.campus, m.admission_year,
                  m.verified_by AS "verified_by: VerifiedBy", m.suspended_until
           FROM school_members m JOIN schools s ON s.id = m.school_id WHERE m.user_id = ?"#,
        user
    )
    .fetch_optional(db)
    .await
}

pub async fn school_email_used(db: &MySqlPool, email: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar!("SELECT user_id FROM school_members WHERE school_email = ?", email).fetch_optional(db).await?.is_some())
}

/// Adds the member to a school; the primary key (one school per member) and the unique
/// school address refuse a second row.
pub async fn insert_member(
    conn: &mut MySqlConnection,
    user: u64,
    school: u64,
    admission_year: u16,
    email: Option<&str>,
    verified_by: VerifiedBy,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO school_members (user_id, school_id, admission_year, school_email, verified_by) VALUES (?, ?, ?, ?, ?)",
        user,
        school,
        admission_year,
        email,
        verified_by
    )
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct RequestRow {
    pub id: u64,
    pub user_id: u64,
    pub nickname: String,
    pub school_id: u64,
    pub school_name: String,
    pub admission_year: u16,
    pub message: String,
    pub status: RequestStatus,
    pub created_at: chrono::NaiveDateTime,
}

pub async fn pending_request_of(db: &MySqlPool, user: u64) -> Result<Option<RequestRow>, sqlx::Error> {
    sqlx::query_as!(
        RequestRow,
        r#"SELECT r.id, r.user_id, u.nickname, r.school_id, s.name AS school_name, r.admission_year, r.message,
                  r.status AS "status: RequestStatus", r.created_at
           FROM school_requests r JOIN schools s ON s.id = r.school_id JOIN users u ON u.id = r.user_id
           WHERE r.user_id = ? AND r.status = 'PENDING' ORDER BY r.id DESC LIMIT 1"#,
        user
    )
    .fetch_optional(db)
    .await
}

/// The staff's queue: waiting requests first (oldest first), then the latest decided.
pub async fn requests(db: &MySqlPool, limit: u32) -> Result<Vec<RequestRow>, sqlx::Error> {
    sqlx::query_as!(
        RequestRow,
        r#"SELECT r.id, r.user_id, u.nickname, r.school_id, s.name AS school_name, r.admission_year, r.message,
                  r.status AS "status: RequestStatus", r.created_at
           FROM school_requests r JOIN schools s ON s.id = r.school_id JOIN users u ON u.id = r.user_id
           ORDER BY r.status = 'PENDING' DESC,
                    CASE WHEN r.status = 'PENDING' THEN r.id ELSE 0 END ASC,
                    r.id DESC
           LIMIT ?"#,
        limit
    )
    .fetch_all(db)
    .await
}

pub async fn insert_request(db: &MySqlPool, user: u64, school: u64, admission_year: u16, message: &str) -> Result<u64, sqlx::Error> {
    let r = sqlx::query!(
        "INSERT INTO school_requests (user_id, school_id, admission_year, message) VALUES (?, ?, ?, ?)",
        user,
        school,
        admission_year,
        message
    )
    .execute(db)
    .await?;
    Ok(r.last_insert_id())
}

pub async fn request_by_id(db: &MySqlPool, id: u64) -> Result<Option<RequestRow>, sqlx::Error> {
    sqlx::query_as!(
        RequestRow,
        r#"SELECT r.id, r.user_id, u.nickname, r.school_id, s.name AS school_name, r.admission_year, r.message,
                  r.status AS "status: RequestStatus", r.created_at
           FROM school_requests r JOIN schools s ON s.id = r.school_id JOIN users u ON u.id = r.user_id
           WHERE r.id = ?"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// Locks a request row for its decision; answers its status.
pub async fn lock_request(conn: &mut MySqlConnection, id: u64) -> Result<Option<RequestStatus>, sqlx::Error> {
    sqlx::query_scalar!(r#"SELECT status AS "status: RequestStatus" FROM school_requests WHERE id = ? FOR UPDATE"#, id)
        .fetch_optional(conn)
        .await
}

pub async fn decide_request(conn: &mut MySqlConnection, id: u64, status: RequestStatus, staff: u64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE school_requests SET status = ?, decided_by = ?, decided_at = CURRENT_TIMESTAMP(3) WHERE id = ?",
        status,
        staff,
        id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// One line of the moderation log (staff's school, board and request decisions).
pub async fn log_staff_action(
    db: impl sqlx::MySqlExecutor<'_>,
    actor: u64,
    action: &str,
    target_kind: &str,
    target_id: u64,
    subject: Option<u64>,
    detail: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO board_moderation_log (actor_id, action, target_kind, target_id, subject_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
        actor,
        action,
        target_kind,
        target_id,
        subject,
        detail
    )
    .execute(db)
    .await?;
    Ok(())
}

pub async fn insert_school_notice(db: impl sqlx::MySqlExecutor<'_>, user: u64, text: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("INSERT INTO board_notices (user_id, text) VALUES (?, ?)", user, text).execute(db).await?;
    Ok(())
}
