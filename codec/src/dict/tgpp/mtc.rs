//! Machine-type communication and proximity services, carried in S6a/S6d: the monitoring events
//! and communication patterns of TS 29.336 (with External-Identifier, which Sh also carries),
//! Maximum-UE-Availability-Time (TS 29.338), ProSe-Subscription-Data (TS 29.344), the idle status
//! of TS 29.128, and the TS 29.272 power-saving AVPs those carry.

use super::*;

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
    .group(&[Rule::optional(&VENDOR_ID), Rule::optional(&SERVICE_RESULT_CODE)]);
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

// TS 29.272 §7.3, AVPs 1619-1692: M bit must not be set. Power-saving parameters that
// Idle-Status-Indication and the monitoring AVPs above carry besides Subscription-Data.

pub const SUBSCRIBED_PERIODIC_RAU_TAU_TIMER: AvpDef =
    AvpDef::tgpp(1619, "Subscribed-Periodic-RAU-TAU-Timer", Unsigned32).m_must_not();
pub const DL_BUFFERING_SUGGESTED_PACKET_COUNT: AvpDef =
    AvpDef::tgpp(1674, "DL-Buffering-Suggested-Packet-Count", Integer32).m_must_not();
pub const EDRX_CYCLE_LENGTH: AvpDef = AvpDef::tgpp(1691, "eDRX-Cycle-Length", Grouped)
    .m_must_not()
    .group(&[Rule::required(&RAT_TYPE), Rule::required(&EDRX_CYCLE_LENGTH_VALUE)]);
pub const EDRX_CYCLE_LENGTH_VALUE: AvpDef =
    AvpDef::tgpp(1692, "eDRX-Cycle-Length-Value", OctetString).m_must_not();
