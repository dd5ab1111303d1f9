//! The S6a views on malformed input: each error names the AVP with the Result-Code and Failed-AVP
//! an answer needs (RFC 6733 §7.1.5, §7.5), whether or not the validator ran first.

use bytes::BytesMut;

use super::*;
use crate::build::{Destination, Origin, RequestIds, error_answer, start_request};
use crate::code::{ApplicationId, CommandCode, ResultCode, VendorId};
use crate::error::FailedAvp;
use crate::writer::{AvpWriter, MessageWriter};
use crate::{dict, validate};

const MME: Origin<'static> = Origin { host: "mme.example.org", realm: "example.org" };
const TO_HSS: Destination<'static> = Destination { host: "hss.example.org", realm: "example.org" };
const IMSI: &str = "001010123456789";
const PLMN: [u8; 3] = [0x00, 0xf1, 0x10];

/// A request of `code` with the common AVPs, then whatever `fill` writes.
fn request(code: CommandCode, fill: impl FnOnce(&mut AvpWriter<'_>)) -> BytesMut {
    let mut buf = BytesMut::new();
    let def = dict::command(ApplicationId::S6A, code).unwrap();
    let ids = RequestIds { hop_by_hop: 7, end_to_end: 8 };
    let mut w = start_request(&mut buf, def, ids, "mme.example.org;1;2", &MME, &TO_HSS);
    fill(&mut w);
    w.finish();
    buf
}

/// An AIR with `user_name` and `plmn`, and `extra` after them.
fn air(user_name: Option<&str>, plmn: &[u8], extra: impl FnOnce(&mut AvpWriter<'_>)) -> BytesMut {
    request(CommandCode::AUTHENTICATION_INFORMATION, |w| {
        if let Some(u) = user_name {
            w.utf8(&b::USER_NAME, u);
        }
        w.octets(&s6a::VISITED_PLMN_ID, plmn);
        extra(w);
    })
}

/// The bytes a Failed-AVP of `err` points at in `msg`.
fn failed<'m>(err: &MessageError, msg: &'m [u8]) -> RawAvp<'m> {
    match err.failed_avp {
        Some(FailedAvp::At { offset, len }) => {
            AvpIter::new(&msg[offset..offset + len], offset).next().unwrap().unwrap()
        }
        other => panic!("expected a Failed-AVP inside the message, got {other:?}"),
    }
}

#[test]
fn a_well_formed_air_parses() {
    let buf = air(Some(IMSI), &PLMN, |_| {});
    let view = AirView::parse(&Message::parse(&buf).unwrap()).unwrap();
    assert_eq!((view.imsi, view.visited_plmn_id), (IMSI, PLMN));
}

#[test]
fn a_missing_user_name_is_5005_naming_it() {
    let buf = air(None, &PLMN, |_| {});
    let msg = Message::parse(&buf).unwrap();
    let err = AirView::parse(&msg).unwrap_err();
    assert_eq!(err.result_code, ResultCode::MISSING_AVP);
    assert_eq!(
        err,
        MessageError::missing(b::USER_NAME.code, VendorId::IETF, b::USER_NAME.ty.min_len())
    );
    // The validator agrees, and so do the other views.
    let def = dict::command(ApplicationId::S6A, CommandCode::AUTHENTICATION_INFORMATION).unwrap();
    assert_eq!(validate::validate(&msg, def).unwrap_err(), err);
    let buf = request(CommandCode::PURGE_UE, |_| {});
    assert_eq!(PurView::parse(&Message::parse(&buf).unwrap()).unwrap_err(), err);
    let buf = request(CommandCode::NOTIFY, |_| {});
    assert_eq!(NorView::parse(&Message::parse(&buf).unwrap()).unwrap_err(), err);
}

#[test]
fn a_visited_plmn_id_of_four_bytes_is_5014_on_that_avp() {
    for bad in [&[0x00, 0xf1, 0x10, 0x00][..], &[0x00, 0xf1]] {
        let buf = air(Some(IMSI), bad, |_| {});
        let err = AirView::parse(&Message::parse(&buf).unwrap()).unwrap_err();
        assert_eq!(err.result_code, ResultCode::INVALID_AVP_LENGTH);
        let avp = failed(&err, &buf);
        assert_eq!((avp.code, avp.data), (s6a::VISITED_PLMN_ID.code, bad));
    }
}

#[test]
fn a_user_name_that_is_not_an_imsi_is_5004_on_that_avp() {
    for bad in ["00101012345678x", "00101", "0010101234567890", "", "001 010123456789"] {
        let buf = air(Some(bad), &PLMN, |_| {});
        let msg = Message::parse(&buf).unwrap();
        let err = AirView::parse(&msg).unwrap_err();
        assert_eq!(err.result_code, ResultCode::INVALID_AVP_VALUE, "{bad:?}");
        let avp = failed(&err, &buf);
        assert_eq!((avp.code, avp.data), (b::USER_NAME.code, bad.as_bytes()));

        // The error answer built from it carries the offending User-Name as Failed-AVP.
        let mut out = BytesMut::new();
        error_answer(&mut out, &msg, &Origin { host: "hss", realm: "example.org" }, &err);
        let ans = Message::parse(&out).unwrap();
        let failed_avp = ans.find(b::FAILED_AVP.code, VendorId::IETF).unwrap().unwrap();
        assert_eq!(failed_avp.group().next().unwrap().unwrap().data, bad.as_bytes());
    }
    for good in ["001010", "001010123456789"] {
        let buf = air(Some(good), &PLMN, |_| {});
        assert_eq!(AirView::parse(&Message::parse(&buf).unwrap()).unwrap().imsi, good);
    }
}

#[test]
fn resynchronization_info_must_be_rand_and_auts() {
    for len in [29, 31, 16] {
        let buf = air(Some(IMSI), &PLMN, |w| {
            w.group(&s6a::REQUESTED_EUTRAN_AUTHENTICATION_INFO, |g| {
                g.u32(&s6a::NUMBER_OF_REQUESTED_VECTORS, 1);
                g.octets(&s6a::RE_SYNCHRONIZATION_INFO, &vec![0x5a; len]);
            });
        });
        let err = AirView::parse(&Message::parse(&buf).unwrap()).unwrap_err();
        assert_eq!(err.result_code, ResultCode::INVALID_AVP_LENGTH, "{len} octets");
        assert_eq!(failed(&err, &buf).code, s6a::RE_SYNCHRONIZATION_INFO.code);
    }
}

#[test]
fn a_malformed_number_of_vectors_is_5014() {
    let buf = air(Some(IMSI), &PLMN, |w| {
        w.group(&s6a::REQUESTED_UTRAN_GERAN_AUTHENTICATION_INFO, |g| {
            g.octets(&s6a::NUMBER_OF_REQUESTED_VECTORS, &[0, 1]);
        });
    });
    let err = AirView::parse(&Message::parse(&buf).unwrap()).unwrap_err();
    assert_eq!(err.result_code, ResultCode::INVALID_AVP_LENGTH);
    assert_eq!(failed(&err, &buf).code, s6a::NUMBER_OF_REQUESTED_VECTORS.code);
}

#[test]
fn every_supported_features_is_checked_in_parse() {
    // The second Supported-Features lacks Feature-List: the view refuses it up front, so its
    // iterator never has to.
    let buf = air(Some(IMSI), &PLMN, |w| {
        for complete in [true, false] {
            w.group(&tgpp::SUPPORTED_FEATURES, |g| {
                g.u32(&b::VENDOR_ID, 10_415);
                g.u32(&tgpp::FEATURE_LIST_ID, 1);
                if complete {
                    g.u32(&tgpp::FEATURE_LIST, 3);
                }
            });
        }
    });
    let err = AirView::parse(&Message::parse(&buf).unwrap()).unwrap_err();
    assert_eq!(err, MessageError::missing(tgpp::FEATURE_LIST.code, VendorId::TGPP, 4));
}

/// A ULR with everything required, then `extra`; `skip` leaves one required AVP out.
fn ulr(skip: Option<&AvpDef>, extra: impl FnOnce(&mut AvpWriter<'_>)) -> BytesMut {
    request(CommandCode::UPDATE_LOCATION, |w| {
        let keep = |def: &AvpDef| skip.is_none_or(|s| s.code != def.code);
        if keep(&b::USER_NAME) {
            w.utf8(&b::USER_NAME, IMSI);
        }
        if keep(&tgpp::RAT_TYPE) {
            w.u32(&tgpp::RAT_TYPE, RatType::EUTRAN.0);
        }
        if keep(&s6a::ULR_FLAGS) {
            w.u32(&s6a::ULR_FLAGS, UlrFlags::S6A_S6D_INDICATOR.0);
        }
        if keep(&s6a::VISITED_PLMN_ID) {
            w.octets(&s6a::VISITED_PLMN_ID, &PLMN);
        }
        extra(w);
    })
}

#[test]
fn ulr_requires_its_avps() {
    let buf = ulr(None, |_| {});
    let view = UlrView::parse(&Message::parse(&buf).unwrap()).unwrap();
    assert_eq!((view.rat_type, view.ulr_flags), (RatType::EUTRAN, UlrFlags::S6A_S6D_INDICATOR));
    for def in [&b::USER_NAME, &tgpp::RAT_TYPE, &s6a::ULR_FLAGS, &s6a::VISITED_PLMN_ID] {
        let buf = ulr(Some(def), |_| {});
        let err = UlrView::parse(&Message::parse(&buf).unwrap()).unwrap_err();
        assert_eq!(err.result_code, ResultCode::MISSING_AVP, "{}", def.name);
        assert!(
            matches!(err.failed_avp, Some(FailedAvp::Missing { code, vendor, .. }) if code == def.code && vendor == def.vendor),
            "{}: {err:?}",
            def.name
        );
    }
}

#[test]
fn ulr_checks_its_lists_in_parse() {
    let buf = ulr(None, |w| {
        w.group(&s6a::EQUIVALENT_PLMN_LIST, |g| {
            g.octets(&s6a::VISITED_PLMN_ID, &PLMN);
            g.octets(&s6a::VISITED_PLMN_ID, &[0x00, 0xf1]);
        });
    });
    let err = UlrView::parse(&Message::parse(&buf).unwrap()).unwrap_err();
    assert_eq!(err.result_code, ResultCode::INVALID_AVP_LENGTH);
    assert_eq!(failed(&err, &buf).data, [0x00, 0xf1]);

    // The second Active-APN has no Context-Identifier.
    let buf = ulr(None, |w| {
        w.group(&s6a::ACTIVE_APN, |g| g.u32(&s6a::CONTEXT_IDENTIFIER, 1));
        w.group(&s6a::ACTIVE_APN, |g| g.utf8(&ietf::SERVICE_SELECTION, "ims"));
    });
    let err = UlrView::parse(&Message::parse(&buf).unwrap()).unwrap_err();
    assert_eq!(err, MessageError::missing(s6a::CONTEXT_IDENTIFIER.code, VendorId::TGPP, 4));
}

#[test]
fn iterators_resume_at_the_first_occurrence() {
    let buf = ulr(None, |w| {
        for ci in [4, 9] {
            w.group(&s6a::ACTIVE_APN, |g| g.u32(&s6a::CONTEXT_IDENTIFIER, ci));
            w.u32(&s6a::SMS_REGISTER_REQUEST, 2);
        }
    });
    let msg = Message::parse(&buf).unwrap();
    let view = UlrView::parse(&msg).unwrap();
    let ids: Vec<_> = view.active_apns().map(|a| a.context_identifier).collect();
    assert_eq!(ids, [4, 9]);
    assert_eq!(view.sms_register_request, Some(2));
    assert!(view.first_active_apn.unwrap().offset > crate::HEADER_LEN);
}

#[test]
fn answers_without_a_result_are_5005_naming_result_code() {
    let mut buf = BytesMut::new();
    let mut w =
        MessageWriter::new(&mut buf, 0, CommandCode::CANCEL_LOCATION, ApplicationId::S6A, 1, 2);
    w.utf8(&b::SESSION_ID, "hss;1;1");
    w.origin("mme.example.org", "example.org");
    w.finish();
    let msg = Message::parse(&buf).unwrap();
    let missing = MessageError::missing(b::RESULT_CODE.code, VendorId::IETF, 4);
    assert_eq!(ClaView::parse(&msg).unwrap_err(), missing);
    assert_eq!(DsaView::parse(&msg).unwrap_err(), missing);
    assert_eq!(IdaView::parse(&msg).unwrap_err(), missing);
    // An Experimental-Result without its code is a 5005 too.
    let mut buf = BytesMut::new();
    let mut w =
        MessageWriter::new(&mut buf, 0, CommandCode::CANCEL_LOCATION, ApplicationId::S6A, 1, 2);
    w.origin("mme.example.org", "example.org");
    w.group(&b::EXPERIMENTAL_RESULT, |g| g.u32(&b::VENDOR_ID, 10_415));
    w.finish();
    let err = ClaView::parse(&Message::parse(&buf).unwrap()).unwrap_err();
    assert_eq!(err.result_code, ResultCode::MISSING_AVP);
}
