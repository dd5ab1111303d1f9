//! Update-Location, Purge-UE and Notify (TS 29.272 §5.2.1.1, §5.2.2.1, §5.2.5.1): the serving
//! MME and the subscription data it gets.

use codec::build::Outcome;
use codec::build::s6a::{self as b, UlaBody};
use codec::view::s6a::{CancellationType, NorView, PuaFlags, PurView, UlaFlags, UlrView};
use store::{NodeKind, PdnGw, ServingNodeRef};

use super::subscription::{Numbers, subscription_data};
use super::{CancelLocation, admission, parse_imsi, subscriber_entry};
use crate::apps::{Deferral, Failure, Handled, Request};
use crate::outbound::Outbound;

/// Update-Location-Request (TS 29.272 §5.2.1.1): refuses a disabled subscriber, one barred
/// from roaming where it is, or a RAT its Access-Restriction-Data bars (5421); records the
/// serving MME with the RAT, cancels the previous one if it differs (CLR, Cancellation-Type
/// MME_UPDATE_PROCEDURE), answers with the subscription data unless the MME asked to skip it.
pub(super) fn ulr(req: &mut Request<'_>) -> Result<Handled, Failure> {
    let view = UlrView::parse(req.msg)?;
    let imsi = parse_imsi(req.msg, view.imsi)?;
    if let Some(deferral) = cold(req, imsi) {
        return Ok(deferral);
    }
    let entry = subscriber_entry(req, imsi)?;
    let home = req.node.home_plmn.as_bytes();
    let refused = admission::refusal(req.store(), home, entry.subscriber(), &view.visited_plmn_id)
        .map(|r| (r.code, r.diagnostic))
        .or_else(|| {
            let rat_ok = admission::rat_allowed(entry.subscriber(), view.rat_type);
            (!rat_ok).then_some((codec::code::experimental::ERROR_RAT_NOT_ALLOWED, None))
        });
    if let Some((code, diagnostic)) = refused {
        let body = UlaBody { error_diagnostic: diagnostic, ..UlaBody::default() };
        b::ula(req.out, req.msg, &req.node.origin(), Outcome::Experimental(code), &body);
        return Ok(Handled::Answered);
    }
    let mme = ServingNodeRef {
        host: view.routing.origin_host,
        realm: view.routing.origin_realm,
        updated_at: req.now,
        rat_type: Some(view.rat_type.0),
    };
    let previous = req
        .store()
        .update_serving_node(imsi.key(), NodeKind::Mme, mme)
        .map_err(|e| req.store_failure(&e))?;
    entry.note(store::Activity::Ulr, req.now, Some(&view.visited_plmn_id[..]));
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

    let numbers = Numbers::of(entry.subscriber());
    let data = subscription_data(&entry, &numbers);
    let body = UlaBody {
        ula_flags: UlaFlags::SEPARATION_INDICATION,
        subscription_data: (!view.skip_subscriber_data()).then_some(&data),
        ..UlaBody::default()
    };
    b::ula(req.out, req.msg, &req.node.origin(), Outcome::Success, &body);
    Ok(Handled::Answered)
}

/// On a shard, a subscriber not in the cache would be read from the store here: such a
/// request goes to the slow lane instead. An IMSI known to be unprovisioned is answered here.
fn cold(req: &Request<'_>, imsi: store::Imsi) -> Option<Handled> {
    let store = req.store();
    let key = imsi.key();
    (req.may_defer() && !store.sqn_ready(key, 0) && !store.known_absent(key))
        .then_some(Handled::Deferred(Deferral { subscriber: key, sqns: 0 }))
}

/// Purge-UE-Request (TS 29.272 §5.2.2.1.1): clears the serving MME if the purging MME is the
/// registered one, and tells it to freeze the M-TMSI.
pub(super) fn pur(req: &mut Request<'_>) -> Result<Handled, Failure> {
    let view = PurView::parse(req.msg)?;
    let imsi = parse_imsi(req.msg, view.imsi)?;
    if let Some(deferral) = cold(req, imsi) {
        return Ok(deferral);
    }
    let store = req.store();
    store
        .clear_serving_node(imsi.key(), NodeKind::Mme, Some(view.routing.origin_host))
        .and_then(|_| store.subscriber_entry(imsi.key()))
        .map_err(|e| req.store_failure(&e))?;
    let flags = Some(PuaFlags::FREEZE_M_TMSI);
    b::pua(req.out, req.msg, &req.node.origin(), Outcome::Success, flags);
    Ok(Handled::Answered)
}

/// Notify-Request (TS 29.272 §5.2.5.1.1): stores what it carries (the PDN GW selected for an
/// APN, the UE's SRVCC and IMS voice capabilities, reachability) for the subscriber, on the
/// slow lane (a read and a write of the store).
pub(super) fn nor(req: &mut Request<'_>) -> Result<Handled, Failure> {
    let view = NorView::parse(req.msg)?;
    let imsi = parse_imsi(req.msg, view.imsi)?;
    if req.may_defer() {
        return Ok(Handled::Deferred(Deferral { subscriber: imsi.key(), sqns: 0 }));
    }
    let store = req.store();
    store.subscriber_entry(imsi.key()).map_err(|e| req.store_failure(&e))?;
    let gw = view.mip6_agent_info.map(|m| PdnGw {
        apn: view.service_selection.map(str::to_owned),
        context_identifier: view.context_identifier,
        addresses: m.home_agent_addresses.iter().flatten().copied().collect(),
        host: m.home_agent_host.map(|h| h.host.to_owned()),
        realm: m.home_agent_host.map(|h| h.realm.to_owned()),
    });
    let from = view.routing.origin_host;
    let now = store::millis(req.now);
    let updated = store.update_notify_state(imsi.key(), |s| {
        if let Some(gw) = gw {
            s.set_pdn_gw(gw);
        }
        s.ue_srvcc_capability = view.ue_srvcc_capability.or(s.ue_srvcc_capability);
        s.ims_voice_over_ps =
            view.homogeneous_support_of_ims_voice_over_ps_sessions.or(s.ims_voice_over_ps);
        s.alert_reason = view.alert_reason.or(s.alert_reason);
        s.maximum_ue_availability_time =
            view.maximum_ue_availability_time.or(s.maximum_ue_availability_time);
        s.reported_by = Some(from.to_owned());
        s.updated_at_ms = now;
    });
    updated.map_err(|e| req.store_failure(&e))?;
    b::noa(req.out, req.msg, &req.node.origin(), Outcome::Success);
    Ok(Handled::Answered)
}
