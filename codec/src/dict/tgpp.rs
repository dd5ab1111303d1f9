//! 3GPP AVPs shared by several HSS applications and defined outside TS 29.272, 29.229 (Cx),
//! 29.329 and 29.273: QoS and RAT AVPs of TS 29.212 / 29.214, charging AVPs of TS 29.061 and
//! TS 32.299, and the generic Supported-Features and Visited-Network-Identifier AVPs of TS 29.229
//! that S6a, Cx, Sh and SWx all carry. It also holds the AVPs that TS 29.272 table 7.3.1/2 re-uses
//! from TS 29.173 (GMLC-Address), TS 29.217 (eNodeB-Id), TS 29.128 (Idle-Status-Indication),
//! TS 29.336 (External-Identifier, AESE communication patterns, monitoring events), TS 29.338
//! (Maximum-UE-Availability-Time) and TS 29.344 (ProSe-Subscription-Data).
//!
//! M-bit rules are those of the defining specification's AVP table.

use super::AvpType::*;
use super::ietf::{DAY_OF_WEEK_MASK, SERVICE_SELECTION, TIME_OF_DAY_END, TIME_OF_DAY_START};
use super::s6a::{
    CSG_ID, DL_BUFFERING_SUGGESTED_PACKET_COUNT, EDRX_CYCLE_LENGTH, EPS_LOCATION_INFORMATION,
    NON_IP_DATA_DELIVERY_MECHANISM, NON_IP_PDN_TYPE_INDICATOR, PDN_TYPE,
    SUBSCRIBED_PERIODIC_RAU_TAU_TIMER, TERMINAL_INFORMATION, VISITED_PLMN_ID,
};
use super::{Application, AvpDef, CommandDef, Rule};
use crate::code::{ApplicationId, VendorId};

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

// TS 29.229 §6.3: generic AVPs re-used by S6a/S6d, Sh and SWx.

pub const VISITED_NETWORK_IDENTIFIER: AvpDef =
    AvpDef::tgpp(600, "Visited-Network-Identifier", OctetString);
pub const SUPPORTED_FEATURES: AvpDef =
    AvpDef::tgpp(628, "Supported-Features", Grouped).m_may().group(&[
        Rule::required(&super::base::VENDOR_ID),
        Rule::required(&FEATURE_LIST_ID),
        Rule::required(&FEATURE_LIST),
    ]);
pub const FEATURE_LIST_ID: AvpDef = AvpDef::tgpp(629, "Feature-List-ID", Unsigned32).m_must_not();
pub const FEATURE_LIST: AvpDef = AvpDef::tgpp(630, "Feature-List", Unsigned32).m_must_not();

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
pub const CSG_ACCESS_MODE: AvpDef = AvpDef::tgpp(2317, "CSG-Access-Mode", Enumerated)
    .values(&[(0, "CLOSED_MODE"), (1, "HYBRID_MODE")]);
pub const CSG_MEMBERSHIP_INDICATION: AvpDef =
    AvpDef::tgpp(2318, "CSG-Membership-Indication", Enumerated)
        .values(&[(0, "NOT_CSG_MEMBER"), (1, "CSG_MEMBER")]);
pub const USER_CSG_INFORMATION: AvpDef =
    AvpDef::tgpp(2319, "User-CSG-Information", Grouped).group(&[
        Rule::required(&CSG_ID),
        Rule::required(&CSG_ACCESS_MODE),
        Rule::optional(&CSG_MEMBERSHIP_INDICATION),
    ]);

// TS 29.173 §6.4.7.

pub const GMLC_ADDRESS: AvpDef = AvpDef::tgpp(2405, "GMLC-Address", Address);

// TS 29.336 §8.4: MTC monitoring and communication patterns carried in S6a.

pub const EXTERNAL_IDENTIFIER: AvpDef = AvpDef::tgpp(3111, "External-Identifier", Utf8String);
pub const AESE_COMMUNICATION_PATTERN: AvpDef =
    AvpDef::tgpp(3113, "AESE-Communication-Pattern", Grouped).group(&[
        Rule::optional(&SCEF_REFERENCE_ID),
        Rule::optional(&SCEF_REFERENCE_ID_EXT),
        Rule::required(&SCEF_ID),
        Rule::any(&SCEF_REFERENCE_ID_FOR_DELETION),
        Rule::any(&SCEF_REFERENCE_ID_FOR_DELETION_EXT),
        Rule::any(&COMMUNICATION_PATTERN_SET),
        Rule::optional(&MTC_PROVIDER_INFO),
    ]);
pub const COMMUNICATION_PATTERN_SET: AvpDef =
    AvpDef::tgpp(3114, "Communication-Pattern-Set", Grouped).group(&[
        Rule::optional(&PERIODIC_COMMUNICATION_INDICATOR),
        Rule::optional(&COMMUNICATION_DURATION_TIME),
        Rule::optional(&PERIODIC_TIME),
        Rule::any(&SCHEDULED_COMMUNICATION_TIME),
        Rule::optional(&STATIONARY_INDICATION),
        Rule::optional(&REFERENCE_ID_VALIDITY_TIME),
        Rule::optional(&TRAFFIC_PROFILE),
        Rule::optional(&BATTERY_INDICATOR),
    ]);
pub const PERIODIC_COMMUNICATION_INDICATOR: AvpDef =
    AvpDef::tgpp(3115, "Periodic-Communication-Indicator", Unsigned32)
        .values(&[(0, "PERIODICALLY"), (1, "ON_DEMAND")]);
pub const COMMUNICATION_DURATION_TIME: AvpDef =
    AvpDef::tgpp(3116, "Communication-Duration-Time", Unsigned32);
pub const PERIODIC_TIME: AvpDef = AvpDef::tgpp(3117, "Periodic-Time", Unsigned32);
pub const SCHEDULED_COMMUNICATION_TIME: AvpDef =
    AvpDef::tgpp(3118, "Scheduled-Communication-Time", Grouped).group(&[
        Rule::optional(&DAY_OF_WEEK_MASK),
        Rule::optional(&TIME_OF_DAY_START),
        Rule::optional(&TIME_OF_DAY_END),
    ]);
pub const STATIONARY_INDICATION: AvpDef = AvpDef::tgpp(3119, "Stationary-Indication", Unsigned32)
    .values(&[(0, "STATIONARY_UE"), (1, "MOBILE_UE")]);
pub const MONITORING_EVENT_CONFIGURATION: AvpDef =
    AvpDef::tgpp(3122, "Monitoring-Event-Configuration", Grouped).group(&[
        Rule::optional(&SCEF_REFERENCE_ID),
        Rule::optional(&SCEF_REFERENCE_ID_EXT),
        Rule::required(&SCEF_ID),
        Rule::required(&MONITORING_TYPE),
        Rule::any(&SCEF_REFERENCE_ID_FOR_DELETION),
        Rule::any(&SCEF_REFERENCE_ID_FOR_DELETION_EXT),
        Rule::optional(&MAXIMUM_NUMBER_OF_REPORTS),
        Rule::optional(&MONITORING_DURATION),
        Rule::optional(&CHARGED_PARTY),
        Rule::optional(&MAXIMUM_DETECTION_TIME),
        Rule::optional(&UE_REACHABILITY_CONFIGURATION),
        Rule::optional(&LOCATION_INFORMATION_CONFIGURATION),
        Rule::optional(&ASSOCIATION_TYPE),
        Rule::optional(&DL_BUFFERING_SUGGESTED_PACKET_COUNT),
        Rule::optional(&PLMN_ID_REQUESTED),
        Rule::optional(&MTC_PROVIDER_INFO),
        Rule::optional(&PDN_CONNECTIVITY_STATUS_CONFIGURATION),
    ]);
pub const MONITORING_EVENT_REPORT: AvpDef = AvpDef::tgpp(3123, "Monitoring-Event-Report", Grouped)
    .group(&[
        Rule::required(&SCEF_REFERENCE_ID),
        Rule::optional(&SCEF_REFERENCE_ID_EXT),
        Rule::optional(&SCEF_ID),
        Rule::optional(&SCEF_REFERENCE_ID_FOR_DELETION),
        Rule::optional(&SCEF_REFERENCE_ID_FOR_DELETION_EXT),
        Rule::optional(&VISITED_PLMN_ID),
        Rule::optional(&ROAMING_INFORMATION),
        Rule::optional(&IMEI_CHANGE),
        Rule::optional(&TERMINAL_INFORMATION),
        Rule::optional(&REACHABILITY_INFORMATION),
        Rule::optional(&REACHABILITY_CAUSE),
        Rule::optional(&MAXIMUM_UE_AVAILABILITY_TIME),
        Rule::optional(&EPS_LOCATION_INFORMATION),
        Rule::optional(&MONITORING_TYPE),
        Rule::optional(&EVENT_HANDLING),
        Rule::any(&SERVICE_REPORT),
        Rule::optional(&LOSS_OF_CONNECTIVITY_REASON),
        Rule::optional(&IDLE_STATUS_INDICATION),
        Rule::any(&PDN_CONNECTIVITY_STATUS_REPORT),
    ]);
pub const SCEF_REFERENCE_ID: AvpDef = AvpDef::tgpp(3124, "SCEF-Reference-ID", Unsigned32);
pub const SCEF_ID: AvpDef = AvpDef::tgpp(3125, "SCEF-ID", DiameterIdentity);
pub const SCEF_REFERENCE_ID_FOR_DELETION: AvpDef =
    AvpDef::tgpp(3126, "SCEF-Reference-ID-for-Deletion", Unsigned32);
pub const MONITORING_TYPE: AvpDef = AvpDef::tgpp(3127, "Monitoring-Type", Unsigned32).values(&[
    (0, "LOSS_OF_CONNECTIVITY"),
    (1, "UE_REACHABILITY"),
    (2, "LOCATION_REPORTING"),
    (3, "CHANGE_OF_IMSI_IMEI(SV)_ASSOCIATION"),
    (4, "ROAMING_STATUS"),
    (5, "COMMUNICATION_FAILURE"),
    (6, "AVAILABILITY_AFTER_DDN_FAILURE"),
    (7, "NUMBER_OF_UES_PRESENT_IN_A_CERTAIN_AREA"),
    (8, "UE_REACHABILITY_AND_IDLE_STATUS_INDICATION"),
    (9, "AVAILABILITY_AFTER_DDN_FAILURE_AND_IDLE_STATUS_INDICATION"),
    (10, "PDN_CONNECTIVITY_STATUS"),
]);
pub const MAXIMUM_NUMBER_OF_REPORTS: AvpDef =
    AvpDef::tgpp(3128, "Maximum-Number-of-Reports", Unsigned32);
pub const UE_REACHABILITY_CONFIGURATION: AvpDef =
    AvpDef::tgpp(3129, "UE-Reachability-Configuration", Grouped).group(&[
        Rule::optional(&REACHABILITY_TYPE),
        Rule::optional(&MAXIMUM_LATENCY),
        Rule::optional(&MAXIMUM_RESPONSE_TIME),
        Rule::optional(&DL_BUFFERING_SUGGESTED_PACKET_COUNT),
    ]);
pub const MONITORING_DURATION: AvpDef = AvpDef::tgpp(3130, "Monitoring-Duration", Time);
pub const MAXIMUM_DETECTION_TIME: AvpDef = AvpDef::tgpp(3131, "Maximum-Detection-Time", Unsigned32);
pub const REACHABILITY_TYPE: AvpDef = AvpDef::tgpp(3132, "Reachability-Type", Unsigned32);
pub const MAXIMUM_LATENCY: AvpDef = AvpDef::tgpp(3133, "Maximum-Latency", Unsigned32);
pub const MAXIMUM_RESPONSE_TIME: AvpDef = AvpDef::tgpp(3134, "Maximum-Response-Time", Unsigned32);
pub const LOCATION_INFORMATION_CONFIGURATION: AvpDef =
    AvpDef::tgpp(3135, "Location-Information-Configuration", Grouped).group(&[
        Rule::optional(&MONTE_LOCATION_TYPE),
        Rule::optional(&ACCURACY),
        Rule::optional(&PERIODIC_TIME),
    ]);
pub const MONTE_LOCATION_TYPE: AvpDef = AvpDef::tgpp(3136, "MONTE-Location-Type", Unsigned32)
    .values(&[(0, "CURRENT_LOCATION"), (1, "LAST_KNOWN_LOCATION")]);
pub const ACCURACY: AvpDef = AvpDef::tgpp(3137, "Accuracy", Unsigned32);
pub const ASSOCIATION_TYPE: AvpDef = AvpDef::tgpp(3138, "Association-Type", Unsigned32)
    .values(&[(0, "IMEI-CHANGE"), (1, "IMEISV-CHANGE")]);
pub const ROAMING_INFORMATION: AvpDef = AvpDef::tgpp(3139, "Roaming-Information", Unsigned32);
pub const REACHABILITY_INFORMATION: AvpDef =
    AvpDef::tgpp(3140, "Reachability-Information", Unsigned32);
pub const IMEI_CHANGE: AvpDef = AvpDef::tgpp(3141, "IMEI-Change", Unsigned32);
pub const MONITORING_EVENT_CONFIG_STATUS: AvpDef =
    AvpDef::tgpp(3142, "Monitoring-Event-Config-Status", Grouped).group(&[
        Rule::any(&SERVICE_REPORT),
        Rule::required(&SCEF_REFERENCE_ID),
        Rule::optional(&SCEF_REFERENCE_ID_EXT),
        Rule::optional(&SCEF_ID),
    ]);
pub const SUPPORTED_SERVICES: AvpDef = AvpDef::tgpp(3143, "Supported-Services", Grouped)
    .group(&[Rule::optional(&SUPPORTED_MONITORING_EVENTS), Rule::optional(&NODE_TYPE)]);
pub const SUPPORTED_MONITORING_EVENTS: AvpDef =
    AvpDef::tgpp(3144, "Supported-Monitoring-Events", Unsigned64);
pub const SERVICE_RESULT: AvpDef = AvpDef::tgpp(3146, "Service-Result", Grouped)
    .group(&[Rule::optional(&super::base::VENDOR_ID), Rule::optional(&SERVICE_RESULT_CODE)]);
pub const SERVICE_RESULT_CODE: AvpDef = AvpDef::tgpp(3147, "Service-Result-Code", Unsigned32);
pub const REFERENCE_ID_VALIDITY_TIME: AvpDef =
    AvpDef::tgpp(3148, "Reference-ID-Validity-Time", Time);
pub const EVENT_HANDLING: AvpDef = AvpDef::tgpp(3149, "Event-Handling", Unsigned32);
pub const SERVICE_REPORT: AvpDef = AvpDef::tgpp(3152, "Service-Report", Grouped)
    .group(&[Rule::optional(&SERVICE_RESULT), Rule::optional(&NODE_TYPE)]);
pub const NODE_TYPE: AvpDef = AvpDef::tgpp(3153, "Node-Type", Unsigned32);
pub const LOSS_OF_CONNECTIVITY_REASON: AvpDef =
    AvpDef::tgpp(3162, "Loss-Of-Connectivity-Reason", Unsigned32).m_must_not();
pub const PLMN_ID_REQUESTED: AvpDef = AvpDef::tgpp(3172, "PLMN-ID-Requested", Enumerated)
    .m_must_not()
    .values(&[(0, "TRUE"), (1, "FALSE")]);
pub const MTC_PROVIDER_INFO: AvpDef = AvpDef::tgpp(3178, "MTC-Provider-Info", Grouped)
    .m_must_not()
    .group(&[Rule::optional(&MTC_PROVIDER_ID)]);
pub const MTC_PROVIDER_ID: AvpDef = AvpDef::tgpp(3179, "MTC-Provider-ID", Utf8String).m_must_not();
pub const PDN_CONNECTIVITY_STATUS_CONFIGURATION: AvpDef =
    AvpDef::tgpp(3180, "PDN-Connectivity-Status-Configuration", Grouped)
        .m_must_not()
        .group(&[Rule::optional(&SERVICE_SELECTION)]);
pub const PDN_CONNECTIVITY_STATUS_REPORT: AvpDef =
    AvpDef::tgpp(3181, "PDN-Connectivity-Status-Report", Grouped).m_must_not().group(&[
        Rule::optional(&SERVICE_SELECTION),
        Rule::optional(&PDN_CONNECTIVITY_STATUS_TYPE),
        Rule::optional(&PDN_TYPE),
        Rule::optional(&NON_IP_PDN_TYPE_INDICATOR),
        Rule::optional(&NON_IP_DATA_DELIVERY_MECHANISM),
        Rule::any(&SERVED_PARTY_IP_ADDRESS),
    ]);
pub const PDN_CONNECTIVITY_STATUS_TYPE: AvpDef =
    AvpDef::tgpp(3182, "PDN-Connectivity-Status-Type", Unsigned32).m_must_not();
pub const TRAFFIC_PROFILE: AvpDef = AvpDef::tgpp(3183, "Traffic-Profile", Unsigned32).m_must_not();
pub const BATTERY_INDICATOR: AvpDef =
    AvpDef::tgpp(3185, "Battery-Indicator", Unsigned32).m_must_not();
pub const SCEF_REFERENCE_ID_EXT: AvpDef =
    AvpDef::tgpp(3186, "SCEF-Reference-ID-Ext", Unsigned64).m_must_not();
pub const SCEF_REFERENCE_ID_FOR_DELETION_EXT: AvpDef =
    AvpDef::tgpp(3187, "SCEF-Reference-ID-for-Deletion-Ext", Unsigned64).m_must_not();

// TS 29.338 §5.3.3.

pub const MAXIMUM_UE_AVAILABILITY_TIME: AvpDef =
    AvpDef::tgpp(3329, "Maximum-UE-Availability-Time", Time).m_must_not();

// TS 29.344 §6.3: ProSe subscription data carried in Subscription-Data.

pub const PROSE_SUBSCRIPTION_DATA: AvpDef = AvpDef::tgpp(3701, "ProSe-Subscription-Data", Grouped)
    .group(&[
        Rule::required(&PROSE_PERMISSION),
        Rule::any(&PROSE_ALLOWED_PLMN),
        Rule::optional(&TGPP_CHARGING_CHARACTERISTICS),
    ]);
pub const PROSE_PERMISSION: AvpDef = AvpDef::tgpp(3702, "ProSe-Permission", Unsigned32);
pub const PROSE_ALLOWED_PLMN: AvpDef = AvpDef::tgpp(3703, "ProSe-Allowed-PLMN", Grouped).group(&[
    Rule::required(&VISITED_PLMN_ID),
    Rule::optional(&AUTHORIZED_DISCOVERY_RANGE),
    Rule::optional(&PROSE_DIRECT_ALLOWED),
]);
pub const PROSE_DIRECT_ALLOWED: AvpDef = AvpDef::tgpp(3704, "ProSe-Direct-Allowed", Unsigned32);
pub const AUTHORIZED_DISCOVERY_RANGE: AvpDef =
    AvpDef::tgpp(3708, "Authorized-Discovery-Range", Unsigned32);

// TS 29.217 §6.4.

pub const ENODEB_ID: AvpDef = AvpDef::tgpp(4008, "eNodeB-ID", OctetString);
pub const EXTENDED_ENODEB_ID: AvpDef = AvpDef::tgpp(4013, "Extended-eNodeB-ID", OctetString);

// TS 29.128 §6.4: idle status reported inside Monitoring-Event-Report.

pub const IDLE_STATUS_INDICATION: AvpDef =
    AvpDef::tgpp(4322, "Idle-Status-Indication", Grouped).m_must_not().group(&[
        Rule::optional(&IDLE_STATUS_TIMESTAMP),
        Rule::optional(&ACTIVE_TIME),
        Rule::optional(&SUBSCRIBED_PERIODIC_RAU_TAU_TIMER),
        Rule::optional(&EDRX_CYCLE_LENGTH),
        Rule::optional(&DL_BUFFERING_SUGGESTED_PACKET_COUNT),
    ]);
pub const IDLE_STATUS_TIMESTAMP: AvpDef =
    AvpDef::tgpp(4323, "Idle-Status-Timestamp", Time).m_must_not();
pub const ACTIVE_TIME: AvpDef = AvpDef::tgpp(4324, "Active-Time", Unsigned32).m_must_not();
pub const REACHABILITY_CAUSE: AvpDef = AvpDef::tgpp(4325, "Reachability-Cause", Unsigned32);

/// Every AVP of this module.
pub static AVPS: &[AvpDef] = &[
    TGPP_CHARGING_CHARACTERISTICS,
    MAX_REQUESTED_BANDWIDTH_DL,
    MAX_REQUESTED_BANDWIDTH_UL,
    EXTENDED_MAX_REQUESTED_BW_DL,
    EXTENDED_MAX_REQUESTED_BW_UL,
    VISITED_NETWORK_IDENTIFIER,
    SUPPORTED_FEATURES,
    FEATURE_LIST_ID,
    FEATURE_LIST,
    SERVED_PARTY_IP_ADDRESS,
    QOS_CLASS_IDENTIFIER,
    RAT_TYPE,
    ALLOCATION_RETENTION_PRIORITY,
    PRIORITY_LEVEL,
    PRE_EMPTION_CAPABILITY,
    PRE_EMPTION_VULNERABILITY,
    CHARGED_PARTY,
    PDP_ADDRESS,
    CSG_ACCESS_MODE,
    CSG_MEMBERSHIP_INDICATION,
    USER_CSG_INFORMATION,
    GMLC_ADDRESS,
    EXTERNAL_IDENTIFIER,
    AESE_COMMUNICATION_PATTERN,
    COMMUNICATION_PATTERN_SET,
    PERIODIC_COMMUNICATION_INDICATOR,
    COMMUNICATION_DURATION_TIME,
    PERIODIC_TIME,
    SCHEDULED_COMMUNICATION_TIME,
    STATIONARY_INDICATION,
    MONITORING_EVENT_CONFIGURATION,
    MONITORING_EVENT_REPORT,
    SCEF_REFERENCE_ID,
    SCEF_ID,
    SCEF_REFERENCE_ID_FOR_DELETION,
    MONITORING_TYPE,
    MAXIMUM_NUMBER_OF_REPORTS,
    UE_REACHABILITY_CONFIGURATION,
    MONITORING_DURATION,
    MAXIMUM_DETECTION_TIME,
    REACHABILITY_TYPE,
    MAXIMUM_LATENCY,
    MAXIMUM_RESPONSE_TIME,
    LOCATION_INFORMATION_CONFIGURATION,
    MONTE_LOCATION_TYPE,
    ACCURACY,
    ASSOCIATION_TYPE,
    ROAMING_INFORMATION,
    REACHABILITY_INFORMATION,
    IMEI_CHANGE,
    MONITORING_EVENT_CONFIG_STATUS,
    SUPPORTED_SERVICES,
    SUPPORTED_MONITORING_EVENTS,
    SERVICE_RESULT,
    SERVICE_RESULT_CODE,
    REFERENCE_ID_VALIDITY_TIME,
    EVENT_HANDLING,
    SERVICE_REPORT,
    NODE_TYPE,
    LOSS_OF_CONNECTIVITY_REASON,
    PLMN_ID_REQUESTED,
    MTC_PROVIDER_INFO,
    MTC_PROVIDER_ID,
    PDN_CONNECTIVITY_STATUS_CONFIGURATION,
    PDN_CONNECTIVITY_STATUS_REPORT,
    PDN_CONNECTIVITY_STATUS_TYPE,
    TRAFFIC_PROFILE,
    BATTERY_INDICATOR,
    SCEF_REFERENCE_ID_EXT,
    SCEF_REFERENCE_ID_FOR_DELETION_EXT,
    MAXIMUM_UE_AVAILABILITY_TIME,
    PROSE_SUBSCRIPTION_DATA,
    PROSE_PERMISSION,
    PROSE_ALLOWED_PLMN,
    PROSE_DIRECT_ALLOWED,
    AUTHORIZED_DISCOVERY_RANGE,
    ENODEB_ID,
    EXTENDED_ENODEB_ID,
    IDLE_STATUS_INDICATION,
    IDLE_STATUS_TIMESTAMP,
    ACTIVE_TIME,
    REACHABILITY_CAUSE,
];

/// No commands: these AVPs travel in the messages of the S6a, Cx, Sh and SWx applications.
pub static COMMANDS: &[CommandDef] = &[];

pub const APPLICATION: Application = Application {
    id: ApplicationId(0),
    name: "3GPP shared AVPs",
    vendor: VendorId::TGPP,
    commands: COMMANDS,
    avps: AVPS,
};
