//! What a message's hot path and a socket's presence would otherwise read from MongoDB or
//! MySQL every time, kept in this process: which rooms exist (a room never changes its two
//! members and is never deleted, so this needs no invalidation), each member's blocks
//! (changed by `set_block`) and each member's partners, the members they share a room with
//! (changed only when a room is opened). A change forgets the entries here at once and on
//! every other instance through a hub broadcast.
//!
//! Process-wide on purpose: every `AppState` of a process talks to the same stores.
//! An entry read from a store is kept only if that member was not forgotten while it was
//! being read (a clock of forgets), so a read racing a change never keeps the old value. An age limit
//! is the backstop for a broadcast lost some way the hub cannot see.

use std::{
    collections::{HashMap, HashSet},
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, LazyLock, Mutex,
    },
    time::{Duration, Instant},
};

/// The hub topic of "forget the blocks of these members" (payload: ids joined by ','): the
/// site-wide block list announces every change there.
pub const BLOCKS_TOPIC: &str = crate::account::blocks::CHANGED_TOPIC;
/// The hub topic of "forget the partners of these members": a room was opened.
pub const PARTNERS_TOPIC: &str = "chat-partners";
/// Bound on memory: past it, the cache starts again empty.
const ROOMS_MAX: usize = 200_000;

#[derive(Debug, Default)]
pub struct Blocks {
    /// Members this member blocked.
    pub mine: HashSet<u64>,
    /// Members who blocked this member.
    pub theirs: HashSet<u64>,
}

/// Blocks are read again after a minute, partners after ten: a partner list changes only
/// when a room is opened, which is always broadcast, and every socket's coming and going
/// reads it (1,000 sockets closing at once read it 1,000 times).
pub static BLOCKS: LazyLock<MemberCache<Blocks>> = LazyLock::new(|| MemberCache::new(Duration::from_secs(60), 100_000));
pub static PARTNERS: LazyLock<MemberCache<Vec<u64>>> = LazyLock::new(|| MemberCache::new(Duration::from_secs(600), 100_000));

static ROOMS: LazyLock<Mutex<HashSet<String>>> = LazyLock::new(Mutex::default);

pub fn room_known(room: &str) -> bool {
    ROOMS.lock().unwrap().contains(room)
}

pub fn remember_room(room: &str) {
    let mut rooms = ROOMS.lock().unwrap();
    if rooms.len() >= ROOMS_MAX {
        rooms.clear();
    }
    rooms.insert(room.to_owned());
}

/// The hub's handlers (a `fn`, as the hub takes them).
pub fn forget_blocks(payload: Option<&str>) {
    BLOCKS.forget(payload);
}
pub fn forget_partners(payload: Option<&str>) {
    PARTNERS.forget(payload);
}

/// Something per member read from a store, each entry with when it was read.
pub struct MemberCache<T> {
    state: Mutex<CacheState<T>>,
    /// Counts forgets; a read notes it before asking the store (its ticket).
    clock: AtomicU64,
    max_age: Duration,
    /// Past this many entries the cache starts again empty.
    max_len: usize,
}

struct CacheState<T> {
    entries: HashMap<u64, (Instant, Arc<T>)>,
    /// The clock at each member's last forget: a read with an older ticket is not kept.
    forgotten_at: HashMap<u64, u64>,
    /// The clock at the last "forget everyone".
    all_forgotten_at: u64,
}

impl<T> MemberCache<T> {
    fn new(max_age: Duration, max_len: usize) -> Self {
        let state = CacheState { entries: HashMap::new(), forgotten_at: HashMap::new(), all_forgotten_at: 0 };
        Self { state: Mutex::new(state), clock: AtomicU64::new(0), max_age, max_len }
    }

    /// The member's entry, or what `read` returns, kept unless that member (or everyone)
    /// was forgotten while it was being read.
    pub async fn get_or_read<E, F>(&self, user: u64, read: F) -> Result<Arc<T>, E>
    where
        F: std::future::Future<Output = Result<T, E>>,
    {
        if let Some(value) = self.get(user) {
            return Ok(value);
        }
        let ticket = self.ticket();
        let value = Arc::new(read.await?);
        self.remember(user, ticket, value.clone());
        Ok(value)
    }

    fn get(&self, user: u64) -> Option<Arc<T>> {
        let state = self.state.lock().unwrap();
        state.entries.get(&user).filter(|(at, _)| at.elapsed() < self.max_age).map(|(_, v)| v.clone())
    }

    /// Taken before reading the store, handed back to `remember`.
    fn ticket(&self) -> u64 {
        self.clock.load(Ordering::SeqCst)
    }

    fn remember(&self, user: u64, ticket: u64, value: Arc<T>) {
        let mut state = self.state.lock().unwrap();
        // Checked under the lock that `forget` takes too: no forget can slip in between.
        let forgotten = state.all_forgotten_at.max(state.forgotten_at.get(&user).copied().unwrap_or(0));
        if forgotten > ticket {
            return;
        }
        if state.entries.len() >= self.max_len {
            state.entries.clear();
        }
        state.entries.insert(user, (Instant::now(), value));
    }

    /// Forgets the members in `payload` ("3,17"), or all of them (`None`: a broadcast may
    /// have been missed).
    pub fn forget(&self, payload: Option<&str>) {
        let mut state = self.state.lock().unwrap();
        let now = self.clock.fetch_add(1, Ordering::SeqCst) + 1;
        let ids = payload.map(|ids| ids.split(',').filter_map(|i| i.parse::<u64>().ok()));
        match ids {
            // Past its bound the record of who was forgotten when is dropped, which then
            // counts as everyone forgotten now: a read in flight is re-read, never kept stale.
            Some(ids) if state.forgotten_at.len() < self.max_len => {
                for id in ids {
                    state.entries.remove(&id);
                    state.forgotten_at.insert(id, now);
                }
            }
            _ => {
                state.entries.clear();
                state.forgotten_at.clear();
                state.all_forgotten_at = now;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_read_while_blocks_changed_is_not_kept() {
        let user = 9_000_000_001;
        let before = BLOCKS.ticket();
        forget_blocks(Some(&user.to_string()));
        BLOCKS.remember(user, before, Arc::new(Blocks::default()));
        assert!(BLOCKS.get(user).is_none(), "a list read before the change must not be kept");
        let now = BLOCKS.ticket();
        let mut b = Blocks::default();
        b.mine.insert(7);
        BLOCKS.remember(user, now, Arc::new(b));
        assert!(BLOCKS.get(user).is_some_and(|b| b.mine.contains(&7)));
        forget_blocks(Some(&format!("1,{user}")));
        assert!(BLOCKS.get(user).is_none());
    }

    #[test]
    fn only_a_forget_of_that_member_or_of_everyone_refuses_a_read() {
        let cache = MemberCache::new(Duration::from_secs(60), 3);
        let ticket = cache.ticket();
        cache.forget(Some("2,3"));
        cache.remember(1, ticket, Arc::new(vec![7_u64]));
        assert_eq!(cache.get(1).as_deref(), Some(&vec![7]), "a change of others must not discard 1's read");
        cache.remember(2, ticket, Arc::new(vec![]));
        assert!(cache.get(2).is_none(), "2 was forgotten during the read");
        let ticket = cache.ticket();
        cache.forget(None);
        cache.remember(4, ticket, Arc::new(vec![]));
        assert!(cache.get(4).is_none() && cache.get(1).is_none(), "forget-all refuses every read in flight");
        // Past its bound the record of forgets is dropped, and that refuses every read in flight.
        let ticket = cache.ticket();
        cache.forget(Some("5,6,7"));
        cache.forget(Some("8"));
        cache.remember(9, ticket, Arc::new(vec![]));
        assert!(cache.get(9).is_none());
        cache.remember(9, cache.ticket(), Arc::new(vec![]));
        assert!(cache.get(9).is_some());
    }

    #[test]
    fn an_entry_older_than_its_limit_is_read_again() {
        let cache = MemberCache::new(Duration::from_millis(30), 2);
        cache.remember(1, cache.ticket(), Arc::new(vec![2_u64]));
        assert_eq!(cache.get(1).as_deref(), Some(&vec![2]));
        std::thread::sleep(Duration::from_millis(40));
        assert!(cache.get(1).is_none());
        // Past its size the cache starts again.
        for user in [1, 2, 3] {
            cache.remember(user, cache.ticket(), Arc::new(vec![]));
        }
        assert!(cache.get(1).is_none() && cache.get(2).is_none() && cache.get(3).is_some());
    }
}
