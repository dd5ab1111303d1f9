//! The data model: what operators provision (subscribers, authentication data, APN profiles)
//! and what the HSS records (the serving nodes), with validation and the stored encodings.

mod apn;
mod auth;
mod diff;
mod eir;
mod eps_profile;
mod ids;
mod ims;
mod ims_registration;
pub mod operation;
mod roaming;
mod sh;
mod subscriber;
mod subscription;
mod token;

pub use apn::{
    APN_MAX_LEN, Ambr, ApnOptions, ApnProfile, Arp, PdnType, PgwIdentity,
    validate_charging_characteristics,
};
pub(crate) use auth::StoredAuth;
pub use auth::{AuthData, AuthInfo, AuthUpdate, OpcSource, OperatorKey};
pub use diff::{SubscriptionDiff, SubscriptionPart};
pub use eir::{EirDefault, EirRule, EquipmentStatus, compile, imei_key};
pub use eps_profile::{AmbrDoc, EpsProfile, NetworkAccessModeDoc};
pub use ids::{ApnId, IMSI_MIN_DIGITS, Imsi, Key128, Msisdn, SubscriberKey};
pub use ims::{
    ApplicationServer, AuthScheme, ChargingAddresses, DefaultHandling, Ifc, IfcSet,
    ImsSubscription, MAX_IFCS, PrivateIdentity, ProfilePart, PublicIdentity, ServerCapabilities,
    ServiceProfile, SessionCase, Spt, SptCondition, TriggerPoint, same_uri, uri_key, uri_key_cow,
};
pub use ims_registration::{ImsRegistration, RegistrationState};
pub use roaming::{MAX_ROAMING_RULES, RoamingProfile, RoamingRule, RoamingRules, RoamingService};
pub use sh::{
    AsPermissions, MAX_SERVICE_DATA, RepositoryData, ShSubscription, validate_repository,
};
pub use subscriber::{
    ApnAssignment, MAX_APNS, MAX_IDENTITY_LEN, NetworkAccessMode, NodeKind, ServingNode,
    ServingNodeRef, Subscriber, SubscriberRecord, SubscriberStatus,
};
pub use subscription::{
    EpsField, MAX_EXTRA_MSISDNS, Non3gppAccess, SubscriptionOptions, access_restriction, odb,
};
pub use token::{ApiToken, MAX_TOKEN_NAME, Scope, validate_token};
