//! SQL of a book's categories. Reads take any executor (the pool, or a transaction's
//! connection as `&mut *tx`), so the CSV import can use them inside its transaction.

use super::super::model::{Category, EntryKind};
use sqlx::{MySql, MySqlExecutor, QueryBuilder};

/// A category row as the model shows it (`archived` from `archived_at`).
struct CategoryRow {
    id: u64,
    kind: EntryKind,
    name: String,
    color: String,
    position: u16,
    archived: bool,
}

impl From<CategoryRow> for Category {
    fn from(r: CategoryRow) -> Self {
        Category { id: r.id, kind: r.kind, name: r.name, color: r.color, position: r.position, archived: r.archived }
    }
}

/// Every category of a book (archived too, flagged), by kind (income first) then position.
pub async fn categories_of(db: impl MySqlExecutor<'_>, book: u64) -> Result<Vec<Category>, sqlx::Error> {
    let rows = sqlx::query_as!(
        CategoryRow,
        r#"SELECT id, kind AS "kind: EntryKind", name, color, position,
                  (archived_at IS NOT NULL) AS "archived!: bool"
           FROM ledger_categories WHERE book_id = ? ORDER BY kind, position, id"#,
        book
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Category::from).collect())
}

/// The category `id` when it belongs to `book` (None for a missing id or another book's).
pub async fn category_in_book(db: impl MySqlExecutor<'_>, book: u64, id: u64) -> Result<Option<Category>, sqlx::Error> {
    let row = sqlx::query_as!(
        CategoryRow,
        r#"SELECT id, kind AS "kind: EntryKind", name, color, position,
                  (archived_at IS NOT NULL) AS "archived!: bool"
           FROM ledger_categories WHERE id = ? AND book_id = ?"#,
        id,
        book
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(Category::from))
}

/// The book's category of `kind` named exactly `name` (archived too), if any.
pub async fn category_by_name(db: impl MySqlExecutor<'_>, book: u64, kind: EntryKind, name: &str) -> Result<Option<Category>, sqlx::Error> {
    let row = sqlx::query_as!(
        CategoryRow,
        r#"SELECT id, kind AS "kind: EntryKind", name, color, position,
                  (archived_at IS NOT NULL) AS "archived!: bool"
           FROM ledger_categories WHERE book_id = ? AND kind = ? AND name = ?"#,
        book,
        kind,
        name
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(Category::from))
}

/// How many categories the book holds (archived ones count).
pub async fn category_count(db: impl MySqlExecutor<'_>, book: u64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(r#"SELECT COUNT(*) AS "n!: i64" FROM ledger_categories WHERE book_id = ?"#, book).fetch_one(db).await
}

/// The position after the last category of `kind` in the book (0 for the first).
pub async fn next_position(db: impl MySqlExecutor<'_>, book: u64, kind: EntryKind) -> Result<u16, sqlx::Error> {
    let n = sqlx::query_scalar!(
        r#"SELECT CAST(COALESCE(MAX(position) + 1, 0) AS SIGNED) AS "n!: i64" FROM ledger_categories WHERE book_id = ? AND kind = ?"#,
        book,
        kind
    )
    .fetch_one(db)
    .await?;
    Ok(u16::try_from(n).unwrap_or(u16::MAX))
}

/// Adds a category (the caller checked the name, colour and limit); returns its id. A
/// duplicate (book, kind, name) fails on the unique key.
pub async fn insert_category(
    db: impl MySqlExecutor<'_>,
    book: u64,
    kind: EntryKind,
    name: &str,
    color: &str,
    position: u16,
) -> Result<u64, sqlx::Error> {
    let r = sqlx::query!(
        "INSERT INTO ledger_categories (book_id, kind, name, color, position) VALUES (?, ?, ?, ?, ?)",
        book,
        kind,
        name,
        color,
        position
    )
    .execute(db)
    .await?;
    Ok(r.last_insert_id())
}

/// A category as it is added (the caller checked it).
#[derive(Debug, Clone, Copy)]
pub struct NewCategory<'a> {
    pub kind: EntryKind,
    pub name: &'a str,
    pub color: &'a str,
    pub position: u16,
}

/// Adds several categories to a book in one INSERT (a new book's defaults).
pub async fn insert_categories(db: impl MySqlExecutor<'_>, book: u64, categories: &[NewCategory<'_>]) -> Result<(), sqlx::Error> {
    if categories.is_empty() {
        return Ok(());
    }
    let mut q = QueryBuilder::<MySql>::new("INSERT INTO ledger_categories (book_id, kind, name, color, position) ");
    q.push_values(categories, |mut row, c| {
        row.push_bind(book).push_bind(c.kind).push_bind(c.name).push_bind(c.color).push_bind(c.position);
    });
    q.build().execute(db).await?;
    Ok(())
}

/// Rewrites a category's name, colour, position and archived state (the caller merged the
/// patch into the current values). Archiving keeps the first time it was archived.
pub async fn update_category(
    db: impl MySqlExecutor<'_>,
    id: u64,
    name: &str,
    color: &str,
    position: u16,
    archived: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE ledger_categories
         SET name = ?, color = ?, position = ?,
             archived_at = CASE WHEN ? THEN COALESCE(archived_at, CURRENT_TIMESTAMP(3)) ELSE NULL END
         WHERE id = ?",
        name,
        color,
        position,
        archived,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}
