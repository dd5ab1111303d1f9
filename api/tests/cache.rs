//! `/cache` over HTTP: counts, one subscriber's entries by IMSI, MSISDN or IMPU, and dropping
//! them one at a time or all at once; the next read fills the entry again.

use std::sync::Arc;

use api::client::Client;
use api::{ApiConfig, ApiServer};
use serde_json::json;
use store::{Imsi, MemStore, Store, StoreConfig};
use testkit::provision::{SubSpec, provision};

const IMSI: &str = "001010000000031";
const MSISDN: &str = "491700000031";

#[test]
fn entries_are_counted_shown_and_dropped() {
    let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
    provision(&store, &SubSpec { msisdn: Some(MSISDN.into()), ..SubSpec::new(IMSI) });
    let config = ApiConfig {
        addr: Some("127.0.0.1:0".parse().expect("address")),
        token: None,
        workers: 1,
        ..Default::default()
    };
    let server = ApiServer::start(store.clone(), None, &config).expect("API starts");
    let rest = Client::new(server.local_addr());
    let key = Imsi::parse(IMSI).expect("IMSI").key();

    store.invalidate_all();
    let reply = rest.get("/cache").expect("REST");
    assert_eq!(reply.body, json!({"subscribers": 0, "ims_subscriptions": 0}));
    let path = format!("/cache/subscribers/{IMSI}");
    assert_eq!(rest.get(&path).expect("REST").body["cached"], false);

    store.subscriber_entry(key).expect("filled");
    assert_eq!(rest.get("/cache").expect("REST").body["subscribers"], 1);
    let reply = rest.get(&path).expect("REST");
    assert_eq!(reply.body, json!({"identity": IMSI, "cached": true, "ims_cached": false}));
    let reply = rest.get(&format!("/cache/msisdn/{MSISDN}")).expect("REST");
    assert_eq!(reply.body["cached"], true, "{:?}", reply.body);

    // Dropped by MSISDN: gone, and filled again by the next read.
    let reply = rest.delete(&format!("/cache/msisdn/{MSISDN}")).expect("REST");
    assert_eq!((reply.status, &reply.body["cached"]), (200, &json!(true)), "was cached");
    assert_eq!(store.cached_count(), 0);
    store.subscriber_entry(key).expect("filled again");
    let reply = rest.delete(&path).expect("REST");
    assert_eq!(reply.body["cached"], true);
    assert_eq!(rest.get(&path).expect("REST").body["cached"], false);

    // All at once: the counts before.
    store.subscriber_entry(key).expect("filled again");
    let reply = rest.delete("/cache").expect("REST");
    assert_eq!(reply.body, json!({"subscribers": 1, "ims_subscriptions": 0}));
    assert_eq!(store.cached_count(), 0);

    // Unknown or malformed identities.
    let reply = rest.get("/cache/subscribers/001019999999999").expect("REST");
    assert_eq!((reply.status, reply.error_code()), (404, Some("subscriber.not_found")));
    let reply = rest.get("/cache/subscribers/12ab").expect("REST");
    assert_eq!((reply.status, reply.error_field()), (422, Some("imsi")));
    let reply = rest.get("/cache/msisdn/4999").expect("REST");
    assert_eq!(reply.status, 404);
    let reply = rest.get("/cache/impu/sip:nobody@ims.example.org").expect("REST");
    assert_eq!((reply.status, reply.error_code()), (404, Some("ims_subscription.not_found")));
}
