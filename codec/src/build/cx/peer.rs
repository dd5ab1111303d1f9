//! Peer-side Cx builders: the requests the I-CSCF and S-CSCF send to the HSS (UAR, MAR, SAR,
//! LIR) and their answers to the HSS's requests (RTA, PPA). The HSS never sends these; the load
//! generator and the tests do. Each request carries Destination-Host (optional in the ABNF) as
//! [`start_request`] writes it.

use bytes::BytesMut;

use crate::build::{
    Destination, Origin, Outcome, RequestIds, command_def, plain_answer, start_request,
};
use crate::code::CommandCode;
use crate::dict::{base as b, cx, tgpp};
use crate::message::Message;
use crate::view::cx::{
    AkaResync, AuthScheme, ServerAssignmentType, UserAuthorizationType, UserDataAlreadyAvailable,
};

/// What a UAR asks (TS 29.229 §6.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UarBody<'s> {
    pub user_name: &'s str,
    pub public_identity: &'s str,
    pub visited_network_identifier: &'s [u8],
    pub user_authorization_type: Option<UserAuthorizationType>,
    pub uar_flags: Option<u32>,
}

/// User-Authorization-Request, as an I-CSCF sends it.
pub fn uar(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &UarBody<'_>,
) -> usize {
    let def = command_def(cx::COMMANDS, CommandCode::USER_AUTHORIZATION);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    w.utf8(&b::USER_NAME, body.user_name);
    w.utf8(&cx::PUBLIC_IDENTITY, body.public_identity);
    w.octets(&tgpp::VISITED_NETWORK_IDENTIFIER, body.visited_network_identifier);
    if let Some(t) = body.user_authorization_type {
        w.u32(&cx::USER_AUTHORIZATION_TYPE, t.0);
    }
    if let Some(flags) = body.uar_flags {
        w.u32(&cx::UAR_FLAGS, flags);
    }
    w.finish()
}

/// What a MAR asks (TS 29.229 §6.1.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarBody<'s> {
    pub user_name: &'s str,
    pub public_identity: &'s str,
    pub server_name: &'s str,
    pub sip_number_auth_items: u32,
    pub scheme: AuthScheme<'s>,
    /// RAND || AUTS after a synchronisation failure.
    pub resync: Option<AkaResync>,
}

/// Multimedia-Auth-Request, as an S-CSCF sends it.
pub fn mar(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &MarBody<'_>,
) -> usize {
    let def = command_def(cx::COMMANDS, CommandCode::MULTIMEDIA_AUTH);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    w.utf8(&b::USER_NAME, body.user_name);
    w.utf8(&cx::PUBLIC_IDENTITY, body.public_identity);
    write_auth_data_request(&mut w, body.scheme, body.resync.as_ref());
    w.u32(&cx::SIP_NUMBER_AUTH_ITEMS, body.sip_number_auth_items);
    w.utf8(&cx::SERVER_NAME, body.server_name);
    w.finish()
}

/// A request's SIP-Auth-Data-Item: the scheme, and RAND || AUTS on a resynchronisation.
pub(crate) fn write_auth_data_request(
    w: &mut crate::writer::AvpWriter<'_>,
    scheme: AuthScheme<'_>,
    resync: Option<&AkaResync>,
) {
    w.group(&cx::SIP_AUTH_DATA_ITEM, |g| {
        g.utf8(&cx::SIP_AUTHENTICATION_SCHEME, scheme.as_str());
        if let Some(r) = resync {
            g.octets(&cx::SIP_AUTHORIZATION, &r.to_bytes());
        }
    });
}

/// What a SAR asks (TS 29.229 §6.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SarBody<'s> {
    pub user_name: Option<&'s str>,
    pub public_identities: &'s [&'s str],
    pub wildcarded_public_identity: Option<&'s str>,
    pub server_name: &'s str,
    pub server_assignment_type: ServerAssignmentType,
    pub user_data_already_available: UserDataAlreadyAvailable,
    /// The data (children) of an SCSCF-Restoration-Info AVP.
    pub scscf_restoration_info: Option<&'s [u8]>,
    pub multiple_registration_indication: Option<u32>,
    pub session_priority: Option<u32>,
    pub sar_flags: Option<u32>,
}

/// Server-Assignment-Request, as an S-CSCF sends it.
pub fn sar(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &SarBody<'_>,
) -> usize {
    let def = command_def(cx::COMMANDS, CommandCode::SERVER_ASSIGNMENT);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    if let Some(name) = body.user_name {
        w.utf8(&b::USER_NAME, name);
    }
    body.public_identities.iter().for_each(|p| w.utf8(&cx::PUBLIC_IDENTITY, p));
    if let Some(wpi) = body.wildcarded_public_identity {
        w.utf8(&cx::WILDCARDED_PUBLIC_IDENTITY, wpi);
    }
    w.utf8(&cx::SERVER_NAME, body.server_name);
    w.u32(&cx::SERVER_ASSIGNMENT_TYPE, body.server_assignment_type.0);
    w.u32(&cx::USER_DATA_ALREADY_AVAILABLE, body.user_data_already_available.0);
    if let Some(info) = body.scscf_restoration_info {
        w.octets(&cx::SCSCF_RESTORATION_INFO, info);
    }
    let optional = [
        (&cx::MULTIPLE_REGISTRATION_INDICATION, body.multiple_registration_indication),
        (&cx::SESSION_PRIORITY, body.session_priority),
        (&cx::SAR_FLAGS, body.sar_flags),
    ];
    for (def, value) in optional {
        if let Some(v) = value {
            w.u32(def, v);
        }
    }
    w.finish()
}

/// What a LIR asks (TS 29.229 §6.1.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LirBody<'s> {
    pub public_identity: &'s str,
    /// Sends Originating-Request ORIGINATING.
    pub originating_request: bool,
    pub user_authorization_type: Option<UserAuthorizationType>,
    pub session_priority: Option<u32>,
}

/// Location-Info-Request, as an I-CSCF sends it.
pub fn lir(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &LirBody<'_>,
) -> usize {
    let def = command_def(cx::COMMANDS, CommandCode::LOCATION_INFO);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    if body.originating_request {
        w.u32(&cx::ORIGINATING_REQUEST, 0);
    }
    w.utf8(&cx::PUBLIC_IDENTITY, body.public_identity);
    if let Some(t) = body.user_authorization_type {
        w.u32(&cx::USER_AUTHORIZATION_TYPE, t.0);
    }
    if let Some(p) = body.session_priority {
        w.u32(&cx::SESSION_PRIORITY, p);
    }
    w.finish()
}

/// Registration-Termination-Answer, as an S-CSCF sends it.
pub fn rta(buf: &mut BytesMut, req: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) -> usize {
    plain_answer(buf, req, origin, outcome)
}

/// Push-Profile-Answer, as an S-CSCF sends it.
pub fn ppa(buf: &mut BytesMut, req: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) -> usize {
    plain_answer(buf, req, origin, outcome)
}
