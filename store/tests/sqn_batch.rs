//! The batched SQN reservation on every backend: `sqn_ready` and `prepare_sqn` alone, with the
//! vectors path after them, and racing with shards, resyncs and cache invalidations.

mod common;

use std::collections::HashMap;

use common::*;
use store::auc::{self, sqn};
use store::{Imsi, SeededRand, Store, StoreError, SubscriberKey};

crate::for_each_backend!(
    sqn_ready_answers_without_io,
    prepared_vectors_write_nothing,
    results_are_per_item,
    cold_entries_are_filled_together,
    duplicates_are_reserved_for_together,
    ready_subscribers_are_left_alone,
    exhaustion_fails_only_its_item,
    batches_and_shards_never_share_an_sqn,
);

fn cfg() -> auc::SqnConfig {
    auc::SqnConfig::default()
}

fn mark(s: &Store, who: Imsi) -> u64 {
    s.auth(who).expect("auth").sqn_reserved
}

/// `count` E-UTRAN vectors' SQNs.
fn sqns(s: &Store, who: Imsi, count: usize, rand: &mut SeededRand) -> Result<Vec<u64>, StoreError> {
    let mut out = Vec::new();
    s.eutran_vectors(who.key(), count, &plmn(), rand, &mut out)?;
    Ok(out.iter().map(|v| check_eutran(&milenage(), &AMF, v)).collect())
}

fn all_ok(results: &[Result<(), StoreError>]) {
    assert!(results.iter().all(Result::is_ok), "{results:?}");
}

fn sqn_ready_answers_without_io(s: &Store) {
    // Blocks of 4 (see for_each_backend).
    let who = provision(s, 1, 0);
    assert!(!s.sqn_ready(who.key(), 0), "not cached yet");
    assert!(!s.sqn_ready(imsi(9).key(), 1), "unknown");
    s.subscriber_entry(who.key()).expect("cached");
    assert!(s.sqn_ready(who.key(), 0), "cached, nothing asked");
    assert!(!s.sqn_ready(who.key(), 1), "no block yet");
    sqns(s, who, 1, &mut SeededRand::new(1)).expect("vector");
    assert!(s.sqn_ready(who.key(), 3));
    assert!(!s.sqn_ready(who.key(), 4));
    all_ok(&s.prepare_sqn(&[(who.key(), 32)]));
    assert!(s.sqn_ready(who.key(), 32));
    assert!(s.sqn_ready(who.key(), 1000), "a request is capped at MAX_VECTORS_PER_REQUEST");
    s.invalidate(who.key());
    assert!(!s.sqn_ready(who.key(), 1), "dropped from the cache");

    s.create_subscriber(&subscriber(imsi(2), None, &[1])).expect("no auth data");
    s.subscriber_entry(imsi(2).key()).expect("cached");
    assert!(!s.sqn_ready(imsi(2).key(), 0));
    assert!(!s.sqn_ready(imsi(2).key(), 1));
}

fn prepared_vectors_write_nothing(s: &Store) {
    let wants: Vec<(Imsi, usize)> =
        [(1, 3), (2, 1), (3, 32), (4, 4), (5, 0)].map(|(n, c)| (provision(s, n, 0), c)).into();
    let before: Vec<u64> = wants.iter().map(|&(who, _)| mark(s, who)).collect();
    all_ok(&s.prepare_sqn(&keyed(&wants)));
    let mut rand = SeededRand::new(2);
    for (&(who, count), before) in wants.iter().zip(before) {
        assert!(s.sqn_ready(who.key(), count), "ready after prepare");
        let prepared = mark(s, who);
        let got = sqns(s, who, count, &mut rand).expect("vectors");
        assert_eq!(got.len(), count);
        assert_eq!(mark(s, who), prepared, "no reservation after prepare");
        // The block follows the mark as on the single path: max(sqn_block, count) SQNs.
        let expected: Vec<u64> = (1..=count as u64)
            .map(|i| sqn::reserve_block(before, i, cfg()).expect("room"))
            .collect();
        assert_eq!(got, expected);
        if count > 0 {
            let size = 4u64.max(count as u64);
            assert_eq!(prepared, sqn::reserve_block(before, size, cfg()).expect("room"));
        } else {
            assert_eq!(prepared, before, "nothing asked, nothing reserved");
        }
    }
}

fn results_are_per_item(s: &Store) {
    let known = provision(s, 1, 0);
    s.create_subscriber(&subscriber(imsi(2), None, &[1])).expect("no auth data");
    let other = provision(s, 3, 0);
    let results = s.prepare_sqn(&[
        (imsi(7).key(), 1),
        (known.key(), 2),
        (imsi(2).key(), 1),
        (other.key(), 1),
        (imsi(7).key(), 5),
    ]);
    assert!(matches!(results[0], Err(StoreError::UnknownSubscriber)), "{results:?}");
    assert!(results[1].is_ok());
    assert!(matches!(results[2], Err(StoreError::NoAuthData)));
    assert!(results[3].is_ok());
    assert!(matches!(results[4], Err(StoreError::UnknownSubscriber)));
    assert!(s.sqn_ready(known.key(), 2) && s.sqn_ready(other.key(), 1));
    assert!(s.prepare_sqn(&[]).is_empty());
}

fn cold_entries_are_filled_together(s: &Store) {
    let one = provision(s, 1, 0); // APN 1
    s.create_apn_profile(&apn_profile(2, "ims")).expect("APN 2");
    s.create_apn_profile(&apn_profile(3, "mms")).expect("APN 3");
    s.create_subscriber(&subscriber(imsi(2), None, &[3, 1, 2])).expect("no auth data");
    let three = provision(s, 3, 0);
    s.invalidate_all();
    assert_eq!(s.cached_count(), 0);
    let results = s.prepare_sqn(&[
        (three.key(), 1),
        (imsi(2).key(), 1),
        (imsi(9).key(), 1),
        (one.key(), 1),
        (three.key(), 1),
    ]);
    assert!(results[0].is_ok() && results[3].is_ok() && results[4].is_ok(), "{results:?}");
    assert!(matches!(results[1], Err(StoreError::NoAuthData)));
    assert!(matches!(results[2], Err(StoreError::UnknownSubscriber)));
    assert_eq!(s.cached_count(), 3, "every known subscriber, with or without keys");
    let two = s.subscriber_entry(imsi(2).key()).expect("cached");
    let names: Vec<&str> = two.apn_profiles().iter().map(|p| p.apn.as_str()).collect();
    assert_eq!(names, ["mms", "internet", "ims"], "in the subscriber's order");
    assert!(!two.has_auth_data());
    // The batch-filled entries serve vectors like any other.
    assert_eq!(sqns(s, one, 1, &mut SeededRand::new(2)).expect("vector").len(), 1);
    assert_eq!(sqns(s, three, 2, &mut SeededRand::new(3)).expect("vectors").len(), 2);
    // The unknown IMSI is remembered as absent until it is created.
    assert!(s.known_absent(imsi(9).key()) && !s.known_absent(one.key()));
    assert!(matches!(s.subscriber_entry(imsi(9).key()), Err(StoreError::UnknownSubscriber)));
    let nine = provision(s, 9, 0);
    assert!(!s.known_absent(nine.key()));
    all_ok(&s.prepare_sqn(&[(nine.key(), 1)]));
    assert_eq!(sqns(s, nine, 1, &mut SeededRand::new(4)).expect("vector").len(), 1);
}

fn duplicates_are_reserved_for_together(s: &Store) {
    let a = provision(s, 1, 0);
    let b = provision(s, 2, 0);
    all_ok(&s.prepare_sqn(&[(a.key(), 3), (b.key(), 1), (a.key(), 3), (a.key(), 0)]));
    let prepared = mark(s, a);
    // One block for all of a's requests: max(sqn_block, 3 + 3 + 0) SQNs.
    assert_eq!(prepared, sqn::reserve_block(0, 6, cfg()).expect("room"));
    assert!(s.sqn_ready(a.key(), 6));
    let mut rand = SeededRand::new(3);
    let mut got = sqns(s, a, 3, &mut rand).expect("first");
    got.extend(sqns(s, a, 3, &mut rand).expect("second"));
    assert_eq!(mark(s, a), prepared, "both requests served from the prepared block");
    assert!(got.windows(2).all(|w| w[0] < w[1]), "{got:x?}");
    assert!(*got.last().expect("six") <= prepared);
}

fn ready_subscribers_are_left_alone(s: &Store) {
    let a = provision(s, 1, 0);
    let b = provision(s, 2, 0);
    all_ok(&s.prepare_sqn(&[(a.key(), 2), (b.key(), 2)]));
    let (mark_a, mark_b) = (mark(s, a), mark(s, b));
    sqns(s, b, 3, &mut SeededRand::new(4)).expect("b takes 3 of 4");
    all_ok(&s.prepare_sqn(&[(a.key(), 2), (b.key(), 2)]));
    assert_eq!(mark(s, a), mark_a, "a still had 4");
    assert!(mark(s, b) > mark_b, "b had 1 left: a new block");
    assert!(s.sqn_ready(b.key(), 2));
}

fn exhaustion_fails_only_its_item(s: &Store) {
    let top = sqn::join(sqn::SeqInd { seq: cfg().seq_max() - 2, ind: 0 }, cfg()).expect("valid");
    let low = provision(s, 1, 0);
    let high = provision(s, 2, top);
    let results = s.prepare_sqn(&[(high.key(), 3), (low.key(), 1)]);
    assert!(matches!(results[0], Err(StoreError::SqnExhausted)), "{results:?}");
    assert!(results[1].is_ok());
    assert_eq!(mark(s, high), top, "a failed item keeps its mark");
    // The two SQNs left are still served, by the batch or by the single path.
    all_ok(&s.prepare_sqn(&[(high.key(), 1), (high.key(), 1)]));
    assert_eq!(sqns(s, high, 2, &mut SeededRand::new(5)).expect("the last two").len(), 2);
}

/// Shards take SQNs of a few subscribers while a batcher prepares them over and over, with
/// resyncs (always upwards, so that no SQN may legitimately come back) and cache
/// invalidations thrown in: no SQN is handed out twice, and each one is at or below the
/// persisted mark once its request returns.
fn batches_and_shards_never_share_an_sqn(s: &Store) {
    const SUBSCRIBERS: u64 = 4;
    const SHARDS: u64 = 3;
    const CALLS: usize = 400;
    const BATCHES: usize = 300;
    let who: Vec<Imsi> = (1..=SUBSCRIBERS).map(|n| provision(s, n, 0)).collect();
    let who = &who;
    let handed_out: Vec<Vec<(Imsi, u64)>> = std::thread::scope(|scope| {
        let shards: Vec<_> = (0..SHARDS)
            .map(|t| {
                scope.spawn(move || {
                    let mut rand = SeededRand::new(100 + t);
                    let mut mine = Vec::new();
                    for i in 0..CALLS {
                        let imsi = who[(i + t as usize) % who.len()];
                        let got = sqns(s, imsi, 1 + i % 3, &mut rand).expect("vectors");
                        let highest = *got.last().expect("some");
                        assert!(mark(s, imsi) >= highest, "SQN {highest:#x} above the mark");
                        mine.extend(got.into_iter().map(|sqn| (imsi, sqn)));
                    }
                    mine
                })
            })
            .collect();
        scope.spawn(move || {
            let m = milenage();
            let challenge = [0x3c; 16];
            for round in 0..BATCHES {
                let mut wants: Vec<(Imsi, usize)> =
                    who.iter().enumerate().map(|(i, &w)| (w, 1 + (i + round) % 4)).collect();
                wants.push((who[round % who.len()], 2)); // a duplicate
                let results = s.prepare_sqn(&keyed(&wants));
                assert!(results.iter().all(Result::is_ok), "{results:?}");
                if round % 5 == 3 {
                    s.invalidate(who[round % who.len()].key());
                }
                if round % 25 == 7 {
                    // Far above anything handed out: SEQ 10^6 × k.
                    let seq = 1_000_000 * (round as u64 / 25 + 1);
                    let ms = sqn::join(sqn::SeqInd { seq, ind: 0 }, cfg()).expect("valid");
                    let auts = auc::make_auts(&m, &challenge, &sqn::to_bytes(ms).expect("48"));
                    s.resync_from_operator(
                        (who[(round / 25) % who.len()]).key(),
                        &challenge,
                        &auts,
                    )
                    .expect("resync");
                }
            }
        });
        shards.into_iter().map(|h| h.join().expect("shard")).collect()
    });
    let mut per_subscriber: HashMap<Imsi, Vec<u64>> = HashMap::new();
    for (imsi, sqn) in handed_out.into_iter().flatten() {
        per_subscriber.entry(imsi).or_default().push(sqn);
    }
    for (imsi, mut sqns) in per_subscriber {
        let n = sqns.len();
        sqns.sort_unstable();
        sqns.dedup();
        assert_eq!(sqns.len(), n, "an SQN handed out twice");
        assert!(mark(s, imsi) >= *sqns.last().expect("some"));
    }
}

/// The subscriber keys of `wants`' IMSIs.
fn keyed(wants: &[(Imsi, usize)]) -> Vec<(SubscriberKey, usize)> {
    wants.iter().map(|&(imsi, n)| (imsi.key(), n)).collect()
}
