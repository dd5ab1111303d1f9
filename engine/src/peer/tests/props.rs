//! Random sequences of messages, corrupted messages, timeouts and disconnects: the peer never
//! panics, writes only whole messages, answers every request it does not hand on, and stays
//! closed once closed.

use std::time::Duration;

use bytes::BytesMut;
use codec::{ApplicationId, CommandCode, Message};
use proptest::prelude::*;

use super::support::*;
use crate::peer::{DisconnectCause, Dispatch, Initiator, PeerState, Timers};

#[derive(Debug, Clone)]
enum Event {
    /// A CER advertising the applications picked by the bit mask (S6a, S13, Cx, relay).
    Cer {
        apps: u8,
        stranger: bool,
    },
    Dwr,
    /// Answers the last request the HSS sent (DWR, DPR), if any.
    AnswerLast,
    Dpr(u32),
    Air,
    /// A request of another application or command.
    Other {
        app: u8,
        code: u16,
    },
    /// A message the MME built, with one byte after the length field replaced.
    Corrupt {
        which: u8,
        pos: usize,
        byte: u8,
    },
    Advance(u32),
    Disconnect {
        operator: bool,
    },
    TransportClosed,
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        2 => (any::<u8>(), proptest::bool::weighted(0.1))
            .prop_map(|(apps, stranger)| Event::Cer { apps, stranger }),
        2 => Just(Event::Dwr),
        2 => Just(Event::AnswerLast),
        1 => (0u32..4).prop_map(Event::Dpr),
        4 => Just(Event::Air),
        2 => (any::<u8>(), any::<u16>()).prop_map(|(app, code)| Event::Other { app, code }),
        4 => (any::<u8>(), 4usize..400, any::<u8>())
            .prop_map(|(which, pos, byte)| Event::Corrupt { which, pos, byte }),
        4 => (0u32..40_000).prop_map(Event::Advance),
        1 => any::<bool>().prop_map(|operator| Event::Disconnect { operator }),
        1 => Just(Event::TransportClosed),
    ]
}

const APPS: [ApplicationId; 4] =
    [ApplicationId::S6A, ApplicationId::S13, ApplicationId::CX, ApplicationId::RELAY];

fn run(events: Vec<Event>, allow_list: bool, zero_grace: bool) {
    let timers = Timers {
        disconnect_grace: if zero_grace { Duration::ZERO } else { Duration::from_secs(2) },
        ..Timers::default()
    };
    let allowed = [MME_HOST];
    let mut pair = PeerPair::new(config(allow_list.then_some(&allowed[..]), timers));
    let mut last_sent: Option<Vec<u8>> = None;
    let mut closed = false;
    for ev in events {
        let state_before = pair.hss.state();
        let bytes = match ev {
            Event::Cer { apps, stranger } => {
                pair.mme.host =
                    if stranger { "stranger.example.org".into() } else { MME_HOST.into() };
                pair.mme.tgpp_apps = APPS
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| apps & (1 << i) != 0)
                    .map(|(_, a)| *a)
                    .collect();
                Some(pair.mme.cer())
            }
            Event::Dwr => Some(pair.mme.dwr()),
            Event::AnswerLast => last_sent.take().map(|req| pair.mme.answer_to(&req)),
            Event::Dpr(cause) => Some(pair.mme.dpr(cause)),
            Event::Air => Some(pair.mme.air("001010000000001")),
            Event::Other { app, code } => {
                let app = [
                    ApplicationId::S6A,
                    ApplicationId::S13,
                    ApplicationId::CX,
                    ApplicationId::COMMON,
                ][usize::from(app % 4)];
                let code = CommandCode(u32::from(code % 400));
                Some(pair.mme.request(app, code, |_| {}))
            }
            Event::Corrupt { which, pos, byte } => {
                let mut m = match which % 4 {
                    0 => pair.mme.cer(),
                    1 => pair.mme.dwr(),
                    2 => pair.mme.dpr(1),
                    _ => pair.mme.air("001010000000001"),
                };
                let pos = pos % m.len();
                // Keep version and length: a frame the codec cannot trust never reaches the peer.
                if pos >= 4 {
                    m[pos] = byte;
                }
                Some(m)
            }
            Event::Advance(ms) => {
                let (close, out) = pair.advance(Duration::from_millis(u64::from(ms)));
                if let Some(req) = out.iter().rev().find(|f| parse(f).is_request()) {
                    last_sent = Some(req.clone());
                }
                if close.is_some() {
                    assert_eq!(pair.hss.state(), PeerState::Closed);
                    closed = true;
                }
                None
            }
            Event::Disconnect { operator } => {
                let by = if operator { Initiator::Operator } else { Initiator::Local };
                let mut out = BytesMut::new();
                let r = pair.hss.start_disconnect(pair.now, DisconnectCause::BUSY, by, &mut out);
                let out = split(&out);
                if let Some(req) = out.first() {
                    last_sent = Some(req.clone());
                }
                if r.is_some() {
                    assert!(out.is_empty());
                    closed = true;
                }
                None
            }
            Event::TransportClosed => {
                let _ = pair.hss.handle_transport_closed();
                closed = true;
                None
            }
        };
        if let Some(bytes) = bytes {
            let Ok(msg) = Message::parse(&bytes) else { continue };
            let request = msg.is_request();
            let (d, out) = pair.deliver(&bytes);
            if closed {
                assert!(matches!(d, Dispatch::Close(_)), "closed stays closed");
                assert!(out.is_empty(), "nothing written once closed");
                continue;
            }
            match state_before {
                PeerState::ROpen | PeerState::Closing if request => {
                    // Every request is answered here, once, or handed on unanswered.
                    match d {
                        Dispatch::Application => assert!(out.is_empty()),
                        _ => {
                            assert_eq!(out.len(), 1, "{d:?}");
                            let ans = parse(&out[0]);
                            assert!(!ans.is_request());
                            assert_eq!(ans.header.hop_by_hop, msg.header.hop_by_hop);
                            assert_eq!(ans.header.code, msg.header.code);
                        }
                    }
                }
                PeerState::ROpen | PeerState::Closing => {
                    assert!(out.is_empty(), "answers are never answered");
                    assert!(matches!(d, Dispatch::Answer | Dispatch::Handled | Dispatch::Close(_)));
                }
                _ => assert!(out.len() <= 1),
            }
            if matches!(d, Dispatch::Close(_)) {
                closed = true;
            }
        }
        assert_eq!(closed, pair.hss.state() == PeerState::Closed);
        assert_eq!(closed, pair.hss.poll_timeout().is_none());
        if let Some(t) = pair.hss.poll_timeout() {
            // Timers are never set further out than the longest one (Tw + jitter).
            assert!(t <= pair.now + Duration::from_secs(32));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_event_sequences_never_break_the_peer(
        open_first in proptest::bool::weighted(0.8),
        mut events in proptest::collection::vec(event(), 0..60),
        allow_list in any::<bool>(),
        zero_grace in proptest::bool::weighted(0.2),
    ) {
        // Most runs start with a good CER, so that most events meet an open connection.
        if open_first {
            events.insert(0, Event::Cer { apps: 1, stranger: false });
        }
        run(events, allow_list, zero_grace);
    }

    /// Mostly an open connection fed corrupted messages.
    #[test]
    fn corrupted_messages_on_an_open_connection_are_answered(
        corruptions in proptest::collection::vec((any::<u8>(), 4usize..400, any::<u8>()), 1..40),
    ) {
        let mut events = vec![Event::Cer { apps: 1, stranger: false }];
        let corrupt = |(which, pos, byte)| Event::Corrupt { which, pos, byte };
        events.extend(corruptions.into_iter().map(corrupt));
        run(events, false, false);
    }
}
