//! A socket-free engine: [`HssConnection`]s driven by hand on a hand-moved clock, shards whose
//! mailboxes the test drains ([`Harness::pump`]), and a slow lane the test runs one round at a
//! time ([`Harness::run_slow_lane`]). Hand-off, slow lane and outbound routing run exactly the
//! code they run in `hssd`, deterministically.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::BytesMut;
use codec::build::s6a::{AirBody, air};
use codec::view::s6a::{RequestedAuthInfo, UlrFlags};
use codec::{Frames, Message};
use crossbeam::channel::Receiver;
use store::{SeededRand, StoreConfig};
use testkit::plmn::home_plmn;
use testkit::provision::{SubSpec, mem, provision};

use crate::apps::{APPS, AppSettings, Node, Table};
use crate::io::{ConnId, ConnInfo, ConnectionHandler, Control, Flow, detached_shard};
use crate::lanes::batch::Batch;
use crate::lanes::slow_lane::{self, Round};
use crate::peer::tests::support::{FakeMme, HSS_HOST, HSS_REALM, local_peer};
use crate::peer::{LocalPeer, PeerConfig, Timers};
use crate::server::command::Command;
use crate::server::connection::HssConnection;
use crate::server::services::Services;

type Drain = Box<dyn FnMut() -> Option<Control<Command>>>;

/// One connection: its handler and every byte it wrote.
struct Conn {
    handler: HssConnection,
    written: Vec<u8>,
    closed: bool,
}

/// An engine without sockets or threads.
pub struct Harness {
    pub services: Arc<Services>,
    shards: Vec<Drain>,
    slow: Receiver<Batch>,
    conns: BTreeMap<ConnId, Conn>,
    next_seq: u64,
    pub now: Instant,
    rand: SeededRand,
}

impl Harness {
    /// `shards` shards, hand-off for reads of `min_batch` messages or more (0: none), over an
    /// in-memory store holding subscribers `001010000000001..=n`.
    pub fn new(shards: usize, min_batch: usize, subscribers: u64) -> Self {
        let store = mem(StoreConfig::default());
        for i in 1..=subscribers {
            provision(&store, &SubSpec::of(testkit::provision::imsi(i)));
        }
        let table = Table::new(APPS);
        let local = LocalPeer { applications: table.served(), ..local_peer() };
        let peer = Arc::new(
            PeerConfig::new(local, crate::peer::PeerPolicy::AnyPeer, Timers::default())
                .expect("peer config"),
        );
        let node = Node {
            origin_host: HSS_HOST.into(),
            origin_realm: HSS_REALM.into(),
            home_plmn: home_plmn(),
            store: Arc::new(store),
            apps: AppSettings::default(),
        };
        let (slow_tx, slow) = slow_lane::channel();
        let services = Arc::new(Services::new(table, node, peer, min_batch, Some(slow_tx), 7));
        let (handles, drains): (Vec<_>, Vec<Drain>) = (0..shards)
            .map(|id| {
                let (handle, drain) = detached_shard(id);
                (handle, Box::new(drain) as Drain)
            })
            .unzip();
        services.set_shards(handles);
        Self {
            services,
            shards: drains,
            slow,
            conns: BTreeMap::new(),
            next_seq: 0,
            now: Instant::now(),
            rand: SeededRand::new(3),
        }
    }

    /// A new connection on `shard`.
    pub fn accept(&mut self, shard: usize) -> ConnId {
        self.next_seq += 1;
        let id = ConnId::new(shard, self.next_seq);
        let peer: SocketAddr = format!("127.0.0.1:{}", 40_000 + self.next_seq).parse().unwrap();
        let info = ConnInfo { id, peer, local: "127.0.0.1:3868".parse().unwrap() };
        let handler = HssConnection::new(self.services.clone(), &info, self.now);
        self.conns.insert(id, Conn { handler, written: Vec::new(), closed: false });
        id
    }

    /// A connection on `shard` whose peer `mme` has exchanged capabilities.
    pub fn open(&mut self, shard: usize, mme: &mut FakeMme) -> ConnId {
        let id = self.accept(shard);
        let cer = mme.cer();
        self.read(id, &[cer]);
        let cea = self.take(id);
        assert_eq!(cea.len(), 1, "CEA");
        id
    }

    /// One read of `frames` on `conn`, as the I/O driver hands it over.
    pub fn read(&mut self, conn: ConnId, frames: &[Vec<u8>]) {
        let now = self.now;
        let c = self.conns.get_mut(&conn).expect("connection");
        let mut out = BytesMut::new();
        c.handler.on_batch_start(frames.len());
        for frame in frames {
            if c.handler.on_frame(frame, now, &mut out) != Flow::Continue {
                c.closed = true;
                break;
            }
        }
        let _ = c.handler.on_batch_end(now, &mut out);
        c.written.extend_from_slice(&out);
    }

    /// Delivers what was sent to every shard's mailbox, until none is left: commands to their
    /// connections, calls (hand-off batches) run as on their shard. Returns how many.
    pub fn pump(&mut self) -> usize {
        let mut delivered = 0;
        loop {
            let mut any = false;
            for shard in 0..self.shards.len() {
                while let Some(control) = (self.shards[shard])() {
                    any = true;
                    delivered += 1;
                    match control {
                        Control::Connection { conn, command } => {
                            let now = self.now;
                            if let Some(c) = self.conns.get_mut(&conn).filter(|c| !c.closed) {
                                let mut out = BytesMut::new();
                                let _ = c.handler.on_command(command, now, &mut out);
                                c.written.extend_from_slice(&out);
                            }
                        }
                        Control::Call(f) => f(shard),
                        Control::Shutdown | Control::Adopt(_) => {}
                    }
                }
            }
            if !any {
                return delivered;
            }
        }
    }

    /// Runs one slow-lane round over every batch waiting (fill, then commit), as its two
    /// threads would; returns the requests it served.
    pub fn run_slow_lane(&mut self) -> usize {
        let batches: Vec<Batch> = self.slow.try_iter().collect();
        if batches.is_empty() {
            return 0;
        }
        let requests = batches.iter().map(Batch::len).sum();
        let round = Round::new(batches);
        slow_lane::fill(&self.services, &round);
        slow_lane::commit(&self.services, round, &mut self.rand);
        requests
    }

    /// Batches waiting for the slow lane.
    pub fn slow_lane_waiting(&self) -> usize {
        self.slow.len()
    }

    /// Moves the clock and runs every connection's timer that is due.
    pub fn advance(&mut self, by: Duration) {
        self.now += by;
        let now = self.now;
        for c in self.conns.values_mut().filter(|c| !c.closed) {
            if c.handler.next_timer().is_some_and(|at| at <= now) {
                let mut out = BytesMut::new();
                if c.handler.on_timer(now, &mut out) != Flow::Continue {
                    c.closed = true;
                }
                c.written.extend_from_slice(&out);
            }
        }
    }

    /// Closes `conn` as the driver does when its peer goes away.
    pub fn close(&mut self, conn: ConnId) {
        if let Some(c) = self.conns.get_mut(&conn) {
            c.closed = true;
            c.handler.on_close(crate::io::ConnectionEnd::PeerClosed);
        }
    }

    /// `conn`'s requests served elsewhere and not yet answered (what stops its reads).
    pub fn outstanding(&self, conn: ConnId) -> usize {
        self.conns.get(&conn).expect("connection").handler.outstanding()
    }

    /// The messages `conn` wrote since the last call.
    pub fn take(&mut self, conn: ConnId) -> Vec<Vec<u8>> {
        let c = self.conns.get_mut(&conn).expect("connection");
        let written = std::mem::take(&mut c.written);
        Frames::new(&written).map(|f| f.expect("whole messages").to_vec()).collect()
    }
}

/// The `i`-th subscriber's IMSI.
pub fn imsi(i: u64) -> String {
    testkit::provision::imsi(i).to_string()
}

/// An AIR from `mme` for one E-UTRAN vector.
pub fn air_request(mme: &mut FakeMme, imsi: &str) -> Vec<u8> {
    let wanted = RequestedAuthInfo {
        number_of_requested_vectors: Some(1),
        immediate_response_preferred: false,
        resync: None,
    };
    let body = AirBody {
        imsi,
        visited_plmn_id: *home_plmn().as_bytes(),
        eutran: Some(wanted),
        ..AirBody::default()
    };
    mme.request_with(|buf, ids, session, origin, dest| {
        air(buf, ids, session, origin, dest, &body);
    })
}

/// A ULR from `mme` over E-UTRAN.
pub fn ulr_request(mme: &mut FakeMme, imsi: &str) -> Vec<u8> {
    mme.ulr_bytes(imsi, UlrFlags::S6A_S6D_INDICATOR)
}

/// A parsed message.
pub fn parse(bytes: &[u8]) -> Message<'_> {
    Message::parse(bytes).expect("a message")
}
