//! The decoded-object cache: subscriber key → `Arc<CachedSubscriber>`, the ready-to-use form of
//! everything an AIR or ULR needs (profile, resolved APN profiles, prepared MILENAGE, AMF, the
//! in-memory SQN state, and pieces the data plane encodes once, [`Encoded`]).
//!
//! Hot path: a hit is one sharded read lock of the map and an `Arc` clone; no allocation, no
//! I/O.
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
//! [`Ticket`] taken before the load: invalidation bumps a generation (per stripe of keys, or
//! global for APN profile changes) *before* removing the entry, and the fill inserts only if
//! no generation it depends on moved, checking under the map shard's write lock, which the
//! removal also takes. Either the removal sees the inserted entry, or the fill sees the bump.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use dashmap::DashMap;
use dashmap::mapref::entry::Entry;

use crate::absent::AbsentSet;
use crate::auc::Milenage;
use crate::metrics::CacheCounters;
use crate::model::{ApnId, ApnProfile, Subscriber};
use crate::resync_guard::{RING_BYTES, ResyncGuard};
use crate::sqn_block::SqnState;

const STRIPES: usize = 64;

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
    apn_profiles: Vec<ApnProfile>,
    /// Shared with the entry that replaces this one when its EPS profile changes, so the SQN
    /// state carries over.
    auth: Option<Arc<CachedAuth>>,
    /// What the data plane encodes from this entry, one slot per [`Encoded`] kind, made on
    /// first use and dropped with the entry: any change to the subscriber or to data it uses
    /// replaces the entry.
    encoded: [OnceLock<Box<[u8]>>; Encoded::COUNT],
    /// The host of the 3GPP AAA server registered for the subscriber, once read (SWx MAR asks
    /// on every request); forgotten by every write of that registration.
    aaa: Mutex<AaaSlot>,
    /// Approximate heap bytes of the entry, for the cache's byte gauge: computed once, so
    /// that what is added when it is cached is what is taken off when it leaves.
    bytes: u32,
    /// What the network last did for the subscriber (in memory, with the entry).
    activity: crate::activity::ActivityRecord,
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
    /// applied), with the AuC part `auth` (possibly another entry's).
    pub(crate) fn with_auth(
        subscriber: Subscriber,
        stored: Option<Box<Subscriber>>,
        apn_profiles: Vec<ApnProfile>,
        auth: Option<Arc<CachedAuth>>,
    ) -> Self {
        let bytes = estimate_bytes(&subscriber, stored.as_deref(), &apn_profiles, auth.is_some());
        Self {
            subscriber,
            stored,
            apn_profiles,
            auth,
            encoded: Default::default(),
            aaa: Mutex::default(),
            bytes,
            activity: Default::default(),
        }
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

    /// The APN profiles, in the order of [`Subscriber::apns`].
    pub fn apn_profiles(&self) -> &[ApnProfile] {
        &self.apn_profiles
    }

    /// The profile of the default APN.
    pub fn default_apn_profile(&self) -> Option<&ApnProfile> {
        self.apn_profiles.iter().find(|p| p.id == self.subscriber.default_apn)
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
}

/// Approximate heap bytes of an entry holding these parts, with its slot in the map: the
/// structures and their vectors and strings, not allocator overhead.
fn estimate_bytes(
    subscriber: &Subscriber,
    stored: Option<&Subscriber>,
    apn_profiles: &[ApnProfile],
    auth: bool,
) -> u32 {
    use std::mem::size_of;
    let strings = |s: &Subscriber| {
        let o = &s.options;
        s.apns.capacity() * size_of::<crate::model::ApnAssignment>()
            + o.apn_oi_replacement.as_ref().map_or(0, String::capacity)
            + o.charging_characteristics.as_ref().map_or(0, String::capacity)
    };
    let apns: usize = apn_profiles
        .iter()
        .map(|p| {
            size_of::<ApnProfile>()
                + p.apn.capacity()
                + p.options.charging_characteristics.as_ref().map_or(0, String::capacity)
        })
        .sum();
    let bytes = size_of::<CachedSubscriber>()
        + size_of::<(u64, Arc<CachedSubscriber>)>()
        + strings(subscriber)
        + stored.map_or(0, |s| size_of::<Subscriber>() + strings(s))
        + apns
        + if auth { size_of::<CachedAuth>() + RING_BYTES } else { 0 };
    u32::try_from(bytes).unwrap_or(u32::MAX)
}

/// The generations a fill depends on, read before loading from the backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ticket {
    stripe: u64,
    global: u64,
}

/// The object cache.
pub(crate) struct Cache {
    map: DashMap<u64, Arc<CachedSubscriber>>,
    /// Subscriber keys the backend did not hold when last read.
    absent: AbsentSet,
    stripes: Box<[AtomicU64; STRIPES]>,
    global: AtomicU64,
    /// Hits, misses and bytes.
    pub(crate) counters: CacheCounters,
}

impl Default for Cache {
    fn default() -> Self {
        Self {
            map: DashMap::new(),
            absent: AbsentSet::default(),
            stripes: Box::new(std::array::from_fn(|_| AtomicU64::new(0))),
            global: AtomicU64::new(0),
            counters: CacheCounters::default(),
        }
    }
}

/// Only the size: entries are subscriber data.
impl core::fmt::Debug for Cache {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Cache").field("entries", &self.map.len()).finish_non_exhaustive()
    }
}

impl Cache {
    fn stripe(&self, key: u64) -> &AtomicU64 {
        // The modulus is < 64, so the cast is exact.
        &self.stripes[(key % STRIPES as u64) as usize]
    }

    /// The entry, if cached (counted as a hit).
    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<Arc<CachedSubscriber>> {
        let entry = self.map.get(&key).map(|e| Arc::clone(e.value()));
        if entry.is_some() {
            self.counters.hits.add(1);
        }
        entry
    }

    /// `f` of the entry, if cached, without cloning the `Arc` (no reference-count traffic on
    /// the entry: for checks made on every request).
    pub(crate) fn peek<R>(&self, key: u64, f: impl FnOnce(&CachedSubscriber) -> R) -> Option<R> {
        self.map.get(&key).map(|e| f(e.value()))
    }

    /// Take before loading `key` from the backend.
    pub(crate) fn ticket(&self, key: u64) -> Ticket {
        Ticket {
            stripe: self.stripe(key).load(Ordering::SeqCst),
            global: self.global.load(Ordering::SeqCst),
        }
    }

    /// Inserts a freshly loaded entry unless a write invalidated `key` since `ticket` was
    /// taken, and returns the entry the caller should use: one already cached by a concurrent
    /// fill wins, so each IMSI has one SQN state.
    pub(crate) fn fill(
        &self,
        key: u64,
        ticket: Ticket,
        entry: Arc<CachedSubscriber>,
    ) -> Arc<CachedSubscriber> {
        match self.map.entry(key) {
            Entry::Occupied(cached) => Arc::clone(cached.get()),
            Entry::Vacant(slot) => {
                if self.ticket(key) == ticket {
                    // Under the map shard's lock, like the removal that takes it off.
                    self.counters.entry_bytes(entry.bytes, 1);
                    slot.insert(Arc::clone(&entry));
                }
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
        self.stripe(key).fetch_add(1, Ordering::SeqCst);
        if let Some((_, gone)) = self.map.remove(&key) {
            self.counters.entry_bytes(gone.bytes, -1);
        }
        self.absent.remove(key);
    }

    /// Drops every entry that uses APN profile `id`, after a write to that profile.
    pub(crate) fn invalidate_apn(&self, id: ApnId) {
        self.global.fetch_add(1, Ordering::SeqCst);
        self.map.retain(|_, e| self.keep(!e.uses_apn(id), e));
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
            Some(Some(new)) => {
                self.counters.entry_bytes(entry.bytes, -1);
                self.counters.entry_bytes(new.bytes, 1);
                *entry = Arc::new(new);
                rebuilt += 1;
                true
            }
        });
        rebuilt
    }

    /// Drops everything (explicit invalidation by the operator).
    pub(crate) fn clear(&self) {
        self.global.fetch_add(1, Ordering::SeqCst);
        self.map.retain(|_, e| self.keep(false, e));
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

    /// IMSIs remembered as absent.
    pub(crate) fn absent_len(&self) -> usize {
        self.absent.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Ambr, ApnAssignment, Imsi, NetworkAccessMode, SubscriberStatus};

    fn entry(apn: u32) -> Arc<CachedSubscriber> {
        let id = ApnId::new(apn).expect("non-zero");
        let subscriber = Subscriber {
            imsi: Imsi::parse("001010000000001").expect("valid"),
            msisdn: None,
            status: SubscriberStatus::ServiceGranted,
            network_access_mode: NetworkAccessMode::OnlyPacket,
            ue_ambr: Ambr { uplink: 1, downlink: 1 },
            apns: vec![ApnAssignment { profile: id, static_ipv4: None, static_ipv6: None }],
            default_apn: id,
            roaming_allowed: false,
            options: crate::model::SubscriptionOptions::default(),
        };
        Arc::new(CachedSubscriber::new(subscriber, Vec::new(), None))
    }

    #[test]
    fn a_fill_after_an_invalidation_is_not_cached() {
        let cache = Cache::default();
        let ticket = cache.ticket(7);
        cache.invalidate(7); // a write landed while the entry was loading
        let stale = entry(1);
        assert!(Arc::ptr_eq(&cache.fill(7, ticket, Arc::clone(&stale)), &stale));
        assert!(cache.get(7).is_none(), "the stale load is used once, not cached");

        let ticket = cache.ticket(7);
        cache.invalidate(7 + STRIPES as u64); // same stripe: a harmless miss later
        cache.fill(7, ticket, entry(1));
        assert!(cache.get(7).is_none());

        let ticket = cache.ticket(7);
        cache.invalidate(8); // another stripe
        cache.fill(7, ticket, entry(1));
        assert!(cache.get(7).is_some());
    }

    #[test]
    fn absence_is_remembered_until_a_write() {
        let cache = Cache::default();
        cache.fill_absent(5, cache.ticket(5));
        assert!(cache.is_absent(5) && !cache.is_absent(6));
        cache.invalidate(5); // the subscriber was created
        assert!(!cache.is_absent(5));

        let ticket = cache.ticket(5);
        cache.invalidate(5); // created while the read that missed it was running
        cache.fill_absent(5, ticket);
        assert!(!cache.is_absent(5), "a stale miss is not remembered");

        cache.fill_absent(9, cache.ticket(9));
        cache.clear();
        assert!(!cache.is_absent(9));
    }

    #[test]
    fn the_absent_set_is_bounded() {
        let cache = Cache::default();
        for imsi in 0..MAX_ABSENT as u64 + 10 {
            cache.fill_absent(imsi, cache.ticket(imsi));
        }
        assert!(cache.absent.len() <= MAX_ABSENT);
        assert!(cache.is_absent(MAX_ABSENT as u64 + 9), "the newest is kept");
        assert!(
            cache.is_absent(MAX_ABSENT as u64 / 2) || cache.absent_len() > MAX_ABSENT / 2,
            "not emptied wholesale"
        );
    }

    #[test]
    fn a_write_overtaking_a_read_keeps_the_aaa_slot_unfilled() {
        let e = entry(1);
        let generation = e.aaa_server().expect_err("nothing known yet");
        e.forget_aaa_server(); // a SAR wrote while the read was running
        e.fill_aaa_server(generation, Some("old.aaa".into()));
        assert!(e.aaa_server().is_err(), "the read's value is not kept");
        let generation = e.aaa_server().expect_err("still unknown");
        e.fill_aaa_server(generation, Some("aaa1".into()));
        assert_eq!(e.aaa_server().ok().flatten().as_deref(), Some("aaa1"));
        e.forget_aaa_server();
        assert!(e.aaa_server().is_err(), "forgotten after a write");
    }

    #[test]
    fn the_byte_gauge_follows_the_entries_in_and_out() {
        let cache = Cache::default();
        let bytes = || cache.counters.bytes.load(Ordering::Relaxed);
        let one = entry(1).bytes;
        assert!(one as usize > std::mem::size_of::<CachedSubscriber>());
        cache.fill(1, cache.ticket(1), entry(1));
        cache.fill(1, cache.ticket(1), entry(1)); // already cached: not counted again
        cache.fill(2, cache.ticket(2), entry(2));
        assert_eq!(bytes(), 2 * i64::from(one));
        cache.invalidate(1);
        assert_eq!(bytes(), i64::from(one));
        cache.invalidate_apn(ApnId::new(2).expect("non-zero"));
        assert_eq!(bytes(), 0);
        cache.fill(3, cache.ticket(3), entry(1));
        assert_eq!(
            cache.rebuild(|e| Some(Some(CachedSubscriber::new(
                e.subscriber().clone(),
                Vec::new(),
                None
            )))),
            1
        );
        assert_eq!(bytes(), i64::from(one));
        cache.clear();
        assert_eq!(bytes(), 0);
        assert!(cache.get(3).is_none());
        cache.fill(4, cache.ticket(4), entry(1));
        assert!(cache.get(4).is_some());
        assert_eq!(cache.counters.hits.get(), 1, "one lookup found its entry");
    }

    #[test]
    fn the_first_fill_wins() {
        let cache = Cache::default();
        let (first, second) = (entry(1), entry(1));
        let (t1, t2) = (cache.ticket(7), cache.ticket(7));
        cache.fill(7, t1, Arc::clone(&first));
        assert!(Arc::ptr_eq(&cache.fill(7, t2, second), &first), "one SQN state per IMSI");
    }

    #[test]
    fn apn_changes_drop_their_users_and_pending_fills() {
        let cache = Cache::default();
        cache.fill(1, cache.ticket(1), entry(1));
        cache.fill(2, cache.ticket(2), entry(2));
        let pending = cache.ticket(3);
        cache.invalidate_apn(ApnId::new(1).expect("non-zero"));
        assert!(cache.get(1).is_none());
        assert!(cache.get(2).is_some());
        cache.fill(3, pending, entry(2));
        assert!(cache.get(3).is_none(), "loaded before the change: may hold the old profile");
        cache.clear();
        assert_eq!(cache.len(), 0);
    }
}
