//! What a message's hot path and a socket's presence would otherwise read from MongoDB or
//! MySQL every time, kept in this process: which rooms exist (a room never changes its two
//! members and is never deleted, so this needs no invalidation), each member's blocks
//! (changed by `set_block`) and each member's partners, the members they share a room with
//! (changed only when a room is opened). A change forgets the entries here at once and on
//! every other instance through a hub broadcast.
//!
//! Process-wide on purpose: every `AppState` of a process talks to the same stores.
//! An entry read from a store is kept only if nothing was forgotten while it was being read
//! (a generation count), so a read racing a change never keeps the old value. An age limit
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
    entries: Mutex<HashMap<u64, (Instant, Arc<T>)>>,
    generation: AtomicU64,
    max_age: Duration,
    /// Past this many entries the cache starts again empty.
    max_len: usize,
}

impl<T> MemberCache<T> {
    fn new(max_age: Duration, max_len: usize) -> Self {
        Self { entries: Mutex::default(), generation: AtomicU64::new(0), max_age, max_len }
    }

    pub fn get(&self, user: u64) -> Option<Arc<T>> {
        let entries = self.entries.lock().unwrap();
        entries.get(&user).filter(|(at, _)| at.elapsed() < self.max_age).map(|(_, v)| v.clone())
    }

    /// The generation to hand back to `remember` (read it before reading the store).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub fn remember(&self, user: u64, read_at_generation: u64, value: Arc<T>) {
        let mut entries = self.entries.lock().unwrap();
        // Checked under the lock that `forget` takes too: no forget can slip in between.
        if self.generation.load(Ordering::SeqCst) != read_at_generation {
            return;
        }
        if entries.len() >= self.max_len {
            entries.clear();
        }
        entries.insert(user, (Instant::now(), value));
    }

    /// Forgets the members in `payload` ("3,17"), or all of them (`None`: a broadcast may
    /// have been missed).
    pub fn forget(&self, payload: Option<&str>) {
        let mut entries = self.entries.lock().unwrap();
        self.generation.fetch_add(1, Ordering::SeqCst);
        match payload {
            Some(ids) => {
                for id in ids.split(',').filter_map(|i| i.parse::<u64>().ok()) {
                    entries.remove(&id);
                }
            }
            None => entries.clear(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_read_while_blocks_changed_is_not_kept() {
        let user = 9_000_000_001;
        let before = BLOCKS.generation();
        forget_blocks(Some(&user.to_string()));
        BLOCKS.remember(user, before, Arc::new(Blocks::default()));
        assert!(BLOCKS.get(user).is_none(), "a list read before the change must not be kept");
        let now = BLOCKS.generation();
        let mut b = Blocks::default();
        b.mine.insert(7);
        BLOCKS.remember(user, now, Arc::new(b));
        assert!(BLOCKS.get(user).is_some_and(|b| b.mine.contains(&7)));
        forget_blocks(Some(&format!("1,{user}")));
        assert!(BLOCKS.get(user).is_none());
    }

    #[test]
    fn an_entry_older_than_its_limit_is_read_again() {
        let cache = MemberCache::new(Duration::from_millis(30), 2);
        cache.remember(1, cache.generation(), Arc::new(vec![2_u64]));
        assert_eq!(cache.get(1).as_deref(), Some(&vec![2]));
        std::thread::sleep(Duration::from_millis(40));
        assert!(cache.get(1).is_none());
        // Past its size the cache starts again.
        for user in [1, 2, 3] {
            cache.remember(user, cache.generation(), Arc::new(vec![]));
        }
        assert!(cache.get(1).is_none() && cache.get(2).is_none() && cache.get(3).is_some());
    }
}
