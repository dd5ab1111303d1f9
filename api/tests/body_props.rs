//! The provisioning routes' JSON bodies, generated: a bounded, deterministic property test
//! (proptest, a fixed seed, no failure file) over the real router on a loopback port, with a
//! hand-written HTTP/1.1 client so that any bytes can be sent. For every route that takes a JSON
//! body, and for the NDJSON imports:
//!
//! - random JSON values (nested objects and arrays, unicode, huge and negative numbers, nulls),
//!   raw texts serde must refuse (deep nesting, numbers out of range, truncated documents), and
//!   random bytes are refused with a 4xx;
//! - a valid body with one thing changed (a field removed, replaced by a value of another type
//!   or an extreme number, a very long string, an unknown field added) is refused with a 4xx,
//!   or, when the change left it valid, accepted and read back; an unknown field is always
//!   refused;
//! - whatever is sent: never a 5xx; every 4xx has the API's error shape with a code and a
//!   message, and a field where the code is `invalid`; no answer quotes a Ki, OPc or password;
//! - a valid body is accepted (2xx) and what it created or changed reads back.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use api::{ApiConfig, ApiServer};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{Value, json};
use store::{MemStore, Store, StoreConfig};

/// The configured admin token every request carries, so that a token created by a generated
/// body changes nothing.
const TOKEN: &str = "body-props-admin";
const KI: &str = "465b5ce8b199b49faa5f0a2ee238a6bc";
const OPC: &str = "cd63cb71954a9f4e48a5994e37a02baf";
const PASSWORD: &str = "pw-s3cret-body-props";
/// The subscriber the PATCH and AuC routes work on.
const IMSI: &str = "001010000000001";

// ---- HTTP ------------------------------------------------------------------------------------

/// An answer: status, body as JSON (`Null` when not JSON), body as text.
#[derive(Debug)]
struct Reply {
    status: u16,
    body: Value,
    text: String,
}

/// One request on its own connection, with the admin token.
fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Reply, String> {
    let what = format!("{method} {path}");
    let mut s = TcpStream::connect(addr).map_err(|e| format!("{what}: connect: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(30))).map_err(|e| e.to_string())?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n\
         Connection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(ct) = content_type {
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    head.push_str("\r\n");
    // The server may answer, and close, before it has read a body it refuses.
    let _ = s.write_all(head.as_bytes()).and_then(|()| s.write_all(body));
    let mut raw = Vec::new();
    match s.read_to_end(&mut raw) {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::ConnectionReset && !raw.is_empty() => {}
        Err(e) => return Err(format!("{what}: no answer: {e}")),
    }
    parse_reply(&raw).map_err(|e| format!("{what}: {e}"))
}

fn parse_reply(raw: &[u8]) -> Result<Reply, String> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or("no end of the headers")?;
    let head = std::str::from_utf8(&raw[..end]).map_err(|e| format!("headers: {e}"))?;
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("no status in {head:?}"))?;
    let chunked = lines.any(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("transfer-encoding:") && l.contains("chunked")
    });
    let payload = if chunked { dechunk(&raw[end + 4..])? } else { raw[end + 4..].to_vec() };
    let text = String::from_utf8_lossy(&payload).into_owned();
    let body = serde_json::from_slice(&payload).unwrap_or(Value::Null);
    Ok(Reply { status, body, text })
}

fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let eol = data.windows(2).position(|w| w == b"\r\n").ok_or("no chunk size")?;
        let size = std::str::from_utf8(&data[..eol]).map_err(|e| e.to_string())?;
        let size = size.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size, 16).map_err(|e| format!("chunk size: {e}"))?;
        data = &data[eol + 2..];
        if size == 0 {
            return Ok(out);
        }
        if data.len() < size + 2 {
            return Err("a chunk cut short".into());
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

// ---- what every answer must be ---------------------------------------------------------------

/// No 5xx, no secret quoted, a 4xx in the error shape.
fn check_reply(what: &str, r: &Reply) -> Result<(), String> {
    if !(200..500).contains(&r.status) {
        return Err(format!("{what}: status {}: {}", r.status, r.text));
    }
    for secret in [KI, OPC, PASSWORD] {
        if r.text.contains(secret) {
            return Err(format!("{what}: the answer quotes a secret: {}", r.text));
        }
    }
    if (400..500).contains(&r.status) {
        check_error_shape(r).map_err(|e| format!("{what}: {} {e}: {}", r.status, r.text))?;
    }
    Ok(())
}

/// `{"error": {"code", "message", "field"}}`: a code and a message, a field that is a
/// non-empty string where there is one, and always one for `invalid`.
fn check_error_shape(r: &Reply) -> Result<(), String> {
    let e = &r.body["error"];
    let code = e["code"].as_str().filter(|c| !c.is_empty()).ok_or("without error.code")?;
    e["message"].as_str().filter(|m| !m.is_empty()).ok_or("without error.message")?;
    match &e["field"] {
        Value::Null => {}
        Value::String(f) if !f.is_empty() => {}
        other => return Err(format!("error.field {other}")),
    }
    if code == "invalid" && e["field"].is_null() {
        return Err("an `invalid` without the field".into());
    }
    Ok(())
}

// ---- the routes ------------------------------------------------------------------------------

/// A route that takes a JSON body. `path` and `read_back` are templates: `{n}` is a number no
/// other body of the run has, `{IMSI}` is [`IMSI`], `{id}` the `id` of the answer, and `{imsi}`,
/// `{impi}` (first private identity) and `{name}` what the body sent names.
struct Route {
    method: &'static str,
    path: &'static str,
    valid: fn(u64) -> Value,
    /// Where what a 2xx created or changed reads back, if anywhere.
    read_back: Option<&'static str>,
    /// Whether `{}` is a valid body (a PATCH that changes nothing).
    empty_ok: bool,
}

impl Route {
    fn path(&self, n: u64) -> String {
        fill(self.path, n, &Value::Null, &Value::Null)
    }
}

fn fill(template: &str, n: u64, sent: &Value, answer: &Value) -> String {
    let text = |v: &Value| v.as_str().map(encode).unwrap_or_default();
    template
        .replace("{n}", &n.to_string())
        .replace("{IMSI}", IMSI)
        .replace("{id}", &answer["id"].to_string())
        .replace("{imsi}", &text(&sent["imsi"]))
        .replace("{impi}", &text(&sent["private_identities"][0]["impi"]))
        .replace("{name}", &text(&sent["name"]))
}

/// `s` percent-encoded for a path segment.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn imsi(n: u64) -> String {
    format!("00101{:010}", 1000 + n)
}

fn internet() -> Value {
    json!({"apn": "internet", "qci": 9,
        "arp": {"priority_level": 8, "pre_emption_capability": false,
                "pre_emption_vulnerability": true},
        "ambr": {"uplink": 50_000_000, "downlink": 100_000_000}, "pdn_type": "ipv4v6"})
}

fn roaming(name: &str) -> Value {
    json!({"name": name, "default_data": false, "default_ims": true,
        "rules": [{"mcc": "262", "mnc": "01", "data": true, "ims": false}]})
}

fn eps(name: &str) -> Value {
    json!({"name": name, "ue_ambr": {"uplink": 1000, "downlink": 2000},
        "network_access_mode": "only_packet", "apns": [1], "default_apn": 1,
        "periodic_tau_timer": 3240, "charging_characteristics": "0800", "roaming_profile": 1})
}

fn subscriber(imsi: &str, n: u64) -> Value {
    json!({"imsi": imsi, "msisdn": format!("4917{:08}", n), "status": "service_granted",
        "ue_ambr": {"uplink": 20_000_000, "downlink": 40_000_000},
        "apns": [{"profile": 1}], "default_apn": 1, "roaming_allowed": true,
        "options": {"periodic_tau_timer": 3240, "ue_usage_type": 3,
                    "non_3gpp": {"allowed": true, "apn_access": true, "apns": [1]}},
        "auth": {"ki": KI, "opc": OPC}})
}

fn ims(user: &str) -> Value {
    json!({
        "private_identities": [{"impi": format!("{user}@ims.example.org"),
                                "schemes": ["SIP Digest"], "digest_password": PASSWORD}],
        "public_identities": [{"impu": format!("sip:{user}@ims.example.org"),
                               "display_name": "Ünïcødé ✓"}],
        "service_profiles": [{"ifcs": [ifc(10)]}]
    })
}

fn ifc(priority: u32) -> Value {
    json!({"priority": priority,
        "trigger_point": {"condition_type_cnf": false, "spts": [
            {"condition": {"method": "INVITE"}},
            {"condition": {"session_case": "originating"}}]},
        "application_server": {"server_name": "sip:as.example.org",
                               "default_handling": "session_continued"}})
}

/// The IMS subscription `PUT /ims-subscriptions/{impi}` replaces; another one holds the
/// repository data.
const IMS_REPLACED: &str = "replaced";
const IMS_REPOSITORY: &str = "repository";

fn routes() -> Vec<Route> {
    type Row = (&'static str, &'static str, fn(u64) -> Value, Option<&'static str>, bool);
    // method, path, valid body, where it reads back, whether `{}` is valid
    #[rustfmt::skip]
    let rows: [Row; 20] = [
        ("POST", "/subscribers", |n| subscriber(&imsi(n), n), Some("/subscribers/{imsi}"), false),
        ("PATCH", "/subscribers/{IMSI}", |_| json!({"roaming_allowed": false,
            "ue_ambr": {"downlink": 9}, "options": {"ics_indicator": null}}),
            Some("/subscribers/{IMSI}"), true),
        ("POST", "/auth-data", |n| json!({"imsi": imsi(n), "ki": KI, "opc": OPC, "amf": "8000",
            "sqn": 96}), Some("/auth-data/{imsi}"), false),
        ("PATCH", "/auth-data/{IMSI}", |_| json!({"ki": KI, "opc": OPC, "amf": "8000"}),
            Some("/auth-data/{IMSI}"), true),
        ("POST", "/auth-data/{IMSI}/vectors", |_| json!({"type": "eps", "count": 2,
            "visited_plmn": "00101"}), None, false),
        ("POST", "/apn-profiles", |_| internet(), Some("/apn-profiles/{id}"), false),
        ("PATCH", "/apn-profiles/1", |_| json!({"qci": 8, "arp": {"priority_level": 2}}),
            Some("/apn-profiles/1"), true),
        ("POST", "/eps-profiles", |n| eps(&format!("eps-{n}")), Some("/eps-profiles/{id}"), false),
        ("PUT", "/eps-profiles/1", |_| eps("default"), Some("/eps-profiles/1"), false),
        ("POST", "/roaming-profiles", |n| roaming(&format!("partners-{n}")),
            Some("/roaming-profiles/{id}"), false),
        ("PUT", "/roaming-profiles/1", |_| roaming("partners"), Some("/roaming-profiles/1"), false),
        ("POST", "/ims-subscriptions", |n| ims(&format!("user{n}")),
            Some("/ims-subscriptions/{impi}"), false),
        ("PUT", "/ims-subscriptions/replaced%40ims.example.org", |_| ims(IMS_REPLACED),
            Some("/ims-subscriptions/{impi}"), false),
        ("PUT", REPOSITORY, |_| json!({"sequence_number": 0, "service_data": "<a>Ünïcødé</a>"}),
            Some(REPOSITORY), false),
        ("POST", "/eir/rules", |n| json!({"imei": format!("35{n:012}"), "status": "blacklisted",
            "description": "stolen"}), Some("/eir/rules/{id}"), false),
        ("PUT", "/eir/rules/1", |_| json!({"imei": "35209900176148", "imsi": IMSI,
            "status": "greylisted"}), Some("/eir/rules/1"), false),
        ("PUT", "/eir/default", |_| json!({"status": "greylisted"}), Some("/eir/default"), true),
        ("POST", "/tokens", |n| json!({"name": format!("token-{n}"), "scopes": ["read", "write"]}),
            Some("/tokens/{name}"), false),
        ("POST", "/ifc-sets", |n| json!({"name": format!("set-{n}"), "ifcs": [ifc(1), ifc(2)]}),
            Some("/ifc-sets/{id}"), false),
        ("PUT", "/sh/application-servers/as{n}.example.org", |_| json!({"udr": [0, 14],
            "pur": [0], "snr": [0]}), Some("/sh/application-servers/as{n}.example.org"), true),
    ];
    let route = |(method, path, valid, read_back, empty_ok): Row| Route {
        method,
        path,
        valid,
        read_back,
        empty_ok,
    };
    rows.into_iter().map(route).collect()
}

/// Repository data of the IMS subscription that holds it, under a new Service-Indication.
const REPOSITORY: &str =
    "/ims-subscriptions/by-impu/sip%3Arepository%40ims.example.org/repository-data/si-{n}";

// ---- the server ------------------------------------------------------------------------------

/// The API over a memory store, with what the routes refer to: APN, roaming and EPS profile 1,
/// the subscriber [`IMSI`] with keys, two IMS subscriptions, EIR rule 1.
struct Api {
    server: ApiServer,
    next: AtomicU64,
    routes: Vec<Route>,
}

impl Api {
    fn start() -> Self {
        let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
        let config = ApiConfig {
            addr: Some("127.0.0.1:0".parse().expect("address")),
            token: Some(TOKEN.into()),
            workers: 1,
            ..Default::default()
        };
        let server = ApiServer::start(store, None, &config).expect("API starts");
        let api = Self { server, next: AtomicU64::new(1), routes: routes() };
        let fixtures = [
            ("/apn-profiles", internet()),
            ("/roaming-profiles", roaming("partners")),
            ("/eps-profiles", eps("default")),
            ("/subscribers", subscriber(IMSI, 0)),
            ("/ims-subscriptions", ims(IMS_REPLACED)),
            ("/ims-subscriptions", ims(IMS_REPOSITORY)),
            ("/eir/rules", json!({"imei": "35209900176148", "status": "blacklisted"})),
        ];
        for (path, body) in fixtures {
            let r = api.json("POST", path, &body.to_string()).expect("fixture");
            assert_eq!(r.status, 201, "fixture {path}: {}", r.text);
        }
        api
    }

    fn addr(&self) -> SocketAddr {
        self.server.local_addr()
    }

    fn unique(&self) -> u64 {
        self.next.fetch_add(1, Ordering::Relaxed)
    }

    fn json(&self, method: &str, path: &str, body: &str) -> Result<Reply, String> {
        http(self.addr(), method, path, Some("application/json"), body.as_bytes())
    }

    /// Sends `body` to route `i`; checks what any answer must be, and that a 2xx reads back.
    fn send(&self, i: usize, n: u64, content_type: &str, body: &[u8]) -> Result<Reply, String> {
        let route = &self.routes[i];
        let path = route.path(n);
        let what = format!("{} {path}", route.method);
        let r = http(self.addr(), route.method, &path, Some(content_type), body)?;
        check_reply(&what, &r)?;
        if (200..300).contains(&r.status)
            && let Some(template) = route.read_back
        {
            let sent = serde_json::from_slice(body).unwrap_or(Value::Null);
            let at = fill(template, n, &sent, &r.body);
            let read = http(self.addr(), "GET", &at, None, b"")?;
            check_reply(&format!("GET {at}"), &read)?;
            if read.status != 200 {
                return Err(format!("{what} answered {}, GET {at} {}", r.status, read.text));
            }
        }
        Ok(r)
    }
}

fn runner(cases: u32) -> TestRunner {
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
}

fn run<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), String>) {
    if let Err(e) = runner(cases).run(&strategy, |v| test(v).map_err(TestCaseError::fail)) {
        panic!("{e}");
    }
}

// ---- generated values ------------------------------------------------------------------------

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter_map("finite", |f| serde_json::Number::from_f64(f).map(Value::from)),
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(u64::MAX)),
        Just(json!(i64::MIN)),
        Just(json!(4_294_967_296u64)),
        Just(json!(9_007_199_254_740_993u64)),
        Just(json!(1e308)),
        Just(json!(0.5)),
    ]
}

fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,24}",
        "[a-z0-9_.:@-]{0,16}",
        "[0-9]{0,20}",
        (1usize..40_000, prop_oneof![Just("x"), Just("é"), Just("𝄞"), Just("\u{0}")])
            .prop_map(|(n, s)| s.repeat(n)),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(".{0,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// JSON texts that are not a value serde reads: too deep, out of range, cut short, not UTF-8.
fn odd_text() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        (1usize..3000).prop_map(|n| format!("{}{}", "[".repeat(n), "]".repeat(n)).into_bytes()),
        (1usize..3000).prop_map(|n| "{\"a\":".repeat(n).into_bytes()),
        Just(b"1e400".to_vec()),
        Just(b"-1e400".to_vec()),
        Just(b"123456789012345678901234567890".to_vec()),
        Just(b"{\"imsi\": \"001010000000009\", \"imsi\": \"001010000000009\"}".to_vec()),
        Just(b"\xef\xbb\xbf{}".to_vec()),
        Just(b"{\"a\": \"\\ud800\"}".to_vec()),
        Just(b"{\"a\": \"\xff\xfe\"}".to_vec()),
        Just(b"".to_vec()),
        Just(b"{} {}".to_vec()),
        Just(b"nul".to_vec()),
    ]
}

// ---- mutations of a valid body ---------------------------------------------------------------

/// One step from the root to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// Every value below the root, by its path.
fn paths(v: &Value, at: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                at.push(Seg::Key(k.clone()));
                out.push(at.clone());
                paths(child, at, out);
                at.pop();
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                at.push(Seg::Index(i));
                out.push(at.clone());
                paths(child, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn get_mut<'a>(v: &'a mut Value, path: &[Seg]) -> &'a mut Value {
    path.iter().fold(v, |v, seg| match seg {
        Seg::Key(k) => &mut v[k.as_str()],
        Seg::Index(i) => &mut v[*i],
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    Remove,
    Replace(Value),
    /// An unknown field in the object at the path, or in its parent's where the path is not an
    /// object.
    Unknown(String, Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => Just(Mutation::Remove),
        2 => number().prop_map(Mutation::Replace),
        2 => string().prop_map(|s| Mutation::Replace(Value::String(s))),
        2 => json_value().prop_map(Mutation::Replace),
        1 => Just(Mutation::Replace(Value::Null)),
        2 => ("zz_[a-z]{0,8}", json_value()).prop_map(|(k, v)| Mutation::Unknown(k, v)),
    ]
}

/// `body` with `mutation` applied at its `choice`-th path (modulo). True when the result must be
/// refused whatever else it holds.
fn mutate(body: &mut Value, choice: usize, mutation: &Mutation) -> bool {
    let mut all = Vec::new();
    paths(body, &mut Vec::new(), &mut all);
    let mut path = all[choice % all.len()].clone();
    match mutation {
        Mutation::Remove => {
            let last = path.pop().expect("below the root");
            match (get_mut(body, &path), last) {
                (Value::Object(m), Seg::Key(k)) => {
                    m.remove(&k);
                }
                (Value::Array(a), Seg::Index(i)) => {
                    a.remove(i);
                }
                _ => unreachable!("paths() names keys of objects and indices of arrays"),
            }
            false
        }
        Mutation::Replace(value) => {
            *get_mut(body, &path) = value.clone();
            false
        }
        Mutation::Unknown(key, value) => {
            while !get_mut(body, &path).is_object() {
                path.pop();
            }
            if let Value::Object(m) = get_mut(body, &path) {
                m.insert(key.clone(), value.clone());
            }
            true
        }
    }
}

// ---- the properties --------------------------------------------------------------------------

#[test]
fn valid_bodies_are_accepted_and_read_back() {
    let api = Api::start();
    for (i, route) in api.routes.iter().enumerate() {
        let n = api.unique();
        let body = (route.valid)(n).to_string();
        let r =
            api.send(i, n, "application/json", body.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert!((200..300).contains(&r.status), "{} {}: {}", route.method, route.path(n), r.text);
    }
}

#[test]
fn random_json_values_are_refused_in_the_error_shape() {
    let api = Api::start();
    let body = prop_oneof![
        3 => json_value().prop_map(|v| v.to_string().into_bytes()),
        1 => odd_text(),
    ];
    run(128, (0..api.routes.len(), body), |(i, body)| {
        let n = api.unique();
        let status = api.send(i, n, "application/json", &body)?.status;
        let empty = serde_json::from_slice::<Value>(&body).is_ok_and(|v| v == json!({}));
        let accepted = (200..300).contains(&status);
        if accepted && !(empty && api.routes[i].empty_ok) {
            return Err(format!("route {i} accepted {}", String::from_utf8_lossy(&body)));
        }
        Ok(())
    });
}

#[test]
fn random_bytes_are_refused_in_the_error_shape() {
    let api = Api::start();
    let content_type = prop_oneof![Just("application/json"), Just("text/plain"), Just("")];
    let bytes = proptest::collection::vec(any::<u8>(), 0..512);
    run(64, (0..api.routes.len(), content_type, bytes), |(i, content_type, body)| {
        let n = api.unique();
        let status = api.send(i, n, content_type, &body)?.status;
        if (200..300).contains(&status) {
            return Err(format!("route {i} accepted {body:02x?}"));
        }
        Ok(())
    });
}

#[test]
fn a_valid_body_with_one_change_is_refused_or_accepted_and_read_back() {
    let api = Api::start();
    run(384, (0..api.routes.len(), any::<usize>(), mutation()), |(i, choice, mutation)| {
        let n = api.unique();
        let mut body = (api.routes[i].valid)(n);
        let must_refuse = mutate(&mut body, choice, &mutation);
        let r = api.send(i, n, "application/json", body.to_string().as_bytes())?;
        if must_refuse && !(400..500).contains(&r.status) {
            return Err(format!("route {i} answered {} to {body}", r.status));
        }
        // The body is well-formed JSON: 400 (malformed) is never its answer.
        if r.status == 400 {
            return Err(format!("route {i} answered 400 to well-formed {body}: {}", r.text));
        }
        Ok(())
    });
}

#[test]
fn an_oversized_body_is_413_in_the_error_shape() {
    let api = Api::start();
    let mut body = (api.routes[0].valid)(api.unique());
    body["imsi"] = json!("1".repeat(3 << 20));
    let r = api.send(0, api.unique(), "application/json", body.to_string().as_bytes());
    let r = r.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((r.status, r.body["error"]["code"].as_str()), (413, Some("payload_too_large")));
}

/// One line of an NDJSON import.
#[derive(Debug, Clone)]
enum Line {
    Valid,
    Mutated(usize, Mutation),
    Random(Value),
    Bytes(Vec<u8>),
    Blank,
}

#[test]
fn ndjson_imports_take_the_valid_lines_and_report_the_others() {
    let api = Api::start();
    let line = prop_oneof![
        3 => Just(Line::Valid),
        3 => (any::<usize>(), mutation()).prop_map(|(c, m)| Line::Mutated(c, m)),
        2 => json_value().prop_map(Line::Random),
        1 => proptest::collection::vec(any::<u8>(), 1..64)
            .prop_map(|b| Line::Bytes(b.into_iter().filter(|&b| b != b'\n').collect())),
        1 => Just(Line::Blank),
    ];
    let lines = proptest::collection::vec(line, 1..8);
    run(48, (any::<bool>(), lines), |(is_ims, lines)| {
        let (path, read_back) = if is_ims {
            ("/ims-subscriptions/import", "/ims-subscriptions/{impi}")
        } else {
            ("/subscribers/import", "/subscribers/{imsi}")
        };
        let valid =
            |n: u64| if is_ims { ims(&format!("user{n}")) } else { subscriber(&imsi(n), n) };
        // (line number, its number, what it sent, whether it must be imported or refused)
        let mut expected = Vec::new();
        let mut body = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let n = api.unique();
            let (bytes, must) = match line {
                Line::Valid => (valid(n).to_string().into_bytes(), Some(true)),
                Line::Mutated(choice, mutation) => {
                    let mut v = valid(n);
                    let refused = mutate(&mut v, *choice, mutation);
                    (v.to_string().into_bytes(), refused.then_some(false))
                }
                Line::Random(v) => (v.to_string().into_bytes(), Some(false)),
                Line::Bytes(b) => (b.clone(), Some(false)),
                Line::Blank => (b"  ".to_vec(), None),
            };
            if !bytes.iter().all(u8::is_ascii_whitespace) {
                let sent = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
                expected.push((i + 1, n, sent, must));
            }
            body.extend_from_slice(&bytes);
            body.push(b'\n');
        }
        let r = http(api.addr(), "POST", path, Some("application/x-ndjson"), &body)?;
        check_reply(path, &r)?;
        if r.status != 200 {
            return Err(format!("{path}: {} {}", r.status, r.text));
        }
        let imported = r.body["imported"].as_u64().ok_or("no imported")?;
        let failed = r.body["failed"].as_u64().ok_or("no failed")?;
        if imported + failed != expected.len() as u64 {
            return Err(format!("{imported} + {failed} of {} lines: {}", expected.len(), r.text));
        }
        let errors = r.body["errors"].as_array().ok_or("no errors")?;
        let mut refused = Vec::new();
        for e in errors {
            let line =
                e["line"].as_u64().ok_or_else(|| format!("an error without its line: {e}"))?;
            let shape = Reply { status: 422, body: e.clone(), text: e.to_string() };
            check_error_shape(&shape).map_err(|m| format!("line {line}: {m}: {e}"))?;
            refused.push(line as usize);
        }
        if refused.len() as u64 != failed {
            return Err(format!("{failed} failed, {} listed: {}", refused.len(), r.text));
        }
        for (line, n, sent, must) in expected {
            let was_refused = refused.contains(&line);
            match must {
                Some(true) if was_refused => {
                    return Err(format!("valid line {line} refused: {}", r.text));
                }
                Some(false) if !was_refused => {
                    return Err(format!("line {line} imported: {}", r.text));
                }
                _ => {}
            }
            if !was_refused {
                let at = fill(read_back, n, &sent, &Value::Null);
                let read = http(api.addr(), "GET", &at, None, b"")?;
                if read.status != 200 {
                    return Err(format!("line {line} imported, GET {at}: {}", read.text));
                }
            }
        }
        Ok(())
    });
}

// ---- regressions -----------------------------------------------------------------------------

/// A JSON array is not a body, although serde's structs read arrays positionally (these were
/// once accepted: 200, 201).
#[test]
fn a_json_array_is_not_an_object_body() {
    let api = Api::start();
    for (method, path, body) in [
        ("PUT", "/eir/default", r#"["blacklisted"]"#),
        ("POST", "/tokens", r#"["positional", ["read"]]"#),
    ] {
        let r = api.json(method, path, body).expect("an answer");
        assert_eq!(
            (r.status, r.body["error"]["code"].as_str()),
            (422, Some("invalid")),
            "{method} {path} {body}: {}",
            r.text
        );
    }
}

/// A well-formed body whose enum field has another JSON type is 422 naming the field, as
/// `extract.rs` documents (serde_json calls it a syntax error; it was once 400).
#[test]
fn a_mistyped_enum_field_is_422_naming_it() {
    let api = Api::start();
    let mut body = internet();
    body["pdn_type"] = json!(4);
    let r = api.json("POST", "/apn-profiles", &body.to_string()).expect("an answer");
    let e = &r.body["error"];
    assert_eq!(
        (r.status, e["code"].as_str(), e["field"].as_str()),
        (422, Some("invalid"), Some("pdn_type")),
        "{}",
        r.text
    );
}
