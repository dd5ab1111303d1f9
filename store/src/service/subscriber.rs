//! Provisioning of subscriber profiles, with their MSISDN, APN and static IP indexes.
//!
//! Every write is one synced batch holding the profile and its index entries (and the
//! entity counts), so the indexes never disagree with the profiles; then the cache entry is
//! dropped. Provisioning runs on control-plane threads, never on a shard.
//!
//! Every number of a subscriber (the primary MSISDN and `options.extra_msisdns`) has an
//! entry in `msisdn_index`, so a number is unique across subscribers and any of them finds
//! the subscriber. Every static address has an entry in `static_ip_index` under its APN
//! profile, so an address is unique per APN and can be looked up.

use std::net::IpAddr;

use super::{Page, Store, delete_serving_nodes, imsi_from_key};
use crate::backend::{Durability, Entries, WriteBatch};
use crate::error::{Corrupt, Entity, StoreError};
use crate::keys::{self, Kind};
use crate::model::{ApnId, Imsi, MAX_APNS, Msisdn, NodeKind, Subscriber, SubscriberRecord};
use crate::value;

/// The field a duplicate extra number is reported on.
pub(super) const EXTRA_MSISDNS_FIELD: &str = "options.extra_msisdns";

/// Generates the field names of the static addresses, `apns[i].static_ipv4` and
/// `apns[i].static_ipv6` for every index `validate` allows (`Duplicate` names a static str).
macro_rules! static_ip_fields {
    ($($i:literal)*) => {
        [$([concat!("apns[", $i, "].static_ipv4"), concat!("apns[", $i, "].static_ipv6")]),*]
    };
}

const STATIC_IP_FIELDS: [[&str; 2]; MAX_APNS] = static_ip_fields!(
    0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
);

/// The field naming the `family`-th (0: IPv4, 1: IPv6) static address of `apns[i]`.
pub(super) fn static_ip_field(i: usize, family: usize) -> &'static str {
    STATIC_IP_FIELDS.get(i).map_or("apns", |f| f[family])
}

/// Every static address of `s`: (index in `apns`, family 0 for IPv4 or 1 for IPv6, APN
/// profile, address).
pub(super) fn static_ips(s: &Subscriber) -> impl Iterator<Item = (usize, usize, ApnId, IpAddr)> {
    s.apns.iter().enumerate().flat_map(|(i, a)| {
        let v4 = a.static_ipv4.map(|ip| (i, 0, a.profile, IpAddr::V4(ip)));
        let v6 = a.static_ipv6.map(|ip| (i, 1, a.profile, IpAddr::V6(ip)));
        v4.into_iter().chain(v6)
    })
}

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
        let ips = index_changes(&mut batch, None, Some(subscriber));
        if ips != 0 {
            self.add_count(&mut batch, Kind::StaticIpIndex, ips)?;
        }
        self.add_count(&mut batch, Kind::Subscriber, 1)?;
        self.commit(&batch, Durability::Synced)?;
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

    /// The subscriber with this MSISDN, its primary number or one of its others.
    pub fn subscriber_by_msisdn(&self, msisdn: Msisdn) -> Result<SubscriberRecord, StoreError> {
        let imsi = self.imsi_of(msisdn)?.ok_or(StoreError::NotFound(Entity::Subscriber))?;
        self.subscriber(imsi)
    }

    /// The IMSI the MSISDN index maps `msisdn` to.
    pub fn imsi_of(&self, msisdn: Msisdn) -> Result<Option<Imsi>, StoreError> {
        let key = keys::msisdn_key(msisdn.packed());
        self.backend
            .get(Kind::MsisdnIndex, &key)?
            .map(|v| imsi_value(Kind::MsisdnIndex, &v))
            .transpose()
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
        let ips = index_changes(&mut batch, Some(old), Some(new));
        if ips != 0 {
            self.add_count(&mut batch, Kind::StaticIpIndex, ips)?;
        }
        self.commit(&batch, Durability::Synced)?;
        self.cache.invalidate(new.imsi.packed());
        Ok(())
    }

    /// Whether [`Self::delete_subscriber`] would go ahead now.
    ///
    /// Errors: [`StoreError::NotFound`], [`StoreError::InUse`] (its IMS subscription
    /// authenticates with its USIM).
    pub fn delete_allowed(&self, imsi: Imsi) -> Result<(), StoreError> {
        self.read_subscriber(imsi)?.ok_or(StoreError::NotFound(Entity::Subscriber))?;
        if self.exists(Kind::ImsSubscription, &keys::subscriber_key(imsi.packed()))? {
            return Err(StoreError::InUse(Entity::Subscriber));
        }
        Ok(())
    }

    /// Deletes a subscriber with everything kept under its IMSI: indexes, serving nodes and
    /// authentication data. The SQN mark stays (a tombstone): the same IMSI created again
    /// continues above it ([`Self::create_auth`]).
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
        let ips = index_changes(&mut batch, Some(&old), None);
        if ips != 0 {
            self.add_count(&mut batch, Kind::StaticIpIndex, ips)?;
        }
        delete_serving_nodes(&mut batch, imsi.packed());
        if self.exists(Kind::Auth, &key)? {
            batch.delete(Kind::Auth, &key);
            self.add_count(&mut batch, Kind::Auth, -1)?;
        }
        self.add_count(&mut batch, Kind::Subscriber, -1)?;
        self.commit(&batch, Durability::Synced)?;
        self.cache.invalidate(imsi.packed());
        Ok(())
    }

    /// Every APN profile exists and names a different APN, the default is not the wildcard
    /// APN (TS 29.272 §7.3.35), every number (primary and extra) is free or already this
    /// subscriber's, and so is every static address on its APN.
    fn check_references(
        &self,
        new: &Subscriber,
        old: Option<&Subscriber>,
    ) -> Result<(), StoreError> {
        check_apns(new, |id| Ok(self.read_apn(id)?.map(|p| p.apn)))?;
        self.check_roaming_profile(new, old)?;
        let others = |owner: Option<Imsi>| owner.is_some_and(|o| o != new.imsi);
        if let Some(m) = new.msisdn
            && others(self.imsi_of(m)?)
        {
            return Err(duplicate("msisdn"));
        }
        for &m in &new.options.extra_msisdns {
            if others(self.imsi_of(m)?) {
                return Err(duplicate(EXTRA_MSISDNS_FIELD));
            }
        }
        for (i, family, apn, address) in static_ips(new) {
            if others(self.static_ip_holder(apn, address)?) {
                return Err(duplicate(static_ip_field(i, family)));
            }
        }
        Ok(())
    }

    /// The roaming profile and the EPS profile the subscriber names exist, when they are
    /// named anew (`old` is the subscriber before the write): a profile deleted while named
    /// does not block writes of other fields.
    pub(super) fn check_roaming_profile(
        &self,
        new: &Subscriber,
        old: Option<&Subscriber>,
    ) -> Result<(), StoreError> {
        let same = |f: fn(&Subscriber) -> Option<u32>| old.is_some_and(|o| f(o) == f(new));
        if let Some(id) = new.options.eps_profile
            && !same(|s| s.options.eps_profile)
            && !self.eps_profile_exists(id)
        {
            return Err(StoreError::invalid(
                "options.eps_profile",
                "refers to an EPS profile that does not exist",
            ));
        }
        match new.options.roaming_profile {
            Some(id)
                if !same(|s| s.options.roaming_profile) && !self.roaming_profile_exists(id) =>
            {
                Err(StoreError::invalid(
                    "options.roaming_profile",
                    "refers to a roaming profile that does not exist",
                ))
            }
            _ => Ok(()),
        }
    }

    /// The IMSI holding static address `address` on APN profile `apn`, if any.
    pub fn static_ip_holder(
        &self,
        apn: ApnId,
        address: IpAddr,
    ) -> Result<Option<Imsi>, StoreError> {
        let key = keys::static_ip_key(apn.get(), address);
        self.backend
            .get(Kind::StaticIpIndex, &key)?
            .map(|v| imsi_value(Kind::StaticIpIndex, &v))
            .transpose()
    }

    /// Page `page` (from 0) of `page_size` static addresses in (APN profile, family, address)
    /// order, each with its APN profile and the IMSI holding it, and the total.
    pub fn list_static_ips(
        &self,
        page: usize,
        page_size: usize,
    ) -> Result<Page<(ApnId, IpAddr, Imsi)>, StoreError> {
        self.page(Kind::StaticIpIndex, page, page_size, |key, value| {
            let (apn, address) = keys::static_ip_from_key(key)
                .and_then(|(apn, address)| Some((ApnId::new(apn).ok()?, address)))
                .ok_or(StoreError::Corrupt(Corrupt {
                    kind: Kind::StaticIpIndex,
                    reason: "bad static IP key",
                }))?;
            Ok((apn, address, imsi_value(Kind::StaticIpIndex, value)?))
        })
    }

    /// Every APN profile on which `address` is a subscriber's static address, with that
    /// subscriber, in APN profile order: one point read per APN profile (at most one holder
    /// per APN, so the answer is no longer than the list of APN profiles).
    pub fn static_ip_holders(&self, address: IpAddr) -> Result<Vec<(ApnId, Imsi)>, StoreError> {
        const CHUNK: usize = super::MAX_PAGE_SIZE;
        let mut out = Vec::new();
        for chunk in 0.. {
            let mut profiles = Entries::new();
            self.backend.scan(Kind::ApnProfile, &[], chunk * CHUNK, CHUNK, &mut profiles)?;
            let ids: Vec<ApnId> = profiles
                .iter()
                .filter_map(|(k, _)| keys::u32_from_key(k).and_then(|id| ApnId::new(id).ok()))
                .collect();
            let index_keys: Vec<Vec<u8>> =
                ids.iter().map(|id| keys::static_ip_key(id.get(), address)).collect();
            let refs: Vec<&[u8]> = index_keys.iter().map(Vec::as_slice).collect();
            let values = self.backend.multi_get(Kind::StaticIpIndex, &refs)?;
            for (id, value) in ids.into_iter().zip(values) {
                if let Some(v) = value {
                    out.push((id, imsi_value(Kind::StaticIpIndex, &v)?));
                }
            }
            if profiles.len() < CHUNK {
                break;
            }
        }
        Ok(out)
    }
}

/// The IMSI an index value of `kind` (`msisdn_index`, `static_ip_index`) holds.
fn imsi_value(kind: Kind, v: &[u8]) -> Result<Imsi, StoreError> {
    let packed = value::decode_u64(kind, v)?;
    Imsi::from_packed(packed).ok_or(StoreError::Corrupt(Corrupt { kind, reason: "bad IMSI" }))
}

/// The APN rules of [`Store::check_references`], with `apn_name` looking a profile's APN up.
pub(super) fn check_apns(
    new: &Subscriber,
    apn_name: impl FnMut(ApnId) -> Result<Option<String>, StoreError>,
) -> Result<(), StoreError> {
    let ids: Vec<ApnId> = new.apns.iter().map(|a| a.profile).collect();
    check_apns_exist(&ids, new.default_apn, apn_name)
}

/// Every APN profile of `apns` exists and names a different APN, and `default` is not the
/// wildcard APN (TS 29.272 §7.3.35); `apn_name` looks a profile's APN up.
pub(super) fn check_apns_exist(
    apns: &[ApnId],
    default: ApnId,
    mut apn_name: impl FnMut(ApnId) -> Result<Option<String>, StoreError>,
) -> Result<(), StoreError> {
    let mut names: Vec<String> = Vec::with_capacity(apns.len());
    for &id in apns {
        let Some(name) = apn_name(id)? else {
            return Err(StoreError::invalid(
                "apns",
                "refers to an APN profile that does not exist",
            ));
        };
        if names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            return Err(StoreError::invalid("apns", "lists two profiles of the same APN"));
        }
        if id == default && name == "*" {
            return Err(StoreError::invalid("default_apn", "must not be the wildcard APN"));
        }
        names.push(name);
    }
    Ok(())
}

pub(super) fn duplicate(field: &'static str) -> StoreError {
    StoreError::Duplicate { entity: Entity::Subscriber, field }
}

/// The index entries to delete (those of `old`) and to put (those of `new`): every number in
/// `msisdn_index`, every APN in `apn_index`, every static address in `static_ip_index`.
/// Deletes come first, so an entry both had is deleted and then put back. Returns the change
/// in the number of static address entries (for their count).
pub(super) fn index_changes(
    batch: &mut WriteBatch,
    old: Option<&Subscriber>,
    new: Option<&Subscriber>,
) -> i64 {
    let mut ips = 0i64;
    if let Some(old) = old {
        for m in old.options.all_msisdns(old.msisdn) {
            batch.delete(Kind::MsisdnIndex, &keys::msisdn_key(m.packed()));
        }
        for a in &old.apns {
            batch.delete(Kind::ApnIndex, &keys::apn_index_key(a.profile.get(), old.imsi.packed()));
        }
        for (_, _, apn, address) in static_ips(old) {
            batch.delete(Kind::StaticIpIndex, &keys::static_ip_key(apn.get(), address));
            ips -= 1;
        }
        if let Some(id) = old.options.eps_profile {
            batch.delete(Kind::EpsProfileIndex, &keys::apn_index_key(id, old.imsi.packed()));
        }
    }
    if let Some(new) = new {
        let imsi = value::encode_u64(new.imsi.packed());
        for m in new.options.all_msisdns(new.msisdn) {
            batch.put(Kind::MsisdnIndex, &keys::msisdn_key(m.packed()), imsi.clone());
        }
        for a in &new.apns {
            let key = keys::apn_index_key(a.profile.get(), new.imsi.packed());
            batch.put(Kind::ApnIndex, &key, value::encode_marker());
        }
        for (_, _, apn, address) in static_ips(new) {
            batch.put(Kind::StaticIpIndex, &keys::static_ip_key(apn.get(), address), imsi.clone());
            ips += 1;
        }
        if let Some(id) = new.options.eps_profile {
            let key = keys::apn_index_key(id, new.imsi.packed());
            batch.put(Kind::EpsProfileIndex, &key, value::encode_marker());
        }
    }
    ips
}
