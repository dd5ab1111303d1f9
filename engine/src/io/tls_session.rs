//! The TLS layer of one connection (RFC 6733 §13): between the socket and the driver's
//! buffers, sans-I/O.
//!
//! The driver (`conn.rs`) reads ciphertext into this session's own buffer and hands it to
//! [`TlsSession::on_read`], which feeds it to rustls and moves the plaintext into the
//! connection's [`ReadBuffer`], where it is framed and handed to the handler exactly as on a
//! plain connection: the same framing limits (the small pre-CER one included) apply to the
//! plaintext. Before writing, [`TlsSession::seal`] encrypts the handler's output and adds what
//! rustls has to send (handshake flights, alerts, `close_notify`) into the buffer the socket
//! write sends.
//!
//! The handshake comes first (§13: TLS on its own port is set up before the capabilities
//! exchange): no plaintext reaches the handler before it completes, and output the handler
//! produces meanwhile waits in the driver's output buffer, counted against its limits. The
//! handler exists from the accept on, so its timer (for Diameter, the CER timeout) also
//! bounds the handshake.
//!
//! Bounds: ciphertext is read at most [`CIPHERTEXT_READ`] bytes at a time; rustls holds at most
//! 16 KiB of decrypted plaintext before it is moved on; the read buffer grows only as the
//! framing limits allow, as on a plain connection; rustls keeps no output between two writes
//! once the handshake is done (everything it encrypts goes into the write buffer at once).

use std::io::{self, BufRead, Write};
use std::sync::Arc;
use std::time::Instant;

use bytes::{BufMut, BytesMut};
use rustls::{ServerConfig, ServerConnection};
use tokio_uring::buf::{BoundedBuf, Slice};

use super::buffer::ReadBuffer;
use super::input::handle_input;
use super::stats::ShardStats;
use super::{ConnectionEnd, ConnectionHandler, Flow};

/// Ciphertext read from the socket at once: one full TLS record (16 KiB of plaintext and the
/// record's overhead).
pub(crate) const CIPHERTEXT_READ: usize = 16 * 1024 + 2 * 1024;

/// One connection's TLS state and its ciphertext buffers.
pub(crate) struct TlsSession {
    conn: ServerConnection,
    /// The ciphertext read buffer (empty while a read holds it).
    read_buf: Vec<u8>,
    /// An empty ciphertext write buffer back from the last write, if not in use.
    spare: Option<BytesMut>,
    write_capacity: usize,
    /// The handshake completed and the handler was told.
    secured: bool,
    close_sent: bool,
}

impl std::fmt::Debug for TlsSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsSession").field("secured", &self.secured).finish_non_exhaustive()
    }
}

impl TlsSession {
    /// A session for a connection just accepted; `write_capacity` is the initial size of its
    /// ciphertext write buffer.
    pub(crate) fn new(
        config: Arc<ServerConfig>,
        write_capacity: usize,
    ) -> Result<Self, rustls::Error> {
        let mut conn = ServerConnection::new(config)?;
        // The driver bounds the output (`IoConfig::max_output`) and drains rustls's output
        // after every encryption; rustls's own limit would only make large writes fail.
        conn.set_buffer_limit(None);
        Ok(Self {
            conn,
            read_buf: Vec::with_capacity(CIPHERTEXT_READ),
            spare: None,
            write_capacity,
            secured: false,
            close_sent: false,
        })
    }

    /// The ciphertext buffer, emptied, for the next socket read.
    pub(crate) fn take_for_read(&mut self) -> Slice<Vec<u8>> {
        let mut buf = std::mem::take(&mut self.read_buf);
        buf.clear();
        if buf.capacity() < CIPHERTEXT_READ {
            buf.reserve_exact(CIPHERTEXT_READ);
        }
        buf.slice(0..)
    }

    /// Takes back the buffer of a finished read and handles the ciphertext it holds: the
    /// handshake, then plaintext to `input` and its frames to `handler`. An error is the reason
    /// to close, after writing what is queued (the alert rustls queued for a TLS error).
    pub(crate) fn on_read<H: ConnectionHandler>(
        &mut self,
        buf: Vec<u8>,
        input: &mut ReadBuffer,
        handler: &mut H,
        now: Instant,
        out: &mut BytesMut,
        stats: &ShardStats,
    ) -> Result<Flow, ConnectionEnd> {
        let result = self.feed(&buf, input, handler, now, out, stats);
        self.read_buf = buf;
        result
    }

    fn feed<H: ConnectionHandler>(
        &mut self,
        mut rest: &[u8],
        input: &mut ReadBuffer,
        handler: &mut H,
        now: Instant,
        out: &mut BytesMut,
        stats: &ShardStats,
    ) -> Result<Flow, ConnectionEnd> {
        loop {
            let before = rest.len();
            if !rest.is_empty() {
                match self.conn.read_tls(&mut rest) {
                    // After the peer's close_notify nothing more is read.
                    Ok(0) => rest = &[],
                    Ok(_) => {}
                    // The plaintext buffer is full: it is emptied below, then read again.
                    Err(e) if e.kind() == io::ErrorKind::Other => {}
                    Err(e) => return Err(ConnectionEnd::Io(e)),
                }
            }
            let state = self.conn.process_new_packets().map_err(ConnectionEnd::Tls)?;
            if !self.secured && !self.conn.is_handshaking() {
                self.secured = true;
                handler.on_tls_established(self.conn.peer_certificates());
            }
            let moved = state.plaintext_bytes_to_read();
            let verdict = self.drain(input, handler, now, out, stats)?;
            if verdict != Flow::Continue {
                return Ok(verdict);
            }
            if state.peer_has_closed() {
                return Err(ConnectionEnd::PeerClosed);
            }
            if rest.is_empty() {
                return Ok(Flow::Continue);
            }
            if rest.len() == before && moved == 0 {
                // rustls took nothing and gave nothing: it cannot be fed further.
                return Err(ConnectionEnd::Io(io::Error::other("TLS input not taken")));
            }
        }
    }

    /// Moves the plaintext rustls holds into `input`, handing complete frames to the handler
    /// whenever `input` is full and once at the end.
    fn drain<H: ConnectionHandler>(
        &mut self,
        input: &mut ReadBuffer,
        handler: &mut H,
        now: Instant,
        out: &mut BytesMut,
        stats: &ShardStats,
    ) -> Result<Flow, ConnectionEnd> {
        let mut fresh = false;
        let mut handled_when_full = false;
        loop {
            let mut reader = self.conn.reader();
            let n = match reader.fill_buf() {
                Ok(chunk) if !chunk.is_empty() => input.append(chunk),
                // Empty, closed, or closed without close_notify (the socket's end says so).
                _ => break,
            };
            reader.consume(n);
            if n > 0 {
                fresh = true;
                handled_when_full = false;
                continue;
            }
            if handled_when_full {
                // Framing makes room for every message within the limit; none was made.
                return Err(ConnectionEnd::Io(io::Error::other("no room for TLS plaintext")));
            }
            handled_when_full = true;
            fresh = false;
            let verdict =
                handle_input(input, handler, now, out, stats).map_err(ConnectionEnd::Frame)?;
            if verdict != Flow::Continue {
                return Ok(verdict);
            }
        }
        if !fresh {
            return Ok(Flow::Continue);
        }
        handle_input(input, handler, now, out, stats).map_err(ConnectionEnd::Frame)
    }

    /// Encrypts `pending` (once the handshake is done; until then it waits there) and adds
    /// what rustls has to send, a `close_notify` first when `closing`; the buffer for the next
    /// write, or `None` when there is nothing to write.
    pub(crate) fn seal(
        &mut self,
        pending: &mut BytesMut,
        closing: bool,
    ) -> io::Result<Option<BytesMut>> {
        if !self.conn.is_handshaking() {
            if !pending.is_empty() {
                self.conn.writer().write_all(pending)?;
                pending.clear();
            }
            if closing && !std::mem::replace(&mut self.close_sent, true) {
                self.conn.send_close_notify();
            }
        }
        if !self.conn.wants_write() {
            return Ok(None);
        }
        let mut buf =
            self.spare.take().unwrap_or_else(|| BytesMut::with_capacity(self.write_capacity));
        let mut writer = (&mut buf).writer();
        while self.conn.wants_write() {
            self.conn.write_tls(&mut writer)?;
        }
        Ok(Some(buf))
    }

    /// Takes a buffer back from a finished write; one that grew past twice the configured
    /// capacity is dropped.
    pub(crate) fn give_back(&mut self, mut buf: BytesMut) {
        if buf.capacity() <= 2 * self.write_capacity {
            buf.clear();
            self.spare = Some(buf);
        }
    }
}
