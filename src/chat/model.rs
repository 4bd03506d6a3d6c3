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
    Send {
        room_id: String,
        client_id: String,
        text: String,
    },
    /// `request_id` (up to 64 characters, chosen by the client) comes back on the `error`
    /// event that refuses the request, so the client knows which request it answers.
    Read {
        room_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        request_id: Option<String>,
    },
    Typing {
        room_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        request_id: Option<String>,
    },
    Call {
        room_id: String,
        signal: CallSignal,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        request_id: Option<String>,
    },
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

/// What the server sends to a tab over `/ws`: an object whose first member is its
/// `"type"` (serde writes the tag first). Read back by `wire` below.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// A refused request that was not a message (a signal, a read), with the request's
    /// `requestId` when it had one.
    Error {
        code: crate::error::ErrorCode,
        message: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        request_id: Option<String>,
    },
}

/// Reading a `ServerEvent` (the browser does, for every socket frame). A derived reader
/// for an internally tagged enum buffers each object into serde's generic `Content` first,
/// about 40 KB of WASM in every page's main bundle; the server writes the tag first, so
/// this reader takes the `"type"` and hands the rest of the object to the variant's fields.
mod wire {
    use super::{CallSignal, ChatMessage, ServerEvent};
    use crate::error::ErrorCode;
    use serde::de::{value::MapAccessDeserializer, Deserializer, Error, MapAccess, Visitor};
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Hello {
        user_id: u64,
        instance: String,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Ack {
        client_id: String,
        message: ChatMessage,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Nack {
        client_id: String,
        code: ErrorCode,
        message: String,
        retry_after_ms: Option<u64>,
    }
    #[derive(Deserialize)]
    struct Message {
        message: ChatMessage,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Read {
        room_id: String,
        user_id: u64,
        read_seq: i64,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Typing {
        room_id: String,
        user_id: u64,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Presence {
        user_id: u64,
        online: bool,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Call {
        room_id: String,
        from: u64,
        signal: CallSignal,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Failure {
        code: ErrorCode,
        message: String,
        #[serde(default)]
        request_id: Option<String>,
    }
    #[derive(Deserialize)]
    struct Nothing {}

    impl<'de> Deserialize<'de> for ServerEvent {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_map(EventVisitor)
        }
    }

    struct EventVisitor;

    impl<'de> Visitor<'de> for EventVisitor {
        type Value = ServerEvent;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a server event: an object whose first member is \"type\"")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ServerEvent, A::Error> {
            if map.next_key::<String>()?.as_deref() != Some("type") {
                return Err(A::Error::custom("a server event starts with its \"type\""));
            }
            let kind: String = map.next_value()?;
            let rest = MapAccessDeserializer::new(map);
            Ok(match kind.as_str() {
                "hello" => {
                    let Hello { user_id, instance } = Hello::deserialize(rest)?;
                    ServerEvent::Hello { user_id, instance }
                }
                "pong" => {
                    Nothing::deserialize(rest)?;
                    ServerEvent::Pong
                }
                "ack" => {
                    let Ack { client_id, message } = Ack::deserialize(rest)?;
                    ServerEvent::Ack { client_id, message }
                }
                "nack" => {
                    let Nack { client_id, code, message, retry_after_ms } = Nack::deserialize(rest)?;
                    ServerEvent::Nack { client_id, code, message, retry_after_ms }
                }
                "message" => ServerEvent::Message { message: Message::deserialize(rest)?.message },
                "read" => {
                    let Read { room_id, user_id, read_seq } = Read::deserialize(rest)?;
                    ServerEvent::Read { room_id, user_id, read_seq }
                }
                "typing" => {
                    let Typing { room_id, user_id } = Typing::deserialize(rest)?;
                    ServerEvent::Typing { room_id, user_id }
                }
                "presence" => {
                    let Presence { user_id, online } = Presence::deserialize(rest)?;
                    ServerEvent::Presence { user_id, online }
                }
                "call" => {
                    let Call { room_id, from, signal } = Call::deserialize(rest)?;
                    ServerEvent::Call { room_id, from, signal }
                }
                "error" => {
                    let Failure { code, message, request_id } = Failure::deserialize(rest)?;
                    ServerEvent::Error { code, message, request_id }
                }
                other => return Err(A::Error::custom(format_args!("unknown server event type {other}"))),
            })
        }
    }

    #[cfg(test)]
    mod tests {
        use super::super::{CallKind, CallSignal, ChatMessage, ServerEvent};
        use crate::error::ErrorCode;

        #[test]
        fn every_server_event_reads_back_as_written() {
            let message = ChatMessage {
                id: "m1".into(),
                room_id: "r1".into(),
                seq: 3,
                sender_id: 7,
                text: "안녕".into(),
                client_id: "c1".into(),
                created_at: 1_764_000_000_000,
                voice: None,
            };
            let events = [
                ServerEvent::Hello { user_id: 7, instance: "a".into() },
                ServerEvent::Pong,
                ServerEvent::Ack { client_id: "c1".into(), message: message.clone() },
                ServerEvent::Nack { client_id: "c2".into(), code: ErrorCode::Blocked, message: "차단".into(), retry_after_ms: Some(5) },
                ServerEvent::Message { message },
                ServerEvent::Read { room_id: "r1".into(), user_id: 7, read_seq: 3 },
                ServerEvent::Typing { room_id: "r1".into(), user_id: 8 },
                ServerEvent::Presence { user_id: 8, online: true },
                ServerEvent::Call {
                    room_id: "r1".into(),
                    from: 8,
                    signal: CallSignal { kind: CallKind::Invite, call_id: "x".into(), data: None },
                },
                ServerEvent::Error { code: ErrorCode::BadEvent, message: "잘못된 요청".into(), request_id: None },
                ServerEvent::Error { code: ErrorCode::Blocked, message: "차단".into(), request_id: Some("c1:invite".into()) },
            ];
            for event in events {
                let text = serde_json::to_string(&event).unwrap();
                assert!(text.starts_with("{\"type\":"), "{text}");
                assert_eq!(serde_json::from_str::<ServerEvent>(&text).unwrap(), event, "{text}");
            }
            assert!(serde_json::from_str::<ServerEvent>(r#"{"type":"nope"}"#).is_err());
            assert!(serde_json::from_str::<ServerEvent>(r#"{"userId":1,"type":"presence","online":true}"#).is_err());
        }
    }
}
