//! Requests the HSS originates (CLR today; IDR, DSR, RTR, PPR and PNR with the applications
//! that need them): one type, one encoder, one router, one pending-answer table.
//!
//! ```text
//!  handler (a ULR moves the subscriber) ─┐
//!  control port (POST .../detach) ───────┴─▶ Outbound ─▶ router: PeerTable by Destination-Host
//!      ─▶ Command::Send to the owning shard ─▶ the connection writes it (Outbound::encode) and
//!         keeps it in its PendingAnswers by hop-by-hop id ─▶ the answer (or the timeout, or
//!         the connection's end) settles it: counters by kind, and the sender's Reply if any
//! ```
//!
//! An application defines what it sends as a [`RequestBody`] (its builder call) in its own
//! module; nothing here or in `server/` names an application's builders. The kinds the HSS can
//! originate are listed in [`OutboundKind`] so that their counters exist from the start.
//! Routing is by Destination-Host among the connected peers; a request also carries its
//! Destination-Realm, so routing by realm through a relay (a DRA) can be added to the router
//! (`Services::send`) without changing the type.

mod peers;
mod pending;
pub(crate) mod stats;

use std::fmt;

use bytes::BytesMut;
use codec::build::{Destination, Origin, RequestIds};
use codec::view::AnswerResult;
use crossbeam::channel::{self, Receiver, Sender};

pub use peers::{Link, PeerRoute, PeerTable};
pub use pending::{Pending, PendingAnswers};
pub use stats::{KindStats, OutboundCounters, OutboundStats};

/// How long a request the HSS sent waits for its answer before it counts as unanswered; RFC
/// 6733 leaves the value to the node.
pub const ANSWER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The requests an HSS originates (TS 29.272, 29.228/29.229, 29.328/29.329, 29.273).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutboundKind {
    /// S6a Cancel-Location-Request.
    CancelLocation,
    /// S6a Insert-Subscriber-Data-Request.
    InsertSubscriberData,
    /// S6a Delete-Subscriber-Data-Request.
    DeleteSubscriberData,
    /// Cx/SWx Registration-Termination-Request.
    RegistrationTermination,
    /// Cx/SWx Push-Profile-Request.
    PushProfile,
    /// Sh Push-Notification-Request.
    PushNotification,
}

impl OutboundKind {
    /// Every kind, in counter order.
    pub const ALL: [OutboundKind; 6] = [
        OutboundKind::CancelLocation,
        OutboundKind::InsertSubscriberData,
        OutboundKind::DeleteSubscriberData,
        OutboundKind::RegistrationTermination,
        OutboundKind::PushProfile,
        OutboundKind::PushNotification,
    ];

    /// The kind's place in [`Self::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The request's abbreviation, lower case: the optional part of its Session-Id.
    pub const fn tag(self) -> &'static str {
        match self {
            OutboundKind::CancelLocation => "clr",
            OutboundKind::InsertSubscriberData => "idr",
            OutboundKind::DeleteSubscriberData => "dsr",
            OutboundKind::RegistrationTermination => "rtr",
            OutboundKind::PushProfile => "ppr",
            OutboundKind::PushNotification => "pnr",
        }
    }
}

/// What every outbound request starts with: identifiers from the connection that sends it, a
/// Session-Id this node made for it, this node, and the destination.
#[derive(Debug, Clone, Copy)]
pub struct Head<'a> {
    pub ids: RequestIds,
    pub session_id: &'a str,
    pub origin: Origin<'a>,
    pub destination: Destination<'a>,
}

/// The application's part of an outbound request: its kind and how to write it.
pub trait RequestBody: Send + fmt::Debug + 'static {
    /// What kind of request it is (for its counters and its Session-Id).
    fn kind(&self) -> OutboundKind;

    /// Writes the whole request into `out`, starting it from `head` (the application's
    /// builder does both).
    fn encode(&self, head: &Head<'_>, out: &mut BytesMut);
}

/// One request the HSS originates, on its way to the connection that sends it.
#[derive(Debug)]
pub struct Outbound {
    host: Box<str>,
    realm: Box<str>,
    body: Box<dyn RequestBody>,
    reply: Option<Reply>,
    /// Sends left, this one included (see [`Outbound::with_attempts`]).
    attempts: u8,
}

/// Most sends of one outbound request (the first and its retries).
pub const MAX_ATTEMPTS: u8 = 3;

impl Outbound {
    /// A request for `host` in `realm` (its Destination-Host and Destination-Realm).
    pub fn new(
        host: impl Into<Box<str>>,
        realm: impl Into<Box<str>>,
        body: impl RequestBody,
    ) -> Self {
        Self {
            host: host.into(),
            realm: realm.into(),
            body: Box::new(body),
            reply: None,
            attempts: 1,
        }
    }

    /// The same request, sent again (routed anew) when no answer comes within
    /// [`ANSWER_TIMEOUT`] or its connection closes first, up to `attempts` sends in all (at most
    /// [`MAX_ATTEMPTS`]). For requests nobody waits on (no [`Reply`]): a PNR to an AS. A
    /// request the connection refuses, or with no connection, is not retried (nothing would
    /// change at once).
    pub fn with_attempts(mut self, attempts: u8) -> Self {
        self.attempts = attempts.clamp(1, MAX_ATTEMPTS);
        self
    }

    /// The request to send again if this send gets no answer: itself with one attempt less,
    /// when it has attempts left. The caller keeps it only for a request nobody waits on.
    pub(crate) fn retry(mut self) -> Option<Self> {
        (self.attempts > 1).then(|| {
            self.attempts -= 1;
            self
        })
    }

    /// The same request, telling `reply` what becomes of it.
    pub fn with_reply(mut self, reply: Reply) -> Self {
        self.reply = Some(reply);
        self
    }

    /// Its kind.
    pub fn kind(&self) -> OutboundKind {
        self.body.kind()
    }

    /// Its Destination-Host: the peer it is routed to.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Writes the request: the one encoder of every kind.
    pub fn encode(
        &self,
        ids: RequestIds,
        session_id: &str,
        origin: Origin<'_>,
        out: &mut BytesMut,
    ) {
        let destination = Destination { host: &self.host, realm: &self.realm };
        self.body.encode(&Head { ids, session_id, origin, destination }, out);
    }

    /// Tells the sender what became of the request, if it asked.
    pub(crate) fn tell(&self, delivery: Delivery) {
        if let Some(reply) = &self.reply {
            reply.tell(delivery);
        }
    }

    /// Takes the reply, to keep with the pending answer once sent.
    pub(crate) fn take_reply(&mut self) -> Option<Reply> {
        self.reply.take()
    }
}

/// What became of an outbound request: [`Delivery::Sent`] then one of
/// [`Delivery::Answered`] / [`Delivery::NoAnswer`], or one final refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// No open connection reaches the destination host (or the engine has stopped).
    NotConnected,
    /// The connection was found but did not send it.
    NotSent(NotSent),
    /// Written to the connection.
    Sent,
    /// Its answer arrived, with this result (`None`: the answer had no readable result).
    Answered(Option<AnswerResult>),
    /// No answer within [`ANSWER_TIMEOUT`], or the connection closed first.
    NoAnswer,
}

/// Why a connection did not send a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotSent {
    /// Closing, or its watchdog is not OKAY (RFC 3539: use another connection, if any).
    PeerNotReady,
    /// Its pending-answer table is full ([`PendingAnswers::LIMIT`]).
    TooManyPending,
    /// It closed (or its shard stopped) before it handled the request.
    ConnectionGone,
}

/// Where the sender of an outbound request learns what became of it. Never blocks the
/// shard: the channel holds every event one request can produce.
#[derive(Debug, Clone)]
pub struct Reply(Sender<Delivery>);

impl Reply {
    /// A reply and the receiver its sender waits on.
    pub fn channel() -> (Self, Receiver<Delivery>) {
        // At most two events per request: Sent, then Answered or NoAnswer.
        let (tx, rx) = channel::bounded(2);
        (Self(tx), rx)
    }

    pub(crate) fn tell(&self, delivery: Delivery) {
        // A sender that stopped waiting has dropped the receiver: nobody to tell.
        let _ = self.0.try_send(delivery);
    }
}
