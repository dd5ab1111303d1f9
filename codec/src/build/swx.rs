//! Builders of the SWx messages (TS 29.273 §8).
//!
//! The HSS side: the answers MAA and SAA, and the requests RTR and PPR. The peer side (the 3GPP
//! AAA server's MAR, SAR, RTA and PPA), for the load generator and the tests, is in `peer` and
//! re-exported here. Subscription data travels as Non-3GPP-User-Data, given as the plain
//! [`Non3gppUserData`] struct; its APN-Configuration and AMBR AVPs are S6a's, written by the S6a
//! builders from the same input structs ([`ApnConfiguration`], [`Ambr`]).

mod peer;
#[cfg(any(test, feature = "samples"))]
mod sample_set;
#[cfg(test)]
mod tests;

pub use peer::{SwxMarBody, SwxSarBody, mar, ppa, rta, sar};
#[cfg(any(test, feature = "samples"))]
pub use sample_set::samples;

use bytes::BytesMut;

use super::cx::{DeregistrationReason, ImsAuthItem, write_aka_items, write_deregistration_reason};
use super::s6a::{Ambr, ApnConfiguration, write_ambr, write_apn_configuration};
use super::{
    Destination, Origin, Outcome, RequestIds, command_def, finish_answer, start_answer,
    start_request,
};
use crate::code::{ApplicationId, CommandCode};
use crate::dict::{base as b, ietf, s6a, swx, tgpp};
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
/// PPR-Flags bit 0: Reset-Indication (TS 29.273).
pub const PPR_FLAG_RESET_INDICATION: u32 = 1;
/// PPR-Flags bit 1: Access-Network-Info-Request.
pub const PPR_FLAG_ACCESS_NETWORK_INFO_REQUEST: u32 = 2;
/// PPR-Flags bit 2: UE-Local-Time-Zone-Request.
pub const PPR_FLAG_UE_LOCAL_TIME_ZONE_REQUEST: u32 = 4;
/// PPR-Flags bit 3: P-CSCF-Restoration-Request.
pub const PPR_FLAG_P_CSCF_RESTORATION_REQUEST: u32 = 8;

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
    /// The APN-Configuration AVPs, the same as S6a's (TS 29.272 §7.3.35).
    pub apn_configurations: &'s [ApnConfiguration<'s>],
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
        data.apn_configurations.iter().for_each(|apn| write_apn_configuration(g, apn));
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
