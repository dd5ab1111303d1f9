//! Re-synchronisation from the USIM's AUTS (TS 33.102 §6.3.5): S6a AIR and SWx/Cx MAR with
//! re-synchronisation info, and the operator's resync over REST.
//!
//! ```text
//! RAND recently issued, not used for a resync    (peers only)     else UnknownRand, Replayed
//! within the subscriber's rate limit                              else RateLimited
//! 1    SQN_MS from Conc(SQN_MS) (f5*)
//! 2, 3 next SQN_HE accepted by the USIM?  yes: nothing changes, nothing is written
//! 4    MAC-S (f1*)                                                else MacMismatch
//! 5    a block above the mark and SQN_MS, accepted by the USIM,
//!      synced; the RAND is marked used                            else WouldRewind
//! 6    the caller sends vectors: from the new block, or as before
//! ```
//!
//! §6.3.5 step 5 resets SQN_HE to SQN_MS, down when the HSS ran ahead of the USIM. Here the
//! mark never goes down ([`crate::auc::sqn::after_resync`]): a replayed AUTS cannot bring back
//! SQNs already issued, and a USIM more than Δ behind needs an explicit operator reset.
//!
//! Everything runs under the subscriber's SQN refill lock, so resyncs of one subscriber, and
//! block refills, take turns; takers of SQNs already in the block go on meanwhile.

use std::time::{SystemTime, UNIX_EPOCH};

use super::Store;
use crate::auc::{self, AUTS_LEN, ResyncError, sqn};
use crate::cache::CachedAuth;
use crate::error::StoreError;
use crate::keys;
use crate::model::SubscriberKey;
use crate::resync_guard::{ResyncGuard, Seen};
use crate::sqn_block::{self, Block};

/// Who asks for a resync.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// A Diameter peer: the RAND must be one recently issued.
    Network,
    /// The operator (REST): any RAND; MAC-S proves the AUTS.
    Operator,
}

impl Store {
    /// Re-synchronises SQN from the USIM's AUTS for the RAND it answers (AIR/MAR with
    /// Re-Synchronization-Info), after TS 33.102 §6.3.5: if the next SQN would be accepted by
    /// the USIM anyway, nothing changes and nothing is written; otherwise, once MAC-S
    /// verifies, the SQN mark moves above SQN_MS (one synced write) and the next vectors
    /// continue from there. The mark never moves down.
    ///
    /// The RAND must be one of the last [`crate::RECENT_RANDS`] issued to the subscriber and
    /// must not have served a resync before; at most [`crate::RESYNCS_PER_WINDOW`] resyncs
    /// per [`crate::RESYNC_WINDOW_SECS`] seconds are admitted per subscriber.
    ///
    /// Errors: [`StoreError::Resync`] when refused (SQN unchanged; [`ResyncError`] says why,
    /// and what a peer is answered), [`StoreError::UnknownSubscriber`],
    /// [`StoreError::NoAuthData`], [`StoreError::SqnExhausted`], a backend error.
    pub fn resync(
        &self,
        subscriber: SubscriberKey,
        rand: &[u8; 16],
        auts: &[u8; AUTS_LEN],
    ) -> Result<(), StoreError> {
        self.resync_from(subscriber, rand, auts, Origin::Network)
    }

    /// [`Self::resync`] asked by the operator (REST): the RAND need not have been issued by
    /// this store lately (a vector made elsewhere, or before a restart), as MAC-S proves the
    /// AUTS. A recent RAND that already served a resync is still refused, and the rate limit
    /// applies.
    ///
    /// Errors: those of [`Self::resync`].
    pub fn resync_from_operator(
        &self,
        subscriber: SubscriberKey,
        rand: &[u8; 16],
        auts: &[u8; AUTS_LEN],
    ) -> Result<(), StoreError> {
        self.resync_from(subscriber, rand, auts, Origin::Operator)
    }

    fn resync_from(
        &self,
        subscriber: SubscriberKey,
        rand: &[u8; 16],
        auts: &[u8; AUTS_LEN],
        origin: Origin,
    ) -> Result<(), StoreError> {
        let entry = self.subscriber_entry(subscriber)?;
        let auth = entry.auth().ok_or(StoreError::NoAuthData)?;
        auth.sqn.resync(|next| {
            admit(&auth.resync, rand, origin)?;
            let he_next = match next {
                Some(next) => next,
                None => self.next_after_mark(subscriber)?,
            };
            self.resync_block(subscriber, auth, he_next, rand, auts)
        })
    }

    /// Steps 1 to 5 for the subscriber whose next SQN is `he_next`: the block to use from now
    /// on, or `None` when the USIM accepts `he_next` as it is.
    fn resync_block(
        &self,
        subscriber: SubscriberKey,
        auth: &CachedAuth,
        he_next: u64,
        rand: &[u8; 16],
        auts: &[u8; AUTS_LEN],
    ) -> Result<Option<Block>, StoreError> {
        let cfg = self.config.sqn;
        let claimed = auc::claimed_sqn_ms(&auth.milenage, rand, auts);
        if accepts(he_next, claimed, cfg) {
            return Ok(None);
        }
        let sqn_ms = auc::recover_sqn_ms(&auth.milenage, rand, auts)?;
        let want = u64::from(self.config.sqn_block);
        let block = self.advance_mark(subscriber, |mark| {
            let (block, new_mark) = sqn_block::resync_block(sqn_ms, mark, want, cfg)?;
            // Above the mark but still refused: the USIM is more than Δ behind.
            if !accepts(block.first, sqn_ms, cfg) {
                return Err(ResyncError::WouldRewind.into());
            }
            Ok((block, new_mark))
        })?;
        auth.resync.mark_used(rand);
        Ok(Some(block))
    }

    /// The SQN the next block would start with: the one after the persisted mark.
    fn next_after_mark(&self, subscriber: SubscriberKey) -> Result<u64, StoreError> {
        let key = keys::subscriber_key(subscriber.get());
        // Authentication data without a mark is deleted or half-written.
        let mark = self.read_mark(&key)?.ok_or(StoreError::NoAuthData)?;
        sqn::next(mark, self.config.sqn).map_err(|_| StoreError::SqnExhausted)
    }
}

/// The checks before any MILENAGE work: a RAND recently issued (a peer's) and never used for a
/// resync, and the rate limit (counting only what passes the RAND check, so that made-up
/// RANDs do not use up a subscriber's resyncs).
fn admit(guard: &ResyncGuard, rand: &[u8; 16], origin: Origin) -> Result<(), ResyncError> {
    match guard.seen(rand) {
        Seen::Used => return Err(ResyncError::Replayed),
        Seen::Unknown if origin == Origin::Network => return Err(ResyncError::UnknownRand),
        Seen::Fresh | Seen::Unknown => {}
    }
    if !guard.admit(now_secs()) {
        return Err(ResyncError::RateLimited);
    }
    Ok(())
}

/// Whether the USIM that reported `sqn_ms` accepts `sqn` (values outside 48 bits: no).
fn accepts(sqn: u64, sqn_ms: u64, cfg: auc::SqnConfig) -> bool {
    matches!(sqn::usim_accepts(sqn, sqn_ms, cfg), Ok(true))
}

/// Unix time in seconds (0 before 1970: the rate limit then starts a window).
fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}
