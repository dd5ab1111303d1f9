//! The REST API over HTTP on a loopback port, against an in-memory store: every resource's
//! create/read/list/update/delete, the error shape and status of each failure, secrets never
//! returned, the write token, and writes visible through the store at once.

use std::sync::Arc;

use api::client::{Client, ClientError, Reply};
use api::{ApiConfig, ApiServer};
use serde_json::{Value, json};
use store::{Imsi, MemStore, SeededRand, Store, StoreConfig};

struct Api {
    server: ApiServer,
    store: Arc<Store>,
}

impl Api {
    fn start(token: Option<&str>) -> Self {
        let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
        let config = ApiConfig {
            addr: Some("127.0.0.1:0".parse().expect("address")),
            token: token.map(Into::into),
            workers: 1,
            ..Default::default()
        };
        let server = ApiServer::start(store.clone(), None, &config).expect("API starts");
        Self { server, store }
    }

    fn client(&self) -> Client {
        Client::new(self.server.local_addr())
    }
}

fn ok(reply: Result<Reply, ClientError>) -> Reply {
    reply.expect("the API answers")
}

/// (status, error code, error field) of a reply.
fn err(r: &Reply) -> (u16, Option<&str>, Option<&str>) {
    (r.status, r.error_code(), r.error_field())
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
    json!({
        "imsi": imsi, "msisdn": "491790000001",
        "ue_ambr": {"uplink": 1_000_000, "downlink": 2_000_000},
        "apns": [{"profile": apn, "static_ipv4": "10.45.0.7"}]
    })
}

const KI: &str = "465b5ce8b199b49faa5f0a2ee238a6bc";
const OPC: &str = "cd63cb71954a9f4e48a5994e37a02baf";

#[test]
fn health() {
    let api = Api::start(None);
    let r = ok(api.client().get("/health"));
    assert_eq!((r.status, r.body), (200, json!({"status": "ok"})));
}

#[test]
fn apn_profile_crud() {
    let api = Api::start(None);
    let c = api.client();
    let r = ok(c.post("/apn-profiles", &internet()));
    assert_eq!(r.status, 201, "{r:?}");
    assert_eq!(r.body["id"], 1, "the first free id");
    assert_eq!(r.body["arp"]["priority_level"], 8);
    assert_eq!(r.body["pdn_type"], "ipv4v6");
    let mut ims = internet();
    ims["apn"] = json!("ims");
    ims["id"] = json!(7);
    assert_eq!(ok(c.post("/apn-profiles", &ims)).body["id"], 7);
    let r = ok(c.post("/apn-profiles", &internet()));
    assert_eq!(r.body["id"], 2, "the lowest free id");

    let r = ok(c.post("/apn-profiles", &ims));
    assert_eq!(err(&r), (409, Some("apn_profile.duplicate"), Some("id")));

    let r = ok(c.get("/apn-profiles?page=1&page_size=2"));
    assert_eq!(r.status, 200);
    assert_eq!((r.body["total"].as_u64(), r.body["page"].as_u64()), (Some(3), Some(1)));
    let items = r.body["items"].as_array().expect("items");
    let ids: Vec<_> = items.iter().map(|i| i["id"].clone()).collect();
    assert_eq!(ids, [json!(1), json!(2)]);
    let r = ok(c.get("/apn-profiles?page=2&page_size=2"));
    assert_eq!(r.body["items"][0]["id"], 7);
    let r = ok(c.get("/apn-profiles?page=9&page_size=2"));
    assert_eq!(
        (r.status, r.body["items"].as_array().map(Vec::len)),
        (200, Some(0)),
        "past the end"
    );

    let r = ok(c.patch("/apn-profiles/7", &json!({"qci": 5, "arp": {"priority_level": 2}})));
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.body["qci"], 5);
    assert_eq!(r.body["arp"]["priority_level"], 2);
    assert_eq!(r.body["arp"]["pre_emption_vulnerability"], true, "untouched fields stay");
    assert_eq!(ok(c.get("/apn-profiles/7")).body["qci"], 5);

    assert_eq!(ok(c.delete("/apn-profiles/2")).status, 204);
    let r = ok(c.get("/apn-profiles/2"));
    assert_eq!(err(&r), (404, Some("apn_profile.not_found"), None));
    assert_eq!(ok(c.delete("/apn-profiles/2")).status, 404);
    assert_eq!(ok(c.patch("/apn-profiles/2", &json!({"qci": 5}))).status, 404);
}

#[test]
fn apn_profile_validation_names_the_field() {
    let api = Api::start(None);
    let c = api.client();
    let arp_16 = json!({"priority_level": 16, "pre_emption_capability": false,
                        "pre_emption_vulnerability": false});
    let cases: [(&str, Value); 7] = [
        ("qci", json!(10)),
        ("apn", json!("bad_label")),
        ("pdn_type", json!("ipv5")),
        ("arp.priority_level", arp_16),
        ("ambr", json!({"uplink": 0, "downlink": 1})),
        ("id", json!(0)),
        ("ambr.downlink", json!({"uplink": 1})),
    ];
    for (field, value) in cases {
        let mut body = internet();
        let key = field.split('.').next().expect("name");
        body[key] = value;
        let r = ok(c.post("/apn-profiles", &body));
        assert_eq!(err(&r), (422, Some("invalid"), Some(field)), "{r:?}");
    }
    let mut body = internet();
    body.as_object_mut().expect("object").remove("qci");
    assert_eq!(ok(c.post("/apn-profiles", &body)).error_field(), Some("qci"), "missing field");
    body = internet();
    body["colour"] = json!("red");
    assert_eq!(ok(c.post("/apn-profiles", &body)).status, 422, "unknown field");
    let r = ok(c.send("POST", "/apn-profiles", Some("{\"apn\": "), Some("application/json")));
    assert_eq!(err(&r).0, 400);
    assert_eq!(r.error_code(), Some("bad_request"));
    let r = ok(c.send("POST", "/apn-profiles", Some(&internet().to_string()), Some("text/plain")));
    assert_eq!(err(&r), (415, Some("unsupported_media_type"), None));
    let r = ok(c.get("/apn-profiles/zero"));
    assert_eq!(err(&r), (422, Some("invalid"), Some("id")));
    let r = ok(c.get("/apn-profiles?page_size=5000"));
    assert_eq!(err(&r), (422, Some("invalid"), Some("page_size")));
    let r = ok(c.get("/no/such/thing"));
    assert_eq!(err(&r), (404, Some("not_found"), None));
    let r = ok(c.send("PUT", "/apn-profiles", None, None));
    assert_eq!(err(&r), (405, Some("method_not_allowed"), None));
}

#[test]
fn auth_data_secrets_go_in_and_never_come_out() {
    let api = Api::start(None);
    let c = api.client();
    let imsi = "001010000000001";
    let r = ok(c.post("/auth-data", &json!({"imsi": imsi, "ki": KI, "opc": OPC, "sqn": 96})));
    assert_eq!(r.status, 201, "{r:?}");
    let text = r.body.to_string();
    assert!(!text.contains(KI) && !text.contains(OPC), "secrets are never returned: {text}");
    assert_eq!(
        r.body,
        json!({"imsi": imsi, "ki_set": true, "opc_set": true, "opc_source": "opc",
               "amf": "8000", "sqn": 96})
    );
    let r = ok(c.post("/auth-data", &json!({"imsi": imsi, "ki": KI, "opc": OPC})));
    assert_eq!(err(&r), (409, Some("auth_data.duplicate"), Some("imsi")));

    let r = ok(c.patch(&format!("/auth-data/{imsi}"), &json!({"amf": "0000", "op": OPC})));
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!((r.body["amf"].as_str(), r.body["opc_source"].as_str()), (Some("0000"), Some("op")));
    let r = ok(c.patch(&format!("/auth-data/{imsi}"), &json!({"ki": KI})));
    assert_eq!(err(&r), (422, Some("invalid"), Some("opc")), "a new Ki needs its OPc");
    let r = ok(c.get("/auth-data"));
    assert_eq!(r.body["total"], 1);
    assert_eq!(r.body["items"][0]["imsi"], imsi);
    assert!(!r.body.to_string().contains(KI));

    let other = "001010000000002";
    for (body, field) in [
        (json!({"imsi": "0010100000000002", "ki": KI, "opc": OPC}), "imsi"),
        (json!({"imsi": other, "ki": "00", "opc": OPC}), "ki"),
        (json!({"imsi": other, "ki": KI, "opc": "zz"}), "opc"),
        (json!({"imsi": other, "ki": KI}), "opc"),
        (json!({"imsi": other, "ki": KI, "opc": OPC, "op": OPC}), "op"),
        (json!({"imsi": other, "ki": KI, "opc": OPC, "amf": "80"}), "amf"),
        (json!({"imsi": other, "ki": KI, "opc": OPC, "sqn": 1u64 << 48}), "sqn"),
    ] {
        let r = ok(c.post("/auth-data", &body));
        assert_eq!(err(&r), (422, Some("invalid"), Some(field)), "{body}");
    }
    assert_eq!(ok(c.delete(&format!("/auth-data/{imsi}"))).status, 204);
    assert_eq!(ok(c.get(&format!("/auth-data/{imsi}"))).status, 404);
}

#[test]
fn provisioned_keys_are_the_ones_the_auc_uses() {
    let api = Api::start(None);
    let c = api.client();
    let imsi = "001010000000001";
    let apn = ok(c.post("/apn-profiles", &internet())).body["id"].as_u64().expect("id");
    assert_eq!(ok(c.post("/subscribers", &subscriber(imsi, apn))).status, 201);
    assert_eq!(ok(c.post("/auth-data", &json!({"imsi": imsi, "ki": KI, "opc": OPC}))).status, 201);
    let plmn = store::auc::PlmnId::from_mcc_mnc("001", "01").expect("PLMN");
    let imsi = Imsi::parse(imsi).expect("IMSI");
    let mut v = Vec::new();
    api.store
        .eutran_vectors(imsi.key(), 1, &plmn, &mut SeededRand::new(1), &mut v)
        .expect("vectors from the provisioned keys");
    let k = hex::decode(KI).expect("hex");
    let opc = hex::decode(OPC).expect("hex");
    let m = store::auc::Milenage::new(
        &k.try_into().expect("16 octets"),
        &opc.try_into().expect("16 octets"),
    );
    assert_eq!(v[0].xres, m.f2345(&v[0].rand).res, "XRES from Ki and OPc");
}

#[test]
fn subscriber_crud_and_references() {
    let api = Api::start(None);
    let c = api.client();
    let apn = ok(c.post("/apn-profiles", &internet())).body["id"].as_u64().expect("id");
    let imsi = "001010000000001";
    let r = ok(c.post("/subscribers", &subscriber(imsi, apn)));
    assert_eq!(r.status, 201, "{r:?}");
    assert_eq!(
        r.body,
        json!({
            "imsi": imsi, "msisdn": "491790000001", "status": "service_granted",
            "network_access_mode": "only_packet",
            "ue_ambr": {"uplink": 1_000_000, "downlink": 2_000_000},
            "apns": [{"profile": apn, "static_ipv4": "10.45.0.7", "static_ipv6": null}],
            "default_apn": apn, "roaming_allowed": true, "serving_mme": null,
            "options": {
                "disabled": false, "operator_determined_barring": 0, "hplmn_odb": 0,
                "access_restriction_data": 0, "periodic_tau_timer": null,
                "apn_oi_replacement": null, "charging_characteristics": null, "stn_sr": null,
                "ics_indicator": null, "a_msisdn": null, "ue_usage_type": null,
                "extra_msisdns": [],
                "non_3gpp": {"allowed": true, "apn_access": true, "apns": []},
                "roaming_profile": null, "eps_profile": null, "eps_overrides": []
            }
        })
    );
    let r = ok(c.post("/subscribers", &subscriber(imsi, apn)));
    assert_eq!(err(&r), (409, Some("subscriber.duplicate"), Some("imsi")));
    let r = ok(c.post("/subscribers", &subscriber("001010000000002", apn)));
    assert_eq!(err(&r), (409, Some("subscriber.duplicate"), Some("msisdn")));
    assert_eq!(ok(c.get("/subscribers/by-msisdn/491790000001")).body["imsi"], imsi);

    let r = ok(c.delete(&format!("/apn-profiles/{apn}")));
    assert_eq!(err(&r), (409, Some("apn_profile.in_use"), None));

    let patch = json!({"msisdn": null, "roaming_allowed": false,
                       "status": "operator_determined_barring", "ue_ambr": {"downlink": 9}});
    let r = ok(c.patch(&format!("/subscribers/{imsi}"), &patch));
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.body["msisdn"], Value::Null);
    assert_eq!(r.body["roaming_allowed"], false);
    assert_eq!(r.body["ue_ambr"], json!({"uplink": 1_000_000, "downlink": 9}));
    assert_eq!(r.body["status"], "operator_determined_barring");
    assert_eq!(ok(c.get("/subscribers/by-msisdn/491790000001")).status, 404, "index follows");
    // The store sees the write at once (the Diameter path reads the same store).
    let rec = api.store.subscriber(Imsi::parse(imsi).expect("IMSI")).expect("stored");
    assert!(!rec.subscriber.roaming_allowed);

    let path = format!("/subscribers/{imsi}");
    let r = ok(c.patch(&path, &json!({"serving_mme": null})));
    assert_eq!(r.status, 422, "serving_mme is read-only");
    let r = ok(c.patch(&path, &json!({"apns": [{"profile": 99}]})));
    assert_eq!(err(&r), (422, Some("invalid"), Some("apns")), "unknown APN profile");
    let bad_ip = json!({"apns": [{"profile": apn, "static_ipv4": "10.0.0.300"}]});
    let r = ok(c.patch(&path, &bad_ip));
    assert_eq!(err(&r), (422, Some("invalid"), Some("apns[0].static_ipv4")));

    let r = ok(c.get("/subscribers?page_size=10"));
    assert_eq!((r.status, r.body["total"].as_u64()), (200, Some(1)));
    let auth = json!({"imsi": imsi, "ki": KI, "opc": OPC});
    assert_eq!(ok(c.post("/auth-data", &auth)).status, 201);
    let r = ok(c.delete(&path));
    assert_eq!((r.status, &r.body["pushed"]), (200, &json!([])), "{r:?}");
    assert_eq!(ok(c.get(&path)).status, 404);
    assert_eq!(ok(c.get(&format!("/auth-data/{imsi}"))).status, 404, "auth data goes with it");
    assert_eq!(ok(c.delete(&format!("/apn-profiles/{apn}"))).status, 204, "no longer in use");
}

#[test]
fn subscriber_validation_names_the_field() {
    let api = Api::start(None);
    let c = api.client();
    let apn = ok(c.post("/apn-profiles", &internet())).body["id"].as_u64().expect("id");
    let base = subscriber("001010000000001", apn);
    let cases: [(&str, Value); 6] = [
        ("imsi", json!("0010100000000001")),
        ("msisdn", json!("49x")),
        ("apns", json!([])),
        ("default_apn", json!(apn + 1)),
        ("status", json!("dormant")),
        ("ue_ambr", json!({"uplink": 0, "downlink": 1})),
    ];
    for (field, value) in cases {
        let mut body = base.clone();
        body[field] = value;
        let r = ok(c.post("/subscribers", &body));
        assert_eq!(err(&r), (422, Some("invalid"), Some(field)), "{body}");
    }
    let mut body = base;
    body.as_object_mut().expect("object").remove("apns");
    assert_eq!(ok(c.post("/subscribers", &body)).error_field(), Some("apns"));
    assert_eq!(ok(c.get("/subscribers/12")).error_field(), Some("imsi"));
}

#[test]
fn requests_need_the_token_when_one_is_set() {
    let api = Api::start(Some("s3cret"));
    let c = api.client();
    let r = ok(c.post("/apn-profiles", &internet()));
    assert_eq!(err(&r), (401, Some("unauthorized"), None));
    let wrong = Client::new(api.server.local_addr()).with_token("s3creT");
    assert_eq!(ok(wrong.post("/apn-profiles", &internet())).status, 401);
    assert_eq!(ok(c.get("/apn-profiles")).status, 401, "reads need a token too");
    assert_eq!(ok(c.get("/health")).status, 200, "health needs none");
    let right = Client::new(api.server.local_addr()).with_token("s3cret");
    assert_eq!(ok(right.get("/apn-profiles")).status, 200);
    assert_eq!(ok(right.post("/apn-profiles", &internet())).status, 201);
}

#[test]
fn patch_refuses_null_where_a_field_cannot_be_removed() {
    let api = Api::start(None);
    let c = api.client();
    let apn = ok(c.post("/apn-profiles", &internet())).body["id"].as_u64().expect("id");
    let imsi = "001010000000001";
    assert_eq!(ok(c.post("/subscribers", &subscriber(imsi, apn))).status, 201);
    let path = format!("/subscribers/{imsi}");
    for field in ["status", "apns", "roaming_allowed", "ue_ambr"] {
        let r = ok(c.patch(&path, &json!({ field: null })));
        assert_eq!(err(&r), (422, Some("invalid"), Some(field)), "{r:?}");
    }
    let r = ok(c.patch(&format!("/apn-profiles/{apn}"), &json!({"qci": null})));
    assert_eq!(err(&r), (422, Some("invalid"), Some("qci")));
    let auth = json!({"imsi": imsi, "ki": KI, "opc": OPC});
    assert_eq!(ok(c.post("/auth-data", &auth)).status, 201);
    let r = ok(c.patch(&format!("/auth-data/{imsi}"), &json!({"opc": null})));
    assert_eq!(err(&r), (422, Some("invalid"), Some("opc")));

    // A new APN list without the default moves the default to its first entry.
    let mut ims = internet();
    ims["apn"] = json!("ims");
    let ims = ok(c.post("/apn-profiles", &ims)).body["id"].as_u64().expect("id");
    let r = ok(c.patch(&path, &json!({"apns": [{"profile": ims}]})));
    assert_eq!((r.status, r.body["default_apn"].as_u64()), (200, Some(ims)));
}

#[test]
fn bad_paths_and_tokens_get_the_error_shape() {
    let api = Api::start(Some("s3cret"));
    let c = api.client();
    let bearer = Client::new(api.server.local_addr()).with_token("s3cret");
    let r = ok(bearer.get("/subscribers/%FF"));
    assert_eq!(err(&r), (400, Some("bad_request"), None));
    let lower = ok(c.send("DELETE", "/apn-profiles/1", None, None));
    assert_eq!(lower.status, 401);
    assert_eq!(ok(bearer.delete("/apn-profiles/1")).status, 404, "authorised, then not found");
}

#[test]
fn shutdown_does_not_wait_for_a_client_that_never_finishes_its_request() {
    use std::io::Write;
    let api = Api::start(None);
    let mut stalled = std::net::TcpStream::connect(api.server.local_addr()).expect("connect");
    stalled.write_all(b"POST /apn-profiles HTTP/1.1\r\nHost: x\r\n").expect("half a request");
    let (done, finished) = std::sync::mpsc::channel();
    let Api { server, .. } = api;
    std::thread::spawn(move || {
        server.shutdown();
        let _ = done.send(());
    });
    let bound = api::SHUTDOWN_GRACE * 4;
    assert!(finished.recv_timeout(bound).is_ok(), "shutdown still waiting after {bound:?}");
}

fn ndjson_line(imsi: &str, msisdn: Option<&str>, apn: u64, auth: bool) -> String {
    let mut v = json!({"imsi": imsi, "ue_ambr": {"uplink": 1, "downlink": 2},
                       "apns": [{"profile": apn}]});
    if let Some(m) = msisdn {
        v["msisdn"] = json!(m);
    }
    if auth {
        v["auth"] = json!({"ki": KI, "opc": OPC, "sqn": 32});
    }
    v.to_string()
}

#[test]
fn bulk_import_reports_each_failed_line_and_imports_the_rest() {
    let api = Api::start(None);
    let c = api.client();
    let apn = ok(c.post("/apn-profiles", &internet())).body["id"].as_u64().expect("id");
    let mut body: Vec<String> = (0..50)
        .map(|i| ndjson_line(&format!("0010100000001{i:02}"), None, apn, i % 2 == 0))
        .collect();
    body.insert(3, String::new()); // blank lines are skipped
    body.insert(10, ndjson_line("001010000000100", None, apn, true)); // IMSI twice
    body.insert(20, "{\"imsi\": ".into()); // not JSON
    body.insert(30, ndjson_line("001010000000999", None, 77, true)); // unknown APN profile
    let mut bad_key = json!({"imsi": "001010000000998", "ue_ambr": {"uplink": 1, "downlink": 2},
                             "apns": [{"profile": apn}], "auth": {"ki": "00", "opc": OPC}});
    body.push(bad_key.to_string());
    bad_key["colour"] = json!("red");
    body.push(bad_key.to_string());
    let text = body.join("\n") + "\n";
    let r = ok(c.send("POST", "/subscribers/import", Some(&text), Some("application/x-ndjson")));
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!((r.body["imported"].as_u64(), r.body["failed"].as_u64()), (Some(50), Some(5)));
    let errors: Vec<(u64, &str, &str)> = r.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            let field = e["error"]["field"].as_str().unwrap_or("-");
            (e["line"].as_u64().expect("line"), e["error"]["code"].as_str().expect("code"), field)
        })
        .collect();
    assert_eq!(
        errors,
        [
            (11, "subscriber.duplicate", "imsi"),
            (21, "bad_request", "imsi"), // where the JSON broke off
            (31, "invalid", "apns"),
            (55, "invalid", "auth.ki"),
            (56, "invalid", "colour"),
        ]
    );
    assert_eq!(ok(c.get("/subscribers?page_size=1")).body["total"], 50);
    assert_eq!(ok(c.get("/auth-data?page_size=1")).body["total"], 25);
    let r = ok(c.get("/auth-data/001010000000100"));
    assert_eq!((r.body["sqn"].as_u64(), r.body["ki_set"].as_bool()), (Some(32), Some(true)));
    assert!(!r.body.to_string().contains(KI));

    let again =
        ok(c.send("POST", "/subscribers/import", Some(&text), Some("application/x-ndjson")));
    assert_eq!(
        (again.body["imported"].as_u64(), again.body["failed"].as_u64()),
        (Some(0), Some(55))
    );
    let r = ok(c.send("POST", "/subscribers/import", Some(&text), Some("text/csv")));
    assert_eq!(err(&r), (415, Some("unsupported_media_type"), None));
}

#[test]
fn a_subscriber_can_be_created_with_its_keys_in_one_request() {
    let api = Api::start(None);
    let c = api.client();
    let apn = ok(c.post("/apn-profiles", &internet())).body["id"].as_u64().expect("id");
    let mut body = subscriber("001010000000001", apn);
    body["auth"] = json!({"ki": KI, "op": OPC, "amf": "9000"});
    let r = ok(c.post("/subscribers", &body));
    assert_eq!(r.status, 201, "{r:?}");
    assert!(r.body.get("auth").is_none(), "keys are not echoed");
    let r = ok(c.get("/auth-data/001010000000001"));
    assert_eq!((r.body["opc_source"].as_str(), r.body["amf"].as_str()), (Some("op"), Some("9000")));
    body["imsi"] = json!("001010000000002");
    body["msisdn"] = json!("491790000002");
    body["auth"] = json!({"ki": KI});
    let r = ok(c.post("/subscribers", &body));
    assert_eq!(err(&r), (422, Some("invalid"), Some("auth.opc")));
    assert_eq!(ok(c.get("/subscribers/001010000000002")).status, 404, "nothing half-written");
}
