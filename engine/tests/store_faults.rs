//! A store whose writes fail for a while (a full or failing disk), end to end: AIRs that need
//! an SQN reservation and ULRs are answered 3004 DIAMETER_TOO_BUSY with the E bit (RFC 6733
//! §7.1.3: the peer tries another HSS), not 5012; `/ready` reports not ready while writes fail;
//! once the fault clears, the same requests succeed and `/ready` is ready again. Each
//! application's mapping of a transient and of a permanent store error is checked too.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use api::client::Client;
use api::{ApiConfig, ApiServer};
use codec::ResultCode;
use codec::build::Outcome;
use codec::code::experimental;
use codec::view::AnswerResult;
use engine::server::Engine;
use store::keys::Kind;
use store::{
    Backend, BackendError, Durability, Entries, MemStore, Store, StoreConfig, StoreError, UpdateFn,
    UpdateManyFn, WriteBatch,
};
use support::*;

const IMSI: &str = "001010000000001";

/// Memory whose writes fail, with a transient error, while `broken` is set: synced and
/// buffered ones alike, as with a full disk.
#[derive(Debug)]
struct Flaky {
    inner: MemStore,
    broken: Arc<AtomicBool>,
}

impl Flaky {
    fn check(&self) -> Result<(), BackendError> {
        match self.broken.load(Ordering::SeqCst) {
            true => Err(BackendError::unavailable_message("IO error: No space left on device")),
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

/// 3004 DIAMETER_TOO_BUSY in Result-Code, with the E bit.
fn assert_too_busy(answer: &[u8]) {
    assert_eq!(result(answer), AnswerResult::Result(ResultCode::TOO_BUSY));
    assert!(is_error_bit(answer), "a protocol error sets the E bit (RFC 6733 §7.1.3)");
}

fn assert_success(answer: &[u8]) {
    assert_eq!(result(answer), AnswerResult::Result(ResultCode::SUCCESS));
    assert!(!is_error_bit(answer));
}

#[test]
fn failing_writes_are_answered_3004_and_recover() {
    let broken = Arc::new(AtomicBool::new(false));
    let backend = Flaky { inner: MemStore::new(), broken: broken.clone() };
    // SQN blocks of one: every AIR reserves (a synced write).
    let store = Arc::new(Store::new(backend, StoreConfig { sqn_block: 1, ..Default::default() }));
    provision(&store, &SubSpec::new(IMSI));
    let engine = Engine::start(settings(1), store.clone()).expect("engine starts");
    let config = ApiConfig {
        addr: Some("127.0.0.1:0".parse().expect("address")),
        token: None,
        workers: 1,
        ..Default::default()
    };
    let api = ApiServer::start(store.clone(), None, &config).expect("API starts");
    let rest = Client::new(api.local_addr());
    let mut mme = Mme::connect(
        engine.local_addr(),
        "mme1.test",
        &settings(1).origin_host,
        &settings(1).origin_realm,
    );
    mme.exchange_capabilities();
    assert_eq!(rest.get("/ready").expect("REST").status, 200);

    broken.store(true, Ordering::SeqCst);
    assert_too_busy(&mme.air(IMSI, 1));
    assert_too_busy(&mme.ulr(IMSI));
    let health = store.write_health();
    let fault = health.failing.expect("writes failing");
    assert!(fault.transient && fault.synced, "{fault:?}");
    let reply = rest.get("/ready").expect("REST");
    assert_eq!((reply.status, reply.error_code()), (503, Some("not_ready")));
    assert!(reply.body.to_string().contains("No space left"), "{:?}", reply.body);
    assert_eq!(rest.get("/health").expect("REST").status, 200, "reads still work");
    assert!(store.stats().writes_failing);

    broken.store(false, Ordering::SeqCst);
    assert_success(&mme.air(IMSI, 1));
    assert_success(&mme.ulr(IMSI));
    assert_eq!(store.write_health().failing, None);
    assert_eq!(store.write_health().recoveries, 1);
    assert_eq!(rest.get("/ready").expect("REST").status, 200);
    engine.shutdown_with_grace(std::time::Duration::ZERO).expect("no shard panicked");
}

#[test]
fn ready_alone_notices_that_writes_work_again() {
    let broken = Arc::new(AtomicBool::new(false));
    let backend = Flaky { inner: MemStore::new(), broken: broken.clone() };
    let store = Arc::new(Store::new(backend, StoreConfig { sqn_block: 1, ..Default::default() }));
    provision(&store, &SubSpec::new(IMSI));
    let config = ApiConfig {
        addr: Some("127.0.0.1:0".parse().expect("address")),
        token: None,
        workers: 1,
        ..Default::default()
    };
    let api = ApiServer::start(store.clone(), None, &config).expect("API starts");
    let rest = Client::new(api.local_addr());
    broken.store(true, Ordering::SeqCst);
    let plmn = home_plmn();
    let mut vectors = Vec::new();
    let mut rand = store::SeededRand::new(1);
    let key = store::Imsi::parse(IMSI).expect("IMSI").key();
    let failed = store.eutran_vectors(key, 1, &plmn, &mut rand, &mut vectors);
    assert!(failed.as_ref().is_err_and(StoreError::is_transient), "{failed:?}");
    broken.store(false, Ordering::SeqCst);
    // No request comes: the readiness probe, synced while synced writes fail, clears it.
    assert_eq!(rest.get("/ready").expect("REST").status, 200);
    assert_eq!(store.write_health().failing, None);
}

/// Each application answers a transient store error 3004 and keeps its permanent answers.
#[test]
fn every_application_answers_transient_store_errors_3004() {
    use engine::apps::{cx::CX, s6a::S6A, s13::S13, sh::SH, swx::SWX};
    let transient = StoreError::Backend(BackendError::unavailable_message("no space"));
    let permanent = StoreError::Backend(BackendError::message("corrupt"));
    for app in [&S6A, &CX, &SH, &SWX, &S13] {
        let busy = (app.store_error)(&transient);
        assert_eq!(busy, Outcome::Result(ResultCode::TOO_BUSY), "{}", app.name);
        assert!(busy.is_protocol_error());
        let refused = (app.store_error)(&permanent);
        assert_eq!(refused, Outcome::Result(ResultCode::UNABLE_TO_COMPLY), "{}", app.name);
    }
    let unknown = (S6A.store_error)(&StoreError::UnknownSubscriber);
    assert_eq!(unknown, Outcome::Experimental(experimental::ERROR_USER_UNKNOWN));
}
