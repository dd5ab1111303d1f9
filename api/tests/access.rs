//! Tokens and scopes over HTTP: the first admin token made while the API is open, then 401
//! without a token, 403 with one lacking the scope, for every kind of route; the PyHSS
//! `Provisioning-Key` header; revocation; the configuration's token; the refusal to serve a
//! non-loopback address unprotected.

use std::sync::Arc;

use api::client::{Client, ClientError, Reply};
use api::{ApiConfig, ApiServer, ApiStartError};
use serde_json::{Value, json};
use store::{MemStore, Store, StoreConfig};

fn start(token: Option<&str>) -> (ApiServer, Arc<Store>) {
    let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
    let config = ApiConfig {
        addr: Some("127.0.0.1:0".parse().expect("address")),
        token: token.map(Into::into),
        workers: 1,
        ..Default::default()
    };
    (ApiServer::start(store.clone(), None, &config).expect("API starts"), store)
}

fn ok(reply: Result<Reply, ClientError>) -> Reply {
    reply.expect("the API answers")
}

/// Creates a token through `admin`; returns its secret.
fn token(admin: &Client, name: &str, scopes: &[&str]) -> String {
    let r = ok(admin.post("/tokens", &json!({"name": name, "scopes": scopes})));
    assert_eq!(r.status, 201, "{r:?}");
    assert_eq!(r.body["name"], name);
    r.body["secret"].as_str().expect("the secret, once").to_owned()
}

/// A request of each kind of route: (method, path, body, the scope it needs).
fn requests() -> Vec<(&'static str, &'static str, Option<Value>, &'static str)> {
    let apn = json!({"apn": "internet", "qci": 9, "arp": {"priority_level": 8},
        "ambr": {"uplink": 1000, "downlink": 2000}});
    vec![
        ("GET", "/subscribers", None, "read"),
        ("GET", "/apn-profiles", None, "read"),
        ("GET", "/cache", None, "read"),
        ("GET", "/eir/rules", None, "read"),
        ("POST", "/apn-profiles", Some(apn), "write"),
        ("DELETE", "/cache", None, "write"),
        ("PATCH", "/subscribers/001010000000001", Some(json!({})), "write"),
        ("GET", "/tokens", None, "admin"),
        ("POST", "/tokens", Some(json!({"name": "x", "scopes": ["read"]})), "admin"),
    ]
}

fn send(c: &Client, method: &'static str, path: &str, body: &Option<Value>) -> Reply {
    let text = body.as_ref().map(Value::to_string);
    let ct = body.as_ref().map(|_| "application/json");
    ok(c.send(method, path, text.as_deref(), ct))
}

#[test]
fn each_route_needs_its_scope_once_a_token_exists() {
    let (server, _store) = start(None);
    let addr = server.local_addr();
    let anyone = Client::new(addr);
    // Open until the first token: that is how the first admin token is made.
    assert_eq!(ok(anyone.get("/subscribers")).status, 200);
    let root = token(&anyone, "root", &["admin"]);
    let admin = Client::new(addr).with_token(&root);
    let read = Client::new(addr).with_token(token(&admin, "reader", &["read"]));
    let write = Client::new(addr).with_token(token(&admin, "writer", &["write"]));
    let secrets = Client::new(addr).with_token(token(&admin, "keys", &["secrets"]));

    let r = ok(anyone.get("/subscribers"));
    assert_eq!((r.status, r.error_code()), (401, Some("unauthorized")));
    let bogus = Client::new(addr).with_token("hss_0000");
    assert_eq!(ok(bogus.get("/subscribers")).status, 401);
    assert_eq!(ok(anyone.get("/health")).status, 200, "health is open");
    assert_eq!(ok(anyone.get("/ready")).status, 200, "ready is open");

    for (method, path, body, needed) in requests() {
        for (holder, client) in [("read", &read), ("write", &write), ("secrets", &secrets)] {
            let granted = holder == needed || (needed == "read" && holder != "read");
            let status = send(client, method, path, &body).status;
            if granted {
                assert!(status != 401 && status != 403, "{method} {path} with {holder}: {status}");
            } else {
                assert_eq!(status, 403, "{method} {path} with {holder}");
            }
        }
        assert_eq!(send(&anyone, method, path, &body).status, 401, "{method} {path}");
        let status = send(&admin, method, path, &body).status;
        assert!(status != 401 && status != 403, "{method} {path} with admin: {status}");
    }
    let r = send(&read, "POST", "/apn-profiles", &Some(json!({})));
    assert_eq!(r.error_code(), Some("forbidden"));
    let message = r.body["error"]["message"].as_str().unwrap_or("");
    assert!(message.contains("reader lacks the write scope"), "{message}");
}

#[test]
fn provisioning_key_is_a_bearer_alias_and_revocation_is_immediate() {
    let (server, _store) = start(None);
    let addr = server.local_addr();
    let root = token(&Client::new(addr), "root", &["admin"]);
    let admin = Client::new(addr).with_token(&root);
    let secret = token(&admin, "pyhss-client", &["write"]);
    let pyhss = Client::new(addr).with_header("Provisioning-Key", &secret);
    assert_eq!(ok(pyhss.get("/apn-profiles")).status, 200);

    let list = ok(admin.get("/tokens"));
    let names: Vec<&str> = list.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(names, ["pyhss-client", "root"]);
    assert!(!list.body.to_string().contains(&secret[4..]), "secrets never listed");
    assert_eq!(ok(admin.get("/tokens/pyhss-client")).body["scopes"], json!(["write"]));

    let dup = ok(admin.post("/tokens", &json!({"name": "root", "scopes": ["read"]})));
    assert_eq!(dup.status, 409);
    let bad = ok(admin.post("/tokens", &json!({"name": "a b", "scopes": ["read"]})));
    assert_eq!((bad.status, bad.error_field()), (422, Some("name")));
    let bad = ok(admin.post("/tokens", &json!({"name": "a", "scopes": ["root"]})));
    assert_eq!((bad.status, bad.error_field()), (422, Some("scopes[0]")));
    let past = ok(admin.post("/tokens", &json!({"name": "a", "scopes": ["read"], "expires": 1})));
    assert_eq!((past.status, past.error_field()), (422, Some("expires")));

    assert_eq!(ok(admin.delete("/tokens/pyhss-client")).status, 204);
    assert_eq!(ok(pyhss.get("/apn-profiles")).status, 401, "revoked");
    assert_eq!(ok(admin.delete("/tokens/pyhss-client")).status, 404);
}

#[test]
fn the_configured_token_is_an_admin_token() {
    let (server, _store) = start(Some("from-the-config"));
    let addr = server.local_addr();
    assert_eq!(ok(Client::new(addr).get("/subscribers")).status, 401);
    let config = Client::new(addr).with_token("from-the-config");
    assert_eq!(ok(config.get("/subscribers")).status, 200);
    let t = token(&config, "ops", &["read"]);
    assert_eq!(ok(Client::new(addr).with_token(t).get("/subscribers")).status, 200);
    assert_eq!(ok(Client::new(addr).with_token("from-the-confiG").get("/tokens")).status, 401);
}

#[test]
fn an_unprotected_api_is_refused_off_loopback() {
    let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
    // The check comes before the bind: nothing listens on this address.
    let config =
        ApiConfig { addr: Some("0.0.0.0:0".parse().expect("address")), ..Default::default() };
    let e = ApiServer::start(store.clone(), None, &config).expect_err("refused");
    assert!(matches!(e, ApiStartError::Insecure { .. }), "{e}");
    assert!(e.to_string().contains("--rest-insecure"));
}
