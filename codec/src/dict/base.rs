//! RFC 6733 base protocol: AVPs (§4.5, §8, §9) and commands (§5, §8, §9).

use super::AvpType::*;
use super::{Application, AvpDef, CommandDef, Rule};
use crate::code::{ApplicationId, CommandCode, VendorId};

pub const USER_NAME: AvpDef = AvpDef::ietf(1, "User-Name", Utf8String);
pub const CLASS: AvpDef = AvpDef::ietf(25, "Class", OctetString);
pub const SESSION_TIMEOUT: AvpDef = AvpDef::ietf(27, "Session-Timeout", Unsigned32);
pub const PROXY_STATE: AvpDef = AvpDef::ietf(33, "Proxy-State", OctetString);
pub const ACCT_SESSION_ID: AvpDef = AvpDef::ietf(44, "Acct-Session-Id", OctetString);
pub const ACCT_MULTI_SESSION_ID: AvpDef = AvpDef::ietf(50, "Acct-Multi-Session-Id", Utf8String);
pub const EVENT_TIMESTAMP: AvpDef = AvpDef::ietf(55, "Event-Timestamp", Time);
pub const ACCT_INTERIM_INTERVAL: AvpDef = AvpDef::ietf(85, "Acct-Interim-Interval", Unsigned32);
pub const HOST_IP_ADDRESS: AvpDef = AvpDef::ietf(257, "Host-IP-Address", Address);
pub const AUTH_APPLICATION_ID: AvpDef = AvpDef::ietf(258, "Auth-Application-Id", Unsigned32);
pub const ACCT_APPLICATION_ID: AvpDef = AvpDef::ietf(259, "Acct-Application-Id", Unsigned32);
pub const VENDOR_SPECIFIC_APPLICATION_ID: AvpDef =
    AvpDef::ietf(260, "Vendor-Specific-Application-Id", Grouped).group(&[
        Rule::optional(&VENDOR_ID),
        Rule::optional(&AUTH_APPLICATION_ID),
        Rule::optional(&ACCT_APPLICATION_ID),
    ]);
pub const REDIRECT_HOST_USAGE: AvpDef = AvpDef::ietf(261, "Redirect-Host-Usage", Enumerated)
    .values(&[
        (0, "DONT_CACHE"),
        (1, "ALL_SESSION"),
        (2, "ALL_REALM"),
        (3, "REALM_AND_APPLICATION"),
        (4, "ALL_APPLICATION"),
        (5, "ALL_HOST"),
        (6, "ALL_USER"),
    ]);
pub const REDIRECT_MAX_CACHE_TIME: AvpDef =
    AvpDef::ietf(262, "Redirect-Max-Cache-Time", Unsigned32);
pub const SESSION_ID: AvpDef = AvpDef::ietf(263, "Session-Id", Utf8String);
pub const ORIGIN_HOST: AvpDef = AvpDef::ietf(264, "Origin-Host", DiameterIdentity);
pub const SUPPORTED_VENDOR_ID: AvpDef = AvpDef::ietf(265, "Supported-Vendor-Id", Unsigned32);
pub const VENDOR_ID: AvpDef = AvpDef::ietf(266, "Vendor-Id", Unsigned32);
pub const FIRMWARE_REVISION: AvpDef =
    AvpDef::ietf(267, "Firmware-Revision", Unsigned32).m_must_not();
pub const RESULT_CODE: AvpDef = AvpDef::ietf(268, "Result-Code", Unsigned32);
pub const PRODUCT_NAME: AvpDef = AvpDef::ietf(269, "Product-Name", Utf8String).m_must_not();
pub const SESSION_BINDING: AvpDef = AvpDef::ietf(270, "Session-Binding", Unsigned32);
pub const SESSION_SERVER_FAILOVER: AvpDef =
    AvpDef::ietf(271, "Session-Server-Failover", Enumerated).values(&[
        (0, "REFUSE_SERVICE"),
        (1, "TRY_AGAIN"),
        (2, "ALLOW_SERVICE"),
        (3, "TRY_AGAIN_ALLOW_SERVICE"),
    ]);
pub const MULTI_ROUND_TIME_OUT: AvpDef = AvpDef::ietf(272, "Multi-Round-Time-Out", Unsigned32);
pub const DISCONNECT_CAUSE: AvpDef = AvpDef::ietf(273, "Disconnect-Cause", Enumerated).values(&[
    (0, "REBOOTING"),
    (1, "BUSY"),
    (2, "DO_NOT_WANT_TO_TALK_TO_YOU"),
]);
pub const AUTH_REQUEST_TYPE: AvpDef = AvpDef::ietf(274, "Auth-Request-Type", Enumerated).values(&[
    (1, "AUTHENTICATE_ONLY"),
    (2, "AUTHORIZE_ONLY"),
    (3, "AUTHORIZE_AUTHENTICATE"),
]);
pub const AUTH_GRACE_PERIOD: AvpDef = AvpDef::ietf(276, "Auth-Grace-Period", Unsigned32);
pub const AUTH_SESSION_STATE: AvpDef = AvpDef::ietf(277, "Auth-Session-State", Enumerated)
    .values(&[(0, "STATE_MAINTAINED"), (1, "NO_STATE_MAINTAINED")]);
pub const ORIGIN_STATE_ID: AvpDef = AvpDef::ietf(278, "Origin-State-Id", Unsigned32);
pub const FAILED_AVP: AvpDef = AvpDef::ietf(279, "Failed-AVP", Grouped);
pub const PROXY_HOST: AvpDef = AvpDef::ietf(280, "Proxy-Host", DiameterIdentity);
pub const ERROR_MESSAGE: AvpDef = AvpDef::ietf(281, "Error-Message", Utf8String).m_must_not();
pub const ROUTE_RECORD: AvpDef = AvpDef::ietf(282, "Route-Record", DiameterIdentity);
pub const DESTINATION_REALM: AvpDef = AvpDef::ietf(283, "Destination-Realm", DiameterIdentity);
pub const PROXY_INFO: AvpDef = AvpDef::ietf(284, "Proxy-Info", Grouped)
    .group(&[Rule::required(&PROXY_HOST), Rule::required(&PROXY_STATE)]);
pub const RE_AUTH_REQUEST_TYPE: AvpDef = AvpDef::ietf(285, "Re-Auth-Request-Type", Enumerated)
    .values(&[(0, "AUTHORIZE_ONLY"), (1, "AUTHORIZE_AUTHENTICATE")]);
pub const ACCOUNTING_SUB_SESSION_ID: AvpDef =
    AvpDef::ietf(287, "Accounting-Sub-Session-Id", Unsigned64);
pub const AUTHORIZATION_LIFETIME: AvpDef = AvpDef::ietf(291, "Authorization-Lifetime", Unsigned32);
pub const REDIRECT_HOST: AvpDef = AvpDef::ietf(292, "Redirect-Host", DiameterUri);
pub const DESTINATION_HOST: AvpDef = AvpDef::ietf(293, "Destination-Host", DiameterIdentity);
pub const ERROR_REPORTING_HOST: AvpDef =
    AvpDef::ietf(294, "Error-Reporting-Host", DiameterIdentity).m_must_not();
pub const TERMINATION_CAUSE: AvpDef = AvpDef::ietf(295, "Termination-Cause", Enumerated).values(&[
    (1, "DIAMETER_LOGOUT"),
    (2, "DIAMETER_SERVICE_NOT_PROVIDED"),
    (3, "DIAMETER_BAD_ANSWER"),
    (4, "DIAMETER_ADMINISTRATIVE"),
    (5, "DIAMETER_LINK_BROKEN"),
    (6, "DIAMETER_AUTH_EXPIRED"),
    (7, "DIAMETER_USER_MOVED"),
    (8, "DIAMETER_SESSION_TIMEOUT"),
]);
pub const ORIGIN_REALM: AvpDef = AvpDef::ietf(296, "Origin-Realm", DiameterIdentity);
pub const EXPERIMENTAL_RESULT: AvpDef = AvpDef::ietf(297, "Experimental-Result", Grouped)
    .group(&[Rule::required(&VENDOR_ID), Rule::required(&EXPERIMENTAL_RESULT_CODE)]);
pub const EXPERIMENTAL_RESULT_CODE: AvpDef =
    AvpDef::ietf(298, "Experimental-Result-Code", Unsigned32);
pub const INBAND_SECURITY_ID: AvpDef = AvpDef::ietf(299, "Inband-Security-Id", Unsigned32)
    .values(&[(0, "NO_INBAND_SECURITY"), (1, "TLS")]);
pub const ACCOUNTING_RECORD_TYPE: AvpDef = AvpDef::ietf(480, "Accounting-Record-Type", Enumerated)
    .values(&[(1, "EVENT_RECORD"), (2, "START_RECORD"), (3, "INTERIM_RECORD"), (4, "STOP_RECORD")]);
pub const ACCOUNTING_REALTIME_REQUIRED: AvpDef =
    AvpDef::ietf(483, "Accounting-Realtime-Required", Enumerated).values(&[
        (1, "DELIVER_AND_GRANT"),
        (2, "GRANT_AND_STORE"),
        (3, "GRANT_AND_LOSE"),
    ]);
pub const ACCOUNTING_RECORD_NUMBER: AvpDef =
    AvpDef::ietf(485, "Accounting-Record-Number", Unsigned32);

/// Every AVP of this module.
pub static AVPS: &[AvpDef] = &[
    USER_NAME,
    CLASS,
    SESSION_TIMEOUT,
    PROXY_STATE,
    ACCT_SESSION_ID,
    ACCT_MULTI_SESSION_ID,
    EVENT_TIMESTAMP,
    ACCT_INTERIM_INTERVAL,
    HOST_IP_ADDRESS,
    AUTH_APPLICATION_ID,
    ACCT_APPLICATION_ID,
    VENDOR_SPECIFIC_APPLICATION_ID,
    REDIRECT_HOST_USAGE,
    REDIRECT_MAX_CACHE_TIME,
    SESSION_ID,
    ORIGIN_HOST,
    SUPPORTED_VENDOR_ID,
    VENDOR_ID,
    FIRMWARE_REVISION,
    RESULT_CODE,
    PRODUCT_NAME,
    SESSION_BINDING,
    SESSION_SERVER_FAILOVER,
    MULTI_ROUND_TIME_OUT,
    DISCONNECT_CAUSE,
    AUTH_REQUEST_TYPE,
    AUTH_GRACE_PERIOD,
    AUTH_SESSION_STATE,
    ORIGIN_STATE_ID,
    FAILED_AVP,
    PROXY_HOST,
    ERROR_MESSAGE,
    ROUTE_RECORD,
    DESTINATION_REALM,
    PROXY_INFO,
    RE_AUTH_REQUEST_TYPE,
    ACCOUNTING_SUB_SESSION_ID,
    AUTHORIZATION_LIFETIME,
    REDIRECT_HOST,
    DESTINATION_HOST,
    ERROR_REPORTING_HOST,
    TERMINATION_CAUSE,
    ORIGIN_REALM,
    EXPERIMENTAL_RESULT,
    EXPERIMENTAL_RESULT_CODE,
    INBAND_SECURITY_ID,
    ACCOUNTING_RECORD_TYPE,
    ACCOUNTING_REALTIME_REQUIRED,
    ACCOUNTING_RECORD_NUMBER,
];

const CAPABILITIES: [Rule; 8] = [
    Rule::range(&HOST_IP_ADDRESS, 1, super::MANY),
    Rule::required(&VENDOR_ID),
    Rule::required(&PRODUCT_NAME),
    Rule::optional(&ORIGIN_STATE_ID),
    Rule::any(&SUPPORTED_VENDOR_ID),
    Rule::any(&AUTH_APPLICATION_ID),
    Rule::any(&ACCT_APPLICATION_ID),
    Rule::any(&VENDOR_SPECIFIC_APPLICATION_ID),
];

const fn cmd(
    code: CommandCode,
    name: &'static str,
    request: &'static str,
    answer: &'static str,
    proxiable: bool,
    request_rules: &'static [Rule],
    answer_rules: &'static [Rule],
) -> CommandDef {
    CommandDef {
        code,
        application: ApplicationId::COMMON,
        name,
        request,
        answer,
        proxiable,
        request_rules,
        answer_rules,
    }
}

/// Session and accounting commands (RAR, STR, ASR, ACR) are listed for decoding and printing;
/// the HSS itself handles CER, DWR and DPR.
pub static COMMANDS: &[CommandDef] = &[
    cmd(
        CommandCode::CAPABILITIES_EXCHANGE,
        "Capabilities-Exchange",
        "CER",
        "CEA",
        false,
        &[
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            CAPABILITIES[0],
            CAPABILITIES[1],
            CAPABILITIES[2],
            CAPABILITIES[3],
            CAPABILITIES[4],
            CAPABILITIES[5],
            Rule::any(&INBAND_SECURITY_ID),
            CAPABILITIES[6],
            CAPABILITIES[7],
            Rule::optional(&FIRMWARE_REVISION),
        ],
        &[
            Rule::required(&RESULT_CODE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            CAPABILITIES[0],
            CAPABILITIES[1],
            CAPABILITIES[2],
            CAPABILITIES[3],
            Rule::optional(&ERROR_MESSAGE),
            Rule::optional(&FAILED_AVP),
            CAPABILITIES[4],
            CAPABILITIES[5],
            Rule::any(&INBAND_SECURITY_ID),
            CAPABILITIES[6],
            CAPABILITIES[7],
            Rule::optional(&FIRMWARE_REVISION),
        ],
    ),
    cmd(
        CommandCode::DEVICE_WATCHDOG,
        "Device-Watchdog",
        "DWR",
        "DWA",
        false,
        &[
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&ORIGIN_STATE_ID),
        ],
        &[
            Rule::required(&RESULT_CODE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&ERROR_MESSAGE),
            Rule::optional(&FAILED_AVP),
            Rule::optional(&ORIGIN_STATE_ID),
        ],
    ),
    cmd(
        CommandCode::DISCONNECT_PEER,
        "Disconnect-Peer",
        "DPR",
        "DPA",
        false,
        &[
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DISCONNECT_CAUSE),
        ],
        &[
            Rule::required(&RESULT_CODE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&ERROR_MESSAGE),
            Rule::optional(&FAILED_AVP),
        ],
    ),
    cmd(
        CommandCode::RE_AUTH,
        "Re-Auth",
        "RAR",
        "RAA",
        true,
        &[
            Rule::required(&SESSION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&DESTINATION_HOST),
            Rule::required(&AUTH_APPLICATION_ID),
            Rule::required(&RE_AUTH_REQUEST_TYPE),
            Rule::optional(&USER_NAME),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::required(&RESULT_CODE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&USER_NAME),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::optional(&ERROR_MESSAGE),
            Rule::optional(&ERROR_REPORTING_HOST),
            Rule::optional(&FAILED_AVP),
            Rule::any(&REDIRECT_HOST),
            Rule::optional(&REDIRECT_HOST_USAGE),
            Rule::optional(&REDIRECT_MAX_CACHE_TIME),
            Rule::any(&PROXY_INFO),
        ],
    ),
    cmd(
        CommandCode::SESSION_TERMINATION,
        "Session-Termination",
        "STR",
        "STA",
        true,
        &[
            Rule::required(&SESSION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&AUTH_APPLICATION_ID),
            Rule::required(&TERMINATION_CAUSE),
            Rule::optional(&USER_NAME),
            Rule::optional(&DESTINATION_HOST),
            Rule::any(&CLASS),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::required(&RESULT_CODE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&USER_NAME),
            Rule::any(&CLASS),
            Rule::optional(&ERROR_MESSAGE),
            Rule::optional(&ERROR_REPORTING_HOST),
            Rule::optional(&FAILED_AVP),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::any(&REDIRECT_HOST),
            Rule::optional(&REDIRECT_HOST_USAGE),
            Rule::optional(&REDIRECT_MAX_CACHE_TIME),
            Rule::any(&PROXY_INFO),
        ],
    ),
    cmd(
        CommandCode::ABORT_SESSION,
        "Abort-Session",
        "ASR",
        "ASA",
        true,
        &[
            Rule::required(&SESSION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&DESTINATION_HOST),
            Rule::required(&AUTH_APPLICATION_ID),
            Rule::optional(&USER_NAME),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::required(&RESULT_CODE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&USER_NAME),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::optional(&ERROR_MESSAGE),
            Rule::optional(&ERROR_REPORTING_HOST),
            Rule::optional(&FAILED_AVP),
            Rule::any(&REDIRECT_HOST),
            Rule::optional(&REDIRECT_HOST_USAGE),
            Rule::optional(&REDIRECT_MAX_CACHE_TIME),
            Rule::any(&PROXY_INFO),
        ],
    ),
    cmd(
        CommandCode::ACCOUNTING,
        "Accounting",
        "ACR",
        "ACA",
        true,
        &[
            Rule::required(&SESSION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&ACCOUNTING_RECORD_TYPE),
            Rule::required(&ACCOUNTING_RECORD_NUMBER),
            Rule::optional(&ACCT_APPLICATION_ID),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::optional(&USER_NAME),
            Rule::optional(&DESTINATION_HOST),
            Rule::optional(&ACCOUNTING_SUB_SESSION_ID),
            Rule::optional(&ACCT_SESSION_ID),
            Rule::optional(&ACCT_MULTI_SESSION_ID),
            Rule::optional(&ACCT_INTERIM_INTERVAL),
            Rule::optional(&ACCOUNTING_REALTIME_REQUIRED),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::optional(&EVENT_TIMESTAMP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::required(&RESULT_CODE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&ACCOUNTING_RECORD_TYPE),
            Rule::required(&ACCOUNTING_RECORD_NUMBER),
            Rule::optional(&ACCT_APPLICATION_ID),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::optional(&USER_NAME),
            Rule::optional(&ACCOUNTING_SUB_SESSION_ID),
            Rule::optional(&ACCT_SESSION_ID),
            Rule::optional(&ACCT_MULTI_SESSION_ID),
            Rule::optional(&ERROR_MESSAGE),
            Rule::optional(&ERROR_REPORTING_HOST),
            Rule::optional(&FAILED_AVP),
            Rule::optional(&ACCT_INTERIM_INTERVAL),
            Rule::optional(&ACCOUNTING_REALTIME_REQUIRED),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::optional(&EVENT_TIMESTAMP),
            Rule::any(&PROXY_INFO),
        ],
    ),
];

pub const APPLICATION: Application = Application {
    id: ApplicationId::COMMON,
    name: "Diameter Common Messages",
    vendor: VendorId::IETF,
    commands: COMMANDS,
    avps: AVPS,
};
