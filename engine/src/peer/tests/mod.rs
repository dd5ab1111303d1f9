//! Deterministic tests of the peer state machine: a fake MME, a clock moved by hand.

mod capabilities;
mod disconnect;
mod props;
mod requests;
mod support;
mod watchdog;
