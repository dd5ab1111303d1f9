//! Application requests in R-Open: what is handed on and what is refused here.

use codec::dict::{base as b, s6a};
use codec::{ApplicationId, AvpCode, CommandCode, ResultCode, VendorId};

use super::support::*;
use crate::peer::{Dispatch, PeerState};

/// Delivers `req` to an open pair and checks it was refused with `code`, the connection kept.
fn check_refused(pair: &mut PeerPair, req: &[u8], code: ResultCode) -> Vec<u8> {
    let (d, out) = pair.deliver(req);
    assert_eq!(d, Dispatch::Handled);
    assert_eq!(out.len(), 1);
    let (q, a) = (parse(req), parse(&out[0]));
    assert!(!a.is_request());
    assert_eq!(a.header.code, q.header.code);
    assert_eq!(a.header.application, q.header.application);
    assert_eq!(
        (a.header.hop_by_hop, a.header.end_to_end),
        (q.header.hop_by_hop, q.header.end_to_end)
    );
    assert_eq!(result_code(&out[0]), Some(code));
    assert_eq!(a.header.flags.is_error(), code.is_protocol_error());
    // Session-Id first, as received.
    let sid = q.find(b::SESSION_ID.code, VendorId::IETF).unwrap().map(|s| s.data);
    let first = a.avps().next().unwrap().unwrap();
    if let Some(sid) = sid {
        assert!(first.is(b::SESSION_ID.code, VendorId::IETF) && first.data == sid);
    }
    // The connection stays up and serves the next request.
    assert_eq!(pair.hss.state(), PeerState::ROpen);
    let air = pair.mme.air("001010000000001");
    assert_eq!(pair.deliver(&air).0, Dispatch::Application);
    out.into_iter().next().unwrap()
}

#[test]
fn a_valid_request_of_a_negotiated_application_is_handed_on() {
    let mut pair = PeerPair::open();
    let air = pair.mme.air("001010000000001");
    let (d, out) = pair.deliver(&air);
    assert_eq!(d, Dispatch::Application);
    assert!(out.is_empty(), "the application layer answers");
}

#[test]
fn missing_avp_is_5005_with_the_missing_avp() {
    let mut pair = PeerPair::open();
    // No User-Name.
    let req = pair.mme.air_with(|w| w.octets(&s6a::VISITED_PLMN_ID, &[0, 0xf1, 0x10]));
    let ans = check_refused(&mut pair, &req, ResultCode::MISSING_AVP);
    assert_eq!(failed_avp(&ans), Some((b::USER_NAME.code, VendorId::IETF)));
    // 5xxx answers of a 3GPP application keep its answer shape (RFC 6733 §7.1.5).
    let a = parse(&ans);
    assert!(a.find(b::VENDOR_SPECIFIC_APPLICATION_ID.code, VendorId::IETF).unwrap().is_some());
    assert!(a.find(b::AUTH_SESSION_STATE.code, VendorId::IETF).unwrap().is_some());
}

#[test]
fn invalid_value_is_5004_with_the_offending_avp() {
    let mut pair = PeerPair::open();
    let req = pair.mme.air_with(|w| {
        w.octets(&b::USER_NAME, &[0xff, 0xfe, 0x30]);
        w.octets(&s6a::VISITED_PLMN_ID, &[0, 0xf1, 0x10]);
    });
    let ans = check_refused(&mut pair, &req, ResultCode::INVALID_AVP_VALUE);
    assert_eq!(failed_avp(&ans), Some((b::USER_NAME.code, VendorId::IETF)));
}

#[test]
fn wrong_length_is_5014_with_the_offending_avp() {
    let mut pair = PeerPair::open();
    let req = pair.mme.air_with(|w| {
        w.utf8(&b::USER_NAME, "001010000000001");
        w.octets(&s6a::VISITED_PLMN_ID, &[0, 0xf1, 0x10]);
        // AIR-Flags is Unsigned32: three bytes are a 5014.
        w.raw(s6a::AIR_FLAGS.code, VendorId::TGPP, s6a::AIR_FLAGS.flags(), &[0, 0, 1]);
    });
    let ans = check_refused(&mut pair, &req, ResultCode::INVALID_AVP_LENGTH);
    assert_eq!(failed_avp(&ans), Some((s6a::AIR_FLAGS.code, VendorId::TGPP)));
}

#[test]
fn unknown_mandatory_avp_is_5001() {
    let mut pair = PeerPair::open();
    let req = pair.mme.air_with(|w| {
        w.utf8(&b::USER_NAME, "001010000000001");
        w.octets(&s6a::VISITED_PLMN_ID, &[0, 0xf1, 0x10]);
        w.raw(AvpCode(3999), VendorId::TGPP, 0xc0, &[1, 2, 3, 4]);
    });
    let ans = check_refused(&mut pair, &req, ResultCode::AVP_UNSUPPORTED);
    assert_eq!(failed_avp(&ans), Some((AvpCode(3999), VendorId::TGPP)));
}

#[test]
fn application_not_negotiated_is_3007() {
    // S13 is ours but the MME advertised only S6a; Cx is not ours at all.
    let mut pair = PeerPair::open();
    let ecr = pair.mme.request(ApplicationId::S13, CommandCode::ME_IDENTITY_CHECK, |_| {});
    check_refused(&mut pair, &ecr, ResultCode::APPLICATION_UNSUPPORTED);
    let uar = pair.mme.request(ApplicationId::CX, CommandCode::USER_AUTHORIZATION, |_| {});
    check_refused(&mut pair, &uar, ResultCode::APPLICATION_UNSUPPORTED);
}

#[test]
fn unknown_command_is_3001() {
    let mut pair = PeerPair::open();
    // A command code S6a does not define.
    let req = pair.mme.request(ApplicationId::S6A, CommandCode(999), |_| {});
    check_refused(&mut pair, &req, ResultCode::COMMAND_UNSUPPORTED);
    // A base session command under S6a, and any non-peer command of the common application.
    let str_ = pair.mme.request(ApplicationId::S6A, CommandCode::SESSION_TERMINATION, |_| {});
    check_refused(&mut pair, &str_, ResultCode::COMMAND_UNSUPPORTED);
    let rar = pair.mme.request(ApplicationId::COMMON, CommandCode::RE_AUTH, |_| {});
    check_refused(&mut pair, &rar, ResultCode::COMMAND_UNSUPPORTED);
}

#[test]
fn invalid_header_bits_are_3008() {
    let mut pair = PeerPair::open();
    let mut air = pair.mme.air("001010000000001");
    air[4] |= 0x01; // a reserved bit
    check_refused(&mut pair, &air, ResultCode::INVALID_HDR_BITS);
    let mut dwr = pair.mme.dwr();
    dwr[4] |= 0x20; // E on a request
    check_refused(&mut pair, &dwr, ResultCode::INVALID_HDR_BITS);
}

#[test]
fn proxy_info_is_returned_in_error_answers() {
    let mut pair = PeerPair::open();
    let req = pair.mme.air_with(|w| {
        w.group(&b::PROXY_INFO, |g| {
            g.utf8(&b::PROXY_HOST, "dra.example.org");
            g.octets(&b::PROXY_STATE, b"state");
        });
    });
    let ans = check_refused(&mut pair, &req, ResultCode::MISSING_AVP);
    assert!(parse(&ans).find(b::PROXY_INFO.code, VendorId::IETF).unwrap().is_some());
}

#[test]
fn answers_are_handed_on_for_matching() {
    let mut pair = PeerPair::open();
    let ids = pair.hss.next_request_ids();
    let idr = {
        let mut buf = bytes::BytesMut::new();
        let mut w = codec::MessageWriter::request(
            &mut buf,
            CommandCode::INSERT_SUBSCRIBER_DATA,
            ApplicationId::S6A,
            true,
            ids.hop_by_hop,
            ids.end_to_end,
        );
        w.origin(HSS_HOST, HSS_REALM);
        w.finish();
        buf.to_vec()
    };
    let ida = pair.mme.answer_to(&idr);
    let (d, out) = pair.deliver(&ida);
    assert_eq!(d, Dispatch::Answer);
    assert!(out.is_empty(), "answers are never answered");
    // Answers of applications the peer did not negotiate, or malformed ones, go the same way:
    // the engine matches them by hop-by-hop id or drops them.
    let mut odd = ida.clone();
    odd[8..12].copy_from_slice(&ApplicationId::CX.0.to_be_bytes());
    assert_eq!(pair.deliver(&odd).0, Dispatch::Answer);
}
