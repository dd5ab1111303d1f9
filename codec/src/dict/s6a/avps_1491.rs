//! S6a AVPs 1491-1499 and 1600-1730 (TS 29.272 §7.3.104 on): the M bit must not be set
//! (except UVR-Flags, UVA-Flags and VPLMN-CSG-Subscription-Data).

use super::*;

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
