//! The Markdown of `docs/benchmarks.md`: pure functions from the parsed runs to lines, so the
//! tables are tested without files.

use super::criterion::Micro;
use super::format::{self, cell};
use super::input::{Row, RunInfo, Runs};
use super::machine::Machine;
use super::ratios::{self, Figure, SCALE, ScalePoint};

/// Everything the document is made of.
#[derive(Debug)]
pub struct DocInput<'a> {
    pub runs: &'a Runs,
    /// Where the results were read from, as the reader should see it.
    pub input_dir: &'a str,
    pub machine: &'a Machine,
    pub micros: &'a [Micro],
    /// Hand-written notes included verbatim, and their file's name.
    pub notes: Option<(&'a str, &'a str)>,
    /// The plots written, as (title, link relative to the document).
    pub plots: &'a [(String, String)],
}

/// The header of every row table.
pub const ROW_HEADER: [&str; 2] = [
    "| run | hssd | subscribers | load | throughput | p50 | p99 | p99.9 | failed | hssd CPU |",
    "|---|---|---:|---|---:|---:|---:|---:|---:|---:|",
];

/// The `hssd` cell: shards and extra flags.
pub fn hssd_cell(row: &Row) -> String {
    let shards = row.meta.shards.map(|n| format!("{n} shard{}", if n == 1 { "" } else { "s" }));
    // The shard count is shown on its own; the other flags as given.
    let mut words = row.meta.hssd_flags.split_whitespace();
    let mut kept = Vec::new();
    while let Some(word) = words.next() {
        if word == "--shards" {
            words.next();
        } else {
            kept.push(word);
        }
    }
    let flags = (!kept.is_empty()).then(|| format!("`{}`", kept.join(" ")));
    match (shards, flags) {
        (Some(s), Some(f)) => format!("{s}, {f}"),
        (Some(s), None) => s,
        (None, Some(f)) => f,
        (None, None) => "–".into(),
    }
}

/// One table line for a row.
pub fn row_line(row: &Row) -> String {
    let m = &row.meta;
    let subscribers = match (m.subscribers, m.cache.as_deref()) {
        (Some(n), Some(cache)) => format!("{} {cache}", format::thousands(n)),
        (Some(n), None) => format::thousands(n),
        (None, _) => "–".into(),
    };
    let head = format!("| {} | {} | {subscribers} |", cell(m.title()), hssd_cell(row));
    let Some(r) = &row.report else {
        let why = m.skipped.as_deref().map_or("no report".to_owned(), |s| format!("skipped: {s}"));
        return format!("{head} – | {} | | | | | |", cell(&why));
    };
    let s = &r.settings;
    let load = match (s.mode.as_str(), s.rate_per_sec) {
        ("open", Some(rate)) => format!("open, {}", format::rate(rate)),
        _ if s.peers > 0 => format!("{} × {}", s.peers, s.window),
        _ => "–".into(),
    };
    let l = &r.latency_us;
    let cpu = match (row.hssd_cores(), row.hssd_cpu_us_per_answer()) {
        (Some(cores), Some(us)) => format!("{cores:.2} cores, {us:.1} µs/answer"),
        _ => "–".into(),
    };
    format!(
        "{head} {load} | {} | {} | {} | {} | {} | {cpu} |",
        format::rate(r.throughput_per_sec),
        format::micros(l.p50),
        format::micros(l.p99),
        format::micros(l.p99_9),
        format::thousands(r.failed()),
    )
}

/// A row table: header and one line per row.
pub fn row_table<'a>(rows: impl IntoIterator<Item = &'a Row>) -> Vec<String> {
    let mut out: Vec<String> = ROW_HEADER.iter().map(|s| (*s).to_owned()).collect();
    out.extend(rows.into_iter().map(row_line));
    out
}

/// The ratios and figures with their targets.
pub fn figures_table(figures: &[Figure]) -> Vec<String> {
    let mut out = vec![
        "| figure | value | target | result | from |".to_owned(),
        "|---|---:|---|---|---|".to_owned(),
    ];
    out.extend(figures.iter().map(|f| {
        format!(
            "| {} | {} | {} | {} | {} |",
            cell(&f.name),
            f.shown,
            f.target_shown,
            f.verdict(),
            cell(&f.how)
        )
    }));
    out
}

/// Per subscriber count: import, restart and memory.
pub fn scale_table(points: &[ScalePoint<'_>]) -> Vec<String> {
    let mut out = vec![
        "| subscribers | bulk import | restart to listening | restart to serving | VmRSS before → \
         after cold pass | per subscriber | cold ÷ warm |"
            .to_owned(),
        "|---:|---:|---:|---:|---:|---:|---:|".to_owned(),
    ];
    let dash = || "–".to_owned();
    for p in points {
        let import = match (p.field(|r| r.meta.import_secs), p.import_rate()) {
            (Some(secs), Some(rate)) => {
                format!("{} ({})", format::seconds(secs), format::rate(rate))
            }
            _ => dash(),
        };
        let secs = |v: Option<f64>| v.map_or_else(dash, format::seconds);
        // The cold pass's memory only: a warm row's figures are not a fill's cost.
        let rss = match (
            p.cold.and_then(|r| r.meta.rss_before_kib),
            p.cold.and_then(|r| r.meta.rss_after_kib),
        ) {
            (Some(a), Some(b)) => {
                format!("{} → {} MiB", format::thousands(a / 1024), format::thousands(b / 1024))
            }
            _ => dash(),
        };
        let per = p
            .bytes_per_subscriber()
            .map_or_else(dash, |b| format!("{} B", format::thousands(b.max(0.0).round() as u64)));
        let ratio = match (p.cold.and_then(Row::throughput), p.warm.and_then(Row::throughput)) {
            (Some(c), Some(w)) if w > 0.0 => format::ratio(c / w),
            _ => dash(),
        };
        out.push(format!(
            "| {} | {import} | {} | {} | {rss} | {per} | {ratio} |",
            format::thousands(p.subscribers),
            secs(p.field(|r| r.meta.restart_listening_secs)),
            secs(p.field(|r| r.meta.restart_serving_secs)),
        ));
    }
    out
}

/// Criterion's medians.
pub fn micro_table(micros: &[Micro]) -> Vec<String> {
    let mut out =
        vec!["| benchmark | median | 95 % interval |".to_owned(), "|---|---:|---:|".to_owned()];
    out.extend(micros.iter().map(|m| {
        format!(
            "| `{}` | {} | {} – {} |",
            m.id,
            format::nanos(m.median_ns),
            format::nanos(m.lower_ns),
            format::nanos(m.upper_ns)
        )
    }));
    out
}

/// How each row was run: `hssd` flags and the generator's command line.
pub fn commands(rows: &[Row]) -> Vec<String> {
    rows.iter()
        .filter(|r| !r.meta.command.is_empty())
        .map(|r| {
            let flags = r.meta.hssd_flags.trim();
            let hssd = if flags.is_empty() { String::new() } else { format!("hssd `{flags}`; ") };
            format!("- `{}`: {hssd}`{}`", r.meta.row, r.meta.command)
        })
        .collect()
}

/// The groups in the order they first appear, `main` and `scale` first.
pub fn groups(runs: &Runs) -> Vec<&str> {
    let mut out = vec!["main", SCALE];
    for row in &runs.rows {
        if !out.contains(&row.meta.group.as_str()) {
            out.push(&row.meta.group);
        }
    }
    out.retain(|g| runs.group(g).next().is_some());
    out
}

fn group_title(group: &str) -> String {
    match group {
        "main" => "The matrix".into(),
        SCALE => "AIR against subscribers in the store, cold and warm cache".into(),
        other => format!("More rows: {other}"),
    }
}

fn machine_lines(info: &RunInfo, machine: &Machine) -> Vec<String> {
    let mut out = vec![format!("- Machine: {}.", machine.describe())];
    let mut push = |label: &str, value: &str| {
        if !value.is_empty() {
            out.push(format!("- {label}: {value}."));
        }
    };
    push("Kernel", &info.uname);
    push("Compiler", &info.rustc);
    push("Revision", &info.revision);
    push("Date", &info.date);
    let load = match (info.loadavg_start.as_str(), info.loadavg_end.as_str()) {
        ("", "") => String::new(),
        (a, "") => format!("`{a}` at the start"),
        (a, b) => format!("`{a}` at the start, `{b}` at the end"),
    };
    push("Load average (/proc/loadavg)", &load);
    out
}

/// The whole document.
pub fn document(input: &DocInput<'_>) -> String {
    let runs = input.runs;
    let info = &runs.info;
    let mut out: Vec<String> = vec![
        "# Benchmarks".into(),
        String::new(),
        format!(
            "<!-- Generated by bench-report from {} (scripts/bench-matrix.sh). Do not edit: \
             hand-written text goes in docs/benchmarks.notes.md, included at the end. -->",
            input.input_dir
        ),
        String::new(),
        "End-to-end figures of `hssd` under `hss-loadtest` over loopback, the ratios issue 5 \
         sets targets for, and the micro-benchmarks of the codec and the AuC."
            .into(),
        String::new(),
    ];
    if info.quick {
        out.push(
            "> **QUICK run**: tiny counts that check the script works; these are not \
             measurements."
                .into(),
        );
        out.push(String::new());
    }
    out.push("## Reproduce".into());
    out.push(String::new());
    out.push("One command runs every row below and rewrites this page and its plots:".into());
    out.push(String::new());
    out.push("```sh".into());
    out.push(if info.command.is_empty() {
        "./scripts/bench-matrix.sh".into()
    } else {
        info.command.clone()
    });
    out.push("```".into());
    out.push(String::new());
    out.push(
        "It builds release binaries, starts `hssd` on a fresh store in a temporary directory for \
         each configuration, provisions subscribers by bulk import over REST, runs each row \
         (closed loop unless the load column says open), keeps every `hss-loadtest --json` \
         report with a metadata file per row, and runs `bench-report` on them. \
         `bench-report --input DIR` regenerates the page from saved results."
            .into(),
    );
    if !info.settings.is_empty() {
        out.push(String::new());
        let settings: Vec<String> =
            info.settings.iter().map(|(k, v)| format!("`{k}={v}`")).collect();
        out.push(format!("Settings of this run: {}.", settings.join(", ")));
    }
    out.push(String::new());
    out.push("## Machine".into());
    out.push(String::new());
    out.extend(machine_lines(info, input.machine));
    out.push(
        "- `hssd` and the generator share the machine's cores, so ratios from one run are the \
         figures to trust; absolute rates move with whatever else runs."
            .into(),
    );
    for (i, group) in groups(runs).into_iter().enumerate() {
        out.push(String::new());
        out.push(format!("## {}", group_title(group)));
        out.push(String::new());
        if i == 0 {
            out.push(
                "Load: connections × requests outstanding per connection (closed loop), or the \
                 open-loop rate. Latency is from sending (closed loop) or from the scheduled \
                 time (open loop) to the answer. Failed: error answers, timeouts and drops."
                    .into(),
            );
            out.push(String::new());
        }
        out.extend(row_table(runs.group(group)));
        if group == SCALE {
            out.push(String::new());
            out.extend(scale_table(&ratios::scale_points(runs)));
        }
        let notes: Vec<String> = runs
            .group(group)
            .filter_map(|r| r.meta.note.as_ref().map(|n| format!("- {}: {n}", r.meta.title())))
            .collect();
        if !notes.is_empty() {
            out.push(String::new());
            out.extend(notes);
        }
    }
    out.push(String::new());
    out.push("## Ratios and targets".into());
    out.push(String::new());
    out.extend(figures_table(&ratios::figures(runs)));
    if !input.plots.is_empty() {
        out.push(String::new());
        out.push("## Plots".into());
        for (title, link) in input.plots {
            out.push(String::new());
            out.push(format!("![{title}]({link})"));
        }
    }
    let commands = commands(&runs.rows);
    if !commands.is_empty() {
        out.push(String::new());
        out.push("## How each row ran".into());
        out.push(String::new());
        out.extend(commands);
    }
    out.push(String::new());
    out.push("## Micro-benchmarks (Criterion)".into());
    out.push(String::new());
    if input.micros.is_empty() {
        out.push(
            "Not run with this matrix: `cargo bench -p benches` (or `MICRO=1` for the script) \
             fills this table."
                .into(),
        );
    } else {
        out.push("`cargo bench -p benches`; Criterion's median and its interval.".into());
        out.push(String::new());
        out.extend(micro_table(input.micros));
    }
    if let Some((name, notes)) = input.notes {
        out.push(String::new());
        out.push(format!("<!-- From {name}, included verbatim. -->"));
        out.push(String::new());
        out.push(notes.trim_end().to_owned());
    }
    out.push(String::new());
    out.join("\n")
}
