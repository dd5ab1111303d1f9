//! `--tls`: the generator over TLS against the fake HSS, with a test CA and certificates made
//! at test time. AIRs succeed over TLS with and without a client certificate; a server
//! certificate for another name or from another CA, or no client certificate where one is
//! required, fails the connections (not the run's start); a missing CA file stops the run
//! before it connects. hssd's own TLS listener is run against in
//! `engine/tests/loadtest_tls.rs`.

mod support;

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::sync::Arc;

use loadtest::{LoadError, run};
use rcgen::{
    BasicConstraints, Certificate, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, SanType,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};
use support::{Behaviour, FakeHss, config};

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

/// A certificate of `ca` for `sans` (DNS names; 127.0.0.1 too for a server).
fn issue(ca: &Ca, sans: &[&str], server: bool) -> (Certificate, KeyPair) {
    let key = KeyPair::generate().expect("key");
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    params.distinguished_name.push(DnType::CommonName, sans[0]);
    params.subject_alt_names =
        sans.iter().map(|n| SanType::DnsName((*n).try_into().expect("name"))).collect();
    if server {
        params.subject_alt_names.push(SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    } else {
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    }
    (params.signed_by(&key, &ca.cert, &ca.key).expect("signed"), key)
}

/// The test PKI in a temporary directory: `ca.pem` (the CA), `other-ca.pem` (a CA that
/// signed nothing here), `client.pem`/`client-key.pem` (a client of the CA for every
/// generator peer: `*.loadtest.example`); the server's certificate is for `hss.test` and
/// 127.0.0.1.
struct Pki {
    ca: Ca,
    server: (Certificate, KeyPair),
    dir: tempfile::TempDir,
}

fn pki() -> Pki {
    let ca = new_ca("loadtest test CA");
    let dir = tempfile::tempdir().expect("tempdir");
    let server = issue(&ca, &["hss.test"], true);
    let (client, client_key) = issue(&ca, &["*.loadtest.example"], false);
    let write = |name: &str, pem: String| std::fs::write(dir.path().join(name), pem).expect(name);
    write("ca.pem", ca.cert.pem());
    write("other-ca.pem", new_ca("Another CA").cert.pem());
    write("client.pem", client.pem());
    write("client-key.pem", client_key.serialize_pem());
    Pki { ca, server, dir }
}

impl Pki {
    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn path(&self, name: &str) -> String {
        self.file(name).to_str().expect("UTF-8 path").to_owned()
    }

    /// The fake HSS's TLS configuration; with `verify`, client certificates of the CA are
    /// required.
    fn server_config(&self, verify: bool) -> Arc<ServerConfig> {
        #[allow(deprecated)] // ring: no post-quantum key exchange; the generator uses the same.
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = ServerConfig::builder_with_provider(provider.clone())
            .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
            .expect("versions");
        let builder = if verify {
            let mut roots = RootCertStore::empty();
            roots.add(self.ca.cert.der().clone()).expect("root");
            let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .expect("verifier");
            builder.with_client_cert_verifier(verifier)
        } else {
            builder.with_no_client_auth()
        };
        let (cert, key) = &self.server;
        let chain: Vec<CertificateDer<'static>> = vec![cert.der().clone()];
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        Arc::new(builder.with_single_cert(chain, key).expect("server config"))
    }
}

const AIR: [&str; 8] = ["--requests", "200", "--imsis", "10", "--peers", "2", "--window", "8"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn air_over_tls_succeeds_against_the_target_address() {
    let pki = pki();
    let hss = FakeHss::start_tls(Behaviour { send_dwr: true, ..Behaviour::default() }, {
        pki.server_config(false)
    });
    let ca = pki.path("ca.pem");
    let load = config(hss.addr, &[&AIR[..], &["--tls", "--tls-ca", &ca]].concat());
    let report = run(&load).await.expect("run");

    assert!(report.passed(), "{report}");
    assert_eq!((report.counts.sent, report.counts.successes), (200, 200));
    assert_eq!(report.counts.server_requests, 2, "a DWR on each connection");
    assert!(report.settings.tls);
    assert_eq!(report.to_json()["settings"]["transport"], "tls");
    hss.log(|log| {
        assert_eq!((log.tls_handshakes, log.client_certificates, log.tls_failures), (2, 0, 0));
        assert_eq!((log.airs, log.dprs, log.dwas), (200, 2, 2));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_certificate_is_presented_when_given() {
    let pki = pki();
    let hss = FakeHss::start_tls(Behaviour::default(), pki.server_config(true));
    let (ca, cert, key) = (pki.path("ca.pem"), pki.path("client.pem"), pki.path("client-key.pem"));
    let tls = ["--tls", "--tls-ca", &ca, "--tls-server-name", "hss.test"];
    let identity = ["--tls-cert", &cert, "--tls-key", &key];
    let report = run(&config(hss.addr, &[&AIR[..], &tls, &identity].concat())).await.expect("run");

    assert!(report.passed(), "{report}");
    assert_eq!(report.counts.successes, 200);
    hss.log(|log| assert_eq!((log.tls_handshakes, log.client_certificates), (2, 2)));

    // Without one, the server refuses the handshake: connection errors, no requests.
    let report = run(&config(hss.addr, &[&AIR[..], &tls].concat())).await.expect("run");
    assert!(!report.passed());
    assert_eq!(report.counts.sent, 0);
    assert_eq!(report.connection_errors.len(), 2, "{:?}", report.connection_errors);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_for_another_name_or_of_another_ca_fails_the_connections() {
    let pki = pki();
    let hss = FakeHss::start_tls(Behaviour::default(), pki.server_config(false));
    let (ca, other) = (pki.path("ca.pem"), pki.path("other-ca.pem"));
    for tls in [
        ["--tls", "--tls-ca", &ca, "--tls-server-name", "elsewhere.test"],
        ["--tls", "--tls-ca", &other, "--tls-server-name", "hss.test"],
    ] {
        let report = run(&config(hss.addr, &[&AIR[..], &tls].concat())).await.expect("run");
        assert!(!report.passed(), "{tls:?}");
        assert_eq!(report.counts.sent, 0, "{tls:?}");
        assert_eq!(report.connection_errors.len(), 2, "{tls:?}");
        let error = &report.connection_errors[0];
        assert!(error.contains("TLS handshake with 127.0.0.1:"), "{error}");
        assert!(error.contains("certificate"), "{error}");
    }
    hss.log(|log| assert_eq!((log.tls_handshakes, log.airs), (0, 0)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreadable_tls_files_stop_the_run_before_it_connects() {
    let pki = pki();
    let hss = FakeHss::start_tls(Behaviour::default(), pki.server_config(false));
    let ca = pki.path("ca.pem");
    let missing = pki.path("missing.pem");
    for tls in [
        ["--tls", "--tls-ca", &missing, "--tls-cert", &ca, "--tls-key", &ca],
        ["--tls", "--tls-ca", &ca, "--tls-cert", &missing, "--tls-key", &ca],
        ["--tls", "--tls-ca", &ca, "--tls-cert", &ca, "--tls-key", &ca],
    ] {
        match run(&config(hss.addr, &[&AIR[..], &tls].concat())).await {
            Err(e @ LoadError::Tls { .. }) => assert!(e.to_string().starts_with("TLS: "), "{e}"),
            other => panic!("{tls:?}: {other:?}"),
        }
    }
    hss.log(|log| assert_eq!((log.tls_handshakes, log.tls_failures), (0, 0)));
}
