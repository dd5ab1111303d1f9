//! The per-second series of the measured period: answers, errors, timeouts and the p99 latency
//! of each second since the first measured request was due.
//!
//! Each connection fills its current second ([`SecondRecorder`]) and adds it to the run's
//! shared [`Series`] when it moves on to the next second, so the lock is taken about once a
//! second per connection. A second's latencies are kept at two significant digits (about 10 KB
//! a second), enough for a p99 trend.

use std::sync::{Mutex, PoisonError};

use hdrhistogram::Histogram;

use crate::stats::latency_histogram;

/// What one second of the measured period saw, over every connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SecondSummary {
    /// Seconds since the measured period started (0 is the first, the last may be partial).
    pub second: u64,
    /// Answers received in that second.
    pub answers: u64,
    /// Of those, answers that were not a success (failure or invalid).
    pub errors: u64,
    /// Requests that timed out in that second.
    pub timeouts: u64,
    /// 99th percentile latency of that second's answers, in microseconds (0 without any).
    pub p99_us: u64,
}

#[derive(Debug)]
struct Second {
    answers: u64,
    errors: u64,
    timeouts: u64,
    latency: Histogram<u32>,
}

impl Second {
    fn new() -> Self {
        Self { answers: 0, errors: 0, timeouts: 0, latency: latency_histogram(2) }
    }

    fn add(&mut self, other: &Self) {
        self.answers += other.answers;
        self.errors += other.errors;
        self.timeouts += other.timeouts;
        // Same bounds on both sides, so adding cannot fail.
        let _ = self.latency.add(&other.latency);
    }
}

/// The run's series, shared by the connections.
#[derive(Debug, Default)]
pub(crate) struct Series {
    seconds: Mutex<Vec<Option<Second>>>,
}

impl Series {
    fn add(&self, index: u64, second: &Second) {
        let mut seconds = self.seconds.lock().unwrap_or_else(PoisonError::into_inner);
        let index = usize::try_from(index).unwrap_or(usize::MAX);
        if seconds.len() <= index {
            seconds.resize_with(index + 1, || None);
        }
        seconds[index].get_or_insert_with(Second::new).add(second);
    }

    /// One summary per second from the first to the last that saw anything.
    pub fn summaries(&self) -> Vec<SecondSummary> {
        let seconds = self.seconds.lock().unwrap_or_else(PoisonError::into_inner);
        let summary = |(i, s): (usize, &Option<Second>)| match s {
            Some(s) => SecondSummary {
                second: i as u64,
                answers: s.answers,
                errors: s.errors,
                timeouts: s.timeouts,
                p99_us: if s.latency.is_empty() { 0 } else { s.latency.value_at_quantile(0.99) },
            },
            None => SecondSummary { second: i as u64, ..SecondSummary::default() },
        };
        seconds.iter().enumerate().map(summary).collect()
    }
}

/// One connection's current second.
#[derive(Debug)]
pub(crate) struct SecondRecorder {
    index: u64,
    current: Second,
    dirty: bool,
}

impl SecondRecorder {
    pub fn new() -> Self {
        Self { index: 0, current: Second::new(), dirty: false }
    }

    /// Moves to second `index`, handing the current one over to `series` first.
    fn at(&mut self, series: &Series, index: u64) -> &mut Second {
        if index != self.index {
            self.flush(series);
            self.index = index;
        }
        self.dirty = true;
        &mut self.current
    }

    /// An answer in second `index` after `latency_us`; `ok` when it was a success.
    pub fn answer(&mut self, series: &Series, index: u64, latency_us: u64, ok: bool) {
        let s = self.at(series, index);
        s.answers += 1;
        s.errors += u64::from(!ok);
        s.latency.saturating_record(latency_us);
    }

    /// A timeout in second `index`.
    pub fn timeout(&mut self, series: &Series, index: u64) {
        self.at(series, index).timeouts += 1;
    }

    /// Hands the current second over to `series`.
    pub fn flush(&mut self, series: &Series) {
        if self.dirty {
            series.add(self.index, &self.current);
            self.current.answers = 0;
            self.current.errors = 0;
            self.current.timeouts = 0;
            self.current.latency.reset();
            self.dirty = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_add_up_per_second_and_gaps_are_zero() {
        let series = Series::default();
        let mut a = SecondRecorder::new();
        let mut b = SecondRecorder::new();
        for i in 0..100 {
            a.answer(&series, 0, 100 + i, true);
        }
        a.answer(&series, 0, 5000, false);
        b.answer(&series, 0, 200, true);
        b.timeout(&series, 2);
        a.answer(&series, 3, 300, true);
        a.flush(&series);
        b.flush(&series);
        b.flush(&series); // nothing left: no double count
        let s = series.summaries();
        assert_eq!(s.len(), 4);
        assert_eq!((s[0].answers, s[0].errors, s[0].timeouts), (102, 1, 0));
        assert!(s[0].p99_us >= 190 && s[0].p99_us <= 5050, "{:?}", s[0]);
        assert_eq!(s[1], SecondSummary { second: 1, ..SecondSummary::default() });
        assert_eq!((s[2].answers, s[2].timeouts, s[2].p99_us), (0, 1, 0));
        assert_eq!((s[3].second, s[3].answers), (3, 1));
        assert_eq!(s.iter().map(|x| x.answers).sum::<u64>(), 103);
    }
}
