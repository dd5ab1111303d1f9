//! SWx application (3GPP TS 29.273 §8): the AVPs TS 29.273 defines itself (codes 1500-1542 and
//! 3GPP-AAA-Server-Name, including those of the STa, SWm and S6b reference points that share the
//! table), the RFC 5580, TS 32.299 and ETSI ES 283 034 AVPs inside Access-Network-Info, and the
//! four command pairs of §8.2.2.
//!
//! M-bit rules follow the AVP tables of TS 29.273 (5.2.3.1/1, 7.2.3.1/1, 8.2.3.0/1, 9.2.3.x): the
//! original Rel-8 AVPs (3GPP-AAA-Server-Name, 1500-1504, MIP-FA-RK, MIP-FA-RK-SPI) must set it,
//! every later one must not. AVPs shared with S6a (APN-Configuration, AMBR, Context-Identifier,
//! Terminal-Information, Trace-Data, ...) and with Cx (SIP-Auth-Data-Item, Server-Assignment-Type,
//! Deregistration-Reason) come from `super::tgpp`, which also holds Emergency-Services (carried
//! by S6a too; re-exported here).

use super::AvpType::*;
use super::base::{
    AUTH_SESSION_STATE, DESTINATION_HOST, DESTINATION_REALM, EXPERIMENTAL_RESULT, ORIGIN_HOST,
    ORIGIN_REALM, PROXY_INFO, RESULT_CODE, ROUTE_RECORD, SESSION_ID, SESSION_TIMEOUT, USER_NAME,
    VENDOR_SPECIFIC_APPLICATION_ID,
};
use super::ietf::{
    DRMP, LOAD, MIP6_AGENT_INFO, MIP6_FEATURE_VECTOR, OC_OLR, OC_SUPPORTED_FEATURES,
    SERVICE_SELECTION, SUBSCRIPTION_ID,
};
pub use super::tgpp::EMERGENCY_SERVICES;
use super::tgpp::{
    ACTIVE_APN, AMBR, APN_CONFIGURATION, APN_OI_REPLACEMENT, CONTEXT_IDENTIFIER,
    CORE_NETWORK_RESTRICTIONS, DEREGISTRATION_REASON, EMERGENCY_INFO, LOCAL_TIME_ZONE, PDN_TYPE,
    RAT_TYPE, SERVED_PARTY_IP_ADDRESS, SERVER_ASSIGNMENT_TYPE, SIP_AUTH_DATA_ITEM,
    SIP_NUMBER_AUTH_ITEMS, SUPPORTED_FEATURES, TERMINAL_INFORMATION, TGPP_CHARGING_CHARACTERISTICS,
    TRACE_DATA, TRACE_REFERENCE, UE_USAGE_TYPE, VISITED_NETWORK_IDENTIFIER,
};
use super::{Application, AvpDef, CommandDef, Rule};
use crate::code::{ApplicationId, CommandCode, VendorId};

// TS 29.273 §8.2.3.24 (first defined in TS 29.234): M bit must be set.

pub const TGPP_AAA_SERVER_NAME: AvpDef =
    AvpDef::tgpp(318, "3GPP-AAA-Server-Name", DiameterIdentity);

// TS 29.273 §8.2.3 (SWx) and §5.2.3 (STa): the Rel-8 AVPs, M bit must be set.

pub const NON_3GPP_USER_DATA: AvpDef = AvpDef::tgpp(1500, "Non-3GPP-User-Data", Grouped).group(&[
    Rule::optional(&SUBSCRIPTION_ID),
    Rule::optional(&NON_3GPP_IP_ACCESS),
    Rule::optional(&NON_3GPP_IP_ACCESS_APN),
    Rule::any(&RAT_TYPE),
    Rule::optional(&SESSION_TIMEOUT),
    Rule::optional(&MIP6_FEATURE_VECTOR),
    Rule::optional(&AMBR),
    Rule::optional(&TGPP_CHARGING_CHARACTERISTICS),
    Rule::optional(&CONTEXT_IDENTIFIER),
    Rule::optional(&APN_OI_REPLACEMENT),
    Rule::any(&APN_CONFIGURATION),
    Rule::optional(&TRACE_INFO),
    Rule::optional(&TWAN_DEFAULT_APN_CONTEXT_ID),
    Rule::any(&TWAN_ACCESS_INFO),
    Rule::optional(&UE_USAGE_TYPE),
    Rule::optional(&EMERGENCY_INFO),
    Rule::optional(&ERP_AUTHORIZATION),
    Rule::optional(&CORE_NETWORK_RESTRICTIONS),
]);
pub const NON_3GPP_IP_ACCESS: AvpDef = AvpDef::tgpp(1501, "Non-3GPP-IP-Access", Enumerated)
    .values(&[(0, "NON_3GPP_SUBSCRIPTION_ALLOWED"), (1, "NON_3GPP_SUBSCRIPTION_BARRED")]);
pub const NON_3GPP_IP_ACCESS_APN: AvpDef = AvpDef::tgpp(1502, "Non-3GPP-IP-Access-APN", Enumerated)
    .values(&[(0, "Non_3GPP_APNS_ENABLE"), (1, "Non_3GPP_APNS_DISABLE")]);
pub const AN_TRUSTED: AvpDef =
    AvpDef::tgpp(1503, "AN-Trusted", Enumerated).values(&[(0, "TRUSTED"), (1, "UNTRUSTED")]);
pub const ANID: AvpDef = AvpDef::tgpp(1504, "ANID", Utf8String);
pub const MIP_FA_RK: AvpDef = AvpDef::tgpp(1506, "MIP-FA-RK", OctetString);
pub const MIP_FA_RK_SPI: AvpDef = AvpDef::tgpp(1507, "MIP-FA-RK-SPI", Unsigned32);

// TS 29.273 §5.2.3, §7.2.3, §8.2.3 and §9.2.3: the later AVPs, M bit must not be set. The names
// of the Unsigned32 bit masks are those of single bits.

/// TS 29.273 §8.2.3.13: Trace-Data to activate, Trace-Reference alone to deactivate.
pub const TRACE_INFO: AvpDef = AvpDef::tgpp(1505, "Trace-Info", Grouped)
    .m_must_not()
    .group(&[Rule::optional(&TRACE_DATA), Rule::optional(&TRACE_REFERENCE)]);
pub const PPR_FLAGS: AvpDef = AvpDef::tgpp(1508, "PPR-Flags", Unsigned32).m_must_not().values(&[
    (1, "Reset-Indication"),
    (2, "Access-Network-Info-Request"),
    (4, "UE-Local-Time-Zone-Request"),
    (8, "P-CSCF-Restoration-Request"),
]);
pub const WLAN_IDENTIFIER: AvpDef = AvpDef::tgpp(1509, "WLAN-Identifier", Grouped)
    .m_must_not()
    .group(&[Rule::optional(&SSID), Rule::optional(&HESSID)]);
pub const TWAN_ACCESS_INFO: AvpDef = AvpDef::tgpp(1510, "TWAN-Access-Info", Grouped)
    .m_must_not()
    .group(&[Rule::optional(&ACCESS_AUTHORIZATION_FLAGS), Rule::optional(&WLAN_IDENTIFIER)]);
pub const ACCESS_AUTHORIZATION_FLAGS: AvpDef =
    AvpDef::tgpp(1511, "Access-Authorization-Flags", Unsigned32)
        .m_must_not()
        .values(&[(1, "EPC-Access-Authorization"), (2, "NSWO-Access-Authorization")]);
pub const TWAN_DEFAULT_APN_CONTEXT_ID: AvpDef =
    AvpDef::tgpp(1512, "TWAN-Default-APN-Context-Id", Unsigned32).m_must_not();
pub const FULL_NETWORK_NAME: AvpDef =
    AvpDef::tgpp(1516, "Full-Network-Name", OctetString).m_must_not();
pub const SHORT_NETWORK_NAME: AvpDef =
    AvpDef::tgpp(1517, "Short-Network-Name", OctetString).m_must_not();
pub const AAA_FAILURE_INDICATION: AvpDef = AvpDef::tgpp(1518, "AAA-Failure-Indication", Unsigned32)
    .m_must_not()
    .values(&[(1, "AAA-Failure")]);
pub const TRANSPORT_ACCESS_TYPE: AvpDef =
    AvpDef::tgpp(1519, "Transport-Access-Type", Enumerated).m_must_not().values(&[(0, "BBF")]);
pub const DER_FLAGS: AvpDef = AvpDef::tgpp(1520, "DER-Flags", Unsigned32).m_must_not().values(&[
    (1, "NSWO-Capability-Indication"),
    (2, "TWAN-S2a-Connectivity-Indicator"),
    (4, "IMEI-Check-Required-In-VPLMN"),
    (8, "IMEI-Check-Request-In-VPLMN"),
    (16, "Emergency-Capability-Indication"),
    (32, "ERP-Support-Indication"),
    (64, "ERP-Re-Authentication"),
]);
pub const DEA_FLAGS: AvpDef = AvpDef::tgpp(1521, "DEA-Flags", Unsigned32).m_must_not().values(&[
    (1, "NSWO-Authorization"),
    (2, "TWAN-S2a-Connectivity-Indicator"),
    (4, "IMEI-Check-Request-In-VPLMN"),
]);
pub const RAR_FLAGS: AvpDef = AvpDef::tgpp(1522, "RAR-Flags", Unsigned32).m_must_not();
pub const DER_S6B_FLAGS: AvpDef = AvpDef::tgpp(1523, "DER-S6b-Flags", Unsigned32).m_must_not();
pub const SSID: AvpDef = AvpDef::tgpp(1524, "SSID", Utf8String).m_must_not();
pub const HESSID: AvpDef = AvpDef::tgpp(1525, "HESSID", Utf8String).m_must_not();
pub const ACCESS_NETWORK_INFO: AvpDef =
    AvpDef::tgpp(1526, "Access-Network-Info", Grouped).m_must_not().group(&[
        Rule::optional(&SSID),
        Rule::optional(&BSSID),
        Rule::optional(&LOCATION_INFORMATION),
        Rule::optional(&LOCATION_DATA),
        Rule::optional(&OPERATOR_NAME),
        Rule::optional(&LOGICAL_ACCESS_ID),
    ]);
pub const TWAN_CONNECTION_MODE: AvpDef = AvpDef::tgpp(1527, "TWAN-Connection-Mode", Unsigned32)
    .m_must_not()
    .values(&[(1, "TSC-MODE"), (2, "SC-MODE"), (4, "MC-MODE")]);
pub const TWAN_CONNECTIVITY_PARAMETERS: AvpDef =
    AvpDef::tgpp(1528, "TWAN-Connectivity-Parameters", Grouped).m_must_not().group(&[
        Rule::optional(&CONNECTIVITY_FLAGS),
        Rule::optional(&SERVICE_SELECTION),
        Rule::optional(&PDN_TYPE),
        Rule::range(&SERVED_PARTY_IP_ADDRESS, 0, 2),
        Rule::optional(&TWAN_PCO),
        Rule::optional(&TWAG_UP_ADDRESS),
        Rule::optional(&TWAN_S2A_FAILURE_CAUSE),
        Rule::optional(&SM_BACK_OFF_TIMER),
    ]);
pub const CONNECTIVITY_FLAGS: AvpDef = AvpDef::tgpp(1529, "Connectivity-Flags", Unsigned32)
    .m_must_not()
    .values(&[(1, "Initial-Attach-Indicator")]);
pub const TWAN_PCO: AvpDef = AvpDef::tgpp(1530, "TWAN-PCO", OctetString).m_must_not();
pub const TWAG_CP_ADDRESS: AvpDef = AvpDef::tgpp(1531, "TWAG-CP-Address", Address).m_must_not();
pub const TWAG_UP_ADDRESS: AvpDef = AvpDef::tgpp(1532, "TWAG-UP-Address", Utf8String).m_must_not();
pub const TWAN_S2A_FAILURE_CAUSE: AvpDef =
    AvpDef::tgpp(1533, "TWAN-S2a-Failure-Cause", Unsigned32).m_must_not();
pub const SM_BACK_OFF_TIMER: AvpDef =
    AvpDef::tgpp(1534, "SM-Back-Off-Timer", Unsigned32).m_must_not();
pub const WLCP_KEY: AvpDef = AvpDef::tgpp(1535, "WLCP-Key", OctetString).m_must_not();
pub const ORIGINATION_TIME_STAMP: AvpDef =
    AvpDef::tgpp(1536, "Origination-Time-Stamp", Unsigned64).m_must_not();
pub const MAXIMUM_WAIT_TIME: AvpDef =
    AvpDef::tgpp(1537, "Maximum-Wait-Time", Unsigned32).m_must_not();
pub const AAR_FLAGS: AvpDef = AvpDef::tgpp(1539, "AAR-Flags", Unsigned32).m_must_not();
pub const IMEI_CHECK_IN_VPLMN_RESULT: AvpDef =
    AvpDef::tgpp(1540, "IMEI-Check-In-VPLMN-Result", Unsigned32).m_must_not();
pub const ERP_AUTHORIZATION: AvpDef = AvpDef::tgpp(1541, "ERP-Authorization", Unsigned32)
    .m_must_not()
    .values(&[(0, "ERP_NOT_AUTHORIZED"), (1, "ERP_AUTHORIZED")]);
pub const HIGH_PRIORITY_ACCESS_INFO: AvpDef =
    AvpDef::tgpp(1542, "High-Priority-Access-Info", Unsigned32).m_must_not();

// Children of Access-Network-Info (TS 29.273 §5.2.3.24) defined elsewhere.

/// RFC 5580 §4.1 (Diameter: §5): M bit must be set.
pub const OPERATOR_NAME: AvpDef = AvpDef::ietf(126, "Operator-Name", OctetString);
/// RFC 5580 §4.2.
pub const LOCATION_INFORMATION: AvpDef = AvpDef::ietf(127, "Location-Information", OctetString);
/// RFC 5580 §4.3.
pub const LOCATION_DATA: AvpDef = AvpDef::ietf(128, "Location-Data", OctetString);
/// TS 32.299 §7.2.31A.
pub const BSSID: AvpDef = AvpDef::tgpp(2716, "BSSID", Utf8String).m_must_not();
/// ETSI ES 283 034 §7.3.3: ETSI vendor, M bit must not be set.
pub const LOGICAL_ACCESS_ID: AvpDef =
    AvpDef::vendor(302, VendorId::ETSI, "Logical-Access-ID", OctetString).m_must_not();

/// Every AVP of this module.
pub static AVPS: &[AvpDef] = &[
    TGPP_AAA_SERVER_NAME,
    NON_3GPP_USER_DATA,
    NON_3GPP_IP_ACCESS,
    NON_3GPP_IP_ACCESS_APN,
    AN_TRUSTED,
    ANID,
    MIP_FA_RK,
    MIP_FA_RK_SPI,
    TRACE_INFO,
    PPR_FLAGS,
    WLAN_IDENTIFIER,
    TWAN_ACCESS_INFO,
    ACCESS_AUTHORIZATION_FLAGS,
    TWAN_DEFAULT_APN_CONTEXT_ID,
    FULL_NETWORK_NAME,
    SHORT_NETWORK_NAME,
    AAA_FAILURE_INDICATION,
    TRANSPORT_ACCESS_TYPE,
    DER_FLAGS,
    DEA_FLAGS,
    RAR_FLAGS,
    DER_S6B_FLAGS,
    SSID,
    HESSID,
    ACCESS_NETWORK_INFO,
    TWAN_CONNECTION_MODE,
    TWAN_CONNECTIVITY_PARAMETERS,
    CONNECTIVITY_FLAGS,
    TWAN_PCO,
    TWAG_CP_ADDRESS,
    TWAG_UP_ADDRESS,
    TWAN_S2A_FAILURE_CAUSE,
    SM_BACK_OFF_TIMER,
    WLCP_KEY,
    ORIGINATION_TIME_STAMP,
    MAXIMUM_WAIT_TIME,
    AAR_FLAGS,
    IMEI_CHECK_IN_VPLMN_RESULT,
    ERP_AUTHORIZATION,
    HIGH_PRIORITY_ACCESS_INFO,
    OPERATOR_NAME,
    LOCATION_INFORMATION,
    LOCATION_DATA,
    BSSID,
    LOGICAL_ACCESS_ID,
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
        application: ApplicationId::SWX,
        name,
        request,
        answer,
        proxiable: true,
        request_rules,
        answer_rules,
    }
}

/// The four command pairs of TS 29.273 §8.2.2. The spec closes each format with "…" before
/// `*[ AVP ]`; the Proxy-Info and Route-Record lines of RFC 6733 stand for it here.
pub static COMMANDS: &[CommandDef] = &[
    cmd(
        CommandCode::MULTIMEDIA_AUTH,
        "Multimedia-Auth",
        "MAR",
        "MAA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_REALM),
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&USER_NAME),
            Rule::optional(&RAT_TYPE),
            Rule::optional(&AN_TRUSTED),
            Rule::optional(&ANID),
            Rule::optional(&VISITED_NETWORK_IDENTIFIER),
            Rule::optional(&TERMINAL_INFORMATION),
            Rule::required(&SIP_AUTH_DATA_ITEM),
            Rule::required(&SIP_NUMBER_AUTH_ITEMS),
            Rule::optional(&AAA_FAILURE_INDICATION),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::any(&SUPPORTED_FEATURES),
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
            Rule::required(&USER_NAME),
            Rule::optional(&SIP_NUMBER_AUTH_ITEMS),
            Rule::any(&SIP_AUTH_DATA_ITEM),
            Rule::optional(&TGPP_AAA_SERVER_NAME),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::optional(&OC_OLR),
            Rule::any(&LOAD),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
    cmd(
        CommandCode::SERVER_ASSIGNMENT,
        "Server-Assignment",
        "SAR",
        "SAA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::optional(&SERVICE_SELECTION),
            Rule::optional(&CONTEXT_IDENTIFIER),
            Rule::optional(&MIP6_AGENT_INFO),
            Rule::optional(&VISITED_NETWORK_IDENTIFIER),
            Rule::required(&USER_NAME),
            Rule::required(&SERVER_ASSIGNMENT_TYPE),
            Rule::any(&ACTIVE_APN),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&TERMINAL_INFORMATION),
            Rule::optional(&EMERGENCY_SERVICES),
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
            Rule::required(&USER_NAME),
            Rule::optional(&NON_3GPP_USER_DATA),
            Rule::optional(&TGPP_AAA_SERVER_NAME),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::optional(&OC_OLR),
            Rule::any(&LOAD),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
    cmd(
        CommandCode::REGISTRATION_TERMINATION,
        "Registration-Termination",
        "RTR",
        "RTA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&USER_NAME),
            Rule::required(&DEREGISTRATION_REASON),
            Rule::any(&SUPPORTED_FEATURES),
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
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
    cmd(
        CommandCode::PUSH_PROFILE,
        "Push-Profile",
        "PPR",
        "PPA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&USER_NAME),
            Rule::optional(&NON_3GPP_USER_DATA),
            Rule::optional(&PPR_FLAGS),
            Rule::any(&SUPPORTED_FEATURES),
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
            Rule::optional(&ACCESS_NETWORK_INFO),
            Rule::optional(&LOCAL_TIME_ZONE),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
];

pub const APPLICATION: Application = Application {
    id: ApplicationId::SWX,
    name: "3GPP SWx",
    vendor: VendorId::TGPP,
    commands: COMMANDS,
    avps: AVPS,
};
