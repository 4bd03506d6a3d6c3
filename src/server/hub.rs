//! The WebSocket hub: which members have sockets on this instance, and the Redis pub/sub
//! link that carries live events between instances. Every event goes through Redis, also
//! to sockets on the same instance, so one instance and many behave the same.
//!
//! Presence lives in Redis too: a sorted set per member of their open sockets (any
//! instance), scored by when each one expires unless its heartbeat renews it, so a crashed
//! instance's sockets age out by themselves.
//!
//! The link checks itself: a ping published on the process's own channel every
//! `LIVENESS_EVERY` must come back before the next, or the link is replaced as if it broke.
//!
//! Broadcasts (`broadcast`, `on_broadcast`) reach every instance rather than a member: an
//! area that caches what it reads tells the others to forget it. Handlers also run with
//! `None` when the Redis link came back (a broadcast may have been missed: forget all).

use crate::error::AppError;
use futures::StreamExt;
use redis::aio::ConnectionManager;
use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};
use tokio::sync::mpsc;

const CHANNEL_PREFIX: &str = "mh:ws:user:";
const BROADCAST_PREFIX: &str = "mh:bc:";
/// Each process's own channel: its liveness pings go round it.
const LIVENESS_PREFIX: &str = "mh:hub:";
/// How often the pub/sub link proves it still hears: a ping this process publishes on its
/// own channel must come back before the next one goes out, or the link is taken as dead
/// (a connection can stay open while nothing arrives: a network partition, a Redis that
/// forgot the subscription) and is replaced, with a resync to every socket.
pub const LIVENESS_EVERY: Duration = Duration::from_secs(5);
/// A socket counts as online this long after its last heartbeat.
pub const PRESENCE_TTL_SECS: i64 = 75;

type Outbox = mpsc::Sender<Arc<str>>;
/// Events queued for one socket at most: a socket whose peer cannot keep up is dropped
/// from the hub rather than let its queue grow (its receiver then ends; the socket closes
/// with a reason and the client catches up after reconnecting, from its last seq).
pub const SOCKET_QUEUE: usize = 512;
/// Called with a broadcast's payload, or `None` when some may have been missed.
pub type BroadcastHandler = fn(Option<&str>);

pub struct Hub {
    pub instance: String,
    /// Random per process: presence keys stay apart even if two instances share a name.
    pub process: String,
    next_id: AtomicU64,
    local: Mutex<HashMap<u64, Vec<(u64, Outbox)>>>,
    /// The event (JSON) every socket gets after the Redis link came back; the areas
    /// own their event types, the composition says which one this is.
    resync: fn(&str) -> String,
    handlers: Mutex<HashMap<String, Vec<BroadcastHandler>>>,
}

impl Hub {
    /// Subscribes to every member channel (before returning, so nothing published after
    /// startup is missed) and relays messages to local sockets from then on.
    pub async fn start(redis_url: &str, instance: String, resync: fn(&str) -> String) -> Result<Arc<Hub>, String> {
        Self::start_checking_every(redis_url, instance, resync, LIVENESS_EVERY).await
    }

    /// `start` with the liveness check's period (tests shorten it).
    pub async fn start_checking_every(
        redis_url: &str,
        instance: String,
        resync: fn(&str) -> String,
        every: Duration,
    ) -> Result<Arc<Hub>, String> {
        let process = uuid::Uuid::new_v4().simple().to_string()[..8].to_owned();
        let hub = Arc::new(Hub {
            instance,
            process,
            next_id: AtomicU64::new(1),
            local: Mutex::new(HashMap::new()),
            resync,
            handlers: Mutex::default(),
        });
        let client = redis::Client::open(redis_url).map_err(|e| format!("Redis pub/sub (REDIS_URL): {e}"))?;
        let channel = format!("{LIVENESS_PREFIX}{}", hub.process);
        let fail = |e: redis::RedisError| format!("Redis pub/sub (REDIS_URL): {e}");
        let pubsub = subscribe(&client, &channel).await.map_err(fail)?;
        let publisher = redis::aio::ConnectionManager::new(client.clone()).await.map_err(fail)?;
        tokio::spawn(relay(Arc::downgrade(&hub), client, pubsub, Liveness { channel, every, publisher }));
        Ok(hub)
    }

    /// Runs `handler` for every broadcast on `topic` (from any instance, this one included).
    pub fn on_broadcast(&self, topic: &str, handler: BroadcastHandler) {
        self.handlers.lock().unwrap().entry(topic.to_owned()).or_default().push(handler);
    }

    /// Runs this instance's `topic` handlers at once, then tells every instance (this one's
    /// run again on receipt, so handlers must be idempotent): the request that made the
    /// change sees it on its own instance without waiting for Redis.
    pub async fn broadcast_now(&self, redis: &ConnectionManager, topic: &str, payload: &str) -> Result<(), AppError> {
        self.broadcast_received(Some(topic), Some(payload));
        broadcast(redis, topic, payload).await
    }

    fn broadcast_received(&self, topic: Option<&str>, payload: Option<&str>) {
        let handlers: Vec<BroadcastHandler> = match topic {
            Some(t) => self.handlers.lock().unwrap().get(t).cloned().unwrap_or_default(),
            None => self.handlers.lock().unwrap().values().flatten().copied().collect(),
        };
        for h in handlers {
            h(payload);
        }
    }

    /// A new socket of `user`; events for them arrive on the receiver.
    pub fn register(&self, user: u64) -> (u64, mpsc::Receiver<Arc<str>>) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel(SOCKET_QUEUE);
        self.local.lock().unwrap().entry(user).or_default().push((id, tx));
        (id, rx)
    }

    pub fn unregister(&self, user: u64, id: u64) {
        let mut local = self.local.lock().unwrap();
        if let Some(list) = local.get_mut(&user) {
            list.retain(|(i, _)| *i != id);
            if list.is_empty() {
                local.remove(&user);
            }
        }
    }

    /// Sockets open on this instance.
    pub fn sockets(&self) -> usize {
        self.local.lock().unwrap().values().map(Vec::len).sum()
    }

    fn deliver(&self, user: u64, payload: Arc<str>) {
        if let Some(list) = self.local.lock().unwrap().get_mut(&user) {
            list.retain(|(id, tx)| queue(user, *id, tx, &payload));
        }
    }

    fn deliver_all(&self, payload: Arc<str>) {
        for (user, list) in self.local.lock().unwrap().iter_mut() {
            list.retain(|(id, tx)| queue(*user, *id, tx, &payload));
        }
    }
}

/// Queues an event for one socket; false drops the socket from the hub (its queue is full).
fn queue(user: u64, id: u64, tx: &Outbox, payload: &Arc<str>) -> bool {
    match tx.try_send(payload.clone()) {
        Err(mpsc::error::TrySendError::Full(_)) => {
            tracing::warn!(user, socket = id, "a socket fell {SOCKET_QUEUE} events behind; closing it");
            false
        }
        // Closed: the socket is leaving and unregisters itself.
        _ => true,
    }
}

async fn subscribe(client: &redis::Client, liveness: &str) -> redis::RedisResult<redis::aio::PubSub> {
    let mut pubsub = client.get_async_pubsub().await?;
    pubsub.psubscribe(format!("{CHANNEL_PREFIX}*")).await?;
    pubsub.psubscribe(format!("{BROADCAST_PREFIX}*")).await?;
    pubsub.subscribe(liveness).await?;
    Ok(pubsub)
}

/// A new subscribed link, and a new connection for the pings (the old one may be as deaf
/// as the old link).
async fn reconnect(client: &redis::Client, liveness: &str) -> redis::RedisResult<(redis::aio::PubSub, ConnectionManager)> {
    Ok((subscribe(client, liveness).await?, ConnectionManager::new(client.clone()).await?))
}

struct Liveness {
    channel: String,
    every: Duration,
    /// The subscribed connection cannot publish: the pings go out on this one.
    publisher: ConnectionManager,
}

impl Liveness {
    /// Publishes ping `n` in the background: a Redis that does not answer must not stop
    /// the relay.
    fn ping(&self, n: u64) {
        let (mut conn, channel, every) = (self.publisher.clone(), self.channel.clone(), self.every);
        tokio::spawn(async move {
            let _ = tokio::time::timeout(every, redis::cmd("PUBLISH").arg(channel).arg(n).query_async::<i64>(&mut conn)).await;
        });
    }
}

async fn relay(hub: std::sync::Weak<Hub>, client: redis::Client, mut pubsub: redis::aio::PubSub, mut liveness: Liveness) {
    loop {
        {
            let mut messages = pubsub.on_message();
            let mut tick = tokio::time::interval(liveness.every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let (mut sent, mut heard) = (0u64, 0u64);
            loop {
                let msg = tokio::select! {
                    msg = messages.next() => msg,
                    _ = tick.tick() => {
                        if hub.strong_count() == 0 {
                            return;
                        }
                        if heard < sent {
                            tracing::warn!("Redis pub/sub link did not hear its own ping in {:?}", liveness.every);
                            break;
                        }
                        sent += 1;
                        liveness.ping(sent);
                        continue;
                    }
                };
                let Some(msg) = msg else { break };
                let Some(hub) = hub.upgrade() else { return };
                if msg.get_channel_name() == liveness.channel {
                    heard = heard.max(msg.get_payload::<u64>().unwrap_or(0));
                    continue;
                }
                if let Some(topic) = msg.get_channel_name().strip_prefix(BROADCAST_PREFIX) {
                    hub.broadcast_received(Some(topic), msg.get_payload::<String>().ok().as_deref());
                    continue;
                }
                let user = msg.get_channel_name().strip_prefix(CHANNEL_PREFIX).and_then(|u| u.parse::<u64>().ok());
                if let (Some(user), Ok(payload)) = (user, msg.get_payload::<String>()) {
                    hub.deliver(user, payload.into());
                }
            }
        }
        // The link broke: events published meanwhile were missed, so after resubscribing
        // every socket is told to resync (clients refetch after their last seq on "hello").
        tracing::warn!("Redis pub/sub link lost; resubscribing");
        let mut wait = Duration::from_millis(200);
        pubsub = loop {
            if hub.upgrade().is_none() {
                return;
            }
            tokio::time::sleep(wait).await;
            match tokio::time::timeout(liveness.every.max(Duration::from_secs(2)), reconnect(&client, &liveness.channel)).await {
                Ok(Ok((p, publisher))) => {
                    liveness.publisher = publisher;
                    break p;
                }
                Ok(Err(e)) => tracing::warn!("Redis pub/sub: {e}"),
                Err(_) => tracing::warn!("Redis pub/sub: no answer while subscribing"),
            }
            // At most a second between tries: events published after Redis is back and
            // before the link is are missed (and caught up on the hello), so keep it short.
            wait = (wait * 2).min(Duration::from_secs(1));
        };
        if let Some(hub) = hub.upgrade() {
            hub.broadcast_received(None, None);
            let event = (hub.resync)(&hub.instance);
            hub.deliver_all(event.into());
        }
    }
}

/// Sends an event (any area's, as JSON) to every open socket of `user`, on any instance.
pub async fn publish<E: serde::Serialize>(redis: &ConnectionManager, user: u64, event: &E) -> Result<(), AppError> {
    let payload = serde_json::to_string(event).map_err(|_| AppError::internal())?;
    redis::cmd("PUBLISH").arg(format!("{CHANNEL_PREFIX}{user}")).arg(payload).query_async::<i64>(&mut redis.clone()).await?;
    Ok(())
}

/// Sends `payload` to the `topic` handlers of every instance (see `Hub::on_broadcast`).
pub async fn broadcast(redis: &ConnectionManager, topic: &str, payload: &str) -> Result<(), AppError> {
    redis::cmd("PUBLISH").arg(format!("{BROADCAST_PREFIX}{topic}")).arg(payload).query_async::<i64>(&mut redis.clone()).await?;
    Ok(())
}

/// Sends one event to every open socket of each of `users` in one round trip.
pub async fn publish_to<E: serde::Serialize>(redis: &ConnectionManager, users: &[u64], event: &E) -> Result<(), AppError> {
    if users.is_empty() {
        return Ok(());
    }
    let mut pipe = redis::pipe();
    publish_in(&mut pipe, users, event)?;
    pipe.query_async::<()>(&mut redis.clone()).await?;
    Ok(())
}

/// Adds the publishing of one event to `users` to a caller's pipeline (which may carry the
/// caller's own commands: one round trip for both).
pub fn publish_in<E: serde::Serialize>(pipe: &mut redis::Pipeline, users: &[u64], event: &E) -> Result<(), AppError> {
    let payload = serde_json::to_string(event).map_err(|_| AppError::internal())?;
    for u in users {
        pipe.cmd("PUBLISH").arg(format!("{CHANNEL_PREFIX}{u}")).arg(&payload).ignore();
    }
    Ok(())
}

fn presence_key(user: u64) -> String {
    format!("mh:online:{user}")
}

/// Marks one socket alive (at connect and on each heartbeat); true when it is the
/// member's only one, i.e. they just came online. Atomic (MULTI/EXEC) across instances.
pub async fn socket_alive(redis: &ConnectionManager, user: u64, socket: &str) -> Result<bool, AppError> {
    let now = chrono::Utc::now().timestamp();
    let key = presence_key(user);
    // One MULTI: two instances opening the member's first two sockets at once must not
    // both count two (nobody announced) or both count one.
    let (_, _, _, live): ((), (), (), i64) = redis::pipe()
        .atomic()
        .cmd("ZREMRANGEBYSCORE")
        .arg(&key)
        .arg("-inf")
        .arg(now)
        .cmd("ZADD")
        .arg(&key)
        .arg(now + PRESENCE_TTL_SECS)
        .arg(socket)
        .cmd("EXPIRE")
        .arg(&key)
        .arg(PRESENCE_TTL_SECS)
        .cmd("ZCARD")
        .arg(&key)
        .query_async(&mut redis.clone())
        .await?;
    Ok(live == 1)
}

/// Forgets a closed socket; true when the member has no socket left (went offline).
/// Atomic like `socket_alive`: of sockets closing at once, exactly one sees the last go.
pub async fn socket_closed(redis: &ConnectionManager, user: u64, socket: &str) -> Result<bool, AppError> {
    let now = chrono::Utc::now().timestamp();
    let key = presence_key(user);
    let (_, _, live): ((), (), i64) = redis::pipe()
        .atomic()
        .cmd("ZREM")
        .arg(&key)
        .arg(socket)
        .cmd("ZREMRANGEBYSCORE")
        .arg(&key)
        .arg("-inf")
        .arg(now)
        .cmd("ZCARD")
        .arg(&key)
        .query_async(&mut redis.clone())
        .await?;
    Ok(live == 0)
}

/// Which of `users` have a live socket somewhere.
pub async fn online(redis: &ConnectionManager, users: &[u64]) -> Result<Vec<bool>, AppError> {
    if users.is_empty() {
        return Ok(vec![]);
    }
    let now = chrono::Utc::now().timestamp();
    let mut pipe = redis::pipe();
    for u in users {
        pipe.cmd("ZCOUNT").arg(presence_key(*u)).arg(now).arg("+inf");
    }
    let counts: Vec<i64> = pipe.query_async(&mut redis.clone()).await?;
    Ok(counts.into_iter().map(|c| c > 0).collect())
}
