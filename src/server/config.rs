//! Configuration from environment variables, with defaults that match `scripts/dev`.
//! Every variable is listed in the README.

use super::rate_limit::Limit;
use std::{env, path::PathBuf, time::Duration};

#[derive(Debug, Clone)]
pub struct Limits {
    /// Failed logins per account (email) and client address.
    pub login_account: Limit,
    /// Failed logins per account from all addresses together: a ceiling for guessers who
    /// change address. A password reset lifts it.
    pub login_account_all: Limit,
    /// Failed logins per client address.
    pub login_ip: Limit,
    /// Signups, reset mails and find-email lookups per client address.
    pub signup: Limit,
    /// Refreshes per client address.
    pub refresh_ip: Limit,
    /// Chat messages (text or voice) per member.
    pub chat_send: Limit,
    /// How many times a member's write limit (guestbook, comments, …) one client address
    /// gets: members behind one address share it.
    pub write_address_factor: u64,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub redis_url: String,
    pub mongodb_url: String,
    pub mongodb_db: String,
    /// The site's own origin, e.g. `http://127.0.0.1:3000`; state-changing requests must come from it.
    pub public_url: String,
    /// `LEPTOS_ENV=PROD`: development defaults that are unsafe are refused.
    pub production: bool,
    pub jwt_secret: String,
    pub request_timeout: Duration,
    pub body_limit_bytes: usize,
    /// Where uploaded files are kept (outside the web root).
    pub data_dir: PathBuf,
    /// Label of this app instance in logs and /health (several may run behind one URL).
    pub instance_id: String,
    /// Trust `X-Forwarded-For` (only behind a proxy of ours).
    pub trust_proxy: bool,
    pub smtp_url: String,
    pub mail_from: String,
    /// Mail goes to the local SMTP sink, not to real inboxes (shown in the UI).
    pub mail_sandbox: bool,
    pub limits: Limits,
    pub payments: PaymentConfig,
    /// SMS: `SMS_API_URL` (a provider's HTTP API, with `SMS_API_KEY`), else files in `SMS_DIR`
    /// (the local sink; shown as a sandbox in the UI).
    pub sms_api_url: Option<String>,
    pub sms_api_key: String,
    pub sms_dir: PathBuf,
    /// Social login registrations that are configured (`OAUTH_<ID>_CLIENT_ID` set).
    pub social: Vec<SocialRegistration>,
}

/// A social login provider members may sign in with: `naver`, `kakao`, `google` or
/// `minihompy` (another minihompy site, or this one). Enabled by `OAUTH_<ID>_CLIENT_ID`
/// and `OAUTH_<ID>_CLIENT_SECRET`; the endpoints default to the provider's own
/// (`OAUTH_<ID>_AUTH_URL`, `_TOKEN_URL`, `_USERINFO_URL` override them; a minihompy site
/// is found from `OAUTH_MINIHOMPY_ISSUER`, this site by default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocialRegistration {
    pub id: String,
    /// Which profile shape its userinfo answers in (naver, kakao, or OpenID's).
    pub kind: String,
    pub label: String,
    pub client_id: String,
    pub client_secret: String,
    pub auth_url: String,
    pub token_url: String,
    pub userinfo_url: String,
    pub scopes: String,
}

/// The providers social login knows, in the order the buttons show them.
pub const SOCIAL_PROVIDERS: [&str; 4] = ["naver", "kakao", "google", "minihompy"];

fn social_registrations<F: Fn(&str) -> Option<String>>(vars: &Vars<F>, public_url: &str) -> Vec<SocialRegistration> {
    SOCIAL_PROVIDERS
        .iter()
        .filter_map(|id| {
            let up = id.to_uppercase();
            let client_id = vars.raw(&format!("OAUTH_{up}_CLIENT_ID"))?;
            let (label, auth, token, userinfo, scopes) = match *id {
                "naver" => (
                    "네이버",
                    "https://nid.naver.com/oauth2.0/authorize".to_owned(),
                    "https://nid.naver.com/oauth2.0/token".to_owned(),
                    "https://openapi.naver.com/v1/nid/me".to_owned(),
                    "",
                ),
                "kakao" => (
                    "카카오",
                    "https://kauth.kakao.com/oauth/authorize".to_owned(),
                    "https://kauth.kakao.com/oauth/token".to_owned(),
                    "https://kapi.kakao.com/v2/user/me".to_owned(),
                    "",
                ),
                "google" => (
                    "Google",
                    "https://accounts.google.com/o/oauth2/v2/auth".to_owned(),
                    "https://oauth2.googleapis.com/token".to_owned(),
                    "https://openidconnect.googleapis.com/v1/userinfo".to_owned(),
                    "openid email profile",
                ),
                _ => {
                    let issuer = vars.var("OAUTH_MINIHOMPY_ISSUER", public_url).trim_end_matches('/').to_owned();
                    (
                        "minihompy",
                        format!("{issuer}/oauth/authorize"),
                        format!("{issuer}/oauth/token"),
                        format!("{issuer}/oauth/userinfo"),
                        "openid profile email phone",
                    )
                }
            };
            Some(SocialRegistration {
                id: (*id).to_owned(),
                kind: (*id).to_owned(),
                label: label.to_owned(),
                client_id,
                client_secret: vars.var(&format!("OAUTH_{up}_CLIENT_SECRET"), ""),
                auth_url: vars.var(&format!("OAUTH_{up}_AUTH_URL"), &auth),
                token_url: vars.var(&format!("OAUTH_{up}_TOKEN_URL"), &token),
                userinfo_url: vars.var(&format!("OAUTH_{up}_USERINFO_URL"), &userinfo),
                scopes: vars.var(&format!("OAUTH_{up}_SCOPES"), scopes),
            })
        })
        .collect()
}

/// Which payment gateway takes card payments: `PAYMENT_GATEWAY=sandbox` (the default; a
/// payment page inside the site) or `nicepay` with its API's base URL and keys.
#[derive(Debug, Clone)]
pub struct PaymentConfig {
    pub gateway: String,
    pub nicepay_base_url: String,
    pub nicepay_client_key: String,
    pub nicepay_secret_key: String,
    /// How long an approval call may take before its outcome counts as unknown.
    pub timeout: Duration,
}

/// The signing key `scripts/dev`, `scripts/test` and the README use. It is public, so a
/// production server refuses it.
pub const DEV_JWT_SECRET: &str = "dev-only-secret-change-me-in-production-0123456789";
/// Shortest signing key accepted (HS256 wants at least the hash's 256 bits).
pub const MIN_SECRET_BYTES: usize = 32;

/// Reads variables through `get` (the process environment in `from_env`).
struct Vars<F: Fn(&str) -> Option<String>>(F);

impl<F: Fn(&str) -> Option<String>> Vars<F> {
    fn raw(&self, name: &str) -> Option<String> {
        (self.0)(name).filter(|v| !v.trim().is_empty())
    }
    fn var(&self, name: &str, default: &str) -> String {
        self.raw(name).unwrap_or_else(|| default.to_owned())
    }
    fn parse<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, String> {
        match self.raw(name) {
            Some(v) => v.trim().parse().map_err(|_| format!("{name}={v:?} is not a valid value")),
            None => Ok(default),
        }
    }
}

/// Production: `LEPTOS_ENV` says so (`prod`/`production`, any case, as Leptos reads it), or
/// the site is served to anyone but this machine (a `PUBLIC_URL` that is not loopback), so
/// forgetting `LEPTOS_ENV` does not bring the development key online.
fn is_production(leptos_env: Option<&str>, public_url: &str) -> bool {
    let said = leptos_env.is_some_and(|v| matches!(v.trim().to_lowercase().as_str(), "prod" | "production"));
    let local = url::Url::parse(public_url).ok().and_then(|u| u.host().map(|h| h.to_owned())).is_some_and(|h| match h {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    });
    said || !local
}

/// In production the signing key must be set, long, and not the published development one.
fn check_secret(production: bool, secret: Option<&str>) -> Result<String, String> {
    let Some(secret) = secret else {
        if production {
            return Err(format!(
                "in production (LEPTOS_ENV=PROD or a public PUBLIC_URL) set JWT_SECRET to a random value of at least {MIN_SECRET_BYTES} bytes \
                 (for example `openssl rand -base64 48`); the development key is public"
            ));
        }
        return Ok(DEV_JWT_SECRET.to_owned());
    };
    if secret.len() < MIN_SECRET_BYTES {
        return Err(format!("JWT_SECRET is {} bytes; set at least {MIN_SECRET_BYTES} random bytes", secret.len()));
    }
    if production && secret == DEV_JWT_SECRET {
        return Err("in production JWT_SECRET may not be the published development key; set a random value of your own \
                    (for example `openssl rand -base64 48`)"
            .into());
    }
    Ok(secret.to_owned())
}

impl Config {
    pub fn from_env() -> Result<Self, String> {
        Self::from_vars(|name| env::var(name).ok())
    }

    /// The configuration from any source of variables (tests pass a map).
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let vars = Vars(get);
        let site_addr = vars.var("LEPTOS_SITE_ADDR", "127.0.0.1:3000");
        let public_url = vars.var("PUBLIC_URL", &format!("http://{site_addr}"));
        // The origin as browsers write it in `Origin` (lower case, no default port).
        let public_url = match url::Url::parse(&public_url) {
            Ok(u) if u.has_host() => u.origin().ascii_serialization(),
            _ => return Err(format!("PUBLIC_URL={public_url:?} is not an http(s) origin")),
        };
        let production = is_production(vars.raw("LEPTOS_ENV").as_deref(), &public_url);
        let jwt_secret = check_secret(production, vars.raw("JWT_SECRET").map(|s| s.trim().to_owned()).as_deref())?;
        Ok(Self {
            database_url: vars.var("DATABASE_URL", "mysql://minihompy:minihompy@127.0.0.1:33061/minihompy"),
            redis_url: vars.var("REDIS_URL", "redis://127.0.0.1:63791/"),
            mongodb_url: vars.var("MONGODB_URL", "mongodb://127.0.0.1:27117/"),
            mongodb_db: vars.var("MONGODB_DB", "minihompy"),
            production,
            jwt_secret,
            request_timeout: Duration::from_secs(vars.parse("REQUEST_TIMEOUT_SECS", 30u64)?),
            body_limit_bytes: vars.parse("BODY_LIMIT_BYTES", 12 * 1024 * 1024usize)?,
            data_dir: PathBuf::from(vars.var("DATA_DIR", ".data/dev/files")),
            instance_id: vars.var("INSTANCE_ID", "app-1"),
            trust_proxy: vars.parse("TRUST_PROXY", false)?,
            smtp_url: vars.var("SMTP_URL", "smtp://127.0.0.1:2526"),
            mail_from: vars.var("MAIL_FROM", "minihompy <no-reply@minihompy.test>"),
            mail_sandbox: vars.parse("MAIL_SANDBOX", true)?,
            limits: Limits {
                login_account: Limit {
                    max: vars.parse("LOGIN_MAX_FAILURES", 5u64)?,
                    window_secs: vars.parse("LOGIN_LOCK_SECS", 15 * 60u64)?,
                },
                login_account_all: Limit {
                    max: vars.parse("LOGIN_MAX_FAILURES_PER_ACCOUNT", 100u64)?,
                    window_secs: vars.parse("LOGIN_LOCK_SECS", 15 * 60u64)?,
                },
                login_ip: Limit { max: vars.parse("LOGIN_MAX_FAILURES_PER_IP", 50u64)?, window_secs: 15 * 60 },
                signup: Limit { max: vars.parse("SIGNUPS_PER_IP_PER_HOUR", 30u64)?, window_secs: 3600 },
                refresh_ip: Limit { max: vars.parse("REFRESHES_PER_IP_PER_MINUTE", 300u64)?, window_secs: 60 },
                chat_send: Limit { max: vars.parse("CHAT_SENDS_PER_SECOND", 5u64)?, window_secs: 1 },
                write_address_factor: vars.parse("WRITE_LIMIT_ADDRESS_FACTOR", 5u64)?.max(1),
            },
            payments: PaymentConfig {
                gateway: match vars.var("PAYMENT_GATEWAY", "sandbox").to_lowercase().as_str() {
                    g @ ("sandbox" | "nicepay") => g.to_owned(),
                    other => return Err(format!("PAYMENT_GATEWAY={other:?}: use sandbox or nicepay")),
                },
                nicepay_base_url: vars.var("NICEPAY_BASE_URL", "https://sandbox-api.nicepay.co.kr").trim_end_matches('/').to_owned(),
                nicepay_client_key: vars.var("NICEPAY_CLIENT_KEY", ""),
                nicepay_secret_key: vars.var("NICEPAY_SECRET_KEY", ""),
                timeout: Duration::from_millis(vars.parse("PAYMENT_TIMEOUT_MS", 10_000u64)?),
            },
            sms_api_url: vars.raw("SMS_API_URL"),
            sms_api_key: vars.var("SMS_API_KEY", ""),
            sms_dir: PathBuf::from(vars.var("SMS_DIR", ".data/dev/sms")),
            social: social_registrations(&vars, &public_url),
            public_url,
        })
    }
}

/// `user:password@` removed, so URLs can be logged.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}***{}", &url[..s + 3], &url[at..]),
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_vars(move |k| map.get(k).cloned())
    }

    #[test]
    fn production_refuses_a_missing_short_or_published_signing_key() {
        for env in ["PROD", "prod", "production"] {
            let missing = config(&[("LEPTOS_ENV", env)]).unwrap_err();
            assert!(missing.contains("JWT_SECRET"), "{missing}");
            let empty = config(&[("LEPTOS_ENV", env), ("JWT_SECRET", "  ")]).unwrap_err();
            assert!(empty.contains("JWT_SECRET"), "{empty}");
            let published = config(&[("LEPTOS_ENV", env), ("JWT_SECRET", DEV_JWT_SECRET)]).unwrap_err();
            assert!(published.contains("development key"), "{published}");
            let short = config(&[("LEPTOS_ENV", env), ("JWT_SECRET", "0123456789abcdef0123456789abcde")]).unwrap_err();
            assert!(short.contains("at least 32"), "{short}");
            let good = config(&[("LEPTOS_ENV", env), ("JWT_SECRET", "k3Jq9v0Zr8Yx2Wm5Pt7Ls1Nd4Hb6Gc0Fa-Qe")]).unwrap();
            assert!(good.production);
        }
    }

    #[test]
    fn development_uses_the_development_key_by_default() {
        let dev = config(&[]).unwrap();
        assert!(!dev.production);
        assert_eq!(dev.jwt_secret, DEV_JWT_SECRET);
        assert_eq!(config(&[("LEPTOS_ENV", "DEV")]).unwrap().jwt_secret, DEV_JWT_SECRET);
        assert!(config(&[("JWT_SECRET", "short")]).is_err(), "too short is refused everywhere");
        assert_eq!(config(&[("PUBLIC_URL", "http://localhost:3000/")]).unwrap().public_url, "http://localhost:3000");
    }

    #[test]
    fn a_public_address_is_production_even_without_leptos_env() {
        let err = config(&[("PUBLIC_URL", "https://minihompy.example")]).unwrap_err();
        assert!(err.contains("JWT_SECRET"), "{err}");
        let err = config(&[("PUBLIC_URL", "https://minihompy.example"), ("JWT_SECRET", &format!("{DEV_JWT_SECRET} "))]).unwrap_err();
        assert!(err.contains("development key"), "{err}");
        let ok =
            config(&[("PUBLIC_URL", "https://Minihompy.example:443/"), ("JWT_SECRET", "k3Jq9v0Zr8Yx2Wm5Pt7Ls1Nd4Hb6Gc0Fa-Qe")]).unwrap();
        assert_eq!(ok.public_url, "https://minihompy.example", "normalised like a browser's Origin");
        assert!(config(&[("PUBLIC_URL", "not a url")]).is_err());
    }

    #[test]
    fn social_logins_are_those_configured_with_their_endpoints() {
        let c =
            config(&[("OAUTH_NAVER_CLIENT_ID", "n"), ("OAUTH_MINIHOMPY_CLIENT_ID", "m"), ("OAUTH_MINIHOMPY_CLIENT_SECRET", "s")]).unwrap();
        let ids: Vec<&str> = c.social.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["naver", "minihompy"]);
        assert_eq!(c.social[0].userinfo_url, "https://openapi.naver.com/v1/nid/me");
        assert_eq!(c.social[1].token_url, "http://127.0.0.1:3000/oauth/token", "a minihompy registration defaults to this site");
        assert_eq!(c.social[1].client_secret, "s");
        assert!(config(&[]).unwrap().social.is_empty());
    }

    #[test]
    fn redact_hides_credentials() {
        assert_eq!(redact("mysql://u:p@host:1/db"), "mysql://***@host:1/db");
        assert_eq!(redact("redis://127.0.0.1:6379/"), "redis://127.0.0.1:6379/");
    }
}
