//! Heap allocations per S6a request in the application handlers (issue 5), counted by a
//! global allocator around `engine::apps::handle_request`: AIR with 1 and 5 vectors, ULR from
//! the serving MME, ULR alternating between two MMEs (each one a Cancel-Location), PUR from the
//! serving MME. The store is RocksDB in a temporary directory with one provisioned subscriber;
//! a warm-up fills the cache and the encoded APN profile, reserves the SQN block and grows the
//! answer buffer, which is cleared (capacity kept) between calls, as a connection's is.
//!
//! `cargo bench -p benches --bench alloc` prints one table. The counts are deterministic; the
//! times are a rough guide only (no statistics, one thread, whatever else the machine runs).
//! Only the Rust heap is counted: RocksDB's C++ side (memtable, WAL, pinned slices) calls
//! `malloc` directly and is not seen here.

#![allow(unsafe_code)] // The counting allocator: GlobalAlloc is an unsafe trait.
#![allow(clippy::print_stdout)] // The table is the output.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use codec::Message;
use store::{MAX_SQN_BLOCK, RocksConfig, Store, StoreConfig};

mod common;

use common::*;

// ---- the counting allocator ------------------------------------------------------------------

/// The system allocator, counting every allocation (a `realloc` counts as one) and its bytes.
struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

fn record(size: usize) {
    ALLOCS.fetch_add(1, Relaxed);
    BYTES.fetch_add(size as u64, Relaxed);
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        // SAFETY: as for `System.alloc`; the caller upholds `alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record(new_size);
        // SAFETY: `ptr` and `layout` come from this allocator, that is from `System`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations and bytes so far.
fn counters() -> (u64, u64) {
    (ALLOCS.load(Relaxed), BYTES.load(Relaxed))
}

// ---- the handler under measurement -----------------------------------------------------------

/// Calls counted per scenario, after `WARMUP` uncounted ones. With the largest SQN block, all
/// AIRs of a run fit in the block reserved during the first warm-up: none of the counted calls
/// makes a reservation (the `min..max` column would show it).
const CALLS: u32 = 5_000;
const WARMUP: u32 = 200;

/// Handles `msg` on `shard`, counted into `tally`, and checks the answer.
fn counted(shard: &mut Shard, msg: &Message<'_>, tally: &mut Tally) {
    tally.count(|| shard.handle(msg));
    shard.check();
}

/// Allocations, bytes and time of the counted calls of one scenario.
#[derive(Default)]
struct Tally {
    calls: u32,
    allocs: u64,
    bytes: u64,
    min: Option<u64>,
    max: u64,
    time: Duration,
}

impl Tally {
    /// Runs `f` once, counted and timed.
    fn count(&mut self, f: impl FnOnce()) {
        let (a0, b0) = counters();
        let t0 = Instant::now();
        f();
        let elapsed = t0.elapsed();
        let (a1, b1) = counters();
        let n = a1 - a0;
        self.calls += 1;
        self.allocs += n;
        self.bytes += b1 - b0;
        self.min = Some(self.min.map_or(n, |m| m.min(n)));
        self.max = self.max.max(n);
        self.time += elapsed;
    }

    fn row(&self, name: &str) {
        let calls = f64::from(self.calls);
        println!(
            "{name:<34} {:>8.2} {:>6}..{:<6} {:>10.1} {:>9.2}",
            self.allocs as f64 / calls,
            self.min.unwrap_or(0),
            self.max,
            self.bytes as f64 / calls,
            self.time.as_secs_f64() * 1e6 / calls,
        );
    }
}

/// Warms up with `step(shard, i, tally)` called `WARMUP` times into a discarded tally, then
/// `CALLS` times, and prints the row. `step` counts what it wants measured.
fn scenario(shard: &mut Shard, name: &str, mut step: impl FnMut(&mut Shard, u32, &mut Tally)) {
    let mut discard = Tally::default();
    for i in 0..WARMUP {
        step(shard, i, &mut discard);
    }
    let mut tally = Tally::default();
    for i in 0..CALLS {
        step(shard, i, &mut tally);
    }
    tally.row(name);
}

fn main() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let config = StoreConfig { sqn_block: MAX_SQN_BLOCK, ..StoreConfig::default() };
    let store = Store::open(dir.path(), &RocksConfig::default(), config).expect("store");
    provision(&store);
    let mut shard = Shard::new(Arc::new(store));

    let (air1, air5) = (air_request(1), air_request(5));
    let (ulr_a, ulr_b) = (ulr_request(&MME_A), ulr_request(&MME_B));
    let pur_a = pur_request(&MME_A);
    let (air1, air5) = (parse(&air1), parse(&air5));
    let (ulr_a, ulr_b, pur_a) = (parse(&ulr_a), parse(&ulr_b), parse(&pur_a));

    println!(
        "{:<34} {:>8} {:>14} {:>10} {:>9}",
        "handle_request (Rust heap only)", "allocs", "min..max", "bytes", "µs/call"
    );
    scenario(&mut shard, "decode: parse + validate (AIR)", |_, _, t| {
        t.count(|| {
            black_box(parse(black_box(air1.bytes)));
        });
    });
    scenario(&mut shard, "AIR, 1 E-UTRAN vector", |s, _, t| counted(s, &air1, t));
    scenario(&mut shard, "AIR, 5 E-UTRAN vectors", |s, _, t| counted(s, &air5, t));
    scenario(&mut shard, "ULR, same MME", |s, _, t| {
        counted(s, &ulr_a, t);
        assert!(s.outbound.is_empty(), "no Cancel-Location");
    });
    scenario(&mut shard, "ULR, MME changes (CLR action)", |s, i, t| {
        counted(s, if i % 2 == 0 { &ulr_b } else { &ulr_a }, t);
        assert_eq!(s.outbound.len(), 1, "a Cancel-Location to the previous MME");
    });
    scenario(&mut shard, "PUR from the serving MME", |s, _, t| {
        s.handle(&ulr_a); // registers MME A again, uncounted
        counted(s, &pur_a, t);
    });
    println!(
        "{CALLS} counted calls per row after {WARMUP} warm-up calls; times are indicative only."
    );
}
