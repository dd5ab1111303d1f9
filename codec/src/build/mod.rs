//! Builders for every message the HSS sends: answers to what it receives, and the requests it
//! initiates (CLR, IDR, DSR, RTR, PPR, PNR, and CER/DWR/DPR towards peers).
//!
//! Builders append one complete message to a caller-owned `BytesMut` (a connection's write
//! buffer) and return its length. Answers start from the request ([`start_answer`]): same
//! command, application and identifiers, the request's Session-Id first, Proxy-Info copied at
//! the end ([`finish_answer`]), as RFC 6733 §6.2 requires.

pub mod base;
pub mod cx;
pub mod s13;
pub mod s6a;
pub mod sh;
pub mod swx;

use bytes::BytesMut;

use crate::code::{ApplicationId, CommandCode, ResultCode, VendorId};
use crate::dict::{CommandDef, base as b};
use crate::error::MessageError;
use crate::message::Message;
use crate::writer::MessageWriter;

/// This node's identity, written as Origin-Host and Origin-Realm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin<'s> {
    pub host: &'s str,
    pub realm: &'s str,
}

/// How an answer reports its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Result-Code 2001 DIAMETER_SUCCESS.
    Success,
    /// A base Result-Code (RFC 6733 §7.1).
    Result(ResultCode),
    /// A 3GPP Experimental-Result-Code (vendor 10415).
    Experimental(ResultCode),
}

impl Outcome {
    /// True for a 3xxx Result-Code, which needs the E bit (RFC 6733 §7.1.3).
    pub fn is_protocol_error(self) -> bool {
        matches!(self, Outcome::Result(c) if c.is_protocol_error())
    }
}

/// The identifiers of a request this node originates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestIds {
    pub hop_by_hop: u32,
    pub end_to_end: u32,
}

/// Where a request this node originates goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Destination<'s> {
    pub host: &'s str,
    pub realm: &'s str,
}

/// Starts the answer to `req` with the fields every application answer carries: Session-Id
/// (copied), Vendor-Specific-Application-Id for `app` when given, the result, Auth-Session-State
/// NO_STATE_MAINTAINED when `auth_session_state` is set, Origin-Host and Origin-Realm.
pub fn start_answer<'b>(
    buf: &'b mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    outcome: Outcome,
    app: Option<ApplicationId>,
    auth_session_state: bool,
) -> MessageWriter<'b> {
    let mut w = MessageWriter::answer(buf, req, outcome.is_protocol_error());
    if let Some(app) = app {
        write_vendor_app(&mut w, app);
    }
    match outcome {
        Outcome::Success => w.result_code(ResultCode::SUCCESS),
        Outcome::Result(code) => w.result_code(code),
        Outcome::Experimental(code) => w.experimental_result(code),
    }
    if auth_session_state {
        w.u32(&b::AUTH_SESSION_STATE, 1);
    }
    w.origin(origin.host, origin.realm);
    w
}

/// Writes Vendor-Specific-Application-Id { Vendor-Id 10415, Auth-Application-Id `app` }.
pub fn write_vendor_app(w: &mut crate::writer::AvpWriter<'_>, app: ApplicationId) {
    w.group(&b::VENDOR_SPECIFIC_APPLICATION_ID, |g| {
        g.u32(&b::VENDOR_ID, VendorId::TGPP.0);
        g.u32(&b::AUTH_APPLICATION_ID, app.0);
    });
}

/// Copies the request's Proxy-Info AVPs and patches the length; returns the answer's length.
pub fn finish_answer(mut w: MessageWriter<'_>, req: &Message<'_>) -> usize {
    w.copy_proxy_info(req);
    w.finish()
}

/// The dictionary entry of `code` among `commands`: the builders only name commands that are
/// there, which the tests check for each of them.
pub(crate) fn command_def(
    commands: &'static [CommandDef],
    code: CommandCode,
) -> &'static CommandDef {
    commands.iter().find(|c| c.code == code).expect("command in its application's dictionary")
}

/// Starts a request this node originates: Session-Id, Vendor-Specific-Application-Id (for 3GPP
/// applications), Auth-Session-State NO_STATE_MAINTAINED, Origin, Destination-Host and -Realm.
pub fn start_request<'b>(
    buf: &'b mut BytesMut,
    def: &CommandDef,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
) -> MessageWriter<'b> {
    let mut w = MessageWriter::request(
        buf,
        def.code,
        def.application,
        def.proxiable,
        ids.hop_by_hop,
        ids.end_to_end,
    );
    w.utf8(&b::SESSION_ID, session_id);
    write_vendor_app(&mut w, def.application);
    w.u32(&b::AUTH_SESSION_STATE, 1);
    w.origin(origin.host, origin.realm);
    w.utf8(&b::DESTINATION_HOST, dest.host);
    w.utf8(&b::DESTINATION_REALM, dest.realm);
    w
}

/// An answer with nothing beyond the common AVPs, for the application of `req`: Cx RTA/PPA,
/// Sh PNA, SWx RTA/PPA.
pub(crate) fn plain_answer(
    buf: &mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    outcome: Outcome,
) -> usize {
    let w = start_answer(buf, req, origin, outcome, Some(req.header.application), true);
    finish_answer(w, req)
}

/// The answer to a request that failed decoding or validation: Session-Id, Result-Code, Origin,
/// Error-Message, Failed-AVP, Proxy-Info. A 3xxx code sets the E bit and follows the generic
/// answer-message of RFC 6733 §7.2; other codes answering a 3GPP application's request also
/// carry the Vendor-Specific-Application-Id and Auth-Session-State that its answer ABNF
/// requires. Returns the answer's length.
pub fn error_answer(
    buf: &mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    err: &MessageError,
) -> usize {
    let outcome = Outcome::Result(err.result_code);
    let mut w = MessageWriter::answer(buf, req, outcome.is_protocol_error());
    let app = req.header.application;
    let tgpp = crate::dict::application(app).is_some_and(|a| a.vendor == VendorId::TGPP);
    if tgpp && !outcome.is_protocol_error() {
        write_vendor_app(&mut w, app);
        w.u32(&b::AUTH_SESSION_STATE, 1);
    }
    w.result_code(err.result_code);
    w.origin(origin.host, origin.realm);
    w.utf8(&b::ERROR_MESSAGE, err.reason);
    w.failed_avp(err, req.bytes);
    finish_answer(w, req)
}

/// An answer with only a result, for requests the HSS refuses without reading them further
/// (3001 unknown command, 3007 unsupported application, 3010 unknown peer, 5012 ...).
pub fn result_answer(
    buf: &mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    code: ResultCode,
) -> usize {
    let mut w = MessageWriter::answer(buf, req, code.is_protocol_error());
    w.result_code(code);
    w.origin(origin.host, origin.realm);
    finish_answer(w, req)
}

#[cfg(test)]
mod bad_length_tests;
#[cfg(test)]
mod tests;
