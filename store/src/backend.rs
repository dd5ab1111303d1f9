//! The storage boundary: what [`crate::Store`] needs from a key-value engine. RocksDB
//! ([`crate::RocksStore`]) and memory ([`crate::MemStore`]) implement it today; a replicated
//! engine (the "beyond one machine" plan) would implement the same six operations.
//!
//! Keys and values are bytes laid out by [`crate::keys`] and [`crate::value`]; a backend never
//! interprets them. What a backend must guarantee:
//!
//! - `write` applies a whole [`WriteBatch`] atomically: readers see all of it or none of it.
//! - `update` is a read-modify-write of one key, atomic with respect to every other `update`
//!   of that key (the SQN reservation and the serving-MME swap rely on it), and durable before
//!   it returns when asked for [`Durability::Synced`].
//! - `update_many` is the same for several keys at once, applied as one atomic write: the
//!   batched SQN reservation of many subscribers in one fsync (group commit).
//! - `scan` returns keys in byte order.
//! - A write with [`Durability::BufferedNoWait`] never waits for the backend to take it: it
//!   is written, or fails at once with a transient error.

use std::collections::HashMap;

use crate::error::{BackendError, StoreError};
use crate::keys::Kind;

/// How durable a write must be when it returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// In the write-ahead log but not necessarily on disk: survives a process crash, not a
    /// power loss. For data the network re-sends (serving MME on the next ULR).
    Buffered,
    /// As [`Self::Buffered`], but a write the backend would hold back fails at once instead,
    /// with a transient error ([`BackendError::is_transient`]: answered 3004
    /// DIAMETER_TOO_BUSY, and the peer retries). For writes made on a shard, which must never
    /// wait: RocksDB holds writes back while it stalls them (too many level-0 files or
    /// memtables waiting for their flush, compaction debt) and fails this one with
    /// `Incomplete` (`WriteOptions::set_no_slowdown`). A backend that never holds writes back
    /// writes it as [`Self::Buffered`].
    ///
    /// [`BackendError::is_transient`]: crate::BackendError::is_transient
    BufferedNoWait,
    /// On stable storage (fsync). For what must survive any crash: SQN reservations and
    /// provisioning.
    Synced,
}

impl Durability {
    /// Whether the write is on stable storage when it returns.
    pub const fn is_synced(self) -> bool {
        matches!(self, Self::Synced)
    }
}

/// One change in a [`WriteBatch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// Sets a key.
    Put {
        /// The key space.
        kind: Kind,
        /// The key.
        key: Vec<u8>,
        /// The value.
        value: Vec<u8>,
    },
    /// Removes a key (absent is not an error).
    Delete {
        /// The key space.
        kind: Kind,
        /// The key.
        key: Vec<u8>,
    },
}

/// Changes applied together or not at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteBatch {
    ops: Vec<Op>,
}

impl WriteBatch {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty batch with room for `ops` changes.
    pub fn with_capacity(ops: usize) -> Self {
        Self { ops: Vec::with_capacity(ops) }
    }

    /// Adds a put.
    pub fn put(&mut self, kind: Kind, key: &[u8], value: Vec<u8>) -> &mut Self {
        self.ops.push(Op::Put { kind, key: key.to_vec(), value });
        self
    }

    /// Adds a delete.
    pub fn delete(&mut self, kind: Kind, key: &[u8]) -> &mut Self {
        self.ops.push(Op::Delete { kind, key: key.to_vec() });
        self
    }

    /// The changes, in the order they were added (a later change to a key wins).
    pub fn ops(&self) -> &[Op] {
        &self.ops
    }

    /// Whether the batch changes nothing.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }
}

/// What an `update` closure decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    /// Leave the key as it is.
    Keep,
    /// Set the key to this value.
    Put(Vec<u8>),
    /// Remove the key.
    Delete,
}

/// The decision an [`Backend::update`] takes from the current value of its key.
pub type UpdateFn<'f> = dyn FnMut(Option<&[u8]>) -> Result<Update, StoreError> + 'f;

/// The decision an [`Backend::update_many`] takes for its `i`-th key from that key's
/// current value: `f(i, current)`.
pub type UpdateManyFn<'f> = dyn FnMut(usize, Option<&[u8]>) -> Result<Update, StoreError> + 'f;

/// A page of a scan: `(key, value)` pairs in key order.
pub type Entries = Vec<(Vec<u8>, Vec<u8>)>;

/// A key-value engine the subscriber store can run on.
pub trait Backend: Send + Sync + std::fmt::Debug {
    /// The value of `key`, if any.
    fn get(&self, kind: Kind, key: &[u8]) -> Result<Option<Vec<u8>>, BackendError>;

    /// The values of `keys` (all of `kind`), one per key in order: [`Self::get`] of each,
    /// but a backend may read them together (RocksDB: one batched multi-get, which looks up
    /// the keys of one SST file block together and reads blocks in parallel). The cache fill
    /// of cold subscribers uses it.
    fn multi_get(&self, kind: Kind, keys: &[&[u8]]) -> Result<Vec<Option<Vec<u8>>>, BackendError> {
        keys.iter().map(|k| self.get(kind, k)).collect()
    }

    /// Applies `batch` atomically.
    fn write(&self, batch: &WriteBatch, durability: Durability) -> Result<(), BackendError>;

    /// Reads `key`, lets `f` decide its new state from the current value, and applies that
    /// decision, atomically with respect to other `update`s of the same key. An error from
    /// `f` leaves the key unchanged and is returned.
    ///
    /// This is the SQN reservation primitive: `f` turns the persisted high-water mark into the
    /// next one, and with [`Durability::Synced`] the new mark is on disk when this returns.
    fn update(
        &self,
        kind: Kind,
        key: &[u8],
        durability: Durability,
        f: &mut UpdateFn<'_>,
    ) -> Result<(), StoreError>;

    /// [`Self::update`] for every key of `keys` (all of `kind`) at once: reads them, lets
    /// `f(i, current)` decide the new state of `keys[i]`, in order, and applies every decision
    /// in one atomic write (one fsync with [`Durability::Synced`]), atomically with respect to
    /// `update` and `update_many` of any of these keys. A key listed twice is decided twice, the
    /// second time from the first decision (as if the updates ran one after the other). An
    /// error from `f` leaves every key unchanged and is returned.
    ///
    /// This is the batched SQN reservation: one synced write for the marks of many
    /// subscribers (group commit).
    fn update_many(
        &self,
        kind: Kind,
        keys: &[&[u8]],
        durability: Durability,
        f: &mut UpdateManyFn<'_>,
    ) -> Result<(), StoreError>;

    /// Up to `limit` entries whose key starts with `prefix`, in key order, after skipping the
    /// first `skip` of them; appended to `out`.
    fn scan(
        &self,
        kind: Kind,
        prefix: &[u8],
        skip: usize,
        limit: usize,
        out: &mut Entries,
    ) -> Result<(), BackendError>;

    /// Appends to `out` up to `limit` entries of `kind` with `start <= key < end` (no upper
    /// bound without `end`), in key order. A backend seeks to `start`: a page deep into a
    /// large family costs what the first page costs. The default reads from the first key.
    fn scan_range(
        &self,
        kind: Kind,
        start: &[u8],
        end: Option<&[u8]>,
        limit: usize,
        out: &mut Entries,
    ) -> Result<(), BackendError> {
        let mut all = Entries::new();
        self.scan(kind, &[], 0, usize::MAX, &mut all)?;
        out.extend(
            all.into_iter()
                .filter(|(k, _)| k.as_slice() >= start && end.is_none_or(|e| k.as_slice() < e))
                .take(limit),
        );
        Ok(())
    }

    /// Rewrites what `kind` keeps on disk so that values overwritten or deleted before this
    /// call no longer persist in any file (after a re-wrap of key material under a new
    /// key-encryption key). RocksDB: flushes every column family's memtable (so that no
    /// write-ahead log file is kept for them), then compacts `kind` into its bottom level. A
    /// backend without files does nothing, as the default does.
    fn compact(&self, _kind: Kind) -> Result<(), BackendError> {
        Ok(())
    }

    /// How many times writes resumed after the backend had stopped them on its own: RocksDB
    /// stops every write after an I/O error on its log (a full disk, EIO) until it is
    /// resumed, which [`crate::RocksStore`] does by itself once the disk takes writes again.
    /// The store reads a change as writes working again ([`crate::Store::write_health`]). A
    /// backend that never stops writes by itself has nothing to resume: 0, as the default.
    fn resumes(&self) -> u64 {
        0
    }
}

/// The decisions of an `update_many`, one per key, from the values `current[i]` of `keys[i]`
/// read before any of them: a key listed again is decided from its previous decision, not
/// from `current`. Shared by the backends so that they agree on duplicates.
pub(crate) fn decide_each(
    keys: &[&[u8]],
    mut current: Vec<Option<Vec<u8>>>,
    f: &mut UpdateManyFn<'_>,
) -> Result<Vec<Update>, StoreError> {
    let mut decisions = Vec::with_capacity(keys.len());
    // Where each key was last decided; its state after that decision is in `current` there.
    let mut last: HashMap<&[u8], usize> = HashMap::with_capacity(keys.len());
    for (i, &key) in keys.iter().enumerate() {
        let value = match last.insert(key, i) {
            Some(j) => current[j].clone(),
            None => current[i].take(),
        };
        let decision = f(i, value.as_deref())?;
        current[i] = match &decision {
            Update::Keep => value,
            Update::Put(v) => Some(v.clone()),
            Update::Delete => None,
        };
        decisions.push(decision);
    }
    Ok(decisions)
}
