//! The Diameter peer of one connection, HSS side: capabilities exchange, watchdog, disconnect.
//!
//! Sans-I/O: [`PeerConn`] takes decoded messages and `now`, writes what it sends (CEA, DWA,
//! DPA, DWR, DPR, protocol-error answers) into a caller-supplied buffer and says when it next
//! needs a timer. It reads no clock, owns no socket and never panics on network input; the
//! connection driver in `io` only moves bytes and calls it.
//!
//! The HSS never opens connections: it is always the responder of RFC 6733 §5.6, so only the
//! responder's states exist here, named as the RFC names them ([`PeerState`]):
//!
//! ```text
//!  state    event                                  action                 next state
//!  WaitCer  CER accepted                           CEA 2001               ROpen
//!  WaitCer  CER refused                            CEA 3010/5010/5xxx     Closed
//!  WaitCer  any other message, CER timer           (nothing)              Closed
//!  ROpen    DWR / request / answer                 DWA / check / -        ROpen
//!  ROpen    DPR                                    DPA                    Closing
//!  ROpen    Stop (start_disconnect)                DPR                    Closing
//!  ROpen    watchdog DOWN, transport lost          (nothing)              Closed
//!  Closing  DPA, peer closes, timer                (nothing)              Closed
//! ```
//!
//! `WaitCer` is the "logic separate from the state machine" of RFC 6733 §5.6.1 that accepts a
//! connection and awaits its CER; `ROpen` and `Closing` are the §5.6 states (R-Conn-CER moves
//! Closed to R-Open); the initiator states (Wait-Conn-Ack, Wait-I-CEA, I-Open, the election)
//! never occur. In `ROpen` the RFC 3539 watchdog runs ([`Watchdog`]).
//!
//! Who does what with a received message ([`Dispatch`]):
//! - CER, DWR, DPR and their answers are handled here.
//! - A request is checked here, once, so that handlers can build their views directly: header
//!   bits (3008), application negotiated in the CER (3007), a command this node serves
//!   ([`Served`], from the engine's application table: 3001 otherwise, a CLR sent *to* the
//!   HSS included), then the whole message against the command's ABNF (`codec::validate`:
//!   5001, 5004, 5005, 5008, 5009, 5014 ... with Failed-AVP). Any failure is answered here and
//!   the connection stays up; what passes is [`Dispatch::Application`].
//! - Answers to requests this node sent (CLA, IDA, RTA ...) are [`Dispatch::Answer`], for the
//!   engine to match by hop-by-hop identifier; the peer uses the identifiers from
//!   [`PeerConn::next_request_ids`] so that its own DWR and DPR never collide with them.
//!
//! Hot path (`conn.rs` for application requests and answers): one watchdog deadline update, a
//! dictionary lookup and one validation pass; no allocation, no clock read, no logging.

mod cer;
mod conn;
mod grant;
mod info;
mod local;
mod policy;
mod tls_identity;
mod watchdog;

#[cfg(test)]
pub(crate) mod tests;

use std::fmt;

pub use conn::{PeerConn, check_application_request};
pub use grant::{Grant, Origins, Plmns};
pub use info::PeerInfo;
pub use local::{LocalPeer, PeerConfig, PeerConfigError, Served, Timers};
pub use policy::{MAX_CONNECTIONS_PER_PEER, Network, PeerEntry, PeerPolicy, Role, plmns_of_realm};
pub use tls_identity::certificate_names;
pub use watchdog::Watchdog;

use codec::{CommandCode, ResultCode};

/// What the caller does with a message after [`PeerConn::handle_message`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Dispatch {
    /// Handled here; whatever it needed in reply is in `out`.
    Handled,
    /// The capabilities exchange succeeded: the CEA (2001) is in `out` and the peer is R-Open.
    /// The engine registers [`PeerConn::peer`]'s Origin-Host now (and decides what to do with
    /// an older connection from the same host).
    Opened,
    /// An application request that passed every check above: hand it to the application
    /// handlers, which write its answer.
    Application,
    /// An answer to a request this node sent: match it by hop-by-hop identifier.
    Answer,
    /// Write `out` (it may hold a last answer), then close the connection.
    Close(CloseReason),
}

/// Who caused a disconnect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Initiator {
    /// This node decided: watchdog, a refused CER, shutdown.
    Local,
    /// The peer: it sent DPR, or closed the transport.
    Remote,
    /// An operator asked through the control plane.
    Operator,
}

/// Why a connection closed (or is closing), and who caused it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CloseReason {
    pub initiator: Initiator,
    pub cause: CloseCause,
}

impl CloseReason {
    pub(crate) const fn new(initiator: Initiator, cause: CloseCause) -> Self {
        Self { initiator, cause }
    }
}

/// What ended a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CloseCause {
    /// The first message was not a CER; RFC 6733 §5.6.1: the logic handling incoming
    /// connections "SHOULD close and discard the connection if any message other than CER
    /// arrives". Nothing was answered.
    NotCer(CommandCode),
    /// No CER within [`Timers::cer`] (RFC 6733 §5.6.1, "an implementation-defined timer").
    CerTimeout,
    /// The CER was refused with a CEA carrying this Result-Code: 3010 (not on the allow-list),
    /// 5010 (no common application) or the validation error of a malformed CER.
    CapabilitiesRejected(ResultCode),
    /// A DPR/DPA exchange ended the connection in order; [`CloseReason::initiator`] says who
    /// sent the DPR ([`Initiator::Remote`]: "the peer asked").
    Disconnected(DisconnectCause),
    /// Our DPR got no DPA within [`Timers::dpa`].
    DpaTimeout(DisconnectCause),
    /// RFC 3539 §3.4.1: the watchdog went from SUSPECT to DOWN, no answer to DWR.
    Watchdog,
    /// The transport closed or failed without a DPR/DPA exchange.
    TransportClosed,
}

impl fmt::Display for CloseReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let by = match self.initiator {
            Initiator::Local => "local",
            Initiator::Remote => "remote",
            Initiator::Operator => "operator",
        };
        match self.cause {
            CloseCause::NotCer(code) => write!(f, "first message was {code:?}, not CER"),
            CloseCause::CerTimeout => f.write_str("no CER in time"),
            CloseCause::CapabilitiesRejected(rc) => write!(f, "CER refused with {rc:?}"),
            CloseCause::Disconnected(cause) if self.initiator == Initiator::Remote => {
                write!(f, "peer asked (DPR, {cause:?})")
            }
            CloseCause::Disconnected(cause) => write!(f, "{by} disconnect (DPR, {cause:?})"),
            CloseCause::DpaTimeout(cause) => write!(f, "{by} disconnect, no DPA ({cause:?})"),
            CloseCause::Watchdog => f.write_str("watchdog: no answer to DWR"),
            CloseCause::TransportClosed => write!(f, "transport closed ({by})"),
        }
    }
}

/// The peer-state-machine states a responder goes through (RFC 6733 §5.6), for reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeerState {
    /// Connection accepted, CER awaited (RFC 6733 §5.6.1, before R-Conn-CER).
    WaitCer,
    /// R-Open: capabilities exchanged, messages flow.
    ROpen,
    /// Closing: a DPR was sent and its DPA is awaited, or a DPR was answered and the peer is
    /// expected to close the transport (RFC 6733 §5.4).
    Closing,
    /// Closed: the caller closes (or has closed) the transport.
    Closed,
}

/// Disconnect-Cause (RFC 6733 §5.4.3), an open code space like every Enumerated.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DisconnectCause(pub u32);

impl DisconnectCause {
    /// 0: the node is restarting.
    pub const REBOOTING: Self = Self(0);
    /// 1: the node is too busy to talk to this peer.
    pub const BUSY: Self = Self(1);
    /// 2: the node does not want to talk to this peer again.
    pub const DO_NOT_WANT_TO_TALK_TO_YOU: Self = Self(2);

    /// The value's name when RFC 6733 defines one.
    pub fn name(self) -> Option<&'static str> {
        match self.0 {
            0 => Some("REBOOTING"),
            1 => Some("BUSY"),
            2 => Some("DO_NOT_WANT_TO_TALK_TO_YOU"),
            _ => None,
        }
    }
}

impl fmt::Debug for DisconnectCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n}({})", self.0),
            None => write!(f, "DisconnectCause({})", self.0),
        }
    }
}
