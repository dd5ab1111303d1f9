//! The control plane's port into the engine, driven end to end: the daemon (engine and REST
//! API over one store), an MME over TCP, and the REST calls an operator makes.
//! `POST /subscribers/{imsi}/detach` sends the serving MME a CLR with Cancellation-Type
//! SUBSCRIPTION_WITHDRAWAL, reports it sent with the MME's answer, and clears the registration;
//! `GET /peers` lists the connected peers.

mod support;

use std::time::Duration;

use api::client::Client;
use codec::dict::{base as b, s6a};
use codec::view::AnswerResult;
use codec::{ApplicationId, ResultCode};
use engine::config::Config;
use engine::daemon::Daemon;
use engine::outbound::OutboundKind::CancelLocation;
use serde_json::json;
use store::{Imsi, NodeKind};
use support::*;

const IMSI: &str = "001010000000001";

fn imsi() -> Imsi {
    Imsi::parse(IMSI).expect("IMSI")
}

fn mme(daemon: &Daemon, host: &str) -> Mme {
    let settings = Config::default().engine;
    let addr = daemon.engine().local_addr();
    let mut mme = Mme::connect(addr, host, &settings.origin_host, &settings.origin_realm);
    mme.exchange_capabilities();
    mme
}

#[test]
fn detach_sends_clr_subscription_withdrawal_to_the_serving_mme_and_reports_it() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let daemon = daemon(dir.path(), 2);
    let store = daemon.engine().store().clone();
    provision(&store, &SubSpec::new(IMSI));
    let rest = Client::new(daemon.rest_addr());

    // Not registered yet: nothing to detach.
    let reply = rest.post(&format!("/subscribers/{IMSI}/detach"), &json!({})).expect("REST");
    assert_eq!((reply.status, reply.error_code()), (409, Some("subscriber.not_registered")));
    // Unknown and malformed IMSIs.
    let reply = rest.post("/subscribers/001019999999999/detach", &json!({})).expect("REST");
    assert_eq!((reply.status, reply.error_code()), (404, Some("subscriber.not_found")));
    let reply = rest.post("/subscribers/12ab/detach", &json!({})).expect("REST");
    assert_eq!((reply.status, reply.error_field()), (422, Some("imsi")));

    let mut mme = mme(&daemon, "mme1.test");
    assert_eq!(result(&mme.ulr(IMSI)), AnswerResult::Result(ResultCode::SUCCESS));

    // The MME answers the CLR the detach sends while the REST call waits for it.
    let answering = std::thread::spawn(move || {
        let clr = mme.next_request();
        let cla = mme.cla_bytes(&clr);
        mme.send(&cla);
        (clr, mme)
    });
    let reply = rest.post(&format!("/subscribers/{IMSI}/detach"), &json!({})).expect("REST");
    let (clr, mut mme) = answering.join().expect("the MME thread");
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.body["sent"], true);
    assert_eq!(reply.body["imsi"], IMSI);
    assert_eq!(reply.body["mme"]["host"], "mme1.test");
    assert_eq!(reply.body["cancellation_type"], "subscription_withdrawal");
    assert_eq!(reply.body["answer"]["result_code"], 2001);

    // The CLR as the MME received it.
    let m = msg(&clr);
    assert_eq!(command_code(&clr), 317, "Cancel-Location-Request");
    assert_eq!(m.header.application, ApplicationId::S6A);
    assert_eq!(text(top(&m, &b::USER_NAME)), IMSI);
    assert_eq!(u32_of(top(&m, &s6a::CANCELLATION_TYPE)), 2, "SUBSCRIPTION_WITHDRAWAL");
    assert_eq!(text(top(&m, &b::DESTINATION_HOST)), "mme1.test");

    // Registration cleared, subscriber still provisioned, counters moved.
    assert!(store.serving_node(imsi().key(), NodeKind::Mme).expect("readable").is_none());
    assert_eq!(rest.get(&format!("/subscribers/{IMSI}")).expect("REST").status, 200);
    let stats = daemon.engine().stats().outbound[CancelLocation];
    assert_eq!((stats.requested, stats.sent, stats.answered, stats.failed), (1, 1, 1, 0));
    let reply = rest.post(&format!("/subscribers/{IMSI}/detach"), &json!({})).expect("REST");
    assert_eq!(reply.status, 409, "detached already");

    // Registered at an MME that has gone: 503, nothing sent, the registration kept.
    assert_eq!(result(&mme.ulr(IMSI)), AnswerResult::Result(ResultCode::SUCCESS));
    drop(mme);
    let gone = || daemon.engine().peers().is_empty();
    assert!(wait_until(Duration::from_secs(5), gone));
    let reply = rest.post(&format!("/subscribers/{IMSI}/detach"), &json!({})).expect("REST");
    assert_eq!((reply.status, reply.error_code()), (503, Some("peer.not_connected")));
    assert!(store.serving_node(imsi().key(), NodeKind::Mme).expect("readable").is_some());
    daemon.shutdown_with_grace(Duration::ZERO).expect("clean stop");
}

#[test]
fn peers_lists_every_connected_peer_with_its_state() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let daemon = daemon(dir.path(), 2);
    let rest = Client::new(daemon.rest_addr());
    assert_eq!(rest.get("/peers").expect("REST").body["total"], 0);

    let _a = mme(&daemon, "mme-a.test");
    let _b = mme(&daemon, "MME-B.test");
    let reply = rest.get("/peers").expect("REST");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["total"], 2);
    let items = reply.body["items"].as_array().expect("items");
    let hosts: Vec<&str> = items.iter().map(|p| p["origin_host"].as_str().unwrap()).collect();
    assert_eq!(hosts, ["mme-a.test", "MME-B.test"], "sorted by host, ignoring case");
    let a = &items[0];
    assert_eq!(a["origin_realm"], MME_REALM);
    assert!(a["address"].as_str().unwrap().starts_with("127.0.0.1:"));
    assert_eq!(a["applications"], json!([{"id": 16_777_251, "name": "S6a/S6d"}]));
    assert_eq!(a["watchdog"], "okay");
    assert_eq!(a["route"], true);
    assert!(a["connected_since"].as_str().unwrap().ends_with('Z'));

    let page = rest.get("/peers?page=2&page_size=1").expect("REST");
    assert_eq!(page.body["items"][0]["origin_host"], "MME-B.test");
    assert_eq!(rest.get("/peers?page_size=0").expect("REST").error_field(), Some("page_size"));
    daemon.shutdown_with_grace(Duration::ZERO).expect("clean stop");
}
