//! [`PeerConn`]: the responder's peer state machine for one connection.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

use bytes::BytesMut;
use codec::build::base::{cea, dpa, dpr, dwa, dwr};
use codec::build::{RequestIds, error_answer, result_answer};
use codec::dict;
use codec::validate::validate;
use codec::view::base::DprView;
use codec::{ApplicationId, CommandCode, Message, MessageError, ResultCode};

use super::Watchdog;
use super::cer::{self, CerOutcome};
use super::grant::Grant;
use super::info::PeerInfo;
use super::watchdog::{Expiry, Jitter, WatchdogTimer};
use super::{CloseCause, CloseReason, DisconnectCause, Dispatch, Initiator, PeerConfig, PeerState};

/// The peer state machine of one accepted connection (RFC 6733 §5.6 responder, RFC 3539
/// watchdog). See the module documentation for what it handles and what it hands on.
///
/// Every input takes `now`; [`poll_timeout`](Self::poll_timeout) says when
/// [`handle_timeout`](Self::handle_timeout) is next due. Output goes into the caller's buffer.
#[derive(Debug)]
pub struct PeerConn {
    config: Arc<PeerConfig>,
    /// The address the connection comes from, which the peer policy checks.
    remote: IpAddr,
    state: State,
    /// Next Hop-by-Hop Identifier of a request this node sends on this connection (RFC 6733
    /// §3: "unique on a given connection at any given time").
    hop_by_hop: u32,
    /// Next End-to-End Identifier.
    end_to_end: u32,
    /// Seeds the watchdog jitter when the connection opens.
    seed: u64,
}

#[derive(Debug)]
enum State {
    WaitCer { deadline: Instant },
    ROpen(Open),
    Closing(Closing),
    Closed(Closed),
}

#[derive(Debug)]
struct Open {
    peer: PeerInfo,
    watchdog: WatchdogTimer,
}

#[derive(Debug)]
struct Closing {
    peer: PeerInfo,
    /// The watchdog status when closing began; it does not run while closing.
    watchdog: Watchdog,
    awaiting: Awaiting,
    deadline: Instant,
}

#[derive(Debug, Clone, Copy)]
enum Awaiting {
    /// We sent a DPR (hop-by-hop id `hop_by_hop`) and wait for its DPA.
    Dpa { by: Initiator, cause: DisconnectCause, hop_by_hop: u32 },
    /// We answered the peer's DPR and wait for it to close the transport.
    PeerClose { cause: DisconnectCause },
}

#[derive(Debug)]
struct Closed {
    reason: CloseReason,
    peer: Option<PeerInfo>,
}

impl State {
    /// What `mem::replace` leaves behind for the duration of a transition; never observed.
    fn placeholder() -> Self {
        State::Closed(Closed {
            reason: CloseReason::new(Initiator::Local, CloseCause::TransportClosed),
            peer: None,
        })
    }
}

impl PeerConn {
    /// A connection accepted at `now`, awaiting its CER for [`Timers::cer`]. `seed` makes this
    /// connection's choices (first Hop-by-Hop and End-to-End identifiers, watchdog jitter)
    /// deterministic: the engine derives it from the start time and the connection's number so
    /// that they differ across connections and restarts. `remote` is the peer's address.
    ///
    /// [`Timers::cer`]: super::Timers::cer
    pub fn new(config: Arc<PeerConfig>, remote: IpAddr, now: Instant, seed: u64) -> Self {
        let deadline = now + config.timers().cer;
        Self {
            config,
            remote,
            state: State::WaitCer { deadline },
            hop_by_hop: seed as u32,
            end_to_end: (seed >> 32) as u32,
            seed: seed ^ 0xa076_1d64_78bd_642f,
        }
    }

    /// The state, named as in RFC 6733 §5.6.
    pub fn state(&self) -> PeerState {
        match self.state {
            State::WaitCer { .. } => PeerState::WaitCer,
            State::ROpen(_) => PeerState::ROpen,
            State::Closing(_) => PeerState::Closing,
            State::Closed(_) => PeerState::Closed,
        }
    }

    /// The RFC 3539 watchdog status.
    pub fn watchdog(&self) -> Watchdog {
        match &self.state {
            State::WaitCer { .. } => Watchdog::Initial,
            State::ROpen(open) => open.watchdog.status(),
            State::Closing(closing) => closing.watchdog,
            State::Closed(_) => Watchdog::Down,
        }
    }

    /// True when this node may send requests (CLR, IDR ...) on this connection: R-Open and the
    /// watchdog OKAY. In SUSPECT, RFC 3539 fails over: use another connection if there is one.
    pub fn ready_for_requests(&self) -> bool {
        matches!(&self.state, State::ROpen(open) if open.watchdog.status() == Watchdog::Okay)
    }

    /// The peer's capabilities, once its CER was accepted (kept after close, for the log).
    pub fn peer(&self) -> Option<&PeerInfo> {
        match &self.state {
            State::WaitCer { .. } => None,
            State::ROpen(open) => Some(&open.peer),
            State::Closing(closing) => Some(&closing.peer),
            State::Closed(closed) => closed.peer.as_ref(),
        }
    }

    /// Why the connection closed, once it has.
    pub fn close_reason(&self) -> Option<CloseReason> {
        match &self.state {
            State::Closed(closed) => Some(closed.reason),
            _ => None,
        }
    }

    /// The shared configuration.
    pub fn config(&self) -> &PeerConfig {
        &self.config
    }

    /// Identifiers for a request this node sends on this connection. The engine takes the ids
    /// of its own requests (CLR, IDR ...) here too, so that they never collide with a DWR or
    /// DPR, and matches their answers ([`Dispatch::Answer`]) by the hop-by-hop id.
    pub fn next_request_ids(&mut self) -> RequestIds {
        let ids = RequestIds { hop_by_hop: self.hop_by_hop, end_to_end: self.end_to_end };
        self.hop_by_hop = self.hop_by_hop.wrapping_add(1);
        self.end_to_end = self.end_to_end.wrapping_add(1);
        ids
    }

    /// When [`handle_timeout`](Self::handle_timeout) is next due: the CER deadline, the
    /// watchdog (Tw), or the end of closing; `None` once closed.
    pub fn poll_timeout(&self) -> Option<Instant> {
        match &self.state {
            State::WaitCer { deadline } => Some(*deadline),
            State::ROpen(open) => Some(open.watchdog.deadline()),
            State::Closing(closing) => Some(closing.deadline),
            State::Closed(_) => None,
        }
    }

    /// Handles one received message; answers and refusals go into `out`.
    pub fn handle_message(
        &mut self,
        now: Instant,
        msg: &Message<'_>,
        out: &mut BytesMut,
    ) -> Dispatch {
        let code = msg.header.code;
        let request = msg.is_request();
        match &mut self.state {
            State::Closed(closed) => return Dispatch::Close(closed.reason),
            State::WaitCer { .. } => {
                if request && code == CommandCode::CAPABILITIES_EXCHANGE {
                    return self.accept_cer(now, msg, out);
                }
                // RFC 6733 §5.6.1: "SHOULD close and discard the connection if any message
                // other than CER arrives". No answer: the peer has not said who it is.
                let reason = CloseReason::new(Initiator::Local, CloseCause::NotCer(code));
                return Dispatch::Close(self.close(reason));
            }
            // RFC 3539 OnReceive: any message from the peer shows it is alive.
            State::ROpen(open) => {
                let dwa = !request && code == CommandCode::DEVICE_WATCHDOG;
                open.watchdog.on_receive(now, dwa);
            }
            // The RFC 6733 §5.6 Closing state still processes what arrives ("I-Rcv-Message,
            // Process"): answers to the requests in flight, and requests sent before the peer
            // saw our DPR.
            State::Closing(_) => {}
        }
        if request { self.handle_request(now, msg, out) } else { self.handle_answer(msg) }
    }

    /// Handles the timer returned by [`poll_timeout`](Self::poll_timeout); harmless when called
    /// early. Writes a DWR into `out` when the watchdog sends one. `Some` means: write `out`,
    /// then close.
    #[must_use]
    pub fn handle_timeout(&mut self, now: Instant, out: &mut BytesMut) -> Option<CloseReason> {
        match &mut self.state {
            State::WaitCer { deadline } if now >= *deadline => {
                Some(self.close(CloseReason::new(Initiator::Local, CloseCause::CerTimeout)))
            }
            State::ROpen(open) if now >= open.watchdog.deadline() => {
                match open.watchdog.on_expiry(now) {
                    Expiry::Nothing => None,
                    Expiry::SendDwr => {
                        let ids = self.next_request_ids();
                        let osi = self.config.local().origin_state_id;
                        dwr(out, ids, &self.config.origin(), Some(osi));
                        None
                    }
                    Expiry::Close => {
                        Some(self.close(CloseReason::new(Initiator::Local, CloseCause::Watchdog)))
                    }
                }
            }
            State::Closing(closing) if now >= closing.deadline => {
                let reason = match closing.awaiting {
                    Awaiting::Dpa { by, cause, .. } => {
                        CloseReason::new(by, CloseCause::DpaTimeout(cause))
                    }
                    Awaiting::PeerClose { cause } => {
                        CloseReason::new(Initiator::Remote, CloseCause::Disconnected(cause))
                    }
                };
                Some(self.close(reason))
            }
            _ => None,
        }
    }

    /// Starts an orderly disconnect (the RFC's Stop event): writes a DPR with `cause` into
    /// `out` and waits for its DPA ([`Timers::dpa`] at most). `by` is [`Initiator::Local`]
    /// (shutdown) or [`Initiator::Operator`]. Before the capabilities exchange there is nobody
    /// to tell: `Some` means close now. Already closing or closed: nothing more is sent.
    ///
    /// [`Timers::dpa`]: super::Timers::dpa
    #[must_use]
    pub fn start_disconnect(
        &mut self,
        now: Instant,
        cause: DisconnectCause,
        by: Initiator,
        out: &mut BytesMut,
    ) -> Option<CloseReason> {
        match &self.state {
            State::WaitCer { .. } => {
                Some(self.close(CloseReason::new(by, CloseCause::Disconnected(cause))))
            }
            State::ROpen(_) => {
                let ids = self.next_request_ids();
                dpr(out, ids, &self.config.origin(), cause.0);
                let awaiting = Awaiting::Dpa { by, cause, hop_by_hop: ids.hop_by_hop };
                self.enter_closing(awaiting, now + self.config.timers().dpa);
                None
            }
            State::Closing(_) => None,
            State::Closed(closed) => Some(closed.reason),
        }
    }

    /// The transport is gone (the peer closed it, or a read or write failed). Returns why, for
    /// the log: after a DPR/DPA exchange this is the orderly end, otherwise
    /// [`CloseCause::TransportClosed`].
    pub fn handle_transport_closed(&mut self) -> CloseReason {
        let reason = match &self.state {
            State::Closed(closed) => return closed.reason,
            State::Closing(Closing { awaiting: Awaiting::Dpa { by, cause, .. }, .. }) => {
                CloseReason::new(*by, CloseCause::Disconnected(*cause))
            }
            State::Closing(Closing { awaiting: Awaiting::PeerClose { cause }, .. }) => {
                CloseReason::new(Initiator::Remote, CloseCause::Disconnected(*cause))
            }
            State::WaitCer { .. } | State::ROpen(_) => {
                CloseReason::new(Initiator::Remote, CloseCause::TransportClosed)
            }
        };
        self.close(reason)
    }

    fn accept_cer(&mut self, now: Instant, msg: &Message<'_>, out: &mut BytesMut) -> Dispatch {
        match cer::process(&self.config, self.remote, msg, out) {
            CerOutcome::Accepted(peer) => {
                // RFC 3539 Appendix A: INITIAL, connection up: SetWatchdog, OKAY.
                let watchdog = WatchdogTimer::start(
                    now,
                    self.config.timers().watchdog,
                    Jitter::new(self.seed),
                );
                self.state = State::ROpen(Open { peer, watchdog });
                Dispatch::Opened
            }
            CerOutcome::Refused(code) => {
                let reason =
                    CloseReason::new(Initiator::Local, CloseCause::CapabilitiesRejected(code));
                Dispatch::Close(self.close(reason))
            }
        }
    }

    /// The engine refuses the peer it has just opened ([`Dispatch::Opened`]): its host is
    /// connected as often as it may (4003 DIAMETER_ELECTION_LOST, RFC 6733 §5.6.4: the
    /// connection already open wins), or its TLS certificate does not name its Origin-Host
    /// (3010, §13.1). Writes the CEA with `code` for the CER `msg` into `out`, where the caller
    /// has removed the CEA 2001 written before, and closes.
    pub fn refuse_open(
        &mut self,
        msg: &Message<'_>,
        out: &mut BytesMut,
        code: ResultCode,
    ) -> CloseReason {
        cea(out, msg, code, &self.config.capabilities());
        let cause = CloseCause::CapabilitiesRejected(code);
        self.close(CloseReason::new(Initiator::Local, cause))
    }

    /// A request in R-Open or Closing.
    fn handle_request(&mut self, now: Instant, msg: &Message<'_>, out: &mut BytesMut) -> Dispatch {
        match msg.header.code {
            // RFC 6733's §5.6 table has no event for a CER on an open connection (R-Conn-CER is
            // a CER on a *new* one; capabilities are updated with RFC 6737 CUR, not CER). The
            // exchange already made stays; the request is refused with 5012
            // DIAMETER_UNABLE_TO_COMPLY ("the message was well-formed but the receiver cannot
            // comply") and the connection stays up.
            CommandCode::CAPABILITIES_EXCHANGE => {
                cea(out, msg, ResultCode::UNABLE_TO_COMPLY, &self.config.capabilities());
                Dispatch::Handled
            }
            CommandCode::DEVICE_WATCHDOG => {
                let origin = self.config.origin();
                match check_base(msg, CommandCode::DEVICE_WATCHDOG) {
                    Ok(()) => {
                        let osi = self.config.local().origin_state_id;
                        dwa(out, msg, &origin, Some(osi));
                    }
                    Err(e) => {
                        error_answer(out, msg, &origin, &e);
                    }
                }
                Dispatch::Handled
            }
            CommandCode::DISCONNECT_PEER => self.answer_dpr(now, msg, out),
            _ => self.check_application_request(msg, out),
        }
    }

    /// R-Rcv-DPR: answer, then wait for the peer to close (RFC 6733 §5.4: "The receiver of the
    /// Disconnect-Peer-Answer message initiates the transport disconnect. The sender of the
    /// Disconnect-Peer-Answer message should be able to detect the transport closure and clean
    /// up the connection"), for [`Timers::disconnect_grace`] at most.
    ///
    /// [`Timers::disconnect_grace`]: super::Timers::disconnect_grace
    fn answer_dpr(&mut self, now: Instant, msg: &Message<'_>, out: &mut BytesMut) -> Dispatch {
        let origin = self.config.origin();
        let view = check_base(msg, CommandCode::DISCONNECT_PEER).and_then(|()| DprView::parse(msg));
        let cause = match view {
            Ok(view) => DisconnectCause(view.disconnect_cause),
            Err(e) => {
                // A malformed DPR is answered like any malformed request; nothing changes.
                error_answer(out, msg, &origin, &e);
                return Dispatch::Handled;
            }
        };
        dpa(out, msg, &origin);
        match self.state {
            // Both sides sent DPR, or the peer repeats itself: answered, keep waiting.
            State::Closing(_) => Dispatch::Handled,
            _ => {
                let grace = self.config.timers().disconnect_grace;
                if grace.is_zero() {
                    let reason =
                        CloseReason::new(Initiator::Remote, CloseCause::Disconnected(cause));
                    return Dispatch::Close(self.close(reason));
                }
                self.enter_closing(Awaiting::PeerClose { cause }, now + grace);
                Dispatch::Handled
            }
        }
    }

    /// An application request: refused here (3008, 3007, 3001, or the validation error with
    /// its Failed-AVP) or handed on, validated.
    fn check_application_request(&mut self, msg: &Message<'_>, out: &mut BytesMut) -> Dispatch {
        // R-Open and Closing always know their peer.
        let Some(peer) = self.peer() else {
            result_answer(out, msg, &self.config.origin(), ResultCode::UNABLE_TO_COMPLY);
            return Dispatch::Handled;
        };
        if check_application_request(&self.config, &peer.grant, msg, out) {
            Dispatch::Application
        } else {
            Dispatch::Handled
        }
    }

    /// An application request that another shard will check and handle (the engine's
    /// hand-off): counts as traffic for the watchdog, as [`handle_message`](Self::handle_message)
    /// would. False outside R-Open, where the request must go through
    /// [`handle_message`](Self::handle_message) instead.
    pub fn receive_for_handoff(&mut self, now: Instant) -> bool {
        match &mut self.state {
            State::ROpen(open) => {
                open.watchdog.on_receive(now, false);
                true
            }
            _ => false,
        }
    }

    /// An answer in R-Open or Closing.
    fn handle_answer(&mut self, msg: &Message<'_>) -> Dispatch {
        match msg.header.code {
            // The watchdog has seen it (DWA identifiers are not checked: a peer that gets them
            // wrong is still alive).
            CommandCode::DEVICE_WATCHDOG => Dispatch::Handled,
            CommandCode::DISCONNECT_PEER => match &self.state {
                State::Closing(Closing {
                    awaiting: Awaiting::Dpa { by, cause, hop_by_hop },
                    ..
                }) if *hop_by_hop == msg.header.hop_by_hop => {
                    let reason = CloseReason::new(*by, CloseCause::Disconnected(*cause));
                    Dispatch::Close(self.close(reason))
                }
                // An unsolicited DPA is ignored.
                _ => Dispatch::Handled,
            },
            // This node never sends CER: an unsolicited CEA is ignored.
            CommandCode::CAPABILITIES_EXCHANGE => Dispatch::Handled,
            _ => Dispatch::Answer,
        }
    }

    /// ROpen → Closing, keeping the peer's capabilities.
    fn enter_closing(&mut self, awaiting: Awaiting, deadline: Instant) {
        self.transition(|state| match state {
            State::ROpen(Open { peer, watchdog }) => {
                State::Closing(Closing { peer, watchdog: watchdog.status(), awaiting, deadline })
            }
            other => other,
        });
    }

    /// Any state → Closed; returns `reason` for the caller to pass on.
    fn close(&mut self, reason: CloseReason) -> CloseReason {
        self.transition(|state| {
            let peer = match state {
                State::WaitCer { .. } => None,
                State::ROpen(open) => Some(open.peer),
                State::Closing(closing) => Some(closing.peer),
                State::Closed(closed) => closed.peer,
            };
            State::Closed(Closed { reason, peer })
        });
        reason
    }

    /// Replaces the state by `f(state)`; `f` cannot fail, so no half-updated state is seen.
    fn transition(&mut self, f: impl FnOnce(State) -> State) {
        let state = std::mem::replace(&mut self.state, State::placeholder());
        self.state = f(state);
    }
}

/// The checks of an application request (`msg` must be a request): header bits (3008), not the
/// common application (3001), an application negotiated with the peer (3007), a command this
/// node serves (3001), the message against the command's ABNF (5xxx with Failed-AVP), and an
/// Origin-Host/Origin-Realm the peer may send (3010, [`Grant::check_origin`]). True when it
/// passed; otherwise its error answer is in `out`.
///
/// Pure: the peer's state is not needed beyond its `grant`, so another shard can run it on a
/// request handed to it.
pub fn check_application_request(
    config: &PeerConfig,
    grant: &Grant,
    msg: &Message<'_>,
    out: &mut BytesMut,
) -> bool {
    let origin = config.origin();
    let header = msg.header;
    if let Err(e) = msg.check_header_bits() {
        error_answer(out, msg, &origin, &e);
        return false;
    }
    let refuse = |out: &mut BytesMut, code| {
        result_answer(out, msg, &origin, code);
        false
    };
    // The common application carries only CER, DWR and DPR to the HSS; the session commands
    // (RAR, STR, ASR) and accounting are not served.
    if header.application == ApplicationId::COMMON {
        return refuse(out, ResultCode::COMMAND_UNSUPPORTED);
    }
    // RFC 6733 §5.3: the receiver "only issues commands to its peers that have advertised
    // support for the Diameter application that defines the command"; a request for an
    // application not negotiated is 3007 DIAMETER_APPLICATION_UNSUPPORTED (§7.1.3).
    if !grant.applications.contains(&header.application) {
        return refuse(out, ResultCode::APPLICATION_UNSUPPORTED);
    }
    // A command this node does not serve is 3001 DIAMETER_COMMAND_UNSUPPORTED (§7.1.3): one the
    // application's dictionary does not define, a base session command (RAR, STR, ASR) sent
    // with the application's id, or one the HSS itself sends (a CLR sent to the HSS).
    let Some(def) = config.request(header.application, header.code) else {
        return refuse(out, ResultCode::COMMAND_UNSUPPORTED);
    };
    if let Err(e) = validate(msg, def) {
        error_answer(out, msg, &origin, &e);
        return false;
    }
    match grant.check_origin(msg) {
        Ok(()) => true,
        Err(code) => refuse(out, code),
    }
}

/// Validates a base-protocol request against its ABNF.
fn check_base(msg: &Message<'_>, code: CommandCode) -> Result<(), MessageError> {
    match dict::command(ApplicationId::COMMON, code) {
        Some(def) => validate(msg, def),
        // The dictionary has every base command; the views still check what they read.
        None => msg.check_header_bits(),
    }
}
