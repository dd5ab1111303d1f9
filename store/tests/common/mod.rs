//! Helpers shared by the integration tests: sample data, backends in temporary directories,
//! and recomputation of vectors with `store::auc`.

#![allow(dead_code)] // each test binary uses a different subset

use std::net::Ipv4Addr;
use std::path::Path;

use store::auc::{self, Milenage, PlmnId};
use store::{
    Ambr, ApnAssignment, ApnId, ApnProfile, Arp, AuthData, Imsi, Key128, MemStore,
    NetworkAccessMode, OperatorKey, PdnType, RocksConfig, Store, StoreConfig, Subscriber,
    SubscriberStatus,
};

/// TS 35.208 test set 1 K and OPc: any key works, these are recognisable.
pub const KI: [u8; 16] = [
    0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f, 0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc,
];
pub const OPC: [u8; 16] = [
    0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e, 0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf,
];
pub const AMF: [u8; 2] = [0xb9, 0xb9];

pub fn imsi(n: u64) -> Imsi {
    Imsi::parse(&format!("00101{n:010}")).expect("valid IMSI")
}

pub fn apn_id(id: u32) -> ApnId {
    ApnId::new(id).expect("non-zero")
}

pub fn plmn() -> PlmnId {
    PlmnId::from_mcc_mnc("001", "01").expect("valid PLMN")
}

pub fn apn_profile(id: u32, name: &str) -> ApnProfile {
    ApnProfile {
        id: apn_id(id),
        apn: name.into(),
        qci: 9,
        arp: Arp {
            priority_level: 8,
            pre_emption_capability: false,
            pre_emption_vulnerability: true,
        },
        ambr: Ambr { uplink: 50_000_000, downlink: 100_000_000 },
        pdn_type: PdnType::Ipv4v6,
    }
}

pub fn subscriber(imsi: Imsi, msisdn: Option<&str>, apns: &[u32]) -> Subscriber {
    Subscriber {
        imsi,
        msisdn: msisdn.map(|m| store::Msisdn::parse(m).expect("valid MSISDN")),
        status: SubscriberStatus::ServiceGranted,
        network_access_mode: NetworkAccessMode::OnlyPacket,
        ue_ambr: Ambr { uplink: 10_000_000, downlink: 20_000_000 },
        apns: apns
            .iter()
            .map(|&id| ApnAssignment {
                profile: apn_id(id),
                static_ipv4: (id == 2).then_some(Ipv4Addr::new(10, 45, 0, 7)),
                static_ipv6: None,
            })
            .collect(),
        default_apn: apn_id(apns[0]),
        roaming_allowed: false,
    }
}

pub fn auth_data(sqn: u64) -> AuthData {
    AuthData {
        ki: Key128::new(KI),
        operator_key: OperatorKey::Opc(Key128::new(OPC)),
        amf: AMF,
        sqn,
    }
}

/// APN profile 1, then the subscriber `n` with it and auth data at `sqn`.
pub fn provision(s: &Store, n: u64, sqn: u64) -> Imsi {
    let imsi = imsi(n);
    match s.create_apn_profile(&apn_profile(1, "internet")) {
        Ok(()) | Err(store::StoreError::Duplicate { .. }) => {}
        Err(e) => panic!("APN profile: {e}"),
    }
    s.create_subscriber(&subscriber(imsi, None, &[1])).expect("subscriber");
    s.create_auth(imsi, &auth_data(sqn)).expect("auth");
    imsi
}

pub fn milenage() -> Milenage {
    Milenage::new(&KI, &OPC)
}

/// The SQN inside AUTN: SQN ⊕ AK with AK = f5(RAND).
pub fn sqn_in(m: &Milenage, rand: &[u8; 16], autn: &[u8; 16]) -> u64 {
    let ak = m.f5(rand);
    let concealed: [u8; 6] = autn[..6].try_into().expect("6 octets");
    let sqn: [u8; 6] = core::array::from_fn(|i| concealed[i] ^ ak[i]);
    auc::sqn::from_bytes(&sqn)
}

/// Checks an E-UTRAN vector by recomputing it from its RAND and the SQN in its AUTN, and
/// returns that SQN.
pub fn check_eutran(m: &Milenage, amf: &[u8; 2], v: &auc::EutranVector) -> u64 {
    let sqn = sqn_in(m, &v.rand, &v.autn);
    let bytes = auc::sqn::to_bytes(sqn).expect("48 bits");
    assert_eq!(*v, auc::eutran_vector(m, &v.rand, &bytes, amf, &plmn()), "vector mismatch");
    sqn
}

pub fn rocks(dir: &Path, config: StoreConfig) -> Store {
    Store::open(dir, &RocksConfig::default(), config).expect("open RocksDB")
}

pub fn mem(config: StoreConfig) -> Store {
    Store::new(MemStore::new(), config)
}

pub fn small_blocks(n: u16) -> StoreConfig {
    StoreConfig { sqn_block: n, ..StoreConfig::default() }
}

/// Instantiates `$check(&Store<_>)` as one test per backend.
#[macro_export]
macro_rules! for_each_backend {
    ($($check:ident),* $(,)?) => {
        mod rocks {
            $(#[test]
            fn $check() {
                let dir = tempfile::tempdir().expect("temp dir");
                super::$check(&$crate::common::rocks(dir.path(), $crate::common::small_blocks(4)));
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
