//! Connections to MySQL, Redis and MongoDB. Startup fails fast, with a message that names
//! the store, the (redacted) URL and the environment variable to fix.

use super::config::{redact, Config};
use mongodb::{bson::doc, options::ClientOptions};
use sqlx::mysql::{MySqlPool, MySqlPoolOptions};
use std::time::Duration;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A connection used this recently is handed out without a ping first.
const RECENTLY_USED: Duration = Duration::from_secs(1);

pub async fn connect_mysql(cfg: &Config) -> Result<MySqlPool, String> {
    MySqlPoolOptions::new()
        .max_connections(20)
        .acquire_timeout(CONNECT_TIMEOUT)
        // sqlx pings a connection before lending it, and (always) again when it comes
        // back: three round trips for each statement. The one on return is a flush in our
        // copy of sqlx-core (vendor/sqlx-core/PATCHED.md); the one before lending is made
        // only for a connection idle for a while, as HikariCP's aliveBypassWindowMs does.
        // A connection that broke in between fails its statement (a 503, as while the
        // store is down), and the flush on its return, reading the answer it still waits
        // for, closes it.
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= RECENTLY_USED {
                    sqlx::Connection::ping(conn).await?;
                }
                Ok(true)
            })
        })
        .connect(&cfg.database_url)
        .await
        .map_err(|e| format!("cannot reach MySQL at {} (DATABASE_URL): {e}", redact(&cfg.database_url)))
}

/// Applies pending migrations. Several app instances (or tests) may start at once: sqlx's
/// own lock uses `GET_LOCK(name, -1)`, which MariaDB does not treat as "wait forever", so
/// we hold a named lock with a real timeout on the same connection for the whole run.
pub async fn migrate(db: &MySqlPool) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("migrations failed: {e}");
    let mut conn = db.acquire().await.map_err(|e| fail(&e))?;
    let locked = sqlx::query_scalar!("SELECT GET_LOCK('minihompy_migrations', 120)").fetch_one(&mut *conn).await.map_err(|e| fail(&e))?;
    if locked != Some(1) {
        return Err(fail(&"another instance held the migration lock for 120 s"));
    }
    let result = sqlx::migrate!("./migrations").run(&mut *conn).await;
    let _ = sqlx::query_scalar!("SELECT RELEASE_LOCK('minihompy_migrations')").fetch_one(&mut *conn).await;
    result.map_err(|e| fail(&e))
}

pub async fn connect_redis(cfg: &Config) -> Result<redis::aio::ConnectionManager, String> {
    let fail = |e: redis::RedisError| format!("cannot reach Redis at {} (REDIS_URL): {e}", redact(&cfg.redis_url));
    let client = redis::Client::open(cfg.redis_url.as_str()).map_err(fail)?;
    let config = redis::aio::ConnectionManagerConfig::new().set_connection_timeout(CONNECT_TIMEOUT).set_number_of_retries(1);
    let mut conn = tokio::time::timeout(CONNECT_TIMEOUT, redis::aio::ConnectionManager::new_with_config(client, config))
        .await
        .map_err(|_| format!("cannot reach Redis at {} (REDIS_URL): timed out", redact(&cfg.redis_url)))?
        .map_err(fail)?;
    redis::cmd("PING").query_async::<String>(&mut conn).await.map_err(fail)?;
    Ok(conn)
}

pub async fn connect_mongo(cfg: &Config) -> Result<mongodb::Database, String> {
    let fail = |e: mongodb::error::Error| format!("cannot reach MongoDB at {} (MONGODB_URL): {e}", redact(&cfg.mongodb_url));
    let mut options = ClientOptions::parse(&cfg.mongodb_url).await.map_err(fail)?;
    options.server_selection_timeout = Some(CONNECT_TIMEOUT);
    options.connect_timeout = Some(CONNECT_TIMEOUT);
    options.app_name = Some("minihompy".into());
    let client = mongodb::Client::with_options(options).map_err(fail)?;
    let db = client.database(&cfg.mongodb_db);
    db.run_command(doc! { "ping": 1 }).await.map_err(fail)?;
    Ok(db)
}

/// A `LIKE ?` pattern that finds `text` anywhere, with `\`, `%` and `_` in it taken
/// literally (MySQL's default escape character is the backslash).
pub fn like_contains(text: &str) -> String {
    format!("%{}%", text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}

/// Appends `(?, ?, …)` binding each of `items`: the one way a list enters SQL.
pub fn push_list<'a, T>(q: &mut sqlx::QueryBuilder<'a, sqlx::MySql>, items: impl IntoIterator<Item = T>)
where
    T: 'a + sqlx::Encode<'a, sqlx::MySql> + sqlx::Type<sqlx::MySql> + Send,
{
    q.push("(");
    let mut list = q.separated(", ");
    for item in items {
        list.push_bind(item);
    }
    q.push(")");
}

/// A count an area offers about one member (unread notes, pending requests, a balance): a
/// scalar subquery in which every `?` is the member's id. A page that shows several areas'
/// counts (the top bar, on every signed-in page) reads them all in one statement with
/// `member_counts` instead of one statement each; the SQL stays in the area that owns it.
pub struct MemberCount(pub &'static str);

impl MemberCount {
    /// `counts` as the columns of a `SELECT`, named `count0`, `count1`, … (each a signed
    /// integer, 0 for a missing row), and how many `?` they hold: each is the member's id.
    pub fn columns(counts: &[&MemberCount]) -> (String, usize) {
        let columns: Vec<String> =
            counts.iter().enumerate().map(|(i, c)| format!("CAST(COALESCE(({}), 0) AS SIGNED) AS count{i}", c.0)).collect();
        (columns.join(", "), counts.iter().map(|c| c.0.matches('?').count()).sum())
    }

    /// The `count0`, `count1`, … columns of a row read with `columns`, in order.
    pub fn read(row: &sqlx::mysql::MySqlRow, how_many: usize) -> Result<Vec<i64>, sqlx::Error> {
        use sqlx::Row;
        (0..how_many).map(|i| row.try_get::<i64, _>(format!("count{i}").as_str())).collect()
    }
}

/// Each of `counts` for `member`, in order (a missing row counts 0): one statement.
pub async fn member_counts(db: &MySqlPool, member: u64, counts: &[&MemberCount]) -> Result<Vec<i64>, sqlx::Error> {
    let (columns, binds) = MemberCount::columns(counts);
    let sql = format!("SELECT {columns}");
    let mut query = sqlx::query(&sql);
    for _ in 0..binds {
        query = query.bind(member);
    }
    let row = query.fetch_one(db).await?;
    MemberCount::read(&row, counts.len())
}

/// Stores a closed set of words (a Rust enum with `as_str` and `parse`) in a MySQL `ENUM`
/// or text column: written as its word, read back refusing any word it does not know.
#[macro_export]
macro_rules! sql_word {
    ($($t:ty),+ $(,)?) => {$(
        impl sqlx::Type<sqlx::MySql> for $t {
            fn type_info() -> sqlx::mysql::MySqlTypeInfo {
                <str as sqlx::Type<sqlx::MySql>>::type_info()
            }
            fn compatible(ty: &sqlx::mysql::MySqlTypeInfo) -> bool {
                <str as sqlx::Type<sqlx::MySql>>::compatible(ty)
            }
        }
        impl<'q> sqlx::Encode<'q, sqlx::MySql> for $t {
            fn encode_by_ref(&self, buf: &mut Vec<u8>) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<sqlx::MySql>>::encode(self.as_str(), buf)
            }
        }
        impl<'r> sqlx::Decode<'r, sqlx::MySql> for $t {
            fn decode(value: sqlx::mysql::MySqlValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let word = <&str as sqlx::Decode<sqlx::MySql>>::decode(value)?;
                <$t>::parse(word).ok_or_else(|| format!("unknown {} {word:?}", stringify!($t)).into())
            }
        }
    )+};
}

/// A connection whose next transaction runs at READ COMMITTED: locking reads then lock the
/// rows they find, not the gaps between them. Two members' first rows next to each other in
/// a unique index otherwise deadlock (each one's gap lock blocks the other's insert); the
/// callers serialise on a parent row's lock instead (see timetable and board notes).
pub async fn read_committed(db: &MySqlPool) -> Result<sqlx::pool::PoolConnection<sqlx::MySql>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL READ COMMITTED").execute(&mut *conn).await?;
    Ok(conn)
}

#[cfg(test)]
mod like_tests {
    #[test]
    fn wildcards_in_the_search_are_literal() {
        assert_eq!(super::like_contains("50%_off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(super::like_contains("싸이"), "%싸이%");
    }
}
