//! The identity providers members sign in with: one OAuth 2.0 adapter (the `oauth2`
//! crate: authorization URL with state and PKCE, code exchange) and, per provider, how its
//! profile answer reads. Registrations come from the configuration
//! (`server::config::SocialRegistration`): Naver, Kakao, Google, or a minihompy site
//! (in development and tests, this site itself).

use crate::{error::AppError, server::config::SocialRegistration};
use oauth2::{
    basic::BasicClient, AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet, EndpointSet,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse, TokenUrl,
};
use serde_json::Value;

/// What a provider told us about a person. Anything may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SocialProfile {
    /// The provider's stable id of the person.
    pub subject: String,
    pub email: Option<String>,
    /// The provider says it checked the address.
    pub email_verified: bool,
    pub name: Option<String>,
    pub nickname: Option<String>,
    /// MALE | FEMALE
    pub gender: Option<String>,
    /// yyyy-MM-dd
    pub birth_date: Option<String>,
    pub phone: Option<String>,
}

/// A provider we can send members to.
pub trait IdentityProvider: Send + Sync {
    /// Where to send the browser: the provider's login with our state and the PKCE
    /// challenge of `verifier`.
    fn authorize_url(&self, redirect_uri: &str, state: &str, verifier: &str) -> Result<String, AppError>;
    /// Exchanges the code (with the PKCE verifier) and reads the person's profile.
    fn profile<'a>(
        &'a self,
        http: &'a reqwest::Client,
        redirect_uri: &'a str,
        code: &'a str,
        verifier: &'a str,
        state: &'a str,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<SocialProfile, AppError>> + Send + 'a>>;
}

/// The one adapter: standard OAuth 2.0 endpoints, the provider's own profile shape.
pub struct OAuth2Provider(pub SocialRegistration);

type Client = BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

fn unavailable(what: &str) -> AppError {
    tracing::warn!("social login: {what}");
    AppError::new(502, crate::error::ErrorCode::ServiceUnavailable, "로그인 제공자와 통신하지 못했습니다. 잠시 후 다시 시도해 주세요.")
}

impl OAuth2Provider {
    fn client(&self, redirect_uri: &str) -> Result<Client, AppError> {
        let r = &self.0;
        let bad = |_| unavailable("a registration URL does not parse");
        Ok(BasicClient::new(ClientId::new(r.client_id.clone()))
            .set_client_secret(ClientSecret::new(r.client_secret.clone()))
            .set_auth_uri(AuthUrl::new(r.auth_url.clone()).map_err(bad)?)
            .set_token_uri(TokenUrl::new(r.token_url.clone()).map_err(bad)?)
            .set_redirect_uri(RedirectUrl::new(redirect_uri.to_owned()).map_err(bad)?)
            // Naver and Kakao take the secret in the body; every provider here accepts it.
            .set_auth_type(AuthType::RequestBody))
    }
}

impl IdentityProvider for OAuth2Provider {
    fn authorize_url(&self, redirect_uri: &str, state: &str, verifier: &str) -> Result<String, AppError> {
        let state = state.to_owned();
        let client = self.client(redirect_uri)?;
        let mut req = client
            .authorize_url(move || CsrfToken::new(state))
            .set_pkce_challenge(PkceCodeChallenge::from_code_verifier_sha256(&PkceCodeVerifier::new(verifier.to_owned())));
        for s in self.0.scopes.split_whitespace() {
            req = req.add_scope(Scope::new(s.to_owned()));
        }
        Ok(req.url().0.to_string())
    }

    fn profile<'a>(
        &'a self,
        http: &'a reqwest::Client,
        redirect_uri: &'a str,
        code: &'a str,
        verifier: &'a str,
        state: &'a str,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<SocialProfile, AppError>> + Send + 'a>> {
        Box::pin(async move {
            let token = self
                .client(redirect_uri)?
                .exchange_code(AuthorizationCode::new(code.to_owned()))
                .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_owned()))
                // Naver asks for the state again at the token endpoint.
                .add_extra_param("state", state)
                .request_async(http)
                .await
                .map_err(|e| unavailable(&format!("{} token exchange: {e}", self.0.id)))?;
            let res = http
                .get(&self.0.userinfo_url)
                .bearer_auth(token.access_token().secret())
                .send()
                .await
                .map_err(|e| unavailable(&format!("{} profile: {e}", self.0.id)))?;
            if !res.status().is_success() {
                return Err(unavailable(&format!("{} profile: HTTP {}", self.0.id, res.status())));
            }
            let body: Value = res.json().await.map_err(|e| unavailable(&format!("{} profile: {e}", self.0.id)))?;
            read_profile(&self.0.kind, &body).ok_or_else(|| unavailable(&format!("{} profile without an id", self.0.id)))
        })
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn gender(v: &Value) -> Option<String> {
    match text(v)?.to_lowercase().as_str() {
        "m" | "male" => Some("MALE".into()),
        "f" | "female" => Some("FEMALE".into()),
        _ => None,
    }
}

/// `yyyy` and `MM-DD` / `MMDD` into `yyyy-MM-dd`, if they make a date.
fn birth(year: Option<String>, month_day: Option<String>) -> Option<String> {
    let md: String = month_day?.chars().filter(char::is_ascii_digit).collect();
    let date = format!("{}-{}-{}", year?, md.get(..2)?, md.get(2..4)?);
    chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").ok().map(|_| date)
}

/// Korean mobile numbers as digits (`+82 10-1234-5678` → `01012345678`).
fn phone(v: &Value) -> Option<String> {
    let t = text(v)?;
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let local = digits.strip_prefix("82").map(|rest| format!("0{rest}")).filter(|_| t.trim_start().starts_with('+')).unwrap_or(digits);
    (local.len() >= 10).then_some(local)
}

/// Reads a profile answer in the shape of `kind` (naver, kakao, google, minihompy).
pub fn read_profile(kind: &str, body: &Value) -> Option<SocialProfile> {
    let p = match kind {
        "naver" => {
            let r = &body["response"];
            SocialProfile {
                subject: text(&r["id"])?,
                email: text(&r["email"]),
                // Naver's addresses are the ones its members confirmed.
                email_verified: text(&r["email"]).is_some(),
                name: text(&r["name"]),
                nickname: text(&r["nickname"]),
                gender: gender(&r["gender"]),
                birth_date: birth(text(&r["birthyear"]), text(&r["birthday"])),
                phone: phone(&r["mobile"]),
            }
        }
        "kakao" => {
            let a = &body["kakao_account"];
            SocialProfile {
                subject: text(&body["id"])?,
                email: text(&a["email"]),
                email_verified: a["is_email_verified"].as_bool().unwrap_or(false) && a["is_email_valid"].as_bool().unwrap_or(true),
                name: text(&a["name"]),
                nickname: text(&a["profile"]["nickname"]),
                gender: gender(&a["gender"]),
                birth_date: birth(text(&a["birthyear"]), text(&a["birthday"])),
                phone: phone(&a["phone_number"]),
            }
        }
        // OpenID Connect's standard claims: Google, and minihompy sites.
        _ => SocialProfile {
            subject: text(&body["sub"])?,
            email: text(&body["email"]),
            email_verified: body["email_verified"].as_bool().unwrap_or(false),
            name: text(&body["name"]),
            nickname: text(&body["nickname"]).or_else(|| text(&body["given_name"])),
            gender: gender(&body["gender"]),
            birth_date: text(&body["birthdate"]).filter(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok()),
            phone: phone(&body["phone_number"]),
        },
    };
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_providers_profile_reads_into_one_shape() {
        let naver = json!({"resultcode": "00", "response": {"id": "N1", "email": "a@naver.com", "name": "김네이버", "gender": "F",
            "birthyear": "1999", "birthday": "03-07", "mobile": "010-1234-5678"}});
        let p = read_profile("naver", &naver).unwrap();
        assert_eq!((p.subject.as_str(), p.gender.as_deref(), p.birth_date.as_deref()), ("N1", Some("FEMALE"), Some("1999-03-07")));
        assert_eq!(p.phone.as_deref(), Some("01012345678"));
        let kakao =
            json!({"id": 42, "kakao_account": {"profile": {"nickname": "카카오"}, "gender": "male", "phone_number": "+82 10-9876-5432"}});
        let k = read_profile("kakao", &kakao).unwrap();
        assert_eq!((k.subject.as_str(), k.email, k.gender.as_deref()), ("42", None, Some("MALE")));
        assert_eq!(k.phone.as_deref(), Some("01098765432"));
        let google = json!({"sub": "g-1", "email": "g@gmail.com", "email_verified": true, "name": "Gil"});
        let g = read_profile("google", &google).unwrap();
        assert!(g.email_verified && g.gender.is_none() && g.birth_date.is_none());
        assert!(read_profile("naver", &json!({"resultcode": "024"})).is_none(), "no id, no profile");
        assert_eq!(birth(Some("2001".into()), Some("0230".into())), None, "not a date");
    }
}
