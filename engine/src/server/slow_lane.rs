//! The cold path off the shards: an AIR whose subscriber is not cached, or whose cached SQN
//! block is used up, needs RocksDB reads and a synced write before its vectors exist. On a
//! shard that write would stall every connection of the shard for a disk flush, one subscriber
//! at a time. Instead such requests go to the slow lane, two threads in a pipeline: the fill
//! thread reads the cache entries of every cold request waiting (one multi-get per column
//! family, `Store::fill_many`) and passes the round on; the commit thread takes every round
//! filled meanwhile, reserves all their SQN blocks with one synced write (group commit,
//! `Store::prepare_sqn`), handles them and sends the answers back to their connections like
//! the hand-off does. While the commit thread waits for the disk, the fill thread reads the
//! next round.
//!
//! ```text
//!  shard (reading or hand-off worker): the AIR handler finds Store::sqn_ready false and
//!  defers (Action::Defer, nothing written)
//!      └─ frame copied into the connection's slow batch ─▶ channel ─▶ fill thread
//!  fill thread: take every batch waiting (up to MAX_ROUND requests)
//!      └─ Store::fill_many(their IMSIs)            reads, no write ─▶ channel ─▶ commit thread
//!  commit thread: take every round waiting
//!      ├─ Store::prepare_sqn(all their IMSIs)      one synced write
//!      ├─ apps::handle_request for each            (now a cache hit with SQNs reserved)
//!      └─ Command::Answers to each origin connection
//! ```
//!
//! The more requests wait during one flush, the more the next flush carries: the cost per cold
//! request falls as load rises. Warm requests never wait behind cold ones. A request the slow
//! lane cannot make ready (unknown subscriber, no keys) is still handled there and gets the
//! handler's usual answer.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use codec::dict::base::USER_NAME;
use codec::{ApplicationId, CommandCode, Frames, Message};
use crossbeam::channel::{self, Receiver, RecvTimeoutError, Sender};
use store::{Imsi, OsRand};

use super::handoff::{Batch, handle_frames, run_actions};
use super::{Command, Shared};
use crate::io::Control;

/// Most requests one round (one fill, and one synced write) takes.
const MAX_ROUND: usize = 4096;

/// How often an idle slow lane looks at its stop flag.
const IDLE_POLL: Duration = Duration::from_millis(50);

/// The sending side, in [`Shared`].
#[derive(Debug)]
pub(crate) struct SlowLane {
    tx: Sender<Batch>,
}

/// The running threads, owned by the engine.
#[derive(Debug)]
pub(crate) struct SlowLaneThread {
    stop: Arc<AtomicBool>,
    /// The fill thread, then the commit thread (stopped in that order).
    threads: Vec<JoinHandle<()>>,
}

/// Batches whose cache entries the fill thread has read, with their AIRs' wants.
struct Round {
    batches: Vec<Batch>,
    wants: Vec<(Imsi, usize)>,
    requests: usize,
}

impl SlowLane {
    /// A lane and the receiver its thread will take.
    pub(crate) fn new() -> (Self, Receiver<Batch>) {
        let (tx, rx) = channel::unbounded();
        (Self { tx }, rx)
    }

    /// Queues `batch`; gives it back when the thread has stopped.
    pub(super) fn send(&self, batch: Batch) -> Result<(), Batch> {
        self.tx.send(batch).map_err(|e| e.into_inner())
    }
}

impl SlowLaneThread {
    /// Starts the threads serving `rx` for the engine of `shared`.
    pub(crate) fn start(shared: Arc<Shared>, rx: Receiver<Batch>) -> std::io::Result<Self> {
        let stop = Arc::new(AtomicBool::new(false));
        let (filled_tx, filled_rx) = channel::unbounded();
        let flag = stop.clone();
        let fill_shared = shared.clone();
        let fill = std::thread::Builder::new()
            .name("slow-fill".into())
            .spawn(move || fill(&fill_shared, &rx, &filled_tx, &flag))?;
        let commit = std::thread::Builder::new()
            .name("slow-lane".into())
            .spawn(move || commit(&shared, &filled_rx))?;
        Ok(Self { stop, threads: vec![fill, commit] })
    }

    /// Stops the threads once the requests already queued are served, and joins them: the
    /// fill thread ends first, and its end (the channel closing) ends the commit thread after
    /// the rounds it passed on.
    pub(crate) fn stop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

impl Drop for SlowLaneThread {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The IMSI of an S6a AIR; `None` for any other request, or a User-Name that is not an IMSI
/// (the handler answers that one).
fn air_imsi(msg: &Message<'_>) -> Option<Imsi> {
    let header = msg.header;
    if header.application != ApplicationId::S6A
        || header.code != CommandCode::AUTHENTICATION_INFORMATION
    {
        return None;
    }
    let user = msg.find(USER_NAME.code, USER_NAME.vendor).ok().flatten()?;
    Imsi::parse(user.utf8().ok()?).ok()
}

/// The fill thread: takes every batch waiting, reads their subscribers into the cache and
/// passes them on as one round.
fn fill(shared: &Shared, rx: &Receiver<Batch>, filled: &Sender<Round>, stop: &AtomicBool) {
    let mut imsis = Vec::new();
    loop {
        let first = match rx.recv_timeout(IDLE_POLL) {
            Ok(batch) => batch,
            Err(RecvTimeoutError::Timeout) if stop.load(Ordering::Relaxed) => return,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let mut round = Round { requests: first.count, batches: vec![first], wants: Vec::new() };
        while round.requests < MAX_ROUND {
            let Ok(batch) = rx.try_recv() else { break };
            round.requests += batch.count;
            round.batches.push(batch);
        }
        for batch in &round.batches {
            for frame in Frames::new(&batch.requests).map_while(Result::ok) {
                let imsi = Message::parse(frame).ok().and_then(|m| air_imsi(&m));
                round.wants.extend(imsi.map(|imsi| (imsi, shared.apps.max_vectors)));
            }
        }
        imsis.clear();
        imsis.extend(round.wants.iter().map(|(imsi, _)| *imsi));
        shared.apps.store.fill_many(&imsis);
        if filled.send(round).is_err() {
            // The commit thread is gone (a panic): the answers are lost, as on a dead shard.
            return;
        }
    }
}

/// The commit thread: takes every round filled, reserves their SQN blocks with one synced
/// write, handles them and sends the answers back.
fn commit(shared: &Arc<Shared>, filled: &Receiver<Round>) {
    let mut rand = OsRand::new();
    let mut rounds: Vec<Round> = Vec::new();
    let mut wants = Vec::new();
    let mut actions = Vec::new();
    // Ends when the fill thread has ended and every round it sent is served.
    while let Ok(first) = filled.recv() {
        let mut requests = first.requests;
        rounds.push(first);
        while requests < MAX_ROUND {
            let Ok(round) = filled.try_recv() else { break };
            requests += round.requests;
            rounds.push(round);
        }
        wants.clear();
        for round in &rounds {
            wants.extend_from_slice(&round.wants);
        }
        // One synced write for everything taken. A failure is left for each handler to meet
        // and answer (5001, 4181, 5012), exactly as on a shard.
        let _ = shared.apps.store.prepare_sqn(&wants);
        shared.counters.slow_rounds.fetch_add(1, Ordering::Relaxed);
        shared.counters.slow_requests.fetch_add(requests as u64, Ordering::Relaxed);
        for round in rounds.drain(..) {
            for mut batch in round.batches {
                let mut answers = std::mem::take(&mut batch.answers);
                // Never diverted again: what is still not ready is answered as it stands.
                handle_frames(shared, &batch, &mut rand, &mut answers, &mut actions, None);
                batch.answers = answers;
                run_actions(shared, &mut actions);
                send_answers(shared, batch);
            }
        }
    }
}

/// Sends a served batch's answers to the connection its requests came from.
pub(super) fn send_answers(shared: &Shared, batch: Batch) {
    let origin = batch.origin;
    let command = Command::answers(shared.counters.clone(), batch);
    if let Some(handle) = shared.shards.get().and_then(|h| h.get(origin.shard())) {
        // A stopped shard gives the command back; dropping it counts it as lost.
        let _ = handle.send(Control::Connection { conn: origin, command });
    }
}
