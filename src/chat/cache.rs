//! What a message's hot path would otherwise read from MongoDB every time, kept in this
//! process: which rooms exist (a room never changes its two members and is never deleted,
//! so this needs no invalidation) and each member's blocks (changed by `set_block`, which
//! forgets them here at once and on every other instance through a hub broadcast).
//!
//! Process-wide on purpose: every `AppState` of a process talks to the same stores.
//! A block list read from MongoDB is kept only if nothing was forgotten while it was being
//! read (a generation count), so a read racing a block never keeps the old list. A minute
//! of age is the backstop for a broadcast lost some way the hub cannot see.

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
const BLOCKS_MAX_AGE: Duration = Duration::from_secs(60);
/// Bounds on memory: past these, the cache starts again empty.
const ROOMS_MAX: usize = 200_000;
const BLOCKS_MAX: usize = 100_000;

#[derive(Debug, Default)]
pub struct Blocks {
    /// Members this member blocked.
    pub mine: HashSet<u64>,
    /// Members who blocked this member.
    pub theirs: HashSet<u64>,
}

static ROOMS: LazyLock<Mutex<HashSet<String>>> = LazyLock::new(Mutex::default);
/// Each member's blocks with when they were read.
type BlockCache = HashMap<u64, (Instant, Arc<Blocks>)>;
static BLOCKS: LazyLock<Mutex<BlockCache>> = LazyLock::new(Mutex::default);
static GENERATION: AtomicU64 = AtomicU64::new(0);

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

/// The generation to hand back to `remember_blocks` (read it before reading the store).
pub fn generation() -> u64 {
    GENERATION.load(Ordering::SeqCst)
}

pub fn blocks(user: u64) -> Option<Arc<Blocks>> {
    let cache = BLOCKS.lock().unwrap();
    cache.get(&user).filter(|(at, _)| at.elapsed() < BLOCKS_MAX_AGE).map(|(_, b)| b.clone())
}

pub fn remember_blocks(user: u64, read_at_generation: u64, blocks: Arc<Blocks>) {
    let mut cache = BLOCKS.lock().unwrap();
    // Checked under the lock that `forget` takes too: no forget can slip in between.
    if GENERATION.load(Ordering::SeqCst) != read_at_generation {
        return;
    }
    if cache.len() >= BLOCKS_MAX {
        cache.clear();
    }
    cache.insert(user, (Instant::now(), blocks));
}

/// Forgets the blocks of the members in `payload` ("3,17"), or all of them (`None`: a
/// broadcast may have been missed). The hub calls this on every instance.
pub fn forget_blocks(payload: Option<&str>) {
    let mut cache = BLOCKS.lock().unwrap();
    GENERATION.fetch_add(1, Ordering::SeqCst);
    match payload {
        Some(ids) => {
            for id in ids.split(',').filter_map(|i| i.parse::<u64>().ok()) {
                cache.remove(&id);
            }
        }
        None => cache.clear(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_read_while_blocks_changed_is_not_kept() {
        let user = 9_000_000_001;
        let before = generation();
        forget_blocks(Some(&user.to_string()));
        remember_blocks(user, before, Arc::new(Blocks::default()));
        assert!(blocks(user).is_none(), "a list read before the change must not be kept");
        let now = generation();
        let mut b = Blocks::default();
        b.mine.insert(7);
        remember_blocks(user, now, Arc::new(b));
        assert!(blocks(user).is_some_and(|b| b.mine.contains(&7)));
        forget_blocks(Some(&format!("1,{user}")));
        assert!(blocks(user).is_none());
    }
}
