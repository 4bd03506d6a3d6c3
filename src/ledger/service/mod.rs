//! The rules of 가계부, shared by the server functions and the REST API: who may read or
//! write which book (checked here, on every call), the limits of amounts and dates, and the
//! sums. Split by part over the seat check below.

use super::{model::*, store};
use crate::{
    account::auth::AuthUser,
    error::{AppError, ErrorCode},
    server::AppState,
};
use chrono::NaiveDate;

mod books;
mod categories;
mod csv;
mod entries;
mod recurring;
mod summary;
pub use books::*;
pub use categories::*;
pub use csv::*;
pub use entries::*;
pub use recurring::*;
pub use summary::*;

/// A book the asking member may at least read, and where they stand in it.
#[derive(Debug, Clone)]
pub(super) struct Seat {
    pub book: store::BookSeat,
    pub access: Access,
}

impl Seat {
    pub fn may_write(&self) -> bool {
        matches!(self.access, Access::Owner | Access::Editor)
    }
}

fn book_not_found() -> AppError {
    AppError::not_found(ErrorCode::LedgerBookNotFound, "가계부를 찾을 수 없습니다.")
}

/// The member's seat in a book. A stranger gets the same 404 as a book that does not exist,
/// so ids cannot be probed.
pub(super) async fn seat(state: &AppState, me: &AuthUser, book: u64) -> Result<Seat, AppError> {
    let Some(row) = store::book_seat(&state.db, book, me.id()).await? else {
        return Err(book_not_found());
    };
    let access = if row.owner_id == me.id() {
        Access::Owner
    } else {
        let role = match row.role {
            Some(BookRole::Editor) => Access::Editor,
            Some(BookRole::Viewer) => Access::Viewer,
            None => return Err(book_not_found()),
        };
        // A book is shared with 일촌: when the 일촌 ends, so does the seat.
        if crate::ilchon::relations::name_for(&state.db, row.owner_id, me.id()).await?.is_none() {
            return Err(book_not_found());
        }
        role
    };
    Ok(Seat { book: row, access })
}

/// A seat that may write entries, categories, budgets and rules (owner or editor).
pub(super) async fn writer_seat(state: &AppState, me: &AuthUser, book: u64) -> Result<Seat, AppError> {
    let seat = seat(state, me, book).await?;
    if !seat.may_write() {
        return Err(AppError::new(403, ErrorCode::LedgerReadOnly, "이 가계부는 보기만 할 수 있습니다."));
    }
    Ok(seat)
}

/// The owner's seat (renaming, the opening balance, sharing, deleting the book).
pub(super) async fn owner_seat(state: &AppState, me: &AuthUser, book: u64) -> Result<Seat, AppError> {
    let seat = seat(state, me, book).await?;
    if seat.access != Access::Owner {
        return Err(AppError::forbidden("가계부 주인만 할 수 있습니다."));
    }
    Ok(seat)
}

/// Today in KST (where a ledger's day begins).
pub(super) fn today() -> NaiveDate {
    crate::kst::day_of(chrono::Utc::now())
}

/// "YYYY-MM" of a date.
pub(super) fn month_of(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

/// The first day of a "YYYY-MM" month inside the dates entries may carry, or a clear 400.
pub(super) fn parse_month(field: &str, text: &str) -> Result<NaiveDate, AppError> {
    let first = NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d")
        .map_err(|_| AppError::invalid_field(field, "달은 2026-03처럼 YYYY-MM으로 적어 주세요."))?;
    check_date(field, first)?;
    Ok(first)
}

/// The dates an entry may carry (2000-01-01 to 2099-12-31).
pub(super) fn check_date(field: &str, d: NaiveDate) -> Result<(), AppError> {
    let first = NaiveDate::from_ymd_opt(FIRST_DATE.0, FIRST_DATE.1, FIRST_DATE.2).expect("a date");
    let last = NaiveDate::from_ymd_opt(LAST_DATE.0, LAST_DATE.1, LAST_DATE.2).expect("a date");
    if d < first || d > last {
        return Err(AppError::invalid_field(field, "날짜는 2000-01-01부터 2099-12-31 사이여야 합니다."));
    }
    Ok(())
}

/// One amount: 1 원 to 100억 원.
pub(super) fn check_amount(field: &str, amount: i64) -> Result<(), AppError> {
    if amount <= 0 {
        return Err(AppError::invalid_field(field, "금액은 1원 이상이어야 합니다."));
    }
    if amount > MAX_AMOUNT {
        return Err(AppError::invalid_field(field, "금액은 100억 원(10,000,000,000원)까지 적을 수 있습니다."));
    }
    Ok(())
}

#[allow(unused_imports)]
use {store as _, AppError as _, AppState as _, AuthUser as _};
