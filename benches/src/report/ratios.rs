//! The figures issue 5 sets targets for, computed from the rows by their keys.
//!
//! The keys are the contract with `scripts/bench-matrix.sh`: [`CANNED`], [`AIR`],
//! [`ONE_CONN`], [`ONE_SHARD`], [`AIR_TLS`], and the rows of group [`SCALE`] (one `cold` and one `warm`
//! row per subscriber count; the bulk import, restart and memory fields sit on either).
//! A figure whose rows are missing is reported as not measured rather than left out.

use super::format;
use super::input::{Row, Runs};

/// The canned-answer ceiling: `hssd --bench-echo` under AIR.
pub const CANNED: &str = "canned";
/// AIR with one vector, warm cache, the matrix's usual connections.
pub const AIR: &str = "air";
/// AIR over one connection, every shard serving (hand-off on).
pub const ONE_CONN: &str = "air-1conn";
/// AIR over one connection to a one-shard `hssd`.
pub const ONE_SHARD: &str = "air-1conn-1shard";
/// ULR, warm cache.
pub const ULR: &str = "ulr";
/// Cx MAR with one item, Cx SAR REGISTRATION with User-Data, a whole IMS registration (UAR,
/// MAR, SAR), Sh UDR of repository data.
pub const MAR: &str = "mar";
pub const SAR: &str = "sar";
pub const IMS_REGISTER: &str = "ims-register";
pub const UDR: &str = "udr";
/// S13 ECR with no EIR rule provisioned (every answer the default status), warm cache.
pub const ECR: &str = "ecr";
/// SWx MAR with one EAP-AKA' item (ANID `WLAN`), warm cache.
pub const SWX_MAR: &str = "swx-mar";
/// AIR as row [`AIR`], over Diameter over TLS/TCP (hssd's TLS listener, `hss-loadtest --tls`).
pub const AIR_TLS: &str = "air-tls";
/// The group of the subscriber-count rows.
pub const SCALE: &str = "scale";

/// What a figure should reach.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    AtLeast(f64),
    AtMost(f64),
    /// Reported without a target.
    None,
}

/// One figure: its value, how it was computed, its target.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub name: String,
    pub value: Option<f64>,
    /// The value as the table shows it (with its unit).
    pub shown: String,
    pub target: Target,
    /// The target as the table shows it.
    pub target_shown: String,
    /// The operands, e.g. `447,480/s ÷ 538,245/s`.
    pub how: String,
}

impl Figure {
    /// `pass`, `miss`, or `–` (no target or no value).
    pub fn verdict(&self) -> &'static str {
        match (self.value, self.target) {
            (Some(v), Target::AtLeast(t)) => pass_or_miss(v >= t),
            (Some(v), Target::AtMost(t)) => pass_or_miss(v <= t),
            _ => "–",
        }
    }

    fn missing(name: String, target: Target, target_shown: &str, why: &str) -> Self {
        Self {
            name,
            value: None,
            shown: "not measured".into(),
            target,
            target_shown: target_shown.into(),
            how: why.into(),
        }
    }
}

fn pass_or_miss(ok: bool) -> &'static str {
    if ok { "**pass**" } else { "**miss**" }
}

/// One subscriber count of the scale rows.
#[derive(Debug, Clone, Copy)]
pub struct ScalePoint<'a> {
    pub subscribers: u64,
    pub cold: Option<&'a Row>,
    pub warm: Option<&'a Row>,
}

impl<'a> ScalePoint<'a> {
    /// The first of the cold and warm rows' values of a metadata field.
    pub fn field<T>(&self, get: impl Fn(&'a Row) -> Option<T>) -> Option<T> {
        self.cold.and_then(&get).or_else(|| self.warm.and_then(&get))
    }

    /// Subscribers imported per second.
    pub fn import_rate(&self) -> Option<f64> {
        let imported = self.field(|r| r.meta.imported)?;
        let secs = self.field(|r| r.meta.import_secs).filter(|s| *s > 0.0)?;
        Some(imported as f64 / secs)
    }

    /// Growth of `hssd`'s resident memory per subscriber over the cold pass, bytes: from the
    /// cold row only (a warm row's memory figures say nothing about what the fills cost).
    pub fn bytes_per_subscriber(&self) -> Option<f64> {
        let cold = self.cold?;
        let before = cold.meta.rss_before_kib?;
        let after = cold.meta.rss_after_kib?;
        let cached = cold.meta.cached_subscribers.unwrap_or(self.subscribers);
        (cached > 0).then(|| (after as f64 - before as f64) * 1024.0 / cached as f64)
    }
}

/// The scale rows by subscriber count, ascending.
pub fn scale_points(runs: &Runs) -> Vec<ScalePoint<'_>> {
    let mut points: Vec<ScalePoint<'_>> = Vec::new();
    for row in runs.group(SCALE) {
        let Some(n) = row.meta.subscribers else { continue };
        let i = match points.iter().position(|p| p.subscribers == n) {
            Some(i) => i,
            None => {
                points.push(ScalePoint { subscribers: n, cold: None, warm: None });
                points.len() - 1
            }
        };
        match row.meta.cache.as_deref() {
            Some("cold") => points[i].cold = Some(row),
            _ => points[i].warm = Some(row),
        }
    }
    points.sort_by_key(|p| p.subscribers);
    points
}

/// A throughput ratio of two rows.
fn throughput_ratio(
    name: String,
    top: Option<&Row>,
    bottom: Option<&Row>,
    target: f64,
    missing: &str,
) -> Figure {
    let target_shown = format!("≥ {target}");
    match (top.and_then(Row::throughput), bottom.and_then(Row::throughput)) {
        (Some(a), Some(b)) if b > 0.0 => Figure {
            name,
            value: Some(a / b),
            shown: format::ratio(a / b),
            target: Target::AtLeast(target),
            target_shown,
            how: format!("{} ÷ {}", format::rate(a), format::rate(b)),
        },
        _ => Figure::missing(name, Target::AtLeast(target), &target_shown, missing),
    }
}

/// The IMS figures (issue 12), each only when the run has its row: MAR ÷ AIR and SAR ÷ ULR
/// (targets 0.8, with hssd's CPU per answer beside them), UDR ÷ AIR, and the registrations
/// per second of the `ims-register` row (three requests each).
fn ims_figures(runs: &Runs) -> Vec<Figure> {
    let mut out = Vec::new();
    let with_cpu = |f: Figure, top: &str, bottom: &str| with_cpu(runs, f, top, bottom);
    for (top, bottom, name) in
        [(MAR, AIR, "MAR (1 item) ÷ AIR (1 vector)"), (SAR, ULR, "SAR (with User-Data) ÷ ULR")]
    {
        if runs.row(top).is_some() {
            let missing = format!("needs rows `{top}` and `{bottom}`");
            let f = throughput_ratio(name.into(), runs.row(top), runs.row(bottom), 0.8, &missing);
            out.push(with_cpu(f, top, bottom));
        }
    }
    if runs.row(UDR).is_some() {
        let mut f = throughput_ratio(
            "UDR (repository data) ÷ AIR".into(),
            runs.row(UDR),
            runs.row(AIR),
            0.0,
            "needs rows `udr` and `air`",
        );
        f.target = Target::None;
        f.target_shown = "–".into();
        out.push(with_cpu(f, UDR, AIR));
    }
    if let Some(rate) = runs.row(IMS_REGISTER).and_then(Row::throughput) {
        out.push(Figure {
            name: "IMS registrations per second".into(),
            value: Some(rate / 3.0),
            shown: format::rate(rate / 3.0),
            target: Target::None,
            target_shown: "–".into(),
            how: format!("row `ims-register`: {} ÷ 3 requests (UAR, MAR, SAR)", format::rate(rate)),
        });
    }
    out
}

/// `f` with hssd's CPU per answer of rows `top` and `bottom` beside its operands, when both
/// rows have it and `f` a value.
fn with_cpu(runs: &Runs, mut f: Figure, top: &str, bottom: &str) -> Figure {
    let cpu = |key: &str| runs.row(key).and_then(Row::hssd_cpu_us_per_answer);
    if let (Some(t), Some(b), true) = (cpu(top), cpu(bottom), f.value.is_some()) {
        f.how =
            format!("{}; hssd CPU per answer {b:.1} ÷ {t:.1} µs = {}", f.how, format::ratio(b / t));
    }
    f
}

/// The S13 figure, only when the run has its row: ECR ÷ AIR (no target), with hssd's CPU per
/// answer beside it.
fn eir_figures(runs: &Runs) -> Vec<Figure> {
    if runs.row(ECR).is_none() {
        return Vec::new();
    }
    let mut f = throughput_ratio(
        "ECR ÷ AIR".into(),
        runs.row(ECR),
        runs.row(AIR),
        0.0,
        "needs rows `ecr` and `air`",
    );
    f.target = Target::None;
    f.target_shown = "–".into();
    vec![with_cpu(runs, f, ECR, AIR)]
}

/// The SWx figure, only when the run has its row: SWx MAR (one EAP-AKA' item) ÷ AIR (one
/// vector), no target, with hssd's CPU per answer beside it. Both take one SQN and one
/// MILENAGE run; the MAR adds the CK'/IK' derivation (one HMAC-SHA-256) and the AAA server's
/// registration read.
fn swx_figures(runs: &Runs) -> Vec<Figure> {
    if runs.row(SWX_MAR).is_none() {
        return Vec::new();
    }
    let mut f = throughput_ratio(
        "SWx MAR ÷ AIR".into(),
        runs.row(SWX_MAR),
        runs.row(AIR),
        0.0,
        "needs rows `swx-mar` and `air`",
    );
    f.target = Target::None;
    f.target_shown = "–".into();
    vec![with_cpu(runs, f, SWX_MAR, AIR)]
}

/// The TLS figure, only when the run has its row: AIR over TLS ÷ AIR over plain TCP (issue 15;
/// no target), with hssd's CPU per answer beside it: what encryption costs per answer.
fn tls_figures(runs: &Runs) -> Vec<Figure> {
    if runs.row(AIR_TLS).is_none() {
        return Vec::new();
    }
    let mut f = throughput_ratio(
        "AIR over TLS ÷ plain TCP".into(),
        runs.row(AIR_TLS),
        runs.row(AIR),
        0.0,
        "needs rows `air-tls` and `air`",
    );
    f.target = Target::None;
    f.target_shown = "–".into();
    vec![with_cpu(runs, f, AIR_TLS, AIR)]
}

/// Every figure, in the order of the issue.
pub fn figures(runs: &Runs) -> Vec<Figure> {
    let mut air = throughput_ratio(
        "AIR ÷ canned-answer ceiling".into(),
        runs.row(AIR),
        runs.row(CANNED),
        0.8,
        "needs rows `air` and `canned`",
    );
    // When the generator, not hssd, bounds both rows, hssd's CPU per answer tells the cost.
    let cpu = |key| runs.row(key).and_then(Row::hssd_cpu_us_per_answer);
    if let (Some(real), Some(canned), true) = (cpu(AIR), cpu(CANNED), air.value.is_some()) {
        air.how = format!(
            "{}; hssd CPU per answer {canned:.1} ÷ {real:.1} µs = {}",
            air.how,
            format::ratio(canned / real)
        );
    }
    let mut out = vec![air];
    let shards = runs.row(ONE_CONN).and_then(|r| r.meta.shards);
    let all = shards.map_or("all shards".to_owned(), |n| format!("{n} shards"));
    let mut one_conn = throughput_ratio(
        format!("one connection on {all} ÷ on one shard"),
        runs.row(ONE_CONN),
        runs.row(ONE_SHARD),
        1.7,
        "needs rows `air-1conn` and `air-1conn-1shard`",
    );
    // What the throughput ratio hides when the generator shares the cores: how much of the
    // machine hssd used in each case.
    let cores = |key| runs.row(key).and_then(Row::hssd_cores);
    if let (Some(all), Some(one), true) =
        (cores(ONE_CONN), cores(ONE_SHARD), one_conn.value.is_some())
    {
        one_conn.how = format!("{}; hssd busy {all:.2} ÷ {one:.2} cores", one_conn.how);
    }
    out.push(one_conn);
    out.extend(ims_figures(runs));
    out.extend(eir_figures(runs));
    out.extend(swx_figures(runs));
    out.extend(tls_figures(runs));
    let points = scale_points(runs);
    let (Some(small), Some(large)) = (points.first(), points.last()) else {
        out.extend(scale_missing());
        return out;
    };
    let n = format::thousands(large.subscribers);
    out.push(throughput_ratio(
        format!("{n} subscribers: cold ÷ warm"),
        large.cold,
        large.warm,
        0.5,
        "needs the cold and warm rows",
    ));
    out.push(throughput_ratio(
        format!("warm: {n} ÷ {} subscribers", format::thousands(small.subscribers)),
        large.warm,
        small.warm,
        0.8,
        "needs two subscriber counts",
    ));
    out.push(match large.bytes_per_subscriber() {
        Some(bytes) => Figure {
            name: "resident memory per cached subscriber".into(),
            value: Some(bytes),
            shown: format!("{} B", format::thousands(bytes.max(0.0).round() as u64)),
            target: Target::AtMost(1024.0),
            target_shown: "≤ 1 KiB".into(),
            how: format!(
                "VmRSS growth over the cold pass, {} subscribers cached (an upper bound: \
                 RocksDB's caches grow too)",
                format::thousands(
                    large.field(|r| r.meta.cached_subscribers).unwrap_or(large.subscribers)
                )
            ),
        },
        None => Figure::missing(
            "resident memory per cached subscriber".into(),
            Target::AtMost(1024.0),
            "≤ 1 KiB",
            "needs VmRSS before and after the cold pass",
        ),
    });
    out.push(match large.import_rate() {
        Some(rate) => Figure {
            name: "bulk import rate".into(),
            value: Some(rate),
            shown: format::rate(rate),
            target: Target::AtLeast(100_000.0),
            target_shown: "≥ 100,000/s".into(),
            how: format!(
                "{n} subscribers with keys in {} (REST, NDJSON chunks)",
                format::seconds(large.field(|r| r.meta.import_secs).unwrap_or_default())
            ),
        },
        None => Figure::missing(
            "bulk import rate".into(),
            Target::AtLeast(100_000.0),
            "≥ 100,000/s",
            "needs the import time",
        ),
    });
    out.push(match large.field(|r| r.meta.restart_serving_secs) {
        Some(secs) => Figure {
            name: format!("restart to serving, {n} subscribers"),
            value: Some(secs),
            shown: format::seconds(secs),
            target: Target::None,
            target_shown: "–".into(),
            how: match large.field(|r| r.meta.restart_listening_secs) {
                Some(l) => format!(
                    "spawn to first successful AIA; start-up line after {}",
                    format::seconds(l)
                ),
                None => "spawn to first successful AIA".into(),
            },
        },
        None => Figure::missing(
            "restart to serving".into(),
            Target::None,
            "–",
            "needs a restart on the filled store",
        ),
    });
    out
}

fn scale_missing() -> Vec<Figure> {
    let why = "needs the scale rows";
    vec![
        Figure::missing("largest count: cold ÷ warm".into(), Target::AtLeast(0.5), "≥ 0.5", why),
        Figure::missing("warm: largest ÷ smallest".into(), Target::AtLeast(0.8), "≥ 0.8", why),
        Figure::missing(
            "resident memory per cached subscriber".into(),
            Target::AtMost(1024.0),
            "≤ 1 KiB",
            why,
        ),
        Figure::missing("bulk import rate".into(), Target::AtLeast(100_000.0), "≥ 100,000/s", why),
        Figure::missing("restart to serving".into(), Target::None, "–", why),
    ]
}
