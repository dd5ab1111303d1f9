//! Requests served away from the connection that read them: handed to a less loaded shard
//! ([`handoff`] decides which), or deferred to the slow lane ([`slow_lane`]) when they need the
//! disk. Both travel as a [`batch::Batch`], whose answers come back to the connection for its
//! single write.

pub(crate) mod batch;
pub(crate) mod handoff;
pub(crate) mod slow_lane;

/// Most requests waiting for the slow lane at once (sent and not yet served); more are
/// answered 3004 DIAMETER_TOO_BUSY at once (`Services::to_slow_lane`). Sixteen full rounds:
/// at a few milliseconds per synced write, a request at the back waits well under a second.
pub(crate) const MAX_QUEUED: u64 = 16 * MAX_ROUND as u64;

/// Most requests one slow-lane round (one fill, and one synced write) takes.
pub(crate) const MAX_ROUND: usize = 4096;
