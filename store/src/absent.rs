//! [`AbsentSet`]: the subscriber keys the backend did not hold when last read (the negative
//! cache), so that a request for an unprovisioned IMSI is answered without I/O.
//!
//! A fixed table of [`SLOTS`] atomic slots, each holding one key (direct-mapped by a hash of
//! the key): remembering a key overwrites whatever its slot held, so the set never grows, never
//! allocates after creation and is never emptied wholesale. A flood of distinct unknown IMSIs
//! only evicts other unknown IMSIs, one slot at a time, and a subscriber read again after an
//! eviction costs one backend read. Lock-free: a lookup is one atomic load.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Slots in the table (a power of two): 512 KiB.
pub(crate) const SLOTS: usize = 65_536;

/// An empty slot. Keys are stored plus one, so key `u64::MAX` is simply never remembered.
const EMPTY: u64 = 0;

/// The negative cache (see the module documentation).
pub(crate) struct AbsentSet {
    slots: Box<[AtomicU64]>,
    /// Slots holding a key.
    len: AtomicUsize,
}

impl Default for AbsentSet {
    fn default() -> Self {
        Self {
            slots: (0..SLOTS).map(|_| AtomicU64::new(EMPTY)).collect(),
            len: AtomicUsize::new(0),
        }
    }
}

impl AbsentSet {
    fn slot(&self, key: u64) -> &AtomicU64 {
        // Fibonacci hashing: consecutive IMSIs spread over the table. The shift leaves 16 bits.
        let index = key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - SLOTS.trailing_zeros());
        &self.slots[index as usize]
    }

    /// Whether `key` is remembered as absent.
    pub(crate) fn contains(&self, key: u64) -> bool {
        key != u64::MAX && self.slot(key).load(Ordering::Acquire) == key + 1
    }

    /// Remembers `key`, evicting the key its slot held.
    pub(crate) fn insert(&self, key: u64) {
        if key == u64::MAX {
            return;
        }
        if self.slot(key).swap(key + 1, Ordering::AcqRel) == EMPTY {
            self.len.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Forgets `key` if it is remembered.
    pub(crate) fn remove(&self, key: u64) {
        if key == u64::MAX {
            return;
        }
        let slot = self.slot(key);
        if slot.compare_exchange(key + 1, EMPTY, Ordering::AcqRel, Ordering::Relaxed).is_ok() {
            self.len.fetch_sub(1, Ordering::Relaxed);
        }
    }

    /// Forgets every key.
    pub(crate) fn clear(&self) {
        for slot in self.slots.iter() {
            if slot.swap(EMPTY, Ordering::AcqRel) != EMPTY {
                self.len.fetch_sub(1, Ordering::Relaxed);
            }
        }
    }

    /// Keys remembered.
    pub(crate) fn len(&self) -> usize {
        self.len.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flood_evicts_slot_by_slot_and_never_grows() {
        let set = AbsentSet::default();
        set.insert(1);
        assert!(set.contains(1) && !set.contains(2));
        // Far more distinct keys than slots: the set stays within its table and keeps most of
        // the newest keys (each evicts at most one other).
        let flood = 4 * SLOTS as u64;
        for key in 1_000_000..1_000_000 + flood {
            set.insert(key);
        }
        assert!(set.len() <= SLOTS);
        let newest = (1_000_000 + flood - 1000..1_000_000 + flood).filter(|k| set.contains(*k));
        assert!(newest.count() > 900, "recent keys are mostly kept");
        // Removing and clearing.
        let last = 1_000_000 + flood - 1;
        set.remove(last);
        assert!(!set.contains(last));
        set.clear();
        assert_eq!(set.len(), 0);
        assert!(!set.contains(last - 1));
        set.insert(u64::MAX);
        assert!(!set.contains(u64::MAX));
    }
}
