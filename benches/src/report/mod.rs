//! `bench-report`: turns a directory of benchmark runs into `docs/benchmarks.md` and its SVG
//! plots. The runs come from `scripts/bench-matrix.sh` (see [`input`] for the files); the
//! document is built by pure functions ([`markdown`], [`ratios`]) so its tables are tested
//! without files, and hand-written notes (`docs/benchmarks.notes.md`) are included verbatim
//! so they survive regeneration.

pub mod criterion;
pub mod format;
pub mod input;
pub mod machine;
pub mod markdown;
pub mod plots;
pub mod ratios;
#[cfg(test)]
mod tests;

use std::fs;
use std::path::{Component, Path, PathBuf};

use input::Row;

/// Why the report could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}: {message}", path.display())]
    Parse { path: PathBuf, message: String },
    #[error("plot {}: {message}", path.display())]
    Plot { path: PathBuf, message: String },
}

impl ReportError {
    fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io { path: path.to_owned(), source }
    }
}

/// Where to read and write.
#[derive(Debug, Clone)]
pub struct Options {
    /// The run directory (`run.json`, `*.meta.json` and the loadtest reports).
    pub input: PathBuf,
    /// The Markdown file to write.
    pub doc: PathBuf,
    /// The directory of the SVG plots (created).
    pub plots: PathBuf,
    /// Hand-written notes to include at the end, when the file exists.
    pub notes: Option<PathBuf>,
    /// Criterion's output directory (`target/criterion`), when it exists.
    pub criterion: Option<PathBuf>,
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Written {
    pub rows: usize,
    pub plots: Vec<PathBuf>,
    pub micros: usize,
}

/// Reads the runs and writes the document and the plots.
pub fn generate(options: &Options) -> Result<Written, ReportError> {
    let runs = input::read_dir(&options.input)?;
    let micros = match &options.criterion {
        Some(dir) => criterion::read_dir(dir)?,
        None => Vec::new(),
    };
    let notes = match &options.notes {
        Some(path) if path.exists() => {
            Some(fs::read_to_string(path).map_err(|source| ReportError::io(path, source))?)
        }
        _ => None,
    };
    fs::create_dir_all(&options.plots).map_err(|source| ReportError::io(&options.plots, source))?;
    let doc_dir = options.doc.parent().unwrap_or(Path::new("."));
    if !doc_dir.as_os_str().is_empty() {
        fs::create_dir_all(doc_dir).map_err(|source| ReportError::io(doc_dir, source))?;
    }

    let over_time: Vec<&Row> = {
        let flagged: Vec<&Row> = runs.rows.iter().filter(|r| r.meta.plot).collect();
        if flagged.is_empty() { runs.group("main").collect() } else { flagged }
    };
    let all: Vec<&Row> = runs.rows.iter().collect();
    let points = ratios::scale_points(&runs);
    let mut written = Written { rows: runs.rows.len(), micros: micros.len(), ..Written::default() };
    let mut links = Vec::new();
    let mut plot = |file: &str, title: &str, drawn: &dyn Fn(&Path) -> Result<bool, ReportError>| {
        let path = options.plots.join(file);
        if drawn(&path)? {
            links.push((title.to_owned(), relative_link(doc_dir, &path)));
            written.plots.push(path);
        }
        Ok::<(), ReportError>(())
    };
    plot("throughput-over-time.svg", "Throughput over time", &|p| {
        plots::throughput_over_time(&over_time, p)
    })?;
    plot("latency-percentiles.svg", "Latency percentiles per row", &|p| {
        plots::latency_percentiles(&all, p)
    })?;
    plot("throughput-vs-subscribers.svg", "Throughput against subscribers", &|p| {
        plots::throughput_vs_subscribers(&points, p)
    })?;

    let input_dir = options.input.display().to_string();
    let notes_name = options.notes.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
    let doc = markdown::document(&markdown::DocInput {
        runs: &runs,
        input_dir: &input_dir,
        machine: &machine::Machine::read(),
        micros: &micros,
        notes: notes.as_deref().map(|n| (notes_name.as_str(), n)),
        plots: &links,
    });
    fs::write(&options.doc, doc).map_err(|source| ReportError::io(&options.doc, source))?;
    Ok(written)
}

/// The link from a document in `from_dir` to `to`: relative when both resolve against the
/// current directory to paths with a common root, absolute otherwise.
pub fn relative_link(from_dir: &Path, to: &Path) -> String {
    let (Ok(from), Ok(to)) = (std::path::absolute(from_dir), std::path::absolute(to)) else {
        return to.display().to_string();
    };
    let from: Vec<Component<'_>> = normalize(&from);
    let to_parts: Vec<Component<'_>> = normalize(&to);
    let common = from.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return to.display().to_string();
    }
    let mut out: Vec<String> = vec!["..".into(); from.len() - common];
    out.extend(to_parts[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    out.join("/")
}

/// The components without `.` and with `..` applied.
fn normalize(path: &Path) -> Vec<Component<'_>> {
    let mut out = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}
