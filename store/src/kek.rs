//! The key-encryption key (KEK): Ki and OPc are stored encrypted under it, with AES-256-GCM
//! (NIST SP 800-38D), so that neither appears in the database's files (SST, WAL, MANIFEST)
//! nor in a copy of them.
//!
//! Where the KEK comes from is the caller's business: [`Kek::from_file`] or [`Kek::parse`] (an
//! environment variable), both in the text form
//!
//! ```text
//! ID:HEX          e.g.  7:000102…1f   (64 hex digits: the 32 octets of an AES-256 key)
//! ```
//!
//! `ID` is a decimal number, 1..=4294967295, chosen by the operator and unique per key: it is
//! stored beside every value wrapped under the key, so that a rotation can tell which
//! records are already under the new key. Surrounding white space (a final newline) is
//! ignored. A new key: `printf '2:%s\n' "$(openssl rand -hex 32)" > kek`.
//!
//! Each wrap uses a fresh random 96-bit nonce (SP 800-38D §8.2.2: at most 2^32 wraps per key,
//! far above what a subscriber base's provisioning writes). What a record's key material is
//! bound to (the subscriber, the key id, AMF) goes in as associated data, so a wrapped value
//! copied to another subscriber does not decrypt. The key schedule is wiped when the
//! [`Kek`] is dropped.

use std::path::{Path, PathBuf};

use aes_gcm::aead::array::Array;
use aes_gcm::{AeadInOut, Aes256Gcm, KeyInit};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{KekError, StoreError};

/// Octets of a GCM nonce.
pub(crate) const NONCE_LEN: usize = 12;
/// Octets of a GCM tag.
pub(crate) const TAG_LEN: usize = 16;

/// A key-encryption key: an AES-256 key and the id stored beside what it wraps. `Debug`
/// shows the id only; equality compares the id and a one-way fingerprint of the key.
#[derive(Clone)]
pub struct Kek {
    id: u32,
    cipher: Aes256Gcm,
    /// The first octets of SHA-256 over a label and the key: tells keys apart, reveals nothing.
    fingerprint: [u8; 8],
}

/// Why a KEK could not be loaded. Never shows key material.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KekLoadError {
    /// The file could not be read.
    #[error("key-encryption key file {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// The text is not `ID:HEX` with 64 hex digits and an id of 1..=4294967295.
    #[error(
        "key-encryption key: {0} (expected ID:HEX, a decimal id 1..=4294967295 and 64 hex digits)"
    )]
    Format(&'static str),
}

impl Kek {
    /// The key `key` with id `id` (not 0).
    pub fn new(id: u32, key: &[u8; 32]) -> Result<Self, KekLoadError> {
        if id == 0 {
            return Err(KekLoadError::Format("the id must not be 0"));
        }
        let mut hash = Sha256::new();
        hash.update(b"hss kek fingerprint\0");
        hash.update(key);
        let digest = hash.finalize();
        let mut fingerprint = [0u8; 8];
        fingerprint.copy_from_slice(&digest[..8]);
        Ok(Self { id, cipher: Aes256Gcm::new(&Array::from(*key)), fingerprint })
    }

    /// A key from its text form `ID:HEX` (see the module documentation).
    pub fn parse(text: &str) -> Result<Self, KekLoadError> {
        let (id, hex) = text.trim().split_once(':').ok_or(KekLoadError::Format("no ':'"))?;
        let id = id.parse::<u32>().map_err(|_| KekLoadError::Format("bad id"))?;
        let hex = hex.as_bytes();
        if hex.len() != 64 {
            return Err(KekLoadError::Format("the key must be 64 hex digits"));
        }
        let mut key = Zeroizing::new([0u8; 32]);
        for (o, pair) in key.iter_mut().zip(hex.chunks_exact(2)) {
            let nibble =
                |c: u8| (c as char).to_digit(16).ok_or(KekLoadError::Format("the key is not hex"));
            // to_digit(16) < 16, so both casts are exact.
            *o = (nibble(pair[0])? as u8) << 4 | nibble(pair[1])? as u8;
        }
        Self::new(id, &key)
    }

    /// A key from a file holding its text form (see the module documentation). The file's
    /// content is wiped from memory once parsed. A file other users may read is accepted,
    /// with a warning.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, KekLoadError> {
        let path = path.as_ref();
        let io = |source| KekLoadError::Io { path: path.to_owned(), source };
        let bytes = Zeroizing::new(std::fs::read(path).map_err(io)?);
        warn_if_shared(path);
        let text = std::str::from_utf8(&bytes).map_err(|_| KekLoadError::Format("not text"))?;
        Self::parse(text)
    }

    /// The key's id.
    pub const fn id(&self) -> u32 {
        self.id
    }

    /// Encrypts `data` in place; returns the nonce and the tag.
    pub(crate) fn seal(
        &self,
        aad: &[u8],
        data: &mut [u8],
    ) -> Result<([u8; NONCE_LEN], [u8; TAG_LEN]), StoreError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|_| StoreError::Random)?;
        let tag = self
            .cipher
            .encrypt_inout_detached(&Array::from(nonce), aad, data.into())
            // Only for inputs longer than GCM allows (2^36 octets); ours are 32.
            .map_err(|_| StoreError::Kek(KekError::Unauthentic { id: self.id }))?;
        Ok((nonce, tag.into()))
    }

    /// Decrypts `data` in place if it authenticates with `aad`, `nonce` and `tag`; on failure
    /// `data` is wiped.
    pub(crate) fn open(
        &self,
        aad: &[u8],
        nonce: &[u8; NONCE_LEN],
        data: &mut [u8],
        tag: &[u8; TAG_LEN],
    ) -> Result<(), KekError> {
        self.cipher
            .decrypt_inout_detached(&Array::from(*nonce), aad, data.into(), &Array::from(*tag))
            .map_err(|_| {
                data.zeroize();
                KekError::Unauthentic { id: self.id }
            })
    }
}

impl core::fmt::Debug for Kek {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Kek").field("id", &self.id).finish_non_exhaustive()
    }
}

impl PartialEq for Kek {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.fingerprint == other.fingerprint
    }
}

impl Eq for Kek {}

#[cfg(unix)]
fn warn_if_shared(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        tracing::warn!(
            path = %path.display(),
            "the key-encryption key file is readable by other users: make it mode 0400 or 0600"
        );
    }
}

#[cfg(not(unix))]
fn warn_if_shared(_: &Path) {}

/// The KEKs a store works with: the current one (wraps every write; `None`: key material is
/// stored in plaintext, as before KEKs existed) and, while a rotation is under way, the
/// previous one (unwraps only). A store whose KEK check failed holds the failure instead and
/// refuses all key material.
#[derive(Debug, Default)]
pub(crate) struct Keyring {
    current: Option<Kek>,
    previous: Option<Kek>,
    refused: Option<KekError>,
}

impl Keyring {
    /// A keyring of `current` and `previous` (a previous key needs a current one).
    pub(crate) fn new(current: Option<Kek>, previous: Option<Kek>) -> Result<Self, KekError> {
        if current.is_none() && previous.is_some() {
            return Err(KekError::NotConfigured);
        }
        Ok(Self { current, previous, refused: None })
    }

    /// A keyring that refuses every use with `error`.
    pub(crate) fn refused(error: KekError) -> Self {
        Self { current: None, previous: None, refused: Some(error) }
    }

    /// The key new values are wrapped under (`None`: stored in plaintext).
    pub(crate) fn current(&self) -> Result<Option<&Kek>, KekError> {
        match self.refused {
            Some(e) => Err(e),
            None => Ok(self.current.as_ref()),
        }
    }

    /// The key with id `id`, current or previous.
    pub(crate) fn key(&self, id: u32) -> Result<&Kek, KekError> {
        if let Some(e) = self.refused {
            return Err(e);
        }
        [&self.current, &self.previous].into_iter().flatten().find(|k| k.id == id).ok_or(
            match &self.current {
                None => KekError::Required { id },
                Some(_) => KekError::UnknownKey { id },
            },
        )
    }

    /// Fails as the store does when its KEK check failed.
    pub(crate) fn usable(&self) -> Result<(), KekError> {
        self.refused.map_or(Ok(()), Err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    #[test]
    fn text_form() {
        let k = Kek::parse(&format!("7:{HEX}\n")).expect("parse");
        assert_eq!(k.id(), 7);
        assert_eq!(format!("{k:?}"), "Kek { id: 7, .. }");
        assert_eq!(k, Kek::new(7, &core::array::from_fn(|i| i as u8)).expect("new"));
        assert_ne!(k, Kek::new(7, &[0; 32]).expect("new"));
        for bad in ["", HEX, "0:00", &format!("0:{HEX}"), &format!("x:{HEX}"), "1:zz"] {
            assert!(matches!(Kek::parse(bad), Err(KekLoadError::Format(_))), "{bad}");
        }
        // The error does not echo what was given.
        let err = Kek::parse(&format!("1:{}", "Z".repeat(64))).expect_err("not hex");
        assert!(!err.to_string().contains('Z'), "{err}");
    }

    #[test]
    fn from_file_reads_the_text_form() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("kek");
        std::fs::write(&path, format!("3:{HEX}\n")).expect("write");
        assert_eq!(Kek::from_file(&path).expect("file").id(), 3);
        let missing = Kek::from_file(dir.path().join("none")).expect_err("missing");
        assert!(missing.to_string().contains("none"), "{missing}");
    }

    #[test]
    fn seal_and_open() {
        let k = Kek::parse(&format!("1:{HEX}")).expect("parse");
        let mut data = *b"0123456789abcdef0123456789abcdef";
        let (nonce, tag) = k.seal(b"aad", &mut data).expect("seal");
        assert_ne!(&data, b"0123456789abcdef0123456789abcdef");
        let sealed = data;
        k.open(b"aad", &nonce, &mut data, &tag).expect("open");
        assert_eq!(&data, b"0123456789abcdef0123456789abcdef");
        let mut moved = sealed;
        assert_eq!(
            k.open(b"other", &nonce, &mut moved, &tag),
            Err(KekError::Unauthentic { id: 1 })
        );
        assert_eq!(moved, [0; 32]);
    }

    #[test]
    fn keyring_finds_keys_by_id() {
        let one = Kek::new(1, &[1; 32]).expect("kek");
        let two = Kek::new(2, &[2; 32]).expect("kek");
        assert_eq!(Keyring::new(None, Some(one.clone())).err(), Some(KekError::NotConfigured));
        let ring = Keyring::new(Some(two), Some(one)).expect("ring");
        assert_eq!(ring.key(1).map(Kek::id), Ok(1));
        assert_eq!(ring.current().map(|k| k.map(Kek::id)), Ok(Some(2)));
        assert_eq!(ring.key(3).err(), Some(KekError::UnknownKey { id: 3 }));
        assert_eq!(Keyring::default().key(3).err(), Some(KekError::Required { id: 3 }));
        let refused = Keyring::refused(KekError::WrongKey { id: 1 });
        assert_eq!(refused.current().err(), Some(KekError::WrongKey { id: 1 }));
    }
}
