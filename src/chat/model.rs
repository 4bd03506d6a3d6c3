//! Chat types shared by the server and the browser, including the WebSocket protocol.

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
    /// The text, or empty for a voice message.
    pub text: String,
    /// The sender's idempotency key: a retry with the same key returns this message.
    pub client_id: String,
    /// Milliseconds since the epoch (UTC).
    pub created_at: i64,
    /// A voice message: the clip in GridFS, served at `/files/voice/{id}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice: Option<VoiceClip>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VoiceClip {
    pub file_id: String,
    pub mime: String,
    pub duration_ms: i64,
    pub size: i64,
}

/// A room in "my rooms": the other member, the last message and my unread count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RoomSummary {
    pub room_id: String,
    pub other_id: u64,
    pub other_nickname: String,
    /// The other member's profile photo URL, if any (else their 미니미 is shown).
    #[serde(default)]
    pub other_photo: Option<String>,
    #[serde(default)]
    pub other_minimi: String,
    pub last_text: Option<String>,
    pub last_at: Option<i64>,
    pub unread: i64,
    /// The highest seq the other member has read (their "1" markers go below it).
    pub other_read_seq: i64,
    /// The other member has an open tab somewhere.
    #[serde(default)]
    pub other_online: bool,
    /// I blocked the other member (they cannot message or call me).
    #[serde(default)]
    pub blocked_by_me: bool,
    /// The other member blocked me.
    #[serde(default)]
    pub blocked_me: bool,
}

/// The room view's first load: the room and its newest messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomView {
    pub room: RoomSummary,
    pub me: u64,
    pub messages: Vec<ChatMessage>,
}

pub const TEXT_MAX: usize = 1000;
/// Voice clips: at most 5 minutes and 5 MB.
pub const VOICE_MAX_MS: i64 = 5 * 60 * 1000;
pub const VOICE_MAX_BYTES: usize = 5 * 1024 * 1024;
/// An unanswered call stops ringing after this long.
pub const RING_SECS: u32 = 60;

/// What a browser tab sends over `/ws`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum ClientEvent {
    Ping,
    Send { room_id: String, client_id: String, text: String },
    Read { room_id: String },
    Typing { room_id: String },
    Call { room_id: String, signal: CallSignal },
}

/// Call signaling, relayed to the other member of the room. `data` carries an SDP or an
/// ICE candidate as JSON text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallSignal {
    pub kind: CallKind,
    pub call_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CallKind {
    Invite,
    Accept,
    Decline,
    Cancel,
    Busy,
    Offer,
    Answer,
    Ice,
    Hangup,
}

/// What the server sends to a tab over `/ws`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum ServerEvent {
    Hello {
        user_id: u64,
        instance: String,
    },
    Pong,
    /// My message is stored.
    Ack {
        client_id: String,
        message: ChatMessage,
    },
    /// My message was refused; `retry_after_ms` when it was the rate limit.
    Nack {
        client_id: String,
        code: crate::error::ErrorCode,
        message: String,
        retry_after_ms: Option<u64>,
    },
    /// A new message in one of my rooms (mine from another tab, or theirs).
    Message {
        message: ChatMessage,
    },
    /// `user_id` read `room_id` up to `read_seq`.
    Read {
        room_id: String,
        user_id: u64,
        read_seq: i64,
    },
    Typing {
        room_id: String,
        user_id: u64,
    },
    Presence {
        user_id: u64,
        online: bool,
    },
    Call {
        room_id: String,
        from: u64,
        signal: CallSignal,
    },
    /// A refused request that was not a message (a signal, a read).
    Error {
        code: crate::error::ErrorCode,
        message: String,
    },
}
