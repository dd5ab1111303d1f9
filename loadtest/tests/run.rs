//! `loadtest::run` against a fake HSS on 127.0.0.1: counts, Result-Codes, timeouts, the
//! attach order, several peers, the duration bound, a refused connection.

mod support;

use std::time::Duration;

use loadtest::{ResultKey, run, run_blocking};
use support::{Behaviour, FakeHss, HSS_HOST, config};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn air_counts_5001_for_the_unknown_imsi() {
    let hss = FakeHss::start(Behaviour {
        unknown_imsi: Some("001010000000004".into()),
        send_dwr: true,
        ..Behaviour::default()
    });
    let args = ["--requests", "200", "--imsis", "10", "--window", "8", "--vectors", "2"];
    let report = run(&config(hss.addr, &args)).await.expect("run");

    assert_eq!(report.connection_errors, Vec::<String>::new());
    assert_eq!((report.counts.sent, report.counts.answers), (200, 200));
    assert_eq!(report.counts.sent_by_command.get("AIR"), Some(&200));
    // One peer walks the 10 IMSIs in order: every tenth request is for the unknown one.
    assert_eq!(report.counts.errors.get(&ResultKey::Experimental(5001)), Some(&20));
    assert_eq!(report.counts.errors.len(), 1, "{:?}", report.counts.errors);
    assert_eq!(report.counts.successes, 180);
    assert_eq!((report.counts.invalid, report.counts.timeouts, report.counts.unmatched), (0, 0, 0));
    assert_eq!(report.counts.server_requests, 1, "the DWR");
    assert_eq!(report.missing_dpa, 0);
    assert_eq!(report.latency.samples, 200);
    assert!(report.latency.p50 >= 1 && report.latency.p50 <= report.latency.max);
    assert!(report.throughput > 0.0);
    assert!(!report.passed(), "a 5001 is a failed request");

    hss.log(|log| {
        assert_eq!(log.origin_hosts, ["loadtest-0.loadtest.example"]);
        assert_eq!((log.airs, log.dprs, log.dwas), (200, 1, 1));
        assert_eq!(log.per_imsi.len(), 10);
        assert!(log.per_imsi.values().all(|&n| n == 20), "{:?}", log.per_imsi);
        assert_eq!(log.duplicate_session_ids, 0);
        assert_eq!(log.destination_hosts.iter().collect::<Vec<_>>(), [HSS_HOST]);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attach_over_three_peers_sends_ulr_after_aia() {
    let hss = FakeHss::start(Behaviour::default());
    let args = ["--scenario", "attach", "--peers", "3", "--window", "4", "--imsis", "9"];
    let report =
        run(&config(hss.addr, &[&args[..], &["--requests", "150"]].concat())).await.expect("run");

    assert!(report.passed(), "{report}");
    assert_eq!(
        (report.counts.sent, report.counts.answers, report.counts.successes),
        (150, 150, 150)
    );
    let air = report.counts.sent_by_command.get("AIR").copied().unwrap_or(0);
    let ulr = report.counts.sent_by_command.get("ULR").copied().unwrap_or(0);
    assert_eq!(air + ulr, 150);
    assert!(ulr > 0 && ulr <= air, "AIR {air}, ULR {ulr}");
    hss.log(|log| {
        let mut hosts = log.origin_hosts.clone();
        hosts.sort();
        assert_eq!(
            hosts,
            [
                "loadtest-0.loadtest.example",
                "loadtest-1.loadtest.example",
                "loadtest-2.loadtest.example"
            ]
        );
        assert_eq!((log.airs, log.ulrs), (air, ulr));
        assert_eq!(log.ulr_before_aia, 0, "a ULR only follows its IMSI's successful AIA");
        assert_eq!(log.dprs, 3);
        assert_eq!(log.duplicate_session_ids, 0);
        assert_eq!(log.session_ids.len(), 150);
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unanswered_requests_count_as_timeouts() {
    let hss = FakeHss::start(Behaviour {
        silent_imsi: Some("001010000000002".into()),
        ..Behaviour::default()
    });
    let args = ["--requests", "40", "--imsis", "4", "--window", "4", "--timeout-ms", "150"];
    let report = run(&config(hss.addr, &args)).await.expect("run");

    assert_eq!(report.counts.sent, 40);
    assert_eq!(report.counts.timeouts, 10, "every fourth request goes unanswered");
    assert_eq!((report.counts.answers, report.counts.successes), (30, 30));
    assert!(report.connection_errors.is_empty(), "{:?}", report.connection_errors);
    assert!(!report.passed());
}

#[test]
fn a_duration_bound_stops_sending() {
    let hss = FakeHss::start(Behaviour::default());
    let cfg = config(hss.addr, &["--duration", "0.3", "--imsis", "5", "--threads", "2"]);
    assert_eq!(cfg.requests, None);
    let report = run_blocking(&cfg).expect("run");
    assert!(report.passed(), "{report}");
    assert!(report.counts.sent > 0);
    assert_eq!(report.counts.answers, report.counts.sent);
    assert!(report.elapsed >= Duration::from_millis(250), "{:?}", report.elapsed);
    assert!(report.elapsed < Duration::from_secs(5), "{:?}", report.elapsed);
    let json = report.to_json();
    assert_eq!(json["settings"]["duration_secs"], 0.3);
    assert_eq!(json["passed"], true);
}

#[test]
fn a_refused_connection_fails_the_run() {
    let addr = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr")
    };
    let report = run_blocking(&config(addr, &["--requests", "10", "--peers", "2"])).expect("run");
    assert_eq!(report.connection_errors.len(), 2, "{:?}", report.connection_errors);
    assert!(report.connection_errors[0].contains("connect"), "{:?}", report.connection_errors);
    assert_eq!(report.counts.sent, 0);
    assert!(!report.passed());
}

#[test]
fn invalid_settings_are_refused_before_connecting() {
    let addr = "127.0.0.1:9".parse().expect("addr");
    let err = run_blocking(&config(addr, &["--window", "0"])).expect_err("refused");
    assert!(err.to_string().contains("--window"), "{err}");
}
