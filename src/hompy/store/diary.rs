//! Diary entries.

use super::*;

#[derive(FromRow)]
pub struct DiaryRow {
    pub id: u64,
    pub owner_id: u64,
    pub entry_date: chrono::NaiveDate,
    pub title: String,
    pub body: String,
    pub visibility: Visibility,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

pub async fn diary_page(
    db: &MySqlPool,
    owner: u64,
    allowed: &[Visibility],
    day: Option<chrono::NaiveDate>,
    page: u32,
    size: u32,
) -> Result<(Vec<DiaryRow>, i64), sqlx::Error> {
    // The same filter for the page and the count.
    let filter = |q: &mut sqlx::QueryBuilder<'_, MySql>| {
        q.push(" FROM diary_entries WHERE owner_id = ").push_bind(owner).push(" AND visibility IN ");
        push_list(q, allowed.iter().copied());
        if let Some(d) = day {
            q.push(" AND entry_date = ").push_bind(d);
        }
    };
    let mut q = sqlx::QueryBuilder::new("SELECT id, owner_id, entry_date, title, body, visibility, created_at, updated_at");
    filter(&mut q);
    q.push(" ORDER BY entry_date DESC, id DESC LIMIT ").push_bind(size).push(" OFFSET ").push_bind(u64::from(page) * u64::from(size));
    let rows = q.build_query_as().fetch_all(db).await?;
    let mut c = sqlx::QueryBuilder::new("SELECT COUNT(*)");
    filter(&mut c);
    let total = c.build_query_scalar().fetch_one(db).await?;
    Ok((rows, total))
}

pub async fn diary_days(
    db: &MySqlPool,
    owner: u64,
    allowed: &[Visibility],
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<u32>, sqlx::Error> {
    let mut q = sqlx::QueryBuilder::new("SELECT DISTINCT CAST(DAY(entry_date) AS SIGNED) FROM diary_entries WHERE owner_id = ");
    q.push_bind(owner).push(" AND visibility IN ");
    push_list(&mut q, allowed.iter().copied());
    q.push(" AND entry_date >= ").push_bind(from).push(" AND entry_date < ").push_bind(to).push(" ORDER BY 1");
    let days: Vec<i64> = q.build_query_scalar().fetch_all(db).await?;
    Ok(days.into_iter().map(|d| d as u32).collect())
}

pub async fn diary_get(db: &MySqlPool, id: u64) -> Result<Option<DiaryRow>, sqlx::Error> {
    sqlx::query_as!(
        DiaryRow,
        r#"SELECT id, owner_id, entry_date, title, body, visibility AS "visibility: Visibility", created_at, updated_at
         FROM diary_entries WHERE id = ?"#,
        id
    )
    .fetch_optional(db)
    .await
}

pub async fn diary_insert(
    db: &MySqlPool,
    owner: u64,
    date: chrono::NaiveDate,
    title: &str,
    body: &str,
    vis: Visibility,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "INSERT INTO diary_entries (owner_id, entry_date, title, body, visibility) VALUES (?, ?, ?, ?, ?)",
        owner,
        date,
        title,
        body,
        vis
    )
    .execute(db)
    .await?
    .last_insert_id())
}

pub async fn diary_update(
    db: &MySqlPool,
    id: u64,
    date: chrono::NaiveDate,
    title: &str,
    body: &str,
    vis: Visibility,
) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE diary_entries SET entry_date = ?, title = ?, body = ?, visibility = ? WHERE id = ?", date, title, body, vis, id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn diary_delete(db: &MySqlPool, id: u64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query!("DELETE FROM comments WHERE target_type = 'DIARY' AND target_id = ?", id).execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM diary_entries WHERE id = ?", id).execute(&mut *tx).await?;
    tx.commit().await
}
