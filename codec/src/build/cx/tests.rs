//! Cx builders decoded back: every message validates against the dictionary and the views (or,
//! for what the HSS sends, the raw AVPs) return what was put in.

use bytes::BytesMut;

use super::test_support::*;
use super::*;
use crate::code::{ResultCode, VendorId, experimental};
use crate::dict::AvpDef;
use crate::view::cx::*;
use crate::view::{AnswerResult, index, index_group};

const IMPI: &str = "alice@ims.example.org";
const IMPU: &str = "sip:alice@ims.example.org";
const IMPU2: &str = "tel:+15551234";
const SCSCF: &str = "sip:scscf.ims.example.org:6060";

fn uar_body() -> UarBody<'static> {
    UarBody {
        user_name: IMPI,
        public_identity: IMPU,
        visited_network_identifier: b"visited.example.net",
        user_authorization_type: Some(UserAuthorizationType::REGISTRATION_AND_CAPABILITIES),
        uar_flags: Some(UAR_FLAG_IMS_EMERGENCY_REGISTRATION),
    }
}

fn build(f: impl FnOnce(&mut BytesMut) -> usize) -> Vec<u8> {
    let mut buf = BytesMut::from(&b"junk before"[..]);
    let n = f(&mut buf);
    assert_eq!(n, buf.len() - 11, "returns the length of the message appended");
    buf[11..].to_vec()
}

#[test]
fn uar_round_trips_and_uaa_carries_capabilities_or_name() {
    let bytes = build(|b| uar(b, IDS, SID, &PEER, &TO_HSS, &uar_body()));
    let req = valid(&bytes);
    check_request(&req, &PEER, &TO_HSS);
    let v = UarView::parse(&req).unwrap();
    assert_eq!((v.user_name, v.public_identity), (IMPI, IMPU));
    assert_eq!(v.visited_network_identifier, b"visited.example.net");
    assert_eq!(v.authorization_type(), UserAuthorizationType::REGISTRATION_AND_CAPABILITIES);
    assert!(v.is_emergency());
    assert_eq!(v.routing.origin_host, PEER.host);
    assert_eq!(v.routing.destination_realm, Some(TO_HSS.realm));

    let caps = ServerCapabilities { mandatory: &[1, 2], optional: &[7], server_names: &[SCSCF] };
    let outcome = Outcome::Experimental(experimental::FIRST_REGISTRATION);
    let out = build(|b| uaa(b, &req, &HSS, outcome, Some(ServerSelection::Capabilities(caps))));
    let ans = valid(&out);
    check_answer(&ans, &req, &HSS);
    let result = AnswerResult::from_answer(&ans).unwrap();
    assert_eq!(result, AnswerResult::Experimental { vendor: 10_415, code: ResultCode(2001) });
    let sc = top(&ans, &cx::SERVER_CAPABILITIES);
    let values = |def: &AvpDef| -> Vec<u32> {
        sc.group()
            .map(Result::unwrap)
            .filter(|a| a.code == def.code)
            .map(|a| a.u32().unwrap())
            .collect()
    };
    assert_eq!(values(&cx::MANDATORY_CAPABILITY), [1, 2]);
    assert_eq!(values(&cx::OPTIONAL_CAPABILITY), [7]);
    assert_eq!(child(&sc, &cx::SERVER_NAME).utf8().unwrap(), SCSCF);
    assert!(ans.find(cx::SERVER_NAME.code, VendorId::TGPP).unwrap().is_none());

    let outcome = Outcome::Experimental(experimental::SUBSEQUENT_REGISTRATION);
    let out = build(|b| uaa(b, &req, &HSS, outcome, Some(ServerSelection::Name(SCSCF))));
    let ans = valid(&out);
    assert_eq!(top(&ans, &cx::SERVER_NAME).utf8().unwrap(), SCSCF);
    assert!(ans.find(cx::SERVER_CAPABILITIES.code, VendorId::TGPP).unwrap().is_none());
}

#[test]
fn uar_defaults_and_missing_avps() {
    let body = UarBody { user_authorization_type: None, uar_flags: None, ..uar_body() };
    let bytes = build(|b| uar(b, IDS, SID, &PEER, &TO_HSS, &body));
    let v = UarView::parse(&valid(&bytes)).unwrap();
    assert_eq!(v.user_authorization_type, None);
    assert_eq!(v.authorization_type(), UserAuthorizationType::REGISTRATION);
    assert!(!v.is_emergency());

    let bad = without(&bytes, &cx::PUBLIC_IDENTITY);
    assert_missing(
        UarView::parse(&Message::parse(&bad).unwrap()).unwrap_err(),
        &cx::PUBLIC_IDENTITY,
    );
    let bad = without(&bytes, &b::USER_NAME);
    assert_missing(UarView::parse(&Message::parse(&bad).unwrap()).unwrap_err(), &b::USER_NAME);
    let bad = without(&bytes, &b::ORIGIN_HOST);
    assert_missing(UarView::parse(&Message::parse(&bad).unwrap()).unwrap_err(), &b::ORIGIN_HOST);
    let full = build(|b| uar(b, IDS, SID, &PEER, &TO_HSS, &uar_body()));
    let bad = with_value(&full, &cx::USER_AUTHORIZATION_TYPE, &[0, 0, 2]);
    assert_bad_length(UarView::parse(&Message::parse(&bad).unwrap()).unwrap_err());
}

fn mar_body(resync: Option<AkaResync>) -> MarBody<'static> {
    MarBody {
        user_name: IMPI,
        public_identity: IMPU,
        server_name: SCSCF,
        sip_number_auth_items: 3,
        scheme: AuthScheme::DigestAkaV1Md5,
        resync,
    }
}

#[test]
fn mar_round_trips_with_and_without_resync() {
    let bytes = build(|b| mar(b, IDS, SID, &PEER, &TO_HSS, &mar_body(None)));
    let v = MarView::parse(&valid(&bytes)).unwrap();
    assert_eq!((v.user_name, v.public_identity, v.server_name), (IMPI, IMPU, SCSCF));
    assert_eq!(v.sip_number_auth_items, 3);
    assert_eq!(v.auth_data, AuthDataRequest { scheme: AuthScheme::DigestAkaV1Md5, resync: None });

    let resync = AkaResync { rand: [7; 16], auts: [9; 14] };
    let bytes = build(|b| mar(b, IDS, SID, &PEER, &TO_HSS, &mar_body(Some(resync))));
    let req = valid(&bytes);
    let v = MarView::parse(&req).unwrap();
    assert_eq!(v.auth_data.resync, Some(resync));
    let authz = child(&top(&req, &cx::SIP_AUTH_DATA_ITEM), &cx::SIP_AUTHORIZATION);
    assert_eq!(authz.data.len(), 30);
    assert_eq!((&authz.data[..16], &authz.data[16..]), (&[7u8; 16][..], &[9u8; 14][..]));
}

#[test]
fn mar_malformed_auth_data() {
    let bytes = build(|b| mar(b, IDS, SID, &PEER, &TO_HSS, &mar_body(None)));
    let parse = |b: &[u8]| MarView::parse(&Message::parse(b).unwrap()).unwrap_err();
    assert_missing(parse(&without(&bytes, &cx::SIP_AUTH_DATA_ITEM)), &cx::SIP_AUTH_DATA_ITEM);
    assert_missing(parse(&without(&bytes, &cx::SERVER_NAME)), &cx::SERVER_NAME);
    assert_missing(parse(&without(&bytes, &cx::SIP_NUMBER_AUTH_ITEMS)), &cx::SIP_NUMBER_AUTH_ITEMS);
    // An item without a scheme.
    let no_scheme = rewrite(&bytes, |a, w| {
        let hit = a.is(cx::SIP_AUTH_DATA_ITEM.code, VendorId::TGPP);
        if hit {
            w.group(&cx::SIP_AUTH_DATA_ITEM, |g| g.octets(&cx::SIP_AUTHORIZATION, &[0; 30]));
        }
        hit
    });
    assert_missing(parse(&no_scheme), &cx::SIP_AUTHENTICATION_SCHEME);
    // RAND || AUTS must be 30 octets.
    let short = rewrite(&bytes, |a, w| {
        let hit = a.is(cx::SIP_AUTH_DATA_ITEM.code, VendorId::TGPP);
        if hit {
            w.group(&cx::SIP_AUTH_DATA_ITEM, |g| {
                g.utf8(&cx::SIP_AUTHENTICATION_SCHEME, "Digest-AKAv1-MD5");
                g.octets(&cx::SIP_AUTHORIZATION, &[0; 29]);
            });
        }
        hit
    });
    assert_bad_length(parse(&short));
    let bad = with_value(&bytes, &cx::SIP_NUMBER_AUTH_ITEMS, &[1]);
    assert_bad_length(parse(&bad));
}

#[test]
fn maa_carries_numbered_aka_items() {
    let req_bytes = build(|b| mar(b, IDS, SID, &PEER, &TO_HSS, &mar_body(None)));
    let req = valid(&req_bytes);
    let (r1, a1, r2, a2) = ([1u8; 16], [2u8; 16], [3u8; 16], [4u8; 16]);
    let (ck1, ik1, ck2, ik2) = ([5u8; 16], [6u8; 16], [7u8; 16], [8u8; 16]);
    let items = [
        ImsAuthItem { rand: &r1, autn: &a1, xres: &[0xa1; 8], ck: &ck1, ik: &ik1 },
        ImsAuthItem { rand: &r2, autn: &a2, xres: &[0xa2; 16], ck: &ck2, ik: &ik2 },
    ];
    let body = MaaBody { user_name: IMPI, public_identity: IMPU, items: CxAuthItems::Aka(&items) };
    let out = build(|b| maa(b, &req, &HSS, Outcome::Success, Some(&body)));
    let ans = valid(&out);
    check_answer(&ans, &req, &HSS);
    assert_eq!(AnswerResult::from_answer(&ans).unwrap(), AnswerResult::Result(ResultCode::SUCCESS));
    assert_eq!(top(&ans, &b::USER_NAME).utf8().unwrap(), IMPI);
    assert_eq!(top(&ans, &cx::PUBLIC_IDENTITY).utf8().unwrap(), IMPU);
    assert_eq!(top(&ans, &cx::SIP_NUMBER_AUTH_ITEMS).u32().unwrap(), 2);
    let got = all(&ans, &cx::SIP_AUTH_DATA_ITEM);
    assert_eq!(got.len(), 2);
    for (n, (avp, item)) in got.iter().zip(&items).enumerate() {
        let [num, scheme, chal, xres, ck, ik] = index_group(
            avp,
            [
                &cx::SIP_ITEM_NUMBER,
                &cx::SIP_AUTHENTICATION_SCHEME,
                &cx::SIP_AUTHENTICATE,
                &cx::SIP_AUTHORIZATION,
                &cx::CONFIDENTIALITY_KEY,
                &cx::INTEGRITY_KEY,
            ],
        )
        .unwrap()
        .map(Option::unwrap);
        assert_eq!(num.u32().unwrap(), n as u32 + 1);
        assert_eq!(scheme.utf8().unwrap(), "Digest-AKAv1-MD5");
        assert_eq!(chal.data, [&item.rand[..], &item.autn[..]].concat());
        assert_eq!((xres.data, ck.data, ik.data), (item.xres, &item.ck[..], &item.ik[..]));
    }
}

#[test]
fn maa_sip_digest_and_error() {
    let req_bytes = build(|b| mar(b, IDS, SID, &PEER, &TO_HSS, &mar_body(None)));
    let req = valid(&req_bytes);
    let digest = SipDigest { realm: "ims.example.org", algorithm: None, qop: "auth", ha1: "00ff" };
    let body =
        MaaBody { user_name: IMPI, public_identity: IMPU, items: CxAuthItems::Digest(digest) };
    let out = build(|b| maa(b, &req, &HSS, Outcome::Success, Some(&body)));
    let ans = valid(&out);
    let item = top(&ans, &cx::SIP_AUTH_DATA_ITEM);
    assert_eq!(child(&item, &cx::SIP_AUTHENTICATION_SCHEME).utf8().unwrap(), "SIP Digest");
    let d = child(&item, &cx::SIP_DIGEST_AUTHENTICATE);
    assert_eq!(child(&d, &cx::DIGEST_REALM).utf8().unwrap(), "ims.example.org");
    assert_eq!(child(&d, &cx::DIGEST_QOP).utf8().unwrap(), "auth");
    assert_eq!(child(&d, &cx::DIGEST_HA1).utf8().unwrap(), "00ff");
    assert!(d.child(cx::DIGEST_ALGORITHM.code, VendorId::IETF).unwrap().is_none());

    let outcome = Outcome::Experimental(experimental::ERROR_USER_UNKNOWN);
    let out = build(|b| maa(b, &req, &HSS, outcome, None));
    let ans = valid(&out);
    check_answer(&ans, &req, &HSS);
    assert!(!AnswerResult::from_answer(&ans).unwrap().is_success());
    assert!(all(&ans, &cx::SIP_AUTH_DATA_ITEM).is_empty());
}

#[test]
fn sar_round_trips_and_saa_returns_profile_and_restoration_info() {
    let mut children = BytesMut::new();
    let mut g = crate::writer::AvpWriter::new(&mut children);
    g.utf8(&b::USER_NAME, IMPI);
    g.group(&cx::RESTORATION_INFO, |r| {
        r.octets(&cx::PATH, b"<sip:pcscf.ims.example.org;lr>");
        r.octets(&cx::CONTACT, b"<sip:alice@192.0.2.1:5060>");
    });
    let body = SarBody {
        user_name: Some(IMPI),
        public_identities: &[IMPU, IMPU2],
        wildcarded_public_identity: Some("sip:chat-!.*!@ims.example.org"),
        server_name: SCSCF,
        server_assignment_type: ServerAssignmentType::RE_REGISTRATION,
        user_data_already_available: UserDataAlreadyAvailable::USER_DATA_ALREADY_AVAILABLE,
        scscf_restoration_info: Some(&children),
        multiple_registration_indication: Some(1),
        session_priority: Some(2),
        sar_flags: Some(SAR_FLAG_PCSCF_RESTORATION),
    };
    let bytes = build(|b| sar(b, IDS, SID, &PEER, &TO_HSS, &body));
    let req = valid(&bytes);
    let v = SarView::parse(&req).unwrap();
    assert_eq!(v.public_identities().collect::<Vec<_>>(), [IMPU, IMPU2]);
    assert_eq!(v.user_name, Some(IMPI));
    assert_eq!(v.wildcarded_public_identity, body.wildcarded_public_identity);
    assert_eq!(v.server_name, SCSCF);
    assert_eq!(v.server_assignment_type, ServerAssignmentType::RE_REGISTRATION);
    assert!(v.server_assignment_type.is_known() && !ServerAssignmentType(99).is_known());
    assert_eq!(v.user_data_already_available.0, 1);
    assert_eq!(v.scscf_restoration_info.unwrap().data, &children[..]);
    assert_eq!((v.multiple_registration_indication, v.session_priority), (Some(1), Some(2)));
    assert_eq!(v.sar_flags, SAR_FLAG_PCSCF_RESTORATION);

    let restoration = [v.scscf_restoration_info.unwrap().data];
    let ci = ChargingInformation {
        primary_event_charging_function: Some("aaa://ocs.example.org"),
        secondary_charging_collection_function: Some("aaa://ccf2.example.org"),
        ..ChargingInformation::default()
    };
    let body = SaaBody {
        user_name: Some(IMPI),
        user_data: Some(b"<IMSSubscription/>"),
        charging_information: Some(ci),
        associated_identities: &["bob@ims.example.org", "carol@ims.example.org"],
        loose_route_required: Some(true),
        scscf_restoration_info: &restoration,
        associated_registered_identities: &[IMPI],
        server_name: Some(SCSCF),
        wildcarded_public_identity: None,
        priviledged_sender: Some(false),
    };
    let out = build(|b| saa(b, &req, &HSS, Outcome::Success, &body));
    let ans = valid(&out);
    check_answer(&ans, &req, &HSS);
    assert_eq!(top(&ans, &cx::USER_DATA).data, b"<IMSSubscription/>");
    let c = top(&ans, &cx::CHARGING_INFORMATION);
    assert_eq!(
        child(&c, &cx::PRIMARY_EVENT_CHARGING_FUNCTION_NAME).utf8().unwrap(),
        "aaa://ocs.example.org"
    );
    assert_eq!(
        child(&c, &cx::SECONDARY_CHARGING_COLLECTION_FUNCTION_NAME).utf8().unwrap(),
        "aaa://ccf2.example.org"
    );
    assert_eq!(c.group().count(), 2);
    let ai = top(&ans, &cx::ASSOCIATED_IDENTITIES);
    let names: Vec<_> = ai.group().map(|a| a.unwrap().utf8().unwrap()).collect();
    assert_eq!(names, ["bob@ims.example.org", "carol@ims.example.org"]);
    assert_eq!(top(&ans, &cx::LOOSE_ROUTE_INDICATION).u32().unwrap(), 1);
    assert_eq!(top(&ans, &cx::SCSCF_RESTORATION_INFO).data, &children[..]);
    assert_eq!(top(&ans, &cx::SERVER_NAME).utf8().unwrap(), SCSCF);
    assert_eq!(top(&ans, &cx::PRIVILEDGED_SENDER_INDICATION).u32().unwrap(), 0);

    let out = build(|b| saa(b, &req, &HSS, Outcome::Success, &SaaBody::default()));
    let ans = valid(&out);
    assert_eq!(ans.avps().count(), 6, "Session-Id, VSAI, Result-Code, ASS, Origin-Host/Realm");
}

#[test]
fn sar_malformed() {
    let body = SarBody {
        user_name: None,
        public_identities: &[IMPU],
        wildcarded_public_identity: None,
        server_name: SCSCF,
        server_assignment_type: ServerAssignmentType::REGISTRATION,
        user_data_already_available: UserDataAlreadyAvailable::USER_DATA_NOT_AVAILABLE,
        scscf_restoration_info: None,
        multiple_registration_indication: None,
        session_priority: None,
        sar_flags: None,
    };
    let bytes = build(|b| sar(b, IDS, SID, &PEER, &TO_HSS, &body));
    let v = SarView::parse(&valid(&bytes)).unwrap();
    assert_eq!((v.user_name, v.sar_flags), (None, 0));
    let parse = |b: &[u8]| SarView::parse(&Message::parse(b).unwrap()).unwrap_err();
    let d = &cx::SERVER_ASSIGNMENT_TYPE;
    assert_missing(parse(&without(&bytes, d)), d);
    assert_bad_length(parse(&with_value(&bytes, d, &[0, 0, 0, 0, 1])));
    let d = &cx::USER_DATA_ALREADY_AVAILABLE;
    assert_missing(parse(&without(&bytes, d)), d);
    let bad = with_value(&bytes, &cx::PUBLIC_IDENTITY, &[0xff, 0xfe]);
    assert_eq!(parse(&bad).result_code, ResultCode::INVALID_AVP_VALUE);
}

#[test]
fn lir_round_trips_and_lia_names_the_server() {
    let body = LirBody {
        public_identity: IMPU2,
        originating_request: true,
        user_authorization_type: Some(UserAuthorizationType::REGISTRATION_AND_CAPABILITIES),
        session_priority: Some(0),
    };
    let bytes = build(|b| lir(b, IDS, SID, &PEER, &TO_HSS, &body));
    let req = valid(&bytes);
    let v = LirView::parse(&req).unwrap();
    assert_eq!(v.public_identity, IMPU2);
    assert!(v.originating_request);
    assert_eq!(v.user_authorization_type, body.user_authorization_type);
    assert_eq!(v.session_priority, Some(0));
    assert_missing(
        LirView::parse(&Message::parse(&without(&bytes, &cx::PUBLIC_IDENTITY)).unwrap())
            .unwrap_err(),
        &cx::PUBLIC_IDENTITY,
    );
    let plain = LirBody { originating_request: false, ..body };
    let bytes2 = build(|b| lir(b, IDS, SID, &PEER, &TO_HSS, &plain));
    assert!(!LirView::parse(&valid(&bytes2)).unwrap().originating_request);

    let out = build(|b| {
        lia(
            b,
            &req,
            &HSS,
            Outcome::Success,
            Some(ServerSelection::Name(SCSCF)),
            Some("sip:!.*!@ims.example.org"),
        )
    });
    let ans = valid(&out);
    check_answer(&ans, &req, &HSS);
    assert_eq!(top(&ans, &cx::SERVER_NAME).utf8().unwrap(), SCSCF);
    assert_eq!(
        top(&ans, &cx::WILDCARDED_PUBLIC_IDENTITY).utf8().unwrap(),
        "sip:!.*!@ims.example.org"
    );
    let outcome = Outcome::Experimental(experimental::UNREGISTERED_SERVICE);
    let caps = ServerCapabilities::default();
    let out =
        build(|b| lia(b, &req, &HSS, outcome, Some(ServerSelection::Capabilities(caps)), None));
    assert_eq!(top(&valid(&out), &cx::SERVER_CAPABILITIES).data.len(), 0);
}

#[test]
fn rtr_carries_reason_and_identities_and_rta_answers() {
    let body = RtrBody {
        user_name: IMPI,
        associated_identities: &["bob@ims.example.org"],
        public_identities: &[IMPU, IMPU2],
        reason: DeregistrationReason { code: ReasonCode::SERVER_CHANGE, info: Some("moved") },
        rtr_flags: Some(1),
    };
    let bytes = build(|b| rtr(b, IDS, SID, &HSS, &TO_PEER, &body));
    let req = valid(&bytes);
    check_request(&req, &HSS, &TO_PEER);
    assert_eq!(req.header.code, CommandCode::REGISTRATION_TERMINATION);
    assert_eq!(top(&req, &b::USER_NAME).utf8().unwrap(), IMPI);
    let ai = top(&req, &cx::ASSOCIATED_IDENTITIES);
    assert_eq!(child(&ai, &b::USER_NAME).utf8().unwrap(), "bob@ims.example.org");
    let ids: Vec<_> = all(&req, &cx::PUBLIC_IDENTITY).iter().map(|a| a.utf8().unwrap()).collect();
    assert_eq!(ids, [IMPU, IMPU2]);
    let dr = top(&req, &cx::DEREGISTRATION_REASON);
    assert_eq!(child(&dr, &cx::REASON_CODE).u32().unwrap(), ReasonCode::SERVER_CHANGE.0);
    assert_eq!(child(&dr, &cx::REASON_INFO).utf8().unwrap(), "moved");
    assert_eq!(top(&req, &cx::RTR_FLAGS).u32().unwrap(), 1);

    let out = build(|b| rta(b, &req, &PEER, Outcome::Success));
    let ans = valid(&out);
    check_answer(&ans, &req, &PEER);
    let v = RtaView::parse(&ans).unwrap();
    assert_eq!((v.origin_host, v.session_id), (PEER.host, Some(SID)));
    assert_eq!(v.result, AnswerResult::Result(ResultCode::SUCCESS));
    let bad = without(&out, &b::RESULT_CODE);
    assert_missing(RtaView::parse(&Message::parse(&bad).unwrap()).unwrap_err(), &b::RESULT_CODE);
}

#[test]
fn ppr_pushes_profile_and_ppa_answers() {
    let ci = ChargingInformation {
        primary_charging_collection_function: Some("aaa://ccf.example.org"),
        ..ChargingInformation::default()
    };
    let body = PprBody {
        user_name: IMPI,
        user_data: Some(b"<IMSSubscription/>"),
        charging_information: Some(ci),
    };
    let bytes = build(|b| ppr(b, IDS, SID, &HSS, &TO_PEER, &body));
    let req = valid(&bytes);
    check_request(&req, &HSS, &TO_PEER);
    assert_eq!(top(&req, &cx::USER_DATA).data, b"<IMSSubscription/>");
    let c = top(&req, &cx::CHARGING_INFORMATION);
    assert_eq!(
        child(&c, &cx::PRIMARY_CHARGING_COLLECTION_FUNCTION_NAME).utf8().unwrap(),
        "aaa://ccf.example.org"
    );
    let body = PprBody { user_data: None, charging_information: None, ..body };
    let bytes = build(|b| ppr(b, IDS, SID, &HSS, &TO_PEER, &body));
    assert!(valid(&bytes).find(cx::USER_DATA.code, VendorId::TGPP).unwrap().is_none());

    let req = valid(&bytes);
    let out = build(|b| ppa(b, &req, &PEER, Outcome::Result(ResultCode::UNABLE_TO_COMPLY)));
    let v = PpaView::parse(&valid(&out)).unwrap();
    assert_eq!(v.result, AnswerResult::Result(ResultCode::UNABLE_TO_COMPLY));
    let out =
        build(|b| ppa(b, &req, &PEER, Outcome::Experimental(experimental::ERROR_USER_UNKNOWN)));
    let v = PpaView::parse(&valid(&out)).unwrap();
    assert_eq!(v.result, AnswerResult::Experimental { vendor: 10_415, code: ResultCode(5001) });
}

#[test]
fn answers_copy_proxy_info_last() {
    let bytes = build(|b| uar(b, IDS, SID, &PEER, &TO_HSS, &uar_body()));
    let with_proxy = rewrite(&bytes, |a, w| {
        if a.is(b::ROUTE_RECORD.code, VendorId::IETF) {
            return false;
        }
        if a.is(cx::UAR_FLAGS.code, VendorId::TGPP) {
            w.copy(a);
            w.group(&b::PROXY_INFO, |g| {
                g.utf8(&b::PROXY_HOST, "dra.example.org");
                g.octets(&b::PROXY_STATE, b"state");
            });
            return true;
        }
        false
    });
    let req = valid(&with_proxy);
    let out =
        build(|b| uaa(b, &req, &HSS, Outcome::Result(ResultCode::AUTHORIZATION_REJECTED), None));
    let ans = valid(&out);
    let last = ans.avps().last().unwrap().unwrap();
    assert_eq!(last.code, b::PROXY_INFO.code);
    assert_eq!(child(&last, &b::PROXY_STATE).data, b"state");
    let [rc] = index(&ans, [&b::RESULT_CODE]).unwrap();
    assert_eq!(rc.unwrap().u32().unwrap(), 5003);
}

#[test]
fn auth_schemes_parse_and_print() {
    for s in [
        "Digest-AKAv1-MD5",
        "SIP Digest",
        "NASS-Bundled",
        "Early-IMS-Security",
        "Unknown",
        "EAP-AKA",
        "EAP-AKA'",
    ] {
        let scheme = AuthScheme::parse(s);
        assert!(!matches!(scheme, AuthScheme::Other(_)), "{s}");
        assert_eq!(scheme.as_str(), s);
    }
    assert_eq!(AuthScheme::parse("digest-akav1-md5"), AuthScheme::DigestAkaV1Md5);
    assert_eq!(AuthScheme::parse("eap-aka'"), AuthScheme::EapAkaPrime);
    assert_eq!(
        AuthScheme::parse("Digest-AKAv2-SHA-256"),
        AuthScheme::Other("Digest-AKAv2-SHA-256")
    );
    assert_eq!(AuthScheme::Other("x").as_str(), "x");
}

#[test]
fn cx_samples_validate() {
    check_samples(&samples(), "cx_", 15);
}
