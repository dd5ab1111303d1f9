//! hssd's log output: `tracing` events (from the engine, the store and the REST API) written to
//! standard error as human-readable text (colour on a terminal) or as one JSON object per line,
//! filtered by level or per-target directives (`log_level`; `RUST_LOG` overrides it).
//!
//! The data plane logs what an operator must see (peers connected, refused, lost; start and
//! stop), never one line per request unless a debug level is asked for.

use std::io::IsTerminal as _;

use tracing_subscriber::EnvFilter;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable text.
    Text,
    /// One JSON object per line (timestamp, level, target, fields, message).
    Json,
}

/// The logging settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogConfig {
    pub format: LogFormat,
    /// An `EnvFilter` directive: a level (`info`) or per-target directives
    /// (`warn,engine=debug`).
    pub filter: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        Self { format: LogFormat::Text, filter: "info".into() }
    }
}

/// Whether `filter` is a directive the logger accepts (for the configuration's check).
pub fn valid_filter(filter: &str) -> Result<(), String> {
    EnvFilter::try_new(filter).map(drop).map_err(|e| e.to_string())
}

/// Installs the process's logger: `config`'s format, and `rust_log` (the `RUST_LOG`
/// environment variable) in place of its filter when set. Fails if a logger is installed
/// already or `rust_log` does not parse.
pub fn init(config: &LogConfig, rust_log: Option<&str>) -> Result<(), String> {
    let directive = rust_log.filter(|s| !s.trim().is_empty()).unwrap_or(&config.filter);
    let filter = EnvFilter::try_new(directive).map_err(|e| format!("RUST_LOG: {e}"))?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(true);
    let installed = match config.format {
        LogFormat::Text => builder.with_ansi(std::io::stderr().is_terminal()).try_init(),
        LogFormat::Json => builder.json().with_ansi(false).flatten_event(true).try_init(),
    };
    installed.map_err(|e| e.to_string())
}
