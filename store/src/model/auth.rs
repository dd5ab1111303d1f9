//! Authentication data: Ki, OPc (computed once from OP when the operator gives OP), AMF, and
//! the SQN state. Keys go in through [`AuthData`]; what comes out is [`AuthInfo`], which only
//! says that they are set.

use super::ids::{Imsi, Key128};
use crate::auc::{self, sqn::SQN_MAX};
use crate::error::{Corrupt, InvalidField};
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

/// Authentication data as stored (crate-private: holds the keys).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct StoredAuth {
    pub(crate) ki: [u8; 16],
    pub(crate) opc: [u8; 16],
    pub(crate) opc_source: OpcSource,
    pub(crate) amf: [u8; 2],
}

const AUTH_V1: u8 = 1;

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

    /// `v1: ki 16 | opc 16 | opc_source u8 (0 OPc, 1 OP) | amf 2`
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new(AUTH_V1);
        w.bytes(&self.ki).bytes(&self.opc).bool(self.opc_source == OpcSource::Op).bytes(&self.amf);
        w.finish()
    }

    pub(crate) fn decode(value: &[u8]) -> Result<Self, Corrupt> {
        let mut r = Reader::new(Kind::Auth, value, AUTH_V1)?;
        let ki = r.array()?;
        let opc = r.array()?;
        let opc_source = if r.bool()? { OpcSource::Op } else { OpcSource::Opc };
        let amf = r.array()?;
        r.finish()?;
        Ok(Self { ki, opc, opc_source, amf })
    }
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

    const KI: [u8; 16] = [0x46; 16];
    const OP: [u8; 16] = [0xcd; 16];

    #[test]
    fn opc_is_computed_once_from_op() {
        let a = StoredAuth::new(&Key128::new(KI), &OperatorKey::Op(Key128::new(OP)), [0x80, 0]);
        assert_eq!(a.opc, auc::compute_opc(&KI, &OP));
        assert_eq!(a.opc_source, OpcSource::Op);
        assert_eq!(StoredAuth::decode(&a.encode()), Ok(a.clone()));
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
    fn validation() {
        let update = AuthUpdate { ki: Some(Key128::new(KI)), ..Default::default() };
        assert_eq!(update.validate().map_err(|e| e.field), Err("operator_key"));
        let update = AuthUpdate { sqn: Some(SQN_MAX + 1), ..Default::default() };
        assert_eq!(update.validate().map_err(|e| e.field), Err("sqn"));
    }

    #[test]
    fn truncation_is_corrupt() {
        let a = StoredAuth::new(&Key128::new(KI), &OperatorKey::Opc(Key128::new(OP)), [0x80, 0]);
        let v = a.encode();
        for len in 0..v.len() {
            assert!(StoredAuth::decode(&v[..len]).is_err());
        }
    }
}
