//! DWR/DWA and the RFC 3539 watchdog.

use std::time::Duration;

use codec::dict::base as b;
use codec::{CommandCode, ResultCode};

use super::support::*;
use crate::peer::{CloseCause, CloseReason, Dispatch, Initiator, PeerState, Timers, Watchdog};

const TW_MAX: Duration = Duration::from_secs(32);

#[test]
fn dwr_gets_a_dwa_with_our_origin_state_id() {
    let mut pair = PeerPair::open();
    let dwr = pair.mme.dwr();
    let (d, out) = pair.deliver(&dwr);
    assert_eq!(d, Dispatch::Handled);
    assert_eq!(out.len(), 1);
    let (req, ans) = (parse(&dwr), parse(&out[0]));
    assert_eq!(ans.header.code, CommandCode::DEVICE_WATCHDOG);
    assert!(!ans.is_request());
    assert_eq!(ans.header.hop_by_hop, req.header.hop_by_hop);
    assert_eq!(ans.header.end_to_end, req.header.end_to_end);
    assert_eq!(result_code(&out[0]), Some(ResultCode::SUCCESS));
    assert_eq!(u32_avp(&out[0], b::ORIGIN_STATE_ID.code), Some(HSS_STATE_ID));
}

#[test]
fn idle_peer_gets_a_dwr_then_is_suspect_then_closed() {
    let mut pair = PeerPair::open();
    // First expiry (Tw ± 2 s): a DWR, still OKAY.
    let (close, out) = pair.fire_next_timer();
    assert_eq!(close, None);
    assert_eq!(out.len(), 1);
    let dwr = parse(&out[0]);
    assert!(dwr.is_request());
    assert_eq!(dwr.header.code, CommandCode::DEVICE_WATCHDOG);
    assert_eq!(u32_avp(&out[0], b::ORIGIN_STATE_ID.code), Some(HSS_STATE_ID));
    let first = pair.elapsed();
    assert!(first >= Duration::from_secs(28) && first <= TW_MAX, "{first:?}");
    assert_eq!(pair.hss.watchdog(), Watchdog::Okay);

    // Second expiry with no answer: SUSPECT, nothing sent, no requests from us any more.
    let (close, out) = pair.fire_next_timer();
    assert_eq!((close, out.len()), (None, 0));
    assert_eq!(pair.hss.watchdog(), Watchdog::Suspect);
    assert!(!pair.hss.ready_for_requests());
    assert_eq!(pair.hss.state(), PeerState::ROpen);

    // Third: DOWN, close.
    let (close, out) = pair.fire_next_timer();
    let reason = CloseReason { initiator: Initiator::Local, cause: CloseCause::Watchdog };
    assert_eq!(close, Some(reason));
    assert!(out.is_empty());
    assert_eq!(pair.hss.state(), PeerState::Closed);
    assert_eq!(pair.hss.watchdog(), Watchdog::Down);
    assert_eq!(pair.hss.poll_timeout(), None);
    assert!(pair.elapsed() <= 3 * TW_MAX);
    // The peer's identity stays for the log.
    assert_eq!(pair.hss.peer().map(|p| &*p.origin_host), Some(MME_HOST));
}

#[test]
fn dwa_answers_the_dwr_and_keeps_the_peer_okay() {
    let mut pair = PeerPair::open();
    for _ in 0..5 {
        let (close, out) = pair.fire_next_timer();
        assert_eq!(close, None);
        assert_eq!(out.len(), 1, "one DWR per idle interval");
        pair.now += Duration::from_millis(30);
        let dwa = pair.mme.answer_to(&out[0]);
        assert_eq!(pair.deliver(&dwa).0, Dispatch::Handled);
        assert_eq!(pair.hss.watchdog(), Watchdog::Okay);
    }
}

#[test]
fn dwrs_use_fresh_identifiers() {
    let mut pair = PeerPair::open();
    let mut seen = Vec::new();
    for _ in 0..3 {
        let (_, out) = pair.fire_next_timer();
        seen.push(parse(&out[0]).header.hop_by_hop);
        let dwa = pair.mme.answer_to(&out[0]);
        let _ = pair.deliver(&dwa);
    }
    let ids = pair.hss.next_request_ids();
    seen.push(ids.hop_by_hop);
    let mut unique = seen.clone();
    unique.dedup();
    assert_eq!(unique, seen);
}

#[test]
fn traffic_resets_the_watchdog() {
    let mut pair = PeerPair::open();
    // An AIR every 20 s for ten minutes: never idle for Tw, so never a DWR.
    for i in 0..30 {
        let (close, out) = pair.advance(Duration::from_secs(20));
        assert_eq!((close, out.len()), (None, 0), "round {i}");
        let air = pair.mme.air("001010000000001");
        assert_eq!(pair.deliver(&air).0, Dispatch::Application);
    }
    // Then silence: the DWR comes one Tw after the last message.
    let last = pair.now;
    let (_, out) = pair.fire_next_timer();
    assert_eq!(out.len(), 1);
    assert!(pair.now - last <= TW_MAX);
}

#[test]
fn any_message_brings_a_suspect_peer_back() {
    let mut pair = PeerPair::open();
    let _ = pair.fire_next_timer(); // DWR
    let _ = pair.fire_next_timer(); // SUSPECT
    assert_eq!(pair.hss.watchdog(), Watchdog::Suspect);
    let air = pair.mme.air("001010000000001");
    assert_eq!(pair.deliver(&air).0, Dispatch::Application);
    assert_eq!(pair.hss.watchdog(), Watchdog::Okay);
    assert!(pair.hss.ready_for_requests());
    // The DWR is still unanswered (RFC 3539: only a DWA clears it), so the next idle expiry
    // makes the peer SUSPECT again without a new DWR, and the one after closes.
    let (close, out) = pair.fire_next_timer();
    assert_eq!((close, out.len()), (None, 0));
    assert_eq!(pair.hss.watchdog(), Watchdog::Suspect);
    let (close, _) = pair.fire_next_timer();
    assert_eq!(close.map(|c| c.cause), Some(CloseCause::Watchdog));
}

#[test]
fn jitter_follows_the_seed() {
    let tw = |seed: u64| {
        let config = std::sync::Arc::new(config(None, Timers::default()));
        let t0 = std::time::Instant::now();
        let mut hss = crate::peer::PeerConn::new(config, super::support::MME_ADDRESS, t0, seed);
        let mut mme = FakeMme::new(MME_HOST);
        let cer = mme.cer();
        let mut out = bytes::BytesMut::new();
        let _ = hss.handle_message(t0, &parse(&cer), &mut out);
        hss.poll_timeout().unwrap() - t0
    };
    assert_eq!(tw(1), tw(1));
    let distinct: std::collections::BTreeSet<_> = (0..20).map(tw).collect();
    assert!(distinct.len() > 10, "{distinct:?}");
}
