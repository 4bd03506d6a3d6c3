//! Types of 쪽지, reports, moderation and notices shared by the server and the browser.

use super::{ContentStatus, ReportReason, ReportTarget};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use utoipa::ToSchema;

/// A 쪽지 thread as one side sees it. `other` is `익명` in an anonymous thread.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NoteThread {
    pub id: u64,
    pub other: String,
    pub anonymous: bool,
    pub post_id: u64,
    pub post_title: String,
    pub last_text: String,
    pub unread: u32,
    /// Either side blocked it: no more notes.
    pub blocked: bool,
    pub blocked_by_me: bool,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Note {
    pub id: u64,
    pub mine: bool,
    pub body: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NoteThreadView {
    pub thread: NoteThread,
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NoteInput {
    pub body: String,
}

/// The live event a new 쪽지 sends to its receiver (hub kind `board.note`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NoteEvent {
    #[serde(rename = "type")]
    pub kind: String,
    pub thread_id: u64,
    pub unread_total: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReportInput {
    pub target_kind: ReportTarget,
    pub target_id: u64,
    pub reason: ReportReason,
    #[serde(default)]
    pub detail: String,
}

/// A reported item in the staff's queue: the writer is shown here and only here.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReportCase {
    pub target_kind: ReportTarget,
    pub target_id: u64,
    /// The post the item belongs to (for a note: the post its thread started from).
    pub post_id: u64,
    pub excerpt: String,
    pub writer_id: u64,
    pub writer_nickname: String,
    pub anonymous: bool,
    pub content_status: ContentStatus,
    pub reports: u32,
    pub reasons: Vec<String>,
    pub first_reported_at: NaiveDateTime,
}

/// What staff decide about a reported item.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ModerationInput {
    pub target_kind: ReportTarget,
    pub target_id: u64,
    /// "hide" or "dismiss".
    pub action: String,
    #[serde(default)]
    pub reason: String,
    /// Also suspend the writer from writing for this many days (0: no suspension).
    #[serde(default)]
    pub suspend_days: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ModerationEntry {
    pub id: u64,
    pub actor_id: u64,
    pub actor_nickname: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: u64,
    pub subject_id: Option<u64>,
    pub detail: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Notice {
    pub id: u64,
    pub text: String,
    pub read: bool,
    pub created_at: NaiveDateTime,
}
