//! QoS, bearer and charging AVPs of TS 29.061, TS 29.212, TS 29.214 and TS 32.299 that the
//! S6a/S6d and SWx subscription data carry.

use super::*;

// TS 29.061 §16.4.7 (3GPP vendor-specific RADIUS attributes carried as Diameter AVPs).

/// TS 29.061 §16.4.7: the M bit is cleared when the AVP is re-used (TS 29.212 §5.4).
pub const TGPP_CHARGING_CHARACTERISTICS: AvpDef =
    AvpDef::tgpp(13, "3GPP-Charging-Characteristics", Utf8String).m_must_not();

// TS 29.214 §5.3.

pub const MAX_REQUESTED_BANDWIDTH_DL: AvpDef =
    AvpDef::tgpp(515, "Max-Requested-Bandwidth-DL", Unsigned32);
pub const MAX_REQUESTED_BANDWIDTH_UL: AvpDef =
    AvpDef::tgpp(516, "Max-Requested-Bandwidth-UL", Unsigned32);
pub const EXTENDED_MAX_REQUESTED_BW_DL: AvpDef =
    AvpDef::tgpp(554, "Extended-Max-Requested-BW-DL", Unsigned32).m_must_not();
pub const EXTENDED_MAX_REQUESTED_BW_UL: AvpDef =
    AvpDef::tgpp(555, "Extended-Max-Requested-BW-UL", Unsigned32).m_must_not();

// TS 32.299 §7.2.

pub const SERVED_PARTY_IP_ADDRESS: AvpDef = AvpDef::tgpp(848, "Served-Party-IP-Address", Address);

// TS 29.212 §5.3.

pub const QOS_CLASS_IDENTIFIER: AvpDef = AvpDef::tgpp(1028, "QoS-Class-Identifier", Enumerated)
    .values(&[
        (1, "QCI_1"),
        (2, "QCI_2"),
        (3, "QCI_3"),
        (4, "QCI_4"),
        (5, "QCI_5"),
        (6, "QCI_6"),
        (7, "QCI_7"),
        (8, "QCI_8"),
        (9, "QCI_9"),
        (65, "QCI_65"),
        (66, "QCI_66"),
        (67, "QCI_67"),
        (69, "QCI_69"),
        (70, "QCI_70"),
        (71, "QCI_71"),
        (72, "QCI_72"),
        (73, "QCI_73"),
        (74, "QCI_74"),
        (75, "QCI_75"),
        (76, "QCI_76"),
        (79, "QCI_79"),
        (80, "QCI_80"),
        (82, "QCI_82"),
        (83, "QCI_83"),
        (84, "QCI_84"),
        (85, "QCI_85"),
    ]);
pub const RAT_TYPE: AvpDef = AvpDef::tgpp(1032, "RAT-Type", Enumerated).m_must_not().values(&[
    (0, "WLAN"),
    (1, "VIRTUAL"),
    (2, "TRUSTED-N3GA"),
    (3, "WIRELINE"),
    (4, "WIRELINE-CABLE"),
    (5, "WIRELINE-BBF"),
    (1000, "UTRAN"),
    (1001, "GERAN"),
    (1002, "GAN"),
    (1003, "HSPA_EVOLUTION"),
    (1004, "EUTRAN"),
    (1005, "EUTRAN-NB-IoT"),
    (1006, "NR"),
    (1007, "LTE-M"),
    (1008, "NR-U"),
    (2000, "CDMA2000_1X"),
    (2001, "HRPD"),
    (2002, "UMB"),
    (2003, "EHRPD"),
]);
pub const ALLOCATION_RETENTION_PRIORITY: AvpDef =
    AvpDef::tgpp(1034, "Allocation-Retention-Priority", Grouped).m_must_not().group(&[
        Rule::required(&PRIORITY_LEVEL),
        Rule::optional(&PRE_EMPTION_CAPABILITY),
        Rule::optional(&PRE_EMPTION_VULNERABILITY),
    ]);
pub const PRIORITY_LEVEL: AvpDef = AvpDef::tgpp(1046, "Priority-Level", Unsigned32).m_must_not();
pub const PRE_EMPTION_CAPABILITY: AvpDef = AvpDef::tgpp(1047, "Pre-emption-Capability", Enumerated)
    .m_must_not()
    .values(&[(0, "PRE-EMPTION_CAPABILITY_ENABLED"), (1, "PRE-EMPTION_CAPABILITY_DISABLED")]);
pub const PRE_EMPTION_VULNERABILITY: AvpDef =
    AvpDef::tgpp(1048, "Pre-emption-Vulnerability", Enumerated).m_must_not().values(&[
        (0, "PRE-EMPTION_VULNERABILITY_ENABLED"),
        (1, "PRE-EMPTION_VULNERABILITY_DISABLED"),
    ]);

// TS 32.299 §7.2: charging AVPs re-used in S6a grouped AVPs.

pub const CHARGED_PARTY: AvpDef = AvpDef::tgpp(857, "Charged-Party", Utf8String);
pub const PDP_ADDRESS: AvpDef = AvpDef::tgpp(1227, "PDP-Address", Address);
