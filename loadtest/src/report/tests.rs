//! Merging, pass/fail, and what the text and JSON forms show.

use super::*;
use crate::judgement::ResultKey;
use crate::series::SecondSummary;
use crate::stats::ConnStats;

fn settings() -> Settings {
    Settings {
        target: "127.0.0.1:3868".into(),
        tls: false,
        scenario: "air".into(),
        mix: vec![("air".into(), 1)],
        seed: 1,
        peers: 2,
        window: 4,
        rate: None,
        max_outstanding: 1024,
        vectors: 1,
        imsi_start: "001010000000001".into(),
        imsis: 10,
        requests: Some(100),
        duration_secs: None,
        warmup_secs: None,
        warmup_requests: None,
        timeout_ms: 1000,
        threads: 1,
    }
}

#[test]
fn percentiles_of_a_known_distribution() {
    let mut h = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).expect("bounds");
    for v in 1..=1000u64 {
        h.record(v * 10).expect("in range");
    }
    let l = LatencySummary::from_histogram(&h);
    assert_eq!(l.samples, 1000);
    assert_eq!(l.min, 10);
    // Three significant digits: values within 0.1%.
    let near = |got: u64, want: u64| got.abs_diff(want) * 1000 <= want;
    assert!(near(l.p50, 5000), "{l:?}");
    assert!(near(l.p90, 9000), "{l:?}");
    assert!(near(l.p99, 9900), "{l:?}");
    assert!(near(l.p999, 9990), "{l:?}");
    assert!(near(l.max, 10_000), "{l:?}");
    let empty = Histogram::<u64>::new(3).expect("histogram");
    assert_eq!(LatencySummary::from_histogram(&empty), LatencySummary::default());
}

#[test]
fn throughput_is_answers_over_elapsed() {
    assert_eq!(throughput(500, Duration::from_millis(250)), 2000.0);
    assert_eq!(throughput(500, Duration::ZERO), 0.0);
}

#[test]
fn merging_adds_counts_codes_and_latencies() {
    let t0 = Instant::now();
    let mut a = ConnStats::new(0);
    a.counts.sent = 10;
    a.counts.sent_by_command.insert("AIR", 10);
    a.by_scenario = vec![ScenarioCounts { procedures: 10, sent: 10 }];
    a.counts.answers = 10;
    a.counts.successes = 8;
    a.counts.errors.insert(ResultKey::Experimental(5001), 2);
    a.open_at = Some(t0);
    a.drained_at = Some(t0 + Duration::from_secs(1));
    a.dpa = true;
    a.latency.record(100).expect("in range");
    let mut b = ConnStats::new(1);
    b.counts.sent = 5;
    b.counts.sent_by_command.insert("AIR", 5);
    b.by_scenario = vec![ScenarioCounts { procedures: 5, sent: 5 }];
    b.counts.answers = 4;
    b.counts.successes = 3;
    b.counts.errors.insert(ResultKey::Experimental(5001), 1);
    b.counts.timeouts = 1;
    b.open_at = Some(t0 + Duration::from_millis(10));
    b.drained_at = Some(t0 + Duration::from_secs(2));
    b.latency.record(300).expect("in range");
    let r = Report::merge(settings(), t0, &[a, b]);
    assert_eq!(
        (r.counts.sent, r.counts.answers, r.counts.successes, r.counts.timeouts),
        (15, 14, 11, 1)
    );
    assert_eq!(r.counts.sent_by_command.get("AIR"), Some(&15));
    assert_eq!(r.by_scenario.get("air"), Some(&ScenarioCounts { procedures: 15, sent: 15 }));
    assert_eq!(r.counts.errors.get(&ResultKey::Experimental(5001)), Some(&3));
    assert_eq!(r.failed(), 3);
    assert_eq!(r.missing_dpa, 1);
    assert_eq!(r.elapsed, Duration::from_secs(2));
    assert_eq!(r.throughput, 7.0);
    assert_eq!((r.latency.samples, r.latency.min), (2, 100));
    assert!(!r.passed());
    let json = r.to_json();
    assert_eq!(json["errors"][0]["experimental_result_code"], 5001);
    assert_eq!(json["errors"][0]["count"], 3);
    assert_eq!(json["passed"], false);
    assert_eq!(json["settings"]["mode"], "closed");
    assert_eq!(json["settings"]["transport"], "tcp");
    assert_eq!(json["scenarios"]["air"]["procedures"], 15);
    let text = r.to_string();
    assert!(text.contains("Experimental-Result-Code 5001: 3"), "{text}");
    assert!(!text.contains("warm-up") && !text.contains("schedule"), "{text}");
    assert!(text.ends_with("FAIL"), "{text}");
}

#[test]
fn a_clean_run_passes_and_any_problem_fails_it() {
    let mut c = ConnStats::new(0);
    c.counts.sent = 3;
    c.counts.answers = 3;
    c.counts.successes = 3;
    c.counts.late = 2;
    let t0 = Instant::now();
    assert!(Report::merge(settings(), t0, std::slice::from_ref(&c)).passed(), "late passes");
    let cases: [fn(&mut ConnStats); 9] = [
        |c| c.counts.invalid = 1,
        |c| c.counts.unmatched = 1,
        |c| c.counts.aborted = 1,
        |c| c.counts.dropped = 1,
        |c| c.error = Some("refused".into()),
        |c| {
            c.counts.errors.insert(ResultKey::Result(5012), 1);
        },
        |c| c.warmup.failures = 1,
        |c| c.warmup.timeouts = 1,
        |c| c.warmup.dropped = 1,
    ];
    for spoil in cases {
        let mut bad = c.clone();
        spoil(&mut bad);
        assert!(!Report::merge(settings(), t0, &[bad]).passed());
    }
}

#[test]
fn the_measured_period_starts_after_the_warm_up_and_the_warm_up_is_apart() {
    let t0 = Instant::now();
    let mut c = ConnStats::new(0);
    c.open_at = Some(t0);
    c.measured_at = Some(t0 + Duration::from_secs(2));
    c.drained_at = Some(t0 + Duration::from_secs(4));
    c.counts.sent = 100;
    c.counts.answers = 100;
    c.counts.successes = 100;
    c.warmup = WarmupCounts { sent: 50, answers: 50, successes: 50, ..Default::default() };
    let mut s = settings();
    s.warmup_secs = Some(2.0);
    s.rate = Some(50.0);
    s.tls = true;
    let mut r = Report::merge(s, t0, &[c]);
    assert_eq!(r.elapsed, Duration::from_secs(2), "from the first measured request");
    assert_eq!(r.throughput, 50.0);
    assert_eq!((r.counts.sent, r.warmup.sent), (100, 50));
    r.series = vec![
        SecondSummary { second: 0, answers: 50, errors: 0, timeouts: 0, p99_us: 900 },
        SecondSummary { second: 1, answers: 48, errors: 1, timeouts: 1, p99_us: 1200 },
        SecondSummary { second: 2, answers: 2, errors: 0, timeouts: 0, p99_us: 100 },
    ];
    let text = r.to_string();
    assert!(text.contains("warm-up    2 s, sent 50, answers 50"), "{text}");
    assert!(text.contains("schedule   late 0"), "{text}");
    assert!(text.contains("per second answers 48..50, errors+timeouts at most 2"), "{text}");
    assert!(text.contains("worst p99 1200 us (second 1)"), "{text}");
    let json = r.to_json();
    assert_eq!(json["warmup"]["sent"], 50);
    assert_eq!(json["settings"]["mode"], "open");
    assert_eq!(json["settings"]["transport"], "tls");
    assert!(text.starts_with("hss-loadtest air -> 127.0.0.1:3868 over TLS\n"), "{text}");
    assert_eq!(json["series"][1]["p99_us"], 1200);
    assert_eq!(json["series"].as_array().map(Vec::len), Some(3));
    for key in ["late", "dropped", "answers", "elapsed_secs", "throughput_per_sec", "timeouts"] {
        assert!(json[key].is_number(), "{key}");
    }
}
