//! The AuC over REST: vectors of each type from the subscriber's one SQN space (checked with
//! Milenage: XRES right, SQNs never reused and increasing across types), resync from AUTS,
//! the `secrets` scope, each call in the operation log, and bad requests naming the field.

use std::sync::Arc;

use api::client::{Client, ClientError, Reply};
use api::{ApiConfig, ApiServer};
use serde_json::{Value, json};
use store::auc::{Milenage, make_auts};
use store::{MemStore, Store, StoreConfig};

const KI: &str = "465b5ce8b199b49faa5f0a2ee238a6bc";
const OPC: &str = "cd63cb71954a9f4e48a5994e37a02baf";
const IMSI: &str = "001010000000001";

fn ok(reply: Result<Reply, ClientError>) -> Reply {
    reply.expect("the API answers")
}

fn bytes<const N: usize>(v: &Value) -> [u8; N] {
    let raw = hex::decode(v.as_str().expect("hex")).expect("hex");
    raw.try_into().expect("length")
}

/// The SQN an AUTN carries (SQN ⊕ AK, with AK = f5(RAND)).
fn sqn_of(m: &Milenage, rand: &[u8; 16], autn: &[u8; 16]) -> u64 {
    let ak = m.f5(rand);
    let mut sqn = [0u8; 8];
    for i in 0..6 {
        sqn[2 + i] = autn[i] ^ ak[i];
    }
    u64::from_be_bytes(sqn)
}

#[test]
fn vectors_of_every_type_share_one_sqn_space_and_resync_moves_it() {
    let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
    let config = ApiConfig {
        addr: Some("127.0.0.1:0".parse().expect("address")),
        token: Some("root".into()),
        workers: 1,
        ..Default::default()
    };
    let server = ApiServer::start(store, None, &config).expect("API starts");
    let addr = server.local_addr();
    let admin = Client::new(addr).with_token("root");
    let apn = json!({"apn": "internet", "qci": 9,
        "arp": {"priority_level": 8, "pre_emption_capability": false,
                "pre_emption_vulnerability": true},
        "ambr": {"uplink": 1, "downlink": 2}, "pdn_type": "ipv4"});
    let apn = ok(admin.post("/apn-profiles", &apn)).body["id"].as_u64().expect("id");
    let sub = json!({"imsi": IMSI, "ue_ambr": {"uplink": 1, "downlink": 2},
                     "apns": [{"profile": apn}]});
    assert_eq!(ok(admin.post("/subscribers", &sub)).status, 201);
    let auth = json!({"imsi": IMSI, "ki": KI, "opc": OPC});
    assert_eq!(ok(admin.post("/auth-data", &auth)).status, 201);
    let secret = |name: &str, scope: &str| {
        let r = ok(admin.post("/tokens", &json!({"name": name, "scopes": [scope]})));
        Client::new(addr).with_token(r.body["secret"].as_str().expect("secret"))
    };
    let keys = secret("keys", "secrets");
    let writer = secret("writer", "write");
    let m = Milenage::new(&bytes(&json!(KI)), &bytes(&json!(OPC)));
    let path = format!("/auth-data/{IMSI}/vectors");

    let eps = json!({"type": "eps", "count": 3, "visited_plmn": "00101"});
    assert_eq!(ok(writer.post(&path, &eps)).status, 403, "secrets scope");
    let mut sqns = Vec::new();
    for (body, autn_field) in [
        (eps, "autn"),
        (json!({"type": "umts", "count": 2}), "autn"),
        (json!({"type": "eap_aka", "count": 1}), "autn"),
        (json!({"type": "eap_aka_prime", "count": 2, "access_network_name": "WLAN"}), "autn"),
        (json!({"type": "ims_aka", "count": 2}), "sip_authenticate"),
    ] {
        let r = ok(keys.post(&path, &body));
        assert_eq!(r.status, 200, "{body} {r:?}");
        let vectors = r.body["vectors"].as_array().expect("vectors");
        assert_eq!(vectors.len() as u64, body["count"].as_u64().expect("count"), "{body}");
        for v in vectors {
            let (rand, autn): ([u8; 16], [u8; 16]) = if autn_field == "sip_authenticate" {
                let both: [u8; 32] = bytes(&v["sip_authenticate"]);
                (both[..16].try_into().expect("rand"), both[16..].try_into().expect("autn"))
            } else {
                (bytes(&v["rand"]), bytes(&v["autn"]))
            };
            let xres_field =
                if autn_field == "sip_authenticate" { "sip_authorization" } else { "xres" };
            assert_eq!(bytes::<8>(&v[xres_field]), m.f2(&rand), "XRES of {body}");
            sqns.push(sqn_of(&m, &rand, &autn));
        }
    }
    assert_eq!(sqns.len(), 10);
    assert!(sqns.windows(2).all(|w| w[0] < w[1]), "never reused, increasing: {sqns:?}");

    // Resync: the USIM is far ahead.
    let rand = [7u8; 16];
    let sqn_ms: u64 = 1_000_000 << 5;
    let sqn_bytes: [u8; 6] = sqn_ms.to_be_bytes()[2..].try_into().expect("6 bytes");
    let auts = make_auts(&m, &rand, &sqn_bytes);
    let mut bad = auts;
    bad[13] ^= 1;
    let r = ok(keys.post(
        &format!("/auth-data/{IMSI}/resync"),
        &json!({"rand": hex::encode(rand), "auts": hex::encode(bad)}),
    ));
    assert_eq!((r.status, r.error_field()), (422, Some("auts")));
    let r = ok(keys.post(
        &format!("/auth-data/{IMSI}/resync"),
        &json!({"rand": hex::encode(rand), "auts": hex::encode(auts)}),
    ));
    assert_eq!(r.status, 200, "{r:?}");
    let r = ok(keys.post(&path, &json!({"type": "umts"})));
    let v = &r.body["vectors"][0];
    let next = sqn_of(&m, &bytes(&v["rand"]), &bytes(&v["autn"]));
    assert!(next > sqn_ms, "{next} after {sqn_ms}");

    // Every call is in the log under its token; no key material there.
    let log = ok(admin.get("/operations?token=keys&limit=100"));
    let calls = log.body["items"].as_array().expect("items");
    assert_eq!(
        calls.len(),
        8,
        "5 vector calls, 2 resync attempts (the refused one too), 1 more vector call"
    );
    assert!(!log.body.to_string().contains(KI));

    // Bad requests name the field.
    for (body, field) in [
        (json!({"type": "eps", "count": 1}), "visited_plmn"),
        (json!({"type": "eps", "visited_plmn": "0010"}), "visited_plmn"),
        (json!({"type": "umts", "count": 0}), "count"),
        (json!({"type": "umts", "count": 33}), "count"),
        (json!({"type": "gprs"}), "type"),
    ] {
        let r = ok(keys.post(&path, &body));
        assert_eq!((r.status, r.error_field()), (422, Some(field)), "{body}");
    }
    let r = ok(keys.post("/auth-data/001010000000009/vectors", &json!({"type": "umts"})));
    assert_eq!(r.status, 404);
}
