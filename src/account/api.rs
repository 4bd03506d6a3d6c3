//! Server functions behind the account pages. They share the flows of `service` with the
//! REST API; the browser gets HttpOnly cookies, never the tokens themselves.

// A server function takes one argument per form field (ActionForm posts them by name): the
// signup form has ten. `#[server]` does not pass an item's own `allow` on to the browser's
// generated call, so it is allowed for this module.
#![allow(clippy::too_many_arguments)]

use super::model::{
    AccountView, AdminUserRow, BlockedMember, ConsentRecord, CurrentUser, GuardianView, SessionInfo, SignedUrl, SocialLinks,
    SocialSignupView,
};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ctx {
    pub(super) use crate::account::{auth, blocks, consent, contact, service, session, social, store};
    pub use crate::server::app_state;

    pub fn ip(state: &crate::server::AppState) -> Result<String, crate::error::AppError> {
        Ok(auth::client_ip(&auth::request_parts()?, state.config.trust_proxy))
    }
}

/// The signed-in member, if any (refreshes the session transparently).
#[server]
pub async fn me() -> Result<Option<CurrentUser>, AppError> {
    Ok(ctx::auth::current_user().await?.map(|u| u.current()))
}

/// Whether mail goes to the local sandbox (the signup page says so).
#[server]
pub async fn mail_sandbox() -> Result<bool, AppError> {
    Ok(ctx::app_state()?.config.mail_sandbox)
}

#[server]
pub async fn signup(
    email: String,
    password: String,
    name: String,
    nickname: String,
    birth_date: Option<String>,
    gender: Option<String>,
    phone: Option<String>,
    agree_terms: Option<String>,
    agree_privacy: Option<String>,
    guardian_email: Option<String>,
) -> Result<String, AppError> {
    let state = ctx::app_state()?;
    let ip = ctx::ip(&state)?;
    // The form's boxes: checked sends "on", unchecked sends nothing (which here means "no").
    let input = super::model::SignupInput {
        email,
        password,
        name: Some(name),
        nickname: Some(nickname),
        birth_date,
        gender,
        phone,
        agree_terms: Some(agree_terms.is_some()),
        agree_privacy: Some(agree_privacy.is_some()),
        guardian_email: guardian_email.filter(|g| !g.trim().is_empty()),
    };
    let user = ctx::service::signup(&state, input, &ip).await?;
    Ok(user.email)
}

#[server]
pub async fn verify_email(email: String, code: String) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    ctx::service::verify_email(&state, &email, &code).await.map(|_| ())
}

#[server]
pub async fn resend_code(email: String) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    if let Some(user) = ctx::store::by_email(&state.db, email.trim()).await? {
        if user.email_verified_at.is_none() {
            ctx::service::send_code(&state, &user).await?;
        }
    }
    Ok(())
}

#[server]
pub async fn login(email: String, password: String, keep: Option<String>) -> Result<CurrentUser, AppError> {
    let state = ctx::app_state()?;
    let parts = ctx::auth::request_parts()?;
    let ip = ctx::auth::client_ip(&parts, state.config.trust_proxy);
    let signed_in = ctx::service::login(&state, &email, &password, keep.is_some(), &ctx::auth::device(&parts), &ip).await?;
    ctx::auth::start_browser_session(&state, &signed_in);
    Ok(ctx::auth::AuthUser { user: signed_in.user, session: signed_in.session, address: String::new() }.current())
}

#[server]
pub async fn logout() -> Result<(), AppError> {
    let state = ctx::app_state()?;
    if let Some(user) = ctx::auth::current_user().await? {
        ctx::session::revoke(&state.redis, &user.session).await?;
    }
    ctx::auth::end_browser_session(&state);
    Ok(())
}

#[server]
pub async fn find_email(name: String, phone: String) -> Result<Vec<String>, AppError> {
    let state = ctx::app_state()?;
    let ip = ctx::ip(&state)?;
    ctx::service::find_email(&state, &name, &phone, &ip).await
}

#[server]
pub async fn request_reset(email: String) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let ip = ctx::ip(&state)?;
    ctx::service::request_reset(&state, &email, &ip).await
}

#[server]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    ctx::service::reset_password(&state, &token, &password).await
}

#[server]
pub async fn my_account() -> Result<AccountView, AppError> {
    let user = ctx::auth::require_user().await?;
    Ok(user.user.account_view())
}

#[server]
pub async fn update_my_profile(
    name: String,
    nickname: String,
    gender: Option<String>,
    birth_date: Option<String>,
) -> Result<AccountView, AppError> {
    let state = ctx::app_state()?;
    let user = ctx::auth::require_user().await?;
    let gender = gender.filter(|g| !g.is_empty());
    let birth_date = birth_date.filter(|b| !b.is_empty());
    let patch = crate::account::rest::validate_patch(Some(&name), Some(&nickname), gender.as_deref(), birth_date.as_deref())?;
    ctx::store::update_profile(&state.db, user.id(), &patch).await?;
    let fresh = ctx::store::by_id(&state.db, user.id()).await?.ok_or_else(AppError::internal)?;
    Ok(fresh.account_view())
}

#[server]
pub async fn change_password(current_password: String, new_password: String, end_others: Option<String>) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let user = ctx::auth::require_user().await?;
    ctx::service::change_password(&state, user.id(), &current_password, &new_password, end_others.is_some(), &user.session).await
}

/// A signed URL for the browser to PUT a new profile image to.
#[server]
pub async fn profile_upload_url(filename: String) -> Result<SignedUrl, AppError> {
    let state = ctx::app_state()?;
    let user = ctx::auth::require_user().await?;
    crate::account::upload::signed_put_url(&state, user.id(), &filename)
}

#[server]
pub async fn my_sessions() -> Result<Vec<SessionInfo>, AppError> {
    let state = ctx::app_state()?;
    let user = ctx::auth::require_user().await?;
    ctx::session::list(&state.redis, user.id(), Some(&user.session)).await
}

#[server]
pub async fn end_session(id: String) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let user = ctx::auth::require_user().await?;
    ctx::service::end_session(&state, user.id(), &id).await
}

/// What I agreed to, newest first.
#[server]
pub async fn my_consents() -> Result<Vec<ConsentRecord>, AppError> {
    let state = ctx::app_state()?;
    let user = ctx::auth::require_user().await?;
    ctx::consent::list(&state, user.id()).await
}

/// Agrees now to the current terms and privacy notice.
#[server]
pub async fn agree_to_policies() -> Result<Vec<ConsentRecord>, AppError> {
    let state = ctx::app_state()?;
    let user = ctx::auth::require_user().await?;
    let ip = ctx::ip(&state)?;
    ctx::consent::agree_now(&state, user.id(), &ip).await
}

/// The guardian's link: whose signup it is about.
#[server]
pub async fn guardian_request(token: String) -> Result<GuardianView, AppError> {
    let state = ctx::app_state()?;
    ctx::consent::guardian_request(&state, &token).await
}

/// The guardian agrees.
#[server]
pub async fn guardian_consent(token: String) -> Result<GuardianView, AppError> {
    let state = ctx::app_state()?;
    ctx::consent::guardian_consent(&state, &token).await
}

/// The members I blocked (site-wide), newest first.
#[server]
pub async fn my_blocks() -> Result<Vec<BlockedMember>, AppError> {
    let state = ctx::app_state()?;
    let user = ctx::auth::require_user().await?;
    ctx::blocks::list(&state, user.id()).await
}

/// Blocks (`on`) or unblocks a member, everywhere on the site.
#[server]
pub async fn set_member_block(user_id: u64, on: bool) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let user = ctx::auth::require_user().await?;
    ctx::blocks::set(&state, user.id(), user_id, on).await
}

/// Whether text messages go to the local sandbox (the account page says so).
#[server]
pub async fn sms_sandbox() -> Result<bool, AppError> {
    Ok(ctx::app_state()?.sms.is_sandbox())
}

/// Mails a code to the new address (the current password is asked). Answers the address.
#[server]
pub async fn start_email_change(email: String, password: String) -> Result<String, AppError> {
    let state = ctx::app_state()?;
    let user = ctx::auth::require_user().await?;
    ctx::contact::start_email_change(&state, &user.user, &email, &password).await
}

#[server]
pub async fn confirm_email_change(code: String) -> Result<AccountView, AppError> {
    let state = ctx::app_state()?;
    let user = ctx::auth::require_user().await?;
    Ok(ctx::contact::confirm_email_change(&state, &user.user, &code).await?.account_view())
}

/// Texts a code to the new mobile number. Answers the number.
#[server]
pub async fn start_phone_change(phone: String) -> Result<String, AppError> {
    let state = ctx::app_state()?;
    let user = ctx::auth::require_user().await?;
    ctx::contact::start_phone_change(&state, &user.user, &phone).await
}

#[server]
pub async fn confirm_phone_change(code: String) -> Result<AccountView, AppError> {
    let state = ctx::app_state()?;
    let user = ctx::auth::require_user().await?;
    Ok(ctx::contact::confirm_phone_change(&state, &user.user, &code).await?.account_view())
}

#[server]
pub async fn remove_phone() -> Result<AccountView, AppError> {
    let state = ctx::app_state()?;
    let user = ctx::auth::require_user().await?;
    Ok(ctx::contact::remove_phone(&state, &user.user).await?.account_view())
}

#[server]
pub async fn delete_my_account(password: String) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let user = ctx::auth::require_user().await?;
    if !crate::account::password::verify(password, user.user.password_hash.clone()).await? {
        return Err(AppError::invalid_fields(vec![crate::error::InvalidField {
            field: "password".into(),
            message: "비밀번호가 올바르지 않습니다.".into(),
        }]));
    }
    ctx::service::delete_account(&state, user.id()).await?;
    ctx::auth::end_browser_session(&state);
    Ok(())
}

// ------------------------------------------------------------------ admin

#[cfg(feature = "ssr")]
async fn require_admin() -> Result<ctx::auth::AuthUser, AppError> {
    let user = ctx::auth::require_user().await?;
    user.require_role(&[super::model::Role::Admin])?;
    Ok(user)
}

#[server]
pub async fn admin_users(q: String, page: u32) -> Result<(Vec<AdminUserRow>, i64), AppError> {
    let state = ctx::app_state()?;
    require_admin().await?;
    Ok(ctx::store::admin_search(&state.db, q.trim(), page, super::model::ADMIN_PAGE_SIZE).await?)
}

#[server]
pub async fn admin_set_role(id: u64, role: String) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let admin = require_admin().await?;
    let role = super::model::Role::parse(&role)
        .ok_or_else(|| AppError::bad_request(crate::error::ErrorCode::InvalidRole, "알 수 없는 역할입니다."))?;
    if admin.id() == id && role != super::model::Role::Admin {
        return Err(AppError::bad_request(crate::error::ErrorCode::SelfDemotion, "자기 자신의 관리자 권한은 해제할 수 없습니다."));
    }
    if !ctx::store::set_role(&state.db, id, role).await? {
        return Err(AppError::not_found(crate::error::ErrorCode::UserNotFound, "회원을 찾을 수 없습니다."));
    }
    Ok(())
}

#[server]
pub async fn admin_set_suspended(id: u64, suspended: bool) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let admin = require_admin().await?;
    if admin.id() == id {
        return Err(AppError::bad_request(crate::error::ErrorCode::SelfSuspension, "자기 자신은 정지할 수 없습니다."));
    }
    if !ctx::store::set_suspended(&state.db, id, suspended).await? {
        return Err(AppError::not_found(crate::error::ErrorCode::UserNotFound, "회원을 찾을 수 없습니다."));
    }
    if suspended {
        ctx::session::revoke_all(&state.redis, id, None).await?;
    }
    Ok(())
}

/// The account page's social section: each offered provider, linked or not.
#[server]
pub async fn my_social_links() -> Result<SocialLinks, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::auth::require_user().await?;
    let links = ctx::social::links(&state, &me).await?;
    let providers = ctx::social::registrations(&state)
        .iter()
        .map(|r| super::model::SocialLinkView {
            id: r.id.clone(),
            label: r.label.clone(),
            linked_since: links.iter().find(|l| l.provider == r.id).map(|l| l.since),
        })
        .collect();
    Ok(SocialLinks { has_password: me.user.password_hash != ctx::store::NO_PASSWORD, providers })
}

#[server]
pub async fn unlink_social(provider: String, password: Option<String>) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::auth::require_user().await?;
    ctx::social::unlink(&state, &me, &provider, password.as_deref().unwrap_or("")).await
}

#[cfg(feature = "ssr")]
fn pending_id() -> Result<Option<String>, AppError> {
    Ok(ctx::auth::cookie(&ctx::auth::request_parts()?.headers, ctx::social::PENDING_COOKIE))
}

/// The social sign-up waiting for its completion form (this browser's), if any.
#[server]
pub async fn social_signup() -> Result<Option<SocialSignupView>, AppError> {
    let state = ctx::app_state()?;
    let Some(id) = pending_id()? else { return Ok(None) };
    let Some(p) = ctx::social::pending(&state, &id).await? else { return Ok(None) };
    let label =
        ctx::social::registrations(&state).iter().find(|r| r.id == p.provider).map(|r| r.label.clone()).unwrap_or(p.provider.clone());
    let missing = ctx::social::missing(&state, &p).await?;
    let pr = p.profile;
    Ok(Some(SocialSignupView {
        provider_label: label,
        name: pr.name.unwrap_or_default(),
        email: pr.email.unwrap_or_default(),
        gender: pr.gender.unwrap_or_default(),
        birth_date: pr.birth_date.unwrap_or_default(),
        missing,
    }))
}

/// Completes a social sign-up; answers where to go next, or nothing when a guardian must
/// agree first (under 14).
#[server]
pub async fn complete_social_signup(
    name: Option<String>,
    email: Option<String>,
    gender: Option<String>,
    birth_date: Option<String>,
    agree_terms: Option<String>,
    agree_privacy: Option<String>,
    guardian_email: Option<String>,
) -> Result<Option<String>, AppError> {
    let state = ctx::app_state()?;
    let parts = ctx::auth::request_parts()?;
    let ip = ctx::auth::client_ip(&parts, state.config.trust_proxy);
    let id = pending_id()?;
    let c = ctx::social::Completion {
        name,
        email,
        gender,
        birth_date,
        agree_terms: Some(agree_terms.is_some()),
        agree_privacy: Some(agree_privacy.is_some()),
        guardian_email: guardian_email.filter(|g| !g.trim().is_empty()),
    };
    let (registered, next) = ctx::social::register(&state, id.as_deref(), c, &ctx::auth::device(&parts), &ip).await?;
    ctx::auth::set_cookie(ctx::social::clear_pending_cookie(&state));
    match registered {
        ctx::social::Registered::SignedIn(signed_in) => {
            ctx::auth::start_browser_session(&state, &signed_in);
            Ok(Some(next))
        }
        ctx::social::Registered::AwaitingGuardian => Ok(None),
    }
}
