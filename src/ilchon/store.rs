//! MySQL access for 일촌 relations, requests and 일촌평.

use super::model::{IlchonLink, IlchonRequest, RequestStatus};

crate::sql_word!(RequestStatus);
use crate::server::stores::MemberCount;
use sqlx::MySqlPool;

/// What `user` calls `other`, if they are 일촌.
pub async fn name_for(db: &MySqlPool, user: u64, other: u64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("SELECT name FROM ilchons WHERE user_id = ? AND friend_id = ?", user, other).fetch_optional(db).await
}

/// What a homepage shows `viewer` of `owner`'s 일촌, in one statement: `owner`'s 일촌
/// (active members, newest first), what `viewer` calls `owner` when they are 일촌 (what
/// `owner` calls `viewer` is the viewer's entry in the list), and whether `viewer` blocked
/// `owner` (the frame's 차단/차단 해제 button: display only, as a `JOIN` for a nickname is;
/// a write that reaches the owner still asks `account::blocks`).
pub async fn on_homepage(db: &MySqlPool, owner: u64, viewer: u64) -> Result<ViewerOnHomepage, sqlx::Error> {
    // `part`: 0 a 일촌 of the owner's, 1 the viewer's name for the owner, 2 the viewer's block,
    // 3 a request the viewer sent the owner (its id in `user_id`), 4 one the owner sent.
    let rows = sqlx::query!(
        r#"(SELECT i.friend_id AS user_id, u.nickname, i.name, i.since, 0 AS "part!: i32"
            FROM ilchons i JOIN users u ON u.id = i.friend_id WHERE i.user_id = ? AND u.status = 'ACTIVE')
         UNION ALL
         (SELECT i.friend_id, '', i.name, i.since, 1 FROM ilchons i WHERE i.user_id = ? AND i.friend_id = ?)
         UNION ALL
         (SELECT b.blocked_id, '', '', b.created_at, 2 FROM member_blocks b WHERE b.blocker_id = ? AND b.blocked_id = ?)
         UNION ALL
         (SELECT r.id, '', '', r.created_at, IF(r.from_id = ?, 3, 4) FROM ilchon_requests r WHERE r.pending_pair = ?)
         ORDER BY since DESC"#,
        owner,
        viewer,
        owner,
        viewer,
        owner,
        viewer,
        pair_key(owner, viewer)
    )
    .fetch_all(db)
    .await?;
    let mut seen = ViewerOnHomepage { ilchons: Vec::with_capacity(rows.len()), ..Default::default() };
    for r in rows {
        match r.part {
            0 => seen.ilchons.push(IlchonLink { user_id: r.user_id, nickname: r.nickname, name: r.name }),
            1 => seen.viewer_calls_owner = Some(r.name),
            2 => seen.viewer_blocked_owner = true,
            part => seen.pending = Some(Pending { request_id: r.user_id, sent_by_viewer: part == 3 }),
        }
    }
    Ok(seen)
}

/// What `on_homepage` read.
#[derive(Default)]
pub struct ViewerOnHomepage {
    pub ilchons: Vec<IlchonLink>,
    pub viewer_calls_owner: Option<String>,
    pub viewer_blocked_owner: bool,
    /// The request waiting between the two, either way.
    pub pending: Option<Pending>,
}

#[derive(Clone, Copy)]
pub struct Pending {
    pub request_id: u64,
    pub sent_by_viewer: bool,
}

/// The 일촌 of `user`, with what `user` calls each.
pub async fn list(db: &MySqlPool, user: u64) -> Result<Vec<IlchonLink>, sqlx::Error> {
    sqlx::query_as!(
        IlchonLink,
        "SELECT i.friend_id AS user_id, u.nickname, i.name FROM ilchons i JOIN users u ON u.id = i.friend_id
         WHERE i.user_id = ? AND u.status = 'ACTIVE' ORDER BY i.since DESC",
        user
    )
    .fetch_all(db)
    .await
}

pub async fn random_of(db: &MySqlPool, user: u64) -> Result<Option<u64>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT i.friend_id FROM ilchons i JOIN users u ON u.id = i.friend_id
         WHERE i.user_id = ? AND u.status = 'ACTIVE' ORDER BY RAND() LIMIT 1",
        user
    )
    .fetch_optional(db)
    .await
}

pub fn pair_key(a: u64, b: u64) -> String {
    format!("{}:{}", a.min(b), a.max(b))
}

pub async fn request_get(db: &MySqlPool, id: u64) -> Result<Option<IlchonRequest>, sqlx::Error> {
    sqlx::query_as!(
        IlchonRequest,
        r#"SELECT r.id, r.from_id, f.nickname AS from_nickname, r.to_id, t.nickname AS to_nickname,
                r.from_name, r.to_name, r.message, r.status AS "status: RequestStatus", r.created_at
         FROM ilchon_requests r JOIN users f ON f.id = r.from_id JOIN users t ON t.id = r.to_id
         WHERE r.id = ?"#,
        id
    )
    .fetch_optional(db)
    .await
}

pub async fn received(db: &MySqlPool, user: u64) -> Result<Vec<IlchonRequest>, sqlx::Error> {
    sqlx::query_as!(
        IlchonRequest,
        r#"SELECT r.id, r.from_id, f.nickname AS from_nickname, r.to_id, t.nickname AS to_nickname,
                r.from_name, r.to_name, r.message, r.status AS "status: RequestStatus", r.created_at
         FROM ilchon_requests r JOIN users f ON f.id = r.from_id JOIN users t ON t.id = r.to_id
         WHERE r.to_id = ? AND r.status = 'PENDING' ORDER BY r.id DESC"#,
        user
    )
    .fetch_all(db)
    .await
}

pub async fn sent(db: &MySqlPool, user: u64) -> Result<Vec<IlchonRequest>, sqlx::Error> {
    sqlx::query_as!(
        IlchonRequest,
        r#"SELECT r.id, r.from_id, f.nickname AS from_nickname, r.to_id, t.nickname AS to_nickname,
                r.from_name, r.to_name, r.message, r.status AS "status: RequestStatus", r.created_at
         FROM ilchon_requests r JOIN users f ON f.id = r.from_id JOIN users t ON t.id = r.to_id
         WHERE r.from_id = ? AND r.status = 'PENDING' ORDER BY r.id DESC"#,
        user
    )
    .fetch_all(db)
    .await
}

/// Requests waiting for the member's answer (the top bar shows them).
pub const PENDING_FOR: MemberCount = MemberCount("SELECT COUNT(*) FROM ilchon_requests WHERE to_id = ? AND status = 'PENDING'");

/// Opens a request; None when the pair already has an open one.
pub async fn request_insert(
    db: &MySqlPool,
    from: u64,
    to: u64,
    from_name: &str,
    to_name: &str,
    message: &str,
) -> Result<Option<u64>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id = insert_in(&mut tx, from, to, from_name, to_name, message).await?;
    tx.commit().await?;
    Ok(id)
}

async fn insert_in(
    tx: &mut sqlx::Transaction<'_, sqlx::MySql>,
    from: u64,
    to: u64,
    from_name: &str,
    to_name: &str,
    message: &str,
) -> Result<Option<u64>, sqlx::Error> {
    let res = sqlx::query!(
        "INSERT INTO ilchon_requests (from_id, to_id, from_name, to_name, message, pending_pair) VALUES (?, ?, ?, ?, ?, ?)",
        from,
        to,
        from_name,
        to_name,
        message,
        pair_key(from, to)
    )
    .execute(&mut **tx)
    .await;
    match res {
        Ok(r) => Ok(Some(r.last_insert_id())),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(None),
        Err(e) => Err(e),
    }
}

/// Moves a PENDING request to `status`; false if it was no longer pending (a race lost).
async fn close_in(tx: &mut sqlx::Transaction<'_, sqlx::MySql>, id: u64, status: RequestStatus) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query!(
        "UPDATE ilchon_requests SET status = ?, pending_pair = NULL, responded_at = CURRENT_TIMESTAMP(3)
         WHERE id = ? AND status = 'PENDING'",
        status,
        id
    )
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

pub async fn close(db: &MySqlPool, id: u64, status: RequestStatus) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let ok = close_in(&mut tx, id, status).await?;
    tx.commit().await?;
    Ok(ok)
}

/// Accepts: both directions of the relation appear together with the request's closing.
/// False (and nothing written) when the request was answered meanwhile or the two became
/// 일촌 another way: existing names are never overwritten.
pub async fn accept(db: &MySqlPool, r: &IlchonRequest) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    if !close_in(&mut tx, r.id, RequestStatus::Accepted).await? {
        return Ok(false);
    }
    for (user, friend, name) in [(r.from_id, r.to_id, &r.from_name), (r.to_id, r.from_id, &r.to_name)] {
        let res =
            sqlx::query!("INSERT INTO ilchons (user_id, friend_id, name) VALUES (?, ?, ?)", user, friend, name).execute(&mut *tx).await;
        match res {
            Ok(_) => {}
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Ok(false),
            Err(e) => return Err(e),
        }
    }
    tx.commit().await?;
    Ok(true)
}

/// The receiver proposes other names: the request closes as COUNTERED and a new one goes
/// the other way. Returns the new request's id.
pub async fn counter(db: &MySqlPool, r: &IlchonRequest, from_name: &str, to_name: &str) -> Result<Option<u64>, sqlx::Error> {
    let mut tx = db.begin().await?;
    if !close_in(&mut tx, r.id, RequestStatus::Countered).await? {
        return Ok(None);
    }
    let id = insert_in(&mut tx, r.to_id, r.from_id, from_name, to_name, "").await?;
    if id.is_some() {
        tx.commit().await?;
    }
    Ok(id)
}

/// Ends a relation (both directions); false if there was none.
pub async fn end(db: &MySqlPool, a: u64, b: u64) -> Result<bool, sqlx::Error> {
    let n = sqlx::query!("DELETE FROM ilchons WHERE (user_id = ? AND friend_id = ?) OR (user_id = ? AND friend_id = ?)", a, b, b, a)
        .execute(db)
        .await?
        .rows_affected();
    Ok(n > 0)
}

// ------------------------------------------------------------------ 일촌평

pub struct PyeongRow {
    pub id: u64,
    pub owner_id: u64,
    pub writer_id: u64,
    pub writer_nickname: String,
    pub writer_ilchon_name: Option<String>,
    pub body: String,
    pub created_at: chrono::NaiveDateTime,
}

pub async fn pyeong_list(db: &MySqlPool, owner: u64, limit: u32) -> Result<Vec<PyeongRow>, sqlx::Error> {
    sqlx::query_as!(
        PyeongRow,
        r#"SELECT p.id, p.owner_id, p.writer_id, u.nickname AS writer_nickname, i.name AS "writer_ilchon_name?", p.body, p.created_at
         FROM ilchonpyeong p JOIN users u ON u.id = p.writer_id
         LEFT JOIN ilchons i ON i.user_id = p.owner_id AND i.friend_id = p.writer_id
         WHERE p.owner_id = ? ORDER BY p.id DESC LIMIT ?"#,
        owner,
        limit
    )
    .fetch_all(db)
    .await
}

pub async fn pyeong_get(db: &MySqlPool, id: u64) -> Result<Option<(u64, u64)>, sqlx::Error> {
    Ok(sqlx::query!("SELECT owner_id, writer_id FROM ilchonpyeong WHERE id = ?", id)
        .fetch_optional(db)
        .await?
        .map(|r| (r.owner_id, r.writer_id)))
}

pub async fn pyeong_insert(db: &MySqlPool, owner: u64, writer: u64, body: &str) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!("INSERT INTO ilchonpyeong (owner_id, writer_id, body) VALUES (?, ?, ?)", owner, writer, body)
        .execute(db)
        .await?
        .last_insert_id())
}

pub async fn pyeong_delete(db: &MySqlPool, id: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM ilchonpyeong WHERE id = ?", id).execute(db).await?;
    Ok(())
}
