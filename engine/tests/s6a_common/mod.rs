//! Shared pieces of the S6a end-to-end tests: an engine on loopback over a temporary store,
//! provisioning, a blocking MME client speaking Diameter with codec's peer-side builders, and
//! readers for the answers (which codec has no views for: the HSS never receives them).

#![allow(dead_code)] // each test file uses a different part

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::BytesMut;
use codec::build::base::{Capabilities, cer, dpr, dwr};
use codec::build::s6a::{AirBody, PurBody, UlrBody, air, pur, ulr};
use codec::build::{Destination, Origin, RequestIds};
use codec::dict::{AvpDef, base as b, s6a};
use codec::view::AnswerResult;
use codec::view::s6a::{RequestedAuthInfo, UlrFlags};
use codec::{ApplicationId, Message, RawAvp, ResultCode, VendorId};
use engine::config::Config;
use engine::server::{Engine, RunningEngine};
use engine::settings::EngineSettings;
use store::auc::{self, Milenage, PlmnId};
use store::{
    Ambr, ApnAssignment, ApnId, ApnProfile, Arp, AuthData, Imsi, Key128, Msisdn, NetworkAccessMode,
    OperatorKey, PdnType, RocksConfig, Store, StoreConfig, StoreError, Subscriber,
    SubscriberStatus,
};
use tempfile::TempDir;

/// K and OPc of TS 35.208 test set 1.
pub const K: [u8; 16] = [
    0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f, 0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc,
];
pub const OPC: [u8; 16] = [
    0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e, 0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf,
];
/// The AMF provisioned; E-UTRAN vectors carry it with the separation bit (already set here).
pub const AMF: [u8; 2] = [0x80, 0x00];

/// The HSS's home network (the engine's default MCC/MNC).
pub const HOME_MCC: &str = "001";
pub const HOME_MNC: &str = "01";
/// A visited network.
pub const VISITED_MCC: &str = "262";
pub const VISITED_MNC: &str = "01";

/// The realm of the test MMEs.
pub const MME_REALM: &str = "epc.mnc001.mcc001.3gppnetwork.org";

/// How long any read waits before a test fails.
pub const READ_TIMEOUT: Duration = Duration::from_secs(5);

pub fn home_plmn() -> PlmnId {
    PlmnId::from_mcc_mnc(HOME_MCC, HOME_MNC).expect("valid PLMN")
}

pub fn visited_plmn() -> PlmnId {
    PlmnId::from_mcc_mnc(VISITED_MCC, VISITED_MNC).expect("valid PLMN")
}

// ---- the engine ------------------------------------------------------------------------------

/// An engine on 127.0.0.1 (ephemeral port) over a store in a temporary directory.
pub struct Hss {
    pub engine: RunningEngine,
    pub settings: EngineSettings,
    pub dir: TempDir,
}

/// The test settings: hssd's defaults, on loopback, port 0, with `shards` shards.
pub fn settings(shards: usize) -> EngineSettings {
    let mut settings = Config::default().engine;
    settings.io.listen = "127.0.0.1:0".parse().expect("address");
    settings.io.shards = shards;
    settings.home_plmn = home_plmn();
    settings
}

impl Hss {
    /// Starts an engine with `shards` shards.
    pub fn start(shards: usize) -> Self {
        Self::start_with(settings(shards))
    }

    /// Starts an engine with `settings` over a store in a new temporary directory.
    pub fn start_with(settings: EngineSettings) -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let store = Store::open(dir.path(), &RocksConfig::default(), StoreConfig::default())
            .expect("store opens");
        let engine = Engine::start(settings.clone(), Arc::new(store)).expect("engine starts");
        Self { engine, settings, dir }
    }

    pub fn addr(&self) -> SocketAddr {
        self.engine.local_addr()
    }

    pub fn store(&self) -> &Arc<Store> {
        self.engine.store()
    }

    pub fn origin_host(&self) -> &str {
        &self.settings.origin_host
    }

    pub fn origin_realm(&self) -> &str {
        &self.settings.origin_realm
    }

    /// Connects an MME and completes its capabilities exchange.
    pub fn mme(&self, host: &str) -> Mme {
        let mut mme = Mme::connect(self.addr(), host, self.origin_host(), self.origin_realm());
        mme.exchange_capabilities();
        mme
    }

    /// Stops the engine at once (no DPR): the tests close their own connections.
    pub fn stop(self) {
        self.engine.shutdown_with_grace(Duration::ZERO).expect("no shard panicked");
    }
}

/// Polls `f` until it is true or `timeout` passes; returns its last value.
pub fn wait_until(timeout: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    loop {
        if f() {
            return true;
        }
        if start.elapsed() > timeout {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

// ---- provisioning ----------------------------------------------------------------------------

/// The APN profile every test subscriber uses.
pub const APN_ID: u32 = 1;
pub const APN_NAME: &str = "internet";
pub const APN_QCI: u8 = 9;
pub const APN_PRIORITY: u8 = 8;
pub const APN_AMBR: Ambr = Ambr { uplink: 50_000_000, downlink: 100_000_000 };
pub const UE_AMBR: Ambr = Ambr { uplink: 20_000_000, downlink: 40_000_000 };

/// What differs between test subscribers.
#[derive(Debug, Clone)]
pub struct SubSpec {
    pub imsi: String,
    pub msisdn: Option<String>,
    pub roaming_allowed: bool,
    pub static_ipv4: Option<Ipv4Addr>,
    /// The SQN the card has seen.
    pub sqn: u64,
}

impl SubSpec {
    pub fn new(imsi: &str) -> Self {
        Self { imsi: imsi.into(), msisdn: None, roaming_allowed: true, static_ipv4: None, sqn: 0 }
    }
}

/// Creates the APN profile (once), the subscriber and its authentication data.
pub fn provision(store: &Store, spec: &SubSpec) {
    let apn = ApnId::new(APN_ID).expect("non-zero");
    let profile = ApnProfile {
        id: apn,
        apn: APN_NAME.into(),
        qci: APN_QCI,
        arp: Arp {
            priority_level: APN_PRIORITY,
            pre_emption_capability: false,
            pre_emption_vulnerability: true,
        },
        ambr: APN_AMBR,
        pdn_type: PdnType::Ipv4v6,
    };
    match store.create_apn_profile(&profile) {
        Ok(()) | Err(StoreError::Duplicate { .. }) => {}
        Err(e) => panic!("APN profile: {e}"),
    }
    let imsi = Imsi::parse(&spec.imsi).expect("IMSI");
    let subscriber = Subscriber {
        imsi,
        msisdn: spec.msisdn.as_deref().map(|m| Msisdn::parse(m).expect("MSISDN")),
        status: SubscriberStatus::ServiceGranted,
        network_access_mode: NetworkAccessMode::OnlyPacket,
        ue_ambr: UE_AMBR,
        apns: vec![ApnAssignment {
            profile: apn,
            static_ipv4: spec.static_ipv4,
            static_ipv6: None,
        }],
        default_apn: apn,
        roaming_allowed: spec.roaming_allowed,
    };
    store.create_subscriber(&subscriber).expect("subscriber");
    let auth = AuthData {
        ki: Key128::new(K),
        operator_key: OperatorKey::Opc(Key128::new(OPC)),
        amf: AMF,
        sqn: spec.sqn,
    };
    store.create_auth(imsi, &auth).expect("auth data");
}

// ---- the MME ---------------------------------------------------------------------------------

/// A blocking Diameter client playing an MME.
pub struct Mme {
    pub stream: TcpStream,
    pub host: String,
    pub realm: String,
    pub hss_host: String,
    pub hss_realm: String,
    next_id: u32,
    sessions: u32,
    /// Requests from the HSS (CLR ...) read while waiting for an answer.
    pub inbox: VecDeque<Vec<u8>>,
}

impl Mme {
    /// Opens the TCP connection only.
    pub fn connect(addr: SocketAddr, host: &str, hss_host: &str, hss_realm: &str) -> Self {
        let stream = TcpStream::connect(addr).expect("connect");
        stream.set_read_timeout(Some(READ_TIMEOUT)).expect("timeout");
        stream.set_nodelay(true).expect("nodelay");
        Self {
            stream,
            host: host.into(),
            realm: MME_REALM.into(),
            hss_host: hss_host.into(),
            hss_realm: hss_realm.into(),
            next_id: 0x1000,
            sessions: 0,
            inbox: VecDeque::new(),
        }
    }

    pub fn ids(&mut self) -> RequestIds {
        self.next_id += 1;
        RequestIds { hop_by_hop: self.next_id, end_to_end: self.next_id ^ 0x5a5a_0000 }
    }

    pub fn session_id(&mut self) -> String {
        self.sessions += 1;
        format!("{};1;{};test", self.host, self.sessions)
    }

    pub fn origin(&self) -> Origin<'_> {
        Origin { host: &self.host, realm: &self.realm }
    }

    /// The CER this MME sends.
    pub fn cer_bytes(&mut self) -> Vec<u8> {
        let ids = self.ids();
        let ips = [IpAddr::V4(Ipv4Addr::LOCALHOST)];
        let mut buf = BytesMut::new();
        cer(
            &mut buf,
            ids,
            &Capabilities {
                origin: self.origin(),
                host_ip_addresses: &ips,
                vendor_id: 10415,
                product_name: "test-mme",
                origin_state_id: Some(1),
                firmware_revision: None,
                tgpp_applications: &[ApplicationId::S6A],
                auth_applications: &[],
            },
        );
        buf.to_vec()
    }

    /// CER, and checks the CEA's 2001; returns the CEA.
    pub fn exchange_capabilities(&mut self) -> Vec<u8> {
        let cer = self.cer_bytes();
        let cea = self.call(&cer);
        assert_eq!(result(&cea), AnswerResult::Result(ResultCode::SUCCESS), "CEA");
        cea
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).expect("write");
    }

    /// Reads one whole message.
    pub fn read_message(&mut self) -> io::Result<Vec<u8>> {
        read_message(&mut self.stream)
    }

    /// Sends `request` and returns the answer with its hop-by-hop identifier; requests from
    /// the HSS that arrive first go to the inbox.
    pub fn call(&mut self, request: &[u8]) -> Vec<u8> {
        self.send(request);
        self.answer_to(hop_by_hop(request))
    }

    /// Reads until the answer with `hbh` arrives.
    pub fn answer_to(&mut self, hbh: u32) -> Vec<u8> {
        loop {
            let m = self.read_message().expect("an answer");
            if is_request(&m) {
                self.inbox.push_back(m);
                continue;
            }
            assert_eq!(hop_by_hop(&m), hbh, "answers come in order on this connection");
            return m;
        }
    }

    /// The next request from the HSS.
    pub fn next_request(&mut self) -> Vec<u8> {
        if let Some(m) = self.inbox.pop_front() {
            return m;
        }
        loop {
            let m = self.read_message().expect("a request from the HSS");
            if is_request(&m) {
                return m;
            }
        }
    }

    fn destination(&self) -> (String, String) {
        (self.hss_host.clone(), self.hss_realm.clone())
    }

    /// An AIR for `n` E-UTRAN vectors from `visited`, maybe with RAND || AUTS.
    pub fn air_bytes(
        &mut self,
        imsi: &str,
        n: u32,
        visited: &PlmnId,
        resync: Option<&[u8; 30]>,
    ) -> Vec<u8> {
        let ids = self.ids();
        let session = self.session_id();
        let (host, realm) = self.destination();
        let mut buf = BytesMut::new();
        let body = AirBody {
            imsi,
            visited_plmn_id: *visited.as_bytes(),
            eutran: Some(RequestedAuthInfo {
                number_of_requested_vectors: Some(n),
                immediate_response_preferred: true,
                resync,
            }),
            ..AirBody::default()
        };
        air(
            &mut buf,
            ids,
            &session,
            &self.origin(),
            &Destination { host: &host, realm: &realm },
            &body,
        );
        buf.to_vec()
    }

    /// AIR from the home network; the AIA.
    pub fn air(&mut self, imsi: &str, n: u32) -> Vec<u8> {
        let req = self.air_bytes(imsi, n, &home_plmn(), None);
        self.call(&req)
    }

    pub fn ulr_bytes(&mut self, imsi: &str, flags: UlrFlags) -> Vec<u8> {
        let ids = self.ids();
        let session = self.session_id();
        let (host, realm) = self.destination();
        let mut buf = BytesMut::new();
        let body = UlrBody { ulr_flags: flags, ..UlrBody::eutran(imsi, *home_plmn().as_bytes()) };
        ulr(
            &mut buf,
            ids,
            &session,
            &self.origin(),
            &Destination { host: &host, realm: &realm },
            &body,
        );
        buf.to_vec()
    }

    /// ULR (S6a indicator set); the ULA.
    pub fn ulr(&mut self, imsi: &str) -> Vec<u8> {
        let req = self.ulr_bytes(imsi, UlrFlags::S6A_S6D_INDICATOR);
        self.call(&req)
    }

    /// PUR; the PUA.
    pub fn pur(&mut self, imsi: &str) -> Vec<u8> {
        let req = self.pur_bytes(imsi);
        self.call(&req)
    }

    pub fn pur_bytes(&mut self, imsi: &str) -> Vec<u8> {
        let ids = self.ids();
        let session = self.session_id();
        let (host, realm) = self.destination();
        let mut buf = BytesMut::new();
        let body = PurBody { imsi, ..PurBody::default() };
        pur(
            &mut buf,
            ids,
            &session,
            &self.origin(),
            &Destination { host: &host, realm: &realm },
            &body,
        );
        buf.to_vec()
    }

    pub fn dwr_bytes(&mut self) -> Vec<u8> {
        let ids = self.ids();
        let mut buf = BytesMut::new();
        dwr(&mut buf, ids, &self.origin(), Some(1));
        buf.to_vec()
    }

    pub fn dpr_bytes(&mut self, cause: u32) -> Vec<u8> {
        let ids = self.ids();
        let mut buf = BytesMut::new();
        dpr(&mut buf, ids, &self.origin(), cause);
        buf.to_vec()
    }

    /// True when the HSS closed the connection (EOF or reset) within the read timeout, with
    /// nothing more to read.
    pub fn closed_by_server(&mut self) -> bool {
        closed_by_server(&mut self.stream)
    }
}

/// Reads one whole message.
pub fn read_message(s: &mut TcpStream) -> io::Result<Vec<u8>> {
    let mut m = vec![0; 20];
    s.read_exact(&mut m)?;
    let len = u32::from_be_bytes([0, m[1], m[2], m[3]]) as usize;
    assert!(len >= 20, "message length {len}");
    m.resize(len, 0);
    s.read_exact(&mut m[20..])?;
    Ok(m)
}

/// True when the peer closed the connection (EOF or reset) with nothing more to read.
pub fn closed_by_server(s: &mut TcpStream) -> bool {
    let mut b = [0; 64];
    match s.read(&mut b) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() == io::ErrorKind::ConnectionReset,
    }
}

// ---- reading messages ------------------------------------------------------------------------

pub fn msg(bytes: &[u8]) -> Message<'_> {
    Message::parse(bytes).expect("a whole message")
}

pub fn hop_by_hop(m: &[u8]) -> u32 {
    u32::from_be_bytes([m[12], m[13], m[14], m[15]])
}

pub fn is_request(m: &[u8]) -> bool {
    m[4] & 0x80 != 0
}

pub fn is_error_bit(m: &[u8]) -> bool {
    m[4] & 0x20 != 0
}

pub fn command_code(m: &[u8]) -> u32 {
    u32::from_be_bytes([0, m[5], m[6], m[7]])
}

/// Result-Code or Experimental-Result.
pub fn result(m: &[u8]) -> AnswerResult {
    AnswerResult::from_answer(&msg(m)).expect("an answer with a result")
}

/// The Experimental-Result of 3GPP `code`.
pub fn experimental(code: ResultCode) -> AnswerResult {
    AnswerResult::Experimental { vendor: VendorId::TGPP.0, code }
}

/// The first top-level AVP `def`.
pub fn top<'a>(m: &Message<'a>, def: &AvpDef) -> Option<RawAvp<'a>> {
    m.find(def.code, def.vendor).expect("AVPs decode")
}

/// The first child `def` of a grouped AVP.
pub fn child<'a>(avp: &RawAvp<'a>, def: &AvpDef) -> Option<RawAvp<'a>> {
    avp.child(def.code, def.vendor).expect("AVPs decode")
}

/// Every child `def` of a grouped AVP.
pub fn children<'a>(avp: &RawAvp<'a>, def: &AvpDef) -> Vec<RawAvp<'a>> {
    avp.group().map(|a| a.expect("AVPs decode")).filter(|a| a.is(def.code, def.vendor)).collect()
}

/// A UTF8String/DiameterIdentity AVP's text.
pub fn text<'a>(avp: Option<RawAvp<'a>>) -> &'a str {
    avp.expect("AVP present").utf8().expect("UTF-8")
}

pub fn u32_of(avp: Option<RawAvp<'_>>) -> u32 {
    avp.expect("AVP present").u32().expect("Unsigned32")
}

/// `bytes` without its first top-level AVP `def` (lengths patched): a request missing it.
pub fn without_avp(bytes: &[u8], def: &AvpDef) -> Vec<u8> {
    let m = msg(bytes);
    let avp = top(&m, def).expect("AVP to remove");
    let start = avp.offset;
    let end = (start + avp.raw.len()).next_multiple_of(4).min(bytes.len());
    let mut out = [&bytes[..start], &bytes[end..]].concat();
    let len = out.len() as u32;
    out[1..4].copy_from_slice(&len.to_be_bytes()[1..]);
    out
}

// ---- vectors ---------------------------------------------------------------------------------

/// One E-UTRAN vector as an AIA carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vector {
    pub rand: [u8; 16],
    pub xres: Vec<u8>,
    pub autn: [u8; 16],
    pub kasme: [u8; 32],
}

/// The E-UTRAN vectors of an AIA, in order.
pub fn eutran_vectors(aia: &[u8]) -> Vec<Vector> {
    let m = msg(aia);
    let Some(info) = top(&m, &s6a::AUTHENTICATION_INFO) else { return Vec::new() };
    children(&info, &s6a::E_UTRAN_VECTOR)
        .iter()
        .map(|v| {
            let octets = |def: &AvpDef| child(v, def).expect("vector field").data;
            Vector {
                rand: octets(&s6a::RAND).try_into().expect("RAND is 16 octets"),
                xres: octets(&s6a::XRES).to_vec(),
                autn: octets(&s6a::AUTN).try_into().expect("AUTN is 16 octets"),
                kasme: octets(&s6a::KASME).try_into().expect("KASME is 32 octets"),
            }
        })
        .collect()
}

pub fn milenage() -> Milenage {
    Milenage::new(&K, &OPC)
}

/// Recomputes `v` with the subscriber's K/OPc for the serving network `plmn`: XRES, AUTN (MAC-A
/// over the AMF with the separation bit) and KASME must all match. Returns its SQN.
pub fn verify_vector(v: &Vector, plmn: &PlmnId) -> u64 {
    let m = milenage();
    let ak = m.f5(&v.rand);
    let mut sqn = [0u8; 6];
    for (i, s) in sqn.iter_mut().enumerate() {
        *s = v.autn[i] ^ ak[i];
    }
    assert_eq!(&v.autn[6..8], &[0x80, 0x00], "AMF with the separation bit");
    let expected = auc::eutran_vector(&m, &v.rand, &sqn, &AMF, plmn);
    assert_eq!(v.xres, expected.xres, "XRES");
    assert_eq!(v.autn, expected.autn, "AUTN");
    assert_eq!(v.kasme, expected.kasme, "KASME");
    auc::sqn::from_bytes(&sqn)
}

/// The SQNs of an AIA's vectors, each verified for the home network.
pub fn verified_sqns(aia: &[u8]) -> Vec<u64> {
    assert_eq!(result(aia), AnswerResult::Result(ResultCode::SUCCESS), "AIA");
    eutran_vectors(aia).iter().map(|v| verify_vector(v, &home_plmn())).collect()
}

pub fn assert_strictly_increasing(sqns: &[u64]) {
    for w in sqns.windows(2) {
        assert!(w[0] < w[1], "SQN {:#x} then {:#x}", w[0], w[1]);
    }
}

/// The AVPs inside Failed-AVP, as (code, vendor).
pub fn failed_avp_codes(answer: &[u8]) -> Vec<(u32, u32)> {
    let m = msg(answer);
    let Some(failed) = top(&m, &b::FAILED_AVP) else { return Vec::new() };
    failed.group().map(|a| a.expect("AVPs decode")).map(|a| (a.code.0, a.vendor.0)).collect()
}
