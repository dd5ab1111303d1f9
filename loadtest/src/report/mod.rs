//! The outcome of a run: counts, Result-Codes, latency percentiles, throughput, the per-second
//! series and the warm-up apart; printed as one text block (`text`) or as JSON (`json`).

mod json;
mod text;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;

use crate::config::Config;
use crate::counters::Counters;
use crate::plan::Plan;
use crate::series::SecondSummary;
use crate::stats::{ConnStats, ScenarioCounts, WarmupCounts, latency_histogram};

/// Latency percentiles of the answered requests, in microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LatencySummary {
    /// Number of latencies recorded (one per matched answer).
    pub samples: u64,
    /// Lowest latency.
    pub min: u64,
    /// Median.
    pub p50: u64,
    /// 90th percentile.
    pub p90: u64,
    /// 99th percentile.
    pub p99: u64,
    /// 99.9th percentile.
    pub p999: u64,
    /// Highest latency (capped at 60 s).
    pub max: u64,
}

impl LatencySummary {
    /// Reads the percentiles of `h` (all zero when it is empty).
    pub fn from_histogram(h: &Histogram<u64>) -> Self {
        if h.is_empty() {
            return Self::default();
        }
        Self {
            samples: h.len(),
            min: h.min(),
            p50: h.value_at_quantile(0.50),
            p90: h.value_at_quantile(0.90),
            p99: h.value_at_quantile(0.99),
            p999: h.value_at_quantile(0.999),
            max: h.max(),
        }
    }
}

/// The settings a report was made with, echoed in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The resolved target address.
    pub target: String,
    /// `--tls`: the connections ran Diameter over TLS/TCP.
    pub tls: bool,
    /// The scenario's name (`mix` for several).
    pub scenario: String,
    /// The scenarios and their weights, in mix order (one of weight 1 without `--mix`).
    pub mix: Vec<(String, u32)>,
    /// `--seed` of the mix.
    pub seed: u64,
    /// `--peers`.
    pub peers: usize,
    /// `--window` (closed loop).
    pub window: usize,
    /// `--rate`: requests per second in total, when the run is an open loop.
    pub rate: Option<f64>,
    /// `--max-outstanding` (open loop).
    pub max_outstanding: usize,
    /// `--vectors`.
    pub vectors: u32,
    /// `--imsi-start`.
    pub imsi_start: String,
    /// `--imsis`.
    pub imsis: u64,
    /// `--requests`, if bounded by a count.
    pub requests: Option<u64>,
    /// `--duration`, if bounded by time.
    pub duration_secs: Option<f64>,
    /// `--warmup`, if the warm-up is timed.
    pub warmup_secs: Option<f64>,
    /// `--warmup-requests`, if the warm-up is counted.
    pub warmup_requests: Option<u64>,
    /// `--timeout-ms`.
    pub timeout_ms: u64,
    /// `--threads`.
    pub threads: usize,
}

impl Settings {
    pub(crate) fn from_plan(config: &Config, plan: &Plan) -> Self {
        let mix = plan.mix.entries().iter();
        Self {
            target: plan.target.to_string(),
            tls: plan.tls.is_some(),
            scenario: plan.mix.name(),
            mix: mix.map(|e| (e.scenario.name().to_owned(), e.weight)).collect(),
            seed: config.seed,
            peers: config.peers,
            window: config.window,
            rate: config.rate,
            max_outstanding: config.max_outstanding,
            vectors: config.vectors,
            imsi_start: config.imsi_start.clone(),
            imsis: config.imsis,
            requests: config.requests,
            duration_secs: config.duration,
            warmup_secs: config.warmup,
            warmup_requests: config.warmup_requests,
            timeout_ms: config.timeout_ms,
            threads: config.threads,
        }
    }
}

/// What a run did: the connections' [`Counters`] added up, latency, throughput and the series
/// of the measured period; the warm-up is counted apart in [`Report::warmup`].
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The settings of the run.
    pub settings: Settings,
    /// What was sent and how it was answered, over every connection.
    pub counts: Counters,
    /// Procedures started and requests written, per scenario name.
    pub by_scenario: BTreeMap<String, ScenarioCounts>,
    /// Connections closed without a DPA to their DPR (not a failure).
    pub missing_dpa: u64,
    /// One line per failed connection: connect, CEA, I/O or framing.
    pub connection_errors: Vec<String>,
    /// From the first measured request's scheduled time to the last answer (or timeout).
    pub elapsed: Duration,
    /// Answers per second over `elapsed`.
    pub throughput: f64,
    /// Latency of the matched answers in microseconds, from each request's due time.
    pub latency: LatencySummary,
    /// What the warm-up did.
    pub warmup: WarmupCounts,
    /// Answers, errors, timeouts and p99 of each second of the measured period.
    pub series: Vec<SecondSummary>,
}

impl Report {
    /// Adds up the connections' statistics. `started` stands in for the load's start when no
    /// connection got as far as its CEA. The series is not in the connections' statistics:
    /// [`crate::run_mix`] sets it.
    pub fn merge(settings: Settings, started: Instant, conns: &[ConnStats]) -> Self {
        let mut latency = latency_histogram::<u64>(3);
        let mut report = Self {
            settings,
            counts: Counters::default(),
            by_scenario: BTreeMap::new(),
            missing_dpa: 0,
            connection_errors: Vec::new(),
            elapsed: Duration::ZERO,
            throughput: 0.0,
            latency: LatencySummary::default(),
            warmup: WarmupCounts::default(),
            series: Vec::new(),
        };
        for c in conns {
            report.counts.add(&c.counts);
            for (i, counts) in c.by_scenario.iter().enumerate() {
                let name = match report.settings.mix.get(i) {
                    Some((name, _)) => name.clone(),
                    None => format!("#{i}"),
                };
                let total = report.by_scenario.entry(name).or_default();
                total.procedures += counts.procedures;
                total.sent += counts.sent;
            }
            report.missing_dpa += u64::from(c.open_at.is_some() && !c.dpa);
            report.warmup.add(&c.warmup);
            if let Some(e) = &c.error {
                report.connection_errors.push(format!("peer {}: {e}", c.conn));
            }
            // Both histograms have the same bounds, so adding cannot fail.
            let _ = latency.add(&c.latency);
        }
        let opened = conns.iter().filter_map(|c| c.open_at).min().unwrap_or(started);
        let start = conns.iter().filter_map(|c| c.measured_at).min().unwrap_or(opened);
        let end = conns.iter().filter_map(|c| c.drained_at).max().unwrap_or(start);
        report.elapsed = end.saturating_duration_since(start);
        report.throughput = throughput(report.counts.answers, report.elapsed);
        report.latency = LatencySummary::from_histogram(&latency);
        report
    }

    /// Sum of the error counts.
    pub fn failed(&self) -> u64 {
        self.counts.failed()
    }

    /// True when every request succeeded: no error, invalid or unmatched answer, no timeout,
    /// no aborted or dropped request, no failed connection, and a warm-up without failures,
    /// timeouts or drops either. The binary exits non-zero otherwise. Late requests pass.
    pub fn passed(&self) -> bool {
        let (c, w) = (&self.counts, &self.warmup);
        c.failed() == 0
            && c.invalid == 0
            && c.timeouts == 0
            && c.unmatched == 0
            && c.aborted == 0
            && c.dropped == 0
            && self.connection_errors.is_empty()
            && w.failures == 0
            && w.timeouts == 0
            && w.dropped == 0
    }
}

/// Answers per second; zero over an empty interval.
pub(crate) fn throughput(answers: u64, elapsed: Duration) -> f64 {
    let secs = elapsed.as_secs_f64();
    if secs > 0.0 { answers as f64 / secs } else { 0.0 }
}

#[cfg(test)]
mod tests;
