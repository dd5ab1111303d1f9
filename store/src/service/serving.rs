//! The serving MME, written on ULR and PUR from the Diameter path.
//!
//! These writes are [`Durability::Buffered`]: in the RocksDB WAL (so they survive a process
//! crash) but not fsynced, so a shard thread never waits for the disk here. After a power
//! loss the last few registrations may be forgotten; the MME sends ULR again on the next
//! attach or TAU, and until then the HSS merely does not know whom to send CLR. The serving
//! MME lives outside the cached profile, so a ULR neither rewrites nor invalidates the cache
//! entry (and keeps its SQN block).

use super::Store;
use crate::backend::{Durability, SubscriberStore, Update};
use crate::error::StoreError;
use crate::keys::{self, Kind};
use crate::model::{Imsi, ServingMme, ServingMmeRef};

impl<B: SubscriberStore> Store<B> {
    /// Records `mme` as the subscriber's serving MME (ULR) and returns the previous one when
    /// it is another MME (its host differs, ignoring ASCII case, as DiameterIdentities are
    /// compared), so the caller can send it Cancel-Location. Allocates only for that return.
    ///
    /// Errors: [`StoreError::UnknownSubscriber`], [`StoreError::Invalid`] for an empty or
    /// oversized host/realm.
    pub fn update_serving_mme(
        &self,
        imsi: Imsi,
        mme: ServingMmeRef<'_>,
    ) -> Result<Option<ServingMme>, StoreError> {
        mme.validate()?;
        self.subscriber_entry(imsi)?;
        let mut previous = None;
        let key = keys::imsi_key(imsi.packed());
        // Encoded once; `update` calls the closure once.
        let mut value = Some(mme.encode());
        self.backend.update(Kind::ServingNode, &key, Durability::Buffered, &mut |current| {
            // A corrupt previous record must not block registration: it is overwritten.
            previous = current
                .and_then(|v| {
                    ServingMmeRef::decode(v)
                        .inspect_err(|c| tracing::warn!(reason = c.reason, "corrupt serving MME"))
                        .ok()
                })
                .filter(|old| !old.host.eq_ignore_ascii_case(mme.host))
                .map(ServingMmeRef::to_owned);
            Ok(Update::Put(value.take().unwrap_or_else(|| mme.encode())))
        })?;
        Ok(previous)
    }

    /// Clears the serving MME (PUR, or the operator) and returns the record removed. With
    /// `only_host`, clears only if that MME (compared ignoring ASCII case, as DiameterIdentities
    /// are) is the one registered: a purge from an MME the
    /// subscriber has already left must not erase the newer registration.
    pub fn clear_serving_mme(
        &self,
        imsi: Imsi,
        only_host: Option<&str>,
    ) -> Result<Option<ServingMme>, StoreError> {
        let mut removed = None;
        let key = keys::imsi_key(imsi.packed());
        self.backend.update(Kind::ServingNode, &key, Durability::Buffered, &mut |current| {
            let Some(value) = current else { return Ok(Update::Keep) };
            let mme = match ServingMme::decode(value) {
                Ok(mme) => mme,
                // Unreadable: an unconditional clear still removes it.
                Err(_) if only_host.is_none() => return Ok(Update::Delete),
                Err(c) => return Err(super::corrupt(c)),
            };
            if only_host.is_some_and(|host| !host.eq_ignore_ascii_case(&mme.host)) {
                return Ok(Update::Keep);
            }
            removed = Some(mme);
            Ok(Update::Delete)
        })?;
        Ok(removed)
    }

    /// The serving MME, if one is registered.
    pub fn serving_mme(&self, imsi: Imsi) -> Result<Option<ServingMme>, StoreError> {
        let key = keys::imsi_key(imsi.packed());
        match self.backend.get(Kind::ServingNode, &key)? {
            None => Ok(None),
            Some(v) => Ok(Some(ServingMme::decode(&v).map_err(super::corrupt)?)),
        }
    }
}
