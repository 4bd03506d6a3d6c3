//! SQL of the sums: a month's entries, the sums before a day and per month, budgets, and
//! the whole book for the CSV export. Only live entries count (the trash is left out);
//! MariaDB sums to DECIMAL, so every sum is `CAST(... AS SIGNED)` into an i64.

use super::super::model::{Entry, EntryKind, PayMethod};
use chrono::NaiveDate;
use sqlx::{MySqlExecutor, MySqlPool};

/// Income and expense summed over some entries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sums {
    pub income: i64,
    pub expense: i64,
}

/// The sums of the book's live entries before `day`.
pub async fn sums_before(db: &MySqlPool, book: u64, day: NaiveDate) -> Result<Sums, sqlx::Error> {
    sqlx::query_as!(
        Sums,
        r#"SELECT CAST(COALESCE(SUM(CASE WHEN kind = 'INCOME' THEN amount END), 0) AS SIGNED) AS "income!: i64",
                  CAST(COALESCE(SUM(CASE WHEN kind = 'EXPENSE' THEN amount END), 0) AS SIGNED) AS "expense!: i64"
           FROM ledger_entries
           WHERE book_id = ? AND deleted_at IS NULL AND occurred_on < ?"#,
        book,
        day
    )
    .fetch_one(db)
    .await
}

/// One month's sums (`month` "YYYY-MM").
#[derive(Debug, Clone)]
pub struct MonthSums {
    pub month: String,
    pub income: i64,
    pub expense: i64,
}

/// The sums of each month with live entries in `from..until` (months without are absent).
pub async fn monthly_sums(db: &MySqlPool, book: u64, from: NaiveDate, until: NaiveDate) -> Result<Vec<MonthSums>, sqlx::Error> {
    sqlx::query_as!(
        MonthSums,
        r#"SELECT DATE_FORMAT(occurred_on, '%Y-%m') AS "month!: String",
                  CAST(COALESCE(SUM(CASE WHEN kind = 'INCOME' THEN amount END), 0) AS SIGNED) AS "income!: i64",
                  CAST(COALESCE(SUM(CASE WHEN kind = 'EXPENSE' THEN amount END), 0) AS SIGNED) AS "expense!: i64"
           FROM ledger_entries
           WHERE book_id = ? AND deleted_at IS NULL AND occurred_on >= ? AND occurred_on < ?
           GROUP BY DATE_FORMAT(occurred_on, '%Y-%m')"#,
        book,
        from,
        until
    )
    .fetch_all(db)
    .await
}

/// The book's live entries of `from..until`, newest day first and, within a day, newest first.
pub async fn entries_between(db: &MySqlPool, book: u64, from: NaiveDate, until: NaiveDate) -> Result<Vec<Entry>, sqlx::Error> {
    sqlx::query_as!(
        Entry,
        r#"SELECT e.id, e.book_id, e.kind AS "kind: EntryKind", CAST(e.amount AS SIGNED) AS "amount!: i64",
                  e.category_id, c.name AS category_name, c.color AS category_color,
                  e.method AS "method: PayMethod", e.memo, e.occurred_on, e.recurring_id,
                  COALESCE(u.nickname, '') AS "created_by_nickname!: String", e.deleted_at
           FROM ledger_entries e
           JOIN ledger_categories c ON c.id = e.category_id
           LEFT JOIN users u ON u.id = e.created_by
           WHERE e.book_id = ? AND e.deleted_at IS NULL AND e.occurred_on >= ? AND e.occurred_on < ?
           ORDER BY e.occurred_on DESC, e.id DESC"#,
        book,
        from,
        until
    )
    .fetch_all(db)
    .await
}

/// One line of the CSV export: an entry with its category's name.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub occurred_on: NaiveDate,
    pub kind: EntryKind,
    pub category: String,
    pub amount: i64,
    pub method: PayMethod,
    pub memo: String,
}

/// Every live entry of the book, oldest first (the order they were written within a day).
pub async fn export_rows(db: &MySqlPool, book: u64) -> Result<Vec<ExportRow>, sqlx::Error> {
    sqlx::query_as!(
        ExportRow,
        r#"SELECT e.occurred_on, e.kind AS "kind: EntryKind", c.name AS category,
                  CAST(e.amount AS SIGNED) AS "amount!: i64", e.method AS "method: PayMethod", e.memo
           FROM ledger_entries e
           JOIN ledger_categories c ON c.id = e.category_id
           WHERE e.book_id = ? AND e.deleted_at IS NULL
           ORDER BY e.occurred_on, e.id"#,
        book
    )
    .fetch_all(db)
    .await
}

/// A category's budget in effect for a month.
#[derive(Debug, Clone)]
pub struct BudgetRow {
    pub category_id: u64,
    pub name: String,
    pub color: String,
    pub amount: i64,
}

/// The budgets in effect in `month` ("YYYY-MM"): for each expense category, its latest row
/// from that month or before, when that row's amount is not 0 (0 ends a budget).
pub async fn budgets_in(db: &MySqlPool, book: u64, month: &str) -> Result<Vec<BudgetRow>, sqlx::Error> {
    sqlx::query_as!(
        BudgetRow,
        r#"SELECT b.category_id, c.name, c.color, CAST(b.amount AS SIGNED) AS "amount!: i64"
           FROM ledger_budgets b
           JOIN ledger_categories c ON c.id = b.category_id
           WHERE b.book_id = ? AND c.kind = 'EXPENSE' AND b.amount > 0
             AND b.month = (SELECT MAX(b2.month) FROM ledger_budgets b2
                            WHERE b2.book_id = b.book_id AND b2.category_id = b.category_id AND b2.month <= ?)"#,
        book,
        month
    )
    .fetch_all(db)
    .await
}

/// Sets a category's budget from `month` on (the caller checked it); 0 ends it.
pub async fn upsert_budget(db: impl MySqlExecutor<'_>, book: u64, category: u64, month: &str, amount: i64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO ledger_budgets (book_id, category_id, month, amount) VALUES (?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE amount = VALUES(amount)",
        book,
        category,
        month,
        amount
    )
    .execute(db)
    .await?;
    Ok(())
}
