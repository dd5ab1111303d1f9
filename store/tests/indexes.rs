//! The subscriber indexes on every backend: every number (primary and extra) in the MSISDN
//! index and unique across subscribers, every static address in the static IP index and
//! unique per APN profile, by create, update, modify, delete and import; and never an index
//! entry left behind: after every step the indexes are exactly what the profiles imply.

mod common;

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use common::*;
use store::keys::{self, Kind};
use store::{Entity, ImportItem, Imsi, Msisdn, Store, StoreError, Subscriber};

crate::for_each_backend!(
    extra_msisdns_are_indexed_and_unique,
    static_ips_are_unique_per_apn,
    import_keeps_both_invariants,
);

fn msisdn(s: &str) -> Msisdn {
    Msisdn::parse(s).expect("valid")
}

/// A subscriber on `apns` without static addresses, with `primary` and `extra` numbers.
fn plain(n: u64, primary: Option<&str>, extra: &[&str], apns: &[u32]) -> Subscriber {
    let mut s = subscriber(imsi(n), primary, apns);
    for a in &mut s.apns {
        a.static_ipv4 = None;
        a.static_ipv6 = None;
    }
    s.options.extra_msisdns = extra.iter().map(|m| msisdn(m)).collect();
    s
}

fn v4(last: u8) -> Ipv4Addr {
    Ipv4Addr::new(10, 45, 1, last)
}

fn v6(last: u16) -> Ipv6Addr {
    Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, last)
}

/// Sets the static addresses of the subscriber's assignment of APN profile `apn`.
fn with_ip(
    mut s: Subscriber,
    apn: u32,
    ipv4: Option<Ipv4Addr>,
    ipv6: Option<Ipv6Addr>,
) -> Subscriber {
    let a = s.apns.iter_mut().find(|a| a.profile == apn_id(apn)).expect("APN assigned");
    a.static_ipv4 = ipv4;
    a.static_ipv6 = ipv6;
    s
}

fn dup(r: Result<(), StoreError>) -> &'static str {
    match r {
        Err(StoreError::Duplicate { entity: Entity::Subscriber, field }) => field,
        other => panic!("expected a duplicate, got {other:?}"),
    }
}

/// Every raw entry of `kind`.
fn raw(s: &Store, kind: Kind) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    s.backend().scan(kind, &[], 0, 100_000, &mut out).expect("scan");
    out
}

/// The IMSI an index value holds (the value codec: a version byte, then the u64).
fn imsi_in(value: &[u8]) -> Imsi {
    let packed = u64::from_be_bytes(value[value.len() - 8..].try_into().expect("8 octets"));
    Imsi::from_packed(packed).expect("an IMSI")
}

/// Checks that the MSISDN and static IP indexes hold exactly the entries the stored
/// profiles imply (nothing missing, nothing stale), that the static IP list agrees and
/// counts them, and that every number finds its subscriber.
fn assert_indexes_exact(s: &Store) {
    let subscribers = s.list_subscribers(0, 1000).expect("list").items;
    let mut numbers = BTreeSet::new();
    let mut ips = BTreeSet::new();
    for r in &subscribers {
        let sub = &r.subscriber;
        for m in sub.options.all_msisdns(sub.msisdn) {
            assert!(numbers.insert((keys::msisdn_key(m.packed()).to_vec(), sub.imsi)), "{m} twice");
            assert_eq!(s.subscriber_by_msisdn(m).expect("by number").subscriber.imsi, sub.imsi);
        }
        for a in &sub.apns {
            let addresses = [a.static_ipv4.map(IpAddr::V4), a.static_ipv6.map(IpAddr::V6)];
            for address in addresses.into_iter().flatten() {
                let key = keys::static_ip_key(a.profile.get(), address);
                assert!(ips.insert((key, sub.imsi)), "{address} twice on one APN");
                assert_eq!(s.static_ip_holder(a.profile, address).expect("read"), Some(sub.imsi));
            }
        }
    }
    let stored = |kind| -> BTreeSet<(Vec<u8>, Imsi)> {
        raw(s, kind).into_iter().map(|(k, v)| (k, imsi_in(&v))).collect()
    };
    assert_eq!(stored(Kind::MsisdnIndex), numbers, "MSISDN index");
    assert_eq!(stored(Kind::StaticIpIndex), ips, "static IP index");
    let listed = s.list_static_ips(0, 1000).expect("list");
    assert_eq!(listed.total, ips.len() as u64, "the count");
    let listed: BTreeSet<_> = listed
        .items
        .into_iter()
        .map(|(apn, address, imsi)| (keys::static_ip_key(apn.get(), address), imsi))
        .collect();
    assert_eq!(listed, ips);
}

fn not_found(s: &Store, m: &str) -> bool {
    matches!(s.subscriber_by_msisdn(msisdn(m)), Err(StoreError::NotFound(Entity::Subscriber)))
}

fn extra_msisdns_are_indexed_and_unique(s: &Store) {
    s.create_apn_profile(&apn_profile(1, "internet")).expect("apn 1");
    let a = plain(1, Some("4910"), &["4911", "4912"], &[1]);
    s.create_subscriber(&a).expect("a");
    assert_eq!(s.subscriber_by_msisdn(msisdn("4912")).expect("by extra").subscriber, a);
    assert_indexes_exact(s);

    // Another subscriber can take none of a's numbers, as primary or extra.
    assert_eq!(dup(s.create_subscriber(&plain(2, Some("4911"), &[], &[1]))), "msisdn");
    assert_eq!(
        dup(s.create_subscriber(&plain(2, Some("4920"), &["4910"], &[1]))),
        "options.extra_msisdns"
    );
    assert_eq!(
        dup(s.create_subscriber(&plain(2, Some("4920"), &["4921", "4912"], &[1]))),
        "options.extra_msisdns"
    );
    assert!(not_found(s, "4920") && not_found(s, "4921"), "a refused create indexes nothing");
    let b = plain(2, Some("4920"), &["4921"], &[1]);
    s.create_subscriber(&b).expect("b");
    assert_indexes_exact(s);

    // Nor by an update: b taking a's extra number, a taking b's primary.
    let taken = plain(2, Some("4920"), &["4911"], &[1]);
    assert_eq!(dup(s.update_subscriber(&taken)), "options.extra_msisdns");
    let taken = plain(1, Some("4920"), &[], &[1]);
    assert_eq!(dup(s.update_subscriber(&taken)), "msisdn");
    assert_eq!(s.subscriber(imsi(2)).expect("b").subscriber, b, "unchanged");

    // a drops 4911, keeps 4912, adds 4913: 4911 is free at once.
    s.update_subscriber(&plain(1, Some("4910"), &["4912", "4913"], &[1])).expect("a changes");
    assert!(not_found(s, "4911"));
    assert_indexes_exact(s);
    s.modify_subscriber(imsi(2), |b| {
        b.options.extra_msisdns.push(msisdn("4911"));
        Ok(())
    })
    .expect("b takes the freed number");
    assert_eq!(s.subscriber_by_msisdn(msisdn("4911")).expect("by extra").subscriber.imsi, imsi(2));
    assert_indexes_exact(s);

    // A number moves between a's primary and its extras.
    s.update_subscriber(&plain(1, Some("4912"), &["4910"], &[1])).expect("swap");
    assert_indexes_exact(s);
    // The primary removed takes the extras with it (validation), then the numbers go.
    let orphan = Subscriber { msisdn: None, ..plain(1, None, &["4910"], &[1]) };
    assert!(matches!(
        s.update_subscriber(&orphan),
        Err(StoreError::Invalid(f)) if f.field == "extra_msisdns"
    ));
    s.update_subscriber(&plain(1, None, &[], &[1])).expect("no numbers");
    assert!(not_found(s, "4910") && not_found(s, "4912"));
    assert_indexes_exact(s);

    s.delete_subscriber(imsi(2)).expect("delete b");
    for m in ["4920", "4921", "4911"] {
        assert!(not_found(s, m), "{m} left behind");
    }
    assert_indexes_exact(s);
    s.create_subscriber(&plain(3, Some("4921"), &["4920"], &[1])).expect("the numbers are free");
    assert_indexes_exact(s);
}

fn static_ips_are_unique_per_apn(s: &Store) {
    s.create_apn_profile(&apn_profile(1, "internet")).expect("apn 1");
    s.create_apn_profile(&apn_profile(2, "ims")).expect("apn 2");
    let a = with_ip(plain(1, None, &[], &[1, 2]), 1, Some(v4(1)), Some(v6(1)));
    let a = with_ip(a, 2, Some(v4(2)), None);
    s.create_subscriber(&a).expect("a");
    assert_indexes_exact(s);

    // The same address on the same APN: refused, naming the assignment and family.
    let b = with_ip(plain(2, None, &[], &[1]), 1, Some(v4(1)), None);
    assert_eq!(dup(s.create_subscriber(&b)), "apns[0].static_ipv4");
    let b = with_ip(plain(2, None, &[], &[2, 1]), 1, Some(v4(9)), Some(v6(1)));
    assert_eq!(dup(s.create_subscriber(&b)), "apns[1].static_ipv6");
    assert_eq!(s.static_ip_holder(apn_id(1), IpAddr::V4(v4(9))).expect("read"), None);
    // On another APN: allowed.
    let b = with_ip(plain(2, None, &[], &[2, 1]), 1, Some(v4(2)), Some(v6(2)));
    let b = with_ip(b, 2, Some(v4(1)), Some(v6(1)));
    s.create_subscriber(&b).expect("a's addresses on the other APN");
    assert_indexes_exact(s);
    let holders = s.static_ip_holders(IpAddr::V4(v4(1))).expect("holders");
    assert_eq!(holders, [(apn_id(1), imsi(1)), (apn_id(2), imsi(2))]);
    assert_eq!(s.static_ip_holders(IpAddr::V4(v4(7))).expect("holders"), []);

    // An update: b may not take a's address, a may move its own.
    let taken = with_ip(b.clone(), 2, Some(v4(2)), Some(v6(1)));
    assert_eq!(dup(s.update_subscriber(&taken)), "apns[0].static_ipv4");
    assert_eq!(s.subscriber(imsi(2)).expect("b").subscriber, b, "unchanged");
    let moved = with_ip(a.clone(), 1, Some(v4(3)), Some(v6(1)));
    s.update_subscriber(&moved).expect("a moves its IPv4");
    assert_eq!(s.static_ip_holder(apn_id(1), IpAddr::V4(v4(1))).expect("read"), None);
    assert_indexes_exact(s);
    s.modify_subscriber(imsi(2), |b| {
        let on_1 = b.apns.iter_mut().find(|x| x.profile == apn_id(1)).expect("apn 1");
        on_1.static_ipv4 = Some(v4(1));
        Ok(())
    })
    .expect("b takes the freed address");
    assert_indexes_exact(s);

    // Dropping an APN drops its addresses.
    s.update_subscriber(&with_ip(plain(1, None, &[], &[1]), 1, Some(v4(3)), None))
        .expect("a keeps one address");
    assert_eq!(s.static_ip_holder(apn_id(2), IpAddr::V4(v4(2))).expect("read"), None);
    assert_indexes_exact(s);
    s.delete_subscriber(imsi(1)).expect("delete a");
    s.delete_subscriber(imsi(2)).expect("delete b");
    assert_indexes_exact(s);
    assert!(raw(s, Kind::StaticIpIndex).is_empty());
    assert_eq!(s.list_static_ips(0, 10).expect("list").total, 0);
}

fn import_keeps_both_invariants(s: &Store) {
    s.create_apn_profile(&apn_profile(1, "internet")).expect("apn 1");
    s.create_apn_profile(&apn_profile(2, "ims")).expect("apn 2");
    let existing = with_ip(plain(1, Some("4910"), &["4911"], &[1]), 1, Some(v4(1)), None);
    s.create_subscriber(&existing).expect("existing");
    let item = |sub: Subscriber| ImportItem { subscriber: sub, auth: None };
    let items = [
        item(with_ip(plain(2, Some("4920"), &["4921"], &[1]), 1, Some(v4(2)), Some(v6(2)))),
        item(plain(3, Some("4930"), &["4911"], &[1])), // extra number in the store
        item(plain(4, Some("4931"), &["4921"], &[1])), // extra number earlier in this import
        item(plain(5, Some("4921"), &[], &[1])),       // primary earlier (an extra) in this import
        item(with_ip(plain(6, None, &[], &[1]), 1, Some(v4(1)), None)), // address in the store
        item(with_ip(plain(7, None, &[], &[2, 1]), 1, None, Some(v6(2)))), // earlier here
        item(with_ip(plain(8, Some("4980"), &[], &[2]), 2, Some(v4(1)), Some(v6(2)))), // other APN
        item(plain(9, Some("4990"), &["4930"], &[1])), // item 3 failed: its numbers are free
    ];
    let outcomes = s.import_subscribers(&items).expect("import runs");
    let fields: Vec<Option<&str>> = outcomes
        .iter()
        .map(|o| match o {
            Ok(()) => None,
            Err(StoreError::Duplicate { field, .. }) => Some(*field),
            Err(e) => panic!("unexpected {e}"),
        })
        .collect();
    assert_eq!(
        fields,
        [
            None,
            Some("options.extra_msisdns"),
            Some("options.extra_msisdns"),
            Some("msisdn"),
            Some("apns[0].static_ipv4"),
            Some("apns[1].static_ipv6"),
            None,
            None,
        ]
    );
    for n in [3, 4, 5, 6, 7] {
        assert!(matches!(s.subscriber(imsi(n)), Err(StoreError::NotFound(_))), "item {n}");
    }
    assert_eq!(s.subscriber_by_msisdn(msisdn("4930")).expect("item 9").subscriber.imsi, imsi(9));
    assert_indexes_exact(s);
    assert_eq!(s.list_static_ips(0, 10).expect("list").total, 5);
}
