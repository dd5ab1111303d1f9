//! Revealing a subscriber's key material (Ella Core's `GET /subscribers/{imsi}/credentials`):
//! only with the read recorded in the operation log first (who and when), so that no key
//! leaves the store unaudited.

use super::Store;
use super::oplog::OpContext;
use crate::error::{Entity, StoreError};
use crate::keys;
use crate::model::{Imsi, OpcSource};

/// A subscriber's key material. Its `Debug` shows none of it; dropping it wipes it.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// Ki.
    pub ki: [u8; 16],
    /// OPc (given, or derived from the OP given).
    pub opc: [u8; 16],
    /// Whether OPc was given or derived from OP.
    pub opc_source: OpcSource,
    /// AMF.
    pub amf: [u8; 2],
    /// The SQN reservation mark.
    pub sqn: u64,
}

/// The keys are wiped when the value is dropped.
impl Drop for Credentials {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.ki.zeroize();
        self.opc.zeroize();
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").finish_non_exhaustive()
    }
}

impl Store {
    /// `imsi`'s key material, after recording the read for `context` in the operation log
    /// (synced): a failed record returns no keys. Returns the record's number too.
    pub fn reveal_credentials(
        &self,
        imsi: Imsi,
        context: &OpContext,
    ) -> Result<(Credentials, u64), StoreError> {
        let key = keys::subscriber_key(imsi.packed());
        let stored = self.read_auth(&key)?.ok_or(StoreError::NotFound(Entity::AuthData))?;
        let sqn = self.auth(imsi)?.sqn_reserved;
        let seq = self.record_access(context, "auth", &imsi.to_string())?;
        Ok((
            Credentials {
                ki: stored.ki,
                opc: stored.opc,
                opc_source: stored.opc_source,
                amf: stored.amf,
                sqn,
            },
            seq,
        ))
    }
}
