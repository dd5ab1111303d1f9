//! Non-3GPP-User-Data (TS 29.273 §8.2.3.1) from the EPS subscriber: what an SAA
//! (REGISTRATION, AAA_USER_DATA_REQUEST) and a PPR carry.
//!
//! - Non-3GPP-IP-Access: ALLOWED (0), or BARRED (1) when non-3GPP access is not allowed or the
//!   subscriber is disabled (only a PPR carries that: an SAR is then refused with 5450).
//! - Non-3GPP-IP-Access-APN: ENABLE (0) or DISABLE (1) as provisioned.
//! - The APN-Configurations usable over non-3GPP access: the subscriber's APNs, only those of
//!   `options.non_3gpp.apns` when it lists any; none when the APNs are disabled. Each with its
//!   Context-Identifier, Service-Selection, PDN-Type, QoS, AMBR, static addresses, and from the
//!   APN profile's options its charging characteristics, VPLMN-Dynamic-Address-Allowed and PDN
//!   GW (MIP6-Agent-Info, PDN-GW-Allocation-Type STATIC).
//! - Context-Identifier: the default APN's when it is usable over non-3GPP access, else the
//!   first usable one's.
//! - UE-AMBR, the MSISDN (Subscription-Id END_USER_E164), APN-OI-Replacement and
//!   3GPP-Charging-Characteristics of the subscription.

use std::net::IpAddr;

use codec::build::s6a::{Ambr, ApnConfiguration};
use codec::build::swx::{
    NON_3GPP_APNS_DISABLE, NON_3GPP_APNS_ENABLE, NON_3GPP_SUBSCRIPTION_ALLOWED,
    NON_3GPP_SUBSCRIPTION_BARRED, Non3gppUserData,
};
use store::{ApnAssignment, ApnProfile, CachedSubscriber};

use crate::apps::s6a::subscription::{addresses_of, apn_configuration};

/// Calls `f` with the Non-3GPP-User-Data of `entry`.
pub(super) fn with_user_data<R>(
    entry: &CachedSubscriber,
    f: impl FnOnce(&Non3gppUserData<'_>) -> R,
) -> R {
    let sub = entry.subscriber();
    let options = &sub.options;
    let access = &options.non_3gpp;
    let barred = !access.allowed || options.disabled;
    // The APNs usable over non-3GPP access, in the subscriber's order.
    let usable: Vec<(&ApnAssignment, &ApnProfile)> = if access.apn_access {
        sub.apns
            .iter()
            .filter(|a| access.apns.is_empty() || access.apns.contains(&a.profile))
            .filter_map(|a| Some((a, entry.apn_profiles().iter().find(|p| p.id == a.profile)?)))
            .collect()
    } else {
        Vec::new()
    };
    let addresses: Vec<Vec<IpAddr>> = usable.iter().map(|(a, _)| addresses_of(a)).collect();
    let configs: Vec<ApnConfiguration<'_>> =
        usable.iter().zip(&addresses).map(|((_, p), ips)| apn_configuration(p, ips)).collect();
    let default = usable
        .iter()
        .find(|(a, _)| a.profile == sub.default_apn)
        .or(usable.first())
        .map(|(a, _)| a.profile.get());
    let msisdn = sub.msisdn.map(|m| m.to_string());
    let data = Non3gppUserData {
        msisdn: msisdn.as_deref(),
        non_3gpp_ip_access: Some(if barred {
            NON_3GPP_SUBSCRIPTION_BARRED
        } else {
            NON_3GPP_SUBSCRIPTION_ALLOWED
        }),
        non_3gpp_ip_access_apn: Some(if access.apn_access {
            NON_3GPP_APNS_ENABLE
        } else {
            NON_3GPP_APNS_DISABLE
        }),
        rat_types: &[],
        session_timeout: None,
        ambr: Some(Ambr { ul_bps: sub.ue_ambr.uplink, dl_bps: sub.ue_ambr.downlink }),
        charging_characteristics: options.charging_characteristics.as_deref(),
        context_identifier: default,
        apn_oi_replacement: options.apn_oi_replacement.as_deref(),
        apn_configurations: &configs,
    };
    f(&data)
}
