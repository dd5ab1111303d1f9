//! Unit tests and properties of the SQN arithmetic.

use super::*;
use proptest::prelude::*;

fn cfg() -> SqnConfig {
    SqnConfig::default()
}

#[test]
fn default_layout_is_five_ind_bits() {
    let c = cfg();
    assert_eq!(c.ind_bits(), 5);
    assert_eq!(c.ind_modulus(), 32);
    assert_eq!(c.seq_bits(), 43);
    assert_eq!(c.seq_max(), (1 << 43) - 1);
}

#[test]
fn config_bounds() {
    assert!(SqnConfig::new(0).is_ok());
    assert!(SqnConfig::new(47).is_ok());
    assert_eq!(SqnConfig::new(48), Err(SqnError::InvalidIndBits(48)));
    assert_eq!(SqnConfig::new(255), Err(SqnError::InvalidIndBits(255)));
}

#[test]
fn split_and_join() {
    let parts = split(0x0000_0000_0041, cfg()).expect("48-bit");
    assert_eq!(parts, SeqInd { seq: 2, ind: 1 });
    assert_eq!(join(parts, cfg()), Ok(0x41));
    assert_eq!(split(SQN_MAX + 1, cfg()), Err(SqnError::OutOfRange(SQN_MAX + 1)));
    assert_eq!(
        join(SeqInd { seq: 1 << 43, ind: 0 }, cfg()),
        Err(SqnError::SeqOutOfRange { seq: 1 << 43, bits: 43 })
    );
    assert_eq!(
        join(SeqInd { seq: 0, ind: 32 }, cfg()),
        Err(SqnError::IndOutOfRange { ind: 32, bits: 5 })
    );
}

#[test]
fn next_increments_seq_and_cycles_ind() {
    assert_eq!(next(0, cfg()), Ok(join(SeqInd { seq: 1, ind: 1 }, cfg()).expect("fits")));
    let at_last_ind = join(SeqInd { seq: 7, ind: 31 }, cfg()).expect("fits");
    assert_eq!(
        split(next(at_last_ind, cfg()).expect("fresh"), cfg()),
        Ok(SeqInd { seq: 8, ind: 0 })
    );
}

#[test]
fn next_without_ind_bits_is_plus_one() {
    let c = SqnConfig::new(0).expect("valid");
    assert_eq!(next(41, c), Ok(42));
    assert_eq!(next(SQN_MAX, c), Err(SqnError::Exhausted));
}

#[test]
fn exhaustion_is_reported_not_wrapped() {
    let last = join(SeqInd { seq: cfg().seq_max(), ind: 3 }, cfg()).expect("fits");
    assert_eq!(next(last, cfg()), Err(SqnError::Exhausted));
    assert_eq!(next(SQN_MAX, cfg()), Err(SqnError::Exhausted));
    assert_eq!(reserve_block(0, cfg().seq_max() + 1, cfg()), Err(SqnError::Exhausted));
    assert_eq!(reserve_block(0, u64::MAX, cfg()), Err(SqnError::Exhausted));
    assert!(reserve_block(0, cfg().seq_max(), cfg()).is_ok());
    assert_eq!(next(SQN_MAX + 1, cfg()), Err(SqnError::OutOfRange(SQN_MAX + 1)));
}

#[test]
fn reserve_block_is_the_high_water_mark() {
    let start = 0x0012_3456_789a;
    assert_eq!(reserve_block(start, 0, cfg()), Ok(start));
    let mut sqn = start;
    for _ in 0..40 {
        sqn = next(sqn, cfg()).expect("fresh");
    }
    assert_eq!(reserve_block(start, 40, cfg()), Ok(sqn));
}

#[test]
fn resync_takes_seq_ms_plus_one_and_hss_ind() {
    let sqn_ms = join(SeqInd { seq: 5000, ind: 9 }, cfg()).expect("fits");
    let current = join(SeqInd { seq: 100, ind: 30 }, cfg()).expect("fits");
    let new = after_resync(sqn_ms, current, cfg()).expect("fresh");
    assert_eq!(split(new, cfg()), Ok(SeqInd { seq: 5001, ind: 31 }));
    let at_max = join(SeqInd { seq: cfg().seq_max(), ind: 0 }, cfg()).expect("fits");
    assert_eq!(after_resync(at_max, current, cfg()), Err(SqnError::Exhausted));
    assert_eq!(after_resync(1 << 48, current, cfg()), Err(SqnError::OutOfRange(1 << 48)));
    assert_eq!(after_resync(sqn_ms, 1 << 48, cfg()), Err(SqnError::OutOfRange(1 << 48)));
}

#[test]
fn resync_never_goes_below_the_hss() {
    // The USIM is behind: the HSS does not follow it down (the mark is monotonic).
    let sqn_ms = join(SeqInd { seq: 100, ind: 9 }, cfg()).expect("fits");
    let current = join(SeqInd { seq: 5000, ind: 30 }, cfg()).expect("fits");
    let new = after_resync(sqn_ms, current, cfg()).expect("fresh");
    assert_eq!(split(new, cfg()), Ok(SeqInd { seq: 5001, ind: 31 }));
    assert_eq!(new, next(current, cfg()).expect("fresh"));
}

#[test]
fn usim_acceptance_after_annex_c() {
    let at = |seq| join(SeqInd { seq, ind: 3 }, cfg()).expect("fits");
    let sqn_ms = at(1000);
    // SEQ must be above SEQ_MS, whatever the IND.
    assert_eq!(usim_accepts(at(1000), sqn_ms, cfg()), Ok(false));
    assert_eq!(usim_accepts(at(999), sqn_ms, cfg()), Ok(false));
    assert_eq!(usim_accepts(at(1001), sqn_ms, cfg()), Ok(true));
    let other_ind = join(SeqInd { seq: 1001, ind: 0 }, cfg()).expect("fits");
    assert_eq!(usim_accepts(other_ind, sqn_ms, cfg()), Ok(true));
    // And at most Δ above it.
    assert_eq!(usim_accepts(at(1000 + DELTA), sqn_ms, cfg()), Ok(true));
    assert_eq!(usim_accepts(at(1001 + DELTA), sqn_ms, cfg()), Ok(false));
    assert_eq!(usim_accepts(SQN_MAX + 1, sqn_ms, cfg()), Err(SqnError::OutOfRange(SQN_MAX + 1)));
    assert_eq!(usim_accepts(sqn_ms, SQN_MAX + 1, cfg()), Err(SqnError::OutOfRange(SQN_MAX + 1)));
}

#[test]
fn bytes_round_trip() {
    assert_eq!(to_bytes(0x0102_0304_0506), Ok([1, 2, 3, 4, 5, 6]));
    assert_eq!(from_bytes(&[0xff; 6]), SQN_MAX);
    assert_eq!(to_bytes(SQN_MAX + 1), Err(SqnError::OutOfRange(SQN_MAX + 1)));
}

fn any_cfg() -> impl Strategy<Value = SqnConfig> {
    (0u8..=47).prop_map(|b| SqnConfig::new(b).expect("in range"))
}

proptest! {
    #[test]
    fn next_is_strictly_increasing_and_48_bit(sqn in 0..=SQN_MAX, c in any_cfg()) {
        match next(sqn, c) {
            Ok(n) => {
                prop_assert!(n > sqn);
                prop_assert!(n <= SQN_MAX);
                let (before, after) = (split(sqn, c)?, split(n, c)?);
                prop_assert_eq!(after.seq, before.seq + 1);
                prop_assert_eq!(after.ind, (before.ind + 1) % c.ind_modulus());
            }
            Err(e) => {
                prop_assert_eq!(e, SqnError::Exhausted);
                prop_assert_eq!(split(sqn, c)?.seq, c.seq_max());
            }
        }
    }

    #[test]
    fn split_join_round_trip(sqn in 0..=SQN_MAX, c in any_cfg()) {
        prop_assert_eq!(join(split(sqn, c)?, c)?, sqn);
    }

    #[test]
    fn out_of_range_is_rejected(sqn in (SQN_MAX + 1)..=u64::MAX, c in any_cfg()) {
        prop_assert_eq!(next(sqn, c), Err(SqnError::OutOfRange(sqn)));
        prop_assert_eq!(to_bytes(sqn), Err(SqnError::OutOfRange(sqn)));
    }

    #[test]
    fn reserve_block_matches_repeated_next(sqn in 0..=SQN_MAX, count in 0u64..64) {
        let c = cfg();
        let mut expected = Ok(sqn);
        for _ in 0..count {
            expected = expected.and_then(|s| next(s, c));
        }
        prop_assert_eq!(reserve_block(sqn, count, c), expected);
    }

    #[test]
    fn reserve_block_stays_in_range(sqn in 0..=SQN_MAX, count in any::<u64>(), c in any_cfg()) {
        if let Ok(hwm) = reserve_block(sqn, count, c) {
            prop_assert!(hwm <= SQN_MAX);
            prop_assert!(count == 0 || hwm > sqn);
        }
    }

    #[test]
    fn resync_is_above_sqn_ms_and_current(
        sqn_ms in 0..=SQN_MAX,
        current in 0..=SQN_MAX,
        c in any_cfg(),
    ) {
        let (ms, he) = (split(sqn_ms, c)?, split(current, c)?);
        if let Ok(new) = after_resync(sqn_ms, current, c) {
            prop_assert!(new <= SQN_MAX);
            prop_assert!(new > current, "never below the HSS");
            prop_assert!(split(new, c)?.seq > ms.seq);
            prop_assert_eq!(split(new, c)?.seq, ms.seq.max(he.seq) + 1, "the lowest such SEQ");
            prop_assert_eq!(split(new, c)?.ind, (he.ind + 1) % c.ind_modulus());
        } else {
            prop_assert_eq!(ms.seq.max(he.seq), c.seq_max());
        }
    }

    #[test]
    fn a_card_ahead_accepts_the_resynced_sqn(
        sqn_ms in 0..=SQN_MAX,
        current in 0..=SQN_MAX,
        c in any_cfg(),
    ) {
        // The USIM ahead of (or level with) the HSS: the SQN after resync is one it takes.
        prop_assume!(split(sqn_ms, c)?.seq >= split(current, c)?.seq);
        if let Ok(new) = after_resync(sqn_ms, current, c) {
            prop_assert_eq!(usim_accepts(new, sqn_ms, c), Ok(true));
        }
    }

    #[test]
    fn acceptance_needs_a_fresh_seq(sqn in 0..=SQN_MAX, sqn_ms in 0..=SQN_MAX, c in any_cfg()) {
        let (seq, seq_ms) = (split(sqn, c)?.seq, split(sqn_ms, c)?.seq);
        let accepted = usim_accepts(sqn, sqn_ms, c)?;
        prop_assert_eq!(accepted, seq > seq_ms && seq - seq_ms <= DELTA);
        if seq <= seq_ms {
            prop_assert!(!accepted, "an SQN the USIM has seen (or older) is never accepted");
        }
    }

    #[test]
    fn bytes_round_trip_any(sqn in 0..=SQN_MAX) {
        prop_assert_eq!(from_bytes(&to_bytes(sqn)?), sqn);
    }
}
