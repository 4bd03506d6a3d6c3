//! SQL of the books and who they are shared with. The balance is summed here in SQL
//! (`CAST(... AS SIGNED)`: MariaDB sums to DECIMAL); the service decides who sees what.

use super::super::model::{BookMember, BookRole};
use chrono::NaiveDateTime;
use sqlx::{MySqlConnection, MySqlExecutor, MySqlPool};

/// A book with its owner's nickname, its balance, how many live members it is shared with,
/// and the asking member's role in it (None for the owner).
#[derive(Debug, Clone)]
pub struct BookRow {
    pub id: u64,
    pub name: String,
    pub currency: String,
    pub opening_balance: i64,
    pub balance: i64,
    pub owner_id: u64,
    pub owner_nickname: String,
    pub role: Option<BookRole>,
    pub shared_with: i64,
    pub created_at: NaiveDateTime,
}

// The list and the member counts read `ilchons` (one row per direction: `user_id` calls
// `friend_id` 일촌) in a JOIN, which docs/architecture.md allows for what is shown; whether a
// member may use a book is decided by the seat check (service/mod.rs), through
// `ilchon::relations`. A member counts while the owner's 일촌 with them holds and they are
// active, as `ilchon::relations::ilchons_of` lists them.

/// The books `user` owns or holds a live seat in (the owner's 일촌 still holds): their own
/// first, then by age.
pub async fn books_for(db: &MySqlPool, user: u64) -> Result<Vec<BookRow>, sqlx::Error> {
    sqlx::query_as!(
        BookRow,
        r#"SELECT b.id, b.name, b.currency, b.opening_balance,
                  CAST(b.opening_balance + COALESCE((
                      SELECT SUM(CASE WHEN e.kind = 'INCOME' THEN CAST(e.amount AS SIGNED) ELSE -CAST(e.amount AS SIGNED) END)
                      FROM ledger_entries e WHERE e.book_id = b.id AND e.deleted_at IS NULL), 0) AS SIGNED) AS "balance!: i64",
                  b.owner_id, u.nickname AS owner_nickname, m.role AS "role?: BookRole",
                  (SELECT COUNT(*) FROM ledger_book_members sm
                   JOIN ilchons i ON i.user_id = b.owner_id AND i.friend_id = sm.user_id
                   JOIN users su ON su.id = sm.user_id AND su.status = 'ACTIVE'
                   WHERE sm.book_id = b.id) AS "shared_with!: i64",
                  b.created_at
           FROM ledger_books b
           JOIN users u ON u.id = b.owner_id
           LEFT JOIN ledger_book_members m ON m.book_id = b.id AND m.user_id = ?
           WHERE b.owner_id = ?
              OR (m.user_id IS NOT NULL
                  AND EXISTS (SELECT 1 FROM ilchons i WHERE i.user_id = b.owner_id AND i.friend_id = m.user_id))
           ORDER BY (b.owner_id = ?) DESC, b.created_at, b.id"#,
        user,
        user,
        user
    )
    .fetch_all(db)
    .await
}

/// What a book's seat does not hold: its balance, its owner's nickname, how many live
/// members it is shared with, when it was made.
#[derive(Debug, Clone)]
pub struct BookExtras {
    pub balance: i64,
    pub owner_nickname: String,
    pub shared_with: i64,
    pub created_at: NaiveDateTime,
}

pub async fn book_extras(db: &MySqlPool, book: u64) -> Result<Option<BookExtras>, sqlx::Error> {
    sqlx::query_as!(
        BookExtras,
        r#"SELECT CAST(b.opening_balance + COALESCE((
                      SELECT SUM(CASE WHEN e.kind = 'INCOME' THEN CAST(e.amount AS SIGNED) ELSE -CAST(e.amount AS SIGNED) END)
                      FROM ledger_entries e WHERE e.book_id = b.id AND e.deleted_at IS NULL), 0) AS SIGNED) AS "balance!: i64",
                  u.nickname AS owner_nickname,
                  (SELECT COUNT(*) FROM ledger_book_members sm
                   JOIN ilchons i ON i.user_id = b.owner_id AND i.friend_id = sm.user_id
                   JOIN users su ON su.id = sm.user_id AND su.status = 'ACTIVE'
                   WHERE sm.book_id = b.id) AS "shared_with!: i64",
                  b.created_at
           FROM ledger_books b JOIN users u ON u.id = b.owner_id
           WHERE b.id = ?"#,
        book
    )
    .fetch_optional(db)
    .await
}

/// The members of a book whose 일촌 with the owner still holds (not the owner), by when
/// they were added.
pub async fn live_members_of(db: impl MySqlExecutor<'_>, book: u64) -> Result<Vec<BookMember>, sqlx::Error> {
    sqlx::query_as!(
        BookMember,
        r#"SELECT m.user_id, u.nickname, m.role AS "role: BookRole", m.added_at
           FROM ledger_book_members m
           JOIN ledger_books b ON b.id = m.book_id
           JOIN ilchons i ON i.user_id = b.owner_id AND i.friend_id = m.user_id
           JOIN users u ON u.id = m.user_id AND u.status = 'ACTIVE'
           WHERE m.book_id = ? ORDER BY m.added_at, m.user_id"#,
        book
    )
    .fetch_all(db)
    .await
}

/// The members a book is shared with (not the owner), by when they were added.
pub async fn members_of(db: &MySqlPool, book: u64) -> Result<Vec<BookMember>, sqlx::Error> {
    sqlx::query_as!(
        BookMember,
        r#"SELECT m.user_id, u.nickname, m.role AS "role: BookRole", m.added_at
           FROM ledger_book_members m JOIN users u ON u.id = m.user_id
           WHERE m.book_id = ? ORDER BY m.added_at, m.user_id"#,
        book
    )
    .fetch_all(db)
    .await
}

/// Locks the book's row until the transaction ends (limits counted under it hold).
pub async fn lock_book(db: impl MySqlExecutor<'_>, book: u64) -> Result<Option<u64>, sqlx::Error> {
    sqlx::query_scalar!("SELECT id FROM ledger_books WHERE id = ? FOR UPDATE", book).fetch_optional(db).await
}

/// Locks the member's `users` row until the transaction ends, so two books made at once by
/// the same member count each other.
pub async fn lock_owner(db: impl MySqlExecutor<'_>, owner: u64) -> Result<Option<u64>, sqlx::Error> {
    sqlx::query_scalar!("SELECT id FROM users WHERE id = ? FOR UPDATE", owner).fetch_optional(db).await
}

/// How many books `owner` owns.
pub async fn owned_count(db: impl MySqlExecutor<'_>, owner: u64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM ledger_books WHERE owner_id = ?"#, owner).fetch_one(db).await
}

pub async fn insert_book(db: impl MySqlExecutor<'_>, owner: u64, name: &str, currency: &str, opening: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query!(
        "INSERT INTO ledger_books (owner_id, name, currency, opening_balance) VALUES (?, ?, ?, ?)",
        owner,
        name,
        currency,
        opening
    )
    .execute(db)
    .await?;
    Ok(r.last_insert_id())
}

pub async fn update_book(db: &MySqlPool, book: u64, name: &str, opening: i64) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE ledger_books SET name = ?, opening_balance = ? WHERE id = ?", name, opening, book).execute(db).await?;
    Ok(())
}

/// Deletes a book and all it holds, children first (entries and rules point at categories
/// without a cascade, so the order matters).
pub async fn delete_book(conn: &mut MySqlConnection, book: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM ledger_entries WHERE book_id = ?", book).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM ledger_recurring WHERE book_id = ?", book).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM ledger_budgets WHERE book_id = ?", book).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM ledger_categories WHERE book_id = ?", book).execute(&mut *conn).await?;
    sqlx::query!("DELETE FROM ledger_books WHERE id = ?", book).execute(&mut *conn).await?;
    Ok(())
}

/// Shares the book with `user` as `role`, or changes the role of a member already there.
pub async fn upsert_member(db: impl MySqlExecutor<'_>, book: u64, user: u64, role: BookRole) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO ledger_book_members (book_id, user_id, role) VALUES (?, ?, ?)
         ON DUPLICATE KEY UPDATE role = VALUES(role)",
        book,
        user,
        role
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Takes `user` off the book (false when they were not on it).
pub async fn delete_member(db: &MySqlPool, book: u64, user: u64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!("DELETE FROM ledger_book_members WHERE book_id = ? AND user_id = ?", book, user).execute(db).await?;
    Ok(r.rows_affected() == 1)
}
