//! The subscriber profile (what S6a ULA/IDR carry in Subscription-Data, TS 29.272 §7.3.2) and
//! the serving MME the HSS records on ULR.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::apn::{Ambr, validate_ambr};
use super::ids::{ApnId, Imsi, Msisdn};
use super::subscription::SubscriptionOptions;
use crate::error::{Corrupt, InvalidField};
use crate::keys::Kind;
use crate::value::{Reader, Writer};

/// Most APNs one subscriber may list (an APN-Configuration-Profile rarely holds more than a
/// handful; the bound keeps a profile's value small).
pub const MAX_APNS: usize = 32;
/// Longest DiameterIdentity accepted for a serving MME's host or realm.
pub const MAX_IDENTITY_LEN: usize = 255;

/// Subscriber-Status (TS 29.272 §7.3.29), with the AVP's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum SubscriberStatus {
    /// SERVICE_GRANTED (0).
    ServiceGranted = 0,
    /// OPERATOR_DETERMINED_BARRING (1).
    OperatorDeterminedBarring = 1,
}

/// Network-Access-Mode (TS 29.272 §7.3.21), with the AVP's values (1 is reserved).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum NetworkAccessMode {
    /// PACKET_AND_CIRCUIT (0).
    PacketAndCircuit = 0,
    /// ONLY_PACKET (2).
    OnlyPacket = 2,
}

/// One APN the subscriber may use, and the static addresses it gets there
/// (Served-Party-IP-Address, at most one of each family; TS 29.272 §7.3.35).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApnAssignment {
    /// The APN profile.
    pub profile: ApnId,
    /// A static IPv4 address on this APN.
    pub static_ipv4: Option<Ipv4Addr>,
    /// A static IPv6 address (or prefix address) on this APN.
    pub static_ipv6: Option<Ipv6Addr>,
}

/// A subscriber profile as provisioned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscriber {
    /// The key.
    pub imsi: Imsi,
    /// The subscriber's number, unique across subscribers when set.
    pub msisdn: Option<Msisdn>,
    /// Subscriber-Status.
    pub status: SubscriberStatus,
    /// Network-Access-Mode.
    pub network_access_mode: NetworkAccessMode,
    /// UE-AMBR.
    pub ue_ambr: Ambr,
    /// The APNs, each an existing APN profile, no profile twice; at least one.
    pub apns: Vec<ApnAssignment>,
    /// The default APN; must be one of `apns`.
    pub default_apn: ApnId,
    /// Whether the subscriber may attach in a visited network.
    pub roaming_allowed: bool,
    /// Everything else the subscription carries (ODB, access restriction, SRVCC, extra
    /// numbers, non-3GPP access, roaming profile, ...), each with a neutral default.
    pub options: SubscriptionOptions,
}

/// Which kind of node serves a subscriber: the store keeps one record per kind per
/// subscriber, written by the application that registers that kind of node (S6a ULR for the
/// MME; with IMS and non-3GPP access, Cx SAR for the S-CSCF and SWx SAR for the 3GPP AAA
/// server). Registering a node returns the previous one of the same kind when it is another
/// node, which is what the application must then cancel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NodeKind {
    /// The MME (or SGSN over S6d) of the last Update-Location.
    Mme,
    /// The 3GPP AAA server of the last SWx Server-Assignment (non-3GPP access, TS 29.273).
    Aaa,
}

impl NodeKind {
    /// Every kind, for what concerns them all (deleting a subscriber).
    pub const ALL: [NodeKind; 2] = [NodeKind::Mme, NodeKind::Aaa];

    /// The kind's byte in the record's key (`keys::serving_node_key`); part of the on-disk
    /// format, never reused.
    pub(crate) const fn code(self) -> u8 {
        match self {
            NodeKind::Mme => 1,
            NodeKind::Aaa => 2,
        }
    }
}

/// A node serving a subscriber (an MME), recorded by the Diameter path and read-only through
/// the provisioning API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServingNode {
    /// The node's DiameterIdentity: the Origin-Host of the request that registered it.
    pub host: String,
    /// Its realm: the Origin-Realm of that request.
    pub realm: String,
    /// When the registration was accepted (millisecond precision).
    pub updated_at: SystemTime,
    /// The RAT-Type the node registered the subscriber on (S6a ULR), if it said.
    pub rat_type: Option<u32>,
}

/// A [`ServingNode`] borrowing its identities (from a request being handled, or from a stored
/// value), so that recording and comparing one allocates nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServingNodeRef<'a> {
    /// The node's DiameterIdentity.
    pub host: &'a str,
    /// Its realm.
    pub realm: &'a str,
    /// When the registration was accepted (millisecond precision).
    pub updated_at: SystemTime,
    /// The RAT-Type the node registered the subscriber on (S6a ULR), if it said.
    pub rat_type: Option<u32>,
}

/// A subscriber as the provisioning API reads it: the profile plus the serving MME.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriberRecord {
    /// The provisioned profile.
    pub subscriber: Subscriber,
    /// The MME the subscriber is registered with, if any.
    pub serving_mme: Option<ServingNode>,
}

const SUBSCRIBER_V1: u8 = 1;
/// v1 followed by the options as a JSON document.
const SUBSCRIBER_V2: u8 = 2;
const SERVING_NODE_V1: u8 = 1;
const SERVING_NODE_V2: u8 = 2;
const NO_MSISDN: u64 = 0;

impl Subscriber {
    /// Checks the fields that need no other entity; APN existence and MSISDN uniqueness are
    /// checked by the store.
    pub fn validate(&self) -> Result<(), InvalidField> {
        validate_ambr(&self.ue_ambr, "ue_ambr")?;
        if self.apns.is_empty() || self.apns.len() > MAX_APNS {
            return Err(InvalidField::new("apns", "must list 1 to 32 APN profiles"));
        }
        for (i, a) in self.apns.iter().enumerate() {
            if self.apns[..i].iter().any(|b| b.profile == a.profile) {
                return Err(InvalidField::new("apns", "lists an APN profile twice"));
            }
        }
        if !self.apns.iter().any(|a| a.profile == self.default_apn) {
            return Err(InvalidField::new("default_apn", "must be one of apns"));
        }
        let ids: Vec<ApnId> = self.apns.iter().map(|a| a.profile).collect();
        self.options.validate(self.msisdn, &ids)
    }

    /// The stored value; the IMSI is the key.
    ///
    /// ```text
    /// v1: msisdn u64 (0 = none) | status u8 | nam u8 | ue_ambr ul u64, dl u64 |
    ///     default_apn u32 | roaming u8 | n u8 | n × (apn u32 | flags u8 | [v4 4] | [v6 16])
    /// v2: v1's fields | options (JSON document to the end)
    /// ```
    ///
    /// v2 is written when the options differ from their defaults; both are read.
    pub(crate) fn encode(&self) -> Vec<u8> {
        let plain = self.options == SubscriptionOptions::default();
        let mut w = Writer::new(if plain { SUBSCRIBER_V1 } else { SUBSCRIBER_V2 });
        w.u64(self.msisdn.map_or(NO_MSISDN, Msisdn::packed))
            .u8(self.status as u8)
            .u8(self.network_access_mode as u8)
            .u64(self.ue_ambr.uplink)
            .u64(self.ue_ambr.downlink)
            .u32(self.default_apn.get())
            .bool(self.roaming_allowed)
            // validate() bounds the list by MAX_APNS; the encoder never writes more.
            .u8(self.apns.len().min(MAX_APNS) as u8);
        for a in self.apns.iter().take(MAX_APNS) {
            let flags = u8::from(a.static_ipv4.is_some()) | u8::from(a.static_ipv6.is_some()) << 1;
            w.u32(a.profile.get()).u8(flags);
            if let Some(v4) = a.static_ipv4 {
                w.bytes(&v4.octets());
            }
            if let Some(v6) = a.static_ipv6 {
                w.bytes(&v6.octets());
            }
        }
        if !plain {
            // Serialising the plain options struct into a Vec cannot fail.
            w.bytes(&serde_json::to_vec(&self.options).unwrap_or_default());
        }
        w.finish()
    }

    pub(crate) fn decode(imsi: Imsi, value: &[u8]) -> Result<Self, Corrupt> {
        let v2 = value.first() == Some(&SUBSCRIBER_V2);
        let version = if v2 { SUBSCRIBER_V2 } else { SUBSCRIBER_V1 };
        let mut r = Reader::new(Kind::Subscriber, value, version)?;
        let msisdn = match r.u64()? {
            NO_MSISDN => None,
            packed => Some(Msisdn::from_packed(packed).ok_or(r.corrupt("bad MSISDN"))?),
        };
        let status = match r.u8()? {
            0 => SubscriberStatus::ServiceGranted,
            1 => SubscriberStatus::OperatorDeterminedBarring,
            _ => return Err(r.corrupt("unknown subscriber status")),
        };
        let network_access_mode = match r.u8()? {
            0 => NetworkAccessMode::PacketAndCircuit,
            2 => NetworkAccessMode::OnlyPacket,
            _ => return Err(r.corrupt("unknown network access mode")),
        };
        let ue_ambr = Ambr { uplink: r.u64()?, downlink: r.u64()? };
        let default_apn = ApnId::new(r.u32()?).map_err(|_| r.corrupt("APN id 0"))?;
        let roaming_allowed = r.bool()?;
        let n = usize::from(r.u8()?);
        let mut apns = Vec::with_capacity(n);
        for _ in 0..n {
            let profile = ApnId::new(r.u32()?).map_err(|_| r.corrupt("APN id 0"))?;
            let flags = r.u8()?;
            if flags & !0b11 != 0 {
                return Err(r.corrupt("unknown static address flags"));
            }
            let static_ipv4 = (flags & 1 != 0).then(|| r.array::<4>()).transpose()?.map(Into::into);
            let static_ipv6 =
                (flags & 2 != 0).then(|| r.array::<16>()).transpose()?.map(Into::into);
            apns.push(ApnAssignment { profile, static_ipv4, static_ipv6 });
        }
        let options = if v2 {
            let json = r.rest();
            serde_json::from_slice(json).map_err(|_| r.corrupt("options do not decode"))?
        } else {
            SubscriptionOptions::default()
        };
        r.finish()?;
        Ok(Self {
            imsi,
            msisdn,
            status,
            network_access_mode,
            ue_ambr,
            apns,
            default_apn,
            roaming_allowed,
            options,
        })
    }
}

impl ServingNode {
    /// The record as a [`ServingNodeRef`].
    pub fn borrowed(&self) -> ServingNodeRef<'_> {
        ServingNodeRef {
            host: &self.host,
            realm: &self.realm,
            updated_at: self.updated_at,
            rat_type: self.rat_type,
        }
    }

    /// Host and realm must be non-empty DiameterIdentities of at most 255 octets.
    pub fn validate(&self) -> Result<(), InvalidField> {
        self.borrowed().validate()
    }

    pub(crate) fn decode(value: &[u8]) -> Result<Self, Corrupt> {
        ServingNodeRef::decode(value).map(ServingNodeRef::to_owned)
    }
}

impl<'a> ServingNodeRef<'a> {
    /// Host and realm must be non-empty DiameterIdentities of at most 255 octets.
    pub fn validate(&self) -> Result<(), InvalidField> {
        let ok = |s: &str| !s.is_empty() && s.len() <= MAX_IDENTITY_LEN && s.is_ascii();
        if !ok(self.host) {
            return Err(InvalidField::new("host", "must be 1 to 255 ASCII octets"));
        }
        if !ok(self.realm) {
            return Err(InvalidField::new("realm", "must be 1 to 255 ASCII octets"));
        }
        Ok(())
    }

    /// An owned copy.
    pub fn to_owned(self) -> ServingNode {
        ServingNode {
            host: self.host.into(),
            realm: self.realm.into(),
            updated_at: self.updated_at,
            rat_type: self.rat_type,
        }
    }

    /// `v1: host str | realm str | updated_at u64 (ms since the Unix epoch)`;
    /// `v2: v1's fields | rat_type u32`, written when the RAT is known.
    pub(crate) fn encode(&self) -> Vec<u8> {
        let millis = self.updated_at.duration_since(UNIX_EPOCH).unwrap_or_default().as_millis();
        let version = if self.rat_type.is_some() { SERVING_NODE_V2 } else { SERVING_NODE_V1 };
        let mut w = Writer::new(version);
        w.str(self.host).str(self.realm).u64(u64::try_from(millis).unwrap_or(u64::MAX));
        if let Some(rat) = self.rat_type {
            w.u32(rat);
        }
        w.finish()
    }

    /// The record stored in `value`, borrowing its identities.
    pub(crate) fn decode(value: &'a [u8]) -> Result<Self, Corrupt> {
        let v2 = value.first() == Some(&SERVING_NODE_V2);
        let version = if v2 { SERVING_NODE_V2 } else { SERVING_NODE_V1 };
        let mut r = Reader::new(Kind::ServingNode, value, version)?;
        let host = r.str_ref()?;
        let realm = r.str_ref()?;
        let millis = r.u64()?;
        let rat_type = if v2 { Some(r.u32()?) } else { None };
        r.finish()?;
        let updated_at = UNIX_EPOCH
            .checked_add(Duration::from_millis(millis))
            .ok_or(Corrupt { kind: Kind::ServingNode, reason: "time out of range" })?;
        Ok(Self { host, realm, updated_at, rat_type })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apn(id: u32) -> ApnId {
        ApnId::new(id).expect("non-zero")
    }

    fn sample() -> Subscriber {
        Subscriber {
            imsi: Imsi::parse("001010000000001").expect("valid"),
            msisdn: Some(Msisdn::parse("491792021244").expect("valid")),
            status: SubscriberStatus::ServiceGranted,
            network_access_mode: NetworkAccessMode::OnlyPacket,
            ue_ambr: Ambr { uplink: 1, downlink: 2 },
            apns: vec![
                ApnAssignment { profile: apn(1), static_ipv4: None, static_ipv6: None },
                ApnAssignment {
                    profile: apn(2),
                    static_ipv4: Some(Ipv4Addr::new(10, 0, 0, 1)),
                    static_ipv6: Some(Ipv6Addr::LOCALHOST),
                },
            ],
            default_apn: apn(2),
            roaming_allowed: true,
            options: SubscriptionOptions::default(),
        }
    }

    #[test]
    fn round_trip() {
        let s = sample();
        assert_eq!(Subscriber::decode(s.imsi, &s.encode()), Ok(s.clone()));
        let bare = Subscriber { msisdn: None, ..s.clone() };
        assert_eq!(Subscriber::decode(bare.imsi, &bare.encode()), Ok(bare));
        let mut rich = s;
        rich.options.operator_determined_barring = 1;
        rich.options.periodic_tau_timer = Some(3240);
        let value = rich.encode();
        assert_eq!(value[0], SUBSCRIBER_V2);
        assert_eq!(Subscriber::decode(rich.imsi, &value), Ok(rich));
        let mme = ServingNode {
            host: "mme1.epc".into(),
            realm: "epc.example".into(),
            updated_at: UNIX_EPOCH + Duration::from_millis(1_700_000_000_123),
            rat_type: None,
        };
        assert_eq!(ServingNode::decode(&mme.borrowed().encode()), Ok(mme.clone()));
        let sgsn = ServingNode { rat_type: Some(1001), ..mme };
        assert_eq!(ServingNode::decode(&sgsn.borrowed().encode()), Ok(sgsn));
    }

    #[test]
    fn validation_names_the_field() {
        let check = |f: fn(&mut Subscriber), field: &str| {
            let mut s = sample();
            f(&mut s);
            assert_eq!(s.validate().map_err(|e| e.field), Err(field));
        };
        check(|s| s.apns.clear(), "apns");
        check(|s| s.apns[1].profile = s.apns[0].profile, "apns");
        check(|s| s.default_apn = apn(9), "default_apn");
        check(|s| s.ue_ambr.uplink = 0, "ue_ambr");
        assert_eq!(sample().validate(), Ok(()));
    }

    #[test]
    fn every_truncation_and_bad_enum_is_corrupt() {
        let s = sample();
        let v = s.encode();
        for len in 0..v.len() {
            assert!(Subscriber::decode(s.imsi, &v[..len]).is_err(), "length {len}");
        }
        let mut bad = v.clone();
        bad[9] = 7; // status
        assert!(Subscriber::decode(s.imsi, &bad).is_err());
        let mut bad = v;
        bad[0] = 2; // version
        assert!(Subscriber::decode(s.imsi, &bad).is_err());
    }
}
