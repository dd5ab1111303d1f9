//! Helpers the Cx, Sh and SWx builder tests share: fixed identities, validation against the
//! dictionary, checks of answer and request headers, and message rewriting to make malformed
//! variants.

use bytes::BytesMut;

use crate::avp::RawAvp;
use crate::build::{Destination, Origin, RequestIds};
use crate::code::{ResultCode, VendorId};
use crate::dict::{self, AvpDef, base as b};
use crate::error::{FailedAvp, MessageError};
use crate::message::Message;
use crate::validate;
use crate::writer::MessageWriter;

pub(crate) const HSS: Origin<'static> = Origin { host: "hss.example.org", realm: "example.org" };
pub(crate) const PEER: Origin<'static> = Origin { host: "peer.example.org", realm: "example.org" };
pub(crate) const TO_HSS: Destination<'static> =
    Destination { host: "hss.example.org", realm: "example.org" };
pub(crate) const TO_PEER: Destination<'static> =
    Destination { host: "peer.example.org", realm: "example.org" };
pub(crate) const IDS: RequestIds = RequestIds { hop_by_hop: 0x0102_0304, end_to_end: 0x0506_0708 };
pub(crate) const SID: &str = "peer.example.org;1;42";

/// Parses `buf` and validates it against its command's ABNF, checking the header too.
pub(crate) fn valid(buf: &[u8]) -> Message<'_> {
    let msg = Message::parse(buf).unwrap();
    let def = dict::command(msg.header.application, msg.header.code).unwrap();
    assert_eq!(def.application, msg.header.application);
    assert_eq!(msg.header.flags.is_proxiable(), def.proxiable, "P bit");
    validate::validate(&msg, def).unwrap_or_else(|e| panic!("{} invalid: {e}", def.name));
    msg
}

/// The first top-level `def` of `msg`, which must be there.
pub(crate) fn top<'a>(msg: &Message<'a>, def: &AvpDef) -> RawAvp<'a> {
    msg.find(def.code, def.vendor).unwrap().unwrap_or_else(|| panic!("no {}", def.name))
}

/// The first `def` inside `group`, which must be there.
pub(crate) fn child<'a>(group: &RawAvp<'a>, def: &AvpDef) -> RawAvp<'a> {
    group.child(def.code, def.vendor).unwrap().unwrap_or_else(|| panic!("no {}", def.name))
}

/// Every top-level `def` of `msg`.
pub(crate) fn all<'a>(msg: &Message<'a>, def: &AvpDef) -> Vec<RawAvp<'a>> {
    msg.avps().map(Result::unwrap).filter(|a| a.is(def.code, def.vendor)).collect()
}

/// Checks what every answer of the HSS carries: the request's identifiers and Session-Id (first),
/// Vendor-Specific-Application-Id for `app`, Auth-Session-State 1 and `origin`.
pub(crate) fn check_answer(ans: &Message<'_>, req: &Message<'_>, origin: &Origin<'_>) {
    assert!(!ans.is_request());
    let (a, r) = (ans.header, req.header);
    assert_eq!((a.code, a.application), (r.code, r.application));
    assert_eq!((a.hop_by_hop, a.end_to_end), (r.hop_by_hop, r.end_to_end));
    let first = ans.avps().next().unwrap().unwrap();
    assert!(first.is(b::SESSION_ID.code, VendorId::IETF), "Session-Id first");
    assert_eq!(first.data, top(req, &b::SESSION_ID).data);
    let vsai = top(ans, &b::VENDOR_SPECIFIC_APPLICATION_ID);
    assert_eq!(child(&vsai, &b::VENDOR_ID).u32().unwrap(), VendorId::TGPP.0);
    assert_eq!(child(&vsai, &b::AUTH_APPLICATION_ID).u32().unwrap(), r.application.0);
    assert_eq!(top(ans, &b::AUTH_SESSION_STATE).u32().unwrap(), 1);
    assert_eq!(top(ans, &b::ORIGIN_HOST).utf8().unwrap(), origin.host);
    assert_eq!(top(ans, &b::ORIGIN_REALM).utf8().unwrap(), origin.realm);
}

/// Checks a request the HSS or a peer originates: routing as given.
pub(crate) fn check_request(msg: &Message<'_>, origin: &Origin<'_>, dest: &Destination<'_>) {
    assert!(msg.is_request());
    assert_eq!((msg.header.hop_by_hop, msg.header.end_to_end), (IDS.hop_by_hop, IDS.end_to_end));
    assert_eq!(top(msg, &b::SESSION_ID).utf8().unwrap(), SID);
    assert_eq!(top(msg, &b::ORIGIN_HOST).utf8().unwrap(), origin.host);
    assert_eq!(top(msg, &b::DESTINATION_HOST).utf8().unwrap(), dest.host);
    assert_eq!(top(msg, &b::DESTINATION_REALM).utf8().unwrap(), dest.realm);
}

/// Re-encodes `bytes` with every top-level AVP for which `edit` returns `false` copied as is;
/// `edit` writes what replaces the others (or nothing, to drop them).
pub(crate) fn rewrite(
    bytes: &[u8],
    edit: impl Fn(&RawAvp<'_>, &mut crate::writer::AvpWriter<'_>) -> bool,
) -> Vec<u8> {
    let msg = Message::parse(bytes).unwrap();
    let h = msg.header;
    let mut out = BytesMut::new();
    let mut w =
        MessageWriter::new(&mut out, h.flags.0, h.code, h.application, h.hop_by_hop, h.end_to_end);
    for avp in msg.avps() {
        let avp = avp.unwrap();
        if !edit(&avp, &mut w) {
            w.copy(&avp);
        }
    }
    w.finish();
    out.to_vec()
}

/// `bytes` without its top-level `def` AVPs.
pub(crate) fn without(bytes: &[u8], def: &AvpDef) -> Vec<u8> {
    rewrite(bytes, |a, _| a.is(def.code, def.vendor))
}

/// `bytes` with the value of its top-level `def` replaced by `data`.
pub(crate) fn with_value(bytes: &[u8], def: &'static AvpDef, data: &[u8]) -> Vec<u8> {
    let data = data.to_vec();
    rewrite(bytes, move |a, w| {
        let hit = a.is(def.code, def.vendor);
        if hit {
            w.octets(def, &data);
        }
        hit
    })
}

/// `err` is a 5005 whose Failed-AVP names `def`.
pub(crate) fn assert_missing(err: MessageError, def: &AvpDef) {
    assert_eq!(err.result_code, ResultCode::MISSING_AVP, "{err}");
    match err.failed_avp {
        Some(FailedAvp::Missing { code, vendor, .. }) => {
            assert_eq!((code, vendor), (def.code, def.vendor), "Failed-AVP names {}", def.name);
        }
        other => panic!("expected a missing {}, got {other:?}", def.name),
    }
}

/// `err` is a 5014 pointing at an AVP of the message.
pub(crate) fn assert_bad_length(err: MessageError) {
    assert_eq!(err.result_code, ResultCode::INVALID_AVP_LENGTH, "{err}");
    assert!(matches!(err.failed_avp, Some(FailedAvp::At { .. })), "{err:?}");
}

/// The module's samples decode, validate, carry `prefix` and unique names.
pub(crate) fn check_samples(samples: &[crate::samples::Sample], prefix: &str, count: usize) {
    assert_eq!(samples.len(), count);
    let mut names = std::collections::HashSet::new();
    for s in samples {
        assert!(s.name.starts_with(prefix), "{}", s.name);
        assert!(names.insert(s.name), "{} twice", s.name);
        let msg = Message::parse(&s.bytes).unwrap();
        let def = dict::command(msg.header.application, msg.header.code).unwrap();
        assert_eq!(msg.header.flags.is_proxiable(), def.proxiable, "{}: P bit", s.name);
        validate::validate(&msg, def).unwrap_or_else(|e| panic!("{}: {e}", s.name));
    }
}
