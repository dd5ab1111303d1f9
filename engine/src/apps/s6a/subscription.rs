//! The Subscription-Data the HSS sends (TS 29.272 §7.3.2): in a ULA, and in an IDR after a
//! provisioning change. Built from a cache entry; the APN-Configuration-Profile is encoded once
//! per entry and copied from then on.

use std::fmt::Write as _;
use std::net::IpAddr;

use bytes::BytesMut;
use codec::build::s6a::{
    AllocationRetentionPriority, Ambr, ApnConfiguration, ApnConfigurationProfile, ApnProfile,
    EpsSubscribedQos, SubscriptionData, Tbcd, encode_apn_configuration_profile,
};
use codec::view::s6a::{
    HomeAgentHost, Mip6AgentInfo, NetworkAccessMode as NamValue, PdnGwAllocationType,
    PdnType as PdnValue, PreEmptionCapability, PreEmptionVulnerability,
    SubscriberStatus as StatusValue,
};
use store::{
    ApnAssignment, ApnProfile as StoredApn, CachedSubscriber, Encoded, Msisdn, NetworkAccessMode,
    PdnType, Subscriber, SubscriberStatus,
};

/// The TBCD-encoded numbers of a subscription (MSISDN, A-MSISDN, STN-SR), on the stack.
#[derive(Debug, Default)]
pub(crate) struct Numbers {
    msisdn: Option<Tbcd>,
    a_msisdn: Option<Tbcd>,
    stn_sr: Option<Tbcd>,
}

impl Numbers {
    /// The numbers of `sub`.
    pub(crate) fn of(sub: &Subscriber) -> Self {
        Self {
            msisdn: sub.msisdn.and_then(msisdn_tbcd),
            a_msisdn: sub.options.a_msisdn.and_then(msisdn_tbcd),
            stn_sr: sub.options.stn_sr.and_then(msisdn_tbcd),
        }
    }
}

/// Every part of the subscription the HSS holds: the ULA's Subscription-Data, and an IDR's
/// when the whole subscription is replaced.
pub(crate) fn subscription_data<'a>(
    entry: &'a CachedSubscriber,
    numbers: &'a Numbers,
) -> SubscriptionData<'a> {
    let sub = entry.subscriber();
    let o = &sub.options;
    let barred = sub.status == SubscriberStatus::OperatorDeterminedBarring;
    SubscriptionData {
        subscriber_status: Some(subscriber_status(sub.status)),
        msisdn: numbers.msisdn.as_ref().map(Tbcd::as_bytes),
        a_msisdn: numbers.a_msisdn.as_ref().map(Tbcd::as_bytes),
        stn_sr: numbers.stn_sr.as_ref().map(Tbcd::as_bytes),
        ics_indicator: o.ics_indicator,
        network_access_mode: Some(network_access_mode(sub.network_access_mode)),
        // TS 29.272 §7.3.30: present when the status is OPERATOR_DETERMINED_BARRING.
        operator_determined_barring: barred.then_some(o.operator_determined_barring),
        hplmn_odb: (barred && o.hplmn_odb != 0).then_some(o.hplmn_odb),
        access_restriction_data: (o.access_restriction_data != 0)
            .then_some(o.access_restriction_data),
        apn_oi_replacement: o.apn_oi_replacement.as_deref(),
        charging_characteristics: o.charging_characteristics.as_deref(),
        ambr: Some(Ambr { ul_bps: sub.ue_ambr.uplink, dl_bps: sub.ue_ambr.downlink }),
        apn_configuration_profile: Some(ApnProfile::Encoded(apn_profile(entry))),
        subscribed_periodic_rau_tau_timer: o.periodic_tau_timer,
        ue_usage_type: o.ue_usage_type.map(u32::from),
    }
}

/// The entry's APN-Configuration-Profile value, encoded on first use.
pub(crate) fn apn_profile(entry: &CachedSubscriber) -> &[u8] {
    entry.encoded(Encoded::ApnConfigurationProfile, encode_apn_profile)
}

pub(crate) fn subscriber_status(status: SubscriberStatus) -> StatusValue {
    match status {
        SubscriberStatus::ServiceGranted => StatusValue::SERVICE_GRANTED,
        SubscriberStatus::OperatorDeterminedBarring => StatusValue::OPERATOR_DETERMINED_BARRING,
    }
}

fn network_access_mode(mode: NetworkAccessMode) -> NamValue {
    match mode {
        NetworkAccessMode::PacketAndCircuit => NamValue::PACKET_AND_CIRCUIT,
        NetworkAccessMode::OnlyPacket => NamValue::ONLY_PACKET,
    }
}

/// The MSISDN in TBCD, its digits formatted on the stack rather than into a `String`.
pub(crate) fn msisdn_tbcd(msisdn: Msisdn) -> Option<Tbcd> {
    /// Digits written by `Display`; an MSISDN has at most 15.
    struct Digits {
        buf: [u8; Tbcd::MAX_DIGITS],
        len: usize,
    }
    impl std::fmt::Write for Digits {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            let end = self.len + s.len();
            self.buf.get_mut(self.len..end).ok_or(std::fmt::Error)?.copy_from_slice(s.as_bytes());
            self.len = end;
            Ok(())
        }
    }
    let mut digits = Digits { buf: [0; Tbcd::MAX_DIGITS], len: 0 };
    write!(digits, "{msisdn}").ok()?;
    Tbcd::encode(std::str::from_utf8(&digits.buf[..digits.len]).ok()?)
}

pub(crate) fn pdn_type(t: PdnType) -> PdnValue {
    match t {
        PdnType::Ipv4 => PdnValue::IPV4,
        PdnType::Ipv6 => PdnValue::IPV6,
        PdnType::Ipv4v6 => PdnValue::IPV4V6,
        PdnType::Ipv4OrIpv6 => PdnValue::IPV4_OR_IPV6,
    }
}

/// The PDN GW of an APN profile as MIP6-Agent-Info: its address and/or its host with realm;
/// `None` when it has neither (provisioning refuses that).
pub(crate) fn mip6_agent_info(p: &StoredApn) -> Option<Mip6AgentInfo<'_>> {
    let pgw = p.options.pgw.as_ref()?;
    let home_agent_host = match (&pgw.host, &pgw.realm) {
        (Some(host), Some(realm)) => Some(HomeAgentHost { host, realm }),
        _ => None,
    };
    (pgw.address.is_some() || home_agent_host.is_some())
        .then_some(Mip6AgentInfo { home_agent_addresses: [pgw.address, None], home_agent_host })
}

/// One APN-Configuration (TS 29.272 §7.3.35) of a profile, with the subscriber's static
/// addresses on it.
pub(crate) fn apn_configuration<'a>(p: &'a StoredApn, ips: &'a [IpAddr]) -> ApnConfiguration<'a> {
    let mip6 = mip6_agent_info(p);
    ApnConfiguration {
        context_identifier: p.id.get(),
        served_party_ip_addresses: ips,
        pdn_type: pdn_type(p.pdn_type),
        service_selection: &p.apn,
        eps_subscribed_qos_profile: Some(EpsSubscribedQos {
            qos_class_identifier: u32::from(p.qci),
            allocation_retention_priority: AllocationRetentionPriority {
                priority_level: u32::from(p.arp.priority_level),
                pre_emption_capability: Some(if p.arp.pre_emption_capability {
                    PreEmptionCapability::ENABLED
                } else {
                    PreEmptionCapability::DISABLED
                }),
                pre_emption_vulnerability: Some(if p.arp.pre_emption_vulnerability {
                    PreEmptionVulnerability::ENABLED
                } else {
                    PreEmptionVulnerability::DISABLED
                }),
            },
        }),
        vplmn_dynamic_address_allowed: p.options.vplmn_dynamic_address_allowed,
        mip6_agent_info: mip6,
        // A provisioned PDN GW is a static allocation (TS 29.272 §7.3.44).
        pdn_gw_allocation_type: mip6.map(|_| PdnGwAllocationType::STATIC),
        charging_characteristics: p.options.charging_characteristics.as_deref(),
        ambr: Some(Ambr { ul_bps: p.ambr.uplink, dl_bps: p.ambr.downlink }),
    }
}

/// The static addresses of each of the subscriber's APNs, in the order of its APN list.
pub(crate) fn static_addresses(sub: &Subscriber) -> Vec<Vec<IpAddr>> {
    sub.apns.iter().map(addresses_of).collect()
}

/// The static addresses (Served-Party-IP-Address) of one APN assignment, IPv4 first.
pub(crate) fn addresses_of(a: &ApnAssignment) -> Vec<IpAddr> {
    let v4 = a.static_ipv4.map(IpAddr::V4);
    v4.into_iter().chain(a.static_ipv6.map(IpAddr::V6)).collect()
}

/// The value of the subscriber's APN-Configuration-Profile AVP (TS 29.272 §7.3.34): every
/// provisioned APN with its QoS, AMBR, PDN type, static addresses and options; the default
/// APN's Context-Identifier.
fn encode_apn_profile(entry: &CachedSubscriber) -> Vec<u8> {
    let sub = entry.subscriber();
    let addresses = static_addresses(sub);
    let configs: Vec<ApnConfiguration<'_>> = entry
        .apn_profiles()
        .iter()
        .zip(&addresses)
        .map(|(p, ips)| apn_configuration(p, ips))
        .collect();
    let mut buf = BytesMut::new();
    encode_apn_configuration_profile(
        &mut buf,
        &ApnConfigurationProfile {
            context_identifier: sub.default_apn.get(),
            all_apn_configurations_included: true,
            apn_configurations: &configs,
        },
    );
    buf.to_vec()
}
