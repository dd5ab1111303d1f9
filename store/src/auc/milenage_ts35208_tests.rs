//! MILENAGE against every test set and every field of
//! `store/testdata/vectors/milenage-ts35208.json` (3GPP TS 35.208 §4.3).

use super::milenage::{Milenage, compute_opc};
use super::test_vectors::{MILENAGE_TS35208, assert_keys, hex_field, parse};
use serde_json::Value;

const FIELDS: [&str; 13] =
    ["k", "rand", "sqn", "amf", "op", "opc", "f1", "f1star", "f2", "f5", "f3", "f4", "f5star"];

fn sets() -> Vec<Value> {
    match parse(MILENAGE_TS35208, "milenage-ts35208.json") {
        Value::Array(sets) => sets,
        other => panic!("milenage-ts35208.json: expected an array of test sets, got {other}"),
    }
}

#[test]
fn file_has_six_complete_sets() {
    let sets = sets();
    assert_eq!(sets.len(), 6, "number of test sets changed; review this test");
    for (i, set) in sets.iter().enumerate() {
        assert_keys(set, &FIELDS, &format!("set {}", i + 1));
    }
}

#[test]
fn every_set_every_field() {
    for (i, set) in sets().iter().enumerate() {
        let ctx = format!("TS 35.208 set {} of the file", i + 1);
        let c = ctx.as_str();
        let k: [u8; 16] = hex_field(set, "k", c);
        let rand: [u8; 16] = hex_field(set, "rand", c);
        let sqn: [u8; 6] = hex_field(set, "sqn", c);
        let amf: [u8; 2] = hex_field(set, "amf", c);
        let op: [u8; 16] = hex_field(set, "op", c);
        let opc: [u8; 16] = hex_field(set, "opc", c);
        let f1: [u8; 8] = hex_field(set, "f1", c);
        let f1star: [u8; 8] = hex_field(set, "f1star", c);
        let f2: [u8; 8] = hex_field(set, "f2", c);
        let f3: [u8; 16] = hex_field(set, "f3", c);
        let f4: [u8; 16] = hex_field(set, "f4", c);
        let f5: [u8; 6] = hex_field(set, "f5", c);
        let f5star: [u8; 6] = hex_field(set, "f5star", c);

        assert_eq!(compute_opc(&k, &op), opc, "{c}: OPc");
        let from_op = Milenage::with_op(&k, &op);
        assert_eq!(from_op.opc(), &opc, "{c}: OPc via with_op");

        // The same checks through both constructors.
        for (how, m) in [("new(K, OPc)", Milenage::new(&k, &opc)), ("with_op(K, OP)", from_op)] {
            assert_eq!(m.f1(&rand, &sqn, &amf), f1, "{c} {how}: f1");
            assert_eq!(m.f1_star(&rand, &sqn, &amf), f1star, "{c} {how}: f1*");
            assert_eq!(m.f2(&rand), f2, "{c} {how}: f2");
            assert_eq!(m.f3(&rand), f3, "{c} {how}: f3");
            assert_eq!(m.f4(&rand), f4, "{c} {how}: f4");
            assert_eq!(m.f5(&rand), f5, "{c} {how}: f5");
            assert_eq!(m.f5_star(&rand), f5star, "{c} {how}: f5*");

            let f = m.f2345(&rand);
            assert_eq!((f.res, f.ck, f.ik, f.ak), (f2, f3, f4, f5), "{c} {how}: f2345");
            let all = m.generate(&rand, &sqn, &amf);
            assert_eq!(
                (all.mac_a, all.res, all.ck, all.ik, all.ak),
                (f1, f2, f3, f4, f5),
                "{c} {how}: generate"
            );
        }
    }
}

/// The sets are distinct, so a test that silently read one set six times would show up.
#[test]
fn sets_are_distinct() {
    let sets = sets();
    let ks: Vec<[u8; 16]> = sets.iter().map(|s| hex_field(s, "k", "set")).collect();
    for (i, a) in ks.iter().enumerate() {
        assert!(ks[i + 1..].iter().all(|b| a != b), "duplicate K in set {}", i + 1);
    }
}
