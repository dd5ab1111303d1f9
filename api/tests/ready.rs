//! `GET /ready` over HTTP: ready while the store takes a write probe, 503 naming the failure
//! once writes fail, and `/health` (a read) unaffected by a failing write path.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

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
        if self.broken.load(Ordering::SeqCst) {
            Err(BackendError::message("disk full"))
        } else {
            Ok(())
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

#[test]
fn ready_follows_the_store_write_path() {
    let broken = Arc::new(AtomicBool::new(false));
    let backend = Flaky { inner: MemStore::new(), broken: broken.clone() };
    let store = Arc::new(Store::new(backend, StoreConfig::default()));
    let config = ApiConfig {
        addr: Some("127.0.0.1:0".parse().expect("address")),
        token: None,
        workers: 1,
        ..Default::default()
    };
    let server = ApiServer::start(store, None, &config).expect("API starts");
    let rest = Client::new(server.local_addr());

    let reply = rest.get("/ready").expect("REST");
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(
        reply.body,
        json!({"status": "ready", "store": "writable", "data_plane": "none in this process"})
    );

    broken.store(true, Ordering::SeqCst);
    let reply = rest.get("/ready").expect("REST");
    assert_eq!((reply.status, reply.error_code()), (503, Some("not_ready")));
    assert!(reply.body.to_string().contains("disk full"), "{:?}", reply.body);
    // The process still answers, and reads still work.
    assert_eq!(rest.get("/health").expect("REST").status, 200);

    broken.store(false, Ordering::SeqCst);
    assert_eq!(rest.get("/ready").expect("REST").status, 200);
}
