//! DPR/DPA in both directions.

use std::time::Duration;

use codec::{CommandCode, ResultCode};

use super::support::*;
use crate::peer::{
    CloseCause, CloseReason, DisconnectCause, Dispatch, Initiator, PeerState, Timers,
};

fn peer_asked(cause: u32) -> CloseReason {
    CloseReason {
        initiator: Initiator::Remote,
        cause: CloseCause::Disconnected(DisconnectCause(cause)),
    }
}

#[test]
fn dpr_is_answered_and_the_peer_closes() {
    let mut pair = PeerPair::open();
    let dpr = pair.mme.dpr(1);
    let (d, out) = pair.deliver(&dpr);
    assert_eq!(d, Dispatch::Handled);
    let dpa = parse(&out[0]);
    assert_eq!(dpa.header.code, CommandCode::DISCONNECT_PEER);
    assert!(!dpa.is_request());
    assert_eq!(dpa.header.hop_by_hop, parse(&dpr).header.hop_by_hop);
    assert_eq!(result_code(&out[0]), Some(ResultCode::SUCCESS));
    // RFC 6733 §5.4: the DPR's sender closes the transport; we wait for it.
    assert_eq!(pair.hss.state(), PeerState::Closing);
    assert!(!pair.hss.ready_for_requests());
    let reason = pair.hss.handle_transport_closed();
    assert_eq!(reason, peer_asked(1));
    assert_eq!(reason.to_string(), "peer asked (DPR, BUSY(1))");
    assert_eq!(pair.hss.state(), PeerState::Closed);
    assert_eq!(pair.hss.close_reason(), Some(reason));
}

#[test]
fn after_the_grace_we_close_ourselves() {
    let mut pair = PeerPair::open();
    let dpr = pair.mme.dpr(0);
    let _ = pair.deliver(&dpr);
    // In flight when the DPR came: still answered or handed on while closing.
    let dwr = pair.mme.dwr();
    let (d, out) = pair.deliver(&dwr);
    assert_eq!((d, result_code(&out[0])), (Dispatch::Handled, Some(ResultCode::SUCCESS)));
    let air = pair.mme.air("001010000000001");
    assert_eq!(pair.deliver(&air).0, Dispatch::Application);
    assert_eq!(pair.advance(Duration::from_millis(1_999)), (None, vec![]));
    let (close, out) = pair.advance(Duration::from_millis(1));
    assert_eq!(close, Some(peer_asked(0)));
    assert!(out.is_empty());
}

#[test]
fn with_no_grace_the_dpa_is_the_last_word() {
    let timers = Timers { disconnect_grace: Duration::ZERO, ..Timers::default() };
    let mut pair = PeerPair::open_with(config(None, timers));
    let dpr = pair.mme.dpr(2);
    let (d, out) = pair.deliver(&dpr);
    assert_eq!(d, Dispatch::Close(peer_asked(2)));
    assert_eq!(result_code(&out[0]), Some(ResultCode::SUCCESS));
    assert_eq!(pair.hss.state(), PeerState::Closed);
}

#[test]
fn a_malformed_dpr_is_answered_and_changes_nothing() {
    let mut pair = PeerPair::open();
    let mut dpr = pair.mme.dpr(1);
    // Drop the Disconnect-Cause AVP (the last 12 bytes) and fix the length.
    dpr.truncate(dpr.len() - 12);
    let len = (dpr.len() as u32).to_be_bytes();
    dpr[1..4].copy_from_slice(&len[1..]);
    let (d, out) = pair.deliver(&dpr);
    assert_eq!(d, Dispatch::Handled);
    assert_eq!(result_code(&out[0]), Some(ResultCode::MISSING_AVP));
    assert_eq!(
        failed_avp(&out[0]),
        Some((codec::dict::base::DISCONNECT_CAUSE.code, codec::VendorId::IETF))
    );
    assert_eq!(pair.hss.state(), PeerState::ROpen);
}

#[test]
fn our_dpr_closes_on_its_dpa() {
    let mut pair = PeerPair::open();
    let mut out = bytes::BytesMut::new();
    let r =
        pair.hss.start_disconnect(pair.now, DisconnectCause::BUSY, Initiator::Operator, &mut out);
    assert_eq!(r, None);
    let out = split(&out);
    let dpr = parse(&out[0]);
    assert!(dpr.is_request());
    assert_eq!(dpr.header.code, CommandCode::DISCONNECT_PEER);
    assert_eq!(
        u32_avp(&out[0], codec::dict::base::DISCONNECT_CAUSE.code),
        Some(DisconnectCause::BUSY.0)
    );
    assert_eq!(pair.hss.state(), PeerState::Closing);
    // Asking again sends nothing more.
    let mut again = bytes::BytesMut::new();
    let r =
        pair.hss.start_disconnect(pair.now, DisconnectCause::BUSY, Initiator::Local, &mut again);
    assert_eq!((r, again.len()), (None, 0));
    // A DPA to something else is ignored; the real one closes.
    let mut stray = pair.mme.answer_to(&out[0]);
    stray[12..16].copy_from_slice(&0xdead_beef_u32.to_be_bytes());
    assert_eq!(pair.deliver(&stray).0, Dispatch::Handled);
    let dpa = pair.mme.answer_to(&out[0]);
    let reason = CloseReason {
        initiator: Initiator::Operator,
        cause: CloseCause::Disconnected(DisconnectCause::BUSY),
    };
    assert_eq!(pair.deliver(&dpa).0, Dispatch::Close(reason));
    assert_eq!(pair.hss.close_reason(), Some(reason));
}

#[test]
fn our_dpr_without_dpa_times_out() {
    let mut pair = PeerPair::open();
    let mut out = bytes::BytesMut::new();
    let _ =
        pair.hss.start_disconnect(pair.now, DisconnectCause::REBOOTING, Initiator::Local, &mut out);
    // Answers to our earlier requests still come through while closing.
    let ids = pair.hss.next_request_ids();
    let clr = {
        let mut buf = bytes::BytesMut::new();
        let mut w = codec::MessageWriter::request(
            &mut buf,
            CommandCode::CANCEL_LOCATION,
            codec::ApplicationId::S6A,
            true,
            ids.hop_by_hop,
            ids.end_to_end,
        );
        w.origin(HSS_HOST, HSS_REALM);
        w.finish();
        buf.to_vec()
    };
    let cla = pair.mme.answer_to(&clr);
    assert_eq!(pair.deliver(&cla).0, Dispatch::Answer);
    let (close, _) = pair.advance(Duration::from_secs(10));
    assert_eq!(
        close,
        Some(CloseReason {
            initiator: Initiator::Local,
            cause: CloseCause::DpaTimeout(DisconnectCause::REBOOTING),
        })
    );
}

#[test]
fn disconnect_before_cer_closes_at_once() {
    let mut pair = PeerPair::new(config(None, Timers::default()));
    let mut out = bytes::BytesMut::new();
    let r =
        pair.hss.start_disconnect(pair.now, DisconnectCause::REBOOTING, Initiator::Local, &mut out);
    assert_eq!(
        r,
        Some(CloseReason {
            initiator: Initiator::Local,
            cause: CloseCause::Disconnected(DisconnectCause::REBOOTING),
        })
    );
    assert!(out.is_empty());
}

#[test]
fn the_transport_going_away_is_recorded() {
    let mut pair = PeerPair::open();
    let reason = pair.hss.handle_transport_closed();
    assert_eq!(
        reason,
        CloseReason { initiator: Initiator::Remote, cause: CloseCause::TransportClosed }
    );
    // Idempotent.
    assert_eq!(pair.hss.handle_transport_closed(), reason);
}
