//! The HSS data plane: Diameter peer state machines, the application table and its handlers,
//! the io_uring shards, and the `hssd` binary, which also starts the control plane (`api`) on
//! its own threads ([`daemon::Daemon`]).
//!
//! Protocol logic here is sans-I/O: it takes decoded messages and the current time, writes
//! answers into caller-supplied buffers and says when it next needs a timer. Where a request
//! enters, is dispatched and is answered: `docs/ARCHITECTURE.md`, "Entry points".

pub mod apps;
pub mod config;
mod control;
pub mod daemon;
pub mod io;
mod lanes;
mod log_limit;
pub mod logging;
mod metrics;
pub mod outbound;
pub mod panics;
pub mod peer;
pub mod server;
pub mod settings;
