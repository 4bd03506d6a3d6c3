//! Card payments go through a `PaymentGateway`: NICEPAY (server approval) in production,
//! the sandbox (a payment page inside the site) in development and tests. Both are asked
//! with the amount the server recorded for the order, never one from the browser
//! (docs/design/payments.md).

use super::model::{GatewayKind, SANDBOX_DECLINED_CARD, SANDBOX_TIMEOUT_CARD};
use crate::server::{config::PaymentConfig, AppState};
use futures::future::BoxFuture;
use redis::AsyncCommands;
use serde::Deserialize;

/// What an approval call came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Approval {
    Approved,
    /// The card or the gateway refused; the reason is for the member.
    Declined(String),
    /// The gateway holds a different amount for this transaction than our order.
    AmountMismatch,
    /// No answer (timeout, connection lost, a 5xx): the money may have moved; ask again later.
    Unknown(String),
}

/// What the gateway says about a transaction when asked again.
#[derive(Debug, Clone, PartialEq)]
pub enum Inquiry {
    Paid {
        amount: u32,
    },
    /// Paid, then cancelled (refunded) at the gateway.
    Cancelled,
    NotPaid(String),
    Unknown(String),
}

pub trait PaymentGateway: Send + Sync {
    /// Approves transaction `tid` of `order_id` for `amount` 원.
    fn approve<'a>(&'a self, tid: &'a str, order_id: &'a str, amount: u32) -> BoxFuture<'a, Approval>;
    /// Asks where transaction `tid` of `order_id` stands (reconciling an unknown outcome, or
    /// before a refund).
    fn inquire<'a>(&'a self, tid: &'a str, order_id: &'a str) -> BoxFuture<'a, Inquiry>;
    /// Cancels (refunds) an approved transaction in full.
    fn cancel<'a>(&'a self, tid: &'a str, order_id: &'a str, amount: u32, reason: &'a str) -> BoxFuture<'a, Cancel>;
}

/// What a cancel call came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Cancel {
    Done,
    Refused(String),
    /// No answer: it may have gone through; ask again before retrying.
    Unknown(String),
}

/// The gateway the configuration names.
pub fn for_state(state: &AppState) -> Box<dyn PaymentGateway> {
    let cfg = &state.config.payments;
    if cfg.gateway == "nicepay" {
        Box::new(Nicepay::new(cfg))
    } else {
        Box::new(Sandbox { redis: state.redis.clone() })
    }
}

pub fn configured_kind(state: &AppState) -> GatewayKind {
    if state.config.payments.gateway == "nicepay" {
        GatewayKind::Nicepay
    } else {
        GatewayKind::Sandbox
    }
}

// ---------------------------------------------------------------- NICEPAY

/// NICEPAY's server-approval API: `POST {base}/v1/payments/{tid}` with `{"amount"}`,
/// `GET {base}/v1/payments/{tid}`, `POST {base}/v1/payments/{tid}/cancel`; Basic auth of
/// client key and secret key; `resultCode` "0000" is success.
pub struct Nicepay {
    base: String,
    client_key: String,
    secret_key: String,
    timeout: std::time::Duration,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NicepayAnswer {
    result_code: String,
    #[serde(default)]
    result_msg: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    amount: Option<u32>,
    /// The order the transaction belongs to, when the answer says.
    #[serde(default)]
    order_id: Option<String>,
}

impl NicepayAnswer {
    /// An answer about another order's transaction is not an answer about ours.
    fn is_for(&self, order_id: &str) -> bool {
        self.order_id.as_deref().is_none_or(|o| o == order_id)
    }
}

enum Call {
    Answer(NicepayAnswer),
    NoAnswer(String),
}

impl Nicepay {
    pub fn new(cfg: &PaymentConfig) -> Self {
        Nicepay {
            base: cfg.nicepay_base_url.clone(),
            client_key: cfg.nicepay_client_key.clone(),
            secret_key: cfg.nicepay_secret_key.clone(),
            timeout: cfg.timeout,
        }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<serde_json::Value>) -> Call {
        let mut req = crate::server::http_client()
            .request(method, format!("{}{path}", self.base))
            .basic_auth(&self.client_key, Some(&self.secret_key))
            .timeout(self.timeout);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let res = match req.send().await {
            Ok(r) => r,
            Err(e) if e.is_timeout() => return Call::NoAnswer("결제사 응답 시간 초과".into()),
            Err(e) => return Call::NoAnswer(format!("결제사 연결 실패: {e}")),
        };
        if res.status().is_server_error() {
            return Call::NoAnswer(format!("결제사 오류 {}", res.status()));
        }
        match res.json::<NicepayAnswer>().await {
            Ok(a) => Call::Answer(a),
            Err(e) if e.is_timeout() => Call::NoAnswer("결제사 응답 시간 초과".into()),
            Err(e) => Call::NoAnswer(format!("결제사 응답을 읽을 수 없습니다: {e}")),
        }
    }
}

impl PaymentGateway for Nicepay {
    fn approve<'a>(&'a self, tid: &'a str, order_id: &'a str, amount: u32) -> BoxFuture<'a, Approval> {
        Box::pin(async move {
            match self.call(reqwest::Method::POST, &format!("/v1/payments/{tid}"), Some(serde_json::json!({ "amount": amount }))).await {
                Call::NoAnswer(why) => Approval::Unknown(why),
                Call::Answer(a) if !a.is_for(order_id) => Approval::Declined("다른 주문의 거래입니다.".into()),
                Call::Answer(a) if a.result_code == "0000" && a.status == "paid" => match a.amount {
                    Some(paid) if paid != amount => Approval::AmountMismatch,
                    _ => Approval::Approved,
                },
                Call::Answer(a) => {
                    Approval::Declined(if a.result_msg.is_empty() { format!("승인 거절 ({})", a.result_code) } else { a.result_msg })
                }
            }
        })
    }

    fn inquire<'a>(&'a self, tid: &'a str, order_id: &'a str) -> BoxFuture<'a, Inquiry> {
        Box::pin(async move {
            match self.call(reqwest::Method::GET, &format!("/v1/payments/{tid}"), None).await {
                Call::NoAnswer(why) => Inquiry::Unknown(why),
                Call::Answer(a) if !a.is_for(order_id) => Inquiry::NotPaid("다른 주문의 거래입니다.".into()),
                Call::Answer(a) if a.result_code == "0000" && a.status == "paid" => Inquiry::Paid { amount: a.amount.unwrap_or(0) },
                Call::Answer(a) if a.result_code == "0000" && matches!(a.status.as_str(), "cancelled" | "partialCancelled") => {
                    Inquiry::Cancelled
                }
                Call::Answer(a) => Inquiry::NotPaid(if a.result_msg.is_empty() { a.status } else { a.result_msg }),
            }
        })
    }

    fn cancel<'a>(&'a self, tid: &'a str, order_id: &'a str, amount: u32, reason: &'a str) -> BoxFuture<'a, Cancel> {
        Box::pin(async move {
            let body = serde_json::json!({ "reason": reason, "orderId": order_id, "cancelAmt": amount });
            match self.call(reqwest::Method::POST, &format!("/v1/payments/{tid}/cancel"), Some(body)).await {
                Call::Answer(a) if a.result_code == "0000" => Cancel::Done,
                Call::Answer(a) => Cancel::Refused(format!("결제사가 취소를 거절했습니다: {}", a.result_msg)),
                Call::NoAnswer(why) => Cancel::Unknown(why),
            }
        })
    }
}

// ---------------------------------------------------------------- the sandbox

/// The sandbox's "card company": what its payment page authorised, kept in Redis for a
/// day under `sbx:pay:<tid>`. Any 16-digit card number is accepted, but
/// `SANDBOX_DECLINED_CARD` is declined and `SANDBOX_TIMEOUT_CARD` is charged while the
/// approval call times out (so the payment must be reconciled).
pub struct Sandbox {
    redis: redis::aio::ConnectionManager,
}

fn sandbox_key(tid: &str) -> String {
    format!("sbx:pay:{tid}")
}

/// The sandbox page's "pay" button: authorises `amount` on a card for an order and returns
/// the transaction id the gateway hands back to our return URL.
pub async fn sandbox_authorize(state: &AppState, order_id: &str, amount: u32, card: &str) -> Result<String, redis::RedisError> {
    let tid = format!("sbx{}", uuid::Uuid::new_v4().simple());
    let outcome = match card {
        SANDBOX_DECLINED_CARD => "decline",
        SANDBOX_TIMEOUT_CARD => "timeout",
        _ => "approve",
    };
    let mut redis = state.redis.clone();
    let key = sandbox_key(&tid);
    redis::pipe()
        .hset_multiple(&key, &[("order", order_id), ("amount", amount.to_string().as_str()), ("outcome", outcome), ("paid", "0")])
        .expire(&key, 86_400)
        .query_async::<()>(&mut redis)
        .await?;
    Ok(tid)
}

impl Sandbox {
    /// What the sandbox's card company holds for `tid`: (order, amount, outcome of the
    /// card, paid: "0", "1" or "cancelled").
    async fn record(&self, tid: &str) -> Result<Option<(String, u32, String, String)>, redis::RedisError> {
        let mut redis = self.redis.clone();
        let m: std::collections::HashMap<String, String> = redis.hgetall(sandbox_key(tid)).await?;
        Ok(match (m.get("order"), m.get("amount").and_then(|a| a.parse().ok())) {
            (Some(o), Some(a)) => {
                Some((o.clone(), a, m.get("outcome").cloned().unwrap_or_default(), m.get("paid").cloned().unwrap_or_default()))
            }
            _ => None,
        })
    }

    async fn set_paid(&self, tid: &str, paid: &str) -> Result<(), redis::RedisError> {
        let mut redis = self.redis.clone();
        redis.hset::<_, _, _, ()>(sandbox_key(tid), "paid", paid).await
    }
}

impl PaymentGateway for Sandbox {
    fn approve<'a>(&'a self, tid: &'a str, order_id: &'a str, amount: u32) -> BoxFuture<'a, Approval> {
        Box::pin(async move {
            let record = match self.record(tid).await {
                Ok(r) => r,
                Err(e) => return Approval::Unknown(format!("샌드박스 결제사 연결 실패: {e}")),
            };
            let Some((_, authorised, outcome, _)) = record.filter(|r| r.0 == order_id) else {
                return Approval::Declined("결제사에 없는 거래입니다.".into());
            };
            if authorised != amount {
                return Approval::AmountMismatch;
            }
            match outcome.as_str() {
                "decline" => Approval::Declined("카드사에서 승인을 거절했습니다. (테스트 거절 카드)".into()),
                "timeout" => match self.set_paid(tid, "1").await {
                    // The card was charged, but our call "timed out".
                    Ok(()) => Approval::Unknown("결제사 응답 시간 초과".into()),
                    Err(e) => Approval::Unknown(e.to_string()),
                },
                _ => match self.set_paid(tid, "1").await {
                    Ok(()) => Approval::Approved,
                    Err(e) => Approval::Unknown(e.to_string()),
                },
            }
        })
    }

    fn inquire<'a>(&'a self, tid: &'a str, order_id: &'a str) -> BoxFuture<'a, Inquiry> {
        Box::pin(async move {
            match self.record(tid).await {
                Ok(Some((order, ..))) if order != order_id => Inquiry::NotPaid("다른 주문의 거래입니다.".into()),
                Ok(Some((_, amount, _, paid))) if paid == "1" => Inquiry::Paid { amount },
                Ok(Some((.., paid))) if paid == "cancelled" => Inquiry::Cancelled,
                Ok(Some(_)) => Inquiry::NotPaid("결제되지 않은 거래입니다.".into()),
                Ok(None) => Inquiry::NotPaid("결제사에 없는 거래입니다.".into()),
                Err(e) => Inquiry::Unknown(e.to_string()),
            }
        })
    }

    fn cancel<'a>(&'a self, tid: &'a str, order_id: &'a str, _amount: u32, _reason: &'a str) -> BoxFuture<'a, Cancel> {
        Box::pin(async move {
            match self.record(tid).await {
                Ok(Some((order, _, _, paid))) if order == order_id && paid == "1" => match self.set_paid(tid, "cancelled").await {
                    Ok(()) => Cancel::Done,
                    Err(e) => Cancel::Unknown(e.to_string()),
                },
                Ok(_) => Cancel::Refused("취소할 수 있는 거래가 아닙니다.".into()),
                Err(e) => Cancel::Unknown(e.to_string()),
            }
        })
    }
}
