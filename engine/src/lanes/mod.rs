//! Requests served away from the connection that read them: handed to a less loaded shard
//! ([`handoff`] decides which), or deferred to the slow lane ([`slow_lane`]) when they need the
//! disk. Both travel as a [`batch::Batch`], whose answers come back to the connection for its
//! single write.

pub(crate) mod batch;
pub(crate) mod handoff;
pub(crate) mod slow_lane;
