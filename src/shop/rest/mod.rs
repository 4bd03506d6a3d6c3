//! REST API of 도토리 and the shop under /api, the gateway's return URL, the sandbox's
//! payment form and the product files.

use super::{media, model::*, service};
use crate::{
    account::auth::{AuthUser, MaybeUser},
    error::{AppError, ErrorCode},
    server::{
        error::{ApiJson, ApiPath, ApiQuery, ErrorBody},
        AppState,
    },
};
use axum::{
    body::Bytes,
    extract::{Request, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, patch, post, put},
    Form, Json, Router,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

mod admin;

pub fn routes() -> Router<AppState> {
    let upload_limit = axum::extract::DefaultBodyLimit::max(media::AUDIO_MAX_BYTES + 1024);
    Router::new()
        .route("/shop/products", get(list_products))
        .route("/shop/products/{id}", get(get_product))
        .route("/shop/products/{id}/buy", post(buy))
        .route("/shop/products/{id}/gift", post(gift))
        .route("/shop/items", get(items))
        .route("/shop/items/{id}/equip", post(equip))
        .route("/shop/wallet", get(wallet))
        .route("/shop/ledger", get(ledger))
        .route("/shop/purchases", get(purchases))
        .route("/shop/packages", get(topup))
        .route("/shop/identity", post(identity_start))
        .route("/shop/identity/confirm", post(identity_confirm))
        .route("/shop/payments", get(payments).post(start_payment))
        .route("/shop/payments/return", get(return_get).post(return_post))
        .route("/shop/payments/{order}", get(get_payment))
        .route("/shop/payments/{order}/recheck", post(recheck))
        .route("/admin/shop/products", get(admin::admin_products).post(admin::admin_create_product))
        .route("/admin/shop/products/{id}", patch(admin::admin_update_product))
        .route("/admin/shop/packages", get(admin::admin_packages).put(admin::admin_save_package))
        .route("/admin/shop/payments", get(admin::admin_payments))
        .route("/admin/shop/payments/{order}/refund", post(admin::admin_refund))
        .route("/admin/shop/adjustments", post(admin::admin_adjust))
        .route("/admin/shop/audit", get(admin::admin_audit))
        .route("/admin/shop/upload-url", get(admin::admin_upload_url))
        .route("/uploads/shop-picture/{token}", put(admin::put_picture).layer(upload_limit))
        .route("/uploads/shop-audio/{token}", put(admin::put_audio).layer(upload_limit))
}

/// Outside /api: product files, and the sandbox gateway's card form.
pub fn file_routes() -> Router<AppState> {
    Router::new().route("/files/shop/{name}", get(shop_file)).route("/shop/pay/sandbox", post(sandbox_pay))
}

#[derive(Deserialize, IntoParams)]
pub struct KindQuery {
    /// MINIMI, SKIN or BGM (all when absent).
    kind: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct PageQuery {
    page: Option<u32>,
}

#[derive(Deserialize, ToSchema)]
pub struct GiftInput {
    /// The 일촌 who receives it.
    to: u64,
    #[serde(default)]
    message: String,
}

#[derive(Deserialize, ToSchema)]
pub struct EquipInput {
    /// true: wear / add to the playlist; false: take off.
    on: bool,
}

#[derive(Serialize, ToSchema)]
pub struct Wallet {
    balance: u32,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentityInput {
    name: String,
    /// YYYY-MM-DD
    birth_date: String,
    phone: String,
}

#[derive(Deserialize, ToSchema)]
pub struct CodeInput {
    code: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PaymentInput {
    package_id: u64,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProductInput {
    kind: ProductKind,
    name: String,
    category: String,
    price: u32,
    /// 미니미: a drawn key or an uploaded picture's name; skin: `#frame;#background;#accent`; BGM: an uploaded track's name.
    asset: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProductUpdate {
    name: String,
    category: String,
    price: u32,
    on_sale: bool,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PackageInput {
    dotori: u32,
    price_won: u32,
    on_sale: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct RefundInput {
    reason: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AdjustInput {
    user_id: u64,
    /// Positive grants, negative deducts.
    amount: i32,
    reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    entries: Vec<AuditEntry>,
    page: u32,
    #[serde(rename = "totalPages")]
    total_pages: u32,
}

#[derive(Serialize, ToSchema)]
pub struct UploadedAsset {
    /// The name to send as a product's `asset`.
    asset: String,
    url: String,
}

/// The products on sale, with `owned` for the member asking.
#[utoipa::path(get, path = "/api/shop/products", tag = "shop", params(KindQuery), responses((status = 200, body = Catalogue)))]
async fn list_products(
    State(s): State<AppState>,
    MaybeUser(me): MaybeUser,
    ApiQuery(q): ApiQuery<KindQuery>,
) -> Result<Json<Catalogue>, AppError> {
    let kind = match q.kind.as_deref() {
        None | Some("") => None,
        Some(k) => Some(
            ProductKind::parse(k)
                .ok_or_else(|| AppError::bad_request(ErrorCode::InvalidQuery, "kind는 MINIMI, SKIN, BGM 중 하나입니다."))?,
        ),
    };
    Ok(Json(service::catalogue(&s, me.as_ref(), kind).await?))
}

#[utoipa::path(get, path = "/api/shop/products/{id}", tag = "shop", responses((status = 200, body = Product), (status = 404, body = ErrorBody)))]
async fn get_product(State(s): State<AppState>, MaybeUser(me): MaybeUser, ApiPath(id): ApiPath<String>) -> Result<Json<Product>, AppError> {
    Ok(Json(service::product(&s, me.as_ref(), &id).await?))
}

/// Buys at the server's price: one transaction of the ledger row and the ownership.
#[utoipa::path(post, path = "/api/shop/products/{id}/buy", tag = "shop", security(("bearer" = [])),
    responses((status = 200, body = Product), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "INSUFFICIENT_DOTORI, ALREADY_OWNED, PRODUCT_RETIRED")))]
async fn buy(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<String>) -> Result<Json<Product>, AppError> {
    Ok(Json(service::buy(&s, &me, &id).await?))
}

/// Buys it for a 일촌 (403 NOT_ILCHON for anyone else).
#[utoipa::path(post, path = "/api/shop/products/{id}/gift", tag = "shop", request_body = GiftInput, security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody, description = "NOT_ILCHON"), (status = 409, body = ErrorBody)))]
async fn gift(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(g): ApiJson<GiftInput>,
) -> Result<StatusCode, AppError> {
    service::gift(&s, &me, &id, g.to, &g.message).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/shop/items", tag = "shop", security(("bearer" = [])), responses((status = 200, body = MyItems), (status = 401, body = ErrorBody)))]
async fn items(State(s): State<AppState>, me: AuthUser) -> Result<Json<MyItems>, AppError> {
    Ok(Json(service::my_items(&s, &me).await?))
}

#[utoipa::path(post, path = "/api/shop/items/{id}/equip", tag = "shop", request_body = EquipInput, security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn equip(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(e): ApiJson<EquipInput>,
) -> Result<StatusCode, AppError> {
    service::equip(&s, &me, &id, e.on).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/shop/wallet", tag = "shop", security(("bearer" = [])), responses((status = 200, body = Wallet)))]
async fn wallet(State(s): State<AppState>, me: AuthUser) -> Result<Json<Wallet>, AppError> {
    Ok(Json(Wallet { balance: service::balance(&s, &me).await? }))
}

/// The ledger, newest first, with the balance after each row.
#[utoipa::path(get, path = "/api/shop/ledger", tag = "shop", params(PageQuery), security(("bearer" = [])), responses((status = 200, body = LedgerPage)))]
async fn ledger(State(s): State<AppState>, me: AuthUser, ApiQuery(q): ApiQuery<PageQuery>) -> Result<Json<LedgerPage>, AppError> {
    Ok(Json(service::ledger(&s, &me, q.page.unwrap_or(1)).await?))
}

#[utoipa::path(get, path = "/api/shop/purchases", tag = "shop", params(PageQuery), security(("bearer" = [])), responses((status = 200, body = PurchasePage)))]
async fn purchases(State(s): State<AppState>, me: AuthUser, ApiQuery(q): ApiQuery<PageQuery>) -> Result<Json<PurchasePage>, AppError> {
    Ok(Json(service::purchases(&s, &me, q.page.unwrap_or(1)).await?))
}

#[utoipa::path(get, path = "/api/shop/payments", tag = "payments", params(PageQuery), security(("bearer" = [])), responses((status = 200, body = PaymentPage)))]
async fn payments(State(s): State<AppState>, me: AuthUser, ApiQuery(q): ApiQuery<PageQuery>) -> Result<Json<PaymentPage>, AppError> {
    Ok(Json(service::payments(&s, &me, q.page.unwrap_or(1)).await?))
}

/// Packages, the gateway and whether the member may pay.
#[utoipa::path(get, path = "/api/shop/packages", tag = "payments", security(("bearer" = [])), responses((status = 200, body = TopupInfo)))]
async fn topup(State(s): State<AppState>, me: AuthUser) -> Result<Json<TopupInfo>, AppError> {
    Ok(Json(service::topup_info(&s, &me).await?))
}

/// 본인인증: sends a 6-digit code by SMS.
#[utoipa::path(post, path = "/api/shop/identity", tag = "payments", request_body = IdentityInput, security(("bearer" = [])),
    responses((status = 200, body = IdentityStarted), (status = 400, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn identity_start(
    State(s): State<AppState>,
    me: AuthUser,
    ApiJson(i): ApiJson<IdentityInput>,
) -> Result<Json<IdentityStarted>, AppError> {
    Ok(Json(service::start_identity(&s, &me, &i.name, &i.birth_date, &i.phone).await?))
}

#[utoipa::path(post, path = "/api/shop/identity/confirm", tag = "payments", request_body = CodeInput, security(("bearer" = [])),
    responses((status = 204), (status = 400, body = ErrorBody)))]
async fn identity_confirm(State(s): State<AppState>, me: AuthUser, ApiJson(c): ApiJson<CodeInput>) -> Result<StatusCode, AppError> {
    service::confirm_identity(&s, &me, &c.code).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records an order for a package and says what the browser opens (the amount is the package's).
#[utoipa::path(post, path = "/api/shop/payments", tag = "payments", request_body = PaymentInput, security(("bearer" = [])),
    responses((status = 201, body = Checkout), (status = 403, body = ErrorBody, description = "IDENTITY_REQUIRED, UNDER_AGE"), (status = 404, body = ErrorBody)))]
async fn start_payment(State(s): State<AppState>, me: AuthUser, ApiJson(p): ApiJson<PaymentInput>) -> Result<Response, AppError> {
    Ok((StatusCode::CREATED, Json(service::start_topup(&s, &me, p.package_id).await?)).into_response())
}

#[utoipa::path(get, path = "/api/shop/payments/{order}", tag = "payments", security(("bearer" = [])), responses((status = 200, body = Payment), (status = 404, body = ErrorBody)))]
async fn get_payment(State(s): State<AppState>, me: AuthUser, ApiPath(order): ApiPath<String>) -> Result<Json<Payment>, AppError> {
    Ok(Json(service::payment(&s, &me, &order).await?))
}

/// Asks the gateway again about a payment whose outcome is unknown.
#[utoipa::path(post, path = "/api/shop/payments/{order}/recheck", tag = "payments", security(("bearer" = [])), responses((status = 200, body = Payment)))]
async fn recheck(State(s): State<AppState>, me: AuthUser, ApiPath(order): ApiPath<String>) -> Result<Json<Payment>, AppError> {
    Ok(Json(service::recheck(&s, &me, &order).await?))
}

/// What the gateway sends back to the return URL (NICEPAY's field names).
#[derive(Deserialize, IntoParams, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReturnFields {
    order_id: String,
    #[serde(default)]
    tid: Option<String>,
    #[serde(default)]
    amount: Option<String>,
    /// "0000": authorised.
    #[serde(default)]
    auth_result_code: String,
    #[serde(default)]
    auth_result_msg: String,
}

async fn handle_return(s: AppState, f: ReturnFields) -> Response {
    let order = f.order_id.clone();
    let r = service::GatewayReturn {
        order_id: f.order_id,
        tid: f.tid,
        amount: f.amount.and_then(|a| a.trim().parse().ok()),
        authorised: f.auth_result_code == "0000",
        message: f.auth_result_msg,
    };
    match service::gateway_return(&s, r).await {
        Ok(_) => Redirect::to(&format!("/shop/charge/result?order={}", crate::ui::kit::url_encode(&order))).into_response(),
        Err(e) => e.into_response(),
    }
}

/// The gateway's return (POST form, as NICEPAY sends it): approves with the server's amount
/// and sends the browser to the result page.
#[utoipa::path(post, path = "/api/shop/payments/return", tag = "payments", request_body(content = ReturnFields, content_type = "application/x-www-form-urlencoded"),
    responses((status = 303, description = "to /shop/charge/result"), (status = 404, body = ErrorBody)))]
async fn return_post(State(s): State<AppState>, Form(f): Form<ReturnFields>) -> Response {
    handle_return(s, f).await
}

/// The same return as a GET (the sandbox and cancelled windows).
#[utoipa::path(get, path = "/api/shop/payments/return", tag = "payments", params(ReturnFields), responses((status = 303)))]
async fn return_get(State(s): State<AppState>, ApiQuery(f): ApiQuery<ReturnFields>) -> Response {
    handle_return(s, f).await
}

#[derive(Deserialize)]
pub struct SandboxForm {
    order: String,
    card: String,
    amount: u32,
}

/// The sandbox gateway's card form: authorises, then goes to our return URL as a gateway would.
async fn sandbox_pay(State(s): State<AppState>, me: AuthUser, Form(f): Form<SandboxForm>) -> Response {
    match service::sandbox_authorize(&s, &me, &f.order, &f.card, f.amount).await {
        Ok(tid) => Redirect::to(&format!(
            "/api/shop/payments/return?orderId={}&tid={tid}&amount={}&authResultCode=0000",
            crate::ui::kit::url_encode(&f.order),
            f.amount
        ))
        .into_response(),
        Err(e) if e.code == ErrorCode::InvalidFields => {
            Redirect::to(&format!("/shop/pay/sandbox?order={}&error=card", crate::ui::kit::url_encode(&f.order))).into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// GET /files/shop/{name}: product pictures and tracks (public; names never change content).
async fn shop_file(
    State(s): State<AppState>,
    axum::extract::Path(name): axum::extract::Path<String>,
    req: Request,
) -> Result<Response, AppError> {
    crate::server::http::serve_file(media::path(&s, &name)?, req, "public, max-age=31536000, immutable").await
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        list_products, get_product, buy, gift, items, equip, wallet, ledger, purchases, payments, topup, identity_start, identity_confirm,
        start_payment, get_payment, recheck, return_post, return_get, admin::admin_products, admin::admin_create_product, admin::admin_update_product,
        admin::admin_packages, admin::admin_save_package, admin::admin_payments, admin::admin_refund, admin::admin_adjust, admin::admin_audit, admin::admin_upload_url, admin::put_picture, admin::put_audio
    ),
    tags((name = "shop", description = "도토리 wallet, catalogue, purchases, gifts and items"),
         (name = "payments", description = "Top-up by card (결제) and 본인인증"),
         (name = "shop-admin", description = "Catalogue, packages, refunds, grants and the audit log (ADMIN, STAFF)"))
)]
pub struct ShopApi;
