//! Terminal, serving-network and location AVPs of TS 29.272 §7.3: Terminal-Information (S6a/S6d,
//! S13, SWx), Local-Time-Zone (S6a, SWx), and Visited-PLMN-Id and EPS-Location-Information with
//! the cell and area identities inside it (S6a and the TS 29.336 monitoring reports); with the
//! user's CSG (TS 32.299), GMLC-Address (TS 29.173) and eNodeB-ID (TS 29.217) that S6a re-uses.

use super::*;

// TS 29.272 §7.3, AVPs 1401-1471: M bit must be set.

pub const TERMINAL_INFORMATION: AvpDef =
    AvpDef::tgpp(1401, "Terminal-Information", Grouped).group(&[
        Rule::optional(&IMEI),
        Rule::optional(&TGPP2_MEID),
        Rule::optional(&SOFTWARE_VERSION),
    ]);
pub const IMEI: AvpDef = AvpDef::tgpp(1402, "IMEI", Utf8String);
pub const SOFTWARE_VERSION: AvpDef = AvpDef::tgpp(1403, "Software-Version", Utf8String);
pub const VISITED_PLMN_ID: AvpDef = AvpDef::tgpp(1407, "Visited-PLMN-Id", OctetString);
pub const CSG_ID: AvpDef = AvpDef::tgpp(1437, "CSG-Id", Unsigned32);
pub const TGPP2_MEID: AvpDef = AvpDef::tgpp(1471, "3GPP2-MEID", OctetString);

// TS 29.272 §7.3, AVPs 1496-1726: M bit must not be set.

pub const EPS_LOCATION_INFORMATION: AvpDef =
    AvpDef::tgpp(1496, "EPS-Location-Information", Grouped).m_must_not().group(&[
        Rule::optional(&MME_LOCATION_INFORMATION),
        Rule::optional(&SGSN_LOCATION_INFORMATION),
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
pub const TIME_ZONE: AvpDef = AvpDef::tgpp(1642, "Time-Zone", Utf8String).m_must_not();
pub const LOCAL_TIME_ZONE: AvpDef = AvpDef::tgpp(1649, "Local-Time-Zone", Grouped)
    .m_must_not()
    .group(&[Rule::required(&TIME_ZONE), Rule::required(&DAYLIGHT_SAVING_TIME)]);
pub const DAYLIGHT_SAVING_TIME: AvpDef =
    AvpDef::tgpp(1650, "Daylight-Saving-Time", Enumerated).m_must_not().values(&[
        (0, "NO_ADJUSTMENT"),
        (1, "PLUS_ONE_HOUR_ADJUSTMENT"),
        (2, "PLUS_TWO_HOURS_ADJUSTMENT"),
    ]);
pub const NR_CELL_GLOBAL_IDENTITY: AvpDef =
    AvpDef::tgpp(1726, "NR-Cell-Global-Identity", OctetString).m_must_not();

// TS 32.299 §7.2: charging AVPs re-used in S6a grouped AVPs (the user's closed subscriber group
// inside MME- and SGSN-Location-Information).

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

// TS 29.217 §6.4.

pub const ENODEB_ID: AvpDef = AvpDef::tgpp(4008, "eNodeB-ID", OctetString);
pub const EXTENDED_ENODEB_ID: AvpDef = AvpDef::tgpp(4013, "Extended-eNodeB-ID", OctetString);
