//! One realistic instance of every SWx message the builders produce, for [`crate::samples`].

use std::net::{IpAddr, Ipv4Addr};

use bytes::BytesMut;

use super::*;
use crate::build::cx::sample_set::{AUTN, CK, IK, RAND, XRES, answer_to, build_all};
use crate::build::s6a::{AllocationRetentionPriority, EpsSubscribedQos};
use crate::samples::Sample;
use crate::view::cx::{ReasonCode, ServerAssignmentType};
use crate::view::s6a::{
    HomeAgentHost, Mip6AgentInfo, PdnGwAllocationType, PdnType, PreEmptionCapability,
    PreEmptionVulnerability,
};
use crate::view::swx::{AnTrusted, TerminalInformation};

const EPC_REALM: &str = "epc.mnc001.mcc001.3gppnetwork.org";
const HSS: Origin<'static> =
    Origin { host: "hss01.epc.mnc001.mcc001.3gppnetwork.org", realm: EPC_REALM };
const TO_HSS: Destination<'static> = Destination { host: HSS.host, realm: HSS.realm };
const AAA: Origin<'static> =
    Origin { host: "aaa01.epc.mnc001.mcc001.3gppnetwork.org", realm: EPC_REALM };
const TO_AAA: Destination<'static> = Destination { host: AAA.host, realm: AAA.realm };
const NAI: &str = "001010000000001@nai.epc.mnc001.mcc001.3gppnetwork.org";

/// A sample's request identifiers: hop-by-hop `0x5357_00nn` ("SW").
fn ids(n: u32) -> RequestIds {
    RequestIds { hop_by_hop: 0x5357_0000 | n, end_to_end: 0x4853_5700 | n }
}

fn mar_sample(buf: &mut BytesMut) {
    let body = SwxMarBody {
        user_name: NAI,
        sip_number_auth_items: 1,
        scheme: AuthScheme::EapAkaPrime,
        resync: None,
        rat_type: Some(RatType::WLAN),
        an_trusted: Some(AnTrusted::UNTRUSTED),
        anid: Some("WLAN"),
        visited_network_identifier: None,
        terminal_information: Some(TerminalInformation {
            imei: Some("35693803564380"),
            software_version: Some("01"),
            meid: None,
        }),
        aaa_failure_indication: None,
    };
    let sid = "aaa01.epc.mnc001.mcc001.3gppnetwork.org;1;1";
    mar(buf, ids(1), sid, &AAA, &TO_HSS, &body);
}

fn maa_sample(buf: &mut BytesMut) {
    answer_to(buf, mar_sample, |buf, req| {
        // CK' and IK' would differ from CK and IK; the sample only needs the shape.
        let item = EapAkaItem { rand: &RAND, autn: &AUTN, xres: &XRES, ck: &CK, ik: &IK };
        let body = SwxMaaBody {
            user_name: NAI,
            scheme: AuthScheme::EapAkaPrime,
            items: &[item],
            aaa_server_name: None,
        };
        maa(buf, req, &HSS, Outcome::Success, &body);
    });
}

fn sar_sample(buf: &mut BytesMut) {
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
    let sid = "aaa01.epc.mnc001.mcc001.3gppnetwork.org;2;1";
    sar(buf, ids(2), sid, &AAA, &TO_HSS, &body);
}

/// MIP6-Agent-Info naming a PDN GW by host.
const PGW: Mip6AgentInfo<'static> = Mip6AgentInfo {
    home_agent_addresses: [None, None],
    home_agent_host: Some(HomeAgentHost {
        realm: EPC_REALM,
        host: "pgw01.epc.mnc001.mcc001.3gppnetwork.org",
    }),
};

fn saa_sample(buf: &mut BytesMut) {
    answer_to(buf, sar_sample, |buf, req| {
        let ims = ApnConfiguration {
            context_identifier: 2,
            service_selection: "ims",
            pdn_type: PdnType::IPV4V6,
            served_party_ip_addresses: &[],
            eps_subscribed_qos_profile: Some(EpsSubscribedQos {
                qos_class_identifier: 5,
                allocation_retention_priority: AllocationRetentionPriority {
                    priority_level: 1,
                    pre_emption_capability: Some(PreEmptionCapability::DISABLED),
                    pre_emption_vulnerability: Some(PreEmptionVulnerability::ENABLED),
                },
            }),
            vplmn_dynamic_address_allowed: Some(false),
            mip6_agent_info: None,
            pdn_gw_allocation_type: Some(PdnGwAllocationType::DYNAMIC),
            charging_characteristics: None,
            ambr: Some(Ambr { ul_bps: 2_000_000, dl_bps: 2_000_000 }),
        };
        let internet = ApnConfiguration {
            context_identifier: 1,
            service_selection: "internet",
            pdn_type: PdnType::IPV4,
            served_party_ip_addresses: &[IpAddr::V4(Ipv4Addr::new(10, 45, 0, 2))],
            eps_subscribed_qos_profile: Some(EpsSubscribedQos {
                qos_class_identifier: 9,
                allocation_retention_priority: AllocationRetentionPriority {
                    priority_level: 8,
                    pre_emption_capability: Some(PreEmptionCapability::DISABLED),
                    pre_emption_vulnerability: Some(PreEmptionVulnerability::DISABLED),
                },
            }),
            vplmn_dynamic_address_allowed: None,
            mip6_agent_info: Some(PGW),
            pdn_gw_allocation_type: Some(PdnGwAllocationType::STATIC),
            charging_characteristics: Some("0800"),
            ambr: None,
        };
        let data = Non3gppUserData {
            msisdn: Some("15550000001"),
            non_3gpp_ip_access: Some(NON_3GPP_SUBSCRIPTION_ALLOWED),
            non_3gpp_ip_access_apn: Some(NON_3GPP_APNS_ENABLE),
            ambr: Some(Ambr { ul_bps: 50_000_000, dl_bps: 100_000_000 }),
            context_identifier: Some(1),
            apn_configurations: &[internet, ims],
            ..Non3gppUserData::default()
        };
        let body = SwxSaaBody { user_name: NAI, user_data: Some(data), aaa_server_name: None };
        saa(buf, req, &HSS, Outcome::Success, &body);
    });
}

fn rtr_sample(buf: &mut BytesMut) {
    let body = SwxRtrBody {
        user_name: NAI,
        reason: DeregistrationReason { code: ReasonCode::PERMANENT_TERMINATION, info: None },
    };
    let sid = "hss01.epc.mnc001.mcc001.3gppnetwork.org;3;1";
    rtr(buf, ids(3), sid, &HSS, &TO_AAA, &body);
}

fn rta_sample(buf: &mut BytesMut) {
    answer_to(buf, rtr_sample, |buf, req| {
        rta(buf, req, &AAA, Outcome::Success);
    });
}

fn ppr_sample(buf: &mut BytesMut) {
    let data = Non3gppUserData {
        non_3gpp_ip_access: Some(NON_3GPP_SUBSCRIPTION_BARRED),
        ..Non3gppUserData::default()
    };
    let body = SwxPprBody { user_name: NAI, user_data: Some(data), ppr_flags: None };
    let sid = "hss01.epc.mnc001.mcc001.3gppnetwork.org;4;1";
    ppr(buf, ids(4), sid, &HSS, &TO_AAA, &body);
}

fn ppa_sample(buf: &mut BytesMut) {
    answer_to(buf, ppr_sample, |buf, req| {
        ppa(buf, req, &AAA, Outcome::Success);
    });
}

/// The SWx samples, each request followed by its answer.
pub fn samples() -> Vec<Sample> {
    build_all(&[
        ("swx_mar", mar_sample),
        ("swx_maa", maa_sample),
        ("swx_sar", sar_sample),
        ("swx_saa", saa_sample),
        ("swx_rtr", rtr_sample),
        ("swx_rta", rta_sample),
        ("swx_ppr", ppr_sample),
        ("swx_ppa", ppa_sample),
    ])
}
