//! The operation log over HTTP: every write recorded with its token, group, and values before
//! and after (key material as a fingerprint only); filters and cursors; rollback of one
//! operation, of a group (across an import), refused with 409 when a later write touched the
//! same data or key material would have to come back; retention.

use std::sync::Arc;

use api::client::{Client, ClientError, Reply};
use api::{ApiConfig, ApiServer};
use serde_json::{Value, json};
use store::{MemStore, OplogRetention, Store, StoreConfig};

const KI: &str = "465b5ce8b199b49faa5f0a2ee238a6bc";
const OPC: &str = "cd63cb71954a9f4e48a5994e37a02baf";
const IMSI: &str = "001010000000001";

struct Api {
    server: ApiServer,
    admin: Client,
    ops: Client,
}

fn start(config: StoreConfig) -> Api {
    start_with(config, false)
}

fn start_with(config: StoreConfig, reveal_credentials: bool) -> Api {
    let store = Arc::new(Store::new(MemStore::new(), config));
    let api = ApiConfig {
        addr: Some("127.0.0.1:0".parse().expect("address")),
        token: Some("root-secret".into()),
        workers: 1,
        reveal_credentials,
        ..Default::default()
    };
    let server = ApiServer::start(store, None, &api).expect("API starts");
    let admin = Client::new(server.local_addr()).with_token("root-secret");
    let r = ok(admin.post("/tokens", &json!({"name": "ops", "scopes": ["write"]})));
    let ops =
        Client::new(server.local_addr()).with_token(r.body["secret"].as_str().expect("secret"));
    Api { server, admin, ops }
}

fn ok(reply: Result<Reply, ClientError>) -> Reply {
    reply.expect("the API answers")
}

fn internet() -> Value {
    json!({
        "apn": "internet", "qci": 9,
        "arp": {"priority_level": 8, "pre_emption_capability": false,
                "pre_emption_vulnerability": true},
        "ambr": {"uplink": 50_000_000, "downlink": 100_000_000},
        "pdn_type": "ipv4v6"
    })
}

fn subscriber(imsi: &str, apn: u64) -> Value {
    json!({"imsi": imsi, "ue_ambr": {"uplink": 1_000_000, "downlink": 2_000_000},
           "apns": [{"profile": apn}]})
}

fn items(r: &Reply) -> Vec<Value> {
    r.body["items"].as_array().expect("items").clone()
}

#[test]
fn writes_are_logged_and_one_rolls_back() {
    let api = start(StoreConfig::default());
    let c = &api.ops;
    let apn = ok(c.post("/apn-profiles?operation_id=setup-1", &internet())).body["id"]
        .as_u64()
        .expect("id");
    assert_eq!(ok(c.post("/subscribers?operation_id=setup-1", &subscriber(IMSI, apn))).status, 201);
    let path = format!("/subscribers/{IMSI}");
    let r = ok(c.patch(&path, &json!({"ue_ambr": {"uplink": 7, "downlink": 8}})));
    assert_eq!(r.status, 200, "{r:?}");

    let log = ok(c.get("/operations"));
    assert_eq!(log.status, 200, "{log:?}");
    let ops = items(&log);
    // Newest first: the PATCH, the subscriber, the APN profile, the token "ops" (by config).
    let requests: Vec<&str> = ops.iter().filter_map(|o| o["request"].as_str()).collect();
    assert_eq!(
        requests,
        ["PATCH /subscribers/{imsi}", "POST /subscribers", "POST /apn-profiles", "POST /tokens"]
    );
    let patch = &ops[0];
    assert_eq!(
        (patch["token"].as_str(), patch["entity"].as_str()),
        (Some("ops"), Some("subscriber"))
    );
    assert_eq!(patch["key"], IMSI);
    let change = &patch["changes"][0];
    assert_eq!(change["before"]["ue_ambr"], json!({"uplink": 1_000_000, "downlink": 2_000_000}));
    assert_eq!(change["after"]["ue_ambr"], json!({"uplink": 7, "downlink": 8}));
    assert_eq!(ops[3]["token"], "config");

    // Filters.
    let by_key = ok(c.get(&format!("/operations?entity=subscriber&key={IMSI}")));
    assert_eq!(items(&by_key).len(), 2);
    let group = ok(c.get("/operations?operation_id=setup-1"));
    assert_eq!(items(&group).len(), 2);
    assert_eq!(items(&ok(c.get("/operations?token=config"))).len(), 1);
    let bad = ok(c.get("/operations?entity=nothing&key=1"));
    assert_eq!((bad.status, bad.error_field()), (422, Some("entity")));

    // Cursor: one at a time, the same operations in the same order.
    let mut walked = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = ok(c.get(&format!("/operations?limit=1{cursor}")));
        walked.extend(items(&page).iter().map(|o| o["seq"].as_u64().expect("seq")));
        match page.body["next"].as_str() {
            Some(n) => cursor = format!("&cursor={n}"),
            None => break,
        }
    }
    let all: Vec<u64> = ops.iter().map(|o| o["seq"].as_u64().expect("seq")).collect();
    assert_eq!(walked, all);

    // Rollback needs admin, then brings the value back and is an operation itself.
    let seq = patch["seq"].as_u64().expect("seq");
    assert_eq!(ok(c.post(&format!("/operations/{seq}/rollback"), &json!({}))).status, 403);
    let r = ok(api.admin.post(&format!("/operations/{seq}/rollback"), &json!({})));
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.body["rollback_of"], json!([seq]));
    assert_eq!(r.body["token"], "config");
    let now = ok(c.get(&path));
    assert_eq!(now.body["ue_ambr"], json!({"uplink": 1_000_000, "downlink": 2_000_000}));
    assert_eq!(ok(c.get("/operations/999999")).status, 404);
}

#[test]
fn a_later_write_blocks_the_rollback_and_key_material_is_never_logged() {
    let api = start(StoreConfig::default());
    let c = &api.ops;
    let apn = ok(c.post("/apn-profiles", &internet())).body["id"].as_u64().expect("id");
    ok(c.post("/subscribers", &subscriber(IMSI, apn)));
    let path = format!("/subscribers/{IMSI}");
    let first = ok(c.patch(&path, &json!({"msisdn": "491790000001"})));
    assert_eq!(first.status, 200);
    ok(c.patch(&path, &json!({"msisdn": "491790000002"})));
    let ops = items(&ok(c.get(&format!("/operations?entity=subscriber&key={IMSI}"))));
    let (later, earlier) =
        (ops[0]["seq"].as_u64().expect("seq"), ops[1]["seq"].as_u64().expect("seq"));
    let r = ok(api.admin.post(&format!("/operations/{earlier}/rollback"), &json!({})));
    assert_eq!((r.status, r.error_code()), (409, Some("operation.conflict")));
    let message = r.body["error"]["message"].as_str().unwrap_or("");
    assert!(message.contains(&format!("operation {later}")), "{message}");
    // Undoing the later one first, then the earlier, works.
    assert_eq!(
        ok(api.admin.post(&format!("/operations/{later}/rollback"), &json!({}))).status,
        200
    );
    // The first rollback is itself a write of the same subscriber, after `earlier`.
    let r = ok(api.admin.post(&format!("/operations/{earlier}/rollback"), &json!({})));
    assert_eq!(r.status, 409, "the rollback of {later} changed it afterwards");

    // Key material: a fingerprint in the log, and no rollback that would need it.
    let auth = json!({"imsi": IMSI, "ki": KI, "opc": OPC});
    assert_eq!(ok(c.post("/auth-data", &auth)).status, 201);
    let new_ki = "00112233445566778899aabbccddeeff";
    assert_eq!(
        ok(c.patch(&format!("/auth-data/{IMSI}"), &json!({"ki": new_ki, "opc": OPC}))).status,
        200
    );
    let log = ok(c.get("/operations?entity=auth&key=001010000000001"));
    let text = log.body.to_string();
    assert!(!text.contains(KI) && !text.contains(OPC) && !text.contains(new_ki), "{text}");
    assert!(text.contains("fingerprint"));
    let seq = items(&log)[0]["seq"].as_u64().expect("seq");
    let r = ok(api.admin.post(&format!("/operations/{seq}/rollback"), &json!({})));
    assert_eq!(r.status, 409);
    assert!(r.body["error"]["message"].as_str().unwrap_or("").contains("key material"));
}

#[test]
fn an_import_rolls_back_as_one_group() {
    let api = start(StoreConfig::default());
    let c = &api.ops;
    let apn = ok(c.post("/apn-profiles", &internet())).body["id"].as_u64().expect("id");
    let lines: Vec<String> = (0..30)
        .map(|i| {
            let mut s = subscriber(&format!("0010100000002{i:02}"), apn);
            s["auth"] = json!({"ki": KI, "opc": OPC});
            s.to_string()
        })
        .collect();
    let text = lines.join("\n") + "\n";
    let r = ok(c.send(
        "POST",
        "/subscribers/import?operation_id=import-7",
        Some(&text),
        Some("application/x-ndjson"),
    ));
    assert_eq!((r.status, r.body["imported"].as_u64()), (200, Some(30)), "{r:?}");
    assert_eq!(ok(c.get("/subscribers?page_size=1")).body["total"], 30);
    let group = items(&ok(c.get("/operations?operation_id=import-7")));
    assert!(!group.is_empty());
    // A list shows 20 changes per operation; the operation itself shows them all.
    let total = group[0]["changes_total"].as_u64().expect("changes_total");
    assert!(total > 60, "30 subscribers with keys and indexes: {total}");
    assert_eq!(group[0]["changes"].as_array().map(Vec::len), Some(20));
    let one = ok(c.get(&format!("/operations/{}", group[0]["seq"])));
    assert_eq!(one.body["changes"].as_array().map(Vec::len), Some(total as usize));
    assert!(!ok(c.get("/operations?operation_id=import-7")).body.to_string().contains(KI));

    let r = ok(api.admin.post("/operation-groups/import-7/rollback", &json!({})));
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(ok(c.get("/subscribers/001010000000200")).status, 404);
    assert_eq!(ok(c.get("/auth-data/001010000000229")).status, 404);
    assert_eq!(ok(c.get("/subscribers?page_size=1")).body["total"], 0, "counts follow");
    assert_eq!(ok(c.get("/auth-data?page_size=1")).body["total"], 0);
    assert_eq!(ok(api.admin.post("/operation-groups/nothing/rollback", &json!({}))).status, 404);
    let bad = ok(c.post("/apn-profiles?operation_id=a%20b", &internet()));
    assert_eq!((bad.status, bad.error_field()), (422, Some("operation_id")));
}

#[test]
fn retention_keeps_the_newest() {
    let config = StoreConfig {
        oplog: OplogRetention { max_entries: 5, ..OplogRetention::default() },
        ..StoreConfig::default()
    };
    let api = start(config);
    for i in 0..12 {
        let mut apn = internet();
        apn["apn"] = json!(format!("apn{i}"));
        assert_eq!(ok(api.ops.post("/apn-profiles", &apn)).status, 201);
    }
    let ops = items(&ok(api.ops.get("/operations?limit=100")));
    assert_eq!(ops.len(), 5);
    assert_eq!(ops[0]["changes"][0]["after"]["apn"], "apn11");
    let _ = &api.server;
}

#[test]
fn credential_reads_are_off_by_default_then_audited() {
    let off = start(StoreConfig::default());
    let r = ok(off.admin.get(&format!("/subscribers/{IMSI}/credentials")));
    assert_eq!((r.status, r.error_code()), (403, Some("disabled")));

    let api = start_with(StoreConfig::default(), true);
    let auth = json!({"imsi": IMSI, "ki": KI, "opc": OPC});
    assert_eq!(ok(api.ops.post("/auth-data", &auth)).status, 201);
    let path = format!("/subscribers/{IMSI}/credentials");
    assert_eq!(ok(api.ops.get(&path)).status, 403, "write is not secrets");
    let r = ok(api.admin.post("/tokens", &json!({"name": "keys", "scopes": ["secrets"]})));
    let keys =
        Client::new(api.server.local_addr()).with_token(r.body["secret"].as_str().expect("secret"));
    let r = ok(keys.get(&path));
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!((r.body["ki"].as_str(), r.body["opc"].as_str()), (Some(KI), Some(OPC)));
    assert_eq!(ok(keys.get("/subscribers/001010000000999/credentials")).status, 404);

    let seq = r.body["audit_seq"].as_u64().expect("audit_seq");
    let record = ok(api.admin.get(&format!("/operations/{seq}")));
    assert_eq!(record.body["token"], "keys");
    assert_eq!(record.body["request"], "GET /subscribers/{imsi}/credentials");
    assert_eq!(record.body["key"], IMSI);
    assert!(record.body["time"].as_u64().is_some_and(|t| t > 0));
    let log = ok(api.admin.get("/operations?token=keys"));
    assert_eq!(items(&log).len(), 1);
    assert!(!log.body.to_string().contains(KI), "the log never holds the key");
}
