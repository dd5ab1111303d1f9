//! Authentication data: Ki, OPc (computed once from OP when the operator gives OP), AMF, and
//! the SQN state. Keys go in through [`AuthData`]; what comes out is [`AuthInfo`], which only
//! says that they are set.
//!
//! Stored values (`auth` column family, keyed by the subscriber key):
//!
//! ```text
//! v1 (no KEK):  0x01 | ki 16 | opc 16 | opc_source u8 (0 OPc, 1 OP) | amf 2           36 octets
//! v2 (a KEK):   0x02 | kek_id u32 BE | nonce 12 | AES-256-GCM(ki 16 | opc 16) 32 | tag 16
//!                    | opc_source u8 | amf 2                                          68 octets
//! ```
//!
//! v2's associated data is `"auth" | 0x02 | kek_id | subscriber key 8 | opc_source | amf`:
//! the wrapped keys are bound to their subscriber and to the AMF beside them (see
//! `crate::kek`). A store with a KEK writes v2 and still reads v1 (a database from before the
//! KEK, until it is re-wrapped); one without writes and reads v1 only.

use zeroize::Zeroize;

use super::ids::{Imsi, Key128};
use crate::auc::{self, sqn::SQN_MAX};
use crate::error::{Corrupt, InvalidField, StoreError};
use crate::kek::{Kek, Keyring, NONCE_LEN, TAG_LEN};
use crate::keys::Kind;
use crate::value::{Reader, Writer};

/// The operator variant as provisioned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperatorKey {
    /// OP: the store computes OPc = OP ⊕ E\[OP\]Ki once and keeps only OPc.
    Op(Key128),
    /// OPc as the card vendor delivered it.
    Opc(Key128),
}

/// Authentication data to create, or a full replacement of the keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthData {
    /// The subscriber key K.
    pub ki: Key128,
    /// OP or OPc.
    pub operator_key: OperatorKey,
    /// Authentication Management Field (TS 33.102 Annex H), e.g. `[0x80, 0x00]`.
    pub amf: [u8; 2],
    /// The last SQN the card has seen (0 for a new card): the next vector uses a higher one.
    pub sqn: u64,
}

/// A partial update of authentication data. Ki cannot change without OP/OPc: the stored OPc
/// was derived with the old Ki.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthUpdate {
    /// A new K.
    pub ki: Option<Key128>,
    /// A new OP or OPc.
    pub operator_key: Option<OperatorKey>,
    /// A new AMF.
    pub amf: Option<[u8; 2]>,
    /// Sets the SQN state as [`AuthData::sqn`] does: an operator reset (new card, manual
    /// resync); the next vector uses a higher SQN than this.
    pub sqn: Option<u64>,
}

/// Where the stored OPc came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpcSource {
    /// Provisioned as OPc.
    Opc,
    /// Computed from a provisioned OP.
    Op,
}

/// Authentication data as the provisioning API reads it: no key material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthInfo {
    /// The subscriber.
    pub imsi: Imsi,
    /// Ki is set (always true for stored data; the field exists so that REST shows it).
    pub ki_set: bool,
    /// OPc is set.
    pub opc_set: bool,
    /// Whether OPc was given or derived from OP.
    pub opc_source: OpcSource,
    /// The AMF.
    pub amf: [u8; 2],
    /// The SQN reservation high-water mark: no vector so far used a higher SQN, and the next
    /// one after a restart will be higher.
    pub sqn_reserved: u64,
}

/// Authentication data as stored (crate-private: holds the keys, wiped when dropped).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct StoredAuth {
    pub(crate) ki: [u8; 16],
    pub(crate) opc: [u8; 16],
    pub(crate) opc_source: OpcSource,
    pub(crate) amf: [u8; 2],
}

impl Drop for StoredAuth {
    fn drop(&mut self) {
        self.ki.zeroize();
        self.opc.zeroize();
    }
}

/// Plaintext keys.
const AUTH_V1: u8 = 1;
/// Keys wrapped under a KEK.
const AUTH_V2: u8 = 2;
/// Octets of a v2 value.
const V2_LEN: usize = 1 + 4 + NONCE_LEN + 32 + TAG_LEN + 1 + 2;

/// SQN must fit in 48 bits.
pub(crate) fn validate_sqn(sqn: u64) -> Result<(), InvalidField> {
    if sqn > SQN_MAX { Err(InvalidField::new("sqn", "must fit in 48 bits")) } else { Ok(()) }
}

impl AuthData {
    /// The SQN must fit in 48 bits; keys and AMF are valid by type.
    pub fn validate(&self) -> Result<(), InvalidField> {
        validate_sqn(self.sqn)
    }
}

impl AuthUpdate {
    /// An SQN must fit in 48 bits, and a new Ki needs OP or OPc with it.
    pub fn validate(&self) -> Result<(), InvalidField> {
        if self.ki.is_some() && self.operator_key.is_none() {
            return Err(InvalidField::new("operator_key", "required when ki changes"));
        }
        self.sqn.map_or(Ok(()), validate_sqn)
    }
}

impl StoredAuth {
    /// Prepares what is stored: OPc computed once when OP was given.
    pub(crate) fn new(ki: &Key128, operator_key: &OperatorKey, amf: [u8; 2]) -> Self {
        let (opc, opc_source) = match operator_key {
            OperatorKey::Op(op) => (auc::compute_opc(ki.expose(), op.expose()), OpcSource::Op),
            OperatorKey::Opc(opc) => (*opc.expose(), OpcSource::Opc),
        };
        Self { ki: *ki.expose(), opc, opc_source, amf }
    }

    /// This record with an update applied (validated before).
    pub(crate) fn updated(&self, update: &AuthUpdate) -> Self {
        let amf = update.amf.unwrap_or(self.amf);
        match (&update.ki, &update.operator_key) {
            (Some(ki), Some(op)) => Self::new(ki, op, amf),
            (None, Some(op)) => Self::new(&Key128::new(self.ki), op, amf),
            _ => Self { amf, ..self.clone() },
        }
    }

    /// The prepared MILENAGE instance.
    pub(crate) fn milenage(&self) -> auc::Milenage {
        auc::Milenage::new(&self.ki, &self.opc)
    }

    pub(crate) fn info(&self, imsi: Imsi, sqn_reserved: u64) -> AuthInfo {
        AuthInfo {
            imsi,
            ki_set: true,
            opc_set: true,
            opc_source: self.opc_source,
            amf: self.amf,
            sqn_reserved,
        }
    }

    /// The stored value for subscriber key `key`: v2 under the keyring's current KEK, v1
    /// without one (see the module documentation).
    pub(crate) fn encode(&self, key: &[u8], keys: &Keyring) -> Result<Vec<u8>, StoreError> {
        match keys.current()? {
            None => Ok(self.encode_v1()),
            Some(kek) => self.encode_v2(key, kek),
        }
    }

    /// `v1: ki 16 | opc 16 | opc_source u8 (0 OPc, 1 OP) | amf 2`
    fn encode_v1(&self) -> Vec<u8> {
        let mut w = Writer::new(AUTH_V1);
        w.bytes(&self.ki).bytes(&self.opc).bool(self.opc_source == OpcSource::Op).bytes(&self.amf);
        w.finish()
    }

    fn encode_v2(&self, key: &[u8], kek: &Kek) -> Result<Vec<u8>, StoreError> {
        let source = u8::from(self.opc_source == OpcSource::Op);
        let aad = v2_aad(kek.id(), key, source, self.amf);
        let mut keys = [0u8; 32];
        keys[..16].copy_from_slice(&self.ki);
        keys[16..].copy_from_slice(&self.opc);
        let sealed = kek.seal(&aad, &mut keys);
        let value = sealed.map(|(nonce, tag)| {
            let mut w = Writer::new(AUTH_V2);
            w.u32(kek.id()).bytes(&nonce).bytes(&keys).bytes(&tag).u8(source).bytes(&self.amf);
            w.finish()
        });
        keys.zeroize();
        value
    }

    /// Decodes a stored value of subscriber key `key`, unwrapping v2 with the keyring's key
    /// of its id.
    pub(crate) fn decode(value: &[u8], key: &[u8], keys: &Keyring) -> Result<Self, StoreError> {
        keys.usable()?;
        match value.first() {
            Some(&AUTH_V2) => Self::decode_v2(value, key, keys),
            _ => Ok(Self::decode_v1(value)?),
        }
    }

    fn decode_v1(value: &[u8]) -> Result<Self, Corrupt> {
        let mut r = Reader::new(Kind::Auth, value, AUTH_V1)?;
        let ki = r.array()?;
        let opc = r.array()?;
        let opc_source = if r.bool()? { OpcSource::Op } else { OpcSource::Opc };
        let amf = r.array()?;
        r.finish()?;
        Ok(Self { ki, opc, opc_source, amf })
    }

    fn decode_v2(value: &[u8], key: &[u8], keys: &Keyring) -> Result<Self, StoreError> {
        let mut r = Reader::new(Kind::Auth, value, AUTH_V2)?;
        let id = r.u32()?;
        let nonce = r.array()?;
        let mut wrapped: [u8; 32] = r.array()?;
        let tag = r.array()?;
        let source = r.u8()?;
        let opc_source = match source {
            0 => OpcSource::Opc,
            1 => OpcSource::Op,
            _ => return Err(r.corrupt("boolean is neither 0 nor 1").into()),
        };
        let amf = r.array()?;
        r.finish()?;
        let kek = keys.key(id)?;
        kek.open(&v2_aad(id, key, source, amf), &nonce, &mut wrapped, &tag)?;
        let mut out = Self { ki: [0; 16], opc: [0; 16], opc_source, amf };
        out.ki.copy_from_slice(&wrapped[..16]);
        out.opc.copy_from_slice(&wrapped[16..]);
        wrapped.zeroize();
        Ok(out)
    }

    /// The id of the KEK a stored value is wrapped under (`None`: plaintext, or not a value).
    pub(crate) fn key_id(value: &[u8]) -> Option<u32> {
        match value {
            [AUTH_V2, id @ ..] if value.len() == V2_LEN => {
                id.first_chunk::<4>().map(|b| u32::from_be_bytes(*b))
            }
            _ => None,
        }
    }
}

/// The associated data of a v2 value.
fn v2_aad(id: u32, key: &[u8], source: u8, amf: [u8; 2]) -> Vec<u8> {
    let mut aad = Vec::with_capacity(16 + key.len());
    aad.extend_from_slice(b"auth");
    aad.push(AUTH_V2);
    aad.extend_from_slice(&id.to_be_bytes());
    aad.extend_from_slice(key);
    aad.push(source);
    aad.extend_from_slice(&amf);
    aad
}

/// Never shows the keys.
impl core::fmt::Debug for StoredAuth {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("StoredAuth")
            .field("opc_source", &self.opc_source)
            .field("amf", &self.amf)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::KekError;

    const KI: [u8; 16] = [0x46; 16];
    const OP: [u8; 16] = [0xcd; 16];
    const KEY: [u8; 8] = [0, 0, 0, 0, 0, 0, 0, 1];

    fn plain() -> Keyring {
        Keyring::default()
    }

    fn ring(id: u32, byte: u8) -> Keyring {
        Keyring::new(Some(Kek::new(id, &[byte; 32]).expect("kek")), None).expect("ring")
    }

    #[test]
    fn opc_is_computed_once_from_op() {
        let a = StoredAuth::new(&Key128::new(KI), &OperatorKey::Op(Key128::new(OP)), [0x80, 0]);
        assert_eq!(a.opc, auc::compute_opc(&KI, &OP));
        assert_eq!(a.opc_source, OpcSource::Op);
        let v1 = a.encode(&KEY, &plain()).expect("encode");
        assert_eq!(StoredAuth::decode(&v1, &KEY, &plain()).ok(), Some(a.clone()));
        let b = a.updated(&AuthUpdate { amf: Some([0, 1]), ..Default::default() });
        assert_eq!((b.opc, b.amf), (a.opc, [0, 1]));
        let c = a.updated(&AuthUpdate {
            operator_key: Some(OperatorKey::Opc(Key128::new([1; 16]))),
            ..Default::default()
        });
        assert_eq!((c.ki, c.opc, c.opc_source), (KI, [1; 16], OpcSource::Opc));
        assert!(!format!("{a:?}").contains("46"));
    }

    #[test]
    fn wrapped_values_hide_the_keys_and_bind_them() {
        let a = StoredAuth::new(&Key128::new(KI), &OperatorKey::Opc(Key128::new(OP)), [0x80, 0]);
        let keys = ring(7, 1);
        let v2 = a.encode(&KEY, &keys).expect("encode");
        assert_eq!((v2.len(), v2[0], StoredAuth::key_id(&v2)), (V2_LEN, AUTH_V2, Some(7)));
        assert!(!v2.windows(8).any(|w| w == &KI[..8] || w == &OP[..8]));
        assert_ne!(a.encode(&KEY, &keys).expect("encode"), v2, "a fresh nonce per wrap");
        assert_eq!(StoredAuth::decode(&v2, &KEY, &keys).ok(), Some(a.clone()));
        // v1 is still read by a store with a KEK.
        let v1 = a.encode(&KEY, &plain()).expect("encode");
        assert_eq!((StoredAuth::key_id(&v1), v1.len()), (None, 36));
        assert_eq!(StoredAuth::decode(&v1, &KEY, &keys).ok(), Some(a.clone()));
        let err = |r: Result<StoredAuth, StoreError>| match r {
            Err(StoreError::Kek(e)) => e,
            other => panic!("expected a KEK error, got {other:?}"),
        };
        // Another subscriber, another AMF, another key, no key.
        let other = [0, 0, 0, 0, 0, 0, 0, 2];
        assert_eq!(err(StoredAuth::decode(&v2, &other, &keys)), KekError::Unauthentic { id: 7 });
        let mut amf = v2.clone();
        amf[V2_LEN - 1] ^= 1;
        assert_eq!(err(StoredAuth::decode(&amf, &KEY, &keys)), KekError::Unauthentic { id: 7 });
        assert_eq!(
            err(StoredAuth::decode(&v2, &KEY, &ring(7, 2))),
            KekError::Unauthentic { id: 7 }
        );
        assert_eq!(err(StoredAuth::decode(&v2, &KEY, &ring(8, 1))), KekError::UnknownKey { id: 7 });
        assert_eq!(err(StoredAuth::decode(&v2, &KEY, &plain())), KekError::Required { id: 7 });
    }

    #[test]
    fn validation() {
        let update = AuthUpdate { ki: Some(Key128::new(KI)), ..Default::default() };
        assert_eq!(update.validate().map_err(|e| e.field), Err("operator_key"));
        let update = AuthUpdate { sqn: Some(SQN_MAX + 1), ..Default::default() };
        assert_eq!(update.validate().map_err(|e| e.field), Err("sqn"));
    }

    #[test]
    fn truncation_is_corrupt() {
        let a = StoredAuth::new(&Key128::new(KI), &OperatorKey::Opc(Key128::new(OP)), [0x80, 0]);
        let keys = ring(1, 1);
        for v in [a.encode(&KEY, &plain()).expect("v1"), a.encode(&KEY, &keys).expect("v2")] {
            for len in 0..v.len() {
                let r = StoredAuth::decode(&v[..len], &KEY, &keys);
                assert!(matches!(r, Err(StoreError::Corrupt(_))), "{len}: {r:?}");
            }
            let mut long = v.clone();
            long.push(0);
            assert!(matches!(StoredAuth::decode(&long, &KEY, &keys), Err(StoreError::Corrupt(_))));
        }
    }
}
