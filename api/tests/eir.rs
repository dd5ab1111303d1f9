//! `/eir` over HTTP against an in-memory store: rule CRUD with field-named errors, the
//! default, and lookups answering as an ECR would.

use std::sync::Arc;

use api::client::{Client, Reply};
use api::{ApiConfig, ApiServer};
use serde_json::{Value, json};
use store::{MemStore, Store, StoreConfig};

const IMSI: &str = "001010000000001";

fn start() -> (ApiServer, Client) {
    let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
    let config = ApiConfig {
        addr: Some("127.0.0.1:0".parse().expect("address")),
        token: None,
        workers: 1,
        ..Default::default()
    };
    let server = ApiServer::start(store, None, &config).expect("API starts");
    let rest = Client::new(server.local_addr());
    (server, rest)
}

fn put(rest: &Client, path: &str, body: &Value) -> Reply {
    rest.send("PUT", path, Some(&body.to_string()), Some("application/json")).expect("REST")
}

fn lookup(rest: &Client, path: &str) -> Value {
    let reply = rest.get(path).expect("REST");
    assert_eq!(reply.status, 200, "{path}: {:?}", reply.body);
    reply.body
}

#[test]
fn rules_crud_with_field_named_errors() {
    let (_server, rest) = start();
    let rule = json!({"imei": "35693803564380", "status": "blacklisted", "description": "stolen"});
    let created = rest.post("/eir/rules", &rule).expect("REST");
    assert_eq!(created.status, 201, "{:?}", created.body);
    assert_eq!(created.body["id"], 1);
    assert_eq!(created.body["status"], "blacklisted");
    let given = rest
        .post("/eir/rules", &json!({"id": 7, "imei_regex": "35.*", "status": "greylisted"}))
        .expect("REST");
    assert_eq!((given.status, &given.body["id"]), (201, &json!(7)));
    let again = rest.post("/eir/rules", &json!({"id": 7, "imsi": IMSI, "status": "greylisted"}));
    assert_eq!(again.expect("REST").error_code(), Some("eir_rule.duplicate"));

    let bad = |body: Value| {
        let reply = rest.post("/eir/rules", &body).expect("REST");
        assert_eq!(reply.status, 422, "{body}: {:?}", reply.body);
        reply.error_field().map(str::to_owned)
    };
    assert_eq!(
        bad(json!({"imei_regex": "(35", "status": "blacklisted"})).as_deref(),
        Some("imei_regex")
    );
    assert_eq!(bad(json!({"status": "blacklisted"})).as_deref(), Some("imei"));
    assert_eq!(bad(json!({"imei": "123", "status": "blacklisted"})).as_deref(), Some("imei"));
    assert_eq!(bad(json!({"imsi": "12", "status": "blacklisted"})).as_deref(), Some("imsi"));
    assert_eq!(bad(json!({"id": 0, "imsi": IMSI, "status": "blacklisted"})).as_deref(), Some("id"));
    assert_eq!(bad(json!({"imsi": IMSI, "status": "lost"})).as_deref(), Some("status"));

    let read = rest.get("/eir/rules/1").expect("REST");
    assert_eq!((read.status, &read.body["description"]), (200, &json!("stolen")));
    for path in ["/eir/rules/0", "/eir/rules/x", "/eir/rules/4294967296"] {
        assert_eq!(rest.get(path).expect("REST").error_field(), Some("id"), "{path}");
    }
    let missing = rest.get("/eir/rules/99").expect("REST");
    assert_eq!((missing.status, missing.error_code()), (404, Some("eir_rule.not_found")));

    let replaced =
        put(&rest, "/eir/rules/1", &json!({"imei": "35693803564380", "status": "greylisted"}));
    assert_eq!((replaced.status, &replaced.body["status"]), (200, &json!("greylisted")));
    assert_eq!(rest.get("/eir/rules/1").expect("REST").body["status"], "greylisted");
    let mismatch =
        put(&rest, "/eir/rules/1", &json!({"id": 2, "imsi": IMSI, "status": "greylisted"}));
    assert_eq!((mismatch.status, mismatch.error_field()), (422, Some("id")));
    let absent = put(&rest, "/eir/rules/99", &json!({"imsi": IMSI, "status": "greylisted"}));
    assert_eq!(absent.status, 404);

    let list = rest.get("/eir/rules?page_size=1").expect("REST");
    assert_eq!(list.status, 200, "{:?}", list.body);
    assert_eq!(list.body["total"], 2);
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(1));

    assert_eq!(rest.delete("/eir/rules/1").expect("REST").status, 204);
    assert_eq!(rest.get("/eir/rules/1").expect("REST").status, 404);
    assert_eq!(rest.delete("/eir/rules/1").expect("REST").status, 404);
}

#[test]
fn lookups_answer_as_an_ecr_would() {
    let (_server, rest) = start();
    let post = |body: Value| {
        let reply = rest.post("/eir/rules", &body).expect("REST");
        assert_eq!(reply.status, 201, "{:?}", reply.body);
        reply.body["id"].as_u64().expect("id")
    };
    let pattern = post(json!({"imei_regex": "3569.*", "status": "greylisted"}));
    let exact = post(json!({"imei": "35693803564380", "status": "blacklisted"}));
    let bound = post(json!({"imei": "99000000000001", "imsi": IMSI, "status": "blacklisted"}));

    // An exact rule beats a pattern; the check digit and the SV are ignored.
    for imei in ["35693803564380", "356938035643809", "3569380356438012"] {
        let v = lookup(&rest, &format!("/eir/lookup/{imei}"));
        assert_eq!((&v["status"], &v["rule"]), (&json!("blacklisted"), &json!(exact)), "{imei}");
        assert_eq!((&v["imei"], &v["result"]), (&json!(imei), &json!("equipment_status")));
        assert!(v.get("imsi").is_none());
    }
    let v = lookup(&rest, "/eir/lookup/356938000000001");
    assert_eq!((&v["status"], &v["rule"]), (&json!("greylisted"), &json!(pattern)));

    // An IMSI-bound rule only with that IMSI; else the default (whitelisted).
    let v = lookup(&rest, &format!("/eir/lookup/990000000000017?imsi={IMSI}"));
    assert_eq!(
        (&v["status"], &v["rule"], &v["imsi"]),
        (&json!("blacklisted"), &json!(bound), &json!(IMSI))
    );
    for path in ["/eir/lookup/990000000000017", "/eir/lookup/990000000000017?imsi=001010000000002"]
    {
        let v = lookup(&rest, path);
        assert_eq!((&v["status"], &v["rule"]), (&json!("whitelisted"), &Value::Null), "{path}");
        assert_eq!(v["result"], "equipment_status");
    }

    // Bad input names the field.
    for (path, field) in [
        ("/eir/lookup/1234567890123", "imei"),
        ("/eir/lookup/12345678901234567", "imei"),
        ("/eir/lookup/3569380356438a", "imei"),
        ("/eir/lookup/35693803564380?imsi=12", "imsi"),
    ] {
        let reply = rest.get(path).expect("REST");
        assert_eq!((reply.status, reply.error_field()), (422, Some(field)), "{path}");
    }

    // The default.
    let d = rest.get("/eir/default").expect("REST");
    assert_eq!((d.status, &d.body), (200, &json!({"status": "whitelisted"})));
    let set = put(&rest, "/eir/default", &json!({"status": null}));
    assert_eq!((set.status, &set.body), (200, &json!({"status": null})));
    assert_eq!(rest.get("/eir/default").expect("REST").body, json!({"status": null}));
    let v = lookup(&rest, "/eir/lookup/11111111111111");
    assert_eq!((&v["status"], &v["rule"]), (&Value::Null, &Value::Null));
    assert_eq!(v["result"], "equipment_unknown");
    let bad = put(&rest, "/eir/default", &json!({"status": "lost"}));
    assert_eq!((bad.status, bad.error_field()), (422, Some("status")));
    let set = put(&rest, "/eir/default", &json!({"status": "greylisted"}));
    assert_eq!(set.status, 200);
    assert_eq!(lookup(&rest, "/eir/lookup/11111111111111")["status"], "greylisted");

    // A deleted rule no longer matches: the pattern takes over.
    assert_eq!(rest.delete(&format!("/eir/rules/{exact}")).expect("REST").status, 204);
    let v = lookup(&rest, "/eir/lookup/356938035643809");
    assert_eq!((&v["status"], &v["rule"]), (&json!("greylisted"), &json!(pattern)));
}

#[test]
fn the_history_and_the_equipment_last_seen_are_readable() {
    let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
    let config = ApiConfig {
        addr: Some("127.0.0.1:0".parse().expect("address")),
        token: None,
        workers: 1,
        ..Default::default()
    };
    let server = ApiServer::start(store.clone(), None, &config).expect("API starts");
    let rest = Client::new(server.local_addr());
    let now = std::time::SystemTime::now();
    for (imei, imsi) in [("356938035643809", Some("001010000000001")), ("490154203237518", None)] {
        let check = store::EirCheck {
            seq: 0,
            time_ms: 0,
            imei: imei.into(),
            imsi: imsi.map(Into::into),
            status: Some(store::EquipmentStatus::Whitelisted),
            rule: None,
            peer: "mme1.test".into(),
        };
        store.record_eir_check(check, now);
    }
    let all = rest.get("/eir/history").expect("REST");
    assert_eq!(all.status, 200);
    assert_eq!(all.body.as_array().map(Vec::len), Some(2));
    assert_eq!(all.body[0]["imei"], "490154203237518", "newest first");
    let by_imsi = rest.get("/eir/history?imsi=001010000000001").expect("REST");
    assert_eq!(by_imsi.body.as_array().map(Vec::len), Some(1));
    let by_imei = rest.get("/eir/history?imei=49015420323751&limit=5").expect("REST");
    assert_eq!(by_imei.body[0]["peer"], "mme1.test");
    let bad = rest.get("/eir/history?limit=0").expect("REST");
    assert_eq!((bad.status, bad.error_field()), (422, Some("limit")));

    let path = "/subscribers/001010000000001/equipment";
    assert_eq!(rest.get(path).expect("REST").status, 404);
    let imsi = store::Imsi::parse("001010000000001").expect("IMSI");
    let seen = store::SeenEquipment {
        imei: "356938035643809".into(),
        software_version: None,
        time_ms: 1,
        source: "ulr".into(),
    };
    store.record_equipment(imsi.key(), seen);
    let reply = rest.get(path).expect("REST");
    assert_eq!((reply.status, &reply.body["source"]), (200, &json!("ulr")));
}
