//! `/ws`: one authenticated WebSocket per browser tab. Auth is the access cookie (or a
//! Bearer header for API clients); the Origin must be our own, since a cross-site page
//! could otherwise open a socket that rides the member's cookie. The socket carries chat
//! messages (stored before the ack), read receipts, typing, presence and call signaling.
//! Heartbeats: the server pings every 25 s and drops a socket silent for 70 s; the client
//! sends `ping` and expects `pong` to notice a dead link itself.

use super::{
    call_signal,
    model::{ClientEvent, ServerEvent},
    service,
};
use crate::error::ErrorCode;
use crate::{
    account::auth::{self, AuthUser},
    chat::model::CallKind,
    error::AppError,
    server::{hub, AppState},
};
use axum::{
    extract::{
        ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade},
        State,
    },
    http::{header, HeaderMap},
    response::{IntoResponse, Response},
};
use futures::{SinkExt, StreamExt};
use std::time::{Duration, Instant};

const PING_EVERY: Duration = Duration::from_secs(25);
const SILENT_LIMIT: Duration = Duration::from_secs(70);
const FRAME_MAX: usize = 64 * 1024;
const SOCKET_BUFFER: usize = 4 * 1024;
/// A peer that takes longer than this to accept one frame is gone or too slow: the socket
/// closes (its client reconnects and catches up).
const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// The close code of a socket that fell `hub::SOCKET_QUEUE` events behind.
pub const SLOW_CLOSE_CODE: u16 = 4008;

pub async fn upgrade(
    State(state): State<AppState>,
    headers: HeaderMap,
    ws: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Response {
    let Ok(ws) = ws else {
        return AppError::bad_request(ErrorCode::WebsocketRequired, "WebSocket 연결 요청이 아닙니다.").into_response();
    };
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let bearer = headers.contains_key(header::AUTHORIZATION);
    let ours = origin == Some(state.config.public_url.trim_end_matches('/'));
    // Browsers always send Origin on a WebSocket handshake; a client without one must use
    // a Bearer token, which a foreign page cannot borrow.
    if !(ours || (origin.is_none() && bearer)) {
        return AppError::forbidden("허용되지 않은 출처의 연결입니다.").into_response();
    }
    let Some(token) = auth::access_token(&headers) else {
        return auth::login_required().into_response();
    };
    let user = match auth::authenticate(&state, &token).await {
        Ok(u) => u,
        Err(e) => return e.into_response(),
    };
    // Small buffers: tungstenite's defaults (128 KiB each way) made an idle socket cost
    // about 140 KiB; chat frames are small (FRAME_MAX) and every send is flushed.
    ws.max_message_size(FRAME_MAX)
        .max_frame_size(FRAME_MAX)
        .read_buffer_size(SOCKET_BUFFER)
        .write_buffer_size(0)
        .on_upgrade(move |socket| run(state, user, socket))
}

/// The call this socket is in, so leaving ends it for the other side too.
struct OpenCall {
    room: String,
    call_id: String,
}

async fn run(state: AppState, user: AuthUser, socket: WebSocket) {
    let me = user.id();
    let (conn, mut inbox) = state.hub.register(me);
    let socket_key = format!("{}:{}:{conn}", state.hub.instance, state.hub.process);
    let (mut sink, mut stream) = socket.split();
    if matches!(hub::socket_alive(&state.redis, me, &socket_key).await, Ok(true)) {
        let _ = service::announce_presence(&state, me, true).await;
    }
    let hello = ServerEvent::Hello { user_id: me, instance: state.hub.instance.clone() };
    let mut alive = sink.send(Message::Text(json(&hello).into())).await.is_ok();
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.tick().await;
    let mut heard = Instant::now();
    let mut open_call: Option<OpenCall> = None;
    while alive {
        tokio::select! {
            frame = stream.next() => match frame {
                Some(Ok(Message::Text(text))) => {
                    heard = Instant::now();
                    if let Some(reply) = handle(&state, &user, &text, &mut open_call).await {
                        alive = sink.send(Message::Text(json(&reply).into())).await.is_ok();
                    }
                }
                // The client said goodbye: answer its Close (the reply tungstenite queued
                // goes out on the next flush), so the browser sees a clean close, not 1006.
                Some(Ok(Message::Close(_))) => {
                    let _ = tokio::time::timeout(SEND_TIMEOUT, sink.close()).await;
                    break;
                }
                None | Some(Err(_)) => break,
                Some(Ok(_)) => heard = Instant::now(),
            },
            event = inbox.recv() => match event {
                Some(payload) => {
                    if let Some(c) = open_call.take_if(|c| ended_by_block(me, c, &payload)) {
                        let _ = call_signal::end_for_block(&state, &user, &c.room, &c.call_id).await;
                    }
                    alive = matches!(tokio::time::timeout(SEND_TIMEOUT, sink.send(Message::Text(payload.as_ref().into()))).await, Ok(Ok(())));
                }
                None => {
                    // The hub dropped this socket: it fell too far behind.
                    let close = CloseFrame { code: SLOW_CLOSE_CODE, reason: "too slow; reconnect to catch up".into() };
                    let _ = tokio::time::timeout(SEND_TIMEOUT, sink.send(Message::Close(Some(close)))).await;
                    break;
                }
            },
            _ = ping.tick() => {
                if heard.elapsed() > SILENT_LIMIT {
                    break;
                }
                // Logging out, or ending this session elsewhere, closes the socket too; a
                // Redis that cannot be asked ends nothing (the socket outlives a restart).
                match crate::account::session_owner(&state.redis, &user.session).await {
                    Ok(Some(id)) if id == me => {}
                    Ok(_) => {
                        let _ = sink.send(Message::Close(Some(CloseFrame { code: 4001, reason: "session ended".into() }))).await;
                        break;
                    }
                    Err(_) => {}
                }
                let _ = hub::socket_alive(&state.redis, me, &socket_key).await;
                alive = sink.send(Message::Ping(Vec::new().into())).await.is_ok();
            }
        }
    }
    state.hub.unregister(me, conn);
    if let Some(c) = open_call {
        let _ = call_signal::hang_up_for(&state, &user, &c.room, &c.call_id).await;
    }
    if matches!(hub::socket_closed(&state.redis, me, &socket_key).await, Ok(true)) {
        let _ = service::announce_presence(&state, me, false).await;
    }
}

/// A block by this socket's member of the other member in its call: the call ends at once
/// (the browsers stop sending media when they hear the hang-up). The blocker's socket is
/// the one that ends it, so each side hears one hang-up.
fn ended_by_block(me: u64, c: &OpenCall, payload: &str) -> bool {
    crate::account::blocks::block_set_in(payload)
        .is_some_and(|(blocker, blocked)| blocker == me && super::store::room_id(blocker, blocked) == c.room)
}

fn json(e: &ServerEvent) -> String {
    serde_json::to_string(e).unwrap_or_default()
}

/// The refusal of a request, naming it by its `requestId` (one of up to 64 characters).
fn error_event(e: AppError, request_id: Option<String>) -> ServerEvent {
    ServerEvent::Error { code: e.code, message: e.message, request_id: request_id.filter(|r| r.len() <= 64) }
}

async fn handle(state: &AppState, user: &AuthUser, text: &str, open_call: &mut Option<OpenCall>) -> Option<ServerEvent> {
    let event: ClientEvent = match serde_json::from_str(text) {
        Ok(e) => e,
        Err(_) => {
            return Some(ServerEvent::Error {
                code: ErrorCode::BadEvent, message: "알 수 없는 요청입니다.".into(), request_id: None
            })
        }
    };
    match event {
        ClientEvent::Ping => Some(ServerEvent::Pong),
        ClientEvent::Send { room_id, client_id, text } => Some(match service::send(state, user, &room_id, &client_id, &text).await {
            Ok(message) => ServerEvent::Ack { client_id, message },
            Err(e) => ServerEvent::Nack {
                client_id,
                retry_after_ms: (e.status == 429).then(|| retry_after_ms(&e)),
                code: e.code,
                message: e.message,
            },
        }),
        ClientEvent::Read { room_id, request_id } => service::read(state, user, &room_id).await.err().map(|e| error_event(e, request_id)),
        ClientEvent::Typing { room_id, request_id } => {
            service::typing(state, user, &room_id).await.err().map(|e| error_event(e, request_id))
        }
        ClientEvent::Call { room_id, signal, request_id } => {
            let (kind, call_id) = (signal.kind, signal.call_id.clone());
            match call_signal::signal(state, user, &room_id, signal).await {
                Ok(()) => {
                    match kind {
                        CallKind::Invite | CallKind::Accept => *open_call = Some(OpenCall { room: room_id, call_id }),
                        CallKind::Hangup | CallKind::Cancel | CallKind::Decline => *open_call = None,
                        _ => {}
                    }
                    None
                }
                Err(e) => Some(error_event(e, request_id)),
            }
        }
    }
}

/// The wait a 429 asks for, at least a second.
fn retry_after_ms(e: &AppError) -> u64 {
    e.retry_after_secs.unwrap_or(1).max(1) * 1000
}

/// The event every socket gets when events may have been missed (the hub's Redis link came
/// back): clients refetch after their last seq on a hello.
pub fn resync_event(instance: &str) -> String {
    let hello = ServerEvent::Hello { user_id: 0, instance: instance.to_owned() };
    serde_json::to_string(&hello).unwrap_or_default()
}
