//! Reports, the staff's decisions on them, suspensions, the moderation log and the notices
//! the community sends a member.

use super::super::model::{ContentStatus, ModerationEntry, Notice, ReportReason, ReportStatus, ReportTarget};
use sqlx::{MySql, MySqlPool, Transaction};

/// A reportable item: where it is, who wrote it (for the rules and the staff's view only).
#[derive(Debug, Clone)]
pub struct ReportedRow {
    pub school_id: u64,
    pub author_id: u64,
    pub status: ContentStatus,
    /// A post's title, or the start of a comment's or note's text.
    pub label: String,
}

pub async fn reported_post(tx: &mut Transaction<'_, MySql>, id: u64, lock: bool) -> Result<Option<ReportedRow>, sqlx::Error> {
    if lock {
        sqlx::query_as!(
            ReportedRow,
            r#"SELECT school_id, author_id, status AS "status: ContentStatus", title AS label
               FROM board_posts WHERE id = ? FOR UPDATE"#,
            id
        )
        .fetch_optional(&mut **tx)
        .await
    } else {
        sqlx::query_as!(
            ReportedRow,
            r#"SELECT school_id, author_id, status AS "status: ContentStatus", title AS label
               FROM board_posts WHERE id = ?"#,
            id
        )
        .fetch_optional(&mut **tx)
        .await
    }
}

pub async fn reported_comment(tx: &mut Transaction<'_, MySql>, id: u64, lock: bool) -> Result<Option<ReportedRow>, sqlx::Error> {
    if lock {
        sqlx::query_as!(
            ReportedRow,
            r#"SELECT p.school_id, c.author_id, c.status AS "status: ContentStatus",
                      LEFT(c.body, 60) AS "label!: String"
               FROM board_comments c JOIN board_posts p ON p.id = c.post_id WHERE c.id = ? FOR UPDATE"#,
            id
        )
        .fetch_optional(&mut **tx)
        .await
    } else {
        sqlx::query_as!(
            ReportedRow,
            r#"SELECT p.school_id, c.author_id, c.status AS "status: ContentStatus",
                      LEFT(c.body, 60) AS "label!: String"
               FROM board_comments c JOIN board_posts p ON p.id = c.post_id WHERE c.id = ?"#,
            id
        )
        .fetch_optional(&mut **tx)
        .await
    }
}

/// A reported note with its thread's two sides.
#[derive(Debug, Clone)]
pub struct ReportedNoteRow {
    pub sender_id: u64,
    pub starter_id: u64,
    pub writer_id: u64,
    pub hidden: bool,
    pub label: String,
}

pub async fn reported_note(tx: &mut Transaction<'_, MySql>, id: u64) -> Result<Option<ReportedNoteRow>, sqlx::Error> {
    sqlx::query_as!(
        ReportedNoteRow,
        r#"SELECT n.sender_id, t.starter_id, t.writer_id, n.hidden AS "hidden: bool", LEFT(n.body, 60) AS "label!: String"
           FROM board_notes n JOIN board_note_threads t ON t.id = n.thread_id WHERE n.id = ? FOR UPDATE"#,
        id
    )
    .fetch_optional(&mut **tx)
    .await
}

/// Adds a report; false when the member already reported the target (the unique key).
pub async fn insert_report(
    tx: &mut Transaction<'_, MySql>,
    kind: ReportTarget,
    target_id: u64,
    reporter: u64,
    reason: ReportReason,
    detail: &str,
) -> Result<bool, sqlx::Error> {
    let res = sqlx::query!(
        "INSERT INTO board_reports (target_kind, target_id, reporter_id, reason, detail) VALUES (?, ?, ?, ?, ?)",
        kind,
        target_id,
        reporter,
        reason,
        detail
    )
    .execute(&mut **tx)
    .await;
    match res {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
        Err(e) => Err(e),
    }
}

pub async fn open_report_count(tx: &mut Transaction<'_, MySql>, kind: ReportTarget, target_id: u64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!("SELECT COUNT(*) FROM board_reports WHERE target_kind = ? AND target_id = ? AND status = 'OPEN'", kind, target_id)
        .fetch_one(&mut **tx)
        .await
}

/// Moves a post from one status to another; false when it was not in `from`.
pub async fn set_post_status(
    tx: &mut Transaction<'_, MySql>,
    id: u64,
    from: &[ContentStatus],
    to: ContentStatus,
) -> Result<bool, sqlx::Error> {
    let mut changed = false;
    for f in from {
        changed |= sqlx::query!("UPDATE board_posts SET status = ? WHERE id = ? AND status = ?", to, id, f)
            .execute(&mut **tx)
            .await?
            .rows_affected()
            > 0;
    }
    Ok(changed)
}

pub async fn set_comment_status(
    tx: &mut Transaction<'_, MySql>,
    id: u64,
    from: &[ContentStatus],
    to: ContentStatus,
) -> Result<bool, sqlx::Error> {
    let mut changed = false;
    for f in from {
        let hit = sqlx::query!("UPDATE board_comments SET status = ? WHERE id = ? AND status = ?", to, id, f)
            .execute(&mut **tx)
            .await?
            .rows_affected()
            > 0;
        // The post's comment count is of visible comments: it follows a comment in and out.
        let step: i32 = match (*f == ContentStatus::Visible, to == ContentStatus::Visible) {
            (true, false) => -1,
            (false, true) => 1,
            _ => 0,
        };
        if hit && step != 0 {
            sqlx::query!(
                "UPDATE board_posts SET comment_count = GREATEST(CAST(comment_count AS SIGNED) + ?, 0)
                 WHERE id = (SELECT post_id FROM board_comments WHERE id = ?)",
                step,
                id
            )
            .execute(&mut **tx)
            .await?;
        }
        changed |= hit;
    }
    Ok(changed)
}

pub async fn hide_note(tx: &mut Transaction<'_, MySql>, id: u64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query!("UPDATE board_notes SET hidden = TRUE WHERE id = ? AND NOT hidden", id).execute(&mut **tx).await?.rows_affected() > 0)
}

/// Closes the open reports of a target as HIDDEN or DISMISSED.
pub async fn close_reports(
    tx: &mut Transaction<'_, MySql>,
    kind: ReportTarget,
    target_id: u64,
    to: ReportStatus,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!("UPDATE board_reports SET status = ? WHERE target_kind = ? AND target_id = ? AND status = 'OPEN'", to, kind, target_id)
        .execute(&mut **tx)
        .await?
        .rows_affected())
}

/// Suspends a member from writing until `until` (UTC).
pub async fn suspend_member(tx: &mut Transaction<'_, MySql>, user: u64, until: chrono::NaiveDateTime) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query!(
        "UPDATE school_members SET suspended_until = GREATEST(COALESCE(suspended_until, ?), ?) WHERE user_id = ?",
        until,
        until,
        user
    )
    .execute(&mut **tx)
    .await?
    .rows_affected()
        > 0)
}

pub async fn insert_notice(tx: &mut Transaction<'_, MySql>, user: u64, text: &str) -> Result<(), sqlx::Error> {
    let text: String = text.chars().take(300).collect();
    sqlx::query!("INSERT INTO board_notices (user_id, text) VALUES (?, ?)", user, text).execute(&mut **tx).await?;
    Ok(())
}

pub async fn insert_moderation_log(
    tx: &mut Transaction<'_, MySql>,
    actor: u64,
    action: &str,
    target_kind: &str,
    target_id: u64,
    subject: Option<u64>,
    detail: &str,
) -> Result<(), sqlx::Error> {
    let detail: String = detail.chars().take(300).collect();
    sqlx::query!(
        "INSERT INTO board_moderation_log (actor_id, action, target_kind, target_id, subject_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
        actor,
        action,
        target_kind,
        target_id,
        subject,
        detail
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn moderation_entries(db: &MySqlPool, limit: u32, offset: u32) -> Result<Vec<ModerationEntry>, sqlx::Error> {
    sqlx::query_as!(
        ModerationEntry,
        "SELECT l.id, l.actor_id, u.nickname AS actor_nickname, l.action, l.target_kind, l.target_id, l.subject_id, l.detail, l.created_at
         FROM board_moderation_log l JOIN users u ON u.id = l.actor_id
         ORDER BY l.id DESC LIMIT ? OFFSET ?",
        limit,
        offset
    )
    .fetch_all(db)
    .await
}

/// A reported target in the staff's queue, with its writer (the one place they are shown).
#[derive(Debug, Clone)]
pub struct ReportCaseRow {
    pub target_id: u64,
    pub post_id: u64,
    pub title: String,
    pub body: String,
    pub author_id: u64,
    pub nickname: String,
    pub anonymous: bool,
    pub status: ContentStatus,
    pub open_reports: i64,
    pub all_reports: i64,
    pub reasons: Option<String>,
    pub first_at: chrono::NaiveDateTime,
    pub last_at: chrono::NaiveDateTime,
}

pub async fn reported_posts(db: &MySqlPool, limit: u32) -> Result<Vec<ReportCaseRow>, sqlx::Error> {
    sqlx::query_as!(
        ReportCaseRow,
        r#"SELECT r.target_id AS "target_id!: u64", p.id AS post_id, p.title, LEFT(p.body, 120) AS "body!: String",
                  p.author_id, u.nickname, p.anonymous AS "anonymous: bool", p.status AS "status: ContentStatus",
                  r.open_reports AS "open_reports!: i64", r.all_reports AS "all_reports!: i64", r.reasons,
                  r.first_at AS "first_at!: chrono::NaiveDateTime", r.last_at AS "last_at!: chrono::NaiveDateTime"
           FROM (SELECT target_id, CAST(SUM(status = 'OPEN') AS SIGNED) AS open_reports, COUNT(*) AS all_reports,
                        GROUP_CONCAT(DISTINCT reason) AS reasons, MIN(created_at) AS first_at, MAX(created_at) AS last_at
                   FROM board_reports WHERE target_kind = 'POST' GROUP BY target_id) r
           JOIN board_posts p ON p.id = r.target_id
           JOIN users u ON u.id = p.author_id
           ORDER BY r.open_reports > 0 DESC, r.last_at DESC
           LIMIT ?"#,
        limit
    )
    .fetch_all(db)
    .await
}

pub async fn reported_comments(db: &MySqlPool, limit: u32) -> Result<Vec<ReportCaseRow>, sqlx::Error> {
    sqlx::query_as!(
        ReportCaseRow,
        r#"SELECT r.target_id AS "target_id!: u64", c.post_id, p.title, LEFT(c.body, 120) AS "body!: String",
                  c.author_id, u.nickname, c.anonymous AS "anonymous: bool", c.status AS "status: ContentStatus",
                  r.open_reports AS "open_reports!: i64", r.all_reports AS "all_reports!: i64", r.reasons,
                  r.first_at AS "first_at!: chrono::NaiveDateTime", r.last_at AS "last_at!: chrono::NaiveDateTime"
           FROM (SELECT target_id, CAST(SUM(status = 'OPEN') AS SIGNED) AS open_reports, COUNT(*) AS all_reports,
                        GROUP_CONCAT(DISTINCT reason) AS reasons, MIN(created_at) AS first_at, MAX(created_at) AS last_at
                   FROM board_reports WHERE target_kind = 'COMMENT' GROUP BY target_id) r
           JOIN board_comments c ON c.id = r.target_id
           JOIN board_posts p ON p.id = c.post_id
           JOIN users u ON u.id = c.author_id
           ORDER BY r.open_reports > 0 DESC, r.last_at DESC
           LIMIT ?"#,
        limit
    )
    .fetch_all(db)
    .await
}

/// Reported notes: `status` is HIDDEN for a hidden note, VISIBLE otherwise.
pub async fn reported_notes(db: &MySqlPool, limit: u32) -> Result<Vec<ReportCaseRow>, sqlx::Error> {
    sqlx::query_as!(
        ReportCaseRow,
        r#"SELECT r.target_id AS "target_id!: u64", t.post_id, p.title, LEFT(n.body, 120) AS "body!: String",
                  n.sender_id AS author_id, u.nickname, t.anonymous AS "anonymous: bool",
                  IF(n.hidden, 'HIDDEN', 'VISIBLE') AS "status!: ContentStatus",
                  r.open_reports AS "open_reports!: i64", r.all_reports AS "all_reports!: i64", r.reasons,
                  r.first_at AS "first_at!: chrono::NaiveDateTime", r.last_at AS "last_at!: chrono::NaiveDateTime"
           FROM (SELECT target_id, CAST(SUM(status = 'OPEN') AS SIGNED) AS open_reports, COUNT(*) AS all_reports,
                        GROUP_CONCAT(DISTINCT reason) AS reasons, MIN(created_at) AS first_at, MAX(created_at) AS last_at
                   FROM board_reports WHERE target_kind = 'NOTE' GROUP BY target_id) r
           JOIN board_notes n ON n.id = r.target_id
           JOIN board_note_threads t ON t.id = n.thread_id
           JOIN board_posts p ON p.id = t.post_id
           JOIN users u ON u.id = n.sender_id
           ORDER BY r.open_reports > 0 DESC, r.last_at DESC
           LIMIT ?"#,
        limit
    )
    .fetch_all(db)
    .await
}

pub async fn member_notices(db: &MySqlPool, user: u64, limit: u32) -> Result<Vec<Notice>, sqlx::Error> {
    sqlx::query_as!(
        Notice,
        r#"SELECT id, text, read_at IS NOT NULL AS "read!: bool", created_at
           FROM board_notices WHERE user_id = ? ORDER BY id DESC LIMIT ?"#,
        user,
        limit
    )
    .fetch_all(db)
    .await
}

pub async fn mark_member_notices_read(db: &MySqlPool, user: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE board_notices SET read_at = CURRENT_TIMESTAMP(3) WHERE user_id = ? AND read_at IS NULL", user).execute(db).await?;
    Ok(())
}
