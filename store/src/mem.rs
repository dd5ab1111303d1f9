//! An in-memory backend: ordered maps behind one lock. For tests of the layers above the store
//! (the engine's handlers, the REST layer) and as the second backend the conformance suite
//! checks, so that the trait cannot quietly come to mean "whatever RocksDB does".

use std::collections::BTreeMap;
use std::sync::{PoisonError, RwLock};

use crate::backend::{
    self, Backend, Durability, Entries, Op, Update, UpdateFn, UpdateManyFn, WriteBatch,
};
use crate::error::{BackendError, StoreError};
use crate::keys::Kind;

type Space = BTreeMap<Vec<u8>, Vec<u8>>;

/// A [`Backend`] in memory; nothing survives a drop. Durability is trivially met, and no
/// write is ever held back ([`Durability::BufferedNoWait`] is written as any other).
#[derive(Debug, Default)]
pub struct MemStore {
    spaces: RwLock<[Space; Kind::ALL.len()]>,
}

impl MemStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Backend for MemStore {
    fn get(&self, kind: Kind, key: &[u8]) -> Result<Option<Vec<u8>>, BackendError> {
        let spaces = self.spaces.read().unwrap_or_else(PoisonError::into_inner);
        Ok(spaces[kind.index()].get(key).cloned())
    }

    fn write(&self, batch: &WriteBatch, _: Durability) -> Result<(), BackendError> {
        let mut spaces = self.spaces.write().unwrap_or_else(PoisonError::into_inner);
        for op in batch.ops() {
            match op {
                Op::Put { kind, key, value } => {
                    spaces[kind.index()].insert(key.clone(), value.clone());
                }
                Op::Delete { kind, key } => {
                    spaces[kind.index()].remove(key);
                }
            }
        }
        Ok(())
    }

    fn update(
        &self,
        kind: Kind,
        key: &[u8],
        _: Durability,
        f: &mut UpdateFn<'_>,
    ) -> Result<(), StoreError> {
        let mut spaces = self.spaces.write().unwrap_or_else(PoisonError::into_inner);
        let space = &mut spaces[kind.index()];
        let update = f(space.get(key).map(Vec::as_slice))?;
        apply(space, key, update);
        Ok(())
    }

    fn update_many(
        &self,
        kind: Kind,
        keys: &[&[u8]],
        _: Durability,
        f: &mut UpdateManyFn<'_>,
    ) -> Result<(), StoreError> {
        let mut spaces = self.spaces.write().unwrap_or_else(PoisonError::into_inner);
        let space = &mut spaces[kind.index()];
        let current = keys.iter().map(|&k| space.get(k).cloned()).collect();
        let decisions = backend::decide_each(keys, current, f)?;
        for (&key, decision) in keys.iter().zip(decisions) {
            apply(space, key, decision);
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
        let spaces = self.spaces.read().unwrap_or_else(PoisonError::into_inner);
        let entries = spaces[kind.index()]
            .range(prefix.to_vec()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .skip(skip)
            .take(limit)
            .map(|(k, v)| (k.clone(), v.clone()));
        out.extend(entries);
        Ok(())
    }

    fn scan_range(
        &self,
        kind: Kind,
        start: &[u8],
        end: Option<&[u8]>,
        limit: usize,
        out: &mut Entries,
    ) -> Result<(), BackendError> {
        let spaces = self.spaces.read().unwrap_or_else(PoisonError::into_inner);
        let entries = spaces[kind.index()]
            .range(start.to_vec()..)
            .take_while(|(k, _)| end.is_none_or(|e| k.as_slice() < e))
            .take(limit)
            .map(|(k, v)| (k.clone(), v.clone()));
        out.extend(entries);
        Ok(())
    }
}

/// Applies one read-modify-write decision to `key`.
fn apply(space: &mut Space, key: &[u8], update: Update) {
    match update {
        Update::Keep => {}
        Update::Put(value) => {
            space.insert(key.to_vec(), value);
        }
        Update::Delete => {
            space.remove(key);
        }
    }
}
