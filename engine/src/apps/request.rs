//! What a handler gets ([`Request`]) and what it returns ([`Handled`] or a [`Failure`]).

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use bytes::BytesMut;
use codec::build::{Origin, Outcome};
use codec::{Message, MessageError};
use store::auc::PlmnId;
use store::{RandSource, Store, StoreError, SubscriberKey};

use super::{AppSettings, Application};
use crate::outbound::Outbound;

/// This node as every handler sees it: its identity, its home network, the store, and each
/// application's settings. One per engine, shared by every thread that serves requests.
#[derive(Debug)]
pub struct Node {
    pub origin_host: String,
    pub origin_realm: String,
    /// The home network: a visited PLMN other than this is roaming.
    pub home_plmn: PlmnId,
    pub store: Arc<Store>,
    pub apps: AppSettings,
}

impl Node {
    /// Origin-Host and Origin-Realm, as the builders take them.
    pub fn origin(&self) -> Origin<'_> {
        Origin { host: &self.origin_host, realm: &self.origin_realm }
    }
}

/// Where a request is being served, which decides what a handler may do with a request whose
/// data is not in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// A shard, which must not wait for the disk: a handler may defer such a request
    /// ([`Handled::Deferred`]) to the slow lane.
    Shard,
    /// The slow lane (or a shard serving what the slow lane could not take): the handler
    /// answers, whatever it has to read or write.
    Slow,
}

/// One validated request and everything its handler may use.
pub struct Request<'a> {
    /// The request, checked against its command's ABNF.
    pub msg: &'a Message<'a>,
    pub node: &'a Node,
    /// The application whose route is being served (its store-error mapping).
    pub app: &'a Application,
    /// The wall clock, read once per batch of requests.
    pub now: SystemTime,
    /// RAND for vectors.
    pub rand: &'a mut dyn RandSource,
    /// Where the answer goes.
    pub out: &'a mut BytesMut,
    /// Requests the HSS must originate because of this one (CLR to a previous MME), sent by
    /// the engine once the answer is written.
    pub outbound: &'a mut Vec<Outbound>,
    pub lane: Lane,
}

impl Request<'_> {
    /// This node as Origin-Host/Origin-Realm.
    pub fn origin(&self) -> Origin<'_> {
        self.node.origin()
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.node.store
    }

    /// Whether the handler may defer a request whose data is not in memory.
    pub fn may_defer(&self) -> bool {
        self.lane == Lane::Shard
    }

    /// The failure a store error is answered with, by this request's application.
    pub fn store_failure(&self, err: &StoreError) -> Failure {
        Failure::Outcome((self.app.store_error)(err))
    }
}

/// What the thread serving requests lends each of them: the wall clock read once per batch,
/// its RAND source, and the queue of requests to originate (sent once the batch is served).
pub struct Serving<'a> {
    pub now: SystemTime,
    pub rand: &'a mut dyn RandSource,
    pub outbound: &'a mut Vec<Outbound>,
}

impl fmt::Debug for Serving<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Serving").field("now", &self.now).finish_non_exhaustive()
    }
}

impl fmt::Debug for Request<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("header", &self.msg.header)
            .field("app", &self.app.name)
            .field("lane", &self.lane)
            .finish_non_exhaustive()
    }
}

/// What a handler did with a request that it did not refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Handled {
    /// Its answer is in `out`.
    Answered,
    /// Nothing was written: serving it needs the store's cold path (a read, or an SQN
    /// reservation, which is a synced write). Only on [`Lane::Shard`].
    Deferred(Deferral),
}

/// What the slow lane must make ready before the request is served again: the subscriber's
/// cache entry, and `sqns` SQNs in its block. The lane does not read the request itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deferral {
    pub subscriber: SubscriberKey,
    /// SQN-using vectors the request asks for (0 when it needs only the cache entry).
    pub sqns: u32,
}

/// Why a handler refused a request; the dispatcher writes the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The command's answer with this outcome and nothing else (unknown user, roaming not
    /// allowed, unable to comply ...), written by the route's `refuse`.
    Outcome(Outcome),
    /// A message the application cannot use (a value out of range): the error answer with
    /// Error-Message and Failed-AVP.
    Invalid(MessageError),
}

impl From<MessageError> for Failure {
    fn from(e: MessageError) -> Self {
        Self::Invalid(e)
    }
}

impl From<Outcome> for Failure {
    fn from(o: Outcome) -> Self {
        Self::Outcome(o)
    }
}
