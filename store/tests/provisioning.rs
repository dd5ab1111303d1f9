//! Provisioning through `Store` on every backend: CRUD, distinct errors, index consistency,
//! pagination, secrets kept in, and the cache seeing every write.

mod common;

use std::time::{Duration, UNIX_EPOCH};

use common::*;
use store::{
    AuthUpdate, Entity, ImportItem, Key128, Msisdn, NodeKind, OpcSource, OperatorKey, ServingNode,
    Store, StoreError, SubscriberStatus,
};

crate::for_each_backend!(
    subscriber_crud_and_errors,
    msisdn_index_follows_every_write,
    apn_index_and_profiles_in_use,
    lists_page_with_totals,
    auth_crud_never_shows_keys,
    cache_sees_every_write,
    serving_mme_swap_and_clear,
    modify_is_read_modify_write_under_the_lock,
    apn_references_are_checked_by_name,
    import_checks_each_item_and_writes_the_rest,
    a_deleted_imsi_keeps_its_sqn_mark,
    update_auth_is_one_synced_write,
);

fn msisdn(s: &str) -> Msisdn {
    Msisdn::parse(s).expect("valid")
}

fn subscriber_crud_and_errors(s: &Store) {
    s.create_apn_profile(&apn_profile(1, "internet")).expect("apn 1");
    s.create_apn_profile(&apn_profile(2, "ims")).expect("apn 2");
    let mut sub = subscriber(imsi(1), Some("491700000001"), &[1, 2]);
    s.create_subscriber(&sub).expect("create");
    assert_eq!(s.subscriber(imsi(1)).expect("read").subscriber, sub);
    assert!(matches!(
        s.create_subscriber(&sub),
        Err(StoreError::Duplicate { entity: Entity::Subscriber, field: "imsi" })
    ));

    let other = subscriber(imsi(2), Some("491700000001"), &[1]);
    assert!(matches!(
        s.create_subscriber(&other),
        Err(StoreError::Duplicate { entity: Entity::Subscriber, field: "msisdn" })
    ));
    let dangling = subscriber(imsi(2), None, &[7]);
    assert!(
        matches!(s.create_subscriber(&dangling), Err(StoreError::Invalid(f)) if f.field == "apns")
    );
    let mut bad = subscriber(imsi(2), None, &[1]);
    bad.default_apn = apn_id(2);
    assert!(
        matches!(s.create_subscriber(&bad), Err(StoreError::Invalid(f)) if f.field == "default_apn")
    );

    sub.status = SubscriberStatus::OperatorDeterminedBarring;
    sub.roaming_allowed = true;
    s.update_subscriber(&sub).expect("update");
    assert_eq!(s.subscriber(imsi(1)).expect("read").subscriber, sub);
    assert!(matches!(
        s.update_subscriber(&subscriber(imsi(3), None, &[1])),
        Err(StoreError::NotFound(Entity::Subscriber))
    ));

    s.delete_subscriber(imsi(1)).expect("delete");
    assert!(matches!(s.subscriber(imsi(1)), Err(StoreError::NotFound(Entity::Subscriber))));
    assert!(matches!(s.delete_subscriber(imsi(1)), Err(StoreError::NotFound(Entity::Subscriber))));
    s.create_subscriber(&sub).expect("the IMSI is free again");
}

fn msisdn_index_follows_every_write(s: &Store) {
    s.create_apn_profile(&apn_profile(1, "internet")).expect("apn");
    let mut sub = subscriber(imsi(1), Some("111"), &[1]);
    s.create_subscriber(&sub).expect("create");
    assert_eq!(s.imsi_of(msisdn("111")).expect("index"), Some(imsi(1)));
    assert_eq!(s.subscriber_by_msisdn(msisdn("111")).expect("by msisdn").subscriber, sub);

    sub.msisdn = Some(msisdn("222"));
    s.update_subscriber(&sub).expect("renumber");
    assert_eq!(s.imsi_of(msisdn("111")).expect("index"), None);
    assert_eq!(s.imsi_of(msisdn("222")).expect("index"), Some(imsi(1)));
    s.update_subscriber(&sub).expect("same MSISDN again is not a duplicate");
    s.create_subscriber(&subscriber(imsi(2), Some("111"), &[1])).expect("old number is free");

    sub.msisdn = None;
    s.update_subscriber(&sub).expect("drop number");
    assert_eq!(s.imsi_of(msisdn("222")).expect("index"), None);
    s.delete_subscriber(imsi(2)).expect("delete");
    assert_eq!(s.imsi_of(msisdn("111")).expect("index"), None);
    assert!(matches!(
        s.subscriber_by_msisdn(msisdn("111")),
        Err(StoreError::NotFound(Entity::Subscriber))
    ));
}

fn apn_index_and_profiles_in_use(s: &Store) {
    s.create_apn_profile(&apn_profile(1, "internet")).expect("apn 1");
    s.create_apn_profile(&apn_profile(2, "ims")).expect("apn 2");
    assert!(matches!(
        s.create_apn_profile(&apn_profile(2, "other")),
        Err(StoreError::Duplicate { entity: Entity::ApnProfile, field: "id" })
    ));
    let mut bad = apn_profile(3, "x");
    bad.arp.priority_level = 0;
    assert!(
        matches!(s.create_apn_profile(&bad), Err(StoreError::Invalid(f)) if f.field == "arp.priority_level")
    );

    s.create_subscriber(&subscriber(imsi(1), None, &[1, 2])).expect("sub 1");
    s.create_subscriber(&subscriber(imsi(2), None, &[2])).expect("sub 2");
    assert_eq!(s.apn_profile_users(apn_id(2), 0, 10).expect("users"), [imsi(1), imsi(2)]);
    assert_eq!(s.apn_profile_users(apn_id(2), 1, 10).expect("users"), [imsi(2)]);
    assert!(matches!(s.delete_apn_profile(apn_id(2)), Err(StoreError::InUse(Entity::ApnProfile))));

    s.update_subscriber(&subscriber(imsi(1), None, &[1])).expect("drop apn 2");
    s.delete_subscriber(imsi(2)).expect("delete sub 2");
    assert_eq!(s.apn_profile_users(apn_id(2), 0, 10).expect("users"), []);
    assert_eq!(s.apn_profile_users(apn_id(1), 0, 10).expect("users"), [imsi(1)]);
    s.delete_apn_profile(apn_id(2)).expect("unused now");
    assert!(matches!(s.apn_profile(apn_id(2)), Err(StoreError::NotFound(Entity::ApnProfile))));
    assert!(matches!(
        s.delete_apn_profile(apn_id(2)),
        Err(StoreError::NotFound(Entity::ApnProfile))
    ));
    assert!(matches!(
        s.update_apn_profile(&apn_profile(2, "ims")),
        Err(StoreError::NotFound(Entity::ApnProfile))
    ));
}

fn lists_page_with_totals(s: &Store) {
    s.create_apn_profile(&apn_profile(1, "internet")).expect("apn");
    for n in (1..=7).rev() {
        s.create_subscriber(&subscriber(imsi(n), None, &[1])).expect("create");
        s.create_auth(imsi(n), &auth_data(n)).expect("auth");
    }
    let page = |p, size| {
        let page = s.list_subscribers(p, size).expect("list");
        assert_eq!(page.total, 7);
        page.items.into_iter().map(|r| r.subscriber.imsi).collect::<Vec<_>>()
    };
    assert_eq!(page(0, 3), [imsi(1), imsi(2), imsi(3)]);
    assert_eq!(page(2, 3), [imsi(7)]);
    assert_eq!(page(3, 3), []);
    assert!(
        matches!(s.list_subscribers(0, 0), Err(StoreError::Invalid(f)) if f.field == "page_size")
    );
    assert!(s.list_subscribers(0, store::MAX_PAGE_SIZE + 1).is_err());

    s.delete_subscriber(imsi(4)).expect("delete");
    assert_eq!(s.list_subscribers(0, 10).expect("list").total, 6);
    let auth = s.list_auth(1, 4).expect("auth list");
    assert_eq!((auth.total, auth.items.len()), (6, 2));
    assert_eq!(auth.items[0].imsi, imsi(6));
    let apns = s.list_apn_profiles(0, 10).expect("apn list");
    assert_eq!((apns.total, apns.items[0].apn.as_str()), (1, "internet"));
}

fn auth_crud_never_shows_keys(s: &Store) {
    let who = imsi(9);
    s.create_auth(who, &auth_data(77)).expect("auth before the profile is fine");
    assert!(matches!(
        s.create_auth(who, &auth_data(0)),
        Err(StoreError::Duplicate { entity: Entity::AuthData, field: "imsi" })
    ));
    let info = s.auth(who).expect("read");
    assert!(info.ki_set && info.opc_set);
    assert_eq!((info.opc_source, info.amf, info.sqn_reserved), (OpcSource::Opc, AMF, 77));
    let shown = format!("{info:?}");
    assert!(!shown.contains("465b") && !shown.contains("cd63"), "{shown}");

    let only_ki = AuthUpdate { ki: Some(Key128::new([1; 16])), ..Default::default() };
    assert!(
        matches!(s.update_auth(who, &only_ki), Err(StoreError::Invalid(f)) if f.field == "operator_key")
    );
    let op = AuthUpdate {
        operator_key: Some(OperatorKey::Op(Key128::new([2; 16]))),
        amf: Some([0x80, 0]),
        sqn: Some(5),
        ..Default::default()
    };
    s.update_auth(who, &op).expect("update");
    let info = s.auth(who).expect("read");
    assert_eq!((info.opc_source, info.amf, info.sqn_reserved), (OpcSource::Op, [0x80, 0], 5));

    s.delete_auth(who).expect("delete");
    assert!(matches!(s.auth(who), Err(StoreError::NotFound(Entity::AuthData))));
    assert!(matches!(s.delete_auth(who), Err(StoreError::NotFound(Entity::AuthData))));
    assert!(matches!(s.update_auth(who, &op), Err(StoreError::NotFound(Entity::AuthData))));
}

fn cache_sees_every_write(s: &Store) {
    let who = provision(s, 1, 0);
    s.create_apn_profile(&apn_profile(2, "ims")).expect("apn 2");
    let entry = s.subscriber_entry(who.key()).expect("load");
    assert_eq!(s.cached_count(), 1);
    assert_eq!(entry.apn_profiles()[0].apn, "internet");

    let mut sub = subscriber(who, Some("333"), &[1, 2]);
    s.update_subscriber(&sub).expect("update");
    let entry = s.subscriber_entry(who.key()).expect("reload");
    assert_eq!(entry.subscriber().msisdn, Some(msisdn("333")));
    assert_eq!(entry.apn_profiles().len(), 2);

    let mut ims = apn_profile(2, "ims");
    ims.qci = 5;
    s.update_apn_profile(&ims).expect("apn update");
    let entry = s.subscriber_entry(who.key()).expect("reload");
    assert_eq!(entry.apn_profiles()[1].qci, 5);

    sub.default_apn = apn_id(2);
    s.update_subscriber(&sub).expect("update");
    let entry = s.subscriber_entry(who.key()).expect("reload");
    assert_eq!(entry.default_apn_profile().map(|p| p.apn.as_str()), Some("ims"));

    // New keys: the next vectors must be computed with them.
    let new_opc = Key128::new([0x11; 16]);
    let update = AuthUpdate {
        ki: Some(Key128::new([0x22; 16])),
        operator_key: Some(OperatorKey::Opc(new_opc)),
        ..Default::default()
    };
    s.update_auth(who, &update).expect("rekey");
    let mut out = Vec::new();
    s.eutran_vectors(who.key(), 1, &plmn(), &mut store::SeededRand::new(1), &mut out)
        .expect("vector");
    let rekeyed = store::auc::Milenage::new(&[0x22; 16], &[0x11; 16]);
    check_eutran(&rekeyed, &AMF, &out[0]);

    s.delete_auth(who).expect("delete auth");
    assert!(!s.subscriber_entry(who.key()).expect("reload").has_auth_data());
    assert!(matches!(
        s.eutran_vectors(who.key(), 1, &plmn(), &mut store::SeededRand::new(1), &mut out),
        Err(StoreError::NoAuthData)
    ));
    s.create_auth(who, &auth_data(0)).expect("auth again");
    assert!(s.subscriber_entry(who.key()).expect("reload").has_auth_data());

    s.delete_subscriber(who).expect("delete");
    assert!(matches!(s.subscriber_entry(who.key()), Err(StoreError::UnknownSubscriber)));
    assert_eq!(s.cached_count(), 0);
}

fn serving_mme_swap_and_clear(s: &Store) {
    let who = provision(s, 1, 0);
    let mme = |host: &str| ServingNode {
        host: host.into(),
        realm: "epc.mnc001.mcc001.3gppnetwork.org".into(),
        updated_at: UNIX_EPOCH + Duration::from_millis(1_750_000_000_000),
        rat_type: None,
    };
    s.subscriber_entry(who.key()).expect("cached");
    assert_eq!(
        s.update_serving_node(who.key(), NodeKind::Mme, mme("mme1").borrowed()).expect("ulr"),
        None
    );
    assert_eq!(
        s.update_serving_node(who.key(), NodeKind::Mme, mme("mme2").borrowed()).expect("ulr"),
        Some(mme("mme1"))
    );
    // The same MME again, in other letter case: no previous one to cancel.
    assert_eq!(
        s.update_serving_node(who.key(), NodeKind::Mme, mme("MME2").borrowed()).expect("ulr"),
        None
    );
    assert_eq!(
        s.serving_node(who.key(), NodeKind::Mme).expect("read"),
        Some(mme("MME2")),
        "the record is replaced"
    );
    assert_eq!(
        s.update_serving_node(who.key(), NodeKind::Mme, mme("mme2").borrowed()).expect("ulr"),
        None
    );
    assert_eq!(s.cached_count(), 1, "a ULR leaves the cached profile alone");
    assert_eq!(s.subscriber(who).expect("read").serving_mme, Some(mme("mme2")));
    assert_eq!(
        s.clear_serving_node(who.key(), NodeKind::Mme, Some("mme1")).expect("stale pur"),
        None
    );
    assert_eq!(s.serving_node(who.key(), NodeKind::Mme).expect("read"), Some(mme("mme2")));
    // DiameterIdentities compare without regard to ASCII case (RFC 6733 §4.3.1).
    assert_eq!(
        s.clear_serving_node(who.key(), NodeKind::Mme, Some("MME2")).expect("pur"),
        Some(mme("mme2"))
    );
    assert_eq!(s.serving_node(who.key(), NodeKind::Mme).expect("read"), None);
    assert_eq!(s.clear_serving_node(who.key(), NodeKind::Mme, None).expect("nothing"), None);

    assert!(matches!(
        s.update_serving_node(imsi(99).key(), NodeKind::Mme, mme("x").borrowed()),
        Err(StoreError::UnknownSubscriber)
    ));
    assert!(
        matches!(s.update_serving_node(who.key(), NodeKind::Mme, mme("").borrowed()), Err(StoreError::Invalid(f)) if f.field == "host")
    );
    s.update_serving_node(who.key(), NodeKind::Mme, mme("mme3").borrowed()).expect("ulr");
    s.delete_subscriber(who).expect("delete");
    s.create_subscriber(&subscriber(who, None, &[1])).expect("recreate");
    assert_eq!(
        s.serving_node(who.key(), NodeKind::Mme).expect("read"),
        None,
        "gone with the subscriber"
    );
}

fn modify_is_read_modify_write_under_the_lock(s: &Store) {
    s.create_apn_profile(&apn_profile(1, "internet")).expect("apn 1");
    s.create_apn_profile(&apn_profile(3, "ims")).expect("apn 3");
    assert_eq!(s.free_apn_id().expect("free id").get(), 2, "the lowest gap");
    s.create_subscriber(&subscriber(imsi(1), Some("111"), &[1])).expect("create");

    let written = s
        .modify_subscriber(imsi(1), |sub| {
            sub.msisdn = Some(msisdn("222"));
            sub.imsi = imsi(9); // ignored: the IMSI is the key
            Ok(())
        })
        .expect("modify");
    assert_eq!((written.imsi, written.msisdn), (imsi(1), Some(msisdn("222"))));
    assert_eq!(s.imsi_of(msisdn("222")).expect("index"), Some(imsi(1)), "indexes follow");
    assert_eq!(s.imsi_of(msisdn("111")).expect("index"), None);
    let refused = s.modify_subscriber(imsi(1), |_| Err(StoreError::InUse(Entity::Subscriber)));
    assert!(matches!(refused, Err(StoreError::InUse(_))), "the closure's error comes back");
    let invalid = s.modify_subscriber(imsi(1), |sub| {
        sub.apns.clear();
        Ok(())
    });
    assert!(matches!(invalid, Err(StoreError::Invalid(f)) if f.field == "apns"));
    assert_eq!(s.subscriber(imsi(1)).expect("read").subscriber.apns.len(), 1, "unchanged");
    assert!(matches!(
        s.modify_subscriber(imsi(5), |_| Ok(())),
        Err(StoreError::NotFound(Entity::Subscriber))
    ));

    let p = s
        .modify_apn_profile(apn_id(3), |p| {
            p.qci = 5;
            Ok(())
        })
        .expect("modify APN");
    assert_eq!((p.id.get(), p.qci), (3, 5));
    assert_eq!(s.apn_profile(apn_id(3)).expect("read").qci, 5);
    assert!(matches!(
        s.modify_apn_profile(apn_id(2), |_| Ok(())),
        Err(StoreError::NotFound(Entity::ApnProfile))
    ));

    // Many threads each set one different field: none is lost.
    std::thread::scope(|scope| {
        for t in 0..4u64 {
            scope.spawn(move || {
                for _ in 0..10 {
                    s.modify_subscriber(imsi(1), |sub| {
                        match t {
                            0 => sub.ue_ambr.uplink += 1,
                            1 => sub.ue_ambr.downlink += 1,
                            2 => sub.roaming_allowed = !sub.roaming_allowed,
                            _ => sub.status = SubscriberStatus::OperatorDeterminedBarring,
                        }
                        Ok(())
                    })
                    .expect("modify");
                }
            });
        }
    });
    let before = subscriber(imsi(1), None, &[1]);
    let after = s.subscriber(imsi(1)).expect("read").subscriber;
    assert_eq!(after.ue_ambr.uplink, before.ue_ambr.uplink + 10);
    assert_eq!(after.ue_ambr.downlink, before.ue_ambr.downlink + 10);
    assert_eq!(after.roaming_allowed, before.roaming_allowed, "toggled an even number of times");
    assert_eq!(after.status, SubscriberStatus::OperatorDeterminedBarring);
}

fn apn_references_are_checked_by_name(s: &Store) {
    s.create_apn_profile(&apn_profile(1, "internet")).expect("apn 1");
    s.create_apn_profile(&apn_profile(2, "Internet")).expect("apn 2: same APN, other QoS");
    s.create_apn_profile(&apn_profile(3, "*")).expect("apn 3: wildcard");
    let twice = subscriber(imsi(1), None, &[1, 2]);
    assert!(
        matches!(s.create_subscriber(&twice), Err(StoreError::Invalid(f)) if f.field == "apns"),
        "two profiles of one APN"
    );
    let mut wildcard = subscriber(imsi(1), None, &[1, 3]);
    wildcard.default_apn = apn_id(3);
    assert!(
        matches!(s.create_subscriber(&wildcard), Err(StoreError::Invalid(f)) if f.field == "default_apn"),
        "the wildcard APN cannot be the default"
    );
    wildcard.default_apn = apn_id(1);
    s.create_subscriber(&wildcard).expect("the wildcard as a non-default APN");
}

fn import_checks_each_item_and_writes_the_rest(s: &Store) {
    s.create_apn_profile(&apn_profile(1, "internet")).expect("apn 1");
    s.create_subscriber(&subscriber(imsi(1), Some("111"), &[1])).expect("existing");
    let item = |n: u64, msisdn: Option<&str>, apns: &[u32], auth: bool| ImportItem {
        subscriber: subscriber(imsi(n), msisdn, apns),
        auth: auth.then(|| auth_data(100)),
    };
    let items = [
        item(2, Some("222"), &[1], true),
        item(1, None, &[1], true),        // IMSI exists in the store
        item(3, None, &[1], false),       // no keys yet: fine
        item(2, None, &[1], true),        // IMSI earlier in this import
        item(4, Some("222"), &[1], true), // MSISDN earlier in this import
        item(5, Some("111"), &[1], true), // MSISDN in the store
        item(6, None, &[9], true),        // unknown APN profile
        ImportItem {
            subscriber: store::Subscriber { apns: vec![], ..subscriber(imsi(7), None, &[1]) },
            auth: None,
        }, // invalid
    ];
    let outcomes = s.import_subscribers(&items).expect("import runs");
    let fields: Vec<Option<&str>> = outcomes
        .iter()
        .map(|o| match o {
            Ok(()) => None,
            Err(StoreError::Duplicate { field, .. }) => Some(*field),
            Err(StoreError::Invalid(f)) => Some(f.field),
            Err(e) => panic!("unexpected {e}"),
        })
        .collect();
    assert_eq!(
        fields,
        [
            None,
            Some("imsi"),
            None,
            Some("imsi"),
            Some("msisdn"),
            Some("msisdn"),
            Some("apns"),
            Some("apns")
        ]
    );
    assert_eq!(s.list_subscribers(0, 10).expect("list").total, 3, "1 existing + 2 imported");
    assert_eq!(s.list_auth(0, 10).expect("list").total, 1);
    assert_eq!(s.imsi_of(msisdn("222")).expect("index"), Some(imsi(2)));
    assert_eq!(s.apn_profile_users(apn_id(1), 0, 10).expect("users").len(), 3);
    assert_eq!(s.auth(imsi(2)).expect("auth").sqn_reserved, 100);
    assert!(matches!(s.auth(imsi(3)), Err(StoreError::NotFound(Entity::AuthData))));
    // Nothing to write: no error, nothing changes.
    let again = s.import_subscribers(&items[..1]).expect("import runs");
    assert!(matches!(again[0], Err(StoreError::Duplicate { .. })));
    assert_eq!(s.list_subscribers(0, 10).expect("list").total, 3);
}

/// The SQNs of `n` E-UTRAN vectors.
fn sqns(s: &Store, who: store::Imsi, n: usize, rand: &mut store::SeededRand) -> Vec<u64> {
    let mut out = Vec::new();
    s.eutran_vectors(who.key(), n, &plmn(), rand, &mut out).expect("vectors");
    out.iter().map(|v| check_eutran(&milenage(), &AMF, v)).collect()
}

fn mark(s: &Store, who: store::Imsi) -> u64 {
    s.auth(who).expect("auth").sqn_reserved
}

fn a_deleted_imsi_keeps_its_sqn_mark(s: &Store) {
    let who = provision(s, 1, 0);
    let mut rand = store::SeededRand::new(8);
    let mut issued = sqns(s, who, 3, &mut rand);
    let before = mark(s, who);

    // The same SIM deleted and created again: its SQNs go on above every one issued.
    s.delete_subscriber(who).expect("delete");
    provision(s, 1, 0);
    assert_eq!(mark(s, who), before, "the mark outlived the subscriber");
    issued.extend(sqns(s, who, 2, &mut rand));

    // Its keys alone, created again with a lower SQN: the mark stays.
    s.delete_auth(who).expect("delete keys");
    s.create_auth(who, &auth_data(1)).expect("keys again");
    issued.extend(sqns(s, who, 2, &mut rand));
    // A higher SQN given at creation (the card has seen more) raises it.
    let high = mark(s, who) + (1000 << 5);
    s.delete_auth(who).expect("delete keys");
    s.create_auth(who, &auth_data(high)).expect("keys again");
    assert_eq!(mark(s, who), high);
    issued.extend(sqns(s, who, 1, &mut rand));

    // An import of the same IMSI keeps it too.
    s.delete_subscriber(who).expect("delete");
    let item = ImportItem { subscriber: subscriber(who, None, &[1]), auth: Some(auth_data(0)) };
    assert!(s.import_subscribers(&[item]).expect("import")[0].is_ok());
    issued.extend(sqns(s, who, 2, &mut rand));
    assert!(issued.windows(2).all(|w| w[0] < w[1]), "never reused: {issued:x?}");

    // Only an explicit reset moves it down.
    s.update_auth(who, &AuthUpdate { sqn: Some(0), ..Default::default() }).expect("reset");
    assert_eq!(mark(s, who), 0);
    let first = sqns(s, who, 1, &mut rand)[0];
    assert_eq!(first, store::auc::sqn::next(0, store::auc::SqnConfig::default()).expect("room"));
}

fn update_auth_is_one_synced_write(s: &Store) {
    let who = provision(s, 1, 0);
    let rekey = AuthUpdate {
        ki: Some(Key128::new([0x22; 16])),
        operator_key: Some(OperatorKey::Opc(Key128::new([0x11; 16]))),
        sqn: Some(42),
        ..Default::default()
    };
    let before = s.stats().synced_writes;
    s.update_auth(who, &rekey).expect("update");
    assert_eq!(s.stats().synced_writes - before, 1, "keys and SQN in one synced write");
    assert_eq!(mark(s, who), 42);
    let mut out = Vec::new();
    s.eutran_vectors(who.key(), 1, &plmn(), &mut store::SeededRand::new(2), &mut out)
        .expect("vector");
    let rekeyed = store::auc::Milenage::new(&[0x22; 16], &[0x11; 16]);
    assert!(check_eutran(&rekeyed, &AMF, &out[0]) > 42, "new keys, above the new SQN");

    let before = s.stats().synced_writes;
    s.update_auth(who, &AuthUpdate { amf: Some([0x80, 0]), ..Default::default() }).expect("update");
    assert_eq!(s.stats().synced_writes - before, 1);
    assert!(mark(s, who) > 42, "no SQN given: the mark stays");
}
