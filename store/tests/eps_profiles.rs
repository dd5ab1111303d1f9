//! Shared EPS profiles on every backend: applied to the subscribers naming them (overrides
//! kept), a change rebuilding their cache entries in place (still cached, new values, the SQN
//! sequence carrying on without a jump to a new block), and the references checked.

mod common;

use common::*;
use store::{
    AmbrDoc, Entity, EpsField, EpsProfile, NetworkAccessMode, NetworkAccessModeDoc, SeededRand,
    Store, StoreError, Subscriber,
};

crate::for_each_backend!(
    the_profile_applies_and_overrides_are_kept,
    a_change_rebuilds_cached_entries_in_place_and_sqns_carry_on,
    references_are_checked,
);

fn profile(uplink: u64) -> EpsProfile {
    EpsProfile {
        id: 0,
        name: "consumer".into(),
        ue_ambr: AmbrDoc { uplink, downlink: 2 * uplink },
        network_access_mode: NetworkAccessModeDoc::PacketAndCircuit,
        apns: vec![apn_id(1), apn_id(2)],
        default_apn: apn_id(2),
        periodic_tau_timer: Some(720),
        charging_characteristics: None,
        roaming_profile: None,
    }
}

/// Subscriber `n` naming EPS profile `id`, overriding `overrides`.
fn user(s: &Store, n: u64, id: u32, overrides: Vec<EpsField>) -> store::Imsi {
    let imsi = provision(s, n, 0);
    s.modify_subscriber(imsi, |sub: &mut Subscriber| {
        sub.options.eps_profile = Some(id);
        sub.options.eps_overrides = overrides;
        Ok(())
    })
    .expect("names the profile");
    imsi
}

fn next_sqn(s: &Store, who: store::Imsi, rand: &mut SeededRand) -> u64 {
    let mut out = Vec::new();
    s.eutran_vectors(who.key(), 1, &plmn(), rand, &mut out).expect("vector");
    check_eutran(&milenage(), &AMF, &out[0])
}

fn the_profile_applies_and_overrides_are_kept(s: &Store) {
    ensure_apn_profile(s, &apn_profile(1, "internet"));
    ensure_apn_profile(s, &apn_profile(2, "ims"));
    let id = s.create_eps_profile(&profile(100)).expect("profile");
    let plain = user(s, 1, id, vec![]);
    let own = user(s, 2, id, vec![EpsField::UeAmbr]);
    let e = s.subscriber_entry(plain.key()).expect("entry");
    let served = e.subscriber();
    assert_eq!((served.ue_ambr.uplink, served.ue_ambr.downlink), (100, 200));
    assert_eq!(served.network_access_mode, NetworkAccessMode::PacketAndCircuit);
    assert_eq!(served.apns.iter().map(|a| a.profile.get()).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(served.default_apn, apn_id(2));
    assert_eq!(served.options.periodic_tau_timer, Some(720));
    assert_eq!(
        e.apn_profiles().iter().map(|p| p.apn.as_str()).collect::<Vec<_>>(),
        ["internet", "ims"]
    );
    let e = s.subscriber_entry(own.key()).expect("entry");
    assert_eq!(e.subscriber().ue_ambr.uplink, 10_000_000, "its own UE-AMBR");
    assert_eq!(e.subscriber().options.periodic_tau_timer, Some(720), "the rest from the profile");
    // The stored subscription is unchanged: the API shows what was provisioned.
    let stored = s.subscriber(plain).expect("stored").subscriber;
    assert_eq!(stored.ue_ambr.uplink, 10_000_000);
    assert_eq!(s.eps_profile_users(id, 0, 10).expect("users"), [plain, own]);
}

fn a_change_rebuilds_cached_entries_in_place_and_sqns_carry_on(s: &Store) {
    ensure_apn_profile(s, &apn_profile(1, "internet"));
    ensure_apn_profile(s, &apn_profile(2, "ims"));
    let id = s.create_eps_profile(&profile(100)).expect("profile");
    let who = user(s, 1, id, vec![]);
    let mut rand = SeededRand::new(7);
    let a = next_sqn(s, who, &mut rand);
    let b = next_sqn(s, who, &mut rand);
    let step = b - a;
    let cached = s.cached_count();

    let old = s.replace_eps_profile(id, &profile(300)).expect("replaced");
    assert_eq!(old.ue_ambr.uplink, 100, "the profile before is returned");
    assert_eq!(s.cached_count(), cached, "rebuilt, not dropped");
    let e = s.subscriber_entry(who.key()).expect("entry");
    assert_eq!(e.subscriber().ue_ambr.uplink, 300, "the new values at once");
    let c = next_sqn(s, who, &mut rand);
    assert_eq!(c, b + step, "the SQN state carried over: no new block");

    // A write to the subscriber itself drops its entry: the next SQN comes from a new block
    // (the check above would see that jump).
    s.modify_subscriber(who, |_| Ok(())).expect("rewritten");
    let d = next_sqn(s, who, &mut rand);
    assert!(d > c + step, "a dropped entry starts a new block: {c} then {d}");
}

fn references_are_checked(s: &Store) {
    let missing_apn =
        EpsProfile { apns: vec![apn_id(1), apn_id(9)], default_apn: apn_id(1), ..profile(1) };
    ensure_apn_profile(s, &apn_profile(1, "internet"));
    assert!(matches!(
        s.create_eps_profile(&missing_apn),
        Err(StoreError::Invalid(f)) if f.field == "apns"
    ));
    ensure_apn_profile(s, &apn_profile(2, "ims"));
    let id = s.create_eps_profile(&profile(1)).expect("profile");
    // An APN profile an EPS profile lists is in use.
    assert!(matches!(s.delete_apn_profile(apn_id(2)), Err(StoreError::InUse(Entity::ApnProfile))));
    // A subscriber may not name a profile that does not exist.
    let who = provision(s, 1, 0);
    let named = s.modify_subscriber(who, |sub| {
        sub.options.eps_profile = Some(id + 1);
        Ok(())
    });
    assert!(matches!(named, Err(StoreError::Invalid(f)) if f.field == "options.eps_profile"));
    // A profile in use is not deleted; unused, it is.
    user(s, 2, id, vec![]);
    assert!(matches!(s.delete_eps_profile(id), Err(StoreError::InUse(Entity::EpsProfile))));
    s.modify_subscriber(imsi(2), |sub| {
        sub.options.eps_profile = None;
        Ok(())
    })
    .expect("no profile");
    s.delete_eps_profile(id).expect("unused now");
    assert!(matches!(s.eps_profile(id), Err(StoreError::NotFound(Entity::EpsProfile))));
}
