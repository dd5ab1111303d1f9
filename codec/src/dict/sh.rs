//! Sh/Dh application (3GPP TS 29.328 / TS 29.329): the AVPs of TS 29.329 §6.3 and the four
//! command pairs of §6.1.
//!
//! M-bit rules follow TS 29.329 table 6.3.1: User-Identity to Current-Location (700-707) and
//! DSAI-Tag (711) must set it, the others must not. Sh also carries Cx AVPs of TS 29.229
//! (Public-Identity, Server-Name, Wildcarded-Public-Identity, Wildcarded-IMPU, Session-Priority)
//! and External-Identifier of TS 29.336 inside User-Identity, all from `super::tgpp`. MSISDN,
//! which S6a also carries, lives in `super::tgpp` too and is re-exported here.

use super::AvpType::*;
use super::base::{
    AUTH_SESSION_STATE, DESTINATION_HOST, DESTINATION_REALM, EXPERIMENTAL_RESULT, FAILED_AVP,
    ORIGIN_HOST, ORIGIN_REALM, PROXY_INFO, RESULT_CODE, ROUTE_RECORD, SESSION_ID, USER_NAME,
    VENDOR_SPECIFIC_APPLICATION_ID,
};
use super::ietf::{DRMP, LOAD, OC_OLR, OC_SUPPORTED_FEATURES};
pub use super::tgpp::MSISDN;
use super::tgpp::{
    EXTERNAL_IDENTIFIER, PUBLIC_IDENTITY, SERVER_NAME, SESSION_PRIORITY, SUPPORTED_FEATURES,
    WILDCARDED_IMPU, WILDCARDED_PUBLIC_IDENTITY,
};
use super::{Application, AvpDef, CommandDef, MANY, Rule};
use crate::code::{ApplicationId, CommandCode, VendorId};

// TS 29.329 §6.3, M bit must be set.

pub const USER_IDENTITY: AvpDef = AvpDef::tgpp(700, "User-Identity", Grouped).group(&[
    Rule::optional(&PUBLIC_IDENTITY),
    Rule::optional(&MSISDN),
    Rule::optional(&EXTERNAL_IDENTIFIER),
]);
/// Sh User-Data (702), the Sh-Data XML document; Cx has its own User-Data (606).
pub const USER_DATA: AvpDef = AvpDef::tgpp(702, "User-Data", OctetString);
/// TS 29.329 §6.3.4; the meaning of each value is in TS 29.328 §7.6. Value 20 is reserved.
pub const DATA_REFERENCE: AvpDef = AvpDef::tgpp(703, "Data-Reference", Enumerated).values(&[
    (0, "RepositoryData"),
    (10, "IMSPublicIdentity"),
    (11, "IMSUserState"),
    (12, "S-CSCFName"),
    (13, "InitialFilterCriteria"),
    (14, "LocationInformation"),
    (15, "UserState"),
    (16, "ChargingInformation"),
    (17, "MSISDN"),
    (18, "PSIActivation"),
    (19, "DSAI"),
    (21, "ServiceLevelTraceInfo"),
    (22, "IPAddressSecureBindingInformation"),
    (23, "ServicePriorityLevel"),
    (24, "SMSRegistrationInfo"),
    (25, "UEReachabilityForIP"),
    (26, "TADSinformation"),
    (27, "STN-SR"),
    (28, "UE-SRVCC-Capability"),
    (29, "ExtendedPriority"),
    (30, "CSRN"),
    (31, "ReferenceLocationInformation"),
    (32, "IMSI"),
    (33, "IMSPrivateUserIdentity"),
    (34, "IMEISV"),
    (35, "UE-5G-SRVCC-Capability"),
    (36, "ASRegistrationInfo"),
]);
pub const SERVICE_INDICATION: AvpDef = AvpDef::tgpp(704, "Service-Indication", OctetString);
pub const SUBS_REQ_TYPE: AvpDef =
    AvpDef::tgpp(705, "Subs-Req-Type", Enumerated).values(&[(0, "Subscribe"), (1, "Unsubscribe")]);
pub const REQUESTED_DOMAIN: AvpDef =
    AvpDef::tgpp(706, "Requested-Domain", Enumerated).values(&[(0, "CS-Domain"), (1, "PS-Domain")]);
pub const CURRENT_LOCATION: AvpDef = AvpDef::tgpp(707, "Current-Location", Enumerated).values(&[
    (0, "DoNotNeedInitiateActiveLocationRetrieval"),
    (1, "InitiateActiveLocationRetrieval"),
]);
pub const DSAI_TAG: AvpDef = AvpDef::tgpp(711, "DSAI-Tag", OctetString);

// TS 29.329 §6.3, M bit must not be set.

pub const IDENTITY_SET: AvpDef =
    AvpDef::tgpp(708, "Identity-Set", Enumerated).m_must_not().values(&[
        (0, "ALL_IDENTITIES"),
        (1, "REGISTERED_IDENTITIES"),
        (2, "IMPLICIT_IDENTITIES"),
        (3, "ALIAS_IDENTITIES"),
    ]);
pub const EXPIRY_TIME: AvpDef = AvpDef::tgpp(709, "Expiry-Time", Time).m_must_not();
pub const SEND_DATA_INDICATION: AvpDef = AvpDef::tgpp(710, "Send-Data-Indication", Enumerated)
    .m_must_not()
    .values(&[(0, "USER_DATA_NOT_REQUESTED"), (1, "USER_DATA_REQUESTED")]);
pub const ONE_TIME_NOTIFICATION: AvpDef = AvpDef::tgpp(712, "One-Time-Notification", Enumerated)
    .m_must_not()
    .values(&[(0, "ONE_TIME_NOTIFICATION_REQUESTED")]);
/// TS 29.329 §6.3.7A: a bit mask; the names are those of single bits.
pub const REQUESTED_NODES: AvpDef = AvpDef::tgpp(713, "Requested-Nodes", Unsigned32)
    .m_must_not()
    .values(&[(1, "MME"), (2, "SGSN"), (4, "3GPP-AAA-SERVER-TWAN"), (8, "AMF")]);
pub const SERVING_NODE_INDICATION: AvpDef =
    AvpDef::tgpp(714, "Serving-Node-Indication", Enumerated)
        .m_must_not()
        .values(&[(0, "ONLY_SERVING_NODES_REQUIRED")]);
pub const REPOSITORY_DATA_ID: AvpDef = AvpDef::tgpp(715, "Repository-Data-ID", Grouped)
    .m_must_not()
    .group(&[Rule::required(&SERVICE_INDICATION), Rule::required(&SEQUENCE_NUMBER)]);
pub const SEQUENCE_NUMBER: AvpDef = AvpDef::tgpp(716, "Sequence-Number", Unsigned32).m_must_not();
pub const PRE_PAGING_SUPPORTED: AvpDef = AvpDef::tgpp(717, "Pre-paging-Supported", Enumerated)
    .m_must_not()
    .values(&[(0, "PREPAGING_NOT_SUPPORTED"), (1, "PREPAGING_SUPPORTED")]);
pub const LOCAL_TIME_ZONE_INDICATION: AvpDef =
    AvpDef::tgpp(718, "Local-Time-Zone-Indication", Enumerated).m_must_not().values(&[
        (0, "ONLY_LOCAL_TIME_ZONE_REQUESTED"),
        (1, "LOCAL_TIME_ZONE_WITH_LOCATION_INFO_REQUESTED"),
    ]);
/// TS 29.329 §6.3.28: a bit mask; the names are those of single bits.
pub const UDR_FLAGS: AvpDef = AvpDef::tgpp(719, "UDR-Flags", Unsigned32)
    .m_must_not()
    .values(&[(1, "Location-Information-EPS-Supported"), (2, "RAT-Type-Requested")]);
pub const CALL_REFERENCE_INFO: AvpDef = AvpDef::tgpp(720, "Call-Reference-Info", Grouped)
    .m_must_not()
    .group(&[Rule::required(&CALL_REFERENCE_NUMBER), Rule::required(&AS_NUMBER)]);
pub const CALL_REFERENCE_NUMBER: AvpDef =
    AvpDef::tgpp(721, "Call-Reference-Number", OctetString).m_must_not();
pub const AS_NUMBER: AvpDef = AvpDef::tgpp(722, "AS-Number", OctetString).m_must_not();

/// Every AVP of this module.
pub static AVPS: &[AvpDef] = &[
    USER_IDENTITY,
    USER_DATA,
    DATA_REFERENCE,
    SERVICE_INDICATION,
    SUBS_REQ_TYPE,
    REQUESTED_DOMAIN,
    CURRENT_LOCATION,
    DSAI_TAG,
    IDENTITY_SET,
    EXPIRY_TIME,
    SEND_DATA_INDICATION,
    ONE_TIME_NOTIFICATION,
    REQUESTED_NODES,
    SERVING_NODE_INDICATION,
    REPOSITORY_DATA_ID,
    SEQUENCE_NUMBER,
    PRE_PAGING_SUPPORTED,
    LOCAL_TIME_ZONE_INDICATION,
    UDR_FLAGS,
    CALL_REFERENCE_INFO,
    CALL_REFERENCE_NUMBER,
    AS_NUMBER,
];

const fn cmd(
    code: CommandCode,
    name: &'static str,
    request: &'static str,
    answer: &'static str,
    request_rules: &'static [Rule],
    answer_rules: &'static [Rule],
) -> CommandDef {
    CommandDef {
        code,
        application: ApplicationId::SH,
        name,
        request,
        answer,
        proxiable: true,
        request_rules,
        answer_rules,
    }
}

/// The four command pairs of TS 29.329 §6.1 (V19), all with the P bit set.
pub static COMMANDS: &[CommandDef] = &[
    cmd(
        CommandCode::USER_DATA,
        "User-Data",
        "UDR",
        "UDA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::required(&USER_IDENTITY),
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::optional(&WILDCARDED_IMPU),
            Rule::optional(&SERVER_NAME),
            Rule::any(&SERVICE_INDICATION),
            Rule::range(&DATA_REFERENCE, 1, MANY),
            Rule::any(&IDENTITY_SET),
            Rule::optional(&REQUESTED_DOMAIN),
            Rule::optional(&CURRENT_LOCATION),
            Rule::any(&DSAI_TAG),
            Rule::optional(&SESSION_PRIORITY),
            Rule::optional(&USER_NAME),
            Rule::optional(&REQUESTED_NODES),
            Rule::optional(&SERVING_NODE_INDICATION),
            Rule::optional(&PRE_PAGING_SUPPORTED),
            Rule::optional(&LOCAL_TIME_ZONE_INDICATION),
            Rule::optional(&UDR_FLAGS),
            Rule::optional(&CALL_REFERENCE_INFO),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::optional(&WILDCARDED_IMPU),
            Rule::optional(&USER_DATA),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::optional(&OC_OLR),
            Rule::any(&LOAD),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
    cmd(
        CommandCode::PROFILE_UPDATE,
        "Profile-Update",
        "PUR",
        "PUA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::required(&USER_IDENTITY),
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::optional(&WILDCARDED_IMPU),
            Rule::optional(&USER_NAME),
            // More than one only with the Update-Eff-Enhance feature (TS 29.329 §6.1.3 NOTE).
            Rule::range(&DATA_REFERENCE, 1, MANY),
            Rule::required(&USER_DATA),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::optional(&WILDCARDED_IMPU),
            Rule::optional(&REPOSITORY_DATA_ID),
            Rule::optional(&DATA_REFERENCE),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::optional(&OC_OLR),
            Rule::any(&LOAD),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
    cmd(
        CommandCode::SUBSCRIBE_NOTIFICATIONS,
        "Subscribe-Notifications",
        "SNR",
        "SNA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::required(&USER_IDENTITY),
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::optional(&WILDCARDED_IMPU),
            Rule::any(&SERVICE_INDICATION),
            Rule::optional(&SEND_DATA_INDICATION),
            Rule::optional(&SERVER_NAME),
            Rule::required(&SUBS_REQ_TYPE),
            Rule::range(&DATA_REFERENCE, 1, MANY),
            Rule::any(&IDENTITY_SET),
            Rule::optional(&EXPIRY_TIME),
            Rule::any(&DSAI_TAG),
            Rule::optional(&ONE_TIME_NOTIFICATION),
            Rule::optional(&USER_NAME),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::optional(&WILDCARDED_IMPU),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&USER_DATA),
            Rule::optional(&EXPIRY_TIME),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::optional(&OC_OLR),
            Rule::any(&LOAD),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
    cmd(
        CommandCode::PUSH_NOTIFICATION,
        "Push-Notification",
        "PNR",
        "PNA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::required(&USER_IDENTITY),
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::optional(&WILDCARDED_IMPU),
            Rule::optional(&USER_NAME),
            Rule::required(&USER_DATA),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
];

pub const APPLICATION: Application = Application {
    id: ApplicationId::SH,
    name: "3GPP Sh",
    vendor: VendorId::TGPP,
    commands: COMMANDS,
    avps: AVPS,
};
