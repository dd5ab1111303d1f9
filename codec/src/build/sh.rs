//! Builders of the Sh/Dh messages (TS 29.328 / TS 29.329 §6.1).
//!
//! The HSS side: the answers UDA, PUA and SNA, and the request PNR. The peer side (an
//! application server's UDR, PUR, SNR and PNA), for the load generator and the tests, is at the
//! end of this file. The identity fields shared by the requests are a
//! [`ShSubject`], the same struct the views return.

#[cfg(any(test, feature = "samples"))]
mod sample_set;
#[cfg(test)]
mod tests;

#[cfg(any(test, feature = "samples"))]
pub use sample_set::samples;

use bytes::BytesMut;

use super::{
    Destination, Origin, Outcome, RequestIds, command_def, finish_answer, plain_answer,
    start_answer, start_request,
};
use crate::code::{ApplicationId, CommandCode};
use crate::dict::{base as b, cx, sh, tgpp};
use crate::message::Message;
use crate::view::sh::{
    CurrentLocation, DataReference, IdentitySet, RequestedDomain, ShSubject, SubsReqType,
    USER_DATA_REQUESTED, UserIdentity,
};
use crate::writer::AvpWriter;

/// Repository-Data-ID (TS 29.329 §6.3.24): which repository data a PUA acknowledges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RepositoryDataId<'s> {
    pub service_indication: &'s [u8],
    pub sequence_number: u32,
}

/// User-Data-Answer (TS 29.329 §6.1.2): `user_data` is the Sh-Data XML document on success.
pub fn uda(
    buf: &mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    outcome: Outcome,
    user_data: Option<&[u8]>,
) -> usize {
    let mut w = start_answer(buf, req, origin, outcome, Some(ApplicationId::SH), true);
    if let Some(data) = user_data {
        w.octets(&sh::USER_DATA, data);
    }
    finish_answer(w, req)
}

/// Profile-Update-Answer (TS 29.329 §6.1.4). With the Update-Eff feature the HSS names the
/// repository data (and Data-Reference) an update applied to.
pub fn pua(
    buf: &mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    outcome: Outcome,
    repository_data_id: Option<&RepositoryDataId<'_>>,
    data_reference: Option<DataReference>,
) -> usize {
    let mut w = start_answer(buf, req, origin, outcome, Some(ApplicationId::SH), true);
    if let Some(id) = repository_data_id {
        w.group(&sh::REPOSITORY_DATA_ID, |g| {
            g.octets(&sh::SERVICE_INDICATION, id.service_indication);
            g.u32(&sh::SEQUENCE_NUMBER, id.sequence_number);
        });
    }
    if let Some(d) = data_reference {
        w.u32(&sh::DATA_REFERENCE, d.0);
    }
    finish_answer(w, req)
}

/// Subscribe-Notifications-Answer (TS 29.329 §6.1.6): the data subscribed to when the SNR
/// asked for it, and the Expiry-Time granted (NTP seconds).
pub fn sna(
    buf: &mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    outcome: Outcome,
    user_data: Option<&[u8]>,
    expiry_time: Option<u32>,
) -> usize {
    let mut w = start_answer(buf, req, origin, outcome, Some(ApplicationId::SH), true);
    if let Some(data) = user_data {
        w.octets(&sh::USER_DATA, data);
    }
    if let Some(t) = expiry_time {
        w.time(&sh::EXPIRY_TIME, t);
    }
    finish_answer(w, req)
}

/// Writes User-Identity and the wildcards of `subject` (not User-Name, whose place varies).
fn write_subject(w: &mut AvpWriter<'_>, subject: &ShSubject<'_>) {
    w.group(&sh::USER_IDENTITY, |g| match subject.user_identity {
        UserIdentity::PublicIdentity(p) => g.utf8(&cx::PUBLIC_IDENTITY, p),
        UserIdentity::Msisdn(m) => g.octets(&sh::MSISDN, m),
        UserIdentity::ExternalIdentifier(e) => g.utf8(&tgpp::EXTERNAL_IDENTIFIER, e),
    });
    if let Some(wpi) = subject.wildcarded_public_identity {
        w.utf8(&cx::WILDCARDED_PUBLIC_IDENTITY, wpi);
    }
    if let Some(wimpu) = subject.wildcarded_impu {
        w.utf8(&cx::WILDCARDED_IMPU, wimpu);
    }
}

fn write_user_name(w: &mut AvpWriter<'_>, subject: &ShSubject<'_>) {
    if let Some(name) = subject.user_name {
        w.utf8(&b::USER_NAME, name);
    }
}

fn write_u32s(w: &mut AvpWriter<'_>, fields: &[(&crate::dict::AvpDef, Option<u32>)]) {
    for (def, value) in fields {
        if let Some(v) = value {
            w.u32(def, *v);
        }
    }
}

/// What a PNR notifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PnrBody<'s> {
    pub subject: ShSubject<'s>,
    /// User-Data: the Sh-Data XML document with the changed data.
    pub user_data: &'s [u8],
}

/// Push-Notification-Request (TS 29.329 §6.1.7), from the HSS to a subscribed AS.
pub fn pnr(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &PnrBody<'_>,
) -> usize {
    let def = command_def(sh::COMMANDS, CommandCode::PUSH_NOTIFICATION);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    write_subject(&mut w, &body.subject);
    write_user_name(&mut w, &body.subject);
    w.octets(&sh::USER_DATA, body.user_data);
    w.finish()
}

// ---- peer side: what an application server sends ---------------------------------------------

/// What a UDR asks (TS 29.329 §6.1.1); [`UdrBody::new`] leaves every option out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UdrBody<'s> {
    pub subject: ShSubject<'s>,
    pub data_references: &'s [DataReference],
    pub server_name: Option<&'s str>,
    pub service_indications: &'s [&'s [u8]],
    pub identity_sets: &'s [IdentitySet],
    pub requested_domain: Option<RequestedDomain>,
    pub current_location: Option<CurrentLocation>,
    pub dsai_tags: &'s [&'s [u8]],
    pub session_priority: Option<u32>,
    pub requested_nodes: Option<u32>,
    pub serving_node_indication: bool,
    pub pre_paging_supported: Option<u32>,
    pub local_time_zone_indication: Option<u32>,
    pub udr_flags: Option<u32>,
}

impl<'s> UdrBody<'s> {
    /// A UDR for `data_references` about `subject`, with no optional AVP.
    pub fn new(subject: ShSubject<'s>, data_references: &'s [DataReference]) -> Self {
        Self {
            subject,
            data_references,
            server_name: None,
            service_indications: &[],
            identity_sets: &[],
            requested_domain: None,
            current_location: None,
            dsai_tags: &[],
            session_priority: None,
            requested_nodes: None,
            serving_node_indication: false,
            pre_paging_supported: None,
            local_time_zone_indication: None,
            udr_flags: None,
        }
    }
}

/// User-Data-Request, as an AS sends it.
pub fn udr(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &UdrBody<'_>,
) -> usize {
    let def = command_def(sh::COMMANDS, CommandCode::USER_DATA);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    write_subject(&mut w, &body.subject);
    if let Some(name) = body.server_name {
        w.utf8(&cx::SERVER_NAME, name);
    }
    body.service_indications.iter().for_each(|s| w.octets(&sh::SERVICE_INDICATION, s));
    body.data_references.iter().for_each(|d| w.u32(&sh::DATA_REFERENCE, d.0));
    body.identity_sets.iter().for_each(|i| w.u32(&sh::IDENTITY_SET, i.0));
    write_u32s(
        &mut w,
        &[
            (&sh::REQUESTED_DOMAIN, body.requested_domain.map(|d| d.0)),
            (&sh::CURRENT_LOCATION, body.current_location.map(|c| c.0)),
        ],
    );
    body.dsai_tags.iter().for_each(|t| w.octets(&sh::DSAI_TAG, t));
    write_u32s(&mut w, &[(&cx::SESSION_PRIORITY, body.session_priority)]);
    write_user_name(&mut w, &body.subject);
    write_u32s(
        &mut w,
        &[
            (&sh::REQUESTED_NODES, body.requested_nodes),
            (&sh::SERVING_NODE_INDICATION, body.serving_node_indication.then_some(0)),
            (&sh::PRE_PAGING_SUPPORTED, body.pre_paging_supported),
            (&sh::LOCAL_TIME_ZONE_INDICATION, body.local_time_zone_indication),
            (&sh::UDR_FLAGS, body.udr_flags),
        ],
    );
    w.finish()
}

/// What a PUR updates (TS 29.329 §6.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShPurBody<'s> {
    pub subject: ShSubject<'s>,
    /// One Data-Reference (several only with the Update-Eff-Enhance feature).
    pub data_references: &'s [DataReference],
    /// User-Data: the Sh-Data XML document.
    pub user_data: &'s [u8],
}

/// Profile-Update-Request, as an AS sends it.
pub fn pur(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &ShPurBody<'_>,
) -> usize {
    let def = command_def(sh::COMMANDS, CommandCode::PROFILE_UPDATE);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    write_subject(&mut w, &body.subject);
    write_user_name(&mut w, &body.subject);
    body.data_references.iter().for_each(|d| w.u32(&sh::DATA_REFERENCE, d.0));
    w.octets(&sh::USER_DATA, body.user_data);
    w.finish()
}

/// What an SNR subscribes to (TS 29.329 §6.1.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnrBody<'s> {
    pub subject: ShSubject<'s>,
    pub subs_req_type: SubsReqType,
    pub data_references: &'s [DataReference],
    pub service_indications: &'s [&'s [u8]],
    /// Sends Send-Data-Indication USER_DATA_REQUESTED.
    pub send_data: bool,
    pub server_name: Option<&'s str>,
    pub identity_sets: &'s [IdentitySet],
    /// Expiry-Time asked for, NTP seconds.
    pub expiry_time: Option<u32>,
    pub dsai_tags: &'s [&'s [u8]],
    pub one_time_notification: bool,
}

/// Subscribe-Notifications-Request, as an AS sends it.
pub fn snr(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &SnrBody<'_>,
) -> usize {
    let def = command_def(sh::COMMANDS, CommandCode::SUBSCRIBE_NOTIFICATIONS);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    write_subject(&mut w, &body.subject);
    body.service_indications.iter().for_each(|s| w.octets(&sh::SERVICE_INDICATION, s));
    if body.send_data {
        w.u32(&sh::SEND_DATA_INDICATION, USER_DATA_REQUESTED);
    }
    if let Some(name) = body.server_name {
        w.utf8(&cx::SERVER_NAME, name);
    }
    w.u32(&sh::SUBS_REQ_TYPE, body.subs_req_type.0);
    body.data_references.iter().for_each(|d| w.u32(&sh::DATA_REFERENCE, d.0));
    body.identity_sets.iter().for_each(|i| w.u32(&sh::IDENTITY_SET, i.0));
    if let Some(t) = body.expiry_time {
        w.time(&sh::EXPIRY_TIME, t);
    }
    body.dsai_tags.iter().for_each(|t| w.octets(&sh::DSAI_TAG, t));
    if body.one_time_notification {
        w.u32(&sh::ONE_TIME_NOTIFICATION, 0);
    }
    write_user_name(&mut w, &body.subject);
    w.finish()
}

/// Push-Notification-Answer, as an AS sends it.
pub fn pna(buf: &mut BytesMut, req: &Message<'_>, origin: &Origin<'_>, outcome: Outcome) -> usize {
    plain_answer(buf, req, origin, outcome)
}
