//! What the data plane measures for `GET /metrics` (the control plane renders it through
//! [`api::ControlPort::metrics`], `render.rs`).
//!
//! - Per shard, a [`ShardMeter`] written only by that shard's thread: answers by (application,
//!   command, result) (`answers.rs`) and the latency of requests served (`histogram.rs`). A
//!   shard counts each answer when it queues it for its connection's write: at the end of a
//!   read for the answers written during that read (the requests it served itself, refusals,
//!   the peer layer's answers), and when answers served elsewhere (another shard, the slow
//!   lane) come home. One clock read per read (or per batch of answers coming home), no lock,
//!   no allocation, plain loads and stores of relaxed atomics on memory no other thread
//!   writes. A scrape merges the shards.
//! - The latency is the time from the completion of the read that brought a request to the
//!   moment its answer is queued for the connection's write (which follows at once, or after
//!   the write in flight): the same figure for every answer of one read, which all go out in
//!   the same write. It includes time spent on another shard or in the slow lane (a round's
//!   synced write) for requests served there.
//! - Everything else is read from counters the engine keeps anyway (`server/stats.rs`, the
//!   outbound counters, the I/O layer's per-shard counters, the peer table, the lanes'
//!   loads), plus the slow lane's round latency, written by its commit thread.

mod answers;
mod histogram;
mod render;

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub(crate) use answers::CommandIndex;
pub(crate) use histogram::Histogram;
pub(crate) use render::render;

use answers::AnswerTable;

/// Adds `n` to a counter that only the calling thread writes: a load and a store, no locked
/// instruction. Readers on other threads see it a little later.
#[inline]
pub(crate) fn add_owned(counter: &AtomicU64, n: u64) {
    counter.store(counter.load(Ordering::Relaxed).wrapping_add(n), Ordering::Relaxed);
}

/// An instant in 8 bytes where `Option<Instant>` takes 16 (so that a `lanes::batch::Batch`,
/// which carries when its requests were read, stays small): nanoseconds since the first stamp
/// taken in this process, plus one; 0 for none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Stamp(u64);

/// The instant stamps count from.
static EPOCH: OnceLock<Instant> = OnceLock::new();

impl Stamp {
    /// `at` (an instant before the first stamp counts as that one).
    pub(crate) fn of(at: Instant) -> Self {
        let epoch = *EPOCH.get_or_init(|| at);
        let nanos = u64::try_from(at.saturating_duration_since(epoch).as_nanos());
        Self(nanos.unwrap_or(u64::MAX - 1) + 1)
    }

    /// The instant, unless none was recorded.
    pub(crate) fn instant(self) -> Option<Instant> {
        let epoch = EPOCH.get()?;
        self.0.checked_sub(1).map(|nanos| *epoch + Duration::from_nanos(nanos))
    }
}

/// One shard's answer counters and latency histogram; only that shard's thread writes them.
#[derive(Debug)]
pub(crate) struct ShardMeter {
    answers: AnswerTable,
    latency: Histogram,
}

impl ShardMeter {
    /// A meter with the rows of `index`.
    pub(crate) fn new(index: &CommandIndex) -> Self {
        Self { answers: AnswerTable::new(index), latency: Histogram::default() }
    }

    /// Counts the answers in `bytes` (encoded messages, back to back; requests among them are
    /// skipped), queued now for the write of a connection whose requests were read at
    /// `received`. `now` is read only when there is an answer and no `now` is given.
    pub(crate) fn answered(
        &self,
        index: &CommandIndex,
        bytes: &[u8],
        received: Option<Instant>,
        now: Option<Instant>,
    ) {
        if bytes.is_empty() {
            return;
        }
        let answers = self.answers.count(index, bytes);
        if let (true, Some(received)) = (answers > 0, received) {
            let now = now.unwrap_or_else(Instant::now);
            self.latency.record(now.saturating_duration_since(received), answers);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_gives_its_instant_back() {
        let first = Instant::now();
        assert_eq!(Stamp::default().instant(), None);
        let later = first + Duration::from_millis(3);
        let _ = Stamp::of(first);
        let back = Stamp::of(later).instant().expect("recorded");
        assert!(back.saturating_duration_since(later) < Duration::from_micros(1));
        assert!(later.saturating_duration_since(back) < Duration::from_micros(1));
    }
}
