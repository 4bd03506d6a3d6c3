//! MySQL access for homepages and their content. Rules (who may read or write what) live
//! in `service`; these functions only run the queries they are given.

use super::model::{Comment, Folder, HistoryItem, HompySummary, Media, MediaKind, SearchHit, TargetKind, Visibility};

crate::sql_word!(TargetKind, Visibility);
use sqlx::{FromRow, MySql, MySqlPool, Transaction};

/// An active member's homepage with its (Today, Total) for `day`: one statement, since the
/// frame shows both and every tab needs the homepage to exist.
pub async fn find(db: &MySqlPool, user_id: u64, day: chrono::NaiveDate) -> Result<Option<(HompySummary, u64, u64)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT h.user_id, u.nickname, h.title, h.intro, h.minimi, h.skin, h.bgm, h.main_photo, u.created_at AS joined_at,
                CAST(COALESCE((SELECT visitors FROM hompy_visit_days WHERE owner_id = h.user_id AND day = ?), 0) AS SIGNED) AS "today!: i64",
                CAST(h.visits_total AS SIGNED) AS "total!: i64"
         FROM homepages h JOIN users u ON u.id = h.user_id
         WHERE u.status = 'ACTIVE' AND h.user_id = ?"#,
        day,
        user_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| {
        let summary = HompySummary {
            user_id: r.user_id,
            nickname: r.nickname,
            title: r.title,
            intro: r.intro,
            minimi: r.minimi,
            skin: r.skin,
            bgm: r.bgm,
            main_photo: r.main_photo,
            joined_at: r.joined_at,
        };
        (summary, r.today.max(0) as u64, r.total.max(0) as u64)
    }))
}

/// The most recently changed homepages. The index is forced: on a table of narrow rows MariaDB
/// costs a scan and a sort of every homepage below walking the index for `limit` rows (it
/// picked the scan at 1,000 homepages), and the landing page runs this on every render.
pub async fn recent(db: &MySqlPool, limit: u32) -> Result<Vec<HompySummary>, sqlx::Error> {
    sqlx::query_as!(
        HompySummary,
        "SELECT h.user_id, u.nickname, h.title, h.intro, h.minimi, h.skin, h.bgm, h.main_photo, u.created_at AS joined_at
         FROM homepages h FORCE INDEX (ix_homepages_recent) JOIN users u ON u.id = h.user_id
         WHERE u.status = 'ACTIVE' ORDER BY h.updated_at DESC, h.user_id DESC LIMIT ?",
        limit
    )
    .fetch_all(db)
    .await
}

/// A random public home other than `exclude`.
pub async fn random(db: &MySqlPool, exclude: Option<u64>) -> Result<Option<u64>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT h.user_id FROM homepages h JOIN users u ON u.id = h.user_id
         WHERE u.status = 'ACTIVE' AND h.user_id <> ? ORDER BY RAND() LIMIT 1",
        exclude.unwrap_or(0)
    )
    .fetch_optional(db)
    .await
}

pub(super) use crate::server::stores::push_list;

mod album;
mod diary;
mod guestbook;
mod home;
mod lookups;
mod reactions;

pub use album::*;
pub use diary::*;
pub use guestbook::*;
pub use home::*;
pub use lookups::*;
pub use reactions::*;
