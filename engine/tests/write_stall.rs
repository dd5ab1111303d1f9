//! A warm ULR never waits out a write stall on its shard: with the backend stalling writes (a
//! write that may wait is held until the stall ends; one that may not, a shard's
//! `Durability::BufferedNoWait`, is refused at once as RocksDB refuses it), the ULR is answered
//! 3004 DIAMETER_TOO_BUSY and a DWR on the same shard is answered too; once the stall ends the
//! same ULR succeeds. No timing is asserted: a shard that waited would never answer.

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

const IMSI: &str = "001010000000001";

/// A write stall: while on, writes that may wait are held, and no-wait writes are refused.
#[derive(Debug, Default)]
struct Stall {
    on: Mutex<bool>,
    changed: Condvar,
}

impl Stall {
    fn set(&self, on: bool) {
        *self.on.lock().expect("stall") = on;
        self.changed.notify_all();
    }

    fn pass(&self, durability: Durability) -> Result<(), BackendError> {
        let mut on = self.on.lock().expect("stall");
        if *on && durability == Durability::BufferedNoWait {
            // What RocksDB says to a write with `no_slowdown` during a stall.
            return Err(BackendError::unavailable_message("Result incomplete: Write stall"));
        }
        while *on {
            on = self.changed.wait(on).expect("stall");
        }
        Ok(())
    }
}

/// Ends the stall when dropped, so that a failing assertion does not leave the engine's
/// shutdown waiting for a held write.
struct Ends(Arc<Stall>);

impl Drop for Ends {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

/// Memory whose writes go through the stall.
#[derive(Debug)]
struct Stalling {
    inner: MemStore,
    stall: Arc<Stall>,
}

impl Backend for Stalling {
    fn get(&self, kind: Kind, key: &[u8]) -> Result<Option<Vec<u8>>, BackendError> {
        self.inner.get(kind, key)
    }

    fn write(&self, batch: &WriteBatch, durability: Durability) -> Result<(), BackendError> {
        self.stall.pass(durability)?;
        self.inner.write(batch, durability)
    }

    fn update(
        &self,
        kind: Kind,
        key: &[u8],
        durability: Durability,
        f: &mut UpdateFn<'_>,
    ) -> Result<(), StoreError> {
        self.stall.pass(durability)?;
        self.inner.update(kind, key, durability, f)
    }

    fn update_many(
        &self,
        kind: Kind,
        keys: &[&[u8]],
        durability: Durability,
        f: &mut UpdateManyFn<'_>,
    ) -> Result<(), StoreError> {
        self.stall.pass(durability)?;
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
fn a_warm_ulr_in_a_write_stall_is_answered_3004_at_once() {
    let stall = Arc::new(Stall::default());
    let backend = Stalling { inner: MemStore::new(), stall: stall.clone() };
    let store = Arc::new(Store::new(backend, StoreConfig::default()));
    provision(&store, &SubSpec::new(IMSI));
    let settings = settings(1);
    let engine = Engine::start(settings.clone(), store).expect("engine starts");
    let mut mme = Mme::connect(
        engine.local_addr(),
        "mme1.test",
        &settings.origin_host,
        &settings.origin_realm,
    );
    mme.exchange_capabilities();
    // A shard that waited would never answer: the read fails the test instead of hanging it.
    mme.stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    // Warm: the subscriber cached with its SQN block, its MME registered.
    let success = AnswerResult::Result(ResultCode::SUCCESS);
    assert_eq!(result(&mme.air(IMSI, 1)), success);
    assert_eq!(result(&mme.ulr(IMSI)), success);

    stall.set(true);
    let _ends = Ends(stall.clone());
    let ula = mme.ulr(IMSI);
    assert_eq!(result(&ula), AnswerResult::Result(ResultCode::TOO_BUSY));
    assert!(is_error_bit(&ula), "a protocol error sets the E bit (RFC 6733 §7.1.3)");
    let dwr = mme.dwr_bytes();
    assert_eq!(result(&mme.call(&dwr)), success, "the shard is not waiting");
    assert_eq!(result(&mme.air(IMSI, 1)), success, "a warm AIR writes nothing");

    stall.set(false);
    assert_eq!(result(&mme.ulr(IMSI)), success);
    engine.shutdown_with_grace(Duration::ZERO).expect("no shard panicked");
}
