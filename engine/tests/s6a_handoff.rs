//! The hand-off across shards (one busy connection served by every shard), end to end over
//! loopback: the same pipelined requests get the same answers with and without it, a large
//! read is shared and a small one is not, and a ULR handled on another shard still sends its
//! Cancel-Location to the old MME.

mod support;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Duration;

use codec::dict::{base as b, s6a};
use codec::view::AnswerResult;
use codec::view::s6a::UlrFlags;
use codec::{ApplicationId, ResultCode};
use engine::outbound::OutboundKind::CancelLocation;
use engine::settings::EngineSettings;
use support::*;

const IMSIS: [&str; 4] =
    ["001010000000001", "001010000000002", "001010000000003", "001010000000004"];

/// An engine with two shards; `min_batch` 0 turns the hand-off off.
fn start(min_batch: usize) -> Hss {
    let hss = Hss::start_with(EngineSettings { handoff_min_batch: min_batch, ..settings(2) });
    for imsi in IMSIS {
        provision(hss.store(), &SubSpec::new(imsi));
    }
    hss
}

/// One write of every kind of request an MME sends, good and bad, with watchdogs among them.
fn mixed_batch(mme: &mut Mme) -> Vec<Vec<u8>> {
    let mut requests = Vec::new();
    for round in 0..6 {
        for (i, imsi) in IMSIS.iter().enumerate() {
            requests.push(mme.air_bytes(imsi, 1 + (round + i as u32) % 3, &home_plmn(), None));
        }
        requests
            .push(mme.ulr_bytes(IMSIS[round as usize % IMSIS.len()], UlrFlags::S6A_S6D_INDICATOR));
        requests.push(mme.pur_bytes(IMSIS[(round as usize + 1) % IMSIS.len()]));
        requests.push(mme.air_bytes("001010000009999", 1, &home_plmn(), None));
        let air = mme.air_bytes(IMSIS[0], 1, &home_plmn(), None);
        requests.push(without_avp(&air, &s6a::VISITED_PLMN_ID));
        let mut unknown = mme.air_bytes(IMSIS[1], 1, &home_plmn(), None);
        unknown[5..8].copy_from_slice(&9999u32.to_be_bytes()[1..]);
        requests.push(unknown);
        let mut other_app = mme.air_bytes(IMSIS[2], 1, &home_plmn(), None);
        other_app[8..12].copy_from_slice(&ApplicationId::CX.0.to_be_bytes());
        requests.push(other_app);
        requests.push(mme.dwr_bytes());
    }
    requests
}

/// The answers to `requests` sent in one write, by hop-by-hop id. An AIA's vectors are checked
/// against K/OPc and replaced by their count, since RAND and SQN differ from run to run; a
/// DWA's Origin-State-Id (its engine's start time, in seconds) is left out, since the two
/// engines compared may start in different seconds.
fn answers(hss: &Hss, requests: &[Vec<u8>]) -> BTreeMap<u32, (Vec<u8>, usize)> {
    let mut mme = hss.mme("mme1.test");
    mme.send(&requests.concat());
    let mut answers = BTreeMap::new();
    for _ in requests {
        let answer = mme.read_message().expect("every request answered");
        let vectors = if command_code(&answer) == 318
            && result(&answer) == AnswerResult::Result(ResultCode::SUCCESS)
        {
            verified_sqns(&answer).len()
        } else {
            0
        };
        let shape = if vectors > 0 {
            without_avp(&answer, &s6a::AUTHENTICATION_INFO)
        } else if command_code(&answer) == 280 {
            without_avp(&answer, &b::ORIGIN_STATE_ID)
        } else {
            answer
        };
        assert!(answers.insert(hop_by_hop(&shape), (shape, vectors)).is_none(), "answered once");
    }
    answers
}

#[test]
fn answers_are_identical_with_and_without_the_handoff() {
    // The requests are built once (same identifiers, same Session-Ids) and sent to both.
    let requests = {
        let hss = start(0);
        let mut mme = hss.mme("mme1.test");
        let requests = mixed_batch(&mut mme);
        hss.stop();
        requests
    };
    let local = start(0);
    let without = answers(&local, &requests);
    assert_eq!(local.engine.stats().handoff_requests, 0);
    local.stop();
    let shared = start(1);
    let with = answers(&shared, &requests);
    let stats = shared.engine.stats();
    assert!(stats.handoff_requests > 0, "requests were handed to the other shard: {stats:?}");
    shared.stop();
    assert_eq!(without.len(), requests.len());
    for (hbh, answer) in &without {
        assert_eq!(with.get(hbh), Some(answer), "answer to hop-by-hop {hbh:#x}");
    }
    let codes: HashSet<u32> = without.values().map(|(a, _)| command_code(a)).collect();
    assert_eq!(codes, HashSet::from([318, 316, 321, 9999, 280]), "every kind was answered");
}

#[test]
fn a_large_read_is_shared_and_a_small_one_is_not() {
    let hss = start(8);
    let mut mme = hss.mme("mme1.test");
    // Small reads (one request at a time) stay on the reading shard.
    for _ in 0..20 {
        assert_eq!(verified_sqns(&mme.air(IMSIS[0], 1)).len(), 1);
    }
    assert_eq!(hss.engine.stats().handoff_requests, 0);
    // 400 AIRs in one write: both shards take a share, and no SQN is handed out twice.
    let batch: Vec<Vec<u8>> =
        (0..400).map(|i| mme.air_bytes(IMSIS[i % 4], 1, &home_plmn(), None)).collect();
    mme.send(&batch.concat());
    let mut imsi_of: HashMap<u32, usize> =
        batch.iter().enumerate().map(|(i, r)| (hop_by_hop(r), i % 4)).collect();
    let mut sqns = HashSet::new();
    for _ in 0..batch.len() {
        let answer = mme.read_message().expect("answer");
        let imsi = imsi_of.remove(&hop_by_hop(&answer)).expect("each request answered once");
        let vector_sqns = verified_sqns(&answer);
        assert_eq!(vector_sqns.len(), 1);
        assert!(sqns.insert((imsi, vector_sqns[0])), "an SQN handed out twice");
    }
    let stats = hss.engine.stats();
    assert!(stats.handoff_requests > 0 && stats.handoff_batches > 0, "{stats:?}");
    assert!(stats.handoff_requests < 400, "the reading shard kept a share: {stats:?}");
    // The connection is still healthy.
    let dwr = mme.dwr_bytes();
    assert_eq!(result(&mme.call(&dwr)), AnswerResult::Result(ResultCode::SUCCESS));
    hss.stop();
}

#[test]
fn a_ulr_handled_on_another_shard_cancels_the_old_mme() {
    let hss = start(1);
    let mut old = hss.mme("old-mme.test");
    assert_eq!(result(&old.ulr(IMSIS[3])), AnswerResult::Result(ResultCode::SUCCESS));
    let mut new = hss.mme("new-mme.test");
    // A batch of AIRs with the ULR among them, so that some of it is handed off.
    let mut batch: Vec<Vec<u8>> =
        (0..40).map(|_| new.air_bytes(IMSIS[0], 1, &home_plmn(), None)).collect();
    let ulrs: Vec<Vec<u8>> =
        (0..4).map(|_| new.ulr_bytes(IMSIS[3], UlrFlags::S6A_S6D_INDICATOR)).collect();
    batch.splice(10..10, ulrs);
    new.send(&batch.concat());
    for _ in 0..batch.len() {
        let answer = new.read_message().expect("answer");
        assert_eq!(result(&answer), AnswerResult::Result(ResultCode::SUCCESS));
    }
    let clr = old.next_request();
    assert_eq!(command_code(&clr), 317, "the old MME gets a Cancel-Location-Request");
    assert!(wait_until(Duration::from_secs(5), || hss.engine.stats().outbound[CancelLocation]
        .sent
        >= 1));
    assert!(hss.engine.stats().handoff_requests > 0);
    hss.stop();
}

#[test]
fn cold_airs_are_served_by_the_slow_lane_with_one_write_for_many() {
    let hss = start(0);
    let imsis: Vec<String> = (0..200).map(|i| format!("00101000010{i:04}")).collect();
    for imsi in &imsis {
        provision(hss.store(), &SubSpec::new(imsi));
    }
    let mut mme = hss.mme("mme1.test");
    // Every subscriber's first AIR, plus one for nobody, in one write: none is cached.
    let mut batch: Vec<Vec<u8>> =
        imsis.iter().map(|imsi| mme.air_bytes(imsi, 2, &home_plmn(), None)).collect();
    let unknown = mme.air_bytes("001010000099999", 1, &home_plmn(), None);
    batch.push(unknown.clone());
    mme.send(&batch.concat());
    for _ in 0..batch.len() {
        let answer = mme.read_message().expect("answer");
        if hop_by_hop(&answer) == hop_by_hop(&unknown) {
            assert_eq!(result(&answer), experimental(ResultCode(5001)));
        } else {
            assert_eq!(verified_sqns(&answer).len(), 2);
        }
    }
    let stats = hss.engine.stats();
    assert_eq!(stats.slow_requests, 201, "{stats:?}");
    assert!(stats.slow_rounds < 20, "reservations were written together: {stats:?}");
    // Now cached with SQNs reserved: served on the shard.
    for imsi in imsis.iter().take(10) {
        assert_eq!(verified_sqns(&mme.air(imsi, 1)).len(), 1);
    }
    assert_eq!(hss.engine.stats().slow_requests, 201);
    // The unknown IMSI is remembered as such: answered on the shard from now on, until it is
    // provisioned.
    for _ in 0..5 {
        assert_eq!(result(&mme.air("001010000099999", 1)), experimental(ResultCode(5001)));
    }
    assert_eq!(hss.engine.stats().slow_requests, 201, "no slow lane for a known unknown");
    provision(hss.store(), &SubSpec::new("001010000099999"));
    assert_eq!(verified_sqns(&mme.air("001010000099999", 1)).len(), 1, "created: served");
    assert_eq!(hss.engine.stats().slow_requests, 202, "its first AIR went the cold way");
    hss.stop();
}

#[test]
fn warm_airs_stay_off_the_slow_lane_across_block_refills() {
    let hss = start(0);
    let mut mme = hss.mme("mme1.test");
    for _ in 0..450 {
        assert_eq!(verified_sqns(&mme.air(IMSIS[0], 5)).len(), 5);
    }
    // The first AIR, then one refill per 1,000 vectors (200 AIRs of 5).
    let stats = hss.engine.stats();
    assert!(stats.slow_requests <= 4, "{stats:?}");
    hss.stop();
}
