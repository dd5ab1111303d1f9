//! S6a AVPs 1400-1490 (TS 29.272 §7.3.2-7.3.90): the M bit is set (except User-Id). Those that
//! other applications also carry live in `dict::tgpp` (see the parent module).

use super::*;

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
pub const QOS_SUBSCRIBED: AvpDef = AvpDef::tgpp(1404, "QoS-Subscribed", OctetString);
pub const ULR_FLAGS: AvpDef = AvpDef::tgpp(1405, "ULR-Flags", Unsigned32);
pub const ULA_FLAGS: AvpDef = AvpDef::tgpp(1406, "ULA-Flags", Unsigned32);
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
pub const SUBSCRIBER_STATUS: AvpDef = AvpDef::tgpp(1424, "Subscriber-Status", Enumerated)
    .values(&[(0, "SERVICE_GRANTED"), (1, "OPERATOR_DETERMINED_BARRING")]);
pub const OPERATOR_DETERMINED_BARRING: AvpDef =
    AvpDef::tgpp(1425, "Operator-Determined-Barring", Unsigned32);
pub const ACCESS_RESTRICTION_DATA: AvpDef =
    AvpDef::tgpp(1426, "Access-Restriction-Data", Unsigned32);
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
pub const STN_SR: AvpDef = AvpDef::tgpp(1433, "STN-SR", OctetString);
pub const ALERT_REASON: AvpDef = AvpDef::tgpp(1434, "Alert-Reason", Enumerated)
    .values(&[(0, "UE_PRESENT"), (1, "UE_MEMORY_AVAILABLE")]);
pub const CSG_SUBSCRIPTION_DATA: AvpDef = AvpDef::tgpp(1436, "CSG-Subscription-Data", Grouped)
    .group(&[
        Rule::required(&CSG_ID),
        Rule::optional(&EXPIRATION_DATE),
        Rule::any(&SERVICE_SELECTION),
        Rule::optional(&VISITED_PLMN_ID),
    ]);
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
pub const KC: AvpDef = AvpDef::tgpp(1453, "Kc", OctetString);
pub const SRES: AvpDef = AvpDef::tgpp(1454, "SRES", OctetString);
pub const ROAMING_RESTRICTED_DUE_TO_UNSUPPORTED_FEATURE: AvpDef =
    AvpDef::tgpp(1457, "Roaming-Restricted-Due-To-Unsupported-Feature", Enumerated)
        .values(&[(0, "Roaming-Restricted-Due-To-Unsupported-Feature")]);
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
