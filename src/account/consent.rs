//! Consent: what a member agreed to at signup (the terms and the privacy notice, with their
//! versions and the time), and a guardian's agreement for a member under 14, given through a
//! mailed link before the account can sign in (docs/design/consent.md).

use super::{
    model::{ConsentRecord, GuardianView, SignupInput, GUARDIAN_AGE, PRIVACY_VERSION, TERMS_VERSION},
    store::{self, UserRow},
    validate::{self, Fields},
};
use crate::{
    error::{AppError, ErrorCode},
    server::AppState,
};
use rand::Rng;
use redis::AsyncCommands;

/// How long a guardian's link works.
const GUARDIAN_LINK_TTL_SECS: u64 = 7 * 24 * 3600;

/// Full years between `birth` and `today`.
pub fn age_on(birth: chrono::NaiveDate, today: chrono::NaiveDate) -> u32 {
    today.years_since(birth).unwrap_or(0)
}

/// Checks the signup's agreements and guardian. Answers the guardian's address to keep
/// when one is needed.
pub fn check(f: &mut Fields, input: &SignupInput, email: &str, today: chrono::NaiveDate) -> Option<String> {
    // Sent and false: the member did not agree. Left out (the seed documents' clients):
    // nothing is recorded, and 내 정보 asks.
    f.check(input.agree_terms != Some(false), "agreeTerms", "이용약관에 동의해 주세요.");
    f.check(input.agree_privacy != Some(false), "agreePrivacy", "개인정보 처리방침에 동의해 주세요.");
    let birth = input.birth_date.as_deref().and_then(|b| chrono::NaiveDate::parse_from_str(b, "%Y-%m-%d").ok());
    let minor = birth.is_some_and(|b| age_on(b, today) < GUARDIAN_AGE);
    if !minor {
        return None;
    }
    let guardian = input.guardian_email.as_deref().unwrap_or("").trim().to_lowercase();
    if guardian.is_empty() {
        f.add("guardianEmail", format!("만 {GUARDIAN_AGE}세 미만은 보호자 이메일이 필요합니다. 보호자가 동의하면 로그인할 수 있어요."));
        return None;
    }
    let mut g = Fields::default();
    validate::email(&mut g, &guardian);
    if !g.is_empty() || guardian == email {
        f.add("guardianEmail", "본인과 다른 보호자의 이메일 주소를 적어 주세요.");
        return None;
    }
    Some(guardian)
}

/// Records the agreements the signup carried.
pub async fn record_signup(state: &AppState, user: u64, input: &SignupInput, ip: &str) -> Result<(), AppError> {
    if input.agree_terms == Some(true) {
        store::insert_consent(&state.db, user, "TERMS", TERMS_VERSION, ip).await?;
    }
    if input.agree_privacy == Some(true) {
        store::insert_consent(&state.db, user, "PRIVACY", PRIVACY_VERSION, ip).await?;
    }
    Ok(())
}

/// Agrees now to the current terms and privacy notice (내 정보, or a member whose signup
/// carried no agreement).
pub async fn agree_now(state: &AppState, user: u64, ip: &str) -> Result<Vec<ConsentRecord>, AppError> {
    store::insert_consent(&state.db, user, "TERMS", TERMS_VERSION, ip).await?;
    store::insert_consent(&state.db, user, "PRIVACY", PRIVACY_VERSION, ip).await?;
    list(state, user).await
}

pub async fn list(state: &AppState, user: u64) -> Result<Vec<ConsentRecord>, AppError> {
    Ok(store::consents_of(&state.db, user)
        .await?
        .into_iter()
        .map(|(document, version, at)| ConsentRecord { document, version, consented_at: store::iso(at) })
        .collect())
}

fn key(token: &str) -> String {
    format!("guardian:{}", super::session::hash(token))
}

fn invalid_link() -> AppError {
    AppError::bad_request(
        ErrorCode::InvalidGuardianToken,
        "링크가 만료되었거나 올바르지 않습니다. 가입한 자녀에게 다시 요청해 달라고 해 주세요.",
    )
}

/// Names the guardian and mails them a link to agree.
pub async fn ask_guardian(state: &AppState, user: &UserRow, guardian: &str) -> Result<(), AppError> {
    store::set_guardian(&state.db, user.id, guardian).await?;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill(&mut bytes);
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let mut redis = state.redis.clone();
    let _: () = redis.set_ex(key(&token), user.id, GUARDIAN_LINK_TTL_SECS).await?;
    let link = format!("{}/guardian/{token}", state.config.public_url.trim_end_matches('/'));
    let text = format!(
        "안녕하세요. {}({}) 님이 minihompy에 가입하며 보호자로 이 주소를 적었습니다.\n\n\
         만 {GUARDIAN_AGE}세 미만 회원은 보호자가 동의해야 로그인할 수 있습니다. 아래 링크에서 이용약관과 개인정보 처리방침을 읽고 동의해 주세요 (7일 동안 쓸 수 있습니다):\n{link}\n\n\
         모르는 가입이라면 이 메일을 무시하세요. 동의하지 않으면 계정은 쓰이지 않습니다.\n",
        user.name, user.nickname
    );
    state.mailer.send(guardian, "[minihompy] 자녀의 가입에 보호자 동의가 필요합니다", &text).await.map_err(|e| {
        tracing::error!(error = %e, "sending the guardian's mail failed");
        AppError::unavailable("보호자에게 메일을 보내지 못했습니다. 잠시 후 다시 시도해 주세요.")
    })
}

async fn member_of_link(state: &AppState, token: &str) -> Result<UserRow, AppError> {
    if token.len() != 64 {
        return Err(invalid_link());
    }
    let mut redis = state.redis.clone();
    let uid: Option<u64> = redis.get(key(token)).await?;
    let uid = uid.ok_or_else(invalid_link)?;
    store::by_id(&state.db, uid).await?.filter(|u| u.guardian_email.is_some()).ok_or_else(invalid_link)
}

/// What the guardian's page shows.
pub async fn guardian_request(state: &AppState, token: &str) -> Result<GuardianView, AppError> {
    let u = member_of_link(state, token).await?;
    Ok(GuardianView { nickname: u.nickname.clone(), name: u.name.clone(), done: u.guardian_consented_at.is_some() })
}

/// The guardian agrees: the member may sign in; the agreement is on record with the
/// guardian's address.
pub async fn guardian_consent(state: &AppState, token: &str) -> Result<GuardianView, AppError> {
    let u = member_of_link(state, token).await?;
    if store::mark_guardian_consented(&state.db, u.id).await? {
        let guardian = u.guardian_email.clone().unwrap_or_default();
        store::insert_consent(&state.db, u.id, "GUARDIAN", TERMS_VERSION, &guardian).await?;
    }
    Ok(GuardianView { nickname: u.nickname, name: u.name, done: true })
}

pub fn awaiting_guardian() -> AppError {
    AppError::new(
        403,
        ErrorCode::GuardianConsentPending,
        "보호자 동의를 기다리고 있습니다. 보호자 메일함으로 보낸 링크에서 동의하면 로그인할 수 있어요.",
    )
}
