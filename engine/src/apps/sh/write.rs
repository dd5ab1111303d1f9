//! Profile-Update and Subscribe-Notifications (TS 29.328 §6.1.2, §6.1.3; TS 29.329 §6.1.3,
//! §6.1.5): an AS updates its repository data, or subscribes to changes of a user's data.

use std::time::Duration;

use codec::build::Outcome;
use codec::build::sh as b;
use codec::code::experimental;
use codec::view::sh::{DataReference, IdentitySet, ShPurView, SnrView, SubsReqType};
use store::{RepositoryChange, ShSubscription, StoreError};

use super::notify::PushNotification;
use super::sh_data::{ShData, repository_updates};
use super::{allowed, deferred, fail, from_ntp, ntp_seconds, permissions, subject};
use crate::apps::{Failure, Handled, Request};
use crate::outbound::{MAX_ATTEMPTS, Outbound};

/// The longest subscription granted; a longer (or unlimited) Expiry-Time asked for is cut to
/// this and the SNA says so.
pub const MAX_SUBSCRIPTION: Duration = Duration::from_secs(7 * 24 * 3600);

/// The Data-References an AS may subscribe to here.
const NOTIFIABLE: [DataReference; 4] = [
    DataReference::REPOSITORY_DATA,
    DataReference::IMS_USER_STATE,
    DataReference::S_CSCF_NAME,
    DataReference::INITIAL_FILTER_CRITERIA,
];

/// Profile-Update-Request: repository data only (5103 for any other Data-Reference or an AS
/// not allowed to update it), each RepositoryData element created, updated or deleted by the
/// sequence-number rules (5105), then every other AS subscribed to it is notified (PNR).
pub(super) fn pur(req: &mut Request<'_>) -> Result<Handled, Failure> {
    let view = ShPurView::parse(req.msg)?;
    if req.may_defer() {
        return Ok(deferred());
    }
    let (entry, impu) = subject(req, view.subject.user_identity)?;
    let perms = permissions(req, view.routing.origin_host, view.routing.origin_realm)?;
    let cannot = || fail(experimental::ERROR_USER_DATA_CANNOT_BE_MODIFIED);
    for dref in view.data_references() {
        if dref != DataReference::REPOSITORY_DATA || !allowed(&perms.pur, dref) {
            return Err(cannot());
        }
    }
    let Some(updates) = repository_updates(view.user_data) else {
        return Err(fail(experimental::ERROR_USER_DATA_NOT_RECOGNIZED));
    };
    let store = &*req.node.store;
    let key = entry.key();
    let impu_text = entry.subscription().public_identities[impu].impu.clone();
    for u in &updates {
        let data = u.service_data.as_deref();
        match store.update_repository_data(
            key,
            &impu_text,
            &u.service_indication,
            u.sequence_number,
            data,
        ) {
            Ok(
                RepositoryChange::Created | RepositoryChange::Updated | RepositoryChange::Deleted,
            ) => {}
            Err(e) => return Err(req.store_failure(&e)),
        }
        // Every other subscribed AS learns the new value.
        let subscribers = store
            .sh_subscribers(
                key,
                &impu_text,
                DataReference::REPOSITORY_DATA.0,
                &u.service_indication,
                req.now,
            )
            .map_err(|e| req.store_failure(&e))?;
        for s in subscribers {
            if s.as_host.eq_ignore_ascii_case(view.routing.origin_host) {
                continue;
            }
            let body = PushNotification::repository(
                &impu_text,
                &u.service_indication,
                u.sequence_number,
                data,
            );
            // A PNR that gets no answer is sent again (TS 29.328 leaves retries to the HSS).
            req.outbound
                .push(Outbound::new(s.as_host, s.as_realm, body).with_attempts(MAX_ATTEMPTS));
        }
    }
    b::pua(req.out, req.msg, &req.node.origin(), Outcome::Success, None, None);
    Ok(Handled::Answered)
}

/// Subscribe-Notifications-Request: SUBSCRIBE records a subscription per Data-Reference (and
/// Service-Indication) for at most [`MAX_SUBSCRIPTION`], granted in Expiry-Time; UNSUBSCRIBE
/// removes them (5106 when there was none). 5104 for data the AS may not subscribe to or that
/// cannot be notified. With Send-Data-Indication the SNA carries the current data.
pub(super) fn snr(req: &mut Request<'_>) -> Result<Handled, Failure> {
    let view = SnrView::parse(req.msg)?;
    if req.may_defer() {
        return Ok(deferred());
    }
    let (entry, impu) = subject(req, view.subject.user_identity)?;
    let perms = permissions(req, view.routing.origin_host, view.routing.origin_realm)?;
    let drefs: Vec<DataReference> = view.data_references().collect();
    if drefs.iter().any(|d| !NOTIFIABLE.contains(d) || !allowed(&perms.snr, *d)) {
        return Err(fail(experimental::ERROR_USER_DATA_CANNOT_BE_NOTIFIED));
    }
    let sis: Vec<&[u8]> = view.service_indications().collect();
    if drefs.contains(&DataReference::REPOSITORY_DATA) && sis.is_empty() {
        let si = &codec::dict::sh::SERVICE_INDICATION;
        return Err(codec::MessageError::missing(si.code, si.vendor, 0).into());
    }
    let store = &*req.node.store;
    let key = entry.key();
    let impu_text = entry.subscription().public_identities[impu].impu.clone();
    // (Data-Reference, Service-Indication) pairs: repository data once per indication.
    let pieces: Vec<(DataReference, &[u8])> = drefs
        .iter()
        .flat_map(|d| match *d {
            DataReference::REPOSITORY_DATA => sis.iter().map(|si| (*d, *si)).collect::<Vec<_>>(),
            other => vec![(other, &[][..])],
        })
        .collect();
    let host = view.routing.origin_host;
    let mut granted = None;
    match view.subs_req_type {
        SubsReqType::SUBSCRIBE => {
            let longest = req.now + MAX_SUBSCRIPTION;
            let expiry = view.expiry_time.map(from_ntp).map_or(longest, |t| t.min(longest));
            granted = Some(ntp_seconds(expiry));
            for (dref, si) in &pieces {
                let s = ShSubscription {
                    impu: impu_text.clone(),
                    data_reference: dref.0,
                    service_indication: si.to_vec(),
                    as_host: host.to_owned(),
                    as_realm: view.routing.origin_realm.to_owned(),
                    expiry: Some(expiry),
                };
                match store.sh_subscribe(key, &s) {
                    Ok(()) => {}
                    Err(StoreError::Invalid(_)) => {
                        return Err(fail(experimental::ERROR_USER_DATA_CANNOT_BE_NOTIFIED));
                    }
                    Err(e) => return Err(req.store_failure(&e)),
                }
            }
        }
        SubsReqType::UNSUBSCRIBE => {
            let mut removed = false;
            for (dref, si) in &pieces {
                removed |= store
                    .sh_unsubscribe(key, &impu_text, dref.0, si, host)
                    .map_err(|e| req.store_failure(&e))?;
            }
            if !removed {
                return Err(fail(experimental::ERROR_SUBS_DATA_ABSENT));
            }
        }
        _ => {
            let def = &codec::dict::sh::SUBS_REQ_TYPE;
            let err = match req.msg.find(def.code, def.vendor) {
                Ok(Some(avp)) => codec::view::invalid_value(&avp, "unknown Subs-Req-Type"),
                _ => codec::MessageError::missing(def.code, def.vendor, 4),
            };
            return Err(err.into());
        }
    }
    let data = view.send_data.then(|| {
        let mut d = ShData::default();
        let sets = [IdentitySet::ALL_IDENTITIES];
        for dref in &drefs {
            let repository = || {
                sis.iter()
                    .filter_map(|si| store.repository_data(key, &impu_text, si).ok().flatten())
                    .collect()
            };
            d.add(&entry, impu, *dref, repository, view.server_name, &sets);
        }
        d.render()
    });
    b::sna(req.out, req.msg, &req.node.origin(), Outcome::Success, data.as_deref(), granted);
    Ok(Handled::Answered)
}
