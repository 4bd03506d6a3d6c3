//! Chat types shared by the server and the browser.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use utoipa::ToSchema;

/// One stored message. `seq` grows within a room; clients resume "after the last seq".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChatMessage {
    pub id: String,
    pub room_id: String,
    pub seq: i64,
    pub sender_id: u64,
    pub text: String,
    /// The sender's idempotency key: a retry with the same key returns this message.
    pub client_id: String,
    /// Milliseconds since the epoch (UTC).
    pub created_at: i64,
}

/// A room in "my rooms": the other member, the last message and my unread count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RoomSummary {
    pub room_id: String,
    pub other_id: u64,
    pub other_nickname: String,
    pub last_text: Option<String>,
    pub last_at: Option<i64>,
    pub unread: i64,
    /// The highest seq the other member has read (their "1" markers go below it).
    pub other_read_seq: i64,
}

pub const TEXT_MAX: usize = 1000;
