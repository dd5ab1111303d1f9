//! Provisioning of authentication data. Keys go in; reads return [`AuthInfo`], which shows
//! only that keys are set.

use zeroize::Zeroize;

use super::{Page, Store, imsi_from_key};
use crate::backend::{Durability, Update, WriteBatch};
use crate::error::{Entity, StoreError};
use crate::keys::{self, Kind};
use crate::model::{AuthData, AuthInfo, AuthUpdate, Imsi, StoredAuth};
use crate::sqn_mark;

impl Store {
    /// Stores authentication data for `imsi` (the subscriber profile may be created before or
    /// after). The SQN reservation mark starts at `data.sqn`, unless the IMSI's deleted
    /// authentication data left a higher one (a tombstone): the same SIM created again then
    /// continues above every SQN it was given. Only [`Self::update_auth`] with an explicit
    /// `sqn` lowers a mark.
    ///
    /// Errors: [`StoreError::Invalid`], [`StoreError::Duplicate`] if the IMSI has auth data.
    pub fn create_auth(&self, imsi: Imsi, data: &AuthData) -> Result<(), StoreError> {
        data.validate()?;
        let stored = StoredAuth::new(&data.ki, &data.operator_key, data.amf);
        let _guard = self.lock_provisioning();
        let key = keys::subscriber_key(imsi.packed());
        if self.exists(Kind::Auth, &key)? {
            return Err(StoreError::Duplicate { entity: Entity::AuthData, field: "imsi" });
        }
        let mut batch = WriteBatch::new();
        batch.put(Kind::Auth, &key, stored.encode(&key, &self.keyring)?);
        if !self.keep_mark(&key, data.sqn)? {
            batch.put(Kind::SqnReservation, &key, self.boot.record(data.sqn));
        }
        self.add_count(&mut batch, Kind::Auth, 1)?;
        self.commit(&batch, Durability::Synced)?;
        self.cache.invalidate(imsi.packed());
        Ok(())
    }

    /// What is provisioned, without the keys.
    ///
    /// Errors: [`StoreError::NotFound`].
    pub fn auth(&self, imsi: Imsi) -> Result<AuthInfo, StoreError> {
        let key = keys::subscriber_key(imsi.packed());
        let stored = self.read_auth(&key)?.ok_or(StoreError::NotFound(Entity::AuthData))?;
        Ok(stored.info(imsi, self.sqn_mark(&key)?))
    }

    /// Page `page` (from 0) of `page_size` authentication records in IMSI order, and the
    /// total.
    pub fn list_auth(&self, page: usize, page_size: usize) -> Result<Page<AuthInfo>, StoreError> {
        self.page(Kind::Auth, page, page_size, |key, value| {
            let imsi = imsi_from_key(Kind::Auth, key)?;
            let stored =
                StoredAuth::decode(value, key, &self.keyring).map_err(super::corrupt_auth)?;
            Ok(stored.info(imsi, self.sqn_mark(key)?))
        })
    }

    /// Changes keys, AMF or the SQN state, in one synced write. A new SQN is an operator reset:
    /// the next vector uses a higher SQN than it, even if that is lower than SQNs already used
    /// (or than the mark deleted authentication data left); it is the only way a mark goes
    /// down, and SQNs above the new value may then be handed out again, which is the
    /// operator's call.
    ///
    /// The mark goes in the keys' batch, not through the backend's `update`: an AIR reserving a
    /// block at that moment may write its (higher) mark after it, and the reset is then lost,
    /// never an SQN reused; reading the mark back tells.
    ///
    /// Errors: [`StoreError::NotFound`], [`StoreError::Invalid`].
    pub fn update_auth(&self, imsi: Imsi, update: &AuthUpdate) -> Result<(), StoreError> {
        update.validate()?;
        let _guard = self.lock_provisioning();
        let key = keys::subscriber_key(imsi.packed());
        let old = self.read_auth(&key)?.ok_or(StoreError::NotFound(Entity::AuthData))?;
        let mut batch = WriteBatch::new();
        batch.put(Kind::Auth, &key, old.updated(update).encode(&key, &self.keyring)?);
        if let Some(sqn) = update.sqn {
            batch.put(Kind::SqnReservation, &key, self.boot.record(sqn));
        }
        self.commit(&batch, Durability::Synced)?;
        self.cache.invalidate(imsi.packed());
        Ok(())
    }

    /// Deletes authentication data; the profile stays, and so does the SQN mark (a
    /// tombstone, see [`Self::create_auth`]).
    ///
    /// Errors: [`StoreError::NotFound`].
    pub fn delete_auth(&self, imsi: Imsi) -> Result<(), StoreError> {
        let _guard = self.lock_provisioning();
        let key = keys::subscriber_key(imsi.packed());
        if !self.exists(Kind::Auth, &key)? {
            return Err(StoreError::NotFound(Entity::AuthData));
        }
        let mut batch = WriteBatch::new();
        batch.delete(Kind::Auth, &key);
        self.add_count(&mut batch, Kind::Auth, -1)?;
        self.commit(&batch, Durability::Synced)?;
        self.cache.invalidate(imsi.packed());
        Ok(())
    }

    /// Keeps the SQN mark that deleted authentication data left under `key`, raised to `sqn`
    /// if that is higher. Returns whether there was one; if not, the caller writes `sqn` with
    /// the new keys. The raise goes through the backend's `update` (its own synced write, before
    /// the keys'), so a request still finishing with the old keys, whose reservation moves the
    /// mark up meanwhile, is never undone. The caller holds the provisioning lock.
    pub(super) fn keep_mark(&self, key: &[u8], sqn: u64) -> Result<bool, StoreError> {
        match self.read_mark(key)? {
            None => Ok(false),
            Some(mark) if mark >= sqn => Ok(true),
            Some(_) => {
                self.backend.update(Kind::SqnReservation, key, Durability::Synced, &mut |cur| {
                    let mark = cur.map(|v| self.decode_mark(v)).transpose()?;
                    Ok(match mark {
                        Some(mark) if mark >= sqn => Update::Keep,
                        _ => Update::Put(self.boot.record(sqn)),
                    })
                })?;
                Ok(true)
            }
        }
    }

    /// The authentication data stored under subscriber key `key`, unwrapped (the raw value
    /// is wiped).
    pub(crate) fn read_auth(&self, key: &[u8]) -> Result<Option<StoredAuth>, StoreError> {
        let Some(mut raw) = self.backend.get(Kind::Auth, key)? else { return Ok(None) };
        let stored = StoredAuth::decode(&raw, key, &self.keyring).map_err(super::corrupt_auth);
        raw.zeroize();
        stored.map(Some)
    }

    /// The persisted SQN reservation mark (0 if none).
    fn sqn_mark(&self, key: &[u8]) -> Result<u64, StoreError> {
        Ok(self.read_mark(key)?.unwrap_or(0))
    }

    /// The persisted SQN reservation mark, if any, as its bound in this boot: above every SQN
    /// that may have been handed out (`sqn_mark.rs`).
    pub(super) fn read_mark(&self, key: &[u8]) -> Result<Option<u64>, StoreError> {
        let stored = self.backend.get(Kind::SqnReservation, key)?;
        stored.as_deref().map(|v| self.decode_mark(v)).transpose()
    }

    /// A stored SQN reservation record's bound in this boot (what every reservation and
    /// resync starts from); a record that does not decode is logged as corrupt.
    pub(super) fn decode_mark(&self, v: &[u8]) -> Result<u64, StoreError> {
        sqn_mark::bound(v, &self.boot, self.config.sqn).map_err(|e| match e {
            StoreError::Corrupt(c) => super::corrupt(c),
            e => e,
        })
    }
}
