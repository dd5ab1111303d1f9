//! Shared EPS profiles: kept in the store and in an in-memory map (swapped whole on each
//! change) that cache fills apply. A change rebuilds, in memory, the cache entries of the
//! subscribers naming the profile instead of dropping them: their next request is served
//! warm with the new values, and their SQN state carries over (no cold fills, no burst of SQN
//! reservations after a change that touches many subscribers).

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use super::subscriber::check_apns_exist;
use super::{Page, Store};
use crate::backend::{Durability, Entries, WriteBatch};
use crate::cache::CachedSubscriber;
use crate::error::{Corrupt, Entity, StoreError};
use crate::keys::{self, Kind};
use crate::model::{ApnId, ApnProfile, EpsProfile, Imsi, Subscriber};
use crate::value;

/// Most EPS profiles the store holds.
pub const MAX_EPS_PROFILES: usize = 4096;

/// The `meta` key of the last profile id the store chose.
const ID_COUNTER: &[u8] = b"next/eps_profile";

/// The profiles by id, as cache fills apply them.
pub(crate) type EpsIndex = RwLock<Arc<HashMap<u32, EpsProfile>>>;

impl Store {
    /// `stored` as served: with its EPS profile applied when it names one (a profile that no
    /// longer exists applies nothing).
    pub(crate) fn effective(&self, stored: &Subscriber) -> Option<Subscriber> {
        let id = stored.options.eps_profile?;
        let index = self.eps.read().unwrap_or_else(PoisonError::into_inner).clone();
        index.get(&id).map(|p| p.apply(stored))
    }

    /// `stored` as the network is served it (its EPS profile applied, if it names one).
    pub fn served_subscriber(&self, stored: &Subscriber) -> Subscriber {
        self.effective(stored).unwrap_or_else(|| stored.clone())
    }

    /// Reads every profile into a new map and swaps it in.
    pub(crate) fn reload_eps(&self) -> Result<(), StoreError> {
        let mut entries = Entries::new();
        self.backend.scan(Kind::EpsProfile, &[], 0, MAX_EPS_PROFILES, &mut entries)?;
        let profiles = entries
            .iter()
            .map(|(_, v)| decode(v).map(|p| (p.id, p)))
            .collect::<Result<HashMap<_, _>, _>>()?;
        *self.eps.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(profiles);
        Ok(())
    }

    /// Creates a profile; returns its id (`profile.id`, or the next one when 0).
    ///
    /// Errors: [`StoreError::Invalid`] (a field, an APN profile or roaming profile that does
    /// not exist), [`StoreError::Duplicate`] for a taken id.
    pub fn create_eps_profile(&self, profile: &EpsProfile) -> Result<u32, StoreError> {
        profile.validate()?;
        let _guard = self.lock_provisioning();
        self.check_eps_references(profile)?;
        if self.count(Kind::EpsProfile)? >= MAX_EPS_PROFILES as u64 {
            return Err(StoreError::invalid("id", "the store holds 4096 EPS profiles at most"));
        }
        let mut batch = WriteBatch::new();
        let id = self.next_id(Kind::EpsProfile, ID_COUNTER, profile.id, &mut batch)?;
        if self.exists(Kind::EpsProfile, &keys::apn_key(id))? {
            return Err(StoreError::Duplicate { entity: Entity::EpsProfile, field: "id" });
        }
        let stored = EpsProfile { id, ..profile.clone() };
        batch.put(Kind::EpsProfile, &keys::apn_key(id), value::encode_json(&stored));
        self.add_count(&mut batch, Kind::EpsProfile, 1)?;
        self.commit(&batch, Durability::Synced)?;
        self.reload_eps()?;
        Ok(id)
    }

    /// The profile `id`.
    pub fn eps_profile(&self, id: u32) -> Result<EpsProfile, StoreError> {
        self.backend
            .get(Kind::EpsProfile, &keys::apn_key(id))?
            .map(|v| decode(&v))
            .transpose()?
            .ok_or(StoreError::NotFound(Entity::EpsProfile))
    }

    /// Replaces profile `id`, then rebuilds the cache entries of the subscribers naming it
    /// with the new values (in memory; the entries stay warm). Returns the profile before.
    pub fn replace_eps_profile(
        &self,
        id: u32,
        profile: &EpsProfile,
    ) -> Result<EpsProfile, StoreError> {
        profile.validate()?;
        let _guard = self.lock_provisioning();
        let old = self.eps_profile(id)?;
        self.check_eps_references(profile)?;
        let stored = EpsProfile { id, ..profile.clone() };
        let mut batch = WriteBatch::new();
        batch.put(Kind::EpsProfile, &keys::apn_key(id), value::encode_json(&stored));
        self.commit(&batch, Durability::Synced)?;
        self.reload_eps()?;
        self.rebuild_eps_entries(id)?;
        Ok(old)
    }

    /// Deletes profile `id`.
    ///
    /// Errors: [`StoreError::NotFound`], [`StoreError::InUse`] while a subscriber names it.
    pub fn delete_eps_profile(&self, id: u32) -> Result<(), StoreError> {
        let _guard = self.lock_provisioning();
        self.eps_profile(id)?;
        if !self.eps_profile_users(id, 0, 1)?.is_empty() {
            return Err(StoreError::InUse(Entity::EpsProfile));
        }
        let mut batch = WriteBatch::new();
        batch.delete(Kind::EpsProfile, &keys::apn_key(id));
        self.add_count(&mut batch, Kind::EpsProfile, -1)?;
        self.commit(&batch, Durability::Synced)?;
        self.reload_eps()
    }

    /// Page `page` of the profiles, by id.
    pub fn list_eps_profiles(
        &self,
        page: usize,
        page_size: usize,
    ) -> Result<Page<EpsProfile>, StoreError> {
        self.page(Kind::EpsProfile, page, page_size, |_, v| decode(v))
    }

    /// The subscribers naming EPS profile `id`, in IMSI order, skipping `skip`.
    pub fn eps_profile_users(
        &self,
        id: u32,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<Imsi>, StoreError> {
        let mut entries = Entries::new();
        self.backend.scan(Kind::EpsProfileIndex, &keys::apn_key(id), skip, limit, &mut entries)?;
        entries
            .iter()
            .map(|(k, _)| super::imsi_from_key(Kind::EpsProfileIndex, k.get(4..).unwrap_or(&[])))
            .collect()
    }

    /// Whether an EPS profile lists APN profile `id` (which then may not be deleted).
    pub(crate) fn eps_profiles_use_apn(&self, id: ApnId) -> bool {
        let index = self.eps.read().unwrap_or_else(PoisonError::into_inner).clone();
        index.values().any(|p| p.apns.contains(&id))
    }

    /// EPS profile `id` from memory (no I/O): for filling in a new subscriber's fields.
    pub fn eps_profile_cached(&self, id: u32) -> Option<EpsProfile> {
        self.eps.read().unwrap_or_else(PoisonError::into_inner).get(&id).cloned()
    }

    /// The EPS profile `id` exists (a subscriber may name it).
    pub(crate) fn eps_profile_exists(&self, id: u32) -> bool {
        self.eps.read().unwrap_or_else(PoisonError::into_inner).contains_key(&id)
    }

    /// Its APN profiles and roaming profile exist, and its default APN is not the wildcard.
    fn check_eps_references(&self, p: &EpsProfile) -> Result<(), StoreError> {
        check_apns_exist(&p.apns, p.default_apn, |id| Ok(self.read_apn(id)?.map(|a| a.apn)))?;
        match p.roaming_profile {
            Some(r) if !self.roaming_profile_exists(r) => Err(StoreError::invalid(
                "roaming_profile",
                "refers to a roaming profile that does not exist",
            )),
            _ => Ok(()),
        }
    }

    /// Rebuilds the cached entries naming profile `id` from their stored subscription, the
    /// profile now in memory and APN profiles read once each.
    fn rebuild_eps_entries(&self, id: u32) -> Result<(), StoreError> {
        let index = self.eps.read().unwrap_or_else(PoisonError::into_inner).clone();
        let Some(profile) = index.get(&id) else { return Ok(()) };
        // Every APN the rebuilt entries may need, read before the map is locked. Should a read
        // fail, the users' entries are dropped instead (their next request fills them from
        // the store): none may keep the old profile.
        let mut apns: HashMap<ApnId, ApnProfile> = HashMap::new();
        let mut unreadable = false;
        for &a in &profile.apns {
            match self.read_apn(a) {
                Ok(Some(p)) => {
                    apns.insert(a, p);
                }
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "APN profile not read; EPS profile users' entries dropped");
                    unreadable = true;
                }
            }
        }
        let rebuilt = self.cache.rebuild(|entry| {
            let stored = entry.stored();
            if stored.options.eps_profile != Some(id) {
                return None;
            }
            if unreadable {
                return Some(None);
            }
            Some(rebuilt_entry(entry, stored, profile, &apns))
        });
        tracing::info!(eps_profile = id, rebuilt, "EPS profile change applied to cached entries");
        Ok(())
    }
}

/// `entry` with `profile` applied again to its stored subscription, sharing its AuC part;
/// `None` when an APN profile it needs is in neither `apns` nor the entry.
fn rebuilt_entry(
    entry: &CachedSubscriber,
    stored: &Subscriber,
    profile: &EpsProfile,
    apns: &HashMap<ApnId, ApnProfile>,
) -> Option<CachedSubscriber> {
    let served = profile.apply(stored);
    let apn_profiles = served
        .apns
        .iter()
        .map(|a| {
            apns.get(&a.profile)
                .or_else(|| entry.apn_profiles().iter().find(|p| p.id == a.profile))
                .cloned()
        })
        .collect::<Option<Vec<ApnProfile>>>()?;
    Some(CachedSubscriber::with_auth(
        served,
        Some(Box::new(stored.clone())),
        apn_profiles,
        entry.shared_auth(),
    ))
}

fn decode(value: &[u8]) -> Result<EpsProfile, StoreError> {
    value::decode_json(Kind::EpsProfile, value, "EPS profile does not decode")
        .map_err(|e: Corrupt| super::corrupt(e))
}

/// A new, empty map (filled by [`Store::reload_eps`] when the store opens).
pub(crate) fn empty() -> EpsIndex {
    RwLock::new(Arc::new(HashMap::new()))
}
