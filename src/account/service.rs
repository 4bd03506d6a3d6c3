//! Account flows shared by the REST API and the pages' server functions.

use super::{
    model::{MemberStatus, SignupInput},
    password, session,
    store::{self, NewUser, UserRow},
    validate::{self, Fields},
};
use crate::error::ErrorCode;
use crate::{
    error::AppError,
    server::{rate_limit, AppState},
};
use rand::Rng;
use redis::AsyncCommands;

const CODE_TTL_SECS: u64 = 10 * 60;
const CODE_MAX_ATTEMPTS: u64 = 5;
pub const RESEND_COOLDOWN_SECS: u64 = 60;
const RESET_TTL_SECS: u64 = 15 * 60;

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

use session::hash as sha256_hex;

async fn send_mail(state: &AppState, to: &str, subject: &str, text: &str) -> Result<(), AppError> {
    state.mailer.send(to, subject, text).await.map_err(|e| {
        tracing::error!(error = %e, "sending mail failed");
        AppError::unavailable("메일을 보내지 못했습니다. 잠시 후 다시 시도해 주세요.")
    })
}

fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The name and nickname of a signup. The seed documents' clients send fewer fields than
/// our form (user-jwt: a nickname and no name; Payhere: only email and password): a field
/// left out is filled from the other one, else from the email's local part. A field sent
/// empty is the caller's mistake and is refused like any bad value.
fn names_for_signup(name: Option<String>, nickname: Option<String>, email: &str) -> (String, String) {
    let from_email = || {
        let local: String = email
            .split('@')
            .next()
            .unwrap_or_default()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
            .take(20)
            .collect();
        match local.chars().count() {
            0 => "새회원".to_owned(),
            1 => format!("{local}회원"),
            _ => local,
        }
    };
    match (name, nickname) {
        (Some(n), Some(k)) => (n, k),
        (Some(n), None) => (n.clone(), n),
        (None, Some(k)) => (k.clone(), k),
        (None, None) => (from_email(), from_email()),
    }
}

/// Also rejects the most common passwords (Django's list, top 10,000).
pub fn check_password(fields: &mut Fields, field: &str, password: &str, email: &str) {
    validate::password_shape(fields, field, password);
    let lower = password.to_lowercase();
    if password::is_common(&lower) {
        fields.add(field, "너무 흔한 비밀번호입니다. 다른 비밀번호를 사용해 주세요.");
    } else if !email.is_empty() && lower.contains(&email.split('@').next().unwrap_or("").to_lowercase()) && email.len() > 3 {
        fields.add(field, "비밀번호에 이메일 아이디를 넣을 수 없습니다.");
    }
}

pub async fn signup(state: &AppState, input: SignupInput, ip: &str) -> Result<UserRow, AppError> {
    rate_limit::hit(&state.redis, "signup", ip, state.config.limits.signup).await?;
    let email = normalise_email(&input.email);
    let mut f = Fields::default();
    validate::email(&mut f, &email);
    check_password(&mut f, "password", &input.password, &email);
    let (name, nickname) = names_for_signup(input.name.clone(), input.nickname.clone(), &email);
    validate::name(&mut f, &name);
    validate::nickname(&mut f, &nickname);
    let today = chrono::Utc::now().date_naive();
    let birth = input.birth_date.as_deref().filter(|s| !s.is_empty());
    if let Some(b) = birth {
        validate::birth_date(&mut f, b, today);
    }
    let gender = input.gender.as_deref().filter(|s| !s.is_empty());
    if let Some(g) = gender {
        validate::gender(&mut f, g);
    }
    let phone = input.phone.as_deref().filter(|s| !s.trim().is_empty()).map(|p| validate::phone(&mut f, p));
    let guardian = super::consent::check(&mut f, &input, &email, crate::kst::day_of(chrono::Utc::now()));
    f.finish()?;
    let hash = password::hash(input.password.clone()).await?;
    let id = store::create(
        &state.db,
        NewUser {
            email: &email,
            password_hash: &hash,
            name: name.trim(),
            nickname: nickname.trim(),
            birth_date: birth.and_then(|b| chrono::NaiveDate::parse_from_str(b, "%Y-%m-%d").ok()),
            gender,
            phone: phone.as_deref(),
        },
    )
    .await?
    .ok_or_else(|| AppError::conflict(ErrorCode::EmailExists, "이미 가입된 이메일입니다."))?;
    super::consent::record_signup(state, id, &input, ip).await?;
    let user = store::by_id(&state.db, id).await?.ok_or_else(AppError::internal)?;
    if let Some(guardian) = guardian {
        super::consent::ask_guardian(state, &user, &guardian).await?;
    }
    if let Err(e) = send_code(state, &user).await {
        tracing::warn!(error = %e.message, "verification mail not sent at signup");
    }
    Ok(user)
}

/// Mails a new 6-digit code, at most once a minute per address.
pub async fn send_code(state: &AppState, user: &UserRow) -> Result<(), AppError> {
    rate_limit::code_cooldown(&state.redis, &format!("verify:cooldown:{}", user.id), RESEND_COOLDOWN_SECS).await?;
    let mut redis = state.redis.clone();
    let code = format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32));
    let key = format!("verify:code:{}", user.id);
    redis::pipe()
        .del(&key)
        .hset_multiple(&key, &[("hash", sha256_hex(&code)), ("attempts", "0".into())])
        .expire(&key, CODE_TTL_SECS as i64)
        .query_async::<()>(&mut redis)
        .await?;
    let text = format!(
        "{}님, minihompy 가입을 환영합니다.\n\n이메일 인증 코드:\n{code}\n\n10분 안에 입력해 주세요. 요청하지 않았다면 이 메일을 무시하세요.\n",
        user.nickname
    );
    send_mail(state, &user.email, "[minihompy] 이메일 인증 코드", &text).await
}

pub async fn verify_email(state: &AppState, email: &str, code: &str) -> Result<UserRow, AppError> {
    let wrong = || AppError::bad_request(ErrorCode::InvalidCode, "인증 코드가 올바르지 않거나 만료되었습니다.");
    let user = store::by_email(&state.db, &normalise_email(email)).await?.ok_or_else(wrong)?;
    if user.email_verified_at.is_some() {
        return Ok(user);
    }
    let mut redis = state.redis.clone();
    let key = format!("verify:code:{}", user.id);
    let attempts: u64 = redis.hincr(&key, "attempts", 1).await?;
    let stored: Option<String> = redis.hget(&key, "hash").await?;
    let Some(stored) = stored else {
        let _: () = redis.del(&key).await?;
        return Err(wrong());
    };
    if attempts > CODE_MAX_ATTEMPTS {
        let _: () = redis.del(&key).await?;
        return Err(AppError::new(429, ErrorCode::TooManyAttempts, "시도 횟수를 넘었습니다. 인증 코드를 다시 받아 주세요."));
    }
    if stored != sha256_hex(code.trim()) {
        return Err(wrong());
    }
    let _: () = redis.del(&key).await?;
    store::mark_verified(&state.db, user.id).await?;
    store::by_id(&state.db, user.id).await?.ok_or_else(AppError::internal)
}

pub fn invalid_credentials() -> AppError {
    AppError::unauthorized(ErrorCode::InvalidCredentials, "이메일 또는 비밀번호가 올바르지 않습니다.")
}

pub struct SignedIn {
    pub user: UserRow,
    pub access_token: String,
    pub access_expires_at: i64,
    /// Empty when a racing request already rotated the cookie (see `session::rotate`).
    pub refresh_token: String,
    pub session: String,
    pub keep: bool,
    pub refresh_expires_at: i64,
}

pub async fn login(state: &AppState, email: &str, password: &str, keep: bool, device: &str, ip: &str) -> Result<SignedIn, AppError> {
    let email = normalise_email(email);
    let limits = &state.config.limits;
    rate_limit::check(&state.redis, "login-ip", ip, limits.login_ip).await?;
    // The lock is per account *and* address: someone guessing from elsewhere cannot lock
    // the owner out (the per-address limit above slows the guesser on their own address).
    let lock = login_lock_subject(&email, ip);
    let account = sha256_hex(&email);
    // The account's counters count the attempt *before* the password is checked (one atomic
    // INCR each), so a burst of parallel guesses cannot all pass a check made before any of
    // them failed; a success takes its attempt back.
    rate_limit::hit(&state.redis, "login-acct", &lock, limits.login_account).await?;
    rate_limit::hit(&state.redis, "login-acct-all", &account, limits.login_account_all).await.map_err(|e| {
        if e.status != 429 {
            return e;
        }
        let wait = e.retry_after_secs.unwrap_or(1);
        AppError::new(
            429,
            ErrorCode::AccountLocked,
            "이 계정에 실패한 로그인 시도가 너무 많아 잠시 잠겼습니다. 비밀번호 찾기에서 받은 메일로 다시 설정하면 바로 풀립니다.",
        )
        .with_retry_after(wait)
    })?;
    let user = store::by_email(&state.db, &email).await?;
    // Verify against a real hash even for unknown emails, so timing does not tell either.
    let hash = user.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| password::dummy_hash().to_owned());
    let ok = password::verify(password.to_owned(), hash).await? && user.is_some();
    if !ok {
        rate_limit::fail(&state.redis, "login-ip", ip, limits.login_ip).await?;
        return Err(invalid_credentials());
    }
    let user = user.expect("checked");
    if user.status == MemberStatus::Suspended {
        return Err(AppError::new(403, ErrorCode::AccountSuspended, "이용이 정지된 계정입니다. 운영자에게 문의해 주세요."));
    }
    if user.awaits_guardian() {
        return Err(super::consent::awaiting_guardian());
    }
    rate_limit::reset(&state.redis, "login-acct", &lock).await?;
    rate_limit::take_back(&state.redis, "login-acct-all", &account).await?;
    let issued = session::start(&state.redis, user.id, keep, device, ip, now()).await?;
    Ok(signed_in(state, user, issued))
}

/// Signs a member in without a password (a linked social login).
pub async fn start_session(state: &AppState, user: UserRow, keep: bool, device: &str, ip: &str) -> Result<SignedIn, AppError> {
    let issued = session::start(&state.redis, user.id, keep, device, ip, now()).await?;
    Ok(signed_in(state, user, issued))
}

/// `<sha256(email)>:<address>`: hashed so that no glob character of an address ends up
/// in the pattern that clears every lock of the account after a password reset.
fn login_lock_subject(email: &str, ip: &str) -> String {
    format!("{}:{ip}", sha256_hex(email))
}

fn signed_in(state: &AppState, user: UserRow, issued: session::Issued) -> SignedIn {
    let (access_token, access_expires_at) = state.tokens.issue(user.id, &issued.family, now());
    SignedIn {
        user,
        access_token,
        access_expires_at,
        refresh_token: issued.refresh_token,
        session: issued.family,
        keep: issued.keep,
        refresh_expires_at: issued.expires_at,
    }
}

pub fn refresh_unauthorized() -> AppError {
    AppError::unauthorized(ErrorCode::RefreshUnauthorized, "다시 로그인해 주세요.")
}

/// Rotates a refresh token. `grace_secs` > 0 only for the browser's transparent refresh.
pub async fn refresh(state: &AppState, token: &str, grace_secs: i64, ip: &str) -> Result<SignedIn, AppError> {
    rate_limit::hit(&state.redis, "refresh-ip", ip, state.config.limits.refresh_ip).await?;
    let (issued, _rotated) = session::rotate(&state.redis, token, grace_secs, now()).await?.map_err(|_| refresh_unauthorized())?;
    let user = match store::by_id(&state.db, issued.user_id).await? {
        Some(u) if u.status == MemberStatus::Active => u,
        _ => {
            session::revoke(&state.redis, &issued.family).await?;
            return Err(refresh_unauthorized());
        }
    };
    Ok(signed_in(state, user, issued))
}

pub async fn change_password(
    state: &AppState,
    user_id: u64,
    current: &str,
    new: &str,
    end_other_sessions: bool,
    this_session: &str,
) -> Result<(), AppError> {
    let user = store::by_id(&state.db, user_id).await?.ok_or_else(AppError::internal)?;
    if !password::verify(current.to_owned(), user.password_hash.clone()).await? {
        // The accounts document: a wrong current password is a 403. The field stays named,
        // so the form shows the message under it.
        return Err(AppError::new(403, ErrorCode::WrongPassword, "현재 비밀번호가 올바르지 않습니다.").on_field("currentPassword"));
    }
    let mut f = Fields::default();
    check_password(&mut f, "newPassword", new, &user.email);
    f.check(current != new, "newPassword", "새 비밀번호가 지금 비밀번호와 같습니다.");
    f.finish()?;
    store::set_password(&state.db, user_id, &password::hash(new.to_owned()).await?).await?;
    if end_other_sessions {
        session::revoke_all(&state.redis, user_id, Some(this_session)).await?;
    }
    Ok(())
}

/// Mails a one-time link if the address belongs to a member; says the same either way.
pub async fn request_reset(state: &AppState, email: &str, ip: &str) -> Result<(), AppError> {
    rate_limit::hit(&state.redis, "reset-ip", ip, state.config.limits.signup).await?;
    let Some(user) = store::by_email(&state.db, &normalise_email(email)).await? else {
        return Ok(());
    };
    let mut token_bytes = [0u8; 32];
    rand::rngs::OsRng.fill(&mut token_bytes);
    let token: String = token_bytes.iter().map(|b| format!("{b:02x}")).collect();
    let mut redis = state.redis.clone();
    let _: () = redis.set_ex(format!("pwreset:{}", sha256_hex(&token)), user.id, RESET_TTL_SECS).await?;
    let link = format!("{}/account/reset/{token}", state.config.public_url.trim_end_matches('/'));
    let text = format!(
        "{}님, 비밀번호 재설정을 요청하셨습니다.\n\n아래 링크에서 새 비밀번호를 정해 주세요 (15분 동안 한 번만 쓸 수 있습니다):\n{link}\n\n요청하지 않았다면 이 메일을 무시하세요.\n",
        user.nickname
    );
    send_mail(state, &user.email, "[minihompy] 비밀번호 재설정", &text).await
}

/// Uses a reset token once; the new password ends every session of the account.
pub async fn reset_password(state: &AppState, token: &str, new: &str) -> Result<(), AppError> {
    let invalid = || AppError::bad_request(ErrorCode::InvalidResetToken, "링크가 만료되었거나 이미 사용되었습니다. 다시 요청해 주세요.");
    if token.len() != 64 {
        return Err(invalid());
    }
    let mut redis = state.redis.clone();
    let key = format!("pwreset:{}", sha256_hex(token));
    let uid: Option<u64> = redis.get(&key).await?;
    let uid = uid.ok_or_else(invalid)?;
    let user = store::by_id(&state.db, uid).await?.ok_or_else(invalid)?;
    let mut f = Fields::default();
    check_password(&mut f, "password", new, &user.email);
    f.finish()?;
    // GETDEL makes the token single-use even under concurrent submissions.
    let taken: Option<u64> = redis::cmd("GETDEL").arg(&key).query_async(&mut redis).await?;
    if taken.is_none() {
        return Err(invalid());
    }
    store::set_password(&state.db, uid, &password::hash(new.to_owned()).await?).await?;
    // Whoever holds the mailbox is the owner. Social links made while the address was not
    // yet verified may be someone else's (an address typed into the social completion
    // form), so they go; the owner links their own again from /account.
    if user.email_verified_at.is_none() {
        store::forget_social(&state.db, uid).await?;
        store::mark_verified(&state.db, uid).await?;
    }
    session::revoke_all(&state.redis, uid, None).await?;
    // Whoever holds the mailbox is the owner: lift every login lock of the account, so the
    // reset mail always lets them back in, even from an address a guesser shares.
    let account = sha256_hex(&normalise_email(&user.email));
    rate_limit::reset_prefix(&state.redis, "login-acct", &format!("{account}:")).await?;
    rate_limit::reset(&state.redis, "login-acct-all", &account).await?;
    Ok(())
}

pub async fn find_email(state: &AppState, name: &str, phone: &str, ip: &str) -> Result<Vec<String>, AppError> {
    rate_limit::hit(&state.redis, "find-email", ip, state.config.limits.signup).await?;
    let mut f = Fields::default();
    validate::name(&mut f, name);
    let phone = validate::phone(&mut f, phone);
    f.finish()?;
    let found = store::find_email(&state.db, name.trim(), &phone).await?;
    Ok(found.iter().map(|e| validate::mask_email(e)).collect())
}

/// Ends one of the member's own sessions (someone else's is not found).
pub async fn end_session(state: &AppState, user_id: u64, id: &str) -> Result<(), AppError> {
    let mine = session::list(&state.redis, user_id, None).await?;
    if !mine.iter().any(|s| s.id == id) {
        return Err(AppError::not_found(ErrorCode::SessionNotFound, "세션을 찾을 수 없습니다."));
    }
    session::revoke(&state.redis, id).await
}

/// Anonymises the member (see `store::anonymise`) and ends every session.
pub async fn delete_account(state: &AppState, user_id: u64) -> Result<(), AppError> {
    let old_img = store::set_profile_img(&state.db, user_id, None).await?;
    store::anonymise(&state.db, user_id).await?;
    store::forget_social(&state.db, user_id).await?;
    session::revoke_all(&state.redis, user_id, None).await?;
    if let Some(file) = old_img {
        let _ = tokio::fs::remove_file(state.config.data_dir.join("profile").join(file)).await;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::names_for_signup;

    #[test]
    fn a_left_out_name_comes_from_the_other_or_the_email() {
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(names_for_signup(s("김철수"), s("철수"), "a@b.test"), ("김철수".into(), "철수".into()));
        assert_eq!(names_for_signup(None, s("jiyeon"), "user1@naver.com"), ("jiyeon".into(), "jiyeon".into()));
        assert_eq!(names_for_signup(None, None, "jayhanjaelee@gmail.com"), ("jayhanjaelee".into(), "jayhanjaelee".into()));
        assert_eq!(names_for_signup(None, None, "a@b.test").0, "a회원");
        assert_eq!(names_for_signup(None, None, "abcdefghijklmnopqrstuvwxyz@b.test").0.chars().count(), 20);
        // Sent empty is not left out: the rule refuses it.
        assert_eq!(names_for_signup(s(""), None, "kim@b.test"), (String::new(), String::new()));
    }
}
