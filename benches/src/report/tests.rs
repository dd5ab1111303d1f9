//! The report's tables from hand-made rows: each check gives parsed inputs and the expected
//! Markdown lines or figures.

use super::input::{Latency, LoadReport, LoadSettings, Row, RowMeta, Runs, SecondSummary};
use super::markdown::{self, ROW_HEADER};
use super::ratios::{self, Target};

fn report(throughput: f64, p50: u64, p99: u64, p99_9: u64) -> LoadReport {
    LoadReport {
        settings: LoadSettings {
            scenario: Some("air".into()),
            mode: "closed".into(),
            peers: 2,
            window: 32,
            ..LoadSettings::default()
        },
        answers: 1000,
        successes: 1000,
        elapsed_secs: 2.5,
        throughput_per_sec: throughput,
        latency_us: Latency { p50, p90: p99, p99, p99_9, max: p99_9 * 2 },
        series: (0..3).map(|s| SecondSummary { second: s, answers: 400 }).collect(),
        ..LoadReport::default()
    }
}

fn row(key: &str, group: &str, report: Option<LoadReport>, edit: impl FnOnce(&mut RowMeta)) -> Row {
    let mut meta = RowMeta { row: key.into(), group: group.into(), ..RowMeta::default() };
    edit(&mut meta);
    Row { meta, report }
}

fn scale(n: u64, cold: f64, warm: f64) -> [Row; 2] {
    [
        row(&format!("scale-{n}-cold"), "scale", Some(report(cold, 90, 300, 900)), |m| {
            m.subscribers = Some(n);
            m.cache = Some("cold".into());
            m.rss_before_kib = Some(100_000);
            m.rss_after_kib = Some(100_000 + n * 600 / 1024);
            m.imported = Some(n);
            m.import_secs = Some(n as f64 / 150_000.0);
            m.restart_listening_secs = Some(0.05);
            m.restart_serving_secs = Some(0.0625);
        }),
        row(&format!("scale-{n}-warm"), "scale", Some(report(warm, 100, 200, 400)), |m| {
            m.subscribers = Some(n);
            m.cache = Some("warm".into());
        }),
    ]
}

fn matrix() -> Runs {
    let mut rows = vec![
        row("canned", "main", Some(report(538_245.0, 99, 191, 258)), |m| {
            m.label = "canned AIA ceiling".into();
            m.hssd_flags = "--bench-echo".into();
            m.shards = Some(2);
            // 1,000 answers (and no warm-up) on 0.004 s of CPU over 0.0025 s.
            m.hssd_cpu_secs = Some(0.004);
            m.run_secs = Some(0.0025);
        }),
        row("air", "main", Some(report(447_480.4, 129, 172, 1106)), |m| {
            m.label = "AIR, 1 vector, warm".into();
            m.shards = Some(2);
            m.subscribers = Some(10_000);
            m.hssd_cpu_secs = Some(0.005);
            m.run_secs = Some(0.0025);
        }),
        row("air-1conn", "main", Some(report(300_000.0, 60, 90, 120)), |m| {
            m.shards = Some(2);
            m.hssd_cpu_secs = Some(16.0);
            m.run_secs = Some(10.0);
        }),
        row("air-1conn-1shard", "main", Some(report(200_000.0, 60, 90, 120)), |m| {
            m.shards = Some(1);
            m.hssd_cpu_secs = Some(9.9);
            m.run_secs = Some(10.0);
        }),
        row("air-1conn-nohandoff", "main", None, |m| {
            m.skipped = Some("hssd rejects --no-handoff".into())
        }),
    ];
    rows.extend(scale(10_000, 300_000.0, 400_000.0));
    rows.extend(scale(10_000_000, 100_000.0, 360_000.0));
    Runs { rows, ..Runs::default() }
}

#[test]
fn row_lines() {
    let runs = matrix();
    let lines = markdown::row_table(runs.group("main"));
    assert_eq!(lines[..2], ROW_HEADER);
    assert_eq!(
        lines[2],
        "| canned AIA ceiling | 2 shards, `--bench-echo` | – | 2 × 32 | 538,245/s | 99 µs | 191 µs \
         | 258 µs | 0 | 1.60 cores, 4.0 µs/answer |"
    );
    assert_eq!(
        lines[3],
        "| AIR, 1 vector, warm | 2 shards | 10,000 | 2 × 32 | 447,480/s | 129 µs | 172 µs | \
         1,106 µs | 0 | 2.00 cores, 5.0 µs/answer |"
    );
    assert_eq!(
        lines[6],
        "| air-1conn-nohandoff | – | – | – | skipped: hssd rejects --no-handoff | | | | | |"
    );
}

#[test]
fn open_loop_and_failures_show() {
    let mut r = report(200_000.0, 40, 80, 160);
    r.settings.mode = "open".into();
    r.settings.rate_per_sec = Some(223_740.0);
    r.timeouts = 2;
    r.errors = vec![super::input::ErrorCount { count: 3 }];
    let line = markdown::row_line(&row("air-open50", "main", Some(r), |m| {
        m.subscribers = Some(10_000);
        m.cache = Some("warm".into());
    }));
    assert_eq!(
        line,
        "| air-open50 | – | 10,000 warm | open, 223,740/s | 200,000/s | 40 µs | 80 µs | 160 µs | 5 \
         | – |"
    );
}

#[test]
fn figures_against_targets() {
    let runs = matrix();
    let figures = ratios::figures(&runs);
    let shown: Vec<(&str, &str, &str)> =
        figures.iter().map(|f| (f.name.as_str(), f.shown.as_str(), f.verdict())).collect();
    assert_eq!(
        shown,
        [
            ("AIR ÷ canned-answer ceiling", "0.83", "**pass**"),
            ("one connection on 2 shards ÷ on one shard", "1.50", "**miss**"),
            ("10,000,000 subscribers: cold ÷ warm", "0.28", "**miss**"),
            ("warm: 10,000,000 ÷ 10,000 subscribers", "0.90", "**pass**"),
            ("resident memory per cached subscriber", "600 B", "**pass**"),
            ("bulk import rate", "150,000/s", "**pass**"),
            ("restart to serving, 10,000,000 subscribers", "62.5 ms", "–"),
        ]
    );
    assert_eq!(figures[0].how, "447,480/s ÷ 538,245/s; hssd CPU per answer 4.0 ÷ 5.0 µs = 0.80");
    assert_eq!(figures[1].how, "300,000/s ÷ 200,000/s; hssd busy 1.60 ÷ 0.99 cores");
    assert_eq!(figures[4].target, Target::AtMost(1024.0));
    let table = markdown::figures_table(&figures);
    assert_eq!(
        table[2],
        "| AIR ÷ canned-answer ceiling | 0.83 | ≥ 0.8 | **pass** | 447,480/s ÷ 538,245/s; hssd CPU \
         per answer 4.0 ÷ 5.0 µs = 0.80 |"
    );
}

#[test]
fn missing_rows_are_reported_not_dropped() {
    let figures = ratios::figures(&Runs::default());
    assert_eq!(figures.len(), 7);
    assert!(figures.iter().all(|f| f.value.is_none() && f.shown == "not measured"));
    assert!(figures.iter().all(|f| f.verdict() == "–"));
}

#[test]
fn scale_table_lines() {
    let runs = matrix();
    let lines = markdown::scale_table(&ratios::scale_points(&runs));
    assert_eq!(lines.len(), 4);
    assert_eq!(
        lines[3],
        "| 10,000,000 | 66.7 s (150,000/s) | 50.0 ms | 62.5 ms | 97 → 5,819 MiB | 600 B | 0.28 |"
    );
}

#[test]
fn groups_in_order_and_extra_groups_get_tables() {
    let mut runs = matrix();
    runs.rows.push(row(
        "freediameter/dwr",
        "freediameter",
        Some(report(90_000.0, 1, 2, 3)),
        |_| {},
    ));
    assert_eq!(markdown::groups(&runs), ["main", "scale", "freediameter"]);
    let doc = markdown::document(&markdown::DocInput {
        runs: &runs,
        input_dir: "out",
        machine: &super::machine::Machine::default(),
        micros: &[],
        notes: Some(("notes.md", "## Notes\n\nkept\n")),
        plots: &[("Throughput over time".into(), "plots/throughput-over-time.svg".into())],
    });
    assert!(doc.contains("## More rows: freediameter\n"));
    assert!(doc.contains("| freediameter/dwr | – | – | 2 × 32 | 90,000/s |"));
    assert!(doc.contains("![Throughput over time](plots/throughput-over-time.svg)"));
    assert!(doc.ends_with("## Notes\n\nkept\n"));
    assert!(doc.contains("`cargo bench -p benches`"));
}

#[test]
fn links_from_the_document_to_the_plots() {
    assert_eq!(super::relative_link("docs".as_ref(), "docs/plots/a.svg".as_ref()), "plots/a.svg");
    assert_eq!(
        super::relative_link("docs".as_ref(), "out/plots/a.svg".as_ref()),
        "../out/plots/a.svg"
    );
    assert_eq!(super::relative_link("/x/y".as_ref(), "/x/y/./p/a.svg".as_ref()), "p/a.svg");
}

#[test]
fn memory_comes_from_the_cold_pass_only() {
    let [_, mut warm] = scale(1_000_000, 10_000.0, 200_000.0);
    // A warm row carrying memory figures (a run that stopped before its cold pass ended).
    warm.meta.rss_before_kib = Some(100_000);
    warm.meta.rss_after_kib = Some(900_000);
    let runs = Runs { rows: vec![warm], ..Runs::default() };
    let points = ratios::scale_points(&runs);
    assert_eq!(points[0].bytes_per_subscriber(), None);
    let line = &markdown::scale_table(&points)[2];
    assert!(line.ends_with("| – | – | – |"), "{line}");
}

#[test]
fn ims_figures_appear_with_their_rows() {
    let mut runs = matrix();
    let cpu = |secs| {
        move |m: &mut RowMeta| {
            m.hssd_cpu_secs = Some(secs);
            m.run_secs = Some(0.0025);
        }
    };
    runs.rows.push(row("ulr", "main", Some(report(180_000.0, 300, 800, 3000)), cpu(0.008)));
    runs.rows.push(row("mar", "main", Some(report(380_000.0, 90, 300, 900)), cpu(0.0036)));
    runs.rows.push(row("sar", "main", Some(report(250_000.0, 90, 300, 900)), cpu(0.0037)));
    runs.rows.push(row("udr", "main", Some(report(90_000.0, 400, 900, 2000)), |_| {}));
    runs.rows.push(row("ims-register", "main", Some(report(300_000.0, 90, 300, 900)), |_| {}));
    let figures = ratios::figures(&runs);
    let shown: Vec<(&str, &str, &str)> =
        figures.iter().map(|f| (f.name.as_str(), f.shown.as_str(), f.verdict())).collect();
    assert_eq!(
        shown[2..6],
        [
            ("MAR (1 item) ÷ AIR (1 vector)", "0.85", "**pass**"),
            ("SAR (with User-Data) ÷ ULR", "1.39", "**pass**"),
            ("UDR (repository data) ÷ AIR", "0.20", "–"),
            ("IMS registrations per second", "100,000/s", "–"),
        ]
    );
    assert_eq!(figures[2].how, "380,000/s ÷ 447,480/s; hssd CPU per answer 5.0 ÷ 3.6 µs = 1.39");
    // Without the rows, nothing is added: the other figures keep their places.
    assert_eq!(ratios::figures(&matrix()).len(), 7);
}

#[test]
fn the_ecr_figure_appears_with_its_row() {
    let mut runs = matrix();
    let cpu = |secs| {
        move |m: &mut RowMeta| {
            m.hssd_cpu_secs = Some(secs);
            m.run_secs = Some(0.0025);
        }
    };
    runs.rows.push(row("ecr", "main", Some(report(600_000.0, 60, 200, 700)), cpu(0.002)));
    let figures = ratios::figures(&runs);
    assert_eq!(figures.len(), 8, "one figure more");
    let ecr = &figures[2];
    assert_eq!((ecr.name.as_str(), ecr.shown.as_str(), ecr.verdict()), ("ECR ÷ AIR", "1.34", "–"));
    assert_eq!((ecr.target, ecr.target_shown.as_str()), (Target::None, "–"));
    assert_eq!(ecr.how, "600,000/s ÷ 447,480/s; hssd CPU per answer 5.0 ÷ 2.0 µs = 2.50");
    // Without row air it is not measured, but still listed.
    runs.rows.retain(|r| r.meta.row != "air");
    let figures = ratios::figures(&runs);
    assert_eq!((figures[2].name.as_str(), figures[2].value), ("ECR ÷ AIR", None));
}

#[test]
fn the_swx_mar_figure_appears_with_its_row() {
    let mut runs = matrix();
    let cpu = |secs| {
        move |m: &mut RowMeta| {
            m.hssd_cpu_secs = Some(secs);
            m.run_secs = Some(0.0025);
        }
    };
    runs.rows.push(row("swx-mar", "main", Some(report(402_732.0, 60, 200, 700)), cpu(0.006)));
    let figures = ratios::figures(&runs);
    assert_eq!(figures.len(), 8, "one figure more");
    let swx = &figures[2];
    assert_eq!(
        (swx.name.as_str(), swx.shown.as_str(), swx.verdict()),
        ("SWx MAR ÷ AIR", "0.90", "–")
    );
    assert_eq!((swx.target, swx.target_shown.as_str()), (Target::None, "–"));
    assert_eq!(swx.how, "402,732/s ÷ 447,480/s; hssd CPU per answer 5.0 ÷ 6.0 µs = 0.83");
    // After the ECR figure when both rows are there.
    runs.rows.push(row("ecr", "main", Some(report(600_000.0, 60, 200, 700)), cpu(0.002)));
    let names: Vec<String> = ratios::figures(&runs).into_iter().map(|f| f.name).collect();
    assert_eq!(names[2..4], ["ECR ÷ AIR", "SWx MAR ÷ AIR"]);
    // Without row air it is not measured, but still listed.
    runs.rows.retain(|r| r.meta.row != "air");
    let figures = ratios::figures(&runs);
    assert_eq!((figures[3].name.as_str(), figures[3].value), ("SWx MAR ÷ AIR", None));
}

#[test]
fn the_tls_figure_appears_with_its_row() {
    let mut runs = matrix();
    let cpu = |secs| {
        move |m: &mut RowMeta| {
            m.hssd_cpu_secs = Some(secs);
            m.run_secs = Some(0.0025);
        }
    };
    runs.rows.push(row("air-tls", "main", Some(report(313_236.0, 90, 300, 900)), cpu(0.007)));
    let figures = ratios::figures(&runs);
    assert_eq!(figures.len(), 8, "one figure more");
    let tls = &figures[2];
    assert_eq!(
        (tls.name.as_str(), tls.shown.as_str(), tls.verdict()),
        ("AIR over TLS ÷ plain TCP", "0.70", "–")
    );
    assert_eq!((tls.target, tls.target_shown.as_str()), (Target::None, "–"));
    assert_eq!(tls.how, "313,236/s ÷ 447,480/s; hssd CPU per answer 5.0 ÷ 7.0 µs = 0.71");
    // After the SWx figure when both rows are there.
    runs.rows.push(row("swx-mar", "main", Some(report(402_732.0, 60, 200, 700)), cpu(0.006)));
    let names: Vec<String> = ratios::figures(&runs).into_iter().map(|f| f.name).collect();
    assert_eq!(names[2..4], ["SWx MAR ÷ AIR", "AIR over TLS ÷ plain TCP"]);
    // Without row air it is not measured, but still listed.
    runs.rows.retain(|r| r.meta.row != "air");
    let figures = ratios::figures(&runs);
    assert_eq!((figures[3].name.as_str(), figures[3].value), ("AIR over TLS ÷ plain TCP", None));
}
