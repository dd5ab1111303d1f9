//! `hss-loadtest --tls` against hssd's Diameter TLS listener (RFC 6733 §13) in-process: a test
//! CA, hssd's certificate for 127.0.0.1 and client certificates made at test time; hssd
//! requires client certificates of that CA naming each peer's Origin-Host. The generator's
//! peers (`loadtest-{i}.loadtest.example`) present one wildcard certificate and every AIR
//! succeeds; a certificate for other names gets no AIR through (CEA 3010).

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::time::Duration;

use engine::config::Config;
use engine::daemon::Daemon;
use engine::io::{TlsListen, server_config};
use loadtest::{ScenarioKind, provision, run_blocking};
use rcgen::{
    BasicConstraints, Certificate, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, SanType,
};

struct Ca {
    cert: Certificate,
    key: KeyPair,
}

fn new_ca(name: &str) -> Ca {
    let key = KeyPair::generate().expect("key");
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    Ca { cert: params.self_signed(&key).expect("CA"), key }
}

/// A certificate of `ca`: for 127.0.0.1 (a server), or for the DNS name `name` (a client).
fn issue(ca: &Ca, name: &str, server: bool) -> (Certificate, KeyPair) {
    let key = KeyPair::generate().expect("key");
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    params.distinguished_name.push(DnType::CommonName, name);
    if server {
        params.subject_alt_names = vec![SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST))];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    } else {
        params.subject_alt_names = vec![SanType::DnsName(name.try_into().expect("name"))];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    }
    (params.signed_by(&key, &ca.cert, &ca.key).expect("signed"), key)
}

#[test]
fn air_over_tls_with_client_certificates_naming_the_peers() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = |name: &str| -> PathBuf { dir.path().join(name) };
    let write = |name: &str, pem: String| std::fs::write(file(name), pem).expect(name);
    let ca = new_ca("HSS test CA");
    let (server, server_key) = issue(&ca, "hss.test", true);
    write("ca.pem", ca.cert.pem());
    write("server.pem", server.pem());
    write("server-key.pem", server_key.serialize_pem());
    for (prefix, name) in [("peers", "*.loadtest.example"), ("other", "mme.other.example")] {
        let (cert, key) = issue(&ca, name, false);
        write(&format!("{prefix}.pem"), cert.pem());
        write(&format!("{prefix}-key.pem"), key.serialize_pem());
    }

    let mut config = Config { store_path: file("store"), ..Config::default() };
    config.engine.io.listen = "127.0.0.1:0".parse().expect("address");
    config.engine.io.shards = 2;
    let server_config =
        server_config(&file("server.pem"), &file("server-key.pem"), Some(&file("ca.pem")))
            .expect("TLS configuration");
    let listen = "127.0.0.1:0".parse().expect("address");
    config.engine.io.tls = Some(TlsListen { listen, server_config });
    config.api.addr = Some("127.0.0.1:0".parse().expect("address"));
    config.engine.peers = engine::peer::PeerPolicy::AnyPeer;
    let daemon = Daemon::start(&config).expect("hssd starts");
    let tls_addr = daemon.engine().tls_local_addr().expect("the TLS listener");

    // Provisioning over REST (plain HTTP), then AIRs over TLS.
    let path = |name: &str| Some(file(name));
    let load = loadtest::Config {
        target: tls_addr.to_string(),
        provision: Some(format!("http://{}", daemon.rest_addr())),
        tls: true,
        tls_ca: path("ca.pem"),
        tls_cert: path("peers.pem"),
        tls_key: path("peers-key.pem"),
        peers: 2,
        window: 8,
        scenario: ScenarioKind::Air,
        imsis: 20,
        requests: Some(200),
        timeout_ms: 5000,
        destination_realm: config.engine.origin_realm.clone(),
        quiet: true,
        ..loadtest::Config::default()
    };
    assert_eq!(load.tls_name(), "127.0.0.1", "the host of the target");
    assert_eq!(provision(&load).expect("provisioning over REST").subscribers_created, 20);
    let report = run_blocking(&load).expect("the run starts");
    assert!(report.passed(), "{report}");
    let counts = &report.counts;
    assert_eq!((counts.sent, counts.answers, counts.successes), (200, 200, 200), "{report}");
    assert_eq!(counts.sent_by_command.get("AIR"), Some(&200));
    assert!(report.settings.tls && report.connection_errors.is_empty(), "{report}");

    // A certificate of the same CA for another host: the handshake succeeds, the CER does not.
    let other = loadtest::Config {
        tls_cert: path("other.pem"),
        tls_key: path("other-key.pem"),
        provision: None,
        requests: Some(20),
        ..load.clone()
    };
    let report = run_blocking(&other).expect("the run starts");
    assert!(!report.passed(), "{report}");
    assert_eq!((report.counts.successes, report.connection_errors.len()), (0, 2), "{report}");
    let refused = |e: &String| e.contains("CEA refused with Result-Code 3010");
    assert!(report.connection_errors.iter().all(refused), "{:?}", report.connection_errors);
    daemon.shutdown_with_grace(Duration::ZERO).expect("clean stop");
}
