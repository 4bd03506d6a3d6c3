//! The WebSocket hub against the real Redis and MongoDB-protocol servers: login and Origin
//! on `/ws`, delivery, read receipts, typing and presence between two app instances (each
//! with its own Redis pub/sub link, served on its own port), the send rate limit over the
//! socket, blocking, call signaling, and voice clips in GridFS.

use crate::common::*;
use futures::{SinkExt, StreamExt};
use minihompy::server::{config::Config, AppState};
use serde_json::{json, Value};
use std::time::Duration;
use tokio_tungstenite::tungstenite::{client::IntoClientRequest, Message};

type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// One app instance on its own port, as `minihompy serve` runs it.
struct Instance {
    url: String,
    state: AppState,
}

async fn instance(name: &str) -> Instance {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let mut config = Config::from_env().unwrap();
    config.public_url = url.clone();
    config.instance_id = name.to_owned();
    config.trust_proxy = true;
    let options = leptos::config::LeptosOptions::builder().output_name("minihompy").site_root("target/site").build();
    let state = minihompy::site::connect(config, options).await.expect("services (use scripts/test)");
    let app = minihompy::site::router(state.clone());
    tokio::spawn(async move {
        minihompy::server::http::serve(listener, app).await.unwrap();
    });
    Instance { url, state }
}

async fn connect(inst: &Instance, token: Option<&str>, origin: Option<&str>) -> Result<Ws, u16> {
    let mut req = format!("{}/ws", inst.url.replace("http://", "ws://")).into_client_request().unwrap();
    if let Some(t) = token {
        req.headers_mut().insert("cookie", format!("accessToken={t}").parse().unwrap());
    }
    if let Some(o) = origin {
        req.headers_mut().insert("origin", o.parse().unwrap());
    }
    match tokio_tungstenite::connect_async(req).await {
        Ok((ws, _)) => Ok(ws),
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => Err(res.status().as_u16()),
        Err(e) => panic!("handshake: {e}"),
    }
}

/// A socket of `m` on `inst`, past its hello.
async fn socket(inst: &Instance, m: &Member) -> Ws {
    let mut ws = connect(inst, Some(&m.access), Some(&inst.url)).await.expect("socket");
    let hello = next_of(&mut ws, "hello").await;
    assert_eq!(hello["userId"].as_u64(), Some(m.id));
    ws
}

async fn send(ws: &mut Ws, event: Value) {
    ws.send(Message::Text(event.to_string().into())).await.unwrap();
}

/// The next event of type `kind` (others are skipped), within 5 s.
async fn next_of(ws: &mut Ws, kind: &str) -> Value {
    tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match ws.next().await.expect("socket open").expect("frame") {
                Message::Text(t) => {
                    let v: Value = serde_json::from_str(&t).unwrap();
                    if v["type"] == kind {
                        return v;
                    }
                }
                _ => continue,
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no {kind} event within 5 s"))
}

/// Nothing of type `kind` arrives within `ms`.
async fn none_of(ws: &mut Ws, kind: &str, ms: u64) {
    let got = tokio::time::timeout(Duration::from_millis(ms), next_of(ws, kind)).await;
    assert!(got.is_err(), "unexpected {kind}: {:?}", got.ok());
}

async fn open_room(app: &axum::Router, c: &Client, me: &Member, other: u64) -> String {
    let res = c.call(app, "POST", "/api/chat/rooms", Some(&me.access), Some(json!({"withUserId": other}))).await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()["roomId"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_socket_needs_a_login_and_our_origin() {
    let one = instance("app-a").await;
    let app = minihompy::site::router(one.state.clone());
    let (_, a) = someone(&app, &one.state).await;
    assert_eq!(connect(&one, None, Some(&one.url)).await.err(), Some(401), "no login");
    assert_eq!(connect(&one, Some("not-a-token"), Some(&one.url)).await.err(), Some(401), "bad token");
    assert_eq!(connect(&one, Some(&a.access), Some("https://evil.example")).await.err(), Some(403), "foreign page riding the cookie");
    assert_eq!(connect(&one, Some(&a.access), None).await.err(), Some(403), "cookie without Origin");
    let mut ws = socket(&one, &a).await;
    send(&mut ws, json!({"type": "ping"})).await;
    next_of(&mut ws, "pong").await;
    send(&mut ws, json!({"type": "nonsense"})).await;
    assert_eq!(next_of(&mut ws, "error").await["code"], "BAD_EVENT");
}

/// A client's Close is answered with the server's own (a clean closing handshake). Before, the server dropped the connection with the reply
/// still queued, and browsers saw 1006 (found by the soak).
#[tokio::test]
async fn a_socket_closed_by_its_client_gets_the_servers_close_back() {
    let one = instance("app-a").await;
    let app = minihompy::site::router(one.state.clone());
    let (_, a) = someone(&app, &one.state).await;
    let mut ws = socket(&one, &a).await;
    ws.send(Message::Close(None)).await.unwrap();
    let answer = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Close(frame))) => return Some(frame),
                Some(Ok(_)) => continue,
                _ => return None,
            }
        }
    })
    .await
    .expect("an answer within 5 s");
    assert!(answer.is_some(), "the server answered the Close with its own, not by dropping the connection");
    assert!(ws.next().await.is_none(), "then the connection ends");
}

/// Two members with a room between them, and two instances of the site.
struct Pair {
    one: Instance,
    two: Instance,
    app: axum::Router,
    a: (Client, Member),
    b: (Client, Member),
    room: String,
}

async fn pair() -> Pair {
    let one = instance("app-a").await;
    let two = instance("app-b").await;
    let app = minihompy::site::router(one.state.clone());
    let (ca, a) = someone(&app, &one.state).await;
    let (cb, b) = someone(&app, &one.state).await;
    let room = open_room(&app, &ca, &a, b.id).await;
    Pair { one, two, app, a: (ca, a), b: (cb, b), room }
}

#[tokio::test]
async fn members_on_two_instances_chat_read_type_and_see_presence() {
    let Pair { one, two, app, a: (_, a), b: (cb, b), room } = pair().await;

    let mut wa = socket(&one, &a).await;
    let mut wb = socket(&two, &b).await;
    let online = next_of(&mut wa, "presence").await;
    assert_eq!(
        (online["userId"].as_u64(), online["online"].as_bool()),
        (Some(b.id), Some(true)),
        "A hears B come online on the other instance"
    );

    // A (instance 1) → B (instance 2): acknowledged once stored, delivered to B and to A's own tabs.
    send(&mut wa, json!({"type": "send", "roomId": room, "clientId": "rt-1", "text": "안녕, 다른 서버!"})).await;
    let ack = next_of(&mut wa, "ack").await;
    assert_eq!(ack["clientId"], "rt-1");
    let seq = ack["message"]["seq"].as_i64().unwrap();
    let got = next_of(&mut wb, "message").await;
    assert_eq!((got["message"]["text"].as_str(), got["message"]["seq"].as_i64()), (Some("안녕, 다른 서버!"), Some(seq)));
    assert_eq!(next_of(&mut wa, "message").await["message"]["seq"].as_i64(), Some(seq), "A's other tabs hear it too");

    // B's unread count is 1 until B reads; the read receipt reaches A on the other instance.
    let rooms = cb.call(&app, "GET", "/api/chat/rooms", Some(&b.access), None).await.json();
    assert_eq!(rooms[0]["unread"], 1);
    send(&mut wb, json!({"type": "read", "roomId": room})).await;
    let read = next_of(&mut wa, "read").await;
    assert_eq!((read["userId"].as_u64(), read["readSeq"].as_i64()), (Some(b.id), Some(seq)));
    let rooms = cb.call(&app, "GET", "/api/chat/rooms", Some(&b.access), None).await.json();
    assert_eq!(rooms[0]["unread"], 0);

    // B → A the other way, through the REST API on instance 2's state: still live on A's socket.
    send(&mut wb, json!({"type": "typing", "roomId": room})).await;
    assert_eq!(next_of(&mut wa, "typing").await["userId"].as_u64(), Some(b.id));
    send(&mut wb, json!({"type": "send", "roomId": room, "clientId": "rt-2", "text": "잘 받았어"})).await;
    assert_eq!(next_of(&mut wa, "message").await["message"]["text"], "잘 받았어");
    assert_eq!(next_of(&mut wb, "message").await["message"]["text"], "잘 받았어", "B's own echo");

    // A retry of rt-1 is answered with the stored message, which goes out again under its
    // seq (its first instance may have died before publishing; clients keep one per seq),
    // and nothing new is stored.
    send(&mut wa, json!({"type": "send", "roomId": room, "clientId": "rt-1", "text": "안녕, 다른 서버!"})).await;
    assert_eq!(next_of(&mut wa, "ack").await["message"]["seq"].as_i64(), Some(seq));
    assert_eq!(next_of(&mut wb, "message").await["message"]["seq"].as_i64(), Some(seq));
    none_of(&mut wb, "message", 400).await;
    let history = cb.call(&app, "GET", &format!("/api/chat/rooms/{room}/messages"), Some(&b.access), None).await.json();
    assert_eq!(history.as_array().map(Vec::len), Some(2), "two messages stored: {history}");

    // B leaves: A hears B go offline.
    wb.close(None).await.unwrap();
    let offline = next_of(&mut wa, "presence").await;
    assert_eq!((offline["userId"].as_u64(), offline["online"].as_bool()), (Some(b.id), Some(false)));
}

#[tokio::test]
async fn a_stranger_cannot_use_a_room_over_the_socket_and_calls_reach_only_the_other_member() {
    let one = instance("app-a").await;
    let two = instance("app-b").await;
    let app = minihompy::site::router(one.state.clone());
    let (ca, a) = someone(&app, &one.state).await;
    let (_, b) = someone(&app, &one.state).await;
    let (_, x) = someone(&app, &one.state).await;
    let room = open_room(&app, &ca, &a, b.id).await;
    let mut wa = socket(&one, &a).await;
    let mut wb = socket(&two, &b).await;
    let mut wx = socket(&two, &x).await;

    send(&mut wx, json!({"type": "send", "roomId": room, "clientId": "x-1", "text": "끼어들기"})).await;
    assert_eq!(next_of(&mut wx, "nack").await["code"], "ROOM_NOT_FOUND");
    send(&mut wx, json!({"type": "call", "roomId": room, "signal": {"kind": "invite", "callId": "k1"}})).await;
    let refused = next_of(&mut wx, "error").await;
    assert_eq!(refused["code"], "ROOM_NOT_FOUND");
    assert!(refused.get("requestId").is_none(), "no request id given, none echoed: {refused}");
    // Each refusal names the request it answers, however many are in flight.
    send(&mut wx, json!({"type": "read", "roomId": room, "requestId": "read-1"})).await;
    send(&mut wx, json!({"type": "typing", "roomId": room, "requestId": "typing-2"})).await;
    send(&mut wx, json!({"type": "call", "roomId": room, "signal": {"kind": "invite", "callId": "k2"}, "requestId": "k2:Invite"})).await;
    let mut named = vec![];
    for _ in 0..3 {
        let e = next_of(&mut wx, "error").await;
        assert_eq!(e["code"], "ROOM_NOT_FOUND");
        named.push(e["requestId"].as_str().unwrap().to_owned());
    }
    named.sort();
    assert_eq!(named, ["k2:Invite", "read-1", "typing-2"]);

    // Signaling between the members crosses instances, with its payload untouched.
    send(&mut wa, json!({"type": "call", "roomId": room, "signal": {"kind": "invite", "callId": "c1"}})).await;
    let invite = next_of(&mut wb, "call").await;
    assert_eq!((invite["from"].as_u64(), invite["signal"]["kind"].as_str()), (Some(a.id), Some("invite")));
    send(&mut wb, json!({"type": "call", "roomId": room, "signal": {"kind": "accept", "callId": "c1"}})).await;
    assert_eq!(next_of(&mut wa, "call").await["signal"]["kind"], "accept");
    assert_eq!(next_of(&mut wb, "call").await["signal"]["kind"], "accept", "B's other tabs stop ringing");
    let sdp = json!({"type": "offer", "sdp": "v=0..."}).to_string();
    send(&mut wa, json!({"type": "call", "roomId": room, "signal": {"kind": "offer", "callId": "c1", "data": sdp}})).await;
    assert_eq!(next_of(&mut wb, "call").await["signal"]["data"].as_str(), Some(sdp.as_str()));
    // A's socket closes mid-call: B hears a hang-up from the server.
    wa.close(None).await.unwrap();
    let bye = next_of(&mut wb, "call").await;
    assert_eq!((bye["signal"]["kind"].as_str(), bye["signal"]["callId"].as_str()), (Some("hangup"), Some("c1")));
}

#[tokio::test]
async fn the_socket_rate_limit_answers_with_a_cool_down() {
    let one = instance("app-a").await;
    let app = minihompy::site::router(one.state.clone());
    let (ca, a) = someone(&app, &one.state).await;
    let (_, b) = someone(&app, &one.state).await;
    let room = open_room(&app, &ca, &a, b.id).await;
    let mut wa = socket(&one, &a).await;
    let (mut acked, mut refused) = (0, 0);
    for i in 0..8 {
        send(&mut wa, json!({"type": "send", "roomId": room, "clientId": format!("burst-{i}"), "text": "빠르게"})).await;
    }
    for _ in 0..8 {
        let v = tokio::time::timeout(Duration::from_secs(5), async {
            loop {
                if let Message::Text(t) = wa.next().await.unwrap().unwrap() {
                    let v: Value = serde_json::from_str(&t).unwrap();
                    if v["type"] == "ack" || v["type"] == "nack" {
                        return v;
                    }
                }
            }
        })
        .await
        .unwrap();
        if v["type"] == "ack" {
            acked += 1;
        } else {
            assert_eq!(v["code"], "TOO_MANY_REQUESTS");
            assert!(v["retryAfterMs"].as_u64().unwrap() >= 1000);
            refused += 1;
        }
    }
    assert!((1..=5).contains(&acked) && refused >= 3, "acked {acked}, refused {refused}");
}

#[tokio::test]
async fn blocking_stops_messages_and_calls_both_ways_until_lifted() {
    let one = instance("app-a").await;
    let app = minihompy::site::router(one.state.clone());
    let (ca, a) = someone(&app, &one.state).await;
    let (cb, b) = someone(&app, &one.state).await;
    let room = open_room(&app, &ca, &a, b.id).await;
    let post = |c: &Client, m: &Member, id: &str| {
        let req =
            c.request("POST", &format!("/api/chat/rooms/{room}/messages"), Some(&m.access), Some(json!({"clientId": id, "text": "안녕"})));
        let app = app.clone();
        async move { send_req(&app, req).await }
    };
    assert_eq!(ca.call(&app, "PUT", &format!("/api/chat/blocks/{}", b.id), Some(&a.access), None).await.status, 204);
    let res = post(&cb, &b, "blk-1").await;
    assert_eq!((res.status, res.json()["code"].as_str()), (403, Some("BLOCKED")));
    let res = post(&ca, &a, "blk-2").await;
    assert_eq!((res.status, res.json()["code"].as_str()), (403, Some("YOU_BLOCKED")));
    let mut wb = socket(&one, &b).await;
    send(&mut wb, json!({"type": "call", "roomId": room, "signal": {"kind": "invite", "callId": "blk"}, "requestId": "blk:Invite"})).await;
    let refused = next_of(&mut wb, "error").await;
    assert_eq!((refused["code"].as_str(), refused["requestId"].as_str()), (Some("BLOCKED"), Some("blk:Invite")));
    let rooms = ca.call(&app, "GET", "/api/chat/rooms", Some(&a.access), None).await.json();
    assert_eq!(rooms[0]["blockedByMe"], true);
    assert_eq!(ca.call(&app, "DELETE", &format!("/api/chat/blocks/{}", b.id), Some(&a.access), None).await.status, 204);
    assert_eq!(post(&cb, &b, "blk-3").await.status, 200);
    let history = ca.call(&app, "GET", &format!("/api/chat/rooms/{room}/messages"), Some(&a.access), None).await.json();
    assert_eq!(history.as_array().unwrap().len(), 1, "only the message after the block was lifted");
}

#[tokio::test]
async fn a_block_ends_a_call_in_progress_on_both_sides() {
    let Pair { one, two, app, a: (_, a), b: (cb, b), room } = pair().await;
    let mut wa = socket(&one, &a).await;
    let mut wb = socket(&two, &b).await;
    send(&mut wa, json!({"type": "call", "roomId": room, "signal": {"kind": "invite", "callId": "blk-call"}})).await;
    next_of(&mut wb, "call").await;
    send(&mut wb, json!({"type": "call", "roomId": room, "signal": {"kind": "accept", "callId": "blk-call"}})).await;
    assert_eq!(next_of(&mut wa, "call").await["signal"]["kind"], "accept");
    assert_eq!(next_of(&mut wb, "call").await["signal"]["kind"], "accept");
    // B blocks A from 내 정보's site-wide list, mid-call: both hear the call end.
    assert_eq!(cb.call(&app, "PUT", &format!("/api/me/blocks/{}", a.id), Some(&b.access), None).await.status, 204);
    for (ws, other) in [(&mut wa, b.id), (&mut wb, a.id)] {
        let bye = next_of(ws, "call").await;
        assert_eq!(
            (bye["signal"]["kind"].as_str(), bye["signal"]["callId"].as_str(), bye["from"].as_u64()),
            (Some("hangup"), Some("blk-call"), Some(other)),
            "{bye}"
        );
    }
    // Nothing more gets through.
    let sdp = json!({"type": "offer", "sdp": "v=0..."}).to_string();
    send(&mut wa, json!({"type": "call", "roomId": room, "signal": {"kind": "offer", "callId": "blk-call", "data": sdp}})).await;
    assert_eq!(next_of(&mut wa, "error").await["code"], "BLOCKED");
    none_of(&mut wb, "call", 300).await;
}

#[tokio::test]
async fn a_socket_that_falls_behind_is_dropped_rather_than_queued_without_end() {
    use minihompy::server::hub::{self, SOCKET_QUEUE};
    let one = instance("app-a").await;
    let user = 8_000_000_000 + uuid::Uuid::new_v4().as_u128() as u64 % 1_000_000_000;
    let (_conn, mut inbox) = one.state.hub.register(user);
    let (_, mut keeping_up) = one.state.hub.register(user);
    let reader = tokio::spawn(async move {
        let mut n = 0;
        while keeping_up.recv().await.is_some() {
            n += 1;
            if n == SOCKET_QUEUE + 100 {
                return n;
            }
        }
        n
    });
    for i in 0..SOCKET_QUEUE + 100 {
        hub::publish(&one.state.redis, user, &json!({"type": "test", "i": i})).await.unwrap();
    }
    assert_eq!(reader.await.unwrap(), SOCKET_QUEUE + 100, "a socket that reads gets every event");
    // The one that never read holds the first SOCKET_QUEUE events, then its queue ends.
    let (mut got, mut ended) = (0, false);
    loop {
        match tokio::time::timeout(Duration::from_secs(5), inbox.recv()).await {
            Ok(Some(_)) => got += 1,
            Ok(None) => {
                ended = true;
                break;
            }
            Err(_) => break,
        }
    }
    assert_eq!((got, ended), (SOCKET_QUEUE, true));
    assert_eq!(one.state.hub.sockets(), 1, "only the reader is left on this hub");
}

async fn send_req(app: &axum::Router, req: axum::http::Request<axum::body::Body>) -> Response {
    crate::common::send(app, req).await
}

/// The start of a WebM file (EBML header), as MediaRecorder writes it.
fn webm(len: usize) -> Vec<u8> {
    let mut v = vec![0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01];
    v.extend((0..len).map(|i| (i * 7 % 251) as u8));
    v
}

#[tokio::test]
async fn voice_clips_are_checked_stored_in_gridfs_and_served_to_members_only() {
    let (app, state) = api().await;
    let (ca, a) = someone(&app, &state).await;
    let (cb, b) = someone(&app, &state).await;
    let (cx, x) = someone(&app, &state).await;
    let room = open_room(&app, &ca, &a, b.id).await;
    let upload = |c: &Client, m: &Member, query: String, body: Vec<u8>| {
        let mut req = c.request("POST", &format!("/api/chat/rooms/{room}/voice?{query}"), Some(&m.access), None);
        *req.body_mut() = axum::body::Body::from(body);
        req.headers_mut().insert("content-type", "audio/webm".parse().unwrap());
        let app = app.clone();
        async move { send_req(&app, req).await }
    };
    let res = upload(&ca, &a, "clientId=v1&durationMs=3000".into(), b"<html>not audio</html>".to_vec()).await;
    assert_eq!((res.status, res.json()["code"].as_str()), (415, Some("UNSUPPORTED_AUDIO")));
    let res = upload(&ca, &a, "clientId=v1&durationMs=3000".into(), webm(5 * 1024 * 1024 + 1)).await;
    assert_eq!((res.status, res.json()["code"].as_str()), (413, Some("VOICE_TOO_LARGE")));
    let res = upload(&ca, &a, "clientId=v1&durationMs=300001".into(), webm(1000)).await;
    assert_eq!((res.status, res.json()["fieldErrors"][0]["field"].as_str()), (400, Some("durationMs")));
    let res = upload(&cx, &x, "clientId=v1&durationMs=3000".into(), webm(1000)).await;
    assert_eq!(res.status, 404, "not a member of the room");

    let clip = webm(600_000); // more than two GridFS chunks
    let res = upload(&ca, &a, "clientId=v-ok&durationMs=4200".into(), clip.clone()).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let msg = res.json();
    assert_eq!((msg["voice"]["durationMs"].as_i64(), msg["voice"]["mime"].as_str()), (Some(4200), Some("audio/webm")));
    let again = upload(&ca, &a, "clientId=v-ok&durationMs=4200".into(), clip.clone()).await;
    assert_eq!(again.json()["seq"], msg["seq"], "a retried upload is the same message");

    let file = format!("/files/voice/{}", msg["voice"]["fileId"].as_str().unwrap());
    let req = cb.request("GET", &file, Some(&b.access), None);
    let res = app.clone().oneshot_bytes(req).await;
    assert_eq!(res.0, 200);
    assert_eq!(res.1, clip, "the clip comes back byte for byte");
    // Ranges, as Safari asks for them before playing and when seeking.
    let ranged = |range: &str| {
        let mut req = cb.request("GET", &file, Some(&b.access), None);
        req.headers_mut().insert("range", range.parse().unwrap());
        send_req(&app, req)
    };
    let len = clip.len();
    let head = ranged("bytes=0-1").await;
    assert_eq!(head.status, 206);
    assert_eq!(head.headers.get("content-range").unwrap().to_str().unwrap(), format!("bytes 0-1/{len}"));
    assert_eq!(head.headers.get("accept-ranges").unwrap(), "bytes");
    let middle = app.clone().oneshot_bytes({
        let mut req = cb.request("GET", &file, Some(&b.access), None);
        req.headers_mut().insert("range", "bytes=300000-300099".parse().unwrap());
        req
    });
    let (status, bytes) = middle.await;
    assert_eq!((status, bytes.as_slice()), (206, &clip[300_000..300_100]), "a slice across GridFS chunks");
    let tail = ranged("bytes=-10").await;
    assert_eq!(tail.status, 206);
    assert_eq!(tail.headers.get("content-range").unwrap().to_str().unwrap(), format!("bytes {}-{}/{len}", len - 10, len - 1));
    let outside = ranged(&format!("bytes={len}-")).await;
    assert_eq!(outside.status, 416);
    assert_eq!(outside.headers.get("content-range").unwrap().to_str().unwrap(), format!("bytes */{len}"));
    assert_eq!(cx.call(&app, "GET", &file, Some(&x.access), None).await.status, 404, "a stranger");
    assert_eq!(cx.call(&app, "GET", &file, None, None).await.status, 401, "a guest");
    let rooms = cb.call(&app, "GET", "/api/chat/rooms", Some(&b.access), None).await.json();
    assert_eq!(rooms[0]["lastText"], "🎤 음성 메시지");
}

trait Bytes {
    async fn oneshot_bytes(self, req: axum::http::Request<axum::body::Body>) -> (u16, Vec<u8>);
}

impl Bytes for axum::Router {
    async fn oneshot_bytes(self, req: axum::http::Request<axum::body::Body>) -> (u16, Vec<u8>) {
        use http_body_util::BodyExt;
        use tower::ServiceExt;
        let res = self.oneshot(req).await.unwrap();
        let status = res.status().as_u16();
        (status, res.into_body().collect().await.unwrap().to_bytes().to_vec())
    }
}

/// A TCP relay to Redis that can go silent, as a network partition does: the connections
/// through it stay open and nothing passes either way. Connections made after the cut pass.
struct Partition {
    url: String,
    cut_below: std::sync::Arc<std::sync::atomic::AtomicU64>,
    made: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Partition {
    async fn to(redis_url: &str) -> Partition {
        use std::sync::atomic::Ordering;
        let upstream = url::Url::parse(redis_url).unwrap();
        let upstream = format!("{}:{}", upstream.host_str().unwrap(), upstream.port().unwrap_or(6379));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("redis://{}/", listener.local_addr().unwrap());
        let (cut_below, made) =
            (std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0)), std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0)));
        let (cut, count) = (cut_below.clone(), made.clone());
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let n = count.fetch_add(1, Ordering::SeqCst);
                let server = tokio::net::TcpStream::connect(&upstream).await.unwrap();
                let ((cr, cw), (sr, sw)) = (client.into_split(), server.into_split());
                for (mut from, mut to) in [
                    (
                        Box::new(cr) as Box<dyn tokio::io::AsyncRead + Unpin + Send>,
                        Box::new(sw) as Box<dyn tokio::io::AsyncWrite + Unpin + Send>,
                    ),
                    (Box::new(sr), Box::new(cw)),
                ] {
                    let cut = cut.clone();
                    tokio::spawn(async move {
                        use tokio::io::{AsyncReadExt, AsyncWriteExt};
                        let mut buf = vec![0u8; 16 * 1024];
                        while let Ok(len @ 1..) = from.read(&mut buf).await {
                            // Cut off: read and dropped, so the sender sees no error at all.
                            if n < cut.load(Ordering::SeqCst) {
                                continue;
                            }
                            if to.write_all(&buf[..len]).await.is_err() {
                                break;
                            }
                        }
                    });
                }
            }
        });
        Partition { url, cut_below, made }
    }

    /// Every connection made so far goes silent.
    fn cut(&self) {
        use std::sync::atomic::Ordering;
        self.cut_below.store(self.made.load(Ordering::SeqCst), Ordering::SeqCst);
    }
}

async fn next_event(rx: &mut tokio::sync::mpsc::Receiver<std::sync::Arc<str>>, within: Duration) -> Option<Value> {
    let event = tokio::time::timeout(within, rx.recv()).await.ok()??;
    serde_json::from_str(&event).ok()
}

#[tokio::test]
async fn a_pub_sub_link_gone_silent_is_noticed_replaced_and_its_sockets_resynced() {
    let state = state().await;
    let partition = Partition::to(&state.config.redis_url).await;
    let every = Duration::from_millis(300);
    let hub = minihompy::server::hub::Hub::start_checking_every(&partition.url, "partitioned".into(), minihompy::chat::resync_event, every)
        .await
        .unwrap();
    let member = insert_member(&state, "파티션", "홈", "소개", "m1").await;
    let (_, mut rx) = hub.register(member);
    minihompy::server::hub::publish(&state.redis, member, &json!({"type": "probe", "n": 1})).await.unwrap();
    assert_eq!(next_event(&mut rx, Duration::from_secs(3)).await.unwrap()["n"], 1, "the link carries events");

    // The link goes silent without closing: an event published now cannot arrive.
    partition.cut();
    minihompy::server::hub::publish(&state.redis, member, &json!({"type": "probe", "n": 2})).await.unwrap();
    // Within two periods the hub notices its own ping did not come back, subscribes again
    // and tells the socket to resync (a hello without a member: fetch what was missed).
    let resync = next_event(&mut rx, every * 10).await.expect("a resync after the link went silent");
    assert_eq!((resync["type"].as_str(), resync["userId"].as_u64()), (Some("hello"), Some(0)), "{resync}");
    minihompy::server::hub::publish(&state.redis, member, &json!({"type": "probe", "n": 3})).await.unwrap();
    assert_eq!(next_event(&mut rx, Duration::from_secs(3)).await.unwrap()["n"], 3, "the new link carries events");
}

/// Presence across instances: of a member's sockets opening at once (on any instances),
/// exactly one finds itself the first, so "online" is announced once; of them closing at
/// once, exactly one finds itself the last.
#[tokio::test]
async fn presence_counts_sockets_opening_and_closing_at_once_exactly_once() {
    use minihompy::server::hub;
    let state = state().await;
    // A connection each, as sockets on different instances have (one connection would
    // send each pipeline whole anyway).
    let client = redis::Client::open(state.config.redis_url.as_str()).unwrap();
    let mut links = vec![];
    for _ in 0..16 {
        links.push(client.get_connection_manager().await.unwrap());
    }
    for round in 0..10 {
        let member = insert_member(&state, "접속", "홈", "소개", "m1").await;
        let sockets: Vec<String> = (0..16).map(|i| format!("instance{}:p:{round}-{i}", i % 2)).collect();
        let opened = futures::future::join_all(
            sockets.iter().zip(&links).map(|(s, redis)| async move { hub::socket_alive(redis, member, s).await.unwrap() }),
        )
        .await;
        assert_eq!(opened.iter().filter(|first| **first).count(), 1, "one socket came first: {opened:?}");
        let closed = futures::future::join_all(
            sockets.iter().zip(&links).map(|(s, redis)| async move { hub::socket_closed(redis, member, s).await.unwrap() }),
        )
        .await;
        assert_eq!(closed.iter().filter(|last| **last).count(), 1, "one socket went last: {closed:?}");
        assert_eq!(hub::online(&state.redis, &[member]).await.unwrap(), vec![false]);
    }
}
