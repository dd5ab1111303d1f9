//! A scripted fake MME and a [`PeerPair`] that drives it against a [`PeerConn`] on a clock
//! moved by hand: no sockets, no sleeps.

use std::net::{IpAddr, Ipv4Addr};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::BytesMut;
use codec::build::s6a::{AirBody, air};
use codec::dict::{self, base as b};
use codec::view::base::CerView;
use codec::{
    ApplicationId, AvpCode, CommandCode, Frames, Message, MessageWriter, ResultCode, VendorId,
};
use testkit::mme::MmeBuilder;

use crate::peer::{
    CloseReason, Dispatch, LocalPeer, Network, PeerConfig, PeerConn, PeerEntry, PeerPolicy, Role,
    Served, Timers,
};

pub const HSS_HOST: &str = "hss.epc.mnc001.mcc001.3gppnetwork.org";
pub const HSS_REALM: &str = "epc.mnc001.mcc001.3gppnetwork.org";
pub const MME_HOST: &str = "mme1.epc.mnc001.mcc001.3gppnetwork.org";
pub const HSS_STATE_ID: u32 = 1234;

/// The HSS's identity in the tests: S6a and S13.
pub fn local_peer() -> LocalPeer {
    LocalPeer {
        origin_host: HSS_HOST.into(),
        origin_realm: HSS_REALM.into(),
        host_ip_addresses: vec![IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))],
        vendor_id: 0,
        product_name: "hssd".into(),
        origin_state_id: HSS_STATE_ID,
        firmware_revision: Some(1),
        applications: [ApplicationId::S6A, ApplicationId::S13]
            .into_iter()
            .map(|id| Served::dictionary(id).expect("in the dictionary"))
            .collect(),
    }
}

/// The address the test MMEs connect from.
pub const MME_ADDRESS: IpAddr = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 10));

/// A peer-table entry for MME `host` in [`HSS_REALM`], connecting from 192.0.2.0/24.
pub fn mme_entry(host: &str) -> PeerEntry {
    PeerEntry {
        host: host.into(),
        realm: HSS_REALM.into(),
        networks: vec![Network::parse("192.0.2.0/24").expect("network")],
        role: Role::Mme,
        applications: Role::Mme.default_applications().to_vec(),
        relay_realms: Vec::new(),
        plmns: Vec::new(),
        max_connections: 1,
    }
}

/// The configuration with `allowed` as the peer table (MMEs, see [`mme_entry`]), or any peer.
pub fn config(allowed: Option<&[&str]>, timers: Timers) -> PeerConfig {
    let policy = match allowed {
        Some(hosts) => PeerPolicy::Table(hosts.iter().map(|h| mme_entry(h)).collect()),
        None => PeerPolicy::AnyPeer,
    };
    config_with(policy, timers)
}

pub fn config_with(policy: PeerPolicy, timers: Timers) -> PeerConfig {
    PeerConfig::new(local_peer(), policy, timers).expect("valid test configuration")
}

/// An MME (or any Diameter client): `testkit`'s [`MmeBuilder`], which it dereferences to
/// (`mme.ids()`, `mme.host`, `mme.tgpp_apps`), as the peer tests know it: 192.0.2.10,
/// "fake-mme", Origin-State-Id 7, advertising S6a, sending to [`HSS_HOST`].
#[derive(Debug)]
pub struct FakeMme(MmeBuilder);

impl Deref for FakeMme {
    type Target = MmeBuilder;

    fn deref(&self) -> &MmeBuilder {
        &self.0
    }
}

impl DerefMut for FakeMme {
    fn deref_mut(&mut self) -> &mut MmeBuilder {
        &mut self.0
    }
}

impl FakeMme {
    pub fn new(host: &str) -> Self {
        let mut mme = MmeBuilder::new(host, HSS_HOST, HSS_REALM);
        mme.realm = HSS_REALM.into();
        mme.host_ip_address = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 10));
        mme.product_name = "fake-mme".into();
        mme.origin_state_id = 7;
        Self(mme)
    }

    pub fn cer(&mut self) -> Vec<u8> {
        self.cer_bytes()
    }

    pub fn dwr(&mut self) -> Vec<u8> {
        self.dwr_bytes()
    }

    pub fn dpr(&mut self, cause: u32) -> Vec<u8> {
        self.dpr_bytes(cause)
    }

    /// An AIR from the home network asking for nothing in particular.
    pub fn air(&mut self, imsi: &str) -> Vec<u8> {
        let body = AirBody { imsi, visited_plmn_id: [0x00, 0xf1, 0x10], ..AirBody::default() };
        self.request_with(|buf, ids, session, origin, dest| {
            air(buf, ids, session, origin, dest, &body);
        })
    }

    /// A request of `app`/`code` with the common AVPs of `start_request`, then `fill`.
    pub fn request(
        &mut self,
        app: ApplicationId,
        code: CommandCode,
        fill: impl FnOnce(&mut MessageWriter<'_>),
    ) -> Vec<u8> {
        // Commands missing from the dictionary get a stand-in definition with empty ABNFs.
        let stand_in = dict::CommandDef {
            code,
            application: app,
            name: "Test",
            request: "TR",
            answer: "TA",
            proxiable: true,
            request_rules: &[],
            answer_rules: &[],
        };
        let def = dict::command(app, code).copied().unwrap_or(stand_in);
        let def = dict::CommandDef { application: app, ..def };
        self.request_bytes(&def, fill)
    }

    /// An AIR with the common AVPs and whatever `fill` adds (User-Name, PLMN ... or not).
    pub fn air_with(&mut self, fill: impl FnOnce(&mut MessageWriter<'_>)) -> Vec<u8> {
        self.request(ApplicationId::S6A, CommandCode::AUTHENTICATION_INFORMATION, fill)
    }

    /// The answer the MME gives to a request from the HSS: DWA, DPA, or a CLA-shaped 2001.
    pub fn answer_to(&self, request: &[u8]) -> Vec<u8> {
        self.answer_bytes(request)
    }
}

/// A [`PeerConn`] and a [`FakeMme`] on a hand-driven clock.
#[derive(Debug)]
pub struct PeerPair {
    pub hss: PeerConn,
    pub mme: FakeMme,
    pub now: Instant,
    pub start: Instant,
}

impl PeerPair {
    pub fn new(config: PeerConfig) -> Self {
        Self::from_address(config, MME_ADDRESS)
    }

    /// A pair whose MME connects from `remote`.
    pub fn from_address(config: PeerConfig, remote: IpAddr) -> Self {
        let start = Instant::now();
        Self {
            hss: PeerConn::new(Arc::new(config), remote, start, 42),
            mme: FakeMme::new(MME_HOST),
            now: start,
            start,
        }
    }

    /// Default configuration, CER/CEA done.
    pub fn open() -> Self {
        Self::open_with(config(None, Timers::default()))
    }

    pub fn open_with(config: PeerConfig) -> Self {
        let mut pair = Self::new(config);
        let cer = pair.mme.cer();
        let (d, out) = pair.deliver(&cer);
        assert_eq!(d, Dispatch::Opened);
        assert_eq!(result_code(&out[0]), Some(ResultCode::SUCCESS));
        pair
    }

    /// Hands `bytes` (one message) to the HSS at the current time; returns the dispatch and the
    /// messages it wrote.
    pub fn deliver(&mut self, bytes: &[u8]) -> (Dispatch, Vec<Vec<u8>>) {
        let msg = parse(bytes);
        let mut out = BytesMut::new();
        let d = self.hss.handle_message(self.now, &msg, &mut out);
        (d, split(&out))
    }

    /// Moves the clock by `by`, firing every timer that falls due on the way (each at its own
    /// deadline, as a driver would). Returns the close, if one happened, and what was written.
    pub fn advance(&mut self, by: Duration) -> (Option<CloseReason>, Vec<Vec<u8>>) {
        let end = self.now + by;
        let mut written = Vec::new();
        while let Some(t) = self.hss.poll_timeout().filter(|&t| t <= end) {
            self.now = self.now.max(t);
            let mut out = BytesMut::new();
            let close = self.hss.handle_timeout(self.now, &mut out);
            written.extend(split(&out));
            if close.is_some() {
                return (close, written);
            }
        }
        self.now = end;
        (None, written)
    }

    /// Jumps to the next timer and fires it.
    pub fn fire_next_timer(&mut self) -> (Option<CloseReason>, Vec<Vec<u8>>) {
        let t = self.hss.poll_timeout().expect("a timer is set");
        self.now = self.now.max(t);
        let mut out = BytesMut::new();
        let close = self.hss.handle_timeout(self.now, &mut out);
        (close, split(&out))
    }

    /// Time since the pair started.
    pub fn elapsed(&self) -> Duration {
        self.now - self.start
    }
}

pub fn parse(bytes: &[u8]) -> Message<'_> {
    Message::parse(bytes).expect("a whole message")
}

/// Splits what the HSS wrote into messages; anything else than whole, well-framed messages
/// fails the test.
pub fn split(out: &[u8]) -> Vec<Vec<u8>> {
    let mut frames = Frames::new(out);
    let all: Vec<Vec<u8>> = frames.by_ref().map(|f| f.expect("well framed").to_vec()).collect();
    assert!(frames.tail().is_empty(), "a partial message was written");
    for f in &all {
        Message::parse(f).expect("a whole message");
    }
    all
}

pub fn result_code(frame: &[u8]) -> Option<ResultCode> {
    let msg = parse(frame);
    let rc = msg.find(b::RESULT_CODE.code, VendorId::IETF).ok()??;
    rc.u32().ok().map(ResultCode)
}

/// Code and vendor of the AVP inside Failed-AVP.
pub fn failed_avp(frame: &[u8]) -> Option<(AvpCode, VendorId)> {
    let msg = parse(frame);
    let group = msg.find(b::FAILED_AVP.code, VendorId::IETF).ok()??;
    let child = group.group().next()?.ok()?;
    Some((child.code, child.vendor))
}

pub fn u32_avp(frame: &[u8], code: AvpCode) -> Option<u32> {
    parse(frame).find(code, VendorId::IETF).ok()??.u32().ok()
}

/// The applications a CEA advertises, with their vendor.
pub fn advertised(frame: &[u8]) -> Vec<(ApplicationId, VendorId)> {
    let msg = parse(frame);
    let view = CerView::parse(&msg).expect("a CEA carries the capability AVPs");
    view.applications().map(|a| a.expect("valid")).map(|a| (a.id, a.vendor)).collect()
}
