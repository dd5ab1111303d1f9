//! ULR, PUR and NOR end to end, and the Cancel-Location a ULR from a new MME sends to the old
//! one over the peer registry.

mod support;

use std::net::Ipv4Addr;
use std::time::Duration;

use codec::build::s6a::Tbcd;
use codec::code::experimental;
use codec::dict::{base as b, ietf, s6a, sh, tgpp};
use codec::view::AnswerResult;
use codec::view::s6a::UlrFlags;
use codec::{ApplicationId, ResultCode};
use engine::outbound::OutboundKind::CancelLocation;
use store::{Imsi, NodeKind};
use support::*;

const IMSI: &str = "001010000000001";
const MSISDN: &str = "491701234567";

fn imsi() -> Imsi {
    Imsi::parse(IMSI).unwrap()
}

#[test]
fn ula_carries_the_subscription_data() {
    let hss = Hss::start(1);
    let spec = SubSpec {
        msisdn: Some(MSISDN.into()),
        static_ipv4: Some(Ipv4Addr::new(10, 1, 2, 3)),
        ..SubSpec::new(IMSI)
    };
    provision(hss.store(), &spec);
    let mut mme = hss.mme("mme1.test");
    let ula = mme.ulr(IMSI);
    assert_eq!(command_code(&ula), 316);
    assert_eq!(result(&ula), AnswerResult::Result(ResultCode::SUCCESS));
    let m = msg(&ula);
    assert_eq!(u32_of(top(&m, &s6a::ULA_FLAGS)), 1, "Separation-Indication");
    let data = top(&m, &s6a::SUBSCRIPTION_DATA).expect("Subscription-Data");
    let msisdn = child(&data, &sh::MSISDN).expect("MSISDN").data;
    assert_eq!(msisdn, Tbcd::encode(MSISDN).unwrap().as_bytes());
    assert_eq!(u32_of(child(&data, &s6a::SUBSCRIBER_STATUS)), 0, "SERVICE_GRANTED");
    assert_eq!(u32_of(child(&data, &s6a::NETWORK_ACCESS_MODE)), 2, "ONLY_PACKET");
    let ambr = child(&data, &s6a::AMBR).expect("UE-AMBR");
    assert_eq!(u32_of(child(&ambr, &tgpp::MAX_REQUESTED_BANDWIDTH_UL)), 20_000_000);
    assert_eq!(u32_of(child(&ambr, &tgpp::MAX_REQUESTED_BANDWIDTH_DL)), 40_000_000);
    let profile = child(&data, &s6a::APN_CONFIGURATION_PROFILE).expect("APN profile");
    assert_eq!(u32_of(child(&profile, &s6a::CONTEXT_IDENTIFIER)), APN_ID);
    let apns = children(&profile, &s6a::APN_CONFIGURATION);
    assert_eq!(apns.len(), 1);
    let apn = &apns[0];
    assert_eq!(u32_of(child(apn, &s6a::CONTEXT_IDENTIFIER)), APN_ID);
    assert_eq!(text(child(apn, &ietf::SERVICE_SELECTION)), APN_NAME);
    assert_eq!(u32_of(child(apn, &s6a::PDN_TYPE)), 2, "IPv4v6");
    let qos = child(apn, &s6a::EPS_SUBSCRIBED_QOS_PROFILE).expect("QoS");
    assert_eq!(u32_of(child(&qos, &tgpp::QOS_CLASS_IDENTIFIER)), u32::from(APN_QCI));
    let arp = child(&qos, &tgpp::ALLOCATION_RETENTION_PRIORITY).expect("ARP");
    assert_eq!(u32_of(child(&arp, &tgpp::PRIORITY_LEVEL)), u32::from(APN_PRIORITY));
    let apn_ambr = child(apn, &s6a::AMBR).expect("APN-AMBR");
    assert_eq!(u32_of(child(&apn_ambr, &tgpp::MAX_REQUESTED_BANDWIDTH_UL)), 50_000_000);
    assert_eq!(u32_of(child(&apn_ambr, &tgpp::MAX_REQUESTED_BANDWIDTH_DL)), 100_000_000);
    let ips = children(apn, &tgpp::SERVED_PARTY_IP_ADDRESS);
    assert_eq!(ips.len(), 1);
    assert_eq!(ips[0].data, [0, 1, 10, 1, 2, 3], "the static IPv4 address");
    // The serving MME is recorded.
    let serving =
        hss.store().serving_node(imsi().key(), NodeKind::Mme).unwrap().expect("serving MME");
    assert_eq!((serving.host.as_str(), serving.realm.as_str()), ("mme1.test", MME_REALM));
    hss.stop();
}

#[test]
fn ula_without_msisdn_or_static_address_omits_them_and_skip_subscriber_data_is_honoured() {
    let hss = Hss::start(1);
    provision(hss.store(), &SubSpec::new(IMSI));
    let mut mme = hss.mme("mme1.test");
    let ula = mme.ulr(IMSI);
    let m = msg(&ula);
    let data = top(&m, &s6a::SUBSCRIPTION_DATA).expect("Subscription-Data");
    assert!(child(&data, &sh::MSISDN).is_none());
    let profile = child(&data, &s6a::APN_CONFIGURATION_PROFILE).expect("APN profile");
    let apn = children(&profile, &s6a::APN_CONFIGURATION).remove(0);
    assert!(child(&apn, &tgpp::SERVED_PARTY_IP_ADDRESS).is_none());

    let req = mme.ulr_bytes(IMSI, UlrFlags::S6A_S6D_INDICATOR | UlrFlags::SKIP_SUBSCRIBER_DATA);
    let ula = mme.call(&req);
    assert_eq!(result(&ula), AnswerResult::Result(ResultCode::SUCCESS));
    assert!(top(&msg(&ula), &s6a::SUBSCRIPTION_DATA).is_none());
    hss.stop();
}

#[test]
fn ulr_for_an_unknown_imsi_gets_5001() {
    let hss = Hss::start(1);
    let mut mme = hss.mme("mme1.test");
    let ula = mme.ulr(IMSI);
    assert_eq!(result(&ula), experimental(experimental::ERROR_USER_UNKNOWN));
    assert!(top(&msg(&ula), &s6a::SUBSCRIPTION_DATA).is_none());
    hss.stop();
}

#[test]
fn ulr_from_a_new_mme_sends_clr_to_the_old_one_and_matches_its_cla() {
    // Two shards: the two MMEs may well sit on different shards, which the route handles.
    let hss = Hss::start(2);
    provision(hss.store(), &SubSpec::new(IMSI));
    let mut mme_a = hss.mme("mme-a.test");
    let mut mme_b = hss.mme("MME-B.test");
    assert_eq!(result(&mme_a.ulr(IMSI)), AnswerResult::Result(ResultCode::SUCCESS));
    // The same MME again: nothing to cancel.
    assert_eq!(result(&mme_a.ulr(IMSI)), AnswerResult::Result(ResultCode::SUCCESS));
    assert_eq!(hss.engine.stats().outbound[CancelLocation].requested, 0);

    assert_eq!(result(&mme_b.ulr(IMSI)), AnswerResult::Result(ResultCode::SUCCESS));
    let clr = mme_a.next_request();
    assert_eq!(command_code(&clr), 317, "Cancel-Location-Request");
    let m = msg(&clr);
    assert_eq!(m.header.application, ApplicationId::S6A);
    assert!(m.header.flags.is_proxiable());
    assert_eq!(text(top(&m, &b::USER_NAME)), IMSI);
    assert_eq!(u32_of(top(&m, &s6a::CANCELLATION_TYPE)), 0, "MME_UPDATE_PROCEDURE");
    assert_eq!(u32_of(top(&m, &s6a::CLR_FLAGS)), 1, "S6a/S6d-Indicator");
    assert_eq!(text(top(&m, &b::DESTINATION_HOST)), "mme-a.test");
    assert_eq!(text(top(&m, &b::DESTINATION_REALM)), MME_REALM);
    assert_eq!(text(top(&m, &b::ORIGIN_HOST)), hss.origin_host());
    assert_eq!(u32_of(top(&m, &b::AUTH_SESSION_STATE)), 1);
    let session = text(top(&m, &b::SESSION_ID));
    assert!(session.starts_with(&format!("{};", hss.origin_host())), "{session}");
    assert!(session.ends_with(";clr"), "{session}");
    let stats = hss.engine.stats().outbound[CancelLocation];
    assert_eq!((stats.requested, stats.sent, stats.not_connected), (1, 1, 0));

    let answer = mme_a.cla_bytes(&clr);
    mme_a.send(&answer);
    assert!(wait_until(Duration::from_secs(5), || hss.engine.stats().outbound[CancelLocation]
        .answered
        == 1));
    // The same CLA again matches nothing any more; it is counted, never answered.
    mme_a.send(&answer);
    assert!(wait_until(Duration::from_secs(5), || hss.engine.stats().outbound.unmatched == 1));
    let stats = hss.engine.stats().outbound[CancelLocation];
    assert_eq!((stats.failed, stats.missing), (0, 0));
    // Both connections still work.
    let dwr = mme_a.dwr_bytes();
    assert_eq!(result(&mme_a.call(&dwr)), AnswerResult::Result(ResultCode::SUCCESS));
    assert!(mme_a.inbox.is_empty(), "nothing else was sent to the old MME");
    let serving =
        hss.store().serving_node(imsi().key(), NodeKind::Mme).unwrap().expect("serving MME");
    assert_eq!(serving.host, "MME-B.test");

    // And back: a ULR from A cancels B (registered as "MME-B.test", looked up ignoring case).
    assert_eq!(result(&mme_a.ulr(IMSI)), AnswerResult::Result(ResultCode::SUCCESS));
    let clr = mme_b.next_request();
    assert_eq!(command_code(&clr), 317);
    assert_eq!(text(top(&msg(&clr), &b::DESTINATION_HOST)), "MME-B.test");
    hss.stop();
}

#[test]
fn an_old_mme_that_is_not_connected_is_skipped() {
    let hss = Hss::start(1);
    provision(hss.store(), &SubSpec::new(IMSI));
    let mut mme_a = hss.mme("mme-a.test");
    assert_eq!(result(&mme_a.ulr(IMSI)), AnswerResult::Result(ResultCode::SUCCESS));
    drop(mme_a);
    assert!(wait_until(Duration::from_secs(5), || hss.engine.peers().is_empty()));
    let mut mme_b = hss.mme("mme-b.test");
    assert_eq!(result(&mme_b.ulr(IMSI)), AnswerResult::Result(ResultCode::SUCCESS));
    let stats = hss.engine.stats().outbound[CancelLocation];
    assert_eq!((stats.requested, stats.not_connected, stats.sent), (1, 1, 0));
    hss.stop();
}

#[test]
fn pur_from_the_serving_mme_clears_it_and_others_change_nothing() {
    let hss = Hss::start(1);
    provision(hss.store(), &SubSpec::new(IMSI));
    let mut mme_a = hss.mme("mme-a.test");
    let mut mme_b = hss.mme("mme-b.test");
    assert_eq!(result(&mme_a.ulr(IMSI)), AnswerResult::Result(ResultCode::SUCCESS));

    // B never served the subscriber: its purge must not erase A's registration.
    let pua = mme_b.pur(IMSI);
    assert_eq!(result(&pua), AnswerResult::Result(ResultCode::SUCCESS));
    assert!(hss.store().serving_node(imsi().key(), NodeKind::Mme).unwrap().is_some());

    let pua = mme_a.pur(IMSI);
    assert_eq!(command_code(&pua), 321);
    assert_eq!(result(&pua), AnswerResult::Result(ResultCode::SUCCESS));
    assert_eq!(u32_of(top(&msg(&pua), &s6a::PUA_FLAGS)), 1, "freeze M-TMSI");
    assert!(hss.store().serving_node(imsi().key(), NodeKind::Mme).unwrap().is_none());

    let pua = mme_a.pur("001010000000999");
    assert_eq!(result(&pua), experimental(experimental::ERROR_USER_UNKNOWN));
    hss.stop();
}

#[test]
fn nor_is_acknowledged() {
    let hss = Hss::start(1);
    provision(hss.store(), &SubSpec::new(IMSI));
    let mut mme = hss.mme("mme1.test");
    let req = mme.nor_bytes(IMSI);
    let noa = mme.call(&req);
    assert_eq!(command_code(&noa), 323);
    assert_eq!(result(&noa), AnswerResult::Result(ResultCode::SUCCESS));
    hss.stop();
}

#[test]
fn the_last_air_and_ulr_are_noted_with_the_visited_plmn() {
    let hss = Hss::start(1);
    provision(hss.store(), &SubSpec::new(IMSI));
    let key = imsi().key();
    assert_eq!(hss.store().last_seen(key), None, "not cached yet");
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as u64;
    let mut mme = hss.mme("mme1.test");
    assert_eq!(result(&mme.air(IMSI, 1)), AnswerResult::Result(ResultCode::SUCCESS));
    let seen = hss.store().last_seen(key).expect("cached by the AIR");
    let air = seen.air.expect("AIR noted");
    assert!(air + 1000 >= before, "{air} vs {before}");
    assert_eq!((seen.ulr, seen.cx_mar, seen.swx_mar), (None, None, None));
    assert_eq!(seen.visited_plmn, Some(*testkit::plmn::home_plmn().as_bytes()));
    assert_eq!(result(&mme.ulr(IMSI)), AnswerResult::Result(ResultCode::SUCCESS));
    let seen = hss.store().last_seen(key).expect("cached");
    assert!(seen.ulr.is_some_and(|t| t >= air), "{seen:?}");

    // The same over REST, with the MME's registration from the store.
    let config = api::ApiConfig {
        addr: Some("127.0.0.1:0".parse().expect("address")),
        workers: 1,
        ..Default::default()
    };
    let rest = api::ApiServer::start(hss.store().clone(), None, &config).expect("API starts");
    let client = api::client::Client::new(rest.local_addr());
    let r = client.get(&format!("/subscribers/{IMSI}/last-seen")).expect("answer");
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.body["cached"], true);
    assert_eq!(r.body["last_air"].as_u64(), Some(air));
    assert_eq!(r.body["last_ulr"].as_u64(), seen.ulr);
    assert_eq!(r.body["visited_plmn"], "00101");
    assert_eq!(r.body["mme"]["host"], "mme1.test");
    assert!(r.body["last_cx_mar"].is_null());
    let r = client.get("/subscribers/001010000000999/last-seen").expect("answer");
    assert_eq!(r.status, 404);
    drop(rest);
    hss.stop();
}
