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
    pub(crate) refused_total: AtomicU64,
    pub(crate) refused_per_address: AtomicU64,
    pub(crate) refused_unopened: AtomicU64,
    pub(crate) slow_readers: AtomicU64,
    pub(crate) outstanding_paused: AtomicU64,
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
    /// Writes started (each of everything queued; a partial write's rest is not counted again).
    pub writes: u64,
    /// Messages handed to handlers.
    pub frames: u64,
    /// Bytes read.
    pub bytes_in: u64,
    /// Bytes handed to writes.
    pub bytes_out: u64,
    /// Connections its listener accepted and closed at once: the open connections of all
    /// shards had reached [`IoConfig::max_connections`](super::IoConfig::max_connections)
    /// (after the descriptor reserve).
    pub refused_total: u64,
    /// As `refused_total`, for [`IoConfig::max_connections_per_address`](super::IoConfig::max_connections_per_address).
    pub refused_per_address: u64,
    /// As `refused_total`, for [`IoConfig::max_unopened`](super::IoConfig::max_unopened).
    pub refused_unopened: u64,
    /// Connections closed because the peer did not read
    /// ([`ConnectionEnd::SlowReader`](super::ConnectionEnd::SlowReader), any [`Stall`](super::Stall)).
    pub slow_readers: u64,
    /// Times a connection stopped reading because its requests waiting on other threads
    /// reached [`IoConfig::max_outstanding_per_connection`](super::IoConfig::max_outstanding_per_connection).
    pub outstanding_paused: u64,
}

impl IoStats {
    /// Connections refused for any cap.
    pub fn refused(&self) -> u64 {
        self.refused_total + self.refused_per_address + self.refused_unopened
    }
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
            refused_total: get(&self.refused_total),
            refused_per_address: get(&self.refused_per_address),
            refused_unopened: get(&self.refused_unopened),
            slow_readers: get(&self.slow_readers),
            outstanding_paused: get(&self.outstanding_paused),
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
