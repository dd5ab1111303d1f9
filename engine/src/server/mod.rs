//! The running data plane: the store, the peer configuration, the shards, one
//! [`HssConnection`] per accepted connection, and the [`Registry`] that routes the requests the
//! HSS initiates.
//!
//! ```text
//!  Engine::start(&Config)
//!    ├─ Store::open(store_path)                 (or a store the caller opened)
//!    ├─ AppContext { store, origin, home PLMN, max_vectors }
//!    ├─ PeerConfig { LocalPeer, allow-list, timers }
//!    └─ io::start_shards_with ─▶ per connection: HssConnection ─▶ RunningEngine
//! ```
//!
//! # Cancel-Location
//!
//! A ULR from a new MME makes the S6a handler return [`Action::CancelLocation`] naming the
//! previous MME. The connection that handled the ULR looks that host up in the [`Registry`]
//! and sends a [`Command`] to the shard that owns the old MME's connection
//! ([`crate::io::Control::Connection`]); there [`HssConnection`] writes the CLR (Session-Id
//! `<origin-host>;<origin-state-id>;<n>;clr`, Cancellation-Type MME_UPDATE_PROCEDURE, CLR-Flags
//! S6a/S6d-Indicator, identifiers from [`PeerConn::next_request_ids`]) and matches the CLA by
//! hop-by-hop identifier, for [`ANSWER_TIMEOUT`] at most. Nothing waits: the ULA is written
//! before the CLR leaves. An old MME with no open connection is skipped and counted
//! ([`EngineStats::clr_not_connected`]); the serving-MME record has already moved on, so
//! the MME will learn of the move on its next request for the subscriber.
//!
//! # Identity advertised in CEA
//!
//! - Host-IP-Address: the listening address when it is a specific one; when it is unspecified
//!   (`0.0.0.0`, `::`) the loopback address of its family. The engine does not enumerate
//!   interfaces; a deployment that listens on every address and needs peers to see a routable
//!   Host-IP-Address sets `listen` to that address.
//! - Vendor-Id [`VENDOR_ID`] (0: this product has no IANA enterprise number; RFC 6733 §5.3.3
//!   says 0 is used when none applies). S6a is advertised as a Vendor-Specific-Application-Id
//!   with vendor 10415 regardless, as TS 29.272 §7.1.8 requires.
//! - Product-Name [`PRODUCT_NAME`]; Origin-State-Id: the start time in Unix seconds, so it
//!   changes on every restart.
//!
//! [`Action::CancelLocation`]: crate::apps::Action::CancelLocation
//! [`PeerConn::next_request_ids`]: crate::peer::PeerConn::next_request_ids

mod connection;
mod handoff;
mod registry;
mod slow_lane;

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub use connection::{Command, HssConnection};
pub use handoff::DEFAULT_MIN_BATCH as DEFAULT_HANDOFF_MIN_BATCH;
pub use registry::{PeerRoute, Registry};

use store::auc::{PlmnError, PlmnId};
use store::{Store, StoreConfig, StoreError};

use crate::apps::{self, AppContext};
use crate::config::Config;
use crate::io::{self, ConnId, ConnInfo, Control, IoConfig, IoStats, ShardHandle, ShardSet};
use crate::peer::{DisconnectCause, LocalPeer, PeerConfig, PeerConfigError};

/// Product-Name in CEA.
pub const PRODUCT_NAME: &str = "hssd";

/// Vendor-Id in CEA: 0, no IANA enterprise number (RFC 6733 §5.3.3).
pub const VENDOR_ID: u32 = 0;

/// How long a request the HSS sent (CLR) waits for its answer before it is counted as
/// unanswered ([`EngineStats::answers_missing`]); RFC 6733 leaves the value to the node.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long [`RunningEngine::shutdown`] waits for peers to answer its DPR and close.
pub const DEFAULT_SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// Counters of the engine's own work (the I/O layer keeps its own, [`IoStats`]). Relaxed
/// atomics, written when connections open and close and around HSS-initiated requests; an AIR
/// or a ULR that moves no subscriber never touches them.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    peers_opened: AtomicU64,
    /// Gauge: connections past their capabilities exchange and not yet closed.
    peers_open: AtomicU64,
    connections_closed: AtomicU64,
    clr_requested: AtomicU64,
    clr_not_connected: AtomicU64,
    clr_sent: AtomicU64,
    clr_not_sent: AtomicU64,
    commands_lost: AtomicU64,
    answers_matched: AtomicU64,
    answers_failed: AtomicU64,
    answers_unmatched: AtomicU64,
    answers_missing: AtomicU64,
    handoff_batches: AtomicU64,
    handoff_requests: AtomicU64,
    slow_rounds: AtomicU64,
    slow_requests: AtomicU64,
}

pub(crate) fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

/// A snapshot of the engine's counters ([`RunningEngine::stats`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EngineStats {
    /// Capabilities exchanges that succeeded (connections registered).
    pub peers_opened: u64,
    /// Now: connections past their capabilities exchange and not yet closed (registered, or
    /// closing after a DPR).
    pub peers_open: u64,
    /// Connections closed, whatever the reason (including those that never sent a CER).
    pub connections_closed: u64,
    /// Cancel-Locations asked for (by ULR handling or [`RunningEngine::cancel_location`]).
    pub clr_requested: u64,
    /// ... of which the MME had no open connection: skipped.
    pub clr_not_connected: u64,
    /// CLRs written to a connection.
    pub clr_sent: u64,
    /// CLRs that reached their connection but were not sent: the peer was closing or its
    /// watchdog was not OKAY.
    pub clr_not_sent: u64,
    /// Commands (CLR, disconnect) dropped before their connection handled them: it closed
    /// first, or its shard stopped.
    pub commands_lost: u64,
    /// Answers (CLA) matched to a request this node sent.
    pub answers_matched: u64,
    /// ... of which reported a failure (or no readable result).
    pub answers_failed: u64,
    /// Answers that matched no request this node had pending (late, duplicate, or unknown).
    pub answers_unmatched: u64,
    /// Requests sent whose answer never came: [`ANSWER_TIMEOUT`] passed or the connection
    /// closed first.
    pub answers_missing: u64,
    /// Batches of requests handed by the shard reading a connection to another shard.
    pub handoff_batches: u64,
    /// Requests in those batches.
    pub handoff_requests: u64,
    /// Rounds of the slow lane: each one synced write for every cold AIR it took.
    pub slow_rounds: u64,
    /// Cold AIRs served by the slow lane.
    pub slow_requests: u64,
}

impl Counters {
    fn snapshot(&self) -> EngineStats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        EngineStats {
            peers_opened: get(&self.peers_opened),
            peers_open: get(&self.peers_open),
            connections_closed: get(&self.connections_closed),
            clr_requested: get(&self.clr_requested),
            clr_not_connected: get(&self.clr_not_connected),
            clr_sent: get(&self.clr_sent),
            clr_not_sent: get(&self.clr_not_sent),
            commands_lost: get(&self.commands_lost),
            answers_matched: get(&self.answers_matched),
            answers_failed: get(&self.answers_failed),
            answers_unmatched: get(&self.answers_unmatched),
            answers_missing: get(&self.answers_missing),
            handoff_batches: get(&self.handoff_batches),
            handoff_requests: get(&self.handoff_requests),
            slow_rounds: get(&self.slow_rounds),
            slow_requests: get(&self.slow_requests),
        }
    }
}

/// What every connection of the engine shares.
pub(crate) struct Shared {
    apps: AppContext,
    peer: Arc<PeerConfig>,
    registry: Registry,
    /// The shards' control handles, set once the shards have started. A connection accepted
    /// in the instant before (none can have exchanged capabilities yet) finds it unset and
    /// counts its Cancel-Location as not connected.
    shards: OnceLock<Vec<ShardHandle<Command>>>,
    /// Each shard's load, for the hand-off; set with `shards`.
    loads: OnceLock<Box<[handoff::ShardLoad]>>,
    /// `handoff_min_batch`: reads of fewer messages are not shared; 0 = no hand-off.
    handoff_min_batch: usize,
    /// Where cold AIRs go (see `slow_lane`).
    slow: Option<slow_lane::SlowLane>,
    /// `apps` as the slow lane uses it: nothing deferred.
    slow_apps: AppContext,
    counters: Arc<Counters>,
    /// Mixed with each connection's id into its seed.
    seed_base: u64,
    /// The last number used in a Session-Id this node created.
    sessions: AtomicU64,
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared")
            .field("origin_host", &self.apps.origin_host)
            .field("registry", &self.registry)
            .finish_non_exhaustive()
    }
}

impl Shared {
    /// A new Session-Id for a request this node originates: RFC 6733 §8.8's
    /// `<DiameterIdentity>;<high 32 bits>;<low 32 bits>[;<optional value>]`, with the
    /// Origin-State-Id (start time) as the high part and a counter as the low part.
    fn session_id(&self, tag: &str) -> String {
        let n = self.sessions.fetch_add(1, Ordering::Relaxed).wrapping_add(1);
        let local = self.peer.local();
        format!("{};{};{};{tag}", local.origin_host, local.origin_state_id, n as u32)
    }
}

/// What became of a Cancel-Location request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelOutcome {
    /// Handed to the shard of this connection, which writes the CLR.
    Queued(ConnId),
    /// The host has no open connection (or the engine is not running): skipped.
    NotConnected,
}

/// Routes a Cancel-Location to the connection of `host`, counting the outcome.
fn send_cancel_location(
    shared: &Shared,
    imsi: String,
    host: String,
    realm: String,
) -> CancelOutcome {
    let counters = &shared.counters;
    bump(&counters.clr_requested);
    let route = shared.registry.lookup(&host);
    let handle = route.and_then(|conn| Some((conn, shared.shards.get()?.get(conn.shard())?)));
    let Some((conn, handle)) = handle else {
        bump(&counters.clr_not_connected);
        return CancelOutcome::NotConnected;
    };
    let command = Command::cancel_location(counters.clone(), imsi, host, realm);
    // A stopped shard gives the command back; dropping it counts it as lost.
    match handle.send(Control::Connection { conn, command }) {
        Ok(()) => CancelOutcome::Queued(conn),
        Err(_) => CancelOutcome::NotConnected,
    }
}

/// Why the engine did not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The store could not be opened.
    #[error("store {}: {source}", path.display())]
    Store { path: PathBuf, source: StoreError },
    /// MCC/MNC do not make a PLMN id.
    #[error("mcc/mnc {mcc}/{mnc}: {source}")]
    HomePlmn { mcc: String, mnc: String, source: PlmnError },
    /// The peer configuration cannot be advertised.
    #[error("peer configuration: {0}")]
    Peer(#[from] PeerConfigError),
    /// The listening sockets or the shard threads could not be set up.
    #[error("listen {addr}: {source}")]
    Listen { addr: SocketAddr, source: std::io::Error },
}

/// Starts the data plane.
#[derive(Debug, Clone, Copy)]
pub struct Engine;

impl Engine {
    /// Opens the store at `config.store_path` and starts the shards.
    pub fn start(config: &Config) -> Result<RunningEngine, StartError> {
        let store = Store::open(&config.store_path, &config.rocks(), StoreConfig::default())
            .map_err(|source| StartError::Store { path: config.store_path.clone(), source })?;
        Self::start_with_store(config, Arc::new(store))
    }

    /// Starts the shards over a store the caller opened (tests, tools); `config.store_path`
    /// is not used.
    pub fn start_with_store(
        config: &Config,
        store: Arc<Store>,
    ) -> Result<RunningEngine, StartError> {
        Self::start_with_io(config, store, IoConfig::new(config.listen))
    }

    /// Like [`start_with_store`](Self::start_with_store) with every I/O setting;
    /// `io_config.listen` and `io_config.shards` are taken from `config`.
    pub fn start_with_io(
        config: &Config,
        store: Arc<Store>,
        io_config: IoConfig,
    ) -> Result<RunningEngine, StartError> {
        let home_plmn = PlmnId::from_mcc_mnc(&config.mcc, &config.mnc).map_err(|source| {
            StartError::HomePlmn { mcc: config.mcc.clone(), mnc: config.mnc.clone(), source }
        })?;
        let started = SystemTime::now();
        let unix_secs = started.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let local = LocalPeer {
            origin_host: config.origin_host.clone(),
            origin_realm: config.origin_realm.clone(),
            host_ip_addresses: vec![advertised_ip(config.listen.ip())],
            vendor_id: VENDOR_ID,
            product_name: PRODUCT_NAME.into(),
            // Unix seconds fit in 32 bits until 2106.
            origin_state_id: unix_secs as u32,
            firmware_revision: None,
            applications: apps::IMPLEMENTED.to_vec(),
        };
        let peer = Arc::new(PeerConfig::new(local, config.allowed_peers.clone(), config.timers())?);
        let apps = AppContext {
            store,
            origin_host: config.origin_host.clone(),
            origin_realm: config.origin_realm.clone(),
            home_plmn,
            max_vectors: config.max_vectors as usize,
            bench_echo: config.bench_echo,
            defer_cold: !config.bench_echo,
        };
        let (lane, lane_rx) = slow_lane::SlowLane::new();
        let slow_apps = AppContext { defer_cold: false, ..apps.clone() };
        let shared = Arc::new(Shared {
            apps,
            peer,
            registry: Registry::new(),
            shards: OnceLock::new(),
            loads: OnceLock::new(),
            handoff_min_batch: if config.handoff { config.handoff_min_batch as usize } else { 0 },
            slow: Some(lane),
            slow_apps,
            counters: Arc::new(Counters::default()),
            seed_base: connection::clock_seed(),
            sessions: AtomicU64::new(0),
        });
        let io_config = IoConfig { shards: config.shards, listen: config.listen, ..io_config };
        let factory = {
            let shared = shared.clone();
            move |info: &ConnInfo| HssConnection::new(shared.clone(), info, Instant::now())
        };
        let set = io::start_shards_with(&io_config, factory)
            .map_err(|source| StartError::Listen { addr: config.listen, source })?;
        let _ = shared.loads.set(set.handles().iter().map(|_| Default::default()).collect());
        let _ = shared.shards.set(set.handles().to_vec());
        let slow_lane = slow_lane::SlowLaneThread::start(shared.clone(), lane_rx)
            .map_err(|source| StartError::Listen { addr: config.listen, source })?;
        Ok(RunningEngine { set: Some(set), shared, started, slow_lane })
    }
}

/// The Host-IP-Address advertised for a listening address (see the module documentation).
fn advertised_ip(listen: IpAddr) -> IpAddr {
    match listen {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    }
}

/// The running data plane. Dropping it stops the shards at once (no DPR); prefer
/// [`shutdown`](Self::shutdown).
pub struct RunningEngine {
    set: Option<ShardSet<Command>>,
    shared: Arc<Shared>,
    started: SystemTime,
    /// Stopped (after the shards) when dropped.
    slow_lane: slow_lane::SlowLaneThread,
}

impl fmt::Debug for RunningEngine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunningEngine")
            .field("local_addr", &self.local_addr())
            .field("shards", &self.shards())
            .field("peers", &self.shared.registry.len())
            .finish_non_exhaustive()
    }
}

impl RunningEngine {
    fn shard_set(&self) -> &ShardSet<Command> {
        // `set` is taken only by `shutdown`, which consumes `self`.
        self.set.as_ref().expect("shards running until shutdown")
    }

    /// The Diameter listening address, with the real port when port 0 was asked for.
    pub fn local_addr(&self) -> SocketAddr {
        self.shard_set().local_addr()
    }

    /// Number of shards.
    pub fn shards(&self) -> usize {
        self.shard_set().len()
    }

    /// The subscriber store the handlers use (to provision in tests, and for the control
    /// plane).
    pub fn store(&self) -> &Arc<Store> {
        &self.shared.apps.store
    }

    /// The peer registry: which hosts are connected, and where.
    pub fn registry(&self) -> &Registry {
        &self.shared.registry
    }

    /// The peer configuration every connection shares (identity, allow-list, timers).
    pub fn peer_config(&self) -> &PeerConfig {
        &self.shared.peer
    }

    /// When the engine started (its Origin-State-Id is this in Unix seconds).
    pub fn started(&self) -> SystemTime {
        self.started
    }

    /// The engine's counters.
    pub fn stats(&self) -> EngineStats {
        self.shared.counters.snapshot()
    }

    /// The I/O counters of every shard, indexed by shard.
    pub fn io_stats(&self) -> Vec<IoStats> {
        self.shard_set().stats()
    }

    /// Sends a Cancel-Location-Request for `imsi` (Cancellation-Type MME_UPDATE_PROCEDURE) to
    /// `host` if it is connected, as a ULR from another MME does; the control plane's way to
    /// detach a subscriber from an MME.
    pub fn cancel_location(&self, imsi: &str, host: &str, realm: &str) -> CancelOutcome {
        send_cancel_location(&self.shared, imsi.into(), host.into(), realm.into())
    }

    /// Stops cleanly: sends DPR (REBOOTING) to every connected peer, waits up to
    /// [`DEFAULT_SHUTDOWN_GRACE`] for them to answer and close, then closes what is left and
    /// joins the shards. The listening port is released when this returns.
    pub fn shutdown(self) -> Result<(), io::ShutdownError> {
        self.shutdown_with_grace(DEFAULT_SHUTDOWN_GRACE)
    }

    /// [`shutdown`](Self::shutdown) with another grace period; zero closes every connection
    /// at once without DPR.
    pub fn shutdown_with_grace(mut self, grace: Duration) -> Result<(), io::ShutdownError> {
        let Some(set) = self.set.take() else { return Ok(()) };
        if !grace.is_zero() {
            let counters = &self.shared.counters;
            for (_, conn) in self.shared.registry.all_connections() {
                let command = Command::disconnect(counters.clone(), DisconnectCause::REBOOTING);
                // A connection that has just gone drops (and counts) the command.
                let _ = set.send_to(conn, command);
            }
            // Each connection leaves the registry as soon as its DPR is written, and the gauge
            // once the peer's DPA (or its close) ends it.
            let deadline = Instant::now() + grace;
            let open = || self.shared.counters.peers_open.load(Ordering::Relaxed);
            while open() > 0 && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        let result = set.shutdown();
        self.slow_lane.stop();
        result
    }
}
