//! The cache's unit tests.

use super::*;
use crate::model::{Ambr, ApnAssignment, Imsi, NetworkAccessMode, SubscriberStatus};

fn entry(apn: u32) -> Arc<CachedSubscriber> {
    let id = ApnId::new(apn).expect("non-zero");
    let subscriber = Subscriber {
        imsi: Imsi::parse("001010000000001").expect("valid"),
        msisdn: None,
        status: SubscriberStatus::ServiceGranted,
        network_access_mode: NetworkAccessMode::OnlyPacket,
        ue_ambr: Ambr { uplink: 1, downlink: 1 },
        apns: vec![ApnAssignment { profile: id, static_ipv4: None, static_ipv6: None }],
        default_apn: id,
        roaming_allowed: false,
        options: crate::model::SubscriptionOptions::default(),
    };
    Arc::new(CachedSubscriber::new(subscriber, Vec::new(), None))
}

#[test]
fn a_fill_after_an_invalidation_is_not_cached() {
    let cache = Cache::default();
    let ticket = cache.ticket(7);
    cache.invalidate(7); // a write landed while the entry was loading
    let stale = entry(1);
    assert!(Arc::ptr_eq(&cache.fill(7, ticket, Arc::clone(&stale)), &stale));
    assert!(cache.get(7).is_none(), "the stale load is used once, not cached");

    let ticket = cache.ticket(7);
    cache.invalidate(8); // another subscriber
    cache.fill(7, ticket, entry(1));
    assert!(cache.get(7).is_some());
}

#[test]
fn writes_to_other_subscribers_do_not_defeat_a_fill() {
    let cache = Cache::default();
    // A and B shared a stripe of the former 64: every write to B failed A's fills.
    let (a, b) = (1_010_000_000_001u64, 1_010_000_000_001 + 64);
    assert_ne!(versions::Versions::slot(a), versions::Versions::slot(b));
    let ticket = cache.ticket(a);
    for _ in 0..1000 {
        cache.invalidate(b); // an import writing B while A loads
    }
    cache.fill(a, ticket, entry(1));
    assert!(cache.get(a).is_some(), "A's fill is cached");

    // Concurrently: fills of A from many threads while B is written all along.
    cache.invalidate(a);
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            while !stop.load(Ordering::Relaxed) {
                cache.invalidate(b);
            }
        });
        for _ in 0..100 {
            let ticket = cache.ticket(a);
            cache.fill(a, ticket, entry(1));
            assert!(cache.get(a).is_some(), "installed despite B's writes");
            cache.invalidate(a);
        }
        stop.store(true, Ordering::Relaxed);
    });
}

#[test]
fn a_fill_beyond_the_budget_evicts_unused_entries() {
    let one = entry(1).bytes;
    let cache = Cache::with_budget(3 * one as usize);
    let bytes = || cache.counters.bytes.load(Ordering::Relaxed);
    cache.fill(1, cache.ticket(1), entry(1));
    for key in 2..=20 {
        assert!(cache.get(1).is_some(), "subscriber 1 is used all along");
        cache.fill(key, cache.ticket(key), entry(1));
        assert!(bytes() <= 3 * i64::from(one), "{} bytes", bytes());
    }
    assert_eq!(cache.len(), 3);
    assert!(cache.get(1).is_some(), "the used entry stayed");
    assert!(cache.get(20).is_some(), "the newest stayed");
    assert_eq!(cache.counters.evictions.load(Ordering::Relaxed), 17);
    assert!(cache.get(2).is_none(), "an unused one went");
    cache.fill(2, cache.ticket(2), entry(1)); // refilled on its next lookup
    assert!(cache.get(2).is_some());
}

#[test]
fn a_budget_below_one_entry_keeps_nothing_but_serves_the_fill() {
    let cache = Cache::with_budget(0);
    let e = entry(1);
    assert!(Arc::ptr_eq(&cache.fill(1, cache.ticket(1), Arc::clone(&e)), &e));
    assert_eq!(cache.len(), 0);
    assert_eq!(cache.counters.bytes.load(Ordering::Relaxed), 0);
}

#[test]
fn a_hand_full_of_used_entries_still_evicts() {
    let one = entry(1).bytes as usize;
    let n = clock::MAX_STEPS as u64 + 10;
    let cache = Cache::with_budget(n as usize * one);
    for key in 0..n {
        cache.fill(key, cache.ticket(key), entry(1));
        cache.get(key); // every entry referenced
    }
    cache.fill(n, cache.ticket(n), entry(1));
    assert_eq!(cache.len() as u64, n, "one evicted, within the step bound");
}

#[test]
fn the_ring_stays_bounded_under_churn() {
    let cache = Cache::default();
    for round in 0..5000u64 {
        let key = round % 10;
        cache.invalidate(key);
        cache.fill(key, cache.ticket(key), entry(1));
    }
    assert_eq!(cache.len(), 10);
    assert!(cache.clock.len() <= 2 * 10 + 1024 + 1, "{} keys", cache.clock.len());
}

#[test]
fn absence_is_remembered_until_a_write() {
    let cache = Cache::default();
    cache.fill_absent(5, cache.ticket(5));
    assert!(cache.is_absent(5) && !cache.is_absent(6));
    cache.invalidate(5); // the subscriber was created
    assert!(!cache.is_absent(5));

    let ticket = cache.ticket(5);
    cache.invalidate(5); // created while the read that missed it was running
    cache.fill_absent(5, ticket);
    assert!(!cache.is_absent(5), "a stale miss is not remembered");

    cache.fill_absent(9, cache.ticket(9));
    cache.clear();
    assert!(!cache.is_absent(9));
}

#[test]
fn the_absent_set_is_bounded() {
    let cache = Cache::default();
    for imsi in 0..MAX_ABSENT as u64 + 10 {
        cache.fill_absent(imsi, cache.ticket(imsi));
    }
    assert!(cache.absent.len() <= MAX_ABSENT);
    assert!(cache.is_absent(MAX_ABSENT as u64 + 9), "the newest is kept");
    assert!(
        cache.is_absent(MAX_ABSENT as u64 / 2) || cache.absent_len() > MAX_ABSENT / 2,
        "not emptied wholesale"
    );
}

#[test]
fn a_write_overtaking_a_read_keeps_the_aaa_slot_unfilled() {
    let e = entry(1);
    let generation = e.aaa_server().expect_err("nothing known yet");
    e.forget_aaa_server(); // a SAR wrote while the read was running
    e.fill_aaa_server(generation, Some("old.aaa".into()));
    assert!(e.aaa_server().is_err(), "the read's value is not kept");
    let generation = e.aaa_server().expect_err("still unknown");
    e.fill_aaa_server(generation, Some("aaa1".into()));
    assert_eq!(e.aaa_server().ok().flatten().as_deref(), Some("aaa1"));
    e.forget_aaa_server();
    assert!(e.aaa_server().is_err(), "forgotten after a write");
}

#[test]
fn the_byte_gauge_follows_the_entries_in_and_out() {
    let cache = Cache::default();
    let bytes = || cache.counters.bytes.load(Ordering::Relaxed);
    let one = entry(1).bytes;
    assert!(one as usize > std::mem::size_of::<CachedSubscriber>());
    cache.fill(1, cache.ticket(1), entry(1));
    cache.fill(1, cache.ticket(1), entry(1)); // already cached: not counted again
    cache.fill(2, cache.ticket(2), entry(2));
    assert_eq!(bytes(), 2 * i64::from(one));
    cache.invalidate(1);
    assert_eq!(bytes(), i64::from(one));
    cache.invalidate_apn(ApnId::new(2).expect("non-zero"));
    assert_eq!(bytes(), 0);
    cache.fill(3, cache.ticket(3), entry(1));
    assert_eq!(
        cache.rebuild(|e| Some(Some(CachedSubscriber::new(
            e.subscriber().clone(),
            Vec::new(),
            None
        )))),
        1
    );
    assert_eq!(bytes(), i64::from(one));
    cache.clear();
    assert_eq!(bytes(), 0);
    assert!(cache.get(3).is_none());
    cache.fill(4, cache.ticket(4), entry(1));
    assert!(cache.get(4).is_some());
    assert_eq!(cache.counters.hits.get(), 1, "one lookup found its entry");
}

#[test]
fn the_first_fill_wins() {
    let cache = Cache::default();
    let (first, second) = (entry(1), entry(1));
    let (t1, t2) = (cache.ticket(7), cache.ticket(7));
    cache.fill(7, t1, Arc::clone(&first));
    assert!(Arc::ptr_eq(&cache.fill(7, t2, second), &first), "one SQN state per IMSI");
}

#[test]
fn apn_changes_drop_their_users_and_pending_fills() {
    let cache = Cache::default();
    cache.fill(1, cache.ticket(1), entry(1));
    cache.fill(2, cache.ticket(2), entry(2));
    let pending = cache.ticket(3);
    cache.invalidate_apn(ApnId::new(1).expect("non-zero"));
    assert!(cache.get(1).is_none());
    assert!(cache.get(2).is_some());
    cache.fill(3, pending, entry(2));
    assert!(cache.get(3).is_none(), "loaded before the change: may hold the old profile");
    cache.clear();
    assert_eq!(cache.len(), 0);
}

fn apn_profile(id: u32, apn: &str) -> ApnProfile {
    use crate::model::{Arp, PdnType};
    ApnProfile {
        id: ApnId::new(id).expect("non-zero"),
        apn: apn.into(),
        qci: 9,
        arp: Arp {
            priority_level: 8,
            pre_emption_capability: false,
            pre_emption_vulnerability: true,
        },
        ambr: Ambr { uplink: 1, downlink: 1 },
        pdn_type: PdnType::Ipv4,
        options: Default::default(),
    }
}

/// A fresh entry for subscriber `n` using APN profile `profile` (its own copy, as a fill
/// reads it).
fn with_profile(n: u64, profile: &ApnProfile) -> Arc<CachedSubscriber> {
    let e = entry(profile.id.get());
    let mut subscriber = e.subscriber().clone();
    subscriber.imsi = Imsi::parse(&format!("00101{n:010}")).expect("valid");
    Arc::new(CachedSubscriber::with_auth(subscriber, None, vec![profile.clone()], None))
}

#[test]
fn an_apn_change_updates_its_users_in_place() {
    let cache = Cache::default();
    cache.fill(1, cache.ticket(1), with_profile(1, &apn_profile(1, "internet")));
    cache.fill(2, cache.ticket(2), with_profile(2, &apn_profile(2, "internet")));
    let before = cache.get(1).expect("cached");
    before.encoded(Encoded::ApnConfigurationProfile, |_| vec![1]);
    let pending = cache.ticket(3);
    cache.update_apn(&apn_profile(1, "internet.new"));
    assert_eq!(before.apn_profiles()[0].apn, "internet", "a taken entry does not change");
    let after = cache.get(1).expect("still cached: no trip to the backend");
    assert_eq!(after.apn_profiles()[0].apn, "internet.new");
    assert_eq!(after.encoded(Encoded::ApnConfigurationProfile, |_| vec![2]), [2], "re-encoded");
    assert!(Arc::ptr_eq(&cache.get(1).expect("cached"), &after), "refreshed once");
    assert_eq!(cache.get(2).expect("untouched").apn_profiles()[0].apn, "internet");
    // A fill that read the old profile takes the new one from the table.
    let filled = cache.fill(3, pending, with_profile(3, &apn_profile(1, "internet")));
    assert_eq!(filled.apn_profiles()[0].apn, "internet.new");
    assert!(cache.get(3).is_some(), "cached: the table's profile is current");
}

#[test]
fn users_of_a_profile_share_one_copy_counted_once() {
    let cache = Cache::default();
    let bytes = || cache.counters.bytes.load(Ordering::Relaxed);
    let profile = apn_profile(1, "internet");
    cache.fill(1, cache.ticket(1), with_profile(1, &profile));
    let first = bytes();
    cache.fill(2, cache.ticket(2), with_profile(2, &profile));
    let (a, b) = (cache.get(1).expect("cached"), cache.get(2).expect("cached"));
    assert!(std::ptr::eq(&a.apn_profiles()[0], &b.apn_profiles()[0]), "one copy");
    assert_eq!(cache.apn_profiles_len(), 1);
    let second = bytes() - first;
    assert_eq!(i64::from(b.bytes), second, "the second entry adds its own bytes only");
    assert!(first > second, "the first also brought the profile");
    cache.update_apn(&apn_profile(1, "a.much.longer.access.point.name.than.before"));
    assert!(bytes() > first + second, "the new profile's bytes, once");
    cache.invalidate(1);
    cache.invalidate(2);
    cache.invalidate_apn(profile.id);
    assert_eq!((bytes(), cache.apn_profiles_len()), (0, 0));
}

#[test]
fn a_fill_from_before_a_clear_makes_no_profile() {
    let cache = Cache::default();
    let ticket = cache.ticket(1);
    cache.clear();
    let stale = cache.fill(1, ticket, with_profile(1, &apn_profile(1, "old")));
    assert_eq!(stale.apn_profiles()[0].apn, "old", "used once");
    assert!(cache.get(1).is_none());
    assert_eq!(cache.apn_profiles_len(), 0, "no profile made from what it read");
    cache.fill(1, cache.ticket(1), with_profile(1, &apn_profile(1, "new")));
    assert_eq!(cache.get(1).expect("cached").apn_profiles()[0].apn, "new");
}

#[test]
fn an_entry_holding_a_retired_profile_takes_the_new_one_or_leaves() {
    // A fill that raced a clear: its entry holds a profile the table no longer has.
    let cache = Cache::default();
    cache.fill(1, cache.ticket(1), with_profile(1, &apn_profile(1, "internet")));
    cache.fill(2, cache.ticket(2), with_profile(2, &apn_profile(1, "internet")));
    cache.apns.clear(&cache.counters);
    cache.update_apn(&apn_profile(1, "internet.new"));
    let e = cache.get(1).expect("refreshed from the table's new profile");
    assert_eq!(e.apn_profiles()[0].apn, "internet.new");
    cache.apns.clear(&cache.counters);
    assert!(cache.get(2).is_none(), "no profile to refresh from: filled anew");
    assert_eq!(cache.len(), 1);
}
