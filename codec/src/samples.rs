//! One of every message the encoder produces, for referees outside the codec: the Wireshark
//! check (`testkit/tests/tshark.rs` decodes them all with `tshark`) and anything else that
//! wants a realistic message of each kind. Compiled for tests and with the `samples` feature.
//!
//! To add a message, write a builder `fn(&mut BytesMut)` that appends it and add one line to
//! [`BUILDERS`]. Answers are built with `answer_to` from the request builder they answer, so
//! they carry that request's identifiers and Session-Id as a real answer would.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use bytes::BytesMut;

use crate::build::base::{self as b, Capabilities};
use crate::build::{Origin, RequestIds};
use crate::code::{ApplicationId, CommandCode, ResultCode, VendorId};
use crate::dict::base;
use crate::message::Message;
use crate::writer::MessageWriter;

/// One encoded message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// A short unique name, e.g. `"CER"` or `"S6a AIA"`.
    pub name: &'static str,
    /// The whole message.
    pub bytes: Vec<u8>,
}

/// Appends one message to the buffer.
pub type Builder = fn(&mut BytesMut);

/// The base-protocol samples, in the order a peer would plausibly see them on one connection:
/// each request followed by its answer.
pub const BUILDERS: &[(&str, Builder)] = &[
    ("CER", cer),
    ("CEA", cea),
    ("CEA 5005", cea_missing_avp),
    ("DWR", dwr),
    ("DWA", dwa),
    ("Error answer 5005", error_answer_missing_avp),
    ("Error answer 3001", error_answer_unknown_command),
    ("DPR", dpr),
    ("DPA", dpa),
];

/// Builds every sample: the base protocol, then each application's builders.
pub fn all() -> Vec<Sample> {
    let base = BUILDERS.iter().map(|&(name, build)| {
        let mut buf = BytesMut::new();
        build(&mut buf);
        Sample { name, bytes: buf.to_vec() }
    });
    base.chain(applications()).collect()
}

/// The samples of the application builders.
fn applications() -> Vec<Sample> {
    let mut all = crate::build::s6a::samples();
    all.extend(crate::build::s13::samples());
    all.extend(crate::build::cx::samples());
    all.extend(crate::build::sh::samples());
    all.extend(crate::build::swx::samples());
    all
}

// ---- identities ------------------------------------------------------------------------------

/// This HSS.
pub const HSS_HOST: &str = "hss01.epc.mnc001.mcc001.3gppnetwork.org";
/// The realm of the HSS and its peers.
pub const REALM: &str = "epc.mnc001.mcc001.3gppnetwork.org";
/// The peer the HSS talks to (an MME; a DRA would look the same).
pub const PEER_HOST: &str = "mme01.epc.mnc001.mcc001.3gppnetwork.org";
/// The HSS's Origin-State-Id.
pub const HSS_STATE: u32 = 1_700_000_000;
/// The peer's Origin-State-Id.
pub const PEER_STATE: u32 = 1_700_000_100;

const HSS: Origin<'static> = Origin { host: HSS_HOST, realm: REALM };
const PEER: Origin<'static> = Origin { host: PEER_HOST, realm: REALM };

/// Hop-by-hop identifier `id` and a matching end-to-end identifier.
pub fn ids(id: u32) -> RequestIds {
    RequestIds { hop_by_hop: id, end_to_end: 0x4853_0000 | id }
}

/// Builds the request `build` writes in a scratch buffer and hands it, parsed, to `answer`.
pub fn answer_to(
    buf: &mut BytesMut,
    build: Builder,
    answer: impl FnOnce(&mut BytesMut, &Message<'_>),
) {
    let mut scratch = BytesMut::new();
    build(&mut scratch);
    let req = Message::parse(&scratch).expect("sample request parses");
    answer(buf, &req);
}

// ---- base protocol (RFC 6733) -----------------------------------------------------------------

const HOST_IPS: &[IpAddr] = &[IpAddr::V4(Ipv4Addr::LOCALHOST), IpAddr::V6(Ipv6Addr::LOCALHOST)];

/// The capabilities of `origin`: S6a/S6d, S13, Cx, Sh and SWx, all 3GPP.
fn capabilities(origin: Origin<'static>, state: u32) -> Capabilities<'static> {
    Capabilities {
        origin,
        host_ip_addresses: HOST_IPS,
        vendor_id: VendorId::TGPP.0,
        product_name: "hss",
        origin_state_id: Some(state),
        firmware_revision: Some(1),
        tgpp_applications: &[
            ApplicationId::S6A,
            ApplicationId::S13,
            ApplicationId::CX,
            ApplicationId::SH,
            ApplicationId::SWX,
        ],
        auth_applications: &[],
    }
}

/// CER from the peer.
fn cer(buf: &mut BytesMut) {
    b::cer(buf, ids(1), &capabilities(PEER, PEER_STATE));
}

/// CEA, DIAMETER_SUCCESS.
fn cea(buf: &mut BytesMut) {
    answer_to(buf, cer, |buf, req| {
        b::cea(buf, req, ResultCode::SUCCESS, &capabilities(HSS, HSS_STATE));
    });
}

/// A CER from the peer without Product-Name, answered by the CEA below.
fn cer_without_product_name(buf: &mut BytesMut) {
    let RequestIds { hop_by_hop, end_to_end } = ids(6);
    let mut w = MessageWriter::request(
        buf,
        CommandCode::CAPABILITIES_EXCHANGE,
        ApplicationId::COMMON,
        false,
        hop_by_hop,
        end_to_end,
    );
    w.origin(PEER_HOST, REALM);
    w.address(&base::HOST_IP_ADDRESS, IpAddr::V4(Ipv4Addr::LOCALHOST));
    w.u32(&base::VENDOR_ID, VendorId::TGPP.0);
    w.finish();
}

/// CEA 5005 DIAMETER_MISSING_AVP with Error-Message and Failed-AVP.
fn cea_missing_avp(buf: &mut BytesMut) {
    answer_to(buf, cer_without_product_name, |buf, req| {
        let def = crate::dict::command(req.header.application, req.header.code)
            .expect("CER is in the dictionary");
        let err = crate::validate::validate(req, def).expect_err("Product-Name is missing");
        b::cea_error(buf, req, &err, &capabilities(HSS, HSS_STATE));
    });
}

/// DWR from the peer.
fn dwr(buf: &mut BytesMut) {
    b::dwr(buf, ids(2), &PEER, Some(PEER_STATE));
}

/// DWA, DIAMETER_SUCCESS.
fn dwa(buf: &mut BytesMut) {
    answer_to(buf, dwr, |buf, req| {
        b::dwa(buf, req, &HSS, Some(HSS_STATE));
    });
}

/// DPR from the HSS, DO_NOT_WANT_TO_TALK_TO_YOU.
fn dpr(buf: &mut BytesMut) {
    b::dpr(buf, ids(4), &HSS, 2);
}

/// DPA.
fn dpa(buf: &mut BytesMut) {
    answer_to(buf, dpr, |buf, req| {
        b::dpa(buf, req, &PEER);
    });
}

/// A DWR from the peer that lacks Origin-Realm: what the error answer below answers.
fn dwr_without_origin_realm(buf: &mut BytesMut) {
    let RequestIds { hop_by_hop, end_to_end } = ids(3);
    let mut w = MessageWriter::request(
        buf,
        CommandCode::DEVICE_WATCHDOG,
        ApplicationId::COMMON,
        false,
        hop_by_hop,
        end_to_end,
    );
    w.utf8(&base::ORIGIN_HOST, PEER_HOST);
    w.u32(&base::ORIGIN_STATE_ID, PEER_STATE);
    w.finish();
}

/// The answer to a request missing a required AVP: 5005 DIAMETER_MISSING_AVP and a Failed-AVP
/// holding an example of the missing AVP (RFC 6733 §7.5), built from the validator's error.
fn error_answer_missing_avp(buf: &mut BytesMut) {
    answer_to(buf, dwr_without_origin_realm, |buf, req| {
        let def = crate::dict::command(req.header.application, req.header.code)
            .expect("DWR is in the dictionary");
        let err = crate::validate::validate(req, def).expect_err("Origin-Realm is missing");
        crate::build::error_answer(buf, req, &HSS, &err);
    });
}

/// An S6a command the HSS does not serve (3GPP-Update-VCSG-Location, TS 29.272 §7.2.21), which
/// Wireshark knows and this dictionary does not.
fn unknown_command(buf: &mut BytesMut) {
    let RequestIds { hop_by_hop, end_to_end } = ids(5);
    let mut w = MessageWriter::request(
        buf,
        CommandCode(8_388_638),
        ApplicationId::S6A,
        true,
        hop_by_hop,
        end_to_end,
    );
    w.utf8(&base::SESSION_ID, "mme01;1;5");
    w.origin(PEER_HOST, REALM);
    w.finish();
}

/// The answer to an unknown command: 3001 DIAMETER_COMMAND_UNSUPPORTED with the E bit.
fn error_answer_unknown_command(buf: &mut BytesMut) {
    answer_to(buf, unknown_command, |buf, req| {
        crate::build::result_answer(buf, req, &HSS, ResultCode::COMMAND_UNSUPPORTED);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::header::CommandFlags;

    #[test]
    fn every_sample_decodes_and_validates() {
        let samples = all();
        assert!(samples.len() >= BUILDERS.len());
        for s in &samples {
            let msg = Message::parse(&s.bytes).unwrap_or_else(|e| panic!("{}: {e}", s.name));
            msg.check_header_bits().unwrap();
            let Some(def) = crate::dict::command(msg.header.application, msg.header.code) else {
                // Only the answer to an unserved command may be outside the dictionary.
                let rc = msg.find(base::RESULT_CODE.code, VendorId::IETF).unwrap().unwrap();
                assert_eq!(rc.u32().unwrap(), ResultCode::COMMAND_UNSUPPORTED.0, "{}", s.name);
                crate::validate::validate_avps(&msg).unwrap();
                continue;
            };
            assert_eq!(msg.header.flags.is_proxiable(), def.proxiable, "{}: P bit", s.name);
            crate::validate::validate(&msg, def).unwrap_or_else(|e| panic!("{}: {e}", s.name));
        }
    }

    #[test]
    fn names_are_unique_and_requests_have_unique_ids() {
        let samples = all();
        let mut names = std::collections::HashSet::new();
        let mut ids = std::collections::HashSet::new();
        for s in &samples {
            assert!(names.insert(s.name), "{} twice", s.name);
            let msg = Message::parse(&s.bytes).unwrap();
            if msg.is_request() {
                assert!(ids.insert(msg.header.hop_by_hop), "{}: hop-by-hop id reused", s.name);
            }
        }
    }

    #[test]
    fn the_error_answer_carries_5005_and_the_missing_avp() {
        let s = all().into_iter().find(|s| s.name == "Error answer 5005").unwrap();
        let msg = Message::parse(&s.bytes).unwrap();
        assert_eq!(msg.header.flags.0 & CommandFlags::ERROR, 0, "5xxx answers carry no E bit");
        let rc = msg.find(base::RESULT_CODE.code, VendorId::IETF).unwrap().unwrap();
        assert_eq!(rc.u32().unwrap(), ResultCode::MISSING_AVP.0);
        let failed = msg.find(base::FAILED_AVP.code, VendorId::IETF).unwrap().unwrap();
        let inner = failed.child(base::ORIGIN_REALM.code, VendorId::IETF).unwrap().unwrap();
        // "of correct minimum length and contain zeroes" (RFC 6733 §7.1.5)
        assert_eq!(inner.data.len(), base::ORIGIN_REALM.ty.min_len());
        assert!(inner.data.iter().all(|&b| b == 0));
    }
}
