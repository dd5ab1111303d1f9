//! S13/S13' application (3GPP TS 29.272 §6.2 and §7.2.19-7.2.20): the ME-Identity-Check command
//! pair between the MME/SGSN and the EIR, and Equipment-Status (§7.3.51), the only AVP of table
//! 7.3.1/1 used by S13 alone. Terminal-Information, which S6a and SWx also carry, lives in
//! `super::tgpp`.

use super::AvpType::*;
use super::base::{
    AUTH_SESSION_STATE, DESTINATION_HOST, DESTINATION_REALM, EXPERIMENTAL_RESULT, FAILED_AVP,
    ORIGIN_HOST, ORIGIN_REALM, PROXY_INFO, RESULT_CODE, ROUTE_RECORD, SESSION_ID, USER_NAME,
    VENDOR_SPECIFIC_APPLICATION_ID,
};
use super::ietf::DRMP;
use super::tgpp::TERMINAL_INFORMATION;
use super::{Application, AvpDef, CommandDef, Rule};
use crate::code::{ApplicationId, CommandCode, VendorId};

pub const EQUIPMENT_STATUS: AvpDef = AvpDef::tgpp(1445, "Equipment-Status", Enumerated).values(&[
    (0, "WHITELISTED"),
    (1, "BLACKLISTED"),
    (2, "GREYLISTED"),
]);

/// Every AVP of this module.
pub static AVPS: &[AvpDef] = &[EQUIPMENT_STATUS];

/// ECR/ECA (TS 29.272 §7.2.19-7.2.20), with the P bit set.
pub static COMMANDS: &[CommandDef] = &[CommandDef {
    code: CommandCode::ME_IDENTITY_CHECK,
    application: ApplicationId::S13,
    name: "ME-Identity-Check",
    request: "ECR",
    answer: "ECA",
    proxiable: true,
    request_rules: &[
        Rule::required(&SESSION_ID),
        Rule::optional(&DRMP),
        Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
        Rule::required(&AUTH_SESSION_STATE),
        Rule::required(&ORIGIN_HOST),
        Rule::required(&ORIGIN_REALM),
        Rule::optional(&DESTINATION_HOST),
        Rule::required(&DESTINATION_REALM),
        Rule::required(&TERMINAL_INFORMATION),
        Rule::optional(&USER_NAME),
        Rule::any(&PROXY_INFO),
        Rule::any(&ROUTE_RECORD),
    ],
    answer_rules: &[
        Rule::required(&SESSION_ID),
        Rule::optional(&DRMP),
        Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
        Rule::optional(&RESULT_CODE),
        Rule::optional(&EXPERIMENTAL_RESULT),
        Rule::required(&AUTH_SESSION_STATE),
        Rule::required(&ORIGIN_HOST),
        Rule::required(&ORIGIN_REALM),
        Rule::optional(&EQUIPMENT_STATUS),
        Rule::optional(&FAILED_AVP),
        Rule::any(&PROXY_INFO),
        Rule::any(&ROUTE_RECORD),
    ],
}];

pub const APPLICATION: Application = Application {
    id: ApplicationId::S13,
    name: "3GPP S13/S13'",
    vendor: VendorId::TGPP,
    commands: COMMANDS,
    avps: AVPS,
};
