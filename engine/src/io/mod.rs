//! The I/O layer: shards, listeners, connection drivers and timers.
//!
//! This is the only module that names the runtime (tokio-uring 0.5); the rest of the engine sees
//! [`start_shards`], [`ShardSet`] and the [`ConnectionHandler`] trait, so another io_uring runtime
//! (or plain per-core tokio) can replace it without touching protocol code.
//!
//! ```text
//!  ShardSet ──Control<C>──▶ shard thread 0 (pinned, own ring, own SO_REUSEPORT listener)
//!     │                        ├─ accept loop ─ spawns one driver per connection
//!     │                        └─ driver: read ▶ Frames ▶ handler.on_frame ▶ one write
//!     └──Control<C>──▶ shard thread 1 …
//! ```
//!
//! Hot path (`conn.rs`, `buffer.rs`): one clock read and one write per read batch, no allocation
//! per message, no lock, no logging. The handler decides everything about the protocol; the
//! driver only moves bytes, splits frames and keeps timers.
//!
//! # Control messages
//!
//! Every shard has an unbounded control channel ([`ShardHandle::send`], [`Control`]). It carries
//! [`Control::Shutdown`], [`Control::Connection`] (a value of the handler's own
//! [`ConnectionHandler::Command`] type for one connection, e.g. "send this CLR", delivered to
//! [`ConnectionHandler::on_command`] on the shard that owns the connection) and
//! [`Control::Call`] (a closure run on the shard thread, e.g. to drop a shard-local cache entry).
//! The layer itself sends [`Control::Adopt`]: a shard that accepts a connection while another
//! shard has fewer open hands the socket over before reading from it (`balance.rs`), so a
//! peer's few connections never crowd one shard.
//!
//! # Limits
//!
//! Every limit is a field of [`IoConfig`], with its default there:
//!
//! - connections (`admit.rs`): open connections in total, per remote address, and not yet
//!   [opened](ConnectionHandler::opened) (no capabilities exchange yet); over a cap the accepted
//!   socket is closed at once and counted in [`IoStats`]. The total is further held below the
//!   descriptor limit of the process, minus a reserve for the store (`fds.rs`).
//! - input (`conn.rs`, `buffer.rs`): the largest message, and a much smaller one until the
//!   handler says the connection is opened; the read buffer grows only for an announced message
//!   within the limit and shrinks back once empty.
//! - output (`conn.rs`): reads stop while the output waiting to be written is above a
//!   high-water mark, and while the requests the connection has waiting on other threads are
//!   at a limit ([`ConnectionHandler::outstanding`]); a connection whose output passes a hard
//!   cap, whose write makes no progress for a while, or that cannot flush what it must write
//!   before closing, is closed ([`ConnectionEnd::SlowReader`]).
//! - sockets (`listener.rs`): TCP keepalive and `TCP_USER_TIMEOUT`, inherited by every
//!   accepted socket from its listener.
//!
//! # TLS
//!
//! With [`IoConfig::tls`], every shard also listens on a second address for Diameter over
//! TLS/TCP (RFC 6733 §13; `tls.rs` builds the configuration from PEM files). Its connections
//! are counted, balanced and limited like the plain ones, and run the same driver with a TLS
//! layer between the socket and the buffers (`tls_session.rs`): the handshake completes before
//! the handler sees a byte ([`ConnectionHandler::on_tls_established`]), the framing limits
//! apply to the plaintext, and the handler's timer runs from the accept, so the CER timeout
//! bounds the handshake too.

mod admit;
mod balance;
mod buffer;
mod conn;
mod control;
mod fds;
mod input;
mod limits;
mod listener;
mod mailbox;
mod shard;
mod slots;
mod stats;
mod timer;
mod tls;
mod tls_session;

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::time::Instant;

use bytes::BytesMut;
use codec::FrameError;

pub use control::{Adoption, Control, ShardHandle};
pub use limits::IoConfig;
pub use shard::{ShardId, ShardSet, ShutdownError, start_shards, start_shards_with};
pub use stats::{IoStats, IoStatsReader};
pub use tls::{TlsError, TlsListen, server_config};

/// A shard handle with no shard behind it, for tests that drive handlers by hand: what is
/// sent to it is taken with the returned function, in order.
#[cfg(test)]
pub(crate) fn detached_shard<C>(
    id: ShardId,
) -> (ShardHandle<C>, impl FnMut() -> Option<Control<C>>) {
    let (tx, rx) = mailbox::mailbox();
    (ShardHandle { id, tx }, move || rx.try_recv())
}

/// What the driver does after a handler call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Flow {
    /// Keep reading.
    Continue,
    /// Stop reading, write what is in `out` (and anything queued before it), then close.
    CloseAfterWrite,
    /// Close at once; output not yet written is dropped.
    CloseNow,
}

/// Why a connection closed, passed to [`ConnectionHandler::on_close`] for the caller to log.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConnectionEnd {
    /// The peer closed its side: a read returned 0 bytes.
    PeerClosed,
    /// A read or a write failed.
    Io(io::Error),
    /// A header could not be trusted (RFC 6733 §3): the stream is out of step. Answers to the
    /// messages before it were still written.
    Frame(FrameError),
    /// The TLS layer failed (RFC 6733 §13): a failed handshake (no client certificate, one
    /// that does not verify, not TLS at all) or a record that does not decrypt. The alert
    /// rustls queued was still written.
    Tls(rustls::Error),
    /// The handler returned [`Flow::CloseAfterWrite`] or [`Flow::CloseNow`].
    Handler,
    /// The shard set is shutting down.
    Shutdown,
    /// The handler or the driver panicked (contained: `crate::panics`).
    Panic,
    /// The peer does not read what is written to it (see [`Stall`]); output not yet written
    /// is dropped.
    SlowReader(Stall),
}

/// How a peer that does not read was found out ([`ConnectionEnd::SlowReader`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stall {
    /// The output waiting to be written passed [`IoConfig::max_output`] (answers from other
    /// threads, or requests this node sends, kept coming while the peer did not read).
    OutputFull,
    /// A write made no progress for [`IoConfig::write_stall`].
    NoProgress,
    /// The connection was to close once its output was written, and that did not happen
    /// within [`IoConfig::close_timeout`].
    CloseTimeout,
}

impl fmt::Display for ConnectionEnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PeerClosed => f.write_str("closed by the peer"),
            Self::Io(e) => write!(f, "I/O error: {e}"),
            Self::Frame(e) => write!(f, "framing error: {e}"),
            Self::Tls(e) => write!(f, "TLS: {e}"),
            Self::Handler => f.write_str("closed by the handler"),
            Self::Shutdown => f.write_str("shutting down"),
            Self::Panic => f.write_str("a panic while serving it"),
            Self::SlowReader(stall) => write!(f, "the peer does not read: {stall}"),
        }
    }
}

impl fmt::Display for Stall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::OutputFull => "output over its limit",
            Self::NoProgress => "no write progress in time",
            Self::CloseTimeout => "closing output not flushed in time",
        })
    }
}

/// Identifies one connection for its whole life: the shard that owns it and a sequence number
/// unique within that shard. Routes [`Control::Connection`] messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnId {
    shard: ShardId,
    seq: u64,
}

impl ConnId {
    /// A connection id for tests that drive a handler without the I/O layer.
    #[cfg(test)]
    pub(crate) fn new(shard: ShardId, seq: u64) -> Self {
        Self { shard, seq }
    }

    /// The shard that owns the connection.
    pub fn shard(self) -> ShardId {
        self.shard
    }

    /// The connection's number within its shard, starting at 1.
    pub fn seq(self) -> u64 {
        self.seq
    }
}

/// What a handler factory learns about a new connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnInfo {
    /// This connection's identifier.
    pub id: ConnId,
    /// The remote address.
    pub peer: SocketAddr,
    /// The listening address it was accepted on.
    pub local: SocketAddr,
}

/// The protocol side of one connection, driven by the I/O layer (sans-I/O: no socket, no clock).
///
/// All calls happen on the connection's shard thread, one at a time. Output goes into `out`;
/// everything a call (and every other call handling the same read batch) puts there is written
/// in one write (submitted again for whatever a partial write left). What a handler appends
/// counts against [`IoConfig::max_output`]: a peer that does not read is closed rather than
/// buffered for without bound.
pub trait ConnectionHandler: 'static {
    /// A message another thread can send to this connection through
    /// [`Control::Connection`] / [`ShardSet::send_to`], e.g. an HSS-initiated request. Use `()`
    /// when there are none. A command for a connection that has gone is dropped, along with any
    /// reply channel it carries, which is how the sender finds out.
    type Command: Send + 'static;

    /// A read brought `frames` complete messages; their [`on_frame`](Self::on_frame) calls
    /// follow, then [`on_batch_end`](Self::on_batch_end). The count lets a handler decide, per
    /// read, whether it is falling behind (a large batch) before it handles the first one.
    fn on_batch_start(&mut self, frames: usize) {
        let _ = frames;
    }

    /// The TLS handshake of a connection accepted on the TLS listener completed (RFC 6733
    /// §13); called once, before the first [`on_frame`](Self::on_frame), never on a plain
    /// connection. `peer_certificates` is the chain the peer presented, its own certificate
    /// first, already verified against the client CA when one is configured (`None` when no
    /// certificate was asked for); a handler can hold the identity in it against the CER's
    /// Origin-Host (§13.1).
    fn on_tls_established(
        &mut self,
        peer_certificates: Option<&[rustls::pki_types::CertificateDer<'static>]>,
    ) {
        let _ = peer_certificates;
    }

    /// One complete Diameter message, exactly as long as its header says.
    fn on_frame(&mut self, frame: &[u8], now: Instant, out: &mut BytesMut) -> Flow;

    /// The batch announced by [`on_batch_start`](Self::on_batch_start) is done (also when a
    /// call returned something other than [`Flow::Continue`] or framing failed part-way).
    fn on_batch_end(&mut self, now: Instant, out: &mut BytesMut) -> Flow {
        let _ = (now, out);
        Flow::Continue
    }

    /// Called once `now` has reached [`next_timer`](Self::next_timer).
    fn on_timer(&mut self, now: Instant, out: &mut BytesMut) -> Flow;

    /// When [`on_timer`](Self::on_timer) should next be called; asked after every call.
    /// `on_timer` must move it past `now` (or to `None`), or it is called again at once.
    fn next_timer(&self) -> Option<Instant>;

    /// A command from another thread (see [`Command`](Self::Command)).
    fn on_command(&mut self, command: Self::Command, now: Instant, out: &mut BytesMut) -> Flow {
        let _ = (command, now, out);
        Flow::Continue
    }

    /// True once the peer has completed its capabilities exchange (for Diameter: its CER was
    /// accepted); asked after every call until it is true, never again after. Until then the
    /// connection counts against [`IoConfig::max_unopened`], and a message longer than
    /// [`IoConfig::max_unopened_message`] closes it (checked once per read, so a message read
    /// together with the one that opened the connection is still held to the smaller limit).
    /// The default, for handlers without such an exchange, is opened from the start.
    fn opened(&self) -> bool {
        true
    }

    /// Requests this connection's peer sent that are being served on other threads and not
    /// yet answered (for the HSS: deferred to the slow lane or handed to other shards); asked
    /// after every call. While it is at [`IoConfig::max_outstanding_per_connection`] the driver
    /// reads no more from the peer, until it falls to half of that. Work done on other
    /// threads usually ends with a [command](Self::on_command) bringing its answers, which is
    /// when the driver looks again; a count that falls without one is seen at the next call
    /// (the handler's timer at the latest). The default, for handlers that serve everything
    /// where it is read, is 0.
    fn outstanding(&self) -> usize {
        0
    }

    /// The connection is closing; no more calls follow.
    fn on_close(&mut self, reason: ConnectionEnd);
}
