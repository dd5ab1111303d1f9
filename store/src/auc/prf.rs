//! The EAP-AKA' key schedule: PRF' and the split of MK (RFC 5448 §3.3 and §3.4.1, unchanged in
//! RFC 9048).
//!
//! ```text
//! PRF'(K,S) = T1 | T2 | T3 | T4 | ...
//!   T1 = HMAC-SHA-256 (K, S | 0x01)
//!   T2 = HMAC-SHA-256 (K, T1 | S | 0x02)
//!   ...
//! MK = PRF'(IK'|CK',"EAP-AKA'"|Identity)
//! K_encr = MK[0..127]  K_aut = MK[128..383]  K_re = MK[384..639]
//! MSK = MK[640..1151]  EMSK = MK[1152..1663]
//! ```
//!
//! The HSS hands CK'/IK' to the 3GPP AAA server over SWx; the AAA server runs this schedule.
//! It lives here so both ends of the chain are tested against the RFC's vectors.

use super::bytes::{concat, sub};
use super::kdf::hmac_sha256;

/// The label that starts S in the MK derivation.
const LABEL: &[u8] = b"EAP-AKA'";
/// MK is 1664 bits = 208 octets; seven 32-octet PRF' blocks cover it.
const MK_BLOCKS: usize = 7;
const MK_LEN: usize = MK_BLOCKS * 32;

/// The keys EAP-AKA' derives from MK.
#[derive(Clone, PartialEq, Eq)]
pub struct EapAkaPrimeKeys {
    /// K_encr (128 bits), for AT_ENCR_DATA.
    pub k_encr: [u8; 16],
    /// K_aut (256 bits), for AT_MAC with HMAC-SHA-256-128.
    pub k_aut: [u8; 32],
    /// K_re (256 bits), for fast re-authentication.
    pub k_re: [u8; 32],
    /// MSK (512 bits), exported to the authenticator.
    pub msk: [u8; 64],
    /// EMSK (512 bits).
    pub emsk: [u8; 64],
}

impl core::fmt::Debug for EapAkaPrimeKeys {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("EapAkaPrimeKeys").finish_non_exhaustive()
    }
}

/// MK = PRF'(IK' | CK', "EAP-AKA'" | Identity), split into K_encr, K_aut, K_re, MSK and EMSK.
///
/// `identity` is the peer identity exactly as used in the EAP exchange (RFC 5448 §3.3: the
/// identity from the last AT_IDENTITY or EAP-Response/Identity), without any terminator.
pub fn eap_aka_prime_keys(
    ik_prime: &[u8; 16],
    ck_prime: &[u8; 16],
    identity: &[u8],
) -> EapAkaPrimeKeys {
    let key: [u8; 32] = concat(ik_prime, ck_prime);
    let mut mk = [0u8; MK_LEN];
    let mut previous: Option<[u8; 32]> = None;
    for (counter, chunk) in (1u8..).zip(mk.chunks_exact_mut(32)) {
        let t = match &previous {
            None => hmac_sha256(&key, &[LABEL, identity, &[counter]]),
            Some(prev) => hmac_sha256(&key, &[prev, LABEL, identity, &[counter]]),
        };
        chunk.copy_from_slice(&t);
        previous = Some(t);
    }
    EapAkaPrimeKeys {
        k_encr: sub::<0, 16, MK_LEN>(&mk),
        k_aut: sub::<16, 32, MK_LEN>(&mk),
        k_re: sub::<48, 32, MK_LEN>(&mk),
        msk: sub::<80, 64, MK_LEN>(&mk),
        emsk: sub::<144, 64, MK_LEN>(&mk),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The split covers MK[0..1663] without gaps or overlaps.
    #[test]
    fn split_layout() {
        assert_eq!(16 + 32 + 32 + 64 + 64, 208);
        const { assert!(208 <= MK_LEN) };
        let a = eap_aka_prime_keys(&[1; 16], &[2; 16], b"id");
        let b = eap_aka_prime_keys(&[2; 16], &[1; 16], b"id");
        assert_ne!(a, b, "IK' and CK' order matters");
        assert_ne!(a, eap_aka_prime_keys(&[1; 16], &[2; 16], b"other"));
    }
}
