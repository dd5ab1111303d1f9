//! Bulk import: many subscribers with their authentication data, checked one by one like
//! their single creates, written in one synced batch (one WAL sync for the lot).

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;

use super::subscriber::{
    EXTRA_MSISDNS_FIELD, check_apns, duplicate, index_changes, static_ip_field, static_ips,
};
use super::{Store, delete_serving_nodes};
use crate::backend::{Durability, WriteBatch};
use crate::error::{Entity, StoreError};
use crate::keys::{self, Kind};
use crate::model::{ApnId, AuthData, StoredAuth, Subscriber};

/// One subscriber of an import, with its keys if it has any yet.
#[derive(Debug, Clone)]
pub struct ImportItem {
    /// The profile, as for [`Store::create_subscriber`].
    pub subscriber: Subscriber,
    /// The authentication data, as for [`Store::create_auth`].
    pub auth: Option<AuthData>,
}

/// What an import checks an item against besides the store: the items before it.
#[derive(Default)]
struct Seen {
    imsis: HashSet<u64>,
    /// Every number of the items before: primary and extra.
    msisdns: HashSet<u64>,
    /// Every static address of the items before, with its APN profile.
    static_ips: HashSet<(ApnId, IpAddr)>,
    apn_names: HashMap<ApnId, Option<String>>,
}

impl Store {
    /// Imports `items`: each is checked as [`Self::create_subscriber`] and
    /// [`Self::create_auth`] would (and against the items before it); those that fail are
    /// skipped and the rest written in one synced batch. Returns one outcome per item.
    ///
    /// Errors: a backend failure, in which case nothing is written.
    pub fn import_subscribers(
        &self,
        items: &[ImportItem],
    ) -> Result<Vec<Result<(), StoreError>>, StoreError> {
        let _guard = self.lock_provisioning();
        let mut seen = Seen::default();
        // Profile, serving-node delete, MSISDN and APN index, keys and SQN mark: about 6 each.
        let mut batch = WriteBatch::with_capacity(items.len() * 6 + 3);
        let (mut subscribers, mut auths, mut ips) = (0i64, 0i64, 0i64);
        let mut outcomes = Vec::with_capacity(items.len());
        for item in items {
            let outcome = self.import_one(item, &mut seen, &mut batch);
            if let Ok(added) = outcome {
                subscribers += 1;
                auths += i64::from(item.auth.is_some());
                ips += added;
            }
            outcomes.push(outcome.map(|_| ()));
        }
        if subscribers > 0 {
            self.add_count(&mut batch, Kind::Subscriber, subscribers)?;
            self.add_count(&mut batch, Kind::Auth, auths)?;
            if ips != 0 {
                self.add_count(&mut batch, Kind::StaticIpIndex, ips)?;
            }
            self.commit(&batch, Durability::Synced)?;
            for (item, outcome) in items.iter().zip(&outcomes) {
                if outcome.is_ok() {
                    self.cache.invalidate(item.subscriber.imsi.packed());
                }
            }
        }
        Ok(outcomes)
    }

    /// Checks one item and adds its writes to `batch`; a failing item adds nothing. Returns
    /// the number of static address entries it adds.
    fn import_one(
        &self,
        item: &ImportItem,
        seen: &mut Seen,
        batch: &mut WriteBatch,
    ) -> Result<i64, StoreError> {
        let sub = &item.subscriber;
        sub.validate()?;
        if let Some(auth) = &item.auth {
            auth.validate()?;
        }
        let imsi = sub.imsi.packed();
        let key = keys::subscriber_key(imsi);
        if seen.imsis.contains(&imsi) || self.exists(Kind::Subscriber, &key)? {
            return Err(duplicate("imsi"));
        }
        if item.auth.is_some() && self.exists(Kind::Auth, &key)? {
            return Err(StoreError::Duplicate { entity: Entity::AuthData, field: "imsi" });
        }
        check_apns(sub, |id| {
            if let Some(name) = seen.apn_names.get(&id) {
                return Ok(name.clone());
            }
            let name = self.read_apn(id)?.map(|p| p.apn);
            seen.apn_names.insert(id, name.clone());
            Ok(name)
        })?;
        self.check_roaming_profile(sub, None)?;
        // Every number and address is checked before any is recorded as seen.
        for (n, m) in sub.options.all_msisdns(sub.msisdn).enumerate() {
            if seen.msisdns.contains(&m.packed()) || self.imsi_of(m)?.is_some() {
                let primary = n == 0 && sub.msisdn.is_some();
                return Err(duplicate(if primary { "msisdn" } else { EXTRA_MSISDNS_FIELD }));
            }
        }
        for (i, family, apn, address) in static_ips(sub) {
            if seen.static_ips.contains(&(apn, address))
                || self.static_ip_holder(apn, address)?.is_some()
            {
                return Err(duplicate(static_ip_field(i, family)));
            }
        }
        // The keys as stored (wrapped under the KEK, which may fail) before anything is written.
        let auth_value = (item.auth.as_ref())
            .map(|a| StoredAuth::new(&a.ki, &a.operator_key, a.amf).encode(&key, &self.keyring))
            .transpose()?;
        // A mark the IMSI's deleted keys left is kept (raised, never lowered); checked last,
        // as it may write, and before anything goes in the batch.
        let new_mark = match &item.auth {
            Some(auth) => !self.keep_mark(&key, auth.sqn)?,
            None => false,
        };
        seen.msisdns.extend(sub.options.all_msisdns(sub.msisdn).map(|m| m.packed()));
        seen.static_ips.extend(static_ips(sub).map(|(_, _, apn, address)| (apn, address)));
        seen.imsis.insert(imsi);
        batch.put(Kind::Subscriber, &key, sub.encode());
        delete_serving_nodes(batch, imsi);
        let ips = index_changes(batch, None, Some(sub));
        if let (Some(auth), Some(value)) = (&item.auth, auth_value) {
            batch.put(Kind::Auth, &key, value);
            if new_mark {
                batch.put(Kind::SqnReservation, &key, self.boot.record(auth.sqn));
            }
        }
        Ok(ips)
    }
}
