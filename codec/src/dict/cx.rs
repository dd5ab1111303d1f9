//! Cx/Dx application (3GPP TS 29.228 / TS 29.229): the AVPs of TS 29.229 §6.3 that only Cx
//! uses and the six command pairs of TS 29.229 §6.1.
//!
//! M-bit rules follow TS 29.229 table 6.3.1: the AVPs up to Integrity-Key (626) and
//! Originating-Request (633) must set it, the later ones must not. The Cx AVPs that Sh, SWx or
//! S6a also carry (Public-Identity, Server-Name, SIP-Auth-Data-Item with its children,
//! Server-Assignment-Type, Deregistration-Reason, the keys, the wildcarded identities,
//! Session-Priority), ETSI Line-Identifier, Visited-Network-Identifier and Supported-Features
//! live in `super::tgpp`; the RFC 4740 / RFC 5090 digest and RFC 7155 framed-address AVPs inside
//! SIP-Auth-Data-Item, DRMP, OC-* and Load in `super::ietf`. Those this module once defined are
//! re-exported here.

use super::AvpType::*;
use super::base::{
    ACCT_APPLICATION_ID, AUTH_APPLICATION_ID, AUTH_SESSION_STATE, DESTINATION_HOST,
    DESTINATION_REALM, EXPERIMENTAL_RESULT, FAILED_AVP, ORIGIN_HOST, ORIGIN_REALM, PROXY_INFO,
    RESULT_CODE, ROUTE_RECORD, SESSION_ID, USER_NAME, VENDOR_SPECIFIC_APPLICATION_ID,
};
pub use super::ietf::{
    DIGEST_ALGORITHM, DIGEST_HA1, DIGEST_QOP, DIGEST_REALM, FRAMED_INTERFACE_ID, FRAMED_IP_ADDRESS,
    FRAMED_IPV6_PREFIX,
};
use super::ietf::{DRMP, LOAD, OC_OLR, OC_SUPPORTED_FEATURES};
pub use super::tgpp::{
    ALTERNATE_DIGEST_ALGORITHM, ALTERNATE_DIGEST_HA1, CONFIDENTIALITY_KEY, DEREGISTRATION_REASON,
    INTEGRITY_KEY, LINE_IDENTIFIER, PUBLIC_IDENTITY, REASON_CODE, REASON_INFO,
    SERVER_ASSIGNMENT_TYPE, SERVER_NAME, SESSION_PRIORITY, SIP_AUTH_DATA_ITEM, SIP_AUTHENTICATE,
    SIP_AUTHENTICATION_CONTEXT, SIP_AUTHENTICATION_SCHEME, SIP_AUTHORIZATION,
    SIP_DIGEST_AUTHENTICATE, SIP_ITEM_NUMBER, SIP_NUMBER_AUTH_ITEMS, WILDCARDED_IMPU,
    WILDCARDED_PUBLIC_IDENTITY,
};
use super::tgpp::{SUPPORTED_FEATURES, VISITED_NETWORK_IDENTIFIER};
use super::{Application, AvpDef, CommandDef, MANY, Rule};
use crate::code::{ApplicationId, CommandCode, VendorId};

// TS 29.229 §6.3, AVPs 601-626 and 633: M bit must be set.

pub const SERVER_CAPABILITIES: AvpDef = AvpDef::tgpp(603, "Server-Capabilities", Grouped).group(&[
    Rule::any(&MANDATORY_CAPABILITY),
    Rule::any(&OPTIONAL_CAPABILITY),
    Rule::any(&SERVER_NAME),
]);
pub const MANDATORY_CAPABILITY: AvpDef = AvpDef::tgpp(604, "Mandatory-Capability", Unsigned32);
pub const OPTIONAL_CAPABILITY: AvpDef = AvpDef::tgpp(605, "Optional-Capability", Unsigned32);
/// Cx User-Data (606), the XML IMS subscription; Sh has its own User-Data (702).
pub const USER_DATA: AvpDef = AvpDef::tgpp(606, "User-Data", OctetString);
pub const CHARGING_INFORMATION: AvpDef =
    AvpDef::tgpp(618, "Charging-Information", Grouped).group(&[
        Rule::optional(&PRIMARY_EVENT_CHARGING_FUNCTION_NAME),
        Rule::optional(&SECONDARY_EVENT_CHARGING_FUNCTION_NAME),
        Rule::optional(&PRIMARY_CHARGING_COLLECTION_FUNCTION_NAME),
        Rule::optional(&SECONDARY_CHARGING_COLLECTION_FUNCTION_NAME),
    ]);
pub const PRIMARY_EVENT_CHARGING_FUNCTION_NAME: AvpDef =
    AvpDef::tgpp(619, "Primary-Event-Charging-Function-Name", DiameterUri);
pub const SECONDARY_EVENT_CHARGING_FUNCTION_NAME: AvpDef =
    AvpDef::tgpp(620, "Secondary-Event-Charging-Function-Name", DiameterUri);
pub const PRIMARY_CHARGING_COLLECTION_FUNCTION_NAME: AvpDef =
    AvpDef::tgpp(621, "Primary-Charging-Collection-Function-Name", DiameterUri);
pub const SECONDARY_CHARGING_COLLECTION_FUNCTION_NAME: AvpDef =
    AvpDef::tgpp(622, "Secondary-Charging-Collection-Function-Name", DiameterUri);
pub const USER_AUTHORIZATION_TYPE: AvpDef =
    AvpDef::tgpp(623, "User-Authorization-Type", Enumerated).values(&[
        (0, "REGISTRATION"),
        (1, "DE_REGISTRATION"),
        (2, "REGISTRATION_AND_CAPABILITIES"),
    ]);
pub const USER_DATA_ALREADY_AVAILABLE: AvpDef =
    AvpDef::tgpp(624, "User-Data-Already-Available", Enumerated)
        .values(&[(0, "USER_DATA_NOT_AVAILABLE"), (1, "USER_DATA_ALREADY_AVAILABLE")]);
pub const ORIGINATING_REQUEST: AvpDef =
    AvpDef::tgpp(633, "Originating-Request", Enumerated).values(&[(0, "ORIGINATING")]);

// TS 29.229 §6.3, AVPs 631-667 except 633: M bit must not be set.

pub const SUPPORTED_APPLICATIONS: AvpDef =
    AvpDef::tgpp(631, "Supported-Applications", Grouped).m_must_not().group(&[
        Rule::any(&AUTH_APPLICATION_ID),
        Rule::any(&ACCT_APPLICATION_ID),
        Rule::any(&VENDOR_SPECIFIC_APPLICATION_ID),
    ]);
pub const ASSOCIATED_IDENTITIES: AvpDef = AvpDef::tgpp(632, "Associated-Identities", Grouped)
    .m_must_not()
    .group(&[Rule::any(&USER_NAME)]);
pub const UAR_FLAGS: AvpDef = AvpDef::tgpp(637, "UAR-Flags", Unsigned32)
    .m_must_not()
    .values(&[(1, "IMS_EMERGENCY_REGISTRATION")]);
pub const LOOSE_ROUTE_INDICATION: AvpDef = AvpDef::tgpp(638, "Loose-Route-Indication", Enumerated)
    .m_must_not()
    .values(&[(0, "LOOSE_ROUTE_NOT_REQUIRED"), (1, "LOOSE_ROUTE_REQUIRED")]);
pub const SCSCF_RESTORATION_INFO: AvpDef =
    AvpDef::tgpp(639, "SCSCF-Restoration-Info", Grouped).m_must_not().group(&[
        Rule::required(&USER_NAME),
        Rule::range(&RESTORATION_INFO, 1, MANY),
        Rule::optional(&REGISTRATION_TIME_OUT),
        Rule::optional(&SIP_AUTHENTICATION_SCHEME),
    ]);
pub const PATH: AvpDef = AvpDef::tgpp(640, "Path", OctetString).m_must_not();
pub const CONTACT: AvpDef = AvpDef::tgpp(641, "Contact", OctetString).m_must_not();
pub const SUBSCRIPTION_INFO: AvpDef =
    AvpDef::tgpp(642, "Subscription-Info", Grouped).m_must_not().group(&[
        Rule::required(&CALL_ID_SIP_HEADER),
        Rule::required(&FROM_SIP_HEADER),
        Rule::required(&TO_SIP_HEADER),
        Rule::required(&RECORD_ROUTE),
        Rule::required(&CONTACT),
    ]);
pub const CALL_ID_SIP_HEADER: AvpDef =
    AvpDef::tgpp(643, "Call-ID-SIP-Header", OctetString).m_must_not();
pub const FROM_SIP_HEADER: AvpDef = AvpDef::tgpp(644, "From-SIP-Header", OctetString).m_must_not();
pub const TO_SIP_HEADER: AvpDef = AvpDef::tgpp(645, "To-SIP-Header", OctetString).m_must_not();
pub const RECORD_ROUTE: AvpDef = AvpDef::tgpp(646, "Record-Route", OctetString).m_must_not();
pub const ASSOCIATED_REGISTERED_IDENTITIES: AvpDef =
    AvpDef::tgpp(647, "Associated-Registered-Identities", Grouped)
        .m_must_not()
        .group(&[Rule::any(&USER_NAME)]);
pub const MULTIPLE_REGISTRATION_INDICATION: AvpDef =
    AvpDef::tgpp(648, "Multiple-Registration-Indication", Enumerated)
        .m_must_not()
        .values(&[(0, "NOT_MULTIPLE_REGISTRATION"), (1, "MULTIPLE_REGISTRATION")]);
pub const RESTORATION_INFO: AvpDef =
    AvpDef::tgpp(649, "Restoration-Info", Grouped).m_must_not().group(&[
        Rule::required(&PATH),
        Rule::required(&CONTACT),
        Rule::optional(&INITIAL_CSEQ_SEQUENCE_NUMBER),
        Rule::optional(&CALL_ID_SIP_HEADER),
        Rule::optional(&SUBSCRIPTION_INFO),
        Rule::optional(&P_CSCF_SUBSCRIPTION_INFO),
    ]);
pub const IDENTITY_WITH_EMERGENCY_REGISTRATION: AvpDef =
    AvpDef::tgpp(651, "Identity-with-Emergency-Registration", Grouped)
        .m_must_not()
        .group(&[Rule::required(&USER_NAME), Rule::required(&PUBLIC_IDENTITY)]);
pub const PRIVILEDGED_SENDER_INDICATION: AvpDef =
    AvpDef::tgpp(652, "Priviledged-Sender-Indication", Enumerated)
        .m_must_not()
        .values(&[(0, "NOT_PRIVILEDGED_SENDER"), (1, "PRIVILEDGED_SENDER")]);
pub const LIA_FLAGS: AvpDef = AvpDef::tgpp(653, "LIA-Flags", Unsigned32)
    .m_must_not()
    .values(&[(1, "PSI_DIRECT_ROUTING_INDICATION")]);
pub const INITIAL_CSEQ_SEQUENCE_NUMBER: AvpDef =
    AvpDef::tgpp(654, "Initial-CSeq-Sequence-Number", Unsigned32).m_must_not();
pub const SAR_FLAGS: AvpDef = AvpDef::tgpp(655, "SAR-Flags", Unsigned32)
    .m_must_not()
    .values(&[(1, "P-CSCF_RESTORATION_INDICATION")]);
pub const ALLOWED_WAF_WWSF_IDENTITIES: AvpDef =
    AvpDef::tgpp(656, "Allowed-WAF-WWSF-Identities", Grouped).m_must_not().group(&[
        Rule::any(&WEBRTC_AUTHENTICATION_FUNCTION_NAME),
        Rule::any(&WEBRTC_WEB_SERVER_FUNCTION_NAME),
    ]);
pub const WEBRTC_AUTHENTICATION_FUNCTION_NAME: AvpDef =
    AvpDef::tgpp(657, "WebRTC-Authentication-Function-Name", Utf8String).m_must_not();
pub const WEBRTC_WEB_SERVER_FUNCTION_NAME: AvpDef =
    AvpDef::tgpp(658, "WebRTC-Web-Server-Function-Name", Utf8String).m_must_not();
pub const RTR_FLAGS: AvpDef = AvpDef::tgpp(659, "RTR-Flags", Unsigned32)
    .m_must_not()
    .values(&[(1, "REFERENCE_LOCATION_INFORMATION_CHANGE")]);
pub const P_CSCF_SUBSCRIPTION_INFO: AvpDef =
    AvpDef::tgpp(660, "P-CSCF-Subscription-Info", Grouped).m_must_not().group(&[
        Rule::required(&CALL_ID_SIP_HEADER),
        Rule::required(&FROM_SIP_HEADER),
        Rule::required(&TO_SIP_HEADER),
        Rule::required(&CONTACT),
    ]);
pub const REGISTRATION_TIME_OUT: AvpDef =
    AvpDef::tgpp(661, "Registration-Time-Out", Time).m_must_not();
pub const FAILED_PCSCF: AvpDef = AvpDef::tgpp(664, "Failed-PCSCF", Grouped)
    .m_must_not()
    .group(&[Rule::optional(&PCSCF_FQDN), Rule::any(&PCSCF_IP_ADDRESS)]);
pub const PCSCF_FQDN: AvpDef = AvpDef::tgpp(665, "PCSCF-FQDN", DiameterIdentity).m_must_not();
pub const PCSCF_IP_ADDRESS: AvpDef = AvpDef::tgpp(666, "PCSCF-IP-Address", Address).m_must_not();
/// TS 29.229 §6.3.73: extends OC-OLR on Cx (Rel-18).
pub const OC_REG_TIMER_EXT: AvpDef = AvpDef::tgpp(667, "OC-Reg-Timer-Ext", Unsigned32).m_must_not();

/// Every AVP of this module.
pub static AVPS: &[AvpDef] = &[
    SERVER_CAPABILITIES,
    MANDATORY_CAPABILITY,
    OPTIONAL_CAPABILITY,
    USER_DATA,
    CHARGING_INFORMATION,
    PRIMARY_EVENT_CHARGING_FUNCTION_NAME,
    SECONDARY_EVENT_CHARGING_FUNCTION_NAME,
    PRIMARY_CHARGING_COLLECTION_FUNCTION_NAME,
    SECONDARY_CHARGING_COLLECTION_FUNCTION_NAME,
    USER_AUTHORIZATION_TYPE,
    USER_DATA_ALREADY_AVAILABLE,
    ORIGINATING_REQUEST,
    SUPPORTED_APPLICATIONS,
    ASSOCIATED_IDENTITIES,
    UAR_FLAGS,
    LOOSE_ROUTE_INDICATION,
    SCSCF_RESTORATION_INFO,
    PATH,
    CONTACT,
    SUBSCRIPTION_INFO,
    CALL_ID_SIP_HEADER,
    FROM_SIP_HEADER,
    TO_SIP_HEADER,
    RECORD_ROUTE,
    ASSOCIATED_REGISTERED_IDENTITIES,
    MULTIPLE_REGISTRATION_INDICATION,
    RESTORATION_INFO,
    IDENTITY_WITH_EMERGENCY_REGISTRATION,
    PRIVILEDGED_SENDER_INDICATION,
    LIA_FLAGS,
    INITIAL_CSEQ_SEQUENCE_NUMBER,
    SAR_FLAGS,
    ALLOWED_WAF_WWSF_IDENTITIES,
    WEBRTC_AUTHENTICATION_FUNCTION_NAME,
    WEBRTC_WEB_SERVER_FUNCTION_NAME,
    RTR_FLAGS,
    P_CSCF_SUBSCRIPTION_INFO,
    REGISTRATION_TIME_OUT,
    FAILED_PCSCF,
    PCSCF_FQDN,
    PCSCF_IP_ADDRESS,
    OC_REG_TIMER_EXT,
];

const fn cmd(
    code: CommandCode,
    name: &'static str,
    request: &'static str,
    answer: &'static str,
    request_rules: &'static [Rule],
    answer_rules: &'static [Rule],
) -> CommandDef {
    CommandDef {
        code,
        application: ApplicationId::CX,
        name,
        request,
        answer,
        proxiable: true,
        request_rules,
        answer_rules,
    }
}

/// The six command pairs of TS 29.229 §6.1 (V19), all with the P bit set.
pub static COMMANDS: &[CommandDef] = &[
    cmd(
        CommandCode::USER_AUTHORIZATION,
        "User-Authorization",
        "UAR",
        "UAA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&USER_NAME),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::required(&PUBLIC_IDENTITY),
            Rule::required(&VISITED_NETWORK_IDENTIFIER),
            Rule::optional(&USER_AUTHORIZATION_TYPE),
            Rule::optional(&UAR_FLAGS),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::optional(&OC_OLR),
            Rule::any(&LOAD),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&SERVER_NAME),
            Rule::optional(&SERVER_CAPABILITIES),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
    cmd(
        CommandCode::SERVER_ASSIGNMENT,
        "Server-Assignment",
        "SAR",
        "SAA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::optional(&USER_NAME),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::any(&PUBLIC_IDENTITY),
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::required(&SERVER_NAME),
            Rule::required(&SERVER_ASSIGNMENT_TYPE),
            Rule::required(&USER_DATA_ALREADY_AVAILABLE),
            Rule::optional(&SCSCF_RESTORATION_INFO),
            Rule::optional(&MULTIPLE_REGISTRATION_INDICATION),
            Rule::optional(&SESSION_PRIORITY),
            Rule::optional(&SAR_FLAGS),
            Rule::optional(&FAILED_PCSCF),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&USER_NAME),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::optional(&OC_OLR),
            Rule::any(&LOAD),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&USER_DATA),
            Rule::optional(&CHARGING_INFORMATION),
            Rule::optional(&ASSOCIATED_IDENTITIES),
            Rule::optional(&LOOSE_ROUTE_INDICATION),
            Rule::any(&SCSCF_RESTORATION_INFO),
            Rule::optional(&ASSOCIATED_REGISTERED_IDENTITIES),
            Rule::optional(&SERVER_NAME),
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::optional(&PRIVILEDGED_SENDER_INDICATION),
            Rule::optional(&ALLOWED_WAF_WWSF_IDENTITIES),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
    cmd(
        CommandCode::LOCATION_INFO,
        "Location-Info",
        "LIR",
        "LIA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::optional(&ORIGINATING_REQUEST),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::required(&PUBLIC_IDENTITY),
            Rule::optional(&USER_AUTHORIZATION_TYPE),
            Rule::optional(&SESSION_PRIORITY),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::optional(&OC_OLR),
            Rule::any(&LOAD),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&SERVER_NAME),
            Rule::optional(&SERVER_CAPABILITIES),
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::optional(&LIA_FLAGS),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
    cmd(
        CommandCode::MULTIMEDIA_AUTH,
        "Multimedia-Auth",
        "MAR",
        "MAA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_REALM),
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&USER_NAME),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::required(&PUBLIC_IDENTITY),
            Rule::required(&SIP_AUTH_DATA_ITEM),
            Rule::required(&SIP_NUMBER_AUTH_ITEMS),
            Rule::required(&SERVER_NAME),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&USER_NAME),
            Rule::optional(&OC_SUPPORTED_FEATURES),
            Rule::optional(&OC_OLR),
            Rule::any(&LOAD),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&PUBLIC_IDENTITY),
            Rule::optional(&SIP_NUMBER_AUTH_ITEMS),
            Rule::any(&SIP_AUTH_DATA_ITEM),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
    cmd(
        CommandCode::REGISTRATION_TERMINATION,
        "Registration-Termination",
        "RTR",
        "RTA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&USER_NAME),
            Rule::optional(&ASSOCIATED_IDENTITIES),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::any(&PUBLIC_IDENTITY),
            Rule::required(&DEREGISTRATION_REASON),
            Rule::optional(&RTR_FLAGS),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&ASSOCIATED_IDENTITIES),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::any(&IDENTITY_WITH_EMERGENCY_REGISTRATION),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
    cmd(
        CommandCode::PUSH_PROFILE,
        "Push-Profile",
        "PPR",
        "PPA",
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_HOST),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&USER_NAME),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&USER_DATA),
            Rule::optional(&CHARGING_INFORMATION),
            Rule::optional(&SIP_AUTH_DATA_ITEM),
            Rule::optional(&ALLOWED_WAF_WWSF_IDENTITIES),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
        &[
            Rule::required(&SESSION_ID),
            Rule::optional(&DRMP),
            Rule::required(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ],
    ),
];

pub const APPLICATION: Application = Application {
    id: ApplicationId::CX,
    name: "3GPP Cx",
    vendor: VendorId::TGPP,
    commands: COMMANDS,
    avps: AVPS,
};
