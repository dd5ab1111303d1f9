//! The S-CSCF told of the operator's changes, end to end: the daemon (engine and REST API over
//! one store), an S-CSCF over TCP that registers a user with SAR, then the REST calls: a PUT of
//! the subscription and of its iFC set send Push-Profile with the new User-Data; `POST
//! /ims-subscriptions/{impi}/deregister` sends Registration-Termination and clears the
//! registration; deleting a registered subscription sends Registration-Termination. Wireshark
//! decodes every message of the exchange (PPR, RTR and the answers to the S-CSCF) cleanly.

mod support;

use api::client::Client;
use bytes::BytesMut;
use codec::build::Outcome;
use codec::build::cx::{self as cb, SarBody};
use codec::dict::{base, cx};
use codec::view::AnswerResult;
use codec::view::cx::{ServerAssignmentType as Sat, UserDataAlreadyAvailable};
use codec::{ApplicationId, CommandCode, ResultCode};
use engine::config::Config;
use engine::daemon::Daemon;
use serde_json::{Value, json};
use support::*;
use testkit::tshark::{Side, Transcript};

const IMPI: &str = "alice@ims.example.org";
const IMPU: &str = "sip:alice@ims.example.org";
const SCSCF: &str = "sip:scscf.ims.example.org";

fn subscription(ifc_set: u64, as_name: &str) -> Value {
    json!({
        "private_identities": [{"impi": IMPI, "schemes": ["SIP Digest"], "digest_password": "secret"}],
        "public_identities": [{"impu": IMPU}],
        "service_profiles": [{"ifc_sets": [ifc_set], "ifcs": [{
            "priority": 1, "application_server": {"server_name": as_name}}]}]
    })
}

/// An S-CSCF connected and registered for [`IMPU`], its CER and SAR and their answers recorded.
fn registered_scscf(daemon: &Daemon, wire: &mut Transcript) -> Mme {
    let settings = Config::default().engine;
    let addr = daemon.engine().local_addr();
    let mut scscf = Mme::connect(addr, "scscf.test", &settings.origin_host, &settings.origin_realm);
    scscf.tgpp_apps = vec![ApplicationId::CX];
    let cer = scscf.cer_bytes();
    let cea = wire.call(&mut scscf, "CER", &cer);
    assert_eq!(result(&cea), AnswerResult::Result(ResultCode::SUCCESS), "CEA");
    let req = scscf.request_with(|buf, ids, s, o, d| {
        let body = SarBody {
            user_name: Some(IMPI),
            public_identities: &[IMPU],
            wildcarded_public_identity: None,
            server_name: SCSCF,
            server_assignment_type: Sat::REGISTRATION,
            user_data_already_available: UserDataAlreadyAvailable::USER_DATA_NOT_AVAILABLE,
            scscf_restoration_info: None,
            multiple_registration_indication: None,
            session_priority: None,
            sar_flags: None,
        };
        cb::sar(buf, ids, s, o, d, &body);
    });
    let saa = wire.call(&mut scscf, "SAR, registration", &req);
    assert_eq!(result(&saa), AnswerResult::Result(ResultCode::SUCCESS));
    scscf
}

/// Runs `rest_call` while the S-CSCF answers the one request it then receives with 2001;
/// returns the request and the REST reply, and records the request (as `name`) and the answer.
fn answered(
    scscf: Mme,
    wire: &mut Transcript,
    name: &str,
    rest_call: impl FnOnce() -> api::client::Reply,
) -> (Vec<u8>, api::client::Reply, Mme) {
    let answering = std::thread::spawn(move || {
        let mut scscf = scscf;
        let request = scscf.next_request();
        let m = msg(&request);
        let mut buf = BytesMut::new();
        let origin = scscf.origin();
        match m.header.code {
            CommandCode::PUSH_PROFILE => cb::ppa(&mut buf, &m, &origin, Outcome::Success),
            _ => cb::rta(&mut buf, &m, &origin, Outcome::Success),
        };
        scscf.send(&buf);
        (request, buf.to_vec(), scscf)
    });
    let reply = rest_call();
    let (request, answer, scscf) = answering.join().expect("the S-CSCF thread");
    wire.record(&scscf, Side::Server, name, &request);
    wire.record(&scscf, Side::Client, &format!("{name} answer"), &answer);
    (request, reply, scscf)
}

fn user_data(request: &[u8]) -> String {
    let data = top(&msg(request), &cx::USER_DATA).expect("User-Data").octets();
    String::from_utf8(data.to_vec()).expect("UTF-8")
}

#[test]
fn changes_push_the_profile_and_deregistration_terminates() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let daemon = daemon(dir.path(), 2);
    let rest = Client::new(daemon.rest_addr());
    let mut wire = Transcript::new();
    let set = json!({"name": "common", "ifcs": [{"priority": 9,
        "application_server": {"server_name": "sip:common.ims.example.org"}}]});
    let reply = rest.post("/ifc-sets", &set).expect("REST");
    assert_eq!(reply.status, 201, "{:?}", reply.body);
    let set_id = reply.body["id"].as_u64().expect("id");
    let reply = rest.post("/ims-subscriptions", &subscription(set_id, "sip:as1.ims.example.org"));
    assert_eq!(reply.expect("REST").status, 201);

    // Not registered: deregistration has nothing to do, a change pushes nothing.
    let reply =
        rest.post(&format!("/ims-subscriptions/{IMPI}/deregister"), &json!({})).expect("REST");
    assert_eq!((reply.status, reply.error_code()), (409, Some("ims_subscription.not_registered")));

    let scscf = registered_scscf(&daemon, &mut wire);
    let path = format!("/ims-subscriptions/{IMPI}");
    let new = subscription(set_id, "sip:as2.ims.example.org");
    let (ppr, reply, scscf) = answered(scscf, &mut wire, "PPR, subscription changed", || {
        rest.send("PUT", &path, Some(&new.to_string()), Some("application/json")).expect("REST")
    });
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.body["notified"]["request"], "PPR");
    assert_eq!(reply.body["notified"]["sent"], true);
    assert_eq!(reply.body["notified"]["answer"]["result_code"], 2001);
    assert_eq!(command_code(&ppr), 305, "Push-Profile-Request");
    assert_eq!(text(top(&msg(&ppr), &base::USER_NAME)), IMPI);
    assert_eq!(text(top(&msg(&ppr), &base::DESTINATION_HOST)), "scscf.test");
    assert!(user_data(&ppr).contains("sip:as2.ims.example.org"), "the new profile");

    // The shared set changes: its registered user's S-CSCF gets the new profile.
    let set = json!({"name": "common", "ifcs": [{"priority": 9,
        "application_server": {"server_name": "sip:changed.ims.example.org"}}]});
    let set_path = format!("/ifc-sets/{set_id}");
    let (ppr, reply, scscf) = answered(scscf, &mut wire, "PPR, iFC set changed", || {
        rest.send("PUT", &set_path, Some(&set.to_string()), Some("application/json")).expect("REST")
    });
    assert_eq!((reply.status, &reply.body["push_profiles_sent"]), (200, &json!(1)));
    assert!(user_data(&ppr).contains("sip:changed.ims.example.org"));

    // Administrative deregistration: RTR with the reason given, then no registration.
    let dereg = format!("/ims-subscriptions/{IMPI}/deregister");
    let (rtr, reply, scscf) = answered(scscf, &mut wire, "RTR, deregistration", || {
        rest.post(&dereg, &json!({"reason_code": 3, "reason_info": "maintenance"})).expect("REST")
    });
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.body["answer"]["result_code"], 2001);
    assert_eq!(command_code(&rtr), 304, "Registration-Termination-Request");
    let m = msg(&rtr);
    assert_eq!(text(top(&m, &base::USER_NAME)), IMPI);
    let reason = top(&m, &cx::DEREGISTRATION_REASON).expect("Deregistration-Reason");
    assert_eq!(u32_of(child(&reason, &cx::REASON_CODE)), 3);
    assert_eq!(text(child(&reason, &cx::REASON_INFO)), "maintenance");
    let record = rest.get(&path).expect("REST");
    assert_eq!(record.body["registration"]["sets"][0]["state"], "not_registered");
    assert!(record.body["registration"].get("server_name").is_none(), "{:?}", record.body);
    let reply = rest.post(&dereg, &json!({"reason_code": 9})).expect("REST");
    assert_eq!((reply.status, reply.error_field()), (422, Some("reason_code")));

    // Registered again, then deleted: RTR PERMANENT_TERMINATION.
    drop(scscf);
    let scscf = registered_scscf(&daemon, &mut wire);
    let (rtr, reply, _scscf) =
        answered(scscf, &mut wire, "RTR, deletion", || rest.delete(&path).expect("REST"));
    assert_eq!(reply.status, 204);
    assert_eq!(command_code(&rtr), 304);
    let reason = top(&msg(&rtr), &cx::DEREGISTRATION_REASON).expect("Deregistration-Reason");
    assert_eq!(u32_of(child(&reason, &cx::REASON_CODE)), 0, "PERMANENT_TERMINATION");
    assert_eq!(rest.get(&path).expect("REST").status, 404);

    // Wireshark agrees with every message of the exchange, PPR and RTR included.
    wire.referee().assert_clean();
    daemon.shutdown_with_grace(std::time::Duration::ZERO).expect("clean stop");
}
