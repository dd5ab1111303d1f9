//! S6a/S6d handlers (TS 29.272 §5.2): AIR, ULR, PUR, NOR.
//!
//! Hot path (AIR): one view, one cache lookup, vectors into this thread's scratch buffers, the
//! answer encoded straight into the connection's buffer; no heap allocation once the buffers
//! have grown (`cargo bench -p benches --bench alloc` counts them). No locks beyond the
//! cache's, no logging at info level, no waiting on another shard.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::net::IpAddr;
use std::time::SystemTime;

use bytes::BytesMut;
use codec::build::s6a::{
    self as b, AiaBody, AllocationRetentionPriority, Ambr, ApnConfiguration,
    ApnConfigurationProfile, ApnProfile, AuthenticationInfo, EpsSubscribedQos, EutranVectorData,
    SubscriptionData, Tbcd, UlaBody, UtranVectorData, encode_apn_configuration_profile,
};
use codec::build::{Outcome, error_answer, result_answer};
use codec::code::experimental;
use codec::view::s6a::{
    AirView, NetworkAccessMode as NamValue, NorView, PdnType as PdnValue, PreEmptionCapability,
    PreEmptionVulnerability, PuaFlags, PurView, SubscriberStatus as StatusValue, UlaFlags, UlrView,
};
use codec::{CommandCode, Message, MessageError, ResultCode};
use store::auc::{EutranVector, PlmnId, UtranVector};
use store::{
    CachedSubscriber, Imsi, MAX_VECTORS_PER_REQUEST, Msisdn, NetworkAccessMode, PdnType,
    RandSource, ServingMmeRef, StoreError, SubscriberStatus,
};

use super::{Action, AppContext};

/// Dispatches an S6a request by command code.
pub fn handle(
    ctx: &AppContext,
    msg: &Message<'_>,
    rand: &mut dyn RandSource,
    out: &mut BytesMut,
    actions: &mut Vec<Action>,
) {
    let result = match msg.header.code {
        CommandCode::AUTHENTICATION_INFORMATION if ctx.bench_echo => canned_air(ctx, msg, out),
        CommandCode::AUTHENTICATION_INFORMATION => air(ctx, msg, rand, out, actions),
        CommandCode::UPDATE_LOCATION => ulr(ctx, msg, out, actions),
        CommandCode::PURGE_UE => pur(ctx, msg, out),
        CommandCode::NOTIFY => nor(ctx, msg, out),
        // Known to the dictionary but not served by an HSS (CLR, IDR, DSR, RSR sent to us).
        _ => {
            result_answer(out, msg, &ctx.origin(), ResultCode::COMMAND_UNSUPPORTED);
            Ok(())
        }
    };
    if let Err(err) = result {
        error_answer(out, msg, &ctx.origin(), &err);
    }
}

/// The Experimental-Result or Result-Code a store error maps to (TS 29.272 §5.2.3.1.3).
fn store_outcome(err: &StoreError) -> Outcome {
    match err {
        StoreError::UnknownSubscriber => Outcome::Experimental(experimental::ERROR_USER_UNKNOWN),
        StoreError::NoAuthData => {
            Outcome::Experimental(experimental::AUTHENTICATION_DATA_UNAVAILABLE)
        }
        _ => Outcome::Result(ResultCode::UNABLE_TO_COMPLY),
    }
}

/// The subscriber, or the answer's outcome when it cannot be served from `visited`:
/// unknown (5001) or roaming in a network the subscription does not allow (5004).
fn subscriber_for(
    ctx: &AppContext,
    imsi: Imsi,
    visited: &[u8; 3],
) -> Result<std::sync::Arc<CachedSubscriber>, Outcome> {
    let entry = ctx.store.subscriber_entry(imsi).map_err(|e| store_outcome(&e))?;
    let roaming = visited != ctx.home_plmn.as_bytes();
    if roaming && !entry.subscriber().roaming_allowed {
        return Err(Outcome::Experimental(experimental::ERROR_ROAMING_NOT_ALLOWED));
    }
    Ok(entry)
}

/// A 5004 naming the request's `def` AVP, whose value the application cannot use.
fn invalid_avp(msg: &Message<'_>, def: &codec::dict::AvpDef, reason: &'static str) -> MessageError {
    match msg.find(def.code, def.vendor) {
        Ok(Some(avp)) => codec::view::invalid_value(&avp, reason),
        Ok(None) => MessageError::missing(def.code, def.vendor, def.ty.min_len()),
        Err(e) => e,
    }
}

/// The packed IMSI of a User-Name the view already checked to be 6..=15 digits.
fn parse_imsi(msg: &Message<'_>, digits: &str) -> Result<Imsi, MessageError> {
    Imsi::parse(digits)
        .map_err(|_| invalid_avp(msg, &codec::dict::base::USER_NAME, "User-Name is not an IMSI"))
}

/// Authentication-Information-Request (TS 29.272 §5.2.3.1).
fn air(
    ctx: &AppContext,
    msg: &Message<'_>,
    rand: &mut dyn RandSource,
    out: &mut BytesMut,
    actions: &mut Vec<Action>,
) -> Result<(), MessageError> {
    let view = AirView::parse(msg)?;
    let origin = ctx.origin();
    let imsi = parse_imsi(msg, view.imsi)?;
    // Not cached with SQNs left: the cold path (a read, a synced reservation) runs elsewhere.
    // An IMSI known to be unprovisioned is answered here (5001) without I/O.
    if ctx.defer_cold
        && !ctx.store.sqn_ready(imsi, ctx.max_vectors)
        && !ctx.store.known_absent(imsi)
    {
        actions.push(Action::Defer);
        return Ok(());
    }
    if let Err(outcome) = subscriber_for(ctx, imsi, &view.visited_plmn_id) {
        b::aia(out, msg, &origin, outcome, &AiaBody::default());
        return Ok(());
    }
    let serving = PlmnId::from_bytes(view.visited_plmn_id).map_err(|_| {
        invalid_avp(
            msg,
            &codec::dict::s6a::VISITED_PLMN_ID,
            "Visited-PLMN-Id is not a valid MCC/MNC",
        )
    })?;

    // TS 33.102 §6.3.5: with a valid AUTS the HSS resets SQN from SQN_MS; in every case it
    // then sends fresh vectors. A MAC-S that does not verify leaves SQN as it was.
    for req in [view.eutran, view.utran_geran].into_iter().flatten() {
        if let Some((rand_ms, auts)) = req.rand_auts() {
            match ctx.store.resync(imsi, rand_ms, auts) {
                Ok(()) | Err(StoreError::Resync(_)) => {}
                Err(e) => {
                    b::aia(out, msg, &origin, store_outcome(&e), &AiaBody::default());
                    return Ok(());
                }
            }
        }
    }

    // The store returns at most MAX_VECTORS_PER_REQUEST of each kind whatever it is asked;
    // asking for no more keeps the counts within the stack arrays below.
    let wanted = |r: Option<codec::view::s6a::RequestedAuthInfo<'_>>| {
        r.map_or(0, |r| r.number_of_requested_vectors.unwrap_or(1) as usize)
            .min(ctx.max_vectors)
            .min(MAX_VECTORS_PER_REQUEST)
    };
    let (n_eutran, n_utran) = (wanted(view.eutran), wanted(view.utran_geran));
    VECTORS.with_borrow_mut(|v| {
        v.clear();
        let generated = ctx
            .store
            .eutran_vectors(imsi, n_eutran, &serving, rand, &mut v.eutran)
            .and_then(|()| ctx.store.utran_vectors(imsi, n_utran, rand, &mut v.utran));
        if let Err(e) = generated {
            b::aia(out, msg, &origin, store_outcome(&e), &AiaBody::default());
        } else {
            let (eutran, utran) = (eutran_data(&v.eutran), utran_data(&v.utran));
            let vectors = AuthenticationInfo {
                eutran: &eutran[..v.eutran.len()],
                utran: &utran[..v.utran.len()],
                geran: &[],
            };
            b::aia(out, msg, &origin, Outcome::Success, &AiaBody { vectors, ..AiaBody::default() });
        }
        // Once encoded, the vectors (key material) have no reason to stay readable here.
        v.clear();
    });
    Ok(())
}

/// The vectors of the AIR being answered, as the store appends them. A thread answers one
/// request at a time, so one pair of buffers per thread (per shard) serves every AIR, without
/// an allocation once they have grown to the largest request.
struct Vectors {
    eutran: Vec<EutranVector>,
    utran: Vec<UtranVector>,
}

impl Vectors {
    const fn new() -> Self {
        Self { eutran: Vec::new(), utran: Vec::new() }
    }

    fn clear(&mut self) {
        self.eutran.clear();
        self.utran.clear();
    }
}

thread_local! {
    static VECTORS: RefCell<Vectors> = const { RefCell::new(Vectors::new()) };
}

/// Filler for the unused tail of the arrays below, never encoded.
const NO_KEY: [u8; 32] = [0; 32];
const NO_EUTRAN: EutranVectorData<'static> =
    EutranVectorData { rand: &[0; 16], xres: &[], autn: &[0; 16], kasme: &NO_KEY };
const NO_UTRAN: UtranVectorData<'static> =
    UtranVectorData { rand: &[0; 16], xres: &[], autn: &[0; 16], ck: &[0; 16], ik: &[0; 16] };

/// The codec's borrowed form of up to [`MAX_VECTORS_PER_REQUEST`] E-UTRAN vectors, on the
/// stack; the first `vectors.len()` entries are the vectors.
fn eutran_data(vectors: &[EutranVector]) -> [EutranVectorData<'_>; MAX_VECTORS_PER_REQUEST] {
    std::array::from_fn(|i| {
        vectors.get(i).map_or(NO_EUTRAN, |v| EutranVectorData {
            rand: &v.rand,
            xres: &v.xres,
            autn: &v.autn,
            kasme: &v.kasme,
        })
    })
}

/// [`eutran_data`] for UTRAN quintuplets.
fn utran_data(vectors: &[UtranVector]) -> [UtranVectorData<'_>; MAX_VECTORS_PER_REQUEST] {
    std::array::from_fn(|i| {
        vectors.get(i).map_or(NO_UTRAN, |v| UtranVectorData {
            rand: &v.rand,
            xres: &v.xres,
            autn: &v.autn,
            ck: &v.ck,
            ik: &v.ik,
        })
    })
}

/// The benchmark instrument's AIA (`bench_echo`): one fixed E-UTRAN vector, encoded by the
/// same builder into the same buffer as a real answer, after the same view parse; no store
/// lookup, no SQN, no Milenage or KASME. Never for service: the vector is a constant.
fn canned_air(ctx: &AppContext, msg: &Message<'_>, out: &mut BytesMut) -> Result<(), MessageError> {
    const RAND: [u8; 16] = [0x23; 16];
    const XRES: [u8; 8] = [0xa5; 8];
    const AUTN: [u8; 16] = [0x55; 16];
    const KASME: [u8; 32] = [0x5a; 32];
    AirView::parse(msg)?;
    let vector = [EutranVectorData { rand: &RAND, xres: &XRES, autn: &AUTN, kasme: &KASME }];
    let body = AiaBody {
        vectors: AuthenticationInfo { eutran: &vector, utran: &[], geran: &[] },
        ..AiaBody::default()
    };
    b::aia(out, msg, &ctx.origin(), Outcome::Success, &body);
    Ok(())
}

/// Update-Location-Request (TS 29.272 §5.2.1.1): records the serving MME, cancels the previous
/// one if it differs, answers with the subscription data unless the MME asked to skip it.
fn ulr(
    ctx: &AppContext,
    msg: &Message<'_>,
    out: &mut BytesMut,
    actions: &mut Vec<Action>,
) -> Result<(), MessageError> {
    let view = UlrView::parse(msg)?;
    let origin = ctx.origin();
    let imsi = parse_imsi(msg, view.imsi)?;
    let entry = match subscriber_for(ctx, imsi, &view.visited_plmn_id) {
        Ok(entry) => entry,
        Err(outcome) => {
            b::ula(out, msg, &origin, outcome, &UlaBody::default());
            return Ok(());
        }
    };
    let mme = ServingMmeRef {
        host: view.routing.origin_host,
        realm: view.routing.origin_realm,
        updated_at: SystemTime::now(),
    };
    let previous = match ctx.store.update_serving_mme(imsi, mme) {
        Ok(previous) => previous,
        Err(e) => {
            b::ula(out, msg, &origin, store_outcome(&e), &UlaBody::default());
            return Ok(());
        }
    };
    if let Some(old) = previous {
        actions.push(Action::CancelLocation {
            imsi: view.imsi.to_owned(),
            host: old.host,
            realm: old.realm,
        });
    }

    let sub = entry.subscriber();
    let msisdn = sub.msisdn.and_then(msisdn_tbcd);
    // The APN-Configuration-Profile is encoded once per cache entry and copied from then on.
    let profile = entry.encoded_profile(encode_apn_profile);
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
    b::ula(out, msg, &origin, Outcome::Success, &body);
    Ok(())
}

/// The MSISDN in TBCD, its digits formatted on the stack rather than into a `String`.
fn msisdn_tbcd(msisdn: Msisdn) -> Option<Tbcd> {
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

/// Purge-UE-Request (TS 29.272 §5.2.2.1.1): clears the serving MME if the purging MME is the
/// registered one, and tells it to freeze the M-TMSI.
fn pur(ctx: &AppContext, msg: &Message<'_>, out: &mut BytesMut) -> Result<(), MessageError> {
    let view = PurView::parse(msg)?;
    let origin = ctx.origin();
    let imsi = parse_imsi(msg, view.imsi)?;
    let outcome = match ctx.store.clear_serving_mme(imsi, Some(view.routing.origin_host)) {
        Ok(_) => match ctx.store.subscriber_entry(imsi) {
            Ok(_) => Outcome::Success,
            Err(e) => store_outcome(&e),
        },
        Err(e) => store_outcome(&e),
    };
    let flags = (outcome == Outcome::Success).then_some(PuaFlags::FREEZE_M_TMSI);
    b::pua(out, msg, &origin, outcome, flags);
    Ok(())
}

/// Notify-Request (TS 29.272 §5.2.5.1.1): acknowledged for known subscribers. The PDN GW
/// identities and flags it may carry are not stored yet.
fn nor(ctx: &AppContext, msg: &Message<'_>, out: &mut BytesMut) -> Result<(), MessageError> {
    let view = NorView::parse(msg)?;
    let imsi = parse_imsi(msg, view.imsi)?;
    let outcome = match ctx.store.subscriber_entry(imsi) {
        Ok(_) => Outcome::Success,
        Err(e) => store_outcome(&e),
    };
    b::noa(out, msg, &ctx.origin(), outcome);
    Ok(())
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

#[cfg(test)]
#[path = "s6a_tests.rs"]
mod tests;
