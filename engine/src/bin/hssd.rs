//! `hssd`: the HSS daemon. Loads the configuration (flags, `HSS_*` environment, TOML file; see
//! `engine::config`), opens the store, starts the Diameter shards, prints where it listens,
//! and runs until SIGINT or SIGTERM, then disconnects its peers (DPR) and stops.
//!
//! The control plane (REST API on `rest`) is not started yet: nothing listens on the REST
//! port. It will run on its own thread next to the shards.
//!
//! Exit status: 0 after a clean shutdown, 2 for a configuration error (clap's own status for a
//! bad command line), 1 when the engine cannot start or a shard panicked.

use std::io::Write;
use std::process::ExitCode;

use engine::config::{Config, ConfigError};
use engine::server::Engine;
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

fn main() -> ExitCode {
    let config = match Config::load(std::env::args_os(), |k| std::env::var(k).ok()) {
        Ok(config) => config,
        Err(ConfigError::Cli(e)) => e.exit(),
        Err(e) => {
            eprintln!("hssd: {e}");
            return ExitCode::from(2);
        }
    };
    // Registered before the engine starts, so a signal during start-up is not lost (it is
    // handled once the engine runs, which then stops at once).
    let mut signals = match Signals::new([SIGINT, SIGTERM]) {
        Ok(signals) => signals,
        Err(e) => {
            eprintln!("hssd: cannot register signal handlers: {e}");
            return ExitCode::from(1);
        }
    };
    let engine = match Engine::start(&config) {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("hssd: {e}");
            return ExitCode::from(1);
        }
    };
    {
        let mut out = std::io::stdout().lock();
        // The one line scripts wait for; a closed stdout is not a reason to stop serving.
        let _ = writeln!(
            out,
            "hssd: Diameter listening on {} ({} shards), Origin-Host {}, store {}",
            engine.local_addr(),
            engine.shards(),
            config.origin_host,
            config.store_path.display(),
        );
        let _ = out.flush();
    }
    let signal = signals.forever().next();
    if let Some(signal) = signal {
        let name = if signal == SIGINT { "SIGINT" } else { "SIGTERM" };
        eprintln!("hssd: {name}, disconnecting peers");
    }
    match engine.shutdown() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hssd: {e}");
            ExitCode::from(1)
        }
    }
}
