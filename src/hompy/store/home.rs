//! Homepages: title, intro, 미니미, history, main photo, and the visitor counters.

use super::*;

pub async fn owned_minimi(db: &MySqlPool, user_id: u64) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query_scalar!("SELECT minimi FROM owned_minimi WHERE user_id = ? ORDER BY acquired_at", user_id).fetch_all(db).await?;
    let mut all: Vec<String> = crate::hompy::model::DEFAULT_MINIMI.iter().map(|s| (*s).to_owned()).collect();
    for m in rows {
        if !all.contains(&m) {
            all.push(m);
        }
    }
    Ok(all)
}

/// Saves title, intro and 미니미, and records title/intro changes in the history.
pub async fn update_home(db: &MySqlPool, user_id: u64, title: &str, intro: &str, minimi: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    let old = sqlx::query!("SELECT title, intro FROM homepages WHERE user_id = ? FOR UPDATE", user_id).fetch_one(&mut *tx).await?;
    for (field, old, new) in [("TITLE", &old.title, title), ("INTRO", &old.intro, intro)] {
        if old != new {
            sqlx::query!(
                "INSERT INTO homepage_history (user_id, field, old_value, new_value) VALUES (?, ?, ?, ?)",
                user_id,
                field,
                old,
                new
            )
            .execute(&mut *tx)
            .await?;
        }
    }
    sqlx::query!("UPDATE homepages SET title = ?, intro = ?, minimi = ? WHERE user_id = ?", title, intro, minimi, user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

pub async fn history(db: &MySqlPool, user_id: u64) -> Result<Vec<HistoryItem>, sqlx::Error> {
    sqlx::query_as!(
        HistoryItem,
        "SELECT field, old_value, new_value, changed_at FROM homepage_history WHERE user_id = ? ORDER BY id DESC LIMIT 20",
        user_id
    )
    .fetch_all(db)
    .await
}

/// Sets the main photo; returns the file it replaces.
pub async fn set_main_photo(db: &MySqlPool, user_id: u64, file: &str) -> Result<Option<String>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let old =
        sqlx::query_scalar!("SELECT main_photo FROM homepages WHERE user_id = ? FOR UPDATE", user_id).fetch_optional(&mut *tx).await?;
    sqlx::query!("UPDATE homepages SET main_photo = ? WHERE user_id = ?", file, user_id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(old.flatten())
}

/// Adds one unique visitor to `day` and to the total, in one transaction.
pub async fn add_visit(db: &MySqlPool, owner: u64, day: chrono::NaiveDate) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query!(
        "INSERT INTO hompy_visit_days (owner_id, day, visitors) VALUES (?, ?, 1)
         ON DUPLICATE KEY UPDATE visitors = visitors + 1",
        owner,
        day
    )
    .execute(&mut *tx)
    .await?;
    // updated_at stays: it orders the landing page by what owners changed, not by visits.
    sqlx::query!("UPDATE homepages SET visits_total = visits_total + 1, updated_at = updated_at WHERE user_id = ?", owner)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// Adds a 미니미 to the member's wardrobe inside the caller's transaction (the shop's purchase).
pub async fn grant_minimi(conn: &mut sqlx::MySqlConnection, user_id: u64, minimi: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("INSERT IGNORE INTO owned_minimi (user_id, minimi) VALUES (?, ?)", user_id, minimi).execute(conn).await?;
    Ok(())
}

pub async fn set_minimi(db: &MySqlPool, user_id: u64, minimi: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE homepages SET minimi = ? WHERE user_id = ?", minimi, user_id).execute(db).await?;
    Ok(())
}

pub async fn set_skin(db: &MySqlPool, user_id: u64, skin: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE homepages SET skin = ? WHERE user_id = ?", skin, user_id).execute(db).await?;
    Ok(())
}

pub async fn set_bgm(db: &MySqlPool, user_id: u64, bgm: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE homepages SET bgm = ? WHERE user_id = ?", bgm, user_id).execute(db).await?;
    Ok(())
}

/// The equipped skin and playlist as stored.
pub async fn appearance(db: &MySqlPool, user_id: u64) -> Result<Option<(String, Option<String>, Option<String>)>, sqlx::Error> {
    let row = sqlx::query!("SELECT minimi, skin, bgm FROM homepages WHERE user_id = ?", user_id).fetch_optional(db).await?;
    Ok(row.map(|r| (r.minimi, r.skin, r.bgm)))
}
