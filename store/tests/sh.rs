//! Sh data in the store: the repository-data sequence-number rules (TS 29.328 §6.1.2.1)
//! including the wrap from 65535 to 1, subscriptions and their expiry, AS permissions by host
//! or realm.

use std::time::{Duration, SystemTime};

use store::{
    AsPermissions, ImsSubscription, MemStore, RepositoryChange, ShSubscription, Store, StoreConfig,
    StoreError, SubscriberKey,
};

const IMPU: &str = "sip:alice@ims.example.org";

fn store_with_subscription() -> (Store, SubscriberKey) {
    let store = Store::new(MemStore::new(), StoreConfig::default());
    let sub: ImsSubscription = serde_json::from_value(serde_json::json!({
        "private_identities": [{"impi": "alice@ims.example.org", "schemes": ["SIP Digest"],
                                "digest_ha1": "0123456789abcdef0123456789abcdef"}],
        "public_identities": [{"impu": IMPU, "msisdn": "4915112345"}],
        "service_profiles": [{}]
    }))
    .expect("subscription");
    let key = store.create_ims_subscription(&sub).expect("created");
    (store, key)
}

#[test]
fn sequence_numbers_start_at_zero_step_by_one_and_wrap_to_one() {
    let (store, key) = store_with_subscription();
    let si = b"MMTEL-Services";
    let update = |seq, data: Option<&[u8]>| store.update_repository_data(key, IMPU, si, seq, data);
    assert!(matches!(update(1, Some(b"<a/>")), Err(StoreError::SequenceOutOfSync)));
    assert!(matches!(update(0, None), Err(StoreError::SequenceOutOfSync)), "nothing to delete");
    assert_eq!(update(0, Some(b"<a/>")).expect("created"), RepositoryChange::Created);
    assert!(matches!(update(0, Some(b"<b/>")), Err(StoreError::SequenceOutOfSync)));
    for seq in 1..=u16::MAX {
        assert_eq!(update(seq, Some(b"<b/>")).expect("updated"), RepositoryChange::Updated);
    }
    // After 65535 comes 1, never 0.
    assert!(matches!(update(0, Some(b"<c/>")), Err(StoreError::SequenceOutOfSync)));
    assert_eq!(update(1, Some(b"<c/>")).expect("wrapped"), RepositoryChange::Updated);
    let stored = store.repository_data(key, IMPU, si).expect("read").expect("present");
    assert_eq!((stored.sequence_number, stored.service_data.as_slice()), (1, &b"<c/>"[..]));
    // The scheme of the IMPU is compared without case.
    assert!(store.repository_data(key, "SIP:alice@ims.example.org", si).expect("read").is_some());
    assert_eq!(update(2, None).expect("deleted"), RepositoryChange::Deleted);
    assert!(store.repository_data_all(key, IMPU).expect("read").is_empty());
    assert!(matches!(
        store.update_repository_data(key, IMPU, b"", 0, Some(b"x")),
        Err(StoreError::Invalid(f)) if f.field == "service_indication"
    ));
    let big = vec![b'x'; 64 * 1024 + 1];
    assert!(
        matches!(update(0, Some(&big)), Err(StoreError::Invalid(f)) if f.field == "service_data")
    );
}

#[test]
fn subscriptions_lapse_and_permissions_fall_back_to_the_realm() {
    let (store, key) = store_with_subscription();
    let now = SystemTime::now();
    let sub = |host: &str, expiry| ShSubscription {
        impu: IMPU.into(),
        data_reference: 0,
        service_indication: b"si".to_vec(),
        as_host: host.into(),
        as_realm: "as.example.org".into(),
        expiry,
    };
    store.sh_subscribe(key, &sub("as1", Some(now + Duration::from_secs(60)))).expect("subscribed");
    store.sh_subscribe(key, &sub("as2", Some(now - Duration::from_secs(1)))).expect("subscribed");
    store.sh_subscribe(key, &sub("as3", None)).expect("subscribed");
    let live = store.sh_subscribers(key, IMPU, 0, b"si", now).expect("read");
    let hosts: Vec<&str> = live.iter().map(|s| s.as_host.as_str()).collect();
    assert_eq!(hosts, ["as1", "as3"], "the lapsed one is gone");
    assert!(
        store.sh_unsubscribe(key, IMPU, 0, b"si", "AS1").expect("removed"),
        "hosts without case"
    );
    assert!(!store.sh_unsubscribe(key, IMPU, 0, b"si", "as1").expect("read"));
    assert!(store.sh_subscribers(key, IMPU, 0, b"other", now).expect("read").is_empty());

    let realm =
        AsPermissions { name: "as.example.org".into(), udr: vec![0], pur: vec![], snr: vec![] };
    assert!(store.put_as_permissions(&realm).expect("stored"));
    let host =
        AsPermissions { name: "AS1.as.example.org".into(), udr: vec![0, 11], ..realm.clone() };
    assert!(store.put_as_permissions(&host).expect("stored"));
    let of = |h| store.as_permissions_of(h, "as.example.org").expect("read").expect("some");
    assert_eq!(of("as1.as.example.org").udr, vec![0, 11]);
    assert_eq!(of("as9.as.example.org").udr, vec![0]);
    assert_eq!(store.list_as_permissions(0, 10).expect("list").total, 2);
    let bad = AsPermissions { udr: vec![300], ..realm };
    assert!(
        matches!(store.put_as_permissions(&bad), Err(StoreError::Invalid(f)) if f.field == "udr")
    );
    assert_eq!(store.ims_key_by_msisdn("4915112345").expect("by MSISDN"), key);
}

#[test]
fn a_deleted_subscription_takes_its_sh_data_along() {
    let (store, key) = store_with_subscription();
    store.update_repository_data(key, IMPU, b"si", 0, Some(b"<a/>")).expect("created");
    let s = ShSubscription {
        impu: IMPU.into(),
        data_reference: 0,
        service_indication: b"si".to_vec(),
        as_host: "as1".into(),
        as_realm: "r".into(),
        expiry: None,
    };
    store.sh_subscribe(key, &s).expect("subscribed");
    store.delete_ims_subscription("alice@ims.example.org").expect("deleted");
    let (store2, key2) = (store, key);
    assert!(store2.repository_data(key2, IMPU, b"si").expect("read").is_none());
    assert!(
        store2.sh_subscribers(key2, IMPU, 0, b"si", SystemTime::now()).expect("read").is_empty()
    );
}
