//! The `hssd` binary: a subscriber provisioned over REST attaches over Diameter and every
//! REST write is seen by the next request, SQNs survive `kill -9` (every SQN after a restart
//! is above every SQN before), SIGTERM shuts down cleanly with DPR, and a bad configuration
//! exits with status 2.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use api::client::Client;
use codec::build::s6a::Tbcd;
use codec::dict::{s6a, sh, tgpp};
use codec::view::AnswerResult;
use codec::{ResultCode, code::experimental as exp};
use serde_json::json;
use store::{RocksConfig, Store, StoreConfig};
use support::*;

const IMSI: &str = "001010000000001";
const HOST: &str = "hss.test";
const REALM: &str = "test";

/// A running `hssd` and the addresses it printed.
struct Daemon {
    child: Child,
    addr: SocketAddr,
    rest: SocketAddr,
}

impl Daemon {
    /// Starts `hssd` on 127.0.0.1, a port the kernel picks, over `dir`; waits for the line
    /// that says where it listens (printed once every shard accepts).
    fn start(dir: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hssd"))
            .args(["--listen", "127.0.0.1:0", "--rest", "127.0.0.1:0", "--shards", "2"])
            .args(["--origin-host", HOST, "--allow-any-peer"])
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
        let addrs: Vec<SocketAddr> = line
            .split_whitespace()
            .map(|w| w.trim_end_matches(','))
            .filter_map(|w| w.parse().ok())
            .collect();
        let [addr, rest] = addrs[..] else { panic!("no Diameter and REST address in {line:?}") };
        assert!(line.contains("(2 shards)"), "{line}");
        assert!(line.contains(&format!("REST on {rest}")), "{line}");
        Self { child, addr, rest }
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
fn a_subscriber_provisioned_over_rest_attaches_and_every_write_is_seen_at_once() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let hssd = Daemon::start(dir.path());
    let rest = Client::new(hssd.rest);
    let call = |r: Result<api::client::Reply, _>| r.expect("the REST API answers");
    assert_eq!(call(rest.get("/health")).status, 200);
    let apn = json!({
        "id": APN_ID, "apn": APN_NAME, "qci": APN_QCI,
        "arp": {"priority_level": APN_PRIORITY, "pre_emption_capability": false,
                "pre_emption_vulnerability": true},
        "ambr": {"uplink": APN_AMBR.uplink, "downlink": APN_AMBR.downlink},
        "pdn_type": "ipv4v6"
    });
    assert_eq!(call(rest.post("/apn-profiles", &apn)).status, 201);
    let msisdn = "491790000001";
    let subscriber = json!({
        "imsi": IMSI, "msisdn": msisdn,
        "ue_ambr": {"uplink": UE_AMBR.uplink, "downlink": UE_AMBR.downlink},
        "apns": [{"profile": APN_ID, "static_ipv4": "10.45.0.7"}]
    });
    assert_eq!(call(rest.post("/subscribers", &subscriber)).status, 201);

    let mut mme = hssd.mme("mme1.test");
    // No keys yet: 4181. Then the keys arrive over REST and the next AIR uses them.
    let unavailable = experimental(exp::AUTHENTICATION_DATA_UNAVAILABLE);
    assert_eq!(result(&mme.air(IMSI, 1)), unavailable);
    let auth = json!({"imsi": IMSI, "ki": hex::encode(K), "opc": hex::encode(OPC),
                      "amf": "8000", "sqn": 0});
    assert_eq!(call(rest.post("/auth-data", &auth)).status, 201);
    let sqns = verified_sqns(&mme.air(IMSI, 2));
    assert_eq!(sqns.len(), 2, "two vectors, XRES/AUTN/KASME recomputed from K and OPc");

    let ula = mme.ulr(IMSI);
    assert_eq!(result(&ula), AnswerResult::Result(ResultCode::SUCCESS));
    let data = top(&msg(&ula), &s6a::SUBSCRIPTION_DATA).expect("Subscription-Data");
    let tbcd = Tbcd::encode(msisdn).expect("digits");
    assert_eq!(child(&data, &sh::MSISDN).expect("MSISDN").data, tbcd.as_bytes());
    assert_eq!(qci_of(&ula), u32::from(APN_QCI));
    let r = call(rest.get(&format!("/subscribers/{IMSI}")));
    assert_eq!(r.body["serving_mme"]["host"], "mme1.test", "ULR recorded the MME: {r:?}");
    assert!(r.body["serving_mme"]["updated_at"].as_str().is_some_and(|t| t.ends_with('Z')));
    // An APN profile change reaches the next ULA (the encoded profile is cached per entry).
    let r = call(rest.patch(&format!("/apn-profiles/{APN_ID}"), &json!({"qci": 5})));
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(qci_of(&mme.ulr(IMSI)), 5);

    // A visited network: allowed, then barred by a PATCH, seen by the very next AIR.
    let visited = visited_plmn();
    let req = mme.air_bytes(IMSI, 1, &visited, None);
    assert_eq!(result(&mme.call(&req)), AnswerResult::Result(ResultCode::SUCCESS));
    let r = call(rest.patch(&format!("/subscribers/{IMSI}"), &json!({"roaming_allowed": false})));
    assert_eq!(r.status, 200);
    let req = mme.air_bytes(IMSI, 1, &visited, None);
    assert_eq!(result(&mme.call(&req)), experimental(exp::ERROR_ROAMING_NOT_ALLOWED));

    // An operator SQN reset: the next vector is above it.
    let reset = 1u64 << 40;
    let r = call(rest.patch(&format!("/auth-data/{IMSI}"), &json!({"sqn": reset})));
    assert_eq!(r.status, 200, "{r:?}");
    assert!(verified_sqns(&mme.air(IMSI, 1))[0] > reset);

    assert_eq!(call(rest.delete(&format!("/subscribers/{IMSI}"))).status, 200);
    assert_eq!(result(&mme.air(IMSI, 1)), experimental(exp::ERROR_USER_UNKNOWN));
}

/// The QoS-Class-Identifier of the first APN configuration in a ULA.
fn qci_of(ula: &[u8]) -> u32 {
    let m = msg(ula);
    let data = top(&m, &s6a::SUBSCRIPTION_DATA).expect("Subscription-Data");
    let profile = child(&data, &s6a::APN_CONFIGURATION_PROFILE).expect("APN profile");
    let apn = children(&profile, &s6a::APN_CONFIGURATION).remove(0);
    let qos = child(&apn, &s6a::EPS_SUBSCRIBED_QOS_PROFILE).expect("QoS");
    u32_of(child(&qos, &tgpp::QOS_CLASS_IDENTIFIER))
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
    // Those came from the subscriber's boot window: no synced reservation after the restart.
    assert_eq!(metric(second.rest, "hss_sqn_boot_windows_total"), 1.0);
    assert_eq!(metric(second.rest, "hss_sqn_reservation_writes_total"), 0.0);

    // SIGTERM: the daemon sends DPR to its peer, which answers; then it exits 0.
    let peer = std::thread::spawn(move || {
        let dpr = mme.next_request();
        assert_eq!(command_code(&dpr), 282, "DPR on SIGTERM");
        let dpa = mme.answer_bytes(&dpr);
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

/// One unlabelled sample of `GET /metrics`.
fn metric(rest: SocketAddr, name: &str) -> f64 {
    let mut s = std::net::TcpStream::connect(rest).expect("REST connects");
    s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    s.write_all(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .expect("request");
    let mut raw = String::new();
    s.read_to_string(&mut raw).expect("response");
    raw.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {raw}"))
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
