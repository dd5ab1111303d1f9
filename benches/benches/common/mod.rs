//! The fixture the benchmarks share, over `testkit`: one provisioned subscriber (TS 35.208
//! set 1 keys, one APN with a static IPv4) or many, the S6a requests of an MME, and the
//! per-shard state a handler call needs. `mod common;` in each bench file; each uses what it
//! needs.

#![allow(dead_code)] // Each bench uses part of the fixture.

use std::sync::Arc;
use std::time::UNIX_EPOCH;

use bytes::BytesMut;
use codec::build::Origin;
use codec::build::s6a::{PurBody, pur};
use codec::view::s6a::{PurFlags, UlrFlags};
use codec::view::{AnswerResult, AnswerView};
use codec::{Message, ResultCode, dict, validate};
use engine::apps::{APPS, AppSettings, Lane, Node, Serving, Table, s6a};
use engine::outbound::Outbound;
use engine::peer::{Grant, Plmns};
use store::{ImportItem, Imsi, Msisdn, RandSource, SeededRand, Store};
use testkit::mme::MmeBuilder;
use testkit::plmn::home_plmn;
use testkit::provision::{APN_ID, APN_NAME, SubSpec, apn_profile};

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

/// A subscriber with an MSISDN (when given), the test APN profile with a static IPv4, and
/// test set 1's keys (`testkit::provision::SubSpec`).
pub fn item(imsi: Imsi, msisdn: Option<Msisdn>) -> ImportItem {
    SubSpec {
        msisdn: msisdn.map(|m| m.to_string()),
        static_ipv4: Some(static_ipv4(imsi)),
        ..SubSpec::of(imsi)
    }
    .import_item()
}

/// A static address in 10.0.0.0/8 from the IMSI's last digits: unique per subscriber for
/// up to 2^24 of them (the store refuses two subscribers one address on an APN).
fn static_ipv4(imsi: Imsi) -> std::net::Ipv4Addr {
    let n: u64 = imsi.to_string().parse().unwrap_or(0);
    let [_, a, b, c] = ((n % (1 << 24)) as u32).to_be_bytes();
    std::net::Ipv4Addr::new(10, a, b, c)
}

/// The one subscriber [`IMSI`] with MSISDN [`MSISDN`].
pub fn provision(store: &Store) {
    store.create_apn_profile(&apn_profile(APN_ID, APN_NAME)).expect("APN profile");
    let imsi = Imsi::parse(IMSI).expect("IMSI");
    let one = item(imsi, Some(Msisdn::parse(MSISDN).expect("MSISDN")));
    let outcome = store.import_subscribers(&[one]).expect("import");
    assert!(outcome.iter().all(Result::is_ok), "{outcome:?}");
}

/// The `n`-th of many subscribers: IMSI 00101 followed by `n` in ten digits.
pub fn many_imsi(n: u64) -> Imsi {
    testkit::provision::imsi(n)
}

/// Subscribers `many_imsi(0..n)` without MSISDN, imported in chunks of 10,000 (the bulk
/// import path: one synced write per chunk).
pub fn provision_many(store: &Store, n: u64) {
    store.create_apn_profile(&apn_profile(APN_ID, APN_NAME)).expect("APN profile");
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

/// The MME `mme` sending to [`HSS`].
fn mme(mme: &Origin<'_>) -> MmeBuilder {
    let mut builder = MmeBuilder::new(mme.host, HSS.host, HSS.realm);
    builder.realm = mme.realm.into();
    builder
}

/// An AIR from [`MME_A`] for `vectors` E-UTRAN vectors of [`IMSI`].
pub fn air_request(vectors: u32) -> Vec<u8> {
    mme(&MME_A).air_bytes(IMSI, vectors, &home_plmn(), None)
}

/// A ULR from `mme` for [`IMSI`].
pub fn ulr_request(mme_origin: &Origin<'_>) -> Vec<u8> {
    mme(mme_origin).ulr_bytes(IMSI, UlrFlags::S6A_S6D_INDICATOR)
}

/// A PUR from `mme` for [`IMSI`], UE purged in the MME.
pub fn pur_request(mme_origin: &Origin<'_>) -> Vec<u8> {
    let body =
        PurBody { imsi: IMSI, pur_flags: Some(PurFlags::UE_PURGED_IN_MME), ..PurBody::default() };
    mme(mme_origin).request_with(|buf, ids, session, origin, dest| {
        pur(buf, ids, session, origin, dest, &body);
    })
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
    /// What the requests' peer may do: a configured MME of the home network, so that the
    /// Visited-PLMN-Id check runs as it does in service.
    pub grant: Grant,
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
                home_plmn: home_plmn(),
                store,
                apps: AppSettings {
                    s6a: s6a::Settings { max_vectors: 32 },
                    ..AppSettings::default()
                },
            },
            rand: SeededRand::new(7),
            out: BytesMut::with_capacity(64 * 1024),
            outbound: Vec::with_capacity(4),
            grant: Grant {
                plmns: Plmns::Listed(vec![*home_plmn().as_bytes()]),
                ..Grant::any_peer(APPS.iter().map(|a| a.id).collect(), "mme", "realm")
            },
        }
    }

    /// Handles `msg` with the buffers cleared (capacity kept), as a connection does.
    pub fn handle(&mut self, msg: &Message<'_>) {
        self.out.clear();
        self.outbound.clear();
        let rand: &mut dyn RandSource = &mut self.rand;
        let mut with = Serving { now: UNIX_EPOCH, rand, outbound: &mut self.outbound };
        let grant = &self.grant;
        let _ = self.table.dispatch(&self.node, grant, msg, Lane::Slow, &mut self.out, &mut with);
    }

    /// Checks that the last answer is a 2001 (outside the counted part).
    pub fn check(&self) {
        let answer = Message::parse(&self.out).expect("one answer");
        let result = AnswerView::parse(&answer).expect("answer view").result;
        assert_eq!(result, AnswerResult::Result(ResultCode::SUCCESS), "{answer:?}");
    }
}
