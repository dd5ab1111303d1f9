//! The Prometheus text exposition format 0.0.4, written by whoever has metrics to show: the
//! data plane through [`super::ControlPort::metrics`], the store and the REST layer in
//! `GET /metrics`.
//!
//! ```text
//! # HELP hss_diameter_answers_total Answers written, by application, command and result.
//! # TYPE hss_diameter_answers_total counter
//! hss_diameter_answers_total{application="S6a/S6d",command="AIR",result="2001",result_type="result"} 41
//! ```
//!
//! [`Exposition`] keeps the format's rules, so no writer has to: each family's `# HELP` and
//! `# TYPE` once and before its samples, the samples of a family together (a family is never
//! started twice), label values escaped (`\\`, `\"`, `\n`), histograms as cumulative
//! `_bucket{le=...}` series ending in `+Inf`, with `_sum` and `_count`.

use std::collections::HashSet;
use std::fmt::{self, Write as _};

/// The content type of the text this module writes (the `Content-Type` of `GET /metrics`).
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// What a family's samples measure (its `# TYPE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Only goes up (or restarts at 0 with the process); the name ends in `_total`.
    Counter,
    /// A value now, up or down.
    Gauge,
    /// Observations in buckets, with their sum and count.
    Histogram,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Counter => "counter",
            Kind::Gauge => "gauge",
            Kind::Histogram => "histogram",
        }
    }
}

/// A histogram's state: `counts[i]` observations at most `bounds[i]` (and above `bounds[i-1]`),
/// the last entry of `counts` those above every bound; `sum` of all observations. Not
/// cumulative: [`Exposition::histogram`] accumulates.
#[derive(Debug, Clone, Copy)]
pub struct Buckets<'a> {
    /// Upper bounds, ascending (without `+Inf`).
    pub bounds: &'a [f64],
    /// One more entry than `bounds`.
    pub counts: &'a [u64],
    /// Sum of the observations, in the unit of the bounds.
    pub sum: f64,
}

/// Prometheus text being written; [`Exposition::finish`] gives it.
#[derive(Debug, Default)]
pub struct Exposition {
    text: String,
    /// Families started so far.
    families: HashSet<String>,
    /// The family samples are written to now, and its kind.
    current: Option<(String, Kind)>,
}

impl Exposition {
    /// Empty.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts family `name` of `kind` with its `# HELP` text; the samples written next belong
    /// to it. Returns false (and writes nothing, and ignores the samples that follow until the
    /// next family) when the family was started before or the name is not a valid metric name.
    pub fn family(&mut self, name: &str, kind: Kind, help: &str) -> bool {
        if !valid_name(name, true) || !self.families.insert(name.to_owned()) {
            debug_assert!(false, "metric family {name} invalid or written twice");
            self.current = None;
            return false;
        }
        let _ = writeln!(self.text, "# HELP {name} {}", Escaped { text: help, quotes: false });
        let _ = writeln!(self.text, "# TYPE {name} {}", kind.name());
        self.current = Some((name.to_owned(), kind));
        true
    }

    /// One sample of the current family (a counter or a gauge), with `labels`.
    pub fn sample(&mut self, labels: &[(&str, &str)], value: impl Into<Value>) {
        let Some((name, Kind::Counter | Kind::Gauge)) = &self.current else { return };
        write_sample(&mut self.text, name, "", labels, None, value.into());
    }

    /// One histogram of the current family (of kind [`Kind::Histogram`]), with `labels`.
    pub fn histogram(&mut self, labels: &[(&str, &str)], buckets: &Buckets<'_>) {
        let Some((name, Kind::Histogram)) = &self.current else { return };
        debug_assert_eq!(buckets.counts.len(), buckets.bounds.len() + 1);
        let mut cumulative = 0u64;
        let mut le = String::new();
        for (i, &count) in buckets.counts.iter().enumerate() {
            cumulative = cumulative.saturating_add(count);
            le.clear();
            match buckets.bounds.get(i) {
                Some(bound) => {
                    let _ = write!(le, "{}", Value::Float(*bound));
                }
                None => le.push_str("+Inf"),
            }
            let text = &mut self.text;
            write_sample(text, name, "_bucket", labels, Some(&le), Value::Int(cumulative));
        }
        write_sample(&mut self.text, name, "_sum", labels, None, Value::Float(buckets.sum));
        write_sample(&mut self.text, name, "_count", labels, None, Value::Int(cumulative));
    }

    /// A family of one sample without labels.
    pub fn single(&mut self, name: &str, kind: Kind, help: &str, value: impl Into<Value>) {
        if self.family(name, kind, help) {
            self.sample(&[], value);
        }
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.text
    }
}

/// A sample's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// A count or another whole number.
    Int(u64),
    /// A measurement.
    Float(f64),
}

impl From<u64> for Value {
    fn from(v: u64) -> Self {
        Value::Int(v)
    }
}

impl From<usize> for Value {
    fn from(v: usize) -> Self {
        Value::Int(v as u64)
    }
}

impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Float(v)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Value::Int(v) => write!(f, "{v}"),
            Value::Float(v) if v.is_nan() => f.write_str("NaN"),
            Value::Float(v) if v.is_infinite() => {
                f.write_str(if v > 0.0 { "+Inf" } else { "-Inf" })
            }
            Value::Float(v) => write!(f, "{v}"),
        }
    }
}

/// `name{labels,le="le"} value`; invalid label names are left out.
fn write_sample(
    text: &mut String,
    name: &str,
    suffix: &str,
    labels: &[(&str, &str)],
    le: Option<&str>,
    value: Value,
) {
    text.push_str(name);
    text.push_str(suffix);
    let mut first = true;
    let all = labels.iter().copied().chain(le.map(|le| ("le", le)));
    for (label, value) in all.filter(|(label, _)| valid_name(label, false)) {
        text.push(if first { '{' } else { ',' });
        first = false;
        let _ = write!(text, "{label}=\"{}\"", Escaped { text: value, quotes: true });
    }
    if !first {
        text.push('}');
    }
    let _ = writeln!(text, " {value}");
}

/// A metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`) or, without colons, a label name.
fn valid_name(name: &str, colons: bool) -> bool {
    let ok = |c: char, first: bool| {
        c.is_ascii_alphabetic()
            || c == '_'
            || (colons && c == ':')
            || (!first && c.is_ascii_digit())
    };
    let mut chars = name.chars();
    chars.next().is_some_and(|c| ok(c, true)) && chars.all(|c| ok(c, false))
}

/// Text with `\` and line feeds escaped, and `"` too in a label value.
struct Escaped<'a> {
    text: &'a str,
    quotes: bool,
}

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.text.chars() {
            match c {
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '"' if self.quotes => f.write_str("\\\"")?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_have_help_and_type_once_before_their_samples() {
        let mut e = Exposition::new();
        assert!(e.family("hss_x_total", Kind::Counter, "Things.\nCounted \\ here."));
        e.sample(&[("kind", "a")], 3u64);
        e.sample(&[("kind", "b")], 4u64);
        e.single("hss_y", Kind::Gauge, "Now.", 0.5);
        assert_eq!(
            e.finish(),
            "# HELP hss_x_total Things.\\nCounted \\\\ here.\n\
             # TYPE hss_x_total counter\n\
             hss_x_total{kind=\"a\"} 3\n\
             hss_x_total{kind=\"b\"} 4\n\
             # HELP hss_y Now.\n\
             # TYPE hss_y gauge\n\
             hss_y 0.5\n"
        );
    }

    #[test]
    fn label_values_are_escaped() {
        let mut e = Exposition::new();
        e.family("hss_peers", Kind::Gauge, "Peers.");
        e.sample(&[("host", "a\"b\\c\nd"), ("bad-name", "x"), ("realm", "r")], 1u64);
        let text = e.finish();
        assert!(text.ends_with("hss_peers{host=\"a\\\"b\\\\c\\nd\",realm=\"r\"} 1\n"), "{text}");
    }

    #[test]
    fn histograms_are_cumulative_and_end_in_inf() {
        let mut e = Exposition::new();
        e.family("hss_latency_seconds", Kind::Histogram, "Latency.");
        let buckets = Buckets { bounds: &[0.001, 0.25], counts: &[2, 0, 5], sum: 1.5 };
        e.histogram(&[("shard", "0")], &buckets);
        let text = e.finish();
        let samples: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            samples,
            [
                "hss_latency_seconds_bucket{shard=\"0\",le=\"0.001\"} 2",
                "hss_latency_seconds_bucket{shard=\"0\",le=\"0.25\"} 2",
                "hss_latency_seconds_bucket{shard=\"0\",le=\"+Inf\"} 7",
                "hss_latency_seconds_sum{shard=\"0\"} 1.5",
                "hss_latency_seconds_count{shard=\"0\"} 7",
            ]
        );
    }

    #[test]
    fn a_family_is_started_once_and_samples_match_its_kind() {
        let mut e = Exposition::new();
        e.family("hss_a_total", Kind::Counter, "A.");
        e.histogram(&[], &Buckets { bounds: &[], counts: &[1], sum: 0.0 });
        assert!(!e.finish().contains("_bucket"), "a counter has no buckets");
        assert!(
            !valid_name("9lives", true) && !valid_name("a:b", false) && valid_name("a:b", true)
        );
        assert_eq!(Value::Float(f64::INFINITY).to_string(), "+Inf");
        assert_eq!(Value::Float(2.5e-5).to_string(), "0.000025");
    }
}
