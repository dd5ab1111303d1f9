//! The IMS data model (TS 29.228 §6.3, Annex B): an IMS subscription with its private
//! identities (IMPI) and the authentication schemes each allows, its public identities (IMPU)
//! in implicit registration sets, its service profiles with initial filter criteria (iFC), the
//! S-CSCF it is preassigned to or the capabilities an I-CSCF selects one by, and its charging
//! addresses; iFC sets shared by many subscriptions; and the registration the S-CSCF keeps.
//!
//! These are nested documents read on a cache miss and at provisioning only, never encoded on
//! the Diameter path (the Cx User-Data is rendered once per change): they are stored as a
//! schema version byte followed by their JSON form (the same form the REST API takes), not in
//! the fixed binary layout of the flat S6a values. See `docs/design/identities.md`.

use serde::{Deserialize, Serialize};

use crate::error::{Corrupt, InvalidField};
use crate::keys::Kind;
use crate::model::{Imsi, MAX_IDENTITY_LEN};

/// Most private identities one subscription holds.
pub const MAX_PRIVATE_IDENTITIES: usize = 16;
/// Most public identities one subscription holds.
pub const MAX_PUBLIC_IDENTITIES: usize = 64;
/// Most service profiles one subscription holds.
pub const MAX_SERVICE_PROFILES: usize = 16;
/// Most iFCs one service profile (its own plus those of its sets) or one iFC set holds.
pub const MAX_IFCS: usize = 64;
/// Most SPTs one trigger point holds.
pub const MAX_SPTS: usize = 32;
/// Longest URI, header, SDP line or service information text.
pub const MAX_TEXT_LEN: usize = 1024;

/// An authentication scheme a private identity may use (TS 29.229 §6.3.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuthScheme {
    /// IMS AKA with the USIM of the linked EPS subscriber: its K, OPc, AMF and SQN.
    #[serde(rename = "Digest-AKAv1-MD5")]
    DigestAkaV1Md5,
    /// SIP Digest (RFC 2617) with the stored H(A1).
    #[serde(rename = "SIP Digest")]
    SipDigest,
}

/// A private identity (IMPI, TS 23.003 §13.3: `user@realm`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivateIdentity {
    pub impi: String,
    /// The schemes a MAR may ask for; another one gets 5006.
    pub schemes: Vec<AuthScheme>,
    /// SIP Digest: H(A1) = MD5(impi ":" realm ":" password), 32 lowercase hex digits. The
    /// password itself is never stored (the API hashes it and drops it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest_ha1: Option<String>,
    /// SIP Digest realm; the IMPI's domain when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest_realm: Option<String>,
}

impl PrivateIdentity {
    /// The Digest realm: the provisioned one, else the part of the IMPI after `@`.
    pub fn realm(&self) -> &str {
        self.digest_realm
            .as_deref()
            .unwrap_or_else(|| self.impi.rsplit_once('@').map_or(&self.impi, |(_, d)| d))
    }
}

/// A public identity (IMPU): a SIP or tel URI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicIdentity {
    pub impu: String,
    /// Barred (TS 29.228 §6.3: BarringIndication): may not be used for sessions, only to
    /// register along with its implicit set.
    #[serde(default)]
    pub barred: bool,
    /// The implicit registration set it belongs to: identities with the same number register
    /// and deregister together (TS 23.228 §5.2.1a).
    #[serde(default)]
    pub implicit_set: u8,
    /// The index of its service profile in [`ImsSubscription::service_profiles`].
    #[serde(default)]
    pub service_profile: u8,
    /// The MSISDN this identity stands for (Sh MSISDN Data-Reference, UDR by MSISDN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msisdn: Option<String>,
    /// DisplayName (TS 29.228 Annex B).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
}

/// What an I-CSCF selects an S-CSCF by when none is assigned (TS 29.229 §6.3.4).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerCapabilities {
    #[serde(default)]
    pub mandatory: Vec<u32>,
    #[serde(default)]
    pub optional: Vec<u32>,
    /// S-CSCF names (SIP URIs) the I-CSCF may pick from.
    #[serde(default)]
    pub server_names: Vec<String>,
}

/// The charging function addresses (TS 29.229 §6.3.19), DiameterURIs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChargingAddresses {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_ecf: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary_ecf: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_ccf: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary_ccf: Option<String>,
}

impl ChargingAddresses {
    /// Whether no address is set (no Charging-Information is sent).
    pub fn is_empty(&self) -> bool {
        self.primary_ecf.is_none()
            && self.secondary_ecf.is_none()
            && self.primary_ccf.is_none()
            && self.secondary_ccf.is_none()
    }
}

/// A service profile (TS 29.228 Annex B.2.2): the iFCs of the public identities that use it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceProfile {
    /// Shared iFC sets (by id) whose iFCs this profile includes.
    #[serde(default)]
    pub ifc_sets: Vec<u32>,
    /// This profile's own iFCs.
    #[serde(default)]
    pub ifcs: Vec<Ifc>,
    /// CoreNetworkServicesAuthorization's SubscribedMediaProfileId.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscribed_media_profile_id: Option<u32>,
}

/// An initial filter criterion (TS 29.228 Annex B.2.2, Annex C).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ifc {
    /// Lower is evaluated first; unique within a service profile.
    pub priority: u32,
    /// Absent: the criterion always matches (unconditional triggering).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_point: Option<TriggerPoint>,
    pub application_server: ApplicationServer,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_part_indicator: Option<ProfilePart>,
}

/// ProfilePartIndicator: whether an iFC applies to the registered or the unregistered case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfilePart {
    Registered,
    Unregistered,
}

impl ProfilePart {
    /// The value in the XML (0 REGISTERED, 1 UNREGISTERED).
    pub const fn code(self) -> u8 {
        match self {
            Self::Registered => 0,
            Self::Unregistered => 1,
        }
    }
}

/// A trigger point: SPTs combined in conjunctive (CNF) or disjunctive (DNF) normal form by
/// their groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerPoint {
    /// ConditionTypeCNF: true for CNF (groups ORed inside, ANDed together), false for DNF.
    pub condition_type_cnf: bool,
    pub spts: Vec<Spt>,
}

/// A service point trigger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spt {
    #[serde(default)]
    pub condition_negated: bool,
    /// The groups it belongs to (at least one; `[0]` when absent).
    #[serde(default = "default_group")]
    pub group: Vec<u32>,
    pub condition: SptCondition,
}

fn default_group() -> Vec<u32> {
    vec![0]
}

/// What one SPT tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum SptCondition {
    RequestUri(String),
    /// A SIP method (`INVITE`, `MESSAGE`, `REGISTER`, ...).
    Method(String),
    SipHeader {
        header: String,
        /// A regular expression on the header's value; absent tests presence.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        content: Option<String>,
    },
    SessionCase(SessionCase),
    SessionDescription {
        line: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        content: Option<String>,
    },
}

/// SessionCase (TS 29.228 Annex C).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionCase {
    Originating,
    Terminating,
    TerminatingUnregistered,
    OriginatingUnregistered,
    OriginatingCdiv,
}

impl SessionCase {
    /// The value in the XML.
    pub const fn code(self) -> u8 {
        match self {
            Self::Originating => 0,
            Self::Terminating => 1,
            Self::TerminatingUnregistered => 2,
            Self::OriginatingUnregistered => 3,
            Self::OriginatingCdiv => 4,
        }
    }
}

/// The application server an iFC sends to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationServer {
    /// Its SIP URI.
    pub server_name: String,
    #[serde(default)]
    pub default_handling: DefaultHandling,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_info: Option<String>,
    #[serde(default)]
    pub include_register_request: bool,
    #[serde(default)]
    pub include_register_response: bool,
}

/// DefaultHandling: what the S-CSCF does when the AS does not answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultHandling {
    #[default]
    SessionContinued,
    SessionTerminated,
}

impl DefaultHandling {
    /// The value in the XML.
    pub const fn code(self) -> u8 {
        match self {
            Self::SessionContinued => 0,
            Self::SessionTerminated => 1,
        }
    }
}

/// A set of iFCs shared by many service profiles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IfcSet {
    /// Its id (non-zero); the store numbers it when created without one.
    #[serde(default)]
    pub id: u32,
    pub name: String,
    pub ifcs: Vec<Ifc>,
}

/// An IMS subscription (TS 29.228 Annex B.2: IMSSubscription).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImsSubscription {
    /// The EPS subscriber whose USIM this subscription authenticates with (Digest-AKAv1-MD5:
    /// its keys and its one SQN space). Absent: a SIP-Digest-only subscription.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imsi: Option<String>,
    pub private_identities: Vec<PrivateIdentity>,
    pub public_identities: Vec<PublicIdentity>,
    pub service_profiles: Vec<ServiceProfile>,
    /// The S-CSCF this subscription is preassigned to (SIP URI); UAA and LIA name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scscf_name: Option<String>,
    #[serde(default)]
    pub server_capabilities: ServerCapabilities,
    #[serde(default)]
    pub charging: ChargingAddresses,
    /// Whether it may register through a visited network's P-CSCF (UAR
    /// Visited-Network-Identifier other than the home domain, the IMPI's realm); 5004
    /// otherwise. Allowed when absent.
    #[serde(default = "allowed")]
    pub roaming_allowed: bool,
    /// A User-Data template (by id) that renders this subscription's Cx User-Data instead of
    /// the document built from its service profiles (see `crate::template`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_data_template: Option<u32>,
}

fn allowed() -> bool {
    true
}

impl ImsSubscription {
    /// The linked IMSI, parsed (validation has checked it).
    pub fn linked_imsi(&self) -> Option<Imsi> {
        self.imsi.as_deref().and_then(|s| Imsi::parse(s).ok())
    }

    /// The private identity `impi` (compared exactly).
    pub fn private_identity(&self, impi: &str) -> Option<&PrivateIdentity> {
        self.private_identities.iter().find(|p| p.impi == impi)
    }

    /// The index of public identity `impu` in [`Self::public_identities`].
    pub fn public_index(&self, impu: &str) -> Option<usize> {
        self.public_identities.iter().position(|p| same_uri(&p.impu, impu))
    }

    /// The public identities of implicit set `set`, in order.
    pub fn implicit_set(&self, set: u8) -> impl Iterator<Item = &PublicIdentity> {
        self.public_identities.iter().filter(move |p| p.implicit_set == set)
    }

    /// The implicit set numbers in use, ascending, each once.
    pub fn implicit_sets(&self) -> Vec<u8> {
        let mut sets: Vec<u8> = self.public_identities.iter().map(|p| p.implicit_set).collect();
        sets.sort_unstable();
        sets.dedup();
        sets
    }

    /// Checks every field; the error names the first one that is wrong.
    pub fn validate(&self) -> Result<(), InvalidField> {
        if let Some(imsi) = &self.imsi {
            Imsi::parse(imsi)?;
        }
        let privs = &self.private_identities;
        if privs.is_empty() || privs.len() > MAX_PRIVATE_IDENTITIES {
            return Err(InvalidField::new("private_identities", "must hold 1 to 16 identities"));
        }
        for (i, p) in privs.iter().enumerate() {
            validate_impi(&p.impi)?;
            if privs[..i].iter().any(|q| q.impi == p.impi) {
                return Err(InvalidField::new("private_identities[].impi", "is repeated"));
            }
            if p.schemes.is_empty() {
                return Err(InvalidField::new("private_identities[].schemes", "must not be empty"));
            }
            if p.schemes.contains(&AuthScheme::DigestAkaV1Md5) && self.imsi.is_none() {
                return Err(InvalidField::new(
                    "private_identities[].schemes",
                    "Digest-AKAv1-MD5 needs the subscription linked to an IMSI",
                ));
            }
            match &p.digest_ha1 {
                Some(ha1) if !is_lower_hex(ha1, 32) => {
                    return Err(InvalidField::new(
                        "private_identities[].digest_ha1",
                        "must be 32 lowercase hex digits",
                    ));
                }
                None if p.schemes.contains(&AuthScheme::SipDigest) => {
                    return Err(InvalidField::new(
                        "private_identities[].digest_ha1",
                        "SIP Digest needs digest_ha1 or digest_password",
                    ));
                }
                _ => {}
            }
            if let Some(realm) = &p.digest_realm {
                text(realm, "private_identities[].digest_realm", MAX_IDENTITY_LEN)?;
            }
        }
        let pubs = &self.public_identities;
        if pubs.is_empty() || pubs.len() > MAX_PUBLIC_IDENTITIES {
            return Err(InvalidField::new("public_identities", "must hold 1 to 64 identities"));
        }
        let profiles = &self.service_profiles;
        if profiles.is_empty() || profiles.len() > MAX_SERVICE_PROFILES {
            return Err(InvalidField::new("service_profiles", "must hold 1 to 16 profiles"));
        }
        for (i, p) in pubs.iter().enumerate() {
            validate_impu(&p.impu, "public_identities[].impu")?;
            if pubs[..i].iter().any(|q| same_uri(&q.impu, &p.impu)) {
                return Err(InvalidField::new("public_identities[].impu", "is repeated"));
            }
            if usize::from(p.service_profile) >= profiles.len() {
                return Err(InvalidField::new(
                    "public_identities[].service_profile",
                    "must be the index of one of service_profiles",
                ));
            }
            if let Some(m) = &p.msisdn {
                crate::model::Msisdn::parse(m).map_err(|_| {
                    InvalidField::new(
                        "public_identities[].msisdn",
                        "must be 1 to 15 decimal digits",
                    )
                })?;
            }
            if let Some(d) = &p.display_name {
                text(d, "public_identities[].display_name", MAX_IDENTITY_LEN)?;
            }
        }
        // Every implicit set keeps one identity that is not barred (TS 29.228 §6.3: barring
        // the whole set would leave nothing to register).
        for set in self.implicit_sets() {
            if self.implicit_set(set).all(|p| p.barred) {
                return Err(InvalidField::new(
                    "public_identities[].barred",
                    "every implicit set needs one identity that is not barred",
                ));
            }
        }
        for profile in profiles {
            validate_ifcs(&profile.ifcs, "service_profiles[].ifcs")?;
            if profile.ifc_sets.contains(&0) {
                return Err(InvalidField::new("service_profiles[].ifc_sets", "ids are non-zero"));
            }
        }
        if let Some(name) = &self.scscf_name {
            validate_sip_uri(name, "scscf_name")?;
        }
        for name in &self.server_capabilities.server_names {
            validate_sip_uri(name, "server_capabilities.server_names[]")?;
        }
        let c = &self.charging;
        for (v, field) in [
            (&c.primary_ecf, "charging.primary_ecf"),
            (&c.secondary_ecf, "charging.secondary_ecf"),
            (&c.primary_ccf, "charging.primary_ccf"),
            (&c.secondary_ccf, "charging.secondary_ccf"),
        ] {
            if let Some(v) = v {
                text(v, field, MAX_IDENTITY_LEN)?;
            }
        }
        Ok(())
    }

    pub(crate) fn encode(&self) -> Vec<u8> {
        crate::value::encode_json(self)
    }

    pub(crate) fn decode(value: &[u8]) -> Result<Self, Corrupt> {
        crate::value::decode_json(Kind::ImsSubscription, value, "IMS document does not decode")
    }
}

impl IfcSet {
    /// Checks the name and the iFCs.
    pub fn validate(&self) -> Result<(), InvalidField> {
        text(&self.name, "name", 255)?;
        validate_ifcs(&self.ifcs, "ifcs")
    }

    pub(crate) fn encode(&self) -> Vec<u8> {
        crate::value::encode_json(self)
    }

    pub(crate) fn decode(value: &[u8]) -> Result<Self, Corrupt> {
        crate::value::decode_json(Kind::IfcSet, value, "IMS document does not decode")
    }
}

/// Whether two URIs name the same identity: the scheme compared without case, the rest
/// exactly (TS 29.228 leaves user parts case-sensitive).
pub fn same_uri(a: &str, b: &str) -> bool {
    match (a.split_once(':'), b.split_once(':')) {
        (Some((sa, ra)), Some((sb, rb))) => sa.eq_ignore_ascii_case(sb) && ra == rb,
        _ => a == b,
    }
}

/// The index form of a URI: its scheme lowercased, the rest as is.
pub fn uri_key(uri: &str) -> String {
    uri_key_cow(uri).into_owned()
}

/// [`uri_key`] without a copy when the scheme is lowercase already (the usual case, and the
/// Diameter path's).
pub fn uri_key_cow(uri: &str) -> std::borrow::Cow<'_, str> {
    match uri.split_once(':') {
        Some((scheme, rest)) if scheme.bytes().any(|b| b.is_ascii_uppercase()) => {
            format!("{}:{rest}", scheme.to_ascii_lowercase()).into()
        }
        _ => uri.into(),
    }
}

fn is_lower_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Printable ASCII or UTF-8 text without control characters, 1..=`max` octets.
fn text(s: &str, field: &'static str, max: usize) -> Result<(), InvalidField> {
    if s.is_empty() || s.len() > max || s.chars().any(char::is_control) {
        return Err(InvalidField::new(
            field,
            "must be 1 to the limit's octets of text without control characters",
        ));
    }
    Ok(())
}

/// A NAI (`user@realm`), ASCII without spaces, 3..=255 octets.
fn validate_impi(s: &str) -> Result<(), InvalidField> {
    let ok = s.len() <= MAX_IDENTITY_LEN
        && s.bytes().all(|b| b.is_ascii_graphic())
        && s.split_once('@').is_some_and(|(u, d)| !u.is_empty() && !d.is_empty());
    if ok {
        Ok(())
    } else {
        Err(InvalidField::new(
            "private_identities[].impi",
            "must be a NAI user@realm of at most 255 ASCII octets",
        ))
    }
}

/// A `sip:`, `sips:` or `tel:` URI of at most 255 ASCII octets without spaces.
fn validate_impu(s: &str, field: &'static str) -> Result<(), InvalidField> {
    let ok = s.len() <= MAX_IDENTITY_LEN
        && s.bytes().all(|b| b.is_ascii_graphic())
        && s.split_once(':').is_some_and(|(scheme, rest)| {
            ["sip", "sips", "tel"].iter().any(|k| k.eq_ignore_ascii_case(scheme))
                && !rest.is_empty()
        });
    if ok {
        Ok(())
    } else {
        Err(InvalidField::new(
            field,
            "must be a sip:, sips: or tel: URI of at most 255 ASCII octets",
        ))
    }
}

fn validate_sip_uri(s: &str, field: &'static str) -> Result<(), InvalidField> {
    validate_impu(s, field)?;
    if s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("tel:")) {
        return Err(InvalidField::new(field, "must be a sip: or sips: URI"));
    }
    Ok(())
}

/// iFCs: at most [`MAX_IFCS`], priorities unique, every text within its limit.
pub(crate) fn validate_ifcs(ifcs: &[Ifc], field: &'static str) -> Result<(), InvalidField> {
    if ifcs.len() > MAX_IFCS {
        return Err(InvalidField::new(field, "at most 64 iFCs"));
    }
    for (i, ifc) in ifcs.iter().enumerate() {
        // The XML's Priority and Group are xs:int.
        if ifc.priority > i32::MAX as u32 {
            return Err(InvalidField::new(field, "iFC priorities are 0 to 2147483647"));
        }
        if ifcs[..i].iter().any(|o| o.priority == ifc.priority) {
            return Err(InvalidField::new(field, "iFC priorities must be unique"));
        }
        validate_sip_uri(&ifc.application_server.server_name, "application_server.server_name")?;
        if let Some(info) = &ifc.application_server.service_info {
            text(info, "application_server.service_info", MAX_TEXT_LEN)?;
        }
        let Some(tp) = &ifc.trigger_point else { continue };
        if tp.spts.is_empty() || tp.spts.len() > MAX_SPTS {
            return Err(InvalidField::new("trigger_point.spts", "must hold 1 to 32 SPTs"));
        }
        for spt in &tp.spts {
            if spt.group.iter().any(|g| *g > i32::MAX as u32) {
                return Err(InvalidField::new(
                    "trigger_point.spts[].group",
                    "groups are 0 to 2147483647",
                ));
            }
            if spt.group.is_empty() {
                return Err(InvalidField::new("trigger_point.spts[].group", "must not be empty"));
            }
            match &spt.condition {
                SptCondition::RequestUri(s) => {
                    text(s, "spts[].condition.request_uri", MAX_TEXT_LEN)?
                }
                SptCondition::Method(s) => {
                    if s.is_empty() || s.len() > 32 || !s.bytes().all(|b| b.is_ascii_alphabetic()) {
                        return Err(InvalidField::new(
                            "spts[].condition.method",
                            "must be a SIP method name",
                        ));
                    }
                }
                SptCondition::SipHeader { header, content } => {
                    text(header, "spts[].condition.sip_header.header", MAX_TEXT_LEN)?;
                    if let Some(c) = content {
                        text(c, "spts[].condition.sip_header.content", MAX_TEXT_LEN)?;
                    }
                }
                SptCondition::SessionCase(_) => {}
                SptCondition::SessionDescription { line, content } => {
                    text(line, "spts[].condition.session_description.line", MAX_TEXT_LEN)?;
                    if let Some(c) = content {
                        text(c, "spts[].condition.session_description.content", MAX_TEXT_LEN)?;
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> ImsSubscription {
        serde_json::from_value(serde_json::json!({
            "imsi": "001010000000001",
            "private_identities": [{
                "impi": "001010000000001@ims.mnc001.mcc001.3gppnetwork.org",
                "schemes": ["Digest-AKAv1-MD5"]
            }],
            "public_identities": [
                {"impu": "sip:001010000000001@ims.mnc001.mcc001.3gppnetwork.org"},
                {"impu": "tel:+491792021244", "msisdn": "491792021244"}
            ],
            "service_profiles": [{
                "ifcs": [{
                    "priority": 10,
                    "trigger_point": {"condition_type_cnf": false, "spts": [
                        {"condition": {"method": "INVITE"}},
                        {"condition": {"session_case": "originating"}}
                    ]},
                    "application_server": {"server_name": "sip:mmtel.ims.example.org"}
                }]
            }]
        }))
        .expect("sample decodes")
    }

    #[test]
    fn sample_validates_and_round_trips() {
        let s = sample();
        s.validate().expect("valid");
        assert_eq!(ImsSubscription::decode(&s.encode()).expect("decodes"), s);
        assert_eq!(s.implicit_sets(), vec![0]);
        assert_eq!(
            s.public_index("SIP:001010000000001@ims.mnc001.mcc001.3gppnetwork.org"),
            Some(0)
        );
        assert_eq!(s.public_index("sip:001010000000001@IMS.mnc001.mcc001.3gppnetwork.org"), None);
    }

    #[test]
    fn validation_names_the_field() {
        let field = |f: fn(&mut ImsSubscription)| {
            let mut s = sample();
            f(&mut s);
            s.validate().expect_err("invalid").field
        };
        assert_eq!(field(|s| s.imsi = Some("12".into())), "imsi");
        assert_eq!(
            field(|s| s.private_identities[0].impi = "nodomain".into()),
            "private_identities[].impi"
        );
        assert_eq!(field(|s| s.imsi = None), "private_identities[].schemes");
        assert_eq!(
            field(|s| s.public_identities[1].impu = "mailto:x".into()),
            "public_identities[].impu"
        );
        assert_eq!(
            field(|s| s.public_identities[1].service_profile = 3),
            "public_identities[].service_profile"
        );
        assert_eq!(
            field(|s| {
                let ifc = s.service_profiles[0].ifcs[0].clone();
                s.service_profiles[0].ifcs.push(ifc);
            }),
            "service_profiles[].ifcs"
        );
        assert_eq!(
            field(|s| s.public_identities.iter_mut().for_each(|p| p.barred = true)),
            "public_identities[].barred"
        );
        assert_eq!(
            field(|s| s.private_identities[0].schemes.push(AuthScheme::SipDigest)),
            "private_identities[].digest_ha1"
        );
    }

    #[test]
    fn corrupt_values_are_errors() {
        assert!(ImsSubscription::decode(&[]).is_err());
        assert!(ImsSubscription::decode(&[9, b'{']).is_err());
        assert!(ImsSubscription::decode(&[1, b'{']).is_err(), "version 1, not JSON");
    }
}
