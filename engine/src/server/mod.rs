//! The running data plane: [`Engine::start`] composes the application table, the peer
//! configuration, the shards (one [`HssConnection`] per accepted connection), the lanes and the
//! slow lane's threads over one store, and returns the [`RunningEngine`].
//!
//! - `services.rs`: what every thread shares, and how requests, answers and outbound
//!   requests travel between threads.
//! - `connection.rs`: one connection, between the I/O driver, the peer state machine, the
//!   application table and the lanes.
//! - `command.rs`: what another thread can ask of one connection.
//! - `engine.rs`: start, counters, shutdown. `stats.rs`: the counters, declared once.
//!
//! # Identity advertised in CEA
//!
//! - Host-IP-Address: the listening address when it is a specific one; when it is unspecified
//!   (`0.0.0.0`, `::`) the loopback address of its family.
//! - Vendor-Id [`VENDOR_ID`] (0: this product has no IANA enterprise number; RFC 6733 §5.3.3
//!   says 0 is used when none applies). 3GPP applications are advertised as
//!   Vendor-Specific-Application-Id with vendor 10415, as TS 29.272 §7.1.8 requires.
//! - Product-Name [`PRODUCT_NAME`]; Origin-State-Id: the start time in Unix seconds, so it
//!   changes on every restart.

mod command;
mod connection;
mod engine;
pub(crate) mod services;
mod stats;

#[cfg(test)]
mod tests;

pub use command::Command;
pub use connection::HssConnection;
pub use engine::{
    DEFAULT_SHUTDOWN_GRACE, Engine, PRODUCT_NAME, RunningEngine, StartError, VENDOR_ID,
};
pub use stats::EngineStats;
