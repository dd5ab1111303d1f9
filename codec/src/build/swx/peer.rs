//! Peer-side SWx builders: the 3GPP AAA server's MAR and SAR to the HSS, and its RTA and PPA.
//! The HSS never sends these; the load generator and the tests do.

use bytes::BytesMut;

use crate::build::cx::write_auth_data_request;
use crate::build::s6a::{write_active_apn, write_terminal_information};
use crate::build::{
    Destination, Origin, Outcome, RequestIds, command_def, plain_answer, start_request,
};
use crate::code::CommandCode;
use crate::dict::{base as b, cx, ietf, s6a, swx, tgpp};
use crate::message::Message;
use crate::view::cx::{AkaResync, AuthScheme, ServerAssignmentType};
use crate::view::swx::{ActiveApn, AnTrusted, RatType, TerminalInformation};

/// What an SWx MAR asks (TS 29.273 §8.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwxMarBody<'s> {
    pub user_name: &'s str,
    pub sip_number_auth_items: u32,
    /// [`AuthScheme::EapAkaPrime`] or [`AuthScheme::EapAka`].
    pub scheme: AuthScheme<'s>,
    pub resync: Option<AkaResync>,
    pub rat_type: Option<RatType>,
    pub an_trusted: Option<AnTrusted>,
    pub anid: Option<&'s str>,
    pub visited_network_identifier: Option<&'s [u8]>,
    pub terminal_information: Option<TerminalInformation<'s>>,
    pub aaa_failure_indication: Option<u32>,
}

/// Multimedia-Auth-Request on SWx, as a 3GPP AAA server sends it.
pub fn mar(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &SwxMarBody<'_>,
) -> usize {
    let def = command_def(swx::COMMANDS, CommandCode::MULTIMEDIA_AUTH);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    w.utf8(&b::USER_NAME, body.user_name);
    if let Some(rat) = body.rat_type {
        w.u32(&tgpp::RAT_TYPE, rat.0);
    }
    if let Some(t) = body.an_trusted {
        w.u32(&swx::AN_TRUSTED, t.0);
    }
    if let Some(anid) = body.anid {
        w.utf8(&swx::ANID, anid);
    }
    if let Some(vni) = body.visited_network_identifier {
        w.octets(&tgpp::VISITED_NETWORK_IDENTIFIER, vni);
    }
    if let Some(ti) = &body.terminal_information {
        write_terminal_information(&mut w, ti);
    }
    write_auth_data_request(&mut w, body.scheme, body.resync.as_ref());
    w.u32(&cx::SIP_NUMBER_AUTH_ITEMS, body.sip_number_auth_items);
    if let Some(f) = body.aaa_failure_indication {
        w.u32(&swx::AAA_FAILURE_INDICATION, f);
    }
    w.finish()
}

/// What an SWx SAR asks (TS 29.273 §8.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwxSarBody<'s> {
    pub user_name: &'s str,
    pub server_assignment_type: ServerAssignmentType,
    pub service_selection: Option<&'s str>,
    pub context_identifier: Option<u32>,
    /// MIP6-Agent-Info data (children), for a PGW_UPDATE.
    pub mip6_agent_info: Option<&'s [u8]>,
    pub visited_network_identifier: Option<&'s [u8]>,
    pub active_apns: &'s [ActiveApn<'s>],
    pub terminal_information: Option<TerminalInformation<'s>>,
    pub emergency_services: Option<u32>,
}

/// Server-Assignment-Request on SWx, as a 3GPP AAA server sends it.
pub fn sar(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &SwxSarBody<'_>,
) -> usize {
    let def = command_def(swx::COMMANDS, CommandCode::SERVER_ASSIGNMENT);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    if let Some(apn) = body.service_selection {
        w.utf8(&ietf::SERVICE_SELECTION, apn);
    }
    if let Some(ci) = body.context_identifier {
        w.u32(&s6a::CONTEXT_IDENTIFIER, ci);
    }
    if let Some(mip) = body.mip6_agent_info {
        w.octets(&ietf::MIP6_AGENT_INFO, mip);
    }
    if let Some(vni) = body.visited_network_identifier {
        w.octets(&tgpp::VISITED_NETWORK_IDENTIFIER, vni);
    }
    w.utf8(&b::USER_NAME, body.user_name);
    w.u32(&cx::SERVER_ASSIGNMENT_TYPE, body.server_assignment_type.0);
    for apn in body.active_apns {
        write_active_apn(&mut w, apn);
    }
    if let Some(ti) = &body.terminal_information {
        write_terminal_information(&mut w, ti);
    }
    if let Some(es) = body.emergency_services {
        w.u32(&swx::EMERGENCY_SERVICES, es);
    }
    w.finish()
}

/// Registration-Termination-Answer on SWx, as a 3GPP AAA server sends it.
pub fn rta(buf: &mut BytesMut, req: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) -> usize {
    plain_answer(buf, req, origin, outcome)
}

/// Push-Profile-Answer on SWx, as a 3GPP AAA server sends it.
pub fn ppa(buf: &mut BytesMut, req: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) -> usize {
    plain_answer(buf, req, origin, outcome)
}
