//! The batched SQN reservation (group commit) for cold subscribers.
//!
//! A subscriber's first vectors request after its cache entry is filled (first ever, after a
//! restart or an eviction) finds an empty SQN block and reserves one with a synced write: one
//! fsync per subscriber, which bounds cold AIRs at a few thousand per second. The engine
//! instead checks [`Store::sqn_ready`] on every request (a cache peek and an atomic load), and
//! hands the requests that are not ready to a slow-lane thread, which calls
//! [`Store::prepare_sqn`] for many of them at once: their cache entries are filled, every
//! block that is too short is reserved in ONE synced write
//! ([`Backend::update_many`]), and the blocks are installed. The requests then run
//! through [`Store::eutran_vectors`] and the like without I/O.
//!
//! Never-reuse (TS 33.102 Annex C; architecture "SQN: never reuse, rarely write") holds as on
//! the single path: each block is reserved from the persisted mark read while its state's
//! refill lock is held, synced before any of its SQNs can be taken, and installed before the
//! lock is released. The batch takes the refill locks of all its subscribers in key order (a
//! shard holds at most one, and every holder takes backend locks after its refill locks), so
//! neither two batches nor a batch and a shard deadlock. A block left partly unused when a new
//! one is installed is skipped, never reused, which the USIM accepts.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::{MAX_VECTORS_PER_REQUEST, Store};
use crate::backend::{Durability, Update};
use crate::cache::CachedSubscriber;
use crate::error::{BackendError, StoreError};
use crate::keys::{self, Kind};
use crate::model::SubscriberKey;
use crate::sqn_block::{self, Block, MAX_SQN_BLOCK, Refill};
use crate::sqn_mark::Record;

/// A distinct subscriber of a batch whose block is too short.
struct Short<'w> {
    subscriber: SubscriberKey,
    entry: Arc<CachedSubscriber>,
    /// Where the subscriber appears in the caller's list.
    positions: &'w [usize],
    /// SQNs for all its requests together.
    need: u64,
    /// The largest single request: the least a block must hold.
    largest: u64,
}

impl Store {
    /// Whether a request for `count` SQN-using vectors of `subscriber` (E-UTRAN, UTRAN, EAP-AKA',
    /// IMS AKA) would be served without I/O: the subscriber is cached, has authentication
    /// data, and its SQN block holds at least `min(count, MAX_VECTORS_PER_REQUEST)` SQNs.
    /// False on a cache miss, without authentication data, or with a block too short; for
    /// `count` 0, true when cached with authentication data.
    ///
    /// Never blocks and never reads the backend (one cache-shard read lock and one atomic
    /// load), so it can run on every request. The answer can go stale at once (another
    /// request takes the SQNs, the entry is invalidated); the vectors call is then still
    /// correct, it just reserves with its own synced write.
    pub fn sqn_ready(&self, subscriber: SubscriberKey, count: usize) -> bool {
        // count <= 32 after the min, so the cast is exact.
        let count = count.min(MAX_VECTORS_PER_REQUEST) as u64;
        self.cache
            .peek(subscriber.get(), |e| e.auth().is_some_and(|a| a.sqn.left() >= count))
            .unwrap_or(false)
    }

    /// Makes each `(subscriber, count)` of `wants` ready ([`Self::sqn_ready`]) with at most one
    /// synced write for the whole list: fills missing cache entries (backend reads), then
    /// reserves a new block for every subscriber whose block holds fewer SQNs than asked for,
    /// all marks in one atomic synced write. A block holds `max(sqn_block, need)` SQNs, as on
    /// the single path, fewer only at the top of the SEQ space.
    ///
    /// A subscriber listed more than once is reserved for once, for the sum of its counts (each
    /// capped at [`MAX_VECTORS_PER_REQUEST`]), so that every one of its requests can then be
    /// served; its results are all the same.
    ///
    /// Returns one result per item of `wants`, in order: `Ok` when the subscriber is ready,
    /// else [`StoreError::UnknownSubscriber`], [`StoreError::NoAuthData`],
    /// [`StoreError::SqnExhausted`], a corrupt value, or (for every item that needed the
    /// write) the backend error of the write. One item's failure does not fail the others.
    /// After an error, the vectors call for that item still does the right thing: it reports
    /// the same error or reserves on its own. After `Ok`, it does no I/O unless something else
    /// took the prepared SQNs (or dropped the cache entry) in between.
    pub fn prepare_sqn(&self, wants: &[(SubscriberKey, usize)]) -> Vec<Result<(), StoreError>> {
        let mut results: Vec<Result<(), StoreError>> = wants.iter().map(|_| Ok(())).collect();
        // Key order: duplicates become neighbours, and it is the refill lock order.
        let mut order: Vec<usize> = (0..wants.len()).collect();
        order.sort_unstable_by_key(|&i| (wants[i].0, i));
        // Cold entries are read together first; what fails there fails again below and is
        // reported per item.
        let subscribers: Vec<SubscriberKey> = order.iter().map(|&i| wants[i].0).collect();
        self.fill_many(&subscribers);
        let mut short = Vec::new();
        for positions in order.chunk_by(|&a, &b| wants[a].0 == wants[b].0) {
            let subscriber = wants[positions[0]].0;
            // count <= 32 after the min, so the casts are exact.
            let counts = positions.iter().map(|&i| wants[i].1.min(MAX_VECTORS_PER_REQUEST) as u64);
            let need = counts.clone().sum::<u64>().min(u64::from(MAX_SQN_BLOCK));
            let largest = counts.max().unwrap_or(0);
            let entry = match self.subscriber_entry(subscriber) {
                Ok(entry) if entry.has_auth_data() => Ok(entry),
                Ok(_) => Err(StoreError::NoAuthData),
                Err(e) => Err(e),
            };
            match entry {
                Err(e) => fail(&mut results, positions, &e),
                Ok(entry) => {
                    if entry.auth().is_some_and(|a| a.sqn.left() < need) {
                        short.push(Short { subscriber, entry, positions, need, largest });
                    }
                }
            }
        }
        if !short.is_empty() {
            self.reserve_blocks(&short, &mut results);
        }
        results
    }

    /// Reserves and installs a block for every subscriber of `short` (sorted by key) whose
    /// block is still too short once its refill lock is held, in one synced write.
    fn reserve_blocks(&self, short: &[Short<'_>], results: &mut [Result<(), StoreError>]) {
        // In key order. A subscriber refilled by someone else meanwhile drops out here.
        let locked: Vec<(&Short<'_>, Refill<'_>)> = short
            .iter()
            .filter_map(|s| {
                let refill = s.entry.auth()?.sqn.lock();
                (refill.left() < s.need).then_some((s, refill))
            })
            .collect();
        let locked = self.open_windows(locked);
        if locked.is_empty() {
            return;
        }
        let keys: Vec<[u8; 8]> =
            locked.iter().map(|(s, _)| keys::subscriber_key(s.subscriber.get())).collect();
        let key_refs: Vec<&[u8]> = keys.iter().map(|k| k.as_slice()).collect();
        let cfg = self.config.sqn;
        let block_size = u64::from(self.config.sqn_block);
        let mut blocks: Vec<Option<Result<Block, StoreError>>> =
            locked.iter().map(|_| None).collect();
        let written = self.backend.update_many(
            Kind::SqnReservation,
            &key_refs,
            Durability::Synced,
            &mut |i, current| {
                let s = locked[i].0;
                // Authentication data without a mark is deleted or half-written: refuse.
                let next = current
                    .ok_or(StoreError::NoAuthData)
                    .and_then(|v| self.decode_mark(v))
                    .and_then(|mark| {
                        sqn_block::next_block(mark, s.largest, block_size.max(s.need), cfg)
                    });
                // A subscriber that cannot be served keeps its mark; the others go on.
                let (block, decision) = match next {
                    Ok((block, mark)) => (Ok(block), Update::Put(self.boot.record(mark))),
                    Err(e) => (Err(e), Update::Keep),
                };
                blocks[i] = Some(block);
                Ok(decision)
            },
        );
        if let Err(e) = written {
            for (s, _) in &locked {
                fail(results, s.positions, &e);
            }
            return;
        }
        self.counters.sqn_writes.fetch_add(1, Ordering::Relaxed);
        // Synced: the blocks are safe to hand out. Install each before its lock drops.
        for ((s, refill), block) in locked.iter().zip(blocks) {
            match block {
                Some(Ok(block)) => {
                    refill.install(block);
                    self.counters.sqn_blocks.fetch_add(1, Ordering::Relaxed);
                }
                Some(Err(e)) => fail(results, s.positions, &e),
                None => fail(
                    results,
                    s.positions,
                    &StoreError::Backend(BackendError::message("update_many skipped a key")),
                ),
            }
        }
    }
}

impl Store {
    /// Opens the boot window (`sqn_mark.rs`) of every subscriber of `locked` whose state never
    /// had a block and whose window covers its need, in one buffered write (no fsync), and
    /// installs each. Returns the others, in key order, for the synced reservation: those
    /// whose window this boot already opened (or that have none), and all of them if the
    /// write fails.
    fn open_windows<'a, 'w>(
        &self,
        locked: Vec<(&'a Short<'w>, Refill<'a>)>,
    ) -> Vec<(&'a Short<'w>, Refill<'a>)> {
        if !self.boot.has_windows() {
            return locked;
        }
        let step = self.boot.step;
        let (candidates, mut rest): (Vec<_>, Vec<_>) =
            locked.into_iter().partition(|(s, refill)| refill.fresh() && s.need <= step);
        if candidates.is_empty() {
            return rest;
        }
        let keys: Vec<[u8; 8]> =
            candidates.iter().map(|(s, _)| keys::subscriber_key(s.subscriber.get())).collect();
        let key_refs: Vec<&[u8]> = keys.iter().map(|k| k.as_slice()).collect();
        let cfg = self.config.sqn;
        let mut windows: Vec<Option<Block>> = vec![None; candidates.len()];
        let written = self.backend.update_many(
            Kind::SqnReservation,
            &key_refs,
            Durability::Buffered,
            &mut |i, current| {
                // No mark, or one that does not decode: the synced pass reports it.
                let Some(record) = current.and_then(|v| Record::decode(v).ok()) else {
                    return Ok(Update::Keep);
                };
                Ok(match record.window(&self.boot, candidates[i].0.need, cfg) {
                    Ok(Some((block, value))) => {
                        windows[i] = Some(block);
                        Update::Put(value)
                    }
                    _ => Update::Keep,
                })
            },
        );
        if written.is_err() {
            // Nothing was written: every candidate reserves with the synced write.
            windows.fill(None);
        }
        for ((s, refill), window) in candidates.into_iter().zip(windows) {
            match window {
                Some(block) => {
                    refill.install(block);
                    self.counters.sqn_windows.fetch_add(1, Ordering::Relaxed);
                }
                None => rest.push((s, refill)),
            }
        }
        rest.sort_unstable_by_key(|(s, _)| s.subscriber);
        rest
    }
}

/// Records `err` for every position of one subscriber.
fn fail(results: &mut [Result<(), StoreError>], positions: &[usize], err: &StoreError) {
    for &i in positions {
        results[i] = Err(err.copy());
    }
}
