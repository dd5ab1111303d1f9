//! Subscriber data and the authentication centre of the HSS.
//!
//! Synchronous, no async runtime. Secret keys (Ki, OPc) never leave this crate: callers ask
//! for authentication vectors, not for keys, and read APIs only say that keys are set.
//!
//! # Layers
//!
//! - [`Store`]: what the Diameter handlers and the REST layer call. Vectors and resync
//!   ([`Store::eutran_vectors`], [`Store::resync`], ...) by [`SubscriberKey`], the key every
//!   identity resolves to; the serving nodes ([`Store::update_serving_node`]); and
//!   provisioning (create/read/list/update/delete of subscribers, authentication data and APN
//!   profiles). Not generic: the backend is a `Box<dyn Backend>`.
//! - the object cache ([`CachedSubscriber`]): decoded profiles, resolved APN profiles, the
//!   prepared MILENAGE key schedule, the in-memory SQN state and the pieces the data plane
//!   encodes once ([`Encoded`]), keyed by the subscriber key.
//!   Every write goes to the backend first, then drops the cache entry.
//! - [`Backend`]: the key-value backend boundary (get, atomic batch, per-key read-modify-write
//!   used for SQN reservation, the same over many keys in one write for batched reservation,
//!   prefix scan). [`RocksStore`] is the production backend,
//!   [`MemStore`] the in-memory one; `tests/conformance.rs` holds both to the same checks.
//! - [`keys`] and the `value` module: key layout per column family and the versioned value
//!   encoding. [`auc`]: MILENAGE, key derivations, vectors, resync, SQN arithmetic.
//!
//! # Writes and the shard threads
//!
//! RocksDB calls block the calling thread, and an fsync can take milliseconds. The choice, by
//! write:
//!
//! | write                         | from                 | durability                    |
//! |-------------------------------|----------------------|-------------------------------|
//! | SQN reservation               | shard (AIR, MAR)     | synced, once per block        |
//! | SQN reservation, batched      | slow lane (cold AIRs)| synced, once per batch        |
//! | resync                        | shard (AIR with AUTS)| synced (rare)                 |
//! | serving MME (ULR, PUR)        | shard                | WAL, not fsynced              |
//! | provisioning                  | control plane thread | synced                        |
//!
//! So a shard fsyncs only when a subscriber's SQN block is used up
//! ([`StoreConfig::sqn_block`] vectors, 1000 by default) or on the first AIR after the entry is
//! (re)loaded into the cache; concurrent reservations from several threads share one fsync
//! through RocksDB's write group. Cold requests can instead be batched: [`Store::sqn_ready`]
//! says, without I/O, whether a request would reserve, and [`Store::prepare_sqn`] fills the
//! cache entries and reserves the blocks of a whole batch of subscribers in one synced write
//! (group commit), off the shards. The serving MME survives a process crash (WAL) and may be
//! lost on power failure, which the next ULR repairs. Provisioning never runs on a shard.
//! Alternatives considered: a group-commit writer thread the shards wait on (the shard would
//! still wait for the fsync, it would only share it; `prepare_sqn` is meant for a thread the
//! shards do not wait on); time-based SQNs (TS 33.102 Annex C.3) that need no
//! reservation at all (a later option if the post-restart reservation storm matters).

pub mod auc;
mod backend;
mod cache;
mod error;
pub mod keys;
mod mem;
pub mod model;
mod rand;
mod rocks;
mod service;
mod sqn_block;
mod value;

pub use backend::{Backend, Durability, Entries, Op, Update, UpdateFn, UpdateManyFn, WriteBatch};
pub use cache::{CachedSubscriber, Encoded};
pub use error::{BackendError, Corrupt, Entity, InvalidField, StoreError};
pub use mem::MemStore;
pub use model::{
    Ambr, ApnAssignment, ApnId, ApnProfile, Arp, AuthData, AuthInfo, AuthUpdate, Imsi, Key128,
    Msisdn, NetworkAccessMode, NodeKind, OpcSource, OperatorKey, PdnType, ServingNode,
    ServingNodeRef, Subscriber, SubscriberKey, SubscriberRecord, SubscriberStatus,
};
pub use rand::{OsRand, RandSource, SeededRand};
pub use rocks::{RocksConfig, RocksStore};
pub use service::{ImportItem, MAX_PAGE_SIZE, MAX_VECTORS_PER_REQUEST, Page, Store, StoreConfig};
pub use sqn_block::MAX_SQN_BLOCK;
