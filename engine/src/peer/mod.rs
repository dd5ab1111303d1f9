//! Filled in by the peer state machine work.
