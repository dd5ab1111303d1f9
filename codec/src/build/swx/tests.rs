//! SWx builders decoded back through the views (requests) or the raw AVPs (answers, RTR, PPR).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use bytes::BytesMut;

use super::*;
use crate::build::cx::test_support::{
    HSS, IDS, PEER, SID, TO_HSS, TO_PEER, all, assert_bad_length, assert_missing, check_answer,
    check_request, check_samples, child, rewrite, top, valid, with_value, without,
};
use crate::build::s6a::{AllocationRetentionPriority, EpsSubscribedQos};
use crate::code::{ResultCode, VendorId, experimental};
use crate::dict::cx;
use crate::view::AnswerResult;
use crate::view::cx::{AkaResync, ReasonCode, ServerAssignmentType};
use crate::view::s6a::{Mip6AgentInfo, PdnGwAllocationType, PdnType, PreEmptionCapability};
use crate::view::swx::*;

const NAI: &str = "001010123456789@nai.epc.mnc001.mcc001.3gppnetwork.org";

fn build(f: impl FnOnce(&mut BytesMut) -> usize) -> Vec<u8> {
    let mut buf = BytesMut::new();
    let n = f(&mut buf);
    assert_eq!(n, buf.len());
    buf.to_vec()
}

fn mar_body() -> SwxMarBody<'static> {
    SwxMarBody {
        user_name: NAI,
        sip_number_auth_items: 2,
        scheme: AuthScheme::EapAkaPrime,
        resync: Some(AkaResync { rand: [0x11; 16], auts: [0x22; 14] }),
        rat_type: Some(RatType::WLAN),
        an_trusted: Some(AnTrusted::TRUSTED),
        anid: Some("WLAN"),
        visited_network_identifier: Some(b"mnc002.mcc001.3gppnetwork.org"),
        terminal_information: Some(TerminalInformation {
            imei: Some("3569380356438"),
            software_version: Some("07"),
            meid: Some(b"\x01\x02"),
        }),
        aaa_failure_indication: Some(AAA_FAILURE),
    }
}

#[test]
fn mar_round_trips_every_field() {
    let body = mar_body();
    let bytes = build(|b| mar(b, IDS, SID, &PEER, &TO_HSS, &body));
    let req = valid(&bytes);
    check_request(&req, &PEER, &TO_HSS);
    let v = SwxMarView::parse(&req).unwrap();
    assert_eq!(v.user_name, NAI);
    assert_eq!(v.sip_number_auth_items, 2);
    assert_eq!(v.auth_data.scheme, AuthScheme::EapAkaPrime);
    assert_eq!(v.auth_data.resync, body.resync);
    assert_eq!((v.rat_type, v.an_trusted, v.anid), (body.rat_type, body.an_trusted, body.anid));
    assert_eq!(v.visited_network_identifier, body.visited_network_identifier);
    assert_eq!(v.terminal_information, body.terminal_information);
    assert_eq!(v.aaa_failure_indication, AAA_FAILURE);

    let plain = SwxMarBody {
        scheme: AuthScheme::EapAka,
        resync: None,
        rat_type: None,
        an_trusted: None,
        anid: None,
        visited_network_identifier: None,
        terminal_information: None,
        aaa_failure_indication: None,
        ..body
    };
    let bytes = build(|b| mar(b, IDS, SID, &PEER, &TO_HSS, &plain));
    let v = SwxMarView::parse(&valid(&bytes)).unwrap();
    assert_eq!(v.auth_data.scheme, AuthScheme::EapAka);
    assert_eq!((v.auth_data.resync, v.rat_type, v.anid), (None, None, None));
    assert_eq!((v.terminal_information, v.aaa_failure_indication), (None, 0));
}

#[test]
fn mar_malformed() {
    let bytes = build(|b| mar(b, IDS, SID, &PEER, &TO_HSS, &mar_body()));
    let parse = |b: &[u8]| SwxMarView::parse(&crate::Message::parse(b).unwrap()).unwrap_err();
    assert_missing(parse(&without(&bytes, &b::USER_NAME)), &b::USER_NAME);
    assert_missing(parse(&without(&bytes, &cx::SIP_AUTH_DATA_ITEM)), &cx::SIP_AUTH_DATA_ITEM);
    assert_missing(parse(&without(&bytes, &cx::SIP_NUMBER_AUTH_ITEMS)), &cx::SIP_NUMBER_AUTH_ITEMS);
    assert_bad_length(parse(&with_value(&bytes, &tgpp::RAT_TYPE, &[0; 8])));
    let long_auts = rewrite(&bytes, |a, w| {
        let hit = a.is(cx::SIP_AUTH_DATA_ITEM.code, VendorId::TGPP);
        if hit {
            w.group(&cx::SIP_AUTH_DATA_ITEM, |g| {
                g.utf8(&cx::SIP_AUTHENTICATION_SCHEME, "EAP-AKA'");
                g.octets(&cx::SIP_AUTHORIZATION, &[0; 31]);
            });
        }
        hit
    });
    assert_bad_length(parse(&long_auts));
}

#[test]
fn maa_carries_eap_aka_prime_vectors() {
    let req_bytes = build(|b| mar(b, IDS, SID, &PEER, &TO_HSS, &mar_body()));
    let req = valid(&req_bytes);
    let (rand, autn, ckp, ikp) = ([1u8; 16], [2u8; 16], [3u8; 16], [4u8; 16]);
    let (rand2, autn2) = ([5u8; 16], [6u8; 16]);
    let items = [
        EapAkaItem { rand: &rand, autn: &autn, xres: &[9; 8], ck: &ckp, ik: &ikp },
        EapAkaItem { rand: &rand2, autn: &autn2, xres: &[8; 4], ck: &ckp, ik: &ikp },
    ];
    let body = SwxMaaBody {
        user_name: NAI,
        scheme: AuthScheme::EapAkaPrime,
        items: &items,
        aaa_server_name: Some("aaa2.example.org"),
    };
    let out = build(|b| maa(b, &req, &HSS, Outcome::Success, &body));
    let ans = valid(&out);
    check_answer(&ans, &req, &HSS);
    assert_eq!(top(&ans, &b::USER_NAME).utf8().unwrap(), NAI);
    assert_eq!(top(&ans, &cx::SIP_NUMBER_AUTH_ITEMS).u32().unwrap(), 2);
    assert_eq!(top(&ans, &swx::TGPP_AAA_SERVER_NAME).utf8().unwrap(), "aaa2.example.org");
    let got = all(&ans, &cx::SIP_AUTH_DATA_ITEM);
    assert_eq!(got.len(), 2);
    for (n, (avp, item)) in got.iter().zip(&items).enumerate() {
        assert_eq!(child(avp, &cx::SIP_ITEM_NUMBER).u32().unwrap(), n as u32 + 1);
        assert_eq!(child(avp, &cx::SIP_AUTHENTICATION_SCHEME).utf8().unwrap(), "EAP-AKA'");
        let challenge = [&item.rand[..], &item.autn[..]].concat();
        assert_eq!(child(avp, &cx::SIP_AUTHENTICATE).data, challenge);
        assert_eq!(child(avp, &cx::SIP_AUTHORIZATION).data, item.xres);
        assert_eq!(child(avp, &cx::CONFIDENTIALITY_KEY).data, item.ck);
        assert_eq!(child(avp, &cx::INTEGRITY_KEY).data, item.ik);
    }

    let outcome = Outcome::Experimental(experimental::ERROR_USER_UNKNOWN);
    let body = SwxMaaBody { items: &[], aaa_server_name: None, ..body };
    let out = build(|b| maa(b, &req, &HSS, outcome, &body));
    let ans = valid(&out);
    assert_eq!(top(&ans, &b::USER_NAME).utf8().unwrap(), NAI, "required even on error");
    assert!(all(&ans, &cx::SIP_NUMBER_AUTH_ITEMS).is_empty());
    assert!(all(&ans, &cx::SIP_AUTH_DATA_ITEM).is_empty());
}

fn mip_children() -> Vec<u8> {
    let mut buf = BytesMut::new();
    let mut w = AvpWriter::new(&mut buf);
    w.address(&ietf::MIP_HOME_AGENT_ADDRESS, IpAddr::V4(Ipv4Addr::new(192, 0, 2, 7)));
    buf.to_vec()
}

/// The PDN GW of [`mip_children`], as a [`Mip6AgentInfo`].
const PGW: Mip6AgentInfo<'static> = Mip6AgentInfo {
    home_agent_addresses: [Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 7))), None],
    home_agent_host: None,
};

#[test]
fn sar_round_trips_every_field() {
    let mip = mip_children();
    let apns = [
        ActiveApn {
            context_identifier: 1,
            service_selection: Some("internet"),
            mip6_agent_info: Some(PGW),
            visited_network_identifier: None,
        },
        ActiveApn {
            context_identifier: 2,
            service_selection: None,
            mip6_agent_info: None,
            visited_network_identifier: None,
        },
    ];
    let body = SwxSarBody {
        user_name: NAI,
        server_assignment_type: ServerAssignmentType::PGW_UPDATE,
        service_selection: Some("internet"),
        context_identifier: Some(1),
        mip6_agent_info: Some(&mip),
        visited_network_identifier: Some(b"visited"),
        active_apns: &apns,
        terminal_information: Some(TerminalInformation {
            imei: Some("1234"),
            software_version: None,
            meid: None,
        }),
        emergency_services: Some(EMERGENCY_INDICATION),
    };
    let bytes = build(|b| sar(b, IDS, SID, &PEER, &TO_HSS, &body));
    let req = valid(&bytes);
    let v = SwxSarView::parse(&req).unwrap();
    assert_eq!(v.user_name, NAI);
    assert_eq!(v.server_assignment_type, ServerAssignmentType::PGW_UPDATE);
    assert_eq!((v.service_selection, v.context_identifier), (Some("internet"), Some(1)));
    assert_eq!(v.mip6_agent_info.unwrap().data, &mip[..]);
    assert_eq!(v.visited_network_identifier, Some(&b"visited"[..]));
    assert_eq!(v.terminal_information, body.terminal_information);
    assert_eq!(v.emergency_services, EMERGENCY_INDICATION);
    let got: Vec<_> = v.active_apns().collect();
    assert_eq!(got.len(), 2);
    assert_eq!((got[0].context_identifier, got[0].service_selection), (1, Some("internet")));
    assert_eq!(got[0].mip6_agent_info, Some(PGW));
    let written = all(&req, &s6a::ACTIVE_APN);
    assert_eq!(child(&written[0], &ietf::MIP6_AGENT_INFO).data, &mip[..]);
    assert_eq!((got[1].context_identifier, got[1].service_selection), (2, None));

    let parse = |b: &[u8]| SwxSarView::parse(&crate::Message::parse(b).unwrap()).unwrap_err();
    let d = &cx::SERVER_ASSIGNMENT_TYPE;
    assert_missing(parse(&without(&bytes, d)), d);
    let no_ctx = rewrite(&bytes, |a, w| {
        let hit = a.is(s6a::ACTIVE_APN.code, VendorId::TGPP);
        if hit {
            w.group(&s6a::ACTIVE_APN, |g| g.utf8(&ietf::SERVICE_SELECTION, "ims"));
        }
        hit
    });
    assert_missing(parse(&no_ctx), &s6a::CONTEXT_IDENTIFIER);
}

#[test]
fn saa_carries_non_3gpp_user_data() {
    let body = SwxSarBody {
        user_name: NAI,
        server_assignment_type: ServerAssignmentType::REGISTRATION,
        service_selection: None,
        context_identifier: None,
        mip6_agent_info: None,
        visited_network_identifier: None,
        active_apns: &[],
        terminal_information: None,
        emergency_services: None,
    };
    let bytes = build(|b| sar(b, IDS, SID, &PEER, &TO_HSS, &body));
    let req = valid(&bytes);
    let v = SwxSarView::parse(&req).unwrap();
    assert_eq!((v.emergency_services, v.active_apns().count()), (0, 0));

    let mip = mip_children();
    let ips = [IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)), IpAddr::V6(Ipv6Addr::LOCALHOST)];
    let apn = ApnConfiguration {
        context_identifier: 7,
        service_selection: "internet",
        pdn_type: PdnType::IPV4V6,
        served_party_ip_addresses: &ips,
        eps_subscribed_qos_profile: Some(EpsSubscribedQos {
            qos_class_identifier: 9,
            allocation_retention_priority: AllocationRetentionPriority {
                priority_level: 8,
                pre_emption_capability: Some(PreEmptionCapability::DISABLED),
                pre_emption_vulnerability: None,
            },
        }),
        vplmn_dynamic_address_allowed: Some(true),
        mip6_agent_info: Some(PGW),
        pdn_gw_allocation_type: Some(PdnGwAllocationType::STATIC),
        charging_characteristics: Some("0800"),
        ambr: Some(Ambr { ul_bps: 1_000, dl_bps: 2_000 }),
    };
    let second = ApnConfiguration {
        context_identifier: 8,
        service_selection: "ims",
        eps_subscribed_qos_profile: None,
        ambr: None,
        ..apn
    };
    let data = Non3gppUserData {
        msisdn: Some("15551234"),
        non_3gpp_ip_access: Some(NON_3GPP_SUBSCRIPTION_ALLOWED),
        non_3gpp_ip_access_apn: Some(NON_3GPP_APNS_DISABLE),
        rat_types: &[RatType::WLAN, RatType::VIRTUAL],
        session_timeout: Some(3600),
        ambr: Some(Ambr { ul_bps: 10, dl_bps: 20 }),
        charging_characteristics: Some("0400"),
        context_identifier: Some(7),
        apn_oi_replacement: Some("mnc001.mcc001.gprs"),
        apn_configurations: &[apn, second],
    };
    let body = SwxSaaBody { user_name: NAI, user_data: Some(data), aaa_server_name: None };
    let out = build(|b| saa(b, &req, &HSS, Outcome::Success, &body));
    let ans = valid(&out);
    check_answer(&ans, &req, &HSS);
    assert_eq!(top(&ans, &b::USER_NAME).utf8().unwrap(), NAI);
    let ud = top(&ans, &swx::NON_3GPP_USER_DATA);
    let sub = child(&ud, &ietf::SUBSCRIPTION_ID);
    assert_eq!(child(&sub, &ietf::SUBSCRIPTION_ID_TYPE).u32().unwrap(), 0);
    assert_eq!(child(&sub, &ietf::SUBSCRIPTION_ID_DATA).utf8().unwrap(), "15551234");
    assert_eq!(child(&ud, &swx::NON_3GPP_IP_ACCESS).u32().unwrap(), 0);
    assert_eq!(child(&ud, &swx::NON_3GPP_IP_ACCESS_APN).u32().unwrap(), 1);
    let rats: Vec<u32> = ud
        .group()
        .map(Result::unwrap)
        .filter(|a| a.code == tgpp::RAT_TYPE.code)
        .map(|a| a.u32().unwrap())
        .collect();
    assert_eq!(rats, [0, 1]);
    assert_eq!(child(&ud, &b::SESSION_TIMEOUT).u32().unwrap(), 3600);
    assert_eq!(
        child(&child(&ud, &s6a::AMBR), &tgpp::MAX_REQUESTED_BANDWIDTH_DL).u32().unwrap(),
        20
    );
    assert_eq!(child(&ud, &tgpp::TGPP_CHARGING_CHARACTERISTICS).utf8().unwrap(), "0400");
    assert_eq!(child(&ud, &s6a::CONTEXT_IDENTIFIER).u32().unwrap(), 7);
    assert_eq!(child(&ud, &s6a::APN_OI_REPLACEMENT).utf8().unwrap(), "mnc001.mcc001.gprs");
    let configs: Vec<_> =
        ud.group().map(Result::unwrap).filter(|a| a.code == s6a::APN_CONFIGURATION.code).collect();
    assert_eq!(configs.len(), 2);
    let c = &configs[0];
    assert_eq!(child(c, &s6a::CONTEXT_IDENTIFIER).u32().unwrap(), 7);
    assert_eq!(child(c, &ietf::SERVICE_SELECTION).utf8().unwrap(), "internet");
    assert_eq!(child(c, &s6a::PDN_TYPE).u32().unwrap(), PdnType::IPV4V6.0);
    let addrs: Vec<_> = c
        .group()
        .map(Result::unwrap)
        .filter(|a| a.code == tgpp::SERVED_PARTY_IP_ADDRESS.code)
        .map(|a| a.address().unwrap())
        .collect();
    assert_eq!(addrs, ips.map(crate::avp::Address::Ip));
    let qos = child(c, &s6a::EPS_SUBSCRIBED_QOS_PROFILE);
    assert_eq!(child(&qos, &tgpp::QOS_CLASS_IDENTIFIER).u32().unwrap(), 9);
    let arp = child(&qos, &tgpp::ALLOCATION_RETENTION_PRIORITY);
    assert_eq!(child(&arp, &tgpp::PRIORITY_LEVEL).u32().unwrap(), 8);
    assert_eq!(child(&arp, &tgpp::PRE_EMPTION_CAPABILITY).u32().unwrap(), 1);
    assert!(arp.child(tgpp::PRE_EMPTION_VULNERABILITY.code, VendorId::TGPP).unwrap().is_none());
    assert_eq!(child(c, &s6a::VPLMN_DYNAMIC_ADDRESS_ALLOWED).u32().unwrap(), 1);
    assert_eq!(child(c, &ietf::MIP6_AGENT_INFO).data, &mip[..]);
    assert_eq!(child(c, &s6a::PDN_GW_ALLOCATION_TYPE).u32().unwrap(), 0);
    assert_eq!(child(c, &tgpp::TGPP_CHARGING_CHARACTERISTICS).utf8().unwrap(), "0800");
    assert_eq!(
        child(&child(c, &s6a::AMBR), &tgpp::MAX_REQUESTED_BANDWIDTH_UL).u32().unwrap(),
        1_000
    );
    assert_eq!(child(&configs[1], &s6a::CONTEXT_IDENTIFIER).u32().unwrap(), 8);
    assert!(configs[1].child(s6a::AMBR.code, VendorId::TGPP).unwrap().is_none());

    let outcome = Outcome::Experimental(experimental::ERROR_IDENTITY_ALREADY_REGISTERED);
    let body =
        SwxSaaBody { user_name: NAI, user_data: None, aaa_server_name: Some("aaa1.example.org") };
    let out = build(|b| saa(b, &req, &HSS, outcome, &body));
    let ans = valid(&out);
    assert_eq!(top(&ans, &swx::TGPP_AAA_SERVER_NAME).utf8().unwrap(), "aaa1.example.org");
    assert!(all(&ans, &swx::NON_3GPP_USER_DATA).is_empty());
}

#[test]
fn rtr_and_rta() {
    let body = SwxRtrBody {
        user_name: NAI,
        reason: DeregistrationReason { code: ReasonCode::NEW_SERVER_ASSIGNED, info: None },
    };
    let bytes = build(|b| rtr(b, IDS, SID, &HSS, &TO_PEER, &body));
    let req = valid(&bytes);
    check_request(&req, &HSS, &TO_PEER);
    assert_eq!(req.header.application, crate::ApplicationId::SWX);
    assert_eq!(top(&req, &b::USER_NAME).utf8().unwrap(), NAI);
    let dr = top(&req, &cx::DEREGISTRATION_REASON);
    assert_eq!(child(&dr, &cx::REASON_CODE).u32().unwrap(), 1);
    assert!(dr.child(cx::REASON_INFO.code, VendorId::TGPP).unwrap().is_none());

    let out = build(|b| rta(b, &req, &PEER, Outcome::Success));
    let ans = valid(&out);
    check_answer(&ans, &req, &PEER);
    assert_eq!(SwxRtaView::parse(&ans).unwrap().result, AnswerResult::Result(ResultCode::SUCCESS));
}

#[test]
fn ppr_and_ppa() {
    let data = Non3gppUserData { session_timeout: Some(60), ..Non3gppUserData::default() };
    let body = SwxPprBody {
        user_name: NAI,
        user_data: Some(data),
        ppr_flags: Some(PPR_FLAG_RESET_INDICATION | PPR_FLAG_UE_LOCAL_TIME_ZONE_REQUEST),
    };
    let bytes = build(|b| ppr(b, IDS, SID, &HSS, &TO_PEER, &body));
    let req = valid(&bytes);
    check_request(&req, &HSS, &TO_PEER);
    assert_eq!(top(&req, &swx::PPR_FLAGS).u32().unwrap(), 5);
    let ud = top(&req, &swx::NON_3GPP_USER_DATA);
    assert_eq!(child(&ud, &b::SESSION_TIMEOUT).u32().unwrap(), 60);
    assert_eq!(ud.group().count(), 1);

    let outcome = Outcome::Experimental(experimental::ERROR_USER_UNKNOWN);
    let out = build(|b| ppa(b, &req, &PEER, outcome));
    let v = SwxPpaView::parse(&valid(&out)).unwrap();
    assert_eq!(v.result, AnswerResult::Experimental { vendor: 10_415, code: ResultCode(5001) });
    assert_eq!(v.session_id, Some(SID));
}

#[test]
fn swx_samples_validate() {
    check_samples(&samples(), "swx_", 8);
}
