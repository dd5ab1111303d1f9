//! `GET /metrics` of an API without a data plane: the store's families and the REST API's
//! own, no Diameter family; store errors and the REST statuses they caused are counted.
//! (With a data plane: `engine/tests/metrics.rs`.)

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use api::client::Client;
use api::{ApiConfig, ApiServer};
use serde_json::json;
use store::keys::Kind;
use store::{
    Backend, BackendError, Durability, Entries, MemStore, Store, StoreConfig, StoreError, UpdateFn,
    UpdateManyFn, WriteBatch,
};

/// Memory whose writes fail while `broken` is set.
#[derive(Debug)]
struct Flaky {
    inner: MemStore,
    broken: Arc<AtomicBool>,
}

impl Flaky {
    fn check(&self) -> Result<(), BackendError> {
        match self.broken.load(Ordering::SeqCst) {
            true => Err(BackendError::message("disk full")),
            false => Ok(()),
        }
    }
}

impl Backend for Flaky {
    fn get(&self, kind: Kind, key: &[u8]) -> Result<Option<Vec<u8>>, BackendError> {
        self.inner.get(kind, key)
    }

    fn write(&self, batch: &WriteBatch, durability: Durability) -> Result<(), BackendError> {
        self.check()?;
        self.inner.write(batch, durability)
    }

    fn update(
        &self,
        kind: Kind,
        key: &[u8],
        durability: Durability,
        f: &mut UpdateFn<'_>,
    ) -> Result<(), StoreError> {
        self.check()?;
        self.inner.update(kind, key, durability, f)
    }

    fn update_many(
        &self,
        kind: Kind,
        keys: &[&[u8]],
        durability: Durability,
        f: &mut UpdateManyFn<'_>,
    ) -> Result<(), StoreError> {
        self.check()?;
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

/// `GET /metrics`: the content type and the sample lines (`name{labels} value`).
fn scrape(addr: SocketAddr) -> (String, Vec<String>) {
    let mut s = TcpStream::connect(addr).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    s.write_all(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .expect("request");
    let mut raw = String::new();
    s.read_to_string(&mut raw).expect("response");
    let (head, body) = raw.split_once("\r\n\r\n").expect("headers and body");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let content_type = (head.lines())
        .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("content-type")))
        .map(|(_, v)| v.trim().to_owned())
        .expect("content type");
    let samples = body.lines().filter(|l| !l.starts_with('#')).map(str::to_owned).collect();
    (content_type, samples)
}

/// The value of the sample written exactly as `series`.
fn value(samples: &[String], series: &str) -> Option<f64> {
    samples.iter().find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[test]
fn without_a_data_plane_the_store_and_rest_families_are_shown() {
    let broken = Arc::new(AtomicBool::new(false));
    let backend = Flaky { inner: MemStore::new(), broken: broken.clone() };
    let store = Arc::new(Store::new(backend, StoreConfig::default()));
    let addr = Some("127.0.0.1:0".parse().expect("address"));
    let config = ApiConfig { addr, workers: 1, ..Default::default() };
    let server = ApiServer::start(store, None, &config).expect("API starts");
    let rest = Client::new(server.local_addr());

    let profile = json!({"apn": "internet", "qci": 9,
        "arp": {"priority_level": 8, "pre_emption_capability": false,
                "pre_emption_vulnerability": true},
        "ambr": {"uplink": 1000, "downlink": 2000}, "pdn_type": "ipv4"});
    assert_eq!(rest.post("/apn-profiles", &profile).expect("REST").status, 201);
    broken.store(true, Ordering::SeqCst);
    assert_eq!(rest.post("/apn-profiles", &profile).expect("REST").status, 500);
    broken.store(false, Ordering::SeqCst);

    let (content_type, samples) = scrape(server.local_addr());
    assert_eq!(content_type, "text/plain; version=0.0.4; charset=utf-8");
    assert!(!samples.iter().any(|l| l.starts_with("hss_diameter")), "no data plane here");
    assert!(!samples.iter().any(|l| l.starts_with("hss_shards")));
    assert!(value(&samples, "hss_store_writes_total{durability=\"synced\"}") >= Some(1.0));
    assert!(value(&samples, "hss_store_errors_total{operation=\"write\"}") >= Some(1.0));
    assert_eq!(value(&samples, "hss_store_errors_total{operation=\"read\"}"), Some(0.0));
    assert_eq!(value(&samples, "hss_cache_entries{cache=\"subscriber\"}"), Some(0.0));
    let created = "hss_rest_requests_total{route=\"/apn-profiles\",method=\"POST\",status=\"201\"}";
    assert_eq!(value(&samples, created), Some(1.0));
    let failed = "hss_rest_requests_total{route=\"/apn-profiles\",method=\"POST\",status=\"500\"}";
    assert_eq!(value(&samples, failed), Some(1.0));
    server.shutdown();
}
