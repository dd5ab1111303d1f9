//! Writes resumed after RocksDB stopped them.
//!
//! A write whose write-ahead-log append or sync fails (ENOSPC, EIO) puts RocksDB in a
//! background-error state: every later write returns that error, reads go on. RocksDB leaves
//! the state by itself only for errors it marks retryable (it retries every second,
//! `bgerror_resume_retry_interval`); a full disk is a hard error it leaves only on
//! `DB::Resume()`, which neither the C API nor the Rust binding exposes, and an I/O error on the
//! log is a fatal one that `Resume()` would refuse too. Closing and reopening the database
//! leaves both: the reopen replays the log and starts a new one.
//!
//! So a write failing with an I/O error starts a resumer thread ([`Handle::write_failed`]),
//! which once a second ([`RESUME_INTERVAL`]):
//! 1. tries a synced probe write (RocksDB may have recovered by itself);
//! 2. otherwise checks that the directory takes a small synced file again ([`ROOM_PROBE`]), so
//!    that a disk still full or failing never closes a database that still serves reads;
//! 3. then closes and reopens the database, and probes again.
//!
//! The thread holds the handle only while it tries: a store dropped meanwhile closes, and the
//! thread ends at its next turn. While the database is closed (a reopen that failed), every
//! call fails with a transient error until a later turn reopens it.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock, Weak};
use std::time::{Duration, Instant};

use rocksdb::{Cache, DB, ErrorKind, WriteOptions};

use super::{RocksConfig, fault, open_db};
use crate::error::BackendError;

/// How often the resumer tries.
pub(super) const RESUME_INTERVAL: Duration = Duration::from_secs(1);

/// Bytes the directory must take (written, synced, removed) before a reopen: room for the new
/// log, manifest and options files of the reopened database.
const ROOM_PROBE: usize = 1 << 20;

/// The probe file's name: not one RocksDB uses (it ignores files it does not know).
const ROOM_PROBE_FILE: &str = "RESUME-PROBE";

/// The probe write's key, in RocksDB's default column family, which the store never uses.
const WRITE_PROBE_KEY: &[u8] = b"resume-probe";

/// The database, reopenable, and the state of its writes.
pub(super) struct Handle {
    /// `None` between a close and a reopen that failed.
    db: RwLock<Option<DB>>,
    path: PathBuf,
    config: RocksConfig,
    /// The block cache, shared with the reopened database.
    cache: Cache,
    /// A write failed with an I/O error and the resumer runs.
    stopped: AtomicBool,
    /// Times writes resumed after stopping.
    resumes: AtomicU64,
}

impl Handle {
    pub(super) fn new(db: DB, path: PathBuf, config: RocksConfig, cache: Cache) -> Self {
        Self {
            db: RwLock::new(Some(db)),
            path,
            config,
            cache,
            stopped: AtomicBool::new(false),
            resumes: AtomicU64::new(0),
        }
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on the open database; a transient error while it is closed for a reopen.
    pub(super) fn with<T, E: From<BackendError>>(
        &self,
        f: impl FnOnce(&DB) -> Result<T, E>,
    ) -> Result<T, E> {
        let db = self.db.read().unwrap_or_else(PoisonError::into_inner);
        match db.as_ref() {
            Some(db) => f(db),
            None => Err(BackendError::unavailable_message(
                "database closed after a write failure, reopening",
            )
            .into()),
        }
    }

    /// Times writes resumed after RocksDB stopped them.
    pub(super) fn resumes(&self) -> u64 {
        self.resumes.load(Ordering::Relaxed)
    }

    /// Notes a failed write: an I/O error means RocksDB has stopped writes; the first one
    /// starts the resumer.
    pub(super) fn write_failed(self: &Arc<Self>, err: &rocksdb::Error) {
        if err.kind() != ErrorKind::IOError || self.stopped.swap(true, Ordering::AcqRel) {
            return;
        }
        tracing::warn!(
            error = %err,
            path = %self.path.display(),
            "store writes stopped; reopening the database once the disk takes writes again"
        );
        let weak = Arc::downgrade(self);
        let spawned =
            std::thread::Builder::new().name("store-resume".into()).spawn(move || resume(&weak));
        if let Err(e) = spawned {
            tracing::error!(error = %e, "store resumer not started; the next failure retries");
            self.stopped.store(false, Ordering::Release);
        }
    }

    /// One turn: writes work again (by themselves, or after a reopen), or why not.
    fn try_resume(&self) -> Result<(), BackendError> {
        if self.probe().is_ok() {
            return Ok(());
        }
        room_probe(&self.path)?;
        self.reopen()?;
        self.probe()
    }

    /// A synced write to the default column family.
    fn probe(&self) -> Result<(), BackendError> {
        let mut wo = WriteOptions::default();
        wo.set_sync(true);
        self.with(|db| db.put_opt(WRITE_PROBE_KEY, b"", &wo).map_err(fault))
    }

    /// Closes the database and opens it again; closed if the open fails.
    fn reopen(&self) -> Result<(), BackendError> {
        let mut db = self.db.write().unwrap_or_else(PoisonError::into_inner);
        // The old instance holds the directory's lock: closed before the new one opens.
        *db = None;
        *db = Some(open_db(&self.path, &self.config, &self.cache).map_err(fault)?);
        Ok(())
    }
}

/// The resumer: a turn every [`RESUME_INTERVAL`] until writes work or the store is dropped.
fn resume(handle: &Weak<Handle>) {
    let start = Instant::now();
    loop {
        std::thread::sleep(RESUME_INTERVAL);
        let Some(handle) = handle.upgrade() else { return };
        match handle.try_resume() {
            Ok(()) => {
                handle.resumes.fetch_add(1, Ordering::Relaxed);
                handle.stopped.store(false, Ordering::Release);
                tracing::info!(
                    after_ms = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX),
                    "store writes resumed"
                );
                return;
            }
            Err(e) => tracing::debug!(error = %e, "store writes not resumed yet"),
        }
    }
}

/// Whether `dir` takes [`ROOM_PROBE`] bytes, synced, again.
fn room_probe(dir: &Path) -> Result<(), BackendError> {
    let path = dir.join(ROOM_PROBE_FILE);
    let written = File::create(&path)
        .and_then(|mut f| f.write_all(&vec![0; ROOM_PROBE]).and_then(|()| f.sync_all()));
    // Removed whatever the write did; a leftover is harmless and overwritten next time.
    let _ = std::fs::remove_file(&path);
    written.map_err(BackendError::unavailable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::{Backend, Durability, WriteBatch};
    use crate::keys::Kind;
    use crate::rocks::RocksStore;

    #[test]
    fn a_reopen_keeps_the_data_and_serves_again() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let store = RocksStore::open(dir.path(), &RocksConfig::default()).expect("open");
        let mut batch = WriteBatch::new();
        batch.put(Kind::Meta, b"k", vec![7]);
        store.write(&batch, Durability::Synced).expect("written");
        store.db.reopen().expect("reopened");
        assert_eq!(store.get(Kind::Meta, b"k").expect("read"), Some(vec![7]));
        store.write(&batch, Durability::Synced).expect("writes work after a reopen");
        // Writes work: a turn of the resumer does nothing more than its probe.
        store.db.try_resume().expect("resumed");
        assert_eq!(store.resumes(), 0, "counted by the resumer thread only");
    }

    #[test]
    fn the_room_probe_leaves_no_file() {
        let dir = tempfile::tempdir().expect("temporary directory");
        room_probe(dir.path()).expect("room");
        assert!(!dir.path().join(ROOM_PROBE_FILE).exists());
        let missing = dir.path().join("missing");
        let err = room_probe(&missing).expect_err("no such directory");
        assert!(err.is_transient());
    }
}
