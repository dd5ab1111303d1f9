//! The connection driver over loopback: framing across reads, batching, framing errors, shards.

mod support;

use std::collections::HashSet;
use std::io::Write;
use std::sync::atomic::Ordering;
use std::time::Duration;

use engine::io::IoConfig;
use support::*;

#[test]
fn answers_one_message() {
    let (set, log) = start(1, Timer::None);
    let mut s = connect(set.local_addr());
    round_trip(&mut s, 42);
    assert_eq!(log.frames.load(Ordering::SeqCst), 1);
    let conns = log.conns.lock().unwrap().clone();
    assert_eq!(conns.len(), 1);
    assert_eq!(conns[0].peer, s.local_addr().unwrap());
    assert_eq!(conns[0].local, set.local_addr());
    set.shutdown().unwrap();
}

#[test]
fn pipelined_messages_in_one_write_are_all_answered_with_one_write_per_read() {
    let (set, log) = start(1, Timer::None);
    let mut s = connect(set.local_addr());
    let n = 200u32;
    let batch: Vec<u8> = (1..=n).flat_map(|i| request(318, i, 4 * (i as usize % 7))).collect();
    s.write_all(&batch).unwrap();
    let mut seen = HashSet::new();
    for _ in 0..n {
        let answer = read_message(&mut s).unwrap();
        assert!(!is_request(&answer));
        assert!(seen.insert(hop_by_hop(&answer)), "each id answered once");
    }
    assert_eq!(seen, (1..=n).collect());
    assert_eq!(log.frames.load(Ordering::SeqCst), n as usize);
    let stats = set.stats()[0];
    assert_eq!(stats.frames, u64::from(n));
    assert!(stats.writes <= stats.reads, "at most one write per read: {stats:?}");
    assert_eq!(stats.bytes_out, stats.bytes_in, "an answer per request, same sizes");
    set.shutdown().unwrap();
}

#[test]
fn a_message_split_across_many_writes_gets_one_answer() {
    let (set, log) = start(1, Timer::None);
    let mut s = connect(set.local_addr());
    let m = request(318, 7, 44);
    for chunk in m.chunks(5) {
        s.write_all(chunk).unwrap();
        std::thread::sleep(Duration::from_millis(15));
    }
    let answer = read_message(&mut s).unwrap();
    assert_eq!(answer.len(), m.len());
    assert_eq!(hop_by_hop(&answer), 7);
    assert_eq!(log.frames.load(Ordering::SeqCst), 1);
    // Half of the next message plus a whole one after it, then the rest.
    let (a, b) = (request(280, 8, 16), request(280, 9, 0));
    s.write_all(&a[..10]).unwrap();
    std::thread::sleep(Duration::from_millis(15));
    s.write_all(&[&a[10..], &b[..]].concat()).unwrap();
    assert_eq!(hop_by_hop(&read_message(&mut s).unwrap()), 8);
    assert_eq!(hop_by_hop(&read_message(&mut s).unwrap()), 9);
    set.shutdown().unwrap();
}

#[test]
fn a_message_larger_than_the_buffer_grows_it() {
    let config =
        IoConfig { shards: 1, read_buffer: 1024, ..IoConfig::new("127.0.0.1:0".parse().unwrap()) };
    let (set, _log) = start_with(config, Timer::None);
    let mut s = connect(set.local_addr());
    let big = request(318, 11, 300 * 1024);
    let small = request(318, 12, 8);
    s.write_all(&[&small[..], &big[..], &small[..]].concat()).unwrap();
    assert_eq!(hop_by_hop(&read_message(&mut s).unwrap()), 12);
    let answer = read_message(&mut s).unwrap();
    assert_eq!((hop_by_hop(&answer), answer.len()), (11, big.len()));
    assert_eq!(hop_by_hop(&read_message(&mut s).unwrap()), 12);
    set.shutdown().unwrap();
}

#[test]
fn a_peer_that_reads_slowly_is_throttled_not_lost() {
    let (set, log) = start(1, Timer::None);
    let mut s = connect(set.local_addr());
    let n = 3000u32;
    let mut writer = s.try_clone().unwrap();
    // About 6 MB of requests: more than the socket buffers and the driver's output high-water
    // mark, so the driver must stop reading while its writes wait for this client.
    let sender = std::thread::spawn(move || {
        for chunk in (1..=n).collect::<Vec<_>>().chunks(100) {
            let batch: Vec<u8> = chunk.iter().flat_map(|&i| request(318, i, 2000)).collect();
            writer.write_all(&batch).unwrap();
        }
    });
    std::thread::sleep(Duration::from_millis(200));
    let mut seen = HashSet::new();
    for _ in 0..n {
        seen.insert(hop_by_hop(&read_message(&mut s).unwrap()));
    }
    sender.join().unwrap();
    assert_eq!(seen.len(), n as usize);
    assert_eq!(log.frames.load(Ordering::SeqCst), n as usize);
    let stats = set.stats()[0];
    assert!(stats.writes <= stats.reads, "{stats:?}");
    set.shutdown().unwrap();
}

#[test]
fn a_bad_version_closes_that_connection_only() {
    let (set, log) = start(1, Timer::None);
    let mut good = connect(set.local_addr());
    let mut bad = connect(set.local_addr());
    round_trip(&mut good, 1);
    let mut broken = request(280, 2, 8);
    broken[0] = 2;
    // A valid message first: its answer is still written before the close.
    bad.write_all(&[&request(280, 3, 0)[..], &broken[..]].concat()).unwrap();
    assert_eq!(hop_by_hop(&read_message(&mut bad).unwrap()), 3);
    assert!(closed_by_server(&mut bad));
    assert_eq!(log.wait_closes(1), ["framing error: unsupported Diameter version 2"]);
    round_trip(&mut good, 4);
    set.shutdown().unwrap();
}

#[test]
fn a_message_over_the_limit_closes_the_connection() {
    let config =
        IoConfig { shards: 1, max_message: 4096, ..IoConfig::new("127.0.0.1:0".parse().unwrap()) };
    let (set, log) = start_with(config, Timer::None);
    let mut s = connect(set.local_addr());
    s.write_all(&request(318, 1, 8192)[..64]).unwrap();
    assert!(closed_by_server(&mut s));
    assert_eq!(
        log.wait_closes(1),
        ["framing error: message length 8212 exceeds the limit of 4096"]
    );
    set.shutdown().unwrap();
}

#[test]
fn the_handler_can_close_after_its_answer() {
    let (set, log) = start(1, Timer::None);
    let mut s = connect(set.local_addr());
    // DPR makes the handler answer and close; the request after it is not handled.
    s.write_all(&[&request(DPR, 5, 0)[..], &request(280, 6, 0)[..]].concat()).unwrap();
    assert_eq!(hop_by_hop(&read_message(&mut s).unwrap()), 5);
    assert!(closed_by_server(&mut s));
    assert_eq!(log.wait_closes(1), ["closed by the handler"]);
    assert_eq!(log.frames.load(Ordering::SeqCst), 1);
    set.shutdown().unwrap();
}

#[test]
fn connections_spread_over_two_shards_are_all_served() {
    let (set, log) = start(2, Timer::None);
    assert_eq!(set.len(), 2);
    let mut clients = Vec::new();
    for i in 0..64 {
        let mut s = connect(set.local_addr());
        round_trip(&mut s, i);
        clients.push(s);
        let shards: HashSet<_> = log.conns.lock().unwrap().iter().map(|c| c.id.shard()).collect();
        if shards.len() == 2 {
            break;
        }
    }
    let shards: HashSet<_> = log.conns.lock().unwrap().iter().map(|c| c.id.shard()).collect();
    assert_eq!(shards, HashSet::from([0, 1]), "SO_REUSEPORT spread the connections");
    for (i, s) in clients.iter_mut().enumerate() {
        round_trip(s, 1000 + i as u32);
    }
    let stats = set.stats();
    assert!(stats.iter().all(|s| s.accepted > 0 && s.frames > 0), "{stats:?}");
    set.shutdown().unwrap();
}

/// Shards each connection of `log` was served on, counted per shard.
fn per_shard(log: &Log, shards: usize) -> Vec<usize> {
    let mut counts = vec![0; shards];
    for c in log.conns.lock().unwrap().iter() {
        counts[c.id.shard()] += 1;
    }
    counts
}

#[test]
fn connections_are_spread_evenly_whatever_the_kernel_picks() {
    let (set, log) = start(2, Timer::None);
    let mut clients = Vec::new();
    // One after the other: each is served before the next arrives, so every placement sees
    // the counts of the connections before it.
    for i in 0..6 {
        let mut s = connect(set.local_addr());
        round_trip(&mut s, i);
        clients.push(s);
        let counts = per_shard(&log, 2);
        assert!(counts[0].abs_diff(counts[1]) <= 1, "after {} connections: {counts:?}", i + 1);
    }
    assert_eq!(per_shard(&log, 2), [3, 3]);
    let stats = set.stats();
    assert_eq!(stats.iter().map(|s| s.accepted).collect::<Vec<_>>(), [3, 3], "{stats:?}");
    // Every connection still works, handed over or not.
    for (i, s) in clients.iter_mut().enumerate() {
        round_trip(s, 100 + i as u32);
    }

    // Close the three of shard 0: the next three go there, wherever the kernel sends them.
    let on_zero: Vec<usize> = log
        .conns
        .lock()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, c)| c.id.shard() == 0)
        .map(|(i, _)| i)
        .collect();
    for i in on_zero.iter().rev() {
        drop(clients.remove(*i));
    }
    log.wait_closes(3);
    // The count drops as the driver ends, right after `on_close` logs.
    std::thread::sleep(Duration::from_millis(20));
    let before = per_shard(&log, 2);
    for i in 0..3 {
        let mut s = connect(set.local_addr());
        round_trip(&mut s, 200 + i);
        clients.push(s);
    }
    let after = per_shard(&log, 2);
    assert_eq!([after[0] - before[0], after[1] - before[1]], [3, 0], "{before:?} → {after:?}");
    set.shutdown().unwrap();
}
