//! The newest items for the home tab, and member search.

use super::*;

/// (id, title, created_at, thumb) of the newest readable diary entries.
pub async fn recent_diary(
    db: &MySqlPool,
    owner: u64,
    allowed: &[Visibility],
) -> Result<Vec<(u64, String, chrono::NaiveDateTime)>, sqlx::Error> {
    let mut q = sqlx::QueryBuilder::new("SELECT id, title, created_at FROM diary_entries WHERE owner_id = ");
    q.push_bind(owner).push(" AND visibility IN ");
    push_list(&mut q, allowed.iter().copied());
    q.push(" ORDER BY entry_date DESC, id DESC LIMIT 4");
    q.build_query_as().fetch_all(db).await
}

pub async fn recent_photos(
    db: &MySqlPool,
    owner: u64,
    allowed: &[Visibility],
) -> Result<Vec<(u64, String, chrono::NaiveDateTime, Option<String>)>, sqlx::Error> {
    let mut q = sqlx::QueryBuilder::new(
        "SELECT p.id, p.title, p.created_at,
                (SELECT COALESCE(m.thumb, NULL) FROM photo_media m WHERE m.post_id = p.id AND m.kind = 'IMAGE' ORDER BY m.position LIMIT 1)
         FROM photo_posts p WHERE p.owner_id = ",
    );
    q.push_bind(owner).push(" AND p.visibility IN ");
    push_list(&mut q, allowed.iter().copied());
    q.push(" ORDER BY p.id DESC LIMIT 4");
    q.build_query_as().fetch_all(db).await
}

/// The newest four entries the viewer may read (the same secret-entry rule as the page).
pub async fn recent_guestbook(db: &MySqlPool, owner: u64, viewer: Option<u64>) -> Result<Vec<GuestbookRow>, sqlx::Error> {
    Ok(guestbook_page(db, owner, viewer, 0, 4).await?.0)
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
