//! Sh builders decoded back through the views (requests) or the raw AVPs (answers, PNR).

use bytes::BytesMut;

use super::*;
use crate::build::cx::test_support::{
    HSS, IDS, PEER, SID, TO_HSS, TO_PEER, all, assert_bad_length, assert_missing, check_answer,
    check_request, check_samples, child, rewrite, top, valid, with_value, without,
};
use crate::code::{ResultCode, VendorId, experimental};
use crate::view::AnswerResult;
use crate::view::sh::*;

const IMPU: &str = "sip:alice@ims.example.org";
const MSISDN: &[u8] = &[0x51, 0x55, 0x21, 0xf3];

fn build(f: impl FnOnce(&mut BytesMut) -> usize) -> Vec<u8> {
    let mut buf = BytesMut::new();
    let n = f(&mut buf);
    assert_eq!(n, buf.len());
    buf.to_vec()
}

fn subject(user_identity: UserIdentity<'static>) -> ShSubject<'static> {
    ShSubject {
        user_identity,
        wildcarded_public_identity: Some("sip:svc-!.*!@ims.example.org"),
        wildcarded_impu: Some("sip:alice-!.*!@ims.example.org"),
        user_name: Some("alice@ims.example.org"),
    }
}

fn full_udr() -> UdrBody<'static> {
    UdrBody {
        subject: subject(UserIdentity::Msisdn(MSISDN)),
        data_references: &[DataReference::REPOSITORY_DATA, DataReference(99)],
        server_name: Some("sip:as.example.org"),
        service_indications: &[b"svc-a", b"svc-b"],
        identity_sets: &[IdentitySet::REGISTERED_IDENTITIES, IdentitySet::ALIAS_IDENTITIES],
        requested_domain: Some(RequestedDomain::PS_DOMAIN),
        current_location: Some(CurrentLocation::INITIATE_ACTIVE_LOCATION_RETRIEVAL),
        dsai_tags: &[b"tag-1"],
        session_priority: Some(3),
        requested_nodes: Some(1 | 8),
        serving_node_indication: true,
        pre_paging_supported: Some(1),
        local_time_zone_indication: Some(0),
        udr_flags: Some(2),
    }
}

#[test]
fn udr_round_trips_every_field() {
    let body = full_udr();
    let bytes = build(|b| udr(b, IDS, SID, &PEER, &TO_HSS, &body));
    let req = valid(&bytes);
    check_request(&req, &PEER, &TO_HSS);
    let v = UdrView::parse(&req).unwrap();
    assert_eq!(v.subject, body.subject);
    assert_eq!(v.data_references().collect::<Vec<_>>(), body.data_references);
    assert!(!DataReference(99).is_known() && DataReference::DSAI.is_known());
    assert_eq!(v.server_name, body.server_name);
    assert_eq!(v.service_indications().collect::<Vec<_>>(), body.service_indications);
    assert_eq!(v.identity_sets().collect::<Vec<_>>(), body.identity_sets);
    assert_eq!(v.requested_domain, body.requested_domain);
    assert_eq!(v.current_location, body.current_location);
    assert_eq!(v.dsai_tags().collect::<Vec<_>>(), body.dsai_tags);
    assert_eq!(v.session_priority, Some(3));
    assert_eq!(v.requested_nodes, Some(9));
    assert!(v.serving_node_indication);
    assert_eq!((v.pre_paging_supported, v.local_time_zone_indication), (Some(1), Some(0)));
    assert_eq!(v.udr_flags, 2);

    let minimal = UdrBody::new(
        ShSubject {
            wildcarded_public_identity: None,
            wildcarded_impu: None,
            user_name: None,
            ..body.subject
        },
        &[DataReference::IMS_USER_STATE],
    );
    let bytes = build(|b| udr(b, IDS, SID, &PEER, &TO_HSS, &minimal));
    let v = UdrView::parse(&valid(&bytes)).unwrap();
    assert_eq!(v.subject.user_identity, UserIdentity::Msisdn(MSISDN));
    assert_eq!(v.subject.user_name, None);
    assert_eq!(v.data_references().collect::<Vec<_>>(), [DataReference::IMS_USER_STATE]);
    assert_eq!(v.service_indications().count() + v.identity_sets().count(), 0);
    assert!(!v.serving_node_indication);
    assert_eq!(v.udr_flags, 0);
}

#[test]
fn user_identity_variants_and_errors() {
    for ui in [
        UserIdentity::PublicIdentity(IMPU),
        UserIdentity::Msisdn(MSISDN),
        UserIdentity::ExternalIdentifier("device@ext.example.org"),
    ] {
        let body = UdrBody::new(subject(ui), &[DataReference::MSISDN]);
        let bytes = build(|b| udr(b, IDS, SID, &PEER, &TO_HSS, &body));
        assert_eq!(UdrView::parse(&valid(&bytes)).unwrap().subject.user_identity, ui);
    }
    let body = UdrBody::new(subject(UserIdentity::PublicIdentity(IMPU)), &[DataReference::MSISDN]);
    let bytes = build(|b| udr(b, IDS, SID, &PEER, &TO_HSS, &body));
    let parse = |b: &[u8]| UdrView::parse(&crate::Message::parse(b).unwrap()).unwrap_err();
    let replace_identity = |fill: fn(&mut crate::writer::AvpWriter<'_>)| {
        rewrite(&bytes, move |a, w| {
            let hit = a.is(sh::USER_IDENTITY.code, VendorId::TGPP);
            if hit {
                w.group(&sh::USER_IDENTITY, fill);
            }
            hit
        })
    };
    let both = replace_identity(|g| {
        g.utf8(&cx::PUBLIC_IDENTITY, IMPU);
        g.octets(&sh::MSISDN, MSISDN);
    });
    let err = parse(&both);
    assert_eq!(err.result_code, ResultCode::INVALID_AVP_VALUE);
    let empty = replace_identity(|_| {});
    assert_missing(parse(&empty), &cx::PUBLIC_IDENTITY);
    assert_missing(parse(&without(&bytes, &sh::USER_IDENTITY)), &sh::USER_IDENTITY);
    assert_missing(parse(&without(&bytes, &sh::DATA_REFERENCE)), &sh::DATA_REFERENCE);
    assert_bad_length(parse(&with_value(&bytes, &sh::DATA_REFERENCE, &[0, 0, 0, 0, 17])));
}

#[test]
fn uda_carries_user_data() {
    let bytes = build(|b| udr(b, IDS, SID, &PEER, &TO_HSS, &full_udr()));
    let req = valid(&bytes);
    let out = build(|b| uda(b, &req, &HSS, Outcome::Success, Some(b"<Sh-Data/>")));
    let ans = valid(&out);
    check_answer(&ans, &req, &HSS);
    assert_eq!(top(&ans, &sh::USER_DATA).data, b"<Sh-Data/>");
    let outcome = Outcome::Experimental(experimental::ERROR_USER_DATA_CANNOT_BE_READ);
    let out = build(|b| uda(b, &req, &HSS, outcome, None));
    let ans = valid(&out);
    assert_eq!(
        AnswerResult::from_answer(&ans).unwrap(),
        AnswerResult::Experimental { vendor: 10_415, code: ResultCode(5102) }
    );
    assert!(all(&ans, &sh::USER_DATA).is_empty());
}

#[test]
fn pur_round_trips_and_pua_names_the_repository_data() {
    let body = ShPurBody {
        subject: subject(UserIdentity::PublicIdentity(IMPU)),
        data_references: &[DataReference::REPOSITORY_DATA],
        user_data: b"<Sh-Data><RepositoryData/></Sh-Data>",
    };
    let bytes = build(|b| pur(b, IDS, SID, &PEER, &TO_HSS, &body));
    let req = valid(&bytes);
    let v = ShPurView::parse(&req).unwrap();
    assert_eq!(v.subject, body.subject);
    assert_eq!(v.user_data, body.user_data);
    assert_eq!(v.data_references().collect::<Vec<_>>(), body.data_references);
    let parse = |b: &[u8]| ShPurView::parse(&crate::Message::parse(b).unwrap()).unwrap_err();
    assert_missing(parse(&without(&bytes, &sh::USER_DATA)), &sh::USER_DATA);
    assert_missing(parse(&without(&bytes, &sh::DATA_REFERENCE)), &sh::DATA_REFERENCE);

    let id = RepositoryDataId { service_indication: b"svc", sequence_number: 7 };
    let out = build(|b| {
        pua(b, &req, &HSS, Outcome::Success, Some(&id), Some(DataReference::REPOSITORY_DATA))
    });
    let ans = valid(&out);
    check_answer(&ans, &req, &HSS);
    let rd = top(&ans, &sh::REPOSITORY_DATA_ID);
    assert_eq!(child(&rd, &sh::SERVICE_INDICATION).data, b"svc");
    assert_eq!(child(&rd, &sh::SEQUENCE_NUMBER).u32().unwrap(), 7);
    assert_eq!(top(&ans, &sh::DATA_REFERENCE).u32().unwrap(), 0);
    let out = build(|b| {
        let outcome = Outcome::Experimental(experimental::ERROR_TRANSPARENT_DATA_OUT_OF_SYNC);
        pua(b, &req, &HSS, outcome, None, None)
    });
    assert!(all(&valid(&out), &sh::REPOSITORY_DATA_ID).is_empty());
}

#[test]
fn snr_round_trips_and_sna_returns_data_and_expiry() {
    let body = SnrBody {
        subject: subject(UserIdentity::PublicIdentity(IMPU)),
        subs_req_type: SubsReqType::UNSUBSCRIBE,
        data_references: &[DataReference::IMS_USER_STATE, DataReference::REPOSITORY_DATA],
        service_indications: &[b"svc"],
        send_data: true,
        server_name: Some("sip:as.example.org"),
        identity_sets: &[IdentitySet::IMPLICIT_IDENTITIES],
        expiry_time: Some(3_900_000_000),
        dsai_tags: &[b"t1", b"t2"],
        one_time_notification: true,
    };
    let bytes = build(|b| snr(b, IDS, SID, &PEER, &TO_HSS, &body));
    let req = valid(&bytes);
    let v = SnrView::parse(&req).unwrap();
    assert_eq!(v.subject, body.subject);
    assert_eq!(v.subs_req_type, SubsReqType::UNSUBSCRIBE);
    assert!(v.send_data && v.one_time_notification);
    assert_eq!(v.server_name, body.server_name);
    assert_eq!(v.expiry_time, body.expiry_time);
    assert_eq!(v.data_references().collect::<Vec<_>>(), body.data_references);
    assert_eq!(v.service_indications().collect::<Vec<_>>(), body.service_indications);
    assert_eq!(v.identity_sets().collect::<Vec<_>>(), body.identity_sets);
    assert_eq!(v.dsai_tags().collect::<Vec<_>>(), body.dsai_tags);
    let parse = |b: &[u8]| SnrView::parse(&crate::Message::parse(b).unwrap()).unwrap_err();
    assert_missing(parse(&without(&bytes, &sh::SUBS_REQ_TYPE)), &sh::SUBS_REQ_TYPE);
    assert_bad_length(parse(&with_value(&bytes, &sh::EXPIRY_TIME, &[1, 2, 3])));
    assert_bad_length(parse(&with_value(&bytes, &sh::IDENTITY_SET, &[1, 2, 3])));
    let not_requested = with_value(&bytes, &sh::SEND_DATA_INDICATION, &0u32.to_be_bytes());
    let v = SnrView::parse(&valid(&not_requested)).unwrap();
    assert!(!v.send_data, "USER_DATA_NOT_REQUESTED");

    let quiet =
        SnrBody { send_data: false, one_time_notification: false, expiry_time: None, ..body };
    let bytes = build(|b| snr(b, IDS, SID, &PEER, &TO_HSS, &quiet));
    let v = SnrView::parse(&valid(&bytes)).unwrap();
    assert!(!v.send_data && !v.one_time_notification && v.expiry_time.is_none());

    let out =
        build(|b| sna(b, &req, &HSS, Outcome::Success, Some(b"<Sh-Data/>"), Some(3_900_000_100)));
    let ans = valid(&out);
    check_answer(&ans, &req, &HSS);
    assert_eq!(top(&ans, &sh::USER_DATA).data, b"<Sh-Data/>");
    assert_eq!(top(&ans, &sh::EXPIRY_TIME).time().unwrap(), 3_900_000_100);
}

#[test]
fn pnr_notifies_and_pna_answers() {
    let body =
        PnrBody { subject: subject(UserIdentity::PublicIdentity(IMPU)), user_data: b"<Sh-Data/>" };
    let bytes = build(|b| pnr(b, IDS, SID, &HSS, &TO_PEER, &body));
    let req = valid(&bytes);
    check_request(&req, &HSS, &TO_PEER);
    let ui = top(&req, &sh::USER_IDENTITY);
    assert_eq!(UserIdentity::parse(&ui).unwrap(), UserIdentity::PublicIdentity(IMPU));
    assert_eq!(top(&req, &cx::WILDCARDED_IMPU).utf8().unwrap(), "sip:alice-!.*!@ims.example.org");
    assert_eq!(top(&req, &b::USER_NAME).utf8().unwrap(), "alice@ims.example.org");
    assert_eq!(top(&req, &sh::USER_DATA).data, b"<Sh-Data/>");

    let out = build(|b| pna(b, &req, &PEER, Outcome::Success));
    let ans = valid(&out);
    check_answer(&ans, &req, &PEER);
    let v = PnaView::parse(&ans).unwrap();
    assert!(v.result.is_success());
    assert_eq!(v.origin_realm, PEER.realm);
}

#[test]
fn sh_samples_validate() {
    check_samples(&samples(), "sh_", 10);
}
