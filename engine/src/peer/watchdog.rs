//! The RFC 3539 watchdog of an open connection (§3.4.1 and the table of its Appendix A).
//!
//! ```text
//!  OKAY    timer & !pending  SendWatchdog, SetWatchdog, pending = TRUE     OKAY
//!  OKAY    timer & pending   Failover, SetWatchdog                         SUSPECT
//!  SUSPECT timer             CloseConnection                               DOWN
//!  OKAY    receive DWA       pending = FALSE, SetWatchdog                  OKAY
//!  OKAY    receive non-DWA   SetWatchdog                                   OKAY
//!  SUSPECT receive anything  (pending = FALSE if DWA), Failback, SetWatchdog  OKAY
//! ```
//!
//! So an idle peer gets a DWR after Tw, is SUSPECT after 2 Tw if it has sent nothing since, and
//! is closed after 3 Tw. INITIAL is the time before the capabilities exchange ("connection up"
//! for Diameter); REOPEN belongs to a node that reconnects to a peer it lost, which a responder
//! never does (each accepted connection starts afresh), so neither runs here.
//!
//! SetWatchdog draws a new jitter of ±2 s (§3.4.1) when the timer fires; a received message
//! restarts the current interval without drawing, which keeps the hot path to one addition.
//! The jitter is deterministic: a small generator seeded by the caller, no `rand`.

use std::time::{Duration, Instant};

/// The watchdog status of a connection (RFC 3539 §3.4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Watchdog {
    /// Before the capabilities exchange: no watchdog runs yet.
    Initial,
    /// The peer answers: requests may be sent on this connection.
    Okay,
    /// A DWR went unanswered for Tw: send HSS-initiated requests elsewhere if possible
    /// (the RFC's Failover); any message from the peer brings it back to OKAY.
    Suspect,
    /// Closed.
    Down,
}

/// What the caller must do after a watchdog timer expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expiry {
    /// Nothing to send.
    Nothing,
    /// Send a DWR.
    SendDwr,
    /// Close the connection.
    Close,
}

/// The ±2 s jitter of RFC 3539 §3.4.1, from SplitMix64 (a 64-bit state, full period).
#[derive(Debug, Clone)]
pub(crate) struct Jitter(u64);

impl Jitter {
    /// Largest jitter either way, in milliseconds.
    const SPREAD_MS: u64 = 2_000;

    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// `base` moved by a jitter in [-2 s, +2 s], with millisecond steps. `base` is at least
    /// 6 s ([`super::Timers::MIN_WATCHDOG`]), so the result is at least 4 s.
    pub(crate) fn interval(&mut self, base: Duration) -> Duration {
        let offset = self.next_u64() % (2 * Self::SPREAD_MS + 1);
        let raised = base + Duration::from_millis(offset);
        raised.saturating_sub(Duration::from_millis(Self::SPREAD_MS))
    }
}

/// The running watchdog of an open connection: status, pending DWR, timer.
#[derive(Debug, Clone)]
pub(crate) struct WatchdogTimer {
    status: Watchdog,
    /// A DWR was sent and no DWA has come back.
    pending: bool,
    base: Duration,
    /// Tw as last drawn: `base` with jitter.
    interval: Duration,
    deadline: Instant,
    jitter: Jitter,
}

impl WatchdogTimer {
    /// INITIAL, connection up: SetWatchdog, OKAY.
    pub(crate) fn start(now: Instant, base: Duration, mut jitter: Jitter) -> Self {
        let interval = jitter.interval(base);
        Self {
            status: Watchdog::Okay,
            pending: false,
            base,
            interval,
            deadline: now + interval,
            jitter,
        }
    }

    pub(crate) fn status(&self) -> Watchdog {
        self.status
    }

    pub(crate) fn deadline(&self) -> Instant {
        self.deadline
    }

    fn set_watchdog(&mut self, now: Instant) {
        self.interval = self.jitter.interval(self.base);
        self.deadline = now + self.interval;
    }

    /// A message arrived from the peer (RFC 3539 OnReceive); `dwa` when it is a DWA.
    pub(crate) fn on_receive(&mut self, now: Instant, dwa: bool) {
        if dwa {
            self.pending = false;
        }
        match self.status {
            Watchdog::Okay => self.deadline = now + self.interval,
            Watchdog::Suspect => {
                self.status = Watchdog::Okay;
                self.set_watchdog(now);
            }
            Watchdog::Initial | Watchdog::Down => {}
        }
    }

    /// The timer expired (the caller checked `now >= deadline`).
    pub(crate) fn on_expiry(&mut self, now: Instant) -> Expiry {
        match self.status {
            Watchdog::Okay if !self.pending => {
                self.pending = true;
                self.set_watchdog(now);
                Expiry::SendDwr
            }
            Watchdog::Okay => {
                self.status = Watchdog::Suspect;
                self.set_watchdog(now);
                Expiry::Nothing
            }
            Watchdog::Suspect => {
                self.status = Watchdog::Down;
                Expiry::Close
            }
            // Not running: nothing to do (the caller does not ask in these states).
            Watchdog::Initial | Watchdog::Down => Expiry::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_within_two_seconds_and_depends_on_the_seed() {
        let base = Duration::from_secs(30);
        let mut a = Jitter::new(1);
        let mut b = Jitter::new(1);
        let mut c = Jitter::new(2);
        let (mut lo, mut hi) = (base, base);
        let mut differs = false;
        for _ in 0..10_000 {
            let x = a.interval(base);
            assert_eq!(x, b.interval(base), "same seed, same sequence");
            differs |= x != c.interval(base);
            lo = lo.min(x);
            hi = hi.max(x);
        }
        assert!(differs);
        assert!(lo >= Duration::from_secs(28) && hi <= Duration::from_secs(32));
        // The whole range is used, not only a corner of it.
        assert!(lo < Duration::from_millis(28_100) && hi > Duration::from_millis(31_900));
    }

    #[test]
    fn idle_peer_gets_dwr_then_suspect_then_down() {
        let t0 = Instant::now();
        let mut w = WatchdogTimer::start(t0, Duration::from_secs(30), Jitter::new(7));
        let d1 = w.deadline();
        assert_eq!(w.on_expiry(d1), Expiry::SendDwr);
        assert_eq!(w.status(), Watchdog::Okay);
        let d2 = w.deadline();
        assert!(d2 > d1);
        assert_eq!(w.on_expiry(d2), Expiry::Nothing);
        assert_eq!(w.status(), Watchdog::Suspect);
        // Failback: anything from the peer.
        w.on_receive(d2 + Duration::from_secs(1), false);
        assert_eq!(w.status(), Watchdog::Okay);
        let d3 = w.deadline();
        // The DWR is still pending: the next expiry makes it SUSPECT again, then DOWN.
        assert_eq!(w.on_expiry(d3), Expiry::Nothing);
        assert_eq!(w.status(), Watchdog::Suspect);
        assert_eq!(w.on_expiry(w.deadline()), Expiry::Close);
        assert_eq!(w.status(), Watchdog::Down);
    }

    #[test]
    fn dwa_clears_pending() {
        let t0 = Instant::now();
        let mut w = WatchdogTimer::start(t0, Duration::from_secs(6), Jitter::new(0));
        assert_eq!(w.on_expiry(w.deadline()), Expiry::SendDwr);
        w.on_receive(w.deadline() - Duration::from_secs(1), true);
        assert_eq!(w.on_expiry(w.deadline()), Expiry::SendDwr);
        assert_eq!(w.status(), Watchdog::Okay);
    }
}
