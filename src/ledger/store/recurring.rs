//! SQL of recurring rules. A period is claimed by moving `next_period` on with a conditional
//! UPDATE inside the writer's transaction (`claim_period`); the entry itself is written with
//! `insert_entry` (entries.rs) in the same transaction.

use super::super::model::{EntryKind, PayMethod};
use chrono::NaiveDate;
use sqlx::{MySqlExecutor, MySqlPool};

/// A rule with its category's name.
#[derive(Debug, Clone)]
pub struct RuleRow {
    pub id: u64,
    pub book_id: u64,
    pub kind: EntryKind,
    pub amount: i64,
    pub category_id: u64,
    pub category_name: String,
    pub method: PayMethod,
    pub memo: String,
    pub day_of_month: u8,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// The first period ("YYYY-MM") not yet written.
    pub next_period: String,
    pub created_by: u64,
}

/// The book's rules, oldest first.
pub async fn rules_of(db: &MySqlPool, book: u64) -> Result<Vec<RuleRow>, sqlx::Error> {
    sqlx::query_as!(
        RuleRow,
        r#"SELECT r.id, r.book_id, r.kind AS "kind: EntryKind", CAST(r.amount AS SIGNED) AS "amount!: i64",
                  r.category_id, c.name AS category_name, r.method AS "method: PayMethod", r.memo,
                  r.day_of_month, r.starts_on, r.ends_on, r.next_period, r.created_by
           FROM ledger_recurring r JOIN ledger_categories c ON c.id = r.category_id
           WHERE r.book_id = ? ORDER BY r.id"#,
        book
    )
    .fetch_all(db)
    .await
}

pub async fn rule_get(db: &MySqlPool, id: u64) -> Result<Option<RuleRow>, sqlx::Error> {
    sqlx::query_as!(
        RuleRow,
        r#"SELECT r.id, r.book_id, r.kind AS "kind: EntryKind", CAST(r.amount AS SIGNED) AS "amount!: i64",
                  r.category_id, c.name AS category_name, r.method AS "method: PayMethod", r.memo,
                  r.day_of_month, r.starts_on, r.ends_on, r.next_period, r.created_by
           FROM ledger_recurring r JOIN ledger_categories c ON c.id = r.category_id
           WHERE r.id = ?"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// Every rule of every book with a period of `month` ("YYYY-MM") or earlier still to write,
/// leaving out those whose end came before that period.
pub async fn due_rules(db: &MySqlPool, month: &str) -> Result<Vec<RuleRow>, sqlx::Error> {
    sqlx::query_as!(
        RuleRow,
        r#"SELECT r.id, r.book_id, r.kind AS "kind: EntryKind", CAST(r.amount AS SIGNED) AS "amount!: i64",
                  r.category_id, c.name AS category_name, r.method AS "method: PayMethod", r.memo,
                  r.day_of_month, r.starts_on, r.ends_on, r.next_period, r.created_by
           FROM ledger_recurring r JOIN ledger_categories c ON c.id = r.category_id
           WHERE r.next_period <= ?
             AND (r.ends_on IS NULL OR r.ends_on >= STR_TO_DATE(CONCAT(r.next_period, '-01'), '%Y-%m-%d'))
           ORDER BY r.id"#,
        month
    )
    .fetch_all(db)
    .await
}

/// How many rules the book holds.
pub async fn rule_count(db: impl MySqlExecutor<'_>, book: u64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM ledger_recurring WHERE book_id = ?"#, book).fetch_one(db).await
}

/// A rule as it is made (the service checked it).
#[derive(Debug, Clone)]
pub struct NewRule<'a> {
    pub book: u64,
    pub kind: EntryKind,
    pub amount: i64,
    pub category_id: u64,
    pub method: PayMethod,
    pub memo: &'a str,
    pub day_of_month: u8,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub next_period: &'a str,
    pub created_by: u64,
}

pub async fn insert_rule(db: impl MySqlExecutor<'_>, r: &NewRule<'_>) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "INSERT INTO ledger_recurring
             (book_id, kind, amount, category_id, method, memo, day_of_month, starts_on, ends_on, next_period, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        r.book,
        r.kind,
        r.amount,
        r.category_id,
        r.method,
        r.memo,
        r.day_of_month,
        r.starts_on,
        r.ends_on,
        r.next_period,
        r.created_by
    )
    .execute(db)
    .await?;
    Ok(done.last_insert_id())
}

/// Deletes a rule (its entries stay, their `recurring_id` set to NULL by the key).
pub async fn delete_rule(db: &MySqlPool, id: u64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!("DELETE FROM ledger_recurring WHERE id = ?", id).execute(db).await?;
    Ok(done.rows_affected() == 1)
}

/// Claims period `from` of a rule by moving `next_period` on to `to`, only if it still is
/// `from`: true for exactly one of any number of runners racing for it (the row lock makes
/// the others wait, then find it moved and change nothing).
pub async fn claim_period(db: impl MySqlExecutor<'_>, id: u64, from: &str, to: &str) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query!("UPDATE ledger_recurring SET next_period = ? WHERE id = ? AND next_period = ?", to, id, from).execute(db).await?;
    Ok(done.rows_affected() == 1)
}

/// Where a rule stands now (None: deleted meanwhile).
pub async fn next_period_of(db: &MySqlPool, id: u64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("SELECT next_period FROM ledger_recurring WHERE id = ?", id).fetch_optional(db).await
}
