//! Comments (diary and photo) and likes (photo and guestbook).

use super::*;

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
pub async fn comments_for(db: &MySqlPool, target: TargetKind, ids: &[u64]) -> Result<Vec<CommentRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut q = sqlx::QueryBuilder::new(
        "SELECT c.id, c.target_id, c.writer_id, u.nickname AS writer_nickname, c.body, c.created_at, c.deleted_at
         FROM comments c JOIN users u ON u.id = c.writer_id WHERE c.target_type = ",
    );
    q.push_bind(target).push(" AND c.target_id IN ");
    push_list(&mut q, ids.iter().copied());
    q.push(" ORDER BY c.id");
    q.build_query_as().fetch_all(db).await
}

pub async fn comment_insert(db: &MySqlPool, target: TargetKind, target_id: u64, writer: u64, body: &str) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!("INSERT INTO comments (target_type, target_id, writer_id, body) VALUES (?, ?, ?, ?)", target, target_id, writer, body)
        .execute(db)
        .await?
        .last_insert_id())
}

/// (target type, target id, writer, deleted)
pub async fn comment_get(db: &MySqlPool, id: u64) -> Result<Option<(TargetKind, u64, u64, bool)>, sqlx::Error> {
    let row =
        sqlx::query!(r#"SELECT target_type AS "target_type: TargetKind", target_id, writer_id, deleted_at FROM comments WHERE id = ?"#, id)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|r| (r.target_type, r.target_id, r.writer_id, r.deleted_at.is_some())))
}

pub async fn comment_soft_delete(db: &MySqlPool, id: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE comments SET deleted_at = CURRENT_TIMESTAMP(3) WHERE id = ? AND deleted_at IS NULL", id).execute(db).await?;
    Ok(())
}

/// Likes or un-likes; returns whether the member now likes it.
pub async fn like_toggle(db: &MySqlPool, target: TargetKind, id: u64, user: u64) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query!("INSERT IGNORE INTO likes (target_type, target_id, user_id) VALUES (?, ?, ?)", target, id, user)
        .execute(db)
        .await?
        .rows_affected();
    if inserted == 1 {
        return Ok(true);
    }
    sqlx::query!("DELETE FROM likes WHERE target_type = ? AND target_id = ? AND user_id = ?", target, id, user).execute(db).await?;
    Ok(false)
}

/// (target id, count, liked by `viewer`) for each target that has likes.
pub async fn like_counts(
    db: &MySqlPool,
    target: TargetKind,
    ids: &[u64],
    viewer: Option<u64>,
) -> Result<Vec<(u64, i64, i64)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut q = sqlx::QueryBuilder::new("SELECT target_id, COUNT(*), CAST(SUM(user_id = ");
    q.push_bind(viewer.unwrap_or(0)).push(") AS SIGNED) FROM likes WHERE target_type = ").push_bind(target).push(" AND target_id IN ");
    push_list(&mut q, ids.iter().copied());
    q.push(" GROUP BY target_id");
    q.build_query_as().fetch_all(db).await
}
