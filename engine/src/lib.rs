//! The HSS data plane: Diameter peer state machines, the application handlers, the io_uring
//! shards, and the `hssd` binary, which also starts the control plane (`api`) on its own
//! threads ([`daemon::Daemon`]).
//!
//! Protocol logic here is sans-I/O: it takes decoded messages and the current time, writes
//! answers into caller-supplied buffers and says when it next needs a timer.

pub mod apps;
pub mod config;
pub mod daemon;
pub mod io;
pub mod peer;
pub mod server;
