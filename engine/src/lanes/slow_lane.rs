//! The cold path off the shards: a request whose subscriber is not cached, or whose cached SQN
//! block is used up (an AIR today), needs RocksDB reads and a synced write before it can be
//! answered. On a
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
//!  shard (reading or hand-off worker): the handler finds Store::sqn_ready false and returns
//!  Handled::Deferred { subscriber, sqns } (nothing written)
//!      └─ frame and deferral copied into the connection's cold batch ─▶ channel ─▶ fill thread
//!  fill thread: take every batch waiting (up to MAX_ROUND requests)
//!      └─ Store::fill_many(their subscriber keys)   reads, no write ─▶ channel ─▶ commit thread
//!  commit thread: take every round waiting
//!      ├─ Store::prepare_sqn(every deferral)        one synced write
//!      ├─ the table's handler for each, Lane::Slow  (now a cache hit with SQNs reserved)
//!      └─ the answers home to each connection
//! ```
//!
//! The lane reads only the deferrals (subscriber key, SQN count); it never parses a request for
//! them nor knows its application. The more requests wait during one flush, the more the next flush carries: the cost per cold
//! request falls as load rises. Warm requests never wait behind cold ones. A request the slow
//! lane cannot make ready (unknown subscriber, no keys) is still handled there and gets the
//! handler's usual answer.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use crossbeam::channel::{self, Receiver, RecvTimeoutError, Sender};
use store::{OsRand, RandSource, SubscriberKey};

use super::MAX_ROUND;
use super::batch::Batch;
use crate::apps::{Lane, Serving};
use crate::panics::Place;
use crate::server::services::Services;

/// How often an idle slow lane looks at its stop flag.
const IDLE_POLL: Duration = Duration::from_millis(50);

/// The running threads, owned by the engine.
#[derive(Debug)]
pub(crate) struct SlowLane {
    stop: Arc<AtomicBool>,
    /// The fill thread, then the commit thread (stopped in that order).
    threads: Vec<JoinHandle<()>>,
}

/// Batches whose cache entries the fill thread has read.
#[derive(Debug, Default)]
pub(crate) struct Round {
    batches: Vec<Batch>,
    requests: usize,
}

impl Round {
    /// A round of `batches`.
    pub(crate) fn new(batches: Vec<Batch>) -> Self {
        let requests = batches.iter().map(Batch::len).sum();
        Self { batches, requests }
    }
}

/// The channel shards send cold batches into, and its receiving end for the lane.
pub(crate) fn channel() -> (Sender<Batch>, Receiver<Batch>) {
    channel::unbounded()
}

impl SlowLane {
    /// Starts the threads serving `rx` for the engine of `services`.
    pub(crate) fn start(services: Arc<Services>, rx: Receiver<Batch>) -> std::io::Result<Self> {
        let stop = Arc::new(AtomicBool::new(false));
        let (filled_tx, filled_rx) = channel::unbounded();
        let flag = stop.clone();
        let fill_services = services.clone();
        let fill = std::thread::Builder::new()
            .name("slow-fill".into())
            .spawn(move || fill_thread(&fill_services, &rx, &filled_tx, &flag))?;
        let commit = std::thread::Builder::new()
            .name("slow-lane".into())
            .spawn(move || commit_thread(&services, &filled_rx))?;
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

impl Drop for SlowLane {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The fill thread: takes every batch waiting, reads their subscribers into the cache and
/// passes them on as one round.
fn fill_thread(
    services: &Services,
    rx: &Receiver<Batch>,
    filled: &Sender<Round>,
    stop: &AtomicBool,
) {
    loop {
        let first = match rx.recv_timeout(IDLE_POLL) {
            Ok(batch) => batch,
            Err(RecvTimeoutError::Timeout) if stop.load(Ordering::Relaxed) => return,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let mut batches = vec![first];
        let mut requests = batches[0].len();
        while requests < MAX_ROUND {
            let Ok(batch) = rx.try_recv() else { break };
            requests += batch.len();
            batches.push(batch);
        }
        let round = Round::new(batches);
        // A panic while reading leaves the entries unfilled; the commit step reads them.
        crate::panics::contain(Place::SlowLane, || fill(services, &round));
        if filled.send(round).is_err() {
            // The commit thread is gone (a panic): the answers are lost, as on a dead shard.
            return;
        }
    }
}

/// The first step of a round: the cache entries of every deferred request, read together.
pub(crate) fn fill(services: &Services, round: &Round) {
    let subscribers: Vec<SubscriberKey> =
        round.batches.iter().flat_map(|b| b.deferrals().map(|d| d.subscriber)).collect();
    services.node.store.fill_many(&subscribers);
}

/// The commit thread: takes every round filled, reserves their SQN blocks with one synced
/// write, serves them and sends the answers back.
fn commit_thread(services: &Services, filled: &Receiver<Round>) {
    let mut rand = OsRand::new();
    // Ends when the fill thread has ended and every round it sent is served.
    while let Ok(first) = filled.recv() {
        let mut round = first;
        while round.requests < MAX_ROUND {
            let Ok(more) = filled.try_recv() else { break };
            round.requests += more.requests;
            round.batches.extend(more.batches);
        }
        // A panic costs this round's answers (their peers time out and retry), not the lane.
        let requests = round.requests as u64;
        if crate::panics::contain(Place::SlowLane, || commit(services, round, &mut rand)).is_none()
        {
            services.counters.slow_queued.fetch_sub(requests, Ordering::Relaxed);
        }
    }
}

/// The second step of a round: one synced write reserving the SQNs of every deferred request,
/// then each request served (now from memory) and its answer sent home.
pub(crate) fn commit(services: &Services, round: Round, rand: &mut dyn RandSource) {
    let started = Instant::now();
    let wants: Vec<(SubscriberKey, usize)> = round
        .batches
        .iter()
        .flat_map(|b| b.deferrals().map(|d| (d.subscriber, d.sqns as usize)))
        .collect();
    // One synced write for everything taken. A failure is left for each handler to meet and
    // answer (5001, 4181, 5012), exactly as on a shard.
    let _ = services.node.store.prepare_sqn(&wants);
    services.counters.slow_rounds.fetch_add(1, Ordering::Relaxed);
    services.counters.slow_requests.fetch_add(round.requests as u64, Ordering::Relaxed);
    let mut outbound = Vec::new();
    for mut batch in round.batches {
        let mut with =
            Serving { now: SystemTime::now(), rand: &mut *rand, outbound: &mut outbound };
        // Never deferred again: what is still not ready is answered as it stands.
        batch.serve(services.server(), Lane::Slow, &mut with, &mut None);
        services.send_all(&mut outbound);
        services.send_home(batch);
    }
    services.counters.slow_queued.fetch_sub(round.requests as u64, Ordering::Relaxed);
    // Written by this thread only (the lane has one commit thread).
    services.slow_round_latency.record(started.elapsed(), 1);
}
