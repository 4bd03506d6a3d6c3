//! The rules of 도토리 and the shop, shared by the server functions and the REST API.
//! Prices and amounts always come from the database, never from the request.

use super::{
    gateway::{self, Approval, Cancel, Inquiry},
    identity::{self, Claim, IdentityVerifier},
    model::*,
    store::{self, ProductRow},
};
use crate::{
    account::{auth::AuthUser, members, model::Role},
    error::{AppError, ErrorCode, FieldErrors},
    hompy::{appearance, model::minimi_src},
    ilchon::relations,
    server::{hub, rate_limit::Limit, AppState},
};

pub const PAGE_SIZE: u32 = 20;
/// The most tracks a homepage's playlist holds.
pub const MAX_PLAYLIST: usize = 5;
/// Members younger than this may not pay (Korean law on minors' payments, as the site's rule).
pub const MIN_PAYING_AGE: u32 = 14;

fn product_not_found() -> AppError {
    AppError::not_found(ErrorCode::ProductNotFound, "상품을 찾을 수 없습니다.")
}

fn pages(total: i64) -> u32 {
    crate::hompy::model::pages(total, PAGE_SIZE)
}

fn page_offset(page: u32) -> (u32, u32) {
    let page = page.max(1);
    (page, (page - 1) * PAGE_SIZE)
}

fn public_product(p: &ProductRow, owned: bool) -> Product {
    let file = |name: &str| crate::file_url::file_url(crate::file_url::FileKind::Shop, name);
    Product {
        id: p.public_id.clone(),
        kind: p.kind,
        name: p.name.clone(),
        category: p.category.clone(),
        price: p.price,
        picture: (p.kind == ProductKind::Minimi).then(|| minimi_src(&p.asset)),
        skin: if p.kind == ProductKind::Skin { Skin::parse(&p.asset) } else { None },
        audio: (p.kind == ProductKind::Bgm).then(|| file(&p.asset)),
        on_sale: p.on_sale,
        owned,
    }
}

/// Tells every open tab of the member their new balance (best effort: pages also reload it).
async fn announce_balance(state: &AppState, user: u64, balance: u32) {
    if let Err(e) = hub::publish(&state.redis, user, &ShopEvent::Dotori { balance }).await {
        tracing::warn!(error = %e.message, user, "balance event not published");
    }
}

pub async fn balance(state: &AppState, me: &AuthUser) -> Result<u32, AppError> {
    Ok(store::balance(&state.db, me.id()).await?)
}

pub async fn catalogue(state: &AppState, viewer: Option<&AuthUser>, kind: Option<ProductKind>) -> Result<Catalogue, AppError> {
    let owned = match viewer {
        Some(v) => store::owned_ids(&state.db, v.id()).await?,
        None => vec![],
    };
    let products = store::products(&state.db, false)
        .await?
        .iter()
        .filter(|p| kind.is_none_or(|k| p.kind == k))
        .map(|p| public_product(p, owned.contains(&p.id)))
        .collect();
    let balance = match viewer {
        Some(v) => Some(store::balance(&state.db, v.id()).await?),
        None => None,
    };
    Ok(Catalogue { products, balance })
}

pub async fn product(state: &AppState, viewer: Option<&AuthUser>, id: &str) -> Result<Product, AppError> {
    let p = store::product(&state.db, id).await?.filter(|p| p.on_sale).ok_or_else(product_not_found)?;
    let owned = match viewer {
        Some(v) => store::owns(&state.db, v.id(), p.id).await?,
        None => false,
    };
    Ok(public_product(&p, owned))
}

fn insufficient(price: u32) -> AppError {
    AppError::conflict(ErrorCode::InsufficientDotori, format!("도토리가 부족합니다. (필요: {price}개)"))
}

fn already_owned() -> AppError {
    AppError::conflict(ErrorCode::AlreadyOwned, "이미 가지고 있는 아이템입니다.")
}

/// One transaction: the debit (refused below zero) and the ownership (refused when owned).
pub async fn buy(state: &AppState, me: &AuthUser, id: &str) -> Result<Product, AppError> {
    let p = store::product(&state.db, id).await?.ok_or_else(product_not_found)?;
    if !p.on_sale {
        return Err(AppError::conflict(ErrorCode::ProductRetired, "판매가 끝난 상품입니다."));
    }
    let mut tx = state.db.begin().await?;
    if !store::insert_owned(&mut tx, me.id(), p.id, p.price, None).await? {
        return Err(already_owned());
    }
    let reason = format!("{} 구매: {}", p.kind.label(), p.name);
    let Some(balance) = store::debit(&mut tx, me.id(), LedgerKind::Purchase, p.price, &reason, &p.public_id).await? else {
        return Err(insufficient(p.price));
    };
    if p.kind == ProductKind::Minimi {
        appearance::grant_minimi(&mut tx, me.id(), &p.asset).await?;
    }
    tx.commit().await?;
    announce_balance(state, me.id(), balance).await;
    Ok(public_product(&p, true))
}

pub async fn gift(state: &AppState, me: &AuthUser, id: &str, to: u64, message: &str) -> Result<(), AppError> {
    let p = store::product(&state.db, id).await?.ok_or_else(product_not_found)?;
    if !p.on_sale {
        return Err(AppError::conflict(ErrorCode::ProductRetired, "판매가 끝난 상품입니다."));
    }
    let message = message.trim();
    if message.chars().count() > 100 {
        return Err(AppError::invalid_field("message", "메시지는 100자 이하로 써 주세요."));
    }
    let friend = members::active_member(&state.db, to).await?;
    if to == me.id() || relations::name_for(&state.db, me.id(), to).await?.is_none() {
        return Err(AppError::new(403, ErrorCode::NotIlchon, "선물은 일촌에게만 보낼 수 있습니다."));
    }
    let mut tx = state.db.begin().await?;
    let gift_id = store::insert_gift(&mut tx, me.id(), to, p.id, p.price, message).await?;
    if !store::insert_owned(&mut tx, to, p.id, p.price, Some(gift_id)).await? {
        return Err(AppError::conflict(ErrorCode::AlreadyOwned, format!("{}님은 이미 이 아이템을 가지고 있습니다.", friend.nickname)));
    }
    let reference = format!("gift:{gift_id}");
    let Some(balance) =
        store::debit(&mut tx, me.id(), LedgerKind::GiftSent, p.price, &format!("{}님에게 선물: {}", friend.nickname, p.name), &reference)
            .await?
    else {
        return Err(insufficient(p.price));
    };
    if p.kind == ProductKind::Minimi {
        appearance::grant_minimi(&mut tx, to, &p.asset).await?;
    }
    tx.commit().await?;
    announce_balance(state, me.id(), balance).await;
    let event = ShopEvent::Gift { from: me.user.nickname.clone(), product_name: p.name.clone() };
    if let Err(e) = hub::publish(&state.redis, to, &event).await {
        tracing::warn!(error = %e.message, "gift event not published");
    }
    Ok(())
}

pub async fn my_items(state: &AppState, me: &AuthUser) -> Result<MyItems, AppError> {
    let look = appearance::appearance(&state.db, me.id()).await?;
    let all = store::products(&state.db, true).await?;
    let items = store::owned(&state.db, me.id())
        .await?
        .into_iter()
        .filter_map(|o| {
            let p = all.iter().find(|p| p.id == o.product_id)?;
            let product = public_product(p, true);
            let equipped = match p.kind {
                ProductKind::Minimi => look.minimi == p.asset,
                ProductKind::Skin => look.skin.as_ref().is_some_and(|s| Some(s) == product.skin.as_ref()),
                ProductKind::Bgm => look.bgm.iter().any(|t| Some(&t.src) == product.audio.as_ref()),
            };
            Some(OwnedItem { product, equipped, acquired_at: o.acquired_at, gift_from: o.gift_from, gift_message: o.gift_message })
        })
        .collect();
    Ok(MyItems { items, balance: store::balance(&state.db, me.id()).await?, user_id: me.id() })
}

/// Wears (or takes off) an owned item: a 미니미 replaces the current one, a skin replaces
/// the skin, a BGM track joins (or leaves) the playlist.
pub async fn equip(state: &AppState, me: &AuthUser, id: &str, on: bool) -> Result<(), AppError> {
    let p = store::product(&state.db, id).await?.ok_or_else(product_not_found)?;
    if !store::owns(&state.db, me.id(), p.id).await? {
        return Err(AppError::forbidden("가지고 있는 아이템만 사용할 수 있습니다."));
    }
    let product = public_product(&p, true);
    let look = appearance::appearance(&state.db, me.id()).await?;
    match p.kind {
        ProductKind::Minimi if on => appearance::wear_minimi(&state.db, me.id(), &p.asset).await,
        // Taking off what is not worn changes nothing.
        ProductKind::Minimi if look.minimi == p.asset => {
            appearance::wear_minimi(&state.db, me.id(), crate::hompy::model::DEFAULT_MINIMI[0]).await
        }
        ProductKind::Minimi => Ok(()),
        ProductKind::Skin if on => appearance::set_skin(&state.db, me.id(), product.skin.as_ref()).await,
        ProductKind::Skin if look.skin == product.skin => appearance::set_skin(&state.db, me.id(), None).await,
        ProductKind::Skin => Ok(()),
        ProductKind::Bgm => {
            let src = product.audio.clone().unwrap_or_default();
            let mut list = look.bgm;
            list.retain(|t| t.src != src);
            if on {
                if list.len() >= MAX_PLAYLIST {
                    return Err(AppError::bad_request(ErrorCode::BadRequest, format!("배경음악은 {MAX_PLAYLIST}곡까지 담을 수 있습니다.")));
                }
                list.push(BgmTrack { title: p.name.clone(), src });
            }
            appearance::set_bgm(&state.db, me.id(), &list).await
        }
    }
}

pub async fn ledger(state: &AppState, me: &AuthUser, page: u32) -> Result<LedgerPage, AppError> {
    let (page, offset) = page_offset(page);
    let (entries, total) = store::ledger(&state.db, me.id(), PAGE_SIZE, offset).await?;
    Ok(LedgerPage { entries, balance: store::balance(&state.db, me.id()).await?, page, total_pages: pages(total) })
}

pub async fn purchases(state: &AppState, me: &AuthUser, page: u32) -> Result<PurchasePage, AppError> {
    let (page, offset) = page_offset(page);
    let (rows, total) = store::purchases(&state.db, me.id(), PAGE_SIZE, offset).await?;
    Ok(PurchasePage { rows, page, total_pages: pages(total) })
}

pub async fn payments(state: &AppState, me: &AuthUser, page: u32) -> Result<PaymentPage, AppError> {
    let (page, offset) = page_offset(page);
    let (payments, total) = store::payments(&state.db, Some(me.id()), PAGE_SIZE, offset).await?;
    Ok(PaymentPage { payments, page, total_pages: pages(total) })
}

// ---------------------------------------------------------------- identity

fn age_on(birth: chrono::NaiveDate, today: chrono::NaiveDate) -> u32 {
    use chrono::Datelike;
    let mut age = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age.max(0) as u32
}

fn today_kst() -> chrono::NaiveDate {
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

fn new_order_id() -> String {
    // 128 random bits: unguessable, and unique by the table's key.
    uuid::Uuid::new_v4().simple().to_string()
}

fn payment_not_found() -> AppError {
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

// ---------------------------------------------------------------- staff

fn staff(me: &AuthUser) -> Result<(), AppError> {
    me.require_role(&[Role::Admin, Role::Staff])
}

pub async fn admin_products(state: &AppState, me: &AuthUser) -> Result<Vec<Product>, AppError> {
    staff(me)?;
    Ok(store::products(&state.db, true).await?.iter().map(|p| public_product(p, false)).collect())
}

pub struct ProductInput {
    pub kind: ProductKind,
    pub name: String,
    pub category: String,
    pub price: u32,
    /// 미니미: a drawn key or an uploaded picture's name; skin: `frame;background;accent`;
    /// BGM: an uploaded track's name.
    pub asset: String,
}

fn check_product(name: &str, category: &str, price: u32) -> Result<(String, String), AppError> {
    let mut f = FieldErrors::default();
    let name = f.text("name", name, 1, 40, "상품 이름");
    let category = f.text("category", category, 1, 20, "분류");
    f.check((1..=100_000).contains(&price), "price", "가격은 1~100,000 도토리입니다.");
    f.finish()?;
    Ok((name, category))
}

pub async fn create_product(state: &AppState, me: &AuthUser, input: ProductInput) -> Result<Product, AppError> {
    staff(me)?;
    let (name, category) = check_product(&input.name, &input.category, input.price)?;
    let asset = match input.kind {
        ProductKind::Skin => Skin::parse(&input.asset).map(|s| s.stored()),
        ProductKind::Minimi => {
            let known = crate::hompy::model::MINIMI.iter().any(|(k, _)| *k == input.asset);
            let uploaded = crate::hompy::model::is_uploaded_minimi(&input.asset) && super::media::exists(state, &input.asset).await;
            (known || uploaded).then(|| input.asset.clone())
        }
        ProductKind::Bgm => {
            let audio = input.asset.rsplit_once('.').is_some_and(|(_, ext)| matches!(ext, "wav" | "ogg" | "mp3"));
            (audio && super::media::exists(state, &input.asset).await).then(|| input.asset.clone())
        }
    }
    .ok_or_else(|| AppError::invalid_field("asset", "상품의 그림, 색 또는 음악을 정해 주세요."))?;
    if store::product_by_asset(&state.db, input.kind, &asset).await?.is_some() {
        return Err(AppError::invalid_field("asset", "같은 그림/색/음악의 상품이 이미 있습니다."));
    }
    let public_id = new_order_id()[..16].to_owned();
    store::insert_product(
        &state.db,
        store::NewProduct { public_id: &public_id, kind: input.kind, name: &name, category: &category, price: input.price, asset: &asset },
    )
    .await?;
    store::audit(&state.db, me.id(), "PRODUCT_CREATE", &public_id, &format!("{} {name} {}도토리", input.kind.as_str(), input.price))
        .await?;
    let p = store::product(&state.db, &public_id).await?.ok_or_else(product_not_found)?;
    Ok(public_product(&p, false))
}

pub async fn update_product(
    state: &AppState,
    me: &AuthUser,
    id: &str,
    name: &str,
    category: &str,
    price: u32,
    on_sale: bool,
) -> Result<Product, AppError> {
    staff(me)?;
    let p = store::product(&state.db, id).await?.ok_or_else(product_not_found)?;
    let (name, category) = check_product(name, category, price)?;
    store::update_product(&state.db, p.id, &name, &category, price, on_sale).await?;
    let what = if on_sale { "판매" } else { "판매 중지" };
    store::audit(&state.db, me.id(), "PRODUCT_UPDATE", id, &format!("{name} {price}도토리 {what}")).await?;
    let p = store::product(&state.db, id).await?.ok_or_else(product_not_found)?;
    Ok(public_product(&p, false))
}

/// A single-use URL for a product's picture (MINIMI) or track (BGM).
pub fn upload_url(state: &AppState, me: &AuthUser, kind: &str) -> Result<crate::account::model::SignedUrl, AppError> {
    staff(me)?;
    let (aud, path, max_bytes) = match ProductKind::parse(kind) {
        Some(ProductKind::Minimi) => (super::media::AUD_PICTURE, "shop-picture", crate::server::pictures::MAX_BYTES),
        Some(ProductKind::Bgm) => (super::media::AUD_AUDIO, "shop-audio", super::media::AUDIO_MAX_BYTES),
        _ => return Err(AppError::invalid_field("kind", "그림이나 음악을 올리는 상품이 아닙니다.")),
    };
    let (token, expires_at) = crate::server::upload::sign(state, aud, me.id());
    Ok(crate::account::model::SignedUrl { url: format!("/api/uploads/{path}/{token}"), method: "PUT".into(), expires_at, max_bytes })
}

pub async fn admin_packages(state: &AppState, me: &AuthUser) -> Result<Vec<Package>, AppError> {
    staff(me)?;
    Ok(store::packages(&state.db, true).await?)
}

pub async fn save_package(state: &AppState, me: &AuthUser, dotori: u32, price_won: u32, on_sale: bool) -> Result<(), AppError> {
    staff(me)?;
    let mut f = FieldErrors::default();
    f.check((1..=10_000).contains(&dotori), "dotori", "도토리는 1~10,000개입니다.");
    f.check((100..=1_000_000).contains(&price_won), "priceWon", "가격은 100~1,000,000원입니다.");
    f.finish()?;
    store::upsert_package(&state.db, dotori, price_won, on_sale).await?;
    store::audit(
        &state.db,
        me.id(),
        "PACKAGE_SAVE",
        &format!("{dotori}"),
        &format!("{price_won}원 {}", if on_sale { "판매" } else { "판매 중지" }),
    )
    .await?;
    Ok(())
}

pub async fn admin_payments(state: &AppState, me: &AuthUser, page: u32) -> Result<PaymentPage, AppError> {
    staff(me)?;
    let (page, offset) = page_offset(page);
    let (payments, total) = store::payments(&state.db, None, PAGE_SIZE, offset).await?;
    Ok(PaymentPage { payments, page, total_pages: pages(total) })
}

/// Refunds a payment: the gateway's cancel, then a reversing ledger row. Refused when the
/// member already spent the 도토리 (the balance would go below zero).
pub async fn refund(state: &AppState, me: &AuthUser, order_id: &str, reason: &str) -> Result<Payment, AppError> {
    staff(me)?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 100 {
        return Err(AppError::invalid_field("reason", "환불 사유를 100자 이내로 적어 주세요."));
    }
    let p = store::payment(&state.db, order_id).await?.ok_or_else(payment_not_found)?;
    if p.status != PaymentStatus::Approved {
        return Err(AppError::conflict(ErrorCode::RefundRefused, "결제 완료 상태인 결제만 환불할 수 있습니다."));
    }
    if store::balance(&state.db, p.user_id).await? < p.dotori {
        return Err(AppError::conflict(
            ErrorCode::RefundRefused,
            "이미 사용한 도토리가 있어 환불할 수 없습니다. (잔액이 충전량보다 적습니다)",
        ));
    }
    let mut tx = state.db.begin().await?;
    let Some(balance) = store::debit(&mut tx, p.user_id, LedgerKind::Refund, p.dotori, &format!("환불: {reason}"), &p.order_id).await?
    else {
        return Err(AppError::conflict(
            ErrorCode::RefundRefused,
            "이미 사용한 도토리가 있어 환불할 수 없습니다. (잔액이 충전량보다 적습니다)",
        ));
    };
    if !store::mark_refunded(&mut tx, p.id).await? {
        return Err(AppError::conflict(ErrorCode::RefundRefused, "이미 환불된 결제입니다."));
    }
    // The money goes back only if the 도토리 could be taken back; the transaction is held
    // open across the call so a refused cancel leaves nothing changed. A cancel that got
    // no answer may have gone through: the next attempt asks the gateway first.
    let tid = p.tid.clone().unwrap_or_default();
    let gw = gateway::for_state(state);
    if gw.inquire(&tid, &p.order_id).await != Inquiry::Cancelled {
        match gw.cancel(&tid, &p.order_id, p.amount_won, reason).await {
            Cancel::Done => {}
            Cancel::Refused(why) => return Err(AppError::new(502, ErrorCode::RefundRefused, why)),
            Cancel::Unknown(why) => {
                drop(tx);
                store::payment_event(&state.db, p.id, "REFUND_UNKNOWN", &why).await?;
                return Err(AppError::new(
                    502,
                    ErrorCode::RefundRefused,
                    "결제사가 응답하지 않아 환불 여부를 알 수 없습니다. 잠시 후 다시 환불하면 결제사에 먼저 확인합니다.",
                ));
            }
        }
    }
    tx.commit().await?;
    store::payment_event(&state.db, p.id, "REFUNDED", reason).await?;
    store::audit(&state.db, me.id(), "REFUND", order_id, &format!("{}원 도토리 {}개: {reason}", p.amount_won, p.dotori)).await?;
    announce_balance(state, p.user_id, balance).await;
    Ok(store::payment(&state.db, order_id).await?.ok_or_else(payment_not_found)?.public())
}

/// Grants (positive) or deducts (negative) 도토리 with a reason.
pub async fn adjust(state: &AppState, me: &AuthUser, user: u64, amount: i32, reason: &str) -> Result<u32, AppError> {
    staff(me)?;
    let mut f = FieldErrors::default();
    let reason = f.text("reason", reason, 1, 100, "사유");
    f.check(amount != 0 && amount.unsigned_abs() <= 1_000_000, "amount", "도토리 수를 1~1,000,000 사이로 입력해 주세요.");
    f.finish()?;
    let member =
        members::member(&state.db, user).await?.ok_or_else(|| AppError::not_found(ErrorCode::UserNotFound, "회원을 찾을 수 없습니다."))?;
    let reference = format!("admin:{}:{}", me.id(), uuid::Uuid::new_v4().simple());
    let mut tx = state.db.begin().await?;
    let balance = if amount > 0 {
        store::credit(&mut tx, user, LedgerKind::Grant, amount as u32, &reason, &reference).await?
    } else {
        store::debit(&mut tx, user, LedgerKind::Deduct, amount.unsigned_abs(), &reason, &reference).await?.ok_or_else(|| {
            AppError::conflict(ErrorCode::InsufficientDotori, format!("{}님의 도토리가 부족해 차감할 수 없습니다.", member.nickname))
        })?
    };
    tx.commit().await?;
    let action = if amount > 0 { "GRANT" } else { "DEDUCT" };
    store::audit(&state.db, me.id(), action, &user.to_string(), &format!("{amount} 도토리: {reason}")).await?;
    announce_balance(state, user, balance).await;
    Ok(balance)
}

pub async fn audit_log(state: &AppState, me: &AuthUser, page: u32) -> Result<(Vec<AuditEntry>, u32, u32), AppError> {
    staff(me)?;
    let (page, offset) = page_offset(page);
    let (rows, total) = store::audit_log(&state.db, PAGE_SIZE, offset).await?;
    Ok((rows, page, pages(total)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_counts_whole_years() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(age_on(d("2012-12-02"), d("2026-12-02")), 14);
        assert_eq!(age_on(d("2012-12-03"), d("2026-12-02")), 13);
    }
}
