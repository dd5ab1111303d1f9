//! Sh data over the REST API on a loopback port, against an in-memory store: repository data
//! (TS 29.328 §7.6.1) created, updated and deleted with the sequence-number rules of
//! §6.1.2.1, its ServiceData checked as XML, and the permissions of application servers
//! (§6.2). Without a data plane no Push-Notification is sent and none is reported; with a
//! port played by the test, what the API asks of it and how it reports each outcome (the PNRs
//! themselves are tested end to end in the engine).

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use api::client::{Client, ClientError, Reply};
use api::port::{AnswerResult, ControlPort, Delivery, OutboundRequest, PeerStatus};
use api::{ApiConfig, ApiServer};
use serde_json::{Value, json};
use store::{MemStore, ShSubscription, Store, StoreConfig};

struct Api {
    server: ApiServer,
    store: Arc<Store>,
}

impl Api {
    fn start() -> Self {
        Self::with_port(None)
    }

    fn with_port(port: Option<Arc<dyn ControlPort>>) -> Self {
        let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
        let config = ApiConfig {
            addr: Some("127.0.0.1:0".parse().expect("address")),
            token: None,
            workers: 1,
            ..Default::default()
        };
        let server = ApiServer::start(store.clone(), port, &config).expect("API starts");
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

fn put(c: &Client, path: &str, body: &Value) -> Reply {
    ok(c.send("PUT", path, Some(&body.to_string()), Some("application/json")))
}

/// `s` percent-encoded for a path segment (the characters used here that need it).
fn enc(s: &str) -> String {
    s.replace('%', "%25")
        .replace(':', "%3A")
        .replace('@', "%40")
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace(' ', "%20")
}

const ALICE: &str = "sip:alice@ims.example.org";
const ALICE_TEL: &str = "tel:+491790000001";
const MMTEL: &str = "MMTEL-Services";
const SIMSERVS: &str = r#"<simservs><communication-diversion active="true"/></simservs>"#;

/// Provisions a SIP-Digest-only subscription with public identities [`ALICE`] and
/// [`ALICE_TEL`].
fn alice(c: &Client) {
    let sub = json!({
        "private_identities": [{"impi": "alice@ims.example.org", "schemes": ["SIP Digest"],
                                "digest_password": "secret"}],
        "public_identities": [{"impu": ALICE}, {"impu": ALICE_TEL, "msisdn": "491790000001"}],
        "service_profiles": [{}]
    });
    assert_eq!(ok(c.post("/ims-subscriptions", &sub)).status, 201);
}

/// The path of the repository data `si` of `impu`.
fn data_path(impu: &str, si: &str) -> String {
    format!("/ims-subscriptions/by-impu/{}/repository-data/{}", enc(impu), enc(si))
}

fn list_path(impu: &str) -> String {
    format!("/ims-subscriptions/by-impu/{}/repository-data", enc(impu))
}

fn body(sequence: u64, data: &str) -> Value {
    json!({"sequence_number": sequence, "service_data": data})
}

#[test]
fn repository_data_follows_the_sequence_rules() {
    let api = Api::start();
    let c = api.client();
    alice(&c);
    let path = data_path(ALICE, MMTEL);

    // Nothing yet.
    assert_eq!(err(&ok(c.get(&path))), (404, Some("repository_data.not_found"), None));
    // A new piece needs 0.
    let r = put(&c, &path, &body(1, SIMSERVS));
    assert_eq!(
        err(&r),
        (409, Some("repository_data.sequence_out_of_sync"), Some("sequence_number"))
    );
    let r = put(&c, &path, &body(0, SIMSERVS));
    assert_eq!(r.status, 201, "{}", r.body);
    let created =
        json!({"service_indication": MMTEL, "sequence_number": 0, "service_data": SIMSERVS});
    assert_eq!(r.body, created, "no data plane: no `notified`");
    assert_eq!(ok(c.get(&path)).body, created);

    // An update needs the stored number plus one.
    for wrong in [0, 2, 65535] {
        let r = put(&c, &path, &body(wrong, "<x/>"));
        assert_eq!(
            err(&r),
            (409, Some("repository_data.sequence_out_of_sync"), Some("sequence_number")),
            "{wrong}"
        );
    }
    let r = put(&c, &path, &body(1, "<simservs/>"));
    assert_eq!(r.status, 200, "{}", r.body);
    let updated =
        json!({"service_indication": MMTEL, "sequence_number": 1, "service_data": "<simservs/>"});
    assert_eq!(r.body, updated);
    assert_eq!(ok(c.get(&path)).body, updated);
    assert_eq!(put(&c, &path, &body(2, "")).status, 200, "empty content is well-formed");
    assert_eq!(ok(c.get(&path)).body["sequence_number"], 2);

    // Data is per public identity: the tel URI of the same subscription has none.
    assert_eq!(ok(c.get(&data_path(ALICE_TEL, MMTEL))).status, 404);
    assert_eq!(put(&c, &data_path(ALICE_TEL, MMTEL), &body(0, "<tel/>")).status, 201);
    assert_eq!(ok(c.get(&path)).body["service_data"], "");

    // A Service-Indication with characters that need percent-encoding ('/' and ' ' too).
    let odd = "vendor/app settings:1";
    assert_eq!(put(&c, &data_path(ALICE, odd), &body(0, "<a/>")).status, 201);
    assert_eq!(ok(c.get(&data_path(ALICE, odd))).body["service_indication"], odd);

    // The list, by Service-Indication, paginated.
    let list = ok(c.get(&list_path(ALICE)));
    assert_eq!(list.status, 200);
    assert_eq!(list.body["total"], 2);
    let sis: Vec<&str> = list.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["service_indication"].as_str())
        .collect();
    assert_eq!(sis, [MMTEL, odd]);
    assert_eq!(
        list.body["items"][0],
        json!({"service_indication": MMTEL, "sequence_number": 2, "service_data": ""})
    );
    let page2 = ok(c.get(&format!("{}?page=2&page_size=1", list_path(ALICE))));
    assert_eq!(page2.body["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(page2.body["items"][0]["service_indication"], odd);
    assert_eq!((page2.body["page"].clone(), page2.body["total"].clone()), (json!(2), json!(2)));

    // Deletion with a sequence number: the stored one plus one, else 409 and nothing changes.
    for wrong in ["0", "2", "4"] {
        let r = ok(c.delete(&format!("{path}?sequence_number={wrong}")));
        assert_eq!(
            err(&r),
            (409, Some("repository_data.sequence_out_of_sync"), Some("sequence_number")),
            "{wrong}"
        );
    }
    assert_eq!(ok(c.get(&path)).status, 200);
    let r = ok(c.delete(&format!("{path}?sequence_number=3")));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body,
        json!({"service_indication": MMTEL, "sequence_number": 2, "service_data": ""})
    );
    assert_eq!(err(&ok(c.get(&path))), (404, Some("repository_data.not_found"), None));
    let r = ok(c.delete(&format!("{path}?sequence_number=3")));
    assert_eq!(err(&r), (404, Some("repository_data.not_found"), None));

    // Deleted data is created afresh with 0.
    assert_eq!(put(&c, &path, &body(3, "<a/>")).status, 409);
    assert_eq!(put(&c, &path, &body(0, "<a/>")).status, 201);

    // Deletion without a sequence number: whatever is stored.
    assert_eq!(put(&c, &path, &body(1, "<b/>")).status, 200);
    let r = ok(c.delete(&path));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["sequence_number"], 1);
    assert_eq!(r.body["service_data"], "<b/>");
    assert!(r.body.get("notified").is_none(), "no data plane: no `notified`");
    assert_eq!(err(&ok(c.delete(&path))), (404, Some("repository_data.not_found"), None));

    let list = ok(c.get(&list_path(ALICE)));
    assert_eq!(list.body["total"], 1);
    assert_eq!(list.body["items"][0]["service_indication"], odd);
}

#[test]
fn sequence_numbers_wrap_from_65535_to_1() {
    let api = Api::start();
    let c = api.client();
    alice(&c);
    let path = data_path(ALICE, MMTEL);
    assert_eq!(put(&c, &path, &body(0, "<v/>")).status, 201);
    // Up to 65535 through the store directly (in memory: cheap), not 65535 requests.
    let key = api.store.ims_key_by_impu(ALICE).expect("provisioned");
    for n in 1..=u16::MAX {
        api.store
            .update_repository_data(key, ALICE, MMTEL.as_bytes(), n, Some(b"<v/>"))
            .expect("in sequence");
    }
    assert_eq!(ok(c.get(&path)).body["sequence_number"], 65535);
    // 0 only creates; after 65535 comes 1.
    assert_eq!(err(&put(&c, &path, &body(0, "<w/>"))).0, 409);
    let r = put(&c, &path, &body(65536, "<w/>"));
    assert_eq!(err(&r), (422, Some("invalid"), Some("sequence_number")));
    let r = put(&c, &path, &body(1, "<w/>"));
    assert_eq!((r.status, r.body["sequence_number"].clone()), (200, json!(1)));
    assert_eq!(put(&c, &path, &body(2, "<x/>")).status, 200);
}

#[test]
fn an_unknown_public_identity_is_404() {
    let api = Api::start();
    let c = api.client();
    alice(&c);
    let nobody = "sip:nobody@ims.example.org";
    let not_found = (404, Some("ims_subscription.not_found"), None);
    assert_eq!(err(&ok(c.get(&list_path(nobody)))), not_found);
    assert_eq!(err(&ok(c.get(&data_path(nobody, MMTEL)))), not_found);
    assert_eq!(err(&put(&c, &data_path(nobody, MMTEL), &body(0, "<a/>"))), not_found);
    assert_eq!(err(&ok(c.delete(&data_path(nobody, MMTEL)))), not_found);
    assert_eq!(
        err(&ok(c.delete(&format!("{}?sequence_number=1", data_path(nobody, MMTEL))))),
        not_found
    );
    // A known identity without data lists nothing.
    let list = ok(c.get(&list_path(ALICE)));
    assert_eq!((list.status, list.body["total"].clone()), (200, json!(0)));
}

#[test]
fn repository_data_validation_names_the_field() {
    let api = Api::start();
    let c = api.client();
    alice(&c);
    let path = data_path(ALICE, MMTEL);
    let invalid = |field| (422, Some("invalid"), Some(field));

    for bad in [
        "<a>",
        "<a></b>",
        "</ServiceData><ServiceData>",
        "<?xml version=\"1.0\"?><a/>",
        "<x:a/>",
        "a < b",
        "&nbsp;",
        "<!DOCTYPE a><a/>",
    ] {
        assert_eq!(err(&put(&c, &path, &body(0, bad))), invalid("service_data"), "{bad}");
    }
    // An error's position is the content's own (line 2, column 1 here).
    let r = put(&c, &path, &body(0, "<a>\n</b>"));
    let message = r.body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.ends_with(" at 2:1"), "{message}");
    // Well-formed content: text, several elements, comments, declared prefixes, entities.
    let si = ["text", "several", "comment", "namespace", "entity"];
    let good = [
        "plain text",
        "<a/><b>two</b>",
        "<a/><!-- a comment -->",
        r#"<x:a xmlns:x="urn:example"/>"#,
        "&lt;escaped&gt; &amp; &#x263A;",
    ];
    for (si, data) in si.iter().zip(good) {
        let r = put(&c, &data_path(ALICE, si), &body(0, data));
        assert_eq!((r.status, r.body["service_data"].as_str()), (201, Some(data)), "{data}");
    }
    // 64 KiB is the limit.
    let big = format!("<a>{}</a>", "x".repeat(64 * 1024 - 7));
    assert_eq!(big.len(), 64 * 1024);
    assert_eq!(put(&c, &path, &body(0, &big)).status, 201);
    let too_big = format!("<a>{}</a>", "x".repeat(64 * 1024 - 6));
    assert_eq!(err(&put(&c, &path, &body(1, &too_big))), invalid("service_data"));
    assert_eq!(ok(c.get(&path)).body["sequence_number"], 0, "nothing changed");

    // The body's shape.
    let r = put(&c, &path, &json!({"service_data": "<a/>"}));
    assert_eq!(err(&r), invalid("sequence_number"));
    let r = put(&c, &path, &json!({"sequence_number": 1}));
    assert_eq!(err(&r), invalid("service_data"));
    let r = put(&c, &path, &json!({"sequence_number": -1, "service_data": "<a/>"}));
    assert_eq!(err(&r), invalid("sequence_number"));
    let r = put(&c, &path, &json!({"sequence_number": 1, "service_data": "<a/>", "extra": 1}));
    assert_eq!(err(&r).0, 422);

    // The Service-Indication: at most 255 octets.
    let long = "s".repeat(256);
    assert_eq!(
        err(&put(&c, &data_path(ALICE, &long), &body(0, "<a/>"))),
        invalid("service_indication")
    );
    assert_eq!(put(&c, &data_path(ALICE, &long[..255]), &body(0, "<a/>")).status, 201);

    // A deletion's sequence number.
    for bad in ["x", "", "65536", "-1"] {
        let r = ok(c.delete(&format!("{path}?sequence_number={bad}")));
        assert_eq!(err(&r), invalid("sequence_number"), "{bad}");
    }
    assert_eq!(ok(c.get(&path)).status, 200, "nothing deleted");
}

#[test]
fn application_server_permissions_crud() {
    let api = Api::start();
    let c = api.client();
    let path = "/sh/application-servers/as1.ims.example.org";

    assert_eq!(err(&ok(c.get(path))), (404, Some("as_permission.not_found"), None));
    let r = put(&c, path, &json!({"udr": [11, 0, 10, 10], "pur": [0], "snr": [0, 11]}));
    assert_eq!(r.status, 201, "{}", r.body);
    let stored =
        json!({"name": "as1.ims.example.org", "udr": [0, 10, 11], "pur": [0], "snr": [0, 11]});
    assert_eq!(r.body, stored, "sorted, duplicates dropped");
    assert_eq!(ok(c.get(path)).body, stored);
    // Names compare without case.
    assert_eq!(ok(c.get("/sh/application-servers/AS1.ims.example.org")).body, stored);

    // Replace: omitted lists are empty; a body name equal to the path's is accepted.
    let r = put(&c, path, &json!({"name": "AS1.IMS.example.org", "udr": [0, 17]}));
    assert_eq!(r.status, 200, "{}", r.body);
    let replaced = json!({"name": "as1.ims.example.org", "udr": [0, 17], "pur": [], "snr": []});
    assert_eq!(r.body, replaced);
    assert_eq!(ok(c.get(path)).body, replaced);

    // A realm entry, and the list in name order.
    assert_eq!(
        put(&c, "/sh/application-servers/ims.example.org", &json!({"udr": [10]})).status,
        201
    );
    let list = ok(c.get("/sh/application-servers"));
    assert_eq!(list.status, 200);
    assert_eq!(list.body["total"], 2);
    let names: Vec<&str> = list.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["name"].as_str())
        .collect();
    assert_eq!(names, ["as1.ims.example.org", "ims.example.org"]);
    let page = ok(c.get("/sh/application-servers?page=2&page_size=1"));
    assert_eq!(page.body["items"][0]["name"], "ims.example.org");

    assert_eq!(ok(c.delete(path)).status, 204);
    assert_eq!(err(&ok(c.get(path))), (404, Some("as_permission.not_found"), None));
    assert_eq!(err(&ok(c.delete(path))), (404, Some("as_permission.not_found"), None));
    assert_eq!(ok(c.get("/sh/application-servers")).body["total"], 1);
}

#[test]
fn application_server_validation_names_the_field() {
    let api = Api::start();
    let c = api.client();
    let path = "/sh/application-servers/as1.ims.example.org";
    let invalid = |field| (422, Some("invalid"), Some(field));

    assert_eq!(err(&put(&c, path, &json!({"name": "as2.ims.example.org"}))), invalid("name"));
    assert_eq!(err(&put(&c, path, &json!({"udr": [0, 256]}))), invalid("udr"));
    assert_eq!(err(&put(&c, path, &json!({"pur": [300]}))), invalid("pur"));
    assert_eq!(err(&put(&c, path, &json!({"snr": [1000]}))), invalid("snr"));
    let many: Vec<u32> = (0..65).collect();
    assert_eq!(err(&put(&c, path, &json!({"snr": many}))), invalid("snr"));
    assert_eq!(err(&put(&c, path, &json!({"udr": [-1]}))), invalid("udr[0]"));
    assert_eq!(err(&put(&c, path, &json!({"udr": "0"}))), invalid("udr"));
    assert_eq!(err(&put(&c, path, &json!({"colour": "red"}))).0, 422);
    // The name: a DiameterIdentity (no spaces, at most 255 octets).
    let r = put(&c, "/sh/application-servers/as%201", &json!({}));
    assert_eq!(err(&r), invalid("name"));
    let long = format!("/sh/application-servers/{}", "a".repeat(256));
    assert_eq!(err(&put(&c, &long, &json!({}))), invalid("name"));
    // Nothing was stored.
    assert_eq!(ok(c.get("/sh/application-servers")).body["total"], 0);
    // An empty body is an entry that may do nothing.
    let r = put(&c, path, &json!({}));
    assert_eq!((r.status, r.body["udr"].clone()), (201, json!([])));
}

/// A data plane that records what it is asked to send: an AS whose host starts with `down` is
/// not connected, every other answers 2001.
#[derive(Debug, Default)]
struct FakePort {
    sent: Mutex<Vec<(OutboundRequest, Duration)>>,
}

impl ControlPort for FakePort {
    fn send(&self, request: OutboundRequest, wait: Duration) -> Delivery {
        let down = matches!(&request, OutboundRequest::PushNotification { host, .. }
            if host.starts_with("down"));
        let busy = matches!(&request, OutboundRequest::PushNotification { host, .. }
            if host.starts_with("busy"));
        self.sent.lock().expect("lock").push((request, wait));
        if down {
            Delivery::NotConnected
        } else if busy {
            Delivery::NotSent
        } else {
            Delivery::Sent { answer: Some(AnswerResult::ResultCode(2001)) }
        }
    }

    fn peers(&self) -> Vec<PeerStatus> {
        Vec::new()
    }
}

/// Subscribes AS `host` to the repository data `si` of `impu`.
fn subscribe(store: &Store, impu: &str, si: &str, host: &str, expiry: Option<SystemTime>) {
    let key = store.ims_key_by_impu(impu).expect("provisioned");
    let subscription = ShSubscription {
        impu: impu.into(),
        data_reference: 0,
        service_indication: si.as_bytes().to_vec(),
        as_host: host.into(),
        as_realm: "as.example.org".into(),
        expiry,
    };
    store.sh_subscribe(key, &subscription).expect("subscribed");
}

#[test]
fn each_subscribed_as_is_notified_of_a_change() {
    let port = Arc::new(FakePort::default());
    let api = Api::with_port(Some(port.clone()));
    let c = api.client();
    alice(&c);
    let path = data_path(ALICE, MMTEL);
    let taken = || std::mem::take(&mut *port.sent.lock().expect("lock"));

    // No subscriber: nothing sent, nothing reported.
    let r = put(&c, &path, &body(0, "<a/>"));
    assert_eq!(r.status, 201);
    assert!(r.body.get("notified").is_none(), "{}", r.body);
    assert!(taken().is_empty());

    subscribe(&api.store, ALICE, MMTEL, "as1.example.org", None);
    subscribe(&api.store, ALICE, MMTEL, "down.example.org", None);
    // Lapsed, or subscribed to other data: not notified.
    let past = SystemTime::now() - Duration::from_secs(60);
    subscribe(&api.store, ALICE, MMTEL, "lapsed.example.org", Some(past));
    subscribe(&api.store, ALICE, "other", "as2.example.org", None);
    subscribe(&api.store, ALICE_TEL, MMTEL, "as3.example.org", None);

    let r = put(&c, &path, &body(1, "<b/>"));
    assert_eq!(r.status, 200, "{}", r.body);
    let notified = json!([
        {"as_host": "as1.example.org", "sent": true, "answer": {"result_code": 2001}},
        {"as_host": "down.example.org", "sent": false, "error": "peer.not_connected"}
    ]);
    assert_eq!(r.body["notified"], notified);
    let pnr = |host: &str| OutboundRequest::PushNotification {
        impu: ALICE.into(),
        data_reference: 0,
        service_indication: MMTEL.as_bytes().to_vec(),
        host: host.into(),
        realm: "as.example.org".into(),
    };
    let mut sent = taken();
    sent.sort_by_key(|(r, _)| format!("{r:?}"));
    let wait = Duration::from_secs(3);
    assert_eq!(sent, [(pnr("as1.example.org"), wait), (pnr("down.example.org"), wait)]);

    // A refused change notifies no one.
    assert_eq!(put(&c, &path, &body(1, "<c/>")).status, 409);
    assert!(taken().is_empty());

    // A deletion notifies the same ASs.
    let r = ok(c.delete(&path));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["notified"], notified);
    assert_eq!(taken().len(), 2);
}

#[test]
fn a_pnr_the_connection_does_not_take_is_tried_again() {
    let port = Arc::new(FakePort::default());
    let api = Api::with_port(Some(port.clone()));
    let c = api.client();
    alice(&c);
    let path = data_path(ALICE, MMTEL);
    subscribe(&api.store, ALICE, MMTEL, "busy.example.org", None);
    let r = put(&c, &path, &body(0, "<a/>"));
    assert_eq!(r.status, 201, "{}", r.body);
    let notified =
        json!([{"as_host": "busy.example.org", "sent": false, "error": "peer.not_ready"}]);
    assert_eq!(r.body["notified"], notified);
    // Three attempts in all; an AS that is not connected is not retried (the test above).
    assert_eq!(port.sent.lock().expect("lock").len(), 3);
}
