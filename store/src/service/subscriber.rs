//! Provisioning of subscriber profiles, with their MSISDN and APN indexes.
//!
//! Every write is one synced batch holding the profile and its index entries (and the
//! entity count), so the indexes never disagree with the profiles; then the cache entry is
//! dropped. Provisioning runs on control-plane threads, never on a shard.

use super::{Page, Store, delete_serving_nodes, imsi_from_key};
use crate::backend::{Durability, WriteBatch};
use crate::error::{Corrupt, Entity, StoreError};
use crate::keys::{self, Kind};
use crate::model::{ApnId, Imsi, Msisdn, NodeKind, Subscriber, SubscriberRecord};
use crate::value;

impl Store {
    /// Creates a subscriber.
    ///
    /// Errors: [`StoreError::Invalid`] (a field, or `apns` naming an APN profile that does not
    /// exist), [`StoreError::Duplicate`] for an existing IMSI or an MSISDN already in use.
    pub fn create_subscriber(&self, subscriber: &Subscriber) -> Result<(), StoreError> {
        subscriber.validate()?;
        let _guard = self.lock_provisioning();
        let imsi = subscriber.imsi;
        let key = keys::subscriber_key(imsi.packed());
        if self.exists(Kind::Subscriber, &key)? {
            return Err(duplicate("imsi"));
        }
        self.check_references(subscriber, None)?;
        let mut batch = WriteBatch::new();
        batch.put(Kind::Subscriber, &key, subscriber.encode());
        // A serving node left by a ULR that raced with an earlier delete is not this
        // subscriber's.
        delete_serving_nodes(&mut batch, imsi.packed());
        index_changes(&mut batch, None, Some(subscriber));
        self.add_count(&mut batch, Kind::Subscriber, 1)?;
        self.backend.write(&batch, Durability::Synced)?;
        self.cache.invalidate(imsi.packed());
        Ok(())
    }

    /// The subscriber's profile and serving MME.
    ///
    /// Errors: [`StoreError::NotFound`].
    pub fn subscriber(&self, imsi: Imsi) -> Result<SubscriberRecord, StoreError> {
        let subscriber =
            self.read_subscriber(imsi)?.ok_or(StoreError::NotFound(Entity::Subscriber))?;
        Ok(SubscriberRecord {
            subscriber,
            serving_mme: self.serving_node(imsi.key(), NodeKind::Mme)?,
        })
    }

    /// The subscriber with this MSISDN.
    pub fn subscriber_by_msisdn(&self, msisdn: Msisdn) -> Result<SubscriberRecord, StoreError> {
        let imsi = self.imsi_of(msisdn)?.ok_or(StoreError::NotFound(Entity::Subscriber))?;
        self.subscriber(imsi)
    }

    /// The IMSI the MSISDN index maps `msisdn` to.
    pub fn imsi_of(&self, msisdn: Msisdn) -> Result<Option<Imsi>, StoreError> {
        let Some(v) = self.backend.get(Kind::MsisdnIndex, &keys::msisdn_key(msisdn.packed()))?
        else {
            return Ok(None);
        };
        let packed = value::decode_u64(Kind::MsisdnIndex, &v)?;
        let imsi = Imsi::from_packed(packed)
            .ok_or(StoreError::Corrupt(Corrupt { kind: Kind::MsisdnIndex, reason: "bad IMSI" }))?;
        Ok(Some(imsi))
    }

    /// Page `page` (from 0) of `page_size` subscribers in IMSI order, and the total.
    pub fn list_subscribers(
        &self,
        page: usize,
        page_size: usize,
    ) -> Result<Page<SubscriberRecord>, StoreError> {
        self.page(Kind::Subscriber, page, page_size, |key, value| {
            let imsi = imsi_from_key(Kind::Subscriber, key)?;
            let subscriber = Subscriber::decode(imsi, value).map_err(super::corrupt)?;
            Ok(SubscriberRecord {
                subscriber,
                serving_mme: self.serving_node(imsi.key(), NodeKind::Mme)?,
            })
        })
    }

    /// The subscribers that use APN profile `id`, in IMSI order, skipping `skip` (for IDR
    /// fan-out after a profile change).
    pub fn apn_profile_users(
        &self,
        id: ApnId,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<Imsi>, StoreError> {
        let mut entries = Vec::new();
        self.backend.scan(Kind::ApnIndex, &keys::apn_key(id.get()), skip, limit, &mut entries)?;
        entries
            .iter()
            .map(|(k, _)| imsi_from_key(Kind::ApnIndex, k.get(4..).unwrap_or(&[])))
            .collect()
    }

    /// Replaces a subscriber's profile (the serving MME is not part of it).
    ///
    /// Errors: [`StoreError::NotFound`], and those of [`Self::create_subscriber`].
    pub fn update_subscriber(&self, subscriber: &Subscriber) -> Result<(), StoreError> {
        subscriber.validate()?;
        let _guard = self.lock_provisioning();
        let old = self
            .read_subscriber(subscriber.imsi)?
            .ok_or(StoreError::NotFound(Entity::Subscriber))?;
        self.replace_subscriber(&old, subscriber)
    }

    /// Reads the profile, lets `change` edit it and writes it back, all under the
    /// provisioning lock, so concurrent partial updates (REST `PATCH`) never lose each
    /// other's fields. The IMSI cannot change. Returns the profile written.
    ///
    /// Errors: those of `change`, [`StoreError::NotFound`], and those of
    /// [`Self::update_subscriber`].
    pub fn modify_subscriber(
        &self,
        imsi: Imsi,
        change: impl FnOnce(&mut Subscriber) -> Result<(), StoreError>,
    ) -> Result<Subscriber, StoreError> {
        let _guard = self.lock_provisioning();
        let old = self.read_subscriber(imsi)?.ok_or(StoreError::NotFound(Entity::Subscriber))?;
        let mut new = old.clone();
        change(&mut new)?;
        new.imsi = imsi;
        new.validate()?;
        self.replace_subscriber(&old, &new)?;
        Ok(new)
    }

    /// Writes `new` over `old` with its index changes. The caller holds the lock.
    fn replace_subscriber(&self, old: &Subscriber, new: &Subscriber) -> Result<(), StoreError> {
        self.check_references(new, Some(old))?;
        let mut batch = WriteBatch::new();
        batch.put(Kind::Subscriber, &keys::subscriber_key(new.imsi.packed()), new.encode());
        index_changes(&mut batch, Some(old), Some(new));
        self.backend.write(&batch, Durability::Synced)?;
        self.cache.invalidate(new.imsi.packed());
        Ok(())
    }

    /// Deletes a subscriber with everything kept under its IMSI: indexes, serving nodes,
    /// authentication data and SQN state.
    ///
    /// Errors: [`StoreError::NotFound`].
    pub fn delete_subscriber(&self, imsi: Imsi) -> Result<(), StoreError> {
        let _guard = self.lock_provisioning();
        let key = keys::subscriber_key(imsi.packed());
        let old = self.read_subscriber(imsi)?.ok_or(StoreError::NotFound(Entity::Subscriber))?;
        // Its IMS subscription authenticates with its USIM: that goes first.
        if self.exists(Kind::ImsSubscription, &key)? {
            return Err(StoreError::InUse(Entity::Subscriber));
        }
        let mut batch = WriteBatch::new();
        batch.delete(Kind::Subscriber, &key);
        index_changes(&mut batch, Some(&old), None);
        delete_serving_nodes(&mut batch, imsi.packed());
        if self.exists(Kind::Auth, &key)? {
            batch.delete(Kind::Auth, &key).delete(Kind::SqnReservation, &key);
            self.add_count(&mut batch, Kind::Auth, -1)?;
        }
        self.add_count(&mut batch, Kind::Subscriber, -1)?;
        self.backend.write(&batch, Durability::Synced)?;
        self.cache.invalidate(imsi.packed());
        Ok(())
    }

    /// Every APN profile exists and names a different APN, the default is not the wildcard
    /// APN (TS 29.272 §7.3.35), and the MSISDN is free or already this subscriber's.
    fn check_references(
        &self,
        new: &Subscriber,
        old: Option<&Subscriber>,
    ) -> Result<(), StoreError> {
        check_apns(new, |id| Ok(self.read_apn(id)?.map(|p| p.apn)))?;
        match new.msisdn {
            Some(m) if old.and_then(|o| o.msisdn) != Some(m) => {
                if self.imsi_of(m)?.is_some_and(|owner| owner != new.imsi) {
                    return Err(duplicate("msisdn"));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

/// The APN rules of [`Store::check_references`], with `apn_name` looking a profile's APN up.
pub(super) fn check_apns(
    new: &Subscriber,
    mut apn_name: impl FnMut(ApnId) -> Result<Option<String>, StoreError>,
) -> Result<(), StoreError> {
    let mut names: Vec<String> = Vec::with_capacity(new.apns.len());
    for a in &new.apns {
        let Some(name) = apn_name(a.profile)? else {
            return Err(StoreError::invalid(
                "apns",
                "refers to an APN profile that does not exist",
            ));
        };
        if names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            return Err(StoreError::invalid("apns", "lists two profiles of the same APN"));
        }
        if a.profile == new.default_apn && name == "*" {
            return Err(StoreError::invalid("default_apn", "must not be the wildcard APN"));
        }
        names.push(name);
    }
    Ok(())
}

pub(super) fn duplicate(field: &'static str) -> StoreError {
    StoreError::Duplicate { entity: Entity::Subscriber, field }
}

/// The index entries to delete (those of `old`) and to put (those of `new`). Deletes come
/// first, so an entry both had is deleted and then put back.
pub(super) fn index_changes(
    batch: &mut WriteBatch,
    old: Option<&Subscriber>,
    new: Option<&Subscriber>,
) {
    if let Some(old) = old {
        if let Some(m) = old.msisdn {
            batch.delete(Kind::MsisdnIndex, &keys::msisdn_key(m.packed()));
        }
        for a in &old.apns {
            batch.delete(Kind::ApnIndex, &keys::apn_index_key(a.profile.get(), old.imsi.packed()));
        }
    }
    if let Some(new) = new {
        if let Some(m) = new.msisdn {
            let imsi = value::encode_u64(new.imsi.packed());
            batch.put(Kind::MsisdnIndex, &keys::msisdn_key(m.packed()), imsi);
        }
        for a in &new.apns {
            let key = keys::apn_index_key(a.profile.get(), new.imsi.packed());
            batch.put(Kind::ApnIndex, &key, value::encode_marker());
        }
    }
}
