//! TS 35.208 test set 1: the subscriber keys every test subscriber has (any key would do; these
//! are recognisable), the set's RAND and SQN, and the AuC (Milenage) prepared with the keys.
//!
//! Two AMFs are in use: the store's tests provision the test set's own ([`SET1_AMF`]), the
//! engine's tests and the benchmarks the E-UTRAN one ([`EUTRAN_AMF`]). Either way E-UTRAN
//! vectors carry the AMF with its separation bit set.

use store::auc::Milenage;

/// K of test set 1.
pub const K: [u8; 16] = [
    0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f, 0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc,
];

/// OP of test set 1, for tests that provision OP rather than OPc.
pub const OP: [u8; 16] = [
    0xcd, 0xc2, 0x02, 0xd5, 0x12, 0x3e, 0x20, 0xf6, 0x2b, 0x6d, 0x67, 0x6a, 0xc7, 0x2c, 0xb3, 0x18,
];

/// OPc of test set 1 (derived from [`K`] and [`OP`]).
pub const OPC: [u8; 16] = [
    0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e, 0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf,
];

/// The AMF of test set 1 (0xb9b9, separation bit already set): the store's tests provision it.
pub const SET1_AMF: [u8; 2] = [0xb9, 0xb9];

/// RAND of test set 1.
pub const SET1_RAND: [u8; 16] = [
    0x23, 0x55, 0x3c, 0xbe, 0x96, 0x37, 0xa8, 0x9d, 0x21, 0x8a, 0xe6, 0x4d, 0xae, 0x47, 0xbf, 0x35,
];

/// SQN of test set 1.
pub const SET1_SQN: [u8; 6] = [0xff, 0x9b, 0xb4, 0xd0, 0xb6, 0x07];

/// The AMF an HSS provisions for E-UTRAN: the separation bit alone (0x8000). What
/// [`SubSpec::new`](crate::provision::SubSpec::new) provisions.
pub const EUTRAN_AMF: [u8; 2] = [0x80, 0x00];

/// Milenage prepared with [`K`] and [`OPC`].
pub fn milenage() -> Milenage {
    Milenage::new(&K, &OPC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opc_is_derived_from_k_and_op() {
        assert_eq!(store::auc::compute_opc(&K, &OP), OPC);
    }
}
