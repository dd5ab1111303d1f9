//! The connection driver: a thin loop between one TCP stream and its [`ConnectionHandler`].
//!
//! Hot path. Per read batch: one clock read, the frames handed to the handler one by one, one
//! `write_all` of everything they produced. No allocation per message, no lock, no logging; no
//! protocol decision lives here.
//!
//! The loop waits on four things at once: the read, the write, the shard's slot (commands and
//! shutdown) and the handler's timer. tokio-uring does not cancel an operation whose future is
//! dropped (the kernel keeps the buffer until the read completes), so the read and the write
//! are futures pinned in this function's frame and polled again on every turn: a timer firing
//! or a command arriving never drops a read that is waiting for the peer. At most one read and
//! one write are in flight; output produced while a write is in flight is collected and goes
//! out in the next single write.

use std::future::{Future, poll_fn};
use std::net::Shutdown;
use std::pin::pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::Poll;
use std::time::Instant;

use bytes::BytesMut;
use codec::{FrameError, Frames};
use tokio_uring::net::TcpStream;

use super::buffer::{ReadBuffer, WriteBuffers};
use super::slots::{ConnSlot, ShardConns};
use super::stats::{ShardStats, add};
use super::timer::Sleep;
use super::{ConnInfo, ConnectionEnd, ConnectionHandler, Flow};
use crate::panics::{Contained, Place, contain};

/// Buffer sizes and the framing limit, from [`super::IoConfig`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) read_buffer: usize,
    pub(crate) write_buffer: usize,
    pub(crate) max_message: u32,
}

impl Limits {
    /// Output waiting behind a write in flight beyond which no more is read from the peer, so a
    /// peer that does not read its answers cannot make us buffer without bound.
    fn high_water(&self) -> usize {
        4 * self.write_buffer
    }
}

/// The socket and its place among the shard's connections. Dropping it, at the end of the task or by a
/// panic in the handler, shuts the socket down and leaves the shard's connections, so neither the peer nor
/// a shutdown waiting for the shard to drain is left hanging.
struct Conn<C> {
    stream: TcpStream,
    conns: Rc<ShardConns<C>>,
    seq: u64,
}

impl<C> Drop for Conn<C> {
    fn drop(&mut self) {
        // A read or write abandoned by `drive` is still held by the kernel, and with it the
        // descriptor; shutting the socket down completes it now instead of when the peer sends.
        let _ = self.stream.shutdown(Shutdown::Both);
        self.conns.remove(self.seq);
    }
}

/// Runs one connection to its end: builds the handler, drives it, closes the socket.
pub(crate) async fn serve<H, F>(
    stream: TcpStream,
    info: ConnInfo,
    factory: Arc<F>,
    slot: Rc<ConnSlot<H::Command>>,
    conns: Rc<ShardConns<H::Command>>,
    limits: Limits,
    stats: Arc<ShardStats>,
) where
    H: ConnectionHandler,
    F: Fn(&ConnInfo) -> H,
{
    let conn = Conn { stream, conns, seq: info.id.seq };
    // Without TCP_NODELAY only latency suffers, so a failure here does not close the connection.
    let _ = conn.stream.set_nodelay(true);
    let mut handler = factory(&info);
    // A panic in the handler or the driver closes this connection only (`crate::panics`); its
    // `on_close` still runs so that the peer table and the gauges stay right.
    let driven = Contained::new(
        Place::Connection,
        drive(&conn.stream, &mut handler, &slot, &limits, &stats),
    );
    let reason = driven.await.unwrap_or(ConnectionEnd::Panic);
    add(&stats.closed, 1);
    contain(Place::Connection, || handler.on_close(reason));
}

enum Event<R, W> {
    Read(R),
    Written(W),
    Slot,
    Timer,
}

/// `None`, typed as the future `make` would return, to declare an operation slot before its
/// first operation exists.
fn idle<T, F: Future>(_make: impl FnOnce(T) -> F) -> Option<F> {
    None
}

async fn drive<H: ConnectionHandler>(
    stream: &TcpStream,
    handler: &mut H,
    slot: &ConnSlot<H::Command>,
    limits: &Limits,
    stats: &ShardStats,
) -> ConnectionEnd {
    let mut input = ReadBuffer::new(limits.read_buffer, limits.max_message);
    let mut output = WriteBuffers::new(limits.write_buffer);
    let mut timer = Sleep::default();
    let mut read = pin!(Some(stream.read(input.take_for_read())));
    let mut write = pin!(idle(|buf: BytesMut| stream.write_all(buf)));
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
            Poll::Pending
        })
        .await;
        let now = Instant::now();
        let out = &mut output.pending;
        let verdict = match event {
            Event::Written((result, buf)) => {
                write.set(None);
                output.give_back(buf);
                if let Err(e) = result {
                    return closing.unwrap_or(ConnectionEnd::Io(e));
                }
                Flow::Continue
            }
            Event::Read((result, buf)) => {
                read.set(None);
                input.restore(buf.into_inner());
                match result {
                    _ if closing.is_some() => Flow::Continue,
                    Ok(0) => {
                        closing = Some(ConnectionEnd::PeerClosed);
                        Flow::Continue
                    }
                    Ok(n) => {
                        add(&stats.reads, 1);
                        add(&stats.bytes_in, n as u64);
                        match handle_input(&mut input, handler, now, out, limits, stats) {
                            Ok(verdict) => verdict,
                            Err(e) => {
                                closing = Some(ConnectionEnd::Frame(e));
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
                    }
                }
                verdict
            }
            Event::Timer => match handler.next_timer() {
                Some(at) if closing.is_none() && at <= now => handler.on_timer(now, out),
                _ => Flow::Continue,
            },
        };
        match verdict {
            Flow::Continue => {}
            Flow::CloseAfterWrite => {
                closing.get_or_insert(ConnectionEnd::Handler);
            }
            Flow::CloseNow => return ConnectionEnd::Handler,
        }
        if write.is_none() && !output.pending.is_empty() {
            let buf = output.take_pending();
            add(&stats.writes, 1);
            add(&stats.bytes_out, buf.len() as u64);
            write.set(Some(stream.write_all(buf)));
        }
        if closing.is_some() {
            if write.is_none()
                && let Some(reason) = closing.take()
            {
                return reason;
            }
        } else if read.is_none() && output.pending.len() < limits.high_water() {
            read.set(Some(stream.read(input.take_for_read())));
        }
    }
}

/// Hands every complete message of the buffer to the handler and keeps the incomplete tail.
fn handle_input<H: ConnectionHandler>(
    input: &mut ReadBuffer,
    handler: &mut H,
    now: Instant,
    out: &mut BytesMut,
    limits: &Limits,
    stats: &ShardStats,
) -> Result<Flow, FrameError> {
    // Counting the complete frames first reads only their headers.
    let complete =
        Frames::with_limit(input.filled(), limits.max_message).take_while(Result::is_ok).count();
    if complete > 0 {
        handler.on_batch_start(complete);
    }
    let mut frames = Frames::with_limit(input.filled(), limits.max_message);
    let mut verdict = Flow::Continue;
    let mut count = 0;
    let mut error = None;
    for frame in frames.by_ref() {
        match frame {
            Ok(frame) => {
                count += 1;
                verdict = handler.on_frame(frame, now, out);
                if verdict != Flow::Continue {
                    break;
                }
            }
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    let consumed = frames.consumed();
    input.consume(consumed);
    add(&stats.frames, count);
    if complete > 0 {
        let end = handler.on_batch_end(now, out);
        if verdict == Flow::Continue {
            verdict = end;
        }
    }
    match error {
        Some(e) => Err(e),
        None => Ok(verdict),
    }
}
