//! A latency histogram with one writer: fixed log-scale buckets (1-2.5-5 per decade, 5 µs to
//! 1 s), an atomic counter per bucket and the sum, written by one thread with plain loads and
//! stores (no locked instruction), read by any thread. Readers of several histograms merge
//! their snapshots.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::add_owned;

/// The buckets' upper bounds in seconds, as `GET /metrics` shows them (`le`).
pub(crate) const BOUNDS_SECONDS: [f64; 17] = [
    0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005,
    0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
];

/// The same bounds in nanoseconds, which [`Histogram::record`] compares with.
const BOUNDS_NS: [u64; 17] = [
    5_000,
    10_000,
    25_000,
    50_000,
    100_000,
    250_000,
    500_000,
    1_000_000,
    2_500_000,
    5_000_000,
    10_000_000,
    25_000_000,
    50_000_000,
    100_000_000,
    250_000_000,
    500_000_000,
    1_000_000_000,
];

/// Buckets, the last one above every bound.
pub(crate) const BUCKETS: usize = BOUNDS_NS.len() + 1;

/// A histogram written by one thread.
#[derive(Debug, Default)]
pub(crate) struct Histogram {
    buckets: [AtomicU64; BUCKETS],
    sum_ns: AtomicU64,
}

impl Histogram {
    /// Records `n` observations of `elapsed` each. Only the owning thread calls this.
    pub(crate) fn record(&self, elapsed: Duration, n: u64) {
        let nanos = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
        let i = BOUNDS_NS.iter().position(|&bound| nanos <= bound).unwrap_or(BOUNDS_NS.len());
        add_owned(&self.buckets[i], n);
        add_owned(&self.sum_ns, nanos.saturating_mul(n));
    }

    /// What it holds now.
    pub(crate) fn snapshot(&self) -> Snapshot {
        Snapshot {
            counts: std::array::from_fn(|i| self.buckets[i].load(Ordering::Relaxed)),
            sum_ns: self.sum_ns.load(Ordering::Relaxed),
        }
    }
}

/// A histogram's counts (not cumulative) and sum, possibly of several merged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Snapshot {
    pub(crate) counts: [u64; BUCKETS],
    pub(crate) sum_ns: u64,
}

impl Snapshot {
    /// Adds `other` into this one.
    pub(crate) fn merge(&mut self, other: &Snapshot) {
        for (c, o) in self.counts.iter_mut().zip(&other.counts) {
            *c = c.wrapping_add(*o);
        }
        self.sum_ns = self.sum_ns.wrapping_add(other.sum_ns);
    }

    /// Observations in all buckets.
    #[cfg(test)]
    pub(crate) fn count(&self) -> u64 {
        self.counts.iter().fold(0u64, |sum, c| sum.wrapping_add(*c))
    }

    /// The sum in seconds.
    pub(crate) fn sum_seconds(&self) -> f64 {
        self.sum_ns as f64 / 1e9
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_bound_tables_agree() {
        for (s, ns) in BOUNDS_SECONDS.iter().zip(BOUNDS_NS) {
            assert_eq!((s * 1e9).round() as u64, ns);
        }
        assert!(BOUNDS_NS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn observations_land_in_the_first_bucket_that_holds_them() {
        let h = Histogram::default();
        h.record(Duration::from_micros(5), 2); // on the bound: that bucket
        h.record(Duration::from_nanos(5_001), 1);
        h.record(Duration::from_secs(3), 1); // above every bound
        let s = h.snapshot();
        assert_eq!((s.counts[0], s.counts[1], s.counts[BUCKETS - 1], s.count()), (2, 1, 1, 4));
        assert_eq!(s.sum_ns, 10_000 + 5_001 + 3_000_000_000);
        let mut merged = Snapshot::default();
        merged.merge(&s);
        merged.merge(&s);
        assert_eq!(merged.count(), 8);
        assert!((merged.sum_seconds() - 6.00003).abs() < 1e-6);
    }
}
