//! hssctl against a real REST API on a loopback port: tokens, add/show/list, an import in
//! chunks with a bad line (reported with its line in the file) and its rollback as one group,
//! vectors, the operation log, errors on standard error with the exit status.

use std::process::{Command, Output};
use std::sync::Arc;

use api::{ApiConfig, ApiServer};
use serde_json::Value;
use store::{MemStore, Store, StoreConfig};

const KI: &str = "465b5ce8b199b49faa5f0a2ee238a6bc";
const OPC: &str = "cd63cb71954a9f4e48a5994e37a02baf";

struct Ctl {
    url: String,
    token: String,
}

impl Ctl {
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_hssctl"))
            .args(["--url", &self.url, "--token", &self.token])
            .args(args)
            .env_remove("HSS_URL")
            .env_remove("HSS_TOKEN")
            .output()
            .expect("hssctl runs")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("UTF-8")
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("JSON")
    }
}

#[test]
fn daily_tasks() {
    let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
    let config = ApiConfig {
        addr: Some("127.0.0.1:0".parse().expect("address")),
        token: Some("root".into()),
        workers: 1,
        ..Default::default()
    };
    let server = ApiServer::start(store.clone(), None, &config).expect("API starts");
    let root = Ctl { url: format!("http://{}", server.local_addr()), token: "root".into() };
    assert_eq!(root.json(&["health"])["status"], "ok");

    let created = root.json(&["token", "create", "ops", "--scope", "write", "--scope", "secrets"]);
    let ops =
        Ctl { url: root.url.clone(), token: created["secret"].as_str().expect("secret").into() };
    assert!(root.ok(&["token", "list"]).contains("\"ops\""));

    let apn = serde_json::json!({"apn": "internet", "qci": 9,
        "arp": {"priority_level": 8, "pre_emption_capability": false,
                "pre_emption_vulnerability": true},
        "ambr": {"uplink": 1, "downlink": 2}, "pdn_type": "ipv4"});
    let client = api::client::Client::new(server.local_addr()).with_token("root");
    let apn = client.post("/apn-profiles", &apn).expect("apn").body["id"].as_u64().expect("id");
    let apn = apn.to_string();

    let added = ops.json(&[
        "subscriber",
        "add",
        "--imsi",
        "001010000000001",
        "--apn",
        &apn,
        "--msisdn",
        "4917000001",
        "--ki",
        KI,
        "--opc",
        OPC,
    ]);
    assert_eq!(added["imsi"], "001010000000001");
    assert_eq!(ops.json(&["subscriber", "show", "001010000000001"])["msisdn"], "4917000001");

    // An import of 25 lines in chunks of 10, line 13 broken.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("subs.ndjson");
    let lines: Vec<String> = (0..25)
        .map(|i| {
            if i == 12 {
                return "{\"imsi\": ".into();
            }
            serde_json::json!({"imsi": format!("0010100000001{i:02}"),
                "ue_ambr": {"uplink": 1, "downlink": 2}, "apns": [{"profile": apn.parse::<u64>().unwrap()}],
                "auth": {"ki": KI, "opc": OPC}})
            .to_string()
        })
        .collect();
    std::fs::write(&file, lines.join("\n") + "\n").expect("file");
    let out = ops.run(&[
        "import",
        file.to_str().expect("path"),
        "--chunk",
        "10",
        "--operation-id",
        "batch-1",
    ]);
    assert_eq!(out.status.code(), Some(1), "a failed line fails the command");
    let summary: Value = serde_json::from_slice(&out.stdout).expect("summary");
    assert_eq!((summary["imported"].as_u64(), summary["failed"].as_u64()), (Some(24), Some(1)));
    assert_eq!(summary["errors"][0]["line"], 13, "the line in the file");
    assert!(String::from_utf8_lossy(&out.stderr).contains("rollback --group batch-1"));

    let listed =
        ops.ok(&["subscriber", "list", "--imsi-prefix", "0010100000001", "--limit", "7", "--all"]);
    assert_eq!(listed.lines().count(), 24);

    let v = ops.json(&["vectors", "001010000000001", "--type", "umts", "--count", "2"]);
    assert_eq!(v["vectors"].as_array().map(Vec::len), Some(2));

    let log = ops.ok(&["oplog", "--limit", "50", "--operation-id", "batch-1"]);
    assert_eq!(log.lines().count(), 3, "three chunks:\n{log}");
    assert!(log.contains("POST /subscribers/import") && log.contains("group batch-1"));

    // Rollback needs admin: the ops token is refused, root's works.
    let refused = ops.run(&["rollback", "--group", "batch-1"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("HTTP 403"));
    root.ok(&["rollback", "--group", "batch-1"]);
    assert_eq!(
        ops.ok(&["subscriber", "list", "--imsi-prefix", "0010100000001", "--all"]).lines().count(),
        0
    );

    let missing = ops.run(&["subscriber", "show", "001010000000999"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("HTTP 404"));
    let help = Command::new(env!("CARGO_BIN_EXE_hssctl")).arg("--help").output().expect("help");
    let help = String::from_utf8_lossy(&help.stdout);
    for command in ["subscriber", "import", "detach", "vectors", "oplog", "rollback", "token"] {
        assert!(help.contains(command), "--help lists {command}");
    }
}
