//! The routes that reach the data plane through `ControlPort`, against a port played by the
//! test: what the API asks of it, how each outcome is reported, and 503 without a data plane.
//! (`engine/tests/control_port.rs` drives the same routes against the real engine and an MME.)

use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use api::client::Client;
use api::port::{AnswerResult, ControlPort, Delivery, OutboundRequest, PeerStatus};
use api::{ApiConfig, ApiServer};
use serde_json::json;
use store::{Imsi, NodeKind, ServingNodeRef, Store, StoreConfig};
use testkit::provision::{SubSpec, mem, provision};

const IMSI: &str = "001010000000001";

/// A data plane that answers every request with `delivery` and records what it was asked.
#[derive(Debug)]
struct FakePort {
    delivery: Mutex<Delivery>,
    sent: Mutex<Vec<(OutboundRequest, Duration)>>,
    peers: Vec<PeerStatus>,
}

impl ControlPort for FakePort {
    fn send(&self, request: OutboundRequest, wait: Duration) -> Delivery {
        self.sent.lock().unwrap().push((request, wait));
        *self.delivery.lock().unwrap()
    }

    fn peers(&self) -> Vec<PeerStatus> {
        self.peers.clone()
    }
}

fn peer(host: &str, route: bool) -> PeerStatus {
    PeerStatus {
        origin_host: host.into(),
        origin_realm: "epc.test".into(),
        address: "192.0.2.7:3868".parse().unwrap(),
        applications: vec![(16_777_251, "S6a/S6d".into())],
        watchdog: "suspect",
        connected_since: UNIX_EPOCH + Duration::from_secs(1_765_000_000),
        route,
    }
}

struct Api {
    server: ApiServer,
    store: Arc<Store>,
}

fn start(port: Option<Arc<FakePort>>) -> Api {
    let store = Arc::new(mem(StoreConfig::default()));
    provision(&store, &SubSpec::new(IMSI));
    let config = ApiConfig {
        addr: Some("127.0.0.1:0".parse().unwrap()),
        token: None,
        workers: 1,
        ..Default::default()
    };
    let port = port.map(|p| p as Arc<dyn ControlPort>);
    let server = ApiServer::start(store.clone(), port, &config).expect("API starts");
    Api { server, store }
}

fn register(store: &Store, host: &str) {
    let mme = ServingNodeRef { host, realm: "epc.test", updated_at: UNIX_EPOCH, rat_type: None };
    store.update_serving_node(Imsi::parse(IMSI).unwrap().key(), NodeKind::Mme, mme).unwrap();
}

fn serving(store: &Store) -> Option<String> {
    let node = store.serving_node(Imsi::parse(IMSI).unwrap().key(), NodeKind::Mme).unwrap();
    node.map(|n| n.host)
}

#[test]
fn without_a_data_plane_its_routes_are_unavailable() {
    let api = start(None);
    let rest = Client::new(api.server.local_addr());
    let reply = rest.get("/peers").unwrap();
    assert_eq!((reply.status, reply.error_code()), (503, Some("data_plane.unavailable")));
    let reply = rest.post(&format!("/subscribers/{IMSI}/detach"), &json!({})).unwrap();
    assert_eq!((reply.status, reply.error_code()), (503, Some("data_plane.unavailable")));
}

#[test]
fn detach_asks_for_a_subscription_withdrawal_and_reports_each_outcome() {
    let port = Arc::new(FakePort {
        delivery: Mutex::new(Delivery::NotSent),
        sent: Mutex::new(Vec::new()),
        peers: Vec::new(),
    });
    let api = start(Some(port.clone()));
    let rest = Client::new(api.server.local_addr());
    let detach = || rest.post(&format!("/subscribers/{IMSI}/detach"), &json!({})).unwrap();
    register(&api.store, "mme1.test");

    // The connection did not take it: 503, registration kept.
    let reply = detach();
    assert_eq!((reply.status, reply.error_code()), (503, Some("peer.not_ready")));
    assert_eq!(serving(&api.store).as_deref(), Some("mme1.test"));
    let (request, wait) = port.sent.lock().unwrap()[0].clone();
    assert_eq!(
        request,
        OutboundRequest::CancelLocation {
            imsi: IMSI.into(),
            host: "mme1.test".into(),
            realm: "epc.test".into(),
            cancellation_type: 2,
            reattach: false,
        }
    );
    assert_eq!(wait, Duration::from_secs(3));

    // Sent, and the MME answered with an Experimental-Result: reported, registration cleared.
    let answer = AnswerResult::Experimental { vendor: 10_415, code: 5001 };
    *port.delivery.lock().unwrap() = Delivery::Sent { answer: Some(answer) };
    let reply = detach();
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["answer"], json!({"experimental_result_code": 5001, "vendor_id": 10415}));
    assert_eq!(serving(&api.store), None);

    // Sent without an answer in time: still sent, `answer` null.
    register(&api.store, "mme2.test");
    *port.delivery.lock().unwrap() = Delivery::Sent { answer: None };
    let reply = detach();
    assert_eq!((reply.status, reply.body["sent"].clone()), (200, json!(true)));
    assert!(reply.body["answer"].is_null());
    assert_eq!(reply.body["mme"], json!({"host": "mme2.test", "realm": "epc.test"}));
    assert_eq!(port.sent.lock().unwrap().len(), 3, "one request per detach");
}

#[test]
fn peers_are_listed_as_the_port_reports_them_a_page_at_a_time() {
    let peers = vec![peer("a.test", true), peer("b.test", false), peer("b.test", true)];
    let port = Arc::new(FakePort {
        delivery: Mutex::new(Delivery::NotConnected),
        sent: Mutex::new(Vec::new()),
        peers,
    });
    let api = start(Some(port));
    let rest = Client::new(api.server.local_addr());
    let reply = rest.get("/peers?page=2&page_size=2").unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["total"], 3);
    assert_eq!(
        reply.body["items"],
        json!([{
            "origin_host": "b.test",
            "origin_realm": "epc.test",
            "address": "192.0.2.7:3868",
            "applications": [{"id": 16_777_251, "name": "S6a/S6d"}],
            "watchdog": "suspect",
            "connected_since": "2025-12-06T05:46:40.000Z",
            "route": true
        }])
    );
    let reply = rest.get("/peers?page=0").unwrap();
    assert_eq!((reply.status, reply.error_field()), (422, Some("page")));
}

#[test]
fn a_change_is_pushed_to_the_serving_mme_and_retried_with_backoff_while_unanswered() {
    let port = Arc::new(FakePort {
        delivery: Mutex::new(Delivery::Sent { answer: None }),
        sent: Mutex::new(Vec::new()),
        peers: Vec::new(),
    });
    let api = start(Some(port.clone()));
    let rest = Client::new(api.server.local_addr());
    let path = format!("/subscribers/{IMSI}");

    // Nobody serves the subscriber: stored, nothing sent.
    let reply = rest.patch(&path, &json!({"ue_ambr": {"uplink": 1000}})).unwrap();
    assert_eq!((reply.status, &reply.body["pushed"]), (200, &json!([])));
    assert!(port.sent.lock().unwrap().is_empty());

    // Served, and the MME never answers: three attempts, reported as sent without an answer.
    register(&api.store, "mme1.test");
    let started = std::time::Instant::now();
    let reply = rest.patch(&path, &json!({"ue_ambr": {"uplink": 2000}})).unwrap();
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let push = &reply.body["pushed"][0];
    assert_eq!(
        (&push["request"], &push["sent"], &push["attempts"]),
        (&json!("idr"), &json!(true), &json!(3))
    );
    assert_eq!(push["answer"], serde_json::Value::Null);
    // Pauses of 0.25 s and then 0.5 s between the attempts.
    assert!(started.elapsed() >= Duration::from_millis(750), "{:?}", started.elapsed());
    let sent = port.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 3);
    for (request, wait) in &sent {
        assert_eq!(*wait, Duration::from_secs(3));
        let OutboundRequest::InsertSubscriberData { imsi, host, diff, .. } = request else {
            panic!("an IDR: {request:?}");
        };
        assert_eq!((imsi.as_str(), host.as_str()), (IMSI, "mme1.test"));
        assert_eq!(diff.changed, vec![store::SubscriptionPart::UeAmbr]);
    }

    // An MME without a connection is not waited for: one attempt, reported.
    port.sent.lock().unwrap().clear();
    *port.delivery.lock().unwrap() = Delivery::NotConnected;
    let reply = rest.patch(&path, &json!({"ue_ambr": {"uplink": 3000}})).unwrap();
    let push = &reply.body["pushed"][0];
    assert_eq!((&push["sent"], &push["attempts"]), (&json!(false), &json!(1)));
    assert_eq!(push["error"], "peer.not_connected");
    assert_eq!(port.sent.lock().unwrap().len(), 1);

    // A PATCH that changes nothing the MME holds sends nothing.
    port.sent.lock().unwrap().clear();
    let reply = rest.patch(&path, &json!({"roaming_allowed": false})).unwrap();
    assert_eq!(reply.body["pushed"], json!([]));
    assert!(port.sent.lock().unwrap().is_empty());

    // DELETE cancels the registration first (answered here), then deletes.
    let answer = AnswerResult::ResultCode(2001);
    *port.delivery.lock().unwrap() = Delivery::Sent { answer: Some(answer) };
    let reply = rest.delete(&path).unwrap();
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.body["pushed"][0]["request"], "clr");
    assert_eq!(reply.body["pushed"][0]["answer"]["result_code"], 2001);
    let (request, _) = port.sent.lock().unwrap()[0].clone();
    assert!(matches!(request, OutboundRequest::CancelLocation { cancellation_type: 2, .. }));
    assert_eq!(rest.get(&path).unwrap().status, 404);
}
