//! Splitting a byte stream into Diameter messages.
//!
//! One read may carry many messages and one message may span many reads. [`Frames`] walks a
//! buffer, yields each complete message and reports where the incomplete tail starts, so the
//! caller keeps the tail for the next read. A header that cannot be trusted (wrong version, a
//! length below 20 or not a multiple of 4, or above the limit) is a [`FrameError`]: the stream
//! is out of step and the connection must close.

use crate::error::FrameError;
use crate::header::{HEADER_LEN, Header};

/// Default upper bound for one message: generous for any HSS message, small enough to stop a
/// peer from making us buffer megabytes.
pub const DEFAULT_MAX_MESSAGE: u32 = 1 << 20;

/// Length of the complete message at the start of `buf`, `None` if more bytes are needed.
pub fn frame_len(buf: &[u8], max: u32) -> Result<Option<usize>, FrameError> {
    let Some(header) = Header::parse(buf)? else {
        return Ok(None);
    };
    if header.length > max {
        return Err(FrameError::TooLong { len: header.length, max });
    }
    let len = header.length as usize;
    Ok((buf.len() >= len).then_some(len))
}

/// Iterator over the complete messages at the front of a buffer.
#[derive(Debug, Clone)]
pub struct Frames<'a> {
    buf: &'a [u8],
    /// Invariant: `pos <= buf.len()`; everything before `pos` has been yielded.
    pos: usize,
    max: u32,
    failed: bool,
}

impl<'a> Frames<'a> {
    /// Walks `buf` with the default message size limit.
    pub fn new(buf: &'a [u8]) -> Self {
        Self::with_limit(buf, DEFAULT_MAX_MESSAGE)
    }

    /// Walks `buf`, refusing messages longer than `max` bytes.
    pub fn with_limit(buf: &'a [u8], max: u32) -> Self {
        Self { buf, pos: 0, max: max.max(HEADER_LEN as u32), failed: false }
    }

    /// Bytes consumed so far: the incomplete tail starts here once the iterator is exhausted.
    pub fn consumed(&self) -> usize {
        self.pos
    }

    /// The bytes not yet yielded.
    pub fn tail(&self) -> &'a [u8] {
        &self.buf[self.pos..]
    }
}

impl<'a> Iterator for Frames<'a> {
    type Item = Result<&'a [u8], FrameError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let rest = &self.buf[self.pos..];
        match frame_len(rest, self.max) {
            Ok(Some(len)) => {
                self.pos += len;
                Some(Ok(&rest[..len]))
            }
            Ok(None) => None,
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dwr(hbh: u8) -> Vec<u8> {
        let mut m = vec![1, 0, 0, 24, 0x80, 0, 1, 0x18, 0, 0, 0, 0, 0, 0, 0, hbh, 0, 0, 0, 1];
        m.extend_from_slice(&[0, 0, 1, 0x16]); // 4 bytes of junk body to reach 24
        m
    }

    #[test]
    fn splits_many_messages_and_keeps_the_tail() {
        let mut buf = Vec::new();
        for i in 0..3 {
            buf.extend(dwr(i));
        }
        buf.extend(&dwr(9)[..13]);
        let mut frames = Frames::new(&buf);
        let got: Vec<_> = frames.by_ref().map(Result::unwrap).collect();
        assert_eq!(got.len(), 3);
        assert_eq!(got[2][15], 2);
        assert_eq!(frames.consumed(), 72);
        assert_eq!(frames.tail().len(), 13);
    }

    #[test]
    fn one_message_over_many_reads() {
        let m = dwr(5);
        for cut in 0..m.len() {
            assert_eq!(frame_len(&m[..cut], DEFAULT_MAX_MESSAGE), Ok(None));
        }
        assert_eq!(frame_len(&m, DEFAULT_MAX_MESSAGE), Ok(Some(24)));
    }

    #[test]
    fn untrustworthy_lengths_stop_the_stream() {
        let mut m = dwr(1);
        m[3] = 200;
        assert_eq!(frame_len(&m, 100), Err(FrameError::TooLong { len: 200, max: 100 }));
        let mut frames = Frames::new(&[2u8; 40]);
        assert!(matches!(frames.next(), Some(Err(FrameError::BadVersion(2)))));
        assert!(frames.next().is_none());
    }
}
