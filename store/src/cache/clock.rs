//! The cache's byte budget and its eviction: CLOCK over the keys of the cached entries.
//!
//! Every entry has a referenced bit, set by a hit ([`super::Cache::get`]: one relaxed load,
//! and one relaxed store when the bit was clear). The ring holds the key of every entry in
//! the order they were filled; after a fill, while the byte gauge is above the budget, the
//! hand takes the key at the front: an entry whose bit is set has it cleared and goes to the
//! back (a second chance), one whose bit is clear is evicted, a key with no entry any more
//! (invalidated) is dropped. A new entry starts unreferenced at the back, so a scan (a bulk
//! warm-up, an import's subscribers) does not push out the subscribers the network uses.
//!
//! The gauge also holds the shared APN profiles (`profiles.rs`), each counted once however many
//! entries use it. They are not evicted: there are few, a profile change keeps its copy
//! current, and an evicted entry only drops its references to them.
//!
//! Cost: hits never touch the ring. Fills (the slow path: they just read the backend) take the
//! ring's lock once, push a key, and evict: amortised a few steps per fill, at most
//! [`MAX_STEPS`] steps per eviction (then the entry at the hand goes, referenced or not), so a
//! fill never sweeps the whole ring. The ring holds keys, not entries: an invalidated entry
//! leaves a stale key behind, and a refilled one a second key; both are dropped when the hand
//! reaches them, and the ring is rebuilt from the map when stale keys outnumber live ones, so
//! it stays within about twice the entries.
//!
//! Lock order: the ring's lock is taken after, never while, a map shard's lock is held; the
//! sweep takes shard locks under the ring's lock, one at a time.
//!
//! Eviction and the SQN state: an evicted entry's [`crate::sqn_block::SqnState`] is simply
//! forgotten, with what is left of its block: those SQNs lie at or below the persisted mark, so
//! they are skipped, never handed out again. The next fill makes a new state, whose first
//! request reserves a new block above the mark. A request that still holds the evicted entry
//! (entries are `Arc`s) may go on taking SQNs from the old block while the new state serves
//! others: the two never issue the same SQN, because every block is reserved by an atomic
//! read-modify-write of the persisted mark (`Backend::update`, `update_many`), so the blocks of
//! two states are disjoint, and each state hands out its own block once (a CAS per take).
//! This is the same case as an invalidation racing a request, which the store always had.

use std::collections::VecDeque;
use std::sync::atomic::Ordering;
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::Cache;

/// Most entries the hand passes over (clearing their bits) for one eviction before it
/// evicts the entry at the hand regardless.
pub(crate) const MAX_STEPS: usize = 256;

/// Stale keys tolerated beyond twice the live entries before the ring is rebuilt.
const SLACK: usize = 1024;

/// The ring of keys the hand sweeps: its front is the hand.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    ring: Mutex<VecDeque<u64>>,
}

impl Clock {
    fn lock(&self) -> MutexGuard<'_, VecDeque<u64>> {
        self.ring.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keys in the ring (live and stale).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }
}

impl Cache {
    /// Enters `key`, just inserted into the map, in the ring (at the back), then evicts while
    /// the cache is over its budget. Called with no map lock held.
    pub(super) fn admit(&self, key: u64) {
        let mut ring = self.clock.lock();
        ring.push_back(key);
        if ring.len() > 2 * self.map.len() + SLACK {
            // Every live key, once: an entry inserted while this runs is either seen here or
            // pushed after (its fill waits for the ring's lock).
            *ring = self.map.iter().map(|e| *e.key()).collect();
        }
        self.sweep(&mut ring);
    }

    /// Evicts while the cache is over its budget (after entries grew in place).
    pub(super) fn evict(&self) {
        if self.over_budget() {
            self.sweep(&mut self.clock.lock());
        }
    }

    fn over_budget(&self) -> bool {
        self.counters.bytes.load(Ordering::Relaxed) > self.budget
    }

    /// The hand's work: see the module's documentation.
    fn sweep(&self, ring: &mut VecDeque<u64>) {
        let mut passed = 0;
        while self.over_budget() {
            let Some(key) = ring.pop_front() else { return };
            let force = passed >= MAX_STEPS;
            let referenced = self.map.get(&key).map(|e| e.value().take_reference());
            match referenced {
                None => continue, // stale: the entry was invalidated
                Some(true) if !force => {
                    passed += 1;
                    ring.push_back(key);
                    continue;
                }
                Some(_) => {}
            }
            // A hit between the check and here saves the entry (unless forced).
            match self.map.remove_if(&key, |_, e| force || !e.is_referenced()) {
                Some((_, gone)) => {
                    self.counters.entry_bytes(gone.bytes, -1);
                    self.counters.evictions.fetch_add(1, Ordering::Relaxed);
                    passed = 0;
                }
                None => {
                    passed += 1;
                    ring.push_back(key);
                }
            }
        }
    }
}
