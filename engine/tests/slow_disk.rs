//! Nothing on a shard waits for the disk: with every synced write held (a disk that does not
//! return), a cold AIR waits on the slow lane while, on the same shard, another peer's DWR, its
//! warm AIR and its ULR for a cached subscriber are answered; once the disk returns, the cold
//! AIR is answered too. No timing is asserted: the writes are held until the test lets them go.

mod support;

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use codec::ResultCode;
use codec::view::AnswerResult;
use engine::server::Engine;
use store::keys::Kind;
use store::{
    Backend, BackendError, Durability, Entries, MemStore, Store, StoreConfig, StoreError, UpdateFn,
    UpdateManyFn, WriteBatch,
};
use support::*;

const WARM: &str = "001010000000001";
const COLD: &str = "001010000000002";

/// Lets synced writes through only while open.
#[derive(Debug, Default)]
struct Gate {
    open: Mutex<bool>,
    changed: Condvar,
}

impl Gate {
    fn set(&self, open: bool) {
        *self.open.lock().expect("gate") = open;
        self.changed.notify_all();
    }

    fn pass(&self, durability: Durability) {
        if durability != Durability::Synced {
            return;
        }
        let mut open = self.open.lock().expect("gate");
        while !*open {
            open = self.changed.wait(open).expect("gate");
        }
    }
}

/// Memory whose synced writes wait at the gate: a disk that stops returning from fsync.
#[derive(Debug)]
struct Held {
    inner: MemStore,
    gate: Arc<Gate>,
}

impl Backend for Held {
    fn get(&self, kind: Kind, key: &[u8]) -> Result<Option<Vec<u8>>, BackendError> {
        self.inner.get(kind, key)
    }

    fn write(&self, batch: &WriteBatch, durability: Durability) -> Result<(), BackendError> {
        self.gate.pass(durability);
        self.inner.write(batch, durability)
    }

    fn update(
        &self,
        kind: Kind,
        key: &[u8],
        durability: Durability,
        f: &mut UpdateFn<'_>,
    ) -> Result<(), StoreError> {
        self.gate.pass(durability);
        self.inner.update(kind, key, durability, f)
    }

    fn update_many(
        &self,
        kind: Kind,
        keys: &[&[u8]],
        durability: Durability,
        f: &mut UpdateManyFn<'_>,
    ) -> Result<(), StoreError> {
        self.gate.pass(durability);
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

fn success(answer: &[u8]) -> bool {
    result(answer) == AnswerResult::Result(ResultCode::SUCCESS)
}

#[test]
fn a_disk_that_does_not_return_stalls_only_the_requests_that_need_it() {
    let gate = Arc::new(Gate::default());
    gate.set(true);
    let backend = Held { inner: MemStore::new(), gate: gate.clone() };
    let store = Arc::new(Store::new(backend, StoreConfig::default()));
    provision(&store, &SubSpec::new(WARM));
    provision(&store, &SubSpec::new(COLD));
    // One shard: every connection is served by the same thread.
    let settings = settings(1);
    let engine = Engine::start(settings.clone(), store).expect("engine starts");
    let connect = |host: &str| {
        let mut mme =
            Mme::connect(engine.local_addr(), host, &settings.origin_host, &settings.origin_realm);
        mme.exchange_capabilities();
        mme
    };
    let (mut a, mut b) = (connect("mme-a.test"), connect("mme-b.test"));
    // WARM's cache entry and SQN block, and its serving MME, while the disk works.
    assert!(success(&b.air(WARM, 1)));
    assert!(success(&b.ulr(WARM)));

    // The disk stops returning from fsync: COLD's first AIR needs a synced reservation.
    gate.set(false);
    let cold = a.air_bytes(COLD, 1, &home_plmn(), None);
    a.send(&cold);
    // Meanwhile, on the same shard: a DWR, a warm AIR, a ULR for a cached subscriber.
    let dwr = b.dwr_bytes();
    assert!(success(&b.call(&dwr)), "DWA");
    assert!(success(&b.air(WARM, 1)), "warm AIR");
    assert!(success(&b.ulr(WARM)), "warm ULR (a buffered write)");
    // The cold AIR is still waiting for the disk.
    a.stream.set_read_timeout(Some(Duration::from_millis(200))).expect("timeout");
    assert!(a.read_message().is_err(), "the cold AIR cannot have been answered yet");

    // The disk returns: the cold AIR is answered.
    gate.set(true);
    a.stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    let aia = a.read_message().expect("the cold AIR's answer");
    assert!(success(&aia));
    engine.shutdown_with_grace(Duration::ZERO).expect("no shard panicked");
}
