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
//!   encoding. Ki and OPc are stored wrapped under a key-encryption key ([`Kek`],
//!   [`StoreConfig::kek`]) when one is configured. [`auc`]: MILENAGE, key derivations, vectors, resync, SQN arithmetic.
//!
//! # Writes and the shard threads
//!
//! RocksDB calls block their thread. SQN reservations and provisioning are synced, the serving
//! nodes go to the WAL unsynced, and a shard fsyncs only when a cached subscriber's SQN block
//! is used up; cold requests are reserved in batches off the shards ([`Store::sqn_ready`],
//! [`Store::prepare_sqn`]). The table of writes and the alternatives considered:
//! `docs/design/durability.md`.

mod absent;
mod activity;
pub mod auc;
mod backend;
mod cache;
mod error;
mod ims_cache;
mod kek;
pub mod keys;
mod mem;
mod metrics;
pub mod model;
mod rand;
mod resync_guard;
mod rocks;
mod service;
mod sqn_block;
mod sqn_mark;
pub mod template;
mod value;

pub use activity::{Activity, LastSeen};
pub use backend::{Backend, Durability, Entries, Op, Update, UpdateFn, UpdateManyFn, WriteBatch};
pub use cache::{CachedSubscriber, Encoded};
pub use error::{BackendError, Corrupt, Entity, InvalidField, KekError, StoreError};
pub use ims_cache::CachedIms;
pub use kek::{Kek, KekLoadError};
pub use mem::MemStore;
pub use metrics::{StoreStats, WriteFault, WriteHealth};
pub use model::operation::{Change, Logged, Operation, Stored, decode_logged, key_text};
pub use model::{
    Ambr, ApnAssignment, ApnId, ApnProfile, Arp, AuthData, AuthInfo, AuthUpdate, Imsi, Key128,
    Msisdn, NetworkAccessMode, NodeKind, OpcSource, OperatorKey, PdnType, ServingNode,
    ServingNodeRef, Subscriber, SubscriberKey, SubscriberRecord, SubscriberStatus,
};
pub use model::{
    AmbrDoc, ApnOptions, EpsField, EpsProfile, MAX_EXTRA_MSISDNS, MAX_ROAMING_RULES,
    NetworkAccessModeDoc, Non3gppAccess, PgwIdentity, RoamingProfile, RoamingRule, RoamingService,
    SubscriptionDiff, SubscriptionOptions, SubscriptionPart, access_restriction, odb,
};
pub use model::{ApiToken, MAX_TOKEN_NAME, Scope};
pub use model::{
    ApplicationServer, AuthScheme, ChargingAddresses, DefaultHandling, Ifc, IfcSet,
    ImsRegistration, ImsSubscription, PrivateIdentity, ProfilePart, PublicIdentity,
    RegistrationState, ServerCapabilities, ServiceProfile, SessionCase, Spt, SptCondition,
    TriggerPoint, same_uri, uri_key,
};
pub use model::{
    AsPermissions, MAX_SERVICE_DATA, RepositoryData, ShSubscription, validate_repository,
};
pub use model::{EirDefault, EirRule, EquipmentStatus, imei_key};
pub use rand::{OsRand, RandSource, SeededRand};
pub use resync_guard::{RECENT_RANDS, RESYNC_WINDOW_SECS, RESYNCS_PER_WINDOW};
pub use rocks::{RocksConfig, RocksStore};
pub use service::sh_mapping::{
    DocumentMapping, FIELD_MAPPINGS_KEY, FieldKind, FieldMapping, FieldMappings, PrefixMapping,
};
pub use service::{
    Credentials, CursorPage, MAX_API_TOKENS, NewToken, NodeRole, OpContext, OpFilter, OpPage,
    OplogRetention, RewrapReport, SCAN_BUDGET, Served, SubscriberFilter, with_operation,
};
pub use service::{
    EirCheck, EirVerdict, HISTORY_SLOTS, ImportItem, ImsRecord, MAX_EIR_RULES, MAX_PAGE_SIZE,
    MAX_SUBSCRIPTIONS_PER_DATA, MAX_VECTORS_PER_REQUEST, Page, RepositoryChange, SeenEquipment,
    Store, StoreConfig, millis,
};
pub use service::{MAX_EPS_PROFILES, MAX_PDN_GWS, MAX_ROAMING_PROFILES, NotifyState, PdnGw};
pub use sqn_block::MAX_SQN_BLOCK;
