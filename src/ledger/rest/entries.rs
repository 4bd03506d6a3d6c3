//! REST of the ledger's entries (see service/entries.rs): writing and rewriting, the trash
//! (30 days) and the search. An entry of a book the asker may not read answers 404
//! LEDGER_ENTRY_NOT_FOUND, as a missing one does.

use super::super::{model::*, service};
use crate::{
    account::auth::AuthUser,
    error::AppError,
    server::{
        error::{ApiJson, ApiPath, ApiQuery, ErrorBody},
        AppState,
    },
};
use axum::{
    extract::State,
    http::StatusCode,
    routing::{get, post},
    Json, Router,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ledger/books/{id}/entries", get(search_entries).post(create_entry))
        .route("/ledger/entries/{id}", get(get_entry).put(update_entry).delete(delete_entry))
        .route("/ledger/entries/{id}/restore", post(restore_entry))
}

/// Searches a book's entries: part of the memo (`%` and `_` are plain characters), kind,
/// category, amount range, dates; `trash=true` lists the trash instead (newest deletion
/// first). 50 per page; the sums cover every match.
#[utoipa::path(get, path = "/api/ledger/books/{id}/entries", tag = "ledger", params(("id" = u64, Path, description = "Book id"), EntryQuery),
    security(("bearer" = [])),
    responses((status = 200, body = EntryPage),
              (status = 400, body = ErrorBody, description = "INVALID_FIELDS: to before from, maxAmount below minAmount, categoryId; INVALID_QUERY"),
              (status = 404, body = ErrorBody, description = "LEDGER_BOOK_NOT_FOUND")))]
async fn search_entries(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(q): ApiQuery<EntryQuery>,
) -> Result<Json<EntryPage>, AppError> {
    Ok(Json(service::search_entries(&s, &me, id, &q).await?))
}

/// An owner or editor writes an entry: amount 1 to 10,000,000,000 원, a date from
/// 2000-01-01 to 2099-12-31, a live category of the book and of the entry's kind, a memo of
/// up to 200 characters.
#[utoipa::path(post, path = "/api/ledger/books/{id}/entries", tag = "ledger", params(("id" = u64, Path, description = "Book id")),
    request_body = EntryInput, security(("bearer" = [])),
    responses((status = 201, body = Entry),
              (status = 400, body = ErrorBody, description = "INVALID_FIELDS: amount, occurredOn, categoryId, memo; MALFORMED_JSON (e.g. a number beyond 64 bits)"),
              (status = 403, body = ErrorBody, description = "LEDGER_READ_ONLY: a viewer"),
              (status = 404, body = ErrorBody, description = "LEDGER_BOOK_NOT_FOUND"),
              (status = 409, body = ErrorBody, description = "LEDGER_LIMIT_REACHED: 100,000 entries")))]
async fn create_entry(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(i): ApiJson<EntryInput>,
) -> Result<(StatusCode, Json<Entry>), AppError> {
    Ok((StatusCode::CREATED, Json(service::create_entry(&s, &me, id, i).await?)))
}

/// One entry (also from the trash: `deletedAt` set).
#[utoipa::path(get, path = "/api/ledger/entries/{id}", tag = "ledger", params(("id" = u64, Path, description = "Entry id")),
    security(("bearer" = [])),
    responses((status = 200, body = Entry), (status = 404, body = ErrorBody, description = "LEDGER_ENTRY_NOT_FOUND")))]
async fn get_entry(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Json<Entry>, AppError> {
    Ok(Json(service::get_entry(&s, &me, id).await?))
}

/// Rewrites every field of an entry (the same checks as writing; it may keep its category
/// when that was archived since). A trashed entry must be restored first.
#[utoipa::path(put, path = "/api/ledger/entries/{id}", tag = "ledger", params(("id" = u64, Path, description = "Entry id")),
    request_body = EntryInput, security(("bearer" = [])),
    responses((status = 200, body = Entry), (status = 400, body = ErrorBody, description = "INVALID_FIELDS: amount, occurredOn, categoryId, memo"),
              (status = 403, body = ErrorBody, description = "LEDGER_READ_ONLY"),
              (status = 404, body = ErrorBody, description = "LEDGER_ENTRY_NOT_FOUND (also in the trash)")))]
async fn update_entry(
    State(s): State<AppState>,
    me: AuthUser,
    ApiPath(id): ApiPath<u64>,
    ApiJson(i): ApiJson<EntryInput>,
) -> Result<Json<Entry>, AppError> {
    Ok(Json(service::update_entry(&s, &me, id, i).await?))
}

/// Moves an entry to the trash (restorable for 30 days; it leaves the balance and sums).
#[utoipa::path(delete, path = "/api/ledger/entries/{id}", tag = "ledger", params(("id" = u64, Path, description = "Entry id")),
    security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody, description = "LEDGER_READ_ONLY"),
              (status = 404, body = ErrorBody, description = "LEDGER_ENTRY_NOT_FOUND")))]
async fn delete_entry(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<StatusCode, AppError> {
    service::delete_entry(&s, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Brings an entry back from the trash (within 30 days of its deletion).
#[utoipa::path(post, path = "/api/ledger/entries/{id}/restore", tag = "ledger", params(("id" = u64, Path, description = "Entry id")),
    security(("bearer" = [])),
    responses((status = 200, body = Entry), (status = 403, body = ErrorBody, description = "LEDGER_READ_ONLY"),
              (status = 404, body = ErrorBody, description = "LEDGER_ENTRY_NOT_FOUND"),
              (status = 410, body = ErrorBody, description = "RESTORE_EXPIRED: deleted more than 30 days ago")))]
async fn restore_entry(State(s): State<AppState>, me: AuthUser, ApiPath(id): ApiPath<u64>) -> Result<Json<Entry>, AppError> {
    Ok(Json(service::restore_entry(&s, &me, id).await?))
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(search_entries, create_entry, get_entry, update_entry, delete_entry, restore_entry),
    components(schemas(Entry, EntryInput, EntryPage, EntryKind, PayMethod))
)]
pub struct Api;
