//! The API's real answers against its document: a provisioning session over every kind of
//! resource (APN, EPS and roaming profiles, subscribers and keys, the AuC, IMS subscriptions
//! and iFC sets, Sh data and permissions, the EIR, the cache, the operation log, tokens, the
//! import), errors included, and each answer's status must be one the document lists for the
//! operation and its body must match the document's schema for it. The check is strict: an
//! object with a member the schema does not name fails, so a field added to a type and not to
//! the document (the store's types are mirrored in `src/openapi/model.rs`) is caught here.

use std::sync::Arc;

use api::client::{Client, Reply};
use api::{ApiConfig, ApiServer};
use serde_json::{Map, Value, json};
use store::{MemStore, Store, StoreConfig};

const IMSI: &str = "001010000000001";
const REALM: &str = "ims.mnc001.mcc001.3gppnetwork.org";

/// A subset of JSON Schema, as utoipa writes it: `$ref`, `allOf`, `oneOf`, `anyOf`, `enum`,
/// `type` (one or a list), `properties`, `required`, `additionalProperties`, `items`. Objects
/// are closed: a member no schema names is an error.
struct Schemas<'a> {
    components: &'a Map<String, Value>,
}

impl Schemas<'_> {
    fn resolve<'s>(&'s self, schema: &'s Value) -> &'s Value {
        match schema["$ref"].as_str() {
            Some(r) => {
                let name = r.trim_start_matches("#/components/schemas/");
                self.resolve(self.components.get(name).unwrap_or_else(|| panic!("no schema {r}")))
            }
            None => schema,
        }
    }

    /// The properties and required members of an object schema, `allOf` parts merged.
    fn object(&self, schema: &Value, props: &mut Map<String, Value>, required: &mut Vec<String>) {
        let schema = self.resolve(schema);
        for part in schema["allOf"].as_array().into_iter().flatten() {
            self.object(part, props, required);
        }
        if let Some(p) = schema["properties"].as_object() {
            props.extend(p.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        for r in schema["required"].as_array().into_iter().flatten() {
            required.extend(r.as_str().map(str::to_owned));
        }
    }

    fn check(&self, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
        let schema = self.resolve(schema);
        if schema.as_object().is_some_and(Map::is_empty) || schema == &json!(true) {
            return;
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(choices) = schema[key].as_array() {
                let fits = choices.iter().any(|c| {
                    let mut e = Vec::new();
                    self.check(c, v, at, &mut e);
                    e.is_empty()
                });
                if !fits {
                    errors.push(format!("{at}: {v} fits none of {key} {choices:?}"));
                }
                return;
            }
        }
        if let Some(values) = schema["enum"].as_array()
            && !values.contains(v)
        {
            errors.push(format!("{at}: {v} is not one of {values:?}"));
        }
        let types: Vec<&str> = match &schema["type"] {
            Value::String(t) => vec![t.as_str()],
            Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
            _ if schema["allOf"].is_array() || schema["properties"].is_object() => vec!["object"],
            _ => Vec::new(),
        };
        let kind = match v {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        let fits = types.is_empty()
            || types.contains(&kind)
            || (kind == "integer" && types.contains(&"number"));
        if !fits {
            errors.push(format!("{at}: {v} is {kind}, not {types:?}"));
            return;
        }
        match v {
            Value::Object(members) => {
                let (mut props, mut required) = (Map::new(), Vec::new());
                self.object(schema, &mut props, &mut required);
                // A schema naming no member is a free-form object (a JSON value).
                let open =
                    if props.is_empty() { &json!(true) } else { &schema["additionalProperties"] };
                for name in &required {
                    if !members.contains_key(name) {
                        errors.push(format!("{at}: required member {name} missing"));
                    }
                }
                for (name, value) in members {
                    let at = format!("{at}.{name}");
                    match props.get(name) {
                        Some(p) => self.check(p, value, &at, errors),
                        None if open.is_object() => self.check(open, value, &at, errors),
                        None if open == &json!(true) => {}
                        None => errors.push(format!("{at}: not in the schema")),
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.check(&schema["items"], item, &format!("{at}[{i}]"), errors);
                }
            }
            _ => {}
        }
    }
}

/// The API, its document, and a client that checks every answer against the document.
struct Session {
    _server: ApiServer,
    client: Client,
    doc: Value,
    checked: usize,
}

impl Session {
    fn start() -> Self {
        let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
        let config = ApiConfig {
            addr: Some("127.0.0.1:0".parse().expect("address")),
            workers: 1,
            ..Default::default()
        };
        let server = ApiServer::start(store, None, &config).expect("API starts");
        let client = Client::new(server.local_addr());
        let doc = client.get("/openapi.json").expect("the document").body;
        Self { _server: server, client, doc, checked: 0 }
    }

    /// `method path` (`route` is its pattern in the document) with an optional body; the
    /// answer must be `status` and match the document.
    fn expect(
        &mut self,
        status: u16,
        method: &'static str,
        route: &str,
        path: &str,
        body: Option<(&str, &str)>,
    ) -> Value {
        let r: Reply = self
            .client
            .send(method, path, body.map(|b| b.1), body.map(|b| b.0))
            .expect("the API answers");
        let what = format!("{method} {path}");
        assert_eq!(r.status, status, "{what}: {}", r.body);
        let op = &self.doc["paths"][route][method.to_ascii_lowercase()];
        assert!(op.is_object(), "{method} {route} is not in the document");
        let response = &op["responses"][status.to_string()];
        assert!(response.is_object(), "{what}: {status} is not documented for {method} {route}");
        if let Some(schema) = response.pointer("/content/application~1json/schema") {
            let components = self.doc["components"]["schemas"].as_object().expect("schemas");
            let mut errors = Vec::new();
            Schemas { components }.check(schema, &r.body, "body", &mut errors);
            assert!(errors.is_empty(), "{what} {status}: {}\nbody: {}", errors.join("\n"), r.body);
        } else {
            assert!(r.body.is_null(), "{what} {status}: a body the document does not describe");
        }
        self.checked += 1;
        r.body
    }

    fn get(&mut self, status: u16, route: &str, path: &str) -> Value {
        self.expect(status, "GET", route, path, None)
    }

    fn json(
        &mut self,
        status: u16,
        method: &'static str,
        route: &str,
        path: &str,
        body: &Value,
    ) -> Value {
        let text = body.to_string();
        self.expect(status, method, route, path, Some(("application/json", &text)))
    }
}

fn ifc(priority: u32) -> Value {
    json!({
        "priority": priority,
        "trigger_point": {"condition_type_cnf": false, "spts": [
            {"condition": {"method": "INVITE"}},
            {"condition": {"session_case": "originating"}},
            {"condition_negated": true, "group": [1],
             "condition": {"sip_header": {"header": "X-Test", "content": "a.*"}}}
        ]},
        "application_server": {"server_name": "sip:as.example.org", "service_info": "x"},
        "profile_part_indicator": "registered"
    })
}

#[test]
fn every_answer_matches_the_document() {
    let mut s = Session::start();
    s.get(200, "/health", "/health");
    s.get(200, "/ready", "/ready");

    // APN, roaming and EPS profiles.
    let apn = json!({"apn": "internet", "qci": 9,
        "arp": {"priority_level": 8, "pre_emption_capability": false, "pre_emption_vulnerability": true},
        "ambr": {"uplink": 50000000, "downlink": 100000000}, "pdn_type": "ipv4v6",
        "options": {"charging_characteristics": "0800",
                    "pgw": {"address": "10.0.0.9", "host": "pgw1.epc.example", "realm": "epc.example"}}});
    s.json(201, "POST", "/apn-profiles", "/apn-profiles", &apn);
    s.json(409, "POST", "/apn-profiles", "/apn-profiles", &json!({"id": 1, "apn": "x", "qci": 9,
        "arp": {"priority_level": 8, "pre_emption_capability": false, "pre_emption_vulnerability": true},
        "ambr": {"uplink": 1, "downlink": 1}, "pdn_type": "ipv4"}));
    s.json(422, "POST", "/apn-profiles", "/apn-profiles", &json!({"apn": "x"}));
    s.expect(400, "POST", "/apn-profiles", "/apn-profiles", Some(("application/json", "{")));
    s.expect(415, "POST", "/apn-profiles", "/apn-profiles", Some(("text/plain", "{}")));
    s.get(200, "/apn-profiles", "/apn-profiles?page=1&page_size=10");
    s.get(200, "/apn-profiles/{id}", "/apn-profiles/1");
    s.get(404, "/apn-profiles/{id}", "/apn-profiles/7");
    s.json(200, "PATCH", "/apn-profiles/{id}", "/apn-profiles/1", &json!({"qci": 8}));
    let roaming = json!({"name": "partners", "default_data": false, "default_ims": true,
        "rules": [{"mcc": "262", "mnc": "01", "data": true, "ims": false}]});
    s.json(201, "POST", "/roaming-profiles", "/roaming-profiles", &roaming);
    s.get(200, "/roaming-profiles", "/roaming-profiles");
    s.get(200, "/roaming-profiles/{id}", "/roaming-profiles/1");
    let eps = json!({"name": "default", "ue_ambr": {"uplink": 1000, "downlink": 2000},
        "network_access_mode": "only_packet", "apns": [1], "default_apn": 1,
        "periodic_tau_timer": 3240, "charging_characteristics": "0800", "roaming_profile": 1});
    s.json(201, "POST", "/eps-profiles", "/eps-profiles", &eps);
    s.get(200, "/eps-profiles", "/eps-profiles");
    s.json(200, "PUT", "/eps-profiles/{id}", "/eps-profiles/1", &eps);

    // A subscriber with its keys and every option.
    let sub = json!({"imsi": IMSI, "msisdn": "491790000001", "status": "service_granted",
        "network_access_mode": "packet_and_circuit",
        "ue_ambr": {"uplink": 20000000, "downlink": 40000000},
        "apns": [{"profile": 1, "static_ipv4": "10.45.0.7", "static_ipv6": "2001:db8::7"}],
        "default_apn": 1, "roaming_allowed": true,
        "options": {"periodic_tau_timer": 3240, "charging_characteristics": "0800",
            "stn_sr": "491790000009", "ics_indicator": true, "a_msisdn": "491790000008",
            "ue_usage_type": 3, "extra_msisdns": ["491790000002"],
            "non_3gpp": {"allowed": true, "apn_access": true, "apns": [1]},
            "roaming_profile": 1, "eps_profile": 1, "eps_overrides": ["ue_ambr"]},
        "auth": {"ki": "465b5ce8b199b49faa5f0a2ee238a6bc", "opc": "cd63cb71954a9f4e48a5994e37a02baf"}});
    s.json(201, "POST", "/subscribers", "/subscribers", &sub);
    s.json(409, "POST", "/subscribers", "/subscribers", &sub);
    s.get(200, "/subscribers/{imsi}", &format!("/subscribers/{IMSI}"));
    s.get(200, "/subscribers", "/subscribers");
    s.get(200, "/subscribers", "/subscribers?limit=5&status=service_granted");
    s.get(200, "/subscribers/by-msisdn/{msisdn}", "/subscribers/by-msisdn/491790000002");
    s.json(
        200,
        "PATCH",
        "/subscribers/{imsi}",
        &format!("/subscribers/{IMSI}"),
        &json!({"roaming_allowed": false, "options": {"ics_indicator": null}}),
    );
    s.get(200, "/subscribers/{imsi}/notify-state", &format!("/subscribers/{IMSI}/notify-state"));
    s.get(404, "/subscribers/{imsi}/equipment", &format!("/subscribers/{IMSI}/equipment"));
    s.get(404, "/subscribers/{imsi}/aaa-server", &format!("/subscribers/{IMSI}/aaa-server"));
    s.get(403, "/subscribers/{imsi}/credentials", &format!("/subscribers/{IMSI}/credentials"));
    s.expect(
        503,
        "POST",
        "/subscribers/{imsi}/detach",
        &format!("/subscribers/{IMSI}/detach"),
        None,
    );
    s.get(503, "/peers", "/peers");
    s.get(200, "/serving/{role}/{host}", "/serving/mme/mme1.example?limit=10");
    s.get(200, "/static-ips", "/static-ips");
    s.get(200, "/static-ips/{address}", "/static-ips/10.45.0.7");
    s.get(404, "/static-ips/{address}", "/static-ips/10.45.0.8");

    // Keys and the AuC.
    s.get(200, "/auth-data", "/auth-data");
    s.get(200, "/auth-data/{imsi}", &format!("/auth-data/{IMSI}"));
    s.json(
        200,
        "PATCH",
        "/auth-data/{imsi}",
        &format!("/auth-data/{IMSI}"),
        &json!({"amf": "8000"}),
    );
    let vectors = format!("/auth-data/{IMSI}/vectors");
    for body in [
        json!({"type": "eps", "count": 2, "visited_plmn": "00101"}),
        json!({"type": "umts"}),
        json!({"type": "eap_aka_prime", "access_network_name": "WLAN"}),
        json!({"type": "ims_aka"}),
    ] {
        s.json(200, "POST", "/auth-data/{imsi}/vectors", &vectors, &body);
    }
    s.json(422, "POST", "/auth-data/{imsi}/vectors", &vectors, &json!({"type": "eps"}));
    s.json(
        422,
        "POST",
        "/auth-data/{imsi}/resync",
        &format!("/auth-data/{IMSI}/resync"),
        &json!({"rand": "00".repeat(16), "auts": "00".repeat(14)}),
    );

    // IMS: an iFC set, a subscription using it, its repository data, AS permissions.
    s.json(201, "POST", "/ifc-sets", "/ifc-sets", &json!({"name": "mmtel", "ifcs": [ifc(1)]}));
    s.json(
        200,
        "PUT",
        "/ifc-sets/{id}",
        "/ifc-sets/1",
        &json!({"name": "mmtel", "ifcs": [ifc(2)]}),
    );
    s.get(200, "/ifc-sets", "/ifc-sets");
    s.get(200, "/user-data-templates", "/user-data-templates");
    let impi = format!("{IMSI}@{REALM}");
    let impu = format!("sip:{IMSI}@{REALM}");
    let ims = json!({"imsi": IMSI,
        "private_identities": [{"impi": impi, "schemes": ["Digest-AKAv1-MD5", "SIP Digest"],
                                "digest_password": "secret"}],
        "public_identities": [{"impu": impu, "display_name": "Alice"},
                              {"impu": "tel:+491790000001", "msisdn": "491790000001", "implicit_set": 1}],
        "service_profiles": [{"ifc_sets": [1], "ifcs": [ifc(10)], "subscribed_media_profile_id": 1}],
        "scscf_name": format!("sip:scscf.{REALM}"),
        "server_capabilities": {"mandatory": [1], "optional": [2], "server_names": ["sip:s.example"]},
        "charging": {"primary_ccf": "aaa://ccf.example"}});
    s.json(201, "POST", "/ims-subscriptions", "/ims-subscriptions", &ims);
    let by_impi = format!("/ims-subscriptions/{}", impi.replace('@', "%40"));
    s.json(200, "PUT", "/ims-subscriptions/{impi}", &by_impi, &ims);
    s.get(200, "/ims-subscriptions/{impi}", &by_impi);
    s.get(200, "/ims-subscriptions", "/ims-subscriptions");
    let encoded = impu.replace(':', "%3A").replace('@', "%40");
    s.get(
        200,
        "/ims-subscriptions/by-impu/{impu}",
        &format!("/ims-subscriptions/by-impu/{encoded}"),
    );
    s.get(200, "/cache/impu/{impu}", &format!("/cache/impu/{encoded}"));
    let repo = format!("/ims-subscriptions/by-impu/{encoded}/repository-data");
    let piece = "/ims-subscriptions/by-impu/{impu}/repository-data/{service_indication}";
    let data = json!({"sequence_number": 0, "service_data": "<a>1</a>"});
    s.json(201, "PUT", piece, &format!("{repo}/si1"), &data);
    s.json(409, "PUT", piece, &format!("{repo}/si1"), &data);
    s.get(200, piece, &format!("{repo}/si1"));
    s.get(200, "/ims-subscriptions/by-impu/{impu}/repository-data", &repo);
    s.expect(200, "DELETE", piece, &format!("{repo}/si1"), None);
    let permissions = json!({"udr": [0, 14], "pur": [0], "snr": [0]});
    s.json(
        201,
        "PUT",
        "/sh/application-servers/{name}",
        "/sh/application-servers/as1.example",
        &permissions,
    );
    s.get(200, "/sh/application-servers/{name}", "/sh/application-servers/as1.example");
    s.get(200, "/sh/application-servers", "/sh/application-servers");
    s.get(200, "/sh/field-mappings", "/sh/field-mappings");
    let fields = json!({"impu": impu, "field_groups": [{"service_indication": "MMTEL-Services",
        "fields": [{"name": "oip.active", "value": true}, {"name": "cw.active", "value": null}]}]});
    s.json(201, "POST", "/sh/subscriber-data", "/sh/subscriber-data", &fields);
    s.get(200, "/sh/subscriber-data/{impu}", &format!("/sh/subscriber-data/{encoded}"));

    // The EIR.
    let rule = json!({"imei": "35209900176148", "imsi": IMSI, "status": "blacklisted", "description": "stolen"});
    s.json(201, "POST", "/eir/rules", "/eir/rules", &rule);
    s.get(200, "/eir/rules", "/eir/rules");
    s.get(200, "/eir/rules/{id}", "/eir/rules/1");
    s.json(200, "PUT", "/eir/default", "/eir/default", &json!({"status": null}));
    s.get(200, "/eir/default", "/eir/default");
    s.get(200, "/eir/lookup/{imei}", &format!("/eir/lookup/35209900176148?imsi={IMSI}"));
    s.get(200, "/eir/lookup/{imei}", "/eir/lookup/35209900176149");
    s.get(200, "/eir/history", "/eir/history?limit=5");

    // The cache, the import, the operation log, tokens.
    s.get(200, "/cache", "/cache");
    s.get(200, "/cache/subscribers/{imsi}", &format!("/cache/subscribers/{IMSI}"));
    s.expect(200, "DELETE", "/cache", "/cache", None);
    let lines = "{\"imsi\": \"001010000000002\", \"ue_ambr\": {\"uplink\": 1, \"downlink\": 2}, \
                 \"apns\": [{\"profile\": 1}]}\n{\"imsi\": \"x\"}\n";
    s.expect(
        200,
        "POST",
        "/subscribers/import",
        "/subscribers/import",
        Some(("application/x-ndjson", lines)),
    );
    let log = s.get(200, "/operations", "/operations?limit=50");
    let seq = log["items"][0]["seq"].as_u64().expect("an operation");
    s.get(200, "/operations/{seq}", &format!("/operations/{seq}"));
    s.expect(200, "DELETE", "/subscribers/{imsi}", "/subscribers/001010000000002", None);
    s.json(201, "POST", "/tokens", "/tokens", &json!({"name": "ops", "scopes": ["admin"]}));
    // From here on, requests need the token: the refusal has the error shape too.
    s.get(401, "/tokens", "/tokens");
    assert!(s.checked >= 80, "only {} answers checked", s.checked);
}

#[test]
fn the_check_refuses_what_a_schema_does_not_allow() {
    let doc = api::openapi();
    let components = doc["components"]["schemas"].as_object().expect("schemas");
    let schemas = Schemas { components };
    let errors = |schema: &str, v: Value| {
        let mut e = Vec::new();
        schemas.check(&json!({"$ref": format!("#/components/schemas/{schema}")}), &v, "v", &mut e);
        e
    };
    let apn = json!({"id": 1, "apn": "internet", "qci": 9,
        "arp": {"priority_level": 8, "pre_emption_capability": false, "pre_emption_vulnerability": true},
        "ambr": {"uplink": 1, "downlink": 2}, "pdn_type": "ipv4v6",
        "options": {"charging_characteristics": null, "vplmn_dynamic_address_allowed": null, "pgw": null}});
    assert_eq!(errors("ApnProfile", apn.clone()), Vec::<String>::new());
    let mut extra = apn.clone();
    extra["options"]["new_option"] = json!(1);
    assert_eq!(errors("ApnProfile", extra), ["v.options.new_option: not in the schema"]);
    let mut missing = apn.clone();
    missing.as_object_mut().expect("object").remove("qci");
    assert_eq!(errors("ApnProfile", missing), ["v: required member qci missing"]);
    let mut wrong = apn;
    wrong["pdn_type"] = json!("ipv5");
    assert_eq!(errors("ApnProfile", wrong).len(), 1);
    // Flattened parts (allOf) are one object.
    let updated = json!({"sent": 0, "not_sent": 0, "truncated": false, "extra": 1});
    assert_eq!(errors("PushCount", updated), ["v.extra: not in the schema"]);
}
