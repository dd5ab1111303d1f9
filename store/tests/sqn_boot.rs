//! The per-boot SQN step (`sqn_mark.rs`): after a restart, each subscriber's first SQNs come
//! from its boot window, recorded without a synced write, and no SQN is handed out twice,
//! whether the window is used, skipped, or its subscriber's cache entry is evicted.

mod common;

use std::collections::HashMap;

use common::*;
use store::auc::{SqnConfig, sqn};
use store::{Imsi, SeededRand, Store, StoreConfig};

const STEP: u16 = 16;

fn config() -> StoreConfig {
    StoreConfig { sqn_boot_step: STEP, ..small_blocks(8) }
}

fn one_sqn(s: &Store, who: Imsi, rand: &mut SeededRand) -> u64 {
    let mut out = Vec::new();
    s.eutran_vectors(who.key(), 1, &plmn(), rand, &mut out).expect("vector");
    check_eutran(&milenage(), &AMF, &out[0])
}

/// Every subscriber's SQNs, in the order handed out, strictly increasing.
fn increasing(issued: &HashMap<Imsi, Vec<u64>>) {
    for (who, sqns) in issued {
        assert!(sqns.windows(2).all(|w| w[0] < w[1]), "{who:?}: {sqns:x?}");
    }
}

#[test]
fn after_a_restart_the_first_vectors_need_no_synced_write() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rand = SeededRand::new(3);
    let mut issued: HashMap<Imsi, Vec<u64>> = HashMap::new();
    let s = rocks(dir.path(), config());
    let who: Vec<Imsi> = (1..=20).map(|n| provision(&s, n, 0)).collect();
    for &w in &who {
        for _ in 0..3 {
            issued.entry(w).or_default().push(one_sqn(&s, w, &mut rand));
        }
    }
    // Provisioned in this boot: no window, synced blocks as before.
    assert_eq!(s.stats().sqn_boot_windows, 0);
    assert!(s.stats().sqn_reservation_writes >= 20);
    let mark = s.auth(who[0]).expect("auth").sqn_reserved;
    drop(s);

    let s = rocks(dir.path(), config());
    // The slow lane's batch: ten subscribers ready with no synced reservation.
    let wants: Vec<_> = who[..10].iter().map(|w| (w.key(), 1)).collect();
    assert!(s.prepare_sqn(&wants).iter().all(Result::is_ok));
    assert!(wants.iter().all(|&(k, n)| s.sqn_ready(k, n)));
    let stats = s.stats();
    assert_eq!((stats.sqn_boot_windows, stats.sqn_reservation_writes), (10, 0));
    // One at a time for the others.
    for &w in &who {
        issued.entry(w).or_default().push(one_sqn(&s, w, &mut rand));
    }
    let stats = s.stats();
    assert_eq!((stats.sqn_boot_windows, stats.sqn_reservation_writes), (20, 0));
    // The window's SQNs follow the previous boot's mark.
    let first = who[0];
    assert_eq!(issued[&first][3], sqn::next(mark, SqnConfig::default()).expect("room"));

    // Past the window: synced blocks again.
    for _ in 0..STEP {
        issued.entry(first).or_default().push(one_sqn(&s, first, &mut rand));
    }
    assert!(s.stats().sqn_reservation_writes >= 1);
    // An entry evicted and filled again does not open the window a second time.
    let second = who[1];
    s.invalidate_all();
    let before = s.stats().sqn_reservation_writes;
    issued.entry(second).or_default().push(one_sqn(&s, second, &mut rand));
    assert_eq!(s.stats().sqn_boot_windows, 20);
    assert_eq!(s.stats().sqn_reservation_writes, before + 1);
    assert!(s.auth(second).expect("auth").sqn_reserved >= *issued[&second].last().expect("some"));
    increasing(&issued);
}

#[test]
fn boots_that_skip_the_window_still_move_above_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rand = SeededRand::new(4);
    let mut issued = Vec::new();
    let who = provision(&rocks(dir.path(), config()), 1, 0);
    for boot in 0..6 {
        let s = rocks(dir.path(), config());
        // Every other boot leaves this subscriber alone; the bound still covers that boot's
        // window, which another process of the same boot may have used.
        if boot % 2 == 0 {
            for _ in 0..3 {
                issued.push(one_sqn(&s, who, &mut rand));
            }
        }
        let shown = s.auth(who).expect("auth").sqn_reserved;
        assert!(issued.last().is_none_or(|&last| shown >= last), "{shown:#x} below {issued:x?}");
    }
    assert!(issued.windows(2).all(|w| w[0] < w[1]), "{issued:x?}");
    // Three boots of use and three skipped: about six windows of SEQ, never more.
    let seq = |s: u64| sqn::split(s, SqnConfig::default()).expect("valid").seq;
    let spread = seq(*issued.last().expect("some")) - seq(issued[0]);
    assert!(spread <= 6 * u64::from(STEP), "jumped {spread} SEQs");
}

#[test]
fn no_windows_when_the_step_is_zero() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = StoreConfig { sqn_boot_step: 0, ..small_blocks(8) };
    let mut rand = SeededRand::new(5);
    let who = provision(&rocks(dir.path(), config.clone()), 1, 0);
    let s = rocks(dir.path(), config);
    one_sqn(&s, who, &mut rand);
    assert_eq!((s.stats().sqn_boot_windows, s.stats().sqn_reservation_writes), (0, 1));
}

#[test]
fn an_operator_reset_lands_exactly_and_the_next_boot_opens_above_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rand = SeededRand::new(6);
    let s = rocks(dir.path(), config());
    let who = provision(&s, 1, 0);
    let reset = sqn::join(sqn::SeqInd { seq: 5000, ind: 0 }, SqnConfig::default()).expect("ok");
    s.update_auth(who, &store::AuthUpdate { sqn: Some(reset), ..Default::default() })
        .expect("reset");
    assert_eq!(s.auth(who).expect("auth").sqn_reserved, reset);
    drop(s);
    let s = rocks(dir.path(), config());
    assert_eq!(s.auth(who).expect("auth").sqn_reserved, reset);
    assert_eq!(one_sqn(&s, who, &mut rand), sqn::next(reset, SqnConfig::default()).expect("ok"));
    assert_eq!(s.stats().sqn_boot_windows, 1);
}
