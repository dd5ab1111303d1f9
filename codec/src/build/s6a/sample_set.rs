//! One realistic instance of every S6a message the builders write, requests each followed by
//! their answers, for the Wireshark referee and the benches; the fixtures the tests share.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use bytes::BytesMut;

use super::*;
use crate::build::Outcome;
use crate::code::experimental;
use crate::samples::{HSS_HOST, PEER_HOST, REALM, Sample};
use crate::view::s6a::{
    ActiveApn, AirFlags, CancellationType, DsaFlags, EpsLocationInformation, EpsUserState,
    HomeAgentHost, IdaFlags, MmeLocationInformation, NetworkAccessMode, NorFlags,
    PdnGwAllocationType, PdnType, PreEmptionCapability, PreEmptionVulnerability, PurFlags, RatType,
    SubscriberStatus, UlrFlags, UserState, error_diagnostic,
};

pub(crate) const IMSI: &str = "001010123456789";
/// MCC 001, MNC 01 (TS 24.008 §10.5.1.13: MCC2 MCC1 | MNC3 MCC3 | MNC2 MNC1).
pub(crate) const PLMN: [u8; 3] = [0x00, 0xf1, 0x10];
/// MSISDN 33612345678 in TBCD.
pub(crate) const MSISDN: [u8; 6] = [0x33, 0x16, 0x32, 0x54, 0x76, 0xf8];
/// S6a feature list 1 (TS 29.272 §7.3.10): the ODB bits, and more.
pub(crate) const FEATURES: [SupportedFeatures; 1] =
    [SupportedFeatures { vendor_id: 10_415, feature_list_id: 1, feature_list: 0x1c00_0607 }];

const PGW_V4: IpAddr = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 53));
const STATIC_V4: IpAddr = IpAddr::V4(Ipv4Addr::new(100, 64, 12, 7));
const STATIC_V6: IpAddr = IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0x12, 0x7, 0, 0, 0, 0));
const PGW_HOST: &str = "pgw01.epc.mnc001.mcc001.3gppnetwork.org";

/// The default APN: internet, dynamic addresses, QCI 9.
pub(crate) const INTERNET: ApnConfiguration<'static> = ApnConfiguration {
    context_identifier: 1,
    served_party_ip_addresses: &[],
    pdn_type: PdnType::IPV4V6,
    service_selection: "internet",
    eps_subscribed_qos_profile: Some(EpsSubscribedQos {
        qos_class_identifier: 9,
        allocation_retention_priority: AllocationRetentionPriority {
            priority_level: 8,
            pre_emption_capability: Some(PreEmptionCapability::DISABLED),
            pre_emption_vulnerability: Some(PreEmptionVulnerability::ENABLED),
        },
    }),
    vplmn_dynamic_address_allowed: Some(false),
    mip6_agent_info: None,
    pdn_gw_allocation_type: Some(PdnGwAllocationType::DYNAMIC),
    charging_characteristics: Some("0800"),
    // Downlink above 2^32 - 1 bit/s: written with Extended-Max-Requested-BW-DL.
    ambr: Some(Ambr { ul_bps: 200_000_000, dl_bps: 10_000_000_000 }),
};

/// The IMS APN: static IPv4 and IPv6 addresses, a fixed PDN GW, QCI 5, ARP 1.
pub(crate) const IMS: ApnConfiguration<'static> = ApnConfiguration {
    context_identifier: 2,
    served_party_ip_addresses: &[STATIC_V4, STATIC_V6],
    pdn_type: PdnType::IPV4V6,
    service_selection: "ims",
    eps_subscribed_qos_profile: Some(EpsSubscribedQos {
        qos_class_identifier: 5,
        allocation_retention_priority: AllocationRetentionPriority {
            priority_level: 1,
            pre_emption_capability: Some(PreEmptionCapability::ENABLED),
            pre_emption_vulnerability: Some(PreEmptionVulnerability::DISABLED),
        },
    }),
    vplmn_dynamic_address_allowed: Some(true),
    mip6_agent_info: Some(Mip6AgentInfo {
        home_agent_addresses: [Some(PGW_V4), None],
        home_agent_host: Some(HomeAgentHost { realm: REALM, host: PGW_HOST }),
    }),
    pdn_gw_allocation_type: Some(PdnGwAllocationType::STATIC),
    charging_characteristics: Some("0400"),
    ambr: Some(Ambr { ul_bps: 1_000_000, dl_bps: 1_000_000 }),
};

pub(crate) const PROFILE: ApnConfigurationProfile<'static> = ApnConfigurationProfile {
    context_identifier: 1,
    all_apn_configurations_included: true,
    apn_configurations: &[INTERNET, IMS],
};

/// A complete EPS subscription.
pub(crate) const SUBSCRIPTION: SubscriptionData<'static> = SubscriptionData {
    subscriber_status: Some(SubscriberStatus::SERVICE_GRANTED),
    msisdn: Some(&MSISDN),
    a_msisdn: None,
    stn_sr: None,
    ics_indicator: None,
    network_access_mode: Some(NetworkAccessMode::ONLY_PACKET),
    operator_determined_barring: Some(0),
    hplmn_odb: None,
    access_restriction_data: Some(0),
    apn_oi_replacement: Some("mnc001.mcc001.gprs"),
    charging_characteristics: Some("0800"),
    ambr: Some(Ambr { ul_bps: 500_000_000, dl_bps: 1_000_000_000 }),
    apn_configuration_profile: Some(ApnProfile::Structured(PROFILE)),
    subscribed_periodic_rau_tau_timer: Some(3240),
    ue_usage_type: None,
};

/// Deterministic stand-ins for the material of vector `i` (a real HSS gets it from the AuC).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Material {
    pub rand: [u8; 16],
    pub xres: [u8; 8],
    pub autn: [u8; 16],
    pub kasme: [u8; 32],
    pub ck: [u8; 16],
    pub ik: [u8; 16],
    pub sres: [u8; 4],
    pub kc: [u8; 8],
}

impl Material {
    pub fn new(i: u8) -> Self {
        fn pattern<const N: usize>(tag: u8, i: u8) -> [u8; N] {
            std::array::from_fn(|k| tag ^ (i << 4) ^ k as u8)
        }
        Self {
            rand: pattern(0x10, i),
            xres: pattern(0x20, i),
            autn: pattern(0x30, i),
            kasme: pattern(0x40, i),
            ck: pattern(0x50, i),
            ik: pattern(0x60, i),
            sres: pattern(0x70, i),
            kc: pattern(0x80, i),
        }
    }

    pub fn eutran(&self) -> EutranVectorData<'_> {
        EutranVectorData {
            rand: &self.rand,
            xres: &self.xres,
            autn: &self.autn,
            kasme: &self.kasme,
        }
    }

    pub fn utran(&self) -> UtranVectorData<'_> {
        UtranVectorData {
            rand: &self.rand,
            xres: &self.xres,
            autn: &self.autn,
            ck: &self.ck,
            ik: &self.ik,
        }
    }

    pub fn geran(&self) -> GeranVectorData<'_> {
        GeranVectorData { rand: &self.rand, sres: &self.sres, kc: &self.kc }
    }
}

fn ids(n: u32) -> RequestIds {
    RequestIds { hop_by_hop: 0x5336_0000 | n, end_to_end: 0x4853_3600 | n }
}

const MME: Origin<'static> = Origin { host: PEER_HOST, realm: REALM };
const HSS: Origin<'static> = Origin { host: HSS_HOST, realm: REALM };
const TO_HSS: Destination<'static> = Destination { host: HSS_HOST, realm: REALM };
const TO_MME: Destination<'static> = Destination { host: PEER_HOST, realm: REALM };

fn build(f: impl FnOnce(&mut BytesMut) -> usize) -> Vec<u8> {
    let mut buf = BytesMut::new();
    f(&mut buf);
    buf.to_vec()
}

fn answer(req: &[u8], f: impl FnOnce(&mut BytesMut, &Message<'_>) -> usize) -> Vec<u8> {
    let msg = Message::parse(req).expect("sample request parses");
    build(|buf| f(buf, &msg))
}

/// Every S6a sample.
pub fn samples() -> Vec<Sample> {
    let mut out = Vec::new();
    let mut push =
        |name: &'static str, bytes: &[u8]| out.push(Sample { name, bytes: bytes.to_vec() });
    let mme_session = |n: u32| format!("{PEER_HOST};1700000100;{n}");
    let hss_session = |n: u32| format!("{HSS_HOST};1700000000;{n}");
    let material: Vec<Material> = (0..5).map(Material::new).collect();
    let eutran: Vec<EutranVectorData<'_>> = material.iter().map(Material::eutran).collect();
    let utran: Vec<UtranVectorData<'_>> = material.iter().map(Material::utran).collect();
    let geran: Vec<GeranVectorData<'_>> = material.iter().map(Material::geran).collect();

    // AIR for one E-UTRAN vector, answered with it, and with the usual errors.
    let request = AirBody {
        imsi: IMSI,
        visited_plmn_id: PLMN,
        eutran: Some(RequestedAuthInfo {
            number_of_requested_vectors: Some(1),
            immediate_response_preferred: true,
            resync: None,
        }),
        supported_features: &FEATURES,
        ..Default::default()
    };
    let air_1 = build(|b| air(b, ids(1), &mme_session(1), &MME, &TO_HSS, &request));
    push("s6a_air", &air_1);
    let body = AiaBody {
        vectors: AuthenticationInfo { eutran: &eutran[..1], ..Default::default() },
        ..Default::default()
    };
    push("s6a_aia_1_vector", &answer(&air_1, |b, r| aia(b, r, &HSS, Outcome::Success, &body)));
    let unknown = Outcome::Experimental(experimental::ERROR_USER_UNKNOWN);
    push(
        "s6a_aia_user_unknown",
        &answer(&air_1, |b, r| aia(b, r, &HSS, unknown, &AiaBody::default())),
    );
    let unavailable = Outcome::Experimental(experimental::AUTHENTICATION_DATA_UNAVAILABLE);
    push(
        "s6a_aia_authentication_data_unavailable",
        &answer(&air_1, |b, r| aia(b, r, &HSS, unavailable, &AiaBody::default())),
    );

    // AIR for five vectors and the UE usage type.
    let request = AirBody {
        eutran: Some(RequestedAuthInfo {
            number_of_requested_vectors: Some(5),
            ..Default::default()
        }),
        air_flags: Some(AirFlags::SEND_UE_USAGE_TYPE),
        ..request
    };
    let air_5 = build(|b| air(b, ids(2), &mme_session(2), &MME, &TO_HSS, &request));
    push("s6a_air_5_vectors", &air_5);
    let body = AiaBody {
        vectors: AuthenticationInfo { eutran: &eutran, ..Default::default() },
        ue_usage_type: Some(0),
        supported_features: &FEATURES,
        ..Default::default()
    };
    push("s6a_aia_5_vectors", &answer(&air_5, |b, r| aia(b, r, &HSS, Outcome::Success, &body)));

    // AIR after a synchronisation failure: RAND || AUTS.
    let mut resync = [0u8; 30];
    resync[..16].copy_from_slice(&material[4].rand);
    resync[16..].copy_from_slice(&[0x5a; 14]);
    let request = AirBody {
        eutran: Some(RequestedAuthInfo {
            number_of_requested_vectors: Some(1),
            immediate_response_preferred: true,
            resync: Some(&resync),
        }),
        air_flags: None,
        ..request
    };
    push("s6a_air_resync", &build(|b| air(b, ids(3), &mme_session(3), &MME, &TO_HSS, &request)));

    // AIR from an SGSN for UTRAN quintuplets and GERAN triplets.
    let request = AirBody {
        eutran: None,
        utran_geran: Some(RequestedAuthInfo {
            number_of_requested_vectors: Some(2),
            ..Default::default()
        }),
        ..request
    };
    let air_ug = build(|b| air(b, ids(4), &mme_session(4), &MME, &TO_HSS, &request));
    push("s6a_air_utran_geran", &air_ug);
    let body = AiaBody {
        vectors: AuthenticationInfo { eutran: &[], utran: &utran[..2], geran: &geran[..2] },
        ..Default::default()
    };
    push("s6a_aia_utran_geran", &answer(&air_ug, |b, r| aia(b, r, &HSS, Outcome::Success, &body)));

    // ULR of an initial attach, answered with the whole subscription.
    let mme_number = Tbcd::encode("33609000001").expect("digits");
    let request = UlrBody {
        imsi: IMSI,
        visited_plmn_id: PLMN,
        rat_type: RatType::EUTRAN,
        ulr_flags: UlrFlags::S6A_S6D_INDICATOR | UlrFlags::INITIAL_ATTACH_INDICATOR,
        terminal_information: Some(TerminalInformation {
            imei: Some("35332011234567"),
            software_version: Some("05"),
            meid: None,
        }),
        ue_srvcc_capability: Some(1),
        sgsn_number: None,
        homogeneous_support_of_ims_voice_over_ps_sessions: Some(1),
        active_apns: &[],
        equivalent_plmns: &[[0x00, 0xf1, 0x20], [0x00, 0x21, 0x30]],
        mme_number_for_mt_sms: Some(mme_number.as_bytes()),
        sms_register_request: Some(2),
        supported_features: &FEATURES,
    };
    let ulr_1 = build(|b| ulr(b, ids(5), &mme_session(5), &MME, &TO_HSS, &request));
    push("s6a_ulr", &ulr_1);
    let body = UlaBody {
        ula_flags: UlaFlags::SEPARATION_INDICATION,
        supported_features: &FEATURES,
        subscription_data: Some(&SUBSCRIPTION),
        error_diagnostic: None,
    };
    push("s6a_ula_full", &answer(&ulr_1, |b, r| ula(b, r, &HSS, Outcome::Success, &body)));
    let no_eps = Outcome::Experimental(experimental::ERROR_UNKNOWN_EPS_SUBSCRIPTION);
    let body = UlaBody {
        error_diagnostic: Some(error_diagnostic::NO_GPRS_DATA_SUBSCRIBED),
        ..Default::default()
    };
    push(
        "s6a_ula_unknown_eps_subscription",
        &answer(&ulr_1, |b, r| ula(b, r, &HSS, no_eps, &body)),
    );

    // A periodic ULR from the same MME: skip the subscription, report the active PDN.
    let active = [ActiveApn {
        context_identifier: 1,
        service_selection: Some("internet"),
        mip6_agent_info: Some(Mip6AgentInfo {
            home_agent_addresses: [Some(PGW_V4), None],
            home_agent_host: Some(HomeAgentHost { realm: REALM, host: PGW_HOST }),
        }),
        visited_network_identifier: None,
    }];
    let request = UlrBody {
        ulr_flags: UlrFlags::S6A_S6D_INDICATOR | UlrFlags::SKIP_SUBSCRIBER_DATA,
        active_apns: &active,
        equivalent_plmns: &[],
        ..request
    };
    let ulr_skip = build(|b| ulr(b, ids(6), &mme_session(6), &MME, &TO_HSS, &request));
    push("s6a_ulr_skip_subscriber_data", &ulr_skip);
    let body = UlaBody {
        ula_flags: UlaFlags::SEPARATION_INDICATION,
        supported_features: &FEATURES,
        ..Default::default()
    };
    push(
        "s6a_ula_skip_subscriber_data",
        &answer(&ulr_skip, |b, r| ula(b, r, &HSS, Outcome::Success, &body)),
    );

    // PUR / PUA.
    let location = EpsLocationInformation {
        mme: Some(MmeLocationInformation {
            e_utran_cell_global_identity: Some(&[0x00, 0xf1, 0x10, 0x00, 0x01, 0x9c, 0x01]),
            tracking_area_identity: Some(&[0x00, 0xf1, 0x10, 0x00, 0x01]),
            age_of_location_information: Some(3),
        }),
        sgsn: None,
    };
    let request = PurBody {
        imsi: IMSI,
        pur_flags: Some(PurFlags::UE_PURGED_IN_MME),
        eps_location_information: Some(location),
        supported_features: &FEATURES,
    };
    let pur_1 = build(|b| pur(b, ids(7), &mme_session(7), &MME, &TO_HSS, &request));
    push("s6a_pur", &pur_1);
    let flags = Some(PuaFlags::FREEZE_M_TMSI);
    push("s6a_pua", &answer(&pur_1, |b, r| pua(b, r, &HSS, Outcome::Success, flags)));

    // NOR / NOA: the PDN GW of a non-default APN.
    let request = NorBody {
        imsi: IMSI,
        nor_flags: Some(NorFlags::UE_REACHABLE_FROM_MME),
        mip6_agent_info: Some(Mip6AgentInfo {
            home_agent_addresses: [Some(PGW_V4), None],
            home_agent_host: Some(HomeAgentHost { realm: REALM, host: PGW_HOST }),
        }),
        context_identifier: Some(2),
        service_selection: Some("ims"),
        supported_features: &FEATURES,
        ..Default::default()
    };
    let nor_1 = build(|b| nor(b, ids(8), &mme_session(8), &MME, &TO_HSS, &request));
    push("s6a_nor", &nor_1);
    push("s6a_noa", &answer(&nor_1, |b, r| noa(b, r, &HSS, Outcome::Success)));

    // CLR / CLA: the UE moved to another MME.
    let request = ClrBody {
        imsi: IMSI,
        cancellation_type: CancellationType::MME_UPDATE_PROCEDURE,
        clr_flags: Some(ClrFlags::S6A_S6D_INDICATOR),
        supported_features: &FEATURES,
    };
    let clr_1 = build(|b| clr(b, ids(9), &hss_session(9), &HSS, &TO_MME, &request));
    push("s6a_clr", &clr_1);
    push("s6a_cla", &answer(&clr_1, |b, r| cla(b, r, &MME, Outcome::Success)));

    // IDR / IDA: a changed profile, and a request for the user state and location.
    let data = SubscriptionData {
        apn_configuration_profile: Some(ApnProfile::Structured(ApnConfigurationProfile {
            all_apn_configurations_included: false,
            apn_configurations: &[IMS],
            ..PROFILE
        })),
        ..SUBSCRIPTION
    };
    let request = IdrBody {
        imsi: IMSI,
        subscription_data: &data,
        idr_flags: Some(
            IdrFlags::EPS_USER_STATE_REQUEST | IdrFlags::EPS_LOCATION_INFORMATION_REQUEST,
        ),
        supported_features: &FEATURES,
    };
    let idr_1 = build(|b| idr(b, ids(10), &hss_session(10), &HSS, &TO_MME, &request));
    push("s6a_idr", &idr_1);
    let body = IdaBody {
        ims_voice_over_ps_sessions_supported: Some(1),
        last_ue_activity_time: Some(3_912_000_000),
        rat_type: Some(RatType::EUTRAN),
        ida_flags: Some(IdaFlags::EMPTY),
        eps_user_state: Some(EpsUserState {
            mme: Some(UserState::CONNECTED_REACHABLE_FOR_PAGING),
            sgsn: None,
        }),
        eps_location_information: Some(location),
    };
    push("s6a_ida", &answer(&idr_1, |b, r| ida(b, r, &MME, Outcome::Success, &body)));

    // DSR / DSA: withdraw the IMS APN.
    let request = DsrBody {
        imsi: IMSI,
        dsr_flags: DsrFlags::PDN_SUBSCRIPTION_CONTEXTS_WITHDRAWAL,
        context_identifiers: &[2],
        supported_features: &FEATURES,
    };
    let dsr_1 = build(|b| dsr(b, ids(11), &hss_session(11), &HSS, &TO_MME, &request));
    push("s6a_dsr", &dsr_1);
    let flags = Some(DsaFlags::EMPTY);
    push("s6a_dsa", &answer(&dsr_1, |b, r| dsa(b, r, &MME, Outcome::Success, flags)));

    out
}
