//! Outbound requests: routed by Destination-Host to the connection of another shard, written
//! there, matched by hop-by-hop id, expired, refused when the peer cannot take them.

use std::time::Duration;

use codec::CommandCode;
use codec::view::s6a::CancellationType;
use crossbeam::channel::Receiver;

use super::support::*;
use crate::apps::s6a::CancelLocation;
use crate::outbound::{ANSWER_TIMEOUT, Delivery, NotSent, Outbound, OutboundKind, Reply};
use crate::peer::tests::support::FakeMme;

fn clr(host: &str) -> (Outbound, Receiver<Delivery>) {
    let (reply, events) = Reply::channel();
    let body = CancelLocation::new(&imsi(1), CancellationType::SUBSCRIPTION_WITHDRAWAL);
    (Outbound::new(host, "epc.test", body).with_reply(reply), events)
}

#[test]
fn a_ulr_from_another_mme_sends_clr_to_the_first_one_on_its_shard() {
    let mut h = Harness::new(2, 0, 1);
    let (mut a, mut b) = (FakeMme::new("mme-a.test"), FakeMme::new("mme-b.test"));
    let conn_a = h.open(0, &mut a);
    let conn_b = h.open(1, &mut b);
    // The first ULR finds the subscriber cold: served on the slow lane.
    h.read(conn_a, &[ulr_request(&mut a, &imsi(1))]);
    h.run_slow_lane();
    h.pump();
    assert_eq!(h.take(conn_a).len(), 1, "ULA");
    h.read(conn_b, &[ulr_request(&mut b, &imsi(1))]);
    assert_eq!(h.take(conn_b).len(), 1, "ULA");
    assert!(h.take(conn_a).is_empty(), "the CLR is on its way to shard 0");
    assert_eq!(h.pump(), 1);
    let sent = h.take(conn_a);
    assert_eq!(sent.len(), 1);
    let clr = parse(&sent[0]);
    assert!(clr.is_request());
    assert_eq!(clr.header.code, CommandCode::CANCEL_LOCATION);

    let stats = || h.services.counters.snapshot().outbound[OutboundKind::CancelLocation];
    assert_eq!((stats().requested, stats().sent), (1, 1));
    h.read(conn_a, &[a.answer_to(&sent[0])]);
    let s = h.services.counters.snapshot().outbound[OutboundKind::CancelLocation];
    assert_eq!((s.answered, s.failed, s.missing), (1, 0, 0));
}

#[test]
fn the_sender_learns_sent_then_answered_or_no_answer() {
    let mut h = Harness::new(1, 0, 1);
    let mut mme = FakeMme::new("mme1.test");
    let conn = h.open(0, &mut mme);

    let (request, events) = clr("MME1.TEST");
    assert_eq!(h.services.send(request), Some(conn), "routed ignoring case");
    h.pump();
    assert_eq!(events.try_recv(), Ok(Delivery::Sent));
    let sent = h.take(conn);
    h.read(conn, &[mme.answer_to(&sent[0])]);
    assert!(matches!(events.try_recv(), Ok(Delivery::Answered(Some(r))) if r.is_success()));

    // No answer: the timeout settles it.
    let (request, events) = clr("mme1.test");
    h.services.send(request);
    h.pump();
    assert_eq!(events.try_recv(), Ok(Delivery::Sent));
    let unanswered = h.take(conn);
    h.advance(ANSWER_TIMEOUT - Duration::from_millis(1));
    assert!(events.try_recv().is_err(), "not yet");
    h.advance(Duration::from_millis(2));
    assert_eq!(events.try_recv(), Ok(Delivery::NoAnswer));
    let s = h.services.counters.snapshot().outbound[OutboundKind::CancelLocation];
    assert_eq!((s.sent, s.answered, s.missing), (2, 1, 1));
    // The late answer matches nothing.
    h.read(conn, &[mme.answer_to(&unanswered[0])]);
    assert_eq!(h.services.counters.snapshot().outbound.unmatched, 1);
}

#[test]
fn requests_for_absent_closing_or_closed_peers_are_not_sent() {
    let mut h = Harness::new(1, 0, 1);
    let (request, events) = clr("nobody.test");
    assert_eq!(h.services.send(request), None);
    assert_eq!(events.try_recv(), Ok(Delivery::NotConnected));

    // Routed, but the connection closed before its shard handed it the request.
    let mut mme = FakeMme::new("mme1.test");
    let conn = h.open(0, &mut mme);
    let (request, events) = clr("mme1.test");
    assert_eq!(h.services.send(request), Some(conn));
    h.close(conn);
    h.pump();
    assert_eq!(events.try_recv(), Ok(Delivery::NotSent(NotSent::ConnectionGone)));

    // A peer that sent DPR is closing: no new requests.
    let mut mme = FakeMme::new("mme2.test");
    let conn = h.open(0, &mut mme);
    let (request, events) = clr("mme2.test");
    h.services.send(request);
    h.read(conn, &[mme.dpr(0)]);
    h.pump();
    assert_eq!(events.try_recv(), Ok(Delivery::NotSent(NotSent::PeerNotReady)));
    let s = h.services.counters.snapshot();
    let clr = s.outbound[OutboundKind::CancelLocation];
    assert_eq!((clr.requested, clr.not_connected, clr.not_sent, clr.sent), (3, 1, 2, 0));
    assert_eq!(s.commands_lost, 1);
}

#[test]
fn closing_a_connection_settles_its_pending_requests() {
    let mut h = Harness::new(1, 0, 1);
    let mut mme = FakeMme::new("mme1.test");
    let conn = h.open(0, &mut mme);
    let (request, events) = clr("mme1.test");
    h.services.send(request);
    h.pump();
    assert_eq!(events.try_recv(), Ok(Delivery::Sent));
    h.close(conn);
    assert_eq!(events.try_recv(), Ok(Delivery::NoAnswer));
    assert_eq!(h.services.counters.snapshot().outbound[OutboundKind::CancelLocation].missing, 1);
}

#[test]
fn a_request_with_attempts_left_is_sent_again_when_no_answer_comes() {
    let mut h = Harness::new(1, 0, 1);
    let mut mme = FakeMme::new("mme1.test");
    let conn = h.open(0, &mut mme);
    let body = CancelLocation::new(&imsi(1), CancellationType::SUBSCRIPTION_WITHDRAWAL);
    h.services.send(Outbound::new("mme1.test", "epc.test", body).with_attempts(2));
    h.pump();
    let first = h.take(conn);
    assert_eq!(first.len(), 1);
    // No answer: after the timeout it goes out again, with a new hop-by-hop id.
    h.advance(ANSWER_TIMEOUT + Duration::from_millis(1));
    h.pump();
    let second = h.take(conn);
    assert_eq!(second.len(), 1, "resent once");
    assert_ne!(parse(&first[0]).header.hop_by_hop, parse(&second[0]).header.hop_by_hop);
    // The second attempt was the last: no third send.
    h.advance(ANSWER_TIMEOUT + Duration::from_millis(1));
    h.pump();
    assert_eq!(clrs(h.take(conn)), 0);
    let s = h.services.counters.snapshot().outbound[OutboundKind::CancelLocation];
    assert_eq!((s.sent, s.missing), (2, 2));
    // A request someone waits on is not retried: its sender decides.
    let (request, events) = clr("mme1.test");
    h.services.send(request.with_attempts(3));
    h.pump();
    assert_eq!(h.take(conn).len(), 1);
    h.advance(ANSWER_TIMEOUT + Duration::from_millis(1));
    h.pump();
    // (By now the watchdog may have sent a DWR: only CLRs count.)
    assert_eq!(clrs(h.take(conn)), 0);
    assert_eq!(events.try_recv(), Ok(Delivery::Sent));
    assert_eq!(events.try_recv(), Ok(Delivery::NoAnswer));
}

/// How many of `frames` are CLRs.
fn clrs(frames: Vec<Vec<u8>>) -> usize {
    frames.iter().filter(|f| parse(f).header.code == CommandCode::CANCEL_LOCATION).count()
}
