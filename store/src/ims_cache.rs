//! The IMS side of the object cache: identities resolved to subscriber keys, and IMS
//! subscriptions decoded with their iFCs resolved, their registration, and the User-Data
//! documents the data plane renders once per change.
//!
//! Every IMS provisioning write bumps one generation counter and drops what it changed; a fill
//! that read the backend before that write is discarded rather than stored (so a concurrent
//! write is never undone). IMS provisioning is rare next to Cx traffic, so one counter for all
//! of it costs nothing measurable. Both maps are bounded: at [`MAX_ENTRIES`] a map is emptied
//! and refills from the store.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use dashmap::DashMap;
use rustc_hash::FxBuildHasher;

use crate::model::{Ifc, ImsRegistration, ImsSubscription, SubscriberKey};

/// Most identities, and most subscriptions, each map holds.
pub(crate) const MAX_ENTRIES: usize = 1 << 20;

/// An IMS subscription as the Cx and Sh handlers use it.
#[derive(Debug)]
pub struct CachedIms {
    key: SubscriberKey,
    /// The linked USIM's subscriber key (its IMSI's), parsed once.
    linked: Option<SubscriberKey>,
    subscription: ImsSubscription,
    /// Per service profile: its iFCs and those of its sets, by priority.
    ifcs: Vec<Vec<Ifc>>,
    /// The implicit sets, ascending (the User-Data slots are laid out by them).
    sets: Vec<u8>,
    registration: Mutex<ImsRegistration>,
    /// Whether an application server subscribed (Sh SNR) to any of its data when it was
    /// loaded; a subscription drops the entry, so this stays true while one may exist.
    sh_watched: bool,
    /// The text of its User-Data template, when it names one.
    template: Option<String>,
    /// User-Data per (private identity, implicit set), rendered on first use.
    user_data: Vec<OnceLock<Box<[u8]>>>,
}

impl CachedIms {
    pub(crate) fn new(
        key: SubscriberKey,
        subscription: ImsSubscription,
        ifcs: Vec<Vec<Ifc>>,
        registration: ImsRegistration,
        sh_watched: bool,
        template: Option<String>,
    ) -> Self {
        let sets = subscription.implicit_sets();
        let slots = subscription.private_identities.len() * sets.len();
        Self {
            key,
            linked: subscription.linked_imsi().map(|i| i.key()),
            subscription,
            ifcs,
            sets,
            registration: Mutex::new(registration),
            sh_watched,
            template,
            user_data: (0..slots).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The subscriber key.
    pub fn key(&self) -> SubscriberKey {
        self.key
    }

    /// The subscriber key of the EPS subscriber whose USIM IMS AKA uses, when linked.
    pub fn linked_key(&self) -> Option<SubscriberKey> {
        self.linked
    }

    /// The provisioned subscription.
    pub fn subscription(&self) -> &ImsSubscription {
        &self.subscription
    }

    /// Every iFC of service profile `profile` (its own and its sets'), by priority.
    pub fn ifcs(&self, profile: usize) -> &[Ifc] {
        self.ifcs.get(profile).map_or(&[], Vec::as_slice)
    }

    /// Whether an application server may be subscribed to some of its data (a change must
    /// then be notified, which reads the subscriptions from the store).
    pub fn sh_watched(&self) -> bool {
        self.sh_watched
    }

    /// The text of the User-Data template the subscription names, if any.
    pub fn template(&self) -> Option<&str> {
        self.template.as_deref()
    }

    /// A copy of the registration as last written.
    pub fn registration(&self) -> ImsRegistration {
        self.lock().clone()
    }

    /// Reads the registration without copying it.
    pub fn with_registration<R>(&self, f: impl FnOnce(&ImsRegistration) -> R) -> R {
        f(&self.lock())
    }

    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, ImsRegistration> {
        self.registration.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The User-Data of private identity `impi` (its index) and implicit set `set`, made by
    /// `render` on first use and kept while the entry lives. `None` for an index or set the
    /// subscription does not have.
    pub fn user_data(
        &self,
        impi: usize,
        set: u8,
        render: impl FnOnce(&Self, usize, u8) -> Vec<u8>,
    ) -> Option<&[u8]> {
        let set_pos = self.sets.binary_search(&set).ok()?;
        if impi >= self.subscription.private_identities.len() {
            return None;
        }
        let slot = self.user_data.get(impi * self.sets.len() + set_pos)?;
        Some(slot.get_or_init(|| render(self, impi, set).into_boxed_slice()))
    }
}

/// The IMS maps of the cache.
/// Hashed with FxHash: both maps hold provisioned data only (a lookup of an unknown identity
/// inserts nothing), so their keys are not the peers' to choose.
#[derive(Debug, Default)]
pub(crate) struct ImsCache {
    /// Identity (an IMPI, or an IMPU in index form) → subscriber key.
    identities: DashMap<Box<str>, u64, FxBuildHasher>,
    entries: DashMap<u64, Arc<CachedIms>, FxBuildHasher>,
    generation: AtomicU64,
}

impl ImsCache {
    pub(crate) fn resolved(&self, identity: &str) -> Option<SubscriberKey> {
        self.identities.get(identity).and_then(|k| SubscriberKey::from_raw(*k))
    }

    /// IMS subscriptions cached.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn entry(&self, key: SubscriberKey) -> Option<Arc<CachedIms>> {
        self.entries.get(&key.get()).map(|e| e.clone())
    }

    /// The generation to pass to the fills that follow a read of the backend.
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub(crate) fn fill_identity(&self, identity: &str, key: SubscriberKey, generation: u64) {
        if self.identities.len() >= MAX_ENTRIES {
            self.identities.clear();
        }
        if self.generation() == generation {
            self.identities.insert(identity.into(), key.get());
        }
    }

    /// Stores `entry` unless a write happened since `generation`; returns the entry to use.
    pub(crate) fn fill(&self, entry: Arc<CachedIms>, generation: u64) -> Arc<CachedIms> {
        if self.entries.len() >= MAX_ENTRIES {
            self.entries.clear();
        }
        if self.generation() != generation {
            return entry;
        }
        self.entries.entry(entry.key.get()).or_insert(entry).clone()
    }

    /// Drops `key`'s entry and the identities given, after a write to them.
    pub(crate) fn invalidate<'a>(
        &self,
        key: SubscriberKey,
        identities: impl IntoIterator<Item = &'a str>,
    ) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.entries.remove(&key.get());
        for id in identities {
            self.identities.remove(id);
        }
    }

    /// Drops every subscription entry (a template changed); identities stay valid.
    pub(crate) fn invalidate_all_entries(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.entries.clear();
    }

    /// Drops every subscription entry (an iFC set changed); identities stay valid.
    pub(crate) fn invalidate_entries(&self, keys: &[SubscriberKey]) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        for key in keys {
            self.entries.remove(&key.get());
        }
    }

    pub(crate) fn clear(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.entries.clear();
        self.identities.clear();
    }
}
