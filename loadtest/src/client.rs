//! One peer connection's protocol logic, sans I/O: bytes and `now` in, bytes out, and the next
//! instant it needs to be woken at. The tokio driver (`conn`) owns the socket.
//!
//! Phases, as the initiator side of RFC 6733 §5.6 sees them: `Connecting` until the driver has
//! a socket, `WaitCea` after the CER, `Open` while the load runs, `Closing` after the DPR,
//! `Closed`. In `Open`, up to `window` requests are outstanding; answers are matched by
//! hop-by-hop and end-to-end identifier, and a request unanswered after the timeout is counted
//! and forgotten (its late answer counts as unmatched).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt::Write;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

use bytes::BytesMut;
use codec::build::base::{Capabilities, cer, dpa, dpr, dwa};
use codec::build::s6a::cla;
use codec::build::{Destination, Origin, Outcome, RequestIds, error_answer};
use codec::{ApplicationId, CommandCode, Frames, Message, MessageError, ResultCode};
use hdrhistogram::Histogram;

use crate::config::Plan;
use crate::imsi::Partition;
use crate::report::ResultKey;
use crate::scenario::{RequestContext, Verdict, base_result};

/// Latencies above this (60 s) are recorded as 60 s.
pub(crate) const MAX_LATENCY_US: u64 = 60_000_000;

/// Disconnect-Cause of the closing DPR: DO_NOT_WANT_TO_TALK_TO_YOU (the run is over).
const DISCONNECT_CAUSE: u32 = 2;

/// What one connection did; [`crate::Report::merge`] adds them up.
#[derive(Debug, Clone)]
pub struct ConnStats {
    /// The peer's index.
    pub conn: usize,
    /// Requests written.
    pub sent: u64,
    /// Requests written, per command name.
    pub sent_by_command: BTreeMap<&'static str, u64>,
    /// Answers matched to an outstanding request.
    pub answers: u64,
    /// Answers judged [`crate::Verdict::Success`].
    pub successes: u64,
    /// Answers judged [`crate::Verdict::Failure`], by result.
    pub errors: BTreeMap<ResultKey, u64>,
    /// Answers judged [`crate::Verdict::Invalid`].
    pub invalid: u64,
    /// Requests unanswered within the timeout.
    pub timeouts: u64,
    /// Answers matching no outstanding request.
    pub unmatched: u64,
    /// Requests outstanding when the connection failed.
    pub aborted: u64,
    /// Requests the server sent (DWR, DPR, CLR, ...), each answered.
    pub server_requests: u64,
    /// Send-to-answer latency in microseconds.
    pub latency: Histogram<u64>,
    /// When the CEA accepted this peer.
    pub open_at: Option<Instant>,
    /// When the last outstanding request was answered or timed out (or the connection failed).
    pub drained_at: Option<Instant>,
    /// True when the DPR was answered.
    pub dpa: bool,
    /// Why the connection failed, if it did.
    pub error: Option<String>,
}

impl ConnStats {
    /// Empty statistics for peer `conn`.
    pub fn new(conn: usize) -> Self {
        Self {
            conn,
            sent: 0,
            sent_by_command: BTreeMap::new(),
            answers: 0,
            successes: 0,
            errors: BTreeMap::new(),
            invalid: 0,
            timeouts: 0,
            unmatched: 0,
            aborted: 0,
            server_requests: 0,
            // Constant bounds (1 us to 60 s, 3 digits) that hdrhistogram accepts.
            latency: Histogram::new_with_bounds(1, MAX_LATENCY_US, 3)
                .expect("constant histogram bounds are valid"),
            open_at: None,
            drained_at: None,
            dpa: false,
            error: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Connecting,
    WaitCea { hop_by_hop: u32, deadline: Instant },
    Open,
    Closing { hop_by_hop: u32, deadline: Instant },
    Closed,
}

/// An outstanding request.
#[derive(Debug, Clone, Copy)]
struct InFlight {
    end_to_end: u32,
    sent_at: Instant,
    /// Index of its IMSI in the run's range.
    imsi: u64,
    /// Index of its step in the scenario.
    step: usize,
}

/// The state of one peer connection.
#[derive(Debug)]
pub(crate) struct Client {
    plan: Arc<Plan>,
    conn: usize,
    origin_host: String,
    /// `--destination-host`, else the HSS's Origin-Host from the CEA.
    destination_host: String,
    share: Partition,
    /// Procedures started so far; the next one uses the share's IMSI number `cursor`.
    cursor: u64,
    next_hop_by_hop: u32,
    next_end_to_end: u32,
    sessions: u64,
    phase: Phase,
    /// Set once the budget refused a request: no more are sent.
    exhausted: bool,
    in_flight: HashMap<u32, InFlight>,
    /// Send deadlines in sending order (so in deadline order); entries of answered requests
    /// are dropped when they reach the front.
    deadlines: VecDeque<(Instant, u32)>,
    /// Procedures whose next step is due: (IMSI index, step).
    continuations: VecDeque<(u64, usize)>,
    imsi: String,
    session_id: String,
    stats: ConnStats,
}

impl Client {
    /// Peer `conn` of `plan`.
    pub fn new(plan: Arc<Plan>, conn: usize) -> Self {
        let origin_host = crate::config::origin_host(&plan.realm, conn);
        let share = Partition::new(conn, plan.peers, plan.imsis.len());
        // RFC 6733 §3: the end-to-end identifier's high 12 bits are the low 12 bits of the
        // time; the peer index keeps the connections apart below them.
        let end_to_end = (plan.origin_state_id & 0xfff) << 20 | ((conn as u32) & 0xff) << 12;
        Self {
            destination_host: plan.destination_host.clone().unwrap_or_default(),
            plan,
            conn,
            origin_host,
            share,
            cursor: 0,
            next_hop_by_hop: 1,
            next_end_to_end: end_to_end,
            sessions: 0,
            phase: Phase::Connecting,
            exhausted: false,
            in_flight: HashMap::new(),
            deadlines: VecDeque::new(),
            continuations: VecDeque::new(),
            imsi: String::new(),
            session_id: String::new(),
            stats: ConnStats::new(conn),
        }
    }

    /// The statistics so far.
    #[cfg(test)]
    pub fn stats(&self) -> &ConnStats {
        &self.stats
    }

    /// The statistics, once the connection is over.
    pub fn into_stats(self) -> ConnStats {
        self.stats
    }

    /// True once the connection is over: DPA received, closed, or failed.
    pub fn is_closed(&self) -> bool {
        self.phase == Phase::Closed
    }

    fn origin(&self) -> Origin<'_> {
        Origin { host: &self.origin_host, realm: &self.plan.realm }
    }

    fn take_ids(&mut self) -> RequestIds {
        let ids = RequestIds { hop_by_hop: self.next_hop_by_hop, end_to_end: self.next_end_to_end };
        self.next_hop_by_hop = self.next_hop_by_hop.wrapping_add(1);
        self.next_end_to_end = self.next_end_to_end.wrapping_add(1);
        ids
    }

    /// Writes the CER, advertising S6a with `local_ip` as Host-IP-Address.
    pub fn start(&mut self, now: Instant, local_ip: IpAddr, out: &mut BytesMut) {
        let ids = self.take_ids();
        let caps = Capabilities {
            origin: self.origin(),
            host_ip_addresses: &[local_ip],
            vendor_id: 0,
            product_name: "hss-loadtest",
            origin_state_id: Some(self.plan.origin_state_id),
            firmware_revision: None,
            tgpp_applications: &[ApplicationId::S6A],
            auth_applications: &[],
        };
        cer(out, ids, &caps);
        let deadline = now + self.plan.timeout;
        self.phase = Phase::WaitCea { hop_by_hop: ids.hop_by_hop, deadline };
    }

    /// Ends the connection with `reason` (connect, I/O, framing, protocol): outstanding
    /// requests count as aborted.
    pub fn fail(&mut self, now: Instant, reason: String) {
        if self.phase == Phase::Closed {
            return;
        }
        self.stats.error.get_or_insert(reason);
        self.stats.aborted += self.in_flight.len() as u64;
        self.in_flight.clear();
        self.deadlines.clear();
        if self.stats.open_at.is_some() {
            self.stats.drained_at.get_or_insert(now);
        }
        self.phase = Phase::Closed;
    }

    /// The server closed the connection.
    pub fn handle_close(&mut self, now: Instant) {
        match self.phase {
            Phase::Closing { .. } => self.phase = Phase::Closed,
            Phase::Closed => {}
            _ => self.fail(now, "connection closed by the server".into()),
        }
    }

    /// Handles the complete messages at the front of `buf`; returns how many bytes they took
    /// (the rest is an incomplete message to keep for the next read).
    pub fn handle_bytes(&mut self, now: Instant, buf: &[u8], out: &mut BytesMut) -> usize {
        let mut frames = Frames::new(buf);
        for frame in frames.by_ref() {
            if self.phase == Phase::Closed {
                return buf.len();
            }
            match frame.and_then(Message::parse) {
                Ok(msg) => self.handle_message(now, &msg, out),
                Err(e) => {
                    self.fail(now, format!("framing: {e}"));
                    return buf.len();
                }
            }
        }
        frames.consumed()
    }

    /// Handles one message from the server.
    pub fn handle_message(&mut self, now: Instant, msg: &Message<'_>, out: &mut BytesMut) {
        if msg.is_request() {
            return self.handle_request(now, msg, out);
        }
        let h = msg.header;
        match self.phase {
            Phase::WaitCea { hop_by_hop, .. } => {
                if h.code != CommandCode::CAPABILITIES_EXCHANGE || h.hop_by_hop != hop_by_hop {
                    return self.fail(now, format!("expected a CEA, got {:?}", h.code));
                }
                self.handle_cea(now, msg);
            }
            Phase::Closing { hop_by_hop, .. }
                if h.code == CommandCode::DISCONNECT_PEER && h.hop_by_hop == hop_by_hop =>
            {
                self.stats.dpa = true;
                self.phase = Phase::Closed;
            }
            Phase::Open | Phase::Closing { .. } => self.handle_answer(now, msg),
            Phase::Connecting | Phase::Closed => {}
        }
    }

    fn handle_cea(&mut self, now: Instant, msg: &Message<'_>) {
        match base_result(msg) {
            Some(2001) => {}
            Some(code) => return self.fail(now, format!("CEA refused with Result-Code {code}")),
            None => return self.fail(now, "CEA without Result-Code".into()),
        }
        if self.destination_host.is_empty() {
            match codec::view::base::origin_host(msg) {
                Ok(Some(host)) if !host.is_empty() => self.destination_host = host.to_owned(),
                _ => return self.fail(now, "CEA without Origin-Host".into()),
            }
        }
        self.stats.open_at = Some(now);
        self.phase = Phase::Open;
    }

    fn handle_answer(&mut self, now: Instant, msg: &Message<'_>) {
        let h = msg.header;
        let request = match self.in_flight.get(&h.hop_by_hop) {
            Some(f) if f.end_to_end == h.end_to_end => *f,
            _ => {
                self.stats.unmatched += 1;
                return;
            }
        };
        self.in_flight.remove(&h.hop_by_hop);
        let micros = now.saturating_duration_since(request.sent_at).as_micros();
        let micros = u64::try_from(micros).unwrap_or(u64::MAX).clamp(1, MAX_LATENCY_US);
        self.stats.latency.saturating_record(micros);
        self.stats.answers += 1;
        let steps = self.plan.scenario.steps();
        match steps[request.step].check(msg, self.plan.vectors) {
            Verdict::Success => {
                self.stats.successes += 1;
                if request.step + 1 < steps.len() {
                    self.continuations.push_back((request.imsi, request.step + 1));
                }
            }
            Verdict::Failure(key) => *self.stats.errors.entry(key).or_default() += 1,
            Verdict::Invalid(_) => self.stats.invalid += 1,
        }
    }

    /// Answers a request from the server: DWR, DPR, CLR; anything else gets 3001.
    fn handle_request(&mut self, now: Instant, msg: &Message<'_>, out: &mut BytesMut) {
        self.stats.server_requests += 1;
        let origin = Origin { host: &self.origin_host, realm: &self.plan.realm };
        match msg.header.code {
            CommandCode::DEVICE_WATCHDOG => {
                dwa(out, msg, &origin, Some(self.plan.origin_state_id));
            }
            CommandCode::DISCONNECT_PEER => {
                dpa(out, msg, &origin);
                if let Phase::Closing { .. } = self.phase {
                    self.phase = Phase::Closed;
                } else {
                    self.fail(now, "the server sent DPR".into());
                }
            }
            CommandCode::CANCEL_LOCATION => {
                cla(out, msg, &origin, Outcome::Success);
            }
            _ => {
                let err = MessageError {
                    result_code: ResultCode::COMMAND_UNSUPPORTED,
                    failed_avp: None,
                    reason: "hss-loadtest does not serve this command",
                };
                error_answer(out, msg, &origin, &err);
            }
        }
    }

    /// Writes as many requests as the window and the budget allow; once the budget is spent
    /// and every request is answered or timed out, writes the DPR.
    pub fn poll_transmit(&mut self, now: Instant, out: &mut BytesMut) {
        if self.phase != Phase::Open {
            return;
        }
        while !self.exhausted && self.in_flight.len() < self.plan.window {
            if !self.plan.budget.claim(now) {
                self.exhausted = true;
                break;
            }
            let (imsi, step) = self.continuations.pop_front().unwrap_or_else(|| {
                self.cursor += 1;
                (self.share.index(self.cursor - 1), 0)
            });
            self.send(now, imsi, step, out);
        }
        if self.exhausted && self.in_flight.is_empty() {
            self.stats.drained_at = Some(now);
            let ids = self.take_ids();
            dpr(out, ids, &self.origin(), DISCONNECT_CAUSE);
            let deadline = now + self.plan.timeout;
            self.phase = Phase::Closing { hop_by_hop: ids.hop_by_hop, deadline };
        }
    }

    fn send(&mut self, now: Instant, imsi: u64, step: usize, out: &mut BytesMut) {
        let ids = self.take_ids();
        self.sessions += 1;
        self.session_id.clear();
        // Writing into a String cannot fail.
        let _ = write!(self.session_id, "{};{};{}", self.origin_host, self.conn, self.sessions);
        self.plan.imsis.write(imsi, &mut self.imsi);
        let kind = self.plan.scenario.steps()[step];
        let cx = RequestContext {
            ids,
            session_id: &self.session_id,
            origin: Origin { host: &self.origin_host, realm: &self.plan.realm },
            destination: Destination {
                host: &self.destination_host,
                realm: &self.plan.destination_realm,
            },
            imsi: &self.imsi,
            visited_plmn_id: self.plan.visited_plmn_id,
            vectors: self.plan.vectors,
        };
        kind.encode(out, &cx);
        let request = InFlight { end_to_end: ids.end_to_end, sent_at: now, imsi, step };
        self.in_flight.insert(ids.hop_by_hop, request);
        self.deadlines.push_back((now + self.plan.timeout, ids.hop_by_hop));
        self.stats.sent += 1;
        *self.stats.sent_by_command.entry(kind.name()).or_default() += 1;
    }

    /// When the connection next needs [`Self::handle_timeout`]: the earliest request deadline,
    /// or the CEA/DPA deadline.
    pub fn poll_timeout(&mut self) -> Option<Instant> {
        match self.phase {
            Phase::WaitCea { deadline, .. } | Phase::Closing { deadline, .. } => Some(deadline),
            Phase::Open => {
                while let Some(&(deadline, hop_by_hop)) = self.deadlines.front() {
                    if self.in_flight.contains_key(&hop_by_hop) {
                        return Some(deadline);
                    }
                    self.deadlines.pop_front();
                }
                None
            }
            Phase::Connecting | Phase::Closed => None,
        }
    }

    /// Expires what is due at `now`: unanswered requests (counted as timeouts), or the wait
    /// for the CEA (a failure) or the DPA (closed without it).
    pub fn handle_timeout(&mut self, now: Instant) {
        match self.phase {
            Phase::WaitCea { deadline, .. } if now >= deadline => {
                self.fail(now, "no CEA within the timeout".into());
            }
            Phase::Closing { deadline, .. } if now >= deadline => self.phase = Phase::Closed,
            Phase::Open => {
                while let Some(&(deadline, hop_by_hop)) = self.deadlines.front() {
                    if self.in_flight.contains_key(&hop_by_hop) && deadline > now {
                        break;
                    }
                    self.deadlines.pop_front();
                    if self.in_flight.remove(&hop_by_hop).is_some() {
                        self.stats.timeouts += 1;
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
