//! The staff's side: catalogue, packages, payments and refunds, grants and deductions,
//! the audit log. Every function checks the role first.

use super::*;

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
            let uploaded = crate::hompy::model::is_uploaded_minimi(&input.asset) && crate::shop::media::exists(state, &input.asset).await;
            (known || uploaded).then(|| input.asset.clone())
        }
        ProductKind::Bgm => {
            let audio = input.asset.rsplit_once('.').is_some_and(|(_, ext)| matches!(ext, "wav" | "ogg" | "mp3"));
            (audio && crate::shop::media::exists(state, &input.asset).await).then(|| input.asset.clone())
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
        Some(ProductKind::Minimi) => (crate::shop::media::AUD_PICTURE, "shop-picture", crate::server::pictures::MAX_BYTES),
        Some(ProductKind::Bgm) => (crate::shop::media::AUD_AUDIO, "shop-audio", crate::shop::media::AUDIO_MAX_BYTES),
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
