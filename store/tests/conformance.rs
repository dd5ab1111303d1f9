//! The backend conformance suite: every `Backend` implementation must pass the same
//! checks (RocksDB in a temporary directory, and memory).

use std::sync::atomic::{AtomicUsize, Ordering};

use store::keys::Kind;
use store::{
    Backend, Durability, Entries, RocksConfig, RocksStore, StoreError, Update, WriteBatch,
};

macro_rules! conformance {
    ($($check:ident),* $(,)?) => {
        mod rocks {
            $(#[test]
            fn $check() {
                let dir = tempfile::tempdir().expect("temp dir");
                let backend = store::RocksStore::open(dir.path(), &store::RocksConfig::default())
                    .expect("open");
                super::$check(&backend);
            })*
        }
        mod mem {
            $(#[test]
            fn $check() {
                super::$check(&store::MemStore::new());
            })*
        }
    };
}

conformance!(
    kinds_are_separate_key_spaces,
    batches_apply_in_order,
    update_reads_modifies_writes,
    update_error_leaves_the_key,
    concurrent_updates_do_not_lose_increments,
    update_many_reads_modifies_writes,
    update_many_decides_duplicates_in_order,
    update_many_error_leaves_every_key,
    update_many_and_update_do_not_lose_increments,
    scan_filters_pages_and_appends,
    multi_get_matches_get,
    no_wait_writes_apply_like_buffered_ones,
);

fn put(b: &impl Backend, kind: Kind, key: &[u8], value: &[u8]) {
    let mut batch = WriteBatch::new();
    batch.put(kind, key, value.to_vec());
    b.write(&batch, Durability::Synced).expect("write");
}

fn get(b: &impl Backend, kind: Kind, key: &[u8]) -> Option<Vec<u8>> {
    b.get(kind, key).expect("get")
}

fn multi_get_matches_get(b: &impl Backend) {
    for i in 0u8..50 {
        put(b, Kind::Subscriber, &[i], &[i, i]);
    }
    put(b, Kind::Auth, &[7], b"auth");
    // Unsorted, with a duplicate and absent keys; another kind's key is not seen.
    let keys: Vec<&[u8]> = vec![&[9], &[200], &[3], &[9], &[49], &[60], &[7]];
    let got = b.multi_get(Kind::Subscriber, &keys).expect("multi_get");
    let want: Vec<_> = keys.iter().map(|k| get(b, Kind::Subscriber, k)).collect();
    assert_eq!(got, want);
    assert_eq!(got[0], Some(vec![9, 9]));
    assert_eq!(got[1], None);
    assert_eq!(got[6], Some(vec![7, 7]));
    assert_eq!(
        b.multi_get(Kind::Auth, &[&[7], &[8]]).expect("multi_get"),
        [Some(b"auth".to_vec()), None]
    );
    assert!(b.multi_get(Kind::Auth, &[]).expect("empty").is_empty());
}

/// Without a stall (neither backend stalls here), a no-wait write is a buffered write:
/// batches, updates and batched updates apply as they would.
fn no_wait_writes_apply_like_buffered_ones(b: &impl Backend) {
    let no_wait = Durability::BufferedNoWait;
    let mut batch = WriteBatch::new();
    batch.put(Kind::ServingNode, b"a", b"1".to_vec()).put(Kind::ServingNode, b"b", b"2".to_vec());
    b.write(&batch, no_wait).expect("write");
    b.update(Kind::ServingNode, b"a", no_wait, &mut |cur| {
        assert_eq!(cur, Some(&b"1"[..]));
        Ok(Update::Put(b"3".to_vec()))
    })
    .expect("update");
    b.update_many(Kind::ServingNode, &[b"a", b"b"], no_wait, &mut |_, _| Ok(Update::Delete))
        .expect("update_many");
    b.update(Kind::ServingNode, b"c", no_wait, &mut |_| Ok(Update::Put(b"4".to_vec())))
        .expect("update");
    assert_eq!(get(b, Kind::ServingNode, b"a"), None);
    assert_eq!(get(b, Kind::ServingNode, b"b"), None);
    assert_eq!(get(b, Kind::ServingNode, b"c"), Some(b"4".to_vec()));
}

fn kinds_are_separate_key_spaces(b: &impl Backend) {
    for (i, kind) in Kind::ALL.into_iter().enumerate() {
        assert_eq!(get(b, kind, b"k"), None);
        put(b, kind, b"k", &[i as u8]);
    }
    for (i, kind) in Kind::ALL.into_iter().enumerate() {
        assert_eq!(get(b, kind, b"k"), Some(vec![i as u8]), "{kind:?}");
    }
}

fn batches_apply_in_order(b: &impl Backend) {
    let mut batch = WriteBatch::new();
    batch
        .put(Kind::Subscriber, b"a", b"1".to_vec())
        .put(Kind::MsisdnIndex, b"m", b"a".to_vec())
        .put(Kind::Subscriber, b"a", b"2".to_vec())
        .delete(Kind::Subscriber, b"absent");
    b.write(&batch, Durability::Buffered).expect("write");
    assert_eq!(get(b, Kind::Subscriber, b"a"), Some(b"2".to_vec()));
    assert_eq!(get(b, Kind::MsisdnIndex, b"m"), Some(b"a".to_vec()));

    let mut batch = WriteBatch::new();
    batch.delete(Kind::Subscriber, b"a").delete(Kind::MsisdnIndex, b"m");
    b.write(&batch, Durability::Synced).expect("write");
    assert_eq!(get(b, Kind::Subscriber, b"a"), None);
    assert_eq!(get(b, Kind::MsisdnIndex, b"m"), None);
    b.write(&WriteBatch::new(), Durability::Synced).expect("an empty batch is fine");
}

fn update_reads_modifies_writes(b: &impl Backend) {
    let key = b"imsi";
    let mut seen = Vec::new();
    let mut step = |u: Update| {
        let mut u = Some(u);
        b.update(Kind::SqnReservation, key, Durability::Synced, &mut |cur| {
            seen.push(cur.map(<[u8]>::to_vec));
            Ok(u.take().expect("called once"))
        })
        .expect("update");
    };
    step(Update::Put(b"1".to_vec()));
    step(Update::Keep);
    step(Update::Put(b"2".to_vec()));
    step(Update::Delete);
    step(Update::Keep);
    assert_eq!(seen, [None, Some(b"1".to_vec()), Some(b"1".to_vec()), Some(b"2".to_vec()), None]);
    assert_eq!(get(b, Kind::SqnReservation, key), None);
}

fn update_error_leaves_the_key(b: &impl Backend) {
    put(b, Kind::ServingNode, b"k", b"old");
    let result = b.update(Kind::ServingNode, b"k", Durability::Buffered, &mut |_| {
        Err(StoreError::SqnExhausted)
    });
    assert!(matches!(result, Err(StoreError::SqnExhausted)));
    assert_eq!(get(b, Kind::ServingNode, b"k"), Some(b"old".to_vec()));
}

fn concurrent_updates_do_not_lose_increments(b: &impl Backend) {
    const THREADS: usize = 4;
    const EACH: usize = 50;
    let calls = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                for _ in 0..EACH {
                    b.update(Kind::SqnReservation, b"n", Durability::Buffered, &mut |cur| {
                        calls.fetch_add(1, Ordering::Relaxed);
                        let n = cur.map_or(0, |v| u64::from_be_bytes(v.try_into().expect("8")));
                        Ok(Update::Put((n + 1).to_be_bytes().to_vec()))
                    })
                    .expect("update");
                }
            });
        }
    });
    let total = get(b, Kind::SqnReservation, b"n").expect("written");
    assert_eq!(u64::from_be_bytes(total.try_into().expect("8")), (THREADS * EACH) as u64);
    assert_eq!(calls.load(Ordering::Relaxed), THREADS * EACH);
}

/// A big-endian counter value, 0 when absent.
fn counter(v: Option<&[u8]>) -> u64 {
    v.map_or(0, |v| u64::from_be_bytes(v.try_into().expect("8 octets")))
}

fn increment(cur: Option<&[u8]>) -> Update {
    Update::Put((counter(cur) + 1).to_be_bytes().to_vec())
}

fn update_many_reads_modifies_writes(b: &impl Backend) {
    put(b, Kind::SqnReservation, b"a", b"1");
    put(b, Kind::SqnReservation, b"c", b"3");
    put(b, Kind::ServingNode, b"b", b"other kind");
    let mut seen = Vec::new();
    let keys: [&[u8]; 4] = [b"a", b"b", b"c", b"d"];
    b.update_many(Kind::SqnReservation, &keys, Durability::Synced, &mut |i, cur| {
        seen.push((i, cur.map(<[u8]>::to_vec)));
        Ok(match i {
            0 => Update::Put(b"10".to_vec()),
            1 => Update::Put(b"20".to_vec()),
            2 => Update::Delete,
            _ => Update::Keep,
        })
    })
    .expect("update_many");
    assert_eq!(seen, [(0, Some(b"1".to_vec())), (1, None), (2, Some(b"3".to_vec())), (3, None)]);
    assert_eq!(get(b, Kind::SqnReservation, b"a"), Some(b"10".to_vec()));
    assert_eq!(get(b, Kind::SqnReservation, b"b"), Some(b"20".to_vec()));
    assert_eq!(get(b, Kind::SqnReservation, b"c"), None);
    assert_eq!(get(b, Kind::SqnReservation, b"d"), None);
    assert_eq!(get(b, Kind::ServingNode, b"b"), Some(b"other kind".to_vec()));

    b.update_many(Kind::SqnReservation, &[], Durability::Synced, &mut |_, _| {
        panic!("no key to decide")
    })
    .expect("an empty list is fine");
    b.update_many(Kind::SqnReservation, &keys, Durability::Buffered, &mut |_, _| Ok(Update::Keep))
        .expect("all kept");
    assert_eq!(get(b, Kind::SqnReservation, b"a"), Some(b"10".to_vec()));
}

fn update_many_decides_duplicates_in_order(b: &impl Backend) {
    // Three increments of "n" in one call count three, as three updates would.
    let keys: [&[u8]; 4] = [b"n", b"m", b"n", b"n"];
    let mut seen = Vec::new();
    b.update_many(Kind::SqnReservation, &keys, Durability::Synced, &mut |i, cur| {
        seen.push((i, counter(cur)));
        Ok(increment(cur))
    })
    .expect("update_many");
    assert_eq!(seen, [(0, 0), (1, 0), (2, 1), (3, 2)]);
    assert_eq!(counter(get(b, Kind::SqnReservation, b"n").as_deref()), 3);
    assert_eq!(counter(get(b, Kind::SqnReservation, b"m").as_deref()), 1);

    // A later Keep keeps the earlier decision; a Delete then a read sees nothing.
    let keys: [&[u8]; 4] = [b"n", b"n", b"m", b"m"];
    let mut seen = Vec::new();
    b.update_many(Kind::SqnReservation, &keys, Durability::Synced, &mut |i, cur| {
        seen.push(cur.map(counter_of));
        Ok(match i {
            0 => increment(cur),
            1 => Update::Keep,
            2 => Update::Delete,
            _ => Update::Keep,
        })
    })
    .expect("update_many");
    assert_eq!(seen, [Some(3), Some(4), Some(1), None]);
    assert_eq!(counter(get(b, Kind::SqnReservation, b"n").as_deref()), 4);
    assert_eq!(get(b, Kind::SqnReservation, b"m"), None);
}

fn counter_of(v: &[u8]) -> u64 {
    counter(Some(v))
}

fn update_many_error_leaves_every_key(b: &impl Backend) {
    put(b, Kind::SqnReservation, b"a", b"old a");
    put(b, Kind::SqnReservation, b"b", b"old b");
    let keys: [&[u8]; 3] = [b"a", b"b", b"c"];
    let result = b.update_many(Kind::SqnReservation, &keys, Durability::Synced, &mut |i, _| {
        if i == 1 { Err(StoreError::SqnExhausted) } else { Ok(Update::Put(b"new".to_vec())) }
    });
    assert!(matches!(result, Err(StoreError::SqnExhausted)));
    assert_eq!(get(b, Kind::SqnReservation, b"a"), Some(b"old a".to_vec()));
    assert_eq!(get(b, Kind::SqnReservation, b"b"), Some(b"old b".to_vec()));
    assert_eq!(get(b, Kind::SqnReservation, b"c"), None);
}

/// Batches over overlapping key sets in opposite orders, and single updates of the same keys,
/// neither deadlock nor lose an increment.
fn update_many_and_update_do_not_lose_increments(b: &impl Backend) {
    const KEYS: usize = 16;
    const ROUNDS: usize = 40;
    let names: Vec<[u8; 2]> = (0..KEYS).map(|i| [b'k', i as u8]).collect();
    let forward: Vec<&[u8]> = names.iter().map(|k| k.as_slice()).collect();
    let backward: Vec<&[u8]> = forward.iter().rev().copied().collect();
    std::thread::scope(|s| {
        for keys in [&forward, &backward] {
            s.spawn(move || {
                for _ in 0..ROUNDS {
                    b.update_many(Kind::SqnReservation, keys, Durability::Synced, &mut |_, cur| {
                        Ok(increment(cur))
                    })
                    .expect("update_many");
                }
            });
        }
        for t in 0..2 {
            let forward = &forward;
            s.spawn(move || {
                for r in 0..ROUNDS {
                    for key in forward.iter().skip((t + r) % 2).step_by(2) {
                        b.update(Kind::SqnReservation, key, Durability::Buffered, &mut |cur| {
                            Ok(increment(cur))
                        })
                        .expect("update");
                    }
                }
            });
        }
    });
    // Each key: 2 batch threads × ROUNDS, plus one single update per round from one of the
    // two single-key threads (they cover the odd and even keys alternately).
    for key in &forward {
        let n = counter(get(b, Kind::SqnReservation, key).as_deref());
        assert_eq!(n, (2 * ROUNDS + ROUNDS) as u64, "{key:?}");
    }
}

fn scan_filters_pages_and_appends(b: &impl Backend) {
    for key in [&b"\x01\x02"[..], b"\x01\x01", b"\x01\x03", b"\x02\x00", b"\x00\xff"] {
        put(b, Kind::ApnIndex, key, key);
    }
    put(b, Kind::Subscriber, b"\x01\x09", b"other kind");
    let scan = |prefix: &[u8], skip, limit| {
        let mut out: Entries = vec![(b"pre".to_vec(), b"existing".to_vec())];
        b.scan(Kind::ApnIndex, prefix, skip, limit, &mut out).expect("scan");
        assert_eq!(out[0].0, b"pre", "appends");
        out[1..].iter().map(|(k, _)| k.clone()).collect::<Vec<_>>()
    };
    assert_eq!(scan(b"\x01", 0, 10), [b"\x01\x01", b"\x01\x02", b"\x01\x03"]);
    assert_eq!(scan(b"\x01", 1, 1), [b"\x01\x02"]);
    assert_eq!(scan(b"\x01", 3, 10), Vec::<Vec<u8>>::new());
    assert_eq!(scan(b"\x01", 0, 0), Vec::<Vec<u8>>::new());
    assert_eq!(scan(b"", 0, 10).len(), 5);
    assert_eq!(scan(b"", 4, 10), [b"\x02\x00"]);
    let mut out = Entries::new();
    b.scan(Kind::ApnIndex, b"\x01\x02", 0, 10, &mut out).expect("scan");
    assert_eq!(out, [(b"\x01\x02".to_vec(), b"\x01\x02".to_vec())]);
}

/// RocksDB keeps what was written across a reopen, in every column family.
#[test]
fn rocks_persists_across_reopen() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let b = RocksStore::open(dir.path(), &RocksConfig::default()).expect("open");
        for kind in Kind::ALL {
            put(&b, kind, b"key", kind.cf_name().as_bytes());
        }
    }
    let b = RocksStore::open(dir.path(), &RocksConfig::default()).expect("reopen");
    for kind in Kind::ALL {
        assert_eq!(get(&b, kind, b"key").as_deref(), Some(kind.cf_name().as_bytes()));
    }
}
