//! Times the first vectors request of N subscribers just dropped from the cache (as after a
//! restart): each reserving its SQN block with its own synced write (the single path), against
//! `Store::prepare_sqn` in batches of 64 and 256 followed by the same requests, and the warm
//! path for scale. A timing report, not a test:
//!
//! ```text
//! cargo run -p store --release --example cold_sqn -- [N, default 10000]
//! ```
//!
//! One thread, RocksDB in a temporary directory on the default temp file system (set
//! `TMPDIR` to choose the disk).

#![allow(clippy::print_stdout)] // a report: printing is its job

use std::time::{Duration, Instant};

use store::{ImportItem, Imsi, SeededRand, Store, StoreConfig, SubscriberKey};
use testkit::prelude::*;

fn main() {
    let n: u64 = std::env::args().nth(1).map_or(10_000, |a| a.parse().expect("N: a number"));
    let dir = tempfile::tempdir().expect("temp dir");
    let s = rocks(dir.path(), StoreConfig::default());
    s.create_apn_profile(&apn_profile(1, "internet")).expect("APN profile");
    let imsis: Vec<Imsi> = (1..=n).map(imsi).collect();
    for chunk in imsis.chunks(1000) {
        let items: Vec<ImportItem> = chunk
            .iter()
            .map(|&w| ImportItem {
                subscriber: subscriber(w, None, &[1]),
                auth: Some(auth_data(SET1_AMF, 0)),
            })
            .collect();
        let outcomes = s.import_subscribers(&items).expect("import");
        assert!(outcomes.iter().all(Result::is_ok));
    }

    let report = |mode: &str, took: Duration| {
        let rate = n as f64 / took.as_secs_f64();
        println!(
            "{mode:<28} {n} first AIRs in {:>8.1} ms: {rate:>10.0}/s",
            took.as_secs_f64() * 1e3
        );
    };
    report("single (cold)", cold(&s, &imsis, None));
    report("prepare_sqn x64 (cold)", cold(&s, &imsis, Some(64)));
    report("prepare_sqn x256 (cold)", cold(&s, &imsis, Some(256)));
    report("single again (cold)", cold(&s, &imsis, None));
    report("warm (cached, SQNs left)", vectors(&s, &imsis, &mut SeededRand::new(9)));
}

/// Drops every cache entry, then asks one vector of each subscriber, preparing them in
/// batches of `batch` first if given. Returns the time from the first request on.
fn cold(s: &Store, imsis: &[Imsi], batch: Option<usize>) -> Duration {
    s.invalidate_all();
    let mut rand = SeededRand::new(1);
    let start = Instant::now();
    match batch {
        None => {
            vectors(s, imsis, &mut rand);
        }
        Some(size) => {
            for chunk in imsis.chunks(size) {
                let wants: Vec<(SubscriberKey, usize)> =
                    chunk.iter().map(|&w| (w.key(), 1)).collect();
                assert!(s.prepare_sqn(&wants).iter().all(Result::is_ok));
                vectors(s, chunk, &mut rand);
            }
        }
    }
    start.elapsed()
}

/// One E-UTRAN vector of each subscriber; the time it took.
fn vectors(s: &Store, imsis: &[Imsi], rand: &mut SeededRand) -> Duration {
    let start = Instant::now();
    let mut out = Vec::with_capacity(1);
    for &w in imsis {
        out.clear();
        s.eutran_vectors(w.key(), 1, &home_plmn(), rand, &mut out).expect("vector");
    }
    start.elapsed()
}
