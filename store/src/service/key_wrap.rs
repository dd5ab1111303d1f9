//! The key-encryption key against the database: its check at open, and the re-wrap of every
//! authentication record under the current KEK (a KEK rotation, or the encryption of a
//! database stored before KEKs).
//!
//! `meta` keys:
//!
//! ```text
//! kek/check   0x01 | kek_id u32 BE | nonce 12 | tag 16    AES-256-GCM of nothing, associated
//!                                                         data "kek-check" | kek_id
//! kek/next    u64 (value::encode_u64): the id a re-wrap under way wraps under
//! ```
//!
//! The check value is written by the first open with a KEK; from then on an open needs a KEK
//! that authenticates it (or, during a rotation, a previous KEK that does). A re-wrap writes
//! `kek/next` first and replaces `kek/check` and removes `kek/next` last, so an interrupted
//! one is seen at the next open and can be run again: records already under the new key are
//! skipped.
//!
//! # Rotation
//!
//! 1. Open the store with the new key as [`StoreConfig::kek`](crate::StoreConfig::kek) and the old one as
//!    [`StoreConfig::previous_kek`](crate::StoreConfig::previous_kek). The store serves as usual: it reads records under either
//!    key and writes under the new one.
//! 2. Call [`Store::rewrap_keys`]: every record is re-wrapped under the new key in synced
//!    batches, the check value replaced, then the column family compacted so that no file
//!    keeps a record under the old key.
//! 3. From the next start on, the new key alone opens the database; the old one can be
//!    destroyed.
//!
//! The same call with no previous key encrypts a database provisioned without a KEK.

use zeroize::Zeroize;

use super::Store;
use crate::backend::{Backend, Durability, Entries, WriteBatch};
use crate::error::KekError;
use crate::error::{Corrupt, StoreError};
use crate::kek::{Kek, Keyring, NONCE_LEN, TAG_LEN};
use crate::keys::{self, Kind};
use crate::model::StoredAuth;
use crate::value::{self, Reader, Writer};

const CHECK_KEY: &[u8] = b"kek/check";
const NEXT_KEY: &[u8] = b"kek/next";
const CHECK_V1: u8 = 1;
/// Records re-wrapped per synced write.
const REWRAP_BATCH: usize = 1000;

/// What [`Store::rewrap_keys`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RewrapReport {
    /// The KEK everything is now under.
    pub key_id: u32,
    /// Records that were under another KEK.
    pub rewrapped: u64,
    /// Records that were in plaintext.
    pub encrypted: u64,
    /// Records already under the KEK (an earlier, interrupted re-wrap).
    pub unchanged: u64,
}

/// A stored check value.
struct Check {
    id: u32,
    nonce: [u8; NONCE_LEN],
    tag: [u8; TAG_LEN],
}

fn check_aad(id: u32) -> [u8; 13] {
    let mut aad = [0u8; 13];
    aad[..9].copy_from_slice(b"kek-check");
    aad[9..].copy_from_slice(&id.to_be_bytes());
    aad
}

/// The check value of `kek`.
fn check_value(kek: &Kek) -> Result<Vec<u8>, StoreError> {
    let (nonce, tag) = kek.seal(&check_aad(kek.id()), &mut [])?;
    let mut w = Writer::new(CHECK_V1);
    w.u32(kek.id()).bytes(&nonce).bytes(&tag);
    Ok(w.finish())
}

fn read_check(backend: &dyn Backend) -> Result<Option<Check>, StoreError> {
    let Some(v) = backend.get(Kind::Meta, CHECK_KEY)? else { return Ok(None) };
    let mut r = Reader::new(Kind::Meta, &v, CHECK_V1)?;
    let check = Check { id: r.u32()?, nonce: r.array()?, tag: r.array()? };
    r.finish()?;
    Ok(Some(check))
}

/// The id of the KEK a re-wrap under way wraps under.
fn read_next(backend: &dyn Backend) -> Result<Option<u32>, StoreError> {
    let Some(v) = backend.get(Kind::Meta, NEXT_KEY)? else { return Ok(None) };
    let id = value::decode_u64(Kind::Meta, &v)?;
    let id = u32::try_from(id).map_err(|_| Corrupt { kind: Kind::Meta, reason: "bad KEK id" })?;
    Ok(Some(id))
}

/// The keyring of a store opening over `backend` with `kek` (and `previous`), once checked
/// against the database's check value, which the first open with a KEK writes.
///
/// Errors: [`KekError::Required`] without a KEK for a database that has one;
/// [`KekError::WrongKey`] / [`KekError::OtherKey`] for a key that does not fit;
/// [`KekError::Unfinished`] when a re-wrap under a key not given did not finish.
pub(super) fn open_keyring(
    backend: &dyn Backend,
    kek: Option<Kek>,
    previous: Option<Kek>,
) -> Result<Keyring, StoreError> {
    let ring = Keyring::new(kek, previous)?;
    if let Some(to) = read_next(backend)?
        && ring.key(to).is_err()
    {
        return Err(KekError::Unfinished { to }.into());
    }
    match (read_check(backend)?, ring.current()?) {
        (None, None) => {}
        (Some(check), None) => return Err(KekError::Required { id: check.id }.into()),
        (Some(check), Some(current)) => {
            let kek = ring
                .key(check.id)
                .map_err(|_| KekError::OtherKey { stored: check.id, given: current.id() })?;
            kek.open(&check_aad(check.id), &check.nonce, &mut [], &check.tag)
                .map_err(|_| KekError::WrongKey { id: check.id })?;
            if check.id != current.id() {
                tracing::warn!(
                    from = check.id,
                    to = current.id(),
                    "key material is being moved to a new key-encryption key: re-wrap it"
                );
            }
        }
        (None, Some(current)) => {
            let mut batch = WriteBatch::new();
            batch.put(Kind::Meta, CHECK_KEY, check_value(current)?);
            backend.write(&batch, Durability::Synced)?;
            let auth = backend.get(Kind::Meta, keys::count_key(Kind::Auth))?;
            if auth.is_some_and(|v| value::decode_u64(Kind::Meta, &v).is_ok_and(|n| n > 0)) {
                tracing::warn!(
                    key_id = current.id(),
                    "authentication data stored before the key-encryption key stays in \
                     plaintext until it is re-wrapped"
                );
            }
        }
    }
    Ok(ring)
}

impl Store {
    /// Re-wraps every authentication record that is not under the current key-encryption
    /// key ([`StoreConfig::kek`](crate::StoreConfig::kek)): records under the previous KEK, and records stored in
    /// plaintext. Synced batches of 1,000; provisioning waits meanwhile, the Diameter path
    /// does not (the cache keeps the unwrapped keys). Then the check value is replaced, so
    /// that the current KEK alone opens the database, and the column family compacted, so
    /// that no file keeps a record as it was (see the module documentation for the whole
    /// rotation). Records already under the KEK are skipped: an interrupted re-wrap is run
    /// again as it was.
    ///
    /// Errors: [`KekError::NotConfigured`] without a KEK; a record under a key the store was
    /// not given ([`KekError::UnknownKey`]), or that does not authenticate, stops the re-wrap
    /// (what was re-wrapped stays so).
    pub fn rewrap_keys(&self) -> Result<RewrapReport, StoreError> {
        let kek = self.keyring.current()?.ok_or(KekError::NotConfigured)?;
        let _guard = self.lock_provisioning();
        let mut batch = WriteBatch::new();
        batch.put(Kind::Meta, NEXT_KEY, value::encode_u64(kek.id().into()));
        self.backend.write(&batch, Durability::Synced)?;
        let mut report = RewrapReport { key_id: kek.id(), ..RewrapReport::default() };
        let mut start = Vec::new();
        loop {
            let mut entries = Entries::new();
            self.backend.scan_range(Kind::Auth, &start, None, REWRAP_BATCH, &mut entries)?;
            let done = entries.len() < REWRAP_BATCH;
            let outcome = self.rewrap_batch(kek, &entries, &mut report);
            if let Some((last, _)) = entries.last() {
                start.clone_from(last);
                start.push(0);
            }
            entries.iter_mut().for_each(|(_, v)| v.zeroize());
            outcome?;
            if done {
                break;
            }
        }
        let mut batch = WriteBatch::new();
        batch.put(Kind::Meta, CHECK_KEY, check_value(kek)?);
        batch.delete(Kind::Meta, NEXT_KEY);
        self.backend.write(&batch, Durability::Synced)?;
        self.backend.compact(Kind::Auth)?;
        tracing::info!(?report, "key material re-wrapped");
        Ok(report)
    }

    /// Re-wraps the records of `entries` not under `kek`, in one synced write.
    fn rewrap_batch(
        &self,
        kek: &Kek,
        entries: &Entries,
        report: &mut RewrapReport,
    ) -> Result<(), StoreError> {
        let mut batch = WriteBatch::with_capacity(entries.len());
        for (key, value) in entries {
            match StoredAuth::key_id(value) {
                Some(id) if id == kek.id() => {
                    report.unchanged += 1;
                    continue;
                }
                Some(_) => report.rewrapped += 1,
                None => report.encrypted += 1,
            }
            let stored = StoredAuth::decode(value, key, &self.keyring)?;
            batch.put(Kind::Auth, key, stored.encode(key, &self.keyring)?);
        }
        if !batch.is_empty() {
            self.backend.write(&batch, Durability::Synced)?;
        }
        Ok(())
    }

    /// The id of the KEK new key material is wrapped under (`None`: stored in plaintext).
    pub fn kek_id(&self) -> Option<u32> {
        self.keyring.current().ok().flatten().map(Kek::id)
    }
}
