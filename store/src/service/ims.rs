//! IMS subscriptions and iFC sets: provisioning (one synced batch per write, with the IMPI,
//! IMPU and iFC-set indexes and the count, under the provisioning lock), and what the Cx and
//! Sh handlers read (identities resolved to subscriber keys, subscriptions from the cache) and
//! write (the S-CSCF registration, unsynced like the MME's).

use std::sync::Arc;

use super::{Page, Store};
use crate::backend::{Durability, Entries, WriteBatch};
use crate::error::{Corrupt, Entity, InvalidField, StoreError};
use crate::ims_cache::CachedIms;
use crate::keys::{self, Kind};
use crate::model::{
    Ifc, IfcSet, ImsRegistration, ImsSubscription, MAX_IFCS, SubscriberKey, uri_key,
};
use crate::template::UserDataTemplate;
use crate::value;

/// An IMS subscription as the provisioning API reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImsRecord {
    pub key: SubscriberKey,
    pub subscription: ImsSubscription,
    pub registration: ImsRegistration,
}

impl Store {
    /// Creates an IMS subscription; returns its subscriber key (the linked IMSI's, or a new
    /// number for a subscription without one).
    ///
    /// Errors: [`StoreError::Invalid`] (a field; `imsi` naming no subscriber; an iFC set that
    /// does not exist; priorities repeated across a profile's sets), [`StoreError::Duplicate`]
    /// for an IMSI that already has one, or an IMPI or IMPU in use.
    pub fn create_ims_subscription(
        &self,
        subscription: &ImsSubscription,
    ) -> Result<SubscriberKey, StoreError> {
        subscription.validate()?;
        let _guard = self.lock_provisioning();
        let mut batch = WriteBatch::new();
        let key = match subscription.linked_imsi() {
            Some(imsi) => {
                if !self.exists(Kind::Subscriber, &keys::subscriber_key(imsi.packed()))? {
                    return Err(StoreError::invalid("imsi", "no subscriber has this IMSI"));
                }
                if self.exists(Kind::ImsSubscription, &keys::subscriber_key(imsi.packed()))? {
                    return Err(duplicate("imsi"));
                }
                imsi.key()
            }
            None => self.next_standalone_key(&mut batch)?,
        };
        self.check_ims_references(key, subscription)?;
        let k = keys::subscriber_key(key.get());
        batch.put(Kind::ImsSubscription, &k, subscription.encode());
        batch.delete(Kind::ImsRegistration, &k);
        ims_index_changes(&mut batch, key, None, Some(subscription));
        self.add_count(&mut batch, Kind::ImsSubscription, 1)?;
        self.commit(&batch, Durability::Synced)?;
        self.ims_cache.invalidate(key, identities(subscription).iter().map(String::as_str));
        Ok(key)
    }

    /// Creates many IMS subscriptions in one synced write (bulk import): each is checked as
    /// [`Self::create_ims_subscription`] checks it, against the store and the items before
    /// it; an item that fails is left out and the rest are written. Returns one result per
    /// item.
    pub fn import_ims_subscriptions(
        &self,
        items: &[ImsSubscription],
    ) -> Result<Vec<Result<SubscriberKey, StoreError>>, StoreError> {
        let _guard = self.lock_provisioning();
        let mut batch = WriteBatch::with_capacity(items.len() * 6 + 2);
        let mut seen_keys = std::collections::HashSet::new();
        let mut seen_ids = std::collections::HashSet::new();
        let mut next_standalone = self.meta_u64(keys::STANDALONE_KEY_COUNTER)?;
        let mut results = Vec::with_capacity(items.len());
        let mut created = 0i64;
        for sub in items {
            let result = (|| {
                sub.validate()?;
                let key = match sub.linked_imsi() {
                    Some(imsi) => {
                        let k = keys::subscriber_key(imsi.packed());
                        if !self.exists(Kind::Subscriber, &k)? {
                            return Err(StoreError::invalid("imsi", "no subscriber has this IMSI"));
                        }
                        if seen_keys.contains(&imsi.key())
                            || self.exists(Kind::ImsSubscription, &k)?
                        {
                            return Err(duplicate("imsi"));
                        }
                        imsi.key()
                    }
                    None => {
                        if next_standalone + 1 >= 1 << 60 {
                            return Err(StoreError::invalid("imsi", "no subscriber key left"));
                        }
                        SubscriberKey::standalone(next_standalone + 1)
                    }
                };
                let ids = identities(sub);
                if ids.iter().any(|id| seen_ids.contains(id)) {
                    return Err(duplicate("public_identities[].impu"));
                }
                self.check_ims_references(key, sub)?;
                Ok((key, ids))
            })();
            results.push(match result {
                Ok((key, ids)) => {
                    if key.imsi().is_none() {
                        next_standalone += 1;
                    }
                    seen_keys.insert(key);
                    seen_ids.extend(ids);
                    let k = keys::subscriber_key(key.get());
                    batch.put(Kind::ImsSubscription, &k, sub.encode());
                    batch.delete(Kind::ImsRegistration, &k);
                    ims_index_changes(&mut batch, key, None, Some(sub));
                    created += 1;
                    Ok(key)
                }
                Err(e) => Err(e),
            });
        }
        if created > 0 {
            batch.put(Kind::Meta, keys::STANDALONE_KEY_COUNTER, value::encode_u64(next_standalone));
            self.add_count(&mut batch, Kind::ImsSubscription, created)?;
            self.commit(&batch, Durability::Synced)?;
            self.ims_cache.clear();
        }
        Ok(results)
    }

    /// The IMS subscription one of whose private identities is `impi`.
    ///
    /// Errors: [`StoreError::NotFound`].
    pub fn ims_subscription(&self, impi: &str) -> Result<ImsRecord, StoreError> {
        let key = self.index_read(Kind::ImpiIndex, impi)?;
        self.ims_record(key.ok_or(StoreError::NotFound(Entity::ImsSubscription))?)
    }

    /// The IMS subscription one of whose public identities is `impu`.
    pub fn ims_subscription_by_impu(&self, impu: &str) -> Result<ImsRecord, StoreError> {
        let key = self.index_read(Kind::ImpuIndex, &uri_key(impu))?;
        self.ims_record(key.ok_or(StoreError::NotFound(Entity::ImsSubscription))?)
    }

    /// The IMS subscription of subscriber `key`.
    pub fn ims_record(&self, key: SubscriberKey) -> Result<ImsRecord, StoreError> {
        let subscription =
            self.read_ims(key)?.ok_or(StoreError::NotFound(Entity::ImsSubscription))?;
        Ok(ImsRecord { key, subscription, registration: self.read_registration(key)? })
    }

    /// Replaces the subscription of `impi` with `new` (its IMSI link cannot change); returns
    /// what it was. The registration stays.
    pub fn replace_ims_subscription(
        &self,
        impi: &str,
        new: &ImsSubscription,
    ) -> Result<ImsRecord, StoreError> {
        new.validate()?;
        let _guard = self.lock_provisioning();
        let old = self.ims_subscription(impi)?;
        if new.linked_imsi() != old.subscription.linked_imsi() {
            return Err(StoreError::invalid("imsi", "cannot change; delete and create again"));
        }
        self.check_ims_references(old.key, new)?;
        let mut batch = WriteBatch::new();
        batch.put(Kind::ImsSubscription, &keys::subscriber_key(old.key.get()), new.encode());
        ims_index_changes(&mut batch, old.key, Some(&old.subscription), Some(new));
        self.commit(&batch, Durability::Synced)?;
        let mut ids = identities(&old.subscription);
        ids.extend(identities(new));
        self.ims_cache.invalidate(old.key, ids.iter().map(String::as_str));
        Ok(old)
    }

    /// Deletes the subscription of `impi` with its registration; returns what it was (the
    /// caller deregisters it from its S-CSCF).
    pub fn delete_ims_subscription(&self, impi: &str) -> Result<ImsRecord, StoreError> {
        let _guard = self.lock_provisioning();
        let old = self.ims_subscription(impi)?;
        let k = keys::subscriber_key(old.key.get());
        let mut batch = WriteBatch::new();
        batch.delete(Kind::ImsSubscription, &k).delete(Kind::ImsRegistration, &k);
        ims_index_changes(&mut batch, old.key, Some(&old.subscription), None);
        // Its Sh data and the subscriptions to it go with it.
        for kind in [Kind::RepositoryData, Kind::ShSubscription] {
            let mut entries = Entries::new();
            self.backend.scan(kind, &k, 0, usize::MAX, &mut entries)?;
            for (key, _) in &entries {
                batch.delete(kind, key);
            }
        }
        self.add_count(&mut batch, Kind::ImsSubscription, -1)?;
        self.commit(&batch, Durability::Synced)?;
        self.ims_cache
            .invalidate(old.key, identities(&old.subscription).iter().map(String::as_str));
        Ok(old)
    }

    /// Page `page` of `page_size` IMS subscriptions in subscriber-key order, and the total.
    pub fn list_ims_subscriptions(
        &self,
        page: usize,
        page_size: usize,
    ) -> Result<Page<ImsRecord>, StoreError> {
        self.page(Kind::ImsSubscription, page, page_size, |k, v| {
            let key = key_from(Kind::ImsSubscription, k)?;
            let subscription = ImsSubscription::decode(v).map_err(super::corrupt)?;
            Ok(ImsRecord { key, subscription, registration: self.read_registration(key)? })
        })
    }

    /// Creates an iFC set; returns its id (`set.id`, or the next free one when 0).
    pub fn create_ifc_set(&self, set: &IfcSet) -> Result<u32, StoreError> {
        set.validate()?;
        let _guard = self.lock_provisioning();
        let mut batch = WriteBatch::new();
        let id = self.next_id(Kind::IfcSet, keys::IFC_SET_ID_COUNTER, set.id, &mut batch)?;
        if self.exists(Kind::IfcSet, &keys::apn_key(id))? {
            return Err(StoreError::Duplicate { entity: Entity::IfcSet, field: "id" });
        }
        let stored = IfcSet { id, ..set.clone() };
        batch.put(Kind::IfcSet, &keys::apn_key(id), stored.encode());
        self.add_count(&mut batch, Kind::IfcSet, 1)?;
        self.commit(&batch, Durability::Synced)?;
        Ok(id)
    }

    /// The iFC set `id`.
    pub fn ifc_set(&self, id: u32) -> Result<IfcSet, StoreError> {
        self.read_ifc_set(id)?.ok_or(StoreError::NotFound(Entity::IfcSet))
    }

    /// Replaces iFC set `id`; returns the subscriptions that use it (their User-Data changed).
    ///
    /// Errors: [`StoreError::Invalid`] when a subscription's profile would then repeat a
    /// priority.
    pub fn replace_ifc_set(&self, id: u32, set: &IfcSet) -> Result<Vec<SubscriberKey>, StoreError> {
        set.validate()?;
        let _guard = self.lock_provisioning();
        self.ifc_set(id)?;
        let users = self.ifc_set_users(id)?;
        let new = IfcSet { id, ..set.clone() };
        for user in &users {
            if let Some(sub) = self.read_ims(*user)? {
                self.resolve_ifcs(&sub, |i| {
                    if i == id { Ok(Some(new.clone())) } else { self.read_ifc_set(i) }
                })?;
            }
        }
        let mut batch = WriteBatch::new();
        batch.put(Kind::IfcSet, &keys::apn_key(id), new.encode());
        self.commit(&batch, Durability::Synced)?;
        self.ims_cache.invalidate_entries(&users);
        Ok(users)
    }

    /// Deletes iFC set `id`. Errors: [`StoreError::InUse`] while a profile refers to it.
    pub fn delete_ifc_set(&self, id: u32) -> Result<(), StoreError> {
        let _guard = self.lock_provisioning();
        self.ifc_set(id)?;
        if !self.ifc_set_users(id)?.is_empty() {
            return Err(StoreError::InUse(Entity::IfcSet));
        }
        let mut batch = WriteBatch::new();
        batch.delete(Kind::IfcSet, &keys::apn_key(id));
        self.add_count(&mut batch, Kind::IfcSet, -1)?;
        self.commit(&batch, Durability::Synced)?;
        Ok(())
    }

    /// Page `page` of `page_size` iFC sets in id order, and the total.
    pub fn list_ifc_sets(&self, page: usize, page_size: usize) -> Result<Page<IfcSet>, StoreError> {
        self.page(Kind::IfcSet, page, page_size, |_, v| IfcSet::decode(v).map_err(super::corrupt))
    }

    /// Creates a User-Data template; returns its id (`t.id`, or the next free one when 0).
    pub fn create_template(&self, t: &UserDataTemplate) -> Result<u32, StoreError> {
        t.validate()?;
        let _guard = self.lock_provisioning();
        let mut batch = WriteBatch::new();
        let id =
            self.next_id(Kind::UserDataTemplate, keys::TEMPLATE_ID_COUNTER, t.id, &mut batch)?;
        if self.exists(Kind::UserDataTemplate, &keys::apn_key(id))? {
            return Err(StoreError::Duplicate { entity: Entity::UserDataTemplate, field: "id" });
        }
        let stored = UserDataTemplate { id, ..t.clone() };
        batch.put(Kind::UserDataTemplate, &keys::apn_key(id), stored.encode());
        self.add_count(&mut batch, Kind::UserDataTemplate, 1)?;
        self.commit(&batch, Durability::Synced)?;
        Ok(id)
    }

    /// The User-Data template `id`.
    pub fn template(&self, id: u32) -> Result<UserDataTemplate, StoreError> {
        self.read_template(id)?.ok_or(StoreError::NotFound(Entity::UserDataTemplate))
    }

    /// Replaces template `id`; every cached subscription is rendered again on its next use.
    /// Returns the subscriptions it renders (their User-Data changed).
    pub fn replace_template(
        &self,
        id: u32,
        t: &UserDataTemplate,
    ) -> Result<Vec<SubscriberKey>, StoreError> {
        t.validate()?;
        let _guard = self.lock_provisioning();
        self.template(id)?;
        let users = self.index_users(Kind::TemplateIndex, id)?;
        let mut batch = WriteBatch::new();
        batch.put(
            Kind::UserDataTemplate,
            &keys::apn_key(id),
            UserDataTemplate { id, ..t.clone() }.encode(),
        );
        self.commit(&batch, Durability::Synced)?;
        self.ims_cache.invalidate_all_entries();
        Ok(users)
    }

    /// Deletes template `id`. Errors: [`StoreError::InUse`] while a subscription names it.
    pub fn delete_template(&self, id: u32) -> Result<(), StoreError> {
        let _guard = self.lock_provisioning();
        self.template(id)?;
        if !self.index_users(Kind::TemplateIndex, id)?.is_empty() {
            return Err(StoreError::InUse(Entity::UserDataTemplate));
        }
        let mut batch = WriteBatch::new();
        batch.delete(Kind::UserDataTemplate, &keys::apn_key(id));
        self.add_count(&mut batch, Kind::UserDataTemplate, -1)?;
        self.commit(&batch, Durability::Synced)?;
        self.ims_cache.invalidate_all_entries();
        Ok(())
    }

    /// Page `page` of the templates, by id.
    pub fn list_templates(
        &self,
        page: usize,
        page_size: usize,
    ) -> Result<Page<UserDataTemplate>, StoreError> {
        self.page(Kind::UserDataTemplate, page, page_size, |_, v| {
            UserDataTemplate::decode(v).map_err(super::corrupt)
        })
    }

    fn read_template(&self, id: u32) -> Result<Option<UserDataTemplate>, StoreError> {
        self.backend
            .get(Kind::UserDataTemplate, &keys::apn_key(id))?
            .map(|v| UserDataTemplate::decode(&v).map_err(super::corrupt))
            .transpose()
    }

    /// The subscriber key of private identity `impi`, from the cache or its index.
    ///
    /// Errors: [`StoreError::UnknownSubscriber`] when no subscription has it.
    pub fn ims_key_by_impi(&self, impi: &str) -> Result<SubscriberKey, StoreError> {
        self.resolve(Kind::ImpiIndex, impi)
    }

    /// The subscriber key of public identity `impu`, from the cache or its index.
    pub fn ims_key_by_impu(&self, impu: &str) -> Result<SubscriberKey, StoreError> {
        self.resolve(Kind::ImpuIndex, &uri_key(impu))
    }

    /// The subscriber key of the IMS subscription one of whose public identities stands for
    /// `msisdn` (digits), from the cache or the index.
    pub fn ims_key_by_msisdn(&self, msisdn: &str) -> Result<SubscriberKey, StoreError> {
        self.resolve(Kind::ImpuIndex, &msisdn_key(msisdn))
    }

    /// The subscriber key of an identity if the cache has resolved it: no I/O. `impu` says
    /// which kind of identity `identity` is.
    pub fn ims_cached_key(&self, identity: &str, impu: bool) -> Option<SubscriberKey> {
        if impu {
            self.ims_cache.resolved(&crate::model::uri_key_cow(identity))
        } else {
            self.ims_cache.resolved(identity)
        }
    }

    /// The subscription of `key` if it is cached: no I/O.
    pub fn ims_cached_entry(&self, key: SubscriberKey) -> Option<Arc<CachedIms>> {
        self.ims_cache.entry(key)
    }

    /// The subscription of `key` as the handlers use it, from the cache or loaded into it.
    ///
    /// Errors: [`StoreError::UnknownSubscriber`].
    pub fn ims_entry(&self, key: SubscriberKey) -> Result<Arc<CachedIms>, StoreError> {
        if let Some(entry) = self.ims_cache.entry(key) {
            return Ok(entry);
        }
        let generation = self.ims_cache.generation();
        let sub = self.read_ims(key)?.ok_or(StoreError::UnknownSubscriber)?;
        let ifcs = self.resolve_ifcs(&sub, |id| self.read_ifc_set(id))?;
        let registration = self.read_registration(key)?;
        let watched = self.sh_watched(key)?;
        let template = match sub.user_data_template {
            Some(id) => self.read_template(id)?.map(|t| t.template),
            None => None,
        };
        let entry = Arc::new(CachedIms::new(key, sub, ifcs, registration, watched, template));
        Ok(self.ims_cache.fill(entry, generation))
    }

    /// Changes the registration of `entry`'s subscription with `change` and writes it when it
    /// changed (unsynced: in the WAL, not fsynced, like the MME's registration, and refused at
    /// once in a RocksDB write stall, as it runs on a shard); returns what `change` returns. Concurrent changes of one subscription are applied one at a time.
    pub fn update_ims_registration<R>(
        &self,
        entry: &CachedIms,
        change: impl FnOnce(&mut ImsRegistration) -> R,
    ) -> Result<R, StoreError> {
        let mut current = entry.lock();
        let mut next = current.clone();
        let result = change(&mut next);
        if next != *current {
            let k = keys::subscriber_key(entry.key().get());
            let mut batch = WriteBatch::new();
            if next == ImsRegistration::default() {
                batch.delete(Kind::ImsRegistration, &k);
            } else {
                batch.put(Kind::ImsRegistration, &k, next.encode());
            }
            self.commit(&batch, Durability::BufferedNoWait)?;
            *current = next;
        }
        Ok(result)
    }

    /// Forgets the registration of subscription `key` (the operator deregistered it); returns
    /// what it was.
    pub fn clear_ims_registration(
        &self,
        key: SubscriberKey,
    ) -> Result<ImsRegistration, StoreError> {
        let entry = self.ims_entry(key)?;
        self.update_ims_registration(&entry, std::mem::take)
    }

    fn resolve(&self, kind: Kind, identity: &str) -> Result<SubscriberKey, StoreError> {
        if let Some(key) = self.ims_cache.resolved(identity) {
            return Ok(key);
        }
        let generation = self.ims_cache.generation();
        let key = self.index_read(kind, identity)?.ok_or(StoreError::UnknownSubscriber)?;
        self.ims_cache.fill_identity(identity, key, generation);
        Ok(key)
    }

    fn index_read(&self, kind: Kind, identity: &str) -> Result<Option<SubscriberKey>, StoreError> {
        let Some(v) = self.backend.get(kind, identity.as_bytes())? else { return Ok(None) };
        let raw = value::decode_u64(kind, &v)?;
        SubscriberKey::from_raw(raw)
            .map(Some)
            .ok_or(StoreError::Corrupt(Corrupt { kind, reason: "bad subscriber key" }))
    }

    fn read_ims(&self, key: SubscriberKey) -> Result<Option<ImsSubscription>, StoreError> {
        self.backend
            .get(Kind::ImsSubscription, &keys::subscriber_key(key.get()))?
            .map(|v| ImsSubscription::decode(&v).map_err(super::corrupt))
            .transpose()
    }

    fn read_registration(&self, key: SubscriberKey) -> Result<ImsRegistration, StoreError> {
        match self.backend.get(Kind::ImsRegistration, &keys::subscriber_key(key.get()))? {
            None => Ok(ImsRegistration::default()),
            // An unreadable registration must not block the next one: it is forgotten.
            Some(v) => Ok(ImsRegistration::decode(&v)
                .inspect_err(|c| tracing::warn!(reason = c.reason, "corrupt IMS registration"))
                .unwrap_or_default()),
        }
    }

    fn read_ifc_set(&self, id: u32) -> Result<Option<IfcSet>, StoreError> {
        self.backend
            .get(Kind::IfcSet, &keys::apn_key(id))?
            .map(|v| IfcSet::decode(&v).map_err(super::corrupt))
            .transpose()
    }

    /// A new key for a subscription without an IMSI; the counter's write joins `batch`.
    fn next_standalone_key(&self, batch: &mut WriteBatch) -> Result<SubscriberKey, StoreError> {
        let next = self.meta_u64(keys::STANDALONE_KEY_COUNTER)?.saturating_add(1);
        if next >= 1 << 60 {
            return Err(StoreError::invalid("imsi", "no subscriber key left"));
        }
        batch.put(Kind::Meta, keys::STANDALONE_KEY_COUNTER, value::encode_u64(next));
        Ok(SubscriberKey::standalone(next))
    }

    /// The subscriptions whose profiles refer to iFC set `id`.
    fn ifc_set_users(&self, id: u32) -> Result<Vec<SubscriberKey>, StoreError> {
        self.index_users(Kind::IfcSetIndex, id)
    }

    /// The subscriptions an (id, subscriber key) index of `kind` lists under `id`.
    fn index_users(&self, kind: Kind, id: u32) -> Result<Vec<SubscriberKey>, StoreError> {
        let mut entries = Entries::new();
        self.backend.scan(kind, &id.to_be_bytes(), 0, usize::MAX, &mut entries)?;
        entries.iter().map(|(k, _)| key_from(kind, k.get(4..).unwrap_or_default())).collect()
    }

    /// Every identity is free or already `key`'s, every iFC set exists, and each profile's
    /// iFCs with its sets' keep unique priorities.
    fn check_ims_references(
        &self,
        key: SubscriberKey,
        sub: &ImsSubscription,
    ) -> Result<(), StoreError> {
        for p in &sub.private_identities {
            if self.index_read(Kind::ImpiIndex, &p.impi)?.is_some_and(|k| k != key) {
                return Err(duplicate("private_identities[].impi"));
            }
        }
        for p in &sub.public_identities {
            if self.index_read(Kind::ImpuIndex, &uri_key(&p.impu))?.is_some_and(|k| k != key) {
                return Err(duplicate("public_identities[].impu"));
            }
            let msisdn = p.msisdn.as_deref().map(msisdn_key);
            if let Some(m) = msisdn
                && self.index_read(Kind::ImpuIndex, &m)?.is_some_and(|k| k != key)
            {
                return Err(duplicate("public_identities[].msisdn"));
            }
        }
        if let Some(id) = sub.user_data_template
            && self.read_template(id)?.is_none()
        {
            return Err(StoreError::invalid("user_data_template", "no template has this id"));
        }
        self.resolve_ifcs(sub, |id| self.read_ifc_set(id)).map(drop)
    }

    /// Each service profile's iFCs with those of its sets, by priority.
    fn resolve_ifcs(
        &self,
        sub: &ImsSubscription,
        set: impl Fn(u32) -> Result<Option<IfcSet>, StoreError>,
    ) -> Result<Vec<Vec<Ifc>>, StoreError> {
        sub.service_profiles
            .iter()
            .map(|profile| {
                let mut all = profile.ifcs.clone();
                for id in &profile.ifc_sets {
                    let s = set(*id)?.ok_or(InvalidField::new(
                        "service_profiles[].ifc_sets",
                        "no iFC set has this id",
                    ))?;
                    all.extend(s.ifcs);
                }
                all.sort_by_key(|i| i.priority);
                if all.windows(2).any(|w| w[0].priority == w[1].priority) {
                    return Err(StoreError::invalid(
                        "service_profiles[].ifc_sets",
                        "iFC priorities must be unique across a profile and its sets",
                    ));
                }
                if all.len() > MAX_IFCS {
                    return Err(StoreError::invalid("service_profiles[].ifcs", "at most 64 iFCs"));
                }
                Ok(all)
            })
            .collect()
    }
}

fn duplicate(field: &'static str) -> StoreError {
    StoreError::Duplicate { entity: Entity::ImsSubscription, field }
}

fn key_from(kind: Kind, k: &[u8]) -> Result<SubscriberKey, StoreError> {
    keys::u64_from_key(k)
        .and_then(SubscriberKey::from_raw)
        .ok_or(StoreError::Corrupt(Corrupt { kind, reason: "bad subscriber key" }))
}

/// The identities of `sub` as the cache keys them (IMPIs as is, IMPUs in index form, the
/// MSISDNs of its public identities as `msisdn:` keys).
fn identities(sub: &ImsSubscription) -> Vec<String> {
    let privs = sub.private_identities.iter().map(|p| p.impi.clone());
    let msisdns = sub.public_identities.iter().filter_map(|p| p.msisdn.as_deref().map(msisdn_key));
    privs.chain(sub.public_identities.iter().map(|p| uri_key(&p.impu))).chain(msisdns).collect()
}

/// The `impu_index` key of an MSISDN a public identity stands for (Sh by MSISDN).
fn msisdn_key(digits: &str) -> String {
    format!("msisdn:{digits}")
}

/// Adds to `batch` the index changes from `old` to `new` of subscription `key`.
fn ims_index_changes(
    batch: &mut WriteBatch,
    key: SubscriberKey,
    old: Option<&ImsSubscription>,
    new: Option<&ImsSubscription>,
) {
    let sets = |s: Option<&ImsSubscription>| -> Vec<u32> {
        let mut ids: Vec<u32> = s
            .iter()
            .flat_map(|s| s.service_profiles.iter().flat_map(|p| p.ifc_sets.clone()))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    if let Some(old) = old {
        for p in &old.private_identities {
            batch.delete(Kind::ImpiIndex, p.impi.as_bytes());
        }
        for p in &old.public_identities {
            batch.delete(Kind::ImpuIndex, uri_key(&p.impu).as_bytes());
            if let Some(m) = &p.msisdn {
                batch.delete(Kind::ImpuIndex, msisdn_key(m).as_bytes());
            }
        }
        for id in sets(Some(old)) {
            batch.delete(Kind::IfcSetIndex, &keys::ifc_set_index_key(id, key.get()));
        }
        if let Some(id) = old.user_data_template {
            batch.delete(Kind::TemplateIndex, &keys::ifc_set_index_key(id, key.get()));
        }
    }
    if let Some(new) = new {
        let v = value::encode_u64(key.get());
        for p in &new.private_identities {
            batch.put(Kind::ImpiIndex, p.impi.as_bytes(), v.clone());
        }
        for p in &new.public_identities {
            batch.put(Kind::ImpuIndex, uri_key(&p.impu).as_bytes(), v.clone());
            if let Some(m) = &p.msisdn {
                batch.put(Kind::ImpuIndex, msisdn_key(m).as_bytes(), v.clone());
            }
        }
        for id in sets(Some(new)) {
            batch.put(Kind::IfcSetIndex, &keys::ifc_set_index_key(id, key.get()), Vec::new());
        }
        if let Some(id) = new.user_data_template {
            batch.put(Kind::TemplateIndex, &keys::ifc_set_index_key(id, key.get()), Vec::new());
        }
    }
}
