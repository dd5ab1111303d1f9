//! The connection logic without sockets: a scripted HSS answers what the client writes.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use codec::build::Outcome;
use codec::build::base::{Capabilities, cea, dwa, dwr};
use codec::build::cx::{
    CxAuthItems, ImsAuthItem, MaaBody, SaaBody, ServerSelection, lia, maa, saa, uaa,
};
use codec::build::s6a::{AiaBody, AuthenticationInfo, EutranVectorData, UlaBody, aia, pua, ula};
use codec::build::sh::uda;
use codec::code::experimental;
use codec::view::base::CerView;
use codec::view::cx::{LirView, MarView, SarView, UarView};
use codec::view::s6a::{AirView, PurView, UlrView};
use codec::view::sh::{UdrView, UserIdentity};

use super::*;
use crate::config::Config;
use crate::judgement::ResultKey;
use codec::{ApplicationId, ResultCode};

const HSS: Origin<'static> = Origin { host: "hss.test", realm: "test" };

fn plan(args: &[&str]) -> Arc<Plan> {
    let mut all = vec!["hss-loadtest", "--imsis", "4", "--window", "3", "--timeout-ms", "100"];
    all.extend_from_slice(args);
    let config = Config::from_args(all).expect("config");
    Arc::new(Plan::new(&config, config.scenario_mix().expect("mix")).expect("plan"))
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

/// Answers every request in `requests`: AIA with one vector (5001 for `unknown`), ULA, PUA,
/// DWA; UAA 2001 FIRST_REGISTRATION, MAA with one AKA item, SAA with User-Data, LIA 2001;
/// UDA with User-Data.
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
        } else if req.header.code == CommandCode::PURGE_UE {
            PurView::parse(&req).expect("PUR");
            pua(&mut out, &req, &HSS, Outcome::Success, None);
        } else if req.header.code == CommandCode::DEVICE_WATCHDOG {
            dwa(&mut out, &req, &HSS, None);
        } else if req.header.application == ApplicationId::CX {
            answer_cx(&mut out, &req);
        } else if req.header.application == ApplicationId::SH {
            UdrView::parse(&req).expect("UDR");
            uda(&mut out, &req, &HSS, Outcome::Success, Some(b"<Sh-Data/>"));
        } else {
            UlrView::parse(&req).expect("ULR");
            ula(&mut out, &req, &HSS, Outcome::Success, &UlaBody::default());
        }
    }
    out
}

/// The answer of a fake HSS to Cx request `req`.
fn answer_cx(out: &mut BytesMut, req: &Message<'_>) {
    let scscf = ServerSelection::Name("sip:scscf.loadtest.invalid:6060");
    match req.header.code {
        CommandCode::USER_AUTHORIZATION => {
            UarView::parse(req).expect("UAR");
            let first = Outcome::Experimental(experimental::FIRST_REGISTRATION);
            uaa(out, req, &HSS, first, Some(scscf));
        }
        CommandCode::MULTIMEDIA_AUTH => {
            let view = MarView::parse(req).expect("MAR");
            let (rand, autn, xres, ck, ik) = ([1u8; 16], [2u8; 16], [3u8; 8], [4u8; 16], [5u8; 16]);
            let item = [ImsAuthItem { rand: &rand, autn: &autn, xres: &xres, ck: &ck, ik: &ik }];
            let body = MaaBody {
                user_name: view.user_name,
                public_identity: view.public_identity,
                items: CxAuthItems::Aka(&item),
            };
            maa(out, req, &HSS, Outcome::Success, Some(&body));
        }
        CommandCode::SERVER_ASSIGNMENT => {
            let view = SarView::parse(req).expect("SAR");
            let body = SaaBody {
                user_name: view.user_name,
                user_data: Some(b"<IMSSubscription/>"),
                ..SaaBody::default()
            };
            saa(out, req, &HSS, Outcome::Success, &body);
        }
        _ => {
            LirView::parse(req).expect("LIR");
            lia(out, req, &HSS, Outcome::Success, Some(scscf), None);
        }
    }
}

/// The IMPU of a Cx request.
fn impu_of(bytes: &[u8]) -> String {
    let req = parse(bytes);
    match req.header.code {
        CommandCode::USER_AUTHORIZATION => {
            UarView::parse(&req).expect("UAR").public_identity.into()
        }
        CommandCode::MULTIMEDIA_AUTH => MarView::parse(&req).expect("MAR").public_identity.into(),
        CommandCode::SERVER_ASSIGNMENT => {
            let view = SarView::parse(&req).expect("SAR");
            view.public_identities().next().expect("an IMPU").into()
        }
        CommandCode::USER_DATA => match UdrView::parse(&req).expect("UDR").subject.user_identity {
            UserIdentity::PublicIdentity(impu) => impu.into(),
            other => panic!("a UDR by {other:?}"),
        },
        _ => LirView::parse(&req).expect("LIR").public_identity.into(),
    }
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
    assert_eq!((stats.counts.answers, stats.counts.successes), (3, 2));
    assert_eq!(stats.counts.errors.get(&ResultKey::Experimental(5001)), Some(&1));
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
    assert_eq!((stats.counts.sent, stats.counts.answers, stats.counts.successes), (8, 8, 6));
    assert_eq!(stats.counts.errors.get(&ResultKey::Experimental(5001)), Some(&2));
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
    assert_eq!(client.stats().counts.sent_by_command.get("ULR"), Some(&2));
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
    assert_eq!(client.stats().counts.timeouts, 0);
    client.handle_timeout(due);
    assert_eq!(client.stats().counts.timeouts, 2);
    client.poll_transmit(due, &mut out);
    assert_eq!(drain(&mut out).len(), 2, "the two remaining requests of the budget");
    // A late answer to a timed-out request matches nothing.
    client.handle_bytes(due, &answer_all(&first[1..2], "none"), &mut out);
    assert_eq!(client.stats().counts.unmatched, 1);
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
    assert_eq!((client.stats().counts.unmatched, client.stats().counts.answers), (1, 0));
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
    assert_eq!(client.stats().counts.server_requests, 1);
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
    assert_eq!(stats.counts.aborted, 3);
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

const MS: Duration = Duration::from_millis(1);

#[test]
fn open_loop_sends_on_schedule_and_times_latency_from_it() {
    let plan = plan(&["--rate", "1000", "--requests", "1000", "--max-outstanding", "8"]);
    let t0 = Instant::now();
    let mut client = open(&plan, t0);
    let mut out = BytesMut::new();
    // Woken 2 ms after the CEA: the requests due at 0, 1 and 2 ms leave, the window of 3
    // notwithstanding (it is the closed loop's), and the one due at 3 ms, 1 ms ahead.
    client.poll_transmit(t0 + 2 * MS, &mut out);
    let first = drain(&mut out);
    assert_eq!(first.len(), 4);
    assert_eq!(client.poll_timeout(), Some(t0 + 3 * MS), "1 ms before the next one is due");
    // Answered at 5 ms: 5, 4 and 3 ms after they were due, however late they left, and 3 ms
    // after the early one left.
    client.handle_bytes(t0 + 5 * MS, &answer_all(&first, "none"), &mut out);
    let stats = client.stats();
    assert_eq!((stats.counts.answers, stats.counts.late, stats.counts.dropped), (4, 0, 0));
    assert!(stats.latency.min() >= 2990 && stats.latency.max() <= 5010, "{:?}", stats.latency);
    assert!(stats.latency.max() >= 4990, "the first request counts from 0 ms");
    assert_eq!(stats.latency.count_between(2990, 3010), 2);
    client.poll_transmit(t0 + 5 * MS, &mut out);
    assert_eq!(drain(&mut out).len(), 3, "due at 4, 5 and 6 ms");
    assert_eq!(client.stats().measured_at, Some(t0), "the first request's scheduled time");
}

#[test]
fn open_loop_waits_for_room_then_counts_late_and_dropped() {
    let plan = plan(&["--rate", "1000", "--requests", "1000", "--max-outstanding", "2"]);
    let t0 = Instant::now();
    let mut client = open(&plan, t0);
    let mut out = BytesMut::new();
    client.poll_transmit(t0 + 9 * MS, &mut out);
    assert_eq!(drain(&mut out).len(), 2, "at most 2 outstanding");
    assert_eq!(client.stats().counts.late, 2, "9 and 8 ms behind");
    // No room: wake up when the request due at 2 ms is to be given up (100 ms timeout).
    assert_eq!(client.poll_timeout(), Some(t0 + 102 * MS));
    client.handle_timeout(t0 + 102 * MS);
    client.poll_transmit(t0 + 102 * MS, &mut out);
    assert!(drain(&mut out).is_empty());
    assert_eq!(client.stats().counts.dropped, 1);
    // The two requests time out at 109 ms; everything due by 9 ms is then given up, and the
    // requests due at 10 and 11 ms leave late.
    client.handle_timeout(t0 + 109 * MS);
    client.poll_transmit(t0 + 109 * MS, &mut out);
    assert_eq!(drain(&mut out).len(), 2);
    let s = client.stats();
    assert_eq!((s.counts.sent, s.counts.timeouts, s.counts.late, s.counts.dropped), (4, 2, 4, 8));
}

#[test]
fn open_loop_ends_when_the_budget_is_spent() {
    let plan = plan(&["--rate", "1000", "--requests", "5"]);
    let t0 = Instant::now();
    let mut client = open(&plan, t0);
    let mut out = BytesMut::new();
    client.poll_transmit(t0 + 20 * MS, &mut out);
    let sent = drain(&mut out);
    assert_eq!(sent.len(), 5);
    client.handle_bytes(t0 + 21 * MS, &answer_all(&sent, "none"), &mut out);
    client.poll_transmit(t0 + 21 * MS, &mut out);
    let dpr = drain(&mut out);
    assert_eq!(parse(&dpr[0]).header.code, CommandCode::DISCONNECT_PEER);
}

#[test]
fn warm_up_requests_are_checked_but_counted_apart() {
    let plan = plan(&["--warmup-requests", "3", "--requests", "3"]);
    let t0 = Instant::now();
    let mut client = open(&plan, t0);
    let mut out = BytesMut::new();
    client.poll_transmit(t0, &mut out);
    let warm = drain(&mut out);
    let t1 = t0 + 50 * MS;
    client.handle_bytes(t1, &answer_all(&warm, "001010000000002"), &mut out);
    client.poll_transmit(t1, &mut out);
    let measured = drain(&mut out);
    let imsis: Vec<_> = measured.iter().map(|r| imsi_of(r)).collect();
    assert_eq!(imsis, ["001010000000004", "001010000000001", "001010000000002"]);
    client.handle_bytes(t1 + 2 * MS, &answer_all(&measured, "001010000000002"), &mut out);
    let stats = client.into_stats();
    let w = stats.warmup;
    assert_eq!((w.sent, w.answers, w.successes, w.failures), (3, 3, 2, 1));
    assert_eq!((stats.counts.sent, stats.counts.answers, stats.counts.successes), (3, 3, 2));
    assert_eq!(stats.counts.errors.get(&ResultKey::Experimental(5001)), Some(&1));
    assert_eq!(stats.latency.len(), 3, "the 50 ms warm-up latencies are left out");
    assert!(stats.latency.max() < 2100);
    assert_eq!(stats.measured_at, Some(t1));
    let series = plan.series.summaries();
    assert_eq!(series.iter().map(|s| s.answers).sum::<u64>(), 3);
    assert_eq!((series[0].answers, series[0].errors), (3, 1));
}

#[test]
fn a_mix_of_purges_and_watchdogs_runs_both_by_weight() {
    let plan = plan(&["--mix", "pur=3,dwr=1", "--requests", "400"]);
    let t0 = Instant::now();
    let mut client = open(&plan, t0);
    let mut out = BytesMut::new();
    loop {
        client.poll_transmit(t0, &mut out);
        let requests = drain(&mut out);
        if requests.iter().any(|r| parse(r).header.code == CommandCode::DISCONNECT_PEER) {
            break;
        }
        client.handle_bytes(t0, &answer_all(&requests, "none"), &mut out);
    }
    let stats = client.into_stats();
    assert_eq!((stats.counts.sent, stats.counts.successes), (400, 400));
    let pur = stats.counts.sent_by_command.get("PUR").copied().unwrap_or(0);
    let dwr = stats.counts.sent_by_command.get("DWR").copied().unwrap_or(0);
    assert_eq!(pur + dwr, 400);
    assert!((260..=340).contains(&pur), "about 3 in 4: {pur}");
    assert_eq!(stats.by_scenario[0].procedures, pur);
    assert_eq!(stats.by_scenario[1].sent, dwr);
}

#[test]
fn ims_register_advertises_cx_and_sends_uar_mar_sar_for_one_impu() {
    let plan = plan(&["--requests", "9", "--scenario", "ims-register", "--scscf-name", "sip:s:1"]);
    let t0 = Instant::now();
    let mut client = Client::new(Arc::clone(&plan), 0);
    let mut out = BytesMut::new();
    client.start(t0, IpAddr::V4(Ipv4Addr::LOCALHOST), &mut out);
    let cer = drain(&mut out);
    let cer = CerView::parse(&parse(&cer[0])).expect("CER");
    assert!(cer.advertises(ApplicationId::CX) && cer.advertises(ApplicationId::S6A));

    let mut client = open(&plan, t0);
    let mut sent = Vec::new();
    loop {
        client.poll_transmit(t0, &mut out);
        let requests = drain(&mut out);
        if requests.iter().any(|r| parse(r).header.code == CommandCode::DISCONNECT_PEER) {
            break;
        }
        client.handle_bytes(t0, &answer_all(&requests, "none"), &mut out);
        sent.extend(requests);
    }
    // A window of 3: three registrations, each step once the previous one succeeded.
    let steps: Vec<_> = sent.iter().map(|r| (parse(r).header.code, impu_of(r))).collect();
    let impu = |i| format!("sip:00101000000000{i}@ims.mnc001.mcc001.3gppnetwork.org");
    let (uar, mar, sar) = (
        CommandCode::USER_AUTHORIZATION,
        CommandCode::MULTIMEDIA_AUTH,
        CommandCode::SERVER_ASSIGNMENT,
    );
    let expected: Vec<_> = [uar, mar, sar]
        .into_iter()
        .flat_map(|code| (1..=3).map(move |i| (code, impu(i))))
        .collect();
    assert_eq!(steps, expected);
    let mar_view = MarView::parse(&parse(&sent[3])).expect("MAR");
    assert_eq!((mar_view.server_name, mar_view.sip_number_auth_items), ("sip:s:1", 1));
    assert_eq!(mar_view.user_name, "001010000000001@ims.mnc001.mcc001.3gppnetwork.org");
    let stats = client.into_stats();
    assert_eq!((stats.counts.sent, stats.counts.successes), (9, 9));
    assert_eq!(stats.by_scenario[0].procedures, 3);
}

#[test]
fn udr_advertises_sh_and_reads_each_impu_in_turn() {
    let plan = plan(&["--requests", "6", "--scenario", "udr"]);
    let t0 = Instant::now();
    let mut client = Client::new(Arc::clone(&plan), 0);
    let mut out = BytesMut::new();
    client.start(t0, IpAddr::V4(Ipv4Addr::LOCALHOST), &mut out);
    let cer = drain(&mut out);
    let cer = CerView::parse(&parse(&cer[0])).expect("CER");
    assert!(cer.advertises(ApplicationId::SH) && cer.advertises(ApplicationId::S6A));
    assert!(!cer.advertises(ApplicationId::CX));

    let mut client = open(&plan, t0);
    let mut sent = Vec::new();
    loop {
        client.poll_transmit(t0, &mut out);
        let requests = drain(&mut out);
        if requests.iter().any(|r| parse(r).header.code == CommandCode::DISCONNECT_PEER) {
            break;
        }
        client.handle_bytes(t0, &answer_all(&requests, "none"), &mut out);
        sent.extend(requests);
    }
    let impus: Vec<_> = sent.iter().map(|r| impu_of(r)).collect();
    let impu = |i| format!("sip:00101000000000{i}@ims.mnc001.mcc001.3gppnetwork.org");
    let expected: Vec<_> = [1, 2, 3, 4, 1, 2].into_iter().map(impu).collect();
    assert_eq!(impus, expected, "the four IMSIs in turn");
    let stats = client.into_stats();
    assert_eq!((stats.counts.sent, stats.counts.successes), (6, 6));
    assert_eq!(stats.counts.sent_by_command.get("UDR"), Some(&6));
}
