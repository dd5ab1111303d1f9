//! Conversion functions c2 and c3 that turn UMTS AKA outputs into GSM values, so that a
//! UMTS (USIM) subscriber can be authenticated over GERAN (TS 33.102 §6.8, interoperation
//! with GSM: the R99+ HLR/AuC derives the GSM triplet from the quintet with c2 and c3).
//!
//! ```text
//! c2: SRES = XRES*1 ⊕ XRES*2 ⊕ XRES*3 ⊕ XRES*4
//!     where XRES* is XRES zero-padded to 128 bits and XRES*i are its four 32-bit words
//! c3: Kc = CK1 ⊕ CK2 ⊕ IK1 ⊕ IK2
//!     where CK = CK1 || CK2 and IK = IK1 || IK2, each half 64 bits
//! ```

use super::bytes::{sub, xor};

/// c2: the 32-bit SRES from an XRES of 4 to 16 octets (TS 33.102 §6.8).
///
/// The XRES length is a type parameter checked at compile time: XRES is 32 to 128 bits long,
/// so any other length is a build error, not a run-time one. The zero
/// padding to 128 bits contributes nothing to the XOR, so the words of XRES are folded as they
/// are.
pub fn c2<const N: usize>(xres: &[u8; N]) -> [u8; 4] {
    const { assert!(N >= 4 && N <= 16, "XRES is 4 to 16 octets") };
    let mut sres = [0u8; 4];
    for (i, b) in xres.iter().enumerate() {
        sres[i % 4] ^= b;
    }
    sres
}

/// c3: the 64-bit GSM cipher key Kc = CK1 ⊕ CK2 ⊕ IK1 ⊕ IK2 (TS 33.102 §6.8).
pub fn c3(ck: &[u8; 16], ik: &[u8; 16]) -> [u8; 8] {
    let ck_halves = xor(&sub::<0, 8, 16>(ck), &sub::<8, 8, 16>(ck));
    let ik_halves = xor(&sub::<0, 8, 16>(ik), &sub::<8, 8, 16>(ik));
    xor(&ck_halves, &ik_halves)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c2_folds_words() {
        assert_eq!(c2(&[1, 2, 3, 4]), [1, 2, 3, 4]);
        assert_eq!(c2(&[1, 2, 3, 4, 1, 2, 3, 4]), [0; 4]);
        assert_eq!(c2(&[0xff, 0, 0, 0, 0x0f]), [0xf0, 0, 0, 0]);
        assert_eq!(c2(&[0x11; 16]), [0; 4]);
        assert_eq!(c2(&[0x11; 12]), [0x11; 4]);
    }

    #[test]
    fn c3_folds_halves() {
        let ck: [u8; 16] = core::array::from_fn(|i| i as u8);
        assert_eq!(c3(&ck, &ck), [0; 8]);
        assert_eq!(c3(&ck, &[0; 16]), [8; 8]);
    }
}
