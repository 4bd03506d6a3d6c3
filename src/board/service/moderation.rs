//! Reports and the staff's moderation: one report per member and target; a post (or
//! comment) reported by `HOLD_REPORTS` members is held until staff decide; staff hide or
//! dismiss, may suspend the writer, and every action is logged. The staff's queue is the one
//! place an anonymous writer is shown (docs/design/board-anonymity.md).

use super::super::{model::*, store};
use super::{count_write, may_write, require_staff, seat};
use crate::{
    account::auth::AuthUser,
    error::{AppError, ErrorCode, FieldErrors},
    server::AppState,
};

/// Moderation log entries per page.
const LOG_PAGE_SIZE: u32 = 50;
/// Notices on the community home.
const NOTICES_SHOWN: u32 = 20;
/// Targets with open reports the queue shows (per kind), and decided ones after them.
const QUEUE_OPEN: usize = 100;
const QUEUE_DECIDED: usize = 30;

fn gone() -> AppError {
    AppError::conflict(ErrorCode::ContentGone, "삭제되었거나 이미 가려진 내용입니다.")
}

fn comment_not_found() -> AppError {
    AppError::not_found(ErrorCode::CommentNotFound, "댓글을 찾을 수 없습니다.")
}

fn note_not_found() -> AppError {
    AppError::not_found(ErrorCode::NoteThreadNotFound, "쪽지를 찾을 수 없습니다.")
}

fn not_of_school() -> AppError {
    AppError::new(403, ErrorCode::NotSchoolMember, "우리 학교 게시판의 글만 신고할 수 있습니다.")
}

fn own_content() -> AppError {
    AppError::bad_request(ErrorCode::BadRequest, "내가 쓴 내용은 신고할 수 없습니다.")
}

fn short(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() > max {
        format!("{}…", text.chars().take(max).collect::<String>())
    } else {
        text.to_owned()
    }
}

/// Reports a post, comment or note the member can read. A post or comment that reaches
/// `HOLD_REPORTS` open reports is held: the count and the change happen under the
/// target's row lock, so concurrent reports cannot step over the threshold unseen.
pub async fn report(state: &AppState, me: &AuthUser, input: &ReportInput) -> Result<(), AppError> {
    let seat = seat(state, me).await?;
    may_write(&seat)?;
    let mut f = FieldErrors::default();
    let detail = f.text("detail", &input.detail, 0, 300, "신고 내용");
    f.finish()?;
    count_write(state, "board-report", me.id(), 20, 3600).await?;

    let mut tx = state.db.begin().await?;
    let holdable = match input.target_kind {
        ReportTarget::Post | ReportTarget::Comment => {
            let row = if input.target_kind == ReportTarget::Post {
                store::reported_post(&mut tx, input.target_id, true).await?.ok_or_else(super::post_not_found)?
            } else {
                store::reported_comment(&mut tx, input.target_id, true).await?.ok_or_else(comment_not_found)?
            };
            if row.school_id != seat.school_id {
                return Err(not_of_school());
            }
            if row.author_id == me.id() {
                return Err(own_content());
            }
            if matches!(row.status, ContentStatus::Deleted | ContentStatus::Hidden) {
                return Err(gone());
            }
            row.status == ContentStatus::Visible
        }
        ReportTarget::Note => {
            let n = store::reported_note(&mut tx, input.target_id).await?.ok_or_else(note_not_found)?;
            if n.starter_id != me.id() && n.writer_id != me.id() {
                return Err(note_not_found());
            }
            if n.sender_id == me.id() {
                return Err(own_content());
            }
            if n.hidden {
                return Err(gone());
            }
            false
        }
    };
    if !store::insert_report(&mut tx, input.target_kind, input.target_id, me.id(), input.reason, &detail).await? {
        return Err(AppError::conflict(ErrorCode::AlreadyReported, "이미 신고했습니다."));
    }
    if holdable && store::open_report_count(&mut tx, input.target_kind, input.target_id).await? >= i64::from(HOLD_REPORTS) {
        let from = [ContentStatus::Visible];
        if input.target_kind == ReportTarget::Post {
            store::set_post_status(&mut tx, input.target_id, &from, ContentStatus::Held).await?;
        } else {
            store::set_comment_status(&mut tx, input.target_id, &from, ContentStatus::Held).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The member's newest notices (community home).
pub async fn notices(state: &AppState, me: &AuthUser) -> Result<Vec<Notice>, AppError> {
    Ok(store::member_notices(&state.db, me.id(), NOTICES_SHOWN).await?)
}

pub async fn mark_notices_read(state: &AppState, me: &AuthUser) -> Result<(), AppError> {
    store::mark_member_notices_read(&state.db, me.id()).await?;
    Ok(())
}

fn to_case(kind: ReportTarget, r: store::ReportCaseRow) -> ReportCase {
    let excerpt = match kind {
        ReportTarget::Post => short(&format!("{} — {}", r.title, r.body), 120),
        _ => short(&r.body, 120),
    };
    let mut reasons: Vec<String> =
        r.reasons.unwrap_or_default().split(',').filter_map(ReportReason::parse).map(|reason| reason.label().to_owned()).collect();
    reasons.dedup();
    ReportCase {
        target_kind: kind,
        target_id: r.target_id,
        post_id: r.post_id,
        excerpt,
        writer_id: r.author_id,
        writer_nickname: r.nickname,
        anonymous: r.anonymous,
        content_status: r.status,
        reports: if r.open_reports > 0 { r.open_reports } else { r.all_reports }.max(0) as u32,
        reasons,
        first_reported_at: r.first_at,
    }
}

/// Staff: one case per reported target, those with open reports first (newest report
/// first), then recently decided ones.
pub async fn report_queue(state: &AppState, me: &AuthUser) -> Result<Vec<ReportCase>, AppError> {
    require_staff(me)?;
    let limit = (QUEUE_OPEN + QUEUE_DECIDED) as u32;
    let mut rows: Vec<(ReportTarget, store::ReportCaseRow)> = Vec::new();
    rows.extend(store::reported_posts(&state.db, limit).await?.into_iter().map(|r| (ReportTarget::Post, r)));
    rows.extend(store::reported_comments(&state.db, limit).await?.into_iter().map(|r| (ReportTarget::Comment, r)));
    rows.extend(store::reported_notes(&state.db, limit).await?.into_iter().map(|r| (ReportTarget::Note, r)));
    let (mut open, mut decided): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(_, r)| r.open_reports > 0);
    open.sort_by_key(|b| std::cmp::Reverse(b.1.last_at));
    decided.sort_by_key(|b| std::cmp::Reverse(b.1.last_at));
    open.truncate(QUEUE_OPEN);
    decided.truncate(QUEUE_DECIDED);
    Ok(open.into_iter().chain(decided).map(|(kind, r)| to_case(kind, r)).collect())
}

/// Staff: hide or dismiss a reported item, and optionally suspend its writer.
pub async fn moderate(state: &AppState, me: &AuthUser, input: &ModerationInput) -> Result<(), AppError> {
    require_staff(me)?;
    let hide = match input.action.as_str() {
        "hide" => true,
        "dismiss" => false,
        _ => return Err(AppError::bad_request(ErrorCode::BadRequest, "처리 방법은 hide 또는 dismiss 입니다.")),
    };
    let mut f = FieldErrors::default();
    let reason = f.text("reason", &input.reason, 0, 300, "처리 사유");
    f.check(input.suspend_days <= 365, "suspendDays", "글쓰기 제한은 1~365일입니다.");
    f.finish()?;

    let mut tx = state.db.begin().await?;
    let kind = input.target_kind;
    let id = input.target_id;
    // (writer, what the notice calls it)
    let (writer, what) = match kind {
        ReportTarget::Post => {
            let row = store::reported_post(&mut tx, id, true).await?.ok_or_else(super::post_not_found)?;
            (row.author_id, format!("글이 가려졌습니다: {}", short(&row.label, 60)))
        }
        ReportTarget::Comment => {
            let row = store::reported_comment(&mut tx, id, true).await?.ok_or_else(comment_not_found)?;
            (row.author_id, format!("댓글이 가려졌습니다: {}", short(&row.label, 60)))
        }
        ReportTarget::Note => {
            let row = store::reported_note(&mut tx, id).await?.ok_or_else(note_not_found)?;
            (row.sender_id, format!("쪽지가 가려졌습니다: {}", short(&row.label, 60)))
        }
    };
    let live = [ContentStatus::Visible, ContentStatus::Held];
    let nothing_to_do = || AppError::conflict(ErrorCode::BadRequest, "이미 처리되었거나 지워진 항목입니다.");
    if hide {
        let changed = match kind {
            ReportTarget::Post => store::set_post_status(&mut tx, id, &live, ContentStatus::Hidden).await?,
            ReportTarget::Comment => store::set_comment_status(&mut tx, id, &live, ContentStatus::Hidden).await?,
            ReportTarget::Note => store::hide_note(&mut tx, id).await?,
        };
        let closed = store::close_reports(&mut tx, kind, id, ReportStatus::Hidden).await?;
        if !changed && closed == 0 {
            return Err(nothing_to_do());
        }
        // The writer hears of it only when something of theirs was actually hidden.
        if changed {
            store::insert_notice(&mut tx, writer, &format!("신고로 인해 회원님의 {what}")).await?;
        }
        store::insert_moderation_log(&mut tx, me.id(), "report.hide", kind.as_str(), id, Some(writer), &reason).await?;
    } else {
        let held = [ContentStatus::Held];
        let changed = match kind {
            ReportTarget::Post => store::set_post_status(&mut tx, id, &held, ContentStatus::Visible).await?,
            ReportTarget::Comment => store::set_comment_status(&mut tx, id, &held, ContentStatus::Visible).await?,
            ReportTarget::Note => false,
        };
        let closed = store::close_reports(&mut tx, kind, id, ReportStatus::Dismissed).await?;
        if !changed && closed == 0 {
            return Err(nothing_to_do());
        }
        store::insert_moderation_log(&mut tx, me.id(), "report.dismiss", kind.as_str(), id, Some(writer), &reason).await?;
    }
    if input.suspend_days > 0 {
        let days = input.suspend_days;
        let until = chrono::Utc::now().naive_utc() + chrono::Duration::days(i64::from(days));
        store::suspend_member(&mut tx, writer, until).await?;
        let why = if reason.is_empty() { String::new() } else { format!(" (사유: {})", short(&reason, 100)) };
        store::insert_notice(&mut tx, writer, &format!("운영 정책 위반으로 {days}일 동안 커뮤니티 글쓰기가 제한되었습니다.{why}")).await?;
        store::insert_moderation_log(&mut tx, me.id(), "member.suspend", kind.as_str(), id, Some(writer), &reason).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Staff: the moderation log, newest first, 50 per page.
pub async fn moderation_log(state: &AppState, me: &AuthUser, page: u32) -> Result<Vec<ModerationEntry>, AppError> {
    require_staff(me)?;
    let page = page.max(1);
    Ok(store::moderation_entries(&state.db, LOG_PAGE_SIZE, (page - 1) * LOG_PAGE_SIZE).await?)
}
