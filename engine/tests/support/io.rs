//! The I/O layer's tests: a test handler that answers each request with a copy whose R bit is
//! cleared, shards started with it, and raw requests of any size.

use std::io::Write;
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::BytesMut;
use engine::io::{ConnInfo, ConnectionEnd, ConnectionHandler, Flow, IoConfig, ShardSet};
use testkit::prelude::{hop_by_hop, is_request, read_message};

/// Command code of a Disconnect-Peer-Request: the test handler answers it, then closes.
pub const DPR: u32 = 282;
/// Command code on which the test handler panics.
pub const PANIC: u32 = 999;
/// Hop-by-hop id of the message the test handler sends when its timer fires.
pub const TIMER_HBH: u32 = 0xdead_beef;

/// A request with `body` zero bytes after the header (`body` a multiple of 4).
pub fn request(code: u32, hop_by_hop: u32, body: usize) -> Vec<u8> {
    let len = 20 + body as u32;
    let mut m = Vec::with_capacity(len as usize);
    m.push(1);
    m.extend_from_slice(&len.to_be_bytes()[1..]);
    m.push(0x80);
    m.extend_from_slice(&code.to_be_bytes()[1..]);
    m.extend_from_slice(&0u32.to_be_bytes());
    m.extend_from_slice(&hop_by_hop.to_be_bytes());
    m.extend_from_slice(&(!hop_by_hop).to_be_bytes());
    m.resize(len as usize, 0);
    m
}

/// Sends one request and checks the answer.
pub fn round_trip(s: &mut TcpStream, hbh: u32) {
    s.write_all(&request(280, hbh, 8)).unwrap();
    let answer = read_message(s).unwrap();
    assert!(!is_request(&answer));
    assert_eq!(hop_by_hop(&answer), hbh);
}
/// What the handlers of one test saw.
#[derive(Debug, Default)]
pub struct Log {
    pub frames: AtomicUsize,
    pub ticks: AtomicUsize,
    pub conns: Mutex<Vec<ConnInfo>>,
    pub closes: Mutex<Vec<String>>,
}

impl Log {
    pub fn closes(&self) -> Vec<String> {
        self.closes.lock().unwrap().clone()
    }

    /// Waits until `n` connections have closed.
    pub fn wait_closes(&self, n: usize) -> Vec<String> {
        let start = Instant::now();
        while self.closes.lock().unwrap().len() < n && start.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(5));
        }
        self.closes()
    }
}

/// How the test handler uses its timer.
#[derive(Debug, Clone, Copy)]
pub enum Timer {
    None,
    /// Fire once, this long after the connection opened, and send an unsolicited request.
    Announce(Duration),
    /// Fire every period, sending nothing.
    Tick(Duration),
}

#[derive(Debug)]
pub struct TestHandler {
    log: Arc<Log>,
    timer: Timer,
    next: Option<Instant>,
}

impl TestHandler {
    pub fn new(log: Arc<Log>, timer: Timer, info: &ConnInfo) -> Self {
        log.conns.lock().unwrap().push(*info);
        let next = match timer {
            Timer::None => None,
            Timer::Announce(d) | Timer::Tick(d) => Some(Instant::now() + d),
        };
        Self { log, timer, next }
    }
}

impl ConnectionHandler for TestHandler {
    /// Bytes to write to the peer as they are.
    type Command = Vec<u8>;

    fn on_frame(&mut self, frame: &[u8], _now: Instant, out: &mut BytesMut) -> Flow {
        self.log.frames.fetch_add(1, Ordering::SeqCst);
        let start = out.len();
        out.extend_from_slice(frame);
        out[start + 4] &= !0x80;
        let code = u32::from_be_bytes([0, frame[5], frame[6], frame[7]]);
        assert_ne!(code, PANIC, "the test handler panics on request");
        if code == DPR { Flow::CloseAfterWrite } else { Flow::Continue }
    }

    fn on_timer(&mut self, now: Instant, out: &mut BytesMut) -> Flow {
        self.log.ticks.fetch_add(1, Ordering::SeqCst);
        match self.timer {
            Timer::Announce(_) => {
                out.extend_from_slice(&request(280, TIMER_HBH, 0));
                self.next = None;
            }
            Timer::Tick(d) => self.next = Some(now + d),
            Timer::None => self.next = None,
        }
        Flow::Continue
    }

    fn next_timer(&self) -> Option<Instant> {
        self.next
    }

    fn on_command(&mut self, command: Vec<u8>, _now: Instant, out: &mut BytesMut) -> Flow {
        out.extend_from_slice(&command);
        Flow::Continue
    }

    fn on_close(&mut self, reason: ConnectionEnd) {
        self.log.closes.lock().unwrap().push(reason.to_string());
    }
}

/// Starts `shards` shards on 127.0.0.1, port 0, with the test handler.
pub fn start(shards: usize, timer: Timer) -> (ShardSet<Vec<u8>>, Arc<Log>) {
    start_with(IoConfig { shards, ..IoConfig::new("127.0.0.1:0".parse().unwrap()) }, timer)
}

pub fn start_with(config: IoConfig, timer: Timer) -> (ShardSet<Vec<u8>>, Arc<Log>) {
    let log = Arc::new(Log::default());
    let l = log.clone();
    let set = engine::io::start_shards_with(&config, move |info: &ConnInfo| {
        TestHandler::new(l.clone(), timer, info)
    })
    .expect("shards start");
    (set, log)
}
