//! The I/O layer's limits over loopback: connection caps (total, per address, not yet opened),
//! the message limit before the capabilities exchange, and peers that stop reading.

mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::BytesMut;
use engine::io::{ConnInfo, ConnectionEnd, ConnectionHandler, Flow, IoConfig, IoStats, ShardSet};
use socket2::{Domain, Socket, Type};
use support::*;

/// Command code of a CER: the gated handler counts as opened once it has answered one.
const CER: u32 = 257;

/// The test handler, except that it is opened only once it has seen a CER.
#[derive(Debug)]
struct Gated {
    inner: TestHandler,
    opened: bool,
}

impl ConnectionHandler for Gated {
    type Command = Vec<u8>;

    fn on_frame(&mut self, frame: &[u8], now: Instant, out: &mut BytesMut) -> Flow {
        if u32::from_be_bytes([0, frame[5], frame[6], frame[7]]) == CER {
            self.opened = true;
        }
        self.inner.on_frame(frame, now, out)
    }

    fn on_timer(&mut self, now: Instant, out: &mut BytesMut) -> Flow {
        self.inner.on_timer(now, out)
    }

    fn next_timer(&self) -> Option<Instant> {
        self.inner.next_timer()
    }

    fn on_command(&mut self, command: Vec<u8>, now: Instant, out: &mut BytesMut) -> Flow {
        self.inner.on_command(command, now, out)
    }

    fn opened(&self) -> bool {
        self.opened
    }

    fn on_close(&mut self, reason: ConnectionEnd) {
        self.inner.on_close(reason);
    }
}

fn config(shards: usize) -> IoConfig {
    IoConfig { shards, ..IoConfig::new("127.0.0.1:0".parse().unwrap()) }
}

/// Shards whose connections are opened only by a CER.
fn start_gated(config: IoConfig) -> (ShardSet<Vec<u8>>, Arc<Log>) {
    let log = Arc::new(Log::default());
    let l = log.clone();
    let set = engine::io::start_shards_with(&config, move |info: &ConnInfo| Gated {
        inner: TestHandler::new(l.clone(), Timer::None, info),
        opened: false,
    })
    .expect("shards start");
    (set, log)
}

/// Every shard's counters added up.
fn totals(set: &ShardSet<Vec<u8>>) -> IoStats {
    set.stats().iter().fold(IoStats::default(), |mut t, s| {
        t.accepted += s.accepted;
        t.closed += s.closed;
        t.refused_total += s.refused_total;
        t.refused_per_address += s.refused_per_address;
        t.refused_unopened += s.refused_unopened;
        t.slow_readers += s.slow_readers;
        t
    })
}

/// A connection from `local` (any loopback address) to `addr`, with the test client's settings.
fn connect_from(local: &str, addr: SocketAddr) -> TcpStream {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    socket.bind(&local.parse::<SocketAddr>().unwrap().into()).unwrap();
    socket.connect(&addr.into()).unwrap();
    let s: TcpStream = socket.into();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.set_nodelay(true).unwrap();
    s
}

/// A connection whose receive buffer is as small as the kernel allows, so that what the server
/// writes and the client does not read backs up at once.
fn connect_small(addr: SocketAddr) -> TcpStream {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    socket.connect(&addr.into()).unwrap();
    let s: TcpStream = socket.into();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s
}

/// Tries a new connection and a round trip until one succeeds (a cap frees up as soon as the
/// connection that held it has ended).
fn round_trip_eventually(addr: SocketAddr, hbh: u32) -> TcpStream {
    let start = Instant::now();
    loop {
        let mut s = connect(addr);
        if s.write_all(&request(280, hbh, 8)).is_ok()
            && let Ok(answer) = read_message(&mut s)
        {
            assert_eq!(hop_by_hop(&answer), hbh);
            return s;
        }
        assert!(start.elapsed() < Duration::from_secs(3), "no room came free");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Sends requests of `body` bytes on `s` and never reads, until a write fails (the server
/// closed) or `budget` bytes are sent; returns the bytes sent.
fn flood(mut s: TcpStream, body: usize, budget: usize) -> std::thread::JoinHandle<usize> {
    s.set_write_timeout(Some(Duration::from_secs(8))).unwrap();
    std::thread::spawn(move || {
        let batch: Vec<u8> = (0..16).flat_map(|i| request(318, i, body)).collect();
        let mut sent = 0;
        while sent < budget && s.write_all(&batch).is_ok() {
            sent += batch.len();
        }
        sent
    })
}

#[test]
fn the_total_cap_refuses_the_extra_connection_across_shards() {
    let (set, _log) = start_with(IoConfig { max_connections: 3, ..config(2) }, Timer::None);
    let mut clients: Vec<TcpStream> = (0..3).map(|_| connect(set.local_addr())).collect();
    for (i, s) in clients.iter_mut().enumerate() {
        round_trip(s, i as u32);
    }
    let mut extra = connect(set.local_addr());
    assert!(closed_by_server(&mut extra), "the fourth connection is closed at once");
    for (i, s) in clients.iter_mut().enumerate() {
        round_trip(s, 10 + i as u32);
    }
    let t = totals(&set);
    assert_eq!((t.accepted, t.refused_total, t.refused()), (3, 1, 1), "{t:?}");
    // One closes: there is room again.
    drop(clients.pop());
    clients.push(round_trip_eventually(set.local_addr(), 20));
    set.shutdown().unwrap();
}

#[test]
fn the_per_address_cap_refuses_the_extra_connection_from_that_address_only() {
    let config = IoConfig { max_connections_per_address: 2, ..config(1) };
    let (set, _log) = start_with(config, Timer::None);
    let addr = set.local_addr();
    let mut a: Vec<TcpStream> = (0..2).map(|_| connect_from("127.0.0.1:0", addr)).collect();
    for (i, s) in a.iter_mut().enumerate() {
        round_trip(s, i as u32);
    }
    let mut extra = connect_from("127.0.0.1:0", addr);
    assert!(closed_by_server(&mut extra));
    let mut other = connect_from("127.0.0.2:0", addr);
    round_trip(&mut other, 5);
    for (i, s) in a.iter_mut().enumerate() {
        round_trip(s, 10 + i as u32);
    }
    let t = totals(&set);
    assert_eq!((t.accepted, t.refused_per_address, t.refused()), (3, 1, 1), "{t:?}");
    set.shutdown().unwrap();
}

#[test]
fn connections_not_yet_opened_are_capped() {
    let (set, _log) = start_gated(IoConfig { max_unopened: 2, ..config(2) });
    let addr = set.local_addr();
    let mut waiting: Vec<TcpStream> = (0..2).map(|_| connect(addr)).collect();
    // The accept runs on the shard thread; give it time to count both.
    std::thread::sleep(Duration::from_millis(50));
    let mut extra = connect(addr);
    assert!(closed_by_server(&mut extra), "a third connection without CER is refused");
    assert_eq!(totals(&set).refused_unopened, 1);
    // One of the two sends its CER: it is opened, and a new connection finds room.
    waiting[0].write_all(&request(CER, 1, 8)).unwrap();
    assert_eq!(hop_by_hop(&read_message(&mut waiting[0]).unwrap()), 1);
    let mut next = round_trip_eventually(addr, 2);
    round_trip(&mut next, 3);
    round_trip(&mut waiting[1], 4);
    let t = totals(&set);
    assert_eq!((t.refused_unopened, t.refused()), (1, 1), "{t:?}");
    set.shutdown().unwrap();
}

#[test]
fn before_its_cer_a_connection_may_not_announce_a_large_message() {
    let (set, log) = start_gated(config(1));
    let addr = set.local_addr();
    let mut early = connect(addr);
    early.write_all(&request(318, 1, 1 << 20)[..64]).unwrap();
    assert!(closed_by_server(&mut early));
    assert_eq!(
        log.wait_closes(1),
        ["framing error: message length 1048596 exceeds the limit of 65536"]
    );
    // Once opened, the usual limit applies.
    let mut opened = connect(addr);
    opened.write_all(&request(CER, 2, 8)).unwrap();
    assert_eq!(hop_by_hop(&read_message(&mut opened).unwrap()), 2);
    let big = request(318, 3, 200 * 1024);
    opened.write_all(&big).unwrap();
    let answer = read_message(&mut opened).unwrap();
    assert_eq!((hop_by_hop(&answer), answer.len()), (3, big.len()));
    set.shutdown().unwrap();
}

#[test]
fn a_client_that_never_reads_is_closed_within_the_stall_limit() {
    let config =
        IoConfig { write_buffer: 4096, write_stall: Duration::from_millis(300), ..config(1) };
    let (set, log) = start_with(config, Timer::None);
    let mut good = connect(set.local_addr());
    round_trip(&mut good, 1);
    let stuck = connect_small(set.local_addr());
    let start = Instant::now();
    let sender = flood(stuck.try_clone().unwrap(), 2000, 64 << 20);
    assert!(
        wait_until(Duration::from_secs(5), || totals(&set).slow_readers == 1),
        "{:?}",
        totals(&set)
    );
    let sent = sender.join().unwrap();
    assert!(sent < 64 << 20, "the flood stopped because the server closed");
    assert!(start.elapsed() < Duration::from_secs(5), "closed in {:?}", start.elapsed());
    assert_eq!(log.wait_closes(1), ["the peer does not read: no write progress in time"]);
    round_trip(&mut good, 2);
    let t = totals(&set);
    assert_eq!((t.slow_readers, t.closed), (1, 1), "{t:?}");
    drop(stuck);
    set.shutdown().unwrap();
}

#[test]
fn commands_for_a_client_that_never_reads_close_it_at_the_output_cap() {
    let config = IoConfig { max_output: 256 * 1024, ..config(1) };
    let (set, log) = start_with(config, Timer::None);
    let mut good = connect(set.local_addr());
    round_trip(&mut good, 1);
    let stuck = connect_small(set.local_addr());
    let id = wait_for_conn(&log, &stuck);
    let push = request(317, 7, 64 * 1024);
    // Far more than the socket buffers hold: the rest stays in the connection's output.
    for _ in 0..400 {
        if set.send_to(id, push.clone()).is_err() {
            break;
        }
    }
    assert_eq!(log.wait_closes(1), ["the peer does not read: output over its limit"]);
    round_trip(&mut good, 2);
    assert_eq!(totals(&set).slow_readers, 1);
    drop(stuck);
    set.shutdown().unwrap();
}

#[test]
fn a_closing_connection_that_cannot_flush_is_closed_in_bounded_time() {
    // High-water mark 16 MiB: every request below is read, the DPR too.
    let config =
        IoConfig { write_buffer: 4 << 20, close_timeout: Duration::from_millis(300), ..config(1) };
    let (set, log) = start_with(config, Timer::None);
    let mut stuck = connect_small(set.local_addr());
    // 8 MB of answers to these do not fit the socket buffers (at most 4 MiB on Linux); the
    // DPR then asks to close.
    let mut burst: Vec<u8> = (0..4000).flat_map(|i| request(318, i, 2000)).collect();
    burst.extend_from_slice(&request(DPR, 1000, 0));
    stuck.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
    let start = Instant::now();
    stuck.write_all(&burst).unwrap();
    assert_eq!(log.wait_closes(1), ["the peer does not read: closing output not flushed in time"]);
    assert!(start.elapsed() < Duration::from_secs(3), "closed in {:?}", start.elapsed());
    assert_eq!(totals(&set).slow_readers, 1);
    // What the server could not write is lost; the client sees the end after what it got.
    let mut rest = Vec::new();
    let _ = stuck.read_to_end(&mut rest);
    set.shutdown().unwrap();
}

/// The id of `s`'s connection, once its handler exists.
fn wait_for_conn(log: &Log, s: &TcpStream) -> engine::io::ConnId {
    let local = s.local_addr().unwrap();
    let mut found = None;
    wait_until(Duration::from_secs(2), || {
        found = log.conns.lock().unwrap().iter().find(|c| c.peer == local).map(|c| c.id);
        found.is_some()
    });
    found.expect("the connection was accepted")
}

/// The capabilities exchange's own timer (`Timers::cer`, in the peer layer) closes a connection
/// that never sends its CER; the I/O layer does not duplicate it.
#[test]
fn a_silent_connection_is_closed_by_the_cer_timeout() {
    let mut settings = settings(1);
    settings.timers.cer = Duration::from_millis(300);
    let hss = Hss::start_with(settings);
    let mut s = connect(hss.addr());
    let start = Instant::now();
    assert!(closed_by_server(&mut s));
    let waited = start.elapsed();
    assert!(waited >= Duration::from_millis(250) && waited < Duration::from_secs(3), "{waited:?}");
    hss.stop();
}
