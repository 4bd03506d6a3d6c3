//! Server functions of the shop's pages. Each resolves the member on the server and hands
//! over to `service`, which decides what they may do.

use super::model::*;
use crate::{account::model::SignedUrl, error::AppError};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ctx {
    pub use crate::account::auth::{current_user, require_user};
    pub use crate::server::app_state;
    pub(super) use crate::shop::service;
}

/// kind: "" for all, or MINIMI / SKIN / BGM.
#[server]
pub async fn shop_catalogue(kind: String) -> Result<Catalogue, AppError> {
    let state = ctx::app_state()?;
    let viewer = ctx::current_user().await?;
    ctx::service::catalogue(&state, viewer.as_ref(), ProductKind::parse(&kind)).await
}

#[server]
pub async fn buy_product(id: String) -> Result<Product, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::buy(&state, &me, &id).await
}

#[server]
pub async fn gift_product(id: String, to: u64, message: String) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::gift(&state, &me, &id, to, &message).await
}

/// My 일촌, to choose whom to give a gift (id and nickname).
#[server]
pub async fn gift_friends() -> Result<Vec<(u64, String)>, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    let links = crate::ilchon::relations::ilchons_of(&state.db, me.id()).await?;
    Ok(links.into_iter().map(|l| (l.user_id, format!("{} ({})", l.nickname, l.name))).collect())
}

#[server]
pub async fn get_my_items() -> Result<MyItems, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::my_items(&state, &me).await
}

#[server]
pub async fn equip_item(id: String, on: bool) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::equip(&state, &me, &id, on).await
}

#[server]
pub async fn my_ledger(page: u32) -> Result<LedgerPage, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::ledger(&state, &me, page).await
}

#[server]
pub async fn my_purchases(page: u32) -> Result<PurchasePage, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::purchases(&state, &me, page).await
}

#[server]
pub async fn my_payments(page: u32) -> Result<PaymentPage, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::payments(&state, &me, page).await
}

#[server]
pub async fn get_topup_info() -> Result<TopupInfo, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::topup_info(&state, &me).await
}

#[server]
pub async fn start_identity(name: String, birth_date: String, phone: String) -> Result<IdentityStarted, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::start_identity(&state, &me, &name, &birth_date, &phone).await
}

#[server]
pub async fn confirm_identity(code: String) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::confirm_identity(&state, &me, &code).await
}

#[server]
pub async fn start_topup(package_id: u64) -> Result<Checkout, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::start_topup(&state, &me, package_id).await
}

#[server]
pub async fn get_payment(order_id: String) -> Result<Payment, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::payment(&state, &me, &order_id).await
}

#[server]
pub async fn recheck_payment(order_id: String) -> Result<Payment, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::recheck(&state, &me, &order_id).await
}

// ---------------------------------------------------------------- staff

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AdminShop {
    pub products: Vec<Product>,
    pub packages: Vec<Package>,
}

#[server]
pub async fn get_admin_shop() -> Result<AdminShop, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    Ok(AdminShop { products: ctx::service::admin_products(&state, &me).await?, packages: ctx::service::admin_packages(&state, &me).await? })
}

#[server]
pub async fn create_product(kind: String, name: String, category: String, price: u32, asset: String) -> Result<Product, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    let kind = ProductKind::parse(&kind).ok_or_else(|| AppError::invalid_field("kind", "상품 종류를 골라 주세요."))?;
    ctx::service::create_product(&state, &me, ctx::service::ProductInput { kind, name, category, price, asset }).await
}

#[server]
pub async fn update_product(id: String, name: String, category: String, price: u32, on_sale: bool) -> Result<Product, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::update_product(&state, &me, &id, &name, &category, price, on_sale).await
}

#[server]
pub async fn save_package(dotori: u32, price_won: u32, on_sale: bool) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::save_package(&state, &me, dotori, price_won, on_sale).await
}

#[server]
pub async fn admin_payments(page: u32) -> Result<PaymentPage, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::admin_payments(&state, &me, page).await
}

#[server]
pub async fn refund_payment(order_id: String, reason: String) -> Result<Payment, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::refund(&state, &me, &order_id, &reason).await
}

/// amount: positive grants, negative deducts.
#[server]
pub async fn adjust_dotori(user_id: u64, amount: i32, reason: String) -> Result<u32, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::adjust(&state, &me, user_id, amount, &reason).await
}

#[server]
pub async fn shop_audit(page: u32) -> Result<(Vec<AuditEntry>, u32, u32), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::audit_log(&state, &me, page).await
}

/// A single-use URL for a product's picture (kind MINIMI) or track (BGM), staff only.
#[server]
pub async fn product_upload_url(kind: String) -> Result<SignedUrl, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::upload_url(&state, &me, &kind)
}
