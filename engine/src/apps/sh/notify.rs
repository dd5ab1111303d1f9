//! Push-Notification-Request (TS 29.329 §6.1.7): the HSS tells a subscribed AS the new value
//! of data it subscribed to.

use bytes::BytesMut;
use codec::build::sh::{PnrBody, pnr};
use codec::view::sh::{DataReference, IdentitySet, ShSubject, UserIdentity};
use store::{RepositoryData, Store, SubscriberKey};

use super::sh_data::ShData;
use crate::outbound::{Head, OutboundKind, RequestBody};

/// A PNR for one public identity with its Sh-Data document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushNotification {
    impu: Box<str>,
    user_data: Box<[u8]>,
}

impl PushNotification {
    /// The PNR of repository data `service_indication` of `impu` now at `sequence_number`
    /// with `data` (`None`: deleted, sent without ServiceData).
    pub fn repository(
        impu: &str,
        service_indication: &[u8],
        sequence_number: u16,
        data: Option<&[u8]>,
    ) -> Self {
        let mut doc = ShData::default();
        doc.repository.push(RepositoryData {
            service_indication: service_indication.to_vec(),
            sequence_number,
            service_data: data.unwrap_or_default().to_vec(),
        });
        let mut xml = doc.render();
        if data.is_none() {
            // A deletion: the element without ServiceData.
            let text = String::from_utf8_lossy(&xml).replace("<ServiceData></ServiceData>", "");
            xml = text.into_bytes();
        }
        Self { impu: impu.into(), user_data: xml.into() }
    }
}

/// The PNR of the current value of Data-Reference `dref` (and `service_indication`) of
/// public identity `impu`, rendered from the store; `None` when no subscription has the
/// identity or this HSS does not hold that data.
pub(crate) fn push_notification(
    store: &Store,
    impu: &str,
    dref: u32,
    service_indication: &[u8],
) -> Option<PushNotification> {
    let key: SubscriberKey = store.ims_key_by_impu(impu).ok()?;
    let entry = store.ims_entry(key).ok()?;
    let index = entry.subscription().public_index(impu)?;
    let dref = DataReference(dref);
    if dref == DataReference::REPOSITORY_DATA {
        let current = store.repository_data(key, impu, service_indication).ok()?;
        return Some(match current {
            Some(r) => PushNotification::repository(
                impu,
                service_indication,
                r.sequence_number,
                Some(&r.service_data),
            ),
            None => PushNotification::repository(impu, service_indication, 0, None),
        });
    }
    let mut doc = ShData::default();
    doc.add(&entry, index, dref, Vec::new, None, &[IdentitySet::ALL_IDENTITIES]).then_some(())?;
    Some(PushNotification { impu: impu.into(), user_data: doc.render().into() })
}

impl RequestBody for PushNotification {
    fn kind(&self) -> OutboundKind {
        OutboundKind::PushNotification
    }

    fn encode(&self, head: &Head<'_>, out: &mut BytesMut) {
        let subject = ShSubject {
            user_identity: UserIdentity::PublicIdentity(&self.impu),
            wildcarded_public_identity: None,
            wildcarded_impu: None,
            user_name: None,
        };
        let body = PnrBody { subject, user_data: &self.user_data };
        pnr(out, head.ids, head.session_id, &head.origin, &head.destination, &body);
    }
}

/// Queues a PNR of the current value of each of `drefs` of each of `impus` (of subscription
/// `key`) to every AS subscribed to it at `now`: what another application (a SAR changing the
/// registration) calls after changing a user's data. Store errors skip the notification (the
/// change itself stands).
pub(crate) fn notify_subscribers(
    store: &Store,
    key: SubscriberKey,
    impus: &[&str],
    drefs: &[DataReference],
    now: std::time::SystemTime,
    outbound: &mut Vec<crate::outbound::Outbound>,
) {
    for impu in impus {
        for dref in drefs {
            let Ok(subscribers) = store.sh_subscribers(key, impu, dref.0, b"", now) else {
                continue;
            };
            if subscribers.is_empty() {
                continue;
            }
            let Some(body) = push_notification(store, impu, dref.0, b"") else { continue };
            for s in subscribers {
                let pnr = crate::outbound::Outbound::new(s.as_host, s.as_realm, body.clone());
                outbound.push(pnr.with_attempts(crate::outbound::MAX_ATTEMPTS));
            }
        }
    }
}
