//! [`Store`]: the subscriber store the handlers and the REST layer use, over any
//! [`Backend`], with the object cache in front of it.
//!
//! - `vectors.rs`: the hot path (authentication vectors), SQN reservation; `resync.rs`: the
//!   re-synchronisation from AUTS (TS 33.102 §6.3.5);
//!   `sqn_batch.rs`: the batched reservation for cold subscribers (one synced write for many).
//! - `serving.rs`: the serving nodes (the MME: ULR, PUR).
//! - `subscriber.rs`, `auth.rs`, `apn.rs`: provisioning; `import.rs`: bulk import.
//! - `key_wrap.rs`: the key-encryption key's check at open, and the re-wrap (KEK rotation).

mod apn;
mod auth;
mod credentials;
mod eir;
mod eir_history;
mod eps_profile;
mod find;
mod import;
mod ims;
mod key_wrap;
mod notify;
mod oplog;
mod resync;
mod roaming;
mod rollback;
mod serving;
mod sh;
pub(crate) mod sh_mapping;
mod sqn_batch;
mod subscriber;
mod token;
mod vectors;

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use zeroize::Zeroize;

pub use credentials::Credentials;
pub use eir::{EirVerdict, MAX_EIR_RULES};
pub use eir_history::{EirCheck, HISTORY_SLOTS, SeenEquipment, millis};
pub use eps_profile::MAX_EPS_PROFILES;
pub use find::{CursorPage, NodeRole, SCAN_BUDGET, Served, SubscriberFilter};
pub use import::ImportItem;
pub use ims::ImsRecord;
pub use key_wrap::RewrapReport;
pub use notify::{MAX_PDN_GWS, NotifyState, PdnGw};
pub use oplog::{OpContext, OplogRetention, with_operation};
pub use roaming::MAX_ROAMING_PROFILES;
pub use rollback::{OpFilter, OpPage};
pub use sh::{MAX_SUBSCRIPTIONS_PER_DATA, RepositoryChange};
pub use token::{MAX_API_TOKENS, NewToken};
pub use vectors::MAX_VECTORS_PER_REQUEST;

use crate::auc::SqnConfig;
use crate::backend::{Backend, Durability, Entries, WriteBatch};
use crate::cache::{Cache, CachedAuth, CachedSubscriber, Ticket};
use crate::error::{Corrupt, InvalidField, StoreError};
use crate::ims_cache::ImsCache;
use crate::kek::{Kek, Keyring};
use crate::keys::{self, Kind};
use crate::model::{ApnId, ApnProfile, Imsi, NodeKind, StoredAuth, Subscriber, SubscriberKey};
use crate::resync_guard::ResyncGuard;
use crate::rocks::{RocksConfig, RocksStore};
use crate::sqn_block::{MAX_SQN_BLOCK, SqnState};
use crate::sqn_mark::{self, Boot};
use crate::value;

/// Largest page a list returns.
pub const MAX_PAGE_SIZE: usize = 1000;

/// The default [`StoreConfig::cache_bytes`]: 4 GiB, about 3.7 million subscribers with one APN
/// and authentication data (about 1.1 KiB each as estimated), so that a typical subscriber base
/// stays wholly cached as before the cache had a budget, while a larger one no longer grows the
/// process without limit.
pub const DEFAULT_CACHE_BYTES: usize = 4 << 30;

/// Settings of the store above the backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreConfig {
    /// SQNs reserved per synced write (per subscriber). Larger blocks mean fewer synced writes
    /// and, after a crash, a larger forward jump, which the USIM accepts. 1..=65535; a
    /// request for more vectors than this reserves what it needs.
    pub sqn_block: u16,
    /// The SQN layout (IND length).
    pub sqn: SqnConfig,
    /// How much of the operation log is kept.
    pub oplog: OplogRetention,
    /// The key-encryption key Ki and OPc are stored under (AES-256-GCM; `None`: in
    /// plaintext, as before). The first open with a KEK records a check value of it in the
    /// database; from then on opening needs that key ([`crate::KekError`]). Values stored
    /// in plaintext before are still read, and encrypted by [`Store::rewrap_keys`].
    pub kek: Option<Kek>,
    /// During a KEK rotation: the key the database was under, to read what is not yet
    /// re-wrapped under [`Self::kek`] (which needs to be set with it). See
    /// [`Store::rewrap_keys`].
    pub previous_kek: Option<Kek>,
    /// The subscriber cache's byte budget: the approximate bytes of its entries
    /// ([`crate::StoreStats::cache_bytes`]) are kept at or below it by evicting entries not
    /// used lately (CLOCK), which are filled again from the backend on their next use. An
    /// entry is about 1.1 KiB with one APN and authentication data, more with more APNs.
    /// `usize::MAX`: unbounded; below one entry: nothing stays cached (every request reads
    /// the backend).
    pub cache_bytes: usize,
    /// SQNs each subscriber may take after a start without a synced write (its boot window,
    /// `sqn_mark.rs`): every start moves every subscriber's SQNs forward by this much, whether
    /// it is used or not, which the USIM accepts (TS 33.102 Annex C). 0: none (the first
    /// vectors after a start reserve a block with a synced write). At most 65535.
    pub sqn_boot_step: u16,
}

impl Default for StoreConfig {
    /// Blocks of 1000, boot windows of 1000, 5 IND bits, a cache of [`DEFAULT_CACHE_BYTES`].
    fn default() -> Self {
        Self {
            sqn_block: 1000,
            sqn: SqnConfig::default(),
            oplog: OplogRetention::default(),
            kek: None,
            previous_kek: None,
            cache_bytes: DEFAULT_CACHE_BYTES,
            sqn_boot_step: 1000,
        }
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items of the page, in key order.
    pub items: Vec<T>,
    /// How many items all pages hold together.
    pub total: u64,
}

/// The subscriber store: provisioning, the serving nodes, and authentication vectors, with the
/// decoded-object cache in front of a [`Backend`].
///
/// The backend is type-erased: a store over RocksDB and one over memory are the same type, so
/// neither the handlers nor the REST layer are generic over it. Its methods are called on cache
/// misses, SQN block reservations and writes, never on a warm request.
#[derive(Debug)]
pub struct Store {
    backend: Arc<dyn Backend>,
    cache: Cache,
    /// SQN reservations, writes and errors (`metrics.rs`); the backend counts into it too.
    counters: Arc<crate::metrics::StoreCounters>,
    /// IMS identities and subscriptions.
    ims_cache: ImsCache,
    /// The EIR's rules as ECRs are checked against them.
    eir: std::sync::RwLock<Arc<eir::EirIndex>>,
    /// The roaming profiles as roaming checks read them.
    roaming: roaming::RoamingIndex,
    /// The shared EPS profiles as cache fills apply them.
    eps: eps_profile::EpsIndex,
    /// The REST API's tokens.
    tokens: token::Tokens,
    /// The operation log's position; held while an operation is written.
    oplog: Mutex<oplog::OplogState>,
    /// The number of the last EIR check recorded.
    eir_seq: std::sync::atomic::AtomicU64,
    /// Writes the EIR history off the Diameter path.
    eir_writer: eir_history::HistoryWriter,
    /// The key-encryption keys (taken out of `config`, which keeps none).
    keyring: Keyring,
    /// This start, as SQN marks are read and written in it (`sqn_mark.rs`).
    boot: Boot,
    config: StoreConfig,
    /// Serialises provisioning writes, so that existence and uniqueness checks, index
    /// maintenance and counters see a stable store. Never taken on the Diameter path.
    provisioning: Mutex<()>,
}

impl Store {
    /// Opens (or creates) a RocksDB store at `path` (its directory private to this user, see
    /// [`RocksStore::open`]).
    ///
    /// Errors: a backend error; [`StoreError::Kek`] when `config.kek` does not fit the
    /// database (a wrong key, none for a database that has one, an unfinished re-wrap).
    pub fn open(
        path: impl AsRef<Path>,
        rocks: &RocksConfig,
        config: StoreConfig,
    ) -> Result<Self, StoreError> {
        Self::try_new(RocksStore::open(path, rocks)?, config)
    }

    /// A store over `backend`, with an empty cache, once the key-encryption key is checked
    /// as [`Self::open`] does.
    pub fn try_new(
        backend: impl Backend + 'static,
        mut config: StoreConfig,
    ) -> Result<Self, StoreError> {
        let (kek, previous) = (config.kek.take(), config.previous_kek.take());
        let keyring = key_wrap::open_keyring(&backend, kek, previous)?;
        Ok(Self::build(backend, config, keyring))
    }

    /// A store over `backend`, with an empty cache. The key-encryption key is checked as
    /// [`Self::open`] does; if it does not fit, the error is logged and every use of key
    /// material fails with it ([`Self::try_new`] returns it instead).
    pub fn new(backend: impl Backend + 'static, mut config: StoreConfig) -> Self {
        let (kek, previous) = (config.kek.take(), config.previous_kek.take());
        let keyring = key_wrap::open_keyring(&backend, kek, previous).unwrap_or_else(|e| {
            tracing::error!(error = %e, "key material refused");
            match e {
                StoreError::Kek(e) => Keyring::refused(e),
                _ => Keyring::refused(crate::error::KekError::Unchecked),
            }
        });
        Self::build(backend, config, keyring)
    }

    fn build(backend: impl Backend + 'static, config: StoreConfig, keyring: Keyring) -> Self {
        let sqn_block = config.sqn_block.clamp(1, MAX_SQN_BLOCK);
        let counters = Arc::new(crate::metrics::StoreCounters::default());
        let boot = record_boot(&backend, config.sqn_boot_step);
        let store = Self {
            backend: Arc::new(crate::metrics::Counted::new(backend, counters.clone())),
            cache: Cache::with_budget(config.cache_bytes),
            counters,
            ims_cache: ImsCache::default(),
            eir: eir::empty(),
            roaming: roaming::empty(),
            eps: eps_profile::empty(),
            tokens: token::empty(),
            oplog: Mutex::default(),
            eir_seq: std::sync::atomic::AtomicU64::new(0),
            eir_writer: eir_history::HistoryWriter::default(),
            keyring,
            boot,
            config: StoreConfig { sqn_block, ..config },
            provisioning: Mutex::new(()),
        };
        // The EIR's rules are checked from memory: read them once now.
        if let Err(e) = store.reload_eir() {
            tracing::error!(error = %e, "EIR rules not loaded; ECRs get the default");
        }
        if let Err(e) = store.reload_eps() {
            tracing::error!(error = %e, "EPS profiles not loaded; subscribers naming one get their own values");
        }
        if let Err(e) = store.reload_tokens() {
            tracing::error!(error = %e, "REST API tokens not loaded; only the configured token is accepted");
        }
        if let Err(e) = store.reload_roaming() {
            tracing::error!(error = %e, "roaming profiles not loaded; subscribers naming one may not roam");
        }
        match store.last_eir_seq() {
            Ok(seq) => store.eir_seq.store(seq, std::sync::atomic::Ordering::Relaxed),
            Err(e) => tracing::error!(error = %e, "EIR history not read; it is numbered from 0"),
        }
        store.eir_writer.start(store.backend.clone());
        store
    }

    /// The backend, for tools and tests that need raw access. Raw values are the stored
    /// encodings, key material included (`Kind::Auth`, wrapped when the store has a KEK):
    /// handlers and the REST layer use the methods of `Store` instead, which never return
    /// keys.
    pub fn backend(&self) -> &dyn Backend {
        &*self.backend
    }

    /// The subscriber as the handlers use it, from the cache or loaded into it.
    ///
    /// Errors: [`StoreError::UnknownSubscriber`], or a backend/corruption error.
    pub fn subscriber_entry(
        &self,
        subscriber: SubscriberKey,
    ) -> Result<Arc<CachedSubscriber>, StoreError> {
        let key = subscriber.get();
        if let Some(entry) = self.cache.get(key) {
            return Ok(entry);
        }
        if self.cache.is_absent(key) {
            self.cache.counters.absent_hits.add(1);
            return Err(StoreError::UnknownSubscriber);
        }
        self.cache.counters.misses.add(1);
        let ticket = self.cache.ticket(key);
        match self.load(subscriber) {
            Ok(entry) => Ok(self.cache.fill(key, ticket, Arc::new(entry))),
            Err(StoreError::UnknownSubscriber) => {
                self.cache.fill_absent(key, ticket);
                Err(StoreError::UnknownSubscriber)
            }
            Err(e) => Err(e),
        }
    }

    /// Whether `subscriber` is known to be unprovisioned: it was looked up, the backend did
    /// not have it, and nothing wrote it since. A cache lookup only (no I/O); false when it
    /// was never looked up.
    pub fn known_absent(&self, subscriber: SubscriberKey) -> bool {
        self.cache.is_absent(subscriber.get())
    }

    /// Drops `subscriber` from the cache (for data changed outside this process).
    pub fn invalidate(&self, subscriber: SubscriberKey) {
        self.cache.invalidate(subscriber.get());
        self.ims_cache.invalidate(subscriber, []);
    }

    /// Drops every cache entry.
    pub fn invalidate_all(&self) {
        self.cache.clear();
        self.ims_cache.clear();
    }

    /// Subscribers currently cached.
    pub fn cached_count(&self) -> usize {
        self.cache.len()
    }

    /// IMS subscriptions currently cached.
    pub fn ims_cached_count(&self) -> usize {
        self.ims_cache.len()
    }

    /// Whether writes fail now, since when and why (readiness; see `metrics.rs`): marked by
    /// a backend write that failed, cleared by one as durable that succeeds or by the backend
    /// resuming writes ([`Backend::resumes`]). A few atomic loads while writes work.
    pub fn write_health(&self) -> crate::WriteHealth {
        self.counters.write_state.resumed(self.backend.resumes());
        self.counters.write_state.health()
    }

    /// The store's counters and gauges now (for `GET /metrics`; see `metrics.rs`).
    pub fn stats(&self) -> crate::StoreStats {
        self.counters.write_state.resumed(self.backend.resumes());
        crate::StoreStats {
            cache_entries: self.cache.len() as u64,
            cache_absent_entries: self.cache.absent_len() as u64,
            ims_cache_entries: self.ims_cache.len() as u64,
            ..crate::StoreStats::collect(&self.cache.counters, &self.counters)
        }
    }

    /// Whether `subscriber` has a cache entry, and whether its IMS subscription has one: no
    /// I/O.
    pub fn is_cached(&self, subscriber: SubscriberKey) -> (bool, bool) {
        let eps = self.cache.peek(subscriber.get(), |_| ()).is_some();
        (eps, self.ims_cache.entry(subscriber).is_some())
    }

    /// What the network last did for the subscriber, while its cache entry lives; `None`
    /// when it is not cached (never asked for since the last start or write). Does not fill
    /// the cache.
    pub fn last_seen(&self, subscriber: SubscriberKey) -> Option<crate::activity::LastSeen> {
        self.cache.peek(subscriber.get(), |e| e.last_seen())
    }

    /// Notes a network request for a cached subscriber (a handler that has no entry at hand:
    /// Cx and SWx MAR); nothing when it is not cached.
    pub fn note_activity(
        &self,
        subscriber: SubscriberKey,
        what: crate::activity::Activity,
        at: std::time::SystemTime,
    ) {
        self.cache.peek(subscriber.get(), |e| e.note(what, at, None));
    }

    /// Reads and decodes everything a cache entry holds.
    fn load(&self, subscriber: SubscriberKey) -> Result<CachedSubscriber, StoreError> {
        // Every subscriber has an IMSI until IMS-only subscriptions exist.
        let imsi = subscriber.imsi().ok_or(StoreError::UnknownSubscriber)?;
        let profile = self.read_subscriber(imsi)?.ok_or(StoreError::UnknownSubscriber)?;
        let key = keys::subscriber_key(subscriber.get());
        let mut auth = self.backend.get(Kind::Auth, &key)?;
        let (served, stored) = self.served(profile);
        let entry = self.assemble(served, stored, &key, auth.as_deref(), |id| self.read_apn(id));
        auth.zeroize();
        entry
    }

    /// The subscription as served, and as stored when that differs (an EPS profile applied).
    fn served(&self, stored: Subscriber) -> (Subscriber, Option<Subscriber>) {
        match self.effective(&stored) {
            Some(served) => (served, Some(stored)),
            None => (stored, None),
        }
    }

    /// Fills the cache entries of the subscribers of `subscribers` that are not cached,
    /// reading each column family once for all of them (a multi-get of the profiles, one of
    /// their keys, one of the APN profiles they use): the cold path's batched fill, also
    /// usable to warm the cache. A subscriber that cannot be filled (unknown, corrupt, a read
    /// error) is skipped; [`Self::subscriber_entry`] meets and reports the same problem.
    /// Entries are filled with tickets taken before the reads, so a concurrent write is never
    /// undone.
    pub fn fill_many(&self, subscribers: &[SubscriberKey]) {
        let mut missing: Vec<(Imsi, Ticket)> = subscribers
            .iter()
            .filter(|s| {
                self.cache.peek(s.get(), |_| ()).is_none() && !self.cache.is_absent(s.get())
            })
            .filter_map(|s| Some((s.imsi()?, self.cache.ticket(s.get()))))
            .collect();
        missing.sort_unstable_by_key(|(imsi, _)| *imsi);
        missing.dedup_by_key(|(imsi, _)| *imsi);
        if missing.is_empty() {
            return;
        }
        self.cache.counters.misses.add(missing.len() as u64);
        let keys: Vec<[u8; 8]> =
            missing.iter().map(|(imsi, _)| keys::subscriber_key(imsi.packed())).collect();
        let key_refs: Vec<&[u8]> = keys.iter().map(|k| k.as_slice()).collect();
        let (Ok(profiles), Ok(mut auths)) = (
            self.backend.multi_get(Kind::Subscriber, &key_refs),
            self.backend.multi_get(Kind::Auth, &key_refs),
        ) else {
            return;
        };
        let profiles: Vec<Option<Subscriber>> = missing
            .iter()
            .zip(profiles)
            .map(|((imsi, ticket), raw)| match raw {
                None => {
                    self.cache.fill_absent(imsi.packed(), *ticket);
                    None
                }
                Some(raw) => Subscriber::decode(*imsi, &raw).ok(),
            })
            .collect();
        // As served: with their EPS profiles applied (the stored form kept alongside).
        let profiles: Vec<Option<(Subscriber, Option<Subscriber>)>> =
            profiles.into_iter().map(|p| p.map(|s| self.served(s))).collect();
        // The APN profiles the batch uses, each read once.
        let mut apn_ids: Vec<ApnId> = (profiles.iter().flatten())
            .flat_map(|(s, _)| s.apns.iter().map(|a| a.profile))
            .collect();
        apn_ids.sort_unstable();
        apn_ids.dedup();
        let apn_keys: Vec<[u8; 4]> = apn_ids.iter().map(|id| keys::apn_key(id.get())).collect();
        let apn_refs: Vec<&[u8]> = apn_keys.iter().map(|k| k.as_slice()).collect();
        let Ok(apn_raw) = self.backend.multi_get(Kind::ApnProfile, &apn_refs) else {
            return;
        };
        let apn = |id: ApnId| -> Result<Option<ApnProfile>, StoreError> {
            let Ok(i) = apn_ids.binary_search(&id) else { return Ok(None) };
            apn_raw[i].as_deref().map(|v| ApnProfile::decode(id, v).map_err(corrupt)).transpose()
        };
        let assembled = missing.iter().zip(profiles).zip(&keys).zip(&auths);
        for ((((imsi, ticket), profile), key), auth) in assembled {
            let Some((served, stored)) = profile else { continue };
            if let Ok(entry) = self.assemble(served, stored, key, auth.as_deref(), apn) {
                self.cache.fill(imsi.packed(), *ticket, Arc::new(entry));
            }
        }
        auths.zeroize();
    }

    /// A cache entry serving `subscriber` (stored as `stored` when that differs) and its
    /// stored authentication value under subscriber key `key`, with its APN profiles from
    /// `apn`.
    fn assemble(
        &self,
        subscriber: Subscriber,
        stored: Option<Subscriber>,
        key: &[u8],
        auth: Option<&[u8]>,
        apn: impl Fn(ApnId) -> Result<Option<ApnProfile>, StoreError>,
    ) -> Result<CachedSubscriber, StoreError> {
        let apn_profiles = subscriber
            .apns
            .iter()
            .map(|a| {
                apn(a.profile)?.ok_or(StoreError::Corrupt(Corrupt {
                    kind: Kind::ApnProfile,
                    reason: "a subscriber refers to a missing APN profile",
                }))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let auth = match auth {
            None => None,
            Some(v) => {
                let keys = StoredAuth::decode(v, key, &self.keyring).map_err(corrupt_auth)?;
                Some(Arc::new(CachedAuth {
                    milenage: keys.milenage(),
                    amf: keys.amf,
                    sqn: SqnState::new(self.config.sqn),
                    resync: ResyncGuard::default(),
                }))
            }
        };
        let stored = stored.map(Box::new);
        Ok(CachedSubscriber::with_auth(subscriber, stored, apn_profiles, auth))
    }

    fn read_subscriber(&self, imsi: Imsi) -> Result<Option<Subscriber>, StoreError> {
        let key = keys::subscriber_key(imsi.packed());
        self.backend
            .get(Kind::Subscriber, &key)?
            .map(|v| Subscriber::decode(imsi, &v).map_err(corrupt))
            .transpose()
    }

    fn read_apn(&self, id: ApnId) -> Result<Option<ApnProfile>, StoreError> {
        self.backend
            .get(Kind::ApnProfile, &keys::apn_key(id.get()))?
            .map(|v| ApnProfile::decode(id, &v).map_err(corrupt))
            .transpose()
    }

    fn exists(&self, kind: Kind, key: &[u8]) -> Result<bool, StoreError> {
        Ok(self.backend.get(kind, key)?.is_some())
    }

    fn lock_provisioning(&self) -> MutexGuard<'_, ()> {
        self.provisioning.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The stored count of `kind`'s entities.
    fn count(&self, kind: Kind) -> Result<u64, StoreError> {
        self.meta_u64(keys::count_key(kind))
    }

    /// Writes and reads back a probe value (readiness: the store takes writes). Buffered
    /// while writes work: the probe proves the write path, not the disk's fsync; synced while
    /// synced writes fail ([`Self::write_health`]), so that its success shows they work again.
    pub fn probe_write(&self) -> Result<(), StoreError> {
        const PROBE: &[u8] = b"probe/ready";
        let now = millis(std::time::SystemTime::now());
        let mut batch = WriteBatch::new();
        batch.put(Kind::Meta, PROBE, value::encode_u64(now));
        let durability = match self.write_health().failing {
            Some(f) if f.synced => crate::backend::Durability::Synced,
            _ => crate::backend::Durability::Buffered,
        };
        self.backend.write(&batch, durability)?;
        match self.meta_u64(PROBE)? {
            read if read == now => Ok(()),
            _ => Err(StoreError::Corrupt(Corrupt {
                kind: Kind::Meta,
                reason: "probe not read back",
            })),
        }
    }

    /// The number kept under `meta` key `name` (0 when absent).
    fn meta_u64(&self, name: &[u8]) -> Result<u64, StoreError> {
        match self.backend.get(Kind::Meta, name)? {
            None => Ok(0),
            Some(v) => Ok(value::decode_u64(Kind::Meta, &v)?),
        }
    }

    /// The id a create of `kind` (keyed by a u32 id) uses: `given`, or when it is 0 the next
    /// one after the `meta` counter `counter`, past any id a create that named its own took;
    /// ids are never reused. The counter's write joins `batch`.
    fn next_id(
        &self,
        kind: Kind,
        counter: &[u8],
        given: u32,
        batch: &mut WriteBatch,
    ) -> Result<u32, StoreError> {
        if given != 0 {
            return Ok(given);
        }
        let mut next = self.meta_u64(counter)?.saturating_add(1);
        while self.exists(kind, &keys::apn_key(u32::try_from(next).unwrap_or(0)))? {
            next += 1;
        }
        let next = u32::try_from(next).map_err(|_| StoreError::invalid("id", "no id left"))?;
        batch.put(Kind::Meta, counter, value::encode_u64(next.into()));
        Ok(next)
    }

    /// Adds a change of `kind`'s count to `batch` (under the provisioning lock).
    fn add_count(&self, batch: &mut WriteBatch, kind: Kind, delta: i64) -> Result<(), StoreError> {
        let count = self.count(kind)?.saturating_add_signed(delta);
        batch.put(Kind::Meta, keys::count_key(kind), value::encode_u64(count));
        Ok(())
    }

    /// One page of `kind`, decoded by `decode(key, value)`.
    fn page<T>(
        &self,
        kind: Kind,
        page: usize,
        page_size: usize,
        mut decode: impl FnMut(&[u8], &[u8]) -> Result<T, StoreError>,
    ) -> Result<Page<T>, StoreError> {
        if page_size == 0 || page_size > MAX_PAGE_SIZE {
            return Err(InvalidField::new("page_size", "must be 1..=1000").into());
        }
        let mut entries = Entries::new();
        let skip = page.saturating_mul(page_size);
        self.backend.scan(kind, &[], skip, page_size, &mut entries)?;
        let items = entries.iter().map(|(k, v)| decode(k, v)).collect::<Result<_, _>>()?;
        Ok(Page { items, total: self.count(kind)? })
    }
}

/// Adds to `batch` the deletion of every serving-node record of subscriber `key`.
fn delete_serving_nodes(batch: &mut WriteBatch, key: u64) {
    for kind in NodeKind::ALL {
        batch.delete(Kind::ServingNode, &keys::serving_node_key(key, kind.code()));
    }
    // What the serving MME reported goes with it.
    batch.delete(Kind::NotifyState, &keys::subscriber_key(key));
}

/// Logs a corrupt value (without its key: keys are subscriber identities) and passes it on.
/// Records this start (one synced write; `sqn_mark.rs`). A boot record that cannot be
/// written leaves this start without boot windows; one that cannot be read leaves every SQN
/// reservation failing, as no SQN can then be proved fresh.
fn record_boot(backend: &dyn Backend, step: u16) -> Boot {
    let previous = match backend.get(Kind::Meta, sqn_mark::BOOT_KEY) {
        Ok(previous) => previous,
        Err(e) => {
            tracing::error!(error = %e, "SQN boot record not read; vectors refused until a restart reads it");
            return Boot::default();
        }
    };
    let boot = match Boot::after(previous.as_deref(), u64::from(step)) {
        Ok(boot) => boot,
        Err(c) => {
            tracing::error!(reason = c.reason, "SQN boot record corrupt; vectors refused");
            return Boot::default();
        }
    };
    let mut batch = WriteBatch::new();
    batch.put(Kind::Meta, sqn_mark::BOOT_KEY, boot.encode());
    match backend.write(&batch, Durability::Synced) {
        Ok(()) => boot,
        Err(e) => {
            tracing::error!(error = %e, "SQN boot record not written; this start has no boot windows");
            boot.without_window()
        }
    }
}

fn corrupt(c: Corrupt) -> StoreError {
    tracing::warn!(kind = ?c.kind, reason = c.reason, "corrupt stored value");
    StoreError::Corrupt(c)
}

/// [`corrupt`] for what decoding authentication data fails with (a KEK error is passed on).
fn corrupt_auth(e: StoreError) -> StoreError {
    match e {
        StoreError::Corrupt(c) => corrupt(c),
        StoreError::Kek(e) => {
            tracing::warn!(error = %e, "key material not unwrapped");
            StoreError::Kek(e)
        }
        e => e,
    }
}

/// An IMSI from a per-subscriber key read back from a scan.
fn imsi_from_key(kind: Kind, key: &[u8]) -> Result<Imsi, StoreError> {
    keys::u64_from_key(key)
        .and_then(Imsi::from_packed)
        .ok_or(StoreError::Corrupt(Corrupt { kind, reason: "bad IMSI key" }))
}
