//! Identity, registration and authentication AVPs: the generic AVPs of TS 29.229 that S6a/S6d,
//! Cx, Sh and SWx carry (Visited-Network-Identifier, Supported-Features), the Cx AVPs that
//! Sh (identities, server name), SWx (SIP-Auth-Data-Item, Server-Assignment-Type,
//! Deregistration-Reason) and S6a (Confidentiality-Key, Integrity-Key) re-use, MSISDN of
//! TS 29.329 and Emergency-Services of TS 29.273.

use super::*;

// TS 29.229 §6.3: generic AVPs re-used by S6a/S6d, Sh and SWx.

pub const VISITED_NETWORK_IDENTIFIER: AvpDef =
    AvpDef::tgpp(600, "Visited-Network-Identifier", OctetString);
pub const SUPPORTED_FEATURES: AvpDef =
    AvpDef::tgpp(628, "Supported-Features", Grouped).m_may().group(&[
        Rule::required(&VENDOR_ID),
        Rule::required(&FEATURE_LIST_ID),
        Rule::required(&FEATURE_LIST),
    ]);
pub const FEATURE_LIST_ID: AvpDef = AvpDef::tgpp(629, "Feature-List-ID", Unsigned32).m_must_not();
pub const FEATURE_LIST: AvpDef = AvpDef::tgpp(630, "Feature-List", Unsigned32).m_must_not();

// TS 29.229 §6.3, AVPs 601-626: M bit must be set. Public-Identity and Server-Name travel on Sh
// too, the authentication and registration AVPs on SWx, the two keys in the S6a UTRAN-Vector.

pub const PUBLIC_IDENTITY: AvpDef = AvpDef::tgpp(601, "Public-Identity", Utf8String);
pub const SERVER_NAME: AvpDef = AvpDef::tgpp(602, "Server-Name", Utf8String);
pub const SIP_NUMBER_AUTH_ITEMS: AvpDef = AvpDef::tgpp(607, "SIP-Number-Auth-Items", Unsigned32);
pub const SIP_AUTHENTICATION_SCHEME: AvpDef =
    AvpDef::tgpp(608, "SIP-Authentication-Scheme", Utf8String);
pub const SIP_AUTHENTICATE: AvpDef = AvpDef::tgpp(609, "SIP-Authenticate", OctetString);
pub const SIP_AUTHORIZATION: AvpDef = AvpDef::tgpp(610, "SIP-Authorization", OctetString);
pub const SIP_AUTHENTICATION_CONTEXT: AvpDef =
    AvpDef::tgpp(611, "SIP-Authentication-Context", OctetString);
/// TS 29.229 §6.3.13. SWx (TS 29.273 §8.2.3.9) uses a subset of these children.
pub const SIP_AUTH_DATA_ITEM: AvpDef = AvpDef::tgpp(612, "SIP-Auth-Data-Item", Grouped).group(&[
    Rule::optional(&SIP_ITEM_NUMBER),
    Rule::optional(&SIP_AUTHENTICATION_SCHEME),
    Rule::optional(&SIP_AUTHENTICATE),
    Rule::optional(&SIP_AUTHORIZATION),
    Rule::optional(&SIP_AUTHENTICATION_CONTEXT),
    Rule::optional(&CONFIDENTIALITY_KEY),
    Rule::optional(&INTEGRITY_KEY),
    Rule::optional(&SIP_DIGEST_AUTHENTICATE),
    Rule::optional(&FRAMED_IP_ADDRESS),
    Rule::optional(&FRAMED_IPV6_PREFIX),
    Rule::optional(&FRAMED_INTERFACE_ID),
    Rule::any(&LINE_IDENTIFIER),
]);
pub const SIP_ITEM_NUMBER: AvpDef = AvpDef::tgpp(613, "SIP-Item-Number", Unsigned32);
pub const SERVER_ASSIGNMENT_TYPE: AvpDef = AvpDef::tgpp(614, "Server-Assignment-Type", Enumerated)
    .values(&[
        (0, "NO_ASSIGNMENT"),
        (1, "REGISTRATION"),
        (2, "RE_REGISTRATION"),
        (3, "UNREGISTERED_USER"),
        (4, "TIMEOUT_DEREGISTRATION"),
        (5, "USER_DEREGISTRATION"),
        (6, "TIMEOUT_DEREGISTRATION_STORE_SERVER_NAME"),
        (7, "USER_DEREGISTRATION_STORE_SERVER_NAME"),
        (8, "ADMINISTRATIVE_DEREGISTRATION"),
        (9, "AUTHENTICATION_FAILURE"),
        (10, "AUTHENTICATION_TIMEOUT"),
        (11, "DEREGISTRATION_TOO_MUCH_DATA"),
        (12, "AAA_USER_DATA_REQUEST"),
        (13, "PGW_UPDATE"),
        (14, "RESTORATION"),
    ]);
pub const DEREGISTRATION_REASON: AvpDef = AvpDef::tgpp(615, "Deregistration-Reason", Grouped)
    .group(&[Rule::required(&REASON_CODE), Rule::optional(&REASON_INFO)]);
pub const REASON_CODE: AvpDef = AvpDef::tgpp(616, "Reason-Code", Enumerated).values(&[
    (0, "PERMANENT_TERMINATION"),
    (1, "NEW_SERVER_ASSIGNED"),
    (2, "SERVER_CHANGE"),
    (3, "REMOVE_S-CSCF"),
]);
pub const REASON_INFO: AvpDef = AvpDef::tgpp(617, "Reason-Info", Utf8String);
pub const CONFIDENTIALITY_KEY: AvpDef = AvpDef::tgpp(625, "Confidentiality-Key", OctetString);
pub const INTEGRITY_KEY: AvpDef = AvpDef::tgpp(626, "Integrity-Key", OctetString);

// TS 29.229 §6.3, AVPs 634-663: M bit must not be set. The wildcarded identities and
// Session-Priority travel on Sh too, the digest AVPs inside SIP-Auth-Data-Item on SWx.

pub const WILDCARDED_PUBLIC_IDENTITY: AvpDef =
    AvpDef::tgpp(634, "Wildcarded-Public-Identity", Utf8String).m_must_not();
pub const SIP_DIGEST_AUTHENTICATE: AvpDef =
    AvpDef::tgpp(635, "SIP-Digest-Authenticate", Grouped).m_must_not().group(&[
        Rule::required(&DIGEST_REALM),
        Rule::optional(&DIGEST_ALGORITHM),
        Rule::required(&DIGEST_QOP),
        Rule::required(&DIGEST_HA1),
        Rule::optional(&ALTERNATE_DIGEST_ALGORITHM),
        Rule::optional(&ALTERNATE_DIGEST_HA1),
    ]);
/// TS 29.229 §6.3.43; also carried on Sh (TS 29.329 §6.3.20).
pub const WILDCARDED_IMPU: AvpDef = AvpDef::tgpp(636, "Wildcarded-IMPU", Utf8String).m_must_not();
/// TS 29.229 §6.3.56; also carried on Sh.
pub const SESSION_PRIORITY: AvpDef =
    AvpDef::tgpp(650, "Session-Priority", Enumerated).m_must_not().values(&[
        (0, "PRIORITY-0"),
        (1, "PRIORITY-1"),
        (2, "PRIORITY-2"),
        (3, "PRIORITY-3"),
        (4, "PRIORITY-4"),
    ]);
pub const ALTERNATE_DIGEST_ALGORITHM: AvpDef =
    AvpDef::tgpp(662, "Alternate-Digest-Algorithm", Utf8String).m_must_not();
pub const ALTERNATE_DIGEST_HA1: AvpDef =
    AvpDef::tgpp(663, "Alternate-Digest-HA1", Utf8String).m_must_not();

// ETSI ES 283 035 §7.3.5 (TS 29.229 §6.3.42): ETSI vendor, M bit must not be set. The one
// non-3GPP vendor AVP of this layer, a child of SIP-Auth-Data-Item.

pub const LINE_IDENTIFIER: AvpDef =
    AvpDef::vendor(500, VendorId::ETSI, "Line-Identifier", OctetString).m_must_not();

// TS 29.329 §6.3: M bit must be set. S6a carries MSISDN in Subscription-Data.

pub const MSISDN: AvpDef = AvpDef::tgpp(701, "MSISDN", OctetString);

// TS 29.273 (a post-Rel-8 AVP): M bit must not be set. S6a carries it in Notify-Request.

pub const EMERGENCY_SERVICES: AvpDef = AvpDef::tgpp(1538, "Emergency-Services", Unsigned32)
    .m_must_not()
    .values(&[(1, "Emergency-Indication")]);
