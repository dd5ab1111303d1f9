//! The built-in field mappings of `/sh/subscriber-data`, used while none are stored: the
//! MMTEL-Services document of TS 29.364 §7 (each service a `complete-*` element holding the
//! user part of TS 24.623, `active`, and the operator part, `authorized`) and the
//! IMS-ODB-Information document of TS 29.364 §10. Field names are ours; each description is
//! the Sentinel VoLTE field label it corresponds to.

use store::FieldKind::{Boolean as B, Integer as I, Text as T, Xml as X};
use store::{DocumentMapping, FieldKind, FieldMapping, FieldMappings, PrefixMapping};

/// The Service-Indication of the MMTel services document (TS 29.364 §7.2.0).
const MMTEL_SERVICES: &str = "MMTEL-Services";

/// The Service-Indication of the IMS ODB document (TS 29.364 §10.1).
const IMS_ODB_INFORMATION: &str = "IMS-ODB-Information";

/// The namespace of simservs (TS 24.623), the target namespace of TS 29.364 §7.
const SIMSERVS_NS: &str = "http://uri.etsi.org/ngn/params/xml/simservs/xcap";

/// IETF common policy (RFC 4745): the rule sets of CDIV, ICB and OCB.
const COMMON_POLICY_NS: &str = "urn:ietf:params:xml:ns:common-policy";

const OIP: &str = "complete-originating-identity-presentation";
const OIR: &str = "complete-originating-identity-presentation-restriction";
const TIP: &str = "complete-terminating-identity-presentation";
const TIR: &str = "complete-terminating-identity-presentation-restriction";
const CDIV: &str = "complete-communication-diversion";
const ICB: &str = "complete-incoming-communication-barring";
const OCB: &str = "complete-outgoing-communication-barring";
const CW: &str = "complete-communication-waiting";

/// MMTEL-Services: (name, group element, path below it, type, Sentinel label).
const MMTEL: &[(&str, &str, &str, FieldKind, &str)] = &[
    ("oip.active", OIP, "originating-identity-presentation/@active", B, "OIP Active"),
    (
        "oip.authorized",
        OIP,
        "operator-originating-identity-presentation/@authorized",
        B,
        "OIP Authorized",
    ),
    ("oir.active", OIR, "originating-identity-presentation-restriction/@active", B, "OIR Active"),
    (
        "oir.default_behaviour",
        OIR,
        "originating-identity-presentation-restriction/default-behaviour",
        T,
        "OIR Default Behaviour",
    ),
    (
        "oir.authorized",
        OIR,
        "operator-originating-identity-presentation-restriction/@authorized",
        B,
        "OIR Authorized",
    ),
    ("oir.mode", OIR, "operator-originating-identity-presentation-restriction/mode", T, "OIR Mode"),
    ("tip.active", TIP, "terminating-identity-presentation/@active", B, "TIP Active"),
    (
        "tip.authorized",
        TIP,
        "operator-terminating-identity-presentation/@authorized",
        B,
        "TIP Authorized",
    ),
    ("tir.active", TIR, "terminating-identity-presentation-restriction/@active", B, "TIR Active"),
    (
        "tir.default_behaviour",
        TIR,
        "terminating-identity-presentation-restriction/default-behaviour",
        T,
        "TIR Default Behaviour",
    ),
    (
        "tir.authorized",
        TIR,
        "operator-terminating-identity-presentation-restriction/@authorized",
        B,
        "TIR Authorized",
    ),
    ("cdiv.active", CDIV, "communication-diversion/@active", B, "CDIV Active"),
    ("cdiv.no_reply_timer", CDIV, "communication-diversion/NoReplyTimer", I, "CDIV No Reply Timer"),
    ("cdiv.rules", CDIV, "communication-diversion/cp:ruleset", X, "CDIV Rules"),
    ("cdiv.authorized", CDIV, "operator-communication-diversion/@authorized", B, "CDIV Authorized"),
    (
        "cdiv.max_diversions",
        CDIV,
        "operator-communication-diversion/total-number-of-diversions-for-each-communication",
        I,
        "Operator CDIV Maximum Diversion Count",
    ),
    (
        "cdiv.operator_no_reply_timer",
        CDIV,
        "operator-communication-diversion/communication-forwarding-on-no-reply-timer",
        I,
        "Operator CDIV No Reply Timer",
    ),
    ("icb.active", ICB, "incoming-communication-barring/@active", B, "ICB Active"),
    ("icb.rules", ICB, "incoming-communication-barring/cp:ruleset", X, "ICB Rules"),
    (
        "icb.authorized",
        ICB,
        "operator-incoming-communication-barring/@authorized",
        B,
        "ICB Authorized",
    ),
    ("ocb.active", OCB, "outgoing-communication-barring/@active", B, "OCB Active"),
    ("ocb.rules", OCB, "outgoing-communication-barring/cp:ruleset", X, "OCB Rules"),
    (
        "ocb.authorized",
        OCB,
        "operator-outgoing-communication-barring/@authorized",
        B,
        "OCB Authorized",
    ),
    ("cw.active", CW, "communication-waiting/@active", B, "CW Active"),
    ("cw.authorized", CW, "operator-communication-waiting/@authorized", B, "CW Authorized"),
    (
        "hold.authorized",
        "complete-communication-hold",
        "operator-communication-hold/@authorized",
        B,
        "Hold Authorized",
    ),
    (
        "conference.authorized",
        "complete-conference",
        "operator-conference/@authorized",
        B,
        "Conferencing Authorized",
    ),
    (
        "ect.authorized",
        "complete-explicit-communication-transfer",
        "operator-explicit-communication-transfer/@authorized",
        B,
        "Explicit Communication Transfer Authorized",
    ),
];

/// IMS-ODB-Information: (name, element below `OdbForImsMultimediaTelephonyServices`, type,
/// Sentinel label).
const ODB: &[(&str, &str, FieldKind, &str)] = &[
    ("odb.outgoing_barring", "OutgoingBarring", I, "Outgoing barring condition"),
    ("odb.incoming_barring", "IncomingBarring", I, "Incoming barring condition"),
    ("odb.roaming_barring", "RoamingBarring", I, "Barring of roaming condition"),
    (
        "odb.premium_rate_information",
        "BarringOfPremiumRateInformation",
        B,
        "Bar premium rate communications information",
    ),
    (
        "odb.premium_rate_information_roaming",
        "BarringOfPremiumRateInformationWhenRoaming",
        B,
        "Bar premium rate calls information when roaming outside Hplmn country",
    ),
    (
        "odb.premium_rate_entertainment",
        "BarringOfPremiumRateEntertainment",
        B,
        "Bar premium rate communications entertainment",
    ),
    (
        "odb.premium_rate_entertainment_roaming",
        "BarringOfPremiumRateEntertainmentWhenRoaming",
        B,
        "Bar premium rate calls entertainment when roaming outside Hplmn country",
    ),
    ("odb.operator_specific_type1", "OperatorSpecificBarring/Type1", B, "Evaluate ruleset Type1"),
    ("odb.operator_specific_type2", "OperatorSpecificBarring/Type2", B, "Evaluate ruleset Type2"),
    ("odb.operator_specific_type3", "OperatorSpecificBarring/Type3", B, "Evaluate ruleset Type3"),
    ("odb.operator_specific_type4", "OperatorSpecificBarring/Type4", B, "Evaluate ruleset Type4"),
    (
        "odb.supplementary_services_management",
        "BarringOfSupplementaryServicesManagement",
        B,
        "Barring of supplementary services management",
    ),
    (
        "odb.diverted_to_address_registration",
        "BarringOfRegistrationOfDivertedToAddress",
        I,
        "Diverted to address registration barring",
    ),
    (
        "odb.communication_transfer",
        "BarringOfInvocationOfCommunicationTransfer",
        I,
        "Simple invocation of communication transfer barring",
    ),
    (
        "odb.multiple_communication_transfer",
        "BarringOfMultipleInvocationOfCommunicationTransfer",
        B,
        "Multiple invocation of communication transfer barring",
    ),
    (
        "odb.chargeable_communication_transfer",
        "BarringOfInvocationOfChargeableCommunicationTransfer",
        B,
        "Invocation of chargeable communication transfer barring",
    ),
];

fn field(name: &str, path: String, kind: FieldKind, label: &str) -> FieldMapping {
    FieldMapping { name: name.into(), path, kind, description: Some(label.into()) }
}

/// The built-in mappings.
pub(super) fn defaults() -> FieldMappings {
    let mmtel = MMTEL
        .iter()
        .map(|&(name, group, rest, kind, label)| {
            field(name, format!("MMTelServices/{group}/{rest}"), kind, label)
        })
        .collect();
    let odb = ODB
        .iter()
        .map(|&(name, rest, kind, label)| {
            let path =
                format!("OdbForImsOrientedServices/OdbForImsMultimediaTelephonyServices/{rest}");
            field(name, path, kind, label)
        })
        .collect();
    FieldMappings {
        documents: vec![
            DocumentMapping {
                service_indication: MMTEL_SERVICES.into(),
                namespace: Some(SIMSERVS_NS.into()),
                prefixes: vec![PrefixMapping { prefix: "cp".into(), uri: COMMON_POLICY_NS.into() }],
                fields: mmtel,
            },
            DocumentMapping {
                service_indication: IMS_ODB_INFORMATION.into(),
                namespace: None,
                prefixes: Vec::new(),
                fields: odb,
            },
        ],
    }
}
