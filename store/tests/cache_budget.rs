//! The subscriber cache's byte budget: fills beyond it evict entries not used lately, the byte
//! gauge stays within it, and evicted subscribers are filled again on their next use and go on
//! getting SQNs that never repeat (each fill reserves a new block above the persisted mark).

mod common;

use std::collections::HashSet;

use common::*;
use store::{Imsi, SeededRand, Store, StoreConfig};

/// Subscribers of these tests.
const SUBSCRIBERS: u64 = 24;

/// Entries the budget holds.
const KEPT: u64 = 4;

/// The bytes of one cache entry of `provision`'s shape, as the gauge counts it.
fn entry_bytes() -> u64 {
    let s = mem(small_blocks(4));
    let who = provision(&s, 1, 0);
    vector_sqns(&s, who, 1, &mut SeededRand::new(1));
    s.stats().cache_bytes
}

/// SQN blocks of 4 and a cache of [`KEPT`] entries.
fn config(one: u64) -> StoreConfig {
    StoreConfig { cache_bytes: (KEPT * one) as usize, ..small_blocks(4) }
}

/// Runs `check` on a store in memory and one over RocksDB, both with [`config`].
fn on_each_backend(check: fn(&Store, u64)) {
    let one = entry_bytes();
    assert!(one > 0);
    check(&mem(config(one)), one);
    let rocks = testkit::provision::temp_rocks(config(one));
    check(&rocks.store, one);
}

/// The SQNs of `count` E-UTRAN vectors for `who`, each checked by recomputing its vector.
fn vector_sqns(s: &Store, who: Imsi, count: usize, rand: &mut SeededRand) -> Vec<u64> {
    let mut out = Vec::new();
    s.eutran_vectors(who.key(), count, &plmn(), rand, &mut out).expect("vectors");
    out.iter().map(|v| check_eutran(&milenage(), &AMF, v)).collect()
}

#[test]
fn the_gauge_stays_within_the_budget() {
    on_each_backend(|s, one| {
        let who: Vec<Imsi> = (1..=SUBSCRIBERS).map(|n| provision(s, n, 0)).collect();
        let mut rand = SeededRand::new(7);
        for &w in &who {
            vector_sqns(s, w, 1, &mut rand);
            let stats = s.stats();
            assert!(stats.cache_bytes <= KEPT * one, "{} bytes", stats.cache_bytes);
            assert!(stats.cache_entries <= KEPT);
        }
        let stats = s.stats();
        assert_eq!(stats.cache_budget_bytes, KEPT * one);
        assert_eq!(stats.cache_evictions, SUBSCRIBERS - KEPT);
        assert!(!s.is_cached(who[0].key()).0, "the first went first");
        assert!(s.is_cached(who[who.len() - 1].key()).0, "the newest stays");
    });
}

#[test]
fn sqns_increase_across_eviction_and_refill() {
    on_each_backend(|s, _| {
        let who: Vec<Imsi> = (1..=SUBSCRIBERS).map(|n| provision(s, n, 0)).collect();
        let mut rand = SeededRand::new(3);
        let mut last = vec![0u64; who.len()];
        for round in 0..5 {
            for (i, &w) in who.iter().enumerate() {
                // Every subscriber was evicted since its last request (the others filled
                // the cache in between), so each round refills it.
                assert!(round == 0 || !s.is_cached(w.key()).0);
                for sqn in vector_sqns(s, w, 3, &mut rand) {
                    assert!(sqn > last[i], "round {round}: {sqn} after {}", last[i]);
                    last[i] = sqn;
                }
                assert!(s.is_cached(w.key()).0, "refilled by its lookup");
            }
        }
        assert!(s.stats().cache_evictions >= 4 * SUBSCRIBERS);
    });
}

#[test]
fn a_used_subscriber_survives_a_scan() {
    on_each_backend(|s, _| {
        let who: Vec<Imsi> = (1..=SUBSCRIBERS).map(|n| provision(s, n, 0)).collect();
        let mut rand = SeededRand::new(5);
        let hot = who[0];
        let mut last = 0;
        for &w in &who[1..] {
            for sqn in vector_sqns(s, hot, 1, &mut rand) {
                assert!(sqn > last);
                last = sqn;
            }
            vector_sqns(s, w, 1, &mut rand);
        }
        assert!(s.is_cached(hot.key()).0, "the subscriber used between fills stays cached");
    });
}

#[test]
fn threads_never_get_the_same_sqn_while_entries_are_evicted() {
    on_each_backend(|s, _| {
        let who: Vec<Imsi> = (1..=SUBSCRIBERS / 2).map(|n| provision(s, n, 0)).collect();
        let issued: Vec<Vec<(Imsi, u64)>> = std::thread::scope(|scope| {
            let threads: Vec<_> = (0..4u64)
                .map(|t| {
                    let who = &who;
                    scope.spawn(move || {
                        let mut rand = SeededRand::new(100 + t);
                        let mut issued = Vec::new();
                        for round in 0..20 {
                            for &w in who.iter().skip(round % 3) {
                                for sqn in vector_sqns(s, w, 2, &mut rand) {
                                    issued.push((w, sqn));
                                }
                            }
                        }
                        issued
                    })
                })
                .collect();
            threads.into_iter().map(|t| t.join().expect("no panic")).collect()
        });
        let mut seen = HashSet::new();
        for (w, sqn) in issued.into_iter().flatten() {
            assert!(seen.insert((w, sqn)), "{sqn} issued twice");
        }
        assert!(s.stats().cache_evictions > 0);
    });
}
