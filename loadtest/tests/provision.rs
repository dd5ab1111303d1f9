//! `loadtest::provision` against a minimal HTTP/1.1 server that records the requests and
//! answers from a script: 201 creates, 409 reuses, anything else fails.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use loadtest::{Config, LoadError, provision};
use serde_json::Value;

/// One request the server saw.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    authorization: Option<String>,
    body: Value,
}

type Script = fn(&str, &Value) -> u16;

/// Serves HTTP/1.1 with keep-alive on 127.0.0.1:0 from a thread; `script` picks each status.
fn serve(script: Script) -> (SocketAddr, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let log = Arc::clone(&log);
            std::thread::spawn(move || connection(stream, script, &log));
        }
    });
    (addr, seen)
}

fn connection(stream: TcpStream, script: Script, log: &Mutex<Vec<Seen>>) {
    let mut writer = stream.try_clone().expect("clone");
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let path = line.split_whitespace().nth(1).unwrap_or_default().to_owned();
        let (mut length, mut authorization) = (0usize, None);
        loop {
            let mut header = String::new();
            reader.read_line(&mut header).expect("header");
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(':').expect("header line");
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse().expect("length"),
                "authorization" => authorization = Some(value.trim().to_owned()),
                _ => {}
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("body");
        let body: Value = serde_json::from_slice(&body).expect("JSON body");
        let status = script(&path, &body);
        log.lock().expect("log").push(Seen { path, authorization, body: body.clone() });
        let answer = if status == 201 { body.to_string() } else { r#"{"error":{}}"#.into() };
        let response = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{answer}",
            answer.len()
        );
        writer.write_all(response.as_bytes()).expect("write");
    }
}

fn config(addr: SocketAddr, args: &[&str]) -> Config {
    let url = format!("http://{addr}");
    let mut all = vec!["hss-loadtest", "--provision", &url, "--imsis", "3", "--timeout-ms", "5000"];
    all.extend_from_slice(args);
    Config::from_args(all).expect("config")
}

#[test]
fn creates_the_profile_subscribers_and_keys_and_reuses_what_exists() {
    let (addr, seen) = serve(|path, body| match (path, body["imsi"].as_str()) {
        ("/apn-profiles", _) => 409,
        ("/subscribers", Some("001010000000002")) => 409,
        _ => 201,
    });
    let cfg = config(addr, &["--apn-profile-id", "7", "--rest-token", "s3cret"]);
    let summary = provision(&cfg).expect("provisioned");
    assert_eq!(summary.apn_profile_id, 7);
    assert!(!summary.apn_profile_created);
    assert_eq!((summary.subscribers_created, summary.subscribers_existing), (2, 1));
    assert_eq!((summary.auth_data_created, summary.auth_data_existing), (3, 0));

    let seen = seen.lock().expect("log").clone();
    let paths: Vec<_> = seen.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/apn-profiles",
            "/subscribers",
            "/auth-data",
            "/subscribers",
            "/auth-data",
            "/subscribers",
            "/auth-data"
        ]
    );
    assert!(seen.iter().all(|s| s.authorization.as_deref() == Some("Bearer s3cret")));
    assert_eq!(seen[0].body["id"], 7);
    assert_eq!(seen[0].body["apn"], "internet");
    assert_eq!(seen[1].body["imsi"], "001010000000001");
    assert_eq!(seen[1].body["apns"][0]["profile"], 7);
    assert!(seen[1].body["ue_ambr"]["uplink"].as_u64().is_some_and(|v| v > 0));
    assert_eq!(seen[6].body["imsi"], "001010000000003");
    assert_eq!(seen[6].body["ki"], "465b5ce8b199b49faa5f0a2ee238a6bc");
    assert_eq!(seen[6].body["opc"], "cd63cb71954a9f4e48a5994e37a02baf");
}

#[test]
fn a_refused_request_stops_provisioning() {
    let (addr, seen) = serve(|path, _| if path == "/auth-data" { 422 } else { 201 });
    let err = provision(&config(addr, &[])).expect_err("422 fails");
    match &err {
        LoadError::Provision { request, detail } => {
            assert!(request.ends_with("/auth-data"), "{request}");
            assert!(detail.contains("422"), "{detail}");
        }
        other => panic!("unexpected {other}"),
    }
    assert_eq!(seen.lock().expect("log").len(), 3, "stops at the first failure");
}

#[test]
fn nothing_to_do_without_a_url() {
    let cfg = Config::from_args(["hss-loadtest"]).expect("config");
    assert_eq!(provision(&cfg).expect("no-op").subscribers_created, 0);
}
