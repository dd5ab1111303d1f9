//! What a subscriber's re-synchronisations are checked against besides MAC-S, in memory with
//! its cache entry: the RANDs recently issued to it, and how many resyncs it asked for lately.
//!
//! An AUTS answers one RAND, and MAC-S binds the two, so a captured (RAND, AUTS) pair stays
//! valid forever. The HE therefore acts only on a RAND it issued recently and has not yet
//! resynchronised with ([`RecentRands`]), and at most [`RESYNCS_PER_WINDOW`] times per
//! [`RESYNC_WINDOW_SECS`] per subscriber ([`ResyncLimiter`]), which bounds the MILENAGE work
//! and synced writes a peer can cause.
//!
//! Hot path: every vector notes its RAND with one atomic add and one atomic store, no lock and
//! no allocation (the ring is allocated once per cache entry, on its first vector). Resyncs,
//! rare, scan the ring.
//!
//! Both live with the cache entry: a refill (a provisioning write, a restart) forgets them.
//! A RAND issued before is then refused ([`crate::auc::ResyncError::UnknownRand`]); the peer
//! still gets fresh vectors, and the USIM's next AUTS answers one of those.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

/// RANDs remembered per subscriber: the newest 16, the vectors of the last few requests (an
/// MME asks for 1 to 5 at a time). 68 bytes per subscriber that got a vector (a fingerprint of
/// 4 bytes each), which keeps a cached subscriber within its memory budget.
pub const RECENT_RANDS: usize = 16;
/// Resyncs admitted per subscriber in one window.
pub const RESYNCS_PER_WINDOW: u32 = 4;
/// The length of a rate-limit window, in seconds.
pub const RESYNC_WINDOW_SECS: u64 = 60;

/// Heap bytes a subscriber's ring takes once allocated (for the cache's byte gauge).
pub(crate) const RING_BYTES: usize = std::mem::size_of::<RecentRands>();

/// Set on a slot whose RAND served a resync.
const USED: u32 = 1 << 31;
/// An empty slot.
const EMPTY: u32 = 0;

/// A RAND in 31 bits, never [`EMPTY`]. RANDs are random, so a RAND the HE did not issue
/// matches one of the remembered ones with probability 16 × 2^-31; such a pair still fails
/// MAC-S, which binds the AUTS to the real RAND, so the fingerprint only has to keep replays
/// and made-up RANDs from costing MILENAGE work and writes.
fn fingerprint(rand: &[u8; 16]) -> u32 {
    let [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p] = *rand;
    let hi = u64::from_be_bytes([a, b, c, d, e, f, g, h]);
    let lo = u64::from_be_bytes([i, j, k, l, m, n, o, p]);
    // Mixes both halves (a RAND with equal halves does not fold to 0).
    let folded = hi ^ lo.rotate_left(29).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    // The high half of the mix: its best-mixed bits.
    (((folded >> 32) as u32) & !USED).max(1)
}

/// What the ring knows of a RAND.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seen {
    /// Issued recently, not yet used for a resync.
    Fresh,
    /// Issued recently and already used for a resync.
    Used,
    /// Not among the recent ones.
    Unknown,
}

/// The last [`RECENT_RANDS`] RANDs issued to one subscriber, as fingerprints.
#[derive(Debug)]
struct RecentRands {
    slots: [AtomicU32; RECENT_RANDS],
    /// The number of RANDs noted so far; the next goes to slot `next % RECENT_RANDS`.
    next: AtomicU32,
}

impl RecentRands {
    fn new() -> Self {
        Self { slots: std::array::from_fn(|_| AtomicU32::new(EMPTY)), next: AtomicU32::new(0) }
    }

    fn note(&self, rand: &[u8; 16]) {
        // RECENT_RANDS divides 2^32, so the ring stays in order when the counter wraps.
        let slot = self.next.fetch_add(1, Ordering::Relaxed) % RECENT_RANDS as u32;
        // slot < 16: the cast is exact.
        self.slots[slot as usize].store(fingerprint(rand), Ordering::Release);
    }

    fn seen(&self, rand: &[u8; 16]) -> Seen {
        let fp = fingerprint(rand);
        let mut seen = Seen::Unknown;
        for slot in &self.slots {
            match slot.load(Ordering::Acquire) {
                v if v == fp => return Seen::Fresh,
                v if v == fp | USED => seen = Seen::Used,
                _ => {}
            }
        }
        seen
    }

    fn mark_used(&self, rand: &[u8; 16]) {
        let fp = fingerprint(rand);
        for slot in &self.slots {
            // A slot a new RAND took meanwhile is left alone.
            let _ = slot.compare_exchange(fp, fp | USED, Ordering::AcqRel, Ordering::Acquire);
        }
    }
}

/// A fixed-window counter of resyncs: the window's number and the count in it, one word.
#[derive(Debug, Default)]
struct ResyncLimiter {
    /// `window << 8 | count`.
    word: AtomicU64,
}

impl ResyncLimiter {
    /// Counts one resync at `now_secs` (Unix time) and says whether it is admitted: at most
    /// [`RESYNCS_PER_WINDOW`] per window. A refused one is not counted. Around a window's
    /// edge up to twice the limit pass within one window's length.
    fn admit(&self, now_secs: u64) -> bool {
        let window = (now_secs / RESYNC_WINDOW_SECS) & (u64::MAX >> 8);
        self.word
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |word| {
                let (w, count) = (word >> 8, word & 0xff);
                if w != window {
                    Some(window << 8 | 1)
                } else if count < u64::from(RESYNCS_PER_WINDOW) {
                    Some(word + 1)
                } else {
                    None
                }
            })
            .is_ok()
    }
}

/// A subscriber's resync checks; part of its cache entry's AuC state.
#[derive(Debug, Default)]
pub(crate) struct ResyncGuard {
    rands: OnceLock<Box<RecentRands>>,
    limiter: ResyncLimiter,
}

impl ResyncGuard {
    /// Notes a RAND issued with a vector that has a SQN.
    #[inline]
    pub(crate) fn note(&self, rand: &[u8; 16]) {
        self.rands.get_or_init(|| Box::new(RecentRands::new())).note(rand);
    }

    /// What is known of `rand`.
    pub(crate) fn seen(&self, rand: &[u8; 16]) -> Seen {
        self.rands.get().map_or(Seen::Unknown, |r| r.seen(rand))
    }

    /// Records that `rand` served a resync: the same pair is refused from now on.
    pub(crate) fn mark_used(&self, rand: &[u8; 16]) {
        if let Some(r) = self.rands.get() {
            r.mark_used(rand);
        }
    }

    /// Counts a resync at `now_secs`; false when the subscriber is over the limit.
    pub(crate) fn admit(&self, now_secs: u64) -> bool {
        self.limiter.admit(now_secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rand(n: u64) -> [u8; 16] {
        let mut r = [0x42; 16];
        r[8..].copy_from_slice(&n.to_be_bytes());
        r
    }

    #[test]
    fn the_last_rands_are_remembered() {
        let guard = ResyncGuard::default();
        assert_eq!(guard.seen(&rand(0)), Seen::Unknown, "nothing issued yet");
        for n in 0..100 {
            guard.note(&rand(n));
        }
        for n in 100 - RECENT_RANDS as u64..100 {
            assert_eq!(guard.seen(&rand(n)), Seen::Fresh, "RAND {n}");
        }
        assert_eq!(guard.seen(&rand(100 - RECENT_RANDS as u64 - 1)), Seen::Unknown);
        assert_eq!(guard.seen(&rand(1000)), Seen::Unknown);
    }

    #[test]
    fn a_used_rand_stays_used_until_it_ages_out() {
        let guard = ResyncGuard::default();
        guard.note(&rand(1));
        guard.note(&rand(2));
        guard.mark_used(&rand(1));
        assert_eq!(guard.seen(&rand(1)), Seen::Used);
        assert_eq!(guard.seen(&rand(2)), Seen::Fresh);
        guard.mark_used(&rand(7)); // not there: nothing changes
        assert_eq!(guard.seen(&rand(2)), Seen::Fresh);
        for n in 10..10 + RECENT_RANDS as u64 {
            guard.note(&rand(n));
        }
        assert_eq!(guard.seen(&rand(1)), Seen::Unknown);
    }

    #[test]
    fn fingerprints_are_never_empty_or_flagged() {
        for r in [[0u8; 16], [0xff; 16], [7; 16], rand(3)] {
            let fp = fingerprint(&r);
            assert_ne!(fp, EMPTY);
            assert_eq!(fp & USED, 0);
        }
        assert_ne!(fingerprint(&[7; 16]), fingerprint(&[8; 16]));
    }

    #[test]
    fn the_limit_holds_per_window() {
        let limiter = ResyncLimiter::default();
        let start = 1_700_000_000 / RESYNC_WINDOW_SECS * RESYNC_WINDOW_SECS;
        for i in 0..RESYNCS_PER_WINDOW {
            assert!(limiter.admit(start + u64::from(i)), "resync {i}");
        }
        assert!(!limiter.admit(start + 30));
        assert!(!limiter.admit(start + RESYNC_WINDOW_SECS - 1), "full to the end of the window");
        assert!(limiter.admit(start + RESYNC_WINDOW_SECS), "a new window");
        assert!(limiter.admit(start), "a clock stepping back starts a window too");
    }
}
