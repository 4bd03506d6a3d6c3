//! Outgoing mail behind a small trait. The real adapter speaks SMTP through lettre
//! (`SMTP_URL`, e.g. `smtps://user:pass@smtp.example.com:465`); in development and tests
//! `SMTP_URL` points at the local SMTP sink started by the scripts (the sandbox), which
//! stores each mail as an .eml file under `.data/<env>/mail/`.

use lettre::{
    message::{header::ContentTransferEncoding, header::ContentType, Body, Mailbox, SinglePart},
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use std::{future::Future, pin::Pin, sync::Arc};

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

pub trait MailSender: Send + Sync {
    fn send<'a>(&'a self, to: &'a str, subject: &'a str, text: &'a str) -> SendFuture<'a>;
}

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    pub fn new(smtp_url: &str, from: &str) -> Result<Self, String> {
        let transport = if let Some(rest) = smtp_url.strip_prefix("smtp://") {
            // Plain SMTP without TLS: only for a local sink.
            let (host, port) = rest.trim_end_matches('/').rsplit_once(':').unwrap_or((rest, "25"));
            let port = port.parse().map_err(|_| format!("SMTP_URL {smtp_url:?}: bad port"))?;
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(port).build()
        } else {
            AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url).map_err(|e| format!("SMTP_URL {smtp_url:?}: {e}"))?.build()
        };
        let from = from.parse().map_err(|e| format!("MAIL_FROM {from:?}: {e}"))?;
        Ok(Self { transport, from })
    }
}

impl MailSender for SmtpMailer {
    fn send<'a>(&'a self, to: &'a str, subject: &'a str, text: &'a str) -> SendFuture<'a> {
        Box::pin(async move {
            let to: Mailbox = to.parse().map_err(|e| format!("recipient {to:?}: {e}"))?;
            // Base64 always: Korean text and long links survive any relay unchanged.
            let body = Body::new_with_encoding(text.to_owned(), ContentTransferEncoding::Base64)
                .map_err(|_| "mail body could not be encoded".to_owned())?;
            let body = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(body);
            let message = Message::builder().from(self.from.clone()).to(to).subject(subject).singlepart(body).map_err(|e| e.to_string())?;
            self.transport.send(message).await.map(|_| ()).map_err(|e| e.to_string())
        })
    }
}

pub type Mailer = Arc<dyn MailSender>;
