//! The fixture the benchmarks share: one provisioned subscriber (TS 35.208 set 1 keys, one
//! APN with a static IPv4) or many, the S6a requests of an MME, and the per-shard state a
//! handler call needs. `mod common;` in each bench file; each uses what it needs.

#![allow(dead_code)] // Each bench uses part of the fixture.

use std::sync::Arc;
use std::time::UNIX_EPOCH;

use bytes::BytesMut;
use codec::build::s6a::{AirBody, PurBody, UlrBody, air, pur, ulr};
use codec::build::{Destination, Origin, RequestIds};
use codec::view::s6a::{PurFlags, RequestedAuthInfo};
use codec::view::{AnswerResult, AnswerView};
use codec::{Message, ResultCode, dict, validate};
use engine::apps::{APPS, AppSettings, Lane, Node, Serving, Table, s6a};
use engine::outbound::Outbound;
use store::auc::PlmnId;
use store::{
    Ambr, ApnAssignment, ApnId, ApnProfile, Arp, AuthData, ImportItem, Imsi, Key128, Msisdn,
    NetworkAccessMode, OperatorKey, PdnType, RandSource, SeededRand, Store, Subscriber,
    SubscriberStatus,
};

pub const IMSI: &str = "001010123456789";
pub const MSISDN: &str = "33612345678";
pub const HSS: Origin<'static> = Origin {
    host: "hss01.epc.mnc001.mcc001.3gppnetwork.org",
    realm: "epc.mnc001.mcc001.3gppnetwork.org",
};
pub const MME_A: Origin<'static> = Origin {
    host: "mme01.epc.mnc001.mcc001.3gppnetwork.org",
    realm: "epc.mnc001.mcc001.3gppnetwork.org",
};
pub const MME_B: Origin<'static> = Origin {
    host: "mme02.epc.mnc001.mcc001.3gppnetwork.org",
    realm: "epc.mnc001.mcc001.3gppnetwork.org",
};
/// TS 35.208 test set 1.
pub const K: [u8; 16] = [
    0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f, 0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc,
];
pub const OPC: [u8; 16] = [
    0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e, 0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf,
];

pub fn home() -> PlmnId {
    PlmnId::from_mcc_mnc("001", "01").expect("valid PLMN")
}

/// The APN profile every fixture subscriber uses.
pub fn apn_profile() -> ApnProfile {
    ApnProfile {
        id: apn(),
        apn: "internet".into(),
        qci: 9,
        arp: Arp {
            priority_level: 8,
            pre_emption_capability: false,
            pre_emption_vulnerability: true,
        },
        ambr: Ambr { uplink: 50_000_000, downlink: 100_000_000 },
        pdn_type: PdnType::Ipv4v6,
    }
}

fn apn() -> ApnId {
    ApnId::new(1).expect("non-zero")
}

/// A subscriber with an MSISDN (when given), the fixture APN with a static IPv4, and
/// MILENAGE keys.
pub fn item(imsi: Imsi, msisdn: Option<Msisdn>) -> ImportItem {
    ImportItem {
        subscriber: Subscriber {
            imsi,
            msisdn,
            status: SubscriberStatus::ServiceGranted,
            network_access_mode: NetworkAccessMode::OnlyPacket,
            ue_ambr: Ambr { uplink: 20_000_000, downlink: 40_000_000 },
            apns: vec![ApnAssignment {
                profile: apn(),
                static_ipv4: Some([10, 0, 0, 1].into()),
                static_ipv6: None,
            }],
            default_apn: apn(),
            roaming_allowed: true,
        },
        auth: Some(AuthData {
            ki: Key128::new(K),
            operator_key: OperatorKey::Opc(Key128::new(OPC)),
            amf: [0x80, 0x00],
            sqn: 0,
        }),
    }
}

/// The one subscriber [`IMSI`] with MSISDN [`MSISDN`].
pub fn provision(store: &Store) {
    store.create_apn_profile(&apn_profile()).expect("APN profile");
    let imsi = Imsi::parse(IMSI).expect("IMSI");
    let one = item(imsi, Some(Msisdn::parse(MSISDN).expect("MSISDN")));
    let outcome = store.import_subscribers(&[one]).expect("import");
    assert!(outcome.iter().all(Result::is_ok), "{outcome:?}");
}

/// The `n`-th of many subscribers: IMSI 00101 followed by `n` in ten digits.
pub fn many_imsi(n: u64) -> Imsi {
    Imsi::parse(&format!("00101{n:010}")).expect("IMSI")
}

/// Subscribers `many_imsi(0..n)` without MSISDN, imported in chunks of 10,000 (the bulk
/// import path: one synced write per chunk).
pub fn provision_many(store: &Store, n: u64) {
    store.create_apn_profile(&apn_profile()).expect("APN profile");
    let mut chunk = Vec::with_capacity(10_000);
    for i in 0..n {
        chunk.push(item(many_imsi(i), None));
        if chunk.len() == 10_000 || i + 1 == n {
            let outcome = store.import_subscribers(&chunk).expect("import");
            assert!(outcome.iter().all(Result::is_ok), "{outcome:?}");
            chunk.clear();
        }
    }
}

pub fn ids() -> RequestIds {
    RequestIds { hop_by_hop: 0x1234, end_to_end: 0x5678 }
}

pub fn destination() -> Destination<'static> {
    Destination { host: HSS.host, realm: HSS.realm }
}

pub fn session(mme: &Origin<'_>) -> String {
    format!("{};1700000000;1", mme.host)
}

pub fn air_request(vectors: u32) -> BytesMut {
    let mut buf = BytesMut::new();
    let body = AirBody {
        imsi: IMSI,
        visited_plmn_id: *home().as_bytes(),
        eutran: Some(RequestedAuthInfo {
            number_of_requested_vectors: Some(vectors),
            immediate_response_preferred: true,
            resync: None,
        }),
        ..AirBody::default()
    };
    air(&mut buf, ids(), &session(&MME_A), &MME_A, &destination(), &body);
    buf
}

pub fn ulr_request(mme: &Origin<'_>) -> BytesMut {
    let mut buf = BytesMut::new();
    let body = UlrBody::eutran(IMSI, *home().as_bytes());
    ulr(&mut buf, ids(), &session(mme), mme, &destination(), &body);
    buf
}

pub fn pur_request(mme: &Origin<'_>) -> BytesMut {
    let mut buf = BytesMut::new();
    let body =
        PurBody { imsi: IMSI, pur_flags: Some(PurFlags::UE_PURGED_IN_MME), ..PurBody::default() };
    pur(&mut buf, ids(), &session(mme), mme, &destination(), &body);
    buf
}

/// The request as the peer layer hands it over: parsed and validated.
pub fn parse(bytes: &[u8]) -> Message<'_> {
    let msg = Message::parse(bytes).expect("message");
    let def = dict::command(msg.header.application, msg.header.code).expect("known command");
    validate::validate(&msg, def).expect("valid request");
    msg
}

/// What a shard keeps between requests: the answer buffer, the outbound queue, its RAND
/// source, and the engine's application table and node.
pub struct Shard {
    pub table: Table,
    pub node: Node,
    pub rand: SeededRand,
    pub out: BytesMut,
    pub outbound: Vec<Outbound>,
}

impl Shard {
    /// A shard's handler state over `store`, with the engine's defaults (32 vectors at most,
    /// cold requests handled in place, as on the slow lane).
    pub fn new(store: Arc<Store>) -> Self {
        Self {
            table: Table::new(APPS),
            node: Node {
                origin_host: HSS.host.into(),
                origin_realm: HSS.realm.into(),
                home_plmn: home(),
                store,
                apps: AppSettings { s6a: s6a::Settings { max_vectors: 32 } },
            },
            rand: SeededRand::new(7),
            out: BytesMut::with_capacity(64 * 1024),
            outbound: Vec::with_capacity(4),
        }
    }

    /// Handles `msg` with the buffers cleared (capacity kept), as a connection does.
    pub fn handle(&mut self, msg: &Message<'_>) {
        self.out.clear();
        self.outbound.clear();
        let rand: &mut dyn RandSource = &mut self.rand;
        let mut with = Serving { now: UNIX_EPOCH, rand, outbound: &mut self.outbound };
        let _ = self.table.dispatch(&self.node, msg, Lane::Slow, &mut self.out, &mut with);
    }

    /// Checks that the last answer is a 2001 (outside the counted part).
    pub fn check(&self) {
        let answer = Message::parse(&self.out).expect("one answer");
        let result = AnswerView::parse(&answer).expect("answer view").result;
        assert_eq!(result, AnswerResult::Result(ResultCode::SUCCESS), "{answer:?}");
    }
}
