//! What the engine's integration tests share: everything of `testkit` (keys, provisioning, the
//! MME, answer readers), and what only the engine's tests need: an engine on loopback over a
//! temporary store ([`Hss`], [`settings`]), polling ([`wait_until`]) and the I/O layer's test
//! handler ([`io`]).

#![allow(dead_code)] // each test binary uses a different part

pub mod io;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use engine::config::Config;
use engine::server::{Engine, RunningEngine};
use engine::settings::EngineSettings;
#[allow(unused_imports)] // only the I/O tests use it
pub use io::*;
use store::{Store, StoreConfig};
use tempfile::TempDir;
pub use testkit::prelude::*;

// ---- the daemon ------------------------------------------------------------------------------

/// hssd as the binary runs it (engine and REST API over one store in `dir`), on loopback with
/// ephemeral ports and `shards` shards.
pub fn daemon(dir: &std::path::Path, shards: usize) -> engine::daemon::Daemon {
    let mut config = Config { store_path: dir.to_path_buf(), ..Config::default() };
    config.engine.io.listen = "127.0.0.1:0".parse().expect("address");
    config.engine.io.shards = shards;
    config.api.addr = Some("127.0.0.1:0".parse().expect("address"));
    config.engine.peers = engine::peer::PeerPolicy::AnyPeer;
    engine::daemon::Daemon::start(&config).expect("hssd starts")
}

// ---- the engine ------------------------------------------------------------------------------

/// An engine on 127.0.0.1 (ephemeral port) over a store in a temporary directory.
pub struct Hss {
    pub engine: RunningEngine,
    pub settings: EngineSettings,
    pub dir: TempDir,
}

/// The test settings: hssd's defaults, on loopback, port 0, with `shards` shards.
pub fn settings(shards: usize) -> EngineSettings {
    let mut settings = Config::default().engine;
    settings.io.listen = "127.0.0.1:0".parse().expect("address");
    settings.io.shards = shards;
    settings.home_plmn = home_plmn();
    settings.peers = engine::peer::PeerPolicy::AnyPeer;
    settings
}

impl Hss {
    /// Starts an engine with `shards` shards.
    pub fn start(shards: usize) -> Self {
        Self::start_with(settings(shards))
    }

    /// Starts an engine with `settings` over a store in a new temporary directory.
    pub fn start_with(settings: EngineSettings) -> Self {
        let TempRocks { store, dir } = temp_rocks(StoreConfig::default());
        let engine = Engine::start(settings.clone(), Arc::new(store)).expect("engine starts");
        Self { engine, settings, dir }
    }

    pub fn addr(&self) -> SocketAddr {
        self.engine.local_addr()
    }

    pub fn store(&self) -> &Arc<Store> {
        self.engine.store()
    }

    pub fn origin_host(&self) -> &str {
        &self.settings.origin_host
    }

    pub fn origin_realm(&self) -> &str {
        &self.settings.origin_realm
    }

    /// Connects an MME and completes its capabilities exchange.
    pub fn mme(&self, host: &str) -> Mme {
        let mut mme = Mme::connect(self.addr(), host, self.origin_host(), self.origin_realm());
        mme.exchange_capabilities();
        mme
    }

    /// Stops the engine at once (no DPR): the tests close their own connections.
    pub fn stop(self) {
        self.engine.shutdown_with_grace(Duration::ZERO).expect("no shard panicked");
    }
}

/// Polls `f` until it is true or `timeout` passes; returns its last value.
pub fn wait_until(timeout: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    loop {
        if f() {
            return true;
        }
        if start.elapsed() > timeout {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}
