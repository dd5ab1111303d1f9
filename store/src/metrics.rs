//! What the store counts, read as one [`StoreStats`] snapshot ([`crate::Store::stats`]): the
//! object cache (entries, approximate bytes, hits, misses, unknown subscribers answered from
//! memory), SQN blocks reserved and their synced writes, every write to the backend by
//! durability, and the backend's errors. The control plane renders them for `GET /metrics`.
//!
//! Cost on the request path: a counter many threads add to on every request (cache hits, the
//! serving-node writes of ULR) is [`PerThread`]: each thread owns a slot on its own cache line
//! and adds with a plain load and store (no locked instruction, no line shared between two
//! shards); a read sums the slots. Rare events (a block reserved, an error) are plain atomics.
//! Nothing here locks or allocates on the request path.

use std::cell::Cell;
use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::backend::{Backend, Durability, Entries, UpdateFn, UpdateManyFn, WriteBatch};
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
    synced_writes: PerThread,
    buffered_writes: PerThread,
    read_errors: AtomicU64,
    write_errors: AtomicU64,
}

impl StoreCounters {
    fn written(&self, durability: Durability) {
        match durability {
            Durability::Synced => self.synced_writes.add(1),
            Durability::Buffered => self.buffered_writes.add(1),
        }
    }

    fn read<T>(&self, result: Result<T, BackendError>) -> Result<T, BackendError> {
        if result.is_err() {
            self.read_errors.fetch_add(1, Ordering::Relaxed);
        }
        result
    }

    fn write<T, E>(&self, durability: Durability, result: Result<T, E>) -> Result<T, E>
    where
        E: BackendFailure,
    {
        match &result {
            Ok(_) => self.written(durability),
            Err(e) if e.is_backend() => {
                self.write_errors.fetch_add(1, Ordering::Relaxed);
            }
            // The caller's decision (unknown subscriber, no authentication data ...): not a
            // store failure.
            Err(_) => {}
        }
        result
    }
}

/// Whether an error came from the backend itself.
trait BackendFailure {
    fn is_backend(&self) -> bool;
}

impl BackendFailure for BackendError {
    fn is_backend(&self) -> bool {
        true
    }
}

impl BackendFailure for StoreError {
    fn is_backend(&self) -> bool {
        matches!(self, StoreError::Backend(_))
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
    /// SQN blocks reserved.
    pub sqn_blocks_reserved: u64,
    /// Synced writes that reserved SQN blocks.
    pub sqn_reservation_writes: u64,
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
            sqn_blocks_reserved: get(&counters.sqn_blocks),
            sqn_reservation_writes: get(&counters.sqn_writes),
            synced_writes: counters.synced_writes.get(),
            buffered_writes: counters.buffered_writes.get(),
            read_errors: get(&counters.read_errors),
            write_errors: get(&counters.write_errors),
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
        self.counters.write(durability, self.inner.write(batch, durability))
    }

    fn update(
        &self,
        kind: Kind,
        key: &[u8],
        durability: Durability,
        f: &mut UpdateFn<'_>,
    ) -> Result<(), StoreError> {
        self.counters.write(durability, self.inner.update(kind, key, durability, f))
    }

    fn update_many(
        &self,
        kind: Kind,
        keys: &[&[u8]],
        durability: Durability,
        f: &mut UpdateManyFn<'_>,
    ) -> Result<(), StoreError> {
        self.counters.write(durability, self.inner.update_many(kind, keys, durability, f))
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
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::backend::Update;
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
