//! The decoded-object cache: subscriber key → `Arc<CachedSubscriber>`, the ready-to-use form of
//! everything an AIR or ULR needs (profile, resolved APN profiles, prepared MILENAGE, AMF, the
//! in-memory SQN state, and pieces the data plane encodes once, [`Encoded`]).
//!
//! Hot path: a hit is one sharded read lock of the map, an `Arc` clone, and one acquire load
//! per APN profile of the entry (is it current?); no allocation, no I/O.
//!
//! APN profiles are shared, not copied: one per profile id in a table inside the cache
//! (`profiles.rs`), which entries reference. A profile change replaces that one table entry;
//! each entry using the profile sees it on its next lookup, which refreshes the entry from
//! memory (its APN references and what was encoded from them), sharing its SQN state.
//!
//! Negative entries: an IMSI the backend did not have is remembered (a set of at most
//! [`MAX_ABSENT`] IMSIs, emptied when full), so a peer repeating an unknown IMSI costs a
//! lookup, not a backend read and a trip through the slow lane each time. Absence follows the
//! same consistency rule as the entries (a ticket, dropped by `invalidate`), and creating a
//! subscriber invalidates its IMSI.
//!
//! Consistency rule: every write through the store updates the backend first and then
//! invalidates here, so the next read sees the change. A miss loads from the backend and fills
//! the cache, and the fill must not resurrect data a concurrent write just replaced (load old
//! value → writer writes and invalidates → fill inserts the old value). So each fill carries a
//! [`Ticket`] taken before the load: invalidation bumps a version (the key's, in a fixed table
//! of per-key versions, `versions.rs`; or global for APN profile changes) *before* removing
//! the entry, and the fill inserts only if no version it depends on moved, checking under the
//! map shard's write lock, which the removal also takes. Either the removal sees the inserted
//! entry, or the fill sees the bump. A write to another subscriber moves another version
//! (bar a collision in the table: a spurious miss, never a stale entry), so writes (a bulk
//! import) do not keep the fills of other subscribers from being cached.
//!
//! Budget: the entries' approximate bytes are kept under [`Cache::with_budget`]'s budget
//! (plus the entry being filled) by CLOCK eviction (`clock.rs`, which also tells why
//! forgetting an entry's SQN state is safe). A hit sets the entry's referenced bit: one
//! relaxed load, and a relaxed store when it was clear.

mod clock;
mod profiles;
#[cfg(test)]
mod tests;
mod versions;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use dashmap::DashMap;
use dashmap::mapref::entry::Entry;

use crate::absent::AbsentSet;
use crate::auc::Milenage;
use crate::metrics::CacheCounters;
use crate::model::{ApnId, ApnProfile, Subscriber};
use crate::resync_guard::{RING_BYTES, ResyncGuard};
use crate::sqn_block::SqnState;
use profiles::{ApnTable, HeldApn};

/// Most IMSIs remembered as absent ([`AbsentSet`]: a fixed table; a new one evicts the one in
/// its slot, so a flood of distinct unknown IMSIs cannot grow memory or empty the set).
#[cfg(test)]
const MAX_ABSENT: usize = crate::absent::SLOTS;

/// A subscriber as the handlers use it: decoded and prepared once per cache fill.
#[derive(Debug)]
pub struct CachedSubscriber {
    /// The subscription as served: with its EPS profile applied, if it names one.
    subscriber: Subscriber,
    /// The subscription as stored, when it names an EPS profile (to apply the profile again
    /// when it changes).
    stored: Option<Box<Subscriber>>,
    /// The APN profiles, in the order of [`Subscriber::apns`]: shared through the cache's
    /// profile table once the entry is cached (each held with the version it was taken at).
    apns: Box<[HeldApn]>,
    /// Shared with the entry that replaces this one when its EPS profile changes, so the SQN
    /// state carries over.
    auth: Option<Arc<CachedAuth>>,
    /// What the data plane encodes from this entry, one slot per [`Encoded`] kind, made on
    /// first use and dropped with the entry: any change to the subscriber or to data it uses
    /// replaces the entry (an APN profile change, on the entry's next lookup).
    encoded: [OnceLock<Box<[u8]>>; Encoded::COUNT],
    /// The host of the 3GPP AAA server registered for the subscriber, once read (SWx MAR asks
    /// on every request); forgotten by every write of that registration.
    aaa: Mutex<AaaSlot>,
    /// Approximate heap bytes of the entry, for the cache's byte gauge: computed once its APN
    /// profiles are shared, so that what is added when it is cached is what is taken off when
    /// it leaves.
    bytes: u32,
    /// What the network last did for the subscriber (in memory, with the entry).
    activity: crate::activity::ActivityRecord,
    /// Set by every hit, cleared by the eviction hand as it passes (`clock.rs`).
    referenced: AtomicBool,
}

/// The APN profiles of an entry, in the order of [`Subscriber::apns`]: a borrowed view of the
/// profiles the entry shares with the other cached subscribers using them.
#[derive(Debug, Clone, Copy)]
pub struct ApnProfiles<'a> {
    held: &'a [HeldApn],
}

impl<'a> ApnProfiles<'a> {
    /// The profiles, in order.
    pub fn iter(self) -> impl DoubleEndedIterator<Item = &'a ApnProfile> + ExactSizeIterator {
        self.held.iter().map(|h| &*h.profile)
    }

    /// The `i`th profile.
    pub fn get(self, i: usize) -> Option<&'a ApnProfile> {
        self.held.get(i).map(|h| &*h.profile)
    }

    /// How many.
    pub fn len(self) -> usize {
        self.held.len()
    }

    /// Whether there are none.
    pub fn is_empty(self) -> bool {
        self.held.is_empty()
    }
}

impl std::ops::Index<usize> for ApnProfiles<'_> {
    type Output = ApnProfile;

    fn index(&self, i: usize) -> &ApnProfile {
        &self.held[i].profile
    }
}

/// What the entry knows of the AAA server registration: nothing yet, or its host (none).
/// `generation` moves with every write, so a read that a write overtook does not fill the
/// slot with what it read before the write.
#[derive(Debug, Default)]
struct AaaSlot {
    generation: u64,
    known: Option<Option<Arc<str>>>,
}

/// A piece of a cache entry that the data plane encodes once and copies into every answer
/// from then on. The store keeps the bytes and drops them with the entry; it does not know the
/// wire format, which the encoder passed to [`CachedSubscriber::encoded`] defines. Each kind
/// names one slot, so one piece can never be taken for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Encoded {
    /// The S6a APN-Configuration-Profile AVP's value (TS 29.272 §7.3.34) of the ULA.
    ApnConfigurationProfile,
}

impl Encoded {
    /// The number of kinds: the slots of an entry.
    const COUNT: usize = 1;

    const fn slot(self) -> usize {
        match self {
            Encoded::ApnConfigurationProfile => 0,
        }
    }
}

/// The AuC part of a cache entry (crate-private: holds the key schedule).
pub(crate) struct CachedAuth {
    pub(crate) milenage: Milenage,
    pub(crate) amf: [u8; 2],
    pub(crate) sqn: SqnState,
    /// The RANDs recently issued and the resync rate limit.
    pub(crate) resync: ResyncGuard,
}

impl core::fmt::Debug for CachedAuth {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CachedAuth").field("sqn", &self.sqn).finish_non_exhaustive()
    }
}

impl CachedSubscriber {
    #[cfg(test)]
    pub(crate) fn new(
        subscriber: Subscriber,
        apn_profiles: Vec<ApnProfile>,
        auth: Option<CachedAuth>,
    ) -> Self {
        Self::with_auth(subscriber, None, apn_profiles, auth.map(Arc::new))
    }

    /// An entry serving `subscriber`, stored as `stored` when that differs (an EPS profile
    /// applied), with its APN profiles (its own until the cache shares them) and the AuC part
    /// `auth` (possibly another entry's).
    pub(crate) fn with_auth(
        subscriber: Subscriber,
        stored: Option<Box<Subscriber>>,
        apn_profiles: Vec<ApnProfile>,
        auth: Option<Arc<CachedAuth>>,
    ) -> Self {
        let apns: Box<[HeldApn]> = apn_profiles.into_iter().map(HeldApn::own).collect();
        let bytes = estimate_bytes(&subscriber, stored.as_deref(), &apns, auth.is_some());
        Self {
            subscriber,
            stored,
            apns,
            auth,
            encoded: Default::default(),
            aaa: Mutex::default(),
            bytes,
            activity: Default::default(),
            referenced: AtomicBool::new(false),
        }
    }

    /// Marks the entry used (a hit): a relaxed load, and a relaxed store only when the bit
    /// was clear, so a hot entry's cache line is not written on every hit.
    #[inline]
    fn touch(&self) {
        if !self.referenced.load(Ordering::Relaxed) {
            self.referenced.store(true, Ordering::Relaxed);
        }
    }

    /// Whether the entry was used since the hand last passed it.
    fn is_referenced(&self) -> bool {
        self.referenced.load(Ordering::Relaxed)
    }

    /// Clears the referenced bit and returns whether it was set.
    fn take_reference(&self) -> bool {
        self.is_referenced() && self.referenced.swap(false, Ordering::Relaxed)
    }

    /// The AAA server's host if the entry knows it, else the generation to fill it with.
    pub(crate) fn aaa_server(&self) -> Result<Option<Arc<str>>, u64> {
        let slot = self.aaa.lock().unwrap_or_else(PoisonError::into_inner);
        slot.known.clone().ok_or(slot.generation)
    }

    /// Fills the slot with `host`, read after [`Self::aaa_server`] returned `generation`,
    /// unless a write came since.
    pub(crate) fn fill_aaa_server(&self, generation: u64, host: Option<Arc<str>>) {
        let mut slot = self.aaa.lock().unwrap_or_else(PoisonError::into_inner);
        if slot.generation == generation && slot.known.is_none() {
            slot.known = Some(host);
        }
    }

    /// Forgets the AAA server after a write of its registration.
    pub(crate) fn forget_aaa_server(&self) {
        let mut slot = self.aaa.lock().unwrap_or_else(PoisonError::into_inner);
        slot.generation += 1;
        slot.known = None;
    }

    /// The subscription as stored (before an EPS profile is applied).
    pub(crate) fn stored(&self) -> &Subscriber {
        self.stored.as_deref().unwrap_or(&self.subscriber)
    }

    /// The AuC part, to share with a replacement entry.
    pub(crate) fn shared_auth(&self) -> Option<Arc<CachedAuth>> {
        self.auth.clone()
    }

    /// The `kind` piece of this entry, made by `encode` on the first call and returned as is
    /// while the entry lives (concurrent first callers wait for one encoding).
    pub fn encoded(&self, kind: Encoded, encode: impl FnOnce(&Self) -> Vec<u8>) -> &[u8] {
        self.encoded[kind.slot()].get_or_init(|| encode(self).into_boxed_slice())
    }

    /// Notes a network request for the subscriber (the Diameter handlers, after serving it):
    /// two relaxed stores at most.
    pub fn note(
        &self,
        what: crate::activity::Activity,
        at: std::time::SystemTime,
        visited_plmn: Option<&[u8]>,
    ) {
        self.activity.note(what, at, visited_plmn);
    }

    /// What the network last did for the subscriber while this entry was cached.
    pub fn last_seen(&self) -> crate::activity::LastSeen {
        self.activity.snapshot()
    }

    /// The provisioned profile.
    pub fn subscriber(&self) -> &Subscriber {
        &self.subscriber
    }

    /// The APN profiles, in the order of [`Subscriber::apns`], as they were when this entry
    /// was taken from the cache (a profile change reaches the entry's next lookup).
    pub fn apn_profiles(&self) -> ApnProfiles<'_> {
        ApnProfiles { held: &self.apns }
    }

    /// The profile of the default APN.
    pub fn default_apn_profile(&self) -> Option<&ApnProfile> {
        self.apn_profiles().iter().find(|p| p.id == self.subscriber.default_apn)
    }

    /// Whether authentication data is provisioned (an AIR can be answered).
    pub fn has_auth_data(&self) -> bool {
        self.auth.is_some()
    }

    pub(crate) fn auth(&self) -> Option<&CachedAuth> {
        self.auth.as_deref()
    }

    fn uses_apn(&self, id: ApnId) -> bool {
        self.subscriber.apns.iter().any(|a| a.profile == id)
    }

    /// Whether every APN profile the entry holds is the current one (the hot path's check:
    /// one acquire load per profile).
    #[inline]
    fn profiles_current(&self) -> bool {
        self.apns.iter().all(HeldApn::is_current)
    }

    /// Whether the entry's APN profiles are shared through the table (it may be cached).
    fn profiles_shared(&self) -> bool {
        self.apns.iter().all(HeldApn::is_shared)
    }

    /// This entry with its APN profiles as `table` holds them now, sharing the AuC part (so
    /// the SQN state carries over) and keeping the activity record; what was encoded from the
    /// old profiles, and the AAA server slot, start empty. `None` if the table lost a profile
    /// the entry uses (a clear raced the fill that made the entry).
    fn with_current_profiles(&self, table: &ApnTable) -> Option<Self> {
        let apns = self.apns.iter().map(|h| h.now(table)).collect::<Option<_>>()?;
        let new = Self {
            subscriber: self.subscriber.clone(),
            stored: self.stored.clone(),
            apns,
            auth: self.auth.clone(),
            encoded: Default::default(),
            aaa: Mutex::default(),
            bytes: self.bytes,
            activity: Default::default(),
            referenced: AtomicBool::new(true),
        };
        copy_activity(&self.activity, &new.activity);
        Some(new)
    }
}

/// Notes in `to` what `from` noted (a refreshed entry keeps what the network last did).
fn copy_activity(from: &crate::activity::ActivityRecord, to: &crate::activity::ActivityRecord) {
    use crate::activity::Activity;
    use std::time::{Duration, UNIX_EPOCH};
    let seen = from.snapshot();
    let at = |ms: u64| UNIX_EPOCH + Duration::from_millis(ms);
    let times = [
        (Activity::Air, seen.air),
        (Activity::Ulr, seen.ulr),
        (Activity::CxMar, seen.cx_mar),
        (Activity::SwxMar, seen.swx_mar),
    ];
    for (what, ms) in times {
        if let Some(ms) = ms {
            to.note(what, at(ms), None);
        }
    }
    // The visited PLMN came with an AIR or a ULR: noted again with its time.
    let with_plmn =
        (seen.air.map(|ms| (Activity::Air, ms))).or(seen.ulr.map(|ms| (Activity::Ulr, ms)));
    if let (Some(plmn), Some((what, ms))) = (seen.visited_plmn, with_plmn) {
        to.note(what, at(ms), Some(&plmn));
    }
}

/// Approximate heap bytes of an entry holding these parts, with its slots in the map and the
/// eviction ring: the structures and their vectors and strings, not allocator overhead.
fn estimate_bytes(
    subscriber: &Subscriber,
    stored: Option<&Subscriber>,
    apns: &[HeldApn],
    auth: bool,
) -> u32 {
    use std::mem::size_of;
    let strings = |s: &Subscriber| {
        let o = &s.options;
        s.apns.capacity() * size_of::<crate::model::ApnAssignment>()
            + o.apn_oi_replacement.as_ref().map_or(0, String::capacity)
            + o.charging_characteristics.as_ref().map_or(0, String::capacity)
    };
    // A shared profile is counted once, by the table; an entry counts its references.
    let apns: usize = apns.iter().map(HeldApn::bytes).sum();
    let bytes = size_of::<CachedSubscriber>()
        + size_of::<(u64, Arc<CachedSubscriber>)>()
        + size_of::<u64>()
        + strings(subscriber)
        + stored.map_or(0, |s| size_of::<Subscriber>() + strings(s))
        + apns
        + if auth { size_of::<CachedAuth>() + RING_BYTES } else { 0 };
    u32::try_from(bytes).unwrap_or(u32::MAX)
}

/// The versions a fill depends on, read before loading from the backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ticket {
    key: u64,
    global: u64,
}

/// The object cache.
pub(crate) struct Cache {
    map: DashMap<u64, Arc<CachedSubscriber>>,
    /// Subscriber keys the backend did not hold when last read.
    absent: AbsentSet,
    /// Per-key versions, bumped by [`Self::invalidate`].
    versions: versions::Versions,
    /// Bumped by changes that concern many entries (APN profile deletions, EPS profiles, a
    /// clear).
    global: AtomicU64,
    /// The shared APN profiles.
    apns: ApnTable,
    /// The eviction ring.
    clock: clock::Clock,
    /// Most bytes of entries kept (the byte gauge's limit, bar the entry being filled).
    budget: i64,
    /// Hits, misses, bytes and evictions.
    pub(crate) counters: CacheCounters,
}

/// Unbounded (for tests of other matters).
impl Default for Cache {
    fn default() -> Self {
        Self::with_budget(usize::MAX)
    }
}

/// Only the size: entries are subscriber data.
impl core::fmt::Debug for Cache {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Cache").field("entries", &self.map.len()).finish_non_exhaustive()
    }
}

impl Cache {
    /// An empty cache keeping at most `budget` bytes of entries (approximate, see
    /// [`crate::StoreStats::cache_bytes`]): a fill beyond it evicts entries not used lately.
    /// A budget smaller than an entry keeps only the entry just filled.
    pub(crate) fn with_budget(budget: usize) -> Self {
        let budget = i64::try_from(budget).unwrap_or(i64::MAX);
        Self {
            map: DashMap::new(),
            absent: AbsentSet::default(),
            versions: versions::Versions::default(),
            global: AtomicU64::new(0),
            apns: ApnTable::default(),
            clock: clock::Clock::default(),
            budget,
            counters: CacheCounters { budget: budget.unsigned_abs(), ..CacheCounters::default() },
        }
    }

    /// The entry, if cached (counted as a hit, and marked used), with its APN profiles
    /// current: an entry an APN profile change left behind is refreshed from memory first.
    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<Arc<CachedSubscriber>> {
        let entry = self.map.get(&key).map(|e| {
            let e = e.value();
            e.touch();
            Arc::clone(e)
        })?;
        let entry = if entry.profiles_current() { entry } else { self.refresh(key, entry)? };
        self.counters.hits.add(1);
        Some(entry)
    }

    /// Replaces `old`, the entry of `key`, with one holding the current APN profiles (no
    /// backend read; the SQN state is shared), unless the key holds another entry by now:
    /// then that one if it is current, else the refreshed one for this use only. `None`, and
    /// `old` dropped, when the profile table lost a profile it uses: the caller fills anew.
    #[cold]
    fn refresh(&self, key: u64, old: Arc<CachedSubscriber>) -> Option<Arc<CachedSubscriber>> {
        let Some(new) = old.with_current_profiles(&self.apns) else {
            if let Some((_, gone)) = self.map.remove_if(&key, |_, e| Arc::ptr_eq(e, &old)) {
                self.counters.entry_bytes(gone.bytes, -1);
            }
            return None;
        };
        let new = Arc::new(new);
        let Some(mut slot) = self.map.get_mut(&key) else { return Some(new) };
        if Arc::ptr_eq(slot.value(), &old) {
            // Same bytes: the same parts, with other references.
            *slot = Arc::clone(&new);
            return Some(new);
        }
        let other = Arc::clone(slot.value());
        drop(slot);
        Some(if other.profiles_current() { other } else { new })
    }

    /// Shares `entry`'s own APN profiles through the table (a fill's, read after `ticket`)
    /// and counts its bytes without them. False if a profile has no slot and none may be made
    /// from what this fill read (a clear or a deletion came since `ticket`): the entry is then
    /// not cached.
    fn share_profiles(&self, entry: &mut CachedSubscriber, ticket: Option<Ticket>) -> bool {
        for held in entry.apns.iter_mut().filter(|h| !h.is_shared()) {
            let may_make = || ticket.is_none_or(|t| self.global.load(Ordering::SeqCst) == t.global);
            match self.apns.intern(&held.profile, &self.counters, may_make) {
                Some(shared) => *held = shared,
                None => return false,
            }
        }
        let auth = entry.auth.is_some();
        entry.bytes = estimate_bytes(&entry.subscriber, entry.stored.as_deref(), &entry.apns, auth);
        true
    }

    /// `f` of the entry, if cached, without cloning the `Arc` (no reference-count traffic on
    /// the entry: for checks made on every request).
    pub(crate) fn peek<R>(&self, key: u64, f: impl FnOnce(&CachedSubscriber) -> R) -> Option<R> {
        self.map.get(&key).map(|e| f(e.value()))
    }

    /// Take before loading `key` from the backend.
    pub(crate) fn ticket(&self, key: u64) -> Ticket {
        Ticket { key: self.versions.get(key), global: self.global.load(Ordering::SeqCst) }
    }

    /// Inserts a freshly loaded entry unless a write invalidated `key` since `ticket` was
    /// taken, and returns the entry the caller should use: one already cached by a concurrent
    /// fill wins, so each cached IMSI has one SQN state. Then evicts while over the budget
    /// (possibly this entry, when it alone exceeds it: the caller uses it once).
    ///
    /// The entry's APN profiles are shared through the profile table first: `entry` is
    /// expected to be the only reference (freshly made); one that is not is used once.
    pub(crate) fn fill(
        &self,
        key: u64,
        ticket: Ticket,
        mut entry: Arc<CachedSubscriber>,
    ) -> Arc<CachedSubscriber> {
        let shared = match Arc::get_mut(&mut entry) {
            Some(own) => self.share_profiles(own, Some(ticket)),
            None => entry.profiles_shared(),
        };
        let cached = match self.map.entry(key) {
            Entry::Occupied(cached) => {
                let cached = Arc::clone(cached.get());
                cached.touch();
                Some(cached)
            }
            Entry::Vacant(slot) => {
                if shared && self.ticket(key) == ticket {
                    // Under the map shard's lock, like the removal that takes it off.
                    self.counters.entry_bytes(entry.bytes, 1);
                    slot.insert(Arc::clone(&entry));
                    None
                } else {
                    return entry;
                }
            }
        };
        // The shard's lock is released: the ring's may be taken, and the entry refreshed.
        match cached {
            Some(cached) if cached.profiles_current() => cached,
            // Lost a profile: this fill's entry, once.
            Some(cached) => self.refresh(key, cached).unwrap_or(entry),
            None => {
                self.admit(key);
                entry
            }
        }
    }

    /// Whether `key` was found absent from the backend (and not written since).
    pub(crate) fn is_absent(&self, key: u64) -> bool {
        self.absent.contains(key)
    }

    /// Remembers that the backend did not hold `key` when read after `ticket` was taken,
    /// unless a write invalidated it since (the same rule as [`Self::fill`]).
    pub(crate) fn fill_absent(&self, key: u64, ticket: Ticket) {
        if self.ticket(key) != ticket {
            return;
        }
        self.absent.insert(key);
        // A write that raced the insert (its invalidation may have run before it) wins.
        if self.ticket(key) != ticket {
            self.absent.remove(key);
        }
    }

    /// Drops `key`'s entry (or its absence) after a write to its data.
    pub(crate) fn invalidate(&self, key: u64) {
        self.versions.bump(key);
        if let Some((_, gone)) = self.map.remove(&key) {
            self.counters.entry_bytes(gone.bytes, -1);
        }
        self.absent.remove(key);
    }

    /// Replaces the shared APN profile `profile.id` with `profile`, after a write of it: one
    /// table entry, whatever the number of users. Every cached entry using it sees it on its
    /// next lookup, refreshed from memory (no backend read, no new SQN block), where
    /// [`Self::invalidate_apn`] would send every user of the profile to the slow lane at once.
    /// A fill that read the old profile takes the new one from the table.
    pub(crate) fn update_apn(&self, profile: &ApnProfile) {
        self.apns.update(profile, &self.counters);
        // The profile may be larger.
        self.evict();
    }

    /// Drops the shared APN profile `id` and every entry that uses it, after the profile was
    /// deleted.
    pub(crate) fn invalidate_apn(&self, id: ApnId) {
        self.global.fetch_add(1, Ordering::SeqCst);
        self.map.retain(|_, e| self.keep(!e.uses_apn(id), e));
        self.apns.remove(id, &self.counters);
    }

    /// Replaces, in place, every entry `rebuild` gives a new one for (an EPS profile changed:
    /// the entries are rebuilt from memory, not dropped, so no request goes cold and the SQN
    /// state carries over). Fills that started before are not cached (they may have read
    /// the old profile).
    ///
    /// `rebuild` returns `None` for an entry it does not concern, `Some(None)` to drop one it
    /// cannot rebuild (the next request fills it from the store), `Some(Some(new))` to replace
    /// it.
    pub(crate) fn rebuild(
        &self,
        mut rebuild: impl FnMut(&CachedSubscriber) -> Option<Option<CachedSubscriber>>,
    ) -> usize {
        self.global.fetch_add(1, Ordering::SeqCst);
        let mut rebuilt = 0;
        self.map.retain(|_, entry| match rebuild(entry) {
            None => true,
            Some(None) => self.keep(false, entry),
            Some(Some(mut new)) => {
                // Profiles read under the provisioning lock, which their writes take: current.
                if !self.share_profiles(&mut new, None) {
                    return self.keep(false, entry);
                }
                self.counters.entry_bytes(entry.bytes, -1);
                self.counters.entry_bytes(new.bytes, 1);
                *entry = Arc::new(new);
                rebuilt += 1;
                true
            }
        });
        // Rebuilt entries may be larger.
        self.evict();
        rebuilt
    }

    /// Drops everything (explicit invalidation by the operator).
    pub(crate) fn clear(&self) {
        self.global.fetch_add(1, Ordering::SeqCst);
        self.map.retain(|_, e| self.keep(false, e));
        self.apns.clear(&self.counters);
        self.absent.clear();
    }

    /// `keep`, for a `retain` over the map: an entry not kept leaves the byte gauge.
    fn keep(&self, keep: bool, entry: &CachedSubscriber) -> bool {
        if !keep {
            self.counters.entry_bytes(entry.bytes, -1);
        }
        keep
    }

    /// Entries cached.
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    /// APN profiles shared by the entries (and kept current by profile changes).
    #[cfg(test)]
    pub(crate) fn apn_profiles_len(&self) -> usize {
        self.apns.len()
    }

    /// IMSIs remembered as absent.
    pub(crate) fn absent_len(&self) -> usize {
        self.absent.len()
    }
}
