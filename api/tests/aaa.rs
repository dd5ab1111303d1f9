//! The non-3GPP access routes (SWx) against a data plane played by the test: the registered
//! 3GPP AAA server read back, what deregistration and a profile push ask of the port, how each
//! outcome is reported, and the refusals. (`engine/tests/swx.rs` drives the same routes against
//! the real engine and an AAA server over TCP.)

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
}

impl ControlPort for FakePort {
    fn send(&self, request: OutboundRequest, wait: Duration) -> Delivery {
        self.sent.lock().unwrap().push((request, wait));
        *self.delivery.lock().unwrap()
    }

    fn peers(&self) -> Vec<PeerStatus> {
        Vec::new()
    }
}

impl FakePort {
    fn new(delivery: Delivery) -> Arc<Self> {
        Arc::new(Self { delivery: Mutex::new(delivery), sent: Mutex::new(Vec::new()) })
    }

    fn sent(&self) -> Vec<OutboundRequest> {
        self.sent.lock().unwrap().iter().map(|(r, _)| r.clone()).collect()
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

fn key() -> store::SubscriberKey {
    Imsi::parse(IMSI).unwrap().key()
}

fn register(store: &Store, host: &str) {
    let aaa = ServingNodeRef {
        host,
        realm: "epc.test",
        updated_at: UNIX_EPOCH + Duration::from_secs(1_765_000_000),
        rat_type: None,
    };
    store.update_serving_node(key(), NodeKind::Aaa, aaa).unwrap();
}

fn registered(store: &Store) -> Option<String> {
    store.serving_node(key(), NodeKind::Aaa).unwrap().map(|n| n.host)
}

fn rtr(host: &str, reason_code: u32) -> OutboundRequest {
    OutboundRequest::SwxRegistrationTermination {
        imsi: IMSI.into(),
        host: host.into(),
        realm: "epc.test".into(),
        reason_code,
    }
}

#[test]
fn the_registered_aaa_server_is_read_back_without_a_data_plane() {
    let api = start(None);
    let rest = Client::new(api.server.local_addr());
    let path = format!("/subscribers/{IMSI}/aaa-server");
    let reply = rest.get(&path).unwrap();
    assert_eq!((reply.status, reply.error_code()), (404, Some("aaa_server.not_registered")));
    let reply = rest.get("/subscribers/001019999999999/aaa-server").unwrap();
    assert_eq!((reply.status, reply.error_code()), (404, Some("subscriber.not_found")));
    let reply = rest.get("/subscribers/12ab/aaa-server").unwrap();
    assert_eq!((reply.status, reply.error_field()), (422, Some("imsi")));

    register(&api.store, "aaa1.test");
    let reply = rest.get(&path).unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.body,
        json!({"imsi": IMSI, "host": "aaa1.test", "realm": "epc.test",
               "registered_at": "2025-12-06T05:46:40.000Z"})
    );
    // The requests that need the data plane say so.
    for action in ["deregister", "push-profile"] {
        let reply = rest.post(&format!("/subscribers/{IMSI}/non-3gpp/{action}"), &json!({}));
        let reply = reply.unwrap();
        assert_eq!((reply.status, reply.error_code()), (503, Some("data_plane.unavailable")));
    }
    assert_eq!(registered(&api.store).as_deref(), Some("aaa1.test"));
}

#[test]
fn deregistration_sends_rtr_and_clears_the_registration_once_sent() {
    let port = FakePort::new(Delivery::NotSent);
    let api = start(Some(port.clone()));
    let rest = Client::new(api.server.local_addr());
    let path = format!("/subscribers/{IMSI}/non-3gpp/deregister");

    // Nothing registered, an unknown subscriber, a bad reason: nothing sent.
    let reply = rest.post(&path, &json!({})).unwrap();
    assert_eq!((reply.status, reply.error_code()), (409, Some("aaa_server.not_registered")));
    let reply = rest.post("/subscribers/001019999999999/non-3gpp/deregister", &json!({}));
    assert_eq!(reply.unwrap().error_code(), Some("subscriber.not_found"));
    register(&api.store, "aaa1.test");
    let reply = rest.post(&path, &json!({"reason_code": 4})).unwrap();
    assert_eq!((reply.status, reply.error_field()), (422, Some("reason_code")));
    let reply = rest.post(&path, &json!({"reason": 1})).unwrap();
    assert_eq!(reply.status, 422, "unknown fields are refused: {:?}", reply.body);
    assert!(port.sent().is_empty());

    // The connection did not take it, or there is none: 503, registration kept.
    let reply = rest.post(&path, &json!({})).unwrap();
    assert_eq!((reply.status, reply.error_code()), (503, Some("peer.not_ready")));
    *port.delivery.lock().unwrap() = Delivery::NotConnected;
    let reply = rest.send("POST", &path, None, None).unwrap();
    assert_eq!((reply.status, reply.error_code()), (503, Some("peer.not_connected")));
    assert_eq!(registered(&api.store).as_deref(), Some("aaa1.test"));
    assert_eq!(port.sent(), [rtr("aaa1.test", 0), rtr("aaa1.test", 0)]);
    assert_eq!(port.sent.lock().unwrap()[0].1, Duration::from_secs(3));

    // Sent and answered: reported, registration cleared.
    let answer = AnswerResult::ResultCode(2001);
    *port.delivery.lock().unwrap() = Delivery::Sent { answer: Some(answer) };
    let reply = rest.post(&path, &json!({"reason_code": 1})).unwrap();
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(
        reply.body,
        json!({"imsi": IMSI, "reason_code": 1, "request": "RTR", "sent": true,
               "aaa_server": {"host": "aaa1.test", "realm": "epc.test"},
               "answer": {"result_code": 2001}})
    );
    assert_eq!(port.sent().last(), Some(&rtr("aaa1.test", 1)));
    assert_eq!(registered(&api.store), None);
}

#[test]
fn a_profile_push_names_the_registered_server() {
    let port = FakePort::new(Delivery::Sent { answer: None });
    let api = start(Some(port.clone()));
    let rest = Client::new(api.server.local_addr());
    let path = format!("/subscribers/{IMSI}/non-3gpp/push-profile");
    let reply = rest.post(&path, &json!({})).unwrap();
    assert_eq!((reply.status, reply.error_code()), (409, Some("aaa_server.not_registered")));
    assert!(port.sent().is_empty());

    register(&api.store, "aaa2.test");
    let reply = rest.post(&path, &json!({})).unwrap();
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(
        reply.body,
        json!({"request": "PPR", "sent": true, "answer": null,
               "aaa_server": {"host": "aaa2.test", "realm": "epc.test"}})
    );
    let push = OutboundRequest::SwxPushProfile {
        imsi: IMSI.into(),
        host: "aaa2.test".into(),
        realm: "epc.test".into(),
    };
    assert_eq!(port.sent(), [push]);
    // A push changes no registration.
    assert_eq!(registered(&api.store).as_deref(), Some("aaa2.test"));
    *port.delivery.lock().unwrap() = Delivery::NotConnected;
    let reply = rest.post(&path, &json!({})).unwrap();
    assert_eq!((reply.status, reply.error_code()), (503, Some("peer.not_connected")));
}
