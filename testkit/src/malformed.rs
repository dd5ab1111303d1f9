//! Malformed requests of every kind the codec's checks tell apart, each with the Result-Code it
//! draws, and the error answer the HSS builds for it ([`error_answer`]), for the Wireshark
//! referee and for tests that send them to a running HSS.
//!
//! Most are S6a AIRs (a 3GPP application: a 5xxx answer also carries
//! Vendor-Specific-Application-Id and Auth-Session-State); a few are base DWRs and DPRs, which
//! the peer layer checks against the same dictionary. The 5014 cases cover each way an AVP's
//! length field can fail to fit (RFC 6733 §7.1.5): below the 8-octet header, below the 12-octet
//! header of a V-bit AVP, a header cut off by the end of the message, and a length running past
//! the message or past the Grouped AVP holding it, for AVPs of each payload kind.

use bytes::{BufMut, BytesMut};
use codec::build::{Origin, error_answer as build_error_answer, write_vendor_app};
use codec::dict::{self, base, s6a};
use codec::{ApplicationId, AvpCode, CommandCode, Message, MessageError, MessageWriter};
use codec::{ResultCode, VendorId};

/// The HSS that answers.
pub const HSS: Origin<'static> = Origin { host: "hss.example.org", realm: "example.org" };

/// One malformed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// What is wrong with it, e.g. `"5014 Grouped past the end"`.
    pub name: &'static str,
    /// The Result-Code the HSS answers it with.
    pub result_code: ResultCode,
    /// What Wireshark says about the offending AVP the answer's Failed-AVP copies whole (the
    /// request's own defect), if anything.
    pub echoed: Option<&'static str>,
    /// The whole request.
    pub request: Vec<u8>,
}

/// The error the peer layer finds in `request`, checked as it checks a request: the header bits
/// (3008), then the whole message against its command's ABNF. `None` for a request that passes,
/// or whose command the dictionary does not know.
pub fn check(request: &[u8]) -> Option<MessageError> {
    let msg = Message::parse(request).ok()?;
    if let Err(e) = msg.check_header_bits() {
        return Some(e);
    }
    let def = dict::command(msg.header.application, msg.header.code)?;
    codec::validate::validate(&msg, def).err()
}

/// The error answer the HSS sends to `request` ([`check`], then the codec's error answer from
/// [`HSS`]); `None` when the request passes.
pub fn error_answer(request: &[u8]) -> Option<Vec<u8>> {
    let err = check(request)?;
    let msg = Message::parse(request).ok()?;
    let mut out = BytesMut::new();
    build_error_answer(&mut out, &msg, &HSS, &err);
    Some(out.to_vec())
}

/// A row of [`requests`]: name, Result-Code, what the echoed AVP draws, the builder given the
/// hop-by-hop identifier.
type Case = (&'static str, ResultCode, Option<&'static str>, fn(u32) -> Vec<u8>);

/// Every malformed request, named, with distinct hop-by-hop identifiers.
pub fn requests() -> Vec<Malformed> {
    use ResultCode as R;
    let reserved = Some("Reserved bit set");
    let cases: [Case; 27] = [
        ("3008 reserved command flag bit", R::INVALID_HDR_BITS, None, reserved_command_bit),
        ("3008 E bit on a request", R::INVALID_HDR_BITS, None, error_bit_on_request),
        ("3008 E bit on a DWR", R::INVALID_HDR_BITS, None, error_bit_on_dwr),
        ("3009 reserved AVP flag bit", R::INVALID_AVP_BITS, reserved, reserved_avp_bit),
        ("5001 NAS-Port with the M bit", R::AVP_UNSUPPORTED, None, unknown_mandatory),
        ("5004 Destination-Host not UTF-8", R::INVALID_AVP_VALUE, None, bad_utf8),
        ("5004 Grouped AVPs nested too deep", R::INVALID_AVP_VALUE, None, nested_too_deep),
        ("5005 User-Name missing", R::MISSING_AVP, None, missing_user_name),
        ("5005 Proxy-State missing in Proxy-Info", R::MISSING_AVP, None, missing_in_group),
        ("5005 DWR without Origin-Realm", R::MISSING_AVP, None, dwr_missing_realm),
        ("5009 User-Name twice", R::AVP_OCCURS_TOO_MANY_TIMES, None, user_name_twice),
        ("5014 Unsigned32 of 5 octets", R::INVALID_AVP_LENGTH, BAD_U32, unsigned_too_long),
        ("5014 Unsigned32 length 4", R::INVALID_AVP_LENGTH, None, unsigned_below_header),
        ("5014 unknown AVP length 0", R::INVALID_AVP_LENGTH, None, unknown_length_zero),
        ("5014 3GPP AVP length 10", R::INVALID_AVP_LENGTH, None, vendor_below_header),
        ("5014 V bit, 8 octets left", R::INVALID_AVP_LENGTH, VENDOR_0, vendor_header_cut),
        ("5014 4 octets left", R::INVALID_AVP_LENGTH, None, header_cut),
        ("5014 Grouped past the end", R::INVALID_AVP_LENGTH, None, grouped_past_end),
        ("5014 Unsigned32 past the end", R::INVALID_AVP_LENGTH, None, unsigned_past_end),
        ("5014 Enumerated past the end", R::INVALID_AVP_LENGTH, None, enumerated_past_end),
        ("5014 OctetString past the end", R::INVALID_AVP_LENGTH, None, octets_past_end),
        ("5014 UTF8String past the end", R::INVALID_AVP_LENGTH, None, utf8_past_end),
        ("5014 DiameterIdentity past the end", R::INVALID_AVP_LENGTH, None, identity_past_end),
        ("5014 Address past the end", R::INVALID_AVP_LENGTH, None, address_past_end),
        ("5014 unknown AVP past the end", R::INVALID_AVP_LENGTH, None, unknown_past_end),
        ("5014 Proxy-State past its group", R::INVALID_AVP_LENGTH, None, child_past_group),
        ("5014 DPR Disconnect-Cause past the end", R::INVALID_AVP_LENGTH, None, dpr_past_end),
    ];
    cases
        .into_iter()
        .zip(1u32..)
        .map(|((name, result_code, echoed, build), n)| Malformed {
            name,
            result_code,
            echoed,
            request: build(0x0bad_0000 + n),
        })
        .collect()
}

/// An Unsigned32 of 5 octets, copied whole.
const BAD_U32: Option<&str> = Some("Bad Unsigned32 Length (5)");
/// A V-bit header cut off before its Vendor-ID, padded with zeros: vendor 0 has no AVP 1407.
const VENDOR_0: Option<&str> = Some("Unknown AVP 1407 (vendor=Reserved)");

// ---- well-formed starting points -------------------------------------------------------------

/// An AIR with everything but User-Name and Visited-PLMN-Id, then whatever `fill` writes.
fn air(hop_by_hop: u32, fill: impl FnOnce(&mut MessageWriter<'_>)) -> Vec<u8> {
    let mut buf = BytesMut::new();
    let mut w = MessageWriter::request(
        &mut buf,
        CommandCode::AUTHENTICATION_INFORMATION,
        ApplicationId::S6A,
        true,
        hop_by_hop,
        hop_by_hop ^ 0x5a5a_0000,
    );
    w.utf8(&base::SESSION_ID, &format!("mme.example.org;1;{hop_by_hop}"));
    write_vendor_app(&mut w, ApplicationId::S6A);
    w.u32(&base::AUTH_SESSION_STATE, 1);
    w.origin("mme.example.org", "example.org");
    w.utf8(&base::DESTINATION_REALM, "example.org");
    fill(&mut w);
    w.finish();
    buf.to_vec()
}

/// User-Name and Visited-PLMN-Id, well formed.
fn subscriber(w: &mut MessageWriter<'_>) {
    w.utf8(&base::USER_NAME, "001010000000001");
    w.octets(&s6a::VISITED_PLMN_ID, &[0x00, 0xf1, 0x10]);
}

/// The well-formed AIR most malformed requests start from.
pub fn valid_air(hop_by_hop: u32) -> Vec<u8> {
    air(hop_by_hop, subscriber)
}

/// A base request of `code` from the MME, with whatever `fill` writes.
fn base_request(code: CommandCode, hbh: u32, fill: impl FnOnce(&mut MessageWriter<'_>)) -> Vec<u8> {
    let mut buf = BytesMut::new();
    let mut w = MessageWriter::request(&mut buf, code, ApplicationId::COMMON, false, hbh, hbh);
    fill(&mut w);
    w.finish();
    buf.to_vec()
}

/// A valid AIR with `tail` appended as raw bytes (zero-padded to a multiple of four) and the
/// message length patched to cover it: what follows the AIR's AVPs is malformed.
fn air_with_tail(hop_by_hop: u32, tail: &[u8]) -> Vec<u8> {
    with_tail(valid_air(hop_by_hop), tail)
}

fn with_tail(mut msg: Vec<u8>, tail: &[u8]) -> Vec<u8> {
    msg.extend_from_slice(tail);
    msg.resize(msg.len().next_multiple_of(4), 0);
    let len = (msg.len() as u32).to_be_bytes();
    msg[1..4].copy_from_slice(&len[1..]);
    msg
}

/// An AVP header as raw bytes: code, flags and length, and the Vendor-ID when given.
fn header(code: u32, flags: u8, len: u32, vendor: Option<VendorId>) -> Vec<u8> {
    let mut h = Vec::with_capacity(12);
    h.put_u32(code);
    h.put_u32((u32::from(flags) << 24) | len);
    if let Some(v) = vendor {
        h.put_u32(v.0);
    }
    h
}

/// `header` then `data`.
fn avp(code: u32, flags: u8, len: u32, vendor: Option<VendorId>, data: &[u8]) -> Vec<u8> {
    let mut a = header(code, flags, len, vendor);
    a.extend_from_slice(data);
    a
}

/// The offset of the first top-level AVP `code` of `msg`.
fn offset_of(msg: &[u8], code: AvpCode) -> usize {
    let m = Message::parse(msg).expect("a whole message");
    m.find(code, VendorId::IETF).ok().flatten().expect("the AVP is there").offset
}

const M: u8 = 0x40;
const VM: u8 = 0xc0;
const TGPP: Option<VendorId> = Some(VendorId::TGPP);

// ---- 3008, 3009 ------------------------------------------------------------------------------

fn reserved_command_bit(hbh: u32) -> Vec<u8> {
    let mut m = valid_air(hbh);
    m[4] |= 0x01;
    m
}

fn error_bit_on_request(hbh: u32) -> Vec<u8> {
    let mut m = valid_air(hbh);
    m[4] |= 0x20;
    m
}

fn error_bit_on_dwr(hbh: u32) -> Vec<u8> {
    let mut m = base_request(CommandCode::DEVICE_WATCHDOG, hbh, |w| {
        w.origin("mme.example.org", "example.org");
    });
    m[4] |= 0x20;
    m
}

fn reserved_avp_bit(hbh: u32) -> Vec<u8> {
    let mut m = valid_air(hbh);
    let at = offset_of(&m, base::USER_NAME.code);
    m[at + 4] |= 0x01;
    m
}

// ---- 5001, 5004, 5005, 5009 ------------------------------------------------------------------

/// NAS-Port (RFC 7155, Unsigned32): an AVP Wireshark knows and the HSS's dictionary does not.
const NAS_PORT: u32 = 5;

fn unknown_mandatory(hbh: u32) -> Vec<u8> {
    air(hbh, |w| {
        subscriber(w);
        w.raw(AvpCode(NAS_PORT), VendorId::IETF, M, &[0, 0, 0, 7]);
    })
}

fn bad_utf8(hbh: u32) -> Vec<u8> {
    // Not User-Name: Wireshark reads an S6a User-Name as an IMSI and gives up on non-digits, in
    // the request and in the Failed-AVP that copies it alike.
    air(hbh, |w| {
        subscriber(w);
        w.octets(&base::DESTINATION_HOST, &[0x68, 0xff, 0xfe, 0x68]);
    })
}

fn nested_too_deep(hbh: u32) -> Vec<u8> {
    fn nest(w: &mut codec::AvpWriter<'_>, n: usize) {
        w.group(&base::PROXY_INFO, |g| {
            g.utf8(&base::PROXY_HOST, "dra.example.org");
            g.octets(&base::PROXY_STATE, b"s");
            if n > 0 {
                nest(g, n - 1);
            }
        });
    }
    air(hbh, |w| {
        subscriber(w);
        nest(w, codec::validate::MAX_DEPTH);
    })
}

fn missing_user_name(hbh: u32) -> Vec<u8> {
    air(hbh, |w| w.octets(&s6a::VISITED_PLMN_ID, &[0x00, 0xf1, 0x10]))
}

fn missing_in_group(hbh: u32) -> Vec<u8> {
    air(hbh, |w| {
        subscriber(w);
        w.group(&base::PROXY_INFO, |g| g.utf8(&base::PROXY_HOST, "dra.example.org"));
    })
}

fn dwr_missing_realm(hbh: u32) -> Vec<u8> {
    base_request(CommandCode::DEVICE_WATCHDOG, hbh, |w| {
        w.utf8(&base::ORIGIN_HOST, "mme.example.org");
    })
}

fn user_name_twice(hbh: u32) -> Vec<u8> {
    air(hbh, |w| {
        subscriber(w);
        w.utf8(&base::USER_NAME, "001010000000002");
    })
}

// ---- 5014 ------------------------------------------------------------------------------------

fn unsigned_too_long(hbh: u32) -> Vec<u8> {
    air(hbh, |w| {
        subscriber(w);
        w.octets(&s6a::AIR_FLAGS, &[0, 0, 0, 0, 1]);
    })
}

fn unsigned_below_header(hbh: u32) -> Vec<u8> {
    // Origin-State-Id (Unsigned32) claiming 4 octets, more AVP octets after it.
    let mut tail = header(278, M, 4, None);
    tail.extend_from_slice(&avp(278, M, 12, None, &[0, 0, 0, 1]));
    air_with_tail(hbh, &tail)
}

fn unknown_length_zero(hbh: u32) -> Vec<u8> {
    air_with_tail(hbh, &avp(NAS_PORT, 0, 0, None, b"abcdefgh"))
}

fn vendor_below_header(hbh: u32) -> Vec<u8> {
    // Visited-PLMN-Id (3GPP OctetString) claiming 10 octets: below a V-bit header.
    air_with_tail(hbh, &avp(1407, VM, 10, TGPP, &[0x00, 0xf1, 0x10, 0x00]))
}

fn vendor_header_cut(hbh: u32) -> Vec<u8> {
    // A V-bit header whose Vendor-ID never comes: the message ends 8 octets into it.
    air_with_tail(hbh, &header(1407, VM, 16, None))
}

fn header_cut(hbh: u32) -> Vec<u8> {
    // Only the AVP Code fits before the message ends.
    air_with_tail(hbh, &278u32.to_be_bytes())
}

fn grouped_past_end(hbh: u32) -> Vec<u8> {
    // Vendor-Specific-Application-Id claiming 64 octets; 20 are there.
    air_with_tail(hbh, &avp(260, M, 64, None, &avp(266, M, 12, None, &10_415u32.to_be_bytes())))
}

fn unsigned_past_end(hbh: u32) -> Vec<u8> {
    air_with_tail(hbh, &avp(278, M, 16, None, &[0, 0, 0, 9]))
}

fn enumerated_past_end(hbh: u32) -> Vec<u8> {
    // RAT-Type (3GPP Enumerated, V bit only).
    air_with_tail(hbh, &avp(1032, 0x80, 20, TGPP, &[0, 0, 3, 0xec]))
}

fn octets_past_end(hbh: u32) -> Vec<u8> {
    air_with_tail(hbh, &avp(1407, VM, 40, TGPP, &[0x00, 0xf1, 0x10, 0x00]))
}

fn utf8_past_end(hbh: u32) -> Vec<u8> {
    air_with_tail(hbh, &avp(1, M, 40, None, b"00101000"))
}

fn identity_past_end(hbh: u32) -> Vec<u8> {
    air_with_tail(hbh, &avp(293, M, 40, None, b"hss.exam"))
}

fn address_past_end(hbh: u32) -> Vec<u8> {
    air_with_tail(hbh, &avp(257, M, 20, None, &[0, 1, 127, 0]))
}

fn unknown_past_end(hbh: u32) -> Vec<u8> {
    air_with_tail(hbh, &avp(NAS_PORT, M, 100, None, b"abcd"))
}

fn child_past_group(hbh: u32) -> Vec<u8> {
    // Proxy-Info { Proxy-Host, Proxy-State claiming more than the group holds }.
    let mut state = avp(33, M, 40, None, b"stat");
    let mut group = avp(280, M, 23, None, b"dra.example.org\0");
    group.append(&mut state);
    let len = 8 + group.len() as u32;
    air_with_tail(hbh, &avp(284, M, len, None, &group))
}

fn dpr_past_end(hbh: u32) -> Vec<u8> {
    let dpr = base_request(CommandCode::DISCONNECT_PEER, hbh, |w| {
        w.origin("mme.example.org", "example.org");
    });
    with_tail(dpr, &avp(273, M, 24, None, &[0, 0, 0, 2]))
}
