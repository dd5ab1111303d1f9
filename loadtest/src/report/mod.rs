//! The outcome of a run: counts, Result-Codes, latency percentiles, throughput; printed as one
//! text block or as JSON.

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use serde_json::{Value, json};

use crate::client::ConnStats;
use crate::config::{Config, Plan};

/// How an unsuccessful answer reported its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResultKey {
    /// A Result-Code other than 2001.
    Result(u32),
    /// An Experimental-Result-Code (3GPP, e.g. 5001 DIAMETER_ERROR_USER_UNKNOWN).
    Experimental(u32),
}

impl fmt::Display for ResultKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Result(c) => write!(f, "Result-Code {c}"),
            Self::Experimental(c) => write!(f, "Experimental-Result-Code {c}"),
        }
    }
}

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
    /// The scenario's name.
    pub scenario: String,
    /// `--peers`.
    pub peers: usize,
    /// `--window`.
    pub window: usize,
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
    /// `--timeout-ms`.
    pub timeout_ms: u64,
    /// `--threads`.
    pub threads: usize,
}

impl Settings {
    pub(crate) fn from_plan(config: &Config, plan: &Plan) -> Self {
        Self {
            target: plan.target.to_string(),
            scenario: plan.scenario.name().to_owned(),
            peers: config.peers,
            window: config.window,
            vectors: config.vectors,
            imsi_start: config.imsi_start.clone(),
            imsis: config.imsis,
            requests: config.requests,
            duration_secs: config.duration,
            timeout_ms: config.timeout_ms,
            threads: config.threads,
        }
    }
}

/// What a run did. Every answer counts once: `answers = successes + errors + invalid`.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The settings of the run.
    pub settings: Settings,
    /// Requests written.
    pub sent: u64,
    /// Requests written, per command name (`AIR`, `ULR`).
    pub sent_by_command: BTreeMap<&'static str, u64>,
    /// Answers matched to a request.
    pub answers: u64,
    /// Answers with Result-Code 2001 and the expected content.
    pub successes: u64,
    /// Other answers, by Result-Code or Experimental-Result-Code.
    pub errors: BTreeMap<ResultKey, u64>,
    /// Answers that could not be read, or a success without what it must carry.
    pub invalid: u64,
    /// Requests without an answer within the timeout.
    pub timeouts: u64,
    /// Answers matching no outstanding request (including late answers to timed-out ones).
    pub unmatched: u64,
    /// Requests outstanding when their connection failed.
    pub aborted: u64,
    /// Requests the server sent (DWR, CLR, ...), each answered.
    pub server_requests: u64,
    /// Connections closed without a DPA to their DPR (not a failure).
    pub missing_dpa: u64,
    /// One line per failed connection: connect, CEA, I/O or framing.
    pub connection_errors: Vec<String>,
    /// From the first connection's CEA to the last answer (or timeout).
    pub elapsed: Duration,
    /// Answers per second over `elapsed`.
    pub throughput: f64,
    /// Send-to-answer latency of the matched answers, in microseconds.
    pub latency: LatencySummary,
}

impl Report {
    /// Adds up the connections' statistics. `started` stands in for the load's start when no
    /// connection got as far as its CEA.
    pub fn merge(settings: Settings, started: Instant, conns: &[ConnStats]) -> Self {
        let mut latency = Histogram::<u64>::new_with_bounds(1, crate::client::MAX_LATENCY_US, 3)
            .expect("constant histogram bounds are valid");
        let mut report = Self {
            settings,
            sent: 0,
            sent_by_command: BTreeMap::new(),
            answers: 0,
            successes: 0,
            errors: BTreeMap::new(),
            invalid: 0,
            timeouts: 0,
            unmatched: 0,
            aborted: 0,
            server_requests: 0,
            missing_dpa: 0,
            connection_errors: Vec::new(),
            elapsed: Duration::ZERO,
            throughput: 0.0,
            latency: LatencySummary::default(),
        };
        for c in conns {
            report.sent += c.sent;
            for (name, n) in &c.sent_by_command {
                *report.sent_by_command.entry(name).or_default() += n;
            }
            report.answers += c.answers;
            report.successes += c.successes;
            for (key, n) in &c.errors {
                *report.errors.entry(*key).or_default() += n;
            }
            report.invalid += c.invalid;
            report.timeouts += c.timeouts;
            report.unmatched += c.unmatched;
            report.aborted += c.aborted;
            report.server_requests += c.server_requests;
            report.missing_dpa += u64::from(c.open_at.is_some() && !c.dpa);
            if let Some(e) = &c.error {
                report.connection_errors.push(format!("peer {}: {e}", c.conn));
            }
            // Both histograms have the same bounds, so adding cannot fail.
            let _ = latency.add(&c.latency);
        }
        let start = conns.iter().filter_map(|c| c.open_at).min().unwrap_or(started);
        let end = conns.iter().filter_map(|c| c.drained_at).max().unwrap_or(start);
        report.elapsed = end.saturating_duration_since(start);
        report.throughput = throughput(report.answers, report.elapsed);
        report.latency = LatencySummary::from_histogram(&latency);
        report
    }

    /// Sum of the error counts.
    pub fn failed(&self) -> u64 {
        self.errors.values().sum()
    }

    /// True when every request succeeded: no error, invalid or unmatched answer, no timeout,
    /// no aborted request and no failed connection. The binary exits non-zero otherwise.
    pub fn passed(&self) -> bool {
        self.failed() == 0
            && self.invalid == 0
            && self.timeouts == 0
            && self.unmatched == 0
            && self.aborted == 0
            && self.connection_errors.is_empty()
    }

    /// The report as JSON.
    pub fn to_json(&self) -> Value {
        let s = &self.settings;
        let l = &self.latency;
        let errors: Vec<Value> = self
            .errors
            .iter()
            .map(|(k, n)| match k {
                ResultKey::Result(c) => json!({"result_code": c, "count": n}),
                ResultKey::Experimental(c) => json!({"experimental_result_code": c, "count": n}),
            })
            .collect();
        json!({
            "settings": {
                "target": s.target, "scenario": s.scenario, "peers": s.peers,
                "window": s.window, "vectors": s.vectors, "imsi_start": s.imsi_start,
                "imsis": s.imsis, "requests": s.requests, "duration_secs": s.duration_secs,
                "timeout_ms": s.timeout_ms, "threads": s.threads,
            },
            "passed": self.passed(),
            "sent": self.sent,
            "sent_by_command": self.sent_by_command,
            "answers": self.answers,
            "successes": self.successes,
            "errors": errors,
            "invalid": self.invalid,
            "timeouts": self.timeouts,
            "unmatched": self.unmatched,
            "aborted": self.aborted,
            "server_requests": self.server_requests,
            "missing_dpa": self.missing_dpa,
            "connection_errors": self.connection_errors,
            "elapsed_secs": self.elapsed.as_secs_f64(),
            "throughput_per_sec": self.throughput,
            "latency_us": {
                "samples": l.samples, "min": l.min, "p50": l.p50, "p90": l.p90,
                "p99": l.p99, "p99_9": l.p999, "max": l.max,
            },
        })
    }
}

/// Answers per second; zero over an empty interval.
pub(crate) fn throughput(answers: u64, elapsed: Duration) -> f64 {
    let secs = elapsed.as_secs_f64();
    if secs > 0.0 { answers as f64 / secs } else { 0.0 }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.settings;
        let l = &self.latency;
        let bound = match (s.requests, s.duration_secs) {
            (Some(r), Some(d)) => format!("{r} requests or {d} s"),
            (Some(r), None) => format!("{r} requests"),
            (None, Some(d)) => format!("{d} s"),
            (None, None) => "unbounded".into(),
        };
        writeln!(f, "hss-loadtest {} -> {}", s.scenario, s.target)?;
        writeln!(
            f,
            "  settings   {} peers x window {}, {} IMSIs from {}, {} vectors, {bound}, \
             timeout {} ms, {} threads",
            s.peers, s.window, s.imsis, s.imsi_start, s.vectors, s.timeout_ms, s.threads
        )?;
        let by_command: Vec<String> =
            self.sent_by_command.iter().map(|(c, n)| format!("{c} {n}")).collect();
        if by_command.is_empty() {
            writeln!(f, "  sent       {}", self.sent)?;
        } else {
            writeln!(f, "  sent       {} ({})", self.sent, by_command.join(", "))?;
        }
        writeln!(
            f,
            "  answers    {} in {:.3} s = {:.0}/s",
            self.answers,
            self.elapsed.as_secs_f64(),
            self.throughput
        )?;
        writeln!(f, "  successes  {}", self.successes)?;
        for (key, n) in &self.errors {
            writeln!(f, "  error      {key}: {n}")?;
        }
        writeln!(
            f,
            "  problems   invalid {}, timeouts {}, unmatched {}, aborted {}, missing DPA {}",
            self.invalid, self.timeouts, self.unmatched, self.aborted, self.missing_dpa
        )?;
        if self.server_requests > 0 {
            writeln!(f, "  server     {} requests answered", self.server_requests)?;
        }
        for e in &self.connection_errors {
            writeln!(f, "  connection {e}")?;
        }
        writeln!(
            f,
            "  latency us p50 {} p90 {} p99 {} p99.9 {} max {} ({} samples)",
            l.p50, l.p90, l.p99, l.p999, l.max, l.samples
        )?;
        write!(f, "  result     {}", if self.passed() { "PASS" } else { "FAIL" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::ConnStats;

    fn settings() -> Settings {
        Settings {
            target: "127.0.0.1:3868".into(),
            scenario: "air".into(),
            peers: 2,
            window: 4,
            vectors: 1,
            imsi_start: "001010000000001".into(),
            imsis: 10,
            requests: Some(100),
            duration_secs: None,
            timeout_ms: 1000,
            threads: 1,
        }
    }

    #[test]
    fn percentiles_of_a_known_distribution() {
        let mut h = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).expect("bounds");
        for v in 1..=1000u64 {
            h.record(v * 10).expect("in range");
        }
        let l = LatencySummary::from_histogram(&h);
        assert_eq!(l.samples, 1000);
        assert_eq!(l.min, 10);
        // Three significant digits: values within 0.1%.
        let near = |got: u64, want: u64| got.abs_diff(want) * 1000 <= want;
        assert!(near(l.p50, 5000), "{l:?}");
        assert!(near(l.p90, 9000), "{l:?}");
        assert!(near(l.p99, 9900), "{l:?}");
        assert!(near(l.p999, 9990), "{l:?}");
        assert!(near(l.max, 10_000), "{l:?}");
        let empty = Histogram::<u64>::new(3).expect("histogram");
        assert_eq!(LatencySummary::from_histogram(&empty), LatencySummary::default());
    }

    #[test]
    fn throughput_is_answers_over_elapsed() {
        assert_eq!(throughput(500, Duration::from_millis(250)), 2000.0);
        assert_eq!(throughput(500, Duration::ZERO), 0.0);
    }

    #[test]
    fn merging_adds_counts_codes_and_latencies() {
        let t0 = Instant::now();
        let mut a = ConnStats::new(0);
        a.sent = 10;
        a.sent_by_command.insert("AIR", 10);
        a.answers = 10;
        a.successes = 8;
        a.errors.insert(ResultKey::Experimental(5001), 2);
        a.open_at = Some(t0);
        a.drained_at = Some(t0 + Duration::from_secs(1));
        a.dpa = true;
        a.latency.record(100).expect("in range");
        let mut b = ConnStats::new(1);
        b.sent = 5;
        b.sent_by_command.insert("AIR", 5);
        b.answers = 4;
        b.successes = 3;
        b.errors.insert(ResultKey::Experimental(5001), 1);
        b.timeouts = 1;
        b.open_at = Some(t0 + Duration::from_millis(10));
        b.drained_at = Some(t0 + Duration::from_secs(2));
        b.latency.record(300).expect("in range");
        let r = Report::merge(settings(), t0, &[a, b]);
        assert_eq!((r.sent, r.answers, r.successes, r.timeouts), (15, 14, 11, 1));
        assert_eq!(r.sent_by_command.get("AIR"), Some(&15));
        assert_eq!(r.errors.get(&ResultKey::Experimental(5001)), Some(&3));
        assert_eq!(r.failed(), 3);
        assert_eq!(r.missing_dpa, 1);
        assert_eq!(r.elapsed, Duration::from_secs(2));
        assert_eq!(r.throughput, 7.0);
        assert_eq!((r.latency.samples, r.latency.min), (2, 100));
        assert!(!r.passed());
        let json = r.to_json();
        assert_eq!(json["errors"][0]["experimental_result_code"], 5001);
        assert_eq!(json["errors"][0]["count"], 3);
        assert_eq!(json["passed"], false);
        let text = r.to_string();
        assert!(text.contains("Experimental-Result-Code 5001: 3"), "{text}");
        assert!(text.ends_with("FAIL"), "{text}");
    }

    #[test]
    fn a_clean_run_passes_and_any_problem_fails_it() {
        let mut c = ConnStats::new(0);
        c.sent = 3;
        c.answers = 3;
        c.successes = 3;
        let t0 = Instant::now();
        assert!(Report::merge(settings(), t0, std::slice::from_ref(&c)).passed());
        let cases: [fn(&mut ConnStats); 5] = [
            |c| c.invalid = 1,
            |c| c.unmatched = 1,
            |c| c.aborted = 1,
            |c| c.error = Some("refused".into()),
            |c| {
                c.errors.insert(ResultKey::Result(5012), 1);
            },
        ];
        for spoil in cases {
            let mut bad = c.clone();
            spoil(&mut bad);
            assert!(!Report::merge(settings(), t0, &[bad]).passed());
        }
    }
}
