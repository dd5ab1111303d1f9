//! The counters of the measured period ([`Counters`]): each connection keeps one set in its
//! [`crate::ConnStats`], and the [`crate::Report`] holds their sum, so the two cannot drift
//! apart. Every answer counts once: `answers = successes + errors + invalid`.

use std::collections::BTreeMap;

use crate::judgement::{Judgement, ResultKey};

/// What was sent and how it was answered in the measured period.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Counters {
    /// Requests written.
    pub sent: u64,
    /// Requests written, per command name (`AIR`, `ULR`, `PUR`, `DWR`).
    pub sent_by_command: BTreeMap<&'static str, u64>,
    /// Answers matched to an outstanding request.
    pub answers: u64,
    /// Answers judged [`Judgement::Success`]: a success result of the step (Result-Code 2001,
    /// or the Experimental-Result a UAA or LIA succeeds with) and the expected content.
    pub successes: u64,
    /// Answers judged [`Judgement::Failure`], by Result-Code or Experimental-Result-Code.
    pub errors: BTreeMap<ResultKey, u64>,
    /// Answers judged [`Judgement::Invalid`]: unreadable, or a success without what it must
    /// carry.
    pub invalid: u64,
    /// Requests unanswered within the timeout.
    pub timeouts: u64,
    /// Open loop: requests sent more than 5 ms after their scheduled time (still measured
    /// from it).
    pub late: u64,
    /// Open loop: requests never sent: no room on their connection until a timeout after
    /// their scheduled time.
    pub dropped: u64,
    /// Answers matching no outstanding request (including late answers to timed-out ones).
    pub unmatched: u64,
    /// Requests outstanding when their connection failed (warm-up ones included).
    pub aborted: u64,
    /// Requests the server sent (DWR, DPR, CLR, ...), each answered.
    pub server_requests: u64,
}

impl Counters {
    /// Adds `other` to these counters.
    pub fn add(&mut self, other: &Self) {
        self.sent += other.sent;
        for (name, n) in &other.sent_by_command {
            *self.sent_by_command.entry(name).or_default() += n;
        }
        self.answers += other.answers;
        self.successes += other.successes;
        for (key, n) in &other.errors {
            *self.errors.entry(*key).or_default() += n;
        }
        self.invalid += other.invalid;
        self.timeouts += other.timeouts;
        self.late += other.late;
        self.dropped += other.dropped;
        self.unmatched += other.unmatched;
        self.aborted += other.aborted;
        self.server_requests += other.server_requests;
    }

    /// Counts one request of command `name` written.
    pub(crate) fn record_sent(&mut self, name: &'static str) {
        self.sent += 1;
        *self.sent_by_command.entry(name).or_default() += 1;
    }

    /// Counts one matched answer judged `judgement`.
    pub(crate) fn record_answer(&mut self, judgement: Judgement) {
        self.answers += 1;
        match judgement {
            Judgement::Success => self.successes += 1,
            Judgement::Failure(key) => *self.errors.entry(key).or_default() += 1,
            Judgement::Invalid(_) => self.invalid += 1,
        }
    }

    /// Sum of the error counts.
    pub fn failed(&self) -> u64 {
        self.errors.values().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_sums_every_counter_and_merges_the_maps() {
        let mut a = Counters::default();
        a.record_sent("AIR");
        a.record_sent("ULR");
        a.record_answer(Judgement::Success);
        a.record_answer(Judgement::Failure(ResultKey::Experimental(5001)));
        a.timeouts = 1;
        let mut b = Counters::default();
        b.record_sent("AIR");
        b.record_answer(Judgement::Failure(ResultKey::Experimental(5001)));
        b.record_answer(Judgement::Failure(ResultKey::Result(5012)));
        b.record_answer(Judgement::Invalid("malformed answer"));
        (b.late, b.dropped, b.unmatched, b.aborted, b.server_requests) = (2, 3, 4, 5, 6);
        a.add(&b);
        assert_eq!((a.sent, a.answers, a.successes, a.invalid, a.timeouts), (3, 5, 1, 1, 1));
        assert_eq!(a.sent_by_command.get("AIR"), Some(&2));
        assert_eq!(a.sent_by_command.get("ULR"), Some(&1));
        assert_eq!(a.errors.get(&ResultKey::Experimental(5001)), Some(&2));
        assert_eq!(a.failed(), 3);
        assert_eq!(a.answers, a.successes + a.failed() + a.invalid);
        assert_eq!((a.late, a.dropped, a.unmatched, a.aborted, a.server_requests), (2, 3, 4, 5, 6));
    }
}
