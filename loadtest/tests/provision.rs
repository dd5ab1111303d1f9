//! `loadtest::provision` against a minimal HTTP/1.1 server that records the requests and
//! answers from a script: the bulk import (NDJSON chunks, duplicates, failures beyond the 100
//! listed), and the older one-request-per-object path when the import answers 404 or 405.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use loadtest::{Config, LoadError, provision};
use serde_json::{Value, json};

/// One request the server saw.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    content_type: Option<String>,
    authorization: Option<String>,
    body: String,
}

impl Seen {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("JSON body")
    }

    /// The NDJSON lines of an import.
    fn lines(&self) -> Vec<Value> {
        self.body.lines().map(|l| serde_json::from_str(l).expect("NDJSON line")).collect()
    }
}

type Script = Box<dyn FnMut(&Seen) -> (u16, String) + Send>;
type Log = Arc<Mutex<Vec<Seen>>>;

/// Serves HTTP/1.1 with keep-alive on 127.0.0.1:0 from a thread; `script` answers each
/// request with a status and a body.
fn serve(script: Script) -> (SocketAddr, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let script = Arc::new(Mutex::new(script));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let (log, script) = (Arc::clone(&log), Arc::clone(&script));
            std::thread::spawn(move || connection(stream, &script, &log));
        }
    });
    (addr, seen)
}

fn connection(stream: TcpStream, script: &Mutex<Script>, log: &Mutex<Vec<Seen>>) {
    let mut writer = stream.try_clone().expect("clone");
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let path = line.split_whitespace().nth(1).unwrap_or_default().to_owned();
        let (mut length, mut authorization, mut content_type) = (0usize, None, None);
        loop {
            let mut header = String::new();
            reader.read_line(&mut header).expect("header");
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(':').expect("header line");
            let value = Some(value.trim().to_owned());
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.and_then(|v| v.parse().ok()).expect("length"),
                "authorization" => authorization = value,
                "content-type" => content_type = value,
                _ => {}
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("body");
        let body = String::from_utf8(body).expect("UTF-8 body");
        let seen = Seen { path, content_type, authorization, body };
        let (status, answer) = (script.lock().expect("script"))(&seen);
        log.lock().expect("log").push(seen);
        let response = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{answer}",
            answer.len()
        );
        writer.write_all(response.as_bytes()).expect("write");
    }
}

/// A script for the per-object paths: `status` picks 201, 409 or a failure.
fn objects(status: fn(&str, &Value) -> u16) -> impl FnMut(&Seen) -> (u16, String) {
    move |seen| {
        if seen.path == "/subscribers/import" {
            return (404, r#"{"error":{"code":"not_found"}}"#.into());
        }
        let code = status(&seen.path, &seen.json());
        (code, if code == 201 { seen.body.clone() } else { r#"{"error":{}}"#.into() })
    }
}

/// A script importing like hssd: subscribers in `existing` fail as duplicates, those in
/// `invalid` as invalid; at most 100 failures are listed. The APN profile is created.
fn importer(existing: HashSet<String>, invalid: HashSet<String>) -> Script {
    let mut stored = existing;
    Box::new(move |seen| {
        if seen.path != "/subscribers/import" {
            return (201, seen.body.clone());
        }
        let (mut imported, mut failed, mut errors) = (0, 0, Vec::new());
        for (i, line) in seen.lines().iter().enumerate() {
            let imsi = line["imsi"].as_str().expect("imsi").to_owned();
            let code = if invalid.contains(&imsi) {
                "invalid"
            } else if !stored.insert(imsi) {
                "subscriber.duplicate"
            } else {
                imported += 1;
                continue;
            };
            failed += 1;
            if errors.len() < 100 {
                let error = json!({"code": code, "message": "refused", "field": "imsi"});
                errors.push(json!({"line": i + 1, "error": error}));
            }
        }
        (200, json!({"imported": imported, "failed": failed, "errors": errors}).to_string())
    })
}

fn imsi(i: u64) -> String {
    format!("00101{:010}", i + 1)
}

fn config(addr: SocketAddr, args: &[&str]) -> Config {
    let url = format!("http://{addr}");
    let mut all = vec!["hss-loadtest", "--provision", &url, "--timeout-ms", "5000"];
    if !args.contains(&"--imsis") {
        all.extend(["--imsis", "3"]);
    }
    all.extend_from_slice(args);
    Config::from_args(all).expect("config")
}

fn imports(seen: &Log) -> Vec<Seen> {
    let seen = seen.lock().expect("log");
    seen.iter().filter(|s| s.path == "/subscribers/import").cloned().collect()
}

#[test]
fn the_bulk_import_sends_ndjson_chunks_with_the_keys() {
    let (addr, seen) = serve(importer(HashSet::new(), HashSet::new()));
    let args = ["--imsis", "25", "--provision-chunk", "10", "--rest-token", "s3cret"];
    let s = provision(&config(addr, &args)).expect("provisioned");
    assert!(s.bulk && s.apn_profile_created);
    assert_eq!((s.import_requests, s.imported, s.failed), (3, 25, 0));
    assert_eq!((s.subscribers_created, s.auth_data_created, s.subscribers_existing), (25, 25, 0));

    let all = seen.lock().expect("log").clone();
    assert_eq!(all[0].path, "/apn-profiles");
    assert!(all.iter().all(|s| s.authorization.as_deref() == Some("Bearer s3cret")));
    let chunks = imports(&seen);
    let sizes: Vec<usize> = chunks.iter().map(|c| c.lines().len()).collect();
    assert_eq!(sizes, [10, 10, 5]);
    assert!(chunks.iter().all(|c| c.content_type.as_deref() == Some("application/x-ndjson")));
    let lines: Vec<Value> = chunks.iter().flat_map(Seen::lines).collect();
    let imsis: Vec<&str> = lines.iter().filter_map(|l| l["imsi"].as_str()).collect();
    assert_eq!(imsis, (0..25).map(imsi).collect::<Vec<_>>());
    assert_eq!(lines[0]["apns"][0]["profile"], 1);
    assert!(lines[0]["ue_ambr"]["uplink"].as_u64().is_some_and(|v| v > 0));
    assert_eq!(lines[24]["auth"]["ki"], "465b5ce8b199b49faa5f0a2ee238a6bc");
    assert_eq!(lines[24]["auth"]["opc"], "cd63cb71954a9f4e48a5994e37a02baf");
}

#[test]
fn duplicates_count_as_existing_even_beyond_the_listed_failures() {
    // 250 of 300 exist: the answer counts 250 failures but lists 100, so the 200 unlisted
    // lines are sent again, 100 at a time, and all come back as duplicates.
    let existing = (0..250).map(imsi).collect();
    let (addr, seen) = serve(importer(existing, HashSet::new()));
    let s = provision(&config(addr, &["--imsis", "300"])).expect("provisioned");
    assert_eq!((s.imported, s.failed, s.import_requests), (50, 250, 3));
    assert_eq!((s.subscribers_existing, s.auth_data_existing), (250, 250));
    let sizes: Vec<usize> = imports(&seen).iter().map(|c| c.lines().len()).collect();
    assert_eq!(sizes, [300, 100, 100]);

    // Provisioning again: everything is there.
    let again = provision(&config(addr, &["--imsis", "300"])).expect("again");
    assert_eq!((again.imported, again.failed), (0, 300));
}

#[test]
fn any_other_failed_line_stops_provisioning() {
    let (addr, _) = serve(importer(HashSet::new(), HashSet::from([imsi(6)])));
    let err = provision(&config(addr, &["--imsis", "10"])).expect_err("an invalid line");
    let text = err.to_string();
    assert!(text.contains("/subscribers/import"), "{text}");
    assert!(text.contains("line 7 (IMSI 001010000000007): invalid (imsi)"), "{text}");

    // A failure the answer did not list is found when the unlisted lines are sent again.
    let existing = (0..150).map(imsi).collect();
    let (addr, _) = serve(importer(existing, HashSet::from([imsi(199)])));
    let err = provision(&config(addr, &["--imsis", "220"])).expect_err("unlisted failure");
    assert!(err.to_string().contains("IMSI 001010000000200): invalid"), "{err}");

    let (addr, _) = serve(Box::new(|seen: &Seen| match seen.path.as_str() {
        "/subscribers/import" => (413, r#"{"error":{"code":"payload_too_large"}}"#.into()),
        _ => (201, seen.body.clone()),
    }));
    let err = provision(&config(addr, &[])).expect_err("413");
    assert!(matches!(&err, LoadError::Provision { detail, .. } if detail.contains("413")), "{err}");
}

#[test]
fn an_older_hssd_without_import_gets_one_request_per_object() {
    let (addr, seen) = serve(Box::new(objects(|path, body| match (path, body["imsi"].as_str()) {
        ("/apn-profiles", _) => 409,
        ("/subscribers", Some("001010000000002")) => 409,
        _ => 201,
    })));
    let cfg = config(addr, &["--apn-profile-id", "7", "--rest-token", "s3cret"]);
    let summary = provision(&cfg).expect("provisioned");
    assert!(!summary.bulk);
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
            "/subscribers/import",
            "/subscribers",
            "/auth-data",
            "/subscribers",
            "/auth-data",
            "/subscribers",
            "/auth-data"
        ]
    );
    assert!(seen.iter().all(|s| s.authorization.as_deref() == Some("Bearer s3cret")));
    assert_eq!(seen[0].json()["id"], 7);
    assert_eq!(seen[0].json()["apn"], "internet");
    assert_eq!(seen[2].json()["imsi"], "001010000000001");
    assert_eq!(seen[2].json()["apns"][0]["profile"], 7);
    assert_eq!(seen[7].json()["imsi"], "001010000000003");
    assert_eq!(seen[7].json()["ki"], "465b5ce8b199b49faa5f0a2ee238a6bc");
    assert_eq!(seen[7].json()["opc"], "cd63cb71954a9f4e48a5994e37a02baf");
}

#[test]
fn a_405_to_the_import_also_falls_back() {
    // An hssd that routes /subscribers/import as /subscribers/{imsi}, which has no POST.
    let (addr, seen) = serve(Box::new(|seen: &Seen| match seen.path.as_str() {
        "/subscribers/import" => (405, r#"{"error":{"code":"method_not_allowed"}}"#.into()),
        _ => (201, seen.body.clone()),
    }));
    let s = provision(&config(addr, &[])).expect("provisioned");
    assert_eq!((s.bulk, s.subscribers_created, s.auth_data_created), (false, 3, 3));
    assert_eq!(seen.lock().expect("log").len(), 8);
}

#[test]
fn a_refused_request_stops_provisioning() {
    let (addr, seen) =
        serve(Box::new(objects(|path, _| if path == "/auth-data" { 422 } else { 201 })));
    let err = provision(&config(addr, &[])).expect_err("422 fails");
    match &err {
        LoadError::Provision { request, detail } => {
            assert!(request.ends_with("/auth-data"), "{request}");
            assert!(detail.contains("422"), "{detail}");
        }
        other => panic!("unexpected {other}"),
    }
    assert_eq!(seen.lock().expect("log").len(), 4, "stops at the first failure");
}

#[test]
fn nothing_to_do_without_a_url_or_with_no_provision() {
    let cfg = Config::from_args(["hss-loadtest"]).expect("config");
    assert_eq!(provision(&cfg).expect("no-op"), loadtest::ProvisionSummary::default());
    // Nothing listens there: provisioning would fail.
    let cfg = Config { no_provision: true, ..config("127.0.0.1:9".parse().expect("addr"), &[]) };
    assert_eq!(provision(&cfg).expect("no-op").subscribers_created, 0);
}
