//! The JSON shapes of the store's types that handlers take or answer as they are (EIR rules,
//! EPS, roaming and iFC sets, IMS subscriptions, templates, Sh permissions and mappings, the
//! Notify state, token scopes): schema-only mirrors, since the store does not depend on the
//! OpenAPI crates. Each mirrors the type's serde form field for field; `tests/openapi.rs`
//! checks the API's answers against them, so a field added to the store and not here fails.

#![allow(dead_code)]

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::schema::AmbrJson;

/// Equipment-Status (TS 29.272 §7.3.51).
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum EquipmentStatus {
    Whitelisted,
    Blacklisted,
    Greylisted,
}

/// An EIR rule. It matches an ECR when every condition it has holds: `imei` equal to the
/// request's IMEI (its first 14 digits), `imei_regex` matching those 14 digits whole, `imsi`
/// equal to the request's User-Name. At least one condition.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct EirRule {
    /// Its id (non-zero); the store numbers it when created without one.
    #[serde(default)]
    id: u32,
    /// 14 to 16 digits (IMEI or IMEISV).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    imei: Option<String>,
    /// A regular expression over the IMEI's first 14 digits (at most 256 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    imei_regex: Option<String>,
    /// 5 to 15 digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    imsi: Option<String>,
    status: EquipmentStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

/// What an ECR gets when no rule matches: a status, or `null` for a refusal with
/// DIAMETER_ERROR_EQUIPMENT_UNKNOWN (5422).
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct EirDefault {
    status: Option<EquipmentStatus>,
}

/// One ME-Identity-Check as the EIR answered it.
#[derive(Serialize, ToSchema)]
pub(crate) struct EirCheck {
    /// Its number, in the order checks were recorded.
    seq: u64,
    /// When, in milliseconds since the Unix epoch.
    time_ms: u64,
    imei: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    imsi: Option<String>,
    /// `null`: unknown equipment (5422).
    status: Option<EquipmentStatus>,
    /// The rule that decided; `null`: the default.
    rule: Option<u32>,
    /// The asking node's Origin-Host.
    peer: String,
}

/// The equipment a subscriber was last seen with.
#[derive(Serialize, ToSchema)]
pub(crate) struct SeenEquipment {
    imei: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    software_version: Option<String>,
    /// When, in milliseconds since the Unix epoch.
    time_ms: u64,
    /// Where it was seen: `ecr` or `ulr`.
    source: String,
}

/// Network-Access-Mode.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum NetworkAccessMode {
    PacketAndCircuit,
    OnlyPacket,
}

/// A field of an EPS profile a subscriber may keep its own value of (`apns`: the APN list
/// and the default APN).
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum EpsField {
    UeAmbr,
    NetworkAccessMode,
    Apns,
    PeriodicTauTimer,
    ChargingCharacteristics,
    RoamingProfile,
}

/// A shared EPS profile: the values subscribers naming it in `options.eps_profile` get,
/// except for the fields each lists in `options.eps_overrides`.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct EpsProfile {
    /// Its id (non-zero); the store numbers it when created without one.
    #[serde(default)]
    id: u32,
    /// 1 to 128 octets.
    name: String,
    ue_ambr: AmbrJson,
    network_access_mode: NetworkAccessMode,
    /// The APN profiles (ids), 1 to 32, none twice.
    apns: Vec<u32>,
    /// One of `apns`.
    default_apn: u32,
    /// Subscribed-Periodic-RAU-TAU-Timer, seconds.
    #[serde(default)]
    periodic_tau_timer: Option<u32>,
    /// Four hexadecimal digits.
    #[serde(default)]
    charging_characteristics: Option<String>,
    /// A roaming profile id.
    #[serde(default)]
    roaming_profile: Option<u32>,
}

/// A roaming profile: per visited PLMN, whether data (S6a) and IMS (Cx) are allowed there.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoamingProfile {
    /// Its id (non-zero); the store numbers it when created without one.
    #[serde(default)]
    id: u32,
    /// 1 to 128 octets.
    name: String,
    /// Data (S6a) in a PLMN no rule lists.
    default_data: bool,
    /// IMS (Cx) in a PLMN no rule lists.
    default_ims: bool,
    /// One rule per visited PLMN (at most 2048).
    #[serde(default)]
    rules: Vec<RoamingRule>,
}

/// What a roaming profile allows in one visited PLMN.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoamingRule {
    /// Three digits.
    mcc: String,
    /// Two or three digits.
    mnc: String,
    /// Data (S6a AIR and ULR) allowed.
    data: bool,
    /// IMS (Cx UAR) allowed.
    ims: bool,
}

/// An application server's Sh permissions (TS 29.328 §6.2): the Data-Reference values it may
/// read (UDR), update (PUR) and subscribe to (SNR).
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AsPermissions {
    /// The AS's DiameterIdentity (Origin-Host), or a realm.
    name: String,
    #[serde(default)]
    udr: Vec<u32>,
    #[serde(default)]
    pur: Vec<u32>,
    #[serde(default)]
    snr: Vec<u32>,
}

/// A User-Data template (Jinja2) rendering the Cx User-Data of the IMS subscriptions naming it.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct UserDataTemplate {
    /// Its id (non-zero); the store numbers it when created without one.
    #[serde(default)]
    id: u32,
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    /// The Jinja2 document (at most 64 KiB).
    template: String,
}

/// What the serving MME reported with Notify-Requests.
#[derive(Serialize, ToSchema)]
pub(crate) struct NotifyState {
    /// The PDN GW per APN, newest last.
    pdn_gws: Vec<PdnGw>,
    /// UE-SRVCC-Capability last reported (0 not supported, 1 supported).
    ue_srvcc_capability: Option<u32>,
    /// Homogeneous-Support-of-IMS-Voice-Over-PS-Sessions last reported.
    ims_voice_over_ps: Option<u32>,
    /// Alert-Reason of the last reachability notification.
    alert_reason: Option<u32>,
    /// Maximum-UE-Availability-Time last reported (NTP seconds).
    maximum_ue_availability_time: Option<u32>,
    /// The MME that sent the last notification.
    reported_by: Option<String>,
    /// When, in milliseconds since the Unix epoch (0: never).
    updated_at_ms: u64,
}

/// A PDN GW selected for an APN.
#[derive(Serialize, ToSchema)]
pub(crate) struct PdnGw {
    /// Service-Selection, if the NOR named the APN.
    apn: Option<String>,
    /// Context-Identifier, if the NOR gave it.
    context_identifier: Option<u32>,
    /// MIP-Home-Agent-Addresses.
    addresses: Vec<String>,
    host: Option<String>,
    realm: Option<String>,
}

/// The documents `/sh/subscriber-data` manages, and where each field sits.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FieldMappings {
    /// One entry per Service-Indication.
    documents: Vec<DocumentMapping>,
}

/// The fields of the repository data of one Service-Indication.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DocumentMapping {
    /// The Service-Indication (`MMTEL-Services`).
    service_indication: String,
    /// The default namespace of the document's root element.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    namespace: Option<String>,
    /// Further namespace declarations on the root element.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    prefixes: Vec<PrefixMapping>,
    /// The fields, in document order.
    fields: Vec<FieldMapping>,
}

/// One namespace prefix declaration.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PrefixMapping {
    prefix: String,
    uri: String,
}

/// One named field and its place in the document.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FieldMapping {
    /// The field's name in the API (`cdiv.active`), unique within its document.
    name: String,
    /// Element steps from the root, optionally ending in `@attribute`.
    path: String,
    #[serde(default, rename = "type")]
    kind: FieldKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

/// The type of a field's value.
#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "lowercase")]
pub(crate) enum FieldKind {
    #[default]
    Text,
    Boolean,
    Integer,
    Xml,
}

/// What a token may do: `admin` grants every scope; `write` and `secrets` each grant `read`.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Scope {
    Read,
    Write,
    Secrets,
    Admin,
}

/// An authentication scheme a private identity may use (TS 29.229 §6.3.9).
#[derive(Serialize, Deserialize, ToSchema)]
pub(crate) enum AuthScheme {
    #[serde(rename = "Digest-AKAv1-MD5")]
    DigestAkaV1Md5,
    #[serde(rename = "SIP Digest")]
    SipDigest,
}

/// The registration state of one implicit set (TS 29.328 IMSUserState).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RegistrationState {
    NotRegistered,
    Registered,
    Unregistered,
}

/// An IMS subscription as a request gives it (TS 29.228 Annex B.2).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ImsSubscription {
    /// The EPS subscriber whose USIM it authenticates with (Digest-AKAv1-MD5); absent: SIP
    /// Digest only.
    #[serde(default)]
    imsi: Option<String>,
    private_identities: Vec<PrivateIdentity>,
    public_identities: Vec<PublicIdentity>,
    service_profiles: Vec<ServiceProfile>,
    /// The S-CSCF it is preassigned to (SIP URI).
    #[serde(default)]
    scscf_name: Option<String>,
    #[serde(default)]
    server_capabilities: ServerCapabilities,
    #[serde(default)]
    charging: ChargingAddresses,
    /// Registration through a visited network's P-CSCF; allowed when absent.
    #[serde(default)]
    #[schema(default = true)]
    roaming_allowed: bool,
    /// A User-Data template id rendering its Cx User-Data.
    #[serde(default)]
    user_data_template: Option<u32>,
}

/// A private identity as a request gives it: SIP Digest with `digest_ha1` or, hashed by the
/// API and never stored, `digest_password`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PrivateIdentity {
    /// `user@realm`.
    impi: String,
    /// The schemes a MAR may ask for.
    schemes: Vec<AuthScheme>,
    /// H(A1) = MD5(impi ":" realm ":" password), 32 lowercase hex digits.
    #[serde(default)]
    digest_ha1: Option<String>,
    /// The password, 1 to 1024 octets, instead of `digest_ha1` (write-only).
    #[serde(default)]
    #[schema(write_only)]
    digest_password: Option<String>,
    /// SIP Digest realm; the IMPI's domain when absent.
    #[serde(default)]
    digest_realm: Option<String>,
}

/// A public identity (IMPU): a SIP or tel URI.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PublicIdentity {
    impu: String,
    /// May not be used for sessions, only registered with its implicit set.
    #[serde(default)]
    barred: bool,
    /// Its implicit registration set.
    #[serde(default)]
    implicit_set: u8,
    /// The index of its service profile in `service_profiles`.
    #[serde(default)]
    service_profile: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    msisdn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    display_name: Option<String>,
}

/// What an I-CSCF selects an S-CSCF by (TS 29.229 §6.3.4).
#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct ServerCapabilities {
    #[serde(default)]
    mandatory: Vec<u32>,
    #[serde(default)]
    optional: Vec<u32>,
    /// S-CSCF names (SIP URIs).
    #[serde(default)]
    server_names: Vec<String>,
}

/// The charging function addresses (TS 29.229 §6.3.19), DiameterURIs.
#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChargingAddresses {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    primary_ecf: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secondary_ecf: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    primary_ccf: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secondary_ccf: Option<String>,
}

/// A service profile: the iFCs of the public identities that use it.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ServiceProfile {
    /// Shared iFC sets (ids) whose iFCs it includes.
    #[serde(default)]
    ifc_sets: Vec<u32>,
    /// Its own iFCs.
    #[serde(default)]
    ifcs: Vec<Ifc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    subscribed_media_profile_id: Option<u32>,
}

/// A set of iFCs shared by many service profiles.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct IfcSet {
    /// Its id (non-zero); the store numbers it when created without one.
    #[serde(default)]
    id: u32,
    name: String,
    ifcs: Vec<Ifc>,
}

/// An initial filter criterion (TS 29.228 Annex B.2.2, Annex C).
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Ifc {
    /// Lower is evaluated first; unique within a service profile.
    priority: u32,
    /// Absent: the criterion always matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    trigger_point: Option<TriggerPoint>,
    application_server: ApplicationServer,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    profile_part_indicator: Option<ProfilePart>,
}

/// ProfilePartIndicator.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ProfilePart {
    Registered,
    Unregistered,
}

/// SPTs combined in conjunctive (CNF) or disjunctive (DNF) normal form by their groups.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TriggerPoint {
    condition_type_cnf: bool,
    spts: Vec<Spt>,
}

/// A service point trigger.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spt {
    #[serde(default)]
    condition_negated: bool,
    /// The groups it belongs to; `[0]` when absent.
    #[serde(default)]
    #[schema(default = json!([0]))]
    group: Vec<u32>,
    condition: SptCondition,
}

/// What one SPT tests: exactly one member.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum SptCondition {
    RequestUri(String),
    /// A SIP method (`INVITE`, `MESSAGE`, `REGISTER`, ...).
    Method(String),
    SipHeader(SipHeaderCondition),
    SessionCase(SessionCase),
    SessionDescription(SessionDescriptionCondition),
}

/// A SIP header, and a regular expression on its value.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SipHeaderCondition {
    header: String,
    /// A regular expression on the header's value; absent tests presence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    content: Option<String>,
}

/// An SDP line, and a regular expression on its content.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SessionDescriptionCondition {
    line: String,
    /// A regular expression on the line's content; absent tests presence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    content: Option<String>,
}

/// SessionCase (TS 29.228 Annex C).
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum SessionCase {
    Originating,
    Terminating,
    TerminatingUnregistered,
    OriginatingUnregistered,
    OriginatingCdiv,
}

/// The application server an iFC sends to.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ApplicationServer {
    /// Its SIP URI.
    server_name: String,
    #[serde(default)]
    default_handling: DefaultHandling,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    service_info: Option<String>,
    #[serde(default)]
    include_register_request: bool,
    #[serde(default)]
    include_register_response: bool,
}

/// What the S-CSCF does when the AS does not answer.
#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub(crate) enum DefaultHandling {
    #[default]
    SessionContinued,
    SessionTerminated,
}
