//! The whole Subscription-Data in the ULA, the subscriber's status and options with effect
//! (disabled, ODB, access restriction, roaming profiles), GERAN triplets, and what a NOR
//! carries being stored: over TCP, playing an MME.

mod support;

use std::net::{IpAddr, Ipv4Addr};

use codec::ResultCode;
use codec::build::s6a::{AirBody, NorBody, Tbcd, UlrBody, air, nor, ulr};
use codec::code::experimental;
use codec::dict::{ietf, s6a, tgpp};
use codec::view::AnswerResult;
use codec::view::s6a::{
    HomeAgentHost, Mip6AgentInfo, RatType, RequestedAuthInfo, UlrFlags, error_diagnostic,
};
use store::auc::{Milenage, PlmnId, geran_triplet};
use store::{
    PgwIdentity, RoamingProfile, RoamingRule, Store, Subscriber, SubscriberStatus,
    access_restriction, odb,
};
use support::*;
use testkit::tshark::Transcript;

const IMSI: &str = "001010000000007";

/// Provisions [`IMSI`] with the test APN, then lets `change` edit the profile.
fn provision_with(store: &Store, change: impl FnOnce(&mut Subscriber)) {
    let spec = SubSpec { msisdn: Some("491700000007".into()), ..SubSpec::new(IMSI) };
    provision(store, &spec);
    store
        .modify_subscriber(spec.imsi, |s| {
            change(s);
            Ok(())
        })
        .expect("options");
}

fn visited() -> PlmnId {
    PlmnId::from_mcc_mnc("262", "01").expect("valid")
}

/// The ULR over `rat` from `plmn`, recorded in `t`; the ULA.
fn ulr_from(t: &mut Transcript, mme: &mut Mme, plmn: &PlmnId, rat: RatType) -> Vec<u8> {
    let body = UlrBody {
        rat_type: rat,
        ulr_flags: UlrFlags::S6A_S6D_INDICATOR,
        ..UlrBody::eutran(IMSI, *plmn.as_bytes())
    };
    let req = mme.request_with(|buf, ids, session, origin, dest| {
        ulr(buf, ids, session, origin, dest, &body);
    });
    t.call(mme, "ULR", &req)
}

/// The AIR for one E-UTRAN vector from `plmn`, recorded in `t`; the AIA.
fn air_from(t: &mut Transcript, mme: &mut Mme, plmn: &PlmnId) -> Vec<u8> {
    let req = mme.air_bytes(IMSI, 1, plmn, None);
    t.call(mme, "AIR", &req)
}

fn diagnostic(answer: &[u8]) -> Option<u32> {
    top(&msg(answer), &s6a::ERROR_DIAGNOSTIC).map(|a| u32_of(Some(a)))
}

#[test]
fn ula_carries_every_provisioned_part_of_the_subscription() {
    let hss = Hss::start(1);
    let store = hss.store();
    ensure_apn_profile(store, &apn_profile(APN_ID, APN_NAME));
    store
        .modify_apn_profile(apn_id(APN_ID), |p| {
            p.options.charging_characteristics = Some("0400".into());
            p.options.vplmn_dynamic_address_allowed = Some(true);
            p.options.pgw = Some(PgwIdentity {
                address: Some(IpAddr::V4(Ipv4Addr::new(10, 9, 9, 9))),
                host: Some("pgw1.epc.test".into()),
                realm: Some("epc.test".into()),
            });
            Ok(())
        })
        .expect("APN options");
    provision_with(store, |s| {
        s.status = SubscriberStatus::OperatorDeterminedBarring;
        let o = &mut s.options;
        o.operator_determined_barring = 1 << 3;
        o.hplmn_odb = 1;
        o.access_restriction_data = access_restriction::UTRAN | access_restriction::GERAN;
        o.periodic_tau_timer = Some(3240);
        o.apn_oi_replacement = Some("mnc001.mcc001.gprs".into());
        o.charging_characteristics = Some("0800".into());
        o.stn_sr = Some(store::Msisdn::parse("4917200099").expect("valid"));
        o.ics_indicator = Some(true);
        o.a_msisdn = Some(store::Msisdn::parse("4917200011").expect("valid"));
        o.ue_usage_type = Some(7);
    });
    let mut mme = hss.mme("mme1.test");
    let mut t = Transcript::new();
    let ula = ulr_from(&mut t, &mut mme, &home_plmn(), RatType::EUTRAN);
    assert_eq!(result(&ula), AnswerResult::Result(ResultCode::SUCCESS));
    let m = msg(&ula);
    let data = top(&m, &s6a::SUBSCRIPTION_DATA).expect("Subscription-Data");
    assert_eq!(u32_of(child(&data, &s6a::SUBSCRIBER_STATUS)), 1, "OPERATOR_DETERMINED_BARRING");
    assert_eq!(u32_of(child(&data, &s6a::OPERATOR_DETERMINED_BARRING)), 1 << 3);
    assert_eq!(u32_of(child(&data, &s6a::HPLMN_ODB)), 1);
    assert_eq!(u32_of(child(&data, &s6a::ACCESS_RESTRICTION_DATA)), 0b11);
    assert_eq!(u32_of(child(&data, &s6a::SUBSCRIBED_PERIODIC_RAU_TAU_TIMER)), 3240);
    assert_eq!(text(child(&data, &s6a::APN_OI_REPLACEMENT)), "mnc001.mcc001.gprs");
    assert_eq!(text(child(&data, &tgpp::TGPP_CHARGING_CHARACTERISTICS)), "0800");
    let stn = child(&data, &s6a::STN_SR).expect("STN-SR").data;
    assert_eq!(stn, Tbcd::encode("4917200099").expect("digits").as_bytes());
    let a_msisdn = child(&data, &s6a::A_MSISDN).expect("A-MSISDN").data;
    assert_eq!(a_msisdn, Tbcd::encode("4917200011").expect("digits").as_bytes());
    assert_eq!(u32_of(child(&data, &s6a::ICS_INDICATOR)), 1);
    assert_eq!(u32_of(child(&data, &s6a::UE_USAGE_TYPE)), 7);
    let profile = child(&data, &s6a::APN_CONFIGURATION_PROFILE).expect("APN profile");
    let apn = children(&profile, &s6a::APN_CONFIGURATION).remove(0);
    assert_eq!(text(child(&apn, &tgpp::TGPP_CHARGING_CHARACTERISTICS)), "0400");
    assert_eq!(u32_of(child(&apn, &s6a::VPLMN_DYNAMIC_ADDRESS_ALLOWED)), 1, "ALLOWED");
    assert_eq!(u32_of(child(&apn, &s6a::PDN_GW_ALLOCATION_TYPE)), 0, "STATIC");
    let mip = child(&apn, &ietf::MIP6_AGENT_INFO).expect("MIP6-Agent-Info");
    let mip = Mip6AgentInfo::parse(&mip).expect("parses");
    assert_eq!(mip.home_agent_addresses[0], Some(IpAddr::V4(Ipv4Addr::new(10, 9, 9, 9))));
    assert_eq!(
        mip.home_agent_host,
        Some(HomeAgentHost { host: "pgw1.epc.test", realm: "epc.test" })
    );
    t.referee().assert_clean();
    hss.stop();
}

#[test]
fn a_disabled_subscriber_gets_5420_to_air_and_ulr() {
    let hss = Hss::start(1);
    provision_with(hss.store(), |s| s.options.disabled = true);
    let mut mme = hss.mme("mme1.test");
    let mut t = Transcript::new();
    let aia = air_from(&mut t, &mut mme, &home_plmn());
    assert_eq!(result(&aia), experimental(experimental::ERROR_UNKNOWN_EPS_SUBSCRIPTION));
    assert!(top(&msg(&aia), &s6a::AUTHENTICATION_INFO).is_none(), "no vectors");
    let ula = ulr_from(&mut t, &mut mme, &home_plmn(), RatType::EUTRAN);
    assert_eq!(result(&ula), experimental(experimental::ERROR_UNKNOWN_EPS_SUBSCRIPTION));
    assert_eq!(diagnostic(&ula), Some(error_diagnostic::NO_GPRS_DATA_SUBSCRIBED));
    assert!(hss.store().serving_node(store_imsi().key(), store::NodeKind::Mme).unwrap().is_none());
    // Enabled again: served.
    set(hss.store(), |s| s.options.disabled = false);
    assert_eq!(result(&mme.ulr(IMSI)), AnswerResult::Result(ResultCode::SUCCESS));
    t.referee().assert_clean();
    hss.stop();
}

/// Edits the provisioned subscriber.
fn set(store: &Store, change: impl FnOnce(&mut Subscriber)) {
    let edit = |s: &mut Subscriber| {
        change(s);
        Ok(())
    };
    store.modify_subscriber(store_imsi(), edit).expect("modified");
}

fn store_imsi() -> store::Imsi {
    store::Imsi::parse(IMSI).expect("valid")
}

#[test]
fn odb_bars_roaming_with_its_error_diagnostic_and_not_at_home() {
    let hss = Hss::start(1);
    provision_with(hss.store(), |s| {
        s.status = SubscriberStatus::OperatorDeterminedBarring;
        s.options.operator_determined_barring = odb::ROAMER_ACCESS_HPLMN_AP;
    });
    let mut mme = hss.mme("mme1.test");
    let mut t = Transcript::new();
    let ula = ulr_from(&mut t, &mut mme, &visited(), RatType::EUTRAN);
    assert_eq!(result(&ula), experimental(experimental::ERROR_ROAMING_NOT_ALLOWED));
    assert_eq!(diagnostic(&ula), Some(error_diagnostic::ODB_HPLMN_APN));
    let aia = air_from(&mut t, &mut mme, &visited());
    assert_eq!(result(&aia), experimental(experimental::ERROR_ROAMING_NOT_ALLOWED));
    assert_eq!(diagnostic(&aia), Some(error_diagnostic::ODB_HPLMN_APN));
    // At home the barring is the MME's to apply: served, with the ODB in the ULA.
    let ula_home = ulr_from(&mut t, &mut mme, &home_plmn(), RatType::EUTRAN);
    assert_eq!(result(&ula_home), AnswerResult::Result(ResultCode::SUCCESS));
    set(hss.store(), |s| s.options.operator_determined_barring = odb::ALL_PACKET_ORIENTED_SERVICES);
    let ula = ulr_from(&mut t, &mut mme, &visited(), RatType::EUTRAN);
    assert_eq!(diagnostic(&ula), Some(error_diagnostic::ODB_ALL_APN));
    t.referee().assert_clean();
    hss.stop();
}

#[test]
fn a_roaming_profile_decides_per_visited_plmn_and_its_changes_apply_at_once() {
    let hss = Hss::start(1);
    let store = hss.store();
    let profile = RoamingProfile {
        id: 0,
        name: "partners".into(),
        default_data: false,
        default_ims: false,
        rules: vec![RoamingRule { mcc: "262".into(), mnc: "01".into(), data: true, ims: false }],
    };
    let id = store.create_roaming_profile(&profile).expect("profile");
    // roaming_allowed false: the profile overrides it.
    provision_with(store, |s| {
        s.roaming_allowed = false;
        s.options.roaming_profile = Some(id);
    });
    let mut mme = hss.mme("mme1.test");
    let mut t = Transcript::new();
    assert_eq!(
        result(&ulr_from(&mut t, &mut mme, &visited(), RatType::EUTRAN)),
        AnswerResult::Result(ResultCode::SUCCESS)
    );
    let elsewhere = PlmnId::from_mcc_mnc("208", "10").expect("valid");
    let ula = ulr_from(&mut t, &mut mme, &elsewhere, RatType::EUTRAN);
    assert_eq!(result(&ula), experimental(experimental::ERROR_ROAMING_NOT_ALLOWED));
    assert_eq!(diagnostic(&ula), None, "no ODB involved");
    let aia = air_from(&mut t, &mut mme, &elsewhere);
    assert_eq!(result(&aia), experimental(experimental::ERROR_ROAMING_NOT_ALLOWED));
    // Opening the default lets the subscriber in at once (no cache entry to drop).
    store.replace_roaming_profile(id, &RoamingProfile { default_data: true, ..profile }).unwrap();
    let ula = ulr_from(&mut t, &mut mme, &elsewhere, RatType::EUTRAN);
    assert_eq!(result(&ula), AnswerResult::Result(ResultCode::SUCCESS));
    // A deleted profile allows nothing.
    store.delete_roaming_profile(id).unwrap();
    let ula = ulr_from(&mut t, &mut mme, &visited(), RatType::EUTRAN);
    assert_eq!(result(&ula), experimental(experimental::ERROR_ROAMING_NOT_ALLOWED));
    hss.stop();
}

#[test]
fn access_restriction_refuses_a_barred_rat_with_5421() {
    let hss = Hss::start(1);
    provision_with(hss.store(), |s| {
        s.options.access_restriction_data = access_restriction::E_UTRAN;
    });
    let mut mme = hss.mme("mme1.test");
    let mut t = Transcript::new();
    let ula = ulr_from(&mut t, &mut mme, &home_plmn(), RatType::EUTRAN);
    assert_eq!(result(&ula), experimental(experimental::ERROR_RAT_NOT_ALLOWED));
    let ula_utran = ulr_from(&mut t, &mut mme, &home_plmn(), RatType::UTRAN);
    assert_eq!(result(&ula_utran), AnswerResult::Result(ResultCode::SUCCESS));
    t.referee().assert_clean();
    hss.stop();
}

#[test]
fn an_sgsn_serving_on_geran_gets_triplets_and_utran_gets_quintuplets() {
    let hss = Hss::start(1);
    provision_with(hss.store(), |_| {});
    let mut sgsn = hss.mme("sgsn1.test");
    let mut t = Transcript::new();
    let air_utran_geran = |t: &mut Transcript, sgsn: &mut Mme| {
        let body = AirBody {
            imsi: IMSI,
            visited_plmn_id: *home_plmn().as_bytes(),
            utran_geran: Some(RequestedAuthInfo {
                number_of_requested_vectors: Some(2),
                immediate_response_preferred: false,
                resync: None,
            }),
            ..AirBody::default()
        };
        let req = sgsn.request_with(|buf, ids, session, origin, dest| {
            air(buf, ids, session, origin, dest, &body);
        });
        t.call(sgsn, "AIR", &req)
    };
    // Registered over UTRAN: quintuplets.
    assert_eq!(
        result(&ulr_from(&mut t, &mut sgsn, &home_plmn(), RatType::UTRAN)),
        AnswerResult::Result(ResultCode::SUCCESS)
    );
    let aia = air_utran_geran(&mut t, &mut sgsn);
    let info = top(&msg(&aia), &s6a::AUTHENTICATION_INFO).expect("Authentication-Info");
    assert_eq!(children(&info, &s6a::UTRAN_VECTOR).len(), 2);
    assert!(children(&info, &s6a::GERAN_VECTOR).is_empty());
    // Registered over GERAN: triplets, which the test recomputes from K/OPc and each RAND.
    assert_eq!(
        result(&ulr_from(&mut t, &mut sgsn, &home_plmn(), RatType::GERAN)),
        AnswerResult::Result(ResultCode::SUCCESS)
    );
    let aia = air_utran_geran(&mut t, &mut sgsn);
    let info = top(&msg(&aia), &s6a::AUTHENTICATION_INFO).expect("Authentication-Info");
    assert!(children(&info, &s6a::UTRAN_VECTOR).is_empty());
    let triplets = children(&info, &s6a::GERAN_VECTOR);
    assert_eq!(triplets.len(), 2);
    let milenage = Milenage::new(&K, &OPC);
    for t in &triplets {
        let rand: [u8; 16] = child(t, &s6a::RAND).expect("RAND").data.try_into().expect("16");
        let expected = geran_triplet(&milenage, &rand);
        assert_eq!(child(t, &s6a::SRES).expect("SRES").data, expected.sres);
        assert_eq!(child(t, &s6a::KC).expect("Kc").data, expected.kc);
    }
    // Another node asking (not the one registered on GERAN) gets quintuplets.
    let mut other = hss.mme("sgsn2.test");
    let aia_other = air_utran_geran(&mut t, &mut other);
    let info = top(&msg(&aia_other), &s6a::AUTHENTICATION_INFO).expect("Authentication-Info");
    assert_eq!(children(&info, &s6a::UTRAN_VECTOR).len(), 2);
    t.referee().assert_clean();
    hss.stop();
}

#[test]
fn nor_stores_the_pdn_gw_and_the_ue_capabilities() {
    let hss = Hss::start(1);
    provision_with(hss.store(), |_| {});
    let mut mme = hss.mme("mme1.test");
    let body = NorBody {
        imsi: IMSI,
        mip6_agent_info: Some(Mip6AgentInfo {
            home_agent_addresses: [Some(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1))), None],
            home_agent_host: Some(HomeAgentHost { host: "pgw7.epc.test", realm: "epc.test" }),
        }),
        context_identifier: Some(APN_ID),
        service_selection: Some(APN_NAME),
        ue_srvcc_capability: Some(1),
        ..NorBody::default()
    };
    let req = mme.request_with(|buf, ids, session, origin, dest| {
        nor(buf, ids, session, origin, dest, &body);
    });
    let mut t = Transcript::new();
    let noa = t.call(&mut mme, "NOR", &req);
    assert_eq!(result(&noa), AnswerResult::Result(ResultCode::SUCCESS));
    let state = hss.store().notify_state(store_imsi().key()).expect("read");
    assert_eq!(state.pdn_gws.len(), 1);
    let gw = &state.pdn_gws[0];
    assert_eq!(gw.apn.as_deref(), Some(APN_NAME));
    assert_eq!(gw.addresses, vec![IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1))]);
    assert_eq!(gw.host.as_deref(), Some("pgw7.epc.test"));
    assert_eq!(state.ue_srvcc_capability, Some(1));
    assert_eq!(state.reported_by.as_deref(), Some("mme1.test"));
    // Unknown subscriber: 5001, nothing stored.
    let req = mme.nor_bytes("001010000000999");
    assert_eq!(result(&mme.call(&req)), experimental(experimental::ERROR_USER_UNKNOWN));
    t.referee().assert_clean();
    hss.stop();
}
