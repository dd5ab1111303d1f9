//! One error type for every store operation and every backend (style guide §4): the hot path
//! distinguishes what a Diameter answer needs (unknown user, no auth data, resync failure,
//! exhausted SQN), provisioning what a REST answer needs (404, 409, 422 with the field).

use crate::auc::ResyncError;
use crate::keys::Kind;

/// The entity a provisioning error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Entity {
    /// A subscriber profile (key: IMSI).
    Subscriber,
    /// A subscriber's authentication data (key: IMSI).
    AuthData,
    /// An APN profile (key: its id).
    ApnProfile,
    /// An IMS subscription (key: any of its private identities).
    ImsSubscription,
    /// A shared iFC set (key: its id).
    IfcSet,
    /// The Sh permissions of an application server (key: its host or realm).
    AsPermission,
    /// Sh repository data (key: public identity and Service-Indication).
    RepositoryData,
    /// A Cx User-Data template (key: its id).
    UserDataTemplate,
    /// An EIR rule (key: its id).
    EirRule,
    /// A roaming profile (key: its id).
    RoamingProfile,
    /// A shared EPS profile (key: its id).
    EpsProfile,
    /// A token of the REST API (key: its name).
    ApiToken,
    /// An operation of the operation log (key: its number).
    Operation,
}

impl Entity {
    /// A stable lower-case name for error codes (`subscriber.not_found`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Subscriber => "subscriber",
            Self::AuthData => "auth_data",
            Self::ApnProfile => "apn_profile",
            Self::ImsSubscription => "ims_subscription",
            Self::IfcSet => "ifc_set",
            Self::AsPermission => "as_permission",
            Self::RepositoryData => "repository_data",
            Self::UserDataTemplate => "user_data_template",
            Self::EirRule => "eir_rule",
            Self::RoamingProfile => "roaming_profile",
            Self::EpsProfile => "eps_profile",
            Self::ApiToken => "api_token",
            Self::Operation => "operation",
        }
    }
}

/// A provisioned value that fails validation: which field and why (REST: 422).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("invalid {field}: {reason}")]
pub struct InvalidField {
    /// The field as the REST layer names it (`imsi`, `apns[].profile`, `arp.priority_level`).
    pub field: &'static str,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl InvalidField {
    pub(crate) const fn new(field: &'static str, reason: &'static str) -> Self {
        Self { field, reason }
    }
}

/// A stored value that cannot be decoded: wrong schema version, truncated, or out of range.
/// Always an error value, never a panic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("corrupt {kind:?} value: {reason}")]
pub struct Corrupt {
    /// The column family the value was read from.
    pub kind: Kind,
    /// What did not decode.
    pub reason: &'static str,
}

/// A failure inside the storage engine (I/O, RocksDB status), boxed so that every backend
/// shares [`StoreError`]; with whether it is transient ([`Self::is_transient`]).
#[derive(Debug, thiserror::Error)]
#[error("storage backend: {inner}")]
pub struct BackendError {
    inner: Box<dyn std::error::Error + Send + Sync + 'static>,
    transient: bool,
}

impl BackendError {
    /// Wraps a backend's own error, a permanent one: the same request would fail again
    /// (corruption, an invalid argument, a missing column family).
    pub fn new(err: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self { inner: Box::new(err), transient: false }
    }

    /// A permanent backend failure described by a message only.
    pub fn message(msg: &'static str) -> Self {
        Self { inner: msg.into(), transient: false }
    }

    /// Wraps a backend's own error, a transient one: the engine cannot do it now but may
    /// shortly (an I/O error, no space left, busy, writes stopped after a background error, a
    /// stall or a timeout).
    pub fn unavailable(err: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self { inner: Box::new(err), transient: true }
    }

    /// A transient backend failure described by a message only.
    pub fn unavailable_message(msg: &'static str) -> Self {
        Self { inner: msg.into(), transient: true }
    }

    /// Whether the failure is transient: the same request may succeed shortly, here or on
    /// another HSS, and a Diameter answer should say so (3004 DIAMETER_TOO_BUSY) rather than
    /// refuse for good.
    pub fn is_transient(&self) -> bool {
        self.transient
    }

    /// The same failure, by its message (the source is not `Clone`).
    fn copy(&self) -> Self {
        Self { inner: self.inner.to_string().into(), transient: self.transient }
    }
}

/// Everything a store operation can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// No subscriber with this IMSI (S6a: DIAMETER_ERROR_USER_UNKNOWN 5001).
    #[error("unknown subscriber")]
    UnknownSubscriber,
    /// The subscriber exists but has no authentication data (S6a:
    /// DIAMETER_AUTHENTICATION_DATA_UNAVAILABLE 4181).
    #[error("no authentication data for the subscriber")]
    NoAuthData,
    /// AUTS did not verify; SQN is unchanged.
    #[error("re-synchronisation refused: {0}")]
    Resync(#[from] ResyncError),
    /// SEQ reached its maximum; no fresh SQN is left for this subscriber.
    #[error("SQN space exhausted")]
    SqnExhausted,
    /// Sh repository data: the sequence number is not the one the update must carry (Sh:
    /// DIAMETER_ERROR_TRANSPARENT_DATA_OUT_OF_SYNC 5105; REST: 409).
    #[error("sequence number out of sync with the stored repository data")]
    SequenceOutOfSync,
    /// The operating system's random source failed.
    #[error("random source failed")]
    Random,
    /// Provisioning: the entity does not exist (REST: 404).
    #[error("{} not found", .0.name())]
    NotFound(Entity),
    /// Provisioning: the entity, or a unique field of it, already exists (REST: 409).
    #[error("{} already exists ({field} taken)", .entity.name())]
    Duplicate {
        /// The entity that could not be created or changed.
        entity: Entity,
        /// The unique field that collided (`imsi`, `msisdn`, `id`).
        field: &'static str,
    },
    /// Provisioning: the entity is still referenced and cannot be deleted (REST: 409).
    #[error("{} is in use", .0.name())]
    InUse(Entity),
    /// Provisioning: a field fails validation (REST: 422).
    #[error(transparent)]
    Invalid(#[from] InvalidField),
    /// A stored value does not decode.
    #[error(transparent)]
    Corrupt(#[from] Corrupt),
    /// The storage engine failed.
    #[error(transparent)]
    Backend(#[from] BackendError),
    /// The key-encryption key does not fit the database, or a wrapped key does not unwrap
    /// (see [`crate::Kek`]). At open: the store refuses to start.
    #[error(transparent)]
    Kek(#[from] KekError),
    /// A rollback of operation `seq` cannot be done (REST: 409), for `reason`.
    #[error("operation {seq} cannot be rolled back: {reason}")]
    RollbackRefused {
        /// The operation.
        seq: u64,
        /// Why, naming the later operation when there is one.
        reason: String,
    },
}

impl StoreError {
    pub(crate) const fn invalid(field: &'static str, reason: &'static str) -> Self {
        Self::Invalid(InvalidField::new(field, reason))
    }

    /// Whether the failure is transient: only a [`StoreError::Backend`] error whose backend
    /// says so ([`BackendError::is_transient`]: I/O, no space, busy, writes stopped, a stall).
    /// Everything else is permanent: the data decided it (unknown subscriber, no
    /// authentication data, an exhausted SQN space, a refused resync, invalid or corrupt
    /// values) and the same request would fail again, on any HSS sharing this data.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Backend(e) if e.is_transient())
    }

    /// The same error again, for each of several requests that share one failure (a batched
    /// write); a backend error keeps its message but not its source.
    pub(crate) fn copy(&self) -> Self {
        match self {
            Self::UnknownSubscriber => Self::UnknownSubscriber,
            Self::NoAuthData => Self::NoAuthData,
            Self::Resync(e) => Self::Resync(*e),
            Self::SqnExhausted => Self::SqnExhausted,
            Self::SequenceOutOfSync => Self::SequenceOutOfSync,
            Self::Random => Self::Random,
            Self::NotFound(e) => Self::NotFound(*e),
            Self::Duplicate { entity, field } => Self::Duplicate { entity: *entity, field },
            Self::InUse(e) => Self::InUse(*e),
            Self::Invalid(e) => Self::Invalid(*e),
            Self::Corrupt(e) => Self::Corrupt(*e),
            Self::Backend(e) => Self::Backend(e.copy()),
            Self::Kek(e) => Self::Kek(*e),
            Self::RollbackRefused { seq, reason } => {
                Self::RollbackRefused { seq: *seq, reason: reason.clone() }
            }
        }
    }
}

/// A KEK that does not fit the database, or a wrapped value that does not decrypt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KekError {
    /// The database's KEK has this id, and the key given with it is another key.
    #[error("the key-encryption key does not match this database (key id {id})")]
    WrongKey {
        /// The id both have.
        id: u32,
    },
    /// The database is encrypted under key `stored`; the key given has id `given`.
    #[error(
        "the key-encryption key does not match this database (the database is under key id \
         {stored}, the key given has id {given})"
    )]
    OtherKey {
        /// The id of the database's KEK.
        stored: u32,
        /// The id of the key given.
        given: u32,
    },
    /// The database holds key material encrypted under key `id`, and no KEK was given.
    #[error(
        "this database holds key material encrypted under key-encryption key id {id}, and no \
         key-encryption key was given"
    )]
    Required {
        /// The id of the database's KEK.
        id: u32,
    },
    /// A re-wrap under key `to` started and did not finish.
    #[error(
        "a re-wrap of the key material under key-encryption key id {to} did not finish: open \
         the store with key {to} as the key-encryption key and the old key as the previous \
         one, and re-wrap again"
    )]
    Unfinished {
        /// The id of the new key.
        to: u32,
    },
    /// A record is wrapped under key `id`, which this store was not given.
    #[error("a record is encrypted under key-encryption key id {id}, which was not given")]
    UnknownKey {
        /// The record's key id.
        id: u32,
    },
    /// A record under key `id` does not authenticate: altered, or copied from another key.
    #[error("a wrapped key does not authenticate under key-encryption key id {id}")]
    Unauthentic {
        /// The record's key id.
        id: u32,
    },
    /// The KEK could not be checked against the database (it could not be read).
    #[error("the key-encryption key could not be checked against the database")]
    Unchecked,
    /// A re-wrap needs a KEK to wrap under; a previous KEK needs a current one.
    #[error("no key-encryption key configured")]
    NotConfigured,
}
