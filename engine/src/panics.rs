//! Panic containment. A bug that panics must cost one request, or at worst one connection,
//! never a shard or the slow lane with every peer behind it. Each place where the engine runs
//! code on behalf of one peer catches a panic there, answers or closes what it was serving,
//! counts it here and logs it (at most 20 lines a second):
//!
//! - [`Place::Handler`]: `apps::Table::dispatch` around an application handler; the request is
//!   answered 5012 DIAMETER_UNABLE_TO_COMPLY and its connection goes on.
//! - [`Place::Connection`]: `io::conn::serve` around a connection's driver; the connection
//!   closes and its handler's `on_close` still runs (peer table, gauges).
//! - [`Place::Call`]: the shard loop around a closure another thread sent it (a handed-off
//!   batch); the shard goes on serving its connections.
//! - [`Place::SlowLane`]: the slow lane around one round; the lane takes the next.
//!
//! Release builds unwind on panic (the workspace does not set `panic = "abort"`), which this
//! relies on.

use std::any::Any;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use crate::log_limit::LogLimit;

/// Where a panic was caught.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Handler,
    Connection,
    Call,
    SlowLane,
}

impl Place {
    /// Every place, in the order [`counts`] lists them.
    pub const ALL: [Place; 4] = [Place::Handler, Place::Connection, Place::Call, Place::SlowLane];

    /// The label value of the metric.
    pub fn name(self) -> &'static str {
        match self {
            Place::Handler => "handler",
            Place::Connection => "connection",
            Place::Call => "call",
            Place::SlowLane => "slow_lane",
        }
    }
}

static COUNTS: [AtomicU64; 4] = [const { AtomicU64::new(0) }; 4];
static LOGS: LogLimit = LogLimit::new(20);

/// Counts and logs a panic caught at `place`.
pub(crate) fn record(place: Place, payload: &(dyn Any + Send)) {
    COUNTS[place as usize].fetch_add(1, Ordering::Relaxed);
    if let Some(suppressed) = LOGS.admit() {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_owned());
        tracing::error!(place = place.name(), panic = %message, suppressed, "panic contained");
    }
}

/// Runs `f`, catching a panic (counted and logged at `place`).
pub(crate) fn contain<T>(place: Place, f: impl FnOnce() -> T) -> Option<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(value) => Some(value),
        Err(payload) => {
            record(place, &*payload);
            None
        }
    }
}

/// Panics caught so far, by place, since the process started.
pub fn counts() -> [(Place, u64); 4] {
    Place::ALL.map(|p| (p, COUNTS[p as usize].load(Ordering::Relaxed)))
}

/// A future whose panics (while polled) end it with `None`, counted at `place`. Boxed once
/// (one allocation per connection) so that no unsafe pinning is needed.
pub(crate) struct Contained<F> {
    future: Pin<Box<F>>,
    place: Place,
}

impl<F> Contained<F> {
    pub(crate) fn new(place: Place, future: F) -> Self {
        Self { future: Box::pin(future), place }
    }
}

impl<F: Future> Future for Contained<F> {
    type Output = Option<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let place = self.place;
        let future = self.future.as_mut();
        match catch_unwind(AssertUnwindSafe(|| future.poll(cx))) {
            Ok(Poll::Ready(value)) => Poll::Ready(Some(value)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => {
                record(place, &*payload);
                Poll::Ready(None)
            }
        }
    }
}
