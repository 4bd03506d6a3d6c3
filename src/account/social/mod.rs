//! Social login (docs/design/social-login.md): sign up and log in with Naver, Kakao,
//! Google or a minihompy site. A known link (provider, subject) logs its member in; a new
//! person whose provider gave too little completes a form first; linking happens only
//! when signed in, never by matching an email.

pub mod providers;

use super::{
    auth::AuthUser,
    service::{self, SignedIn},
    session, store,
    validate::{self, Fields},
};
use crate::{
    error::{AppError, ErrorCode},
    server::{config::SocialRegistration, AppState},
};
use providers::{IdentityProvider, OAuth2Provider, SocialProfile};
use redis::AsyncCommands;
use serde::{Deserialize, Serialize};

/// The cookie that binds a login's state to the browser that started it.
pub const BINDER_COOKIE: &str = "socialState";
/// The cookie that names a sign-up waiting for its completion form.
pub const PENDING_COOKIE: &str = "socialPending";
const STATE_TTL_SECS: u64 = 600;
pub const PENDING_TTL_SECS: u64 = 1800;
/// The accounts document's message while a sign-up lacks fields.
pub const INSUFFICIENT: &str = "insufficient user info";

/// The registrations this site offers (configured ones only).
pub fn registrations(state: &AppState) -> &[SocialRegistration] {
    &state.config.social
}

fn provider(state: &AppState, id: &str) -> Result<OAuth2Provider, AppError> {
    registrations(state)
        .iter()
        .find(|r| r.id == id)
        .cloned()
        .map(OAuth2Provider)
        .ok_or_else(|| AppError::not_found(ErrorCode::NotFound, "지원하지 않는 로그인 방법입니다."))
}

/// Where the provider sends the browser back: `/login/oauth2/code/{registrationId}`.
pub fn redirect_uri(state: &AppState, id: &str) -> String {
    format!("{}/login/oauth2/code/{id}", state.config.public_url.trim_end_matches('/'))
}

#[derive(Debug, Serialize, Deserialize)]
struct Started {
    provider: String,
    verifier: String,
    binder: String,
    /// Linking to this member (from /account), or a login.
    link_user: Option<u64>,
    next: String,
}

/// A sign-up waiting for what the provider did not give.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pending {
    pub provider: String,
    pub profile: SocialProfile,
    /// The address as the provider gave it (only that one counts as verified).
    pub provider_email: Option<String>,
    pub next: String,
    /// Started in a browser: the completion form is always shown, and its two agreements
    /// are required. An API client (the accounts document's) may leave them out, like the
    /// seed documents' signup; 내 정보 then asks.
    #[serde(default)]
    pub form: bool,
    #[serde(default)]
    pub agree_terms: Option<bool>,
    #[serde(default)]
    pub agree_privacy: Option<bool>,
    /// A guardian's address, required for a birth date under 14 (docs/design/consent.md).
    #[serde(default)]
    pub guardian_email: Option<String>,
}

impl Pending {
    /// The signup's agreements in the shape the email signup checks and records.
    fn consent_input(&self) -> super::model::SignupInput {
        let required = |a: Option<bool>| if self.form { Some(a == Some(true)) } else { a };
        super::model::SignupInput {
            birth_date: self.profile.birth_date.clone(),
            agree_terms: required(self.agree_terms),
            agree_privacy: required(self.agree_privacy),
            guardian_email: self.guardian_email.clone(),
            ..Default::default()
        }
    }
}

fn secure(state: &AppState) -> &'static str {
    if state.config.public_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    }
}

/// An HttpOnly cookie of social login's own (the binder, the pending sign-up).
pub fn cookie(state: &AppState, name: &str, value: &str, path: &str, max_age: u64) -> axum::http::HeaderValue {
    axum::http::HeaderValue::from_str(&format!("{name}={value}; Path={path}; HttpOnly; SameSite=Lax; Max-Age={max_age}{}", secure(state)))
        .expect("cookie")
}

pub fn clear_pending_cookie(state: &AppState) -> axum::http::HeaderValue {
    cookie(state, PENDING_COOKIE, "", "/", 0)
}

fn state_key(token: &str) -> String {
    format!("social:state:{}", session::hash(token))
}

fn pending_key(id: &str) -> String {
    format!("social:pending:{}", session::hash(id))
}

/// Starts a login (or a link, for `link_user`): the provider's address and the binder
/// cookie's value.
pub async fn start(state: &AppState, id: &str, link_user: Option<u64>, next: &str) -> Result<(String, String), AppError> {
    let p = provider(state, id)?;
    let (token, verifier, binder) =
        (crate::server::token::random_secret(), crate::server::token::random_secret(), crate::server::token::random_secret());
    let started =
        Started { provider: id.to_owned(), verifier: verifier.clone(), binder: session::hash(&binder), link_user, next: next.to_owned() };
    let json = serde_json::to_string(&started).map_err(|_| AppError::internal())?;
    let mut redis = state.redis.clone();
    let _: () = redis.set_ex(state_key(&token), json, STATE_TTL_SECS).await?;
    Ok((p.authorize_url(&redirect_uri(state, id), &token, &verifier)?, binder))
}

/// How a provider's answer ended.
pub enum Finished {
    /// A known link: the member is signed in.
    SignedIn(Box<SignedIn>, String),
    /// The provider is now linked to the signed-in member.
    Linked(String),
    /// A new person: the completion form, for these fields.
    NeedsMore { pending: String, invalid_fields: Vec<String> },
}

/// A completed sign-up.
pub enum Registered {
    SignedIn(Box<SignedIn>),
    /// Under 14: the guardian was mailed a link; no sign-in until they agree.
    AwaitingGuardian,
}

fn forged() -> AppError {
    AppError::bad_request(ErrorCode::InvalidCode, "로그인 요청이 만료되었거나 올바르지 않습니다. 처음부터 다시 시도해 주세요.")
}

/// The provider's answer (`/login/oauth2/code/{id}`). `form`: a browser, which always
/// completes a new sign-up on the form (its agreements).
#[allow(clippy::too_many_arguments)]
pub async fn finish(
    state: &AppState,
    form: bool,
    id: &str,
    code: Option<&str>,
    token: Option<&str>,
    error: Option<&str>,
    binder: Option<&str>,
    me: Option<&AuthUser>,
    device: &str,
    ip: &str,
) -> Result<Finished, AppError> {
    let token = token.ok_or_else(forged)?;
    let mut redis = state.redis.clone();
    // Spent on first use, whatever follows.
    let json: Option<String> = redis::cmd("GETDEL").arg(state_key(token)).query_async(&mut redis).await?;
    let started: Started = json.and_then(|j| serde_json::from_str(&j).ok()).ok_or_else(forged)?;
    // The state must come back to the browser that started it (login CSRF).
    if started.provider != id || binder.map(session::hash).as_deref() != Some(started.binder.as_str()) {
        return Err(forged());
    }
    if let Some(e) = error {
        return Err(AppError::bad_request(ErrorCode::BadRequest, format!("로그인 제공자가 요청을 거절했습니다 ({e}).")));
    }
    let code = code.ok_or_else(forged)?;
    let p = provider(state, id)?;
    let profile = p.profile(crate::server::http_client(), &redirect_uri(state, id), code, &started.verifier, token).await?;
    if let Some(link_user) = started.link_user {
        if me.map(AuthUser::id) != Some(link_user) {
            return Err(AppError::forbidden("연결을 시작한 계정으로 로그인한 상태에서만 연결할 수 있습니다."));
        }
        if !store::link_social(&state.db, link_user, id, &profile.subject).await? {
            return Err(AppError::conflict(
                ErrorCode::AlreadyOwned,
                "이 계정은 이미 다른 회원과 연결되어 있거나, 이 방법이 이미 연결되어 있습니다.",
            ));
        }
        return Ok(Finished::Linked(started.next));
    }
    if let Some(user_id) = store::social_user(&state.db, id, &profile.subject).await? {
        return Ok(Finished::SignedIn(Box::new(sign_in(state, user_id, device, ip).await?), started.next));
    }
    let pending = Pending {
        provider: id.to_owned(),
        provider_email: profile.email.clone(),
        profile,
        next: started.next.clone(),
        form,
        agree_terms: None,
        agree_privacy: None,
        guardian_email: None,
    };
    let pending_id = crate::server::token::random_secret();
    let registered = if form { Err(checked(state, &pending).await?.0) } else { try_register(state, &pending, device, ip).await? };
    match registered {
        Ok(Registered::SignedIn(signed_in)) => Ok(Finished::SignedIn(signed_in, started.next)),
        // Unreachable: a provider never names a guardian, so a minor always completes the form.
        Ok(Registered::AwaitingGuardian) => Err(super::consent::awaiting_guardian()),
        Err(fields) => {
            save_pending(state, &pending_id, &pending).await?;
            Ok(Finished::NeedsMore { pending: pending_id, invalid_fields: fields.names() })
        }
    }
}

async fn save_pending(state: &AppState, id: &str, p: &Pending) -> Result<(), AppError> {
    let json = serde_json::to_string(p).map_err(|_| AppError::internal())?;
    let mut redis = state.redis.clone();
    let _: () = redis.set_ex(pending_key(id), json, PENDING_TTL_SECS).await?;
    Ok(())
}

pub async fn pending(state: &AppState, id: &str) -> Result<Option<Pending>, AppError> {
    let mut redis = state.redis.clone();
    let json: Option<String> = redis.get(pending_key(id)).await?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

async fn sign_in(state: &AppState, user_id: u64, device: &str, ip: &str) -> Result<SignedIn, AppError> {
    let user = store::by_id(&state.db, user_id).await?.ok_or_else(forged)?;
    if user.status != super::model::MemberStatus::Active {
        return Err(AppError::new(403, ErrorCode::AccountSuspended, "이용이 정지된 계정입니다. 운영자에게 문의해 주세요."));
    }
    if user.awaits_guardian() {
        return Err(super::consent::awaiting_guardian());
    }
    service::start_session(state, user, false, device, ip).await
}

const EMAIL_TAKEN: &str = "이미 가입된 이메일입니다. 그 계정으로 로그인한 뒤 내 정보에서 연결하거나, 다른 이메일을 적어 주세요.";

/// The fields a new account still needs (the accounts document's names), with a message
/// each, and the guardian's address when one is needed.
fn check(p: &Pending, email_taken: bool) -> (Fields, Option<String>) {
    let profile = &p.profile;
    let mut f = Fields::default();
    validate::name(&mut f, profile.name.as_deref().unwrap_or(""));
    match profile.email.as_deref() {
        Some(e) => {
            validate::email(&mut f, e);
            if email_taken {
                f.add("email", EMAIL_TAKEN);
            }
        }
        None => f.add("email", "이메일을 적어 주세요."),
    }
    f.check(matches!(profile.gender.as_deref(), Some("MALE" | "FEMALE")), "gender", "성별을 골라 주세요.");
    let today = crate::kst::day_of(chrono::Utc::now());
    match profile.birth_date.as_deref() {
        Some(d) => validate::birth_date(&mut f, d, today),
        None => f.add("birthDate", "생년월일을 적어 주세요."),
    }
    let email = profile.email.as_deref().unwrap_or("").trim().to_lowercase();
    let guardian = super::consent::check(&mut f, &p.consent_input(), &email, today);
    (f, guardian)
}

/// The fields a pending sign-up still lacks (the accounts document's names).
pub async fn missing(state: &AppState, p: &Pending) -> Result<Vec<String>, AppError> {
    Ok(checked(state, p).await?.0.names())
}

async fn checked(state: &AppState, p: &Pending) -> Result<(Fields, Option<String>), AppError> {
    let taken = match p.profile.email.as_deref().map(|e| e.trim().to_lowercase()) {
        Some(e) => store::by_email(&state.db, &e).await?.is_some(),
        None => false,
    };
    Ok(check(p, taken))
}

/// Creates the account when the profile is complete; otherwise the fields it lacks.
async fn try_register(state: &AppState, p: &Pending, device: &str, ip: &str) -> Result<Result<Registered, Fields>, AppError> {
    let (fields, guardian) = checked(state, p).await?;
    if !fields.is_empty() {
        return Ok(Err(fields));
    }
    let email = p.profile.email.as_deref().map(|e| e.trim().to_lowercase());
    let email = email.expect("checked");
    let name = p.profile.name.clone().unwrap_or_default().trim().to_owned();
    let nickname: String = p.profile.nickname.clone().unwrap_or_else(|| name.clone()).trim().chars().take(20).collect();
    let birth = p.profile.birth_date.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let new = store::NewUser {
        email: &email,
        // No password: only the linked providers sign this member in (a reset mail can set one).
        password_hash: store::NO_PASSWORD,
        name: &name,
        nickname: &nickname,
        birth_date: birth,
        gender: p.profile.gender.as_deref(),
        // Kept only when it reads as a phone number.
        phone: p.profile.phone.as_deref().filter(|ph| ph.len() <= 20 && ph.bytes().all(|b| b.is_ascii_digit() || b == b'-')),
    };
    let Some(user_id) = store::create(&state.db, new).await? else {
        let mut f = Fields::default();
        f.add("email", EMAIL_TAKEN);
        return Ok(Err(f));
    };
    // An address the provider confirmed is verified; one typed into the form is not yet.
    let confirmed = p.profile.email_verified && p.provider_email.as_deref().map(|e| e.trim().to_lowercase()) == Some(email.clone());
    if confirmed {
        store::mark_verified(&state.db, user_id).await?;
    }
    if !store::link_social(&state.db, user_id, &p.provider, &p.profile.subject).await? {
        return Err(forged());
    }
    super::consent::record_signup(state, user_id, &p.consent_input(), ip).await?;
    if let Some(guardian) = guardian {
        let user = store::by_id(&state.db, user_id).await?.ok_or_else(AppError::internal)?;
        super::consent::ask_guardian(state, &user, &guardian).await?;
        return Ok(Ok(Registered::AwaitingGuardian));
    }
    Ok(Ok(Registered::SignedIn(Box::new(sign_in(state, user_id, device, ip).await?))))
}

/// What the completion form sends (the accounts document: only the fields it lacked).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Completion {
    pub name: Option<String>,
    pub email: Option<String>,
    pub gender: Option<String>,
    pub birth_date: Option<String>,
    /// The form's two agreements (required when the sign-up started in a browser).
    pub agree_terms: Option<bool>,
    pub agree_privacy: Option<bool>,
    pub guardian_email: Option<String>,
}

/// `POST /account/register`: fills in the pending sign-up; 400 "insufficient user info"
/// with the fields still missing, until the account can be made.
pub async fn register(
    state: &AppState,
    pending_id: Option<&str>,
    c: Completion,
    device: &str,
    ip: &str,
) -> Result<(Registered, String), AppError> {
    let id = pending_id.ok_or_else(forged)?;
    // Each try tells whether an address is taken: counted like signups.
    crate::server::rate_limit::hit(&state.redis, "signup", ip, state.config.limits.signup).await?;
    let mut p = pending(state, id).await?.ok_or_else(forged)?;
    let set = |slot: &mut Option<String>, v: Option<String>| {
        if let Some(v) = v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) {
            *slot = Some(v);
        }
    };
    set(&mut p.profile.name, c.name);
    set(&mut p.profile.email, c.email);
    set(&mut p.profile.gender, c.gender.map(|g| g.to_uppercase()));
    set(&mut p.profile.birth_date, c.birth_date);
    set(&mut p.guardian_email, c.guardian_email);
    p.agree_terms = c.agree_terms.or(p.agree_terms);
    p.agree_privacy = c.agree_privacy.or(p.agree_privacy);
    match try_register(state, &p, device, ip).await? {
        Ok(registered) => {
            let mut redis = state.redis.clone();
            let _: () = redis.del(pending_key(id)).await?;
            Ok((registered, p.next))
        }
        Err(fields) => {
            save_pending(state, id, &p).await?;
            let mut e = fields.finish().err().unwrap_or_else(forged);
            e.message = INSUFFICIENT.into();
            Err(e)
        }
    }
}

/// A provider linked to the member, and since when.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Link {
    pub provider: String,
    pub since: i64,
}

pub async fn links(state: &AppState, me: &AuthUser) -> Result<Vec<Link>, AppError> {
    Ok(store::social_links_of(&state.db, me.id()).await?.into_iter().map(|(provider, since)| Link { provider, since }).collect())
}

/// Unlinks a provider. Needs the password, or (for an account without one) another way
/// to sign in, so no member locks themselves out.
pub async fn unlink(state: &AppState, me: &AuthUser, provider: &str, password: &str) -> Result<(), AppError> {
    let user = store::by_id(&state.db, me.id()).await?.ok_or_else(AppError::internal)?;
    let others = store::social_links_of(&state.db, me.id()).await?.into_iter().filter(|(p, _)| p != provider).count();
    if user.password_hash == store::NO_PASSWORD {
        if others == 0 {
            return Err(AppError::bad_request(
                ErrorCode::BadRequest,
                "마지막 로그인 방법은 해제할 수 없습니다. 먼저 비밀번호 찾기로 비밀번호를 만들어 주세요.",
            ));
        }
    } else if !super::password::verify(password.to_owned(), user.password_hash.clone()).await? {
        let mut f = Fields::default();
        f.add("password", "비밀번호가 올바르지 않습니다.");
        f.finish()?;
    }
    if !store::unlink_social(&state.db, me.id(), provider).await? {
        return Err(AppError::not_found(ErrorCode::NotFound, "연결되지 않은 로그인 방법입니다."));
    }
    Ok(())
}
