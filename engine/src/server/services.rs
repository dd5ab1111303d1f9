//! [`Services`]: what every thread of a running engine shares, and the ways requests and
//! answers travel between threads (to another shard, to the slow lane, back home, to the
//! connection of an outbound request's destination).

use std::cell::RefCell;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use codec::ResultCode;
use crossbeam::channel::Sender;
use crossbeam::utils::CachePadded;
use store::OsRand;

use super::command::{Command, CommandKind};
use super::stats::{EngineCounters, bump};
use crate::apps::{Lane, Node, Serving, Table};
use crate::io::{ConnId, Control, ShardHandle, ShardId};
use crate::lanes::MAX_QUEUED;
use crate::lanes::batch::{Batch, Server};
use crate::lanes::handoff::ShardLoad;
use crate::metrics::{CommandIndex, Histogram, ShardMeter};
use crate::outbound::stats::Event;
use crate::outbound::{Delivery, Outbound, PeerTable};
use crate::peer::{DisconnectCause, PeerConfig};

/// Why [`Services::to_slow_lane`] gave a batch back.
#[derive(Debug)]
pub(crate) enum SlowRefusal {
    /// The lane has stopped (shutting down): serve it where it is.
    Stopped(Batch),
    /// The lane is full: every request of the batch is answered 3004 in its answers.
    Shed(Batch),
}

/// The engine's shared state (one per engine, in an `Arc`).
pub(crate) struct Services {
    pub(crate) table: Table,
    pub(crate) node: Node,
    pub(crate) peer: Arc<PeerConfig>,
    /// Which connection reaches which host.
    pub(crate) peers: PeerTable,
    /// The shards' control handles, set once the shards have started. A connection accepted
    /// in the instant before (none can have exchanged capabilities yet) finds it unset.
    shards: OnceLock<Vec<ShardHandle<Command>>>,
    /// Each shard's load, for the hand-off; set with `shards`.
    loads: OnceLock<Box<[ShardLoad]>>,
    /// `handoff_min_batch`: reads of fewer messages are not shared; 0 = no hand-off.
    pub(crate) handoff_min_batch: usize,
    /// Where deferred requests go; `None` once the slow lane has stopped.
    slow: Option<Sender<Batch>>,
    /// Most requests waiting for the slow lane ([`MAX_QUEUED`]; a test may lower it).
    pub(crate) slow_limit: AtomicU64,
    pub(crate) counters: Arc<EngineCounters>,
    /// The rows answers are counted in (by application and command).
    pub(crate) commands: CommandIndex,
    /// Each shard's answer counters and latency histogram, written only by that shard; set
    /// with `shards`.
    meters: OnceLock<Box<[CachePadded<ShardMeter>]>>,
    /// The slow lane's round latency, written only by its commit thread.
    pub(crate) slow_round_latency: Histogram,
    /// Mixed with each connection's id into its seed.
    pub(crate) seed_base: u64,
    /// The last number used in a Session-Id this node created.
    sessions: AtomicU64,
}

impl fmt::Debug for Services {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Services")
            .field("origin_host", &self.node.origin_host)
            .field("peers", &self.peers)
            .finish_non_exhaustive()
    }
}

impl Services {
    pub(crate) fn new(
        table: Table,
        node: Node,
        peer: Arc<PeerConfig>,
        handoff_min_batch: usize,
        slow: Option<Sender<Batch>>,
        seed_base: u64,
    ) -> Self {
        let commands = CommandIndex::new(&table);
        Self {
            table,
            node,
            peer,
            peers: PeerTable::new(),
            shards: OnceLock::new(),
            loads: OnceLock::new(),
            handoff_min_batch,
            slow,
            slow_limit: AtomicU64::new(MAX_QUEUED),
            counters: Arc::default(),
            commands,
            meters: OnceLock::new(),
            slow_round_latency: Histogram::default(),
            seed_base,
            sessions: AtomicU64::new(0),
        }
    }

    /// Records the shards once they run; from then on requests and answers can move.
    pub(crate) fn set_shards(&self, handles: Vec<ShardHandle<Command>>) {
        let _ = self.loads.set(handles.iter().map(|_| ShardLoad::default()).collect());
        let meters = handles.iter().map(|_| CachePadded::new(ShardMeter::new(&self.commands)));
        let _ = self.meters.set(meters.collect());
        let _ = self.shards.set(handles);
    }

    /// Each shard's load, once the shards run.
    pub(crate) fn loads(&self) -> Option<&[ShardLoad]> {
        self.loads.get().map(|l| &l[..])
    }

    /// Every shard's meter, once the shards run.
    pub(crate) fn meters(&self) -> &[CachePadded<ShardMeter>] {
        self.meters.get().map_or(&[], |m| &m[..])
    }

    /// The meter of shard `shard`: only that shard's thread may count in it.
    pub(crate) fn meter(&self, shard: ShardId) -> Option<&ShardMeter> {
        self.meters.get().and_then(|m| m.get(shard)).map(|m| &**m)
    }

    /// What serving a request needs.
    pub(crate) fn server(&self) -> Server<'_> {
        Server { table: &self.table, node: &self.node, peer: &self.peer }
    }

    /// A command for a connection, counted as lost if it never arrives.
    pub(crate) fn command(&self, kind: CommandKind) -> Command {
        Command::new(self.counters.clone(), kind)
    }

    /// Sends `command` to connection `conn` on its shard; a stopped shard gives it back and
    /// dropping it counts it as lost.
    fn deliver(&self, conn: ConnId, command: Command) -> bool {
        let Some(handle) = self.shards.get().and_then(|h| h.get(conn.shard())) else {
            return false;
        };
        handle.send(Control::Connection { conn, command }).is_ok()
    }

    /// Starts an orderly disconnect of connection `conn` (DPR with `cause`), wherever it is.
    pub(crate) fn disconnect(&self, conn: ConnId, cause: DisconnectCause) {
        // A connection that has just gone drops (and counts) the command.
        self.deliver(conn, self.command(CommandKind::Disconnect(cause)));
    }

    /// A new Session-Id for a request this node originates: RFC 6733 §8.8's
    /// `<DiameterIdentity>;<high 32 bits>;<low 32 bits>[;<optional value>]`, with the
    /// Origin-State-Id (start time) as the high part and a counter as the low part.
    pub(crate) fn session_id(&self, tag: &str) -> String {
        let n = self.sessions.fetch_add(1, Ordering::Relaxed).wrapping_add(1);
        let local = self.peer.local();
        format!("{};{};{};{tag}", local.origin_host, local.origin_state_id, n as u32)
    }

    /// Routes `outbound` to the connection of its Destination-Host, which writes it; returns
    /// that connection, or `None` (told to the sender and counted) when no open connection
    /// reaches the host or its shard has stopped.
    pub(crate) fn send(&self, outbound: Outbound) -> Option<ConnId> {
        let outbound_counters = &self.counters.outbound;
        let kind = outbound.kind();
        outbound_counters.count(kind, Event::Requested, 1);
        let Some(conn) = self.peers.lookup(outbound.host()) else {
            outbound_counters.count(kind, Event::NotConnected, 1);
            outbound.tell(Delivery::NotConnected);
            return None;
        };
        // Not delivered: dropping the command counts it and tells the sender.
        self.deliver(conn, self.command(CommandKind::Send(outbound))).then_some(conn)
    }

    /// Sends the requests a handler asked for.
    pub(crate) fn send_all(&self, outbound: &mut Vec<Outbound>) {
        for request in outbound.drain(..) {
            self.send(request);
        }
    }

    /// Sends a served batch's answers to the connection its requests came from.
    pub(crate) fn send_home(&self, batch: Batch) {
        let home = batch.home();
        self.deliver(home, self.command(CommandKind::Answers(batch)));
    }

    /// Queues `batch` for the slow lane. When [`MAX_QUEUED`] requests would wait there, its
    /// requests are answered 3004 DIAMETER_TOO_BUSY at once (in the batch's answers, for the
    /// caller to send home) so that the peer tries another HSS: a flood of unknown IMSIs or a
    /// cold start under full load cannot grow the queue, its memory and its latency without
    /// bound. Gives the batch back when the lane has stopped (the caller serves it).
    pub(crate) fn to_slow_lane(&self, mut batch: Batch) -> Result<(), SlowRefusal> {
        let count = batch.len() as u64;
        let Some(tx) = &self.slow else { return Err(SlowRefusal::Stopped(batch)) };
        let queued = self.counters.slow_queued.fetch_add(count, Ordering::Relaxed);
        if queued + count > self.slow_limit.load(Ordering::Relaxed) {
            self.counters.slow_queued.fetch_sub(count, Ordering::Relaxed);
            self.counters.slow_shed.fetch_add(count, Ordering::Relaxed);
            batch.refuse_all(&self.node.origin(), ResultCode::TOO_BUSY);
            return Err(SlowRefusal::Shed(batch));
        }
        tx.send(batch).map_err(|e| {
            self.counters.slow_queued.fetch_sub(count, Ordering::Relaxed);
            SlowRefusal::Stopped(e.into_inner())
        })
    }

    /// Hands `batch` to shard `target`, which serves it and sends the answers home. Gives
    /// it back when that shard is not known (the caller serves it); a shard that has stopped
    /// (shutting down) drops it, like the requests of a connection closing at shutdown.
    pub(crate) fn hand_off(self: &Arc<Self>, target: ShardId, batch: Batch) -> Result<(), Batch> {
        let handle = self.shards.get().and_then(|h| h.get(target));
        let (Some(handle), Some(load)) = (handle, self.loads().and_then(|l| l.get(target))) else {
            return Err(batch);
        };
        let count = batch.len();
        load.queued.fetch_add(count, Ordering::Relaxed);
        let services = self.clone();
        let call = Control::Call(Box::new(move |shard| services.serve_handed(shard, batch)));
        if handle.send(call).is_ok() {
            bump(&self.counters.handoff_batches);
            self.counters.handoff_requests.fetch_add(count as u64, Ordering::Relaxed);
        } else {
            load.queued.fetch_sub(count, Ordering::Relaxed);
        }
        Ok(())
    }

    /// On shard `shard`: serves a batch another shard handed over and sends the answers
    /// home. Requests their handlers defer go to the slow lane, or are served here when it
    /// has stopped.
    fn serve_handed(&self, shard: ShardId, mut batch: Batch) {
        let mut outbound = Vec::new();
        let mut cold = None;
        RAND.with_borrow_mut(|rand| {
            let mut with = Serving { now: SystemTime::now(), rand, outbound: &mut outbound };
            batch.serve(self.server(), Lane::Shard, &mut with, &mut cold);
            match cold.take().map(|c| self.to_slow_lane(c)) {
                Some(Err(SlowRefusal::Stopped(mut cold))) => {
                    cold.serve(self.server(), Lane::Slow, &mut with, &mut None);
                    self.send_home(cold);
                }
                Some(Err(SlowRefusal::Shed(refused))) => self.send_home(refused),
                Some(Ok(())) | None => {}
            }
        });
        if let Some(load) = self.loads().and_then(|l| l.get(shard)) {
            load.queued.fetch_sub(batch.len(), Ordering::Relaxed);
        }
        self.send_all(&mut outbound);
        self.send_home(batch);
    }
}

thread_local! {
    /// RANDs for the vectors of requests handed to this thread's shard.
    static RAND: RefCell<OsRand> = RefCell::new(OsRand::new());
}
