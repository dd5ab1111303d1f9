//! Shared EPS profiles: the parts of a subscription many subscribers have in common (UE-AMBR,
//! Network-Access-Mode, the APN list and default APN, the TAU timer, charging characteristics,
//! the roaming profile) as one named template. A subscriber names one in
//! `SubscriptionOptions::eps_profile`; the profile's values apply except for the fields the
//! subscriber lists in `eps_overrides`, which keep its own.

use serde::{Deserialize, Serialize};

use super::apn::{Ambr, validate_ambr, validate_charging_characteristics};
use super::ids::ApnId;
use super::subscriber::{ApnAssignment, MAX_APNS, NetworkAccessMode, Subscriber};
use super::subscription::EpsField;
use crate::error::InvalidField;

/// Longest profile name.
const MAX_NAME_LEN: usize = 128;

/// A shared EPS profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpsProfile {
    /// Its id (non-zero); the store numbers it when created without one.
    #[serde(default)]
    pub id: u32,
    pub name: String,
    pub ue_ambr: AmbrDoc,
    pub network_access_mode: NetworkAccessModeDoc,
    /// The APN profiles, at least one, none twice.
    pub apns: Vec<ApnId>,
    /// The default APN: one of `apns`.
    pub default_apn: ApnId,
    #[serde(default)]
    pub periodic_tau_timer: Option<u32>,
    #[serde(default)]
    pub charging_characteristics: Option<String>,
    #[serde(default)]
    pub roaming_profile: Option<u32>,
}

/// An AMBR in a JSON document, in bit/s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmbrDoc {
    pub uplink: u64,
    pub downlink: u64,
}

/// Network-Access-Mode in a JSON document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NetworkAccessModeDoc {
    PacketAndCircuit,
    OnlyPacket,
}

impl From<AmbrDoc> for Ambr {
    fn from(a: AmbrDoc) -> Self {
        Ambr { uplink: a.uplink, downlink: a.downlink }
    }
}

impl From<NetworkAccessModeDoc> for NetworkAccessMode {
    fn from(m: NetworkAccessModeDoc) -> Self {
        match m {
            NetworkAccessModeDoc::PacketAndCircuit => NetworkAccessMode::PacketAndCircuit,
            NetworkAccessModeDoc::OnlyPacket => NetworkAccessMode::OnlyPacket,
        }
    }
}

impl EpsProfile {
    /// Checks every field that needs no other entity; APN and roaming profile existence are
    /// checked by the store.
    pub fn validate(&self) -> Result<(), InvalidField> {
        if self.name.is_empty() || self.name.len() > MAX_NAME_LEN {
            return Err(InvalidField::new("name", "must be 1 to 128 octets"));
        }
        validate_ambr(&self.ue_ambr.into(), "ue_ambr")?;
        if self.apns.is_empty() || self.apns.len() > MAX_APNS {
            return Err(InvalidField::new("apns", "must list 1 to 32 APN profiles"));
        }
        for (i, a) in self.apns.iter().enumerate() {
            if self.apns[..i].contains(a) {
                return Err(InvalidField::new("apns", "lists an APN profile twice"));
            }
        }
        if !self.apns.contains(&self.default_apn) {
            return Err(InvalidField::new("default_apn", "must be one of apns"));
        }
        if let Some(cc) = &self.charging_characteristics {
            validate_charging_characteristics(cc, "charging_characteristics")?;
        }
        if self.roaming_profile == Some(0) {
            return Err(InvalidField::new("roaming_profile", "must not be 0"));
        }
        Ok(())
    }

    /// The subscription `stored` as served with this profile: the profile's values, but the
    /// subscriber's own for the fields it overrides. On an APN from the profile the
    /// subscriber keeps the static addresses its own list gives that APN.
    pub fn apply(&self, stored: &Subscriber) -> Subscriber {
        let keeps = |f: EpsField| stored.options.eps_overrides.contains(&f);
        let mut s = stored.clone();
        if !keeps(EpsField::UeAmbr) {
            s.ue_ambr = self.ue_ambr.into();
        }
        if !keeps(EpsField::NetworkAccessMode) {
            s.network_access_mode = self.network_access_mode.into();
        }
        if !keeps(EpsField::Apns) {
            s.apns = (self.apns.iter())
                .map(|&profile| {
                    let own = stored.apns.iter().find(|a| a.profile == profile);
                    ApnAssignment {
                        profile,
                        static_ipv4: own.and_then(|a| a.static_ipv4),
                        static_ipv6: own.and_then(|a| a.static_ipv6),
                    }
                })
                .collect();
            s.default_apn = self.default_apn;
        }
        if !keeps(EpsField::PeriodicTauTimer) {
            s.options.periodic_tau_timer = self.periodic_tau_timer;
        }
        if !keeps(EpsField::ChargingCharacteristics) {
            s.options.charging_characteristics = self.charging_characteristics.clone();
        }
        if !keeps(EpsField::RoamingProfile) {
            s.options.roaming_profile = self.roaming_profile;
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Imsi, SubscriberStatus};

    fn apn(id: u32) -> ApnId {
        ApnId::new(id).expect("non-zero")
    }

    fn profile() -> EpsProfile {
        EpsProfile {
            id: 1,
            name: "consumer".into(),
            ue_ambr: AmbrDoc { uplink: 50, downlink: 100 },
            network_access_mode: NetworkAccessModeDoc::OnlyPacket,
            apns: vec![apn(1), apn(2)],
            default_apn: apn(1),
            periodic_tau_timer: Some(3240),
            charging_characteristics: Some("0800".into()),
            roaming_profile: None,
        }
    }

    fn stored() -> Subscriber {
        Subscriber {
            imsi: Imsi::parse("001010000000001").expect("valid"),
            msisdn: None,
            status: SubscriberStatus::ServiceGranted,
            network_access_mode: NetworkAccessMode::PacketAndCircuit,
            ue_ambr: Ambr { uplink: 1, downlink: 2 },
            apns: vec![ApnAssignment {
                profile: apn(2),
                static_ipv4: Some([10, 0, 0, 1].into()),
                static_ipv6: None,
            }],
            default_apn: apn(2),
            roaming_allowed: true,
            options: Default::default(),
        }
    }

    #[test]
    fn the_profile_applies_but_overrides_and_static_addresses_are_kept() {
        let p = profile();
        let s = p.apply(&stored());
        assert_eq!(s.ue_ambr, Ambr { uplink: 50, downlink: 100 });
        assert_eq!(s.network_access_mode, NetworkAccessMode::OnlyPacket);
        assert_eq!(s.apns.iter().map(|a| a.profile).collect::<Vec<_>>(), [apn(1), apn(2)]);
        assert_eq!(s.apns[1].static_ipv4, Some([10, 0, 0, 1].into()), "its own address kept");
        assert_eq!(s.default_apn, apn(1));
        assert_eq!(s.options.periodic_tau_timer, Some(3240));
        let mut own = stored();
        own.options.eps_overrides = vec![EpsField::UeAmbr, EpsField::Apns];
        let s = p.apply(&own);
        assert_eq!(s.ue_ambr, Ambr { uplink: 1, downlink: 2 });
        assert_eq!(s.apns, own.apns);
        assert_eq!(s.options.charging_characteristics.as_deref(), Some("0800"));
    }

    #[test]
    fn validation_names_the_field() {
        assert_eq!(profile().validate(), Ok(()));
        let check = |f: fn(&mut EpsProfile), field: &str| {
            let mut p = profile();
            f(&mut p);
            assert_eq!(p.validate().map_err(|e| e.field), Err(field));
        };
        check(|p| p.name.clear(), "name");
        check(|p| p.ue_ambr.uplink = 0, "ue_ambr");
        check(|p| p.apns.clear(), "apns");
        check(|p| p.apns.push(apn(1)), "apns");
        check(|p| p.default_apn = apn(9), "default_apn");
        check(|p| p.charging_characteristics = Some("x".into()), "charging_characteristics");
    }
}
