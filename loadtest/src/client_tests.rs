//! The connection logic without sockets: a scripted HSS answers what the client writes.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use codec::build::base::{Capabilities, cea, dwr};
use codec::build::s6a::{AiaBody, AuthenticationInfo, EutranVectorData, UlaBody, aia, ula};
use codec::code::experimental;
use codec::view::s6a::{AirView, UlrView};

use super::*;
use crate::Config;

const HSS: Origin<'static> = Origin { host: "hss.test", realm: "test" };

fn plan(args: &[&str]) -> Arc<Plan> {
    let mut all = vec!["hss-loadtest", "--imsis", "4", "--window", "3", "--timeout-ms", "100"];
    all.extend_from_slice(args);
    let config = Config::from_args(all).expect("config");
    Arc::new(Plan::new(&config, Arc::new(config.scenario)).expect("plan"))
}

/// The messages in `out`, owned, and `out` emptied.
fn drain(out: &mut BytesMut) -> Vec<Vec<u8>> {
    let frames: Vec<Vec<u8>> = Frames::new(out).map(|f| f.expect("frame").to_vec()).collect();
    out.clear();
    frames
}

fn parse(bytes: &[u8]) -> Message<'_> {
    Message::parse(bytes).expect("message")
}

/// Connects a client of `plan` and accepts its CER.
fn open(plan: &Arc<Plan>, t0: Instant) -> Client {
    let mut client = Client::new(Arc::clone(plan), 0);
    let mut out = BytesMut::new();
    client.start(t0, IpAddr::V4(Ipv4Addr::LOCALHOST), &mut out);
    let cer = drain(&mut out);
    assert_eq!(cer.len(), 1);
    let req = parse(&cer[0]);
    let def = codec::dict::command(ApplicationId::COMMON, CommandCode::CAPABILITIES_EXCHANGE)
        .expect("CER in the dictionary");
    assert_eq!(codec::validate::validate(&req, def), Ok(()), "the HSS validates the CER");
    let caps = Capabilities {
        origin: HSS,
        host_ip_addresses: &[IpAddr::V4(Ipv4Addr::LOCALHOST)],
        vendor_id: 10_415,
        product_name: "fake",
        origin_state_id: None,
        firmware_revision: None,
        tgpp_applications: &[ApplicationId::S6A],
        auth_applications: &[],
    };
    let mut answer = BytesMut::new();
    cea(&mut answer, &req, ResultCode::SUCCESS, &caps);
    assert_eq!(client.handle_bytes(t0, &answer, &mut out), answer.len());
    assert!(out.is_empty());
    assert!(client.stats().open_at.is_some(), "{:?}", client.stats().error);
    client
}

/// Answers every request in `requests`: AIA with one vector (5001 for `unknown`), ULA.
fn answer_all(requests: &[Vec<u8>], unknown: &str) -> BytesMut {
    let (rand, xres, autn, kasme) = ([1u8; 16], [2u8; 8], [3u8; 16], [4u8; 32]);
    let vector = [EutranVectorData { rand: &rand, xres: &xres, autn: &autn, kasme: &kasme }];
    let mut out = BytesMut::new();
    for bytes in requests {
        let req = parse(bytes);
        if req.header.code == CommandCode::AUTHENTICATION_INFORMATION {
            let view = AirView::parse(&req).expect("AIR");
            let (outcome, body) = if view.imsi == unknown {
                (Outcome::Experimental(experimental::ERROR_USER_UNKNOWN), AiaBody::default())
            } else {
                let vectors = AuthenticationInfo { eutran: &vector, ..Default::default() };
                (Outcome::Success, AiaBody { vectors, ..Default::default() })
            };
            aia(&mut out, &req, &HSS, outcome, &body);
        } else {
            UlrView::parse(&req).expect("ULR");
            ula(&mut out, &req, &HSS, Outcome::Success, &UlaBody::default());
        }
    }
    out
}

fn imsi_of(bytes: &[u8]) -> String {
    let req = parse(bytes);
    match req.header.code {
        CommandCode::AUTHENTICATION_INFORMATION => AirView::parse(&req).expect("AIR").imsi.into(),
        _ => UlrView::parse(&req).expect("ULR").imsi.into(),
    }
}

#[test]
fn keeps_the_window_full_and_counts_results_by_code() {
    let plan = plan(&["--requests", "8"]);
    let t0 = Instant::now();
    let mut client = open(&plan, t0);
    let mut out = BytesMut::new();
    client.poll_transmit(t0, &mut out);
    let first = drain(&mut out);
    assert_eq!(first.len(), 3, "window of 3");
    let imsis: Vec<_> = first.iter().map(|r| imsi_of(r)).collect();
    assert_eq!(imsis, ["001010000000001", "001010000000002", "001010000000003"]);
    let dest = AirView::parse(&parse(&first[0])).expect("AIR").routing.destination_host;
    assert_eq!(dest, Some("hss.test"), "Destination-Host is the CEA's Origin-Host");

    let t1 = t0 + Duration::from_millis(2);
    let answers = answer_all(&first, "001010000000002");
    client.handle_bytes(t1, &answers, &mut out);
    let stats = client.stats();
    assert_eq!((stats.answers, stats.successes), (3, 2));
    assert_eq!(stats.errors.get(&ResultKey::Experimental(5001)), Some(&1));
    assert_eq!(stats.latency.len(), 3);
    assert!(stats.latency.min() >= 1900, "about 2 ms: {}", stats.latency.min());

    // Refill after the answers: the IMSIs cycle through the range of 4.
    client.poll_transmit(t1, &mut out);
    let second = drain(&mut out);
    let imsis: Vec<_> = second.iter().map(|r| imsi_of(r)).collect();
    assert_eq!(imsis, ["001010000000004", "001010000000001", "001010000000002"]);
    client.handle_bytes(t1, &answer_all(&second, "001010000000002"), &mut out);
    client.poll_transmit(t1, &mut out);
    let last = drain(&mut out);
    assert_eq!(last.len(), 2, "the budget of 8 allows two more");
    client.handle_bytes(t1, &answer_all(&last, "none"), &mut out);

    // Budget spent and nothing outstanding: DPR, then the DPA closes.
    client.poll_transmit(t1, &mut out);
    let dpr = drain(&mut out);
    assert_eq!(dpr.len(), 1);
    let dpr = parse(&dpr[0]);
    assert_eq!(dpr.header.code, CommandCode::DISCONNECT_PEER);
    let mut answer = BytesMut::new();
    codec::build::base::dpa(&mut answer, &dpr, &HSS);
    client.handle_bytes(t1, &answer, &mut out);
    assert!(client.is_closed());
    let stats = client.into_stats();
    assert_eq!((stats.sent, stats.answers, stats.successes), (8, 8, 6));
    assert_eq!(stats.errors.get(&ResultKey::Experimental(5001)), Some(&2));
    assert!(stats.dpa && stats.error.is_none());
}

#[test]
fn attach_sends_ulr_only_after_a_successful_aia() {
    let plan = plan(&["--requests", "100", "--scenario", "attach"]);
    let t0 = Instant::now();
    let mut client = open(&plan, t0);
    let mut out = BytesMut::new();
    client.poll_transmit(t0, &mut out);
    let airs = drain(&mut out);
    assert!(airs.iter().all(|r| parse(r).header.code == CommandCode::AUTHENTICATION_INFORMATION));
    client.handle_bytes(t0, &answer_all(&airs, "001010000000002"), &mut out);
    client.poll_transmit(t0, &mut out);
    let next = drain(&mut out);
    let kinds: Vec<_> = next.iter().map(|r| (parse(r).header.code, imsi_of(r))).collect();
    assert_eq!(
        kinds,
        [
            (CommandCode::UPDATE_LOCATION, "001010000000001".to_owned()),
            (CommandCode::UPDATE_LOCATION, "001010000000003".to_owned()),
            (CommandCode::AUTHENTICATION_INFORMATION, "001010000000004".to_owned()),
        ]
    );
    assert_eq!(client.stats().sent_by_command.get("ULR"), Some(&2));
}

#[test]
fn unanswered_requests_time_out_and_free_the_window() {
    let plan = plan(&["--requests", "5"]);
    let t0 = Instant::now();
    let mut client = open(&plan, t0);
    let mut out = BytesMut::new();
    client.poll_transmit(t0, &mut out);
    let first = drain(&mut out);
    // One answer arrives; the other two do not.
    client.handle_bytes(t0, &answer_all(&first[..1], "none"), &mut out);
    let due = client.poll_timeout().expect("a deadline");
    assert_eq!(due, t0 + Duration::from_millis(100));
    client.handle_timeout(due - Duration::from_millis(1));
    assert_eq!(client.stats().timeouts, 0);
    client.handle_timeout(due);
    assert_eq!(client.stats().timeouts, 2);
    client.poll_transmit(due, &mut out);
    assert_eq!(drain(&mut out).len(), 2, "the two remaining requests of the budget");
    // A late answer to a timed-out request matches nothing.
    client.handle_bytes(due, &answer_all(&first[1..2], "none"), &mut out);
    assert_eq!(client.stats().unmatched, 1);
}

#[test]
fn answers_must_match_both_identifiers() {
    let plan = plan(&["--requests", "3"]);
    let t0 = Instant::now();
    let mut client = open(&plan, t0);
    let mut out = BytesMut::new();
    client.poll_transmit(t0, &mut out);
    let mut first = drain(&mut out);
    first[0][19] ^= 0xff; // end-to-end identifier
    client.handle_bytes(t0, &answer_all(&first[..1], "none"), &mut out);
    assert_eq!((client.stats().unmatched, client.stats().answers), (1, 0));
}

#[test]
fn server_requests_are_answered() {
    let plan = plan(&["--requests", "3"]);
    let t0 = Instant::now();
    let mut client = open(&plan, t0);
    let mut out = BytesMut::new();
    let mut req = BytesMut::new();
    dwr(&mut req, RequestIds { hop_by_hop: 77, end_to_end: 78 }, &HSS, None);
    client.handle_bytes(t0, &req, &mut out);
    let dwa = drain(&mut out);
    let dwa = parse(&dwa[0]);
    assert!(!dwa.is_request());
    assert_eq!((dwa.header.code, dwa.header.hop_by_hop), (CommandCode::DEVICE_WATCHDOG, 77));
    assert_eq!(base_result(&dwa), Some(2001));
    assert_eq!(client.stats().server_requests, 1);
    assert!(!client.is_closed());
}

#[test]
fn a_refused_cea_or_a_broken_stream_fails_the_connection() {
    let plan = plan(&["--requests", "3"]);
    let t0 = Instant::now();
    let mut client = Client::new(Arc::clone(&plan), 0);
    let mut out = BytesMut::new();
    client.start(t0, IpAddr::V4(Ipv4Addr::LOCALHOST), &mut out);
    let cer = drain(&mut out);
    let caps = Capabilities {
        origin: HSS,
        host_ip_addresses: &[IpAddr::V4(Ipv4Addr::LOCALHOST)],
        vendor_id: 0,
        product_name: "fake",
        origin_state_id: None,
        firmware_revision: None,
        tgpp_applications: &[],
        auth_applications: &[],
    };
    let mut answer = BytesMut::new();
    cea(&mut answer, &parse(&cer[0]), ResultCode::NO_COMMON_APPLICATION, &caps);
    client.handle_bytes(t0, &answer, &mut out);
    assert!(client.is_closed());
    let error = client.stats().error.clone().expect("an error");
    assert!(error.contains("5010"), "{error}");

    let mut client = open(&plan, t0);
    client.poll_transmit(t0, &mut out);
    client.handle_bytes(t0, &[2u8; 24], &mut out);
    assert!(client.is_closed());
    let stats = client.into_stats();
    assert_eq!(stats.aborted, 3);
    assert!(stats.error.expect("an error").starts_with("framing"));
}

#[test]
fn no_cea_within_the_timeout_fails() {
    let plan = plan(&["--requests", "3"]);
    let t0 = Instant::now();
    let mut client = Client::new(Arc::clone(&plan), 0);
    client.start(t0, IpAddr::V4(Ipv4Addr::LOCALHOST), &mut BytesMut::new());
    let due = client.poll_timeout().expect("CEA deadline");
    client.handle_timeout(due);
    assert!(client.is_closed());
    assert!(client.stats().error.is_some());
}
