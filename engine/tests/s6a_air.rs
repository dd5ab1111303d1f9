//! AIR end to end: vectors recomputed with the AuC from the subscriber's K/OPc, SQNs that only
//! go up (across requests, connections and shards), resynchronisation, and the error results.

mod support;

use std::collections::HashSet;

use codec::code::experimental;
use store::auc::{self, sqn::SqnConfig};
use support::*;

const IMSI: &str = "001010000000001";

#[test]
fn aia_vectors_verify_against_the_auc() {
    let hss = Hss::start(1);
    provision(hss.store(), &SubSpec::new(IMSI));
    let mut mme = hss.mme("mme1.test");
    let aia = mme.air(IMSI, 3);
    let sqns = verified_sqns(&aia);
    assert_eq!(sqns.len(), 3);
    assert_strictly_increasing(&sqns);
    let rands: HashSet<_> = eutran_vectors(&aia).iter().map(|v| v.rand).collect();
    assert_eq!(rands.len(), 3, "a fresh RAND per vector");

    // From a visited network (roaming allowed): KASME is bound to that network.
    let req = mme.air_bytes(IMSI, 1, &visited_plmn(), None);
    let aia = mme.call(&req);
    let v = &eutran_vectors(&aia)[0];
    let sqn = verify_vector(v, &visited_plmn());
    assert!(sqn > sqns[2]);
    hss.stop();
}

#[test]
fn no_more_vectors_than_max_vectors() {
    let hss = Hss::start(1);
    provision(hss.store(), &SubSpec::new(IMSI));
    let mut mme = hss.mme("mme1.test");
    let sqns = verified_sqns(&mme.air(IMSI, 20));
    assert_eq!(sqns.len(), hss.settings.apps.s6a.max_vectors);
    hss.stop();
}

#[test]
fn sqns_increase_across_airs() {
    let hss = Hss::start(1);
    provision(hss.store(), &SubSpec { sqn: 0x1234 << 5, ..SubSpec::new(IMSI) });
    let mut mme = hss.mme("mme1.test");
    let mut all = Vec::new();
    for n in [1, 2, 5, 1, 3] {
        all.extend(verified_sqns(&mme.air(IMSI, n)));
    }
    assert_eq!(all.len(), 12);
    assert_strictly_increasing(&all);
    assert!(all[0] > 0x1234 << 5, "above the SQN the card has seen");
    hss.stop();
}

#[test]
fn sqns_never_repeat_across_two_connections_on_two_shards() {
    let hss = Hss::start(2);
    provision(hss.store(), &SubSpec::new(IMSI));
    // SO_REUSEPORT spreads connections by their addresses: open until each shard has one.
    let mut mmes = Vec::new();
    let mut shard_of_mme = Vec::new();
    for i in 0..32 {
        let before = hss.engine.io_stats();
        let mme = hss.mme(&format!("mme{i}.test"));
        let after = hss.engine.io_stats();
        let shard = (0..2).find(|&s| after[s].accepted > before[s].accepted).expect("accepted");
        if !shard_of_mme.contains(&shard) {
            shard_of_mme.push(shard);
            mmes.push(mme);
        }
        if shard_of_mme.len() == 2 {
            break;
        }
    }
    // Should the kernel put every connection on one shard, two connections still race.
    while mmes.len() < 2 {
        mmes.push(hss.mme("mme-extra.test"));
    }
    let threads: Vec<_> = mmes
        .into_iter()
        .map(|mut mme| {
            std::thread::spawn(move || {
                let mut sqns = Vec::new();
                for _ in 0..40 {
                    sqns.extend(verified_sqns(&mme.air(IMSI, 2)));
                }
                sqns
            })
        })
        .collect();
    let per_connection: Vec<Vec<u64>> =
        threads.into_iter().map(|t| t.join().expect("client thread")).collect();
    let mut all = HashSet::new();
    for sqns in &per_connection {
        assert_eq!(sqns.len(), 80);
        assert_strictly_increasing(sqns);
        for s in sqns {
            assert!(all.insert(*s), "SQN {s:#x} handed out twice");
        }
    }
    assert_eq!(shard_of_mme.len(), 2, "both shards served a connection: {shard_of_mme:?}");
    hss.stop();
}

#[test]
fn resync_continues_above_the_usim_sqn() {
    let hss = Hss::start(1);
    provision(hss.store(), &SubSpec::new(IMSI));
    let mut mme = hss.mme("mme1.test");
    let aia = mme.air(IMSI, 1);
    let first = verified_sqns(&aia)[0];
    let rand = eutran_vectors(&aia)[0].rand;

    // The USIM is far ahead (say another HSS served it): it answers with AUTS for SQN_MS.
    let cfg = SqnConfig::default();
    let sqn_ms = first + (5000 << cfg.ind_bits());
    let auts = auc::make_auts(&milenage(), &rand, &auc::sqn::to_bytes(sqn_ms).unwrap());
    let mut info = [0u8; 30];
    info[..16].copy_from_slice(&rand);
    info[16..].copy_from_slice(&auts);
    let req = mme.air_bytes(IMSI, 2, &home_plmn(), Some(&info));
    let after = verified_sqns(&mme.call(&req));
    assert_eq!(after.len(), 2);
    assert!(after.iter().all(|&s| s > sqn_ms), "{after:x?} above SQN_MS {sqn_ms:#x}");
    let seq = |s: u64| auc::sqn::split(s, cfg).unwrap().seq;
    assert_eq!(seq(after[0]), seq(sqn_ms) + 1, "SEQ_MS + 1 (TS 33.102 §6.3.5)");
    assert_strictly_increasing(&after);
    // And later requests keep going from there.
    let later = verified_sqns(&mme.air(IMSI, 1));
    assert!(later[0] > after[1]);

    // An AUTS that does not verify changes nothing: fresh vectors continue as before.
    let mut bad = info;
    bad[29] ^= 1;
    let req = mme.air_bytes(IMSI, 1, &home_plmn(), Some(&bad));
    let next = verified_sqns(&mme.call(&req));
    assert!(next[0] > later[0]);
    assert!(seq(next[0]) < seq(sqn_ms) + 100);
    hss.stop();
}

#[test]
fn an_unknown_imsi_gets_5001() {
    let hss = Hss::start(1);
    provision(hss.store(), &SubSpec::new(IMSI));
    let mut mme = hss.mme("mme1.test");
    let aia = mme.air("001010000000999", 1);
    assert_eq!(result(&aia), experimental(experimental::ERROR_USER_UNKNOWN));
    assert!(eutran_vectors(&aia).is_empty());
    hss.stop();
}

#[test]
fn roaming_not_allowed_gets_5004() {
    let hss = Hss::start(1);
    provision(hss.store(), &SubSpec { roaming_allowed: false, ..SubSpec::new(IMSI) });
    let mut mme = hss.mme("mme1.test");
    let req = mme.air_bytes(IMSI, 1, &visited_plmn(), None);
    let aia = mme.call(&req);
    assert_eq!(result(&aia), experimental(experimental::ERROR_ROAMING_NOT_ALLOWED));
    assert!(eutran_vectors(&aia).is_empty());
    // At home the same subscriber is served.
    assert_eq!(verified_sqns(&mme.air(IMSI, 1)).len(), 1);
    hss.stop();
}
