//! Grouped MongoDB inserts (`server::mongo_batch`, a chat message's one write) against the
//! MongoDB-protocol server: documents that arrive together go in a few commands, and each
//! caller hears its own document's fate.

use super::common;
use minihompy::server::mongo_batch::{InsertBatches, Inserted};
use mongodb::{
    bson::{doc, Document},
    event::{command::CommandEvent, EventHandler},
    options::{ClientOptions, IndexOptions},
    IndexModel,
};
use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Arc,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inserts_sent_together_share_commands_and_each_hears_its_own_outcome() {
    let state = common::state().await;
    let inserts_sent = Arc::new(AtomicUsize::new(0));
    let counter = inserts_sent.clone();
    let mut options = ClientOptions::parse(&state.config.mongodb_url).await.unwrap();
    options.command_event_handler = Some(EventHandler::callback(move |e: CommandEvent| {
        if matches!(&e, CommandEvent::Started(s) if s.command_name == "insert") {
            counter.fetch_add(1, Ordering::SeqCst);
        }
    }));
    let db = mongodb::Client::with_options(options).unwrap().database(&state.config.mongodb_db);
    let name = format!("batch_test_{}", uuid::Uuid::new_v4().simple());
    let collection = db.collection::<Document>(&name);
    let unique = IndexOptions::builder().name("k_unique".to_owned()).unique(true).build();
    collection.create_index(IndexModel::builder().keys(doc! { "k": 1 }).options(unique).build()).await.unwrap();
    let batches = InsertBatches::new(db.clone());

    // 200 documents at once; every tenth repeats the key of the one before it.
    let key = |i: i64| if i % 10 == 9 { i - 1 } else { i };
    let outcomes = futures::future::join_all((0..200_i64).map(|i| batches.insert(&name, doc! { "k": key(i), "i": i }))).await;
    let stored: Vec<i64> = (0..200).filter(|&i| matches!(outcomes[i as usize], Ok(Inserted::Stored))).collect();
    let duplicates = outcomes.iter().filter(|o| matches!(o, Ok(Inserted::Duplicate))).count();
    assert_eq!((stored.len(), duplicates), (180, 20), "{outcomes:?}");
    for pair in (8..200).step_by(10) {
        assert!(stored.contains(&pair) != stored.contains(&(pair + 1)), "exactly one of {pair} and {} is stored", pair + 1);
    }
    let sent = inserts_sent.load(Ordering::SeqCst);
    assert!(sent < 50, "200 documents in {sent} insert commands: not grouped");
    let mut kept: Vec<i64> = vec![];
    let mut cursor = collection.find(doc! {}).await.unwrap();
    while cursor.advance().await.unwrap() {
        // The server gives small numbers back as 32-bit.
        let d = cursor.deserialize_current().unwrap();
        kept.push(d.get_i64("i").or_else(|_| d.get_i32("i").map(i64::from)).unwrap());
    }
    kept.sort();
    assert_eq!(kept, stored, "what each caller was told is what is stored");

    // Alone, a document goes at once in a command of its own.
    let before = inserts_sent.load(Ordering::SeqCst);
    assert!(matches!(batches.insert(&name, doc! { "k": 1000, "i": 1000 }).await, Ok(Inserted::Stored)));
    assert!(matches!(batches.insert(&name, doc! { "k": 1000, "i": 1001 }).await, Ok(Inserted::Duplicate)));
    assert_eq!(inserts_sent.load(Ordering::SeqCst) - before, 2);
    collection.drop().await.unwrap();
}
