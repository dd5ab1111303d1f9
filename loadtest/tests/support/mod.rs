//! A small fake HSS for the load generator's tests: answers CER, AIR (one vector, or 5001 for
//! one chosen IMSI, or nothing for another), ULR, PUR, DWR, DPR; sends one DWR after each CEA
//! when asked; can stall once; records what it saw. Over plain TCP, or TLS with a given
//! server configuration. Runs on its own thread and runtime, so tests may block.

#![allow(dead_code)] // Each test file uses part of it.

use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::{Buf, BytesMut};
use codec::build::base::{Capabilities, cea, dpa, dwa, dwr};
use codec::build::s6a::{AiaBody, AuthenticationInfo, EutranVectorData, UlaBody, aia, pua, ula};
use codec::build::{Origin, Outcome, RequestIds};
use codec::code::experimental;
use codec::view::base::CerView;
use codec::view::s6a::{AirView, PurView, UlrView};
use codec::view::{Routing, index};
use codec::{ApplicationId, CommandCode, Frames, Message, ResultCode};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;

pub const HSS_HOST: &str = "hss.fake";
const HSS: Origin<'static> = Origin { host: HSS_HOST, realm: "fake" };

/// How the fake HSS behaves.
#[derive(Debug, Clone, Default)]
pub struct Behaviour {
    /// AIRs for this IMSI get Experimental-Result 5001 DIAMETER_ERROR_USER_UNKNOWN.
    pub unknown_imsi: Option<String>,
    /// Requests for this IMSI are never answered.
    pub silent_imsi: Option<String>,
    /// Send one DWR right after the CEA.
    pub send_dwr: bool,
    /// Once this many requests were received (over all connections), stop reading and
    /// answering for `stall`, once.
    pub stall_after: Option<u64>,
    /// How long the stall lasts.
    pub stall: Duration,
}

/// What the fake HSS saw, over all connections.
#[derive(Debug, Default)]
pub struct Log {
    pub origin_hosts: Vec<String>,
    pub airs: u64,
    pub ulrs: u64,
    pub purs: u64,
    /// DWRs the client sent (not the DWAs to the fake's own DWR).
    pub dwrs: u64,
    /// Requests other than CER and DPR.
    pub requests: u64,
    /// True once the stall happened.
    pub stalled: bool,
    /// ULRs for an IMSI without an earlier successful AIA on the same connection.
    pub ulr_before_aia: u64,
    pub dprs: u64,
    pub dwas: u64,
    pub session_ids: HashSet<String>,
    pub duplicate_session_ids: u64,
    pub destination_hosts: HashSet<String>,
    /// Requests per IMSI.
    pub per_imsi: HashMap<String, u64>,
    /// TLS connections whose handshake completed, and how many of them presented a client
    /// certificate.
    pub tls_handshakes: u64,
    pub client_certificates: u64,
    /// TLS handshakes that failed.
    pub tls_failures: u64,
}

/// A fake HSS listening on 127.0.0.1.
#[derive(Debug, Clone)]
pub struct FakeHss {
    pub addr: SocketAddr,
    pub log: Arc<Mutex<Log>>,
}

impl FakeHss {
    /// Starts listening on 127.0.0.1:0 on a thread of its own.
    pub fn start(behaviour: Behaviour) -> Self {
        Self::start_with(behaviour, None)
    }

    /// Starts listening for TLS connections on 127.0.0.1:0 (the handshake before the CER).
    pub fn start_tls(behaviour: Behaviour, tls: Arc<ServerConfig>) -> Self {
        Self::start_with(behaviour, Some(TlsAcceptor::from(tls)))
    }

    fn start_with(behaviour: Behaviour, tls: Option<TlsAcceptor>) -> Self {
        let log = Arc::new(Mutex::new(Log::default()));
        let (tx, rx) = std::sync::mpsc::channel();
        let shared = Arc::clone(&log);
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
                tx.send(listener.local_addr().expect("addr")).expect("report address");
                loop {
                    let Ok((stream, _)) = listener.accept().await else { return };
                    let conn = Connection {
                        behaviour: behaviour.clone(),
                        log: Arc::clone(&shared),
                        authenticated: HashSet::new(),
                    };
                    let Some(acceptor) = tls.clone() else {
                        tokio::spawn(conn.serve(stream));
                        continue;
                    };
                    tokio::spawn(async move {
                        let Ok(stream) = acceptor.accept(stream).await else {
                            conn.log.lock().expect("log").tls_failures += 1;
                            return;
                        };
                        let presented = stream.get_ref().1.peer_certificates().is_some();
                        {
                            let mut log = conn.log.lock().expect("log");
                            log.tls_handshakes += 1;
                            log.client_certificates += u64::from(presented);
                        }
                        conn.serve(stream).await;
                    });
                }
            });
        });
        let addr = rx.recv().expect("fake HSS address");
        Self { addr, log }
    }

    /// Reads the log.
    pub fn log<T>(&self, f: impl FnOnce(&Log) -> T) -> T {
        f(&self.log.lock().expect("log"))
    }
}

struct Connection {
    behaviour: Behaviour,
    log: Arc<Mutex<Log>>,
    /// IMSIs whose AIR succeeded on this connection.
    authenticated: HashSet<String>,
}

impl Connection {
    async fn serve(mut self, mut stream: impl AsyncRead + AsyncWrite + Unpin) {
        let mut input = BytesMut::with_capacity(64 * 1024);
        let mut out = BytesMut::new();
        loop {
            match stream.read_buf(&mut input).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let mut close = false;
            let mut frames = Frames::new(&input);
            for frame in frames.by_ref() {
                let msg = Message::parse(frame.expect("client frames")).expect("client message");
                close |= self.handle(&msg, &mut out);
            }
            let used = frames.consumed();
            input.advance(used);
            if self.stall_now() {
                tokio::time::sleep(self.behaviour.stall).await;
            }
            if !out.is_empty() {
                if stream.write_all(&out).await.is_err() || stream.flush().await.is_err() {
                    return;
                }
                out.clear();
            }
            if close {
                let _ = stream.shutdown().await;
                return;
            }
        }
    }

    /// True once, when the requests so far reach `stall_after`.
    fn stall_now(&self) -> bool {
        let mut log = self.log.lock().expect("log");
        let due = self.behaviour.stall_after.is_some_and(|n| log.requests >= n) && !log.stalled;
        log.stalled |= due;
        due
    }

    /// Answers one message; true when the connection should close.
    fn handle(&mut self, msg: &Message<'_>, out: &mut BytesMut) -> bool {
        let mut log = self.log.lock().expect("log");
        if !msg.is_request() {
            if msg.header.code == CommandCode::DEVICE_WATCHDOG {
                log.dwas += 1;
            }
            return false;
        }
        if msg.header.code != CommandCode::CAPABILITIES_EXCHANGE {
            if msg.header.code != CommandCode::DISCONNECT_PEER {
                log.requests += 1;
            }
            let found = index(msg, Routing::DEFS).expect("routing AVPs");
            let routing = Routing::from_index(&found).expect("routing");
            if let Some(id) = routing.session_id
                && !log.session_ids.insert(id.to_owned())
            {
                log.duplicate_session_ids += 1;
            }
            if let Some(host) = routing.destination_host {
                log.destination_hosts.insert(host.to_owned());
            }
        }
        match msg.header.code {
            CommandCode::CAPABILITIES_EXCHANGE => {
                let cer = CerView::parse(msg).expect("CER");
                assert!(cer.advertises(ApplicationId::S6A), "the CER advertises S6a");
                log.origin_hosts.push(cer.origin_host.to_owned());
                cea(out, msg, ResultCode::SUCCESS, &capabilities());
                if self.behaviour.send_dwr {
                    dwr(out, RequestIds { hop_by_hop: 0xdead, end_to_end: 0xbeef }, &HSS, None);
                }
            }
            CommandCode::AUTHENTICATION_INFORMATION => {
                let air = AirView::parse(msg).expect("AIR");
                log.airs += 1;
                *log.per_imsi.entry(air.imsi.to_owned()).or_default() += 1;
                if self.behaviour.silent_imsi.as_deref() == Some(air.imsi) {
                    return false;
                }
                if self.behaviour.unknown_imsi.as_deref() == Some(air.imsi) {
                    let outcome = Outcome::Experimental(experimental::ERROR_USER_UNKNOWN);
                    aia(out, msg, &HSS, outcome, &AiaBody::default());
                } else {
                    self.authenticated.insert(air.imsi.to_owned());
                    let (rand, xres, autn, kasme) = ([7u8; 16], [8u8; 8], [9u8; 16], [10u8; 32]);
                    let eutran =
                        [EutranVectorData { rand: &rand, xres: &xres, autn: &autn, kasme: &kasme }];
                    let vectors = AuthenticationInfo { eutran: &eutran, ..Default::default() };
                    aia(
                        out,
                        msg,
                        &HSS,
                        Outcome::Success,
                        &AiaBody { vectors, ..Default::default() },
                    );
                }
            }
            CommandCode::UPDATE_LOCATION => {
                let ulr = UlrView::parse(msg).expect("ULR");
                log.ulrs += 1;
                *log.per_imsi.entry(ulr.imsi.to_owned()).or_default() += 1;
                if !self.authenticated.contains(ulr.imsi) {
                    log.ulr_before_aia += 1;
                }
                if self.behaviour.silent_imsi.as_deref() == Some(ulr.imsi) {
                    return false;
                }
                ula(out, msg, &HSS, Outcome::Success, &UlaBody::default());
            }
            CommandCode::PURGE_UE => {
                let pur = PurView::parse(msg).expect("PUR");
                log.purs += 1;
                *log.per_imsi.entry(pur.imsi.to_owned()).or_default() += 1;
                pua(out, msg, &HSS, Outcome::Success, None);
            }
            CommandCode::DEVICE_WATCHDOG => {
                log.dwrs += 1;
                dwa(out, msg, &HSS, Some(1));
            }
            CommandCode::DISCONNECT_PEER => {
                log.dprs += 1;
                dpa(out, msg, &HSS);
                return true;
            }
            other => panic!("the fake HSS got an unexpected {other:?}"),
        }
        false
    }
}

fn capabilities() -> Capabilities<'static> {
    Capabilities {
        origin: HSS,
        host_ip_addresses: &[IpAddr::V4(Ipv4Addr::LOCALHOST)],
        vendor_id: 10_415,
        product_name: "fake-hss",
        origin_state_id: Some(1),
        firmware_revision: None,
        tgpp_applications: &[ApplicationId::S6A],
        auth_applications: &[],
    }
}

/// A `Config` for `addr` from extra command-line arguments.
pub fn config(addr: SocketAddr, args: &[&str]) -> loadtest::Config {
    let target = addr.to_string();
    let mut all = vec!["hss-loadtest", "--target", &target];
    if !args.contains(&"--timeout-ms") {
        all.extend(["--timeout-ms", "2000"]);
    }
    // Never draw progress in tests, even when run from a terminal.
    all.push("--quiet");
    all.extend_from_slice(args);
    loadtest::Config::from_args(all).expect("config parses")
}
