//! IMS subscriptions and iFC sets over the REST API on a loopback port, against an in-memory
//! store: create/read (by IMPI and by IMPU)/list/replace/delete, SIP Digest passwords hashed
//! to the H(A1) the store keeps and never returned, the references to EPS subscribers and iFC
//! sets, and the status and field of each failure.

use std::sync::Arc;

use api::client::{Client, ClientError, Reply};
use api::{ApiConfig, ApiServer};
use md5::{Digest, Md5};
use serde_json::{Value, json};
use store::{MemStore, Store, StoreConfig};

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

    /// The H(A1) the store keeps for `impi`.
    fn stored_ha1(&self, impi: &str) -> Option<String> {
        let record = self.store.ims_subscription(impi).expect("stored");
        record.subscription.private_identity(impi).expect("identity").digest_ha1.clone()
    }
}

fn ok(reply: Result<Reply, ClientError>) -> Reply {
    reply.expect("the API answers")
}

/// (status, error code, error field) of a reply.
fn err(r: &Reply) -> (u16, Option<&str>, Option<&str>) {
    (r.status, r.error_code(), r.error_field())
}

fn put(c: &Client, path: &str, body: &Value) -> Reply {
    ok(c.send("PUT", path, Some(&body.to_string()), Some("application/json")))
}

/// `s` percent-encoded for a path segment (the characters of SIP and tel URIs that need it).
fn enc(s: &str) -> String {
    s.replace('%', "%25").replace(':', "%3A").replace('@', "%40").replace('+', "%2B")
}

fn md5_hex(text: &str) -> String {
    hex::encode(Md5::digest(text.as_bytes()))
}

const IMSI: &str = "001010000000001";
const REALM: &str = "ims.mnc001.mcc001.3gppnetwork.org";

/// An APN profile and the EPS subscriber `imsi` using it.
fn eps_subscriber(c: &Client, imsi: &str) {
    let apn = json!({
        "apn": "ims", "qci": 5,
        "arp": {"priority_level": 1, "pre_emption_capability": false,
                "pre_emption_vulnerability": false},
        "ambr": {"uplink": 1_000_000, "downlink": 2_000_000},
        "pdn_type": "ipv4v6"
    });
    let apn = ok(c.post("/apn-profiles", &apn)).body["id"].as_u64().expect("id");
    let sub = json!({"imsi": imsi, "ue_ambr": {"uplink": 1, "downlink": 2},
                     "apns": [{"profile": apn}]});
    assert_eq!(ok(c.post("/subscribers", &sub)).status, 201);
}

fn ifc(priority: u32, server: &str) -> Value {
    json!({
        "priority": priority,
        "trigger_point": {"condition_type_cnf": false, "spts": [
            {"condition": {"method": "INVITE"}},
            {"condition": {"session_case": "originating"}}
        ]},
        "application_server": {"server_name": server, "default_handling": "session_continued"}
    })
}

/// An IMS subscription linked to EPS subscriber `imsi` (IMS AKA).
fn linked(imsi: &str) -> Value {
    json!({
        "imsi": imsi,
        "private_identities": [{"impi": format!("{imsi}@{REALM}"), "schemes": ["Digest-AKAv1-MD5"]}],
        "public_identities": [
            {"impu": format!("sip:{imsi}@{REALM}")},
            {"impu": "tel:+491790000001", "msisdn": "491790000001"}
        ],
        "service_profiles": [{"ifcs": [ifc(10, "sip:mmtel.ims.example.org")]}],
        "scscf_name": format!("sip:scscf.{REALM}")
    })
}

/// A SIP-Digest-only subscription (no IMSI) of `user@ims.example.org`.
fn digest_only(user: &str, password: &str) -> Value {
    json!({
        "private_identities": [{"impi": format!("{user}@ims.example.org"), "schemes": ["SIP Digest"],
                                "digest_password": password}],
        "public_identities": [{"impu": format!("sip:{user}@ims.example.org")}],
        "service_profiles": [{}]
    })
}

#[test]
fn linked_subscription_crud() {
    let api = Api::start();
    let c = api.client();
    eps_subscriber(&c, IMSI);
    let impi = format!("{IMSI}@{REALM}");
    let r = ok(c.post("/ims-subscriptions", &linked(IMSI)));
    assert_eq!(r.status, 201, "{r:?}");
    assert_eq!(r.body["imsi"], IMSI);
    assert_eq!(
        r.body["private_identities"],
        json!([{"impi": impi, "schemes": ["Digest-AKAv1-MD5"], "digest_ha1_set": false}])
    );
    assert_eq!(r.body["public_identities"][1]["msisdn"], "491790000001");
    assert_eq!(r.body["service_profiles"][0]["ifcs"][0]["priority"], 10);
    assert_eq!(r.body["scscf_name"], format!("sip:scscf.{REALM}"));
    assert_eq!(
        r.body["registration"],
        json!({"sets": [{"implicit_set": 0, "state": "not_registered"}], "registered_impis": []})
    );
    let created = r.body;

    let path = format!("/ims-subscriptions/{impi}");
    let r = ok(c.get(&path));
    assert_eq!((r.status, &r.body), (200, &created));
    let r = ok(c.get(&format!("/ims-subscriptions/by-impu/{}", enc(&format!("sip:{impi}")))));
    assert_eq!((r.status, &r.body), (200, &created));
    let r = ok(c.get(&format!("/ims-subscriptions/by-impu/{}", enc(&format!("SIP:{impi}")))));
    assert_eq!(r.status, 200, "the scheme is compared without case");
    let r = ok(c.get(&format!("/ims-subscriptions/by-impu/{}", enc("tel:+491790000001"))));
    assert_eq!((r.status, &r.body["imsi"]), (200, &json!(IMSI)));

    assert_eq!(ok(c.post("/ims-subscriptions", &digest_only("alice", "pw"))).status, 201);
    let r = ok(c.get("/ims-subscriptions?page=1&page_size=1"));
    assert_eq!(r.status, 200);
    assert_eq!((r.body["total"].as_u64(), r.body["page_size"].as_u64()), (Some(2), Some(1)));
    assert_eq!(r.body["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(ok(c.get("/ims-subscriptions")).body["items"].as_array().map(Vec::len), Some(2));

    // Replace: new IMPUs; the old ones are free again.
    let mut new = linked(IMSI);
    new["public_identities"] = json!([{"impu": format!("sip:+491790000002@{REALM}")}]);
    let r = put(&c, &path, &new);
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.body["public_identities"][0]["impu"], format!("sip:+491790000002@{REALM}"));
    assert_eq!(r.body["public_identities"].as_array().map(Vec::len), Some(1));
    let r = ok(c.get(&format!("/ims-subscriptions/by-impu/{}", enc("tel:+491790000001"))));
    assert_eq!(err(&r), (404, Some("ims_subscription.not_found"), None));
    let r = ok(c.get(&format!("/ims-subscriptions/by-impu/sip:+491790000002@{REALM}")));
    assert_eq!((r.status, &r.body["imsi"]), (200, &json!(IMSI)));
    let r = ok(c.get(&path));
    assert_eq!(r.body["public_identities"].as_array().map(Vec::len), Some(1), "{r:?}");
    let mut moved = new.clone();
    moved["imsi"] = json!("001010000000002");
    assert_eq!(err(&put(&c, &path, &moved)), (422, Some("invalid"), Some("imsi")));
    let r = put(&c, "/ims-subscriptions/nobody@ims.example.org", &new);
    assert_eq!(err(&r), (404, Some("ims_subscription.not_found"), None));

    // The EPS subscriber cannot go while its IMS subscription authenticates with its USIM.
    let r = ok(c.delete(&format!("/subscribers/{IMSI}")));
    assert_eq!(err(&r), (409, Some("subscriber.in_use"), None));

    assert_eq!(ok(c.delete(&path)).status, 204);
    assert_eq!(err(&ok(c.get(&path))), (404, Some("ims_subscription.not_found"), None));
    assert_eq!(ok(c.delete(&path)).status, 404);
    assert_eq!(ok(c.get("/ims-subscriptions")).body["total"], 1);
    assert_eq!(ok(c.delete(&format!("/subscribers/{IMSI}"))).status, 200, "no longer linked");
}

#[test]
fn sip_digest_passwords_are_hashed_and_never_returned() {
    let api = Api::start();
    let c = api.client();
    let password = "correct horse battery staple";
    let impi = "alice@ims.example.org";
    let r = ok(c.post("/ims-subscriptions", &digest_only("alice", password)));
    assert_eq!(r.status, 201, "{r:?}");
    assert_eq!(
        r.body,
        json!({
            "private_identities": [{"impi": impi, "schemes": ["SIP Digest"],
                                    "digest_ha1_set": true}],
            "public_identities": [{"impu": "sip:alice@ims.example.org", "barred": false,
                                   "implicit_set": 0, "service_profile": 0}],
            "service_profiles": [{"ifc_sets": [], "ifcs": []}],
            "server_capabilities": {"mandatory": [], "optional": [], "server_names": []},
            "charging": {},
            "roaming_allowed": true,
            "registration": {"sets": [{"implicit_set": 0, "state": "not_registered"}],
                             "registered_impis": []}
        })
    );
    // The realm is the IMPI's domain when none is given.
    let ha1 = md5_hex(&format!("{impi}:ims.example.org:{password}"));
    assert_eq!(api.stored_ha1(impi).as_deref(), Some(ha1.as_str()));
    let path = format!("/ims-subscriptions/{impi}");
    for r in [ok(c.get(&path)), ok(c.get("/ims-subscriptions")), r] {
        let text = r.body.to_string();
        assert!(!text.contains(password) && !text.contains(&ha1), "{text}");
        assert!(!text.contains("digest_password") && !text.contains("\"digest_ha1\""), "{text}");
    }

    // With a realm of its own.
    let mut bob = digest_only("bob", password);
    bob["private_identities"][0]["digest_realm"] = json!("realm.example.net");
    let r = ok(c.post("/ims-subscriptions", &bob));
    assert_eq!(r.status, 201, "{r:?}");
    assert_eq!(r.body["private_identities"][0]["digest_realm"], "realm.example.net");
    let bob_impi = "bob@ims.example.org";
    let ha1 = md5_hex(&format!("{bob_impi}:realm.example.net:{password}"));
    assert_eq!(api.stored_ha1(bob_impi).as_deref(), Some(ha1.as_str()));

    // An H(A1) may be given as is (a migration), but not with a password.
    let mut carol = digest_only("carol", password);
    carol["private_identities"][0] = json!({"impi": "carol@ims.example.org",
        "schemes": ["SIP Digest"], "digest_ha1": "0123456789abcdef0123456789abcdef",
        "digest_password": null});
    assert_eq!(ok(c.post("/ims-subscriptions", &carol)).status, 201);
    assert_eq!(
        api.stored_ha1("carol@ims.example.org").as_deref(),
        Some("0123456789abcdef0123456789abcdef")
    );
    let mut both = digest_only("dave", password);
    both["private_identities"][0]["digest_ha1"] = json!("0123456789abcdef0123456789abcdef");
    let r = ok(c.post("/ims-subscriptions", &both));
    assert_eq!(err(&r), (422, Some("invalid"), Some("private_identities[].digest_password")));
    let mut neither = digest_only("dave", password);
    neither["private_identities"][0].as_object_mut().expect("object").remove("digest_password");
    let r = ok(c.post("/ims-subscriptions", &neither));
    assert_eq!(err(&r), (422, Some("invalid"), Some("private_identities[].digest_ha1")));
    for bad in [json!(""), json!(7), json!(["pw"])] {
        let mut body = digest_only("dave", password);
        body["private_identities"][0]["digest_password"] = bad;
        let r = ok(c.post("/ims-subscriptions", &body));
        assert_eq!(err(&r), (422, Some("invalid"), Some("private_identities[].digest_password")));
    }
    // An error elsewhere never quotes the password.
    let mut body = digest_only("dave", "hunter2");
    body["private_identities"][0]["impi"] = json!(5);
    let r = ok(c.post("/ims-subscriptions", &body));
    assert_eq!(err(&r), (422, Some("invalid"), Some("private_identities[0].impi")));
    assert!(!r.body.to_string().contains("hunter2"), "{:?}", r.body);

    // A replacement without a password keeps the H(A1) while the realm stays...
    let mut new = digest_only("alice", password);
    new["private_identities"][0].as_object_mut().expect("object").remove("digest_password");
    new["public_identities"] = json!([{"impu": "sip:alice@ims.example.org"},
                                      {"impu": "sip:alice.smith@ims.example.org"}]);
    let r = put(&c, &path, &new);
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.body["private_identities"][0]["digest_ha1_set"], true);
    let ha1 = md5_hex(&format!("{impi}:ims.example.org:{password}"));
    assert_eq!(api.stored_ha1(impi).as_deref(), Some(ha1.as_str()));
    // ... and needs one when the realm changes; a new password replaces it.
    new["private_identities"][0]["digest_realm"] = json!("other.example.org");
    let r = put(&c, &path, &new);
    assert_eq!(err(&r), (422, Some("invalid"), Some("private_identities[].digest_ha1")));
    new["private_identities"][0]["digest_password"] = json!("new password");
    assert_eq!(put(&c, &path, &new).status, 200);
    let ha1 = md5_hex(&format!("{impi}:other.example.org:new password"));
    assert_eq!(api.stored_ha1(impi).as_deref(), Some(ha1.as_str()));
}

/// A change that makes a body invalid.
type Change = fn(&mut Value);

#[test]
fn ims_errors_name_the_field() {
    let api = Api::start();
    let c = api.client();
    let r = ok(c.post("/ims-subscriptions", &linked(IMSI)));
    assert_eq!(err(&r), (422, Some("invalid"), Some("imsi")), "no EPS subscriber has the IMSI");
    eps_subscriber(&c, IMSI);
    assert_eq!(ok(c.post("/ims-subscriptions", &linked(IMSI))).status, 201);
    let r = ok(c.post("/ims-subscriptions", &linked(IMSI)));
    assert_eq!(err(&r), (409, Some("ims_subscription.duplicate"), Some("imsi")));

    let alice = digest_only("alice", "pw");
    assert_eq!(ok(c.post("/ims-subscriptions", &alice)).status, 201);
    let mut taken = digest_only("bob", "pw");
    taken["public_identities"] = json!([{"impu": "sip:bob@ims.example.org"},
                                        {"impu": "SIP:alice@ims.example.org"}]);
    let r = ok(c.post("/ims-subscriptions", &taken));
    assert_eq!(
        err(&r),
        (409, Some("ims_subscription.duplicate"), Some("public_identities[].impu"))
    );
    let mut taken = digest_only("bob", "pw");
    taken["private_identities"][0]["impi"] = json!("alice@ims.example.org");
    let r = ok(c.post("/ims-subscriptions", &taken));
    assert_eq!(
        err(&r),
        (409, Some("ims_subscription.duplicate"), Some("private_identities[].impi"))
    );
    // Nor through a replacement.
    let mut taken = alice.clone();
    taken["public_identities"] = json!([{"impu": "tel:+491790000001"}]);
    let r = put(&c, "/ims-subscriptions/alice@ims.example.org", &taken);
    assert_eq!(
        err(&r),
        (409, Some("ims_subscription.duplicate"), Some("public_identities[].impu"))
    );

    let bob = || digest_only("bob", "pw");
    let cases: [(&str, Change); 9] = [
        ("colour", |b| b["colour"] = json!("red")),
        ("private_identities[0].colour", |b| b["private_identities"][0]["colour"] = json!(1)),
        ("private_identities[0].digest_ha1_set", |b| {
            b["private_identities"][0]["digest_ha1_set"] = json!(true);
        }),
        ("registration", |b| b["registration"] = json!({})),
        ("public_identities[].impu", |b| {
            b["public_identities"][0]["impu"] = json!("mailto:bob@ims.example.org");
        }),
        ("private_identities[].schemes", |b| {
            b["private_identities"][0]["schemes"] = json!(["Digest-AKAv1-MD5"]);
        }),
        ("private_identities[0].schemes[0]", |b| {
            b["private_identities"][0]["schemes"] = json!(["NASS-Bundled"]);
        }),
        ("public_identities", |b| {
            b.as_object_mut().expect("object").remove("public_identities");
        }),
        ("public_identities[].service_profile", |b| {
            b["public_identities"][0]["service_profile"] = json!(1);
        }),
    ];
    for (field, change) in cases {
        let mut body = bob();
        change(&mut body);
        let r = ok(c.post("/ims-subscriptions", &body));
        assert_eq!(err(&r), (422, Some("invalid"), Some(field)), "{body}");
    }
    assert_eq!(ok(c.get("/ims-subscriptions")).body["total"], 2, "nothing written");

    let r = ok(c.send("POST", "/ims-subscriptions", Some("{\"private"), Some("application/json")));
    assert_eq!(err(&r).0, 400);
    let r = ok(c.send("POST", "/ims-subscriptions", Some(&bob().to_string()), Some("text/plain")));
    assert_eq!(err(&r), (415, Some("unsupported_media_type"), None));
    // A body over the limit is refused once the server has read past the limit; it answers 413
    // and closes the connection, possibly while the client is still sending (the client then
    // sees the closed socket instead of the answer). The connection is not reused after.
    let mut huge = bob();
    huge["public_identities"][0]["display_name"] = json!("x".repeat(3 << 20));
    if let Ok(r) = c.post("/ims-subscriptions", &huge) {
        assert_eq!(err(&r), (413, Some("payload_too_large"), None));
    }
    let c = api.client();
    let r = ok(c.get("/ims-subscriptions?page_size=0"));
    assert_eq!(err(&r), (422, Some("invalid"), Some("page_size")));
    let r = ok(c.get("/ims-subscriptions/by-impu/sip:nobody@ims.example.org"));
    assert_eq!(err(&r), (404, Some("ims_subscription.not_found"), None));
    let r = ok(c.send("PATCH", "/ims-subscriptions/alice@ims.example.org", None, None));
    assert_eq!(err(&r), (405, Some("method_not_allowed"), None));
}

fn ifc_set(name: &str, priorities: &[u32]) -> Value {
    let ifcs: Vec<Value> =
        priorities.iter().map(|p| ifc(*p, &format!("sip:{name}.ims.example.org"))).collect();
    json!({"name": name, "ifcs": ifcs})
}

#[test]
fn ifc_set_crud_and_references() {
    let api = Api::start();
    let c = api.client();
    let mut first = ifc_set("mmtel", &[100, 101]);
    first["id"] = json!(1);
    let r = ok(c.post("/ifc-sets", &first));
    assert_eq!(r.status, 201, "{r:?}");
    assert_eq!((&r.body["id"], &r.body["name"]), (&json!(1), &json!("mmtel")));
    assert_eq!(r.body["ifcs"][1]["priority"], 101);
    assert_eq!(r.body["ifcs"][0]["application_server"]["server_name"], "sip:mmtel.ims.example.org");
    let r = ok(c.post("/ifc-sets", &ifc_set("sms", &[200])));
    assert_eq!((r.status, &r.body["id"]), (201, &json!(2)), "the lowest free id");
    let mut seventh = ifc_set("voicemail", &[300]);
    seventh["id"] = json!(7);
    assert_eq!(ok(c.post("/ifc-sets", &seventh)).body["id"], 7);
    assert_eq!(ok(c.post("/ifc-sets", &ifc_set("presence", &[400]))).body["id"], 3);
    let r = ok(c.post("/ifc-sets", &seventh));
    assert_eq!(err(&r), (409, Some("ifc_set.duplicate"), Some("id")));

    let r = ok(c.get("/ifc-sets?page=2&page_size=3"));
    assert_eq!((r.status, r.body["total"].as_u64()), (200, Some(4)));
    assert_eq!(r.body["items"][0]["id"], 7);
    assert_eq!(ok(c.get("/ifc-sets/7")).body["name"], "voicemail");
    assert_eq!(err(&ok(c.get("/ifc-sets/9"))), (404, Some("ifc_set.not_found"), None));
    for bad in ["0", "x", "4294967296", "-1"] {
        let r = ok(c.get(&format!("/ifc-sets/{bad}")));
        assert_eq!(err(&r), (422, Some("invalid"), Some("id")), "{bad}");
    }
    for (field, body) in [
        ("id", {
            let mut b = ifc_set("x", &[1]);
            b["id"] = json!(0);
            b
        }),
        ("ifcs", ifc_set("x", &[1, 1])),
        ("name", ifc_set("", &[1])),
        ("application_server.server_name", ifc_set("x y", &[1])),
        ("ifcs[0].priority", json!({"name": "x", "ifcs": [{"priority": -1}]})),
        ("colour", json!({"name": "x", "ifcs": [], "colour": 1})),
    ] {
        let r = ok(c.post("/ifc-sets", &body));
        assert_eq!(err(&r), (422, Some("invalid"), Some(field)), "{body}");
    }

    // A profile uses set 1 besides its own iFC 10.
    let mut sub = digest_only("alice", "pw");
    sub["service_profiles"] = json!([{"ifc_sets": [1], "ifcs": [ifc(10, "sip:as.example.org")]}]);
    assert_eq!(ok(c.post("/ims-subscriptions", &sub)).status, 201);
    let mut missing = digest_only("bob", "pw");
    missing["service_profiles"] = json!([{"ifc_sets": [1, 9]}]);
    let r = ok(c.post("/ims-subscriptions", &missing));
    assert_eq!(err(&r), (422, Some("invalid"), Some("service_profiles[].ifc_sets")));
    let mut repeated = digest_only("bob", "pw");
    repeated["service_profiles"] =
        json!([{"ifc_sets": [1], "ifcs": [ifc(101, "sip:as.example.org")]}]);
    let r = ok(c.post("/ims-subscriptions", &repeated));
    assert_eq!(
        err(&r),
        (422, Some("invalid"), Some("service_profiles[].ifc_sets")),
        "priority 101"
    );

    // Replacing the set: a priority the profile has is refused, another one is taken.
    let r = put(&c, "/ifc-sets/1", &ifc_set("mmtel", &[10]));
    assert_eq!(err(&r), (422, Some("invalid"), Some("service_profiles[].ifc_sets")));
    let r = put(&c, "/ifc-sets/1", &ifc_set("mmtel2", &[11, 12]));
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!((&r.body["id"], &r.body["name"]), (&json!(1), &json!("mmtel2")));
    assert_eq!(ok(c.get("/ifc-sets/1")).body["ifcs"][1]["priority"], 12);
    let mut wrong_id = ifc_set("mmtel", &[11]);
    wrong_id["id"] = json!(2);
    assert_eq!(err(&put(&c, "/ifc-sets/1", &wrong_id)), (422, Some("invalid"), Some("id")));
    wrong_id["id"] = json!(1);
    assert_eq!(put(&c, "/ifc-sets/1", &wrong_id).status, 200, "the path's id may be repeated");
    let r = put(&c, "/ifc-sets/9", &ifc_set("mmtel", &[11]));
    assert_eq!(err(&r), (404, Some("ifc_set.not_found"), None));

    // Deleting a set in use is refused until no profile refers to it.
    assert_eq!(err(&ok(c.delete("/ifc-sets/1"))), (409, Some("ifc_set.in_use"), None));
    assert_eq!(ok(c.delete("/ifc-sets/2")).status, 204, "set 2 is not used");
    assert_eq!(ok(c.delete("/ims-subscriptions/alice@ims.example.org")).status, 204);
    assert_eq!(ok(c.delete("/ifc-sets/1")).status, 204);
    assert_eq!(err(&ok(c.get("/ifc-sets/1"))), (404, Some("ifc_set.not_found"), None));
    assert_eq!(err(&ok(c.delete("/ifc-sets/1"))), (404, Some("ifc_set.not_found"), None));
    assert_eq!(ok(c.get("/ifc-sets")).body["total"], 2);
    // Ids are not reused: a reference an external system kept never finds another set.
    let again = ok(c.post("/ifc-sets", &ifc_set("again", &[1]))).body["id"].as_u64();
    assert!(again.is_some_and(|id| id > 3), "a new id: {again:?}");
}

#[test]
fn the_documented_example_is_accepted() {
    let api = Api::start();
    let c = api.client();
    eps_subscriber(&c, IMSI);
    let set = json!({"id": 1, "name": "mmtel",
        "ifcs": [{"priority": 100,
                  "trigger_point": {"condition_type_cnf": false,
                                    "spts": [{"condition": {"method": "INVITE"}}]},
                  "application_server": {"server_name": "sip:mmtel.ims.example.org"}}]});
    assert_eq!(ok(c.post("/ifc-sets", &set)).status, 201);
    // As docs/API.md shows it.
    let example = json!({
      "imsi": "001010000000001",
      "private_identities": [
        {"impi": "001010000000001@ims.mnc001.mcc001.3gppnetwork.org",
         "schemes": ["Digest-AKAv1-MD5"]},
        {"impi": "alice@ims.example.org", "schemes": ["SIP Digest"],
         "digest_password": "correct horse battery staple"}
      ],
      "public_identities": [
        {"impu": "sip:001010000000001@ims.mnc001.mcc001.3gppnetwork.org"},
        {"impu": "tel:+491790000001", "msisdn": "491790000001"},
        {"impu": "sip:alice@ims.example.org", "implicit_set": 1, "display_name": "Alice"}
      ],
      "service_profiles": [{
        "ifc_sets": [1],
        "ifcs": [{
          "priority": 10,
          "trigger_point": {"condition_type_cnf": false, "spts": [
            {"condition": {"method": "INVITE"}},
            {"condition": {"session_case": "originating"}}
          ]},
          "application_server": {"server_name": "sip:mmtel.ims.example.org",
                                 "default_handling": "session_continued"},
          "profile_part_indicator": "registered"
        }],
        "subscribed_media_profile_id": 1
      }],
      "scscf_name": "sip:scscf.ims.mnc001.mcc001.3gppnetwork.org",
      "charging": {"primary_ccf": "aaa://ccf.ims.example.org"}
    });
    let r = ok(c.post("/ims-subscriptions", &example));
    assert_eq!(r.status, 201, "{r:?}");
    let flags: Vec<_> = r.body["private_identities"]
        .as_array()
        .expect("list")
        .iter()
        .map(|p| p["digest_ha1_set"].clone())
        .collect();
    assert_eq!(flags, [json!(false), json!(true)]);
    assert_eq!(
        r.body["registration"]["sets"],
        json!([{"implicit_set": 0, "state": "not_registered"},
               {"implicit_set": 1, "state": "not_registered"}])
    );
    let r = ok(c.get("/ims-subscriptions/by-impu/sip%3Aalice%40ims.example.org"));
    assert_eq!((r.status, &r.body["imsi"]), (200, &json!(IMSI)));
    assert_eq!(r.body["charging"], json!({"primary_ccf": "aaa://ccf.ims.example.org"}));
}
