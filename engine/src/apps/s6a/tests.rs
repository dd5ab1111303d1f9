//! The AIA's vectors as the per-thread scratch buffers produce them (E-UTRAN and UTRAN in one
//! answer, the 32-vector cap, nothing left over from the previous AIR), and the MSISDN's TBCD
//! formatted on the stack. The socket tests (`engine/tests/s6a_*.rs`) cover the rest.

use std::sync::Arc;

use bytes::BytesMut;
use codec::build::s6a::{AirBody, Tbcd, air};
use codec::build::{Destination, Origin, RequestIds};
use codec::dict::{AvpDef, s6a};
use codec::view::s6a::RequestedAuthInfo;
use codec::{Message, RawAvp};
use store::auc::{self, Milenage, PlmnId};
use store::{
    Ambr, ApnAssignment, ApnId, ApnProfile, Arp, AuthData, Imsi, Key128, MemStore, Msisdn,
    NetworkAccessMode, OperatorKey, PdnType, SeededRand, Store, StoreConfig, Subscriber,
    SubscriberStatus,
};

use super::location::msisdn_tbcd;
use crate::apps::{APPS, AppSettings, Handled, Lane, Node, Serving, Table};

const IMSI: &str = "001010000000001";
/// TS 35.208 test set 1.
const K: [u8; 16] = [
    0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f, 0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc,
];
const OPC: [u8; 16] = [
    0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e, 0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf,
];
const AMF: [u8; 2] = [0x80, 0x00];
const MME: Origin<'static> = Origin { host: "mme1.test", realm: "test" };

fn home() -> PlmnId {
    PlmnId::from_mcc_mnc("001", "01").expect("valid PLMN")
}

/// This node over an in-memory store with one subscriber, answering up to `max_vectors`.
fn context(max_vectors: usize) -> Node {
    let store = Store::new(MemStore::new(), StoreConfig::default());
    let apn = ApnId::new(1).expect("non-zero");
    store
        .create_apn_profile(&ApnProfile {
            id: apn,
            apn: "internet".into(),
            qci: 9,
            arp: Arp {
                priority_level: 8,
                pre_emption_capability: false,
                pre_emption_vulnerability: true,
            },
            ambr: Ambr { uplink: 1_000, downlink: 2_000 },
            pdn_type: PdnType::Ipv4,
        })
        .expect("APN profile");
    let imsi = Imsi::parse(IMSI).expect("IMSI");
    store
        .create_subscriber(&Subscriber {
            imsi,
            msisdn: None,
            status: SubscriberStatus::ServiceGranted,
            network_access_mode: NetworkAccessMode::OnlyPacket,
            ue_ambr: Ambr { uplink: 1_000, downlink: 2_000 },
            apns: vec![ApnAssignment { profile: apn, static_ipv4: None, static_ipv6: None }],
            default_apn: apn,
            roaming_allowed: true,
        })
        .expect("subscriber");
    let auth = AuthData {
        ki: Key128::new(K),
        operator_key: OperatorKey::Opc(Key128::new(OPC)),
        amf: AMF,
        sqn: 0,
    };
    store.create_auth(imsi, &auth).expect("auth data");
    Node {
        origin_host: "hss.test".into(),
        origin_realm: "test".into(),
        home_plmn: home(),
        store: Arc::new(store),
        apps: AppSettings { s6a: super::Settings { max_vectors } },
    }
}

/// The AIA to an AIR for `eutran` E-UTRAN and `utran` UTRAN vectors.
fn aia(node: &Node, eutran: u32, utran: u32) -> Vec<u8> {
    let wanted = |n| {
        (n > 0).then_some(RequestedAuthInfo {
            number_of_requested_vectors: Some(n),
            immediate_response_preferred: false,
            resync: None,
        })
    };
    let body = AirBody {
        imsi: IMSI,
        visited_plmn_id: *home().as_bytes(),
        eutran: wanted(eutran),
        utran_geran: wanted(utran),
        ..AirBody::default()
    };
    let mut req = BytesMut::new();
    let ids = RequestIds { hop_by_hop: 1, end_to_end: 1 };
    let dest = Destination { host: "hss.test", realm: "test" };
    air(&mut req, ids, "mme1.test;1;1", &MME, &dest, &body);
    let req = Message::parse(&req).expect("AIR");
    let (mut out, mut outbound) = (BytesMut::new(), Vec::new());
    let mut rand = SeededRand::new(1);
    let mut with = Serving { now: std::time::UNIX_EPOCH, rand: &mut rand, outbound: &mut outbound };
    let handled = Table::new(APPS).dispatch(node, &req, Lane::Slow, &mut out, &mut with);
    assert_eq!(handled, Handled::Answered);
    assert!(outbound.is_empty());
    out.to_vec()
}

fn children<'a>(avp: &RawAvp<'a>, def: &AvpDef) -> Vec<RawAvp<'a>> {
    avp.group().map(|c| c.expect("child AVP")).filter(|c| c.is(def.code, def.vendor)).collect()
}

fn octets<'a>(vector: &RawAvp<'a>, def: &AvpDef) -> &'a [u8] {
    children(vector, def).first().expect("vector field").data
}

/// The vectors of `kind` in the AIA's Authentication-Info, Item-Numbers checked to be 1, 2, ...
fn vectors<'a>(aia: &'a [u8], kind: &AvpDef) -> Vec<RawAvp<'a>> {
    let msg = Message::parse(aia).expect("AIA");
    let info = msg.find(s6a::AUTHENTICATION_INFO.code, s6a::AUTHENTICATION_INFO.vendor);
    let Some(info) = info.expect("well-formed") else { return Vec::new() };
    let found = children(&info, kind);
    for (n, v) in (1u32..).zip(&found) {
        assert_eq!(octets(v, &s6a::ITEM_NUMBER), n.to_be_bytes(), "Item-Number");
    }
    found
}

/// The SQN an AUTN conceals under AK.
fn sqn(m: &Milenage, rand: &[u8; 16], autn: &[u8]) -> [u8; 6] {
    let ak = m.f5(rand);
    std::array::from_fn(|i| autn[i] ^ ak[i])
}

#[test]
fn eutran_and_utran_vectors_in_one_aia_verify_against_the_auc() {
    let node = context(5);
    let aia = aia(&node, 2, 3);
    let m = Milenage::new(&K, &OPC);
    let eutran = vectors(&aia, &s6a::E_UTRAN_VECTOR);
    assert_eq!(eutran.len(), 2);
    for v in &eutran {
        let rand: [u8; 16] = octets(v, &s6a::RAND).try_into().expect("RAND");
        let sqn = sqn(&m, &rand, octets(v, &s6a::AUTN));
        let expected = auc::eutran_vector(&m, &rand, &sqn, &AMF, &home());
        assert_eq!(octets(v, &s6a::XRES), expected.xres);
        assert_eq!(octets(v, &s6a::AUTN), expected.autn);
        assert_eq!(octets(v, &s6a::KASME), expected.kasme);
    }
    let utran = vectors(&aia, &s6a::UTRAN_VECTOR);
    assert_eq!(utran.len(), 3);
    for v in &utran {
        let rand: [u8; 16] = octets(v, &s6a::RAND).try_into().expect("RAND");
        let sqn = sqn(&m, &rand, octets(v, &s6a::AUTN));
        let expected = auc::utran_vector(&m, &rand, &sqn, &AMF);
        assert_eq!(octets(v, &s6a::XRES), expected.xres);
        assert_eq!(octets(v, &s6a::AUTN), expected.autn);
        assert_eq!(octets(v, &codec::dict::cx::CONFIDENTIALITY_KEY), expected.ck);
        assert_eq!(octets(v, &codec::dict::cx::INTEGRITY_KEY), expected.ik);
    }
}

#[test]
fn at_most_32_vectors_of_each_kind_and_none_left_from_the_previous_aia() {
    let node = context(100);
    let big = aia(&node, 40, 33);
    assert_eq!(vectors(&big, &s6a::E_UTRAN_VECTOR).len(), 32);
    assert_eq!(vectors(&big, &s6a::UTRAN_VECTOR).len(), 32);
    // The same thread's buffers, now for fewer vectors.
    let small = aia(&node, 1, 0);
    assert_eq!(vectors(&small, &s6a::E_UTRAN_VECTOR).len(), 1);
    assert!(vectors(&small, &s6a::UTRAN_VECTOR).is_empty());
}

#[test]
fn msisdn_tbcd_is_the_tbcd_of_its_digits() {
    for digits in ["1", "33612345678", "491701234567", "012345678901234"] {
        let msisdn = Msisdn::parse(digits).expect("MSISDN");
        assert_eq!(msisdn_tbcd(msisdn), Tbcd::encode(digits), "{digits}");
    }
}
