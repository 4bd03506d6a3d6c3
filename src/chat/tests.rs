//! Chat's hot path, against the stores scripts/test started: what one message costs in
//! MongoDB, what happens when Redis loses the counters it keeps, and how the block cache
//! is forgotten here and on other instances.

use super::{cache, service};
use crate::{
    account::auth::{acting_as, AuthUser},
    error::ErrorCode,
    server::AppState,
};
use mongodb::event::{command::CommandEvent, EventHandler};
use std::sync::{Arc, Mutex};

async fn member(state: &AppState, nickname: &str) -> AuthUser {
    let id = crate::site::test_member(state, nickname).await;
    acting_as(state, id).await.unwrap().unwrap()
}

/// Two new members and the room between them.
async fn two_in_a_room(state: &AppState, first: &str, second: &str) -> (AuthUser, AuthUser, String) {
    let a = member(state, first).await;
    let b = member(state, second).await;
    let room = service::open(state, &a, b.id()).await.unwrap();
    (a, b, room)
}

/// These tests send faster than a member may (5 a second).
fn unlimited(mut state: AppState) -> AppState {
    let mut config = (*state.config).clone();
    config.limits.chat_send.max = 1_000;
    state.config = Arc::new(config);
    state
}

fn client_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// The state with a MongoDB client that records the name of every command it sends.
async fn watched_state() -> (AppState, Arc<Mutex<Vec<String>>>) {
    let mut state = unlimited(crate::site::test_state().await);
    let seen = Arc::new(Mutex::new(vec![]));
    let log = seen.clone();
    let mut options = mongodb::options::ClientOptions::parse(&state.config.mongodb_url).await.unwrap();
    options.command_event_handler = Some(EventHandler::callback(move |e: CommandEvent| {
        if let CommandEvent::Started(s) = e {
            log.lock().unwrap().push(s.command_name);
        }
    }));
    let client = mongodb::Client::with_options(options).unwrap();
    state.mongo = client.database(&state.config.mongodb_db);
    state.inserts = crate::server::mongo_batch::InsertBatches::new(state.mongo.clone());
    (state, seen)
}

#[tokio::test]
async fn a_text_message_costs_one_mongodb_write_and_nothing_else() {
    let (state, seen) = watched_state().await;
    let (a, b, room) = two_in_a_room(&state, "보내는이", "받는이").await;
    // The first message of a process learns the room and the blocks. (Twice: a block list
    // read while any block changed, such as another test's, is not kept.)
    service::send(&state, &a, &room, &client_id(), "처음").await.unwrap();
    service::send(&state, &a, &room, &client_id(), "두 번째").await.unwrap();
    seen.lock().unwrap().clear();
    let m = service::send(&state, &a, &room, &client_id(), "세 번째").await.unwrap();
    assert_eq!(m.seq, 3);
    assert_eq!(*seen.lock().unwrap(), ["insert"], "one insert, no read, no counter update");
    // A retry with the same client id is answered with the stored message (the unique
    // index refuses the second insert; the lookup happens only then).
    let id = client_id();
    let first = service::send(&state, &a, &room, &id, "한 번만").await.unwrap();
    let again = service::send(&state, &a, &room, &id, "한 번만").await.unwrap();
    assert_eq!((first.id.clone(), first.seq), (again.id, again.seq));
    assert_eq!(service::history(&state, &b, &room, None, None, None).await.unwrap().len(), 4);
    assert_eq!(service::unread_total(&state, &b).await.unwrap(), 4);
    assert_eq!(service::unread_total(&state, &a).await.unwrap(), 0, "my own messages are not unread");
}

#[tokio::test]
async fn redis_losing_its_counters_keeps_the_order_and_the_unread_counts_right() {
    let state = unlimited(crate::site::test_state().await);
    let (a, b, room) = two_in_a_room(&state, "가", "나").await;
    for i in 0..3 {
        service::send(&state, &a, &room, &client_id(), &format!("a{i}")).await.unwrap();
    }
    assert_eq!(service::read(&state, &b, &room).await.unwrap(), 3);
    service::send(&state, &b, &room, &client_id(), "b답장").await.unwrap();
    for i in 3..5 {
        service::send(&state, &a, &room, &client_id(), &format!("a{i}")).await.unwrap();
    }
    assert_eq!(service::unread_total(&state, &b).await.unwrap(), 2);
    assert_eq!(service::unread_total(&state, &a).await.unwrap(), 0, "sending read b's reply before it");

    // Redis restarted empty: the seq counter and both unread hashes are gone.
    let mut keys = vec![format!("mh:chat:seq:{room}")];
    for id in [a.id(), b.id()] {
        keys.extend([format!("mh:chat:read:{id}"), format!("mh:chat:unseen:{id}:{room}")]);
    }
    redis::cmd("DEL").arg(&keys).query_async::<()>(&mut state.redis.clone()).await.unwrap();
    let next = service::send(&state, &a, &room, &client_id(), "a5").await.unwrap();
    assert_eq!(next.seq, 7, "the sequence goes on from the highest stored seq");
    assert_eq!(service::unread_total(&state, &b).await.unwrap(), 3, "derived again from the messages");
    assert_eq!(service::unread_total(&state, &a).await.unwrap(), 0);
    let rooms = service::rooms(&state, &b).await.unwrap();
    assert_eq!((rooms[0].unread, rooms[0].last_text.as_deref()), (3, Some("a5")));
    assert_eq!(service::rooms(&state, &a).await.unwrap()[0].other_read_seq, 4, "b's reply counts as b having read");
    // Counting goes on from the rebuilt hash.
    service::send(&state, &a, &room, &client_id(), "a6").await.unwrap();
    assert_eq!(service::unread_total(&state, &b).await.unwrap(), 4);
    assert_eq!(service::read(&state, &b, &room).await.unwrap(), 8);
    assert_eq!(service::unread_total(&state, &b).await.unwrap(), 0);
    let seqs: Vec<i64> = service::history(&state, &b, &room, None, None, None).await.unwrap().iter().map(|m| m.seq).collect();
    assert_eq!(seqs, (1..=8).collect::<Vec<_>>());
}

#[tokio::test]
async fn a_block_stops_the_next_message_at_once_and_reaches_other_instances() {
    static HEARD: Mutex<Vec<String>> = Mutex::new(vec![]);
    fn heard(payload: Option<&str>) {
        HEARD.lock().unwrap().push(payload.unwrap_or("*").to_owned());
    }
    let state = crate::site::test_state().await;
    // Another instance's hub, listening for the same broadcasts.
    let other = crate::server::hub::Hub::start(&state.config.redis_url, "other".into(), |_| String::new()).await.unwrap();
    other.on_broadcast(cache::BLOCKS_TOPIC, heard);
    let (a, b, room) = two_in_a_room(&state, "차단됨", "차단함").await;
    service::send(&state, &a, &room, &client_id(), "안녕").await.unwrap();
    service::set_block(&state, &b, a.id(), true).await.unwrap();
    let e = service::send(&state, &a, &room, &client_id(), "읽어 줘").await.unwrap_err();
    assert_eq!((e.status, e.code), (403, ErrorCode::Blocked));
    let e = service::send(&state, &b, &room, &client_id(), "잘 가").await.unwrap_err();
    assert_eq!((e.status, e.code), (403, ErrorCode::YouBlocked));
    service::set_block(&state, &b, a.id(), false).await.unwrap();
    service::send(&state, &a, &room, &client_id(), "다시 안녕").await.unwrap();
    let expected = format!("{},{}", b.id(), a.id());
    for _ in 0..50 {
        if HEARD.lock().unwrap().iter().filter(|p| **p == expected).count() == 2 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the other instance heard {:?}, not two {expected:?}", HEARD.lock().unwrap());
}

/// An instance that died between storing a message and publishing it never acked it, so
/// its sender sends again (same clientId) through another instance. That retry is answered
/// with the stored message and publishes it: the receiver, whose socket stayed up, would
/// otherwise never hear of it (found by the full fault drill: one message lost in 2,665).
#[tokio::test]
async fn a_retry_publishes_a_message_its_dead_instance_stored_but_never_published() {
    let state = unlimited(crate::site::test_state().await);
    let (a, b, room) = two_in_a_room(&state, "보낸이", "기다린이").await;
    let (_, mut inbox) = state.hub.register(b.id());
    let id = client_id();
    // All the dead instance did: the message is stored under seq 1, nothing was published.
    super::store::insert(&state.inserts, &room, 1, a.id(), "살아남은 메시지", &id, None).await.unwrap();
    let again = service::send(&state, &a, &room, &id, "살아남은 메시지").await.unwrap();
    assert_eq!(again.seq, 1, "answered with the stored message");
    let heard = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        loop {
            let event: serde_json::Value = serde_json::from_str(&inbox.recv().await.expect("the hub is up")).unwrap();
            if event["type"] == "message" && event["message"]["clientId"] == id.as_str() {
                return event;
            }
        }
    })
    .await
    .expect("the receiver hears the message the retry found");
    assert_eq!(heard["message"]["seq"], 1);
    assert_eq!(service::history(&state, &b, &room, None, None, None).await.unwrap().len(), 1, "stored once");
    assert_eq!(service::unread_total(&state, &b).await.unwrap(), 1, "counted by the retry");
    service::send(&state, &a, &room, &id, "살아남은 메시지").await.unwrap();
    assert_eq!(service::unread_total(&state, &b).await.unwrap(), 1, "and counted once, however often it is retried");
}

/// A message stored and counted in one step, as `service::send` does, but with the count
/// held back until the test lets it arrive.
async fn stored_uncounted(state: &AppState, room: &str, sender: &AuthUser, text: &str) -> i64 {
    let seq = super::store::next_seq(&state.redis, &state.mongo, room).await.unwrap();
    super::store::insert(&state.inserts, room, seq, sender.id(), text, &client_id(), None).await.unwrap();
    seq
}

async fn counted(state: &AppState, room: &str, seq: i64, sender: &AuthUser, receiver: &AuthUser) {
    let mut pipe = redis::pipe();
    super::store::count_sent_in(&mut pipe, room, seq, sender.id(), receiver.id());
    pipe.query_async::<()>(&mut state.redis.clone()).await.unwrap();
}

/// MongoDB's own answer: the receiver's unread count in a room, derived from the messages.
async fn derived_unread(state: &AppState, user: &AuthUser, room: &str) -> usize {
    let rooms = super::store::unread_from_messages(&state.mongo, user.id()).await.unwrap();
    rooms.iter().find(|r| r.room == room).map_or(0, |r| r.unseen.len())
}

/// A read and a new message race: the message's count reaches Redis before or after the
/// read, and either way the count is what MongoDB derives (issue 19). A counter could not:
/// a late bump for a message the read covered left one unread, and a clear arriving after
/// the bump of a newer message wiped it.
#[tokio::test]
async fn a_read_racing_a_message_leaves_the_right_count_in_either_order() {
    let state = unlimited(crate::site::test_state().await);
    let (reader, writer, room) = two_in_a_room(&state, "읽는이", "쓰는이").await;
    service::send(&state, &writer, &room, &client_id(), "첫 메시지").await.unwrap();
    assert_eq!(service::unread_total(&state, &reader).await.unwrap(), 1);

    // The read covers a message whose count arrives only after it.
    let covered = stored_uncounted(&state, &room, &writer, "읽힌 메시지").await;
    assert_eq!(service::read(&state, &reader, &room).await.unwrap(), covered);
    counted(&state, &room, covered, &writer, &reader).await;
    assert_eq!(service::unread_total(&state, &reader).await.unwrap(), 0, "a late count for a message the read covered");
    assert_eq!(derived_unread(&state, &reader, &room).await, 0);

    // A read that took its position before a new message, reaching Redis after that
    // message's count.
    let newer = stored_uncounted(&state, &room, &writer, "새 메시지").await;
    counted(&state, &room, newer, &writer, &reader).await;
    super::store::read_up_to(&state.redis, reader.id(), &room, covered).await.unwrap();
    assert_eq!(service::unread_total(&state, &reader).await.unwrap(), 1, "the newer message stays unread");
    assert_eq!(derived_unread(&state, &reader, &room).await, 1);

    // Sending is reading: the count of the other member's earlier message, arriving after
    // my own message, is not unread either.
    let earlier = stored_uncounted(&state, &room, &writer, "엇갈린 메시지").await;
    let mine = service::send(&state, &reader, &room, &client_id(), "답장").await.unwrap();
    assert!(mine.seq > earlier);
    counted(&state, &room, earlier, &writer, &reader).await;
    assert_eq!(service::unread_total(&state, &reader).await.unwrap(), 0, "my message read what came before it");
    assert_eq!(derived_unread(&state, &reader, &room).await, 0);
    assert_eq!(service::unread_total(&state, &writer).await.unwrap(), 1, "the writer has my reply to read");
}

/// The next presence event `inbox` hears (within 5 s): (whose, online).
async fn presence_heard(inbox: &mut tokio::sync::mpsc::Receiver<Arc<str>>) -> Option<(u64, bool)> {
    tokio::time::timeout(std::time::Duration::from_secs(5), async {
        loop {
            let event: serde_json::Value = serde_json::from_str(&inbox.recv().await?).unwrap();
            if event["type"] == "presence" {
                return Some((event["userId"].as_u64()?, event["online"].as_bool()?));
            }
        }
    })
    .await
    .ok()
    .flatten()
}

/// A socket's coming and going reads its member's partners once (1,000 sockets closing at
/// once read them 1,000 times, and the store's stall delayed every message then), and a
/// room opened afterwards makes the next announcement reach its new partner.
#[tokio::test]
async fn presence_reads_the_partners_once_and_a_new_room_adds_its_partner() {
    let (state, seen) = watched_state().await;
    let (a, b, _) = two_in_a_room(&state, "들고남", "옛 상대").await;
    let c = member(&state, "새 상대").await;
    let (_, mut to_b) = state.hub.register(b.id());
    let (_, mut to_c) = state.hub.register(c.id());
    service::announce_presence(&state, a.id(), true).await.unwrap();
    assert_eq!(presence_heard(&mut to_b).await, Some((a.id(), true)));
    // The list read by the first announcement is kept (rooms other tests open meanwhile
    // forget only their own members): the second one reads nothing.
    seen.lock().unwrap().clear();
    service::announce_presence(&state, a.id(), false).await.unwrap();
    assert_eq!(presence_heard(&mut to_b).await, Some((a.id(), false)));
    let reads: Vec<String> = seen.lock().unwrap().iter().filter(|c| *c == "find").cloned().collect();
    assert!(reads.is_empty(), "the partners were read again: {reads:?}");
    // c is not a partner yet: nothing reaches them.
    assert_eq!(to_c.try_recv().ok(), None);
    service::open(&state, &a, c.id()).await.unwrap();
    service::announce_presence(&state, a.id(), true).await.unwrap();
    assert_eq!(presence_heard(&mut to_c).await, Some((a.id(), true)), "the new partner hears it");
    assert_eq!(presence_heard(&mut to_b).await, Some((a.id(), true)));
}
