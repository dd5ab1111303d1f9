//! Error answers to AVPs whose length field cannot be trusted (RFC 6733 §7.1.5, 5014): the
//! answer parses, every AVP in it decodes (grouped ones to the bottom), and its Failed-AVP holds
//! the offending AVP header with a zero-filled payload of the minimum length for the AVP's type
//! and a length field that counts exactly what is sent.

use bytes::{BufMut, BytesMut};

use super::*;
use crate::avp::{AvpIter, padded};
use crate::dict::{self, AvpType, base as bd, s6a};
use crate::{AvpCode, AvpWriter, CommandCode, FailedAvp, validate};

const HSS: Origin<'static> = Origin { host: "hss.example.org", realm: "example.org" };

/// An S6a AIR with its required AVPs, then `tail` as raw bytes (zero-padded to a multiple of
/// four), the message length patched to cover it.
fn air(tail: &[u8]) -> BytesMut {
    let mut buf = BytesMut::new();
    let mut w = MessageWriter::request(
        &mut buf,
        CommandCode::AUTHENTICATION_INFORMATION,
        ApplicationId::S6A,
        true,
        7,
        8,
    );
    w.utf8(&bd::SESSION_ID, "mme.example.org;1;7");
    write_vendor_app(&mut w, ApplicationId::S6A);
    w.u32(&bd::AUTH_SESSION_STATE, 1);
    w.origin("mme.example.org", "example.org");
    w.utf8(&bd::DESTINATION_REALM, "example.org");
    w.utf8(&bd::USER_NAME, "001010000000001");
    w.octets(&s6a::VISITED_PLMN_ID, &[0x00, 0xf1, 0x10]);
    w.finish();
    buf.put_slice(tail);
    buf.put_bytes(0, padded(tail.len()) - tail.len());
    let len = (buf.len() as u32).to_be_bytes();
    buf[1..4].copy_from_slice(&len[1..]);
    buf
}

/// The raw header word of an AVP: code, then flags and length.
fn header(code: u32, flags: u8, len: u32) -> Vec<u8> {
    let mut h = code.to_be_bytes().to_vec();
    h.extend_from_slice(&((u32::from(flags) << 24) | len).to_be_bytes());
    h
}

/// The request through the engine's checks (header bits, then the ABNF) and the error answer
/// built from the error, as the server builds it.
fn answer(req: &[u8]) -> (MessageError, BytesMut) {
    let msg = Message::parse(req).expect("the request is framed");
    let def = dict::command(msg.header.application, msg.header.code).expect("AIR");
    msg.check_header_bits().expect("header bits are fine");
    let err = validate::validate(&msg, def).expect_err("the request is malformed");
    let mut out = BytesMut::new();
    error_answer(&mut out, &msg, &HSS, &err);
    (err, out)
}

/// Every AVP of `avps` decodes, and so do the children of every grouped one the dictionary knows.
fn decodes_to_the_bottom(avps: AvpIter<'_>) {
    for avp in avps {
        let avp = avp.expect("every AVP of the answer decodes");
        let grouped = dict::avp(avp.code, avp.vendor).is_some_and(|d| d.ty == AvpType::Grouped);
        if grouped {
            decodes_to_the_bottom(avp.group());
        }
    }
}

/// What the Failed-AVP of a 5014 answer should hold.
struct Expected {
    code: u32,
    flags: u8,
    vendor: VendorId,
    header_len: usize,
    payload: usize,
}

/// Builds the answer to `req`, parses it back and checks its Failed-AVP against `want`.
fn check(name: &str, req: &[u8], want: Expected) {
    let (err, out) = answer(req);
    assert_eq!(err.result_code, ResultCode::INVALID_AVP_LENGTH, "{name}");
    assert!(matches!(err.failed_avp, Some(FailedAvp::BadLength { .. })), "{name}: {err:?}");
    let ans = Message::parse(&out).unwrap_or_else(|e| panic!("{name}: answer: {e}"));
    decodes_to_the_bottom(ans.avps());
    let failed = ans.find(bd::FAILED_AVP.code, VendorId::IETF).unwrap().expect("a Failed-AVP");
    let inner: Vec<_> = failed.group().collect::<Result<_, _>>().expect("Failed-AVP decodes");
    let [inner] = inner[..] else { panic!("{name}: one AVP in Failed-AVP, got {inner:?}") };
    let length_field = u32::from_be_bytes([0, inner.raw[5], inner.raw[6], inner.raw[7]]);
    assert_eq!(length_field as usize, want.header_len + want.payload, "{name}: length field");
    assert_eq!(
        (inner.code.0, inner.flags.0, inner.vendor, inner.header_len(), inner.data.len()),
        (want.code, want.flags, want.vendor, want.header_len, want.payload),
        "{name}"
    );
    assert!(inner.data.iter().all(|&b| b == 0), "{name}: zero-filled payload");
    assert_eq!(failed.raw.len(), 8 + padded(length_field as usize), "{name}: Failed-AVP length");
}

const IETF: VendorId = VendorId::IETF;
/// An OctetString may be empty (RFC 6733 §4.2), so its placeholder payload is.
const OCTETS_MIN: usize = 0;

#[test]
fn minimum_payloads_follow_the_data_types() {
    use AvpType::*;
    let table = [
        (Integer32, 4),
        (Unsigned32, 4),
        (Float32, 4),
        (Enumerated, 4),
        (Time, 4),
        (Integer64, 8),
        (Unsigned64, 8),
        (Float64, 8),
        (Address, 6),
        (Grouped, 0),
        (OctetString, OCTETS_MIN),
        (Utf8String, 0),
        (DiameterIdentity, 0),
        (DiameterUri, 0),
        (IpFilterRule, 0),
    ];
    for (ty, len) in table {
        assert_eq!(ty.min_len(), len, "{ty:?}");
    }
}

#[test]
fn length_below_the_header_gets_the_header_and_a_minimum_payload() {
    // Origin-State-Id (Unsigned32) claiming 4 bytes, followed by more AVP bytes.
    let mut tail = header(278, 0x40, 4);
    tail.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 0]);
    let want = Expected { code: 278, flags: 0x40, vendor: IETF, header_len: 8, payload: 4 };
    check("Unsigned32 length 4", &air(&tail), want);
}

#[test]
fn vendor_avp_below_its_twelve_octet_header() {
    // Visited-PLMN-Id (3GPP OctetString) claiming 10 bytes: below the 12 of a V-bit header.
    let mut tail = header(1407, 0xc0, 10);
    tail.extend_from_slice(&10_415u32.to_be_bytes());
    tail.extend_from_slice(&[0x00, 0xf1, 0x10, 0x00]);
    let want = Expected {
        code: 1407,
        flags: 0xc0,
        vendor: VendorId::TGPP,
        header_len: 12,
        payload: OCTETS_MIN,
    };
    check("3GPP AVP length 10", &air(&tail), want);
}

#[test]
fn vendor_header_cut_off_by_the_message_end_is_zero_padded() {
    // A V-bit header whose Vendor-ID never comes: the message ends after 8 bytes of it.
    let tail = header(1407, 0xc0, 16);
    let want =
        Expected { code: 1407, flags: 0xc0, vendor: VendorId(0), header_len: 12, payload: 0 };
    check("V bit, 8 bytes left", &air(&tail), want);
}

#[test]
fn header_cut_off_before_its_length_is_zero_padded() {
    // Only the AVP Code fits before the message ends.
    let tail = 278u32.to_be_bytes();
    let want = Expected { code: 278, flags: 0, vendor: IETF, header_len: 8, payload: 0 };
    check("4 bytes left", &air(&tail), want);
}

#[test]
fn avps_running_past_the_message_get_the_minimum_for_their_type() {
    // Vendor-Specific-Application-Id (Grouped), 64 bytes claimed, 20 there.
    let mut grouped = header(260, 0x40, 64);
    grouped.extend_from_slice(&header(266, 0x40, 12));
    grouped.extend_from_slice(&10_415u32.to_be_bytes());
    let want = Expected { code: 260, flags: 0x40, vendor: IETF, header_len: 8, payload: 0 };
    check("Grouped past the end", &air(&grouped), want);

    // Origin-State-Id (Unsigned32), 16 claimed, 12 there.
    let mut unsigned = header(278, 0x40, 16);
    unsigned.extend_from_slice(&[0, 0, 0, 9]);
    let want = Expected { code: 278, flags: 0x40, vendor: IETF, header_len: 8, payload: 4 };
    check("Unsigned32 past the end", &air(&unsigned), want);

    // Visited-PLMN-Id (3GPP OctetString), 40 claimed, 16 there.
    let mut octets = header(1407, 0xc0, 40);
    octets.extend_from_slice(&10_415u32.to_be_bytes());
    octets.extend_from_slice(&[0x00, 0xf1, 0x10, 0x00]);
    let want = Expected {
        code: 1407,
        flags: 0xc0,
        vendor: VendorId::TGPP,
        header_len: 12,
        payload: OCTETS_MIN,
    };
    check("OctetString past the end", &air(&octets), want);

    // An AVP the dictionary does not know, 100 claimed, 12 there.
    let mut unknown = header(4242, 0, 100);
    unknown.extend_from_slice(b"abcd");
    let want = Expected { code: 4242, flags: 0, vendor: IETF, header_len: 8, payload: 0 };
    check("unknown AVP past the end", &air(&unknown), want);
}

#[test]
fn child_running_past_its_group_and_the_broken_group_is_not_echoed() {
    // Proxy-Info { Proxy-Host, Proxy-State claiming more than the group holds }.
    let mut buf = BytesMut::new();
    let mut w = AvpWriter::new(&mut buf);
    w.group(&bd::PROXY_INFO, |g| {
        g.utf8(&bd::PROXY_HOST, "dra.example.org");
        g.raw(bd::PROXY_STATE.code, IETF, 0x40, b"state");
    });
    let mut proxy = buf.to_vec();
    let state_at = proxy.len() - 16;
    proxy[state_at + 7] = 40;
    let want = Expected { code: 33, flags: 0x40, vendor: IETF, header_len: 8, payload: OCTETS_MIN };
    check("Proxy-State past its group", &air(&proxy), want);
    let (_, out) = answer(&air(&proxy));
    let ans = Message::parse(&out).unwrap();
    assert!(ans.find(bd::PROXY_INFO.code, IETF).unwrap().is_none(), "broken Proxy-Info left out");
}

#[test]
fn well_formed_answers_still_carry_the_whole_offending_avp() {
    // An unknown AVP with the M bit (5001) is copied whole, as RFC 6733 §7.5 asks.
    let mut tail = header(4242, 0x40, 11);
    tail.extend_from_slice(b"xyz");
    let (err, out) = answer(&air(&tail));
    assert_eq!(err.result_code, ResultCode::AVP_UNSUPPORTED);
    let ans = Message::parse(&out).unwrap();
    decodes_to_the_bottom(ans.avps());
    let failed = ans.find(bd::FAILED_AVP.code, IETF).unwrap().unwrap();
    let inner = failed.group().next().unwrap().unwrap();
    assert_eq!((inner.code, inner.data), (AvpCode(4242), &b"xyz"[..]));
}
