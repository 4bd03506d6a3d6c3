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

mod payments;
mod staff;
pub use payments::*;
pub use staff::*;

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
