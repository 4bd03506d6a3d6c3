//! `/oauth/authorize` and the consent screen: which app, where to send the member back,
//! what it may read, and the one-minute code at the end.

use super::{apps::policies, random_secret, sha256_hex, CODE_TTL_SECS, CONSENT_TTL_SECS};
use crate::{
    account::{auth::AuthUser, members},
    error::AppError,
    oauth::{
        model::{ClientType, ConsentView, Item, Policy},
        store::{self, AppRow, NewCode},
    },
    server::AppState,
};
use redis::AsyncCommands;
use serde::{Deserialize, Serialize};

/// The scopes we know; `openid` adds an id_token, `offline_access` is accepted (every
/// grant has a refresh token), the others name items.
pub const SCOPES: [&str; 5] = ["openid", "profile", "email", "phone", "offline_access"];

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AuthorizeParams {
    pub response_type: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub nonce: Option<String>,
    pub prompt: Option<String>,
}

/// Where `/oauth/authorize` sends the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Sign in first, then come back.
    Login,
    /// Show the consent screen for this pending request.
    Consent(String),
    /// Back to the app (with a code or an error).
    Redirect(String),
    /// Our own error page: the client or its redirect URI is not known good, so nothing
    /// may be sent to it. (code, message)
    ErrorPage(&'static str, String),
}

/// A request waiting for the member's decision (Redis, 10 minutes, bound to the member).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Pending {
    user: u64,
    app: u64,
    redirect_uri: String,
    /// The request named its redirect URI (then the token request must repeat it).
    redirect_given: bool,
    scope: String,
    state: Option<String>,
    challenge: Option<String>,
    nonce: Option<String>,
    asked: Vec<Item>,
    required: Vec<Item>,
}

fn pending_key(id: &str) -> String {
    format!("oauth:req:{}", sha256_hex(id))
}

/// `uri` with `pairs` added to its query.
pub fn with_query(uri: &str, pairs: &[(&str, Option<&str>)]) -> String {
    match url::Url::parse(uri) {
        Ok(mut u) => {
            {
                let mut q = u.query_pairs_mut();
                for (k, v) in pairs {
                    if let Some(v) = v {
                        q.append_pair(k, v);
                    }
                }
            }
            u.to_string()
        }
        Err(_) => uri.to_owned(),
    }
}

fn back_with_error(uri: &str, error: &str, description: &str, state: Option<&str>) -> Outcome {
    Outcome::Redirect(with_query(uri, &[("error", Some(error)), ("error_description", Some(description)), ("state", state)]))
}

/// Checks the request; `legacy` is the original's `/api/cyworld` (confidential apps only,
/// every item the app asks for).
pub async fn authorize(state: &AppState, me: Option<&AuthUser>, p: &AuthorizeParams, legacy: bool) -> Result<Outcome, AppError> {
    let Some(app) = (match p.client_id.as_deref() {
        Some(id) if !id.is_empty() => store::app_by_client(&state.db, id).await?,
        _ => None,
    }) else {
        return Ok(Outcome::ErrorPage("invalid_client", "등록되지 않은 앱입니다 (client_id).".into()));
    };
    let registered = super::redirect_uris(&app);
    // Exact, byte-for-byte: no prefix, case or normalisation matching.
    let redirect_uri = match p.redirect_uri.as_deref() {
        Some(uri) if registered.iter().any(|r| r == uri) => uri.to_owned(),
        None if registered.len() == 1 && !legacy => registered[0].clone(),
        Some(_) => return Ok(Outcome::ErrorPage("invalid_redirect_uri", "등록되지 않은 Redirect URI입니다.".into())),
        None => return Ok(Outcome::ErrorPage("invalid_request", "redirect_uri가 필요합니다.".into())),
    };
    if legacy && app.client_type != ClientType::Confidential {
        return Ok(Outcome::ErrorPage("unauthorized_client", "이 로그인 방식은 client secret이 있는 앱만 쓸 수 있습니다.".into()));
    }
    let st = p.state.as_deref();
    // From here the client and the URI are known good: errors go back to the app.
    if p.response_type.as_deref() != Some("code") {
        return Ok(back_with_error(&redirect_uri, "unsupported_response_type", "only response_type=code is supported", st));
    }
    let mut scopes: Vec<&str> = Vec::new();
    for s in p.scope.as_deref().unwrap_or("").split_whitespace() {
        if !scopes.contains(&s) {
            scopes.push(s);
        }
    }
    if p.nonce.as_deref().is_some_and(|n| n.len() > 200) || p.state.as_deref().is_some_and(|s| s.len() > 500) {
        return Ok(back_with_error(&redirect_uri, "invalid_request", "nonce (200) or state (500) is too long", None));
    }
    if let Some(bad) = scopes.iter().find(|s| !SCOPES.contains(s)) {
        return Ok(back_with_error(&redirect_uri, "invalid_scope", &format!("unknown scope: {bad}"), st));
    }
    let challenge = match (p.code_challenge.as_deref(), p.code_challenge_method.as_deref()) {
        (None, _) if app.client_type == ClientType::Public => {
            return Ok(back_with_error(&redirect_uri, "invalid_request", "PKCE (code_challenge, S256) is required for public clients", st))
        }
        (None, _) => None,
        (Some(c), Some("S256"))
            if (43..=128).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b)) =>
        {
            Some(c.to_owned())
        }
        (Some(_), Some("S256")) => return Ok(back_with_error(&redirect_uri, "invalid_request", "malformed code_challenge", st)),
        (Some(_), _) => return Ok(back_with_error(&redirect_uri, "invalid_request", "code_challenge_method must be S256", st)),
    };
    let Some(me) = me else { return Ok(Outcome::Login) };

    let policies = policies(&app);
    let asked: Vec<Item> = Item::ALL
        .iter()
        .copied()
        .filter(|i| policies.get(*i) != Policy::None && (scopes.is_empty() || legacy || scopes.contains(&i.scope())))
        .collect();
    let required: Vec<Item> = asked.iter().copied().filter(|i| policies.get(*i) == Policy::Required).collect();
    let scope = if scopes.is_empty() { "profile email phone".to_owned() } else { scopes.join(" ") };
    let pending = Pending {
        user: me.id(),
        app: app.id,
        redirect_uri,
        redirect_given: p.redirect_uri.is_some(),
        scope,
        state: p.state.clone(),
        challenge,
        nonce: p.nonce.clone(),
        asked,
        required,
    };
    if p.prompt.as_deref() != Some("consent") {
        if let Some(c) = store::consent(&state.db, me.id(), app.id).await? {
            let (was_asked, granted) = (Item::parse_list(&c.asked), Item::parse_list(&c.granted));
            if pending.asked.iter().all(|i| was_asked.contains(i)) && pending.required.iter().all(|i| granted.contains(i)) {
                let items: Vec<Item> = pending.asked.iter().copied().filter(|i| granted.contains(i)).collect();
                return Ok(Outcome::Redirect(issue_code(state, &app, &pending, &items).await?));
            }
        }
    }
    let id = random_secret();
    let json = serde_json::to_string(&pending).map_err(|_| AppError::internal())?;
    let mut redis = state.redis.clone();
    let _: () = redis.set_ex(pending_key(&id), json, CONSENT_TTL_SECS).await?;
    Ok(Outcome::Consent(id))
}

async fn issue_code(state: &AppState, app: &AppRow, p: &Pending, items: &[Item]) -> Result<String, AppError> {
    let code = random_secret();
    store::insert_code(
        &state.db,
        NewCode {
            code_hash: &sha256_hex(&code),
            app_id: app.id,
            user_id: p.user,
            // Empty: the authorization request did not name one (RFC 6749 §4.1.3).
            redirect_uri: if p.redirect_given { &p.redirect_uri } else { "" },
            code_challenge: p.challenge.as_deref(),
            nonce: p.nonce.as_deref(),
            scope: &p.scope,
            items: &Item::join(items),
            ttl_secs: CODE_TTL_SECS,
        },
    )
    .await?;
    Ok(with_query(&p.redirect_uri, &[("code", Some(&code)), ("state", p.state.as_deref())]))
}

async fn load_pending(state: &AppState, me: &AuthUser, id: &str) -> Result<Option<Pending>, AppError> {
    let mut redis = state.redis.clone();
    let json: Option<String> = redis.get(pending_key(id)).await?;
    Ok(json.and_then(|j| serde_json::from_str::<Pending>(&j).ok()).filter(|p| p.user == me.id()))
}

fn expired() -> AppError {
    AppError::not_found(crate::error::ErrorCode::NotFound, "로그인 요청이 만료되었습니다. 앱에서 다시 시도해 주세요.")
}

/// What the consent screen shows.
pub async fn consent_view(state: &AppState, me: &AuthUser, id: &str) -> Result<ConsentView, AppError> {
    let p = load_pending(state, me, id).await?.ok_or_else(expired)?;
    let app = store::app_by_id(&state.db, p.app).await?.ok_or_else(expired)?;
    let owner = members::member(&state.db, app.owner_id).await?.map(|m| m.nickname).unwrap_or_default();
    let before = store::consent(&state.db, me.id(), app.id).await?.map(|c| Item::parse_list(&c.granted)).unwrap_or_default();
    Ok(ConsentView {
        request: id.to_owned(),
        logo_url: super::apps::logo_url(&app),
        app_name: app.name,
        homepage: app.homepage,
        owner_nickname: owner,
        optional: p.asked.iter().copied().filter(|i| !p.required.contains(i)).collect(),
        granted_before: before,
        required: p.required,
        openid: p.scope.split(' ').any(|s| s == "openid"),
    })
}

/// The member's answer on the consent screen; where to send the browser.
pub async fn decide(state: &AppState, me: &AuthUser, id: &str, allow: bool, accepted: &[Item]) -> Result<Outcome, AppError> {
    let Some(p) = load_pending(state, me, id).await? else {
        return Ok(Outcome::ErrorPage("request_expired", "로그인 요청이 만료되었습니다. 앱에서 다시 시도해 주세요.".into()));
    };
    // Spent on first use.
    let mut redis = state.redis.clone();
    let removed: u32 = redis.del(pending_key(id)).await?;
    if removed == 0 {
        return Ok(Outcome::ErrorPage("request_expired", "이미 처리된 요청입니다.".into()));
    }
    if !allow {
        return Ok(back_with_error(&p.redirect_uri, "access_denied", "the member declined", p.state.as_deref()));
    }
    let granted_now: Vec<Item> = p.asked.iter().copied().filter(|i| accepted.contains(i)).collect();
    if !p.required.iter().all(|i| granted_now.contains(i)) {
        return Ok(back_with_error(&p.redirect_uri, "access_denied", "required items were not accepted", p.state.as_deref()));
    }
    let Some(app) = store::app_by_id(&state.db, p.app).await? else {
        return Ok(Outcome::ErrorPage("invalid_client", "삭제된 앱입니다.".into()));
    };
    let before = store::consent(&state.db, me.id(), app.id).await?;
    let (mut asked, mut granted) = before.map(|c| (Item::parse_list(&c.asked), Item::parse_list(&c.granted))).unwrap_or_default();
    let withdrawn = granted.iter().any(|i| p.asked.contains(i) && !granted_now.contains(i));
    granted.retain(|i| !p.asked.contains(i));
    granted.extend(granted_now.iter().copied());
    if withdrawn {
        // An item taken back must stop flowing through tokens already issued too.
        store::revoke_grants(&state.db, me.id(), app.id).await?;
    }
    asked.extend(p.asked.iter().copied());
    store::save_consent(&state.db, me.id(), app.id, &Item::join(&asked), &Item::join(&granted)).await?;
    Ok(Outcome::Redirect(issue_code(state, &app, &p, &granted_now).await?))
}
