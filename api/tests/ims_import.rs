//! `POST /ims-subscriptions/import` over HTTP against an in-memory store: good lines are
//! written, each bad one (malformed, invalid, a duplicate of the store or of an earlier line)
//! is reported by line with the field, and passwords become H(A1).

use std::sync::Arc;

use api::client::Client;
use api::{ApiConfig, ApiServer};
use serde_json::json;
use store::{MemStore, Store, StoreConfig};

fn line(n: u32) -> serde_json::Value {
    json!({
        "private_identities": [{"impi": format!("user{n}@ims.example.org"), "schemes": ["SIP Digest"],
                                "digest_password": "pw"}],
        "public_identities": [{"impu": format!("sip:user{n}@ims.example.org")}],
        "service_profiles": [{}]
    })
}

#[test]
fn import_writes_good_lines_and_reports_bad_ones() {
    let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
    let config = ApiConfig {
        addr: Some("127.0.0.1:0".parse().expect("address")),
        token: None,
        workers: 1,
        ..Default::default()
    };
    let server = ApiServer::start(store.clone(), None, &config).expect("API starts");
    let rest = Client::new(server.local_addr());
    assert_eq!(rest.post("/ims-subscriptions", &line(1)).expect("REST").status, 201);

    let mut body = String::new();
    for n in 2..=101 {
        body.push_str(&line(n).to_string());
        body.push('\n');
    }
    body.push_str(&line(1).to_string()); // line 101: in the store already
    body.push('\n');
    body.push_str(&line(50).to_string()); // line 102: an earlier line's
    body.push_str("\n{not json\n"); // line 103
    let mut bad = line(500);
    bad["public_identities"][0]["impu"] = json!("mailto:x");
    body.push_str(&bad.to_string()); // line 104
    let reply = rest
        .send("POST", "/ims-subscriptions/import", Some(&body), Some("application/x-ndjson"))
        .expect("REST");
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(
        (reply.body["imported"].as_u64(), reply.body["failed"].as_u64()),
        (Some(100), Some(4))
    );
    let errors = reply.body["errors"].as_array().expect("errors");
    let at = |n: u64| errors.iter().find(|e| e["line"] == n).expect("line reported").clone();
    assert_eq!(at(101)["error"]["code"], "ims_subscription.duplicate");
    assert_eq!(at(102)["error"]["code"], "ims_subscription.duplicate");
    assert_eq!(at(103)["error"]["code"], "bad_request");
    assert_eq!(at(104)["error"]["field"], "public_identities[].impu");

    let record = store.ims_subscription("user77@ims.example.org").expect("imported");
    let ha1 = record.subscription.private_identities[0].digest_ha1.clone().expect("H(A1)");
    assert_eq!(ha1.len(), 32);
    assert_eq!(store.list_ims_subscriptions(0, 1).expect("list").total, 101);
    let reply = rest.send("POST", "/ims-subscriptions/import", Some("{}"), Some("text/plain"));
    assert_eq!(reply.expect("REST").status, 415);
}
