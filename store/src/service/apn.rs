//! Provisioning of APN profiles. A change replaces the one shared copy of the profile in the
//! cache, which every cached subscriber using it reads on its next lookup; a profile in use
//! cannot be deleted.

use super::{Page, Store};
use crate::backend::{Durability, WriteBatch};
use crate::error::{Corrupt, Entity, StoreError};
use crate::keys::{self, Kind};
use crate::model::{ApnId, ApnProfile};

impl Store {
    /// Creates an APN profile under its id.
    ///
    /// Errors: [`StoreError::Invalid`], [`StoreError::Duplicate`] if the id exists.
    pub fn create_apn_profile(&self, profile: &ApnProfile) -> Result<(), StoreError> {
        profile.validate()?;
        let _guard = self.lock_provisioning();
        let key = keys::apn_key(profile.id.get());
        if self.exists(Kind::ApnProfile, &key)? {
            return Err(StoreError::Duplicate { entity: Entity::ApnProfile, field: "id" });
        }
        let mut batch = WriteBatch::new();
        batch.put(Kind::ApnProfile, &key, profile.encode());
        self.add_count(&mut batch, Kind::ApnProfile, 1)?;
        self.commit(&batch, Durability::Synced)?;
        Ok(())
    }

    /// An APN profile.
    ///
    /// Errors: [`StoreError::NotFound`].
    pub fn apn_profile(&self, id: ApnId) -> Result<ApnProfile, StoreError> {
        self.read_apn(id)?.ok_or(StoreError::NotFound(Entity::ApnProfile))
    }

    /// Page `page` (from 0) of `page_size` APN profiles in id order, and the total.
    pub fn list_apn_profiles(
        &self,
        page: usize,
        page_size: usize,
    ) -> Result<Page<ApnProfile>, StoreError> {
        self.page(Kind::ApnProfile, page, page_size, |key, value| {
            let id = keys::u32_from_key(key)
                .and_then(|id| ApnId::new(id).ok())
                .ok_or(Corrupt { kind: Kind::ApnProfile, reason: "bad APN id key" })?;
            ApnProfile::decode(id, value).map_err(super::corrupt)
        })
    }

    /// Replaces an APN profile.
    ///
    /// Errors: [`StoreError::NotFound`], [`StoreError::Invalid`].
    pub fn update_apn_profile(&self, profile: &ApnProfile) -> Result<(), StoreError> {
        profile.validate()?;
        let _guard = self.lock_provisioning();
        if !self.exists(Kind::ApnProfile, &keys::apn_key(profile.id.get()))? {
            return Err(StoreError::NotFound(Entity::ApnProfile));
        }
        self.write_apn_profile(profile)
    }

    /// Reads the profile, lets `change` edit it and writes it back under the provisioning
    /// lock (REST `PATCH`). The id cannot change. Returns the profile written.
    ///
    /// Errors: those of `change`, [`StoreError::NotFound`], [`StoreError::Invalid`].
    pub fn modify_apn_profile(
        &self,
        id: ApnId,
        change: impl FnOnce(&mut ApnProfile) -> Result<(), StoreError>,
    ) -> Result<ApnProfile, StoreError> {
        let _guard = self.lock_provisioning();
        let mut profile = self.read_apn(id)?.ok_or(StoreError::NotFound(Entity::ApnProfile))?;
        change(&mut profile)?;
        profile.id = id;
        profile.validate()?;
        self.write_apn_profile(&profile)?;
        Ok(profile)
    }

    /// Lowest id not in use (REST creates without an id).
    ///
    /// Errors: [`StoreError::Invalid`] on `id` when all 2^32 - 1 are taken.
    pub fn free_apn_id(&self) -> Result<ApnId, StoreError> {
        let _guard = self.lock_provisioning();
        let mut expected = 1u32;
        for page in 0.. {
            let p = self.list_apn_profiles(page, super::MAX_PAGE_SIZE)?;
            for profile in &p.items {
                if profile.id.get() != expected {
                    return Ok(ApnId::new(expected)?);
                }
                expected = expected.wrapping_add(1);
            }
            if p.items.len() < super::MAX_PAGE_SIZE {
                break;
            }
        }
        // Wraps to 0 only when every id is taken, which ApnId refuses ("id").
        Ok(ApnId::new(expected)?)
    }

    /// Writes the profile and replaces the cache's shared copy of it (so a change to a profile
    /// with millions of users costs one table entry, and does not send them to the slow lane;
    /// each entry takes the new profile from memory on its next lookup, its SQN block carried
    /// over). The caller holds the lock and checked that it exists.
    fn write_apn_profile(&self, profile: &ApnProfile) -> Result<(), StoreError> {
        let key = keys::apn_key(profile.id.get());
        let mut batch = WriteBatch::new();
        batch.put(Kind::ApnProfile, &key, profile.encode());
        self.commit(&batch, Durability::Synced)?;
        self.cache.update_apn(profile);
        Ok(())
    }

    /// Deletes an APN profile no subscriber uses.
    ///
    /// Errors: [`StoreError::NotFound`], [`StoreError::InUse`].
    pub fn delete_apn_profile(&self, id: ApnId) -> Result<(), StoreError> {
        let _guard = self.lock_provisioning();
        let key = keys::apn_key(id.get());
        if !self.exists(Kind::ApnProfile, &key)? {
            return Err(StoreError::NotFound(Entity::ApnProfile));
        }
        if !self.apn_profile_users(id, 0, 1)?.is_empty() || self.eps_profiles_use_apn(id) {
            return Err(StoreError::InUse(Entity::ApnProfile));
        }
        let mut batch = WriteBatch::new();
        batch.delete(Kind::ApnProfile, &key);
        self.add_count(&mut batch, Kind::ApnProfile, -1)?;
        self.commit(&batch, Durability::Synced)?;
        self.cache.invalidate_apn(id);
        Ok(())
    }
}
