//! MySQL access for members.

use super::model::{AccountView, AdminUserRow, MemberStatus, Role};
use crate::server::stores::MemberCount;
use sqlx::MySqlPool;

crate::sql_word!(Role, MemberStatus);

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: u64,
    pub email: String,
    pub password_hash: String,
    pub name: String,
    pub nickname: String,
    pub birth_date: Option<chrono::NaiveDate>,
    pub gender: Option<String>,
    pub phone: Option<String>,
    pub phone_verified_at: Option<chrono::NaiveDateTime>,
    pub guardian_email: Option<String>,
    pub guardian_consented_at: Option<chrono::NaiveDateTime>,
    pub role: Role,
    pub status: MemberStatus,
    pub email_verified_at: Option<chrono::NaiveDateTime>,
    pub profile_img: Option<String>,
    pub locale: String,
    pub created_at: chrono::NaiveDateTime,
    pub modified_at: chrono::NaiveDateTime,
}

impl UserRow {
    pub fn role(&self) -> Role {
        self.role
    }
    /// Under 14 at signup, and the guardian has not agreed yet: no sign-in.
    pub fn awaits_guardian(&self) -> bool {
        self.guardian_email.is_some() && self.guardian_consented_at.is_none()
    }
    pub fn profile_img_uri(&self) -> Option<String> {
        self.profile_img.as_ref().map(|f| crate::file_url::file_url(crate::file_url::FileKind::Profile, f))
    }
    pub fn account_view(&self) -> AccountView {
        AccountView {
            user_id: self.id,
            name: self.name.clone(),
            nickname: self.nickname.clone(),
            email: self.email.clone(),
            roles: vec![self.role()],
            created_at: iso(self.created_at),
            gender: self.gender.clone(),
            birth_date: self.birth_date.map(|d| d.format("%Y-%m-%d").to_string()),
            profile_img_uri: self.profile_img_uri(),
            locale: self.locale.clone(),
            email_verified: self.email_verified_at.is_some(),
            phone: self.phone.clone(),
            phone_verified: self.phone_verified_at.is_some(),
        }
    }
}

pub fn iso(t: chrono::NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub async fn by_id(db: &MySqlPool, id: u64) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as!(
        UserRow,
        r#"SELECT id, email, password_hash, name, nickname, birth_date, gender, phone, phone_verified_at,
                guardian_email, guardian_consented_at,
                role AS "role: Role", status AS "status: MemberStatus", email_verified_at, profile_img,
                locale, created_at, modified_at
         FROM users WHERE id = ? AND status <> 'DELETED'"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// `by_id`'s columns, for the statement below that the query macro cannot check.
const USER_COLUMNS: &str = "id, email, password_hash, name, nickname, birth_date, gender, phone, phone_verified_at, \
    guardian_email, guardian_consented_at, role, status, email_verified_at, profile_img, locale, created_at, modified_at";

/// `by_id` with counts about the member that other areas offer (`server::stores::MemberCount`)
/// in the same statement: a page's top bar shows them next to the member its session names.
pub async fn by_id_with_counts(db: &MySqlPool, id: u64, counts: &[&MemberCount]) -> Result<Option<(UserRow, Vec<i64>)>, sqlx::Error> {
    use sqlx::FromRow;
    let (columns, binds) = MemberCount::columns(counts);
    let sql = format!("SELECT {USER_COLUMNS}, {columns} FROM users WHERE id = ? AND status <> 'DELETED'");
    let mut query = sqlx::query(&sql);
    for _ in 0..binds {
        query = query.bind(id);
    }
    let Some(row) = query.bind(id).fetch_optional(db).await? else { return Ok(None) };
    Ok(Some((UserRow::from_row(&row)?, MemberCount::read(&row, counts.len())?)))
}

pub async fn by_email(db: &MySqlPool, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as!(
        UserRow,
        r#"SELECT id, email, password_hash, name, nickname, birth_date, gender, phone, phone_verified_at,
                guardian_email, guardian_consented_at,
                role AS "role: Role", status AS "status: MemberStatus", email_verified_at, profile_img,
                locale, created_at, modified_at
         FROM users WHERE email = ? AND status <> 'DELETED'"#,
        email
    )
    .fetch_optional(db)
    .await
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub name: &'a str,
    pub nickname: &'a str,
    pub birth_date: Option<chrono::NaiveDate>,
    pub gender: Option<&'a str>,
    pub phone: Option<&'a str>,
}

/// Creates a USER and their homepage. `Ok(None)` when the email is taken.
pub async fn create(db: &MySqlPool, u: NewUser<'_>) -> Result<Option<u64>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let inserted = sqlx::query!(
        "INSERT INTO users (email, password_hash, name, nickname, birth_date, gender, phone, role)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'USER')",
        u.email,
        u.password_hash,
        u.name,
        u.nickname,
        u.birth_date,
        u.gender,
        u.phone
    )
    .execute(&mut *tx)
    .await;
    let id = match inserted {
        Ok(r) => r.last_insert_id(),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Ok(None),
        Err(e) => return Err(e),
    };
    sqlx::query!("INSERT INTO homepages (user_id, title) VALUES (?, ?)", id, format!("{}의 미니홈피", u.nickname))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// Replaces the address with one just proved by a code. `false` when another member has
/// taken the address meanwhile.
pub async fn change_email(db: &MySqlPool, id: u64, email: &str) -> Result<bool, sqlx::Error> {
    match sqlx::query!("UPDATE users SET email = ?, email_verified_at = CURRENT_TIMESTAMP(3) WHERE id = ?", email, id).execute(db).await {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
        Err(e) => Err(e),
    }
}

/// Sets the mobile number (proved by an SMS code), or removes it.
pub async fn set_phone(db: &MySqlPool, id: u64, phone: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE users SET phone = ?, phone_verified_at = IF(? IS NULL, NULL, CURRENT_TIMESTAMP(3)) WHERE id = ?", phone, phone, id)
        .execute(db)
        .await
        .map(|_| ())
}

pub async fn mark_verified(db: &MySqlPool, id: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE users SET email_verified_at = COALESCE(email_verified_at, CURRENT_TIMESTAMP(3)) WHERE id = ?", id)
        .execute(db)
        .await
        .map(|_| ())
}

pub async fn set_password(db: &MySqlPool, id: u64, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE users SET password_hash = ? WHERE id = ?", hash, id).execute(db).await.map(|_| ())
}

pub struct ProfilePatch {
    pub name: Option<String>,
    pub nickname: Option<String>,
    pub gender: Option<String>,
    pub birth_date: Option<chrono::NaiveDate>,
}

pub async fn update_profile(db: &MySqlPool, id: u64, p: &ProfilePatch) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE users SET name = COALESCE(?, name), nickname = COALESCE(?, nickname),
         gender = COALESCE(?, gender), birth_date = COALESCE(?, birth_date) WHERE id = ?",
        p.name,
        p.nickname,
        p.gender,
        p.birth_date,
        id
    )
    .execute(db)
    .await
    .map(|_| ())
}

pub async fn set_profile_img(db: &MySqlPool, id: u64, file: Option<&str>) -> Result<Option<String>, sqlx::Error> {
    let old = sqlx::query_scalar!("SELECT profile_img FROM users WHERE id = ?", id).fetch_optional(db).await?;
    sqlx::query!("UPDATE users SET profile_img = ? WHERE id = ?", file, id).execute(db).await?;
    Ok(old.flatten())
}

/// Deletion keeps the row (ids stay stable for what others wrote) but removes every
/// personal detail and frees the email address.
pub async fn anonymise(db: &MySqlPool, id: u64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query!(
        "UPDATE users SET status = 'DELETED', email = CONCAT('deleted-', id, '@deleted.invalid'),
         password_hash = '!', name = '탈퇴회원', nickname = '탈퇴회원', birth_date = NULL, gender = NULL,
         phone = NULL, phone_verified_at = NULL, guardian_email = NULL, profile_img = NULL, email_verified_at = NULL WHERE id = ?",
        id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!("DELETE FROM homepages WHERE user_id = ?", id).execute(&mut *tx).await?;
    tx.commit().await
}

pub async fn find_email(db: &MySqlPool, name: &str, phone: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!("SELECT email FROM users WHERE name = ? AND phone = ? AND status <> 'DELETED' ORDER BY id", name, phone)
        .fetch_all(db)
        .await
}

/// Public listing: id and nickname (email added by the caller when allowed).
pub async fn page(db: &MySqlPool, page: u32, size: u32) -> Result<(Vec<UserRow>, i64), sqlx::Error> {
    let rows = sqlx::query_as!(
        UserRow,
        r#"SELECT id, email, password_hash, name, nickname, birth_date, gender, phone, phone_verified_at,
                guardian_email, guardian_consented_at,
                role AS "role: Role", status AS "status: MemberStatus", email_verified_at, profile_img,
                locale, created_at, modified_at
         FROM users WHERE status = 'ACTIVE' ORDER BY id LIMIT ? OFFSET ?"#,
        size,
        u64::from(page) * u64::from(size)
    )
    .fetch_all(db)
    .await?;
    let total = sqlx::query_scalar!("SELECT COUNT(*) FROM users WHERE status = 'ACTIVE'").fetch_one(db).await?;
    Ok((rows, total))
}

pub async fn admin_search(db: &MySqlPool, q: &str, page: u32, size: u32) -> Result<(Vec<AdminUserRow>, i64), sqlx::Error> {
    let like = crate::server::stores::like_contains(q);
    let rows = sqlx::query_as!(
        UserRow,
        r#"SELECT id, email, password_hash, name, nickname, birth_date, gender, phone, phone_verified_at,
                guardian_email, guardian_consented_at,
                role AS "role: Role", status AS "status: MemberStatus", email_verified_at, profile_img,
                locale, created_at, modified_at
         FROM users WHERE status <> 'DELETED' AND (email LIKE ? OR name LIKE ? OR nickname LIKE ?)
         ORDER BY id LIMIT ? OFFSET ?"#,
        like,
        like,
        like,
        size,
        u64::from(page) * u64::from(size)
    )
    .fetch_all(db)
    .await?;
    let total = sqlx::query_scalar!(
        "SELECT COUNT(*) FROM users WHERE status <> 'DELETED' AND (email LIKE ? OR name LIKE ? OR nickname LIKE ?)",
        like,
        like,
        like
    )
    .fetch_one(db)
    .await?;
    let rows = rows
        .into_iter()
        .map(|u| AdminUserRow {
            id: u.id,
            role: u.role(),
            email: u.email,
            name: u.name,
            nickname: u.nickname,
            status: u.status,
            created_at: iso(u.created_at),
        })
        .collect();
    Ok((rows, total))
}

pub async fn set_role(db: &MySqlPool, id: u64, role: Role) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!("UPDATE users SET role = ? WHERE id = ? AND status <> 'DELETED'", role, id).execute(db).await?;
    Ok(r.rows_affected() > 0)
}

pub async fn set_suspended(db: &MySqlPool, id: u64, suspended: bool) -> Result<bool, sqlx::Error> {
    let status = if suspended { MemberStatus::Suspended } else { MemberStatus::Active };
    let r = sqlx::query!("UPDATE users SET status = ? WHERE id = ? AND status <> 'DELETED'", status, id).execute(db).await?;
    Ok(r.rows_affected() > 0)
}

// ------------------------------------------------------------------ social login

/// The password hash of an account made through social login: no password matches it
/// (argon2 cannot parse it), so only its linked providers sign it in until a reset sets one.
pub const NO_PASSWORD: &str = "!";

/// The member a provider's subject is linked to.
pub async fn social_user(db: &MySqlPool, provider: &str, subject: &str) -> Result<Option<u64>, sqlx::Error> {
    sqlx::query_scalar!("SELECT user_id FROM social_links WHERE provider = ? AND subject = ?", provider, subject).fetch_optional(db).await
}

/// Links a provider's subject to a member; false when the subject is linked already (to
/// anyone) or the member has this provider linked already.
pub async fn link_social(db: &MySqlPool, user: u64, provider: &str, subject: &str) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!("INSERT IGNORE INTO social_links (provider, subject, user_id) VALUES (?, ?, ?)", provider, subject, user)
        .execute(db)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// The providers linked to a member, with since when (Unix seconds).
pub async fn social_links_of(db: &MySqlPool, user: u64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    Ok(sqlx::query!("SELECT provider, created_at FROM social_links WHERE user_id = ? ORDER BY created_at", user)
        .fetch_all(db)
        .await?
        .into_iter()
        .map(|r| (r.provider, r.created_at.and_utc().timestamp()))
        .collect())
}

pub async fn unlink_social(db: &MySqlPool, user: u64, provider: &str) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!("DELETE FROM social_links WHERE user_id = ? AND provider = ?", user, provider).execute(db).await?;
    Ok(r.rows_affected() > 0)
}

/// A deleted account's links go, so its provider accounts can sign up afresh.
pub async fn forget_social(db: &MySqlPool, user: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM social_links WHERE user_id = ?", user).execute(db).await.map(|_| ())
}

/// Records that `blocker` blocked `blocked` (again is a no-op).
pub async fn insert_block(db: &MySqlPool, blocker: u64, blocked: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("INSERT IGNORE INTO member_blocks (blocker_id, blocked_id) VALUES (?, ?)", blocker, blocked).execute(db).await.map(|_| ())
}

pub async fn delete_block(db: &MySqlPool, blocker: u64, blocked: u64) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM member_blocks WHERE blocker_id = ? AND blocked_id = ?", blocker, blocked).execute(db).await.map(|_| ())
}

/// (a blocked b, b blocked a).
pub async fn block_pair(db: &MySqlPool, a: u64, b: u64) -> Result<(bool, bool), sqlx::Error> {
    let blockers = sqlx::query_scalar!(
        "SELECT blocker_id FROM member_blocks WHERE (blocker_id = ? AND blocked_id = ?) OR (blocker_id = ? AND blocked_id = ?)",
        a,
        b,
        b,
        a
    )
    .fetch_all(db)
    .await?;
    Ok((blockers.contains(&a), blockers.contains(&b)))
}

/// Everyone `user` blocked, and everyone who blocked `user`.
pub async fn blocks_of(db: &MySqlPool, user: u64) -> Result<(Vec<u64>, Vec<u64>), sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT blocker_id, blocked_id FROM member_blocks WHERE blocker_id = ? UNION ALL
         SELECT blocker_id, blocked_id FROM member_blocks WHERE blocked_id = ?",
        user,
        user
    )
    .fetch_all(db)
    .await?;
    let mine = rows.iter().filter(|r| r.blocker_id == user).map(|r| r.blocked_id).collect();
    let theirs = rows.iter().filter(|r| r.blocked_id == user).map(|r| r.blocker_id).collect();
    Ok((mine, theirs))
}

/// The members `user` blocked, newest first: (id, nickname, when).
pub async fn blocked_by(db: &MySqlPool, user: u64) -> Result<Vec<(u64, String, chrono::NaiveDateTime)>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT b.blocked_id, u.nickname, b.created_at FROM member_blocks b JOIN users u ON u.id = b.blocked_id
         WHERE b.blocker_id = ? ORDER BY b.created_at DESC, b.blocked_id DESC LIMIT 500",
        user
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.blocked_id, r.nickname, r.created_at)).collect())
}

/// Records one agreement.
pub async fn insert_consent(db: &MySqlPool, user: u64, document: &str, version: &str, given_by: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("INSERT INTO user_consents (user_id, document, version, given_by) VALUES (?, ?, ?, ?)", user, document, version, given_by)
        .execute(db)
        .await
        .map(|_| ())
}

/// The member's agreements, newest first: (document, version, when).
pub async fn consents_of(db: &MySqlPool, user: u64) -> Result<Vec<(String, String, chrono::NaiveDateTime)>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT document, version, consented_at FROM user_consents WHERE user_id = ? ORDER BY consented_at DESC, id DESC",
        user
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.document, r.version, r.consented_at)).collect())
}

/// Names the guardian of a member under 14 (at signup).
pub async fn set_guardian(db: &MySqlPool, user: u64, guardian_email: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE users SET guardian_email = ? WHERE id = ?", guardian_email, user).execute(db).await.map(|_| ())
}

/// The guardian agreed (once: `false` when it was already recorded).
pub async fn mark_guardian_consented(db: &MySqlPool, user: u64) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query!("UPDATE users SET guardian_consented_at = CURRENT_TIMESTAMP(3) WHERE id = ? AND guardian_consented_at IS NULL", user)
            .execute(db)
            .await?;
    Ok(done.rows_affected() == 1)
}
