//! Subscription-Data (TS 29.272 §7.3.2) as the ULA and the IDR carry it: the subscriber's EPS
//! profile and its APN-Configuration-Profile (§7.3.34).
//!
//! Everything is written straight into the caller's buffer in the order of the ABNF. The APN
//! configuration profile, which is large and rarely changes, can also be encoded once
//! ([`encode_apn_configuration_profile`]), cached by the caller and written back as bytes
//! ([`ApnProfile::Encoded`]).

use std::net::IpAddr;

use bytes::BytesMut;

use crate::dict::{ietf, s6a, sh, tgpp};
use crate::view::s6a::{
    Mip6AgentInfo, NetworkAccessMode, PdnGwAllocationType, PdnType, PreEmptionCapability,
    PreEmptionVulnerability, SubscriberStatus,
};
use crate::writer::AvpWriter;

/// AMBR (TS 29.272 §7.3.41): the aggregate maximum bit rates, in bits per second.
///
/// A rate up to 4 294 967 295 bit/s is written as Max-Requested-Bandwidth-UL/DL alone. Above,
/// the spec asks for Max-Requested-Bandwidth set to 4 294 967 295 and
/// Extended-Max-Requested-BW in kbit/s; the builder rounds the rate down to whole kbit/s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ambr {
    pub ul_bps: u64,
    pub dl_bps: u64,
}

/// EPS-Subscribed-QoS-Profile (TS 29.272 §7.3.37): the default bearer's QCI and ARP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EpsSubscribedQos {
    /// QoS-Class-Identifier (TS 29.212 §5.3.17), e.g. 9 for the default internet bearer.
    pub qos_class_identifier: u32,
    pub allocation_retention_priority: AllocationRetentionPriority,
}

/// Allocation-Retention-Priority (TS 29.212 §5.3.32).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllocationRetentionPriority {
    /// Priority-Level, 1 (highest) to 15.
    pub priority_level: u32,
    pub pre_emption_capability: Option<PreEmptionCapability>,
    pub pre_emption_vulnerability: Option<PreEmptionVulnerability>,
}

/// One APN-Configuration (TS 29.272 §7.3.35).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApnConfiguration<'s> {
    pub context_identifier: u32,
    /// Served-Party-IP-Address: the static IPv4 and/or IPv6 address (at most two, §7.3.35).
    pub served_party_ip_addresses: &'s [IpAddr],
    pub pdn_type: PdnType,
    /// Service-Selection: the APN network identifier, e.g. "internet".
    pub service_selection: &'s str,
    pub eps_subscribed_qos_profile: Option<EpsSubscribedQos>,
    /// VPLMN-Dynamic-Address-Allowed: true for ALLOWED (1), false for NOTALLOWED (0).
    pub vplmn_dynamic_address_allowed: Option<bool>,
    /// The PDN GW for this APN (MIP6-Agent-Info).
    pub mip6_agent_info: Option<Mip6AgentInfo<'s>>,
    pub pdn_gw_allocation_type: Option<PdnGwAllocationType>,
    /// 3GPP-Charging-Characteristics, four hex digits (TS 32.298 §5.1.2.2.7), e.g. "0800".
    pub charging_characteristics: Option<&'s str>,
    pub ambr: Option<Ambr>,
}

/// APN-Configuration-Profile (TS 29.272 §7.3.34).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApnConfigurationProfile<'s> {
    /// The Context-Identifier of the default APN.
    pub context_identifier: u32,
    /// All-APN-Configurations-Included-Indicator: true writes All_APN_CONFIGURATIONS_INCLUDED
    /// (0, what a ULA sends), false MODIFIED/ADDED_APN_CONFIGURATIONS_INCLUDED (1, an IDR that
    /// changes some APNs).
    pub all_apn_configurations_included: bool,
    /// At least one (the ABNF's `1*{APN-Configuration}`).
    pub apn_configurations: &'s [ApnConfiguration<'s>],
}

/// How [`SubscriptionData`] gives its APN-Configuration-Profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApnProfile<'s> {
    /// Encoded now from the structure.
    Structured(ApnConfigurationProfile<'s>),
    /// The AVP's value, i.e. its encoded children, as [`encode_apn_configuration_profile`]
    /// wrote them (not the AVP header). Written as is, after the AVP header.
    Encoded(&'s [u8]),
}

/// Subscription-Data (TS 29.272 §7.3.2): what the HSS tells the MME about the subscriber. Every
/// field is optional; `Default` is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SubscriptionData<'s> {
    pub subscriber_status: Option<SubscriberStatus>,
    /// MSISDN, TBCD-encoded ([`super::Tbcd`]).
    pub msisdn: Option<&'s [u8]>,
    /// A-MSISDN, TBCD-encoded.
    pub a_msisdn: Option<&'s [u8]>,
    /// STN-SR, TBCD-encoded.
    pub stn_sr: Option<&'s [u8]>,
    /// ICS-Indicator (§7.3.104): IMS Centralized Services, FALSE (0) or TRUE (1).
    pub ics_indicator: Option<bool>,
    pub network_access_mode: Option<NetworkAccessMode>,
    /// Operator-Determined-Barring, a bit mask (§7.3.30).
    pub operator_determined_barring: Option<u32>,
    /// HPLMN-ODB, a bit mask (§7.3.22).
    pub hplmn_odb: Option<u32>,
    /// Access-Restriction-Data, a bit mask (§7.3.31): bit 0 UTRAN not allowed, 1 GERAN, 2 GAN,
    /// 3 I-HSPA-Evolution, 4 WB-E-UTRAN, 5 HO-To-Non-3GPP-Access, 6 NB-IoT, ...
    pub access_restriction_data: Option<u32>,
    /// APN-OI-Replacement at UE level.
    pub apn_oi_replacement: Option<&'s str>,
    /// 3GPP-Charging-Characteristics at UE level, e.g. "0800".
    pub charging_characteristics: Option<&'s str>,
    /// UE-AMBR.
    pub ambr: Option<Ambr>,
    pub apn_configuration_profile: Option<ApnProfile<'s>>,
    /// Subscribed-Periodic-RAU-TAU-Timer, in seconds.
    pub subscribed_periodic_rau_tau_timer: Option<u32>,
    /// UE-Usage-Type (dedicated core network selection).
    pub ue_usage_type: Option<u32>,
}

/// Writes the Subscription-Data AVP.
pub fn write_subscription_data(w: &mut AvpWriter<'_>, data: &SubscriptionData<'_>) {
    w.group(&s6a::SUBSCRIPTION_DATA, |g| {
        if let Some(v) = data.subscriber_status {
            g.u32(&s6a::SUBSCRIBER_STATUS, v.0);
        }
        if let Some(v) = data.msisdn {
            g.octets(&sh::MSISDN, v);
        }
        if let Some(v) = data.a_msisdn {
            g.octets(&s6a::A_MSISDN, v);
        }
        if let Some(v) = data.stn_sr {
            g.octets(&s6a::STN_SR, v);
        }
        if let Some(v) = data.ics_indicator {
            g.u32(&s6a::ICS_INDICATOR, u32::from(v));
        }
        if let Some(v) = data.network_access_mode {
            g.u32(&s6a::NETWORK_ACCESS_MODE, v.0);
        }
        if let Some(v) = data.operator_determined_barring {
            g.u32(&s6a::OPERATOR_DETERMINED_BARRING, v);
        }
        if let Some(v) = data.hplmn_odb {
            g.u32(&s6a::HPLMN_ODB, v);
        }
        if let Some(v) = data.access_restriction_data {
            g.u32(&s6a::ACCESS_RESTRICTION_DATA, v);
        }
        if let Some(v) = data.apn_oi_replacement {
            g.utf8(&s6a::APN_OI_REPLACEMENT, v);
        }
        if let Some(v) = data.charging_characteristics {
            g.utf8(&tgpp::TGPP_CHARGING_CHARACTERISTICS, v);
        }
        if let Some(v) = &data.ambr {
            write_ambr(g, v);
        }
        match &data.apn_configuration_profile {
            Some(ApnProfile::Structured(p)) => {
                g.group(&s6a::APN_CONFIGURATION_PROFILE, |p_w| write_profile_children(p_w, p));
            }
            Some(ApnProfile::Encoded(value)) => {
                let def = &s6a::APN_CONFIGURATION_PROFILE;
                g.raw(def.code, def.vendor, def.flags(), value);
            }
            None => {}
        }
        if let Some(v) = data.subscribed_periodic_rau_tau_timer {
            g.u32(&s6a::SUBSCRIBED_PERIODIC_RAU_TAU_TIMER, v);
        }
        if let Some(v) = data.ue_usage_type {
            g.u32(&s6a::UE_USAGE_TYPE, v);
        }
    });
}

/// Appends the value of an APN-Configuration-Profile AVP (its children, no AVP header) to
/// `buf`, for [`ApnProfile::Encoded`]; returns the number of bytes written.
pub fn encode_apn_configuration_profile(
    buf: &mut BytesMut,
    profile: &ApnConfigurationProfile<'_>,
) -> usize {
    let start = buf.len();
    write_profile_children(&mut AvpWriter::new(buf), profile);
    buf.len() - start
}

fn write_profile_children(w: &mut AvpWriter<'_>, p: &ApnConfigurationProfile<'_>) {
    w.u32(&s6a::CONTEXT_IDENTIFIER, p.context_identifier);
    w.u32(
        &s6a::ALL_APN_CONFIGURATIONS_INCLUDED_INDICATOR,
        if p.all_apn_configurations_included { 0 } else { 1 },
    );
    for apn in p.apn_configurations {
        write_apn_configuration(w, apn);
    }
}

/// Writes one APN-Configuration AVP.
pub fn write_apn_configuration(w: &mut AvpWriter<'_>, apn: &ApnConfiguration<'_>) {
    w.group(&s6a::APN_CONFIGURATION, |g| {
        g.u32(&s6a::CONTEXT_IDENTIFIER, apn.context_identifier);
        for ip in apn.served_party_ip_addresses {
            g.address(&tgpp::SERVED_PARTY_IP_ADDRESS, *ip);
        }
        g.u32(&s6a::PDN_TYPE, apn.pdn_type.0);
        g.utf8(&ietf::SERVICE_SELECTION, apn.service_selection);
        if let Some(qos) = &apn.eps_subscribed_qos_profile {
            g.group(&s6a::EPS_SUBSCRIBED_QOS_PROFILE, |q| {
                q.u32(&tgpp::QOS_CLASS_IDENTIFIER, qos.qos_class_identifier);
                let arp = &qos.allocation_retention_priority;
                q.group(&tgpp::ALLOCATION_RETENTION_PRIORITY, |a| {
                    a.u32(&tgpp::PRIORITY_LEVEL, arp.priority_level);
                    if let Some(v) = arp.pre_emption_capability {
                        a.u32(&tgpp::PRE_EMPTION_CAPABILITY, v.0);
                    }
                    if let Some(v) = arp.pre_emption_vulnerability {
                        a.u32(&tgpp::PRE_EMPTION_VULNERABILITY, v.0);
                    }
                });
            });
        }
        if let Some(allowed) = apn.vplmn_dynamic_address_allowed {
            g.u32(&s6a::VPLMN_DYNAMIC_ADDRESS_ALLOWED, u32::from(allowed));
        }
        if let Some(mip) = &apn.mip6_agent_info {
            super::write_mip6_agent_info(g, mip);
        }
        if let Some(v) = apn.pdn_gw_allocation_type {
            g.u32(&s6a::PDN_GW_ALLOCATION_TYPE, v.0);
        }
        if let Some(v) = apn.charging_characteristics {
            g.utf8(&tgpp::TGPP_CHARGING_CHARACTERISTICS, v);
        }
        if let Some(v) = &apn.ambr {
            write_ambr(g, v);
        }
    });
}

/// Writes an AMBR AVP (TS 29.272 §7.3.41), with the extended AVPs above 2^32 - 1 bit/s.
pub fn write_ambr(w: &mut AvpWriter<'_>, ambr: &Ambr) {
    let split = |bps: u64| match u32::try_from(bps) {
        Ok(v) => (v, None),
        Err(_) => (u32::MAX, Some(u32::try_from(bps / 1000).unwrap_or(u32::MAX))),
    };
    let (ul, ul_ext) = split(ambr.ul_bps);
    let (dl, dl_ext) = split(ambr.dl_bps);
    w.group(&s6a::AMBR, |g| {
        g.u32(&tgpp::MAX_REQUESTED_BANDWIDTH_UL, ul);
        g.u32(&tgpp::MAX_REQUESTED_BANDWIDTH_DL, dl);
        if let Some(v) = ul_ext {
            g.u32(&tgpp::EXTENDED_MAX_REQUESTED_BW_UL, v);
        }
        if let Some(v) = dl_ext {
            g.u32(&tgpp::EXTENDED_MAX_REQUESTED_BW_DL, v);
        }
    });
}
