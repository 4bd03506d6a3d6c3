//! Configuration from environment variables, with defaults that match `scripts/dev`.
//! Every variable is listed in the README.

use super::rate_limit::Limit;
use std::{env, path::PathBuf, time::Duration};

#[derive(Debug, Clone)]
pub struct Limits {
    /// Failed logins per account (email).
    pub login_account: Limit,
    /// Failed logins per client address.
    pub login_ip: Limit,
    /// Signups, reset mails and find-email lookups per client address.
    pub signup: Limit,
    /// Refreshes per client address.
    pub refresh_ip: Limit,
    /// Chat messages (text or voice) per member.
    pub chat_send: Limit,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub redis_url: String,
    pub mongodb_url: String,
    pub mongodb_db: String,
    /// The site's own origin, e.g. `http://127.0.0.1:3000`; state-changing requests must come from it.
    pub public_url: String,
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
    /// STUN/TURN servers for video calls (none: host candidates only).
    pub ice_servers: Vec<crate::call::model::IceServer>,
}

fn var(name: &str, default: &str) -> String {
    env::var(name).ok().filter(|v| !v.trim().is_empty()).unwrap_or_else(|| default.to_owned())
}

fn parse<T: std::str::FromStr>(name: &str, default: T) -> Result<T, String> {
    match env::var(name) {
        Ok(v) if !v.trim().is_empty() => {
            v.trim().parse().map_err(|_| format!("{name}={v:?} is not a valid value"))
        }
        _ => Ok(default),
    }
}

impl Config {
    pub fn from_env() -> Result<Self, String> {
        let site_addr = var("LEPTOS_SITE_ADDR", "127.0.0.1:3000");
        Ok(Self {
            database_url: var("DATABASE_URL", "mysql://minihompy:minihompy@127.0.0.1:33061/minihompy"),
            redis_url: var("REDIS_URL", "redis://127.0.0.1:63791/"),
            mongodb_url: var("MONGODB_URL", "mongodb://127.0.0.1:27117/"),
            mongodb_db: var("MONGODB_DB", "minihompy"),
            public_url: var("PUBLIC_URL", &format!("http://{site_addr}")),
            jwt_secret: var("JWT_SECRET", "dev-only-secret-change-me-in-production-0123456789"),
            request_timeout: Duration::from_secs(parse("REQUEST_TIMEOUT_SECS", 30u64)?),
            body_limit_bytes: parse("BODY_LIMIT_BYTES", 12 * 1024 * 1024usize)?,
            data_dir: PathBuf::from(var("DATA_DIR", ".data/dev/files")),
            instance_id: var("INSTANCE_ID", "app-1"),
            trust_proxy: parse("TRUST_PROXY", false)?,
            smtp_url: var("SMTP_URL", "smtp://127.0.0.1:2526"),
            mail_from: var("MAIL_FROM", "minihompy <no-reply@minihompy.test>"),
            mail_sandbox: parse("MAIL_SANDBOX", true)?,
            limits: Limits {
                login_account: Limit {
                    max: parse("LOGIN_MAX_FAILURES", 5u64)?,
                    window_secs: parse("LOGIN_LOCK_SECS", 15 * 60u64)?,
                },
                login_ip: Limit { max: parse("LOGIN_MAX_FAILURES_PER_IP", 50u64)?, window_secs: 15 * 60 },
                signup: Limit { max: parse("SIGNUPS_PER_IP_PER_HOUR", 30u64)?, window_secs: 3600 },
                refresh_ip: Limit { max: parse("REFRESHES_PER_IP_PER_MINUTE", 300u64)?, window_secs: 60 },
                chat_send: Limit { max: parse("CHAT_SENDS_PER_SECOND", 5u64)?, window_secs: 1 },
            },
            ice_servers: crate::call::service::ice_servers_from_env(),
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
    use super::redact;

    #[test]
    fn redact_hides_credentials() {
        assert_eq!(redact("mysql://u:p@host:1/db"), "mysql://***@host:1/db");
        assert_eq!(redact("redis://127.0.0.1:6379/"), "redis://127.0.0.1:6379/");
    }
}
