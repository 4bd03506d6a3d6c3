//! Server functions of the 가계부 pages. Each resolves the member on the server and hands
//! over to `service`, which decides what they may read or change in which book.

use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ctx {
    pub use crate::account::auth::require_user;
    pub(super) use crate::ledger::service;
    pub use crate::server::app_state;
}

// ---- books ----

/// The member's books and those shared with them.
#[server]
pub async fn list_books() -> Result<Vec<Book>, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::list_books(&state, &me).await
}

#[server]
pub async fn create_book(name: String, opening_balance: i64) -> Result<Book, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::create_book(&state, &me, BookInput { name, currency: None, opening_balance }).await
}

#[server]
pub async fn update_book(id: u64, name: Option<String>, opening_balance: Option<i64>) -> Result<Book, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::update_book(&state, &me, id, BookPatch { name, opening_balance }).await
}

#[server]
pub async fn delete_book(id: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::delete_book(&state, &me, id).await
}

// ---- sharing ----

#[server]
pub async fn list_book_members(book_id: u64) -> Result<Vec<BookMember>, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::list_members(&state, &me, book_id).await
}

/// Shares the book with a 일촌 (or changes their role). Owner only.
#[server]
pub async fn share_book(book_id: u64, user_id: u64, role: BookRole) -> Result<BookMember, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::share_book(&state, &me, book_id, ShareInput { user_id, role }).await
}

/// The owner takes a member off the book, or a member leaves it.
#[server]
pub async fn unshare_book(book_id: u64, user_id: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::unshare_book(&state, &me, book_id, user_id).await
}

// ---- the month ----

/// A book's month ("YYYY-MM"; None = this month in KST).
#[server]
pub async fn get_month(book_id: u64, month: Option<String>) -> Result<MonthView, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::month_view(&state, &me, book_id, month.as_deref()).await
}

/// The 12 months up to `until` ("YYYY-MM"; None = this month), oldest first.
#[server]
pub async fn get_trend(book_id: u64, until: Option<String>) -> Result<Vec<MonthTotal>, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::trend(&state, &me, book_id, until.as_deref()).await
}

#[server]
pub async fn set_budget(book_id: u64, input: BudgetInput) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::set_budget(&state, &me, book_id, input).await
}

// ---- entries ----

#[server]
pub async fn add_entry(book_id: u64, input: EntryInput) -> Result<Entry, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::create_entry(&state, &me, book_id, input).await
}

#[server]
pub async fn edit_entry(id: u64, input: EntryInput) -> Result<Entry, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::update_entry(&state, &me, id, input).await
}

/// Moves an entry to the trash (restorable for 30 days).
#[server]
pub async fn remove_entry(id: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::delete_entry(&state, &me, id).await
}

#[server]
pub async fn restore_entry(id: u64) -> Result<Entry, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::restore_entry(&state, &me, id).await
}

#[server]
pub async fn search_entries(book_id: u64, query: EntryQuery) -> Result<EntryPage, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::search_entries(&state, &me, book_id, &query).await
}

// ---- categories ----

#[server]
pub async fn list_categories(book_id: u64) -> Result<Vec<Category>, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::list_categories(&state, &me, book_id).await
}

#[server]
pub async fn add_category(book_id: u64, input: CategoryInput) -> Result<Category, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::create_category(&state, &me, book_id, input).await
}

#[server]
pub async fn edit_category(book_id: u64, category_id: u64, patch: CategoryPatch) -> Result<Category, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::update_category(&state, &me, book_id, category_id, patch).await
}

// ---- recurring ----

#[server]
pub async fn list_recurring(book_id: u64) -> Result<Vec<Recurring>, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::list_recurring(&state, &me, book_id).await
}

/// Makes a rule; periods already due (from its start to today) are written at once.
#[server]
pub async fn add_recurring(book_id: u64, input: RecurringInput) -> Result<Recurring, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::create_recurring(&state, &me, book_id, input).await
}

/// Ends a rule; the entries it wrote stay.
#[server]
pub async fn remove_recurring(id: u64) -> Result<(), AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::delete_recurring(&state, &me, id).await
}

// ---- CSV ----

/// Reads a CSV file (its text) into a book: `commit` false = a preview that writes nothing;
/// true = writes every line in one transaction, or nothing when a line is refused.
#[server]
pub async fn import_csv(book_id: u64, text: String, commit: bool) -> Result<ImportReport, AppError> {
    let state = ctx::app_state()?;
    let me = ctx::require_user().await?;
    ctx::service::import_csv(&state, &me, book_id, &text, commit).await
}
