//! The full load generator against the fake HSS: PUR and DWR, the weighted mix, the open loop
//! (rate, coordinated-omission-correct latency), the warm-up and the per-second series. Each run
//! is bounded to a second or less.

mod support;

use std::time::Duration;

use loadtest::{Report, ResultKey, run};
use support::{Behaviour, FakeHss, config};

fn series_sums(r: &Report) -> (u64, u64, u64) {
    let sum = |f: fn(&loadtest::SecondSummary) -> u64| r.series.iter().map(f).sum::<u64>();
    (sum(|s| s.answers), sum(|s| s.errors), sum(|s| s.timeouts))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pur_and_dwr_get_their_answers() {
    let hss = FakeHss::start(Behaviour::default());
    let pur = run(&config(hss.addr, &["--scenario", "pur", "--requests", "60", "--imsis", "6"]))
        .await
        .expect("run");
    assert!(pur.passed(), "{pur}");
    assert_eq!((pur.counts.sent, pur.counts.successes), (60, 60));
    assert_eq!(pur.counts.sent_by_command.get("PUR"), Some(&60));
    let dwr = run(&config(hss.addr, &["--scenario", "dwr", "--requests", "40", "--peers", "2"]))
        .await
        .expect("run");
    assert!(dwr.passed(), "{dwr}");
    assert_eq!((dwr.counts.sent, dwr.counts.successes), (40, 40));
    assert_eq!(dwr.counts.sent_by_command.get("DWR"), Some(&40));
    assert_eq!(dwr.settings.scenario, "dwr");
    hss.log(|log| {
        assert_eq!((log.purs, log.dwrs, log.airs), (60, 40, 0));
        assert_eq!(log.per_imsi.len(), 6, "PURs name their IMSI, DWRs none");
        assert_eq!(log.dprs, 3);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mix_picks_scenarios_by_weight() {
    let hss = FakeHss::start(Behaviour::default());
    let args = ["--mix", "air=6,ulr=2,pur=1,attach=1", "--seed", "7", "--requests", "3000"];
    let report = run(&config(hss.addr, &[&args[..], &["--peers", "2", "--window", "16"]].concat()))
        .await
        .expect("run");
    assert!(report.passed(), "{report}");
    assert_eq!((report.counts.sent, report.counts.successes), (3000, 3000));
    let procedures = |name: &str| report.by_scenario.get(name).map_or(0, |c| c.procedures);
    let total: u64 = report.by_scenario.values().map(|c| c.procedures).sum();
    for (name, weight) in [("air", 0.6), ("ulr", 0.2), ("pur", 0.1), ("attach", 0.1)] {
        let share = procedures(name) as f64 / total as f64;
        assert!((share - weight).abs() < weight * 0.2, "{name}: {share} of {total}");
    }
    let sent: u64 = report.by_scenario.values().map(|c| c.sent).sum();
    assert_eq!(sent, 3000);
    hss.log(|log| {
        let by_command = |c| report.counts.sent_by_command.get(c).copied().unwrap_or(0);
        assert_eq!(
            (log.airs, log.ulrs, log.purs),
            (by_command("AIR"), by_command("ULR"), by_command("PUR"))
        );
    });
    let json = report.to_json();
    assert_eq!(json["settings"]["scenario"], "mix");
    assert_eq!(json["settings"]["mix"][0]["weight"], 6);
    assert!(json["scenarios"]["attach"]["sent"].as_u64().is_some_and(|n| n > 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_open_loop_sends_rate_times_duration() {
    let hss = FakeHss::start(Behaviour::default());
    let args = ["--rate", "2000", "--duration", "0.5", "--peers", "2", "--imsis", "10"];
    let report = run(&config(hss.addr, &args)).await.expect("run");
    assert!(report.passed(), "{report}");
    assert!(
        (980..=1002).contains(&report.counts.sent),
        "about 2000/s x 0.5 s: {}",
        report.counts.sent
    );
    assert_eq!(report.counts.answers, report.counts.sent);
    assert_eq!(report.counts.dropped, 0);
    assert!(report.elapsed >= Duration::from_millis(490), "{:?}", report.elapsed);
    assert!(report.elapsed < Duration::from_secs(3), "{:?}", report.elapsed);
    assert_eq!(series_sums(&report).0, report.counts.answers);
    let json = report.to_json();
    assert_eq!(json["settings"]["mode"], "open");
    assert_eq!(json["settings"]["rate_per_sec"], 2000.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_server_shows_in_latency_from_the_scheduled_times() {
    // 1000/s, at most 4 outstanding: while the server stalls 200 ms, the requests due then
    // cannot leave. Timed from when they left they would look fast; timed from when they
    // were due, a fifth of the run waits up to 200 ms.
    let hss = FakeHss::start(Behaviour {
        stall_after: Some(100),
        stall: Duration::from_millis(200),
        ..Behaviour::default()
    });
    let args = ["--rate", "1000", "--requests", "600", "--max-outstanding", "4", "--imsis", "10"];
    let report = run(&config(hss.addr, &args)).await.expect("run");
    hss.log(|log| assert!(log.stalled));
    assert!(report.passed(), "{report}");
    assert_eq!((report.counts.sent, report.counts.dropped), (600, 0));
    assert!(
        report.counts.late >= 100,
        "requests due during the stall leave late: {}",
        report.counts.late
    );
    assert!(report.latency.max >= 150_000, "{:?}", report.latency);
    assert!(report.latency.p90 >= 50_000, "{:?}", report.latency);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_warm_up_is_sent_and_checked_but_reported_apart() {
    let hss = FakeHss::start(Behaviour {
        unknown_imsi: Some("001010000000003".into()),
        ..Behaviour::default()
    });
    let args = ["--warmup-requests", "100", "--requests", "200", "--imsis", "10"];
    let report = run(&config(hss.addr, &args)).await.expect("run");
    let w = report.warmup;
    assert_eq!((w.sent, w.answers, w.successes, w.failures), (100, 100, 90, 10));
    assert_eq!(
        (report.counts.sent, report.counts.answers, report.latency.samples),
        (200, 200, 200)
    );
    assert_eq!(report.counts.errors.get(&ResultKey::Experimental(5001)), Some(&20));
    assert_eq!(series_sums(&report), (200, 20, 0));
    assert!(!report.passed());
    hss.log(|log| assert_eq!(log.airs, 300));
    assert!(report.to_string().contains("warm-up    sent 100, answers 100"), "{report}");

    // A timed warm-up in the open loop: 0.2 s at 1000/s, then 0.3 s measured.
    let args = ["--warmup", "0.2", "--rate", "1000", "--duration", "0.3", "--imsis", "10"];
    let report =
        run(&config(hss.addr, &[&args[..], &["--imsi-start", "001010000000004"]].concat()))
            .await
            .expect("run");
    assert!(report.passed(), "{report}");
    assert!((150..=200).contains(&report.warmup.sent), "{:?}", report.warmup);
    assert!((290..=301).contains(&report.counts.sent), "{}", report.counts.sent);
    assert_eq!(report.to_json()["warmup"]["sent"], report.warmup.sent);
}

#[test]
fn the_per_second_series_adds_up_to_the_answers() {
    let hss = FakeHss::start(Behaviour {
        unknown_imsi: Some("001010000000002".into()),
        ..Behaviour::default()
    });
    let args = ["--rate", "400", "--duration", "1.3", "--imsis", "4", "--threads", "2"];
    let report = loadtest::run_blocking(&config(hss.addr, &args)).expect("run");
    assert_eq!(report.series.len(), 2, "{:?}", report.series);
    assert!(report.series.iter().enumerate().all(|(i, s)| s.second == i as u64));
    let (answers, errors, timeouts) = series_sums(&report);
    assert_eq!(answers, report.counts.answers);
    assert_eq!(errors, report.failed() + report.counts.invalid);
    assert_eq!(timeouts, report.counts.timeouts);
    let first = report.series[0];
    assert!((360..=440).contains(&first.answers), "a full second at 400/s: {first:?}");
    assert!(first.p99_us > 0 && first.p99_us <= report.latency.max + report.latency.max / 50);
    let json = report.to_json();
    let sum: u64 = json["series"]
        .as_array()
        .expect("series")
        .iter()
        .map(|s| s["answers"].as_u64().expect("answers"))
        .sum();
    assert_eq!(sum, report.counts.answers);
}
