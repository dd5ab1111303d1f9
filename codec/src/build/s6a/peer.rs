//! Peer-side S6a builders: the requests an MME or SGSN sends to the HSS (AIR, ULR, PUR, NOR)
//! and its answers to the HSS's requests (CLA, IDA, DSA). The HSS never sends these; the load
//! generator (which plays the MME) and the tests do. Each request carries Destination-Host
//! (optional in these ABNFs) as [`start_request`] writes it. Inputs are the structs the views
//! return, so a view reads back exactly what was written.

use bytes::BytesMut;

use super::{
    write_active_apn, write_eps_location_information, write_mip6_agent_info,
    write_requested_auth_info, write_supported_features, write_terminal_information,
};
use crate::build::{
    Destination, Origin, Outcome, RequestIds, command_def, finish_answer, start_answer,
    start_request,
};
use crate::code::{ApplicationId, CommandCode};
use crate::dict::{base as b, ietf, s6a, tgpp};
use crate::message::Message;
use crate::view::s6a::{
    ActiveApn, AirFlags, DsaFlags, EpsLocationInformation, EpsUserState, IdaFlags, Mip6AgentInfo,
    NorFlags, PurFlags, RatType, RequestedAuthInfo, SupportedFeatures, TerminalInformation,
    UlrFlags,
};

/// What an AIR asks (TS 29.272 §7.2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AirBody<'s> {
    pub imsi: &'s str,
    pub visited_plmn_id: [u8; 3],
    pub eutran: Option<RequestedAuthInfo<'s>>,
    pub utran_geran: Option<RequestedAuthInfo<'s>>,
    pub air_flags: Option<AirFlags>,
    pub supported_features: &'s [SupportedFeatures],
}

/// Authentication-Information-Request, as an MME sends it.
pub fn air(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &AirBody<'_>,
) -> usize {
    let def = command_def(s6a::COMMANDS, CommandCode::AUTHENTICATION_INFORMATION);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    w.utf8(&b::USER_NAME, body.imsi);
    for f in body.supported_features {
        write_supported_features(&mut w, f);
    }
    if let Some(info) = &body.eutran {
        write_requested_auth_info(&mut w, &s6a::REQUESTED_EUTRAN_AUTHENTICATION_INFO, info);
    }
    if let Some(info) = &body.utran_geran {
        write_requested_auth_info(&mut w, &s6a::REQUESTED_UTRAN_GERAN_AUTHENTICATION_INFO, info);
    }
    w.octets(&s6a::VISITED_PLMN_ID, &body.visited_plmn_id);
    if let Some(f) = body.air_flags {
        w.u32(&s6a::AIR_FLAGS, f.0);
    }
    w.finish()
}

/// What a ULR says (TS 29.272 §7.2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UlrBody<'s> {
    pub imsi: &'s str,
    pub visited_plmn_id: [u8; 3],
    pub rat_type: RatType,
    pub ulr_flags: UlrFlags,
    pub terminal_information: Option<TerminalInformation<'s>>,
    pub ue_srvcc_capability: Option<u32>,
    /// SGSN-Number, TBCD.
    pub sgsn_number: Option<&'s [u8]>,
    pub homogeneous_support_of_ims_voice_over_ps_sessions: Option<u32>,
    pub active_apns: &'s [ActiveApn<'s>],
    /// Written as Equivalent-PLMN-List when not empty.
    pub equivalent_plmns: &'s [[u8; 3]],
    /// MME-Number-for-MT-SMS, TBCD.
    pub mme_number_for_mt_sms: Option<&'s [u8]>,
    pub sms_register_request: Option<u32>,
    pub supported_features: &'s [SupportedFeatures],
}

impl<'s> UlrBody<'s> {
    /// The minimal ULR of an MME over E-UTRAN: S6a indicator set, no optional AVP. Set other
    /// fields with struct update syntax.
    pub fn eutran(imsi: &'s str, visited_plmn_id: [u8; 3]) -> Self {
        Self {
            imsi,
            visited_plmn_id,
            rat_type: RatType::EUTRAN,
            ulr_flags: UlrFlags::S6A_S6D_INDICATOR,
            terminal_information: None,
            ue_srvcc_capability: None,
            sgsn_number: None,
            homogeneous_support_of_ims_voice_over_ps_sessions: None,
            active_apns: &[],
            equivalent_plmns: &[],
            mme_number_for_mt_sms: None,
            sms_register_request: None,
            supported_features: &[],
        }
    }
}

/// Update-Location-Request, as an MME sends it.
pub fn ulr(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &UlrBody<'_>,
) -> usize {
    let def = command_def(s6a::COMMANDS, CommandCode::UPDATE_LOCATION);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    w.utf8(&b::USER_NAME, body.imsi);
    for f in body.supported_features {
        write_supported_features(&mut w, f);
    }
    if let Some(ti) = &body.terminal_information {
        write_terminal_information(&mut w, ti);
    }
    w.u32(&tgpp::RAT_TYPE, body.rat_type.0);
    w.u32(&s6a::ULR_FLAGS, body.ulr_flags.0);
    if let Some(v) = body.ue_srvcc_capability {
        w.u32(&s6a::UE_SRVCC_CAPABILITY, v);
    }
    w.octets(&s6a::VISITED_PLMN_ID, &body.visited_plmn_id);
    if let Some(v) = body.sgsn_number {
        w.octets(&s6a::SGSN_NUMBER, v);
    }
    if let Some(v) = body.homogeneous_support_of_ims_voice_over_ps_sessions {
        w.u32(&s6a::HOMOGENEOUS_SUPPORT_OF_IMS_VOICE_OVER_PS_SESSIONS, v);
    }
    for apn in body.active_apns {
        write_active_apn(&mut w, apn);
    }
    if !body.equivalent_plmns.is_empty() {
        w.group(&s6a::EQUIVALENT_PLMN_LIST, |g| {
            for plmn in body.equivalent_plmns {
                g.octets(&s6a::VISITED_PLMN_ID, plmn);
            }
        });
    }
    if let Some(v) = body.mme_number_for_mt_sms {
        w.octets(&s6a::MME_NUMBER_FOR_MT_SMS, v);
    }
    if let Some(v) = body.sms_register_request {
        w.u32(&s6a::SMS_REGISTER_REQUEST, v);
    }
    w.finish()
}

/// What a PUR says (TS 29.272 §7.2.13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PurBody<'s> {
    pub imsi: &'s str,
    pub pur_flags: Option<PurFlags>,
    pub eps_location_information: Option<EpsLocationInformation<'s>>,
    pub supported_features: &'s [SupportedFeatures],
}

/// Purge-UE-Request, as an MME sends it.
pub fn pur(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &PurBody<'_>,
) -> usize {
    let def = command_def(s6a::COMMANDS, CommandCode::PURGE_UE);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    w.utf8(&b::USER_NAME, body.imsi);
    if let Some(f) = body.pur_flags {
        w.u32(&s6a::PUR_FLAGS, f.0);
    }
    for f in body.supported_features {
        write_supported_features(&mut w, f);
    }
    if let Some(loc) = &body.eps_location_information {
        write_eps_location_information(&mut w, loc);
    }
    w.finish()
}

/// What a NOR says (TS 29.272 §7.2.17).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NorBody<'s> {
    pub imsi: &'s str,
    pub nor_flags: Option<NorFlags>,
    pub terminal_information: Option<TerminalInformation<'s>>,
    pub mip6_agent_info: Option<Mip6AgentInfo<'s>>,
    pub visited_network_identifier: Option<&'s [u8]>,
    pub context_identifier: Option<u32>,
    pub service_selection: Option<&'s str>,
    pub alert_reason: Option<u32>,
    pub ue_srvcc_capability: Option<u32>,
    pub homogeneous_support_of_ims_voice_over_ps_sessions: Option<u32>,
    pub supported_features: &'s [SupportedFeatures],
}

/// Notify-Request, as an MME sends it.
pub fn nor(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &NorBody<'_>,
) -> usize {
    let def = command_def(s6a::COMMANDS, CommandCode::NOTIFY);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    w.utf8(&b::USER_NAME, body.imsi);
    for f in body.supported_features {
        write_supported_features(&mut w, f);
    }
    if let Some(ti) = &body.terminal_information {
        write_terminal_information(&mut w, ti);
    }
    if let Some(mip) = &body.mip6_agent_info {
        write_mip6_agent_info(&mut w, mip);
    }
    if let Some(v) = body.visited_network_identifier {
        w.octets(&tgpp::VISITED_NETWORK_IDENTIFIER, v);
    }
    if let Some(v) = body.context_identifier {
        w.u32(&s6a::CONTEXT_IDENTIFIER, v);
    }
    if let Some(v) = body.service_selection {
        w.utf8(&ietf::SERVICE_SELECTION, v);
    }
    if let Some(v) = body.alert_reason {
        w.u32(&s6a::ALERT_REASON, v);
    }
    if let Some(v) = body.ue_srvcc_capability {
        w.u32(&s6a::UE_SRVCC_CAPABILITY, v);
    }
    if let Some(f) = body.nor_flags {
        w.u32(&s6a::NOR_FLAGS, f.0);
    }
    if let Some(v) = body.homogeneous_support_of_ims_voice_over_ps_sessions {
        w.u32(&s6a::HOMOGENEOUS_SUPPORT_OF_IMS_VOICE_OVER_PS_SESSIONS, v);
    }
    w.finish()
}

/// Cancel-Location-Answer, as an MME sends it.
pub fn cla(buf: &mut BytesMut, req: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) -> usize {
    let w = start_answer(buf, req, origin, outcome, Some(ApplicationId::S6A), true);
    finish_answer(w, req)
}

/// What an IDA reports (TS 29.272 §7.2.10); `Default` reports nothing beyond the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IdaBody<'s> {
    pub ims_voice_over_ps_sessions_supported: Option<u32>,
    /// Last-UE-Activity-Time, NTP seconds.
    pub last_ue_activity_time: Option<u32>,
    pub rat_type: Option<RatType>,
    pub ida_flags: Option<IdaFlags>,
    pub eps_user_state: Option<EpsUserState>,
    pub eps_location_information: Option<EpsLocationInformation<'s>>,
}

/// Insert-Subscriber-Data-Answer, as an MME sends it.
pub fn ida(
    buf: &mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    outcome: Outcome,
    body: &IdaBody<'_>,
) -> usize {
    let mut w = start_answer(buf, req, origin, outcome, Some(ApplicationId::S6A), true);
    if let Some(v) = body.ims_voice_over_ps_sessions_supported {
        w.u32(&s6a::IMS_VOICE_OVER_PS_SESSIONS_SUPPORTED, v);
    }
    if let Some(v) = body.last_ue_activity_time {
        w.time(&s6a::LAST_UE_ACTIVITY_TIME, v);
    }
    if let Some(v) = body.rat_type {
        w.u32(&tgpp::RAT_TYPE, v.0);
    }
    if let Some(f) = body.ida_flags {
        w.u32(&s6a::IDA_FLAGS, f.0);
    }
    if let Some(state) = &body.eps_user_state {
        w.group(&s6a::EPS_USER_STATE, |g| {
            for (def, part) in
                [(&s6a::MME_USER_STATE, state.mme), (&s6a::SGSN_USER_STATE, state.sgsn)]
            {
                if let Some(us) = part {
                    g.group(def, |p| p.u32(&s6a::USER_STATE, us.0));
                }
            }
        });
    }
    if let Some(loc) = &body.eps_location_information {
        write_eps_location_information(&mut w, loc);
    }
    finish_answer(w, req)
}

/// Delete-Subscriber-Data-Answer, as an MME sends it.
pub fn dsa(
    buf: &mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    outcome: Outcome,
    dsa_flags: Option<DsaFlags>,
) -> usize {
    let mut w = start_answer(buf, req, origin, outcome, Some(ApplicationId::S6A), true);
    if let Some(f) = dsa_flags {
        w.u32(&s6a::DSA_FLAGS, f.0);
    }
    finish_answer(w, req)
}
