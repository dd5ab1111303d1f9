//! Sh data (TS 29.328): repository data with its sequence-number rules, the permissions of
//! application servers, and subscriptions to notifications. All of it is read and written
//! off the shards (the Sh handlers run on the slow lane, the REST API on its own threads);
//! repository data and subscriptions are written synced.

use std::time::SystemTime;

use super::{Page, Store};
use crate::backend::{Durability, Entries, Update, WriteBatch};
use crate::error::{Corrupt, Entity, StoreError};
use crate::keys::{self, Kind};
use crate::model::{
    AsPermissions, RepositoryData, ShSubscription, SubscriberKey, uri_key, validate_repository,
};

/// Most subscriptions one piece of data keeps; more SNRs are refused.
pub const MAX_SUBSCRIPTIONS_PER_DATA: usize = 256;

/// What a repository-data update did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepositoryChange {
    Created,
    Updated,
    Deleted,
}

impl Store {
    /// The repository data of `impu` (of subscription `key`) for `service_indication`.
    pub fn repository_data(
        &self,
        key: SubscriberKey,
        impu: &str,
        service_indication: &[u8],
    ) -> Result<Option<RepositoryData>, StoreError> {
        let k = keys::repository_key(key.get(), &uri_key(impu), service_indication);
        self.backend
            .get(Kind::RepositoryData, &k)?
            .map(|v| RepositoryData::decode_value(service_indication, &v).map_err(super::corrupt))
            .transpose()
    }

    /// Every piece of repository data of `impu`, by Service-Indication.
    pub fn repository_data_all(
        &self,
        key: SubscriberKey,
        impu: &str,
    ) -> Result<Vec<RepositoryData>, StoreError> {
        let prefix = keys::sh_identity_prefix(key.get(), &uri_key(impu));
        let mut entries = Entries::new();
        self.backend.scan(Kind::RepositoryData, &prefix, 0, usize::MAX, &mut entries)?;
        entries
            .iter()
            .map(|(k, v)| {
                let si = k.get(prefix.len()..).unwrap_or_default();
                RepositoryData::decode_value(si, v).map_err(super::corrupt)
            })
            .collect()
    }

    /// Creates, updates or deletes (`data` `None`) repository data with the rules of TS
    /// 29.328 §6.1.2.1: a new piece carries sequence number 0, an update or deletion the
    /// stored one plus one (65535 wraps to 1).
    ///
    /// Errors: [`StoreError::SequenceOutOfSync`] for any other number (or deleting what does
    /// not exist), [`StoreError::Invalid`] for sizes.
    pub fn update_repository_data(
        &self,
        key: SubscriberKey,
        impu: &str,
        service_indication: &[u8],
        sequence_number: u16,
        data: Option<&[u8]>,
    ) -> Result<RepositoryChange, StoreError> {
        validate_repository(service_indication, data.unwrap_or_default())?;
        let k = keys::repository_key(key.get(), &uri_key(impu), service_indication);
        let mut change = RepositoryChange::Created;
        self.backend.update(Kind::RepositoryData, &k, Durability::Synced, &mut |current| {
            let stored = current
                .map(|v| RepositoryData::decode_value(service_indication, v))
                .transpose()
                .map_err(super::corrupt)?;
            match (stored, data) {
                (None, Some(d)) if sequence_number == 0 => {
                    change = RepositoryChange::Created;
                    Ok(Update::Put(RepositoryData::encode_value(0, d)))
                }
                (Some(old), d)
                    if sequence_number == RepositoryData::next_sequence(old.sequence_number) =>
                {
                    match d {
                        Some(d) => {
                            change = RepositoryChange::Updated;
                            Ok(Update::Put(RepositoryData::encode_value(sequence_number, d)))
                        }
                        None => {
                            change = RepositoryChange::Deleted;
                            Ok(Update::Delete)
                        }
                    }
                }
                _ => Err(StoreError::SequenceOutOfSync),
            }
        })?;
        Ok(change)
    }

    /// The permissions of the AS `host` in `realm`: its own entry, else its realm's.
    pub fn as_permissions_of(
        &self,
        host: &str,
        realm: &str,
    ) -> Result<Option<AsPermissions>, StoreError> {
        match self.as_permissions(host)? {
            Some(p) => Ok(Some(p)),
            None => self.as_permissions(realm),
        }
    }

    /// The permission entry `name`.
    pub fn as_permissions(&self, name: &str) -> Result<Option<AsPermissions>, StoreError> {
        let k = AsPermissions::key(name);
        self.backend
            .get(Kind::AsPermission, k.as_bytes())?
            .map(|v| AsPermissions::decode(&v).map_err(super::corrupt))
            .transpose()
    }

    /// Creates or replaces a permission entry; returns whether it was created.
    pub fn put_as_permissions(&self, permissions: &AsPermissions) -> Result<bool, StoreError> {
        permissions.validate()?;
        let _guard = self.lock_provisioning();
        let k = AsPermissions::key(&permissions.name);
        let created = !self.exists(Kind::AsPermission, k.as_bytes())?;
        let mut batch = WriteBatch::new();
        batch.put(Kind::AsPermission, k.as_bytes(), permissions.encode());
        if created {
            self.add_count(&mut batch, Kind::AsPermission, 1)?;
        }
        self.commit(&batch, Durability::Synced)?;
        Ok(created)
    }

    /// Deletes a permission entry. Errors: [`StoreError::NotFound`].
    pub fn delete_as_permissions(&self, name: &str) -> Result<(), StoreError> {
        let _guard = self.lock_provisioning();
        let k = AsPermissions::key(name);
        if !self.exists(Kind::AsPermission, k.as_bytes())? {
            return Err(StoreError::NotFound(Entity::AsPermission));
        }
        let mut batch = WriteBatch::new();
        batch.delete(Kind::AsPermission, k.as_bytes());
        self.add_count(&mut batch, Kind::AsPermission, -1)?;
        self.commit(&batch, Durability::Synced)?;
        Ok(())
    }

    /// Page `page` of the permission entries, by name.
    pub fn list_as_permissions(
        &self,
        page: usize,
        page_size: usize,
    ) -> Result<Page<AsPermissions>, StoreError> {
        self.page(Kind::AsPermission, page, page_size, |_, v| {
            AsPermissions::decode(v).map_err(super::corrupt)
        })
    }

    /// Records (or renews) `subscription` of subscription `key`.
    ///
    /// Errors: [`StoreError::Invalid`] when the piece of data already has
    /// [`MAX_SUBSCRIPTIONS_PER_DATA`] subscribers.
    pub fn sh_subscribe(
        &self,
        key: SubscriberKey,
        subscription: &ShSubscription,
    ) -> Result<(), StoreError> {
        let prefix = subscription_prefix(key, subscription);
        let k = [prefix.as_slice(), AsPermissions::key(&subscription.as_host).as_bytes()].concat();
        if !self.exists(Kind::ShSubscription, &k)? {
            let mut entries = Entries::new();
            let max = MAX_SUBSCRIPTIONS_PER_DATA;
            self.backend.scan(Kind::ShSubscription, &prefix, 0, max, &mut entries)?;
            if entries.len() >= max {
                return Err(StoreError::invalid("subscriptions", "too many for this data"));
            }
        }
        let mut batch = WriteBatch::new();
        batch.put(Kind::ShSubscription, &k, subscription.encode_value());
        self.commit(&batch, Durability::Synced)?;
        // The cached subscription learns it is watched when it is loaded again.
        self.ims_cache.invalidate_entries(&[key]);
        Ok(())
    }

    /// Whether any Sh subscription exists for subscription `key` (one short scan).
    pub(crate) fn sh_watched(&self, key: SubscriberKey) -> Result<bool, StoreError> {
        let mut entries = Entries::new();
        self.backend.scan(Kind::ShSubscription, &key.get().to_be_bytes(), 0, 1, &mut entries)?;
        Ok(!entries.is_empty())
    }

    /// Removes the subscription of AS `as_host` to one piece of data; false when it had none.
    pub fn sh_unsubscribe(
        &self,
        key: SubscriberKey,
        impu: &str,
        data_reference: u32,
        service_indication: &[u8],
        as_host: &str,
    ) -> Result<bool, StoreError> {
        let prefix = keys::sh_subscription_prefix(
            key.get(),
            &uri_key(impu),
            data_reference,
            service_indication,
        );
        let k = [prefix.as_slice(), AsPermissions::key(as_host).as_bytes()].concat();
        if !self.exists(Kind::ShSubscription, &k)? {
            return Ok(false);
        }
        let mut batch = WriteBatch::new();
        batch.delete(Kind::ShSubscription, &k);
        self.commit(&batch, Durability::Synced)?;
        Ok(true)
    }

    /// The subscriptions to one piece of data that have not lapsed at `now`; lapsed ones are
    /// removed.
    pub fn sh_subscribers(
        &self,
        key: SubscriberKey,
        impu: &str,
        data_reference: u32,
        service_indication: &[u8],
        now: SystemTime,
    ) -> Result<Vec<ShSubscription>, StoreError> {
        let impu_key = uri_key(impu);
        let prefix =
            keys::sh_subscription_prefix(key.get(), &impu_key, data_reference, service_indication);
        let mut entries = Entries::new();
        let max = MAX_SUBSCRIPTIONS_PER_DATA;
        self.backend.scan(Kind::ShSubscription, &prefix, 0, max, &mut entries)?;
        let mut live = Vec::with_capacity(entries.len());
        let mut lapsed = WriteBatch::new();
        for (k, v) in entries.iter() {
            let host =
                std::str::from_utf8(k.get(prefix.len()..).unwrap_or_default()).map_err(|_| {
                    StoreError::Corrupt(Corrupt {
                        kind: Kind::ShSubscription,
                        reason: "bad AS host",
                    })
                })?;
            let s = ShSubscription::decode_value(
                impu_key.clone(),
                data_reference,
                service_indication.to_vec(),
                host.to_owned(),
                v,
            )
            .map_err(super::corrupt)?;
            if s.expired(now) {
                lapsed.delete(Kind::ShSubscription, k);
            } else {
                live.push(s);
            }
        }
        if !lapsed.is_empty() {
            self.commit(&lapsed, Durability::Buffered)?;
        }
        Ok(live)
    }
}

fn subscription_prefix(key: SubscriberKey, s: &ShSubscription) -> Vec<u8> {
    keys::sh_subscription_prefix(
        key.get(),
        &uri_key(&s.impu),
        s.data_reference,
        &s.service_indication,
    )
}
