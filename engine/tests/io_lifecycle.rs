//! Timers, control messages and shutdown of the shards, over loopback.

mod support;

use std::io::Write;
use std::net::TcpListener;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use engine::io::{ConnInfo, Control};
use support::*;

#[test]
fn a_timer_writes_an_unsolicited_message() {
    let (set, log) = start(1, Timer::Announce(Duration::from_millis(150)));
    let opened = Instant::now();
    let mut s = connect(set.local_addr());
    let m = read_message(&mut s).unwrap();
    assert!(opened.elapsed() >= Duration::from_millis(150));
    assert!(is_request(&m));
    assert_eq!(hop_by_hop(&m), TIMER_HBH);
    assert_eq!(log.ticks.load(Ordering::SeqCst), 1);
    // The read that waited across the timer still delivers the next request.
    round_trip(&mut s, 3);
    set.shutdown().unwrap();
}

#[test]
fn timer_ticks_do_not_lose_a_read_in_flight() {
    let (set, log) = start(1, Timer::Tick(Duration::from_millis(3)));
    let mut s = connect(set.local_addr());
    let m = request(318, 77, 36);
    for chunk in m.chunks(7) {
        std::thread::sleep(Duration::from_millis(25));
        s.write_all(chunk).unwrap();
    }
    let answer = read_message(&mut s).unwrap();
    assert_eq!((hop_by_hop(&answer), answer.len()), (77, m.len()));
    assert!(log.ticks.load(Ordering::SeqCst) >= 10, "the timer fired while the read waited");
    round_trip(&mut s, 78);
    set.shutdown().unwrap();
}

#[test]
fn a_command_reaches_its_connection() {
    let (set, log) = start(2, Timer::None);
    let mut a = connect(set.local_addr());
    let mut b = connect(set.local_addr());
    round_trip(&mut a, 1);
    round_trip(&mut b, 2);
    let conns: Vec<ConnInfo> = log.conns.lock().unwrap().clone();
    let id_of = |s: &std::net::TcpStream| {
        conns.iter().find(|c| c.peer == s.local_addr().unwrap()).unwrap().id
    };
    let clr = request(317, 0xc1c1, 12);
    set.send_to(id_of(&b), clr.clone()).unwrap();
    assert_eq!(read_message(&mut b).unwrap(), clr);
    // `a` got nothing: its next message is the answer to its own request.
    round_trip(&mut a, 3);
    set.shutdown().unwrap();
}

#[test]
fn a_panicking_handler_loses_its_connection_only() {
    let (set, log) = start(1, Timer::None);
    let mut good = connect(set.local_addr());
    let mut bad = connect(set.local_addr());
    round_trip(&mut good, 1);
    bad.write_all(&request(PANIC, 2, 0)).unwrap();
    assert!(closed_by_server(&mut bad));
    round_trip(&mut good, 3);
    set.shutdown().unwrap();
    // The panicked connection's handler still hears of its close (peer table, gauges).
    assert_eq!(log.closes(), ["a panic while serving it", "shutting down"]);
}

#[test]
fn a_call_runs_on_the_shard_thread() {
    let (set, _log) = start(2, Timer::None);
    let (tx, rx) = mpsc::channel();
    for handle in set.handles() {
        let tx = tx.clone();
        let call = Box::new(move |shard| {
            let name = std::thread::current().name().map(str::to_owned);
            tx.send((shard, name)).unwrap();
        });
        handle.send(Control::Call(call)).unwrap();
    }
    let mut got: Vec<_> =
        (0..2).map(|_| rx.recv_timeout(Duration::from_secs(5)).unwrap()).collect();
    got.sort();
    assert_eq!(got, [(0, Some("shard-0".into())), (1, Some("shard-1".into()))]);
    set.shutdown().unwrap();
}

#[test]
fn shutdown_closes_connections_joins_and_releases_the_port() {
    let (set, log) = start(2, Timer::Tick(Duration::from_secs(60)));
    let addr = set.local_addr();
    let mut clients: Vec<_> = (0..6).map(|_| connect(addr)).collect();
    for (i, s) in clients.iter_mut().enumerate() {
        round_trip(s, i as u32);
    }
    let handles = set.handles().to_vec();
    let start = Instant::now();
    set.shutdown().unwrap();
    assert!(start.elapsed() < Duration::from_secs(2));
    for s in &mut clients {
        assert!(closed_by_server(s));
    }
    assert_eq!(log.closes(), vec!["shutting down"; 6]);
    assert!(handles[0].send(Control::Shutdown).is_err(), "the shard is gone");
    TcpListener::bind(addr).expect("the port is free again (no SO_REUSEPORT here)");
}

#[test]
fn shutdown_with_no_connection_and_dropping_the_set() {
    let (set, _log) = start(0, Timer::None);
    assert!(!set.is_empty());
    let addr = set.local_addr();
    drop(set);
    TcpListener::bind(addr).expect("dropping the set released the port");
}

#[test]
fn binding_an_unavailable_address_fails_at_start() {
    let err = engine::io::start_shards(2, "192.0.2.1:0".parse().unwrap(), |info: &ConnInfo| {
        TestHandler::new(Default::default(), Timer::None, info)
    })
    .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::AddrNotAvailable);
}
