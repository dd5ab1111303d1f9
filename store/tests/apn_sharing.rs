//! APN profiles shared by id in the object cache: 10,000 cached subscribers of one profile cost
//! one profile's bytes in the byte gauge (each entry only its reference), and a profile change
//! is seen by every cached subscriber's next lookup, what was encoded from the profile
//! included, with no backend read.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use common::*;
use store::keys::Kind;
use store::{
    ApnProfile, Backend, BackendError, Durability, Encoded, Entries, Imsi, MemStore, PgwIdentity,
    Store, StoreConfig, StoreError, UpdateFn, UpdateManyFn, WriteBatch,
};

/// Cached subscribers of one profile.
const USERS: u64 = 10_000;

/// Memory counting its reads.
#[derive(Debug)]
struct Counted {
    inner: MemStore,
    reads: Arc<AtomicU64>,
}

impl Backend for Counted {
    fn get(&self, kind: Kind, key: &[u8]) -> Result<Option<Vec<u8>>, BackendError> {
        self.reads.fetch_add(1, Ordering::Relaxed);
        self.inner.get(kind, key)
    }

    fn multi_get(&self, kind: Kind, keys: &[&[u8]]) -> Result<Vec<Option<Vec<u8>>>, BackendError> {
        self.reads.fetch_add(1, Ordering::Relaxed);
        self.inner.multi_get(kind, keys)
    }

    fn write(&self, batch: &WriteBatch, durability: Durability) -> Result<(), BackendError> {
        self.inner.write(batch, durability)
    }

    fn update(
        &self,
        kind: Kind,
        key: &[u8],
        durability: Durability,
        f: &mut UpdateFn<'_>,
    ) -> Result<(), StoreError> {
        self.inner.update(kind, key, durability, f)
    }

    fn update_many(
        &self,
        kind: Kind,
        keys: &[&[u8]],
        durability: Durability,
        f: &mut UpdateManyFn<'_>,
    ) -> Result<(), StoreError> {
        self.inner.update_many(kind, keys, durability, f)
    }

    fn scan(
        &self,
        kind: Kind,
        prefix: &[u8],
        skip: usize,
        limit: usize,
        out: &mut Entries,
    ) -> Result<(), BackendError> {
        self.reads.fetch_add(1, Ordering::Relaxed);
        self.inner.scan(kind, prefix, skip, limit, out)
    }
}

/// APN profile 1 with every text option set, so that a copy per entry would show.
fn internet(name: &str, qci: u8) -> ApnProfile {
    let mut p = apn_profile(1, name);
    p.qci = qci;
    p.options.charging_characteristics = Some("0800".into());
    p.options.pgw = Some(PgwIdentity {
        address: None,
        host: Some("pgw1.epc.mnc001.mcc001.3gppnetwork.org".into()),
        realm: Some("epc.mnc001.mcc001.3gppnetwork.org".into()),
    });
    p
}

/// What the test's "encoder" makes of an entry: its APN profiles' names and QCIs.
fn encode(e: &store::CachedSubscriber) -> Vec<u8> {
    e.apn_profiles().iter().flat_map(|p| p.apn.bytes().chain([p.qci])).collect()
}

#[test]
fn ten_thousand_users_of_one_profile_share_it() {
    let reads = Arc::new(AtomicU64::new(0));
    let backend = Counted { inner: MemStore::new(), reads: reads.clone() };
    let s = Store::new(backend, StoreConfig::default());
    s.create_apn_profile(&internet("internet", 9)).expect("APN profile");
    let who: Vec<Imsi> = (1..=USERS)
        .map(|n| {
            let imsi = imsi(n);
            s.create_subscriber(&subscriber(imsi, None, &[1])).expect("subscriber");
            s.create_auth(imsi, &auth_data(0)).expect("auth");
            imsi
        })
        .collect();

    // The first entry brings the profile; each other adds its own bytes only.
    s.subscriber_entry(who[0].key()).expect("entry");
    let first = s.stats().cache_bytes;
    s.subscriber_entry(who[1].key()).expect("entry");
    let entry = s.stats().cache_bytes - first;
    let profile = first - entry;
    assert!(profile > 200, "the profile's bytes: {profile}");
    for &w in &who[2..] {
        s.subscriber_entry(w.key()).expect("entry");
    }
    let stats = s.stats();
    assert_eq!(stats.cache_entries, USERS);
    assert_eq!(stats.cache_bytes, USERS * entry + profile, "one profile for {USERS} users");
    let one = s.subscriber_entry(who[0].key()).expect("cached");
    let other = s.subscriber_entry(who[USERS as usize - 1].key()).expect("cached");
    assert!(std::ptr::eq(&one.apn_profiles()[0], &other.apn_profiles()[0]), "one copy");

    // Each entry encodes its answer data once, from the profile.
    for &w in &who {
        let e = s.subscriber_entry(w.key()).expect("cached");
        assert_eq!(e.encoded(Encoded::ApnConfigurationProfile, encode), b"internet\x09");
    }

    // The profile changes: every cached subscriber's next lookup sees it, from memory.
    let changed = internet("internet.mnc001.mcc001.gprs", 8);
    s.update_apn_profile(&changed).expect("update");
    let (misses, before) = (s.stats().cache_misses, reads.load(Ordering::Relaxed));
    for &w in &who {
        let e = s.subscriber_entry(w.key()).expect("still cached");
        assert_eq!(e.apn_profiles()[0], changed);
        assert_eq!(e.default_apn_profile().map(|p| p.qci), Some(8));
        let encoded = e.encoded(Encoded::ApnConfigurationProfile, encode);
        assert_eq!(encoded, b"internet.mnc001.mcc001.gprs\x08", "encoded again");
    }
    assert_eq!(reads.load(Ordering::Relaxed), before, "no backend read");
    let stats = s.stats();
    assert_eq!(stats.cache_misses, misses, "no fill");
    assert_eq!(stats.cache_entries, USERS);
    let grown = (changed.apn.len() - "internet".len()) as u64;
    assert_eq!(stats.cache_bytes, USERS * entry + profile + grown, "still one profile");
}
