//! MySQL access for homepages and their content. Rules (who may read or write what) live
//! in `service`; these functions only run the queries they are given.

use super::model::{Comment, Folder, HistoryItem, HompySummary, Media, MediaKind, SearchHit, Visibility};
use sqlx::{FromRow, MySql, MySqlPool, Transaction};

const SUMMARY: &str = "SELECT h.user_id, u.nickname, h.title, h.intro, h.minimi, h.main_photo, u.created_at AS joined_at
     FROM homepages h JOIN users u ON u.id = h.user_id
     WHERE u.status = 'ACTIVE'";

pub async fn find(db: &MySqlPool, user_id: u64) -> Result<Option<HompySummary>, sqlx::Error> {
    sqlx::query_as(&format!("{SUMMARY} AND h.user_id = ?")).bind(user_id).fetch_optional(db).await
}

pub async fn recent(db: &MySqlPool, limit: u32) -> Result<Vec<HompySummary>, sqlx::Error> {
    sqlx::query_as(&format!("{SUMMARY} ORDER BY h.updated_at DESC, h.user_id DESC LIMIT ?")).bind(limit).fetch_all(db).await
}

/// A random public home other than `exclude`.
pub async fn random(db: &MySqlPool, exclude: Option<u64>) -> Result<Option<u64>, sqlx::Error> {
    let row: Option<(u64,)> = sqlx::query_as(
        "SELECT h.user_id FROM homepages h JOIN users u ON u.id = h.user_id
         WHERE u.status = 'ACTIVE' AND h.user_id <> ? ORDER BY RAND() LIMIT 1",
    )
    .bind(exclude.unwrap_or(0))
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| r.0))
}

/// SQL list of the visibilities in `allowed` (fixed strings, never user input).
pub fn vis_list(allowed: &[Visibility]) -> String {
    allowed.iter().map(|v| format!("'{}'", v.as_str())).collect::<Vec<_>>().join(",")
}

// ------------------------------------------------------------------ home and profile

pub async fn owned_minimi(db: &MySqlPool, user_id: u64) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT minimi FROM owned_minimi WHERE user_id = ? ORDER BY acquired_at").bind(user_id).fetch_all(db).await?;
    let mut all: Vec<String> = super::model::DEFAULT_MINIMI.iter().map(|s| (*s).to_owned()).collect();
    for (m,) in rows {
        if !all.contains(&m) {
            all.push(m);
        }
    }
    Ok(all)
}

/// Saves title, intro and 미니미, and records title/intro changes in the history.
pub async fn update_home(db: &MySqlPool, user_id: u64, title: &str, intro: &str, minimi: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    let (old_title, old_intro): (String, String) =
        sqlx::query_as("SELECT title, intro FROM homepages WHERE user_id = ? FOR UPDATE").bind(user_id).fetch_one(&mut *tx).await?;
    for (field, old, new) in [("TITLE", &old_title, title), ("INTRO", &old_intro, intro)] {
        if old != new {
            sqlx::query("INSERT INTO homepage_history (user_id, field, old_value, new_value) VALUES (?, ?, ?, ?)")
                .bind(user_id)
                .bind(field)
                .bind(old)
                .bind(new)
                .execute(&mut *tx)
                .await?;
        }
    }
    sqlx::query("UPDATE homepages SET title = ?, intro = ?, minimi = ? WHERE user_id = ?")
        .bind(title)
        .bind(intro)
        .bind(minimi)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

pub async fn history(db: &MySqlPool, user_id: u64) -> Result<Vec<HistoryItem>, sqlx::Error> {
    sqlx::query_as("SELECT field, old_value, new_value, changed_at FROM homepage_history WHERE user_id = ? ORDER BY id DESC LIMIT 20")
        .bind(user_id)
        .fetch_all(db)
        .await
}

/// Sets the main photo; returns the file it replaces.
pub async fn set_main_photo(db: &MySqlPool, user_id: u64, file: &str) -> Result<Option<String>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let old: Option<(Option<String>,)> =
        sqlx::query_as("SELECT main_photo FROM homepages WHERE user_id = ? FOR UPDATE").bind(user_id).fetch_optional(&mut *tx).await?;
    sqlx::query("UPDATE homepages SET main_photo = ? WHERE user_id = ?").bind(file).bind(user_id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(old.and_then(|o| o.0))
}

// ------------------------------------------------------------------ visitors

/// Adds one unique visitor to `day` and to the total, in one transaction.
pub async fn add_visit(db: &MySqlPool, owner: u64, day: chrono::NaiveDate) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO hompy_visit_days (owner_id, day, visitors) VALUES (?, ?, 1)
         ON DUPLICATE KEY UPDATE visitors = visitors + 1",
    )
    .bind(owner)
    .bind(day)
    .execute(&mut *tx)
    .await?;
    // updated_at stays: it orders the landing page by what owners changed, not by visits.
    sqlx::query("UPDATE homepages SET visits_total = visits_total + 1, updated_at = updated_at WHERE user_id = ?")
        .bind(owner)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// (Today, Total) for `day`.
pub async fn visit_counts(db: &MySqlPool, owner: u64, day: chrono::NaiveDate) -> Result<(u64, u64), sqlx::Error> {
    let (today, total): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE((SELECT visitors FROM hompy_visit_days WHERE owner_id = h.user_id AND day = ?), 0) AS SIGNED),
                CAST(h.visits_total AS SIGNED)
         FROM homepages h WHERE h.user_id = ?",
    )
    .bind(day)
    .bind(owner)
    .fetch_optional(db)
    .await?
    .unwrap_or((0, 0));
    Ok((today.max(0) as u64, total.max(0) as u64))
}

// ------------------------------------------------------------------ diary

#[derive(FromRow)]
pub struct DiaryRow {
    pub id: u64,
    pub owner_id: u64,
    pub entry_date: chrono::NaiveDate,
    pub title: String,
    pub body: String,
    #[sqlx(try_from = "String")]
    pub visibility: Visibility,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

const DIARY_COLS: &str = "id, owner_id, entry_date, title, body, visibility, created_at, updated_at";

pub async fn diary_page(
    db: &MySqlPool,
    owner: u64,
    allowed: &[Visibility],
    day: Option<chrono::NaiveDate>,
    page: u32,
    size: u32,
) -> Result<(Vec<DiaryRow>, i64), sqlx::Error> {
    let filter =
        format!("owner_id = ? AND visibility IN ({}){}", vis_list(allowed), if day.is_some() { " AND entry_date = ?" } else { "" });
    let select = format!("SELECT {DIARY_COLS} FROM diary_entries WHERE {filter} ORDER BY entry_date DESC, id DESC LIMIT ? OFFSET ?");
    let count = format!("SELECT COUNT(*) FROM diary_entries WHERE {filter}");
    let mut q = sqlx::query_as::<_, DiaryRow>(&select).bind(owner);
    let mut c = sqlx::query_as::<_, (i64,)>(&count).bind(owner);
    if let Some(d) = day {
        q = q.bind(d);
        c = c.bind(d);
    }
    let rows = q.bind(size).bind(u64::from(page) * u64::from(size)).fetch_all(db).await?;
    Ok((rows, c.fetch_one(db).await?.0))
}

pub async fn diary_days(
    db: &MySqlPool,
    owner: u64,
    allowed: &[Visibility],
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<u32>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as(&format!(
        "SELECT DISTINCT CAST(DAY(entry_date) AS SIGNED) FROM diary_entries
         WHERE owner_id = ? AND visibility IN ({}) AND entry_date >= ? AND entry_date < ? ORDER BY 1",
        vis_list(allowed)
    ))
    .bind(owner)
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| r.0 as u32).collect())
}

pub async fn diary_get(db: &MySqlPool, id: u64) -> Result<Option<DiaryRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {DIARY_COLS} FROM diary_entries WHERE id = ?")).bind(id).fetch_optional(db).await
}

pub async fn diary_insert(
    db: &MySqlPool,
    owner: u64,
    date: chrono::NaiveDate,
    title: &str,
    body: &str,
    vis: Visibility,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("INSERT INTO diary_entries (owner_id, entry_date, title, body, visibility) VALUES (?, ?, ?, ?, ?)")
        .bind(owner)
        .bind(date)
        .bind(title)
        .bind(body)
        .bind(vis.as_str())
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
    sqlx::query("UPDATE diary_entries SET entry_date = ?, title = ?, body = ?, visibility = ? WHERE id = ?")
        .bind(date)
        .bind(title)
        .bind(body)
        .bind(vis.as_str())
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn diary_delete(db: &MySqlPool, id: u64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM comments WHERE target_type = 'DIARY' AND target_id = ?").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM diary_entries WHERE id = ?").bind(id).execute(&mut *tx).await?;
    tx.commit().await
}

// ------------------------------------------------------------------ comments

#[derive(FromRow)]
pub struct CommentRow {
    pub id: u64,
    pub target_id: u64,
    pub writer_id: u64,
    pub writer_nickname: String,
    pub body: String,
    pub created_at: chrono::NaiveDateTime,
    pub deleted_at: Option<chrono::NaiveDateTime>,
}

impl CommentRow {
    pub fn into_comment(self, viewer: Option<u64>, owner: u64) -> Comment {
        let deleted = self.deleted_at.is_some();
        Comment {
            id: self.id,
            writer_id: self.writer_id,
            writer_nickname: self.writer_nickname,
            body: (!deleted).then_some(self.body),
            created_at: self.created_at,
            can_delete: !deleted && viewer.is_some_and(|v| v == self.writer_id || v == owner),
        }
    }
}

/// Comments (deleted ones included, to show their place) on the given targets, oldest first.
pub async fn comments_for(db: &MySqlPool, target: &str, ids: &[u64]) -> Result<Vec<CommentRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let list = ids.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
    sqlx::query_as(&format!(
        "SELECT c.id, c.target_id, c.writer_id, u.nickname AS writer_nickname, c.body, c.created_at, c.deleted_at
         FROM comments c JOIN users u ON u.id = c.writer_id
         WHERE c.target_type = ? AND c.target_id IN ({list}) ORDER BY c.id"
    ))
    .bind(target)
    .fetch_all(db)
    .await
}

pub async fn comment_insert(db: &MySqlPool, target: &str, target_id: u64, writer: u64, body: &str) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("INSERT INTO comments (target_type, target_id, writer_id, body) VALUES (?, ?, ?, ?)")
        .bind(target)
        .bind(target_id)
        .bind(writer)
        .bind(body)
        .execute(db)
        .await?
        .last_insert_id())
}

/// (target type, target id, writer, deleted)
pub async fn comment_get(db: &MySqlPool, id: u64) -> Result<Option<(String, u64, u64, bool)>, sqlx::Error> {
    let row: Option<(String, u64, u64, Option<chrono::NaiveDateTime>)> =
        sqlx::query_as("SELECT target_type, target_id, writer_id, deleted_at FROM comments WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(t, tid, w, d)| (t, tid, w, d.is_some())))
}

pub async fn comment_soft_delete(db: &MySqlPool, id: u64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE comments SET deleted_at = CURRENT_TIMESTAMP(3) WHERE id = ? AND deleted_at IS NULL").bind(id).execute(db).await?;
    Ok(())
}

// ------------------------------------------------------------------ likes

/// Likes or un-likes; returns whether the member now likes it.
pub async fn like_toggle(db: &MySqlPool, target: &str, id: u64, user: u64) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query("INSERT IGNORE INTO likes (target_type, target_id, user_id) VALUES (?, ?, ?)")
        .bind(target)
        .bind(id)
        .bind(user)
        .execute(db)
        .await?
        .rows_affected();
    if inserted == 1 {
        return Ok(true);
    }
    sqlx::query("DELETE FROM likes WHERE target_type = ? AND target_id = ? AND user_id = ?")
        .bind(target)
        .bind(id)
        .bind(user)
        .execute(db)
        .await?;
    Ok(false)
}

/// (target id, count, liked by `viewer`) for each target that has likes.
pub async fn like_counts(db: &MySqlPool, target: &str, ids: &[u64], viewer: Option<u64>) -> Result<Vec<(u64, i64, i64)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let list = ids.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
    sqlx::query_as(&format!(
        "SELECT target_id, COUNT(*), CAST(SUM(user_id = ?) AS SIGNED) FROM likes
         WHERE target_type = ? AND target_id IN ({list}) GROUP BY target_id"
    ))
    .bind(viewer.unwrap_or(0))
    .bind(target)
    .fetch_all(db)
    .await
}

// ------------------------------------------------------------------ photo album

pub async fn folders(db: &MySqlPool, owner: u64, allowed: &[Visibility]) -> Result<Vec<Folder>, sqlx::Error> {
    let rows: Vec<(u64, String, i64)> = sqlx::query_as(&format!(
        "SELECT f.id, f.name, (SELECT COUNT(*) FROM photo_posts p WHERE p.folder_id = f.id AND p.visibility IN ({}))
         FROM photo_folders f WHERE f.owner_id = ? ORDER BY f.name",
        vis_list(allowed)
    ))
    .bind(owner)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(id, name, posts)| Folder { id, name, posts }).collect())
}

pub async fn folder_owner(db: &MySqlPool, id: u64) -> Result<Option<u64>, sqlx::Error> {
    Ok(sqlx::query_as::<_, (u64,)>("SELECT owner_id FROM photo_folders WHERE id = ?").bind(id).fetch_optional(db).await?.map(|r| r.0))
}

/// None when the owner already has a folder of that name.
pub async fn folder_insert(db: &MySqlPool, owner: u64, name: &str) -> Result<Option<u64>, sqlx::Error> {
    match sqlx::query("INSERT INTO photo_folders (owner_id, name) VALUES (?, ?)").bind(owner).bind(name).execute(db).await {
        Ok(r) => Ok(Some(r.last_insert_id())),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(None),
        Err(e) => Err(e),
    }
}

/// Deletes a folder; its posts stay, outside any folder.
pub async fn folder_delete(db: &MySqlPool, id: u64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM photo_folders WHERE id = ?").bind(id).execute(db).await?;
    Ok(())
}

#[derive(FromRow)]
pub struct PostRow {
    pub id: u64,
    pub owner_id: u64,
    pub folder_id: Option<u64>,
    pub title: String,
    pub body: String,
    #[sqlx(try_from = "String")]
    pub visibility: Visibility,
    pub created_at: chrono::NaiveDateTime,
}

const POST_COLS: &str = "id, owner_id, folder_id, title, body, visibility, created_at";

pub async fn posts_page(
    db: &MySqlPool,
    owner: u64,
    allowed: &[Visibility],
    folder: Option<u64>,
    page: u32,
    size: u32,
) -> Result<(Vec<PostRow>, i64), sqlx::Error> {
    let filter =
        format!("owner_id = ? AND visibility IN ({}){}", vis_list(allowed), if folder.is_some() { " AND folder_id = ?" } else { "" });
    let select = format!("SELECT {POST_COLS} FROM photo_posts WHERE {filter} ORDER BY id DESC LIMIT ? OFFSET ?");
    let count = format!("SELECT COUNT(*) FROM photo_posts WHERE {filter}");
    let mut q = sqlx::query_as::<_, PostRow>(&select).bind(owner);
    let mut c = sqlx::query_as::<_, (i64,)>(&count).bind(owner);
    if let Some(f) = folder {
        q = q.bind(f);
        c = c.bind(f);
    }
    let rows = q.bind(size).bind(u64::from(page) * u64::from(size)).fetch_all(db).await?;
    Ok((rows, c.fetch_one(db).await?.0))
}

pub async fn post_get(db: &MySqlPool, id: u64) -> Result<Option<PostRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {POST_COLS} FROM photo_posts WHERE id = ?")).bind(id).fetch_optional(db).await
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

const MEDIA_COLS: &str = "id, owner_id, post_id, kind, file, thumb, width, height";

pub async fn media_for(db: &MySqlPool, post_ids: &[u64]) -> Result<Vec<MediaRow>, sqlx::Error> {
    if post_ids.is_empty() {
        return Ok(vec![]);
    }
    let list = post_ids.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
    sqlx::query_as(&format!("SELECT {MEDIA_COLS} FROM photo_media WHERE post_id IN ({list}) ORDER BY post_id, position, id"))
        .fetch_all(db)
        .await
}

/// The media row a stored file (full size or thumbnail) belongs to.
pub async fn media_by_file(db: &MySqlPool, name: &str) -> Result<Option<MediaRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {MEDIA_COLS} FROM photo_media WHERE file = ? OR thumb = ? LIMIT 1"))
        .bind(name)
        .bind(name)
        .fetch_optional(db)
        .await
}

/// Deletes the member's uploads never attached to a post after `hours`; returns their files.
pub async fn take_unattached(db: &MySqlPool, owner: u64, hours: i64) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(u64, String, Option<String>)> = sqlx::query_as(
        "SELECT id, file, thumb FROM photo_media WHERE owner_id = ? AND post_id IS NULL
         AND created_at < CURRENT_TIMESTAMP(3) - INTERVAL ? HOUR",
    )
    .bind(owner)
    .bind(hours)
    .fetch_all(db)
    .await?;
    let mut files = vec![];
    for (id, file, thumb) in rows {
        let n = sqlx::query("DELETE FROM photo_media WHERE id = ? AND post_id IS NULL").bind(id).execute(db).await?.rows_affected();
        if n == 1 {
            files.push(file);
            files.extend(thumb);
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
    Ok(sqlx::query("INSERT INTO photo_media (owner_id, kind, file, thumb, width, height, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(m.owner)
        .bind(m.kind)
        .bind(m.file)
        .bind(m.thumb)
        .bind(m.width)
        .bind(m.height)
        .bind(m.bytes)
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
    let id = sqlx::query("INSERT INTO photo_posts (owner_id, folder_id, title, body, visibility) VALUES (?, ?, ?, ?, ?)")
        .bind(p.owner)
        .bind(p.folder)
        .bind(p.title)
        .bind(p.body)
        .bind(p.visibility.as_str())
        .execute(&mut *tx)
        .await?
        .last_insert_id();
    for (pos, m) in media.iter().enumerate() {
        let n = sqlx::query("UPDATE photo_media SET post_id = ?, position = ? WHERE id = ? AND owner_id = ? AND post_id IS NULL")
            .bind(id)
            .bind(pos as u32)
            .bind(m)
            .bind(p.owner)
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
    sqlx::query("UPDATE photo_posts SET folder_id = ?, title = ?, body = ?, visibility = ? WHERE id = ?")
        .bind(folder)
        .bind(title)
        .bind(body)
        .bind(vis.as_str())
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Deletes a post with its comments and likes; returns the files to remove.
pub async fn post_delete(db: &MySqlPool, id: u64) -> Result<Vec<String>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let files: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT file, thumb FROM photo_media WHERE post_id = ?").bind(id).fetch_all(&mut *tx).await?;
    sqlx::query("DELETE FROM comments WHERE target_type = 'PHOTO' AND target_id = ?").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM likes WHERE target_type = 'PHOTO' AND target_id = ?").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM photo_posts WHERE id = ?").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(files.into_iter().flat_map(|(f, t)| std::iter::once(f).chain(t)).collect())
}

// ------------------------------------------------------------------ guestbook

#[derive(FromRow)]
pub struct GuestbookRow {
    pub id: u64,
    pub owner_id: u64,
    pub writer_id: u64,
    pub writer_nickname: String,
    pub writer_minimi: String,
    pub body: String,
    pub secret: bool,
    pub reply: Option<String>,
    pub created_at: chrono::NaiveDateTime,
}

const GB_SELECT: &str = "SELECT g.id, g.owner_id, g.writer_id, u.nickname AS writer_nickname,
        COALESCE(h.minimi, 'basic-girl') AS writer_minimi, g.body, g.secret, g.reply, g.created_at
     FROM guestbook_entries g JOIN users u ON u.id = g.writer_id LEFT JOIN homepages h ON h.user_id = g.writer_id";

/// Secret entries only for the owner (`viewer == owner`) and their writer.
pub async fn guestbook_page(
    db: &MySqlPool,
    owner: u64,
    viewer: Option<u64>,
    page: u32,
    size: u32,
) -> Result<(Vec<GuestbookRow>, i64), sqlx::Error> {
    let v = viewer.unwrap_or(0);
    let filter = "g.owner_id = ? AND (g.secret = FALSE OR g.owner_id = ? OR g.writer_id = ?)";
    let rows = sqlx::query_as(&format!("{GB_SELECT} WHERE {filter} ORDER BY g.id DESC LIMIT ? OFFSET ?"))
        .bind(owner)
        .bind(v)
        .bind(v)
        .bind(size)
        .bind(u64::from(page) * u64::from(size))
        .fetch_all(db)
        .await?;
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM guestbook_entries g WHERE {filter}"))
        .bind(owner)
        .bind(v)
        .bind(v)
        .fetch_one(db)
        .await?;
    Ok((rows, total))
}

pub async fn guestbook_get(db: &MySqlPool, id: u64) -> Result<Option<GuestbookRow>, sqlx::Error> {
    sqlx::query_as(&format!("{GB_SELECT} WHERE g.id = ?")).bind(id).fetch_optional(db).await
}

pub async fn guestbook_insert(db: &MySqlPool, owner: u64, writer: u64, body: &str, secret: bool) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("INSERT INTO guestbook_entries (owner_id, writer_id, body, secret) VALUES (?, ?, ?, ?)")
        .bind(owner)
        .bind(writer)
        .bind(body)
        .bind(secret)
        .execute(db)
        .await?
        .last_insert_id())
}

pub async fn guestbook_update(db: &MySqlPool, id: u64, body: &str, secret: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE guestbook_entries SET body = ?, secret = ? WHERE id = ?").bind(body).bind(secret).bind(id).execute(db).await?;
    Ok(())
}

pub async fn guestbook_reply(db: &MySqlPool, id: u64, reply: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE guestbook_entries SET reply = ?, replied_at = IF(? IS NULL, NULL, CURRENT_TIMESTAMP(3)) WHERE id = ?")
        .bind(reply)
        .bind(reply)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn guestbook_delete(db: &MySqlPool, id: u64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM likes WHERE target_type = 'GUESTBOOK' AND target_id = ?").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM guestbook_entries WHERE id = ?").bind(id).execute(&mut *tx).await?;
    tx.commit().await
}

// ------------------------------------------------------------------ recent items for the home tab

/// (id, title, created_at, thumb) of the newest readable diary entries.
pub async fn recent_diary(
    db: &MySqlPool,
    owner: u64,
    allowed: &[Visibility],
) -> Result<Vec<(u64, String, chrono::NaiveDateTime)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT id, title, created_at FROM diary_entries WHERE owner_id = ? AND visibility IN ({}) ORDER BY entry_date DESC, id DESC LIMIT 4",
        vis_list(allowed)
    ))
    .bind(owner)
    .fetch_all(db)
    .await
}

pub async fn recent_photos(
    db: &MySqlPool,
    owner: u64,
    allowed: &[Visibility],
) -> Result<Vec<(u64, String, chrono::NaiveDateTime, Option<String>)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT p.id, p.title, p.created_at,
                (SELECT COALESCE(m.thumb, NULL) FROM photo_media m WHERE m.post_id = p.id AND m.kind = 'IMAGE' ORDER BY m.position LIMIT 1)
         FROM photo_posts p WHERE p.owner_id = ? AND p.visibility IN ({}) ORDER BY p.id DESC LIMIT 4",
        vis_list(allowed)
    ))
    .bind(owner)
    .fetch_all(db)
    .await
}

/// The newest four entries the viewer may read (the same secret-entry rule as the page).
pub async fn recent_guestbook(db: &MySqlPool, owner: u64, viewer: Option<u64>) -> Result<Vec<GuestbookRow>, sqlx::Error> {
    Ok(guestbook_page(db, owner, viewer, 0, 4).await?.0)
}

// ------------------------------------------------------------------ search

/// Members by name or nickname (substring), or by exact email when `q` contains '@'.
pub async fn search(db: &MySqlPool, q: &str, page: u32, size: u32) -> Result<(Vec<SearchHit>, i64), sqlx::Error> {
    let by_email = q.contains('@');
    let filter = if by_email { "u.email = ?" } else { "(u.name LIKE ? OR u.nickname LIKE ?)" };
    let pattern = crate::server::stores::like_contains(q);
    let base = format!("FROM users u JOIN homepages h ON h.user_id = u.id WHERE u.status = 'ACTIVE' AND {filter}");
    let select = format!(
        "SELECT u.id AS user_id, u.nickname, u.name, h.title, h.minimi, u.profile_img {base} ORDER BY u.nickname, u.id LIMIT ? OFFSET ?"
    );
    let count = format!("SELECT COUNT(*) {base}");
    let (rows, total) = if by_email {
        let rows = sqlx::query_as::<_, SearchHit>(&select).bind(q).bind(size).bind(u64::from(page) * u64::from(size)).fetch_all(db).await?;
        let (t,): (i64,) = sqlx::query_as(&count).bind(q).fetch_one(db).await?;
        (rows, t)
    } else {
        let rows = sqlx::query_as::<_, SearchHit>(&select)
            .bind(&pattern)
            .bind(&pattern)
            .bind(size)
            .bind(u64::from(page) * u64::from(size))
            .fetch_all(db)
            .await?;
        let (t,): (i64,) = sqlx::query_as(&count).bind(&pattern).bind(&pattern).fetch_one(db).await?;
        (rows, t)
    };
    Ok((rows, total))
}
