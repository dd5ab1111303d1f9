//! Provisioning of authentication data. Keys go in; reads return [`AuthInfo`], which shows
//! only that keys are set.

use super::{Page, Store, imsi_from_key};
use crate::backend::{Durability, Update, WriteBatch};
use crate::error::{Entity, StoreError};
use crate::keys::{self, Kind};
use crate::model::{AuthData, AuthInfo, AuthUpdate, Imsi, StoredAuth};
use crate::value;

impl Store {
    /// Stores authentication data for `imsi` (the subscriber profile may be created before or
    /// after). The SQN reservation mark starts at `data.sqn`.
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
        batch.put(Kind::Auth, &key, stored.encode()).put(
            Kind::SqnReservation,
            &key,
            value::encode_u64(data.sqn),
        );
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
            let stored = StoredAuth::decode(value).map_err(super::corrupt)?;
            Ok(stored.info(imsi, self.sqn_mark(key)?))
        })
    }

    /// Changes keys, AMF or the SQN state. A new SQN is an operator reset: the next vector
    /// uses a higher SQN than it, even if that is lower than SQNs already used.
    ///
    /// Errors: [`StoreError::NotFound`], [`StoreError::Invalid`].
    pub fn update_auth(&self, imsi: Imsi, update: &AuthUpdate) -> Result<(), StoreError> {
        update.validate()?;
        let _guard = self.lock_provisioning();
        let key = keys::subscriber_key(imsi.packed());
        let old = self.read_auth(&key)?.ok_or(StoreError::NotFound(Entity::AuthData))?;
        let mut batch = WriteBatch::new();
        batch.put(Kind::Auth, &key, old.updated(update).encode());
        self.commit(&batch, Durability::Synced)?;
        if let Some(sqn) = update.sqn {
            // Through `update`, so it cannot interleave with a block reservation.
            self.backend.update(Kind::SqnReservation, &key, Durability::Synced, &mut |_| {
                Ok(Update::Put(value::encode_u64(sqn)))
            })?;
        }
        self.cache.invalidate(imsi.packed());
        Ok(())
    }

    /// Deletes authentication data and the SQN state; the profile stays.
    ///
    /// Errors: [`StoreError::NotFound`].
    pub fn delete_auth(&self, imsi: Imsi) -> Result<(), StoreError> {
        let _guard = self.lock_provisioning();
        let key = keys::subscriber_key(imsi.packed());
        if !self.exists(Kind::Auth, &key)? {
            return Err(StoreError::NotFound(Entity::AuthData));
        }
        let mut batch = WriteBatch::new();
        batch.delete(Kind::Auth, &key).delete(Kind::SqnReservation, &key);
        self.add_count(&mut batch, Kind::Auth, -1)?;
        self.commit(&batch, Durability::Synced)?;
        self.cache.invalidate(imsi.packed());
        Ok(())
    }

    pub(crate) fn read_auth(&self, key: &[u8]) -> Result<Option<StoredAuth>, StoreError> {
        self.backend
            .get(Kind::Auth, key)?
            .map(|v| StoredAuth::decode(&v).map_err(super::corrupt))
            .transpose()
    }

    /// The persisted SQN reservation mark (0 if none).
    fn sqn_mark(&self, key: &[u8]) -> Result<u64, StoreError> {
        match self.backend.get(Kind::SqnReservation, key)? {
            None => Ok(0),
            Some(v) => Ok(value::decode_u64(Kind::SqnReservation, &v).map_err(super::corrupt)?),
        }
    }
}
