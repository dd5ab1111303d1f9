//! What one connection counted ([`ConnStats`]): its [`Counters`], latencies and timestamps;
//! [`crate::Report::merge`] adds them up. Requests sent during the warm-up are counted apart
//! ([`WarmupCounts`]), so the counters, the latency histogram and the per-scenario counts hold
//! the measured period only.

use std::time::Instant;

use hdrhistogram::Histogram;

use crate::counters::Counters;

/// Latencies above this (60 s) are recorded as 60 s.
pub(crate) const MAX_LATENCY_US: u64 = 60_000_000;

/// A latency histogram of 1 us to 60 s at `digits` significant digits.
pub(crate) fn latency_histogram<T: hdrhistogram::Counter>(digits: u8) -> Histogram<T> {
    // Constant bounds (1 us to 60 s, 1 to 3 digits) that hdrhistogram accepts.
    Histogram::new_with_bounds(1, MAX_LATENCY_US, digits).expect("constant histogram bounds")
}

/// What the warm-up did: checked like the rest, reported apart and briefly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WarmupCounts {
    /// Requests written.
    pub sent: u64,
    /// Answers matched to a request.
    pub answers: u64,
    /// Answers judged a success.
    pub successes: u64,
    /// Answers judged a failure or invalid.
    pub failures: u64,
    /// Requests unanswered within the timeout.
    pub timeouts: u64,
    /// Open loop: requests sent late.
    pub late: u64,
    /// Open loop: requests never sent.
    pub dropped: u64,
}

impl WarmupCounts {
    /// Adds `other` to these counts.
    pub fn add(&mut self, other: &Self) {
        self.sent += other.sent;
        self.answers += other.answers;
        self.successes += other.successes;
        self.failures += other.failures;
        self.timeouts += other.timeouts;
        self.late += other.late;
        self.dropped += other.dropped;
    }

    /// True when the warm-up sent anything or gave up on a request.
    pub fn is_empty(&self) -> bool {
        self.sent == 0 && self.dropped == 0
    }
}

/// What one scenario of the mix did in the measured period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScenarioCounts {
    /// Procedures started (first requests sent).
    pub procedures: u64,
    /// Requests sent, every step counted.
    pub sent: u64,
}

/// What one connection did.
#[derive(Debug, Clone)]
pub struct ConnStats {
    /// The peer's index.
    pub conn: usize,
    /// What was sent and how it was answered in the measured period.
    pub counts: Counters,
    /// Procedures and requests per scenario, indexed like the mix's entries.
    pub by_scenario: Vec<ScenarioCounts>,
    /// Latency in microseconds, from the time each request was due to leave (its send time
    /// in a closed loop, its scheduled time in an open loop) to its answer.
    pub latency: Histogram<u64>,
    /// What the warm-up did.
    pub warmup: WarmupCounts,
    /// When the CEA accepted this peer.
    pub open_at: Option<Instant>,
    /// When the first request of the measured period was due.
    pub measured_at: Option<Instant>,
    /// When the last outstanding request was answered or timed out (or the connection failed).
    pub drained_at: Option<Instant>,
    /// True when the DPR was answered.
    pub dpa: bool,
    /// Why the connection failed, if it did.
    pub error: Option<String>,
}

impl ConnStats {
    /// Empty statistics for peer `conn`.
    pub fn new(conn: usize) -> Self {
        Self {
            conn,
            counts: Counters::default(),
            by_scenario: Vec::new(),
            latency: latency_histogram(3),
            warmup: WarmupCounts::default(),
            open_at: None,
            measured_at: None,
            drained_at: None,
            dpa: false,
            error: None,
        }
    }

    /// Requests written, warm-up included.
    pub fn sent_total(&self) -> u64 {
        self.counts.sent + self.warmup.sent
    }

    /// Answers matched, warm-up included.
    pub fn answers_total(&self) -> u64 {
        self.counts.answers + self.warmup.answers
    }

    /// Failed, invalid and unanswered requests, warm-up included.
    pub fn problems_total(&self) -> u64 {
        let c = &self.counts;
        c.failed() + c.invalid + c.timeouts + self.warmup.failures + self.warmup.timeouts
    }
}
