//! Few connections, many cores: the shard that reads a busy connection hands part of each large
//! read batch to the other shards and writes their answers back (architecture: "Few
//! connections, many cores").
//!
//! ```text
//!  shard A (reads the connection)                         shard B
//!  on_batch_start(n): plan ── n ≥ min_batch and B not busier? ── share the batch with B
//!  on_frame: application request, turn for B ─▶ copy the frame into B's batch (no parse)
//!            otherwise ──────────────────────▶ handled here as always
//!  on_batch_end: Control::Call ────────────────────────────▶ serve_batch: for each frame
//!                                                             check (3008/3007/3001/5xxx),
//!                                                             handle, encode the answer
//!  on_command(Answers): append to the write buffer ◀──────── Control::Connection(Answers)
//! ```
//!
//! - Requests stay on the reading shard when it is not behind: a read of fewer than
//!   `min_batch` messages (config `handoff_min_batch`) is all handled locally. A shard busy
//!   with its own connections (it has read since the last plan) gets a share only while its
//!   last read plus its queue is under half of this read; a shard that only serves hand-offs,
//!   while its queue is shorter than this read (see `Planner::plan`). Many busy connections
//!   spread over the shards by `SO_REUSEPORT` therefore hand off little to one another.
//! - Only application requests on an R-Open connection move, in turn over the sharing shards
//!   (the reading shard first). CER, DWR, DPR, answers to this node's requests and anything in
//!   another state are handled by the reading shard, whose peer state machine they change.
//!   What moves is checked on the other shard with the same code
//!   ([`check_application_request`]) and answered by the same handlers, so its answer is the
//!   one the reading shard would have written.
//! - The cost per moved request is two copies (request in, answer out) and a share of one
//!   mailbox message each way per batch; the batch buffers travel back with the answers and are
//!   reused, so a steady hand-off allocates only the mailbox's boxed call per batch.
//! - Answers leave in a different order than their requests came: Diameter matches answers by
//!   Hop-by-Hop Identifier (RFC 6733 §6.2), and an MME does not send a subscriber's ULR before
//!   the AIA it depends on has arrived.
//! - A batch whose shard has stopped is handled by the reading shard; answers for a connection
//!   that closed meanwhile are dropped (counted in `commands_lost`).

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use bytes::BytesMut;
use codec::{ApplicationId, Frames, Header, Message};
use store::{OsRand, RandSource};

use super::{Shared, slow_lane};
use crate::apps::{self, Action};
use crate::io::{ConnId, Control, ShardId};
use crate::peer::check_application_request;

/// Default of `handoff_min_batch`: reads of fewer messages are never shared.
pub const DEFAULT_MIN_BATCH: usize = 8;

/// Batch buffers one connection keeps for reuse.
const SPARES: usize = 8;

/// One shard's load as the other shards see it when they plan a hand-off.
#[derive(Debug, Default)]
pub(crate) struct ShardLoad {
    /// Reads of its own connections the shard has handled (a generation, see `Planner::plan`).
    reads: AtomicU64,
    /// Messages in the last of those reads.
    last_read: AtomicUsize,
    /// Requests handed to the shard and not yet handled.
    queued: AtomicUsize,
}

/// Requests copied for another shard, and the buffer their answers come back in.
#[derive(Debug)]
pub struct Batch {
    pub(super) origin: ConnId,
    pub(super) applications: Arc<[ApplicationId]>,
    pub(super) requests: Vec<u8>,
    pub(super) count: usize,
    pub(super) answers: BytesMut,
}

impl Batch {
    fn new(origin: ConnId, applications: Arc<[ApplicationId]>) -> Self {
        Self { origin, applications, requests: Vec::new(), count: 0, answers: BytesMut::new() }
    }

    fn push(&mut self, frame: &[u8]) {
        self.requests.extend_from_slice(frame);
        self.count += 1;
    }

    /// The encoded answers, once the batch has been served.
    pub(super) fn answers(&self) -> &[u8] {
        &self.answers
    }
}

/// One connection's side of the hand-off: the plan for the current read and the batches
/// being filled.
#[derive(Debug)]
pub(super) struct Planner {
    own: ShardId,
    min_batch: usize,
    /// The shards sharing the current read, this one first; empty: all handled here.
    sharing: Vec<ShardId>,
    turn: usize,
    /// Per shard: its `reads` when this connection last planned.
    seen: Vec<u64>,
    /// Per shard: the batch being filled during the current read.
    filling: Vec<Option<Batch>>,
    /// Cold requests of the current read, for the slow lane.
    slow: Option<Batch>,
    spare_requests: Vec<Vec<u8>>,
    spare_answers: Vec<BytesMut>,
}

impl Planner {
    /// `min_batch` 0 disables the hand-off.
    pub(super) fn new(own: ShardId, min_batch: usize) -> Self {
        Self {
            own,
            min_batch,
            sharing: Vec::new(),
            turn: 0,
            seen: Vec::new(),
            filling: Vec::new(),
            slow: None,
            spare_requests: Vec::new(),
            spare_answers: Vec::new(),
        }
    }

    /// Decides how a read of `frames` messages is shared, from every shard's load.
    ///
    /// A shard that has read its own connections since this connection last planned is busy
    /// with them: it shares only while its last read plus its queue is under half of this
    /// read. A shard that has not read since serves only what it was handed: it shares while
    /// its queue is shorter than this read. So two busy connections on two shards keep their
    /// requests, and one busy connection spreads over idle shards.
    fn plan(&mut self, frames: usize, loads: &[ShardLoad]) {
        self.sharing.clear();
        self.turn = 0;
        if self.min_batch == 0 || frames < self.min_batch || loads.len() < 2 {
            return;
        }
        if self.seen.len() < loads.len() {
            self.seen.resize(loads.len(), 0);
        }
        self.sharing.push(self.own);
        for (id, load) in loads.iter().enumerate().filter(|&(id, _)| id != self.own) {
            let reads = load.reads.load(Ordering::Relaxed);
            let active = std::mem::replace(&mut self.seen[id], reads) != reads;
            let queued = load.queued.load(Ordering::Relaxed);
            let share = if active {
                2 * (queued + load.last_read.load(Ordering::Relaxed)) < frames
            } else {
                queued < frames
            };
            if share {
                self.sharing.push(id);
            }
        }
        if self.sharing.len() == 1 {
            self.sharing.clear();
        }
    }

    /// The shard to take the next application request, `None` for this one.
    fn next_target(&mut self) -> Option<ShardId> {
        if self.sharing.is_empty() {
            return None;
        }
        let target = self.sharing[self.turn % self.sharing.len()];
        self.turn += 1;
        (target != self.own).then_some(target)
    }

    /// Copies `frame` into the batch for `target`.
    pub(super) fn push(
        &mut self,
        target: ShardId,
        origin: ConnId,
        apps: &Arc<[ApplicationId]>,
        frame: &[u8],
    ) {
        if self.filling.len() <= target {
            self.filling.resize_with(target + 1, || None);
        }
        let (requests, answers) = (&mut self.spare_requests, &mut self.spare_answers);
        let batch = self.filling[target].get_or_insert_with(|| Batch {
            requests: requests.pop().unwrap_or_default(),
            answers: answers.pop().unwrap_or_default(),
            ..Batch::new(origin, apps.clone())
        });
        batch.push(frame);
    }

    /// Copies `frame`, a cold request, into the slow lane's batch.
    pub(super) fn push_slow(&mut self, origin: ConnId, apps: &Arc<[ApplicationId]>, frame: &[u8]) {
        self.slow.get_or_insert_with(|| Batch::new(origin, apps.clone())).push(frame);
    }

    /// The batches filled during the current read, with their target shards.
    fn take_filled(&mut self) -> impl Iterator<Item = (ShardId, Batch)> + '_ {
        self.sharing.clear();
        (self.filling.iter_mut().enumerate()).filter_map(|(id, b)| Some((id, b.take()?)))
    }

    /// Keeps a served batch's buffers for the next ones.
    pub(super) fn recycle(&mut self, mut batch: Batch) {
        if self.spare_requests.len() < SPARES {
            batch.requests.clear();
            self.spare_requests.push(batch.requests);
        }
        if self.spare_answers.len() < SPARES {
            batch.answers.clear();
            self.spare_answers.push(batch.answers);
        }
    }
}

impl Planner {
    /// A read of `frames` messages begins on this shard. Until the shards have started (no
    /// loads yet), nothing is shared.
    pub(super) fn batch_start(&mut self, shared: &Shared, frames: usize) {
        let Some(loads) = shared.loads.get() else { return };
        if let Some(own) = loads.get(self.own) {
            own.reads.fetch_add(1, Ordering::Relaxed);
            own.last_read.store(frames, Ordering::Relaxed);
        }
        self.plan(frames, loads);
    }

    /// The shard to hand `frame` to, if it is an application request whose turn is another
    /// shard's. The caller copies it there with [`Self::push`] once the peer has seen it.
    pub(super) fn target(&mut self, frame: &[u8]) -> Option<ShardId> {
        if self.sharing.is_empty() {
            return None;
        }
        let header = Header::parse(frame).ok().flatten()?;
        if !header.flags.is_request() || header.application == ApplicationId::COMMON {
            return None;
        }
        self.next_target()
    }

    /// The read is done: sends each filled batch to its shard. A batch whose shard is not
    /// known is served here, into `out`.
    pub(super) fn batch_end(
        &mut self,
        shared: &Arc<Shared>,
        rand: &mut dyn RandSource,
        out: &mut BytesMut,
    ) {
        let (Some(loads), Some(handles)) = (shared.loads.get(), shared.shards.get()) else {
            // Before the shards have started nothing was shared; a cold request waits here.
            if let Some(batch) = self.slow.take() {
                let mut actions = Vec::new();
                handle_frames(shared, &batch, rand, out, &mut actions, None);
                run_actions(shared, &mut actions);
            }
            return;
        };
        let mut local = Vec::new();
        for (target, batch) in self.take_filled() {
            let (Some(handle), Some(load)) = (handles.get(target), loads.get(target)) else {
                local.push(batch);
                continue;
            };
            let count = batch.count;
            load.queued.fetch_add(count, Ordering::Relaxed);
            let worker = shared.clone();
            let call = Control::Call(Box::new(move |shard| serve_batch(&worker, shard, batch)));
            if handle.send(call).is_ok() {
                shared.counters.handoff_batches.fetch_add(1, Ordering::Relaxed);
                shared.counters.handoff_requests.fetch_add(count as u64, Ordering::Relaxed);
            } else {
                // The shard has stopped (shutting down): the call and its requests are dropped
                // like those of a connection closing at shutdown.
                load.queued.fetch_sub(count, Ordering::Relaxed);
            }
        }
        if let Some(batch) = self.slow.take() {
            local.extend(send_slow(shared, batch));
        }
        for batch in local {
            let mut actions = Vec::new();
            handle_frames(shared, &batch, rand, out, &mut actions, None);
            run_actions(shared, &mut actions);
            self.recycle(batch);
        }
    }
}

thread_local! {
    /// RANDs for the vectors of requests handed to this thread's shard.
    static RAND: RefCell<OsRand> = RefCell::new(OsRand::new());
}

/// Runs on shard `shard`: checks and handles every request of `batch`, then sends the answers
/// back to the connection it came from.
fn serve_batch(shared: &Arc<Shared>, shard: ShardId, mut batch: Batch) {
    let mut actions = Vec::new();
    let mut answers = std::mem::take(&mut batch.answers);
    let mut slow = None;
    RAND.with_borrow_mut(|rand| {
        handle_frames(shared, &batch, rand, &mut answers, &mut actions, Some(&mut slow));
        // The slow lane has stopped (shutting down): serve its share here.
        if let Some(cold) = slow.take().and_then(|b| send_slow(shared, b)) {
            handle_frames(shared, &cold, rand, &mut answers, &mut actions, None);
        }
    });
    batch.answers = answers;
    if let Some(load) = shared.loads.get().and_then(|l| l.get(shard)) {
        load.queued.fetch_sub(batch.count, Ordering::Relaxed);
    }
    run_actions(shared, &mut actions);
    slow_lane::send_answers(shared, batch);
}

/// Queues a batch of cold requests for the slow lane; gives it back if there is none.
fn send_slow(shared: &Shared, batch: Batch) -> Option<Batch> {
    match &shared.slow {
        Some(lane) => lane.send(batch).err(),
        None => Some(batch),
    }
}

/// Checks and handles each request of `batch`, appending one answer per request to `out`; with
/// `slow`, a request the handler defers (a cold AIR) is copied there instead, for the slow lane;
/// without, nothing is deferred.
pub(super) fn handle_frames(
    shared: &Shared,
    batch: &Batch,
    rand: &mut dyn RandSource,
    out: &mut BytesMut,
    actions: &mut Vec<Action>,
    mut slow: Option<&mut Option<Batch>>,
) {
    // Whole frames copied by the reading shard, which framed them already.
    for frame in Frames::new(&batch.requests).map_while(Result::ok) {
        let Ok(msg) = Message::parse(frame) else { continue };
        if !check_application_request(&shared.peer, &batch.applications, &msg, out) {
            continue;
        }
        let ctx = if slow.is_some() { &shared.apps } else { &shared.slow_apps };
        apps::handle_request(ctx, &msg, rand, out, actions);
        if actions.last() == Some(&Action::Defer) {
            actions.pop();
            if let Some(slow) = slow.as_deref_mut() {
                let apps = &batch.applications;
                slow.get_or_insert_with(|| Batch::new(batch.origin, apps.clone())).push(frame);
            }
        }
    }
}

pub(super) fn run_actions(shared: &Shared, actions: &mut Vec<Action>) {
    for action in actions.drain(..) {
        match action {
            Action::CancelLocation { imsi, host, realm } => {
                let _ = super::send_cancel_location(shared, imsi, host, realm);
            }
            // Taken out by `handle_frames` as soon as it is pushed.
            Action::Defer => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shards that have not read since the planner last looked, with `queued` requests each.
    fn loads(queued: &[usize]) -> Vec<ShardLoad> {
        queued
            .iter()
            .map(|&q| ShardLoad { queued: AtomicUsize::new(q), ..ShardLoad::default() })
            .collect()
    }

    fn targets(planner: &mut Planner, n: usize) -> Vec<Option<ShardId>> {
        (0..n).map(|_| planner.next_target()).collect()
    }

    #[test]
    fn small_reads_stay_local() {
        let mut p = Planner::new(0, 8);
        p.plan(7, &loads(&[7, 0]));
        assert_eq!(targets(&mut p, 7), vec![None; 7]);
    }

    #[test]
    fn a_large_read_alternates_with_an_idle_shard() {
        let mut p = Planner::new(1, 8);
        p.plan(10, &loads(&[0, 10, 3]));
        assert_eq!(targets(&mut p, 6), [None, Some(0), Some(2), None, Some(0), Some(2)]);
    }

    #[test]
    fn a_shard_reading_its_own_connections_shares_only_when_far_less_loaded() {
        let l = loads(&[0, 0]);
        let mut p = Planner::new(0, 8);
        l[1].reads.store(5, Ordering::Relaxed);
        l[1].last_read.store(10, Ordering::Relaxed);
        p.plan(16, &l);
        assert_eq!(targets(&mut p, 2), [None, None], "busy with a read of 10");
        l[1].reads.store(6, Ordering::Relaxed);
        l[1].last_read.store(3, Ordering::Relaxed);
        p.plan(16, &l);
        assert_eq!(targets(&mut p, 2), [None, Some(1)], "its read of 3 is under half of 16");
        // No read since: only its queue counts.
        l[1].last_read.store(100, Ordering::Relaxed);
        p.plan(16, &l);
        assert_eq!(targets(&mut p, 2), [None, Some(1)]);
    }

    #[test]
    fn busy_shards_and_a_disabled_planner_get_nothing() {
        let mut p = Planner::new(0, 8);
        p.plan(16, &loads(&[16, 16]));
        assert_eq!(targets(&mut p, 4), vec![None; 4]);
        let mut off = Planner::new(0, 0);
        off.plan(1000, &loads(&[0, 0]));
        assert_eq!(targets(&mut off, 4), vec![None; 4]);
        let mut alone = Planner::new(0, 1);
        alone.plan(1000, &loads(&[0]));
        assert_eq!(targets(&mut alone, 2), vec![None; 2]);
    }
}
