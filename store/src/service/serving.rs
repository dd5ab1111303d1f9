//! The serving nodes, written on ULR and PUR (the MME) from the Diameter path: one record per
//! subscriber and kind of node ([`NodeKind`]).
//!
//! These writes are [`Durability::BufferedNoWait`]: in the RocksDB WAL (so they survive a
//! process crash) but not fsynced, so a shard thread never waits for the disk here; and
//! refused at once while RocksDB stalls writes (a transient error: 3004 DIAMETER_TOO_BUSY, the
//! MME retries), so a shard never waits for a compaction either. After a power loss the last
//! few registrations may be forgotten; the MME sends ULR again on the next attach or TAU, and
//! until then the HSS merely does not know whom to send CLR. The records live outside the
//! cached profile, so a ULR neither rewrites nor invalidates the cache entry (and keeps its
//! SQN block).

use std::sync::Arc;

use super::Store;
use crate::backend::{Durability, Update};
use crate::cache::CachedSubscriber;
use crate::error::StoreError;
use crate::keys::{self, Kind};
use crate::model::{NodeKind, ServingNode, ServingNodeRef, SubscriberKey};

/// How every serving-node write is made: the shards make them (a warm ULR or PUR, SWx), and
/// never wait (see the module documentation). The slow lane and the REST API share it: a
/// write stall refuses them too, transiently, rather than holding a stripe lock a shard may
/// need.
const SERVING_WRITE: Durability = Durability::BufferedNoWait;

impl Store {
    /// Records `node` as the subscriber's serving node of `kind` (the MME on ULR) and returns
    /// the previous one when it is another node (its host differs, ignoring ASCII case, as
    /// DiameterIdentities are compared), so the caller can cancel it (CLR). Allocates only for
    /// that return.
    ///
    /// Errors: [`StoreError::UnknownSubscriber`], [`StoreError::Invalid`] for an empty or
    /// oversized host/realm.
    pub fn update_serving_node(
        &self,
        subscriber: SubscriberKey,
        kind: NodeKind,
        node: ServingNodeRef<'_>,
    ) -> Result<Option<ServingNode>, StoreError> {
        node.validate()?;
        self.subscriber_entry(subscriber)?;
        let mut previous = None;
        let key = keys::serving_node_key(subscriber.get(), kind.code());
        // Encoded once; `update` calls the closure once.
        let mut value = Some(node.encode());
        self.backend.update(Kind::ServingNode, &key, SERVING_WRITE, &mut |current| {
            // A corrupt previous record must not block registration: it is overwritten.
            previous = current
                .and_then(|v| {
                    ServingNodeRef::decode(v)
                        .inspect_err(|c| tracing::warn!(reason = c.reason, "corrupt serving node"))
                        .ok()
                })
                .filter(|old| !old.host.eq_ignore_ascii_case(node.host))
                .map(ServingNodeRef::to_owned);
            Ok(Update::Put(value.take().unwrap_or_else(|| node.encode())))
        })?;
        self.forget_registration(subscriber, kind);
        Ok(previous)
    }

    /// Records `node` as the serving node of `kind` unless another node holds it, in one
    /// atomic read-modify-write (two nodes registering at once cannot both win): returns the
    /// other node when one holds the registration (nothing is written then). For SWx SAR
    /// REGISTRATION, where a second 3GPP AAA server is refused rather than taking over.
    pub fn claim_serving_node(
        &self,
        subscriber: SubscriberKey,
        kind: NodeKind,
        node: ServingNodeRef<'_>,
    ) -> Result<Option<ServingNode>, StoreError> {
        node.validate()?;
        self.subscriber_entry(subscriber)?;
        let mut holder = None;
        let key = keys::serving_node_key(subscriber.get(), kind.code());
        self.backend.update(Kind::ServingNode, &key, SERVING_WRITE, &mut |current| {
            // A corrupt record holds nothing: it is overwritten.
            holder = current
                .and_then(|v| ServingNodeRef::decode(v).ok())
                .filter(|old| !old.host.eq_ignore_ascii_case(node.host))
                .map(ServingNodeRef::to_owned);
            Ok(if holder.is_some() { Update::Keep } else { Update::Put(node.encode()) })
        })?;
        if holder.is_none() {
            self.forget_registration(subscriber, kind);
        }
        Ok(holder)
    }

    /// Clears the serving node of `kind` (PUR, or the operator) and returns the record
    /// removed. With `only_host`, clears only if that node (compared ignoring ASCII case, as
    /// DiameterIdentities are) is the one registered: a purge from an MME the subscriber has
    /// already left must not erase the newer registration.
    pub fn clear_serving_node(
        &self,
        subscriber: SubscriberKey,
        kind: NodeKind,
        only_host: Option<&str>,
    ) -> Result<Option<ServingNode>, StoreError> {
        let mut removed = None;
        let key = keys::serving_node_key(subscriber.get(), kind.code());
        self.backend.update(Kind::ServingNode, &key, SERVING_WRITE, &mut |current| {
            let Some(value) = current else { return Ok(Update::Keep) };
            let node = match ServingNode::decode(value) {
                Ok(node) => node,
                // Unreadable: an unconditional clear still removes it.
                Err(_) if only_host.is_none() => return Ok(Update::Delete),
                Err(c) => return Err(super::corrupt(c)),
            };
            if only_host.is_some_and(|host| !host.eq_ignore_ascii_case(&node.host)) {
                return Ok(Update::Keep);
            }
            removed = Some(node);
            Ok(Update::Delete)
        })?;
        self.forget_registration(subscriber, kind);
        Ok(removed)
    }

    /// The host of the 3GPP AAA server registered for `subscriber` (SWx), from its cache entry
    /// once read: the MAR path asks on every request, and the registration changes only with a
    /// SAR or the operator (whose writes make the entry forget it).
    pub fn aaa_server(&self, subscriber: SubscriberKey) -> Result<Option<Arc<str>>, StoreError> {
        let entry = self.cache.get(subscriber.get());
        let generation = match entry.as_deref().map(CachedSubscriber::aaa_server) {
            Some(Ok(known)) => return Ok(known),
            Some(Err(generation)) => Some(generation),
            None => None,
        };
        let host = self.serving_node(subscriber, NodeKind::Aaa)?.map(|n| Arc::from(n.host));
        if let (Some(entry), Some(generation)) = (entry, generation) {
            entry.fill_aaa_server(generation, host.clone());
        }
        Ok(host)
    }

    /// After a write of a registration the entry caches: forget it.
    fn forget_registration(&self, subscriber: SubscriberKey, kind: NodeKind) {
        if kind == NodeKind::Aaa {
            self.cache.peek(subscriber.get(), CachedSubscriber::forget_aaa_server);
        }
    }

    /// The serving node of `kind`, if one is registered.
    pub fn serving_node(
        &self,
        subscriber: SubscriberKey,
        kind: NodeKind,
    ) -> Result<Option<ServingNode>, StoreError> {
        let key = keys::serving_node_key(subscriber.get(), kind.code());
        match self.backend.get(Kind::ServingNode, &key)? {
            None => Ok(None),
            Some(v) => Ok(Some(ServingNode::decode(&v).map_err(super::corrupt)?)),
        }
    }
}
