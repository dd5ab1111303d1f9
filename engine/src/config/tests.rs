//! Configuration loading: defaults, each override level, and errors naming their key.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};

use super::*;

fn args(list: &[&str]) -> Vec<OsString> {
    std::iter::once("hssd").chain(list.iter().copied()).map(OsString::from).collect()
}

fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> =
        vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    move |k| map.get(k).cloned()
}

/// A configuration file that removes itself.
struct TempFile(PathBuf);

impl TempFile {
    fn new(contents: &str) -> Self {
        static N: AtomicU32 = AtomicU32::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("hssd-config-test-{}-{n}.toml", std::process::id()));
        std::fs::write(&path, contents).expect("write temp file");
        Self(path)
    }

    fn arg(&self) -> String {
        self.0.display().to_string()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn load(list: &[&str], vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
    Config::load(args(list), env(vars))
}

/// The message of a load that must fail.
fn error(list: &[&str], vars: &[(&str, &str)]) -> String {
    load(list, vars).expect_err("must fail").to_string()
}

#[test]
fn runs_with_nothing() {
    let c = load(&[], &[]).unwrap();
    assert_eq!(format!("{c:?}"), format!("{:?}", Config::default()));
    assert_eq!(c.engine.origin_realm, "epc.mnc001.mcc001.3gppnetwork.org");
    assert_eq!(c.engine.origin_host, "hss.epc.mnc001.mcc001.3gppnetwork.org");
    assert_eq!(c.engine.io.listen, "0.0.0.0:3868".parse().unwrap());
    assert_eq!(c.api.addr, Some("127.0.0.1:8080".parse().unwrap()));
    assert_eq!(c.engine.io.shards, 0);
    assert_eq!(c.store_path, PathBuf::from("./data"));
    assert_eq!((c.engine.home_plmn.mcc(), c.engine.home_plmn.mnc()), ("001".into(), "01".into()));
    assert_eq!(c.engine.peers, PeerPolicy::Table(Vec::new()), "no peer until configured");
    assert_eq!(c.engine.apps.s6a.max_vectors, 5);
    assert_eq!(c.engine.timers.watchdog, Duration::from_secs(30));
    assert_eq!(c.api.token, None);
}

#[test]
fn realm_and_host_default_from_mcc_and_mnc() {
    let c = load(&["--mcc", "208", "--mnc", "93"], &[]).unwrap();
    assert_eq!(c.engine.origin_realm, "epc.mnc093.mcc208.3gppnetwork.org");
    assert_eq!(c.engine.origin_host, "hss.epc.mnc093.mcc208.3gppnetwork.org");
    let c = load(&["--mnc", "310", "--origin-realm", "example.org"], &[]).unwrap();
    assert_eq!(c.engine.origin_host, "hss.example.org");
}

#[test]
fn file_sets_every_key() {
    let f = TempFile::new(
        r#"
        origin_host = "hss1.example.org"
        origin_realm = "example.org"
        listen = "192.0.2.1:3869"
        shards = 4
        store_path = "/var/lib/hss"
        rest = "[::1]:9090"
        rest_token = "s3cret"
        mcc = "208"
        mnc = "093"
        max_vectors = 3
        watchdog_secs = 12
        block_cache_mb = 1024

        [[peer]]
        host = "mme1.example.org"
        addresses = ["192.0.2.0/24"]
        role = "mme"
        plmns = ["20893"]
        "#,
    );
    let c = load(&["--config", &f.arg()], &[]).unwrap();
    assert_eq!(c.engine.origin_host, "hss1.example.org");
    assert_eq!(c.engine.origin_realm, "example.org");
    assert_eq!(c.engine.io.listen, "192.0.2.1:3869".parse().unwrap());
    assert_eq!(c.engine.io.shards, 4);
    assert_eq!(c.store_path, PathBuf::from("/var/lib/hss"));
    assert_eq!(c.api.addr, Some("[::1]:9090".parse().unwrap()));
    assert_eq!(c.api.token.as_deref(), Some("s3cret"));
    assert_eq!((c.engine.home_plmn.mcc(), c.engine.home_plmn.mnc()), ("208".into(), "093".into()));
    let PeerPolicy::Table(peers) = &c.engine.peers else { panic!("a peer table") };
    assert_eq!(peers.len(), 1);
    assert_eq!(
        (peers[0].host.as_str(), peers[0].realm.as_str()),
        ("mme1.example.org", "example.org")
    );
    assert_eq!(c.engine.apps.s6a.max_vectors, 3);
    assert_eq!(c.engine.timers.watchdog, Duration::from_secs(12));
    assert_eq!(c.rocks.block_cache_bytes, 1 << 30);
    // The token stays out of logs.
    assert!(!format!("{c:?}").contains("s3cret"));
}

#[test]
fn environment_overrides_the_file_and_flags_override_both() {
    let f = TempFile::new("listen = \"192.0.2.1:1\"\nshards = 2\nmcc = 208\n");
    let file_only = load(&[], &[("HSS_CONFIG", &f.arg())]).unwrap();
    assert_eq!(file_only.engine.io.listen, "192.0.2.1:1".parse().unwrap());
    assert_eq!(file_only.engine.io.shards, 2);
    assert_eq!(file_only.engine.home_plmn.mcc(), "208");

    let vars = [("HSS_CONFIG", f.arg()), ("HSS_LISTEN", "192.0.2.2:2".into())];
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let with_env = load(&[], &vars).unwrap();
    assert_eq!(with_env.engine.io.listen, "192.0.2.2:2".parse().unwrap());
    assert_eq!(
        with_env.engine.io.shards, 2,
        "keys the environment leaves alone come from the file"
    );

    let with_flag = load(&["--listen", "192.0.2.3:3"], &vars).unwrap();
    assert_eq!(with_flag.engine.io.listen, "192.0.2.3:3".parse().unwrap());
    assert_eq!(with_flag.engine.io.shards, 2);
    assert_eq!(with_flag.engine.home_plmn.mcc(), "208");
}

#[test]
fn every_key_has_its_flag_and_variable() {
    /// Flag, variable, value, and how to read it back.
    type Case = (&'static str, &'static str, &'static str, fn(&Config) -> String);
    let cases: [Case; 11] = [
        ("--origin-host", "HSS_ORIGIN_HOST", "h.example.org", |c| c.engine.origin_host.clone()),
        ("--origin-realm", "HSS_ORIGIN_REALM", "example.net", |c| c.engine.origin_realm.clone()),
        ("--listen", "HSS_LISTEN", "10.0.0.1:3868", |c| c.engine.io.listen.to_string()),
        ("--shards", "HSS_SHARDS", "7", |c| c.engine.io.shards.to_string()),
        ("--store-path", "HSS_STORE_PATH", "/srv/hss", |c| c.store_path.display().to_string()),
        ("--rest", "HSS_REST", "10.0.0.1:80", |c| {
            c.api.addr.map(|a| a.to_string()).unwrap_or_default()
        }),
        ("--mcc", "HSS_MCC", "310", |c| c.engine.home_plmn.mcc()),
        ("--mnc", "HSS_MNC", "410", |c| c.engine.home_plmn.mnc()),
        ("--max-vectors", "HSS_MAX_VECTORS", "2", |c| c.engine.apps.s6a.max_vectors.to_string()),
        ("--watchdog-secs", "HSS_WATCHDOG_SECS", "6", |c| {
            c.engine.timers.watchdog.as_secs().to_string()
        }),
        ("--block-cache-mb", "HSS_BLOCK_CACHE_MB", "64", |c| {
            (c.rocks.block_cache_bytes >> 20).to_string()
        }),
    ];
    for (flag, var, value, read) in cases {
        assert_eq!(read(&load(&[flag, value], &[]).unwrap()), value, "{flag}");
        assert_eq!(read(&load(&[], &[(var, value)]).unwrap()), value, "{var}");
    }
    let c = load(&[], &[("HSS_REST_TOKEN", "t")]).unwrap();
    assert_eq!(c.api.token.as_deref(), Some("t"));
}

#[test]
fn the_peer_table_comes_from_the_file_or_peers_file_and_excludes_allow_any_peer() {
    let entry = |host: &str| {
        format!("[[peer]]\nhost = \"{host}\"\naddresses = [\"127.0.0.1\"]\nrole = \"cscf\"\n")
    };
    let peers = TempFile::new(&entry("scscf1.ims.example.org"));
    let main = TempFile::new(&entry("scscf2.ims.example.org"));
    let c = load(&["--config", &main.arg(), "--peers-file", &peers.arg()], &[]).unwrap();
    let PeerPolicy::Table(table) = &c.engine.peers else { panic!("a peer table") };
    let hosts: Vec<&str> = table.iter().map(|e| e.host.as_str()).collect();
    assert_eq!(hosts, ["scscf2.ims.example.org", "scscf1.ims.example.org"]);
    let c = load(&[], &[("HSS_PEERS_FILE", &peers.arg())]).unwrap();
    assert!(matches!(c.engine.peers, PeerPolicy::Table(ref t) if t.len() == 1));
    // The same host in both: named.
    let again = TempFile::new(&entry("SCSCF1.ims.example.org"));
    let e = error(&["--config", &again.arg(), "--peers-file", &peers.arg()], &[]);
    assert!(e.contains("is listed twice"), "{e}");
    // A peers file holds peers only.
    let stray = TempFile::new("listen = \"127.0.0.1:1\"");
    assert!(error(&["--peers-file", &stray.arg()], &[]).contains("unknown key \"listen\""));
    assert_eq!(load(&["--allow-any-peer"], &[]).unwrap().engine.peers, PeerPolicy::AnyPeer);
    let e = error(&["--allow-any-peer", "--peers-file", &peers.arg()], &[]);
    assert!(e.starts_with("allow_any_peer: cannot be set with a peer table"), "{e}");
}

#[test]
fn empty_environment_variables_are_unset() {
    let c = load(&[], &[("HSS_LISTEN", ""), ("HSS_CONFIG", "")]).unwrap();
    assert_eq!(c.engine.io.listen, "0.0.0.0:3868".parse().unwrap());
}

#[test]
fn each_bad_value_names_its_key_and_source() {
    /// Flags, variables, expected message.
    type Case = (&'static [&'static str], &'static [(&'static str, &'static str)], &'static str);
    let cases: &[Case] = &[
        (
            &["--listen", "x"],
            &[],
            "listen: invalid socket address \"x\", expected IP:PORT (from --listen)",
        ),
        (
            &[],
            &[("HSS_REST", "localhost")],
            "rest: invalid socket address \"localhost\", expected IP:PORT (from HSS_REST)",
        ),
        (&["--mnc", "1"], &[], "mnc: must be 2 or 3 digits, not \"1\" (from --mnc)"),
        (&[], &[("HSS_MNC", "0a1")], "mnc: must be 2 or 3 digits, not \"0a1\" (from HSS_MNC)"),
        (&["--mcc", "20"], &[], "mcc: must be 3 digits, not \"20\" (from --mcc)"),
        (&["--shards", "many"], &[], "shards: invalid number \"many\" (from --shards)"),
        (
            &["--shards", "5000"],
            &[],
            "shards: must be between 0 and 1024, not 5000 (from --shards)",
        ),
        (
            &["--block-cache-mb", "4"],
            &[],
            "block_cache_mb: must be between 8 and 1048576, not 4 (from --block-cache-mb)",
        ),
        (
            &["--max-vectors", "0"],
            &[],
            "max_vectors: must be between 1 and 32, not 0 (from --max-vectors)",
        ),
        (
            &[],
            &[("HSS_WATCHDOG_SECS", "5")],
            "watchdog_secs: must be between 6 and 86400, not 5 (from HSS_WATCHDOG_SECS)",
        ),
        (
            &["--origin-host", "bad_host"],
            &[],
            concat!(
                "origin_host: not a valid host name \"bad_host\": ",
                "only letters, digits, '-' and '.' are allowed (from --origin-host)"
            ),
        ),
        (
            &["--origin-realm", "a..b"],
            &[],
            "origin_realm: not a valid host name \"a..b\": empty label (from --origin-realm)",
        ),
        (&["--store-path", ""], &[], "store_path: must not be empty (from --store-path)"),
    ];
    for (list, vars, expected) in cases {
        assert_eq!(&error(list, vars), expected);
    }
}

#[test]
fn bad_file_values_name_the_key_and_the_file() {
    let check = |contents: &str, expected: &str| {
        let f = TempFile::new(contents);
        let msg = error(&["--config", &f.arg()], &[]);
        assert_eq!(msg, format!("{expected} (from {})", f.arg()), "{contents}");
    };
    check("listen = 3868", "listen: invalid socket address \"3868\", expected IP:PORT");
    check("mnc = 1", "mnc: must be 2 or 3 digits, not \"1\"");
    check("shards = -1", "shards: must be between 0 and 1024, not -1");
    check("shards = true", "shards: expected a string, not the boolean true");
    check("bench_echo = \"maybe\"", "bench_echo: must be true or false, not \"maybe\"");
    check("origin_host = 12", "origin_host: expected a string, not the number 12");
    check("peer = 1", "peer: must be a list of tables ([[peer]])");
    check("peer = [1]", "peer: entry 1: must be a table");
    check("rest_token = \"\"", "rest_token: must not be empty");
    check("rest_max_connections = 0", "rest_max_connections: must be between 1 and 65536, not 0");
    check("oplog_max_days = 4000", "oplog_max_days: must be between 1 and 3650, not 4000");
}

#[test]
fn tls_needs_both_files() {
    let cert = error(&["--rest-tls-cert", "/etc/hss/cert.pem"], &[]);
    assert_eq!(cert, "rest_tls_key: must be set when rest_tls_cert is (from the default)");
    let c = load(&["--rest-tls-cert", "/c.pem", "--rest-tls-key", "/k.pem"], &[]).expect("valid");
    let tls = c.api.tls.expect("TLS");
    assert_eq!((tls.cert.to_str(), tls.key.to_str()), (Some("/c.pem"), Some("/k.pem")));
    assert!(load(&[], &[]).expect("defaults").api.tls.is_none());
}

#[test]
fn unknown_file_keys_are_named() {
    let f = TempFile::new("listen = \"0.0.0.0:3868\"\nlisten_port = 3868\n");
    let msg = error(&["--config", &f.arg()], &[]);
    assert!(
        msg.starts_with(&format!("config file {}: unknown key \"listen_port\"", f.arg())),
        "{msg}"
    );
    assert!(msg.contains("known keys: origin_host, origin_realm, listen"), "{msg}");
    // Sections are not keys either.
    let f = TempFile::new("[diameter]\nlisten = \"0.0.0.0:3868\"\n");
    assert!(error(&["--config", &f.arg()], &[]).contains("unknown key \"diameter\""));
}

#[test]
fn file_problems_name_the_file() {
    let missing = std::env::temp_dir().join("hssd-config-test-does-not-exist.toml");
    let msg = error(&["--config", &missing.display().to_string()], &[]);
    assert!(msg.starts_with(&format!("config file {}:", missing.display())), "{msg}");
    let f = TempFile::new("listen = \n");
    let msg = error(&[], &[("HSS_CONFIG", &f.arg())]);
    assert!(msg.starts_with(&format!("config file {}:", f.arg())), "{msg}");
}

#[test]
fn bad_flags_and_help_are_clap_errors() {
    let e = load(&["--no-such-flag"], &[]).unwrap_err();
    assert!(
        matches!(&e, ConfigError::Cli(c) if c.kind() == clap::error::ErrorKind::UnknownArgument)
    );
    let e = load(&["--help"], &[]).unwrap_err();
    assert!(matches!(&e, ConfigError::Cli(c) if c.kind() == clap::error::ErrorKind::DisplayHelp));
    // No flag for the token: secrets stay out of argv.
    assert!(matches!(load(&["--rest-token", "x"], &[]), Err(ConfigError::Cli(_))));
}

#[test]
fn bench_echo_is_off_unless_asked_for() {
    assert!(!load(&[], &[]).unwrap().engine.bench_echo);
    assert!(load(&["--bench-echo", "--benchmark-only"], &[]).unwrap().engine.bench_echo);
    let both = [("HSS_BENCH_ECHO", "yes"), ("HSS_BENCHMARK_ONLY", "yes")];
    assert!(load(&[], &both).unwrap().engine.bench_echo);
    assert!(!load(&[], &[("HSS_BENCH_ECHO", "0")]).unwrap().engine.bench_echo);
    let f = TempFile::new("bench_echo = true\nbenchmark_only = true");
    assert!(load(&["--config", &f.arg()], &[]).unwrap().engine.bench_echo);
    // Alone, the canned answer for any IMSI is refused.
    let e = error(&["--bench-echo"], &[]);
    assert!(e.starts_with("bench_echo: answers any IMSI with a canned success"), "{e}");
    assert_eq!(
        error(&[], &[("HSS_BENCH_ECHO", "on?")]),
        "bench_echo: must be true or false, not \"on?\" (from HSS_BENCH_ECHO)"
    );
}

#[test]
fn defaults_are_valid_and_switches_set_their_key() {
    // Every default passes its own check (Config::default() relies on it).
    let c = load(&[], &[]).unwrap();
    assert_eq!(c.engine.handoff_min_batch, 8);
    assert_eq!(c.rocks.block_cache_bytes, 256 << 20);
    assert_eq!(load(&["--no-handoff"], &[]).unwrap().engine.handoff_min_batch, 0);
    assert_eq!(load(&[], &[("HSS_HANDOFF", "false")]).unwrap().engine.handoff_min_batch, 0);
    let c = load(&["--handoff-min-batch", "3"], &[]).unwrap();
    assert_eq!(c.engine.handoff_min_batch, 3);
}

#[test]
fn help_lists_every_key_with_its_variable_and_default() {
    let help = keys::command().render_long_help().to_string();
    for key in KEYS {
        assert!(help.contains(key.env) || matches!(key.flag, Flag::Secret), "{}", key.name);
        if let Flag::Value(flag) | Flag::Switch(flag, _) = key.flag {
            assert!(help.contains(flag), "{flag}");
        }
    }
    assert!(help.contains("[default: 0.0.0.0:3868]"));
    assert!(!help.contains("--rest-token"), "no flag for a secret");
}

#[test]
fn the_readme_lists_every_setting_as_the_table_declares_it() {
    let readme = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"));
    let table = reference();
    assert!(
        readme.contains(&table),
        "README.md's settings table is out of date; paste this in its place:\n{table}"
    );
}

#[test]
fn the_diameter_connection_limits_reach_the_io_settings() {
    let c = load(
        &["--max-connections", "10", "--max-unopened", "3", "--tcp-keepalive-secs", "0"],
        &[("HSS_MAX_OUTPUT", "1048576"), ("HSS_WRITE_STALL_SECS", "7")],
    )
    .unwrap();
    let io = &c.engine.io;
    assert_eq!((io.max_connections, io.max_unopened, io.max_output), (10, 3, 1 << 20));
    assert_eq!((io.keepalive, io.write_stall), (None, Duration::from_secs(7)));
    assert_eq!(io.user_timeout, Some(Duration::from_secs(30)));
    assert_eq!(io.max_connections_per_address, 64);
    assert_eq!(io.max_outstanding_per_connection, 4096);
    assert!(error(&["--max-output", "1000"], &[]).starts_with("max_output: must be between"));
    let c = load(&["--max-outstanding-per-connection", "64"], &[]).unwrap();
    assert_eq!(c.engine.io.max_outstanding_per_connection, 64);
    assert!(
        error(&["--max-outstanding-per-connection", "0"], &[])
            .starts_with("max_outstanding_per_connection: must be between")
    );
}

#[test]
fn the_key_encryption_key_comes_from_the_environment_or_a_file_once() {
    const KEY: &str = "7:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    assert!(load(&[], &[]).unwrap().kek.current.is_none());
    let c = load(&[], &[("HSS_KEK", KEY)]).unwrap();
    assert_eq!(c.kek.current.as_ref().map(|k| k.id()), Some(7));
    assert!(!format!("{c:?}").contains("0001020304"), "the key never shows in Debug");
    let f = TempFile::new(KEY);
    let c = load(&["--kek-file", &f.arg(), "--rewrap-keys"], &[]).unwrap();
    assert!(c.kek.rewrap && c.kek.current.is_some());
    let e = error(&["--kek-file", &f.arg()], &[("HSS_KEK", KEY)]);
    assert!(e.starts_with("kek_file: give the key-encryption key once"), "{e}");
    let e = error(&["--rewrap-keys"], &[]);
    assert!(e.starts_with("kek_file: must be set when rewrap_keys is"), "{e}");
    let e = error(&[], &[("HSS_KEK", "7:00")]);
    assert!(e.starts_with("kek: "), "{e}");
}

#[test]
fn the_diameter_tls_port_needs_its_files_and_names_a_bad_one() {
    assert!(load(&[], &[]).unwrap().engine.io.tls.is_none());
    let e = error(&["--diameter-tls-listen", "127.0.0.1:5658"], &[]);
    assert!(e.starts_with("diameter_tls_cert: and diameter_tls_key must be set"), "{e}");
    let e = error(&["--diameter-tls-cert", "/nonexistent/cert.pem"], &[]);
    assert!(e.starts_with("diameter_tls_listen: must be set when"), "{e}");
    let args = [
        "--diameter-tls-listen",
        "127.0.0.1:5658",
        "--diameter-tls-cert",
        "/nonexistent/cert.pem",
        "--diameter-tls-key",
        "/nonexistent/key.pem",
    ];
    let e = error(&args, &[]);
    assert!(e.starts_with("diameter_tls_cert: ") && e.contains("/nonexistent/cert.pem"), "{e}");
}

#[test]
fn the_cache_budget_is_in_mib() {
    assert_eq!(load(&[], &[]).unwrap().cache_bytes, 4096 << 20);
    assert_eq!(load(&["--cache-mb", "64"], &[]).unwrap().cache_bytes, 64 << 20);
    assert!(error(&["--cache-mb", "1"], &[]).starts_with("cache_mb: must be between 16"));
}
