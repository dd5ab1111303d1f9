//! The hand-off and the slow lane, through the connection that reads the requests.

use codec::ResultCode;
use codec::view::AnswerResult;

use super::support::*;
use crate::peer::tests::support::FakeMme;
use testkit::plmn::home_plmn;

fn success(answer: &[u8]) -> bool {
    AnswerResult::from_answer(&parse(answer)) == Ok(AnswerResult::Result(ResultCode::SUCCESS))
}

fn hop_by_hops(messages: &[Vec<u8>]) -> Vec<u32> {
    let mut hops: Vec<u32> = messages.iter().map(|m| parse(m).header.hop_by_hop).collect();
    hops.sort_unstable();
    hops
}

/// Warms every subscriber's cache entry and SQN block (the first AIR of each is cold).
fn warm(h: &mut Harness, conn: crate::io::ConnId, mme: &mut FakeMme, n: u64) {
    let airs: Vec<Vec<u8>> = (1..=n).map(|i| air_request(mme, &imsi(i))).collect();
    for air in airs {
        h.read(conn, &[air]);
        h.run_slow_lane();
        h.pump();
    }
    assert_eq!(h.take(conn).len(), n as usize);
}

#[test]
fn a_large_read_is_shared_with_an_idle_shard_and_every_answer_comes_home() {
    let mut h = Harness::new(2, 8, 4);
    let mut mme = FakeMme::new("mme1.test");
    let conn = h.open(0, &mut mme);
    warm(&mut h, conn, &mut mme, 4);

    let airs: Vec<Vec<u8>> = (0..16).map(|i| air_request(&mut mme, &imsi(i % 4 + 1))).collect();
    h.read(conn, &airs);
    let here = h.take(conn);
    assert_eq!(here.len(), 8, "the reading shard served every other request");
    assert_eq!(h.services.counters.snapshot().handoff_requests, 8);
    assert_eq!(h.pump(), 2, "one batch there, its answers back");
    let back = h.take(conn);
    assert_eq!(back.len(), 8);
    let all: Vec<Vec<u8>> = here.into_iter().chain(back).collect();
    assert_eq!(hop_by_hops(&all), hop_by_hops(&airs), "one answer per request");
    assert!(all.iter().all(|a| success(a)));
}

#[test]
fn small_reads_stay_on_their_shard() {
    let mut h = Harness::new(2, 8, 1);
    let mut mme = FakeMme::new("mme1.test");
    let conn = h.open(0, &mut mme);
    warm(&mut h, conn, &mut mme, 1);
    let airs: Vec<Vec<u8>> = (0..7).map(|_| air_request(&mut mme, &imsi(1))).collect();
    h.read(conn, &airs);
    assert_eq!(h.take(conn).len(), 7);
    assert_eq!(h.pump(), 0);
    assert_eq!(h.services.counters.snapshot().handoff_requests, 0);
}

#[test]
fn a_cold_request_waits_for_the_slow_lane_which_reads_only_its_deferral() {
    let mut h = Harness::new(1, 0, 2);
    let mut mme = FakeMme::new("mme1.test");
    let conn = h.open(0, &mut mme);
    let store = h.services.node.store.clone();
    let key = store::Imsi::parse(&imsi(1)).unwrap().key();
    assert_eq!(store.cached_count(), 0);

    let air = air_request(&mut mme, &imsi(1));
    h.read(conn, std::slice::from_ref(&air));
    assert!(h.take(conn).is_empty(), "deferred: nothing written on the shard");
    assert_eq!(h.slow_lane_waiting(), 1);
    assert_eq!(h.run_slow_lane(), 1);
    assert!(store.sqn_ready(key, 1), "filled and reserved by the round");
    h.pump();
    let answers = h.take(conn);
    assert_eq!(answers.len(), 1);
    assert_eq!(parse(&answers[0]).header.hop_by_hop, parse(&air).header.hop_by_hop);
    assert!(success(&answers[0]));

    // Warm now: answered on the shard. An unknown IMSI goes the cold way once, then is known.
    h.read(conn, &[air_request(&mut mme, &imsi(1))]);
    assert_eq!(h.take(conn).len(), 1);
    let unknown = imsi(99);
    h.read(conn, &[air_request(&mut mme, &unknown)]);
    assert_eq!(h.run_slow_lane(), 1);
    h.pump();
    h.read(conn, &[air_request(&mut mme, &unknown)]);
    assert_eq!(h.slow_lane_waiting(), 0, "a known unknown is answered on the shard");
    let answers = h.take(conn);
    assert_eq!(answers.len(), 2);
    let counters = h.services.counters.snapshot();
    assert_eq!((counters.slow_rounds, counters.slow_requests), (2, 2));
}

#[test]
fn a_handed_off_cold_request_reaches_the_slow_lane_from_the_other_shard() {
    let mut h = Harness::new(2, 2, 2);
    let mut mme = FakeMme::new("mme1.test");
    let conn = h.open(0, &mut mme);
    // Two cold AIRs in one read: one stays, one is handed to shard 1; both defer.
    let airs = vec![air_request(&mut mme, &imsi(1)), air_request(&mut mme, &imsi(2))];
    h.read(conn, &airs);
    h.pump();
    assert!(h.take(conn).is_empty());
    assert_eq!(h.run_slow_lane(), 2);
    h.pump();
    let answers = h.take(conn);
    assert_eq!(hop_by_hops(&answers), hop_by_hops(&airs));
    assert!(answers.iter().all(|a| success(a)));
}

#[test]
fn cold_requests_beyond_the_slow_lane_s_limit_are_answered_3004_at_once() {
    let mut h = Harness::new(1, 0, 6);
    h.services.slow_limit.store(2, std::sync::atomic::Ordering::Relaxed);
    let mut mme = FakeMme::new("mme1.test");
    let conn = h.open(0, &mut mme);
    // Two cold AIRs fill the lane (not run yet); the next read's three are shed at once.
    let first: Vec<Vec<u8>> = (1..=2).map(|i| air_request(&mut mme, &imsi(i))).collect();
    h.read(conn, &first);
    assert!(h.take(conn).is_empty(), "deferred, not answered yet");
    let more: Vec<Vec<u8>> = (3..=5).map(|i| air_request(&mut mme, &imsi(i))).collect();
    h.read(conn, &more);
    let shed = h.take(conn);
    assert_eq!(hop_by_hops(&shed), hop_by_hops(&more), "one answer each, at once");
    for answer in &shed {
        let m = parse(answer);
        assert!(m.header.flags.is_error(), "3004 is a protocol error: E bit");
        assert_eq!(AnswerResult::from_answer(&m), Ok(AnswerResult::Result(ResultCode::TOO_BUSY)));
    }
    let stats = h.services.counters.snapshot();
    assert_eq!((stats.slow_shed, stats.slow_queued), (3, 2));
    // Once the lane has served what it holds, cold requests are taken again.
    h.run_slow_lane();
    h.pump();
    assert!(h.take(conn).iter().all(|a| success(a)));
    let last = air_request(&mut mme, &imsi(6));
    h.read(conn, &[last]);
    h.run_slow_lane();
    h.pump();
    let answers = h.take(conn);
    assert_eq!(answers.len(), 1);
    assert!(success(&answers[0]));
}

/// Nothing that may wait for the disk runs on a shard: a ULR or PUR for a subscriber not in
/// the cache, and any AIR carrying a resync, go to the slow lane; warm ones are served at once.
#[test]
fn cold_location_requests_and_resyncs_leave_the_shard() {
    let mut h = Harness::new(1, 0, 2);
    let mut mme = FakeMme::new("mme1.test");
    let conn = h.open(0, &mut mme);
    for request in [ulr_request(&mut mme, &imsi(1)), mme.pur_bytes(&imsi(2))] {
        h.read(conn, std::slice::from_ref(&request));
        assert!(h.take(conn).is_empty(), "deferred: the subscriber is not cached");
        assert_eq!(h.run_slow_lane(), 1);
        h.pump();
        let answers = h.take(conn);
        assert_eq!(answers.len(), 1);
        assert!(success(&answers[0]));
    }
    // Now cached: a ULR is served on the shard.
    let ulr = ulr_request(&mut mme, &imsi(1));
    h.read(conn, &[ulr]);
    assert_eq!(h.take(conn).len(), 1, "warm: answered at once");
    // A warm AIR with Re-Synchronization-Info still leaves the shard.
    warm(&mut h, conn, &mut mme, 1);
    let auts = [0x5a; 30];
    let resync = mme.air_bytes(&imsi(1), 1, &home_plmn(), Some(&auts));
    h.read(conn, &[resync]);
    assert!(h.take(conn).is_empty(), "a resync is never served on a shard");
    assert_eq!(h.run_slow_lane(), 1);
    h.pump();
    // A made-up AUTS is refused; fresh vectors follow (TS 33.102 §6.3.5).
    let answers = h.take(conn);
    assert_eq!(answers.len(), 1);
    assert!(success(&answers[0]));
}
