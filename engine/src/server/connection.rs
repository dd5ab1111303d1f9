//! [`HssConnection`]: one accepted Diameter connection, gluing the I/O driver, the peer state
//! machine, the application handlers and the peer registry together.
//!
//! ```text
//!  frame ─▶ Message::parse ─▶ PeerConn::handle_message ─┬─ Handled      (answer in out)
//!                                                       ├─ Opened       ─▶ registry.register
//!                                                       ├─ Application  ─▶ apps::handle_request
//!                                                       │                   └─ actions ─▶ CLR command
//!                                                       │                      to the old MME's shard
//!                                                       ├─ Answer       ─▶ match our CLR's hop-by-hop
//!                                                       └─ Close        ─▶ CloseAfterWrite
//! ```
//!
//! Hot path (`on_frame` with an AIR): one parse, the peer's checks, the handler; no lock, no
//! allocation beyond the handler's. The registry (a shared map) is touched only when a
//! connection opens or closes and when a ULR moves a subscriber away from another MME.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use bytes::BytesMut;
use codec::build::Destination;
use codec::build::s6a::{ClrBody, clr};
use codec::view::AnswerResult;
use codec::view::s6a::{CancellationType, ClrFlags};
use codec::{ApplicationId, Message};
use store::OsRand;

use super::handoff::{Batch, Planner};
use super::{CancelOutcome, Counters, Shared, bump};
use crate::apps::{self, Action};
use crate::io::{CloseReason, ConnId, ConnInfo, ConnectionHandler, Verdict};
use crate::peer::{DisconnectCause, Dispatch, Initiator, PeerConn, PeerState};

/// What another thread can ask of one connection, delivered through its shard's control
/// mailbox to [`HssConnection::on_command`].
///
/// A command that never reaches its connection (the connection closed first, or its shard
/// stopped) is counted as lost in [`super::EngineStats::commands_lost`] when it is dropped.
#[derive(Debug)]
pub struct Command {
    kind: Option<CommandKind>,
    /// Counts the command as lost if it is dropped unhandled.
    counters: Arc<Counters>,
}

#[derive(Debug)]
enum CommandKind {
    /// Send Cancel-Location-Request (Cancellation-Type MME_UPDATE_PROCEDURE) for `imsi` to
    /// the peer of this connection, addressed to `host`/`realm` (the serving-MME record).
    CancelLocation { imsi: String, host: String, realm: String },
    /// Start an orderly disconnect: DPR with this cause.
    Disconnect(DisconnectCause),
    /// Answers another shard encoded for requests this connection handed to it: write them.
    Answers(Batch),
}

impl Command {
    pub(super) fn cancel_location(
        counters: Arc<Counters>,
        imsi: String,
        host: String,
        realm: String,
    ) -> Self {
        Self { kind: Some(CommandKind::CancelLocation { imsi, host, realm }), counters }
    }

    pub(super) fn disconnect(counters: Arc<Counters>, cause: DisconnectCause) -> Self {
        Self { kind: Some(CommandKind::Disconnect(cause)), counters }
    }

    pub(super) fn answers(counters: Arc<Counters>, batch: Batch) -> Self {
        Self { kind: Some(CommandKind::Answers(batch)), counters }
    }

    /// The command, which is no longer counted as lost.
    fn take(mut self) -> Option<CommandKind> {
        self.kind.take()
    }
}

impl Drop for Command {
    fn drop(&mut self) {
        if self.kind.is_some() {
            bump(&self.counters.commands_lost);
        }
    }
}

/// A request this connection sent and whose answer it awaits.
#[derive(Debug, Clone, Copy)]
struct Pending {
    hop_by_hop: u32,
    deadline: Instant,
}

/// The handler of one accepted connection (see the module documentation).
#[derive(Debug)]
pub struct HssConnection {
    shared: Arc<Shared>,
    id: ConnId,
    peer: PeerConn,
    /// RAND source for the vectors of this connection's requests (not shared: no lock).
    rand: OsRand,
    /// Follow-up requests the handlers asked for; reused across requests.
    actions: Vec<Action>,
    /// The Origin-Host this connection is registered under, while it is.
    registered: Option<Box<str>>,
    /// The capabilities exchange succeeded (counted in the `peers_open` gauge until close).
    opened: bool,
    /// Requests sent on this connection (CLR) awaiting their answer, oldest first; all share
    /// one timeout, so the first is the next to expire.
    pending: Vec<Pending>,
    /// The hand-off of this connection's requests to other shards.
    handoff: Planner,
    /// The applications negotiated with the peer, for the shards requests are handed to.
    applications: Arc<[ApplicationId]>,
}

impl HssConnection {
    pub(super) fn new(shared: Arc<Shared>, info: &ConnInfo, now: Instant) -> Self {
        let seed = connection_seed(shared.seed_base, info.id);
        let peer = PeerConn::new(shared.peer.clone(), now, seed);
        let min_batch = shared.handoff_min_batch;
        Self {
            shared,
            id: info.id,
            peer,
            rand: OsRand::new(),
            actions: Vec::new(),
            registered: None,
            opened: false,
            pending: Vec::new(),
            handoff: Planner::new(info.id.shard(), min_batch),
            applications: Arc::from([]),
        }
    }

    /// The capabilities exchange succeeded: this connection now reaches the peer's host.
    fn register(&mut self) {
        let Some(peer) = self.peer.peer() else { return };
        let host = peer.origin_host.clone();
        self.applications = peer.applications.as_slice().into();
        self.shared.registry.register(&host, self.id);
        let counters = &self.shared.counters;
        bump(&counters.peers_opened);
        if !self.opened {
            self.opened = true;
            bump(&counters.peers_open);
        }
        self.registered = Some(host);
    }

    /// No more requests go to this connection (closing or closed).
    fn unregister(&mut self) {
        if let Some(host) = self.registered.take() {
            self.shared.registry.unregister(&host, self.id);
        }
    }

    /// Unregisters once the peer has left R-Open (DPR exchanged, watchdog down, closed).
    fn check_state(&mut self) {
        if self.registered.is_some() && self.peer.state() != PeerState::ROpen {
            self.unregister();
        }
    }

    /// Sends what the handlers asked for; a deferred request (`frame`) goes to the slow lane.
    fn run_actions(&mut self, frame: &[u8]) {
        for action in self.actions.drain(..) {
            match action {
                Action::CancelLocation { imsi, host, realm } => {
                    // Counted inside: not connected, or the target's shard has stopped.
                    let _: CancelOutcome =
                        super::send_cancel_location(&self.shared, imsi, host, realm);
                }
                Action::Defer => self.handoff.push_slow(self.id, &self.applications, frame),
            }
        }
    }

    /// An answer to a request this node sent: matched by hop-by-hop identifier.
    fn match_answer(&mut self, msg: &Message<'_>) {
        let counters = &self.shared.counters;
        let hbh = msg.header.hop_by_hop;
        match self.pending.iter().position(|p| p.hop_by_hop == hbh) {
            Some(i) => {
                self.pending.remove(i);
                bump(&counters.answers_matched);
                let ok = AnswerResult::from_answer(msg).is_ok_and(AnswerResult::is_success);
                if !ok {
                    bump(&counters.answers_failed);
                }
            }
            None => bump(&counters.answers_unmatched),
        }
    }

    /// Writes a CLR for `imsi` to this connection's peer.
    fn send_clr(&mut self, imsi: &str, host: &str, realm: &str, now: Instant, out: &mut BytesMut) {
        let counters = &self.shared.counters;
        if !self.peer.ready_for_requests() {
            // Closing, or watchdog SUSPECT: RFC 3539 says not to use this connection now.
            bump(&counters.clr_not_sent);
            return;
        }
        let ids = self.peer.next_request_ids();
        let session = self.shared.session_id("clr");
        let origin = self.peer.config().origin();
        let body = ClrBody {
            imsi,
            cancellation_type: CancellationType::MME_UPDATE_PROCEDURE,
            clr_flags: Some(ClrFlags::S6A_S6D_INDICATOR),
            supported_features: &[],
        };
        clr(out, ids, &session, &origin, &Destination { host, realm }, &body);
        self.pending
            .push(Pending { hop_by_hop: ids.hop_by_hop, deadline: now + super::ANSWER_TIMEOUT });
        bump(&counters.clr_sent);
    }

    /// Forgets requests whose answer is overdue.
    fn expire_pending(&mut self, now: Instant) {
        let before = self.pending.len();
        self.pending.retain(|p| p.deadline > now);
        let expired = (before - self.pending.len()) as u64;
        if expired > 0 {
            self.shared.counters.answers_missing.fetch_add(expired, Ordering::Relaxed);
        }
    }
}

impl ConnectionHandler for HssConnection {
    type Command = Command;

    fn on_batch_start(&mut self, frames: usize) {
        self.handoff.batch_start(&self.shared, frames);
    }

    fn on_frame(&mut self, frame: &[u8], now: Instant, out: &mut BytesMut) -> Verdict {
        // Another shard's turn: an application request on an open connection is copied there
        // unparsed (see `handoff`).
        if let Some(target) = self.handoff.target(frame)
            && self.peer.receive_for_handoff(now)
        {
            self.handoff.push(target, self.id, &self.applications, frame);
            return Verdict::Continue;
        }
        // The driver framed it by its header, so this fails only on a header it would have
        // refused already; a stream out of step is closed either way.
        let Ok(msg) = Message::parse(frame) else {
            self.unregister();
            return Verdict::CloseAfterWrite;
        };
        match self.peer.handle_message(now, &msg, out) {
            Dispatch::Handled => {
                self.check_state();
                Verdict::Continue
            }
            Dispatch::Opened => {
                self.register();
                Verdict::Continue
            }
            Dispatch::Application => {
                apps::handle_request(
                    &self.shared.apps,
                    &msg,
                    &mut self.rand,
                    out,
                    &mut self.actions,
                );
                if !self.actions.is_empty() {
                    self.run_actions(frame);
                }
                Verdict::Continue
            }
            Dispatch::Answer => {
                self.match_answer(&msg);
                Verdict::Continue
            }
            Dispatch::Close(_) => {
                self.unregister();
                Verdict::CloseAfterWrite
            }
        }
    }

    fn on_batch_end(&mut self, _now: Instant, out: &mut BytesMut) -> Verdict {
        self.handoff.batch_end(&self.shared, &mut self.rand, out);
        Verdict::Continue
    }

    fn on_timer(&mut self, now: Instant, out: &mut BytesMut) -> Verdict {
        self.expire_pending(now);
        let due = self.peer.poll_timeout().is_some_and(|at| at <= now);
        if due && self.peer.handle_timeout(now, out).is_some() {
            self.unregister();
            return Verdict::CloseAfterWrite;
        }
        self.check_state();
        Verdict::Continue
    }

    fn next_timer(&self) -> Option<Instant> {
        let answers = self.pending.first().map(|p| p.deadline);
        match (self.peer.poll_timeout(), answers) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn on_command(&mut self, command: Command, now: Instant, out: &mut BytesMut) -> Verdict {
        match command.take() {
            Some(CommandKind::CancelLocation { imsi, host, realm }) => {
                self.send_clr(&imsi, &host, &realm, now, out);
                Verdict::Continue
            }
            Some(CommandKind::Disconnect(cause)) => {
                let done = self.peer.start_disconnect(now, cause, Initiator::Local, out);
                self.unregister();
                if done.is_some() { Verdict::CloseAfterWrite } else { Verdict::Continue }
            }
            Some(CommandKind::Answers(batch)) => {
                out.extend_from_slice(batch.answers());
                self.handoff.recycle(batch);
                Verdict::Continue
            }
            None => Verdict::Continue,
        }
    }

    fn on_close(&mut self, _reason: CloseReason) {
        let _ = self.peer.handle_transport_closed();
        self.unregister();
        let unanswered = self.pending.len() as u64;
        if unanswered > 0 {
            self.shared.counters.answers_missing.fetch_add(unanswered, Ordering::Relaxed);
            self.pending.clear();
        }
        let counters = &self.shared.counters;
        if self.opened {
            counters.peers_open.fetch_sub(1, Ordering::Relaxed);
        }
        bump(&counters.connections_closed);
    }
}

/// The seed of one connection's identifiers and watchdog jitter: the engine's start time mixed
/// with the connection's shard and number (SplitMix64 finaliser), so that it differs across
/// connections and restarts.
fn connection_seed(base: u64, id: ConnId) -> u64 {
    let mut z = base ^ ((id.shard() as u64) << 48) ^ id.seq();
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Nanoseconds since the Unix epoch (0 if the clock is before it), for seeds.
pub(super) fn clock_seed() -> u64 {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    // Truncation keeps the fast-moving low bits, which is what a seed needs.
    nanos as u64
}
