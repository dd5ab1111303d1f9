//! The `hssd` binary: SQNs survive `kill -9` (every SQN after a restart is above every SQN
//! before), SIGTERM shuts down cleanly with DPR, and a bad configuration exits with status 2.

mod s6a_common;

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use s6a_common::*;
use store::{RocksConfig, Store, StoreConfig};

const IMSI: &str = "001010000000001";
const HOST: &str = "hss.test";
const REALM: &str = "test";

/// A running `hssd` and the address it printed.
struct Daemon {
    child: Child,
    addr: SocketAddr,
}

impl Daemon {
    /// Starts `hssd` on 127.0.0.1, a port the kernel picks, over `dir`; waits for the line
    /// that says where it listens (printed once every shard accepts).
    fn start(dir: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hssd"))
            .args(["--listen", "127.0.0.1:0", "--shards", "2", "--origin-host", HOST])
            .args(["--origin-realm", REALM, "--mcc", HOME_MCC, "--mnc", HOME_MNC])
            .arg("--store-path")
            .arg(dir)
            .env_clear()
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
        let line = match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(line) if !line.is_empty() => line,
            other => {
                let _ = child.kill();
                let mut err = String::new();
                let _ = child.stderr.take().map(|mut e| e.read_to_string(&mut err));
                panic!("hssd did not report its address ({other:?}): {err}");
            }
        };
        let addr = line
            .split_whitespace()
            .find_map(|w| w.parse::<SocketAddr>().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        assert!(line.contains("(2 shards)"), "{line}");
        Self { child, addr }
    }

    fn mme(&self, host: &str) -> Mme {
        let mut mme = Mme::connect(self.addr, host, HOST, REALM);
        mme.exchange_capabilities();
        mme
    }

    /// Waits for the process to exit, at most `timeout`.
    fn wait(&mut self, timeout: Duration) -> std::process::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            if start.elapsed() > timeout {
                let _ = self.child.kill();
                panic!("hssd did not exit within {timeout:?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        // Never leave a daemon behind a failed test.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// SQNs of `rounds` AIRs of `n` vectors each, verified.
fn airs(mme: &mut Mme, rounds: usize, n: u32) -> Vec<u64> {
    let mut sqns = Vec::new();
    for _ in 0..rounds {
        sqns.extend(verified_sqns(&mme.air(IMSI, n)));
    }
    assert_strictly_increasing(&sqns);
    sqns
}

#[test]
fn sqns_after_kill_9_are_above_every_sqn_before() {
    let dir = tempfile::tempdir().expect("temporary directory");
    // Provision before hssd runs: RocksDB admits one process at a time.
    {
        let store = Store::open(dir.path(), &RocksConfig::default(), StoreConfig::default())
            .expect("store opens");
        provision(&store, &SubSpec::new(IMSI));
    }

    let mut first = Daemon::start(dir.path());
    let mut mme = first.mme("mme1.test");
    let before = airs(&mut mme, 10, 3);
    drop(mme);
    first.child.kill().expect("SIGKILL");
    let status = first.wait(Duration::from_secs(5));
    assert!(!status.success(), "killed: {status:?}");

    let mut second = Daemon::start(dir.path());
    let mut mme = second.mme("mme1.test");
    let after = airs(&mut mme, 10, 3);
    let highest_before = before.iter().max().copied().expect("SQNs before");
    assert!(
        after.iter().all(|&s| s > highest_before),
        "after restart {:#x} is not above {highest_before:#x}",
        after[0],
    );

    // SIGTERM: the daemon sends DPR to its peer, which answers; then it exits 0.
    let peer = std::thread::spawn(move || {
        let dpr = mme.next_request();
        assert_eq!(command_code(&dpr), 282, "DPR on SIGTERM");
        let mut dpa = bytes::BytesMut::new();
        codec::build::base::dpa(&mut dpa, &msg(&dpr), &mme.origin());
        mme.send(&dpa);
        assert!(mme.closed_by_server());
    });
    let pid = second.child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().expect("kill runs");
    assert!(killed.success());
    let status = second.wait(Duration::from_secs(5));
    assert!(status.success(), "clean exit on SIGTERM: {status:?}");
    peer.join().expect("the peer got DPR");
    let mut err = String::new();
    second.child.stderr.take().expect("stderr").read_to_string(&mut err).unwrap();
    assert!(err.contains("SIGTERM"), "{err}");
}

#[test]
fn a_bad_configuration_exits_with_status_2_naming_the_key() {
    let out = Command::new(env!("CARGO_BIN_EXE_hssd"))
        .args(["--mnc", "1"])
        .env_clear()
        .output()
        .expect("hssd runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("hssd: mnc:"), "{err}");
    assert!(out.stdout.is_empty());
}
