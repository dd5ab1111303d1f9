//! The RocksDB backend: one column family per [`Kind`], tuned lightly for point lookups.
//!
//! Tuning (all column families share one block cache):
//! - a bloom filter, 10 bits per key (~1 % false positives), so a lookup of an absent key
//!   (unknown IMSI, free MSISDN) usually reads no data block;
//! - partitioned index and filters ([`RocksConfig::partitioned`]): an SST file's index and
//!   filter are split into 4 KiB partitions under a small top level that stays pinned in the
//!   cache, so a point lookup loads one index and one filter partition, not the whole index
//!   and filter of a 64 MiB file (about 1.2 MiB of filter at 10 bits per key). With 10
//!   million subscribers the whole-file blocks no longer fit a block cache of sensible size
//!   and every cold lookup reloaded them (the 10M cold pass ran at 2,200/s, see
//!   docs/benchmarks.md); `benches/benches/store_layout.rs` measures both layouts;
//! - data blocks indexed by binary search plus hash (`BinaryAndHash`), so a lookup inside a
//!   cached block is one hash probe;
//! - an LRU block cache ([`RocksConfig::block_cache_bytes`], 256 MiB by default) holding
//!   index and filter blocks too (high priority), with level-0 filters and indexes pinned;
//! - a whole-key bloom filter on the memtables, so recently written keys are found without a
//!   memtable search on a miss;
//! - LZ4 compression; background jobs sized to the cores (`increase_parallelism`).
//!
//! The decoded-object cache ([`crate::cache`]) sits above all this: RocksDB is read on a miss.
//!
//! The data directory is private to the HSS's user (mode 0700, see [`private_dir`]): its files
//! are created with the process umask, and the directory is what keeps other users out.
//!
//! Writes with [`Durability::BufferedNoWait`] (those made on a shard) are never held in a
//! write stall: RocksDB refuses them at once (`set_no_slowdown`), and they fail as transient.
//!
//! Errors: RocksDB's status kinds are classified ([`fault`]): I/O errors (no space, EIO, the
//! background-error state after one), busy, time-outs, stalls and a shutdown in progress are
//! transient, everything else (corruption, invalid arguments ...) permanent. A write failing
//! with an I/O error starts the resumer ([`resume`]), which reopens the database once the disk
//! takes writes again.

mod resume;
#[cfg(test)]
mod tests;

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use rocksdb::{
    BlockBasedIndexType, BlockBasedOptions, BottommostLevelCompaction, Cache, ColumnFamily,
    ColumnFamilyDescriptor, CompactOptions, DB, DBCompressionType, DataBlockIndexType, Direction,
    ErrorKind, FlushOptions, IteratorMode, Options, WriteOptions,
};

use crate::backend::{
    self, Backend, Durability, Entries, Op, Update, UpdateFn, UpdateManyFn, WriteBatch,
};
use crate::error::{BackendError, StoreError};
use crate::keys::Kind;

/// Stripes of the `update` lock per [`Kind`]: updates of different keys rarely share one.
const UPDATE_STRIPES: usize = 64;

/// The `update` locks of one [`Kind`]. Per kind, so that a batched SQN reservation, which
/// holds many stripes across its fsync, never delays a serving-MME update.
type Stripes = [Mutex<()>; UPDATE_STRIPES];

/// Settings of the RocksDB backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RocksConfig {
    /// Size of the block cache shared by all column families.
    pub block_cache_bytes: usize,
    /// Bloom filter bits per key.
    pub bloom_bits_per_key: u8,
    /// Partitioned index and filters (two-level index), or one index and one filter block
    /// per SST file (the layout before issue 5, kept for the comparison benchmark).
    pub partitioned: bool,
}

impl Default for RocksConfig {
    /// 256 MiB block cache, 10 bits per key, partitioned.
    fn default() -> Self {
        Self { block_cache_bytes: 256 << 20, bloom_bits_per_key: 10, partitioned: true }
    }
}

/// A [`Backend`] on RocksDB.
pub struct RocksStore {
    /// The database, which the resumer may reopen.
    db: Arc<resume::Handle>,
    update_locks: Box<[Stripes; Kind::ALL.len()]>,
}

impl core::fmt::Debug for RocksStore {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RocksStore").field("path", &self.db.path()).finish_non_exhaustive()
    }
}

/// A RocksDB status as a [`BackendError`], transient or permanent by its kind.
///
/// Transient: `IOError` (ENOSPC, EIO, and every write while RocksDB holds the background error
/// one of them caused), `Busy`, `TimedOut`, `TryAgain`, `Incomplete` (a write stall refused),
/// `Aborted` and `ShutdownInProgress` (a close for a reopen): the same request may succeed
/// shortly. Permanent: `Corruption`, `InvalidArgument`, `NotSupported` and the rest.
fn fault(err: rocksdb::Error) -> BackendError {
    match err.kind() {
        ErrorKind::IOError
        | ErrorKind::Busy
        | ErrorKind::TimedOut
        | ErrorKind::TryAgain
        | ErrorKind::Incomplete
        | ErrorKind::Aborted
        | ErrorKind::ShutdownInProgress => BackendError::unavailable(err),
        _ => BackendError::new(err),
    }
}

/// Opens the database at `path` with every column family, tuned as the module says.
fn open_db(path: &Path, config: &RocksConfig, cache: &Cache) -> Result<DB, rocksdb::Error> {
    open_tuned(path, config, cache, &|_| {})
}

/// [`open_db`], with `tune` applied to each column family's options last (tests provoke a
/// write stall with it).
fn open_tuned(
    path: &Path,
    config: &RocksConfig,
    cache: &Cache,
    tune: &dyn Fn(&mut Options),
) -> Result<DB, rocksdb::Error> {
    let cf_options = || {
        let mut table = BlockBasedOptions::default();
        table.set_bloom_filter(f64::from(config.bloom_bits_per_key), false);
        table.set_block_cache(cache);
        table.set_cache_index_and_filter_blocks(true);
        table.set_cache_index_and_filter_blocks_with_high_priority(true);
        table.set_pin_l0_filter_and_index_blocks_in_cache(true);
        if config.partitioned {
            table.set_index_type(BlockBasedIndexType::TwoLevelIndexSearch);
            table.set_partition_filters(true);
            table.set_metadata_block_size(4096);
            table.set_pin_top_level_index_and_filter(true);
        }
        table.set_data_block_index_type(DataBlockIndexType::BinaryAndHash);
        let mut o = Options::default();
        o.set_block_based_table_factory(&table);
        o.set_compression_type(DBCompressionType::Lz4);
        o.set_memtable_prefix_bloom_ratio(0.02);
        o.set_memtable_whole_key_filtering(true);
        tune(&mut o);
        o
    };
    let mut db_options = Options::default();
    db_options.create_if_missing(true);
    db_options.create_missing_column_families(true);
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    db_options.increase_parallelism(i32::try_from(cores).unwrap_or(2));
    let cfs = Kind::ALL.map(|k| ColumnFamilyDescriptor::new(k.cf_name(), cf_options()));
    DB::open_cf_descriptors(&db_options, path, cfs)
}

impl RocksStore {
    /// Opens (creating if needed) the database at `path` with every column family. The
    /// directory is made private first: created with mode 0700, or tightened to it.
    pub fn open(path: impl AsRef<Path>, config: &RocksConfig) -> Result<Self, BackendError> {
        Self::open_with(path.as_ref(), config, &|_| {})
    }

    /// [`Self::open`] with `tune` applied to every column family's options (a reopen by the
    /// resumer does not apply it).
    fn open_with(
        path: &Path,
        config: &RocksConfig,
        tune: &dyn Fn(&mut Options),
    ) -> Result<Self, BackendError> {
        private_dir(path).map_err(BackendError::new)?;
        let cache = Cache::new_lru_cache(config.block_cache_bytes);
        let db = open_tuned(path, config, &cache, tune).map_err(BackendError::new)?;
        let handle = resume::Handle::new(db, path.to_path_buf(), config.clone(), cache);
        let update_locks =
            Box::new(std::array::from_fn(|_| std::array::from_fn(|_| Mutex::new(()))));
        Ok(Self { db: Arc::new(handle), update_locks })
    }

    /// Flushes the memtables of every column family and the WAL to disk, then compacts
    /// `kind` fully, so that overwritten values of it are in no file any more.
    fn flush_and_compact(&self, kind: Kind) -> Result<(), BackendError> {
        self.db.with(|db| {
            let cfs = Kind::ALL.iter().map(|&k| Self::cf(db, k)).collect::<Result<Vec<_>, _>>()?;
            let mut flush = FlushOptions::default();
            flush.set_wait(true);
            db.flush_cfs_opt(&cfs, &flush).map_err(fault)?;
            db.flush_wal(true).map_err(fault)?;
            let mut compact = CompactOptions::default();
            compact.set_exclusive_manual_compaction(true);
            compact.set_bottommost_level_compaction(BottommostLevelCompaction::Force);
            db.compact_range_cf_opt(Self::cf(db, kind)?, None::<&[u8]>, None::<&[u8]>, &compact);
            Ok(())
        })
    }

    fn cf(db: &DB, kind: Kind) -> Result<&ColumnFamily, BackendError> {
        db.cf_handle(kind.cf_name()).ok_or_else(|| BackendError::message("column family missing"))
    }

    /// A write's outcome: a failure classified, and shown to the resumer.
    fn written(&self, result: Result<(), rocksdb::Error>) -> Result<(), BackendError> {
        result.map_err(|e| {
            self.db.write_failed(&e);
            fault(e)
        })
    }

    fn write_options(durability: Durability) -> WriteOptions {
        let mut wo = WriteOptions::default();
        wo.set_sync(durability.is_synced());
        // A write RocksDB would delay or stop (a write stall) fails with `Incomplete` instead,
        // transient by `fault`.
        wo.set_no_slowdown(durability == Durability::BufferedNoWait);
        wo
    }

    fn stripe(key: &[u8]) -> usize {
        // FNV-1a: cheap, and spreads packed IMSIs (which differ in their low bytes).
        let hash = key.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        // The modulus is < 64, so the cast is exact.
        (hash % UPDATE_STRIPES as u64) as usize
    }

    /// The `update` lock of `key` in `kind`.
    fn lock(&self, kind: Kind, stripe: usize) -> MutexGuard<'_, ()> {
        self.update_locks[kind.index()][stripe].lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Creates the data directory `path` with mode 0700 (its parents as the umask says), or
/// tightens an existing one that grants its group or others any access to 0700, with a
/// warning: key material, SQN state and subscriber data are the HSS user's alone.
#[cfg(unix)]
pub(crate) fn private_dir(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    match std::fs::metadata(path) {
        Ok(meta) => {
            let mode = meta.permissions().mode();
            if mode & 0o077 != 0 {
                tracing::warn!(
                    path = %path.display(),
                    mode = format!("{:o}", mode & 0o777),
                    "the data directory was open to other users; its mode is now 0700"
                );
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))?;
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::DirBuilder::new().mode(0o700).create(path)
        }
        Err(e) => Err(e),
    }
}

/// Creates the data directory (no modes on this platform).
#[cfg(not(unix))]
pub(crate) fn private_dir(path: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(path)
}

impl Backend for RocksStore {
    fn get(&self, kind: Kind, key: &[u8]) -> Result<Option<Vec<u8>>, BackendError> {
        self.db.with(|db| {
            let value = db.get_pinned_cf(Self::cf(db, kind)?, key).map_err(fault)?;
            Ok(value.map(|v| v.to_vec()))
        })
    }

    fn multi_get(&self, kind: Kind, keys: &[&[u8]]) -> Result<Vec<Option<Vec<u8>>>, BackendError> {
        self.db.with(|db| {
            db.batched_multi_get_cf(Self::cf(db, kind)?, keys.iter().copied(), false)
                .into_iter()
                .map(|v| v.map(|v| v.map(|v| v.to_vec())).map_err(fault))
                .collect()
        })
    }

    fn write(&self, batch: &WriteBatch, durability: Durability) -> Result<(), BackendError> {
        self.db.with(|db| {
            let mut wb = rocksdb::WriteBatch::default();
            for op in batch.ops() {
                match op {
                    Op::Put { kind, key, value } => wb.put_cf(Self::cf(db, *kind)?, key, value),
                    Op::Delete { kind, key } => wb.delete_cf(Self::cf(db, *kind)?, key),
                }
            }
            self.written(db.write_opt(wb, &Self::write_options(durability)))
        })
    }

    fn update(
        &self,
        kind: Kind,
        key: &[u8],
        durability: Durability,
        f: &mut UpdateFn<'_>,
    ) -> Result<(), StoreError> {
        // Every writer of `key` through `update` holds this stripe, so the value read below
        // cannot change before the write (RocksDB itself has no read-modify-write here).
        let _guard = self.lock(kind, Self::stripe(key));
        self.db.with(|db| {
            let cf = Self::cf(db, kind)?;
            let current = db.get_pinned_cf(cf, key).map_err(fault)?;
            let wo = Self::write_options(durability);
            let written = match f(current.as_deref())? {
                Update::Keep => return Ok(()),
                Update::Put(value) => db.put_cf_opt(cf, key, value, &wo),
                Update::Delete => db.delete_cf_opt(cf, key, &wo),
            };
            self.written(written).map_err(StoreError::from)
        })
    }

    fn update_many(
        &self,
        kind: Kind,
        keys: &[&[u8]],
        durability: Durability,
        f: &mut UpdateManyFn<'_>,
    ) -> Result<(), StoreError> {
        // The stripes of every key, taken in ascending order: two `update_many` calls cannot
        // deadlock, and an `update` holds only one stripe.
        let mut stripes: Vec<usize> = keys.iter().map(|k| Self::stripe(k)).collect();
        stripes.sort_unstable();
        stripes.dedup();
        let _guards: Vec<_> = stripes.into_iter().map(|s| self.lock(kind, s)).collect();
        let current = self.multi_get(kind, keys)?;
        let decisions = backend::decide_each(keys, current, f)?;
        self.db.with(|db| {
            let cf = Self::cf(db, kind)?;
            let mut wb = rocksdb::WriteBatch::default();
            for (key, decision) in keys.iter().zip(decisions) {
                match decision {
                    Update::Keep => {}
                    Update::Put(value) => wb.put_cf(cf, key, value),
                    Update::Delete => wb.delete_cf(cf, key),
                }
            }
            if wb.is_empty() {
                return Ok(());
            }
            self.written(db.write_opt(wb, &Self::write_options(durability)))
                .map_err(StoreError::from)
        })
    }

    fn scan(
        &self,
        kind: Kind,
        prefix: &[u8],
        skip: usize,
        limit: usize,
        out: &mut Entries,
    ) -> Result<(), BackendError> {
        self.db.with(|db| {
            let mode = IteratorMode::From(prefix, Direction::Forward);
            let (mut seen, mut taken) = (0usize, 0usize);
            for item in db.iterator_cf(Self::cf(db, kind)?, mode) {
                if taken >= limit {
                    break;
                }
                let (key, value) = item.map_err(fault)?;
                if !key.starts_with(prefix) {
                    break;
                }
                if seen >= skip {
                    out.push((key.into_vec(), value.into_vec()));
                    taken += 1;
                }
                seen += 1;
            }
            Ok(())
        })
    }

    fn scan_range(
        &self,
        kind: Kind,
        start: &[u8],
        end: Option<&[u8]>,
        limit: usize,
        out: &mut Entries,
    ) -> Result<(), BackendError> {
        self.db.with(|db| {
            let mode = IteratorMode::From(start, Direction::Forward);
            for item in db.iterator_cf(Self::cf(db, kind)?, mode).take(limit) {
                let (key, value) = item.map_err(fault)?;
                if end.is_some_and(|e| key.as_ref() >= e) {
                    break;
                }
                out.push((key.into_vec(), value.into_vec()));
            }
            Ok(())
        })
    }

    fn compact(&self, kind: Kind) -> Result<(), BackendError> {
        self.flush_and_compact(kind)
    }

    fn resumes(&self) -> u64 {
        self.db.resumes()
    }
}
