//! Builders of the base-protocol messages: CER/CEA, DWR/DWA, DPR/DPA (RFC 6733 §5).

use std::net::IpAddr;

use bytes::BytesMut;

use super::{Origin, RequestIds, finish_answer};
use crate::code::{ApplicationId, CommandCode, ResultCode, VendorId};
use crate::dict::base as b;
use crate::error::MessageError;
use crate::message::Message;
use crate::writer::{AvpWriter, MessageWriter};

/// What a node says about itself in CER and CEA.
#[derive(Debug, Clone, Copy)]
pub struct Capabilities<'s> {
    pub origin: Origin<'s>,
    pub host_ip_addresses: &'s [IpAddr],
    pub vendor_id: u32,
    pub product_name: &'s str,
    pub origin_state_id: Option<u32>,
    pub firmware_revision: Option<u32>,
    /// 3GPP applications, each advertised as Vendor-Specific-Application-Id with vendor 10415
    /// (TS 29.272 §7.1.8: S6a uses it in CER/CEA), plus Supported-Vendor-Id 10415.
    pub tgpp_applications: &'s [ApplicationId],
    /// IETF applications advertised as plain Auth-Application-Id.
    pub auth_applications: &'s [ApplicationId],
}

fn write_capabilities(w: &mut AvpWriter<'_>, caps: &Capabilities<'_>) {
    w.origin(caps.origin.host, caps.origin.realm);
    for ip in caps.host_ip_addresses {
        w.address(&b::HOST_IP_ADDRESS, *ip);
    }
    w.u32(&b::VENDOR_ID, caps.vendor_id);
    w.utf8(&b::PRODUCT_NAME, caps.product_name);
    if let Some(id) = caps.origin_state_id {
        w.u32(&b::ORIGIN_STATE_ID, id);
    }
    if !caps.tgpp_applications.is_empty() {
        w.u32(&b::SUPPORTED_VENDOR_ID, VendorId::TGPP.0);
    }
    for app in caps.auth_applications {
        w.u32(&b::AUTH_APPLICATION_ID, app.0);
    }
    for app in caps.tgpp_applications {
        super::write_vendor_app(w, *app);
    }
    if let Some(rev) = caps.firmware_revision {
        w.u32(&b::FIRMWARE_REVISION, rev);
    }
}

/// Capabilities-Exchange-Request.
pub fn cer(buf: &mut BytesMut, ids: RequestIds, caps: &Capabilities<'_>) -> usize {
    let mut w = MessageWriter::request(
        buf,
        CommandCode::CAPABILITIES_EXCHANGE,
        ApplicationId::COMMON,
        false,
        ids.hop_by_hop,
        ids.end_to_end,
    );
    write_capabilities(&mut w, caps);
    w.finish()
}

/// Capabilities-Exchange-Answer. On failure (e.g. 5010 no common application) the result says
/// so and the capabilities are still sent, as the CEA ABNF requires them.
pub fn cea(
    buf: &mut BytesMut,
    req: &Message<'_>,
    result: ResultCode,
    caps: &Capabilities<'_>,
) -> usize {
    let mut w = MessageWriter::answer(buf, req, result.is_protocol_error());
    w.result_code(result);
    write_capabilities(&mut w, caps);
    w.finish()
}

/// A CEA refusing a malformed CER: its Result-Code, the capabilities the CEA ABNF requires, an
/// Error-Message and the Failed-AVP of RFC 6733 §7.5; the E bit for 3xxx codes (§7.1.3).
pub fn cea_error(
    buf: &mut BytesMut,
    req: &Message<'_>,
    err: &MessageError,
    caps: &Capabilities<'_>,
) -> usize {
    let mut w = MessageWriter::answer(buf, req, err.result_code.is_protocol_error());
    w.result_code(err.result_code);
    write_capabilities(&mut w, caps);
    w.utf8(&b::ERROR_MESSAGE, err.reason);
    w.failed_avp(err, req.bytes);
    w.finish()
}

/// Device-Watchdog-Request.
pub fn dwr(
    buf: &mut BytesMut,
    ids: RequestIds,
    origin: &Origin<'_>,
    origin_state_id: Option<u32>,
) -> usize {
    let mut w = MessageWriter::request(
        buf,
        CommandCode::DEVICE_WATCHDOG,
        ApplicationId::COMMON,
        false,
        ids.hop_by_hop,
        ids.end_to_end,
    );
    w.origin(origin.host, origin.realm);
    if let Some(id) = origin_state_id {
        w.u32(&b::ORIGIN_STATE_ID, id);
    }
    w.finish()
}

/// Device-Watchdog-Answer.
pub fn dwa(
    buf: &mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    origin_state_id: Option<u32>,
) -> usize {
    let mut w = MessageWriter::answer(buf, req, false);
    w.result_code(ResultCode::SUCCESS);
    w.origin(origin.host, origin.realm);
    if let Some(id) = origin_state_id {
        w.u32(&b::ORIGIN_STATE_ID, id);
    }
    finish_answer(w, req)
}

/// Disconnect-Peer-Request with a Disconnect-Cause (0 REBOOTING, 1 BUSY, 2 DO_NOT_WANT_TO_TALK_TO_YOU).
pub fn dpr(buf: &mut BytesMut, ids: RequestIds, origin: &Origin<'_>, cause: u32) -> usize {
    let mut w = MessageWriter::request(
        buf,
        CommandCode::DISCONNECT_PEER,
        ApplicationId::COMMON,
        false,
        ids.hop_by_hop,
        ids.end_to_end,
    );
    w.origin(origin.host, origin.realm);
    w.u32(&b::DISCONNECT_CAUSE, cause);
    w.finish()
}

/// Disconnect-Peer-Answer.
pub fn dpa(buf: &mut BytesMut, req: &Message<'_>, origin: &Origin<'_>) -> usize {
    let mut w = MessageWriter::answer(buf, req, false);
    w.result_code(ResultCode::SUCCESS);
    w.origin(origin.host, origin.realm);
    finish_answer(w, req)
}
