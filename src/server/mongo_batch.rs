//! Inserts into a MongoDB collection, grouped the way a database groups commits: a few
//! writers each take every document waiting, up to a limit, and send them in one unordered
//! `insert`; documents that arrive while those are being written wait for the next. Alone,
//! a document goes at once (there is no timer); under load the server gets one command for
//! many documents, and its per-command work, not the documents, was what a busy store spent
//! its time on (docs/design/chat-hot-path.md). Each caller hears its own document's fate.

use mongodb::{
    bson::Document,
    error::{Error, ErrorKind},
    Collection, Database,
};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};
use tokio::sync::{mpsc, oneshot};

/// Documents in flight at once per collection: `WRITERS` commands of up to `MAX_BATCH`.
const WRITERS: usize = 4;
const MAX_BATCH: usize = 64;

/// What became of one document.
#[derive(Debug)]
pub enum Inserted {
    Stored,
    /// A unique index already holds its key (E11000): nothing was written.
    Duplicate,
}

struct Job {
    doc: Document,
    done: oneshot::Sender<Result<Inserted, Error>>,
}

/// The batching inserters of one database, one per collection, started on first use.
pub struct InsertBatches {
    db: Database,
    queues: Mutex<HashMap<String, mpsc::UnboundedSender<Job>>>,
}

impl InsertBatches {
    pub fn new(db: Database) -> Arc<Self> {
        Arc::new(Self { db, queues: Mutex::default() })
    }

    /// Inserts `doc` into `collection` with whatever else is waiting.
    pub async fn insert(&self, collection: &str, doc: Document) -> Result<Inserted, Error> {
        let (done, outcome) = oneshot::channel();
        let queue = {
            let mut queues = self.queues.lock().unwrap();
            // Looked up first: the name is copied only when its writers start.
            match queues.get(collection) {
                Some(queue) => queue.clone(),
                None => {
                    let queue = start(self.db.collection(collection));
                    queues.insert(collection.to_owned(), queue.clone());
                    queue
                }
            }
        };
        queue.send(Job { doc, done }).map_err(|_| Error::custom("the insert writers stopped"))?;
        outcome.await.map_err(|_| Error::custom("the insert writer stopped"))?
    }
}

fn start(collection: Collection<Document>) -> mpsc::UnboundedSender<Job> {
    let (tx, rx) = mpsc::unbounded_channel();
    let rx = Arc::new(tokio::sync::Mutex::new(rx));
    for _ in 0..WRITERS {
        let (rx, collection) = (rx.clone(), collection.clone());
        tokio::spawn(async move {
            loop {
                let mut jobs = Vec::new();
                {
                    let mut rx = rx.lock().await;
                    match rx.recv().await {
                        Some(first) => jobs.push(first),
                        None => return,
                    }
                    while jobs.len() < MAX_BATCH {
                        match rx.try_recv() {
                            Ok(job) => jobs.push(job),
                            Err(_) => break,
                        }
                    }
                }
                write(&collection, jobs).await;
            }
        });
    }
    tx
}

/// One unordered insert of every job's document; each job is told its own outcome.
async fn write(collection: &Collection<Document>, jobs: Vec<Job>) {
    let docs: Vec<&Document> = jobs.iter().map(|j| &j.doc).collect();
    let result = collection.insert_many(docs).ordered(false).await;
    let outcomes: Vec<Result<Inserted, Error>> = match result {
        Ok(_) => jobs.iter().map(|_| Ok(Inserted::Stored)).collect(),
        Err(e) => match e.kind.as_ref() {
            // Unordered: every document without an error of its own was written, unless the
            // write concern failed, which leaves them all in doubt.
            ErrorKind::InsertMany(failure) if failure.write_concern_error.is_none() => {
                let mut outcomes: Vec<Result<Inserted, Error>> = jobs.iter().map(|_| Ok(Inserted::Stored)).collect();
                for w in failure.write_errors.iter().flatten() {
                    if let Some(slot) = outcomes.get_mut(w.index) {
                        *slot = if w.code == 11000 {
                            Ok(Inserted::Duplicate)
                        } else {
                            Err(Error::custom(format!("insert failed ({}): {}", w.code, w.message)))
                        };
                    }
                }
                outcomes
            }
            _ => jobs.iter().map(|_| Err(e.clone())).collect(),
        },
    };
    for (job, outcome) in jobs.into_iter().zip(outcomes) {
        // A caller that gave up (its request was dropped) hears nothing; the write stands.
        let _ = job.done.send(outcome);
    }
}
