//! The persisted SQN reservation mark, and the per-boot step that lets a subscriber's first
//! vectors after a restart come from memory (architecture: "SQN: never reuse, rarely write").
//!
//! Without the step, a subscriber's first vectors after every start need a synced write: the
//! block handed out from memory must lie above a durably recorded mark. With it, the store
//! counts its starts, and each start grants every subscriber one *boot window* of `step` SQNs
//! above what it may have handed out before, recorded once for all subscribers (the boot
//! record, one synced write at open). TS 33.102 Annex C leaves the HE free to jump SEQ forward
//! within what the USIM accepts (Δ = 2^28 by default; a step of 1000 per start is far below).
//!
//! ```text
//! boot record (Meta "sqn/boot")   : boot B, C_B = the steps of boots 1..=B added up
//! subscriber record (per IMSI)    : mark M, boot b, C_b as of boot b
//!
//! in boot B, for a record (M, b, C_b):
//!   b = B  : bound = M                                  (written this boot: no window left)
//!   b < B  : bound = M advanced by C_(B-1) - C_b SQNs   (the windows of boots b+1 .. B-1)
//!            window = the step_B SQNs after bound, once (bound + step_B, B, C_B) is written,
//!            buffered: no fsync, and the process reads it back at once.
//! ```
//!
//! Never twice, by induction over boots, with (M, b, C_b) the newest record that survived a
//! crash: every SQN handed out in boots before B is at or below that record's bound in boot
//! B. In boot b, SQNs above M only follow a newer record, synced (it survives, so it would be
//! the newest) or buffered (a window, whose record may be lost). A boot b' between b and B
//! left no record that survived, so it handed out at most its window, which lies at or below
//! M + (C_b' - C_b) ≤ M + (C_(B-1) - C_b). Within one boot, a window is opened only from a
//! record of an earlier boot, under the backend's atomic update, and the record it writes is
//! of this boot, so nobody (another cache entry of the same subscriber after an eviction
//! included) opens it twice. Steps are added up rather than multiplied so that a boot with
//! another step (or none) keeps the bound true.
//!
//! Records written before the step existed (8 octets, the mark alone) read as boot 0, C 0.

use crate::auc::sqn::{self, SqnConfig};
use crate::error::{Corrupt, StoreError};
use crate::keys::Kind;
use crate::sqn_block::{self, Block};
use crate::value::{self, Reader, Writer};

/// The schema version of a subscriber record with its boot (version 1 is the bare mark).
const MARK_V2: u8 = 2;
/// The schema version of the boot record.
const BOOT_V1: u8 = 1;

/// Where the boot record lives (`Kind::Meta`).
pub(crate) const BOOT_KEY: &[u8] = b"sqn/boot";

/// The store's start, as the marks are read and written in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Boot {
    /// This start's number, from 1; 0 when the boot record could not be read (then no
    /// bound can be computed, and every reservation fails until a restart reads it).
    pub(crate) number: u64,
    /// The steps of boots 1..=number added up.
    pub(crate) total: u64,
    /// This boot's window, in SQNs (0: none).
    pub(crate) step: u64,
}

impl Boot {
    /// The boot after the one `previous` recorded (absent: the first), with a window of `step`.
    pub(crate) fn after(previous: Option<&[u8]>, step: u64) -> Result<Self, Corrupt> {
        let (number, total) = match previous {
            None => (0, 0),
            Some(v) => {
                let mut r = Reader::new(Kind::Meta, v, BOOT_V1)?;
                let pair = (r.u64()?, r.u64()?);
                r.finish()?;
                pair
            }
        };
        let next = number.checked_add(1).ok_or(Corrupt { kind: Kind::Meta, reason: "boots" })?;
        let total = total.checked_add(step).ok_or(Corrupt { kind: Kind::Meta, reason: "steps" })?;
        Ok(Self { number: next, total, step })
    }

    /// This boot without its window: what runs when the boot record could not be written.
    /// Records of earlier boots still get their bound; nothing is handed out unrecorded.
    pub(crate) fn without_window(self) -> Self {
        Self { number: self.number, total: self.total - self.step, step: 0 }
    }

    /// The boot record to persist (synced) before any window of this boot is opened.
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new(BOOT_V1);
        w.u64(self.number).u64(self.total);
        w.finish()
    }

    /// A subscriber record of this boot.
    pub(crate) fn record(&self, mark: u64) -> Vec<u8> {
        let mut w = Writer::new(MARK_V2);
        w.u64(mark).u64(self.number).u64(self.total);
        w.finish()
    }

    /// Whether a window can be opened in this boot at all.
    pub(crate) fn has_windows(&self) -> bool {
        self.number > 0 && self.step > 0
    }
}

/// A subscriber's stored record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Record {
    mark: u64,
    boot: u64,
    total: u64,
}

impl Record {
    /// Reads a stored record (either version).
    pub(crate) fn decode(v: &[u8]) -> Result<Self, Corrupt> {
        if v.first() == Some(&value::SCALAR_V1) {
            let mark = value::decode_u64(Kind::SqnReservation, v)?;
            return Ok(Self { mark, boot: 0, total: 0 });
        }
        let mut r = Reader::new(Kind::SqnReservation, v, MARK_V2)?;
        let record = Self { mark: r.u64()?, boot: r.u64()?, total: r.u64()? };
        r.finish()?;
        Ok(record)
    }

    /// Whether this record was written in `boot` (or in a boot whose boot record was not
    /// written, which counts as the same number again).
    fn current(&self, boot: &Boot) -> bool {
        self.boot >= boot.number
    }

    /// The highest SQN that may have been handed out before this boot's window: the mark,
    /// raised by the windows of the boots since the record was written.
    pub(crate) fn bound(&self, boot: &Boot, cfg: SqnConfig) -> Result<u64, StoreError> {
        if boot.number == 0 {
            return Err(StoreError::Corrupt(Corrupt {
                kind: Kind::Meta,
                reason: "the SQN boot record could not be read at start",
            }));
        }
        if self.current(boot) {
            return Ok(self.mark);
        }
        // C_(B-1) - C_b; a record from a later total than this boot's (impossible unless the
        // boot record was lost) counts as none.
        let before = boot.total - boot.step;
        let skipped = before.saturating_sub(self.total);
        sqn::reserve_block(self.mark, skipped, cfg).map_err(|_| StoreError::SqnExhausted)
    }

    /// This boot's window when it is still unopened and holds at least `min` SQNs: the block
    /// and the record to write (buffered) before handing it out.
    pub(crate) fn window(
        &self,
        boot: &Boot,
        min: u64,
        cfg: SqnConfig,
    ) -> Result<Option<(Block, Vec<u8>)>, StoreError> {
        if !boot.has_windows() || self.current(boot) || min > boot.step {
            return Ok(None);
        }
        let bound = self.bound(boot, cfg)?;
        match sqn_block::next_block(bound, min, boot.step, cfg) {
            Ok((block, top)) => Ok(Some((block, boot.record(top)))),
            // Near the top of the SEQ space: the synced path reports it.
            Err(_) => Ok(None),
        }
    }
}

/// Decodes a stored record into its bound for `boot`, the mark every reservation and resync
/// starts from.
pub(crate) fn bound(v: &[u8], boot: &Boot, cfg: SqnConfig) -> Result<u64, StoreError> {
    Record::decode(v).map_err(StoreError::Corrupt)?.bound(boot, cfg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> SqnConfig {
        SqnConfig::default()
    }

    fn boots(steps: &[u64]) -> Vec<Boot> {
        let mut out = Vec::new();
        let mut previous: Option<Vec<u8>> = None;
        for &step in steps {
            let boot = Boot::after(previous.as_deref(), step).expect("record");
            previous = Some(boot.encode());
            out.push(boot);
        }
        out
    }

    #[test]
    fn boots_count_up_and_add_their_steps() {
        let b = boots(&[10, 0, 5]);
        assert_eq!(
            b.iter().map(|b| (b.number, b.total)).collect::<Vec<_>>(),
            [(1, 10), (2, 10), (3, 15)]
        );
        assert!(b[0].has_windows() && !b[1].has_windows());
        assert!(Boot::after(Some(&[9, 9]), 1).is_err());
    }

    #[test]
    fn a_legacy_mark_reads_as_boot_zero() {
        let r = Record::decode(&value::encode_u64(77)).expect("v1");
        assert_eq!(r, Record { mark: 77, boot: 0, total: 0 });
        let b = boots(&[4])[0];
        assert_eq!(r.bound(&b, cfg()).expect("room"), 77, "boot 1 skips no window");
        let (block, rec) = r.window(&b, 1, cfg()).expect("room").expect("a window");
        assert_eq!(block.first, sqn::next(77, cfg()).expect("room"));
        assert_eq!(block.len, 4);
        let after = Record::decode(&rec).expect("v2");
        assert_eq!(after.mark, sqn::reserve_block(77, 4, cfg()).expect("room"));
        assert_eq!(after.window(&b, 1, cfg()).expect("room"), None, "once per boot");
        assert_eq!(after.bound(&b, cfg()).expect("room"), after.mark);
    }

    #[test]
    fn unused_boots_raise_the_bound_by_their_steps() {
        let b = boots(&[4, 4, 0, 4]);
        let rec = Record::decode(&b[0].record(100)).expect("v2");
        // Boots 2 and 3 may have used 4 + 0 SQNs above 100 without a record that survived.
        let in_4 = rec.bound(&b[3], cfg()).expect("room");
        assert_eq!(in_4, sqn::reserve_block(100, 4, cfg()).expect("room"));
        let (block, _) = rec.window(&b[3], 4, cfg()).expect("room").expect("window");
        assert_eq!(block.first, sqn::next(in_4, cfg()).expect("room"));
        assert_eq!(rec.window(&b[3], 5, cfg()).expect("room"), None, "larger than the step");
        assert_eq!(rec.window(&b[2], 1, cfg()).expect("room"), None, "a boot without windows");
    }

    #[test]
    fn a_boot_not_recorded_has_no_window_but_keeps_the_bound() {
        let b = boots(&[4, 4]);
        let unrecorded = Boot::after(Some(&b[1].encode()), 4).expect("ok").without_window();
        let rec = Record::decode(&b[0].record(100)).expect("v2");
        assert_eq!(rec.window(&unrecorded, 1, cfg()).expect("room"), None);
        // Boot 2's window may have been used: the bound stays above it.
        let bound = sqn::reserve_block(100, 4, cfg()).expect("room");
        assert_eq!(rec.bound(&unrecorded, cfg()).expect("room"), bound);
        // A boot record that could not be read: no bound at all.
        assert!(rec.bound(&Boot::default(), cfg()).is_err());
    }

    #[test]
    fn garbage_is_corrupt() {
        assert!(Record::decode(&[]).is_err());
        assert!(Record::decode(&[MARK_V2, 1, 2]).is_err());
        assert!(Record::decode(&[7; 25]).is_err());
    }

    /// A model of boots with crashes: each boot opens windows and reserves synced blocks for
    /// one subscriber, each buffered record is lost or kept at the crash, and every SQN handed
    /// out is above every one before.
    /// Per boot: its step, its takes (try the window first?, SQNs), whether its buffered
    /// records survive the crash that ends it.
    type Boots = [(u64, Vec<(bool, u64)>, bool)];

    fn run(plan: &Boots) {
        let mut stored: Vec<u8> = value::encode_u64(0); // durable state
        let mut boot_rec: Option<Vec<u8>> = None;
        let mut highest = 0u64;
        for (step, takes, keep_buffered) in plan {
            let boot = Boot::after(boot_rec.as_deref(), *step).expect("record");
            boot_rec = Some(boot.encode());
            let mut seen = stored.clone(); // what the process reads (memtable)
            let mut last_synced = stored.clone();
            for &(try_window, count) in takes {
                let rec = Record::decode(&seen).expect("valid");
                let block = match rec.window(&boot, count, cfg()).expect("room") {
                    Some((block, new)) if try_window => {
                        seen = new;
                        block
                    }
                    _ => {
                        let (block, top) = sqn_block::next_block(
                            rec.bound(&boot, cfg()).expect("room"),
                            count,
                            8,
                            cfg(),
                        )
                        .expect("room");
                        seen = boot.record(top);
                        last_synced = seen.clone();
                        block
                    }
                };
                for i in 0..count.min(block.len) {
                    let s = sqn::reserve_block(block.first, i, cfg()).expect("room");
                    assert!(s > highest, "{s:#x} after {highest:#x}");
                    highest = s;
                }
            }
            stored = if *keep_buffered { seen } else { last_synced };
        }
    }

    proptest::proptest! {
        #[test]
        fn no_sqn_twice_across_crashes(
            plan in proptest::collection::vec(
                (0u64..6, proptest::collection::vec((proptest::bool::ANY, 1u64..5), 0..6),
                 proptest::bool::ANY),
                1..12),
        ) {
            run(&plan);
        }
    }
}
