//! Control messages: what other threads can ask of a shard.
//!
//! Each shard has one unbounded mailbox; a [`ShardHandle`] sends to it from any thread and
//! wakes the shard's accept task, which handles the message between two I/O events.

use std::fmt;
use std::net::SocketAddr;

use super::admit::Ticket;
use super::mailbox::MailSender;
use super::{ConnId, ShardId};

/// A message for one shard, sent with [`ShardHandle::send`].
pub enum Control<C> {
    /// Stop accepting, close every connection (their handlers see [`ConnectionEnd::Shutdown`](super::ConnectionEnd::Shutdown))
    /// and end the shard's thread.
    Shutdown,
    /// Hand `command` to [`on_command`](super::ConnectionHandler::on_command) of connection `conn`; dropped if that
    /// connection is gone.
    Connection { conn: ConnId, command: C },
    /// Run a closure on the shard's thread, between two I/O events.
    Call(Box<dyn FnOnce(ShardId) + Send>),
    /// Serve a connection another shard accepted (sent by the I/O layer itself, which spreads
    /// connections over the shards; see `balance.rs`).
    Adopt(Adoption),
}

impl<C> fmt::Debug for Control<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Shutdown => f.write_str("Shutdown"),
            Self::Connection { conn, .. } => {
                f.debug_struct("Connection").field("conn", conn).finish()
            }
            Self::Call(_) => f.write_str("Call"),
            Self::Adopt(a) => f.debug_tuple("Adopt").field(a).finish(),
        }
    }
}

/// Sends control messages to one shard from any thread.
pub struct ShardHandle<C> {
    pub(crate) id: ShardId,
    pub(crate) tx: MailSender<Control<C>>,
}

impl<C> Clone for ShardHandle<C> {
    fn clone(&self) -> Self {
        Self { id: self.id, tx: self.tx.clone() }
    }
}

impl<C> fmt::Debug for ShardHandle<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ShardHandle").field("id", &self.id).finish_non_exhaustive()
    }
}

impl<C> ShardHandle<C> {
    /// The shard this handle reaches.
    pub fn id(&self) -> ShardId {
        self.id
    }

    /// Queues `msg` for the shard; gives it back if the shard has stopped.
    pub fn send(&self, msg: Control<C>) -> Result<(), Control<C>> {
        self.tx.send(msg)
    }
}

/// A socket accepted by one shard for another to serve, sent as [`super::Control::Adopt`].
/// It carries the connection's places in the shard set's counts (given back if the message is
/// dropped unserved).
pub struct Adoption {
    pub(crate) stream: std::net::TcpStream,
    pub(crate) peer: SocketAddr,
    pub(crate) ticket: Ticket,
    /// Accepted on the TLS listener.
    pub(crate) tls: bool,
}

impl fmt::Debug for Adoption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Adoption").field("peer", &self.peer).finish_non_exhaustive()
    }
}
