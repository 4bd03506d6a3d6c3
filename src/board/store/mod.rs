//! MySQL access of the community. No rules here (see `service`).

use super::model::{BoardCategory, ContentStatus, ReportReason, ReportStatus, ReportTarget, RequestStatus, VerifiedBy};
use sqlx::MySqlPool;

crate::sql_word!(BoardCategory, ContentStatus, VerifiedBy, RequestStatus, ReportTarget, ReportReason, ReportStatus);

mod boards;
mod comments;
mod media;
mod moderation;
mod notes;
mod posts;
mod schools;
pub use boards::*;
pub use comments::*;
pub use media::*;
pub use moderation::*;
pub use notes::*;
pub use posts::*;
pub use schools::*;

/// A member's place in a school: what every rule starts from.
#[derive(Debug, Clone)]
pub struct SeatRow {
    pub school_id: u64,
    pub suspended_until: Option<chrono::NaiveDateTime>,
}

pub async fn seat(db: &MySqlPool, user: u64) -> Result<Option<SeatRow>, sqlx::Error> {
    sqlx::query_as!(SeatRow, "SELECT school_id, suspended_until FROM school_members WHERE user_id = ?", user).fetch_optional(db).await
}
