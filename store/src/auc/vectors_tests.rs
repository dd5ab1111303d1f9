//! Layout tests of the vectors, on TS 35.208 test set 1 (values as in
//! `store/testdata/vectors/milenage-ts35208.json`).

use super::*;
use crate::auc::{SqnConfig, sqn};

fn h<const N: usize>(s: &str) -> [u8; N] {
    hex::decode(s).expect("hex literal").try_into().expect("literal length")
}

struct Set1 {
    m: Milenage,
    rand: [u8; 16],
    sqn: [u8; 6],
    amf: [u8; 2],
}

fn set1() -> Set1 {
    Set1 {
        m: Milenage::with_op(
            &h("465b5ce8b199b49faa5f0a2ee238a6bc"),
            &h("cdc202d5123e20f62b6d676ac72cb318"),
        ),
        rand: h("23553cbe9637a89d218ae64dae47bf35"),
        sqn: h("ff9bb4d0b607"),
        amf: h("b9b9"),
    }
}

const F1: &str = "4a9ffac354dfafb3";
const F2: &str = "a54211d5e3ba50bf";
const F3: &str = "b40ba9a3c58b2a05bbf0d987b21bf8cb";
const F4: &str = "f769bcd751044604127672711c6d3441";
const F5: &str = "aa689c648370";

#[test]
fn utran_quintuplet_and_autn_layout() {
    let s = set1();
    let q = utran_vector(&s.m, &s.rand, &s.sqn, &s.amf);
    assert_eq!(q.rand, s.rand);
    assert_eq!(q.xres, h::<8>(F2));
    assert_eq!((q.ck, q.ik), (h(F3), h(F4)));
    // AUTN = SQN ⊕ AK (6) || AMF (2) || MAC-A (8)
    let concealed = xor(&s.sqn, &h::<6>(F5));
    assert_eq!(&q.autn[0..6], &concealed);
    assert_eq!(&q.autn[6..8], &s.amf);
    assert_eq!(&q.autn[8..16], &h::<8>(F1));
    assert_eq!(q.autn, autn(&concealed, &s.amf, &h(F1)));
    assert_eq!(h::<16>("55f328b43577b9b94a9ffac354dfafb3"), q.autn, "written out by hand");
}

#[test]
fn eutran_vector_layout_and_kasme() {
    let s = set1();
    let plmn = PlmnId::from_mcc_mnc("001", "01").expect("valid");
    let v = eutran_vector(&s.m, &s.rand, &s.sqn, &s.amf, &plmn);
    let q = utran_vector(&s.m, &s.rand, &s.sqn, &s.amf);
    // AMF b9b9 already has the separation bit: AUTN equals the quintuplet's.
    assert_eq!(v.autn, q.autn);
    assert_eq!((v.rand, v.xres), (s.rand, q.xres));
    assert_eq!(v.kasme, kasme(&q.ck, &q.ik, &plmn, &xor(&s.sqn, &h(F5))));
}

#[test]
fn eutran_forces_separation_bit() {
    let s = set1();
    let plmn = PlmnId::from_mcc_mnc("001", "01").expect("valid");
    let v = eutran_vector(&s.m, &s.rand, &s.sqn, &[0x00, 0x00], &plmn);
    assert_eq!(&v.autn[6..8], &[0x80, 0x00]);
    assert_eq!(&v.autn[8..16], &s.m.f1(&s.rand, &s.sqn, &[0x80, 0x00]), "MAC over the AMF sent");
    assert_eq!(with_separation_bit(&[0x12, 0x34]), [0x92, 0x34]);
}

#[test]
fn eap_aka_prime_vector_forces_separation_bit_and_binds_name() {
    let s = set1();
    let wlan = eap_aka_prime_vector(&s.m, &s.rand, &s.sqn, &[0x00, 0x01], b"WLAN").expect("ok");
    assert_eq!(&wlan.autn[6..8], &[0x80, 0x01]);
    let concealed = xor(&s.sqn, &h(F5));
    let prime = ck_ik_prime(&h(F3), &h(F4), b"WLAN", &concealed).expect("ok");
    assert_eq!((wlan.ck_prime, wlan.ik_prime), (prime.ck_prime, prime.ik_prime));
    let hrpd = eap_aka_prime_vector(&s.m, &s.rand, &s.sqn, &[0x00, 0x01], b"HRPD").expect("ok");
    assert_ne!(wlan.ck_prime, hrpd.ck_prime);
    assert_eq!(
        eap_aka_prime_vector(&s.m, &s.rand, &s.sqn, &s.amf, b""),
        Err(KdfError::EmptyNetworkName)
    );
}

/// SRES = XRES[0..4] ⊕ XRES[4..8] and Kc = CK1 ⊕ CK2 ⊕ IK1 ⊕ IK2, worked out by hand:
/// a54211d5 ⊕ e3ba50bf = 46f8416a;
/// b40ba9a3c58b2a05 ⊕ bbf0d987b21bf8cb ⊕ f769bcd751044604 ⊕ 127672711c6d3441 = eae4be823af9a08b.
#[test]
fn geran_triplet_hand_derived() {
    let s = set1();
    let t = geran_triplet(&s.m, &s.rand);
    assert_eq!(t.rand, s.rand);
    assert_eq!(t.sres, h::<4>("46f8416a"));
    assert_eq!(t.kc, h::<8>("eae4be823af9a08b"));
    let q = utran_vector(&s.m, &s.rand, &s.sqn, &s.amf);
    assert_eq!(GeranTriplet::from(&q), t, "c2/c3 on the quintuplet give the same triplet");
}

#[test]
fn ims_sip_authenticate_layout() {
    let s = set1();
    let ims = ims_aka_vector(&s.m, &s.rand, &s.sqn, &s.amf);
    let q = utran_vector(&s.m, &s.rand, &s.sqn, &s.amf);
    assert_eq!(&ims.sip_authenticate[0..16], &s.rand);
    assert_eq!(&ims.sip_authenticate[16..32], &q.autn);
    assert_eq!((ims.rand(), ims.autn()), (s.rand, q.autn));
    assert_eq!(ims.sip_authorization, q.xres);
    assert_eq!((ims.ck, ims.ik), (q.ck, q.ik));
}

#[test]
fn sqn_numbers_drive_the_vector() {
    let s = set1();
    let current = sqn::from_bytes(&s.sqn);
    let next = sqn::next(current, SqnConfig::default()).expect("fresh");
    let bytes = sqn::to_bytes(next).expect("48-bit");
    let q = utran_vector(&s.m, &s.rand, &bytes, &s.amf);
    assert_eq!(&q.autn[0..6], &xor(&bytes, &h(F5)));
}

#[test]
fn debug_shows_rand_only() {
    let s = set1();
    let q = utran_vector(&s.m, &s.rand, &s.sqn, &s.amf);
    assert_eq!(format!("{q:?}"), "UtranVector { rand: 23553cbe9637a89d218ae64dae47bf35, .. }");
    let ims = ims_aka_vector(&s.m, &s.rand, &s.sqn, &s.amf);
    assert!(format!("{ims:?}").starts_with("ImsAkaVector { rand: 23553cbe"));
}
