//! A resettable deadline for connection drivers, backed by one process-wide timer thread.
//!
//! tokio-uring builds its tokio runtime with `enable_all()`, but tokio is compiled here without
//! its `time` feature (tokio-uring asks only for `rt`, `net` and `sync`, and the engine does not
//! depend on tokio itself), so `tokio::time` does not exist. Instead a sleeping thread keeps a
//! heap of deadlines and wakes the waiting task's [`Waker`] when one passes; waking a shard's
//! task from another thread is ordinary for tokio's `LocalSet`.
//!
//! Registration is lazy: [`Sleep::set`] only records the deadline, and a new heap entry is made
//! only when the deadline moves earlier than the one registered, or after that one fired. A
//! watchdog pushed back on every message therefore costs nothing until it is due.
//! Diameter timers are seconds (Tw is 30 s by default), so the thread's wake-up latency
//! (well under a millisecond) does not matter.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, Weak};
use std::task::{Context, Poll, Waker};
use std::time::Instant;

/// A deadline that a driver polls next to its I/O. `None` never expires.
#[derive(Debug, Default)]
pub(crate) struct Sleep {
    deadline: Option<Instant>,
    /// The registered entry; its deadline is at or before `deadline` unless it has fired.
    entry: Option<Arc<Entry>>,
}

impl Sleep {
    /// Changes the deadline. Keeps the registered entry when it fires no later than the new one.
    pub(crate) fn set(&mut self, deadline: Option<Instant>) {
        self.deadline = deadline;
        match (deadline, &self.entry) {
            (None, _) => self.entry = None,
            (Some(d), Some(e)) if e.deadline > d => self.entry = None,
            _ => {}
        }
    }

    /// Ready once the deadline has passed; otherwise makes sure the timer thread will wake the
    /// current task at (or before) the deadline.
    pub(crate) fn poll_expired(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let Some(deadline) = self.deadline else {
            return Poll::Pending;
        };
        if Instant::now() >= deadline {
            self.entry = None;
            return Poll::Ready(());
        }
        if let Some(entry) = &self.entry {
            let mut slot = lock(&entry.slot);
            if !slot.fired {
                // The timer thread sets `fired` under this lock, so the waker stored here is
                // either taken and woken by it later, or the fired flag is seen below.
                match &slot.waker {
                    Some(w) if w.will_wake(cx.waker()) => {}
                    _ => slot.waker = Some(cx.waker().clone()),
                }
                return Poll::Pending;
            }
        }
        // No entry, or it fired early (the deadline moved later since): register a new one.
        let entry = Arc::new(Entry {
            deadline,
            slot: Mutex::new(Slot { fired: false, waker: Some(cx.waker().clone()) }),
        });
        register(&entry);
        self.entry = Some(entry);
        Poll::Pending
    }
}

#[derive(Debug)]
struct Entry {
    deadline: Instant,
    slot: Mutex<Slot>,
}

#[derive(Debug)]
struct Slot {
    fired: bool,
    waker: Option<Waker>,
}

/// A heap element; the heap holds `Weak` so a dropped [`Sleep`] costs only its stale element.
struct Queued {
    deadline: Instant,
    seq: u64,
    entry: Weak<Entry>,
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Queued {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest deadline first.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.deadline, other.seq).cmp(&(self.deadline, self.seq))
    }
}

struct Wheel {
    state: Mutex<State>,
    changed: Condvar,
}

struct State {
    heap: BinaryHeap<Queued>,
    seq: u64,
    started: bool,
}

static WHEEL: Wheel = Wheel {
    state: Mutex::new(State { heap: BinaryHeap::new(), seq: 0, started: false }),
    changed: Condvar::new(),
};

/// The timer state stays consistent across a panic (no user code runs under these locks), so a
/// poisoned lock is simply taken over.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn register(entry: &Arc<Entry>) {
    let mut state = lock(&WHEEL.state);
    if !state.started {
        // If the thread cannot be started the deadline is still checked on every poll, so the
        // timer fires at the next I/O event; the next registration tries again.
        state.started =
            std::thread::Builder::new().name("io-timer".into()).spawn(run_timer_thread).is_ok();
    }
    state.seq += 1;
    let seq = state.seq;
    let earliest = state.heap.peek().is_none_or(|top| entry.deadline < top.deadline);
    state.heap.push(Queued { deadline: entry.deadline, seq, entry: Arc::downgrade(entry) });
    drop(state);
    if earliest {
        WHEEL.changed.notify_one();
    }
}

fn run_timer_thread() {
    let mut due = Vec::new();
    let mut state = lock(&WHEEL.state);
    loop {
        let now = Instant::now();
        while state.heap.peek().is_some_and(|top| top.deadline <= now) {
            if let Some(q) = state.heap.pop() {
                due.push(q.entry);
            }
        }
        if !due.is_empty() {
            drop(state);
            for entry in due.drain(..).filter_map(|w| w.upgrade()) {
                let waker = {
                    let mut slot = lock(&entry.slot);
                    slot.fired = true;
                    slot.waker.take()
                };
                if let Some(w) = waker {
                    w.wake();
                }
            }
            state = lock(&WHEEL.state);
            continue;
        }
        state = match state.heap.peek().map(|top| top.deadline) {
            Some(at) => {
                WHEEL
                    .changed
                    .wait_timeout(state, at - now)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0
            }
            None => WHEEL.changed.wait(state).unwrap_or_else(PoisonError::into_inner),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::task::Wake;
    use std::time::Duration;

    struct Signal(Mutex<mpsc::Sender<()>>);
    impl Wake for Signal {
        fn wake(self: Arc<Self>) {
            let _ = lock(&self.0).send(());
        }
    }

    fn waker() -> (Waker, mpsc::Receiver<()>) {
        let (tx, rx) = mpsc::channel();
        (Waker::from(Arc::new(Signal(Mutex::new(tx)))), rx)
    }

    #[test]
    fn wakes_after_the_deadline_and_then_is_ready() {
        let (w, rx) = waker();
        let mut cx = Context::from_waker(&w);
        let mut sleep = Sleep::default();
        assert!(sleep.poll_expired(&mut cx).is_pending(), "no deadline never expires");
        let start = Instant::now();
        sleep.set(Some(start + Duration::from_millis(30)));
        assert!(sleep.poll_expired(&mut cx).is_pending());
        rx.recv_timeout(Duration::from_secs(2)).expect("timer thread wakes the task");
        assert!(start.elapsed() >= Duration::from_millis(30));
        assert!(sleep.poll_expired(&mut cx).is_ready());
    }

    #[test]
    fn moving_the_deadline_earlier_reregisters() {
        let (w, rx) = waker();
        let mut cx = Context::from_waker(&w);
        let mut sleep = Sleep::default();
        let start = Instant::now();
        sleep.set(Some(start + Duration::from_secs(60)));
        assert!(sleep.poll_expired(&mut cx).is_pending());
        sleep.set(Some(start + Duration::from_millis(20)));
        assert!(sleep.poll_expired(&mut cx).is_pending());
        rx.recv_timeout(Duration::from_secs(2)).expect("the earlier deadline fires");
        assert!(sleep.poll_expired(&mut cx).is_ready());
    }

    #[test]
    fn moving_the_deadline_later_keeps_the_entry_and_rearms_after_it_fires() {
        let (w, rx) = waker();
        let mut cx = Context::from_waker(&w);
        let mut sleep = Sleep::default();
        let start = Instant::now();
        sleep.set(Some(start + Duration::from_millis(10)));
        assert!(sleep.poll_expired(&mut cx).is_pending());
        sleep.set(Some(start + Duration::from_millis(40)));
        rx.recv_timeout(Duration::from_secs(2)).expect("the old entry fires first");
        if start.elapsed() < Duration::from_millis(40) {
            assert!(sleep.poll_expired(&mut cx).is_pending());
            rx.recv_timeout(Duration::from_secs(2)).expect("a new entry fires");
        }
        assert!(sleep.poll_expired(&mut cx).is_ready());
    }
}
