//! The staff's endpoints under /api/admin/shop and the product uploads (ADMIN and STAFF;
//! the service checks the role).

use super::*;

#[utoipa::path(get, path = "/api/admin/shop/products", tag = "shop-admin", security(("bearer" = [])), responses((status = 200, body = Vec<Product>), (status = 403, body = ErrorBody)))]
pub(super) async fn admin_products(State(s): State<AppState>, me: AuthUser) -> Result<Json<Vec<Product>>, AppError> {
    Ok(Json(service::admin_products(&s, &me).await?))
}

#[utoipa::path(post, path = "/api/admin/shop/products", tag = "shop-admin", request_body = ProductInput, security(("bearer" = [])),
    responses((status = 201, body = Product), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(super) async fn admin_create_product(
    State(s): State<AppState>,
    me: AuthUser,
    ApiJson(p): ApiJson<ProductInput>,
) -> Result<Response, AppError> {
    let input = service::ProductInput { kind: p.kind, name: p.name, category: p.category, price: p.price, asset: p.asset };
    Ok((StatusCode::CREATED, Json(service::create_product(&s, &me, input).await?)).into_response())
}

#[utoipa::path(patch, path = "/api/admin/shop/products/{id}", tag = "shop-admin", request_body = ProductUpdate, security(("bearer" = [])),
    responses((status = 200, body = Product), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(super) async fn admin_update_product(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(p): ApiJson<ProductUpdate>,
) -> Result<Json<Product>, AppError> {
    Ok(Json(service::update_product(&s, &me, &id, &p.name, &p.category, p.price, p.on_sale).await?))
}

#[utoipa::path(get, path = "/api/admin/shop/packages", tag = "shop-admin", security(("bearer" = [])), responses((status = 200, body = Vec<Package>), (status = 403, body = ErrorBody)))]
pub(super) async fn admin_packages(State(s): State<AppState>, me: AuthUser) -> Result<Json<Vec<Package>>, AppError> {
    Ok(Json(service::admin_packages(&s, &me).await?))
}

/// Adds a package or changes the one with that many 도토리.
#[utoipa::path(put, path = "/api/admin/shop/packages", tag = "shop-admin", request_body = PackageInput, security(("bearer" = [])),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(super) async fn admin_save_package(
    State(s): State<AppState>,
    me: AuthUser,
    ApiJson(p): ApiJson<PackageInput>,
) -> Result<StatusCode, AppError> {
    service::save_package(&s, &me, p.dotori, p.price_won, p.on_sale).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/admin/shop/payments", tag = "shop-admin", params(PageQuery), security(("bearer" = [])), responses((status = 200, body = PaymentPage), (status = 403, body = ErrorBody)))]
pub(super) async fn admin_payments(
    State(s): State<AppState>,
    me: AuthUser,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Json<PaymentPage>, AppError> {
    Ok(Json(service::admin_payments(&s, &me, q.page.unwrap_or(1)).await?))
}

/// Cancels the payment at the gateway and takes the 도토리 back (refused once they are spent).
#[utoipa::path(post, path = "/api/admin/shop/payments/{order}/refund", tag = "shop-admin", request_body = RefundInput, security(("bearer" = [])),
    responses((status = 200, body = Payment), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody, description = "REFUND_REFUSED")))]
pub(super) async fn admin_refund(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(order): ApiPath<String>,
    ApiJson(r): ApiJson<RefundInput>,
) -> Result<Json<Payment>, AppError> {
    Ok(Json(service::refund(&s, &me, &order, &r.reason).await?))
}

/// Grants or deducts 도토리 with a reason; answers the new balance.
#[utoipa::path(post, path = "/api/admin/shop/adjustments", tag = "shop-admin", request_body = AdjustInput, security(("bearer" = [])),
    responses((status = 200, body = Wallet), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(super) async fn admin_adjust(
    State(s): State<AppState>,
    me: AuthUser,
    ApiJson(a): ApiJson<AdjustInput>,
) -> Result<Json<Wallet>, AppError> {
    Ok(Json(Wallet { balance: service::adjust(&s, &me, a.user_id, a.amount, &a.reason).await? }))
}

#[utoipa::path(get, path = "/api/admin/shop/audit", tag = "shop-admin", params(PageQuery), security(("bearer" = [])), responses((status = 200, body = AuditPage), (status = 403, body = ErrorBody)))]
pub(super) async fn admin_audit(
    State(s): State<AppState>,
    me: AuthUser,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Json<AuditPage>, AppError> {
    let (entries, page, total_pages) = service::audit_log(&s, &me, q.page.unwrap_or(1)).await?;
    Ok(Json(AuditPage { entries, page, total_pages }))
}

/// A single-use upload URL for a new product's file: `kind=MINIMI` (a picture) or `BGM` (a track).
#[utoipa::path(get, path = "/api/admin/shop/upload-url", tag = "shop-admin", params(KindQuery), security(("bearer" = [])),
    responses((status = 200, body = crate::account::model::SignedUrl), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(super) async fn admin_upload_url(
    State(s): State<AppState>,
    me: AuthUser,
    ApiQuery(q): ApiQuery<KindQuery>,
) -> Result<Json<crate::account::model::SignedUrl>, AppError> {
    Ok(Json(service::upload_url(&s, &me, q.kind.as_deref().unwrap_or(""))?))
}

/// A 미니미 picture for a new product (URL from the admin page).
#[utoipa::path(put, path = "/api/uploads/shop-picture/{token}", tag = "shop-admin", request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = UploadedAsset), (status = 401, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody)))]
pub(super) async fn put_picture(
    State(s): State<AppState>,
    ApiPath(token): ApiPath<String>,
    body: Bytes,
) -> Result<Json<UploadedAsset>, AppError> {
    let asset = media::put_picture(&s, &token, body.to_vec()).await?;
    let url = crate::file_url::file_url(crate::file_url::FileKind::Shop, &asset);
    Ok(Json(UploadedAsset { asset, url }))
}

/// A BGM track for a new product.
#[utoipa::path(put, path = "/api/uploads/shop-audio/{token}", tag = "shop-admin", request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = UploadedAsset), (status = 401, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody)))]
pub(super) async fn put_audio(
    State(s): State<AppState>,
    ApiPath(token): ApiPath<String>,
    body: Bytes,
) -> Result<Json<UploadedAsset>, AppError> {
    let asset = media::put_audio(&s, &token, body.to_vec()).await?;
    let url = crate::file_url::file_url(crate::file_url::FileKind::Shop, &asset);
    Ok(Json(UploadedAsset { asset, url }))
}
