//! Builders of the Cx/Dx messages (TS 29.228 / TS 29.229 §6.1).
//!
//! The HSS side is here: the answers UAA, MAA, SAA and LIA, and the requests RTR and PPR. The
//! peer side (the I-CSCF's and S-CSCF's UAR, MAR, SAR, LIR and their RTA, PPA), used by the load
//! generator and by tests, is in `peer` and re-exported here.
//!
//! Every answer carries Vendor-Specific-Application-Id (Cx) and Auth-Session-State
//! NO_STATE_MAINTAINED as the answer ABNFs of §6.1 require, and the request's Proxy-Info.

mod peer;
#[cfg(any(test, feature = "samples"))]
pub(crate) mod sample_set;
#[cfg(test)]
pub(crate) mod test_support;
#[cfg(test)]
mod tests;

pub(crate) use peer::write_auth_data_request;
pub use peer::{LirBody, MarBody, SarBody, UarBody, lir, mar, ppa, rta, sar, uar};
#[cfg(any(test, feature = "samples"))]
pub use sample_set::samples;

use bytes::BytesMut;

use super::{
    Destination, Origin, Outcome, RequestIds, command_def, finish_answer, start_answer,
    start_request,
};
use crate::code::{ApplicationId, CommandCode};
use crate::dict::{base as b, cx};
use crate::message::Message;
use crate::view::cx::{AuthScheme, ReasonCode};
use crate::writer::AvpWriter;

/// Server-Capabilities (TS 29.229 §6.3.4): what the I-CSCF needs to select an S-CSCF.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServerCapabilities<'s> {
    pub mandatory: &'s [u32],
    pub optional: &'s [u32],
    /// S-CSCF names the I-CSCF may pick from (SIP URIs).
    pub server_names: &'s [&'s str],
}

/// How a UAA or LIA designates the S-CSCF: by name when one is assigned, else by capabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerSelection<'s> {
    Name(&'s str),
    Capabilities(ServerCapabilities<'s>),
}

fn write_server(w: &mut AvpWriter<'_>, server: Option<ServerSelection<'_>>) {
    match server {
        None => {}
        Some(ServerSelection::Name(name)) => w.utf8(&cx::SERVER_NAME, name),
        Some(ServerSelection::Capabilities(caps)) => {
            w.group(&cx::SERVER_CAPABILITIES, |g| {
                caps.mandatory.iter().for_each(|c| g.u32(&cx::MANDATORY_CAPABILITY, *c));
                caps.optional.iter().for_each(|c| g.u32(&cx::OPTIONAL_CAPABILITY, *c));
                caps.server_names.iter().for_each(|n| g.utf8(&cx::SERVER_NAME, n));
            });
        }
    }
}

/// One AKA vector as a MAA carries it (TS 29.228 §6.3, TS 29.273 §8.1.2.1): IMS AKA on
/// Cx (CK, IK), EAP-AKA' on SWx (CK', IK').
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImsAuthItem<'s> {
    pub rand: &'s [u8; 16],
    pub autn: &'s [u8; 16],
    /// XRES, 4 to 16 octets.
    pub xres: &'s [u8],
    pub ck: &'s [u8; 16],
    pub ik: &'s [u8; 16],
}

/// SIP-Digest-Authenticate (TS 29.229 §6.3.36) for the "SIP Digest" scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SipDigest<'s> {
    pub realm: &'s str,
    /// Digest-Algorithm, e.g. "MD5"; absent means MD5.
    pub algorithm: Option<&'s str>,
    /// Digest-QoP, e.g. "auth".
    pub qop: &'s str,
    /// Digest-HA1: H(username ":" realm ":" password), lowercase hex.
    pub ha1: &'s str,
}

/// The authentication data of a successful Cx MAA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CxAuthItems<'s> {
    /// IMS AKA vectors, scheme "Digest-AKAv1-MD5", numbered from 1 in this order.
    Aka(&'s [ImsAuthItem<'s>]),
    /// One SIP Digest item, scheme "SIP Digest".
    Digest(SipDigest<'s>),
}

/// What a successful MAA returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaaBody<'s> {
    /// The IMPI of the request.
    pub user_name: &'s str,
    /// The IMPU of the request.
    pub public_identity: &'s str,
    pub items: CxAuthItems<'s>,
}

/// SIP-Number-Auth-Items and the SIP-Auth-Data-Items of AKA vectors: SIP-Item-Number from 1,
/// the scheme, SIP-Authenticate RAND || AUTN, SIP-Authorization XRES, Confidentiality-Key and
/// Integrity-Key.
pub(crate) fn write_aka_items(
    w: &mut AvpWriter<'_>,
    scheme: AuthScheme<'_>,
    items: &[ImsAuthItem<'_>],
) {
    w.u32(&cx::SIP_NUMBER_AUTH_ITEMS, items.len() as u32);
    for (n, item) in (1u32..).zip(items) {
        w.group(&cx::SIP_AUTH_DATA_ITEM, |g| {
            g.u32(&cx::SIP_ITEM_NUMBER, n);
            g.utf8(&cx::SIP_AUTHENTICATION_SCHEME, scheme.as_str());
            let mut challenge = [0u8; 32];
            challenge[..16].copy_from_slice(item.rand);
            challenge[16..].copy_from_slice(item.autn);
            g.octets(&cx::SIP_AUTHENTICATE, &challenge);
            g.octets(&cx::SIP_AUTHORIZATION, item.xres);
            g.octets(&cx::CONFIDENTIALITY_KEY, item.ck);
            g.octets(&cx::INTEGRITY_KEY, item.ik);
        });
    }
}

/// Charging-Information (TS 29.229 §6.3.19): the charging function addresses (DiameterURIs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChargingInformation<'s> {
    pub primary_event_charging_function: Option<&'s str>,
    pub secondary_event_charging_function: Option<&'s str>,
    pub primary_charging_collection_function: Option<&'s str>,
    pub secondary_charging_collection_function: Option<&'s str>,
}

fn write_charging_information(w: &mut AvpWriter<'_>, ci: &ChargingInformation<'_>) {
    w.group(&cx::CHARGING_INFORMATION, |g| {
        let fields = [
            (&cx::PRIMARY_EVENT_CHARGING_FUNCTION_NAME, ci.primary_event_charging_function),
            (&cx::SECONDARY_EVENT_CHARGING_FUNCTION_NAME, ci.secondary_event_charging_function),
            (
                &cx::PRIMARY_CHARGING_COLLECTION_FUNCTION_NAME,
                ci.primary_charging_collection_function,
            ),
            (
                &cx::SECONDARY_CHARGING_COLLECTION_FUNCTION_NAME,
                ci.secondary_charging_collection_function,
            ),
        ];
        for (def, value) in fields {
            if let Some(v) = value {
                g.utf8(def, v);
            }
        }
    });
}

/// Writes a grouped AVP of User-Name children (Associated-Identities and friends), if any.
fn write_user_names(w: &mut AvpWriter<'_>, def: &crate::dict::AvpDef, names: &[&str]) {
    if !names.is_empty() {
        w.group(def, |g| names.iter().for_each(|n| g.utf8(&b::USER_NAME, n)));
    }
}

/// What an SAA returns; `Default` is an SAA with nothing beyond the result.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SaaBody<'s> {
    /// The IMPI (TS 29.228 §6.1.2: sent when the SAR had none, or always).
    pub user_name: Option<&'s str>,
    /// User-Data: the IMSSubscription XML document (TS 29.228 Annex E).
    pub user_data: Option<&'s [u8]>,
    pub charging_information: Option<ChargingInformation<'s>>,
    /// Associated-Identities: the other IMPIs of the IMS subscription.
    pub associated_identities: &'s [&'s str],
    /// Loose-Route-Indication: true for LOOSE_ROUTE_REQUIRED.
    pub loose_route_required: Option<bool>,
    /// SCSCF-Restoration-Info AVPs to return, each given as the data of one received AVP
    /// (`RawAvp::data` of [`crate::view::cx::SarView::scscf_restoration_info`]).
    pub scscf_restoration_info: &'s [&'s [u8]],
    /// Associated-Registered-Identities: the IMPIs registered with the same IMPU.
    pub associated_registered_identities: &'s [&'s str],
    /// Server-Name, for a SAR that did not name the assigned S-CSCF.
    pub server_name: Option<&'s str>,
    pub wildcarded_public_identity: Option<&'s str>,
    /// Priviledged-Sender-Indication: true for PRIVILEDGED_SENDER.
    pub priviledged_sender: Option<bool>,
}

/// User-Authorization-Answer (TS 29.229 §6.1.2). A registration's result is an experimental
/// DIAMETER_FIRST_REGISTRATION (2001), _SUBSEQUENT_REGISTRATION (2002) or
/// _UNREGISTERED_SERVICE (2003) in `outcome`, with the S-CSCF's name or the capabilities.
pub fn uaa(
    buf: &mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    outcome: Outcome,
    server: Option<ServerSelection<'_>>,
) -> usize {
    let mut w = start_answer(buf, req, origin, outcome, Some(ApplicationId::CX), true);
    write_server(&mut w, server);
    finish_answer(w, req)
}

/// Multimedia-Auth-Answer (TS 29.229 §6.1.8): `body` on success, `None` with an error.
pub fn maa(
    buf: &mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    outcome: Outcome,
    body: Option<&MaaBody<'_>>,
) -> usize {
    let mut w = start_answer(buf, req, origin, outcome, Some(ApplicationId::CX), true);
    if let Some(body) = body {
        w.utf8(&b::USER_NAME, body.user_name);
        w.utf8(&cx::PUBLIC_IDENTITY, body.public_identity);
        match body.items {
            CxAuthItems::Aka(items) => write_aka_items(&mut w, AuthScheme::DigestAkaV1Md5, items),
            CxAuthItems::Digest(d) => {
                w.u32(&cx::SIP_NUMBER_AUTH_ITEMS, 1);
                w.group(&cx::SIP_AUTH_DATA_ITEM, |g| {
                    g.u32(&cx::SIP_ITEM_NUMBER, 1);
                    g.utf8(&cx::SIP_AUTHENTICATION_SCHEME, AuthScheme::SipDigest.as_str());
                    g.group(&cx::SIP_DIGEST_AUTHENTICATE, |d_| {
                        d_.utf8(&cx::DIGEST_REALM, d.realm);
                        if let Some(alg) = d.algorithm {
                            d_.utf8(&cx::DIGEST_ALGORITHM, alg);
                        }
                        d_.utf8(&cx::DIGEST_QOP, d.qop);
                        d_.utf8(&cx::DIGEST_HA1, d.ha1);
                    });
                });
            }
        }
    }
    finish_answer(w, req)
}

/// Server-Assignment-Answer (TS 29.229 §6.1.4).
pub fn saa(
    buf: &mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    outcome: Outcome,
    body: &SaaBody<'_>,
) -> usize {
    let mut w = start_answer(buf, req, origin, outcome, Some(ApplicationId::CX), true);
    if let Some(name) = body.user_name {
        w.utf8(&b::USER_NAME, name);
    }
    if let Some(data) = body.user_data {
        w.octets(&cx::USER_DATA, data);
    }
    if let Some(ci) = &body.charging_information {
        write_charging_information(&mut w, ci);
    }
    write_user_names(&mut w, &cx::ASSOCIATED_IDENTITIES, body.associated_identities);
    if let Some(required) = body.loose_route_required {
        w.u32(&cx::LOOSE_ROUTE_INDICATION, u32::from(required));
    }
    for info in body.scscf_restoration_info {
        w.octets(&cx::SCSCF_RESTORATION_INFO, info);
    }
    write_user_names(
        &mut w,
        &cx::ASSOCIATED_REGISTERED_IDENTITIES,
        body.associated_registered_identities,
    );
    if let Some(name) = body.server_name {
        w.utf8(&cx::SERVER_NAME, name);
    }
    if let Some(wpi) = body.wildcarded_public_identity {
        w.utf8(&cx::WILDCARDED_PUBLIC_IDENTITY, wpi);
    }
    if let Some(p) = body.priviledged_sender {
        w.u32(&cx::PRIVILEDGED_SENDER_INDICATION, u32::from(p));
    }
    finish_answer(w, req)
}

/// Location-Info-Answer (TS 29.229 §6.1.6): the S-CSCF name (or capabilities, when the
/// user is unregistered and the I-CSCF must select one).
pub fn lia(
    buf: &mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    outcome: Outcome,
    server: Option<ServerSelection<'_>>,
    wildcarded_public_identity: Option<&str>,
) -> usize {
    let mut w = start_answer(buf, req, origin, outcome, Some(ApplicationId::CX), true);
    write_server(&mut w, server);
    if let Some(wpi) = wildcarded_public_identity {
        w.utf8(&cx::WILDCARDED_PUBLIC_IDENTITY, wpi);
    }
    finish_answer(w, req)
}

/// Deregistration-Reason (TS 29.229 §6.3.16); also sent on SWx.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeregistrationReason<'s> {
    pub code: ReasonCode,
    /// Reason-Info: text for the user.
    pub info: Option<&'s str>,
}

pub(crate) fn write_deregistration_reason(
    w: &mut AvpWriter<'_>,
    reason: &DeregistrationReason<'_>,
) {
    w.group(&cx::DEREGISTRATION_REASON, |g| {
        g.u32(&cx::REASON_CODE, reason.code.0);
        if let Some(info) = reason.info {
            g.utf8(&cx::REASON_INFO, info);
        }
    });
}

/// What an RTR says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RtrBody<'s> {
    /// The IMPI whose registrations end.
    pub user_name: &'s str,
    /// Further IMPIs deregistered at the same time (Associated-Identities).
    pub associated_identities: &'s [&'s str],
    /// The IMPUs deregistered; empty means all of the IMPI's.
    pub public_identities: &'s [&'s str],
    pub reason: DeregistrationReason<'s>,
    pub rtr_flags: Option<u32>,
}

/// Registration-Termination-Request (TS 29.229 §6.1.9), from the HSS to the S-CSCF.
pub fn rtr(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &RtrBody<'_>,
) -> usize {
    let def = command_def(cx::COMMANDS, CommandCode::REGISTRATION_TERMINATION);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    w.utf8(&b::USER_NAME, body.user_name);
    write_user_names(&mut w, &cx::ASSOCIATED_IDENTITIES, body.associated_identities);
    body.public_identities.iter().for_each(|p| w.utf8(&cx::PUBLIC_IDENTITY, p));
    write_deregistration_reason(&mut w, &body.reason);
    if let Some(flags) = body.rtr_flags {
        w.u32(&cx::RTR_FLAGS, flags);
    }
    w.finish()
}

/// What a PPR pushes: the new profile, the new charging addresses, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PprBody<'s> {
    /// The IMPI.
    pub user_name: &'s str,
    /// User-Data: the IMSSubscription XML document.
    pub user_data: Option<&'s [u8]>,
    pub charging_information: Option<ChargingInformation<'s>>,
}

/// Push-Profile-Request (TS 29.229 §6.1.11), from the HSS to the S-CSCF.
pub fn ppr(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &PprBody<'_>,
) -> usize {
    let def = command_def(cx::COMMANDS, CommandCode::PUSH_PROFILE);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    w.utf8(&b::USER_NAME, body.user_name);
    if let Some(data) = body.user_data {
        w.octets(&cx::USER_DATA, data);
    }
    if let Some(ci) = &body.charging_information {
        write_charging_information(&mut w, ci);
    }
    w.finish()
}
