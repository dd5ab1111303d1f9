//! Insert-Subscriber-Data and Delete-Subscriber-Data (TS 29.272 §5.2.2.1, §5.2.2.2), which the
//! HSS sends to the serving MME after a provisioning change: the IDR carries only the parts
//! that changed (and only the added or changed APN-Configurations), the DSR withdraws removed
//! APNs and cleared values.

use std::net::IpAddr;
use std::sync::Arc;

use bytes::BytesMut;
use codec::build::s6a::{
    ApnConfiguration, ApnConfigurationProfile, ApnProfile, DsrBody, IdrBody, SubscriptionData, dsr,
    idr,
};
use codec::view::s6a::DsrFlags;
use store::{CachedSubscriber, SubscriptionDiff, SubscriptionPart};

use super::subscription::{
    Numbers, apn_configuration, apn_profile, static_addresses, subscription_data,
};
use crate::outbound::{Head, OutboundKind, RequestBody};

/// An IDR for one subscriber: the data as it is now, and what of it to send.
#[derive(Debug)]
pub struct InsertSubscriberData {
    imsi: Box<str>,
    entry: Arc<CachedSubscriber>,
    diff: SubscriptionDiff,
}

impl InsertSubscriberData {
    /// An IDR for `imsi` carrying what `diff` says changed, with the values of `entry`.
    pub fn new(imsi: &str, entry: Arc<CachedSubscriber>, diff: SubscriptionDiff) -> Self {
        Self { imsi: imsi.into(), entry, diff }
    }
}

impl RequestBody for InsertSubscriberData {
    fn kind(&self) -> OutboundKind {
        OutboundKind::InsertSubscriberData
    }

    fn encode(&self, head: &Head<'_>, out: &mut BytesMut) {
        let entry = &*self.entry;
        let sub = entry.subscriber();
        let numbers = Numbers::of(sub);
        let full = subscription_data(entry, &numbers);
        let has = |p: SubscriptionPart| self.diff.changed.contains(&p);
        let addresses: Vec<Vec<IpAddr>> = static_addresses(sub);
        // The changed APNs' configurations, in the subscriber's order.
        let configs: Vec<ApnConfiguration<'_>> = (entry.apn_profiles().iter())
            .zip(&addresses)
            // With a new default APN its configuration goes too: the profile the IDR carries
            // must hold at least one APN-Configuration (TS 29.272 §7.3.34).
            .filter(|(p, _)| {
                self.diff.apns_changed.contains(&p.id)
                    || (self.diff.default_apn_changed && p.id == sub.default_apn)
            })
            .map(|(p, ips)| apn_configuration(p, ips))
            .collect();
        let apn_configuration_profile = if configs.is_empty() && !self.diff.default_apn_changed {
            None
        } else if configs.len() == entry.apn_profiles().len() {
            Some(ApnProfile::Encoded(apn_profile(entry)))
        } else {
            Some(ApnProfile::Structured(ApnConfigurationProfile {
                context_identifier: sub.default_apn.get(),
                // MODIFIED_ADDED_APN_CONFIGURATIONS_INCLUDED: the MME keeps the others.
                all_apn_configurations_included: false,
                apn_configurations: &configs,
            }))
        };
        use SubscriptionPart as P;
        let data = SubscriptionData {
            subscriber_status: full.subscriber_status.filter(|_| has(P::Status)),
            operator_determined_barring: full
                .operator_determined_barring
                .filter(|_| has(P::Status)),
            // Sent with the status even when 0, so a cleared HPLMN-ODB reaches the MME.
            hplmn_odb: has(P::Status)
                .then_some(sub.options.hplmn_odb)
                .filter(|_| full.operator_determined_barring.is_some()),
            msisdn: full.msisdn.filter(|_| has(P::Msisdn)),
            a_msisdn: full.a_msisdn.filter(|_| has(P::AMsisdn)),
            stn_sr: full.stn_sr.filter(|_| has(P::Srvcc)),
            ics_indicator: full.ics_indicator.filter(|_| has(P::Srvcc)),
            network_access_mode: full.network_access_mode.filter(|_| has(P::NetworkAccessMode)),
            // Cleared restrictions are sent as 0 (nothing restricted).
            access_restriction_data: has(P::AccessRestriction)
                .then(|| full.access_restriction_data.unwrap_or(0)),
            apn_oi_replacement: full.apn_oi_replacement.filter(|_| has(P::ApnOiReplacement)),
            charging_characteristics: full
                .charging_characteristics
                .filter(|_| has(P::ChargingCharacteristics)),
            ambr: full.ambr.filter(|_| has(P::UeAmbr)),
            apn_configuration_profile,
            subscribed_periodic_rau_tau_timer: full
                .subscribed_periodic_rau_tau_timer
                .filter(|_| has(P::TauTimer)),
            ue_usage_type: full.ue_usage_type.filter(|_| has(P::UeUsageType)),
        };
        let body = IdrBody {
            imsi: &self.imsi,
            subscription_data: &data,
            idr_flags: None,
            supported_features: &[],
        };
        idr(out, head.ids, head.session_id, &head.origin, &head.destination, &body);
    }
}

/// A DSR for one subscriber: the PDN subscription contexts of removed APNs, and the values
/// cleared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteSubscriberData {
    imsi: Box<str>,
    flags: DsrFlags,
    context_identifiers: Vec<u32>,
}

impl DeleteSubscriberData {
    /// The DSR `diff` asks for (none when it withdraws nothing).
    pub fn of(imsi: &str, diff: &SubscriptionDiff) -> Option<Self> {
        if !diff.needs_delete() {
            return None;
        }
        let mut flags = DsrFlags(0);
        if !diff.apns_removed.is_empty() {
            flags = flags | DsrFlags::PDN_SUBSCRIPTION_CONTEXTS_WITHDRAWAL;
        }
        for part in &diff.withdrawn {
            flags = flags
                | match part {
                    SubscriptionPart::Srvcc => DsrFlags::STN_SR,
                    SubscriptionPart::ApnOiReplacement => DsrFlags::APN_OI_REPLACEMENT,
                    SubscriptionPart::ChargingCharacteristics => {
                        DsrFlags::SUBSCRIBED_CHARGING_CHARACTERISTICS_WITHDRAWAL
                    }
                    SubscriptionPart::TauTimer => {
                        DsrFlags::SUBSCRIBED_PERIODIC_RAU_TAU_TIMER_WITHDRAWAL
                    }
                    SubscriptionPart::UeUsageType => DsrFlags::UE_USAGE_TYPE_WITHDRAWAL,
                    SubscriptionPart::Msisdn => DsrFlags::MSISDN_WITHDRAWAL,
                    SubscriptionPart::AMsisdn => DsrFlags::A_MSISDN_WITHDRAWAL,
                    _ => DsrFlags(0),
                };
        }
        let context_identifiers = diff.apns_removed.iter().map(|id| id.get()).collect();
        Some(Self { imsi: imsi.into(), flags, context_identifiers })
    }
}

impl RequestBody for DeleteSubscriberData {
    fn kind(&self) -> OutboundKind {
        OutboundKind::DeleteSubscriberData
    }

    fn encode(&self, head: &Head<'_>, out: &mut BytesMut) {
        let body = DsrBody {
            imsi: &self.imsi,
            dsr_flags: self.flags,
            context_identifiers: &self.context_identifiers,
            supported_features: &[],
        };
        dsr(out, head.ids, head.session_id, &head.origin, &head.destination, &body);
    }
}
