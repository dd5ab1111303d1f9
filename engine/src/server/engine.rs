//! [`Engine::start`] and the [`RunningEngine`] it returns.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use store::Store;

use super::command::{Command, CommandKind};
use super::connection::{HssConnection, clock_seed};
use super::services::Services;
use super::stats::EngineStats;
use crate::apps::{Node, Table};
use crate::control::EnginePort;
use crate::io::{self, ConnInfo, IoStats, ShardSet};
use crate::lanes::slow_lane::{self, SlowLane};
use crate::outbound::PeerTable;
use crate::peer::{DisconnectCause, LocalPeer, PeerConfig, PeerConfigError};
use crate::settings::EngineSettings;

/// Product-Name in CEA.
pub const PRODUCT_NAME: &str = "hssd";

/// Vendor-Id in CEA: 0, no IANA enterprise number (RFC 6733 §5.3.3).
pub const VENDOR_ID: u32 = 0;

/// How long [`RunningEngine::shutdown`] waits for peers to answer its DPR and close.
pub const DEFAULT_SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// Why the engine did not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The peer configuration cannot be advertised.
    #[error("peer configuration: {0}")]
    Peer(#[from] PeerConfigError),
    /// The listening sockets or the threads could not be set up.
    #[error("listen {addr}: {source}")]
    Listen { addr: SocketAddr, source: std::io::Error },
}

/// Starts the data plane.
#[derive(Debug, Clone, Copy)]
pub struct Engine;

impl Engine {
    /// Starts the shards on `settings.io.listen` over `store`, with the slow lane beside them.
    pub fn start(settings: EngineSettings, store: Arc<Store>) -> Result<RunningEngine, StartError> {
        let started = SystemTime::now();
        let unix_secs = started.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let table = Table::new(settings.applications);
        let table = if settings.bench_echo { table.with_bench_echo() } else { table };
        let local = LocalPeer {
            origin_host: settings.origin_host.clone(),
            origin_realm: settings.origin_realm.clone(),
            host_ip_addresses: vec![advertised_ip(settings.io.listen.ip())],
            vendor_id: VENDOR_ID,
            product_name: PRODUCT_NAME.into(),
            // Unix seconds fit in 32 bits until 2106.
            origin_state_id: unix_secs as u32,
            firmware_revision: None,
            applications: table.served(),
        };
        let peer = Arc::new(PeerConfig::new(local, settings.peers, settings.timers)?);
        let node = Node {
            origin_host: settings.origin_host,
            origin_realm: settings.origin_realm,
            home_plmn: settings.home_plmn,
            store,
            apps: settings.apps,
        };
        let (slow_tx, slow_rx) = slow_lane::channel();
        let services = Arc::new(Services::new(
            table,
            node,
            peer,
            settings.handoff_min_batch,
            Some(slow_tx),
            clock_seed(),
        ));
        let listen = settings.io.listen;
        let listen_error = |source| StartError::Listen { addr: listen, source };
        let factory = {
            let services = services.clone();
            move |info: &ConnInfo| HssConnection::new(services.clone(), info, Instant::now())
        };
        let set = io::start_shards_with(&settings.io, factory).map_err(listen_error)?;
        services.set_shards(set.handles().to_vec());
        let slow_lane = SlowLane::start(services.clone(), slow_rx).map_err(listen_error)?;
        Ok(RunningEngine { set: Some(set), services, started, slow_lane })
    }
}

/// The Host-IP-Address advertised for a listening address: the address itself when it is a
/// specific one; when it is unspecified (`0.0.0.0`, `::`) the loopback address of its family.
/// The engine does not enumerate interfaces; a deployment that listens on every address and
/// needs peers to see a routable Host-IP-Address sets `listen` to that address.
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
    services: Arc<Services>,
    started: SystemTime,
    /// Stopped (after the shards) when dropped.
    slow_lane: SlowLane,
}

impl fmt::Debug for RunningEngine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunningEngine")
            .field("local_addr", &self.local_addr())
            .field("shards", &self.shards())
            .field("peers", &self.services.peers.len())
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

    /// The address of the Diameter TLS port (RFC 6733 §13), when one is configured.
    pub fn tls_local_addr(&self) -> Option<SocketAddr> {
        self.shard_set().tls_local_addr()
    }

    /// Number of shards.
    pub fn shards(&self) -> usize {
        self.shard_set().len()
    }

    /// The subscriber store the handlers use.
    pub fn store(&self) -> &Arc<Store> {
        &self.services.node.store
    }

    /// The peer table: which hosts are connected, and where.
    pub fn peers(&self) -> &PeerTable {
        &self.services.peers
    }

    /// When the engine started (its Origin-State-Id is this in Unix seconds).
    pub fn started(&self) -> SystemTime {
        self.started
    }

    /// The engine's counters.
    pub fn stats(&self) -> EngineStats {
        self.services.counters.snapshot()
    }

    /// The I/O counters of every shard, indexed by shard.
    pub fn io_stats(&self) -> Vec<IoStats> {
        self.shard_set().stats()
    }

    /// The control plane's port into this engine.
    pub fn control_port(&self) -> Arc<dyn api::ControlPort> {
        Arc::new(EnginePort::new(self.services.clone(), self.shard_set().stats_reader()))
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
            let services = &self.services;
            for route in services.peers.routes() {
                let disconnect = CommandKind::Disconnect(DisconnectCause::REBOOTING);
                // A connection that has just gone drops (and counts) the command.
                let _ = set.send_to(route.conn, services.command(disconnect));
            }
            // Each connection leaves the peer table as soon as its DPR is written, and the
            // gauge once the peer's DPA (or its close) ends it.
            let deadline = Instant::now() + grace;
            let open = || services.counters.peers_open.load(Ordering::Relaxed);
            while open() > 0 && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        let result = set.shutdown();
        self.slow_lane.stop();
        result
    }
}
