//! The peer table over sockets: who may connect, as whom, claiming which network.
//!
//! - A host not in the table, or connecting from an address not listed for it: CEA 3010 and
//!   the connection closes.
//! - A configured MME sending a ULR or PUR in another MME's name: 3010; the other MME's
//!   registration is untouched and no Cancel-Location reaches it.
//! - A second connection naming an open host: CEA 4003, the first keeps its CLRs; after the peer
//!   restarts (another Origin-State-Id) the new connection takes over.
//! - A visited MME claiming the home PLMN to get a barred roamer's vectors: 5004.

mod support;

use std::time::Duration;

use codec::ResultCode;
use codec::code::experimental;
use codec::view::AnswerResult;
use engine::peer::{Network, PeerEntry, PeerPolicy, Role};
use engine::settings::EngineSettings;
use store::{Imsi, NodeKind};
use support::*;

const IMSI: &str = "001010000000031";
const MME_A: &str = "mme-a.epc.mnc001.mcc001.3gppnetwork.org";
const MME_B: &str = "mme-b.epc.mnc001.mcc001.3gppnetwork.org";
/// A visited network's MME, in its own realm.
const VISITOR: &str = "mme9.epc.mnc002.mcc002.3gppnetwork.org";
const VISITED_REALM: &str = "epc.mnc002.mcc002.3gppnetwork.org";

fn entry(host: &str, realm: &str, address: &str) -> PeerEntry {
    PeerEntry {
        host: host.into(),
        realm: realm.into(),
        networks: vec![Network::parse(address).expect("network")],
        role: Role::Mme,
        applications: Role::Mme.default_applications().to_vec(),
        relay_realms: Vec::new(),
        plmns: Vec::new(),
        max_connections: 1,
    }
}

fn start() -> Hss {
    let peers = PeerPolicy::Table(vec![
        entry(MME_A, MME_REALM, "127.0.0.0/8"),
        entry(MME_B, MME_REALM, "127.0.0.0/8"),
        entry(VISITOR, VISITED_REALM, "127.0.0.1"),
        // Listed, but only from an address the test never uses.
        entry("mme-far.epc.mnc001.mcc001.3gppnetwork.org", MME_REALM, "192.0.2.1"),
    ]);
    let hss = Hss::start_with(EngineSettings { peers, ..settings(2) });
    provision(hss.store(), &SubSpec::new(IMSI));
    hss
}

/// Connects `host` without its capabilities exchange.
fn connect(hss: &Hss, host: &str) -> Mme {
    Mme::connect(hss.addr(), host, hss.origin_host(), hss.origin_realm())
}

fn cer_result(mme: &mut Mme) -> AnswerResult {
    let cer = mme.cer_bytes();
    result(&mme.call(&cer))
}

#[test]
fn unknown_hosts_and_wrong_addresses_get_3010_and_are_closed() {
    let hss = start();
    for host in
        ["stranger.epc.mnc001.mcc001.3gppnetwork.org", "mme-far.epc.mnc001.mcc001.3gppnetwork.org"]
    {
        let mut mme = connect(&hss, host);
        assert_eq!(cer_result(&mut mme), AnswerResult::Result(ResultCode::UNKNOWN_PEER), "{host}");
        assert!(mme.closed_by_server(), "{host}: the connection closes");
    }
    // A listed host from its network gets in.
    let mut mme = connect(&hss, MME_A);
    assert_eq!(cer_result(&mut mme), AnswerResult::Result(ResultCode::SUCCESS));
    hss.stop();
}

#[test]
fn a_forged_ulr_or_pur_in_another_mme_s_name_is_refused_and_changes_nothing() {
    let hss = start();
    let mut a = hss.mme(MME_A);
    assert_eq!(result(&a.ulr(IMSI)), AnswerResult::Result(ResultCode::SUCCESS));
    let serving = |hss: &Hss| {
        let key = Imsi::parse(IMSI).unwrap().key();
        hss.store().serving_node(key, NodeKind::Mme).expect("read").map(|m| m.host.to_string())
    };
    assert_eq!(serving(&hss).as_deref(), Some(MME_A));

    // MME B, connected as itself, writes MME A's name into its ULR and PUR.
    let mut b = hss.mme(MME_B);
    b.host = MME_A.into();
    let forged = b.ulr(IMSI);
    assert_eq!(result(&forged), AnswerResult::Result(ResultCode::UNKNOWN_PEER));
    let forged = b.pur(IMSI);
    assert_eq!(result(&forged), AnswerResult::Result(ResultCode::UNKNOWN_PEER));
    assert_eq!(serving(&hss).as_deref(), Some(MME_A), "the registration is untouched");
    // No Cancel-Location reached MME A (a forged ULR from a "new" MME would send one).
    a.stream.set_read_timeout(Some(Duration::from_millis(300))).unwrap();
    assert!(a.read_message().is_err(), "MME A got a request it should not have");
    // As itself, B's ULR is served and A gets its CLR.
    b.host = MME_B.into();
    assert_eq!(result(&b.ulr(IMSI)), AnswerResult::Result(ResultCode::SUCCESS));
    a.stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let clr = a.next_request();
    assert_eq!(command_code(&clr), 317, "Cancel-Location");
    hss.stop();
}

#[test]
fn a_second_connection_for_an_open_host_loses_unless_the_peer_restarted() {
    let hss = start();
    let mut first = hss.mme(MME_A);
    let mut second = connect(&hss, &MME_A.to_ascii_uppercase());
    assert_eq!(cer_result(&mut second), AnswerResult::Result(ResultCode::ELECTION_LOST));
    assert!(second.closed_by_server());
    // The first still serves, and is still the route: its ULR works.
    assert_eq!(result(&first.ulr(IMSI)), AnswerResult::Result(ResultCode::SUCCESS));

    // The peer restarted (another Origin-State-Id): the new connection takes over and the old
    // one is sent a DPR.
    let mut restarted = connect(&hss, MME_A);
    restarted.origin_state_id = first.origin_state_id.wrapping_add(1);
    assert_eq!(cer_result(&mut restarted), AnswerResult::Result(ResultCode::SUCCESS));
    first.stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let dpr = first.next_request();
    assert_eq!(command_code(&dpr), 282, "Disconnect-Peer");
    assert_eq!(result(&restarted.ulr(IMSI)), AnswerResult::Result(ResultCode::SUCCESS));
    hss.stop();
}

#[test]
fn a_visited_mme_claiming_the_home_network_gets_5004() {
    let hss = start();
    let mut visitor = connect(&hss, VISITOR);
    visitor.realm = VISITED_REALM.into();
    visitor.exchange_capabilities();
    let home = home_plmn();
    let air = visitor.air_bytes(IMSI, 1, &home, None);
    let aia = visitor.call(&air);
    assert_eq!(result(&aia), experimental(experimental::ERROR_ROAMING_NOT_ALLOWED));
    // Its own network is what it may claim (roaming is allowed for this subscriber).
    let own = store::auc::PlmnId::from_mcc_mnc("002", "02").unwrap();
    let air = visitor.air_bytes(IMSI, 1, &own, None);
    assert_eq!(result(&visitor.call(&air)), AnswerResult::Result(ResultCode::SUCCESS));
    hss.stop();
}

#[test]
fn before_its_cer_a_connection_cannot_announce_a_large_message() {
    let hss = start();
    let mut stranger = connect(&hss, "stranger.epc.mnc001.mcc001.3gppnetwork.org");
    // A header announcing 200 KiB (under the 1 MiB limit of an open peer), then silence.
    let mut header = vec![1u8, 0x03, 0x20, 0x00, 0x80, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1];
    header.resize(4096, 0);
    stranger.send(&header);
    assert!(stranger.closed_by_server(), "closed at once, not waiting for 200 KiB");
    hss.stop();
}
