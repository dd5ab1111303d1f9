//! The connection driver: a thin loop between one TCP stream and its [`ConnectionHandler`].
//!
//! Hot path. Per read batch: one clock read, the frames handed to the handler one by one, one
//! write of everything they produced. No allocation per message, no lock, no logging; no
//! protocol decision lives here.
//!
//! The loop waits on five things at once: the read, the write, the shard's slot (commands and
//! shutdown), the handler's timer and its own deadline (a write that makes no progress, a close
//! that cannot flush). tokio-uring does not cancel an operation whose future is dropped (the
//! kernel keeps the buffer until the read completes), so the read and the write are futures
//! pinned in this function's frame and polled again on every turn: a timer firing or a command
//! arriving never drops a read that is waiting for the peer. At most one read and one write are
//! in flight; output produced while a write is in flight is collected and goes out in the next
//! write.
//!
//! # A peer that does not read
//!
//! Reads stop while the output waiting behind the write in flight is above the high-water mark,
//! so the peer's own requests cannot pile answers up. What arrives from elsewhere (answers from
//! other threads, requests this node sends) still does; the connection is closed as a
//! [`ConnectionEnd::SlowReader`] when its output passes [`Limits::max_output`], when one write
//! submission stays without progress for [`Limits::write_stall`], or when a connection that is
//! closing cannot write what it must within [`Limits::close_timeout`]. The write is submitted
//! piece by piece (each completion that wrote part of the buffer submits the rest), so
//! "progress" is any byte the peer's window took. Those deadlines share one [`Sleep`], moved
//! only later while writes complete: it costs a timer registration per `write_stall` period,
//! not one per write.
//!
//! # A peer whose requests wait elsewhere
//!
//! Reads also stop while the requests of this connection being served on other threads (the
//! slow lane, other shards) are at [`Limits::max_outstanding`], and start again once answers
//! have brought them down to half of it ([`ConnectionHandler::outstanding`]). The peer's TCP
//! window then closes: a peer that floods requests needing the disk is slowed down alone.
//!
//! # TLS
//!
//! A connection accepted on the TLS listener (RFC 6733 §13) runs the same loop with a
//! [`TlsSession`] between the socket and the buffers ([`Transport::Tls`]): reads fill the
//! session's ciphertext buffer and the plaintext goes on to the same [`ReadBuffer`]; the
//! handler's output is encrypted into the buffer the write sends. A plain connection only
//! pays for a match on [`Transport::Plain`].

use std::future::{Future, poll_fn};
use std::net::Shutdown;
use std::pin::pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::Poll;
use std::time::Instant;

use bytes::BytesMut;
use rustls::ServerConfig;
use tokio_uring::buf::{BoundedBuf, Slice};
use tokio_uring::net::TcpStream;

use super::admit::Ticket;
use super::buffer::{ReadBuffer, WriteBuffers};
use super::input::handle_input;
use super::limits::Limits;
use super::slots::{ConnSlot, ShardConns};
use super::stats::{ShardStats, add};
use super::timer::Sleep;
use super::tls_session::TlsSession;
use super::{ConnInfo, ConnectionEnd, ConnectionHandler, Flow, Stall};
use crate::panics::{Contained, Place, contain};

/// The socket, its place among the shard's connections and in the shard set's counts. Dropping
/// it, at the end of the task or by a panic in the handler, shuts the socket down, leaves the
/// shard's connections and gives the connection's places back, so neither the peer nor a
/// shutdown waiting for the shard to drain is left hanging.
struct Conn<C> {
    stream: TcpStream,
    conns: Rc<ShardConns<C>>,
    seq: u64,
    ticket: Ticket,
}

impl<C> Drop for Conn<C> {
    fn drop(&mut self) {
        // A read or write abandoned by `drive` is still held by the kernel, and with it the
        // descriptor; shutting the socket down completes it now instead of when the peer sends.
        let _ = self.stream.shutdown(Shutdown::Both);
        self.conns.remove(self.seq);
    }
}

/// What a connection's driver is given besides its socket.
pub(crate) struct Serve<F, C> {
    pub(crate) info: ConnInfo,
    pub(crate) factory: Arc<F>,
    pub(crate) slot: Rc<ConnSlot<C>>,
    pub(crate) conns: Rc<ShardConns<C>>,
    pub(crate) ticket: Ticket,
    pub(crate) limits: Limits,
    pub(crate) stats: Arc<ShardStats>,
    /// The TLS configuration when the connection came in on the TLS listener.
    pub(crate) tls: Option<Arc<ServerConfig>>,
}

/// What lies between the socket and the driver's buffers.
enum Transport {
    /// Nothing: the buffers are read into and written from directly.
    Plain,
    /// TLS (RFC 6733 §13).
    Tls(Box<TlsSession>),
}

/// Runs one connection to its end: builds the handler, drives it, closes the socket.
pub(crate) async fn serve<H, F>(stream: TcpStream, with: Serve<F, H::Command>)
where
    H: ConnectionHandler,
    F: Fn(&ConnInfo) -> H,
{
    let Serve { info, factory, slot, conns, ticket, limits, stats, tls } = with;
    let mut conn = Conn { stream, conns, seq: info.id.seq, ticket };
    // Without TCP_NODELAY only latency suffers, so a failure here does not close the connection.
    let _ = conn.stream.set_nodelay(true);
    let mut handler = factory(&info);
    let transport = match tls {
        None => Ok(Transport::Plain),
        Some(config) => TlsSession::new(config, limits.write_buffer)
            .map(|session| Transport::Tls(Box::new(session))),
    };
    let reason = match transport {
        // A panic in the handler or the driver closes this connection only (`crate::panics`);
        // its `on_close` still runs so that the peer table and the gauges stay right.
        Ok(transport) => Contained::new(
            Place::Connection,
            drive(&conn.stream, transport, &mut handler, &slot, &mut conn.ticket, &limits, &stats),
        )
        .await
        .unwrap_or(ConnectionEnd::Panic),
        Err(e) => ConnectionEnd::Tls(e),
    };
    add(&stats.closed, 1);
    if matches!(reason, ConnectionEnd::SlowReader(_)) {
        add(&stats.slow_readers, 1);
    }
    contain(Place::Connection, || handler.on_close(reason));
}

enum Event<R, W> {
    Read(R),
    Written(W),
    Slot,
    Timer,
    Deadline,
}

/// `None`, typed as the future `make` would return, to declare an operation slot before its
/// first operation exists.
fn idle<T, F: Future>(_make: impl FnOnce(T) -> F) -> Option<F> {
    None
}

/// The write side's state besides the operation itself.
#[derive(Debug, Default)]
struct Writing {
    /// When the submission in flight was made (`None`: no write in flight).
    since: Option<Instant>,
    /// Bytes of the buffer the write in flight holds (all of it until it completes).
    held: usize,
    /// Set once the connection is to close: the output must be written by then.
    close_by: Option<Instant>,
}

impl Writing {
    /// The earliest of the write's progress deadline and the close deadline.
    fn deadline(&self, limits: &Limits) -> Option<Instant> {
        match (self.since.map(|t| t + limits.write_stall), self.close_by) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Why the connection must end at `now`, if a deadline has passed.
    fn overdue(&self, now: Instant, limits: &Limits) -> Option<Stall> {
        if self.close_by.is_some_and(|at| at <= now) {
            Some(Stall::CloseTimeout)
        } else if self.since.is_some_and(|at| at + limits.write_stall <= now) {
            Some(Stall::NoProgress)
        } else {
            None
        }
    }
}

/// Whether reads are held back because too many of the peer's requests wait on other
/// threads ([`Limits::max_outstanding`]): set at the limit, cleared at the low-water mark.
#[derive(Debug, Default)]
struct Held(bool);

impl Held {
    /// Whether to keep from reading with `outstanding` requests waiting elsewhere; counts each
    /// pause.
    fn check(&mut self, outstanding: usize, limits: &Limits, stats: &ShardStats) -> bool {
        if self.0 {
            self.0 = outstanding > limits.resume_outstanding();
        } else if outstanding >= limits.max_outstanding {
            self.0 = true;
            add(&stats.outstanding_paused, 1);
        }
        self.0
    }
}

async fn drive<H: ConnectionHandler>(
    stream: &TcpStream,
    mut transport: Transport,
    handler: &mut H,
    slot: &ConnSlot<H::Command>,
    ticket: &mut Ticket,
    limits: &Limits,
    stats: &ShardStats,
) -> ConnectionEnd {
    let mut input = ReadBuffer::new(limits.read_buffer, limits.max_unopened_message);
    let mut opened = false;
    if handler.opened() {
        opened = true;
        ticket.opened();
        input.set_limit(limits.max_message);
    }
    let mut output = WriteBuffers::new(limits.write_buffer);
    let mut timer = Sleep::default();
    let mut deadline = Sleep::default();
    let mut writing = Writing::default();
    let mut held = Held::default();
    let mut read = pin!(Some(stream.read(match &mut transport {
        Transport::Plain => input.take_for_read(),
        Transport::Tls(tls) => tls.take_for_read(),
    })));
    let mut write = pin!(idle(|buf: Slice<BytesMut>| stream.write(buf).submit()));
    // Set once the connection is to close: no more reads or handler calls, only the writes of
    // what is already queued.
    let mut closing: Option<ConnectionEnd> = None;
    loop {
        timer.set(if closing.is_none() { handler.next_timer() } else { None });
        let event = poll_fn(|cx| {
            if let Some(op) = write.as_mut().as_pin_mut()
                && let Poll::Ready(done) = op.poll(cx)
            {
                return Poll::Ready(Event::Written(done));
            }
            if let Some(op) = read.as_mut().as_pin_mut()
                && let Poll::Ready(done) = op.poll(cx)
            {
                return Poll::Ready(Event::Read(done));
            }
            if slot.poll_work(cx).is_ready() {
                return Poll::Ready(Event::Slot);
            }
            if timer.poll_expired(cx).is_ready() {
                return Poll::Ready(Event::Timer);
            }
            if deadline.poll_expired(cx).is_ready() {
                return Poll::Ready(Event::Deadline);
            }
            Poll::Pending
        })
        .await;
        let now = Instant::now();
        let out = &mut output.pending;
        let verdict = match event {
            Event::Written((result, buf)) => {
                write.set(None);
                match result {
                    Ok(n) if n > 0 && n < buf.bytes_init() => {
                        // Part of it went: submit the rest (progress, so a new stall period).
                        writing.since = Some(now);
                        write.set(Some(stream.write(buf.slice(n..)).submit()));
                    }
                    Ok(n) if n > 0 => {
                        writing.since = None;
                        writing.held = 0;
                        match &mut transport {
                            Transport::Plain => output.give_back(buf.into_inner()),
                            Transport::Tls(tls) => tls.give_back(buf.into_inner()),
                        }
                    }
                    Ok(_) => return closing.unwrap_or(ConnectionEnd::Io(write_zero())),
                    Err(e) => return closing.unwrap_or(ConnectionEnd::Io(e)),
                }
                Flow::Continue
            }
            Event::Read((result, buf)) => {
                read.set(None);
                let buf = buf.into_inner();
                let tls = match &mut transport {
                    Transport::Plain => {
                        input.restore(buf);
                        None
                    }
                    Transport::Tls(tls) => Some((tls, buf)),
                };
                match result {
                    _ if closing.is_some() => Flow::Continue,
                    Ok(0) => {
                        closing = Some(ConnectionEnd::PeerClosed);
                        Flow::Continue
                    }
                    Ok(n) => {
                        add(&stats.reads, 1);
                        add(&stats.bytes_in, n as u64);
                        let handled = match tls {
                            None => handle_input(&mut input, handler, now, out, stats)
                                .map_err(ConnectionEnd::Frame),
                            Some((tls, buf)) => {
                                tls.on_read(buf, &mut input, handler, now, out, stats)
                            }
                        };
                        match handled {
                            Ok(verdict) => verdict,
                            Err(end) => {
                                closing = Some(end);
                                Flow::Continue
                            }
                        }
                    }
                    Err(e) => return ConnectionEnd::Io(e),
                }
            }
            Event::Slot => {
                if slot.closing() {
                    return ConnectionEnd::Shutdown;
                }
                let mut verdict = Flow::Continue;
                while let Some(command) = slot.pop_command() {
                    // Once closing, commands are dropped, which tells their senders.
                    if closing.is_none() && verdict == Flow::Continue {
                        verdict = handler.on_command(command, now, out);
                        // Checked per command: a burst of them cannot grow the output further.
                        if writing.held + out.len() > limits.max_output {
                            return ConnectionEnd::SlowReader(Stall::OutputFull);
                        }
                    }
                }
                verdict
            }
            Event::Timer => match handler.next_timer() {
                Some(at) if closing.is_none() && at <= now => handler.on_timer(now, out),
                _ => Flow::Continue,
            },
            Event::Deadline => {
                if let Some(stall) = writing.overdue(now, limits) {
                    return ConnectionEnd::SlowReader(stall);
                }
                // Fired early (the write completed, or progressed, since it was set).
                deadline.set(writing.deadline(limits));
                Flow::Continue
            }
        };
        match verdict {
            Flow::Continue => {}
            Flow::CloseAfterWrite => {
                closing.get_or_insert(ConnectionEnd::Handler);
            }
            Flow::CloseNow => return ConnectionEnd::Handler,
        }
        if writing.held + output.pending.len() > limits.max_output {
            return ConnectionEnd::SlowReader(Stall::OutputFull);
        }
        if !opened && handler.opened() {
            opened = true;
            ticket.opened();
            input.set_limit(limits.max_message);
        }
        let next = match &mut transport {
            _ if write.is_some() => None,
            Transport::Plain => (!output.pending.is_empty()).then(|| output.take_pending()),
            Transport::Tls(tls) => match tls.seal(&mut output.pending, closing.is_some()) {
                Ok(next) => next,
                Err(e) => return closing.unwrap_or(ConnectionEnd::Io(e)),
            },
        };
        if let Some(buf) = next {
            add(&stats.writes, 1);
            add(&stats.bytes_out, buf.len() as u64);
            writing.since = Some(now);
            writing.held = buf.len();
            write.set(Some(stream.write(buf.slice_full()).submit()));
        }
        if closing.is_some() {
            if write.is_none()
                && let Some(reason) = closing.take()
            {
                return reason;
            }
            writing.close_by.get_or_insert(now + limits.close_timeout);
        } else if read.is_none()
            && output.pending.len() < limits.high_water
            && !held.check(handler.outstanding(), limits, stats)
        {
            read.set(Some(stream.read(match &mut transport {
                Transport::Plain => input.take_for_read(),
                Transport::Tls(tls) => tls.take_for_read(),
            })));
        }
        // Moved only later while writes go on; cleared when it fires with nothing to watch.
        if let Some(at) = writing.deadline(limits) {
            deadline.set(Some(at));
        }
    }
}

fn write_zero() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::WriteZero, "the socket took no byte of a write")
}
