//! What the store's integration tests share: everything of `testkit`, this suite's choices
//! over it (test set 1's own AMF on every subscriber, the record shape of
//! `testkit::provision::subscriber`, the home network), and each check run once per backend.
//!
//! `provision` and `auth_data` here shadow `testkit`'s functions of the same name: these are
//! the suite's, with its AMF.

#![allow(dead_code)] // each test binary uses a different subset

use store::auc::{EutranVector, Milenage, PlmnId};
use store::{AuthData, Imsi, Store};
pub use testkit::prelude::*;

/// The AMF of every subscriber of these tests: test set 1's (0xb9b9).
pub const AMF: [u8; 2] = testkit::keys::SET1_AMF;

/// Test set 1's K and OPc with [`AMF`], the card having seen `sqn`.
pub fn auth_data(sqn: u64) -> AuthData {
    testkit::provision::auth_data(AMF, sqn)
}

/// APN profile 1, then the subscriber `n` with it and auth data at `sqn`.
pub fn provision(s: &Store, n: u64, sqn: u64) -> Imsi {
    let imsi = imsi(n);
    ensure_apn_profile(s, &apn_profile(1, "internet"));
    s.create_subscriber(&subscriber(imsi, None, &[1])).expect("subscriber");
    s.create_auth(imsi, &auth_data(sqn)).expect("auth");
    imsi
}

/// The serving network of every vector here: the home network.
pub fn plmn() -> PlmnId {
    home_plmn()
}

/// Checks an E-UTRAN vector for the home network by recomputing it from its RAND and the SQN
/// in its AUTN, and returns that SQN.
pub fn check_eutran(m: &Milenage, amf: &[u8; 2], v: &EutranVector) -> u64 {
    verify_eutran(m, amf, &plmn(), v)
}

/// Instantiates `$check(&Store)` as one test per backend: RocksDB in a temporary directory,
/// and memory; SQN blocks of 4.
#[macro_export]
macro_rules! for_each_backend {
    ($($check:ident),* $(,)?) => {
        mod rocks {
            $(#[test]
            fn $check() {
                let rocks = testkit::provision::temp_rocks($crate::common::small_blocks(4));
                super::$check(&rocks.store);
            })*
        }
        mod mem {
            $(#[test]
            fn $check() {
                super::$check(&$crate::common::mem($crate::common::small_blocks(4)));
            })*
        }
    };
}
