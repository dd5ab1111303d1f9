//! A RocksDB store on a small tmpfs that an import fills: the write that finds the disk full
//! fails with a transient error, the store reports its writes failing, an AIR's SQN
//! reservation fails transiently while reads go on; once space is freed the store resumes by
//! itself (RocksDB stops writes after ENOSPC until it is resumed: the backend reopens it) and
//! the same reservation succeeds.
//!
//! Mounting a tmpfs needs root (CAP_SYS_ADMIN): without it the test says so and passes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use store::auc::PlmnId;
use store::{ImportItem, Imsi, RocksConfig, SeededRand, Store, StoreError};
use tempfile::TempDir;
use testkit::prelude::*;

/// A tmpfs mounted on a temporary directory for the test's life.
struct Tmpfs {
    dir: TempDir,
}

impl Tmpfs {
    /// A tmpfs of `size` (`mount -o size=`), or `None` when this process may not mount.
    fn mount(size: &str) -> Option<Self> {
        let dir = tempfile::tempdir().ok()?;
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .ok()?;
        status.success().then_some(Self { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        // Lazy: whatever still holds a file there lets go when it closes it.
        let _ = Command::new("umount").arg("-l").arg(self.dir.path()).status();
    }
}

/// One E-UTRAN vector for `imsi`: with SQN blocks of one, a synced reservation each time.
fn air(store: &Store, imsi: Imsi) -> Result<(), StoreError> {
    let mut out = Vec::new();
    let plmn: PlmnId = home_plmn();
    store.eutran_vectors(imsi.key(), 1, &plmn, &mut SeededRand::new(7), &mut out)
}

/// Imports subscribers 1000, 1001 ... in batches until one fails; that failure.
fn fill(store: &Store) -> StoreError {
    for batch in 0..10_000u64 {
        let items: Vec<ImportItem> =
            (0..500).map(|i| SubSpec::of(imsi(1000 + batch * 500 + i)).import_item()).collect();
        if let Err(e) = store.import_subscribers(&items) {
            return e;
        }
    }
    panic!("5,000,000 subscribers fit a 32 MiB tmpfs?");
}

#[test]
fn a_full_disk_fails_writes_transiently_and_they_resume_once_space_is_freed() {
    let Some(fs) = Tmpfs::mount("32m") else {
        eprintln!("skipped: mounting a tmpfs needs root");
        return;
    };
    // Half the disk, freed later by the operator.
    let ballast: PathBuf = fs.path().join("ballast");
    std::fs::write(&ballast, vec![0x5a; 16 << 20]).expect("ballast");
    let rocks = RocksConfig { block_cache_bytes: 8 << 20, ..RocksConfig::default() };
    let store = Store::open(fs.path().join("db"), &rocks, small_blocks(1)).expect("open");
    let first = provision(&store, &SubSpec::of(imsi(1)));
    air(&store, first).expect("vectors while the disk has room");

    let full = fill(&store);
    assert!(full.is_transient(), "{full}");
    let fault = store.write_health().failing.expect("writes failing");
    assert!(fault.transient && fault.synced, "{fault:?}");
    let refused = air(&store, first).expect_err("no room for the reservation");
    assert!(refused.is_transient(), "{refused}");
    // Reads go on: the subscriber is read again from the backend.
    store.invalidate_all();
    store.subscriber_entry(first.key()).expect("reads work on a full disk");
    assert!(store.stats().writes_failing);

    std::fs::remove_file(&ballast).expect("space freed");
    let start = Instant::now();
    while air(&store, first).is_err() {
        assert!(start.elapsed() < Duration::from_secs(30), "writes never resumed");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(store.write_health().failing, None);
    assert!(store.write_health().recoveries >= 1);
    // What was written before the disk filled is still there, and provisioning works again.
    assert!(store.subscriber(imsi(1000)).is_ok());
    provision(&store, &SubSpec::of(imsi(2)));
}
