//! Connection caps shared by all shards: open connections in total, per remote IP address, and
//! not yet opened (no capabilities exchange yet).
//!
//! A shard asks [`Admission::admit`] for every socket it accepts, before reading from it or
//! handing it to another shard; a refusal names the cap, and the shard closes the socket at
//! once. An admitted connection holds a [`Ticket`] for its whole life, wherever it is served:
//! dropping the ticket gives its places back, so no path (a hand-over that fails, a driver that
//! panics, a shutdown) can leak one. One mutex guards the counts; it is taken when a connection
//! is accepted, when it is opened and when it ends, never per message.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Which cap refused a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// [`super::IoConfig::max_connections`] (after the descriptor reserve).
    Total,
    /// [`super::IoConfig::max_connections_per_address`].
    PerAddress,
    /// [`super::IoConfig::max_unopened`].
    Unopened,
}

/// The caps, as the shards apply them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Caps {
    pub(crate) total: usize,
    pub(crate) per_address: usize,
    pub(crate) unopened: usize,
}

#[derive(Debug, Default)]
struct Counts {
    total: usize,
    unopened: usize,
    /// Open connections per address; an address leaves the map with its last connection, so
    /// the map holds at most `total` entries.
    by_address: HashMap<IpAddr, usize>,
}

/// The open connections of one shard set, counted against its [`Caps`].
#[derive(Debug)]
pub(crate) struct Admission {
    caps: Caps,
    counts: Mutex<Counts>,
}

impl Admission {
    pub(crate) fn new(caps: Caps) -> Arc<Self> {
        Arc::new(Self { caps, counts: Mutex::new(Counts::default()) })
    }

    /// Counts a connection just accepted from `ip`, not yet opened, unless a cap is reached.
    pub(crate) fn admit(self: &Arc<Self>, ip: IpAddr) -> Result<Ticket, Refusal> {
        let ip = ip.to_canonical();
        let mut counts = self.lock();
        if counts.total >= self.caps.total {
            return Err(Refusal::Total);
        }
        let from_ip = counts.by_address.get(&ip).copied().unwrap_or(0);
        if from_ip >= self.caps.per_address {
            return Err(Refusal::PerAddress);
        }
        if counts.unopened >= self.caps.unopened {
            return Err(Refusal::Unopened);
        }
        counts.total += 1;
        counts.unopened += 1;
        counts.by_address.insert(ip, from_ip + 1);
        Ok(Ticket { admission: self.clone(), ip, unopened: true })
    }

    /// Open connections now: in total, and of them not yet opened.
    #[cfg(test)]
    pub(crate) fn open(&self) -> (usize, usize) {
        let counts = self.lock();
        (counts.total, counts.unopened)
    }

    /// The counts stay consistent across a panic (no user code runs under the lock).
    fn lock(&self) -> MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One admitted connection's places in the counts, given back when dropped.
#[derive(Debug)]
pub(crate) struct Ticket {
    admission: Arc<Admission>,
    ip: IpAddr,
    unopened: bool,
}

impl Ticket {
    /// The connection's handler says it is opened: it leaves the not-yet-opened count.
    pub(crate) fn opened(&mut self) {
        if std::mem::take(&mut self.unopened) {
            self.admission.lock().unopened -= 1;
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut counts = self.admission.lock();
        counts.total -= 1;
        if self.unopened {
            counts.unopened -= 1;
        }
        if let Some(n) = counts.by_address.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                counts.by_address.remove(&self.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn each_cap_refuses_and_a_dropped_ticket_makes_room() {
        let a = Admission::new(Caps { total: 3, per_address: 2, unopened: 2 });
        let mut t1 = a.admit(ip("10.0.0.1")).unwrap();
        let _t2 = a.admit(ip("10.0.0.1")).unwrap();
        assert_eq!(a.admit(ip("10.0.0.2")).unwrap_err(), Refusal::Unopened);
        t1.opened();
        t1.opened();
        assert_eq!(a.open(), (2, 1), "opened once only");
        assert_eq!(a.admit(ip("10.0.0.1")).unwrap_err(), Refusal::PerAddress);
        assert_eq!(
            a.admit(ip("::ffff:10.0.0.1")).unwrap_err(),
            Refusal::PerAddress,
            "an IPv4-mapped address is the same address"
        );
        let _t3 = a.admit(ip("10.0.0.2")).unwrap();
        assert_eq!(a.admit(ip("10.0.0.3")).unwrap_err(), Refusal::Total);
        drop(t1);
        assert_eq!(a.open(), (2, 2));
        assert_eq!(a.admit(ip("10.0.0.3")).unwrap_err(), Refusal::Unopened);
    }

    #[test]
    fn dropping_every_ticket_empties_the_counts() {
        let a = Admission::new(Caps { total: 10, per_address: 10, unopened: 10 });
        let tickets: Vec<Ticket> =
            (0..5).map(|i| a.admit(ip(&format!("::{i}"))).unwrap()).collect();
        drop(tickets);
        assert_eq!(a.open(), (0, 0));
        assert!(a.lock().by_address.is_empty());
    }
}
