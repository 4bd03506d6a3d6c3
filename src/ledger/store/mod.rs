//! SQL of 가계부: no rules, only data (the service decides). One file per part, as the
//! service is split.

crate::sql_word!(EntryKind, PayMethod, BookRole);

use super::model::{BookRole, EntryKind, PayMethod};
use sqlx::MySqlPool;

mod books;
mod categories;
mod entries;
mod recurring;
mod summary;
pub use books::*;
pub use categories::*;
pub use entries::*;
pub use recurring::*;
pub use summary::*;

/// A book and the asking member's seat in it (`role` None for the owner or a stranger).
#[derive(Debug, Clone)]
pub struct BookSeat {
    pub id: u64,
    pub owner_id: u64,
    pub name: String,
    pub currency: String,
    pub opening_balance: i64,
    pub role: Option<BookRole>,
}

/// The book with `user`'s seat in it; None when there is no such book.
pub async fn book_seat(db: &MySqlPool, book: u64, user: u64) -> Result<Option<BookSeat>, sqlx::Error> {
    sqlx::query_as!(
        BookSeat,
        r#"SELECT b.id, b.owner_id, b.name, b.currency, b.opening_balance,
                  m.role AS "role: BookRole"
           FROM ledger_books b
           LEFT JOIN ledger_book_members m ON m.book_id = b.id AND m.user_id = ?
           WHERE b.id = ?"#,
        user,
        book
    )
    .fetch_optional(db)
    .await
}

#[allow(unused_imports)]
use {EntryKind as _, PayMethod as _};
