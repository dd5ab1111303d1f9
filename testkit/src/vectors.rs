//! Checking the vectors the HSS hands out: the SQN an AUTN conceals, an E-UTRAN vector
//! recomputed with the AuC, SQN order.

use store::auc::{self, EutranVector, Milenage, PlmnId};

use crate::keys::{EUTRAN_AMF, milenage};

/// The SQN an AUTN conceals under AK = f5(RAND), as its six octets.
pub fn concealed_sqn(m: &Milenage, rand: &[u8; 16], autn: &[u8]) -> [u8; 6] {
    let ak = m.f5(rand);
    std::array::from_fn(|i| autn[i] ^ ak[i])
}

/// The SQN an AUTN conceals under AK = f5(RAND).
pub fn sqn_in(m: &Milenage, rand: &[u8; 16], autn: &[u8]) -> u64 {
    auc::sqn::from_bytes(&concealed_sqn(m, rand, autn))
}

/// Recomputes `v` from its RAND and the SQN its AUTN conceals, with `m` and `amf` for the
/// serving network `plmn`: the AMF in AUTN (separation bit set), XRES, AUTN (MAC-A) and KASME
/// must all match. Returns the SQN.
pub fn verify_eutran(m: &Milenage, amf: &[u8; 2], plmn: &PlmnId, v: &EutranVector) -> u64 {
    let sqn = concealed_sqn(m, &v.rand, &v.autn);
    assert_eq!(v.autn[6..8], auc::with_separation_bit(amf), "AMF with the separation bit");
    let expected = auc::eutran_vector(m, &v.rand, &sqn, amf, plmn);
    assert_eq!(v.xres, expected.xres, "XRES");
    assert_eq!(v.autn, expected.autn, "AUTN");
    assert_eq!(v.kasme, expected.kasme, "KASME");
    auc::sqn::from_bytes(&sqn)
}

/// [`verify_eutran`] for a subscriber as [`SubSpec::new`](crate::provision::SubSpec::new)
/// provisions it: test set 1's K and OPc, the E-UTRAN AMF. Returns the SQN.
pub fn verify_vector(v: &EutranVector, plmn: &PlmnId) -> u64 {
    verify_eutran(&milenage(), &EUTRAN_AMF, plmn, v)
}

/// Fails unless every SQN is above the one before.
pub fn assert_strictly_increasing(sqns: &[u64]) {
    for w in sqns.windows(2) {
        assert!(w[0] < w[1], "SQN {:#x} then {:#x}", w[0], w[1]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{SET1_AMF, SET1_RAND, SET1_SQN};
    use crate::plmn::home_plmn;

    #[test]
    fn a_vector_of_the_auc_verifies_and_gives_back_its_sqn() {
        let m = milenage();
        for amf in [SET1_AMF, EUTRAN_AMF] {
            let v = auc::eutran_vector(&m, &SET1_RAND, &SET1_SQN, &amf, &home_plmn());
            assert_eq!(concealed_sqn(&m, &SET1_RAND, &v.autn), SET1_SQN);
            assert_eq!(verify_eutran(&m, &amf, &home_plmn(), &v), 0xff9b_b4d0_b607);
        }
    }

    #[test]
    #[should_panic(expected = "KASME")]
    fn a_vector_for_another_network_does_not() {
        let m = milenage();
        let v = auc::eutran_vector(&m, &[7; 16], &[0, 0, 0, 0, 0, 32], &EUTRAN_AMF, &home_plmn());
        verify_vector(&v, &crate::plmn::visited_plmn());
    }
}
