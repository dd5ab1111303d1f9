//! Store and handler micro-benchmarks: a cache hit, a RocksDB miss (one subscriber's cache
//! fill; again with the keys wrapped under a key-encryption key), an unknown IMSI, a slow-lane
//! round of 64 cold subscribers (batched fill and one synced SQN reservation), and the S6a
//! handlers end to end without sockets (a parsed request in, the encoded answer out).
//!
//! The store is RocksDB in a temporary directory with 100,000 subscribers imported in bulk
//! plus the fixture's own subscriber; the misses visit the subscribers in a scattered order so
//! that they do not walk one data block.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use store::{Imsi, Kek, MAX_SQN_BLOCK, RocksConfig, Store, StoreConfig, SubscriberKey};

mod common;

use common::*;

const SUBSCRIBERS: u64 = 100_000;

/// The `i`-th IMSI of a walk over all subscribers in a scattered order (a step coprime with
/// the count).
fn scattered(i: u64) -> Imsi {
    many_imsi(i.wrapping_mul(7_919) % SUBSCRIBERS)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let config = StoreConfig { sqn_block: MAX_SQN_BLOCK, ..StoreConfig::default() };
    let store =
        Arc::new(Store::open(dir.path(), &RocksConfig::default(), config.clone()).expect("store"));
    provision_many(&store, SUBSCRIBERS);
    let one = item(Imsi::parse(IMSI).expect("IMSI"), None);
    assert!(store.import_subscribers(&[one]).expect("import")[0].is_ok());

    let hot = many_imsi(1);
    store.subscriber_entry(hot.key()).expect("cached");
    c.bench_function("store_cache_hit", |b| {
        b.iter(|| black_box(store.subscriber_entry(black_box(hot).key()).expect("hit")));
    });

    let mut i = 0u64;
    c.bench_function("store_rocksdb_miss", |b| {
        b.iter_batched(
            || {
                i += 1;
                let imsi = scattered(i);
                store.invalidate(imsi.key());
                imsi
            },
            |imsi| black_box(store.subscriber_entry(imsi.key()).expect("filled")),
            BatchSize::SmallInput,
        );
    });

    // The same miss with Ki and OPc wrapped under a key-encryption key (AES-256-GCM): the
    // difference is the unwrap of each filled subscriber's keys.
    let kek_dir = tempfile::tempdir().expect("temporary directory");
    let kek = Kek::new(1, &[0x5a; 32]).expect("KEK");
    let kek_config = StoreConfig { kek: Some(kek), ..config };
    let kek_store =
        Store::open(kek_dir.path(), &RocksConfig::default(), kek_config).expect("store");
    provision_many(&kek_store, SUBSCRIBERS);
    let mut i = 0u64;
    c.bench_function("store_rocksdb_miss_kek", |b| {
        b.iter_batched(
            || {
                i += 1;
                let imsi = scattered(i);
                kek_store.invalidate(imsi.key());
                imsi
            },
            |imsi| black_box(kek_store.subscriber_entry(imsi.key()).expect("filled")),
            BatchSize::SmallInput,
        );
    });
    drop(kek_store);

    let unknown = Imsi::parse("001019999999999").expect("IMSI");
    c.bench_function("store_unknown_imsi", |b| {
        b.iter(|| black_box(store.subscriber_entry(black_box(unknown).key()).is_err()));
    });

    let mut round = 0u64;
    c.bench_function("store_cold_round_64", |b| {
        b.iter_batched(
            || {
                round += 1;
                let wants: Vec<(SubscriberKey, usize)> =
                    (0..64).map(|k| (scattered(round * 64 + k).key(), 1)).collect();
                for (key, _) in &wants {
                    store.invalidate(*key);
                }
                wants
            },
            |wants| {
                let results = store.prepare_sqn(&wants);
                assert!(results.iter().all(Result::is_ok));
            },
            BatchSize::SmallInput,
        );
    });

    let mut shard = Shard::new(Arc::clone(&store));
    let (air1, air5, ulr_a) = (air_request(1), air_request(5), ulr_request(&MME_A));
    let (air1, air5, ulr_a) = (parse(&air1), parse(&air5), parse(&ulr_a));
    for msg in [&air1, &ulr_a] {
        shard.handle(msg);
        shard.check();
    }
    c.bench_function("handler_air_1_vector", |b| b.iter(|| shard.handle(black_box(&air1))));
    c.bench_function("handler_air_5_vectors", |b| b.iter(|| shard.handle(black_box(&air5))));
    c.bench_function("handler_ulr_same_mme", |b| b.iter(|| shard.handle(black_box(&ulr_a))));
    shard.handle(&air1);
    shard.check();
}

criterion_group!(benches, bench);
criterion_main!(benches);
