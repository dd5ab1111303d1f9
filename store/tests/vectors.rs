//! The Diameter path through `Store` on every backend: vectors recomputed with `store::auc`,
//! SQN order within and across threads, resync, exhaustion, and corrupt values.

mod common;

use common::*;
use store::auc::{self, sqn};
use store::keys::{self, Kind};
use store::{
    Durability, Imsi, MAX_VECTORS_PER_REQUEST, NodeKind, SeededRand, ServingNode, Store,
    StoreError, WriteBatch,
};

crate::for_each_backend!(
    eutran_vectors_recompute,
    other_vector_kinds_recompute,
    sqn_increases_across_calls_and_blocks,
    threads_get_disjoint_sqns,
    resync_round_trip,
    resync_refuses_unknown_and_replayed_rands,
    resync_in_range_writes_nothing,
    resync_never_moves_the_mark_down,
    resync_is_rate_limited,
    exhaustion_is_an_error,
    unknown_subscriber_and_missing_auth,
    corrupt_values_are_errors,
);

fn cfg() -> auc::SqnConfig {
    auc::SqnConfig::default()
}

/// One E-UTRAN vector's SQN.
fn next_sqn(s: &Store, who: store::Imsi, rand: &mut SeededRand) -> u64 {
    one_vector(s, who, rand).1
}

/// One E-UTRAN vector's RAND and SQN.
fn one_vector(s: &Store, who: store::Imsi, rand: &mut SeededRand) -> ([u8; 16], u64) {
    let mut out = Vec::new();
    s.eutran_vectors(who.key(), 1, &plmn(), rand, &mut out).expect("vector");
    (out[0].rand, check_eutran(&milenage(), &AMF, &out[0]))
}

/// SEQ `seq` with IND `ind`.
fn at(seq: u64, ind: u64) -> u64 {
    sqn::join(sqn::SeqInd { seq, ind }, cfg()).expect("valid")
}

fn seq_of(sqn: u64) -> u64 {
    sqn::split(sqn, cfg()).expect("valid").seq
}

/// The AUTS the USIM answers `challenge` with, having seen `sqn_ms`.
fn auts_for(challenge: &[u8; 16], sqn_ms: u64) -> [u8; auc::AUTS_LEN] {
    auc::make_auts(&milenage(), challenge, &sqn::to_bytes(sqn_ms).expect("48 bits"))
}

fn mark(s: &Store, who: Imsi) -> u64 {
    s.auth(who).expect("auth").sqn_reserved
}

fn refused(r: Result<(), StoreError>) -> auc::ResyncError {
    match r {
        Err(StoreError::Resync(e)) => e,
        other => panic!("expected a refused resync, got {other:?}"),
    }
}

fn eutran_vectors_recompute(s: &Store) {
    let who = provision(s, 1, 0);
    let mut rand = SeededRand::new(42);
    let mut out = Vec::new();
    s.eutran_vectors(who.key(), 3, &plmn(), &mut rand, &mut out).expect("vectors");
    let sqns: Vec<u64> = out.iter().map(|v| check_eutran(&milenage(), &AMF, v)).collect();
    let expected: Vec<u64> =
        (1..=3).map(|i| sqn::reserve_block(0, i, cfg()).expect("room")).collect();
    assert_eq!(sqns, expected, "SEQ + 1 and IND + 1 per vector, from the provisioned SQN");
    assert!(out.iter().all(|v| v.autn[6] & 0x80 != 0), "separation bit");
    assert_ne!(out[0].rand, out[1].rand);

    s.eutran_vectors(who.key(), 0, &plmn(), &mut rand, &mut out).expect("none");
    assert_eq!(out.len(), 3);
    s.eutran_vectors(who.key(), 1000, &plmn(), &mut rand, &mut out).expect("capped");
    assert_eq!(out.len(), 3 + MAX_VECTORS_PER_REQUEST);
}

fn other_vector_kinds_recompute(s: &Store) {
    let who = provision(s, 1, 0);
    let m = milenage();
    let mut rand = SeededRand::new(7);
    let mut issued = Vec::new();

    let mut utran = Vec::new();
    s.utran_vectors(who.key(), 2, &mut rand, &mut utran).expect("utran");
    for v in &utran {
        let sqn = sqn_in(&m, &v.rand, &v.autn);
        let bytes = sqn::to_bytes(sqn).expect("48 bits");
        assert_eq!(*v, auc::utran_vector(&m, &v.rand, &bytes, &AMF));
        issued.push(sqn);
    }

    let mut ims = Vec::new();
    s.ims_aka_vectors(who.key(), 1, &mut rand, &mut ims).expect("ims");
    let sqn = sqn_in(&m, &ims[0].rand(), &ims[0].autn());
    let bytes = sqn::to_bytes(sqn).expect("48 bits");
    assert_eq!(ims[0], auc::ims_aka_vector(&m, &ims[0].rand(), &bytes, &AMF));
    issued.push(sqn);

    let mut eap = Vec::new();
    assert!(matches!(
        s.eap_aka_prime_vectors(who.key(), 1, b"", &mut rand, &mut eap),
        Err(StoreError::Invalid(f)) if f.field == "access_network_name"
    ));
    s.eap_aka_prime_vectors(who.key(), 1, b"WLAN", &mut rand, &mut eap).expect("eap-aka'");
    let sqn = sqn_in(&m, &eap[0].rand, &eap[0].autn);
    let bytes = sqn::to_bytes(sqn).expect("48 bits");
    let expected = auc::eap_aka_prime_vector(&m, &eap[0].rand, &bytes, &AMF, b"WLAN");
    assert_eq!(Ok(eap[0]), expected);
    issued.push(sqn);

    let mut geran = Vec::new();
    s.geran_triplets(who.key(), 2, &mut rand, &mut geran).expect("geran");
    for t in &geran {
        assert_eq!(*t, auc::geran_triplet(&m, &t.rand));
    }

    issued.push(next_sqn(s, who, &mut rand));
    let expected: Vec<u64> =
        (1..=5).map(|i| sqn::reserve_block(0, i, cfg()).expect("room")).collect();
    assert_eq!(issued, expected, "every SQN-using kind shares one sequence; triplets use none");
}

fn sqn_increases_across_calls_and_blocks(s: &Store) {
    // Blocks of 4 (see for_each_backend): requests of 3 cross block boundaries.
    let who = provision(s, 1, 0);
    let mut rand = SeededRand::new(1);
    let mut last = 0;
    for _ in 0..10 {
        let mut out = Vec::new();
        s.eutran_vectors(who.key(), 3, &plmn(), &mut rand, &mut out).expect("vectors");
        for v in &out {
            let sqn = check_eutran(&milenage(), &AMF, v);
            assert!(sqn > last, "{sqn:#x} after {last:#x}");
            last = sqn;
        }
        assert!(s.auth(who).expect("auth").sqn_reserved >= last, "issued above the mark");
    }
}

fn threads_get_disjoint_sqns(s: &Store) {
    const THREADS: u64 = 4;
    const CALLS: usize = 40;
    let who = provision(s, 1, 0);
    let per_thread: Vec<Vec<u64>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                scope.spawn(move || {
                    let mut rand = SeededRand::new(t);
                    let mut sqns = Vec::new();
                    for i in 0..CALLS {
                        let mut out = Vec::new();
                        s.eutran_vectors(who.key(), 1 + i % 3, &plmn(), &mut rand, &mut out)
                            .expect("vectors");
                        sqns.extend(out.iter().map(|v| check_eutran(&milenage(), &AMF, v)));
                    }
                    sqns
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    for sqns in &per_thread {
        assert!(sqns.windows(2).all(|w| w[0] < w[1]), "increasing within a thread");
    }
    let mut all: Vec<u64> = per_thread.concat();
    let n = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), n, "no SQN handed out twice");
    assert!(s.auth(who).expect("auth").sqn_reserved >= *all.last().expect("some"));
}

fn resync_round_trip(s: &Store) {
    let who = provision(s, 1, 0);
    let mut rand = SeededRand::new(3);
    let (challenge, _) = one_vector(s, who, &mut rand);

    // The USIM is ahead: SEQ 1000, IND 7.
    let sqn_ms = at(1000, 7);
    let before = mark(s, who);
    s.resync(who.key(), &challenge, &auts_for(&challenge, sqn_ms)).expect("resync");
    let after = next_sqn(s, who, &mut rand);
    assert_eq!(after, sqn::after_resync(sqn_ms, before, cfg()).expect("room"));
    assert_eq!(seq_of(after), 1001);
    assert!(mark(s, who) >= after, "resync persisted");

    // A forged AUTS changes nothing: the sequence goes on.
    let (challenge, last) = one_vector(s, who, &mut rand);
    let mut forged = auts_for(&challenge, at(5000, 0));
    forged[13] ^= 1;
    let before = mark(s, who);
    assert_eq!(refused(s.resync(who.key(), &challenge, &forged)), auc::ResyncError::MacMismatch);
    assert_eq!(mark(s, who), before);
    assert_eq!(next_sqn(s, who, &mut rand), sqn::next(last, cfg()).expect("room"));
}

fn resync_refuses_unknown_and_replayed_rands(s: &Store) {
    let who = provision(s, 1, 0);
    let mut rand = SeededRand::new(11);
    next_sqn(s, who, &mut rand);

    // A RAND this store did not issue: refused before any check, nothing moves.
    let never = [0x5a; 16];
    let before = mark(s, who);
    let r = s.resync(who.key(), &never, &auts_for(&never, at(1000, 0)));
    assert_eq!(refused(r), auc::ResyncError::UnknownRand);
    assert_eq!(mark(s, who), before);
    // The operator's resync takes any RAND: MAC-S proves the AUTS.
    s.resync_from_operator(who.key(), &never, &auts_for(&never, at(1000, 0))).expect("operator");
    assert_eq!(seq_of(next_sqn(s, who, &mut rand)), 1001);

    // A pair captured on the air: it resyncs once...
    let (challenge, _) = one_vector(s, who, &mut rand);
    let pair = auts_for(&challenge, at(2000, 0));
    s.resync(who.key(), &challenge, &pair).expect("first use");
    let moved = next_sqn(s, who, &mut rand);
    assert_eq!(seq_of(moved), 2001);
    // ... and never again.
    let before = mark(s, who);
    assert_eq!(refused(s.resync(who.key(), &challenge, &pair)), auc::ResyncError::Replayed);
    assert_eq!(mark(s, who), before);
    assert_eq!(next_sqn(s, who, &mut rand), sqn::next(moved, cfg()).expect("room"));

    // A RAND is remembered until RECENT_RANDS newer ones were issued.
    let (old, _) = one_vector(s, who, &mut rand);
    for _ in 0..store::RECENT_RANDS {
        next_sqn(s, who, &mut rand);
    }
    let r = s.resync(who.key(), &old, &auts_for(&old, at(9000, 0)));
    assert_eq!(refused(r), auc::ResyncError::UnknownRand);
}

fn resync_in_range_writes_nothing(s: &Store) {
    let who = provision(s, 1, 0);
    let mut rand = SeededRand::new(12);
    let (challenge, last) = one_vector(s, who, &mut rand);
    // The USIM missed the last vector: the next SQN is one it accepts (§6.3.5 steps 2-3).
    let behind = at(seq_of(last) - 1, 0);
    let stats = s.stats();
    s.resync(who.key(), &challenge, &auts_for(&challenge, behind)).expect("nothing to do");
    // Not even MAC-S is needed then: a forged AUTS with the same SQN_MS changes nothing either.
    let mut forged = auts_for(&challenge, behind);
    forged[13] ^= 1;
    s.resync(who.key(), &challenge, &forged).expect("nothing to do");
    let now = s.stats();
    assert_eq!(now.sqn_reservation_writes, stats.sqn_reservation_writes);
    assert_eq!(now.synced_writes, stats.synced_writes, "no fsync");
    assert_eq!(next_sqn(s, who, &mut rand), sqn::next(last, cfg()).expect("room"));
}

fn resync_never_moves_the_mark_down(s: &Store) {
    // The HSS more than Δ ahead of the card: following SQN_MS would take the mark down.
    let who = provision(s, 1, at(sqn::DELTA + 5000, 0));
    let mut rand = SeededRand::new(13);
    let (challenge, last) = one_vector(s, who, &mut rand);
    let before = mark(s, who);
    let r = s.resync(who.key(), &challenge, &auts_for(&challenge, at(10, 0)));
    assert_eq!(refused(r), auc::ResyncError::WouldRewind);
    assert_eq!(mark(s, who), before);
    let next = next_sqn(s, who, &mut rand);
    assert_eq!(next, sqn::next(last, cfg()).expect("room"), "the sequence goes on");

    // Behind by less than Δ: the next SQN is accepted as it is; nothing goes down.
    let (challenge, last) = one_vector(s, who, &mut rand);
    let behind = at(seq_of(last) - 1000, 3);
    s.resync(who.key(), &challenge, &auts_for(&challenge, behind)).expect("in range");
    assert_eq!(next_sqn(s, who, &mut rand), sqn::next(last, cfg()).expect("room"));
    assert!(mark(s, who) >= before);
}

fn resync_is_rate_limited(s: &Store) {
    let who = provision(s, 1, 0);
    let mut rand = SeededRand::new(14);
    // Within two windows at most (the test takes far less than one): one of them is full.
    let attempts = 2 * store::RESYNCS_PER_WINDOW + 1;
    let mut limited = 0;
    for i in 0..attempts {
        let (challenge, last) = one_vector(s, who, &mut rand);
        let auts = auts_for(&challenge, at(seq_of(last) - 1, 0));
        match s.resync(who.key(), &challenge, &auts) {
            Ok(()) => {}
            Err(StoreError::Resync(auc::ResyncError::RateLimited)) => {
                assert!(i >= store::RESYNCS_PER_WINDOW, "the first ones are never limited");
                limited += 1;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(limited >= 1, "{attempts} resyncs, none limited");
    // The operator's resync counts too.
    let never = [0x77; 16];
    let mut operator = 0;
    for _ in 0..attempts {
        let auts = auts_for(&never, 0);
        if s.resync_from_operator(who.key(), &never, &auts).is_err() {
            operator += 1;
        }
    }
    assert!(operator >= 1);
}

fn exhaustion_is_an_error(s: &Store) {
    let top = sqn::join(sqn::SeqInd { seq: cfg().seq_max() - 2, ind: 0 }, cfg()).expect("valid");
    let who = provision(s, 1, top);
    let mut rand = SeededRand::new(5);
    assert!(next_sqn(s, who, &mut rand) > top);
    let mut out = Vec::new();
    assert!(matches!(
        s.eutran_vectors(who.key(), 2, &plmn(), &mut rand, &mut out),
        Err(StoreError::SqnExhausted)
    ));
    let last = next_sqn(s, who, &mut rand);
    assert_eq!(sqn::split(last, cfg()).expect("valid").seq, cfg().seq_max());
    assert!(matches!(
        s.eutran_vectors(who.key(), 1, &plmn(), &mut rand, &mut out),
        Err(StoreError::SqnExhausted)
    ));
    assert!(out.is_empty());
}

fn unknown_subscriber_and_missing_auth(s: &Store) {
    let mut rand = SeededRand::new(0);
    let mut out = Vec::new();
    assert!(matches!(
        s.eutran_vectors(imsi(5).key(), 1, &plmn(), &mut rand, &mut out),
        Err(StoreError::UnknownSubscriber)
    ));
    s.create_apn_profile(&apn_profile(1, "internet")).expect("apn");
    s.create_subscriber(&subscriber(imsi(5), None, &[1])).expect("subscriber");
    assert!(matches!(
        s.eutran_vectors(imsi(5).key(), 1, &plmn(), &mut rand, &mut out),
        Err(StoreError::NoAuthData)
    ));
    assert!(matches!(s.resync(imsi(5).key(), &[0; 16], &[0; 14]), Err(StoreError::NoAuthData)));
    let mut triplets = Vec::new();
    assert!(matches!(
        s.geran_triplets(imsi(6).key(), 1, &mut rand, &mut triplets),
        Err(StoreError::UnknownSubscriber)
    ));
}

fn corrupt_values_are_errors(s: &Store) {
    let raw = |kind: Kind, key: &[u8], value: &[u8]| {
        let mut batch = WriteBatch::new();
        batch.put(kind, key, value.to_vec());
        s.backend().write(&batch, Durability::Synced).expect("raw write");
    };
    let is_corrupt = |r: Result<(), StoreError>, kind: Kind| match r {
        Err(StoreError::Corrupt(c)) => assert_eq!(c.kind, kind),
        other => panic!("expected Corrupt({kind:?}), got {other:?}"),
    };
    let mut rand = SeededRand::new(0);
    let mut out = Vec::new();
    let mut vector = |who: Imsi| s.eutran_vectors(who.key(), 1, &plmn(), &mut rand, &mut out);

    let a = provision(s, 1, 0);
    raw(Kind::Subscriber, &keys::subscriber_key(a.packed()), &[99, 1, 2, 3]); // unknown version
    is_corrupt(vector(a), Kind::Subscriber);
    is_corrupt(s.subscriber(a).map(drop), Kind::Subscriber);
    is_corrupt(s.list_subscribers(0, 10).map(drop), Kind::Subscriber);

    let b = provision(s, 2, 0);
    raw(Kind::Auth, &keys::subscriber_key(b.packed()), &[1, 0x46]); // truncated
    is_corrupt(vector(b), Kind::Auth);
    is_corrupt(s.auth(b).map(drop), Kind::Auth);

    let c = provision(s, 3, 0);
    raw(Kind::SqnReservation, &keys::subscriber_key(c.packed()), &[1, 2]);
    is_corrupt(vector(c), Kind::SqnReservation);

    let d = provision(s, 4, 0);
    let mme = ServingNode {
        host: "mme".into(),
        realm: "realm".into(),
        updated_at: std::time::UNIX_EPOCH,
        rat_type: None,
    };
    raw(Kind::ServingNode, &keys::serving_node_key(d.packed(), 1), &[]);
    is_corrupt(s.serving_node(d.key(), NodeKind::Mme).map(drop), Kind::ServingNode);
    assert_eq!(
        s.update_serving_node(d.key(), NodeKind::Mme, mme.borrowed())
            .expect("a ULR overwrites garbage"),
        None
    );
    assert_eq!(s.serving_node(d.key(), NodeKind::Mme).expect("readable again"), Some(mme));

    raw(Kind::ApnProfile, &keys::apn_key(1), &[1, 0, 200]);
    is_corrupt(s.apn_profile(apn_id(1)).map(drop), Kind::ApnProfile);
    s.invalidate_all();
    is_corrupt(s.subscriber_entry(d.key()).map(drop), Kind::ApnProfile);

    // A sound profile to refer to (profile 1 is corrupt now and would be reported first).
    s.create_apn_profile(&apn_profile(2, "ims")).expect("apn 2");
    raw(Kind::Meta, keys::count_key(Kind::Subscriber), b"junk");
    is_corrupt(s.create_subscriber(&subscriber(imsi(8), None, &[2])), Kind::Meta);
}
