//! [`Daemon`]: everything `hssd` runs in one value: the store, the Diameter shards and the
//! control plane (REST API) on its own runtime thread, started and stopped in order.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use api::{ApiServer, ApiStartError};
use store::{Store, StoreConfig};

use crate::config::Config;
use crate::io::ShutdownError;
use crate::server::{Engine, RunningEngine, StartError};

/// Why `hssd` could not start.
#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    /// The store could not be opened.
    #[error("store {}: {source}", path.display())]
    Store { path: std::path::PathBuf, source: store::StoreError },
    /// The store or the data plane failed to start.
    #[error(transparent)]
    Engine(#[from] StartError),
    /// The control plane failed to start.
    #[error(transparent)]
    Api(#[from] ApiStartError),
}

/// A running HSS: data plane and control plane over one store.
#[derive(Debug)]
pub struct Daemon {
    engine: RunningEngine,
    api: ApiServer,
}

impl Daemon {
    /// Opens the store at `config.store_path`, starts the shards on `config.listen`, then the
    /// REST API on `config.rest`. If the API cannot start, the shards are stopped again.
    pub fn start(config: &Config) -> Result<Self, DaemonError> {
        let store = Arc::new(open_store(config)?);
        let engine = Engine::start(config.engine.clone(), store.clone())?;
        match ApiServer::start(store, Some(engine.control_port()), &config.api) {
            Ok(api) => Ok(Self { engine, api }),
            Err(e) => {
                let _ = engine.shutdown_with_grace(Duration::ZERO);
                Err(e.into())
            }
        }
    }

    /// The data plane.
    pub fn engine(&self) -> &RunningEngine {
        &self.engine
    }

    /// The control plane (to reload its TLS certificate).
    pub fn api(&self) -> &ApiServer {
        &self.api
    }

    /// Where the REST API listens (the real port when port 0 was asked for).
    pub fn rest_addr(&self) -> SocketAddr {
        self.api.local_addr()
    }

    /// Stops the control plane (no more provisioning), then the data plane with DPR to every
    /// peer (see [`RunningEngine::shutdown`]).
    pub fn shutdown(self) -> Result<(), ShutdownError> {
        self.api.shutdown();
        self.engine.shutdown()
    }

    /// [`shutdown`](Self::shutdown) with another DPR grace period (zero: no DPR).
    pub fn shutdown_with_grace(self, grace: Duration) -> Result<(), ShutdownError> {
        self.api.shutdown();
        self.engine.shutdown_with_grace(grace)
    }
}

/// Opens the store at `config.store_path` with its settings and key-encryption keys.
fn open_store(config: &Config) -> Result<Store, DaemonError> {
    let settings = StoreConfig {
        oplog: config.oplog,
        cache_bytes: config.cache_bytes,
        kek: config.kek.current.clone(),
        previous_kek: config.kek.previous.clone(),
        ..StoreConfig::default()
    };
    Store::open(&config.store_path, &config.rocks, settings)
        .map_err(|source| DaemonError::Store { path: config.store_path.clone(), source })
}

/// `hssd --rewrap-keys`: opens the store with `kek` (and `previous_kek_file`'s key), re-wraps
/// every Ki/OPc under `kek`, flushes, and returns what it did. Run with hssd stopped; an
/// interrupted run is resumed by running it again.
pub fn rewrap_keys(config: &Config) -> Result<store::RewrapReport, DaemonError> {
    let store = open_store(config)?;
    store
        .rewrap_keys()
        .map_err(|source| DaemonError::Store { path: config.store_path.clone(), source })
}
