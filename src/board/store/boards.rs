//! Boards and the members' pins.

use super::super::model::BoardCategory;
use sqlx::{MySql, MySqlPool, QueryBuilder};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BoardRow {
    pub id: u64,
    pub school_id: u64,
    pub category: BoardCategory,
    pub name: String,
    pub description: String,
    pub anonymous_allowed: bool,
    pub questions_allowed: bool,
    pub retired: bool,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

pub async fn board(db: &MySqlPool, id: u64) -> Result<Option<BoardRow>, sqlx::Error> {
    sqlx::query_as!(
        BoardRow,
        r#"SELECT id, school_id, category AS "category: BoardCategory", name, description,
                  anonymous_allowed AS "anonymous_allowed: bool", questions_allowed AS "questions_allowed: bool",
                  retired AS "retired: bool", created_at, updated_at
           FROM boards WHERE id = ?"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// Boards, optionally of one school and with a name containing `like` (already a LIKE
/// pattern), by school, category and name.
pub async fn boards(db: &MySqlPool, school_id: Option<u64>, like: Option<&str>) -> Result<Vec<BoardRow>, sqlx::Error> {
    let mut q: QueryBuilder<MySql> = QueryBuilder::new(
        "SELECT id, school_id, category, name, description, anonymous_allowed, questions_allowed, retired, created_at, updated_at \
         FROM boards WHERE 1 = 1",
    );
    if let Some(school) = school_id {
        q.push(" AND school_id = ").push_bind(school);
    }
    if let Some(like) = like {
        q.push(" AND name LIKE ").push_bind(like.to_owned());
    }
    q.push(" ORDER BY school_id, category, name, id");
    q.build_query_as::<BoardRow>().fetch_all(db).await
}

pub async fn pinned_ids(db: &MySqlPool, user: u64) -> Result<Vec<u64>, sqlx::Error> {
    sqlx::query_scalar!("SELECT board_id FROM board_pins WHERE user_id = ? ORDER BY created_at, board_id", user).fetch_all(db).await
}

pub async fn pin(db: &MySqlPool, user: u64, board: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("INSERT IGNORE INTO board_pins (user_id, board_id) VALUES (?, ?)", user, board).execute(db).await?;
    Ok(())
}

pub async fn unpin(db: &MySqlPool, user: u64, board: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM board_pins WHERE user_id = ? AND board_id = ?", user, board).execute(db).await?;
    Ok(())
}

pub struct BoardFields<'a> {
    pub school_id: u64,
    pub category: BoardCategory,
    pub name: &'a str,
    pub description: &'a str,
    pub anonymous_allowed: bool,
    pub questions_allowed: bool,
    pub retired: bool,
}

pub async fn insert_board(db: &MySqlPool, b: &BoardFields<'_>) -> Result<u64, sqlx::Error> {
    let r = sqlx::query!(
        "INSERT INTO boards (school_id, category, name, description, anonymous_allowed, questions_allowed, retired)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        b.school_id,
        b.category,
        b.name,
        b.description,
        b.anonymous_allowed,
        b.questions_allowed,
        b.retired
    )
    .execute(db)
    .await?;
    Ok(r.last_insert_id())
}

pub async fn update_board(db: &MySqlPool, id: u64, b: &BoardFields<'_>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE boards SET category = ?, name = ?, description = ?, anonymous_allowed = ?, questions_allowed = ?, retired = ?
         WHERE id = ?",
        b.category,
        b.name,
        b.description,
        b.anonymous_allowed,
        b.questions_allowed,
        b.retired,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}
