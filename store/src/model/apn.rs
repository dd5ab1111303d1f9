//! APN profiles: what one APN-Configuration of the S6a Subscription-Data carries (TS 29.272
//! §7.3.35), shared by the subscribers that list the profile.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::ids::ApnId;
use crate::error::{Corrupt, InvalidField};
use crate::keys::Kind;
use crate::value::{Reader, Writer};

/// Longest APN (TS 23.003 §9.1: "not exceed 100 octets").
pub const APN_MAX_LEN: usize = 100;

/// An aggregate maximum bit rate, uplink and downlink, in bits per second (UE-AMBR,
/// APN-AMBR; TS 29.272 §7.3.41).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ambr {
    /// Max-Requested-Bandwidth-UL, bit/s.
    pub uplink: u64,
    /// Max-Requested-Bandwidth-DL, bit/s.
    pub downlink: u64,
}

/// Allocation-Retention-Priority (TS 29.212 §5.3.32).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arp {
    /// Priority-Level, 1 (highest) ..= 15.
    pub priority_level: u8,
    /// Pre-emption-Capability: may this bearer pre-empt others.
    pub pre_emption_capability: bool,
    /// Pre-emption-Vulnerability: may others pre-empt this bearer.
    pub pre_emption_vulnerability: bool,
}

/// PDN-Type (TS 29.272 §7.3.62), with the AVP's enumeration values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum PdnType {
    /// IPv4 (0).
    Ipv4 = 0,
    /// IPv6 (1).
    Ipv6 = 1,
    /// IPv4v6 (2).
    Ipv4v6 = 2,
    /// IPv4_OR_IPv6 (3).
    Ipv4OrIpv6 = 3,
}

impl PdnType {
    fn from_u8(v: u8) -> Option<Self> {
        Some(match v {
            0 => Self::Ipv4,
            1 => Self::Ipv6,
            2 => Self::Ipv4v6,
            3 => Self::Ipv4OrIpv6,
            _ => return None,
        })
    }
}

/// An APN profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApnProfile {
    /// The profile id, also the Context-Identifier.
    pub id: ApnId,
    /// Service-Selection: the APN network identifier, e.g. `internet`, or `*` (wildcard).
    pub apn: String,
    /// QoS-Class-Identifier: 1..=9 standardised, 65..=254 other standardised and operator
    /// specific values (TS 23.203 §6.1.7.2).
    pub qci: u8,
    /// Allocation-Retention-Priority of the default bearer.
    pub arp: Arp,
    /// APN-AMBR.
    pub ambr: Ambr,
    /// PDN-Type.
    pub pdn_type: PdnType,
    /// The optional parts of its APN-Configuration.
    pub options: ApnOptions,
}

/// The optional parts of an APN-Configuration (TS 29.272 §7.3.35) the reference APIs carry,
/// each absent by default.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ApnOptions {
    /// 3GPP-Charging-Characteristics for this APN: four hexadecimal digits.
    pub charging_characteristics: Option<String>,
    /// VPLMN-Dynamic-Address-Allowed: may a visited network's PGW allocate the address.
    pub vplmn_dynamic_address_allowed: Option<bool>,
    /// The PDN GW for this APN (MIP6-Agent-Info): an address, a host, or both.
    pub pgw: Option<PgwIdentity>,
}

/// A PDN GW identity (MIP6-Agent-Info, TS 29.272 §7.3.45): MIP-Home-Agent-Address and/or
/// MIP-Home-Agent-Host (Destination-Host and Destination-Realm).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PgwIdentity {
    /// MIP-Home-Agent-Address.
    #[serde(default)]
    pub address: Option<IpAddr>,
    /// The PGW's DiameterIdentity.
    #[serde(default)]
    pub host: Option<String>,
    /// The PGW's realm; required with `host`.
    #[serde(default)]
    pub realm: Option<String>,
}

const APN_V1: u8 = 1;
/// v1 followed by the options as a JSON document.
const APN_V2: u8 = 2;

impl ApnProfile {
    /// Checks every field; the first failure names its field.
    pub fn validate(&self) -> Result<(), InvalidField> {
        validate_apn_name(&self.apn)?;
        if !matches!(self.qci, 1..=9 | 65..=254) {
            return Err(InvalidField::new("qci", "must be 1..=9 or 65..=254"));
        }
        if !(1..=15).contains(&self.arp.priority_level) {
            return Err(InvalidField::new("arp.priority_level", "must be 1..=15"));
        }
        validate_ambr(&self.ambr, "ambr")?;
        let o = &self.options;
        if let Some(cc) = &o.charging_characteristics {
            validate_charging_characteristics(cc, "charging_characteristics")?;
        }
        if let Some(pgw) = &o.pgw {
            let ident = |s: &Option<String>| {
                s.as_deref().is_some_and(|s| !s.is_empty() && s.len() <= 255 && s.is_ascii())
            };
            if pgw.address.is_none() && pgw.host.is_none() {
                return Err(InvalidField::new("pgw", "needs an address or a host"));
            }
            if pgw.host.is_some() && !(ident(&pgw.host) && ident(&pgw.realm)) {
                return Err(InvalidField::new(
                    "pgw",
                    "host and realm must both be 1 to 255 ASCII octets",
                ));
            }
            if pgw.host.is_none() && pgw.realm.is_some() {
                return Err(InvalidField::new("pgw", "a realm needs a host"));
            }
        }
        Ok(())
    }

    /// The stored value; the id is the key.
    ///
    /// `v1: apn str | qci u8 | arp (level u8, cap u8, vuln u8) | ambr ul u64, dl u64 | pdn u8`;
    /// `v2: v1's fields | options (JSON document to the end)`, written when the options are
    /// not all absent.
    pub(crate) fn encode(&self) -> Vec<u8> {
        let plain = self.options == ApnOptions::default();
        let mut w = Writer::new(if plain { APN_V1 } else { APN_V2 });
        w.str(&self.apn)
            .u8(self.qci)
            .u8(self.arp.priority_level)
            .bool(self.arp.pre_emption_capability)
            .bool(self.arp.pre_emption_vulnerability)
            .u64(self.ambr.uplink)
            .u64(self.ambr.downlink)
            .u8(self.pdn_type as u8);
        if !plain {
            // Serialising the plain options struct into a Vec cannot fail.
            w.bytes(&serde_json::to_vec(&self.options).unwrap_or_default());
        }
        w.finish()
    }

    pub(crate) fn decode(id: ApnId, value: &[u8]) -> Result<Self, Corrupt> {
        let v2 = value.first() == Some(&APN_V2);
        let mut r = Reader::new(Kind::ApnProfile, value, if v2 { APN_V2 } else { APN_V1 })?;
        let apn = r.str()?;
        let qci = r.u8()?;
        let arp = Arp {
            priority_level: r.u8()?,
            pre_emption_capability: r.bool()?,
            pre_emption_vulnerability: r.bool()?,
        };
        let ambr = Ambr { uplink: r.u64()?, downlink: r.u64()? };
        let pdn_type = PdnType::from_u8(r.u8()?).ok_or(r.corrupt("unknown PDN type"))?;
        let options = if v2 {
            let json = r.rest();
            serde_json::from_slice(json).map_err(|_| r.corrupt("options do not decode"))?
        } else {
            ApnOptions::default()
        };
        r.finish()?;
        Ok(Self { id, apn, qci, arp, ambr, pdn_type, options })
    }
}

/// An APN network identifier (TS 23.003 §9.1.1): dot-separated labels of letters, digits and
/// hyphens, at most 100 octets; or the wildcard `*`.
fn validate_apn_name(apn: &str) -> Result<(), InvalidField> {
    const FIELD: &str = "apn";
    if apn == "*" {
        return Ok(());
    }
    if apn.is_empty() || apn.len() > APN_MAX_LEN {
        return Err(InvalidField::new(FIELD, "must be 1 to 100 octets"));
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if apn.split('.').all(label_ok) {
        Ok(())
    } else {
        Err(InvalidField::new(FIELD, "labels must be letters, digits and inner hyphens"))
    }
}

/// 3GPP-Charging-Characteristics as provisioned: exactly four hexadecimal digits.
pub fn validate_charging_characteristics(
    value: &str,
    field: &'static str,
) -> Result<(), InvalidField> {
    if value.len() == 4 && value.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(InvalidField::new(field, "must be four hexadecimal digits"))
    }
}

/// Both directions of an AMBR must be set.
pub(crate) fn validate_ambr(ambr: &Ambr, field: &'static str) -> Result<(), InvalidField> {
    if ambr.uplink == 0 || ambr.downlink == 0 {
        Err(InvalidField::new(field, "uplink and downlink must be greater than 0"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internet() -> ApnProfile {
        ApnProfile {
            id: ApnId::new(1).expect("non-zero"),
            apn: "internet".into(),
            qci: 9,
            arp: Arp {
                priority_level: 8,
                pre_emption_capability: false,
                pre_emption_vulnerability: true,
            },
            ambr: Ambr { uplink: 50_000_000, downlink: 100_000_000 },
            pdn_type: PdnType::Ipv4v6,
            options: ApnOptions::default(),
        }
    }

    #[test]
    fn round_trip() {
        let p = internet();
        assert_eq!(ApnProfile::decode(p.id, &p.encode()), Ok(p.clone()));
        let mut rich = p;
        rich.options.charging_characteristics = Some("0800".into());
        rich.options.pgw = Some(PgwIdentity {
            address: Some(IpAddr::from([10, 0, 0, 9])),
            host: Some("pgw1.epc".into()),
            realm: Some("epc.example".into()),
        });
        let v = rich.encode();
        assert_eq!(v[0], APN_V2);
        assert_eq!(ApnProfile::decode(rich.id, &v), Ok(rich));
    }

    #[test]
    fn validation_names_the_field() {
        let check = |f: fn(&mut ApnProfile), field: &str| {
            let mut p = internet();
            f(&mut p);
            assert_eq!(p.validate().map_err(|e| e.field), Err(field));
        };
        check(|p| p.apn = String::new(), "apn");
        check(|p| p.apn = "bad_label.net".into(), "apn");
        check(|p| p.apn = "a..b".into(), "apn");
        check(|p| p.apn = "x".repeat(101), "apn");
        check(|p| p.qci = 0, "qci");
        check(|p| p.qci = 10, "qci");
        check(|p| p.arp.priority_level = 16, "arp.priority_level");
        check(|p| p.ambr.downlink = 0, "ambr");
        let mut p = internet();
        p.apn = "*".into();
        assert_eq!(p.validate(), Ok(()));
        p.apn = "ims.mnc001.mcc001.gprs".into();
        assert_eq!(p.validate(), Ok(()));
    }

    #[test]
    fn bad_pdn_type_is_corrupt() {
        let p = internet();
        let mut v = p.encode();
        let last = v.len() - 1;
        v[last] = 9;
        assert!(ApnProfile::decode(p.id, &v).is_err());
    }
}
