//! A connection's outstanding count (`lanes::batch::Outstanding`): every request that leaves
//! it, handed to another shard or deferred to the slow lane, counts until its own answer is
//! home, also when a handed-off request is deferred again on the shard that serves it.

use super::support::*;
use crate::peer::tests::support::FakeMme;

#[test]
fn handed_off_and_deferred_requests_count_until_their_answers_are_home() {
    let mut h = Harness::new(2, 2, 2);
    let mut mme = FakeMme::new("mme1.test");
    let conn = h.open(0, &mut mme);
    assert_eq!(h.outstanding(conn), 0);
    // Two cold AIRs in one read: one deferred here, one handed to shard 1.
    let airs = vec![air_request(&mut mme, &imsi(1)), air_request(&mut mme, &imsi(2))];
    h.read(conn, &airs);
    assert_eq!(h.outstanding(conn), 2, "one with the slow lane, one with shard 1");
    // Shard 1 defers its request too: the hand-off's batch comes home empty, the request
    // still counts, now in the slow lane's batch.
    h.pump();
    assert!(h.take(conn).is_empty());
    assert_eq!(h.slow_lane_waiting(), 2);
    assert_eq!(h.outstanding(conn), 2);
    // Served, but the answers are not home yet.
    assert_eq!(h.run_slow_lane(), 2);
    assert_eq!(h.outstanding(conn), 2);
    h.pump();
    assert_eq!(h.take(conn).len(), 2);
    assert_eq!(h.outstanding(conn), 0);
}

#[test]
fn requests_answered_where_they_are_read_never_count() {
    let mut h = Harness::new(1, 0, 1);
    let mut mme = FakeMme::new("mme1.test");
    let conn = h.open(0, &mut mme);
    h.read(conn, &[air_request(&mut mme, &imsi(1))]);
    assert_eq!(h.outstanding(conn), 1, "cold: deferred");
    h.run_slow_lane();
    h.pump();
    assert_eq!(h.take(conn).len(), 1);
    // Warm now: answered on the shard.
    h.read(conn, &[air_request(&mut mme, &imsi(1))]);
    assert_eq!(h.outstanding(conn), 0);
    assert_eq!(h.take(conn).len(), 1);
}
