//! Re-synchronisation: recovering SQN_MS from AUTS (TS 33.102 §6.3.3 and §6.3.5).
//!
//! On a synchronisation failure the USIM answers with
//!
//! ```text
//! AUTS = Conc(SQN_MS) || MAC-S          (6 + 8 octets)
//! Conc(SQN_MS) = SQN_MS ⊕ f5*K(RAND)
//! MAC-S = f1*K(SQN_MS || RAND || AMF)
//! ```
//!
//! "The AMF used to calculate MAC-S assumes a dummy value of all zeros so that it does not need
//! to be transmitted in the clear in the re-synch message" (TS 33.102 §6.3.3). The HE/AuC
//! retrieves SQN_MS ([`claimed_sqn_ms`]), checks whether the next SQN_HE would be accepted
//! anyway ([`crate::auc::sqn::usim_accepts`]), and only if not verifies MAC-S
//! ([`recover_sqn_ms`]) and, if that succeeds, moves SQN_HE above SQN_MS (§6.3.5; see
//! [`crate::auc::sqn::after_resync`]).

use super::bytes::{concat, ct_eq, sub, xor};
use super::milenage::Milenage;
use super::sqn;

/// The dummy AMF used for MAC-S: all zeros (TS 33.102 §6.3.3).
pub const RESYNC_AMF: [u8; 2] = [0x00, 0x00];
/// Length of AUTS: Conc(SQN_MS) (6) || MAC-S (8).
pub const AUTS_LEN: usize = 14;
/// Length of RAND || AUTS as carried in Re-Synchronization-Info (S6a, TS 29.272 §7.3.15) and
/// in SIP-Authorization of a Cx MAR (TS 29.228).
pub const RESYNC_INFO_LEN: usize = 16 + AUTS_LEN;

/// Why an AUTS was refused. SQN_HE is unchanged in every case.
///
/// What a peer gets: TS 33.102 §6.3.5 step 6 has the HE/AuC send new vectors whether or not it
/// reset SQN_HE ("if the counter SQN_HE was not reset then these authentication vectors can be
/// taken from storage"), and TS 29.272 §5.2.3.1.3 has the HSS check AUTS "before sending new
/// authentication vectors"; an AUTS it does not act on is not one of the failures its result
/// codes name (DIAMETER_AUTHENTICATION_DATA_UNAVAILABLE, 4181, is for vectors that cannot be
/// produced at all). So the Diameter handlers (S6a AIR, SWx and Cx MAR) answer a refused
/// resync like any request: fresh vectors continuing SQN_HE, with Success. The USIM then
/// accepts them, or reports a new synchronisation failure with an AUTS for the new RAND,
/// which the next request resynchronises with. The REST API answers 422 `resync.refused`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ResyncError {
    /// MAC-S does not verify: the AUTS was not made by this subscriber's USIM for this RAND.
    #[error("AUTS MAC-S verification failed")]
    MacMismatch,
    /// Re-synchronisation info is not RAND (16) || AUTS (14).
    #[error("re-synchronisation info is {len} octets, expected 30 (RAND || AUTS)")]
    InvalidLength {
        /// The length received.
        len: usize,
    },
    /// The RAND is not among those recently issued to the subscriber (never issued, or
    /// forgotten: newer ones took its place, the cache entry was refilled, the HSS
    /// restarted): an old captured (RAND, AUTS) pair is not acted on.
    #[error("RAND was not issued to the subscriber recently")]
    UnknownRand,
    /// The RAND already served a resync: the (RAND, AUTS) pair is replayed.
    #[error("RAND already used for a resync")]
    Replayed,
    /// Too many resyncs for the subscriber in the current window.
    #[error("too many resyncs for the subscriber; try later")]
    RateLimited,
    /// The USIM is more than Δ behind SQN_HE. §6.3.5 would reset SQN_HE down to SQN_MS; this
    /// HSS never moves the SQN mark down, so only an operator reset (an explicit SQN) helps.
    #[error("USIM too far behind the HSS; an explicit SQN reset is needed")]
    WouldRewind,
}

/// SQN_MS as AUTS conceals it, *before* MAC-S is checked (§6.3.5 step 1): only for the check
/// whether SQN_HE is in range (step 2). Never adopt it without [`recover_sqn_ms`].
pub fn claimed_sqn_ms(m: &Milenage, rand: &[u8; 16], auts: &[u8; AUTS_LEN]) -> u64 {
    let concealed = sub::<0, 6, AUTS_LEN>(auts);
    sqn::from_bytes(&xor(&concealed, &m.f5_star(rand)))
}

/// Recovers SQN_MS from AUTS for the RAND it answers, verifying MAC-S with f1* and the all-zero
/// AMF. Returns SQN_MS as a 48-bit number.
pub fn recover_sqn_ms(
    m: &Milenage,
    rand: &[u8; 16],
    auts: &[u8; AUTS_LEN],
) -> Result<u64, ResyncError> {
    let concealed = sub::<0, 6, AUTS_LEN>(auts);
    let mac_s = sub::<6, 8, AUTS_LEN>(auts);
    let sqn_ms = xor(&concealed, &m.f5_star(rand));
    let expected = m.f1_star(rand, &sqn_ms, &RESYNC_AMF);
    if ct_eq(&mac_s, &expected) {
        Ok(sqn::from_bytes(&sqn_ms))
    } else {
        Err(ResyncError::MacMismatch)
    }
}

/// [`recover_sqn_ms`] on the octet string RAND || AUTS exactly as received in
/// Re-Synchronization-Info (or the SIP-Authorization AVP of a Cx MAR).
pub fn recover_sqn_ms_from_info(m: &Milenage, resync_info: &[u8]) -> Result<u64, ResyncError> {
    let info: &[u8; RESYNC_INFO_LEN] = resync_info
        .try_into()
        .map_err(|_| ResyncError::InvalidLength { len: resync_info.len() })?;
    let rand = sub::<0, 16, RESYNC_INFO_LEN>(info);
    let auts = sub::<16, AUTS_LEN, RESYNC_INFO_LEN>(info);
    recover_sqn_ms(m, &rand, &auts)
}

/// Builds AUTS as the USIM does (TS 33.102 §6.3.3). The HSS never needs this; it exists for
/// tests, simulators and benchmarks.
pub fn make_auts(m: &Milenage, rand: &[u8; 16], sqn_ms: &[u8; 6]) -> [u8; AUTS_LEN] {
    let concealed = xor(sqn_ms, &m.f5_star(rand));
    let mac_s = m.f1_star(rand, sqn_ms, &RESYNC_AMF);
    concat(&concealed, &mac_s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn milenage() -> Milenage {
        Milenage::with_op(&[0x5a; 16], &[0xa5; 16])
    }

    const RAND: [u8; 16] = [0x3c; 16];

    #[test]
    fn round_trip() {
        let m = milenage();
        for sqn_ms in [0u64, 1, 0x20, 0x1234_5678_9abc, sqn::SQN_MAX] {
            let bytes = sqn::to_bytes(sqn_ms).expect("48-bit");
            let auts = make_auts(&m, &RAND, &bytes);
            assert_eq!(recover_sqn_ms(&m, &RAND, &auts), Ok(sqn_ms));
            let info: [u8; RESYNC_INFO_LEN] = concat(&RAND, &auts);
            assert_eq!(recover_sqn_ms_from_info(&m, &info), Ok(sqn_ms));
        }
    }

    #[test]
    fn the_claimed_sqn_needs_no_mac() {
        let m = milenage();
        let mut auts = make_auts(&m, &RAND, &[0, 0, 0, 1, 2, 3]);
        auts[13] ^= 1;
        assert_eq!(claimed_sqn_ms(&m, &RAND, &auts), 0x0001_0203);
        assert_eq!(recover_sqn_ms(&m, &RAND, &auts), Err(ResyncError::MacMismatch));
    }

    #[test]
    fn auts_layout() {
        let m = milenage();
        let sqn_ms = [0, 0, 0, 0, 0x12, 0x34];
        let auts = make_auts(&m, &RAND, &sqn_ms);
        assert_eq!(sub::<0, 6, 14>(&auts), xor(&sqn_ms, &m.f5_star(&RAND)));
        assert_eq!(sub::<6, 8, 14>(&auts), m.f1_star(&RAND, &sqn_ms, &[0, 0]));
    }

    #[test]
    fn any_tampered_bit_is_rejected() {
        let m = milenage();
        let auts = make_auts(&m, &RAND, &[0, 0, 0, 1, 0, 0]);
        for i in 0..AUTS_LEN {
            for bit in 0..8 {
                let mut bad = auts;
                bad[i] ^= 1 << bit;
                assert_eq!(recover_sqn_ms(&m, &RAND, &bad), Err(ResyncError::MacMismatch));
            }
        }
    }

    #[test]
    fn wrong_rand_or_key_is_rejected() {
        let m = milenage();
        let auts = make_auts(&m, &RAND, &[0, 0, 0, 1, 0, 0]);
        assert_eq!(recover_sqn_ms(&m, &[0x3d; 16], &auts), Err(ResyncError::MacMismatch));
        let other = Milenage::with_op(&[0x5b; 16], &[0xa5; 16]);
        assert_eq!(recover_sqn_ms(&other, &RAND, &auts), Err(ResyncError::MacMismatch));
    }

    #[test]
    fn mac_s_uses_the_zero_amf() {
        let m = milenage();
        let sqn_ms = [0, 0, 0, 1, 0, 0];
        let concealed = xor(&sqn_ms, &m.f5_star(&RAND));
        let mac_with_real_amf = m.f1_star(&RAND, &sqn_ms, &[0x80, 0x00]);
        let forged: [u8; 14] = concat(&concealed, &mac_with_real_amf);
        assert_eq!(recover_sqn_ms(&m, &RAND, &forged), Err(ResyncError::MacMismatch));
    }

    #[test]
    fn info_length_is_checked() {
        let m = milenage();
        for len in [0usize, 14, 29, 31, 64] {
            let info = vec![0u8; len];
            assert_eq!(
                recover_sqn_ms_from_info(&m, &info),
                Err(ResyncError::InvalidLength { len })
            );
        }
    }
}
