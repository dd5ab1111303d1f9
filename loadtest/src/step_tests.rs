//! Each step's request as the HSS reads it, and its answer check.

use codec::build::s6a::{AiaBody, AuthenticationInfo, EutranVectorData, UlaBody, aia, pua, ula};
use codec::build::{Outcome, base::dwa};
use codec::code::experimental;
use codec::view::s6a::{AirView, PurView, UlrView};

use super::*;

const ORIGIN: Origin<'static> = Origin { host: "mme.test", realm: "test" };
const HSS: Origin<'static> = Origin { host: "hss.test", realm: "test" };

fn request(step: Step) -> BytesMut {
    let mut buf = BytesMut::new();
    let cx = RequestContext {
        ids: RequestIds { hop_by_hop: 7, end_to_end: 9 },
        session_id: "mme.test;0;1",
        origin: ORIGIN,
        destination: Destination { host: "hss.test", realm: "test" },
        imsi: "001010000000001",
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
    for step in [Step::Air, Step::Ulr, Step::Pur, Step::Dwr] {
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
    }
}
