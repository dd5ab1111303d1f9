//! The RocksDB tuning for cold IMSI lookups, measured: the same population imported into two
//! stores, one with the layout before issue 5 (one index and one bloom filter block per SST
//! file, 64 MiB block cache) and one with today's default (partitioned index and filters, a
//! pinned top level, 256 MiB block cache). Each store is closed and reopened (empty object and
//! block caches, the files in the OS page cache as after an import), then every subscriber
//! of a scattered sample gets its cache entry filled: first one at a time
//! (`Store::subscriber_entry`, what a shard did before the slow lane), then, after another
//! reopen, 64 at a time (`Store::fill_many`, what a slow-lane round does).
//!
//! `SUBS=10000000 cargo bench -p benches --bench store_layout` (default 1,000,000 subscribers,
//! `SAMPLE` fills per mode, default 200,000). Under `cargo test` it runs on 2,000. The data
//! goes to `BENCH_DIR` (default the system temporary directory): about 450 bytes per
//! subscriber per store.

#![allow(clippy::print_stdout)] // The table is the output.

use std::path::Path;
use std::time::Instant;

use store::{Imsi, RocksConfig, Store, StoreConfig};

mod common;

use common::*;

/// Fills per batch in the batched mode (a slow-lane round under moderate load).
const BATCH: usize = 64;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.replace('_', "").parse().ok()).unwrap_or(default)
}

/// Rates (fills per second) of one layout.
struct Rates {
    single: f64,
    batched: f64,
    import: f64,
}

/// The scattered sample: `sample` distinct IMSIs out of `subs` (a step coprime with `subs`).
fn sample_imsis(subs: u64, sample: u64) -> Vec<Imsi> {
    let step = (1..).map(|k| 7_919 * k + 1).find(|s| gcd(*s, subs) == 1).unwrap_or(1);
    (0..sample.min(subs)).map(|i| many_imsi(i.wrapping_mul(step) % subs)).collect()
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn open(path: &Path, rocks: &RocksConfig) -> Store {
    Store::open(path, rocks, StoreConfig::default()).expect("store")
}

fn measure(path: &Path, rocks: &RocksConfig, subs: u64, sample: &[Imsi]) -> Rates {
    let t0 = Instant::now();
    provision_many(&open(path, rocks), subs);
    let import = subs as f64 / t0.elapsed().as_secs_f64();

    let store = open(path, rocks);
    let t0 = Instant::now();
    for imsi in sample {
        store.subscriber_entry((*imsi).key()).expect("known subscriber");
    }
    let single = sample.len() as f64 / t0.elapsed().as_secs_f64();
    drop(store);

    let store = open(path, rocks);
    let t0 = Instant::now();
    for chunk in sample.chunks(BATCH) {
        store.fill_many(&chunk.iter().map(|i| i.key()).collect::<Vec<_>>());
    }
    let batched = sample.len() as f64 / t0.elapsed().as_secs_f64();
    assert_eq!(store.cached_count(), sample.len(), "every sampled subscriber filled");
    Rates { single, batched, import }
}

fn main() {
    let timed = std::env::args().any(|a| a == "--bench");
    let subs = if timed { env_u64("SUBS", 1_000_000) } else { 2_000 };
    let sample = sample_imsis(subs, if timed { env_u64("SAMPLE", 200_000) } else { 500 });
    let base = std::env::var_os("BENCH_DIR").map_or_else(std::env::temp_dir, Into::into);
    let layouts = [
        (
            "whole-file index + filter, 64 MiB cache",
            RocksConfig {
                block_cache_bytes: 64 << 20,
                partitioned: false,
                ..RocksConfig::default()
            },
        ),
        ("partitioned index + filter, 256 MiB cache (default)", RocksConfig::default()),
    ];
    println!("{subs} subscribers, {} cold fills per mode, batches of {BATCH}", sample.len());
    println!("{:<52} {:>12} {:>14} {:>12}", "layout", "single /s", "batched /s", "import /s");
    let mut rates = Vec::new();
    for (name, rocks) in &layouts {
        let dir = tempfile::tempdir_in(&base).expect("temporary directory");
        let r = measure(dir.path(), rocks, subs, &sample);
        println!("{name:<52} {:>12.0} {:>14.0} {:>12.0}", r.single, r.batched, r.import);
        rates.push(r);
    }
    if let [old, new] = &rates[..] {
        println!(
            "partitioned ÷ whole-file: single {:.2}, batched {:.2}; batched ÷ single (default) {:.2}",
            new.single / old.single,
            new.batched / old.batched,
            new.batched / new.single
        );
    }
}
