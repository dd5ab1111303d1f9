//! What changed between two versions of a subscriber, as the serving MME holds it: the parts
//! an Insert-Subscriber-Data must carry and what a Delete-Subscriber-Data must withdraw
//! (TS 29.272 §5.2.2.1, §5.2.2.2). Pure: the control plane computes it after a write, the
//! data plane encodes the requests.

use super::ids::ApnId;
use super::subscriber::Subscriber;

/// A part of the Subscription-Data an IDR may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SubscriptionPart {
    /// Subscriber-Status with Operator-Determined-Barring and HPLMN-ODB.
    Status,
    /// MSISDN.
    Msisdn,
    /// A-MSISDN.
    AMsisdn,
    /// STN-SR and ICS-Indicator.
    Srvcc,
    /// Network-Access-Mode.
    NetworkAccessMode,
    /// Access-Restriction-Data.
    AccessRestriction,
    /// APN-OI-Replacement.
    ApnOiReplacement,
    /// 3GPP-Charging-Characteristics.
    ChargingCharacteristics,
    /// UE-AMBR.
    UeAmbr,
    /// Subscribed-Periodic-RAU-TAU-Timer.
    TauTimer,
    /// UE-Usage-Type.
    UeUsageType,
}

/// The difference between two versions of a subscriber.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubscriptionDiff {
    /// Parts whose new value the MME must get (IDR).
    pub changed: Vec<SubscriptionPart>,
    /// APNs added or whose assignment changed (static address), by profile id (IDR with
    /// those APN-Configurations only).
    pub apns_changed: Vec<ApnId>,
    /// The default APN changed: the IDR's APN-Configuration-Profile names it.
    pub default_apn_changed: bool,
    /// APNs removed (DSR withdrawing their PDN subscription contexts).
    pub apns_removed: Vec<ApnId>,
    /// Parts that had a value and have none now (DSR withdrawal flags: STN-SR, APN-OI
    /// replacement, charging characteristics, TAU timer, UE-Usage-Type, MSISDN, A-MSISDN).
    pub withdrawn: Vec<SubscriptionPart>,
}

impl SubscriptionDiff {
    /// What changed from `old` to `new` that the MME holds.
    pub fn between(old: &Subscriber, new: &Subscriber) -> Self {
        use SubscriptionPart as P;
        let (o, n) = (&old.options, &new.options);
        let mut d = Self::default();
        let mut part = |changed: bool, p: P| {
            if changed {
                d.changed.push(p);
            }
        };
        part(
            old.status != new.status
                || o.operator_determined_barring != n.operator_determined_barring
                || o.hplmn_odb != n.hplmn_odb,
            P::Status,
        );
        part(old.msisdn != new.msisdn && new.msisdn.is_some(), P::Msisdn);
        part(o.a_msisdn != n.a_msisdn && n.a_msisdn.is_some(), P::AMsisdn);
        part(
            (o.stn_sr != n.stn_sr && n.stn_sr.is_some()) || o.ics_indicator != n.ics_indicator,
            P::Srvcc,
        );
        part(old.network_access_mode != new.network_access_mode, P::NetworkAccessMode);
        part(o.access_restriction_data != n.access_restriction_data, P::AccessRestriction);
        part(
            o.apn_oi_replacement != n.apn_oi_replacement && n.apn_oi_replacement.is_some(),
            P::ApnOiReplacement,
        );
        part(
            o.charging_characteristics != n.charging_characteristics
                && n.charging_characteristics.is_some(),
            P::ChargingCharacteristics,
        );
        part(old.ue_ambr != new.ue_ambr, P::UeAmbr);
        part(
            o.periodic_tau_timer != n.periodic_tau_timer && n.periodic_tau_timer.is_some(),
            P::TauTimer,
        );
        part(o.ue_usage_type != n.ue_usage_type && n.ue_usage_type.is_some(), P::UeUsageType);
        // A value cleared is withdrawn (DSR), not inserted.
        let mut withdrawn = |had: bool, has: bool, p: P| {
            if had && !has {
                d.withdrawn.push(p);
            }
        };
        withdrawn(o.stn_sr.is_some(), n.stn_sr.is_some(), P::Srvcc);
        withdrawn(
            o.apn_oi_replacement.is_some(),
            n.apn_oi_replacement.is_some(),
            P::ApnOiReplacement,
        );
        withdrawn(
            o.charging_characteristics.is_some(),
            n.charging_characteristics.is_some(),
            P::ChargingCharacteristics,
        );
        withdrawn(o.periodic_tau_timer.is_some(), n.periodic_tau_timer.is_some(), P::TauTimer);
        withdrawn(o.ue_usage_type.is_some(), n.ue_usage_type.is_some(), P::UeUsageType);
        withdrawn(old.msisdn.is_some(), new.msisdn.is_some(), P::Msisdn);
        withdrawn(o.a_msisdn.is_some(), n.a_msisdn.is_some(), P::AMsisdn);
        for a in &new.apns {
            if old.apns.iter().all(|b| b != a) {
                d.apns_changed.push(a.profile);
            }
        }
        for b in &old.apns {
            if new.apns.iter().all(|a| a.profile != b.profile) {
                d.apns_removed.push(b.profile);
            }
        }
        d.default_apn_changed = old.default_apn != new.default_apn;
        d
    }

    /// An APN profile's content changed: every subscriber using it gets its configuration.
    pub fn apn_profile_changed(id: ApnId) -> Self {
        Self { apns_changed: vec![id], ..Self::default() }
    }

    /// Whether the MME needs an IDR.
    pub fn needs_insert(&self) -> bool {
        !self.changed.is_empty() || !self.apns_changed.is_empty() || self.default_apn_changed
    }

    /// Whether the MME needs a DSR.
    pub fn needs_delete(&self) -> bool {
        !self.apns_removed.is_empty() || !self.withdrawn.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Ambr, ApnAssignment, Imsi, Msisdn, NetworkAccessMode, SubscriberStatus};

    fn apn(id: u32) -> ApnAssignment {
        ApnAssignment {
            profile: ApnId::new(id).expect("non-zero"),
            static_ipv4: None,
            static_ipv6: None,
        }
    }

    fn sub() -> Subscriber {
        Subscriber {
            imsi: Imsi::parse("001010000000001").expect("valid"),
            msisdn: Some(Msisdn::parse("4917").expect("valid")),
            status: SubscriberStatus::ServiceGranted,
            network_access_mode: NetworkAccessMode::OnlyPacket,
            ue_ambr: Ambr { uplink: 1, downlink: 2 },
            apns: vec![apn(1), apn(2)],
            default_apn: ApnId::new(1).expect("non-zero"),
            roaming_allowed: true,
            options: Default::default(),
        }
    }

    #[test]
    fn nothing_changed_needs_nothing() {
        let d = SubscriptionDiff::between(&sub(), &sub());
        assert!(!d.needs_insert() && !d.needs_delete(), "{d:?}");
    }

    #[test]
    fn each_change_is_named() {
        let old = sub();
        let mut new = sub();
        new.ue_ambr.uplink = 5;
        new.status = SubscriberStatus::OperatorDeterminedBarring;
        new.apns = vec![apn(1), apn(3)];
        new.options.periodic_tau_timer = Some(60);
        let d = SubscriptionDiff::between(&old, &new);
        assert_eq!(
            d.changed,
            vec![SubscriptionPart::Status, SubscriptionPart::UeAmbr, SubscriptionPart::TauTimer]
        );
        assert_eq!(d.apns_changed, vec![ApnId::new(3).expect("non-zero")]);
        assert_eq!(d.apns_removed, vec![ApnId::new(2).expect("non-zero")]);
        assert!(d.needs_insert() && d.needs_delete());
    }

    #[test]
    fn cleared_values_are_withdrawn_not_inserted() {
        let mut old = sub();
        old.options.charging_characteristics = Some("0800".into());
        old.options.periodic_tau_timer = Some(60);
        let new = Subscriber { msisdn: None, ..sub() };
        let d = SubscriptionDiff::between(&old, &new);
        assert!(d.changed.is_empty(), "{d:?}");
        assert_eq!(
            d.withdrawn,
            vec![
                SubscriptionPart::ChargingCharacteristics,
                SubscriptionPart::TauTimer,
                SubscriptionPart::Msisdn
            ]
        );
    }
}
