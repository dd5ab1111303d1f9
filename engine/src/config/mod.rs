//! The configuration of `hssd`: one TOML file, `HSS_*` environment variables, command-line flags.
//!
//! Every key has a default, so `hssd` runs with no file at all. A key's value comes from the
//! first of: its flag (`--listen`), its environment variable (`HSS_LISTEN`), the file named by
//! `--config PATH` or `HSS_CONFIG` (flat `key = value` lines, `listen = "0.0.0.0:3868"`), the
//! default. The value that wins is checked and a bad one fails the start with a message that
//! names the key and where the value came from:
//!
//! ```text
//! listen: invalid socket address "x" (from --listen)
//! mnc: must be 2 or 3 digits, not "1" (from /etc/hss/hssd.toml)
//! ```
//!
//! An unknown key in the file is an error naming it. An empty environment variable counts as
//! unset. [`Config::load`] takes the arguments and an environment lookup, so tests never touch
//! the process environment.
//!
//! | key           | flag            | environment       | default                          |
//! |---------------|-----------------|-------------------|----------------------------------|
//! | origin_host   | --origin-host   | HSS_ORIGIN_HOST   | `hss.` + origin_realm            |
//! | origin_realm  | --origin-realm  | HSS_ORIGIN_REALM  | `epc.mncMNC.mccMCC.3gppnetwork.org` |
//! | listen        | --listen        | HSS_LISTEN        | 0.0.0.0:3868                     |
//! | shards        | --shards        | HSS_SHARDS        | 0 (one per core)                 |
//! | store_path    | --store-path    | HSS_STORE_PATH    | ./data                           |
//! | rest          | --rest          | HSS_REST          | 127.0.0.1:8080                   |
//! | rest_token    | (argv is public)| HSS_REST_TOKEN    | none                             |
//! | mcc           | --mcc           | HSS_MCC           | 001                              |
//! | mnc           | --mnc           | HSS_MNC           | 01                               |
//! | allowed_peers | --allowed-peers | HSS_ALLOWED_PEERS | none: any peer                   |
//! | max_vectors   | --max-vectors   | HSS_MAX_VECTORS   | 5                                |
//! | watchdog_secs | --watchdog-secs | HSS_WATCHDOG_SECS | 30                               |
//! | bench_echo    | --bench-echo    | HSS_BENCH_ECHO    | false                            |
//! | handoff       | --no-handoff    | HSS_HANDOFF       | true                             |
//! | handoff_min_batch | --handoff-min-batch | HSS_HANDOFF_MIN_BATCH | 8                    |
//! | block_cache_mb | --block-cache-mb | HSS_BLOCK_CACHE_MB | 256                         |
//!
//! `block_cache_mb` sizes RocksDB's block cache (data, index and filter blocks, shared by every
//! column family), which serves cache misses of the subscriber cache; 8 to 1,048,576 MiB.
//!
//! `handoff` lets the shard that reads a busy connection hand application requests to the
//! other shards (see `server::handoff`); a read of fewer than `handoff_min_batch` messages is
//! always handled where it was read. `--no-handoff` turns it off, for comparison.
//!
//! `bench_echo` is a benchmark instrument, never for service: AIR is answered with a canned
//! one-vector AIA (same encoder, same I/O path) without the store or the AuC, so that
//! `hss-loadtest` measures the engine's own ceiling against which real AIRs are compared.
//!
//! The default realm follows TS 23.003 §19.4.2.4 (EPC home network domain, a 2-digit MNC
//! padded with a leading zero).

use std::ffi::OsString;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Parser;

use store::auc::PlmnId;

use crate::apps::{APPS, AppSettings, s6a};
use crate::io::IoConfig;
use crate::peer::Timers;
use crate::settings::EngineSettings;

/// The configuration of `hssd`, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Origin-Host of this HSS.
    pub origin_host: String,
    /// Origin-Realm of this HSS.
    pub origin_realm: String,
    /// Where Diameter peers connect.
    pub listen: SocketAddr,
    /// Data-plane shards; 0 means one per core.
    pub shards: usize,
    /// The subscriber database's directory.
    pub store_path: PathBuf,
    /// Where the control plane (REST API) listens.
    pub rest: SocketAddr,
    /// Token required by the control plane's writes; `None`: no token.
    pub rest_token: Option<Secret>,
    /// Mobile country code of the home network: 3 digits.
    pub mcc: String,
    /// Mobile network code of the home network: 2 or 3 digits.
    pub mnc: String,
    /// Origin-Host values accepted in CER; `None`: any peer.
    pub allowed_peers: Option<Vec<String>>,
    /// Most authentication vectors returned for one request.
    pub max_vectors: u32,
    /// Tw, the RFC 3539 watchdog interval (whole seconds, at least 6).
    pub watchdog: Duration,
    /// Benchmark instrument: answer AIR with a canned AIA, touching neither store nor AuC.
    pub bench_echo: bool,
    /// Hand application requests of a busy connection to other shards.
    pub handoff: bool,
    /// Reads of fewer messages than this are not shared (at least 1).
    pub handoff_min_batch: u32,
    /// RocksDB's block cache, in MiB.
    pub block_cache_mb: u32,
}

/// A value kept out of logs: `Debug` prints `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The value itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
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
    #[error("{key}: {message} (from {origin})")]
    Invalid { key: &'static str, message: String, origin: Origin },
}

/// Where a value came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A command-line flag.
    Flag(&'static str),
    /// An environment variable.
    Env(&'static str),
    /// The configuration file.
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Flag(flag) => f.write_str(flag),
            Origin::Env(var) => f.write_str(var),
            Origin::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// One configuration key and its names in each source.
#[derive(Debug)]
struct Key {
    name: &'static str,
    env: &'static str,
    /// `None` for secrets, which do not belong in argv.
    flag: Option<&'static str>,
}

const fn key(name: &'static str, env: &'static str, flag: Option<&'static str>) -> Key {
    Key { name, env, flag }
}

const ORIGIN_HOST: Key = key("origin_host", "HSS_ORIGIN_HOST", Some("--origin-host"));
const ORIGIN_REALM: Key = key("origin_realm", "HSS_ORIGIN_REALM", Some("--origin-realm"));
const LISTEN: Key = key("listen", "HSS_LISTEN", Some("--listen"));
const SHARDS: Key = key("shards", "HSS_SHARDS", Some("--shards"));
const STORE_PATH: Key = key("store_path", "HSS_STORE_PATH", Some("--store-path"));
const REST: Key = key("rest", "HSS_REST", Some("--rest"));
const REST_TOKEN: Key = key("rest_token", "HSS_REST_TOKEN", None);
const MCC: Key = key("mcc", "HSS_MCC", Some("--mcc"));
const MNC: Key = key("mnc", "HSS_MNC", Some("--mnc"));
const ALLOWED_PEERS: Key = key("allowed_peers", "HSS_ALLOWED_PEERS", Some("--allowed-peers"));
const MAX_VECTORS: Key = key("max_vectors", "HSS_MAX_VECTORS", Some("--max-vectors"));
const WATCHDOG_SECS: Key = key("watchdog_secs", "HSS_WATCHDOG_SECS", Some("--watchdog-secs"));
const BENCH_ECHO: Key = key("bench_echo", "HSS_BENCH_ECHO", Some("--bench-echo"));
const HANDOFF: Key = key("handoff", "HSS_HANDOFF", Some("--no-handoff"));
const HANDOFF_MIN_BATCH: Key =
    key("handoff_min_batch", "HSS_HANDOFF_MIN_BATCH", Some("--handoff-min-batch"));
const BLOCK_CACHE_MB: Key = key("block_cache_mb", "HSS_BLOCK_CACHE_MB", Some("--block-cache-mb"));

/// Every key the file may hold.
const KEYS: [&Key; 16] = [
    &ORIGIN_HOST,
    &ORIGIN_REALM,
    &LISTEN,
    &SHARDS,
    &STORE_PATH,
    &REST,
    &REST_TOKEN,
    &MCC,
    &MNC,
    &ALLOWED_PEERS,
    &MAX_VECTORS,
    &WATCHDOG_SECS,
    &BENCH_ECHO,
    &HANDOFF,
    &HANDOFF_MIN_BATCH,
    &BLOCK_CACHE_MB,
];

/// The environment variable naming the configuration file.
const CONFIG_ENV: &str = "HSS_CONFIG";

fn known_keys() -> String {
    KEYS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
}

/// Defaults.
const DEFAULT_STORE_PATH: &str = "./data";
const DEFAULT_MCC: &str = "001";
const DEFAULT_MNC: &str = "01";
const DEFAULT_MAX_VECTORS: u32 = 5;
const DEFAULT_HANDOFF_MIN_BATCH: u64 = crate::lanes::handoff::DEFAULT_MIN_BATCH as u64;
const DEFAULT_BLOCK_CACHE_MB: u64 = 256;
/// RFC 3539 §3.4.1: "The default value of TWINIT is 30 seconds".
const DEFAULT_WATCHDOG_SECS: u64 = 30;
/// Most vectors one request may get: a local bound on the work one request can ask for.
const MAX_MAX_VECTORS: u64 = 32;
/// More shards than this is a typo, not a machine.
const MAX_SHARDS: u64 = 1024;

/// The command line. Every value is taken as text and checked like the other sources, so that
/// an error reads the same wherever the value came from.
#[derive(Debug, Parser)]
#[command(
    name = "hssd",
    version,
    about = "Diameter HSS (serves S6a/S6d today)",
    after_help = "The REST token comes from HSS_REST_TOKEN or the file's rest_token, never a flag."
)]
struct Cli {
    /// TOML configuration file [env: HSS_CONFIG]
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Origin-Host [env: HSS_ORIGIN_HOST] [default: hss.ORIGIN_REALM]
    #[arg(long, value_name = "FQDN")]
    origin_host: Option<String>,
    /// Origin-Realm [env: HSS_ORIGIN_REALM] [default: epc.mncMNC.mccMCC.3gppnetwork.org]
    #[arg(long, value_name = "REALM")]
    origin_realm: Option<String>,
    /// Diameter listening address [env: HSS_LISTEN] [default: 0.0.0.0:3868]
    #[arg(long, value_name = "ADDR")]
    listen: Option<String>,
    /// Data-plane shards, 0 for one per core [env: HSS_SHARDS] [default: 0]
    #[arg(long, value_name = "N")]
    shards: Option<String>,
    /// Subscriber database directory [env: HSS_STORE_PATH] [default: ./data]
    #[arg(long, value_name = "DIR")]
    store_path: Option<String>,
    /// Control-plane (REST) listening address [env: HSS_REST] [default: 127.0.0.1:8080]
    #[arg(long, value_name = "ADDR")]
    rest: Option<String>,
    /// Mobile country code, 3 digits [env: HSS_MCC] [default: 001]
    #[arg(long, value_name = "MCC")]
    mcc: Option<String>,
    /// Mobile network code, 2 or 3 digits [env: HSS_MNC] [default: 01]
    #[arg(long, value_name = "MNC")]
    mnc: Option<String>,
    /// Origin-Host values accepted in CER, comma-separated [env: HSS_ALLOWED_PEERS] [default:
    /// any]
    #[arg(long, value_name = "HOSTS")]
    allowed_peers: Option<String>,
    /// Most authentication vectors per request, 1 to 32 [env: HSS_MAX_VECTORS] [default: 5]
    #[arg(long, value_name = "N")]
    max_vectors: Option<String>,
    /// Watchdog interval Tw in seconds, at least 6 [env: HSS_WATCHDOG_SECS] [default: 30]
    #[arg(long, value_name = "SECS")]
    watchdog_secs: Option<String>,
    /// Benchmark instrument only: answer AIR with a canned AIA, without store or AuC [env:
    /// HSS_BENCH_ECHO]
    #[arg(long)]
    bench_echo: bool,
    /// Handle every request on the shard that read it (no hand-off to other shards) [env:
    /// HSS_HANDOFF=false]
    #[arg(long)]
    no_handoff: bool,
    /// Reads of fewer messages than this stay on their shard [env: HSS_HANDOFF_MIN_BATCH]
    /// [default: 8]
    #[arg(long, value_name = "N")]
    handoff_min_batch: Option<String>,
    /// RocksDB block cache in MiB [env: HSS_BLOCK_CACHE_MB] [default: 256]
    #[arg(long, value_name = "MIB")]
    block_cache_mb: Option<String>,
}

impl Cli {
    fn value(&self, key: &Key) -> Option<&str> {
        let v = match key.name {
            "origin_host" => &self.origin_host,
            "origin_realm" => &self.origin_realm,
            "listen" => &self.listen,
            "shards" => &self.shards,
            "store_path" => &self.store_path,
            "rest" => &self.rest,
            "mcc" => &self.mcc,
            "mnc" => &self.mnc,
            "allowed_peers" => &self.allowed_peers,
            "max_vectors" => &self.max_vectors,
            "watchdog_secs" => &self.watchdog_secs,
            "bench_echo" => return self.bench_echo.then_some("true"),
            "handoff" => return self.no_handoff.then_some("false"),
            "handoff_min_batch" => &self.handoff_min_batch,
            "block_cache_mb" => &self.block_cache_mb,
            _ => return None,
        };
        v.as_deref()
    }
}

/// A value as one source gives it, before checking.
#[derive(Debug)]
enum Raw {
    Text(String),
    Integer(i64),
    Bool(bool),
    List(Vec<String>),
    /// A TOML value of another type, named.
    Other(&'static str),
}

impl Raw {
    fn from_toml(value: toml::Value) -> Self {
        match value {
            toml::Value::String(s) => Raw::Text(s),
            toml::Value::Integer(i) => Raw::Integer(i),
            toml::Value::Array(items) => {
                let mut list = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        toml::Value::String(s) => list.push(s),
                        _ => return Raw::Other("a list of non-strings"),
                    }
                }
                Raw::List(list)
            }
            toml::Value::Boolean(b) => Raw::Bool(b),
            toml::Value::Float(_) => Raw::Other("a float"),
            toml::Value::Datetime(_) => Raw::Other("a date"),
            toml::Value::Table(_) => Raw::Other("a table"),
        }
    }
}

/// The sources, highest precedence first.
struct Sources<'e> {
    cli: Cli,
    env: &'e dyn Fn(&str) -> Option<String>,
    file: Option<(PathBuf, toml::Table)>,
}

impl Sources<'_> {
    /// The value that wins for `key`, and where it came from.
    fn value(&mut self, key: &Key) -> Option<(Raw, Origin)> {
        if let (Some(flag), Some(v)) = (key.flag, self.cli.value(key)) {
            return Some((Raw::Text(v.to_owned()), Origin::Flag(flag)));
        }
        if let Some(v) = (self.env)(key.env).filter(|v| !v.is_empty()) {
            return Some((Raw::Text(v), Origin::Env(key.env)));
        }
        let (path, table) = self.file.as_mut()?;
        let v = table.remove(key.name)?;
        Some((Raw::from_toml(v), Origin::File(path.clone())))
    }

    /// The checked value of `key`, or `None` when no source sets it.
    fn get<T>(
        &mut self,
        key: &'static Key,
        check: impl FnOnce(Raw) -> Result<T, String>,
    ) -> Result<Option<T>, ConfigError> {
        let Some((raw, origin)) = self.value(key) else { return Ok(None) };
        check(raw).map(Some).map_err(|message| ConfigError::Invalid {
            key: key.name,
            message,
            origin,
        })
    }
}

impl Config {
    /// Reads the configuration: `args` as from [`std::env::args_os`] (program name first),
    /// `env` looking up one environment variable (`|k| std::env::var(k).ok()`).
    pub fn load(
        args: impl IntoIterator<Item = OsString>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let cli = Cli::try_parse_from(args)?;
        let path = cli
            .config
            .clone()
            .or_else(|| env(CONFIG_ENV).filter(|p| !p.is_empty()).map(PathBuf::from));
        let file = match path {
            Some(path) => {
                let table = read_file(&path)?;
                Some((path, table))
            }
            None => None,
        };
        let mut s = Sources { cli, env: &env, file };

        let mcc =
            s.get(&MCC, |r| digits(r, &[3], "3 digits"))?.unwrap_or_else(|| DEFAULT_MCC.into());
        let mnc = s
            .get(&MNC, |r| digits(r, &[2, 3], "2 or 3 digits"))?
            .unwrap_or_else(|| DEFAULT_MNC.into());
        let origin_realm = s
            .get(&ORIGIN_REALM, identity)?
            .unwrap_or_else(|| format!("epc.mnc{mnc:0>3}.mcc{mcc}.3gppnetwork.org"));
        let origin_host =
            s.get(&ORIGIN_HOST, identity)?.unwrap_or_else(|| format!("hss.{origin_realm}"));
        let listen = s.get(&LISTEN, socket_address)?;
        let rest = s.get(&REST, socket_address)?;
        let shards = s.get(&SHARDS, |r| number(r, 0, MAX_SHARDS))?.unwrap_or(0);
        let store_path =
            s.get(&STORE_PATH, path_value)?.unwrap_or_else(|| DEFAULT_STORE_PATH.into());
        let rest_token = s.get(&REST_TOKEN, |r| text(r).and_then(non_empty).map(Secret))?;
        let allowed_peers = s.get(&ALLOWED_PEERS, peer_list)?;
        let max_vectors = s
            .get(&MAX_VECTORS, |r| number(r, 1, MAX_MAX_VECTORS))?
            .unwrap_or(u64::from(DEFAULT_MAX_VECTORS));
        let watchdog_secs = s
            .get(&WATCHDOG_SECS, |r| number(r, Timers::MIN_WATCHDOG.as_secs(), 86_400))?
            .unwrap_or(DEFAULT_WATCHDOG_SECS);
        let bench_echo = s.get(&BENCH_ECHO, boolean)?.unwrap_or(false);
        let handoff = s.get(&HANDOFF, boolean)?.unwrap_or(true);
        let handoff_min_batch = s
            .get(&HANDOFF_MIN_BATCH, |r| number(r, 1, 1 << 20))?
            .unwrap_or(DEFAULT_HANDOFF_MIN_BATCH);
        let block_cache_mb =
            s.get(&BLOCK_CACHE_MB, |r| number(r, 8, 1 << 20))?.unwrap_or(DEFAULT_BLOCK_CACHE_MB);

        Ok(Config {
            origin_host,
            origin_realm,
            listen: listen.unwrap_or_else(default_listen),
            shards: usize::try_from(shards).unwrap_or(usize::MAX),
            store_path,
            rest: rest.unwrap_or_else(default_rest),
            rest_token,
            mcc,
            mnc,
            allowed_peers,
            max_vectors: u32::try_from(max_vectors).unwrap_or(u32::MAX),
            watchdog: Duration::from_secs(watchdog_secs),
            bench_echo,
            handoff,
            handoff_min_batch: u32::try_from(handoff_min_batch).unwrap_or(u32::MAX),
            block_cache_mb: u32::try_from(block_cache_mb).unwrap_or(u32::MAX),
        })
    }

    /// The RocksDB settings: the configured block cache, the rest at their defaults.
    pub fn rocks(&self) -> store::RocksConfig {
        let block_cache_bytes = usize::try_from(self.block_cache_mb).unwrap_or(usize::MAX) << 20;
        store::RocksConfig { block_cache_bytes, ..store::RocksConfig::default() }
    }

    /// The peer state machine's timers: the configured Tw, the other timers at their defaults.
    pub fn timers(&self) -> Timers {
        Timers { watchdog: self.watchdog, ..Timers::default() }
    }

    /// The data plane's settings.
    pub fn engine(&self) -> Result<EngineSettings, ConfigError> {
        let home_plmn =
            PlmnId::from_mcc_mnc(&self.mcc, &self.mnc).map_err(|e| ConfigError::Invalid {
                key: MNC.name,
                message: e.to_string(),
                origin: Origin::Flag("--mnc"),
            })?;
        Ok(EngineSettings {
            origin_host: self.origin_host.clone(),
            origin_realm: self.origin_realm.clone(),
            home_plmn,
            allowed_peers: self.allowed_peers.clone(),
            timers: self.timers(),
            applications: APPS,
            apps: AppSettings { s6a: s6a::Settings { max_vectors: self.max_vectors as usize } },
            handoff_min_batch: if self.handoff { self.handoff_min_batch as usize } else { 0 },
            bench_echo: self.bench_echo,
            io: IoConfig { shards: self.shards, ..IoConfig::new(self.listen) },
        })
    }
}

impl Default for Config {
    /// The configuration with no file, no environment and no flags.
    fn default() -> Self {
        let realm = format!("epc.mnc{DEFAULT_MNC:0>3}.mcc{DEFAULT_MCC}.3gppnetwork.org");
        Config {
            origin_host: format!("hss.{realm}"),
            origin_realm: realm,
            listen: default_listen(),
            shards: 0,
            store_path: DEFAULT_STORE_PATH.into(),
            rest: default_rest(),
            rest_token: None,
            mcc: DEFAULT_MCC.into(),
            mnc: DEFAULT_MNC.into(),
            allowed_peers: None,
            max_vectors: DEFAULT_MAX_VECTORS,
            watchdog: Duration::from_secs(DEFAULT_WATCHDOG_SECS),
            bench_echo: false,
            handoff: true,
            handoff_min_batch: DEFAULT_HANDOFF_MIN_BATCH as u32,
            block_cache_mb: DEFAULT_BLOCK_CACHE_MB as u32,
        }
    }
}

fn default_listen() -> SocketAddr {
    SocketAddr::from(([0, 0, 0, 0], 3868))
}

fn default_rest() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8080))
}

/// Reads and parses the file, refusing keys this program does not know.
fn read_file(path: &Path) -> Result<toml::Table, ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| ConfigError::Read { path: path.to_owned(), source })?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| ConfigError::Parse {
        path: path.to_owned(),
        message: e.to_string().trim_end().to_owned(),
    })?;
    if let Some(unknown) = table.keys().find(|k| !KEYS.iter().any(|key| key.name == k.as_str())) {
        return Err(ConfigError::UnknownKey { path: path.to_owned(), key: unknown.clone() });
    }
    Ok(table)
}

// Checks, one per kind of value. Each returns the message that follows "key: ".

fn text(raw: Raw) -> Result<String, String> {
    match raw {
        Raw::Text(s) => Ok(s),
        Raw::Integer(i) => Err(format!("expected a string, not the number {i}")),
        Raw::Bool(b) => Err(format!("expected a string, not the boolean {b}")),
        Raw::List(_) => Err("expected a string, not a list".into()),
        Raw::Other(what) => Err(format!("expected a string, not {what}")),
    }
}

fn non_empty(s: String) -> Result<String, String> {
    if s.is_empty() { Err("must not be empty".into()) } else { Ok(s) }
}

fn socket_address(raw: Raw) -> Result<SocketAddr, String> {
    let s = match raw {
        Raw::Integer(i) => i.to_string(),
        other => text(other)?,
    };
    s.parse().map_err(|_| format!("invalid socket address {s:?}, expected IP:PORT"))
}

/// `true`/`false` (TOML booleans, or the words `true`, `false`, `yes`, `no`, `1`, `0`).
fn boolean(raw: Raw) -> Result<bool, String> {
    if let Raw::Bool(b) = raw {
        return Ok(b);
    }
    let s = text(raw)?;
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Ok(true),
        "false" | "no" | "0" => Ok(false),
        _ => Err(format!("must be true or false, not {s:?}")),
    }
}

fn number(raw: Raw, min: u64, max: u64) -> Result<u64, String> {
    let n = match raw {
        Raw::Integer(i) => {
            u64::try_from(i).map_err(|_| format!("must be between {min} and {max}, not {i}"))?
        }
        other => {
            let s = text(other)?;
            s.trim().parse::<u64>().map_err(|_| format!("invalid number {s:?}"))?
        }
    };
    if n < min || n > max {
        return Err(format!("must be between {min} and {max}, not {n}"));
    }
    Ok(n)
}

/// A string of exactly one of `lengths` decimal digits (MCC, MNC). A TOML integer is read as
/// its digits, so `mcc = 208` works; `mnc = 1` is refused rather than guessed at.
fn digits(raw: Raw, lengths: &[usize], what: &str) -> Result<String, String> {
    let s = match raw {
        Raw::Integer(i) => i.to_string(),
        other => text(other)?,
    };
    if !lengths.contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("must be {what}, not {s:?}"));
    }
    Ok(s)
}

fn path_value(raw: Raw) -> Result<PathBuf, String> {
    text(raw).and_then(non_empty).map(PathBuf::from)
}

/// A DiameterIdentity: an FQDN (RFC 6733 §4.3.1), checked as a host name (RFC 1123 labels).
fn identity(raw: Raw) -> Result<String, String> {
    let s = text(raw)?;
    check_fqdn(&s).map_err(|why| format!("not a valid host name {s:?}: {why}"))?;
    Ok(s)
}

fn check_fqdn(s: &str) -> Result<(), &'static str> {
    if s.is_empty() {
        return Err("empty");
    }
    if s.len() > 253 {
        return Err("longer than 253 characters");
    }
    for label in s.split('.') {
        if label.is_empty() {
            return Err("empty label");
        }
        if label.len() > 63 {
            return Err("label longer than 63 characters");
        }
        if !label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err("only letters, digits, '-' and '.' are allowed");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("a label starts or ends with '-'");
        }
    }
    Ok(())
}

/// A comma-separated list (flag, environment) or a list of strings (file) of host names.
fn peer_list(raw: Raw) -> Result<Vec<String>, String> {
    let items: Vec<String> = match raw {
        Raw::List(items) => items,
        other => text(other)?.split(',').map(|s| s.trim().to_owned()).collect(),
    };
    if items.iter().all(|s| s.is_empty()) {
        return Err("names no peer; leave it out to accept any peer".into());
    }
    for item in &items {
        check_fqdn(item).map_err(|why| format!("not a valid host name {item:?}: {why}"))?;
    }
    Ok(items)
}

#[cfg(test)]
mod tests;
