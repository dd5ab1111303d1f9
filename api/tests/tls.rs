//! The REST API over TLS: a client trusting a test CA gets HTTP/2 or HTTP/1.1 by ALPN, a
//! client that does not trust it is refused; a reload picks up a new certificate for new
//! connections and a bad file keeps the old one. Plus the connection cap and the deadline
//! for a request head, on plain HTTP.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use api::{ApiConfig, ApiServer, ConnectionLimits, TlsFiles};
use http_body_util::Empty;
use hyper::body::Bytes;
use hyper_util::rt::{TokioExecutor, TokioIo};
use rcgen::{BasicConstraints, Certificate, CertificateParams, DnType, IsCa, KeyPair, SanType};
use rustls::pki_types::{CertificateDer, ServerName};
use store::{MemStore, Store, StoreConfig};

struct Ca {
    cert: Certificate,
    key: KeyPair,
}

fn new_ca() -> Ca {
    let key = KeyPair::generate().expect("key");
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, "HSS test CA");
    Ca { cert: params.self_signed(&key).expect("CA"), key }
}

/// A server certificate for 127.0.0.1 and localhost, as PEM (chain, key), and its DER.
fn server_cert(ca: &Ca, name: &str) -> (String, String, Vec<u8>) {
    let key = KeyPair::generate().expect("key");
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    params.subject_alt_names = vec![
        SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        SanType::DnsName("localhost".try_into().expect("name")),
    ];
    params.distinguished_name.push(DnType::CommonName, name);
    let cert = params.signed_by(&key, &ca.cert, &ca.key).expect("signed");
    (cert.pem(), key.serialize_pem(), cert.der().to_vec())
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime")
}

/// Connects with ALPN `alpn`, trusting `ca`; the negotiated protocol, the server's
/// certificate and the stream.
async fn connect(
    addr: SocketAddr,
    ca: &[u8],
    alpn: &[u8],
) -> std::io::Result<(
    Option<Vec<u8>>,
    Vec<u8>,
    tokio_rustls::client::TlsStream<tokio::net::TcpStream>,
)> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(CertificateDer::from(ca.to_vec())).expect("root");
    #[allow(deprecated)] // ring: no post-quantum key exchange; the server uses the same.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![alpn.to_vec()];
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = tokio::net::TcpStream::connect(addr).await?;
    let name = ServerName::IpAddress(Ipv4Addr::LOCALHOST.into());
    let stream = connector.connect(name, tcp).await?;
    let (_, conn) = stream.get_ref();
    let protocol = conn.alpn_protocol().map(<[u8]>::to_vec);
    let peer = conn.peer_certificates().and_then(|c| c.first()).map(|c| c.to_vec());
    Ok((protocol, peer.unwrap_or_default(), stream))
}

async fn get_h2(addr: SocketAddr, ca: &[u8], path: &str) -> (u16, Vec<u8>) {
    let (protocol, peer, stream) = connect(addr, ca, b"h2").await.expect("TLS");
    assert_eq!(protocol.as_deref(), Some(&b"h2"[..]), "ALPN h2");
    let (mut sender, conn) =
        hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(stream))
            .await
            .expect("h2 handshake");
    tokio::spawn(conn);
    let req = hyper::Request::get(format!("https://127.0.0.1{path}"))
        .body(Empty::<Bytes>::new())
        .expect("request");
    let res = sender.send_request(req).await.expect("answer");
    (res.status().as_u16(), peer)
}

async fn get_h1(addr: SocketAddr, ca: &[u8], path: &str) -> u16 {
    let (protocol, _, stream) = connect(addr, ca, b"http/1.1").await.expect("TLS");
    assert_eq!(protocol.as_deref(), Some(&b"http/1.1"[..]));
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.expect("handshake");
    tokio::spawn(conn);
    let req = hyper::Request::get(path)
        .header("host", "127.0.0.1")
        .body(Empty::<Bytes>::new())
        .expect("request");
    sender.send_request(req).await.expect("answer").status().as_u16()
}

#[test]
fn https_with_h2_and_http1_and_a_reload() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = TlsFiles { cert: dir.path().join("cert.pem"), key: dir.path().join("key.pem") };
    let ca = new_ca();
    let (chain, key, first_der) = server_cert(&ca, "hss-1");
    std::fs::write(&files.cert, chain).expect("cert");
    std::fs::write(&files.key, key).expect("key");
    let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
    let config = ApiConfig {
        addr: Some("127.0.0.1:0".parse().expect("address")),
        workers: 1,
        tls: Some(files.clone()),
        ..Default::default()
    };
    let server = ApiServer::start(store, None, &config).expect("API starts");
    let addr = server.local_addr();
    let ca_der = ca.cert.der().to_vec();
    let rt = runtime();
    rt.block_on(async {
        let (status, peer) = get_h2(addr, &ca_der, "/health").await;
        assert_eq!((status, peer), (200, first_der.clone()));
        assert_eq!(get_h2(addr, &ca_der, "/nowhere").await.0, 404);
        assert_eq!(get_h1(addr, &ca_der, "/health").await, 200);
        // A client trusting another CA is refused.
        let other = new_ca();
        assert!(connect(addr, other.cert.der(), b"h2").await.is_err());
    });
    // Plain HTTP on the TLS port gets no answer.
    let mut plain = std::net::TcpStream::connect(addr).expect("connect");
    plain.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
    plain.write_all(b"GET /health HTTP/1.1\r\nhost: x\r\n\r\n").expect("write");
    let mut buf = [0u8; 64];
    let n = plain.read(&mut buf).unwrap_or(0);
    assert!(!buf[..n].starts_with(b"HTTP/1.1 200"), "no plain HTTP on the TLS port");

    // A new certificate, then a reload: new connections get it.
    let (chain, key, second_der) = server_cert(&ca, "hss-2");
    std::fs::write(&files.cert, chain).expect("cert");
    std::fs::write(&files.key, key).expect("key");
    server.reload_tls().expect("reloaded");
    rt.block_on(async {
        assert_eq!(get_h2(addr, &ca_der, "/health").await, (200, second_der.clone()));
    });
    // A broken key file: the reload fails and the certificate in use stays.
    std::fs::write(&files.key, "not a key").expect("key");
    assert!(server.reload_tls().is_err());
    rt.block_on(async {
        assert_eq!(get_h2(addr, &ca_der, "/health").await, (200, second_der));
    });
    // And a start with a bad pair fails, naming the file.
    let e = ApiServer::start(
        Arc::new(Store::new(MemStore::new(), StoreConfig::default())),
        None,
        &config,
    )
    .expect_err("bad key");
    assert!(e.to_string().contains("key.pem"), "{e}");
}

#[test]
fn connection_cap_and_head_deadline() {
    let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
    let config = ApiConfig {
        addr: Some("127.0.0.1:0".parse().expect("address")),
        workers: 1,
        limits: ConnectionLimits {
            max_connections: 2,
            header_timeout: Duration::from_millis(300),
            ..ConnectionLimits::default()
        },
        ..Default::default()
    };
    let server = ApiServer::start(store, None, &config).expect("API starts");
    let addr = server.local_addr();
    let ask = |s: &mut std::net::TcpStream| -> String {
        s.write_all(b"GET /health HTTP/1.1\r\nhost: x\r\n\r\n").expect("write");
        let mut buf = [0u8; 256];
        let n = s.read(&mut buf).unwrap_or(0);
        String::from_utf8_lossy(&buf[..n]).into_owned()
    };
    let open = || {
        let s = std::net::TcpStream::connect(addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
        s
    };
    let (mut a, mut b) = (open(), open());
    assert!(ask(&mut a).starts_with("HTTP/1.1 200"));
    assert!(ask(&mut b).starts_with("HTTP/1.1 200"));
    // Two are open (kept alive): a third is closed without an answer.
    let mut c = open();
    let _ = c.write_all(b"GET /health HTTP/1.1\r\nhost: x\r\n\r\n");
    let mut buf = [0u8; 64];
    assert_eq!(c.read(&mut buf).unwrap_or(0), 0, "refused");
    drop((a, b));
    // A slot is free again once they close; a client that never finishes its head is cut off.
    std::thread::sleep(Duration::from_millis(200));
    let mut slow = open();
    slow.write_all(b"GET /health HTTP/1.1\r\nhost:").expect("write");
    let started = std::time::Instant::now();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    assert!(started.elapsed() < Duration::from_secs(4), "closed after the head deadline");
    let mut d = open();
    assert!(ask(&mut d).starts_with("HTTP/1.1 200"));
}
