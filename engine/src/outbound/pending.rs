//! [`PendingAnswers`]: one connection's requests awaiting their answer, matched by hop-by-hop
//! identifier in O(1), expired in deadline order, bounded.

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use super::{OutboundKind, Reply};

/// A request sent on the connection whose answer has not come.
#[derive(Debug)]
pub struct Pending {
    pub kind: OutboundKind,
    pub deadline: Instant,
    pub reply: Option<Reply>,
    /// The request again, when it is to be resent if no answer comes.
    pub retry: Option<super::Outbound>,
}

impl Pending {
    /// Tells the sender how the request ended (answered, or no answer), if it asked.
    pub fn settle(self, delivery: super::Delivery) {
        if let Some(reply) = self.reply {
            reply.tell(delivery);
        }
    }
}

/// The requests one connection sent and awaits answers to.
///
/// Every request gets the same timeout, so deadlines come in the order requests were sent: a
/// queue of (deadline, hop-by-hop) gives the next expiry, and answered requests are skipped
/// when they reach its front. Invariant: every entry of `by_hop` has one entry in `order`
/// with the same deadline; `order` holds at most [`Self::LIMIT`] + answered-but-not-yet-popped
/// entries, and never more than twice the limit.
#[derive(Debug)]
pub struct PendingAnswers {
    by_hop: HashMap<u32, Pending>,
    order: VecDeque<(Instant, u32)>,
    limit: usize,
}

impl Default for PendingAnswers {
    fn default() -> Self {
        Self::new(Self::LIMIT)
    }
}

impl PendingAnswers {
    /// Requests one connection may have awaiting answers; a request beyond it is not sent.
    pub const LIMIT: usize = 4096;

    /// An empty table holding at most `limit` requests.
    pub fn new(limit: usize) -> Self {
        Self { by_hop: HashMap::new(), order: VecDeque::new(), limit }
    }

    /// Requests awaiting their answer.
    pub fn len(&self) -> usize {
        self.by_hop.len()
    }

    /// True when no request awaits an answer.
    pub fn is_empty(&self) -> bool {
        self.by_hop.is_empty()
    }

    /// Whether a request can be recorded now (checked before it is written).
    pub fn has_room(&mut self) -> bool {
        self.skip_answered();
        self.by_hop.len() < self.limit && self.order.len() < 2 * self.limit
    }

    /// Records a request sent with `hop_by_hop`; gives it back when the table is full, or
    /// when that id still awaits an answer (ids of one connection are 2^32 requests apart, so
    /// only a broken caller repeats one).
    pub fn insert(&mut self, hop_by_hop: u32, pending: Pending) -> Result<(), Pending> {
        if !self.has_room() || self.by_hop.contains_key(&hop_by_hop) {
            return Err(pending);
        }
        self.order.push_back((pending.deadline, hop_by_hop));
        self.by_hop.insert(hop_by_hop, pending);
        Ok(())
    }

    /// The request answered by an answer with `hop_by_hop`, if one awaits it.
    pub fn take(&mut self, hop_by_hop: u32) -> Option<Pending> {
        let pending = self.by_hop.remove(&hop_by_hop)?;
        self.skip_answered();
        Some(pending)
    }

    /// When the oldest request awaiting an answer expires.
    pub fn next_deadline(&self) -> Option<Instant> {
        self.order.front().map(|&(deadline, _)| deadline)
    }

    /// Takes every request whose deadline is at or before `now`, oldest first.
    pub fn expire(&mut self, now: Instant, mut each: impl FnMut(Pending)) {
        while let Some(&(deadline, hop)) = self.order.front() {
            if deadline > now {
                break;
            }
            self.order.pop_front();
            if let Some(pending) = self.by_hop.remove(&hop).filter(|p| p.deadline == deadline) {
                each(pending);
            }
        }
        self.skip_answered();
    }

    /// Takes every request (the connection closed).
    pub fn drain(&mut self, mut each: impl FnMut(Pending)) {
        self.order.clear();
        for (_, pending) in self.by_hop.drain() {
            each(pending);
        }
    }

    /// Pops answered requests off the front of the deadline queue.
    fn skip_answered(&mut self) {
        while let Some(&(deadline, hop)) = self.order.front() {
            match self.by_hop.get(&hop) {
                Some(p) if p.deadline == deadline => break,
                _ => {
                    self.order.pop_front();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn pending(at: Instant) -> Pending {
        Pending { kind: OutboundKind::CancelLocation, deadline: at, reply: None, retry: None }
    }

    #[test]
    fn answers_match_by_hop_by_hop_and_expiry_follows_deadlines() {
        let t0 = Instant::now();
        let mut p = PendingAnswers::new(8);
        for (i, hop) in [10, 11, 12].into_iter().enumerate() {
            p.insert(hop, pending(t0 + Duration::from_secs(i as u64 + 1))).unwrap();
        }
        assert_eq!(p.take(11).map(|x| x.deadline), Some(t0 + Duration::from_secs(2)));
        assert!(p.take(11).is_none(), "answered once");
        assert_eq!(p.next_deadline(), Some(t0 + Duration::from_secs(1)));
        assert!(p.take(10).is_some());
        assert_eq!(p.next_deadline(), Some(t0 + Duration::from_secs(3)), "answered ones skipped");
        let mut expired = Vec::new();
        p.expire(t0 + Duration::from_secs(2), |x| expired.push(x.deadline));
        assert!(expired.is_empty());
        p.expire(t0 + Duration::from_secs(3), |x| expired.push(x.deadline));
        assert_eq!(expired, [t0 + Duration::from_secs(3)]);
        assert!(p.is_empty() && p.next_deadline().is_none());
    }

    #[test]
    fn the_table_is_bounded_and_drains_on_close() {
        let t0 = Instant::now();
        let mut p = PendingAnswers::new(2);
        p.insert(1, pending(t0)).unwrap();
        p.insert(2, pending(t0)).unwrap();
        assert!(p.insert(3, pending(t0)).is_err(), "full");
        assert!(p.take(1).is_some());
        p.insert(3, pending(t0)).unwrap();
        let mut n = 0;
        p.drain(|_| n += 1);
        assert_eq!((n, p.len(), p.next_deadline()), (2, 0, None));
    }
}
