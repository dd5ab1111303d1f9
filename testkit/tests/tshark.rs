//! The Wireshark referee ([`testkit::tshark`]) over every message our encoder produces
//! ([`codec::samples::all`]): one connection to port 3868, requests from the client, answers
//! from the server, each request followed by its answer. tshark must decode each sample as its
//! command with no expert info of severity Note, Warning or Error and nothing malformed.
//!
//! When tshark is missing the test fails if `CI` is set and is skipped (with a notice) otherwise.
//! `TSHARK` overrides the program to run.

use codec::samples;
use testkit::tshark;

#[test]
fn tshark_decodes_every_sample_without_complaint() {
    let messages: Vec<(String, Vec<u8>)> =
        samples::all().into_iter().map(|s| (s.name.to_owned(), s.bytes)).collect();
    assert!(!messages.is_empty());
    tshark::referee(&messages).assert_clean();
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
