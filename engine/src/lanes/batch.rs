//! [`Batch`]: requests of one connection served on another thread (another shard, or the slow
//! lane), whose answers travel back to the connection in the same value.
//!
//! A frame enters a batch in one of two ways:
//! - handed off as read ([`Batch::push_unchecked`]): the serving thread runs the peer's checks
//!   (`peer::check_application_request`) and the handler, exactly as the reading shard would;
//! - deferred by its handler ([`Batch::push_deferred`]): it passed the checks already, and the
//!   [`Deferral`] says what the slow lane must make ready (a cache entry, SQNs); the slow lane
//!   reads that, never the request.
//!
//! [`Batch::serve`] appends one answer per frame to the batch's answer buffer, except for
//! requests whose handler defers them again (a shard serving a hand-off), which move to a
//! batch for the slow lane. The buffers travel back with the answers and are reused
//! ([`Outgoing`]), so a steady stream of batches allocates little.
//!
//! A batch that leaves its connection carries a [`Claim`] on the connection's [`Outstanding`]
//! count, one per request, given back when the batch is dropped: at home once its answers
//! are written, or wherever it is lost (a panic, a stopped shard, a closed connection). A
//! request a hand-off defers moves its share of the claim to the slow lane's batch, so the
//! count follows every request until its own answer is home.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use bytes::BytesMut;
use codec::{Message, ResultCode};

use crate::apps::{Deferral, Handled, Lane, Node, Serving, Table};
use crate::io::{ConnId, ShardId};
use crate::metrics::Stamp;
use crate::peer::{Grant, PeerConfig, check_application_request};

/// Batch buffers one connection keeps for reuse.
const SPARES: usize = 8;

/// How one frame of a batch is served.
#[derive(Debug, Clone, Copy)]
enum Entry {
    /// Handed off as read: checked where it is served.
    Unchecked { len: usize },
    /// Checked on its shard and deferred by its handler: served again, never deferred.
    Deferred { len: usize, deferral: Deferral },
}

impl Entry {
    fn len(self) -> usize {
        match self {
            Entry::Unchecked { len } | Entry::Deferred { len, .. } => len,
        }
    }
}

/// Requests of one connection being served on other threads and not yet answered, shared by
/// the connection (which stops reading at a limit: `io::ConnectionHandler::outstanding`) and
/// the [`Claim`]s of its batches.
#[derive(Debug, Clone, Default)]
pub struct Outstanding(Arc<AtomicUsize>);

impl Outstanding {
    /// The requests counted now.
    pub fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }

    /// Counts `n` requests until the returned claim is dropped.
    fn claim(&self, n: usize) -> Claim {
        self.0.fetch_add(n, Ordering::Relaxed);
        Claim { of: self.clone(), n }
    }
}

/// `n` requests of a batch counted in their connection's [`Outstanding`]; dropping the claim
/// gives them back.
#[derive(Debug)]
struct Claim {
    of: Outstanding,
    n: usize,
}

impl Claim {
    /// Moves one request's share of this claim to `to` (a claim on the same count), which
    /// leaves the count itself as it is.
    fn pass_one(&mut self, to: &mut Claim) {
        if self.n > 0 {
            self.n -= 1;
            to.n += 1;
        }
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        self.of.0.fetch_sub(self.n, Ordering::Relaxed);
    }
}

/// Requests of one connection, copied for another thread, and the buffer their answers come
/// back in.
#[derive(Debug)]
pub struct Batch {
    home: ConnId,
    /// What the connection's peer may do, for the checks.
    grant: Arc<Grant>,
    /// The frames, back to back, as the peer sent them.
    frames: Vec<u8>,
    /// One per frame, in order.
    entries: Vec<Entry>,
    answers: BytesMut,
    /// When the read that brought the requests completed (for the latency metric).
    received: Stamp,
    /// Its requests' place in their connection's outstanding count, once it has left it
    /// (boxed: a batch is moved between threads and given back in `Err`s, so it stays small;
    /// one allocation per batch sent, beside the channel's).
    claim: Option<Box<Claim>>,
}

/// What serving a request needs besides the request: the application table, this node, and
/// the peer configuration the checks use.
#[derive(Debug, Clone, Copy)]
pub struct Server<'a> {
    pub table: &'a Table,
    pub node: &'a Node,
    pub peer: &'a PeerConfig,
}

impl Batch {
    /// An empty batch for connection `home`, whose peer has `grant`.
    pub fn new(home: ConnId, grant: Arc<Grant>) -> Self {
        Self::with_buffers(home, grant, Vec::new(), BytesMut::new())
    }

    fn with_buffers(home: ConnId, grant: Arc<Grant>, frames: Vec<u8>, answers: BytesMut) -> Self {
        let received = Stamp::default();
        Self { home, grant, frames, entries: Vec::new(), answers, received, claim: None }
    }

    /// Counts every request of the batch in `outstanding` until the batch is dropped (its
    /// answers written at home, or lost on the way).
    fn claim(&mut self, outstanding: &Outstanding) {
        self.claim = Some(Box::new(outstanding.claim(self.entries.len())));
    }

    /// Records when the read that brought the requests completed.
    pub fn set_received(&mut self, at: Instant) {
        self.received = Stamp::of(at);
    }

    /// When the read that brought the requests completed, if recorded.
    pub fn received(&self) -> Option<Instant> {
        self.received.instant()
    }

    /// The connection the answers go to.
    pub fn home(&self) -> ConnId {
        self.home
    }

    /// Requests in the batch.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Adds a request as read, to be checked where it is served.
    pub fn push_unchecked(&mut self, frame: &[u8]) {
        self.frames.extend_from_slice(frame);
        self.entries.push(Entry::Unchecked { len: frame.len() });
    }

    /// Adds a checked request its handler deferred.
    pub fn push_deferred(&mut self, frame: &[u8], deferral: Deferral) {
        self.frames.extend_from_slice(frame);
        self.entries.push(Entry::Deferred { len: frame.len(), deferral });
    }

    /// What the deferred requests need made ready.
    pub fn deferrals(&self) -> impl Iterator<Item = Deferral> + '_ {
        self.entries.iter().filter_map(|e| match *e {
            Entry::Deferred { deferral, .. } => Some(deferral),
            Entry::Unchecked { .. } => None,
        })
    }

    /// The encoded answers, once served.
    pub fn answers(&self) -> &[u8] {
        &self.answers
    }

    /// Answers every request with `code` alone (a load-shedding 3004), replacing any answers.
    pub fn refuse_all(&mut self, origin: &codec::build::Origin<'_>, code: ResultCode) {
        self.answers.clear();
        let mut start = 0;
        for entry in &self.entries {
            let frame = &self.frames[start..start + entry.len()];
            start += entry.len();
            if let Ok(msg) = Message::parse(frame) {
                codec::build::result_answer(&mut self.answers, &msg, origin, code);
            }
        }
    }

    /// Serves every request on `lane`, appending one answer per request to the batch's
    /// answers; on [`Lane::Shard`], a request its handler defers is copied into `cold` (a
    /// batch for the slow lane, made when first needed) instead.
    pub fn serve(
        &mut self,
        server: Server<'_>,
        lane: Lane,
        with: &mut Serving<'_>,
        cold: &mut Option<Batch>,
    ) {
        let mut answers = std::mem::take(&mut self.answers);
        let mut start = 0;
        for &entry in &self.entries {
            let frame = &self.frames[start..start + entry.len()];
            start += entry.len();
            // Framed by the reading shard already: a frame always parses.
            let Ok(msg) = Message::parse(frame) else { continue };
            if let Entry::Unchecked { .. } = entry
                && !check_application_request(server.peer, &self.grant, &msg, &mut answers)
            {
                continue;
            }
            let grant = &*self.grant;
            match server.table.dispatch(server.node, grant, &msg, lane, &mut answers, with) {
                Handled::Answered => {}
                Handled::Deferred(deferral) if lane == Lane::Shard => {
                    let (grant, received) = (&self.grant, self.received);
                    let cold = cold.get_or_insert_with(|| Batch {
                        received,
                        claim: self.claim.as_ref().map(|c| Box::new(c.of.claim(0))),
                        ..Batch::new(self.home, grant.clone())
                    });
                    cold.push_deferred(frame, deferral);
                    // The request is still outstanding, now in the slow lane's batch.
                    if let (Some(from), Some(to)) = (&mut self.claim, &mut cold.claim) {
                        from.pass_one(to);
                    }
                }
                // A handler defers only on a shard; should one not hold to that, the request
                // still gets an answer.
                Handled::Deferred(_) => {
                    let origin = server.node.origin();
                    codec::build::result_answer(
                        &mut answers,
                        &msg,
                        &origin,
                        ResultCode::UNABLE_TO_COMPLY,
                    );
                }
            }
        }
        self.answers = answers;
    }
}

/// The batches one connection fills during one read: one per shard its requests are handed
/// to, one for the slow lane; and the buffers of batches that came back, for the next ones.
#[derive(Debug, Default)]
pub struct Outgoing {
    /// By target shard.
    handed: Vec<Option<Batch>>,
    cold: Option<Batch>,
    spares: Vec<(Vec<u8>, BytesMut)>,
    /// The connection's requests on other threads, claimed by each batch taken from here.
    outstanding: Outstanding,
}

impl Outgoing {
    /// Copies `frame` into the batch for shard `target`.
    pub fn hand(&mut self, target: ShardId, home: ConnId, grant: &Arc<Grant>, frame: &[u8]) {
        if self.handed.len() <= target {
            self.handed.resize_with(target + 1, || None);
        }
        let spares = &mut self.spares;
        self.handed[target]
            .get_or_insert_with(|| {
                let (frames, answers) = spares.pop().unwrap_or_default();
                Batch::with_buffers(home, grant.clone(), frames, answers)
            })
            .push_unchecked(frame);
    }

    /// Copies `frame`, checked and deferred by its handler, into the slow lane's batch.
    pub fn defer(&mut self, home: ConnId, grant: &Arc<Grant>, frame: &[u8], d: Deferral) {
        self.cold.get_or_insert_with(|| Batch::new(home, grant.clone())).push_deferred(frame, d);
    }

    /// One of the batches filled during the read, with its target shard; `None` once all are
    /// taken. The batch counts in [`Self::outstanding`] from now until it is dropped.
    pub fn pop_handed(&mut self) -> Option<(ShardId, Batch)> {
        let (id, mut batch) =
            self.handed.iter_mut().enumerate().find_map(|(id, b)| Some((id, b.take()?)))?;
        batch.claim(&self.outstanding);
        Some((id, batch))
    }

    /// The slow lane's batch of the read, if any request was deferred. The batch counts in
    /// [`Self::outstanding`] from now until it is dropped.
    pub fn take_cold(&mut self) -> Option<Batch> {
        let mut batch = self.cold.take()?;
        batch.claim(&self.outstanding);
        Some(batch)
    }

    /// The connection's requests in batches taken from here and not yet dropped: served on
    /// other threads, or answered and on their way home.
    pub fn outstanding(&self) -> usize {
        self.outstanding.get()
    }

    /// Keeps a served batch's buffers for the next ones.
    pub fn recycle(&mut self, batch: Batch) {
        if self.spares.len() < SPARES {
            let Batch { mut frames, mut answers, .. } = batch;
            frames.clear();
            answers.clear();
            self.spares.push((frames, answers));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_counts_until_dropped_and_a_passed_share_follows_its_request() {
        let outstanding = Outstanding::default();
        let mut handed = outstanding.claim(3);
        let mut cold = outstanding.claim(0);
        assert_eq!(outstanding.get(), 3);
        handed.pass_one(&mut cold);
        assert_eq!((outstanding.get(), handed.n, cold.n), (3, 2, 1), "passing counts nothing");
        drop(handed);
        assert_eq!(outstanding.get(), 1, "the deferred request is still out");
        drop(cold);
        assert_eq!(outstanding.get(), 0);
    }
}
