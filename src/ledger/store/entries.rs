//! SQL of entries: writing, the trash, the search. Writes take any executor (the pool, or a
//! transaction's connection as `&mut *tx`), so the recurring job and the CSV import write
//! entries inside their own transactions with `insert_entry`.

use super::super::model::{Entry, EntryInput, EntryKind, EntryQuery, PayMethod, SEARCH_PAGE, TRASH_DAYS};
use crate::server::stores::like_contains;
use chrono::{NaiveDate, NaiveDateTime};
use sqlx::{MySql, MySqlConnection, MySqlExecutor, MySqlPool, QueryBuilder};

/// Writes one entry of `book` (the caller checked it; `input.memo` is stored as given, so
/// trim it first). `recurring` = (rule, period "YYYY-MM") for an entry a rule writes: a
/// second write of the same period fails on the unique key. Returns the new id.
pub async fn insert_entry(
    db: impl MySqlExecutor<'_>,
    book: u64,
    input: &EntryInput,
    created_by: u64,
    recurring: Option<(u64, &str)>,
) -> Result<u64, sqlx::Error> {
    let (rule, period) = recurring.unzip();
    let r = sqlx::query!(
        "INSERT INTO ledger_entries (book_id, kind, amount, category_id, method, memo, occurred_on, created_by, recurring_id, recurring_period)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        book,
        input.kind,
        input.amount,
        input.category_id,
        input.method,
        input.memo,
        input.occurred_on,
        created_by,
        rule,
        period
    )
    .execute(db)
    .await?;
    Ok(r.last_insert_id())
}

/// Rows one multi-row INSERT of `insert_entries` carries (8 binds each: far below the
/// protocol's 65,535 placeholders, and a statement of a few hundred kilobytes).
const INSERT_CHUNK: usize = 500;

/// Writes many entries of `book` by one writer (the CSV import; the caller checked them and
/// trimmed their memos), a few hundred rows per INSERT. Run it inside a transaction so they
/// are written all or none.
pub async fn insert_entries(conn: &mut MySqlConnection, book: u64, entries: &[EntryInput], created_by: u64) -> Result<(), sqlx::Error> {
    for chunk in entries.chunks(INSERT_CHUNK) {
        let mut q = QueryBuilder::<MySql>::new(
            "INSERT INTO ledger_entries (book_id, kind, amount, category_id, method, memo, occurred_on, created_by) ",
        );
        q.push_values(chunk, |mut row, e| {
            row.push_bind(book)
                .push_bind(e.kind)
                .push_bind(e.amount)
                .push_bind(e.category_id)
                .push_bind(e.method)
                .push_bind(&e.memo)
                .push_bind(e.occurred_on)
                .push_bind(created_by);
        });
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// One entry with its category and writer (in the trash or not); None when there is none.
pub async fn entry_get(db: impl MySqlExecutor<'_>, id: u64) -> Result<Option<Entry>, sqlx::Error> {
    sqlx::query_as!(
        Entry,
        r#"SELECT e.id, e.book_id, e.kind AS "kind: EntryKind", CAST(e.amount AS SIGNED) AS "amount!: i64",
                  e.category_id, c.name AS category_name, c.color AS category_color,
                  e.method AS "method: PayMethod", e.memo, e.occurred_on, e.recurring_id,
                  COALESCE(u.nickname, '') AS "created_by_nickname!: String", e.deleted_at
           FROM ledger_entries e
           JOIN ledger_categories c ON c.id = e.category_id
           LEFT JOIN users u ON u.id = e.created_by
           WHERE e.id = ?"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// How many entries the book holds, the trash included (MAX_ENTRIES counts both).
pub async fn entry_count(db: impl MySqlExecutor<'_>, book: u64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM ledger_entries WHERE book_id = ?"#, book).fetch_one(db).await
}

/// Rewrites a live entry (a trashed one is left alone: false).
pub async fn update_entry(db: impl MySqlExecutor<'_>, id: u64, input: &EntryInput) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "UPDATE ledger_entries SET kind = ?, amount = ?, category_id = ?, method = ?, memo = ?, occurred_on = ?
         WHERE id = ? AND deleted_at IS NULL",
        input.kind,
        input.amount,
        input.category_id,
        input.method,
        input.memo,
        input.occurred_on,
        id
    )
    .execute(db)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Moves a live entry to the trash (false when it already was there).
pub async fn trash_entry(db: impl MySqlExecutor<'_>, id: u64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!("UPDATE ledger_entries SET deleted_at = CURRENT_TIMESTAMP(3) WHERE id = ? AND deleted_at IS NULL", id)
        .execute(db)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Takes an entry out of the trash when it went there less than TRASH_DAYS ago (false
/// otherwise: not in the trash, or too long ago).
pub async fn restore_entry(db: impl MySqlExecutor<'_>, id: u64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "UPDATE ledger_entries SET deleted_at = NULL
         WHERE id = ? AND deleted_at IS NOT NULL AND deleted_at > CURRENT_TIMESTAMP(3) - INTERVAL ? DAY",
        id,
        TRASH_DAYS
    )
    .execute(db)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Deletes for good the entries in the trash for longer than TRASH_DAYS; returns how many.
pub async fn purge_trash(db: impl MySqlExecutor<'_>) -> Result<u64, sqlx::Error> {
    let r = sqlx::query!("DELETE FROM ledger_entries WHERE deleted_at <= CURRENT_TIMESTAMP(3) - INTERVAL ? DAY", TRASH_DAYS)
        .execute(db)
        .await?;
    Ok(r.rows_affected())
}

/// One search hit (the same columns as `entry_get`, read by name).
#[derive(sqlx::FromRow)]
struct EntryRow {
    id: u64,
    book_id: u64,
    kind: EntryKind,
    amount: i64,
    category_id: u64,
    category_name: String,
    category_color: String,
    method: PayMethod,
    memo: String,
    occurred_on: NaiveDate,
    recurring_id: Option<u64>,
    created_by_nickname: String,
    deleted_at: Option<NaiveDateTime>,
}

impl From<EntryRow> for Entry {
    fn from(r: EntryRow) -> Self {
        Entry {
            id: r.id,
            book_id: r.book_id,
            kind: r.kind,
            amount: r.amount,
            category_id: r.category_id,
            category_name: r.category_name,
            category_color: r.category_color,
            method: r.method,
            memo: r.memo,
            occurred_on: r.occurred_on,
            recurring_id: r.recurring_id,
            created_by_nickname: r.created_by_nickname,
            deleted_at: r.deleted_at,
        }
    }
}

/// What matched a search, all pages: how many, and the sums of income and expense.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct SearchTotals {
    pub total: i64,
    pub income: i64,
    pub expense: i64,
}

/// The WHERE of a search (the service checked the query): only binds enter the SQL.
fn push_filters<'a>(q: &mut QueryBuilder<'a, MySql>, book: u64, query: &'a EntryQuery) {
    q.push(" WHERE e.book_id = ").push_bind(book);
    if query.trash {
        q.push(" AND e.deleted_at IS NOT NULL AND e.deleted_at > CURRENT_TIMESTAMP(3) - INTERVAL ").push_bind(TRASH_DAYS).push(" DAY");
    } else {
        q.push(" AND e.deleted_at IS NULL");
    }
    let memo = query.q.trim();
    if !memo.is_empty() {
        q.push(" AND e.memo LIKE ").push_bind(like_contains(memo));
    }
    if let Some(kind) = query.kind {
        q.push(" AND e.kind = ").push_bind(kind);
    }
    if let Some(category) = query.category_id {
        q.push(" AND e.category_id = ").push_bind(category);
    }
    if let Some(min) = query.min_amount {
        q.push(" AND e.amount >= ").push_bind(min);
    }
    if let Some(max) = query.max_amount {
        q.push(" AND e.amount <= ").push_bind(max);
    }
    if let Some(from) = query.from {
        q.push(" AND e.occurred_on >= ").push_bind(from);
    }
    if let Some(to) = query.to {
        q.push(" AND e.occurred_on <= ").push_bind(to);
    }
}

/// One page (1-based) of a book's entries matching `query`: the trash newest deletion
/// first, else by date and id, newest first.
pub async fn search(db: &MySqlPool, book: u64, query: &EntryQuery, page: u32) -> Result<Vec<Entry>, sqlx::Error> {
    let mut q = QueryBuilder::new(
        "SELECT e.id, e.book_id, e.kind, CAST(e.amount AS SIGNED) AS amount, e.category_id,
                c.name AS category_name, c.color AS category_color, e.method, e.memo, e.occurred_on,
                e.recurring_id, COALESCE(u.nickname, '') AS created_by_nickname, e.deleted_at
         FROM ledger_entries e
         JOIN ledger_categories c ON c.id = e.category_id
         LEFT JOIN users u ON u.id = e.created_by",
    );
    push_filters(&mut q, book, query);
    if query.trash {
        q.push(" ORDER BY e.deleted_at DESC, e.id DESC");
    } else {
        q.push(" ORDER BY e.occurred_on DESC, e.id DESC");
    }
    let offset = u64::from(page.saturating_sub(1)) * u64::from(SEARCH_PAGE);
    q.push(" LIMIT ").push_bind(SEARCH_PAGE).push(" OFFSET ").push_bind(offset);
    let rows: Vec<EntryRow> = q.build_query_as().fetch_all(db).await?;
    Ok(rows.into_iter().map(Entry::from).collect())
}

/// How many entries match `query`, and their income and expense.
pub async fn search_totals(db: &MySqlPool, book: u64, query: &EntryQuery) -> Result<SearchTotals, sqlx::Error> {
    let mut q = QueryBuilder::new(
        "SELECT COUNT(*) AS total,
                CAST(COALESCE(SUM(CASE WHEN e.kind = 'INCOME' THEN e.amount END), 0) AS SIGNED) AS income,
                CAST(COALESCE(SUM(CASE WHEN e.kind = 'EXPENSE' THEN e.amount END), 0) AS SIGNED) AS expense
         FROM ledger_entries e",
    );
    push_filters(&mut q, book, query);
    q.build_query_as().fetch_one(db).await
}
