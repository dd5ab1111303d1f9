//! hssd's logs, from the binary: with `--log-format json` every line on standard error is a
//! JSON object; the start says the effective configuration without the REST token, a peer's
//! CER accepted and its connection ending are logged with its host, a CER refused is a
//! warning naming the Result-Code, and the stop is logged. A bad log setting stops the start.

mod support;

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;
use support::*;

const HOST: &str = "hss.test";
const REALM: &str = "test";
const SECRET: &str = "s3cret-token-never-logged";

#[test]
fn json_logs_say_start_peers_and_stop_and_never_the_token() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (mut child, addr) = start_json(dir.path(), "1", &[("HSS_REST_TOKEN", SECRET)]);

    // One peer accepted, then gone; one refused (not in the peer table: 3010).
    let mut mme = Mme::connect(addr, "mme1.test", HOST, REALM);
    mme.exchange_capabilities();
    drop(mme);
    let mut stranger = Mme::connect(addr, "stranger.test", HOST, REALM);
    let cer = stranger.cer_bytes();
    let cea = stranger.call(&cer);
    assert_eq!(result(&cea), codec::view::AnswerResult::Result(codec::ResultCode(3010)));
    drop(stranger);
    std::thread::sleep(Duration::from_millis(300));

    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    assert!(killed.expect("kill runs").success());
    let mut err = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut err).expect("stderr read");
    assert!(child.wait().expect("exit").success(), "{err}");

    let events: Vec<Value> = err
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let find = |message: &str| {
        events
            .iter()
            .find(|e| e["message"] == message)
            .unwrap_or_else(|| panic!("no {message:?} event in:\n{err}"))
    };
    let start = find("hssd starting");
    assert_eq!(start["level"], "INFO");
    assert!(start["timestamp"].is_string() && start["target"].is_string(), "{start}");
    assert!(start["config"].as_str().is_some_and(|c| c.contains(HOST)), "{start}");
    assert!(!err.contains(SECRET), "the REST token must never be logged:\n{err}");
    assert_eq!(find("peer connected")["host"], "mme1.test");
    let gone = events
        .iter()
        .find(|e| e["message"] == "peer disconnected" && e["host"] == "mme1.test")
        .unwrap_or_else(|| panic!("no disconnection of mme1.test in:\n{err}"));
    assert!(gone["address"].is_string(), "{gone}");
    let refused = events
        .iter()
        .find(|e| e["message"] == "peer closing" && e["level"] == "WARN")
        .unwrap_or_else(|| panic!("no warning about the refused CER in:\n{err}"));
    assert!(refused["reason"].as_str().is_some_and(|r| r.contains("3010")), "{refused}");
    find("hssd serving");
    find("hssd stopped");
}

/// hssd with JSON logs on loopback, `shards` shards and the environment `env` only: the child
/// and its Diameter address.
fn start_json(
    dir: &std::path::Path,
    shards: &str,
    env: &[(&str, &str)],
) -> (std::process::Child, SocketAddr) {
    // The peer table: mme1.test from loopback, in the test MMEs' realm.
    let peers = dir.join("peers.toml");
    let realm = testkit::mme::MME_REALM;
    let table = format!(
        "[[peer]]\nhost = \"mme1.test\"\nrealm = \"{realm}\"\naddresses = [\"127.0.0.1\"]\nrole = \"mme\"\n"
    );
    std::fs::write(&peers, table).expect("peers file");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hssd"))
        .args(["--listen", "127.0.0.1:0", "--rest", "127.0.0.1:0", "--shards", shards])
        .args(["--origin-host", HOST, "--origin-realm", REALM])
        .args(["--log-format", "json", "--peers-file"])
        .arg(&peers)
        .arg("--store-path")
        .arg(dir)
        .env_clear()
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hssd starts");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(Duration::from_secs(10)).expect("the start-up line");
    let addr = line
        .split_whitespace()
        .map(|w| w.trim_end_matches(','))
        .find_map(|w| w.parse().ok())
        .expect("the Diameter address");
    (child, addr)
}

#[test]
fn a_flood_of_refused_peers_is_logged_at_a_bounded_rate() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (mut child, addr) = start_json(dir.path(), "2", &[]);
    const FLOOD: usize = 150;
    for i in 0..FLOOD {
        let mut stranger = Mme::connect(addr, &format!("stranger{i}.test"), HOST, REALM);
        let cer = stranger.cer_bytes();
        let cea = stranger.call(&cer);
        assert_eq!(result(&cea), codec::view::AnswerResult::Result(codec::ResultCode(3010)));
    }
    // A second later, one more: its line says how many were held back.
    std::thread::sleep(Duration::from_millis(1100));
    let mut last = Mme::connect(addr, "stranger-last.test", HOST, REALM);
    let cer = last.cer_bytes();
    last.call(&cer);
    drop(last);
    std::thread::sleep(Duration::from_millis(300));
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    assert!(killed.expect("kill runs").success());
    let mut err = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut err).expect("stderr read");
    assert!(child.wait().expect("exit").success(), "{err}");
    let refusals: Vec<Value> = err
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|e| e["message"] == "peer closing" && e["level"] == "WARN")
        .collect();
    // 20 a second at most: the flood spans one or two seconds, plus the last line.
    assert!(refusals.len() <= 61, "{} refusal lines:\n{err}", refusals.len());
    let held_back: u64 = refusals.iter().filter_map(|e| e["suppressed"].as_u64()).sum();
    assert!(held_back > 0, "the count of lines held back is reported:\n{err}");
    assert_eq!(
        refusals.len() as u64 + held_back,
        FLOOD as u64 + 1,
        "every refusal is either logged or counted"
    );
}

#[test]
fn a_bad_log_setting_stops_the_start_naming_the_key() {
    let out = Command::new(env!("CARGO_BIN_EXE_hssd"))
        .args(["--log-format", "xml"])
        .env_clear()
        .output()
        .expect("hssd runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("hssd: log_format:"), "{err}");
    let out = Command::new(env!("CARGO_BIN_EXE_hssd"))
        .args(["--log-level", "engine=loud"])
        .env_clear()
        .output()
        .expect("hssd runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("hssd: log_level:"));
}
