//! Builders of the S6a/S6d messages (TS 29.272 §7.2).
//!
//! The HSS side is here: the answers AIA, ULA, PUA and NOA, and the requests CLR, IDR and DSR.
//! Subscription-Data lives in `subscription`, TBCD numbers in `tbcd`. The peer side (the MME's
//! AIR, ULR, PUR and NOR, and its CLA, IDA and DSA), which the load generator and the tests use,
//! is in `peer`; everything is re-exported here.
//!
//! Hot path: AIA and ULA are written straight into the connection's buffer from borrowed input
//! (vectors, a subscription profile, maybe a cached encoded APN profile); no builder allocates.
//! Every answer carries Vendor-Specific-Application-Id (S6a) and Auth-Session-State
//! NO_STATE_MAINTAINED, as the answer ABNFs of §7.2 require, and the request's Proxy-Info.

mod peer;
#[cfg(any(test, feature = "samples"))]
mod sample_set;
mod subscription;
mod tbcd;
#[cfg(test)]
mod tests;

pub use peer::{AirBody, IdaBody, NorBody, PurBody, UlrBody, air, cla, dsa, ida, nor, pur, ulr};
#[cfg(any(test, feature = "samples"))]
pub use sample_set::samples;
pub use subscription::{
    AllocationRetentionPriority, Ambr, ApnConfiguration, ApnConfigurationProfile, ApnProfile,
    EpsSubscribedQos, SubscriptionData, encode_apn_configuration_profile, write_ambr,
    write_apn_configuration, write_subscription_data,
};
pub use tbcd::Tbcd;

use bytes::BytesMut;

use super::{
    Destination, Origin, Outcome, RequestIds, command_def, finish_answer, start_answer,
    start_request,
};
use crate::code::{ApplicationId, CommandCode};
use crate::dict::{base as b, ietf, s6a, tgpp};
use crate::message::Message;
use crate::view::s6a::{
    ActiveApn, CancellationType, ClrFlags, DsrFlags, EpsLocationInformation, IdrFlags,
    Mip6AgentInfo, PuaFlags, RequestedAuthInfo, SupportedFeatures, TerminalInformation, UlaFlags,
};
use crate::writer::AvpWriter;

/// True for an outcome that reports success: only then do AIA and ULA carry data.
fn succeeded(outcome: Outcome) -> bool {
    match outcome {
        Outcome::Success => true,
        Outcome::Result(c) | Outcome::Experimental(c) => c.is_success(),
    }
}

// ---- vectors ---------------------------------------------------------------------------------

/// An E-UTRAN vector (TS 33.401 §6.1) for E-UTRAN-Vector (TS 29.272 §7.3.18).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EutranVectorData<'s> {
    pub rand: &'s [u8; 16],
    /// XRES, 4 to 16 octets (8 with MILENAGE).
    pub xres: &'s [u8],
    pub autn: &'s [u8; 16],
    pub kasme: &'s [u8; 32],
}

/// A UTRAN quintuplet (TS 33.102 §6.3.2) for UTRAN-Vector (TS 29.272 §7.3.19).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UtranVectorData<'s> {
    pub rand: &'s [u8; 16],
    /// XRES, 4 to 16 octets.
    pub xres: &'s [u8],
    pub autn: &'s [u8; 16],
    /// CK, written as Confidentiality-Key.
    pub ck: &'s [u8; 16],
    /// IK, written as Integrity-Key.
    pub ik: &'s [u8; 16],
}

/// A GERAN triplet for GERAN-Vector (TS 29.272 §7.3.20).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GeranVectorData<'s> {
    pub rand: &'s [u8; 16],
    pub sres: &'s [u8; 4],
    pub kc: &'s [u8; 8],
}

/// The vectors of an Authentication-Info AVP (TS 29.272 §7.3.17). A caller holding its vectors
/// in an array builds the slices without allocating, e.g.
/// `let data = vectors.each_ref().map(|v| EutranVectorData { rand: &v.rand, .. });`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AuthenticationInfo<'s> {
    pub eutran: &'s [EutranVectorData<'s>],
    pub utran: &'s [UtranVectorData<'s>],
    pub geran: &'s [GeranVectorData<'s>],
}

impl AuthenticationInfo<'_> {
    /// True when there is no vector at all.
    pub fn is_empty(&self) -> bool {
        self.eutran.is_empty() && self.utran.is_empty() && self.geran.is_empty()
    }
}

/// Writes Authentication-Info with every vector. Each kind is numbered from 1 with Item-Number
/// (§7.3.23: "used to order Vectors received within one request").
pub fn write_authentication_info(w: &mut AvpWriter<'_>, info: &AuthenticationInfo<'_>) {
    w.group(&s6a::AUTHENTICATION_INFO, |g| {
        for (n, v) in (1u32..).zip(info.eutran) {
            g.group(&s6a::E_UTRAN_VECTOR, |e| {
                e.u32(&s6a::ITEM_NUMBER, n);
                e.octets(&s6a::RAND, v.rand);
                e.octets(&s6a::XRES, v.xres);
                e.octets(&s6a::AUTN, v.autn);
                e.octets(&s6a::KASME, v.kasme);
            });
        }
        for (n, v) in (1u32..).zip(info.utran) {
            g.group(&s6a::UTRAN_VECTOR, |u| {
                u.u32(&s6a::ITEM_NUMBER, n);
                u.octets(&s6a::RAND, v.rand);
                u.octets(&s6a::XRES, v.xres);
                u.octets(&s6a::AUTN, v.autn);
                u.octets(&crate::dict::cx::CONFIDENTIALITY_KEY, v.ck);
                u.octets(&crate::dict::cx::INTEGRITY_KEY, v.ik);
            });
        }
        for (n, v) in (1u32..).zip(info.geran) {
            g.group(&s6a::GERAN_VECTOR, |t| {
                t.u32(&s6a::ITEM_NUMBER, n);
                t.octets(&s6a::RAND, v.rand);
                t.octets(&s6a::SRES, v.sres);
                t.octets(&s6a::KC, v.kc);
            });
        }
    });
}

// ---- grouped AVPs both sides write ------------------------------------------------------------

/// Writes one Supported-Features AVP.
pub fn write_supported_features(w: &mut AvpWriter<'_>, f: &SupportedFeatures) {
    w.group(&tgpp::SUPPORTED_FEATURES, |g| {
        g.u32(&b::VENDOR_ID, f.vendor_id);
        g.u32(&tgpp::FEATURE_LIST_ID, f.feature_list_id);
        g.u32(&tgpp::FEATURE_LIST, f.feature_list);
    });
}

/// Writes a MIP6-Agent-Info AVP (RFC 5447 §4.2.1).
pub fn write_mip6_agent_info(w: &mut AvpWriter<'_>, info: &Mip6AgentInfo<'_>) {
    w.group(&ietf::MIP6_AGENT_INFO, |g| {
        for ip in info.home_agent_addresses.iter().flatten() {
            g.address(&ietf::MIP_HOME_AGENT_ADDRESS, *ip);
        }
        if let Some(host) = &info.home_agent_host {
            g.group(&ietf::MIP_HOME_AGENT_HOST, |h| {
                h.utf8(&b::DESTINATION_REALM, host.realm);
                h.utf8(&b::DESTINATION_HOST, host.host);
            });
        }
    });
}

/// Writes a Terminal-Information AVP.
pub fn write_terminal_information(w: &mut AvpWriter<'_>, ti: &TerminalInformation<'_>) {
    w.group(&s6a::TERMINAL_INFORMATION, |g| {
        if let Some(v) = ti.imei {
            g.utf8(&s6a::IMEI, v);
        }
        if let Some(v) = ti.meid {
            g.octets(&s6a::TGPP2_MEID, v);
        }
        if let Some(v) = ti.software_version {
            g.utf8(&s6a::SOFTWARE_VERSION, v);
        }
    });
}

/// Writes an Active-APN AVP (ULR, SWx SAR).
pub fn write_active_apn(w: &mut AvpWriter<'_>, apn: &ActiveApn<'_>) {
    w.group(&s6a::ACTIVE_APN, |g| {
        g.u32(&s6a::CONTEXT_IDENTIFIER, apn.context_identifier);
        if let Some(v) = apn.service_selection {
            g.utf8(&ietf::SERVICE_SELECTION, v);
        }
        if let Some(mip) = &apn.mip6_agent_info {
            write_mip6_agent_info(g, mip);
        }
        if let Some(v) = apn.visited_network_identifier {
            g.octets(&tgpp::VISITED_NETWORK_IDENTIFIER, v);
        }
    });
}

/// Writes Requested-EUTRAN-Authentication-Info or Requested-UTRAN-GERAN-Authentication-Info
/// (`def` says which). Immediate-Response-Preferred is written with value 0 ("not
/// significant").
pub fn write_requested_auth_info(
    w: &mut AvpWriter<'_>,
    def: &crate::dict::AvpDef,
    info: &RequestedAuthInfo<'_>,
) {
    w.group(def, |g| {
        if let Some(n) = info.number_of_requested_vectors {
            g.u32(&s6a::NUMBER_OF_REQUESTED_VECTORS, n);
        }
        if info.immediate_response_preferred {
            g.u32(&s6a::IMMEDIATE_RESPONSE_PREFERRED, 0);
        }
        if let Some(r) = info.resync {
            g.octets(&s6a::RE_SYNCHRONIZATION_INFO, r);
        }
    });
}

/// Writes an EPS-Location-Information AVP.
pub fn write_eps_location_information(w: &mut AvpWriter<'_>, loc: &EpsLocationInformation<'_>) {
    w.group(&s6a::EPS_LOCATION_INFORMATION, |g| {
        if let Some(mme) = &loc.mme {
            g.group(&s6a::MME_LOCATION_INFORMATION, |m| {
                if let Some(v) = mme.e_utran_cell_global_identity {
                    m.octets(&s6a::E_UTRAN_CELL_GLOBAL_IDENTITY, v);
                }
                if let Some(v) = mme.tracking_area_identity {
                    m.octets(&s6a::TRACKING_AREA_IDENTITY, v);
                }
                if let Some(v) = mme.age_of_location_information {
                    m.u32(&s6a::AGE_OF_LOCATION_INFORMATION, v);
                }
            });
        }
        if let Some(sgsn) = &loc.sgsn {
            g.group(&s6a::SGSN_LOCATION_INFORMATION, |s| {
                if let Some(v) = sgsn.cell_global_identity {
                    s.octets(&s6a::CELL_GLOBAL_IDENTITY, v);
                }
                if let Some(v) = sgsn.location_area_identity {
                    s.octets(&s6a::LOCATION_AREA_IDENTITY, v);
                }
                if let Some(v) = sgsn.service_area_identity {
                    s.octets(&s6a::SERVICE_AREA_IDENTITY, v);
                }
                if let Some(v) = sgsn.routing_area_identity {
                    s.octets(&s6a::ROUTING_AREA_IDENTITY, v);
                }
                if let Some(v) = sgsn.age_of_location_information {
                    s.u32(&s6a::AGE_OF_LOCATION_INFORMATION, v);
                }
            });
        }
    });
}

// ---- answers the HSS sends ----------------------------------------------------------------------

/// What an AIA carries beyond its result; `Default` carries nothing (an error answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AiaBody<'s> {
    /// The vectors; written only on success, and only when there is at least one.
    pub vectors: AuthenticationInfo<'s>,
    /// UE-Usage-Type, when AIR-Flags asked for it; written only on success.
    pub ue_usage_type: Option<u32>,
    pub supported_features: &'s [SupportedFeatures],
    /// Error-Diagnostic ([`crate::view::s6a::error_diagnostic`]).
    pub error_diagnostic: Option<u32>,
}

/// Authentication-Information-Answer (TS 29.272 §5.2.3.1.3, §7.2.6). Errors the HSS reports
/// here: Experimental DIAMETER_ERROR_USER_UNKNOWN (5001), DIAMETER_ERROR_UNKNOWN_EPS_SUBSCRIPTION
/// (5420), DIAMETER_ERROR_ROAMING_NOT_ALLOWED (5004), DIAMETER_AUTHENTICATION_DATA_UNAVAILABLE
/// (4181); see [`crate::code::experimental`].
pub fn aia(
    buf: &mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    outcome: Outcome,
    body: &AiaBody<'_>,
) -> usize {
    let mut w = start_answer(buf, req, origin, outcome, Some(ApplicationId::S6A), true);
    if let Some(d) = body.error_diagnostic {
        w.u32(&s6a::ERROR_DIAGNOSTIC, d);
    }
    for f in body.supported_features {
        write_supported_features(&mut w, f);
    }
    if succeeded(outcome) {
        if !body.vectors.is_empty() {
            write_authentication_info(&mut w, &body.vectors);
        }
        if let Some(t) = body.ue_usage_type {
            w.u32(&s6a::UE_USAGE_TYPE, t);
        }
    }
    finish_answer(w, req)
}

/// What a ULA carries beyond its result; `Default` carries nothing (an error answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UlaBody<'s> {
    /// ULA-Flags, written on success (a Rel-8+ HSS sets SEPARATION_INDICATION).
    pub ula_flags: UlaFlags,
    pub supported_features: &'s [SupportedFeatures],
    /// Written on success only. Leave it `None` when the ULR set Skip-Subscriber-Data and the
    /// profile has not changed since this MME's last update (§7.3.7).
    pub subscription_data: Option<&'s SubscriptionData<'s>>,
    /// Error-Diagnostic, with UNKNOWN_EPS_SUBSCRIPTION or ROAMING_NOT_ALLOWED.
    pub error_diagnostic: Option<u32>,
}

/// Update-Location-Answer (TS 29.272 §5.2.1.1.3, §7.2.4).
pub fn ula(
    buf: &mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    outcome: Outcome,
    body: &UlaBody<'_>,
) -> usize {
    let mut w = start_answer(buf, req, origin, outcome, Some(ApplicationId::S6A), true);
    if let Some(d) = body.error_diagnostic {
        w.u32(&s6a::ERROR_DIAGNOSTIC, d);
    }
    for f in body.supported_features {
        write_supported_features(&mut w, f);
    }
    if succeeded(outcome) {
        w.u32(&s6a::ULA_FLAGS, body.ula_flags.0);
        if let Some(data) = body.subscription_data {
            write_subscription_data(&mut w, data);
        }
    }
    finish_answer(w, req)
}

/// Purge-UE-Answer (TS 29.272 §7.2.14), with PUA-Flags when given.
pub fn pua(
    buf: &mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    outcome: Outcome,
    pua_flags: Option<PuaFlags>,
) -> usize {
    let mut w = start_answer(buf, req, origin, outcome, Some(ApplicationId::S6A), true);
    if let Some(f) = pua_flags {
        w.u32(&s6a::PUA_FLAGS, f.0);
    }
    finish_answer(w, req)
}

/// Notify-Answer (TS 29.272 §7.2.18).
pub fn noa(buf: &mut BytesMut, req: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) -> usize {
    let w = start_answer(buf, req, origin, outcome, Some(ApplicationId::S6A), true);
    finish_answer(w, req)
}

// ---- requests the HSS sends -----------------------------------------------------------------

/// What a CLR says (TS 29.272 §7.2.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClrBody<'s> {
    pub imsi: &'s str,
    pub cancellation_type: CancellationType,
    pub clr_flags: Option<ClrFlags>,
    pub supported_features: &'s [SupportedFeatures],
}

/// Cancel-Location-Request, to the MME or SGSN the subscriber left (or is withdrawn from).
pub fn clr(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &ClrBody<'_>,
) -> usize {
    let def = command_def(s6a::COMMANDS, CommandCode::CANCEL_LOCATION);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    w.utf8(&b::USER_NAME, body.imsi);
    for f in body.supported_features {
        write_supported_features(&mut w, f);
    }
    w.u32(&s6a::CANCELLATION_TYPE, body.cancellation_type.0);
    if let Some(f) = body.clr_flags {
        w.u32(&s6a::CLR_FLAGS, f.0);
    }
    w.finish()
}

/// What an IDR says (TS 29.272 §7.2.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdrBody<'s> {
    pub imsi: &'s str,
    pub subscription_data: &'s SubscriptionData<'s>,
    pub idr_flags: Option<IdrFlags>,
    pub supported_features: &'s [SupportedFeatures],
}

/// Insert-Subscriber-Data-Request, to the serving MME or SGSN.
pub fn idr(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &IdrBody<'_>,
) -> usize {
    let def = command_def(s6a::COMMANDS, CommandCode::INSERT_SUBSCRIBER_DATA);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    w.utf8(&b::USER_NAME, body.imsi);
    for f in body.supported_features {
        write_supported_features(&mut w, f);
    }
    write_subscription_data(&mut w, body.subscription_data);
    if let Some(f) = body.idr_flags {
        w.u32(&s6a::IDR_FLAGS, f.0);
    }
    w.finish()
}

/// What a DSR says (TS 29.272 §7.2.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DsrBody<'s> {
    pub imsi: &'s str,
    pub dsr_flags: DsrFlags,
    /// The APN (or PDP) contexts to delete, with PDN_SUBSCRIPTION_CONTEXTS_WITHDRAWAL (or
    /// PDP_CONTEXTS_WITHDRAWAL) set.
    pub context_identifiers: &'s [u32],
    pub supported_features: &'s [SupportedFeatures],
}

/// Delete-Subscriber-Data-Request, to the serving MME or SGSN.
pub fn dsr(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &DsrBody<'_>,
) -> usize {
    let def = command_def(s6a::COMMANDS, CommandCode::DELETE_SUBSCRIBER_DATA);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    w.utf8(&b::USER_NAME, body.imsi);
    for f in body.supported_features {
        write_supported_features(&mut w, f);
    }
    w.u32(&s6a::DSR_FLAGS, body.dsr_flags.0);
    for ci in body.context_identifiers {
        w.u32(&s6a::CONTEXT_IDENTIFIER, *ci);
    }
    w.finish()
}
