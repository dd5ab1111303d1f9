//! What the EIR saw: each ME-Identity-Check (IMEI, IMSI, verdict, peer, time) in a ring of
//! [`HISTORY_SLOTS`] records, so the history never grows past it (the oldest check is
//! overwritten), and the equipment last seen per subscriber (from ECR and from ULR's
//! Terminal-Information).
//!
//! The Diameter path only queues them ([`HistoryWriter`]: a bounded queue of
//! [`QUEUE_LIMIT`]; when it is full the record is dropped and counted); one thread encodes them
//! and writes them in batches, unsynced (in the WAL, not fsynced), so an ECR neither encodes
//! nor waits for a write. A read first waits for what was queued before it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::Store;
use crate::backend::{Backend, Durability, Entries, WriteBatch};
use crate::error::StoreError;
use crate::keys::{self, Kind};
use crate::model::{EquipmentStatus, SubscriberKey};
use crate::value;

/// Checks the history keeps; the next overwrites the oldest.
pub const HISTORY_SLOTS: u64 = 100_000;

/// Records queued for the history writer at most.
pub const QUEUE_LIMIT: usize = 65_536;

/// Records one write carries at most.
const WRITE_BATCH: usize = 1024;

/// One piece of work for the history writer.
enum Job {
    Check(EirCheck),
    Seen(SubscriberKey, SeenEquipment),
    /// Answered once everything queued before it is written.
    Flush(SyncSender<()>),
}

/// The history's writer thread and its queue.
#[derive(Debug, Default)]
pub(crate) struct HistoryWriter {
    queue: Mutex<Option<SyncSender<Job>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
    /// Records dropped because the queue was full.
    dropped: AtomicU64,
}

impl HistoryWriter {
    /// Starts the thread writing to `backend`.
    pub(crate) fn start(&self, backend: Arc<dyn Backend>) {
        let (tx, rx) = sync_channel(QUEUE_LIMIT);
        let spawned = std::thread::Builder::new()
            .name("eir-history".into())
            .spawn(move || write_loop(&*backend, &rx));
        match spawned {
            Ok(handle) => {
                *self.queue.lock().unwrap_or_else(PoisonError::into_inner) = Some(tx);
                *self.thread.lock().unwrap_or_else(PoisonError::into_inner) = Some(handle);
            }
            Err(e) => {
                tracing::error!(error = %e, "EIR history writer not started; nothing is kept")
            }
        }
    }

    fn send(&self, job: Job) {
        let queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(tx) = queue.as_ref() else { return };
        if let Err(TrySendError::Full(_)) = tx.try_send(job) {
            self.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Waits until everything queued so far is written.
    fn flush(&self) {
        let (tx, rx) = sync_channel(1);
        let sent = {
            let queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
            queue.as_ref().is_some_and(|q| q.send(Job::Flush(tx)).is_ok())
        };
        if sent {
            let _ = rx.recv();
        }
    }
}

impl Drop for HistoryWriter {
    /// Writes what is queued, then stops the thread.
    fn drop(&mut self) {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner).take();
        if let Some(handle) = self.thread.lock().unwrap_or_else(PoisonError::into_inner).take() {
            let _ = handle.join();
        }
    }
}

/// The writer thread: takes what is queued, up to [`WRITE_BATCH`] records a write.
fn write_loop(backend: &dyn Backend, rx: &Receiver<Job>) {
    while let Ok(first) = rx.recv() {
        let mut batch = WriteBatch::new();
        let mut flushes = Vec::new();
        let mut job = Some(first);
        let mut n = 0;
        while let Some(j) = job.take() {
            match j {
                Job::Check(check) => {
                    let slot = u32::try_from(check.seq % HISTORY_SLOTS).unwrap_or(0);
                    batch.put(Kind::EirHistory, &keys::apn_key(slot), encode(&check));
                }
                Job::Seen(key, seen) => {
                    batch.put(Kind::Equipment, &keys::subscriber_key(key.get()), encode(&seen));
                }
                Job::Flush(done) => flushes.push(done),
            }
            n += 1;
            if n < WRITE_BATCH {
                job = rx.try_recv().ok();
            }
        }
        if !batch.is_empty()
            && let Err(e) = backend.write(&batch, Durability::Buffered)
        {
            tracing::warn!(error = %e, "EIR history not written");
        }
        for done in flushes {
            let _ = done.send(());
        }
    }
}

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

fn encode<T: Serialize>(v: &T) -> Vec<u8> {
    value::encode_json(v)
}

fn decode<T: for<'de> Deserialize<'de>>(kind: Kind, v: &[u8]) -> Result<T, StoreError> {
    value::decode_json(kind, v, "record does not decode").map_err(super::corrupt)
}

/// Milliseconds since the Unix epoch.
pub fn millis(t: SystemTime) -> u64 {
    u64::try_from(t.duration_since(UNIX_EPOCH).unwrap_or_default().as_millis()).unwrap_or(u64::MAX)
}

impl Store {
    /// Queues one check for the history; `seq` and `time_ms` are set here (from `now`).
    pub fn record_eir_check(&self, mut check: EirCheck, now: SystemTime) {
        check.seq = self.eir_seq.fetch_add(1, Ordering::Relaxed) + 1;
        check.time_ms = millis(now);
        self.eir_writer.send(Job::Check(check));
    }

    /// History records dropped because the writer's queue was full.
    pub fn eir_history_dropped(&self) -> u64 {
        self.eir_writer.dropped.load(Ordering::Relaxed)
    }

    /// The recorded checks of `imsi` and/or `imei` (its first 14 digits compared), newest
    /// first, at most `limit`.
    pub fn eir_history(
        &self,
        imsi: Option<&str>,
        imei: Option<&str>,
        limit: usize,
    ) -> Result<Vec<EirCheck>, StoreError> {
        self.eir_writer.flush();
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

    /// Queues the equipment subscriber `key` was seen with.
    pub fn record_equipment(&self, key: SubscriberKey, seen: SeenEquipment) {
        self.eir_writer.send(Job::Seen(key, seen));
    }

    /// The equipment subscriber `key` was last seen with.
    pub fn equipment(&self, key: SubscriberKey) -> Result<Option<SeenEquipment>, StoreError> {
        self.eir_writer.flush();
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
