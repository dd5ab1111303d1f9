//! Filtered cursor listings over HTTP: `GET /subscribers` with filters, `limit` and `cursor`
//! (the page form stays for plain lists), `GET /serving/{role}/{host}`, bad values naming the
//! parameter.

use std::sync::Arc;

use api::client::{Client, ClientError, Reply};
use api::{ApiConfig, ApiServer};
use serde_json::{Value, json};
use store::{Imsi, MemStore, NodeKind, ServingNodeRef, Store, StoreConfig};

fn ok(reply: Result<Reply, ClientError>) -> Reply {
    reply.expect("the API answers")
}

fn imsis(r: &Reply) -> Vec<String> {
    r.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["imsi"].as_str().expect("imsi").to_owned())
        .collect()
}

#[test]
fn filters_and_cursors_over_http() {
    let store = Arc::new(Store::new(MemStore::new(), StoreConfig::default()));
    let config = ApiConfig {
        addr: Some("127.0.0.1:0".parse().expect("address")),
        workers: 1,
        ..Default::default()
    };
    let server = ApiServer::start(store.clone(), None, &config).expect("API starts");
    let c = Client::new(server.local_addr());
    let apn = json!({"apn": "internet", "qci": 9,
        "arp": {"priority_level": 8, "pre_emption_capability": false,
                "pre_emption_vulnerability": true},
        "ambr": {"uplink": 1, "downlink": 2}, "pdn_type": "ipv4"});
    let internet = ok(c.post("/apn-profiles", &apn)).body["id"].as_u64().expect("id");
    let lines: Vec<String> = (0..60)
        .map(|i| {
            let status = if i % 4 == 0 { "operator_determined_barring" } else { "service_granted" };
            json!({"imsi": format!("0010100000010{i:02}"), "msisdn": format!("49170{i:04}"),
                   "status": status, "ue_ambr": {"uplink": 1, "downlink": 2},
                   "apns": [{"profile": internet}]})
            .to_string()
        })
        .collect();
    let text = lines.join("\n") + "\n";
    let r = ok(c.send("POST", "/subscribers/import", Some(&text), Some("application/x-ndjson")));
    assert_eq!(r.body["imported"], 60, "{r:?}");

    // Plain lists keep their page form.
    let plain = ok(c.get("/subscribers?page=2&page_size=10"));
    assert_eq!((plain.body["total"].as_u64(), plain.body["page"].as_u64()), (Some(60), Some(2)));

    let mut walked = Vec::new();
    let mut query = "/subscribers?status=operator_determined_barring&limit=4".to_owned();
    loop {
        let page = ok(c.get(&query));
        assert_eq!(page.status, 200, "{page:?}");
        assert!(page.body.get("total").is_none(), "cursor lists have no total");
        walked.extend(imsis(&page));
        match page.body["next"].as_str() {
            Some(next) => {
                query =
                    format!("/subscribers?status=operator_determined_barring&limit=4&cursor={next}")
            }
            None => break,
        }
    }
    let expected: Vec<String> =
        (0..60).step_by(4).map(|i| format!("0010100000010{i:02}")).collect();
    assert_eq!(walked, expected);

    let r = ok(c.get("/subscribers?msisdn_prefix=4917000&imsi_prefix=0010100000010&limit=100"));
    assert_eq!(imsis(&r).len(), 60);
    let r = ok(c.get(&format!("/subscribers?apn_profile={internet}&cursor=001010000001057")));
    assert_eq!(imsis(&r), ["001010000001058", "001010000001059"]);

    for (query, field) in [
        ("status=frozen", "status"),
        ("limit=0", "limit"),
        ("apn_profile=x", "apn_profile"),
        ("imsi_prefix=12ab", "imsi_prefix"),
        ("cursor=nope", "cursor"),
    ] {
        let r = ok(c.get(&format!("/subscribers?{query}")));
        assert_eq!((r.status, r.error_field()), (422, Some(field)), "{query}");
    }

    // Who an MME serves.
    for i in [3u32, 5, 8] {
        let imsi = Imsi::parse(&format!("0010100000010{i:02}")).expect("imsi");
        let node = ServingNodeRef {
            host: if i == 5 { "mme-b" } else { "mme-a" },
            realm: "epc.example",
            updated_at: std::time::SystemTime::now(),
            rat_type: Some(1004),
        };
        store.update_serving_node(imsi.key(), NodeKind::Mme, node).expect("ULR");
    }
    let r = ok(c.get("/serving/mme/MME-A"));
    assert_eq!(imsis(&r), ["001010000001003", "001010000001008"]);
    assert_eq!(r.body["items"][0]["realm"], "epc.example");
    assert!(r.body["items"][0]["since"].as_u64().is_some_and(|t| t > 0));
    let r = ok(c.get("/subscribers?serving_mme=mme-b"));
    assert_eq!(imsis(&r), ["001010000001005"]);
    assert_eq!(r.body["items"][0]["serving_mme"]["host"], Value::from("mme-b"));
    assert_eq!(ok(c.get("/serving/scscf/scscf.example")).body["items"], json!([]));
    let r = ok(c.get("/serving/hlr/x"));
    assert_eq!((r.status, r.error_field()), (422, Some("role")));
}
