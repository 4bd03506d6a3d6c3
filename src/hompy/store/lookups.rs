//! The newest items for the home tab, and member search.

use super::*;

/// What the home tab lists: the newest four diary entries and photo posts the viewer may
/// read, and the newest four guestbook entries they may see (the page's secret-entry rule).
#[derive(Debug, Default)]
pub struct RecentRows {
    /// (id, title, created_at)
    pub diary: Vec<(u64, String, chrono::NaiveDateTime)>,
    /// (id, title, created_at, the first picture's thumbnail)
    pub photos: Vec<(u64, String, chrono::NaiveDateTime, Option<String>)>,
    /// (id, writer's nickname, body, created_at)
    pub guestbook: Vec<(u64, String, String, chrono::NaiveDateTime)>,
}

/// The three lists in one statement: a homepage is the site's most read page, and for lists
/// this small MariaDB spends more on each statement than on its rows.
pub async fn home_lists(db: &MySqlPool, owner: u64, allowed: &[Visibility], viewer: Option<u64>) -> Result<RecentRows, sqlx::Error> {
    use sqlx::Row;
    let viewer = viewer.unwrap_or(0);
    let mut q = sqlx::QueryBuilder::new(
        "SELECT kind, id, text, writer, created_at, thumb FROM (
           (SELECT 'D' AS kind, d.id, d.title AS text, NULL AS writer, d.created_at,
                   NULL AS thumb, d.entry_date AS day
            FROM diary_entries d WHERE d.owner_id = ",
    );
    q.push_bind(owner).push(" AND d.visibility IN ");
    push_list(&mut q, allowed.iter().copied());
    q.push(
        " ORDER BY d.entry_date DESC, d.id DESC LIMIT 4)
         UNION ALL
           (SELECT 'P', p.id, p.title, NULL, p.created_at,
                   (SELECT m.thumb FROM photo_media m WHERE m.post_id = p.id AND m.kind = 'IMAGE' ORDER BY m.position LIMIT 1), NULL
            FROM photo_posts p WHERE p.owner_id = ",
    );
    q.push_bind(owner).push(" AND p.visibility IN ");
    push_list(&mut q, allowed.iter().copied());
    q.push(
        " ORDER BY p.id DESC LIMIT 4)
         UNION ALL
           (SELECT 'G', g.id, g.body, u.nickname, g.created_at, NULL, NULL
            FROM guestbook_entries g JOIN users u ON u.id = g.writer_id WHERE g.owner_id = ",
    );
    q.push_bind(owner).push(" AND (g.secret = FALSE OR g.owner_id = ").push_bind(viewer).push(" OR g.writer_id = ").push_bind(viewer);
    // The union's order is not its parts' order: sort again, as each part did.
    q.push(") ORDER BY g.id DESC LIMIT 4)) recent ORDER BY kind, day DESC, id DESC");
    let mut out = RecentRows::default();
    for row in q.build().fetch_all(db).await? {
        let kind: String = row.try_get("kind")?;
        let (id, text, at): (u64, String, chrono::NaiveDateTime) = (row.try_get("id")?, row.try_get("text")?, row.try_get("created_at")?);
        match kind.as_str() {
            "D" => out.diary.push((id, text, at)),
            "P" => out.photos.push((id, text, at, row.try_get("thumb")?)),
            _ => out.guestbook.push((id, row.try_get::<Option<String>, _>("writer")?.unwrap_or_default(), text, at)),
        }
    }
    Ok(out)
}

/// Members by name or nickname (substring), or by exact email when `q` contains '@'.
pub async fn search(db: &MySqlPool, q: &str, page: u32, size: u32) -> Result<(Vec<SearchHit>, i64), sqlx::Error> {
    let offset = u64::from(page) * u64::from(size);
    if q.contains('@') {
        let rows = sqlx::query_as!(
            SearchHit,
            "SELECT u.id AS user_id, u.nickname, u.name, h.title, h.minimi, u.profile_img
             FROM users u JOIN homepages h ON h.user_id = u.id WHERE u.status = 'ACTIVE' AND u.email = ?
             ORDER BY u.nickname, u.id LIMIT ? OFFSET ?",
            q,
            size,
            offset
        )
        .fetch_all(db)
        .await?;
        let total = sqlx::query_scalar!(
            "SELECT COUNT(*) FROM users u JOIN homepages h ON h.user_id = u.id WHERE u.status = 'ACTIVE' AND u.email = ?",
            q
        )
        .fetch_one(db)
        .await?;
        return Ok((rows, total));
    }
    let pattern = crate::server::stores::like_contains(q);
    let rows = sqlx::query_as!(
        SearchHit,
        "SELECT u.id AS user_id, u.nickname, u.name, h.title, h.minimi, u.profile_img
         FROM users u JOIN homepages h ON h.user_id = u.id WHERE u.status = 'ACTIVE' AND (u.name LIKE ? OR u.nickname LIKE ?)
         ORDER BY u.nickname, u.id LIMIT ? OFFSET ?",
        pattern,
        pattern,
        size,
        offset
    )
    .fetch_all(db)
    .await?;
    let total = sqlx::query_scalar!(
        "SELECT COUNT(*) FROM users u JOIN homepages h ON h.user_id = u.id WHERE u.status = 'ACTIVE' AND (u.name LIKE ? OR u.nickname LIKE ?)",
        pattern,
        pattern
    )
    .fetch_one(db)
    .await?;
    Ok((rows, total))
}
