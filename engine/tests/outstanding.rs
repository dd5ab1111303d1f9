//! A connection stops reading while too many of its requests wait on other threads
//! (`max_outstanding_per_connection`): with every synced write held (a disk that does not
//! return from fsync), one peer floods cold AIRs, each of which needs the slow lane. The slow
//! lane never holds more of them than the limit plus what one read can carry, the server counts
//! the pause (`hss_io_outstanding_paused_total`), and once the disk returns every request is
//! answered. No timing is asserted: the writes are held until the test lets them go.

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

/// Requests of the connection that may wait on the slow lane before it stops reading.
const LIMIT: usize = 32;
/// Cold requests the peer sends at once: many times the limit.
const FLOOD: usize = 300;
/// The connection's read buffer: small, so that one read carries few requests.
const READ_BUFFER: usize = 4096;

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

/// Opens the gate when dropped: a failing assertion then fails the test instead of leaving
/// the engine's shutdown waiting for the slow lane's held write.
struct Opens(Arc<Gate>);

impl Drop for Opens {
    fn drop(&mut self) {
        self.0.set(true);
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

fn imsi(i: usize) -> String {
    format!("00101{:010}", 1000 + i)
}

#[test]
fn a_peer_flooding_cold_requests_is_stopped_at_its_outstanding_limit() {
    let gate = Arc::new(Gate::default());
    gate.set(true);
    let backend = Held { inner: MemStore::new(), gate: gate.clone() };
    let store = Arc::new(Store::new(backend, StoreConfig::default()));
    for i in 0..FLOOD {
        provision(&store, &SubSpec::new(&imsi(i)));
    }
    // One shard: no hand-off, every cold request goes to the slow lane from this connection.
    let mut settings = settings(1);
    settings.io.max_outstanding_per_connection = LIMIT;
    settings.io.read_buffer = READ_BUFFER;
    let engine = Engine::start(settings.clone(), store).expect("engine starts");
    let mut mme = Mme::connect(
        engine.local_addr(),
        "mme-flood.test",
        &settings.origin_host,
        &settings.origin_realm,
    );
    mme.exchange_capabilities();

    // The disk stops returning from fsync: every cold AIR waits on the slow lane.
    gate.set(false);
    let _opens = Opens(gate.clone());
    let requests: Vec<Vec<u8>> =
        (0..FLOOD).map(|i| mme.air_bytes(&imsi(i), 1, &home_plmn(), None)).collect();
    let smallest = requests.iter().map(Vec::len).min().expect("requests");
    mme.send(&requests.concat());

    let paused = || engine.io_stats().iter().map(|s| s.outstanding_paused).sum::<u64>();
    assert!(wait_until(Duration::from_secs(10), || paused() >= 1), "the connection paused");
    // What it had taken when it paused reaches the slow lane (waited for, not timed), and
    // whatever a read still in flight brings follows within the pause (200 ms is plenty for
    // that; the bound below holds however late it comes).
    let at_limit = || engine.stats().slow_queued as usize >= LIMIT;
    assert!(wait_until(Duration::from_secs(10), at_limit), "the limit's requests on the lane");
    std::thread::sleep(Duration::from_millis(200));
    let queued = engine.stats().slow_queued as usize;
    // The read in flight when the limit is reached still completes: at most a read buffer's
    // worth (plus the one message it may grow for) beyond the limit.
    let slack = 2 * READ_BUFFER / smallest + 1;
    assert!(queued >= LIMIT, "{queued} requests wait on the slow lane");
    assert!(queued <= LIMIT + slack, "{queued} requests accepted, limit {LIMIT} (+{slack})");
    assert!(queued < FLOOD, "the server stopped reading the flood");
    assert_eq!(engine.stats().slow_shed, 0, "nothing shed: the slow lane is far from full");

    // The disk returns: answers bring the count down, reading resumes, all are answered.
    gate.set(true);
    mme.stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    for n in 0..FLOOD {
        let answer = mme.read_message().unwrap_or_else(|e| panic!("answer {n}: {e}"));
        assert_eq!(result(&answer), AnswerResult::Result(ResultCode::SUCCESS), "answer {n}");
    }
    assert!(paused() >= 1);
    // The lane counts a round out after sending its answers home, so the peer may read them
    // first.
    let drained = wait_until(Duration::from_secs(10), || engine.stats().slow_queued == 0);
    assert!(drained, "{} requests still counted on the slow lane", engine.stats().slow_queued);
    engine.shutdown_with_grace(Duration::ZERO).expect("no shard panicked");
}
