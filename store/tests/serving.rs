//! The AAA server registration as SWx MAR reads it (`Store::aaa_server`): kept in the cache
//! entry once read, and forgotten by every write of the registration, on every backend.

mod common;

use std::time::UNIX_EPOCH;

use common::*;
use store::{NodeKind, ServingNodeRef, Store};

crate::for_each_backend!(
    the_aaa_server_follows_every_write,
    a_claim_is_refused_while_another_holds_it
);

fn aaa(host: &str) -> ServingNodeRef<'_> {
    ServingNodeRef { host, realm: "aaa.test", updated_at: UNIX_EPOCH, rat_type: None }
}

fn the_aaa_server_follows_every_write(s: &Store) {
    let who = provision(s, 1, 0).key();
    assert_eq!(s.aaa_server(who).expect("read"), None);
    s.subscriber_entry(who).expect("cached");
    assert_eq!(s.aaa_server(who).expect("read"), None, "known absent now");
    s.update_serving_node(who, NodeKind::Aaa, aaa("aaa1")).expect("registered");
    assert_eq!(s.aaa_server(who).expect("read").as_deref(), Some("aaa1"));
    assert_eq!(s.aaa_server(who).expect("read again").as_deref(), Some("aaa1"));
    s.update_serving_node(who, NodeKind::Aaa, aaa("aaa2")).expect("taken over");
    assert_eq!(s.aaa_server(who).expect("read").as_deref(), Some("aaa2"));
    // An MME registration does not touch it.
    s.update_serving_node(who, NodeKind::Mme, aaa("mme1")).expect("ulr");
    assert_eq!(s.aaa_server(who).expect("read").as_deref(), Some("aaa2"));
    s.clear_serving_node(who, NodeKind::Aaa, Some("aaa2")).expect("deregistered");
    assert_eq!(s.aaa_server(who).expect("read"), None);
}

fn a_claim_is_refused_while_another_holds_it(s: &Store) {
    let who = provision(s, 1, 0).key();
    assert_eq!(s.claim_serving_node(who, NodeKind::Aaa, aaa("aaa1")).expect("claim"), None);
    let refused = s.claim_serving_node(who, NodeKind::Aaa, aaa("aaa2")).expect("claim");
    assert_eq!(refused.map(|n| n.host).as_deref(), Some("aaa1"));
    assert_eq!(s.aaa_server(who).expect("read").as_deref(), Some("aaa1"), "nothing written");
    // The holder claiming again (any case) renews its registration.
    assert_eq!(s.claim_serving_node(who, NodeKind::Aaa, aaa("AAA1")).expect("claim"), None);
    assert_eq!(s.aaa_server(who).expect("read").as_deref(), Some("AAA1"));
}
