//! Rate limits for the log lines a peer can cause in bulk (a flood of connections, CERs
//! refused by the hundred): at most a stated number of lines per second per kind of event,
//! across all shards. The lines held back are counted, and the next line that passes carries
//! that count as `suppressed`, so nothing goes unnoticed and the log cannot be flooded.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::Instant;

/// One kind of event's budget.
#[derive(Debug)]
pub(crate) struct LogLimit {
    per_second: u32,
    /// The second (since the process's first limited event) the count is for.
    second: AtomicU64,
    count: AtomicU32,
    suppressed: AtomicU64,
}

fn seconds() -> u64 {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    EPOCH.get_or_init(Instant::now).elapsed().as_secs()
}

impl LogLimit {
    /// A budget of `per_second` lines each second.
    pub(crate) const fn new(per_second: u32) -> Self {
        Self {
            per_second,
            second: AtomicU64::new(0),
            count: AtomicU32::new(0),
            suppressed: AtomicU64::new(0),
        }
    }

    /// Whether a line may be written now: `Some(n)` with the lines held back since the last
    /// one written, `None` when this one is held back (and counted).
    pub(crate) fn admit(&self) -> Option<u64> {
        self.admit_at(seconds())
    }

    fn admit_at(&self, now: u64) -> Option<u64> {
        let second = self.second.load(Ordering::Relaxed);
        if second != now
            && self
                .second
                .compare_exchange(second, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            self.count.store(0, Ordering::Relaxed);
        }
        if self.count.fetch_add(1, Ordering::Relaxed) < self.per_second {
            Some(self.suppressed.swap(0, Ordering::Relaxed))
        } else {
            self.suppressed.fetch_add(1, Ordering::Relaxed);
            None
        }
    }
}

/// Peers connecting and disconnecting.
pub(crate) static PEER_EVENTS: LogLimit = LogLimit::new(20);

/// Connections closed for a fault (a CER refused or missing, a lost watchdog).
pub(crate) static PEER_FAULTS: LogLimit = LogLimit::new(20);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_cut_and_counted() {
        let limit = LogLimit::new(3);
        let first: Vec<_> = (0..10).map(|_| limit.admit_at(5)).collect();
        assert_eq!(first, [Some(0), Some(0), Some(0), None, None, None, None, None, None, None]);
        // The next second: the first line says what was held back.
        assert_eq!(limit.admit_at(6), Some(7));
        assert_eq!(limit.admit_at(6), Some(0));
    }
}
