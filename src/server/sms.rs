//! Outgoing text messages (SMS) behind a small trait, like mail. The real adapter posts to
//! a provider's HTTP API (`SMS_API_URL`, JSON `{"to","text"}`, Bearer `SMS_API_KEY`); in
//! development and tests each message is a file in `SMS_DIR` (the local sink, which tests
//! read the way they read the mail sink's files).

use super::config::Config;
use std::path::PathBuf;

pub enum Sms {
    Http { url: String, key: String },
    Sink(PathBuf),
}

impl Sms {
    pub fn from_config(cfg: &Config) -> Sms {
        match &cfg.sms_api_url {
            Some(url) => Sms::Http { url: url.clone(), key: cfg.sms_api_key.clone() },
            None => Sms::Sink(cfg.sms_dir.clone()),
        }
    }

    /// Whether messages stay on this machine (the UI says so).
    pub fn is_sandbox(&self) -> bool {
        matches!(self, Sms::Sink(_))
    }

    pub async fn send(&self, to: &str, text: &str) -> Result<(), String> {
        match self {
            Sms::Http { url, key } => {
                let res = super::http_client()
                    .post(url)
                    .bearer_auth(key)
                    .json(&serde_json::json!({ "to": to, "text": text }))
                    .send()
                    .await
                    .map_err(|e| format!("SMS API: {e}"))?;
                if res.status().is_success() {
                    Ok(())
                } else {
                    Err(format!("SMS API answered {}", res.status()))
                }
            }
            Sms::Sink(dir) => {
                tokio::fs::create_dir_all(dir).await.map_err(|e| e.to_string())?;
                let name = format!("{}-{}.txt", chrono::Utc::now().timestamp_millis(), uuid::Uuid::new_v4().simple());
                let body = format!("To: {to}\n\n{text}\n");
                tokio::fs::write(dir.join(name), body).await.map_err(|e| e.to_string())
            }
        }
    }
}
