//! What the store counts, read as one [`StoreStats`] snapshot ([`crate::Store::stats`]): the
//! object cache (entries, approximate bytes, hits, misses, unknown subscribers answered from
//! memory), SQN blocks reserved and their synced writes, every write to the backend by
//! durability, and the backend's errors. The control plane renders them for `GET /metrics`.
//!
//! The write path's health ([`WriteHealth`]) is kept here too: a failed write marks writes as
//! failing (logged once, when they start failing), a write as durable that succeeds, or the
//! backend resuming ([`Backend::resumes`]), clears the mark (logged, with how long it lasted).
//!
//! Cost on the request path: a counter many threads add to on every request (cache hits, the
//! serving-node writes of ULR) is [`PerThread`]: each thread owns a slot on its own cache line
//! and adds with a plain load and store (no locked instruction, no line shared between two
//! shards); a read sums the slots. Rare events (a block reserved, an error) are plain atomics.
//! Nothing here locks or allocates on the request path.

use std::cell::Cell;
use std::sync::atomic::{AtomicI64, AtomicU8, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Instant, SystemTime};

use crate::backend::{Backend, Durability, Entries, Update, UpdateFn, UpdateManyFn, WriteBatch};
use crate::error::{BackendError, StoreError};
use crate::keys::Kind;

/// Slots a thread can own in every [`PerThread`] counter; threads beyond (more than this many
/// counting at once) share one more slot, with atomic adds.
const OWNED: usize = 64;

/// Slots never given out yet.
static NEXT_SLOT: AtomicUsize = AtomicUsize::new(0);
/// Slots given back by threads that ended.
static FREE_SLOTS: Mutex<Vec<usize>> = Mutex::new(Vec::new());

/// [`SLOT`] before the thread's first add.
const UNSET: usize = usize::MAX;

thread_local! {
    /// This thread's slot in every [`PerThread`] counter (a constant initialiser and no
    /// destructor: reading it is one thread-local load).
    static SLOT: Cell<usize> = const { Cell::new(UNSET) };
    /// Gives the slot back when the thread ends.
    static OWNER: SlotOwner = const { SlotOwner };
}

/// A thread's slot, given back when the thread ends, so that pools whose threads come and go
/// (the API's blocking pool) do not use slots up. A slot keeps its counts: its next owner adds
/// to them. The mutex orders the last store of one owner before the first load of the next.
struct SlotOwner;

impl Drop for SlotOwner {
    fn drop(&mut self) {
        // Anything this thread still counts (another destructor) goes to the shared slot.
        let slot = SLOT.with(|s| s.replace(OWNED));
        if slot < OWNED {
            FREE_SLOTS.lock().unwrap_or_else(PoisonError::into_inner).push(slot);
        }
    }
}

/// This thread's slot, taken on its first add.
#[inline]
fn slot() -> usize {
    let slot = SLOT.with(Cell::get);
    if slot != UNSET { slot } else { take_slot() }
}

#[cold]
fn take_slot() -> usize {
    // Registers the destructor that gives the slot back; a thread already ending (its
    // destructors running) counts in the shared slot.
    let slot = match OWNER.try_with(|_| ()) {
        Ok(()) => {
            let freed = FREE_SLOTS.lock().unwrap_or_else(PoisonError::into_inner).pop();
            freed.unwrap_or_else(|| NEXT_SLOT.fetch_add(1, Ordering::Relaxed)).min(OWNED)
        }
        Err(_) => OWNED,
    };
    SLOT.with(|s| s.set(slot));
    slot
}

/// One counter slot on its own cache line (two lines: adjacent-line prefetch pairs them).
#[derive(Debug, Default)]
#[repr(align(128))]
struct Slot(AtomicU64);

/// A counter written by many threads on the request path: each thread adds to the slot it
/// owns with a plain load and store; a read sums the slots.
#[derive(Debug)]
pub(crate) struct PerThread {
    /// [`OWNED`] owned slots, then the shared one.
    slots: Box<[Slot; OWNED + 1]>,
}

impl Default for PerThread {
    fn default() -> Self {
        Self { slots: Box::new(std::array::from_fn(|_| Slot::default())) }
    }
}

impl PerThread {
    /// Adds `n` in this thread's slot.
    #[inline]
    pub(crate) fn add(&self, n: u64) {
        let slot = slot();
        let c = &self.slots[slot].0;
        if slot < OWNED {
            c.store(c.load(Ordering::Relaxed).wrapping_add(n), Ordering::Relaxed);
        } else {
            c.fetch_add(n, Ordering::Relaxed);
        }
    }

    /// The sum of every slot.
    pub(crate) fn get(&self) -> u64 {
        self.slots.iter().fold(0u64, |sum, s| sum.wrapping_add(s.0.load(Ordering::Relaxed)))
    }
}

/// The object cache's counters (in [`crate::cache::Cache`]).
#[derive(Debug, Default)]
pub(crate) struct CacheCounters {
    /// Lookups that found the entry.
    pub(crate) hits: PerThread,
    /// Subscribers read from the backend to fill an entry (by a lookup, or the slow lane's
    /// batched fill).
    pub(crate) misses: PerThread,
    /// Lookups answered "unknown subscriber" from the set of IMSIs known to be absent.
    pub(crate) absent_hits: PerThread,
    /// Approximate heap bytes of the cached entries: each entry's estimate is added when it
    /// is inserted and taken off when it leaves, both under the map shard's lock.
    pub(crate) bytes: AtomicI64,
    /// Entries evicted to keep [`Self::bytes`] within the budget (fills only: the slow path).
    pub(crate) evictions: AtomicU64,
    /// The byte budget (fixed when the cache is made).
    pub(crate) budget: u64,
}

impl CacheCounters {
    /// Counts an entry of `bytes` inserted (`sign` 1) or removed (`sign` -1).
    pub(crate) fn entry_bytes(&self, bytes: u32, sign: i64) {
        self.bytes.fetch_add(sign * i64::from(bytes), Ordering::Relaxed);
    }
}

/// The store's counters outside the cache, shared with the backend wrapper ([`Counted`]).
#[derive(Debug, Default)]
pub(crate) struct StoreCounters {
    /// SQN blocks reserved (each made safe by a synced write before any of its SQNs is used).
    pub(crate) sqn_blocks: AtomicU64,
    /// Synced writes that reserved SQN blocks: one per block on a shard, one per slow-lane
    /// round for all of its blocks.
    pub(crate) sqn_writes: AtomicU64,
    /// Boot windows opened (`sqn_mark.rs`): SQNs handed out after a start without a synced
    /// write.
    pub(crate) sqn_windows: AtomicU64,
    synced_writes: PerThread,
    buffered_writes: PerThread,
    read_errors: AtomicU64,
    write_errors: AtomicU64,
    /// Whether writes fail now.
    pub(crate) write_state: WriteState,
}

impl StoreCounters {
    fn written(&self, durability: Durability) {
        match durability {
            Durability::Synced => self.synced_writes.add(1),
            Durability::Buffered | Durability::BufferedNoWait => self.buffered_writes.add(1),
        }
    }

    fn read<T>(&self, result: Result<T, BackendError>) -> Result<T, BackendError> {
        if result.is_err() {
            self.read_errors.fetch_add(1, Ordering::Relaxed);
        }
        result
    }

    /// Counts a write's outcome; `wrote` says whether a success changed anything (an
    /// `update` that kept its key wrote nothing, and proves nothing about the write path).
    fn write<T, E>(&self, durability: Durability, wrote: bool, result: Result<T, E>) -> Result<T, E>
    where
        E: BackendFailure,
    {
        match &result {
            Ok(_) => {
                self.written(durability);
                if wrote {
                    self.write_state.succeeded(durability);
                }
            }
            Err(e) if e.is_backend() => {
                self.write_errors.fetch_add(1, Ordering::Relaxed);
                self.write_state.failed(durability, e);
            }
            // The caller's decision (unknown subscriber, no authentication data ...): not a
            // store failure.
            Err(_) => {}
        }
        result
    }
}

/// Whether an error came from the backend itself.
trait BackendFailure: std::fmt::Display {
    fn is_backend(&self) -> bool;
    fn is_transient(&self) -> bool;
}

impl BackendFailure for BackendError {
    fn is_backend(&self) -> bool {
        true
    }

    fn is_transient(&self) -> bool {
        BackendError::is_transient(self)
    }
}

impl BackendFailure for StoreError {
    fn is_backend(&self) -> bool {
        matches!(self, StoreError::Backend(_))
    }

    fn is_transient(&self) -> bool {
        StoreError::is_transient(self)
    }
}

/// The store's write path now ([`crate::Store::write_health`]): what readiness reports.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WriteHealth {
    /// Why writes fail, while they do: set by a backend write that failed, cleared by one at
    /// least as durable that succeeded (a buffered write proves nothing about fsync) or by the
    /// backend resuming writes. `None` while they work.
    pub failing: Option<WriteFault>,
    /// Times writes failed and then worked again, since the start.
    pub recoveries: u64,
}

/// A failing write path ([`WriteHealth::failing`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteFault {
    /// When the first of the failures was seen.
    pub since: SystemTime,
    /// The last failure.
    pub error: String,
    /// Whether it is transient ([`StoreError::is_transient`]).
    pub transient: bool,
    /// Whether a synced write failed (else only buffered ones did).
    pub synced: bool,
}

/// The write path's state, kept by [`Counted`]: a plain load on a successful write while
/// writes work, a lock only on a failure or a recovery.
#[derive(Debug, Default)]
pub(crate) struct WriteState {
    /// [`WORKING`], [`BUFFERED_FAILING`] or [`SYNCED_FAILING`].
    level: AtomicU8,
    /// The fault while failing, and since when (monotonic, for the recovery log).
    fault: Mutex<Option<(WriteFault, Instant)>>,
    /// Times writes recovered.
    recoveries: AtomicU64,
    /// The backend's resume count last seen.
    resumes_seen: AtomicU64,
}

const WORKING: u8 = 0;
const BUFFERED_FAILING: u8 = 1;
const SYNCED_FAILING: u8 = 2;

/// The level a failure of `durability` marks, and that a success of it clears.
const fn level(durability: Durability) -> u8 {
    match durability {
        Durability::Buffered | Durability::BufferedNoWait => BUFFERED_FAILING,
        Durability::Synced => SYNCED_FAILING,
    }
}

impl WriteState {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(WriteFault, Instant)>> {
        self.fault.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A write of `durability` failed with `err`: logged when writes start failing.
    fn failed(&self, durability: Durability, err: &dyn BackendFailure) {
        let mut fault = self.lock();
        self.level.fetch_max(level(durability), Ordering::AcqRel);
        let (error, transient) = (err.to_string(), err.is_transient());
        let synced = durability == Durability::Synced;
        match &mut *fault {
            Some((f, _)) => {
                f.error = error;
                f.transient = transient;
                f.synced |= synced;
            }
            None => {
                tracing::warn!(
                    error = %error,
                    transient,
                    synced,
                    "store writes failing: requests that need a write are refused and /ready \
                     reports not ready until a write succeeds"
                );
                let since = SystemTime::now();
                *fault = Some((WriteFault { since, error, transient, synced }, Instant::now()));
            }
        }
    }

    /// A write of `durability` succeeded: clears the mark if it is as durable as what failed.
    #[inline]
    fn succeeded(&self, durability: Durability) {
        let now = self.level.load(Ordering::Acquire);
        if now != WORKING && level(durability) >= now {
            self.recover("a write succeeded", |l| level(durability) >= l);
        }
    }

    /// The backend has resumed `resumes` times: a new resume clears the mark.
    pub(crate) fn resumed(&self, resumes: u64) {
        if resumes > self.resumes_seen.load(Ordering::Acquire)
            && self.resumes_seen.fetch_max(resumes, Ordering::AcqRel) < resumes
        {
            self.recover("the backend resumed writes", |_| true);
        }
    }

    /// Clears the mark if `clears(level)` still holds under the lock, and logs the recovery.
    fn recover(&self, how: &'static str, clears: impl Fn(u8) -> bool) {
        let mut fault = self.lock();
        let now = self.level.load(Ordering::Acquire);
        if now == WORKING || !clears(now) {
            return;
        }
        self.level.store(WORKING, Ordering::Release);
        self.recoveries.fetch_add(1, Ordering::Relaxed);
        if let Some((f, start)) = fault.take() {
            let after_ms = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
            tracing::info!(after_ms, last_error = %f.error, how, "store writes work again");
        }
    }

    /// The state now.
    pub(crate) fn health(&self) -> WriteHealth {
        let failing =
            if self.is_failing() { self.lock().as_ref().map(|(f, _)| f.clone()) } else { None };
        WriteHealth { failing, recoveries: self.recoveries.load(Ordering::Relaxed) }
    }

    /// Whether writes fail now (no lock).
    fn is_failing(&self) -> bool {
        self.level.load(Ordering::Relaxed) != WORKING
    }
}

/// A snapshot of the store's counters and gauges.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoreStats {
    /// Subscribers cached now.
    pub cache_entries: u64,
    /// Approximate heap bytes of those entries (the decoded profile, APN profiles, the
    /// prepared MILENAGE state and the map's own slot; not the pieces the data plane encodes
    /// later into an entry).
    pub cache_bytes: u64,
    /// IMSIs remembered as absent from the backend now.
    pub cache_absent_entries: u64,
    /// IMS subscriptions cached now.
    pub ims_cache_entries: u64,
    /// Lookups served from the cache.
    pub cache_hits: u64,
    /// Subscribers read from the backend into the cache (by a lookup, or by the slow lane's
    /// batched fill).
    pub cache_misses: u64,
    /// Lookups answered "unknown subscriber" from memory.
    pub cache_absent_hits: u64,
    /// Entries evicted from the subscriber cache to keep it within its byte budget (they
    /// are filled again, from the backend, on their next use).
    pub cache_evictions: u64,
    /// The subscriber cache's byte budget ([`crate::StoreConfig::cache_bytes`]), the limit
    /// of [`Self::cache_bytes`].
    pub cache_budget_bytes: u64,
    /// SQN blocks reserved.
    pub sqn_blocks_reserved: u64,
    /// Synced writes that reserved SQN blocks.
    pub sqn_reservation_writes: u64,
    /// Boot windows opened: subscribers whose first SQNs after a start needed no synced
    /// write.
    pub sqn_boot_windows: u64,
    /// Writes to the backend that were synced (fsync) before returning: provisioning and SQN
    /// reservations.
    pub synced_writes: u64,
    /// Writes to the backend's write-ahead log without an fsync (serving nodes, the EIR
    /// history, probes).
    pub buffered_writes: u64,
    /// Backend reads that failed.
    pub read_errors: u64,
    /// Backend writes that failed.
    pub write_errors: u64,
    /// Whether writes fail now ([`WriteHealth::failing`]).
    pub writes_failing: bool,
    /// Times writes failed and then worked again.
    pub write_recoveries: u64,
}

impl StoreStats {
    /// Fills in the fields from `counters` and the cache's.
    pub(crate) fn collect(cache: &CacheCounters, counters: &StoreCounters) -> Self {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        Self {
            cache_bytes: cache.bytes.load(Ordering::Relaxed).max(0).unsigned_abs(),
            cache_hits: cache.hits.get(),
            cache_misses: cache.misses.get(),
            cache_absent_hits: cache.absent_hits.get(),
            cache_evictions: get(&cache.evictions),
            cache_budget_bytes: cache.budget,
            sqn_blocks_reserved: get(&counters.sqn_blocks),
            sqn_reservation_writes: get(&counters.sqn_writes),
            sqn_boot_windows: get(&counters.sqn_windows),
            synced_writes: counters.synced_writes.get(),
            buffered_writes: counters.buffered_writes.get(),
            read_errors: get(&counters.read_errors),
            write_errors: get(&counters.write_errors),
            writes_failing: counters.write_state.is_failing(),
            write_recoveries: get(&counters.write_state.recoveries),
            ..Self::default()
        }
    }
}

/// A backend whose writes and errors are counted in a [`StoreCounters`]. It delegates every
/// method of [`Backend`], the provided ones too (their defaults are slower than a backend's
/// own: `multi_get`, `scan_range`): a method added to the trait must be added here.
#[derive(Debug)]
pub(crate) struct Counted<B> {
    inner: B,
    counters: std::sync::Arc<StoreCounters>,
}

impl<B> Counted<B> {
    pub(crate) fn new(inner: B, counters: std::sync::Arc<StoreCounters>) -> Self {
        Self { inner, counters }
    }
}

impl<B: Backend> Backend for Counted<B> {
    fn get(&self, kind: Kind, key: &[u8]) -> Result<Option<Vec<u8>>, BackendError> {
        self.counters.read(self.inner.get(kind, key))
    }

    fn multi_get(&self, kind: Kind, keys: &[&[u8]]) -> Result<Vec<Option<Vec<u8>>>, BackendError> {
        self.counters.read(self.inner.multi_get(kind, keys))
    }

    fn write(&self, batch: &WriteBatch, durability: Durability) -> Result<(), BackendError> {
        let wrote = !batch.is_empty();
        self.counters.write(durability, wrote, self.inner.write(batch, durability))
    }

    fn update(
        &self,
        kind: Kind,
        key: &[u8],
        durability: Durability,
        f: &mut UpdateFn<'_>,
    ) -> Result<(), StoreError> {
        let mut wrote = false;
        let mut f = |current: Option<&[u8]>| {
            let decision = f(current);
            wrote |= changes(&decision);
            decision
        };
        let result = self.inner.update(kind, key, durability, &mut f);
        self.counters.write(durability, wrote, result)
    }

    fn update_many(
        &self,
        kind: Kind,
        keys: &[&[u8]],
        durability: Durability,
        f: &mut UpdateManyFn<'_>,
    ) -> Result<(), StoreError> {
        let mut wrote = false;
        let mut f = |i: usize, current: Option<&[u8]>| {
            let decision = f(i, current);
            wrote |= changes(&decision);
            decision
        };
        let result = self.inner.update_many(kind, keys, durability, &mut f);
        self.counters.write(durability, wrote, result)
    }

    fn scan(
        &self,
        kind: Kind,
        prefix: &[u8],
        skip: usize,
        limit: usize,
        out: &mut Entries,
    ) -> Result<(), BackendError> {
        self.counters.read(self.inner.scan(kind, prefix, skip, limit, out))
    }

    fn scan_range(
        &self,
        kind: Kind,
        start: &[u8],
        end: Option<&[u8]>,
        limit: usize,
        out: &mut Entries,
    ) -> Result<(), BackendError> {
        self.counters.read(self.inner.scan_range(kind, start, end, limit, out))
    }

    fn compact(&self, kind: Kind) -> Result<(), BackendError> {
        self.inner.compact(kind)
    }

    fn resumes(&self) -> u64 {
        self.inner.resumes()
    }
}

/// Whether an update's decision writes.
fn changes(decision: &Result<Update, StoreError>) -> bool {
    matches!(decision, Ok(Update::Put(_) | Update::Delete))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::mem::MemStore;

    #[test]
    fn per_thread_counters_sum_every_thread_and_outlive_them() {
        let c = Arc::new(PerThread::default());
        // More threads at once than there are owned slots, then more one after the other:
        // every add counts, in an owned slot, a recycled one or the shared one.
        let barrier = Arc::new(std::sync::Barrier::new(OWNED + 8));
        let threads: Vec<_> = (0..OWNED + 8)
            .map(|_| {
                let (c, barrier) = (c.clone(), barrier.clone());
                std::thread::spawn(move || {
                    c.add(1);
                    barrier.wait();
                    (0..999).for_each(|_| c.add(1));
                })
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().expect("thread"));
        for _ in 0..100 {
            let c = c.clone();
            std::thread::spawn(move || c.add(10)).join().expect("thread");
        }
        assert_eq!(c.get(), (OWNED as u64 + 8) * 1000 + 1000);
    }

    fn no_space() -> Result<(), BackendError> {
        Err(BackendError::unavailable_message("no space left"))
    }

    #[test]
    fn failed_writes_mark_the_write_path_until_one_as_durable_succeeds() {
        let counters = StoreCounters::default();
        let health = || counters.write_state.health();
        let refused: Result<(), StoreError> = Err(StoreError::NoAuthData);
        let _ = counters.write(Durability::Synced, true, refused);
        assert_eq!(health().failing, None, "a refusal is not a store failure");

        let _ = counters.write(Durability::Synced, true, no_space());
        let fault = health().failing.expect("failing");
        assert!(fault.transient && fault.synced && fault.error.contains("no space"));
        let _ = counters.write(Durability::Buffered, true, Ok::<_, BackendError>(()));
        assert!(health().failing.is_some(), "a buffered write proves nothing about fsync");
        let _ = counters.write(Durability::Synced, false, Ok::<_, BackendError>(()));
        assert!(health().failing.is_some(), "an update that kept its key wrote nothing");
        let _ = counters.write(Durability::Synced, true, Ok::<_, BackendError>(()));
        assert_eq!(health(), WriteHealth { failing: None, recoveries: 1 });

        let _ = counters.write(Durability::Buffered, true, no_space());
        assert!(!health().failing.expect("failing").synced);
        let _ = counters.write(Durability::Buffered, true, Ok::<_, BackendError>(()));
        assert_eq!(health(), WriteHealth { failing: None, recoveries: 2 });
    }

    #[test]
    fn a_backend_resume_clears_the_mark_once() {
        let counters = StoreCounters::default();
        let _ = counters.write(Durability::Synced, true, no_space());
        counters.write_state.resumed(0);
        assert!(counters.write_state.is_failing(), "no resume yet");
        counters.write_state.resumed(1);
        assert!(!counters.write_state.is_failing());
        let _ = counters.write(Durability::Synced, true, no_space());
        counters.write_state.resumed(1);
        assert!(counters.write_state.is_failing(), "the same resume again is no news");
        let stats = StoreStats::collect(&CacheCounters::default(), &counters);
        assert!(stats.writes_failing);
        assert_eq!(stats.write_recoveries, 1);
    }

    #[test]
    fn an_update_that_keeps_its_key_does_not_clear_the_mark() {
        let counters = Arc::new(StoreCounters::default());
        let backend = Counted::new(MemStore::new(), counters.clone());
        let _ = counters.write(Durability::Synced, true, no_space());
        backend.update(Kind::Meta, b"k", Durability::Synced, &mut |_| Ok(Update::Keep)).unwrap();
        assert!(counters.write_state.is_failing());
        let put = &mut |_: usize, _: Option<&[u8]>| Ok(Update::Put(vec![1]));
        backend.update_many(Kind::Meta, &[b"k"], Durability::Synced, put).unwrap();
        assert!(!counters.write_state.is_failing());
    }

    #[test]
    fn writes_are_counted_by_durability_and_refusals_are_not_errors() {
        let counters = Arc::new(StoreCounters::default());
        let backend = Counted::new(MemStore::new(), counters.clone());
        let mut batch = WriteBatch::new();
        batch.put(Kind::Meta, b"k", vec![1]);
        backend.write(&batch, Durability::Synced).expect("written");
        backend.write(&batch, Durability::Buffered).expect("written");
        let refused = backend
            .update(Kind::Meta, b"k", Durability::Synced, &mut |_| Err(StoreError::NoAuthData));
        assert!(refused.is_err());
        backend.update(Kind::Meta, b"k", Durability::Synced, &mut |_| Ok(Update::Keep)).unwrap();
        assert!(backend.get(Kind::Meta, b"k").expect("read").is_some());
        let stats = StoreStats::collect(&CacheCounters::default(), &counters);
        assert_eq!((stats.synced_writes, stats.buffered_writes), (2, 1));
        assert_eq!((stats.read_errors, stats.write_errors), (0, 0));
    }
}
