//! The engine's own counters (the I/O layer keeps its own, [`crate::io::IoStats`]): relaxed
//! atomics, written when connections open and close, when batches move between threads and
//! around the requests the HSS originates; an AIR or a ULR that moves no subscriber touches
//! none of them. Each counter is declared once, below; the snapshot type follows from it.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::outbound::{OutboundCounters, OutboundStats};

macro_rules! counters {
    ($($(#[doc = $doc:literal])+ $name:ident,)+) => {
        /// The counters, shared by every thread of the engine.
        #[derive(Debug, Default)]
        pub(crate) struct EngineCounters {
            $(pub(crate) $name: AtomicU64,)+
            /// Per kind of request the HSS originates.
            pub(crate) outbound: OutboundCounters,
        }

        /// A snapshot of the engine's counters ([`super::RunningEngine::stats`]).
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub struct EngineStats {
            $($(#[doc = $doc])+ pub $name: u64,)+
            /// The requests the HSS originated, per kind.
            pub outbound: OutboundStats,
        }

        impl EngineCounters {
            pub(crate) fn snapshot(&self) -> EngineStats {
                EngineStats {
                    $($name: self.$name.load(Ordering::Relaxed),)+
                    outbound: self.outbound.snapshot(),
                }
            }
        }
    };
}

counters! {
    /// Capabilities exchanges that succeeded (connections registered).
    peers_opened,
    /// Now: connections past their capabilities exchange and not yet closed (registered, or
    /// closing after a DPR).
    peers_open,
    /// Connections closed, whatever the reason (including those that never sent a CER).
    connections_closed,
    /// Commands (an outbound request, a disconnect, answers from another thread) dropped
    /// before their connection handled them: it closed first, or its shard stopped.
    commands_lost,
    /// Batches of requests handed by the shard reading a connection to another shard.
    handoff_batches,
    /// Requests in those batches.
    handoff_requests,
    /// Rounds of the slow lane: each one synced write for every cold request it took.
    slow_rounds,
    /// Cold requests served by the slow lane.
    slow_requests,
    /// Now: requests sent to the slow lane and not yet served.
    slow_queued,
    /// Cold requests answered 3004 DIAMETER_TOO_BUSY because the slow lane was full.
    slow_shed,
}

/// Adds one to `counter`.
pub(crate) fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}
