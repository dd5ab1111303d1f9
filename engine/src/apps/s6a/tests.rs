//! The AIA's vectors as the per-thread scratch buffers produce them (E-UTRAN and UTRAN in one
//! answer, the 32-vector cap, nothing left over from the previous AIR), and the MSISDN's TBCD
//! formatted on the stack. The socket tests (`engine/tests/s6a_*.rs`) cover the rest.

use std::sync::Arc;

use bytes::BytesMut;
use codec::build::s6a::{AirBody, Tbcd, air};
use codec::dict::{AvpDef, s6a};
use codec::view::s6a::RequestedAuthInfo;
use codec::{Message, RawAvp};
use store::{Msisdn, SeededRand, StoreConfig, auc};
use testkit::prelude::*;

use super::subscription::msisdn_tbcd;
use crate::apps::{APPS, AppSettings, Handled, Lane, Node, Serving, Table};

const IMSI: &str = "001010000000001";

/// This node over an in-memory store with one subscriber, answering up to `max_vectors`.
fn context(max_vectors: usize) -> Node {
    let store = mem(StoreConfig::default());
    provision(&store, &SubSpec::new(IMSI));
    Node {
        origin_host: "hss.test".into(),
        origin_realm: "test".into(),
        home_plmn: home_plmn(),
        store: Arc::new(store),
        apps: AppSettings { s6a: super::Settings { max_vectors }, ..AppSettings::default() },
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
        visited_plmn_id: *home_plmn().as_bytes(),
        eutran: wanted(eutran),
        utran_geran: wanted(utran),
        ..AirBody::default()
    };
    let mut mme = MmeBuilder::new("mme1.test", "hss.test", "test");
    mme.realm = "test".into();
    let req = mme.request_with(|buf, ids, session, origin, dest| {
        air(buf, ids, session, origin, dest, &body);
    });
    let req = Message::parse(&req).expect("AIR");
    let (mut out, mut outbound) = (BytesMut::new(), Vec::new());
    let mut rand = SeededRand::new(1);
    let mut with = Serving { now: std::time::UNIX_EPOCH, rand: &mut rand, outbound: &mut outbound };
    let grant = crate::peer::Grant::any_peer(vec![codec::ApplicationId::S6A], "mme", "realm");
    let handled = Table::new(APPS).dispatch(node, &grant, &req, Lane::Slow, &mut out, &mut with);
    assert_eq!(handled, Handled::Answered);
    assert!(outbound.is_empty());
    out.to_vec()
}

fn octets<'a>(vector: &RawAvp<'a>, def: &AvpDef) -> &'a [u8] {
    child(vector, def).expect("vector field").data
}

/// The vectors of `kind` in the AIA's Authentication-Info, Item-Numbers checked to be 1, 2, ...
fn vectors<'a>(aia: &'a [u8], kind: &AvpDef) -> Vec<RawAvp<'a>> {
    let Some(info) = top(&msg(aia), &s6a::AUTHENTICATION_INFO) else { return Vec::new() };
    let found = children(&info, kind);
    for (n, v) in (1u32..).zip(&found) {
        assert_eq!(octets(v, &s6a::ITEM_NUMBER), n.to_be_bytes(), "Item-Number");
    }
    found
}

#[test]
fn eutran_and_utran_vectors_in_one_aia_verify_against_the_auc() {
    let node = context(5);
    let aia = aia(&node, 2, 3);
    let m = milenage();
    let eutran = vectors(&aia, &s6a::E_UTRAN_VECTOR);
    assert_eq!(eutran.len(), 2);
    for v in &eutran {
        let rand: [u8; 16] = octets(v, &s6a::RAND).try_into().expect("RAND");
        let sqn = concealed_sqn(&m, &rand, octets(v, &s6a::AUTN));
        let expected = auc::eutran_vector(&m, &rand, &sqn, &EUTRAN_AMF, &home_plmn());
        assert_eq!(octets(v, &s6a::XRES), expected.xres);
        assert_eq!(octets(v, &s6a::AUTN), expected.autn);
        assert_eq!(octets(v, &s6a::KASME), expected.kasme);
    }
    let utran = vectors(&aia, &s6a::UTRAN_VECTOR);
    assert_eq!(utran.len(), 3);
    for v in &utran {
        let rand: [u8; 16] = octets(v, &s6a::RAND).try_into().expect("RAND");
        let sqn = concealed_sqn(&m, &rand, octets(v, &s6a::AUTN));
        let expected = auc::utran_vector(&m, &rand, &sqn, &EUTRAN_AMF);
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
