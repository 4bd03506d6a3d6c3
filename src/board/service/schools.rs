//! Schools and membership: joining by a code mailed to the school's domain, or by a request
//! that staff decide; where the member stands; the staff's school changes.

use super::super::{model::*, store};
use super::{is_staff, require_staff};
use crate::{
    account::auth::AuthUser,
    error::{AppError, ErrorCode, FieldErrors},
    server::{rate_limit, token::sha256_hex, AppState},
};
use chrono::Datelike;
use rand::Rng;
use redis::AsyncCommands;
use std::collections::HashMap;

const CODE_TTL_SECS: i64 = 10 * 60;
const CODE_MAX_ATTEMPTS: u64 = 5;
const RESEND_COOLDOWN_SECS: u64 = 60;
const FIRST_ADMISSION_YEAR: u16 = 1950;

fn code_key(user: u64) -> String {
    format!("school:code:{user}")
}

fn school_not_found() -> AppError {
    AppError::not_found(ErrorCode::SchoolNotFound, "학교를 찾을 수 없습니다.")
}

fn already_member() -> AppError {
    AppError::conflict(ErrorCode::AlreadySchoolMember, "이미 학교 인증을 마쳤습니다. 한 회원은 한 학교에만 속할 수 있습니다.")
}

fn email_used() -> AppError {
    AppError::conflict(ErrorCode::SchoolEmailUsed, "이미 다른 회원이 인증에 사용한 학교 이메일입니다.")
}

fn this_year_kst() -> u16 {
    crate::kst::day_of(chrono::Utc::now()).year() as u16
}

fn check_year(errors: &mut FieldErrors, year: u16) {
    let now = this_year_kst();
    if !(FIRST_ADMISSION_YEAR..=now).contains(&year) {
        errors.add("admissionYear", format!("입학 연도는 {FIRST_ADMISSION_YEAR}년부터 {now}년 사이로 적어 주세요."));
    }
}

/// The name of the unique key a duplicate-key error broke, if that is what it is.
fn duplicate_key(e: &sqlx::Error) -> Option<String> {
    match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => Some(d.message().to_owned()),
        _ => None,
    }
}

fn to_membership(m: store::MemberRow) -> Membership {
    Membership {
        school_id: m.school_id,
        school_name: m.school_name,
        campus: m.campus,
        admission_year: m.admission_year,
        verified_by: m.verified_by,
        suspended_until: m.suspended_until,
    }
}

/// A request as its member sees it (`staff`: with who asked).
fn to_request(r: store::RequestRow, staff: bool) -> SchoolRequest {
    SchoolRequest {
        id: r.id,
        school_id: r.school_id,
        school_name: r.school_name,
        admission_year: r.admission_year,
        message: r.message,
        status: r.status,
        created_at: r.created_at,
        user_id: staff.then_some(r.user_id),
        nickname: staff.then_some(r.nickname),
    }
}

pub async fn list_schools(state: &AppState) -> Result<Vec<School>, AppError> {
    let rows = store::school_rows(&state.db).await?;
    let mut domains: HashMap<u64, Vec<String>> = HashMap::new();
    for (school, domain) in store::all_domains(&state.db).await? {
        domains.entry(school).or_default().push(domain);
    }
    Ok(rows
        .into_iter()
        .map(|r| School { domains: domains.remove(&r.id).unwrap_or_default(), id: r.id, name: r.name, campus: r.campus })
        .collect())
}

/// One school with its domains.
pub async fn get_school(state: &AppState, id: u64) -> Result<School, AppError> {
    let row = store::school_row(&state.db, id).await?.ok_or_else(school_not_found)?;
    let domains = store::school_domains(&state.db, id).await?;
    Ok(School { id: row.id, name: row.name, campus: row.campus, domains })
}

pub async fn membership(state: &AppState, user: u64) -> Result<Option<Membership>, AppError> {
    Ok(store::membership(&state.db, user).await?.map(to_membership))
}

pub async fn my_community(state: &AppState, me: &AuthUser) -> Result<MyCommunity, AppError> {
    let membership = membership(state, me.id()).await?;
    let request =
        if membership.is_none() { store::pending_request_of(&state.db, me.id()).await?.map(|r| to_request(r, false)) } else { None };
    let pending_email: Option<String> = if membership.is_none() {
        let mut redis = state.redis.clone();
        redis.hget(code_key(me.id()), "email").await?
    } else {
        None
    };
    let (unread_notes, unread_notices) = store::unread_counts(&state.db, me.id()).await?;
    Ok(MyCommunity {
        membership,
        request,
        pending_email,
        unread_notes: unread_notes.max(0) as u32,
        unread_notices: unread_notices.max(0) as u32,
        staff: is_staff(me),
    })
}

/// Mails a 6-digit code to an address at a school's domain (once a minute per member).
pub async fn send_school_code(state: &AppState, me: &AuthUser, email: &str, admission_year: u16) -> Result<(), AppError> {
    let email = email.trim().to_lowercase();
    let mut errors = FieldErrors::default();
    let (local, domain) = email.rsplit_once('@').unwrap_or(("", ""));
    if local.is_empty() || domain.is_empty() || email.chars().count() > 254 || email.contains(char::is_whitespace) {
        errors.add("email", "학교 이메일 주소를 올바르게 적어 주세요. (예: hong@school.ac.kr)");
    }
    check_year(&mut errors, admission_year);
    let school = if errors.names().iter().any(|f| f == "email") { None } else { store::school_by_domain(&state.db, domain).await? };
    if school.is_none() {
        errors.add("email", "등록된 학교의 이메일 도메인이 아닙니다. 학교에서 받은 이메일 주소를 적어 주세요.");
    }
    errors.finish()?;
    let school = school.ok_or_else(AppError::internal)?;

    if store::membership(&state.db, me.id()).await?.is_some() {
        return Err(already_member());
    }
    // One mailbox is one membership: `hong+2@…` reaches `hong@…`, so both count as it
    // (otherwise one student could hold several accounts, and with them reports' weight).
    let canonical = format!("{}@{domain}", local.split('+').next().unwrap_or(local));
    if store::school_email_used(&state.db, &canonical).await? {
        return Err(email_used());
    }

    rate_limit::code_cooldown(&state.redis, &format!("school:cooldown:{}", me.id()), RESEND_COOLDOWN_SECS).await?;
    let code = format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32));
    let key = code_key(me.id());
    let mut redis = state.redis.clone();
    redis::pipe()
        .del(&key)
        .hset_multiple(
            &key,
            &[
                ("hash", sha256_hex(&code)),
                ("attempts", "0".to_owned()),
                ("email", canonical.clone()),
                ("school", school.to_string()),
                ("year", admission_year.to_string()),
            ],
        )
        .expire(&key, CODE_TTL_SECS)
        .query_async::<()>(&mut redis)
        .await?;
    let text = format!(
        "minihompy 커뮤니티 학교 인증 코드입니다.\n\n인증 코드:\n{code}\n\n10분 안에 입력해 주세요. 요청하지 않았다면 이 메일을 무시하세요.\n"
    );
    state.mailer.send(&email, "[minihompy] 학교 인증 코드", &text).await.map_err(|e| {
        tracing::error!(error = %e, "sending the school code failed");
        AppError::unavailable("메일을 보내지 못했습니다. 잠시 후 다시 시도해 주세요.")
    })
}

/// Checks the mailed code (5 tries) and makes the member a verified member of the school.
pub async fn confirm_school_code(state: &AppState, me: &AuthUser, code: &str) -> Result<Membership, AppError> {
    let wrong = || AppError::bad_request(ErrorCode::InvalidCode, "인증 코드가 올바르지 않거나 만료되었습니다.");
    let mut redis = state.redis.clone();
    let key = code_key(me.id());
    let attempts: u64 = redis.hincr(&key, "attempts", 1).await?;
    let stored: HashMap<String, String> = redis.hgetall(&key).await?;
    let Some(hash) = stored.get("hash") else {
        let _: () = redis.del(&key).await?;
        return Err(wrong());
    };
    if attempts > CODE_MAX_ATTEMPTS {
        let _: () = redis.del(&key).await?;
        return Err(AppError::new(429, ErrorCode::TooManyAttempts, "시도 횟수를 넘었습니다. 인증 코드를 다시 받아 주세요."));
    }
    if *hash != sha256_hex(code.trim()) {
        return Err(wrong());
    }
    let email = stored.get("email").cloned().unwrap_or_default();
    let school: u64 = stored.get("school").and_then(|s| s.parse().ok()).ok_or_else(AppError::internal)?;
    let year: u16 = stored.get("year").and_then(|s| s.parse().ok()).ok_or_else(AppError::internal)?;
    let _: () = redis.del(&key).await?;

    let mut conn = state.db.acquire().await?;
    if let Err(e) = store::insert_member(&mut conn, me.id(), school, year, Some(&email), VerifiedBy::Email).await {
        return Err(match duplicate_key(&e) {
            Some(m) if m.contains("ux_school_members_email") => email_used(),
            Some(_) => already_member(),
            None => e.into(),
        });
    }
    membership(state, me.id()).await?.ok_or_else(AppError::internal)
}

/// Asks staff to admit the member to a school that has no email domain.
pub async fn request_school(
    state: &AppState,
    me: &AuthUser,
    school_id: u64,
    admission_year: u16,
    message: &str,
) -> Result<SchoolRequest, AppError> {
    let mut errors = FieldErrors::default();
    check_year(&mut errors, admission_year);
    let message = errors.text("message", message, 0, 300, "요청 메시지");
    errors.finish()?;
    let school = get_school(state, school_id).await?;
    if !school.domains.is_empty() {
        return Err(AppError::bad_request(
            ErrorCode::BadRequest,
            format!("{}은(는) 학교 이메일({})로 인증해 주세요.", school.name, school.domains.join(", ")),
        ));
    }
    if store::membership(&state.db, me.id()).await?.is_some() {
        return Err(already_member());
    }
    // One request at a time: a short lock per member so two clicks cannot both insert.
    let mut redis = state.redis.clone();
    let lock = format!("school:request:lock:{}", me.id());
    let locked = redis::cmd("SET").arg(&lock).arg(1).arg("EX").arg(10).arg("NX").query_async::<Option<String>>(&mut redis).await?.is_some();
    let pending_error =
        || AppError::conflict(ErrorCode::SchoolRequestPending, "운영진이 검토 중인 가입 요청이 있습니다. 결과를 기다려 주세요.");
    if !locked {
        return Err(pending_error());
    }
    let result = async {
        if store::pending_request_of(&state.db, me.id()).await?.is_some() {
            return Err(pending_error());
        }
        let id = store::insert_request(&state.db, me.id(), school_id, admission_year, &message).await?;
        let row = store::request_by_id(&state.db, id).await?.ok_or_else(AppError::internal)?;
        Ok(to_request(row, false))
    }
    .await;
    let _: () = redis.del(&lock).await?;
    result
}

/// Staff: requests, waiting ones first.
pub async fn school_requests(state: &AppState, me: &AuthUser) -> Result<Vec<SchoolRequest>, AppError> {
    require_staff(me)?;
    Ok(store::requests(&state.db, 200).await?.into_iter().map(|r| to_request(r, true)).collect())
}

/// Staff: approve (the member joins with the year they gave) or reject a waiting request.
pub async fn decide_school_request(state: &AppState, me: &AuthUser, request_id: u64, approve: bool) -> Result<(), AppError> {
    require_staff(me)?;
    let not_found = || AppError::not_found(ErrorCode::SchoolRequestNotFound, "가입 요청을 찾을 수 없습니다.");
    let req = store::request_by_id(&state.db, request_id).await?.ok_or_else(not_found)?;
    let mut tx = state.db.begin().await?;
    let status = store::lock_request(&mut tx, request_id).await?.ok_or_else(not_found)?;
    if status != RequestStatus::Pending {
        return Err(AppError::conflict(ErrorCode::BadRequest, "이미 처리된 요청입니다."));
    }
    let (status, action, text) = if approve {
        if let Err(e) = store::insert_member(&mut tx, req.user_id, req.school_id, req.admission_year, None, VerifiedBy::Approval).await {
            return Err(if duplicate_key(&e).is_some() { already_member() } else { e.into() });
        }
        (
            RequestStatus::Approved,
            "school_request.approve",
            format!("{} 가입 요청이 승인되었습니다. 이제 학교 게시판을 이용할 수 있습니다.", req.school_name),
        )
    } else {
        (RequestStatus::Rejected, "school_request.reject", format!("{} 가입 요청이 거절되었습니다.", req.school_name))
    };
    store::decide_request(&mut tx, request_id, status, me.id()).await?;
    store::insert_school_notice(&mut *tx, req.user_id, &text).await?;
    store::log_staff_action(&mut *tx, me.id(), action, "SCHOOL_REQUEST", request_id, Some(req.user_id), &req.school_name).await?;
    tx.commit().await?;
    Ok(())
}

/// Lowercase, without a leading `@`; letters, digits and `-` in dot-separated labels.
fn clean_domain(d: &str) -> Option<String> {
    let d = d.trim().trim_start_matches('@').to_lowercase();
    let labels: Vec<&str> = d.split('.').collect();
    let ok = d.len() <= 100
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|l| l.chars().all(|c| c.is_ascii_alphabetic()));
    ok.then_some(d)
}

/// Staff: adds a school (id None) or changes one; its domains are replaced by the given ones.
pub async fn save_school(state: &AppState, me: &AuthUser, id: Option<u64>, input: &SchoolInput) -> Result<School, AppError> {
    require_staff(me)?;
    let mut errors = FieldErrors::default();
    let name = errors.text("name", &input.name, 1, 60, "학교 이름");
    let campus = errors.text("campus", &input.campus, 0, 40, "캠퍼스");
    let mut domains: Vec<String> = vec![];
    for d in input.domains.iter().filter(|d| !d.trim().is_empty()) {
        match clean_domain(d) {
            Some(d) if !domains.contains(&d) => domains.push(d),
            Some(_) => {}
            None => errors.add("domains", format!("'{}'은(는) 올바른 이메일 도메인이 아닙니다. (예: hongik.ac.kr)", d.trim())),
        }
    }
    if domains.len() > 10 {
        errors.add("domains", "도메인은 10개까지 등록할 수 있습니다.");
    }
    errors.finish()?;
    if let Some(id) = id {
        if !store::school_exists(&state.db, id).await? {
            return Err(school_not_found());
        }
    }
    let taken = store::all_domains(&state.db).await?;
    if let Some((_, d)) = taken.iter().find(|(school, d)| Some(*school) != id && domains.contains(d)) {
        return Err(AppError::conflict(ErrorCode::BadRequest, format!("{d} 도메인은 이미 다른 학교에 등록되어 있습니다.")));
    }
    let dup_name = || AppError::conflict(ErrorCode::BadRequest, "같은 이름과 캠퍼스의 학교가 이미 있습니다.");
    let dup_domain = || AppError::conflict(ErrorCode::BadRequest, "이미 다른 학교에 등록된 도메인이 있습니다.");
    let mut tx = state.db.begin().await?;
    let (school_id, action) = match id {
        None => (
            store::insert_school(&mut tx, &name, &campus)
                .await
                .map_err(|e| if duplicate_key(&e).is_some() { dup_name() } else { e.into() })?,
            "school.create",
        ),
        Some(id) => {
            store::update_school(&mut tx, id, &name, &campus).await.map_err(|e| {
                if duplicate_key(&e).is_some() {
                    dup_name()
                } else {
                    e.into()
                }
            })?;
            (id, "school.update")
        }
    };
    store::replace_domains(&mut tx, school_id, &domains).await.map_err(|e| {
        if duplicate_key(&e).is_some() {
            dup_domain()
        } else {
            AppError::from(e)
        }
    })?;
    let detail: String = format!("{name} {campus} [{}]", domains.join(", ")).chars().take(300).collect();
    store::log_staff_action(&mut *tx, me.id(), action, "SCHOOL", school_id, None, &detail).await?;
    tx.commit().await?;
    get_school(state, school_id).await
}
