//! Trace-Data of TS 29.272 §7.3 with the MDT configuration inside it: S6a/S6d carries it in
//! Subscription-Data, SWx in Trace-Info (TS 29.273 §8.2.3.13).

use super::*;

// TS 29.272 §7.3, AVPs 1452-1466: M bit must be set.

pub const TRACE_COLLECTION_ENTITY: AvpDef = AvpDef::tgpp(1452, "Trace-Collection-Entity", Address);
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

// TS 29.272 §7.3, AVPs 1622-1727: M bit must not be set.

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
pub const MDT_ALLOWED_PLMN_ID: AvpDef =
    AvpDef::tgpp(1671, "MDT-Allowed-PLMN-Id", OctetString).m_must_not();
pub const MBSFN_AREA: AvpDef = AvpDef::tgpp(1694, "MBSFN-Area", Grouped)
    .m_must_not()
    .group(&[Rule::optional(&MBSFN_AREA_ID), Rule::optional(&CARRIER_FREQUENCY)]);
pub const MBSFN_AREA_ID: AvpDef = AvpDef::tgpp(1695, "MBSFN-Area-ID", Unsigned32).m_must_not();
pub const CARRIER_FREQUENCY: AvpDef =
    AvpDef::tgpp(1696, "Carrier-Frequency", Unsigned32).m_must_not();
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
pub const TRACE_REPORTING_CONSUMER_URI: AvpDef =
    AvpDef::tgpp(1727, "Trace-Reporting-Consumer-Uri", DiameterUri).m_must_not();
