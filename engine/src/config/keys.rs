//! Every configuration key, declared once ([`KEYS`]): its file key, environment variable, flag,
//! help line and default. The command line and `--help` ([`command`]), the keys a file may
//! hold, the defaults (parsed and checked like any other source) and the README's settings
//! table ([`reference`]) all come from this table.

use clap::{Arg, ArgAction, Command};

/// How a key appears on the command line.
#[derive(Debug, Clone, Copy)]
pub(super) enum Flag {
    /// `--flag VALUE`.
    Value(&'static str),
    /// `--flag` alone sets the key to this value.
    Switch(&'static str, &'static str),
    /// No flag: the value is a secret, and argv is public.
    Secret,
}

/// A key's default.
#[derive(Debug, Clone, Copy)]
pub(super) enum DefaultValue {
    /// This text, read and checked like any other source's.
    Value(&'static str),
    /// Computed from other keys, as this text says.
    Derived(&'static str),
    /// No value, which means what this text says.
    Unset(&'static str),
}

/// One configuration key and its names in each source.
#[derive(Debug)]
pub(super) struct Key {
    /// In the file, and in error messages.
    pub name: &'static str,
    pub env: &'static str,
    pub flag: Flag,
    /// The placeholder of the flag's value in `--help`.
    pub value_name: &'static str,
    /// What it sets, one line.
    pub help: &'static str,
    pub default: DefaultValue,
}

impl Key {
    /// The default as the documentation shows it.
    fn default_text(&self) -> &'static str {
        match self.default {
            DefaultValue::Value(text) | DefaultValue::Derived(text) | DefaultValue::Unset(text) => {
                text
            }
        }
    }

    /// The clap id of the key's flag.
    pub(super) fn id(&self) -> &'static str {
        self.name
    }
}

macro_rules! keys {
    ($($konst:ident: $name:literal, $env:literal, $flag:expr, $value:literal, $default:expr,
        $help:literal;)+) => {
        $(pub(super) const $konst: Key = Key {
            name: $name,
            env: $env,
            flag: $flag,
            value_name: $value,
            help: $help,
            default: $default,
        };)+
        /// Every key, in the order `--help` and the README list them.
        pub(super) const KEYS: &[&Key] = &[$(&$konst),+];
    };
}

use DefaultValue::{Derived, Unset, Value as Is};
use Flag::{Secret, Switch, Value};

keys! {
    ORIGIN_HOST: "origin_host", "HSS_ORIGIN_HOST", Value("--origin-host"), "FQDN",
        Derived("hss.ORIGIN_REALM"), "Origin-Host of this HSS";
    ORIGIN_REALM: "origin_realm", "HSS_ORIGIN_REALM", Value("--origin-realm"), "REALM",
        Derived("epc.mncMNC.mccMCC.3gppnetwork.org"), "Origin-Realm of this HSS";
    LISTEN: "listen", "HSS_LISTEN", Value("--listen"), "ADDR", Is("0.0.0.0:3868"),
        "Diameter listening address";
    SHARDS: "shards", "HSS_SHARDS", Value("--shards"), "N", Is("0"),
        "Data-plane shards, 0 for one per core";
    STORE_PATH: "store_path", "HSS_STORE_PATH", Value("--store-path"), "DIR", Is("./data"),
        "Subscriber database (RocksDB) directory";
    BLOCK_CACHE_MB: "block_cache_mb", "HSS_BLOCK_CACHE_MB", Value("--block-cache-mb"), "MIB",
        Is("256"), "RocksDB block cache in MiB, 8 to 1048576";
    CACHE_MB: "cache_mb", "HSS_CACHE_MB", Value("--cache-mb"), "MIB", Is("4096"),
        "Subscriber cache budget in MiB, 16 to 16777216 (about 1.1 KiB per subscriber)";
    REST: "rest", "HSS_REST", Value("--rest"), "ADDR", Is("127.0.0.1:8080"),
        "Control-plane (REST) listening address";
    REST_TOKEN: "rest_token", "HSS_REST_TOKEN", Secret, "TOKEN", Unset("none: no token"),
        "An admin token of the REST API (environment or file only); more over /tokens";
    REST_INSECURE: "rest_insecure", "HSS_REST_INSECURE", Switch("--rest-insecure", "true"),
        "BOOL", Is("false"),
        "Serve the REST API on a non-loopback address although no token exists";
    REST_REVEAL_CREDENTIALS: "rest_reveal_credentials", "HSS_REST_REVEAL_CREDENTIALS",
        Switch("--rest-reveal-credentials", "true"), "BOOL", Is("false"),
        "GET /subscribers/{imsi}/credentials reveals Ki/OPc to secrets tokens (each read logged)";
    REST_TLS_CERT: "rest_tls_cert", "HSS_REST_TLS_CERT", Value("--rest-tls-cert"), "PEM",
        Unset("none: plain HTTP"),
        "REST API over TLS: certificate chain (PEM); with rest_tls_key; SIGHUP reloads both";
    REST_TLS_KEY: "rest_tls_key", "HSS_REST_TLS_KEY", Value("--rest-tls-key"), "PEM",
        Unset("none"), "REST API over TLS: private key (PEM)";
    REST_MAX_CONNECTIONS: "rest_max_connections", "HSS_REST_MAX_CONNECTIONS",
        Value("--rest-max-connections"), "N", Is("1024"),
        "REST connections open at once, 1 to 65536; more are closed on accept";
    OPLOG_MAX_ENTRIES: "oplog_max_entries", "HSS_OPLOG_MAX_ENTRIES", Value("--oplog-max-entries"),
        "N", Is("100000"), "Operations the operation log keeps, 1 to 100000000 (oldest dropped)";
    OPLOG_MAX_DAYS: "oplog_max_days", "HSS_OPLOG_MAX_DAYS", Value("--oplog-max-days"), "DAYS",
        Is("90"), "Days the operation log keeps an operation, 1 to 3650";
    KEK: "kek", "HSS_KEK", Secret, "ID:HEX", Unset("none: Ki/OPc stored in plaintext"),
        "Key-encryption key of Ki/OPc at rest, ID:HEX (64 hex digits; environment or file only)";
    KEK_FILE: "kek_file", "HSS_KEK_FILE", Value("--kek-file"), "PATH", Unset("none"),
        "A file holding the key-encryption key as ID:HEX (instead of kek)";
    PREVIOUS_KEK_FILE: "previous_kek_file", "HSS_PREVIOUS_KEK_FILE",
        Value("--previous-kek-file"), "PATH", Unset("none"),
        "During a rotation: the key-encryption key the data is still under (read, never written)";
    REWRAP_KEYS: "rewrap_keys", "HSS_REWRAP_KEYS", Switch("--rewrap-keys", "true"), "BOOL",
        Is("false"),
        "Re-wrap every Ki/OPc under kek (reading previous_kek_file's too), print a report, exit";
    MCC: "mcc", "HSS_MCC", Value("--mcc"), "MCC", Is("001"),
        "Mobile country code of the home network, 3 digits";
    MNC: "mnc", "HSS_MNC", Value("--mnc"), "MNC", Is("01"),
        "Mobile network code of the home network, 2 or 3 digits";
    PEERS_FILE: "peers_file", "HSS_PEERS_FILE", Value("--peers-file"), "PATH",
        Unset("none: the [[peer]] entries of the configuration file"),
        "The peer table: a TOML file of [[peer]] entries (host, addresses, role ...; README)";
    ALLOW_ANY_PEER: "allow_any_peer", "HSS_ALLOW_ANY_PEER", Switch("--allow-any-peer", "true"),
        "BOOL", Is("false"),
        "Accept a CER from any host and address, without a peer table (test networks only)";
    MAX_VECTORS: "max_vectors", "HSS_MAX_VECTORS", Value("--max-vectors"), "N", Is("5"),
        "Most authentication vectors per AIR, and items per Cx MAR, 1 to 32";
    WATCHDOG_SECS: "watchdog_secs", "HSS_WATCHDOG_SECS", Value("--watchdog-secs"), "SECS",
        Is("30"), "Watchdog interval Tw in seconds, at least 6 (RFC 3539)";
    HANDOFF: "handoff", "HSS_HANDOFF", Switch("--no-handoff", "false"), "BOOL", Is("true"),
        "Hand requests of a busy connection to other shards (--no-handoff: never)";
    HANDOFF_MIN_BATCH: "handoff_min_batch", "HSS_HANDOFF_MIN_BATCH",
        Value("--handoff-min-batch"), "N", Is("8"),
        "Reads of fewer messages than this stay on their shard";
    DIAMETER_TLS_LISTEN: "diameter_tls_listen", "HSS_DIAMETER_TLS_LISTEN",
        Value("--diameter-tls-listen"), "ADDR", Unset("none: no TLS port"),
        "Diameter over TLS/TCP (RFC 6733 §13) on this address, e.g. 0.0.0.0:5658";
    DIAMETER_TLS_CERT: "diameter_tls_cert", "HSS_DIAMETER_TLS_CERT",
        Value("--diameter-tls-cert"), "PEM", Unset("none"),
        "Diameter TLS: certificate chain (PEM); needed with diameter_tls_listen";
    DIAMETER_TLS_KEY: "diameter_tls_key", "HSS_DIAMETER_TLS_KEY", Value("--diameter-tls-key"),
        "PEM", Unset("none"), "Diameter TLS: private key (PEM)";
    DIAMETER_TLS_CLIENT_CA: "diameter_tls_client_ca", "HSS_DIAMETER_TLS_CLIENT_CA",
        Value("--diameter-tls-client-ca"), "PEM", Unset("none: no client certificate asked"),
        "Diameter TLS: CA certificates peers' client certificates must chain to (required then)";
    MAX_CONNECTIONS: "max_connections", "HSS_MAX_CONNECTIONS", Value("--max-connections"), "N",
        Is("4096"),
        "Diameter connections open at once, 1 to 1048576 (at most open-files limit - fd_reserve)";
    MAX_CONNECTIONS_PER_ADDRESS: "max_connections_per_address",
        "HSS_MAX_CONNECTIONS_PER_ADDRESS", Value("--max-connections-per-address"), "N", Is("64"),
        "Diameter connections open at once from one IP address, 1 to 65536";
    MAX_UNOPENED: "max_unopened", "HSS_MAX_UNOPENED", Value("--max-unopened"), "N", Is("256"),
        "Diameter connections without a completed CER at once, 1 to 65536";
    MAX_UNOPENED_MESSAGE: "max_unopened_message", "HSS_MAX_UNOPENED_MESSAGE",
        Value("--max-unopened-message"), "BYTES", Is("65536"),
        "Largest message a connection may announce before its CER, 4096 to 1048576";
    FD_RESERVE: "fd_reserve", "HSS_FD_RESERVE", Value("--fd-reserve"), "N", Is("1024"),
        "Open files kept for the store: max_connections is lowered to leave them, 0 to 1048576";
    MAX_OUTPUT: "max_output", "HSS_MAX_OUTPUT", Value("--max-output"), "BYTES", Is("4194304"),
        "Answers waiting for a peer that does not read, 524288 to 1073741824; more closes it";
    MAX_OUTSTANDING_PER_CONNECTION: "max_outstanding_per_connection",
        "HSS_MAX_OUTSTANDING_PER_CONNECTION", Value("--max-outstanding-per-connection"), "N",
        Is("4096"),
        "Requests of one connection waiting on the slow lane or other shards at which it stops \
         reading (until half are answered), 1 to 1048576";
    WRITE_STALL_SECS: "write_stall_secs", "HSS_WRITE_STALL_SECS", Value("--write-stall-secs"),
        "SECS", Is("30"), "A connection whose peer takes no byte for this long is closed, 1 to 3600";
    CLOSE_TIMEOUT_SECS: "close_timeout_secs", "HSS_CLOSE_TIMEOUT_SECS",
        Value("--close-timeout-secs"), "SECS", Is("5"),
        "A closing connection is closed after this long even if output is left, 1 to 600";
    TCP_KEEPALIVE_SECS: "tcp_keepalive_secs", "HSS_TCP_KEEPALIVE_SECS",
        Value("--tcp-keepalive-secs"), "SECS", Is("30"),
        "TCP keepalive idle time (probes every 10 s, 3 of them), 0 for none, up to 86400";
    TCP_USER_TIMEOUT_SECS: "tcp_user_timeout_secs", "HSS_TCP_USER_TIMEOUT_SECS",
        Value("--tcp-user-timeout-secs"), "SECS", Is("30"),
        "TCP_USER_TIMEOUT: unacknowledged data for this long drops the connection, 0 for none";
    BENCH_ECHO: "bench_echo", "HSS_BENCH_ECHO", Switch("--bench-echo", "true"), "BOOL",
        Is("false"),
        "Benchmark instrument: AIR gets a canned AIA for any IMSI (needs benchmark_only)";
    BENCHMARK_ONLY: "benchmark_only", "HSS_BENCHMARK_ONLY", Switch("--benchmark-only", "true"),
        "BOOL", Is("false"), "Allow the benchmark instruments (bench_echo); never in service";
    LOG_FORMAT: "log_format", "HSS_LOG_FORMAT", Value("--log-format"), "FORMAT", Is("text"),
        "Log lines on standard error: text, or json (one object per line)";
    LOG_LEVEL: "log_level", "HSS_LOG_LEVEL", Value("--log-level"), "FILTER", Is("info"),
        "Log level (error, warn, info, debug, trace) or per-target directives; RUST_LOG overrides";
}

/// The environment variable naming the configuration file.
pub(super) const CONFIG_ENV: &str = "HSS_CONFIG";

/// The command line: `--config` and one flag per key that has one, each value taken as text
/// and checked like the other sources.
pub(super) fn command() -> Command {
    let config = Arg::new("config")
        .long("config")
        .value_name("PATH")
        .help(format!("TOML configuration file, one line per key [env: {CONFIG_ENV}]"));
    let flags = KEYS.iter().filter_map(|key| {
        let env = key.env;
        let arg = match key.flag {
            Value(flag) => Arg::new(key.id()).long(&flag[2..]).value_name(key.value_name),
            Switch(flag, _) => Arg::new(key.id()).long(&flag[2..]).action(ArgAction::SetTrue),
            Secret => return None,
        };
        Some(arg.help(format!("{} [env: {env}] [default: {}]", key.help, key.default_text())))
    });
    Command::new("hssd")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Diameter HSS (serves S6a/S6d today)")
        .after_help("Secrets (rest_token) come from the environment or the file, never a flag.")
        .arg(config)
        .args(flags)
}

/// The settings table of the README: every key with its flag, variable and default.
pub fn reference() -> String {
    let mut out =
        String::from("| key | flag | environment | default | meaning |\n|---|---|---|---|---|\n");
    for key in KEYS {
        let flag = match key.flag {
            Value(flag) => format!("`{flag} {}`", key.value_name),
            Switch(flag, value) => format!("`{flag}` (sets {value})"),
            Secret => "none (secret)".to_owned(),
        };
        let default = match key.default {
            Is(text) => format!("`{text}`"),
            Derived(text) | Unset(text) => text.to_owned(),
        };
        out.push_str(&format!(
            "| `{}` | {flag} | `{}` | {default} | {} |\n",
            key.name, key.env, key.help
        ));
    }
    out
}
