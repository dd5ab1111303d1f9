//! The report as one text block, a line per aspect; lines about what did not happen (no
//! warm-up, no mix, closed loop) are left out.

use std::fmt;

use super::Report;

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.settings;
        let l = &self.latency;
        let c = &self.counts;
        let bound = match (s.requests, s.duration_secs) {
            (Some(r), Some(d)) => format!("{r} requests or {d} s"),
            (Some(r), None) => format!("{r} requests"),
            (None, Some(d)) => format!("{d} s"),
            (None, None) => "unbounded".into(),
        };
        let pacing = match s.rate {
            Some(rate) => format!(
                "{} peers at {rate}/s in total (open loop, at most {} outstanding each)",
                s.peers, s.max_outstanding
            ),
            None => format!("{} peers x window {}", s.peers, s.window),
        };
        let tls = if s.tls { " over TLS" } else { "" };
        writeln!(f, "hss-loadtest {} -> {}{tls}", s.scenario, s.target)?;
        writeln!(
            f,
            "  settings   {pacing}, {} IMSIs from {}, {} vectors, {bound}, timeout {} ms, \
             {} threads",
            s.imsis, s.imsi_start, s.vectors, s.timeout_ms, s.threads
        )?;
        if s.mix.len() > 1 {
            let weights: Vec<String> = s.mix.iter().map(|(n, w)| format!("{n}={w}")).collect();
            writeln!(f, "  mix        {} (seed {})", weights.join(","), s.seed)?;
        }
        let w = &self.warmup;
        if !w.is_empty() {
            let secs = s.warmup_secs.map(|x| format!("{x} s, ")).unwrap_or_default();
            writeln!(
                f,
                "  warm-up    {secs}sent {}, answers {}, successes {}, failures {}, timeouts {}\
                 {} (not counted below)",
                w.sent,
                w.answers,
                w.successes,
                w.failures,
                w.timeouts,
                if s.rate.is_some() {
                    format!(", late {}, dropped {}", w.late, w.dropped)
                } else {
                    String::new()
                },
            )?;
        }
        let by_command: Vec<String> =
            c.sent_by_command.iter().map(|(name, n)| format!("{name} {n}")).collect();
        if by_command.is_empty() {
            writeln!(f, "  sent       {}", c.sent)?;
        } else {
            writeln!(f, "  sent       {} ({})", c.sent, by_command.join(", "))?;
        }
        if self.by_scenario.len() > 1 {
            let by_scenario: Vec<String> = self
                .by_scenario
                .iter()
                .map(|(name, n)| format!("{name} {} ({} requests)", n.procedures, n.sent))
                .collect();
            writeln!(f, "  procedures {}", by_scenario.join(", "))?;
        }
        if s.rate.is_some() {
            writeln!(
                f,
                "  schedule   late {} (sent > 5 ms behind), dropped {} (never sent)",
                c.late, c.dropped
            )?;
        }
        writeln!(
            f,
            "  answers    {} in {:.3} s = {:.0}/s",
            c.answers,
            self.elapsed.as_secs_f64(),
            self.throughput
        )?;
        writeln!(f, "  successes  {}", c.successes)?;
        for (key, n) in &c.errors {
            writeln!(f, "  error      {key}: {n}")?;
        }
        writeln!(
            f,
            "  problems   invalid {}, timeouts {}, unmatched {}, aborted {}, missing DPA {}",
            c.invalid, c.timeouts, c.unmatched, c.aborted, self.missing_dpa
        )?;
        if c.server_requests > 0 {
            writeln!(f, "  server     {} requests answered", c.server_requests)?;
        }
        for e in &self.connection_errors {
            writeln!(f, "  connection {e}")?;
        }
        writeln!(
            f,
            "  latency us p50 {} p90 {} p99 {} p99.9 {} max {} ({} samples{})",
            l.p50,
            l.p90,
            l.p99,
            l.p999,
            l.max,
            l.samples,
            if s.rate.is_some() { ", from scheduled times" } else { "" }
        )?;
        // Full seconds only: the last one is usually partial.
        let full = &self.series[..self.series.len().saturating_sub(1)];
        if let (Some(lo), Some(hi)) =
            (full.iter().min_by_key(|x| x.answers), full.iter().max_by_key(|x| x.answers))
        {
            let worst = full.iter().max_by_key(|x| x.p99_us).unwrap_or(hi);
            let errors = full.iter().map(|x| x.errors + x.timeouts).max().unwrap_or(0);
            writeln!(
                f,
                "  per second answers {}..{}, errors+timeouts at most {}, worst p99 {} us \
                 (second {}), over {} full seconds",
                lo.answers,
                hi.answers,
                errors,
                worst.p99_us,
                worst.second,
                full.len()
            )?;
        }
        write!(f, "  result     {}", if self.passed() { "PASS" } else { "FAIL" })
    }
}
