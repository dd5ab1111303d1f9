//! `hss-loadtest` (the library) against the real daemon in-process: it provisions its IMSI
//! range over REST, then plays two MMEs attaching every subscriber (AIR then ULR) over
//! Diameter; every answer must be a success, and the store must show each subscriber served
//! by the peer that attached it.

use std::time::Duration;

use engine::config::Config;
use engine::daemon::Daemon;
use loadtest::{ScenarioKind, provision, run_blocking};
use store::{Imsi, NodeKind};

#[test]
fn loadtest_provisions_over_rest_and_attaches_every_subscriber() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut config = Config { store_path: dir.path().to_path_buf(), ..Config::default() };
    config.engine.io.listen = "127.0.0.1:0".parse().expect("address");
    config.engine.io.shards = 2;
    config.api.addr = Some("127.0.0.1:0".parse().expect("address"));
    let daemon = Daemon::start(&config).expect("hssd starts");
    let load = loadtest::Config {
        target: daemon.engine().local_addr().to_string(),
        provision: Some(format!("http://{}", daemon.rest_addr())),
        peers: 2,
        window: 8,
        scenario: ScenarioKind::Attach,
        vectors: 2,
        imsis: 40,
        requests: Some(400),
        destination_realm: config.engine.origin_realm.clone(),
        ..loadtest::Config::default()
    };
    let summary = provision(&load).expect("provisioning over REST");
    assert_eq!((summary.subscribers_created, summary.auth_data_created), (40, 40));
    let again = provision(&load).expect("provisioning twice");
    assert_eq!((again.subscribers_existing, again.auth_data_existing), (40, 40), "409 reused");

    let report = run_blocking(&load).expect("the run starts");
    assert!(report.passed(), "{report}");
    let counts = &report.counts;
    assert_eq!((counts.sent, counts.answers, counts.successes), (400, 400, 400), "{report}");
    // The budget counts requests, so the last attaches may end after their AIR.
    let sent = |c| counts.sent_by_command.get(c).copied().unwrap_or(0);
    assert!(sent("AIR") >= sent("ULR") && sent("ULR") >= 160, "{report}");
    assert!(report.latency.p50 > 0 && report.latency.p50 <= report.latency.p99);

    // Peer c attached IMSIs c, c + 2, ...: each is served by the MME that sent its ULR.
    let range = load.imsi_range().expect("IMSI range");
    for i in 0..40 {
        let imsi = Imsi::parse(&range.get(i).expect("in range")).expect("IMSI");
        let mme =
            daemon.engine().store().serving_node(imsi.key(), NodeKind::Mme).expect("readable");
        let host = mme.map(|m| m.host);
        assert_eq!(host.as_deref(), Some(load.origin_host(i as usize % 2).as_str()), "IMSI {i}");
    }
    daemon.shutdown_with_grace(Duration::ZERO).expect("clean stop");
}
