//! Transient store failures over HTTP: while synced writes fail (a full or failing disk, as
//! RocksDB reports it), provisioning writes are answered 503 `store.unavailable` with
//! `Retry-After` and the failure named in the message, as the data plane answers 3004; what
//! the data decides keeps its status (404, 409), a permanent backend failure stays 500, and
//! once the fault clears the same requests succeed.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use api::client::{Client, Reply};
use api::{ApiConfig, ApiServer};
use serde_json::{Value, json};
use store::keys::Kind;
use store::{
    Backend, BackendError, Durability, Entries, MemStore, Store, StoreConfig, StoreError, UpdateFn,
    UpdateManyFn, WriteBatch,
};

/// No fault.
const HEALTHY: u8 = 0;
/// Synced writes fail with a transient error (buffered ones and reads work).
const SYNCED_TRANSIENT: u8 = 1;
/// Every write fails with a permanent error.
const PERMANENT: u8 = 2;

/// The failure a transient fault reports, as RocksDB words it.
const NO_SPACE: &str = "IO error: No space left on device";

/// Memory whose writes fail as `fault` says.
#[derive(Debug)]
struct Faulty {
    inner: MemStore,
    fault: Arc<AtomicU8>,
    /// Set once a synced write was refused.
    refused: Arc<AtomicBool>,
}

impl Faulty {
    fn check(&self, durability: Durability) -> Result<(), BackendError> {
        match (self.fault.load(Ordering::SeqCst), durability) {
            (SYNCED_TRANSIENT, Durability::Synced) => {
                self.refused.store(true, Ordering::SeqCst);
                Err(BackendError::unavailable_message(NO_SPACE))
            }
            (PERMANENT, _) => Err(BackendError::message("Corruption: bad block")),
            _ => Ok(()),
        }
    }
}

impl Backend for Faulty {
    fn get(&self, kind: Kind, key: &[u8]) -> Result<Option<Vec<u8>>, BackendError> {
        self.inner.get(kind, key)
    }

    fn write(&self, batch: &WriteBatch, durability: Durability) -> Result<(), BackendError> {
        self.check(durability)?;
        self.inner.write(batch, durability)
    }

    fn update(
        &self,
        kind: Kind,
        key: &[u8],
        durability: Durability,
        f: &mut UpdateFn<'_>,
    ) -> Result<(), StoreError> {
        self.check(durability)?;
        self.inner.update(kind, key, durability, f)
    }

    fn update_many(
        &self,
        kind: Kind,
        keys: &[&[u8]],
        durability: Durability,
        f: &mut UpdateManyFn<'_>,
    ) -> Result<(), StoreError> {
        self.check(durability)?;
        self.inner.update_many(kind, keys, durability, f)
    }

    fn scan(
        &self,
        kind: Kind,
        prefix: &[u8],
        skip: usize,
        limit: usize,
        out: &mut Entries,
    ) -> Result<(), BackendError> {
        self.inner.scan(kind, prefix, skip, limit, out)
    }
}

fn internet() -> Value {
    json!({"apn": "internet", "qci": 9,
        "arp": {"priority_level": 8, "pre_emption_capability": false,
                "pre_emption_vulnerability": true},
        "ambr": {"uplink": 1000, "downlink": 2000}, "pdn_type": "ipv4"})
}

fn subscriber() -> Value {
    json!({"imsi": "001010000000001", "msisdn": "491790000001",
        "ue_ambr": {"uplink": 1_000_000, "downlink": 2_000_000},
        "apns": [{"profile": 1}]})
}

fn eps_profile(uplink: u64) -> Value {
    json!({"name": "default", "ue_ambr": {"uplink": uplink, "downlink": 2000},
        "network_access_mode": "only_packet", "apns": [1], "default_apn": 1})
}

fn put(rest: &Client, path: &str, body: &Value) -> Reply {
    rest.send("PUT", path, Some(&body.to_string()), Some("application/json")).expect("REST")
}

/// A 503 of a transient store failure: `store.unavailable`, `Retry-After` of a few seconds,
/// the failure named.
fn assert_unavailable(reply: &Reply) {
    assert_eq!((reply.status, reply.error_code()), (503, Some("store.unavailable")), "{reply:?}");
    assert!(matches!(reply.retry_after, Some(1..=30)), "{reply:?}");
    let message = reply.body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains(NO_SPACE), "{message}");
    assert_eq!(reply.body["error"]["field"], Value::Null);
}

#[test]
fn failing_synced_writes_are_503_with_retry_after_until_the_fault_clears() {
    let fault = Arc::new(AtomicU8::new(HEALTHY));
    let refused = Arc::new(AtomicBool::new(false));
    let backend = Faulty { inner: MemStore::new(), fault: fault.clone(), refused: refused.clone() };
    let store = Arc::new(Store::new(backend, StoreConfig::default()));
    let addr = Some("127.0.0.1:0".parse().expect("address"));
    let config = ApiConfig { addr, workers: 1, ..Default::default() };
    let server = ApiServer::start(store, None, &config).expect("API starts");
    let rest = Client::new(server.local_addr());

    assert_eq!(rest.post("/apn-profiles", &internet()).expect("REST").status, 201);
    assert_eq!(rest.post("/eps-profiles", &eps_profile(1000)).expect("REST").status, 201);

    fault.store(SYNCED_TRANSIENT, Ordering::SeqCst);
    // POST and PUT: the synced write fails; 503, not 500.
    assert_unavailable(&rest.post("/subscribers", &subscriber()).expect("REST"));
    assert!(refused.load(Ordering::SeqCst), "the synced write was tried");
    assert_unavailable(&put(&rest, "/eps-profiles/1", &eps_profile(3000)));
    // Reads work; what the data decides keeps its status.
    let missing = rest.get("/subscribers/001010000000001").expect("REST");
    assert_eq!((missing.status, missing.error_code()), (404, Some("subscriber.not_found")));
    assert_eq!(missing.retry_after, None);
    let taken = rest.post(
        "/apn-profiles",
        &json!({"id": 1, "apn": "x", "qci": 9,
        "arp": {"priority_level": 8, "pre_emption_capability": false,
                "pre_emption_vulnerability": true},
        "ambr": {"uplink": 1, "downlink": 1}, "pdn_type": "ipv4"}),
    );
    assert_eq!(taken.expect("REST").status, 409);

    // A permanent backend failure is still 500, without Retry-After.
    fault.store(PERMANENT, Ordering::SeqCst);
    let broken = rest.post("/subscribers", &subscriber()).expect("REST");
    assert_eq!(
        (broken.status, broken.error_code(), broken.retry_after),
        (500, Some("internal"), None)
    );

    // The fault clears: the same requests succeed.
    fault.store(HEALTHY, Ordering::SeqCst);
    let created = rest.post("/subscribers", &subscriber()).expect("REST");
    assert_eq!(created.status, 201, "{created:?}");
    let replaced = put(&rest, "/eps-profiles/1", &eps_profile(3000));
    assert_eq!(replaced.status, 200, "{replaced:?}");
    assert_eq!(replaced.body["ue_ambr"]["uplink"], 3000);
    let read = rest.get("/subscribers/001010000000001").expect("REST");
    assert_eq!(read.status, 200, "{read:?}");
    server.shutdown();
}

#[test]
fn the_document_lists_503_with_retry_after_for_store_operations() {
    let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
    let addr = Some("127.0.0.1:0".parse().expect("address"));
    let config = ApiConfig { addr, workers: 1, ..Default::default() };
    let server = ApiServer::start(store, None, &config).expect("API starts");
    let doc = Client::new(server.local_addr()).get("/openapi.json").expect("REST").body;
    for (path, method) in [("/subscribers", "post"), ("/eps-profiles/{id}", "put")] {
        let answer = &doc["paths"][path][method]["responses"]["503"];
        let description = answer["description"].as_str().unwrap_or_default();
        assert!(description.contains("store.unavailable"), "{path} {method}: {answer}");
        assert!(answer["headers"]["Retry-After"].is_object(), "{path} {method}: {answer}");
    }
    assert!(doc["paths"]["/health"]["get"]["responses"]["503"]["headers"].is_null());
    server.shutdown();
}
