//! Reading the operation log (filters, cursors) and rolling operations back.
//!
//! A rollback writes back every key's value from before the operations it undoes, as a new
//! operation of its own. It is refused (409) when a later operation, not among those undone,
//! changed one of the same keys, or when it would have to restore key material, which the
//! log does not keep. Counters follow the keys restored; caches and in-memory indexes are
//! refreshed.

use std::collections::{BTreeMap, BTreeSet};

use super::Store;
use super::oplog::{OpContext, group_key, index_key};
use crate::backend::{Durability, Entries, WriteBatch};
use crate::error::{Entity, StoreError};
use crate::keys::{self, Kind};
use crate::model::operation::{Operation, Stored, key_from_text};

/// Most index entries one filter reads (an entity's or a group's operations).
const MAX_INDEX_READ: usize = 100_000;

/// Most operations one unfiltered page looks at before it answers with a cursor.
const MAX_SCANNED: u64 = 10_000;

/// Which operations a listing wants.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpFilter {
    /// Operations that changed this entity (a column family name, with `key`).
    pub entity: Option<(Kind, String)>,
    /// Of this token.
    pub token: Option<String>,
    /// Of this client group.
    pub operation_id: Option<String>,
    /// At or after (Unix milliseconds).
    pub since: Option<u64>,
    /// Before (Unix milliseconds).
    pub until: Option<u64>,
}

/// A page of the log, newest first, and where the next one starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpPage {
    /// The operations.
    pub items: Vec<Operation>,
    /// The cursor of the next page (operations numbered below it); `None`: the end.
    pub next: Option<u64>,
}

impl OpFilter {
    fn accepts(&self, op: &Operation) -> bool {
        self.token.as_ref().is_none_or(|t| op.token.as_ref() == Some(t))
            && self.operation_id.as_ref().is_none_or(|g| op.operation_id.as_ref() == Some(g))
            && self.since.is_none_or(|s| op.time >= s)
            && self.until.is_none_or(|u| op.time < u)
    }
}

impl Store {
    /// Operations matching `filter`, newest first, numbered below `before` (a cursor; `None`:
    /// from the newest), at most `limit`.
    pub fn operations(
        &self,
        filter: &OpFilter,
        before: Option<u64>,
        limit: usize,
    ) -> Result<OpPage, StoreError> {
        let (next, first) = {
            let state = self.oplog_state()?;
            (state.next, state.first)
        };
        let start = before.unwrap_or(next).min(next);
        let indexed = match (&filter.entity, &filter.operation_id) {
            (Some((kind, key)), _) => {
                let raw = key_from_text(*kind, key)
                    .ok_or_else(|| StoreError::invalid("key", "not a key of that entity"))?;
                Some(self.indexed(&index_key(*kind, &raw, None))?)
            }
            (None, Some(id)) => Some(self.indexed(&group_key(id, None))?),
            (None, None) => None,
        };
        let mut items = Vec::new();
        match indexed {
            Some(seqs) => {
                for seq in seqs.into_iter().rev().filter(|s| *s < start) {
                    if items.len() == limit {
                        return Ok(OpPage { next: items.last().map(|o: &Operation| o.seq), items });
                    }
                    if let Some(op) = self.operation(seq)?.filter(|op| filter.accepts(op)) {
                        items.push(op);
                    }
                }
                Ok(OpPage { items, next: None })
            }
            None => {
                let mut seq = start;
                let mut scanned = 0;
                while seq > first && items.len() < limit {
                    if scanned == MAX_SCANNED {
                        return Ok(OpPage { items, next: Some(seq) });
                    }
                    seq -= 1;
                    scanned += 1;
                    let Some(op) = self.operation(seq)? else { continue };
                    if filter.since.is_some_and(|s| op.time < s) {
                        return Ok(OpPage { items, next: None });
                    }
                    if filter.accepts(&op) {
                        items.push(op);
                    }
                }
                let more = seq > first && items.len() == limit;
                Ok(OpPage { items, next: more.then_some(seq) })
            }
        }
    }

    /// The operation numbers under an index prefix, ascending.
    fn indexed(&self, prefix: &[u8]) -> Result<Vec<u64>, StoreError> {
        let mut entries = Entries::new();
        self.backend.scan(Kind::OperationIndex, prefix, 0, MAX_INDEX_READ, &mut entries)?;
        Ok(entries
            .iter()
            .filter_map(|(k, _)| k.get(prefix.len()..)?.try_into().ok().map(u64::from_be_bytes))
            .collect())
    }

    /// The operations of client group `operation_id`, ascending.
    pub fn operations_of_group(&self, operation_id: &str) -> Result<Vec<u64>, StoreError> {
        self.indexed(&group_key(operation_id, None))
    }

    /// Rolls operations `seqs` back as one new operation for `context`; returns it.
    ///
    /// Errors: [`StoreError::NotFound`] for a number not kept, [`StoreError::RollbackRefused`]
    /// when a later operation changed the same data or key material would have to come back.
    pub fn rollback(&self, seqs: &[u64], context: OpContext) -> Result<Operation, StoreError> {
        let _guard = self.lock_provisioning();
        let undone: BTreeSet<u64> = seqs.iter().copied().collect();
        let mut ops = Vec::with_capacity(undone.len());
        for &seq in &undone {
            ops.push(self.operation(seq)?.ok_or(StoreError::NotFound(Entity::Operation))?);
        }
        // The value each key goes back to: the one before the earliest operation undone.
        let mut target: BTreeMap<(usize, Vec<u8>), (Kind, Option<Stored>)> = BTreeMap::new();
        for op in ops.iter().rev() {
            for c in &op.changes {
                let Some(kind) = c.kind() else { continue };
                let later = self.indexed(&index_key(kind, &c.key, None))?;
                if let Some(&later) = later.iter().find(|s| **s > op.seq && !undone.contains(s)) {
                    return Err(StoreError::RollbackRefused {
                        seq: op.seq,
                        reason: format!(
                            "operation {later} changed the same {} afterwards; roll it back first",
                            kind.cf_name()
                        ),
                    });
                }
                target.insert((kind.index(), c.key.clone()), (kind, c.before.clone()));
            }
        }
        let mut batch = WriteBatch::new();
        let mut counts: BTreeMap<usize, (Kind, i64)> = BTreeMap::new();
        let mut touched: Vec<(Kind, Vec<u8>)> = Vec::new();
        for ((_, key), (kind, before)) in target {
            let now = self.backend.get(kind, &key)?;
            let restored = match &before {
                None => None,
                Some(Stored::Raw(v)) => Some(v.clone()),
                Some(Stored::Fingerprint(_)) => {
                    // Unchanged since (the same fingerprint): nothing to restore.
                    if now.as_deref().map(|v| super::oplog::stored(kind, v)) == before {
                        continue;
                    }
                    return Err(StoreError::RollbackRefused {
                        seq: *undone.iter().next().unwrap_or(&0),
                        reason: format!(
                            "it would restore key material ({}), which the log does not keep; \
                             provision it again instead",
                            kind.cf_name()
                        ),
                    });
                }
            };
            if now == restored {
                continue;
            }
            let delta = i64::from(restored.is_some()) - i64::from(now.is_some());
            if delta != 0 && keys::count_key(kind) != keys::count_key(Kind::Meta) {
                counts.entry(kind.index()).or_insert((kind, 0)).1 += delta;
            }
            match restored {
                Some(v) => batch.put(kind, &key, v),
                None => batch.delete(kind, &key),
            };
            touched.push((kind, key));
        }
        for (kind, delta) in counts.into_values() {
            self.add_count(&mut batch, kind, delta)?;
        }
        let context = OpContext { rollback_of: undone.iter().copied().collect(), ..context };
        let seq = if batch.is_empty() {
            let entity = ops.first().map_or("", |o| o.entity.as_str()).to_owned();
            let key = ops.first().map_or("", |o| o.key.as_str()).to_owned();
            let mut state_context = context.clone();
            state_context.request = format!("{} (nothing to restore)", context.request);
            self.record_access(&state_context, &entity, &key)?
        } else {
            self.commit_logged(&batch, Durability::Synced, &context)?.unwrap_or(0)
        };
        self.refresh_after_restore(&touched);
        self.operation(seq)?.ok_or(StoreError::NotFound(Entity::Operation))
    }

    /// Drops what caches hold of restored keys and rereads the in-memory indexes.
    fn refresh_after_restore(&self, touched: &[(Kind, Vec<u8>)]) {
        let mut clear_all = false;
        for (kind, key) in touched {
            let subscriber =
                key.get(..8).and_then(|k| <[u8; 8]>::try_from(k).ok()).map(u64::from_be_bytes);
            match kind {
                Kind::Subscriber | Kind::Auth => {
                    if let Some(k) = subscriber {
                        self.cache.invalidate(k);
                    }
                }
                Kind::ApnProfile | Kind::EpsProfile | Kind::Meta => clear_all = true,
                _ => {}
            }
        }
        if clear_all {
            self.cache.clear();
        }
        if touched.iter().any(|(k, _)| {
            matches!(
                k,
                Kind::ImsSubscription
                    | Kind::ImpiIndex
                    | Kind::ImpuIndex
                    | Kind::IfcSet
                    | Kind::UserDataTemplate
                    | Kind::RepositoryData
                    | Kind::AsPermission
            )
        }) {
            self.ims_cache.clear();
        }
        for (what, result) in [
            ("EIR rules", self.reload_eir()),
            ("EPS profiles", self.reload_eps()),
            ("roaming profiles", self.reload_roaming()),
            ("REST tokens", self.reload_tokens()),
        ] {
            if let Err(e) = result {
                tracing::error!(error = %e, "{what} not reloaded after a rollback");
            }
        }
    }
}
