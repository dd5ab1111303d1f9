//! Builders of the SWx messages (TS 29.273 §8).
//!
//! The HSS side: the answers MAA and SAA, and the requests RTR and PPR. The peer side (the 3GPP
//! AAA server's MAR, SAR, RTA and PPA), for the load generator and the tests, is in `peer` and
//! re-exported here. Subscription data travels as Non-3GPP-User-Data, given as the plain
//! [`Non3gppUserData`] struct.

mod peer;
#[cfg(any(test, feature = "samples"))]
mod sample_set;
#[cfg(test)]
mod tests;

pub use peer::{ActiveApnBody, SwxMarBody, SwxSarBody, mar, ppa, rta, sar};
#[cfg(any(test, feature = "samples"))]
pub use sample_set::samples;

use std::net::IpAddr;

use bytes::BytesMut;

use super::cx::{
    DeregistrationReason, ImsAuthItem, command_def, write_aka_items, write_deregistration_reason,
};
use super::{Destination, Origin, Outcome, RequestIds, finish_answer, start_answer, start_request};
use crate::code::{ApplicationId, CommandCode};
use crate::dict::{base as b, cx, ietf, s6a, swx, tgpp};
use crate::message::Message;
use crate::view::cx::AuthScheme;
use crate::view::swx::RatType;
use crate::writer::AvpWriter;

/// An EAP-AKA' (or EAP-AKA) vector: `ck` and `ik` hold CK' and IK' for EAP-AKA'.
pub type EapAkaItem<'s> = ImsAuthItem<'s>;

/// Non-3GPP-IP-Access NON_3GPP_SUBSCRIPTION_ALLOWED (TS 29.273 §8.2.3.3).
pub const NON_3GPP_SUBSCRIPTION_ALLOWED: u32 = 0;
/// Non-3GPP-IP-Access NON_3GPP_SUBSCRIPTION_BARRED.
pub const NON_3GPP_SUBSCRIPTION_BARRED: u32 = 1;
/// Non-3GPP-IP-Access-APN Non_3GPP_APNS_ENABLE (TS 29.273 §8.2.3.4).
pub const NON_3GPP_APNS_ENABLE: u32 = 0;
/// Non-3GPP-IP-Access-APN Non_3GPP_APNS_DISABLE.
pub const NON_3GPP_APNS_DISABLE: u32 = 1;
/// PDN-Type IPv4 (TS 29.272 §7.3.62).
pub const PDN_TYPE_IPV4: u32 = 0;
/// PDN-Type IPv6.
pub const PDN_TYPE_IPV6: u32 = 1;
/// PDN-Type IPv4v6.
pub const PDN_TYPE_IPV4V6: u32 = 2;
/// PDN-Type IPv4_OR_IPv6.
pub const PDN_TYPE_IPV4_OR_IPV6: u32 = 3;
/// PPR-Flags bit 0: Reset-Indication (TS 29.273).
pub const PPR_FLAG_RESET_INDICATION: u32 = 1;
/// PPR-Flags bit 1: Access-Network-Info-Request.
pub const PPR_FLAG_ACCESS_NETWORK_INFO_REQUEST: u32 = 2;
/// PPR-Flags bit 2: UE-Local-Time-Zone-Request.
pub const PPR_FLAG_UE_LOCAL_TIME_ZONE_REQUEST: u32 = 4;
/// PPR-Flags bit 3: P-CSCF-Restoration-Request.
pub const PPR_FLAG_P_CSCF_RESTORATION_REQUEST: u32 = 8;

/// AMBR (TS 29.272 §7.3.41), bits per second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ambr {
    pub max_requested_bandwidth_ul: u32,
    pub max_requested_bandwidth_dl: u32,
}

/// EPS-Subscribed-QoS-Profile (TS 29.272 §7.3.37).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EpsQos {
    /// QoS-Class-Identifier, e.g. 9.
    pub qci: u32,
    /// Priority-Level of Allocation-Retention-Priority, 1 (highest) to 15.
    pub priority_level: u32,
    /// Pre-emption-Capability: 0 ENABLED, 1 DISABLED.
    pub pre_emption_capability: Option<u32>,
    /// Pre-emption-Vulnerability: 0 ENABLED, 1 DISABLED.
    pub pre_emption_vulnerability: Option<u32>,
}

/// One APN-Configuration (TS 29.272 §7.3.35) of Non-3GPP-User-Data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApnConfig<'s> {
    pub context_identifier: u32,
    /// The APN (Service-Selection).
    pub service_selection: &'s str,
    /// One of the `PDN_TYPE_*` values.
    pub pdn_type: u32,
    /// Static addresses (at most one IPv4 and one IPv6).
    pub served_party_ip_addresses: &'s [IpAddr],
    pub qos: Option<EpsQos>,
    pub vplmn_dynamic_address_allowed: Option<bool>,
    /// MIP6-Agent-Info, given as the data (children) of the grouped AVP: the PDN GW.
    pub mip6_agent_info: Option<&'s [u8]>,
    /// PDN-GW-Allocation-Type: 0 STATIC, 1 DYNAMIC.
    pub pdn_gw_allocation_type: Option<u32>,
    /// 3GPP-Charging-Characteristics, hex digits.
    pub charging_characteristics: Option<&'s str>,
    pub ambr: Option<Ambr>,
}

/// Non-3GPP-User-Data (TS 29.273 §8.2.3.1); `Default` writes an empty group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Non3gppUserData<'s> {
    /// Subscription-Id of type END_USER_E164: the MSISDN digits.
    pub msisdn: Option<&'s str>,
    /// One of `NON_3GPP_SUBSCRIPTION_*`.
    pub non_3gpp_ip_access: Option<u32>,
    /// One of `NON_3GPP_APNS_*`.
    pub non_3gpp_ip_access_apn: Option<u32>,
    /// RAT types the user may not use for non-3GPP access.
    pub rat_types: &'s [RatType],
    /// Session-Timeout, seconds.
    pub session_timeout: Option<u32>,
    pub ambr: Option<Ambr>,
    pub charging_characteristics: Option<&'s str>,
    /// Context-Identifier of the default APN.
    pub context_identifier: Option<u32>,
    pub apn_oi_replacement: Option<&'s str>,
    pub apn_configurations: &'s [ApnConfig<'s>],
}

fn write_ambr(w: &mut AvpWriter<'_>, ambr: &Ambr) {
    w.group(&s6a::AMBR, |g| {
        g.u32(&tgpp::MAX_REQUESTED_BANDWIDTH_UL, ambr.max_requested_bandwidth_ul);
        g.u32(&tgpp::MAX_REQUESTED_BANDWIDTH_DL, ambr.max_requested_bandwidth_dl);
    });
}

fn write_apn(w: &mut AvpWriter<'_>, apn: &ApnConfig<'_>) {
    w.group(&s6a::APN_CONFIGURATION, |g| {
        g.u32(&s6a::CONTEXT_IDENTIFIER, apn.context_identifier);
        apn.served_party_ip_addresses
            .iter()
            .for_each(|ip| g.address(&tgpp::SERVED_PARTY_IP_ADDRESS, *ip));
        g.u32(&s6a::PDN_TYPE, apn.pdn_type);
        g.utf8(&ietf::SERVICE_SELECTION, apn.service_selection);
        if let Some(qos) = &apn.qos {
            g.group(&s6a::EPS_SUBSCRIBED_QOS_PROFILE, |q| {
                q.u32(&tgpp::QOS_CLASS_IDENTIFIER, qos.qci);
                q.group(&tgpp::ALLOCATION_RETENTION_PRIORITY, |arp| {
                    arp.u32(&tgpp::PRIORITY_LEVEL, qos.priority_level);
                    if let Some(c) = qos.pre_emption_capability {
                        arp.u32(&tgpp::PRE_EMPTION_CAPABILITY, c);
                    }
                    if let Some(v) = qos.pre_emption_vulnerability {
                        arp.u32(&tgpp::PRE_EMPTION_VULNERABILITY, v);
                    }
                });
            });
        }
        if let Some(allowed) = apn.vplmn_dynamic_address_allowed {
            g.u32(&s6a::VPLMN_DYNAMIC_ADDRESS_ALLOWED, u32::from(allowed));
        }
        if let Some(mip) = apn.mip6_agent_info {
            g.octets(&ietf::MIP6_AGENT_INFO, mip);
        }
        if let Some(t) = apn.pdn_gw_allocation_type {
            g.u32(&s6a::PDN_GW_ALLOCATION_TYPE, t);
        }
        if let Some(cc) = apn.charging_characteristics {
            g.utf8(&tgpp::TGPP_CHARGING_CHARACTERISTICS, cc);
        }
        if let Some(ambr) = &apn.ambr {
            write_ambr(g, ambr);
        }
    });
}

/// Writes Non-3GPP-User-Data.
pub(crate) fn write_user_data(w: &mut AvpWriter<'_>, data: &Non3gppUserData<'_>) {
    w.group(&swx::NON_3GPP_USER_DATA, |g| {
        if let Some(msisdn) = data.msisdn {
            g.group(&ietf::SUBSCRIPTION_ID, |s| {
                s.u32(&ietf::SUBSCRIPTION_ID_TYPE, 0); // END_USER_E164
                s.utf8(&ietf::SUBSCRIPTION_ID_DATA, msisdn);
            });
        }
        if let Some(v) = data.non_3gpp_ip_access {
            g.u32(&swx::NON_3GPP_IP_ACCESS, v);
        }
        if let Some(v) = data.non_3gpp_ip_access_apn {
            g.u32(&swx::NON_3GPP_IP_ACCESS_APN, v);
        }
        data.rat_types.iter().for_each(|r| g.u32(&tgpp::RAT_TYPE, r.0));
        if let Some(t) = data.session_timeout {
            g.u32(&b::SESSION_TIMEOUT, t);
        }
        if let Some(ambr) = &data.ambr {
            write_ambr(g, ambr);
        }
        if let Some(cc) = data.charging_characteristics {
            g.utf8(&tgpp::TGPP_CHARGING_CHARACTERISTICS, cc);
        }
        if let Some(ci) = data.context_identifier {
            g.u32(&s6a::CONTEXT_IDENTIFIER, ci);
        }
        if let Some(oi) = data.apn_oi_replacement {
            g.utf8(&s6a::APN_OI_REPLACEMENT, oi);
        }
        data.apn_configurations.iter().for_each(|apn| write_apn(g, apn));
    });
}

/// What an SWx MAA returns. User-Name is required even in an error answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwxMaaBody<'s> {
    pub user_name: &'s str,
    /// [`AuthScheme::EapAkaPrime`] or [`AuthScheme::EapAka`], as the MAR asked.
    pub scheme: AuthScheme<'s>,
    /// The vectors, numbered from 1 in this order; empty in an error answer.
    pub items: &'s [EapAkaItem<'s>],
    /// 3GPP-AAA-Server-Name: the AAA server already serving the user, when another one asks.
    pub aaa_server_name: Option<&'s str>,
}

/// Multimedia-Auth-Answer on SWx (TS 29.273 §8.2.2).
pub fn maa(
    buf: &mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    outcome: Outcome,
    body: &SwxMaaBody<'_>,
) -> usize {
    let mut w = start_answer(buf, req, origin, outcome, Some(ApplicationId::SWX), true);
    w.utf8(&b::USER_NAME, body.user_name);
    if !body.items.is_empty() {
        w.u32(&cx::SIP_NUMBER_AUTH_ITEMS, body.items.len() as u32);
        write_aka_items(&mut w, body.scheme, body.items);
    }
    if let Some(name) = body.aaa_server_name {
        w.utf8(&swx::TGPP_AAA_SERVER_NAME, name);
    }
    finish_answer(w, req)
}

/// What an SWx SAA returns. User-Name is required even in an error answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwxSaaBody<'s> {
    pub user_name: &'s str,
    /// The profile, for REGISTRATION and AAA_USER_DATA_REQUEST.
    pub user_data: Option<Non3gppUserData<'s>>,
    /// 3GPP-AAA-Server-Name: the AAA server already registered, on
    /// DIAMETER_ERROR_IDENTITY_ALREADY_REGISTERED.
    pub aaa_server_name: Option<&'s str>,
}

/// Server-Assignment-Answer on SWx (TS 29.273 §8.2.2).
pub fn saa(
    buf: &mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    outcome: Outcome,
    body: &SwxSaaBody<'_>,
) -> usize {
    let mut w = start_answer(buf, req, origin, outcome, Some(ApplicationId::SWX), true);
    w.utf8(&b::USER_NAME, body.user_name);
    if let Some(data) = &body.user_data {
        write_user_data(&mut w, data);
    }
    if let Some(name) = body.aaa_server_name {
        w.utf8(&swx::TGPP_AAA_SERVER_NAME, name);
    }
    finish_answer(w, req)
}

/// What an SWx RTR says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwxRtrBody<'s> {
    pub user_name: &'s str,
    pub reason: DeregistrationReason<'s>,
}

/// Registration-Termination-Request on SWx (TS 29.273 §8.2.2), to the 3GPP AAA server.
pub fn rtr(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &SwxRtrBody<'_>,
) -> usize {
    let def = command_def(swx::COMMANDS, CommandCode::REGISTRATION_TERMINATION);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    w.utf8(&b::USER_NAME, body.user_name);
    write_deregistration_reason(&mut w, &body.reason);
    w.finish()
}

/// What an SWx PPR pushes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwxPprBody<'s> {
    pub user_name: &'s str,
    pub user_data: Option<Non3gppUserData<'s>>,
    /// `PPR_FLAG_*` bits.
    pub ppr_flags: Option<u32>,
}

/// Push-Profile-Request on SWx (TS 29.273 §8.2.2), to the 3GPP AAA server.
pub fn ppr(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &SwxPprBody<'_>,
) -> usize {
    let def = command_def(swx::COMMANDS, CommandCode::PUSH_PROFILE);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    w.utf8(&b::USER_NAME, body.user_name);
    if let Some(data) = &body.user_data {
        write_user_data(&mut w, data);
    }
    if let Some(flags) = body.ppr_flags {
        w.u32(&swx::PPR_FLAGS, flags);
    }
    w.finish()
}
