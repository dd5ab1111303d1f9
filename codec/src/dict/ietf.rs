//! IETF AVPs beyond the base protocol that the 3GPP HSS interfaces import: the framed-address
//! (RFC 7155) and digest (RFC 4740 / RFC 5090) AVPs inside SIP-Auth-Data-Item, Mobile IPv4/IPv6
//! (RFC 4004, RFC 5447), Service-Selection (RFC 5778), Subscription-Id (RFC 4006 / RFC 8506),
//! the time-of-day conditions of RFC 5777, DRMP (RFC 7944), DOIC (RFC 7683, RFC 8581) and Load
//! (RFC 8583).
//!
//! None of these AVPs carry a Vendor-Id. The DRMP, DOIC and Load AVPs must not set the M bit
//! (RFC 7944 and the 3GPP re-use tables); RFC 5777 leaves the M bit of the time-of-day AVPs to the
//! application, so they are sent without it; the others must set it.

use super::AvpType::*;
use super::base::{DESTINATION_HOST, DESTINATION_REALM};
use super::{Application, AvpDef, CommandDef, Rule};
use crate::code::{ApplicationId, VendorId};

// RFC 7155 §4.4: NASS-bundled authentication (TS 29.229 §6.3.13).

pub const FRAMED_IP_ADDRESS: AvpDef = AvpDef::ietf(8, "Framed-IP-Address", OctetString);
pub const FRAMED_INTERFACE_ID: AvpDef = AvpDef::ietf(96, "Framed-Interface-Id", Unsigned64);
pub const FRAMED_IPV6_PREFIX: AvpDef = AvpDef::ietf(97, "Framed-IPv6-Prefix", OctetString);

// RFC 4740 §9.5.6 / RFC 5090: digest AVPs inside SIP-Digest-Authenticate (TS 29.229 §6.3.36).

pub const DIGEST_REALM: AvpDef = AvpDef::ietf(104, "Digest-Realm", Utf8String);
pub const DIGEST_QOP: AvpDef = AvpDef::ietf(110, "Digest-QoP", Utf8String);
pub const DIGEST_ALGORITHM: AvpDef = AvpDef::ietf(111, "Digest-Algorithm", Utf8String);
pub const DIGEST_HA1: AvpDef = AvpDef::ietf(121, "Digest-HA1", Utf8String);

// RFC 5447 §4.2-4.3: Mobile IPv6 bootstrapping.

pub const MIP6_FEATURE_VECTOR: AvpDef = AvpDef::ietf(124, "MIP6-Feature-Vector", Unsigned64);
pub const MIP6_HOME_LINK_PREFIX: AvpDef = AvpDef::ietf(125, "MIP6-Home-Link-Prefix", OctetString);

// RFC 7944 §9.1.

pub const DRMP: AvpDef = AvpDef::ietf(301, "DRMP", Enumerated).m_must_not().values(&[
    (0, "PRIORITY_0"),
    (1, "PRIORITY_1"),
    (2, "PRIORITY_2"),
    (3, "PRIORITY_3"),
    (4, "PRIORITY_4"),
    (5, "PRIORITY_5"),
    (6, "PRIORITY_6"),
    (7, "PRIORITY_7"),
    (8, "PRIORITY_8"),
    (9, "PRIORITY_9"),
    (10, "PRIORITY_10"),
    (11, "PRIORITY_11"),
    (12, "PRIORITY_12"),
    (13, "PRIORITY_13"),
    (14, "PRIORITY_14"),
    (15, "PRIORITY_15"),
]);

// RFC 4004 §7.4 and §7.11: Mobile IPv4 home agent.

pub const MIP_HOME_AGENT_ADDRESS: AvpDef = AvpDef::ietf(334, "MIP-Home-Agent-Address", Address);
pub const MIP_HOME_AGENT_HOST: AvpDef = AvpDef::ietf(348, "MIP-Home-Agent-Host", Grouped)
    .group(&[Rule::required(&DESTINATION_REALM), Rule::required(&DESTINATION_HOST)]);

// RFC 4006 §8.46-8.48 (RFC 8506): subscription identifiers.

pub const SUBSCRIPTION_ID: AvpDef = AvpDef::ietf(443, "Subscription-Id", Grouped)
    .group(&[Rule::required(&SUBSCRIPTION_ID_TYPE), Rule::required(&SUBSCRIPTION_ID_DATA)]);
pub const SUBSCRIPTION_ID_DATA: AvpDef = AvpDef::ietf(444, "Subscription-Id-Data", Utf8String);
pub const SUBSCRIPTION_ID_TYPE: AvpDef = AvpDef::ietf(450, "Subscription-Id-Type", Enumerated)
    .values(&[
        (0, "END_USER_E164"),
        (1, "END_USER_IMSI"),
        (2, "END_USER_SIP_URI"),
        (3, "END_USER_NAI"),
        (4, "END_USER_PRIVATE"),
    ]);

// RFC 5447 §4.2.1: MIP6-Agent-Info.

pub const MIP6_AGENT_INFO: AvpDef = AvpDef::ietf(486, "MIP6-Agent-Info", Grouped).group(&[
    Rule::range(&MIP_HOME_AGENT_ADDRESS, 0, 2),
    Rule::optional(&MIP_HOME_AGENT_HOST),
    Rule::optional(&MIP6_HOME_LINK_PREFIX),
]);

// RFC 5778 §6.2.

pub const SERVICE_SELECTION: AvpDef = AvpDef::ietf(493, "Service-Selection", Utf8String);

// RFC 5777 §4.2.1-4.2.3: time-of-day conditions (used by TS 29.336 Scheduled-Communication-Time).

pub const TIME_OF_DAY_START: AvpDef = AvpDef::ietf(561, "Time-Of-Day-Start", Unsigned32).m_may();
pub const TIME_OF_DAY_END: AvpDef = AvpDef::ietf(562, "Time-Of-Day-End", Unsigned32).m_may();
pub const DAY_OF_WEEK_MASK: AvpDef = AvpDef::ietf(563, "Day-Of-Week-Mask", Unsigned32).m_may();

// RFC 7683 §7: Diameter Overload Indication Conveyance.

pub const OC_SUPPORTED_FEATURES: AvpDef = AvpDef::ietf(621, "OC-Supported-Features", Grouped)
    .m_must_not()
    .group(&[Rule::optional(&OC_FEATURE_VECTOR), Rule::optional(&OC_PEER_ALGO)]);
pub const OC_FEATURE_VECTOR: AvpDef =
    AvpDef::ietf(622, "OC-Feature-Vector", Unsigned64).m_must_not();
pub const OC_OLR: AvpDef = AvpDef::ietf(623, "OC-OLR", Grouped).m_must_not().group(&[
    Rule::required(&OC_SEQUENCE_NUMBER),
    Rule::required(&OC_REPORT_TYPE),
    Rule::optional(&OC_REDUCTION_PERCENTAGE),
    Rule::optional(&OC_VALIDITY_DURATION),
    Rule::optional(&SOURCE_ID),
]);
pub const OC_SEQUENCE_NUMBER: AvpDef =
    AvpDef::ietf(624, "OC-Sequence-Number", Unsigned64).m_must_not();
pub const OC_VALIDITY_DURATION: AvpDef =
    AvpDef::ietf(625, "OC-Validity-Duration", Unsigned32).m_must_not();
pub const OC_REPORT_TYPE: AvpDef = AvpDef::ietf(626, "OC-Report-Type", Enumerated)
    .m_must_not()
    .values(&[(0, "HOST_REPORT"), (1, "REALM_REPORT"), (2, "PEER_REPORT")]);
pub const OC_REDUCTION_PERCENTAGE: AvpDef =
    AvpDef::ietf(627, "OC-Reduction-Percentage", Unsigned32).m_must_not();

// RFC 8581 §6 (DOIC peer reports) and RFC 8583 §7 (load information).

pub const OC_PEER_ALGO: AvpDef = AvpDef::ietf(648, "OC-Peer-Algo", Unsigned64).m_must_not();
pub const SOURCE_ID: AvpDef = AvpDef::ietf(649, "SourceID", DiameterIdentity).m_must_not();
pub const LOAD: AvpDef = AvpDef::ietf(650, "Load", Grouped).m_must_not().group(&[
    Rule::optional(&LOAD_TYPE),
    Rule::optional(&LOAD_VALUE),
    Rule::optional(&SOURCE_ID),
]);
pub const LOAD_TYPE: AvpDef =
    AvpDef::ietf(651, "Load-Type", Enumerated).m_must_not().values(&[(0, "HOST"), (1, "PEER")]);
pub const LOAD_VALUE: AvpDef = AvpDef::ietf(652, "Load-Value", Unsigned64).m_must_not();

/// Every AVP of this module.
pub static AVPS: &[AvpDef] = &[
    FRAMED_IP_ADDRESS,
    FRAMED_INTERFACE_ID,
    FRAMED_IPV6_PREFIX,
    DIGEST_REALM,
    DIGEST_QOP,
    DIGEST_ALGORITHM,
    DIGEST_HA1,
    MIP6_FEATURE_VECTOR,
    MIP6_HOME_LINK_PREFIX,
    DRMP,
    MIP_HOME_AGENT_ADDRESS,
    MIP_HOME_AGENT_HOST,
    SUBSCRIPTION_ID,
    SUBSCRIPTION_ID_DATA,
    SUBSCRIPTION_ID_TYPE,
    MIP6_AGENT_INFO,
    SERVICE_SELECTION,
    TIME_OF_DAY_START,
    TIME_OF_DAY_END,
    DAY_OF_WEEK_MASK,
    OC_SUPPORTED_FEATURES,
    OC_FEATURE_VECTOR,
    OC_OLR,
    OC_SEQUENCE_NUMBER,
    OC_VALIDITY_DURATION,
    OC_REPORT_TYPE,
    OC_REDUCTION_PERCENTAGE,
    OC_PEER_ALGO,
    SOURCE_ID,
    LOAD,
    LOAD_TYPE,
    LOAD_VALUE,
];

/// No commands: these AVPs travel in the messages of the 3GPP applications.
pub static COMMANDS: &[CommandDef] = &[];

pub const APPLICATION: Application = Application {
    id: ApplicationId(0),
    name: "IETF AVPs used by 3GPP interfaces",
    vendor: VendorId::IETF,
    commands: COMMANDS,
    avps: AVPS,
};
