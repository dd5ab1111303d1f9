//! Ki/OPc at rest, from the hssd binary: `--rewrap-keys` wraps a plaintext database under a
//! key-encryption key and reports it; afterwards hssd refuses to start without that key or
//! with another one, naming the problem, and starts with the right one. A rotation re-wraps
//! under a new key with the old one as the previous key.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use store::{RocksConfig, Store, StoreConfig};
use testkit::provision::{SubSpec, provision};

const KEY_1: &str = "1:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const KEY_2: &str = "2:202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";

/// hssd over `dir` with `args`, the environment cleared but for `env`: its output once it
/// exits by itself, or once it printed its start-up line (then it is stopped). 60 s at most.
fn hssd(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hssd"))
        .args(["--listen", "127.0.0.1:0", "--rest", "127.0.0.1:0", "--shards", "1"])
        .arg("--store-path")
        .arg(dir)
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hssd runs");
    // The start-up line says where it listens; a run that exits says something else or nothing.
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut all = String::new();
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            all.push_str(&line);
            if line.contains("listening on") {
                let _ = tx.send((all.clone(), true));
            }
            line.clear();
        }
        let _ = tx.send((all, false));
    });
    let (printed, serving) = rx.recv_timeout(Duration::from_secs(60)).expect("hssd ends or serves");
    if serving {
        let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    }
    let mut out = child.wait_with_output().expect("hssd ends");
    out.stdout = printed.into_bytes();
    out
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[test]
fn hssd_wraps_rotates_and_refuses_a_wrong_key() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let data = dir.path().join("data");
    {
        let store =
            Store::open(&data, &RocksConfig::default(), StoreConfig::default()).expect("store");
        for i in 1..=20 {
            provision(&store, &SubSpec::of(testkit::provision::imsi(i)));
        }
    }
    // Plaintext until re-wrapped: the first re-wrap encrypts everything.
    let out = hssd(&data, &["--rewrap-keys"], &[("HSS_KEK", KEY_1)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains(
            "re-wrapped under key-encryption key 1: 0 from the previous key, 20 from plaintext"
        ),
        "{}",
        text(&out)
    );

    // Without the key, or with another one: refused, naming why.
    let out = hssd(&data, &[], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("no key-encryption key was given"), "{}", text(&out));
    let out = hssd(&data, &[], &[("HSS_KEK", KEY_2)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("does not match this database"), "{}", text(&out));

    // Rotation to key 2, key 1 as the previous one (from a file).
    let previous = dir.path().join("kek-1");
    std::fs::write(&previous, KEY_1).expect("key file");
    let prev = previous.to_str().expect("path");
    let out = hssd(&data, &["--rewrap-keys", "--previous-kek-file", prev], &[("HSS_KEK", KEY_2)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("20 from the previous key"), "{}", text(&out));
    let out = hssd(&data, &[], &[("HSS_KEK", KEY_1)]);
    assert_eq!(out.status.code(), Some(1), "the old key no longer opens it: {}", text(&out));
    // The new key alone serves: hssd runs until stopped.
    let out = hssd(&data, &["--allow-any-peer"], &[("HSS_KEK", KEY_2)]);
    assert!(text(&out).contains("listening on"), "{}", text(&out));
}
