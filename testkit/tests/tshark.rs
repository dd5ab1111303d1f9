//! The Wireshark referee ([`testkit::tshark`]) over every message our encoder produces
//! ([`codec::samples::all`]): one connection to port 3868, requests from the client, answers
//! from the server, each request followed by its answer. tshark must decode each sample as its
//! command with no expert info of severity Note, Warning or Error and nothing malformed. The
//! same goes for the error answer to every kind of malformed request ([`testkit::malformed`]).
//!
//! When tshark is missing the test fails if `CI` is set and is skipped (with a notice) otherwise.
//! `TSHARK` overrides the program to run.

use codec::{Message, ResultCode, VendorId, dict, samples};
use testkit::{malformed, tshark};

#[test]
fn tshark_decodes_every_sample_without_complaint() {
    let messages: Vec<(String, Vec<u8>)> =
        samples::all().into_iter().map(|s| (s.name.to_owned(), s.bytes)).collect();
    assert!(!messages.is_empty());
    tshark::referee(&messages).assert_clean();
}

/// Each malformed request is refused with the Result-Code it is named for, and its answer
/// parses back with a Failed-AVP whose content decodes (but the reserved bits a 3009 answer
/// copies whole): the precondition of the referee below.
#[test]
fn malformed_requests_draw_their_codes_and_answers_that_parse() {
    assert_eq!(malformed::check(&malformed::valid_air(1)), None, "the AIR they start from");
    for m in malformed::requests() {
        let err = malformed::check(&m.request).unwrap_or_else(|| panic!("{}: passes", m.name));
        assert_eq!(err.result_code, m.result_code, "{}: {err:?}", m.name);
        let answer = malformed::error_answer(&m.request).expect("an answer");
        let msg = Message::parse(&answer).unwrap_or_else(|e| panic!("{}: {e}", m.name));
        for avp in msg.avps() {
            let avp = avp.unwrap_or_else(|e| panic!("{}: {e}", m.name));
            if avp.is(dict::base::FAILED_AVP.code, VendorId::IETF) {
                let inner: Result<Vec<_>, _> = avp.group().collect();
                let ok = inner.is_ok() || m.result_code == ResultCode::INVALID_AVP_BITS;
                assert!(ok, "{}: {inner:?}", m.name);
            }
        }
    }
}

/// The error answer to every kind of malformed request the HSS's checks tell apart
/// ([`testkit::malformed`]): header bits, AVP bits, unknown mandatory AVPs, bad values, missing
/// and repeated AVPs, and each way an AVP length can be wrong (RFC 6733 §7.1.5). The requests are
/// malformed on purpose and stay out of the capture; their answers must decode cleanly, but for
/// what their Failed-AVP holds by design: an empty placeholder payload, or the request's own
/// defect in the offending AVP copied whole ([`malformed::Malformed::echoed`]).
#[test]
fn tshark_decodes_every_error_answer_without_complaint() {
    let cases: Vec<(malformed::Malformed, Vec<u8>)> = malformed::requests()
        .into_iter()
        .map(|m| {
            let answer = malformed::error_answer(&m.request)
                .unwrap_or_else(|| panic!("{}: the request passed the checks", m.name));
            (m, answer)
        })
        .collect();
    assert!(cases.len() > 20);
    let answers: Vec<tshark::ErrorAnswer<'_>> = cases
        .iter()
        .map(|(m, answer)| tshark::ErrorAnswer { name: m.name, bytes: answer, echoed: m.echoed })
        .collect();
    tshark::referee_answers(&answers).assert_clean();
}

/// The referee is not vacuous: a CER whose first AVP claims a length shorter than its header
/// draws a complaint, and the capture is kept.
#[test]
fn the_referee_complains_about_a_broken_avp() {
    let cer = samples::all().into_iter().find(|s| s.name == "CER").expect("a CER sample");
    let mut bytes = cer.bytes;
    bytes[21..24].copy_from_slice(&[0, 0, 7]); // the first AVP's length
    match tshark::referee(&[("broken CER".to_owned(), bytes)]) {
        tshark::Verdict::Skipped { reason } => eprintln!("NOTICE: skipped: {reason}"),
        tshark::Verdict::Clean { tshark, .. } => panic!("{tshark} accepted a broken AVP"),
        tshark::Verdict::Complaints { problems, capture, .. } => {
            eprintln!("{}", problems.join("\n"));
            assert!(problems.iter().any(|p| p.contains("broken CER")), "{problems:?}");
            assert!(capture.exists(), "the capture is kept");
            let _ = std::fs::remove_file(capture);
        }
    }
}
