//! SQN durability: the reservation is synced before any SQN of its block is handed out, and a
//! store that goes away without a clean shutdown (dropped, or its process SIGKILLed) resumes
//! above every SQN it handed out.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use common::*;
use store::auc::sqn;
use store::keys::Kind;
use store::{
    Backend, BackendError, Durability, Entries, Imsi, MemStore, NodeKind, SeededRand, ServingNode,
    Store, StoreConfig, StoreError, Update, UpdateFn, UpdateManyFn, WriteBatch,
};

fn one_sqn(s: &Store, who: Imsi, rand: &mut SeededRand) -> u64 {
    let mut out = Vec::new();
    s.eutran_vectors(who.key(), 1, &plmn(), rand, &mut out).expect("vector");
    check_eutran(&milenage(), &AMF, &out[0])
}

#[test]
fn reopen_after_drop_continues_above_the_mark() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = small_blocks(10);
    let who = provision(&rocks(dir.path(), config.clone()), 1, 0);
    let mut rand = SeededRand::new(9);
    let mut issued = Vec::new();
    for round in 0..5 {
        // Each round opens the store, hands out a few SQNs (not a whole block), and drops it
        // with no shutdown step.
        let s = rocks(dir.path(), config.clone());
        for _ in 0..3 + round {
            issued.push(one_sqn(&s, who, &mut rand));
        }
        let mark = s.auth(who).expect("auth").sqn_reserved;
        drop(s);
        let s = rocks(dir.path(), config.clone());
        let next = one_sqn(&s, who, &mut rand);
        assert_eq!(next, sqn::next(mark, store::auc::SqnConfig::default()).expect("room"));
        issued.push(next);
    }
    assert!(issued.windows(2).all(|w| w[0] < w[1]), "{issued:x?}");
}

/// Runs only as the child of [`sigkill_mid_block_never_reuses`]: hands out SQNs one at a time
/// and prints each after it is returned, until killed.
#[test]
fn crash_child() {
    let Ok(dir) = std::env::var("STORE_CRASH_CHILD_DIR") else { return };
    let s = rocks(dir.as_ref(), small_blocks(100));
    let mut rand = SeededRand::new(std::process::id().into());
    let mut stdout = std::io::stdout().lock();
    loop {
        let sqn = one_sqn(&s, imsi(1), &mut rand);
        writeln!(stdout, "SQN {sqn}").and_then(|()| stdout.flush()).expect("parent reads");
    }
}

#[test]
fn sigkill_mid_block_never_reuses() {
    let dir = tempfile::tempdir().expect("temp dir");
    let who = provision(&rocks(dir.path(), small_blocks(100)), 1, 0);
    let mut seen_max = 0;
    for _ in 0..3 {
        let mut child = Command::new(std::env::current_exe().expect("test binary"))
            .args(["crash_child", "--exact", "--nocapture", "--test-threads=1"])
            .env("STORE_CRASH_CHILD_DIR", dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn child");
        let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
        let mut got = 0;
        // 250 SQNs with blocks of 100: the kill lands in the middle of the third block.
        while got < 250 {
            let line = lines.next().expect("child alive").expect("utf-8");
            if let Some(n) = line.strip_prefix("SQN ") {
                let sqn: u64 = n.parse().expect("number");
                assert!(sqn > seen_max, "SQN {sqn:#x} reused (max so far {seen_max:#x})");
                seen_max = sqn;
                got += 1;
            }
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
    }
    let s = rocks(dir.path(), small_blocks(100));
    assert!(one_sqn(&s, who, &mut SeededRand::new(0)) > seen_max);
}

/// A backend that records every `update` and `update_many`: kind, durability, and the value
/// written, one entry per key; and every `update_many` that wrote: its kind, durability and
/// how many keys it wrote.
#[derive(Debug, Default)]
struct Recording {
    inner: MemStore,
    records: Arc<Records>,
}

/// What a [`Recording`] saw, shared with the test (the store owns the backend).
#[derive(Debug, Default)]
struct Records {
    log: Mutex<Vec<(Kind, Durability, Vec<u8>)>>,
    batches: Mutex<Vec<(Kind, Durability, usize)>>,
}

impl Recording {
    /// A store over a recording backend, and what it records.
    fn store(config: StoreConfig) -> (Store, Arc<Records>) {
        let recording = Self::default();
        let records = recording.records.clone();
        (Store::new(recording, config), records)
    }
}

impl Backend for Recording {
    fn get(&self, kind: Kind, key: &[u8]) -> Result<Option<Vec<u8>>, BackendError> {
        self.inner.get(kind, key)
    }

    fn write(&self, batch: &WriteBatch, durability: Durability) -> Result<(), BackendError> {
        self.inner.write(batch, durability)
    }

    fn update(
        &self,
        kind: Kind,
        key: &[u8],
        durability: Durability,
        f: &mut UpdateFn<'_>,
    ) -> Result<(), StoreError> {
        let mut written = None;
        self.inner.update(kind, key, durability, &mut |current| {
            let decision = f(current)?;
            if let Update::Put(v) = &decision {
                written = Some(v.clone());
            }
            Ok(decision)
        })?;
        if let Some(v) = written {
            self.records.log.lock().expect("log").push((kind, durability, v));
        }
        Ok(())
    }

    fn update_many(
        &self,
        kind: Kind,
        keys: &[&[u8]],
        durability: Durability,
        f: &mut UpdateManyFn<'_>,
    ) -> Result<(), StoreError> {
        let mut written = Vec::new();
        self.inner.update_many(kind, keys, durability, &mut |i, current| {
            let decision = f(i, current)?;
            if let Update::Put(v) = &decision {
                written.push(v.clone());
            }
            Ok(decision)
        })?;
        if !written.is_empty() {
            self.records.batches.lock().expect("batches").push((kind, durability, written.len()));
            let mut log = self.records.log.lock().expect("log");
            log.extend(written.into_iter().map(|v| (kind, durability, v)));
        }
        Ok(())
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

/// The mark in a logged reservation value (a version byte, then the u64).
fn logged_mark(v: &[u8]) -> u64 {
    u64::from_be_bytes(v[1..9].try_into().expect("u64 value"))
}

#[test]
fn a_prepared_batch_is_one_synced_write() {
    const SUBSCRIBERS: u64 = 50;
    let (s, records) = Recording::store(StoreConfig { sqn_block: 8, ..Default::default() });
    let who: Vec<Imsi> = (1..=SUBSCRIBERS).map(|n| provision(&s, n, 0)).collect();
    s.invalidate_all(); // cold, as after a restart
    let wants: Vec<_> = who.iter().map(|&w| (w.key(), 1)).collect();
    assert!(s.prepare_sqn(&wants).iter().all(Result::is_ok));
    let batches = records.batches.lock().expect("batches").clone();
    assert_eq!(batches, [(Kind::SqnReservation, Durability::Synced, SUBSCRIBERS as usize)]);
    let logged = records.log.lock().expect("log").len();

    let mut rand = SeededRand::new(6);
    for &w in &who {
        let sqn = one_sqn(&s, w, &mut rand);
        assert!(sqn <= s.auth(w).expect("auth").sqn_reserved);
    }
    let log = records.log.lock().expect("log");
    assert_eq!(log.len(), logged, "the vectors wrote nothing more");
    assert!(log.iter().all(|(_, d, v)| *d == Durability::Synced && logged_mark(v) > 0));
}

#[test]
fn reservation_is_synced_before_its_sqns_and_rare() {
    let (s, records) = Recording::store(StoreConfig { sqn_block: 8, ..Default::default() });
    let who = provision(&s, 1, 0);
    let mut rand = SeededRand::new(4);
    for _ in 0..40 {
        let sqn = one_sqn(&s, who, &mut rand);
        let log = records.log.lock().expect("log");
        let synced_mark = log
            .iter()
            .filter(|(kind, d, _)| *kind == Kind::SqnReservation && *d == Durability::Synced)
            .map(|(_, _, v)| logged_mark(v))
            .max()
            .expect("a reservation before the first SQN");
        assert!(sqn <= synced_mark, "SQN {sqn:#x} above the synced mark {synced_mark:#x}");
    }
    let log = records.log.lock().expect("log");
    let reservations = log.iter().filter(|(kind, ..)| *kind == Kind::SqnReservation).count();
    assert_eq!(reservations, 40 / 8, "one synced write per block of 8");
    assert!(log.iter().all(|(_, d, _)| *d == Durability::Synced));
    drop(log);

    let mme = ServingNode {
        host: "h".into(),
        realm: "r".into(),
        updated_at: std::time::UNIX_EPOCH,
        rat_type: None,
    };
    s.update_serving_node(who.key(), NodeKind::Mme, mme.borrowed()).expect("ulr");
    let log = records.log.lock().expect("log");
    assert_eq!(
        log.last().map(|(k, d, _)| (*k, *d)),
        Some((Kind::ServingNode, Durability::BufferedNoWait))
    );
}
