//! The APN configuration of TS 29.272 §7.3 that SWx re-uses in Non-3GPP-User-Data and SAR:
//! APN-Configuration with everything inside it, AMBR, Context-Identifier, APN-OI-Replacement,
//! Active-APN, Emergency-Info, UE-Usage-Type and Core-Network-Restrictions. PDN-Type and the
//! Non-IP AVPs also travel in the TS 29.336 PDN-Connectivity-Status-Report.

use super::*;

// TS 29.272 §7.3, AVPs 1423-1472: M bit must be set.

pub const CONTEXT_IDENTIFIER: AvpDef = AvpDef::tgpp(1423, "Context-Identifier", Unsigned32);
pub const APN_OI_REPLACEMENT: AvpDef = AvpDef::tgpp(1427, "APN-OI-Replacement", Utf8String);
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
pub const AMBR: AvpDef = AvpDef::tgpp(1435, "AMBR", Grouped).group(&[
    Rule::required(&MAX_REQUESTED_BANDWIDTH_UL),
    Rule::required(&MAX_REQUESTED_BANDWIDTH_DL),
    Rule::optional(&EXTENDED_MAX_REQUESTED_BW_UL),
    Rule::optional(&EXTENDED_MAX_REQUESTED_BW_DL),
]);
pub const PDN_GW_ALLOCATION_TYPE: AvpDef = AvpDef::tgpp(1438, "PDN-GW-Allocation-Type", Enumerated)
    .values(&[(0, "STATIC"), (1, "DYNAMIC")]);
pub const PDN_TYPE: AvpDef = AvpDef::tgpp(1456, "PDN-Type", Enumerated).values(&[
    (0, "IPv4"),
    (1, "IPv6"),
    (2, "IPv4v6"),
    (3, "IPv4_OR_IPv6"),
    (4, "Non-IP"),
]);
pub const SPECIFIC_APN_INFO: AvpDef = AvpDef::tgpp(1472, "Specific-APN-Info", Grouped).group(&[
    Rule::required(&SERVICE_SELECTION),
    Rule::required(&MIP6_AGENT_INFO),
    Rule::optional(&VISITED_NETWORK_IDENTIFIER),
]);

// TS 29.272 §7.3, AVPs 1612-1707: M bit must not be set.

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
pub const LIPA_PERMISSION: AvpDef = AvpDef::tgpp(1618, "LIPA-Permission", Enumerated)
    .m_must_not()
    .values(&[(0, "LIPA_PROHIBITED"), (1, "LIPA_ONLY"), (2, "LIPA_CONDITIONAL")]);
pub const RESTORATION_PRIORITY: AvpDef =
    AvpDef::tgpp(1663, "Restoration-Priority", Unsigned32).m_must_not();
pub const SIPTO_LOCAL_NETWORK_PERMISSION: AvpDef =
    AvpDef::tgpp(1665, "SIPTO-Local-Network-Permission", Unsigned32)
        .m_must_not()
        .values(&[(0, "SIPTO_AT_LOCAL_NETWORK_ALLOWED"), (1, "SIPTO_AT_LOCAL_NETWORK_NOTALLOWED")]);
pub const WLAN_OFFLOADABILITY: AvpDef =
    AvpDef::tgpp(1667, "WLAN-offloadability", Grouped).m_must_not().group(&[
        Rule::optional(&WLAN_OFFLOADABILITY_EUTRAN),
        Rule::optional(&WLAN_OFFLOADABILITY_UTRAN),
    ]);
pub const WLAN_OFFLOADABILITY_EUTRAN: AvpDef =
    AvpDef::tgpp(1668, "WLAN-offloadability-EUTRAN", Unsigned32).m_must_not();
pub const WLAN_OFFLOADABILITY_UTRAN: AvpDef =
    AvpDef::tgpp(1669, "WLAN-offloadability-UTRAN", Unsigned32).m_must_not();
pub const UE_USAGE_TYPE: AvpDef = AvpDef::tgpp(1680, "UE-Usage-Type", Unsigned32).m_must_not();
pub const NON_IP_PDN_TYPE_INDICATOR: AvpDef =
    AvpDef::tgpp(1681, "Non-IP-PDN-Type-Indicator", Enumerated)
        .m_must_not()
        .values(&[(0, "FALSE"), (1, "TRUE")]);
pub const NON_IP_DATA_DELIVERY_MECHANISM: AvpDef =
    AvpDef::tgpp(1682, "Non-IP-Data-Delivery-Mechanism", Unsigned32)
        .m_must_not()
        .values(&[(0, "SGi-BASED-DATA-DELIVERY"), (1, "SCEF-BASED-DATA-DELIVERY")]);
pub const SCEF_REALM: AvpDef = AvpDef::tgpp(1684, "SCEF-Realm", DiameterIdentity).m_must_not();
pub const PREFERRED_DATA_MODE: AvpDef =
    AvpDef::tgpp(1686, "Preferred-Data-Mode", Unsigned32).m_must_not();
pub const EMERGENCY_INFO: AvpDef = AvpDef::tgpp(1687, "Emergency-Info", Grouped)
    .m_must_not()
    .group(&[Rule::optional(&MIP6_AGENT_INFO)]);
pub const PDN_CONNECTION_CONTINUITY: AvpDef =
    AvpDef::tgpp(1690, "PDN-Connection-Continuity", Unsigned32).m_must_not().values(&[
        (0, "MAINTAIN_PDN_CONNECTION"),
        (1, "DISCONNECT_PDN_CONNECTION_WITH_REACTIVATION_REQUEST"),
        (2, "DISCONNECT_PDN_CONNECTION_WITHOUT_REACTIVATION_REQUEST"),
    ]);
pub const RDS_INDICATOR: AvpDef = AvpDef::tgpp(1697, "RDS-Indicator", Enumerated)
    .m_must_not()
    .values(&[(0, "DISABLED"), (1, "ENABLED")]);
pub const CORE_NETWORK_RESTRICTIONS: AvpDef =
    AvpDef::tgpp(1704, "Core-Network-Restrictions", Unsigned32).m_must_not();
pub const INTERWORKING_5GS_INDICATOR: AvpDef =
    AvpDef::tgpp(1706, "Interworking-5GS-Indicator", Enumerated)
        .m_must_not()
        .values(&[(0, "NOT-SUBSCRIBED"), (1, "SUBSCRIBED")]);
pub const ETHERNET_PDN_TYPE_INDICATOR: AvpDef =
    AvpDef::tgpp(1707, "Ethernet-PDN-Type-Indicator", Enumerated)
        .m_must_not()
        .values(&[(0, "FALSE"), (1, "TRUE")]);
