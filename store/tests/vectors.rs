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
    exhaustion_is_an_error,
    unknown_subscriber_and_missing_auth,
    corrupt_values_are_errors,
);

fn cfg() -> auc::SqnConfig {
    auc::SqnConfig::default()
}

/// One E-UTRAN vector's SQN.
fn next_sqn(s: &Store, who: store::Imsi, rand: &mut SeededRand) -> u64 {
    let mut out = Vec::new();
    s.eutran_vectors(who.key(), 1, &plmn(), rand, &mut out).expect("vector");
    check_eutran(&milenage(), &AMF, &out[0])
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
    let m = milenage();
    let mut rand = SeededRand::new(3);
    next_sqn(s, who, &mut rand);

    // The USIM is ahead: SEQ 1000, IND 7.
    let sqn_ms = sqn::join(sqn::SeqInd { seq: 1000, ind: 7 }, cfg()).expect("valid");
    let challenge = [0x5a; 16];
    let auts = auc::make_auts(&m, &challenge, &sqn::to_bytes(sqn_ms).expect("48 bits"));
    let mark = s.auth(who).expect("auth").sqn_reserved;
    s.resync(who.key(), &challenge, &auts).expect("resync");
    let after = next_sqn(s, who, &mut rand);
    assert_eq!(after, sqn::after_resync(sqn_ms, mark, cfg()).expect("room"));
    assert_eq!(sqn::split(after, cfg()).expect("valid").seq, 1001);
    assert!(s.auth(who).expect("auth").sqn_reserved >= after, "resync persisted");

    // A forged AUTS changes nothing: the sequence goes on.
    let mut forged = auts;
    forged[13] ^= 1;
    assert!(matches!(
        s.resync(who.key(), &challenge, &forged),
        Err(StoreError::Resync(auc::ResyncError::MacMismatch))
    ));
    assert_eq!(next_sqn(s, who, &mut rand), sqn::next(after, cfg()).expect("room"));

    // The USIM is behind (the HSS ran far ahead): the reset goes down, as TS 33.102 asks.
    let low = sqn::join(sqn::SeqInd { seq: 10, ind: 0 }, cfg()).expect("valid");
    let auts = auc::make_auts(&m, &challenge, &sqn::to_bytes(low).expect("48 bits"));
    s.resync(who.key(), &challenge, &auts).expect("resync down");
    assert_eq!(sqn::split(next_sqn(s, who, &mut rand), cfg()).expect("valid").seq, 11);
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
