//! Sequence number management in the HSS, after TS 33.102 Annex C: pure functions over the
//! 48-bit SQN held in a `u64`.
//!
//! ```text
//! SQN = SEQ || IND        SEQ: 48 - b bits     IND: b bits (default b = 5)
//! ```
//!
//! The USIM keeps an array of the highest SEQ accepted per IND and accepts a SQN whose SEQ is
//! higher than the entry of its IND (Annex C.2). IND lets vectors that are used out of order
//! (several serving nodes holding vectors at once) still be accepted.
//!
//! Our scheme (the usual HSS practice): every new vector takes SEQ + 1 and the next IND,
//! IND = (IND + 1) mod 2^b. SQN therefore strictly increases until SEQ reaches its maximum;
//! then [`SqnError::Exhausted`] is returned and nothing ever wraps silently.

/// SQN is 48 bits long (TS 33.102 §6.3.7).
pub const SQN_BITS: u32 = 48;
/// The largest SQN value.
pub const SQN_MAX: u64 = (1 << SQN_BITS) - 1;
/// The default IND length in bits (32 IND values).
pub const DEFAULT_IND_BITS: u8 = 5;

/// Why a sequence number operation was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SqnError {
    /// The value does not fit in 48 bits.
    #[error("SQN {0:#x} does not fit in 48 bits")]
    OutOfRange(u64),
    /// SEQ has reached its maximum: no fresh SQN is left for this subscriber.
    #[error("SQN space exhausted: SEQ cannot be incremented")]
    Exhausted,
    /// The IND length leaves no room for SEQ.
    #[error("IND length {0} bits is out of range 0..=47")]
    InvalidIndBits(u8),
    /// SEQ does not fit in the 48 - b bits left to it.
    #[error("SEQ {seq:#x} does not fit in {bits} bits")]
    SeqOutOfRange {
        /// The SEQ given.
        seq: u64,
        /// The SEQ length in bits.
        bits: u32,
    },
    /// IND does not fit in its b bits.
    #[error("IND {ind} does not fit in {bits} bits")]
    IndOutOfRange {
        /// The IND given.
        ind: u64,
        /// The IND length in bits.
        bits: u8,
    },
}

/// The SQN layout: how many low-order bits are IND.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SqnConfig {
    ind_bits: u8,
}

impl Default for SqnConfig {
    /// 5 IND bits.
    fn default() -> Self {
        Self { ind_bits: DEFAULT_IND_BITS }
    }
}

impl SqnConfig {
    /// A layout with `ind_bits` bits of IND; at least one bit must remain for SEQ.
    pub const fn new(ind_bits: u8) -> Result<Self, SqnError> {
        if ind_bits as u32 >= SQN_BITS {
            return Err(SqnError::InvalidIndBits(ind_bits));
        }
        Ok(Self { ind_bits })
    }

    /// The IND length in bits.
    pub const fn ind_bits(self) -> u8 {
        self.ind_bits
    }

    /// The number of IND values, 2^b.
    pub const fn ind_modulus(self) -> u64 {
        1 << self.ind_bits
    }

    /// The SEQ length in bits, 48 - b.
    pub const fn seq_bits(self) -> u32 {
        SQN_BITS - self.ind_bits as u32
    }

    /// The largest SEQ value.
    pub const fn seq_max(self) -> u64 {
        SQN_MAX >> self.ind_bits
    }
}

/// SEQ and IND of one SQN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeqInd {
    /// The high-order part, incremented per vector.
    pub seq: u64,
    /// The low-order part, the USIM array index.
    pub ind: u64,
}

fn check(sqn: u64) -> Result<u64, SqnError> {
    if sqn > SQN_MAX { Err(SqnError::OutOfRange(sqn)) } else { Ok(sqn) }
}

/// Splits a SQN into SEQ and IND.
pub fn split(sqn: u64, cfg: SqnConfig) -> Result<SeqInd, SqnError> {
    let sqn = check(sqn)?;
    Ok(SeqInd { seq: sqn >> cfg.ind_bits, ind: sqn & (cfg.ind_modulus() - 1) })
}

/// Joins SEQ and IND into a SQN, refusing parts that do not fit.
pub fn join(parts: SeqInd, cfg: SqnConfig) -> Result<u64, SqnError> {
    if parts.seq > cfg.seq_max() {
        return Err(SqnError::SeqOutOfRange { seq: parts.seq, bits: cfg.seq_bits() });
    }
    if parts.ind >= cfg.ind_modulus() {
        return Err(SqnError::IndOutOfRange { ind: parts.ind, bits: cfg.ind_bits });
    }
    Ok(parts.seq << cfg.ind_bits | parts.ind)
}

/// The IND that follows `ind`, cycling through 0..2^b.
fn next_ind(ind: u64, steps: u64, cfg: SqnConfig) -> u64 {
    // ind < 2^b <= 2^47, and the modulus is a power of two, so wrapping addition then masking
    // is exact.
    ind.wrapping_add(steps) & (cfg.ind_modulus() - 1)
}

/// SEQ + `steps`, or [`SqnError::Exhausted`] past the maximum.
fn advance_seq(seq: u64, steps: u64, cfg: SqnConfig) -> Result<u64, SqnError> {
    seq.checked_add(steps).filter(|&s| s <= cfg.seq_max()).ok_or(SqnError::Exhausted)
}

/// The SQN for the next vector after `current` (the last SQN issued, or 0 for a new
/// subscriber): SEQ + 1 and IND = (IND + 1) mod 2^b.
///
/// Annex C leaves the IND allocation method to the operator; cycling IND spreads consecutive
/// vectors over the USIM array, so vectors consumed out of order by different serving nodes
/// are still accepted.
pub fn next(current: u64, cfg: SqnConfig) -> Result<u64, SqnError> {
    reserve_block(current, 1, cfg)
}

/// The SQN of the `count`-th vector after `current`, i.e. [`next`] applied `count` times
/// (`count = 0` gives `current` back).
///
/// This is the high-water mark to persist before handing out a block of `count` vectors: the
/// vectors take `next(current)`, `next(next(current))`, … up to the returned value, so after a
/// crash the HSS resumes from the persisted mark and never reuses a SQN.
pub fn reserve_block(current: u64, count: u64, cfg: SqnConfig) -> Result<u64, SqnError> {
    let SeqInd { seq, ind } = split(current, cfg)?;
    join(SeqInd { seq: advance_seq(seq, count, cfg)?, ind: next_ind(ind, count, cfg) }, cfg)
}

/// The SQN for the next vector after a verified re-synchronisation (TS 33.102 §6.3.5): SEQ =
/// max(SEQ_MS, SEQ of `current`) + 1, with the IND that the HSS would have used next after
/// `current`.
///
/// §6.3.5 resets SQN_HE to SQN_MS, which moves it down when the HSS ran ahead of the USIM.
/// This HSS never moves the mark down (a replayed AUTS must not bring back SQNs already
/// issued): the result is above both `current` and SQN_MS, the lowest such SQN. Call this only
/// after MAC-S has verified ([`crate::auc::recover_sqn_ms`]).
pub fn after_resync(sqn_ms: u64, current: u64, cfg: SqnConfig) -> Result<u64, SqnError> {
    let ms = split(sqn_ms, cfg)?;
    let he = split(current, cfg)?;
    let seq = advance_seq(ms.seq.max(he.seq), 1, cfg)?;
    join(SeqInd { seq, ind: next_ind(he.ind, 1, cfg) }, cfg)
}

/// Δ, how far a fresh SEQ may run ahead of the highest SEQ the USIM has accepted (TS 33.102
/// Annex C.2.2; 2^28, the value Annex C suggests).
pub const DELTA: u64 = 1 << 28;

/// Whether the USIM whose AUTS reported `sqn_ms` accepts `sqn`, as far as the HE can tell
/// (TS 33.102 Annex C.2.2, the check §6.3.5 step 2 asks of the HE/AuC).
///
/// SQN_MS carries the highest SEQ the USIM has accepted, SEQ_MS; the USIM's array holds, per
/// IND, a SEQ no higher. So SEQ > SEQ_MS is accepted whatever its IND, and the HE, which does
/// not know the array, asks for that (a lower SEQ may or may not be accepted, depending on
/// the IND's entry). The USIM may also refuse a SEQ more than [`DELTA`] above SEQ_MS. The age
/// limit L applies to time-based SQNs only; this HSS's SQNs are counters (Annex C.1.1), so it
/// is not checked.
pub fn usim_accepts(sqn: u64, sqn_ms: u64, cfg: SqnConfig) -> Result<bool, SqnError> {
    let seq = split(sqn, cfg)?.seq;
    let seq_ms = split(sqn_ms, cfg)?.seq;
    Ok(seq > seq_ms && seq - seq_ms <= DELTA)
}

/// The 6 octets of a SQN, most significant first, as used in AUTN and AUTS.
pub fn to_bytes(sqn: u64) -> Result<[u8; 6], SqnError> {
    let [_, _, a, b, c, d, e, f] = check(sqn)?.to_be_bytes();
    Ok([a, b, c, d, e, f])
}

/// A SQN from its 6 octets; every 6-octet value is a valid SQN.
pub fn from_bytes(bytes: &[u8; 6]) -> u64 {
    let [a, b, c, d, e, f] = *bytes;
    u64::from_be_bytes([0, 0, a, b, c, d, e, f])
}

#[cfg(test)]
#[path = "sqn_tests.rs"]
mod tests;
