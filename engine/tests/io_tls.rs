//! Diameter over TLS/TCP on its own port (RFC 6733 §13) through the I/O layer, with the echo
//! handler: a test CA, server and client certificates made at test time, a blocking rustls
//! client. Echo over TLS 1.3 and 1.2, many messages in one record and one message over many,
//! client certificates required and verified when a CA is configured, plain TCP refused on the
//! TLS port while the plain port goes on working.

mod support;

use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::BytesMut;
use engine::io::{
    ConnInfo, ConnectionEnd, ConnectionHandler, Flow, IoConfig, ShardSet, TlsListen, server_config,
};
use rcgen::{
    BasicConstraints, Certificate, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, SanType,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};
use support::*;
use tempfile::TempDir;

// ---- certificates ------------------------------------------------------------------------------

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

/// A certificate signed by `ca`: for 127.0.0.1 (a server) or for a Diameter host (a client).
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

/// The test PKI: the CA peers are checked against, the server's files, a client of that CA
/// and one of another CA.
struct Pki {
    ca: Ca,
    dir: TempDir,
    client: (Certificate, KeyPair),
    stranger: (Certificate, KeyPair),
}

fn pki() -> Pki {
    let ca = new_ca("HSS test CA");
    let dir = tempfile::tempdir().expect("tempdir");
    let (cert, key) = issue(&ca, "hss.test", true);
    std::fs::write(dir.path().join("cert.pem"), cert.pem() + &ca.cert.pem()).expect("cert");
    std::fs::write(dir.path().join("key.pem"), key.serialize_pem()).expect("key");
    std::fs::write(dir.path().join("ca.pem"), ca.cert.pem()).expect("ca");
    let client = issue(&ca, "mme.test", false);
    let stranger = issue(&new_ca("Another CA"), "mme.test", false);
    Pki { ca, dir, client, stranger }
}

impl Pki {
    fn file(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    /// The TLS listener on 127.0.0.1 port 0, requiring client certificates when `verify`.
    fn listen(&self, verify: bool) -> TlsListen {
        let ca = self.file("ca.pem");
        let server_config = server_config(
            &self.file("cert.pem"),
            &self.file("key.pem"),
            verify.then_some(ca.as_path()),
        )
        .expect("server config");
        TlsListen { listen: "127.0.0.1:0".parse().expect("address"), server_config }
    }

    /// A client trusting the test CA, with `identity` as its certificate, offering `versions`.
    fn client(
        &self,
        identity: Option<&(Certificate, KeyPair)>,
        versions: &[&'static rustls::SupportedProtocolVersion],
    ) -> Arc<ClientConfig> {
        let mut roots = RootCertStore::empty();
        roots.add(self.ca.cert.der().clone()).expect("root");
        #[allow(deprecated)] // ring: no post-quantum key exchange; the server uses the same.
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = ClientConfig::builder_with_provider(provider)
            .with_protocol_versions(versions)
            .expect("versions")
            .with_root_certificates(roots);
        let config = match identity {
            None => builder.with_no_client_auth(),
            Some((cert, key)) => {
                let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
                builder.with_client_auth_cert(vec![cert.der().clone()], key).expect("identity")
            }
        };
        Arc::new(config)
    }
}

/// The test handler's stand-in for the CER timer.
const CER_TIMEOUT: Duration = Duration::from_millis(300);

const TLS13: &[&rustls::SupportedProtocolVersion] = &[&rustls::version::TLS13];
const TLS12: &[&rustls::SupportedProtocolVersion] = &[&rustls::version::TLS12];

type Tls = StreamOwned<ClientConnection, TcpStream>;

/// A TLS connection to `addr` (the handshake is done by the first read or write).
fn tls_connect(addr: SocketAddr, config: Arc<ClientConfig>) -> Tls {
    let name = ServerName::IpAddress(Ipv4Addr::LOCALHOST.into());
    let conn = ClientConnection::new(config, name).expect("client");
    StreamOwned::new(conn, connect(addr))
}

/// Reads one whole message from any stream.
fn read_one(s: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut m = vec![0; 20];
    s.read_exact(&mut m)?;
    let len = u32::from_be_bytes([0, m[1], m[2], m[3]]) as usize;
    assert!(len >= 20, "message length {len}");
    m.resize(len, 0);
    s.read_exact(&mut m[20..])?;
    Ok(m)
}

fn tls_round_trip(s: &mut Tls, hbh: u32) {
    s.write_all(&request(280, hbh, 8)).expect("write");
    let answer = read_one(s).expect("answer");
    assert!(!is_request(&answer));
    assert_eq!(hop_by_hop(&answer), hbh);
}

// ---- the handler -------------------------------------------------------------------------------

/// The echo handler, recording the certificates of each TLS handshake and whether it came
/// before the first frame; opened by its first frame, and closed by a CER-like timer when
/// none comes in time.
/// Per TLS handshake: the peer's certificate, and whether no frame had come before it.
type Seen = Arc<Mutex<Vec<(Option<Vec<u8>>, bool)>>>;

struct Recording {
    inner: TestHandler,
    frames: usize,
    seen: Seen,
    cer_deadline: Option<Instant>,
}

impl ConnectionHandler for Recording {
    type Command = Vec<u8>;

    fn on_tls_established(&mut self, peer: Option<&[CertificateDer<'static>]>) {
        let first = peer.and_then(|chain| chain.first()).map(|c| c.to_vec());
        self.seen.lock().unwrap().push((first, self.frames == 0));
    }

    fn on_frame(&mut self, frame: &[u8], now: Instant, out: &mut BytesMut) -> Flow {
        self.frames += 1;
        self.cer_deadline = None;
        self.inner.on_frame(frame, now, out)
    }

    fn on_timer(&mut self, now: Instant, out: &mut BytesMut) -> Flow {
        if self.cer_deadline.is_some_and(|at| at <= now) {
            return Flow::CloseNow;
        }
        self.inner.on_timer(now, out)
    }

    fn next_timer(&self) -> Option<Instant> {
        self.cer_deadline.or(self.inner.next_timer())
    }

    fn opened(&self) -> bool {
        self.frames > 0
    }

    fn on_close(&mut self, reason: ConnectionEnd) {
        self.inner.on_close(reason);
    }
}

struct Server {
    set: ShardSet<Vec<u8>>,
    log: Arc<Log>,
    seen: Seen,
}

impl Server {
    fn tls_addr(&self) -> SocketAddr {
        self.set.tls_local_addr().expect("a TLS listener")
    }
}

fn start_tls(pki: &Pki, verify: bool, config: impl FnOnce(IoConfig) -> IoConfig) -> Server {
    let base = IoConfig {
        shards: 2,
        tls: Some(pki.listen(verify)),
        ..IoConfig::new("127.0.0.1:0".parse().expect("address"))
    };
    let log = Arc::new(Log::default());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (l, s) = (log.clone(), seen.clone());
    let set = engine::io::start_shards_with(&config(base), move |info: &ConnInfo| Recording {
        inner: TestHandler::new(l.clone(), Timer::None, info),
        frames: 0,
        seen: s.clone(),
        cer_deadline: Some(Instant::now() + CER_TIMEOUT),
    })
    .expect("shards start");
    Server { set, log, seen }
}

/// Waits until `n` connections have closed; their reasons.
fn wait_closes(log: &Log, n: usize) -> Vec<String> {
    log.wait_closes(n)
}

// ---- the tests ---------------------------------------------------------------------------------

#[test]
fn echo_over_tls_with_a_verified_client_certificate() {
    let pki = pki();
    let server = start_tls(&pki, true, |c| c);
    assert_ne!(server.tls_addr(), server.set.local_addr(), "a port of its own");
    let mut s = tls_connect(server.tls_addr(), pki.client(Some(&pki.client), TLS13));
    for hbh in 1..=5 {
        tls_round_trip(&mut s, hbh);
    }
    assert_eq!(server.log.frames.load(Ordering::SeqCst), 5);
    let conns = server.log.conns.lock().unwrap().clone();
    assert_eq!(conns[0].local, server.tls_addr());
    let seen = server.seen.lock().unwrap().clone();
    assert_eq!(seen, [(Some(pki.client.0.der().to_vec()), true)], "once, before any frame");
    // A DPR closes after its answer, with close_notify.
    s.write_all(&request(DPR, 6, 0)).unwrap();
    assert_eq!(hop_by_hop(&read_one(&mut s).unwrap()), 6);
    let mut rest = Vec::new();
    assert_eq!(s.read_to_end(&mut rest).expect("a clean TLS close"), 0);
    assert_eq!(wait_closes(&server.log, 1), ["closed by the handler"]);
    server.set.shutdown().unwrap();
}

#[test]
fn echo_over_tls12_and_without_client_certificates_when_no_ca_is_set() {
    let pki = pki();
    let server = start_tls(&pki, false, |c| c);
    let mut s12 = tls_connect(server.tls_addr(), pki.client(None, TLS12));
    tls_round_trip(&mut s12, 1);
    assert_eq!(s12.conn.protocol_version(), Some(rustls::ProtocolVersion::TLSv1_2));
    let mut s13 = tls_connect(server.tls_addr(), pki.client(None, TLS13));
    tls_round_trip(&mut s13, 2);
    let seen = server.seen.lock().unwrap().clone();
    assert_eq!(seen, [(None, true), (None, true)]);
    server.set.shutdown().unwrap();
}

#[test]
fn many_messages_in_one_record_and_over_many_records() {
    let pki = pki();
    let server = start_tls(&pki, true, |c| IoConfig { read_buffer: 1024, ..c });
    let mut s = tls_connect(server.tls_addr(), pki.client(Some(&pki.client), TLS13));
    // 100 small requests in one write: one record.
    let n = 100u32;
    let batch: Vec<u8> = (1..=n).flat_map(|i| request(318, i, 4 * (i as usize % 5))).collect();
    assert!(batch.len() < 16 * 1024);
    s.write_all(&batch).unwrap();
    for i in 1..=n {
        assert_eq!(hop_by_hop(&read_one(&mut s).unwrap()), i, "in order");
    }
    // 400 more in one write of ~100 KiB: messages cross record boundaries, and the plaintext
    // of one read is more than the 1 KiB read buffer.
    let batch: Vec<u8> = (1..=400).flat_map(|i| request(318, 1000 + i, 240)).collect();
    s.write_all(&batch).unwrap();
    for i in 1..=400 {
        assert_eq!(hop_by_hop(&read_one(&mut s).unwrap()), 1000 + i);
    }
    // One message in 5-byte records, then one of 300 KiB (many records, the buffer grows).
    let m = request(318, 7, 44);
    for chunk in m.chunks(5) {
        s.write_all(chunk).unwrap();
        s.flush().unwrap();
    }
    assert_eq!(hop_by_hop(&read_one(&mut s).unwrap()), 7);
    let big = request(318, 8, 300 * 1024);
    s.write_all(&big).unwrap();
    let answer = read_one(&mut s).unwrap();
    assert_eq!((answer.len(), hop_by_hop(&answer)), (big.len(), 8));
    assert_eq!(server.log.frames.load(Ordering::SeqCst), 100 + 400 + 2);
    assert!(server.log.closes().is_empty());
    server.set.shutdown().unwrap();
}

/// The client's handshake looks done to it (TLS 1.3 finishes on the client's side first);
/// the server refuses the certificate, or its absence, and closes: the request gets no answer.
fn refused(pki: &Pki, identity: Option<&(Certificate, KeyPair)>) {
    let server = start_tls(pki, true, |c| c);
    let mut s = tls_connect(server.tls_addr(), pki.client(identity, TLS13));
    let written = s.write_all(&request(280, 1, 8)).and_then(|()| s.flush());
    if written.is_ok() {
        assert!(read_one(&mut s).is_err(), "no answer without a valid certificate");
    }
    let closes = wait_closes(&server.log, 1);
    assert_eq!(closes.len(), 1);
    assert!(closes[0].starts_with("TLS: "), "{closes:?}");
    assert_eq!(server.log.frames.load(Ordering::SeqCst), 0);
    assert!(server.seen.lock().unwrap().is_empty(), "the handler never heard of TLS");
    server.set.shutdown().unwrap();
}

#[test]
fn a_client_without_a_certificate_is_refused() {
    let pki = pki();
    refused(&pki, None);
}

#[test]
fn a_client_certificate_from_another_ca_is_refused() {
    let pki = pki();
    refused(&pki, Some(&pki.stranger));
}

#[test]
fn plain_tcp_on_the_tls_port_is_closed_and_the_plain_port_still_works() {
    let pki = pki();
    let server = start_tls(&pki, true, |c| c);
    let mut plain = connect(server.set.local_addr());
    round_trip(&mut plain, 1);
    let mut wrong = connect(server.tls_addr());
    wrong.write_all(&request(280, 2, 8)).unwrap();
    // An alert, perhaps, then the end; never an answer.
    let mut got = Vec::new();
    let _ = wrong.read_to_end(&mut got);
    assert!(got.len() < 20 || got[0] != 1, "no Diameter answer: {got:?}");
    let closes = wait_closes(&server.log, 1);
    assert!(closes[0].starts_with("TLS: "), "{closes:?}");
    round_trip(&mut plain, 3);
    assert_eq!(server.log.frames.load(Ordering::SeqCst), 2, "the plain port's two only");
    // And a TLS client after it is served.
    let mut s = tls_connect(server.tls_addr(), pki.client(Some(&pki.client), TLS13));
    tls_round_trip(&mut s, 4);
    server.set.shutdown().unwrap();
}

#[test]
fn a_bad_file_is_named_in_the_error() {
    let pki = pki();
    let missing = Path::new("/nonexistent/key.pem");
    let e = server_config(&pki.file("cert.pem"), missing, None).unwrap_err().to_string();
    assert!(e.contains("/nonexistent/key.pem"), "{e}");
    // A key that is not the certificate's.
    let (_, other_key) = issue(&pki.ca, "other", true);
    std::fs::write(pki.file("other.pem"), other_key.serialize_pem()).unwrap();
    let e =
        server_config(&pki.file("cert.pem"), &pki.file("other.pem"), None).unwrap_err().to_string();
    assert!(e.contains("cert.pem") && e.contains("other.pem"), "{e}");
    let e = server_config(&pki.file("cert.pem"), &pki.file("key.pem"), Some(missing))
        .unwrap_err()
        .to_string();
    assert!(e.contains("/nonexistent/key.pem"), "{e}");
}

#[test]
fn the_cer_timer_runs_from_the_accept_and_bounds_the_handshake() {
    let pki = pki();
    let server = start_tls(&pki, true, |c| c);
    // No handshake at all, then a handshake and no CER.
    let started = Instant::now();
    let mut idle = connect(server.tls_addr());
    assert!(closed_by_server(&mut idle));
    let mut s = tls_connect(server.tls_addr(), pki.client(Some(&pki.client), TLS13));
    while s.conn.is_handshaking() {
        s.conn.complete_io(&mut s.sock).expect("handshake");
    }
    let mut rest = Vec::new();
    let _ = s.read_to_end(&mut rest);
    assert!(rest.is_empty());
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    assert_eq!(wait_closes(&server.log, 2), ["closed by the handler"; 2]);
    assert_eq!(server.seen.lock().unwrap().len(), 1, "one handshake completed");
    server.set.shutdown().unwrap();
}

#[test]
fn the_pre_cer_message_limit_applies_to_the_plaintext() {
    let pki = pki();
    let server = start_tls(&pki, true, |c| IoConfig { max_unopened_message: 1024, ..c });
    let mut s = tls_connect(server.tls_addr(), pki.client(Some(&pki.client), TLS13));
    s.write_all(&request(257, 1, 2048)).unwrap();
    assert!(read_one(&mut s).is_err(), "no answer");
    let closes = wait_closes(&server.log, 1);
    assert!(closes[0].starts_with("framing error"), "{closes:?}");
    // Within the limit, the first message opens the connection and lifts it.
    let mut s = tls_connect(server.tls_addr(), pki.client(Some(&pki.client), TLS13));
    tls_round_trip(&mut s, 2);
    s.write_all(&request(318, 3, 64 * 1024)).unwrap();
    assert_eq!(hop_by_hop(&read_one(&mut s).unwrap()), 3);
    server.set.shutdown().unwrap();
}

/// The whole engine over TLS: CER, CEA and an AIR on the TLS port, the peer authenticated by
/// its certificate; the plain port serves alongside.
#[test]
fn hssd_serves_cer_and_air_over_tls() {
    use engine::settings::EngineSettings;
    let pki = pki();
    let base = settings(1);
    let io = IoConfig { tls: Some(pki.listen(true)), ..base.io.clone() };
    let hss = Hss::start_with(EngineSettings { io, ..base });
    provision(hss.store(), &SubSpec::new("001010000000001"));
    let addr = hss.engine.tls_local_addr().expect("a TLS port");
    let config = pki.client(Some(&pki.client), &[&rustls::version::TLS13]);
    let mut tls = tls_connect(addr, config);
    let mut mme = MmeBuilder::new("mme.test", hss.origin_host(), hss.origin_realm());
    let cer = mme.cer_bytes();
    tls.write_all(&cer).expect("CER");
    let cea = read_one(&mut tls).expect("CEA");
    assert_eq!(result(&cea), codec::view::AnswerResult::Result(codec::ResultCode::SUCCESS));
    let air = mme.air_bytes("001010000000001", 1, &home_plmn(), None);
    tls.write_all(&air).expect("AIR");
    let aia = read_one(&mut tls).expect("AIA");
    assert_eq!(result(&aia), codec::view::AnswerResult::Result(codec::ResultCode::SUCCESS));
    assert_eq!(eutran_vectors(&aia).len(), 1);
    // A CER naming another host than the certificate's: 3010, closed (RFC 6733 §13.1).
    let config = pki.client(Some(&pki.client), &[&rustls::version::TLS13]);
    let mut tls = tls_connect(addr, config);
    let mut impostor = MmeBuilder::new("mme-other.test", hss.origin_host(), hss.origin_realm());
    let cer = impostor.cer_bytes();
    tls.write_all(&cer).expect("CER");
    let cea = read_one(&mut tls).expect("CEA");
    assert_eq!(result(&cea), codec::view::AnswerResult::Result(codec::ResultCode::UNKNOWN_PEER));
    // The plain port is still there.
    let mut plain = hss.mme("mme-plain.test");
    assert_eq!(
        result(&plain.air("001010000000001", 1)),
        codec::view::AnswerResult::Result(codec::ResultCode::SUCCESS)
    );
    hss.stop();
}
