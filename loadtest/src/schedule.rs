//! The open loop's sending schedule, sans I/O: request `k` of a connection is due at
//! `anchor + (k + phase) * interval`, whether or not earlier ones were answered. The client
//! sends each request as soon as it is due and measures its latency from that scheduled time,
//! not from when it actually left: a generator that falls behind (a full connection, a busy
//! thread) would otherwise hide the very delays it causes ("coordinated omission", Gil Tene).
//!
//! Timers wake a little late (tokio's resolution is 1 ms), which an open loop would count as
//! latency. So a request is sent up to [`SEND_AHEAD`] before its time, and one sent early is
//! timed from when it actually left; the rate is the same, only the grid shifts.
//!
//! A due request waits only while the connection has `max_outstanding` requests out; once it
//! is a timeout overdue it is given up (dropped: its answer would count as a timeout anyway),
//! which keeps a stalled server from piling up a burst the generator would fire later.

use std::time::{Duration, Instant};

/// A request that leaves more than this after its scheduled time counts as late.
pub(crate) const LATE_AFTER: Duration = Duration::from_millis(5);

/// Requests are sent up to this long before their scheduled time: the timer's resolution.
pub(crate) const SEND_AHEAD: Duration = Duration::from_millis(1);

/// What to do about the next scheduled request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// Nothing to send before this instant.
    NotYet(Instant),
    /// Due (or less than [`SEND_AHEAD`] from it) and there is room: send it now. `intended`
    /// is its scheduled time; its latency counts from `timed_from`, the earlier of that and
    /// now; `late` when it leaves more than [`LATE_AFTER`] behind.
    Send { intended: Instant, timed_from: Instant, late: bool },
    /// Due, but `max_outstanding` requests are out: wait for an answer, at most until
    /// `give_up_at`.
    Blocked { give_up_at: Instant },
    /// Overdue by the give-up delay: skip it and count it as dropped.
    Drop { intended: Instant },
}

/// One connection's schedule.
#[derive(Debug, Clone)]
pub(crate) struct Schedule {
    anchor: Instant,
    /// Time between two requests of this connection, in nanoseconds.
    interval_ns: f64,
    /// This connection's offset in intervals (0..1), so that peers interleave.
    phase: f64,
    /// Index of the next request.
    next: u64,
}

impl Schedule {
    /// A schedule from `anchor`, one request every `interval`, shifted by `phase` intervals.
    pub fn new(anchor: Instant, interval: Duration, phase: f64) -> Self {
        Self { anchor, interval_ns: interval.as_nanos() as f64, phase, next: 0 }
    }

    /// When the next request is due.
    pub fn due(&self) -> Instant {
        let offset = (self.next as f64 + self.phase) * self.interval_ns;
        // Saturates at u64::MAX ns (584 years) rather than wrapping.
        self.anchor + Duration::from_nanos(offset as u64)
    }

    /// Requests passed so far (sent or dropped).
    #[cfg(test)]
    pub fn passed(&self) -> u64 {
        self.next
    }

    /// Moves on to the next request once this one is sent or dropped.
    pub fn advance(&mut self) {
        self.next += 1;
    }

    /// What to do at `now` with `outstanding` requests out of `max_outstanding`; a request
    /// still waiting `give_up_after` past its time is dropped.
    pub fn poll(
        &self,
        now: Instant,
        outstanding: usize,
        max_outstanding: usize,
        give_up_after: Duration,
    ) -> Slot {
        let intended = self.due();
        if intended > now + SEND_AHEAD {
            return Slot::NotYet(intended - SEND_AHEAD);
        }
        let behind = now.saturating_duration_since(intended);
        if behind >= give_up_after {
            return Slot::Drop { intended };
        }
        if outstanding >= max_outstanding {
            return Slot::Blocked { give_up_at: intended + give_up_after };
        }
        Slot::Send { intended, timed_from: intended.min(now), late: behind > LATE_AFTER }
    }

    /// When the connection must look at the schedule again if nothing else happens: when
    /// the next request may leave, or, with no room for it, when it would be dropped.
    pub fn wake_at(
        &self,
        outstanding: usize,
        max_outstanding: usize,
        give_up_after: Duration,
    ) -> Instant {
        let due = self.due();
        if outstanding >= max_outstanding {
            due + give_up_after
        } else {
            due.checked_sub(SEND_AHEAD).unwrap_or(due)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);
    const TIMEOUT: Duration = Duration::from_millis(100);

    /// Runs `schedule` at `now` with `outstanding` requests out of 4: what is sent (with its
    /// lateness) and dropped, as a driver would, until the schedule says wait.
    fn drive(
        s: &mut Schedule,
        now: Instant,
        mut outstanding: usize,
    ) -> (Vec<(Duration, bool)>, u64) {
        let (mut sent, mut dropped) = (Vec::new(), 0);
        loop {
            match s.poll(now, outstanding, 4, TIMEOUT) {
                Slot::Send { timed_from, late, .. } => {
                    sent.push((now - timed_from, late));
                    outstanding += 1;
                }
                Slot::Drop { .. } => dropped += 1,
                Slot::NotYet(_) | Slot::Blocked { .. } => return (sent, dropped),
            }
            s.advance();
        }
    }

    #[test]
    fn requests_are_due_on_a_fixed_grid_shifted_by_the_phase() {
        let t0 = Instant::now();
        let mut s = Schedule::new(t0, 2 * MS, 0.5);
        assert_eq!(s.due(), t0 + MS);
        s.advance();
        assert_eq!(s.due(), t0 + 3 * MS);
        // It may leave up to 1 ms early.
        assert_eq!(s.poll(t0 + MS, 0, 4, TIMEOUT), Slot::NotYet(t0 + 2 * MS));
        assert_eq!(s.wake_at(0, 4, TIMEOUT), t0 + 2 * MS);
        let early = s.poll(t0 + 2 * MS, 0, 4, TIMEOUT);
        let timed_from = t0 + 2 * MS;
        assert_eq!(early, Slot::Send { intended: t0 + 3 * MS, timed_from, late: false });
        assert_eq!(s.wake_at(4, 4, TIMEOUT), t0 + 3 * MS + TIMEOUT);
    }

    #[test]
    fn a_late_poll_sends_every_due_request_timed_from_its_schedule() {
        let t0 = Instant::now();
        let mut s = Schedule::new(t0, MS, 0.0);
        // Woken 3 ms late: the requests due at 0, 1, 2 and 3 ms leave at once, each measured
        // from its own time (only those more than 5 ms behind would count as late); the one
        // due at 4 ms finds no room (4 outstanding).
        let (sent, dropped) = drive(&mut s, t0 + 3 * MS, 0);
        assert_eq!(sent, [(3 * MS, false), (2 * MS, false), (MS, false), (Duration::ZERO, false)]);
        assert_eq!((dropped, s.passed()), (0, 4));
    }

    #[test]
    fn a_full_connection_blocks_then_sends_late_then_drops() {
        let t0 = Instant::now();
        let mut s = Schedule::new(t0, MS, 0.0);
        let (sent, _) = drive(&mut s, t0 + 9 * MS, 2);
        assert_eq!(sent.len(), 2, "room for two of the ten due");
        assert_eq!(
            s.poll(t0 + 9 * MS, 4, 4, TIMEOUT),
            Slot::Blocked { give_up_at: t0 + 2 * MS + TIMEOUT }
        );
        // Room again at 20 ms: the request due at 2 ms leaves 18 ms late.
        let (sent, dropped) = drive(&mut s, t0 + 20 * MS, 3);
        assert_eq!((sent, dropped), (vec![(18 * MS, true)], 0));
        // At 150 ms, with no room, everything due at 50 ms or before is given up.
        let (sent, dropped) = drive(&mut s, t0 + 150 * MS, 4);
        assert_eq!((sent.len(), dropped), (0, 48));
        assert_eq!(s.due(), t0 + 51 * MS);
    }

    #[test]
    fn rate_times_duration_requests_are_due() {
        let t0 = Instant::now();
        // 2000/s over 4 peers: each peer every 2 ms; peer 1 is shifted by a quarter.
        let mut s = Schedule::new(t0, Duration::from_secs_f64(4.0 / 2000.0), 0.25);
        let end = t0 + Duration::from_millis(500);
        let mut n = 0;
        while s.due() < end {
            n += 1;
            s.advance();
        }
        assert_eq!(n, 250);
    }
}
