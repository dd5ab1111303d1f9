//! The operation log: every provisioning write made on behalf of a caller (a REST request, an
//! import) is recorded, in the same synced batch as the change, with each key's stored value
//! before and after. Writes without a caller (the Diameter path: SQN reservations, serving
//! nodes, registrations, the EIR history) are not logged.
//!
//! The caller is a thread-local [`OpContext`] set around the store call
//! ([`with_operation`]); [`Store::commit`] is the one write path of provisioning, so a new
//! resource is logged (and can be rolled back) without code of its own.
//!
//! Keys (`operation_log`: seq, u64 BE → [`Operation`]; `operation_index`):
//!
//! ```text
//! 'k' || kind (u8) || key length (u16 BE) || key || seq    every key an operation changed
//! 'g' || id length (u16 BE) || operation_id || seq         the operations of a client's group
//! ```
//!
//! Key material is never logged: authentication data, and IMS subscriptions holding a SIP
//! Digest H(A1), are kept as a fingerprint (the first 8 bytes of their SHA-256), which an
//! operation can show but a rollback cannot restore.

use std::cell::RefCell;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::{MutexGuard, PoisonError};
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::Store;
use crate::backend::{Durability, Op, WriteBatch};
use crate::error::StoreError;
use crate::keys::Kind;
use crate::model::operation::{Change, Operation, Stored, hex, is_entity, key_text};
use crate::value;

/// How much of the log is kept: the newest `max_entries`, none older than `max_age`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OplogRetention {
    /// Most operations kept (at least 1).
    pub max_entries: u64,
    /// Oldest operation kept.
    pub max_age: Duration,
}

impl Default for OplogRetention {
    /// 100,000 operations, 90 days.
    fn default() -> Self {
        Self { max_entries: 100_000, max_age: Duration::from_secs(90 * 86_400) }
    }
}

/// Most old operations one write removes (the rest go with the next writes).
const TRIM_PER_WRITE: u64 = 64;

const NEXT_KEY: &[u8] = b"oplog/next";
const FIRST_KEY: &[u8] = b"oplog/first";

/// Who a store call acts for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpContext {
    /// The token's name.
    pub token: Option<String>,
    /// The client's group (`operation_id`).
    pub operation_id: Option<String>,
    /// The request, as `METHOD /route`.
    pub request: String,
    /// The operations a rollback undoes (set by [`Store::rollback`]).
    pub(crate) rollback_of: Vec<u64>,
}

impl OpContext {
    /// The context of a request `request` (`METHOD /route`) by `token` in group
    /// `operation_id`.
    pub fn new(token: Option<String>, operation_id: Option<String>, request: String) -> Self {
        Self { token, operation_id, request, rollback_of: Vec::new() }
    }
}

thread_local! {
    static CONTEXT: RefCell<Option<OpContext>> = const { RefCell::new(None) };
}

/// Runs `f` with `context` as the caller of every store write it makes on this thread.
pub fn with_operation<R>(context: OpContext, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<OpContext>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            CONTEXT.with(|c| *c.borrow_mut() = previous);
        }
    }
    let previous = CONTEXT.with(|c| c.borrow_mut().replace(context));
    let _restore = Restore(previous);
    f()
}

pub(crate) fn current() -> Option<OpContext> {
    CONTEXT.with(|c| c.borrow().clone())
}

/// A key a batch changes, and its last value in the batch (`None`: deleted).
type KeyChange<'b> = (Kind, &'b [u8], Option<&'b [u8]>);

/// The log's position: the next number and the oldest kept.
#[derive(Debug, Default)]
pub(crate) struct OplogState {
    pub(crate) next: u64,
    pub(crate) first: u64,
    pub(crate) loaded: bool,
}

/// Whether changes to `kind`'s `key` are provisioning (logged), not network state or the
/// store's own bookkeeping.
fn logged(kind: Kind, key: &[u8]) -> bool {
    match kind {
        Kind::SqnReservation
        | Kind::ServingNode
        | Kind::ImsRegistration
        | Kind::NotifyState
        | Kind::EirHistory
        | Kind::Equipment
        | Kind::ShSubscription
        | Kind::OperationLog
        | Kind::OperationIndex => false,
        Kind::Meta => !["count/", "next/", "probe/", "oplog/", "api_token/", "kek/", "sqn/"]
            .iter()
            .any(|p| key.starts_with(p.as_bytes())),
        _ => true,
    }
}

/// A value as the log keeps it: key material as a fingerprint only.
pub(crate) fn stored(kind: Kind, value: &[u8]) -> Stored {
    let secret = match kind {
        Kind::Auth => true,
        Kind::ImsSubscription => value.windows(10).any(|w| w == b"digest_ha1"),
        _ => false,
    };
    if secret {
        let digest = Sha256::digest(value);
        Stored::Fingerprint(hex(&digest[..8]))
    } else {
        Stored::Raw(value.to_vec())
    }
}

pub(crate) fn index_key(kind: Kind, key: &[u8], seq: Option<u64>) -> Vec<u8> {
    let mut k = Vec::with_capacity(12 + key.len());
    k.push(b'k');
    k.push(kind.index() as u8);
    k.extend_from_slice(&(key.len().min(u16::MAX as usize) as u16).to_be_bytes());
    k.extend_from_slice(key);
    if let Some(seq) = seq {
        k.extend_from_slice(&seq.to_be_bytes());
    }
    k
}

pub(crate) fn group_key(operation_id: &str, seq: Option<u64>) -> Vec<u8> {
    let id = operation_id.as_bytes();
    let mut k = Vec::with_capacity(11 + id.len());
    k.push(b'g');
    k.extend_from_slice(&(id.len().min(u16::MAX as usize) as u16).to_be_bytes());
    k.extend_from_slice(id);
    if let Some(seq) = seq {
        k.extend_from_slice(&seq.to_be_bytes());
    }
    k
}

impl Store {
    /// Writes `batch`: as is without a caller; with one, together with the operation that
    /// records it (always synced then).
    pub(crate) fn commit(
        &self,
        batch: &WriteBatch,
        durability: Durability,
    ) -> Result<(), StoreError> {
        match current() {
            None => Ok(self.backend.write(batch, durability)?),
            Some(context) => self.commit_logged(batch, durability, &context).map(|_| ()),
        }
    }

    /// [`Self::commit`] with `context`: returns the operation's number (`None` when the batch
    /// changed nothing the log keeps).
    pub(crate) fn commit_logged(
        &self,
        batch: &WriteBatch,
        durability: Durability,
        context: &OpContext,
    ) -> Result<Option<u64>, StoreError> {
        let mut state = self.oplog_state()?;
        let changes = self.changes_of(batch)?;
        if changes.is_empty() {
            self.backend.write(batch, durability)?;
            return Ok(None);
        }
        let mut logged = batch.clone();
        let seq = state.next;
        let first = self.append(&mut logged, &state, context, changes)?;
        self.backend.write(&logged, Durability::Synced)?;
        state.next = seq + 1;
        state.first = first;
        Ok(Some(seq))
    }

    /// Records an access that changed nothing (a read of key material) for `context`.
    pub fn record_access(
        &self,
        context: &OpContext,
        entity: &str,
        key: &str,
    ) -> Result<u64, StoreError> {
        let mut state = self.oplog_state()?;
        let mut batch = WriteBatch::new();
        let seq = state.next;
        let first = self.append_record(&mut batch, &state, context, entity, key, Vec::new())?;
        self.backend.write(&batch, Durability::Synced)?;
        state.next = seq + 1;
        state.first = first;
        Ok(seq)
    }

    /// The log's position, read from `meta` on first use.
    pub(crate) fn oplog_state(&self) -> Result<MutexGuard<'_, OplogState>, StoreError> {
        let mut state = self.oplog.lock().unwrap_or_else(PoisonError::into_inner);
        if !state.loaded {
            state.next = self.meta_u64(NEXT_KEY)?.max(1);
            state.first = self.meta_u64(FIRST_KEY)?.max(1);
            state.loaded = true;
        }
        Ok(state)
    }

    /// The logged keys `batch` changes, each with its value before (read now) and after (the
    /// batch's last word on it); keys it leaves as they are are left out.
    fn changes_of(&self, batch: &WriteBatch) -> Result<Vec<Change>, StoreError> {
        let mut last: Vec<KeyChange<'_>> = Vec::new();
        // Where each key is in `last`: a bulk import's batch holds tens of thousands of keys,
        // so a linear search per op would be quadratic.
        let mut slots: HashMap<(Kind, &[u8]), usize> = HashMap::with_capacity(batch.ops().len());
        for op in batch.ops() {
            let (kind, key, value) = match op {
                Op::Put { kind, key, value } => (*kind, key.as_slice(), Some(value.as_slice())),
                Op::Delete { kind, key } => (*kind, key.as_slice(), None),
            };
            if !logged(kind, key) {
                continue;
            }
            match slots.entry((kind, key)) {
                Entry::Occupied(slot) => last[*slot.get()].2 = value,
                Entry::Vacant(slot) => {
                    slot.insert(last.len());
                    last.push((kind, key, value));
                }
            }
        }
        let mut changes = Vec::with_capacity(last.len());
        for (kind, key, after) in last {
            let before = self.backend.get(kind, key)?;
            if before.as_deref() == after {
                continue;
            }
            changes.push(Change {
                kind: kind.cf_name().to_owned(),
                key: key.to_vec(),
                before: before.as_deref().map(|v| stored(kind, v)),
                after: after.map(|v| stored(kind, v)),
            });
        }
        Ok(changes)
    }

    /// Adds the operation recording `changes` to `batch`; returns the oldest number kept.
    fn append(
        &self,
        batch: &mut WriteBatch,
        state: &OplogState,
        context: &OpContext,
        changes: Vec<Change>,
    ) -> Result<u64, StoreError> {
        let main = changes
            .iter()
            .find(|c| c.kind().is_some_and(is_entity))
            .or(changes.first())
            .and_then(|c| c.kind().map(|k| (k, c.key.clone())));
        let (entity, key) = match main {
            Some((kind, key)) => (kind.cf_name().to_owned(), key_text(kind, &key)),
            None => (String::new(), String::new()),
        };
        self.append_record(batch, state, context, &entity, &key, changes)
    }

    fn append_record(
        &self,
        batch: &mut WriteBatch,
        state: &OplogState,
        context: &OpContext,
        entity: &str,
        key: &str,
        changes: Vec<Change>,
    ) -> Result<u64, StoreError> {
        let seq = state.next;
        let now = super::millis(std::time::SystemTime::now());
        for c in &changes {
            if let Some(kind) = c.kind() {
                batch.put(
                    Kind::OperationIndex,
                    &index_key(kind, &c.key, Some(seq)),
                    value::encode_marker(),
                );
            }
        }
        if let Some(id) = &context.operation_id {
            batch.put(Kind::OperationIndex, &group_key(id, Some(seq)), value::encode_marker());
        }
        let op = Operation {
            seq,
            time: now,
            token: context.token.clone(),
            operation_id: context.operation_id.clone(),
            request: context.request.clone(),
            entity: entity.to_owned(),
            key: key.to_owned(),
            rollback_of: context.rollback_of.clone(),
            changes,
        };
        batch.put(Kind::OperationLog, &seq.to_be_bytes(), value::encode_json(&op));
        batch.put(Kind::Meta, NEXT_KEY, value::encode_u64(seq + 1));
        let first = self.trim(batch, state.first, seq, now)?;
        batch.put(Kind::Meta, FIRST_KEY, value::encode_u64(first));
        Ok(first)
    }

    /// Adds the removal of operations past the retention to `batch` (at most
    /// [`TRIM_PER_WRITE`]); returns the oldest number then kept.
    fn trim(
        &self,
        batch: &mut WriteBatch,
        mut first: u64,
        newest: u64,
        now: u64,
    ) -> Result<u64, StoreError> {
        let retention = self.config.oplog;
        let max_age = u64::try_from(retention.max_age.as_millis()).unwrap_or(u64::MAX);
        let mut removed = 0;
        while first < newest && removed < TRIM_PER_WRITE {
            let over_count = newest + 1 - first > retention.max_entries.max(1);
            let Some(op) = self.operation(first)? else {
                first += 1;
                continue;
            };
            if !over_count && now.saturating_sub(op.time) <= max_age {
                break;
            }
            for c in &op.changes {
                if let Some(kind) = c.kind() {
                    batch.delete(Kind::OperationIndex, &index_key(kind, &c.key, Some(op.seq)));
                }
            }
            if let Some(id) = &op.operation_id {
                batch.delete(Kind::OperationIndex, &group_key(id, Some(op.seq)));
            }
            batch.delete(Kind::OperationLog, &op.seq.to_be_bytes());
            first += 1;
            removed += 1;
        }
        Ok(first)
    }

    /// Operation `seq`, if it is kept.
    pub fn operation(&self, seq: u64) -> Result<Option<Operation>, StoreError> {
        self.backend
            .get(Kind::OperationLog, &seq.to_be_bytes())?
            .map(|v| {
                value::decode_json(Kind::OperationLog, &v, "bad operation").map_err(Into::into)
            })
            .transpose()
    }
}
