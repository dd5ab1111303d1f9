//! What the EIR saw: each ME-Identity-Check (IMEI, IMSI, verdict, peer, time) in a ring of
//! [`HISTORY_SLOTS`] records, so the history never grows past it (the oldest check is
//! overwritten), and the equipment last seen per subscriber (from ECR and from ULR's
//! Terminal-Information). Both are written unsynced from the Diameter path, like the serving
//! MME: in the WAL, not fsynced, so a shard never waits for the disk.

use std::sync::atomic::Ordering;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::Store;
use crate::backend::{Durability, Entries, WriteBatch};
use crate::error::{Corrupt, StoreError};
use crate::keys::{self, Kind};
use crate::model::{EquipmentStatus, SubscriberKey};

/// Checks the history keeps; the next overwrites the oldest.
pub const HISTORY_SLOTS: u64 = 100_000;

/// One ME-Identity-Check as the EIR answered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EirCheck {
    /// Its number: checks are numbered in the order they were recorded.
    pub seq: u64,
    /// When, in milliseconds since the Unix epoch.
    pub time_ms: u64,
    pub imei: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imsi: Option<String>,
    /// `None`: unknown equipment (5422).
    pub status: Option<EquipmentStatus>,
    /// The rule that decided; `None`: the default.
    pub rule: Option<u32>,
    /// The asking node's Origin-Host.
    pub peer: String,
}

/// The equipment a subscriber was last seen with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenEquipment {
    pub imei: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub software_version: Option<String>,
    pub time_ms: u64,
    /// Where it was seen: `ecr` or `ulr`.
    pub source: String,
}

const V1: u8 = 1;

fn encode<T: Serialize>(v: &T) -> Vec<u8> {
    let mut out = vec![V1];
    // Serialising these plain structs into a Vec cannot fail.
    serde_json::to_writer(&mut out, v).unwrap_or_default();
    out
}

fn decode<T: for<'de> Deserialize<'de>>(kind: Kind, v: &[u8]) -> Result<T, StoreError> {
    match v.split_first() {
        Some((&V1, json)) => serde_json::from_slice(json)
            .map_err(|_| super::corrupt(Corrupt { kind, reason: "record does not decode" })),
        _ => Err(super::corrupt(Corrupt { kind, reason: "unknown schema version" })),
    }
}

/// Milliseconds since the Unix epoch.
pub fn millis(t: SystemTime) -> u64 {
    u64::try_from(t.duration_since(UNIX_EPOCH).unwrap_or_default().as_millis()).unwrap_or(u64::MAX)
}

impl Store {
    /// Records one check; `seq` and `time_ms` are set here (from `now`). Unsynced.
    pub fn record_eir_check(&self, mut check: EirCheck, now: SystemTime) -> Result<(), StoreError> {
        check.seq = self.eir_seq.fetch_add(1, Ordering::Relaxed) + 1;
        check.time_ms = millis(now);
        let slot = u32::try_from(check.seq % HISTORY_SLOTS).unwrap_or(0);
        let mut batch = WriteBatch::new();
        batch.put(Kind::EirHistory, &keys::apn_key(slot), encode(&check));
        Ok(self.backend.write(&batch, Durability::Buffered)?)
    }

    /// The recorded checks of `imsi` and/or `imei` (its first 14 digits compared), newest
    /// first, at most `limit`.
    pub fn eir_history(
        &self,
        imsi: Option<&str>,
        imei: Option<&str>,
        limit: usize,
    ) -> Result<Vec<EirCheck>, StoreError> {
        let mut entries = Entries::new();
        self.backend.scan(
            Kind::EirHistory,
            &[],
            0,
            usize::try_from(HISTORY_SLOTS).unwrap_or(usize::MAX),
            &mut entries,
        )?;
        let key14 = |s: &str| s.get(..14).unwrap_or(s).to_owned();
        let want_imei = imei.map(key14);
        let mut checks: Vec<EirCheck> = entries
            .iter()
            .map(|(_, v)| decode::<EirCheck>(Kind::EirHistory, v))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|c| imsi.is_none_or(|i| c.imsi.as_deref() == Some(i)))
            .filter(|c| want_imei.as_deref().is_none_or(|i| key14(&c.imei) == i))
            .collect();
        checks.sort_unstable_by_key(|c| std::cmp::Reverse(c.seq));
        checks.truncate(limit);
        Ok(checks)
    }

    /// Records the equipment subscriber `key` was seen with. Unsynced.
    pub fn record_equipment(
        &self,
        key: SubscriberKey,
        seen: &SeenEquipment,
    ) -> Result<(), StoreError> {
        let mut batch = WriteBatch::new();
        batch.put(Kind::Equipment, &keys::subscriber_key(key.get()), encode(seen));
        Ok(self.backend.write(&batch, Durability::Buffered)?)
    }

    /// The equipment subscriber `key` was last seen with.
    pub fn equipment(&self, key: SubscriberKey) -> Result<Option<SeenEquipment>, StoreError> {
        self.backend
            .get(Kind::Equipment, &keys::subscriber_key(key.get()))?
            .map(|v| decode(Kind::Equipment, &v))
            .transpose()
    }

    /// The highest check number recorded (to number the next ones after a restart).
    pub(crate) fn last_eir_seq(&self) -> Result<u64, StoreError> {
        let mut entries = Entries::new();
        self.backend.scan(
            Kind::EirHistory,
            &[],
            0,
            usize::try_from(HISTORY_SLOTS).unwrap_or(usize::MAX),
            &mut entries,
        )?;
        Ok(entries
            .iter()
            .filter_map(|(_, v)| decode::<EirCheck>(Kind::EirHistory, v).ok())
            .map(|c| c.seq)
            .max()
            .unwrap_or(0))
    }
}
