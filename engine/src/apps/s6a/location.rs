//! Update-Location, Purge-UE and Notify (TS 29.272 §5.2.1.1, §5.2.2.1, §5.2.5.1): the serving
//! MME and the subscription data it gets.

use std::fmt::Write as _;
use std::net::IpAddr;

use bytes::BytesMut;
use codec::build::Outcome;
use codec::build::s6a::{
    self as b, AllocationRetentionPriority, Ambr, ApnConfiguration, ApnConfigurationProfile,
    ApnProfile, EpsSubscribedQos, SubscriptionData, Tbcd, UlaBody,
    encode_apn_configuration_profile,
};
use codec::view::s6a::{
    CancellationType, NetworkAccessMode as NamValue, NorView, PdnType as PdnValue,
    PreEmptionCapability, PreEmptionVulnerability, PuaFlags, PurView,
    SubscriberStatus as StatusValue, UlaFlags, UlrView,
};
use store::{
    CachedSubscriber, Encoded, Msisdn, NetworkAccessMode, NodeKind, PdnType, ServingNodeRef,
    SubscriberStatus,
};

use super::{CancelLocation, parse_imsi, subscriber_for};
use crate::apps::{Failure, Handled, Request};
use crate::outbound::Outbound;

/// Update-Location-Request (TS 29.272 §5.2.1.1): records the serving MME, cancels the previous
/// one if it differs (CLR, Cancellation-Type MME_UPDATE_PROCEDURE), answers with the
/// subscription data unless the MME asked to skip it.
pub(super) fn ulr(req: &mut Request<'_>) -> Result<Handled, Failure> {
    let view = UlrView::parse(req.msg)?;
    let imsi = parse_imsi(req.msg, view.imsi)?;
    let entry = subscriber_for(req, imsi, &view.visited_plmn_id)?;
    let mme = ServingNodeRef {
        host: view.routing.origin_host,
        realm: view.routing.origin_realm,
        updated_at: req.now,
    };
    let previous = req
        .store()
        .update_serving_node(imsi.key(), NodeKind::Mme, mme)
        .map_err(|e| req.store_failure(&e))?;
    if let Some(old) = previous {
        let cancel = CancelLocation::new(view.imsi, CancellationType::MME_UPDATE_PROCEDURE);
        req.outbound.push(Outbound::new(old.host, old.realm, cancel));
    }
    // The equipment the UE attached with (Terminal-Information), queued for the EIR's view of
    // the subscriber (written off the shard).
    if let Some(imei) = view.terminal_information.and_then(|t| t.imei) {
        let seen = store::SeenEquipment {
            imei: imei.to_owned(),
            software_version: view
                .terminal_information
                .and_then(|t| t.software_version)
                .map(str::to_owned),
            time_ms: store::millis(req.now),
            source: "ulr".into(),
        };
        req.store().record_equipment(imsi.key(), seen);
    }

    let sub = entry.subscriber();
    let msisdn = sub.msisdn.and_then(msisdn_tbcd);
    // The APN-Configuration-Profile is encoded once per cache entry and copied from then on.
    let profile = entry.encoded(Encoded::ApnConfigurationProfile, encode_apn_profile);
    let data = SubscriptionData {
        subscriber_status: Some(match sub.status {
            SubscriberStatus::ServiceGranted => StatusValue::SERVICE_GRANTED,
            SubscriberStatus::OperatorDeterminedBarring => StatusValue::OPERATOR_DETERMINED_BARRING,
        }),
        msisdn: msisdn.as_ref().map(Tbcd::as_bytes),
        network_access_mode: Some(match sub.network_access_mode {
            NetworkAccessMode::PacketAndCircuit => NamValue::PACKET_AND_CIRCUIT,
            NetworkAccessMode::OnlyPacket => NamValue::ONLY_PACKET,
        }),
        ambr: Some(Ambr { ul_bps: sub.ue_ambr.uplink, dl_bps: sub.ue_ambr.downlink }),
        apn_configuration_profile: Some(ApnProfile::Encoded(profile)),
        ..SubscriptionData::default()
    };
    let body = UlaBody {
        ula_flags: UlaFlags::SEPARATION_INDICATION,
        subscription_data: (!view.skip_subscriber_data()).then_some(&data),
        ..UlaBody::default()
    };
    b::ula(req.out, req.msg, &req.node.origin(), Outcome::Success, &body);
    Ok(Handled::Answered)
}

/// Purge-UE-Request (TS 29.272 §5.2.2.1.1): clears the serving MME if the purging MME is the
/// registered one, and tells it to freeze the M-TMSI.
pub(super) fn pur(req: &mut Request<'_>) -> Result<Handled, Failure> {
    let view = PurView::parse(req.msg)?;
    let imsi = parse_imsi(req.msg, view.imsi)?;
    let store = req.store();
    store
        .clear_serving_node(imsi.key(), NodeKind::Mme, Some(view.routing.origin_host))
        .and_then(|_| store.subscriber_entry(imsi.key()))
        .map_err(|e| req.store_failure(&e))?;
    let flags = Some(PuaFlags::FREEZE_M_TMSI);
    b::pua(req.out, req.msg, &req.node.origin(), Outcome::Success, flags);
    Ok(Handled::Answered)
}

/// Notify-Request (TS 29.272 §5.2.5.1.1): acknowledged for known subscribers. The PDN GW
/// identities and flags it may carry are not stored yet.
pub(super) fn nor(req: &mut Request<'_>) -> Result<Handled, Failure> {
    let view = NorView::parse(req.msg)?;
    let imsi = parse_imsi(req.msg, view.imsi)?;
    req.store().subscriber_entry(imsi.key()).map_err(|e| req.store_failure(&e))?;
    b::noa(req.out, req.msg, &req.node.origin(), Outcome::Success);
    Ok(Handled::Answered)
}

/// The MSISDN in TBCD, its digits formatted on the stack rather than into a `String`.
pub(super) fn msisdn_tbcd(msisdn: Msisdn) -> Option<Tbcd> {
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

fn pdn_type(t: PdnType) -> PdnValue {
    match t {
        PdnType::Ipv4 => PdnValue::IPV4,
        PdnType::Ipv6 => PdnValue::IPV6,
        PdnType::Ipv4v6 => PdnValue::IPV4V6,
        PdnType::Ipv4OrIpv6 => PdnValue::IPV4_OR_IPV6,
    }
}

/// The value of the subscriber's APN-Configuration-Profile AVP (TS 29.272 §7.3.34): every
/// provisioned APN with its QoS, AMBR, PDN type and static addresses; the default APN's
/// Context-Identifier.
fn encode_apn_profile(entry: &CachedSubscriber) -> Vec<u8> {
    let sub = entry.subscriber();
    let addresses: Vec<Vec<IpAddr>> = sub
        .apns
        .iter()
        .map(|a| {
            let v4 = a.static_ipv4.map(IpAddr::V4);
            v4.into_iter().chain(a.static_ipv6.map(IpAddr::V6)).collect()
        })
        .collect();
    let configs: Vec<ApnConfiguration<'_>> = entry
        .apn_profiles()
        .iter()
        .zip(&addresses)
        .map(|(p, ips)| ApnConfiguration {
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
            vplmn_dynamic_address_allowed: None,
            mip6_agent_info: None,
            pdn_gw_allocation_type: None,
            charging_characteristics: None,
            ambr: Some(Ambr { ul_bps: p.ambr.uplink, dl_bps: p.ambr.downlink }),
        })
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
