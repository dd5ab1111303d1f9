//! S6a AVPs 1491-1499 and 1600-1730 (TS 29.272 §7.3.104 on): the M bit must not be set
//! (except UVR-Flags, UVA-Flags and VPLMN-CSG-Subscription-Data). Those that other applications
//! also carry live in `dict::tgpp` (see the parent module).

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
pub const EXT_PDP_TYPE: AvpDef = AvpDef::tgpp(1620, "Ext-PDP-Type", OctetString).m_must_not();
pub const EXT_PDP_ADDRESS: AvpDef = AvpDef::tgpp(1621, "Ext-PDP-Address", Address).m_must_not();
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
pub const A_MSISDN: AvpDef = AvpDef::tgpp(1643, "A-MSISDN", OctetString).m_must_not();
pub const MME_NUMBER_FOR_MT_SMS: AvpDef =
    AvpDef::tgpp(1645, "MME-Number-for-MT-SMS", OctetString).m_must_not();
pub const SMS_REGISTER_REQUEST: AvpDef =
    AvpDef::tgpp(1648, "SMS-Register-Request", Enumerated).m_must_not().values(&[
        (0, "SMS_REGISTRATION_REQUIRED"),
        (1, "SMS_REGISTRATION_NOT_PREFERRED"),
        (2, "NO_PREFERENCE"),
    ]);
pub const SUBSCRIPTION_DATA_FLAGS: AvpDef =
    AvpDef::tgpp(1654, "Subscription-Data-Flags", Unsigned32).m_must_not();
pub const SGS_MME_IDENTITY: AvpDef =
    AvpDef::tgpp(1664, "SGs-MME-Identity", Utf8String).m_must_not();
pub const COUPLED_NODE_DIAMETER_ID: AvpDef =
    AvpDef::tgpp(1666, "Coupled-Node-Diameter-ID", DiameterIdentity).m_must_not();
pub const RESET_ID: AvpDef = AvpDef::tgpp(1670, "Reset-ID", OctetString).m_must_not();
pub const ADJACENT_PLMNS: AvpDef = AvpDef::tgpp(1672, "Adjacent-PLMNs", Grouped)
    .m_must_not()
    .group(&[Rule::range(&VISITED_PLMN_ID, 1, MANY)]);
pub const ADJACENT_ACCESS_RESTRICTION_DATA: AvpDef =
    AvpDef::tgpp(1673, "Adjacent-Access-Restriction-Data", Grouped)
        .m_must_not()
        .group(&[Rule::required(&VISITED_PLMN_ID), Rule::required(&ACCESS_RESTRICTION_DATA)]);
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
/// Table 7.3.1/1 of some releases spells this AVP "Additional-Context-ID"; the ABNF of
/// APN-Configuration-Profile (and Wireshark) write "Additional-Context-Identifier".
pub const ADDITIONAL_CONTEXT_IDENTIFIER: AvpDef =
    AvpDef::tgpp(1683, "Additional-Context-Identifier", Unsigned32).m_must_not();
pub const SUBSCRIPTION_DATA_DELETION: AvpDef =
    AvpDef::tgpp(1685, "Subscription-Data-Deletion", Grouped).m_must_not().group(&[
        Rule::required(&DSR_FLAGS),
        Rule::optional(&SCEF_ID),
        Rule::any(&CONTEXT_IDENTIFIER),
        Rule::optional(&TRACE_REFERENCE),
        Rule::any(&TS_CODE),
        Rule::any(&SS_CODE),
    ]);
pub const V2X_SUBSCRIPTION_DATA: AvpDef = AvpDef::tgpp(1688, "V2X-Subscription-Data", Grouped)
    .m_must_not()
    .group(&[Rule::optional(&V2X_PERMISSION), Rule::optional(&UE_PC5_AMBR)]);
pub const V2X_PERMISSION: AvpDef = AvpDef::tgpp(1689, "V2X-Permission", Unsigned32).m_must_not();
pub const UE_PC5_AMBR: AvpDef = AvpDef::tgpp(1693, "UE-PC5-AMBR", Unsigned32).m_must_not();
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
pub const EDRX_RELATED_RAT: AvpDef = AvpDef::tgpp(1705, "eDRX-Related-RAT", Grouped)
    .m_must_not()
    .group(&[Rule::range(&RAT_TYPE, 1, MANY)]);
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
pub const PLMN_RAT_USAGE_CONTROL: AvpDef =
    AvpDef::tgpp(1728, "PLMN-RAT-Usage-Control", Unsigned32).m_must_not();
pub const SF_ULR_TIMESTAMP: AvpDef = AvpDef::tgpp(1729, "SF-ULR-Timestamp", Time).m_must_not();
pub const SF_PROVISIONAL_INDICATION: AvpDef =
    AvpDef::tgpp(1730, "SF-Provisional-Indication", Enumerated).m_must_not();
