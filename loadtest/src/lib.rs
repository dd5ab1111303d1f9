//! hss-loadtest: plays MME peers (Diameter S6a), CSCF peers (Cx) or application servers (Sh)
//! against an HSS and reports throughput, latency and the answers' Result-Codes. Depends on `codec` only: its own tokio
//! client I/O, never the engine or the store.
//!
//! - [`Config`] is the command line and the library's settings (`--peers`, `--rate`, ...);
//! - [`provision()`] creates the subscribers of the run through the REST API (blocking, before
//!   the run): NDJSON bulk import in chunks, or one request per object on an older hssd;
//!   for a run with Cx or Sh requests, then one IMS subscription per IMSI; for a run with Sh
//!   requests, then the peers' AS permission entry and one piece of repository data per IMPU;
//! - [`run`] opens one TCP connection per peer (with TLS over it for `--tls`), exchanges
//!   capabilities, sends in a closed loop (`window` outstanding on each) or an open loop
//!   (`--rate`, latency from the scheduled times), warm-up apart, closes with DPR, and
//!   returns a [`Report`] with a per-second series;
//! - [`Scenario`] says which requests one procedure sends ([`ScenarioKind`] holds the built-in
//!   ones: AIR, ULR, attach = AIR then ULR, PUR, DWR; UAR, MAR, SAR, LIR, ims-register = UAR,
//!   MAR, SAR; UDR), a [`Mix`] picks one per procedure by weight, and [`Step`] encodes each
//!   request and checks its answer.
//!
//! The protocol logic of a connection is sans-I/O (`client`, with the open loop's `schedule`):
//! bytes and `now` in, bytes out, and a deadline to wake up at; `conn` is the thin tokio driver
//! around it.

mod client;
mod config;
mod conn;
mod counters;
mod error;
mod imsi;
mod judgement;
mod plan;
mod progress;
mod provision;
mod report;
mod scenario;
mod schedule;
mod series;
mod server;
mod stats;
mod step;
mod tls;

use std::sync::Arc;
use std::time::Instant;

pub use config::{Config, DEFAULT_REQUESTS, DEFAULT_SCSCF_NAME};
pub use counters::Counters;
pub use error::LoadError;
pub use imsi::{ImsiRange, Partition, imei_of, ims_domain, plmn_id, write_ims_identities};
pub use judgement::{Judgement, ResultKey};
pub use provision::{ProvisionSummary, provision};
pub use report::{LatencySummary, Report, Settings};
pub use scenario::{Mix, MixEntry, MixSpec, Scenario, ScenarioKind};
pub use series::SecondSummary;
pub use stats::{ConnStats, ScenarioCounts, WarmupCounts};
pub use step::{RequestContext, SERVICE_INDICATION, Step};

/// Runs the load described by `config` with its built-in scenario or `--mix`; see
/// [`run_mix`].
pub async fn run(config: &Config) -> Result<Report, LoadError> {
    run_mix(config, config.scenario_mix()?).await
}

/// Runs the load with any [`Scenario`] alone; see [`run_mix`].
pub async fn run_scenario(
    config: &Config,
    scenario: Arc<dyn Scenario>,
) -> Result<Report, LoadError> {
    run_mix(config, Mix::single(scenario)).await
}

/// Runs the load with a [`Mix`] of scenarios: one task per peer connection on the current
/// runtime, progress on stderr when it is a terminal (and not `quiet`). Connection failures
/// are reported in [`Report::connection_errors`], not as an error.
pub async fn run_mix(config: &Config, mix: Mix) -> Result<Report, LoadError> {
    let plan = Arc::new(plan::Plan::new(config, mix)?);
    let display = progress::wanted(config.quiet).then(|| {
        // A bar towards the request count, unless a timed warm-up comes first.
        let total = match config.warmup {
            Some(_) => None,
            None => config.requests.map(|r| r + config.warmup_requests.unwrap_or(0)),
        };
        progress::Display::start(Arc::clone(&plan.progress), total)
    });
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
    if let Some(display) = display {
        display.finish();
    }
    let mut report = Report::merge(Settings::from_plan(config, &plan), started, &stats);
    report.series = plan.series.summaries();
    Ok(report)
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
