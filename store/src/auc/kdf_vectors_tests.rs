//! KASME, CK'/IK', the EAP-AKA' key schedule and the MILENAGE → EAP-AKA' chain against every
//! vector and every field of `store/testdata/vectors/kdf-vectors.json`.

use super::bytes::{sub, xor};
use super::kdf::{ck_ik_prime, kasme};
use super::milenage::Milenage;
use super::plmn::PlmnId;
use super::prf::eap_aka_prime_keys;
use super::test_vectors::{
    KDF_VECTORS, MILENAGE_TS35208, array, assert_keys, field, hex_field, parse,
};
use super::vectors::{autn, eap_aka_prime_vector, eutran_vector};
use serde_json::Value;

fn file() -> Value {
    parse(KDF_VECTORS, "kdf-vectors.json")
}

#[test]
fn file_sections() {
    assert_keys(
        &file(),
        &["kasme_ts33401_a2", "eap_aka_prime_rfc5448_appendix_c", "milenage_to_aka_prime_chain"],
        "kdf-vectors.json",
    );
}

#[test]
fn kasme_every_vector() {
    let file = file();
    let section = &file["kasme_ts33401_a2"];
    assert_keys(section, &["description", "vectors"], "kasme_ts33401_a2");
    let vectors = array(section, "vectors", "kasme_ts33401_a2");
    assert_eq!(vectors.len(), 7, "number of KASME vectors changed; review this test");
    let milenage_sets = parse(MILENAGE_TS35208, "milenage-ts35208.json");
    let mut end_to_end = 0;
    for (i, v) in vectors.iter().enumerate() {
        let ctx = format!("KASME vector {}", i + 1);
        let c = ctx.as_str();
        let mut keys =
            vec!["ck", "ik", "sn_id", "sqn", "ak", "sqn_xor_ak", "kasme", "verified_against"];
        if v.get("mcc").is_some() {
            keys.extend(["mcc", "mnc"]);
        }
        assert_keys(v, &keys, c);
        assert!(!array(v, "verified_against", c).is_empty(), "{c}: provenance");

        let ck: [u8; 16] = hex_field(v, "ck", c);
        let ik: [u8; 16] = hex_field(v, "ik", c);
        let sqn: [u8; 6] = hex_field(v, "sqn", c);
        let ak: [u8; 6] = hex_field(v, "ak", c);
        let sqn_xor_ak: [u8; 6] = hex_field(v, "sqn_xor_ak", c);
        let expected: [u8; 32] = hex_field(v, "kasme", c);
        let sn_id = PlmnId::from_bytes(hex_field(v, "sn_id", c)).expect("SN id is valid BCD");

        assert_eq!(xor(&sqn, &ak), sqn_xor_ak, "{c}: sqn_xor_ak = sqn ⊕ ak");
        assert_eq!(kasme(&ck, &ik, &sn_id, &sqn_xor_ak), expected, "{c}: KASME");
        if v.get("mcc").is_some() {
            let (mcc, mnc) = (field(v, "mcc", c), field(v, "mnc", c));
            assert_eq!(PlmnId::from_mcc_mnc(mcc, mnc), Ok(sn_id), "{c}: MCC/MNC encoding");
            assert_eq!((sn_id.mcc().as_str(), sn_id.mnc().as_str()), (mcc, mnc), "{c}: decoding");
        }

        // Where CK/IK/AK are a TS 35.208 set's f3/f4/f5, run the whole E-UTRAN vector path.
        for set in milenage_sets.as_array().into_iter().flatten() {
            let m = Milenage::new(&hex_field(set, "k", c), &hex_field(set, "opc", c));
            let rand: [u8; 16] = hex_field(set, "rand", c);
            let f = m.f2345(&rand);
            if (f.ck, f.ik, f.ak) == (ck, ik, ak) {
                let v = eutran_vector(&m, &rand, &sqn, &[0x80, 0x00], &sn_id);
                assert_eq!(v.kasme, expected, "{c}: KASME through eutran_vector");
                end_to_end += 1;
            }
        }
    }
    assert_eq!(end_to_end, 6, "vectors 1-6 use TS 35.208 set 1's CK/IK/AK");
}

const AKA_PRIME_FIELDS: [&str; 17] = [
    "case",
    "identity",
    "network_name",
    "rand",
    "autn",
    "sqn_xor_ak",
    "ik",
    "ck",
    "res",
    "ck_prime",
    "ik_prime",
    "k_encr",
    "k_aut",
    "k_re",
    "msk",
    "emsk",
    "verified_against",
];

#[test]
fn eap_aka_prime_every_case() {
    let file = file();
    let section = &file["eap_aka_prime_rfc5448_appendix_c"];
    assert_keys(section, &["description", "vectors"], "eap_aka_prime_rfc5448_appendix_c");
    let cases = array(section, "vectors", "eap_aka_prime_rfc5448_appendix_c");
    assert_eq!(cases.len(), 4, "number of RFC 5448 cases changed; review this test");
    for (i, v) in cases.iter().enumerate() {
        let ctx = format!("RFC 5448 case {}", i + 1);
        let c = ctx.as_str();
        assert_keys(v, &AKA_PRIME_FIELDS, c);
        assert_eq!(v["case"].as_u64(), Some(i as u64 + 1), "{c}: case number");
        assert!(!array(v, "verified_against", c).is_empty(), "{c}: provenance");

        let autn_bytes: [u8; 16] = hex_field(v, "autn", c);
        let sqn_xor_ak: [u8; 6] = hex_field(v, "sqn_xor_ak", c);
        assert_eq!(sub::<0, 6, 16>(&autn_bytes), sqn_xor_ak, "{c}: AUTN starts with SQN ⊕ AK");
        // RAND and RES are not inputs of the key derivations; they are decoded here (length and
        // hex checked) and compared with MILENAGE in `milenage_chain_to_aka_prime` for the
        // cases the chain produces (1 and 2).
        let _: [u8; 16] = hex_field(v, "rand", c);
        let res = hex::decode(field(v, "res", c)).expect("res is hex");
        assert!((4..=16).contains(&res.len()), "{c}: RES length");

        let ck: [u8; 16] = hex_field(v, "ck", c);
        let ik: [u8; 16] = hex_field(v, "ik", c);
        let name = field(v, "network_name", c).as_bytes();
        let prime = ck_ik_prime(&ck, &ik, name, &sqn_xor_ak).expect("valid network name");
        assert_eq!(prime.ck_prime, hex_field(v, "ck_prime", c), "{c}: CK'");
        assert_eq!(prime.ik_prime, hex_field(v, "ik_prime", c), "{c}: IK'");

        let keys = eap_aka_prime_keys(
            &prime.ik_prime,
            &prime.ck_prime,
            field(v, "identity", c).as_bytes(),
        );
        assert_eq!(keys.k_encr, hex_field(v, "k_encr", c), "{c}: K_encr");
        assert_eq!(keys.k_aut, hex_field(v, "k_aut", c), "{c}: K_aut");
        assert_eq!(keys.k_re, hex_field(v, "k_re", c), "{c}: K_re");
        assert_eq!(keys.msk, hex_field(v, "msk", c), "{c}: MSK");
        assert_eq!(keys.emsk, hex_field(v, "emsk", c), "{c}: EMSK");
    }
}

#[test]
fn milenage_chain_to_aka_prime() {
    let file = file();
    let chain = &file["milenage_to_aka_prime_chain"];
    let c = "milenage_to_aka_prime_chain";
    assert_keys(
        chain,
        &["note", "k", "op", "opc", "rand", "sqn", "amf", "ak", "mac_a", "autn", "res", "ck", "ik"],
        c,
    );
    let k: [u8; 16] = hex_field(chain, "k", c);
    let op: [u8; 16] = hex_field(chain, "op", c);
    let opc: [u8; 16] = hex_field(chain, "opc", c);
    let rand: [u8; 16] = hex_field(chain, "rand", c);
    let sqn: [u8; 6] = hex_field(chain, "sqn", c);
    let amf: [u8; 2] = hex_field(chain, "amf", c);
    let ak: [u8; 6] = hex_field(chain, "ak", c);
    let mac_a: [u8; 8] = hex_field(chain, "mac_a", c);
    let autn_bytes: [u8; 16] = hex_field(chain, "autn", c);
    let res: [u8; 8] = hex_field(chain, "res", c);
    let ck: [u8; 16] = hex_field(chain, "ck", c);
    let ik: [u8; 16] = hex_field(chain, "ik", c);

    let m = Milenage::with_op(&k, &op);
    assert_eq!(m.opc(), &opc, "{c}: OPc");
    let out = Milenage::new(&k, &opc).generate(&rand, &sqn, &amf);
    assert_eq!(out.ak, ak, "{c}: AK");
    assert_eq!(out.mac_a, mac_a, "{c}: MAC-A");
    assert_eq!(out.res, res, "{c}: RES");
    assert_eq!((out.ck, out.ik), (ck, ik), "{c}: CK, IK");
    assert_eq!(autn(&xor(&sqn, &ak), &amf, &mac_a), autn_bytes, "{c}: AUTN layout");

    // The chain feeds the RFC 5448 cases whose RAND it shares (cases 1 and 2).
    let cases = array(&file["eap_aka_prime_rfc5448_appendix_c"], "vectors", c);
    let mut fed = 0;
    for v in cases.iter().filter(|v| v["rand"].as_str() == chain["rand"].as_str()) {
        let ctx = format!("{c} → case {}", v["case"]);
        let cx = ctx.as_str();
        assert_eq!(hex_field::<16>(v, "autn", cx), autn_bytes, "{cx}: AUTN");
        assert_eq!(hex_field::<8>(v, "res", cx), res, "{cx}: RES");
        assert_eq!((hex_field(v, "ck", cx), hex_field(v, "ik", cx)), (ck, ik), "{cx}: CK, IK");

        let name = field(v, "network_name", cx).as_bytes();
        let vector = eap_aka_prime_vector(&m, &rand, &sqn, &amf, name).expect("valid name");
        assert_eq!(vector.rand, rand, "{cx}: RAND");
        assert_eq!(vector.xres, res, "{cx}: XRES");
        assert_eq!(vector.autn, autn_bytes, "{cx}: AUTN (AMF c3ab already has the separation bit)");
        assert_eq!(vector.ck_prime, hex_field(v, "ck_prime", cx), "{cx}: CK'");
        assert_eq!(vector.ik_prime, hex_field(v, "ik_prime", cx), "{cx}: IK'");
        let keys = eap_aka_prime_keys(
            &vector.ik_prime,
            &vector.ck_prime,
            field(v, "identity", cx).as_bytes(),
        );
        assert_eq!(keys.msk, hex_field(v, "msk", cx), "{cx}: MSK");
        assert_eq!(keys.emsk, hex_field(v, "emsk", cx), "{cx}: EMSK");
        fed += 1;
    }
    assert_eq!(fed, 2, "{c}: the chain should feed RFC 5448 cases 1 and 2");
}
