//! What a subscription carries beyond its core fields (`Subscriber`): the rest of the S6a
//! Subscription-Data (TS 29.272 §7.3.2) the reference provisioning APIs offer, the numbers
//! besides the primary MSISDN, non-3GPP access (SWx, TS 29.273) and the roaming profile.
//!
//! Stored as a JSON document after the subscriber's fixed fields (read on a cache fill only),
//! so a field added here needs no new layout: an absent field takes its default.

use serde::{Deserialize, Serialize};

use super::apn::validate_charging_characteristics;
use super::ids::{ApnId, Msisdn};
use crate::error::InvalidField;

/// Most numbers a subscriber may hold besides its primary MSISDN.
pub const MAX_EXTRA_MSISDNS: usize = 8;
/// Longest APN-OI-Replacement (a domain name, TS 23.003 §9.1.2).
const MAX_APN_OI_LEN: usize = 100;

/// Operator-Determined-Barring bits (TS 29.272 §7.3.30) the HSS acts on itself.
pub mod odb {
    /// All Packet Oriented Services Barred.
    pub const ALL_PACKET_ORIENTED_SERVICES: u32 = 1 << 0;
    /// Roamer Access to HPLMN-AP Barred.
    pub const ROAMER_ACCESS_HPLMN_AP: u32 = 1 << 1;
    /// Roamer Access to VPLMN-AP Barred.
    pub const ROAMER_ACCESS_VPLMN_AP: u32 = 1 << 2;
}

/// Access-Restriction-Data bits (TS 29.272 §7.3.31) that bar a RAT.
pub mod access_restriction {
    /// UTRAN Not Allowed.
    pub const UTRAN: u32 = 1 << 0;
    /// GERAN Not Allowed.
    pub const GERAN: u32 = 1 << 1;
    /// GAN Not Allowed.
    pub const GAN: u32 = 1 << 2;
    /// I-HSPA-Evolution Not Allowed.
    pub const I_HSPA_EVOLUTION: u32 = 1 << 3;
    /// WB-E-UTRAN Not Allowed.
    pub const E_UTRAN: u32 = 1 << 4;
    /// HO-To-Non-3GPP-Access Not Allowed.
    pub const HO_TO_NON_3GPP: u32 = 1 << 5;
    /// NB-IoT Not Allowed.
    pub const NB_IOT: u32 = 1 << 6;
    /// Every bit TS 29.272 Rel-16 defines (0..=11).
    pub const DEFINED: u32 = (1 << 12) - 1;
}

/// A field of an EPS profile a subscriber may keep its own value of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EpsField {
    UeAmbr,
    NetworkAccessMode,
    /// The APN list and the default APN.
    Apns,
    PeriodicTauTimer,
    ChargingCharacteristics,
    RoamingProfile,
}

/// The optional parts of a subscription. Every field has a default that changes nothing, so
/// a subscriber provisioned without them is served as before.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscriptionOptions {
    /// Administratively disabled: AIR and ULR are refused with 5420
    /// (DIAMETER_ERROR_UNKNOWN_EPS_SUBSCRIPTION), SWx with 5450; the data is kept.
    pub disabled: bool,
    /// Operator-Determined-Barring bitmask (TS 29.272 §7.3.30), sent when the status is
    /// OPERATOR_DETERMINED_BARRING.
    pub operator_determined_barring: u32,
    /// HPLMN-ODB bitmask (TS 29.272 §7.3.31), sent likewise.
    pub hplmn_odb: u32,
    /// Access-Restriction-Data bitmask (TS 29.272 §7.3.31); a ULR on a barred RAT gets 5421.
    pub access_restriction_data: u32,
    /// Subscribed-Periodic-RAU-TAU-Timer, in seconds.
    pub periodic_tau_timer: Option<u32>,
    /// APN-OI-Replacement (UE level).
    pub apn_oi_replacement: Option<String>,
    /// 3GPP-Charging-Characteristics (UE level): four hexadecimal digits (TS 32.298 §5.1.2.2.7).
    pub charging_characteristics: Option<String>,
    /// STN-SR (SRVCC), an E.164 number.
    pub stn_sr: Option<Msisdn>,
    /// ICS-Indicator (IMS Centralized Services).
    pub ics_indicator: Option<bool>,
    /// A-MSISDN (additional MSISDN sent in ULA, TS 29.272 §7.3.157).
    pub a_msisdn: Option<Msisdn>,
    /// UE-Usage-Type (dedicated core network selection, 0..=255).
    pub ue_usage_type: Option<u8>,
    /// Numbers besides the primary MSISDN, each unique across subscribers (Sh and REST
    /// lookups by MSISDN find the subscriber by any of them; ULA carries the primary).
    pub extra_msisdns: Vec<Msisdn>,
    /// Non-3GPP access (SWx).
    pub non_3gpp: Non3gppAccess,
    /// The roaming profile applied in visited networks; none: the subscriber's
    /// `roaming_allowed` alone decides.
    pub roaming_profile: Option<u32>,
    /// The shared EPS profile whose values apply (UE-AMBR, Network-Access-Mode, APNs, TAU
    /// timer, charging characteristics, roaming profile), except for `eps_overrides`.
    pub eps_profile: Option<u32>,
    /// The fields of the EPS profile this subscriber keeps its own value of.
    pub eps_overrides: Vec<EpsField>,
}

/// Non-3GPP access over SWx (TS 29.273 §8.2.3.1): whether it is allowed and over which APNs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Non3gppAccess {
    /// Non-3GPP-IP-Access: false bars the subscriber (MAR gets 5450).
    pub allowed: bool,
    /// Non-3GPP-IP-Access-APN: whether the APNs below may be used over non-3GPP access.
    pub apn_access: bool,
    /// The APNs allowed over non-3GPP access, each one of the subscriber's; empty: all of
    /// them.
    pub apns: Vec<ApnId>,
}

impl Default for Non3gppAccess {
    fn default() -> Self {
        Self { allowed: true, apn_access: true, apns: Vec::new() }
    }
}

impl SubscriptionOptions {
    /// Checks every field that needs no other entity; `primary` is the subscriber's MSISDN and
    /// `apns` its APN profiles.
    pub fn validate(&self, primary: Option<Msisdn>, apns: &[ApnId]) -> Result<(), InvalidField> {
        if self.access_restriction_data & !access_restriction::DEFINED != 0 {
            return Err(InvalidField::new("access_restriction_data", "sets undefined bits"));
        }
        if let Some(cc) = &self.charging_characteristics {
            validate_charging_characteristics(cc, "charging_characteristics")?;
        }
        if let Some(oi) = &self.apn_oi_replacement {
            let ok = !oi.is_empty()
                && oi.len() <= MAX_APN_OI_LEN
                && oi.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
            if !ok {
                return Err(InvalidField::new(
                    "apn_oi_replacement",
                    "must be 1 to 100 letters, digits, hyphens and dots",
                ));
            }
        }
        if self.extra_msisdns.len() > MAX_EXTRA_MSISDNS {
            return Err(InvalidField::new("extra_msisdns", "must list at most 8 numbers"));
        }
        if primary.is_none() && !self.extra_msisdns.is_empty() {
            return Err(InvalidField::new("extra_msisdns", "needs a primary msisdn"));
        }
        for (i, m) in self.extra_msisdns.iter().enumerate() {
            if Some(*m) == primary || self.extra_msisdns[..i].contains(m) {
                return Err(InvalidField::new("extra_msisdns", "lists a number twice"));
            }
        }
        for (i, id) in self.non_3gpp.apns.iter().enumerate() {
            if !apns.contains(id) {
                return Err(InvalidField::new(
                    "non_3gpp.apns",
                    "must be among the subscriber's apns",
                ));
            }
            if self.non_3gpp.apns[..i].contains(id) {
                return Err(InvalidField::new("non_3gpp.apns", "lists an APN profile twice"));
            }
        }
        if self.roaming_profile == Some(0) {
            return Err(InvalidField::new("roaming_profile", "must not be 0"));
        }
        if self.eps_profile == Some(0) {
            return Err(InvalidField::new("eps_profile", "must not be 0"));
        }
        for (i, f) in self.eps_overrides.iter().enumerate() {
            if self.eps_overrides[..i].contains(f) {
                return Err(InvalidField::new("eps_overrides", "lists a field twice"));
            }
        }
        Ok(())
    }

    /// Every MSISDN of the subscriber: the primary first, then the others.
    pub fn all_msisdns(&self, primary: Option<Msisdn>) -> impl Iterator<Item = Msisdn> + '_ {
        primary.into_iter().chain(self.extra_msisdns.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msisdn(s: &str) -> Msisdn {
        Msisdn::parse(s).expect("valid")
    }

    #[test]
    fn defaults_change_nothing_and_round_trip() {
        let o = SubscriptionOptions::default();
        assert!(o.non_3gpp.allowed && o.non_3gpp.apn_access && !o.disabled);
        let back: SubscriptionOptions = serde_json::from_str("{}").expect("empty document");
        assert_eq!(back, o);
        let full = SubscriptionOptions {
            disabled: true,
            operator_determined_barring: 3,
            stn_sr: Some(msisdn("491720000001")),
            extra_msisdns: vec![msisdn("4917200000002")],
            non_3gpp: Non3gppAccess { allowed: false, apn_access: true, apns: vec![] },
            ..o
        };
        let json = serde_json::to_vec(&full).expect("serialises");
        assert_eq!(serde_json::from_slice::<SubscriptionOptions>(&json).ok(), Some(full));
    }

    #[test]
    fn validation_names_the_field() {
        let apn = ApnId::new(1).expect("non-zero");
        let primary = Some(msisdn("4917"));
        let check = |o: SubscriptionOptions, field: &str| {
            assert_eq!(o.validate(primary, &[apn]).map_err(|e| e.field), Err(field));
        };
        let d = SubscriptionOptions::default;
        check(
            SubscriptionOptions { access_restriction_data: 1 << 20, ..d() },
            "access_restriction_data",
        );
        check(
            SubscriptionOptions { charging_characteristics: Some("08000".into()), ..d() },
            "charging_characteristics",
        );
        check(
            SubscriptionOptions { apn_oi_replacement: Some("a b".into()), ..d() },
            "apn_oi_replacement",
        );
        check(SubscriptionOptions { extra_msisdns: vec![msisdn("4917")], ..d() }, "extra_msisdns");
        let other = ApnId::new(2).expect("non-zero");
        let n3 = Non3gppAccess { apns: vec![other], ..Non3gppAccess::default() };
        check(SubscriptionOptions { non_3gpp: n3, ..d() }, "non_3gpp.apns");
        assert_eq!(d().validate(None, &[apn]), Ok(()));
        let extra = SubscriptionOptions { extra_msisdns: vec![msisdn("4918")], ..d() };
        assert_eq!(extra.validate(None, &[apn]).map_err(|e| e.field), Err("extra_msisdns"));
        assert_eq!(extra.validate(primary, &[apn]), Ok(()));
    }
}
