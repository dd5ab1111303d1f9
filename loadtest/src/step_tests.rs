//! Each step's request as the HSS reads it, and its answer check.

use codec::build::cx::{
    CxAuthItems, ImsAuthItem, MaaBody, SaaBody, ServerSelection, lia, maa, saa, uaa,
};
use codec::build::s6a::{AiaBody, AuthenticationInfo, EutranVectorData, UlaBody, aia, pua, ula};
use codec::build::sh::uda;
use codec::build::{Outcome, base::dwa};
use codec::view::cx::{LirView, MarView, SarView, UarView};
use codec::view::s6a::{AirView, PurView, UlrView};
use codec::view::sh::UdrView;

use super::*;

const ORIGIN: Origin<'static> = Origin { host: "mme.test", realm: "test" };
const HSS: Origin<'static> = Origin { host: "hss.test", realm: "test" };
const IMPI: &str = "001010000000001@ims.mnc001.mcc001.3gppnetwork.org";
const IMPU: &str = "sip:001010000000001@ims.mnc001.mcc001.3gppnetwork.org";
const CX_STEPS: [Step; 4] = [Step::Uar, Step::Mar, Step::Sar, Step::Lir];

fn request(step: Step) -> BytesMut {
    let mut buf = BytesMut::new();
    let cx = RequestContext {
        ids: RequestIds { hop_by_hop: 7, end_to_end: 9 },
        session_id: "mme.test;0;1",
        origin: ORIGIN,
        destination: Destination { host: "hss.test", realm: "test" },
        imsi: "001010000000001",
        impi: IMPI,
        impu: IMPU,
        ims_domain: "ims.mnc001.mcc001.3gppnetwork.org",
        server_name: "sip:scscf.test:6060",
        visited_plmn_id: [0x00, 0xf1, 0x10],
        vectors: 2,
    };
    let n = step.encode(&mut buf, &cx);
    assert_eq!(n, buf.len());
    buf
}

fn aia_with(req: &Message<'_>, outcome: Outcome, vectors: usize) -> BytesMut {
    let (rand, xres, autn, kasme) = ([1u8; 16], [2u8; 8], [3u8; 16], [4u8; 32]);
    let v = EutranVectorData { rand: &rand, xres: &xres, autn: &autn, kasme: &kasme };
    let all = [v; 3];
    let body = AiaBody {
        vectors: AuthenticationInfo { eutran: &all[..vectors], ..Default::default() },
        ..Default::default()
    };
    let mut buf = BytesMut::new();
    aia(&mut buf, req, &HSS, outcome, &body);
    buf
}

fn judgement(step: Step, answer: &[u8]) -> Judgement {
    step.check(&Message::parse(answer).expect("answer parses"), 2)
}

#[test]
fn requests_read_back_as_the_hss_sees_them() {
    let buf = request(Step::Air);
    let msg = Message::parse(&buf).expect("AIR parses");
    let v = AirView::parse(&msg).expect("AIR view");
    assert_eq!(v.imsi, "001010000000001");
    assert_eq!(v.eutran.and_then(|e| e.number_of_requested_vectors), Some(2));
    assert_eq!(v.routing.destination_host, Some("hss.test"));
    assert_eq!((msg.header.hop_by_hop, msg.header.end_to_end), (7, 9));
    let buf = request(Step::Ulr);
    let v = UlrView::parse(&Message::parse(&buf).expect("ULR parses")).expect("ULR view");
    assert!(v.is_s6a());
    assert_eq!(v.visited_plmn_id, [0x00, 0xf1, 0x10]);
    let buf = request(Step::Pur);
    let v = PurView::parse(&Message::parse(&buf).expect("PUR parses")).expect("PUR view");
    assert_eq!(v.imsi, "001010000000001");
    assert_eq!(v.pur_flags, PurFlags::UE_PURGED_IN_MME);
    assert_eq!(v.routing.session_id, Some("mme.test;0;1"));
    let buf = request(Step::Dwr);
    let msg = Message::parse(&buf).expect("DWR parses");
    assert!(msg.is_request());
    assert_eq!(msg.header.code, CommandCode::DEVICE_WATCHDOG);
    assert_eq!(msg.header.application, ApplicationId::COMMON);
    assert_eq!(codec::view::base::origin_host(&msg), Ok(Some("mme.test")));
}

#[test]
fn requests_pass_the_dictionary_validation_the_hss_applies() {
    let others = [Step::Air, Step::Ulr, Step::Pur, Step::Dwr, Step::Udr, Step::Ecr, Step::SwxMar];
    for step in others.into_iter().chain(CX_STEPS) {
        let buf = request(step);
        let msg = Message::parse(&buf).expect("request parses");
        let app = step.application().unwrap_or(ApplicationId::COMMON);
        let def = codec::dict::command(app, step.command()).expect("command in the dictionary");
        assert_eq!(codec::validate::validate(&msg, def), Ok(()), "{step:?}");
    }
}

#[test]
fn aia_answers_are_judged_by_result_and_vectors() {
    let req = request(Step::Air);
    let req = Message::parse(&req).expect("AIR");
    assert_eq!(judgement(Step::Air, &aia_with(&req, Outcome::Success, 2)), Judgement::Success);
    assert_eq!(judgement(Step::Air, &aia_with(&req, Outcome::Success, 1)), Judgement::Success);
    assert!(matches!(
        judgement(Step::Air, &aia_with(&req, Outcome::Success, 3)),
        Judgement::Invalid(_)
    ));
    assert!(matches!(
        judgement(Step::Air, &aia_with(&req, Outcome::Success, 0)),
        Judgement::Invalid(_)
    ));
    let unknown = aia_with(&req, Outcome::Experimental(experimental::ERROR_USER_UNKNOWN), 0);
    assert_eq!(judgement(Step::Air, &unknown), Judgement::Failure(ResultKey::Experimental(5001)));
    let busy = aia_with(&req, Outcome::Result(ResultCode::TOO_BUSY), 0);
    assert_eq!(judgement(Step::Air, &busy), Judgement::Failure(ResultKey::Result(3004)));
    // The AIA is not the answer to a ULR.
    assert!(matches!(
        judgement(Step::Ulr, &aia_with(&req, Outcome::Success, 1)),
        Judgement::Invalid(_)
    ));
}

#[test]
fn ula_answers_count_by_result() {
    let req = request(Step::Ulr);
    let req = Message::parse(&req).expect("ULR");
    let mut ok = BytesMut::new();
    ula(&mut ok, &req, &HSS, Outcome::Success, &UlaBody::default());
    assert_eq!(judgement(Step::Ulr, &ok), Judgement::Success);
    let mut bad = BytesMut::new();
    let roaming = Outcome::Experimental(experimental::ERROR_ROAMING_NOT_ALLOWED);
    ula(&mut bad, &req, &HSS, roaming, &UlaBody::default());
    assert_eq!(judgement(Step::Ulr, &bad), Judgement::Failure(ResultKey::Experimental(5004)));
}

#[test]
fn pua_answers_count_by_result() {
    let req = request(Step::Pur);
    let req = Message::parse(&req).expect("PUR");
    let mut ok = BytesMut::new();
    pua(&mut ok, &req, &HSS, Outcome::Success, None);
    assert_eq!(judgement(Step::Pur, &ok), Judgement::Success);
    let mut unknown = BytesMut::new();
    let outcome = Outcome::Experimental(experimental::ERROR_USER_UNKNOWN);
    pua(&mut unknown, &req, &HSS, outcome, None);
    assert_eq!(judgement(Step::Pur, &unknown), Judgement::Failure(ResultKey::Experimental(5001)));
    // A PUA does not answer an AIR.
    assert!(matches!(judgement(Step::Air, &ok), Judgement::Invalid(_)));
}

#[test]
fn dwa_answers_are_a_success_and_base_results_read_back() {
    let dwr = request(Step::Dwr);
    let dwr = Message::parse(&dwr).expect("DWR");
    let mut ans = BytesMut::new();
    dwa(&mut ans, &dwr, &HSS, Some(3));
    assert_eq!(judgement(Step::Dwr, &ans), Judgement::Success);
    assert_eq!(base_result(&Message::parse(&ans).expect("DWA")), Some(2001));
    assert_eq!(base_result(&dwr), None);
    // The request itself is no answer.
    assert!(matches!(step_check_request(Step::Dwr), Judgement::Invalid(_)));
}

fn step_check_request(step: Step) -> Judgement {
    let req = request(step);
    step.check(&Message::parse(&req).expect("request"), 1)
}

#[test]
fn only_the_base_protocol_has_no_application() {
    assert_eq!(Step::Dwr.application(), None);
    for step in [Step::Air, Step::Ulr, Step::Pur] {
        assert_eq!(step.application(), Some(ApplicationId::S6A), "{step:?}");
        assert!(!step.is_cx());
    }
    for step in CX_STEPS {
        assert_eq!(step.application(), Some(ApplicationId::CX), "{step:?}");
        assert!(step.is_cx() && step.is_ims() && !step.is_sh());
    }
    assert_eq!(Step::Udr.application(), Some(ApplicationId::SH));
    assert!(Step::Udr.is_sh() && Step::Udr.is_ims() && !Step::Udr.is_cx());
    assert!(!Step::Air.is_ims() && !Step::Dwr.is_ims());
}

#[test]
fn udr_reads_back_as_the_hss_sees_it() {
    let buf = request(Step::Udr);
    let msg = Message::parse(&buf).expect("UDR parses");
    assert_eq!(msg.header.application, ApplicationId::SH);
    assert_eq!(msg.header.code, CommandCode::USER_DATA);
    let v = UdrView::parse(&msg).expect("UDR view");
    assert_eq!(v.subject.user_identity, codec::view::sh::UserIdentity::PublicIdentity(IMPU));
    assert_eq!(v.subject.user_name, None);
    let drefs: Vec<_> = v.data_references().collect();
    assert_eq!(drefs, [codec::view::sh::DataReference::REPOSITORY_DATA]);
    let sis: Vec<_> = v.service_indications().collect();
    assert_eq!(sis, [b"MMTEL-Services".as_slice()]);
    assert_eq!((v.routing.origin_host, v.routing.destination_host), ("mme.test", Some("hss.test")));
    assert_eq!(v.server_name, None);
}

#[test]
fn uda_answers_need_result_2001_and_the_user_data() {
    let req = request(Step::Udr);
    let req = Message::parse(&req).expect("UDR");
    let answer = |outcome, data: Option<&[u8]>| {
        let mut out = BytesMut::new();
        uda(&mut out, &req, &HSS, outcome, data);
        out
    };
    let doc: &[u8] = b"<Sh-Data><RepositoryData/></Sh-Data>";
    assert_eq!(judgement(Step::Udr, &answer(Outcome::Success, Some(doc))), Judgement::Success);
    assert!(matches!(judgement(Step::Udr, &answer(Outcome::Success, None)), Judgement::Invalid(_)));
    let refused = Outcome::Experimental(experimental::ERROR_USER_DATA_CANNOT_BE_READ);
    assert_eq!(
        judgement(Step::Udr, &answer(refused, None)),
        Judgement::Failure(ResultKey::Experimental(5102))
    );
    let unknown = Outcome::Experimental(experimental::ERROR_USER_UNKNOWN);
    assert_eq!(
        judgement(Step::Udr, &answer(unknown, None)),
        Judgement::Failure(ResultKey::Experimental(5001))
    );
    // A SAA's User-Data (Cx) is not a UDA's, nor a UDA an answer to a SAR.
    let saa = cx_answer(Step::Sar, Outcome::Success, 0, true);
    assert!(matches!(judgement(Step::Udr, &saa), Judgement::Invalid(_)));
    assert!(matches!(
        judgement(Step::Sar, &answer(Outcome::Success, Some(doc))),
        Judgement::Invalid(_)
    ));
}

#[test]
fn cx_requests_read_back_as_the_hss_sees_them() {
    let buf = request(Step::Uar);
    let msg = Message::parse(&buf).expect("UAR parses");
    assert_eq!(msg.header.application, ApplicationId::CX);
    let v = UarView::parse(&msg).expect("UAR view");
    assert_eq!((v.user_name, v.public_identity), (IMPI, IMPU));
    assert_eq!(v.visited_network_identifier, b"ims.mnc001.mcc001.3gppnetwork.org");
    assert_eq!(v.authorization_type(), UserAuthorizationType::REGISTRATION);
    assert_eq!(v.routing.destination_host, Some("hss.test"));

    let buf = request(Step::Mar);
    let v = MarView::parse(&Message::parse(&buf).expect("MAR parses")).expect("MAR view");
    assert_eq!((v.user_name, v.public_identity), (IMPI, IMPU));
    assert_eq!((v.server_name, v.sip_number_auth_items), ("sip:scscf.test:6060", 2));
    assert_eq!(v.auth_data.scheme, AuthScheme::DigestAkaV1Md5);
    assert!(v.auth_data.resync.is_none());

    let buf = request(Step::Sar);
    let v = SarView::parse(&Message::parse(&buf).expect("SAR parses")).expect("SAR view");
    assert_eq!(v.user_name, Some(IMPI));
    assert_eq!(v.public_identities().collect::<Vec<_>>(), [IMPU]);
    assert_eq!(v.server_name, "sip:scscf.test:6060");
    assert_eq!(v.server_assignment_type, ServerAssignmentType::REGISTRATION);
    assert_eq!(v.user_data_already_available, UserDataAlreadyAvailable::USER_DATA_NOT_AVAILABLE);

    let buf = request(Step::Lir);
    let v = LirView::parse(&Message::parse(&buf).expect("LIR parses")).expect("LIR view");
    assert_eq!(v.public_identity, IMPU);
    assert_eq!(v.user_authorization_type, None);
}

/// The answer to `step`'s request with `outcome`; `items` AKA items in a MAA, User-Data in a
/// SAA when `with_content`.
fn cx_answer(step: Step, outcome: Outcome, items: usize, with_content: bool) -> BytesMut {
    let req = request(step);
    let req = Message::parse(&req).expect("request");
    let mut out = BytesMut::new();
    let server = ServerSelection::Name("sip:scscf.test:6060");
    match step {
        Step::Uar => {
            uaa(&mut out, &req, &HSS, outcome, Some(server));
        }
        Step::Lir => {
            lia(&mut out, &req, &HSS, outcome, Some(server), None);
        }
        Step::Mar => {
            let (rand, autn, xres, ck, ik) = ([1u8; 16], [2u8; 16], [3u8; 8], [4u8; 16], [5u8; 16]);
            let item = ImsAuthItem { rand: &rand, autn: &autn, xres: &xres, ck: &ck, ik: &ik };
            let all = [item; 3];
            let body = MaaBody {
                user_name: IMPI,
                public_identity: IMPU,
                items: CxAuthItems::Aka(&all[..items]),
            };
            maa(&mut out, &req, &HSS, outcome, with_content.then_some(&body));
        }
        Step::Sar => {
            let data: &[u8] = b"<IMSSubscription/>";
            let body = SaaBody {
                user_name: Some(IMPI),
                user_data: with_content.then_some(data),
                ..SaaBody::default()
            };
            saa(&mut out, &req, &HSS, outcome, &body);
        }
        _ => unreachable!("not a Cx step"),
    }
    out
}

#[test]
fn uaa_succeeds_with_first_or_subsequent_registration_only() {
    let first = Outcome::Experimental(experimental::FIRST_REGISTRATION);
    let subsequent = Outcome::Experimental(experimental::SUBSEQUENT_REGISTRATION);
    for outcome in [first, subsequent] {
        assert_eq!(
            judgement(Step::Uar, &cx_answer(Step::Uar, outcome, 0, false)),
            Judgement::Success
        );
    }
    let unknown = Outcome::Experimental(experimental::ERROR_USER_UNKNOWN);
    assert_eq!(
        judgement(Step::Uar, &cx_answer(Step::Uar, unknown, 0, false)),
        Judgement::Failure(ResultKey::Experimental(5001))
    );
    // A plain 2001 answers a deregistration, not the registration the UAR asked.
    assert!(matches!(
        judgement(Step::Uar, &cx_answer(Step::Uar, Outcome::Success, 0, false)),
        Judgement::Invalid(_)
    ));
    let busy = Outcome::Result(ResultCode::TOO_BUSY);
    assert_eq!(
        judgement(Step::Uar, &cx_answer(Step::Uar, busy, 0, false)),
        Judgement::Failure(ResultKey::Result(3004))
    );
}

#[test]
fn lia_succeeds_registered_or_with_unregistered_services() {
    let ok = cx_answer(Step::Lir, Outcome::Success, 0, false);
    assert_eq!(judgement(Step::Lir, &ok), Judgement::Success);
    let unregistered = Outcome::Experimental(experimental::UNREGISTERED_SERVICE);
    assert_eq!(
        judgement(Step::Lir, &cx_answer(Step::Lir, unregistered, 0, false)),
        Judgement::Success
    );
    let not_registered = Outcome::Experimental(experimental::ERROR_IDENTITY_NOT_REGISTERED);
    assert_eq!(
        judgement(Step::Lir, &cx_answer(Step::Lir, not_registered, 0, false)),
        Judgement::Failure(ResultKey::Experimental(5003))
    );
    // 2002 is a UAA's success, not a LIA's; 2003 is not a UAA's.
    let subsequent = Outcome::Experimental(experimental::SUBSEQUENT_REGISTRATION);
    assert_eq!(
        judgement(Step::Lir, &cx_answer(Step::Lir, subsequent, 0, false)),
        Judgement::Failure(ResultKey::Experimental(2002))
    );
    assert_eq!(
        judgement(Step::Uar, &cx_answer(Step::Uar, unregistered, 0, false)),
        Judgement::Failure(ResultKey::Experimental(2003))
    );
}

#[test]
fn maa_answers_are_judged_by_result_and_items() {
    // `judgement` allows 2 items, as the MAR asked.
    assert_eq!(
        judgement(Step::Mar, &cx_answer(Step::Mar, Outcome::Success, 1, true)),
        Judgement::Success
    );
    assert_eq!(
        judgement(Step::Mar, &cx_answer(Step::Mar, Outcome::Success, 2, true)),
        Judgement::Success
    );
    for (items, content) in [(3, true), (0, true), (1, false)] {
        let answer = cx_answer(Step::Mar, Outcome::Success, items, content);
        assert!(matches!(judgement(Step::Mar, &answer), Judgement::Invalid(_)), "{items}");
    }
    let scheme = Outcome::Experimental(experimental::ERROR_AUTH_SCHEME_NOT_SUPPORTED);
    assert_eq!(
        judgement(Step::Mar, &cx_answer(Step::Mar, scheme, 0, false)),
        Judgement::Failure(ResultKey::Experimental(5006))
    );
    // With --vectors 0 a MAR still asks for (and allows) one item.
    let one = cx_answer(Step::Mar, Outcome::Success, 1, true);
    assert_eq!(Step::Mar.check(&Message::parse(&one).expect("MAA"), 0), Judgement::Success);
}

#[test]
fn saa_answers_need_the_user_data_asked_for() {
    let ok = cx_answer(Step::Sar, Outcome::Success, 0, true);
    assert_eq!(judgement(Step::Sar, &ok), Judgement::Success);
    let bare = cx_answer(Step::Sar, Outcome::Success, 0, false);
    assert!(matches!(judgement(Step::Sar, &bare), Judgement::Invalid(_)));
    let refused = cx_answer(Step::Sar, Outcome::Result(ResultCode::UNABLE_TO_COMPLY), 0, false);
    assert_eq!(judgement(Step::Sar, &refused), Judgement::Failure(ResultKey::Result(5012)));
    // A SAA is no answer to a MAR.
    assert!(matches!(judgement(Step::Mar, &ok), Judgement::Invalid(_)));
}

#[test]
fn ecr_reads_back_as_the_eir_sees_it() {
    use codec::view::s13::EcrView;
    let buf = request(Step::Ecr);
    let msg = Message::parse(&buf).expect("ECR parses");
    assert_eq!(msg.header.application, ApplicationId::S13);
    assert_eq!(msg.header.code, CommandCode::ME_IDENTITY_CHECK);
    assert_eq!(Step::Ecr.application(), Some(ApplicationId::S13));
    assert!(!Step::Ecr.is_ims() && !Step::Ecr.is_cx() && !Step::Ecr.is_sh());
    let v = EcrView::parse(&msg).expect("ECR view");
    assert_eq!(v.imei(), Some("350100000000010"), "35, the IMSI's last 12 digits, 0");
    assert_eq!(v.imsi, Some("001010000000001"));
    assert_eq!(v.terminal_information.software_version, None);
    assert_eq!((v.routing.origin_host, v.routing.destination_host), ("mme.test", Some("hss.test")));
}

#[test]
fn eca_answers_need_result_2001_and_an_equipment_status() {
    use codec::build::s13::eca;
    use codec::view::s13::EquipmentStatus;
    let req = request(Step::Ecr);
    let req = Message::parse(&req).expect("ECR");
    let answer = |outcome, status: Option<EquipmentStatus>| {
        let mut out = BytesMut::new();
        eca(&mut out, &req, &HSS, outcome, status);
        out
    };
    for status in [EquipmentStatus::WHITELISTED, EquipmentStatus::BLACKLISTED] {
        let ok = answer(Outcome::Success, Some(status));
        assert_eq!(judgement(Step::Ecr, &ok), Judgement::Success, "{status:?}");
    }
    assert!(matches!(judgement(Step::Ecr, &answer(Outcome::Success, None)), Judgement::Invalid(_)));
    let unknown = Outcome::Experimental(experimental::ERROR_EQUIPMENT_UNKNOWN);
    assert_eq!(
        judgement(Step::Ecr, &answer(unknown, None)),
        Judgement::Failure(ResultKey::Experimental(5422))
    );
    // An ECA is not the answer to an AIR.
    let ok = answer(Outcome::Success, Some(EquipmentStatus::WHITELISTED));
    assert!(matches!(judgement(Step::Air, &ok), Judgement::Invalid(_)));
}

#[test]
fn swx_mar_reads_back_as_the_hss_sees_it() {
    use codec::view::swx::{AnTrusted, RatType, SwxMarView};
    let buf = request(Step::SwxMar);
    let msg = Message::parse(&buf).expect("SWx MAR parses");
    assert_eq!(
        (msg.header.application, msg.header.code),
        (ApplicationId::SWX, CommandCode::MULTIMEDIA_AUTH)
    );
    assert_eq!(Step::SwxMar.application(), Some(ApplicationId::SWX));
    assert!(!Step::SwxMar.is_ims() && !Step::SwxMar.is_cx() && !Step::SwxMar.is_sh());
    assert_eq!(Step::SwxMar.name(), "SWx-MAR");
    let v = SwxMarView::parse(&msg).expect("SWx MAR view");
    assert_eq!(v.user_name, "001010000000001", "the IMSI");
    assert_eq!(v.sip_number_auth_items, 2);
    assert_eq!(v.auth_data.scheme, AuthScheme::EapAkaPrime);
    assert_eq!(v.auth_data.resync, None);
    assert_eq!(v.anid, Some(SWX_ANID));
    assert_eq!((v.rat_type, v.an_trusted), (Some(RatType::WLAN), Some(AnTrusted::UNTRUSTED)));
}

#[test]
fn swx_maa_answers_are_judged_like_cx_ones() {
    use codec::build::swx::{EapAkaItem, SwxMaaBody, maa as swx_maa};
    let req = request(Step::SwxMar);
    let req = Message::parse(&req).expect("SWx MAR");
    let (rand, autn, xres, ck, ik) = ([1u8; 16], [2u8; 16], [3u8; 8], [4u8; 16], [5u8; 16]);
    let item = EapAkaItem { rand: &rand, autn: &autn, xres: &xres, ck: &ck, ik: &ik };
    let all = [item; 3];
    let answer = |outcome, n: usize| {
        let body = SwxMaaBody {
            user_name: "001010000000001",
            scheme: AuthScheme::EapAkaPrime,
            items: &all[..n],
            aaa_server_name: None,
        };
        let mut out = BytesMut::new();
        swx_maa(&mut out, &req, &HSS, outcome, &body);
        out
    };
    for n in [1, 2] {
        assert_eq!(judgement(Step::SwxMar, &answer(Outcome::Success, n)), Judgement::Success);
    }
    for n in [0, 3] {
        let judged = judgement(Step::SwxMar, &answer(Outcome::Success, n));
        assert!(matches!(judged, Judgement::Invalid(_)), "{n} items: {judged:?}");
    }
    let barred = Outcome::Experimental(codec::ResultCode(5450));
    assert_eq!(
        judgement(Step::SwxMar, &answer(barred, 0)),
        Judgement::Failure(ResultKey::Experimental(5450))
    );
    let redirect = Outcome::Result(ResultCode::REDIRECT_INDICATION);
    assert_eq!(
        judgement(Step::SwxMar, &answer(redirect, 0)),
        Judgement::Failure(ResultKey::Result(3006))
    );
}
