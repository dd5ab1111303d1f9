//! One case per Result-Code the validator can produce.

use super::*;
use crate::dict::base;
use crate::{ApplicationId, AvpCode, CommandCode, FailedAvp, MessageWriter, VendorId};
use bytes::BytesMut;

fn dpr(fill: impl FnOnce(&mut MessageWriter<'_>)) -> BytesMut {
    let mut buf = BytesMut::new();
    let mut w = MessageWriter::request(
        &mut buf,
        CommandCode::DISCONNECT_PEER,
        ApplicationId::COMMON,
        false,
        1,
        1,
    );
    fill(&mut w);
    w.finish();
    buf
}

fn check(buf: &[u8]) -> Result<(), MessageError> {
    let msg = Message::parse(buf).unwrap();
    let def = dict::command(msg.header.application, msg.header.code).unwrap();
    validate(&msg, def)
}

fn valid_body(w: &mut MessageWriter<'_>) {
    w.origin("mme.example", "example");
    w.u32(&base::DISCONNECT_CAUSE, 0);
}

#[test]
fn a_valid_request_passes() {
    assert_eq!(check(&dpr(valid_body)), Ok(()));
}

#[test]
fn unknown_avp_without_m_bit_is_skipped() {
    let buf = dpr(|w| {
        valid_body(w);
        w.raw(AvpCode(4242), VendorId(99), 0, b"x");
    });
    assert_eq!(check(&buf), Ok(()));
}

#[test]
fn unknown_avp_with_m_bit_is_5001_and_names_it() {
    let buf = dpr(|w| {
        valid_body(w);
        w.raw(AvpCode(4242), VendorId(99), 0x40, b"x");
    });
    let err = check(&buf).unwrap_err();
    assert_eq!(err.result_code, ResultCode::AVP_UNSUPPORTED);
    let Some(FailedAvp::At { offset, len }) = err.failed_avp else { panic!("{err:?}") };
    assert_eq!(&buf[offset..offset + 4], &4242u32.to_be_bytes());
    assert_eq!(len, 13);
}

#[test]
fn missing_required_avp_is_5005_with_an_example_avp() {
    let buf = dpr(|w| w.origin("mme.example", "example"));
    let err = check(&buf).unwrap_err();
    assert_eq!(err.result_code, ResultCode::MISSING_AVP);
    assert_eq!(
        err.failed_avp,
        Some(FailedAvp::Missing {
            code: base::DISCONNECT_CAUSE.code,
            vendor: VendorId::IETF,
            min_len: 4
        })
    );
}

#[test]
fn repeated_single_avp_is_5009() {
    let buf = dpr(|w| {
        valid_body(w);
        w.u32(&base::DISCONNECT_CAUSE, 1);
    });
    assert_eq!(check(&buf).unwrap_err().result_code, ResultCode::AVP_OCCURS_TOO_MANY_TIMES);
}

#[test]
fn wrong_fixed_length_is_5014() {
    let buf = dpr(|w| {
        w.origin("mme.example", "example");
        w.octets(&base::DISCONNECT_CAUSE, &[0, 0, 0, 0, 0]);
    });
    assert_eq!(check(&buf).unwrap_err().result_code, ResultCode::INVALID_AVP_LENGTH);
}

#[test]
fn bad_utf8_is_5004() {
    let buf = dpr(|w| {
        w.octets(&base::ORIGIN_HOST, &[0xff, 0xfe]);
        w.utf8(&base::ORIGIN_REALM, "example");
        w.u32(&base::DISCONNECT_CAUSE, 0);
    });
    assert_eq!(check(&buf).unwrap_err().result_code, ResultCode::INVALID_AVP_VALUE);
}

#[test]
fn avp_overrunning_the_message_is_5014() {
    let mut buf = dpr(valid_body);
    // Make the last AVP (Disconnect-Cause, 12 bytes) claim 16 bytes.
    let at = buf.len() - 12 + 7;
    buf[at] = 16;
    let err = check(&buf).unwrap_err();
    assert_eq!(err.result_code, ResultCode::INVALID_AVP_LENGTH);
    assert!(matches!(err.failed_avp, Some(FailedAvp::BadLength { .. })));
}

#[test]
fn reserved_header_bits_are_3008() {
    let mut buf = dpr(valid_body);
    buf[4] |= 0x01;
    assert_eq!(check(&buf).unwrap_err().result_code, ResultCode::INVALID_HDR_BITS);
    let mut buf = dpr(valid_body);
    buf[4] |= 0x20; // E bit on a request
    assert_eq!(check(&buf).unwrap_err().result_code, ResultCode::INVALID_HDR_BITS);
}

#[test]
fn reserved_avp_bits_are_3009() {
    let mut buf = dpr(valid_body);
    buf[20 + 4] |= 0x01;
    assert_eq!(check(&buf).unwrap_err().result_code, ResultCode::INVALID_AVP_BITS);
}

#[test]
fn grouped_children_are_checked() {
    let buf = dpr(|w| {
        valid_body(w);
        w.group(&base::PROXY_INFO, |g| g.utf8(&base::PROXY_HOST, "dra.example"));
    });
    let err = check(&buf).unwrap_err();
    assert_eq!(err.result_code, ResultCode::MISSING_AVP);
    assert!(
        matches!(err.failed_avp, Some(FailedAvp::Missing { code, .. }) if code == base::PROXY_STATE.code)
    );
}

#[test]
fn forbidden_avp_is_5008() {
    static RULES: [dict::Rule; 1] = [dict::Rule::forbidden(&base::RESULT_CODE)];
    let buf = dpr(|w| w.result_code(ResultCode::SUCCESS));
    let msg = Message::parse(&buf).unwrap();
    assert_eq!(
        check_avps(msg.avps(), &RULES, 0).unwrap_err().result_code,
        ResultCode::AVP_NOT_ALLOWED
    );
}

#[test]
fn absurd_nesting_is_refused_not_overflowed() {
    let mut buf = BytesMut::new();
    let mut w = MessageWriter::request(
        &mut buf,
        CommandCode::DISCONNECT_PEER,
        ApplicationId::COMMON,
        false,
        1,
        1,
    );
    fn nest(w: &mut crate::AvpWriter<'_>, n: usize) {
        if n > 0 {
            w.group(&base::PROXY_INFO, |g| nest(g, n - 1));
        }
    }
    valid_body(&mut w);
    nest(&mut w, 40);
    w.finish();
    assert!(check(&buf).is_err());
}
