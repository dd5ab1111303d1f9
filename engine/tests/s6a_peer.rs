//! The engine end to end over loopback, peer procedures and protocol errors: CER/CEA, DWR/DWA,
//! DPR/DPA, requests before CER, unknown commands, missing AVPs, pipelining and split writes,
//! and the DPR a shutdown sends.

mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use codec::dict::{base as b, s6a};
use codec::view::AnswerResult;
use codec::{ApplicationId, ResultCode, VendorId};
use support::*;

#[test]
fn cea_advertises_s6a_as_vendor_specific_with_2001() {
    let hss = Hss::start(1);
    let mut mme = Mme::connect(hss.addr(), "mme1.test", hss.origin_host(), hss.origin_realm());
    let cea = mme.exchange_capabilities();
    let m = msg(&cea);
    assert_eq!(command_code(&cea), 257);
    assert_eq!(result(&cea), AnswerResult::Result(ResultCode::SUCCESS));
    assert_eq!(text(top(&m, &b::ORIGIN_HOST)), hss.origin_host());
    assert_eq!(text(top(&m, &b::ORIGIN_REALM)), hss.origin_realm());
    assert_eq!(text(top(&m, &b::PRODUCT_NAME)), "hssd");
    assert_eq!(u32_of(top(&m, &b::VENDOR_ID)), 0);
    assert_eq!(u32_of(top(&m, &b::SUPPORTED_VENDOR_ID)), VendorId::TGPP.0);
    let ip = top(&m, &b::HOST_IP_ADDRESS).expect("Host-IP-Address");
    assert_eq!(ip.data, [0, 1, 127, 0, 0, 1], "the loopback address we listen on");
    let app = top(&m, &b::VENDOR_SPECIFIC_APPLICATION_ID).expect("Vendor-Specific-Application-Id");
    assert_eq!(u32_of(child(&app, &b::VENDOR_ID)), VendorId::TGPP.0);
    assert_eq!(u32_of(child(&app, &b::AUTH_APPLICATION_ID)), ApplicationId::S6A.0);
    assert!(top(&m, &b::AUTH_APPLICATION_ID).is_none(), "S6a is not advertised as plain");
    let osi = u32_of(top(&m, &b::ORIGIN_STATE_ID));
    let started = hss.engine.started().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    assert_eq!(u64::from(osi), started);
    // The peer is registered under its host, whatever its case.
    assert!(hss.engine.peers().lookup("MME1.TEST").is_some());
    assert_eq!(hss.engine.stats().peers_opened, 1);
    drop(mme);
    assert!(wait_until(Duration::from_secs(5), || hss.engine.peers().is_empty()));
    hss.stop();
}

#[test]
fn dwr_gets_dwa() {
    let hss = Hss::start(1);
    let mut mme = hss.mme("mme1.test");
    let dwr = mme.dwr_bytes();
    let dwa = mme.call(&dwr);
    assert_eq!(command_code(&dwa), 280);
    assert!(!is_request(&dwa));
    assert_eq!(result(&dwa), AnswerResult::Result(ResultCode::SUCCESS));
    assert_eq!(text(top(&msg(&dwa), &b::ORIGIN_HOST)), hss.origin_host());
    hss.stop();
}

#[test]
fn dpr_gets_dpa_and_the_peer_is_unregistered() {
    let hss = Hss::start(1);
    let mut mme = hss.mme("mme1.test");
    assert_eq!(hss.engine.peers().len(), 1);
    let dpr = mme.dpr_bytes(2);
    let dpa = mme.call(&dpr);
    assert_eq!(command_code(&dpa), 282);
    assert_eq!(result(&dpa), AnswerResult::Result(ResultCode::SUCCESS));
    // No CLR can go to a peer that said goodbye, even before the transport closes.
    assert!(hss.engine.peers().lookup("mme1.test").is_none());
    // RFC 6733 §5.4: the DPR's sender closes; the HSS closes anyway after its grace period.
    let start = Instant::now();
    assert!(mme.closed_by_server());
    assert!(start.elapsed() < Duration::from_secs(4));
    hss.stop();
}

#[test]
fn a_request_before_cer_closes_the_connection_unanswered() {
    let hss = Hss::start(1);
    provision(hss.store(), &SubSpec::new("001010000000001"));
    let mut mme = Mme::connect(hss.addr(), "mme1.test", hss.origin_host(), hss.origin_realm());
    let air = mme.air_bytes("001010000000001", 1, &home_plmn(), None);
    mme.send(&air);
    assert!(mme.closed_by_server(), "closed without an answer");
    assert!(hss.engine.peers().is_empty());
    assert!(wait_until(Duration::from_secs(2), || hss.engine.stats().connections_closed == 1));
    hss.stop();
}

#[test]
fn an_unknown_command_gets_3001_with_the_e_bit() {
    let hss = Hss::start(1);
    let mut mme = hss.mme("mme1.test");
    let mut req = mme.air_bytes("001010000000001", 1, &home_plmn(), None);
    req[5..8].copy_from_slice(&9999u32.to_be_bytes()[1..]);
    let answer = mme.call(&req);
    assert!(!is_request(&answer));
    assert!(is_error_bit(&answer), "3xxx answers carry the E bit");
    assert_eq!(command_code(&answer), 9999);
    assert_eq!(result(&answer), AnswerResult::Result(ResultCode::COMMAND_UNSUPPORTED));
    // The connection stays up.
    let dwr = mme.dwr_bytes();
    assert_eq!(result(&mme.call(&dwr)), AnswerResult::Result(ResultCode::SUCCESS));
    hss.stop();
}

#[test]
fn a_missing_avp_gets_5005_with_failed_avp() {
    let hss = Hss::start(1);
    provision(hss.store(), &SubSpec::new("001010000000001"));
    let mut mme = hss.mme("mme1.test");
    let air = mme.air_bytes("001010000000001", 1, &home_plmn(), None);
    let req = without_avp(&air, &s6a::VISITED_PLMN_ID);
    let answer = mme.call(&req);
    assert!(!is_error_bit(&answer));
    assert_eq!(result(&answer), AnswerResult::Result(ResultCode::MISSING_AVP));
    let failed = failed_avp_codes(&answer);
    assert_eq!(failed, [(s6a::VISITED_PLMN_ID.code.0, VendorId::TGPP.0)], "Failed-AVP names it");
    // 5xxx answers to S6a keep the application's answer shape.
    let m = msg(&answer);
    assert!(top(&m, &b::VENDOR_SPECIFIC_APPLICATION_ID).is_some());
    assert_eq!(u32_of(top(&m, &b::AUTH_SESSION_STATE)), 1);
    // And nothing was consumed: the next good AIR starts from the first SQN.
    let sqns = verified_sqns(&mme.air("001010000000001", 1));
    assert_eq!(sqns.len(), 1);
    hss.stop();
}

#[test]
fn pipelined_requests_in_one_write_are_all_answered() {
    let hss = Hss::start(1);
    provision(hss.store(), &SubSpec::new("001010000000001"));
    let mut mme = hss.mme("mme1.test");
    let mut batch = Vec::new();
    let mut kinds = HashMap::new();
    for i in 0..60 {
        let req = if i % 10 == 9 {
            mme.dwr_bytes()
        } else {
            mme.air_bytes("001010000000001", 1, &home_plmn(), None)
        };
        kinds.insert(hop_by_hop(&req), command_code(&req));
        batch.extend_from_slice(&req);
    }
    mme.send(&batch);
    let mut sqns = Vec::new();
    for _ in 0..kinds.len() {
        let answer = mme.read_message().expect("an answer");
        let code = kinds.remove(&hop_by_hop(&answer)).expect("each request answered once");
        assert_eq!(command_code(&answer), code);
        if code == 318 {
            sqns.extend(verified_sqns(&answer));
        } else {
            assert_eq!(result(&answer), AnswerResult::Result(ResultCode::SUCCESS));
        }
    }
    assert!(kinds.is_empty());
    assert_eq!(sqns.len(), 54);
    assert_strictly_increasing(&sqns);
    hss.stop();
}

#[test]
fn a_request_split_across_many_writes_is_answered() {
    let hss = Hss::start(1);
    provision(hss.store(), &SubSpec::new("001010000000001"));
    let mut mme = hss.mme("mme1.test");
    let req = mme.air_bytes("001010000000001", 2, &home_plmn(), None);
    for chunk in req.chunks(7) {
        mme.send(chunk);
        std::thread::sleep(Duration::from_millis(3));
    }
    let answer = mme.answer_to(hop_by_hop(&req));
    assert_eq!(verified_sqns(&answer).len(), 2);
    // Half a request, then its rest glued to a whole one.
    let (a, c) = (mme.dwr_bytes(), mme.dwr_bytes());
    mme.send(&a[..10]);
    std::thread::sleep(Duration::from_millis(20));
    mme.send(&[&a[10..], &c[..]].concat());
    assert_eq!(hop_by_hop(&mme.answer_to(hop_by_hop(&a))), hop_by_hop(&a));
    assert_eq!(hop_by_hop(&mme.answer_to(hop_by_hop(&c))), hop_by_hop(&c));
    hss.stop();
}

#[test]
fn shutdown_sends_dpr_and_returns_once_the_peer_answers() {
    let hss = Hss::start(2);
    let mut mme = hss.mme("mme1.test");
    let client = std::thread::spawn(move || {
        let dpr = mme.next_request();
        assert_eq!(command_code(&dpr), 282, "DPR");
        let m = msg(&dpr);
        assert_eq!(u32_of(top(&m, &b::DISCONNECT_CAUSE)), 0, "REBOOTING");
        let dpa = mme.answer_bytes(&dpr);
        mme.send(&dpa);
        // The HSS closes once it has the DPA.
        assert!(mme.closed_by_server());
    });
    let Hss { engine, dir, .. } = hss;
    let start = Instant::now();
    engine.shutdown().expect("clean shutdown");
    assert!(start.elapsed() < Duration::from_millis(1500), "did not wait out the grace period");
    client.join().expect("client saw DPR");
    drop(dir);
}
