//! `bench-report` on a small fixture run (`tests/fixtures/run`: rows of every group, a skipped
//! row, a freeDiameter row in a subdirectory, a warm-up report without metadata) and a
//! Criterion directory: the document and the three plots are written and carry the rows.

use std::fs;
use std::path::Path;

use benches::report::{Options, generate};

#[test]
fn writes_document_and_plots_from_fixtures() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let out = tempfile::tempdir().expect("a temporary directory");
    let notes = out.path().join("notes.md");
    fs::write(&notes, "## Notes\n\nHand-written text survives.\n").expect("notes written");
    let options = Options {
        input: fixtures.join("run"),
        doc: out.path().join("docs/benchmarks.md"),
        plots: out.path().join("docs/plots"),
        notes: Some(notes),
        criterion: Some(fixtures.join("criterion")),
    };
    let written = generate(&options).expect("the report is written");
    assert_eq!(written.rows, 12, "every metadata file is a row; warmup.json is not");
    assert_eq!(written.micros, 1);
    assert_eq!(written.plots.len(), 3);

    let doc = fs::read_to_string(&options.doc).expect("the document exists");
    for expected in [
        "QUICK run",
        "QUICK=1 ./scripts/bench-matrix.sh",
        "| canned AIA ceiling (no store, no AuC) | 2 shards, `--bench-echo` | – | 2 × 32 | \
         538,245/s | 99 µs | 191 µs | 258 µs | 0 |",
        "| AIR, one connection, no hand-off | `--no-handoff` | – | – | skipped: this hssd rejects \
         --no-handoff |",
        "| AIR at 50 % of peak (open loop) | 2 shards | 2,000 warm | open, 223,740/s |",
        "| AIR, 50000 subscribers, cold | 2 shards | 50,000 cold | 2 × 32 | 6,000/s |",
        "## More rows: freediameter",
        "| freeDiameter DWR | – | – | 1 × 32 | 90,000/s |",
        "| AIR ÷ canned-answer ceiling | 0.83 | ≥ 0.8 | **pass** |",
        "| one connection on 2 shards ÷ on one shard | 1.50 | ≥ 1.7 | **miss** |",
        "| 50,000 subscribers: cold ÷ warm | 0.01 | ≥ 0.5 | **miss** |",
        "| restart to serving, 50,000 subscribers | 52.0 ms |",
        "| `codec/decode_air` | 631.2 ns | 629.0 ns – 633.5 ns |",
        "![Throughput over time](plots/throughput-over-time.svg)",
        "![Throughput against subscribers](plots/throughput-vs-subscribers.svg)",
        "Hand-written text survives.",
    ] {
        assert!(doc.contains(expected), "missing {expected:?} in:\n{doc}");
    }
    assert!(!doc.contains("warmup"), "a report without metadata is not a row");

    for (file, text) in [
        ("throughput-over-time.svg", "ULR"),
        ("latency-percentiles.svg", "freeDiameter DWR"),
        ("throughput-vs-subscribers.svg", "cold cache"),
    ] {
        let svg = fs::read_to_string(options.plots.join(file)).expect("the plot exists");
        assert!(svg.starts_with("<svg"), "{file} is SVG");
        assert!(svg.contains(text), "{file} mentions {text:?}");
    }
}

#[test]
fn the_binary_writes_the_report() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let out = tempfile::tempdir().expect("a temporary directory");
    let doc = out.path().join("benchmarks.md");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_bench-report"))
        .arg("--input")
        .arg(fixtures.join("run"))
        .arg("--doc")
        .arg(&doc)
        .arg("--plots")
        .arg(out.path().join("plots"))
        .arg("--notes")
        .arg(out.path().join("no-notes.md"))
        .status()
        .expect("bench-report runs");
    assert!(status.success());
    let text = fs::read_to_string(&doc).expect("the document exists");
    assert!(text.contains("| AIR ÷ canned-answer ceiling | 0.83 |"));
    assert!(text.contains("Not run with this matrix"), "no Criterion directory given");
    assert!(out.path().join("plots/latency-percentiles.svg").exists());
}
