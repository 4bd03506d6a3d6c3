//! Changing the email address and the mobile number, each proved by a 6-digit code sent to
//! the new address or number before it replaces the old one (docs/design/contact-change.md).
//!
//! The pending change lives in Redis (`contact:<kind>:<member>`: the new value, the code's
//! hash and the attempts), so nothing in MySQL changes until the code is right. The old
//! address is told when the email changes, so a member whose session was taken over learns
//! of it where the thief cannot delete the mail.

use super::{
    password,
    store::{self, UserRow},
    validate::{self, Fields},
};
use crate::{
    error::{AppError, ErrorCode},
    server::{rate_limit, AppState},
};
use rand::Rng;
use redis::AsyncCommands;

const CODE_TTL_SECS: u64 = 10 * 60;
const CODE_MAX_ATTEMPTS: u64 = 5;
const RESEND_COOLDOWN_SECS: u64 = 60;

#[derive(Clone, Copy)]
enum Kind {
    Email,
    Phone,
}

impl Kind {
    fn key(self, member: u64) -> String {
        match self {
            Kind::Email => format!("contact:email:{member}"),
            Kind::Phone => format!("contact:phone:{member}"),
        }
    }
}

fn hash(code: &str) -> String {
    super::session::hash(code)
}

fn wrong_code() -> AppError {
    AppError::bad_request(ErrorCode::InvalidCode, "인증 코드가 올바르지 않거나 만료되었습니다.").on_field("code")
}

/// A fresh code for `value`, replacing any pending one; at most one a minute per member and kind.
async fn issue(state: &AppState, kind: Kind, member: u64, value: &str) -> Result<String, AppError> {
    let key = kind.key(member);
    rate_limit::code_cooldown(&state.redis, &format!("{key}:cooldown"), RESEND_COOLDOWN_SECS).await?;
    let code = format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32));
    let mut redis = state.redis.clone();
    redis::pipe()
        .del(&key)
        .hset_multiple(&key, &[("value", value.to_owned()), ("hash", hash(&code)), ("attempts", "0".into())])
        .expire(&key, CODE_TTL_SECS as i64)
        .query_async::<()>(&mut redis)
        .await?;
    Ok(code)
}

/// The value the code proves, once; five wrong codes spend the pending change.
async fn redeem(state: &AppState, kind: Kind, member: u64, code: &str) -> Result<String, AppError> {
    let mut redis = state.redis.clone();
    let key = kind.key(member);
    let attempts: u64 = redis.hincr(&key, "attempts", 1).await?;
    let (stored, value): (Option<String>, Option<String>) =
        redis::cmd("HMGET").arg(&key).arg("hash").arg("value").query_async(&mut redis).await?;
    let (Some(stored), Some(value)) = (stored, value) else {
        let _: () = redis.del(&key).await?;
        return Err(wrong_code());
    };
    if attempts > CODE_MAX_ATTEMPTS {
        let _: () = redis.del(&key).await?;
        return Err(AppError::new(429, ErrorCode::TooManyAttempts, "시도 횟수를 넘었습니다. 인증 코드를 다시 받아 주세요."));
    }
    if stored != hash(code.trim()) {
        return Err(wrong_code());
    }
    // DEL answers 1 only to the request that spent it: two right answers at once change once.
    let spent: u64 = redis.del(&key).await?;
    if spent == 0 {
        return Err(wrong_code());
    }
    Ok(value)
}

async fn require_password(user: &UserRow, password: &str) -> Result<(), AppError> {
    if password::verify(password.to_owned(), user.password_hash.clone()).await? {
        return Ok(());
    }
    Err(AppError::new(403, ErrorCode::WrongPassword, "비밀번호가 올바르지 않습니다.").on_field("password"))
}

async fn mail(state: &AppState, to: &str, subject: &str, text: &str) -> Result<(), AppError> {
    state.mailer.send(to, subject, text).await.map_err(|e| {
        tracing::error!(error = %e, "sending mail failed");
        AppError::unavailable("메일을 보내지 못했습니다. 잠시 후 다시 시도해 주세요.")
    })
}

/// Mails a code to the new address. The current password is asked: a borrowed session
/// alone must not be enough to move the account to another mailbox.
pub async fn start_email_change(state: &AppState, user: &UserRow, new_email: &str, password: &str) -> Result<String, AppError> {
    let email = new_email.trim().to_lowercase();
    let mut f = Fields::default();
    validate::email(&mut f, &email);
    f.check(email != user.email, "email", "지금 쓰는 이메일과 같습니다.");
    f.finish()?;
    require_password(user, password).await?;
    if store::by_email(&state.db, &email).await?.is_some() {
        return Err(AppError::conflict(ErrorCode::EmailExists, "이미 가입된 이메일입니다."));
    }
    let code = issue(state, Kind::Email, user.id, &email).await?;
    let text = format!(
        "{}님, minihompy 계정의 이메일을 이 주소로 바꾸려면 아래 코드를 입력해 주세요.\n\n{code}\n\n10분 안에 입력해 주세요. 요청하지 않았다면 이 메일을 무시하세요.\n",
        user.nickname
    );
    mail(state, &email, "[minihompy] 이메일 변경 인증 코드", &text).await?;
    Ok(email)
}

/// Puts the proved address in place and tells the old one.
pub async fn confirm_email_change(state: &AppState, user: &UserRow, code: &str) -> Result<UserRow, AppError> {
    let email = redeem(state, Kind::Email, user.id, code).await?;
    if !store::change_email(&state.db, user.id, &email).await? {
        return Err(AppError::conflict(ErrorCode::EmailExists, "이미 가입된 이메일입니다."));
    }
    let text = format!(
        "{}님, minihompy 계정의 이메일이 {}(으)로 바뀌었습니다.\n\n직접 바꾸지 않았다면 바로 고객센터에 알려 주세요. 이 주소로는 더 이상 로그인할 수 없습니다.\n",
        user.nickname,
        validate::mask_email(&email)
    );
    // The change is made; a failed notice is logged, not reported as a failed change.
    if let Err(e) = mail(state, &user.email, "[minihompy] 이메일이 변경되었습니다", &text).await {
        tracing::warn!(error = %e.message, user = user.id, "the old address was not told of the email change");
    }
    store::by_id(&state.db, user.id).await?.ok_or_else(AppError::internal)
}

/// Texts a code to the new mobile number.
pub async fn start_phone_change(state: &AppState, user: &UserRow, phone: &str) -> Result<String, AppError> {
    let mut f = Fields::default();
    let phone = validate::phone(&mut f, phone);
    f.finish()?;
    if user.phone.as_deref() == Some(phone.as_str()) && user.phone_verified_at.is_some() {
        return Err(AppError::bad_request(ErrorCode::InvalidFields, "이미 인증된 번호입니다.").on_field("phone"));
    }
    let code = issue(state, Kind::Phone, user.id, &phone).await?;
    state.sms.send(&phone, &format!("[minihompy] 휴대폰 번호 인증 코드 {code} (10분 안에 입력해 주세요)")).await.map_err(|e| {
        tracing::error!(error = %e, "phone code SMS failed");
        AppError::unavailable("인증 문자를 보내지 못했습니다. 잠시 후 다시 시도해 주세요.")
    })?;
    Ok(phone)
}

pub async fn confirm_phone_change(state: &AppState, user: &UserRow, code: &str) -> Result<UserRow, AppError> {
    let phone = redeem(state, Kind::Phone, user.id, code).await?;
    store::set_phone(&state.db, user.id, Some(&phone)).await?;
    store::by_id(&state.db, user.id).await?.ok_or_else(AppError::internal)
}

pub async fn remove_phone(state: &AppState, user: &UserRow) -> Result<UserRow, AppError> {
    store::set_phone(&state.db, user.id, None).await?;
    store::by_id(&state.db, user.id).await?.ok_or_else(AppError::internal)
}
