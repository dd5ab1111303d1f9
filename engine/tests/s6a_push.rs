//! Provisioning changes reaching the serving MME, end to end (the daemon, an MME over TCP, REST
//! calls): an IDR with only the changed parts after a PATCH (UE-AMBR, status and ODB, an APN
//! added), a DSR withdrawing a removed APN, an IDR to every attached user of a changed APN
//! profile, a CLR (SUBSCRIPTION_WITHDRAWAL) on DELETE and on a detach asking for reattach.
//! tshark decodes every message exchanged.

mod support;

use std::thread::JoinHandle;
use std::time::Duration;

use api::client::{Client, Reply};
use bytes::BytesMut;
use codec::build::Outcome;
use codec::build::s6a::{IdaBody, dsa, ida};
use codec::dict::{base as b, s6a, tgpp};
use codec::view::AnswerResult;
use codec::view::s6a::{ClrFlags, DsrFlags};
use codec::{CommandCode, ResultCode};
use engine::config::Config;
use engine::daemon::Daemon;
use serde_json::{Value, json};
use support::*;
use testkit::tshark::{Side, Transcript};

const IMSI: &str = "001010000000021";

fn mme(daemon: &Daemon, host: &str) -> Mme {
    let settings = Config::default().engine;
    let addr = daemon.engine().local_addr();
    let mut mme = Mme::connect(addr, host, &settings.origin_host, &settings.origin_realm);
    mme.exchange_capabilities();
    mme
}

/// The MME answers the next request the HSS sends (IDA, DSA or CLA, 2001) on its own thread,
/// while the REST call that causes it waits.
fn answer_next(mut mme: Mme) -> JoinHandle<(Vec<u8>, Vec<u8>, Mme)> {
    std::thread::spawn(move || {
        let request = mme.next_request();
        let req = msg(&request);
        let mut buf = BytesMut::new();
        let origin = mme.origin();
        match req.header.code {
            CommandCode::INSERT_SUBSCRIBER_DATA => {
                ida(&mut buf, &req, &origin, Outcome::Success, &IdaBody::default());
            }
            CommandCode::DELETE_SUBSCRIBER_DATA => {
                dsa(&mut buf, &req, &origin, Outcome::Success, None);
            }
            _ => buf.extend_from_slice(&mme.answer_bytes(&request)),
        }
        let answer = buf.to_vec();
        mme.send(&answer);
        (request, answer, mme)
    })
}

/// Runs `call` while the MME answers what it causes; records the HSS's request and the MME's
/// answer in `t`; returns the REST reply, the request and the MME.
fn exchange(
    t: &mut Transcript,
    mme: Mme,
    name: &str,
    call: impl FnOnce() -> Reply,
) -> (Reply, Vec<u8>, Mme) {
    let answering = answer_next(mme);
    let reply = call();
    let (request, answer, mme) = answering.join().expect("the MME thread");
    t.record(&mme, Side::Server, name, &request);
    t.record(&mme, Side::Client, &format!("{name} answer"), &answer);
    (reply, request, mme)
}

fn pushed(reply: &Reply) -> &Vec<Value> {
    reply.body["pushed"].as_array().expect("a pushed list")
}

#[test]
fn patches_reach_the_serving_mme_as_idr_and_dsr_with_only_what_changed() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let daemon = daemon(dir.path(), 2);
    let store = daemon.engine().store().clone();
    provision(&store, &SubSpec { msisdn: Some("4917000021".into()), ..SubSpec::new(IMSI) });
    ensure_apn_profile(&store, &apn_profile(2, "ims"));
    let rest = Client::new(daemon.rest_addr());
    let path = format!("/subscribers/{IMSI}");

    // Not attached: a PATCH sends nothing.
    let reply = rest.patch(&path, &json!({"ue_ambr": {"uplink": 1000}})).expect("REST");
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert!(pushed(&reply).is_empty());

    let mut t = Transcript::new();
    let mut mme = mme(&daemon, "mme1.test");
    let ulr = mme.ulr_bytes(IMSI, codec::view::s6a::UlrFlags::S6A_S6D_INDICATOR);
    assert_eq!(result(&t.call(&mut mme, "ULR", &ulr)), AnswerResult::Result(ResultCode::SUCCESS));

    // UE-AMBR: an IDR with the AMBR and nothing else.
    let body = json!({"ue_ambr": {"uplink": 2000, "downlink": 3000}});
    let (reply, idr, mme) =
        exchange(&mut t, mme, "IDR ambr", || rest.patch(&path, &body).expect("REST"));
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(pushed(&reply).len(), 1);
    assert_eq!(pushed(&reply)[0]["request"], "idr");
    assert_eq!(pushed(&reply)[0]["sent"], true);
    assert_eq!(pushed(&reply)[0]["answer"]["result_code"], 2001);
    assert_eq!(command_code(&idr), 319, "Insert-Subscriber-Data-Request");
    let m = msg(&idr);
    assert_eq!(text(top(&m, &b::USER_NAME)), IMSI);
    let data = top(&m, &s6a::SUBSCRIPTION_DATA).expect("Subscription-Data");
    let ambr = child(&data, &s6a::AMBR).expect("UE-AMBR");
    assert_eq!(u32_of(child(&ambr, &tgpp::MAX_REQUESTED_BANDWIDTH_UL)), 2000);
    assert_eq!(u32_of(child(&ambr, &tgpp::MAX_REQUESTED_BANDWIDTH_DL)), 3000);
    assert!(child(&data, &s6a::APN_CONFIGURATION_PROFILE).is_none(), "APNs unchanged");
    assert!(child(&data, &s6a::SUBSCRIBER_STATUS).is_none(), "status unchanged");
    assert!(child(&data, &codec::dict::sh::MSISDN).is_none(), "MSISDN unchanged");

    // Barred with ODB: Subscriber-Status and Operator-Determined-Barring.
    let body = json!({"status": "operator_determined_barring",
                      "options": {"operator_determined_barring": 8}});
    let (reply, idr, mme) =
        exchange(&mut t, mme, "IDR status", || rest.patch(&path, &body).expect("REST"));
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let data = top(&msg(&idr), &s6a::SUBSCRIPTION_DATA).expect("Subscription-Data");
    assert_eq!(u32_of(child(&data, &s6a::SUBSCRIBER_STATUS)), 1);
    assert_eq!(u32_of(child(&data, &s6a::OPERATOR_DETERMINED_BARRING)), 8);
    assert!(child(&data, &s6a::AMBR).is_none());

    // An APN added: an IDR with its APN-Configuration only, flagged as modified/added.
    let body = json!({"apns": [{"profile": APN_ID}, {"profile": 2}]});
    let (reply, idr, mme) =
        exchange(&mut t, mme, "IDR apn", || rest.patch(&path, &body).expect("REST"));
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let data = top(&msg(&idr), &s6a::SUBSCRIPTION_DATA).expect("Subscription-Data");
    let profile = child(&data, &s6a::APN_CONFIGURATION_PROFILE).expect("APN profile");
    assert_eq!(u32_of(child(&profile, &s6a::ALL_APN_CONFIGURATIONS_INCLUDED_INDICATOR)), 1);
    let apns = children(&profile, &s6a::APN_CONFIGURATION);
    assert_eq!(apns.len(), 1);
    assert_eq!(u32_of(child(&apns[0], &s6a::CONTEXT_IDENTIFIER)), 2);

    // The APN removed: a DSR withdrawing its PDN subscription context.
    let body = json!({"apns": [{"profile": APN_ID}]});
    let (reply, dsr, mme) =
        exchange(&mut t, mme, "DSR", || rest.patch(&path, &body).expect("REST"));
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(pushed(&reply)[0]["request"], "dsr");
    assert_eq!(command_code(&dsr), 320, "Delete-Subscriber-Data-Request");
    let m = msg(&dsr);
    let flags = u32_of(top(&m, &s6a::DSR_FLAGS));
    assert_eq!(flags & DsrFlags::PDN_SUBSCRIPTION_CONTEXTS_WITHDRAWAL.0, 1 << 3);
    let ids: Vec<u32> = m
        .avps()
        .filter_map(Result::ok)
        .filter(|a| a.code == s6a::CONTEXT_IDENTIFIER.code)
        .map(|a| u32_of(Some(a)))
        .collect();
    assert_eq!(ids, vec![2]);

    // The APN profile in use changes: its users' MMEs get its configuration.
    let body = json!({"qci": 6});
    let apn_path = format!("/apn-profiles/{APN_ID}");
    let (reply, idr, mme) =
        exchange(&mut t, mme, "IDR profile", || rest.patch(&apn_path, &body).expect("REST"));
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.body["pushed"]["sent"], 1);
    let data = top(&msg(&idr), &s6a::SUBSCRIPTION_DATA).expect("Subscription-Data");
    let profile = child(&data, &s6a::APN_CONFIGURATION_PROFILE).expect("APN profile");
    let apn = children(&profile, &s6a::APN_CONFIGURATION).remove(0);
    let qos = child(&apn, &s6a::EPS_SUBSCRIBED_QOS_PROFILE).expect("QoS");
    assert_eq!(u32_of(child(&qos, &tgpp::QOS_CLASS_IDENTIFIER)), 6);

    // DELETE withdraws the subscription: CLR SUBSCRIPTION_WITHDRAWAL first.
    let (reply, clr, _mme) = exchange(&mut t, mme, "CLR", || rest.delete(&path).expect("REST"));
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(pushed(&reply)[0]["request"], "clr");
    assert_eq!(u32_of(top(&msg(&clr), &s6a::CANCELLATION_TYPE)), 2);
    assert_eq!(rest.get(&path).expect("REST").status, 404);
    t.referee().assert_clean();
    daemon.shutdown_with_grace(Duration::ZERO).expect("clean stop");
}

#[test]
fn detach_with_reattach_sets_the_clr_flag() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let daemon = daemon(dir.path(), 1);
    let store = daemon.engine().store().clone();
    provision(&store, &SubSpec::new(IMSI));
    let rest = Client::new(daemon.rest_addr());
    let mut mme = mme(&daemon, "mme1.test");
    assert_eq!(result(&mme.ulr(IMSI)), AnswerResult::Result(ResultCode::SUCCESS));
    let mut t = Transcript::new();
    let path = format!("/subscribers/{IMSI}/detach?reattach=true");
    let (reply, clr, _mme) =
        exchange(&mut t, mme, "CLR", || rest.post(&path, &json!({})).expect("REST"));
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.body["reattach"], true);
    let flags = u32_of(top(&msg(&clr), &s6a::CLR_FLAGS));
    assert_eq!(flags, (ClrFlags::S6A_S6D_INDICATOR | ClrFlags::REATTACH_REQUIRED).0);
    let reply = rest.post(&format!("/subscribers/{IMSI}/detach?reattach=maybe"), &json!({}));
    assert_eq!(reply.expect("REST").error_field(), Some("reattach"));
    t.referee().assert_clean();
    daemon.shutdown_with_grace(Duration::ZERO).expect("clean stop");
}

#[test]
fn an_eps_profile_change_reaches_its_attached_users_except_what_they_override() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let daemon = daemon(dir.path(), 2);
    let store = daemon.engine().store().clone();
    ensure_apn_profile(&store, &apn_profile(APN_ID, APN_NAME));
    let rest = Client::new(daemon.rest_addr());
    let profile = json!({
        "name": "consumer", "ue_ambr": {"uplink": 5000, "downlink": 6000},
        "network_access_mode": "only_packet", "apns": [APN_ID], "default_apn": APN_ID,
        "periodic_tau_timer": 720
    });
    let created = rest.post("/eps-profiles", &profile).expect("REST");
    assert_eq!(created.status, 201, "{:?}", created.body);
    let id = created.body["id"].as_u64().expect("id");
    // Created with nothing but the profile: its values fill the subscriber's.
    let other = "001010000000022";
    for (imsi, overrides) in [(IMSI, json!([])), (other, json!(["ue_ambr"]))] {
        let body =
            json!({"imsi": imsi, "options": {"eps_profile": id, "eps_overrides": overrides}});
        let reply = rest.post("/subscribers", &body).expect("REST");
        assert_eq!(reply.status, 201, "{:?}", reply.body);
    }
    let mut t = Transcript::new();
    let mut mme = mme(&daemon, "mme1.test");
    let ulr = mme.ulr_bytes(IMSI, codec::view::s6a::UlrFlags::S6A_S6D_INDICATOR);
    let ula = t.call(&mut mme, "ULR", &ulr);
    let data = top(&msg(&ula), &s6a::SUBSCRIPTION_DATA).expect("Subscription-Data");
    let ambr = child(&data, &s6a::AMBR).expect("UE-AMBR");
    assert_eq!(u32_of(child(&ambr, &tgpp::MAX_REQUESTED_BANDWIDTH_UL)), 5000);
    assert_eq!(u32_of(child(&data, &s6a::SUBSCRIBED_PERIODIC_RAU_TAU_TIMER)), 720);
    // The user overriding UE-AMBR is attached at another MME.
    let mut mme2 = self::mme(&daemon, "mme2.test");
    let ulr = mme2.ulr_bytes(other, codec::view::s6a::UlrFlags::S6A_S6D_INDICATOR);
    assert_eq!(result(&t.call(&mut mme2, "ULR", &ulr)), AnswerResult::Result(ResultCode::SUCCESS));

    // The profile's UE-AMBR changes: an IDR to the first user's MME only.
    let cached = store.cached_count();
    let mut changed = profile.clone();
    changed["ue_ambr"] = json!({"uplink": 7000, "downlink": 8000});
    let path = format!("/eps-profiles/{id}");
    let put = || {
        rest.send("PUT", &path, Some(&changed.to_string()), Some("application/json")).expect("REST")
    };
    let (reply, idr, _mme) = exchange(&mut t, mme, "IDR", put);
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.body["pushed"]["sent"], 1, "the overriding user's MME gets nothing");
    let data = top(&msg(&idr), &s6a::SUBSCRIPTION_DATA).expect("Subscription-Data");
    let ambr = child(&data, &s6a::AMBR).expect("UE-AMBR");
    assert_eq!(u32_of(child(&ambr, &tgpp::MAX_REQUESTED_BANDWIDTH_UL)), 7000);
    assert!(child(&data, &s6a::APN_CONFIGURATION_PROFILE).is_none());
    assert_eq!(store.cached_count(), cached, "entries rebuilt in place, not dropped");
    // In use: not deleted.
    assert_eq!(rest.delete(&path).expect("REST").status, 409);
    t.referee().assert_clean();
    daemon.shutdown_with_grace(Duration::ZERO).expect("clean stop");
}

#[test]
fn cleared_values_are_withdrawn_a_new_default_is_inserted_and_disabling_cancels() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let daemon = daemon(dir.path(), 1);
    let store = daemon.engine().store().clone();
    provision(&store, &SubSpec::new(IMSI));
    ensure_apn_profile(&store, &apn_profile(2, "ims"));
    let rest = Client::new(daemon.rest_addr());
    let path = format!("/subscribers/{IMSI}");
    let body = json!({"apns": [{"profile": APN_ID}, {"profile": 2}],
                      "options": {"periodic_tau_timer": 600}});
    assert_eq!(rest.patch(&path, &body).expect("REST").status, 200);
    let mut t = Transcript::new();
    let mut mme = mme(&daemon, "mme1.test");
    let ulr = mme.ulr_bytes(IMSI, codec::view::s6a::UlrFlags::S6A_S6D_INDICATOR);
    assert_eq!(result(&t.call(&mut mme, "ULR", &ulr)), AnswerResult::Result(ResultCode::SUCCESS));

    // The TAU timer cleared: a DSR withdrawing it, no IDR.
    let body = json!({"options": {"periodic_tau_timer": null}});
    let (reply, dsr, mme) =
        exchange(&mut t, mme, "DSR", || rest.patch(&path, &body).expect("REST"));
    assert_eq!(pushed(&reply).len(), 1, "{:?}", reply.body);
    assert_eq!(command_code(&dsr), 320);
    let flags = u32_of(top(&msg(&dsr), &s6a::DSR_FLAGS));
    assert_eq!(flags, DsrFlags::SUBSCRIBED_PERIODIC_RAU_TAU_TIMER_WITHDRAWAL.0);

    // Only the default APN changes: the IDR names it and carries its configuration.
    let body = json!({"default_apn": 2});
    let (reply, idr, mme) =
        exchange(&mut t, mme, "IDR", || rest.patch(&path, &body).expect("REST"));
    assert_eq!(pushed(&reply)[0]["request"], "idr");
    let data = top(&msg(&idr), &s6a::SUBSCRIPTION_DATA).expect("Subscription-Data");
    let profile = child(&data, &s6a::APN_CONFIGURATION_PROFILE).expect("APN profile");
    assert_eq!(u32_of(child(&profile, &s6a::CONTEXT_IDENTIFIER)), 2);
    let apns = children(&profile, &s6a::APN_CONFIGURATION);
    assert_eq!(apns.len(), 1, "at least one APN-Configuration: the new default's");
    assert_eq!(u32_of(child(&apns[0], &s6a::CONTEXT_IDENTIFIER)), 2);

    // A PATCH of an APN profile that changes nothing sends nothing.
    let reply = rest.patch(&format!("/apn-profiles/{APN_ID}"), &json!({})).expect("REST");
    assert_eq!(reply.body["pushed"], json!({"sent": 0, "not_sent": 0, "truncated": false}));

    // Disabled: the registration is withdrawn (CLR SUBSCRIPTION_WITHDRAWAL).
    let body = json!({"options": {"disabled": true}});
    let (reply, clr, _mme) =
        exchange(&mut t, mme, "CLR", || rest.patch(&path, &body).expect("REST"));
    assert_eq!(pushed(&reply)[0]["request"], "clr");
    assert_eq!(u32_of(top(&msg(&clr), &s6a::CANCELLATION_TYPE)), 2);
    t.referee().assert_clean();
    daemon.shutdown_with_grace(Duration::ZERO).expect("clean stop");
}
