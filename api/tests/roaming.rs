//! `/roaming-profiles` over HTTP against an in-memory store: CRUD with field-named errors, and
//! the store's roaming check following every change at once.

use std::sync::Arc;

use api::client::{Client, Reply};
use api::{ApiConfig, ApiServer};
use serde_json::{Value, json};
use store::auc::PlmnId;
use store::{MemStore, RoamingService, Store, StoreConfig};

fn start() -> (ApiServer, Client, Arc<Store>) {
    let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
    let config = ApiConfig {
        addr: Some("127.0.0.1:0".parse().expect("address")),
        token: None,
        workers: 1,
        ..Default::default()
    };
    let server = ApiServer::start(store.clone(), None, &config).expect("API starts");
    let rest = Client::new(server.local_addr());
    (server, rest, store)
}

fn put(rest: &Client, path: &str, body: &Value) -> Reply {
    rest.send("PUT", path, Some(&body.to_string()), Some("application/json")).expect("REST")
}

fn plmn(mcc: &str, mnc: &str) -> [u8; 3] {
    *PlmnId::from_mcc_mnc(mcc, mnc).expect("valid").as_bytes()
}

#[test]
fn roaming_profiles_crud_and_the_check_follows() {
    let (_server, rest, store) = start();
    let profile = json!({
        "name": "partners",
        "default_data": false,
        "default_ims": false,
        "rules": [{"mcc": "262", "mnc": "01", "data": true, "ims": false}]
    });
    let created = rest.post("/roaming-profiles", &profile).expect("REST");
    assert_eq!(created.status, 201, "{:?}", created.body);
    let id = created.body["id"].as_u64().expect("an id") as u32;
    assert_eq!(id, 1);
    assert_eq!(store.roaming_allows(id, &plmn("262", "01"), RoamingService::Data), Some(true));
    assert_eq!(store.roaming_allows(id, &plmn("262", "01"), RoamingService::Ims), Some(false));
    assert_eq!(store.roaming_allows(id, &plmn("208", "10"), RoamingService::Data), Some(false));

    let read = rest.get("/roaming-profiles/1").expect("REST");
    assert_eq!((read.status, &read.body["name"]), (200, &json!("partners")));
    let list = rest.get("/roaming-profiles").expect("REST");
    assert_eq!(list.body["total"], 1);

    // Replaced: the default opens, at once.
    let open = json!({"name": "partners", "default_data": true, "default_ims": true, "rules": []});
    let replaced = put(&rest, "/roaming-profiles/1", &open);
    assert_eq!(replaced.status, 200, "{:?}", replaced.body);
    assert_eq!(store.roaming_allows(id, &plmn("208", "10"), RoamingService::Data), Some(true));

    // Field-named errors.
    let bad = |body: Value| {
        let reply = rest.post("/roaming-profiles", &body).expect("REST");
        assert!(matches!(reply.status, 400 | 422), "{body}: {:?}", reply.body);
        reply.error_field().map(str::to_owned)
    };
    let dup = json!({"name": "x", "default_data": true, "default_ims": true, "rules": [
        {"mcc": "262", "mnc": "01", "data": true, "ims": true},
        {"mcc": "262", "mnc": "01", "data": false, "ims": true}]});
    assert_eq!(bad(dup).as_deref(), Some("rules"));
    let short = json!({"name": "x", "default_data": true, "default_ims": true, "rules": [
        {"mcc": "26", "mnc": "01", "data": true, "ims": true}]});
    assert_eq!(bad(short).as_deref(), Some("rules"));
    let unnamed = json!({"name": "", "default_data": true, "default_ims": true});
    assert_eq!(bad(unnamed).as_deref(), Some("name"));
    let unknown = rest
        .post(
            "/roaming-profiles",
            &json!({"name": "x", "default_data": true, "default_ims": true, "colour": 1}),
        )
        .expect("REST");
    assert_eq!((unknown.status, unknown.error_field()), (422, Some("colour")));
    let mismatch = put(
        &rest,
        "/roaming-profiles/1",
        &json!({"id": 2, "name": "x", "default_data": true, "default_ims": true}),
    );
    assert_eq!(mismatch.error_field(), Some("id"));

    // Deleted: gone from the check (a subscriber naming it may not roam).
    assert_eq!(rest.delete("/roaming-profiles/1").expect("REST").status, 204);
    assert_eq!(store.roaming_allows(id, &plmn("262", "01"), RoamingService::Data), None);
    assert_eq!(rest.get("/roaming-profiles/1").expect("REST").status, 404);
    assert_eq!(rest.delete("/roaming-profiles/1").expect("REST").status, 404);
}
