//! Counters of the requests the HSS originates, one set per [`OutboundKind`]: relaxed atomics
//! written where a request is routed, written and settled; never on an AIR's path.

use std::sync::atomic::{AtomicU64, Ordering};

use super::OutboundKind;

/// One kind's counters.
#[derive(Debug, Default)]
struct KindCounters {
    requested: AtomicU64,
    not_connected: AtomicU64,
    sent: AtomicU64,
    not_sent: AtomicU64,
    answered: AtomicU64,
    failed: AtomicU64,
    missing: AtomicU64,
}

/// The counters of every kind, and of answers that matched nothing.
#[derive(Debug, Default)]
pub struct OutboundCounters {
    kinds: [KindCounters; OutboundKind::ALL.len()],
    unmatched: AtomicU64,
}

/// A snapshot of one kind's counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KindStats {
    /// Requests routed (by a handler or the control plane).
    pub requested: u64,
    /// ... of which no open connection reached the destination: not sent.
    pub not_connected: u64,
    /// Written to a connection.
    pub sent: u64,
    /// Reached their connection but were not written: the peer was closing, its watchdog was
    /// not OKAY, its pending-answer table was full, or it closed first.
    pub not_sent: u64,
    /// Answers matched to a request sent.
    pub answered: u64,
    /// ... of which reported a failure (or no readable result).
    pub failed: u64,
    /// Sent, and no answer within the timeout or before the connection closed.
    pub missing: u64,
}

/// A snapshot of every kind's counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboundStats {
    kinds: [KindStats; OutboundKind::ALL.len()],
    /// Answers that matched no request this node had pending (late, duplicate or unknown).
    pub unmatched: u64,
}

impl std::ops::Index<OutboundKind> for OutboundStats {
    type Output = KindStats;

    fn index(&self, kind: OutboundKind) -> &KindStats {
        &self.kinds[kind.index()]
    }
}

/// Which counter an event moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event {
    Requested,
    NotConnected,
    Sent,
    NotSent,
    Answered { success: bool },
    Missing,
}

impl OutboundCounters {
    /// Counts `n` events of `kind`.
    pub(crate) fn count(&self, kind: OutboundKind, event: Event, n: u64) {
        let k = &self.kinds[kind.index()];
        let add = |c: &AtomicU64| c.fetch_add(n, Ordering::Relaxed);
        match event {
            Event::Requested => add(&k.requested),
            Event::NotConnected => add(&k.not_connected),
            Event::Sent => add(&k.sent),
            Event::NotSent => add(&k.not_sent),
            Event::Answered { success } => {
                if !success {
                    add(&k.failed);
                }
                add(&k.answered)
            }
            Event::Missing => add(&k.missing),
        };
    }

    /// Counts an answer that matched nothing.
    pub(crate) fn unmatched(&self) {
        self.unmatched.fetch_add(1, Ordering::Relaxed);
    }

    /// A snapshot.
    pub fn snapshot(&self) -> OutboundStats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let mut stats = OutboundStats { unmatched: get(&self.unmatched), ..Default::default() };
        for (s, k) in stats.kinds.iter_mut().zip(&self.kinds) {
            *s = KindStats {
                requested: get(&k.requested),
                not_connected: get(&k.not_connected),
                sent: get(&k.sent),
                not_sent: get(&k.not_sent),
                answered: get(&k.answered),
                failed: get(&k.failed),
                missing: get(&k.missing),
            };
        }
        stats
    }
}
