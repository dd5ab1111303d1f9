//! S6a/S6d application (3GPP TS 29.272): every AVP of §7.3 table 7.3.1/1 except Equipment-Status,
//! which only S13 uses (see `super::s13`), and the eight command pairs of §7.2 (ULR/ULA, CLR/CLA,
//! AIR/AIA, IDR/IDA, DSR/DSA, PUR/PUA, RSR/RSA, NOR/NOA), transcribed from TS 29.272 V19.
//!
//! M-bit rules follow table 7.3.1/1: the AVPs up to IDR-Flags (1490), UVR-Flags, UVA-Flags and
//! VPLMN-CSG-Subscription-Data must set it; User-Id and every AVP from ICS-Indicator (1491) on
//! must not. AVPs the spec re-uses from other specifications (table 7.3.1/2) live in
//! `super::ietf`, `super::tgpp`, `super::cx` (Confidentiality-Key, Integrity-Key), `super::sh`
//! (MSISDN) and `super::swx` (Emergency-Services). Grouped AVPs list their children; the `*[ AVP ]` extension point of each ABNF is
//! implicit, since unknown AVPs without the M bit are always accepted.

use super::AvpType::*;
use super::base::{
    AUTH_SESSION_STATE, DESTINATION_HOST, DESTINATION_REALM, EXPERIMENTAL_RESULT, FAILED_AVP,
    ORIGIN_HOST, ORIGIN_REALM, PROXY_INFO, RESULT_CODE, ROUTE_RECORD, SESSION_ID, USER_NAME,
    VENDOR_SPECIFIC_APPLICATION_ID,
};
use super::cx::{CONFIDENTIALITY_KEY, INTEGRITY_KEY};
use super::ietf::{DRMP, LOAD, MIP6_AGENT_INFO, OC_OLR, OC_SUPPORTED_FEATURES, SERVICE_SELECTION};
use super::sh::MSISDN;
use super::swx::EMERGENCY_SERVICES;
use super::tgpp::{
    ACTIVE_TIME, AESE_COMMUNICATION_PATTERN, ALLOCATION_RETENTION_PRIORITY, ENODEB_ID,
    EXTENDED_ENODEB_ID, EXTENDED_MAX_REQUESTED_BW_DL, EXTENDED_MAX_REQUESTED_BW_UL,
    EXTERNAL_IDENTIFIER, GMLC_ADDRESS, MAX_REQUESTED_BANDWIDTH_DL, MAX_REQUESTED_BANDWIDTH_UL,
    MAXIMUM_UE_AVAILABILITY_TIME, MONITORING_EVENT_CONFIG_STATUS, MONITORING_EVENT_CONFIGURATION,
    MONITORING_EVENT_REPORT, PDP_ADDRESS, PROSE_SUBSCRIPTION_DATA, QOS_CLASS_IDENTIFIER, RAT_TYPE,
    SCEF_ID, SERVED_PARTY_IP_ADDRESS, SUPPORTED_FEATURES, SUPPORTED_SERVICES,
    TGPP_CHARGING_CHARACTERISTICS, USER_CSG_INFORMATION, VISITED_NETWORK_IDENTIFIER,
};
use super::{Application, AvpDef, CommandDef, MANY, Rule};
use crate::code::{ApplicationId, CommandCode, VendorId};

// §7.3.2-7.3.90: AVPs 1400-1490, M bit set (except User-Id).

pub const SUBSCRIPTION_DATA: AvpDef = AvpDef::tgpp(1400, "Subscription-Data", Grouped).group(&[
    Rule::optional(&SUBSCRIBER_STATUS),
    Rule::optional(&MSISDN),
    Rule::optional(&A_MSISDN),
    Rule::optional(&STN_SR),
    Rule::optional(&ICS_INDICATOR),
    Rule::optional(&NETWORK_ACCESS_MODE),
    Rule::optional(&OPERATOR_DETERMINED_BARRING),
    Rule::optional(&HPLMN_ODB),
    Rule::range(&REGIONAL_SUBSCRIPTION_ZONE_CODE, 0, 10),
    Rule::optional(&ACCESS_RESTRICTION_DATA),
    Rule::optional(&APN_OI_REPLACEMENT),
    Rule::optional(&LCS_INFO),
    Rule::optional(&TELESERVICE_LIST),
    Rule::any(&CALL_BARRING_INFO),
    Rule::optional(&TGPP_CHARGING_CHARACTERISTICS),
    Rule::optional(&AMBR),
    Rule::optional(&APN_CONFIGURATION_PROFILE),
    Rule::optional(&RAT_FREQUENCY_SELECTION_PRIORITY_ID),
    Rule::optional(&TRACE_DATA),
    Rule::optional(&GPRS_SUBSCRIPTION_DATA),
    Rule::any(&CSG_SUBSCRIPTION_DATA),
    Rule::optional(&ROAMING_RESTRICTED_DUE_TO_UNSUPPORTED_FEATURE),
    Rule::optional(&SUBSCRIBED_PERIODIC_RAU_TAU_TIMER),
    Rule::optional(&MPS_PRIORITY),
    Rule::optional(&VPLMN_LIPA_ALLOWED),
    Rule::optional(&RELAY_NODE_INDICATOR),
    Rule::optional(&MDT_USER_CONSENT),
    Rule::optional(&SUBSCRIBED_VSRVCC),
    Rule::optional(&PROSE_SUBSCRIPTION_DATA),
    Rule::optional(&SUBSCRIPTION_DATA_FLAGS),
    Rule::any(&ADJACENT_ACCESS_RESTRICTION_DATA),
    Rule::optional(&DL_BUFFERING_SUGGESTED_PACKET_COUNT),
    Rule::any(&IMSI_GROUP_ID),
    Rule::optional(&UE_USAGE_TYPE),
    Rule::any(&AESE_COMMUNICATION_PATTERN),
    Rule::any(&MONITORING_EVENT_CONFIGURATION),
    Rule::optional(&EMERGENCY_INFO),
    Rule::optional(&V2X_SUBSCRIPTION_DATA),
    Rule::optional(&V2X_SUBSCRIPTION_DATA_NR),
    Rule::any(&EDRX_CYCLE_LENGTH),
    Rule::optional(&EXTERNAL_IDENTIFIER),
    Rule::optional(&ACTIVE_TIME),
    Rule::optional(&SERVICE_GAP_TIME),
    Rule::optional(&BROADCAST_LOCATION_ASSISTANCE_DATA_TYPES),
    Rule::optional(&AERIAL_UE_SUBSCRIPTION_INFORMATION),
    Rule::optional(&CORE_NETWORK_RESTRICTIONS),
    Rule::any(&PAGING_TIME_WINDOW),
    Rule::optional(&SUBSCRIBED_ARPI),
    Rule::optional(&IAB_OPERATION_PERMISSION),
]);
pub const TERMINAL_INFORMATION: AvpDef =
    AvpDef::tgpp(1401, "Terminal-Information", Grouped).group(&[
        Rule::optional(&IMEI),
        Rule::optional(&TGPP2_MEID),
        Rule::optional(&SOFTWARE_VERSION),
    ]);
pub const IMEI: AvpDef = AvpDef::tgpp(1402, "IMEI", Utf8String);
pub const SOFTWARE_VERSION: AvpDef = AvpDef::tgpp(1403, "Software-Version", Utf8String);
pub const QOS_SUBSCRIBED: AvpDef = AvpDef::tgpp(1404, "QoS-Subscribed", OctetString);
pub const ULR_FLAGS: AvpDef = AvpDef::tgpp(1405, "ULR-Flags", Unsigned32);
pub const ULA_FLAGS: AvpDef = AvpDef::tgpp(1406, "ULA-Flags", Unsigned32);
pub const VISITED_PLMN_ID: AvpDef = AvpDef::tgpp(1407, "Visited-PLMN-Id", OctetString);
pub const REQUESTED_EUTRAN_AUTHENTICATION_INFO: AvpDef =
    AvpDef::tgpp(1408, "Requested-EUTRAN-Authentication-Info", Grouped).group(&[
        Rule::optional(&NUMBER_OF_REQUESTED_VECTORS),
        Rule::optional(&IMMEDIATE_RESPONSE_PREFERRED),
        Rule::optional(&RE_SYNCHRONIZATION_INFO),
    ]);
pub const REQUESTED_UTRAN_GERAN_AUTHENTICATION_INFO: AvpDef =
    AvpDef::tgpp(1409, "Requested-UTRAN-GERAN-Authentication-Info", Grouped).group(&[
        Rule::optional(&NUMBER_OF_REQUESTED_VECTORS),
        Rule::optional(&IMMEDIATE_RESPONSE_PREFERRED),
        Rule::optional(&RE_SYNCHRONIZATION_INFO),
    ]);
pub const NUMBER_OF_REQUESTED_VECTORS: AvpDef =
    AvpDef::tgpp(1410, "Number-Of-Requested-Vectors", Unsigned32);
pub const RE_SYNCHRONIZATION_INFO: AvpDef =
    AvpDef::tgpp(1411, "Re-Synchronization-Info", OctetString);
pub const IMMEDIATE_RESPONSE_PREFERRED: AvpDef =
    AvpDef::tgpp(1412, "Immediate-Response-Preferred", Unsigned32);
pub const AUTHENTICATION_INFO: AvpDef = AvpDef::tgpp(1413, "Authentication-Info", Grouped)
    .group(&[Rule::any(&E_UTRAN_VECTOR), Rule::any(&UTRAN_VECTOR), Rule::any(&GERAN_VECTOR)]);
pub const E_UTRAN_VECTOR: AvpDef = AvpDef::tgpp(1414, "E-UTRAN-Vector", Grouped).group(&[
    Rule::optional(&ITEM_NUMBER),
    Rule::required(&RAND),
    Rule::required(&XRES),
    Rule::required(&AUTN),
    Rule::required(&KASME),
]);
pub const UTRAN_VECTOR: AvpDef = AvpDef::tgpp(1415, "UTRAN-Vector", Grouped).group(&[
    Rule::optional(&ITEM_NUMBER),
    Rule::required(&RAND),
    Rule::required(&XRES),
    Rule::required(&AUTN),
    Rule::required(&CONFIDENTIALITY_KEY),
    Rule::required(&INTEGRITY_KEY),
]);
pub const GERAN_VECTOR: AvpDef = AvpDef::tgpp(1416, "GERAN-Vector", Grouped).group(&[
    Rule::optional(&ITEM_NUMBER),
    Rule::required(&RAND),
    Rule::required(&SRES),
    Rule::required(&KC),
]);
pub const NETWORK_ACCESS_MODE: AvpDef = AvpDef::tgpp(1417, "Network-Access-Mode", Enumerated)
    .values(&[(0, "PACKET_AND_CIRCUIT"), (1, "Reserved"), (2, "ONLY_PACKET")]);
pub const HPLMN_ODB: AvpDef = AvpDef::tgpp(1418, "HPLMN-ODB", Unsigned32);
pub const ITEM_NUMBER: AvpDef = AvpDef::tgpp(1419, "Item-Number", Unsigned32);
pub const CANCELLATION_TYPE: AvpDef =
    AvpDef::tgpp(1420, "Cancellation-Type", Enumerated).values(&[
        (0, "MME_UPDATE_PROCEDURE"),
        (1, "SGSN_UPDATE_PROCEDURE"),
        (2, "SUBSCRIPTION_WITHDRAWAL"),
        (3, "UPDATE_PROCEDURE_IWF"),
        (4, "INITIAL_ATTACH_PROCEDURE"),
    ]);
pub const DSR_FLAGS: AvpDef = AvpDef::tgpp(1421, "DSR-Flags", Unsigned32);
pub const DSA_FLAGS: AvpDef = AvpDef::tgpp(1422, "DSA-Flags", Unsigned32);
pub const CONTEXT_IDENTIFIER: AvpDef = AvpDef::tgpp(1423, "Context-Identifier", Unsigned32);
pub const SUBSCRIBER_STATUS: AvpDef = AvpDef::tgpp(1424, "Subscriber-Status", Enumerated)
    .values(&[(0, "SERVICE_GRANTED"), (1, "OPERATOR_DETERMINED_BARRING")]);
pub const OPERATOR_DETERMINED_BARRING: AvpDef =
    AvpDef::tgpp(1425, "Operator-Determined-Barring", Unsigned32);
pub const ACCESS_RESTRICTION_DATA: AvpDef =
    AvpDef::tgpp(1426, "Access-Restriction-Data", Unsigned32);
pub const APN_OI_REPLACEMENT: AvpDef = AvpDef::tgpp(1427, "APN-OI-Replacement", Utf8String);
pub const ALL_APN_CONFIGURATIONS_INCLUDED_INDICATOR: AvpDef =
    AvpDef::tgpp(1428, "All-APN-Configurations-Included-Indicator", Enumerated).values(&[
        (0, "All_APN_CONFIGURATIONS_INCLUDED"),
        (1, "MODIFIED/ADDED_APN_CONFIGURATIONS_INCLUDED"),
    ]);
pub const APN_CONFIGURATION_PROFILE: AvpDef =
    AvpDef::tgpp(1429, "APN-Configuration-Profile", Grouped).group(&[
        Rule::required(&CONTEXT_IDENTIFIER),
        Rule::optional(&ADDITIONAL_CONTEXT_IDENTIFIER),
        Rule::optional(&THIRD_CONTEXT_IDENTIFIER),
        Rule::required(&ALL_APN_CONFIGURATIONS_INCLUDED_INDICATOR),
        Rule::range(&APN_CONFIGURATION, 1, MANY),
    ]);
pub const APN_CONFIGURATION: AvpDef = AvpDef::tgpp(1430, "APN-Configuration", Grouped).group(&[
    Rule::required(&CONTEXT_IDENTIFIER),
    Rule::range(&SERVED_PARTY_IP_ADDRESS, 0, 2),
    Rule::required(&PDN_TYPE),
    Rule::required(&SERVICE_SELECTION),
    Rule::optional(&EPS_SUBSCRIBED_QOS_PROFILE),
    Rule::optional(&VPLMN_DYNAMIC_ADDRESS_ALLOWED),
    Rule::optional(&MIP6_AGENT_INFO),
    Rule::optional(&VISITED_NETWORK_IDENTIFIER),
    Rule::optional(&PDN_GW_ALLOCATION_TYPE),
    Rule::optional(&TGPP_CHARGING_CHARACTERISTICS),
    Rule::optional(&AMBR),
    Rule::any(&SPECIFIC_APN_INFO),
    Rule::optional(&APN_OI_REPLACEMENT),
    Rule::optional(&SIPTO_PERMISSION),
    Rule::optional(&LIPA_PERMISSION),
    Rule::optional(&RESTORATION_PRIORITY),
    Rule::optional(&SIPTO_LOCAL_NETWORK_PERMISSION),
    Rule::optional(&WLAN_OFFLOADABILITY),
    Rule::optional(&NON_IP_PDN_TYPE_INDICATOR),
    Rule::optional(&NON_IP_DATA_DELIVERY_MECHANISM),
    Rule::optional(&SCEF_ID),
    Rule::optional(&SCEF_REALM),
    Rule::optional(&PREFERRED_DATA_MODE),
    Rule::optional(&PDN_CONNECTION_CONTINUITY),
    Rule::optional(&RDS_INDICATOR),
    Rule::optional(&INTERWORKING_5GS_INDICATOR),
    Rule::optional(&ETHERNET_PDN_TYPE_INDICATOR),
]);
pub const EPS_SUBSCRIBED_QOS_PROFILE: AvpDef =
    AvpDef::tgpp(1431, "EPS-Subscribed-QoS-Profile", Grouped).group(&[
        Rule::required(&QOS_CLASS_IDENTIFIER),
        Rule::required(&ALLOCATION_RETENTION_PRIORITY),
    ]);
pub const VPLMN_DYNAMIC_ADDRESS_ALLOWED: AvpDef =
    AvpDef::tgpp(1432, "VPLMN-Dynamic-Address-Allowed", Enumerated)
        .values(&[(0, "NOTALLOWED"), (1, "ALLOWED")]);
pub const STN_SR: AvpDef = AvpDef::tgpp(1433, "STN-SR", OctetString);
pub const ALERT_REASON: AvpDef = AvpDef::tgpp(1434, "Alert-Reason", Enumerated)
    .values(&[(0, "UE_PRESENT"), (1, "UE_MEMORY_AVAILABLE")]);
pub const AMBR: AvpDef = AvpDef::tgpp(1435, "AMBR", Grouped).group(&[
    Rule::required(&MAX_REQUESTED_BANDWIDTH_UL),
    Rule::required(&MAX_REQUESTED_BANDWIDTH_DL),
    Rule::optional(&EXTENDED_MAX_REQUESTED_BW_UL),
    Rule::optional(&EXTENDED_MAX_REQUESTED_BW_DL),
]);
pub const CSG_SUBSCRIPTION_DATA: AvpDef = AvpDef::tgpp(1436, "CSG-Subscription-Data", Grouped)
    .group(&[
        Rule::required(&CSG_ID),
        Rule::optional(&EXPIRATION_DATE),
        Rule::any(&SERVICE_SELECTION),
        Rule::optional(&VISITED_PLMN_ID),
    ]);
pub const CSG_ID: AvpDef = AvpDef::tgpp(1437, "CSG-Id", Unsigned32);
pub const PDN_GW_ALLOCATION_TYPE: AvpDef = AvpDef::tgpp(1438, "PDN-GW-Allocation-Type", Enumerated)
    .values(&[(0, "STATIC"), (1, "DYNAMIC")]);
pub const EXPIRATION_DATE: AvpDef = AvpDef::tgpp(1439, "Expiration-Date", Time);
pub const RAT_FREQUENCY_SELECTION_PRIORITY_ID: AvpDef =
    AvpDef::tgpp(1440, "RAT-Frequency-Selection-Priority-ID", Unsigned32);
pub const IDA_FLAGS: AvpDef = AvpDef::tgpp(1441, "IDA-Flags", Unsigned32);
pub const PUA_FLAGS: AvpDef = AvpDef::tgpp(1442, "PUA-Flags", Unsigned32);
pub const NOR_FLAGS: AvpDef = AvpDef::tgpp(1443, "NOR-Flags", Unsigned32);
pub const USER_ID: AvpDef = AvpDef::tgpp(1444, "User-Id", Utf8String).m_must_not();
pub const REGIONAL_SUBSCRIPTION_ZONE_CODE: AvpDef =
    AvpDef::tgpp(1446, "Regional-Subscription-Zone-Code", OctetString);
pub const RAND: AvpDef = AvpDef::tgpp(1447, "RAND", OctetString);
pub const XRES: AvpDef = AvpDef::tgpp(1448, "XRES", OctetString);
pub const AUTN: AvpDef = AvpDef::tgpp(1449, "AUTN", OctetString);
pub const KASME: AvpDef = AvpDef::tgpp(1450, "KASME", OctetString);
pub const TRACE_COLLECTION_ENTITY: AvpDef = AvpDef::tgpp(1452, "Trace-Collection-Entity", Address);
pub const KC: AvpDef = AvpDef::tgpp(1453, "Kc", OctetString);
pub const SRES: AvpDef = AvpDef::tgpp(1454, "SRES", OctetString);
pub const PDN_TYPE: AvpDef = AvpDef::tgpp(1456, "PDN-Type", Enumerated).values(&[
    (0, "IPv4"),
    (1, "IPv6"),
    (2, "IPv4v6"),
    (3, "IPv4_OR_IPv6"),
    (4, "Non-IP"),
]);
pub const ROAMING_RESTRICTED_DUE_TO_UNSUPPORTED_FEATURE: AvpDef =
    AvpDef::tgpp(1457, "Roaming-Restricted-Due-To-Unsupported-Feature", Enumerated)
        .values(&[(0, "Roaming-Restricted-Due-To-Unsupported-Feature")]);
pub const TRACE_DATA: AvpDef = AvpDef::tgpp(1458, "Trace-Data", Grouped).group(&[
    Rule::required(&TRACE_REFERENCE),
    Rule::required(&TRACE_DEPTH),
    Rule::required(&TRACE_NE_TYPE_LIST),
    Rule::optional(&TRACE_INTERFACE_LIST),
    Rule::required(&TRACE_EVENT_LIST),
    Rule::optional(&OMC_ID),
    Rule::required(&TRACE_COLLECTION_ENTITY),
    Rule::optional(&MDT_CONFIGURATION),
    Rule::optional(&MDT_CONFIGURATION_NR),
    Rule::optional(&TRACE_REPORTING_CONSUMER_URI),
]);
pub const TRACE_REFERENCE: AvpDef = AvpDef::tgpp(1459, "Trace-Reference", OctetString);
pub const TRACE_DEPTH: AvpDef = AvpDef::tgpp(1462, "Trace-Depth", Enumerated).values(&[
    (0, "Minimum"),
    (1, "Medium"),
    (2, "Maximum"),
    (3, "MinimumWithoutVendorSpecificExtension"),
    (4, "MediumWithoutVendorSpecificExtension"),
    (5, "MaximumWithoutVendorSpecificExtension"),
]);
pub const TRACE_NE_TYPE_LIST: AvpDef = AvpDef::tgpp(1463, "Trace-NE-Type-List", OctetString);
pub const TRACE_INTERFACE_LIST: AvpDef = AvpDef::tgpp(1464, "Trace-Interface-List", OctetString);
pub const TRACE_EVENT_LIST: AvpDef = AvpDef::tgpp(1465, "Trace-Event-List", OctetString);
pub const OMC_ID: AvpDef = AvpDef::tgpp(1466, "OMC-Id", OctetString);
pub const GPRS_SUBSCRIPTION_DATA: AvpDef = AvpDef::tgpp(1467, "GPRS-Subscription-Data", Grouped)
    .group(&[
        Rule::required(&COMPLETE_DATA_LIST_INCLUDED_INDICATOR),
        Rule::range(&PDP_CONTEXT, 1, 50),
    ]);
pub const COMPLETE_DATA_LIST_INCLUDED_INDICATOR: AvpDef =
    AvpDef::tgpp(1468, "Complete-Data-List-Included-Indicator", Enumerated)
        .values(&[(0, "All_PDP_CONTEXTS_INCLUDED"), (1, "MODIFIED/ADDED_PDP_CONTEXTS_INCLUDED")]);
pub const PDP_CONTEXT: AvpDef = AvpDef::tgpp(1469, "PDP-Context", Grouped).group(&[
    Rule::required(&CONTEXT_IDENTIFIER),
    Rule::required(&PDP_TYPE),
    Rule::optional(&PDP_ADDRESS),
    Rule::required(&QOS_SUBSCRIBED),
    Rule::optional(&VPLMN_DYNAMIC_ADDRESS_ALLOWED),
    Rule::required(&SERVICE_SELECTION),
    Rule::optional(&TGPP_CHARGING_CHARACTERISTICS),
    Rule::optional(&EXT_PDP_TYPE),
    Rule::optional(&EXT_PDP_ADDRESS),
    Rule::optional(&AMBR),
    Rule::optional(&APN_OI_REPLACEMENT),
    Rule::optional(&SIPTO_PERMISSION),
    Rule::optional(&LIPA_PERMISSION),
    Rule::optional(&RESTORATION_PRIORITY),
    Rule::optional(&SIPTO_LOCAL_NETWORK_PERMISSION),
    Rule::optional(&NON_IP_DATA_DELIVERY_MECHANISM),
    Rule::optional(&SCEF_ID),
]);
pub const PDP_TYPE: AvpDef = AvpDef::tgpp(1470, "PDP-Type", OctetString);
pub const TGPP2_MEID: AvpDef = AvpDef::tgpp(1471, "3GPP2-MEID", OctetString);
pub const SPECIFIC_APN_INFO: AvpDef = AvpDef::tgpp(1472, "Specific-APN-Info", Grouped).group(&[
    Rule::required(&SERVICE_SELECTION),
    Rule::required(&MIP6_AGENT_INFO),
    Rule::optional(&VISITED_NETWORK_IDENTIFIER),
]);
pub const LCS_INFO: AvpDef = AvpDef::tgpp(1473, "LCS-Info", Grouped).group(&[
    Rule::any(&GMLC_NUMBER),
    Rule::any(&LCS_PRIVACY_EXCEPTION),
    Rule::any(&MO_LR),
]);
pub const GMLC_NUMBER: AvpDef = AvpDef::tgpp(1474, "GMLC-Number", OctetString);
pub const LCS_PRIVACY_EXCEPTION: AvpDef = AvpDef::tgpp(1475, "LCS-PrivacyException", Grouped)
    .group(&[
        Rule::required(&SS_CODE),
        Rule::required(&SS_STATUS),
        Rule::optional(&NOTIFICATION_TO_UE_USER),
        Rule::any(&EXTERNAL_CLIENT),
        Rule::any(&PLMN_CLIENT),
        Rule::any(&SERVICE_TYPE),
    ]);
pub const SS_CODE: AvpDef = AvpDef::tgpp(1476, "SS-Code", OctetString);
pub const SS_STATUS: AvpDef = AvpDef::tgpp(1477, "SS-Status", OctetString);
pub const NOTIFICATION_TO_UE_USER: AvpDef =
    AvpDef::tgpp(1478, "Notification-To-UE-User", Enumerated).values(&[
        (0, "NOTIFY_LOCATION_ALLOWED"),
        (1, "NOTIFYANDVERIFY_LOCATION_ALLOWED_IF_NO_RESPONSE"),
        (2, "NOTIFYANDVERIFY_LOCATION_NOT_ALLOWED_IF_NO_RESPONSE"),
        (3, "LOCATION_NOT_ALLOWED"),
    ]);
pub const EXTERNAL_CLIENT: AvpDef = AvpDef::tgpp(1479, "External-Client", Grouped).group(&[
    Rule::required(&CLIENT_IDENTITY),
    Rule::optional(&GMLC_RESTRICTION),
    Rule::optional(&NOTIFICATION_TO_UE_USER),
]);
pub const CLIENT_IDENTITY: AvpDef = AvpDef::tgpp(1480, "Client-Identity", OctetString);
pub const GMLC_RESTRICTION: AvpDef = AvpDef::tgpp(1481, "GMLC-Restriction", Enumerated)
    .values(&[(0, "GMLC_LIST"), (1, "HOME_COUNTRY")]);
pub const PLMN_CLIENT: AvpDef = AvpDef::tgpp(1482, "PLMN-Client", Enumerated).values(&[
    (0, "BROADCAST_SERVICE"),
    (1, "O_AND_M_HPLMN"),
    (2, "O_AND_M_VPLMN"),
    (3, "ANONYMOUS_LOCATION"),
    (4, "TARGET_UE_SUBSCRIBED_SERVICE"),
]);
pub const SERVICE_TYPE: AvpDef = AvpDef::tgpp(1483, "Service-Type", Grouped).group(&[
    Rule::required(&SERVICE_TYPE_IDENTITY),
    Rule::optional(&GMLC_RESTRICTION),
    Rule::optional(&NOTIFICATION_TO_UE_USER),
]);
pub const SERVICE_TYPE_IDENTITY: AvpDef = AvpDef::tgpp(1484, "ServiceTypeIdentity", Unsigned32);
pub const MO_LR: AvpDef = AvpDef::tgpp(1485, "MO-LR", Grouped)
    .group(&[Rule::required(&SS_CODE), Rule::required(&SS_STATUS)]);
pub const TELESERVICE_LIST: AvpDef =
    AvpDef::tgpp(1486, "Teleservice-List", Grouped).group(&[Rule::range(&TS_CODE, 1, MANY)]);
pub const TS_CODE: AvpDef = AvpDef::tgpp(1487, "TS-Code", OctetString);
pub const CALL_BARRING_INFO: AvpDef = AvpDef::tgpp(1488, "Call-Barring-Info", Grouped)
    .group(&[Rule::required(&SS_CODE), Rule::required(&SS_STATUS)]);
pub const SGSN_NUMBER: AvpDef = AvpDef::tgpp(1489, "SGSN-Number", OctetString);
pub const IDR_FLAGS: AvpDef = AvpDef::tgpp(1490, "IDR-Flags", Unsigned32);

// §7.3.104-7.3.124 and on: AVPs 1491-1499 and 1600-1730, M bit must not be set (except
// UVR-Flags, UVA-Flags and VPLMN-CSG-Subscription-Data).

pub const ICS_INDICATOR: AvpDef = AvpDef::tgpp(1491, "ICS-Indicator", Enumerated)
    .m_must_not()
    .values(&[(0, "FALSE"), (1, "TRUE")]);
pub const IMS_VOICE_OVER_PS_SESSIONS_SUPPORTED: AvpDef =
    AvpDef::tgpp(1492, "IMS-Voice-Over-PS-Sessions-Supported", Enumerated)
        .m_must_not()
        .values(&[(0, "NOT_SUPPORTED"), (1, "SUPPORTED")]);
pub const HOMOGENEOUS_SUPPORT_OF_IMS_VOICE_OVER_PS_SESSIONS: AvpDef =
    AvpDef::tgpp(1493, "Homogeneous-Support-of-IMS-Voice-Over-PS-Sessions", Enumerated)
        .m_must_not()
        .values(&[(0, "NOT_SUPPORTED"), (1, "SUPPORTED")]);
pub const LAST_UE_ACTIVITY_TIME: AvpDef =
    AvpDef::tgpp(1494, "Last-UE-Activity-Time", Time).m_must_not();
pub const EPS_USER_STATE: AvpDef = AvpDef::tgpp(1495, "EPS-User-State", Grouped)
    .m_must_not()
    .group(&[Rule::optional(&MME_USER_STATE), Rule::optional(&SGSN_USER_STATE)]);
pub const EPS_LOCATION_INFORMATION: AvpDef =
    AvpDef::tgpp(1496, "EPS-Location-Information", Grouped).m_must_not().group(&[
        Rule::optional(&MME_LOCATION_INFORMATION),
        Rule::optional(&SGSN_LOCATION_INFORMATION),
    ]);
pub const MME_USER_STATE: AvpDef = AvpDef::tgpp(1497, "MME-User-State", Grouped)
    .m_must_not()
    .group(&[Rule::optional(&USER_STATE)]);
pub const SGSN_USER_STATE: AvpDef = AvpDef::tgpp(1498, "SGSN-User-State", Grouped)
    .m_must_not()
    .group(&[Rule::optional(&USER_STATE)]);
pub const USER_STATE: AvpDef = AvpDef::tgpp(1499, "User-State", Enumerated).m_must_not().values(&[
    (0, "DETACHED"),
    (1, "ATTACHED_NOT_REACHABLE_FOR_PAGING"),
    (2, "ATTACHED_REACHABLE_FOR_PAGING"),
    (3, "CONNECTED_NOT_REACHABLE_FOR_PAGING"),
    (4, "CONNECTED_REACHABLE_FOR_PAGING"),
    (5, "NETWORK_DETERMINED_NOT_REACHABLE"),
]);
pub const MME_LOCATION_INFORMATION: AvpDef =
    AvpDef::tgpp(1600, "MME-Location-Information", Grouped).m_must_not().group(&[
        Rule::optional(&E_UTRAN_CELL_GLOBAL_IDENTITY),
        Rule::optional(&TRACKING_AREA_IDENTITY),
        Rule::optional(&GEOGRAPHICAL_INFORMATION),
        Rule::optional(&GEODETIC_INFORMATION),
        Rule::optional(&CURRENT_LOCATION_RETRIEVED),
        Rule::optional(&AGE_OF_LOCATION_INFORMATION),
        Rule::optional(&USER_CSG_INFORMATION),
        Rule::optional(&ENODEB_ID),
        Rule::optional(&EXTENDED_ENODEB_ID),
    ]);
pub const SGSN_LOCATION_INFORMATION: AvpDef =
    AvpDef::tgpp(1601, "SGSN-Location-Information", Grouped).m_must_not().group(&[
        Rule::optional(&CELL_GLOBAL_IDENTITY),
        Rule::optional(&LOCATION_AREA_IDENTITY),
        Rule::optional(&SERVICE_AREA_IDENTITY),
        Rule::optional(&ROUTING_AREA_IDENTITY),
        Rule::optional(&GEOGRAPHICAL_INFORMATION),
        Rule::optional(&GEODETIC_INFORMATION),
        Rule::optional(&CURRENT_LOCATION_RETRIEVED),
        Rule::optional(&AGE_OF_LOCATION_INFORMATION),
        Rule::optional(&USER_CSG_INFORMATION),
    ]);
pub const E_UTRAN_CELL_GLOBAL_IDENTITY: AvpDef =
    AvpDef::tgpp(1602, "E-UTRAN-Cell-Global-Identity", OctetString).m_must_not();
pub const TRACKING_AREA_IDENTITY: AvpDef =
    AvpDef::tgpp(1603, "Tracking-Area-Identity", OctetString).m_must_not();
pub const CELL_GLOBAL_IDENTITY: AvpDef =
    AvpDef::tgpp(1604, "Cell-Global-Identity", OctetString).m_must_not();
pub const ROUTING_AREA_IDENTITY: AvpDef =
    AvpDef::tgpp(1605, "Routing-Area-Identity", OctetString).m_must_not();
pub const LOCATION_AREA_IDENTITY: AvpDef =
    AvpDef::tgpp(1606, "Location-Area-Identity", OctetString).m_must_not();
pub const SERVICE_AREA_IDENTITY: AvpDef =
    AvpDef::tgpp(1607, "Service-Area-Identity", OctetString).m_must_not();
pub const GEOGRAPHICAL_INFORMATION: AvpDef =
    AvpDef::tgpp(1608, "Geographical-Information", OctetString).m_must_not();
pub const GEODETIC_INFORMATION: AvpDef =
    AvpDef::tgpp(1609, "Geodetic-Information", OctetString).m_must_not();
pub const CURRENT_LOCATION_RETRIEVED: AvpDef =
    AvpDef::tgpp(1610, "Current-Location-Retrieved", Enumerated)
        .m_must_not()
        .values(&[(0, "ACTIVE-LOCATION-RETRIEVAL")]);
pub const AGE_OF_LOCATION_INFORMATION: AvpDef =
    AvpDef::tgpp(1611, "Age-Of-Location-Information", Unsigned32).m_must_not();
pub const ACTIVE_APN: AvpDef = AvpDef::tgpp(1612, "Active-APN", Grouped).m_must_not().group(&[
    Rule::required(&CONTEXT_IDENTIFIER),
    Rule::optional(&SERVICE_SELECTION),
    Rule::optional(&MIP6_AGENT_INFO),
    Rule::optional(&VISITED_NETWORK_IDENTIFIER),
    Rule::any(&SPECIFIC_APN_INFO),
]);
pub const SIPTO_PERMISSION: AvpDef = AvpDef::tgpp(1613, "SIPTO-Permission", Enumerated)
    .m_must_not()
    .values(&[(0, "SIPTO_ALLOWED"), (1, "SIPTO_NOTALLOWED")]);
pub const ERROR_DIAGNOSTIC: AvpDef =
    AvpDef::tgpp(1614, "Error-Diagnostic", Enumerated).m_must_not().values(&[
        (0, "GPRS_DATA_SUBSCRIBED"),
        (1, "NO_GPRS_DATA_SUBSCRIBED"),
        (2, "ODB-ALL-APN"),
        (3, "ODB-HPLMN-APN"),
        (4, "ODB-VPLMN-APN"),
    ]);
pub const UE_SRVCC_CAPABILITY: AvpDef = AvpDef::tgpp(1615, "UE-SRVCC-Capability", Enumerated)
    .m_must_not()
    .values(&[(0, "UE-SRVCC-NOT-SUPPORTED"), (1, "UE-SRVCC-SUPPORTED")]);
pub const MPS_PRIORITY: AvpDef = AvpDef::tgpp(1616, "MPS-Priority", Unsigned32).m_must_not();
pub const VPLMN_LIPA_ALLOWED: AvpDef = AvpDef::tgpp(1617, "VPLMN-LIPA-Allowed", Enumerated)
    .m_must_not()
    .values(&[(0, "LIPA_NOTALLOWED"), (1, "LIPA_ALLOWED")]);
pub const LIPA_PERMISSION: AvpDef = AvpDef::tgpp(1618, "LIPA-Permission", Enumerated)
    .m_must_not()
    .values(&[(0, "LIPA_PROHIBITED"), (1, "LIPA_ONLY"), (2, "LIPA_CONDITIONAL")]);
pub const SUBSCRIBED_PERIODIC_RAU_TAU_TIMER: AvpDef =
    AvpDef::tgpp(1619, "Subscribed-Periodic-RAU-TAU-Timer", Unsigned32).m_must_not();
pub const EXT_PDP_TYPE: AvpDef = AvpDef::tgpp(1620, "Ext-PDP-Type", OctetString).m_must_not();
pub const EXT_PDP_ADDRESS: AvpDef = AvpDef::tgpp(1621, "Ext-PDP-Address", Address).m_must_not();
pub const MDT_CONFIGURATION: AvpDef =
    AvpDef::tgpp(1622, "MDT-Configuration", Grouped).m_must_not().group(&[
        Rule::required(&JOB_TYPE),
        Rule::optional(&AREA_SCOPE),
        Rule::optional(&LIST_OF_MEASUREMENTS),
        Rule::optional(&REPORTING_TRIGGER),
        Rule::optional(&REPORT_INTERVAL),
        Rule::optional(&REPORT_AMOUNT),
        Rule::optional(&EVENT_THRESHOLD_RSRP),
        Rule::optional(&EVENT_THRESHOLD_RSRQ),
        Rule::optional(&LOGGING_INTERVAL),
        Rule::optional(&LOGGING_DURATION),
        Rule::optional(&MEASUREMENT_PERIOD_LTE),
        Rule::optional(&MEASUREMENT_PERIOD_UMTS),
        Rule::optional(&COLLECTION_PERIOD_RRM_LTE),
        Rule::optional(&COLLECTION_PERIOD_RRM_UMTS),
        Rule::optional(&POSITIONING_METHOD),
        Rule::optional(&MEASUREMENT_QUANTITY),
        Rule::optional(&EVENT_THRESHOLD_EVENT_1F),
        Rule::optional(&EVENT_THRESHOLD_EVENT_1I),
        Rule::any(&MDT_ALLOWED_PLMN_ID),
        Rule::any(&MBSFN_AREA),
    ]);
pub const JOB_TYPE: AvpDef = AvpDef::tgpp(1623, "Job-Type", Enumerated).m_must_not().values(&[
    (0, "Immediate-MDT-only"),
    (1, "Logged-MDT-only"),
    (2, "Trace-only"),
    (3, "Immediate-MDT-and-Trace"),
    (4, "RLF-reports-only"),
    (5, "RCEF-reports-only"),
    (6, "Logged-MBSFN-MDT"),
]);
pub const AREA_SCOPE: AvpDef = AvpDef::tgpp(1624, "Area-Scope", Grouped).m_must_not().group(&[
    Rule::any(&CELL_GLOBAL_IDENTITY),
    Rule::any(&E_UTRAN_CELL_GLOBAL_IDENTITY),
    Rule::any(&ROUTING_AREA_IDENTITY),
    Rule::any(&LOCATION_AREA_IDENTITY),
    Rule::any(&TRACKING_AREA_IDENTITY),
    Rule::any(&NR_CELL_GLOBAL_IDENTITY),
]);
pub const LIST_OF_MEASUREMENTS: AvpDef =
    AvpDef::tgpp(1625, "List-Of-Measurements", Unsigned32).m_must_not();
pub const REPORTING_TRIGGER: AvpDef =
    AvpDef::tgpp(1626, "Reporting-Trigger", Unsigned32).m_must_not();
pub const REPORT_INTERVAL: AvpDef =
    AvpDef::tgpp(1627, "Report-Interval", Enumerated).m_must_not().values(&[
        (0, "UMTS_250_ms"),
        (1, "UMTS_500_ms"),
        (2, "UMTS_1000_ms"),
        (3, "UMTS_2000_ms"),
        (4, "UMTS_3000_ms"),
        (5, "UMTS_4000_ms"),
        (6, "UMTS_6000_ms"),
        (7, "UMTS_8000_ms"),
        (8, "UMTS_12000_ms"),
        (9, "UMTS_16000_ms"),
        (10, "UMTS_20000_ms"),
        (11, "UMTS_24000_ms"),
        (12, "UMTS_28000_ms"),
        (13, "UMTS_32000_ms"),
        (14, "UMTS_64000_ms"),
        (15, "LTE_120_ms"),
        (16, "LTE_240_ms"),
        (17, "LTE_480_ms"),
        (18, "LTE_640_ms"),
        (19, "LTE_1024_ms"),
        (20, "LTE_2048_ms"),
        (21, "LTE_5120_ms"),
        (22, "LTE_10240_ms"),
        (23, "LTE_60000_ms"),
        (24, "LTE_360000_ms"),
        (25, "LTE_720000_ms"),
        (26, "LTE_1800000_ms"),
        (27, "LTE_3600000_ms"),
    ]);
pub const REPORT_AMOUNT: AvpDef =
    AvpDef::tgpp(1628, "Report-Amount", Enumerated).m_must_not().values(&[
        (0, "1"),
        (1, "2"),
        (2, "4"),
        (3, "8"),
        (4, "16"),
        (5, "32"),
        (6, "64"),
        (7, "infinity"),
    ]);
pub const EVENT_THRESHOLD_RSRP: AvpDef =
    AvpDef::tgpp(1629, "Event-Threshold-RSRP", Unsigned32).m_must_not();
pub const EVENT_THRESHOLD_RSRQ: AvpDef =
    AvpDef::tgpp(1630, "Event-Threshold-RSRQ", Unsigned32).m_must_not();
pub const LOGGING_INTERVAL: AvpDef =
    AvpDef::tgpp(1631, "Logging-Interval", Enumerated).m_must_not().values(&[
        (0, "1.28"),
        (1, "2.56"),
        (2, "5.12"),
        (3, "10.24"),
        (4, "20.48"),
        (5, "30.72"),
        (6, "40.96"),
        (7, "61.44"),
    ]);
pub const LOGGING_DURATION: AvpDef =
    AvpDef::tgpp(1632, "Logging-Duration", Enumerated).m_must_not().values(&[
        (0, "600_sec"),
        (1, "1200_sec"),
        (2, "2400_sec"),
        (3, "3600_sec"),
        (4, "5400_sec"),
        (5, "7200_sec"),
    ]);
pub const RELAY_NODE_INDICATOR: AvpDef = AvpDef::tgpp(1633, "Relay-Node-Indicator", Enumerated)
    .m_must_not()
    .values(&[(0, "NOT_RELAY_NODE"), (1, "RELAY_NODE")]);
pub const MDT_USER_CONSENT: AvpDef = AvpDef::tgpp(1634, "MDT-User-Consent", Enumerated)
    .m_must_not()
    .values(&[(0, "CONSENT_NOT_GIVEN"), (1, "CONSENT_GIVEN")]);
pub const PUR_FLAGS: AvpDef = AvpDef::tgpp(1635, "PUR-Flags", Unsigned32).m_must_not();
pub const SUBSCRIBED_VSRVCC: AvpDef = AvpDef::tgpp(1636, "Subscribed-VSRVCC", Enumerated)
    .m_must_not()
    .values(&[(0, "VSRVCC_SUBSCRIBED")]);
pub const EQUIVALENT_PLMN_LIST: AvpDef = AvpDef::tgpp(1637, "Equivalent-PLMN-List", Grouped)
    .m_must_not()
    .group(&[Rule::range(&VISITED_PLMN_ID, 1, MANY)]);
pub const CLR_FLAGS: AvpDef = AvpDef::tgpp(1638, "CLR-Flags", Unsigned32).m_must_not();
pub const UVR_FLAGS: AvpDef = AvpDef::tgpp(1639, "UVR-Flags", Unsigned32);
pub const UVA_FLAGS: AvpDef = AvpDef::tgpp(1640, "UVA-Flags", Unsigned32);
pub const VPLMN_CSG_SUBSCRIPTION_DATA: AvpDef =
    AvpDef::tgpp(1641, "VPLMN-CSG-Subscription-Data", Grouped)
        .group(&[Rule::required(&CSG_ID), Rule::optional(&EXPIRATION_DATE)]);
pub const TIME_ZONE: AvpDef = AvpDef::tgpp(1642, "Time-Zone", Utf8String).m_must_not();
pub const A_MSISDN: AvpDef = AvpDef::tgpp(1643, "A-MSISDN", OctetString).m_must_not();
pub const MME_NUMBER_FOR_MT_SMS: AvpDef =
    AvpDef::tgpp(1645, "MME-Number-for-MT-SMS", OctetString).m_must_not();
pub const SMS_REGISTER_REQUEST: AvpDef =
    AvpDef::tgpp(1648, "SMS-Register-Request", Enumerated).m_must_not().values(&[
        (0, "SMS_REGISTRATION_REQUIRED"),
        (1, "SMS_REGISTRATION_NOT_PREFERRED"),
        (2, "NO_PREFERENCE"),
    ]);
pub const LOCAL_TIME_ZONE: AvpDef = AvpDef::tgpp(1649, "Local-Time-Zone", Grouped)
    .m_must_not()
    .group(&[Rule::required(&TIME_ZONE), Rule::required(&DAYLIGHT_SAVING_TIME)]);
pub const DAYLIGHT_SAVING_TIME: AvpDef =
    AvpDef::tgpp(1650, "Daylight-Saving-Time", Enumerated).m_must_not().values(&[
        (0, "NO_ADJUSTMENT"),
        (1, "PLUS_ONE_HOUR_ADJUSTMENT"),
        (2, "PLUS_TWO_HOURS_ADJUSTMENT"),
    ]);
pub const SUBSCRIPTION_DATA_FLAGS: AvpDef =
    AvpDef::tgpp(1654, "Subscription-Data-Flags", Unsigned32).m_must_not();
pub const MEASUREMENT_PERIOD_LTE: AvpDef =
    AvpDef::tgpp(1655, "Measurement-Period-LTE", Enumerated).m_must_not().values(&[
        (0, "1024_ms"),
        (1, "1280_ms"),
        (2, "2048_ms"),
        (3, "2560_ms"),
        (4, "5120_ms"),
        (5, "10240_ms"),
        (6, "1_min"),
    ]);
pub const MEASUREMENT_PERIOD_UMTS: AvpDef =
    AvpDef::tgpp(1656, "Measurement-Period-UMTS", Enumerated).m_must_not().values(&[
        (0, "250_ms"),
        (1, "500_ms"),
        (2, "1000_ms"),
        (3, "2000_ms"),
        (4, "3000_ms"),
        (5, "4000_ms"),
        (6, "6000_ms"),
        (7, "8000_ms"),
        (8, "12000_ms"),
        (9, "16000_ms"),
        (10, "20000_ms"),
        (11, "24000_ms"),
        (12, "28000_ms"),
        (13, "32000_ms"),
        (14, "64000_ms"),
    ]);
pub const COLLECTION_PERIOD_RRM_LTE: AvpDef =
    AvpDef::tgpp(1657, "Collection-Period-RRM-LTE", Enumerated).m_must_not();
pub const COLLECTION_PERIOD_RRM_UMTS: AvpDef =
    AvpDef::tgpp(1658, "Collection-Period-RRM-UMTS", Enumerated).m_must_not();
pub const POSITIONING_METHOD: AvpDef =
    AvpDef::tgpp(1659, "Positioning-Method", OctetString).m_must_not();
pub const MEASUREMENT_QUANTITY: AvpDef =
    AvpDef::tgpp(1660, "Measurement-Quantity", OctetString).m_must_not();
pub const EVENT_THRESHOLD_EVENT_1F: AvpDef =
    AvpDef::tgpp(1661, "Event-Threshold-Event-1F", Integer32).m_must_not();
pub const EVENT_THRESHOLD_EVENT_1I: AvpDef =
    AvpDef::tgpp(1662, "Event-Threshold-Event-1I", Integer32).m_must_not();
pub const RESTORATION_PRIORITY: AvpDef =
    AvpDef::tgpp(1663, "Restoration-Priority", Unsigned32).m_must_not();
pub const SGS_MME_IDENTITY: AvpDef =
    AvpDef::tgpp(1664, "SGs-MME-Identity", Utf8String).m_must_not();
pub const SIPTO_LOCAL_NETWORK_PERMISSION: AvpDef =
    AvpDef::tgpp(1665, "SIPTO-Local-Network-Permission", Unsigned32)
        .m_must_not()
        .values(&[(0, "SIPTO_AT_LOCAL_NETWORK_ALLOWED"), (1, "SIPTO_AT_LOCAL_NETWORK_NOTALLOWED")]);
pub const COUPLED_NODE_DIAMETER_ID: AvpDef =
    AvpDef::tgpp(1666, "Coupled-Node-Diameter-ID", DiameterIdentity).m_must_not();
pub const WLAN_OFFLOADABILITY: AvpDef =
    AvpDef::tgpp(1667, "WLAN-offloadability", Grouped).m_must_not().group(&[
        Rule::optional(&WLAN_OFFLOADABILITY_EUTRAN),
        Rule::optional(&WLAN_OFFLOADABILITY_UTRAN),
    ]);
pub const WLAN_OFFLOADABILITY_EUTRAN: AvpDef =
    AvpDef::tgpp(1668, "WLAN-offloadability-EUTRAN", Unsigned32).m_must_not();
pub const WLAN_OFFLOADABILITY_UTRAN: AvpDef =
    AvpDef::tgpp(1669, "WLAN-offloadability-UTRAN", Unsigned32).m_must_not();
pub const RESET_ID: AvpDef = AvpDef::tgpp(1670, "Reset-ID", OctetString).m_must_not();
pub const MDT_ALLOWED_PLMN_ID: AvpDef =
    AvpDef::tgpp(1671, "MDT-Allowed-PLMN-Id", OctetString).m_must_not();
pub const ADJACENT_PLMNS: AvpDef = AvpDef::tgpp(1672, "Adjacent-PLMNs", Grouped)
    .m_must_not()
    .group(&[Rule::range(&VISITED_PLMN_ID, 1, MANY)]);
pub const ADJACENT_ACCESS_RESTRICTION_DATA: AvpDef =
    AvpDef::tgpp(1673, "Adjacent-Access-Restriction-Data", Grouped)
        .m_must_not()
        .group(&[Rule::required(&VISITED_PLMN_ID), Rule::required(&ACCESS_RESTRICTION_DATA)]);
pub const DL_BUFFERING_SUGGESTED_PACKET_COUNT: AvpDef =
    AvpDef::tgpp(1674, "DL-Buffering-Suggested-Packet-Count", Integer32).m_must_not();
pub const IMSI_GROUP_ID: AvpDef =
    AvpDef::tgpp(1675, "IMSI-Group-Id", Grouped).m_must_not().group(&[
        Rule::required(&GROUP_SERVICE_ID),
        Rule::required(&GROUP_PLMN_ID),
        Rule::required(&LOCAL_GROUP_ID),
    ]);
pub const GROUP_SERVICE_ID: AvpDef =
    AvpDef::tgpp(1676, "Group-Service-Id", Unsigned32).m_must_not();
pub const GROUP_PLMN_ID: AvpDef = AvpDef::tgpp(1677, "Group-PLMN-Id", OctetString).m_must_not();
pub const LOCAL_GROUP_ID: AvpDef = AvpDef::tgpp(1678, "Local-Group-Id", OctetString).m_must_not();
pub const AIR_FLAGS: AvpDef = AvpDef::tgpp(1679, "AIR-Flags", Unsigned32).m_must_not();
pub const UE_USAGE_TYPE: AvpDef = AvpDef::tgpp(1680, "UE-Usage-Type", Unsigned32).m_must_not();
pub const NON_IP_PDN_TYPE_INDICATOR: AvpDef =
    AvpDef::tgpp(1681, "Non-IP-PDN-Type-Indicator", Enumerated)
        .m_must_not()
        .values(&[(0, "FALSE"), (1, "TRUE")]);
pub const NON_IP_DATA_DELIVERY_MECHANISM: AvpDef =
    AvpDef::tgpp(1682, "Non-IP-Data-Delivery-Mechanism", Unsigned32)
        .m_must_not()
        .values(&[(0, "SGi-BASED-DATA-DELIVERY"), (1, "SCEF-BASED-DATA-DELIVERY")]);
/// Table 7.3.1/1 of some releases spells this AVP "Additional-Context-ID"; the ABNF of
/// APN-Configuration-Profile (and Wireshark) write "Additional-Context-Identifier".
pub const ADDITIONAL_CONTEXT_IDENTIFIER: AvpDef =
    AvpDef::tgpp(1683, "Additional-Context-Identifier", Unsigned32).m_must_not();
pub const SCEF_REALM: AvpDef = AvpDef::tgpp(1684, "SCEF-Realm", DiameterIdentity).m_must_not();
pub const SUBSCRIPTION_DATA_DELETION: AvpDef =
    AvpDef::tgpp(1685, "Subscription-Data-Deletion", Grouped).m_must_not().group(&[
        Rule::required(&DSR_FLAGS),
        Rule::optional(&SCEF_ID),
        Rule::any(&CONTEXT_IDENTIFIER),
        Rule::optional(&TRACE_REFERENCE),
        Rule::any(&TS_CODE),
        Rule::any(&SS_CODE),
    ]);
pub const PREFERRED_DATA_MODE: AvpDef =
    AvpDef::tgpp(1686, "Preferred-Data-Mode", Unsigned32).m_must_not();
pub const EMERGENCY_INFO: AvpDef = AvpDef::tgpp(1687, "Emergency-Info", Grouped)
    .m_must_not()
    .group(&[Rule::optional(&MIP6_AGENT_INFO)]);
pub const V2X_SUBSCRIPTION_DATA: AvpDef = AvpDef::tgpp(1688, "V2X-Subscription-Data", Grouped)
    .m_must_not()
    .group(&[Rule::optional(&V2X_PERMISSION), Rule::optional(&UE_PC5_AMBR)]);
pub const V2X_PERMISSION: AvpDef = AvpDef::tgpp(1689, "V2X-Permission", Unsigned32).m_must_not();
pub const PDN_CONNECTION_CONTINUITY: AvpDef =
    AvpDef::tgpp(1690, "PDN-Connection-Continuity", Unsigned32).m_must_not().values(&[
        (0, "MAINTAIN_PDN_CONNECTION"),
        (1, "DISCONNECT_PDN_CONNECTION_WITH_REACTIVATION_REQUEST"),
        (2, "DISCONNECT_PDN_CONNECTION_WITHOUT_REACTIVATION_REQUEST"),
    ]);
pub const EDRX_CYCLE_LENGTH: AvpDef = AvpDef::tgpp(1691, "eDRX-Cycle-Length", Grouped)
    .m_must_not()
    .group(&[Rule::required(&RAT_TYPE), Rule::required(&EDRX_CYCLE_LENGTH_VALUE)]);
pub const EDRX_CYCLE_LENGTH_VALUE: AvpDef =
    AvpDef::tgpp(1692, "eDRX-Cycle-Length-Value", OctetString).m_must_not();
pub const UE_PC5_AMBR: AvpDef = AvpDef::tgpp(1693, "UE-PC5-AMBR", Unsigned32).m_must_not();
pub const MBSFN_AREA: AvpDef = AvpDef::tgpp(1694, "MBSFN-Area", Grouped)
    .m_must_not()
    .group(&[Rule::optional(&MBSFN_AREA_ID), Rule::optional(&CARRIER_FREQUENCY)]);
pub const MBSFN_AREA_ID: AvpDef = AvpDef::tgpp(1695, "MBSFN-Area-ID", Unsigned32).m_must_not();
pub const CARRIER_FREQUENCY: AvpDef =
    AvpDef::tgpp(1696, "Carrier-Frequency", Unsigned32).m_must_not();
pub const RDS_INDICATOR: AvpDef = AvpDef::tgpp(1697, "RDS-Indicator", Enumerated)
    .m_must_not()
    .values(&[(0, "DISABLED"), (1, "ENABLED")]);
pub const SERVICE_GAP_TIME: AvpDef =
    AvpDef::tgpp(1698, "Service-Gap-Time", Unsigned32).m_must_not();
pub const AERIAL_UE_SUBSCRIPTION_INFORMATION: AvpDef =
    AvpDef::tgpp(1699, "Aerial-UE-Subscription-Information", Unsigned32)
        .m_must_not()
        .values(&[(0, "AERIAL_UE_ALLOWED"), (1, "AERIAL_UE_NOT_ALLOWED")]);
pub const BROADCAST_LOCATION_ASSISTANCE_DATA_TYPES: AvpDef =
    AvpDef::tgpp(1700, "Broadcast-Location-Assistance-Data-Types", Unsigned64).m_must_not();
pub const PAGING_TIME_WINDOW: AvpDef = AvpDef::tgpp(1701, "Paging-Time-Window", Grouped)
    .m_must_not()
    .group(&[Rule::required(&OPERATION_MODE), Rule::required(&PAGING_TIME_WINDOW_LENGTH)]);
pub const OPERATION_MODE: AvpDef = AvpDef::tgpp(1702, "Operation-Mode", Unsigned32).m_must_not();
pub const PAGING_TIME_WINDOW_LENGTH: AvpDef =
    AvpDef::tgpp(1703, "Paging-Time-Window-Length", OctetString).m_must_not();
pub const CORE_NETWORK_RESTRICTIONS: AvpDef =
    AvpDef::tgpp(1704, "Core-Network-Restrictions", Unsigned32).m_must_not();
pub const EDRX_RELATED_RAT: AvpDef = AvpDef::tgpp(1705, "eDRX-Related-RAT", Grouped)
    .m_must_not()
    .group(&[Rule::range(&RAT_TYPE, 1, MANY)]);
pub const INTERWORKING_5GS_INDICATOR: AvpDef =
    AvpDef::tgpp(1706, "Interworking-5GS-Indicator", Enumerated)
        .m_must_not()
        .values(&[(0, "NOT-SUBSCRIBED"), (1, "SUBSCRIBED")]);
pub const ETHERNET_PDN_TYPE_INDICATOR: AvpDef =
    AvpDef::tgpp(1707, "Ethernet-PDN-Type-Indicator", Enumerated)
        .m_must_not()
        .values(&[(0, "FALSE"), (1, "TRUE")]);
pub const SUBSCRIBED_ARPI: AvpDef = AvpDef::tgpp(1708, "Subscribed-ARPI", Unsigned32).m_must_not();
pub const IAB_OPERATION_PERMISSION: AvpDef =
    AvpDef::tgpp(1709, "IAB-Operation-Permission", Enumerated)
        .m_must_not()
        .values(&[(0, "IAB_OPERATION_ALLOWED"), (1, "IAB_OPERATION_NOTALLOWED")]);
pub const V2X_SUBSCRIPTION_DATA_NR: AvpDef =
    AvpDef::tgpp(1710, "V2X-Subscription-Data-Nr", Grouped).m_must_not().group(&[
        Rule::optional(&V2X_PERMISSION),
        Rule::optional(&UE_PC5_AMBR),
        Rule::optional(&UE_PC5_QOS),
    ]);
pub const UE_PC5_QOS: AvpDef = AvpDef::tgpp(1711, "UE-PC5-QoS", Grouped)
    .m_must_not()
    .group(&[Rule::range(&PC5_QOS_FLOW, 1, MANY), Rule::optional(&PC5_LINK_AMBR)]);
pub const PC5_QOS_FLOW: AvpDef = AvpDef::tgpp(1712, "PC5-QoS-Flow", Grouped).m_must_not().group(&[
    Rule::required(&FIVE_QI),
    Rule::optional(&PC5_FLOW_BITRATES),
    Rule::optional(&PC5_RANGE),
]);
/// "5QI"; a Rust name cannot start with a digit.
pub const FIVE_QI: AvpDef = AvpDef::tgpp(1713, "5QI", Integer32).m_must_not();
pub const PC5_FLOW_BITRATES: AvpDef = AvpDef::tgpp(1714, "PC5-Flow-Bitrates", Grouped)
    .m_must_not()
    .group(&[Rule::optional(&GUARANTEED_FLOW_BITRATES), Rule::optional(&MAXIMUM_FLOW_BITRATES)]);
pub const GUARANTEED_FLOW_BITRATES: AvpDef =
    AvpDef::tgpp(1715, "Guaranteed-Flow-Bitrates", Integer32).m_must_not();
pub const MAXIMUM_FLOW_BITRATES: AvpDef =
    AvpDef::tgpp(1716, "Maximum-Flow-Bitrates", Integer32).m_must_not();
pub const PC5_RANGE: AvpDef = AvpDef::tgpp(1717, "PC5-Range", Integer32).m_must_not();
pub const PC5_LINK_AMBR: AvpDef = AvpDef::tgpp(1718, "PC5-Link-AMBR", Integer32).m_must_not();
pub const THIRD_CONTEXT_IDENTIFIER: AvpDef =
    AvpDef::tgpp(1719, "Third-Context-Identifier", Unsigned32).m_must_not();
pub const MDT_CONFIGURATION_NR: AvpDef =
    AvpDef::tgpp(1720, "MDT-Configuration-NR", Grouped).m_must_not().group(&[
        Rule::required(&JOB_TYPE),
        Rule::optional(&AREA_SCOPE),
        Rule::optional(&LIST_OF_MEASUREMENTS),
        Rule::optional(&REPORTING_TRIGGER),
        Rule::optional(&REPORT_INTERVAL),
        Rule::optional(&REPORT_AMOUNT),
        Rule::optional(&EVENT_THRESHOLD_RSRP),
        Rule::optional(&EVENT_THRESHOLD_RSRQ),
        Rule::optional(&EVENT_THRESHOLD_SINR),
        Rule::optional(&COLLECTION_PERIOD_RRM_NR),
        Rule::optional(&COLLECTION_PERIOD_M6_NR),
        Rule::optional(&COLLECTION_PERIOD_M7_NR),
        Rule::optional(&POSITIONING_METHOD),
        Rule::optional(&SENSOR_MEASUREMENT),
        Rule::any(&MDT_ALLOWED_PLMN_ID),
    ]);
pub const EVENT_THRESHOLD_SINR: AvpDef =
    AvpDef::tgpp(1721, "Event-Threshold-SINR", Unsigned32).m_must_not();
pub const COLLECTION_PERIOD_RRM_NR: AvpDef =
    AvpDef::tgpp(1722, "Collection-Period-RRM-NR", Enumerated).m_must_not();
pub const COLLECTION_PERIOD_M6_NR: AvpDef =
    AvpDef::tgpp(1723, "Collection-Period-M6-NR", Enumerated).m_must_not();
pub const COLLECTION_PERIOD_M7_NR: AvpDef =
    AvpDef::tgpp(1724, "Collection-Period-M7-NR", Unsigned32).m_must_not();
pub const SENSOR_MEASUREMENT: AvpDef = AvpDef::tgpp(1725, "Sensor-Measurement", Enumerated)
    .m_must_not()
    .values(&[(0, "BAROMETRIC_PRESSURE"), (1, "UE_SPEED"), (2, "UE_ORIENTATION")]);
pub const NR_CELL_GLOBAL_IDENTITY: AvpDef =
    AvpDef::tgpp(1726, "NR-Cell-Global-Identity", OctetString).m_must_not();
pub const TRACE_REPORTING_CONSUMER_URI: AvpDef =
    AvpDef::tgpp(1727, "Trace-Reporting-Consumer-Uri", DiameterUri).m_must_not();
pub const PLMN_RAT_USAGE_CONTROL: AvpDef =
    AvpDef::tgpp(1728, "PLMN-RAT-Usage-Control", Unsigned32).m_must_not();
pub const SF_ULR_TIMESTAMP: AvpDef = AvpDef::tgpp(1729, "SF-ULR-Timestamp", Time).m_must_not();
pub const SF_PROVISIONAL_INDICATION: AvpDef =
    AvpDef::tgpp(1730, "SF-Provisional-Indication", Enumerated).m_must_not();

/// Every AVP of this module.
pub static AVPS: &[AvpDef] = &[
    SUBSCRIPTION_DATA,
    TERMINAL_INFORMATION,
    IMEI,
    SOFTWARE_VERSION,
    QOS_SUBSCRIBED,
    ULR_FLAGS,
    ULA_FLAGS,
    VISITED_PLMN_ID,
    REQUESTED_EUTRAN_AUTHENTICATION_INFO,
    REQUESTED_UTRAN_GERAN_AUTHENTICATION_INFO,
    NUMBER_OF_REQUESTED_VECTORS,
    RE_SYNCHRONIZATION_INFO,
    IMMEDIATE_RESPONSE_PREFERRED,
    AUTHENTICATION_INFO,
    E_UTRAN_VECTOR,
    UTRAN_VECTOR,
    GERAN_VECTOR,
    NETWORK_ACCESS_MODE,
    HPLMN_ODB,
    ITEM_NUMBER,
    CANCELLATION_TYPE,
    DSR_FLAGS,
    DSA_FLAGS,
    CONTEXT_IDENTIFIER,
    SUBSCRIBER_STATUS,
    OPERATOR_DETERMINED_BARRING,
    ACCESS_RESTRICTION_DATA,
    APN_OI_REPLACEMENT,
    ALL_APN_CONFIGURATIONS_INCLUDED_INDICATOR,
    APN_CONFIGURATION_PROFILE,
    APN_CONFIGURATION,
    EPS_SUBSCRIBED_QOS_PROFILE,
    VPLMN_DYNAMIC_ADDRESS_ALLOWED,
    STN_SR,
    ALERT_REASON,
    AMBR,
    CSG_SUBSCRIPTION_DATA,
    CSG_ID,
    PDN_GW_ALLOCATION_TYPE,
    EXPIRATION_DATE,
    RAT_FREQUENCY_SELECTION_PRIORITY_ID,
    IDA_FLAGS,
    PUA_FLAGS,
    NOR_FLAGS,
    USER_ID,
    REGIONAL_SUBSCRIPTION_ZONE_CODE,
    RAND,
    XRES,
    AUTN,
    KASME,
    TRACE_COLLECTION_ENTITY,
    KC,
    SRES,
    PDN_TYPE,
    ROAMING_RESTRICTED_DUE_TO_UNSUPPORTED_FEATURE,
    TRACE_DATA,
    TRACE_REFERENCE,
    TRACE_DEPTH,
    TRACE_NE_TYPE_LIST,
    TRACE_INTERFACE_LIST,
    TRACE_EVENT_LIST,
    OMC_ID,
    GPRS_SUBSCRIPTION_DATA,
    COMPLETE_DATA_LIST_INCLUDED_INDICATOR,
    PDP_CONTEXT,
    PDP_TYPE,
    TGPP2_MEID,
    SPECIFIC_APN_INFO,
    LCS_INFO,
    GMLC_NUMBER,
    LCS_PRIVACY_EXCEPTION,
    SS_CODE,
    SS_STATUS,
    NOTIFICATION_TO_UE_USER,
    EXTERNAL_CLIENT,
    CLIENT_IDENTITY,
    GMLC_RESTRICTION,
    PLMN_CLIENT,
    SERVICE_TYPE,
    SERVICE_TYPE_IDENTITY,
    MO_LR,
    TELESERVICE_LIST,
    TS_CODE,
    CALL_BARRING_INFO,
    SGSN_NUMBER,
    IDR_FLAGS,
    ICS_INDICATOR,
    IMS_VOICE_OVER_PS_SESSIONS_SUPPORTED,
    HOMOGENEOUS_SUPPORT_OF_IMS_VOICE_OVER_PS_SESSIONS,
    LAST_UE_ACTIVITY_TIME,
    EPS_USER_STATE,
    EPS_LOCATION_INFORMATION,
    MME_USER_STATE,
    SGSN_USER_STATE,
    USER_STATE,
    MME_LOCATION_INFORMATION,
    SGSN_LOCATION_INFORMATION,
    E_UTRAN_CELL_GLOBAL_IDENTITY,
    TRACKING_AREA_IDENTITY,
    CELL_GLOBAL_IDENTITY,
    ROUTING_AREA_IDENTITY,
    LOCATION_AREA_IDENTITY,
    SERVICE_AREA_IDENTITY,
    GEOGRAPHICAL_INFORMATION,
    GEODETIC_INFORMATION,
    CURRENT_LOCATION_RETRIEVED,
    AGE_OF_LOCATION_INFORMATION,
    ACTIVE_APN,
    SIPTO_PERMISSION,
    ERROR_DIAGNOSTIC,
    UE_SRVCC_CAPABILITY,
    MPS_PRIORITY,
    VPLMN_LIPA_ALLOWED,
    LIPA_PERMISSION,
    SUBSCRIBED_PERIODIC_RAU_TAU_TIMER,
    EXT_PDP_TYPE,
    EXT_PDP_ADDRESS,
    MDT_CONFIGURATION,
    JOB_TYPE,
    AREA_SCOPE,
    LIST_OF_MEASUREMENTS,
    REPORTING_TRIGGER,
    REPORT_INTERVAL,
    REPORT_AMOUNT,
    EVENT_THRESHOLD_RSRP,
    EVENT_THRESHOLD_RSRQ,
    LOGGING_INTERVAL,
    LOGGING_DURATION,
    RELAY_NODE_INDICATOR,
    MDT_USER_CONSENT,
    PUR_FLAGS,
    SUBSCRIBED_VSRVCC,
    EQUIVALENT_PLMN_LIST,
    CLR_FLAGS,
    UVR_FLAGS,
    UVA_FLAGS,
    VPLMN_CSG_SUBSCRIPTION_DATA,
    TIME_ZONE,
    A_MSISDN,
    MME_NUMBER_FOR_MT_SMS,
    SMS_REGISTER_REQUEST,
    LOCAL_TIME_ZONE,
    DAYLIGHT_SAVING_TIME,
    SUBSCRIPTION_DATA_FLAGS,
    MEASUREMENT_PERIOD_LTE,
    MEASUREMENT_PERIOD_UMTS,
    COLLECTION_PERIOD_RRM_LTE,
    COLLECTION_PERIOD_RRM_UMTS,
    POSITIONING_METHOD,
    MEASUREMENT_QUANTITY,
    EVENT_THRESHOLD_EVENT_1F,
    EVENT_THRESHOLD_EVENT_1I,
    RESTORATION_PRIORITY,
    SGS_MME_IDENTITY,
    SIPTO_LOCAL_NETWORK_PERMISSION,
    COUPLED_NODE_DIAMETER_ID,
    WLAN_OFFLOADABILITY,
    WLAN_OFFLOADABILITY_EUTRAN,
    WLAN_OFFLOADABILITY_UTRAN,
    RESET_ID,
    MDT_ALLOWED_PLMN_ID,
    ADJACENT_PLMNS,
    ADJACENT_ACCESS_RESTRICTION_DATA,
    DL_BUFFERING_SUGGESTED_PACKET_COUNT,
    IMSI_GROUP_ID,
    GROUP_SERVICE_ID,
    GROUP_PLMN_ID,
    LOCAL_GROUP_ID,
    AIR_FLAGS,
    UE_USAGE_TYPE,
    NON_IP_PDN_TYPE_INDICATOR,
    NON_IP_DATA_DELIVERY_MECHANISM,
    ADDITIONAL_CONTEXT_IDENTIFIER,
    SCEF_REALM,
    SUBSCRIPTION_DATA_DELETION,
    PREFERRED_DATA_MODE,
    EMERGENCY_INFO,
    V2X_SUBSCRIPTION_DATA,
    V2X_PERMISSION,
    PDN_CONNECTION_CONTINUITY,
    EDRX_CYCLE_LENGTH,
    EDRX_CYCLE_LENGTH_VALUE,
    UE_PC5_AMBR,
    MBSFN_AREA,
    MBSFN_AREA_ID,
    CARRIER_FREQUENCY,
    RDS_INDICATOR,
    SERVICE_GAP_TIME,
    AERIAL_UE_SUBSCRIPTION_INFORMATION,
    BROADCAST_LOCATION_ASSISTANCE_DATA_TYPES,
    PAGING_TIME_WINDOW,
    OPERATION_MODE,
    PAGING_TIME_WINDOW_LENGTH,
    CORE_NETWORK_RESTRICTIONS,
    EDRX_RELATED_RAT,
    INTERWORKING_5GS_INDICATOR,
    ETHERNET_PDN_TYPE_INDICATOR,
    SUBSCRIBED_ARPI,
    IAB_OPERATION_PERMISSION,
    V2X_SUBSCRIPTION_DATA_NR,
    UE_PC5_QOS,
    PC5_QOS_FLOW,
    FIVE_QI,
    PC5_FLOW_BITRATES,
    GUARANTEED_FLOW_BITRATES,
    MAXIMUM_FLOW_BITRATES,
    PC5_RANGE,
    PC5_LINK_AMBR,
    THIRD_CONTEXT_IDENTIFIER,
    MDT_CONFIGURATION_NR,
    EVENT_THRESHOLD_SINR,
    COLLECTION_PERIOD_RRM_NR,
    COLLECTION_PERIOD_M6_NR,
    COLLECTION_PERIOD_M7_NR,
    SENSOR_MEASUREMENT,
    NR_CELL_GLOBAL_IDENTITY,
    TRACE_REPORTING_CONSUMER_URI,
    PLMN_RAT_USAGE_CONTROL,
    SF_ULR_TIMESTAMP,
    SF_PROVISIONAL_INDICATION,
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
        application: ApplicationId::S6A,
        name,
        request,
        answer,
        proxiable: true,
        request_rules,
        answer_rules,
    }
}

/// The eight command pairs of TS 29.272 §7.2.2, all with the P bit set. The `*[ AVP ]` lines of
/// the ABNF are implicit; Session-Id is the only fixed-position AVP and is checked for presence.
pub static COMMANDS: &[CommandDef] = &[
    cmd(
        CommandCode::UPDATE_LOCATION,
        "Update-Location",
        "ULR",
        "ULA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&USER_NAME),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&TERMINAL_INFORMATION),
            Rule::required(&RAT_TYPE),
            Rule::required(&ULR_FLAGS),
            Rule::optional(&UE_SRVCC_CAPABILITY),
            Rule::required(&VISITED_PLMN_ID),
            Rule::optional(&SGSN_NUMBER),
            Rule::optional(&HOMOGENEOUS_SUPPORT_OF_IMS_VOICE_OVER_PS_SESSIONS),
            Rule::optional(&GMLC_ADDRESS),
            Rule::any(&ACTIVE_APN),
            Rule::optional(&EQUIVALENT_PLMN_LIST),
            Rule::optional(&MME_NUMBER_FOR_MT_SMS),
            Rule::optional(&SMS_REGISTER_REQUEST),
            Rule::optional(&SGS_MME_IDENTITY),
            Rule::optional(&COUPLED_NODE_DIAMETER_ID),
            Rule::optional(&ADJACENT_PLMNS),
            Rule::optional(&SUPPORTED_SERVICES),
            Rule::optional(&SF_ULR_TIMESTAMP),
            Rule::optional(&SF_PROVISIONAL_INDICATION),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::optional(&ERROR_DIAGNOSTIC),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::optional(&OC_OLR),
            Rule::any(&LOAD),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&ULA_FLAGS),
            Rule::optional(&SUBSCRIPTION_DATA),
            Rule::any(&RESET_ID),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
    cmd(
        CommandCode::CANCEL_LOCATION,
        "Cancel-Location",
        "CLR",
        "CLA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&USER_NAME),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::required(&CANCELLATION_TYPE),
            Rule::optional(&CLR_FLAGS),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
    cmd(
        CommandCode::AUTHENTICATION_INFORMATION,
        "Authentication-Information",
        "AIR",
        "AIA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&USER_NAME),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&REQUESTED_EUTRAN_AUTHENTICATION_INFO),
            Rule::optional(&REQUESTED_UTRAN_GERAN_AUTHENTICATION_INFO),
            Rule::required(&VISITED_PLMN_ID),
            Rule::optional(&AIR_FLAGS),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::optional(&ERROR_DIAGNOSTIC),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::optional(&OC_OLR),
            Rule::any(&LOAD),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&AUTHENTICATION_INFO),
            Rule::optional(&UE_USAGE_TYPE),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
    cmd(
        CommandCode::INSERT_SUBSCRIBER_DATA,
        "Insert-Subscriber-Data",
        "IDR",
        "IDA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&USER_NAME),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::required(&SUBSCRIPTION_DATA),
            Rule::optional(&IDR_FLAGS),
            Rule::any(&RESET_ID),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&IMS_VOICE_OVER_PS_SESSIONS_SUPPORTED),
            Rule::optional(&LAST_UE_ACTIVITY_TIME),
            Rule::optional(&RAT_TYPE),
            Rule::optional(&IDA_FLAGS),
            Rule::optional(&EPS_USER_STATE),
            Rule::optional(&EPS_LOCATION_INFORMATION),
            Rule::optional(&LOCAL_TIME_ZONE),
            Rule::optional(&SUPPORTED_SERVICES),
            Rule::any(&MONITORING_EVENT_REPORT),
            Rule::any(&MONITORING_EVENT_CONFIG_STATUS),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
    cmd(
        CommandCode::DELETE_SUBSCRIBER_DATA,
        "Delete-Subscriber-Data",
        "DSR",
        "DSA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&USER_NAME),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::required(&DSR_FLAGS),
            Rule::optional(&SCEF_ID),
            Rule::any(&CONTEXT_IDENTIFIER),
            Rule::optional(&TRACE_REFERENCE),
            Rule::any(&TS_CODE),
            Rule::any(&SS_CODE),
            Rule::optional(&EDRX_RELATED_RAT),
            Rule::any(&EXTERNAL_IDENTIFIER),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&DSA_FLAGS),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
    cmd(
        CommandCode::PURGE_UE,
        "Purge-UE",
        "PUR",
        "PUA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&USER_NAME),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::optional(&PUR_FLAGS),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&EPS_LOCATION_INFORMATION),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::optional(&OC_OLR),
            Rule::any(&LOAD),
            Rule::optional(&PUA_FLAGS),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
    cmd(
        CommandCode::RESET,
        "Reset",
        "RSR",
        "RSA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::any(&USER_ID),
            Rule::any(&RESET_ID),
            Rule::optional(&SUBSCRIPTION_DATA),
            Rule::optional(&SUBSCRIPTION_DATA_DELETION),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
    cmd(
        CommandCode::NOTIFY,
        "Notify",
        "NOR",
        "NOA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::optional(&DRMP),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&USER_NAME),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&TERMINAL_INFORMATION),
            Rule::optional(&MIP6_AGENT_INFO),
            Rule::optional(&VISITED_NETWORK_IDENTIFIER),
            Rule::optional(&CONTEXT_IDENTIFIER),
            Rule::optional(&SERVICE_SELECTION),
            Rule::optional(&ALERT_REASON),
            Rule::optional(&UE_SRVCC_CAPABILITY),
            Rule::optional(&NOR_FLAGS),
            Rule::optional(&HOMOGENEOUS_SUPPORT_OF_IMS_VOICE_OVER_PS_SESSIONS),
            Rule::optional(&MAXIMUM_UE_AVAILABILITY_TIME),
            Rule::any(&MONITORING_EVENT_CONFIG_STATUS),
            Rule::optional(&EMERGENCY_SERVICES),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::optional(&OC_OLR),
            Rule::any(&LOAD),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
];

pub const APPLICATION: Application = Application {
    id: ApplicationId::S6A,
    name: "3GPP S6a/S6d",
    vendor: VendorId::TGPP,
    commands: COMMANDS,
    avps: AVPS,
};
