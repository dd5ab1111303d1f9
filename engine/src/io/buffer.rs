//! A connection's receive buffer: owned (the kernel holds it during a read), appended to, and
//! compacted after each batch so the incomplete tail moves to the front.
//!
//! Invariant between reads: `buf[..buf.len()]` is the unparsed tail (less than one message) and
//! `buf.capacity() > buf.len()`, with room for the whole next message once its header is known.
//! Hot path: no allocation unless a message is larger than the buffer.
//!
//! Both kinds of buffer return to their configured size after a burst: one that grew past twice
//! that size is replaced by one of that size once it is empty (a read buffer with no tail, an
//! output buffer back from its write). Below twice, a buffer is kept as it is, so that messages
//! or batches a little over the size do not cost an allocation each.

use bytes::BytesMut;
use codec::{HEADER_LEN, Header};
use tokio_uring::buf::{BoundedBuf, Slice};

#[derive(Debug)]
pub(crate) struct ReadBuffer {
    buf: Vec<u8>,
    /// Capacity to return to after an unusually large message.
    initial: usize,
    /// The framing limit: the buffer grows for no message longer than this.
    limit: u32,
}

impl ReadBuffer {
    pub(crate) fn new(initial: usize, limit: u32) -> Self {
        let initial = initial.max(4 * HEADER_LEN);
        Self { buf: Vec::with_capacity(initial), initial, limit }
    }

    /// The framing limit now.
    pub(crate) fn limit(&self) -> u32 {
        self.limit
    }

    /// Changes the framing limit (raised once the connection is opened).
    pub(crate) fn set_limit(&mut self, limit: u32) {
        self.limit = limit;
    }

    /// The free part of the buffer, for a read that appends after the tail.
    pub(crate) fn take_for_read(&mut self) -> Slice<Vec<u8>> {
        let buf = std::mem::take(&mut self.buf);
        let filled = buf.len();
        buf.slice(filled..)
    }

    /// Takes the buffer back from a finished read (whose `len` now includes what was read).
    pub(crate) fn restore(&mut self, buf: Vec<u8>) {
        self.buf = buf;
    }

    /// Appends as much of `bytes` as the buffer has room for without growing, and says how
    /// much that was (0 when it is full: [`Self::consume`] makes room). For input that does not
    /// come from a read into the buffer itself (plaintext out of TLS, `tls_session.rs`).
    pub(crate) fn append(&mut self, bytes: &[u8]) -> usize {
        let n = bytes.len().min(self.buf.capacity() - self.buf.len());
        self.buf.extend_from_slice(&bytes[..n]);
        n
    }

    /// Bytes received and not yet consumed.
    pub(crate) fn filled(&self) -> &[u8] {
        &self.buf
    }

    /// Drops the first `n` bytes (complete messages), moves the tail to the front, and makes
    /// room for the next message.
    pub(crate) fn consume(&mut self, n: usize) {
        self.buf.drain(..n);
        if self.buf.is_empty() && self.buf.capacity() > 2 * self.initial {
            self.buf = Vec::with_capacity(self.initial);
        }
        // A header that does not parse, or announces more than the limit, is left for the
        // framer to report; the buffer does not grow for it.
        let next = match Header::parse(&self.buf) {
            Ok(Some(h)) if h.length <= self.limit => h.length as usize,
            _ => 0,
        };
        let need = next.max(self.buf.len() + 1);
        if self.buf.capacity() < need {
            self.buf.reserve_exact(need - self.buf.len());
        }
    }
}

/// Output buffers: the one being filled and, while a write is in flight, the one the kernel
/// holds. Swapping them avoids an allocation per write.
#[derive(Debug)]
pub(crate) struct WriteBuffers {
    /// Output not yet handed to a write.
    pub(crate) pending: BytesMut,
    /// An empty buffer returned by the last completed write, if not in use.
    spare: Option<BytesMut>,
    capacity: usize,
}

impl WriteBuffers {
    pub(crate) fn new(capacity: usize) -> Self {
        Self { pending: BytesMut::with_capacity(capacity), spare: None, capacity }
    }

    /// Takes everything pending for a write, leaving an empty buffer to fill meanwhile.
    pub(crate) fn take_pending(&mut self) -> BytesMut {
        let next = self.spare.take().unwrap_or_else(|| BytesMut::with_capacity(self.capacity));
        std::mem::replace(&mut self.pending, next)
    }

    /// Takes a buffer back from a finished write; one that grew past twice the configured
    /// capacity is dropped (the next write takes a new one of that capacity).
    pub(crate) fn give_back(&mut self, mut buf: BytesMut) {
        if buf.capacity() > 2 * self.capacity {
            return;
        }
        buf.clear();
        self.spare = Some(buf);
    }

    /// Bytes the buffers hold allocated now (pending and spare), for tests.
    #[cfg(test)]
    pub(crate) fn allocated(&self) -> usize {
        self.pending.capacity() + self.spare.as_ref().map_or(0, BytesMut::capacity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(len: u32) -> Vec<u8> {
        let mut h = vec![1, 0, 0, 0, 0x80, 0, 1, 0x18, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1];
        h[1..4].copy_from_slice(&len.to_be_bytes()[1..]);
        h
    }

    fn append(rb: &mut ReadBuffer, bytes: &[u8]) {
        let slice = rb.take_for_read();
        assert!(slice.bytes_total() >= bytes.len(), "room for the whole append");
        let mut buf = slice.into_inner();
        buf.extend_from_slice(bytes);
        rb.restore(buf);
    }

    #[test]
    fn keeps_the_tail_at_the_front() {
        let mut rb = ReadBuffer::new(256, 1 << 20);
        append(&mut rb, &[7; 30]);
        rb.consume(24);
        assert_eq!(rb.filled(), &[7; 6]);
        assert!(rb.take_for_read().bytes_total() > 0);
    }

    #[test]
    fn grows_for_a_large_message_up_to_the_limit_and_shrinks_after() {
        let mut rb = ReadBuffer::new(256, 4096);
        append(&mut rb, &header(2000));
        rb.consume(0);
        assert!(rb.take_for_read().get_ref().capacity() >= 2000);
        let mut rb2 = ReadBuffer::new(256, 4096);
        append(&mut rb2, &header(1 << 16));
        rb2.consume(0);
        assert!(rb2.buf.capacity() < 1 << 16, "never beyond the framing limit");
        let mut rb3 = ReadBuffer::new(256, 1 << 20);
        append(&mut rb3, &header(1 << 16));
        rb3.consume(0);
        let rest = vec![0; (1 << 16) - HEADER_LEN];
        append(&mut rb3, &rest);
        rb3.consume(1 << 16);
        assert!(rb3.buf.capacity() < 1 << 12, "back to the initial size once empty");
    }

    #[test]
    fn append_never_grows_the_buffer() {
        let mut rb = ReadBuffer::new(100, 1 << 20);
        let cap = rb.buf.capacity();
        assert_eq!(rb.append(&[1; 30]), 30);
        assert_eq!(rb.append(&vec![2; 2 * cap]), cap - 30);
        assert_eq!(rb.append(&[3]), 0, "full");
        assert_eq!(rb.buf.capacity(), cap);
    }

    #[test]
    fn a_raised_limit_lets_the_buffer_grow() {
        let mut rb = ReadBuffer::new(256, 1024);
        append(&mut rb, &header(4096));
        rb.consume(0);
        assert!(rb.buf.capacity() < 4096, "no growth for a message over the limit");
        rb.set_limit(1 << 20);
        rb.consume(0);
        assert!(rb.buf.capacity() >= 4096);
    }

    #[test]
    fn write_buffers_return_to_their_size_after_a_burst() {
        let mut wb = WriteBuffers::new(1024);
        let baseline = wb.allocated();
        wb.pending.extend_from_slice(&[1; 64 * 1024]);
        let burst = wb.take_pending();
        wb.give_back(burst);
        wb.pending.extend_from_slice(b"small");
        let small = wb.take_pending();
        wb.give_back(small);
        assert!(wb.allocated() <= 2 * baseline, "{} > 2 × {baseline}", wb.allocated());
        // Steady state: the same two buffers go round, no new allocation.
        for _ in 0..3 {
            wb.pending.extend_from_slice(&[2; 512]);
            let b = wb.take_pending();
            let at = b.as_ptr();
            wb.give_back(b);
            assert_eq!(wb.spare.as_ref().map(|s| s.as_ptr()), Some(at));
        }
    }

    #[test]
    fn write_buffers_swap_without_losing_output() {
        let mut wb = WriteBuffers::new(64);
        wb.pending.extend_from_slice(b"abc");
        let first = wb.take_pending();
        wb.pending.extend_from_slice(b"def");
        assert_eq!(&first[..], b"abc");
        wb.give_back(first);
        assert_eq!(&wb.take_pending()[..], b"def");
        assert!(wb.pending.is_empty());
    }
}
