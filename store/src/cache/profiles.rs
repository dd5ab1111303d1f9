//! The APN profiles of the cached subscribers: one shared copy per profile id, in a small table
//! inside the cache, instead of a copy in every entry.
//!
//! The table maps a profile id to its [`ApnSlot`]: the profile as it is now and a version that
//! moves each time the profile is replaced. An entry holds, for each of its APNs, the shared
//! profile and the slot's version when it took it ([`HeldApn`]). A profile change replaces the
//! slot's profile and moves its version: one table entry, whatever the number of users. An
//! entry whose held version is behind is refreshed from the table on its next lookup
//! ([`super::Cache::get`]), from memory: no backend read, the SQN state carried over.
//!
//! Hot path: checking that an entry is current is one acquire load of each of its slots'
//! versions, cache lines written only by a profile change; no lock, no write. The slot's
//! `RwLock` is taken only to take a profile (a fill, a refresh, a change).
//!
//! Consistency: the slot of an id, once made, is current. A profile change writes the backend,
//! then replaces the slot's profile (making the slot if there is none, [`ApnTable::update`]),
//! so a fill that read the old profile before the change and looks the slot up after finds the
//! new one. A fill makes a missing slot from what it read only if no change concerning many
//! entries (a clear, a profile deleted) came since its ticket ([`ApnTable::intern`], checked
//! under the table shard's lock, which the removals also take): a slot is never made from a
//! profile read before the slot was removed. A removed slot is retired (its version moves), so
//! an entry still holding one (a fill that raced a clear) takes the id's new slot on its next
//! lookup, or is dropped when there is none.
//!
//! Budget: each slot's profile is counted once in the cache's byte gauge, from when the slot is
//! made until it is removed; an entry counts only its references.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use dashmap::DashMap;
use dashmap::mapref::entry::Entry;

use crate::metrics::CacheCounters;
use crate::model::{ApnId, ApnProfile};

/// One profile id's shared profile.
#[derive(Debug)]
pub(crate) struct ApnSlot {
    /// Moves, under `current`'s write lock, each time the profile is replaced, and when the
    /// slot leaves the table.
    version: AtomicU64,
    /// Set (before `version` moves) when the slot left the table (a clear, the profile
    /// deleted): an entry still holding it takes the id's slot from the table, if any.
    retired: AtomicBool,
    current: RwLock<Arc<ApnProfile>>,
}

impl ApnSlot {
    fn new(profile: Arc<ApnProfile>) -> Self {
        Self {
            version: AtomicU64::new(0),
            retired: AtomicBool::new(false),
            current: RwLock::new(profile),
        }
    }

    /// Marks the slot out of the table (called under the table shard's lock that removes it).
    fn retire(&self) {
        let _current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        self.retired.store(true, Ordering::Relaxed);
        self.version.fetch_add(1, Ordering::Release);
    }

    /// The profile and its version, read together.
    fn take(self: &Arc<Self>) -> HeldApn {
        let current = self.current.read().unwrap_or_else(PoisonError::into_inner);
        HeldApn {
            profile: Arc::clone(&current),
            slot: Some(Arc::clone(self)),
            version: self.version.load(Ordering::Acquire),
        }
    }

    /// Replaces the profile; returns the bytes of the one replaced.
    fn replace(&self, profile: ApnProfile) -> u32 {
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        let old = profile_bytes(&current);
        *current = Arc::new(profile);
        self.version.fetch_add(1, Ordering::Release);
        old
    }

    fn bytes(&self) -> u32 {
        profile_bytes(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }
}

/// An entry's hold on one APN profile: the profile, and the slot it was taken from at which
/// version (none for an entry not yet in the cache, whose profile is its own).
#[derive(Debug)]
pub(crate) struct HeldApn {
    pub(crate) profile: Arc<ApnProfile>,
    slot: Option<Arc<ApnSlot>>,
    version: u64,
}

impl HeldApn {
    /// A profile of an entry being built (not shared yet).
    pub(crate) fn own(profile: ApnProfile) -> Self {
        Self { profile: Arc::new(profile), slot: None, version: 0 }
    }

    /// Whether the profile is shared through the table.
    pub(crate) fn is_shared(&self) -> bool {
        self.slot.is_some()
    }

    /// Whether no change replaced the profile since it was taken: one acquire load.
    #[inline]
    pub(crate) fn is_current(&self) -> bool {
        self.slot.as_ref().is_none_or(|s| s.version.load(Ordering::Acquire) == self.version)
    }

    /// The profile as `table` holds it now: from its slot, or, when the slot left the table,
    /// from the id's new slot; `None` when the table has none (itself when not shared).
    pub(crate) fn now(&self, table: &ApnTable) -> Option<Self> {
        match &self.slot {
            None => Some(Self { profile: Arc::clone(&self.profile), slot: None, version: 0 }),
            Some(slot) => {
                let held = slot.take();
                if !slot.retired.load(Ordering::Acquire) {
                    return Some(held);
                }
                table.slots.get(&self.profile.id).map(|s| s.take())
            }
        }
    }

    /// Heap bytes an entry spends on this hold: the reference, and the profile when it is the
    /// entry's own.
    pub(crate) fn bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + if self.is_shared() { 0 } else { profile_bytes(&self.profile) as usize }
    }
}

/// The table: profile id → its slot.
#[derive(Debug, Default)]
pub(crate) struct ApnTable {
    slots: DashMap<ApnId, Arc<ApnSlot>>,
}

impl ApnTable {
    /// The shared form of `own`, a profile a fill read: the slot of its id, or, when the table
    /// has none and `may_make()` (no clear or deletion since the fill's ticket, checked under
    /// the table shard's lock), a new slot holding it. `None`: no slot, and none may be made.
    pub(crate) fn intern(
        &self,
        own: &Arc<ApnProfile>,
        counters: &CacheCounters,
        may_make: impl FnOnce() -> bool,
    ) -> Option<HeldApn> {
        if let Some(slot) = self.slots.get(&own.id) {
            return Some(slot.take());
        }
        match self.slots.entry(own.id) {
            Entry::Occupied(slot) => Some(slot.get().take()),
            Entry::Vacant(vacant) => {
                if !may_make() {
                    return None;
                }
                counters.entry_bytes(profile_bytes(own), 1);
                let slot = Arc::new(ApnSlot::new(Arc::clone(own)));
                vacant.insert(Arc::clone(&slot));
                Some(slot.take())
            }
        }
    }

    /// Replaces the profile of `profile.id` after a write of it (making its slot when there is
    /// none, so that no fill can make it from what it read before the write).
    pub(crate) fn update(&self, profile: &ApnProfile, counters: &CacheCounters) {
        match self.slots.entry(profile.id) {
            Entry::Occupied(slot) => {
                let old = slot.get().replace(profile.clone());
                counters.entry_bytes(old, -1);
                counters.entry_bytes(profile_bytes(profile), 1);
            }
            Entry::Vacant(vacant) => {
                counters.entry_bytes(profile_bytes(profile), 1);
                vacant.insert(Arc::new(ApnSlot::new(Arc::new(profile.clone()))));
            }
        }
    }

    /// Removes the slot of `id` (the profile was deleted).
    pub(crate) fn remove(&self, id: ApnId, counters: &CacheCounters) {
        self.slots.remove_if(&id, |_, gone| {
            counters.entry_bytes(gone.bytes(), -1);
            gone.retire();
            true
        });
    }

    /// Removes every slot.
    pub(crate) fn clear(&self, counters: &CacheCounters) {
        self.slots.retain(|_, slot| {
            counters.entry_bytes(slot.bytes(), -1);
            slot.retire();
            false
        });
    }

    /// Profiles held.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }
}

/// Approximate heap bytes of one shared profile: the profile, its strings, its slot and the
/// slot's place in the table.
fn profile_bytes(p: &ApnProfile) -> u32 {
    use std::mem::size_of;
    let text = |s: &Option<String>| s.as_ref().map_or(0, String::capacity);
    let pgw = p.options.pgw.as_ref().map_or(0, |g| text(&g.host) + text(&g.realm));
    let bytes = size_of::<ApnProfile>()
        + p.apn.capacity()
        + text(&p.options.charging_characteristics)
        + pgw
        + size_of::<ApnSlot>()
        + size_of::<(ApnId, Arc<ApnSlot>)>();
    u32::try_from(bytes).unwrap_or(u32::MAX)
}
