//! REST of the ledger's books (see service/books.rs and service/categories.rs): the member's
//! books, sharing with 일촌, and a book's categories. A book the asker may not read answers
//! 404 LEDGER_BOOK_NOT_FOUND, as a missing one does.

use super::super::{model::*, service};
use crate::{
    account::auth::AuthUser,
    error::AppError,
    server::{
        error::{ApiJson, ApiPath, ErrorBody},
        AppState,
    },
};
use axum::{
    extract::State,
    http::StatusCode,
    routing::{get, patch, put},
    Json, Router,
};
use serde::Deserialize;
use utoipa::ToSchema;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ledger/books", get(list_books).post(create_book))
        .route("/ledger/books/{id}", get(get_book).patch(update_book).delete(delete_book))
        .route("/ledger/books/{id}/members", get(list_members))
        .route("/ledger/books/{id}/members/{user_id}", put(share_book).delete(unshare_book))
        .route("/ledger/books/{id}/categories", get(list_categories).post(create_category))
        .route("/ledger/books/{id}/categories/{category_id}", patch(update_category))
}

/// The role a 일촌 gets in the book.
#[derive(Deserialize, ToSchema)]
pub struct RoleInput {
    role: BookRole,
}

/// The member's books and those shared with them (their own first).
#[utoipa::path(get, path = "/api/ledger/books", tag = "ledger", security(("bearer" = [])),
    responses((status = 200, body = Vec<Book>), (status = 401, body = ErrorBody)))]
async fn list_books(State(s): State<AppState>, me: AuthUser) -> Result<Json<Vec<Book>>, AppError> {
    Ok(Json(service::list_books(&s, &me).await?))
}

/// Makes a book (name 1–40 characters, KRW, opening balance within ±1조 원) with the default
/// categories.
#[utoipa::path(post, path = "/api/ledger/books", tag = "ledger", request_body = BookInput, security(("bearer" = [])),
    responses((status = 201, body = Book), (status = 400, body = ErrorBody, description = "INVALID_FIELDS: name, currency, openingBalance"),
              (status = 401, body = ErrorBody), (status = 409, body = ErrorBody, description = "LEDGER_LIMIT_REACHED: 20 books owned")))]
async fn create_book(
    State(s): State<AppState>,
    me: AuthUser,
    ApiJson(i): ApiJson<BookInput>,
) -> Result<(StatusCode, Json<Book>), AppError> {
    Ok((StatusCode::CREATED, Json(service::create_book(&s, &me, i).await?)))
}

/// A book with its balance and where the asker stands in it.
#[utoipa::path(get, path = "/api/ledger/books/{id}", tag = "ledger", params(("id" = u64, Path, description = "Book id")),
    security(("bearer" = [])),
    responses((status = 200, body = Book), (status = 404, body = ErrorBody, description = "LEDGER_BOOK_NOT_FOUND (also not a member)")))]
async fn get_book(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Json<Book>, AppError> {
    Ok(Json(service::get_book(&s, &me, id).await?))
}

/// The owner renames the book or changes its opening balance (absent fields stay).
#[utoipa::path(patch, path = "/api/ledger/books/{id}", tag = "ledger", params(("id" = u64, Path, description = "Book id")),
    request_body = BookPatch, security(("bearer" = [])),
    responses((status = 200, body = Book), (status = 400, body = ErrorBody, description = "INVALID_FIELDS: name, openingBalance"),
              (status = 403, body = ErrorBody, description = "FORBIDDEN: not the owner"),
              (status = 404, body = ErrorBody, description = "LEDGER_BOOK_NOT_FOUND")))]
async fn update_book(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(p): ApiJson<BookPatch>,
) -> Result<Json<Book>, AppError> {
    Ok(Json(service::update_book(&s, &me, id, p).await?))
}

/// The owner deletes the book with everything in it (no trash).
#[utoipa::path(delete, path = "/api/ledger/books/{id}", tag = "ledger", params(("id" = u64, Path, description = "Book id")),
    security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody, description = "FORBIDDEN: not the owner"),
              (status = 404, body = ErrorBody, description = "LEDGER_BOOK_NOT_FOUND")))]
async fn delete_book(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::delete_book(&s, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who the book is shared with (nicknames and roles; the owner is not listed).
#[utoipa::path(get, path = "/api/ledger/books/{id}/members", tag = "ledger", params(("id" = u64, Path, description = "Book id")),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<BookMember>), (status = 404, body = ErrorBody, description = "LEDGER_BOOK_NOT_FOUND")))]
async fn list_members(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Json<Vec<BookMember>>, AppError> {
    Ok(Json(service::list_members(&s, &me, id).await?))
}

/// The owner shares the book with one of their 일촌 as VIEWER or EDITOR (or changes the
/// role). The seat lasts while the 일촌 does.
#[utoipa::path(put, path = "/api/ledger/books/{id}/members/{userId}", tag = "ledger",
    params(("id" = u64, Path, description = "Book id"), ("userId" = u64, Path, description = "The 일촌")),
    request_body = RoleInput, security(("bearer" = [])),
    responses((status = 200, body = BookMember),
              (status = 400, body = ErrorBody, description = "NOT_ILCHON; INVALID_FIELDS (userId: oneself)"),
              (status = 403, body = ErrorBody, description = "FORBIDDEN: not the owner"),
              (status = 404, body = ErrorBody, description = "LEDGER_BOOK_NOT_FOUND"),
              (status = 409, body = ErrorBody, description = "LEDGER_LIMIT_REACHED: 20 members")))]
async fn share_book(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath((id, user_id)): ApiPath<(u64, u64)>,
    ApiJson(i): ApiJson<RoleInput>,
) -> Result<Json<BookMember>, AppError> {
    Ok(Json(service::share_book(&s, &me, id, ShareInput { user_id, role: i.role }).await?))
}

/// The owner takes a member off the book; a member names themselves to leave it.
#[utoipa::path(delete, path = "/api/ledger/books/{id}/members/{userId}", tag = "ledger",
    params(("id" = u64, Path, description = "Book id"), ("userId" = u64, Path, description = "The member (oneself: leave)")),
    security(("bearer" = [])),
    responses((status = 204), (status = 400, body = ErrorBody, description = "INVALID_FIELDS: the owner cannot leave"),
              (status = 403, body = ErrorBody, description = "FORBIDDEN: not the owner"),
              (status = 404, body = ErrorBody, description = "LEDGER_BOOK_NOT_FOUND")))]
async fn unshare_book(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath((id, user_id)): ApiPath<(u64, u64)>,
) -> Result<StatusCode, AppError> {
    service::unshare_book(&s, &me, id, user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The book's categories, archived ones too (flagged), by kind then position.
#[utoipa::path(get, path = "/api/ledger/books/{id}/categories", tag = "ledger", params(("id" = u64, Path, description = "Book id")),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<Category>), (status = 404, body = ErrorBody, description = "LEDGER_BOOK_NOT_FOUND")))]
async fn list_categories(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Json<Vec<Category>>, AppError> {
    Ok(Json(service::list_categories(&s, &me, id).await?))
}

/// An owner or editor adds a category (name 1–20 characters, unique per kind; a colour of
/// the palette).
#[utoipa::path(post, path = "/api/ledger/books/{id}/categories", tag = "ledger", params(("id" = u64, Path, description = "Book id")),
    request_body = CategoryInput, security(("bearer" = [])),
    responses((status = 201, body = Category), (status = 400, body = ErrorBody, description = "INVALID_FIELDS: name (also a duplicate), color"),
              (status = 403, body = ErrorBody, description = "LEDGER_READ_ONLY"),
              (status = 404, body = ErrorBody, description = "LEDGER_BOOK_NOT_FOUND"),
              (status = 409, body = ErrorBody, description = "LEDGER_LIMIT_REACHED: 60 categories")))]
async fn create_category(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(i): ApiJson<CategoryInput>,
) -> Result<(StatusCode, Json<Category>), AppError> {
    Ok((StatusCode::CREATED, Json(service::create_category(&s, &me, id, i).await?)))
}

/// An owner or editor renames, recolours, moves, archives or brings back a category
/// (archived ones keep their entries).
#[utoipa::path(patch, path = "/api/ledger/books/{id}/categories/{categoryId}", tag = "ledger",
    params(("id" = u64, Path, description = "Book id"), ("categoryId" = u64, Path, description = "Category id")),
    request_body = CategoryPatch, security(("bearer" = [])),
    responses((status = 200, body = Category), (status = 400, body = ErrorBody, description = "INVALID_FIELDS: name (also a duplicate), color"),
              (status = 403, body = ErrorBody, description = "LEDGER_READ_ONLY"),
              (status = 404, body = ErrorBody, description = "LEDGER_BOOK_NOT_FOUND, CATEGORY_NOT_FOUND")))]
async fn update_category(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath((id, category_id)): ApiPath<(u64, u64)>,
    ApiJson(p): ApiJson<CategoryPatch>,
) -> Result<Json<Category>, AppError> {
    Ok(Json(service::update_category(&s, &me, id, category_id, p).await?))
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(list_books, create_book, get_book, update_book, delete_book, list_members, share_book, unshare_book,
          list_categories, create_category, update_category),
    components(schemas(Book, BookInput, BookPatch, BookMember, RoleInput, BookRole, Access, Category, CategoryInput, CategoryPatch, EntryKind)),
    tags((name = "ledger", description = "가계부: books shared with 일촌, categories, entries, the month, budgets, recurring rules and CSV"))
)]
pub struct Api;
