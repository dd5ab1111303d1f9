//! Few connections, many cores: which shard serves each application request of a large read.
//! The policy only ([`Planner`]); the connection copies the frames into batches
//! ([`super::batch`]) and the engine sends them. The policy is stated once, in
//! `docs/ARCHITECTURE.md` ("Policies: hand-off"); why it moves raw frames and not decoded
//! requests: `docs/design/handoff.md`.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use codec::{ApplicationId, Header};

use crate::io::ShardId;

/// One shard's load as the other shards see it when they plan a hand-off.
#[derive(Debug, Default)]
pub(crate) struct ShardLoad {
    /// Reads of its own connections the shard has handled (a generation, see `Planner::plan`).
    pub(crate) reads: AtomicU64,
    /// Messages in the last of those reads.
    pub(crate) last_read: AtomicUsize,
    /// Requests handed to the shard and not yet handled.
    pub(crate) queued: AtomicUsize,
}

/// One connection's side of the hand-off: the plan for the current read.
#[derive(Debug)]
pub(crate) struct Planner {
    own: ShardId,
    min_batch: usize,
    /// The shards sharing the current read, this one first; empty: all handled here.
    sharing: Vec<ShardId>,
    turn: usize,
    /// Per shard: its `reads` when this connection last planned.
    seen: Vec<u64>,
}

impl Planner {
    /// `min_batch` 0 disables the hand-off.
    pub(crate) fn new(own: ShardId, min_batch: usize) -> Self {
        Self { own, min_batch, sharing: Vec::new(), turn: 0, seen: Vec::new() }
    }

    /// Decides how a read of `frames` messages is shared, from every shard's load (the rule:
    /// `docs/ARCHITECTURE.md`, "Policies: hand-off").
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

    /// A read of `frames` messages begins on this shard: counts it in this shard's load and
    /// plans how it is shared.
    pub(crate) fn batch_start(&mut self, loads: &[ShardLoad], frames: usize) {
        if let Some(own) = loads.get(self.own) {
            own.reads.fetch_add(1, Ordering::Relaxed);
            own.last_read.store(frames, Ordering::Relaxed);
        }
        self.plan(frames, loads);
    }

    /// The shard to hand `frame` to, if it is an application request whose turn is another
    /// shard's. The caller copies it there once the peer has seen it.
    pub(crate) fn target(&mut self, frame: &[u8]) -> Option<ShardId> {
        if self.sharing.is_empty() {
            return None;
        }
        let header = Header::parse(frame).ok().flatten()?;
        if !header.flags.is_request() || header.application == ApplicationId::COMMON {
            return None;
        }
        self.next_target()
    }

    /// The read is done: nothing more is shared until the next one is planned.
    pub(crate) fn batch_end(&mut self) {
        self.sharing.clear();
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
