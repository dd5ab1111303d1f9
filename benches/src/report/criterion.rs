//! Criterion's micro-benchmark results: `<criterion dir>/**/new/estimates.json` (the median
//! and its confidence interval) beside `benchmark.json` (the benchmark's full name), as
//! `cargo bench -p benches` leaves them in the target directory.

use std::fs;
use std::path::Path;

use serde::Deserialize;

use super::ReportError;

/// One micro-benchmark's median time.
#[derive(Debug, Clone, PartialEq)]
pub struct Micro {
    /// Criterion's full id, e.g. `codec/decode_air`.
    pub id: String,
    pub median_ns: f64,
    /// The median's confidence interval.
    pub lower_ns: f64,
    pub upper_ns: f64,
}

#[derive(Debug, Deserialize)]
struct Estimates {
    median: Estimate,
}

#[derive(Debug, Deserialize)]
struct Estimate {
    point_estimate: f64,
    confidence_interval: Interval,
}

#[derive(Debug, Deserialize)]
struct Interval {
    lower_bound: f64,
    upper_bound: f64,
}

#[derive(Debug, Deserialize)]
struct Benchmark {
    full_id: String,
}

/// Every benchmark under `dir`, sorted by id; none when `dir` does not exist.
pub fn read_dir(dir: &Path) -> Result<Vec<Micro>, ReportError> {
    let mut out = Vec::new();
    if dir.is_dir() {
        walk(dir, dir, &mut out)?;
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<Micro>) -> Result<(), ReportError> {
    let entries = fs::read_dir(dir).map_err(|source| ReportError::io(dir, source))?;
    for entry in entries {
        let path = entry.map_err(|source| ReportError::io(dir, source))?.path();
        if !path.is_dir() {
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name == "new" {
            if let Some(micro) = read_one(root, &path)? {
                out.push(micro);
            }
        } else if name != "report" && name != "base" && name != "change" {
            walk(root, &path, out)?;
        }
    }
    Ok(())
}

fn read_one(root: &Path, new_dir: &Path) -> Result<Option<Micro>, ReportError> {
    let estimates_path = new_dir.join("estimates.json");
    if !estimates_path.exists() {
        return Ok(None);
    }
    let parse = |path: &Path| -> Result<String, ReportError> {
        fs::read_to_string(path).map_err(|source| ReportError::io(path, source))
    };
    let bad = |path: &Path, e: serde_json::Error| ReportError::Parse {
        path: path.to_owned(),
        message: e.to_string(),
    };
    let estimates: Estimates =
        serde_json::from_str(&parse(&estimates_path)?).map_err(|e| bad(&estimates_path, e))?;
    let benchmark_path = new_dir.join("benchmark.json");
    let id = match parse(&benchmark_path) {
        Ok(text) => {
            serde_json::from_str::<Benchmark>(&text).map_err(|e| bad(&benchmark_path, e))?.full_id
        }
        // Without benchmark.json the directory names the benchmark.
        Err(_) => new_dir
            .parent()
            .and_then(|p| p.strip_prefix(root).ok())
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let m = estimates.median;
    Ok(Some(Micro {
        id,
        median_ns: m.point_estimate,
        lower_ns: m.confidence_interval.lower_bound,
        upper_ns: m.confidence_interval.upper_bound,
    }))
}
