//! The `hss-loadtest` binary: report on stdout (text or JSON), exit status, warnings.

mod support;

use std::process::{Command, Output};

use support::{Behaviour, FakeHss};

fn loadtest(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hss-loadtest"))
        .args(args)
        .env_remove("HSS_REST_TOKEN")
        .output()
        .expect("hss-loadtest runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_clean_run_prints_its_report_and_exits_zero() {
    let hss = FakeHss::start(Behaviour::default());
    let target = hss.addr.to_string();
    let out = loadtest(&["--target", &target, "--requests", "50", "--imsis", "5"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("successes  50"), "{stdout}");
    assert!(stdout.contains("latency us p50"), "{stdout}");
    assert!(stdout.trim_end().ends_with("PASS"), "{stdout}");
    assert!(!text(&out.stderr).contains("warning"), "loopback: no warning");
}

#[test]
fn failed_requests_exit_one_and_json_lists_their_codes() {
    let hss = FakeHss::start(Behaviour {
        unknown_imsi: Some("001010000000001".into()),
        ..Behaviour::default()
    });
    let target = hss.addr.to_string();
    let out = loadtest(&["--target", &target, "--requests", "30", "--imsis", "3", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["sent"], 30);
    assert_eq!(report["successes"], 20);
    assert_eq!(report["errors"][0]["experimental_result_code"], 5001);
    assert_eq!(report["errors"][0]["count"], 10);
    assert_eq!(report["passed"], false);
    assert_eq!(report["settings"]["scenario"], "air");
    assert!(report["latency_us"]["p99_9"].as_u64().is_some());
}

#[test]
fn bad_settings_exit_two() {
    let out = loadtest(&["--window", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--window"), "{}", text(&out.stderr));
}

#[test]
fn a_remote_target_is_warned_about() {
    // TEST-NET-1 (RFC 5737): nothing answers, so the connection fails within the timeout.
    let out = loadtest(&["--target", "192.0.2.1:3868", "--timeout-ms", "200", "--requests", "1"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("warning: target 192.0.2.1:3868 is not a loopback"), "{stderr}");
    assert!(text(&out.stdout).contains("connection peer 0: connect"), "{}", text(&out.stdout));
}

#[test]
fn an_open_loop_mix_reports_its_series_and_draws_no_progress_off_a_terminal() {
    let hss = FakeHss::start(Behaviour::default());
    let target = hss.addr.to_string();
    let out = loadtest(&[
        "--target",
        &target,
        "--rate",
        "500",
        "--duration",
        "0.3",
        "--mix",
        "air=3,dwr=1",
        "--warmup-requests",
        "20",
        "--imsis",
        "5",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "", "stderr is not a terminal: no progress");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["settings"]["mode"], "open");
    assert_eq!(report["warmup"]["sent"], 20);
    let answers = report["answers"].as_u64().expect("answers");
    assert!((140..=151).contains(&answers), "{answers}");
    let series: u64 = report["series"]
        .as_array()
        .expect("series")
        .iter()
        .filter_map(|s| s["answers"].as_u64())
        .sum();
    assert_eq!(series, answers);
    assert!(report["scenarios"]["dwr"]["procedures"].as_u64().is_some_and(|n| n > 0));
    assert_eq!(report["dropped"], 0);
    assert!(report["late"].as_u64().is_some());
}
