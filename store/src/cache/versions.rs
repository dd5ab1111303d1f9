//! Per-key versions for the cache's fill tickets: a fixed table of counters indexed by a hash
//! of the subscriber key, bumped by every invalidation of a key that hashes there.
//!
//! A fill reads its key's slot before loading from the backend and installs only if the slot
//! has not moved ([`super::Cache::fill`]). Two keys sharing a slot only cost a spurious miss
//! (a fill of one that races an invalidation of the other is used once and not cached), never
//! a stale entry: every invalidation of a key bumps that key's slot. With [`SLOTS`] slots, a
//! bulk import writing thousands of subscribers a second leaves the fills of the others
//! installable, where the former 64 stripes made nearly every concurrent fill fail.

use std::sync::atomic::{AtomicU64, Ordering};

/// Slots of the table (a power of two): 512 KiB of counters.
pub(crate) const SLOTS: usize = 1 << SLOT_BITS;
const SLOT_BITS: u32 = 16;

/// The table of per-key versions.
pub(crate) struct Versions {
    slots: Box<[AtomicU64]>,
}

impl core::fmt::Debug for Versions {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Versions").field("slots", &self.slots.len()).finish()
    }
}

impl Default for Versions {
    fn default() -> Self {
        Self { slots: (0..SLOTS).map(|_| AtomicU64::new(0)).collect() }
    }
}

impl Versions {
    /// The slot of `key`: a multiplicative (Fibonacci) hash, so that keys differing only in
    /// their low digits (consecutive IMSIs) spread over the whole table.
    pub(crate) fn slot(key: u64) -> usize {
        // The shift leaves SLOT_BITS bits, so the cast is exact.
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (u64::BITS - SLOT_BITS)) as usize
    }

    fn counter(&self, key: u64) -> &AtomicU64 {
        // `slot` is below SLOTS, the table's length by construction.
        &self.slots[Self::slot(key)]
    }

    /// `key`'s version now.
    pub(crate) fn get(&self, key: u64) -> u64 {
        self.counter(key).load(Ordering::SeqCst)
    }

    /// Moves `key`'s version (before its entry is removed).
    pub(crate) fn bump(&self, key: u64) {
        self.counter(key).fetch_add(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bump_moves_its_key_only() {
        let v = Versions::default();
        let (a, b) = (1_010_000_000_001, 1_010_000_000_001 + 64);
        assert_ne!(Versions::slot(a), Versions::slot(b));
        v.bump(b);
        assert_eq!((v.get(a), v.get(b)), (0, 1));
        v.bump(a);
        assert_eq!(v.get(a), 1);
    }

    #[test]
    fn consecutive_keys_spread() {
        let mut seen = std::collections::HashSet::new();
        for key in 1_010_000_000_000u64..1_010_000_001_000 {
            seen.insert(Versions::slot(key));
        }
        assert!(seen.len() > 990, "{} distinct slots of 1000 keys", seen.len());
    }
}
