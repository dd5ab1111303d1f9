//! `bench-report`: writes `docs/benchmarks.md` and `docs/plots/*.svg` from a directory of
//! benchmark runs (see `benches::report::input`). `scripts/bench-matrix.sh` runs it after the
//! matrix; run it alone to regenerate the page from saved results or after editing the notes.

use std::path::PathBuf;
use std::process::ExitCode;

use benches::report::{Options, generate};
use clap::Parser;

/// Writes the benchmark report from a directory of runs.
#[derive(Debug, Parser)]
#[command(name = "bench-report", version, about)]
struct Args {
    /// The run directory written by scripts/bench-matrix.sh (OUT).
    #[arg(long)]
    input: PathBuf,
    /// The Markdown file to write.
    #[arg(long, default_value = "docs/benchmarks.md")]
    doc: PathBuf,
    /// The directory of the SVG plots.
    #[arg(long, default_value = "docs/plots")]
    plots: PathBuf,
    /// Hand-written notes included verbatim at the end (skipped when absent).
    #[arg(long, default_value = "docs/benchmarks.notes.md")]
    notes: PathBuf,
    /// Criterion's output directory, for the micro-benchmark table (skipped when absent).
    #[arg(long)]
    criterion: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let options = Options {
        input: args.input,
        doc: args.doc,
        plots: args.plots,
        notes: Some(args.notes),
        criterion: args.criterion,
    };
    match generate(&options) {
        Ok(written) => {
            eprintln!(
                "bench-report: {} rows, {} plots, {} micro-benchmarks -> {}",
                written.rows,
                written.plots.len(),
                written.micros,
                options.doc.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench-report: {e}");
            ExitCode::FAILURE
        }
    }
}
