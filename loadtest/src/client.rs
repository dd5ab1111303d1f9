//! One peer connection's protocol logic, sans I/O: bytes and `now` in, bytes out, and the next
//! instant it needs to be woken at. The tokio driver (`conn`) owns the socket.
//!
//! Phases, as the initiator side of RFC 6733 §5.6 sees them: `Connecting` until the driver has
//! a socket, `WaitCea` after the CER, `Open` while the load runs, `Closing` after the DPR,
//! `Closed`. In `Open`, requests leave either as answers free the window (closed loop, `window`
//! outstanding) or on the connection's schedule (open loop, see `schedule`); answers are
//! matched by hop-by-hop and end-to-end identifier, and a request unanswered after the timeout
//! is counted and forgotten (its late answer counts as unmatched). Each request belongs to the
//! warm-up or the measured period, decided when the budget grants it.

use std::collections::{HashMap, VecDeque};
use std::fmt::Write;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

use bytes::BytesMut;
use codec::build::base::{Capabilities, cer, dpr};
use codec::build::{Destination, Origin, RequestIds};
use codec::{CommandCode, Frames, Message};

use crate::imsi::{Partition, write_ims_identities};
use crate::judgement::Judgement;
use crate::plan::{Pacing, Period, Plan};
use crate::scenario::Picker;
use crate::schedule::{Schedule, Slot};
use crate::series::SecondRecorder;
pub use crate::stats::ConnStats;
use crate::stats::{MAX_LATENCY_US, ScenarioCounts, WarmupCounts};
use crate::step::{RequestContext, base_result};

/// Disconnect-Cause of the closing DPR: DO_NOT_WANT_TO_TALK_TO_YOU (the run is over).
const DISCONNECT_CAUSE: u32 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Connecting,
    WaitCea { hop_by_hop: u32, deadline: Instant },
    Open,
    Closing { hop_by_hop: u32, deadline: Instant },
    Closed,
}

/// Where a procedure stands: its IMSI (index in the run's range), its scenario (index in the
/// mix) and the step to send next.
#[derive(Debug, Clone, Copy)]
struct Cursor {
    imsi: u64,
    scenario: usize,
    step: usize,
}

/// An outstanding request.
#[derive(Debug, Clone, Copy)]
struct InFlight {
    end_to_end: u32,
    /// Its latency counts from here: when it was due to leave (its send time in a closed
    /// loop; in an open loop its scheduled time, or its send time when it left early).
    intended: Instant,
    at: Cursor,
    period: Period,
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
    picker: Picker,
    next_hop_by_hop: u32,
    next_end_to_end: u32,
    sessions: u64,
    phase: Phase,
    /// Open loop: the sending schedule, from the CEA on.
    schedule: Option<Schedule>,
    /// Set once the budget refused a request: no more are sent.
    exhausted: bool,
    in_flight: HashMap<u32, InFlight>,
    /// Send deadlines in sending order (so in deadline order); entries of answered requests
    /// are dropped when they reach the front.
    deadlines: VecDeque<(Instant, u32)>,
    /// Procedures whose next step is due.
    continuations: VecDeque<Cursor>,
    imsi: String,
    /// The IMS identities of `imsi`, written for the Cx steps only.
    impi: String,
    impu: String,
    session_id: String,
    second: SecondRecorder,
    /// Sent, answers and problems already added to the progress counts.
    reported: (u64, u64, u64),
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
        let mut stats = ConnStats::new(conn);
        stats.by_scenario = vec![ScenarioCounts::default(); plan.mix.entries().len()];
        Self {
            destination_host: plan.destination_host.clone().unwrap_or_default(),
            picker: plan.mix.picker(conn),
            plan,
            conn,
            origin_host,
            share,
            cursor: 0,
            next_hop_by_hop: 1,
            next_end_to_end: end_to_end,
            sessions: 0,
            phase: Phase::Connecting,
            schedule: None,
            exhausted: false,
            in_flight: HashMap::new(),
            deadlines: VecDeque::new(),
            continuations: VecDeque::new(),
            imsi: String::new(),
            impi: String::new(),
            impu: String::new(),
            session_id: String::new(),
            second: SecondRecorder::new(),
            reported: (0, 0, 0),
            stats,
        }
    }

    /// The statistics so far.
    #[cfg(test)]
    pub fn stats(&self) -> &ConnStats {
        &self.stats
    }

    /// The statistics, once the connection is over; its last second goes to the series.
    pub fn into_stats(mut self) -> ConnStats {
        self.second.flush(&self.plan.series);
        self.report_progress();
        self.stats
    }

    /// Adds what happened since the last call to the run's progress counts.
    pub fn report_progress(&mut self) {
        let s = &self.stats;
        let now = (s.sent_total(), s.answers_total(), s.problems_total());
        let (sent, answers, problems) = self.reported;
        self.plan.progress.add(now.0 - sent, now.1 - answers, now.2 - problems);
        self.reported = now;
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

    /// The warm-up counts, for a warm-up request.
    fn warmup(&mut self, period: Period) -> Option<&mut WarmupCounts> {
        (period == Period::Warmup).then_some(&mut self.stats.warmup)
    }

    /// The second of the measured period `now` falls in.
    fn second_of(&self, now: Instant) -> u64 {
        let start = self.plan.budget.measured_start().unwrap_or(now);
        now.saturating_duration_since(start).as_secs()
    }

    /// Writes the CER, advertising the run's applications with `local_ip` as Host-IP-Address.
    pub fn start(&mut self, now: Instant, local_ip: IpAddr, out: &mut BytesMut) {
        let ids = self.take_ids();
        let caps = Capabilities {
            origin: self.origin(),
            host_ip_addresses: &[local_ip],
            vendor_id: 0,
            product_name: "hss-loadtest",
            origin_state_id: Some(self.plan.origin_state_id),
            firmware_revision: None,
            tgpp_applications: &self.plan.applications,
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
        self.stats.counts.aborted += self.in_flight.len() as u64;
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
        if let Pacing::Open { interval, .. } = self.plan.pacing {
            // Peers interleave: peer c's requests fall c/peers of an interval after peer 0's.
            let phase = self.conn as f64 / self.plan.peers as f64;
            self.schedule = Some(Schedule::new(now, interval, phase));
        }
        self.stats.open_at = Some(now);
        self.phase = Phase::Open;
    }

    fn handle_answer(&mut self, now: Instant, msg: &Message<'_>) {
        let h = msg.header;
        let request = match self.in_flight.get(&h.hop_by_hop) {
            Some(f) if f.end_to_end == h.end_to_end => *f,
            _ => {
                self.stats.counts.unmatched += 1;
                return;
            }
        };
        self.in_flight.remove(&h.hop_by_hop);
        let micros = now.saturating_duration_since(request.intended).as_micros();
        let micros = u64::try_from(micros).unwrap_or(u64::MAX).clamp(1, MAX_LATENCY_US);
        let at = request.at;
        let steps = self.plan.mix.entries()[at.scenario].scenario.steps();
        let judgement = steps[at.step].check(msg, self.plan.vectors);
        if judgement == Judgement::Success && at.step + 1 < steps.len() {
            self.continuations.push_back(Cursor { step: at.step + 1, ..at });
        }
        if let Some(w) = self.warmup(request.period) {
            w.answers += 1;
            match judgement {
                Judgement::Success => w.successes += 1,
                Judgement::Failure(_) | Judgement::Invalid(_) => w.failures += 1,
            }
            return;
        }
        let second = self.second_of(now);
        let ok = judgement == Judgement::Success;
        self.second.answer(&self.plan.series, second, micros, ok);
        self.stats.latency.saturating_record(micros);
        self.stats.counts.record_answer(judgement);
    }

    /// Answers a request from the server: DWR, DPR, CLR; anything else gets 3001.
    fn handle_request(&mut self, now: Instant, msg: &Message<'_>, out: &mut BytesMut) {
        self.stats.counts.server_requests += 1;
        let origin = Origin { host: &self.origin_host, realm: &self.plan.realm };
        if crate::server::answer(msg, &origin, self.plan.origin_state_id, out) {
            match self.phase {
                Phase::Closing { .. } => self.phase = Phase::Closed,
                _ => self.fail(now, "the server sent DPR".into()),
            }
        }
    }

    /// Writes what is due: as many requests as the window and the budget allow (closed loop)
    /// or those the schedule has due (open loop). Once the budget is spent and every request
    /// is answered or timed out, writes the DPR.
    pub fn poll_transmit(&mut self, now: Instant, out: &mut BytesMut) {
        if self.phase != Phase::Open {
            return;
        }
        match self.plan.pacing {
            Pacing::Closed { window } => {
                while !self.exhausted && self.in_flight.len() < window {
                    match self.plan.budget.claim(now) {
                        Some(period) => self.send_next(now, now, period, out),
                        None => self.exhausted = true,
                    }
                }
            }
            Pacing::Open { max_outstanding, .. } => self.follow_schedule(now, max_outstanding, out),
        }
        if self.exhausted && self.in_flight.is_empty() {
            self.stats.drained_at = Some(now);
            let ids = self.take_ids();
            dpr(out, ids, &self.origin(), DISCONNECT_CAUSE);
            let deadline = now + self.plan.timeout;
            self.phase = Phase::Closing { hop_by_hop: ids.hop_by_hop, deadline };
        }
    }

    /// Open loop: sends (or gives up on) every request the schedule has due at `now`.
    fn follow_schedule(&mut self, now: Instant, max_outstanding: usize, out: &mut BytesMut) {
        while !self.exhausted {
            let Some(schedule) = &mut self.schedule else { return };
            let outstanding = self.in_flight.len();
            let (intended, timed_from, late) =
                match schedule.poll(now, outstanding, max_outstanding, self.plan.timeout) {
                    Slot::NotYet(_) | Slot::Blocked { .. } => return,
                    Slot::Send { intended, timed_from, late } => (intended, timed_from, Some(late)),
                    Slot::Drop { intended } => (intended, intended, None),
                };
            let Some(period) = self.plan.budget.claim(intended) else {
                self.exhausted = true;
                return;
            };
            schedule.advance();
            let s = &mut self.stats;
            let (late_count, dropped_count) = match period {
                Period::Warmup => (&mut s.warmup.late, &mut s.warmup.dropped),
                Period::Measured => (&mut s.counts.late, &mut s.counts.dropped),
            };
            match late {
                None => *dropped_count += 1,
                Some(late) => {
                    *late_count += u64::from(late);
                    self.send_next(now, timed_from, period, out);
                }
            }
        }
    }

    /// Sends the next step of a procedure under way, else starts a new one.
    fn send_next(&mut self, now: Instant, intended: Instant, period: Period, out: &mut BytesMut) {
        let at = self.continuations.pop_front().unwrap_or_else(|| {
            self.cursor += 1;
            let scenario = self.picker.pick();
            Cursor { imsi: self.share.index(self.cursor - 1), scenario, step: 0 }
        });
        let ids = self.take_ids();
        self.sessions += 1;
        self.session_id.clear();
        // Writing into a String cannot fail.
        let _ = write!(self.session_id, "{};{};{}", self.origin_host, self.conn, self.sessions);
        self.plan.imsis.write(at.imsi, &mut self.imsi);
        let step = self.plan.mix.entries()[at.scenario].scenario.steps()[at.step];
        if step.is_ims() {
            let (imsi, domain) = (&self.imsi, &self.plan.ims_domain);
            write_ims_identities(imsi, domain, &mut self.impi, &mut self.impu);
        }
        let cx = RequestContext {
            ids,
            session_id: &self.session_id,
            origin: Origin { host: &self.origin_host, realm: &self.plan.realm },
            destination: Destination {
                host: &self.destination_host,
                realm: &self.plan.destination_realm,
            },
            imsi: &self.imsi,
            impi: &self.impi,
            impu: &self.impu,
            ims_domain: &self.plan.ims_domain,
            server_name: &self.plan.scscf_name,
            visited_plmn_id: self.plan.visited_plmn_id,
            vectors: self.plan.vectors,
        };
        step.encode(out, &cx);
        let request = InFlight { end_to_end: ids.end_to_end, intended, at, period };
        self.in_flight.insert(ids.hop_by_hop, request);
        self.deadlines.push_back((now + self.plan.timeout, ids.hop_by_hop));
        if let Some(w) = self.warmup(period) {
            w.sent += 1;
            return;
        }
        let s = &mut self.stats;
        s.measured_at.get_or_insert(intended);
        s.counts.record_sent(step.name());
        let counts = &mut s.by_scenario[at.scenario];
        counts.sent += 1;
        counts.procedures += u64::from(at.step == 0);
    }

    /// When the connection next needs [`Self::handle_timeout`] or [`Self::poll_transmit`]:
    /// the earliest request deadline, the next scheduled request (open loop), or the CEA/DPA
    /// deadline.
    pub fn poll_timeout(&mut self) -> Option<Instant> {
        match self.phase {
            Phase::WaitCea { deadline, .. } | Phase::Closing { deadline, .. } => Some(deadline),
            Phase::Open => {
                let mut first = None;
                while let Some(&(deadline, hop_by_hop)) = self.deadlines.front() {
                    if self.in_flight.contains_key(&hop_by_hop) {
                        first = Some(deadline);
                        break;
                    }
                    self.deadlines.pop_front();
                }
                let scheduled = match (&self.schedule, self.plan.pacing) {
                    (Some(s), Pacing::Open { max_outstanding, .. }) if !self.exhausted => {
                        Some(s.wake_at(self.in_flight.len(), max_outstanding, self.plan.timeout))
                    }
                    _ => None,
                };
                first.into_iter().chain(scheduled).min()
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
                    let Some(request) = self.in_flight.remove(&hop_by_hop) else { continue };
                    match self.warmup(request.period) {
                        Some(w) => w.timeouts += 1,
                        None => {
                            self.stats.counts.timeouts += 1;
                            let second = self.second_of(now);
                            self.second.timeout(&self.plan.series, second);
                        }
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
