//! `hss-loadtest` (the library) against the real daemon in-process: it provisions its IMSI
//! range over REST, then plays two MMEs attaching every subscriber (AIR then ULR) over
//! Diameter; every answer must be a success, and the store must show each subscriber served
//! by the peer that attached it. Then the same as CSCFs over Cx: IMS subscriptions provisioned
//! over REST, registrations (UAR, MAR, SAR) shown in the store, and a mix of S6a and Cx. Then
//! as application servers over Sh: the AS permission entry and repository data provisioned over
//! REST (twice, changing nothing the second time), read back with UDRs. Then as MMEs asking
//! the EIR over S13: ECRs with no rule provisioned, each answered with the default status.
//! Then as 3GPP AAA servers over SWx: EAP-AKA' MARs on the provisioned subscribers, alone and
//! among AIRs (one SQN space).

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use engine::config::Config;
use engine::daemon::Daemon;
use loadtest::{MixSpec, Report, ScenarioKind, provision, run_blocking};
use store::{Imsi, NodeKind, RegistrationState};

/// The tests run one at a time. The peers of a run share its request budget, so a peer slowed
/// down (a daemon of another test on the same cores) may leave part of its IMSIs unvisited,
/// which the store checks would take for a failure.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn alone() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner)
}

/// An hssd with two shards and REST on loopback, its store in `dir`; and its config.
fn start_daemon(dir: &tempfile::TempDir) -> (Daemon, Config) {
    let mut config = Config { store_path: dir.path().to_path_buf(), ..Config::default() };
    config.engine.io.listen = "127.0.0.1:0".parse().expect("address");
    config.engine.io.shards = 2;
    config.api.addr = Some("127.0.0.1:0".parse().expect("address"));
    config.engine.peers = engine::peer::PeerPolicy::AnyPeer;
    let daemon = Daemon::start(&config).expect("hssd starts");
    (daemon, config)
}

/// Requests of `command` the run sent.
fn sent(report: &Report, command: &str) -> u64 {
    report.counts.sent_by_command.get(command).copied().unwrap_or(0)
}

#[test]
fn loadtest_provisions_over_rest_and_attaches_every_subscriber() {
    let _alone = alone();
    let dir = tempfile::tempdir().expect("temporary directory");
    let (daemon, config) = start_daemon(&dir);
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
    assert_eq!(summary.ims_subscriptions(), 0, "no IMS subscriptions without Cx requests");
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

/// Cx: provisioning adds an IMS subscription per IMSI (409 on a second run); two CSCF peers
/// run 300 registrations (UAR, MAR, SAR) with every answer a success, and the store shows the
/// IMPUs registered at the load's S-CSCF by the peer that sent their SAR; one peer then
/// registers each IMPU once. Then a mix of AIR, MAR, SAR and LIR on the same (registered)
/// IMSIs, and a bare LIR on IMSIs provisioned but never registered: LIR's success is 2001 for
/// a registered IMPU and 2003 UNREGISTERED_SERVICE for one that is not (the provisioned
/// profile has an iFC for that case); 5003 would fail.
#[test]
fn loadtest_provisions_ims_subscriptions_and_registers_over_cx() {
    let _alone = alone();
    let dir = tempfile::tempdir().expect("temporary directory");
    let (daemon, config) = start_daemon(&dir);
    let load = loadtest::Config {
        target: daemon.engine().local_addr().to_string(),
        provision: Some(format!("http://{}", daemon.rest_addr())),
        peers: 2,
        window: 8,
        scenario: ScenarioKind::ImsRegister,
        vectors: 2,
        imsis: 100,
        requests: Some(900),
        destination_realm: config.engine.origin_realm.clone(),
        ..loadtest::Config::default()
    };
    let summary = provision(&load).expect("provisioning over REST");
    assert_eq!((summary.subscribers_created, summary.auth_data_created), (100, 100));
    assert_eq!((summary.ims_subscriptions_created, summary.ims_subscriptions_existing), (100, 0));
    assert!(summary.ims_elapsed > Duration::ZERO);
    let again = provision(&load).expect("provisioning twice");
    assert_eq!(
        (again.ims_subscriptions_created, again.ims_subscriptions_existing),
        (0, 100),
        "409 counts as provisioned"
    );

    // 300 registrations over 100 IMSIs, about three each: the UAA is 2001 FIRST_REGISTRATION
    // the first time, 2002 SUBSEQUENT_REGISTRATION after.
    let report = run_blocking(&load).expect("the run starts");
    assert!(report.passed(), "{report}");
    let counts = &report.counts;
    assert_eq!((counts.sent, counts.answers, counts.successes), (900, 900, 900), "{report}");
    assert_eq!(counts.failed() + counts.invalid + counts.timeouts, 0, "{report}");
    let (uar, mar, sar) = (sent(&report, "UAR"), sent(&report, "MAR"), sent(&report, "SAR"));
    assert_eq!(uar + mar + sar, 900, "{report}");
    // The budget counts requests: the last registrations (one window a peer) may stop early.
    assert!(uar >= mar && mar >= sar && sar >= 300 - 16, "{report}");

    // Peer c registers the IMPUs of IMSIs c, c + 2, ...: those registered are at the load's
    // S-CSCF, by the peer (Origin-Host) whose share they are in. The budget is shared, so a
    // peer that got its CEA late may not have come round its whole share; one peer at least
    // did (284 registrations completed, 50 IMSIs a share).
    let range = load.imsi_range().expect("IMSI range");
    let domain = range.ims_domain();
    let registration = |i: u64| {
        let impi = format!("{}@{domain}", range.get(i).expect("in range"));
        let record = daemon.engine().store().ims_subscription(&impi).expect("provisioned");
        (impi, record.registration)
    };
    let mut registered = 0;
    for i in 0..100 {
        let (impi, r) = registration(i);
        if r.server_name.is_none() {
            assert_eq!(r.state(0), RegistrationState::NotRegistered, "IMPI {impi}");
            continue;
        }
        registered += 1;
        assert_eq!(r.server_name.as_deref(), Some(load.scscf_name.as_str()), "IMPI {impi}");
        assert_eq!(r.state(0), RegistrationState::Registered, "IMPI {impi}");
        let host = load.origin_host(i as usize % 2);
        assert_eq!(r.scscf_host.as_deref(), Some(host.as_str()), "IMPI {impi}");
    }
    assert!(registered >= 50, "{registered} registered");

    // One peer, one request at a time: exactly one registration per IMSI, each complete.
    let one = loadtest::Config { peers: 1, window: 1, requests: Some(300), ..load.clone() };
    let report = run_blocking(&one).expect("the run starts");
    assert!(report.passed(), "{report}");
    assert_eq!((sent(&report, "UAR"), sent(&report, "MAR"), sent(&report, "SAR")), (100, 100, 100));
    for i in 0..100 {
        let (impi, r) = registration(i);
        assert_eq!(r.server_name.as_deref(), Some(load.scscf_name.as_str()), "IMPI {impi}");
        assert_eq!(r.state(0), RegistrationState::Registered, "IMPI {impi}");
        let host = load.origin_host(0);
        assert_eq!(r.scscf_host.as_deref(), Some(host.as_str()), "IMPI {impi}");
    }

    // S6a and Cx in one mix, on the registered IMSIs: every answer a success.
    let mix: MixSpec = "air=1,mar=1,sar=1,lir=1".parse().expect("mix");
    let mixed = loadtest::Config { mix: Some(mix), requests: Some(400), ..load.clone() };
    let report = run_blocking(&mixed).expect("the run starts");
    assert!(report.passed(), "{report}");
    let counts = &report.counts;
    assert_eq!((counts.sent, counts.answers, counts.successes), (400, 400, 400), "{report}");
    let by_step = ["AIR", "MAR", "SAR", "LIR"].map(|c| sent(&report, c));
    assert_eq!(by_step.iter().sum::<u64>(), 400, "{report}");
    assert!(by_step.iter().all(|&n| (60..=140).contains(&n)), "about 100 each: {by_step:?}");

    // LIR on IMSIs provisioned (EPS and IMS) but never registered: 2003, a success.
    let fresh = loadtest::Config {
        scenario: ScenarioKind::Lir,
        imsi_start: "001010000001001".into(),
        imsis: 20,
        requests: Some(40),
        ..load.clone()
    };
    let summary = provision(&fresh).expect("provisioning the unregistered IMSIs");
    assert_eq!(summary.ims_subscriptions_created, 20);
    let report = run_blocking(&fresh).expect("the run starts");
    assert!(report.passed(), "{report}");
    assert_eq!((report.counts.sent, report.counts.successes), (40, 40), "{report}");
    assert_eq!(sent(&report, "LIR"), 40);
    let impi = format!("001010000001001@{domain}");
    let record = daemon.engine().store().ims_subscription(&impi).expect("provisioned");
    assert_eq!(record.registration.server_name, None, "never registered");
    daemon.shutdown_with_grace(Duration::ZERO).expect("clean stop");
}

/// Sh: provisioning adds, after the IMS subscriptions, the AS permission entry of the load's
/// realm (which every peer's Origin-Realm is) and one piece of `MMTEL-Services` repository
/// data per IMPU; provisioning again finds them all there and changes nothing (the entry is
/// written again, the data left at sequence number 0). Two application-server peers then read
/// that data with UDRs, every answer 2001 with User-Data; then a mix of UDR with S6a and Cx.
#[test]
fn loadtest_provisions_sh_data_and_reads_it_with_udr() {
    let _alone = alone();
    let dir = tempfile::tempdir().expect("temporary directory");
    let (daemon, config) = start_daemon(&dir);
    let load = loadtest::Config {
        target: daemon.engine().local_addr().to_string(),
        provision: Some(format!("http://{}", daemon.rest_addr())),
        peers: 2,
        window: 8,
        scenario: ScenarioKind::Udr,
        imsis: 100,
        requests: Some(400),
        destination_realm: config.engine.origin_realm.clone(),
        ..loadtest::Config::default()
    };
    let summary = provision(&load).expect("provisioning over REST");
    assert_eq!((summary.subscribers_created, summary.auth_data_created), (100, 100));
    assert_eq!((summary.ims_subscriptions_created, summary.ims_subscriptions_existing), (100, 0));
    assert_eq!((summary.as_permissions_created, summary.as_permissions_replaced), (1, 0));
    assert_eq!((summary.repository_data_created, summary.repository_data_existing), (100, 0));
    assert!(summary.sh_elapsed > Duration::ZERO);

    let store = daemon.engine().store();
    let range = load.imsi_range().expect("IMSI range");
    let domain = range.ims_domain();
    let si = loadtest::SERVICE_INDICATION.as_bytes();
    let repository = |i: u64| {
        let impu = format!("sip:{}@{domain}", range.get(i).expect("in range"));
        let key = store.ims_key_by_impu(&impu).expect("an IMS subscription");
        store.repository_data(key, &impu, si).expect("readable").expect("provisioned")
    };
    let first: Vec<_> = (0..100).map(repository).collect();
    assert!(first.iter().all(|r| r.sequence_number == 0), "created at 0");
    assert!(first.iter().all(|r| r.service_data.starts_with(b"<simservs ")));

    let again = provision(&load).expect("provisioning twice");
    assert_eq!(
        (again.ims_subscriptions_created, again.ims_subscriptions_existing),
        (0, 100),
        "duplicates count as provisioned"
    );
    assert_eq!((again.as_permissions_created, again.as_permissions_replaced), (0, 1));
    assert_eq!(
        (again.repository_data_created, again.repository_data_existing),
        (0, 100),
        "existing repository data is left alone"
    );
    let second: Vec<_> = (0..100).map(repository).collect();
    assert_eq!(first, second, "provisioning twice changed nothing");
    let entry = store.as_permissions(&load.realm).expect("readable").expect("the realm's entry");
    assert_eq!(
        (entry.udr, entry.pur, entry.snr),
        (vec![0, 10, 11, 12, 13, 17], vec![0], vec![0, 11])
    );
    for peer in 0..2 {
        assert!(store.as_permissions(&load.origin_host(peer)).expect("readable").is_none());
    }

    let report = run_blocking(&load).expect("the run starts");
    assert!(report.passed(), "{report}");
    let counts = &report.counts;
    assert_eq!((counts.sent, counts.answers, counts.successes), (400, 400, 400), "{report}");
    assert_eq!(counts.failed() + counts.invalid + counts.timeouts, 0, "{report}");
    assert_eq!(sent(&report, "UDR"), 400, "{report}");

    // UDR among S6a and Cx requests on the same IMSIs: every answer a success.
    let mix: MixSpec = "udr=2,air=1,lir=1".parse().expect("mix");
    let mixed = loadtest::Config { mix: Some(mix), requests: Some(400), ..load.clone() };
    let report = run_blocking(&mixed).expect("the run starts");
    assert!(report.passed(), "{report}");
    let counts = &report.counts;
    assert_eq!((counts.sent, counts.answers, counts.successes), (400, 400, 400), "{report}");
    let by_step = ["UDR", "AIR", "LIR"].map(|c| sent(&report, c));
    assert_eq!(by_step.iter().sum::<u64>(), 400, "{report}");
    assert!((140..=260).contains(&by_step[0]), "about 200 UDRs: {by_step:?}");
    daemon.shutdown_with_grace(Duration::ZERO).expect("clean stop");
}

/// S13: two MME peers send 300 ECRs, an IMEI derived from each IMSI, with no EIR rule and no
/// subscriber provisioned: every answer is 2001 with the default Equipment-Status
/// (WHITELISTED). Then ECR among attaches (S6a) on provisioned IMSIs, every answer a success.
#[test]
fn loadtest_checks_equipment_with_ecr() {
    let _alone = alone();
    let dir = tempfile::tempdir().expect("temporary directory");
    let (daemon, config) = start_daemon(&dir);
    let load = loadtest::Config {
        target: daemon.engine().local_addr().to_string(),
        peers: 2,
        window: 8,
        scenario: ScenarioKind::Ecr,
        imsis: 60,
        requests: Some(300),
        destination_realm: config.engine.origin_realm.clone(),
        ..loadtest::Config::default()
    };
    let report = run_blocking(&load).expect("the run starts");
    assert!(report.passed(), "{report}");
    let counts = &report.counts;
    assert_eq!((counts.sent, counts.answers, counts.successes), (300, 300, 300), "{report}");
    assert_eq!(counts.failed() + counts.invalid + counts.timeouts, 0, "{report}");
    assert_eq!(sent(&report, "ECR"), 300, "{report}");

    let mix: MixSpec = "ecr=1,attach=1".parse().expect("mix");
    let mixed = loadtest::Config {
        mix: Some(mix),
        provision: Some(format!("http://{}", daemon.rest_addr())),
        requests: Some(300),
        ..load.clone()
    };
    provision(&mixed).expect("provisioning over REST");
    let report = run_blocking(&mixed).expect("the run starts");
    assert!(report.passed(), "{report}");
    let counts = &report.counts;
    assert_eq!((counts.sent, counts.answers, counts.successes), (300, 300, 300), "{report}");
    assert_eq!(counts.failed() + counts.invalid + counts.timeouts, 0, "{report}");
    assert!(sent(&report, "ECR") >= 50 && sent(&report, "AIR") >= 50, "{report}");
    daemon.shutdown_with_grace(Duration::ZERO).expect("clean stop");
}

/// SWx: two 3GPP AAA server peers send 300 EAP-AKA' MARs (2 items each) for 60 provisioned
/// IMSIs: every answer 2001 with its items, and no AAA server registered by vectors alone.
/// Then SWx MARs among S6a AIRs for the same IMSIs, every answer a success.
#[test]
fn loadtest_authenticates_over_swx() {
    let _alone = alone();
    let dir = tempfile::tempdir().expect("temporary directory");
    let (daemon, config) = start_daemon(&dir);
    let load = loadtest::Config {
        target: daemon.engine().local_addr().to_string(),
        provision: Some(format!("http://{}", daemon.rest_addr())),
        peers: 2,
        window: 8,
        scenario: ScenarioKind::SwxMar,
        vectors: 2,
        imsis: 60,
        requests: Some(300),
        destination_realm: config.engine.origin_realm.clone(),
        ..loadtest::Config::default()
    };
    let summary = provision(&load).expect("provisioning over REST");
    assert_eq!(summary.subscribers_created, 60);
    let report = run_blocking(&load).expect("the run starts");
    assert!(report.passed(), "{report}");
    let counts = &report.counts;
    assert_eq!((counts.sent, counts.answers, counts.successes), (300, 300, 300), "{report}");
    assert_eq!(counts.failed() + counts.invalid + counts.timeouts, 0, "{report}");
    assert_eq!(sent(&report, "SWx-MAR"), 300, "{report}");
    let store = daemon.engine().store();
    let first = Imsi::parse("001010000000001").expect("IMSI");
    assert_eq!(store.serving_node(first.key(), NodeKind::Aaa).expect("read"), None);

    let mix: MixSpec = "swx-mar=1,air=1".parse().expect("mix");
    let mixed = loadtest::Config { mix: Some(mix), provision: None, ..load.clone() };
    let report = run_blocking(&mixed).expect("the run starts");
    assert!(report.passed(), "{report}");
    let counts = &report.counts;
    assert_eq!((counts.sent, counts.answers, counts.successes), (300, 300, 300), "{report}");
    assert!(sent(&report, "SWx-MAR") >= 50 && sent(&report, "AIR") >= 50, "{report}");
    daemon.shutdown_with_grace(Duration::ZERO).expect("clean stop");
}
