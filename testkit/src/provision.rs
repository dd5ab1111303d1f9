//! Subscribers, APN profiles and keys as the tests create them, and the stores they create
//! them in: RocksDB in a temporary directory, or memory.
//!
//! Two shapes of subscriber: [`SubSpec`] is the attached UE of the S6a tests (one APN,
//! roaming allowed, the E-UTRAN AMF), [`subscriber`] the record of the store's provisioning
//! tests (any APNs, roaming not allowed). Both use the APN profile of [`apn_profile`].

use std::net::Ipv4Addr;
use std::path::Path;

use store::{
    Ambr, ApnAssignment, ApnId, ApnProfile, Arp, AuthData, ImportItem, Imsi, Key128, MemStore,
    Msisdn, NetworkAccessMode, OperatorKey, PdnType, RocksConfig, Store, StoreConfig, StoreError,
    Subscriber, SubscriberStatus,
};
use tempfile::TempDir;

use crate::keys::{EUTRAN_AMF, K, OPC};

/// The id of the APN profile every [`SubSpec`] subscriber uses.
pub const APN_ID: u32 = 1;
/// Its APN.
pub const APN_NAME: &str = "internet";
/// The QCI of every test APN profile.
pub const APN_QCI: u8 = 9;
/// The ARP priority level of every test APN profile.
pub const APN_PRIORITY: u8 = 8;
/// The APN-AMBR of every test APN profile.
pub const APN_AMBR: Ambr = Ambr { uplink: 50_000_000, downlink: 100_000_000 };
/// The UE-AMBR of a [`SubSpec`] subscriber.
pub const UE_AMBR: Ambr = Ambr { uplink: 20_000_000, downlink: 40_000_000 };

/// The `n`-th test IMSI: 00101 (the home network) followed by `n` in ten digits.
pub fn imsi(n: u64) -> Imsi {
    Imsi::parse(&format!("00101{n:010}")).expect("valid IMSI")
}

/// An APN profile id (not 0).
pub fn apn_id(id: u32) -> ApnId {
    ApnId::new(id).expect("non-zero")
}

/// The test APN profile `id` for `name`: QCI [`APN_QCI`], ARP [`APN_PRIORITY`] (may not
/// pre-empt, may be pre-empted), [`APN_AMBR`], IPv4v6.
pub fn apn_profile(id: u32, name: &str) -> ApnProfile {
    ApnProfile {
        id: apn_id(id),
        apn: name.into(),
        qci: APN_QCI,
        arp: Arp {
            priority_level: APN_PRIORITY,
            pre_emption_capability: false,
            pre_emption_vulnerability: true,
        },
        ambr: APN_AMBR,
        pdn_type: PdnType::Ipv4v6,
        options: Default::default(),
    }
}

/// Creates `profile` unless a profile with its id exists.
pub fn ensure_apn_profile(store: &Store, profile: &ApnProfile) {
    match store.create_apn_profile(profile) {
        Ok(()) | Err(StoreError::Duplicate { .. }) => {}
        Err(e) => panic!("APN profile: {e}"),
    }
}

/// The subscriber of the store's provisioning tests: service granted, packet only, UE-AMBR
/// 10/20 Mbit/s, roaming not allowed, the APN profiles `apns` (the first is the default; APN 2
/// has the static address [`static_ipv4_of`] the IMSI, unique per subscriber as the store
/// requires).
pub fn subscriber(imsi: Imsi, msisdn: Option<&str>, apns: &[u32]) -> Subscriber {
    Subscriber {
        imsi,
        msisdn: msisdn.map(|m| Msisdn::parse(m).expect("valid MSISDN")),
        status: SubscriberStatus::ServiceGranted,
        network_access_mode: NetworkAccessMode::OnlyPacket,
        ue_ambr: Ambr { uplink: 10_000_000, downlink: 20_000_000 },
        apns: apns
            .iter()
            .map(|&id| ApnAssignment {
                profile: apn_id(id),
                static_ipv4: (id == 2).then(|| static_ipv4_of(imsi)),
                static_ipv6: None,
            })
            .collect(),
        default_apn: apn_id(apns[0]),
        roaming_allowed: false,
        options: Default::default(),
    }
}

/// 10.45.x.y, x.y the IMSI's value modulo 65536: distinct for the tests' subscribers.
pub fn static_ipv4_of(imsi: Imsi) -> Ipv4Addr {
    let digits = imsi.to_string();
    let n: u64 = digits.parse().unwrap_or(0);
    let [.., x, y] = ((n % 65_536) as u16).to_be_bytes();
    Ipv4Addr::new(10, 45, x, y)
}

/// Test set 1's K and OPc with `amf`, the card having seen `sqn`.
pub fn auth_data(amf: [u8; 2], sqn: u64) -> AuthData {
    AuthData { ki: Key128::new(K), operator_key: OperatorKey::Opc(Key128::new(OPC)), amf, sqn }
}

/// A subscriber of the S6a tests: what differs between them. [`SubSpec::new`] gives the
/// defaults; change fields with struct update syntax.
#[derive(Debug, Clone)]
pub struct SubSpec {
    /// The IMSI.
    pub imsi: Imsi,
    /// The MSISDN's digits, if any.
    pub msisdn: Option<String>,
    /// Whether a visited network may serve the subscriber.
    pub roaming_allowed: bool,
    /// The static IPv4 address of the APN, if any.
    pub static_ipv4: Option<Ipv4Addr>,
    /// The AMF of the keys.
    pub amf: [u8; 2],
    /// The SQN the card has seen.
    pub sqn: u64,
}

impl SubSpec {
    /// `imsi` (digits): no MSISDN, roaming allowed, no static address, [`EUTRAN_AMF`], SQN 0.
    pub fn new(imsi: &str) -> Self {
        Self::of(Imsi::parse(imsi).expect("IMSI"))
    }

    /// [`SubSpec::new`] for a parsed IMSI.
    pub fn of(imsi: Imsi) -> Self {
        Self {
            imsi,
            msisdn: None,
            roaming_allowed: true,
            static_ipv4: None,
            amf: EUTRAN_AMF,
            sqn: 0,
        }
    }

    /// The profile: service granted, packet only, [`UE_AMBR`], APN profile [`APN_ID`] (also
    /// the default).
    pub fn subscriber(&self) -> Subscriber {
        let apn = apn_id(APN_ID);
        Subscriber {
            imsi: self.imsi,
            msisdn: self.msisdn.as_deref().map(|m| Msisdn::parse(m).expect("MSISDN")),
            status: SubscriberStatus::ServiceGranted,
            network_access_mode: NetworkAccessMode::OnlyPacket,
            ue_ambr: UE_AMBR,
            apns: vec![ApnAssignment {
                profile: apn,
                static_ipv4: self.static_ipv4,
                static_ipv6: None,
            }],
            default_apn: apn,
            roaming_allowed: self.roaming_allowed,
            options: Default::default(),
        }
    }

    /// The keys: test set 1's K and OPc, [`SubSpec::amf`], [`SubSpec::sqn`].
    pub fn auth_data(&self) -> AuthData {
        auth_data(self.amf, self.sqn)
    }

    /// Profile and keys as one item of `Store::import_subscribers`.
    pub fn import_item(&self) -> ImportItem {
        ImportItem { subscriber: self.subscriber(), auth: Some(self.auth_data()) }
    }
}

/// Creates the APN profile [`APN_ID`] (unless it exists), the subscriber and its keys.
pub fn provision(store: &Store, spec: &SubSpec) -> Imsi {
    ensure_apn_profile(store, &apn_profile(APN_ID, APN_NAME));
    store.create_subscriber(&spec.subscriber()).expect("subscriber");
    store.create_auth(spec.imsi, &spec.auth_data()).expect("auth data");
    spec.imsi
}

/// The store configuration with SQN blocks of `n`: small blocks make the tests cross them.
pub fn small_blocks(n: u16) -> StoreConfig {
    StoreConfig { sqn_block: n, ..StoreConfig::default() }
}

/// Opens (or reopens) the RocksDB store in `dir`.
pub fn rocks(dir: &Path, config: StoreConfig) -> Store {
    Store::open(dir, &RocksConfig::default(), config).expect("open RocksDB")
}

/// A store in memory.
pub fn mem(config: StoreConfig) -> Store {
    Store::new(MemStore::new(), config)
}

/// A RocksDB store in a new temporary directory, removed when this is dropped (the store is
/// closed first).
#[derive(Debug)]
pub struct TempRocks {
    /// The store.
    pub store: Store,
    /// Its directory.
    pub dir: TempDir,
}

/// A new RocksDB store in a temporary directory.
pub fn temp_rocks(config: StoreConfig) -> TempRocks {
    let dir = tempfile::tempdir().expect("temporary directory");
    TempRocks { store: rocks(dir.path(), config), dir }
}
