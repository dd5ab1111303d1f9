//! Roaming profiles: kept in the store and, for the Diameter path, in an in-memory map that
//! every change rebuilds and swaps in whole (like the EIR's rules), so a roaming check reads
//! memory only and a profile change reaches every subscriber that names it at once, without
//! touching their cache entries.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use super::{Page, Store};
use crate::backend::{Durability, Entries, WriteBatch};
use crate::error::{Corrupt, Entity, StoreError};
use crate::keys::{self, Kind};
use crate::model::{RoamingProfile, RoamingRules, RoamingService};
use crate::value;

/// Most roaming profiles the store holds.
pub const MAX_ROAMING_PROFILES: usize = 4096;

/// The `meta` key of the last profile id the store chose.
const ID_COUNTER: &[u8] = b"next/roaming_profile";

/// The profiles by id, as roaming checks read them.
pub(crate) type RoamingIndex = RwLock<Arc<HashMap<u32, RoamingRules>>>;

impl Store {
    /// Whether roaming profile `id` allows `service` in the visited PLMN `visited`; `None`
    /// when there is no such profile.
    pub fn roaming_allows(
        &self,
        id: u32,
        visited: &[u8; 3],
        service: RoamingService,
    ) -> Option<bool> {
        self.roaming_allows_any(id, &[*visited], service)
    }

    /// [`Self::roaming_allows`] for a visited network that may be any of `candidates` (a
    /// domain name's MNC read two ways): the first candidate with a rule decides, else the
    /// profile's default. A hash lookup per candidate under a read lock; no allocation.
    pub fn roaming_allows_any(
        &self,
        id: u32,
        candidates: &[[u8; 3]],
        service: RoamingService,
    ) -> Option<bool> {
        let index = self.roaming.read().unwrap_or_else(PoisonError::into_inner);
        index.get(&id).map(|rules| rules.allows(candidates, service))
    }

    /// Reads every profile into a new map and swaps it in.
    pub(crate) fn reload_roaming(&self) -> Result<(), StoreError> {
        let mut entries = Entries::new();
        self.backend.scan(Kind::RoamingProfile, &[], 0, MAX_ROAMING_PROFILES, &mut entries)?;
        let profiles = entries
            .iter()
            .map(|(_, v)| decode(v).map(|p| (p.id, RoamingRules::of(&p))))
            .collect::<Result<HashMap<_, _>, _>>()?;
        *self.roaming.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(profiles);
        Ok(())
    }

    /// Creates a profile; returns its id (`profile.id`, or the next one when 0).
    pub fn create_roaming_profile(&self, profile: &RoamingProfile) -> Result<u32, StoreError> {
        profile.validate()?;
        let _guard = self.lock_provisioning();
        if self.count(Kind::RoamingProfile)? >= MAX_ROAMING_PROFILES as u64 {
            return Err(StoreError::invalid("id", "the store holds 4096 roaming profiles at most"));
        }
        let mut batch = WriteBatch::new();
        let id = self.next_id(Kind::RoamingProfile, ID_COUNTER, profile.id, &mut batch)?;
        if self.exists(Kind::RoamingProfile, &keys::apn_key(id))? {
            return Err(StoreError::Duplicate { entity: Entity::RoamingProfile, field: "id" });
        }
        let stored = RoamingProfile { id, ..profile.clone() };
        batch.put(Kind::RoamingProfile, &keys::apn_key(id), value::encode_json(&stored));
        self.add_count(&mut batch, Kind::RoamingProfile, 1)?;
        self.commit(&batch, Durability::Synced)?;
        self.reload_roaming()?;
        Ok(id)
    }

    /// The profile `id`.
    pub fn roaming_profile(&self, id: u32) -> Result<RoamingProfile, StoreError> {
        self.backend
            .get(Kind::RoamingProfile, &keys::apn_key(id))?
            .map(|v| decode(&v))
            .transpose()?
            .ok_or(StoreError::NotFound(Entity::RoamingProfile))
    }

    /// Whether profile `id` exists (a subscriber may name it).
    pub fn roaming_profile_exists(&self, id: u32) -> bool {
        self.roaming.read().unwrap_or_else(PoisonError::into_inner).contains_key(&id)
    }

    /// Replaces profile `id`.
    pub fn replace_roaming_profile(
        &self,
        id: u32,
        profile: &RoamingProfile,
    ) -> Result<(), StoreError> {
        profile.validate()?;
        let _guard = self.lock_provisioning();
        self.roaming_profile(id)?;
        let mut batch = WriteBatch::new();
        let stored = RoamingProfile { id, ..profile.clone() };
        batch.put(Kind::RoamingProfile, &keys::apn_key(id), value::encode_json(&stored));
        self.commit(&batch, Durability::Synced)?;
        self.reload_roaming()
    }

    /// Deletes profile `id`. Subscribers that still name it are refused roaming (data and
    /// IMS) until they name another: a missing profile never opens roaming.
    pub fn delete_roaming_profile(&self, id: u32) -> Result<(), StoreError> {
        let _guard = self.lock_provisioning();
        self.roaming_profile(id)?;
        let mut batch = WriteBatch::new();
        batch.delete(Kind::RoamingProfile, &keys::apn_key(id));
        self.add_count(&mut batch, Kind::RoamingProfile, -1)?;
        self.commit(&batch, Durability::Synced)?;
        self.reload_roaming()
    }

    /// Page `page` of the profiles, by id.
    pub fn list_roaming_profiles(
        &self,
        page: usize,
        page_size: usize,
    ) -> Result<Page<RoamingProfile>, StoreError> {
        self.page(Kind::RoamingProfile, page, page_size, |_, v| decode(v))
    }
}

fn decode(value: &[u8]) -> Result<RoamingProfile, StoreError> {
    value::decode_json(Kind::RoamingProfile, value, "roaming profile does not decode")
        .map_err(|e: Corrupt| super::corrupt(e))
}

/// A new, empty map (filled by [`Store::reload_roaming`] when the store opens).
pub(crate) fn empty() -> RoamingIndex {
    RwLock::new(Arc::new(HashMap::new()))
}
