//! [`HssConnection`]: one accepted Diameter connection, between the I/O driver, the peer state
//! machine, the application table, the lanes and the peer table.
//!
//! ```text
//!  read of n frames ─▶ on_batch_start: plan the hand-off
//!  frame ─┬─ application request, another shard's turn ─▶ copied into that shard's batch
//!         └─ Message::parse ─▶ PeerConn::handle_message ─┬─ Handled     (answer in out)
//!                                                        ├─ Opened      ─▶ peer table
//!                                                        ├─ Application ─▶ Table::dispatch ─┬─ answered
//!                                                        │                                  └─ deferred ─▶ cold batch
//!                                                        ├─ Answer      ─▶ PendingAnswers by hop-by-hop id
//!                                                        └─ Close       ─▶ CloseAfterWrite
//!  on_batch_end: batches to their shards, the cold batch to the slow lane
//!  on_command: Send (an outbound request: written here), Answers (from another thread), Disconnect
//! ```
//!
//! Hot path (`on_frame` with an AIR): one parse, the peer's checks, the handler; no lock, no
//! allocation beyond the handler's. The peer table (a shared map) is touched only when a
//! connection opens or closes, and by outbound requests.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use bytes::BytesMut;
use codec::view::AnswerResult;
use codec::{Message, ResultCode};
use rustls::pki_types::CertificateDer;
use store::OsRand;

use super::command::{Command, CommandKind};
use super::services::{Services, SlowRefusal};
use super::stats::bump;
use crate::apps::{Handled, Lane, Serving};
use crate::io::{ConnId, ConnInfo, ConnectionEnd, ConnectionHandler, Flow};
use crate::lanes::batch::{Batch, Outgoing};
use crate::lanes::handoff::Planner;
use crate::log_limit::{PEER_EVENTS, PEER_FAULTS};
use crate::outbound::stats::Event;
use crate::outbound::{ANSWER_TIMEOUT, Delivery, Link, NotSent, Outbound, Pending, PendingAnswers};
use crate::peer::{
    CloseCause, CloseReason, DisconnectCause, Dispatch, Grant, Initiator, PeerConn, PeerState,
    Watchdog, certificate_names,
};

/// The handler of one accepted connection (see the module documentation).
#[derive(Debug)]
pub struct HssConnection {
    services: Arc<Services>,
    id: ConnId,
    /// The peer's address.
    address: SocketAddr,
    peer: PeerConn,
    /// RAND source for the vectors of this connection's requests (not shared: no lock).
    rand: OsRand,
    /// The wall clock of the current read, for the handlers.
    wall: SystemTime,
    /// Requests the handlers asked to originate; reused across requests.
    outbound: Vec<Outbound>,
    /// This connection in the peer table, while it is registered there.
    registered: Option<Arc<Link>>,
    /// The watchdog status last written to the link.
    watchdog: Watchdog,
    /// The capabilities exchange succeeded (counted in the `peers_open` gauge until close).
    opened: bool,
    /// Requests sent on this connection awaiting their answer.
    pending: PendingAnswers,
    /// The hand-off plan of the current read.
    planner: Planner,
    /// The batches of the current read, and buffers for the next ones.
    outgoing: Outgoing,
    /// What the peer may do, for the checks of the threads requests are handed to; set when
    /// its CER is accepted.
    grant: Option<Arc<Grant>>,
    /// The certificate a TLS peer presented (verified against the client CA), whose names its
    /// CER's Origin-Host must be among.
    tls_certificate: Option<CertificateDer<'static>>,
    /// Where the current read's answers start in the output buffer, once it has a frame
    /// (they are counted at its end: `metrics`).
    batch_mark: Option<usize>,
}

impl HssConnection {
    pub(crate) fn new(services: Arc<Services>, info: &ConnInfo, now: Instant) -> Self {
        let seed = connection_seed(services.seed_base, info.id);
        let peer = PeerConn::new(services.peer.clone(), info.peer.ip(), now, seed);
        let planner = Planner::new(info.id.shard(), services.handoff_min_batch);
        Self {
            services,
            id: info.id,
            address: info.peer,
            peer,
            rand: OsRand::new(),
            wall: SystemTime::now(),
            outbound: Vec::new(),
            registered: None,
            watchdog: Watchdog::Initial,
            opened: false,
            pending: PendingAnswers::default(),
            planner,
            outgoing: Outgoing::default(),
            grant: None,
            tls_certificate: None,
            batch_mark: None,
        }
    }

    /// The capabilities exchange succeeded: this connection now reaches the peer's host,
    /// unless the host is connected already as often as it may (the election, see
    /// `outbound::peers`), in which case the CEA 2001 at `mark` in `out` becomes a CEA 4003 and
    /// the connection closes. Connections the new one replaces are disconnected.
    fn register(&mut self, msg: &Message<'_>, mark: usize, out: &mut BytesMut) -> Flow {
        let Some(peer) = self.peer.peer() else { return Flow::Continue };
        // Over TLS with client certificates, the certificate must name the Origin-Host the CER
        // claims (RFC 6733 §13.1); otherwise the peer is unknown: 3010.
        if let Some(cert) = &self.tls_certificate
            && !certificate_names(cert, &peer.origin_host)
        {
            out.truncate(mark);
            let reason = self.peer.refuse_open(msg, out, ResultCode::UNKNOWN_PEER);
            self.log_close(&reason);
            return Flow::CloseAfterWrite;
        }
        let grant = peer.grant.clone();
        let link = Arc::new(Link::new(
            &peer.origin_host,
            &peer.origin_realm,
            self.address,
            peer.applications.clone(),
            SystemTime::now(),
            peer.origin_state_id,
        ));
        let admission = self.services.peers.admit(self.id, link.clone(), grant.max_connections);
        for old in admission.replaced {
            self.services.disconnect(old, DisconnectCause::REBOOTING);
        }
        if !admission.admitted {
            out.truncate(mark);
            let reason = self.peer.refuse_open(msg, out, ResultCode::ELECTION_LOST);
            self.log_close(&reason);
            return Flow::CloseAfterWrite;
        }
        if let Some(suppressed) = PEER_EVENTS.admit() {
            tracing::info!(
                host = %peer.origin_host,
                realm = %peer.origin_realm,
                address = %self.address,
                applications = ?peer.applications,
                product = %peer.product_name,
                suppressed,
                "peer connected"
            );
        }
        self.grant = Some(grant);
        self.watchdog = link.watchdog();
        let counters = &self.services.counters;
        bump(&counters.peers_opened);
        if !self.opened {
            self.opened = true;
            bump(&counters.peers_open);
        }
        self.registered = Some(link);
        Flow::Continue
    }

    /// Logs why the connection is closing: a refused CER or a lost watchdog as a warning (the
    /// operator acts on those), an orderly disconnect as information. One line per connection,
    /// never per request, and at most 20 a second of each kind (`log_limit.rs`: a flood of
    /// bad connections shows as one line a second with the count held back).
    fn log_close(&self, reason: &CloseReason) {
        let host = self.peer.peer().map(|p| p.origin_host.to_string());
        match reason.cause {
            CloseCause::CapabilitiesRejected(_)
            | CloseCause::NotCer(_)
            | CloseCause::CerTimeout
            | CloseCause::Watchdog
            | CloseCause::DpaTimeout(_) => {
                if let Some(suppressed) = PEER_FAULTS.admit() {
                    let (address, reason) = (self.address, reason);
                    tracing::warn!(host, %address, %reason, suppressed, "peer closing");
                }
            }
            _ => {
                if let Some(suppressed) = PEER_EVENTS.admit() {
                    let (address, reason) = (self.address, reason);
                    tracing::info!(host, %address, %reason, suppressed, "peer closing");
                }
            }
        }
    }

    /// No more requests go to this connection (closing or closed).
    fn unregister(&mut self) {
        if let Some(link) = self.registered.take() {
            self.services.peers.unregister(&link.host, self.id);
        }
    }

    /// Keeps the peer table current: the link's watchdog status, and the registration, which
    /// ends once the peer has left R-Open (DPR exchanged, watchdog down, closed).
    fn check_state(&mut self) {
        let Some(link) = &self.registered else { return };
        let watchdog = self.peer.watchdog();
        if watchdog != self.watchdog {
            self.watchdog = watchdog;
            link.set_watchdog(watchdog);
        }
        if self.peer.state() != PeerState::ROpen {
            self.unregister();
        }
    }

    /// Serves a request the peer has checked, on this shard.
    fn serve(&mut self, msg: &Message<'_>, frame: &[u8], out: &mut BytesMut) {
        let services = &*self.services;
        let mut with =
            Serving { now: self.wall, rand: &mut self.rand, outbound: &mut self.outbound };
        let Some(grant) = &self.grant else { return };
        let handled =
            services.table.dispatch(&services.node, grant, msg, Lane::Shard, out, &mut with);
        if let Handled::Deferred(deferral) = handled
            && let Some(grant) = &self.grant
        {
            self.outgoing.defer(self.id, grant, frame, deferral);
        }
        if !self.outbound.is_empty() {
            services.send_all(&mut self.outbound);
        }
    }

    /// Serves a batch that could not leave this shard, nothing deferred, into `out`.
    fn serve_here(&mut self, mut batch: Batch, out: &mut BytesMut) {
        let mut with =
            Serving { now: self.wall, rand: &mut self.rand, outbound: &mut self.outbound };
        batch.serve(self.services.server(), Lane::Slow, &mut with, &mut None);
        out.extend_from_slice(batch.answers());
        self.outgoing.recycle(batch);
    }

    /// Writes an outbound request to this connection's peer and keeps it pending.
    fn send(&mut self, mut outbound: Outbound, now: Instant, out: &mut BytesMut) {
        let counters = &self.services.counters.outbound;
        let kind = outbound.kind();
        let refused = if !self.peer.ready_for_requests() {
            // Closing, or watchdog SUSPECT: RFC 3539 says not to use this connection now.
            Some(NotSent::PeerNotReady)
        } else if !self.pending.has_room() {
            Some(NotSent::TooManyPending)
        } else {
            None
        };
        if let Some(why) = refused {
            counters.count(kind, Event::NotSent, 1);
            outbound.tell(Delivery::NotSent(why));
            return;
        }
        let ids = self.peer.next_request_ids();
        let session = self.services.session_id(kind.tag());
        outbound.encode(ids, &session, self.services.peer.origin(), out);
        counters.count(kind, Event::Sent, 1);
        outbound.tell(Delivery::Sent);
        let reply = outbound.take_reply();
        // Retried only when nobody waits on it: a sender with a reply decides for itself.
        let retry = if reply.is_none() { outbound.retry() } else { None };
        let pending = Pending { kind, deadline: now + ANSWER_TIMEOUT, reply, retry };
        // Room was checked above, and the peer's ids do not repeat.
        let _ = self.pending.insert(ids.hop_by_hop, pending);
    }

    /// An answer to a request this node sent: matched by hop-by-hop identifier.
    fn match_answer(&mut self, msg: &Message<'_>) {
        let counters = &self.services.counters.outbound;
        let Some(pending) = self.pending.take(msg.header.hop_by_hop) else {
            counters.unmatched();
            return;
        };
        let result = AnswerResult::from_answer(msg).ok();
        let success = result.is_some_and(AnswerResult::is_success);
        counters.count(pending.kind, Event::Answered { success }, 1);
        pending.settle(Delivery::Answered(result));
    }

    /// Settles requests whose answer will not come (overdue, or the connection closed).
    /// One with attempts left is sent again, routed anew (its host may have reconnected).
    fn missing(services: &Services, mut pending: Pending) {
        services.counters.outbound.count(pending.kind, Event::Missing, 1);
        match pending.retry.take() {
            Some(again) => {
                // Not routed: counted where routing failed.
                let _ = services.send(again);
            }
            None => pending.settle(Delivery::NoAnswer),
        }
    }
}

impl ConnectionHandler for HssConnection {
    type Command = Command;

    fn on_batch_start(&mut self, frames: usize) {
        self.wall = SystemTime::now();
        self.batch_mark = None;
        if let Some(loads) = self.services.loads() {
            self.planner.batch_start(loads, frames);
        }
    }

    fn on_frame(&mut self, frame: &[u8], now: Instant, out: &mut BytesMut) -> Flow {
        self.batch_mark.get_or_insert(out.len());
        // Another shard's turn: an application request on an open connection is copied there
        // unparsed (see `lanes::handoff`).
        if let Some(target) = self.planner.target(frame)
            && let Some(grant) = &self.grant
            && self.peer.receive_for_handoff(now)
        {
            self.outgoing.hand(target, self.id, grant, frame);
            return Flow::Continue;
        }
        // The driver framed it by its header, so this fails only on a header it would have
        // refused already; a stream out of step is closed either way.
        let Ok(msg) = Message::parse(frame) else {
            self.unregister();
            return Flow::CloseAfterWrite;
        };
        let mark = out.len();
        match self.peer.handle_message(now, &msg, out) {
            Dispatch::Handled => self.check_state(),
            Dispatch::Opened => return self.register(&msg, mark, out),
            Dispatch::Application => self.serve(&msg, frame, out),
            Dispatch::Answer => {
                self.match_answer(&msg);
                self.check_state();
            }
            Dispatch::Close(reason) => {
                self.log_close(&reason);
                self.unregister();
                return Flow::CloseAfterWrite;
            }
        }
        Flow::Continue
    }

    fn on_batch_end(&mut self, now: Instant, out: &mut BytesMut) -> Flow {
        self.planner.batch_end();
        while let Some((target, mut batch)) = self.outgoing.pop_handed() {
            batch.set_received(now);
            // A shard not known yet (the shards are starting): served here.
            if let Err(batch) = self.services.hand_off(target, batch) {
                self.serve_here(batch, out);
            }
        }
        if let Some(mut cold) = self.outgoing.take_cold() {
            cold.set_received(now);
            match self.services.to_slow_lane(cold) {
                Ok(()) => {}
                // The slow lane has stopped (shutting down): served here, waiting for the disk.
                Err(SlowRefusal::Stopped(cold)) => self.serve_here(cold, out),
                // Full: its requests are answered 3004.
                Err(SlowRefusal::Shed(refused)) => {
                    out.extend_from_slice(refused.answers());
                    self.outgoing.recycle(refused);
                }
            }
        }
        if !self.outbound.is_empty() {
            self.services.send_all(&mut self.outbound);
        }
        // Every answer of this read is queued now: counted on this shard's meter.
        if let Some(mark) = self.batch_mark.take()
            && let Some(meter) = self.services.meter(self.id.shard())
        {
            meter.answered(&self.services.commands, &out[mark..], Some(now), None);
        }
        Flow::Continue
    }

    fn on_timer(&mut self, now: Instant, out: &mut BytesMut) -> Flow {
        let services = &*self.services;
        self.pending.expire(now, |p| Self::missing(services, p));
        let due = self.peer.poll_timeout().is_some_and(|at| at <= now);
        if due && let Some(reason) = self.peer.handle_timeout(now, out) {
            self.log_close(&reason);
            self.unregister();
            return Flow::CloseAfterWrite;
        }
        self.check_state();
        Flow::Continue
    }

    fn on_tls_established(&mut self, peer_certificates: Option<&[CertificateDer<'static>]>) {
        self.tls_certificate = peer_certificates.and_then(|chain| chain.first()).cloned();
    }

    /// Opened once its CER was accepted and it won the election: until then the I/O layer
    /// holds it to the small pre-CER limits (`IoConfig::max_unopened*`).
    fn opened(&self) -> bool {
        self.opened
    }

    /// Deferred and handed-off requests not yet answered (`lanes::batch::Outstanding`).
    fn outstanding(&self) -> usize {
        self.outgoing.outstanding()
    }

    fn next_timer(&self) -> Option<Instant> {
        match (self.peer.poll_timeout(), self.pending.next_deadline()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn on_command(&mut self, command: Command, now: Instant, out: &mut BytesMut) -> Flow {
        match command.take() {
            Some(CommandKind::Send(outbound)) => self.send(outbound, now, out),
            Some(CommandKind::Disconnect(cause)) => {
                let done = self.peer.start_disconnect(now, cause, Initiator::Local, out);
                self.unregister();
                if done.is_some() {
                    return Flow::CloseAfterWrite;
                }
            }
            Some(CommandKind::Answers(batch)) => {
                if let Some(meter) = self.services.meter(self.id.shard()) {
                    let answers = batch.answers();
                    meter.answered(&self.services.commands, answers, batch.received(), Some(now));
                }
                out.extend_from_slice(batch.answers());
                self.outgoing.recycle(batch);
            }
            None => {}
        }
        Flow::Continue
    }

    fn on_close(&mut self, _reason: ConnectionEnd) {
        let reason = self.peer.handle_transport_closed();
        if self.opened
            && let Some(suppressed) = PEER_EVENTS.admit()
        {
            let host = self.peer.peer().map(|p| p.origin_host.to_string());
            let address = self.address;
            tracing::info!(host, %address, %reason, suppressed, "peer disconnected");
        }
        self.unregister();
        let services = &*self.services;
        self.pending.drain(|p| Self::missing(services, p));
        let counters = &services.counters;
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
pub(crate) fn clock_seed() -> u64 {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    // Truncation keeps the fast-moving low bits, which is what a seed needs.
    nanos as u64
}
