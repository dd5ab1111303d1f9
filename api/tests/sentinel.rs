//! Subscriber data as field groups (`/sh/subscriber-data`) and its field mappings
//! (`/sh/field-mappings`) over the REST API on a loopback port, against an in-memory store:
//! create, read, replace and delete in JSON and XML, content negotiation, the XML documents
//! stored as Sh repository data with their sequence numbers, the mappings (built in, stored,
//! refused), and the Push-Notifications a change asks the data plane for.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use api::port::{AnswerResult, ControlPort, Delivery, OutboundRequest, PeerStatus};
use api::{ApiConfig, ApiServer};
use serde_json::{Value, json};
use store::{MemStore, ShSubscription, Store, StoreConfig};

const ALICE: &str = "sip:alice@ims.example.org";
const ALICE_PATH: &str = "/sh/subscriber-data/sip%3Aalice%40ims.example.org";
const ALICE_TEL: &str = "tel:+491790000001";
const DATA: &str = "/sh/subscriber-data";
const MAPPINGS: &str = "/sh/field-mappings";
const MMTEL: &str = "MMTEL-Services";
const ODB: &str = "IMS-ODB-Information";
const SS: &str = "http://uri.etsi.org/ngn/params/xml/simservs/xcap";
const CP: &str = "urn:ietf:params:xml:ns:common-policy";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

struct Api {
    server: ApiServer,
    store: Arc<Store>,
}

/// An answer with its headers and raw body.
#[derive(Debug)]
struct Raw {
    status: u16,
    content_type: String,
    location: Option<String>,
    text: String,
}

impl Raw {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }

    /// `"status code field"` of an error answer (`"422 invalid impu"`).
    fn err(&self) -> String {
        let body = self.json();
        let parts = [&body["error"]["code"], &body["error"]["field"]];
        let words: Vec<&str> = parts.iter().filter_map(|v| v.as_str()).collect();
        format!("{} {}", self.status, words.join(" "))
    }
}

impl Api {
    /// The API with an IMS subscription holding [`ALICE`] and [`ALICE_TEL`].
    fn start(port: Option<Arc<dyn ControlPort>>) -> Self {
        let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
        let addr = Some("127.0.0.1:0".parse().expect("address"));
        let config = ApiConfig { addr, token: None, workers: 1, ..Default::default() };
        let server = ApiServer::start(store.clone(), port, &config).expect("API starts");
        let api = Self { server, store };
        let sub = json!({
            "private_identities": [{"impi": "alice@ims.example.org", "schemes": ["SIP Digest"],
                                    "digest_password": "secret"}],
            "public_identities": [{"impu": ALICE}, {"impu": ALICE_TEL}],
            "service_profiles": [{}]
        });
        assert_eq!(api.json("POST", "/ims-subscriptions", &sub).status, 201);
        api
    }

    /// Any request: `body` is (Content-Type, text).
    fn send(&self, method: &str, path: &str, body: Option<(&str, &str)>, accept: &str) -> Raw {
        let agent: ureq::Agent =
            ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let addr = self.server.local_addr();
        let mut req =
            ureq::http::Request::builder().method(method).uri(format!("http://{addr}{path}"));
        if let Some((content_type, _)) = body.filter(|(ct, _)| !ct.is_empty()) {
            req = req.header("Content-Type", content_type);
        }
        if !accept.is_empty() {
            req = req.header("Accept", accept);
        }
        let req = req.body(body.map_or("", |(_, text)| text).to_owned()).expect("request");
        let mut res = agent.run(req).expect("the API answers");
        let header =
            |n: &str| res.headers().get(n).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let (content_type, location) =
            (header("content-type").unwrap_or_default(), header("location"));
        let text = res.body_mut().read_to_string().expect("body");
        Raw { status: res.status().as_u16(), content_type, location, text }
    }

    fn get(&self, path: &str) -> Raw {
        self.send("GET", path, None, "")
    }

    fn json(&self, method: &str, path: &str, body: &Value) -> Raw {
        self.send(method, path, Some(("application/json", &body.to_string())), "")
    }

    fn xml(&self, method: &str, path: &str, body: &str, accept: &str) -> Raw {
        self.send(method, path, Some(("application/xml", body)), accept)
    }

    /// The repository data `si` of `impu` as stored: (sequence number, ServiceData).
    fn stored(&self, impu: &str, si: &str) -> Option<(u16, String)> {
        let key = self.store.ims_key_by_impu(impu).expect("provisioned");
        let data = self.store.repository_data(key, impu, si.as_bytes()).expect("readable")?;
        Some((data.sequence_number, String::from_utf8(data.service_data).expect("UTF-8")))
    }

    fn create(&self) -> Raw {
        self.json("POST", DATA, &json!({"impu": ALICE, "field_groups": [mmtel(), odb()]}))
    }
}

/// The CDIV rule set element as stored and read back.
fn rules() -> String {
    format!(
        r#"<cp:ruleset xmlns="{SS}" xmlns:cp="{CP}"><cp:rule id="unconditional"><cp:conditions/><cp:actions><forward-to><target>sip:+6505550202@example.com</target></forward-to></cp:actions></cp:rule></cp:ruleset>"#
    )
}

/// The rule set as a client sends it: with an XML declaration and a trailing newline.
fn rules_doc() -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n{}\n", rules())
}

fn mmtel() -> Value {
    json!({"service_indication": MMTEL, "fields": [
        {"name": "oip.active", "value": "true"}, {"name": "oip.authorized", "value": true},
        {"name": "oir.active", "value": "0"},
        {"name": "oir.default_behaviour", "value": "presentation-not-restricted"},
        {"name": "oir.mode", "value": "temporary"}, {"name": "cdiv.active", "value": "true"},
        {"name": "cdiv.no_reply_timer", "value": 20}, {"name": "cdiv.rules", "value": rules_doc()},
        {"name": "cdiv.authorized", "value": "true"}, {"name": "cw.active", "value": null}
    ]})
}

fn odb() -> Value {
    json!({"service_indication": ODB, "fields": [
        {"name": "odb.outgoing_barring", "value": "2"},
        {"name": "odb.operator_specific_type1", "value": "true"}
    ]})
}

fn mmtel_xml() -> String {
    format!(
        "<MMTelServices xmlns=\"{SS}\" xmlns:cp=\"{CP}\">\
         <complete-originating-identity-presentation>\
         <originating-identity-presentation active=\"true\"/>\
         <operator-originating-identity-presentation authorized=\"true\"/>\
         </complete-originating-identity-presentation>\
         <complete-originating-identity-presentation-restriction>\
         <originating-identity-presentation-restriction active=\"false\">\
         <default-behaviour>presentation-not-restricted</default-behaviour>\
         </originating-identity-presentation-restriction>\
         <operator-originating-identity-presentation-restriction><mode>temporary</mode>\
         </operator-originating-identity-presentation-restriction>\
         </complete-originating-identity-presentation-restriction>\
         <complete-communication-diversion><communication-diversion active=\"true\">\
         <NoReplyTimer>20</NoReplyTimer>{}</communication-diversion>\
         <operator-communication-diversion authorized=\"true\"/>\
         </complete-communication-diversion></MMTelServices>",
        rules()
    )
}

const ODB_XML: &str = "<OdbForImsOrientedServices><OdbForImsMultimediaTelephonyServices>\
    <OutgoingBarring>2</OutgoingBarring><OperatorSpecificBarring><Type1>true</Type1>\
    </OperatorSpecificBarring></OdbForImsMultimediaTelephonyServices></OdbForImsOrientedServices>";

/// Group `si` of subscriber data.
fn group(data: &Value, si: &str) -> Value {
    let groups = data["field_groups"].as_array().expect("groups");
    groups.iter().find(|g| g["service_indication"] == si).expect("group").clone()
}

/// The value of field `name` in group `si` (`"<unlisted>"` when the group lacks the field).
fn value(data: &Value, si: &str, name: &str) -> Value {
    let fields = group(data, si)["fields"].as_array().expect("fields").clone();
    fields.iter().find(|f| f["name"] == name).map_or(json!("<unlisted>"), |f| f["value"].clone())
}

fn groups(data: &Value) -> usize {
    data["field_groups"].as_array().map_or(0, Vec::len)
}

#[test]
fn subscriber_data_crud_in_json() {
    let api = Api::start(None);
    let r = api.create();
    assert_eq!((r.status, r.location.as_deref()), (201, Some(ALICE_PATH)), "{}", r.text);
    assert_eq!(r.content_type, "application/json");
    let created = r.json();
    assert_eq!((created["impu"].as_str(), groups(&created)), (Some(ALICE), 2));
    assert_eq!(group(&created, MMTEL)["sequence_number"], 0);
    assert!(group(&created, MMTEL).get("notified").is_none(), "no data plane");
    assert_eq!(value(&created, MMTEL, "oir.active"), "false", "normalised");
    assert_eq!(value(&created, MMTEL, "cdiv.no_reply_timer"), "20");

    // Read: every mapped field of every stored document, null where the document has none.
    let data = api.get(ALICE_PATH).json();
    assert_eq!(data, created, "the answer to the creation is what reads back");
    assert_eq!(value(&data, MMTEL, "oir.default_behaviour"), "presentation-not-restricted");
    assert_eq!(value(&data, MMTEL, "cdiv.rules"), json!(rules()));
    assert_eq!(value(&data, MMTEL, "cw.active"), Value::Null);
    assert_eq!(value(&data, MMTEL, "ect.authorized"), Value::Null);
    assert_eq!(value(&data, ODB, "odb.outgoing_barring"), "2");
    assert_eq!(value(&data, ODB, "odb.incoming_barring"), Value::Null);
    // Identities compare as URIs do (scheme in any case).
    assert_eq!(api.get("/sh/subscriber-data/SIP%3Aalice%40ims.example.org").status, 200);

    assert_eq!(api.create().err(), "409 subscriber_data.duplicate impu");

    // Replace one document: fields left out are gone; the other document is untouched.
    let body = json!({"impu": ALICE, "field_groups": [{"service_indication": MMTEL, "fields": [
        {"name": "cdiv.active", "value": false}, {"name": "cw.active", "value": "true"}]}]});
    let r = api.json("PUT", ALICE_PATH, &body);
    assert_eq!((r.status, groups(&r.json())), (200, 1), "{}", r.text);
    assert_eq!(group(&r.json(), MMTEL)["sequence_number"], 1);
    let data = api.get(ALICE_PATH).json();
    assert_eq!(value(&data, MMTEL, "cdiv.active"), "false");
    assert_eq!(value(&data, MMTEL, "cw.active"), "true");
    assert_eq!(value(&data, MMTEL, "oip.active"), Value::Null);
    assert_eq!(value(&data, ODB, "odb.outgoing_barring"), "2");

    // With the sequence number read: only while it is still the stored one.
    let conditional = |n: u16| {
        json!({"field_groups": [{"service_indication": ODB, "sequence_number": n,
                                 "fields": [{"name": "odb.incoming_barring", "value": "1"}]}]})
    };
    let stale = api.json("PUT", ALICE_PATH, &conditional(1));
    let out_of_sync = "409 repository_data.sequence_out_of_sync field_groups[0].sequence_number";
    assert_eq!(stale.err(), out_of_sync);
    let r = api.json("PUT", ALICE_PATH, &conditional(0));
    assert_eq!((r.status, group(&r.json(), ODB)["sequence_number"].clone()), (200, json!(1)));

    // Delete: every document, answered as it was.
    let r = api.send("DELETE", ALICE_PATH, None, "");
    assert_eq!((r.status, groups(&r.json())), (200, 2), "{}", r.text);
    assert_eq!(value(&r.json(), MMTEL, "cw.active"), "true");
    assert_eq!(value(&r.json(), ODB, "odb.incoming_barring"), "1");
    assert_eq!((api.stored(ALICE, MMTEL), api.stored(ALICE, ODB)), (None, None));
    assert_eq!(api.get(ALICE_PATH).err(), "404 subscriber_data.not_found");
    assert_eq!(api.send("DELETE", ALICE_PATH, None, "").err(), "404 subscriber_data.not_found");
    assert_eq!(api.json("PUT", ALICE_PATH, &body).err(), "404 subscriber_data.not_found");
    assert_eq!(api.create().status, 201, "created afresh");
}

#[test]
fn the_documents_are_the_identitys_repository_data() {
    let api = Api::start(None);
    assert_eq!(api.create().status, 201);
    assert_eq!(api.stored(ALICE, MMTEL), Some((0, mmtel_xml())));
    assert_eq!(api.stored(ALICE, ODB), Some((0, ODB_XML.into())));
    assert_eq!(api.stored(ALICE_TEL, MMTEL), None, "per public identity");

    // An AS updates the document (a PUR, here through the store), with its own prefixes.
    let key = api.store.ims_key_by_impu(ALICE).expect("provisioned");
    let theirs = format!(
        r#"<ss:MMTelServices xmlns:ss="{SS}" xmlns:c="{CP}"><ss:complete-communication-diversion><ss:communication-diversion active="false"><c:ruleset/></ss:communication-diversion></ss:complete-communication-diversion></ss:MMTelServices>"#
    );
    let si = MMTEL.as_bytes();
    api.store.update_repository_data(key, ALICE, si, 1, Some(theirs.as_bytes())).expect("PUR");
    let data = api.get(ALICE_PATH).json();
    assert_eq!(group(&data, MMTEL)["sequence_number"], 1);
    assert_eq!(value(&data, MMTEL, "cdiv.active"), "false");
    let rules = value(&data, MMTEL, "cdiv.rules");
    let rules = rules.as_str().expect("a rule set");
    let parsed = roxmltree::Document::parse(rules).expect("self-contained");
    assert_eq!(parsed.root_element().tag_name().namespace(), Some(CP), "{rules}");

    // A replace writes the stored number plus one, and the mapped document only.
    let body = json!({"field_groups": [{"service_indication": MMTEL, "fields": [
        {"name": "cw.active", "value": "true"}, {"name": "cw.authorized", "value": "true"},
        {"name": "oir.default_behaviour", "value": "a<b & \"c\""}]}]});
    let r = api.json("PUT", ALICE_PATH, &body);
    assert_eq!(group(&r.json(), MMTEL)["sequence_number"], 2, "{}", r.text);
    let expected = format!(
        "<MMTelServices xmlns=\"{SS}\" xmlns:cp=\"{CP}\">\
         <complete-originating-identity-presentation-restriction>\
         <originating-identity-presentation-restriction>\
         <default-behaviour>a&lt;b &amp; \"c\"</default-behaviour>\
         </originating-identity-presentation-restriction>\
         </complete-originating-identity-presentation-restriction>\
         <complete-communication-waiting><communication-waiting active=\"true\"/>\
         <operator-communication-waiting authorized=\"true\"/></complete-communication-waiting>\
         </MMTelServices>"
    );
    assert_eq!(api.stored(ALICE, MMTEL), Some((2, expected)));
    let data = api.get(ALICE_PATH).json();
    assert_eq!(value(&data, MMTEL, "oir.default_behaviour"), "a<b & \"c\"");
    assert_eq!(api.stored(ALICE, ODB).map(|(n, _)| n), Some(0), "untouched");
    let repo = "/ims-subscriptions/by-impu/sip%3Aalice%40ims.example.org/repository-data/";
    assert_eq!(api.get(&format!("{repo}{MMTEL}")).json()["sequence_number"], 2);
}

/// A request body in XML with one field group.
fn xml_body(si: &str, fields: &[(&str, Option<&str>)]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\"?><subscriber_data><impu>{ALICE}</impu><field_groups><field_group>\
         <service_indication>{si}</service_indication><fields>"
    );
    for (name, value) in fields {
        let value = match value {
            Some(v) => format!("<value>{v}</value>"),
            None => format!(r#"<value xmlns:xsi="{XSI}" xsi:nil="true"/>"#),
        };
        out.push_str(&format!("<field><name>{name}</name>{value}</field>"));
    }
    out + "</fields></field_group></field_groups></subscriber_data>"
}

/// The fields of an XML answer: (name, value or `None` for xsi:nil).
fn xml_fields(text: &str) -> Vec<(String, Option<String>)> {
    let doc = roxmltree::Document::parse(text).expect("well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "subscriber_data");
    let fields = doc.descendants().filter(|n| n.has_tag_name("field"));
    let text = |n: roxmltree::Node| n.text().unwrap_or("").to_owned();
    fields
        .map(|f| {
            let child = |name: &str| f.children().find(|c| c.has_tag_name(name)).expect(name);
            let nil = child("value").attribute((XSI, "nil")) == Some("true");
            (text(child("name")), (!nil).then(|| text(child("value"))))
        })
        .collect()
}

#[test]
fn subscriber_data_in_xml() {
    let api = Api::start(None);
    let escaped = rules_doc().replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let fields =
        [("cdiv.active", Some("true")), ("cdiv.rules", Some(&*escaped)), ("cw.active", None)];
    let r = api.xml("POST", DATA, &xml_body(MMTEL, &fields), "application/xml");
    assert_eq!((r.status, r.location.as_deref()), (201, Some(ALICE_PATH)), "{}", r.text);
    assert!(r.content_type.starts_with("application/xml"), "{}", r.content_type);

    let r = api.send("GET", ALICE_PATH, None, "application/xml");
    assert_eq!(r.status, 200, "{}", r.text);
    let fields = xml_fields(&r.text);
    let get = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    assert_eq!(get("cdiv.active"), Some(Some("true".into())));
    assert_eq!(get("cdiv.rules"), Some(Some(rules())));
    assert_eq!(get("cw.active"), Some(None), "xsi:nil");
    assert!(r.text.contains("<sequence_number>0</sequence_number>"), "{}", r.text);
    let data = api.send("GET", ALICE_PATH, None, "application/json").json();
    assert_eq!(value(&data, MMTEL, "cdiv.rules"), json!(rules()));

    // Replace in XML (text/xml too), answered in JSON.
    let body = xml_body(MMTEL, &[("cw.active", Some("false"))]);
    let r = api.send("PUT", ALICE_PATH, Some(("text/xml; charset=utf-8", &body)), "");
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(value(&r.json(), MMTEL, "cw.active"), "false");

    // Delete, answered in XML.
    let r = api.send("DELETE", ALICE_PATH, None, "text/xml");
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(xml_fields(&r.text).contains(&("cw.active".into(), Some("false".into()))));

    // A body that is not XML is 400; one of another shape 422 naming the element.
    assert_eq!(api.xml("POST", DATA, "<a>", "").status, 400);
    let odd = "<subscriber_data><impu>x</impu><colour/></subscriber_data>";
    assert_eq!(api.xml("POST", DATA, odd, "").err(), "422 invalid colour");
    let odd = xml_body(MMTEL, &[("cw.active", Some("maybe"))]);
    let r = api.xml("POST", DATA, &odd, "");
    assert_eq!(r.err(), "422 invalid field_groups[0].fields[0].value");
}

#[test]
fn content_negotiation() {
    let api = Api::start(None);
    let body = json!({"impu": ALICE, "field_groups": [odb()]}).to_string();
    let post = |ct: &str, accept: &str| api.send("POST", DATA, Some((ct, &body)), accept);
    // Neither JSON nor XML acceptable: 406, and nothing is created.
    let r = post("application/json", "text/html");
    assert_eq!(
        (r.err(), r.content_type.as_str()),
        ("406 not_acceptable".into(), "application/json")
    );
    assert_eq!(api.stored(ALICE, ODB), None);
    // A body neither JSON nor XML: 415.
    for ct in ["text/plain", "application/x-www-form-urlencoded", ""] {
        assert_eq!(post(ct, "").err(), "415 unsupported_media_type", "{ct:?}");
    }
    assert_eq!(post("application/json; charset=utf-8", "").status, 201);

    for (accept, framing) in [
        ("*/*", "json"),
        ("application/*", "json"),
        ("application/xml, */*", "xml"),
        ("application/json;q=0.5, application/xml", "xml"),
        ("application/xml;q=0.5, application/json", "json"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "xml"),
        ("*/*, application/json;q=0", "xml"),
    ] {
        let r = api.send("GET", ALICE_PATH, None, accept);
        let ok = r.status == 200 && r.content_type.starts_with(&format!("application/{framing}"));
        assert!(ok, "{accept}: {} {}", r.status, r.content_type);
    }
    for accept in ["application/json;q=0", "image/png"] {
        assert_eq!(api.send("GET", ALICE_PATH, None, accept).status, 406, "{accept}");
    }
}

#[test]
fn unknown_identities_and_bad_bodies() {
    let api = Api::start(None);
    // An identity no IMS subscription has is 404.
    let nobody = "/sh/subscriber-data/sip%3Anobody%40ims.example.org";
    let body = json!({"impu": "sip:nobody@ims.example.org", "field_groups": [odb()]});
    let not_found = "404 ims_subscription.not_found";
    assert_eq!(api.json("POST", DATA, &body).err(), not_found);
    assert_eq!(api.get(nobody).err(), not_found);
    assert_eq!(api.json("PUT", nobody, &body).err(), not_found);
    assert_eq!(api.send("DELETE", nobody, None, "").err(), not_found);
    // A known identity without subscriber data.
    let tel = "/sh/subscriber-data/tel%3A%2B491790000001";
    assert_eq!(api.get(tel).err(), "404 subscriber_data.not_found");

    // A body the mappings refuse is 422 naming the field; nothing is written.
    let post =
        |groups: &Value| api.json("POST", DATA, &json!({"impu": ALICE, "field_groups": groups}));
    let one = |si: &str, name: &str, v: Value| json!([{"service_indication": si, "fields": [{"name": name, "value": v}]}]);
    let (value0, name0) = ("field_groups[0].fields[0].value", "field_groups[0].fields[0].name");
    let twice = json!([{"service_indication": ODB, "fields": [
        {"name": "odb.roaming_barring", "value": 1}, {"name": "odb.roaming_barring", "value": 2}]}]);
    let mut with_sequence = odb();
    with_sequence["sequence_number"] = json!(0);
    for (groups, field) in [
        (json!([]), "field_groups"),
        (one("Other", "x", json!(1)), "field_groups[0].service_indication"),
        (one(MMTEL, "cdiv.colour", json!(1)), name0),
        (one(MMTEL, "cdiv.active", json!("yes")), value0),
        (one(MMTEL, "cdiv.no_reply_timer", json!("20s")), value0),
        (one(MMTEL, "cdiv.no_reply_timer", json!(1.5)), value0),
        (one(MMTEL, "cdiv.rules", json!("<other/>")), value0),
        (one(MMTEL, "cdiv.rules", json!("<cp:ruleset>")), value0),
        (one(MMTEL, "oir.mode", json!("a\u{1}b")), value0),
        (one(MMTEL, "oir.mode", json!({"a": 1})), value0),
        (json!([odb(), odb()]), "field_groups[1].service_indication"),
        (twice, "field_groups[0].fields[1].name"),
        (json!([with_sequence]), "field_groups[0].sequence_number"),
    ] {
        assert_eq!(post(&groups).err(), format!("422 invalid {field}"), "{groups}");
    }
    assert_eq!(api.json("POST", DATA, &json!({"field_groups": [odb()]})).err(), "422 invalid impu");
    assert_eq!(api.json("POST", DATA, &json!({"impu": ALICE, "colour": 1})).status, 422);
    assert_eq!(api.send("POST", DATA, Some(("application/json", "{")), "").status, 400);
    assert_eq!(api.stored(ALICE, ODB), None, "nothing written");

    // The identity in a replace's body is the path's.
    assert_eq!(api.create().status, 201);
    let body = json!({"impu": ALICE_TEL, "field_groups": [odb()]});
    assert_eq!(api.json("PUT", ALICE_PATH, &body).err(), "422 invalid impu");
}

#[test]
fn field_mappings_defaults_custom_and_refused() {
    let api = Api::start(None);
    let defaults = api.get(MAPPINGS).json();
    let docs = defaults["documents"].as_array().expect("documents");
    let sis: Vec<&str> = docs.iter().filter_map(|d| d["service_indication"].as_str()).collect();
    assert_eq!(sis, [MMTEL, ODB]);
    assert_eq!((&docs[0]["namespace"], &docs[1]["namespace"]), (&json!(SS), &Value::Null));
    assert_eq!(docs[0]["prefixes"], json!([{"prefix": "cp", "uri": CP}]));
    let fields = docs[0]["fields"].as_array().expect("fields");
    assert_eq!(
        fields.iter().find(|f| f["name"] == "cdiv.active"),
        Some(&json!({"name": "cdiv.active", "type": "boolean", "description": "CDIV Active",
            "path": "MMTelServices/complete-communication-diversion/communication-diversion/@active"}))
    );
    assert_eq!(api.store.sh_field_mappings().expect("readable"), None, "built in, not stored");

    // Custom mappings: a plain simservs document.
    let custom = json!({"documents": [{"service_indication": MMTEL, "namespace": SS, "fields": [
        {"name": "cdiv.active", "path": "simservs/communication-diversion/@active", "type": "boolean"},
        {"name": "cdiv.target", "path": "simservs/communication-diversion/target"}]}]});
    let r = api.json("PUT", MAPPINGS, &custom);
    assert_eq!(r.status, 200, "{}", r.text);
    let in_force = r.json();
    assert_eq!(in_force["documents"][0]["fields"][1]["type"], "text", "the default type");
    assert_eq!(api.get(MAPPINGS).json(), in_force);
    let stored = api.store.sh_field_mappings().expect("readable").expect("stored");
    assert_eq!(stored.documents[0].fields[0].path, "simservs/communication-diversion/@active");

    let groups = json!([{"service_indication": MMTEL, "fields": [
        {"name": "cdiv.active", "value": true}, {"name": "cdiv.target", "value": "tel:+1"}]}]);
    let r = api.json("POST", DATA, &json!({"impu": ALICE, "field_groups": groups}));
    assert_eq!(r.status, 201, "{}", r.text);
    let xml = format!(
        r#"<simservs xmlns="{SS}"><communication-diversion active="true"><target>tel:+1</target></communication-diversion></simservs>"#
    );
    assert_eq!(api.stored(ALICE, MMTEL), Some((0, xml)));
    let r = api.json("PUT", ALICE_PATH, &json!({"field_groups": [odb()]}));
    assert_eq!(r.err(), "422 invalid field_groups[0].service_indication", "ODB is not mapped");

    // Refused mappings name the field; nothing changes.
    let with = |path: &str, kind: &str| {
        json!({"documents": [{"service_indication": MMTEL, "prefixes": [{"prefix": "cp", "uri": CP}],
            "fields": [{"name": "a", "path": "s/x/@a", "type": "boolean"},
                       {"name": "b", "path": path, "type": kind}]}]})
    };
    let put = |body: &Value| api.json("PUT", MAPPINGS, body);
    let path1 = "422 invalid documents[0].fields[1].path";
    for bad in ["", "s//y", "s/@y/z", "@y", "s/1y", "s/zz:y", "t/y", "s/x/@a", "s/x/@xmlns", "s/x"]
    {
        let kind = if bad == "s/x" { "xml" } else { "text" };
        assert_eq!(put(&with(bad, kind)).err(), path1, "{bad:?}");
    }
    assert_eq!(put(&with("s/y/@b", "xml")).err(), "422 invalid documents[0].fields[1].type");
    assert_eq!(put(&with("s/y", "date")).status, 422);
    let changed = |pointer: &str, v: Value| {
        let mut body = with("s/y", "text");
        *body.pointer_mut(pointer).expect("member") = v;
        body
    };
    let mut two = with("s/y", "text");
    let first = two["documents"][0].clone();
    two["documents"].as_array_mut().expect("list").push(first);
    let prefix = "/documents/0/prefixes/0/prefix";
    for (body, field) in [
        (changed("/documents/0/fields/1/name", json!("a")), "documents[0].fields[1].name"),
        (two, "documents[1].service_indication"),
        (changed(prefix, json!("a:b")), "documents[0].prefixes[0].prefix"),
        (changed(prefix, json!("xmlx")), "documents[0].prefixes[0].prefix"),
        (changed("/documents/0/service_indication", json!("")), "documents[0].service_indication"),
        (changed("/documents/0/fields", json!([])), "documents[0].fields"),
        (json!({"documents": []}), "documents"),
    ] {
        assert_eq!(put(&body).err(), format!("422 invalid {field}"), "{body}");
    }
    assert_eq!(put(&json!({"documents": [], "colour": 1})).status, 422);
    assert_eq!(api.get(MAPPINGS).json(), in_force, "unchanged");
    assert_eq!(put(&with("s/x/cp:ruleset", "xml")).status, 200, "a declared prefix");

    // Back to the built-in mappings.
    assert_eq!(api.send("DELETE", MAPPINGS, None, "").status, 204);
    assert_eq!(api.get(MAPPINGS).json(), defaults);
    assert_eq!(api.store.sh_field_mappings().expect("readable"), None);
}

/// A data plane that records what it is asked to send; every AS answers 2001.
#[derive(Debug, Default)]
struct FakePort {
    sent: Mutex<Vec<OutboundRequest>>,
}

impl ControlPort for FakePort {
    fn send(&self, request: OutboundRequest, _: Duration) -> Delivery {
        self.sent.lock().expect("lock").push(request);
        Delivery::Sent { answer: Some(AnswerResult::ResultCode(2001)) }
    }

    fn peers(&self) -> Vec<PeerStatus> {
        Vec::new()
    }
}

#[test]
fn each_change_notifies_the_subscribed_ases() {
    let port = Arc::new(FakePort::default());
    let api = Api::start(Some(port.clone()));
    let taken = || std::mem::take(&mut *port.sent.lock().expect("lock"));
    let key = api.store.ims_key_by_impu(ALICE).expect("provisioned");
    let (host, realm) = ("as1.example.org".to_owned(), "as.example.org".to_owned());
    let si = MMTEL.as_bytes().to_vec();
    let subscription = ShSubscription {
        impu: ALICE.into(),
        data_reference: 0,
        service_indication: si.clone(),
        as_host: host.clone(),
        as_realm: realm.clone(),
        expiry: None,
    };
    api.store.sh_subscribe(key, &subscription).expect("subscribed");
    let pnr = || {
        let (impu, service_indication) = (ALICE.into(), si.clone());
        let (host, realm) = (host.clone(), realm.clone());
        vec![OutboundRequest::PushNotification {
            impu,
            data_reference: 0,
            service_indication,
            host,
            realm,
        }]
    };
    let notified = json!([{"as_host": host, "sent": true, "answer": {"result_code": 2001}}]);

    let r = api.create();
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(group(&r.json(), MMTEL)["notified"], notified);
    assert!(group(&r.json(), ODB).get("notified").is_none(), "no AS subscribed to ODB");
    assert_eq!(taken(), pnr());

    // A replace of ODB only notifies no one; one of MMTel the AS, in XML too.
    assert_eq!(api.json("PUT", ALICE_PATH, &json!({"field_groups": [odb()]})).status, 200);
    assert!(taken().is_empty());
    let body = xml_body(MMTEL, &[("cw.active", Some("true"))]);
    let r = api.xml("PUT", ALICE_PATH, &body, "application/xml");
    assert_eq!(r.status, 200, "{}", r.text);
    let doc = roxmltree::Document::parse(&r.text).expect("well-formed XML");
    let at = |path: &str| {
        let mut nodes = doc.descendants().filter(|n| n.has_tag_name("notification"));
        let mut node = nodes.next().expect("a notification");
        assert_eq!(node.parent().map(|p| p.tag_name().name()), Some("notified"));
        for step in path.split('/') {
            node = node.children().find(|c| c.has_tag_name(step)).expect(step);
        }
        node.text().unwrap_or("").to_owned()
    };
    assert_eq!((at("as_host"), at("sent")), (host.clone(), "true".into()));
    assert_eq!(at("answer/result_code"), "2001");
    assert_eq!(taken(), pnr());

    // A refused change notifies no one; a deletion does.
    let stale = json!({"field_groups": [{"service_indication": MMTEL, "sequence_number": 0, "fields": []}]});
    assert_eq!(api.json("PUT", ALICE_PATH, &stale).status, 409);
    assert!(taken().is_empty());
    let r = api.send("DELETE", ALICE_PATH, None, "");
    assert_eq!(group(&r.json(), MMTEL)["notified"], notified);
    assert_eq!(taken(), pnr());
}
