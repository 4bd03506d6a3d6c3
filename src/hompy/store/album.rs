//! The photo album: folders, posts and their media.

use super::*;

pub async fn folders(db: &MySqlPool, owner: u64, allowed: &[Visibility]) -> Result<Vec<Folder>, sqlx::Error> {
    let mut q =
        sqlx::QueryBuilder::new("SELECT f.id, f.name, (SELECT COUNT(*) FROM photo_posts p WHERE p.folder_id = f.id AND p.visibility IN ");
    push_list(&mut q, allowed.iter().copied());
    q.push(") FROM photo_folders f WHERE f.owner_id = ").push_bind(owner).push(" ORDER BY f.name");
    let rows: Vec<(u64, String, i64)> = q.build_query_as().fetch_all(db).await?;
    Ok(rows.into_iter().map(|(id, name, posts)| Folder { id, name, posts }).collect())
}

pub async fn folder_owner(db: &MySqlPool, id: u64) -> Result<Option<u64>, sqlx::Error> {
    sqlx::query_scalar!("SELECT owner_id FROM photo_folders WHERE id = ?", id).fetch_optional(db).await
}

/// None when the owner already has a folder of that name.
pub async fn folder_insert(db: &MySqlPool, owner: u64, name: &str) -> Result<Option<u64>, sqlx::Error> {
    match sqlx::query!("INSERT INTO photo_folders (owner_id, name) VALUES (?, ?)", owner, name).execute(db).await {
        Ok(r) => Ok(Some(r.last_insert_id())),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(None),
        Err(e) => Err(e),
    }
}

/// Deletes a folder; its posts stay, outside any folder.
pub async fn folder_delete(db: &MySqlPool, id: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM photo_folders WHERE id = ?", id).execute(db).await?;
    Ok(())
}

#[derive(FromRow)]
pub struct PostRow {
    pub id: u64,
    pub owner_id: u64,
    pub folder_id: Option<u64>,
    pub title: String,
    pub body: String,
    pub visibility: Visibility,
    pub created_at: chrono::NaiveDateTime,
}

pub async fn posts_page(
    db: &MySqlPool,
    owner: u64,
    allowed: &[Visibility],
    folder: Option<u64>,
    page: u32,
    size: u32,
) -> Result<(Vec<PostRow>, i64), sqlx::Error> {
    // The same filter for the page and the count.
    let filter = |q: &mut sqlx::QueryBuilder<'_, MySql>| {
        q.push(" FROM photo_posts WHERE owner_id = ").push_bind(owner).push(" AND visibility IN ");
        push_list(q, allowed.iter().copied());
        if let Some(f) = folder {
            q.push(" AND folder_id = ").push_bind(f);
        }
    };
    let mut q = sqlx::QueryBuilder::new("SELECT id, owner_id, folder_id, title, body, visibility, created_at");
    filter(&mut q);
    q.push(" ORDER BY id DESC LIMIT ").push_bind(size).push(" OFFSET ").push_bind(u64::from(page) * u64::from(size));
    let rows = q.build_query_as().fetch_all(db).await?;
    let mut c = sqlx::QueryBuilder::new("SELECT COUNT(*)");
    filter(&mut c);
    let total = c.build_query_scalar().fetch_one(db).await?;
    Ok((rows, total))
}

pub async fn post_get(db: &MySqlPool, id: u64) -> Result<Option<PostRow>, sqlx::Error> {
    sqlx::query_as!(
        PostRow,
        r#"SELECT id, owner_id, folder_id, title, body, visibility AS "visibility: Visibility", created_at FROM photo_posts WHERE id = ?"#,
        id
    )
    .fetch_optional(db)
    .await
}

#[derive(FromRow)]
pub struct MediaRow {
    pub id: u64,
    pub owner_id: u64,
    pub post_id: Option<u64>,
    pub kind: String,
    pub file: String,
    pub thumb: Option<String>,
    pub width: u32,
    pub height: u32,
}

impl MediaRow {
    pub fn media(&self) -> Media {
        Media {
            id: self.id,
            kind: if self.kind == "VIDEO" { MediaKind::Video } else { MediaKind::Image },
            url: crate::file_url::file_url(crate::file_url::FileKind::Photo, &self.file),
            thumb_url: self.thumb.as_ref().map(|t| crate::file_url::file_url(crate::file_url::FileKind::Photo, t)),
            width: self.width,
            height: self.height,
        }
    }
}

pub async fn media_for(db: &MySqlPool, post_ids: &[u64]) -> Result<Vec<MediaRow>, sqlx::Error> {
    if post_ids.is_empty() {
        return Ok(vec![]);
    }
    let mut q =
        sqlx::QueryBuilder::new("SELECT id, owner_id, post_id, kind, file, thumb, width, height FROM photo_media WHERE post_id IN ");
    push_list(&mut q, post_ids.iter().copied());
    q.push(" ORDER BY post_id, position, id");
    q.build_query_as().fetch_all(db).await
}

/// The media row a stored file (full size or thumbnail) belongs to.
pub async fn media_by_file(db: &MySqlPool, name: &str) -> Result<Option<MediaRow>, sqlx::Error> {
    sqlx::query_as!(
        MediaRow,
        "SELECT id, owner_id, post_id, kind, file, thumb, width, height FROM photo_media WHERE file = ? OR thumb = ? LIMIT 1",
        name,
        name
    )
    .fetch_optional(db)
    .await
}

/// Deletes the member's uploads never attached to a post after `hours`; returns their files.
pub async fn take_unattached(db: &MySqlPool, owner: u64, hours: i64) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT id, file, thumb FROM photo_media WHERE owner_id = ? AND post_id IS NULL
         AND created_at < CURRENT_TIMESTAMP(3) - INTERVAL ? HOUR",
        owner,
        hours
    )
    .fetch_all(db)
    .await?;
    let mut files = vec![];
    for r in rows {
        let n = sqlx::query!("DELETE FROM photo_media WHERE id = ? AND post_id IS NULL", r.id).execute(db).await?.rows_affected();
        if n == 1 {
            files.push(r.file);
            files.extend(r.thumb);
        }
    }
    Ok(files)
}

pub struct NewMedia<'a> {
    pub owner: u64,
    pub kind: &'a str,
    pub file: &'a str,
    pub thumb: Option<&'a str>,
    pub width: u32,
    pub height: u32,
    pub bytes: u32,
}

pub async fn media_insert(db: &MySqlPool, m: NewMedia<'_>) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "INSERT INTO photo_media (owner_id, kind, file, thumb, width, height, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)",
        m.owner,
        m.kind,
        m.file,
        m.thumb,
        m.width,
        m.height,
        m.bytes
    )
    .execute(db)
    .await?
    .last_insert_id())
}

pub struct NewPost<'a> {
    pub owner: u64,
    pub folder: Option<u64>,
    pub title: &'a str,
    pub body: &'a str,
    pub visibility: Visibility,
}

/// Creates a post and attaches the uploads; None if any upload is not the owner's or is
/// already attached (then nothing is written).
pub async fn post_insert(db: &MySqlPool, p: NewPost<'_>, media: &[u64]) -> Result<Option<u64>, sqlx::Error> {
    let mut tx: Transaction<'_, MySql> = db.begin().await?;
    let id = sqlx::query!(
        "INSERT INTO photo_posts (owner_id, folder_id, title, body, visibility) VALUES (?, ?, ?, ?, ?)",
        p.owner,
        p.folder,
        p.title,
        p.body,
        p.visibility
    )
    .execute(&mut *tx)
    .await?
    .last_insert_id();
    for (pos, m) in media.iter().enumerate() {
        let n = sqlx::query!(
            "UPDATE photo_media SET post_id = ?, position = ? WHERE id = ? AND owner_id = ? AND post_id IS NULL",
            id,
            pos as u32,
            m,
            p.owner
        )
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            tx.rollback().await?;
            return Ok(None);
        }
    }
    tx.commit().await?;
    Ok(Some(id))
}

pub async fn post_update(
    db: &MySqlPool,
    id: u64,
    folder: Option<u64>,
    title: &str,
    body: &str,
    vis: Visibility,
) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE photo_posts SET folder_id = ?, title = ?, body = ?, visibility = ? WHERE id = ?", folder, title, body, vis, id)
        .execute(db)
        .await?;
    Ok(())
}

/// Deletes a post with its comments and likes; returns the files to remove.
pub async fn post_delete(db: &MySqlPool, id: u64) -> Result<Vec<String>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let files = sqlx::query!("SELECT file, thumb FROM photo_media WHERE post_id = ?", id).fetch_all(&mut *tx).await?;
    sqlx::query!("DELETE FROM comments WHERE target_type = 'PHOTO' AND target_id = ?", id).execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM likes WHERE target_type = 'PHOTO' AND target_id = ?", id).execute(&mut *tx).await?;
    sqlx::query!("DELETE FROM photo_posts WHERE id = ?", id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(files.into_iter().flat_map(|r| std::iter::once(r.file).chain(r.thumb)).collect())
}
