//! The configuration of `hssd`, and the composition root: it reads one TOML file, `HSS_*`
//! environment variables and command-line flags, checks every value, and builds the settings
//! of each part ([`Config`]: the engine's [`EngineSettings`], the store's, the API's). The
//! engine never reads this module's types.
//!
//! Every key has a default, so `hssd` runs with no file at all. A key's value comes from the
//! first of: its flag (`--listen`), its environment variable (`HSS_LISTEN`), the file named by
//! `--config PATH` or `HSS_CONFIG` (flat `key = value` lines, `listen = "0.0.0.0:3868"`), the
//! default. Every key is declared once, in `keys.rs`, which gives `--help` and the README's
//! settings table too. The value that wins is checked and a bad one fails the start with a
//! message that names the key and where the value came from:
//!
//! ```text
//! listen: invalid socket address "x", expected IP:PORT (from --listen)
//! mnc: must be 2 or 3 digits, not "1" (from /etc/hss/hssd.toml)
//! ```
//!
//! An unknown key in the file is an error naming it. An empty environment variable counts as
//! unset. [`Config::load`] takes the arguments and an environment lookup, so tests never touch
//! the process environment. The default realm follows TS 23.003 §19.4.2.4 (EPC home network
//! domain, a 2-digit MNC padded with a leading zero).

mod keys;
mod peers;
mod values;

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use api::ApiConfig;
use store::RocksConfig;
use store::auc::PlmnId;

pub use keys::reference;

use self::keys::*;
use self::values::*;
use crate::apps::{APPS, AppSettings, cx, s6a};
use crate::io::IoConfig;
use crate::logging::LogConfig;
use crate::peer::{PeerPolicy, Timers};
use crate::settings::EngineSettings;

/// What `hssd` runs with: each part's settings, checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// The data plane.
    pub engine: EngineSettings,
    /// The subscriber database's directory.
    pub store_path: PathBuf,
    /// RocksDB's settings (the block cache).
    pub rocks: RocksConfig,
    /// How much of the operation log is kept.
    pub oplog: store::OplogRetention,
    /// The subscriber cache's byte budget.
    pub cache_bytes: usize,
    /// The key-encryption key of Ki/OPc at rest, and what to do with it.
    pub kek: KeysAtRest,
    /// The control plane (its address and token; its `Debug` redacts the token).
    pub api: ApiConfig,
    /// The log output.
    pub log: LogConfig,
}

/// The key-encryption keys (their `Debug` shows only their ids) and whether to re-wrap.
#[derive(Debug, Clone, Default)]
pub struct KeysAtRest {
    /// Ki and OPc are written wrapped under this key; `None`: in plaintext.
    pub current: Option<store::Kek>,
    /// During a rotation, the key records may still be under.
    pub previous: Option<store::Kek>,
    /// Re-wrap every record under `current`, then exit (`--rewrap-keys`).
    pub rewrap: bool,
}

/// `kek` or `kek_file`, `previous_kek_file`, `rewrap_keys`, checked together.
fn keys_at_rest(s: &mut Sources<'_>) -> Result<KeysAtRest, ConfigError> {
    let load = |r: Raw| -> Result<store::Kek, String> {
        store::Kek::from_file(path_value(r)?).map_err(|e| e.to_string())
    };
    let inline =
        s.get(&KEK, |r| text(r).and_then(|t| store::Kek::parse(&t).map_err(|e| e.to_string())))?;
    let from_file = s.get(&KEK_FILE, load)?;
    let current = match (inline, from_file) {
        (Some(_), Some(_)) => {
            return Err(ConfigError::Invalid {
                key: KEK_FILE.name,
                message: "give the key-encryption key once: kek or kek_file".into(),
                from: Source::Default,
            });
        }
        (a, b) => a.or(b),
    };
    let previous = s.get(&PREVIOUS_KEK_FILE, load)?;
    let rewrap = s.value(&REWRAP_KEYS, boolean)?;
    if current.is_none() && (previous.is_some() || rewrap) {
        let other = if rewrap { "rewrap_keys" } else { "previous_kek_file" };
        return Err(missing(&KEK_FILE, other));
    }
    Ok(KeysAtRest { current, previous, rewrap })
}

/// The TLS port of Diameter (RFC 6733 §13): `diameter_tls_listen` with its certificate and key
/// (and a client CA when peers must present certificates), checked and loaded now so that a bad
/// file stops the start naming it.
fn diameter_tls(s: &mut Sources<'_>) -> Result<Option<crate::io::TlsListen>, ConfigError> {
    let listen = s.get(&DIAMETER_TLS_LISTEN, socket_address)?;
    let cert = s.get(&DIAMETER_TLS_CERT, path_value)?;
    let key = s.get(&DIAMETER_TLS_KEY, path_value)?;
    let ca = s.get(&DIAMETER_TLS_CLIENT_CA, path_value)?;
    let Some(listen) = listen else {
        if cert.is_some() || key.is_some() || ca.is_some() {
            return Err(missing(&DIAMETER_TLS_LISTEN, "a diameter_tls_ file"));
        }
        return Ok(None);
    };
    let (Some(cert), Some(key)) = (cert, key) else {
        return Err(ConfigError::Invalid {
            key: DIAMETER_TLS_CERT.name,
            message: "and diameter_tls_key must be set when diameter_tls_listen is".into(),
            from: Source::Default,
        });
    };
    let server_config =
        crate::io::server_config(&cert, &key, ca.as_deref()).map_err(|e| ConfigError::Invalid {
            key: DIAMETER_TLS_CERT.name,
            message: e.to_string(),
            from: Source::Default,
        })?;
    Ok(Some(crate::io::TlsListen { listen, server_config }))
}

/// Why the configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A bad command line, or `--help` / `--version`: `hssd` calls [`clap::Error::exit`], which
    /// prints it and exits with the right status.
    #[error(transparent)]
    Cli(#[from] clap::Error),
    /// The configuration file could not be read.
    #[error("config file {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    /// The configuration file is not valid TOML.
    #[error("config file {}: {message}", path.display())]
    Parse { path: PathBuf, message: String },
    /// The configuration file has a key this program does not know.
    #[error("config file {}: unknown key {key:?} (known keys: {})", path.display(), known_keys())]
    UnknownKey { path: PathBuf, key: String },
    /// A value that cannot be used.
    #[error("{key}: {message} (from {from})")]
    Invalid { key: &'static str, message: String, from: Source },
}

/// Where a value came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag.
    Flag(&'static str),
    /// An environment variable.
    Env(&'static str),
    /// The configuration file.
    File(PathBuf),
    /// The key's built-in default.
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) => f.write_str(flag),
            Source::Env(var) => f.write_str(var),
            Source::File(path) => write!(f, "{}", path.display()),
            Source::Default => f.write_str("the default"),
        }
    }
}

fn known_keys() -> String {
    KEYS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
}

/// Most vectors one request may get: a local bound on the work one request can ask for.
const MAX_MAX_VECTORS: u64 = 32;
/// More shards than this is a typo, not a machine.
const MAX_SHARDS: u64 = 1024;

/// The sources, highest precedence first.
struct Sources<'e> {
    cli: clap::ArgMatches,
    env: &'e dyn Fn(&str) -> Option<String>,
    file: Option<(PathBuf, toml::Table)>,
}

impl Sources<'_> {
    /// The value a source sets for `key`, and which source.
    fn given(&mut self, key: &Key) -> Option<(Raw, Source)> {
        match key.flag {
            Flag::Value(flag) => {
                if let Some(v) = self.cli.get_one::<String>(key.id()) {
                    return Some((Raw::Text(v.clone()), Source::Flag(flag)));
                }
            }
            Flag::Switch(flag, value) if self.cli.get_flag(key.id()) => {
                return Some((Raw::Text(value.to_owned()), Source::Flag(flag)));
            }
            Flag::Switch(..) | Flag::Secret => {}
        }
        if let Some(v) = (self.env)(key.env).filter(|v| !v.is_empty()) {
            return Some((Raw::Text(v), Source::Env(key.env)));
        }
        let (path, table) = self.file.as_mut()?;
        let v = table.remove(key.name)?;
        Some((Raw::from_toml(v), Source::File(path.clone())))
    }

    /// The checked value of `key` from the sources, else from its default when it has a
    /// value; `None` when neither gives one.
    fn get<T>(
        &mut self,
        key: &'static Key,
        check: impl FnOnce(Raw) -> Result<T, String>,
    ) -> Result<Option<T>, ConfigError> {
        let (raw, source) = match (self.given(key), key.default) {
            (Some(given), _) => given,
            (None, DefaultValue::Value(text)) => (Raw::Text(text.to_owned()), Source::Default),
            (None, DefaultValue::Derived(_) | DefaultValue::Unset(_)) => return Ok(None),
        };
        check(raw).map(Some).map_err(|message| ConfigError::Invalid {
            key: key.name,
            message,
            from: source,
        })
    }

    /// [`Self::get`] for a key with a default value, which always gives one.
    fn value<T>(
        &mut self,
        key: &'static Key,
        check: impl FnOnce(Raw) -> Result<T, String>,
    ) -> Result<T, ConfigError> {
        self.get(key, check)?.ok_or_else(|| ConfigError::Invalid {
            key: key.name,
            message: "has no value".into(),
            from: Source::Default,
        })
    }
}

/// `key` is needed because `other` is set.
fn missing(key: &'static Key, other: &str) -> ConfigError {
    ConfigError::Invalid {
        key: key.name,
        message: format!("must be set when {other} is"),
        from: Source::Default,
    }
}

impl Config {
    /// Reads the configuration: `args` as from [`std::env::args_os`] (program name first),
    /// `env` looking up one environment variable (`|k| std::env::var(k).ok()`).
    pub fn load(
        args: impl IntoIterator<Item = OsString>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let cli = keys::command().try_get_matches_from(args)?;
        let path = (cli.get_one::<String>("config").map(PathBuf::from))
            .or_else(|| env(keys::CONFIG_ENV).filter(|p| !p.is_empty()).map(PathBuf::from));
        let mut table = Vec::new();
        let file = match path {
            Some(path) => {
                let (keys, peer) = read_file(&path)?;
                if let Some(peer) = peer {
                    peers::read(peer, &path, &mut table)?;
                }
                Some((path, keys))
            }
            None => None,
        };
        let mut s = Sources { cli, env: &env, file };

        let kek = keys_at_rest(&mut s)?;
        let mcc = s.value(&MCC, |r| digits(r, &[3], "3 digits"))?;
        let mnc = s.value(&MNC, |r| digits(r, &[2, 3], "2 or 3 digits"))?;
        let home_plmn = PlmnId::from_mcc_mnc(&mcc, &mnc).map_err(|e| ConfigError::Invalid {
            key: MNC.name,
            message: e.to_string(),
            from: Source::Default,
        })?;
        let origin_realm = s
            .get(&ORIGIN_REALM, identity)?
            .unwrap_or_else(|| format!("epc.mnc{mnc:0>3}.mcc{mcc}.3gppnetwork.org"));
        let origin_host =
            s.get(&ORIGIN_HOST, identity)?.unwrap_or_else(|| format!("hss.{origin_realm}"));
        let listen = s.value(&LISTEN, socket_address)?;
        let shards = s.value(&SHARDS, |r| number(r, 0, MAX_SHARDS))?;
        let store_path = s.value(&STORE_PATH, path_value)?;
        let block_cache_mb = s.value(&BLOCK_CACHE_MB, |r| number(r, 8, 1 << 20))?;
        let cache_mb = s.value(&CACHE_MB, |r| number(r, 16, 1 << 24))?;
        let rest = s.value(&REST, socket_address)?;
        let rest_token = s.get(&REST_TOKEN, |r| text(r).and_then(non_empty))?;
        let rest_insecure = s.value(&REST_INSECURE, boolean)?;
        let reveal_credentials = s.value(&REST_REVEAL_CREDENTIALS, boolean)?;
        let tls_cert = s.get(&REST_TLS_CERT, path_value)?;
        let tls_key = s.get(&REST_TLS_KEY, path_value)?;
        let tls = match (tls_cert, tls_key) {
            (Some(cert), Some(key)) => Some(api::TlsFiles { cert, key }),
            (None, None) => None,
            (Some(_), None) => return Err(missing(&REST_TLS_KEY, "rest_tls_cert")),
            (None, Some(_)) => return Err(missing(&REST_TLS_CERT, "rest_tls_key")),
        };
        let max_connections = s.value(&REST_MAX_CONNECTIONS, |r| number(r, 1, 65_536))?;
        let oplog_max_entries = s.value(&OPLOG_MAX_ENTRIES, |r| number(r, 1, 100_000_000))?;
        let oplog_max_days = s.value(&OPLOG_MAX_DAYS, |r| number(r, 1, 3650))?;
        if let Some(path) = s.get(&PEERS_FILE, path_value)? {
            peers::read_file(&path, &mut table)?;
        }
        let allow_any_peer = s.value(&ALLOW_ANY_PEER, boolean)?;
        let peers = match (allow_any_peer, table.is_empty()) {
            (true, true) => PeerPolicy::AnyPeer,
            (true, false) => {
                return Err(ConfigError::Invalid {
                    key: ALLOW_ANY_PEER.name,
                    message: "cannot be set with a peer table: remove one or the other".into(),
                    from: Source::Default,
                });
            }
            (false, _) => PeerPolicy::Table(table),
        };
        let max_vectors = s.value(&MAX_VECTORS, |r| number(r, 1, MAX_MAX_VECTORS))?;
        let watchdog_secs =
            s.value(&WATCHDOG_SECS, |r| number(r, Timers::MIN_WATCHDOG.as_secs(), 86_400))?;
        let handoff = s.value(&HANDOFF, boolean)?;
        let handoff_min_batch = s.value(&HANDOFF_MIN_BATCH, |r| number(r, 1, 1 << 20))?;
        let diameter_tls = diameter_tls(&mut s)?;
        let max_connections_diameter = s.value(&MAX_CONNECTIONS, |r| number(r, 1, 1 << 20))?;
        let per_address = s.value(&MAX_CONNECTIONS_PER_ADDRESS, |r| number(r, 1, 65_536))?;
        let max_unopened = s.value(&MAX_UNOPENED, |r| number(r, 1, 65_536))?;
        let unopened_message = s.value(&MAX_UNOPENED_MESSAGE, |r| number(r, 4096, 1 << 20))?;
        let fd_reserve = s.value(&FD_RESERVE, |r| number(r, 0, 1 << 20))?;
        let max_output = s.value(&MAX_OUTPUT, |r| number(r, 512 << 10, 1 << 30))?;
        let max_outstanding =
            s.value(&MAX_OUTSTANDING_PER_CONNECTION, |r| number(r, 1, 1 << 20))?;
        let write_stall = s.value(&WRITE_STALL_SECS, |r| number(r, 1, 3600))?;
        let close_timeout = s.value(&CLOSE_TIMEOUT_SECS, |r| number(r, 1, 600))?;
        let keepalive = s.value(&TCP_KEEPALIVE_SECS, |r| number(r, 0, 86_400))?;
        let user_timeout = s.value(&TCP_USER_TIMEOUT_SECS, |r| number(r, 0, 86_400))?;
        let bench_echo = s.value(&BENCH_ECHO, boolean)?;
        let benchmark_only = s.value(&BENCHMARK_ONLY, boolean)?;
        if bench_echo && !benchmark_only {
            return Err(ConfigError::Invalid {
                key: BENCH_ECHO.name,
                message: "answers any IMSI with a canned success: it needs benchmark_only too \
                          (--benchmark-only), and is never for service"
                    .into(),
                from: Source::Default,
            });
        }
        let log_format = s.value(&LOG_FORMAT, log_format)?;
        let log_filter = s.value(&LOG_LEVEL, |r| {
            let filter = text(r)?;
            crate::logging::valid_filter(&filter).map(|()| filter)
        })?;

        // The checks bound every number far below usize::MAX.
        let usize_of = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
        let engine = EngineSettings {
            origin_host,
            origin_realm,
            home_plmn,
            peers,
            timers: Timers { watchdog: Duration::from_secs(watchdog_secs), ..Timers::default() },
            applications: APPS,
            apps: AppSettings {
                s6a: s6a::Settings { max_vectors: usize_of(max_vectors) },
                cx: cx::Settings { max_auth_items: usize_of(max_vectors) },
            },
            handoff_min_batch: if handoff { usize_of(handoff_min_batch) } else { 0 },
            bench_echo,
            io: IoConfig {
                shards: usize_of(shards),
                max_connections: usize_of(max_connections_diameter),
                max_connections_per_address: usize_of(per_address),
                max_unopened: usize_of(max_unopened),
                // At most 1 MiB by the check above.
                max_unopened_message: unopened_message as u32,
                fd_reserve: usize_of(fd_reserve),
                max_output: usize_of(max_output),
                max_outstanding_per_connection: usize_of(max_outstanding),
                write_stall: Duration::from_secs(write_stall),
                close_timeout: Duration::from_secs(close_timeout),
                keepalive: (keepalive > 0).then(|| Duration::from_secs(keepalive)),
                user_timeout: (user_timeout > 0).then(|| Duration::from_secs(user_timeout)),
                tls: diameter_tls,
                ..IoConfig::new(listen)
            },
        };
        let rocks = RocksConfig {
            block_cache_bytes: usize_of(block_cache_mb) << 20,
            ..RocksConfig::default()
        };
        let api = ApiConfig {
            addr: Some(rest),
            token: rest_token,
            insecure: rest_insecure,
            reveal_credentials,
            workers: 1,
            tls,
            limits: api::ConnectionLimits {
                max_connections: usize_of(max_connections),
                ..api::ConnectionLimits::default()
            },
        };
        let log = LogConfig { format: log_format, filter: log_filter };
        let oplog = store::OplogRetention {
            max_entries: oplog_max_entries,
            max_age: Duration::from_secs(oplog_max_days * 86_400),
        };
        let cache_bytes = usize_of(cache_mb) << 20;
        Ok(Config { engine, store_path, rocks, oplog, cache_bytes, kek, api, log })
    }
}

impl Default for Config {
    /// The configuration with no file, no environment and no flags: every key's default.
    fn default() -> Self {
        let no_env = |_: &str| None;
        match Config::load([OsString::from("hssd")], no_env) {
            Ok(config) => config,
            // `defaults_are_valid` (tests) checks that every default passes its check.
            Err(e) => panic!("a built-in default is invalid: {e}"),
        }
    }
}

/// Reads and parses the file, refusing keys this program does not know; the `peer` array (the
/// peer table) comes back apart.
fn read_file(path: &Path) -> Result<(toml::Table, Option<toml::Value>), ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| ConfigError::Read { path: path.to_owned(), source })?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| ConfigError::Parse {
        path: path.to_owned(),
        message: e.to_string().trim_end().to_owned(),
    })?;
    let mut table = table;
    let peer = table.remove("peer");
    if let Some(unknown) = table.keys().find(|k| !KEYS.iter().any(|key| key.name == k.as_str())) {
        return Err(ConfigError::UnknownKey { path: path.to_owned(), key: unknown.clone() });
    }
    Ok((table, peer))
}

#[cfg(test)]
mod tests;
