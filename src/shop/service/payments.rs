//! Identity checks and card payments: orders, the gateway's return, approvals once,
//! reconciling unknown outcomes.

use super::*;

pub(super) fn age_on(birth: chrono::NaiveDate, today: chrono::NaiveDate) -> u32 {
    use chrono::Datelike;
    let mut age = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age.max(0) as u32
}

pub(super) fn today_kst() -> chrono::NaiveDate {
    crate::kst::day_of(chrono::Utc::now())
}

pub async fn start_identity(state: &AppState, me: &AuthUser, name: &str, birth: &str, phone: &str) -> Result<IdentityStarted, AppError> {
    let mut f = FieldErrors::default();
    let name = f.text("name", name, 2, 20, "이름");
    let birth_date = chrono::NaiveDate::parse_from_str(birth.trim(), "%Y-%m-%d").ok().filter(|d| *d < today_kst());
    f.check(birth_date.is_some(), "birthDate", "생년월일을 YYYY-MM-DD로 입력해 주세요.");
    let phone: String = phone.chars().filter(char::is_ascii_digit).collect();
    f.check(phone.starts_with("01") && (10..=11).contains(&phone.len()), "phone", "휴대폰 번호를 정확히 입력해 주세요.");
    f.finish()?;
    if store::identity(&state.db, me.id()).await?.is_some() {
        // Once proved, the birth date (and so the age rule) is not the member's to change.
        return Err(AppError::conflict(ErrorCode::BadRequest, "이미 본인인증을 마쳤습니다."));
    }
    let claim = Claim { name, birth_date: birth_date.unwrap_or_default(), phone: phone.clone() };
    crate::server::rate_limit::hit(&state.redis, "idv", &me.id().to_string(), Limit { max: 5, window_secs: 600 }).await?;
    identity::for_state(state).start(me.id(), &claim).await?;
    Ok(IdentityStarted {
        phone_masked: format!("{}****{}", &phone[..3], &phone[phone.len() - 4..]),
        expires_in_secs: identity::CODE_TTL_SECS as u32,
    })
}

pub async fn confirm_identity(state: &AppState, me: &AuthUser, code: &str) -> Result<(), AppError> {
    let claim = identity::for_state(state).confirm(me.id(), code).await?;
    store::save_identity(&state.db, me.id(), &claim.name, claim.birth_date, &claim.phone).await?;
    Ok(())
}

pub async fn topup_info(state: &AppState, me: &AuthUser) -> Result<TopupInfo, AppError> {
    let id = store::identity(&state.db, me.id()).await?;
    Ok(TopupInfo {
        packages: store::packages(&state.db, false).await?,
        gateway: gateway::configured_kind(state),
        identity_verified: id.is_some(),
        under_14: id.is_some_and(|i| age_on(i.birth_date, today_kst()) < MIN_PAYING_AGE),
        balance: store::balance(&state.db, me.id()).await?,
    })
}

// ---------------------------------------------------------------- payments

pub(super) fn new_order_id() -> String {
    // 128 random bits: unguessable, and unique by the table's key.
    uuid::Uuid::new_v4().simple().to_string()
}

pub(super) fn payment_not_found() -> AppError {
    AppError::not_found(ErrorCode::PaymentNotFound, "결제를 찾을 수 없습니다.")
}

/// Records an order for a package (the amount is the package's) and says what to open.
pub async fn start_topup(state: &AppState, me: &AuthUser, package_id: u64) -> Result<Checkout, AppError> {
    let Some(id) = store::identity(&state.db, me.id()).await? else {
        return Err(AppError::new(403, ErrorCode::IdentityRequired, "첫 충전 전에 본인인증이 필요합니다."));
    };
    if age_on(id.birth_date, today_kst()) < MIN_PAYING_AGE {
        return Err(AppError::new(403, ErrorCode::UnderAge, "만 14세 미만은 결제할 수 없습니다."));
    }
    let package = store::package(&state.db, package_id)
        .await?
        .filter(|p| p.on_sale)
        .ok_or_else(|| AppError::not_found(ErrorCode::PackageNotFound, "충전 상품을 찾을 수 없습니다."))?;
    crate::server::rate_limit::hit(&state.redis, "topup", &me.id().to_string(), Limit { max: 20, window_secs: 600 }).await?;
    let kind = gateway::configured_kind(state);
    let order_id = new_order_id();
    let payment_id = store::insert_payment(&state.db, &order_id, me.id(), &package, kind).await?;
    store::payment_event(&state.db, payment_id, "ORDERED", &format!("{}원, 도토리 {}개", package.price_won, package.dotori)).await?;
    let base = state.config.public_url.trim_end_matches('/');
    Ok(Checkout {
        order_id: order_id.clone(),
        gateway: kind,
        amount_won: package.price_won,
        dotori: package.dotori,
        goods_name: format!("도토리 {}개", package.dotori),
        sandbox_url: (kind == GatewayKind::Sandbox).then(|| format!("/shop/pay/sandbox?order={order_id}")),
        client_key: (kind == GatewayKind::Nicepay).then(|| state.config.payments.nicepay_client_key.clone()),
        return_url: format!("{base}/api/shop/payments/return"),
    })
}

/// A payment the member owns (or any, for staff).
pub async fn payment(state: &AppState, me: &AuthUser, order_id: &str) -> Result<Payment, AppError> {
    let p = store::payment(&state.db, order_id).await?.ok_or_else(payment_not_found)?;
    if p.user_id != me.id() && !matches!(me.role(), Role::Admin | Role::Staff) {
        return Err(payment_not_found());
    }
    Ok(p.public())
}

/// The sandbox payment page's answer: authorises the amount the page shows on the card.
/// Returns the gateway's transaction id for the return URL.
pub async fn sandbox_authorize(state: &AppState, me: &AuthUser, order_id: &str, card: &str, amount: u32) -> Result<String, AppError> {
    if gateway::configured_kind(state) != GatewayKind::Sandbox {
        return Err(AppError::not_found(ErrorCode::NotFound, "샌드박스 결제가 꺼져 있습니다."));
    }
    let p = store::payment(&state.db, order_id).await?.filter(|p| p.user_id == me.id()).ok_or_else(payment_not_found)?;
    if p.status != PaymentStatus::Pending {
        return Err(AppError::conflict(ErrorCode::PaymentPending, "이미 처리된 주문입니다."));
    }
    let card: String = card.chars().filter(char::is_ascii_digit).collect();
    if card.len() != 16 {
        return Err(AppError::invalid_field("card", "카드 번호 16자리를 입력해 주세요."));
    }
    Ok(gateway::sandbox_authorize(state, order_id, amount, &card).await?)
}

/// What the gateway's return carries: the order, and the transaction id unless the window
/// was cancelled or the authorisation failed.
pub struct GatewayReturn {
    pub order_id: String,
    pub tid: Option<String>,
    /// The amount the gateway says it authorised, when it says.
    pub amount: Option<u32>,
    /// False: the member closed or cancelled the window, or the card was refused there.
    pub authorised: bool,
    pub message: String,
}

/// The return URL: approves with the server's amount, once. Needs no session: the order
/// id is unguessable and every outcome is checked with the gateway.
pub async fn gateway_return(state: &AppState, r: GatewayReturn) -> Result<Payment, AppError> {
    let p = store::payment(&state.db, &r.order_id).await?.ok_or_else(payment_not_found)?;
    let tid = match (&r.tid, r.authorised) {
        (Some(tid), true) if !tid.is_empty() && tid.len() <= 64 => tid.clone(),
        _ => {
            let why =
                if r.message.is_empty() { "결제 창이 닫혔습니다.".to_owned() } else { r.message.chars().take(150).collect() };
            // Only an order nobody is approving: a cancel arriving during an approval changes nothing.
            if store::cancel_pending(&state.db, p.id, &why).await? {
                store::payment_event(&state.db, p.id, "CANCELLED", &why).await?;
            }
            return Ok(store::payment(&state.db, &r.order_id).await?.ok_or_else(payment_not_found)?.public());
        }
    };
    let claimed = match store::claim_for_approval(&state.db, p.id, &tid).await {
        Ok(c) => c,
        // The transaction id is another order's: refuse it, whatever it says.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            store::payment_event(&state.db, p.id, "TID_OF_ANOTHER_ORDER", &tid).await?;
            return Ok(p.public());
        }
        Err(e) => return Err(e.into()),
    };
    if !claimed {
        // Replayed return or a racing approval: whatever the first one decided stands.
        store::payment_event(&state.db, p.id, "DUPLICATE_RETURN", &tid).await?;
        return Ok(p.public());
    }
    if let Some(amount) = r.amount.filter(|a| *a != p.amount_won) {
        store::payment_event(&state.db, p.id, "AMOUNT_MISMATCH", &format!("결제사 {amount}원, 주문 {}원", p.amount_won)).await?;
        let gw = gateway::for_state(state);
        let _ = gw.cancel(&tid, &p.order_id, amount, "금액 불일치").await;
        store::settle(&state.db, p.id, PaymentStatus::Failed, Some("결제 금액이 주문 금액과 달라 취소되었습니다.")).await?;
        return Ok(store::payment(&state.db, &r.order_id).await?.ok_or_else(payment_not_found)?.public());
    }
    let outcome = gateway::for_state(state).approve(&tid, &p.order_id, p.amount_won).await;
    apply_approval(state, &p, outcome).await?;
    Ok(store::payment(&state.db, &r.order_id).await?.ok_or_else(payment_not_found)?.public())
}

/// Writes what an approval came to; an approved one credits once, in one transaction
/// with the status change.
async fn apply_approval(state: &AppState, p: &store::PaymentRow, outcome: Approval) -> Result<(), AppError> {
    match outcome {
        Approval::Approved => {
            let mut tx = state.db.begin().await?;
            if !store::mark_approved(&mut tx, p.id).await? {
                // Already approved by another path, or settled in a way an approval cannot
                // follow (refunded, failed): staff look at these events.
                drop(tx);
                store::payment_event(&state.db, p.id, "LATE_APPROVAL", "the gateway approved a payment that was already settled").await?;
                return Ok(());
            }
            let reason = format!("도토리 {}개 충전 ({}원)", p.dotori, p.amount_won);
            let balance = store::credit(&mut tx, p.user_id, LedgerKind::Topup, p.dotori, &reason, &p.order_id).await?;
            tx.commit().await?;
            store::payment_event(&state.db, p.id, "APPROVED", "").await?;
            announce_balance(state, p.user_id, balance).await;
        }
        Approval::Declined(why) => {
            store::settle(&state.db, p.id, PaymentStatus::Declined, Some(&why)).await?;
            store::payment_event(&state.db, p.id, "DECLINED", &why).await?;
        }
        Approval::AmountMismatch => {
            store::settle(&state.db, p.id, PaymentStatus::Failed, Some("결제 금액이 주문 금액과 달라 승인하지 않았습니다.")).await?;
            store::payment_event(&state.db, p.id, "AMOUNT_MISMATCH", "결제사의 금액이 주문과 다름").await?;
        }
        Approval::Unknown(why) => {
            store::settle(&state.db, p.id, PaymentStatus::Unknown, Some("결제 결과를 확인하고 있습니다. 잠시 후 다시 확인해 주세요."))
                .await?;
            store::payment_event(&state.db, p.id, "UNKNOWN", &why).await?;
        }
    }
    Ok(())
}

/// Asks the gateway again about a payment whose approval outcome is unknown.
pub async fn reconcile(state: &AppState, order_id: &str) -> Result<Payment, AppError> {
    let p = store::payment(&state.db, order_id).await?.ok_or_else(payment_not_found)?;
    let Some(tid) = p.tid.clone() else {
        return Ok(p.public());
    };
    if !store::claim_for_reconcile(&state.db, p.id).await? {
        return Ok(p.public());
    }
    let outcome = match gateway::for_state(state).inquire(&tid, &p.order_id).await {
        Inquiry::Paid { amount } if amount == p.amount_won => Approval::Approved,
        Inquiry::Paid { .. } => Approval::AmountMismatch,
        Inquiry::NotPaid(why) => Approval::Declined(why),
        Inquiry::Cancelled => Approval::Declined("결제사에서 취소된 거래입니다.".into()),
        Inquiry::Unknown(why) => Approval::Unknown(why),
    };
    store::payment_event(&state.db, p.id, "RECONCILED", "").await?;
    apply_approval(state, &p, outcome).await?;
    Ok(store::payment(&state.db, order_id).await?.ok_or_else(payment_not_found)?.public())
}

/// The member's "다시 확인" button.
pub async fn recheck(state: &AppState, me: &AuthUser, order_id: &str) -> Result<Payment, AppError> {
    payment(state, me, order_id).await?;
    reconcile(state, order_id).await
}

/// Every unsettled payment, asked again (the reconciler runs this each minute; with several
/// instances the claim in `reconcile` lets one of them do each payment).
pub async fn reconcile_all(state: &AppState) -> Result<usize, AppError> {
    let orders = store::unsettled(&state.db).await?;
    for o in &orders {
        if let Err(e) = reconcile(state, o).await {
            tracing::warn!(order = %o, error = %e.message, "reconcile failed");
        }
    }
    Ok(orders.len())
}
