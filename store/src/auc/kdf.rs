//! Key derivations on HMAC-SHA-256: the 3GPP generic KDF (TS 33.220 Annex B.2), KASME for
//! E-UTRAN (TS 33.401 Annex A.2) and CK'/IK' for EAP-AKA' (TS 33.402 Annex A.2, RFC 5448 §3.3).
//!
//! TS 33.220 Annex B.2: derived key = HMAC-SHA-256(Key, S) with
//! S = FC || P0 || L0 || P1 || L1 || … || Pn || Ln, where each Li is the length of Pi in octets
//! as a 2-octet big-endian number.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::bytes::{concat, sub};
use super::plmn::PlmnId;

/// FC of the KASME derivation (TS 33.401 Annex A.2).
const FC_KASME: u8 = 0x10;
/// FC of the CK'/IK' derivation (TS 33.402 Annex A.2, RFC 5448 §3.3).
const FC_CK_IK_PRIME: u8 = 0x20;
/// L0 of KASME: the SN id is 3 octets.
const L_SN_ID: [u8; 2] = [0x00, 0x03];
/// Length of SQN ⊕ AK, "L1 = length of SQN ⊕ AK (i.e. 0x00 0x06)".
const L_SQN_XOR_AK: [u8; 2] = [0x00, 0x06];

/// Why a derivation was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KdfError {
    /// The access network name does not fit the 2-octet length field L0.
    #[error("access network name is {len} octets; L0 allows at most 65535")]
    NetworkNameTooLong {
        /// The length received.
        len: usize,
    },
    /// The access network name is empty; an empty ANID is never valid input (our policy: no
    /// access network of TS 24.302 has an empty identity).
    #[error("access network name is empty")]
    EmptyNetworkName,
}

/// CK' and IK', the EAP-AKA' replacements of CK and IK.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct CkIkPrime {
    /// CK': the first 128 bits of the KDF output.
    pub ck_prime: [u8; 16],
    /// IK': the last 128 bits of the KDF output.
    pub ik_prime: [u8; 16],
}

impl core::fmt::Debug for CkIkPrime {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CkIkPrime").finish_non_exhaustive()
    }
}

/// HMAC-SHA-256 with a 256-bit key over the concatenation of `parts`.
///
/// The key is zero-padded to the 64-octet SHA-256 block, which is exactly what HMAC does with a
/// short key (RFC 2104 §2), so the fixed-size constructor cannot fail.
pub(crate) fn hmac_sha256(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    let block: [u8; 64] = concat(key, &[0u8; 32]);
    let mut mac = Hmac::<Sha256>::new(&block.into());
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// KASME (TS 33.401 Annex A.2): "When deriving a KASME from CK and IK in the HSS … FC = 0x10,
/// P0 = SN id, L0 = length of SN id (i.e. 0x00 0x03), P1 = SQN ⊕ AK, L1 = length of SQN ⊕ AK
/// (i.e. 0x00 0x06)", with the input key CK || IK.
///
/// `sn_id` is the serving network's PLMN id, encoded as in Visited-PLMN-Id.
pub fn kasme(ck: &[u8; 16], ik: &[u8; 16], sn_id: &PlmnId, sqn_xor_ak: &[u8; 6]) -> [u8; 32] {
    let key: [u8; 32] = concat(ck, ik);
    hmac_sha256(&key, &[&[FC_KASME], sn_id.as_bytes(), &L_SN_ID, sqn_xor_ak, &L_SQN_XOR_AK])
}

/// CK' || IK' = HMAC-SHA-256(CK || IK, S) with S = FC || P0 || L0 || P1 || L1, FC = 0x20,
/// P0 = the access network name (the ANID of TS 24.302, e.g. `WLAN`), L0 = its length in two
/// octets, P1 = SQN ⊕ AK, L1 = 0x00 0x06 (TS 33.402 Annex A.2, RFC 5448 §3.3).
///
/// Fails only on an empty name or one longer than 65535 octets.
pub fn ck_ik_prime(
    ck: &[u8; 16],
    ik: &[u8; 16],
    access_network_name: &[u8],
    sqn_xor_ak: &[u8; 6],
) -> Result<CkIkPrime, KdfError> {
    if access_network_name.is_empty() {
        return Err(KdfError::EmptyNetworkName);
    }
    let len = u16::try_from(access_network_name.len())
        .map_err(|_| KdfError::NetworkNameTooLong { len: access_network_name.len() })?;
    let key: [u8; 32] = concat(ck, ik);
    let out = hmac_sha256(
        &key,
        &[&[FC_CK_IK_PRIME], access_network_name, &len.to_be_bytes(), sqn_xor_ak, &L_SQN_XOR_AK],
    );
    Ok(CkIkPrime { ck_prime: sub::<0, 16, 32>(&out), ik_prime: sub::<16, 16, 32>(&out) })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The zero-padded fixed-size key gives the same MAC as the variable-length constructor.
    #[test]
    fn padded_key_matches_variable_length_key() {
        let key = [0x0b; 32];
        let mac = hmac_sha256(&key, &[b"Hi ", b"There"]);
        let mut reference = Hmac::<Sha256>::new_from_slice(&key).expect("any key length");
        reference.update(b"Hi There");
        let expected: [u8; 32] = reference.finalize().into_bytes().into();
        assert_eq!(mac, expected);
    }

    #[test]
    fn network_name_limits() {
        let z16 = [0u8; 16];
        let z6 = [0u8; 6];
        assert_eq!(ck_ik_prime(&z16, &z16, b"", &z6), Err(KdfError::EmptyNetworkName));
        let long = vec![b'a'; 65_536];
        assert_eq!(
            ck_ik_prime(&z16, &z16, &long, &z6),
            Err(KdfError::NetworkNameTooLong { len: 65_536 })
        );
        assert!(ck_ik_prime(&z16, &z16, &long[..65_535], &z6).is_ok());
    }

    #[test]
    fn kasme_depends_on_every_input() {
        let plmn = PlmnId::from_mcc_mnc("001", "01").expect("valid");
        let other = PlmnId::from_mcc_mnc("001", "001").expect("valid");
        let base = kasme(&[1; 16], &[2; 16], &plmn, &[3; 6]);
        assert_ne!(base, kasme(&[9; 16], &[2; 16], &plmn, &[3; 6]));
        assert_ne!(base, kasme(&[1; 16], &[9; 16], &plmn, &[3; 6]));
        assert_ne!(base, kasme(&[1; 16], &[2; 16], &other, &[3; 6]));
        assert_ne!(base, kasme(&[1; 16], &[2; 16], &plmn, &[9; 6]));
    }
}
