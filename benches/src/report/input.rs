//! What the report reads: a directory of runs written by `scripts/bench-matrix.sh`.
//!
//! A row of the report is a metadata file `NAME.meta.json` ([`RowMeta`]); its measurement is
//! the `hss-loadtest --json` report beside it (`NAME.json`, or the file the metadata names).
//! Only metadata files make rows, so warm-up reports and logs in the same directory are
//! ignored, and any other script (the freeDiameter comparison) adds rows by writing its
//! reports with a metadata file each, in the directory or a subdirectory of it. `run.json`
//! ([`RunInfo`]) describes the whole run: date, settings, the command that reproduces it.
//!
//! Every field but the row name is optional, so rows from other tools and older runs parse.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::ReportError;

/// Suffix of a row's metadata file.
const META_SUFFIX: &str = ".meta.json";

/// The run-wide description, `run.json`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RunInfo {
    /// When the matrix ran (as the script wrote it, e.g. `2026-11-23 18:40 UTC`).
    pub date: String,
    /// The one command that reproduces every figure, with its settings.
    pub command: String,
    /// True for a `QUICK=1` run (tiny counts: a check of the script, not a measurement).
    pub quick: bool,
    /// The settings the script ran with (environment name → value).
    pub settings: BTreeMap<String, String>,
    /// `rustc --version`.
    pub rustc: String,
    /// `git describe`-like revision of the measured tree.
    pub revision: String,
    /// `uname -srmo`.
    pub uname: String,
    /// `/proc/loadavg` before the first run and after the last.
    pub loadavg_start: String,
    pub loadavg_end: String,
}

/// One row's description, `NAME.meta.json`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RowMeta {
    /// The row's key; ratios find their rows by it (see `ratios`).
    pub row: String,
    /// The table's text for the row; the key when empty.
    pub label: String,
    /// The table the row goes in: `main`, `scale`, or any other name (one table each).
    pub group: String,
    /// The loadtest report file, relative to the metadata file; `NAME.json` when empty.
    pub report: String,
    /// Extra `hssd` flags of the run (beyond the listen, REST and store addresses).
    pub hssd_flags: String,
    /// Shards `hssd` reported at start.
    pub shards: Option<u32>,
    /// Subscribers in the store.
    pub subscribers: Option<u64>,
    /// `cold` (first request of every subscriber after a restart) or `warm`.
    pub cache: Option<String>,
    /// The `hss-loadtest` command line of the run.
    pub command: String,
    /// Draw this row in the throughput-over-time plot.
    pub plot: bool,
    /// Why the row was not measured (e.g. an `hssd` flag this build rejects).
    pub skipped: Option<String>,
    /// Free text shown under the table.
    pub note: Option<String>,
    /// `hssd`'s VmRSS before and after the run, KiB.
    pub rss_before_kib: Option<u64>,
    pub rss_after_kib: Option<u64>,
    /// Subscribers a cold pass brought into the cache, when fewer than `subscribers`.
    pub cached_subscribers: Option<u64>,
    /// Bulk import into this row's store: subscribers and seconds.
    pub imported: Option<u64>,
    pub import_secs: Option<f64>,
    /// After a restart on the existing store: seconds from spawning `hssd` to its start-up
    /// line, and to the first successful AIA.
    pub restart_listening_secs: Option<f64>,
    pub restart_serving_secs: Option<f64>,
    /// `hssd`'s CPU time (user + system, every thread) over the whole `hss-loadtest` run,
    /// warm-up included, and that run's wall time, seconds.
    pub hssd_cpu_secs: Option<f64>,
    pub run_secs: Option<f64>,
}

impl RowMeta {
    /// The label, or the key when there is none.
    pub fn title(&self) -> &str {
        if self.label.is_empty() { &self.row } else { &self.label }
    }
}

/// An `hss-loadtest --json` report: the fields the report uses (see loadtest's
/// `report/json.rs`, whose field names are an interface).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LoadReport {
    pub settings: LoadSettings,
    pub answers: u64,
    pub successes: u64,
    pub errors: Vec<ErrorCount>,
    pub timeouts: u64,
    pub dropped: u64,
    pub elapsed_secs: f64,
    pub throughput_per_sec: f64,
    pub latency_us: Latency,
    pub series: Vec<SecondSummary>,
    pub warmup: WarmupReport,
}

/// The warm-up counts of a loadtest report (the part the report uses).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct WarmupReport {
    pub answers: u64,
}

impl LoadReport {
    /// Requests that did not end in a success: error answers, timeouts, drops (open loop).
    pub fn failed(&self) -> u64 {
        self.errors.iter().map(|e| e.count).sum::<u64>() + self.timeouts + self.dropped
    }

    /// The per-second answer rates, without a last second cut short by the end of the run.
    pub fn whole_seconds(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        let whole = self.elapsed_secs.floor() as u64;
        self.series.iter().filter(move |s| s.second < whole).map(|s| (s.second, s.answers))
    }
}

/// The settings echoed in a loadtest report.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LoadSettings {
    pub scenario: Option<String>,
    /// `closed` or `open`.
    pub mode: String,
    pub peers: u64,
    pub window: u64,
    pub rate_per_sec: Option<f64>,
    pub vectors: u64,
    pub imsis: u64,
    pub threads: u64,
}

/// One Result-Code (or Experimental-Result-Code) and how many answers carried it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ErrorCount {
    pub count: u64,
}

/// Latency percentiles, microseconds.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Latency {
    pub p50: u64,
    pub p90: u64,
    pub p99: u64,
    pub p99_9: u64,
    pub max: u64,
}

/// One second of the measured period.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SecondSummary {
    pub second: u64,
    pub answers: u64,
}

/// A row: its metadata and, unless skipped or missing, its measurement.
#[derive(Debug, Clone)]
pub struct Row {
    pub meta: RowMeta,
    pub report: Option<LoadReport>,
}

impl Row {
    /// The measured throughput, when there is a measurement.
    pub fn throughput(&self) -> Option<f64> {
        self.report.as_ref().map(|r| r.throughput_per_sec)
    }

    /// Cores `hssd` kept busy on average over the run (CPU time ÷ wall time).
    pub fn hssd_cores(&self) -> Option<f64> {
        let cpu = self.meta.hssd_cpu_secs?;
        let wall = self.meta.run_secs.filter(|w| *w > 0.0)?;
        Some(cpu / wall)
    }

    /// `hssd`'s CPU time per answer, microseconds (warm-up answers included, as in the CPU
    /// time).
    pub fn hssd_cpu_us_per_answer(&self) -> Option<f64> {
        let cpu = self.meta.hssd_cpu_secs?;
        let r = self.report.as_ref()?;
        let answers = r.answers + r.warmup.answers;
        (answers > 0).then(|| cpu * 1e6 / answers as f64)
    }
}

/// Everything read from a run directory.
#[derive(Debug, Clone, Default)]
pub struct Runs {
    pub info: RunInfo,
    /// In the order the script wrote them (`order` of the metadata files' names, see
    /// [`read_dir`]).
    pub rows: Vec<Row>,
}

impl Runs {
    /// The row with this key.
    pub fn row(&self, key: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.meta.row == key)
    }

    /// The rows of one group, in order.
    pub fn group<'a>(&'a self, group: &'a str) -> impl Iterator<Item = &'a Row> + 'a {
        self.rows.iter().filter(move |r| r.meta.group == group)
    }
}

/// Reads `run.json` (optional) and every row under `dir`. Rows are ordered by file name, so
/// the script numbers them (`01-canned.meta.json`) to keep the matrix's order.
pub fn read_dir(dir: &Path) -> Result<Runs, ReportError> {
    let run_file = dir.join("run.json");
    let info = if run_file.exists() { read_json(&run_file)? } else { RunInfo::default() };
    let mut metas = Vec::new();
    find_meta_files(dir, &mut metas)?;
    metas.sort();
    let mut rows = Vec::with_capacity(metas.len());
    for path in metas {
        rows.push(read_row(&path)?);
    }
    Ok(Runs { info, rows })
}

fn find_meta_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ReportError> {
    let entries = fs::read_dir(dir).map_err(|source| ReportError::io(dir, source))?;
    for entry in entries {
        let path = entry.map_err(|source| ReportError::io(dir, source))?.path();
        if path.is_dir() {
            find_meta_files(&path, out)?;
        } else if path.to_str().is_some_and(|p| p.ends_with(META_SUFFIX)) {
            out.push(path);
        }
    }
    Ok(())
}

fn read_row(meta_path: &Path) -> Result<Row, ReportError> {
    let mut meta: RowMeta = read_json(meta_path)?;
    let name = meta_path.to_str().and_then(|p| p.strip_suffix(META_SUFFIX)).unwrap_or_default();
    if meta.row.is_empty() {
        meta.row = Path::new(name).file_name().and_then(|n| n.to_str()).unwrap_or("?").into();
    }
    if meta.group.is_empty() {
        meta.group = "other".into();
    }
    let report_path = if meta.report.is_empty() {
        PathBuf::from(format!("{name}.json"))
    } else {
        meta_path.parent().unwrap_or(Path::new(".")).join(&meta.report)
    };
    let report = if meta.skipped.is_none() && report_path.exists() {
        Some(read_json(&report_path)?)
    } else {
        None
    };
    Ok(Row { meta, report })
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, ReportError> {
    let text = fs::read_to_string(path).map_err(|source| ReportError::io(path, source))?;
    serde_json::from_str(&text)
        .map_err(|e| ReportError::Parse { path: path.to_owned(), message: e.to_string() })
}
