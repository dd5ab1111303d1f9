//! The report as JSON. Field names are an interface: `scripts/loadtest.sh` reads `answers`,
//! `elapsed_secs`, `throughput_per_sec`, `latency_us.{p50,p99,p99_9,max}`, `successes`,
//! `errors[].count` and `timeouts`.

use serde_json::{Value, json};

use super::Report;
use crate::judgement::ResultKey;

impl Report {
    /// The report as JSON.
    pub fn to_json(&self) -> Value {
        let s = &self.settings;
        let l = &self.latency;
        let w = &self.warmup;
        let c = &self.counts;
        let errors: Vec<Value> = c
            .errors
            .iter()
            .map(|(k, n)| match k {
                ResultKey::Result(c) => json!({"result_code": c, "count": n}),
                ResultKey::Experimental(c) => json!({"experimental_result_code": c, "count": n}),
            })
            .collect();
        let mix: Vec<Value> = s
            .mix
            .iter()
            .map(|(name, weight)| json!({"scenario": name, "weight": weight}))
            .collect();
        let scenarios: serde_json::Map<String, Value> = self
            .by_scenario
            .iter()
            .map(|(name, c)| (name.clone(), json!({"procedures": c.procedures, "sent": c.sent})))
            .collect();
        let series: Vec<Value> = self
            .series
            .iter()
            .map(|x| {
                json!({
                    "second": x.second, "answers": x.answers, "errors": x.errors,
                    "timeouts": x.timeouts, "p99_us": x.p99_us,
                })
            })
            .collect();
        json!({
            "settings": {
                "target": s.target, "transport": if s.tls { "tls" } else { "tcp" },
                "scenario": s.scenario, "mix": mix, "seed": s.seed,
                "mode": if s.rate.is_some() { "open" } else { "closed" },
                "peers": s.peers, "window": s.window, "rate_per_sec": s.rate,
                "max_outstanding": s.max_outstanding, "vectors": s.vectors,
                "imsi_start": s.imsi_start, "imsis": s.imsis, "requests": s.requests,
                "duration_secs": s.duration_secs, "warmup_secs": s.warmup_secs,
                "warmup_requests": s.warmup_requests, "timeout_ms": s.timeout_ms,
                "threads": s.threads,
            },
            "passed": self.passed(),
            "sent": c.sent,
            "sent_by_command": c.sent_by_command,
            "scenarios": scenarios,
            "answers": c.answers,
            "successes": c.successes,
            "errors": errors,
            "invalid": c.invalid,
            "timeouts": c.timeouts,
            "late": c.late,
            "dropped": c.dropped,
            "unmatched": c.unmatched,
            "aborted": c.aborted,
            "server_requests": c.server_requests,
            "missing_dpa": self.missing_dpa,
            "connection_errors": self.connection_errors,
            "elapsed_secs": self.elapsed.as_secs_f64(),
            "throughput_per_sec": self.throughput,
            "latency_us": {
                "samples": l.samples, "min": l.min, "p50": l.p50, "p90": l.p90,
                "p99": l.p99, "p99_9": l.p999, "max": l.max,
            },
            "warmup": {
                "sent": w.sent, "answers": w.answers, "successes": w.successes,
                "failures": w.failures, "timeouts": w.timeouts, "late": w.late,
                "dropped": w.dropped,
            },
            "series": series,
        })
    }
}
