//! hss-loadtest: plays MME peers against an HSS over Diameter S6a and reports throughput,
//! latency and the answers' Result-Codes. Depends on `codec` only: its own tokio client I/O,
//! never the engine or the store.
//!
//! - [`Config`] is the command line and the library's settings (`--peers`, `--window`, ...);
//! - [`provision()`] creates the subscribers of the run through the REST API (blocking, before
//!   the run);
//! - [`run`] opens one TCP connection per peer, exchanges capabilities, keeps `window` requests
//!   outstanding on each, closes with DPR, and returns a [`Report`];
//! - [`Scenario`] says which requests one procedure sends ([`ScenarioKind`] holds the built-in
//!   ones: AIR, ULR, attach = AIR then ULR) and [`Step`] encodes each and checks its answer.
//!
//! The protocol logic of a connection is sans-I/O (`client`): bytes and `now` in, bytes out,
//! and a deadline to wake up at; `conn` is the thin tokio driver around it.

mod client;
mod config;
mod conn;
mod imsi;
mod provision;
mod report;
mod scenario;

use std::sync::Arc;
use std::time::Instant;

pub use client::ConnStats;
pub use config::{Config, DEFAULT_REQUESTS};
pub use imsi::{ImsiRange, Partition, plmn_id};
pub use provision::{ProvisionSummary, provision};
pub use report::{LatencySummary, Report, ResultKey, Settings};
pub use scenario::{RequestContext, Scenario, ScenarioKind, Step, Verdict};

/// Why a run or a provisioning could not be carried out. Failed requests are not errors: they
/// are counted in the [`Report`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// A setting is out of range or malformed; `field` names the flag without its dashes.
    #[error("invalid --{field}: {reason}")]
    Config {
        /// The flag, e.g. `window`.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The target address did not resolve.
    #[error("cannot resolve target {target}: {source}")]
    Resolve {
        /// `--target` as given.
        target: String,
        /// The resolver's error.
        source: std::io::Error,
    },
    /// A provisioning request failed or was refused.
    #[error("provisioning {request} failed: {detail}")]
    Provision {
        /// Method and URL, e.g. `POST http://127.0.0.1:8080/subscribers`.
        request: String,
        /// The transport error, or the HTTP status and the body of the answer.
        detail: String,
    },
    /// The tokio runtime could not be built.
    #[error("cannot start the runtime: {0}")]
    Runtime(std::io::Error),
}

/// Runs the load described by `config` with its built-in scenario; see [`run_scenario`].
pub async fn run(config: &Config) -> Result<Report, LoadError> {
    run_scenario(config, Arc::new(config.scenario)).await
}

/// Runs the load with any [`Scenario`]: one task per peer connection on the current runtime.
/// Connection failures are reported in [`Report::connection_errors`], not as an error.
pub async fn run_scenario(
    config: &Config,
    scenario: Arc<dyn Scenario>,
) -> Result<Report, LoadError> {
    let plan = Arc::new(config::Plan::new(config, scenario)?);
    let started = Instant::now();
    let tasks: Vec<_> =
        (0..plan.peers).map(|i| tokio::spawn(conn::drive(Arc::clone(&plan), i))).collect();
    let mut stats = Vec::with_capacity(tasks.len());
    for (i, task) in tasks.into_iter().enumerate() {
        match task.await {
            Ok(s) => stats.push(s),
            Err(e) => {
                let mut s = ConnStats::new(i);
                s.error = Some(format!("connection task failed: {e}"));
                stats.push(s);
            }
        }
    }
    Ok(Report::merge(Settings::from_plan(config, &plan), started, &stats))
}

/// Builds the multi-thread runtime of `config.threads` worker threads and runs [`run`] on it.
pub fn run_blocking(config: &Config) -> Result<Report, LoadError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(config.threads.max(1))
        .enable_all()
        .build()
        .map_err(LoadError::Runtime)?;
    runtime.block_on(run(config))
}
