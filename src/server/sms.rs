//! Outgoing text messages (SMS) behind a small trait, like mail. The real adapter posts to
//! a provider's HTTP API (`SMS_API_URL`, JSON `{"to","text"}`, Bearer `SMS_API_KEY`); in
//! development and tests each message is a file in `SMS_DIR` (the local sink, which tests
//! read the way they read the mail sink's files).

use super::{config::Config, mail::SendFuture};
use std::{path::PathBuf, sync::Arc};

pub trait SmsSender: Send + Sync {
    fn send<'a>(&'a self, to: &'a str, text: &'a str) -> SendFuture<'a>;
    /// Whether messages stay on this machine (the pages say so).
    fn is_sandbox(&self) -> bool;
}

pub type Sms = Arc<dyn SmsSender>;

/// The provider's HTTP API.
pub struct HttpSms {
    url: String,
    key: String,
}

/// The local sink: one file per message.
pub struct SinkSms {
    dir: PathBuf,
}

pub fn from_config(cfg: &Config) -> Sms {
    match &cfg.sms_api_url {
        Some(url) => Arc::new(HttpSms { url: url.clone(), key: cfg.sms_api_key.clone() }),
        None => Arc::new(SinkSms { dir: cfg.sms_dir.clone() }),
    }
}

impl SmsSender for HttpSms {
    fn send<'a>(&'a self, to: &'a str, text: &'a str) -> SendFuture<'a> {
        Box::pin(async move {
            let res = super::http_client()
                .post(&self.url)
                .bearer_auth(&self.key)
                .json(&serde_json::json!({ "to": to, "text": text }))
                .send()
                .await
                .map_err(|e| format!("SMS API: {e}"))?;
            if res.status().is_success() {
                Ok(())
            } else {
                Err(format!("SMS API answered {}", res.status()))
            }
        })
    }

    fn is_sandbox(&self) -> bool {
        false
    }
}

impl SmsSender for SinkSms {
    fn send<'a>(&'a self, to: &'a str, text: &'a str) -> SendFuture<'a> {
        Box::pin(async move {
            tokio::fs::create_dir_all(&self.dir).await.map_err(|e| e.to_string())?;
            let name = format!("{}-{}.txt", chrono::Utc::now().timestamp_millis(), uuid::Uuid::new_v4().simple());
            let body = format!("To: {to}\n\n{text}\n");
            tokio::fs::write(self.dir.join(name), body).await.map_err(|e| e.to_string())
        })
    }

    fn is_sandbox(&self) -> bool {
        true
    }
}
