//! `hssd`: the HSS daemon. Loads the configuration (flags, `HSS_*` environment, TOML file; see
//! `engine::config`), opens the store, starts the Diameter shards and the REST API (on its
//! own thread and runtime), prints where they listen, and runs until SIGINT or SIGTERM, then
//! stops the API, disconnects its peers (DPR) and stops.
//!
//! Exit status: 0 after a clean shutdown, 2 for a configuration error (clap's own status for a
//! bad command line), 1 when the engine cannot start or a shard panicked.

use std::io::Write;
use std::process::ExitCode;

use engine::config::{Config, ConfigError};
use engine::daemon::Daemon;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let config = match Config::load(std::env::args_os(), |k| std::env::var(k).ok()) {
        Ok(config) => config,
        Err(ConfigError::Cli(e)) => e.exit(),
        Err(e) => {
            eprintln!("hssd: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = engine::logging::init(&config.log, std::env::var("RUST_LOG").ok().as_deref()) {
        eprintln!("hssd: logging: {e}");
        return ExitCode::from(2);
    }
    // The effective configuration (its Debug redacts the REST token).
    tracing::info!(config = ?config, "hssd starting");
    warn_about_exposure(&config.engine);
    if config.kek.rewrap {
        return match engine::daemon::rewrap_keys(&config) {
            Ok(r) => {
                let (id, rewrapped, encrypted, unchanged) =
                    (r.key_id, r.rewrapped, r.encrypted, r.unchanged);
                tracing::info!(key_id = id, rewrapped, encrypted, unchanged, "keys re-wrapped");
                let _ = writeln!(
                    std::io::stdout(),
                    "re-wrapped under key-encryption key {id}: {rewrapped} from the previous key, \
                     {encrypted} from plaintext, {unchanged} already under it"
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                tracing::error!(error = %e, "re-wrap failed");
                eprintln!("hssd: {e}");
                ExitCode::from(1)
            }
        };
    }
    // Registered before the engine starts, so a signal during start-up is not lost (it is
    // handled once the engine runs, which then stops at once).
    let mut signals = match Signals::new([SIGINT, SIGTERM, SIGHUP]) {
        Ok(signals) => signals,
        Err(e) => {
            eprintln!("hssd: cannot register signal handlers: {e}");
            return ExitCode::from(1);
        }
    };
    let daemon = match Daemon::start(&config) {
        Ok(daemon) => daemon,
        Err(e) => {
            tracing::error!(error = %e, "hssd did not start");
            return ExitCode::from(1);
        }
    };
    tracing::info!(
        diameter = %daemon.engine().local_addr(),
        diameter_tls = ?daemon.engine().tls_local_addr(),
        shards = daemon.engine().shards(),
        rest = %daemon.rest_addr(),
        "hssd serving"
    );
    {
        let mut out = std::io::stdout().lock();
        // The one line scripts wait for; a closed stdout is not a reason to stop serving.
        let engine = daemon.engine();
        let _ = writeln!(
            out,
            "hssd: Diameter listening on {} ({} shards), REST on {}, Origin-Host {}, store {}",
            engine.local_addr(),
            engine.shards(),
            daemon.rest_addr(),
            config.engine.origin_host,
            config.store_path.display(),
        );
        let _ = out.flush();
    }
    // SIGHUP reloads the REST API's TLS certificate; SIGINT and SIGTERM stop.
    let signal = signals.forever().find(|&signal| {
        if signal != SIGHUP {
            return true;
        }
        match daemon.api().reload_tls() {
            Ok(()) if daemon.api().is_tls() => {
                tracing::info!("SIGHUP: REST TLS certificate and key reloaded");
            }
            Ok(()) => tracing::info!("SIGHUP: nothing to reload (the REST API has no TLS)"),
            Err(e) => tracing::error!(error = %e, "SIGHUP: TLS reload failed; the previous certificate stays"),
        }
        false
    });
    if let Some(signal) = signal {
        let name = if signal == SIGINT { "SIGINT" } else { "SIGTERM" };
        tracing::info!(signal = name, "stopping: disconnecting peers");
    }
    let stats = daemon.engine().stats();
    let io = daemon.engine().io_stats();
    let taken: Vec<String> = io.iter().map(|s| s.accepted.to_string()).collect();
    tracing::info!(
        connections_per_shard = %taken.join("/"),
        handed_over_at_accept = io.iter().map(|s| s.moved_out).sum::<u64>(),
        handoff_requests = stats.handoff_requests,
        handoff_batches = stats.handoff_batches,
        slow_lane_requests = stats.slow_requests,
        slow_lane_rounds = stats.slow_rounds,
        "totals since start"
    );
    match daemon.shutdown() {
        Ok(()) => {
            tracing::info!("hssd stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!(error = %e, "unclean stop");
            ExitCode::from(1)
        }
    }
}

/// The settings an operator must not miss: an open peer policy, an empty peer table, the
/// benchmark instrument.
fn warn_about_exposure(engine: &engine::settings::EngineSettings) {
    use engine::peer::PeerPolicy;
    match &engine.peers {
        PeerPolicy::AnyPeer => tracing::warn!(
            "allow_any_peer: any host from any address may connect and get authentication \
             vectors; use a peer table outside test networks"
        ),
        PeerPolicy::Table(t) if t.is_empty() => tracing::warn!(
            "no peer configured ([[peer]] entries or peers_file): every CER is refused with 3010"
        ),
        PeerPolicy::Table(t) => tracing::info!(peers = t.len(), "peer table loaded"),
    }
    if engine.bench_echo {
        tracing::error!(
            "BENCHMARK INSTRUMENT ON (bench_echo): every AIR gets a canned success for any IMSI, \
             without the store or the AuC; never run this in service"
        );
    }
}
