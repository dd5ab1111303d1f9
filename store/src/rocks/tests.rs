//! A real RocksDB write stall: compactions are held in a compaction filter that waits at a
//! gate, so level-0 files pile up past the slowdown trigger and RocksDB holds writes back. A
//! write with [`Durability::BufferedNoWait`] (a shard's) is refused at once with a transient
//! error instead of waiting, leaves its key as it was, and goes through again once compactions
//! run. No timing is asserted: the stall lasts until the test opens the gate.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use rocksdb::Options;
use rocksdb::compaction_filter::Decision;

use super::{RocksConfig, RocksStore};
use crate::backend::{Backend, Durability, Update, WriteBatch};
use crate::error::StoreError;
use crate::keys::Kind;

/// Lets compactions through only while open.
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

    fn pass(&self) {
        let mut open = self.open.lock().expect("gate");
        while !*open {
            open = self.changed.wait(open).expect("gate");
        }
    }
}

/// Opens the gate when dropped, so that a failing test still lets the database close (a close
/// waits for the compactions in flight).
struct Opens(Arc<Gate>);

impl Drop for Opens {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

/// Small memtables, a compaction as soon as two level-0 files exist, writes slowed at three
/// and stopped at four, and every compaction held at `gate`.
fn stalling(gate: &Arc<Gate>) -> impl Fn(&mut Options) + use<> {
    let gate = gate.clone();
    move |o: &mut Options| {
        o.set_write_buffer_size(64 << 10);
        o.set_level_zero_file_num_compaction_trigger(2);
        o.set_level_zero_slowdown_writes_trigger(3);
        o.set_level_zero_stop_writes_trigger(4);
        let gate = gate.clone();
        o.set_compaction_filter("held-at-gate", move |_level: u32, _key: &[u8], _value: &[u8]| {
            gate.pass();
            Decision::Keep
        });
    }
}

fn batch(key: u32, value: &[u8]) -> WriteBatch {
    let mut batch = WriteBatch::new();
    batch.put(Kind::ServingNode, &key.to_be_bytes(), value.to_vec());
    batch
}

#[test]
fn a_no_wait_write_is_refused_in_a_write_stall_instead_of_waiting() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let gate = Arc::new(Gate::default());
    let _opens = Opens(gate.clone());
    let tune = stalling(&gate);
    let store = RocksStore::open_with(dir.path(), &RocksConfig::default(), &tune).expect("open");
    // Four of these fill a memtable; eight keys over and over make every level-0 file overlap
    // the others, so a compaction must read them (through the filter) rather than move them.
    let value = vec![0x5a; 16 << 10];
    let mut refused = None;
    for i in 0..1000u32 {
        match store.write(&batch(i % 8, &value), Durability::BufferedNoWait) {
            Ok(()) => {}
            Err(e) => {
                refused = Some((i, e));
                break;
            }
        }
    }
    let (written, error) = refused.expect("RocksDB stalled writes");
    assert!(error.is_transient(), "a stall is transient (3004): {error}");
    assert!(error.to_string().contains("stall"), "RocksDB's Incomplete: {error}");
    assert!(written >= 4, "refused only once memtables had filled: after {written} writes");

    // The serving-node path (`update`) is refused the same way, and leaves its key.
    let key = 99u32.to_be_bytes();
    let register = || {
        store.update(Kind::ServingNode, &key, Durability::BufferedNoWait, &mut |_| {
            Ok(Update::Put(b"mme".to_vec()))
        })
    };
    match register() {
        Err(StoreError::Backend(e)) => assert!(e.is_transient(), "{e}"),
        other => panic!("a no-wait update in a stall: {other:?}"),
    }
    assert_eq!(store.get(Kind::ServingNode, &key).expect("get"), None);

    // Compactions run again: the stall ends and the same write goes through.
    gate.set(true);
    let mut tries = 0;
    while register().is_err() {
        tries += 1;
        assert!(tries < 1000, "the stall did not end once compactions ran");
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(store.get(Kind::ServingNode, &key).expect("get"), Some(b"mme".to_vec()));
}
