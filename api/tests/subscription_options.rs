//! The subscription options, APN profile options, extra MSISDNs and static IP uniqueness over
//! HTTP against an in-memory store: options round trips (create defaults, PATCH merging field
//! by field, `null` clearing), validation and unknown fields naming `options.<field>`, lookups
//! and conflicts by any number, static addresses unique per APN profile with the `/static-ips`
//! listings, and the bulk import enforcing the same.

use std::sync::Arc;

use api::client::{Client, ClientError, Reply};
use api::{ApiConfig, ApiServer};
use serde_json::{Value, json};
use store::{Imsi, MemStore, Msisdn, Store, StoreConfig};

struct Api {
    server: ApiServer,
    store: Arc<Store>,
}

impl Api {
    fn start() -> Self {
        let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
        let config = ApiConfig {
            addr: Some("127.0.0.1:0".parse().expect("address")),
            token: None,
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

fn apn_body(name: &str) -> Value {
    json!({
        "apn": name, "qci": 9,
        "arp": {"priority_level": 8, "pre_emption_capability": false,
                "pre_emption_vulnerability": true},
        "ambr": {"uplink": 50_000_000, "downlink": 100_000_000},
        "pdn_type": "ipv4v6"
    })
}

/// Creates APN profile `name` and returns its id.
fn apn(c: &Client, name: &str) -> u64 {
    let r = ok(c.post("/apn-profiles", &apn_body(name)));
    assert_eq!(r.status, 201, "{r:?}");
    r.body["id"].as_u64().expect("id")
}

/// A subscriber on `apns` (assignments as JSON) with `msisdn`.
fn sub(imsi: &str, msisdn: Option<&str>, apns: Value) -> Value {
    let mut v = json!({"imsi": imsi, "ue_ambr": {"uplink": 1_000_000, "downlink": 2_000_000},
                       "apns": apns});
    if let Some(m) = msisdn {
        v["msisdn"] = json!(m);
    }
    v
}

const A: &str = "001010000000001";
const B: &str = "001010000000002";
const C: &str = "001010000000003";

fn default_options() -> Value {
    json!({
        "disabled": false, "operator_determined_barring": 0, "hplmn_odb": 0,
        "access_restriction_data": 0, "periodic_tau_timer": null, "apn_oi_replacement": null,
        "charging_characteristics": null, "stn_sr": null, "ics_indicator": null,
        "a_msisdn": null, "ue_usage_type": null, "extra_msisdns": [],
        "non_3gpp": {"allowed": true, "apn_access": true, "apns": []},
        "roaming_profile": null, "eps_profile": null, "eps_overrides": []
    })
}

#[test]
fn subscriber_options_round_trip() {
    let api = Api::start();
    let c = api.client();
    let id = apn(&c, "internet");
    let r = ok(c.post("/subscribers", &sub(B, None, json!([{"profile": id}]))));
    assert_eq!((r.status, &r.body["options"]), (201, &default_options()), "defaults: {r:?}");

    // A roaming profile must exist to be named.
    let mut unknown = sub(A, None, json!([{"profile": id}]));
    unknown["options"] = json!({"roaming_profile": 4});
    let r = ok(c.post("/subscribers", &unknown));
    assert_eq!(err(&r), (422, Some("invalid"), Some("options.roaming_profile")));
    let profile = json!({"id": 4, "name": "partners", "default_data": true, "default_ims": true});
    assert_eq!(ok(c.post("/roaming-profiles", &profile)).status, 201);

    let given = json!({
        "disabled": true, "operator_determined_barring": 3, "hplmn_odb": 1,
        "access_restriction_data": 2, "periodic_tau_timer": 3240,
        "apn_oi_replacement": "mnc001.mcc001.gprs", "charging_characteristics": "0800",
        "stn_sr": "491720000001", "ics_indicator": true, "a_msisdn": "491720000002",
        "ue_usage_type": 5, "extra_msisdns": ["491790000002", "491790000003"],
        "non_3gpp": {"allowed": false}, "roaming_profile": 4
    });
    let mut body = sub(A, Some("491790000001"), json!([{"profile": id}]));
    body["options"] = given.clone();
    let r = ok(c.post("/subscribers", &body));
    assert_eq!(r.status, 201, "{r:?}");
    let mut expected = given;
    expected["non_3gpp"] = json!({"allowed": false, "apn_access": true, "apns": []});
    expected["eps_profile"] = Value::Null;
    expected["eps_overrides"] = json!([]);
    assert_eq!(r.body["options"], expected, "every field, absent ones at their default");
    assert_eq!(ok(c.get(&format!("/subscribers/{A}"))).body["options"], expected);
    let stored = api.store.subscriber(Imsi::parse(A).expect("IMSI")).expect("stored").subscriber;
    assert_eq!(stored.options.periodic_tau_timer, Some(3240));
    assert_eq!(stored.options.a_msisdn, Some(Msisdn::parse("491720000002").expect("MSISDN")));
    assert!(!stored.options.non_3gpp.allowed && stored.options.disabled);

    // PATCH: given fields replace, null clears, absent keeps; non_3gpp merges too.
    let patch = json!({"options": {"periodic_tau_timer": null, "stn_sr": null, "ue_usage_type": 7,
                                   "non_3gpp": {"apns": [id]}, "extra_msisdns": ["491790000004"]}});
    let r = ok(c.patch(&format!("/subscribers/{A}"), &patch));
    assert_eq!(r.status, 200, "{r:?}");
    expected["periodic_tau_timer"] = Value::Null;
    expected["stn_sr"] = Value::Null;
    expected["ue_usage_type"] = json!(7);
    expected["non_3gpp"] = json!({"allowed": false, "apn_access": true, "apns": [id]});
    expected["extra_msisdns"] = json!(["491790000004"]);
    assert_eq!(r.body["options"], expected);
    assert_eq!(ok(c.get(&format!("/subscribers/{A}"))).body["options"], expected);
    // A PATCH without options leaves them alone.
    let r = ok(c.patch(&format!("/subscribers/{A}"), &json!({"roaming_allowed": false})));
    assert_eq!((r.status, &r.body["options"]), (200, &expected));
    let r = ok(c.patch(&format!("/subscribers/{A}"), &json!({"options": {}})));
    assert_eq!((r.status, &r.body["options"]), (200, &expected));

    // null on a field that cannot be absent, or on options as a whole: refused.
    for (patch, field) in [
        (json!({"options": null}), "options"),
        (json!({"options": {"disabled": null}}), "options.disabled"),
        (json!({"options": {"extra_msisdns": null}}), "options.extra_msisdns"),
        (json!({"options": {"non_3gpp": {"allowed": null}}}), "options.non_3gpp.allowed"),
    ] {
        let r = ok(c.patch(&format!("/subscribers/{A}"), &patch));
        assert_eq!(err(&r), (422, Some("invalid"), Some(field)), "{patch}");
    }
    assert_eq!(ok(c.get(&format!("/subscribers/{A}"))).body["options"], expected, "unchanged");
}

#[test]
fn option_errors_name_the_option_field() {
    let api = Api::start();
    let c = api.client();
    let id = apn(&c, "internet");
    let cases: [(Value, &str); 12] = [
        (json!({"charging_characteristics": "08000"}), "options.charging_characteristics"),
        (json!({"access_restriction_data": 1 << 20}), "options.access_restriction_data"),
        (json!({"apn_oi_replacement": "a b"}), "options.apn_oi_replacement"),
        (json!({"extra_msisdns": ["491790000001"]}), "options.extra_msisdns"),
        (json!({"extra_msisdns": ["12ab"]}), "options.extra_msisdns[0]"),
        (json!({"non_3gpp": {"apns": [id + 1]}}), "options.non_3gpp.apns"),
        (json!({"roaming_profile": 0}), "options.roaming_profile"),
        (json!({"ue_usage_type": 256}), "options.ue_usage_type"),
        (json!({"stn_sr": "not digits"}), "options.stn_sr"),
        (json!({"periodic_tau_timer": -1}), "options.periodic_tau_timer"),
        (json!({"colour": 1}), "options.colour"),
        (json!({"non_3gpp": {"allowd": true}}), "options.non_3gpp.allowd"),
    ];
    for (options, field) in cases {
        let mut body = sub(A, Some("491790000001"), json!([{"profile": id}]));
        body["options"] = options.clone();
        let r = ok(c.post("/subscribers", &body));
        assert_eq!(err(&r), (422, Some("invalid"), Some(field)), "{options}: {r:?}");
    }
    assert_eq!(ok(c.get("/subscribers?page_size=1")).body["total"], 0, "nothing created");

    // The same through PATCH, where the store validates the merged options.
    let body = sub(A, Some("491790000001"), json!([{"profile": id}]));
    assert_eq!(ok(c.post("/subscribers", &body)).status, 201);
    let path = format!("/subscribers/{A}");
    for (options, field) in [
        (json!({"charging_characteristics": "zz"}), "options.charging_characteristics"),
        (json!({"non_3gpp": {"apns": [id, id]}}), "options.non_3gpp.apns"),
        (json!({"extra_msisdns": ["491790000001"]}), "options.extra_msisdns"),
        (json!({"colour": 1}), "options.colour"),
    ] {
        let r = ok(c.patch(&path, &json!({"options": options})));
        assert_eq!(err(&r), (422, Some("invalid"), Some(field)), "{options}: {r:?}");
    }
    // A change elsewhere that breaks the options names them too.
    let r = ok(c.patch(&path, &json!({"options": {"extra_msisdns": ["491790000002"]}})));
    assert_eq!(r.status, 200, "{r:?}");
    let r = ok(c.patch(&path, &json!({"msisdn": null})));
    assert_eq!(err(&r), (422, Some("invalid"), Some("options.extra_msisdns")), "{r:?}");
    let other = apn(&c, "ims");
    let with_both = json!({"apns": [{"profile": id}, {"profile": other}],
                           "options": {"non_3gpp": {"apns": [other]}}});
    assert_eq!(ok(c.patch(&path, &with_both)).status, 200);
    let r = ok(c.patch(&path, &json!({"apns": [{"profile": id}]})));
    assert_eq!(err(&r), (422, Some("invalid"), Some("options.non_3gpp.apns")), "{r:?}");
    // Core fields keep their own names.
    let r = ok(c.patch(&path, &json!({"msisdn": "12ab"})));
    assert_eq!(err(&r), (422, Some("invalid"), Some("msisdn")), "{r:?}");
}

#[test]
fn apn_profile_options_round_trip() {
    let api = Api::start();
    let c = api.client();
    let r = ok(c.post("/apn-profiles", &apn_body("internet")));
    let none = json!({"charging_characteristics": null, "vplmn_dynamic_address_allowed": null,
                      "pgw": null});
    assert_eq!((r.status, &r.body["options"]), (201, &none), "{r:?}");

    let mut body = apn_body("ims");
    body["options"] = json!({"charging_characteristics": "0800",
                             "vplmn_dynamic_address_allowed": true,
                             "pgw": {"address": "10.0.0.9", "host": "pgw1.epc.example",
                                     "realm": "epc.example"}});
    let r = ok(c.post("/apn-profiles", &body));
    assert_eq!(r.status, 201, "{r:?}");
    let id = r.body["id"].as_u64().expect("id");
    assert_eq!(r.body["options"], body["options"]);
    let path = format!("/apn-profiles/{id}");
    assert_eq!(ok(c.get(&path)).body["options"], body["options"]);

    let mut expected = body["options"].clone();
    let r = ok(c.patch(&path, &json!({"options": {"pgw": {"address": null}}})));
    expected["pgw"]["address"] = Value::Null;
    assert_eq!((r.status, &r.body["options"]), (200, &expected), "pgw merged: {r:?}");
    let r = ok(c.patch(&path, &json!({"options": {"charging_characteristics": null}})));
    expected["charging_characteristics"] = Value::Null;
    assert_eq!((r.status, &r.body["options"]), (200, &expected), "null clears, others kept");
    let r = ok(c.patch(&path, &json!({"qci": 5})));
    assert_eq!((r.status, &r.body["options"]), (200, &expected), "absent keeps");
    let r = ok(c.patch(&path, &json!({"options": {"pgw": null}})));
    expected["pgw"] = Value::Null;
    assert_eq!((r.status, &r.body["options"]), (200, &expected));
    assert_eq!(ok(c.get(&path)).body["options"], expected);

    for (options, field) in [
        (json!({"charging_characteristics": "xyz"}), "options.charging_characteristics"),
        (json!({"pgw": {"realm": "epc.example"}}), "options.pgw"),
        (json!({"pgw": {"host": "pgw1"}}), "options.pgw"),
        (json!({"pgw": {"address": "10.0.0.300"}}), "options.pgw.address"),
        (json!({"pgw": {"hots": "pgw1"}}), "options.pgw.hots"),
        (json!({"vplmn_dynamic": true}), "options.vplmn_dynamic"),
    ] {
        let mut body = apn_body("other");
        body["options"] = options.clone();
        let r = ok(c.post("/apn-profiles", &body));
        assert_eq!(err(&r), (422, Some("invalid"), Some(field)), "POST {options}: {r:?}");
        let r = ok(c.patch(&path, &json!({"options": options})));
        assert_eq!(err(&r), (422, Some("invalid"), Some(field)), "PATCH {options}: {r:?}");
    }
    assert_eq!(ok(c.get(&path)).body["options"], expected, "unchanged");
}

#[test]
fn every_number_finds_the_subscriber_and_is_unique() {
    let api = Api::start();
    let c = api.client();
    let id = apn(&c, "internet");
    let apns = json!([{"profile": id}]);
    let mut a = sub(A, Some("491790000001"), apns.clone());
    a["options"] = json!({"extra_msisdns": ["491790000011", "491790000012"]});
    assert_eq!(ok(c.post("/subscribers", &a)).status, 201);
    for m in ["491790000001", "491790000011", "491790000012"] {
        let r = ok(c.get(&format!("/subscribers/by-msisdn/{m}")));
        assert_eq!((r.status, r.body["imsi"].as_str()), (200, Some(A)), "{m}");
    }

    // Another subscriber may use none of them, as primary or as extra.
    let r = ok(c.post("/subscribers", &sub(B, Some("491790000011"), apns.clone())));
    assert_eq!(err(&r), (409, Some("subscriber.duplicate"), Some("msisdn")));
    let mut b = sub(B, Some("491790000002"), apns.clone());
    b["options"] = json!({"extra_msisdns": ["491790000001"]});
    let r = ok(c.post("/subscribers", &b));
    assert_eq!(err(&r), (409, Some("subscriber.duplicate"), Some("options.extra_msisdns")));
    b["options"] = json!({"extra_msisdns": ["491790000021"]});
    assert_eq!(ok(c.post("/subscribers", &b)).status, 201);
    let r = ok(c.get("/subscribers/by-msisdn/491790000021"));
    assert_eq!(r.body["imsi"].as_str(), Some(B));
    let b_path = format!("/subscribers/{B}");
    let r = ok(c.patch(&b_path, &json!({"options": {"extra_msisdns": ["491790000012"]}})));
    assert_eq!(err(&r), (409, Some("subscriber.duplicate"), Some("options.extra_msisdns")));
    let r = ok(c.patch(&b_path, &json!({"msisdn": "491790000012"})));
    assert_eq!(err(&r), (409, Some("subscriber.duplicate"), Some("msisdn")));

    // A number given up is free at once, and found under its new holder.
    let a_path = format!("/subscribers/{A}");
    let r = ok(c.patch(&a_path, &json!({"options": {"extra_msisdns": ["491790000011"]}})));
    assert_eq!(r.status, 200, "{r:?}");
    let r = ok(c.get("/subscribers/by-msisdn/491790000012"));
    assert_eq!(err(&r), (404, Some("subscriber.not_found"), None));
    let r = ok(c.patch(&b_path, &json!({"options": {"extra_msisdns": ["491790000012"]}})));
    assert_eq!(r.status, 200, "{r:?}");
    let r = ok(c.get("/subscribers/by-msisdn/491790000012"));
    assert_eq!(r.body["imsi"].as_str(), Some(B));
    let r = ok(c.get("/subscribers/by-msisdn/491790000021"));
    assert_eq!(r.status, 404, "B's replaced extra number is gone");

    assert_eq!(ok(c.delete(&b_path)).status, 200);
    for m in ["491790000002", "491790000012"] {
        assert_eq!(ok(c.get(&format!("/subscribers/by-msisdn/{m}"))).status, 404, "{m}");
    }
    let mut again = sub(C, Some("491790000012"), apns);
    again["options"] = json!({"extra_msisdns": ["491790000002"]});
    assert_eq!(ok(c.post("/subscribers", &again)).status, 201, "B's numbers are free");
}

#[test]
fn static_ips_are_unique_per_apn_and_listed() {
    let api = Api::start();
    let c = api.client();
    let one = apn(&c, "internet");
    let two = apn(&c, "ims");
    let a = sub(
        A,
        None,
        json!([{"profile": one, "static_ipv4": "10.45.0.7", "static_ipv6": "2001:db8::7"}]),
    );
    assert_eq!(ok(c.post("/subscribers", &a)).status, 201);
    let b = sub(B, None, json!([{"profile": one, "static_ipv4": "10.45.0.7"}]));
    let r = ok(c.post("/subscribers", &b));
    assert_eq!(err(&r), (409, Some("subscriber.duplicate"), Some("apns[0].static_ipv4")));
    let b = sub(B, None, json!([{"profile": two}, {"profile": one, "static_ipv6": "2001:db8::7"}]));
    let r = ok(c.post("/subscribers", &b));
    assert_eq!(err(&r), (409, Some("subscriber.duplicate"), Some("apns[1].static_ipv6")));
    let b = sub(B, None, json!([{"profile": two, "static_ipv4": "10.45.0.7"}, {"profile": one}]));
    assert_eq!(ok(c.post("/subscribers", &b)).status, 201, "the same address on another APN");

    let r = ok(c.get("/static-ips"));
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(
        r.body,
        json!({"items": [
            {"apn_profile": one, "address": "10.45.0.7", "imsi": A},
            {"apn_profile": one, "address": "2001:db8::7", "imsi": A},
            {"apn_profile": two, "address": "10.45.0.7", "imsi": B},
        ], "page": 1, "page_size": 100, "total": 3})
    );
    let r = ok(c.get("/static-ips?page=2&page_size=2"));
    assert_eq!(r.body["items"], json!([{"apn_profile": two, "address": "10.45.0.7", "imsi": B}]));
    assert_eq!(r.body["total"], 3);
    let r = ok(c.get("/static-ips?page_size=0"));
    assert_eq!(err(&r), (422, Some("invalid"), Some("page_size")));

    let r = ok(c.get("/static-ips/10.45.0.7"));
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(
        r.body,
        json!({"address": "10.45.0.7", "holders": [
            {"apn_profile": one, "imsi": A}, {"apn_profile": two, "imsi": B}]})
    );
    let r = ok(c.get("/static-ips/2001:db8::7"));
    assert_eq!(r.body["holders"], json!([{"apn_profile": one, "imsi": A}]));
    let r = ok(c.get("/static-ips/10.45.0.8"));
    assert_eq!(err(&r), (404, Some("static_ip.not_found"), None));
    let r = ok(c.get("/static-ips/not-an-address"));
    assert_eq!(err(&r), (422, Some("invalid"), Some("address")));

    // An update may not take another's address on the same APN; a moved address is free.
    let b_path = format!("/subscribers/{B}");
    let taken = json!({"apns": [{"profile": two, "static_ipv4": "10.45.0.7"},
                                {"profile": one, "static_ipv4": "10.45.0.7"}]});
    let r = ok(c.patch(&b_path, &taken));
    assert_eq!(err(&r), (409, Some("subscriber.duplicate"), Some("apns[1].static_ipv4")));
    let moved = json!({"apns": [{"profile": one, "static_ipv4": "10.45.0.8",
                                 "static_ipv6": "2001:db8::7"}]});
    assert_eq!(ok(c.patch(&format!("/subscribers/{A}"), &moved)).status, 200);
    assert_eq!(ok(c.patch(&b_path, &taken)).status, 200, "10.45.0.7 is free on APN one");
    let r = ok(c.get("/static-ips/10.45.0.7"));
    assert_eq!(
        r.body["holders"],
        json!([{"apn_profile": one, "imsi": B}, {"apn_profile": two, "imsi": B}])
    );

    assert_eq!(ok(c.delete(&format!("/subscribers/{A}"))).status, 200);
    assert_eq!(ok(c.get("/static-ips/2001:db8::7")).status, 404);
    assert_eq!(ok(c.get("/static-ips/10.45.0.8")).status, 404);
    let r = ok(c.get("/static-ips"));
    assert_eq!(r.body["total"], 2);
    assert_eq!(r.body["items"].as_array().map(Vec::len), Some(2));
}

#[test]
fn the_import_enforces_numbers_and_addresses() {
    let api = Api::start();
    let c = api.client();
    let one = apn(&c, "internet");
    let two = apn(&c, "ims");
    let mut existing =
        sub(A, Some("491790000001"), json!([{"profile": one, "static_ipv4": "10.45.0.1"}]));
    existing["options"] = json!({"extra_msisdns": ["491790000011"]});
    assert_eq!(ok(c.post("/subscribers", &existing)).status, 201);

    let line = |imsi: &str, msisdn: Option<&str>, apns: Value, options: Value| {
        let mut v = sub(imsi, msisdn, apns);
        v["options"] = options;
        v.to_string()
    };
    let ip = |profile: u64, address: &str| json!([{"profile": profile, "static_ipv4": address}]);
    let plain = json!([{"profile": one}]);
    let lines = [
        // 1: imported, with an extra number and an address.
        line(
            "001010000000101",
            Some("491790000101"),
            ip(one, "10.45.0.2"),
            json!({"extra_msisdns": ["491790000102"]}),
        ),
        // 2: an extra number held in the store.
        line(
            "001010000000102",
            Some("491790000201"),
            plain.clone(),
            json!({"extra_msisdns": ["491790000011"]}),
        ),
        // 3: a primary number that line 1 holds as an extra.
        line("001010000000103", Some("491790000102"), plain.clone(), json!({})),
        // 4: an address on APN one held in the store.
        line("001010000000104", None, ip(one, "10.45.0.1"), json!({})),
        // 5: an address line 1 took on APN one.
        line("001010000000105", None, ip(one, "10.45.0.2"), json!({})),
        // 6: the same address on APN two: imported.
        line("001010000000106", None, ip(two, "10.45.0.2"), json!({})),
        // 7: a bad option value.
        line("001010000000107", None, plain.clone(), json!({"charging_characteristics": "08"})),
        // 8: an unknown option.
        line("001010000000108", None, plain, json!({"colour": "red"})),
    ];
    let text = lines.join("\n") + "\n";
    let r = ok(c.send("POST", "/subscribers/import", Some(&text), Some("application/x-ndjson")));
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!((r.body["imported"].as_u64(), r.body["failed"].as_u64()), (Some(2), Some(6)));
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
            (2, "subscriber.duplicate", "options.extra_msisdns"),
            (3, "subscriber.duplicate", "msisdn"),
            (4, "subscriber.duplicate", "apns[0].static_ipv4"),
            (5, "subscriber.duplicate", "apns[0].static_ipv4"),
            (7, "invalid", "options.charging_characteristics"),
            (8, "invalid", "options.colour"),
        ]
    );
    let r = ok(c.get("/subscribers/by-msisdn/491790000102"));
    assert_eq!(r.body["imsi"].as_str(), Some("001010000000101"));
    assert_eq!(ok(c.get("/subscribers/by-msisdn/491790000201")).status, 404, "line 2 failed");
    let r = ok(c.get("/static-ips/10.45.0.2"));
    assert_eq!(
        r.body["holders"],
        json!([{"apn_profile": one, "imsi": "001010000000101"},
               {"apn_profile": two, "imsi": "001010000000106"}])
    );
    assert_eq!(ok(c.get("/static-ips")).body["total"], 3);
}
