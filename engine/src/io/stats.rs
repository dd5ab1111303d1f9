//! Per-shard I/O counters: written by the shard's thread with relaxed atomics (an uncontended
//! add on the hot path), read from anywhere as an [`IoStats`] snapshot.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Per-shard counters, written by the shard's thread only.
#[derive(Debug, Default)]
pub(crate) struct ShardStats {
    pub(crate) accepted: AtomicU64,
    pub(crate) moved_out: AtomicU64,
    pub(crate) closed: AtomicU64,
    pub(crate) reads: AtomicU64,
    pub(crate) writes: AtomicU64,
    pub(crate) frames: AtomicU64,
    pub(crate) bytes_in: AtomicU64,
    pub(crate) bytes_out: AtomicU64,
}

pub(crate) fn add(counter: &AtomicU64, n: u64) {
    counter.fetch_add(n, Ordering::Relaxed);
}

/// A snapshot of one shard's counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IoStats {
    /// Connections this shard took on: accepted by its listener, or by another shard and
    /// handed over to this one.
    pub accepted: u64,
    /// Connections its listener accepted and handed to a shard with fewer open connections.
    pub moved_out: u64,
    /// Connections closed.
    pub closed: u64,
    /// Reads that returned data.
    pub reads: u64,
    /// Writes started (each a `write_all` of everything queued).
    pub writes: u64,
    /// Messages handed to handlers.
    pub frames: u64,
    /// Bytes read.
    pub bytes_in: u64,
    /// Bytes handed to writes.
    pub bytes_out: u64,
}

impl ShardStats {
    pub(crate) fn snapshot(&self) -> IoStats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        IoStats {
            accepted: get(&self.accepted),
            moved_out: get(&self.moved_out),
            closed: get(&self.closed),
            reads: get(&self.reads),
            writes: get(&self.writes),
            frames: get(&self.frames),
            bytes_in: get(&self.bytes_in),
            bytes_out: get(&self.bytes_out),
        }
    }
}

/// Reads every shard's counters from any thread ([`super::ShardSet::stats_reader`]), for the
/// control plane's metrics.
#[derive(Debug, Clone)]
pub struct IoStatsReader(pub(crate) Vec<Arc<ShardStats>>);

impl IoStatsReader {
    /// Each shard's counters now, indexed by shard.
    pub fn snapshot(&self) -> Vec<IoStats> {
        self.0.iter().map(|s| s.snapshot()).collect()
    }
}
