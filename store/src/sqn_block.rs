//! SQN allocation in memory, ahead of a persisted reservation (architecture: "SQN: never
//! reuse, rarely write").
//!
//! The store persists, per subscriber, a high-water mark: the highest SQN that may have been
//! handed out. Before a block of SQNs is used, the mark is advanced past the whole block and
//! synced; the block's SQNs are then handed out from memory, one atomic compare-and-swap per
//! request. After a crash the store resumes above the mark, so no SQN is handed out twice;
//! at most the unused rest of one block per subscriber is skipped, which the USIM accepts
//! (TS 33.102 Annex C: only SEQ ≤ the highest accepted is refused).
//!
//! Hot path: [`SqnState::take`] allocates nothing, takes no lock and does no I/O unless the
//! block is used up.
//!
//! Two ways to refill, both under the state's refill lock (so a block is reserved from the
//! persisted mark read under that lock, and installed before anyone else can refill):
//!
//! - one subscriber at a time: `take` finds the block short and calls its `reserve`, one synced
//!   write for that subscriber (the shard's path);
//! - many at once (`Store::prepare_sqn`, `service/sqn_batch.rs`): the batcher takes the
//!   [`Refill`] locks of every subscriber of the batch in IMSI order, reserves all their blocks
//!   in one synced write, and [`Refill::install`]s each. A shard holds at most one refill lock,
//!   and every holder takes backend locks only after its refill locks, so nothing deadlocks.
//!   [`SqnState::left`] tells, lock-free, whether a request would need a refill at all.
//!
//! The in-memory state is one `u64`:
//!
//! ```text
//!  63                                       16 15             0
//! +-------------------------------------------+----------------+
//! |      next SQN to hand out (48 bits)       | left in block  |
//! +-------------------------------------------+----------------+
//! ```
//!
//! so "take `count`" is one CAS that cannot race with a refill or a resync: a refill swaps in
//! a new word and a concurrent taker simply retries on it. The block size is therefore at most
//! 65535.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::auc::sqn::{self, SqnConfig, SqnError};
use crate::error::StoreError;

/// The largest block the packed state can hold.
pub const MAX_SQN_BLOCK: u16 = u16::MAX;

const LEFT_BITS: u32 = 16;
const LEFT_MASK: u64 = (1 << LEFT_BITS) - 1;

fn pack(next: u64, left: u64) -> u64 {
    next << LEFT_BITS | (left & LEFT_MASK)
}

fn unpack(word: u64) -> (u64, u64) {
    (word >> LEFT_BITS, word & LEFT_MASK)
}

fn exhausted(_: SqnError) -> StoreError {
    StoreError::SqnExhausted
}

/// A block of SQNs reserved durably: `first` and the `len - 1` SQNs that follow it
/// ([`sqn::reserve_block`] steps), all at or below the persisted mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Block {
    pub(crate) first: u64,
    pub(crate) len: u64,
}

/// The block after persisted mark `mark`: at least `min`, at most `want` SQNs, fewer than
/// `want` only at the top of the SEQ space. Returns the block and the new mark.
pub(crate) fn next_block(
    mark: u64,
    min: u64,
    want: u64,
    cfg: SqnConfig,
) -> Result<(Block, u64), StoreError> {
    let seq = sqn::split(mark, cfg).map_err(exhausted)?.seq;
    let len = want.min(cfg.seq_max() - seq);
    if len < min.max(1) {
        return Err(StoreError::SqnExhausted);
    }
    let first = sqn::next(mark, cfg).map_err(exhausted)?;
    let new_mark = sqn::reserve_block(mark, len, cfg).map_err(exhausted)?;
    Ok((Block { first, len }, new_mark))
}

/// The block after a verified re-synchronisation: it starts at the SQN
/// [`sqn::after_resync`] gives for `sqn_ms` and the persisted `mark` (above both), and holds up
/// to `want` SQNs. Returns the block and the new mark, always above `mark`: a resync never
/// brings back an SQN that may have been handed out.
pub(crate) fn resync_block(
    sqn_ms: u64,
    mark: u64,
    want: u64,
    cfg: SqnConfig,
) -> Result<(Block, u64), StoreError> {
    let first = sqn::after_resync(sqn_ms, mark, cfg).map_err(exhausted)?;
    let seq = sqn::split(first, cfg).map_err(exhausted)?.seq;
    let len = want.min(cfg.seq_max() - seq + 1).max(1);
    let new_mark = sqn::reserve_block(first, len - 1, cfg).map_err(exhausted)?;
    Ok((Block { first, len }, new_mark))
}

/// One subscriber's SQN state in memory; lives in the cache entry.
#[derive(Debug)]
pub(crate) struct SqnState {
    word: AtomicU64,
    /// Serialises refills and resyncs (never held on the fast path).
    refill: Mutex<()>,
    cfg: SqnConfig,
}

impl SqnState {
    /// An empty state: the first `take` reserves a block above the persisted mark.
    pub(crate) fn new(cfg: SqnConfig) -> Self {
        Self { word: AtomicU64::new(0), refill: Mutex::new(()), cfg }
    }

    /// The word after taking `count` SQNs starting at `next` from a block with `left` SQNs.
    fn after_take(&self, next: u64, left: u64, count: u64) -> u64 {
        match sqn::reserve_block(next, count, self.cfg) {
            Ok(following) => pack(following, left - count),
            // The block ends at the top of the SEQ space: nothing is left after it.
            Err(_) => pack(next, 0),
        }
    }

    fn try_take(&self, count: u64) -> Option<u64> {
        let mut word = self.word.load(Ordering::Acquire);
        loop {
            let (next, left) = unpack(word);
            if left < count {
                return None;
            }
            let new = self.after_take(next, left, count);
            match self.word.compare_exchange_weak(word, new, Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => return Some(next),
                Err(current) => word = current,
            }
        }
    }

    /// SQNs left in the current block: a request for up to this many takes no lock and does
    /// no I/O. One atomic load.
    pub(crate) fn left(&self) -> u64 {
        unpack(self.word.load(Ordering::Acquire)).1
    }

    /// Takes the refill lock: until the guard drops, nobody else refills or resets this state
    /// (takers of SQNs already in the block go on, lock-free).
    pub(crate) fn lock(&self) -> Refill<'_> {
        Refill { state: self, _guard: self.refill.lock().unwrap_or_else(PoisonError::into_inner) }
    }

    /// Takes `count` (≥ 1) consecutive SQNs and returns the first; the i-th is
    /// `sqn::reserve_block(first, i)`. Concurrent callers get disjoint SQNs.
    ///
    /// When the block cannot serve `count`, `reserve(count, fresh)` must durably reserve a new
    /// block of at least `count` SQNs above the persisted mark; it runs under the refill lock,
    /// and the caller's SQNs come out of that block before anyone else sees it. `fresh` tells
    /// that this state never had a block (its first refill may use the boot window,
    /// `sqn_mark.rs`).
    pub(crate) fn take(
        &self,
        count: u64,
        reserve: impl FnOnce(u64, bool) -> Result<Block, StoreError>,
    ) -> Result<u64, StoreError> {
        if let Some(first) = self.try_take(count) {
            return Ok(first);
        }
        let refill = self.lock();
        if let Some(first) = self.try_take(count) {
            return Ok(first); // another thread (or a batch) refilled while we waited
        }
        let block = reserve(count, refill.fresh())?;
        // SQNs past what the word can count stay unused (reserved, never handed out).
        let len = block.len.min(u64::from(MAX_SQN_BLOCK));
        if len < count {
            return Err(StoreError::SqnExhausted);
        }
        // What is left of the old block is dropped: it lies below the new block.
        self.word.store(self.after_take(block.first, len, count), Ordering::Release);
        Ok(block.first)
    }

    /// A re-synchronisation, under the refill lock: `decide(next)` is told the next SQN the
    /// current block would hand out (`None` when it is used up: the next comes from above the
    /// persisted mark) and returns the block to use instead, if any, which it must have
    /// reserved durably. An error changes nothing.
    pub(crate) fn resync(
        &self,
        decide: impl FnOnce(Option<u64>) -> Result<Option<Block>, StoreError>,
    ) -> Result<(), StoreError> {
        let refill = self.lock();
        let (next, left) = unpack(self.word.load(Ordering::Acquire));
        if let Some(block) = decide((left > 0).then_some(next))? {
            refill.install(block);
        }
        Ok(())
    }
}

/// A held refill lock of one [`SqnState`]: the way to install a block reserved elsewhere (the
/// batched reservation, which holds the locks of a whole batch across its one synced write).
pub(crate) struct Refill<'a> {
    state: &'a SqnState,
    _guard: MutexGuard<'a, ()>,
}

impl Refill<'_> {
    /// SQNs left in the current block.
    pub(crate) fn left(&self) -> u64 {
        self.state.left()
    }

    /// Whether the state never had a block: nothing was handed out from it, and its first
    /// block may be the subscriber's boot window.
    pub(crate) fn fresh(&self) -> bool {
        self.state.word.load(Ordering::Acquire) == 0
    }

    /// Replaces the current block with `block`, which must have been durably reserved while
    /// this lock was held (so it lies above every SQN this state, or any other, handed out).
    /// What is left of the old block is dropped: skipped, never reused. A taker racing with
    /// the swap either took from the old block before it or retries its CAS on the new one.
    pub(crate) fn install(&self, block: Block) {
        // SQNs past what the word can count stay unused (reserved, never handed out).
        let len = block.len.min(u64::from(MAX_SQN_BLOCK));
        self.state.word.store(pack(block.first, len), Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> SqnConfig {
        SqnConfig::default()
    }

    #[test]
    fn next_block_starts_above_the_mark() {
        let (block, mark) = next_block(0, 1, 10, cfg()).expect("room");
        assert_eq!(block.first, sqn::next(0, cfg()).expect("room"));
        assert_eq!(block.len, 10);
        assert_eq!(mark, sqn::reserve_block(0, 10, cfg()).expect("room"));
        let (again, _) = next_block(mark, 1, 10, cfg()).expect("room");
        assert!(again.first > mark);
    }

    #[test]
    fn next_block_shrinks_then_fails_at_the_top() {
        let top = sqn::join(sqn::SeqInd { seq: cfg().seq_max() - 3, ind: 4 }, cfg()).expect("ok");
        let (block, mark) = next_block(top, 1, 10, cfg()).expect("three left");
        assert_eq!(block.len, 3);
        assert!(matches!(next_block(mark, 1, 10, cfg()), Err(StoreError::SqnExhausted)));
        assert!(matches!(next_block(top, 4, 10, cfg()), Err(StoreError::SqnExhausted)));
    }

    #[test]
    fn take_hands_out_consecutive_sqns_and_refills() {
        let state = SqnState::new(cfg());
        let mut mark = 0;
        let mut reserve = |count: u64, _fresh: bool| {
            let (block, new_mark) = next_block(mark, count, 4, cfg())?;
            mark = new_mark;
            Ok(block)
        };
        let mut seen = Vec::new();
        for _ in 0..6 {
            let first = state.take(1, &mut reserve).expect("room");
            seen.push(first);
        }
        let expected: Vec<u64> =
            (1..=6).map(|i| sqn::reserve_block(0, i, cfg()).expect("room")).collect();
        assert_eq!(seen, expected);
        assert!(mark >= *seen.last().expect("six"));
    }

    #[test]
    fn a_refill_serves_its_caller_first() {
        let state = SqnState::new(cfg());
        let first = state.take(3, |count, _| Ok(next_block(0, count, 3, cfg())?.0)).expect("room");
        assert_eq!(first, sqn::next(0, cfg()).expect("room"));
        assert_eq!(unpack(state.word.load(Ordering::Acquire)).1, 0);
    }

    #[test]
    fn install_replaces_the_block_under_the_lock() {
        let state = SqnState::new(cfg());
        assert_eq!(state.left(), 0);
        let (block, mark) = next_block(0, 1, 5, cfg()).expect("room");
        state.lock().install(block);
        assert_eq!(state.left(), 5);
        let first = state.take(2, |_, _| unreachable!("the installed block serves")).expect("room");
        assert_eq!(first, block.first);
        assert_eq!(state.left(), 3);
        // A new block drops what was left of the old one, which lies below it.
        let (next, _) = next_block(mark, 1, 4, cfg()).expect("room");
        let refill = state.lock();
        refill.install(next);
        assert_eq!(refill.left(), 4);
        drop(refill);
        assert_eq!(
            state.take(1, |_, _| unreachable!("still in the block")).expect("room"),
            next.first
        );
    }

    #[test]
    fn resync_block_follows_the_card() {
        let ms = sqn::join(sqn::SeqInd { seq: 100, ind: 3 }, cfg()).expect("ok");
        let (block, mark) = resync_block(ms, 0x123, 5, cfg()).expect("room");
        assert_eq!(block.first, sqn::after_resync(ms, 0x123, cfg()).expect("room"));
        assert_eq!(sqn::split(block.first, cfg()).expect("ok").seq, 101);
        assert_eq!(mark, sqn::reserve_block(block.first, 4, cfg()).expect("room"));
    }

    #[test]
    fn resync_block_never_lowers_the_mark() {
        let mark = sqn::join(sqn::SeqInd { seq: 5000, ind: 4 }, cfg()).expect("ok");
        let behind = sqn::join(sqn::SeqInd { seq: 100, ind: 3 }, cfg()).expect("ok");
        let (block, new_mark) = resync_block(behind, mark, 5, cfg()).expect("room");
        assert_eq!(block.first, sqn::next(mark, cfg()).expect("room"));
        assert!(new_mark > mark);
    }

    #[test]
    fn resync_sees_the_block_and_may_replace_it() {
        let state = SqnState::new(cfg());
        let seen = state.resync(|next| Ok(next.map(|_| unreachable!("nothing left"))));
        assert!(seen.is_ok());
        let (block, mark) = next_block(0, 1, 5, cfg()).expect("room");
        state.lock().install(block);
        state
            .resync(|next| {
                assert_eq!(next, Some(block.first), "the next SQN the block hands out");
                Ok(None)
            })
            .expect("kept");
        assert_eq!(state.left(), 5, "a resync that changes nothing keeps the block");
        let ms = sqn::join(sqn::SeqInd { seq: 900, ind: 0 }, cfg()).expect("ok");
        let (after, _) = resync_block(ms, mark, 3, cfg()).expect("room");
        state.resync(|_| Ok(Some(after))).expect("replaced");
        assert_eq!(state.take(1, |_, _| unreachable!("in the block")).expect("room"), after.first);
        let failed = state.resync(|_| Err(StoreError::NoAuthData));
        assert!(matches!(failed, Err(StoreError::NoAuthData)));
        assert_eq!(state.left(), 2, "a failed resync changes nothing");
    }

    #[derive(Debug, Clone)]
    enum Step {
        Take(u64),
        Resync(u64),
    }

    fn step() -> impl proptest::strategy::Strategy<Value = Step> {
        use proptest::prelude::*;
        prop_oneof![(1u64..6).prop_map(Step::Take), (0u64..400).prop_map(Step::Resync)]
    }

    /// What the store does on a resync with `sqn_ms` (already verified), given the block's
    /// next SQN and the persisted mark: nothing when the next SQN would be accepted, or when
    /// even the block after the mark would not be (the USIM is too far behind), else the
    /// block [`resync_block`] gives, persisted first.
    fn model_resync(next: Option<u64>, mark: &mut u64, sqn_ms: u64) -> Option<Block> {
        let he_next = next.unwrap_or_else(|| sqn::next(*mark, cfg()).expect("room"));
        if sqn::usim_accepts(he_next, sqn_ms, cfg()).expect("48 bits") {
            return None;
        }
        let (block, new_mark) = resync_block(sqn_ms, *mark, 4, cfg()).expect("room");
        if !sqn::usim_accepts(block.first, sqn_ms, cfg()).expect("48 bits") {
            return None;
        }
        *mark = new_mark;
        Some(block)
    }

    proptest::proptest! {
        /// Takes and verified resyncs in any order: every SQN handed out is above every one
        /// before it (so none twice) and at or below the persisted mark.
        #[test]
        fn takes_and_resyncs_never_repeat_an_sqn(
            steps in proptest::collection::vec(step(), 1..80),
        ) {
            let state = SqnState::new(cfg());
            let mut mark = 0u64;
            let mut last = 0u64;
            for s in steps {
                match s {
                    Step::Take(count) => {
                        let first = state.take(count, |min, _| {
                            let (block, new_mark) = next_block(mark, min, 4.max(min), cfg())?;
                            mark = new_mark;
                            Ok(block)
                        })?;
                        let top = sqn::reserve_block(first, count - 1, cfg())?;
                        proptest::prop_assert!(first > last, "{first:#x} after {last:#x}");
                        proptest::prop_assert!(top <= mark);
                        last = top;
                    }
                    Step::Resync(seq) => {
                        let ms = sqn::join(sqn::SeqInd { seq, ind: seq % 32 }, cfg())?;
                        state.resync(|next| Ok(model_resync(next, &mut mark, ms)))?;
                        proptest::prop_assert!(mark >= last, "the mark never goes down");
                    }
                }
            }
        }
    }
}
