//! Deterministic tests of the peer state machine: a fake MME, a clock moved by hand.

mod capabilities;
mod disconnect;
mod props;
mod requests;
pub(crate) mod support;
mod watchdog;
