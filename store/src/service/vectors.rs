//! The Diameter hot path: authentication vectors (S6a AIR, SWx/Cx MAR); the resync that may
//! precede them is in `resync.rs`.
//!
//! Hot path: on a cache hit with SQNs left in the block, a request takes one CAS for its SQNs
//! and computes MILENAGE with the cached key schedule. It allocates only when `out` grows, takes
//! no lock besides the cache shard's read lock, and does no I/O. Once per block (per
//! subscriber, every [`super::StoreConfig::sqn_block`] vectors), or on the first request after
//! a cache fill, it makes one synced write: the reservation ([`Store::advance_mark`], under the
//! state's refill lock).
//!
//! Cold requests need not pay that write one by one: [`Store::sqn_ready`] tells, without I/O,
//! whether a request would reserve, and [`Store::prepare_sqn`] (`sqn_batch.rs`) fills the
//! cache and reserves the blocks of many subscribers in one synced write, after which their
//! requests come here and find their SQNs in memory. Both paths reserve from the persisted mark
//! under the same refill lock, so they can run concurrently on the same subscribers; if the
//! prepared SQNs are taken by someone else first, the request falls back to its own
//! reservation.

use std::sync::atomic::Ordering;

use super::Store;
use crate::auc::{self, Milenage, PlmnId, sqn};
use crate::backend::{Durability, Update};
use crate::cache::CachedAuth;
use crate::error::StoreError;
use crate::keys::{self, Kind};
use crate::model::SubscriberKey;
use crate::rand::RandSource;
use crate::sqn_block::{self, Block};
use crate::sqn_mark::Record;

/// Most vectors one request returns; a larger count is served with this many (TS 29.272
/// §5.2.3.1.3 lets the HSS return fewer than requested).
pub const MAX_VECTORS_PER_REQUEST: usize = 32;

impl Store {
    /// Appends up to `count` E-UTRAN vectors (S6a AIR) for the serving network to `out`.
    ///
    /// Errors: [`StoreError::UnknownSubscriber`], [`StoreError::NoAuthData`],
    /// [`StoreError::SqnExhausted`], a backend error if the SQN reservation cannot be written.
    pub fn eutran_vectors(
        &self,
        subscriber: SubscriberKey,
        count: usize,
        serving_network: &PlmnId,
        rand: &mut (impl RandSource + ?Sized),
        out: &mut Vec<auc::EutranVector>,
    ) -> Result<(), StoreError> {
        self.sqn_vectors(subscriber, count, rand, out, |m, r, s, amf| {
            Ok(auc::eutran_vector(m, r, s, amf, serving_network))
        })
    }

    /// Appends up to `count` UTRAN quintuplets (S6a/S6d AIR) to `out`.
    pub fn utran_vectors(
        &self,
        subscriber: SubscriberKey,
        count: usize,
        rand: &mut (impl RandSource + ?Sized),
        out: &mut Vec<auc::UtranVector>,
    ) -> Result<(), StoreError> {
        self.sqn_vectors(subscriber, count, rand, out, |m, r, s, amf| {
            Ok(auc::utran_vector(m, r, s, amf))
        })
    }

    /// Appends up to `count` EAP-AKA' vectors (SWx MAR) bound to `access_network_name` (the
    /// ANID, 1..=65535 octets, e.g. `WLAN`) to `out`.
    pub fn eap_aka_prime_vectors(
        &self,
        subscriber: SubscriberKey,
        count: usize,
        access_network_name: &[u8],
        rand: &mut (impl RandSource + ?Sized),
        out: &mut Vec<auc::EapAkaPrimeVector>,
    ) -> Result<(), StoreError> {
        // Checked before any SQN is consumed.
        if access_network_name.is_empty() || access_network_name.len() > usize::from(u16::MAX) {
            return Err(StoreError::invalid("access_network_name", "must be 1..=65535 octets"));
        }
        self.sqn_vectors(subscriber, count, rand, out, |m, r, s, amf| {
            auc::eap_aka_prime_vector(m, r, s, amf, access_network_name)
                .map_err(|_| StoreError::invalid("access_network_name", "rejected by the KDF"))
        })
    }

    /// Appends up to `count` IMS AKA vectors (Cx MAR, Digest-AKAv1-MD5) to `out`.
    pub fn ims_aka_vectors(
        &self,
        subscriber: SubscriberKey,
        count: usize,
        rand: &mut (impl RandSource + ?Sized),
        out: &mut Vec<auc::ImsAkaVector>,
    ) -> Result<(), StoreError> {
        self.sqn_vectors(subscriber, count, rand, out, |m, r, s, amf| {
            Ok(auc::ims_aka_vector(m, r, s, amf))
        })
    }

    /// Appends up to `count` GERAN triplets to `out`. Triplets use no SQN (c2/c3 of f2..f4,
    /// which take RAND only), so nothing is reserved.
    pub fn geran_triplets(
        &self,
        subscriber: SubscriberKey,
        count: usize,
        rand: &mut (impl RandSource + ?Sized),
        out: &mut Vec<auc::GeranTriplet>,
    ) -> Result<(), StoreError> {
        let entry = self.subscriber_entry(subscriber)?;
        let auth = entry.auth().ok_or(StoreError::NoAuthData)?;
        out.reserve(count.min(MAX_VECTORS_PER_REQUEST));
        for _ in 0..count.min(MAX_VECTORS_PER_REQUEST) {
            out.push(auc::geran_triplet(&auth.milenage, &rand.next_rand()?));
        }
        Ok(())
    }

    /// Takes SQNs for up to `count` vectors and appends `make(milenage, rand, sqn, amf)` for
    /// each to `out`.
    fn sqn_vectors<V>(
        &self,
        subscriber: SubscriberKey,
        count: usize,
        rand: &mut (impl RandSource + ?Sized),
        out: &mut Vec<V>,
        make: impl Fn(&Milenage, &[u8; 16], &[u8; 6], &[u8; 2]) -> Result<V, StoreError>,
    ) -> Result<(), StoreError> {
        let entry = self.subscriber_entry(subscriber)?;
        let auth: &CachedAuth = entry.auth().ok_or(StoreError::NoAuthData)?;
        let count = count.min(MAX_VECTORS_PER_REQUEST);
        if count == 0 {
            return Ok(());
        }
        let cfg = self.config.sqn;
        // count <= 32, so the casts are exact.
        let want = u64::from(self.config.sqn_block).max(count as u64);
        let first = auth.sqn.take(count as u64, |min, fresh| {
            if fresh && let Some(window) = self.open_window(subscriber, min)? {
                return Ok(window);
            }
            self.advance_mark(subscriber, |mark| sqn_block::next_block(mark, min, want, cfg))
        })?;
        out.reserve(count);
        for i in 0..count as u64 {
            // Inside the reserved block, so within the SQN space.
            let sqn = sqn::reserve_block(first, i, cfg).map_err(|_| StoreError::SqnExhausted)?;
            let sqn = sqn::to_bytes(sqn).map_err(|_| StoreError::SqnExhausted)?;
            let rand = rand.next_rand()?;
            // An AUTS answering it may come back (TS 33.102 §6.3.5): remembered, lock-free.
            auth.resync.note(&rand);
            out.push(make(&auth.milenage, &rand, &sqn, &auth.amf)?);
        }
        Ok(())
    }

    /// Durably moves `subscriber`'s reservation mark with `next(mark)`, which returns the block to
    /// hand out and the new mark. `mark` is the stored mark's bound in this boot (above every
    /// SQN that may have been handed out, `sqn_mark.rs`). The new mark is synced before this
    /// returns, so no SQN of the block is handed out before it is safe across a crash.
    pub(super) fn advance_mark(
        &self,
        subscriber: SubscriberKey,
        next: impl Fn(u64) -> Result<(Block, u64), StoreError>,
    ) -> Result<Block, StoreError> {
        let mut block = None;
        let key = keys::subscriber_key(subscriber.get());
        self.backend.update(Kind::SqnReservation, &key, Durability::Synced, &mut |current| {
            // Authentication data without a mark is deleted or half-written: refuse.
            let current = current.ok_or(StoreError::NoAuthData)?;
            let mark = self.decode_mark(current)?;
            let (b, new_mark) = next(mark)?;
            block = Some(b);
            Ok(Update::Put(self.boot.record(new_mark)))
        })?;
        let counters = &self.counters;
        counters.sqn_writes.fetch_add(1, Ordering::Relaxed);
        counters.sqn_blocks.fetch_add(u64::from(block.is_some()), Ordering::Relaxed);
        block.ok_or(StoreError::NoAuthData)
    }

    /// Opens `subscriber`'s boot window (`sqn_mark.rs`) if this boot has not yet, and it holds
    /// at least `min` SQNs: records it with a buffered write (no fsync) and returns it.
    /// `None` when there is none: the caller reserves with a synced write.
    pub(super) fn open_window(
        &self,
        subscriber: SubscriberKey,
        min: u64,
    ) -> Result<Option<Block>, StoreError> {
        if !self.boot.has_windows() || min > self.boot.step {
            return Ok(None);
        }
        let mut opened = None;
        let key = keys::subscriber_key(subscriber.get());
        let cfg = self.config.sqn;
        self.backend.update(Kind::SqnReservation, &key, Durability::Buffered, &mut |current| {
            // No mark: the synced path refuses it.
            let Some(current) = current else { return Ok(Update::Keep) };
            let record = Record::decode(current).map_err(super::corrupt)?;
            Ok(match record.window(&self.boot, min, cfg)? {
                Some((block, value)) => {
                    opened = Some(block);
                    Update::Put(value)
                }
                None => Update::Keep,
            })
        })?;
        self.counters.sqn_windows.fetch_add(u64::from(opened.is_some()), Ordering::Relaxed);
        Ok(opened)
    }
}
